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
use crate::plan::timeline::hours_at_level;

/// How the hours under a warning level are grouped, by the hours since the level took effect:
/// `bounds` are the upper ends (exclusive) of the first three bins; the fourth is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElapsedBins {
    pub bounds: [u32; 3],
}

impl ElapsedBins {
    /// The bin of `elapsed` hours since a level took effect.
    pub fn bin_of(&self, elapsed: u32) -> usize {
        self.bounds
            .iter()
            .position(|b| elapsed < *b)
            .unwrap_or(self.bounds.len())
    }
}

/// Per simulated season, `[level][bin]`: the mean ratio, `NaN` where the season had no such hour.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectTable {
    pub seasons: Vec<[[f64; 4]; 3]>,
}

/// Which hours count and how they are grouped (from the evaluation rules, with reasons).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectBinning {
    pub bins: ElapsedBins,
    /// Only hours whose baseline AQI is above this share of the heavy threshold count.
    pub polluted_share: f64,
}

/// Per level and bin, the ratio of one season's hourly series `(baseline, plan, level)`.
pub fn season_ratios(
    hourly: &[(f64, f64, Option<Level>)],
    heavy_above: f64,
    binning: &EffectBinning,
) -> [[f64; 4]; 3] {
    let mut sums = [[(0.0, 0u32); 4]; 3];
    let at_level = hours_at_level(hourly.iter().map(|h| h.2));
    for ((b, p, _), at) in hourly.iter().zip(at_level) {
        let Some((k, elapsed)) = at else {
            continue;
        };
        if *b > binning.polluted_share * heavy_above && *b > 0.0 {
            let cell = &mut sums[k][binning.bins.bin_of(elapsed)];
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
    options: RunOptions,
    seasons: u64,
    binning: &EffectBinning,
    stop: &AtomicBool,
    mut progress: impl FnMut(),
) -> anyhow::Result<EffectTable> {
    let heavy = prepared.scenario.plan.warning.heavy_above;
    let mut out = Vec::with_capacity(seasons as usize);
    for_each_season_with(
        prepared,
        options,
        0..seasons,
        stop,
        || model.worker(prepared),
        |worker, prep, run| {
            let keep = Keep {
                daily: false,
                hourly: true,
            };
            let r = plan_result(model, worker, prep, run, options.seed, keep);
            season_ratios(r.hourly.as_deref().unwrap_or_default(), heavy, binning)
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

    const BINNING: EffectBinning = EffectBinning {
        bins: ElapsedBins {
            bounds: [12, 24, 48],
        },
        polluted_share: 0.75,
    };

    #[test]
    fn ratios_are_binned_by_hours_since_the_level_took_effect() {
        let y = Some(Level::Yellow);
        let mut hourly = vec![(300.0, 300.0, None)];
        hourly.extend((0..30).map(|h| (300.0, if h < 12 { 270.0 } else { 240.0 }, y)));
        // Clean air under a warning does not count.
        hourly.push((50.0, 10.0, y));
        let r = season_ratios(&hourly, 200.0, &BINNING);
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
        let r = season_ratios(&hourly, 200.0, &BINNING);
        assert!(
            (r[1][0] - 0.8).abs() < 1e-12,
            "orange starts in its first bin"
        );
        assert!((r[0][1] - 0.95).abs() < 1e-12);
    }
}
