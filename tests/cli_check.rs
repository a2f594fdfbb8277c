//! `smogsim check` and `smogsim` with no arguments, end to end: the real plan passes, broken
//! plan files fail with exit code 2 and a `file:line:column: field: message`, never a panic.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/liaocheng-2020")
}

fn plan_text() -> String {
    fs::read_to_string(scenario().join("plan.toml")).unwrap()
}

/// Writes the plan with `from` replaced by `to` into a fresh folder and runs `check` on it.
fn check_broken(from: &str, to: &str) -> (tempfile::TempDir, assert_cmd::assert::Assert, usize) {
    let text = plan_text();
    assert!(text.contains(from), "test setup: `{from}` not in the plan");
    let broken = text.replacen(from, to, 1);
    let line = broken[..broken.find(to).unwrap()].matches('\n').count() + 1;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("plan.toml"), broken).unwrap();
    let assert = cargo_bin_cmd!("smogsim")
        .arg("check")
        .arg(dir.path())
        .assert();
    (dir, assert, line)
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn help_lists_the_commands_for_a_planner() {
    cargo_bin_cmd!("smogsim")
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("check"))
        .stdout(predicate::str::contains("hindcast"))
        .stdout(predicate::str::contains("aqi"))
        .stdout(predicate::str::contains("merge"))
        .stdout(predicate::str::contains(
            "Without a subcommand it runs the embedded default",
        ));
}

#[test]
fn check_accepts_the_scenario_folder_and_the_plan_file() {
    cargo_bin_cmd!("smogsim")
        .arg("check")
        .arg(scenario())
        .assert()
        .success()
        .stdout(predicate::str::contains("liaocheng-2020: valid"))
        .stdout(predicate::str::contains("red       红色预警"));
    cargo_bin_cmd!("smogsim")
        .arg("check")
        .arg(scenario().join("plan.toml"))
        .arg("--full")
        .assert()
        .success()
        .stdout(predicate::str::contains("市区四条外环路范围内"));
}

#[test]
fn check_unknown_key_names_file_line_column_and_field() {
    let (dir, assert, line) = check_broken("upgrade = true", "upgrade = true\nupgrades = false");
    let err = stderr(&assert.code(2));
    let want = format!("{}:{}:", dir.path().join("plan.toml").display(), line + 1);
    assert!(err.contains(&want), "{err} lacks {want}");
    assert!(err.contains("adjustment.upgrades"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn check_wrong_type_names_the_field() {
    let (_dir, assert, line) =
        check_broken("county_notice_hours = 3", "county_notice_hours = \"3 h\"");
    let err = stderr(&assert.code(2));
    assert!(err.contains(&format!("plan.toml:{line}:")), "{err}");
    assert!(err.contains("response.county_notice_hours"), "{err}");
}

#[test]
fn check_thresholds_out_of_order() {
    let (_dir, assert, line) = check_broken("severe_above = 300", "severe_above = 150");
    let err = stderr(&assert.code(2));
    assert!(err.contains(&format!("plan.toml:{line}:")), "{err}");
    assert!(
        err.contains("episode.severe_above: thresholds out of order"),
        "{err}"
    );
}

#[test]
fn check_ratio_outside_0_1() {
    let (_dir, assert, line) = check_broken("nox = 0.10", "nox = 10");
    let err = stderr(&assert.code(2));
    assert!(err.contains(&format!("plan.toml:{line}:")), "{err}");
    assert!(
        err.contains("targets[0].nox: 10 is a ratio and must lie in [0, 1]"),
        "{err}"
    );
}

#[test]
fn check_level_without_criteria() {
    let (_dir, assert, line) = check_broken(
        "criteria = [{ all_of = [{ above = 200, for_hours = 72 }] }]",
        "criteria = []",
    );
    let err = stderr(&assert.code(2));
    assert!(err.contains(&format!("plan.toml:{line}:")), "{err}");
    assert!(
        err.contains("levels[2].criteria: level `orange` has no criteria"),
        "{err}"
    );
}

#[test]
fn check_reports_every_problem_at_once() {
    let text = plan_text().replacen("nox = 0.10", "nox = 10", 1).replacen(
        "severe_above = 300",
        "severe_above = 150",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    fs::write(&path, text).unwrap();
    let assert = cargo_bin_cmd!("smogsim")
        .arg("check")
        .arg(&path)
        .assert()
        .code(2);
    let err = stderr(&assert);
    assert!(
        err.contains("targets[0].nox") && err.contains("episode.severe_above"),
        "{err}"
    );
}

#[test]
fn check_missing_or_unreadable_input_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!("smogsim")
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a scenario folder must contain plan.toml",
        ));
    fs::write(dir.path().join("plan.toml"), [0xff, 0xfe, 0x00]).unwrap();
    cargo_bin_cmd!("smogsim")
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plan.toml"))
        .stderr(predicate::str::contains("panicked").not());
    fs::write(dir.path().join("plan.toml"), "").unwrap();
    cargo_bin_cmd!("smogsim")
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing field"));
}
