//! Output files: how results reach the disk.
//!
//! Owns writing files so that readers never see half a file and a failed or interrupted run
//! leaves the previous output in place. Knows nothing of the model.

mod batched;
pub mod run_tables;
mod staged;
mod table;

pub use batched::BatchedTable;
pub use staged::Staged;
pub use table::{Formats, Kind, TableWriter, Values};
