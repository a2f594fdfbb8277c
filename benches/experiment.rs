//! One whole season of `smogsim run` for the default scenario, single-threaded: weather, the
//! no-plan baseline, the plan run (agents, forecasts at every consultation, the warning engine)
//! and the season's outcomes. Target: ≥ 200 seasons/s on two cores, i.e. ≤ 10 ms a season on
//! one.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use smogsim::air::activity::SeasonFactors;
use smogsim::experiment::plan_side::{Keep, PlanModel, plan_result};
use smogsim::experiment::{Prepared, SeasonRun};
use smogsim::season::{SeasonBuffers, run_baseline};
use smogsim::weather::{SeasonWeather, generate};
use smogsim::world::scenario::embedded_scenario;

fn plan_season(c: &mut Criterion) {
    let scenario = embedded_scenario().expect("embedded scenario");
    let prepared = Prepared::new(&scenario);
    let model = PlanModel::new(&prepared).expect("the default scenario has its city");
    let mut worker = model.worker(&prepared);
    let hours = prepared.calendar.hours();
    let mut weather = SeasonWeather::new(hours, scenario.counties.len());
    let mut buffers = SeasonBuffers::new(&prepared.model, hours);
    let mut factors = SeasonFactors::default();
    let mut n = 0u64;
    c.bench_function("one season: weather, baseline, plan run, outcomes", |b| {
        b.iter(|| {
            n += 1;
            generate(&scenario.climate, &prepared.calendar, 1, n, &mut weather);
            factors.draw(&prepared.model.params, 1, n, prepared.calendar.days());
            run_baseline(&prepared.inputs(&weather, &factors), &mut buffers);
            let run = SeasonRun {
                season: n,
                weather: &weather,
                activity: &factors,
                baseline: &buffers,
            };
            black_box(plan_result(
                &model,
                &mut worker,
                &prepared,
                &run,
                1,
                Keep::default(),
            ))
        })
    });
}

criterion_group!(benches, plan_season);
criterion_main!(benches);
