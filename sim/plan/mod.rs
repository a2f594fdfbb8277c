//! The plan: its file schema, the validated [`Plan`], and the warning engine.
//!
//! Owns what the plan says and when it acts. Knows nothing of weather, emissions or agents, and
//! reads no files: it is given text and series, and returns values.

pub mod engine;
pub mod hindcast;
pub mod schema;
pub mod summary;
pub mod timeline;

mod model;
mod validate;

pub use engine::{Consultation, Event, EventKind, Hour, Trigger, WarningEngine, level_at};
pub use hindcast::hindcast;
pub use model::{Assumption, Condition, Cuts, Level, LevelRule, Plan, Targets, WarningRules};
pub use validate::SCHEMA_VERSION;

#[cfg(test)]
mod tests;
