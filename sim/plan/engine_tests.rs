//! The warning engine against the plan's rules, one test per rule, named after its section;
//! and its invariants as property tests.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::plan::{Level, Plan, WarningRules, hindcast};

const LIAOCHENG: &str = include_str!("../../scenarios/liaocheng-2020/plan.toml");

fn rules() -> WarningRules {
    Plan::from_toml(LIAOCHENG, Path::new("plan.toml"))
        .expect("the Liaocheng plan is valid")
        .warning
}

const CLEAN: f64 = 80.0;
const LEAD_DAYS: usize = 5;
const TAIL_DAYS: usize = 8;

/// An hourly series from daily values, each held for 24 hours, with clean days before and after
/// so that every consultation can see the episode coming and going.
fn days(values: &[f64]) -> Vec<Option<f64>> {
    let mut out = vec![Some(CLEAN); LEAD_DAYS * 24];
    for v in values {
        out.extend(std::iter::repeat_n(Some(*v), 24));
    }
    out.extend(std::iter::repeat_n(Some(CLEAN), TAIL_DAYS * 24));
    out
}

/// The first hour of episode day `d` (0-based) in a series made by [`days`].
fn day(d: usize) -> Hour {
    ((LEAD_DAYS + d) * 24) as Hour
}

fn replay(series: &[Option<f64>]) -> Vec<Event> {
    hindcast(&rules(), series, &[])
}

fn kinds(events: &[Event]) -> Vec<(EventKind, Level)> {
    events.iter().map(|e| (e.kind, e.level)).collect()
}

fn strictest(events: &[Event]) -> Option<Level> {
    events
        .iter()
        .filter(|e| e.kind != EventKind::Lift)
        .map(|e| e.level)
        .max()
}

#[test]
fn warning_3_1_advisory_for_24h_above_200() {
    let events = replay(&days(&[250.0]));
    assert_eq!(
        kinds(&events),
        vec![
            (EventKind::Advisory, Level::Advisory),
            (EventKind::Lift, Level::Advisory)
        ]
    );
}

#[test]
fn warning_3_1_yellow_needs_48h_above_200() {
    let events = replay(&days(&[250.0, 250.0]));
    assert_eq!(
        kinds(&events),
        vec![
            (EventKind::Issue, Level::Yellow),
            (EventKind::Lift, Level::Yellow)
        ]
    );
}

#[test]
fn warning_3_1_aqi_of_exactly_200_is_not_heavy_pollution() {
    assert!(replay(&days(&[200.0, 200.0, 200.0])).is_empty());
    assert_eq!(
        strictest(&replay(&days(&[201.0, 201.0]))),
        Some(Level::Yellow)
    );
}

#[test]
fn warning_3_1_orange_needs_72h_above_200() {
    let events = replay(&days(&[250.0, 250.0, 250.0]));
    assert_eq!(strictest(&events), Some(Level::Orange));
    // Seen first as a shorter episode, then upgraded as the forecast reaches further.
    assert_eq!(events.last().map(|e| e.kind), Some(EventKind::Lift));
}

#[test]
fn warning_3_1_red_needs_96h_above_200_and_48h_above_300() {
    let red = replay(&days(&[250.0, 320.0, 320.0, 250.0]));
    assert_eq!(strictest(&red), Some(Level::Red));
    // 96 h above 200 but only 24 h above 300: orange.
    let one_severe_day = replay(&days(&[250.0, 320.0, 250.0, 250.0]));
    assert_eq!(strictest(&one_severe_day), Some(Level::Orange));
    // 48 h above 300 but only 72 h above 200: orange.
    let short = replay(&days(&[320.0, 320.0, 250.0]));
    assert_eq!(strictest(&short), Some(Level::Orange));
    // Long and heavy but never severe: orange however long.
    let long = replay(&days(&[250.0; 7]));
    assert_eq!(strictest(&long), Some(Level::Orange));
}

#[test]
fn warning_3_1_red_when_500_is_reached() {
    let events = replay(&days(&[500.0]));
    assert_eq!(strictest(&events), Some(Level::Red));
    assert_eq!(strictest(&replay(&days(&[499.0]))), Some(Level::Advisory));
}

#[test]
fn warning_3_3_1_issued_at_least_24h_before_onset_with_a_perfect_forecast() {
    let events = replay(&days(&[250.0, 250.0]));
    let issue = events[0];
    assert_eq!(issue.kind, EventKind::Issue);
    assert_eq!(issue.onset, Some(day(0)));
    let lead = issue.lead_hours().unwrap();
    assert!(lead >= 24, "published {lead} h before onset");
    assert!(
        lead <= rules().lookahead_hours as i64,
        "published {lead} h before onset"
    );
    assert_eq!(issue.trigger, Trigger::Forecast);
}

#[test]
fn warning_3_3_1_response_starts_the_response_lead_before_onset() {
    let r = rules();
    let events = replay(&days(&[250.0, 250.0]));
    assert_eq!(
        events[0].effective_at,
        day(0) - r.response_lead_hours as Hour
    );
}

/// A consultation at `now` on an hourly series whose forecast is the series itself.
fn consult_at(engine: &mut WarningEngine<'_>, series: &[Option<f64>], now: usize) -> Option<Event> {
    let horizon = 120.min(series.len() - now - 1);
    engine.consult(&Consultation {
        now: now as Hour,
        observed: &series[..=now],
        forecast: &series[now + 1..now + 1 + horizon],
        regional: None,
    })
}

#[test]
fn warning_3_3_1_starts_at_once_when_heavy_pollution_is_observed_and_not_improving_within_12h() {
    let r = rules();
    let mut engine = WarningEngine::new(&r);
    // A missed forecast: the consultation only sees the episode once it is 6 h old.
    let series = days(&[250.0, 250.0, 250.0]);
    let now = day(0) as usize + 6;
    let event = consult_at(&mut engine, &series, now).expect("a warning starts at once");
    assert_eq!(event.kind, EventKind::Issue);
    assert_eq!(event.trigger, Trigger::Observed);
    assert_eq!(event.level, Level::Orange);
    assert_eq!(event.effective_at, now as Hour + r.approval_hours as Hour);
}

#[test]
fn warning_3_3_1_no_start_at_once_when_improvement_is_forecast_within_12h() {
    let r = rules();
    let mut engine = WarningEngine::new(&r);
    // Heavy for 60 h, observed from hour 50 on: the air clears 10 h later.
    let mut series = vec![Some(CLEAN); 48];
    series.extend(std::iter::repeat_n(Some(260.0), 60));
    series.extend(std::iter::repeat_n(Some(CLEAN), 200));
    assert_eq!(consult_at(&mut engine, &series, 48 + 50), None);
    assert_eq!(engine.level(), None);
}

#[test]
fn warning_3_3_1_regional_warning_sets_the_level_floor() {
    let r = rules();
    let series = days(&[CLEAN, CLEAN, CLEAN]);
    let mut regional = vec![None; series.len()];
    for slot in regional.iter_mut().skip(day(0) as usize + 3).take(72) {
        *slot = Some(Level::Orange);
    }
    let events = hindcast(&r, &series, &regional);
    let issue = events[0];
    assert_eq!(
        (issue.kind, issue.level, issue.trigger),
        (EventKind::Issue, Level::Orange, Trigger::Regional)
    );
    // Published when the regional notice arrives, not at the next daily consultation.
    assert_eq!(issue.decided_at, day(0) + 3 + r.approval_hours as Hour);
    // Lifted only after the regional warning ends.
    let lift = events[1];
    assert_eq!(lift.kind, EventKind::Lift);
    assert!(lift.effective_at >= day(0) + 3 + 72);
}

#[test]
fn warning_3_3_1_regional_warning_ignored_when_the_plan_says_so() {
    let mut r = rules();
    r.adopt_regional_level = false;
    let series = days(&[CLEAN]);
    let regional = vec![Some(Level::Red); series.len()];
    assert!(hindcast(&r, &series, &regional).is_empty());
}

#[test]
fn warning_3_3_2_episodes_less_than_36h_apart_are_one_at_the_stricter_level() {
    // Two days heavy, 24 h moderate (not clean enough to lift), three days heavy.
    let events = replay(&days(&[250.0, 250.0, 180.0, 250.0, 250.0, 250.0]));
    let lifts = events.iter().filter(|e| e.kind == EventKind::Lift).count();
    assert_eq!(lifts, 1, "{events:?}");
    assert_eq!(strictest(&events), Some(Level::Orange));
    // Even a clean gap does not split them when it is shorter than 36 h.
    let clean_gap = replay(&days(&[250.0, 250.0, 100.0, 250.0, 250.0, 250.0]));
    assert_eq!(
        clean_gap
            .iter()
            .filter(|e| e.kind == EventKind::Lift)
            .count(),
        1,
        "{clean_gap:?}"
    );
}

#[test]
fn warning_3_3_2_episodes_36h_or_more_apart_and_clean_between_are_two_warnings() {
    let events = replay(&days(&[250.0, 250.0, 100.0, 100.0, 250.0, 250.0]));
    let issues = events.iter().filter(|e| e.kind == EventKind::Issue).count();
    assert_eq!(issues, 2, "{events:?}");
}

#[test]
fn warning_3_3_2_upgraded_when_the_forecast_worsens() {
    let r = rules();
    let mut engine = WarningEngine::new(&r);
    let mild = days(&[250.0, 250.0, CLEAN, CLEAN]);
    let worse = days(&[250.0, 250.0, 250.0, CLEAN]);
    let t0 = day(0) as usize - 30;
    let first = consult_at(&mut engine, &mild, t0).unwrap();
    assert_eq!((first.kind, first.level), (EventKind::Issue, Level::Yellow));
    let second = consult_at(&mut engine, &worse, t0 + 12).unwrap();
    assert_eq!(
        (second.kind, second.level),
        (EventKind::Upgrade, Level::Orange)
    );
    // An upgrade never takes effect before the warning it raises.
    assert!(second.effective_at >= first.effective_at);
}

#[test]
fn warning_3_3_2_downgraded_when_the_forecast_improves() {
    let r = rules();
    let mut engine = WarningEngine::new(&r);
    let bad = days(&[250.0, 250.0, 250.0, 180.0]);
    let better = days(&[250.0, 250.0, 180.0, 180.0]);
    let t0 = day(0) as usize - 30;
    assert_eq!(
        consult_at(&mut engine, &bad, t0).unwrap().level,
        Level::Orange
    );
    let second = consult_at(&mut engine, &better, t0 + 12).unwrap();
    assert_eq!(
        (second.kind, second.level),
        (EventKind::Downgrade, Level::Yellow)
    );
}

#[test]
fn warning_3_3_2_lifted_when_forecast_at_or_below_150_for_36h() {
    let r = rules();
    let events = replay(&days(&[250.0, 250.0]));
    let lift = events[1];
    assert_eq!(lift.kind, EventKind::Lift);
    assert_eq!(lift.trigger, Trigger::Improvement);
    // Announced before the air improves, effective when it does.
    assert!(lift.decided_at <= day(2));
    assert_eq!(lift.effective_at, day(2).max(lift.decided_at));
    assert!(r.lift_for_hours == 36 && r.lift_at_most == 150.0);
}

#[test]
fn warning_3_3_2_not_lifted_while_the_air_stays_above_150() {
    // Heavy for two days, then moderate (151–200) until the end of the data.
    let mut series = days(&[250.0, 250.0]);
    let tail_start = day(2) as usize;
    for v in series.iter_mut().skip(tail_start) {
        *v = Some(170.0);
    }
    let events = replay(&series);
    assert_eq!(kinds(&events), vec![(EventKind::Issue, Level::Yellow)]);
}

#[test]
fn warning_3_3_2_not_lifted_when_the_clean_spell_is_shorter_than_36h() {
    let r = rules();
    let mut engine = WarningEngine::new(&r);
    let series = days(&[250.0, 250.0]);
    consult_at(&mut engine, &series, day(0) as usize - 30).unwrap();
    // 35 clean hours, then moderate: no lift.
    let mut short = days(&[250.0, 250.0]);
    for (i, v) in short.iter_mut().enumerate().skip(day(2) as usize) {
        *v = Some(if i < day(2) as usize + 35 {
            CLEAN
        } else {
            170.0
        });
    }
    assert_eq!(consult_at(&mut engine, &short, day(2) as usize - 2), None);
    // 36 clean hours: lifted.
    let mut long = short.clone();
    long[day(2) as usize + 35] = Some(CLEAN);
    let lift = consult_at(&mut engine, &long, day(2) as usize - 2).unwrap();
    assert_eq!(lift.kind, EventKind::Lift);
}

#[test]
fn warning_3_3_1_withdrawn_when_the_episode_leaves_the_forecast_before_taking_effect() {
    let r = rules();
    let mut engine = WarningEngine::new(&r);
    let t0 = day(0) as usize - 40;
    let issue = consult_at(&mut engine, &days(&[250.0, 250.0]), t0).unwrap();
    assert!(issue.effective_at > t0 as Hour + 12);
    let withdrawn = consult_at(&mut engine, &days(&[170.0, 170.0]), t0 + 12).unwrap();
    assert_eq!(
        (withdrawn.kind, withdrawn.trigger),
        (EventKind::Lift, Trigger::Withdrawn)
    );
    // Withdrawn before it took effect: the warning was never in force.
    let events = [issue, withdrawn];
    assert!((0..day(5)).all(|t| level_at(&events, t).is_none()));
}

#[test]
fn consultation_3_2_daily_intensified_during_a_warning_and_realtime_when_heavy() {
    let r = rules();
    let mut engine = WarningEngine::new(&r);
    let daily = r.daily_consultation_hour as Hour;
    let consults = |e: &WarningEngine<'_>, obs: Option<f64>| {
        (0..48)
            .filter(|&h| e.is_consultation(h, obs, None))
            .collect::<Vec<_>>()
    };
    assert_eq!(consults(&engine, Some(CLEAN)), vec![daily, daily + 24]);
    // Heavy pollution observed with no warning: every hour.
    assert_eq!(consults(&engine, Some(250.0)).len(), 48);
    // During a warning: every `consult_every_hours_during_warning` hours.
    let series = days(&[250.0, 250.0]);
    consult_at(&mut engine, &series, day(0) as usize - 30).unwrap();
    let every = r.consult_every_hours_during_warning as Hour;
    assert_eq!(
        consults(&engine, Some(CLEAN)),
        (0..48)
            .filter(|h| (h - daily).rem_euclid(every) == 0)
            .collect::<Vec<_>>()
    );
    // A change of regional warning calls a consultation at any hour.
    assert!(engine.is_consultation(daily + 3, Some(CLEAN), Some(Level::Yellow)));
}

#[test]
fn response_4_1_levels_map_to_responses_and_4_2_counties_act_within_3h() {
    let plan = Plan::from_toml(LIAOCHENG, Path::new("plan.toml")).unwrap();
    assert_eq!(plan.file.response.yellow, "Ⅲ级");
    assert_eq!(plan.file.response.orange, "Ⅱ级");
    assert_eq!(plan.file.response.red, "Ⅰ级");
    assert_eq!(plan.warning.county_notice_hours, 3);
    assert_eq!(plan.warning.disclosure_within_hours, 2);
}

#[test]
fn response_4_8_ends_when_the_warning_is_lifted() {
    let events = replay(&days(&[250.0, 250.0]));
    let lift = events.iter().find(|e| e.kind == EventKind::Lift).unwrap();
    assert_eq!(
        level_at(&events, lift.effective_at - 1),
        Some(Level::Yellow)
    );
    assert_eq!(level_at(&events, lift.effective_at), None);
}

// ------------------------------------------------------------------------- properties

/// Daily AQI values that cluster into episodes: a random walk in 40..520.
fn daily_series() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-120.0f64..120.0, 10..60).prop_map(|steps| {
        let mut v = 120.0f64;
        steps
            .into_iter()
            .map(|s| {
                v = (v + s).clamp(40.0, 520.0);
                v.round()
            })
            .collect()
    })
}

/// Hourly series with some missing hours and sub-daily variation.
fn hourly_series() -> impl Strategy<Value = Vec<Option<f64>>> {
    (daily_series(), prop::collection::vec(0u8..100, 24)).prop_map(|(d, noise)| {
        let mut out = Vec::new();
        for (i, v) in d.iter().enumerate() {
            for (h, n) in noise.iter().enumerate() {
                let missing = (i * 24 + h) % 97 == 13 && *n < 30;
                let wobble = (*n as f64 - 50.0) * 0.4;
                out.push(if missing {
                    None
                } else {
                    Some((v + wobble).max(0.0))
                });
            }
        }
        out
    })
}

/// Red criteria (§3.1) on the values known when deciding: observed up to the decision and the
/// perfect forecast over the horizon.
fn red_criteria_visible(series: &[Option<f64>], upto: usize) -> bool {
    let window = &series[..upto.min(series.len())];
    let longest = |pred: &dyn Fn(f64) -> bool| {
        let (mut best, mut run) = (0, 0);
        for v in window {
            if v.is_some_and(pred) {
                run += 1;
                best = best.max(run);
            } else {
                run = 0;
            }
        }
        best
    };
    (longest(&|v| v > 200.0) >= 96 && longest(&|v| v > 300.0) >= 48)
        || longest(&|v| v >= 500.0) >= 1
}

fn check_invariants(series: &[Option<f64>], events: &[Event]) -> Result<(), TestCaseError> {
    let r = rules();
    let mut active: Option<Level> = None;
    for e in events.iter() {
        prop_assert!(e.effective_at >= e.decided_at, "{e:?}");
        match e.kind {
            EventKind::Advisory => prop_assert_eq!(active, None),
            EventKind::Issue => prop_assert!(
                active.is_none_or(|l| l == Level::Advisory)
                    || (active == Some(e.level) && e.trigger == Trigger::Regional),
                "{events:?}"
            ),
            EventKind::Upgrade => {
                prop_assert!(active.is_some_and(|l| l < e.level && l.is_warning()))
            }
            EventKind::Downgrade => {
                prop_assert!(active.is_some_and(|l| l > e.level && e.level.is_warning()))
            }
            EventKind::Lift => prop_assert_eq!(active, Some(e.level)),
        }
        if e.level == Level::Red && e.kind != EventKind::Lift {
            let seen = (e.decided_at - r.approval_hours as Hour) as usize
                + 1
                + r.forecast_horizon_hours as usize;
            prop_assert!(
                red_criteria_visible(series, seen),
                "red without its criteria: {e:?}"
            );
        }
        active = if e.kind == EventKind::Lift {
            None
        } else {
            Some(e.level)
        };
    }
    Ok(())
}

proptest! {
    #[test]
    fn warnings_never_overlap_and_red_needs_its_criteria(series in hourly_series()) {
        let events = replay(&series);
        check_invariants(&series, &events)?;
    }

    #[test]
    fn every_warning_is_eventually_lifted(mut series in hourly_series()) {
        let r = rules();
        let tail = (r.lift_for_hours + r.forecast_horizon_hours + 48) as usize;
        series.extend(std::iter::repeat_n(Some(CLEAN), tail));
        let events = replay(&series);
        check_invariants(&series, &events)?;
        let issued = events.iter().filter(|e| matches!(e.kind, EventKind::Issue | EventKind::Advisory)).count();
        let issued_after_advisory = events
            .windows(2)
            .filter(|w| w[0].kind == EventKind::Advisory && w[1].kind == EventKind::Issue)
            .count();
        let lifts = events.iter().filter(|e| e.kind == EventKind::Lift).count();
        prop_assert_eq!(issued - issued_after_advisory, lifts, "{:?}", events);
        prop_assert_eq!(level_at(&events, series.len() as Hour), None);
    }

    #[test]
    fn a_regional_warning_is_never_undercut(series in hourly_series(), start in 0usize..200, len in 1usize..120) {
        let r = rules();
        let mut regional = vec![None; series.len()];
        for slot in regional.iter_mut().skip(start).take(len) {
            *slot = Some(Level::Orange);
        }
        let events = hindcast(&r, &series, &regional);
        check_invariants(&series, &events)?;
        // Once the notice is answered (allowing for approval and a lift already announced),
        // the city is at orange or above until the regional warning ends.
        let answered = start + (r.approval_hours + r.consult_every_hours_during_warning) as usize;
        for h in answered..(start + len).min(series.len()) {
            prop_assert!(level_at(&events, h as Hour) >= Some(Level::Orange), "hour {}: {:?}", h, events);
        }
    }
}
