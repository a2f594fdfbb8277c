//! The regime of an observed day, from its meteorology alone.
//!
//! Haze on the North China Plain builds up under weak wind and moist air and is swept out by dry
//! (usually northerly) flow (evidence §3: mean wind 1.6 m/s and RH 62 % on Beijing pollution
//! days; 10-m wind mostly < 2 m/s in haze). A day's index adds the standardised logarithm of its
//! mean wind to its standardised dew-point depression (mean temperature − mean dew point): low
//! means calm and moist. The days with the lowest index, up to the first quantile, are stagnant;
//! those above the second, ventilated; the rest transitional. The thresholds are quantiles of
//! the data, at the levels the assumptions file gives. PM2.5 is not used, so that its mean per
//! regime checks the rule.

use super::days::DayRecord;
use super::stats::{mean, quantile, sd};
use crate::weather::Regime;
use crate::weather::climate::RegimeRule;

/// The rule fitted to `days`, and the regime of each day.
pub fn classify(days: &[DayRecord], quantiles: [f64; 2]) -> (RegimeRule, Vec<Regime>) {
    let ln_wind: Vec<f64> = days.iter().map(|d| d.wind.max(1e-3).ln()).collect();
    let depression: Vec<f64> = days.iter().map(DayRecord::depression).collect();
    let (wm, ws) = (mean(ln_wind.iter().copied()), sd(&ln_wind));
    let (dm, ds) = (mean(depression.iter().copied()), sd(&depression));
    let index: Vec<f64> = ln_wind
        .iter()
        .zip(&depression)
        .map(|(w, d)| (w - wm) / ws + (d - dm) / ds)
        .collect();
    let stagnant_at_most = quantile(&index, quantiles[0]);
    let ventilated_above = quantile(&index, quantiles[1]);
    let text = format!(
        "index = (ln(daily mean wind, m/s) - {wm:.4}) / {ws:.4} + (daily mean T - Td, °C - {dm:.4}) / {ds:.4}; \
         stagnant if index <= {stagnant_at_most:.4} (quantile {:.4}), ventilated if index > {ventilated_above:.4} \
         (quantile {:.4}), transitional otherwise",
        quantiles[0], quantiles[1]
    );
    let rule = RegimeRule {
        text,
        ln_wind_mean: wm,
        ln_wind_sd: ws,
        depression_mean_c: dm,
        depression_sd_c: ds,
        stagnant_at_most,
        ventilated_above,
        quantiles,
    };
    let regimes = days
        .iter()
        .map(|d| rule.classify(d.wind, d.depression()))
        .collect();
    (rule, regimes)
}
