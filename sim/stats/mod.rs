//! Statistics of daily AQI series and of forecasts, the same for observed and simulated data.
//!
//! Owns the definitions used to compare the model with the world: winter statistics (days above
//! thresholds, mean, P90, maximum, heavy episodes, persistence, PM2.5's share as the primary
//! pollutant), Monte Carlo bands, and forecast verification (hits, misses, false alarms). Knows
//! nothing of where the series come from.

mod spread;
mod verification;
mod winter;

pub use spread::Stat;
pub use verification::{Contingency, LEAD_DAYS, verify_product};
pub use winter::{STATISTICS, WinterStats, quantile};
