//! `smogsim check PLAN_OR_SCENARIO`: validate a plan and print its summary.

use std::path::PathBuf;

use crate::plan::summary::{SummaryOptions, summary};
use crate::world::scenario;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A plan file (plan.toml) or a scenario folder that contains one, e.g.
    /// scenarios/liaocheng-2020.
    pub path: PathBuf,
    /// Also print every measure's text as the plan words it.
    #[arg(long)]
    pub full: bool,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let (plan, file) = scenario::load_plan(&args.path)?;
    print!(
        "{}",
        summary(
            &plan,
            SummaryOptions {
                full_text: args.full
            }
        )
    );
    println!("\n{}: valid", file.display());
    Ok(())
}

/// What `smogsim` with no subcommand does until the simulation exists: the embedded default
/// plan's summary.
pub fn run_default() -> anyhow::Result<()> {
    let plan = scenario::embedded_plan()?;
    print!("{}", summary(&plan, SummaryOptions::default()));
    println!(
        "\n{}: valid\n\nThis is the embedded default scenario ({}). Run `smogsim --help` for the commands.",
        scenario::embedded_plan_name().display(),
        scenario::DEFAULT_SCENARIO
    );
    Ok(())
}
