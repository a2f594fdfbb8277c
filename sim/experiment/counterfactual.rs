//! How much the plan lowers the AQI while a warning is in force, as the model sees it: for each
//! simulated season, per warning level and time since the level took effect, the mean ratio of
//! the plan run's rolling AQI to the baseline's over the polluted hours.
//!
//! Owns the simulation behind the ex-post evaluation of a real episode (the observed AQI is the
//! AQI with the plan; dividing by these ratios estimates it without). Knows nothing of the
//! observed episode or of files.

use std::sync::atomic::AtomicBool;

use super::plan_side::{Keep, PlanModel, plan_result};
use super::{Prepared, RunOptions, for_each_season_with};
use crate::plan::Level;

/// Upper ends (exclusive) of the bins of hours since a level took effect: the cuts ramp up over
/// the first day as firms stop lines and the air responds.
pub const ELAPSED_BINS: [u32; 4] = [12, 24, 48, u32::MAX];

/// Only hours whose baseline AQI is above this share of the heavy threshold count: the ratio
/// is wanted for polluted air, where a warning matters.
const POLLUTED_SHARE: f64 = 0.75;

/// Per simulated season, `[level][bin]`: the mean ratio, `NaN` where the season had no such hour.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectTable {
    pub seasons: Vec<[[f64; 4]; 3]>,
}

/// The bin of `elapsed` hours since a level took effect.
pub fn bin_of(elapsed: u32) -> usize {
    ELAPSED_BINS
        .iter()
        .position(|b| elapsed < *b)
        .unwrap_or(ELAPSED_BINS.len() - 1)
}

/// Per level and bin, the ratio of one season's hourly series `(baseline, plan, level)`.
pub fn season_ratios(hourly: &[(f64, f64, Option<Level>)], heavy_above: f64) -> [[f64; 4]; 3] {
    let mut sums = [[(0.0, 0u32); 4]; 3];
    let mut since: Option<(Level, usize)> = None;
    for (t, (b, p, level)) in hourly.iter().enumerate() {
        let Some(k) = level.and_then(Level::warning_index) else {
            since = None;
            continue;
        };
        let lvl = level.expect("a warning level");
        let start = match since {
            Some((l, s)) if l == lvl => s,
            _ => {
                since = Some((lvl, t));
                t
            }
        };
        if *b > POLLUTED_SHARE * heavy_above && *b > 0.0 {
            let cell = &mut sums[k][bin_of((t - start) as u32)];
            cell.0 += p / b;
            cell.1 += 1;
        }
    }
    sums.map(|row| row.map(|(s, n)| if n > 0 { s / f64::from(n) } else { f64::NAN }))
}

/// Simulate `seasons` seasons of the scenario with the plan and tabulate the ratios.
pub fn effect_table(
    prepared: &Prepared<'_>,
    model: &PlanModel,
    seed: u64,
    seasons: u64,
    threads: usize,
    stop: &AtomicBool,
    mut progress: impl FnMut(),
) -> anyhow::Result<EffectTable> {
    let heavy = prepared.scenario.plan.warning.heavy_above;
    let mut out = Vec::with_capacity(seasons as usize);
    for_each_season_with(
        prepared,
        RunOptions {
            seed,
            threads,
            snapshot_hour: None,
        },
        0..seasons,
        stop,
        || model.worker(prepared),
        |worker, prep, run| {
            let keep = Keep {
                daily: false,
                hourly: true,
            };
            let r = plan_result(model, worker, prep, run, seed, keep);
            season_ratios(r.hourly.as_deref().unwrap_or_default(), heavy)
        },
        |_, ratios| {
            out.push(ratios);
            progress();
            Ok(())
        },
    )?;
    Ok(EffectTable { seasons: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_binned_by_hours_since_the_level_took_effect() {
        let y = Some(Level::Yellow);
        let mut hourly = vec![(300.0, 300.0, None)];
        hourly.extend((0..30).map(|h| (300.0, if h < 12 { 270.0 } else { 240.0 }, y)));
        // Clean air under a warning does not count.
        hourly.push((50.0, 10.0, y));
        let r = season_ratios(&hourly, 200.0);
        assert!((r[0][0] - 0.9).abs() < 1e-12);
        assert!((r[0][1] - 0.8).abs() < 1e-12);
        assert!((r[0][2] - 0.8).abs() < 1e-12);
        assert!(r[0][3].is_nan() && r[1][0].is_nan() && r[2][0].is_nan());
    }

    #[test]
    fn a_new_level_restarts_the_clock() {
        let mut hourly: Vec<_> = (0..20)
            .map(|_| (300.0, 285.0, Some(Level::Yellow)))
            .collect();
        hourly.extend((0..5).map(|_| (300.0, 240.0, Some(Level::Orange))));
        let r = season_ratios(&hourly, 200.0);
        assert!(
            (r[1][0] - 0.8).abs() < 1e-12,
            "orange starts in its first bin"
        );
        assert!((r[0][1] - 0.95).abs() < 1e-12);
    }
}
