//! Traffic under the plan's mobile-source measures: bans by vehicle class, emission standard and
//! zone, the ban on China-IV-and-below heavy trucks of bulk-transport units (> 10 trips a day),
//! the ban on China-II-and-below non-road machinery, and the red level's odd-even rule inside the
//! ring roads, each with its exemptions, compliance and partial substitution.
//!
//! Owns, for each level, the share of each fleet row's activity the measures take off the road
//! and the emissions that removes, per county. Knows nothing of files: the fleet arrives as rows.

use super::enterprises::EMITTED;
use crate::plan::schema::{Action, EmissionStandard, Place, VehicleKind, Zone};
use crate::plan::{Level, Plan};

/// Vehicle and machinery classes of the fleet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VehicleClass {
    Car,
    Taxi,
    Bus,
    LightTruck,
    MediumTruck,
    HeavyTruck,
    Tricycle,
    LowSpeedTruck,
    Tractor,
    Motorcycle,
    NonroadConstruction,
    NonroadIndustrial,
    NonroadAgriculture,
}

impl VehicleClass {
    pub fn is_nonroad(self) -> bool {
        matches!(
            self,
            VehicleClass::NonroadConstruction
                | VehicleClass::NonroadIndustrial
                | VehicleClass::NonroadAgriculture
        )
    }

    fn is_truck(self) -> bool {
        matches!(
            self,
            VehicleClass::LightTruck | VehicleClass::MediumTruck | VehicleClass::HeavyTruck
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fuel {
    Gasoline,
    Diesel,
    Gas,
    Electric,
}

/// One row of the fleet: a county's vehicles of one class, fuel and standard.
#[derive(Debug, Clone, PartialEq)]
pub struct VehicleRow {
    pub county: u16,
    pub class: VehicleClass,
    pub fuel: Fuel,
    /// China 0–VI as 0–6; new energy as 7.
    pub standard: u8,
    /// Annual emissions of the [`EMITTED`] species (SO2, NOx, CO, VOCs, fine, coarse), t/yr.
    pub emissions: [f64; EMITTED],
    /// Share of the activity inside the zones the bans and the odd-even rule cover.
    pub urban_share: f64,
    /// Share of the activity exempt from the plan's bans (city operation, special tasks, …).
    pub exempt_share: f64,
}

/// How traffic responds, from `behaviour.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficBehaviour {
    /// Share of banned trips that are not made (the rest: made anyway).
    pub ban_compliance: f64,
    pub odd_even_compliance: f64,
    /// Share of the trips given up that reappear by exempt vehicles, other times or modes.
    pub substitution: f64,
    /// Share of heavy-truck activity serving bulk-transport units with > 10 trips a day.
    pub bulk_transport_share: f64,
    /// Share of non-road machinery activity at construction sites, plants and parks, by class.
    pub nonroad_site_share: [f64; 3],
    /// Whether the authorities apply measures the plan says they *may* apply.
    pub discretionary_applied: bool,
}

/// China IV as the plan's standard ranks it.
fn rank(s: EmissionStandard) -> u8 {
    s as u8
}

fn matches_kind(row: &VehicleRow, kind: VehicleKind) -> bool {
    let diesel = row.fuel == Fuel::Diesel;
    match kind {
        VehicleKind::DieselTruck => diesel && row.class.is_truck(),
        VehicleKind::HeavyDieselTruck => diesel && row.class == VehicleClass::HeavyTruck,
        VehicleKind::MediumDieselTruck => diesel && row.class == VehicleClass::MediumTruck,
        VehicleKind::Tricycle => row.class == VehicleClass::Tricycle,
        VehicleKind::LowSpeedTruck => row.class == VehicleClass::LowSpeedTruck,
        VehicleKind::Tractor => row.class == VehicleClass::Tractor,
    }
}

fn zone_share(row: &VehicleRow, zone: Zone) -> f64 {
    match zone {
        Zone::UrbanAreas | Zone::RingRoadsAndCountyZones => row.urban_share,
    }
}

/// The share of a row's activity the measures of `level` take away, before compliance.
pub fn banned_share(
    plan: &Plan,
    level: Level,
    row: &VehicleRow,
    behaviour: &TrafficBehaviour,
) -> (f64, f64) {
    let mut keep_ban = 1.0;
    let mut keep_odd_even = 1.0;
    let free = 1.0 - row.exempt_share;
    for m in plan.measures_at(level) {
        if m.discretionary && !behaviour.discretionary_applied {
            continue;
        }
        for a in &m.actions {
            let share = match a {
                Action::VehicleBan { vehicles, zone, .. }
                    if vehicles.iter().any(|k| matches_kind(row, *k)) =>
                {
                    zone_share(row, *zone) * free
                }
                Action::HeavyTruckBan {
                    sector: None,
                    max_standard,
                    gas_max_standard,
                    ..
                } if row.class == VehicleClass::HeavyTruck => {
                    let limit = if row.fuel == Fuel::Gas {
                        gas_max_standard
                    } else {
                        max_standard
                    };
                    if row.standard <= rank(*limit) && row.fuel != Fuel::Electric {
                        behaviour.bulk_transport_share * free
                    } else {
                        0.0
                    }
                }
                Action::NonRoadBan {
                    max_standard,
                    places,
                    ..
                } if row.class.is_nonroad() && row.standard <= rank(*max_standard) => {
                    let at_places = match row.class {
                        VehicleClass::NonroadConstruction
                            if places.contains(&Place::ConstructionSites) =>
                        {
                            behaviour.nonroad_site_share[0]
                        }
                        VehicleClass::NonroadIndustrial
                            if places.contains(&Place::IndustrialPlants)
                                || places.contains(&Place::IndustrialParks) =>
                        {
                            behaviour.nonroad_site_share[1]
                        }
                        VehicleClass::NonroadAgriculture => 0.0,
                        _ => 0.0,
                    };
                    at_places * free
                }
                Action::OddEven { zone, .. } if !row.class.is_nonroad() && row.standard < 7 => {
                    keep_odd_even *= 1.0 - 0.5 * zone_share(row, *zone) * free;
                    0.0
                }
                _ => 0.0,
            };
            keep_ban *= 1.0 - share.clamp(0.0, 1.0);
        }
    }
    (1.0 - keep_ban, 1.0 - keep_odd_even)
}

/// Per level (yellow, orange, red) and county, the annual emissions (t/yr of each species) the
/// measures remove from road traffic and from non-road machinery: `[level][county] = (road,
/// nonroad)`. `on_paper` assumes full compliance and no substitution.
pub fn reductions(
    plan: &Plan,
    rows: &[VehicleRow],
    counties: usize,
    behaviour: &TrafficBehaviour,
    on_paper: bool,
) -> [Vec<([f64; EMITTED], [f64; EMITTED])>; 3] {
    Level::WARNINGS.map(|level| {
        let mut out = vec![([0.0; EMITTED], [0.0; EMITTED]); counties];
        for row in rows {
            let (ban, odd_even) = banned_share(plan, level, row, behaviour);
            let removed = if on_paper {
                1.0 - (1.0 - ban) * (1.0 - odd_even)
            } else {
                let delivered_ban = ban * behaviour.ban_compliance;
                let delivered_oe = odd_even * behaviour.odd_even_compliance;
                (1.0 - (1.0 - delivered_ban) * (1.0 - delivered_oe))
                    * (1.0 - behaviour.substitution)
            };
            let slot = &mut out[row.county as usize];
            let target = if row.class.is_nonroad() {
                &mut slot.1
            } else {
                &mut slot.0
            };
            for (t, e) in target.iter_mut().zip(&row.emissions) {
                *t += removed * e;
            }
        }
        out
    })
}
