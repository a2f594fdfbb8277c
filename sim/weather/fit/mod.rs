//! Fitting a climate to hourly observations (`smogsim calibrate weather`).
//!
//! Owns the steps from hourly series to the climate file's fitted values: daily means of
//! October–March days (`days`), bringing a second source onto the first's level where they
//! overlap, classifying days into regimes from meteorology alone (`classify`), estimating each
//! parameter as the generator uses it (`estimate`), the seasonal tilt and persistence of the chain
//! from how much the observed winters differ (`interannual`), and writing the climate file's text
//! (`render`). Knows nothing of file formats or the terminal: the caller reads the files into
//! [`HourlyMet`] and prints the [`Fit`].

mod classify;
pub mod days;
mod estimate;
pub mod interannual;
mod render;
pub mod stats;

pub use days::Harmonisation;
pub use interannual::{Interannual, Tilt};
pub use render::render;

use chrono::NaiveDateTime;

use super::climate::{
    Assumptions, DiurnalShapes, HourlyNoise, ObservedStats, RegimeChain, RegimeClimate, RegimeRule,
};

/// One source's hourly meteorology, every vector one value per hour from `start` (a midnight).
/// Missing values are `None`, never zero.
#[derive(Debug, Clone, PartialEq)]
pub struct HourlyMet {
    /// What the series is, for the report (e.g. "UCI Beijing multi-site, mean of 12 stations").
    pub label: String,
    pub start: NaiveDateTime,
    /// 10-m wind speed, m/s.
    pub wind: Vec<Option<f64>>,
    pub temp: Vec<Option<f64>>,
    pub dewp: Vec<Option<f64>>,
    /// Precipitation in the hour, mm; `None` throughout for a source that records no amounts.
    pub precip_mm: Vec<Option<f64>>,
    /// Whether it rained or snowed in the hour.
    pub wet: Vec<Option<bool>>,
    /// PM2.5, µg/m³: only to check the regimes, never to define them.
    pub pm25: Vec<Option<f64>>,
}

impl HourlyMet {
    /// An empty series of `hours` hours from `start`.
    pub fn new(label: impl Into<String>, start: NaiveDateTime, hours: usize) -> HourlyMet {
        HourlyMet {
            label: label.into(),
            start,
            wind: vec![None; hours],
            temp: vec![None; hours],
            dewp: vec![None; hours],
            precip_mm: vec![None; hours],
            wet: vec![None; hours],
            pm25: vec![None; hours],
        }
    }

    pub fn hours(&self) -> usize {
        self.wind.len()
    }
}

/// How much of one source the fit used.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceUse {
    pub label: String,
    /// October–March days with enough hours.
    pub days: usize,
    /// Of those, days in the merged record (an earlier source takes a day both cover).
    pub used: usize,
}

/// The fitted values and the statistics of the data they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub sources: Vec<SourceUse>,
    pub harmonisations: Vec<Harmonisation>,
    pub rule: RegimeRule,
    pub chain: RegimeChain,
    /// The seasonal tilt and persistence of the chain, fitted to the winters in `observed`.
    pub interannual: Interannual,
    pub regimes: [RegimeClimate; 3],
    pub monthly_mean_c: [f64; 6],
    pub diurnal: DiurnalShapes,
    pub noise: HourlyNoise,
    pub observed: ObservedStats,
    /// Days with a daily PM2.5 mean, per regime.
    pub pm25_days: [usize; 3],
}

/// Fit a climate to `sources`. Where two sources cover a day, the earlier one is used, and each
/// later source is first brought onto the first source's level over their common days.
pub fn fit(sources: &[HourlyMet], assumptions: &Assumptions) -> Result<Fit, String> {
    if sources.is_empty() {
        return Err("no observations".to_string());
    }
    let mut daily: Vec<Vec<days::DayRecord>> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| days::daily(s, i))
        .collect();
    let mut harmonisations = Vec::new();
    let (reference, others) = daily.split_at_mut(1);
    for (j, other) in others.iter_mut().enumerate() {
        let names = (sources[0].label.as_str(), sources[j + 1].label.as_str());
        if let Some(h) = days::harmonise(&reference[0], other, names) {
            harmonisations.push(h);
        }
    }
    let counts: Vec<usize> = daily.iter().map(Vec::len).collect();
    let days = days::merge(daily);
    if days.is_empty() {
        return Err(format!(
            "no October–March day has {} hours with wind, temperature and dew point",
            days::MIN_HOURS
        ));
    }
    let sequences = (0..days.len())
        .filter(|i| !days::follows(&days, *i))
        .count();

    let (rule, regimes) = classify::classify(&days, assumptions.quantiles);
    let chain = estimate::chain(&days, &regimes)?;
    let monthly = estimate::monthly_means(&days)?;
    let anomalies = estimate::temp_anomalies(&days, &monthly);
    let diurnal = estimate::shapes(&days);
    let fitted = estimate::regimes(&days, &regimes, &anomalies, &diurnal)?;
    let noise = estimate::noise(&days, &regimes, &fitted, &diurnal);
    let winters = interannual::winters(&days, &regimes);
    let observed = estimate::observed(&days, &regimes, &anomalies, monthly, sequences, winters);
    let interannual = interannual::fit(
        &chain,
        &observed.winters,
        observed.balance_variance,
        observed.autocorrelation_variance,
    );

    let sources_used = sources
        .iter()
        .enumerate()
        .map(|(i, s)| SourceUse {
            label: s.label.clone(),
            days: counts[i],
            used: days.iter().filter(|d| d.source == i).count(),
        })
        .collect();
    let pm25_days = std::array::from_fn(|k| {
        days.iter()
            .zip(&regimes)
            .filter(|(d, r)| **r as usize == k && d.pm25.is_some())
            .count()
    });
    Ok(Fit {
        sources: sources_used,
        harmonisations,
        rule,
        chain,
        interannual,
        regimes: fitted,
        monthly_mean_c: monthly,
        diurnal,
        noise,
        observed,
        pm25_days,
    })
}
