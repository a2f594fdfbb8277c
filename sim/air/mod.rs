//! Emissions to concentrations: a box model per county over a regional pool, secondary
//! formation, the city's rolling AQI, and the forecaster.
//!
//! Owns the physics and chemistry of the city's air and how forecasts of it err. Knows nothing
//! of plans, warnings or files: it is given emission fluxes and weather, and returns
//! concentrations.

pub mod activity;
pub mod boxes;
pub mod city;
pub mod emission;
pub mod forecast;
pub mod model;
pub mod params;
pub mod species;

pub use boxes::HourMet;
pub use city::CityRolling;
pub use emission::EmissionTable;
pub use forecast::{ForecastInput, ForecastMode, Forecaster};
pub use model::{AirModel, AirState, CityHour, Geometry, HourInput};
pub use params::{AirParams, Background};

#[cfg(test)]
mod tests;
