//! `smogsim merge DIR... --out DIR`: join the outputs of a run's shards into the output of the
//! whole run.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use super::run::write_report_inputs;
use crate::experiment::Prepared;
use crate::experiment::plan_side::PlanModel;
use crate::experiment::shard::BATCH_SEASONS;
use crate::output::run_tables::{read_parquet, summary_csv, write_atomically};
use crate::output::{BatchedTable, Formats, Kind, Values};
use crate::report::lang::Lang;
use crate::world::scenario::{Scenario, embedded_scenario, load_scenario};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The shards must come from one run: the same scenario (by its hash), seed, season count and
plan setting, each complete, together covering every season once. The tables and summary.csv
written are byte for byte those one unsharded run writes; run.json records the shards.

With the plan, merge also writes what the report needs and the report itself (series.csv,
context.json, report.html, report.md, figures/), the same bytes as one unsharded run: it loads the
scenario the shards name in run.json (or --scenario, when it has moved) and checks its hash.

Example (four shards, e.g. a Slurm array or a Kubernetes Indexed Job, see README):
  smogsim merge out/part0 out/part1 out/part2 out/part3 --out out/l2020")]
pub struct MergeArgs {
    /// The shards' output folders.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Where the joined run goes.
    #[arg(long)]
    pub out: PathBuf,
    /// The scenario folder of the run, when it is no longer where run.json says.
    #[arg(long, value_name = "DIR")]
    pub scenario: Option<PathBuf>,
}

/// The fields of a shard's run.json that decide whether shards belong together.
#[derive(Debug, Clone, Deserialize)]
struct Manifest {
    scenario: String,
    #[serde(default)]
    scenario_origin: String,
    scenario_hash: String,
    seed: u64,
    seasons: u64,
    shard: String,
    first_season: u64,
    seasons_done: u64,
    complete: bool,
    plan: bool,
    #[serde(default)]
    timings: Option<serde_json::Value>,
}

fn manifest(dir: &Path) -> anyhow::Result<Manifest> {
    let path = dir.join("run.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "{}: cannot read (is it a run's output folder?)",
            path.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| format!("{}: not a run manifest", path.display()))
}

/// The tables a run may write, in the order they are joined.
const TABLES: [&str; 6] = [
    "seasons",
    "warnings",
    "episodes",
    "compliance",
    "daily",
    "hourly",
];

pub fn run(args: &MergeArgs) -> anyhow::Result<()> {
    let mut shards: Vec<(PathBuf, Manifest)> = args
        .dirs
        .iter()
        .map(|d| manifest(d).map(|m| (d.clone(), m)))
        .collect::<anyhow::Result<_>>()?;
    shards.sort_by_key(|(_, m)| m.first_season);
    let first = shards[0].1.clone();
    let mut next = 0;
    for (dir, m) in &shards {
        let differs = |what: &str| {
            anyhow::anyhow!(
                "{}: {what} differs from {}'s: these are not shards of one run",
                dir.display(),
                shards[0].0.display()
            )
        };
        if m.scenario_hash != first.scenario_hash {
            return Err(differs("the scenario"));
        }
        if m.seed != first.seed {
            return Err(differs("the seed"));
        }
        if m.seasons != first.seasons {
            return Err(differs("the season count"));
        }
        if m.plan != first.plan {
            return Err(differs("the plan setting (--no-plan)"));
        }
        anyhow::ensure!(
            m.complete,
            "{}: shard {} is a partial run ({} seasons done); run it again",
            dir.display(),
            m.shard,
            m.seasons_done
        );
        anyhow::ensure!(
            m.first_season == next,
            "{}: starts at season {}, but the seasons before it end at {next}: a shard is missing or repeated",
            dir.display(),
            m.first_season
        );
        next = m.first_season + m.seasons_done;
    }
    anyhow::ensure!(
        next == first.seasons,
        "the shards cover seasons 0..{next} of {}: a shard is missing",
        first.seasons
    );
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;

    let mut written = Vec::new();
    let mut summary: Option<(Vec<String>, Vec<Vec<f64>>)> = None;
    for stem in TABLES {
        let parts: Vec<PathBuf> = shards
            .iter()
            .map(|(d, _)| d.join(format!("{stem}.parquet")))
            .collect();
        let present = parts.iter().filter(|p| p.is_file()).count();
        if present == 0 {
            continue;
        }
        anyhow::ensure!(
            present == parts.len(),
            "{stem}.parquet is in some shards and not in others: were they run with the same options?"
        );
        let tables: Vec<Vec<(String, Values)>> = parts
            .iter()
            .map(|p| read_parquet(p))
            .collect::<anyhow::Result<_>>()?;
        let columns: Vec<(String, Kind)> = tables[0]
            .iter()
            .map(|(n, v)| (n.clone(), v.kind()))
            .collect();
        let refs: Vec<(&str, Kind)> = columns.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        let mut out = BatchedTable::create(
            &args.out,
            stem,
            &refs,
            Formats {
                csv: true,
                parquet: true,
            },
            BATCH_SEASONS,
        )?;
        let mut collected: Vec<Vec<f64>> = vec![Vec::new(); columns.len().saturating_sub(1)];
        for (t, path) in tables.iter().zip(&parts) {
            anyhow::ensure!(
                t.len() == columns.len()
                    && t.iter()
                        .zip(&columns)
                        .all(|((n, v), (m, k))| n == m && v.kind() == *k),
                "{}: its columns differ from the first shard's",
                path.display()
            );
            let season = match &t[0].1 {
                Values::U32(s) => s,
                _ => anyhow::bail!("{}: the first column is not `season`", path.display()),
            };
            for (row, s) in season.iter().enumerate() {
                let cols = out.season(u64::from(*s))?;
                for (c, (_, v)) in cols.iter_mut().zip(t) {
                    c.push_row_of(v, row);
                }
                if stem == "seasons" {
                    for (k, (_, v)) in t.iter().skip(1).enumerate() {
                        collected[k].push(v.number(row));
                    }
                }
            }
        }
        written.extend(out.finish()?);
        if stem == "seasons" {
            let names = columns.iter().skip(1).map(|(n, _)| n.clone()).collect();
            summary = Some((names, collected));
        }
    }
    let (names, values) = summary.context("the shards hold no seasons table")?;
    let summary_path = args.out.join("summary.csv");
    write_atomically(&summary_path, summary_csv(&names, &values))?;
    written.push(summary_path);
    let seconds: f64 = shards
        .iter()
        .filter_map(|(_, m)| m.timings.as_ref()?.get("seconds")?.as_f64())
        .sum();
    let merged = serde_json::json!({
        "smogsim_version": env!("CARGO_PKG_VERSION"),
        "git_commit": option_env!("SMOGSIM_GIT_COMMIT").unwrap_or("unknown"),
        "scenario": first.scenario,
        "scenario_hash": first.scenario_hash,
        "seed": first.seed,
        "seasons": first.seasons,
        "shard": "0/1",
        "first_season": 0,
        "seasons_done": first.seasons,
        "complete": true,
        "plan": first.plan,
        "merged_from": shards.iter().map(|(d, m)| format!("{} ({})", d.display(), m.shard)).collect::<Vec<_>>(),
        "timings": { "seconds_in_shards": (seconds * 1000.0).round() / 1000.0 },
    });
    let manifest_path = args.out.join("run.json");
    write_atomically(
        &manifest_path,
        &(serde_json::to_string_pretty(&merged)? + "\n"),
    )?;
    written.push(manifest_path);
    // The report reads run.json, so it comes last.
    if first.plan {
        match report_scenario(args, &first) {
            Ok(scenario) => {
                let prepared = Prepared::new(&scenario);
                let model = PlanModel::new(&prepared).context("the scenario has no plan side")?;
                written.extend(write_report_inputs(
                    &args.out, &scenario, &prepared, &model, first.seed, &names, &values,
                )?);
                match crate::report::run_report::write(&args.out, Lang::Zh, None) {
                    Ok(files) => written.extend(files),
                    Err(e) => eprintln!(
                        "warning: no report written ({e:#}); make it later with `smogsim report {}`",
                        args.out.display()
                    ),
                }
            }
            Err(e) => eprintln!("warning: no report written: {e:#}"),
        }
    }
    println!(
        "{}: {} seasons from {} shards",
        first.scenario,
        first.seasons,
        shards.len()
    );
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// The scenario of the shards, from --scenario or from where run.json says it was, checked
/// against the shards' hash.
fn report_scenario(args: &MergeArgs, first: &Manifest) -> anyhow::Result<Scenario> {
    let scenario = match (
        &args.scenario,
        first.scenario_origin.strip_suffix(" (embedded)"),
    ) {
        (Some(dir), _) => load_scenario(dir)?,
        (None, Some(_)) => embedded_scenario()?,
        (None, None) if !first.scenario_origin.is_empty() => {
            load_scenario(Path::new(&first.scenario_origin)).with_context(|| {
                format!(
                    "the scenario is no longer at {}: pass --scenario DIR",
                    first.scenario_origin
                )
            })?
        }
        (None, None) => anyhow::bail!("run.json names no scenario: pass --scenario DIR"),
    };
    anyhow::ensure!(
        scenario.hash() == first.scenario_hash,
        "{}: its hash {} is not the shards' {}: the scenario changed since the run",
        scenario.origin.describe(),
        scenario.hash(),
        first.scenario_hash
    );
    Ok(scenario)
}
