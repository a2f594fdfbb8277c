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
            removed.iter_mut().for_each(|r| *r = [0.0; EMITTED]);
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
    assert_eq!(e.stopped_hours[0], 0);
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
        removed.iter_mut().for_each(|r| *r = [0.0; EMITTED]);
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
