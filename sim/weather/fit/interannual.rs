//! How much whole winters differ in stagnation and in persistence, and the two seasonal tilts of
//! the chain that make simulated seasons differ as much.
//!
//! One fitted chain gives every simulated season the same odds, so seasons would differ only by
//! the sampling of that chain. Real winters differ more. Some are far more stagnant than others
//! (Mao et al. 2019, Natl. Sci. Rev.: winter haze days vary by 24–125 % between years, driven by
//! the meteorology); the measure is a winter's stagnation balance b, its share of stagnant days
//! minus its share of ventilated days. And some hold their weather for longer than others; the
//! measure is the lag-1 autocorrelation r of the winter's daily regime index. The observed
//! winters' b and r give two between-winter variances. The tilt's σ is the one whose seasons,
//! simulated from the tilted chain with the observed winters' numbers of days, have the variance
//! of b; then the persistence's τ, with σ applied, the one whose seasons have the variance of r.
//! Each is found by bisection with the same draws at every value, so that the variance moves
//! with σ or τ alone and the fit is deterministic.

use chrono::Datelike;
use rand::RngExt;
use rand_distr::StandardNormal;

use super::days::{DayRecord, follows};
use super::stats::{regime_autocorrelation, variance};
use crate::random::{self, Purpose};
use crate::weather::Regime;
use crate::weather::climate::{
    MAX_PERSISTENCE_SD, MAX_TILT_SD, ObservedWinter, RegimeChain, stagnation_balance,
};

/// A winter counts only with this many classified days: fewer would be a part-winter (the data
/// start in January 2010 and end in February 2017), whose balance says more about which months
/// it has than about the winter.
pub const MIN_WINTER_DAYS: usize = 120;

/// Below this many winters a variance between them is mostly noise, and a tilt is left at 0.
const MIN_WINTERS: usize = 3;

/// Simulated seasons per evaluation: the variance's Monte Carlo error is then about 2 %, far
/// below the error of a variance of a handful of observed winters.
pub const SEASONS: u64 = 4000;

/// Length of a simulated season when there are no observed winters to copy.
const DEFAULT_SEASON_DAYS: usize = 182;

/// Root seed of the fit's own simulation; any fixed value would do.
const SEED: u64 = 0x7469_6c74;

/// Halvings of [0, 3]: the bracket ends below 1e-6, well under the 4 decimals written.
const BISECTIONS: usize = 22;

/// One fitted tilt (the seasonal tilt σ or the seasonal persistence τ), and what it was fitted to.
#[derive(Debug, Clone, PartialEq)]
pub struct Tilt {
    /// Its standard deviation.
    pub sd: f64,
    /// Between-season variance of the statistic with this tilt at 0 (and the tilt fitted before
    /// it applied): what the chain's sampling gives without it.
    pub untilted_variance: f64,
    /// The same with the fitted tilt.
    pub fitted_variance: f64,
    pub seasons: u64,
    /// Why the tilt is not the variance's match, if it is not.
    pub warning: Option<String>,
}

/// Both tilts of the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Interannual {
    /// σ, fitted to the spread of the winters' stagnation balances.
    pub tilt: Tilt,
    /// τ, fitted to the spread of the winters' regime autocorrelations, with σ applied.
    pub persistence: Tilt,
}

/// The October–March winters of `days` with at least [`MIN_WINTER_DAYS`] classified days, each
/// with its stagnation balance and regime autocorrelation, in order.
pub fn winters(days: &[DayRecord], regimes: &[Regime]) -> Vec<ObservedWinter> {
    let winter_of = |d: &DayRecord| {
        if d.date.month() >= 10 {
            d.date.year()
        } else {
            d.date.year() - 1
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    while start < days.len() {
        let winter = winter_of(&days[start]);
        let end = start
            + days[start..]
                .iter()
                .take_while(|d| winter_of(d) == winter)
                .count();
        let list = &regimes[start..end];
        if list.len() >= MIN_WINTER_DAYS {
            let r = regime_autocorrelation(list, |i| follows(days, start + i));
            out.push(ObservedWinter {
                winter,
                days: list.len(),
                balance: stagnation_balance(list.iter().copied()),
                autocorrelation: r.is_finite().then_some(r),
            });
        }
        start = end;
    }
    out
}

/// Between-winter variance (n − 1) of the balances; `None` with fewer than two winters.
pub fn balance_variance(winters: &[ObservedWinter]) -> Option<f64> {
    let b: Vec<f64> = winters.iter().map(|w| w.balance).collect();
    (b.len() >= 2).then(|| variance(&b))
}

/// Between-winter variance (n − 1) of the regime autocorrelations, over the winters that have
/// one; `None` with fewer than two.
pub fn autocorrelation_variance(winters: &[ObservedWinter]) -> Option<f64> {
    let r: Vec<f64> = winters.iter().filter_map(|w| w.autocorrelation).collect();
    (r.len() >= 2).then(|| variance(&r))
}

/// σ, whose seasons vary in b as `balance` (the winters' variance) says the winters did, then τ,
/// whose seasons with σ vary in r as `autocorrelation` says.
pub fn fit(
    chain: &RegimeChain,
    winters: &[ObservedWinter],
    balance: Option<f64>,
    autocorrelation: Option<f64>,
) -> Interannual {
    let lengths: Vec<usize> = if winters.is_empty() {
        vec![DEFAULT_SEASON_DAYS]
    } else {
        winters.iter().map(|w| w.days).collect()
    };
    let sim = Simulation::new(chain, lengths);
    let tilt = solve(
        |sd| sim.variance(Statistic::Balance, sd, 0.0),
        balance,
        winters.len(),
        MAX_TILT_SD,
        "seasonal tilt",
        "",
    );
    let persistence = solve(
        |tau| sim.variance(Statistic::Autocorrelation, tilt.sd, tau),
        autocorrelation,
        winters
            .iter()
            .filter(|w| w.autocorrelation.is_some())
            .count(),
        MAX_PERSISTENCE_SD,
        "seasonal persistence",
        " and more than one regime",
    );
    Interannual { tilt, persistence }
}

/// The sd in [0, `max`] at which `variance` reaches `target`, the variance of `winters` observed
/// winters; `name` and `qualifier` word the warnings.
fn solve(
    variance: impl Fn(f64) -> f64,
    target: Option<f64>,
    winters: usize,
    max: f64,
    name: &str,
    qualifier: &str,
) -> Tilt {
    let untilted_variance = variance(0.0);
    let done = |sd: f64, warning: Option<String>| Tilt {
        sd,
        untilted_variance,
        fitted_variance: variance(sd),
        seasons: SEASONS,
        warning,
    };
    let target = match target {
        Some(v) if winters >= MIN_WINTERS => v,
        _ => {
            return done(
                0.0,
                Some(format!(
                    "only {winters} winters with at least {MIN_WINTER_DAYS} classified \
                     days{qualifier}: too few to tell winters apart from sampling, so the {name} \
                     is 0"
                )),
            );
        }
    };
    if target <= untilted_variance {
        return done(0.0, None);
    }
    if variance(max) < target {
        return done(
            max,
            Some(format!(
                "the winters vary more than seasons with the largest {name} ({max}) do: the \
                 {name} is capped there"
            )),
        );
    }
    let (mut lo, mut hi) = (0.0, max);
    for _ in 0..BISECTIONS {
        let mid = 0.5 * (lo + hi);
        if variance(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    done(0.5 * (lo + hi), None)
}

/// What is measured of each simulated season.
#[derive(Debug, Clone, Copy)]
enum Statistic {
    /// Its stagnation balance b.
    Balance,
    /// Its regime autocorrelation r.
    Autocorrelation,
}

/// The fit's seasons: each season's z, w and length fixed, so that only σ and τ change between
/// evaluations. The regimes are drawn as the generator draws them ([`RegimeChain::next`] on the
/// chain tilted by σz, then persisted by τw), from streams of their own.
struct Simulation<'a> {
    chain: &'a RegimeChain,
    z: Vec<f64>,
    w: Vec<f64>,
    lengths: Vec<usize>,
}

impl Simulation<'_> {
    fn new(chain: &RegimeChain, lengths: Vec<usize>) -> Simulation<'_> {
        let normal = |entity| -> Vec<f64> {
            (0..SEASONS)
                .map(|s| random::stream(SEED, s, Purpose::Synthesis, entity).sample(StandardNormal))
                .collect()
        };
        // Entity 1 is the seasons' regime draws.
        Simulation {
            chain,
            z: normal(0),
            w: normal(2),
            lengths,
        }
    }

    /// Between-season variance (n − 1) of `statistic` with tilt `sd` and persistence
    /// `persistence_sd`; season s has the length of observed winter s modulo their number. A
    /// season whose statistic is undefined (r of a season of one regime) is left out.
    fn variance(&self, statistic: Statistic, sd: f64, persistence_sd: f64) -> f64 {
        let longest = self.lengths.iter().copied().max().unwrap_or(0);
        let mut regimes = Vec::with_capacity(longest);
        let mut values = Vec::with_capacity(self.z.len());
        for (s, (z, w)) in self.z.iter().zip(&self.w).enumerate() {
            let chain = self.chain.tilted(sd * z).persisted(persistence_sd * w);
            let mut rng = random::stream(SEED, s as u64, Purpose::Synthesis, 1);
            regimes.clear();
            let mut regime = None;
            for _ in 0..self.lengths[s % self.lengths.len()] {
                let r = chain.next(regime, rng.random());
                regimes.push(r);
                regime = Some(r);
            }
            let value = match statistic {
                Statistic::Balance => stagnation_balance(regimes.iter().copied()),
                Statistic::Autocorrelation => regime_autocorrelation(&regimes, |_| true),
            };
            if value.is_finite() {
                values.push(value);
            }
        }
        variance(&values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> RegimeChain {
        RegimeChain {
            initial: [0.3336, 0.3328, 0.3336],
            transition: [
                [0.5576, 0.3657, 0.0767],
                [0.2671, 0.3904, 0.3425],
                [0.1779, 0.2455, 0.5766],
            ],
        }
    }

    fn winter(balance: f64, autocorrelation: f64) -> ObservedWinter {
        ObservedWinter {
            winter: 2000,
            days: 182,
            balance,
            autocorrelation: Some(autocorrelation),
        }
    }

    /// Winters with balances `b`, all of autocorrelation 0.4.
    fn balances(b: &[f64]) -> Vec<ObservedWinter> {
        b.iter().map(|b| winter(*b, 0.4)).collect()
    }

    fn tilt(winters: &[ObservedWinter], balance: f64) -> Tilt {
        fit(&chain(), winters, Some(balance), Some(0.0)).tilt
    }

    fn persistence(winters: &[ObservedWinter], autocorrelation: f64) -> Interannual {
        fit(&chain(), winters, Some(0.0), Some(autocorrelation))
    }

    #[test]
    fn days_group_into_winters_by_their_october() {
        use chrono::NaiveDate;
        let day = |date: NaiveDate| DayRecord {
            date,
            source: 0,
            wind: 1.0,
            temp: 0.0,
            dewp: 0.0,
            rh: 50.0,
            wet: None,
            wet_hours: 0,
            precip_mm: None,
            pm25: None,
            hours: Default::default(),
        };
        let mut days = Vec::new();
        let mut regimes = Vec::new();
        // 2010-11: 150 days in runs of 3 (V S S), with a gap of one day after day 74; 2011-12:
        // 100 days, too few.
        let start = NaiveDate::from_ymd_opt(2010, 10, 1).unwrap();
        for i in (0..76).chain(77..151) {
            days.push(day(start + chrono::Duration::days(i)));
            regimes.push(if i % 3 == 0 {
                Regime::Ventilated
            } else {
                Regime::Stagnant
            });
        }
        let start = NaiveDate::from_ymd_opt(2011, 12, 1).unwrap();
        for i in 0..100 {
            days.push(day(start + chrono::Duration::days(i)));
            regimes.push(Regime::Transitional);
        }
        let w = winters(&days, &regimes);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].winter, w[0].days), (2010, 150));
        let v = regimes[..150]
            .iter()
            .filter(|r| **r == Regime::Ventilated)
            .count() as f64;
        assert!((w[0].balance - (150.0 - 2.0 * v) / 150.0).abs() < 1e-12);
        let linked: Vec<bool> = (0..150).map(|i| i != 76).collect();
        let r = regime_autocorrelation(&regimes[..150], |i| linked[i]);
        assert_eq!(w[0].autocorrelation, Some(r));
        assert_ne!(r, regime_autocorrelation(&regimes[..150], |_| true));
        assert_eq!(balance_variance(&w), None);
        assert_eq!(autocorrelation_variance(&w), None);
    }

    #[test]
    fn a_winter_of_one_regime_has_no_autocorrelation_and_is_not_counted() {
        let mut w = balances(&[0.0, 0.1, -0.1, 0.2]);
        w[1].autocorrelation = None;
        w[3].autocorrelation = Some(0.6);
        let r: [f64; 3] = [0.4, 0.4, 0.6];
        assert!((autocorrelation_variance(&w).unwrap() - variance(&r)).abs() < 1e-15);
    }

    #[test]
    fn winters_varying_no_more_than_sampling_give_no_tilt() {
        let t = tilt(&balances(&[0.0, 0.01, -0.01]), 1e-4);
        assert_eq!(t.sd, 0.0);
        assert!(t.warning.is_none());
        assert!(t.untilted_variance > 1e-3, "{}", t.untilted_variance);
        let p = persistence(&balances(&[0.0, 0.01, -0.01]), 1e-4).persistence;
        assert_eq!(p.sd, 0.0);
        assert!(p.warning.is_none());
        assert!(p.untilted_variance > 1e-3, "{}", p.untilted_variance);
    }

    #[test]
    fn fewer_than_three_winters_give_no_tilts_and_warnings() {
        let fitted = fit(&chain(), &balances(&[-0.3, 0.3]), Some(0.18), Some(0.05));
        assert_eq!(fitted.tilt.sd, 0.0);
        assert!(fitted.tilt.warning.unwrap().contains("only 2 winters"));
        assert_eq!(fitted.persistence.sd, 0.0);
        let warning = fitted.persistence.warning.unwrap();
        assert!(warning.contains("only 2 winters"), "{warning}");
        assert!(warning.contains("seasonal persistence is 0"), "{warning}");
        // Three winters, but one without an autocorrelation: still too few for τ.
        let mut w = balances(&[-0.3, 0.0, 0.3]);
        w[0].autocorrelation = None;
        let fitted = fit(&chain(), &w, Some(0.09), Some(0.05));
        assert!(fitted.tilt.sd > 0.0 && fitted.tilt.warning.is_none());
        assert_eq!(fitted.persistence.sd, 0.0);
        assert!(fitted.persistence.warning.is_some());
    }

    #[test]
    fn the_bisection_matches_the_target_and_is_deterministic() {
        let winters = balances(&[-0.2, 0.0, 0.2]);
        let target = 0.03;
        let t = tilt(&winters, target);
        assert!(t.sd > 0.0 && t.sd < MAX_TILT_SD, "{t:?}");
        assert!(
            (t.fitted_variance - target).abs() < 0.001,
            "{} vs {target}",
            t.fitted_variance
        );
        assert_eq!(t, tilt(&winters, target));
        let more = tilt(&winters, 2.0 * target);
        assert!(more.sd > t.sd, "{} vs {}", more.sd, t.sd);
    }

    #[test]
    fn the_persistence_bisection_matches_the_target_with_the_tilt_applied() {
        let winters = balances(&[-0.2, 0.0, 0.2]);
        let target = 0.02;
        let fitted = fit(&chain(), &winters, Some(0.03), Some(target));
        let p = &fitted.persistence;
        assert!(p.sd > 0.0 && p.sd < MAX_PERSISTENCE_SD, "{p:?}");
        assert!(
            (p.fitted_variance - target).abs() < 0.0005,
            "{} vs {target}",
            p.fitted_variance
        );
        assert!(p.untilted_variance < target, "{p:?}");
        assert_eq!(fitted, fit(&chain(), &winters, Some(0.03), Some(target)));
        // The tilt is fitted first and does not depend on the persistence.
        assert_eq!(fitted.tilt, tilt(&winters, 0.03));
        // σ changes the seasons τ is fitted on: without it, another τ matches.
        let untilted = fit(&chain(), &winters, Some(0.0), Some(target));
        assert_eq!(untilted.tilt.sd, 0.0);
        assert_ne!(untilted.persistence.sd, p.sd);
        let more = fit(&chain(), &winters, Some(0.03), Some(2.0 * target)).persistence;
        assert!(more.sd > p.sd, "{} vs {}", more.sd, p.sd);
    }

    #[test]
    fn an_unreachable_variance_caps_the_tilts_with_warnings() {
        let t = tilt(&balances(&[-1.0, 0.0, 1.0]), 1.0);
        assert_eq!(t.sd, MAX_TILT_SD);
        assert!(t.warning.is_some());
        let p = persistence(&balances(&[0.0, 0.0, 0.0]), 4.0).persistence;
        assert_eq!(p.sd, MAX_PERSISTENCE_SD);
        assert!(p.warning.unwrap().contains("capped"));
    }
}
