//! Rolling means over hourly series, with the GB 3095-2012 validity rules, and the rolling
//! 24-hour AQI that emergency plans use ("AQI日均值按连续24小时（可以跨自然日）的均值计算").
//!
//! A series is `&[Option<f64>]`, index = hour. `None` is a missing hour; so is a negative or
//! non-finite value. A missing hour is never read as zero: a mean divides by the number of valid
//! hours. Hours before the start of the series count as missing, so early windows are partial.
//!
//! The sums are exact: each hourly value enters as its shortest decimal (see
//! [`Concentration::from_f64`]) and the mean is the exact quotient, so a day whose hourly CO
//! values average exactly 2.2 mg/m³ gets the IAQI of 2.2, not of 2.2000000000000006.

use super::assessment::AqiResult;
use super::breakpoints::Item;
use super::concentration::{Concentration, ONE, ratio_to_f64};
use super::index::iaqi_of_ratio;

/// Hours in a 24-hour mean, and the valid hours it needs (GB 3095-2012 Table 4: at least 20
/// hourly values).
pub const DAY_HOURS: usize = 24;
pub const DAY_MIN_VALID: usize = 20;
/// Hours in an 8-hour O3 mean, and the valid hours it needs (GB 3095-2012 Table 4: at least 6).
pub const O3_8H_HOURS: usize = 8;
pub const O3_8H_MIN_VALID: usize = 6;

/// `out[t]` is the mean of the valid values in hours `t + 1 − window ..= t` when there are at
/// least `min_valid` of them (and at least one), else `None`. `out` has the length of `values`.
pub fn rolling_mean(values: &[Option<f64>], window: usize, min_valid: usize) -> Vec<Option<f64>> {
    let hours = exact_hours(values);
    window_means(&hours, window, min_valid)
        .into_iter()
        .map(|mean| mean.map(Mean::to_f64))
        .collect()
}

/// The 24-hour rolling mean: 24 hours ending at `t`, valid with at least 20 of them.
pub fn rolling_24h_mean(values: &[Option<f64>]) -> Vec<Option<f64>> {
    rolling_mean(values, DAY_HOURS, DAY_MIN_VALID)
}

/// The 8-hour rolling mean of O3 (滑动平均): 8 hours ending at `t`, valid with at least 6.
pub fn rolling_o3_8h(values: &[Option<f64>]) -> Vec<Option<f64>> {
    rolling_mean(values, O3_8H_HOURS, O3_8H_MIN_VALID)
}

/// Hourly concentrations of one place: CO in mg/m³, the rest in µg/m³. Any series may be
/// empty or shorter than the others; its missing hours are missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HourlySeries {
    pub so2: Vec<Option<f64>>,
    pub no2: Vec<Option<f64>>,
    pub pm10: Vec<Option<f64>>,
    pub co: Vec<Option<f64>>,
    pub o3: Vec<Option<f64>>,
    pub pm25: Vec<Option<f64>>,
}

/// The rolling 24-hour AQI at every hour: `out[t]` is the AQI of the 24 hours ending at `t`,
/// computed as a daily report on the 24-hour columns:
/// * SO2, NO2, PM10, CO, PM2.5: the 24-hour rolling mean (≥ 20 valid hours);
/// * O3_1h: the largest valid hourly O3 in the 24 hours;
/// * O3_8h: the largest valid 8-hour O3 mean among the 8-hour windows that lie inside the 24
///   hours (those ending at `t − 16 ..= t`), as the daily maximum 8-hour mean takes the 17
///   windows of a day; none above 800 µg/m³ (O3 then counts through O3_1h).
///
/// Both O3 values need at least 20 valid hourly O3 values in the 24 hours, the rule of the
/// other 24-hour statistics, so that a day's maximum is not taken from a few hours.
/// `out` has the length of the longest series.
pub fn rolling_24h(hourly: &HourlySeries) -> Vec<AqiResult> {
    let len = [
        &hourly.so2,
        &hourly.no2,
        &hourly.pm10,
        &hourly.co,
        &hourly.o3,
        &hourly.pm25,
    ]
    .iter()
    .map(|s| s.len())
    .max()
    .unwrap_or(0);
    let day_mean = |series: &[Option<f64>]| {
        let mut hours = exact_hours(series);
        hours.resize(len, None);
        window_means(&hours, DAY_HOURS, DAY_MIN_VALID)
    };
    let so2 = day_mean(&hourly.so2);
    let no2 = day_mean(&hourly.no2);
    let pm10 = day_mean(&hourly.pm10);
    let co = day_mean(&hourly.co);
    let pm25 = day_mean(&hourly.pm25);
    let mut o3 = exact_hours(&hourly.o3);
    o3.resize(len, None);
    let o3_day = window_means(&o3, DAY_HOURS, DAY_MIN_VALID);
    let o3_8h = window_means(&o3, O3_8H_HOURS, O3_8H_MIN_VALID);

    (0..len)
        .map(|t| {
            let day = t.saturating_sub(DAY_HOURS - 1)..=t;
            let (o3_1h_max, o3_8h_max) = if o3_day[t].is_some() {
                let inside = t.saturating_sub(DAY_HOURS - O3_8H_HOURS)..=t;
                (
                    o3[day].iter().flatten().max().copied().map(Mean::single),
                    o3_8h[inside].iter().flatten().copied().reduce(Mean::max),
                )
            } else {
                (None, None)
            };
            let on = |item: Item, mean: Option<Mean>| mean.and_then(|m| m.iaqi(item));
            AqiResult::from_sub_indices([
                on(Item::So2_24h, so2[t]),
                on(Item::No2_24h, no2[t]),
                on(Item::Pm10_24h, pm10[t]),
                on(Item::Co_24h, co[t]),
                on(Item::O3_1h, o3_1h_max),
                on(Item::O3_8h, o3_8h_max),
                on(Item::Pm25_24h, pm25[t]),
            ])
        })
        .collect()
}

/// The AQI of [`rolling_24h`] alone.
pub fn rolling_24h_aqi(hourly: &HourlySeries) -> Vec<Option<u16>> {
    rolling_24h(hourly).into_iter().map(|r| r.aqi).collect()
}

/// An exact mean: `sum` in 10⁻¹⁹ units over `count` hours.
#[derive(Debug, Clone, Copy)]
struct Mean {
    sum: u128,
    count: u128,
}

impl Mean {
    fn single(units: u128) -> Mean {
        Mean {
            sum: units,
            count: 1,
        }
    }

    fn to_f64(self) -> f64 {
        ratio_to_f64(self.sum, self.count * ONE)
    }

    fn iaqi(self, item: Item) -> Option<u16> {
        iaqi_of_ratio(item, self.sum, self.count * ONE)
    }

    /// Compares by cross-multiplying: sums stay below 10³⁶ and counts below 10², so it fits.
    fn max(self, other: Mean) -> Mean {
        if other.sum * self.count > self.sum * other.count {
            other
        } else {
            self
        }
    }
}

fn exact_hours(values: &[Option<f64>]) -> Vec<Option<u128>> {
    values
        .iter()
        .map(|v| {
            v.and_then(|x| Concentration::from_f64(x).ok())
                .map(Concentration::units)
        })
        .collect()
}

/// A sliding exact sum: integers add and subtract without drift.
fn window_means(hours: &[Option<u128>], window: usize, min_valid: usize) -> Vec<Option<Mean>> {
    let mut sum: u128 = 0;
    let mut count: usize = 0;
    let mut out = Vec::with_capacity(hours.len());
    for t in 0..hours.len() {
        if let Some(v) = hours[t] {
            sum += v;
            count += 1;
        }
        if window > 0
            && t >= window
            && let Some(v) = hours[t - window]
        {
            sum -= v;
            count -= 1;
        }
        let valid = window > 0 && count >= min_valid.max(1);
        out.push(valid.then_some(Mean {
            sum,
            count: count as u128,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().map(|&v| Some(v)).collect()
    }

    #[test]
    fn day_mean_needs_20_valid_hours_19_is_not_enough() {
        let mut hours = vec![None; 5];
        hours.extend(series(&[50.0; 19]));
        assert_eq!(rolling_24h_mean(&hours)[23], None);
        hours[4] = Some(74.0);
        assert_eq!(
            rolling_24h_mean(&hours)[23],
            Some((50.0 * 19.0 + 74.0) / 20.0)
        );
    }

    #[test]
    fn missing_hours_are_not_zero() {
        let mut hours = series(&[100.0; 24]);
        for t in [0, 7, 13, 23] {
            hours[t] = None;
        }
        assert_eq!(rolling_24h_mean(&hours)[23], Some(100.0));
        // Non-finite and negative values are missing too.
        hours[0] = Some(f64::NAN);
        hours[7] = Some(-5.0);
        assert_eq!(rolling_24h_mean(&hours)[23], Some(100.0));
    }

    #[test]
    fn windows_cross_midnight_and_early_hours_are_partial() {
        let hours: Vec<Option<f64>> = (0..48).map(|h| Some(f64::from(h))).collect();
        let means = rolling_24h_mean(&hours);
        assert!(means[..19].iter().all(Option::is_none));
        assert_eq!(means[19], Some(9.5)); // hours 0..=19, 20 valid
        assert_eq!(means[23], Some(11.5));
        assert_eq!(means[30], Some(18.5)); // hours 7..=30
        assert_eq!(means.len(), 48);
    }

    #[test]
    fn o3_8h_needs_6_valid_hours_5_is_not_enough() {
        let mut hours = vec![None, None, None];
        hours.extend(series(&[120.0; 5]));
        assert_eq!(rolling_o3_8h(&hours)[7], None);
        hours[2] = Some(60.0);
        assert_eq!(rolling_o3_8h(&hours)[7], Some(110.0));
    }

    #[test]
    fn degenerate_windows_give_nothing() {
        let hours = series(&[1.0, 2.0]);
        assert_eq!(rolling_mean(&hours, 0, 0), [None, None]);
        assert_eq!(rolling_mean(&hours, 3, 4), [None, None]);
        assert_eq!(rolling_mean(&[None, None], 2, 0), [None, None]);
        assert_eq!(rolling_mean(&hours, 1, 0), [Some(1.0), Some(2.0)]);
    }

    #[test]
    fn exact_means_avoid_float_drift() {
        // 24 values whose true mean is 2.2; summed as f64 they come out above it, which would
        // round the CO IAQI up to 56.
        let values: Vec<f64> = (0..24)
            .map(|h| if h % 2 == 0 { 1.7 } else { 2.7 })
            .collect();
        let float_mean = values.iter().sum::<f64>() / 24.0;
        assert!(float_mean > 2.2);
        let hourly = HourlySeries {
            co: series(&values),
            ..Default::default()
        };
        assert_eq!(rolling_24h_mean(&hourly.co)[23], Some(2.2));
        assert_eq!(rolling_24h(&hourly)[23].iaqi[3], Some(55));
    }

    #[test]
    fn rolling_24h_aqi_uses_day_means_and_o3_maxima() {
        let hours = 30;
        let mut o3 = vec![Some(100.0); hours];
        o3[20] = Some(250.0); // the 1-h maximum of every window that holds hour 20
        let hourly = HourlySeries {
            pm25: vec![Some(80.0); hours],
            o3,
            co: Vec::new(),
            ..Default::default()
        };
        let out = rolling_24h(&hourly);
        assert_eq!(out.len(), hours);
        assert!(out[..19].iter().all(|r| r.aqi.is_none()));
        let at_23 = out[23];
        // PM2.5 80 → 100 + 50·5/40 = 106.25 → 107.
        assert_eq!(at_23.iaqi[6], Some(107));
        // O3 1-h max 250 → 100 + 50·50/100 = 125.
        assert_eq!(at_23.iaqi[4], Some(125));
        // Best 8-h window inside the day holds hour 20: (7·100 + 250)/8 = 118.75
        // → 50 + 50·18.75/60 = 65.6 → 66.
        assert_eq!(at_23.iaqi[5], Some(66));
        assert_eq!(at_23.iaqi[..4], [None; 4]);
        assert_eq!(at_23.aqi, Some(125));
        assert_eq!(rolling_24h_aqi(&hourly)[23], Some(125));
    }

    #[test]
    fn o3_8h_max_only_takes_windows_inside_the_day() {
        // A high 8-h window ending at hour 5 lies inside the day ending at 21 but not at 22.
        let mut o3 = vec![Some(0.0); 40];
        for hour in o3.iter_mut().take(6) {
            *hour = Some(200.0);
        }
        let hourly = HourlySeries {
            o3,
            ..Default::default()
        };
        let out = rolling_24h(&hourly);
        // At t = 21 the window ending at 5 (hours −2..=5, 6 valid, mean 200) lies inside hours
        // −2..=21: 100 + 50·40/55 = 136.4 → 137.
        assert_eq!(out[21].iaqi[5], Some(137));
        // At t = 22 the windows inside end at 6..=22; the best, ending at 6, averages 1200/7:
        // 100 + 50·(1200/7 − 160)/55 = 110.4 → 111.
        assert_eq!(out[22].iaqi[5], Some(111));
    }

    #[test]
    fn empty_series_give_empty_output() {
        assert!(rolling_24h_aqi(&HourlySeries::default()).is_empty());
        assert!(rolling_24h_mean(&[]).is_empty());
    }
}
