//! Figures and reports drawn from saved results.
//!
//! Owns how results look: charts (plotters) and the evaluation report. Knows nothing of the
//! model's internals: it is given tables of numbers.

pub mod context;
pub mod csv_table;
pub mod episode;
pub mod episode_inputs;
pub mod evaluation_rules;
pub mod figures;
pub mod findings;
pub mod fonts;
pub mod lang;
pub mod problems;
pub mod render;
pub mod run_report;
pub mod saved_run;
pub mod validation_figure;
