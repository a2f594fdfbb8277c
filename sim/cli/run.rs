//! `smogsim run`: many simulated winters of a scenario.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::Context;

use crate::experiment::{Prepared, RunOptions, for_each_season};
use crate::output::{Formats, Kind, TableWriter, Values};
use crate::stats::quantile;
use crate::world::scenario::{Scenario, embedded_scenario, load_scenario};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
With --save-daily, DIR/daily.csv and DIR/daily.parquet hold one row per season and day:
  season,date,aqi_baseline,pm25_baseline,primary_baseline
(aqi: the AQI of the day's 24-h means; pm25: its mean PM2.5 in µg/m³; primary: the primary
pollutants joined by ';', empty when AQI <= 50).

Example:
  smogsim run scenarios/liaocheng-2016 --no-plan --seasons 500 --seed 7 --save-daily --out out/l2016")]
pub struct RunArgs {
    /// Scenario folder (default: the embedded Liaocheng 2020 scenario).
    pub scenario: Option<PathBuf>,
    /// Number of simulated winters.
    #[arg(long, default_value_t = 1000)]
    pub seasons: u64,
    /// Root seed: the same seed gives the same results, whatever the thread count.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: out/<scenario>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Simulate the no-plan baseline only.
    #[arg(long)]
    pub no_plan: bool,
    /// Write the city's daily AQI of every season (daily.csv, daily.parquet).
    #[arg(long)]
    pub save_daily: bool,
}

/// The scenario a command names, or the embedded default.
pub fn scenario_of(path: Option<&Path>) -> anyhow::Result<Scenario> {
    Ok(match path {
        Some(p) => load_scenario(p)?,
        None => embedded_scenario()?,
    })
}

pub fn threads_of(requested: Option<usize>) -> usize {
    requested.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A progress bar on stderr for `n` seasons.
pub fn progress(n: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(n);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} seasons ({per_sec}, {eta} left)",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

struct SeasonSummary {
    heavy_days: u32,
    severe_days: u32,
    mean_aqi: f64,
    daily: Option<Vec<(u16, f64, String)>>,
}

pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    if !args.no_plan {
        anyhow::bail!(
            "this build simulates the no-plan baseline only (the plan run comes with the agents): add --no-plan"
        );
    }
    let scenario = scenario_of(args.scenario.as_deref())?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(&scenario.id));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let prepared = Prepared::new(&scenario);
    let threads = threads_of(args.threads);
    let heavy = scenario.plan.warning.heavy_above;
    let severe = scenario.plan.warning.severe_above;

    let mut daily = if args.save_daily {
        Some(TableWriter::create(
            &out,
            "daily",
            &[
                ("season", Kind::U32),
                ("date", Kind::Str),
                ("aqi_baseline", Kind::U32),
                ("pm25_baseline", Kind::F64),
                ("primary_baseline", Kind::Str),
            ],
            Formats {
                csv: true,
                parquet: true,
            },
        )?)
    } else {
        None
    };
    let dates: Vec<String> = (0..prepared.calendar.days())
        .map(|d| prepared.calendar.date(d).format("%Y-%m-%d").to_string())
        .collect();
    let save = args.save_daily;
    let bar = progress(args.seasons);
    let started = Instant::now();
    let stop = AtomicBool::new(false);
    let mut heavy_days = Vec::new();
    let mut severe_days = Vec::new();
    let mut mean_aqi = Vec::new();
    for_each_season(
        &prepared,
        RunOptions {
            seed: args.seed,
            threads,
            snapshot_hour: None,
        },
        0..args.seasons,
        &stop,
        |_, run| {
            let d = &run.baseline.daily;
            SeasonSummary {
                heavy_days: d.iter().filter(|r| f64::from(r.aqi) > heavy).count() as u32,
                severe_days: d.iter().filter(|r| f64::from(r.aqi) > severe).count() as u32,
                mean_aqi: d.iter().map(|r| f64::from(r.aqi)).sum::<f64>() / d.len().max(1) as f64,
                daily: save.then(|| {
                    d.iter()
                        .map(|r| (r.aqi, (r.pm25 * 100.0).round() / 100.0, r.primary_names()))
                        .collect()
                }),
            }
        },
        |season, s| {
            heavy_days.push(f64::from(s.heavy_days));
            severe_days.push(f64::from(s.severe_days));
            mean_aqi.push(s.mean_aqi);
            if let (Some(writer), Some(rows)) = (daily.as_mut(), s.daily) {
                let n = rows.len();
                writer.write(&[
                    Values::U32(vec![season as u32; n]),
                    Values::Str(dates[..n].to_vec()),
                    Values::U32(rows.iter().map(|r| u32::from(r.0)).collect()),
                    Values::F64(rows.iter().map(|r| r.1).collect()),
                    Values::Str(rows.into_iter().map(|r| r.2).collect()),
                ])?;
            }
            bar.inc(1);
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let mut written = Vec::new();
    if let Some(writer) = daily {
        written = writer.finish()?;
    }

    println!(
        "{} ({}): {} seasons of {} .. {}, no plan, seed {}, {} threads, {:.1} s ({:.0} seasons/s)",
        scenario.id,
        scenario.origin.describe(),
        args.seasons,
        dates.first().map_or("", String::as_str),
        dates.last().map_or("", String::as_str),
        args.seed,
        threads,
        elapsed,
        args.seasons as f64 / elapsed.max(1e-9)
    );
    println!("  per season                 mean     P5    P50    P95");
    for (name, values) in [
        (format!("days with AQI > {heavy}"), &mut heavy_days),
        (format!("days with AQI > {severe}"), &mut severe_days),
        ("mean daily AQI".to_string(), &mut mean_aqi),
    ] {
        let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
        println!(
            "  {:<24} {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
            name,
            mean,
            quantile(values, 0.05),
            quantile(values, 0.5),
            quantile(values, 0.95)
        );
    }
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(())
}
