//! The stochastic meteorology of a season and its fitting to observations.
//!
//! Owns the synoptic regimes and the hourly city meteorology with its small per-county
//! perturbations. Knows nothing of emissions, air quality or plans.

mod season;

pub use season::{Regime, SeasonWeather};
