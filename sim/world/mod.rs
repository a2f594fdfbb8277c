//! The city and its data: loading and validating the files under `scenarios/` and the observed
//! air-quality and meteorology tables users bring.
//!
//! Owns reading files and turning their rows into validated values, with errors that name the
//! file, the line and the field. Knows nothing of the season loop or of how the values are used.

pub mod climate;
pub mod counties;
pub mod met;
pub mod observed;
pub mod scenario;
