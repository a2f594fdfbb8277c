//! The weather generator on its hot path: one season (1 October – 31 March, 182 days) for the 11
//! counties, into a reused buffer. Target: at most 0.3 ms per season, single-threaded.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use smogsim::calendar::{Calendar, CalendarSpec};
use smogsim::weather::{Climate, SeasonWeather, generate};

const CLIMATE: &str = include_str!("../scenarios/liaocheng-2020/climate.toml");

fn weather(c: &mut Criterion) {
    let climate = Climate::from_toml(CLIMATE, Path::new("climate.toml")).expect("valid climate");
    let calendar = Calendar::new(&CalendarSpec {
        start: NaiveDate::from_ymd_opt(2020, 10, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2021, 3, 31).unwrap(),
        heating_from: (11, 15),
        heating_to: (3, 15),
        spring_festival: NaiveDate::from_ymd_opt(2021, 2, 12),
        festival_days_before: 1,
        festival_days_after: 6,
    });
    let mut out = SeasonWeather::new(calendar.hours(), 11);
    let mut season = 0u64;
    c.bench_function("weather one season (182 days, 11 counties)", |b| {
        b.iter(|| {
            season += 1;
            generate(
                black_box(&climate),
                black_box(&calendar),
                42,
                season,
                &mut out,
            );
            black_box(out.wind[100])
        })
    });
}

criterion_group!(benches, weather);
criterion_main!(benches);
