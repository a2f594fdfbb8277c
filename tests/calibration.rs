//! The calibration promise of issue "Weather-driven AQI episodes": the no-plan baseline of
//! liaocheng-2016 brackets the statistics of every observed 2013–2016 Liaocheng winter within its
//! 5–95 % band (29 of 30; the one miss is documented), and the 2020 baseline lands near the 2020 figure (12 heavy days observed with the
//! plan in force: the no-plan baseline must not be below it, nor far above).

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

#[test]
fn every_observed_2013_2016_winter_statistic_lies_inside_the_simulated_band() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!("smogsim")
        .args([
            "validate",
            "--city",
            "Liaocheng",
            "--seasons",
            "300",
            "--seed",
            "1",
            "--observed",
        ])
        .arg(root.join(
            "../shared/data/liaocheng_daily_aqistudy/shandong_region_daily_aqi_2013-12_2016-06.csv",
        ))
        .arg("--out")
        .arg(dir.path())
        .arg(root.join("scenarios/liaocheng-2016"))
        .assert()
        .success();
    let table = fs::read_to_string(dir.path().join("validation.csv")).unwrap();
    // The one documented miss (scenarios/liaocheng-2016/README.md, "What does not fit"): the
    // winter of 2014-15 was less persistent (lag-1 autocorrelation 0.39) than any winter of the
    // fitting weather data; every other statistic must lie inside the band.
    const KNOWN_MISS: &str = "2014-15/lag1_autocorrelation";
    let outside: Vec<&str> = table
        .lines()
        .skip(1)
        .filter(|l| l.ends_with(",false") && !l.starts_with(KNOWN_MISS))
        .collect();
    assert!(
        outside.is_empty(),
        "outside the 5-95 % band:\n{}",
        outside.join("\n")
    );
    assert!(table.lines().filter(|l| l.ends_with(",true")).count() >= 29);
}

#[test]
fn the_2020_baseline_lands_near_the_2020_observations() {
    let dir = tempfile::tempdir().unwrap();
    let out = cargo_bin_cmd!("smogsim")
        .args([
            "run",
            "--no-plan",
            "--seasons",
            "200",
            "--seed",
            "1",
            "--out",
        ])
        .arg(dir.path())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/liaocheng-2020"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let summary = std::fs::read_to_string(dir.path().join("summary.csv")).unwrap();
    let mean_heavy: f64 = summary
        .lines()
        .find(|l| l.starts_with("heavy_days_baseline,"))
        .and_then(|l| l.split(',').nth(2))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no heavy_days_baseline in\n{summary}"));
    assert!(
        (12.0..=30.0).contains(&mean_heavy),
        "mean heavy days {mean_heavy}\n{stdout}"
    );
}
