//! The plan run of a season: the baseline's weather and activity, with the warning engine
//! consulting forecasts and the city's actors cutting emissions under the measures in force.
//!
//! Owns the hourly order of the plan run — the actors' removals, the emissions they leave, the
//! air, the observed AQI, then at a consultation the forecast, the decision and the notices — and
//! the accounting of every warning: the cut delivered, the cut promised on paper, the hours at
//! each level. Knows nothing of threads or files.

use super::baseline::{
    DailyRecord, SPIN_UP_HOURS, SeasonBuffers, SeasonInputs, exposure_now, hour_input,
};
use crate::agents::accounting::{CutCheck, Ledger};
use crate::agents::city::CityAgents;
use crate::agents::enterprises::EMITTED;
use crate::air::{ForecastInput, Forecaster, HourInput};
use crate::aqi::aqi_value_of_means;
use crate::plan::{Event, EventKind, Hour, Level, Plan, WarningEngine, level_at};
use crate::stats::{Contingency, LEAD_DAYS, verify_product};

/// What the plan run needs besides the season's inputs.
#[derive(Debug, Clone, Copy)]
pub struct PlanSetup<'a> {
    pub plan: &'a Plan,
    pub forecaster: &'a Forecaster,
    /// Inventory sectors, in the layout of the agents' removals (`[c * sectors + s]`).
    pub sectors: usize,
    /// The city's annual emissions per sector without the plan, t/yr of the EMITTED species.
    pub sector_totals: &'a [[f64; EMITTED]],
    /// Per warning level, what the measures remove on paper per sector, t/yr.
    pub on_paper: &'a [Vec<[f64; EMITTED]>; 3],
}

/// One warning from the moment it takes effect until it is lifted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarningRecord {
    /// The highest level it reached.
    pub level: Level,
    pub decided_at: Hour,
    pub effective_at: Hour,
    /// `None` when still in force at the season's end.
    pub lifted_at: Option<Hour>,
    /// Hours before the forecast onset the warning was published (negative: after it).
    pub lead_hours: Option<i64>,
    /// The cut of the city's emissions delivered over the warning, and promised on paper.
    pub delivered: CutCheck,
    pub on_paper: CutCheck,
}

/// The plan run's results and buffers, reused across seasons.
#[derive(Debug, Clone)]
pub struct PlanBuffers {
    /// The air, AQI and daily records of the plan run.
    pub air: SeasonBuffers,
    /// Every decision of the warning engine, in order.
    pub events: Vec<Event>,
    pub warnings: Vec<WarningRecord>,
    /// Hours the city spent at each warning level.
    pub level_hours: [u32; 3],
    /// Over all hours at each level: delivered and on-paper removals against emissions.
    pub delivered: [Ledger; 3],
    pub paper: [Ledger; 3],
    /// Every forecast product's "daily AQI above the heavy threshold" at lead 1, 2, … days,
    /// against the baseline's rolling AQI (what the product tried to foresee).
    pub skill: [Contingency; LEAD_DAYS],
    observed: Vec<Option<f64>>,
    /// The latest forecast product and the hour it was made.
    forecast: Vec<Option<f64>>,
    forecast_made: Option<usize>,
    flux: Vec<f64>,
}

impl PlanBuffers {
    pub fn new(air: SeasonBuffers) -> PlanBuffers {
        PlanBuffers {
            air,
            events: Vec::new(),
            warnings: Vec::new(),
            level_hours: [0; 3],
            delivered: [Ledger::default(); 3],
            paper: [Ledger::default(); 3],
            skill: [Contingency::default(); LEAD_DAYS],
            observed: Vec::new(),
            forecast: Vec::new(),
            forecast_made: None,
            flux: Vec::new(),
        }
    }
}

/// The level a decision leaves in force.
fn level_after(e: &Event) -> Option<Level> {
    match e.kind {
        EventKind::Lift => None,
        _ => Some(e.level),
    }
}

/// The open warning's running accounts.
struct Open {
    record: WarningRecord,
    delivered: Ledger,
    paper: Ledger,
}

/// Run the season under the plan, on the baseline's inputs; `truth` is the baseline's hourly
/// AQI (what a perfect forecast sees). `agents` must have been started for this season.
pub fn run_plan(
    inputs: &SeasonInputs<'_>,
    setup: &PlanSetup<'_>,
    truth: &[f64],
    seed: u64,
    season: u64,
    agents: &mut CityAgents,
    out: &mut PlanBuffers,
) {
    let SeasonInputs {
        model,
        emissions,
        calendar,
        weather,
        activity,
        ..
    } = *inputs;
    let rules = &setup.plan.warning;
    let hours = calendar.hours().min(weather.hours()).min(emissions.hours());
    let air = &mut out.air;
    air.state = model.clean_state();
    air.rolling.reset();
    air.hourly_aqi.clear();
    air.daily.clear();
    out.events.clear();
    out.warnings.clear();
    out.level_hours = [0; 3];
    out.delivered = [Ledger::default(); 3];
    out.paper = [Ledger::default(); 3];
    out.skill = [Contingency::default(); LEAD_DAYS];
    out.observed.clear();
    out.forecast_made = None;
    let refresh = model.params.forecast.refresh_hours.max(1) as usize;
    let mut engine = WarningEngine::new(rules);
    let mut open: Option<Open> = None;
    let mut city_level: Option<Level> = None;

    for t in 0..SPIN_UP_HOURS.min(hours) {
        model.step(&mut air.state, &hour_input(inputs, t));
    }
    let mut pm25_sum = 0.0;
    let mut exposure = 0.0;
    let mut profile: Vec<f64> = Vec::with_capacity(setup.sectors);
    for t in 0..hours {
        let day = t / 24;
        let now = t as Hour;
        agents.hour(now, day, weather.temp[t]);
        let acting = !agents.quiet();
        let removed = agents.removed();
        let base = hour_input(inputs, t);
        let input = if acting {
            emissions.reduced_hour(t, removed, setup.sectors, &mut out.flux);
            HourInput {
                flux: &out.flux,
                ..base
            }
        } else {
            base
        };
        let site = activity.site.get(t).copied().unwrap_or(1.0);
        let city = model.step(&mut air.state, &input).scaled(site);
        exposure += exposure_now(inputs, &air.state, site);
        pm25_sum += city.pm25;
        let means = air.rolling.push(&city);
        let aqi = f64::from(aqi_value_of_means(&means));
        air.hourly_aqi.push(aqi);
        if t % 24 == 23 {
            air.daily.push(DailyRecord::of(&means, pm25_sum / 24.0));
            pm25_sum = 0.0;
        }

        // The warning in force in the city this hour, and its accounts.
        let level = level_at(&out.events, now);
        if level != city_level {
            let was = city_level.and_then(Level::warning_index).is_some();
            let is = level.and_then(Level::warning_index).is_some();
            if was && !is {
                close(
                    &mut open,
                    Some(now),
                    &mut out.warnings,
                    rules_targets(setup),
                );
            }
            if is && !was {
                let event = out
                    .events
                    .iter()
                    .rev()
                    .find(|e| e.effective_at <= now)
                    .copied()
                    .expect("a level comes from an event");
                open = Some(Open {
                    record: WarningRecord {
                        level: level.expect("a warning"),
                        decided_at: event.decided_at,
                        effective_at: now,
                        lifted_at: None,
                        lead_hours: event.lead_hours(),
                        delivered: CutCheck::default(),
                        on_paper: CutCheck::default(),
                    },
                    delivered: Ledger::default(),
                    paper: Ledger::default(),
                });
            }
            if let (Some(o), Some(l)) = (open.as_mut(), level) {
                o.record.level = o.record.level.max(l);
            }
            city_level = level;
        }
        if let Some(k) = city_level.and_then(Level::warning_index) {
            // Each sector's time factor this hour, read once for all counties.
            profile.clear();
            profile.extend((0..setup.sectors).map(|s| emissions.profile(s, t)));
            let mut emitted = [0.0; EMITTED];
            let mut cut = [0.0; EMITTED];
            let mut paper = [0.0; EMITTED];
            for (s, f) in profile.iter().enumerate() {
                for p in 0..EMITTED {
                    emitted[p] += f * setup.sector_totals[s][p];
                    paper[p] += f * setup.on_paper[k][s][p];
                }
            }
            for (cs, r) in removed.iter().enumerate() {
                let f = profile[cs % setup.sectors];
                for p in 0..EMITTED {
                    cut[p] += f * r[p];
                }
            }
            out.level_hours[k] += 1;
            out.delivered[k].add(&emitted, &cut);
            out.paper[k].add(&emitted, &paper);
            if let Some(o) = open.as_mut() {
                o.delivered.add(&emitted, &cut);
                o.paper.add(&emitted, &paper);
            }
        }

        // The consultation at the end of the hour: what was observed up to now, what is
        // forecast, and the decision.
        out.observed.push(Some(aqi));
        if engine.is_consultation(now, Some(aqi), None) {
            // A consultation reads the latest forecast product; a new one is made when the
            // last is `refresh` hours old.
            if out.forecast_made.is_none_or(|f| t - f >= refresh) {
                let input = ForecastInput {
                    now: t,
                    weather,
                    calendar,
                    emissions,
                    state: &air.state,
                    rolling: &air.rolling,
                    truth,
                    seed,
                    season,
                };
                setup.forecaster.forecast(model, &input, &mut out.forecast);
                out.forecast_made = Some(t);
                verify_product(&out.forecast, truth, t, rules.heavy_above, &mut out.skill);
            }
            let age = t - out.forecast_made.unwrap_or(t);
            let consultation = crate::plan::Consultation {
                now,
                observed: &out.observed,
                forecast: &out.forecast[age.min(out.forecast.len())..],
                regional: None,
            };
            if let Some(event) = engine.consult(&consultation) {
                agents.notice(event.decided_at, event.effective_at, level_after(&event));
                out.events.push(event);
            }
        }
    }
    close(&mut open, None, &mut out.warnings, rules_targets(setup));
    air.exposure = exposure / hours.max(1) as f64;
}

/// The targets of each warning level, yellow to red.
fn rules_targets<'a>(setup: &PlanSetup<'a>) -> [Option<&'a crate::plan::Targets>; 3] {
    Level::WARNINGS.map(|l| setup.plan.targets(l))
}

fn close(
    open: &mut Option<Open>,
    lifted_at: Option<Hour>,
    warnings: &mut Vec<WarningRecord>,
    targets: [Option<&crate::plan::Targets>; 3],
) {
    let Some(mut o) = open.take() else {
        return;
    };
    o.record.lifted_at = lifted_at;
    if let Some(t) = o.record.level.warning_index().and_then(|k| targets[k]) {
        o.record.delivered = o.delivered.check(t);
        o.record.on_paper = o.paper.check(t);
    }
    warnings.push(o.record);
}
