//! The motor-vehicle and non-road machinery fleet of each county, from a scenario's
//! `fleet.csv`: one row per county × vehicle class × fuel × emission standard, with its
//! activity, the share of it inside the urban zones where bans and the odd-even rule apply,
//! emission factors and the share exempt from bans.
//!
//! Owns the file's format and validation, the vocabularies of class, fuel and standard (and how
//! they meet the plan's vocabulary: which classes a `VehicleKind` names, whether a standard is
//! "China IV and below") and the struct-of-arrays [`Fleet`]. Knows nothing of warnings or of
//! how agents respond, nor of where the numbers came from (`scenarios/*/TRAFFIC-DUST.md`).

use std::collections::HashMap;
use std::path::Path;

use super::counties::{Sector, Species};
use super::csv_rows::{Cell, read_rows};
use crate::InputError;
use crate::plan::schema::{EmissionStandard, Place, VehicleKind};

/// A vehicle or machine class. The first ten run on roads (sector `onroad`), the last three are
/// non-road machinery (sector `nonroad`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VehicleClass {
    Car,
    Taxi,
    Bus,
    LightTruck,
    MediumTruck,
    HeavyTruck,
    /// 三轮汽车.
    Tricycle,
    /// 低速货车.
    LowSpeedTruck,
    /// Tractors hauling on roads (运输型拖拉机); their field work is `NonroadAgriculture`.
    Tractor,
    Motorcycle,
    /// Excavators, loaders, rollers, cranes on construction sites.
    NonroadConstruction,
    /// Forklifts and loaders in plants and industrial parks.
    NonroadIndustrial,
    /// Tractors in field work, combines, pumps.
    NonroadAgriculture,
}

impl VehicleClass {
    pub const ALL: [VehicleClass; 13] = [
        VehicleClass::Car,
        VehicleClass::Taxi,
        VehicleClass::Bus,
        VehicleClass::LightTruck,
        VehicleClass::MediumTruck,
        VehicleClass::HeavyTruck,
        VehicleClass::Tricycle,
        VehicleClass::LowSpeedTruck,
        VehicleClass::Tractor,
        VehicleClass::Motorcycle,
        VehicleClass::NonroadConstruction,
        VehicleClass::NonroadIndustrial,
        VehicleClass::NonroadAgriculture,
    ];

    pub fn id(self) -> &'static str {
        match self {
            VehicleClass::Car => "car",
            VehicleClass::Taxi => "taxi",
            VehicleClass::Bus => "bus",
            VehicleClass::LightTruck => "light_truck",
            VehicleClass::MediumTruck => "medium_truck",
            VehicleClass::HeavyTruck => "heavy_truck",
            VehicleClass::Tricycle => "tricycle",
            VehicleClass::LowSpeedTruck => "low_speed_truck",
            VehicleClass::Tractor => "tractor",
            VehicleClass::Motorcycle => "motorcycle",
            VehicleClass::NonroadConstruction => "nonroad_construction",
            VehicleClass::NonroadIndustrial => "nonroad_industrial",
            VehicleClass::NonroadAgriculture => "nonroad_agriculture",
        }
    }

    /// Whether the class is non-road machinery, whose activity is in kWh, not km.
    pub fn is_nonroad(self) -> bool {
        matches!(
            self,
            VehicleClass::NonroadConstruction
                | VehicleClass::NonroadIndustrial
                | VehicleClass::NonroadAgriculture
        )
    }

    /// The inventory sector the class's emissions belong to in `counties.csv`.
    pub fn sector(self) -> Sector {
        if self.is_nonroad() {
            Sector::Nonroad
        } else {
            Sector::Onroad
        }
    }

    /// Whether a vehicle of this class and fuel is one the plan's `kind` names.
    pub fn is_kind(self, fuel: Fuel, kind: VehicleKind) -> bool {
        let diesel = fuel == Fuel::Diesel;
        match kind {
            VehicleKind::DieselTruck => {
                diesel
                    && matches!(
                        self,
                        VehicleClass::LightTruck
                            | VehicleClass::MediumTruck
                            | VehicleClass::HeavyTruck
                    )
            }
            VehicleKind::HeavyDieselTruck => diesel && self == VehicleClass::HeavyTruck,
            VehicleKind::MediumDieselTruck => diesel && self == VehicleClass::MediumTruck,
            VehicleKind::Tricycle => self == VehicleClass::Tricycle,
            VehicleKind::LowSpeedTruck => self == VehicleClass::LowSpeedTruck,
            VehicleKind::Tractor => self == VehicleClass::Tractor,
        }
    }

    /// The places of a non-road ban where machines of this class work (none for road classes
    /// and farm machinery, which no ban of the plan reaches).
    pub fn workplaces(self) -> &'static [Place] {
        match self {
            VehicleClass::NonroadConstruction => &[Place::ConstructionSites],
            VehicleClass::NonroadIndustrial => &[Place::IndustrialPlants, Place::IndustrialParks],
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fuel {
    Gasoline,
    Diesel,
    /// CNG, LNG or LPG.
    Gas,
    Electric,
}

impl Fuel {
    pub const ALL: [Fuel; 4] = [Fuel::Gasoline, Fuel::Diesel, Fuel::Gas, Fuel::Electric];

    pub fn id(self) -> &'static str {
        match self {
            Fuel::Gasoline => "gasoline",
            Fuel::Diesel => "diesel",
            Fuel::Gas => "gas",
            Fuel::Electric => "electric",
        }
    }
}

/// An emission standard (国0–国六; for non-road machinery the stages of GB 20891), or new
/// energy. Ordered from dirtiest to cleanest, new energy last, so that "China IV and below" is
/// `standard <= Standard::China4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standard {
    /// Before China 1 (国一前; pre-stage non-road machinery).
    China0,
    China1,
    China2,
    China3,
    China4,
    China5,
    China6,
    /// New energy: battery electric and the like; no exhaust.
    Nev,
}

impl Standard {
    pub const ALL: [Standard; 8] = [
        Standard::China0,
        Standard::China1,
        Standard::China2,
        Standard::China3,
        Standard::China4,
        Standard::China5,
        Standard::China6,
        Standard::Nev,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Standard::China0 => "China0",
            Standard::China1 => "China1",
            Standard::China2 => "China2",
            Standard::China3 => "China3",
            Standard::China4 => "China4",
            Standard::China5 => "China5",
            Standard::China6 => "China6",
            Standard::Nev => "NEV",
        }
    }

    /// Whether a ban on "`max` and below" (国X及以下) reaches this standard; new energy never.
    pub fn at_most(self, max: EmissionStandard) -> bool {
        self <= Standard::from(max)
    }
}

impl From<EmissionStandard> for Standard {
    fn from(s: EmissionStandard) -> Self {
        match s {
            EmissionStandard::China0 => Standard::China0,
            EmissionStandard::China1 => Standard::China1,
            EmissionStandard::China2 => Standard::China2,
            EmissionStandard::China3 => Standard::China3,
            EmissionStandard::China4 => Standard::China4,
            EmissionStandard::China5 => Standard::China5,
            EmissionStandard::China6 => Standard::China6,
        }
    }
}

/// The species the fleet's emission factors cover, in the order of [`Fleet::ef`]'s entries.
/// NH3 is not among them: the inventory's on-road and non-road NH3 stays at sector level.
pub const FLEET_SPECIES: [Species; 6] = [
    Species::So2,
    Species::Nox,
    Species::Pm25,
    Species::Pm10,
    Species::Vocs,
    Species::Co,
];

/// The fleet of every county, validated, one entry per row of the file in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Fleet {
    /// Index into the known counties the file was loaded against.
    pub county: Vec<u16>,
    pub class: Vec<VehicleClass>,
    pub fuel: Vec<Fuel>,
    pub standard: Vec<Standard>,
    /// Vehicles or machines.
    pub count: Vec<f64>,
    /// Per vehicle, km a day for road classes; kWh of engine work a day for non-road classes.
    pub daily_km: Vec<f64>,
    /// Share of the activity inside the urban zones where bans and the odd-even rule apply.
    pub urban_share: Vec<f64>,
    /// Emission factors in the order of [`FLEET_SPECIES`]: g/km (road), g/kWh (non-road).
    pub ef: Vec<[f64; 6]>,
    /// Share of the activity exempt from the plan's bans for reasons the row does not show
    /// (city operation, special tasks, postal and express, disabled drivers, hazmat).
    pub exempt_share: Vec<f64>,
}

impl Fleet {
    pub fn len(&self) -> usize {
        self.county.len()
    }

    pub fn is_empty(&self) -> bool {
        self.county.is_empty()
    }

    /// A row's emissions in a year of normal activity, t/yr, in the order of [`FLEET_SPECIES`].
    pub fn yearly_emissions(&self, row: usize) -> [f64; 6] {
        let activity = self.count[row] * self.daily_km[row] * 365.0;
        self.ef[row].map(|ef| activity * ef / 1e6)
    }

    /// Yearly emissions summed by county and sector, t/yr: `[county][onroad = 0, nonroad = 1]`.
    pub fn totals(&self, n_counties: usize) -> Vec<[[f64; 6]; 2]> {
        let mut out = vec![[[0.0; 6]; 2]; n_counties];
        for row in 0..self.len() {
            let sector = usize::from(self.class[row].is_nonroad());
            let e = self.yearly_emissions(row);
            for (acc, v) in out[usize::from(self.county[row])][sector].iter_mut().zip(e) {
                *acc += v;
            }
        }
        out
    }
}

/// The columns of `fleet.csv`, in order.
pub const FLEET_HEADER: [&str; 14] = [
    "county",
    "class",
    "fuel",
    "standard",
    "count",
    "daily_km",
    "urban_share",
    "ef_so2",
    "ef_nox",
    "ef_pm25",
    "ef_pm10",
    "ef_vocs",
    "ef_co",
    "exempt_share",
];

const EF_COLUMNS: std::ops::Range<usize> = 7..13;
const EF_PM25: usize = 9;
const EF_PM10: usize = 10;

/// Load and validate the fleet file at `path`; `known_counties` are the ids of
/// `counties.csv`, in its order.
pub fn load_fleet(path: &Path, known_counties: &[&str]) -> Result<Fleet, InputError> {
    let text = super::read_text(path)?;
    parse_fleet(&text, path, known_counties)
}

/// Parse and validate fleet CSV `text`, naming `path` in messages.
pub fn parse_fleet(text: &str, path: &Path, known_counties: &[&str]) -> Result<Fleet, InputError> {
    let rows = read_rows(text, path, &FLEET_HEADER)?;
    let mut fleet = Fleet {
        county: Vec::new(),
        class: Vec::new(),
        fuel: Vec::new(),
        standard: Vec::new(),
        count: Vec::new(),
        daily_km: Vec::new(),
        urban_share: Vec::new(),
        ef: Vec::new(),
        exempt_share: Vec::new(),
    };
    let mut first_line: HashMap<(usize, VehicleClass, Fuel, Standard), usize> = HashMap::new();
    for row in &rows {
        let cell = |col: usize| Cell::of(path, row, &FLEET_HEADER, col);
        let county = cell(0).known("county", known_counties)?;
        let class = cell(1).one_of("vehicle class", &VehicleClass::ALL, VehicleClass::id)?;
        let fuel = cell(2).one_of("fuel", &Fuel::ALL, Fuel::id)?;
        let standard = cell(3).one_of("standard", &Standard::ALL, Standard::id)?;
        if (fuel == Fuel::Electric) != (standard == Standard::Nev) {
            return Err(cell(3).error(format!(
                "`{}` with fuel `{}`: electric rows have standard NEV and NEV rows are electric",
                standard.id(),
                fuel.id()
            )));
        }
        // Non-road machinery has stages I–IV (GB 20891); the last took effect in Dec 2022.
        if class.is_nonroad() && standard > Standard::China4 && standard != Standard::Nev {
            return Err(cell(3).error(format!(
                "`{}` does not exist for non-road machinery (stages China0–China4)",
                standard.id()
            )));
        }
        let key = (county, class, fuel, standard);
        if let Some(&other) = first_line.get(&key) {
            return Err(cell(0).error(format!(
                "{} {} {} {} repeats line {other}: one row per county, class, fuel and standard",
                known_counties[county],
                class.id(),
                fuel.id(),
                standard.id()
            )));
        }
        first_line.insert(key, row.line);
        let mut ef = [0.0; 6];
        for (slot, col) in ef.iter_mut().zip(EF_COLUMNS) {
            *slot = cell(col).non_negative()?;
        }
        if ef[EF_PM10 - EF_COLUMNS.start] < ef[EF_PM25 - EF_COLUMNS.start] {
            return Err(cell(EF_PM10).error(format!(
                "PM10 ({}) is less than PM2.5 ({}); PM2.5 is part of PM10",
                ef[EF_PM10 - EF_COLUMNS.start],
                ef[EF_PM25 - EF_COLUMNS.start]
            )));
        }
        if fuel == Fuel::Electric
            && let Some(i) = ef.iter().position(|v| *v > 0.0)
        {
            return Err(cell(EF_COLUMNS.start + i)
                .error("an electric row has no exhaust: its emission factors are 0"));
        }
        fleet
            .county
            .push(u16::try_from(county).expect("fewer than 65,536 counties"));
        fleet.class.push(class);
        fleet.fuel.push(fuel);
        fleet.standard.push(standard);
        fleet.count.push(cell(4).non_negative()?);
        fleet.daily_km.push(cell(5).non_negative()?);
        fleet.urban_share.push(cell(6).fraction()?);
        fleet.ef.push(ef);
        fleet.exempt_share.push(cell(13).fraction()?);
    }
    if fleet.is_empty() {
        return Err(InputError::new(
            path,
            "no fleet rows: at least one vehicle class is required",
        ));
    }
    Ok(fleet)
}

#[cfg(test)]
#[path = "fleet_tests.rs"]
mod tests;
