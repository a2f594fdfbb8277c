//! Dust sources under the plan's dust measures: construction sites stop earthworks and the other
//! dusty operations unless guaranteed, aggregate yards and stone works stop open-air work, arterial
//! and dusty roads are washed twice more a day except in frost, stockpiles are covered, unsealed
//! haul vehicles stay off the road.
//!
//! Owns, for each level, the dust each source's response removes per county — with the washing
//! part apart, since frost cancels it hour by hour. Knows nothing of files.

use super::enterprises::EMITTED;
use crate::plan::schema::{Action, DustSource};
use crate::plan::{Level, Plan};

/// Kinds of dust source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DustKind {
    ConstructionSite,
    AggregateYard,
    StoneWorks,
    SlateWorks,
    RoadArterial,
    RoadOther,
    BulkStorage,
    HaulVehicles,
}

/// One row of the dust sources: a county's sources of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct DustRow {
    pub county: u16,
    pub kind: DustKind,
    /// Annual PM10 and PM2.5, t/yr.
    pub pm10: f64,
    pub pm25: f64,
    /// Share exempt as guaranteed key projects (§4.4.1.3).
    pub guaranteed_share: f64,
    /// Whether extra washing reduces it (roads).
    pub washable: bool,
}

/// How dust sources respond, from `behaviour.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct DustBehaviour {
    /// Share of sites and yards that do stop when told to.
    pub compliance: f64,
    /// Share of a construction site's dust that comes from the operations the plan stops.
    pub site_operations_share: f64,
    /// Share of a yard's dust that comes from open-air work.
    pub open_air_share: f64,
    /// Road dust removed by two extra washings a day.
    pub washing_reduction: f64,
    /// Stockpile dust removed by covering.
    pub covering_reduction: f64,
    /// Haul-vehicle dust removed by keeping unsealed vehicles off the road.
    pub haulage_reduction: f64,
    /// Washing is impossible at or below this temperature, °C.
    pub frost_c: f64,
}

/// The dust one level removes in a county, t/yr of each species: the part that holds in any
/// weather, and the washing part, which frost cancels.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DustCut {
    pub always: [f64; EMITTED],
    pub washing: [f64; EMITTED],
}

fn emitted(row: &DustRow, share: f64) -> [f64; EMITTED] {
    let mut e = [0.0; EMITTED];
    // EMITTED order: SO2, NOx, CO, VOCs, fine, coarse.
    e[4] = share * row.pm25;
    e[5] = share * (row.pm10 - row.pm25).max(0.0);
    e
}

/// Per level (yellow, orange, red) and county, the dust the measures remove.
pub fn reductions(
    plan: &Plan,
    rows: &[DustRow],
    counties: usize,
    behaviour: &DustBehaviour,
    on_paper: bool,
) -> [Vec<DustCut>; 3] {
    let comply = if on_paper { 1.0 } else { behaviour.compliance };
    Level::WARNINGS.map(|level| {
        let mut out = vec![DustCut::default(); counties];
        let actions: Vec<&Action> = plan
            .measures_at(level)
            .flat_map(|m| m.actions.iter())
            .collect();
        for row in rows {
            let mut always = 0.0;
            let mut washing = 0.0;
            for a in &actions {
                match (a, row.kind) {
                    (
                        Action::StopSiteOperations {
                            except_guaranteed, ..
                        },
                        DustKind::ConstructionSite,
                    ) => {
                        let exempt = if *except_guaranteed {
                            row.guaranteed_share
                        } else {
                            0.0
                        };
                        always = f64::max(
                            always,
                            behaviour.site_operations_share * (1.0 - exempt) * comply,
                        );
                    }
                    (Action::StopOpenAirWork { sources }, kind) => {
                        let covered = match kind {
                            DustKind::AggregateYard => sources.contains(&DustSource::AggregateYard),
                            DustKind::StoneWorks => sources.contains(&DustSource::StoneWorks),
                            DustKind::SlateWorks => sources.contains(&DustSource::SlateWorks),
                            _ => false,
                        };
                        if covered {
                            always = f64::max(always, behaviour.open_air_share * comply);
                        }
                    }
                    (Action::CoverStockpiles { .. }, DustKind::BulkStorage) => {
                        always = f64::max(always, behaviour.covering_reduction * comply);
                    }
                    (Action::BanUnsealedHaulage { .. }, DustKind::HaulVehicles) => {
                        always = f64::max(always, behaviour.haulage_reduction * comply);
                    }
                    (Action::RoadWashing { .. }, _) if row.washable => {
                        // Washing is the city's own work: it happens when ordered, frost permitting.
                        washing = behaviour.washing_reduction;
                    }
                    _ => {}
                }
            }
            let cut = &mut out[row.county as usize];
            for (t, v) in cut.always.iter_mut().zip(emitted(row, always)) {
                *t += v;
            }
            for (t, v) in cut.washing.iter_mut().zip(emitted(row, washing)) {
                *t += v;
            }
        }
        out
    })
}
