//! The agents against the plan's rules, one test per rule, named after its section.

use super::counties::{Counties, CountyBehaviour};
use super::enterprises::*;
use crate::plan::Level;
use crate::plan::schema::Grade;
use crate::random::{Purpose, stream};
use crate::world::behaviour::{Delay, Triangular};

fn behaviour() -> EnterpriseBehaviour {
    let odds = ComplianceOdds {
        full: 0.8,
        partial: 0.1,
    };
    // With CEMS, evasion halves and goes to full compliance.
    let with_cems = ComplianceOdds {
        full: 0.85,
        partial: 0.1,
    };
    EnterpriseBehaviour {
        odds: [[odds, with_cems]; 6],
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
        output_per_hour: 1000.0,
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
            e.cut_now(0)
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
    b.odds[grade_index(Grade::D)] = [
        ComplianceOdds {
            full: 0.5,
            partial: 0.2,
        },
        ComplianceOdds {
            full: 0.65,
            partial: 0.2,
        },
    ];
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
    // Ramps add up hour by hour: equal to the last rounding.
    let close = |a: &[f64; EMITTED], b: &[f64; EMITTED]| {
        a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-9 * y.abs().max(1.0))
    };
    assert!(
        close(&removed[8], &[5.0, 10.0, 15.0, 2.5, 2.0, 1.0]),
        "county 1, sector 0: half of firm a: {:?}",
        removed[8]
    );
    assert!(
        close(&removed[1], &[10.0, 20.0, 30.0, 5.0, 4.0, 2.0]),
        "county 0, sector 1: all of firm b: {:?}",
        removed[1]
    );
    let mut paper = vec![[0.0; EMITTED]; 2 * 8];
    e.on_paper(Level::Red, &behaviour(), 8, &mut paper);
    assert!(paper.iter().zip(&removed).all(|(p, r)| close(r, p)));
}

fn county_behaviour() -> CountyBehaviour {
    CountyBehaviour {
        relay: Delay {
            on_time: Triangular {
                min: 0.5,
                mode: 1.0,
                max: 2.5,
            },
            late_probability: 0.2,
            late: Triangular {
                min: 3.5,
                mode: 5.0,
                max: 12.0,
            },
        },
        relay_deadline_hours: 3.0,
        disclosure: Delay {
            on_time: Triangular {
                min: 0.25,
                mode: 0.75,
                max: 1.75,
            },
            late_probability: 0.0,
            late: Triangular {
                min: 2.5,
                mode: 3.5,
                max: 8.0,
            },
        },
        disclosure_deadline_hours: 2.0,
        inspections_per_day: vec![5; 200],
        inspection_hour: 9,
        detect_with_cems: 0.9,
        detect_without_cems: 0.5,
        lead_share: 0.0,
        cems_lead_per_day: 0.0,
    }
}

#[test]
fn agents_4_2_counties_relay_with_a_delay_and_late_relays_are_recorded() {
    let mut c = Counties::new(200);
    let mut rng = stream(3, 0, Purpose::Inspection, 0);
    c.notice(10, 10, Some(Level::Yellow), &county_behaviour(), &mut rng);
    let mut started = Vec::new();
    c.advance(10, &mut started);
    assert!(
        c.level.iter().all(Option::is_none),
        "no county acts before its relay"
    );
    c.advance(40, &mut started);
    assert!(c.level.iter().all(|l| *l == Some(Level::Yellow)));
    assert!(started.iter().all(|s| *s));
    // One relay in five is drawn from the late distribution, beyond the 3 h the plan allows.
    let late = f64::from(c.late_relays) / f64::from(c.relays);
    assert!((late - 0.2).abs() < 0.07, "{late}");
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
    b.inspections_per_day = vec![400];
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
        compliance: [1.0; traffic::BAN_KINDS],
        substitution: [0.0; traffic::BAN_KINDS],
        odd_even_plate_share: 0.5,
        bulk_transport_share: 0.4,
        nonroad_site_share: [1.0, 1.0],
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
        count: 1000.0,
    }
}

/// The shares banned: (any ban, the odd-even rule).
fn banned(level: Level, row: &VehicleRow) -> (f64, f64) {
    split(traffic::banned_share(
        &plan(),
        level,
        row,
        &traffic_behaviour(),
    ))
}

fn split(b: [f64; traffic::BAN_KINDS]) -> (f64, f64) {
    let bans = 1.0 - (0..traffic::ODD_EVEN).map(|k| 1.0 - b[k]).product::<f64>();
    (bans, b[traffic::ODD_EVEN])
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
    assert!(
        (split(traffic::banned_share(&plan(), Level::Yellow, &truck, &b)).0 - 0.54).abs() < 1e-12
    );
}

#[test]
fn agents_traffic_compliance_and_substitution_shrink_the_cut() {
    let rows = vec![vehicles(VehicleClass::Car, Fuel::Gasoline, 5)];
    let mut b = traffic_behaviour();
    let paper = traffic::reductions(&plan(), &rows, 1, &b, true);
    b.compliance[traffic::ODD_EVEN] = 0.8;
    b.substitution[traffic::ODD_EVEN] = 0.25;
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
        site_compliance: 0.8,
        site_stop_cut: 0.7,
        open_air_compliance: 0.8,
        open_air_stop_cut: 0.6,
        washing_done: 1.0,
        washing_pm10_cut: 0.3,
        washing_pm25_cut: 0.3,
        washing_min_temperature_c: 0.0,
        covering_compliance: 0.8,
        covering_cut: 0.5,
        haul_compliance: 0.8,
        haul_unsealed_share: 0.4,
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
            count: 10.0,
        },
        DustRow {
            county: 0,
            kind: DustKind::RoadArterial,
            pm10: 50.0,
            pm25: 10.0,
            guaranteed_share: 0.0,
            washable: true,
            count: 10.0,
        },
        DustRow {
            county: 0,
            kind: DustKind::AggregateYard,
            pm10: 10.0,
            pm25: 2.0,
            guaranteed_share: 0.0,
            washable: false,
            count: 10.0,
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
    let one_hour = Triangular {
        min: 1.0,
        mode: 1.0,
        max: 1.0,
    };
    b.relay = Delay {
        on_time: one_hour,
        late_probability: 0.0,
        late: one_hour,
    };
    b.inspections_per_day = vec![5];
    let firms: Vec<EnterpriseSpec> = (0..20).map(|_| firm(0.5, 0)).collect();
    let cars = vec![vehicles(VehicleClass::Car, Fuel::Gasoline, 5)];
    let roads = vec![DustRow {
        county: 0,
        kind: DustKind::RoadArterial,
        pm10: 50.0,
        pm25: 10.0,
        guaranteed_share: 0.0,
        washable: true,
        count: 10.0,
    }];
    let mut eb = behaviour();
    eb.odds = [[ComplianceOdds {
        full: 1.0,
        partial: 0.0,
    }; 2]; 6];
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
    a.notice(10, 10, Some(Level::Red));
    a.notice(60, 60, None);
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

// ------------------------------------------------------------- requirements from the world

use super::accounting::assess;
use super::from_world::{self, Basis};
use crate::world::enterprises::Enterprises as List;
use crate::world::guide::{Guide, parse_guide};

fn guide() -> Guide {
    parse_guide(
        include_str!("../../scenarios/technical-guide-2020.toml"),
        std::path::Path::new("technical-guide-2020.toml"),
    )
    .unwrap()
}

/// A list of one firm per (industry, grade, flags) case, in county 0.
fn list_of(g: &Guide, firms: &[(&str, Grade, bool, bool, u16)]) -> List {
    let mut l = List::default();
    for (k, (industry, grade, guaranteed, small_micro, lines)) in firms.iter().enumerate() {
        l.id.push(format!("F{k}"));
        l.name.push(format!("firm {k}"));
        l.county.push(0);
        l.industry.push(g.industry(industry).unwrap().0 as u16);
        l.grade.push(*grade);
        l.guaranteed.push(*guaranteed);
        l.guarantee_mode.push(None);
        l.small_micro.push(*small_micro);
        l.lines.push(*lines);
        l.cems.push(false);
        l.emissions.push([10.0, 20.0, 8.0, 4.0]);
        l.output_wan_yuan.push(1000.0);
        l.daily_truck_trips.push(5.0);
    }
    l
}

#[test]
fn requirements_4_4_1_1_a_and_leading_act_on_their_own_b_c_d_follow_the_guide() {
    let g = guide();
    let p = plan();
    let l = list_of(
        &g,
        &[
            ("cement", Grade::A, false, false, 2),
            ("cement", Grade::B, false, false, 2),
            ("cement", Grade::C, false, false, 2),
            ("cement", Grade::D, false, false, 2),
        ],
    );
    for level in Level::WARNINGS {
        let a = from_world::resolve(&p, &g, &l, 0, level);
        assert_eq!(a.basis, Basis::Autonomous);
        assert_eq!(a.requirement, Requirement::NONE, "{level}");
        for i in 1..4 {
            assert_eq!(
                from_world::resolve(&p, &g, &l, i, level).basis,
                Basis::Guide
            );
        }
    }
    // The guide's cement rows: B limits 20 % at orange and stops at red; D stops at yellow.
    let cut = |i: usize, level| from_world::resolve(&p, &g, &l, i, level).requirement.cut;
    assert_eq!(cut(1, Level::Orange), 0.2);
    assert_eq!(cut(1, Level::Red), 1.0);
    assert_eq!(cut(3, Level::Yellow), 1.0);
    // Stricter grades never cut less than laxer ones.
    for level in Level::WARNINGS {
        assert!(cut(1, level) <= cut(2, level) && cut(2, level) <= cut(3, level));
    }
}

#[test]
fn requirements_stopping_lines_stops_whole_lines() {
    let g = guide();
    let p = plan();
    // Cement C stops half its lines at yellow: 1 of 2, 2 of 3, and a single line limits load.
    let l = list_of(
        &g,
        &[
            ("cement", Grade::C, false, false, 2),
            ("cement", Grade::C, false, false, 3),
            ("cement", Grade::C, false, false, 1),
        ],
    );
    let cut = |i: usize| {
        from_world::resolve(&p, &g, &l, i, Level::Yellow)
            .requirement
            .cut
    };
    assert_eq!(cut(0), 0.5);
    assert!((cut(1) - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(cut(2), 0.5);
}

#[test]
fn requirements_4_6_guaranteed_firms_are_never_stopped_and_4_7_small_micro_are_spared() {
    let g = guide();
    let p = plan();
    let l = list_of(
        &g,
        &[
            ("cement", Grade::D, true, false, 2),
            ("cement", Grade::D, false, true, 1),
        ],
    );
    for level in Level::WARNINGS {
        let gu = from_world::resolve(&p, &g, &l, 0, level);
        assert_eq!(gu.basis, Basis::Guaranteed);
        assert!(gu.requirement.cut < 1.0 && gu.requirement.batches == 0);
        let sm = from_world::resolve(&p, &g, &l, 1, level);
        assert_eq!(sm.basis, Basis::SmallMicro);
        assert_eq!(sm.requirement, Requirement::NONE);
    }
}

#[test]
fn requirements_2_2_every_rotation_has_at_most_3_batches_and_cuts_stay_in_0_1() {
    let g = guide();
    let p = plan();
    let mut cases = Vec::new();
    for ind in &g.industries {
        let grades = if ind.is_graded() {
            ind.grades.clone()
        } else {
            vec![Grade::NonLeading]
        };
        for grade in grades {
            cases.push((ind.id.as_str(), grade, false, false, 3u16));
        }
    }
    let l = list_of(&g, &cases);
    let mut rotating = 0;
    for (i, case) in cases.iter().enumerate() {
        for level in Level::WARNINGS {
            let r = from_world::resolve(&p, &g, &l, i, level).requirement;
            assert!((0.0..=1.0).contains(&r.cut), "{case:?} {level}");
            assert!(r.batches <= 3, "{case:?} {level}: {} batches", r.batches);
            rotating += usize::from(r.batches > 0);
        }
        // A firm never does less at a stricter level.
        let cuts: Vec<f64> = Level::WARNINGS
            .iter()
            .map(|l2| from_world::resolve(&p, &g, &l, i, *l2).requirement.cut)
            .collect();
        assert!(
            cuts[0] <= cuts[1] && cuts[1] <= cuts[2],
            "{:?}: {cuts:?}",
            cases[i]
        );
    }
    assert!(rotating > 0, "some measures rotate");
}

#[test]
fn requirements_the_list_s_pollutants_map_onto_the_model_species_without_loss() {
    let g = guide();
    let p = plan();
    let l = list_of(
        &g,
        &[
            ("cement", Grade::B, false, false, 2),
            ("power_heat", Grade::NonLeading, true, false, 2),
        ],
    );
    let sc = crate::world::scenario::embedded_scenario().unwrap();
    let specs = from_world::enterprise_specs(&p, &g, &l, &sc.counties);
    for (s, list) in specs.iter().zip(&l.emissions) {
        assert_eq!(s.emissions[0], list[0]);
        assert_eq!(s.emissions[1], list[1]);
        assert_eq!(s.emissions[3], list[3]);
        assert!((s.emissions[4] + s.emissions[5] - list[2]).abs() < 1e-12);
        assert!(s.emissions[4] > 0.0 && s.emissions[5] > 0.0);
        assert!(s.emissions[2] > 0.0, "CO shared out by SO2 + NOx");
    }
    // Each firm is the only one of its sector in county 0: it carries the sector's CO.
    use crate::world::counties::{Sector, Species};
    assert!(
        (specs[0].emissions[2] - sc.counties.emission(0, Sector::Industry, Species::Co)).abs()
            < 1e-9
    );
    assert!(
        (specs[1].emissions[2] - sc.counties.emission(0, Sector::Power, Species::Co)).abs() < 1e-9
    );
    assert_eq!(usize::from(specs[1].sector), Sector::Power.index());
}

proptest::proptest! {
    /// Accounting identities: the city's emitted and removed are the sums over counties and
    /// sectors; every cut lies in [0, 1]; nothing removed, nothing cut.
    #[test]
    fn accounting_identities_hold_for_any_removal(
        seed in proptest::collection::vec((0.0f64..100.0, 0.0f64..1.5), 2 * 3 * 6),
        weights in proptest::collection::vec(0.1f64..3.0, 3),
    ) {
        let t = plan().targets(Level::Orange).unwrap().clone();
        let emitted: Vec<[f64; EMITTED]> = seed
            .chunks(6)
            .map(|c| std::array::from_fn(|k| c[k].0))
            .collect();
        let removed: Vec<[f64; EMITTED]> = seed
            .chunks(6)
            .map(|c| std::array::from_fn(|k| c[k].0 * c[k].1))
            .collect();
        let a = assess(&removed, &emitted, &weights, &t);
        proptest::prop_assert_eq!(a.counties.len(), 2);
        for c in a.counties.iter().chain([&a.city]) {
            for cut in c.cut {
                proptest::prop_assert!((0.0..=1.0).contains(&cut));
            }
        }
        let mut e = [0.0; EMITTED];
        for (k, row) in emitted.iter().enumerate() {
            for s in 0..EMITTED {
                e[s] += row[s] * weights[k % 3];
            }
        }
        let want = super::accounting::plan_pollutants(&e);
        for (p, w) in want.iter().enumerate() {
            proptest::prop_assert!((a.emitted[p] - w).abs() <= 1e-9 * w.max(1.0));
            proptest::prop_assert!(a.removed[p] <= a.emitted[p] + 1e-9);
        }
        let none = assess(&vec![[0.0; EMITTED]; 6], &emitted, &weights, &t);
        proptest::prop_assert_eq!(none.city.cut, [0.0; 4]);
        proptest::prop_assert!(!none.city.meets_target);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
    /// Whatever the warnings, the actors never add emissions and never remove more than a
    /// county's sector emits.
    #[test]
    fn the_plan_never_raises_emissions(
        notices in proptest::collection::vec((0i64..600, 0usize..4), 1..8),
        seed in 0u64..1000,
    ) {
        let sc = crate::world::scenario::embedded_scenario().unwrap();
        let city = sc.city.as_ref().unwrap();
        let mut a = super::on_paper::city_agents(&sc.plan, &sc.counties, city);
        let base = super::on_paper::baseline(&sc.counties);
        a.start_season(seed, 0);
        let mut notices = notices;
        notices.sort();
        let levels = [None, Some(Level::Yellow), Some(Level::Orange), Some(Level::Red)];
        let mut next = 0;
        for h in 0..720i64 {
            while next < notices.len() && notices[next].0 == h {
                a.notice(h, h, levels[notices[next].1]);
                next += 1;
            }
            let removed = a.hour(h, (h / 24) as usize, if h % 48 < 12 { -3.0 } else { 4.0 });
            for (k, (r, e)) in removed.iter().zip(&base).enumerate() {
                for s in 0..EMITTED {
                    proptest::prop_assert!(r[s] >= -1e-9, "hour {h} slot {k}: {r:?}");
                    proptest::prop_assert!(r[s] <= e[s] * (1.0 + 1e-9) + 1e-9, "hour {h} slot {k}: {r:?} > {e:?}");
                }
            }
        }
    }
}
