//! The AQI of a set of concentrations: sub-indices, AQI, category, primary and exceeding
//! pollutants (HJ 633-2012 §4).

use super::breakpoints::Item;
use super::category::Category;
use super::concentration::Concentration;
use super::pollutant::Pollutant;

/// The concentrations one AQI is computed from (CO in mg/m³, the rest in µg/m³). `None` is
/// missing.
///
/// Daily report: the 24-hour means, the daily maximum 1-hour O3 and the daily maximum 8-hour O3.
/// Real-time report: the 1-hour fields. When a 1-hour field of SO2, NO2, CO, PM10 or PM2.5 is
/// present it takes precedence over the 24-hour field of the same pollutant; see [`aqi_of`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Concentrations {
    pub so2_24h: Option<Concentration>,
    pub no2_24h: Option<Concentration>,
    pub pm10_24h: Option<Concentration>,
    pub co_24h: Option<Concentration>,
    pub o3_1h: Option<Concentration>,
    pub o3_8h: Option<Concentration>,
    pub pm25_24h: Option<Concentration>,
    pub so2_1h: Option<Concentration>,
    pub no2_1h: Option<Concentration>,
    pub co_1h: Option<Concentration>,
    pub pm10_1h: Option<Concentration>,
    pub pm25_1h: Option<Concentration>,
}

/// Sub-indices and AQI. `iaqi[p.index()]` is `None` when that sub-index was not computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AqiResult {
    /// In the order of [`Pollutant::ALL`]: SO2, NO2, PM10, CO, O3_1h, O3_8h, PM2.5.
    pub iaqi: [Option<u16>; 7],
    /// The largest sub-index; `None` when there is none.
    pub aqi: Option<u16>,
}

/// Computes the AQI of `c` (HJ 633-2012).
///
/// Which concentration gives each sub-index:
/// * SO2: `so2_1h` on the 1-hour column if present, else `so2_24h` on the 24-hour column. Above
///   800 µg/m³ the 1-hour column gives nothing, and the SO2 sub-index comes from `so2_24h`
///   (none if that is missing) — Table 1 footnote 2.
/// * NO2, CO: the 1-hour field on the 1-hour column if present, else the 24-hour field.
/// * PM10, PM2.5: the 1-hour field if present, else the 24-hour field, both on the 24-hour
///   column (Table 1 has no 1-hour PM column; the real-time report uses the 24-hour one).
/// * O3_1h: `o3_1h`. O3_8h: `o3_8h`, none above 800 µg/m³ (footnote 3: O3 is then represented
///   by its 1-hour sub-index).
pub fn aqi_of(c: &Concentrations) -> AqiResult {
    let on = |item: Item, value: Option<Concentration>| value.and_then(|v| item.iaqi(v));
    let so2 = match c.so2_1h {
        Some(hourly) => Item::So2_1h
            .iaqi(hourly)
            .or_else(|| on(Item::So2_24h, c.so2_24h)),
        None => on(Item::So2_24h, c.so2_24h),
    };
    let hourly_first = |hourly_item: Item, hourly, daily_item: Item, daily| match hourly {
        Some(_) => on(hourly_item, hourly),
        None => on(daily_item, daily),
    };
    AqiResult::from_sub_indices([
        so2,
        hourly_first(Item::No2_1h, c.no2_1h, Item::No2_24h, c.no2_24h),
        hourly_first(Item::Pm10_24h, c.pm10_1h, Item::Pm10_24h, c.pm10_24h),
        hourly_first(Item::Co_1h, c.co_1h, Item::Co_24h, c.co_24h),
        on(Item::O3_1h, c.o3_1h),
        on(Item::O3_8h, c.o3_8h),
        hourly_first(Item::Pm25_24h, c.pm25_1h, Item::Pm25_24h, c.pm25_24h),
    ])
}

impl AqiResult {
    /// The AQI of already computed sub-indices (in the order of [`Pollutant::ALL`]).
    pub fn from_sub_indices(iaqi: [Option<u16>; 7]) -> AqiResult {
        AqiResult {
            iaqi,
            aqi: iaqi.iter().flatten().copied().max(),
        }
    }

    pub fn iaqi(&self, pollutant: Pollutant) -> Option<u16> {
        self.iaqi[pollutant.index()]
    }

    pub fn category(&self) -> Option<Category> {
        self.aqi.map(Category::from_aqi)
    }

    /// 首要污染物: when the AQI is above 50, every pollutant whose sub-index equals the AQI (ties
    /// are all primary), in the order of [`Pollutant::ALL`]; none when the AQI is 50 or less.
    pub fn primary(&self) -> impl Iterator<Item = Pollutant> + use<> {
        let aqi = self.aqi.filter(|&aqi| aqi > 50);
        pollutants_where(self.iaqi, move |iaqi| Some(iaqi) == aqi)
    }

    /// 超标污染物: every pollutant whose sub-index is above 100.
    pub fn exceeding(&self) -> impl Iterator<Item = Pollutant> + use<> {
        pollutants_where(self.iaqi, |iaqi| iaqi > 100)
    }
}

fn pollutants_where(
    iaqi: [Option<u16>; 7],
    keep: impl Fn(u16) -> bool,
) -> impl Iterator<Item = Pollutant> {
    Pollutant::ALL
        .into_iter()
        .filter(move |p| iaqi[p.index()].is_some_and(&keep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Option<Concentration> {
        Some(text.parse().unwrap())
    }

    fn names(pollutants: impl Iterator<Item = Pollutant>) -> Vec<&'static str> {
        pollutants.map(Pollutant::name).collect()
    }

    #[test]
    fn daily_report_of_a_winter_day() {
        let result = aqi_of(&Concentrations {
            so2_24h: c("30"),
            no2_24h: c("60"),
            pm10_24h: c("180"),
            co_24h: c("2.2"),
            o3_1h: c("50"),
            o3_8h: c("40"),
            pm25_24h: c("150.4"),
            ..Default::default()
        });
        assert_eq!(
            result.iaqi,
            [
                Some(30),
                Some(75),
                Some(115),
                Some(55),
                Some(16),
                Some(20),
                Some(201)
            ]
        );
        assert_eq!(result.aqi, Some(201));
        assert_eq!(result.category(), Some(Category::HeavilyPolluted));
        assert_eq!(names(result.primary()), ["PM2.5"]);
        assert_eq!(names(result.exceeding()), ["PM10", "PM2.5"]);
    }

    #[test]
    fn ties_make_several_primary_pollutants() {
        let result = aqi_of(&Concentrations {
            pm10_24h: c("150"),
            pm25_24h: c("75"),
            no2_24h: c("80"),
            so2_24h: c("10"),
            ..Default::default()
        });
        assert_eq!(result.aqi, Some(100));
        assert_eq!(names(result.primary()), ["NO2", "PM10", "PM2.5"]);
        assert_eq!(names(result.exceeding()), Vec::<&str>::new());
    }

    #[test]
    fn no_primary_pollutant_at_aqi_50_or_less() {
        let result = aqi_of(&Concentrations {
            pm25_24h: c("35"),
            pm10_24h: c("50"),
            ..Default::default()
        });
        assert_eq!(result.aqi, Some(50));
        assert_eq!(result.primary().count(), 0);
        let just_above = aqi_of(&Concentrations {
            pm25_24h: c("35.1"),
            ..Default::default()
        });
        assert_eq!(just_above.aqi, Some(51));
        assert_eq!(names(just_above.primary()), ["PM2.5"]);
    }

    #[test]
    fn hourly_fields_take_precedence() {
        let result = aqi_of(&Concentrations {
            so2_24h: c("50"),
            so2_1h: c("150"),
            no2_24h: c("40"),
            no2_1h: c("200"),
            co_24h: c("2"),
            co_1h: c("10"),
            pm10_24h: c("50"),
            pm10_1h: c("150"),
            pm25_24h: c("35"),
            pm25_1h: c("75"),
            ..Default::default()
        });
        assert_eq!(
            result.iaqi,
            [
                Some(50),
                Some(100),
                Some(100),
                Some(100),
                None,
                None,
                Some(100)
            ]
        );
    }

    #[test]
    fn so2_1h_above_800_falls_back_to_so2_24h() {
        let fallback = aqi_of(&Concentrations {
            so2_1h: c("900"),
            so2_24h: c("475"),
            ..Default::default()
        });
        assert_eq!(fallback.iaqi(Pollutant::So2), Some(150));
        let without_24h = aqi_of(&Concentrations {
            so2_1h: c("900"),
            pm25_1h: c("40"),
            ..Default::default()
        });
        assert_eq!(without_24h.iaqi(Pollutant::So2), None);
        assert_eq!(without_24h.aqi, Some(57));
    }

    #[test]
    fn o3_8h_above_800_leaves_o3_to_its_1h_sub_index() {
        let result = aqi_of(&Concentrations {
            o3_8h: c("850"),
            o3_1h: c("1000"),
            ..Default::default()
        });
        assert_eq!(result.iaqi(Pollutant::O3_8h), None);
        assert_eq!(result.iaqi(Pollutant::O3_1h), Some(400));
        assert_eq!(result.aqi, Some(400));
        assert_eq!(names(result.primary()), ["O3_1h"]);
    }

    #[test]
    fn nothing_present_gives_no_aqi() {
        let result = aqi_of(&Concentrations::default());
        assert_eq!(result, AqiResult::default());
        assert_eq!(result.category(), None);
        assert_eq!(result.primary().count(), 0);
    }
}
