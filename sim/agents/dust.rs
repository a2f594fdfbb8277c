//! Dust sources under the plan's dust measures: construction sites stop earthworks and the other
//! dusty operations unless guaranteed, aggregate yards and stone works stop open-air work, arterial
//! and dusty roads are washed twice more a day except in frost, stockpiles are covered, unsealed
//! haul vehicles stay off the road.
//!
//! Owns, for each level, the dust each source's response removes per county — with the washing
//! part apart, since frost cancels it hour by hour. Knows nothing of files.

use super::enterprises::{COARSE, EMITTED, FINE};
use crate::plan::schema::{Action, DustSource};
use crate::plan::{Level, Plan};
pub use crate::world::behaviour::DustBehaviour;
pub use crate::world::dust::DustKind;

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
    /// Sources in the row (sites, yards, km of road, …).
    pub count: f64,
}

/// The dust one level removes in a county, t/yr of each species: the part that holds in any
/// weather, and the washing part, which frost cancels.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DustCut {
    pub always: [f64; EMITTED],
    pub washing: [f64; EMITTED],
}

fn emitted(row: &DustRow, share: f64) -> [f64; EMITTED] {
    emitted_by_size(row, share, share)
}

/// A row's emissions removed when `pm10_share` of its PM10 and `pm25_share` of its PM2.5 go.
fn emitted_by_size(row: &DustRow, pm10_share: f64, pm25_share: f64) -> [f64; EMITTED] {
    let mut e = [0.0; EMITTED];
    e[FINE] = pm25_share * row.pm25;
    e[COARSE] = (pm10_share * row.pm10 - pm25_share * row.pm25).max(0.0);
    e
}

/// Whether a stop of open-air work naming `sources` reaches sources of `kind`.
fn open_air_covered(sources: &[DustSource], kind: DustKind) -> bool {
    match kind {
        DustKind::AggregateYard => sources.contains(&DustSource::AggregateYard),
        DustKind::StoneWorks => sources.contains(&DustSource::StoneWorks),
        DustKind::SlateWorks => sources.contains(&DustSource::SlateWorks),
        _ => false,
    }
}

/// Per level (yellow, orange, red) and county, the dust the measures remove.
pub fn reductions(
    plan: &Plan,
    rows: &[DustRow],
    counties: usize,
    behaviour: &DustBehaviour,
    on_paper: bool,
) -> [Vec<DustCut>; 3] {
    let b = behaviour;
    let comply = |share: f64| if on_paper { 1.0 } else { share };
    Level::WARNINGS.map(|level| {
        let mut out = vec![DustCut::default(); counties];
        let actions: Vec<&Action> = plan
            .measures_at(level)
            .flat_map(|m| m.actions.iter())
            .collect();
        for row in rows {
            let mut always = 0.0;
            let mut washing = false;
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
                            b.site_stop_cut * (1.0 - exempt) * comply(b.site_compliance),
                        );
                    }
                    (Action::StopOpenAirWork { sources }, kind) => {
                        let covered = open_air_covered(sources, kind);
                        if covered {
                            always = f64::max(
                                always,
                                b.open_air_stop_cut * comply(b.open_air_compliance),
                            );
                        }
                    }
                    (Action::CoverStockpiles { .. }, DustKind::BulkStorage) => {
                        always = f64::max(always, b.covering_cut * comply(b.covering_compliance));
                    }
                    (Action::BanUnsealedHaulage { .. }, DustKind::HaulVehicles) => {
                        always =
                            f64::max(always, b.haul_unsealed_share * comply(b.haul_compliance));
                    }
                    (Action::RoadWashing { .. }, _) if row.washable => washing = true,
                    _ => {}
                }
            }
            let cut = &mut out[row.county as usize];
            for (t, v) in cut.always.iter_mut().zip(emitted(row, always)) {
                *t += v;
            }
            if washing {
                // Washing is the city's own work: done as ordered (frost permitting).
                let done = comply(b.washing_done);
                let removed =
                    emitted_by_size(row, b.washing_pm10_cut * done, b.washing_pm25_cut * done);
                for (t, v) in cut.washing.iter_mut().zip(removed) {
                    *t += v;
                }
            }
        }
        out
    })
}

/// Per level (yellow, orange, red) and county, the construction sites, yards and stone works
/// the measures stop: guaranteed key projects keep working.
pub fn stopped_sites(plan: &Plan, rows: &[DustRow], counties: usize) -> [Vec<f64>; 3] {
    Level::WARNINGS.map(|level| {
        let mut out = vec![0.0; counties];
        for row in rows {
            let mut stopped: f64 = 0.0;
            for a in plan.measures_at(level).flat_map(|m| m.actions.iter()) {
                let share = match (a, row.kind) {
                    (
                        Action::StopSiteOperations {
                            except_guaranteed, ..
                        },
                        DustKind::ConstructionSite,
                    ) => {
                        if *except_guaranteed {
                            1.0 - row.guaranteed_share
                        } else {
                            1.0
                        }
                    }
                    (Action::StopOpenAirWork { sources }, kind) => {
                        let covered = open_air_covered(sources, kind);
                        if covered { 1.0 } else { 0.0 }
                    }
                    _ => 0.0,
                };
                stopped = stopped.max(share);
            }
            out[row.county as usize] += row.count * stopped;
        }
        out
    })
}
