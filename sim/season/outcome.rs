//! What one season comes to: the outcomes of the baseline and of the plan run, as one row of
//! named numbers.
//!
//! Owns the outcome definitions (DESIGN.md "Outcomes"): air-quality days and peaks, exposure,
//! warnings and their timeliness, verification against the baseline's episodes, delivered and
//! on-paper cuts per level, compliance, costs and avoided deaths. A column that exists for both
//! runs ends in `_plan` or `_baseline`. Knows nothing of files: the caller writes the row.

use super::baseline::SeasonBuffers;
use super::episodes::{Episode, Verification};
use super::plan_run::PlanBuffers;
use crate::agents::accounting::CutCheck;
use crate::agents::city::SeasonTally;
use crate::aqi::Category;
use crate::plan::{EventKind, Level, Plan, WarningRules};

/// One outcome: its column name, whether it counts (an integer), and its value (`NaN` when it
/// does not apply, such as the cut at a level never reached).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub name: String,
    pub integer: bool,
    pub value: f64,
}

/// Short-term mortality: the population, its daily non-accidental deaths per person, and the
/// log-linear exposure-response coefficient per µg/m³ of PM2.5 (evidence §6b).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Health {
    pub population: f64,
    pub deaths_per_person_day: f64,
    pub beta_per_ug: f64,
}

/// What the plan run adds to a season's outcomes.
#[derive(Debug, Clone, Copy)]
pub struct PlanSide<'a> {
    pub plan: &'a Plan,
    pub run: &'a PlanBuffers,
    pub tally: &'a SeasonTally,
    pub episodes: &'a [Episode],
    pub verification: Verification,
    /// Relays of notices to the counties, those later than §4.2 allows, and late disclosures.
    pub relays: u32,
    pub late_relays: u32,
    pub late_disclosures: u32,
    pub inspections: u32,
    pub detections: u32,
}

const CATEGORY_IDS: [&str; 6] = ["excellent", "good", "light", "moderate", "heavy", "severe"];
const POLLUTANT_IDS: [&str; 4] = ["so2", "nox", "pm", "vocs"];

struct Row(Vec<Cell>);

impl Row {
    fn count(&mut self, name: impl Into<String>, v: f64) {
        self.0.push(Cell {
            name: name.into(),
            integer: true,
            value: v,
        });
    }

    fn real(&mut self, name: impl Into<String>, v: f64) {
        self.0.push(Cell {
            name: name.into(),
            integer: false,
            value: v,
        });
    }
}

/// The air-quality outcomes of one run.
struct Air {
    heavy_days: f64,
    severe_days: f64,
    categories: [f64; 6],
    peak_aqi: f64,
    mean_aqi: f64,
    mean_pm25: f64,
    exposure: f64,
}

fn air(b: &SeasonBuffers, rules: &WarningRules) -> Air {
    let d = &b.daily;
    let n = d.len().max(1) as f64;
    let mut categories = [0.0; 6];
    for r in d {
        categories[Category::from_aqi(r.aqi) as usize - 1] += 1.0;
    }
    Air {
        heavy_days: d
            .iter()
            .filter(|r| f64::from(r.aqi) > rules.heavy_above)
            .count() as f64,
        severe_days: d
            .iter()
            .filter(|r| f64::from(r.aqi) > rules.severe_above)
            .count() as f64,
        categories,
        peak_aqi: d.iter().map(|r| f64::from(r.aqi)).fold(0.0, f64::max),
        mean_aqi: d.iter().map(|r| f64::from(r.aqi)).sum::<f64>() / n,
        mean_pm25: d.iter().map(|r| r.pm25).sum::<f64>() / n,
        exposure: b.exposure,
    }
}

/// The season's outcomes: the baseline alone, or the plan run beside it.
pub fn outcomes(
    baseline: &SeasonBuffers,
    baseline_episodes: usize,
    plan: Option<&PlanSide<'_>>,
    rules: &WarningRules,
    health: &Health,
) -> Vec<Cell> {
    let mut row = Row(Vec::with_capacity(160));
    let base = air(baseline, rules);
    let with = plan.map(|p| air(&p.run.air, rules));
    // Both runs' columns side by side, the plan's first.
    let pair = |row: &mut Row, name: &str, integer: bool, get: &dyn Fn(&Air) -> f64| {
        if let Some(w) = &with {
            let cell = Cell {
                name: format!("{name}_plan"),
                integer,
                value: get(w),
            };
            row.0.push(cell);
        }
        row.0.push(Cell {
            name: format!("{name}_baseline"),
            integer,
            value: get(&base),
        });
    };
    pair(&mut row, "heavy_days", true, &|a| a.heavy_days);
    pair(&mut row, "severe_days", true, &|a| a.severe_days);
    for (k, id) in CATEGORY_IDS.iter().enumerate() {
        pair(&mut row, &format!("days_{id}"), true, &|a| a.categories[k]);
    }
    pair(&mut row, "peak_aqi", true, &|a| a.peak_aqi);
    pair(&mut row, "mean_aqi", false, &|a| a.mean_aqi);
    pair(&mut row, "mean_pm25", false, &|a| a.mean_pm25);
    pair(&mut row, "exposure_pm25", false, &|a| a.exposure);
    if plan.is_none() {
        row.count("heavy_episodes_baseline", baseline_episodes as f64);
        return row.0;
    }
    let p = plan.expect("checked");
    let w = with.as_ref().expect("plan run");
    let plan_episodes = p
        .episodes
        .iter()
        .filter(|e| e.peak_plan > rules.heavy_above)
        .count();
    row.count("heavy_episodes_plan", plan_episodes as f64);
    row.count("heavy_episodes_baseline", baseline_episodes as f64);
    row.count("heavy_days_avoided", base.heavy_days - w.heavy_days);
    row.real("peak_aqi_reduction", base.peak_aqi - w.peak_aqi);

    // Warnings and their timeliness (§3.3.1's lead).
    let run = p.run;
    for level in Level::WARNINGS {
        let n = run.warnings.iter().filter(|x| x.level == level).count();
        row.count(format!("warnings_{level}"), n as f64);
    }
    row.count("warnings", run.warnings.len() as f64);
    let kinds = |kind: EventKind| run.events.iter().filter(|e| e.kind == kind).count() as f64;
    row.count("advisories", kinds(EventKind::Advisory));
    row.count("upgrades", kinds(EventKind::Upgrade));
    row.count("downgrades", kinds(EventKind::Downgrade));
    for (k, level) in Level::WARNINGS.iter().enumerate() {
        row.count(
            format!("warning_hours_{level}"),
            f64::from(run.level_hours[k]),
        );
    }
    let leads: Vec<f64> = run
        .warnings
        .iter()
        .filter_map(|x| x.lead_hours)
        .map(|h| h as f64)
        .collect();
    row.real(
        "mean_lead_hours",
        if leads.is_empty() {
            f64::NAN
        } else {
            leads.iter().sum::<f64>() / leads.len() as f64
        },
    );
    let min_lead = f64::from(rules.min_lead_hours);
    row.count(
        "warnings_short_lead",
        leads.iter().filter(|h| **h < min_lead).count() as f64,
    );
    let v = p.verification;
    row.count("hits", f64::from(v.hits));
    row.count("timely_hits", f64::from(v.timely_hits));
    row.count("misses", f64::from(v.misses));
    row.count("false_alarms", f64::from(v.false_alarms));
    row.count("notices", f64::from(p.relays));
    row.count("late_notices", f64::from(p.late_relays));
    row.count("late_disclosures", f64::from(p.late_disclosures));
    // Forecast skill per lead day, as counts so that seasons add up.
    for (k, c) in run.skill.iter().enumerate() {
        let d = k + 1;
        row.count(format!("forecast_hits_d{d}"), c.hits as f64);
        row.count(format!("forecast_misses_d{d}"), c.misses as f64);
        row.count(format!("forecast_false_alarms_d{d}"), c.false_alarms as f64);
        row.count(
            format!("forecast_correct_negatives_d{d}"),
            c.correct_negatives as f64,
        );
    }

    // The cuts over the hours at each level, against the §4.3 targets.
    let checks: Vec<Option<(CutCheck, CutCheck)>> = Level::WARNINGS
        .iter()
        .enumerate()
        .map(|(k, level)| {
            let t = p.plan.targets(*level)?;
            (run.level_hours[k] > 0).then(|| (run.delivered[k].check(t), run.paper[k].check(t)))
        })
        .collect();
    for (k, level) in Level::WARNINGS.iter().enumerate() {
        for (name, pick) in [("cut", 0), ("paper_cut", 1)] {
            for (j, pol) in POLLUTANT_IDS.iter().enumerate() {
                let v = checks[k].map_or(
                    f64::NAN,
                    |c| if pick == 0 { c.0.cut[j] } else { c.1.cut[j] },
                );
                row.real(format!("{name}_{pol}_{level}"), v);
            }
        }
    }
    for (k, level) in Level::WARNINGS.iter().enumerate() {
        let met = |c: &CutCheck| f64::from(u8::from(c.meets_target));
        row.real(
            format!("target_met_{level}"),
            checks[k].map_or(f64::NAN, |c| met(&c.0)),
        );
        row.real(
            format!("paper_target_met_{level}"),
            checks[k].map_or(f64::NAN, |c| met(&c.1)),
        );
    }

    // Compliance and enforcement.
    let draws: [u32; 3] = p.tally.compliance.iter().fold([0; 3], |mut acc, c| {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v;
        }
        acc
    });
    let total = f64::from(draws.iter().sum::<u32>());
    let share = |n: u32| {
        if total > 0.0 {
            f64::from(n) / total
        } else {
            f64::NAN
        }
    };
    row.count("compliance_draws", total);
    row.real("partial_rate", share(draws[1]));
    row.real("evasion_rate", share(draws[2]));
    row.count("inspections", f64::from(p.inspections));
    row.count("detections", f64::from(p.detections));

    // Costs and health.
    row.real("lost_output_yuan", p.tally.lost_output_yuan);
    row.real("vehicle_days_restricted", p.tally.vehicle_days);
    row.real("site_days_stopped", p.tally.site_days);
    let days = baseline.daily.len() as f64;
    let delta = base.exposure - w.exposure;
    row.real(
        "avoided_deaths",
        health.population
            * health.deaths_per_person_day
            * days
            * (1.0 - (-health.beta_per_ug * delta).exp()),
    );
    row.0
}
