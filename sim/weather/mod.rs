//! The stochastic meteorology of a season and its fitting to observations.
//!
//! Owns the synoptic regimes, with the seasonal tilt that makes one winter more stagnant than
//! another and the seasonal persistence that makes one hold its weather longer, and the hourly
//! city meteorology with its small per-county perturbations: the climate as validated data
//! ([`Climate`], from `climate.toml`), the generator of a season's hourly arrays ([`generate`]
//! into [`SeasonWeather`]), and the fit of a climate to hourly observations ([`fit`]). Knows
//! nothing of emissions, air quality, plans or file formats; does no I/O and prints nothing.

mod climate;
pub mod cycles;
pub mod fit;
mod generate;
pub mod schema;
mod season;
mod validate;

pub use climate::{
    Assumption, Assumptions, Climate, CountyPerturbation, DiurnalShapes, HourlyNoise,
    MAX_PERSISTENCE_SD, MAX_TILT_SD, MONTHS, MixingHeight, ObservedStats, ObservedWinter,
    RegimeChain, RegimeClimate, RegimeRule, SCHEMA_VERSION, SiteAdjustment, stagnation_balance,
};
pub use generate::generate;
pub use season::{Regime, SeasonWeather};

#[cfg(test)]
mod tests;
