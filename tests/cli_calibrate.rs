//! `smogsim calibrate weather` end to end: the real Beijing files from `../shared/data`, a
//! deterministic and valid climate file, the committed climate reproduced, and bad input.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use smogsim::weather::{Climate, Regime};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const ADJUST: &str = "scenarios/liaocheng-2020/climate-adjust.toml";
const COMMITTED: &str = "scenarios/liaocheng-2020/climate.toml";

/// The 13 files, as the committed climate's header names them (relative to the repository).
fn observed() -> Vec<String> {
    let mut files: Vec<String> =
        fs::read_dir(Path::new(ROOT).join("../shared/data/beijing_multisite"))
            .expect("the shared data beside the repository")
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("PRSA_Data_") && n.ends_with(".csv"))
            .map(|n| format!("../shared/data/beijing_multisite/{n}"))
            .collect();
    files.sort();
    assert_eq!(files.len(), 12);
    files.push("../shared/data/beijing_pm25_2010_2014/PRSA_data_2010.1.1-2014.12.31.csv".into());
    files
}

fn calibrate(out: &Path) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("smogsim")
        .current_dir(ROOT)
        .args(["calibrate", "weather", "--observed"])
        .args(observed())
        .args(["--adjust", ADJUST, "--out"])
        .arg(out)
        .assert()
}

fn without_out_line(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("--out "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn calibrate_weather_on_the_real_files_is_valid_deterministic_and_reproduces_the_committed_climate()
{
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("climate.toml");
    calibrate(&a)
        .success()
        .stdout(predicate::str::contains("stagnant / ventilated PM2.5"))
        .stdout(predicate::str::contains("seasonal tilt sd"))
        .stdout(predicate::str::contains("seasonal persistence sd"))
        .stdout(predicate::str::contains("WARNING").not());
    let first = fs::read(&a).unwrap();
    calibrate(&a).success();
    assert!(
        first == fs::read(&a).unwrap(),
        "two runs must write the same bytes"
    );

    let text = String::from_utf8(first).unwrap();
    let climate = Climate::from_toml(&text, &a).expect("the output validates");
    let o = climate.observed.expect("[observed]");
    assert!(o.days > 1000, "{} days", o.days);
    let (v, s) = (Regime::Ventilated as usize, Regime::Stagnant as usize);
    assert!(
        o.pm25_mean[s] > 2.0 * o.pm25_mean[v],
        "stagnant days must be clearly dirtier: {:?}",
        o.pm25_mean
    );
    assert!(o.wind_mean_ms[s] < o.wind_mean_ms[v] && o.rh_mean_pct[s] > o.rh_mean_pct[v]);
    // The data hold seven full winters, and they differ more than one chain's seasons do, both in
    // stagnation and in persistence.
    assert!(o.winters.len() >= 3, "{:?}", o.winters);
    assert!(o.balance_variance.unwrap() > 0.0);
    assert!(climate.interannual_tilt_sd > 0.0);
    assert!(o.winters.iter().all(|w| w.autocorrelation.is_some()));
    assert!(o.autocorrelation_variance.unwrap() > 0.0);
    assert!(climate.interannual_persistence_sd > 0.0);

    assert!(
        !text.contains(ROOT),
        "no absolute path of this machine in the output"
    );
    let committed = fs::read_to_string(Path::new(ROOT).join(COMMITTED)).unwrap();
    assert_eq!(
        without_out_line(&text),
        without_out_line(&committed),
        "the committed climate.toml is what the command in its header writes: re-run it"
    );
}

const MULTI_HEADER: &str = "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\",\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"\r\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

fn run_on(files: &[PathBuf], out: &Path) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("smogsim")
        .args(["calibrate", "weather", "--observed"])
        .args(files)
        .arg("--out")
        .arg(out)
        .assert()
}

#[test]
fn a_bad_value_is_exit_2_with_file_line_column_and_column_name() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{MULTI_HEADER}1,2013,3,1,0,4,4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",4.4,\"A\"\r\n\
         2,2013,3,1,1,8,8,4,7,300,77,-1.1,1023.2,-18.2,0,\"N\",windy,\"A\"\r\n"
    );
    let bad = write(dir.path(), "station.csv", &text);
    let column = text.lines().nth(2).unwrap().find("windy").unwrap() + 1;
    let out = dir.path().join("climate.toml");
    run_on(std::slice::from_ref(&bad), &out)
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3:{column}: WSPM: `windy` is not a number",
            bad.display()
        )));
    assert!(!out.exists(), "nothing is written on bad input");
}

#[test]
fn an_implausible_value_and_a_bad_date_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = "No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir\n\
                1,2010,1,1,0,,-21,-11,1021,NW,1.79,0,0\n\
                2,2010,1,1,1,,-21,-120,1020,NW,4.92,0,0\n";
    let bad = write(dir.path(), "airport.csv", text);
    run_on(std::slice::from_ref(&bad), &dir.path().join("c.toml"))
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3:19: TEMP: -120 is not a plausible temperature",
            bad.display()
        )));
    let text = text.replace("2,2010,1,1,1,", "2,2010,2,30,1,");
    let bad = write(dir.path(), "date.csv", &text);
    run_on(std::slice::from_ref(&bad), &dir.path().join("c.toml"))
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3:3: year: 2010-2-30 1:00 is not a date",
            bad.display()
        )));
}

#[test]
fn an_unknown_layout_and_a_missing_file_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let unknown = write(dir.path(), "other.csv", "time,aqi\n2015-01-01 00:00,50\n");
    let missing = dir.path().join("absent.csv");
    run_on(
        &[unknown.clone(), missing.clone()],
        &dir.path().join("c.toml"),
    )
    .code(2)
    .stderr(predicate::str::contains(format!(
        "{}:1:1: unknown layout",
        unknown.display()
    )))
    .stderr(predicate::str::contains(format!(
        "{}: cannot read",
        missing.display()
    )));
}

#[test]
fn a_bad_assumptions_file_is_exit_2_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(Path::new(ROOT).join(ADJUST))
        .unwrap()
        .replacen("wind_scale = 0.9", "wind_scale = -0.9", 1);
    let adjust = write(dir.path(), "adjust.toml", &text);
    let line = text[..text.find("wind_scale = -0.9").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let data = write(
        dir.path(),
        "s.csv",
        &format!(
            "{MULTI_HEADER}1,2013,3,1,0,4,4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",4.4,\"A\"\r\n"
        ),
    );
    cargo_bin_cmd!("smogsim")
        .args(["calibrate", "weather", "--observed"])
        .arg(&data)
        .arg("--adjust")
        .arg(&adjust)
        .arg("--out")
        .arg(dir.path().join("c.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:{line}:14: site.wind_scale: -0.9 is a scale and must be positive",
            adjust.display()
        )));
}
