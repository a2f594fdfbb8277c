//! The planners' list check end to end: `smogsim check` on the Liaocheng 2020 scenario prints the
//! on-paper cut per level, pollutant and county against §4.3's targets, as a table or as CSV;
//! broken copies of the emission-reduction list fail with exit code 2 naming
//! `enterprises.csv:row:column` and the column, never a panic.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

mod common;

use common::scenarios;

/// A copy of the scenario folder (and the guide beside it) whose list is `list`.
fn copy_with_list(list: &str) -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = common::copy_of_liaocheng_2020(root.path());
    fs::write(dir.join("enterprises.csv"), list).unwrap();
    (root, dir)
}

fn list_text() -> String {
    fs::read_to_string(scenarios().join("liaocheng-2020/enterprises.csv")).unwrap()
}

/// The list with the cell of `column` in data row `k` (0-based; spreadsheet row k + 2) set to
/// `value`, and that cell's 1-based column number.
fn with_cell(column: &str, k: usize, value: &str) -> (String, usize) {
    let text = list_text();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = header.iter().position(|h| h == column).expect("column");
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let cells: Vec<&str> = record
            .iter()
            .enumerate()
            .map(|(j, c)| if i == k && j == at { value } else { c })
            .collect();
        w.write_record(&cells).unwrap();
    }
    (String::from_utf8(w.into_inner().unwrap()).unwrap(), at + 1)
}

fn check(dir: &Path) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("smogsim").arg("check").arg(dir).assert()
}

fn assert_located(list: &str, row: usize, column: usize, field: &str, message: &str) {
    let (_root, dir) = copy_with_list(list);
    let assert = check(&dir).code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let want = format!(
        "{}:{row}:{column}: {field}: ",
        dir.join("enterprises.csv").display()
    );
    assert!(err.contains(&want), "want `{want}` in:\n{err}");
    assert!(err.contains(message), "want `{message}` in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn plan_4_3_check_prints_the_on_paper_cut_per_level_and_county_against_the_targets() {
    let out = check(&scenarios().join("liaocheng-2020")).success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("Emission-reduction list on paper"), "{text}");
    for level in ["yellow (§4.3", "orange (§4.3", "red (§4.3"] {
        assert!(text.contains(level), "{level}");
    }
    assert!(text.contains("whole city"));
    assert!(text.contains("chiping 茌平区"));
    assert!(text.contains("SO2+NOx"));
    assert!(text.contains("of the city's cut, by sector:"));
    assert!(text.contains("industry"));
    assert!(text.contains("guaranteed"));
    assert!(text.contains("liaocheng-2020: valid"));
}

#[test]
fn plan_4_3_check_as_csv_has_a_row_per_level_and_unit_and_cuts_grow_with_the_level() {
    let out = cargo_bin_cmd!("smogsim")
        .args(["check", "--format", "csv"])
        .arg(scenarios().join("liaocheng-2020"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "level");
    assert_eq!(&header[1], "unit");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // 3 levels × (city + 11 units).
    assert_eq!(rows.len(), 3 * 12);
    let city: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[1] == "city").collect();
    assert_eq!(city.len(), 3);
    for p in ["so2_cut", "nox_cut", "pm_cut", "vocs_cut"] {
        let cut: Vec<f64> = city.iter().map(|r| r[col(p)].parse().unwrap()).collect();
        assert!(cut.iter().all(|c| (0.0..=1.0).contains(c)), "{p}: {cut:?}");
        assert!(
            cut[0] <= cut[1] + 1e-9 && cut[1] <= cut[2] + 1e-9,
            "{p}: {cut:?}"
        );
    }
    for r in &rows {
        let meets = &r[col("meets_target")] == "true";
        assert_eq!(meets, r[col("shortfalls")].is_empty(), "{r:?}");
    }
}

#[test]
fn a_list_with_an_unknown_industry_is_exit_2_at_its_cell() {
    let (list, column) = with_cell("industry", 4, "unicorn_farming");
    assert_located(&list, 6, column, "industry", "unicorn_farming");
}

#[test]
fn a_list_with_an_unknown_grade_is_exit_2_at_its_cell() {
    let (list, column) = with_cell("grade", 0, "E");
    assert_located(&list, 2, column, "grade", "`E`");
}

#[test]
fn plan_4_4_1_1_a_grade_the_industry_does_not_use_is_exit_2_at_its_cell() {
    // The first firm is a power plant: an ungraded industry, so its grade must be NonLeading.
    let text = list_text();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .contains(",power_heat,NonLeading,")
    );
    let (list, column) = with_cell("grade", 0, "B");
    assert_located(
        &list,
        2,
        column,
        "grade",
        "not a grade of industry `power_heat`",
    );
}

#[test]
fn a_list_with_an_unknown_county_is_exit_2_at_its_cell() {
    let (list, column) = with_cell("county", 10, "atlantis");
    assert_located(&list, 12, column, "county", "atlantis");
}

#[test]
fn a_list_with_negative_emissions_is_exit_2_at_its_cell() {
    let (list, column) = with_cell("nox_t", 1, "-3.5");
    assert_located(&list, 3, column, "nox_t", "-3.5");
}

#[test]
fn a_list_without_a_column_is_exit_2_naming_it() {
    let text = list_text();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let drop = header.iter().position(|h| h == "vocs_t").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    let keep = |r: &csv::StringRecord| -> Vec<String> {
        r.iter()
            .enumerate()
            .filter(|(j, _)| *j != drop)
            .map(|(_, c)| c.to_string())
            .collect()
    };
    w.write_record(keep(&header)).unwrap();
    for r in reader.records() {
        w.write_record(keep(&r.unwrap())).unwrap();
    }
    let list = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let (_root, dir) = copy_with_list(&list);
    let assert = check(&dir).code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains(&format!("{}:1", dir.join("enterprises.csv").display())),
        "{err}"
    );
    assert!(err.contains("vocs_t"), "{err}");
}
