//! Figures and reports drawn from saved results.
//!
//! Owns how results look: charts (plotters) and, later, the evaluation report. Knows nothing of
//! the model's internals: it is given tables of numbers.

pub mod fonts;
pub mod validation_figure;
