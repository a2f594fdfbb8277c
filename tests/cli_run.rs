//! `smogsim run --no-plan` and `smogsim validate` end to end: the daily table's format,
//! determinism across thread counts, and the validation outputs.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn scenario(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(id)
}

fn run_daily(dir: &Path, threads: &str, seasons: &str) {
    cargo_bin_cmd!("smogsim")
        .args([
            "run",
            "--no-plan",
            "--save-daily",
            "--seed",
            "11",
            "--seasons",
            seasons,
            "--threads",
            threads,
            "--out",
        ])
        .arg(dir)
        .arg(scenario("liaocheng-2016"))
        .assert()
        .success()
        .stdout(predicate::str::contains("heavy days (AQI > 200)"));
}

#[test]
fn the_daily_table_has_one_row_per_season_and_day_with_the_documented_columns() {
    let dir = tempfile::tempdir().unwrap();
    run_daily(dir.path(), "2", "3");
    let text = fs::read_to_string(dir.path().join("daily.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("season,date,aqi_baseline,pm25_baseline,primary_baseline")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3 * 182);
    assert_eq!(rows[0][..2], ["0", "2016-10-01"]);
    assert_eq!(rows[181][..2], ["0", "2017-03-31"]);
    assert_eq!(rows[182][..2], ["1", "2016-10-01"]);
    let names = ["SO2", "NO2", "PM10", "CO", "O3_1h", "O3_8h", "PM2.5"];
    for r in &rows {
        let aqi: u32 = r[2].parse().unwrap();
        let pm25: f64 = r[3].parse().unwrap();
        assert!(aqi <= 500 && pm25 >= 0.0, "{r:?}");
        if aqi <= 50 {
            assert_eq!(r[4], "", "no primary pollutant at AQI <= 50: {r:?}");
        } else {
            assert!(r[4].split(';').all(|p| names.contains(&p)), "{r:?}");
        }
    }
    assert!(dir.path().join("daily.parquet").metadata().unwrap().len() > 1000);
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_daily(one.path(), "1", "4");
    run_daily(two.path(), "2", "4");
    for file in ["daily.csv", "daily.parquet"] {
        let a = fs::read(one.path().join(file)).unwrap();
        let b = fs::read(two.path().join(file)).unwrap();
        assert!(a == b, "{file} differs between 1 and 2 threads");
    }
}

#[test]
fn a_season_is_the_same_whatever_runs_beside_it() {
    let (few, more) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_daily(few.path(), "2", "2");
    run_daily(more.path(), "2", "5");
    let a = fs::read_to_string(few.path().join("daily.csv")).unwrap();
    let b = fs::read_to_string(more.path().join("daily.csv")).unwrap();
    assert!(
        b.starts_with(&a),
        "the first two seasons of a longer run are those of a shorter one"
    );
}

#[test]
fn a_plan_run_of_a_scenario_without_its_city_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!("smogsim")
        .args(["run", "--seasons", "1", "--out"])
        .arg(dir.path())
        .arg(scenario("liaocheng-2016"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("[city]"))
        .stderr(predicate::str::contains("--no-plan"));
}

#[test]
fn validate_writes_the_table_the_figure_and_forecast_skill() {
    let dir = tempfile::tempdir().unwrap();
    let observed = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../shared/data/liaocheng_daily_aqistudy/shandong_region_daily_aqi_2013-12_2016-06.csv",
    );
    cargo_bin_cmd!("smogsim")
        .args([
            "validate",
            "--city",
            "Liaocheng",
            "--seasons",
            "6",
            "--forecast",
            "--observed",
        ])
        .arg(&observed)
        .arg("--out")
        .arg(dir.path())
        .arg(scenario("liaocheng-2016"))
        .assert()
        .success()
        .stdout(predicate::str::contains("winter 2013-14"))
        .stdout(predicate::str::contains(
            "lie inside the simulated 5-95 % band",
        ))
        .stdout(predicate::str::contains("threat").or(predicate::str::contains("TS")));
    let table = fs::read_to_string(dir.path().join("validation.csv")).unwrap();
    let mut lines = table.lines();
    assert_eq!(
        lines.next(),
        Some("statistic,observed,sim_p05,sim_p50,sim_p95,inside")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3 * 10, "three winters, ten statistics");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("2015-16/days_aqi_above_200,34.0000,"))
    );
    let forecast = fs::read_to_string(dir.path().join("forecast.csv")).unwrap();
    assert_eq!(forecast.lines().count(), 6, "a header and five lead days");
    let svg = fs::read_to_string(dir.path().join("validation.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("days_aqi_above_200"));
}

#[test]
fn validate_bad_observations_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let obs = dir.path().join("obs.csv");
    fs::write(&obs, "date,aqi\n2015-12-01,90\n2015-12-02,x\n").unwrap();
    cargo_bin_cmd!("smogsim")
        .args(["validate", "--seasons", "1", "--observed"])
        .arg(&obs)
        .arg(scenario("liaocheng-2016"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("obs.csv:3: aqi"));
}
