//! The planners' list check: what the emission-reduction list, the traffic and the dust measures
//! promise at each warning level if everyone complies fully ("on paper"), against §4.3's targets,
//! for the whole city and for each county, with what each sector contributes and how many firms
//! act under which rule.
//!
//! Owns the assembly of the check from a scenario's city and the period weights it is handed.
//! Knows nothing of how the result is printed, nor of the air model (the caller passes each
//! sector's emission rate in the period of interest).

use std::collections::BTreeMap;

use super::accounting::{Assessment, assess, plan_pollutants};
use super::city::{CityAgents, SectorIndex};
use super::enterprises::EMITTED;
use super::from_world::{self, Basis};
use crate::plan::{Level, Plan, Targets};
use crate::world::counties::{Counties, POLLUTANTS, SECTORS, Sector, Species};
use crate::world::scenario::City;

/// The model species of a county's inventory row for one sector, t/yr.
fn species(counties: &Counties, c: usize, s: Sector) -> [f64; EMITTED] {
    let e = |sp: Species| counties.emission(c, s, sp);
    [
        e(Species::So2),
        e(Species::Nox),
        e(Species::Co),
        e(Species::Vocs),
        e(Species::Pm25),
        (e(Species::Pm10) - e(Species::Pm25)).max(0.0),
    ]
}

/// Emissions without the plan per county and sector (`[c * sectors + s]`), t/yr.
pub fn baseline(counties: &Counties) -> Vec<[f64; EMITTED]> {
    debug_assert_eq!(POLLUTANTS.len(), 7);
    (0..counties.len())
        .flat_map(|c| SECTORS.iter().map(move |s| (c, *s)))
        .map(|(c, s)| species(counties, c, s))
        .collect()
}

/// The agents' indices of the inventory sectors they act on.
pub fn sector_index() -> SectorIndex {
    SectorIndex {
        onroad: Sector::Onroad.index(),
        nonroad: Sector::Nonroad.index(),
        dust: Sector::Dust.index(),
        count: SECTORS.len(),
    }
}

/// The city's actors for a scenario's plan, counties and city files.
pub fn city_agents(plan: &Plan, counties: &Counties, city: &City) -> CityAgents {
    let specs = from_world::enterprise_specs(plan, &city.guide, &city.enterprises, counties);
    let behaviour = from_world::behaviour(&city.behaviour, plan, &city.guide, counties);
    CityAgents::new(
        plan,
        counties.len(),
        sector_index(),
        &specs,
        &from_world::vehicle_rows(&city.fleet),
        &from_world::dust_rows(&city.dust),
        behaviour,
    )
}

/// One level's check.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCheck {
    pub level: Level,
    pub targets: Targets,
    pub assessment: Assessment,
    /// Each sector's share of the city's removal, per plan pollutant (SO2, NOx, PM, VOCs), as
    /// a fraction of the city's emissions: the rows sum to the city's cut.
    pub by_sector: Vec<(Sector, [f64; 4])>,
    /// Listed firms by the rule that decides what they do, and how many of them must cut.
    pub firms: BTreeMap<&'static str, (usize, usize)>,
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Guide => "guide (B/C/D, non-leading)",
        Basis::Autonomous => "autonomous (A, leading)",
        Basis::PlanGuiding => "plan's guiding measures",
        Basis::Guaranteed => "guaranteed",
        Basis::SmallMicro => "small-and-micro relief",
    }
}

/// The check at every warning level for which the plan sets targets. `weights[s]` is sector
/// `s`'s emission rate in the period judged (the heating season) over its annual mean.
pub fn list_check(
    plan: &Plan,
    counties: &Counties,
    city: &City,
    weights: &[f64],
) -> Vec<LevelCheck> {
    let agents = city_agents(plan, counties, city);
    let emitted = baseline(counties);
    let n_sectors = SECTORS.len();
    Level::WARNINGS
        .iter()
        .filter_map(|&level| {
            let targets = plan.targets(level)?.clone();
            let removed = agents.on_paper(level);
            let assessment = assess(&removed, &emitted, weights, &targets);
            let by_sector = SECTORS
                .iter()
                .map(|&sector| {
                    let s = sector.index();
                    let mut r = [0.0; EMITTED];
                    for c in 0..counties.len() {
                        let k = c * n_sectors + s;
                        for (x, (v, e)) in r.iter_mut().zip(removed[k].iter().zip(&emitted[k])) {
                            *x += v.min(*e) * weights[s];
                        }
                    }
                    let r = plan_pollutants(&r);
                    let share = std::array::from_fn(|p| {
                        if assessment.emitted[p] > 0.0 {
                            r[p] / assessment.emitted[p]
                        } else {
                            0.0
                        }
                    });
                    (sector, share)
                })
                .filter(|(_, share)| share.iter().any(|v| *v > 0.0))
                .collect();
            let mut firms: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
            for i in 0..city.enterprises.len() {
                let r = from_world::resolve(plan, &city.guide, &city.enterprises, i, level);
                let slot = firms.entry(basis_name(r.basis)).or_default();
                slot.0 += 1;
                if r.requirement.cut > 0.0 {
                    slot.1 += 1;
                }
            }
            Some(LevelCheck {
                level,
                targets,
                assessment,
                by_sector,
                firms,
            })
        })
        .collect()
}
