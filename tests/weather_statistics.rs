//! The generator, driven by the fitted climate without the site adjustment, reproduces the
//! statistics of the data it was fitted on (the `[observed]` table that `calibrate weather`
//! wrote beside the fitted values), over 200 simulated seasons with fixed seeds; and its seasonal
//! tilt and persistence make whole seasons differ in stagnation and in the persistence of their
//! regimes as much as the observed winters did, over 1400.
//!
//! Tolerances are stated per statistic. They allow for sampling error (the data are 1334 days;
//! 200 seasons are 36,400) and for what the generator does on purpose that the fit's summary
//! does not: days ramp into each other over four hours around midnight (which pulls a regime's
//! mean towards its neighbours'), and RH is kept within 1–100 %.

use std::path::Path;

use chrono::NaiveDate;
use smogsim::calendar::{Calendar, CalendarSpec};
use smogsim::weather::fit::stats::{mean, regime_autocorrelation, variance};
use smogsim::weather::{
    Climate, ObservedStats, Regime, SeasonWeather, SiteAdjustment, generate, stagnation_balance,
};

const CLIMATE: &str = include_str!("../scenarios/liaocheng-2020/climate.toml");
const SEASONS: u64 = 200;
const SEED: u64 = 20_201_001;

fn calendar() -> Calendar {
    Calendar::new(&CalendarSpec {
        start: NaiveDate::from_ymd_opt(2020, 10, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2021, 3, 31).unwrap(),
        heating_from: (11, 15),
        heating_to: (3, 15),
        spring_festival: NaiveDate::from_ymd_opt(2021, 2, 12),
        festival_days_before: 1,
        festival_days_after: 6,
    })
}

/// The same statistics as the fit's `[observed]`, computed from generated seasons.
struct Simulated {
    frequency: [f64; 3],
    mean_run: [f64; 3],
    wind: [f64; 3],
    rh: [f64; 3],
    rh_all: f64,
    wet_days: [f64; 3],
    wet_days_all: f64,
    monthly_temp: [f64; 6],
}

fn simulate(climate: &Climate) -> Simulated {
    let cal = calendar();
    let mut w = SeasonWeather::new(cal.hours(), 1);
    let mut days = [0.0; 3];
    let mut runs = [0.0; 3];
    let mut wind = [0.0; 3];
    let mut rh = [0.0; 3];
    let mut wet = [0.0; 3];
    let mut month_sum = [0.0; 6];
    let mut month_n = [0.0; 6];
    for season in 0..SEASONS {
        generate(climate, &cal, SEED, season, &mut w);
        for d in 0..cal.days() {
            let hours = d * 24..(d + 1) * 24;
            let k = w.regime[d * 24] as usize;
            days[k] += 1.0;
            if d == 0 || w.regime[(d - 1) * 24] != w.regime[d * 24] {
                runs[k] += 1.0;
            }
            wind[k] += w.wind[hours.clone()].iter().sum::<f64>() / 24.0;
            rh[k] += w.rh[hours.clone()].iter().sum::<f64>() / 24.0;
            wet[k] += f64::from(w.precip[hours.clone()].iter().any(|p| *p > 0.0));
            let m = match cal.month[d] {
                10 => 0,
                11 => 1,
                12 => 2,
                1 => 3,
                2 => 4,
                _ => 5,
            };
            month_sum[m] += w.temp[hours].iter().sum::<f64>() / 24.0;
            month_n[m] += 1.0;
        }
    }
    let total: f64 = days.iter().sum();
    Simulated {
        frequency: days.map(|n| n / total),
        mean_run: std::array::from_fn(|k| days[k] / runs[k]),
        wind: std::array::from_fn(|k| wind[k] / days[k]),
        rh: std::array::from_fn(|k| rh[k] / days[k]),
        rh_all: rh.iter().sum::<f64>() / total,
        wet_days: std::array::from_fn(|k| wet[k] / days[k]),
        wet_days_all: wet.iter().sum::<f64>() / total,
        monthly_temp: std::array::from_fn(|m| month_sum[m] / month_n[m]),
    }
}

fn fitted() -> (Climate, ObservedStats) {
    let mut climate =
        Climate::from_toml(CLIMATE, Path::new("climate.toml")).expect("valid climate");
    climate.site = SiteAdjustment::none();
    let observed = climate.observed.clone().expect("an [observed] table");
    (climate, observed)
}

fn close(what: &str, sim: f64, obs: f64, tolerance: f64) {
    assert!(
        (sim - obs).abs() <= tolerance,
        "{what}: simulated {sim:.4}, observed {obs:.4}, tolerance ±{tolerance}"
    );
}

fn relative(what: &str, sim: f64, obs: f64, tolerance: f64) {
    assert!(
        ((sim - obs) / obs).abs() <= tolerance,
        "{what}: simulated {sim:.4}, observed {obs:.4}, tolerance ±{:.0} %",
        tolerance * 100.0
    );
}

#[test]
fn the_generator_reproduces_the_fitted_statistics() {
    let (climate, o) = fitted();
    let s = simulate(&climate);
    for r in Regime::ALL {
        let k = r as usize;
        let id = r.id();
        // Stationary frequencies of the fitted chain; the data's sampling error is about ±0.013.
        close(
            &format!("{id} frequency"),
            s.frequency[k],
            o.regime_frequency[k],
            0.03,
        );
        relative(
            &format!("{id} mean run (days)"),
            s.mean_run[k],
            o.mean_run_days[k],
            0.08,
        );
        relative(
            &format!("{id} mean wind"),
            s.wind[k],
            o.wind_mean_ms[k],
            0.05,
        );
        close(&format!("{id} mean RH"), s.rh[k], o.rh_mean_pct[k], 2.5);
        close(
            &format!("{id} wet-day share"),
            s.wet_days[k],
            o.precip_day_frequency[k],
            0.02,
        );
    }
    close("mean RH", s.rh_all, o.rh_mean_all_pct, 2.0);
    close(
        "wet-day share",
        s.wet_days_all,
        o.precip_day_frequency_all,
        0.015,
    );
    for (m, name) in ["Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
        .iter()
        .enumerate()
    {
        close(
            &format!("{name} mean temperature"),
            s.monthly_temp[m],
            o.monthly_mean_c[m],
            0.5,
        );
    }
}

#[test]
fn the_site_adjustment_moves_the_climate_as_stated() {
    let (beijing, _) = fitted();
    let liaocheng = Climate::from_toml(CLIMATE, Path::new("climate.toml")).unwrap();
    let b = simulate(&beijing);
    let l = simulate(&liaocheng);
    let site = &liaocheng.site;
    // Same seeds: the regimes are the same, so the shifts are exact up to RH's bounds.
    assert_eq!(b.frequency, l.frequency);
    for m in 0..6 {
        close(
            "temperature shift",
            l.monthly_temp[m] - b.monthly_temp[m],
            site.temp_offset_c,
            1e-6,
        );
    }
    for k in 0..3 {
        relative("wind scale", l.wind[k] / b.wind[k], site.wind_scale, 1e-9);
    }
    close("RH shift", l.rh_all - b.rh_all, site.rh_offset_pct, 1.5);
}

// ---- how much whole seasons differ ----

/// A season of `days` days from 1 October 2020.
fn season_of(days: usize) -> Calendar {
    let start = NaiveDate::from_ymd_opt(2020, 10, 1).unwrap();
    Calendar::new(&CalendarSpec {
        start,
        end: start + chrono::Duration::days(days as i64 - 1),
        heating_from: (11, 15),
        heating_to: (3, 15),
        spring_festival: None,
        festival_days_before: 0,
        festival_days_after: 0,
    })
}

/// The daily regimes of `n` seasons; season s has the length of observed winter s modulo their
/// number, as in the fit.
fn seasons(climate: &Climate, lengths: &[usize], n: u64) -> Vec<Vec<Regime>> {
    let calendars: Vec<Calendar> = lengths.iter().map(|d| season_of(*d)).collect();
    let mut w = SeasonWeather::new(0, 1);
    (0..n)
        .map(|s| {
            let cal = &calendars[s as usize % calendars.len()];
            generate(climate, cal, SEED, s, &mut w);
            w.regime.iter().step_by(24).copied().collect()
        })
        .collect()
}

/// The stagnation balance of each of `n` seasons.
fn balances(climate: &Climate, lengths: &[usize], n: u64) -> Vec<f64> {
    seasons(climate, lengths, n)
        .into_iter()
        .map(stagnation_balance)
        .collect()
}

/// The lag-1 autocorrelation of the regime index of each of `n` seasons (none is of one regime).
fn autocorrelations(climate: &Climate, lengths: &[usize], n: u64) -> Vec<f64> {
    seasons(climate, lengths, n)
        .iter()
        .map(|r| regime_autocorrelation(r, |_| true))
        .inspect(|r| assert!(r.is_finite()))
        .collect()
}

fn winter_lengths(o: &ObservedStats) -> Vec<usize> {
    o.winters.iter().map(|w| w.days).collect()
}

#[test]
fn seasons_differ_in_stagnation_as_much_as_the_observed_winters_did() {
    let (climate, o) = fitted();
    let observed = o.balance_variance.expect("the winters' variance");
    let b = balances(&climate, &winter_lengths(&o), 1400);
    let v = variance(&b);
    // The variance of 1400 seasons' balances has a sampling error of about 4 %, and the fit's own
    // 4000 seasons about 2 %: ±15 % is over three combined standard errors. The persistence, fitted
    // after the tilt, adds a little: more persistent seasons sample their balance less finely.
    relative("between-season variance of the balance", v, observed, 0.15);
}

#[test]
fn seasons_differ_in_persistence_as_much_as_the_observed_winters_did() {
    let (climate, o) = fitted();
    let observed = o.autocorrelation_variance.expect("the winters' variance");
    let r = autocorrelations(&climate, &winter_lengths(&o), 1400);
    let v = variance(&r);
    // As for the balance: about 4 % and 2 % of sampling error, ±15 % is over three of them.
    relative(
        "between-season variance of the regime autocorrelation",
        v,
        observed,
        0.15,
    );
}

#[test]
fn a_larger_persistence_makes_seasons_differ_more_in_it() {
    let (mut climate, o) = fitted();
    let lengths = winter_lengths(&o);
    let fitted_sd = climate.interannual_persistence_sd;
    let mut previous = 0.0;
    for sd in [0.0, 0.5 * fitted_sd, fitted_sd, 2.0 * fitted_sd] {
        climate.interannual_persistence_sd = sd;
        let v = variance(&autocorrelations(&climate, &lengths, 700));
        assert!(
            v > previous,
            "persistence sd {sd}: variance {v}, below {previous}"
        );
        if sd == 0.0 {
            // The tilt alone, with sampling, leaves the seasons far more alike than the winters.
            let observed = o.autocorrelation_variance.unwrap();
            assert!(v < 0.5 * observed, "unpersisted {v}, observed {observed}");
        }
        previous = v;
    }
}

#[test]
fn the_persistence_leaves_the_mean_regime_frequencies_and_autocorrelation_almost_where_they_were() {
    let (persisted, o) = fitted();
    let mut flat = persisted.clone();
    flat.interannual_persistence_sd = 0.0;
    let lengths = [182];
    let frequencies = |c: &Climate| {
        let mut n = [0.0; 3];
        for season in seasons(c, &lengths, 1000) {
            for r in season {
                n[r as usize] += 1.0;
            }
        }
        let total: f64 = n.iter().sum();
        n.map(|x| x / total)
    };
    let (p, f) = (frequencies(&persisted), frequencies(&flat));
    for r in Regime::ALL {
        let k = r as usize;
        close(
            &format!("{} frequency, persisted vs not", r.id()),
            p[k],
            f[k],
            0.01,
        );
    }
    // exp(τw) is convex, so the mean chance of staying, and the mean autocorrelation, rise a
    // little (about 0.01 at the fitted τ); the seasons' spread is the change.
    let (p, f) = (
        mean(autocorrelations(&persisted, &lengths, 1000)),
        mean(autocorrelations(&flat, &lengths, 1000)),
    );
    close("mean regime autocorrelation, persisted vs not", p, f, 0.03);
    let observed = mean(o.winters.iter().filter_map(|w| w.autocorrelation));
    close(
        "mean regime autocorrelation, persisted vs winters",
        p,
        observed,
        0.06,
    );
}

#[test]
fn a_larger_tilt_makes_seasons_differ_more() {
    let (mut climate, o) = fitted();
    let lengths = winter_lengths(&o);
    let fitted_sd = climate.interannual_tilt_sd;
    let mut previous = 0.0;
    for sd in [0.0, 0.5 * fitted_sd, fitted_sd, 2.0 * fitted_sd] {
        climate.interannual_tilt_sd = sd;
        let v = variance(&balances(&climate, &lengths, 700));
        assert!(v > previous, "tilt sd {sd}: variance {v}, below {previous}");
        if sd == 0.0 {
            // Sampling of one chain alone falls well short of the winters' spread.
            let observed = o.balance_variance.unwrap();
            assert!(v < 0.6 * observed, "untilted {v}, observed {observed}");
        }
        previous = v;
    }
}

#[test]
fn the_tilt_leaves_the_mean_regime_frequencies_where_the_chain_has_them() {
    let (tilted, _) = fitted();
    let mut flat = tilted.clone();
    flat.interannual_tilt_sd = 0.0;
    let frequencies = |c: &Climate| {
        let cal = calendar();
        let mut w = SeasonWeather::new(cal.hours(), 1);
        let mut n = [0.0; 3];
        for s in 0..1000 {
            generate(c, &cal, SEED, s, &mut w);
            for r in w.regime.iter().step_by(24) {
                n[*r as usize] += 1.0;
            }
        }
        let total: f64 = n.iter().sum();
        n.map(|x| x / total)
    };
    let (t, f) = (frequencies(&tilted), frequencies(&flat));
    for r in Regime::ALL {
        let k = r as usize;
        close(
            &format!("{} frequency, tilted vs not", r.id()),
            t[k],
            f[k],
            0.01,
        );
    }
}
