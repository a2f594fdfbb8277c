//! The climate file's validation and the generator's contract: determinism, reuse of buffers,
//! physical values, county factors, diurnal timing. The statistics against the fitting data are
//! in `tests/weather_statistics.rs`.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::calendar::{Calendar, CalendarSpec};

const LIAOCHENG: &str = include_str!("../../scenarios/liaocheng-2020/climate.toml");
const ADJUST: &str = include_str!("../../scenarios/liaocheng-2020/climate-adjust.toml");

fn climate() -> Climate {
    Climate::from_toml(LIAOCHENG, Path::new("climate.toml")).expect("valid climate")
}

fn winter() -> Calendar {
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

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    text[..at].matches('\n').count() + 1
}

/// The errors of `text` with `from` replaced by `to` (which must be in the text once).
fn errors_after(from: &str, to: &str) -> (String, Vec<crate::InputError>) {
    assert_eq!(LIAOCHENG.matches(from).count(), 1, "{from} must be unique");
    let text = LIAOCHENG.replacen(from, to, 1);
    let errors = Climate::from_toml(&text, Path::new("climate.toml"))
        .expect_err("the edit must be rejected");
    (text, errors)
}

#[test]
fn the_committed_climates_are_valid_and_identical() {
    let c = climate();
    assert_eq!(c.name, "Liaocheng");
    assert_eq!(c.site.from, "Beijing");
    assert!(c.observed.is_some());
    assert_eq!(
        LIAOCHENG,
        include_str!("../../scenarios/liaocheng-2016/climate.toml"),
        "the 2016 scenario shares the 2020 climate"
    );
}

#[test]
fn every_assumed_value_has_its_reason_and_fitted_tables_have_none() {
    let c = climate();
    let fields: Vec<&str> = c.assumptions.iter().map(|a| a.field.as_str()).collect();
    for f in [
        "classification.quantiles",
        "day_change.ramp_hours",
        "mixing_height.night_min_m",
        "mixing_height.cap_m",
        "county.log_sd",
        "site.temp_offset_c",
        "site.rh_offset_pct",
        "site.wind_scale",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    assert!(
        !fields
            .iter()
            .any(|f| f.starts_with("regime") || f.starts_with("hourly")),
        "{fields:?}"
    );
}

#[test]
fn the_committed_climate_is_the_fit_of_the_committed_assumptions() {
    let a = Assumptions::from_toml(ADJUST, Path::new("climate-adjust.toml")).unwrap();
    let c = climate();
    assert_eq!(c.site.temp_offset_c, a.file.site.temp_offset_c);
    assert_eq!(c.site.rh_offset_pct, a.file.site.rh_offset_pct);
    assert_eq!(c.site.wind_scale, a.file.site.wind_scale);
    assert_eq!(c.rule.quantiles, a.quantiles);
    assert_eq!(c.mixing.cap_m, a.file.mixing_height.cap_m);
}

#[test]
fn an_unknown_key_is_located_and_named() {
    let (text, errors) = errors_after("wind_scale = 0.9\n", "wind_scale = 0.9\nwind_scal = 1.0\n");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.location.line, Some(line_of(&text, "wind_scal = ")), "{e}");
    assert!(e.location.column.is_some(), "{e}");
    assert!(e.message.contains("wind_scal"), "{e}");
}

#[test]
fn a_wrong_type_is_located_and_named() {
    let (text, errors) = errors_after("ramp_hours = 4.0\n", "ramp_hours = \"four\"\n");
    let e = &errors[0];
    assert_eq!(e.field, "day_change.ramp_hours", "{e}");
    assert_eq!(
        e.location.line,
        Some(line_of(&text, "ramp_hours = \"four\""))
    );
}

#[test]
fn a_probability_outside_0_1_is_located() {
    let (text, errors) = errors_after("precip_probability = 0.0382", "precip_probability = 1.5");
    let e = &errors[0];
    assert_eq!(e.field, "regime.ventilated.precip_probability", "{e}");
    let line = line_of(&text, "precip_probability = 1.5");
    assert!(
        e.to_string().starts_with(&format!(
            "climate.toml:{line}:22: regime.ventilated.precip_probability: 1.5 is a probability"
        )),
        "{e}"
    );
}

#[test]
fn a_transition_row_must_sum_to_1() {
    let (text, errors) = errors_after("[0.5576, 0.3657, 0.0767]", "[0.5576, 0.3657, 0.0867]");
    let e = &errors[0];
    assert_eq!(e.field, "regimes.transition[0]", "{e}");
    assert_eq!(
        e.location.line,
        Some(line_of(&text, "[0.5576, 0.3657, 0.0867]"))
    );
    assert!(e.message.contains("sum to 1.01"), "{e}");
}

#[test]
fn a_row_within_the_tolerance_is_accepted() {
    let text = LIAOCHENG.replacen("[0.5576, 0.3657, 0.0767]", "[0.5576, 0.3657, 0.0767004]", 1);
    assert!(Climate::from_toml(&text, Path::new("c.toml")).is_ok());
}

#[test]
fn non_positive_scales_are_rejected() {
    let (_, errors) = errors_after("wind_median_ms = 0.966", "wind_median_ms = 0.0");
    assert_eq!(errors[0].field, "regime.stagnant.wind_median_ms");
    assert!(
        errors[0].message.contains("must be positive"),
        "{}",
        errors[0]
    );
    let (_, errors) = errors_after("wind_scale = 0.9", "wind_scale = -1.0");
    assert_eq!(errors[0].field, "site.wind_scale");
    let (_, errors) = errors_after("temp_noise_sd_c = ", "temp_noise_sd_c = -");
    assert_eq!(errors[0].field, "hourly.temp_noise_sd_c");
}

#[test]
fn an_ar1_coefficient_must_lie_in_minus_1_1() {
    let (_, errors) = errors_after("ar1 = 0.6\n", "ar1 = 1.0\n");
    assert_eq!(errors[0].field, "county.ar1", "{}", errors[0]);
}

#[test]
fn an_assumed_value_without_reason_is_rejected() {
    let start = LIAOCHENG.find("cap_m = \"").unwrap();
    let end = start + LIAOCHENG[start..].find('\n').unwrap() + 1;
    let text = format!("{}{}", &LIAOCHENG[..start], &LIAOCHENG[end..]);
    let errors = Climate::from_toml(&text, Path::new("c.toml")).unwrap_err();
    assert_eq!(errors[0].field, "mixing_height.cap_m", "{}", errors[0]);
    assert!(errors[0].message.contains("reason"), "{}", errors[0]);
    assert_eq!(
        errors[0].location.line,
        Some(line_of(&text, "cap_m = 2000.0"))
    );
}

#[test]
fn a_reason_for_no_value_is_rejected() {
    let (_, errors) = errors_after("[county.assumed]\n", "[county.assumed]\nlog_mean = \"x\"\n");
    assert_eq!(errors[0].field, "county.assumed.log_mean", "{}", errors[0]);
}

#[test]
fn several_problems_are_reported_together() {
    let text = LIAOCHENG
        .replacen("wind_scale = 0.9", "wind_scale = 0.0", 1)
        .replacen("floor_m = 50.0", "floor_m = 5000.0", 1)
        .replacen("temp_shape = [-0.4705, ", "temp_shape = [", 1);
    let errors = Climate::from_toml(&text, Path::new("c.toml")).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"site.wind_scale"), "{fields:?}");
    assert!(fields.contains(&"mixing_height.cap_m"), "{fields:?}");
    assert!(fields.contains(&"diurnal.temp_shape"), "{fields:?}");
}

#[test]
fn the_assumptions_file_is_validated_the_same_way() {
    let text = ADJUST.replacen(
        "quantiles = [0.333333, 0.666667]",
        "quantiles = [0.7, 0.3]",
        1,
    );
    let errors = Assumptions::from_toml(&text, Path::new("a.toml")).unwrap_err();
    assert_eq!(errors[0].field, "classification.quantiles", "{}", errors[0]);
    assert_eq!(
        errors[0].location.line,
        Some(line_of(&text, "quantiles = [0.7"))
    );
}

// ---- the generator ----

fn season(c: &Climate, cal: &Calendar, seed: u64, season: u64) -> SeasonWeather {
    let mut w = SeasonWeather::new(cal.hours(), 11);
    generate(c, cal, seed, season, &mut w);
    w
}

#[test]
fn the_same_seed_gives_identical_arrays() {
    let (c, cal) = (climate(), winter());
    assert_eq!(season(&c, &cal, 7, 3), season(&c, &cal, 7, 3));
    // Reusing a buffer that held another season gives the same arrays as a fresh one.
    let mut w = season(&c, &cal, 1, 1);
    generate(&c, &cal, 7, 3, &mut w);
    assert_eq!(w, season(&c, &cal, 7, 3));
}

#[test]
fn another_seed_or_season_gives_other_weather() {
    let (c, cal) = (climate(), winter());
    let base = season(&c, &cal, 7, 3);
    for other in [season(&c, &cal, 8, 3), season(&c, &cal, 7, 4)] {
        assert_ne!(base.wind, other.wind);
        assert_ne!(base.regime, other.regime);
        assert_ne!(base.county_factor, other.county_factor);
    }
}

#[test]
fn generate_reuses_the_buffers() {
    let (c, cal) = (climate(), winter());
    let mut w = SeasonWeather::new(cal.hours(), 11);
    generate(&c, &cal, 1, 0, &mut w);
    let pointers = (
        w.wind.as_ptr(),
        w.mixing_height.as_ptr(),
        w.county_factor.as_ptr(),
    );
    generate(&c, &cal, 2, 5, &mut w);
    assert_eq!(
        pointers,
        (
            w.wind.as_ptr(),
            w.mixing_height.as_ptr(),
            w.county_factor.as_ptr()
        )
    );
}

#[test]
fn generate_sets_the_shape_and_keeps_the_callers_counties() {
    let (c, cal) = (climate(), winter());
    let mut w = SeasonWeather::new(24, 5);
    generate(&c, &cal, 1, 0, &mut w);
    assert_eq!((w.hours(), w.counties()), (cal.hours(), 5));
    assert_eq!(w.county_factor.nrows(), cal.days());
    assert!(
        w.regime
            .chunks(24)
            .all(|day| day.iter().all(|r| *r == day[0]))
    );
}

#[test]
fn county_factors_have_mean_1_and_the_configured_spread() {
    let (c, cal) = (climate(), winter());
    let mut w = SeasonWeather::new(cal.hours(), 11);
    let (mut sum, mut n) = (0.0, 0.0);
    let (mut logs, mut lag) = (Vec::new(), (0.0, 0.0));
    for s in 0..100 {
        generate(&c, &cal, 11, s, &mut w);
        for col in w.county_factor.columns() {
            let l: Vec<f64> = col.iter().map(|f| f.ln()).collect();
            for d in 1..l.len() {
                lag.0 += l[d] * l[d - 1];
                lag.1 += l[d - 1] * l[d - 1];
            }
            sum += col.sum();
            n += col.len() as f64;
            logs.extend(l);
        }
    }
    let mean = sum / n;
    assert!((mean - 1.0).abs() < 0.01, "mean factor {mean}");
    let m = logs.iter().sum::<f64>() / logs.len() as f64;
    let sd = (logs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / logs.len() as f64).sqrt();
    assert!(
        (sd - c.county.log_sd).abs() < 0.01,
        "sd of ln factor {sd}, configured {}",
        c.county.log_sd
    );
    let ar = lag.0 / lag.1;
    assert!((ar - c.county.ar1).abs() < 0.05, "AR(1) {ar}");
}

#[test]
fn temperature_and_mixing_height_peak_in_the_afternoon() {
    let (c, cal) = (climate(), winter());
    let mut w = SeasonWeather::new(cal.hours(), 1);
    let mut temp = [0.0; 24];
    let mut mixing = [0.0; 24];
    for s in 0..30 {
        generate(&c, &cal, 5, s, &mut w);
        for (h, (t, m)) in w.temp.iter().zip(&w.mixing_height).enumerate() {
            temp[h % 24] += t;
            mixing[h % 24] += m;
        }
    }
    let peak = |v: &[f64; 24]| (0..24).max_by(|a, b| v[*a].total_cmp(&v[*b])).unwrap();
    assert!(
        (13..=16).contains(&peak(&temp)),
        "temperature peaks at {}",
        peak(&temp)
    );
    assert!(
        (12..=15).contains(&peak(&mixing)),
        "mixing peaks at {}",
        peak(&mixing)
    );
    let trough = |v: &[f64; 24]| (0..24).min_by(|a, b| v[*a].total_cmp(&v[*b])).unwrap();
    assert!(
        (4..=8).contains(&trough(&temp)),
        "temperature lowest at {}",
        trough(&temp)
    );
}

#[test]
fn stagnant_hours_are_calmer_shallower_and_more_humid() {
    let (c, cal) = (climate(), winter());
    let mut w = SeasonWeather::new(cal.hours(), 1);
    let mut sums = [[0.0; 3]; 3];
    let mut counts = [0.0; 3];
    for s in 0..20 {
        generate(&c, &cal, 9, s, &mut w);
        for h in 0..w.hours() {
            let k = w.regime[h] as usize;
            sums[k][0] += w.wind[h];
            sums[k][1] += w.mixing_height[h];
            sums[k][2] += w.rh[h];
            counts[k] += 1.0;
        }
    }
    let mean = |k: usize, v: usize| sums[k][v] / counts[k];
    let (vent, stag) = (Regime::Ventilated as usize, Regime::Stagnant as usize);
    for v in 0..2 {
        assert!(mean(stag, v) < 0.6 * mean(vent, v), "variable {v}");
    }
    assert!(mean(stag, 2) > mean(vent, 2) + 25.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn generated_values_stay_physical(seed in any::<u64>(), season_index in any::<u64>()) {
        let (c, cal) = (climate(), winter());
        let w = season(&c, &cal, seed, season_index);
        let m = &c.mixing;
        for h in 0..w.hours() {
            prop_assert!(w.wind[h] >= 0.0 && w.wind[h].is_finite(), "wind {}", w.wind[h]);
            prop_assert!((0.0..=100.0).contains(&w.rh[h]), "rh {}", w.rh[h]);
            prop_assert!((m.floor_m..=m.cap_m).contains(&w.mixing_height[h]));
            prop_assert!(w.precip[h] >= 0.0 && w.precip[h].is_finite());
            prop_assert!((-45.0..45.0).contains(&w.temp[h]), "temp {}", w.temp[h]);
        }
        prop_assert!(w.county_factor.iter().all(|f| *f > 0.0 && f.is_finite()));
    }
}

// ---- the seasonal tilt ----

/// FNV-1a over every value of a season, bit for bit.
fn digest(w: &SeasonWeather) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bits: u64| {
        for b in bits.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for r in &w.regime {
        eat(*r as u64);
    }
    for v in [&w.wind, &w.mixing_height, &w.rh, &w.temp, &w.precip] {
        for x in v.iter() {
            eat(x.to_bits());
        }
    }
    for x in &w.county_factor {
        eat(x.to_bits());
    }
    h
}

/// (seed, season) and the digest of that season's 11-county weather, generated by the generator
/// as it was before the seasonal tilt existed, from the same climate values.
const BEFORE_THE_TILT: [(u64, u64, u64); 4] = [
    (7, 0, 2_786_322_530_081_334_363),
    (7, 3, 4_665_651_064_451_739_335),
    (20_201_001, 41, 6_276_294_717_576_728_996),
    (u64::MAX, 999, 2_975_888_674_163_519_395),
];

/// The same seasons' digests, generated by the generator as it was before the seasonal persistence
/// existed, from the same climate values with the committed tilt σ = 0.1144.
const BEFORE_THE_PERSISTENCE: [(u64, u64, u64); 4] = [
    (7, 0, 2_330_133_358_021_425_236),
    (7, 3, 6_709_689_987_263_849_865),
    (20_201_001, 41, 1_597_577_661_580_414_409),
    (u64::MAX, 999, 1_390_230_454_791_299_114),
];

#[test]
fn with_the_tilt_forced_to_0_every_season_is_bit_for_bit_what_it_was_before() {
    let (mut c, cal) = (climate(), winter());
    assert!(
        c.interannual_tilt_sd > 0.0 && c.interannual_persistence_sd > 0.0,
        "the committed climate is tilted and persisted"
    );
    c.interannual_tilt_sd = 0.0;
    c.interannual_persistence_sd = 0.0;
    for (seed, s, before) in BEFORE_THE_TILT {
        assert_eq!(
            digest(&season(&c, &cal, seed, s)),
            before,
            "seed {seed}, season {s}"
        );
    }
}

#[test]
fn with_the_persistence_forced_to_0_every_season_is_bit_for_bit_what_it_was_before() {
    let (mut c, cal) = (climate(), winter());
    assert_eq!(
        c.interannual_tilt_sd, 0.1144,
        "the digests were taken with this σ"
    );
    c.interannual_persistence_sd = 0.0;
    for (seed, s, before) in BEFORE_THE_PERSISTENCE {
        assert_eq!(
            digest(&season(&c, &cal, seed, s)),
            before,
            "seed {seed}, season {s}"
        );
    }
}

#[test]
fn the_tilt_changes_the_regimes_and_nothing_drawn_from_other_streams() {
    let (mut tilted, cal) = (climate(), winter());
    tilted.interannual_persistence_sd = 0.0;
    let mut flat = tilted.clone();
    flat.interannual_tilt_sd = 0.0;
    let mut changed = 0;
    for s in 0..10 {
        let (a, b) = (season(&tilted, &cal, 7, s), season(&flat, &cal, 7, s));
        changed += usize::from(a.regime != b.regime);
        assert_eq!(a.county_factor, b.county_factor, "season {s}");
    }
    assert!(changed >= 8, "only {changed} of 10 seasons changed");
}

#[test]
fn a_tilted_chain_keeps_its_rows_distributions_and_leans_as_told() {
    let chain = climate().chain;
    assert_eq!(chain.tilted(0.0), chain);
    assert_eq!(chain.tilted(-0.0), chain);
    let up = chain.tilted(0.5);
    let down = chain.tilted(-0.5);
    for (i, row) in std::iter::once(&chain.initial)
        .chain(&chain.transition)
        .enumerate()
    {
        let (u, d) = if i == 0 {
            (up.initial, down.initial)
        } else {
            (up.transition[i - 1], down.transition[i - 1])
        };
        assert!((u.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(u[2] > row[2] && u[0] < row[0], "row {i}: {u:?} vs {row:?}");
        assert!(d[2] < row[2] && d[0] > row[0], "row {i}: {d:?} vs {row:?}");
        // Odds against the transitional regime move by exactly e^(±shift).
        let odds = u[2] / u[1] / (row[2] / row[1]);
        assert!((odds - 0.5f64.exp()).abs() < 1e-12, "{odds}");
    }
    let back = up.tilted(-0.5);
    for (a, b) in back
        .transition
        .iter()
        .flatten()
        .zip(chain.transition.iter().flatten())
    {
        assert!((a - b).abs() < 1e-12);
    }
}

#[test]
fn the_persistence_changes_the_regimes_and_nothing_drawn_from_other_streams() {
    let (persisted, cal) = (climate(), winter());
    let mut flat = persisted.clone();
    flat.interannual_persistence_sd = 0.0;
    let mut changed = 0;
    for s in 0..10 {
        let (a, b) = (season(&persisted, &cal, 7, s), season(&flat, &cal, 7, s));
        changed += usize::from(a.regime != b.regime);
        assert_eq!(a.county_factor, b.county_factor, "season {s}");
        // The first day's regime is drawn from `initial`, which the persistence leaves alone.
        assert_eq!(a.regime[0], b.regime[0], "season {s}");
    }
    assert!(changed >= 8, "only {changed} of 10 seasons changed");
}

#[test]
fn a_persisted_chain_keeps_its_rows_distributions_and_moves_only_the_odds_of_staying() {
    let chain = climate().chain.tilted(0.3);
    assert_eq!(chain.persisted(0.0), chain);
    assert_eq!(chain.persisted(-0.0), chain);
    for shift in [0.5, -0.5] {
        let p = chain.persisted(shift);
        assert_eq!(p.initial, chain.initial);
        for (i, (new, old)) in p.transition.iter().zip(&chain.transition).enumerate() {
            assert!((new.iter().sum::<f64>() - 1.0).abs() < 1e-12, "row {i}");
            assert_eq!(new[i] > old[i], shift > 0.0, "row {i}: {new:?} vs {old:?}");
            for j in (0..3).filter(|j| *j != i) {
                // Staying against leaving to j moves by exactly e^shift ...
                let odds = new[i] / new[j] / (old[i] / old[j]);
                assert!((odds - shift.exp()).abs() < 1e-12, "row {i}, {j}: {odds}");
                // ... and the ways of leaving keep their proportions.
                let k = 3 - i - j;
                assert!((new[j] / new[k] - old[j] / old[k]).abs() < 1e-12);
            }
        }
        let back = p.persisted(-shift);
        for (a, b) in back
            .transition
            .iter()
            .flatten()
            .zip(chain.transition.iter().flatten())
        {
            assert!((a - b).abs() < 1e-12);
        }
    }
}

#[test]
fn a_climate_without_the_tilt_reads_as_untilted() {
    let text = LIAOCHENG.replacen("interannual_tilt_sd = ", "# interannual_tilt_sd = ", 1);
    let c = Climate::from_toml(&text, Path::new("old.toml")).expect("still valid");
    assert_eq!(c.interannual_tilt_sd, 0.0);
}

#[test]
fn a_climate_without_the_persistence_reads_as_unpersisted() {
    let text = LIAOCHENG
        .replacen(
            "interannual_persistence_sd = ",
            "# interannual_persistence_sd = ",
            1,
        )
        .replacen(
            "winter_regime_autocorrelation",
            "# winter_regime_autocorrelation",
            2,
        );
    let c = Climate::from_toml(&text, Path::new("old.toml")).expect("still valid");
    assert_eq!(c.interannual_persistence_sd, 0.0);
    assert!(c.interannual_tilt_sd > 0.0);
    let o = c.observed.unwrap();
    assert_eq!(o.winters.len(), 7);
    assert!(o.winters.iter().all(|w| w.autocorrelation.is_none()));
    assert_eq!(o.autocorrelation_variance, None);
}

/// The whole line of the file that starts with `key`.
fn line_starting(key: &str) -> &'static str {
    let at = LIAOCHENG.find(&format!("\n{key}")).unwrap() + 1;
    &LIAOCHENG[at..at + LIAOCHENG[at..].find('\n').unwrap()]
}

fn tilt_line() -> &'static str {
    line_starting("interannual_tilt_sd = ")
}

#[test]
fn a_tilt_outside_0_3_or_not_finite_is_rejected_and_located() {
    for (bad, says) in [
        ("3.5", "must lie in [0, 3]"),
        ("-0.1", "must lie in [0, 3]"),
        ("nan", "not a finite number"),
        ("inf", "not a finite number"),
    ] {
        let (text, errors) = errors_after(tilt_line(), &format!("interannual_tilt_sd = {bad}"));
        assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
        let e = &errors[0];
        assert_eq!(e.field, "regimes.interannual_tilt_sd", "{e}");
        assert!(e.message.contains(says), "{bad}: {e}");
        let line = line_of(&text, "interannual_tilt_sd = ");
        assert!(
            e.to_string().starts_with(&format!(
                "climate.toml:{line}:23: regimes.interannual_tilt_sd: "
            )),
            "{e}"
        );
    }
    let (_, errors) = errors_after(tilt_line(), "interannual_tilt_sd = \"wide\"");
    assert_eq!(
        errors[0].field, "regimes.interannual_tilt_sd",
        "{}",
        errors[0]
    );
}

#[test]
fn a_persistence_outside_0_3_or_not_finite_is_rejected_and_located() {
    let key = "interannual_persistence_sd";
    for (bad, says) in [
        ("3.01", "must lie in [0, 3]"),
        ("-0.2", "must lie in [0, 3]"),
        ("nan", "not a finite number"),
        ("-inf", "not a finite number"),
    ] {
        let (text, errors) = errors_after(line_starting(key), &format!("{key} = {bad}"));
        assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
        let e = &errors[0];
        assert!(e.message.contains(says), "{bad}: {e}");
        let line = line_of(&text, &format!("{key} = {bad}"));
        assert!(
            e.to_string()
                .starts_with(&format!("climate.toml:{line}:30: regimes.{key}: ")),
            "{e}"
        );
    }
    let (_, errors) = errors_after(line_starting(key), &format!("{key} = [0.3]"));
    assert_eq!(errors[0].field, format!("regimes.{key}"), "{}", errors[0]);
}

#[test]
fn the_observed_autocorrelations_are_checked_and_located() {
    let o = climate().observed.unwrap();
    assert!(o.winters.iter().all(|w| w.autocorrelation.is_some()));
    assert!(o.autocorrelation_variance.unwrap() > 0.0);

    let key = "winter_regime_autocorrelation";
    let line = line_starting(&format!("{key} = ["));
    let shorter = format!("{key} = [{}", &line[line.find(", ").unwrap() + 2..]);
    let (text, errors) = errors_after(line, &shorter);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, format!("observed.{key}"), "{}", errors[0]);
    assert!(
        errors[0]
            .message
            .contains("one per winter in `winters` (7)"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].location.line, Some(line_of(&text, &shorter)));

    let first = format!("{key} = [1.5");
    let (_, errors) = errors_after(
        line,
        &format!("{first}{}", &line[line.find(',').unwrap()..]),
    );
    assert_eq!(
        errors[0].field,
        format!("observed.{key}[0]"),
        "{}",
        errors[0]
    );
    assert!(errors[0].message.contains("[-1, 1]"), "{}", errors[0]);

    // A winter of one regime has none: read as nan, kept out of the winter's record.
    let (_, rest) = line.split_once(", ").unwrap();
    let text = LIAOCHENG.replacen(line, &format!("{key} = [nan, {rest}"), 1);
    let c = Climate::from_toml(&text, Path::new("c.toml")).expect("nan is allowed");
    assert_eq!(c.observed.unwrap().winters[0].autocorrelation, None);

    let variance = format!("{key}_variance = ");
    let (_, errors) = errors_after(&variance, &format!("{variance}-"));
    assert_eq!(
        errors[0].field,
        format!("observed.{key}_variance"),
        "{}",
        errors[0]
    );
}

#[test]
fn the_observed_winters_are_checked_and_located() {
    let c = climate();
    let o = c.observed.as_ref().unwrap();
    assert!(o.winters.len() >= 3, "{:?}", o.winters);
    assert!(o.balance_variance.unwrap() > 0.0);

    let (text, errors) = errors_after("winter_days = [182, ", "winter_days = [");
    assert_eq!(errors[0].field, "observed.winter_days", "{}", errors[0]);
    assert!(
        errors[0].message.contains("one per winter"),
        "{}",
        errors[0]
    );
    assert_eq!(
        errors[0].location.line,
        Some(line_of(&text, "winter_days = ["))
    );

    let (_, errors) = errors_after("winter_balance = [-0.0714", "winter_balance = [-1.0714");
    assert_eq!(
        errors[0].field, "observed.winter_balance[0]",
        "{}",
        errors[0]
    );
    let (_, errors) = errors_after("winter_balance_variance = ", "winter_balance_variance = -");
    assert_eq!(
        errors[0].field, "observed.winter_balance_variance",
        "{}",
        errors[0]
    );
}
