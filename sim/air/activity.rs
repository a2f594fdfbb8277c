//! Day-to-day variability the city-scale weather does not explain.
//!
//! Industrial output, traffic, construction and open burning vary from day to day for reasons of
//! their own (the local factor), and the regional pool's sources upwind change with the wind's
//! direction, which the model's regimes do not carry (the upwind factor). Without them simulated
//! days follow the weather too smoothly: daily AQI would be more persistent than observed. Each is
//! a log-normal factor of mean 1 per day, drawn from the season's own streams.

/// The season's daily factors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DailyFactors {
    /// On local emissions, city-wide.
    pub local: Vec<f64>,
    /// On the regional pool's sources.
    pub upwind: Vec<f64>,
}

impl DailyFactors {
    /// Fill both series for `days` days of season `season` of `seed`.
    pub fn draw(
        &mut self,
        local_log_sd: f64,
        upwind_log_sd: f64,
        seed: u64,
        season: u64,
        days: usize,
    ) {
        daily_factors(local_log_sd, seed, season, 0, days, &mut self.local);
        daily_factors(upwind_log_sd, seed, season, 1, days, &mut self.upwind);
    }
}

use rand_distr::{Distribution, StandardNormal};

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

#[cfg(test)]
mod tests {
    use super::*;

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
