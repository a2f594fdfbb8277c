//! Tests of the Technical Guide as data: the file loads, its confirmed rows say what the sources
//! in `shared/reference/domain.md` say, it agrees with the plan, and broken copies are rejected
//! with located errors.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::plan::schema::Grade::{self, *};

const GUIDE: &str = include_str!("../../scenarios/technical-guide-2020.toml");
const PLAN: &str = include_str!("../../scenarios/liaocheng-2020/plan.toml");

fn name() -> PathBuf {
    PathBuf::from("technical-guide-2020.toml")
}

fn guide() -> Guide {
    parse_guide(GUIDE, &name()).unwrap_or_else(|errors| panic!("{}", shown(&errors)))
}

fn plan() -> Plan {
    Plan::from_toml(PLAN, Path::new("plan.toml")).unwrap_or_else(|e| panic!("{}", shown(&e)))
}

fn shown(errors: &[InputError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn errors(text: &str) -> Vec<InputError> {
    match parse_guide(text, &name()) {
        Ok(_) => panic!("the broken copy was accepted"),
        Err(e) => e,
    }
}

/// The 1-based line of the `n`th (0-based) occurrence of `needle`.
fn line_of(text: &str, needle: &str, n: usize) -> usize {
    let at = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times", n + 1))
        .0;
    text[..at].matches('\n').count() + 1
}

/// The text with the `n`th occurrence of `from` replaced by `to`.
fn replace_nth(text: &str, from: &str, to: &str, n: usize) -> String {
    let at = text.match_indices(from).nth(n).expect("occurrence").0;
    format!("{}{}{}", &text[..at], to, &text[at + from.len()..])
}

/// One error at `line` whose field and message contain the given parts.
fn assert_error_at(errors: &[InputError], line: usize, field: &str, message: &str) {
    assert!(
        errors.iter().any(|e| e.location.line == Some(line)
            && e.field.contains(field)
            && e.message.contains(message)),
        "no error at line {line} on `{field}` saying `{message}`:\n{}",
        shown(errors)
    );
}

fn measure(g: &Guide, id: &str, grade: Grade, level: Level) -> Option<Measure> {
    let (i, _) = g
        .industry(id)
        .unwrap_or_else(|| panic!("no industry `{id}`"));
    g.measure(i, grade, level)
}

fn ind<'g>(g: &'g Guide, id: &str) -> &'g Industry {
    g.industry(id).unwrap().1
}

// ------------------------------------------------------------------------- the file as it is

#[test]
fn guide_file_loads_with_every_industry_of_the_vocabulary_in_order() {
    let g = guide();
    let ids: Vec<&str> = g.industry_ids().collect();
    let vocabulary: Vec<&str> = VOCABULARY.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vocabulary);
    assert_eq!(g.document, "环办大气函〔2020〕340号");
    assert_eq!(g.industries.iter().filter(|i| i.key).count(), 39);
    for (i, (id, key)) in VOCABULARY.iter().enumerate() {
        assert_eq!(g.industries[i].key, *key, "{id}");
        assert_eq!(g.industry(id).map(|(j, _)| j), Some(i));
    }
}

#[test]
fn plan_4_4_1_1_every_key_industry_is_in_the_guide_under_the_plans_name() {
    let g = guide();
    let p = plan();
    let problems = check_against_plan(&g, &p);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for name in &p.file.key_industries.names {
        let found = g
            .industries
            .iter()
            .filter(|i| i.key && i.key_name.as_ref() == Some(name))
            .count();
        assert_eq!(found, 1, "{name}");
    }
    for i in g.industries.iter().filter(|i| i.key) {
        assert!(!i.from_plan(), "{} is key", i.id);
        assert!(i.is_graded(), "{} is key", i.id);
    }
}

#[test]
fn non_key_industries_take_the_plans_guiding_measures_by_sector() {
    let g = guide();
    let expect = [
        ("power_heat", "coal_power", None, InventorySector::Power),
        (
            "steel_rolling",
            "metal_products",
            Some("hot_rolling"),
            InventorySector::Industry,
        ),
        (
            "metal_heat_treatment",
            "metal_products",
            Some("surface_heat_treatment"),
            InventorySector::Industry,
        ),
        (
            "metal_galvanizing",
            "metal_products",
            Some("hot_dip_coating"),
            InventorySector::Industry,
        ),
        (
            "chemicals_other",
            "chemicals_other",
            None,
            InventorySector::Industry,
        ),
        (
            "plastics_other",
            "plastics_other",
            None,
            InventorySector::Industry,
        ),
        ("feed", "feed", None, InventorySector::Industry),
        (
            "sand_gravel",
            "sand_gravel",
            None,
            InventorySector::Industry,
        ),
        (
            "asphalt_concrete",
            "asphalt_concrete",
            None,
            InventorySector::Industry,
        ),
    ];
    for (id, sector, process, inventory) in expect {
        let i = ind(&g, id);
        assert!(i.from_plan(), "{id}");
        assert_eq!(i.plan_sector.as_deref(), Some(sector), "{id}");
        assert_eq!(i.plan_process.as_deref(), process, "{id}");
        assert_eq!(i.inventory_sector, inventory, "{id}");
        assert!(!i.is_graded());
        for level in Level::WARNINGS {
            assert_eq!(measure(&g, id, B, level), None, "{id}: the plan decides");
        }
    }
    assert!(g.from_plan_carry_forward);
    let other = ind(&g, "other_industry");
    assert_eq!(
        other.measures_from,
        MeasuresFrom::Pattern("ungraded_other".into())
    );
    assert_eq!(other.plan_sector, None);
}

#[test]
fn ungraded_industries_answer_for_any_grade_and_rotate_within_plan_2_2() {
    let g = guide();
    for grade in [A, B, C, D, Leading, NonLeading] {
        let m = measure(&g, "other_industry", grade, Level::Orange).unwrap();
        assert_eq!(m.how, How::Rotate { batches: 2 });
        assert_eq!(m.cut, 0.5);
        assert!(!m.confirmed);
        assert_eq!(m.evidence, Evidence::Assumed);
    }
    assert_eq!(
        g.max_rotation_batches,
        plan().file.rules.rotation.max_batches
    );
}

#[test]
fn the_advisory_and_unused_grades_have_no_measure() {
    let g = guide();
    assert_eq!(measure(&g, "cement", C, Level::Advisory), None);
    assert_eq!(measure(&g, "recycled_nonferrous", D, Level::Red), None);
    assert_eq!(measure(&g, "cement", Leading, Level::Red), None);
    assert!(!ind(&g, "recycled_nonferrous").uses(D));
    assert_eq!(g.measure(999, A, Level::Red), None);
    assert_eq!(g.unlisted(Level::Advisory), None);
}

#[test]
fn every_cut_lies_in_0_1_and_never_loosens_as_the_level_rises() {
    let g = guide();
    for (i, ind) in g.industries.iter().enumerate() {
        let grades: Vec<Grade> = if ind.is_graded() {
            ind.grades.clone()
        } else {
            vec![A]
        };
        for grade in grades {
            let ms: Vec<Option<Measure>> = Level::WARNINGS
                .iter()
                .map(|l| g.measure(i, grade, *l))
                .collect();
            if ind.from_plan() {
                assert!(ms.iter().all(Option::is_none), "{}", ind.id);
                continue;
            }
            let ms: Vec<Measure> = ms.into_iter().map(|m| m.expect("measure")).collect();
            for m in &ms {
                assert!((0.0..=1.0).contains(&m.cut), "{} {grade:?}", ind.id);
            }
            for w in ms.windows(2) {
                assert!(w[0].cut <= w[1].cut, "{} {grade:?}", ind.id);
                assert!(w[0].transport <= w[1].transport, "{} {grade:?}", ind.id);
            }
        }
        assert!((0.0..=1.0).contains(&ind.pm25_share), "{}", ind.id);
    }
    for table in [Guide::unlisted, Guide::small_micro, Guide::guaranteed] {
        let ms: Vec<Measure> = Level::WARNINGS
            .iter()
            .map(|l| table(&g, *l).unwrap())
            .collect();
        assert!(ms.windows(2).all(|w| w[0].cut <= w[1].cut));
    }
}

#[test]
fn plan_4_4_1_1_a_and_leading_firms_act_autonomously_and_b_and_below_do_not() {
    let g = guide();
    for (i, ind) in g.industries.iter().enumerate().filter(|(_, i)| i.key) {
        for level in Level::WARNINGS {
            for grade in [A, Leading] {
                if let Some(m) = g.measure(i, grade, level) {
                    assert_eq!(m.how, How::Autonomous, "{} {grade:?}", ind.id);
                    assert_eq!(m.cut, 0.0, "the volunteered cut is assumed 0");
                }
            }
            for grade in [B, C, D, NonLeading] {
                if let Some(m) = g.measure(i, grade, level) {
                    assert_ne!(m.how, How::Autonomous, "{} {grade:?}", ind.id);
                }
            }
        }
    }
}

#[test]
fn plan_4_5_unlisted_emitters_act_from_orange_with_the_china4_truck_ban() {
    let g = guide();
    let y = g.unlisted(Level::Yellow).unwrap();
    assert_eq!((y.cut, y.transport), (0.0, Transport::None));
    for level in [Level::Orange, Level::Red] {
        let m = g.unlisted(level).unwrap();
        assert!(m.cut > 0.0);
        assert_eq!(m.transport, Transport::China4HeavyTrucks);
    }
}

#[test]
fn plan_4_6_guaranteed_firms_are_never_stopped_and_4_7_small_firms_are_cut_less_than_stopped() {
    let g = guide();
    for level in Level::WARNINGS {
        let m = g.guaranteed(level).unwrap();
        assert!(m.cut < 1.0 && m.how != How::Stop, "{level}");
        let s = g.small_micro(level).unwrap();
        assert!(s.cut < 1.0, "{level}");
    }
}

#[test]
fn fine_shares_come_from_named_bases() {
    let g = guide();
    assert_eq!(ind(&g, "cement").pm25_share, 0.70);
    assert_eq!(ind(&g, "cement").pm25_basis, "kilns_building_materials");
    assert_eq!(ind(&g, "electrolytic_aluminium").pm25_share, 0.71);
    assert_eq!(ind(&g, "power_heat").pm25_share, 0.67);
    assert!(ind(&g, "sand_gravel").pm25_share < ind(&g, "glass").pm25_share);
}

// ----------------------------------------------- the confirmed rows against domain.md §3.3

fn domain_md() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/domain.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the shared notes beside the repository)",
            path.display()
        )
    })
}

/// The percentage written right after `marker` in `text` (e.g. `限产` → 20 in `限产20%`).
fn percent_after(text: &str, marker: &str) -> Option<f64> {
    let at = text.find(marker)? + marker.len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() || !text[at + digits.len()..].starts_with('%') {
        return None;
    }
    Some(digits.parse::<f64>().ok()? / 100.0)
}

/// A cell of domain.md's cement table read as (cut, how, transport); `同上` and `same` take the
/// previous cell's transport (or the whole previous cell).
fn read_cell(text: &str, previous: Option<(f64, How, Transport)>) -> (f64, How, Transport) {
    let t = text.replace("**", "");
    if t == "same" {
        return previous.expect("a cell before `same`");
    }
    let transport = if t.contains("停止公路运输") {
        Transport::NoRoadTransport
    } else if t.contains("国四") {
        Transport::China4HeavyTrucks
    } else if t.contains("同上") {
        previous.expect("a cell before 同上").2
    } else {
        Transport::None
    };
    let (cut, how) = if t.contains("自主") {
        (0.0, How::Autonomous)
    } else if let Some(p) = percent_after(&t, "停产") {
        (p, How::StopLines)
    } else if let Some(p) = percent_after(&t, "限产") {
        (p, How::Limit)
    } else if t.contains("停产") {
        (1.0, How::Stop)
    } else {
        (0.0, How::NoCut)
    };
    (cut, how, transport)
}

#[test]
fn confirmed_cement_clinker_rows_are_domain_md_3_3s_table() {
    let md = domain_md();
    let start = md
        .find("**水泥熟料")
        .expect("the cement-clinker table in domain.md §3.3");
    let rows: Vec<Vec<String>> = md[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| A |"))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 4, "rows A to D");
    let g = guide();
    for row in rows {
        let grade = match row[1].as_str() {
            "A" => A,
            "B" => B,
            "C" => C,
            "D" => D,
            other => panic!("grade {other}"),
        };
        let mut previous = None;
        for (k, level) in Level::WARNINGS.into_iter().enumerate() {
            let expected = read_cell(&row[2 + k], previous);
            previous = Some(expected);
            let m = measure(&g, "cement", grade, level).unwrap();
            assert_eq!(
                (m.cut, m.how, m.transport),
                expected,
                "cement {grade:?} {level}"
            );
            assert!(m.confirmed, "cement {grade:?} {level}");
        }
    }
    // The two figures the brief names, spelled out.
    let c_yellow = measure(&g, "cement", C, Level::Yellow).unwrap();
    assert_eq!((c_yellow.cut, c_yellow.how), (0.5, How::StopLines));
    let b_orange = measure(&g, "cement", B, Level::Orange).unwrap();
    assert_eq!((b_orange.cut, b_orange.how), (0.2, How::Limit));
}

#[test]
fn confirmed_recycled_nonferrous_rows_are_domain_md_3_3s() {
    let md = domain_md();
    let start = md
        .find("**再生铜、铝、铅、锌**")
        .expect("the recycled-metals entry");
    let entry = md[start..].lines().next().unwrap();
    let b = percent_after(entry, "B 预警期间减产").expect("B's cut");
    assert!(entry.contains("C 预警期间停产"));
    assert!(entry.contains("A 自主减排"));
    let g = guide();
    let i = ind(&g, "recycled_nonferrous");
    assert_eq!(i.grades, vec![A, B, C], "A/B/C only");
    assert_eq!(i.grades_evidence, Some(Evidence::Confirmed));
    for level in Level::WARNINGS {
        let mb = measure(&g, "recycled_nonferrous", B, level).unwrap();
        assert_eq!(
            (mb.cut, mb.how, mb.confirmed),
            (b, How::Limit, true),
            "{level}"
        );
        let mc = measure(&g, "recycled_nonferrous", C, level).unwrap();
        assert_eq!(
            (mc.cut, mc.how, mc.confirmed),
            (1.0, How::Stop, true),
            "{level}"
        );
        let ma = measure(&g, "recycled_nonferrous", A, level).unwrap();
        assert_eq!(ma.how, How::Autonomous);
    }
    assert_eq!(b, 0.5);
}

#[test]
fn secondary_flat_glass_rows_are_domain_md_3_3s_and_not_confirmed() {
    let md = domain_md();
    let start = md.find("**平板玻璃**").expect("the flat-glass entry");
    let entry = &md[start..start + md[start..].find("\n\n").unwrap()];
    let entry = entry.replace("**", "");
    let b = percent_after(&entry, "B: orange & red ").unwrap();
    let c = percent_after(&entry, "C: orange & red ").unwrap();
    let d = percent_after(&entry, "D: yellow, orange & red ").unwrap();
    let g = guide();
    for (grade, cut, levels) in [
        (B, b, &[Level::Orange, Level::Red][..]),
        (C, c, &[Level::Orange, Level::Red][..]),
        (D, d, &Level::WARNINGS[..]),
    ] {
        for level in levels {
            let m = measure(&g, "glass", grade, *level).unwrap();
            assert_eq!((m.cut, m.how), (cut, How::Limit), "glass {grade:?} {level}");
            assert_eq!(m.evidence, Evidence::Secondary);
            assert!(!m.confirmed);
        }
    }
    assert_eq!(measure(&g, "glass", B, Level::Yellow).unwrap().cut, 0.0);
}

#[test]
fn secondary_alumina_practice_is_half_the_calcination_lines() {
    let md = domain_md();
    let cut = percent_after(&md, "焙烧生产线").expect("the alumina practice in domain.md §3.3");
    let g = guide();
    for (grade, levels) in [
        (B, &[Level::Orange, Level::Red][..]),
        (C, &Level::WARNINGS[..]),
    ] {
        for level in levels {
            let m = measure(&g, "alumina", grade, *level).unwrap();
            assert_eq!((m.cut, m.how), (cut, How::StopLines), "{grade:?} {level}");
            assert_eq!(m.evidence, Evidence::Secondary);
        }
    }
    let by = measure(&g, "alumina", B, Level::Yellow).unwrap();
    assert_eq!(
        by.evidence,
        Evidence::Assumed,
        "a cell may override its row"
    );
}

#[test]
fn industries_without_figures_follow_a_pattern_and_are_assumed() {
    let g = guide();
    let coking = ind(&g, "coking");
    assert_eq!(
        coking.measures_from,
        MeasuresFrom::Pattern("graded_continuous".into())
    );
    let m = measure(&g, "coking", B, Level::Orange).unwrap();
    assert_eq!((m.cut, m.evidence), (0.1, Evidence::Assumed));
    let a = measure(&g, "coking", A, Level::Red).unwrap();
    assert_eq!(
        a.evidence,
        Evidence::Confirmed,
        "autonomy of A is the guide's principle"
    );
    let steel = measure(&g, "long_process_steel", C, Level::Yellow).unwrap();
    assert_eq!((steel.cut, steel.how), (0.5, How::StopLines));
    let ids: Vec<&str> = g.patterns.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["graded_continuous", "graded_standard", "ungraded_other"]
    );
}

// ----------------------------------------------------------------------------- broken copies

#[test]
fn unknown_industry_id_is_located() {
    let text = GUIDE.replacen("id = \"ferroalloy\"", "id = \"ferro_alloy\"", 1);
    let e = errors(&text);
    let line = line_of(&text, "id = \"ferro_alloy\"", 0);
    assert_error_at(
        &e,
        line,
        "industries[2].id",
        "unknown industry `ferro_alloy`",
    );
    assert!(
        e.iter()
            .any(|e| e.message.contains("key industry `ferroalloy` is missing")),
        "{}",
        shown(&e)
    );
}

#[test]
fn unknown_grade_is_located() {
    let from = "grades = [\"A\", \"B\", \"C\", \"D\"]";
    let text = replace_nth(GUIDE, from, "grades = [\"A\", \"B\", \"E\"]", 3);
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{}", shown(&e));
    assert_eq!(
        e[0].location.line,
        Some(line_of(GUIDE, from, 3)),
        "{}",
        e[0]
    );
    assert!(e[0].field.starts_with("industries[3].grades"), "{}", e[0]);
}

#[test]
fn a_cut_of_1_5_is_located() {
    // Cement's C row stops half its lines at yellow; make it stop one and a half.
    let from = "yellow = { cut = 0.5, how = \"stop_lines\"";
    let cement = GUIDE.find("id = \"cement\"").expect("cement");
    let n = GUIDE[..cement].matches(from).count();
    let text = replace_nth(GUIDE, from, "yellow = { cut = 1.5, how = \"stop_lines\"", n);
    let line = line_of(GUIDE, from, n);
    assert!(
        GUIDE
            .lines()
            .nth(line - 4)
            .unwrap()
            .contains("grade = \"C\"")
    );
    let e = errors(&text);
    assert_error_at(&e, line, ".yellow.cut", "must lie in [0, 1]");
}

#[test]
fn a_laxer_red_is_located() {
    // Cement B: stopped at red. Make red a 10 % limit, laxer than orange's 20 %.
    let from = "red = { cut = 1.0, how = \"stop\", transport = \"china4_heavy_trucks\" }\nnote = \"停止使用";
    let to = "red = { cut = 0.1, how = \"limit\", transport = \"china4_heavy_trucks\" }\nnote = \"停止使用";
    let text = GUIDE.replacen(from, to, 1);
    assert_ne!(text, GUIDE);
    let e = errors(&text);
    assert_error_at(
        &e,
        line_of(&text, to, 0),
        "rows[1].red.cut",
        "laxer at `red`",
    );
}

#[test]
fn a_laxer_transport_rule_is_located() {
    let text = GUIDE.replacen(
        "red = { cut = 0.3, how = \"limit\", transport = \"china4_heavy_trucks\" }\n\n# Plan §4.7",
        "red = { cut = 0.3, how = \"limit\", transport = \"none\" }\n\n# Plan §4.7",
        1,
    );
    let e = errors(&text);
    assert_error_at(
        &e,
        line_of(&text, "transport = \"none\" }\n\n# Plan §4.7", 0),
        "unlisted.red.transport",
        "laxer",
    );
}

#[test]
fn an_undefined_pattern_is_located() {
    let from = "pattern = \"graded_continuous\"";
    let text = replace_nth(GUIDE, from, "pattern = \"graded_continous\"", 0);
    let e = errors(&text);
    assert_error_at(
        &e,
        line_of(GUIDE, from, 0),
        "industries[3].pattern",
        "pattern `graded_continous` is not defined",
    );
}

#[test]
fn plan_2_2_more_than_three_rotation_batches_is_located() {
    let text = replace_nth(GUIDE, "batches = 2", "batches = 4", 1);
    let e = errors(&text);
    assert_error_at(
        &e,
        line_of(GUIDE, "batches = 2", 1),
        "patterns.ungraded_other.rows[0].red",
        "4 batches",
    );
}

#[test]
fn a_from_plan_industry_without_plan_sector_is_located() {
    let text = GUIDE.replacen("plan_sector = \"feed\"\n", "", 1);
    let feed = text.find("id = \"feed\"").expect("feed");
    let n = text[..feed].matches("from_plan = true").count();
    let line = line_of(&text, "from_plan = true", n);
    let e = errors(&text);
    assert_error_at(&e, line, "from_plan", "needs `plan_sector`");
}

#[test]
fn a_missing_key_industry_is_reported() {
    let start = GUIDE.find("[[industries]]\nid = \"coking\"").unwrap();
    let end = start + 1 + GUIDE[start + 1..].find("[[industries]]").unwrap();
    let text = format!("{}{}", &GUIDE[..start], &GUIDE[end..]);
    let e = errors(&text);
    assert!(
        e.iter()
            .any(|e| e.message.contains("key industry `coking` is missing")
                && e.location.line.is_some()),
        "{}",
        shown(&e)
    );
}

#[test]
fn cut_and_how_must_agree_and_sources_exist() {
    let text = GUIDE
        .replacen(
            "yellow = { cut = 0.0, how = \"no_cut\"",
            "yellow = { cut = 0.2, how = \"no_cut\"",
            1,
        )
        .replacen(
            "source = \"cement_clinker\"\nyellow",
            "source = \"cement_table\"\nyellow",
            1,
        )
        .replacen("pm25 = \"chemicals\"", "pm25 = \"chemistry\"", 1)
        .replacen("key_name = \"焦化\"\n", "", 1);
    let e = errors(&text);
    for needle in [
        "`no_cut` cuts nothing",
        "unknown source `cement_table`",
        "unknown fine-share basis `chemistry`",
        "needs `key_name`",
    ] {
        assert!(
            e.iter().any(|e| e.message.contains(needle)),
            "{needle}:\n{}",
            shown(&e)
        );
    }
    assert!(e.iter().all(|e| e.location.line.is_some()), "{}", shown(&e));
}

#[test]
fn an_unknown_key_is_rejected_by_the_schema() {
    let text = GUIDE.replacen(
        "pm25 = \"hot_process\"\n",
        "pm25 = \"hot_process\"\nshare = 0.1\n",
        1,
    );
    let e = errors(&text);
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("share"), "{}", e[0]);
    let inserted = line_of(&text, "pm25 = \"hot_process\"\nshare = 0.1\n", 0) + 1;
    assert_eq!(e[0].location.line, Some(inserted));
}

#[test]
fn a_guide_that_disagrees_with_the_plan_is_reported() {
    let text = GUIDE
        .replacen("key_name = \"制鞋\"", "key_name = \"鞋业\"", 1)
        .replacen(
            "plan_process = \"hot_rolling\"",
            "plan_process = \"cold_rolling\"",
            1,
        )
        .replacen("max_rotation_batches = 3", "max_rotation_batches = 4", 1);
    let g = parse_guide(&text, &name()).unwrap_or_else(|e| panic!("{}", shown(&e)));
    let problems = check_against_plan(&g, &plan());
    for needle in [
        "`鞋业`",
        "`制鞋` has 0",
        "`cold_rolling`",
        "max_rotation_batches is 4",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{needle}:\n{}",
            problems.join("\n")
        );
    }
}

#[test]
fn load_guide_reads_a_file_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guide.toml");
    std::fs::write(&path, GUIDE).unwrap();
    assert_eq!(
        load_guide(&path).unwrap().industries.len(),
        VOCABULARY.len()
    );
    let e = load_guide(&dir.path().join("none.toml")).unwrap_err();
    assert!(e[0].message.contains("cannot read"), "{}", e[0]);
    std::fs::write(&path, GUIDE.replacen("cut = 0.2", "cut = 7.0", 1)).unwrap();
    let e = load_guide(&path).unwrap_err();
    assert!(
        e[0].to_string().starts_with(&path.display().to_string()),
        "{}",
        e[0]
    );
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_the_parser(text in "\\PC{0,400}") {
        let _ = parse_guide(&text, &name());
    }

    #[test]
    fn tomlish_text_never_panics_the_parser(text in "[a-z_=\\[\\]{}\" .0-9,\n#]{0,300}") {
        let _ = parse_guide(&text, &name());
    }

    /// Any number of the real file replaced by any value: an error or a usable guide.
    #[test]
    fn no_edit_of_a_number_makes_the_parser_panic(
        pick in 0usize..10_000,
        value in "(-?[0-9]{1,4}(\\.[0-9]{1,3})?|inf|nan|\"x\"|true|\\[\\]|\\{\\})",
    ) {
        let spans: Vec<(usize, usize)> = {
            let b = GUIDE.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'=' {
                    let mut j = i + 1;
                    while j < b.len() && b[j] == b' ' { j += 1; }
                    let start = j;
                    while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') { j += 1; }
                    if j > start { out.push((start, j)); }
                }
                i += 1;
            }
            out
        };
        let (start, end) = spans[pick % spans.len()];
        let text = format!("{}{}{}", &GUIDE[..start], value, &GUIDE[end..]);
        if let Ok(g) = parse_guide(&text, &name()) {
            for i in 0..g.industries.len() {
                for grade in [A, B, C, D, Leading, NonLeading] {
                    for level in Level::ALL {
                        if let Some(m) = g.measure(i, grade, level) {
                            prop_assert!((0.0..=1.0).contains(&m.cut));
                        }
                    }
                }
            }
        }
    }
}
