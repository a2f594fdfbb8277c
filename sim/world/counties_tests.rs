use std::path::PathBuf;

use proptest::prelude::*;

use super::*;

fn scenario(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .join("counties.csv")
}

fn load(name: &str) -> Counties {
    let path = scenario(name);
    load_counties(&path).unwrap_or_else(|e| panic!("{e}"))
}

const IDS: [&str; 11] = [
    "dongchangfu",
    "chiping",
    "linqing",
    "yanggu",
    "shenxian",
    "guanxian",
    "donge",
    "gaotang",
    "econ_zone",
    "hitech_zone",
    "resort",
];

// City totals, t/yr, copied from the table "City totals" in scenarios/liaocheng-2020/EMISSIONS.md
// (so2, nox, pm25, pm10, vocs, co, nh3). If the data change, the document must change with them.
const TOTALS_2016: [f64; 7] = [
    91_839.0, 108_482.0, 58_669.0, 131_299.0, 98_772.0, 692_894.0, 58_341.0,
];
const TOTALS_2020: [f64; 7] = [
    26_809.0, 66_565.0, 32_609.0, 79_844.0, 76_994.0, 450_968.0, 53_675.0,
];

#[test]
fn both_liaocheng_tables_hold_the_eleven_units_in_order() {
    for name in ["liaocheng-2016", "liaocheng-2020"] {
        let c = load(name);
        assert_eq!(c.len(), 11, "{name}");
        assert!(!c.is_empty());
        assert_eq!(c.id, IDS, "{name}");
        assert_eq!(c.emissions.shape(), &[11, 8, 7]);
        assert_eq!(c.index("hitech_zone"), Some(9));
        assert_eq!(c.index("beijing"), None);
        let zones = c.kind.iter().filter(|k| **k == CountyKind::Zone).count();
        assert_eq!(zones, 3, "{name}");
        assert_eq!(c.kind[c.index("linqing").unwrap()], CountyKind::City);
        // The 2020 census total (595.21万), the same in both scenarios.
        assert_eq!(c.total_population(), 5_952_100.0, "{name}");
        let weights: f64 = c.monitor_weight.iter().sum();
        assert!((weights - 1.0).abs() < 1e-9, "{name}");
    }
}

#[test]
fn chiping_keeps_one_id_across_its_2019_change_from_county_to_district() {
    let (c16, c20) = (load("liaocheng-2016"), load("liaocheng-2020"));
    let i = c16.index("chiping").unwrap();
    assert_eq!(
        (c16.name_zh[i].as_str(), c16.kind[i]),
        ("茌平县", CountyKind::County)
    );
    assert_eq!(
        (c20.name_zh[i].as_str(), c20.kind[i]),
        ("茌平区", CountyKind::District)
    );
}

#[test]
fn city_totals_match_the_table_in_emissions_md() {
    for (name, totals) in [
        ("liaocheng-2016", TOTALS_2016),
        ("liaocheng-2020", TOTALS_2020),
    ] {
        let c = load(name);
        for (species, want) in POLLUTANTS.iter().zip(totals) {
            assert_eq!(c.total(*species), want, "{name} {}", species.id());
        }
    }
    // Two sector cells of the same tables.
    let c16 = load("liaocheng-2016");
    assert_eq!(c16.sector_total(Sector::Industry, Species::So2), 52_021.0);
    assert_eq!(c16.sector_total(Sector::Dust, Species::Pm10), 79_041.0);
    let c20 = load("liaocheng-2020");
    assert_eq!(c20.sector_total(Sector::Power, Species::Nox), 11_745.0);
    assert_eq!(c20.sector_total(Sector::Solvent, Species::Vocs), 24_105.0);
}

#[test]
fn pm10_is_at_least_pm25_in_every_sector_and_county() {
    for name in ["liaocheng-2016", "liaocheng-2020"] {
        let c = load(name);
        for county in 0..c.len() {
            for sector in SECTORS {
                let pm25 = c.emission(county, sector, Species::Pm25);
                let pm10 = c.emission(county, sector, Species::Pm10);
                assert!(pm10 >= pm25, "{name} {} {}", c.id[county], sector.id());
            }
        }
    }
}

#[test]
fn every_species_falls_from_2016_to_2020() {
    let (c16, c20) = (load("liaocheng-2016"), load("liaocheng-2020"));
    for species in POLLUTANTS {
        assert!(c20.total(species) < c16.total(species), "{}", species.id());
    }
}

#[test]
fn the_sector_split_follows_the_industrial_structure() {
    for name in ["liaocheng-2016", "liaocheng-2020"] {
        let c = load(name);
        let argmax = |sector: Sector, species: Species| {
            (0..c.len())
                .max_by(|&a, &b| {
                    c.emission(a, sector, species)
                        .total_cmp(&c.emission(b, sector, species))
                })
                .map(|i| c.id[i].as_str())
                .unwrap()
        };
        // Aluminium, alumina and their captive power in Chiping.
        assert_eq!(argmax(Sector::Industry, Species::So2), "chiping", "{name}");
        assert_eq!(argmax(Sector::Power, Species::So2), "chiping", "{name}");
        assert_eq!(argmax(Sector::Industry, Species::Co), "chiping", "{name}");
        // Coal chemicals and fertiliser in the high-tech zone.
        assert_eq!(
            argmax(Sector::Industry, Species::Vocs),
            "hitech_zone",
            "{name}"
        );
        assert_eq!(
            argmax(Sector::Industry, Species::Nh3),
            "hitech_zone",
            "{name}"
        );
        // Farming and broilers in Shenxian.
        assert_eq!(
            argmax(Sector::Agriculture, Species::Nh3),
            "shenxian",
            "{name}"
        );
        // SO2 comes from coal, none from dust or solvents.
        assert_eq!(c.sector_total(Sector::Dust, Species::So2), 0.0);
        assert_eq!(c.sector_total(Sector::Solvent, Species::So2), 0.0);
    }
}

// ---- bad input ------------------------------------------------------------------------------

fn header() -> String {
    expected_header().join(",")
}

/// A valid row: 56 emission cells of 1 except PM10, 2.
fn row(id: &str, weight: &str) -> Vec<String> {
    let mut cells: Vec<String> = vec![
        id.into(),
        "东昌府区".into(),
        "Dongchangfu District".into(),
        "district".into(),
        "1000".into(),
        "760".into(),
        "0.8".into(),
        weight.into(),
    ];
    for _ in SECTORS {
        for species in POLLUTANTS {
            cells.push(if species == Species::Pm10 { "2" } else { "1" }.into());
        }
    }
    cells
}

fn text(header: &str, rows: &[Vec<String>]) -> String {
    let mut t = format!("{header}\n");
    for r in rows {
        t.push_str(&r.join(","));
        t.push('\n');
    }
    t
}

fn valid() -> Vec<Vec<String>> {
    vec![row("a", "0.25"), row("b_2", "0.75")]
}

fn parse(t: &str) -> Result<Counties, InputError> {
    parse_counties(t, Path::new("c.csv"))
}

/// The 1-based column of an emission cell.
fn col(sector: Sector, species: Species) -> usize {
    FIXED.len() + sector.index() * POLLUTANTS.len() + species.index() + 1
}

#[test]
fn a_minimal_valid_table_parses_with_or_without_a_bom_and_blank_lines() {
    let t = text(&header(), &valid());
    let c = parse(&t).unwrap();
    assert_eq!(c.id, ["a", "b_2"]);
    assert_eq!(c.total(Species::Pm10), 2.0 * 8.0 * 2.0);
    assert_eq!(c.county_total(1, Species::So2), 8.0);
    assert_eq!(c.emission(0, Sector::Solvent, Species::Nh3), 1.0);
    let with_bom = format!("\u{feff}{t}\n\n");
    assert_eq!(parse(&with_bom).unwrap(), c);
}

#[test]
fn header_problems_name_the_columns() {
    let rows = valid();
    let names = expected_header();

    let missing = names[..names.len() - 1].join(",");
    let mut short_rows = rows.clone();
    for r in &mut short_rows {
        r.pop();
    }
    let err = parse(&text(&missing, &short_rows)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv:1: bad header: missing columns: `solvent_nh3`"
    );

    let upper = header().replacen("power_so2", "Power_SO2", 1);
    let err = parse(&text(&upper, &rows)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv:1:9: Power_SO2: bad header: unknown columns: `Power_SO2` (column 9; names are \
         lower case: `power_so2`); missing columns: `power_so2`"
    );

    let twice = header().replacen("power_nox", "power_so2", 1);
    let err = parse(&text(&twice, &rows)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv:1:10: power_so2: bad header: column `power_so2` appears twice (columns 9 and 10); \
         missing columns: `power_nox`"
    );

    let mut swapped = names.clone();
    swapped.swap(8, 9);
    let err = parse(&text(&swapped.join(","), &rows)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv:1:9: power_nox: bad header: column 9 is `power_nox` where `power_so2` belongs: \
         the columns must be in the documented order"
    );

    let extra = format!("{},comment", header());
    let err = parse(&text(&extra, &rows)).unwrap_err();
    assert!(
        err.message
            .contains("unknown columns: `comment` (column 65)"),
        "{err}"
    );

    let err = parse("").unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv:1: the file is empty: the header row is required"
    );
}

/// Parse the valid table with one cell of the second row (line 3) replaced.
fn with_cell(column: usize, value: &str) -> InputError {
    let mut rows = valid();
    rows[1][column - 1] = value.to_string();
    parse(&text(&header(), &rows)).unwrap_err()
}

#[test]
fn bad_cells_are_named_by_line_and_column() {
    let so2 = col(Sector::Power, Species::So2);
    assert_eq!(
        with_cell(so2, "abc").to_string(),
        "c.csv:3:9: power_so2: `abc` is not a number"
    );
    assert_eq!(
        with_cell(so2, "-1").to_string(),
        "c.csv:3:9: power_so2: `-1` is negative: must be >= 0"
    );
    assert_eq!(
        with_cell(so2, "").to_string(),
        "c.csv:3:9: power_so2: is empty: write 0 if there is none"
    );
    for v in ["NaN", "inf", "-inf"] {
        let err = with_cell(so2, v);
        assert!(err.message.contains("finite"), "{v}: {err}");
    }
    assert_eq!(
        with_cell(7, "1.5").to_string(),
        "c.csv:3:7: urban_share: `1.5` must lie in [0, 1]"
    );
    assert_eq!(
        with_cell(6, "0").to_string(),
        "c.csv:3:6: area_km2: `0` must be > 0"
    );
    assert_eq!(
        with_cell(5, "-5").to_string(),
        "c.csv:3:5: population: `-5` is negative: must be >= 0"
    );
    assert_eq!(
        with_cell(4, "prefecture").to_string(),
        "c.csv:3:4: kind: `prefecture` is not a kind: expected one of district, county, city, zone"
    );
    assert_eq!(with_cell(2, "").to_string(), "c.csv:3:2: name_zh: is empty");
    for bad in ["Dong Chang", "9x", "a__b", "b_", "", "é"] {
        let err = with_cell(1, bad);
        assert_eq!((err.location.line, err.location.column), (Some(3), Some(1)));
        assert!(err.message.contains("snake_case"), "{bad}: {err}");
    }
    assert_eq!(
        with_cell(1, "a").to_string(),
        "c.csv:3:1: id: `a` repeats the id of line 2"
    );
    let pm10 = col(Sector::Dust, Species::Pm10);
    assert_eq!(
        with_cell(pm10, "0.5").to_string(),
        format!(
            "c.csv:3:{pm10}: dust_pm10: dust PM10 (0.5) is less than its PM2.5 (1); PM2.5 is part \
             of PM10"
        )
    );
}

#[test]
fn table_level_problems_are_input_errors() {
    let err = parse(&text(&header(), &[row("a", "0.25"), row("b", "0.65")])).unwrap_err();
    assert_eq!(err.field, "monitor_weight");
    assert!(err.message.contains("sum to 0.9"), "{err}");

    let err = parse(&text(&header(), &[])).unwrap_err();
    assert!(err.message.contains("no county rows"), "{err}");

    let t = format!("{}\na,b,c\n", header());
    let err = parse(&t).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv:2: the row has 3 fields, the header 64"
    );

    // Weights written with a few decimals (1/3 each) are accepted within the tolerance.
    let rows = [
        row("a", "0.333333"),
        row("b", "0.333333"),
        row("c", "0.333334"),
    ];
    assert!(parse(&text(&header(), &rows)).is_ok());
}

#[test]
fn a_file_that_is_not_utf8_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counties.csv");
    std::fs::write(&path, b"id,\xff\xfe\n").unwrap();
    let err = load_counties(&path).unwrap_err();
    assert!(err.message.contains("not UTF-8"), "{err}");
    let err = load_counties(&dir.path().join("none.csv")).unwrap_err();
    assert!(err.message.contains("cannot read"), "{err}");
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
        let mut chars: Vec<char> = text(&header(), &valid()).chars().collect();
        for (at, replacement) in edits {
            let at = at % chars.len().max(1);
            if chars.is_empty() {
                break;
            }
            chars.splice(at..at + 1, replacement.chars());
        }
        let t: String = chars.into_iter().collect();
        let _ = parse(&t);
    }
}
