//! A run's output folder read back for its report: the manifest, the context, and the tables
//! `smogsim run` wrote (seasons, warnings, episodes, compliance, and the drawn seasons' days).
//!
//! Owns which files a report needs and their columns. Knows nothing of how they were simulated;
//! a file that is missing or malformed is an input error naming it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use super::context::ReportContext;
use super::csv_table::CsvTable;
use crate::InputError;

/// What `run.json` says about how the run was made.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Manifest {
    pub smogsim_version: String,
    pub git_commit: String,
    pub scenario: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub seasons: u64,
    pub seasons_done: u64,
    pub complete: bool,
    pub plan: bool,
    pub shard: String,
}

#[derive(Debug, Clone)]
pub struct WarningRow {
    pub season: u64,
    pub level: String,
    pub decided_at: NaiveDateTime,
    pub effective_at: NaiveDateTime,
    /// `None`: still in force at the season's end.
    pub lifted_at: Option<NaiveDateTime>,
    pub hours: f64,
    /// Hours before the forecast onset it was published (negative: after); NaN when no onset.
    pub lead_hours: f64,
}

#[derive(Debug, Clone)]
pub struct EpisodeRow {
    pub season: u64,
    pub hours: f64,
    pub peak_baseline: f64,
    pub peak_plan: f64,
    pub warned: bool,
    pub warned_at_onset: bool,
}

#[derive(Debug, Clone)]
pub struct ComplianceRow {
    pub county: String,
    pub sector: String,
    pub full: f64,
    pub partial: f64,
    pub evade: f64,
    pub detected: f64,
}

#[derive(Debug, Clone)]
pub struct SeriesDay {
    pub season: u64,
    pub role: String,
    pub date: NaiveDate,
    pub aqi_baseline: f64,
    pub aqi_plan: f64,
}

#[derive(Debug, Clone)]
pub struct SavedRun {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub context: ReportContext,
    /// The seasons table, column by column (numbers; `NaN` where an outcome does not apply).
    pub seasons: BTreeMap<String, Vec<f64>>,
    pub season_ids: Vec<u64>,
    pub warnings: Vec<WarningRow>,
    pub episodes: Vec<EpisodeRow>,
    /// Summed over seasons, per county and sector.
    pub compliance: Vec<ComplianceRow>,
    pub series: Vec<SeriesDay>,
}

impl SavedRun {
    /// A seasons column; an error naming the file when the run did not write it.
    pub fn column(&self, name: &str) -> Result<&[f64], InputError> {
        self.seasons.get(name).map(Vec::as_slice).ok_or_else(|| {
            InputError::new(&self.dir.join("seasons.csv"), "missing column").field(name)
        })
    }
}

fn json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::new(
            path,
            format!("cannot read it ({e}); is this the output folder of `smogsim run`?"),
        )
    })?;
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        anyhow::Error::new(
            InputError::new(path, inner.to_string())
                .at(inner.line(), inner.column())
                .field(e.path().to_string()),
        )
    })
}

fn flag(t: &CsvTable, row: usize, col: usize) -> Result<bool, InputError> {
    match t.text(row, col) {
        "1" => Ok(true),
        "0" => Ok(false),
        other => Err(t.error_at(row, col, format!("`{other}` is not 0 or 1"))),
    }
}

fn season_of(t: &CsvTable, row: usize, col: usize) -> Result<u64, InputError> {
    let cell = t.text(row, col);
    cell.parse()
        .map_err(|_| t.error_at(row, col, format!("`{cell}` is not a season number")))
}

/// Read the output folder of a run with the plan.
pub fn load(dir: &Path) -> anyhow::Result<SavedRun> {
    let manifest: Manifest = json(&dir.join("run.json"))?;
    if !manifest.plan {
        return Err(InputError::new(
            &dir.join("run.json"),
            "the run has no plan side (--no-plan): there is nothing to evaluate",
        )
        .field("plan")
        .into());
    }
    let context: ReportContext = json(&dir.join("context.json"))?;
    anyhow::ensure!(
        context.context_version == super::context::CONTEXT_VERSION,
        InputError::new(
            &dir.join("context.json"),
            format!(
                "version {} is not the {} this smogsim reads; rerun the simulation",
                context.context_version,
                super::context::CONTEXT_VERSION
            )
        )
        .field("context_version")
    );

    let t = CsvTable::read(&dir.join("seasons.csv"))?;
    let season_col = t.column("season")?;
    let season_ids = (0..t.len())
        .map(|r| season_of(&t, r, season_col))
        .collect::<Result<Vec<_>, _>>()?;
    let mut seasons = BTreeMap::new();
    for name in t.header.iter().filter(|h| *h != "season") {
        seasons.insert(name.clone(), t.numbers(name)?);
    }

    let t = CsvTable::read(&dir.join("warnings.csv"))?;
    let c: Vec<usize> = [
        "season",
        "level",
        "decided_at",
        "effective_at",
        "lifted_at",
        "hours",
        "lead_hours",
    ]
    .iter()
    .map(|n| t.column(n))
    .collect::<Result<_, _>>()?;
    let mut warnings = Vec::with_capacity(t.len());
    for r in 0..t.len() {
        let need = |col: usize| {
            t.time(r, col)?
                .ok_or_else(|| t.error_at(r, col, "a time is required"))
        };
        warnings.push(WarningRow {
            season: season_of(&t, r, c[0])?,
            level: t.text(r, c[1]).to_string(),
            decided_at: need(c[2])?,
            effective_at: need(c[3])?,
            lifted_at: t.time(r, c[4])?,
            hours: t.number(r, c[5])?,
            lead_hours: t.number(r, c[6])?,
        });
    }

    let t = CsvTable::read(&dir.join("episodes.csv"))?;
    let c: Vec<usize> = [
        "season",
        "hours",
        "peak_baseline",
        "peak_plan",
        "warned",
        "warned_at_onset",
    ]
    .iter()
    .map(|n| t.column(n))
    .collect::<Result<_, _>>()?;
    let mut episodes = Vec::with_capacity(t.len());
    for r in 0..t.len() {
        episodes.push(EpisodeRow {
            season: season_of(&t, r, c[0])?,
            hours: t.number(r, c[1])?,
            peak_baseline: t.number(r, c[2])?,
            peak_plan: t.number(r, c[3])?,
            warned: flag(&t, r, c[4])?,
            warned_at_onset: flag(&t, r, c[5])?,
        });
    }

    let t = CsvTable::read(&dir.join("compliance.csv"))?;
    let c: Vec<usize> = ["county", "sector", "full", "partial", "evade", "detected"]
        .iter()
        .map(|n| t.column(n))
        .collect::<Result<_, _>>()?;
    let mut sums: BTreeMap<(String, String), [f64; 4]> = BTreeMap::new();
    for r in 0..t.len() {
        let key = (t.text(r, c[0]).to_string(), t.text(r, c[1]).to_string());
        let e = sums.entry(key).or_default();
        for (k, col) in c[2..].iter().enumerate() {
            e[k] += t.number(r, *col)?;
        }
    }
    let compliance = sums
        .into_iter()
        .map(|((county, sector), v)| ComplianceRow {
            county,
            sector,
            full: v[0],
            partial: v[1],
            evade: v[2],
            detected: v[3],
        })
        .collect();

    let series_path = dir.join("series.csv");
    let mut series = Vec::new();
    if series_path.exists() {
        let t = CsvTable::read(&series_path)?;
        let c: Vec<usize> = ["season", "role", "date", "aqi_baseline", "aqi_plan"]
            .iter()
            .map(|n| t.column(n))
            .collect::<Result<_, _>>()?;
        for r in 0..t.len() {
            let cell = t.text(r, c[2]);
            let date = NaiveDate::parse_from_str(cell, "%Y-%m-%d")
                .map_err(|_| t.error_at(r, c[2], format!("`{cell}` is not a date YYYY-MM-DD")))?;
            series.push(SeriesDay {
                season: season_of(&t, r, c[0])?,
                role: t.text(r, c[1]).to_string(),
                date,
                aqi_baseline: t.number(r, c[3])?,
                aqi_plan: t.number(r, c[4])?,
            });
        }
    }
    Ok(SavedRun {
        dir: dir.to_path_buf(),
        manifest,
        context,
        seasons,
        season_ids,
        warnings,
        episodes,
        compliance,
        series,
    })
}
