//! The few statistics the fit needs, defined once so that the fit and its tests agree.

use crate::weather::Regime;

/// Arithmetic mean; NaN when there are no values.
pub fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v;
        n += 1;
    }
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// Sample variance (n − 1); NaN with fewer than two values.
pub fn variance(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return f64::NAN;
    }
    let m = mean(values.iter().copied());
    let ss: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    ss / (values.len() - 1) as f64
}

/// Sample standard deviation (n − 1); NaN with fewer than two values.
pub fn sd(values: &[f64]) -> f64 {
    variance(values).sqrt()
}

/// The `p` quantile by linear interpolation between order statistics (R's type 7).
pub fn quantile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Lag-1 autocorrelation of the regime index (0, 1, 2 for ventilated, transitional, stagnant) of
/// a sequence of days, where `linked(i)` says whether day `i` follows day `i − 1` without a gap
/// (`linked(0)` is not read): the products of deviations from the mean summed over linked pairs,
/// divided by the squared deviations summed over all days. Without gaps this is the usual
/// estimator, the one the AQI statistics use, so that the weather's persistence and the air's read
/// alike. NaN for fewer than two days or a single regime throughout.
pub fn regime_autocorrelation(regimes: &[Regime], linked: impl Fn(usize) -> bool) -> f64 {
    let index = |i: usize| regimes[i] as usize as f64;
    let n = regimes.len();
    if n < 2 {
        return f64::NAN;
    }
    let mean = (0..n).map(index).sum::<f64>() / n as f64;
    let (mut products, mut squares) = (0.0, 0.0);
    let mut previous = f64::NAN;
    for i in 0..n {
        let d = index(i) - mean;
        squares += d * d;
        if i > 0 && linked(i) {
            products += previous * d;
        }
        previous = d;
    }
    if squares > 0.0 {
        products / squares
    } else {
        f64::NAN
    }
}

/// Mean length of runs of each regime in a sequence of days split into contiguous stretches:
/// `stretch_start[i]` is true where a new stretch begins (runs never cross a gap). NaN for a
/// regime that never occurs.
pub fn mean_run_lengths(regimes: &[Regime], stretch_start: &[bool]) -> [f64; 3] {
    let mut total = [0usize; 3];
    let mut runs = [0usize; 3];
    for (i, r) in regimes.iter().enumerate() {
        let k = *r as usize;
        total[k] += 1;
        if stretch_start[i] || regimes[i - 1] != *r {
            runs[k] += 1;
        }
    }
    std::array::from_fn(|k| {
        if runs[k] == 0 {
            f64::NAN
        } else {
            total[k] as f64 / runs[k] as f64
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [3.0, 1.0, 2.0, 4.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert!((quantile(&v, 0.5) - 2.5).abs() < 1e-12);
    }

    #[test]
    fn the_regime_autocorrelation_skips_gaps_and_is_undefined_for_one_regime() {
        use Regime::*;
        let alternating = [Ventilated, Stagnant, Ventilated, Stagnant];
        // Index deviations ±1 about the mean 1: three pairs of −1 over four squares of 1.
        assert!((regime_autocorrelation(&alternating, |_| true) + 0.75).abs() < 1e-12);
        // A gap before day 2 drops the pair (1, 2): two pairs left.
        assert!((regime_autocorrelation(&alternating, |i| i != 2) + 0.5).abs() < 1e-12);
        let runs = [Ventilated, Ventilated, Stagnant, Stagnant];
        assert!((regime_autocorrelation(&runs, |_| true) - 0.25).abs() < 1e-12);
        assert!(regime_autocorrelation(&[Transitional; 5], |_| true).is_nan());
        assert!(regime_autocorrelation(&[Stagnant], |_| true).is_nan());
    }

    #[test]
    fn runs_do_not_cross_gaps() {
        use Regime::*;
        let r = [Stagnant, Stagnant, Stagnant, Ventilated, Stagnant];
        let starts = [true, false, true, false, false];
        let m = mean_run_lengths(&r, &starts);
        // Stagnant runs: [S S] | [S], [S] → 4 days in 3 runs.
        assert!((m[2] - 4.0 / 3.0).abs() < 1e-12);
        assert_eq!(m[0], 1.0);
        assert!(m[1].is_nan());
    }
}
