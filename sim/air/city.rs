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

/// The maximum over the last `N` values pushed, in O(1) amortised per push: a monotonic queue
/// (values that can never again be the maximum are dropped), stored in a fixed ring.
#[derive(Debug, Clone, PartialEq)]
struct WindowMax<const N: usize> {
    index: [usize; N],
    value: [f64; N],
    head: usize,
    len: usize,
}

impl<const N: usize> WindowMax<N> {
    fn new() -> Self {
        WindowMax {
            index: [0; N],
            value: [0.0; N],
            head: 0,
            len: 0,
        }
    }

    /// Push value `v` as item `i` (items numbered consecutively); returns the window's maximum.
    fn push(&mut self, i: usize, v: f64) -> f64 {
        while self.len > 0 && self.value[(self.head + self.len - 1) % N] <= v {
            self.len -= 1;
        }
        while self.len > 0 && self.index[self.head] + N <= i {
            self.head = (self.head + 1) % N;
            self.len -= 1;
        }
        let slot = (self.head + self.len) % N;
        self.index[slot] = i;
        self.value[slot] = v;
        self.len += 1;
        self.value[self.head]
    }
}

/// Rolling windows over the city's hourly concentrations.
#[derive(Debug, Clone, PartialEq)]
pub struct CityRolling {
    /// so2, no2, co, pm25, pm10, o3 per hour of the last 24.
    ring: [[f64; 6]; DAY],
    sums: [f64; 6],
    o3_8h_sum: f64,
    o3_1h_max: WindowMax<DAY>,
    o3_8h_max: WindowMax<O3_WINDOWS_IN_DAY>,
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
            o3_8h_sum: 0.0,
            o3_1h_max: WindowMax::new(),
            o3_8h_max: WindowMax::new(),
            pushed: 0,
        }
    }

    /// Forget the past: the next means cover only hours pushed from now on.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// Add an hour, keeping only the particle means up to date: (PM2.5, PM10) of the (up to)
    /// 24 hours ending with it. For a throwaway copy (a forecast's), whose other means are
    /// never read again.
    pub fn push_particles(&mut self, h: &CityHour) -> (f64, f64) {
        let i = self.pushed;
        let slot = i % DAY;
        if i >= DAY {
            self.sums[3] -= self.ring[slot][3];
            self.sums[4] -= self.ring[slot][4];
        }
        self.ring[slot] = [h.so2, h.no2, h.co, h.pm25, h.pm10, h.o3];
        self.pushed += 1;
        self.sums[3] += h.pm25;
        self.sums[4] += h.pm10;
        let n = self.pushed.min(DAY) as f64;
        (self.sums[3] / n, self.sums[4] / n)
    }

    /// Add an hour; returns the means of the (up to) 24 hours ending with it.
    pub fn push(&mut self, h: &CityHour) -> DailyMeans {
        let i = self.pushed;
        let slot = i % DAY;
        let values = [h.so2, h.no2, h.co, h.pm25, h.pm10, h.o3];
        if i >= O3_WINDOW {
            self.o3_8h_sum -= self.ring[(i - O3_WINDOW) % DAY][5];
        }
        if i >= DAY {
            for (sum, old) in self.sums.iter_mut().zip(self.ring[slot]) {
                *sum -= old;
            }
        }
        self.ring[slot] = values;
        self.pushed += 1;
        self.o3_8h_sum += h.o3;
        if self.pushed.is_multiple_of(DAY) {
            // Re-add from the window once a day so that rounding never drifts.
            self.sums = [0.0; 6];
            for row in &self.ring {
                for (sum, v) in self.sums.iter_mut().zip(row) {
                    *sum += v;
                }
            }
            self.o3_8h_sum = (0..O3_WINDOW)
                .map(|b| self.ring[(i + DAY - b) % DAY][5])
                .sum();
        } else {
            for (sum, v) in self.sums.iter_mut().zip(values) {
                *sum += v;
            }
        }
        let n = self.pushed.min(DAY);
        let o3_8h_now = self.o3_8h_sum / self.pushed.min(O3_WINDOW) as f64;
        let mean = |k: usize| self.sums[k] / n as f64;
        DailyMeans {
            so2: mean(0),
            no2: mean(1),
            co: mean(2),
            pm25: mean(3),
            pm10: mean(4),
            o3_1h: self.o3_1h_max.push(i, h.o3).max(0.0),
            o3_8h: self.o3_8h_max.push(i, o3_8h_now).max(0.0),
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
    fn ozone_maxima_slide_with_the_window() {
        let mut r = CityRolling::new();
        let mut last = DailyMeans::default();
        // A single peak at hour 5, then flat: it leaves the 1-h max after 24 hours.
        for h in 0..40 {
            last = r.push(&hour(10.0, if h == 5 { 200.0 } else { 20.0 }));
            if h == 28 {
                assert_eq!(last.o3_1h, 200.0);
            }
        }
        assert_eq!(last.o3_1h, 20.0);
        assert!((last.o3_8h - 20.0).abs() < 1e-9);
    }

    #[test]
    fn the_sliding_maxima_equal_a_direct_search() {
        let mut r = CityRolling::new();
        let o3: Vec<f64> = (0..500)
            .map(|h| ((h * 37 % 101) as f64) + (h as f64 / 7.0).sin() * 30.0)
            .collect();
        for (h, v) in o3.iter().enumerate() {
            let m = r.push(&hour(10.0, *v));
            let lo = h.saturating_sub(23);
            let direct_1h = o3[lo..=h].iter().copied().fold(0.0, f64::max);
            assert_eq!(m.o3_1h, direct_1h, "hour {h}");
            let mean8 = |end: usize| {
                let s = end.saturating_sub(7);
                o3[s..=end].iter().sum::<f64>() / (end - s + 1) as f64
            };
            let direct_8h = (h.saturating_sub(16)..=h).map(mean8).fold(0.0, f64::max);
            assert!(
                (m.o3_8h - direct_8h).abs() < 1e-9,
                "hour {h}: {} vs {direct_8h}",
                m.o3_8h
            );
        }
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
