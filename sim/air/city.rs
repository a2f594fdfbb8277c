//! The city's 24-h rolling means and their AQI (§3.1: "AQI日均值按连续24小时均值计算").
//!
//! Owns the rolling windows over the city's hourly concentrations: 24-h means of SO2, NO2, CO,
//! PM10 and PM2.5, the largest 1-h O3 and the largest 8-h O3 mean inside the 24 hours (as the
//! daily report takes them). Simulated data has no gaps, so no validity rule applies.

use super::model::CityHour;
use crate::aqi::DailyMeans;

const DAY: usize = 24;
const O3_WINDOW: usize = 8;
/// 8-h windows that lie inside a 24-h day.
const O3_WINDOWS_IN_DAY: usize = DAY - O3_WINDOW + 1;

/// Rolling windows over the city's hourly concentrations.
#[derive(Debug, Clone, PartialEq)]
pub struct CityRolling {
    /// so2, no2, co, pm25, pm10, o3 per hour of the last 24.
    ring: [[f64; 6]; DAY],
    sums: [f64; 6],
    o3_8h: [f64; O3_WINDOWS_IN_DAY],
    pushed: usize,
}

impl Default for CityRolling {
    fn default() -> Self {
        Self::new()
    }
}

impl CityRolling {
    pub fn new() -> Self {
        CityRolling {
            ring: [[0.0; 6]; DAY],
            sums: [0.0; 6],
            o3_8h: [0.0; O3_WINDOWS_IN_DAY],
            pushed: 0,
        }
    }

    /// Forget the past: the next means cover only hours pushed from now on.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// Add an hour; returns the means of the (up to) 24 hours ending with it.
    pub fn push(&mut self, h: &CityHour) -> DailyMeans {
        let slot = self.pushed % DAY;
        let values = [h.so2, h.no2, h.co, h.pm25, h.pm10, h.o3];
        if self.pushed >= DAY {
            for (sum, old) in self.sums.iter_mut().zip(self.ring[slot]) {
                *sum -= old;
            }
        }
        self.ring[slot] = values;
        self.pushed += 1;
        if self.pushed.is_multiple_of(DAY) {
            // Re-add from the window once a day so that rounding never drifts.
            self.sums = [0.0; 6];
            for row in &self.ring {
                for (sum, v) in self.sums.iter_mut().zip(row) {
                    *sum += v;
                }
            }
        } else {
            for (sum, v) in self.sums.iter_mut().zip(values) {
                *sum += v;
            }
        }
        let n = self.pushed.min(DAY);
        let o3_at = |ring: &[[f64; 6]; DAY], back: usize| ring[(self.pushed - 1 - back) % DAY][5];
        let o3_8h_now = (0..n.min(O3_WINDOW))
            .map(|b| o3_at(&self.ring, b))
            .sum::<f64>()
            / n.min(O3_WINDOW) as f64;
        let o3_1h_max = (0..n).map(|b| o3_at(&self.ring, b)).fold(0.0, f64::max);
        self.o3_8h[(self.pushed - 1) % O3_WINDOWS_IN_DAY] = o3_8h_now;
        let windows = self.pushed.min(O3_WINDOWS_IN_DAY);
        let mean = |k: usize| self.sums[k] / n as f64;
        DailyMeans {
            so2: mean(0),
            no2: mean(1),
            co: mean(2),
            pm25: mean(3),
            pm10: mean(4),
            o3_1h: o3_1h_max,
            o3_8h: self.o3_8h[..windows].iter().copied().fold(0.0, f64::max),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hour(pm25: f64, o3: f64) -> CityHour {
        CityHour {
            pm25,
            pm10: pm25 * 1.5,
            o3,
            ..Default::default()
        }
    }

    #[test]
    fn the_mean_covers_the_last_24_hours_across_midnight() {
        let mut r = CityRolling::new();
        let mut last = DailyMeans::default();
        for h in 0..48 {
            last = r.push(&hour(if h < 30 { 100.0 } else { 200.0 }, 0.0));
        }
        // Hours 24..47: 6 at 100 and 18 at 200.
        assert!((last.pm25 - 175.0).abs() < 1e-9, "{}", last.pm25);
        assert!((last.pm10 - 262.5).abs() < 1e-9);
    }

    #[test]
    fn ozone_takes_the_largest_hour_and_the_largest_8h_mean_in_the_day() {
        let mut r = CityRolling::new();
        let mut last = DailyMeans::default();
        for h in 0..24 {
            let o3 = if (12..16).contains(&h) { 160.0 } else { 40.0 };
            last = r.push(&hour(10.0, o3));
        }
        assert_eq!(last.o3_1h, 160.0);
        // Best 8-h window holds the 4 peak hours: (4 × 160 + 4 × 40) / 8.
        assert!((last.o3_8h - 100.0).abs() < 1e-9, "{}", last.o3_8h);
    }

    #[test]
    fn sums_do_not_drift_over_a_season() {
        let mut r = CityRolling::new();
        let mut last = DailyMeans::default();
        for h in 0..4368 {
            last = r.push(&hour(0.1 + (h % 7) as f64 * 13.37, 1.0));
        }
        let exact: f64 = (4344..4368)
            .map(|h| 0.1 + (h % 7) as f64 * 13.37)
            .sum::<f64>()
            / 24.0;
        assert!((last.pm25 - exact).abs() < 1e-9);
    }
}
