//! `smogsim hindcast`.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct HindcastArgs {
    /// Observed air quality, daily (date,aqi) or hourly (time,aqi or pollutant columns).
    #[arg(long)]
    pub observed: PathBuf,
}

pub fn run(_args: &HindcastArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
