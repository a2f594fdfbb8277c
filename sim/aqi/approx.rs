//! The AQI of simulated concentrations, in floating point.
//!
//! Simulated concentrations are continuous: the chance that one lands within a rounding error of
//! a breakpoint is nil, so the exact decimal path (needed for reported, measured values) is not
//! worth its cost in the hourly loop. Same table, same interpolation, same ceiling.

use super::assessment::AqiResult;
use super::breakpoints::{AboveTop, Item};

/// The IAQI of `c` (≥ 0, in the item's unit) on `item`'s column; `None` where the standard
/// computes none (above the last SO2 1-h or O3 8-h breakpoint).
pub fn iaqi_approx(item: Item, c: f64) -> Option<u16> {
    let limits = item.limits();
    let levels = item.iaqi_levels();
    let top = limits.len() - 1;
    let c = c.max(0.0);
    if c > f64::from(limits[top]) {
        return match item.above_top() {
            AboveTop::Cap => Some(levels[top]),
            AboveTop::NotComputed => None,
        };
    }
    let i = (0..top)
        .find(|&i| c <= f64::from(limits[i + 1]))
        .unwrap_or(top - 1);
    let (lo, hi) = (f64::from(limits[i]), f64::from(limits[i + 1]));
    let (ilo, ihi) = (f64::from(levels[i]), f64::from(levels[i + 1]));
    Some((ilo + (ihi - ilo) * (c - lo) / (hi - lo)).ceil() as u16)
}

/// Daily-report concentrations of simulated air (CO in mg/m³, the rest µg/m³): 24-h means of
/// SO2, NO2, PM10, CO, PM2.5, the maximum 1-h O3 and the maximum 8-h O3.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DailyMeans {
    pub so2: f64,
    pub no2: f64,
    pub pm10: f64,
    pub co: f64,
    pub o3_1h: f64,
    pub o3_8h: f64,
    pub pm25: f64,
}

/// The AQI of `m` on the 24-hour columns (the daily report, and the rolling 24-h AQI of §3.1).
pub fn aqi_of_means(m: &DailyMeans) -> AqiResult {
    AqiResult::from_sub_indices([
        iaqi_approx(Item::So2_24h, m.so2),
        iaqi_approx(Item::No2_24h, m.no2),
        iaqi_approx(Item::Pm10_24h, m.pm10),
        iaqi_approx(Item::Co_24h, m.co),
        iaqi_approx(Item::O3_1h, m.o3_1h),
        iaqi_approx(Item::O3_8h, m.o3_8h),
        iaqi_approx(Item::Pm25_24h, m.pm25),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aqi::iaqi;
    use proptest::prelude::*;

    proptest! {
        /// Off the breakpoints, the float path equals the exact one.
        #[test]
        fn agrees_with_the_exact_path(item_index in 0usize..10, c in 0.0f64..3000.0) {
            let item = Item::ALL[item_index];
            let exact = iaqi(item, c).unwrap();
            let approx = iaqi_approx(item, c);
            let near_integer = |v: Option<u16>, w: Option<u16>| match (v, w) {
                (Some(a), Some(b)) => a.abs_diff(b) <= 1,
                (a, b) => a == b,
            };
            // A float may round up past an integer exactly at a rounding threshold.
            prop_assert!(near_integer(exact, approx), "{item:?} {c}: {exact:?} vs {approx:?}");
        }
    }

    #[test]
    fn worked_values() {
        assert_eq!(iaqi_approx(Item::Pm25_24h, 75.5), Some(101));
        assert_eq!(iaqi_approx(Item::Pm25_24h, 150.4), Some(201));
        assert_eq!(iaqi_approx(Item::Pm25_24h, 700.0), Some(500));
        assert_eq!(iaqi_approx(Item::O3_8h, 801.0), None);
        let r = aqi_of_means(&DailyMeans {
            pm25: 250.0,
            pm10: 300.0,
            co: 1.0,
            ..Default::default()
        });
        assert_eq!(r.aqi, Some(300));
    }
}
