//! The command line: argument parsing (clap) and one function per subcommand.
//!
//! Owns what the user types and what the user reads on the terminal. Knows nothing of the model's
//! internals: each subcommand loads its inputs through `world`, calls the model, and prints.

mod aqi;
mod calibrate;
mod check;
mod evaluate;
mod hindcast;
mod merge;
mod report;
mod run;
mod synth;
mod validate;

use clap::{Parser, Subcommand};

/// smogsim tests and evaluates heavy-pollution-weather emergency plans (重污染天气应急预案).
///
/// Without a subcommand it runs the embedded default scenario (Liaocheng 2020): 1,000 winters
/// with the plan and without, written to out/liaocheng-2020/.
#[derive(Debug, Parser)]
#[command(
    name = "smogsim",
    version,
    about,
    long_about,
    propagate_version = true,
    after_help = "\
Typical uses:
  smogsim                                       run Liaocheng 2020: 1,000 winters, plan against no plan
  smogsim run scenarios/liaocheng-2020 --seasons 10000 --seed 7 --out out/l2020
  smogsim check scenarios/liaocheng-2020        validate a plan (or your revision of it), summarise it,
                                                and check the emission-reduction list on paper
  smogsim hindcast --observed OBS.csv --city Liaocheng --output events.csv
                                                what the plan would have done in observed winters
  smogsim report out/liaocheng-2020 --lang en   the evaluation report again, from the saved tables
  smogsim evaluate --observed OBS.csv --warnings EVENTS.csv --out DIR
                                                evaluate a real episode (§4.9)
  smogsim aqi --input IN.csv --output OUT.csv   HJ 633-2012 AQI of concentrations

Bad input is reported as FILE:LINE:COLUMN: FIELD: MESSAGE with exit code 2."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute HJ 633-2012 IAQI, AQI, category and primary pollutant for every row of a CSV file.
    Aqi(aqi::AqiArgs),
    /// Fit model inputs to observations: `calibrate weather` writes a climate.toml.
    Calibrate(calibrate::CalibrateArgs),
    /// Validate a plan (plan.toml) or a scenario folder and print a readable summary.
    Check(check::CheckArgs),
    /// Replay observed air quality through the plan's warning engine with a perfect forecast:
    /// what would the plan have done in past winters?
    Hindcast(hindcast::HindcastArgs),
    /// Evaluate a real episode: the observed timeline, its warnings, the timeliness checks, the
    /// plan's estimated effect, problems and suggestions (§4.9's third-party report).
    Evaluate(evaluate::EvaluateArgs),
    /// Join the outputs of a run's shards into the output of the whole run.
    Merge(merge::MergeArgs),
    /// Make the evaluation report of a run again from its saved tables (report.html, report.md).
    Report(report::ReportArgs),
    /// Simulate many winters of a scenario, with the plan and without, on the same weather.
    Run(run::RunArgs),
    /// Synthetic inputs: `synth list` draws an emission-reduction list from a city's structure.
    Synth(synth::SynthArgs),
    /// Compare the simulated no-plan baseline with observed winters, and verify the forecaster.
    Validate(validate::ValidateArgs),
}

/// Parse the process arguments and run the chosen subcommand.
pub fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        None => run::run(&run::RunArgs::default_run()),
        Some(Command::Aqi(args)) => aqi::run(&args),
        Some(Command::Calibrate(args)) => calibrate::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Hindcast(args)) => hindcast::run(&args),
        Some(Command::Evaluate(args)) => evaluate::run(&args),
        Some(Command::Merge(args)) => merge::run(&args),
        Some(Command::Report(args)) => report::run(&args),
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Synth(args)) => synth::run(&args),
        Some(Command::Validate(args)) => validate::run(&args),
    }
}
