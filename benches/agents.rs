//! The agents' response for the default scenario's full city (its emission-reduction list,
//! fleet and dust sources, as `smogsim run` builds them): one season of hours with warnings
//! relayed to every county, and one level change (relay, compliance draws, the enterprises'
//! step). Target: ≤ 1 ms per level change for the full list.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use smogsim::agents::city::CityAgents;
use smogsim::agents::on_paper::city_agents;
use smogsim::plan::Level;
use smogsim::world::scenario::embedded_scenario;

fn agents() -> (CityAgents, usize) {
    let sc = embedded_scenario().expect("the embedded scenario loads");
    let city = sc.city.as_ref().expect("the default scenario has its city");
    (
        city_agents(&sc.plan, &sc.counties, city),
        city.enterprises.len(),
    )
}

fn bench(c: &mut Criterion) {
    let (mut a, firms) = agents();
    let mut season = 0;
    c.bench_function(
        &format!("agents: one season (4368 h, {firms} firms, 4 warnings)"),
        |b| {
            b.iter(|| {
                season += 1;
                a.start_season(7, season);
                for w in 0..4i64 {
                    let start = 500 + w * 1000;
                    a.notice(start, start, Some(Level::Orange));
                    a.notice(start + 48, start + 48, Some(Level::Red));
                    a.notice(start + 120, start + 120, None);
                }
                let mut total = 0.0;
                for h in 0..4368i64 {
                    total += a.hour(h, (h / 24) as usize, 2.0)[1][0];
                }
                black_box(total)
            })
        },
    );
    let (mut a, _) = agents();
    a.start_season(7, 1);
    c.bench_function(
        &format!("agents: one level change (relay + draws + step, {firms} firms)"),
        |b| {
            let mut h = 0i64;
            b.iter(|| {
                h += 10;
                a.notice(
                    h,
                    h,
                    Some(if (h / 10) % 2 == 0 {
                        Level::Orange
                    } else {
                        Level::Red
                    }),
                );
                black_box(a.hour(h + 5, (h / 24) as usize, 2.0)[1][0])
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
