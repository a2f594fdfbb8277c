//! The evaluation of a real episode: the observed timeline with the city's warnings, the
//! timeliness checks (§3.3.1's 24 h lead, §4.2's 3 h county notice, §5.2's 2 h disclosure),
//! the inspections, the plan's estimated effect (observed AQI divided by the model's ratio of
//! AQI with and without the plan, one estimate per simulated season), and the problems found.
//!
//! Owns these definitions. Knows nothing of files or of the model: it is given the observed
//! series, the decisions, and the model's ratios as numbers.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime, Timelike};
use serde::Serialize;

use super::episode_inputs::{Finding, Inspection, Notice};
use super::evaluation_rules::ProblemRules;
use super::figures::{EpisodeHour, LevelSpan};
use super::findings::level_name;
use super::lang::Lang;
use super::problems::{Found, Problem, ranked};
use crate::experiment::counterfactual::ElapsedBins;
use crate::plan::timeline::{hours_at_level, spans};
use crate::plan::{Event, Hour, Level, level_at};
use crate::stats::Stat;
use crate::stats::quantile;

/// The plan's numbers the evaluation checks against.
#[derive(Debug, Clone, Serialize)]
pub struct PlanFacts {
    pub city: String,
    pub plan_title: String,
    pub plan_document: String,
    pub heavy_above: f64,
    pub severe_above: f64,
    pub merge_gap_hours: u32,
    pub min_lead_hours: f64,
    pub county_notice_hours: f64,
    pub disclosure_within_hours: f64,
}

/// Everything the evaluation is given.
pub struct EpisodeCase<'a> {
    pub observed_file: String,
    pub start: NaiveDateTime,
    pub rolling_aqi: &'a [Option<f64>],
    pub events: &'a [Event],
    pub notices: Option<&'a [Notice]>,
    pub inspections: Option<&'a [Inspection]>,
    /// Per simulated season, `[level][bin]` ratios of AQI with the plan to AQI without.
    pub effect: &'a [[[f64; 4]; 3]],
    /// How the ratios' hours were grouped by the hours since a level took effect.
    pub elapsed_bins: ElapsedBins,
    pub plan: PlanFacts,
    pub scenario_id: String,
    pub seed: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObservedEpisode {
    pub start: String,
    pub end: String,
    pub hours: i64,
    pub peak: f64,
    pub peak_at: String,
    pub warned: bool,
    pub level_at_onset: String,
    /// Hours from the decision of the warning in force (or next) to the onset; NaN if none.
    pub lead_hours: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct WarningSpan {
    pub level: String,
    pub name: String,
    pub decided_at: String,
    pub start: String,
    pub end: String,
    pub hours: i64,
    pub lead_hours: f64,
    pub on_time: bool,
    pub heavy_hours: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeRow {
    pub county: String,
    pub received_at: String,
    pub notify_hours: f64,
    pub notify_late: bool,
    pub disclose_hours: f64,
    pub disclose_late: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountyInspections {
    pub county: String,
    pub inspected: usize,
    pub compliant: usize,
    pub partial: usize,
    pub violations: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ViolationRow {
    pub time: String,
    pub county: String,
    pub enterprise: String,
    pub industry: String,
    pub finding: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Effect {
    pub draws: usize,
    pub heavy_days_observed: f64,
    pub heavy_days_no_plan: Stat,
    pub heavy_days_avoided: Stat,
    pub heavy_hours_observed: f64,
    pub heavy_hours_avoided: Stat,
    pub peak_observed: f64,
    pub peak_no_plan: Stat,
    pub warning_mean_observed: f64,
    pub warning_mean_no_plan: Stat,
    pub warning_reduction: Stat,
}

#[derive(Debug, Clone, Serialize)]
pub struct EpisodeFindings {
    pub plan: PlanFacts,
    pub observed_file: String,
    pub scenario_id: String,
    pub seed: u64,
    pub period_start: String,
    pub period_end: String,
    pub hours_observed: usize,
    pub hours_missing: usize,
    pub peak: f64,
    pub peak_at: String,
    pub heavy_hours: usize,
    pub heavy_days: usize,
    pub severe_days: usize,
    pub episodes: Vec<ObservedEpisode>,
    pub warnings: Vec<WarningSpan>,
    pub decisions: Vec<DecisionRow>,
    pub notices: Option<Vec<NoticeRow>>,
    pub notices_late: usize,
    pub disclosures_late: usize,
    pub inspections: Option<Vec<CountyInspections>>,
    pub violations: Vec<ViolationRow>,
    pub inspected: usize,
    pub violation_count: usize,
    pub effect: Effect,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub decided_at: String,
    pub effective_at: String,
    pub event: String,
    pub level: String,
}

const TIME: &str = "%Y-%m-%d %H:%M";

fn hours_between(a: NaiveDateTime, b: NaiveDateTime) -> f64 {
    (b - a).num_minutes() as f64 / 60.0
}

/// Heavy runs of the rolling AQI (missing hours break nothing), merged across short gaps.
fn heavy_runs(aqi: &[Option<f64>], above: f64, merge_gap: usize) -> Vec<(usize, usize)> {
    let filled: Vec<f64> = aqi.iter().map(|v| v.unwrap_or(0.0)).collect();
    crate::season::episodes::runs_above(&filled, above, merge_gap)
}

/// The evaluation, and the hours and warning periods its figure draws.
pub fn evaluate(
    case: &EpisodeCase<'_>,
    lang: Lang,
    rules: &ProblemRules,
) -> (EpisodeFindings, Vec<EpisodeHour>, Vec<LevelSpan>) {
    let p = &case.plan;
    let at = |h: i64| case.start + Duration::hours(h);
    let fmt = |h: i64| at(h).format(TIME).to_string();
    let aqi = case.rolling_aqi;
    let n = aqi.len();
    let events = case.events;

    // The observed timeline.
    let (peak_k, peak) = aqi
        .iter()
        .enumerate()
        .filter_map(|(k, v)| v.map(|x| (k, x)))
        .fold(
            (0, f64::NAN),
            |a, b| if a.1.is_nan() || b.1 > a.1 { b } else { a },
        );
    // A day's AQI is the 24-h mean of its calendar day: the rolling value at 23:00.
    let daily: Vec<f64> = (0..n)
        .filter(|k| at(*k as i64).hour() == 23)
        .filter_map(|k| aqi[k])
        .collect();
    let runs = heavy_runs(aqi, p.heavy_above, p.merge_gap_hours as usize);
    // Only what overlaps the observed window: EVENTS may cover a whole winter.
    let all_spans: Vec<_> = spans(events, n as Hour)
        .into_iter()
        .filter(|s| s.start < n as Hour && s.end.is_none_or(|e| e > 0))
        .collect();
    let warning_spans: Vec<_> = all_spans.iter().filter(|s| s.is_warning()).collect();

    let episodes: Vec<ObservedEpisode> = runs
        .iter()
        .map(|&(s, e)| {
            let (pk, pv) =
                (s..=e)
                    .filter_map(|k| aqi[k].map(|x| (k, x)))
                    .fold(
                        (s, f64::NAN),
                        |a, b| if a.1.is_nan() || b.1 > a.1 { b } else { a },
                    );
            let warned =
                (s..=e).any(|k| level_at(events, k as Hour).is_some_and(Level::is_warning));
            // The warning that answered this episode: in force at its onset, or the first
            // taking effect during it.
            let span = warning_spans.iter().find(|w| {
                let end = w.end.unwrap_or(n as Hour);
                w.start <= e as Hour && end > s as Hour
            });
            ObservedEpisode {
                start: fmt(s as i64),
                end: fmt(e as i64),
                hours: (e - s + 1) as i64,
                peak: pv,
                peak_at: fmt(pk as i64),
                warned,
                level_at_onset: level_at(events, s as Hour)
                    .map_or(String::new(), |l| level_name(l.id(), lang)),
                lead_hours: span
                    .and_then(|w| {
                        let last = w.lift_event.unwrap_or(events.len() - 1);
                        events[w.first_event..=last]
                            .iter()
                            .find(|e| e.level.is_warning())
                    })
                    .map_or(f64::NAN, |e| (s as Hour - e.decided_at) as f64),
            }
        })
        .collect();

    let warnings: Vec<WarningSpan> = warning_spans
        .iter()
        .map(|w| {
            let end = w.end.unwrap_or(n as Hour);
            let onset = runs
                .iter()
                .find(|(s, e)| (*e as Hour) >= w.start && (*s as Hour) < end)
                .map(|(s, _)| *s as Hour);
            // The warning's own first decision, not the advisory that may have opened the span.
            let last = w.lift_event.unwrap_or(events.len() - 1);
            let first = events[w.first_event..=last]
                .iter()
                .find(|e| e.level.is_warning())
                .copied()
                .unwrap_or(events[w.first_event]);
            let lead = onset.map_or(f64::NAN, |o| (o - first.decided_at) as f64);
            let heavy_hours = (first.effective_at.max(0)..end.min(n as Hour))
                .filter(|k| aqi[*k as usize].is_some_and(|x| x > p.heavy_above))
                .count();
            WarningSpan {
                level: w.peak.id().to_string(),
                name: level_name(w.peak.id(), lang),
                decided_at: fmt(first.decided_at),
                start: fmt(first.effective_at),
                end: w.end.map_or(String::new(), fmt),
                hours: end - first.effective_at,
                lead_hours: lead,
                on_time: lead >= p.min_lead_hours,
                heavy_hours,
            }
        })
        .collect();
    let decisions = events
        .iter()
        .filter(|e| e.effective_at < n as Hour && e.decided_at >= -(24 * 7))
        .filter(|e| e.effective_at >= 0 || level_at(events, 0).is_some())
        .map(|e| DecisionRow {
            decided_at: fmt(e.decided_at),
            effective_at: fmt(e.effective_at),
            event: match (e.kind.id(), lang) {
                ("advisory", Lang::Zh) => "发布提示".to_string(),
                ("issue", Lang::Zh) => "发布预警".to_string(),
                ("upgrade", Lang::Zh) => "升级".to_string(),
                ("downgrade", Lang::Zh) => "降级".to_string(),
                ("lift", Lang::Zh) => "解除".to_string(),
                (id, _) => id.to_string(),
            },
            level: level_name(e.level.id(), lang),
        })
        .collect();

    // §4.2 and §5.2.
    let notices = case.notices.map(|rows| {
        rows.iter()
            .map(|r| {
                let notify = r
                    .notified_at
                    .map_or(f64::INFINITY, |t| hours_between(r.received_at, t));
                let disclose = r
                    .disclosed_at
                    .map_or(f64::INFINITY, |t| hours_between(r.received_at, t));
                NoticeRow {
                    county: r.county.clone(),
                    received_at: r.received_at.format(TIME).to_string(),
                    notify_hours: if notify.is_finite() { notify } else { f64::NAN },
                    notify_late: notify > p.county_notice_hours,
                    disclose_hours: if disclose.is_finite() {
                        disclose
                    } else {
                        f64::NAN
                    },
                    disclose_late: disclose > p.disclosure_within_hours,
                }
            })
            .collect::<Vec<_>>()
    });
    let notices_late = notices.iter().flatten().filter(|r| r.notify_late).count();
    let disclosures_late = notices.iter().flatten().filter(|r| r.disclose_late).count();

    // Inspections.
    let mut by_county: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut violations = Vec::new();
    for i in case.inspections.into_iter().flatten() {
        let e = by_county.entry(i.county.clone()).or_default();
        let k = match i.finding {
            Finding::Compliant => 0,
            Finding::Partial => 1,
            Finding::Violation => 2,
        };
        e[k] += 1;
        if i.finding != Finding::Compliant {
            violations.push(ViolationRow {
                time: i.time.format(TIME).to_string(),
                county: i.county.clone(),
                enterprise: i.enterprise.clone(),
                industry: i.industry.clone(),
                finding: match (i.finding, lang) {
                    (Finding::Partial, Lang::Zh) => "部分落实".into(),
                    (Finding::Partial, Lang::En) => "partial".into(),
                    (_, Lang::Zh) => "违规".into(),
                    (_, Lang::En) => "violation".into(),
                },
                note: i.note.clone(),
            });
        }
    }
    let inspections = case.inspections.map(|_| {
        by_county
            .iter()
            .map(|(c, v)| CountyInspections {
                county: c.clone(),
                inspected: v.iter().sum(),
                compliant: v[0],
                partial: v[1],
                violations: v[2],
            })
            .collect::<Vec<_>>()
    });
    let inspected: usize = by_county.values().map(|v| v.iter().sum::<usize>()).sum();
    let violation_count: usize = by_county.values().map(|v| v[2]).sum();

    // The estimated AQI without the plan, one series per simulated season.
    let (effect, hours) = estimate(
        case,
        &daily_hours(case),
        &hours_at_level((0..n).map(|t| level_at(events, t as Hour))),
    );

    let warning_lines: Vec<LevelSpan> = all_spans
        .iter()
        .flat_map(|s| {
            level_periods(
                events,
                s.start.max(0),
                s.end.unwrap_or(n as Hour).min(n as Hour),
            )
        })
        .map(|(level, a, b)| LevelSpan {
            level,
            start: at(a),
            end: at(b),
        })
        .collect();

    let mut f = EpisodeFindings {
        plan: p.clone(),
        observed_file: case.observed_file.clone(),
        scenario_id: case.scenario_id.clone(),
        seed: case.seed,
        period_start: fmt(0),
        period_end: fmt(n as i64 - 1),
        hours_observed: aqi.iter().filter(|v| v.is_some()).count(),
        hours_missing: aqi.iter().filter(|v| v.is_none()).count(),
        peak,
        peak_at: fmt(peak_k as i64),
        heavy_hours: aqi.iter().flatten().filter(|x| **x > p.heavy_above).count(),
        heavy_days: daily.iter().filter(|x| **x > p.heavy_above).count(),
        severe_days: daily.iter().filter(|x| **x > p.severe_above).count(),
        episodes,
        warnings,
        decisions,
        notices,
        notices_late,
        disclosures_late,
        inspections,
        violations,
        inspected,
        violation_count,
        effect,
        problems: Vec::new(),
    };
    f.problems = problems(&f, lang, rules);
    (f, hours, warning_lines)
}

/// Periods at each level within `[from, to)`, from the decisions.
fn level_periods(events: &[Event], from: Hour, to: Hour) -> Vec<(Level, Hour, Hour)> {
    let mut out: Vec<(Level, Hour, Hour)> = Vec::new();
    for t in from..to {
        let Some(l) = level_at(events, t) else {
            continue;
        };
        match out.last_mut() {
            Some((pl, _, end)) if *pl == l && *end == t => *end = t + 1,
            _ => out.push((l, t, t + 1)),
        }
    }
    out
}

/// Which hours end a calendar day (23:00), whose rolling mean is the day's AQI.
fn daily_hours(case: &EpisodeCase<'_>) -> Vec<usize> {
    (0..case.rolling_aqi.len())
        .filter(|k| (case.start + Duration::hours(*k as i64)).hour() == 23)
        .collect()
}

fn estimate(
    case: &EpisodeCase<'_>,
    day_ends: &[usize],
    levels: &[Option<(usize, u32)>],
) -> (Effect, Vec<EpisodeHour>) {
    let p = &case.plan;
    let aqi = case.rolling_aqi;
    // Pooled means stand in where a season never had that level and bin.
    let mut pooled = [[f64::NAN; 4]; 3];
    for (k, row) in pooled.iter_mut().enumerate() {
        for (b, cell) in row.iter_mut().enumerate() {
            let v: Vec<f64> = case
                .effect
                .iter()
                .map(|s| s[k][b])
                .filter(|x| x.is_finite())
                .collect();
            if !v.is_empty() {
                *cell = v.iter().sum::<f64>() / v.len() as f64;
            }
        }
    }
    let ratio = |draw: &[[f64; 4]; 3], k: usize, b: usize| -> f64 {
        [draw[k][b], pooled[k][b]]
            .into_iter()
            .chain(pooled[k].iter().copied())
            .find(|x| x.is_finite() && *x > 0.0)
            .unwrap_or(1.0)
    };
    let draws = case.effect.len().max(1);
    let fallback = [[f64::NAN; 4]; 3];
    let mut per_hour: Vec<Vec<f64>> = vec![Vec::with_capacity(draws); aqi.len()];
    let mut heavy_days = Vec::with_capacity(draws);
    let mut heavy_hours = Vec::with_capacity(draws);
    let mut peaks = Vec::with_capacity(draws);
    let mut warn_means = Vec::with_capacity(draws);
    let warned: Vec<usize> = (0..aqi.len())
        .filter(|t| levels[*t].is_some() && aqi[*t].is_some())
        .collect();
    for d in 0..draws {
        let draw = case.effect.get(d).unwrap_or(&fallback);
        let series: Vec<Option<f64>> = aqi
            .iter()
            .zip(levels)
            .map(|(v, l)| {
                v.map(|x| match l {
                    Some((k, e)) => x / ratio(draw, *k, case.elapsed_bins.bin_of(*e)),
                    None => x,
                })
            })
            .collect();
        for (t, v) in series.iter().enumerate() {
            if let Some(x) = v {
                per_hour[t].push(*x);
            }
        }
        heavy_days.push(
            day_ends
                .iter()
                .filter(|k| series[**k].is_some_and(|x| x > p.heavy_above))
                .count() as f64,
        );
        heavy_hours.push(
            series
                .iter()
                .flatten()
                .filter(|x| **x > p.heavy_above)
                .count() as f64,
        );
        peaks.push(series.iter().flatten().fold(f64::NAN, |a, b| a.max(*b)));
        warn_means.push(if warned.is_empty() {
            f64::NAN
        } else {
            warned
                .iter()
                .map(|t| series[*t].unwrap_or(0.0))
                .sum::<f64>()
                / warned.len() as f64
        });
    }
    let observed_heavy_days = day_ends
        .iter()
        .filter(|k| aqi[**k].is_some_and(|x| x > p.heavy_above))
        .count() as f64;
    let observed_heavy_hours = aqi.iter().flatten().filter(|x| **x > p.heavy_above).count() as f64;
    let observed_peak = aqi.iter().flatten().fold(f64::NAN, |a, b| a.max(*b));
    let observed_warn_mean = if warned.is_empty() {
        f64::NAN
    } else {
        warned.iter().map(|t| aqi[*t].unwrap_or(0.0)).sum::<f64>() / warned.len() as f64
    };
    let effect = Effect {
        draws: case.effect.len(),
        heavy_days_observed: observed_heavy_days,
        heavy_days_no_plan: Stat::of(&heavy_days),
        heavy_days_avoided: Stat::of(
            &heavy_days
                .iter()
                .map(|x| x - observed_heavy_days)
                .collect::<Vec<_>>(),
        ),
        heavy_hours_observed: observed_heavy_hours,
        heavy_hours_avoided: Stat::of(
            &heavy_hours
                .iter()
                .map(|x| x - observed_heavy_hours)
                .collect::<Vec<_>>(),
        ),
        peak_observed: observed_peak,
        peak_no_plan: Stat::of(&peaks),
        warning_mean_observed: observed_warn_mean,
        warning_mean_no_plan: Stat::of(&warn_means),
        warning_reduction: Stat::of(
            &warn_means
                .iter()
                .map(|x| 1.0 - observed_warn_mean / x)
                .collect::<Vec<_>>(),
        ),
    };
    let hours = per_hour
        .into_iter()
        .enumerate()
        .map(|(t, mut v)| {
            let q = |v: &mut Vec<f64>, p: f64| {
                if v.is_empty() {
                    f64::NAN
                } else {
                    quantile(v, p)
                }
            };
            EpisodeHour {
                time: case.start + Duration::hours(t as i64),
                observed: aqi[t],
                no_plan_p5: q(&mut v, 0.05),
                no_plan_p50: q(&mut v, 0.5),
                no_plan_p95: q(&mut v, 0.95),
            }
        })
        .collect();
    (effect, hours)
}

fn problems(f: &EpisodeFindings, lang: Lang, rules: &ProblemRules) -> Vec<Problem> {
    let sep = lang.pick("、", ", ");
    let mut found: Vec<Found> = Vec::new();
    let missed: Vec<_> = f.episodes.iter().filter(|e| !e.warned).collect();
    if !missed.is_empty() {
        found.push(Found {
            kind: "missed_episodes",
            score: missed.len() as f64 / f.episodes.len() as f64,
            subject: missed
                .iter()
                .map(|e| e.start.as_str())
                .collect::<Vec<_>>()
                .join(sep),
            facts: vec![
                ("missed", missed.len() as f64),
                ("episodes", f.episodes.len() as f64),
                (
                    "max_peak",
                    missed.iter().map(|e| e.peak).fold(f64::NAN, f64::max),
                ),
            ],
        });
    }
    let late: Vec<_> = f
        .warnings
        .iter()
        .filter(|w| w.lead_hours.is_finite() && !w.on_time)
        .collect();
    if !late.is_empty() {
        found.push(Found {
            kind: "short_lead",
            score: late.len() as f64 / f.warnings.len() as f64,
            subject: late
                .iter()
                .map(|w| w.decided_at.as_str())
                .collect::<Vec<_>>()
                .join(sep),
            facts: vec![
                ("late", late.len() as f64),
                ("warnings", f.warnings.len() as f64),
                (
                    "min_lead",
                    late.iter().map(|w| w.lead_hours).fold(f64::NAN, f64::min),
                ),
                ("min_lead_hours", f.plan.min_lead_hours),
            ],
        });
    }
    let false_alarms: Vec<_> = f.warnings.iter().filter(|w| w.heavy_hours == 0).collect();
    if !false_alarms.is_empty() {
        found.push(Found {
            kind: "false_alarms",
            score: rules.false_alarm_weight * false_alarms.len() as f64 / f.warnings.len() as f64,
            subject: false_alarms
                .iter()
                .map(|w| w.decided_at.as_str())
                .collect::<Vec<_>>()
                .join(sep),
            facts: vec![
                ("false_alarms", false_alarms.len() as f64),
                ("warnings", f.warnings.len() as f64),
            ],
        });
    }
    if let Some(rows) = &f.notices {
        type Pick = fn(&NoticeRow) -> (bool, f64);
        let checks: [(&'static str, f64, Pick); 2] = [
            ("late_notices", f.plan.county_notice_hours, |r| {
                (r.notify_late, r.notify_hours)
            }),
            ("late_disclosures", f.plan.disclosure_within_hours, |r| {
                (r.disclose_late, r.disclose_hours)
            }),
        ];
        for (kind, limit, pick) in checks {
            let late: Vec<&NoticeRow> = rows.iter().filter(|r| pick(r).0).collect();
            if late.is_empty() {
                continue;
            }
            let mut counties: Vec<&str> = late.iter().map(|r| r.county.as_str()).collect();
            counties.dedup();
            let worst = rows.iter().map(|r| pick(r).1).fold(f64::NAN, f64::max);
            found.push(Found {
                kind,
                score: late.len() as f64 / rows.len() as f64,
                subject: counties.join(sep),
                facts: vec![
                    ("late", late.len() as f64),
                    ("notices", rows.len() as f64),
                    ("limit_hours", limit),
                    ("worst_hours", worst),
                ],
            });
        }
    }
    if f.violation_count > 0 {
        let counties: Vec<&str> = f
            .inspections
            .iter()
            .flatten()
            .filter(|c| c.violations > 0)
            .map(|c| c.county.as_str())
            .collect();
        found.push(Found {
            kind: "violations",
            score: f.violation_count as f64 / f.inspected.max(1) as f64,
            subject: counties.join(sep),
            facts: vec![
                ("violations", f.violation_count as f64),
                ("inspected", f.inspected as f64),
            ],
        });
    }
    // Every breach observed is a problem: there is no Monte Carlo noise to filter out.
    ranked(found, rules, 0.0)
}
