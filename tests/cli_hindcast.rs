//! `smogsim hindcast` end to end: real observed winters from `../shared/data`, the EVENTS file's
//! format, and bad input.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

const LIAOCHENG_DAILY: &str =
    "liaocheng_daily_aqistudy/shandong_region_daily_aqi_2013-12_2016-06.csv";

fn read_events(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn hindcast_on_real_liaocheng_winters_writes_well_formed_events() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--city", "Liaocheng", "--observed"])
        .arg(shared(LIAOCHENG_DAILY))
        .arg("--output")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("2013-14"))
        .stdout(predicate::str::contains("2015-16"))
        .stdout(predicate::str::contains("Warnings ("));
    let rows = read_events(&out);
    assert_eq!(rows[0], ["decided_at", "effective_at", "event", "level"]);
    let events = ["advisory", "issue", "upgrade", "downgrade", "lift"];
    let levels = ["advisory", "yellow", "orange", "red"];
    let mut reds = 0;
    for row in &rows[1..] {
        for t in &row[..2] {
            assert!(
                chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").is_ok(),
                "{row:?}"
            );
        }
        assert!(row[1] >= row[0], "effective before decided: {row:?}");
        assert!(
            events.contains(&row[2].as_str()) && levels.contains(&row[3].as_str()),
            "{row:?}"
        );
        reds += usize::from(row[3] == "red" && row[2] != "lift");
    }
    // The winter of 2013-14 had 17 days above 300 in Liaocheng: red warnings must appear.
    assert!(reds > 0);
    // Every warning issued is lifted within the data (the data ends in summer).
    let opened = rows
        .iter()
        .filter(|r| r[2] == "issue" || r[2] == "advisory")
        .count();
    let advisories_upgraded = rows
        .windows(2)
        .filter(|w| w[0][2] == "advisory" && w[1][2] == "issue")
        .count();
    let lifts = rows.iter().filter(|r| r[2] == "lift").count();
    assert_eq!(opened - advisories_upgraded, lifts);
}

#[test]
fn hindcast_is_deterministic() {
    let run = || {
        let out = cargo_bin_cmd!("smogsim")
            .args(["hindcast", "--city", "聊城", "--observed"])
            .arg(shared(LIAOCHENG_DAILY))
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    assert_eq!(run(), run());
}

#[test]
fn hindcast_reads_hourly_pollutants_with_a_city_column() {
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--city", "聊城", "--observed"])
        .arg(shared(
            "china_hourly_springfestival_2019/liaocheng_region_hourly_2019-02-04_2019-02-12.csv",
        ))
        .assert()
        .success()
        .stdout(predicate::str::contains("hourly concentrations"));
}

#[test]
fn hindcast_uses_another_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/liaocheng-2020/plan.toml"),
    )
    .unwrap();
    // A stricter plan: yellow after 24 h instead of 48 h.
    let strict = plan
        .replacen(
            "criteria = [{ all_of = [{ above = 200, for_hours = 24 }] }]",
            "criteria = [{ all_of = [{ above = 200, for_hours = 12 }] }]",
            1,
        )
        .replacen(
            "criteria = [{ all_of = [{ above = 200, for_hours = 48 }] }]",
            "criteria = [{ all_of = [{ above = 200, for_hours = 24 }] }]",
            1,
        );
    fs::write(dir.path().join("plan.toml"), strict).unwrap();
    let obs = dir.path().join("obs.csv");
    fs::write(&obs, "date,aqi\n2015-12-01,90\n2015-12-02,90\n2015-12-03,90\n2015-12-04,250\n2015-12-05,90\n2015-12-06,90\n2015-12-07,90\n").unwrap();
    let out = dir.path().join("events.csv");
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--scenario"])
        .arg(dir.path())
        .arg("--observed")
        .arg(&obs)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let rows = read_events(&out);
    assert_eq!(rows[1][2..], ["issue".to_string(), "yellow".to_string()]);
    // The default plan only gives an advisory for one heavy day.
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--observed"])
        .arg(&obs)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        read_events(&out)[1][2..],
        ["advisory".to_string(), "advisory".to_string()]
    );
}

#[test]
fn hindcast_bad_row_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let obs = dir.path().join("obs.csv");
    fs::write(&obs, "date,aqi\n2015-12-01,90\n2015-12-02,ninety\n").unwrap();
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--observed"])
        .arg(&obs)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "obs.csv:3: aqi: `ninety` is not a number",
        ));
}

#[test]
fn hindcast_needs_a_city_for_a_multi_city_file_and_no_output_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--observed"])
        .arg(shared(LIAOCHENG_DAILY))
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "16 cities; choose one with --city",
        ));
    assert!(!out.exists());
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--city", "Atlantis", "--observed"])
        .arg(shared(LIAOCHENG_DAILY))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rows for city `Atlantis`"));
}

#[test]
fn hindcast_missing_file_and_conflicting_plans_are_usage_errors() {
    cargo_bin_cmd!("smogsim")
        .args(["hindcast", "--observed", "no-such-file.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.csv: cannot read"));
    cargo_bin_cmd!("smogsim")
        .args([
            "hindcast",
            "--observed",
            "x.csv",
            "--plan",
            "a.toml",
            "--scenario",
            "b",
        ])
        .assert()
        .code(2);
}
