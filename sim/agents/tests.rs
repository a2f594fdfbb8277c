//! The agents against the plan's rules, one test per rule, named after its section.

use super::counties::{Counties, CountyBehaviour};
use super::enterprises::*;
use crate::plan::Level;
use crate::plan::schema::Grade;
use crate::random::{Purpose, stream};

fn behaviour() -> EnterpriseBehaviour {
    let odds = ComplianceOdds {
        full: 0.8,
        partial: 0.1,
    };
    EnterpriseBehaviour {
        odds: [odds; 6],
        cems_evasion_factor: 0.5,
        partial_share: 0.5,
        shutdown_hours: 6.0,
        restart_hours: 12.0,
        treatment_run_on_hours: 3,
        guaranteed_max_cut: 0.3,
    }
}

fn firm(cut: f64, batches: u8) -> EnterpriseSpec {
    EnterpriseSpec {
        county: 0,
        sector: 1,
        emissions: [10.0, 20.0, 30.0, 5.0, 4.0, 2.0],
        required: [Requirement { cut, batches }; 3],
        grade: Grade::C,
        cems: false,
        guaranteed: false,
    }
}

/// Runs `hours` hours at `level` and returns the cut of firm 0 at each hour.
fn run(e: &mut Enterprises, level: Option<Level>, from: i64, hours: i64) -> Vec<f64> {
    let mut removed = vec![[0.0; EMITTED]; 8];
    (from..from + hours)
        .map(|h| {
            e.step(
                h,
                (h / 24) as usize,
                &[level],
                &behaviour(),
                8,
                &mut removed,
            );
            e.cut[0]
        })
        .collect()
}

#[test]
fn agents_4_4_1_1_a_stop_ramps_over_hours_and_treatment_runs_3h_after_it() {
    let mut e = Enterprises::new(&[firm(1.0, 0)]);
    let cuts = run(&mut e, Some(Level::Orange), 0, 10);
    assert!(
        (cuts[0] - 1.0 / 6.0).abs() < 1e-12,
        "a shutdown takes hours: {cuts:?}"
    );
    let stopped_at = cuts.iter().position(|c| *c >= 1.0).unwrap() as i64;
    assert_eq!(stopped_at, 5);
    for h in stopped_at..=stopped_at + 3 {
        assert!(
            e.treatment_running(0, h),
            "treatment must run 3 h after the stop (hour {h})"
        );
    }
    assert!(!e.treatment_running(0, stopped_at + 4));
    // Lifted: production restarts, more slowly than it stopped.
    let after = run(&mut e, None, 10, 12);
    assert!((after[0] - (1.0 - 1.0 / 12.0)).abs() < 1e-12);
    assert_eq!(*after.last().unwrap(), 0.0);
}

#[test]
fn agents_4_6_guaranteed_firms_are_never_stopped_outright() {
    let mut spec = firm(1.0, 0);
    spec.guaranteed = true;
    let mut e = Enterprises::new(&[spec]);
    let cuts = run(&mut e, Some(Level::Red), 0, 48);
    assert!(
        cuts.iter()
            .all(|c| *c <= behaviour().guaranteed_max_cut + 1e-12)
    );
    assert_eq!(e.stopped_since[0], i64::MAX);
}

#[test]
fn agents_4_4_1_1_grade_a_acts_on_its_own() {
    // A and Leading firms carry the guide's autonomous cut (none here): the plan imposes nothing.
    let mut spec = firm(0.0, 0);
    spec.grade = Grade::A;
    let mut e = Enterprises::new(&[spec]);
    assert!(
        run(&mut e, Some(Level::Red), 0, 24)
            .iter()
            .all(|c| *c == 0.0)
    );
}

#[test]
fn agents_2_2_rotating_shutdowns_deliver_the_cut_over_the_cycle_in_at_most_3_batches() {
    let specs: Vec<EnterpriseSpec> = (0..6).map(|_| firm(0.5, 2)).collect();
    let e = Enterprises::new(&specs);
    assert!(e.batch.iter().all(|b| *b < 3));
    let b = behaviour();
    // Each firm is stopped outright on half of the days; on any day some firms are running.
    for i in 0..6 {
        let stopped = (0..20)
            .filter(|d| e.required_cut(i, Some(Level::Orange), *d, &b) == 1.0)
            .count();
        assert_eq!(stopped, 10);
    }
    for day in 0..20 {
        let stopped_today = (0..6)
            .filter(|i| e.required_cut(*i, Some(Level::Orange), day, &b) == 1.0)
            .count();
        assert!(
            stopped_today < 6,
            "day {day}: the batches rotate, not all stop together"
        );
    }
}

#[test]
fn agents_compliance_depends_on_grade_and_monitoring() {
    let mut b = behaviour();
    b.odds[grade_index(Grade::D)] = ComplianceOdds {
        full: 0.5,
        partial: 0.2,
    };
    let mut specs = Vec::new();
    for i in 0..4000 {
        let mut s = firm(1.0, 0);
        s.grade = if i % 2 == 0 { Grade::B } else { Grade::D };
        s.cems = i % 4 < 2;
        specs.push(s);
    }
    let mut e = Enterprises::new(&specs);
    e.draw_compliance(None, &b, &mut stream(1, 0, Purpose::Compliance, 0));
    let evasion = |grade: Grade, cems: bool| {
        let idx: Vec<usize> = (0..e.len())
            .filter(|&i| e.grade[i] == grade && e.cems[i] == cems)
            .collect();
        idx.iter()
            .filter(|&&i| e.compliance[i] == Compliance::Evade)
            .count() as f64
            / idx.len() as f64
    };
    assert!(
        (evasion(Grade::D, false) - 0.3).abs() < 0.05,
        "{}",
        evasion(Grade::D, false)
    );
    assert!((evasion(Grade::D, true) - 0.15).abs() < 0.05);
    assert!((evasion(Grade::B, false) - 0.1).abs() < 0.04);
    assert!(evasion(Grade::D, false) > evasion(Grade::B, false));
}

#[test]
fn agents_partial_compliers_deliver_part_and_evaders_nothing_until_found() {
    let mut e = Enterprises::new(&[firm(0.6, 0), firm(0.6, 0), firm(0.6, 0)]);
    e.compliance = vec![Compliance::Full, Compliance::Partial, Compliance::Evade];
    let b = behaviour();
    assert_eq!(e.delivered(0, 0.6, &b), 0.6);
    assert_eq!(e.delivered(1, 0.6, &b), 0.3);
    assert_eq!(e.delivered(2, 0.6, &b), 0.0);
    e.detected[2] = true;
    assert_eq!(e.delivered(2, 0.6, &b), 0.6);
}

#[test]
fn agents_removed_emissions_add_up_by_county_and_sector() {
    let mut a = firm(0.5, 0);
    a.county = 1;
    a.sector = 0;
    let b = firm(1.0, 0);
    let mut e = Enterprises::new(&[a, b]);
    let mut removed = vec![[0.0; EMITTED]; 2 * 8];
    for h in 0..24 {
        e.step(
            h,
            0,
            &[Some(Level::Red), Some(Level::Red)],
            &behaviour(),
            8,
            &mut removed,
        );
    }
    assert_eq!(
        removed[8],
        [5.0, 10.0, 15.0, 2.5, 2.0, 1.0],
        "county 1, sector 0: half of firm a"
    );
    assert_eq!(
        removed[1],
        [10.0, 20.0, 30.0, 5.0, 4.0, 2.0],
        "county 0, sector 1: all of firm b"
    );
    let mut paper = vec![[0.0; EMITTED]; 2 * 8];
    e.on_paper(Level::Red, &behaviour(), 8, &mut paper);
    assert_eq!(paper, removed);
}

fn county_behaviour() -> CountyBehaviour {
    CountyBehaviour {
        relay_median_hours: 2.0,
        relay_log_sd: 0.5,
        relay_deadline_hours: 3.0,
        inspections_per_day: 5,
        inspection_hour: 9,
        detect_with_cems: 0.9,
        detect_without_cems: 0.5,
    }
}

#[test]
fn agents_4_2_counties_relay_with_a_delay_and_late_relays_are_recorded() {
    let mut c = Counties::new(200);
    let mut rng = stream(3, 0, Purpose::Inspection, 0);
    c.notice(10, Some(Level::Yellow), &county_behaviour(), &mut rng);
    let mut started = Vec::new();
    c.advance(10, &mut started);
    assert!(
        c.level.iter().all(Option::is_none),
        "no county acts before its relay"
    );
    c.advance(40, &mut started);
    assert!(c.level.iter().all(|l| *l == Some(Level::Yellow)));
    assert!(started.iter().all(|s| *s));
    // Median 2 h, log-sd 0.5: about 21 % of relays exceed the 3 h the plan allows.
    let late = f64::from(c.late_relays) / f64::from(c.relays);
    assert!((late - 0.21).abs() < 0.07, "{late}");
}

#[test]
fn agents_6_2_3_inspections_find_evaders_cems_makes_it_likelier() {
    let specs: Vec<EnterpriseSpec> = (0..400)
        .map(|i| {
            let mut s = firm(1.0, 0);
            s.cems = i % 2 == 0;
            s
        })
        .collect();
    let mut e = Enterprises::new(&specs);
    e.compliance.fill(Compliance::Evade);
    let mut b = county_behaviour();
    b.inspections_per_day = 400;
    let mut c = Counties::new(1);
    c.level[0] = Some(Level::Orange);
    c.inspect(
        &mut e,
        |_| true,
        &b,
        &mut stream(5, 0, Purpose::Inspection, 0),
    );
    let found = |cems: bool| {
        (0..400)
            .filter(|&i| e.cems[i] == cems && e.detected[i])
            .count() as f64
            / 200.0
    };
    assert!((found(true) - 0.9).abs() < 0.07 && (found(false) - 0.5).abs() < 0.1);
    assert_eq!(
        c.detections[0] as usize,
        (0..400).filter(|&i| e.detected[i]).count()
    );
    // A county with no warning inspects nobody.
    let mut quiet = Counties::new(1);
    quiet.inspect(
        &mut e,
        |_| true,
        &b,
        &mut stream(5, 0, Purpose::Inspection, 1),
    );
    assert_eq!(quiet.inspections[0], 0);
}

// ----------------------------------------------------------------------------- traffic, dust

use super::dust::{self, DustBehaviour, DustKind, DustRow};
use super::traffic::{self, Fuel, TrafficBehaviour, VehicleClass, VehicleRow};
use crate::plan::Plan;

fn plan() -> Plan {
    Plan::from_toml(
        include_str!("../../scenarios/liaocheng-2020/plan.toml"),
        std::path::Path::new("plan.toml"),
    )
    .unwrap()
}

fn traffic_behaviour() -> TrafficBehaviour {
    TrafficBehaviour {
        ban_compliance: 1.0,
        odd_even_compliance: 1.0,
        substitution: 0.0,
        bulk_transport_share: 0.4,
        nonroad_site_share: [1.0, 1.0, 0.0],
        discretionary_applied: false,
    }
}

fn vehicles(class: VehicleClass, fuel: Fuel, standard: u8) -> VehicleRow {
    VehicleRow {
        county: 0,
        class,
        fuel,
        standard,
        emissions: [1.0, 100.0, 50.0, 10.0, 5.0, 1.0],
        urban_share: 0.6,
        exempt_share: 0.1,
    }
}

fn banned(level: Level, row: &VehicleRow) -> (f64, f64) {
    traffic::banned_share(&plan(), level, row, &traffic_behaviour())
}

#[test]
fn agents_4_4_4_3_odd_even_only_at_red_and_never_for_new_energy_vehicles() {
    let car = vehicles(VehicleClass::Car, Fuel::Gasoline, 5);
    assert_eq!(banned(Level::Orange, &car).1, 0.0);
    let (_, odd_even) = banned(Level::Red, &car);
    assert!(
        (odd_even - 0.5 * 0.6 * 0.9).abs() < 1e-12,
        "half of the non-exempt zone traffic: {odd_even}"
    );
    let nev = vehicles(VehicleClass::Car, Fuel::Electric, 7);
    assert_eq!(
        banned(Level::Red, &nev).1,
        0.0,
        "new-energy vehicles are exempt (§4.4.4.3(2)①)"
    );
    let mut exempt = car.clone();
    exempt.exempt_share = 1.0;
    assert_eq!(
        banned(Level::Red, &exempt).1,
        0.0,
        "exempt classes keep driving"
    );
}

#[test]
fn agents_4_4_3_3_china_iv_heavy_trucks_of_bulk_units_and_china_ii_machinery_from_orange() {
    let old_truck = vehicles(VehicleClass::HeavyTruck, Fuel::Diesel, 4);
    let new_truck = vehicles(VehicleClass::HeavyTruck, Fuel::Diesel, 5);
    assert_eq!(banned(Level::Yellow, &old_truck).0, 0.0);
    let (orange, _) = banned(Level::Orange, &old_truck);
    // Bulk units' share, then the urban ban of heavy diesel trucks on top (§4.4.3.3(2)).
    let expected = 1.0 - (1.0 - 0.4 * 0.9) * (1.0 - 0.6 * 0.9);
    assert!((orange - expected).abs() < 1e-12, "{orange} vs {expected}");
    let (orange_new, _) = banned(Level::Orange, &new_truck);
    assert!(
        (orange_new - 0.6 * 0.9).abs() < 1e-12,
        "China V: only the urban ban"
    );
    let old_machine = vehicles(VehicleClass::NonroadConstruction, Fuel::Diesel, 2);
    let newer_machine = vehicles(VehicleClass::NonroadConstruction, Fuel::Diesel, 3);
    assert!((banned(Level::Orange, &old_machine).0 - 0.9).abs() < 1e-12);
    assert_eq!(banned(Level::Orange, &newer_machine).0, 0.0);
}

#[test]
fn agents_4_4_2_3_the_yellow_urban_truck_ban_is_applied_only_when_the_city_chooses_to() {
    let truck = vehicles(VehicleClass::LightTruck, Fuel::Diesel, 5);
    assert_eq!(banned(Level::Yellow, &truck).0, 0.0);
    let mut b = traffic_behaviour();
    b.discretionary_applied = true;
    assert!((traffic::banned_share(&plan(), Level::Yellow, &truck, &b).0 - 0.54).abs() < 1e-12);
}

#[test]
fn agents_traffic_compliance_and_substitution_shrink_the_cut() {
    let rows = vec![vehicles(VehicleClass::Car, Fuel::Gasoline, 5)];
    let mut b = traffic_behaviour();
    let paper = traffic::reductions(&plan(), &rows, 1, &b, true);
    b.odd_even_compliance = 0.8;
    b.substitution = 0.25;
    let real = traffic::reductions(&plan(), &rows, 1, &b, false);
    let red_paper = paper[2][0].0[1];
    let red_real = real[2][0].0[1];
    assert!((red_paper - 100.0 * 0.27).abs() < 1e-9);
    assert!((red_real - red_paper * 0.8 * 0.75).abs() < 1e-9);
    assert_eq!(
        paper[0][0].0, [0.0; EMITTED],
        "no odd-even, no ban for cars at yellow"
    );
}

fn dust_behaviour() -> DustBehaviour {
    DustBehaviour {
        compliance: 0.8,
        site_operations_share: 0.7,
        open_air_share: 0.6,
        washing_reduction: 0.3,
        covering_reduction: 0.5,
        haulage_reduction: 0.4,
        frost_c: 0.0,
    }
}

#[test]
fn agents_4_4_2_3_dust_sites_stop_unless_guaranteed_and_washing_is_kept_apart_for_frost() {
    let rows = vec![
        DustRow {
            county: 0,
            kind: DustKind::ConstructionSite,
            pm10: 100.0,
            pm25: 20.0,
            guaranteed_share: 0.25,
            washable: false,
        },
        DustRow {
            county: 0,
            kind: DustKind::RoadArterial,
            pm10: 50.0,
            pm25: 10.0,
            guaranteed_share: 0.0,
            washable: true,
        },
        DustRow {
            county: 0,
            kind: DustKind::AggregateYard,
            pm10: 10.0,
            pm25: 2.0,
            guaranteed_share: 0.0,
            washable: false,
        },
    ];
    let cut = dust::reductions(&plan(), &rows, 1, &dust_behaviour(), false);
    let yellow = cut[0][0];
    let site = 0.7 * 0.75 * 0.8;
    let yard = 0.6 * 0.8;
    assert!((yellow.always[4] - (20.0 * site + 2.0 * yard)).abs() < 1e-9);
    assert!((yellow.always[5] - (80.0 * site + 8.0 * yard)).abs() < 1e-9);
    assert!(
        (yellow.washing[5] - 40.0 * 0.3).abs() < 1e-9,
        "roads: two more washings a day"
    );
    assert_eq!(yellow.washing[4], 10.0 * 0.3);
}

// ------------------------------------------------------------------------------- the city

use super::city::{Behaviour, CityAgents, SectorIndex};

fn city() -> CityAgents {
    let sectors = SectorIndex {
        onroad: 3,
        nonroad: 4,
        dust: 5,
        count: 8,
    };
    let mut b = county_behaviour();
    b.relay_median_hours = 1.0;
    b.relay_log_sd = 0.0;
    let firms: Vec<EnterpriseSpec> = (0..20).map(|_| firm(0.5, 0)).collect();
    let cars = vec![vehicles(VehicleClass::Car, Fuel::Gasoline, 5)];
    let roads = vec![DustRow {
        county: 0,
        kind: DustKind::RoadArterial,
        pm10: 50.0,
        pm25: 10.0,
        guaranteed_share: 0.0,
        washable: true,
    }];
    let mut eb = behaviour();
    eb.odds = [ComplianceOdds {
        full: 1.0,
        partial: 0.0,
    }; 6];
    CityAgents::new(
        &plan(),
        1,
        sectors,
        &firms,
        &cars,
        &roads,
        Behaviour {
            enterprise: eb,
            county: b,
            traffic: traffic_behaviour(),
            dust: dust_behaviour(),
        },
    )
}

#[test]
fn agents_no_warning_no_cut() {
    let mut a = city();
    a.start_season(1, 0);
    for h in 0..100 {
        assert!(
            a.hour(h, (h / 24) as usize, 5.0)
                .iter()
                .all(|r| *r == [0.0; EMITTED])
        );
    }
}

#[test]
fn agents_4_2_a_relayed_red_warning_cuts_industry_traffic_and_dust_then_lifting_restores() {
    let mut a = city();
    a.start_season(1, 0);
    a.notice(10, Some(Level::Red));
    a.notice(60, None);
    let mut industry = Vec::new();
    for h in 0..100 {
        let removed = a.hour(h, (h / 24) as usize, if h < 40 { 5.0 } else { -3.0 });
        industry.push(removed[1][0]);
        if h == 30 {
            assert!(removed[3][1] > 0.0, "odd-even cuts car NOx");
            assert!(removed[5][5] > 0.0, "washing cuts road dust above freezing");
        }
        if h == 45 {
            assert_eq!(removed[5][5], 0.0, "no washing in frost (§4.4.2.3(3)③)");
        }
    }
    assert_eq!(industry[10], 0.0, "nothing before the county relays (1 h)");
    assert!(industry[11] > 0.0);
    // 20 firms × 0.5 × 10 t SO2 once ramped.
    assert!((industry[30] - 100.0).abs() < 1e-9, "{}", industry[30]);
    assert!(
        industry[62] > 0.0 && industry[62] < 100.0,
        "restarting takes hours"
    );
    assert_eq!(industry[99], 0.0);
}
