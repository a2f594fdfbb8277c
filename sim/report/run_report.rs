//! The evaluation report of a simulated run: the saved tables read back, their findings, the
//! figures drawn, the templates rendered, and every file written atomically.
//!
//! Owns which figures a run's report has and the files it writes (`report.md`, `report.html`,
//! `figures/*.svg|png`). Knows nothing of the simulation: it reads the output folder only, so
//! `smogsim report DIR` gives the bytes `smogsim run` wrote.

use std::path::{Path, PathBuf};

use super::figures::{self, DayAqi, Figure, LevelSpan, SeasonSeries};
use super::findings::{RunFindings, findings};
use super::lang::Lang;
use super::render::{InlineFigure, render};
use super::saved_run::{SavedRun, load};
use crate::output::run_tables::write_atomically;
use crate::plan::Level;

/// The seasons drawn day by day, with their warnings, typical first.
fn season_series(run: &SavedRun, lang: Lang) -> Vec<SeasonSeries> {
    let mut out = Vec::new();
    for role in ["typical", "worst"] {
        let days: Vec<_> = run.series.iter().filter(|d| d.role == role).collect();
        let Some(first) = days.first() else {
            continue;
        };
        let season = first.season;
        let end_of_season = days
            .last()
            .map(|d| {
                d.date
                    .succ_opt()
                    .unwrap_or(d.date)
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight")
            })
            .expect("non-empty");
        let warnings = run
            .warnings
            .iter()
            .filter(|w| w.season == season)
            .filter_map(|w| {
                Some(LevelSpan {
                    level: Level::parse(&w.level)?,
                    start: w.effective_at,
                    end: w.lifted_at.unwrap_or(end_of_season),
                })
            })
            .collect();
        let title = match (role, lang) {
            ("typical", Lang::Zh) => format!("典型季（第 {season} 季）"),
            ("typical", Lang::En) => format!("Typical season (season {season})"),
            (_, Lang::Zh) => format!("最不利季（第 {season} 季）"),
            (_, Lang::En) => format!("Worst season (season {season})"),
        };
        out.push(SeasonSeries {
            title,
            days: days
                .iter()
                .map(|d| DayAqi {
                    date: d.date,
                    plan: d.aqi_plan,
                    baseline: d.aqi_baseline,
                })
                .collect(),
            warnings,
        });
    }
    out
}

/// Every figure of a run's report, by name.
fn draw(run: &SavedRun, f: &RunFindings, lang: Lang) -> anyhow::Result<Vec<(String, Figure)>> {
    let err = |name: &'static str| move |e: String| anyhow::anyhow!("figure {name}: {e}");
    let mut out = Vec::new();
    let series = season_series(run, lang);
    if !series.is_empty() {
        out.push((
            "aqi_seasons".to_string(),
            figures::aqi_seasons(&series, lang).map_err(err("aqi_seasons"))?,
        ));
    }
    out.push((
        "heavy_days_distribution".to_string(),
        figures::heavy_days_distribution(
            run.column("heavy_days_plan")?,
            run.column("heavy_days_baseline")?,
            lang,
        )
        .map_err(err("heavy_days_distribution"))?,
    ));
    let cuts: Vec<figures::LevelCuts> = f
        .cuts
        .iter()
        .filter_map(|c| {
            Some(figures::LevelCuts {
                level: Level::parse(&c.level)?,
                bars: c
                    .rows
                    .iter()
                    .map(|r| figures::CutBar {
                        pollutant: r.pollutant.clone(),
                        delivered_mean: r.delivered.mean,
                        delivered_p5: r.delivered.p5,
                        delivered_p95: r.delivered.p95,
                        paper: r.paper.mean,
                        target: r.target,
                    })
                    .collect(),
            })
        })
        .collect();
    out.push((
        "cuts_vs_target".to_string(),
        figures::cuts_vs_target(&cuts, lang).map_err(err("cuts_vs_target"))?,
    ));
    let rows: Vec<figures::ComplianceRow> = f
        .compliance
        .by_county
        .iter()
        .map(|c| figures::ComplianceRow {
            county: c.name.clone(),
            full: c.full,
            partial: c.partial,
            evade: c.evade,
        })
        .collect();
    out.push((
        "compliance_by_county".to_string(),
        figures::compliance_by_county(&rows, lang).map_err(err("compliance_by_county"))?,
    ));
    let skill: Vec<figures::LeadSkill> = f
        .forecast
        .iter()
        .map(|r| figures::LeadSkill {
            lead_days: r.lead_days,
            hit_rate: r.hit_rate,
            false_alarm_ratio: r.false_alarm_ratio,
            threat_score: r.threat_score,
        })
        .collect();
    out.push((
        "forecast_verification".to_string(),
        figures::forecast_verification(&skill, lang).map_err(err("forecast_verification"))?,
    ));
    let lost: Vec<f64> = run
        .column("lost_output_yuan")?
        .iter()
        .map(|x| x * 1e-8)
        .collect();
    out.push((
        "cost_vs_benefit".to_string(),
        figures::cost_vs_benefit(&lost, run.column("heavy_days_avoided")?, lang)
            .map_err(err("cost_vs_benefit"))?,
    ));
    Ok(out)
}

/// Write the files of a report into `dir`: each figure as SVG and PNG, then the Markdown and the
/// HTML. Returns the files written.
pub fn write_report(
    dir: &Path,
    kind: &str,
    lang: Lang,
    data: &impl serde::Serialize,
    figures: &[(String, Figure)],
    templates: Option<&Path>,
) -> anyhow::Result<Vec<PathBuf>> {
    let inline: Vec<InlineFigure> = figures
        .iter()
        .map(|(name, f)| InlineFigure {
            name: name.clone(),
            svg: f.svg.clone(),
        })
        .collect();
    let rendered = render(kind, lang, data, &inline, templates)?;
    let fig_dir = dir.join("figures");
    std::fs::create_dir_all(&fig_dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", fig_dir.display()))?;
    let mut written = Vec::new();
    for (name, f) in figures {
        for (ext, bytes) in [("svg", f.svg.as_bytes()), ("png", f.png.as_slice())] {
            let path = fig_dir.join(format!("{name}.{ext}"));
            write_atomically(&path, bytes)?;
            written.push(path);
        }
    }
    for (file, text) in [
        ("report.md", &rendered.markdown),
        ("report.html", &rendered.html),
    ] {
        let path = dir.join(file);
        write_atomically(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// The report of the run saved in `dir`, written into `dir`.
pub fn write(dir: &Path, lang: Lang, templates: Option<&Path>) -> anyhow::Result<Vec<PathBuf>> {
    let run = load(dir)?;
    let rules = super::evaluation_rules::EvaluationRules::load(templates)?.problems;
    let f = findings(&run, lang, &rules)?;
    let figures = draw(&run, &f, lang)?;
    write_report(dir, "run", lang, &f, &figures, templates)
}
