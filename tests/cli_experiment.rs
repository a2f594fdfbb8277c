//! `smogsim run` with the plan and `smogsim merge`, end to end: the same bytes whatever the
//! thread count and the shard split, common random numbers across plan variants, the plan's
//! effect pointing the right way, and a consistent partial run after Ctrl-C.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;

mod common;

use common::scenarios;

fn run(out: &Path, scenario: &Path, extra: &[&str]) {
    cargo_bin_cmd!("smogsim")
        .args(["run", "--seed", "5", "--out"])
        .arg(out)
        .arg(scenario)
        .args(extra)
        .assert()
        .success();
}

/// Every file of a run's output folder (figures included) but run.json, which records how it
/// was made.
fn tables(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.file_name().unwrap() != "run.json" {
                let name = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.push((name, fs::read(&p).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn assert_same_tables(a: &Path, b: &Path) {
    let (ta, tb) = (tables(a), tables(b));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb));
    for ((name, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{name} differs");
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_with_one_thread_or_two() {
    let sc = scenarios().join("liaocheng-2020");
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let opts = ["--seasons", "4", "--save-daily", "--save-hourly", "1,3"];
    run(one.path(), &sc, &[&opts[..], &["--threads", "1"]].concat());
    run(two.path(), &sc, &[&opts[..], &["--threads", "2"]].concat());
    assert_same_tables(one.path(), two.path());
    for f in [
        "seasons.csv",
        "seasons.parquet",
        "warnings.parquet",
        "episodes.parquet",
        "compliance.parquet",
        "daily.parquet",
        "hourly.parquet",
        "summary.csv",
        "run.json",
    ] {
        assert!(one.path().join(f).is_file(), "{f}");
    }
    let seasons = fs::read_to_string(one.path().join("seasons.csv")).unwrap();
    let header = seasons.lines().next().unwrap();
    assert!(header.starts_with("season,heavy_days_plan,heavy_days_baseline,"));
    assert_eq!(seasons.lines().count(), 5);
    let run_json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(one.path().join("run.json")).unwrap()).unwrap();
    assert_eq!(run_json["complete"], true);
    assert_eq!(run_json["seasons_done"], 4);
    assert_eq!(run_json["seed"], 5);
}

#[test]
fn three_shards_merged_give_the_bytes_of_one_run() {
    let sc = scenarios().join("liaocheng-2020");
    let whole = tempfile::tempdir().unwrap();
    let opts = ["--seasons", "5", "--threads", "2", "--save-daily"];
    run(whole.path(), &sc, &opts);
    let parts: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    for (k, p) in parts.iter().enumerate() {
        let shard = format!("{k}/3");
        run(p.path(), &sc, &[&opts[..], &["--shard", &shard]].concat());
    }
    let merged = tempfile::tempdir().unwrap();
    cargo_bin_cmd!("smogsim")
        .arg("merge")
        // In any order: merge sorts the shards by their first season.
        .args([parts[2].path(), parts[0].path(), parts[1].path()])
        .arg("--out")
        .arg(merged.path())
        .assert()
        .success();
    assert_same_tables(whole.path(), merged.path());

    // A missing shard is refused.
    let incomplete = tempfile::tempdir().unwrap();
    let out = cargo_bin_cmd!("smogsim")
        .arg("merge")
        .args([parts[0].path(), parts[2].path()])
        .arg("--out")
        .arg(incomplete.path())
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("missing"), "{err}");
}

/// The values of the columns of `csv` whose names end in `suffix`.
fn columns(csv: &str, suffix: &str) -> Vec<Vec<String>> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let picked: Vec<usize> = (0..header.len())
        .filter(|&k| header[k].ends_with(suffix))
        .collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            picked.iter().map(|&k| cells[k].to_string()).collect()
        })
        .collect()
}

#[test]
fn plan_variants_run_with_one_seed_see_the_same_weather() {
    // A variant of the scenario: the authorities also apply the discretionary yellow truck ban.
    let root = tempfile::tempdir().unwrap();
    let variant = common::copy_of_liaocheng_2020(root.path());
    let b = fs::read_to_string(variant.join("behaviour.toml")).unwrap();
    let changed = b.replace(
        "discretionary_measures_applied = false",
        "discretionary_measures_applied = true",
    );
    assert_ne!(b, changed);
    fs::write(variant.join("behaviour.toml"), changed).unwrap();

    let (base, var) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(
        base.path(),
        &scenarios().join("liaocheng-2020"),
        &["--seasons", "3"],
    );
    run(var.path(), &variant, &["--seasons", "3"]);
    let a = fs::read_to_string(base.path().join("seasons.csv")).unwrap();
    let b = fs::read_to_string(var.path().join("seasons.csv")).unwrap();
    assert_eq!(
        columns(&a, "_baseline"),
        columns(&b, "_baseline"),
        "common random numbers: the baselines are the same winters"
    );
    assert_eq!(columns(&a, "_baseline")[0].len(), 13);
}

#[test]
fn the_plan_cuts_emissions_and_never_adds_heavy_days_on_average() {
    let out = tempfile::tempdir().unwrap();
    run(
        out.path(),
        &scenarios().join("liaocheng-2020"),
        &["--seasons", "8", "--threads", "2"],
    );
    let summary = fs::read_to_string(out.path().join("summary.csv")).unwrap();
    let mean = |name: &str| -> f64 {
        summary
            .lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .and_then(|l| l.split(',').nth(2))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in\n{summary}"))
    };
    assert!(mean("heavy_days_plan") <= mean("heavy_days_baseline"));
    assert!(mean("mean_pm25_plan") < mean("mean_pm25_baseline"));
    assert!(mean("exposure_pm25_plan") < mean("exposure_pm25_baseline"));
    assert!(mean("warnings") > 0.0);
    let warnings = fs::read_to_string(out.path().join("warnings.csv")).unwrap();
    let header: Vec<&str> = warnings.lines().next().unwrap().split(',').collect();
    let at = |n: &str| header.iter().position(|h| *h == n).unwrap();
    for line in warnings.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        for p in ["so2", "nox", "pm", "vocs"] {
            let delivered: f64 = cells[at(&format!("delivered_{p}"))].parse().unwrap();
            assert!((0.0..=1.0).contains(&delivered), "{line}");
        }
    }
}

#[test]
fn ctrl_c_leaves_a_consistent_partial_run_marked_partial() {
    let out = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("smogsim");
    let mut child = Command::new(bin)
        .args(["run", "--seasons", "100000", "--threads", "1", "--out"])
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Let it finish at least one batch of seasons, then interrupt it.
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(4));
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the run did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        !status.success(),
        "an interrupted run does not report success"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], false);
    let done = manifest["seasons_done"].as_u64().unwrap();
    let seasons = fs::read_to_string(out.path().join("seasons.csv")).unwrap();
    assert_eq!(
        seasons.lines().count() as u64,
        done + 1,
        "one row per season done"
    );
    let summary = fs::read_to_string(out.path().join("summary.csv")).unwrap();
    let n = summary
        .lines()
        .find(|l| l.starts_with("heavy_days_baseline,"))
        .and_then(|l| l.split(',').nth(1))
        .unwrap();
    assert_eq!(n, done.to_string());
    // No temporary files left behind.
    for e in fs::read_dir(out.path()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "{name}");
    }
}
