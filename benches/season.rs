//! Weather + air of one season for the default scenario: the hourly loop of the no-plan baseline
//! (182 days × 24 h, 11 counties, city AQI every hour), and one forecast at a consultation.
//! Target: weather + air ≤ 1 ms per season, single-threaded.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use smogsim::air::activity::SeasonFactors;
use smogsim::air::{ForecastInput, ForecastMode, Forecaster};
use smogsim::experiment::Prepared;
use smogsim::season::{SeasonBuffers, run_baseline};
use smogsim::weather::{SeasonWeather, generate};
use smogsim::world::scenario::embedded_scenario;

fn season(c: &mut Criterion) {
    let scenario = embedded_scenario().expect("embedded scenario");
    let prepared = Prepared::new(&scenario);
    let hours = prepared.calendar.hours();
    let counties = scenario.counties.len();
    let air = &prepared.model.params;
    let mut weather = SeasonWeather::new(hours, counties);
    let mut buffers = SeasonBuffers::new(&prepared.model, hours);
    let mut factors = SeasonFactors::default();
    let mut n = 0u64;
    c.bench_function("air only: baseline season (4368 h, 11 counties)", |b| {
        generate(&scenario.climate, &prepared.calendar, 1, 0, &mut weather);
        factors.draw(air, 1, 0, prepared.calendar.days());
        b.iter(|| {
            run_baseline(
                black_box(&prepared.inputs(&weather, &factors)),
                &mut buffers,
            );
            black_box(buffers.daily[100])
        })
    });
    c.bench_function(
        "weather + air: baseline season (4368 h, 11 counties)",
        |b| {
            b.iter(|| {
                n += 1;
                generate(&scenario.climate, &prepared.calendar, 1, n, &mut weather);
                factors.draw(air, 1, n, prepared.calendar.days());
                run_baseline(
                    black_box(&prepared.inputs(&weather, &factors)),
                    &mut buffers,
                );
                black_box(buffers.daily[100])
            })
        },
    );
    buffers.snapshot_hour = Some(10);
    run_baseline(&prepared.inputs(&weather, &factors), &mut buffers);
    let forecaster = Forecaster::new(&prepared.model, ForecastMode::Model, 120);
    let snap = buffers.snapshots[60].clone();
    let mut out = Vec::new();
    c.bench_function("one 120-h forecast at a consultation", |b| {
        b.iter(|| {
            let input = ForecastInput {
                now: snap.hour,
                weather: &weather,
                calendar: &prepared.calendar,
                emissions: &prepared.emissions,
                state: &snap.state,
                rolling: &snap.rolling,
                truth: &buffers.hourly_aqi,
                seed: 1,
                season: 0,
            };
            forecaster.forecast(&prepared.model, black_box(&input), &mut out);
            black_box(out.len())
        })
    });
}

criterion_group!(benches, season);
criterion_main!(benches);
