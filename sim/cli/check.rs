//! `smogsim check`.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A plan file (plan.toml) or a scenario folder that contains one.
    pub path: PathBuf,
}

pub fn run(_args: &CheckArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}

pub fn run_default() -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
