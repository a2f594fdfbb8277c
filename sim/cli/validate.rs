//! `smogsim validate`: the no-plan baseline beside observed winters, and the forecaster's skill.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};

use super::run::{progress, scenario_of, threads_of};
use crate::air::{ForecastInput, ForecastMode, Forecaster};
use crate::aqi::Pollutant;
use crate::calendar::Calendar;
use crate::experiment::{Prepared, RunOptions, for_each_season};
use crate::output::Staged;
use crate::report::validation_figure::{BandPoint, validation_svg};
use crate::stats::{Contingency, LEAD_DAYS, STATISTICS, WinterStats, quantile, verify_product};
use crate::world::observed::{DailyObserved, load_daily};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each observed winter (15 November - 15 March) with at least 30 days of data is compared with the
simulated seasons on the same calendar days. validation.csv holds
  statistic,observed,sim_p05,sim_p50,sim_p95,inside
with the statistic named <winter>/<name>. With --forecast, forecast.csv holds the forecaster's
hit rate, false-alarm ratio and threat score for daily AQI above the heavy-pollution threshold,
by lead day, over the simulated seasons.

Example:
  smogsim validate scenarios/liaocheng-2016 --city Liaocheng --seasons 500 \\
      --observed ../shared/data/liaocheng_daily_aqistudy/shandong_region_daily_aqi_2013-12_2016-06.csv")]
pub struct ValidateArgs {
    /// Scenario folder (default: the embedded Liaocheng 2020 scenario).
    pub scenario: Option<PathBuf>,
    /// Observed air quality, daily (date,aqi[,pm25,pm10,so2,no2,co,o3]) or hourly.
    #[arg(long, value_name = "OBS.csv")]
    pub observed: Option<PathBuf>,
    /// Keep the rows of this city (city_en, city_cn or city column).
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,
    /// Number of simulated winters.
    #[arg(long, default_value_t = 500)]
    pub seasons: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: out/<scenario>/validation).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also verify the forecaster against the simulated truth.
    #[arg(long)]
    pub forecast: bool,
}

/// An observed winter and the simulated days it maps to.
struct Winter {
    label: String,
    observed: WinterStats,
    /// For each observed day present: the simulated season's day index.
    sim_days: Vec<usize>,
}

fn winter_label(date: NaiveDate) -> Option<String> {
    let md = (date.month(), date.day());
    if md >= (11, 15) {
        Some(format!("{}-{:02}", date.year(), (date.year() + 1) % 100))
    } else if md <= (3, 15) {
        Some(format!("{}-{:02}", date.year() - 1, date.year() % 100))
    } else {
        None
    }
}

/// The simulated day with the same month and day as `date`.
fn sim_day(calendar: &Calendar, date: NaiveDate) -> Option<usize> {
    let start = calendar.start;
    let year = if date.month() >= start.month() {
        start.year()
    } else {
        start.year() + 1
    };
    NaiveDate::from_ymd_opt(year, date.month(), date.day()).and_then(|d| calendar.day_of(d))
}

fn winters(obs: &DailyObserved, calendar: &Calendar) -> Vec<Winter> {
    let mut labels: Vec<String> = obs.dates.iter().filter_map(|d| winter_label(*d)).collect();
    labels.dedup();
    let mut out = Vec::new();
    for label in labels {
        let days: Vec<usize> = (0..obs.dates.len())
            .filter(|&i| winter_label(obs.dates[i]).as_deref() == Some(label.as_str()))
            .collect();
        // Only days the model has: a day missing from the observations stays missing.
        let aqi: Vec<Option<f64>> = days
            .iter()
            .map(|&i| obs.aqi[i].filter(|_| sim_day(calendar, obs.dates[i]).is_some()))
            .collect();
        if aqi.iter().flatten().count() < 30 {
            continue;
        }
        let pm25: Vec<Option<bool>> = days.iter().map(|&i| obs.pm25_primary[i]).collect();
        let sim_days = days
            .iter()
            .filter_map(|&i| sim_day(calendar, obs.dates[i]))
            .collect();
        out.push(Winter {
            label,
            observed: WinterStats::of(&aqi, &pm25),
            sim_days,
        });
    }
    out
}

struct SeasonResult {
    winters: Vec<[f64; 11]>,
    forecast: [Contingency; LEAD_DAYS],
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<()> {
    let scenario = scenario_of(args.scenario.as_deref())?;
    let prepared = Prepared::new(&scenario);
    let calendar = &prepared.calendar;
    let observed = match &args.observed {
        Some(path) => Some(load_daily(path, args.city.as_deref())?),
        None => None,
    };
    anyhow::ensure!(
        observed.is_some() || args.forecast,
        "nothing to validate: give --observed OBS.csv, --forecast, or both"
    );
    let winters = observed
        .as_ref()
        .map_or_else(Vec::new, |o| winters(o, calendar));
    if let Some(o) = &observed {
        anyhow::ensure!(
            !winters.is_empty(),
            "{}: no winter (15 November - 15 March) with 30 days of data",
            o.file.display()
        );
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(&scenario.id).join("validation"));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;

    let rules = &scenario.plan.warning;
    let heavy = rules.heavy_above;
    let consult_hour = rules.daily_consultation_hour as usize;
    let forecaster = Forecaster::new(
        &prepared.model,
        ForecastMode::Model,
        rules.forecast_horizon_hours as usize,
    );
    let threads = threads_of(args.threads);
    let bar = progress(args.seasons);
    let stop = AtomicBool::new(false);
    let mut sims: Vec<Vec<[f64; 11]>> = vec![Vec::new(); winters.len()];
    let mut verification = [Contingency::default(); LEAD_DAYS];
    let seed = args.seed;
    let do_forecast = args.forecast;
    for_each_season(
        &prepared,
        RunOptions {
            seed,
            threads,
            snapshot_hour: do_forecast.then_some(consult_hour),
        },
        0..args.seasons,
        &stop,
        |prep, run| {
            let daily = &run.baseline.daily;
            let winter_stats = winters
                .iter()
                .map(|w| {
                    let aqi: Vec<Option<f64>> = w
                        .sim_days
                        .iter()
                        .map(|&d| daily.get(d).map(|r| f64::from(r.aqi)))
                        .collect();
                    let pm25: Vec<Option<bool>> = w
                        .sim_days
                        .iter()
                        .map(|&d| {
                            daily
                                .get(d)
                                .map(|r| r.primaries().any(|p| p == Pollutant::Pm25))
                        })
                        .collect();
                    WinterStats::of(&aqi, &pm25).values()
                })
                .collect();
            let mut forecast = [Contingency::default(); LEAD_DAYS];
            if do_forecast {
                let truth: &[f64] = &run.baseline.hourly_aqi;
                let mut values = Vec::new();
                for snap in &run.baseline.snapshots {
                    let input = ForecastInput {
                        now: snap.hour,
                        weather: run.weather,
                        calendar: &prep.calendar,
                        emissions: &prep.emissions,
                        state: &snap.state,
                        rolling: &snap.rolling,
                        truth,
                        seed,
                        season: run.season,
                    };
                    forecaster.forecast(&prep.model, &input, &mut values);
                    verify_product(&values, truth, snap.hour, heavy, &mut forecast);
                }
            }
            SeasonResult {
                winters: winter_stats,
                forecast,
            }
        },
        |_, r| {
            for (all, w) in sims.iter_mut().zip(r.winters) {
                all.push(w);
            }
            for (total, c) in verification.iter_mut().zip(&r.forecast) {
                total.merge(c);
            }
            bar.inc(1);
            Ok(())
        },
    )?;
    bar.finish_and_clear();

    println!(
        "{}: no-plan baseline, {} seasons (seed {}) against {}",
        scenario.id,
        args.seasons,
        seed,
        observed
            .as_ref()
            .map_or("no observations".to_string(), |o| format!(
                "{}{}",
                o.file.display(),
                o.city
                    .as_deref()
                    .map(|c| format!(" [{c}]"))
                    .unwrap_or_default()
            ))
    );
    if !winters.is_empty() {
        write_validation(&out, &winters, &mut sims)?;
    }
    if do_forecast {
        write_forecast(&out, &verification, heavy, consult_hour)?;
    }
    Ok(())
}

fn write_validation(
    out: &Path,
    winters: &[Winter],
    sims: &mut [Vec<[f64; 11]>],
) -> anyhow::Result<()> {
    let staged = Staged::create(&out.join("validation.csv"))?;
    let mut csv = csv::Writer::from_writer(staged.file());
    csv.write_record([
        "statistic",
        "observed",
        "sim_p05",
        "sim_p50",
        "sim_p95",
        "inside",
    ])?;
    let mut outside = 0;
    let mut total = 0;
    let mut panels: Vec<(String, Vec<BandPoint>)> = STATISTICS
        .iter()
        .filter(|n| **n != "days")
        .map(|n| (n.to_string(), Vec::new()))
        .collect();
    for (w, sim) in winters.iter().zip(sims.iter_mut()) {
        println!("\nwinter {} ({} observed days)", w.label, w.observed.days);
        println!(
            "  {:<28} {:>9} {:>9} {:>9} {:>9}  inside",
            "statistic", "observed", "sim P5", "sim P50", "sim P95"
        );
        let observed = w.observed.values();
        for (k, name) in STATISTICS.iter().enumerate() {
            if *name == "days" {
                continue;
            }
            let mut values: Vec<f64> = sim.iter().map(|v| v[k]).filter(|v| v.is_finite()).collect();
            let (p05, p50, p95) = (
                quantile(&mut values, 0.05),
                quantile(&mut values, 0.5),
                quantile(&mut values, 0.95),
            );
            let o = observed[k];
            let known = o.is_finite();
            let inside = known && o >= p05 && o <= p95;
            if known {
                total += 1;
                outside += usize::from(!inside);
            }
            if let Some((_, points)) = panels.iter_mut().find(|(n, _)| n == name) {
                points.push(BandPoint {
                    winter: w.label.clone(),
                    observed: o,
                    p05,
                    p50,
                    p95,
                });
            }
            let mark = if !known {
                "-"
            } else if inside {
                "yes"
            } else {
                "NO"
            };
            println!(
                "  {:<28} {:>9.3} {:>9.3} {:>9.3} {:>9.3}  {}",
                name, o, p05, p50, p95, mark
            );
            let cell = |v: f64| {
                if v.is_finite() {
                    format!("{v:.4}")
                } else {
                    String::new()
                }
            };
            csv.write_record([
                format!("{}/{}", w.label, name),
                cell(o),
                cell(p05),
                cell(p50),
                cell(p95),
                if known {
                    inside.to_string()
                } else {
                    String::new()
                },
            ])?;
        }
    }
    csv.flush()?;
    drop(csv);
    staged.commit()?;
    println!(
        "\n{} of {} observed statistics lie inside the simulated 5-95 % band; wrote {}",
        total - outside,
        total,
        out.join("validation.csv").display()
    );
    let title = "No-plan baseline: simulated 5-95 % band (blue), median (line), observed (dot; red outside)";
    match validation_svg(title, &panels) {
        Ok(svg) => {
            let staged = Staged::create(&out.join("validation.svg"))?;
            staged.file().write_all(svg.as_bytes())?;
            staged.commit()?;
            println!("wrote {}", out.join("validation.svg").display());
        }
        Err(why) => eprintln!("warning: no figure: {why}"),
    }
    let _ = std::io::stdout().flush();
    Ok(())
}

fn write_forecast(
    out: &Path,
    tables: &[Contingency; LEAD_DAYS],
    heavy: f64,
    hour: usize,
) -> anyhow::Result<()> {
    println!(
        "\nForecasts of the 24-h mean AQI > {heavy}, made at {hour:02}:00 for 1-5 days ahead (against the simulated truth):"
    );
    println!(
        "  {:>4} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9} {:>6}",
        "lead", "hits", "misses", "false", "neither", "hit rate", "FAR", "TS", "bias"
    );
    let staged = Staged::create(&out.join("forecast.csv"))?;
    let mut csv = csv::Writer::from_writer(staged.file());
    csv.write_record([
        "lead_day",
        "hits",
        "misses",
        "false_alarms",
        "correct_negatives",
        "hit_rate",
        "false_alarm_ratio",
        "threat_score",
        "bias",
    ])?;
    for (k, t) in tables.iter().enumerate() {
        println!(
            "  {:>4} {:>8} {:>8} {:>8} {:>8} {:>9.3} {:>9.3} {:>9.3} {:>6.2}",
            k + 1,
            t.hits,
            t.misses,
            t.false_alarms,
            t.correct_negatives,
            t.hit_rate(),
            t.false_alarm_ratio(),
            t.threat_score(),
            t.bias()
        );
        csv.write_record([
            (k + 1).to_string(),
            t.hits.to_string(),
            t.misses.to_string(),
            t.false_alarms.to_string(),
            t.correct_negatives.to_string(),
            format!("{:.4}", t.hit_rate()),
            format!("{:.4}", t.false_alarm_ratio()),
            format!("{:.4}", t.threat_score()),
            format!("{:.4}", t.bias()),
        ])?;
    }
    csv.flush()?;
    drop(csv);
    staged.commit()?;
    println!("wrote {}", out.join("forecast.csv").display());
    Ok(())
}
