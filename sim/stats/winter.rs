//! Winter statistics of a daily AQI series.

/// A day is heavy above this AQI, severe above `SEVERE`, as in the plan (§1.3) and HJ 633.
const HEAVY: f64 = 200.0;

/// Statistics of one winter's daily AQI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WinterStats {
    pub days: usize,
    pub days_above_150: usize,
    pub days_above_200: usize,
    pub days_above_300: usize,
    pub mean: f64,
    pub p90: f64,
    pub max: f64,
    /// Runs of consecutive days above 200 (a missing day ends a run).
    pub heavy_episodes: usize,
    pub longest_episode: usize,
    /// Lag-1 autocorrelation over pairs of consecutive days both present.
    pub lag1_autocorrelation: f64,
    /// Share of days (with a known primary pollutant) whose primary pollutants include PM2.5.
    pub pm25_primary_share: f64,
}

/// The names of the statistics, in the order of [`WinterStats::values`].
pub const STATISTICS: [&str; 11] = [
    "days_aqi_above_150",
    "days_aqi_above_200",
    "days_aqi_above_300",
    "mean_aqi",
    "p90_aqi",
    "max_aqi",
    "heavy_episodes",
    "longest_heavy_episode_days",
    "lag1_autocorrelation",
    "pm25_primary_share",
    "days",
];

/// Quantile `q` of `values` by linear interpolation between order statistics (R's type 7).
/// `values` is sorted in place. NaN for an empty slice.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
}

impl WinterStats {
    /// Statistics of `aqi` (one value per day, `None` missing) with, per day, whether PM2.5 is
    /// among the primary pollutants (`None` unknown).
    pub fn of(aqi: &[Option<f64>], pm25_primary: &[Option<bool>]) -> WinterStats {
        let present: Vec<f64> = aqi.iter().flatten().copied().collect();
        let days = present.len();
        let count = |threshold: f64| present.iter().filter(|v| **v > threshold).count();
        let mean = if days > 0 {
            present.iter().sum::<f64>() / days as f64
        } else {
            f64::NAN
        };
        let mut sorted = present.clone();
        let p90 = quantile(&mut sorted, 0.9);
        let max = present.iter().copied().fold(f64::NAN, f64::max);

        let (mut episodes, mut longest, mut run) = (0, 0, 0);
        for v in aqi {
            if v.is_some_and(|v| v > HEAVY) {
                run += 1;
                if run == 1 {
                    episodes += 1;
                }
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }

        let (mut num, mut den) = (0.0, 0.0);
        for v in &present {
            den += (v - mean) * (v - mean);
        }
        for pair in aqi.windows(2) {
            if let [Some(a), Some(b)] = pair {
                num += (a - mean) * (b - mean);
            }
        }
        let lag1_autocorrelation = if den > 0.0 { num / den } else { f64::NAN };

        let known: Vec<bool> = pm25_primary.iter().flatten().copied().collect();
        let pm25_primary_share = if known.is_empty() {
            f64::NAN
        } else {
            known.iter().filter(|p| **p).count() as f64 / known.len() as f64
        };
        WinterStats {
            days,
            days_above_150: count(150.0),
            days_above_200: count(HEAVY),
            days_above_300: count(300.0),
            mean,
            p90,
            max,
            heavy_episodes: episodes,
            longest_episode: longest,
            lag1_autocorrelation,
            pm25_primary_share,
        }
    }

    /// The values in the order of [`STATISTICS`].
    pub fn values(&self) -> [f64; 11] {
        [
            self.days_above_150 as f64,
            self.days_above_200 as f64,
            self.days_above_300 as f64,
            self.mean,
            self.p90,
            self.max,
            self.heavy_episodes as f64,
            self.longest_episode as f64,
            self.lag1_autocorrelation,
            self.pm25_primary_share,
            self.days as f64,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_episodes_and_persistence() {
        let aqi: Vec<Option<f64>> = [100.0, 250.0, 320.0, 180.0, 210.0, 220.0, 230.0, 90.0]
            .iter()
            .map(|v| Some(*v))
            .collect();
        let s = WinterStats::of(&aqi, &[Some(true), Some(false)]);
        assert_eq!(
            (s.days, s.days_above_150, s.days_above_200, s.days_above_300),
            (8, 6, 5, 1)
        );
        assert_eq!((s.heavy_episodes, s.longest_episode), (2, 3));
        assert_eq!(s.max, 320.0);
        assert!((s.mean - 200.0).abs() < 1e-12);
        assert_eq!(s.pm25_primary_share, 0.5);
    }

    #[test]
    fn a_missing_day_breaks_an_episode_and_is_not_counted() {
        let aqi = [Some(250.0), None, Some(250.0)];
        let s = WinterStats::of(&aqi, &[]);
        assert_eq!((s.days, s.heavy_episodes, s.longest_episode), (2, 2, 1));
        assert!(s.lag1_autocorrelation.is_nan() || s.lag1_autocorrelation == 0.0);
        assert!(s.pm25_primary_share.is_nan());
    }

    #[test]
    fn persistent_series_autocorrelate() {
        let smooth: Vec<Option<f64>> = (0..100)
            .map(|i| Some(150.0 + 100.0 * (i as f64 / 8.0).sin()))
            .collect();
        let noisy: Vec<Option<f64>> = (0..100)
            .map(|i| Some(if i % 2 == 0 { 100.0 } else { 200.0 }))
            .collect();
        assert!(WinterStats::of(&smooth, &[]).lag1_autocorrelation > 0.9);
        assert!(WinterStats::of(&noisy, &[]).lag1_autocorrelation < -0.9);
    }

    #[test]
    fn quantiles_interpolate() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0, 5.0];
        assert_eq!(quantile(&mut v, 0.5), 3.0);
        assert!((quantile(&mut v, 0.9) - 4.6).abs() < 1e-12);
        assert!(quantile(&mut [], 0.5).is_nan());
    }
}
