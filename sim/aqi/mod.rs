//! The air quality index of HJ 633-2012 (环境空气质量指数（AQI）技术规定（试行）).
//!
//! Owns: the IAQI breakpoints of Table 1 (as data, `scenarios/standards/hj633-2012.toml`,
//! embedded at build time and read once), the exact IAQI of a concentration, the AQI of a set of
//! concentrations with its category, primary and exceeding pollutants, and the 24-hour and 8-hour
//! rolling means with the GB 3095-2012 validity rules.
//!
//! Knows nothing of plans, warnings or files: callers hand it numbers (the one exception is the
//! breakpoint table, compiled in with `include_str!`). It does no I/O and prints nothing.
//!
//! Exactness: IAQI is rounded up, so concentrations are exact decimals ([`Concentration`]) and
//! every step is integer arithmetic; an f64 stands for its shortest decimal (2.2 is 2.2).
//!
//! Which concentration gives each sub-index (see [`aqi_of`]): a 1-hour value of SO2, NO2, CO,
//! PM10 or PM2.5, when present, takes precedence over the 24-hour value (the real-time report);
//! SO2 1-hour above 800 µg/m³ falls back to the 24-hour SO2; PM 1-hour values use the 24-hour
//! breakpoints; O3 8-hour above 800 µg/m³ has no sub-index.
//!
//! Entry points: [`aqi_of`] for one set of concentrations, [`rolling_24h`] / [`rolling_24h_aqi`]
//! for the rolling daily AQI of hourly series, [`rolling_mean`] for the means themselves, and
//! [`Item::iaqi`], [`iaqi`], [`iaqi_decimal`] for a single IAQI. Simulated (continuous)
//! concentrations use the float path [`aqi_of_means`] / [`iaqi_approx`].

mod approx;
mod assessment;
mod breakpoints;
mod category;
mod concentration;
mod index;
mod pollutant;
mod rolling;

pub use approx::{DailyMeans, aqi_of_means, aqi_value_of_means, iaqi_approx};
pub use assessment::{AqiResult, Concentrations, aqi_of};
pub use breakpoints::{AboveTop, Item};
pub use category::{Category, Colour};
pub use concentration::{Concentration, ConcentrationError};
pub use index::{iaqi, iaqi_decimal};
pub use pollutant::Pollutant;
pub use rolling::{
    DAY_HOURS, DAY_MIN_VALID, HourlySeries, O3_8H_HOURS, O3_8H_MIN_VALID, rolling_24h,
    rolling_24h_aqi, rolling_24h_mean, rolling_mean, rolling_o3_8h,
};
