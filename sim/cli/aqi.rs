//! `smogsim aqi`: HJ 633-2012 for every row of a CSV file.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct AqiArgs {
    /// Input CSV with a header naming any of so2_24h,no2_24h,pm10_24h,co_24h,o3_1h,o3_8h,pm25_24h
    /// (and optionally so2_1h,no2_1h,co_1h,pm10_1h,pm25_1h). CO in mg/m³, the rest in µg/m³.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Output CSV: the input columns followed by the IAQIs, AQI, category and primary pollutant.
    #[arg(long, short)]
    pub output: PathBuf,
}

pub fn run(_args: &AqiArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
