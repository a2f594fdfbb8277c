//! The warning engine and the AQI on the hot paths the simulation will use: one winter season of
//! consultations, and the HJ 633 AQI of a day's concentrations.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use smogsim::aqi::{Concentration, Concentrations, HourlySeries, aqi_of, rolling_24h};
use smogsim::plan::{Plan, hindcast};

const PLAN: &str = include_str!("../scenarios/liaocheng-2020/plan.toml");

/// A season of 182 days (1 Oct – 31 Mar) of hourly 24-h mean AQI with recurring episodes.
fn season() -> Vec<Option<f64>> {
    (0..182 * 24)
        .map(|h| {
            let day = h / 24;
            let phase = (day % 11) as f64;
            Some(80.0 + 45.0 * phase + 10.0 * ((h % 24) as f64 / 24.0))
        })
        .collect()
}

fn engine(c: &mut Criterion) {
    let plan = Plan::from_toml(PLAN, Path::new("plan.toml")).expect("valid plan");
    let series = season();
    c.bench_function("hindcast one season (4368 h, perfect forecast)", |b| {
        b.iter(|| hindcast(black_box(&plan.warning), black_box(&series), &[]))
    });
}

fn aqi(c: &mut Criterion) {
    let conc = |v: f64| Some(Concentration::from_f64(v).expect("valid"));
    let day = Concentrations {
        so2_24h: conc(39.1),
        no2_24h: conc(41.0),
        pm10_24h: conc(150.8),
        co_24h: conc(1.7),
        o3_1h: conc(87.0),
        o3_8h: conc(60.0),
        pm25_24h: conc(84.5),
        ..Default::default()
    };
    c.bench_function("aqi_of one day's concentrations", |b| {
        b.iter(|| aqi_of(black_box(&day)))
    });
    let hours = 182 * 24;
    let wave = |scale: f64| {
        (0..hours)
            .map(|h| Some(scale * (1.0 + (h % 97) as f64 / 97.0)))
            .collect()
    };
    let hourly = HourlySeries {
        so2: wave(30.0),
        no2: wave(40.0),
        pm10: wave(120.0),
        co: wave(1.5),
        o3: wave(50.0),
        pm25: wave(80.0),
    };
    c.bench_function(
        "rolling 24-h AQI of one season (4368 h, 6 pollutants)",
        |b| b.iter(|| rolling_24h(black_box(&hourly))),
    );
}

criterion_group!(benches, engine, aqi);
criterion_main!(benches);
