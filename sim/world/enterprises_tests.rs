use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::world::counties::{Counties, Sector, Species, load_counties};
use crate::world::guide::{VOCABULARY, load_guide};

fn scenario_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join("liaocheng-2020")
        .join(name)
}

fn counties() -> Counties {
    load_counties(&scenario_file("counties.csv")).unwrap_or_else(|e| panic!("{e}"))
}

fn county_ids(counties: &Counties) -> Vec<&str> {
    counties.id.iter().map(String::as_str).collect()
}

fn industry_ids() -> Vec<&'static str> {
    VOCABULARY.iter().map(|(id, _)| *id).collect()
}

/// The committed list, loaded as the simulator loads it, with the county table it was drawn on.
fn committed() -> (Enterprises, Counties) {
    let counties = counties();
    let list = load_enterprises(
        &scenario_file("enterprises.csv"),
        &county_ids(&counties),
        &industry_ids(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (list, counties)
}

// ------------------------------------------------------------------------ the committed list

#[test]
fn committed_list_loads_with_every_unit_and_many_industries() {
    let (list, counties) = committed();
    assert!(list.len() >= 1500, "{} firms", list.len());
    for c in 0..counties.len() {
        let n = list.county.iter().filter(|&&k| k as usize == c).count();
        assert!(n > 0, "no firm in {}", counties.id[c]);
    }
    let mut industries: Vec<u16> = list.industry.clone();
    industries.sort_unstable();
    industries.dedup();
    assert!(industries.len() >= 10, "{} industries", industries.len());
}

#[test]
fn committed_list_adds_up_to_each_units_industry_plus_power_emissions() {
    let (list, counties) = committed();
    // The list's PM is total particulate; the county table's nearest is PM10.
    let species = [Species::So2, Species::Nox, Species::Pm10, Species::Vocs];
    for c in 0..counties.len() {
        let listed = list.county_totals(c as u16);
        for (p, s) in species.into_iter().enumerate() {
            let table =
                counties.emission(c, Sector::Industry, s) + counties.emission(c, Sector::Power, s);
            assert!(
                (listed[p] - table).abs() <= 0.001,
                "{} {}: listed {} t, county table {} t",
                counties.id[c],
                POLLUTANT_IDS[p],
                listed[p],
                table
            );
        }
    }
}

#[test]
fn committed_list_uses_only_grades_the_guide_gives_each_industry() {
    let (list, _) = committed();
    let guide = load_guide(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join("technical-guide-2020.toml"),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let ids = industry_ids();
    for k in 0..list.len() {
        let id = ids[list.industry[k] as usize];
        let (_, industry) = guide
            .industry(id)
            .expect("every vocabulary id is in the guide");
        let grade = list.grade[k];
        if industry.is_graded() {
            assert!(
                industry.uses(grade),
                "{}: {id} has no grade {grade:?}",
                list.id[k]
            );
        } else {
            assert_eq!(
                grade,
                Grade::NonLeading,
                "{}: {id} is not graded",
                list.id[k]
            );
        }
    }
}

#[test]
fn committed_list_flags_are_consistent() {
    let (list, _) = committed();
    let power = industry_ids()
        .iter()
        .position(|&i| i == "power_heat")
        .expect("power_heat") as u16;
    for k in 0..list.len() {
        let total: f64 = list.emissions[k].iter().sum();
        if list.small_micro[k] {
            assert!(total < SMALL_MICRO_MAX_T, "{}", list.id[k]);
            assert!(!list.cems[k] && list.industry[k] != power, "{}", list.id[k]);
        }
        assert_eq!(list.guaranteed[k], list.guarantee_mode[k].is_some());
    }
    // Plan §4.4.1.2: residential heat and power are guaranteed.
    let guaranteed_power = (0..list.len())
        .filter(|&k| list.industry[k] == power && list.guaranteed[k])
        .count();
    assert!(guaranteed_power > 0);
    assert!(list.small_micro.iter().any(|&s| s));
    assert!(list.cems.iter().any(|&c| c));
}

// ------------------------------------------------------------------------------ located errors

const COUNTIES: [&str; 2] = ["dongchangfu", "chiping"];

/// A valid three-firm list; row 2 is the first firm, row 4 the last.
fn valid_rows() -> Vec<Vec<String>> {
    let rows: [[&str; 16]; 3] = [
        [
            "E1",
            "东昌府热电",
            "dongchangfu",
            "power_heat",
            "NonLeading",
            "1",
            "heat",
            "0",
            "2",
            "1",
            "120.5",
            "200",
            "30",
            "12",
            "50000",
            "60",
        ],
        [
            "E2",
            "茌平铸造",
            "chiping",
            "casting",
            "C",
            "0",
            "",
            "0",
            "1",
            "0",
            "1.2",
            "3",
            "5.5",
            "0.8",
            "2000",
            "4",
        ],
        [
            "E3",
            "小家具",
            "chiping",
            "furniture",
            "D",
            "0",
            "",
            "1",
            "1",
            "0",
            "0",
            "0.001",
            "0.01",
            "0.05",
            "80",
            "0",
        ],
    ];
    let mut out = vec![COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    out.extend(
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
    );
    out
}

fn to_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("memory");
    }
    String::from_utf8(w.into_inner().expect("memory")).expect("utf-8")
}

fn parse_rows(rows: &[Vec<String>]) -> Result<Enterprises, InputError> {
    parse_enterprises(
        to_text(rows).as_bytes(),
        Path::new("list.csv"),
        &COUNTIES,
        &industry_ids(),
    )
}

fn column(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).expect("a column")
}

/// `valid_rows` with the cell at spreadsheet row `row` of column `name` replaced.
fn with_cell(row: usize, name: &str, value: &str) -> Vec<Vec<String>> {
    let mut rows = valid_rows();
    rows[row - 1][column(name)] = value.to_string();
    rows
}

/// The error of `rows`, asserted to sit at spreadsheet `row` and in column `name`.
fn error_at(rows: &[Vec<String>], row: usize, name: &str) -> InputError {
    let err = parse_rows(rows).expect_err("the list is wrong");
    assert_eq!(err.location.file, PathBuf::from("list.csv"), "{err}");
    assert_eq!(err.location.line, Some(row), "{err}");
    assert_eq!(err.location.column, Some(column(name) + 1), "{err}");
    assert_eq!(err.field, name, "{err}");
    err
}

#[test]
fn the_valid_sample_loads() {
    let list = parse_rows(&valid_rows()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.len(), 3);
    assert_eq!(list.id, ["E1", "E2", "E3"]);
    assert_eq!(list.county, [0, 1, 1]);
    assert_eq!(list.grade, [Grade::NonLeading, Grade::C, Grade::D]);
    assert_eq!(
        list.guarantee_mode,
        [Some(GuaranteeMode::HeatDetermined), None, None]
    );
    assert_eq!(list.emissions[0], [120.5, 200.0, 30.0, 12.0]);
    assert_eq!(list.small_micro, [false, false, true]);
}

#[test]
fn an_unknown_industry_is_located() {
    let err = error_at(&with_cell(3, "industry", "steel_mill"), 3, "industry");
    assert!(
        err.message.contains("`steel_mill` is not a known industry"),
        "{err}"
    );
}

#[test]
fn an_unknown_grade_is_located() {
    let err = error_at(&with_cell(4, "grade", "B-"), 4, "grade");
    assert!(err.message.contains("`B-` is not a grade"), "{err}");
}

#[test]
fn an_unknown_county_is_located() {
    let err = error_at(&with_cell(2, "county", "liaocheng"), 2, "county");
    assert!(
        err.message.contains("`liaocheng` is not a known county"),
        "{err}"
    );
}

#[test]
fn negative_emissions_are_located() {
    let err = error_at(&with_cell(3, "nox_t", "-0.5"), 3, "nox_t");
    assert!(err.message.contains("negative"), "{err}");
}

#[test]
fn a_missing_column_is_named_on_the_header_row() {
    let k = column("vocs_t");
    let rows: Vec<Vec<String>> = valid_rows()
        .into_iter()
        .map(|mut r| {
            r.remove(k);
            r
        })
        .collect();
    let err = parse_rows(&rows).expect_err("a column is missing");
    assert_eq!(err.location.line, Some(1), "{err}");
    assert_eq!(err.field, "vocs_t", "{err}");
    assert!(err.message.contains("missing columns: `vocs_t`"), "{err}");
}

#[test]
fn a_duplicate_id_is_located_and_names_the_first_row() {
    let err = error_at(&with_cell(4, "id", "E2"), 4, "id");
    assert!(err.message.contains("repeats the id of row 3"), "{err}");
}

#[test]
fn a_small_and_micro_firm_above_100_kg_is_located() {
    // 0.05 + 0.01 + 0.001 + 0.04 = 0.101 t: over plan §4.7's ceiling.
    let err = error_at(&with_cell(4, "so2_t", "0.04"), 4, "small_micro");
    assert!(err.message.contains("plan §4.7"), "{err}");
}

#[test]
fn rows_after_a_quoted_line_break_keep_their_spreadsheet_number() {
    let mut rows = with_cell(4, "grade", "E");
    rows[1][column("name")] = "东昌府\n热电".to_string();
    error_at(&rows, 4, "grade");
}

// ------------------------------------------------------------------ encodings and workbooks

#[test]
fn a_gbk_csv_loads_as_the_utf8_one() {
    let counties = counties();
    let ids = county_ids(&counties);
    let path = scenario_file("enterprises.csv");
    let text = std::fs::read_to_string(&path).expect("the committed list");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "every name is in GBK");
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the Chinese names make GBK bytes that are not UTF-8"
    );
    let from_gbk = parse_enterprises(&gbk, Path::new("list-gbk.csv"), &ids, &industry_ids())
        .unwrap_or_else(|e| panic!("{e}"));
    let from_utf8 =
        parse_enterprises(text.as_bytes(), &path, &ids, &industry_ids()).expect("loads");
    assert_eq!(from_gbk, from_utf8);
    // And with a byte-order mark, as Excel writes UTF-8 CSV.
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let from_bom = parse_enterprises(&with_bom, &path, &ids, &industry_ids()).expect("loads");
    assert_eq!(from_bom, from_utf8);
}

/// An Excel workbook holding the CSV `text` as a planner's office would: numbers as numbers,
/// text as text, empty cells left out, the table starting at `row0`, `col0` (0-based).
fn workbook(text: &str, row0: u32, col0: u16) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        let record = record.expect("valid CSV");
        for (c, cell) in record.iter().enumerate() {
            let (row, col) = (row0 + r as u32, col0 + c as u16);
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(v) if r > 0 && !cell.starts_with('E') => {
                    sheet.write_number(row, col, v).expect("cell");
                }
                _ => {
                    sheet.write_string(row, col, cell).expect("cell");
                }
            }
        }
    }
    book.save_to_buffer().expect("workbook")
}

#[test]
fn an_xlsx_workbook_loads_as_the_csv() {
    let counties = counties();
    let ids = county_ids(&counties);
    let path = scenario_file("enterprises.csv");
    let text = std::fs::read_to_string(&path).expect("the committed list");
    let from_csv = parse_enterprises(text.as_bytes(), &path, &ids, &industry_ids()).expect("loads");
    let bytes = workbook(&text, 0, 0);
    let from_xlsx = parse_enterprises(&bytes, Path::new("list.xlsx"), &ids, &industry_ids())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_xlsx, from_csv);
}

#[test]
fn an_xlsx_error_is_located_as_the_spreadsheet_shows_it() {
    // The table starts at C3: the header is row 3, the third firm row 6, column `grade` is G.
    let text = to_text(&with_cell(4, "grade", "Z"));
    let bytes = workbook(&text, 2, 2);
    let err = parse_enterprises(&bytes, Path::new("list.xlsx"), &COUNTIES, &industry_ids())
        .expect_err("a bad grade");
    assert_eq!(err.location.line, Some(6), "{err}");
    assert_eq!(err.location.column, Some(3 + column("grade")), "{err}");
    assert_eq!(err.field, "grade");
}

// ------------------------------------------------------------------------------- round trips

#[test]
fn the_committed_list_writes_back_to_the_same_bytes() {
    let (list, counties) = committed();
    let text = std::fs::read_to_string(scenario_file("enterprises.csv")).expect("the list");
    assert_eq!(list.to_csv(&county_ids(&counties), &industry_ids()), text);
}

const TEST_GRADES: [Grade; 6] = Grade::ALL;

/// One firm's cells besides its id: name, county, industry, grade, guarantee mode, small-and-
/// micro, lines, cems, emissions, output, trips.
type FirmCells = (
    String,
    u16,
    u16,
    usize,
    Option<bool>,
    bool,
    u16,
    bool,
    [f64; 4],
    f64,
    f64,
);

fn firm() -> impl Strategy<Value = FirmCells> {
    (
        "[a-z东][a-zA-Z0-9东昌府茌平铸造,\"' ]{0,10}[a-z东]",
        0..COUNTIES.len() as u16,
        0..VOCABULARY.len() as u16,
        0..TEST_GRADES.len(),
        proptest::option::of(any::<bool>()),
        any::<bool>(),
        1u16..500,
        any::<bool>(),
        [0.0f64..1e5, 0.0f64..1e3, 0.0f64..10.0, 0.0f64..1e4],
        0.0f64..1e7,
        0.0f64..500.0,
    )
}

fn list_of(firms: Vec<FirmCells>) -> Enterprises {
    let mut list = Enterprises::default();
    for (k, f) in firms.into_iter().enumerate() {
        let (name, county, industry, grade, mode, small_micro, lines, cems, e, output, trips) = f;
        // A small-and-micro firm stays under plan §4.7's ceiling.
        let emissions = if small_micro { e.map(|v| v * 1e-7) } else { e };
        list.id.push(format!("F{k}"));
        list.name.push(name);
        list.county.push(county);
        list.industry.push(industry);
        list.grade.push(TEST_GRADES[grade]);
        list.guaranteed.push(mode.is_some());
        list.guarantee_mode.push(mode.map(|heat| {
            if heat {
                GuaranteeMode::HeatDetermined
            } else {
                GuaranteeMode::QuotaDetermined
            }
        }));
        list.small_micro.push(small_micro);
        list.lines.push(lines);
        list.cems.push(cems);
        list.emissions.push(emissions);
        list.output_wan_yuan.push(output);
        list.daily_truck_trips.push(trips);
    }
    list
}

proptest! {
    #[test]
    fn to_csv_then_load_gives_the_list_back(firms in proptest::collection::vec(firm(), 0..30)) {
        let list = list_of(firms);
        let industries = industry_ids();
        let text = list.to_csv(&COUNTIES, &industries);
        let back = parse_enterprises(text.as_bytes(), Path::new("list.csv"), &COUNTIES, &industries)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(back, list);
    }
}
