//! One season, hour by hour: weather → emissions → air → the city's AQI.
//!
//! Owns the hourly loop and what a season produces. The no-plan baseline is
//! [`run_baseline`]; the plan run beside it comes with the agents. Knows nothing of threads or
//! files: buffers are passed in and reused, so the loop allocates nothing in steady state.

mod baseline;

pub use baseline::{DailyRecord, SeasonBuffers, SeasonInputs, Snapshot, run_baseline};
