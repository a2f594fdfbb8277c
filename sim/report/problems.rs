//! The problems a run shows, ranked: each is a gap between what the plan requires and what the
//! simulated response delivers, scored 0 to 1 so that unlike gaps can be ordered.
//!
//! Owns which gaps are looked for and how each is scored; the thresholds and weights are
//! judgements read from `evaluation.toml` ([`ProblemRules`]). Knows nothing of wording: the
//! templates word each kind and the suggestion that answers it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::evaluation_rules::ProblemRules;
use super::findings::RunFindings;
use super::lang::Lang;

/// A problem found in a run or an episode, with the facts that show it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// What kind of problem: the templates word each kind and its suggestion.
    pub kind: String,
    pub rank: usize,
    /// How far the plan falls from what it requires, 0 to 1; problems are ranked by it.
    pub score: f64,
    /// high, medium or low.
    pub severity: String,
    /// The level, counties or sectors concerned, in the report's language.
    pub subject: String,
    pub facts: BTreeMap<String, f64>,
}

/// A problem before ranking.
pub struct Found {
    pub kind: &'static str,
    pub score: f64,
    pub subject: String,
    pub facts: Vec<(&'static str, f64)>,
}

/// The problems scoring at least `min_score` (and above 0), worst first, numbered and graded.
pub fn ranked(mut found: Vec<Found>, rules: &ProblemRules, min_score: f64) -> Vec<Problem> {
    found.retain(|p| p.score.is_finite() && p.score > 0.0 && p.score >= min_score);
    // Ties keep the order found (stable sort), so the ranking is reproducible.
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    found
        .into_iter()
        .enumerate()
        .map(|(k, p)| Problem {
            kind: p.kind.to_string(),
            rank: k + 1,
            score: p.score,
            severity: rules.severity(p.score).to_string(),
            subject: p.subject,
            facts: p
                .facts
                .into_iter()
                .map(|(n, x)| (n.to_string(), x))
                .collect(),
        })
        .collect()
}

/// Every problem the findings show, worst first.
pub fn rank(f: &RunFindings, lang: Lang, rules: &ProblemRules) -> Vec<Problem> {
    let mut found: Vec<Found> = Vec::new();
    let v = &f.verification;

    // Episodes the plan never warned (§3.3.1: warn ahead of heavy pollution).
    let miss_share = 1.0 - v.hit_share;
    if miss_share.is_finite() {
        found.push(Found {
            kind: "missed_episodes",
            score: miss_share,
            subject: String::new(),
            facts: vec![
                ("miss_share", miss_share),
                ("misses_per_season", v.misses.mean),
                ("hits_per_season", v.hits.mean),
                ("missed_median_hours", v.missed_median_hours),
                ("missed_median_peak", v.missed_median_peak),
                ("missed_short_share", v.missed_short_share),
                ("warning_min_hours", f.meta.warning_min_hours),
                ("warned_median_hours", v.warned_median_hours),
            ],
        });
    }
    // Warnings with no heavy hour: costs without benefit, and lost trust.
    if v.false_alarm_share.is_finite() {
        found.push(Found {
            kind: "false_alarms",
            score: rules.false_alarm_weight * v.false_alarm_share,
            subject: String::new(),
            facts: vec![
                ("false_alarm_share", v.false_alarm_share),
                ("false_alarms_per_season", v.false_alarms.mean),
                ("warnings_per_season", v.warnings.mean),
                ("lost_output_1e8", f.costs.lost_output_1e8.mean),
            ],
        });
    }
    // §3.3.1's 24-h lead.
    let l = &v.all_leads;
    let late = l.short + l.after_onset;
    if late.is_finite() {
        found.push(Found {
            kind: "short_lead",
            score: late,
            subject: String::new(),
            facts: vec![
                ("late_share", late),
                ("short_share", l.short),
                ("after_onset_share", l.after_onset),
                ("on_time_share", l.on_time),
                ("median_lead_hours", l.median_lead_hours),
                ("min_lead_hours", f.meta.min_lead_hours),
                ("timely_share", v.timely_share),
            ],
        });
    }
    // §4.2's 3-h relay and §5.2's 2-h disclosure.
    for (kind, share, limit) in [
        (
            "late_notices",
            f.notices.late_notice_share,
            f.meta.county_notice_hours,
        ),
        (
            "late_disclosures",
            f.notices.late_disclosure_share,
            f.meta.disclosure_within_hours,
        ),
    ] {
        if share.is_finite() {
            found.push(Found {
                kind,
                score: share,
                subject: String::new(),
                facts: vec![
                    ("late_share", share),
                    ("limit_hours", limit),
                    ("notices_per_season", f.notices.notices.mean),
                ],
            });
        }
    }
    // Counties and sectors whose firms evade more than the city's.
    let c = &f.compliance;
    let city = c.city.evade;
    for (kind, rows) in [
        ("evasion_counties", &c.by_county),
        ("evasion_sectors", &c.by_sector),
    ] {
        let mut high: Vec<_> = rows
            .iter()
            .filter(|r| {
                r.evade.is_finite() && r.evade > rules.stands_out * city && r.firm_warnings > 0.0
            })
            .collect();
        high.sort_by(|a, b| b.evade.total_cmp(&a.evade).then(a.id.cmp(&b.id)));
        if let Some(top) = high.first() {
            let sep = lang.pick("、", ", ");
            found.push(Found {
                kind,
                score: top.evade,
                subject: high
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(sep),
                facts: vec![
                    ("top_evade", top.evade),
                    ("stands_out", rules.stands_out),
                    ("top_partial", top.partial),
                    ("city_evade", city),
                    ("count", high.len() as f64),
                    ("detection_share", c.detection_share),
                ],
            });
        }
    }
    // Evasion that inspections do not find.
    if c.detection_share.is_finite() && city > 0.0 {
        found.push(Found {
            kind: "low_detection",
            score: city * (1.0 - c.detection_share.min(1.0)),
            subject: String::new(),
            facts: vec![
                ("detection_share", c.detection_share),
                ("city_evade", city),
                ("inspections_per_season", c.inspections.mean),
                ("detections_per_season", c.detections.mean),
            ],
        });
    }
    // Levels whose delivered cuts fall short of §4.3's targets: one problem for the levels whose
    // list cannot reach the target even on paper, one for those that lose it in delivery. The
    // facts are those of the level most likely to miss.
    for (kind, on_paper) in [
        ("cuts_short_on_paper", true),
        ("cuts_short_delivered", false),
    ] {
        let levels: Vec<_> = f
            .cuts
            .iter()
            .filter(|c| c.seasons > 0 && c.p_met.is_finite() && c.paper_short == on_paper)
            .filter(|c| 1.0 - c.p_met >= rules.min_score)
            .collect();
        let Some(worst) = levels.iter().max_by(|a, b| {
            (1.0 - a.p_met)
                .total_cmp(&(1.0 - b.p_met))
                .then(b.level.cmp(&a.level))
        }) else {
            continue;
        };
        let row = worst
            .rows
            .iter()
            .find(|r| r.pollutant == worst.worst_pollutant);
        found.push(Found {
            kind,
            score: 1.0 - worst.p_met,
            subject: levels
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
            facts: vec![
                ("p_met", worst.p_met),
                ("p_met_paper", worst.p_met_paper),
                ("worst_gap", worst.worst_gap),
                (
                    "worst_delivered",
                    row.map_or(f64::NAN, |r| r.delivered.mean),
                ),
                ("worst_paper", row.map_or(f64::NAN, |r| r.paper.mean)),
                ("worst_target", row.map_or(f64::NAN, |r| r.target)),
                ("seasons", worst.seasons as f64),
                ("levels", levels.len() as f64),
            ],
        });
    }
    // The forecast behind every decision: skill at the lead the decisions rest on.
    if let Some(d2) = f
        .forecast
        .iter()
        .find(|r| r.lead_days == rules.forecast_lead_days && r.threat_score.is_finite())
    {
        found.push(Found {
            kind: "forecast_skill",
            score: rules.forecast_weight * (1.0 - d2.threat_score),
            subject: String::new(),
            facts: vec![
                ("hit_rate", d2.hit_rate),
                ("false_alarm_ratio", d2.false_alarm_ratio),
                ("threat_score", d2.threat_score),
                ("heavy_above", f.meta.heavy_above),
                (
                    "hit_rate_d1",
                    f.forecast.first().map_or(f64::NAN, |r| r.hit_rate),
                ),
            ],
        });
    }

    ranked(found, rules, rules.min_score)
}
