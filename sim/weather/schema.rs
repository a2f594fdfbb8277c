//! The climate file (`climate.toml`) and the assumptions file (`--adjust`) as serde types, exactly
//! as written. Validation and the domain types are in `climate` and `validate`.
//!
//! Tables without an `assumed` map hold values fitted to observations by `smogsim calibrate
//! weather`; the five tables with one (`classification`, `day_change`, `mixing_height`, `county`,
//! `site`) are assumptions, each value with its reason. The assumptions file holds exactly those
//! five tables, and the fit copies them into the climate file.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Reasons for assumed values, by field name.
pub type Assumed = BTreeMap<String, String>;

/// Three values, one per regime.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerRegime<T> {
    pub ventilated: T,
    pub transitional: T,
    pub stagnant: T,
}

impl<T> PerRegime<T> {
    pub fn each(&self) -> [&T; 3] {
        [&self.ventilated, &self.transitional, &self.stagnant]
    }
}

impl<T: Copy> PerRegime<T> {
    pub fn to_array(self) -> [T; 3] {
        [self.ventilated, self.transitional, self.stagnant]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClimateFile {
    pub schema_version: u32,
    pub climate: Meta,
    pub regimes: RegimesFile,
    pub regime: PerRegime<RegimeFile>,
    pub temperature: TemperatureFile,
    pub diurnal: DiurnalFile,
    pub hourly: HourlyFile,
    pub classification: ClassificationFile,
    pub day_change: DayChangeFile,
    pub mixing_height: MixingFile,
    pub county: CountyFile,
    pub site: SiteFile,
    #[serde(default)]
    pub observed: Option<ObservedFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub fitted_on: String,
}

/// The daily Markov chain of regimes, in the order ventilated, transitional, stagnant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimesFile {
    pub initial: Vec<f64>,
    /// Row = today's regime, column = tomorrow's.
    pub transition: Vec<Vec<f64>>,
    /// Standard deviation of the seasonal tilt of the chain. Absent (0) in climates fitted before
    /// the tilt existed: every season then runs the same chain, as it did.
    #[serde(default)]
    pub interannual_tilt_sd: f64,
    /// Standard deviation of the seasonal persistence of the chain. Absent (0) in climates fitted
    /// before the persistence existed: every season then runs the chain as the tilt makes it.
    #[serde(default)]
    pub interannual_persistence_sd: f64,
    pub rule: RuleFile,
}

/// How the fit classified observed days (not used to generate; recorded so that the regimes
/// mean the same thing wherever the file is used).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub text: String,
    pub ln_wind_mean: f64,
    pub ln_wind_sd: f64,
    pub depression_mean_c: f64,
    pub depression_sd_c: f64,
    pub stagnant_at_most: f64,
    pub ventilated_above: f64,
}

/// The daily distributions and diurnal amplitudes of one regime.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimeFile {
    pub wind_median_ms: f64,
    pub wind_log_sd: f64,
    pub wind_ar1: f64,
    pub rh_mean_pct: f64,
    pub rh_sd_pct: f64,
    pub rh_ar1: f64,
    pub temp_anomaly_c: f64,
    pub temp_sd_c: f64,
    pub temp_ar1: f64,
    pub precip_probability: f64,
    pub precip_mean_mm: f64,
    pub precip_mean_hours: f64,
    pub temp_amplitude_c: f64,
    pub wind_amplitude: f64,
    pub rh_amplitude_pct: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monthly {
    pub oct: f64,
    pub nov: f64,
    pub dec: f64,
    pub jan: f64,
    pub feb: f64,
    pub mar: f64,
}

impl Monthly {
    pub fn to_array(self) -> [f64; 6] {
        [self.oct, self.nov, self.dec, self.jan, self.feb, self.mar]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemperatureFile {
    pub monthly_mean_c: Monthly,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiurnalFile {
    pub temp_shape: Vec<f64>,
    pub wind_shape: Vec<f64>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HourlyFile {
    pub temp_noise_sd_c: f64,
    pub temp_noise_ar1: f64,
    pub wind_noise_log_sd: f64,
    pub wind_noise_ar1: f64,
    pub rh_noise_sd_pct: f64,
    pub rh_noise_ar1: f64,
}

/// Everything that is not fitted: the `--adjust` file, copied into the climate file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssumptionsFile {
    pub classification: ClassificationFile,
    pub day_change: DayChangeFile,
    pub mixing_height: MixingFile,
    pub county: CountyFile,
    pub site: SiteFile,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassificationFile {
    /// Quantiles of the daily index below which a day is stagnant and above which ventilated.
    pub quantiles: Vec<f64>,
    #[serde(default)]
    pub assumed: Assumed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayChangeFile {
    pub ramp_hours: f64,
    #[serde(default)]
    pub assumed: Assumed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixingFile {
    pub night_min_m: PerRegime<f64>,
    pub afternoon_max_m: PerRegime<f64>,
    pub day_log_sd: f64,
    pub growth_start_hour: f64,
    pub peak_hour: f64,
    pub collapse_hour: f64,
    pub mechanical_m_per_ms: f64,
    pub floor_m: f64,
    pub cap_m: f64,
    #[serde(default)]
    pub assumed: Assumed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyFile {
    pub log_sd: f64,
    pub ar1: f64,
    #[serde(default)]
    pub assumed: Assumed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// Where the data were observed.
    pub from: String,
    /// Where the climate is used.
    pub to: String,
    pub temp_offset_c: f64,
    pub rh_offset_pct: f64,
    pub wind_scale: f64,
    #[serde(default)]
    pub assumed: Assumed,
}

/// Statistics of the fitting data, before the site adjustment: what the generator, run with no
/// site adjustment, should reproduce. Not used to generate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedFile {
    pub text: String,
    pub days: usize,
    pub sequences: usize,
    pub regime_frequency: Vec<f64>,
    pub mean_run_days: Vec<f64>,
    pub wind_mean_ms: Vec<f64>,
    pub rh_mean_pct: Vec<f64>,
    pub temp_anomaly_c: Vec<f64>,
    pub precip_day_frequency: Vec<f64>,
    pub pm25_mean: Vec<f64>,
    pub rh_mean_all_pct: f64,
    pub precip_day_frequency_all: f64,
    pub monthly_mean_c: Monthly,
    /// The winters the seasonal tilt was fitted on (the year of each one's October), their
    /// classified days and stagnation balances, and the balances' between-winter variance. Absent
    /// in climates fitted before the tilt existed.
    #[serde(default)]
    pub winters: Vec<i32>,
    #[serde(default)]
    pub winter_days: Vec<usize>,
    #[serde(default)]
    pub winter_balance: Vec<f64>,
    #[serde(default)]
    pub winter_balance_variance: Option<f64>,
    /// The winters' lag-1 autocorrelations of the daily regime index (`nan` for a winter of one
    /// regime) and their between-winter variance, which the seasonal persistence was fitted to.
    /// Absent in climates fitted before the persistence existed.
    #[serde(default)]
    pub winter_regime_autocorrelation: Vec<f64>,
    #[serde(default)]
    pub winter_regime_autocorrelation_variance: Option<f64>,
}
