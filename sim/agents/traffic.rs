//! Traffic under the plan's mobile-source measures: bans by vehicle class, emission standard and
//! zone, the ban on China-IV-and-below heavy trucks of bulk-transport units (> 10 trips a day),
//! the ban on China-II-and-below non-road machinery, and the red level's odd-even rule inside the
//! ring roads, each with its exemptions, compliance and partial substitution.
//!
//! Owns, for each level, the share of each fleet row's activity the measures take off the road
//! and the emissions that removes, per county. Knows nothing of files: the fleet arrives as rows.

use super::enterprises::EMITTED;
use crate::plan::schema::{Action, EmissionStandard, VehicleKind, Zone};
use crate::plan::{Level, Plan};
pub use crate::world::fleet::{Fuel, VehicleClass};

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
    /// Vehicles or machines in the row.
    pub count: f64,
}

/// The kinds of traffic measure, each with its own compliance and substitution: bans of vehicle
/// kinds in the towns, the heavy-truck ban of bulk-transport units, the non-road machinery ban,
/// and the odd-even rule.
pub const BAN_KINDS: usize = 4;
pub const URBAN_BAN: usize = 0;
pub const HEAVY_TRUCK_BAN: usize = 1;
pub const NONROAD_BAN: usize = 2;
pub const ODD_EVEN: usize = 3;

/// How traffic responds, from `behaviour.toml` and the scenario's fleet structure.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficBehaviour {
    /// Share of the banned activity that stops, by ban kind.
    pub compliance: [f64; BAN_KINDS],
    /// Share of the stopped activity that is still driven during the warning (by an exempt or
    /// compliant vehicle, or around the zone), by ban kind.
    pub substitution: [f64; BAN_KINDS],
    /// Share of the plates the odd-even rule bans on a day.
    pub odd_even_plate_share: f64,
    /// Share of heavy-truck activity serving bulk-transport units with > 10 trips a day.
    pub bulk_transport_share: f64,
    /// Share of construction and of industrial non-road machinery activity at the sites, plants
    /// and parks a ban names.
    pub nonroad_site_share: [f64; 2],
    /// Whether the authorities apply measures the plan says they *may* apply.
    pub discretionary_applied: bool,
}

/// China IV as the plan's standard ranks it.
fn rank(s: EmissionStandard) -> u8 {
    s as u8
}

fn matches_kind(row: &VehicleRow, kind: VehicleKind) -> bool {
    row.class.is_kind(row.fuel, kind)
}

fn zone_share(row: &VehicleRow, zone: Zone) -> f64 {
    match zone {
        Zone::UrbanAreas | Zone::RingRoadsAndCountyZones => row.urban_share,
    }
}

/// The share of a row's activity each kind of measure of `level` takes away, before compliance.
pub fn banned_share(
    plan: &Plan,
    level: Level,
    row: &VehicleRow,
    behaviour: &TrafficBehaviour,
) -> [f64; BAN_KINDS] {
    let mut keep = [1.0; BAN_KINDS];
    let free = 1.0 - row.exempt_share;
    for m in plan.measures_at(level) {
        if m.discretionary && !behaviour.discretionary_applied {
            continue;
        }
        for a in &m.actions {
            let (kind, share) = match a {
                Action::VehicleBan { vehicles, zone, .. }
                    if vehicles.iter().any(|k| matches_kind(row, *k)) =>
                {
                    (URBAN_BAN, zone_share(row, *zone) * free)
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
                    let banned = row.standard <= rank(*limit) && row.fuel != Fuel::Electric;
                    let share = if banned {
                        behaviour.bulk_transport_share * free
                    } else {
                        0.0
                    };
                    (HEAVY_TRUCK_BAN, share)
                }
                Action::NonRoadBan {
                    max_standard,
                    places,
                    ..
                } if row.class.is_nonroad() && row.standard <= rank(*max_standard) => {
                    let at_places = if row.class.workplaces().iter().any(|p| places.contains(p)) {
                        match row.class {
                            VehicleClass::NonroadConstruction => behaviour.nonroad_site_share[0],
                            VehicleClass::NonroadIndustrial => behaviour.nonroad_site_share[1],
                            _ => 0.0,
                        }
                    } else {
                        0.0
                    };
                    (NONROAD_BAN, at_places * free)
                }
                Action::OddEven { zone, .. } if !row.class.is_nonroad() && row.standard < 7 => (
                    ODD_EVEN,
                    behaviour.odd_even_plate_share * zone_share(row, *zone) * free,
                ),
                _ => continue,
            };
            keep[kind] *= 1.0 - share.clamp(0.0, 1.0);
        }
    }
    keep.map(|k| 1.0 - k)
}

/// The share of a row's activity (and emissions) the measures remove: on paper, everything
/// banned; delivered, what complies and is not made up for during the warning.
pub fn removed_share(
    banned: &[f64; BAN_KINDS],
    behaviour: &TrafficBehaviour,
    on_paper: bool,
) -> f64 {
    let mut keep = 1.0;
    for (k, share) in banned.iter().enumerate() {
        let cut = if on_paper {
            *share
        } else {
            share * behaviour.compliance[k] * (1.0 - behaviour.substitution[k])
        };
        keep *= 1.0 - cut;
    }
    1.0 - keep
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
            let banned = banned_share(plan, level, row, behaviour);
            let removed = removed_share(&banned, behaviour, on_paper);
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

/// Per level (yellow, orange, red) and county, the vehicles and machines the measures keep off
/// the road on a day of the level: each row's count times the share of it banned.
pub fn restricted_vehicles(
    plan: &Plan,
    rows: &[VehicleRow],
    counties: usize,
    behaviour: &TrafficBehaviour,
) -> [Vec<f64>; 3] {
    Level::WARNINGS.map(|level| {
        let mut out = vec![0.0; counties];
        for row in rows {
            let banned = banned_share(plan, level, row, behaviour);
            out[row.county as usize] += row.count * removed_share(&banned, behaviour, true);
        }
        out
    })
}
