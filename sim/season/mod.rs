//! One season, hour by hour: weather → emissions → air → the city's AQI.
//!
//! Owns the hourly loop and what a season produces. The no-plan baseline is
//! [`run_baseline`]; the plan run on the same weather is [`run_plan`]. Knows nothing of threads or
//! files: buffers are passed in and reused, so the loop allocates nothing in steady state.

mod baseline;
pub mod episodes;
pub mod outcome;
mod plan_run;

pub use baseline::{
    DailyRecord, SPIN_UP_HOURS, SeasonBuffers, SeasonInputs, Snapshot, run_baseline,
};
pub use plan_run::{PlanBuffers, PlanSetup, WarningRecord, run_plan};
