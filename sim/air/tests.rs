//! The box model's physics: mass balance, linearity in emissions, steady states, stagnation
//! and ventilation.

use std::path::Path;

use super::boxes::{HourMet, Rates, step};
use super::params::{AirParams, Background};
use super::species::*;
use super::{AirModel, Geometry, HourInput};

const AIR: &str = include_str!("../../scenarios/liaocheng-2020/air.toml");

fn params() -> AirParams {
    AirParams::from_toml(AIR, Path::new("air.toml")).expect("valid air.toml")
}

fn no_losses() -> AirParams {
    let mut p = params();
    p.deposition.so2 = 0.0;
    p.deposition.nox = 0.0;
    p.deposition.fine = 0.0;
    p.deposition.coarse = 0.0;
    p
}

fn met(wind: f64, mixing_height: f64, rh: f64) -> HourMet {
    HourMet {
        wind,
        mixing_height,
        rh,
        temp: 0.0,
        precip: 0.0,
    }
}

fn background(length_km: f64) -> Background {
    Background {
        so2: 5.0,
        nox: 8.0,
        co: 60.0,
        vocs: 8.0,
        pm25: 3.0,
        pm10: 6.0,
        length_km,
        clean_so2: 2.0,
        clean_nox: 5.0,
        clean_co: 0.3,
        clean_pm25: 8.0,
        clean_coarse: 10.0,
        section: String::new(),
        assumed: Default::default(),
    }
}

#[test]
fn without_sources_every_species_decays() {
    let p = params();
    let r = Rates::new(&p, &met(2.0, 400.0, 60.0));
    let mut c = [50.0; N];
    c[CO] = 2.0;
    let zero = [0.0; N];
    let mut previous = c;
    for _ in 0..200 {
        step(&mut c, &zero, 0.2, &zero, &r);
        for k in 0..N {
            if k == SULFATE || k == NITRATE || k == SOA {
                continue; // formed from precursors while they last
            }
            assert!(c[k] < previous[k] || previous[k] == 0.0, "species {k} grew");
            assert!(c[k] >= 0.0);
        }
        previous = c;
    }
    assert!(pm25(&c) < 1e-6 && c[CO] < 1e-6, "{c:?}");
}

#[test]
fn sulfur_lost_from_so2_becomes_sulfate_when_nothing_leaves_the_box() {
    let p = no_losses();
    let r = Rates::new(&p, &met(2.0, 400.0, 85.0));
    let mut c = [0.0; N];
    c[SO2] = 100.0;
    let zero = [0.0; N];
    for _ in 0..48 {
        let before = c;
        step(&mut c, &zero, 0.0, &zero, &r);
        let so2_lost = before[SO2] - c[SO2];
        let sulfate_formed = c[SULFATE] - before[SULFATE];
        assert!((sulfate_formed - so2_lost * p.chemistry.sulfate_mass_per_so2).abs() < 1e-9);
    }
    let sulfur = c[SO2] + c[SULFATE] / p.chemistry.sulfate_mass_per_so2;
    assert!((sulfur - 100.0).abs() < 1e-9, "{sulfur}");
}

#[test]
fn humid_air_forms_sulfate_and_nitrate_faster() {
    let p = params();
    let dry = Rates::new(&p, &met(2.0, 400.0, 30.0));
    let humid = Rates::new(&p, &met(2.0, 400.0, 90.0));
    assert!(humid.sulfate_formation > 5.0 * dry.sulfate_formation);
    assert!(humid.nitrate_formation > 2.0 * dry.nitrate_formation);
}

#[test]
fn steady_state_of_an_inert_gas_is_source_over_ventilation() {
    let p = params();
    let r = Rates::new(&p, &met(2.0, 500.0, 50.0));
    let mut c = [0.0; N];
    let mut flux = [0.0; N];
    flux[CO] = 40.0;
    let vent = 0.25;
    for _ in 0..400 {
        step(&mut c, &flux, vent, &[0.0; N], &r);
    }
    let expected = flux[CO] / 500.0 / vent;
    assert!(
        (c[CO] - expected).abs() < 1e-9 * expected.max(1.0),
        "{} vs {expected}",
        c[CO]
    );
}

fn input<'a>(hour: usize, met: HourMet, factor: &'a [f64], flux: &'a [f64]) -> HourInput<'a> {
    HourInput {
        hour_of_day: hour,
        month: 12,
        met,
        county_factor: factor,
        flux,
        local_factor: 1.0,
        upwind: 1.0,
    }
}

fn model(length_km: f64) -> AirModel {
    AirModel::new(
        params(),
        &background(length_km),
        Geometry::new(&[1000.0, 2500.0], &[0.6, 0.4]),
    )
}

#[test]
fn doubling_local_emissions_doubles_the_local_part() {
    let m = model(250.0);
    // Species by species, two counties: flux[s * 2 + c].
    let mut flux = vec![0.0; N * 2];
    flux[FINE * 2] = 3000.0;
    flux[SO2 * 2] = 4000.0;
    flux[NOX * 2 + 1] = 5000.0;
    let double: Vec<f64> = flux.iter().map(|v| 2.0 * v).collect();
    let (mut a, mut b) = (m.clean_state(), m.clean_state());
    for t in 0..240 {
        let w = met(
            1.5 + (t % 24) as f64 / 12.0,
            300.0 + 20.0 * (t % 24) as f64,
            70.0,
        );
        m.step(&mut a, &input(t % 24, w, &[1.0, 1.0], &flux));
        m.step(&mut b, &input(t % 24, w, &[1.0, 1.0], &double));
    }
    for c in 0..2 {
        for k in 0..N {
            let (x, y) = (a.local(c, k), b.local(c, k));
            assert!(
                (y - 2.0 * x).abs() <= 1e-9 * y.abs().max(1e-12),
                "county {c} species {k}: {x} vs {y}"
            );
        }
    }
    assert_eq!(
        a.background, b.background,
        "local emissions do not feed the regional pool"
    );
}

#[test]
fn stagnant_air_accumulates_and_ventilated_air_cleans_out() {
    let m = model(250.0);
    let flux = vec![0.0; N * 2];
    let mut s = m.clean_state();
    let stagnant = met(1.0, 250.0, 80.0);
    let mut daily = Vec::new();
    for t in 0..5 * 24 {
        let city = m.step(&mut s, &input(t % 24, stagnant, &[1.0, 1.0], &flux));
        if t % 24 == 23 {
            daily.push(city.pm25);
        }
    }
    assert!(
        daily.windows(2).all(|w| w[1] > w[0]),
        "stagnation must build up day after day: {daily:?}"
    );
    let peak = *daily.last().unwrap();
    let ventilated = met(6.0, 1200.0, 30.0);
    let mut after = 0.0;
    for t in 0..24 {
        after = m
            .step(&mut s, &input(t % 24, ventilated, &[1.0, 1.0], &flux))
            .pm25;
    }
    assert!(
        after < 0.5 * peak,
        "a ventilated day must clean out: {peak} -> {after}"
    );
    assert!(after >= 8.0 - 1e-9, "never below the clean air: {after}");
}

#[test]
fn the_city_is_the_monitoring_weighted_mean_of_the_counties() {
    let m = model(250.0);
    let mut flux = vec![0.0; N * 2];
    flux[CO * 2] = 100.0;
    let mut s = m.clean_state();
    let city = m.step(
        &mut s,
        &input(12, met(2.0, 500.0, 50.0), &[1.0, 1.0], &flux),
    );
    let expected = 0.6 * s.local(0, CO) + 0.4 * s.local(1, CO) + s.background[CO];
    assert!((city.co - expected).abs() < 1e-12);
}

#[test]
fn the_nitrate_partition_table_follows_the_logistic() {
    let p = params();
    let c = &p.chemistry;
    for t in [-35.0, -10.3, 0.0, 7.77, 18.0, 25.1, 40.0] {
        let exact = 1.0 / (1.0 + ((t - c.nitrate_half_temp) / c.nitrate_temp_width).exp());
        assert!((p.nitrate_particulate(t) - exact).abs() < 1e-3, "{t}");
    }
    assert!((p.nitrate_particulate(c.nitrate_half_temp) - 0.5).abs() < 1e-6);
    assert!(p.nitrate_particulate(-100.0) > 0.99 && p.nitrate_particulate(100.0) < 0.01);
}

#[test]
fn removing_a_sectors_whole_emissions_removes_its_flux_hour_by_hour() {
    use crate::air::EmissionTable;
    use crate::calendar::{Calendar, CalendarSpec};
    use chrono::NaiveDate;
    use ndarray::Array3;
    let p = params();
    let calendar = Calendar::new(&CalendarSpec {
        start: NaiveDate::from_ymd_opt(2020, 11, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2020, 11, 30).unwrap(),
        heating_from: (11, 15),
        heating_to: (3, 15),
        spring_festival: None,
        festival_days_before: 0,
        festival_days_after: 0,
    });
    // One county; industry (sector 1) and residential (sector 2) emissions.
    let mut e = Array3::<f64>::zeros((1, 8, 7));
    for k in 0..7 {
        e[[0, 1, k]] = 1000.0;
        e[[0, 2, k]] = 500.0;
    }
    let table = EmissionTable::build(e.view(), &[800.0], &[1.0e5], &p, &calendar);
    let mut removed = vec![[0.0; 6]; 8];
    removed[1] = [1000.0, 1000.0, 1000.0, 1000.0, 1000.0, 0.0];
    let mut out = Vec::new();
    for t in [0usize, 13, 400, 700] {
        table.reduced_hour(t, &removed, 8, &mut out);
        // What is left is residential alone: its flux is the table's minus industry's share.
        let full = table.hour(t);
        let industry_so2 = 1000.0 * TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR / 800.0 * table.profile(1, t);
        assert!((out[SO2] - (full[SO2] - industry_so2)).abs() < 1e-9);
        assert!(out[SO2] > 0.0);
        // Coarse was not removed; CO is in mg.
        assert_eq!(out[COARSE], full[COARSE]);
        let industry_co = industry_so2 / 1000.0;
        assert!((out[CO] - (full[CO] - industry_co)).abs() < 1e-12);
    }
    // Removing more than there is never makes a flux negative.
    removed[1] = [1e9; 6];
    table.reduced_hour(5, &removed, 8, &mut out);
    assert!(out.iter().all(|v| *v >= 0.0));
}
