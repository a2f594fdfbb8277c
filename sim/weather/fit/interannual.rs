//! How much whole winters differ in stagnation, and the seasonal tilt of the chain that makes
//! simulated seasons differ as much.
//!
//! One fitted chain gives every simulated season the same odds, so seasons would differ only by
//! the sampling of that chain. Real winters differ more: some are far more stagnant than others
//! (Mao et al. 2019, Natl. Sci. Rev.: winter haze days vary by 24–125 % between years, driven by
//! the meteorology). The measure is a winter's stagnation balance b, its share of stagnant days
//! minus its share of ventilated days. The observed winters' b give a between-winter variance;
//! the tilt's σ is the one whose seasons, simulated from the tilted chain with the observed
//! winters' numbers of days, have that variance. It is found by bisection with the same draws at
//! every σ, so that the variance moves with σ alone and the fit is deterministic.

use chrono::Datelike;
use rand::RngExt;
use rand_distr::StandardNormal;

use super::days::DayRecord;
use super::stats::variance;
use crate::random::{self, Purpose};
use crate::weather::Regime;
use crate::weather::climate::{MAX_TILT_SD, RegimeChain, WinterBalance, stagnation_balance};

/// A winter counts only with this many classified days: fewer would be a part-winter (the data
/// start in January 2010 and end in February 2017), whose balance says more about which months
/// it has than about the winter.
pub const MIN_WINTER_DAYS: usize = 120;

/// Below this many winters a variance between them is mostly noise, and the tilt is left at 0.
const MIN_WINTERS: usize = 3;

/// Simulated seasons per evaluation: the variance's Monte Carlo error is then about 2 %, far
/// below the error of a variance of a handful of observed winters.
pub const SEASONS: u64 = 4000;

/// Length of a simulated season when there are no observed winters to copy.
const DEFAULT_SEASON_DAYS: usize = 182;

/// Root seed of the fit's own simulation; any fixed value would do.
const SEED: u64 = 0x7469_6c74;

/// Halvings of [0, MAX_TILT_SD]: the bracket ends below 1e-6, well under the 4 decimals written.
const BISECTIONS: usize = 22;

/// The fitted tilt, and what it was fitted to.
#[derive(Debug, Clone, PartialEq)]
pub struct Tilt {
    /// σ, the standard deviation of the seasonal tilt.
    pub sd: f64,
    /// Between-season variance of b in seasons of the untilted chain: sampling alone.
    pub chain_variance: f64,
    /// The same with the tilt σ.
    pub fitted_variance: f64,
    pub seasons: u64,
    /// Why σ is not the variance's match, if it is not.
    pub warning: Option<String>,
}

/// The October–March winters of `days` with at least [`MIN_WINTER_DAYS`] classified days, each
/// with its stagnation balance, in order.
pub fn winters(days: &[DayRecord], regimes: &[Regime]) -> Vec<WinterBalance> {
    let mut out: Vec<(i32, Vec<Regime>)> = Vec::new();
    for (d, r) in days.iter().zip(regimes) {
        let winter = if d.date.month() >= 10 {
            d.date.year()
        } else {
            d.date.year() - 1
        };
        match out.last_mut() {
            Some((w, list)) if *w == winter => list.push(*r),
            _ => out.push((winter, vec![*r])),
        }
    }
    out.into_iter()
        .filter(|(_, list)| list.len() >= MIN_WINTER_DAYS)
        .map(|(winter, list)| WinterBalance {
            winter,
            days: list.len(),
            balance: stagnation_balance(list),
        })
        .collect()
}

/// Between-winter variance (n − 1) of the balances; `None` with fewer than two winters.
pub fn between_winter_variance(winters: &[WinterBalance]) -> Option<f64> {
    let b: Vec<f64> = winters.iter().map(|w| w.balance).collect();
    (b.len() >= 2).then(|| variance(&b))
}

/// The σ whose seasons vary in b as `observed` says the winters did.
pub fn fit(chain: &RegimeChain, winters: &[WinterBalance], observed: Option<f64>) -> Tilt {
    let lengths: Vec<usize> = if winters.is_empty() {
        vec![DEFAULT_SEASON_DAYS]
    } else {
        winters.iter().map(|w| w.days).collect()
    };
    let sim = Simulation::new(chain, lengths);
    let chain_variance = sim.variance(0.0);
    let done = |sd: f64, warning: Option<String>| Tilt {
        sd,
        chain_variance,
        fitted_variance: sim.variance(sd),
        seasons: SEASONS,
        warning,
    };
    let target = match observed {
        Some(v) if winters.len() >= MIN_WINTERS => v,
        _ => {
            return done(
                0.0,
                Some(format!(
                    "only {} winters with at least {MIN_WINTER_DAYS} classified days: too few to \
                     tell winters apart from sampling, so the seasonal tilt is 0",
                    winters.len()
                )),
            );
        }
    };
    if target <= chain_variance {
        return done(0.0, None);
    }
    if sim.variance(MAX_TILT_SD) < target {
        return done(
            MAX_TILT_SD,
            Some(format!(
                "the winters vary more than seasons with the largest tilt ({MAX_TILT_SD}) do: the \
                 tilt is capped there"
            )),
        );
    }
    let (mut lo, mut hi) = (0.0, MAX_TILT_SD);
    for _ in 0..BISECTIONS {
        let mid = 0.5 * (lo + hi);
        if sim.variance(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    done(0.5 * (lo + hi), None)
}

/// The fit's seasons: each season's z and its length fixed, so that only σ changes between
/// evaluations. The regimes are drawn as the generator draws them ([`RegimeChain::next`]), from
/// streams of their own.
struct Simulation<'a> {
    chain: &'a RegimeChain,
    z: Vec<f64>,
    lengths: Vec<usize>,
}

impl Simulation<'_> {
    fn new(chain: &RegimeChain, lengths: Vec<usize>) -> Simulation<'_> {
        let z = (0..SEASONS)
            .map(|s| random::stream(SEED, s, Purpose::Synthesis, 0).sample(StandardNormal))
            .collect();
        Simulation { chain, z, lengths }
    }

    /// Between-season variance (n − 1) of b with tilt `sd`; season s has the length of observed
    /// winter s modulo their number.
    fn variance(&self, sd: f64) -> f64 {
        let balances: Vec<f64> = self
            .z
            .iter()
            .enumerate()
            .map(|(s, z)| {
                let chain = self.chain.tilted(sd * z);
                let mut rng = random::stream(SEED, s as u64, Purpose::Synthesis, 1);
                let days = self.lengths[s % self.lengths.len()];
                let mut regime = None;
                let mut sum = 0.0;
                for _ in 0..days {
                    let r = chain.next(regime, rng.random());
                    sum += r.stagnation();
                    regime = Some(r);
                }
                sum / days as f64
            })
            .collect();
        variance(&balances)
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

    fn winter(balance: f64) -> WinterBalance {
        WinterBalance {
            winter: 2000,
            days: 182,
            balance,
        }
    }

    #[test]
    fn days_group_into_winters_by_their_october() {
        use chrono::NaiveDate;
        let day = |y, m, d| DayRecord {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
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
        // 2010-11: 150 days, two thirds stagnant; 2011-12: 100 days, too few.
        let start = NaiveDate::from_ymd_opt(2010, 10, 1).unwrap();
        for i in 0..150 {
            let d = start + chrono::Duration::days(i);
            days.push(day(d.year(), d.month(), d.day()));
            regimes.push(if i % 3 == 0 {
                Regime::Ventilated
            } else {
                Regime::Stagnant
            });
        }
        let start = NaiveDate::from_ymd_opt(2011, 12, 1).unwrap();
        for i in 0..100 {
            let d = start + chrono::Duration::days(i);
            days.push(day(d.year(), d.month(), d.day()));
            regimes.push(Regime::Transitional);
        }
        let w = winters(&days, &regimes);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].winter, w[0].days), (2010, 150));
        assert!((w[0].balance - (100.0 - 50.0) / 150.0).abs() < 1e-12);
    }

    #[test]
    fn winters_varying_no_more_than_sampling_give_no_tilt() {
        let t = fit(
            &chain(),
            &[winter(0.0), winter(0.01), winter(-0.01)],
            Some(1e-4),
        );
        assert_eq!(t.sd, 0.0);
        assert!(t.warning.is_none());
        assert!(t.chain_variance > 1e-3, "{}", t.chain_variance);
    }

    #[test]
    fn fewer_than_three_winters_give_no_tilt_and_a_warning() {
        let t = fit(&chain(), &[winter(-0.3), winter(0.3)], Some(0.18));
        assert_eq!(t.sd, 0.0);
        assert!(t.warning.unwrap().contains("only 2 winters"));
    }

    #[test]
    fn the_bisection_matches_the_target_and_is_deterministic() {
        let winters = [winter(-0.2), winter(0.0), winter(0.2)];
        let target = 0.03;
        let t = fit(&chain(), &winters, Some(target));
        assert!(t.sd > 0.0 && t.sd < MAX_TILT_SD, "{t:?}");
        assert!(
            (t.fitted_variance - target).abs() < 0.001,
            "{} vs {target}",
            t.fitted_variance
        );
        assert_eq!(t, fit(&chain(), &winters, Some(target)));
        let more = fit(&chain(), &winters, Some(2.0 * target));
        assert!(more.sd > t.sd, "{} vs {}", more.sd, t.sd);
    }

    #[test]
    fn an_unreachable_variance_caps_the_tilt_with_a_warning() {
        let t = fit(
            &chain(),
            &[winter(-1.0), winter(0.0), winter(1.0)],
            Some(1.0),
        );
        assert_eq!(t.sd, MAX_TILT_SD);
        assert!(t.warning.is_some());
    }
}
