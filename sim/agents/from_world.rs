//! The agents built from the city's data: each listed enterprise's requirement at each level,
//! resolved from the plan, the Technical Guide and the list; the fleet and dust rows as the
//! agents read them; and the actors' behaviour from `behaviour.toml` and the plan.
//!
//! Owns the resolution rules — which of the guide's measures, the plan's guiding measures, the
//! guaranteed or the small-and-micro rules applies to a firm — and the mapping of the list's
//! four pollutants onto the model's species. Knows nothing of files (the world module loads
//! them) nor of time: the result is static for a scenario.

use super::city::Behaviour;
use super::counties::CountyBehaviour;
use super::dust::DustRow;
use super::enterprises::{
    CO, COARSE, ComplianceOdds, EMITTED, EnterpriseBehaviour, EnterpriseSpec, FINE, NOX,
    Requirement, SO2, VOC,
};
use super::traffic::{
    BAN_KINDS, HEAVY_TRUCK_BAN, NONROAD_BAN, ODD_EVEN, TrafficBehaviour, URBAN_BAN, VehicleRow,
};
use crate::plan::schema::{Action, Grade, MeasureKind};
use crate::plan::{Level, Plan};
use crate::world::behaviour::{self as wb, Substitution};
use crate::world::counties::{Counties, SECTORS, Sector, Species};
use crate::world::dust::DustSources;
use crate::world::enterprises::Enterprises as List;
use crate::world::fleet::{Fleet, Standard};
use crate::world::guide::{Guide, How, Industry, InventorySector, Measure, names};

const HOURS_PER_YEAR: f64 = 8760.0;

/// Why a firm is asked for what it is asked: the rule that decided its requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// The guide's measure for its industry and grade (plan §4.4.1.1).
    Guide,
    /// A and Leading firms act on their own (§4.4.1.1): nothing is required.
    Autonomous,
    /// The plan's guiding measures for its sector (§4.4.x.4).
    PlanGuiding,
    /// Guaranteed: production by heat or quota, never stopped (§4.4.1.2, §4.6).
    Guaranteed,
    /// Small-and-micro relief: measures only if the targets cannot be met otherwise (§4.7).
    SmallMicro,
}

/// A firm's requirement at one level and the rule behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolved {
    pub requirement: Requirement,
    pub basis: Basis,
}

fn from_measure(m: Measure, lines: u16) -> Requirement {
    let cut = m.cut.clamp(0.0, 1.0);
    match m.how {
        How::Autonomous | How::NoCut => Requirement::NONE,
        How::Limit => Requirement { cut, batches: 0 },
        How::Stop => Requirement {
            cut: 1.0,
            batches: 0,
        },
        // Whole lines stop, so the share rounds up to the next line; a single-line firm
        // limits its load instead.
        How::StopLines if lines > 1 => {
            let n = f64::from(lines);
            Requirement {
                cut: ((cut * n - 1e-9).ceil() / n).min(1.0),
                batches: 0,
            }
        }
        How::StopLines => Requirement { cut, batches: 0 },
        How::Rotate { batches } => Requirement {
            cut,
            batches: batches.min(u32::from(u8::MAX)) as u8,
        },
    }
}

/// The strongest of the plan's guiding measures for an industry's sector at `level` (and at
/// milder levels too, when the guide carries them forward).
fn plan_guiding(plan: &Plan, guide: &Guide, ind: &Industry, level: Level) -> Requirement {
    let Some(sector) = ind.plan_sector.as_deref() else {
        return Requirement::NONE;
    };
    let process = ind.plan_process.as_deref();
    let mut best = Requirement::NONE;
    for m in &plan.file.measures {
        let applies = m.level == level
            || (guide.from_plan_carry_forward && m.level.is_warning() && m.level < level);
        if m.kind != MeasureKind::Guiding || !applies {
            continue;
        }
        for a in m.actions.iter().filter(|a| names(a, sector, process)) {
            let r = match a {
                Action::LimitProduction {
                    at_least, rotation, ..
                } => Requirement {
                    cut: at_least.clamp(0.0, 1.0),
                    batches: if rotation.is_some() {
                        plan.file.rules.rotation.max_batches.min(u32::from(u8::MAX)) as u8
                    } else {
                        0
                    },
                },
                Action::StopProduction { .. } => Requirement {
                    cut: 1.0,
                    batches: 0,
                },
                Action::HeatDeterminedProduction { .. } => Requirement {
                    cut: guide.guaranteed(level).map_or(0.0, |g| g.cut),
                    batches: 0,
                },
                _ => continue,
            };
            if r.cut > best.cut {
                best = r;
            }
        }
    }
    best
}

/// What firm `i` of the list must do at `level` (a warning level), and why. The list was loaded
/// against the guide's industry ids, so its industry index is the guide's.
pub fn resolve(plan: &Plan, guide: &Guide, list: &List, i: usize, level: Level) -> Resolved {
    let industry = usize::from(list.industry[i]);
    let ind = &guide.industries[industry];
    let grade = list.grade[i];
    let (requirement, basis) = if list.small_micro[i] {
        (Requirement::NONE, Basis::SmallMicro)
    } else if list.guaranteed[i] {
        // Loading checks the guide never stops them outright (§4.4.1.2, §4.6).
        let m = guide.guaranteed(level);
        let r = m.map_or(Requirement::NONE, |m| from_measure(m, list.lines[i]));
        (
            Requirement {
                cut: r.cut,
                batches: 0,
            },
            Basis::Guaranteed,
        )
    } else if ind.from_plan() {
        (plan_guiding(plan, guide, ind, level), Basis::PlanGuiding)
    } else {
        match guide.measure(industry, grade, level) {
            Some(m) if m.how == How::Autonomous => (Requirement::NONE, Basis::Autonomous),
            Some(m) => (from_measure(m, list.lines[i]), Basis::Guide),
            // A grade the industry does not use: the uniform measures for emitters the list
            // does not grade (§4.5).
            None => (
                guide
                    .unlisted(level)
                    .map_or(Requirement::NONE, |m| from_measure(m, list.lines[i])),
                Basis::Guide,
            ),
        }
    };
    Resolved { requirement, basis }
}

fn sector_of(ind: &Industry) -> Sector {
    match ind.inventory_sector {
        InventorySector::Industry => Sector::Industry,
        InventorySector::Power => Sector::Power,
    }
}

/// The agents' view of the list: per firm its county, inventory sector, annual emissions of the
/// model species and requirement at each level.
///
/// The list gives SO2, NOx, PM (as PM10) and VOCs. PM splits into fine and coarse by the
/// guide's PM2.5 share for the industry. CO is not on the list: each county's industry or power
/// CO is shared among its listed firms of that sector in proportion to their SO2 + NOx, since
/// both come from the same combustion.
pub fn enterprise_specs(
    plan: &Plan,
    guide: &Guide,
    list: &List,
    counties: &Counties,
) -> Vec<EnterpriseSpec> {
    let n_sectors = SECTORS.len();
    let mut combustion = vec![0.0; counties.len() * n_sectors];
    for i in 0..list.len() {
        let sector = sector_of(&guide.industries[usize::from(list.industry[i])]);
        let e = list.emissions[i];
        combustion[usize::from(list.county[i]) * n_sectors + sector.index()] += e[0] + e[1];
    }
    let mut specs: Vec<EnterpriseSpec> = (0..list.len())
        .map(|i| {
            let ind = &guide.industries[usize::from(list.industry[i])];
            let sector = sector_of(ind);
            let county = usize::from(list.county[i]);
            let [so2, nox, pm, vocs] = list.emissions[i];
            let share = combustion[county * n_sectors + sector.index()];
            let co = if share > 0.0 {
                counties.emission(county, sector, Species::Co) * (so2 + nox) / share
            } else {
                0.0
            };
            let mut emissions = [0.0; EMITTED];
            emissions[SO2] = so2;
            emissions[NOX] = nox;
            emissions[CO] = co;
            emissions[VOC] = vocs;
            emissions[FINE] = pm * ind.pm25_share;
            emissions[COARSE] = pm * (1.0 - ind.pm25_share);
            EnterpriseSpec {
                county: list.county[i],
                sector: sector.index() as u8,
                emissions,
                required: Level::WARNINGS.map(|l| resolve(plan, guide, list, i, l).requirement),
                grade: list.grade[i],
                cems: list.cems[i],
                guaranteed: list.guaranteed[i],
                // 万元 a year over the year's hours.
                output_per_hour: list.output_wan_yuan[i] * 1e4 / HOURS_PER_YEAR,
            }
        })
        .collect();
    // The guide's shares split each firm's PM; the county's inventory says how much of its
    // sector's PM10 is fine. Scale the split so that the firms of a county and sector carry the
    // inventory's PM2.5 and coarse PM, their PM10 unchanged where the list matches the inventory.
    let mut split = vec![[0.0; 2]; counties.len() * n_sectors];
    for e in &specs {
        let slot = &mut split[usize::from(e.county) * n_sectors + usize::from(e.sector)];
        slot[0] += e.emissions[FINE];
        slot[1] += e.emissions[COARSE];
    }
    for e in &mut specs {
        let c = usize::from(e.county);
        let s = SECTORS[usize::from(e.sector)];
        let [fine, coarse] = split[c * n_sectors + usize::from(e.sector)];
        let pm25 = counties.emission(c, s, Species::Pm25);
        let pm10 = counties.emission(c, s, Species::Pm10);
        let total = fine + coarse;
        if total > 0.0 && pm10 > 0.0 {
            // Keep the list's PM; take the fine share from the inventory.
            let fine_share = (pm25 / pm10).clamp(0.0, 1.0);
            let firm_pm = e.emissions[FINE] + e.emissions[COARSE];
            let own = if total > 0.0 {
                e.emissions[FINE] / firm_pm.max(1e-12)
            } else {
                0.0
            };
            // Within the county and sector, firms keep their relative fineness.
            let mean_share = fine / total;
            let f = if mean_share > 0.0 {
                (own * fine_share / mean_share).clamp(0.0, 1.0)
            } else {
                fine_share
            };
            e.emissions[FINE] = firm_pm * f;
            e.emissions[COARSE] = firm_pm * (1.0 - f);
        }
    }
    specs
}

/// The fleet as rows of annual emissions of the model species.
pub fn vehicle_rows(fleet: &Fleet) -> Vec<VehicleRow> {
    (0..fleet.len())
        .map(|r| {
            // The fleet's species: SO2, NOx, PM2.5, PM10, VOCs, CO.
            let y = fleet.yearly_emissions(r);
            let mut emissions = [0.0; EMITTED];
            emissions[SO2] = y[0];
            emissions[NOX] = y[1];
            emissions[FINE] = y[2];
            emissions[COARSE] = (y[3] - y[2]).max(0.0);
            emissions[VOC] = y[4];
            emissions[CO] = y[5];
            VehicleRow {
                county: fleet.county[r],
                class: fleet.class[r],
                fuel: fleet.fuel[r],
                standard: standard_rank(fleet.standard[r]),
                emissions,
                urban_share: fleet.urban_share[r],
                exempt_share: fleet.exempt_share[r],
                count: fleet.count[r],
            }
        })
        .collect()
}

/// China 0–VI as 0–6, new energy 7: the agents' ranking.
fn standard_rank(s: Standard) -> u8 {
    Standard::ALL
        .iter()
        .position(|x| *x == s)
        .expect("every standard is in ALL") as u8
}

/// The dust sources as rows.
pub fn dust_rows(dust: &DustSources) -> Vec<DustRow> {
    (0..dust.len())
        .map(|r| DustRow {
            county: dust.county[r],
            kind: dust.source[r],
            pm10: dust.pm10_t[r],
            pm25: dust.pm25_t[r],
            guaranteed_share: dust.guaranteed_share[r],
            washable: dust.washable[r],
            count: dust.count[r],
        })
        .collect()
}

/// What of a stopped trip is still driven during the warning: by an exempt or compliant
/// vehicle, or around the zone. Trips put off or given up are not.
fn still_driven(s: &Substitution) -> f64 {
    s.replaced + s.rerouted
}

/// The actors' behaviour from `behaviour.toml`, the plan's deadlines and the guide's rule for
/// guaranteed firms.
pub fn behaviour(b: &wb::Behaviour, plan: &Plan, guide: &Guide, counties: &Counties) -> Behaviour {
    let e = &b.enterprise;
    let odds = Grade::ALL.map(|g| {
        [false, true].map(|cems| {
            let c = e.compliance(g, cems, false);
            ComplianceOdds {
                full: c.full,
                partial: c.partial,
            }
        })
    });
    let k = &b.county;
    let t = &b.traffic;
    let mut compliance = [0.0; BAN_KINDS];
    let mut substitution = [0.0; BAN_KINDS];
    for (slot, c, s) in [
        (URBAN_BAN, t.urban_ban_compliance, &t.urban_ban_substitution),
        (
            HEAVY_TRUCK_BAN,
            t.heavy_truck_ban_compliance,
            &t.heavy_truck_ban_substitution,
        ),
        (
            NONROAD_BAN,
            t.nonroad_ban_compliance,
            &t.nonroad_ban_substitution,
        ),
        (ODD_EVEN, t.odd_even_compliance, &t.odd_even_substitution),
    ] {
        compliance[slot] = c;
        substitution[slot] = still_driven(s);
    }
    Behaviour {
        enterprise: EnterpriseBehaviour {
            odds,
            partial_share: e.partial_cut_share,
            shutdown_hours: e.stop_ramp_hours,
            restart_hours: e.restart_ramp_hours,
            treatment_run_on_hours: plan.file.rules.treatment_after_stop.min_hours,
            // The guide's strictest cut for guaranteed firms bounds what they ever deliver.
            guaranteed_max_cut: Level::WARNINGS
                .iter()
                .filter_map(|l| guide.guaranteed(*l))
                .map(|m| m.cut)
                .fold(0.0, f64::max),
        },
        county: CountyBehaviour {
            relay: k.notice,
            relay_deadline_hours: f64::from(plan.warning.county_notice_hours),
            disclosure: k.disclosure,
            disclosure_deadline_hours: f64::from(plan.warning.disclosure_within_hours),
            inspections_per_day: counties
                .kind
                .iter()
                .map(|kind| {
                    let all = k.inspections_per_day.get(*kind);
                    // Part of the visits go to dust sources, not to the list's firms.
                    (f64::from(all) * (1.0 - k.dust_share_of_inspections)).round() as u32
                })
                .collect(),
            inspection_hour: k.inspection_hour,
            detect_with_cems: k.detect_evader_with_cems,
            detect_without_cems: k.detect_evader_without_cems,
            lead_share: k.targeting.leads,
            cems_lead_per_day: k.cems_lead_per_day,
        },
        traffic: TrafficBehaviour {
            compliance,
            substitution,
            odd_even_plate_share: t.odd_even_plate_share,
            bulk_transport_share: t.bulk_transport_share,
            nonroad_site_share: [
                t.nonroad_construction_at_sites,
                t.nonroad_industrial_at_plants,
            ],
            discretionary_applied: t.discretionary_measures_applied,
        },
        dust: b.dust.clone(),
    }
}
