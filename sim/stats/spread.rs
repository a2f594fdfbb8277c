//! An outcome over many seasons: how many it applies to, its mean with the Monte Carlo standard
//! error of that mean, and its 5, 50 and 95 % quantiles. `summary.csv` and the reports both use
//! it, so they agree to the last digit.

use serde::Serialize;

use super::quantile;

/// An outcome over the seasons it applies to.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Stat {
    pub n: usize,
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    /// Monte Carlo standard error of the mean.
    pub se: f64,
}

impl Stat {
    pub fn of(values: &[f64]) -> Stat {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        let n = v.len();
        if n == 0 {
            return Stat {
                n,
                mean: f64::NAN,
                p5: f64::NAN,
                p50: f64::NAN,
                p95: f64::NAN,
                se: f64::NAN,
            };
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        let se = if n > 1 {
            (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64 / n as f64).sqrt()
        } else {
            f64::NAN
        };
        Stat {
            n,
            mean,
            p5: quantile(&mut v, 0.05),
            p50: quantile(&mut v, 0.5),
            p95: quantile(&mut v, 0.95),
            se,
        }
    }

    /// The same outcome in other units.
    pub fn scaled(self, k: f64) -> Stat {
        Stat {
            mean: self.mean * k,
            p5: self.p5 * k,
            p50: self.p50 * k,
            p95: self.p95 * k,
            se: self.se * k,
            ..self
        }
    }
}
