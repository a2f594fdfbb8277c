//! What a run comes to, for its evaluation report: the numbers of each section of §4.9's report
//! (measures taken, effects, problems, suggestions), each with its spread over the seasons and
//! its Monte Carlo error, and the problems ranked from the data.
//!
//! Owns the definitions of the report's figures of merit and the rules that turn them into
//! problems. Knows nothing of files or of how text is laid out: it is given a [`SavedRun`] and
//! returns numbers (and names in the report's language).

use std::collections::BTreeMap;

use serde::Serialize;

use super::lang::Lang;
use super::saved_run::SavedRun;
use crate::InputError;
use crate::stats::{Stat, quantile};

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

fn sum(v: &[f64]) -> f64 {
    v.iter().filter(|x| !x.is_nan()).sum()
}

/// The warning levels by id, mildest first.
pub const LEVELS: [&str; 3] = ["yellow", "orange", "red"];

pub fn level_name(level: &str, lang: Lang) -> String {
    let zh = match level {
        "yellow" => "黄色预警",
        "orange" => "橙色预警",
        "red" => "红色预警",
        "advisory" => "健康防护提示",
        other => other,
    };
    let en = match level {
        "yellow" => "yellow warning",
        "orange" => "orange warning",
        "red" => "red warning",
        "advisory" => "health advisory",
        other => other,
    };
    lang.pick(zh, en).to_string()
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub scenario_id: String,
    pub scenario_title: String,
    pub plan_title: String,
    pub plan_document: String,
    pub plan_issued: String,
    pub city: String,
    pub seasons_done: u64,
    pub seasons: u64,
    pub seed: u64,
    pub complete: bool,
    pub version: String,
    pub commit: String,
    pub scenario_hash: String,
    pub season_start: String,
    pub season_end: String,
    pub heavy_above: f64,
    pub severe_above: f64,
    pub min_lead_hours: f64,
    pub warning_min_hours: f64,
    pub county_notice_hours: f64,
    pub disclosure_within_hours: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryRow {
    pub name: String,
    pub colour: String,
    pub baseline: Stat,
    pub plan: Stat,
}

#[derive(Debug, Clone, Serialize)]
pub struct Air {
    pub heavy_days_baseline: Stat,
    pub heavy_days_plan: Stat,
    pub heavy_days_avoided: Stat,
    pub severe_days_baseline: Stat,
    pub severe_days_plan: Stat,
    pub severe_days_avoided: Stat,
    pub peak_baseline: Stat,
    pub peak_plan: Stat,
    pub peak_reduction: Stat,
    pub mean_pm25_baseline: Stat,
    pub mean_pm25_plan: Stat,
    pub exposure_baseline: Stat,
    pub exposure_plan: Stat,
    pub avoided_deaths: Stat,
    pub episodes_baseline: Stat,
    pub episodes_plan: Stat,
    /// Share of seasons in which the plan avoided at least one heavy day, and in which it added one.
    pub share_fewer_heavy_days: f64,
    pub share_more_heavy_days: f64,
    pub categories: Vec<CategoryRow>,
}

/// When warnings were published against the forecast onset (§3.3.1).
#[derive(Debug, Clone, Serialize, Default)]
pub struct LeadRow {
    pub n: usize,
    pub on_time: f64,
    pub short: f64,
    pub after_onset: f64,
    pub median_lead_hours: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelWarnings {
    pub level: String,
    pub name: String,
    pub per_season: Stat,
    pub hours_per_season: Stat,
    pub mean_duration_hours: f64,
    pub seasons_with: f64,
    pub lead: LeadRow,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub hits: Stat,
    pub timely_hits: Stat,
    pub misses: Stat,
    pub false_alarms: Stat,
    pub warnings: Stat,
    pub advisories: Stat,
    pub upgrades: Stat,
    pub downgrades: Stat,
    /// Episodes warned, and warned by their onset, of all baseline episodes.
    pub hit_share: f64,
    pub timely_share: f64,
    /// Warnings with no baseline heavy hour, of all warnings.
    pub false_alarm_share: f64,
    pub missed_median_hours: f64,
    pub missed_median_peak: f64,
    pub warned_median_hours: f64,
    pub missed_short_share: f64,
    pub all_leads: LeadRow,
}

#[derive(Debug, Clone, Serialize)]
pub struct Notices {
    pub notices: Stat,
    pub late_notices: Stat,
    pub late_disclosures: Stat,
    pub late_notice_share: f64,
    pub late_disclosure_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShareRow {
    pub id: String,
    pub name: String,
    pub firm_warnings: f64,
    pub full: f64,
    pub partial: f64,
    pub evade: f64,
    /// Firm-warnings found not complying, and their share of those not complying fully.
    pub detected: f64,
    pub detected_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComplianceCell {
    pub county: String,
    pub sector: String,
    #[serde(flatten)]
    pub shares: ShareRow,
}

#[derive(Debug, Clone, Serialize)]
pub struct Compliance {
    pub by_county: Vec<ShareRow>,
    pub by_sector: Vec<ShareRow>,
    pub cells: Vec<ComplianceCell>,
    pub city: ShareRow,
    pub evasion_rate: Stat,
    pub partial_rate: Stat,
    pub inspections: Stat,
    pub detections: Stat,
    /// Detections per firm-warning not complying fully.
    pub detection_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Costs {
    pub lost_output_1e8: Stat,
    pub vehicle_days: Stat,
    pub site_days: Stat,
    /// Mean lost output over mean heavy days avoided, 10^8 yuan per day.
    pub per_heavy_day_avoided_1e8: f64,
    /// Mean lost output over mean avoided deaths, 10^8 yuan per death.
    pub per_death_avoided_1e8: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CutRow {
    pub pollutant: String,
    pub delivered: Stat,
    pub paper: Stat,
    pub target: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelCuts {
    pub level: String,
    pub name: String,
    /// Seasons that reached the level.
    pub seasons: usize,
    pub rows: Vec<CutRow>,
    pub p_met: f64,
    pub p_met_paper: f64,
    pub target_text: String,
    /// The pollutant whose delivered cut falls furthest short of its target, and by how much.
    pub worst_pollutant: String,
    pub worst_gap: f64,
    /// Whether the list itself (on paper) falls short of the target.
    pub paper_short: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeadSkillRow {
    pub lead_days: u32,
    pub hits: f64,
    pub misses: f64,
    pub false_alarms: f64,
    pub correct_negatives: f64,
    pub hit_rate: f64,
    pub false_alarm_ratio: f64,
    pub threat_score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    pub outcome: String,
    pub stat: Stat,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesInfo {
    pub role: String,
    pub season: u64,
    pub heavy_days_baseline: f64,
    pub heavy_days_plan: f64,
    pub warnings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunFindings {
    pub meta: Meta,
    pub air: Air,
    pub warnings: Vec<LevelWarnings>,
    pub verification: Verification,
    pub notices: Notices,
    pub compliance: Compliance,
    pub costs: Costs,
    pub cuts: Vec<LevelCuts>,
    pub forecast: Vec<LeadSkillRow>,
    pub problems: Vec<super::problems::Problem>,
    pub summary: Vec<SummaryRow>,
    pub series: Vec<SeriesInfo>,
    pub assumptions: Vec<super::context::AssumptionRow>,
    pub rules: super::evaluation_rules::ProblemRules,
}

fn lead_row(leads: &[f64], min_lead: f64) -> LeadRow {
    let n = leads.len();
    let count =
        |f: &dyn Fn(f64) -> bool| ratio(leads.iter().filter(|x| f(**x)).count() as f64, n as f64);
    let mut known: Vec<f64> = leads.iter().copied().filter(|x| !x.is_nan()).collect();
    LeadRow {
        n,
        on_time: count(&|x| x >= min_lead),
        short: count(&|x| (0.0..min_lead).contains(&x)),
        after_onset: count(&|x| x < 0.0),
        median_lead_hours: if known.is_empty() {
            f64::NAN
        } else {
            quantile(&mut known, 0.5)
        },
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| !x.is_nan());
    if v.is_empty() {
        f64::NAN
    } else {
        quantile(&mut v, 0.5)
    }
}

fn shares(id: String, name: String, c: [f64; 4]) -> ShareRow {
    let n = c[0] + c[1] + c[2];
    ShareRow {
        id,
        name,
        firm_warnings: n,
        full: ratio(c[0], n),
        partial: ratio(c[1], n),
        evade: ratio(c[2], n),
        detected: c[3],
        detected_share: ratio(c[3], c[1] + c[2]),
    }
}

/// Pollutants of the cut tables: column id and the name shown.
const POLLUTANTS: [(&str, &str); 4] = [
    ("so2", "SO₂"),
    ("nox", "NOx"),
    ("pm", "PM"),
    ("vocs", "VOCs"),
];

/// Work out every number of the report.
pub fn findings(
    run: &SavedRun,
    lang: Lang,
    rules: &super::evaluation_rules::ProblemRules,
) -> Result<RunFindings, InputError> {
    let ctx = &run.context;
    let zh = lang == Lang::Zh;
    let col = |name: &str| run.column(name);
    let stat = |name: &str| -> Result<Stat, InputError> { Ok(Stat::of(col(name)?)) };
    let diff = |a: &str, b: &str| -> Result<Stat, InputError> {
        let (a, b) = (col(a)?, col(b)?);
        Ok(Stat::of(
            &a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<_>>(),
        ))
    };
    let m = &run.manifest;
    let meta = Meta {
        scenario_id: ctx.scenario_id.clone(),
        scenario_title: lang
            .pick(&ctx.scenario_title_zh, &ctx.scenario_title_en)
            .to_string(),
        plan_title: lang
            .pick(&ctx.plan_title_zh, &ctx.plan_title_en)
            .to_string(),
        plan_document: ctx.plan_document.clone(),
        plan_issued: ctx.plan_issued.clone(),
        city: lang.pick(&ctx.city_zh, &ctx.city_en).to_string(),
        seasons_done: m.seasons_done,
        seasons: m.seasons,
        seed: m.seed,
        complete: m.complete,
        version: m.smogsim_version.clone(),
        commit: m.git_commit.clone(),
        scenario_hash: m.scenario_hash.clone(),
        season_start: ctx.season_start.clone(),
        season_end: ctx.season_end.clone(),
        heavy_above: ctx.heavy_above,
        severe_above: ctx.severe_above,
        min_lead_hours: ctx.min_lead_hours,
        warning_min_hours: ctx.warning_min_hours,
        county_notice_hours: ctx.county_notice_hours,
        disclosure_within_hours: ctx.disclosure_within_hours,
    };

    // Effects on the air.
    let avoided = col("heavy_days_avoided")?;
    let n_seasons = avoided.len().max(1) as f64;
    let categories = crate::aqi::Category::ALL
        .iter()
        .zip(["excellent", "good", "light", "moderate", "heavy", "severe"])
        .map(|(c, id)| -> Result<CategoryRow, InputError> {
            Ok(CategoryRow {
                name: lang.pick(c.name_zh(), c.name_en()).to_string(),
                colour: c.colour().hex.to_string(),
                baseline: stat(&format!("days_{id}_baseline"))?,
                plan: stat(&format!("days_{id}_plan"))?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let air = Air {
        heavy_days_baseline: stat("heavy_days_baseline")?,
        heavy_days_plan: stat("heavy_days_plan")?,
        heavy_days_avoided: Stat::of(avoided),
        severe_days_baseline: stat("severe_days_baseline")?,
        severe_days_plan: stat("severe_days_plan")?,
        severe_days_avoided: diff("severe_days_baseline", "severe_days_plan")?,
        peak_baseline: stat("peak_aqi_baseline")?,
        peak_plan: stat("peak_aqi_plan")?,
        peak_reduction: stat("peak_aqi_reduction")?,
        mean_pm25_baseline: stat("mean_pm25_baseline")?,
        mean_pm25_plan: stat("mean_pm25_plan")?,
        exposure_baseline: stat("exposure_pm25_baseline")?,
        exposure_plan: stat("exposure_pm25_plan")?,
        avoided_deaths: stat("avoided_deaths")?,
        episodes_baseline: stat("heavy_episodes_baseline")?,
        episodes_plan: stat("heavy_episodes_plan")?,
        share_fewer_heavy_days: avoided.iter().filter(|x| **x > 0.0).count() as f64 / n_seasons,
        share_more_heavy_days: avoided.iter().filter(|x| **x < 0.0).count() as f64 / n_seasons,
        categories,
    };

    // Warnings and their timeliness.
    let warnings = LEVELS
        .iter()
        .map(|level| -> Result<LevelWarnings, InputError> {
            let of_level: Vec<_> = run.warnings.iter().filter(|w| w.level == *level).collect();
            let leads: Vec<f64> = of_level.iter().map(|w| w.lead_hours).collect();
            let per = col(&format!("warnings_{level}"))?;
            Ok(LevelWarnings {
                level: level.to_string(),
                name: level_name(level, lang),
                per_season: Stat::of(per),
                hours_per_season: stat(&format!("warning_hours_{level}"))?,
                mean_duration_hours: ratio(
                    of_level.iter().map(|w| w.hours).sum(),
                    of_level.len() as f64,
                ),
                seasons_with: per.iter().filter(|x| **x > 0.0).count() as f64 / n_seasons,
                lead: lead_row(&leads, ctx.min_lead_hours),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let all_leads: Vec<f64> = run.warnings.iter().map(|w| w.lead_hours).collect();
    let missed: Vec<_> = run.episodes.iter().filter(|e| !e.warned).collect();
    let warned: Vec<_> = run.episodes.iter().filter(|e| e.warned).collect();
    let n_episodes = run.episodes.len() as f64;
    let verification = Verification {
        hits: stat("hits")?,
        timely_hits: stat("timely_hits")?,
        misses: stat("misses")?,
        false_alarms: stat("false_alarms")?,
        warnings: stat("warnings")?,
        advisories: stat("advisories")?,
        upgrades: stat("upgrades")?,
        downgrades: stat("downgrades")?,
        hit_share: ratio(warned.len() as f64, n_episodes),
        timely_share: ratio(
            run.episodes.iter().filter(|e| e.warned_at_onset).count() as f64,
            n_episodes,
        ),
        false_alarm_share: ratio(sum(col("false_alarms")?), sum(col("warnings")?)),
        missed_median_hours: median(missed.iter().map(|e| e.hours).collect()),
        missed_median_peak: median(missed.iter().map(|e| e.peak_baseline).collect()),
        warned_median_hours: median(warned.iter().map(|e| e.hours).collect()),
        missed_short_share: ratio(
            missed
                .iter()
                .filter(|e| e.hours < ctx.warning_min_hours)
                .count() as f64,
            missed.len() as f64,
        ),
        all_leads: lead_row(&all_leads, ctx.min_lead_hours),
    };
    let notices_total = sum(col("notices")?);
    let notices = Notices {
        notices: stat("notices")?,
        late_notices: stat("late_notices")?,
        late_disclosures: stat("late_disclosures")?,
        late_notice_share: ratio(sum(col("late_notices")?), notices_total),
        late_disclosure_share: ratio(sum(col("late_disclosures")?), notices_total),
    };

    // Compliance by county and sector, summed over the seasons.
    let mut by_county: BTreeMap<&str, [f64; 4]> = BTreeMap::new();
    let mut by_sector: BTreeMap<&str, [f64; 4]> = BTreeMap::new();
    let mut city = [0.0; 4];
    for r in &run.compliance {
        for (map, key) in [
            (&mut by_county, r.county.as_str()),
            (&mut by_sector, r.sector.as_str()),
        ] {
            let e = map.entry(key).or_default();
            e[0] += r.full;
            e[1] += r.partial;
            e[2] += r.evade;
            e[3] += r.detected;
        }
        city[0] += r.full;
        city[1] += r.partial;
        city[2] += r.evade;
        city[3] += r.detected;
    }
    // Counties in the scenario's order, so the report reads as the plan lists them.
    let mut county_rows: Vec<ShareRow> = ctx
        .counties
        .iter()
        .filter_map(|c| {
            by_county
                .get(c.id.as_str())
                .map(|v| shares(c.id.clone(), ctx.county_name(&c.id, zh), *v))
        })
        .collect();
    for (id, v) in &by_county {
        if !ctx.counties.iter().any(|c| c.id == *id) {
            county_rows.push(shares(id.to_string(), id.to_string(), *v));
        }
    }
    let sector_rows: Vec<ShareRow> = by_sector
        .iter()
        .map(|(id, v)| shares(id.to_string(), ctx.sector_name(id, zh), *v))
        .collect();
    let cells = run
        .compliance
        .iter()
        .map(|r| ComplianceCell {
            county: ctx.county_name(&r.county, zh),
            sector: ctx.sector_name(&r.sector, zh),
            shares: shares(
                r.sector.clone(),
                ctx.sector_name(&r.sector, zh),
                [r.full, r.partial, r.evade, r.detected],
            ),
        })
        .collect();
    let city_row = shares("city".into(), meta.city.clone(), city);
    let compliance = Compliance {
        by_county: county_rows,
        by_sector: sector_rows,
        cells,
        city: city_row.clone(),
        evasion_rate: stat("evasion_rate")?,
        partial_rate: stat("partial_rate")?,
        inspections: stat("inspections")?,
        detections: stat("detections")?,
        detection_share: city_row.detected_share,
    };

    let lost = stat("lost_output_yuan")?.scaled(1e-8);
    let costs = Costs {
        lost_output_1e8: lost,
        vehicle_days: stat("vehicle_days_restricted")?,
        site_days: stat("site_days_stopped")?,
        per_heavy_day_avoided_1e8: ratio(lost.mean, air.heavy_days_avoided.mean),
        per_death_avoided_1e8: ratio(lost.mean, air.avoided_deaths.mean),
    };

    // Cuts against the targets.
    let mut cuts = Vec::new();
    for level in LEVELS {
        let Some(target) = ctx.target(level) else {
            continue;
        };
        let mut rows = Vec::new();
        for (id, name) in POLLUTANTS {
            let t = match id {
                "so2" => target.so2,
                "nox" => target.nox,
                "pm" => target.pm,
                _ => target.vocs,
            };
            rows.push(CutRow {
                pollutant: name.to_string(),
                delivered: stat(&format!("cut_{id}_{level}"))?,
                paper: stat(&format!("paper_cut_{id}_{level}"))?,
                target: t,
            });
        }
        let sum2 = |prefix: &str| -> Result<Stat, InputError> {
            let (a, b) = (
                col(&format!("{prefix}_so2_{level}"))?,
                col(&format!("{prefix}_nox_{level}"))?,
            );
            Ok(Stat::of(
                &a.iter().zip(b).map(|(x, y)| x + y).collect::<Vec<_>>(),
            ))
        };
        if target.so2_nox_adjustable {
            rows.push(CutRow {
                pollutant: "SO₂+NOx".to_string(),
                delivered: sum2("cut")?,
                paper: sum2("paper_cut")?,
                target: target.so2_plus_nox_at_least,
            });
        }
        let met = stat(&format!("target_met_{level}"))?;
        let met_paper = stat(&format!("paper_target_met_{level}"))?;
        // The binding shortfall: with SO2 and NOx tradable, their sum stands for both.
        let (worst_pollutant, worst_gap) = rows
            .iter()
            .filter(|r| {
                !(target.so2_nox_adjustable && (r.pollutant == "SO₂" || r.pollutant == "NOx"))
                    && r.target > 0.0
            })
            .map(|r| (r.pollutant.clone(), r.target - r.delivered.mean))
            .filter(|(_, g)| !g.is_nan())
            .fold((String::new(), f64::NEG_INFINITY), |a, b| {
                if b.1 > a.1 { b } else { a }
            });
        let paper_short = rows.iter().any(|r| {
            !(target.so2_nox_adjustable && (r.pollutant == "SO₂" || r.pollutant == "NOx"))
                && r.paper.mean < r.target - 1e-9
        });
        let pct = |x: f64| format!("{:.0}%", x * 100.0);
        let mut parts: Vec<String> = rows
            .iter()
            .filter(|r| r.target > 0.0)
            .filter(|r| {
                !(target.so2_nox_adjustable && (r.pollutant == "SO₂" || r.pollutant == "NOx"))
            })
            .map(|r| format!("{} ≥ {}", r.pollutant, pct(r.target)))
            .collect();
        parts.dedup();
        cuts.push(LevelCuts {
            level: level.to_string(),
            name: level_name(level, lang),
            seasons: met.n,
            rows,
            p_met: met.mean,
            p_met_paper: met_paper.mean,
            target_text: parts.join(if zh { "，" } else { ", " }),
            worst_pollutant,
            worst_gap: if worst_gap.is_finite() {
                worst_gap
            } else {
                f64::NAN
            },
            paper_short,
        });
    }

    // Forecast skill by lead day, from the products' counts.
    let mut forecast = Vec::new();
    for d in 1u32.. {
        let name = |k: &str| format!("forecast_{k}_d{d}");
        if !run.seasons.contains_key(&name("hits")) {
            break;
        }
        let c = |k: &str| -> Result<f64, InputError> { Ok(sum(col(&name(k))?)) };
        let (h, mi, fa, cn) = (
            c("hits")?,
            c("misses")?,
            c("false_alarms")?,
            c("correct_negatives")?,
        );
        forecast.push(LeadSkillRow {
            lead_days: d,
            hits: h,
            misses: mi,
            false_alarms: fa,
            correct_negatives: cn,
            hit_rate: ratio(h, h + mi),
            false_alarm_ratio: ratio(fa, h + fa),
            threat_score: ratio(h, h + mi + fa),
        });
    }

    let summary = run
        .seasons
        .iter()
        .map(|(name, v)| SummaryRow {
            outcome: name.clone(),
            stat: Stat::of(v),
        })
        .collect();
    let series = ctx
        .series
        .iter()
        .filter_map(|s| {
            let k = run.season_ids.iter().position(|id| *id == s.season)?;
            Some(SeriesInfo {
                role: s.role.clone(),
                season: s.season,
                heavy_days_baseline: run.seasons.get("heavy_days_baseline")?[k],
                heavy_days_plan: run.seasons.get("heavy_days_plan")?[k],
                warnings: run.warnings.iter().filter(|w| w.season == s.season).count(),
            })
        })
        .collect();

    let mut out = RunFindings {
        meta,
        air,
        warnings,
        verification,
        notices,
        compliance,
        costs,
        cuts,
        forecast,
        problems: Vec::new(),
        summary,
        series,
        assumptions: ctx.assumptions.clone(),
        rules: *rules,
    };
    out.problems = super::problems::rank(&out, lang, rules);
    Ok(out)
}
