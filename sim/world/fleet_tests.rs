use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::world::counties::{Counties, POLLUTANTS, load_counties};

fn scenario_file(name: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .join(file)
}

fn counties(name: &str) -> Counties {
    load_counties(&scenario_file(name, "counties.csv")).unwrap_or_else(|e| panic!("{e}"))
}

fn load(name: &str) -> (Counties, Fleet) {
    let c = counties(name);
    let ids: Vec<&str> = c.id.iter().map(String::as_str).collect();
    let fleet =
        load_fleet(&scenario_file(name, "fleet.csv"), &ids).unwrap_or_else(|e| panic!("{e}"));
    (c, fleet)
}

const SCENARIOS: [&str; 2] = ["liaocheng-2016", "liaocheng-2020"];

#[test]
fn both_fleets_load_with_every_class_in_every_county() {
    for name in SCENARIOS {
        let (c, f) = load(name);
        assert!(f.len() > 500, "{name}: {} rows", f.len());
        for county in 0..c.len() {
            for class in VehicleClass::ALL {
                assert!(
                    (0..f.len()).any(|r| usize::from(f.county[r]) == county && f.class[r] == class),
                    "{name}: {} has no {}",
                    c.id[county],
                    class.id()
                );
            }
        }
    }
}

/// The fleet is a breakdown of the inventory: its yearly emissions per county equal the
/// `onroad` (road classes) and `nonroad` (machinery) cells of counties.csv, species by species.
#[test]
fn fleet_emissions_equal_the_onroad_and_nonroad_sectors_of_counties_csv() {
    for name in SCENARIOS {
        let (c, f) = load(name);
        let totals = f.totals(c.len());
        for (county, total) in totals.iter().enumerate() {
            for (s, sector) in [Sector::Onroad, Sector::Nonroad].into_iter().enumerate() {
                for (i, species) in FLEET_SPECIES.iter().enumerate() {
                    // Recomputed here from the rows, independent of `totals`.
                    let by_rows: f64 = (0..f.len())
                        .filter(|&r| {
                            usize::from(f.county[r]) == county && f.class[r].sector() == sector
                        })
                        .map(|r| f.count[r] * f.daily_km[r] * 365.0 * f.ef[r][i] / 1e6)
                        .sum();
                    let want = c.emission(county, sector, *species);
                    let got = total[s][i];
                    assert!((got - by_rows).abs() < 1e-9 * want.max(1.0));
                    assert!(
                        (got - want).abs() <= 1e-5 * want + 0.01,
                        "{name} {} {} {}: fleet {got} t, inventory {want} t",
                        c.id[county],
                        sector.id(),
                        species.id()
                    );
                }
            }
        }
    }
}

#[test]
fn nh3_is_the_one_inventory_species_the_fleet_leaves_out() {
    let covered: Vec<Species> = FLEET_SPECIES.to_vec();
    let left: Vec<Species> = POLLUTANTS
        .into_iter()
        .filter(|s| !covered.contains(s))
        .collect();
    assert_eq!(left, [Species::Nh3]);
}

#[test]
fn standards_are_ordered_so_that_china_iv_and_below_is_a_comparison() {
    assert!(Standard::China0 < Standard::China4);
    assert!(Standard::China4 < Standard::China5);
    assert!(Standard::China6 < Standard::Nev);
    assert!(Standard::China4.at_most(EmissionStandard::China4));
    assert!(Standard::China2.at_most(EmissionStandard::China4));
    assert!(!Standard::China5.at_most(EmissionStandard::China4));
    assert!(!Standard::Nev.at_most(EmissionStandard::China6));
    assert!(Standard::China5.at_most(EmissionStandard::China5));
}

#[test]
fn the_plans_vehicle_kinds_name_classes_and_fuels() {
    use VehicleKind as K;
    assert!(VehicleClass::HeavyTruck.is_kind(Fuel::Diesel, K::HeavyDieselTruck));
    assert!(!VehicleClass::HeavyTruck.is_kind(Fuel::Gas, K::HeavyDieselTruck));
    assert!(VehicleClass::LightTruck.is_kind(Fuel::Diesel, K::DieselTruck));
    assert!(!VehicleClass::LightTruck.is_kind(Fuel::Gasoline, K::DieselTruck));
    assert!(VehicleClass::MediumTruck.is_kind(Fuel::Diesel, K::MediumDieselTruck));
    assert!(!VehicleClass::Car.is_kind(Fuel::Diesel, K::DieselTruck));
    assert!(VehicleClass::Tractor.is_kind(Fuel::Diesel, K::Tractor));
    assert!(!VehicleClass::NonroadAgriculture.is_kind(Fuel::Diesel, K::Tractor));
    assert!(VehicleClass::Tricycle.is_kind(Fuel::Diesel, K::Tricycle));
    assert!(VehicleClass::LowSpeedTruck.is_kind(Fuel::Diesel, K::LowSpeedTruck));
    assert_eq!(
        VehicleClass::NonroadConstruction.workplaces(),
        &[Place::ConstructionSites]
    );
    assert!(VehicleClass::NonroadAgriculture.workplaces().is_empty());
    assert_eq!(VehicleClass::Tractor.sector(), Sector::Onroad);
    assert_eq!(VehicleClass::NonroadIndustrial.sector(), Sector::Nonroad);
}

#[test]
fn the_2020_fleet_is_cleaner_than_the_2016_fleet() {
    let share_old_heavy = |name: &str| {
        let (_, f) = load(name);
        let (mut old, mut all) = (0.0, 0.0);
        for r in 0..f.len() {
            if f.class[r] == VehicleClass::HeavyTruck {
                all += f.count[r];
                if f.standard[r].at_most(EmissionStandard::China4) {
                    old += f.count[r];
                }
            }
        }
        old / all
    };
    let (s16, s20) = (
        share_old_heavy("liaocheng-2016"),
        share_old_heavy("liaocheng-2020"),
    );
    // China V heavy diesel came in mid-2017: none in 2016; about half by 2020.
    assert_eq!(s16, 1.0);
    assert!((0.3..0.7).contains(&s20), "{s20}");
    let (_, f) = load("liaocheng-2020");
    for r in 0..f.len() {
        if f.standard[r] == Standard::Nev {
            assert_eq!(f.fuel[r], Fuel::Electric);
            assert_eq!(f.ef[r], [0.0; 6]);
        }
        assert!(f.urban_share[r] <= 0.95);
    }
}

// ---- bad input ------------------------------------------------------------------------------

const KNOWN: [&str; 2] = ["north", "south"];

fn parse(t: &str) -> Result<Fleet, InputError> {
    parse_fleet(t, Path::new("f.csv"), &KNOWN)
}

fn valid_rows() -> Vec<Vec<String>> {
    let row = |county: &str, class: &str, fuel: &str, std: &str| -> Vec<String> {
        [
            county, class, fuel, std, "100", "30", "0.4", "0.001", "0.5", "0.01", "0.012", "0.2",
            "1.5", "0.03",
        ]
        .map(String::from)
        .to_vec()
    };
    vec![
        row("north", "car", "gasoline", "China4"),
        row("south", "heavy_truck", "diesel", "China3"),
    ]
}

fn text(rows: &[Vec<String>]) -> String {
    let mut t = FLEET_HEADER.join(",");
    t.push('\n');
    for r in rows {
        t.push_str(&r.join(","));
        t.push('\n');
    }
    t
}

/// Parse the valid table with one cell of the second row (line 3) replaced; `column` 1-based.
fn with_cell(column: usize, value: &str) -> InputError {
    let mut rows = valid_rows();
    rows[1][column - 1] = value.to_string();
    parse(&text(&rows)).unwrap_err()
}

#[test]
fn a_minimal_table_parses() {
    let f = parse(&text(&valid_rows())).unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(f.county, [0, 1]);
    assert_eq!(f.class[1], VehicleClass::HeavyTruck);
    assert_eq!(f.standard[0], Standard::China4);
    let e = f.yearly_emissions(0);
    assert!((e[1] - 100.0 * 30.0 * 365.0 * 0.5 / 1e6).abs() < 1e-12);
    let with_bom = format!("\u{feff}{}\n\n", text(&valid_rows()));
    assert_eq!(parse(&with_bom).unwrap(), f);
}

#[test]
fn bad_cells_are_named_by_line_and_column() {
    assert_eq!(
        with_cell(2, "bicycle").to_string(),
        "f.csv:3:2: class: `bicycle` is not a vehicle class: expected one of car, taxi, bus, \
         light_truck, medium_truck, heavy_truck, tricycle, low_speed_truck, tractor, motorcycle, \
         nonroad_construction, nonroad_industrial, nonroad_agriculture"
    );
    assert_eq!(
        with_cell(4, "Euro6").to_string(),
        "f.csv:3:4: standard: `Euro6` is not a standard: expected one of China0, China1, China2, \
         China3, China4, China5, China6, NEV"
    );
    assert_eq!(
        with_cell(3, "coal").to_string(),
        "f.csv:3:3: fuel: `coal` is not a fuel: expected one of gasoline, diesel, gas, electric"
    );
    assert_eq!(
        with_cell(1, "east").to_string(),
        "f.csv:3:1: county: `east` is not a known county (known: north, south)"
    );
    assert_eq!(
        with_cell(5, "-3").to_string(),
        "f.csv:3:5: count: `-3` is negative: must be >= 0"
    );
    assert_eq!(
        with_cell(7, "1.2").to_string(),
        "f.csv:3:7: urban_share: `1.2` must lie in [0, 1]"
    );
    assert_eq!(
        with_cell(14, "-0.1").to_string(),
        "f.csv:3:14: exempt_share: `-0.1` must lie in [0, 1]"
    );
    assert_eq!(
        with_cell(9, "").to_string(),
        "f.csv:3:9: ef_nox: is empty: write 0 if there is none"
    );
    assert_eq!(
        with_cell(11, "0.005").to_string(),
        "f.csv:3:11: ef_pm10: PM10 (0.005) is less than PM2.5 (0.01); PM2.5 is part of PM10"
    );
    assert!(with_cell(6, "NaN").message.contains("finite"));
}

#[test]
fn rows_that_contradict_themselves_or_repeat_are_rejected() {
    assert_eq!(
        with_cell(3, "electric").to_string(),
        "f.csv:3:4: standard: `China3` with fuel `electric`: electric rows have standard NEV and \
         NEV rows are electric"
    );
    let mut rows = valid_rows();
    rows[1][2] = "electric".into();
    rows[1][3] = "NEV".into();
    assert_eq!(
        parse(&text(&rows)).unwrap_err().to_string(),
        "f.csv:3:8: ef_so2: an electric row has no exhaust: its emission factors are 0"
    );
    let mut rows = valid_rows();
    rows[1][1] = "nonroad_construction".into();
    rows[1][3] = "China5".into();
    assert_eq!(
        parse(&text(&rows)).unwrap_err().to_string(),
        "f.csv:3:4: standard: `China5` does not exist for non-road machinery (stages China0–China4)"
    );
    let mut rows = valid_rows();
    rows[1] = rows[0].clone();
    assert_eq!(
        parse(&text(&rows)).unwrap_err().to_string(),
        "f.csv:3:1: county: north car gasoline China4 repeats line 2: one row per county, class, \
         fuel and standard"
    );
}

#[test]
fn header_problems_name_the_columns() {
    let rows = valid_rows();
    let mut short = rows.clone();
    for r in &mut short {
        r.pop();
    }
    let t = format!(
        "{}\n{}\n",
        FLEET_HEADER[..13].join(","),
        short
            .iter()
            .map(|r| r.join(","))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        parse(&t).unwrap_err().to_string(),
        "f.csv:1: bad header: missing columns: `exempt_share`"
    );
    let upper = text(&rows).replacen("daily_km", "Daily_km", 1);
    assert_eq!(
        parse(&upper).unwrap_err().to_string(),
        "f.csv:1:6: Daily_km: bad header: unknown columns: `Daily_km` (column 6; names are lower \
         case: `daily_km`); missing columns: `daily_km`"
    );
    let swapped = text(&rows).replacen("ef_so2,ef_nox", "ef_nox,ef_so2", 1);
    assert!(
        parse(&swapped)
            .unwrap_err()
            .message
            .contains("column 8 is `ef_nox` where `ef_so2` belongs")
    );
    assert_eq!(
        parse("").unwrap_err().to_string(),
        "f.csv:1: the file is empty: the header row is required"
    );
    assert!(
        parse(&text(&[]))
            .unwrap_err()
            .message
            .contains("no fleet rows")
    );
    let t = format!("{}\nnorth,car\n", FLEET_HEADER.join(","));
    assert_eq!(
        parse(&t).unwrap_err().to_string(),
        "f.csv:2: the row has 2 fields, the header 14"
    );
}

#[test]
fn a_broken_copy_of_the_real_file_gives_a_located_error() {
    let c = counties("liaocheng-2020");
    let ids: Vec<&str> = c.id.iter().map(String::as_str).collect();
    let path = scenario_file("liaocheng-2020", "fleet.csv");
    let real = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = real.lines().map(String::from).collect();
    lines[40] = lines[40].replacen(",diesel,", ",kerosene,", 1);
    lines[40] = lines[40].replacen(",gasoline,", ",kerosene,", 1);
    lines[40] = lines[40].replacen(",gas,", ",kerosene,", 1);
    let err = parse_fleet(&lines.join("\n"), &path, &ids).unwrap_err();
    assert_eq!(err.location.line, Some(41), "{err}");
    assert_eq!(err.location.column, Some(3), "{err}");
    assert_eq!(err.field, "fuel");
}

#[test]
fn a_missing_file_is_an_input_error_naming_it() {
    let err = load_fleet(Path::new("no/such/fleet.csv"), &KNOWN).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no/such/fleet.csv: cannot read"),
        "{err}"
    );
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_the_parser(t in "\\PC*") {
        let _ = parse(&t);
    }

    #[test]
    fn edited_valid_tables_never_panic_the_parser(
        edits in prop::collection::vec((any::<usize>(), "[,\n\"a-z0-9.\\- ]|\u{feff}|"), 0..12)
    ) {
        let mut chars: Vec<char> = text(&valid_rows()).chars().collect();
        for (at, replacement) in edits {
            if chars.is_empty() {
                break;
            }
            let at = at % chars.len();
            chars.splice(at..at + 1, replacement.chars());
        }
        let t: String = chars.into_iter().collect();
        let _ = parse(&t);
    }
}
