//! `smogsim run`: many simulated winters of a scenario, with the plan beside the no-plan
//! baseline on the same weather.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::Context;

use crate::experiment::plan_side::{
    Keep, PlanModel, SeasonResult, baseline_result, outcome_columns, plan_result,
};
use crate::experiment::shard::Shard;
use crate::experiment::{Prepared, RunOptions, for_each_season_with};
use crate::output::run_tables::{Extras, RunTables, summary_csv, write_atomically};
use crate::report::context::{
    AssumptionRow, CONTEXT_VERSION, HealthRow, Named, ReportContext, SeriesRole, TargetRow,
};
use crate::season::outcome::Health;
use crate::world::counties::SECTORS;
use crate::world::scenario::{Scenario, embedded_scenario, load_scenario};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Writes to DIR (default out/<scenario>/):
  seasons.csv, seasons.parquet   one row per season: `season`, then every outcome, with _plan and
                                 _baseline suffixes where both runs have it
  warnings.csv, warnings.parquet every warning: level, decided_at, effective_at, lifted_at, lead,
                                 delivered and on-paper cuts per pollutant, targets met
  episodes.csv, episodes.parquet every heavy episode of the baseline: start, end, peaks, whether
                                 warned and at which level
  compliance.csv, .parquet       per season, county and sector: firms complying fully, partly,
                                 evading, and found not complying by inspections (detected)
  summary.csv                    per outcome: n, mean, P5, P50, P95, Monte Carlo standard error
  run.json                       version, commit, scenario hash, seed, seasons, shard, threads,
                                 timings, whether the run is complete
  daily.csv, daily.parquet       with --save-daily: season,date,aqi_baseline,aqi_plan,
                                 pm25_baseline,pm25_plan,level,primary_baseline
  hourly.csv, hourly.parquet     with --save-hourly: the seasons listed, hour by hour
  report.html, report.md,        the third-party evaluation report (plan §4.9), in Chinese; make
  figures/*.svg, figures/*.png   it again, or in English, with `smogsim report DIR [--lang en]`
  series.csv, context.json       what the report needs besides the tables: the days of the typical
                                 and the worst season, the plan's targets and deadlines

The same seed gives the same bytes whatever --threads, and the shards of a run joined by
`smogsim merge` give the bytes of the whole run. Ctrl-C stops after the seasons under way and
writes a consistent partial run (run.json: \"complete\": false).

Examples:
  smogsim run                                       # Liaocheng 2020, 1,000 seasons
  smogsim run scenarios/liaocheng-2020 --seasons 10000 --seed 7 --out out/l2020
  smogsim run --seasons 10000 --shard 0/4 --out out/part0   # one of four shards")]
pub struct RunArgs {
    /// Scenario folder (default: the embedded Liaocheng 2020 scenario).
    pub scenario: Option<PathBuf>,
    /// Number of simulated winters (of the whole run, when sharded).
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
    /// Run shard K of N (0-based) of the seasons, e.g. 0/4; join them with `smogsim merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Simulate the no-plan baseline only.
    #[arg(long)]
    pub no_plan: bool,
    /// Write the city's daily AQI of every season (daily.csv, daily.parquet).
    #[arg(long)]
    pub save_daily: bool,
    /// Write the hourly AQI of these seasons, e.g. 0,5,10-12 (hourly.csv, hourly.parquet).
    #[arg(long, value_name = "LIST", value_parser = parse_season_list)]
    pub save_hourly: Option<SeasonList>,
}

impl RunArgs {
    /// What `smogsim` without a subcommand runs: the embedded scenario with every default.
    pub fn default_run() -> RunArgs {
        RunArgs {
            scenario: None,
            seasons: 1000,
            seed: 1,
            threads: None,
            out: None,
            shard: None,
            no_plan: false,
            save_daily: false,
            save_hourly: None,
        }
    }
}

/// Season numbers given as `0,5,10-12`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonList(pub Vec<u64>);

fn parse_season_list(s: &str) -> Result<SeasonList, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("`{part}` is not a season number or range a-b");
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u64, u64) = (
                    a.trim().parse().map_err(|_| bad())?,
                    b.trim().parse().map_err(|_| bad())?,
                );
                if b < a || b - a > 100_000 {
                    return Err(bad());
                }
                out.extend(a..=b);
            }
            None => out.push(part.parse().map_err(|_| bad())?),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(SeasonList(out))
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

/// Set when the user presses Ctrl-C: the run stops after the seasons under way.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let scenario = scenario_of(args.scenario.as_deref())?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(&scenario.id));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let prepared = Prepared::new(&scenario);
    let model = if args.no_plan {
        None
    } else {
        Some(PlanModel::new(&prepared).with_context(|| {
            format!(
                "{}: the scenario names no [city] files (guide, list, fleet, dust, behaviour), so the plan cannot run: add them or pass --no-plan",
                scenario.origin.describe()
            )
        })?)
    };
    let threads = threads_of(args.threads);
    let shard = args.shard.unwrap_or(Shard::WHOLE);
    let seasons = shard.seasons(args.seasons);
    let hourly: Vec<u64> = args
        .save_hourly
        .as_ref()
        .map(|l| {
            l.0.iter()
                .copied()
                .filter(|s| seasons.contains(s))
                .collect()
        })
        .unwrap_or_default();
    let columns = outcome_columns(&prepared, model.as_ref());
    let mut tables = RunTables::create(
        &out,
        &columns,
        Extras {
            with_plan: model.is_some(),
            save_daily: args.save_daily,
            hourly_seasons: hourly.clone(),
        },
    )?;
    let counties = scenario.counties.id.clone();
    let sectors: Vec<&str> = SECTORS.iter().map(|s| s.id()).collect();
    let no_health = Health {
        population: 0.0,
        deaths_per_person_day: 0.0,
        beta_per_ug: 0.0,
    };
    // Ctrl-C: finish the seasons under way, write them, mark the run partial.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));

    let bar = progress(seasons.end - seasons.start);
    let started = Instant::now();
    let seed = args.seed;
    let save_daily = args.save_daily;
    let done = for_each_season_with(
        &prepared,
        RunOptions {
            seed,
            threads,
            snapshot_hour: None,
        },
        seasons.clone(),
        &INTERRUPTED,
        || model.as_ref().map(|m| m.worker(&prepared)),
        |worker, prep, run| -> SeasonResult {
            let keep = Keep {
                daily: save_daily,
                hourly: hourly.binary_search(&run.season).is_ok(),
            };
            match (model.as_ref(), worker.as_mut()) {
                (Some(m), Some(w)) => plan_result(m, w, prep, run, seed, keep),
                _ => baseline_result(prep, run, &no_health, keep),
            }
        },
        |season, result| {
            tables.add(season, &result, &prepared.calendar, &counties, &sectors)?;
            bar.inc(1);
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let complete = done == seasons.end - seasons.start;
    let names = tables.names.clone();
    let values = std::mem::take(&mut tables.values);
    let mut written = tables.finish()?;
    let summary_path = out.join("summary.csv");
    write_atomically(&summary_path, summary_csv(&names, &values))?;
    written.push(summary_path);
    let manifest = serde_json::json!({
        "smogsim_version": env!("CARGO_PKG_VERSION"),
        "git_commit": option_env!("SMOGSIM_GIT_COMMIT").unwrap_or("unknown"),
        "scenario": scenario.id,
        "scenario_origin": scenario.origin.describe(),
        "scenario_hash": scenario.hash(),
        "seed": seed,
        "seasons": args.seasons,
        "shard": shard.to_string(),
        "first_season": seasons.start,
        "seasons_done": done,
        "complete": complete,
        "plan": model.is_some(),
        "forecast": "model",
        "threads": threads,
        "timings": {
            "seconds": (elapsed * 1000.0).round() / 1000.0,
            "seasons_per_second": ((done as f64 / elapsed.max(1e-9)) * 10.0).round() / 10.0,
        },
    });
    if let Some(m) = model.as_ref().filter(|_| complete && shard == Shard::WHOLE) {
        written.extend(write_report_inputs(
            &out, &scenario, &prepared, m, seed, &names, &values,
        )?);
    }
    let manifest_path = out.join("run.json");
    write_atomically(
        &manifest_path,
        &(serde_json::to_string_pretty(&manifest)? + "\n"),
    )?;
    written.push(manifest_path);

    println!(
        "{} ({}): seasons {}..{} of {}{}, seed {}, {} threads, {:.1} s ({:.0} seasons/s){}",
        scenario.id,
        scenario.origin.describe(),
        seasons.start,
        seasons.start + done,
        args.seasons,
        if model.is_some() { "" } else { ", no plan" },
        seed,
        threads,
        elapsed,
        done as f64 / elapsed.max(1e-9),
        if complete {
            ""
        } else {
            " — interrupted: a partial run"
        }
    );
    print!("{}", short_summary(&names, &values));
    if model.is_some() && complete && shard == Shard::WHOLE {
        match crate::report::run_report::write(&out, crate::report::lang::Lang::Zh, None) {
            Ok(files) => written.extend(files),
            // The tables are the run's product; a report can be made from them later.
            Err(e) => eprintln!(
                "warning: no report written ({e:#}); make it later with `smogsim report {}`",
                out.display()
            ),
        }
    }
    for path in written {
        println!("wrote {}", path.display());
    }
    if !complete {
        anyhow::bail!(
            "interrupted after {done} seasons; the files hold them and run.json says complete: false"
        );
    }
    Ok(())
}

/// The few outcomes a planner reads first, mean and 90 % range over the seasons.
fn short_summary(names: &[String], values: &[Vec<f64>]) -> String {
    use std::fmt::Write as _;
    let pick = [
        ("heavy days (AQI > 200), with the plan", "heavy_days_plan"),
        ("heavy days (AQI > 200), no plan", "heavy_days_baseline"),
        ("severe days (AQI > 300), with the plan", "severe_days_plan"),
        ("severe days (AQI > 300), no plan", "severe_days_baseline"),
        ("warnings issued", "warnings"),
        ("episodes warned (hits)", "hits"),
        ("episodes missed", "misses"),
        ("false alarms (no episode)", "false_alarms"),
        ("PM cut delivered at red", "cut_pm_red"),
        ("PM cut on paper at red", "paper_cut_pm_red"),
        ("red target met (share of seasons)", "target_met_red"),
        ("evasion rate", "evasion_rate"),
        ("lost output, 10^8 yuan", "lost_output_yuan"),
        ("avoided deaths", "avoided_deaths"),
    ];
    let mut out =
        String::from("  per season                                mean      P5     P95\n");
    for (label, name) in pick {
        let Some(k) = names.iter().position(|n| n == name) else {
            continue;
        };
        let mut v: Vec<f64> = values[k].iter().copied().filter(|x| !x.is_nan()).collect();
        if v.is_empty() {
            continue;
        }
        let scale = if name == "lost_output_yuan" {
            1e-8
        } else {
            1.0
        };
        let mean = v.iter().sum::<f64>() / v.len() as f64 * scale;
        let p5 = crate::stats::quantile(&mut v, 0.05) * scale;
        let p95 = crate::stats::quantile(&mut v, 0.95) * scale;
        let _ = writeln!(out, "  {label:<40} {mean:>7.2} {p5:>7.2} {p95:>7.2}");
    }
    out
}

/// `series.csv` and `context.json`: what the report needs besides the tables. `values` are the
/// outcomes of every season of the run, from season 0.
pub fn write_report_inputs(
    out: &Path,
    scenario: &Scenario,
    prepared: &Prepared<'_>,
    model: &PlanModel,
    seed: u64,
    names: &[String],
    values: &[Vec<f64>],
) -> anyhow::Result<Vec<PathBuf>> {
    let roles = drawn_seasons(names, values);
    let series = out.join("series.csv");
    write_atomically(&series, &series_csv(prepared, model, seed, &roles)?)?;
    let context_path = out.join("context.json");
    let context = report_context(scenario, prepared, model, &roles);
    write_atomically(
        &context_path,
        &(serde_json::to_string_pretty(&context)? + "\n"),
    )?;
    Ok(vec![series, context_path])
}

/// The seasons a report draws day by day: the typical one (heavy days without the plan closest
/// to their median; the lowest number on ties) and the worst (most heavy days, then highest peak).
fn drawn_seasons(names: &[String], values: &[Vec<f64>]) -> Vec<SeriesRole> {
    let col = |n: &str| names.iter().position(|x| x == n).map(|k| &values[k]);
    let (Some(heavy), Some(peak)) = (col("heavy_days_baseline"), col("peak_aqi_baseline")) else {
        return Vec::new();
    };
    if heavy.is_empty() {
        return Vec::new();
    }
    let mut sorted = heavy.clone();
    let median = crate::stats::quantile(&mut sorted, 0.5);
    let typical = (0..heavy.len())
        .min_by(|&a, &b| {
            (heavy[a] - median)
                .abs()
                .total_cmp(&(heavy[b] - median).abs())
                .then(a.cmp(&b))
        })
        .expect("seasons");
    let worst = (0..heavy.len())
        .max_by(|&a, &b| {
            heavy[a]
                .total_cmp(&heavy[b])
                .then(peak[a].total_cmp(&peak[b]))
                .then(b.cmp(&a))
        })
        .expect("seasons");
    [("typical", typical), ("worst", worst)]
        .into_iter()
        .map(|(role, k)| SeriesRole {
            role: role.to_string(),
            season: k as u64,
        })
        .collect()
}

/// `series.csv`: the drawn seasons' days, simulated again (a season depends only on the seed
/// and its number, so these are the very seasons of the run).
fn series_csv(
    prepared: &Prepared<'_>,
    model: &PlanModel,
    seed: u64,
    roles: &[SeriesRole],
) -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let mut out = String::from("season,role,date,aqi_baseline,aqi_plan,level\n");
    let never = AtomicBool::new(false);
    for r in roles {
        let mut days = None;
        for_each_season_with(
            prepared,
            RunOptions {
                seed,
                threads: 1,
                snapshot_hour: None,
            },
            r.season..r.season + 1,
            &never,
            || model.worker(prepared),
            |worker, prep, run| {
                let keep = Keep {
                    daily: true,
                    hourly: false,
                };
                plan_result(model, worker, prep, run, seed, keep)
            },
            |_, result| {
                days = result.daily;
                Ok(())
            },
        )?;
        for (d, row) in days.unwrap_or_default().iter().enumerate() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{}",
                r.season,
                r.role,
                prepared.calendar.date(d).format("%Y-%m-%d"),
                row.aqi_baseline,
                row.aqi_plan,
                row.level.map_or("", |l| l.id())
            );
        }
    }
    Ok(out)
}

/// What the report needs to know of the scenario (it reads the output folder only).
fn report_context(
    scenario: &Scenario,
    prepared: &Prepared<'_>,
    model: &PlanModel,
    roles: &[SeriesRole],
) -> ReportContext {
    let plan = &scenario.plan;
    let meta = &plan.file.plan;
    let rules = &plan.warning;
    let c = &scenario.counties;
    let days = prepared.calendar.days();
    ReportContext {
        context_version: CONTEXT_VERSION,
        scenario_id: scenario.id.clone(),
        scenario_title_zh: scenario.title_zh.clone(),
        scenario_title_en: scenario.title_en.clone(),
        plan_title_zh: meta.title_zh.clone(),
        plan_title_en: meta.title_en.clone(),
        plan_document: meta.document.clone(),
        plan_issued: meta.issued.clone(),
        city_zh: meta.city_zh.clone(),
        city_en: meta.city_en.clone(),
        heavy_above: rules.heavy_above,
        severe_above: rules.severe_above,
        warning_min_hours: warning_min_hours(rules),
        min_lead_hours: f64::from(rules.min_lead_hours),
        county_notice_hours: f64::from(rules.county_notice_hours),
        disclosure_within_hours: f64::from(rules.disclosure_within_hours),
        season_start: prepared.calendar.date(0).format("%Y-%m-%d").to_string(),
        season_end: prepared
            .calendar
            .date(days.saturating_sub(1))
            .format("%Y-%m-%d")
            .to_string(),
        targets: plan
            .targets
            .iter()
            .map(|t| TargetRow {
                level: t.level.id().to_string(),
                section: t.section.clone(),
                so2: t.so2,
                nox: t.nox,
                pm: t.pm,
                vocs: t.vocs,
                so2_nox_adjustable: t.so2_nox_adjustable,
                so2_plus_nox_at_least: t.so2_plus_nox_at_least,
            })
            .collect(),
        counties: (0..c.id.len())
            .map(|k| Named {
                id: c.id[k].clone(),
                name_zh: c.name_zh[k].clone(),
                name_en: c.name_en[k].clone(),
            })
            .collect(),
        sectors: SECTORS
            .iter()
            .map(|s| Named {
                id: s.id().to_string(),
                name_zh: s.name_zh().to_string(),
                name_en: s.name_en().to_string(),
            })
            .collect(),
        health: Some(HealthRow {
            population: model.health.population,
            deaths_per_person_day: model.health.deaths_per_person_day,
            beta_per_ug: model.health.beta_per_ug,
        }),
        assumptions: plan
            .assumptions
            .iter()
            .map(|a| AssumptionRow {
                field: a.field.clone(),
                reason: a.reason.clone(),
            })
            .collect(),
        series: roles.to_vec(),
    }
}

/// How long heavy pollution must be forecast to last for the mildest warning level (§3.1's
/// yellow: 48 h): per criterion, the longest heavy condition it asks for; the least of those.
fn warning_min_hours(rules: &crate::plan::WarningRules) -> f64 {
    rules
        .levels
        .iter()
        .find(|l| l.level.is_warning())
        .into_iter()
        .flat_map(|l| &l.criteria)
        .filter_map(|criterion| {
            criterion
                .iter()
                .filter(|c| c.threshold >= rules.heavy_above)
                .map(|c| c.for_hours)
                .max()
        })
        .min()
        .map_or(f64::NAN, f64::from)
}
