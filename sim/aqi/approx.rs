//! The AQI of simulated concentrations, in floating point.
//!
//! Simulated concentrations are continuous: the chance that one lands within a rounding error of
//! a breakpoint is nil, so the exact decimal path (needed for reported, measured values) is not
//! worth its cost in the hourly loop. Same table, same interpolation, same ceiling.

use super::assessment::AqiResult;
use std::sync::LazyLock;

use super::breakpoints::{AboveTop, Item};

/// Most segments a column has (IAQI rows 0–500: 7 segments).
const MAX_SEGMENTS: usize = 7;

/// One column of the breakpoint table in floating point, for the hourly loop.
#[derive(Debug, Clone, Copy)]
struct FloatColumn {
    /// Upper limit of each segment; unused slots are +∞.
    upper: [f64; MAX_SEGMENTS],
    /// (lower limit, IAQI at it, IAQI per unit concentration) of each segment.
    segments: [(f64, f64, f64); MAX_SEGMENTS],
    top: f64,
    above: Option<u16>,
}

static COLUMNS: LazyLock<[FloatColumn; 10]> = LazyLock::new(|| {
    Item::ALL.map(|item| {
        let limits = item.limits();
        let levels = item.iaqi_levels();
        let top = limits.len() - 1;
        let mut col = FloatColumn {
            upper: [f64::INFINITY; MAX_SEGMENTS],
            segments: [(0.0, 0.0, 0.0); MAX_SEGMENTS],
            top: f64::from(limits[top]),
            above: match item.above_top() {
                AboveTop::Cap => Some(levels[top]),
                AboveTop::NotComputed => None,
            },
        };
        for i in 0..top.min(MAX_SEGMENTS) {
            let (lo, hi) = (f64::from(limits[i]), f64::from(limits[i + 1]));
            let (ilo, ihi) = (f64::from(levels[i]), f64::from(levels[i + 1]));
            col.upper[i] = hi;
            col.segments[i] = (lo, ilo, (ihi - ilo) / (hi - lo));
        }
        col
    })
});

#[inline]
fn iaqi_on(col: &FloatColumn, c: f64) -> Option<u16> {
    let c = c.max(0.0);
    if c > col.top {
        return col.above;
    }
    let i = col
        .upper
        .iter()
        .position(|&u| c <= u)
        .unwrap_or(MAX_SEGMENTS - 1);
    let (lo, ilo, slope) = col.segments[i];
    Some(ceil_small(ilo + slope * (c - lo)))
}

/// The IAQI of `c` (≥ 0, in the item's unit) on `item`'s column; `None` where the standard
/// computes none (above the last SO2 1-h or O3 8-h breakpoint).
pub fn iaqi_approx(item: Item, c: f64) -> Option<u16> {
    iaqi_on(&COLUMNS[item as usize], c)
}

/// The AQI alone of `m` (the largest sub-index, 0 when none): what the hourly loop needs
/// between daily reports.
pub fn aqi_value_of_means(m: &DailyMeans) -> u16 {
    let cols = &*COLUMNS;
    [
        iaqi_on(&cols[Item::So2_24h as usize], m.so2),
        iaqi_on(&cols[Item::No2_24h as usize], m.no2),
        iaqi_on(&cols[Item::Pm10_24h as usize], m.pm10),
        iaqi_on(&cols[Item::Co_24h as usize], m.co),
        iaqi_on(&cols[Item::O3_1h as usize], m.o3_1h),
        iaqi_on(&cols[Item::O3_8h as usize], m.o3_8h),
        iaqi_on(&cols[Item::Pm25_24h as usize], m.pm25),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0)
}

/// `x.ceil()` for 0 ≤ x ≤ 500, without a call into libm (the hourly loop's hottest operation
/// on machines without a rounding instruction).
#[inline]
fn ceil_small(x: f64) -> u16 {
    let t = x as u16;
    if f64::from(t) < x { t + 1 } else { t }
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

    proptest! {
        #[test]
        fn the_aqi_value_is_the_full_results_aqi(pm25 in 0.0f64..700.0, pm10 in 0.0f64..900.0, so2 in 0.0f64..3000.0, o3 in 0.0f64..1300.0) {
            let m = DailyMeans { pm25, pm10, so2, no2: 40.0, co: 1.0, o3_1h: o3, o3_8h: o3 * 0.8 };
            prop_assert_eq!(aqi_value_of_means(&m), aqi_of_means(&m).aqi.unwrap_or(0));
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
