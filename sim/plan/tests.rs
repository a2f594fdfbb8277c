//! Tests of the plan file as data: the Liaocheng 2020 plan encodes §3–§4 as the text says, and
//! broken files are rejected with located errors.

use std::path::Path;

use super::schema::{Action, EmissionStandard, Grade, MeasureKind, Zone};
use super::*;

const LIAOCHENG: &str = include_str!("../../scenarios/liaocheng-2020/plan.toml");

fn liaocheng() -> Plan {
    match Plan::from_toml(LIAOCHENG, Path::new("plan.toml")) {
        Ok(p) => p,
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn condition(above: f64, for_hours: u32) -> Condition {
    Condition {
        threshold: above,
        inclusive: false,
        for_hours,
    }
}

fn actions_at(plan: &Plan, level: Level) -> Vec<&Action> {
    plan.measures_at(level)
        .flat_map(|m| m.actions.iter())
        .collect()
}

fn count(plan: &Plan, level: Level, kind: MeasureKind) -> usize {
    plan.measures_at(level).filter(|m| m.kind == kind).count()
}

#[test]
fn plan_1_3_heavy_pollution_is_aqi_above_200_on_the_24h_continuous_mean() {
    let w = liaocheng().warning;
    assert_eq!(w.heavy_above, 200.0);
    assert_eq!(w.severe_above, 300.0);
    assert_eq!(w.rolling_hours, 24);
}

#[test]
fn plan_3_1_yellow_orange_red_and_advisory_criteria() {
    let w = liaocheng().warning;
    let criteria = |l: Level| w.level(l).unwrap().criteria.clone();
    assert_eq!(criteria(Level::Advisory), vec![vec![condition(200.0, 24)]]);
    assert_eq!(criteria(Level::Yellow), vec![vec![condition(200.0, 48)]]);
    assert_eq!(criteria(Level::Orange), vec![vec![condition(200.0, 72)]]);
    assert_eq!(
        criteria(Level::Red),
        vec![
            vec![condition(200.0, 96), condition(300.0, 48)],
            vec![Condition {
                threshold: 500.0,
                inclusive: true,
                for_hours: 1
            }],
        ]
    );
}

#[test]
fn plan_3_3_issuance_adjustment_and_lifting() {
    let w = liaocheng().warning;
    assert_eq!(w.min_lead_hours, 24, "§3.3.1 提前24小时以上发布");
    assert_eq!(w.immediate_observed_above, 200.0);
    assert_eq!(w.immediate_no_improvement_hours, 12, "§3.3.1 未来12小时内");
    assert!(
        w.adopt_regional_level,
        "§3.2 区域预警信息是启动应急的重要依据"
    );
    assert_eq!(w.merge_gap_hours, 36, "§3.3.2 间隔时间未达到36小时");
    assert!(w.upgrade && w.downgrade);
    assert_eq!(w.lift_at_most, 150.0, "§3.3.2 轻度污染及以下");
    assert_eq!(w.lift_for_hours, 36);
}

#[test]
fn plan_4_3_targets_are_10_20_30_percent_with_the_so2_nox_sum_rule() {
    let plan = liaocheng();
    for (level, share, sum) in [
        (Level::Yellow, 0.10, 0.20),
        (Level::Orange, 0.20, 0.40),
        (Level::Red, 0.30, 0.60),
    ] {
        let t = plan.targets(level).unwrap();
        assert_eq!((t.so2, t.nox, t.pm, t.vocs), (share, share, share, share));
        assert!(t.so2_nox_adjustable);
        assert_eq!(t.so2_plus_nox_at_least, sum);
    }
    assert!(plan.targets(Level::Advisory).is_none());
}

#[test]
fn plan_4_4_2_so2_and_nox_may_be_traded_if_their_sum_reaches_20_percent() {
    let plan = liaocheng();
    let yellow = plan.targets(Level::Yellow).unwrap();
    let cuts = |so2, nox, pm, vocs| Cuts { so2, nox, pm, vocs };
    assert!(yellow.met_by(&cuts(0.05, 0.15, 0.10, 0.10)));
    assert!(!yellow.met_by(&cuts(0.05, 0.14, 0.10, 0.10)));
    assert!(!yellow.met_by(&cuts(0.10, 0.10, 0.09, 0.10)));
    assert!(!yellow.met_by(&cuts(0.10, 0.10, 0.10, 0.09)));
    let mut strict = yellow.clone();
    strict.so2_nox_adjustable = false;
    assert!(!strict.met_by(&cuts(0.05, 0.15, 0.10, 0.10)));
}

#[test]
fn plan_4_4_measures_per_level_and_kind_follow_the_text() {
    let plan = liaocheng();
    use MeasureKind::*;
    // (public protection, advocacy, mandatory, guiding) per level, counted in §4.4.2–§4.4.4.
    let expected = [
        (Level::Yellow, [5, 3, 10, 5]),
        (Level::Orange, [6, 4, 12, 7]),
        (Level::Red, [7, 4, 13, 7]),
    ];
    for (level, counts) in expected {
        let got = [PublicProtection, Advocacy, Mandatory, Guiding].map(|k| count(&plan, level, k));
        assert_eq!(got, counts, "{level}");
    }
    // §3.1: the advisory is public information only.
    assert!(
        plan.measures_at(Level::Advisory)
            .all(|m| m.kind == PublicProtection)
    );
    // Every measure cites a section of §3 or §4.
    assert!(
        plan.file
            .measures
            .iter()
            .all(|m| m.section.starts_with("4.4.") || m.section == "3.1")
    );
}

#[test]
fn plan_4_4_1_1_lists_the_39_key_industries() {
    let plan = liaocheng();
    assert_eq!(plan.file.key_industries.names.len(), 39);
    assert!(
        plan.file
            .key_industries
            .names
            .contains(&"电解铝".to_string())
    );
    assert!(
        plan.file
            .key_industries
            .names
            .contains(&"工业涂装".to_string())
    );
}

#[test]
fn plan_4_4_1_1_grades_a_and_leading_act_on_their_own_and_treatment_runs_3h_after_a_stop() {
    let rules = liaocheng().file.rules;
    assert_eq!(
        rules.graded_control.autonomous_grades,
        vec![Grade::A, Grade::Leading]
    );
    assert!(
        rules
            .graded_control
            .guide_minimum_grades
            .contains(&Grade::D)
    );
    assert_eq!(rules.treatment_after_stop.min_hours, 3);
}

#[test]
fn plan_2_2_rotating_shutdowns_in_at_most_3_batches() {
    assert_eq!(liaocheng().file.rules.rotation.max_batches, 3);
}

#[test]
fn plan_4_4_2_3_yellow_urban_truck_restrictions_are_discretionary() {
    let plan = liaocheng();
    let m = plan
        .file
        .measures
        .iter()
        .find(|m| m.id == "yellow.mobile.2")
        .unwrap();
    assert!(m.discretionary, "§4.4.2.3(2) 可采取");
    assert!(matches!(
        m.actions[0],
        Action::VehicleBan {
            zone: Zone::UrbanAreas,
            ..
        }
    ));
}

#[test]
fn plan_4_4_3_3_orange_bans_china_iv_trucks_for_bulk_transport_and_china_ii_machinery() {
    let plan = liaocheng();
    let actions = actions_at(&plan, Level::Orange);
    assert!(actions.iter().any(|a| matches!(
        a,
        Action::HeavyTruckBan {
            max_standard: EmissionStandard::China4,
            more_than_daily_trips: Some(10),
            sector: None,
            ..
        }
    )));
    assert!(actions.iter().any(|a| matches!(
        a,
        Action::NonRoadBan {
            max_standard: EmissionStandard::China2,
            ..
        }
    )));
    // Not at yellow (only sector-specific truck bans there).
    assert!(!actions_at(&plan, Level::Yellow).iter().any(|a| matches!(
        a,
        Action::HeavyTruckBan { sector: None, .. } | Action::NonRoadBan { .. }
    )));
}

#[test]
fn plan_4_4_3_4_asphalt_concrete_bans_china_v_gas_trucks_from_orange() {
    let plan = liaocheng();
    let gas_limit = |level: Level| {
        actions_at(&plan, level).iter().find_map(|a| match a {
            Action::HeavyTruckBan {
                sector: Some(s),
                gas_max_standard,
                ..
            } if s == "asphalt_concrete" => Some(*gas_max_standard),
            _ => None,
        })
    };
    assert_eq!(gas_limit(Level::Yellow), Some(EmissionStandard::China4));
    assert_eq!(gas_limit(Level::Orange), Some(EmissionStandard::China5));
    assert_eq!(gas_limit(Level::Red), Some(EmissionStandard::China5));
}

#[test]
fn plan_4_4_4_3_odd_even_rule_only_at_red_with_its_exemptions() {
    let plan = liaocheng();
    let odd_even = |level: Level| {
        actions_at(&plan, level)
            .into_iter()
            .filter(|a| matches!(a, Action::OddEven { .. }))
            .count()
    };
    assert_eq!(
        (
            odd_even(Level::Yellow),
            odd_even(Level::Orange),
            odd_even(Level::Red)
        ),
        (0, 0, 1)
    );
    let exempt = actions_at(&plan, Level::Red)
        .into_iter()
        .find_map(|a| match a {
            Action::OddEven { exempt, .. } => Some(exempt.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(exempt.len(), 6);
}

#[test]
fn plan_4_4_guiding_production_cuts_stiffen_with_the_level() {
    let plan = liaocheng();
    let hot_rolling = |level: Level| {
        actions_at(&plan, level).into_iter().find_map(|a| match a {
            Action::LimitProduction {
                process: Some(p),
                at_least,
                ..
            } if p == "hot_rolling" => Some(*at_least),
            Action::StopProduction {
                process: Some(p), ..
            } if p == "hot_rolling" => Some(1.0),
            _ => None,
        })
    };
    assert_eq!(hot_rolling(Level::Yellow), None);
    assert_eq!(hot_rolling(Level::Orange), Some(0.5));
    assert_eq!(hot_rolling(Level::Red), Some(1.0));
}

#[test]
fn plan_4_5_unlisted_emitters_act_from_orange() {
    let r = liaocheng().file.rules.unlisted_emitters;
    assert_eq!(r.from_level, Level::Orange);
    assert!(r.actions.iter().any(|a| matches!(
        a,
        Action::NonRoadBan {
            max_standard: EmissionStandard::China2,
            ..
        }
    )));
    assert!(r.actions.iter().any(|a| matches!(
        a,
        Action::HeavyTruckBan {
            max_standard: EmissionStandard::China4,
            ..
        }
    )));
}

#[test]
fn plan_4_6_guaranteed_enterprises_are_never_stopped_and_graded_b_or_better() {
    let g = liaocheng().file.rules.guaranteed;
    assert!(g.never_stopped && g.only_guaranteed_tasks);
    assert_eq!(g.min_grade_in_key_industries, Grade::B);
    assert_eq!(g.production.len(), 2);
}

#[test]
fn plan_4_7_small_and_micro_emitters_emit_under_100_kg_a_year() {
    let s = liaocheng().file.rules.small_micro;
    assert_eq!(s.max_annual_kg, 100.0);
    assert!(s.measures_only_if_targets_unmet);
    assert_eq!(s.requires.len(), 4);
}

#[test]
fn every_assumed_value_is_listed_with_its_reason() {
    let plan = liaocheng();
    let fields: Vec<&str> = plan.assumptions.iter().map(|a| a.field.as_str()).collect();
    for f in [
        "consultation.daily_hour",
        "issuance.response_lead_hours",
        "issuance.approval_hours",
        "issuance.immediate.improved_at_most",
        "lifting.for_hours",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
}

// ------------------------------------------------------------------------- broken files

/// The errors for the Liaocheng plan with `from` replaced by `to` (once).
fn errors_after(from: &str, to: &str) -> Vec<crate::InputError> {
    assert!(
        LIAOCHENG.contains(from),
        "test setup: `{from}` not in the plan"
    );
    let text = LIAOCHENG.replacen(from, to, 1);
    match Plan::from_toml(&text, Path::new("plan.toml")) {
        Ok(_) => panic!("`{to}` was accepted"),
        Err(errors) => errors,
    }
}

/// The 1-based line of the first occurrence of `needle` in the plan after the replacement.
fn line_of(from: &str, to: &str, needle: &str) -> usize {
    let text = LIAOCHENG.replacen(from, to, 1);
    let at = text.find(needle).expect("needle present");
    text[..at].matches('\n').count() + 1
}

fn assert_one(errors: &[crate::InputError], line: usize, field: &str, message: &str) {
    let e = errors
        .iter()
        .find(|e| e.field == field)
        .unwrap_or_else(|| panic!("no error on `{field}` in {errors:?}"));
    assert_eq!(e.location.line, Some(line), "{e}");
    assert!(e.location.column.is_some(), "{e}");
    assert!(e.message.contains(message), "{e}");
    assert!(
        e.to_string().starts_with(&format!("plan.toml:{line}:")),
        "{e}"
    );
}

#[test]
fn broken_plan_unknown_key_is_named_with_its_line() {
    let (from, to) = (
        "merge_gap_hours = 36",
        "merge_gap_hours = 36\nmerge_gap_hour = 36",
    );
    let errors = errors_after(from, to);
    assert_eq!(errors.len(), 1);
    assert_one(
        &errors,
        line_of(from, to, "merge_gap_hour = 36"),
        "episode.merge_gap_hour",
        "unknown field `merge_gap_hour`",
    );
}

#[test]
fn broken_plan_wrong_type_is_named_with_its_line() {
    let (from, to) = ("at_most = 150", "at_most = \"150\"");
    let errors = errors_after(from, to);
    assert_one(
        &errors,
        line_of(from, to, "at_most = \"150\""),
        "lifting.at_most",
        "invalid type",
    );
}

#[test]
fn broken_plan_unknown_action_is_rejected() {
    let (from, to) = (
        "{ type = \"ban_fireworks\"",
        "{ type = \"ban_firecrackers\"",
    );
    let errors = errors_after(from, to);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].field.starts_with("measures["), "{}", errors[0]);
    assert!(
        errors[0].message.contains("ban_firecrackers"),
        "{}",
        errors[0]
    );
}

#[test]
fn broken_plan_thresholds_out_of_order() {
    let (from, to) = (
        "[{ all_of = [{ above = 200, for_hours = 72 }] }]",
        "[{ all_of = [{ above = 200, for_hours = 40 }] }]",
    );
    let errors = errors_after(from, to);
    assert_one(
        &errors,
        line_of(from, to, "for_hours = 40"),
        "levels[2].criteria[0].all_of[0].for_hours",
        "out of order",
    );
    let (from, to) = ("at_most = 150", "at_most = 250");
    assert_one(
        &errors_after(from, to),
        line_of(from, to, "at_most = 250"),
        "lifting.at_most",
        "out of order",
    );
}

#[test]
fn broken_plan_targets_out_of_order() {
    let (from, to) = ("pm = 0.30", "pm = 0.15");
    let errors = errors_after(from, to);
    assert_one(
        &errors,
        line_of(from, to, "pm = 0.15"),
        "targets[2].pm",
        "out of order",
    );
}

#[test]
fn broken_plan_ratio_outside_0_1() {
    let (from, to) = ("vocs = 0.20", "vocs = 1.20");
    let errors = errors_after(from, to);
    assert_one(
        &errors,
        line_of(from, to, "vocs = 1.20"),
        "targets[1].vocs",
        "[0, 1]",
    );
    let (from, to) = (
        "at_least = 0.5, basis = \"line\", rotation = \"county\" },\n    { type = \"heavy_truck_ban\", sector = \"metal_products\"",
        "at_least = -0.5, basis = \"line\", rotation = \"county\" },\n    { type = \"heavy_truck_ban\", sector = \"metal_products\"",
    );
    let errors = errors_after(from, to);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "measures[19].actions[0].at_least");
}

#[test]
fn broken_plan_level_without_criteria() {
    let (from, to) = (
        "criteria = [{ all_of = [{ above = 200, for_hours = 48 }] }]",
        "criteria = []",
    );
    let errors = errors_after(from, to);
    assert_one(
        &errors,
        line_of(from, to, "criteria = []"),
        "levels[1].criteria",
        "no criteria",
    );
    // A level with no `criteria` key at all is reported at the level.
    let errors = errors_after(
        "criteria = [{ all_of = [{ above = 200, for_hours = 48 }] }]\n",
        "",
    );
    assert!(
        errors
            .iter()
            .any(|e| e.field == "levels[1].criteria" && e.location.line.is_some()),
        "{errors:?}"
    );
}

#[test]
fn broken_plan_missing_level_and_target() {
    let errors = errors_after("id = \"red\"\nname_zh", "id = \"orange\"\nname_zh");
    assert!(
        errors.iter().any(|e| e.message.contains("out of order")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("`red` level is missing")),
        "{errors:?}"
    );
    let errors = errors_after(
        "level = \"red\"\nsection = \"4.3, 4.4.4\"",
        "level = \"orange\"\nsection = \"4.3, 4.4.4\"",
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("no reduction target for `red`")),
        "{errors:?}"
    );
}

#[test]
fn broken_plan_unknown_sector_and_process() {
    let (from, to) = (
        "sector = \"feed\", at_least",
        "sector = \"fodder\", at_least",
    );
    let errors = errors_after(from, to);
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("unknown sector `fodder`")),
        "{errors:?}"
    );
    let (from, to) = ("process = \"hot_dip_coating\"", "process = \"galvanising\"");
    let errors = errors_after(from, to);
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("no process `galvanising`")),
        "{errors:?}"
    );
}

#[test]
fn broken_plan_assumption_must_name_a_field() {
    let (from, to) = (
        "assumed = { improved_at_most",
        "assumed = { improved_at_mos",
    );
    let errors = errors_after(from, to);
    assert!(
        errors
            .iter()
            .any(|e| e.field == "issuance.immediate.assumed.improved_at_mos"),
        "{errors:?}"
    );
}

#[test]
fn broken_plan_syntax_error_is_located() {
    let errors = errors_after("heavy_above = 200", "heavy_above = = 200");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].location.line,
        Some(line_of(
            "heavy_above = 200",
            "heavy_above = = 200",
            "heavy_above = = 200"
        ))
    );
}

#[test]
fn broken_plan_several_problems_are_all_reported() {
    let text = LIAOCHENG
        .replacen("vocs = 0.20", "vocs = 1.20", 1)
        .replacen("so2 = 0.30", "so2 = 3.0", 1);
    let errors = Plan::from_toml(&text, Path::new("plan.toml")).unwrap_err();
    assert!(errors.len() >= 2, "{errors:?}");
}

proptest::proptest! {
    /// Any number in the plan replaced by any other value: an error or a valid plan, never a panic.
    #[test]
    fn no_edit_of_a_number_makes_validation_panic(
        pick in 0usize..10_000,
        value in "(-?[0-9]{1,6}(\\.[0-9]{1,3})?|inf|nan|\"x\"|true|\\[\\]|\\{\\})",
    ) {
        let numbers: Vec<(usize, usize)> = {
            let bytes = LIAOCHENG.as_bytes();
            let mut spans = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'=' {
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j] == b' ' { j += 1; }
                    let start = j;
                    while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') { j += 1; }
                    if j > start { spans.push((start, j)); }
                }
                i += 1;
            }
            spans
        };
        let (start, end) = numbers[pick % numbers.len()];
        let text = format!("{}{}{}", &LIAOCHENG[..start], value, &LIAOCHENG[end..]);
        if let Ok(plan) = Plan::from_toml(&text, Path::new("plan.toml")) {
            // A plan that passes validation must be usable by the engine without panicking.
            let series: Vec<Option<f64>> = (0..400).map(|h| Some(if (100..250).contains(&h) { 320.0 } else { 60.0 })).collect();
            let _ = crate::plan::hindcast(&plan.warning, &series, &[]);
        }
    }

    #[test]
    fn no_text_makes_the_plan_parser_panic(text in "[a-z_=\\[\\]{}\" .0-9,\n#]{0,200}") {
        let _ = Plan::from_toml(&text, Path::new("plan.toml"));
    }
}
