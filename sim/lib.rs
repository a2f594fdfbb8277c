//! smogsim — a Monte Carlo, multi-agent simulator of a city's heavy-pollution-weather emergency
//! plan (重污染天气应急预案).
//!
//! The modules follow `ARCHITECTURE.md`, bottom up: [`aqi`] (HJ 633-2012), [`plan`] (the plan as
//! validated data and the warning engine), [`weather`] (the climate as validated data, the season
//! generator and its fit), [`world`] (loading scenario and observation files), and [`cli`] (one
//! function per subcommand). The model modules do no I/O and print nothing.

pub mod agents;
pub mod air;
pub mod aqi;
pub mod calendar;
pub mod cli;
pub mod experiment;
pub mod input_error;
pub mod output;
pub mod plan;
pub mod random;
pub mod report;
pub mod season;
pub mod stats;
pub mod synth;
pub mod toml_input;
pub mod weather;
pub mod world;

pub use input_error::{InputError, InputErrors};
