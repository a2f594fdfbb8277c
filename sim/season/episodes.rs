//! Heavy-pollution episodes of a season and how the warnings met them.
//!
//! An episode (重污染过程) is a run of hours whose 24-h rolling-mean AQI is above the plan's
//! heavy threshold (§1.3), runs closer than the plan's merge gap being one episode (§3.3.2).
//! Verification is episode-based and judged on the baseline, the air as it would have been
//! without the plan — a warning that works may keep the plan run's AQI below 200, and must not
//! count as a false alarm for it:
//!
//! - a **hit** is a baseline episode with a warning in force at some hour of it, a **timely
//!   hit** one with a warning in force at its onset, a **miss** one with none;
//! - a **false alarm** is a warning (from taking effect to lifting) during which no baseline
//!   episode has an hour.
//!
//! Owns these definitions. Knows nothing of files.

use super::plan_run::WarningRecord;
use crate::plan::{Event, Hour, Level, level_at};

/// One heavy episode of the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Episode {
    /// First and last hour above the threshold (inclusive).
    pub start: usize,
    pub end: usize,
    /// The highest hourly rolling AQI of the baseline, and of the plan run over the same hours.
    pub peak_baseline: f64,
    pub peak_plan: f64,
    /// The highest warning level in force at any hour of it, if any.
    pub level: Option<Level>,
    /// Whether a warning was in force at its first hour.
    pub warned_at_onset: bool,
}

/// The runs of `aqi` above `above`, merged across gaps shorter than `merge_gap` hours.
pub fn runs_above(aqi: &[f64], above: f64, merge_gap: usize) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (t, v) in aqi.iter().enumerate() {
        match (start, *v > above) {
            (None, true) => start = Some(t),
            (Some(s), false) => {
                runs.push((s, t - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, aqi.len() - 1));
    }
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (s, e) in runs {
        match merged.last_mut() {
            Some(last) if s - last.1 - 1 < merge_gap => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// The baseline's episodes with the warnings in force during them (`events` of the plan run).
pub fn episodes(
    baseline: &[f64],
    plan: &[f64],
    events: &[Event],
    above: f64,
    merge_gap: usize,
) -> Vec<Episode> {
    runs_above(baseline, above, merge_gap)
        .into_iter()
        .map(|(start, end)| {
            let peak = |s: &[f64]| s[start..=end].iter().copied().fold(f64::MIN, f64::max);
            let level = (start..=end)
                .filter_map(|t| level_at(events, t as Hour).filter(|l| l.is_warning()))
                .max();
            Episode {
                start,
                end,
                peak_baseline: peak(baseline),
                peak_plan: if plan.len() > end {
                    peak(plan)
                } else {
                    f64::NAN
                },
                level,
                warned_at_onset: level_at(events, start as Hour).is_some_and(Level::is_warning),
            }
        })
        .collect()
}

/// Hits, timely hits, misses and false alarms (see the module's definitions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verification {
    pub hits: u32,
    pub timely_hits: u32,
    pub misses: u32,
    pub false_alarms: u32,
}

pub fn verify(
    episodes: &[Episode],
    warnings: &[WarningRecord],
    season_hours: usize,
) -> Verification {
    let mut v = Verification::default();
    for e in episodes {
        if e.level.is_some() {
            v.hits += 1;
        } else {
            v.misses += 1;
        }
        v.timely_hits += u32::from(e.warned_at_onset);
    }
    for w in warnings {
        let from = w.effective_at.max(0) as usize;
        let to = w.lifted_at.map_or(season_hours, |l| l.max(0) as usize);
        let overlaps = episodes.iter().any(|e| e.start < to && e.end >= from);
        v.false_alarms += u32::from(!overlaps);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episodes_3_3_2_runs_closer_than_the_merge_gap_are_one_episode() {
        let mut aqi = vec![100.0; 200];
        for v in &mut aqi[10..20] {
            *v = 250.0;
        }
        // A 20-hour gap: merged with a 36-hour rule.
        for v in &mut aqi[40..50] {
            *v = 320.0;
        }
        // An 80-hour gap: a new episode, running to the season's end.
        for v in &mut aqi[130..200] {
            *v = 210.0;
        }
        assert_eq!(runs_above(&aqi, 200.0, 36), vec![(10, 49), (130, 199)]);
        assert_eq!(
            runs_above(&aqi, 200.0, 0),
            vec![(10, 19), (40, 49), (130, 199)]
        );
        // Exactly 200 is not heavy (§1.3: above 200).
        assert!(runs_above(&[200.0; 10], 200.0, 36).is_empty());
    }

    fn warning(effective_at: Hour, lifted_at: Option<Hour>) -> WarningRecord {
        WarningRecord {
            level: Level::Orange,
            decided_at: effective_at - 24,
            effective_at,
            lifted_at,
            lead_hours: Some(24),
            delivered: Default::default(),
            on_paper: Default::default(),
        }
    }

    #[test]
    fn verification_counts_hits_misses_and_false_alarms_on_the_baseline() {
        let e = |start, end, level: Option<Level>, onset| Episode {
            start,
            end,
            peak_baseline: 250.0,
            peak_plan: 220.0,
            level,
            warned_at_onset: onset,
        };
        let episodes = [
            e(10, 30, Some(Level::Orange), true),
            e(100, 120, Some(Level::Yellow), false),
            e(300, 320, None, false),
        ];
        let warnings = [
            warning(5, Some(40)),
            warning(110, Some(130)),
            warning(500, Some(560)),
            warning(900, None),
        ];
        let v = verify(&episodes, &warnings, 1000);
        assert_eq!(
            v,
            Verification {
                hits: 2,
                timely_hits: 1,
                misses: 1,
                false_alarms: 2,
            }
        );
    }
}
