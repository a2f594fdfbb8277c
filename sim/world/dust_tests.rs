use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::world::counties::{Counties, Sector, Species, load_counties};

fn scenario_file(name: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .join(file)
}

fn load(name: &str) -> (Counties, DustSources) {
    let c = load_counties(&scenario_file(name, "counties.csv")).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = c.id.iter().map(String::as_str).collect();
    let d = load_dust(&scenario_file(name, "dust.csv"), &ids).unwrap_or_else(|e| panic!("{e}"));
    (c, d)
}

const SCENARIOS: [&str; 2] = ["liaocheng-2016", "liaocheng-2020"];

#[test]
fn both_dust_tables_hold_every_source_in_every_county() {
    for name in SCENARIOS {
        let (c, d) = load(name);
        assert_eq!(d.len(), c.len() * DustKind::ALL.len(), "{name}");
        for county in 0..c.len() {
            for kind in DustKind::ALL {
                assert!(
                    (0..d.len()).any(|r| usize::from(d.county[r]) == county && d.source[r] == kind),
                    "{name}: {} has no {}",
                    c.id[county],
                    kind.id()
                );
            }
        }
    }
}

/// The dust table is a breakdown of the inventory: PM10 and PM2.5 per county equal the `dust`
/// cells of counties.csv.
#[test]
fn dust_pm_equals_the_dust_sector_of_counties_csv() {
    for name in SCENARIOS {
        let (c, d) = load(name);
        let totals = d.totals(c.len());
        for (county, total) in totals.iter().enumerate() {
            for (i, species) in [Species::Pm10, Species::Pm25].into_iter().enumerate() {
                let want = c.emission(county, Sector::Dust, species);
                let by_rows: f64 = (0..d.len())
                    .filter(|&r| usize::from(d.county[r]) == county)
                    .map(|r| if i == 0 { d.pm10_t[r] } else { d.pm25_t[r] })
                    .sum();
                assert!((total[i] - by_rows).abs() < 1e-9);
                assert!(
                    (by_rows - want).abs() < 0.005,
                    "{name} {} {}: sources {by_rows} t, inventory {want} t",
                    c.id[county],
                    species.id()
                );
            }
        }
    }
}

#[test]
fn only_arterial_roads_are_washed_and_only_sites_are_guaranteed() {
    for name in SCENARIOS {
        let (_, d) = load(name);
        for r in 0..d.len() {
            assert_eq!(d.washable[r], d.source[r] == DustKind::RoadArterial);
            if d.source[r] == DustKind::ConstructionSite {
                assert!((0.05..0.3).contains(&d.guaranteed_share[r]), "{name}");
            } else {
                assert_eq!(d.guaranteed_share[r], 0.0);
            }
        }
    }
    assert!(DustKind::AggregateYard.is(DustSource::AggregateYard));
    assert!(DustKind::SlateWorks.is(DustSource::SlateWorks));
    assert!(!DustKind::ConstructionSite.is(DustSource::StoneWorks));
}

// ---- bad input ------------------------------------------------------------------------------

const KNOWN: [&str; 2] = ["north", "south"];

fn parse(t: &str) -> Result<DustSources, InputError> {
    parse_dust(t, Path::new("d.csv"), &KNOWN)
}

fn valid_rows() -> Vec<Vec<String>> {
    vec![
        [
            "north",
            "construction_site",
            "12",
            "100.5",
            "25.1",
            "0.15",
            "0",
        ]
        .map(String::from)
        .to_vec(),
        ["south", "road_arterial", "40.5", "80", "20", "0", "1"]
            .map(String::from)
            .to_vec(),
    ]
}

fn text(rows: &[Vec<String>]) -> String {
    let mut t = DUST_HEADER.join(",");
    t.push('\n');
    for r in rows {
        t.push_str(&r.join(","));
        t.push('\n');
    }
    t
}

fn with_cell(column: usize, value: &str) -> InputError {
    let mut rows = valid_rows();
    rows[1][column - 1] = value.to_string();
    parse(&text(&rows)).unwrap_err()
}

#[test]
fn a_minimal_table_parses() {
    let d = parse(&text(&valid_rows())).unwrap();
    assert_eq!(
        d.source,
        [DustKind::ConstructionSite, DustKind::RoadArterial]
    );
    assert_eq!(d.washable, [false, true]);
    assert_eq!(d.totals(2), [[100.5, 25.1], [80.0, 20.0]]);
}

#[test]
fn bad_cells_are_named_by_line_and_column() {
    assert_eq!(
        with_cell(2, "fireworks").to_string(),
        "d.csv:3:2: source: `fireworks` is not a dust source: expected one of construction_site, \
         aggregate_yard, stone_works, slate_works, road_arterial, road_other, bulk_storage, \
         haul_vehicles, soil"
    );
    assert_eq!(
        with_cell(3, "-1").to_string(),
        "d.csv:3:3: count: `-1` is negative: must be >= 0"
    );
    assert_eq!(
        with_cell(4, "10").to_string(),
        "d.csv:3:4: pm10_t: PM10 (10) is less than PM2.5 (20); PM2.5 is part of PM10"
    );
    assert_eq!(
        with_cell(6, "1.5").to_string(),
        "d.csv:3:6: guaranteed_share: `1.5` must lie in [0, 1]"
    );
    assert_eq!(
        with_cell(6, "0.2").to_string(),
        "d.csv:3:6: guaranteed_share: only construction sites can be guaranteed key projects \
         (plan §4.4.1.3), not `road_arterial`"
    );
    assert_eq!(
        with_cell(7, "yes").to_string(),
        "d.csv:3:7: washable: `yes` must be 0 or 1"
    );
    assert_eq!(
        with_cell(1, "west").to_string(),
        "d.csv:3:1: county: `west` is not a known county (known: north, south)"
    );
    let mut rows = valid_rows();
    rows[1][0] = "north".into();
    rows[1][1] = "construction_site".into();
    assert_eq!(
        parse(&text(&rows)).unwrap_err().to_string(),
        "d.csv:3:2: source: north construction_site repeats line 2: one row per county and source"
    );
}

#[test]
fn header_and_table_problems_are_located() {
    let missing = text(&valid_rows()).replacen(",washable", "", 1);
    let err = parse(&missing).unwrap_err();
    assert_eq!(err.location.line, Some(1));
    assert!(err.message.contains("missing columns: `washable`"), "{err}");
    assert!(
        parse(&text(&[]))
            .unwrap_err()
            .message
            .contains("no dust rows")
    );
    assert_eq!(
        parse("").unwrap_err().to_string(),
        "d.csv:1: the file is empty: the header row is required"
    );
}

#[test]
fn a_broken_copy_of_the_real_file_gives_a_located_error() {
    let c = load_counties(&scenario_file("liaocheng-2020", "counties.csv")).unwrap();
    let ids: Vec<&str> = c.id.iter().map(String::as_str).collect();
    let path = scenario_file("liaocheng-2020", "dust.csv");
    let real = std::fs::read_to_string(&path).unwrap();
    let broken = real.replacen(",road_other,", ",road_other,-", 1);
    let err = parse_dust(&broken, &path, &ids).unwrap_err();
    assert_eq!(err.location.column, Some(3), "{err}");
    assert_eq!(err.field, "count");
    assert!(err.to_string().contains("dust.csv:7:3"), "{err}");
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
