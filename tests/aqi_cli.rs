//! `smogsim aqi` end to end: the independent oracle's vectors, and bad input.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Runs `smogsim aqi` on `input` written into a fresh directory; returns the directory (kept
/// alive by the caller) and the output path.
fn run_on(input: &[u8]) -> (tempfile::TempDir, PathBuf, assert_cmd::assert::Assert) {
    let dir = tempfile::tempdir().unwrap();
    let in_path = dir.path().join("in.csv");
    fs::write(&in_path, input).unwrap();
    let out_path = dir.path().join("out.csv");
    let assert = cargo_bin_cmd!("smogsim")
        .args(["aqi", "--input"])
        .arg(&in_path)
        .arg("--output")
        .arg(&out_path)
        .assert();
    (dir, out_path, assert)
}

#[test]
fn every_output_cell_matches_the_independent_python_oracle() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    cargo_bin_cmd!("smogsim")
        .args(["aqi", "-i"])
        .arg(data("aqi_vectors_in.csv"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let actual = read_csv(&out);
    let expected = read_csv(&data("aqi_vectors_expected.csv"));
    let input = read_csv(&data("aqi_vectors_in.csv"));
    assert!(
        expected.len() > 2000,
        "the oracle file has {} rows",
        expected.len()
    );
    assert_eq!(actual.len(), expected.len());
    assert_eq!(actual[0], expected[0], "header");
    let header = &expected[0];
    for (line, (got, want)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(got.len(), want.len(), "line {}", line + 1);
        for (column, (g, w)) in got.iter().zip(want).enumerate() {
            assert_eq!(
                g,
                w,
                "line {}, column {}: input row {:?}",
                line + 1,
                header[column],
                input[line]
            );
        }
        // The input columns come back verbatim.
        assert_eq!(
            got[..input[line].len()],
            input[line][..],
            "line {}",
            line + 1
        );
    }
    // Nothing is left behind but the output.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["out.csv"]);
}

#[test]
fn bom_whitespace_and_pass_through_columns() {
    let (_dir, out, assert) = run_on(
        "\u{feff} station , pm25_24h ,co_24h\nA, 75.5 ,2.2\n\"B, east\",,\nC,35,\n".as_bytes(),
    );
    assert.success();
    let rows = read_csv(&out);
    assert_eq!(
        rows[0],
        [
            " station ",
            " pm25_24h ",
            "co_24h",
            "iaqi_so2",
            "iaqi_no2",
            "iaqi_pm10",
            "iaqi_co",
            "iaqi_o3_1h",
            "iaqi_o3_8h",
            "iaqi_pm25",
            "aqi",
            "category",
            "primary"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "A", " 75.5 ", "2.2", "", "", "", "55", "", "", "101", "101", "3", "PM2.5"
        ]
    );
    assert_eq!(
        rows[2],
        ["B, east", "", "", "", "", "", "", "", "", "", "", "", ""]
    );
    assert_eq!(
        rows[3],
        ["C", "35", "", "", "", "", "", "", "", "50", "50", "1", ""]
    );
}

#[test]
fn real_time_columns_take_precedence_and_so2_above_800_falls_back() {
    let (_dir, out, assert) = run_on(
        b"so2_24h,so2_1h,pm25_24h,pm25_1h,o3_1h,o3_8h\n\
          100,900,35,75,,850\n\
          ,900,,,250,\n",
    );
    assert.success();
    let rows = read_csv(&out);
    // SO2 from so2_24h 100 (1-h 900 has no index): 50 + 50·50/100 = 75; PM2.5 from pm25_1h 75.
    assert_eq!(
        rows[1][6..],
        ["75", "", "", "", "", "", "100", "100", "2", "PM2.5"]
    );
    assert_eq!(
        rows[2][6..],
        ["", "", "", "", "125", "", "", "125", "3", "O3_1h"]
    );
}

/// Bad input: exit code 2, a message that names the file, and no panic.
fn fails_with(input: &[u8], message: &str) {
    let (dir, out, assert) = run_on(input);
    let in_path = dir.path().join("in.csv");
    let expected = format!("{}{message}", in_path.display());
    assert
        .code(2)
        .stderr(predicate::str::contains(expected))
        .stderr(predicate::str::contains("panicked").not());
    assert!(!out.exists(), "no output is written for bad input");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left"
    );
}

#[test]
fn a_non_numeric_cell_names_line_column_and_field() {
    fails_with(
        b"id,pm25_24h,co_24h\n1,40,1.2\n2,40,abc\n",
        ":3:3: co_24h: not a number: \"abc\"",
    );
}

#[test]
fn a_negative_cell_is_bad_input() {
    fails_with(
        b"pm10_24h,no2_1h\n40,3\n\n41,-0.5\n",
        ":4:2: no2_1h: negative concentration: -0.5",
    );
}

#[test]
fn a_short_or_long_row_is_bad_input() {
    fails_with(
        b"id,pm25_24h,note\n1,40,x\n2,41\n",
        ":3:3: note: the row has 2 cells, the header has 3",
    );
    fails_with(
        b"id,pm25_24h\n1,40,extra\n",
        ":2:3: the row has 3 cells, the header has 2",
    );
}

#[test]
fn a_header_without_known_columns_is_bad_input() {
    fails_with(
        b"id,pm2.5\n1,40\n",
        ":1: the header names none of the concentration columns so2_24h,",
    );
}

#[test]
fn an_empty_file_is_bad_input() {
    fails_with(b"", ":1: the file is empty: it needs a header line");
}

#[test]
fn a_duplicated_or_clashing_column_is_bad_input() {
    fails_with(
        b"pm25_24h,x, pm25_24h\n1,2,3\n",
        ":1:3: pm25_24h: the column appears twice",
    );
    fails_with(
        b"pm25_24h,aqi\n1,2\n",
        ":1:2: aqi: the input already has this output column",
    );
}

#[test]
fn invalid_utf8_is_bad_input() {
    fails_with(b"id,pm25_24h\n1,\xff\n", ":2:2: pm25_24h: not valid UTF-8");
}

#[test]
fn an_unreadable_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    cargo_bin_cmd!("smogsim")
        .args(["aqi", "--input"])
        .arg(&missing)
        .arg("--output")
        .arg(dir.path().join("out.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: cannot read the file",
            missing.display()
        )))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_failed_run_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let out = dir.path().join("out.csv");
    fs::write(&input, "pm25_24h\n40\nx\n").unwrap();
    fs::write(&out, "previous").unwrap();
    cargo_bin_cmd!("smogsim")
        .args(["aqi", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn help_documents_the_precedence_of_hourly_columns() {
    cargo_bin_cmd!("smogsim")
        .args(["aqi", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "so2_1h (1-hour limits) when the cell is not empty",
        ))
        .stdout(predicate::str::contains("800"));
}
