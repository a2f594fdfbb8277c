//! The agents' response: one season of hours with warnings relayed to every county, for a list of
//! the default scenario's size, and one level change (relay, compliance draws, the enterprises'
//! step). Target: ≤ 1 ms per level change for the full list.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use smogsim::agents::city::{Behaviour, CityAgents, SectorIndex};
use smogsim::agents::counties::CountyBehaviour;
use smogsim::agents::dust::{DustBehaviour, DustKind, DustRow};
use smogsim::agents::enterprises::{
    ComplianceOdds, EnterpriseBehaviour, EnterpriseSpec, Requirement,
};
use smogsim::agents::traffic::{Fuel, TrafficBehaviour, VehicleClass, VehicleRow};
use smogsim::plan::schema::Grade;
use smogsim::plan::{Level, Plan};

const PLAN: &str = include_str!("../scenarios/liaocheng-2020/plan.toml");
const FIRMS: usize = 1600;
const COUNTIES: u16 = 11;

fn agents() -> CityAgents {
    let plan = Plan::from_toml(PLAN, Path::new("plan.toml")).expect("valid plan");
    let firms: Vec<EnterpriseSpec> = (0..FIRMS)
        .map(|i| EnterpriseSpec {
            county: (i % COUNTIES as usize) as u16,
            sector: (i % 7 == 0) as u8,
            emissions: [10.0, 20.0, 40.0, 5.0, 4.0, 3.0],
            required: [
                Requirement {
                    cut: 0.0,
                    batches: 0,
                },
                Requirement {
                    cut: 0.3,
                    batches: if i % 5 == 0 { 3 } else { 0 },
                },
                Requirement {
                    cut: 1.0,
                    batches: 0,
                },
            ],
            grade: [Grade::A, Grade::B, Grade::C, Grade::D][i % 4],
            cems: i % 3 == 0,
            guaranteed: i % 50 == 0,
        })
        .collect();
    let vehicles: Vec<VehicleRow> = (0..COUNTIES)
        .flat_map(|c| {
            (0..8u8).map(move |s| VehicleRow {
                county: c,
                class: if s % 2 == 0 {
                    VehicleClass::Car
                } else {
                    VehicleClass::HeavyTruck
                },
                fuel: Fuel::Diesel,
                standard: s.min(7),
                emissions: [1.0, 100.0, 50.0, 10.0, 5.0, 1.0],
                urban_share: 0.5,
                exempt_share: 0.1,
            })
        })
        .collect();
    let dust: Vec<DustRow> = (0..COUNTIES)
        .map(|c| DustRow {
            county: c,
            kind: DustKind::RoadArterial,
            pm10: 500.0,
            pm25: 100.0,
            guaranteed_share: 0.0,
            washable: true,
        })
        .collect();
    let odds = ComplianceOdds {
        full: 0.85,
        partial: 0.1,
    };
    let behaviour = Behaviour {
        enterprise: EnterpriseBehaviour {
            odds: [odds; 6],
            cems_evasion_factor: 0.5,
            partial_share: 0.5,
            shutdown_hours: 6.0,
            restart_hours: 12.0,
            treatment_run_on_hours: 3,
            guaranteed_max_cut: 0.3,
        },
        county: CountyBehaviour {
            relay_median_hours: 1.5,
            relay_log_sd: 0.5,
            relay_deadline_hours: 3.0,
            inspections_per_day: 10,
            inspection_hour: 9,
            detect_with_cems: 0.9,
            detect_without_cems: 0.5,
        },
        traffic: TrafficBehaviour {
            ban_compliance: 0.9,
            odd_even_compliance: 0.8,
            substitution: 0.3,
            bulk_transport_share: 0.4,
            nonroad_site_share: [0.8, 0.8, 0.0],
            discretionary_applied: false,
        },
        dust: DustBehaviour {
            compliance: 0.8,
            site_operations_share: 0.7,
            open_air_share: 0.6,
            washing_reduction: 0.3,
            covering_reduction: 0.5,
            haulage_reduction: 0.4,
            frost_c: 0.0,
        },
    };
    let sectors = SectorIndex {
        onroad: 3,
        nonroad: 4,
        dust: 5,
        count: 8,
    };
    CityAgents::new(
        &plan,
        COUNTIES as usize,
        sectors,
        &firms,
        &vehicles,
        &dust,
        behaviour,
    )
}

fn bench(c: &mut Criterion) {
    let mut a = agents();
    let mut season = 0;
    c.bench_function("agents: one season (4368 h, 1600 firms, 4 warnings)", |b| {
        b.iter(|| {
            season += 1;
            a.start_season(7, season);
            for w in 0..4i64 {
                let start = 500 + w * 1000;
                a.notice(start, Some(Level::Orange));
                a.notice(start + 48, Some(Level::Red));
                a.notice(start + 120, None);
            }
            let mut total = 0.0;
            for h in 0..4368i64 {
                total += a.hour(h, (h / 24) as usize, 2.0)[1][0];
            }
            black_box(total)
        })
    });
    let mut a = agents();
    c.bench_function(
        "agents: one level change (relay + draws + step, 1600 firms)",
        |b| {
            let mut h = 0i64;
            b.iter(|| {
                h += 10;
                a.notice(
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
