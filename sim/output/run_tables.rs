//! The tables `smogsim run` writes, their columns, and the statistics of `summary.csv`.
//!
//! Owns the layout of `seasons`, `warnings`, `episodes`, `compliance`, `daily` and `hourly`:
//! one row per season (outcomes), per warning, per baseline episode, per county and sector with
//! firms asked to cut, per day, per hour of the seasons asked for. Times are local, `YYYY-MM-DD
//! HH:00`. Knows nothing of how the numbers were simulated.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polars::prelude::{DataType, ParquetReader, SerReader};

use super::{BatchedTable, Formats, Kind, Staged, Values};
use crate::calendar::Calendar;
use crate::experiment::plan_side::SeasonResult;
use crate::experiment::shard::BATCH_SEASONS;
use crate::plan::Level;
use crate::stats::Stat;

const BOTH: Formats = Formats {
    csv: true,
    parquet: true,
};

/// What a run writes besides the seasons' outcomes.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub with_plan: bool,
    pub save_daily: bool,
    /// Seasons whose hourly AQI is written (`hourly`).
    pub hourly_seasons: Vec<u64>,
}

/// The open tables of a run.
pub struct RunTables {
    seasons: BatchedTable,
    outcome_columns: usize,
    warnings: Option<BatchedTable>,
    episodes: Option<BatchedTable>,
    compliance: Option<BatchedTable>,
    daily: Option<BatchedTable>,
    hourly: Option<BatchedTable>,
    extras: Extras,
    /// Every season's outcomes, column by column, for the summary.
    pub values: Vec<Vec<f64>>,
    pub names: Vec<String>,
}

fn time(calendar: &Calendar, hour: i64) -> String {
    let days = calendar.days() as i64;
    let day = hour.div_euclid(24);
    let date = if day < days {
        calendar.date(day.max(0) as usize)
    } else {
        calendar.date((days - 1) as usize) + chrono::Duration::days(day - days + 1)
    };
    format!("{} {:02}:00", date.format("%Y-%m-%d"), hour.rem_euclid(24))
}

fn level_id(l: Option<Level>) -> &'static str {
    l.map_or("", Level::id)
}

impl RunTables {
    /// Open the tables in `dir`; `outcomes` are the seasons table's columns after `season`
    /// (name, whether a count).
    pub fn create(
        dir: &Path,
        outcomes: &[(String, bool)],
        extras: Extras,
    ) -> anyhow::Result<RunTables> {
        let mut cols: Vec<(&str, Kind)> = vec![("season", Kind::U32)];
        cols.extend(
            outcomes
                .iter()
                .map(|(n, int)| (n.as_str(), if *int { Kind::U32 } else { Kind::F64 })),
        );
        let seasons = BatchedTable::create(dir, "seasons", &cols, BOTH, BATCH_SEASONS)?;
        let plan = extras.with_plan;
        let warnings = plan
            .then(|| {
                let mut c: Vec<(String, Kind)> = [
                    ("season", Kind::U32),
                    ("level", Kind::Str),
                    ("decided_at", Kind::Str),
                    ("effective_at", Kind::Str),
                    ("lifted_at", Kind::Str),
                    ("hours", Kind::U32),
                    ("lead_hours", Kind::F64),
                ]
                .iter()
                .map(|(n, k)| (n.to_string(), *k))
                .collect();
                for kind in ["delivered", "paper"] {
                    for p in ["so2", "nox", "pm", "vocs"] {
                        c.push((format!("{kind}_{p}"), Kind::F64));
                    }
                }
                c.push(("target_met".into(), Kind::U32));
                c.push(("paper_target_met".into(), Kind::U32));
                let refs: Vec<(&str, Kind)> = c.iter().map(|(n, k)| (n.as_str(), *k)).collect();
                BatchedTable::create(dir, "warnings", &refs, BOTH, BATCH_SEASONS)
            })
            .transpose()?;
        let episodes = plan
            .then(|| {
                BatchedTable::create(
                    dir,
                    "episodes",
                    &[
                        ("season", Kind::U32),
                        ("start", Kind::Str),
                        ("end", Kind::Str),
                        ("hours", Kind::U32),
                        ("peak_baseline", Kind::F64),
                        ("peak_plan", Kind::F64),
                        ("warned", Kind::U32),
                        ("warned_at_onset", Kind::U32),
                        ("level", Kind::Str),
                    ],
                    BOTH,
                    BATCH_SEASONS,
                )
            })
            .transpose()?;
        let compliance = plan
            .then(|| {
                BatchedTable::create(
                    dir,
                    "compliance",
                    &[
                        ("season", Kind::U32),
                        ("county", Kind::Str),
                        ("sector", Kind::Str),
                        ("full", Kind::U32),
                        ("partial", Kind::U32),
                        ("evade", Kind::U32),
                        ("detected", Kind::U32),
                    ],
                    BOTH,
                    BATCH_SEASONS,
                )
            })
            .transpose()?;
        let daily = extras
            .save_daily
            .then(|| {
                let cols: &[(&str, Kind)] = if plan {
                    &[
                        ("season", Kind::U32),
                        ("date", Kind::Str),
                        ("aqi_baseline", Kind::U32),
                        ("aqi_plan", Kind::U32),
                        ("pm25_baseline", Kind::F64),
                        ("pm25_plan", Kind::F64),
                        ("level", Kind::Str),
                        ("primary_baseline", Kind::Str),
                    ]
                } else {
                    &[
                        ("season", Kind::U32),
                        ("date", Kind::Str),
                        ("aqi_baseline", Kind::U32),
                        ("pm25_baseline", Kind::F64),
                        ("primary_baseline", Kind::Str),
                    ]
                };
                BatchedTable::create(dir, "daily", cols, BOTH, BATCH_SEASONS)
            })
            .transpose()?;
        let hourly = (!extras.hourly_seasons.is_empty())
            .then(|| {
                BatchedTable::create(
                    dir,
                    "hourly",
                    &[
                        ("season", Kind::U32),
                        ("time", Kind::Str),
                        ("aqi_baseline", Kind::F64),
                        ("aqi_plan", Kind::F64),
                        ("level", Kind::Str),
                    ],
                    BOTH,
                    BATCH_SEASONS,
                )
            })
            .transpose()?;
        Ok(RunTables {
            seasons,
            outcome_columns: outcomes.len(),
            warnings,
            episodes,
            compliance,
            daily,
            hourly,
            extras,
            values: vec![Vec::new(); outcomes.len()],
            names: outcomes.iter().map(|(n, _)| n.clone()).collect(),
        })
    }

    /// Append one season's rows (seasons in increasing order). `counties` and `sectors` name
    /// the compliance table's units and sectors.
    pub fn add(
        &mut self,
        season: u64,
        r: &SeasonResult,
        calendar: &Calendar,
        counties: &[String],
        sectors: &[&str],
    ) -> anyhow::Result<()> {
        anyhow::ensure!(
            r.outcomes.len() == self.outcome_columns,
            "internal error: season {season} has {} outcomes, the table {}",
            r.outcomes.len(),
            self.outcome_columns
        );
        let s = season as u32;
        let cols = self.seasons.season(season)?;
        cols[0].push_u32(s);
        for (k, cell) in r.outcomes.iter().enumerate() {
            if cell.integer {
                cols[k + 1].push_u32(cell.value.max(0.0).round() as u32);
            } else {
                cols[k + 1].push_f64(cell.value);
            }
            self.values[k].push(cell.value);
        }
        if let Some(t) = self.warnings.as_mut() {
            let cols = t.season(season)?;
            let end = calendar.hours() as i64;
            for w in &r.warnings {
                let c = &mut *cols;
                c[0].push_u32(s);
                c[1].push_str(w.level.id());
                c[2].push_str(time(calendar, w.decided_at));
                c[3].push_str(time(calendar, w.effective_at));
                c[4].push_str(w.lifted_at.map_or(String::new(), |h| time(calendar, h)));
                c[5].push_u32((w.lifted_at.unwrap_or(end) - w.effective_at).max(0) as u32);
                c[6].push_f64(w.lead_hours.map_or(f64::NAN, |h| h as f64));
                for (k, v) in w.delivered.cut.iter().chain(&w.on_paper.cut).enumerate() {
                    c[7 + k].push_f64(*v);
                }
                c[15].push_u32(u32::from(w.delivered.meets_target));
                c[16].push_u32(u32::from(w.on_paper.meets_target));
            }
        }
        if let Some(t) = self.episodes.as_mut() {
            let cols = t.season(season)?;
            for e in &r.episodes {
                cols[0].push_u32(s);
                cols[1].push_str(time(calendar, e.start as i64));
                cols[2].push_str(time(calendar, e.end as i64));
                cols[3].push_u32((e.end - e.start + 1) as u32);
                cols[4].push_f64(e.peak_baseline);
                cols[5].push_f64(e.peak_plan);
                cols[6].push_u32(u32::from(e.level.is_some()));
                cols[7].push_u32(u32::from(e.warned_at_onset));
                cols[8].push_str(level_id(e.level));
            }
        }
        if let Some(t) = self.compliance.as_mut() {
            let cols = t.season(season)?;
            let n = sectors.len();
            for (k, c) in r.compliance.iter().enumerate() {
                if c.iter().all(|v| *v == 0) {
                    continue;
                }
                cols[0].push_u32(s);
                cols[1].push_str(counties[k / n].clone());
                cols[2].push_str(sectors[k % n]);
                cols[3].push_u32(c[0]);
                cols[4].push_u32(c[1]);
                cols[5].push_u32(c[2]);
                cols[6].push_u32(c[3]);
            }
        }
        if let (Some(t), Some(days)) = (self.daily.as_mut(), r.daily.as_ref()) {
            let cols = t.season(season)?;
            for (d, row) in days.iter().enumerate() {
                let date = calendar.date(d).format("%Y-%m-%d").to_string();
                let round = |v: f64| (v * 100.0).round() / 100.0;
                cols[0].push_u32(s);
                cols[1].push_str(date);
                if self.extras.with_plan {
                    cols[2].push_u32(u32::from(row.aqi_baseline));
                    cols[3].push_u32(u32::from(row.aqi_plan));
                    cols[4].push_f64(round(row.pm25_baseline));
                    cols[5].push_f64(round(row.pm25_plan));
                    cols[6].push_str(level_id(row.level));
                    cols[7].push_str(row.primary_baseline.clone());
                } else {
                    cols[2].push_u32(u32::from(row.aqi_baseline));
                    cols[3].push_f64(round(row.pm25_baseline));
                    cols[4].push_str(row.primary_baseline.clone());
                }
            }
        }
        if let (Some(t), Some(hours)) = (self.hourly.as_mut(), r.hourly.as_ref()) {
            let cols = t.season(season)?;
            for (h, (b, p, level)) in hours.iter().enumerate() {
                cols[0].push_u32(s);
                cols[1].push_str(time(calendar, h as i64));
                cols[2].push_f64(*b);
                cols[3].push_f64(*p);
                cols[4].push_str(level_id(*level));
            }
        }
        Ok(())
    }

    /// Complete every table; returns the files written.
    pub fn finish(self) -> anyhow::Result<Vec<PathBuf>> {
        let mut written = self.seasons.finish()?;
        for t in [
            self.warnings,
            self.episodes,
            self.compliance,
            self.daily,
            self.hourly,
        ]
        .into_iter()
        .flatten()
        {
            written.extend(t.finish()?);
        }
        Ok(written)
    }
}

/// `summary.csv`: for every outcome, the seasons it applies to (`n`, values that are not
/// `NaN`), the mean, P5, P50, P95, and the Monte Carlo standard error of the mean.
pub fn summary_csv(names: &[String], values: &[Vec<f64>]) -> String {
    let mut out = String::from("outcome,n,mean,p5,p50,p95,mc_se\n");
    let fmt = |x: f64| {
        if x.is_nan() {
            String::new()
        } else {
            // Six significant figures: the Monte Carlo error is far larger.
            let r = format!("{x:.6e}").parse::<f64>().unwrap_or(x);
            r.to_string()
        }
    };
    for (name, column) in names.iter().zip(values) {
        let Stat {
            n,
            mean,
            p5,
            p50,
            p95,
            se,
        } = Stat::of(column);
        let _ = writeln!(
            out,
            "{name},{n},{},{},{},{},{}",
            fmt(mean),
            fmt(p5),
            fmt(p50),
            fmt(p95),
            fmt(se)
        );
    }
    out
}

/// Write `bytes` (text or not) to `path` atomically.
pub fn write_atomically(path: &Path, bytes: impl AsRef<[u8]>) -> anyhow::Result<()> {
    use std::io::Write;
    let staged = Staged::create(path)?;
    let mut f = staged.file();
    f.write_all(bytes.as_ref())
        .with_context(|| format!("cannot write {}", staged.path().display()))?;
    staged.commit()
}

/// A Parquet table read back as columns (for `smogsim merge`).
pub fn read_parquet(path: &Path) -> anyhow::Result<Vec<(String, Values)>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let df = ParquetReader::new(file)
        .finish()
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for col in df.columns() {
        let name = col.name().to_string();
        let values = match col.dtype() {
            // The tables hold no nulls: a value that does not apply is NaN or "".
            DataType::UInt32 => Values::U32(col.u32()?.no_null_iter().collect()),
            DataType::Float64 => Values::F64(col.f64()?.no_null_iter().collect()),
            DataType::String => {
                Values::Str(col.str()?.no_null_iter().map(str::to_string).collect())
            }
            other => anyhow::bail!("{}: column `{name}` has type {other}", path.display()),
        };
        out.push((name, values));
    }
    Ok(out)
}
