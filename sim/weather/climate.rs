//! The validated climate a season's weather is drawn from, and the validated assumptions the fit
//! is given. Both can only be built from TOML text, which runs every check.

use std::path::Path;

use super::schema::{AssumptionsFile, ClimateFile};
use super::season::Regime;
use super::validate;
use crate::InputError;
use crate::toml_input;

/// The climate-file format this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The months a climate describes, in season order. Index 0 is October.
pub const MONTHS: [u32; 6] = [10, 11, 12, 1, 2, 3];

/// A value that is assumed rather than fitted, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    /// Dotted path of the field, e.g. `mixing_height.floor_m`.
    pub field: String,
    pub reason: String,
}

/// The largest standard deviation of the seasonal tilt a climate may have: at 3, a season three
/// standard deviations out multiplies the odds of stagnant against transitional days by e⁹, which
/// already makes whole winters of one regime.
pub const MAX_TILT_SD: f64 = 3.0;

/// The largest standard deviation of the seasonal persistence a climate may have: at 3, a season
/// three standard deviations out multiplies the odds of keeping today's regime by e⁹ (whole
/// winters of a single run) or by e⁻⁹ (a regime almost never lasting two days).
pub const MAX_PERSISTENCE_SD: f64 = 3.0;

/// The daily Markov chain of synoptic regimes, indexed by `Regime as usize`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegimeChain {
    /// Distribution of the first day's regime.
    pub initial: [f64; 3],
    /// `transition[today][tomorrow]`; rows sum to 1.
    pub transition: [[f64; 3]; 3],
}

impl RegimeChain {
    /// The chain of a season tilted by `shift` (σ·z of the season): the initial distribution and
    /// every row reweighted by exp(shift × [`Regime::stagnation`]) and renormalised. A positive
    /// shift makes stagnant days likelier and ventilated days rarer, from whatever regime.
    /// A shift of 0 returns the chain unchanged, bit for bit.
    pub fn tilted(&self, shift: f64) -> RegimeChain {
        if shift == 0.0 {
            return *self;
        }
        let weight = Regime::ALL.map(|r| (shift * r.stagnation()).exp());
        let tilt = |p: &[f64; 3]| -> [f64; 3] {
            let w: [f64; 3] = std::array::from_fn(|j| p[j] * weight[j]);
            let total: f64 = w.iter().sum();
            w.map(|x| x / total)
        };
        RegimeChain {
            initial: tilt(&self.initial),
            transition: self.transition.each_ref().map(tilt),
        }
    }

    /// The chain of a season made more (`shift` > 0) or less persistent: every row's diagonal
    /// entry, the chance of keeping today's regime, multiplied by exp(`shift`) and the row
    /// renormalised, so that the odds of staying against each way of leaving move by exp(`shift`)
    /// and the odds between the ways of leaving stay. `initial` is kept: the first day has no
    /// yesterday to persist. A shift of 0 returns the chain unchanged, bit for bit.
    pub fn persisted(&self, shift: f64) -> RegimeChain {
        if shift == 0.0 {
            return *self;
        }
        let stay = shift.exp();
        let mut transition = self.transition;
        for (i, row) in transition.iter_mut().enumerate() {
            row[i] *= stay;
            let total: f64 = row.iter().sum();
            for p in row.iter_mut() {
                *p /= total;
            }
        }
        RegimeChain {
            initial: self.initial,
            transition,
        }
    }

    /// The regime of a day, given yesterday's (`None` on the first day) and a uniform `u` in
    /// [0, 1).
    pub fn next(&self, yesterday: Option<Regime>, u: f64) -> Regime {
        let p = match yesterday {
            None => &self.initial,
            Some(r) => &self.transition[r as usize],
        };
        let mut acc = 0.0;
        for (i, x) in p.iter().enumerate() {
            acc += x;
            if u < acc {
                return Regime::ALL[i];
            }
        }
        // Rows sum to 1 within rounding; a u beyond the last sum falls in the last regime with
        // a positive probability.
        let last = p.iter().rposition(|x| *x > 0.0).unwrap_or(2);
        Regime::ALL[last]
    }
}

/// The stagnation balance of a sequence of days: the share of stagnant days minus the share of
/// ventilated days, the mean of [`Regime::stagnation`]. NaN for no days.
pub fn stagnation_balance(regimes: impl IntoIterator<Item = Regime>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for r in regimes {
        sum += r.stagnation();
        n += 1;
    }
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// How the fit classified observed days: index = z(ln wind) + z(T − Td) of the daily means,
/// standardised with the means and deviations below.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimeRule {
    pub text: String,
    pub ln_wind_mean: f64,
    pub ln_wind_sd: f64,
    pub depression_mean_c: f64,
    pub depression_sd_c: f64,
    pub stagnant_at_most: f64,
    pub ventilated_above: f64,
    /// The quantiles of the index the two thresholds were set at.
    pub quantiles: [f64; 2],
}

impl RegimeRule {
    /// The regime of a day with these daily means.
    pub fn classify(&self, wind_ms: f64, depression_c: f64) -> Regime {
        let index = (wind_ms.max(1e-3).ln() - self.ln_wind_mean) / self.ln_wind_sd
            + (depression_c - self.depression_mean_c) / self.depression_sd_c;
        if index <= self.stagnant_at_most {
            Regime::Stagnant
        } else if index > self.ventilated_above {
            Regime::Ventilated
        } else {
            Regime::Transitional
        }
    }
}

/// The meteorology of days in one regime. Daily anomalies persist from day to day as AR(1)
/// processes of standardised anomalies, with this regime's coefficient on days in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegimeClimate {
    /// Daily-mean 10-m wind: log-normal with this median (m/s) and log standard deviation.
    pub wind_median_ms: f64,
    pub wind_log_sd: f64,
    pub wind_ar1: f64,
    /// Daily-mean relative humidity, %: normal.
    pub rh_mean_pct: f64,
    pub rh_sd_pct: f64,
    pub rh_ar1: f64,
    /// Daily-mean temperature minus the seasonal climatology, °C: normal.
    pub temp_anomaly_c: f64,
    pub temp_sd_c: f64,
    pub temp_ar1: f64,
    /// Probability that a day has precipitation; mean amount (exponential) and mean number of
    /// wet hours (geometric, at least 1) of a wet day.
    pub precip_probability: f64,
    pub precip_mean_mm: f64,
    pub precip_mean_hours: f64,
    /// Diurnal amplitudes, multiplying the normalised shapes: °C, a fraction of the daily-mean
    /// wind, and % of RH (RH runs opposite to the temperature shape).
    pub temp_amplitude_c: f64,
    pub wind_amplitude: f64,
    pub rh_amplitude_pct: f64,
}

/// Normalised diurnal shapes by local hour 0–23: mean 0, half-range 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiurnalShapes {
    pub temp: [f64; 24],
    pub wind: [f64; 24],
}

/// Hour-to-hour noise around the daily means and diurnal cycles: AR(1) processes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourlyNoise {
    pub temp_sd_c: f64,
    pub temp_ar1: f64,
    /// Multiplicative wind noise: standard deviation of its logarithm.
    pub wind_log_sd: f64,
    pub wind_ar1: f64,
    pub rh_sd_pct: f64,
    pub rh_ar1: f64,
}

/// The mixing-layer height parameterisation (assumed: the data hold no soundings).
///
/// Convective part: `night_min + (afternoon_max − night_min) × day factor × shape(hour)`, the
/// shape growing from 0 at `growth_start_hour` to 1 at `peak_hour` and back to 0 at
/// `collapse_hour`; the day factor is log-normal with mean 1. Mechanical part:
/// `mechanical_m_per_ms × wind`. The height is the larger of the two, within `[floor_m, cap_m]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MixingHeight {
    pub night_min_m: [f64; 3],
    pub afternoon_max_m: [f64; 3],
    pub day_log_sd: f64,
    pub growth_start_hour: f64,
    pub peak_hour: f64,
    pub collapse_hour: f64,
    pub mechanical_m_per_ms: f64,
    pub floor_m: f64,
    pub cap_m: f64,
}

/// Per-county daily factors on ventilation: log-normal, mean 1, AR(1) from day to day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountyPerturbation {
    pub log_sd: f64,
    pub ar1: f64,
}

/// From the city the data were observed in to the city simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteAdjustment {
    pub from: String,
    pub to: String,
    pub temp_offset_c: f64,
    pub rh_offset_pct: f64,
    pub wind_scale: f64,
}

impl SiteAdjustment {
    /// No adjustment: the climate of the observing city itself.
    pub fn none() -> SiteAdjustment {
        SiteAdjustment {
            from: String::new(),
            to: String::new(),
            temp_offset_c: 0.0,
            rh_offset_pct: 0.0,
            wind_scale: 1.0,
        }
    }
}

/// Statistics of the fitting data (before the site adjustment), per regime where an array.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedStats {
    pub days: usize,
    pub sequences: usize,
    pub regime_frequency: [f64; 3],
    pub mean_run_days: [f64; 3],
    pub wind_mean_ms: [f64; 3],
    pub rh_mean_pct: [f64; 3],
    pub temp_anomaly_c: [f64; 3],
    pub precip_day_frequency: [f64; 3],
    pub pm25_mean: [f64; 3],
    pub rh_mean_all_pct: f64,
    pub precip_day_frequency_all: f64,
    pub monthly_mean_c: [f64; 6],
    /// The winters the season tilt and persistence were fitted on, in order (empty in a climate
    /// fitted before the tilt existed).
    pub winters: Vec<ObservedWinter>,
    /// Between-winter variance of their stagnation balances (n − 1); `None` with fewer than two.
    pub balance_variance: Option<f64>,
    /// Between-winter variance of their regime autocorrelations (n − 1, over the winters that have
    /// one); `None` with fewer than two, or in a climate fitted before the persistence existed.
    pub autocorrelation_variance: Option<f64>,
}

/// One observed winter (October–March) in the fit of the season tilt and persistence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObservedWinter {
    /// The year of its October.
    pub winter: i32,
    /// Classified days in it.
    pub days: usize,
    /// Its [`stagnation_balance`].
    pub balance: f64,
    /// Its lag-1 autocorrelation of the regime index over consecutive classified days
    /// ([`regime_autocorrelation`](super::fit::stats::regime_autocorrelation)); `None` where
    /// undefined (a winter of a single regime) or not recorded (a climate fitted before the
    /// persistence).
    pub autocorrelation: Option<f64>,
}

/// A validated climate.
#[derive(Debug, Clone, PartialEq)]
pub struct Climate {
    pub name: String,
    pub description: String,
    pub fitted_on: String,
    pub chain: RegimeChain,
    /// Standard deviation σ of the seasonal tilt: each season draws z ~ N(0, 1) once and runs
    /// `chain.tilted(σ z)`, so that winters differ in stagnation as much as observed winters do,
    /// not only by the sampling of one chain. 0 gives every season the same chain.
    pub interannual_tilt_sd: f64,
    /// Standard deviation τ of the seasonal persistence: each season also draws w ~ N(0, 1) once,
    /// independently of z, and runs the tilted chain `persisted(τ w)`, so that winters differ in
    /// how long their regimes last as much as observed winters do. 0 leaves every season's chain
    /// as the tilt made it.
    pub interannual_persistence_sd: f64,
    pub rule: RegimeRule,
    /// Indexed by `Regime as usize`.
    pub regimes: [RegimeClimate; 3],
    /// Mean daily temperature of each month, October to March (see [`MONTHS`]), °C.
    pub monthly_mean_c: [f64; 6],
    pub diurnal: DiurnalShapes,
    pub noise: HourlyNoise,
    /// Width of the linear transition between one day's means and the next, centred on midnight.
    pub ramp_hours: f64,
    pub mixing: MixingHeight,
    pub county: CountyPerturbation,
    pub site: SiteAdjustment,
    pub observed: Option<ObservedStats>,
    pub assumptions: Vec<Assumption>,
}

impl Climate {
    /// Parse and validate climate TOML; `name` is the file name used in messages. Every problem
    /// found is returned, each naming `file:line:column` and the field.
    pub fn from_toml(text: &str, name: &Path) -> Result<Climate, Vec<InputError>> {
        let (file, doc) = toml_input::parse::<ClimateFile>(text, name).map_err(|e| vec![e])?;
        validate::climate(file, &doc)
    }

    pub fn regime(&self, r: Regime) -> &RegimeClimate {
        &self.regimes[r as usize]
    }
}

/// The validated assumptions file given to the fit (`--adjust`).
#[derive(Debug, Clone)]
pub struct Assumptions {
    /// As written, reasons included: the fit copies it into the climate file.
    pub file: AssumptionsFile,
    pub quantiles: [f64; 2],
    pub assumptions: Vec<Assumption>,
}

impl Assumptions {
    pub fn from_toml(text: &str, name: &Path) -> Result<Assumptions, Vec<InputError>> {
        let (file, doc) = toml_input::parse::<AssumptionsFile>(text, name).map_err(|e| vec![e])?;
        validate::assumptions(file, &doc)
    }
}
