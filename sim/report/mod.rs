//! Figures and reports drawn from saved results.
//!
//! Owns how results look: charts (plotters) and the evaluation report. Knows nothing of the
//! model's internals: it is given tables of numbers.

pub mod figures;
pub mod fonts;
pub mod lang;
pub mod validation_figure;
