//! Day-to-day variability the city-scale weather does not explain.
//!
//! Industrial output, traffic, construction and open burning vary from day to day for reasons of
//! their own (the local factor), and the regional pool's sources upwind change with the wind's
//! direction, which the model's regimes do not carry (the upwind factor). Without them simulated
//! days follow the weather too smoothly: daily AQI would be more persistent than observed. Each is
//! a log-normal factor of mean 1 per day, drawn from the season's own streams. The city's few
//! monitoring sites also see their own air, not the model's box mean: an hourly factor with a
//! few hours' memory on what the city reports (representativeness).

/// The season's factors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeasonFactors {
    /// Per day: on local emissions, city-wide.
    pub local: Vec<f64>,
    /// Per day: on the regional pool's sources.
    pub upwind: Vec<f64>,
    /// Per hour: the city's monitors against the model's box mean (representativeness), on all
    /// concentrations the city reports.
    pub site: Vec<f64>,
}

impl SeasonFactors {
    /// Draw every series for `days` days of season `season` of `seed`.
    pub fn draw(&mut self, params: &AirParams, seed: u64, season: u64, days: usize) {
        daily_factors(
            params.daily_activity_log_sd,
            seed,
            season,
            0,
            days,
            &mut self.local,
        );
        daily_factors(
            params.daily_upwind_log_sd,
            seed,
            season,
            1,
            days,
            &mut self.upwind,
        );
        hourly_factors(
            params.site_log_sd,
            params.site_correlation_hours,
            seed,
            season,
            days * 24,
            &mut self.site,
        );
    }
}

use rand_distr::{Distribution, StandardNormal};

use super::params::AirParams;
use crate::random::{Purpose, stream};

/// Fill `out` with one factor per day (mean 1, log-sd `log_sd`) from stream `entity` of season
/// `season` of `seed`.
pub fn daily_factors(
    log_sd: f64,
    seed: u64,
    season: u64,
    entity: u64,
    days: usize,
    out: &mut Vec<f64>,
) {
    out.clear();
    let mut rng = stream(seed, season, Purpose::Air, entity);
    let shift = 0.5 * log_sd * log_sd;
    for _ in 0..days {
        let z: f64 = StandardNormal.sample(&mut rng);
        out.push((log_sd * z - shift).exp());
    }
}

/// Fill `out` with `hours` log-normal factors of mean 1 and log-sd `log_sd`, correlated from
/// hour to hour with e-folding time `correlation_hours` (an AR(1) of the logarithm), from stream
/// 2 of the season.
pub fn hourly_factors(
    log_sd: f64,
    correlation_hours: f64,
    seed: u64,
    season: u64,
    hours: usize,
    out: &mut Vec<f64>,
) {
    out.clear();
    let mut rng = stream(seed, season, Purpose::Air, 2);
    let phi = (-1.0 / correlation_hours.max(1e-9)).exp();
    let innovation = (1.0 - phi * phi).sqrt();
    let shift = 0.5 * log_sd * log_sd;
    let mut z: f64 = StandardNormal.sample(&mut rng);
    for _ in 0..hours {
        out.push((log_sd * z - shift).exp());
        let e: f64 = StandardNormal.sample(&mut rng);
        z = phi * z + innovation * e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_factors_are_correlated_over_the_stated_time() {
        let mut f = Vec::new();
        hourly_factors(0.3, 6.0, 1, 0, 50_000, &mut f);
        let logs: Vec<f64> = f.iter().map(|x| x.ln()).collect();
        let mean = logs.iter().sum::<f64>() / logs.len() as f64;
        let var = logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / logs.len() as f64;
        let lag6 = logs
            .windows(7)
            .map(|w| (w[0] - mean) * (w[6] - mean))
            .sum::<f64>()
            / (logs.len() - 6) as f64
            / var;
        assert!((var.sqrt() - 0.3).abs() < 0.01, "{}", var.sqrt());
        assert!((lag6 - (-1.0f64).exp()).abs() < 0.03, "{lag6}");
        assert!((f.iter().sum::<f64>() / f.len() as f64 - 1.0).abs() < 0.01);
    }

    #[test]
    fn factors_average_one_with_the_given_spread() {
        let mut f = Vec::new();
        daily_factors(0.2, 1, 0, 0, 20_000, &mut f);
        let mean = f.iter().sum::<f64>() / f.len() as f64;
        let log_sd = (f.iter().map(|x| x.ln().powi(2)).sum::<f64>() / f.len() as f64
            - (f.iter().map(|x| x.ln()).sum::<f64>() / f.len() as f64).powi(2))
        .sqrt();
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
        assert!((log_sd - 0.2).abs() < 0.01, "{log_sd}");
        let mut g = Vec::new();
        daily_factors(0.2, 1, 0, 0, 20_000, &mut g);
        assert_eq!(f, g);
        daily_factors(0.0, 1, 0, 0, 3, &mut g);
        assert_eq!(g, vec![1.0; 3]);
    }
}
