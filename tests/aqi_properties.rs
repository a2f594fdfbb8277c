//! Invariants of the AQI engine (HJ 633-2012), checked on random inputs.

use proptest::prelude::*;
use smogsim::aqi::{
    AboveTop, Category, Concentration, Concentrations, HourlySeries, Item, aqi_of, iaqi,
    iaqi_decimal, rolling_24h, rolling_mean,
};

/// A decimal with 0 to 3 places, as text, from 0 up to a little above every column's top.
fn decimal_text() -> impl Strategy<Value = String> {
    (0u64..=5_000_000, 0u32..=3).prop_map(|(mantissa, places)| {
        let scale = 10u64.pow(places);
        let (whole, fraction) = (mantissa / scale, mantissa % scale);
        if places == 0 {
            format!("{whole}")
        } else {
            format!("{whole}.{fraction:0width$}", width = places as usize)
        }
    })
}

fn item() -> impl Strategy<Value = Item> {
    (0..Item::ALL.len()).prop_map(|i| Item::ALL[i])
}

fn concentration() -> impl Strategy<Value = Option<Concentration>> {
    prop::option::of(decimal_text().prop_map(|t| t.parse().unwrap()))
}

fn concentrations() -> impl Strategy<Value = Concentrations> {
    (
        [
            concentration(),
            concentration(),
            concentration(),
            concentration(),
        ],
        [
            concentration(),
            concentration(),
            concentration(),
            concentration(),
        ],
        [
            concentration(),
            concentration(),
            concentration(),
            concentration(),
        ],
    )
        .prop_map(|(a, b, c)| Concentrations {
            so2_24h: a[0],
            no2_24h: a[1],
            pm10_24h: a[2],
            co_24h: a[3],
            o3_1h: b[0],
            o3_8h: b[1],
            pm25_24h: b[2],
            so2_1h: b[3],
            no2_1h: c[0],
            co_1h: c[1],
            pm10_1h: c[2],
            pm25_1h: c[3],
        })
}

proptest! {
    #[test]
    fn iaqi_is_monotone_non_decreasing_in_concentration(
        item in item(), a in decimal_text(), b in decimal_text(),
    ) {
        let (a, b): (Concentration, Concentration) = (a.parse().unwrap(), b.parse().unwrap());
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        match (item.iaqi(low), item.iaqi(high)) {
            (Some(l), Some(h)) => prop_assert!(l <= h, "{item:?}: {low} → {l}, {high} → {h}"),
            // Only the columns that stop at 800 lose their index, and only from some point on.
            (Some(_), None) | (None, None) => {
                prop_assert_eq!(item.above_top(), AboveTop::NotComputed)
            }
            (None, Some(_)) => prop_assert!(false, "{item:?}: {low} has no IAQI but {high} has"),
        }
    }

    #[test]
    fn iaqi_lies_in_0_to_500(item in item(), c in 0.0f64..1e5) {
        if let Some(value) = iaqi(item, c).unwrap() {
            prop_assert!(value <= 500);
        } else {
            prop_assert!(c > 800.0);
        }
    }

    #[test]
    fn f64_and_decimal_text_give_the_same_iaqi(item in item(), text in decimal_text()) {
        let float: f64 = text.parse().unwrap();
        prop_assert_eq!(iaqi(item, float), iaqi_decimal(item, &text));
    }

    #[test]
    fn aqi_is_the_largest_sub_index(c in concentrations()) {
        let result = aqi_of(&c);
        let present: Vec<u16> = result.iaqi.iter().flatten().copied().collect();
        match result.aqi {
            None => prop_assert!(present.is_empty()),
            Some(aqi) => {
                prop_assert!(present.iter().all(|&s| s <= aqi));
                prop_assert!(present.contains(&aqi));
                prop_assert_eq!(result.category(), Some(Category::from_aqi(aqi)));
                let primary: Vec<_> = result.primary().collect();
                prop_assert_eq!(primary.is_empty(), aqi <= 50);
                prop_assert!(primary.iter().all(|&p| result.iaqi(p) == Some(aqi)));
                prop_assert!(result.exceeding().all(|p| result.iaqi(p) > Some(100)));
            }
        }
    }

    #[test]
    fn rolling_mean_lies_between_the_window_min_and_max(
        values in prop::collection::vec(prop::option::weighted(0.8, 0u32..100_000), 0..80),
        window in 1usize..30,
        min_valid in 0usize..30,
    ) {
        // Hundredths, so the sums are inexact in binary.
        let values: Vec<Option<f64>> =
            values.iter().map(|v| v.map(|v| f64::from(v) / 100.0)).collect();
        let means = rolling_mean(&values, window, min_valid);
        prop_assert_eq!(means.len(), values.len());
        for (t, mean) in means.iter().enumerate() {
            let inside: Vec<f64> =
                values[t.saturating_sub(window - 1)..=t].iter().flatten().copied().collect();
            prop_assert_eq!(mean.is_some(), !inside.is_empty() && inside.len() >= min_valid);
            if let Some(mean) = *mean {
                let min = inside.iter().copied().fold(f64::INFINITY, f64::min);
                let max = inside.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(min <= mean && mean <= max, "{min} ≤ {mean} ≤ {max}");
            }
        }
    }

    #[test]
    fn a_steady_day_has_the_aqi_of_its_daily_values(
        so2 in 0u32..3000, no2 in 0u32..1000, pm10 in 0u32..700,
        co_tenths in 0u32..700, o3 in 0u32..1300, pm25 in 0u32..600,
    ) {
        let steady = |v: f64| vec![Some(v); 24];
        let co = f64::from(co_tenths) / 10.0;
        let hourly = HourlySeries {
            so2: steady(f64::from(so2)),
            no2: steady(f64::from(no2)),
            pm10: steady(f64::from(pm10)),
            co: steady(co),
            o3: steady(f64::from(o3)),
            pm25: steady(f64::from(pm25)),
        };
        let c = |v: f64| Some(Concentration::from_f64(v).unwrap());
        let daily = aqi_of(&Concentrations {
            so2_24h: c(f64::from(so2)),
            no2_24h: c(f64::from(no2)),
            pm10_24h: c(f64::from(pm10)),
            co_24h: c(co),
            o3_1h: c(f64::from(o3)),
            o3_8h: c(f64::from(o3)),
            pm25_24h: c(f64::from(pm25)),
            ..Default::default()
        });
        prop_assert_eq!(rolling_24h(&hourly)[23], daily);
    }
}
