//! Estimating the climate's parameters from classified days, each the way the generator uses it:
//! the chain from day-to-day transitions within unbroken stretches, daily distributions and
//! AR(1) coefficients per regime on standardised anomalies, diurnal shapes pooled and their
//! amplitudes per regime, and hourly noise from what is left.

use super::days::{DayRecord, follows};
use super::interannual;
use super::stats::{mean, mean_run_lengths, sd};
use crate::weather::Regime;
use crate::weather::climate::{
    DiurnalShapes, HourlyNoise, ObservedStats, ObservedWinter, RegimeChain, RegimeClimate,
};
use crate::weather::cycles::{SeasonalCurve, season_position};

/// AR(1) estimates are kept inside this bound: a coefficient of ±1 would never forget.
const MAX_AR1: f64 = 0.99;

pub fn chain(days: &[DayRecord], regimes: &[Regime]) -> Result<RegimeChain, String> {
    let mut counts = [[0usize; 3]; 3];
    let mut frequency = [0usize; 3];
    for (i, r) in regimes.iter().enumerate() {
        frequency[*r as usize] += 1;
        if follows(days, i) {
            counts[regimes[i - 1] as usize][*r as usize] += 1;
        }
    }
    let mut transition = [[0.0; 3]; 3];
    for (i, row) in counts.iter().enumerate() {
        let total: usize = row.iter().sum();
        if total == 0 {
            return Err(format!(
                "no day-to-day transition from a {} day in the data: cannot estimate the chain",
                Regime::ALL[i].id()
            ));
        }
        for j in 0..3 {
            transition[i][j] = row[j] as f64 / total as f64;
        }
    }
    let n = regimes.len() as f64;
    Ok(RegimeChain {
        initial: frequency.map(|f| f as f64 / n),
        transition,
    })
}

/// Mean daily temperature of each month, October to March.
pub fn monthly_means(days: &[DayRecord]) -> Result<[f64; 6], String> {
    let mut out = [0.0; 6];
    for (i, m) in crate::weather::MONTHS.iter().enumerate() {
        out[i] = mean(
            days.iter()
                .filter(|d| chrono::Datelike::month(&d.date) == *m)
                .map(|d| d.temp),
        );
        if out[i].is_nan() {
            return Err(format!("no observed day in month {m}"));
        }
    }
    Ok(out)
}

/// Pooled diurnal shapes, normalised to mean 0 and half-range 1.
pub fn shapes(days: &[DayRecord]) -> DiurnalShapes {
    let mut temp = [0.0; 24];
    let mut wind = [0.0; 24];
    for h in 0..24 {
        temp[h] = mean(days.iter().filter_map(|d| Some(d.hours[h].temp? - d.temp)));
        wind[h] = mean(
            days.iter()
                .filter(|d| d.wind > 0.0)
                .filter_map(|d| Some(d.hours[h].wind? / d.wind - 1.0)),
        );
    }
    DiurnalShapes {
        temp: normalise(temp),
        wind: normalise(wind),
    }
}

fn normalise(mut shape: [f64; 24]) -> [f64; 24] {
    let m = mean(shape.iter().copied());
    let max = shape.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = shape.iter().copied().fold(f64::INFINITY, f64::min);
    let half = 0.5 * (max - min);
    for v in &mut shape {
        *v = if half > 0.0 { (*v - m) / half } else { 0.0 };
    }
    shape
}

/// Least-squares amplitude of `deviation(day, hour) ≈ amplitude × shape[hour]`.
fn amplitude<'a>(
    days: impl Iterator<Item = &'a DayRecord>,
    shape: &[f64; 24],
    deviation: impl Fn(&DayRecord, usize) -> Option<f64>,
) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for d in days {
        for (h, s) in shape.iter().enumerate() {
            if let Some(x) = deviation(d, h) {
                num += x * s;
                den += s * s;
            }
        }
    }
    if den > 0.0 { num / den } else { 0.0 }
}

/// Daily anomalies standardised by each day's regime: the state of the generator's AR(1).
fn standardised(values: &[f64], regimes: &[Regime], mean: &[f64; 3], sd: &[f64; 3]) -> Vec<f64> {
    values
        .iter()
        .zip(regimes)
        .map(|(v, r)| (v - mean[*r as usize]) / sd[*r as usize])
        .collect()
}

/// AR(1) coefficient per regime of today: regression of today's standardised anomaly on
/// yesterday's, over consecutive days.
fn ar1_by_regime(days: &[DayRecord], regimes: &[Regime], z: &[f64]) -> [f64; 3] {
    let mut num = [0.0; 3];
    let mut den = [0.0; 3];
    for i in 1..days.len() {
        if follows(days, i) {
            let k = regimes[i] as usize;
            num[k] += z[i] * z[i - 1];
            den[k] += z[i - 1] * z[i - 1];
        }
    }
    std::array::from_fn(|k| {
        if den[k] > 0.0 {
            (num[k] / den[k]).clamp(-MAX_AR1, MAX_AR1)
        } else {
            0.0
        }
    })
}

/// Daily temperature minus the seasonal curve through the monthly means.
pub fn temp_anomalies(days: &[DayRecord], monthly: &[f64; 6]) -> Vec<f64> {
    let curve = SeasonalCurve::new(monthly);
    days.iter()
        .map(|d| d.temp - curve.at(season_position(d.date)))
        .collect()
}

/// Per-regime mean and sample standard deviation of a daily quantity.
fn by_regime(values: &[f64], regimes: &[Regime]) -> ([f64; 3], [f64; 3]) {
    let mut m = [0.0; 3];
    let mut s = [0.0; 3];
    for (k, r) in Regime::ALL.iter().enumerate() {
        let v: Vec<f64> = values
            .iter()
            .zip(regimes)
            .filter(|(_, g)| *g == r)
            .map(|(v, _)| *v)
            .collect();
        m[k] = mean(v.iter().copied());
        s[k] = sd(&v);
    }
    (m, s)
}

pub fn regimes(
    days: &[DayRecord],
    regimes: &[Regime],
    anomalies: &[f64],
    shapes: &DiurnalShapes,
) -> Result<[RegimeClimate; 3], String> {
    for r in Regime::ALL {
        if regimes.iter().filter(|g| **g == r).count() < 2 {
            return Err(format!("fewer than two {} days in the data", r.id()));
        }
    }
    let ln_wind: Vec<f64> = days.iter().map(|d| d.wind.max(1e-3).ln()).collect();
    let rh: Vec<f64> = days.iter().map(|d| d.rh).collect();
    let (wm, ws) = by_regime(&ln_wind, regimes);
    let (rm, rs) = by_regime(&rh, regimes);
    let (tm, ts) = by_regime(anomalies, regimes);
    let wind_ar = ar1_by_regime(days, regimes, &standardised(&ln_wind, regimes, &wm, &ws));
    let rh_ar = ar1_by_regime(days, regimes, &standardised(&rh, regimes, &rm, &rs));
    let temp_ar = ar1_by_regime(days, regimes, &standardised(anomalies, regimes, &tm, &ts));

    let wet_days = |k: usize| {
        days.iter()
            .zip(regimes)
            .filter(move |(d, r)| **r as usize == k && d.wet == Some(true))
            .map(|(d, _)| d)
    };
    let amounts = |k: Option<usize>| -> Vec<f64> {
        days.iter()
            .zip(regimes)
            .filter(|(d, r)| d.wet == Some(true) && k.is_none_or(|k| **r as usize == k))
            .filter_map(|(d, _)| d.precip_mm.filter(|p| *p > 0.0))
            .collect()
    };
    let pooled_amount = mean(amounts(None));
    let pooled_hours = mean(
        days.iter()
            .filter(|d| d.wet == Some(true))
            .map(|d| d.wet_hours as f64),
    );
    if pooled_amount.is_nan() || pooled_hours.is_nan() {
        return Err("the data hold no precipitation amounts on wet days".to_string());
    }

    let mut out = Vec::with_capacity(3);
    for (k, r) in Regime::ALL.iter().enumerate() {
        let in_regime = || {
            days.iter()
                .zip(regimes)
                .filter(|(_, g)| *g == r)
                .map(|(d, _)| d)
        };
        let known = in_regime().filter(|d| d.wet.is_some()).count();
        let wet = wet_days(k).count();
        let amount = mean(amounts(Some(k)));
        let hours = mean(wet_days(k).map(|d| d.wet_hours as f64));
        let temp_amplitude = amplitude(in_regime(), &shapes.temp, |d, h| {
            Some(d.hours[h].temp? - d.temp)
        });
        let wind_amplitude = amplitude(
            in_regime().filter(|d| d.wind > 0.0),
            &shapes.wind,
            |d, h| Some(d.hours[h].wind? / d.wind - 1.0),
        );
        let rh_amplitude = -amplitude(in_regime(), &shapes.temp, |d, h| {
            Some(d.hours[h].rh? - d.rh)
        });
        out.push(RegimeClimate {
            wind_median_ms: wm[k].exp(),
            wind_log_sd: ws[k],
            wind_ar1: wind_ar[k],
            rh_mean_pct: rm[k],
            rh_sd_pct: rs[k],
            rh_ar1: rh_ar[k],
            temp_anomaly_c: tm[k],
            temp_sd_c: ts[k],
            temp_ar1: temp_ar[k],
            precip_probability: if known == 0 {
                0.0
            } else {
                wet as f64 / known as f64
            },
            // A regime without measured wet days takes the amounts of all wet days.
            precip_mean_mm: if amount.is_nan() {
                pooled_amount
            } else {
                amount
            },
            precip_mean_hours: if hours.is_nan() { pooled_hours } else { hours }.max(1.0),
            temp_amplitude_c: temp_amplitude.max(0.0),
            wind_amplitude: wind_amplitude.max(0.0),
            rh_amplitude_pct: rh_amplitude.max(0.0),
        });
    }
    Ok([out[0], out[1], out[2]])
}

/// Standard deviation and lag-1 autocorrelation (within days) of hourly residuals.
fn residual_stats(residuals: &[[Option<f64>; 24]]) -> (f64, f64) {
    let all: Vec<f64> = residuals.iter().flatten().filter_map(|v| *v).collect();
    let m = mean(all.iter().copied());
    let (mut num, mut a2, mut b2) = (0.0, 0.0, 0.0);
    for day in residuals {
        for h in 1..24 {
            if let (Some(a), Some(b)) = (day[h - 1], day[h]) {
                num += (a - m) * (b - m);
                a2 += (a - m) * (a - m);
                b2 += (b - m) * (b - m);
            }
        }
    }
    let r = if a2 > 0.0 && b2 > 0.0 {
        (num / (a2 * b2).sqrt()).clamp(-MAX_AR1, MAX_AR1)
    } else {
        0.0
    };
    (sd(&all), r)
}

pub fn noise(
    days: &[DayRecord],
    regimes: &[Regime],
    climates: &[RegimeClimate; 3],
    shapes: &DiurnalShapes,
) -> HourlyNoise {
    let mut temp = Vec::with_capacity(days.len());
    let mut wind = Vec::with_capacity(days.len());
    let mut rh = Vec::with_capacity(days.len());
    for (d, r) in days.iter().zip(regimes) {
        let g = &climates[*r as usize];
        let mut t = [None; 24];
        let mut w = [None; 24];
        let mut q = [None; 24];
        for h in 0..24 {
            let hour = &d.hours[h];
            t[h] = hour
                .temp
                .map(|x| x - d.temp - g.temp_amplitude_c * shapes.temp[h]);
            let expected = d.wind * (1.0 + g.wind_amplitude * shapes.wind[h]);
            w[h] = hour
                .wind
                .filter(|x| *x > 0.0 && expected > 0.0)
                .map(|x| (x / expected).ln());
            q[h] = hour
                .rh
                .map(|x| x - d.rh + g.rh_amplitude_pct * shapes.temp[h]);
        }
        temp.push(t);
        wind.push(w);
        rh.push(q);
    }
    let (temp_sd, temp_ar) = residual_stats(&temp);
    let (wind_sd, wind_ar) = residual_stats(&wind);
    let (rh_sd, rh_ar) = residual_stats(&rh);
    HourlyNoise {
        temp_sd_c: temp_sd,
        temp_ar1: temp_ar,
        wind_log_sd: wind_sd,
        wind_ar1: wind_ar,
        rh_sd_pct: rh_sd,
        rh_ar1: rh_ar,
    }
}

/// The statistics of the data the generator is checked against; `winters` are those the seasonal
/// tilt was fitted on.
pub fn observed(
    days: &[DayRecord],
    regimes: &[Regime],
    anomalies: &[f64],
    monthly: [f64; 6],
    sequences: usize,
    winters: Vec<ObservedWinter>,
) -> ObservedStats {
    let balance_variance = interannual::balance_variance(&winters);
    let autocorrelation_variance = interannual::autocorrelation_variance(&winters);
    let starts: Vec<bool> = (0..days.len()).map(|i| !follows(days, i)).collect();
    let n = days.len() as f64;
    let per = |f: &dyn Fn(usize, &DayRecord) -> Option<f64>| -> [f64; 3] {
        std::array::from_fn(|k| {
            mean(
                days.iter()
                    .enumerate()
                    .filter(|(i, _)| regimes[*i] as usize == k)
                    .filter_map(|(i, d)| f(i, d)),
            )
        })
    };
    ObservedStats {
        days: days.len(),
        sequences,
        regime_frequency: std::array::from_fn(|k| {
            regimes.iter().filter(|r| **r as usize == k).count() as f64 / n
        }),
        mean_run_days: mean_run_lengths(regimes, &starts),
        wind_mean_ms: per(&|_, d| Some(d.wind)),
        rh_mean_pct: per(&|_, d| Some(d.rh)),
        temp_anomaly_c: per(&|i, _| Some(anomalies[i])),
        precip_day_frequency: per(&|_, d| d.wet.map(f64::from)),
        pm25_mean: per(&|_, d| d.pm25),
        rh_mean_all_pct: mean(days.iter().map(|d| d.rh)),
        precip_day_frequency_all: mean(days.iter().filter_map(|d| d.wet.map(f64::from))),
        monthly_mean_c: monthly,
        winters,
        balance_variance,
        autocorrelation_variance,
    }
}
