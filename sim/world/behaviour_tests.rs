use std::path::PathBuf;

use proptest::prelude::*;

use super::*;

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/liaocheng-2020/behaviour.toml")
}

fn real_text() -> String {
    std::fs::read_to_string(path()).unwrap()
}

fn real() -> Behaviour {
    load_behaviour(&path()).unwrap_or_else(|e| panic!("{e}"))
}

fn parse(text: &str) -> Result<Behaviour, InputErrors> {
    parse_behaviour(text, Path::new("b.toml"))
}

/// The real text with `from` replaced once by `to`; the replacement must happen.
fn edited(from: &str, to: &str) -> String {
    let text = real_text();
    assert!(text.contains(from), "`{from}` is not in behaviour.toml");
    text.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn the_liaocheng_behaviour_loads_and_serves_both_scenarios() {
    let b = real();
    assert_eq!(b.scenarios, ["liaocheng-2016", "liaocheng-2020"]);
    assert_eq!(b.enterprise.base(Grade::D).evade, 0.08);
    assert_eq!(b.county.inspections_per_day.get(CountyKind::Zone), 8);
    assert_eq!(b.dust.washing_min_temperature_c, 0.0);
    assert!(b.county.notice.late.min >= b.county.notice.on_time.max);
    // Evidence §5b: with half the plates banned and 90 % obeying, traffic falls 20-40 %.
    let t = &b.traffic;
    let s = &t.odd_even_substitution;
    let fall = t.odd_even_plate_share * t.odd_even_compliance * (1.0 - s.replaced - s.later);
    assert!((0.2..=0.4).contains(&fall), "{fall}");
}

#[test]
fn every_number_has_a_source_or_a_reason() {
    let b = real();
    let cited = |field: &str| b.citations.iter().any(|c| c.field == field);
    for field in [
        "enterprise.compliance",
        "county.notice_delay_hours",
        "traffic.odd_even_substitution",
        "dust.washing_pm10_cut",
        "advocacy.drivers_km_cut",
    ] {
        assert!(cited(field), "{field}");
    }
    assert!(b.citations.iter().any(|c| c.sourced));
    assert!(b.citations.iter().all(|c| !c.text.trim().is_empty()));
}

#[test]
fn cems_and_a_recent_inspection_move_evaders_to_full_compliance() {
    let e = real().enterprise;
    let base = e.compliance(Grade::C, false, false);
    assert_eq!(base, e.base(Grade::C));
    let both = e.compliance(Grade::C, true, true);
    assert!(both.evade < base.evade && both.partial < base.partial);
    assert!((both.full + both.partial + both.evade - 1.0).abs() < 1e-12);
    assert!(
        (both.evade - base.evade * e.cems_evade_factor * e.inspected_evade_factor).abs() < 1e-12
    );
    for grade in Grade::ALL {
        let c = e.compliance(grade, true, false);
        assert!(c.full >= e.base(grade).full, "{grade:?}");
    }
    // Better grades evade less.
    assert!(e.base(Grade::A).evade < e.base(Grade::B).evade);
    assert!(e.base(Grade::B).evade < e.base(Grade::D).evade);
}

#[test]
fn probabilities_that_do_not_sum_to_one_are_located() {
    let text = edited(
        "C = { full = 0.85, partial = 0.10, evade = 0.05 }",
        "C = { full = 0.85, partial = 0.10, evade = 0.15 }",
    );
    let err = parse(&text).unwrap_err();
    assert_eq!(err.0.len(), 1, "{err}");
    let e = &err.0[0];
    assert_eq!(e.field, "enterprise.compliance.C");
    assert_eq!(e.location.line, Some(line_of(&text, "C = { full")));
    assert!(
        e.message.contains("full + partial + evade sum to 1.1"),
        "{err}"
    );

    let text = edited("cancelled = 0.40", "cancelled = 0.30");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.0[0].field, "traffic.odd_even_substitution", "{err}");
    assert!(err.0[0].message.contains("sum to 0.9"), "{err}");
}

#[test]
fn shares_outside_zero_one_and_negative_hours_are_located() {
    let text = edited("site_compliance = 0.9", "site_compliance = 1.9");
    let err = parse(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "b.toml:{}:19: dust.site_compliance: 1.9 is a share or probability and must lie in [0, 1]",
            line_of(&text, "site_compliance = 1.9")
        )
    );
    let text = edited("stop_ramp_hours = 6.0", "stop_ramp_hours = -6.0");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.0[0].field, "enterprise.stop_ramp_hours");
    assert!(err.0[0].message.contains("must be a number >= 0"));
}

#[test]
fn delays_out_of_order_are_located() {
    let text = edited(
        "notice_late_hours = { min = 3.5,",
        "notice_late_hours = { min = 2.0,",
    );
    let err = parse(&text).unwrap_err();
    assert_eq!(err.0[0].field, "county.notice_late_hours.min", "{err}");
    assert!(err.0[0].message.contains("must not be shorter"), "{err}");
    let text = edited(
        "disclosure_delay_hours = { min = 0.25, mode = 0.75,",
        "disclosure_delay_hours = { min = 0.25, mode = 2.75,",
    );
    let err = parse(&text).unwrap_err();
    assert_eq!(err.0[0].field, "county.disclosure_delay_hours", "{err}");
    assert!(err.0[0].message.contains("out of order"), "{err}");
}

#[test]
fn a_number_without_a_citation_is_rejected() {
    // Renaming the only citation of `site_stop_cut` leaves it uncited and the citation dangling.
    let text = edited("site_stop_cut = \"stopping", "site_stop_cutx = \"stopping");
    let err = parse(&text).unwrap_err();
    let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["dust.site_stop_cut", "dust.assumed.site_stop_cutx"],
        "{err}"
    );
    assert!(err.0[0].message.contains("neither a source nor a reason"));
    assert_eq!(
        err.0[0].location.line,
        Some(line_of(&text, "site_stop_cut = 0.7"))
    );
    assert!(err.0[1].message.contains("is not a key of [dust]"));
}

#[test]
fn unknown_keys_missing_grades_and_wrong_types_are_located() {
    let text = edited(
        "washing_done = 0.95",
        "washing_done = 0.95\nwashing_twice = 1",
    );
    let err = parse(&text).unwrap_err();
    assert!(err.to_string().contains("washing_twice"), "{err}");
    assert_eq!(
        err.0[0].location.line,
        Some(line_of(&text, "washing_twice"))
    );

    let text = edited("D = { full = 0.80, partial = 0.12, evade = 0.08 }\n", "");
    let err = parse(&text).unwrap_err();
    assert!(err.to_string().contains("missing field `D`"), "{err}");

    let text = edited(
        "odd_even_compliance = 0.9",
        "odd_even_compliance = \"high\"",
    );
    let err = parse(&text).unwrap_err();
    assert_eq!(err.0[0].field, "traffic.odd_even_compliance", "{err}");

    let text = edited("schema_version = 1", "schema_version = 2");
    let err = parse(&text).unwrap_err();
    assert!(err.to_string().contains("reads schema_version 1"), "{err}");
}

#[test]
fn a_missing_file_is_an_input_error_naming_it() {
    let err = load_behaviour(Path::new("no/such/behaviour.toml")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no/such/behaviour.toml: cannot read"),
        "{err}"
    );
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_the_parser(t in "\\PC*") {
        let _ = parse(&t);
    }

    #[test]
    fn edited_real_files_never_panic_the_parser(
        edits in prop::collection::vec((any::<usize>(), "[=\n\"{}a-z0-9.\\-, ]|"), 0..8)
    ) {
        let mut chars: Vec<char> = real_text().chars().collect();
        for (at, replacement) in edits {
            if chars.is_empty() {
                break;
            }
            let at = at % chars.len();
            chars.splice(at..at + 1, replacement.chars());
        }
        let t: String = chars.into_iter().collect();
        let _ = parse(&t);
    }
}
