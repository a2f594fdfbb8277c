//! Checks that relate values of a plan file to each other, and the build of the domain [`Plan`].
//!
//! Owns the rules a well-formed plan obeys beyond its schema: levels in order with criteria,
//! thresholds in order, ratios in [0, 1], references to declared sectors and processes, each
//! assumption naming a real field. Every problem is reported with its field's path, located in
//! the file by the caller's document. Knows nothing of files on disk.

use std::collections::BTreeSet;

use super::model::{Assumption, Condition, Level, LevelRule, Plan, Targets, WarningRules};
use super::schema::{Action, Assumed, MeasureKind, PlanFile};
use crate::InputError;
use crate::toml_input::{FieldError, FieldPath, TomlDoc};

/// The plan-file format this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The highest AQI HJ 633 defines.
const AQI_MAX: f64 = 500.0;

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, path: FieldPath, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    fn ratio(&mut self, path: FieldPath, value: f64) {
        if !(0.0..=1.0).contains(&value) {
            self.fail(path, format!("{value} is a ratio and must lie in [0, 1]"));
        }
    }

    fn aqi(&mut self, path: FieldPath, value: f64) {
        if !(value.is_finite() && value > 0.0 && value <= AQI_MAX) {
            self.fail(path, format!("{value} is not an AQI in (0, {AQI_MAX}]"));
        }
    }

    fn at_least(&mut self, path: FieldPath, value: u32, min: u32) {
        if value < min {
            self.fail(path, format!("{value} must be at least {min}"));
        }
    }

    fn text(&mut self, path: FieldPath, value: &str) {
        if value.trim().is_empty() {
            self.fail(path, "must not be empty");
        }
    }
}

pub(super) fn validate(file: PlanFile, doc: &TomlDoc<'_>) -> Result<Plan, Vec<InputError>> {
    let mut c = Checker { errors: Vec::new() };
    let root = FieldPath::root();

    if file.schema_version != SCHEMA_VERSION {
        c.fail(
            root.key("schema_version"),
            format!(
                "this smogsim reads schema_version {SCHEMA_VERSION}, the file has {}",
                file.schema_version
            ),
        );
    }
    check_sections(&mut c, &file);
    check_episode(&mut c, &file);
    let levels = check_levels(&mut c, &file);
    check_timing(&mut c, &file);
    let targets = check_targets(&mut c, &file);
    check_key_industries(&mut c, &file);
    check_measures(&mut c, &file);
    check_rules(&mut c, &file);
    let assumptions = collect_assumptions(&mut c, &file, doc);

    if !c.errors.is_empty() {
        return Err(c.errors.iter().map(|e| doc.error(e)).collect());
    }
    let warning = warning_rules(&file, levels);
    Ok(Plan {
        file,
        warning,
        targets,
        assumptions,
    })
}

/// Every table that encodes part of the plan must cite its section.
fn check_sections(c: &mut Checker, f: &PlanFile) {
    let r = FieldPath::root();
    let cited = [
        (r.key("plan").key("section"), f.plan.section.as_str()),
        (r.key("episode").key("section"), &f.episode.section),
        (
            r.key("consultation").key("section"),
            &f.consultation.section,
        ),
        (r.key("issuance").key("section"), &f.issuance.section),
        (
            r.key("issuance").key("immediate").key("section"),
            &f.issuance.immediate.section,
        ),
        (
            r.key("issuance").key("regional").key("section"),
            &f.issuance.regional.section,
        ),
        (r.key("adjustment").key("section"), &f.adjustment.section),
        (r.key("lifting").key("section"), &f.lifting.section),
        (r.key("response").key("section"), &f.response.section),
        (r.key("disclosure").key("section"), &f.disclosure.section),
        (r.key("evaluation").key("section"), &f.evaluation.section),
        (
            r.key("key_industries").key("section"),
            &f.key_industries.section,
        ),
    ];
    for (path, section) in cited {
        c.text(path, section);
    }
    for (i, l) in f.levels.iter().enumerate() {
        c.text(r.key("levels").index(i).key("section"), &l.section);
    }
    for (i, t) in f.targets.iter().enumerate() {
        c.text(r.key("targets").index(i).key("section"), &t.section);
    }
    for (i, m) in f.measures.iter().enumerate() {
        c.text(r.key("measures").index(i).key("section"), &m.section);
    }
    for (id, s) in &f.sectors {
        c.text(r.key("sectors").key(id).key("section"), &s.section);
    }
}

fn check_episode(c: &mut Checker, f: &PlanFile) {
    let p = FieldPath::root().key("episode");
    let e = &f.episode;
    c.aqi(p.key("heavy_above"), e.heavy_above);
    c.aqi(p.key("severe_above"), e.severe_above);
    if e.severe_above <= e.heavy_above {
        c.fail(
            p.key("severe_above"),
            format!(
                "thresholds out of order: severe_above ({}) must exceed heavy_above ({})",
                e.severe_above, e.heavy_above
            ),
        );
    }
    if e.rolling_hours != 24 {
        c.fail(
            p.key("rolling_hours"),
            format!(
                "{} h: smogsim computes the AQI of 24-h rolling means (HJ 633 daily limits), so only 24 is supported",
                e.rolling_hours
            ),
        );
    }
}

/// Levels must appear mildest first, once each; yellow, orange and red are required; each has
/// criteria; each level's first condition is stricter than the previous level's.
fn check_levels(c: &mut Checker, f: &PlanFile) -> Vec<LevelRule> {
    let p = FieldPath::root().key("levels");
    let mut rules = Vec::new();
    let mut prev_level: Option<Level> = None;
    let mut prev_first: Option<Condition> = None;
    for (i, l) in f.levels.iter().enumerate() {
        let lp = p.index(i);
        if let Some(prev) = prev_level
            && l.id <= prev
        {
            c.fail(
                lp.key("id"),
                format!(
                    "levels out of order: `{}` after `{prev}`; list advisory, yellow, orange, red, mildest first, once each",
                    l.id
                ),
            );
        }
        c.text(lp.key("name_zh"), &l.name_zh);
        if l.criteria.is_empty() {
            c.fail(
                lp.key("criteria"),
                format!("level `{}` has no criteria", l.id),
            );
        }
        let mut criteria = Vec::new();
        for (j, crit) in l.criteria.iter().enumerate() {
            let cp = lp.key("criteria").index(j);
            if crit.all_of.is_empty() {
                c.fail(
                    cp.key("all_of"),
                    format!("a criterion of level `{}` has no conditions", l.id),
                );
            }
            let mut conditions = Vec::new();
            for (k, cond) in crit.all_of.iter().enumerate() {
                let kp = cp.key("all_of").index(k);
                let (threshold, inclusive, key) = match (cond.above, cond.at_least) {
                    (Some(x), None) => (x, false, "above"),
                    (None, Some(x)) => (x, true, "at_least"),
                    _ => {
                        c.fail(
                            kp.clone(),
                            "a condition needs exactly one of `above` or `at_least`",
                        );
                        continue;
                    }
                };
                c.aqi(kp.key(key), threshold);
                if threshold < f.episode.heavy_above {
                    c.fail(
                        kp.key(key),
                        format!(
                            "{threshold} is below episode.heavy_above ({}): levels are judged on heavy-pollution episodes",
                            f.episode.heavy_above
                        ),
                    );
                }
                c.at_least(kp.key("for_hours"), cond.for_hours, 1);
                conditions.push(Condition {
                    threshold,
                    inclusive,
                    for_hours: cond.for_hours,
                });
            }
            criteria.push(conditions);
        }
        let first = criteria.first().and_then(|c| c.first()).copied();
        if let (Some(prev), Some(pc), Some(first)) = (prev_level, prev_first, first) {
            let stricter = first.threshold > pc.threshold
                || (first.threshold == pc.threshold && first.for_hours > pc.for_hours);
            if !stricter {
                c.fail(
                    lp.key("criteria").index(0).key("all_of").index(0).key("for_hours"),
                    format!(
                        "thresholds out of order: `{}` asks for {} h above {}, no stricter than `{prev}` ({} h above {})",
                        l.id, first.for_hours, first.threshold, pc.for_hours, pc.threshold
                    ),
                );
            }
        }
        prev_level = Some(l.id);
        prev_first = first.or(prev_first);
        rules.push(LevelRule {
            level: l.id,
            criteria,
        });
    }
    for level in Level::WARNINGS {
        if !f.levels.iter().any(|l| l.id == level) {
            c.fail(p.clone(), format!("the `{level}` level is missing"));
        }
    }
    rules
}

fn check_timing(c: &mut Checker, f: &PlanFile) {
    let r = FieldPath::root();
    let cp = r.key("consultation");
    let k = &f.consultation;
    if k.daily_hour > 23 {
        c.fail(
            cp.key("daily_hour"),
            format!("{} is not an hour of the day (0–23)", k.daily_hour),
        );
    }
    c.at_least(
        cp.key("during_warning_every_hours"),
        k.during_warning_every_hours,
        1,
    );
    c.at_least(cp.key("realtime_every_hours"), k.realtime_every_hours, 1);
    c.at_least(cp.key("horizon_hours"), k.horizon_hours, 24);

    let ip = r.key("issuance");
    let i = &f.issuance;
    if i.lookahead_hours < i.min_lead_hours {
        c.fail(
            ip.key("lookahead_hours"),
            format!(
                "thresholds out of order: lookahead_hours ({}) is shorter than min_lead_hours ({}), so no warning could be issued in time",
                i.lookahead_hours, i.min_lead_hours
            ),
        );
    }
    if i.lookahead_hours > k.horizon_hours {
        c.fail(
            ip.key("lookahead_hours"),
            format!(
                "lookahead_hours ({}) is beyond the forecast (consultation.horizon_hours = {})",
                i.lookahead_hours, k.horizon_hours
            ),
        );
    }
    let im = ip.key("immediate");
    c.aqi(im.key("observed_above"), i.immediate.observed_above);
    c.aqi(im.key("improved_at_most"), i.immediate.improved_at_most);
    if i.immediate.improved_at_most > i.immediate.observed_above {
        c.fail(
            im.key("improved_at_most"),
            format!(
                "thresholds out of order: improved_at_most ({}) is above observed_above ({})",
                i.immediate.improved_at_most, i.immediate.observed_above
            ),
        );
    }
    c.at_least(
        im.key("no_improvement_hours"),
        i.immediate.no_improvement_hours,
        1,
    );
    if i.immediate.no_improvement_hours > k.horizon_hours {
        c.fail(
            im.key("no_improvement_hours"),
            "is beyond the forecast (consultation.horizon_hours)",
        );
    }

    let lp = r.key("lifting");
    c.aqi(lp.key("at_most"), f.lifting.at_most);
    if f.lifting.at_most >= f.episode.heavy_above {
        c.fail(
            lp.key("at_most"),
            format!(
                "thresholds out of order: a warning would be lifted while pollution is heavy (at_most {} >= episode.heavy_above {})",
                f.lifting.at_most, f.episode.heavy_above
            ),
        );
    }
    c.at_least(lp.key("for_hours"), f.lifting.for_hours, 1);
    if f.lifting.for_hours > k.horizon_hours {
        c.fail(
            lp.key("for_hours"),
            "is beyond the forecast (consultation.horizon_hours): no warning could ever be lifted",
        );
    }
    c.text(r.key("response").key("yellow"), &f.response.yellow);
    c.text(r.key("response").key("orange"), &f.response.orange);
    c.text(r.key("response").key("red"), &f.response.red);
}

/// One target per warning level, ratios in [0, 1], never laxer at a stricter level.
fn check_targets(c: &mut Checker, f: &PlanFile) -> Vec<Targets> {
    let p = FieldPath::root().key("targets");
    let mut out: Vec<Targets> = Vec::new();
    for (i, t) in f.targets.iter().enumerate() {
        let tp = p.index(i);
        if !t.level.is_warning() {
            c.fail(
                tp.key("level"),
                "targets belong to warning levels (yellow, orange, red)",
            );
        }
        if out.iter().any(|o| o.level == t.level) {
            c.fail(
                tp.key("level"),
                format!("a second target for `{}`", t.level),
            );
        }
        for (key, v) in [
            ("so2", t.so2),
            ("nox", t.nox),
            ("pm", t.pm),
            ("vocs", t.vocs),
        ] {
            c.ratio(tp.key(key), v);
        }
        if !(0.0..=2.0).contains(&t.so2_plus_nox_at_least) {
            c.fail(
                tp.key("so2_plus_nox_at_least"),
                format!(
                    "{} is a sum of two ratios and must lie in [0, 2]",
                    t.so2_plus_nox_at_least
                ),
            );
        }
        if let Some(prev) = out
            .iter()
            .filter(|o| o.level < t.level)
            .max_by_key(|o| o.level)
        {
            for (key, now, before) in [
                ("so2", t.so2, prev.so2),
                ("nox", t.nox, prev.nox),
                ("pm", t.pm, prev.pm),
                ("vocs", t.vocs, prev.vocs),
                (
                    "so2_plus_nox_at_least",
                    t.so2_plus_nox_at_least,
                    prev.so2_plus_nox_at_least,
                ),
            ] {
                if now < before {
                    c.fail(
                        tp.key(key),
                        format!(
                            "thresholds out of order: `{}` asks for {now}, less than `{}` ({before})",
                            t.level, prev.level
                        ),
                    );
                }
            }
        }
        out.push(Targets {
            level: t.level,
            section: t.section.clone(),
            so2: t.so2,
            nox: t.nox,
            pm: t.pm,
            vocs: t.vocs,
            so2_nox_adjustable: t.so2_nox_adjustable,
            so2_plus_nox_at_least: t.so2_plus_nox_at_least,
        });
    }
    for level in Level::WARNINGS {
        if !out.iter().any(|t| t.level == level) {
            c.fail(
                p.clone(),
                format!("no reduction target for `{level}` (§4.3)"),
            );
        }
    }
    out.sort_by_key(|t| t.level);
    out
}

fn check_key_industries(c: &mut Checker, f: &PlanFile) {
    let p = FieldPath::root().key("key_industries").key("names");
    let mut seen = BTreeSet::new();
    for (i, name) in f.key_industries.names.iter().enumerate() {
        c.text(p.index(i), name);
        if !seen.insert(name.as_str()) {
            c.fail(p.index(i), format!("`{name}` is listed twice"));
        }
    }
}

fn check_measures(c: &mut Checker, f: &PlanFile) {
    let p = FieldPath::root().key("measures");
    let mut ids = BTreeSet::new();
    for (i, m) in f.measures.iter().enumerate() {
        let mp = p.index(i);
        c.text(mp.key("id"), &m.id);
        if !ids.insert(m.id.as_str()) {
            c.fail(mp.key("id"), format!("measure id `{}` is used twice", m.id));
        }
        c.text(mp.key("text"), &m.text);
        if !m.level.is_warning() && m.kind != MeasureKind::PublicProtection {
            c.fail(
                mp.key("kind"),
                "the advisory is public information: only public_protection measures belong to it",
            );
        }
        if m.actions.is_empty() {
            c.fail(mp.key("actions"), "a measure needs at least one action");
        }
        for (j, a) in m.actions.iter().enumerate() {
            check_action(c, f, mp.key("actions").index(j), a);
        }
    }
}

fn check_action(c: &mut Checker, f: &PlanFile, p: FieldPath, a: &Action) {
    let sector_ref =
        |c: &mut Checker, sector: &str, process: Option<&String>| match f.sectors.get(sector) {
            None => c.fail(
                p.key("sector"),
                format!(
                    "unknown sector `{sector}`; declare it under [sectors] (known: {})",
                    f.sectors.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ),
            Some(s) => {
                if let Some(proc_id) = process
                    && !s.processes.contains_key(proc_id)
                {
                    c.fail(
                        p.key("process"),
                        format!("sector `{sector}` has no process `{proc_id}`"),
                    );
                }
            }
        };
    match a {
        Action::LimitProduction {
            sector,
            process,
            at_least,
            ..
        } => {
            sector_ref(c, sector, process.as_ref());
            c.ratio(p.key("at_least"), *at_least);
        }
        Action::StopProduction { sector, process } => sector_ref(c, sector, process.as_ref()),
        Action::StopRoadTransport { sector } | Action::HeatDeterminedProduction { sector } => {
            sector_ref(c, sector, None)
        }
        Action::HeavyTruckBan {
            sector: Some(sector),
            ..
        } => sector_ref(c, sector, None),
        Action::SchoolClosure { at_aqi } => c.aqi(p.key("at_aqi"), *at_aqi),
        Action::RoadWashing { extra_per_day, .. } => {
            c.at_least(p.key("extra_per_day"), *extra_per_day, 1)
        }
        _ => {}
    }
}

fn check_rules(c: &mut Checker, f: &PlanFile) {
    let p = FieldPath::root().key("rules");
    let r = &f.rules;
    c.at_least(
        p.key("rotation").key("max_batches"),
        r.rotation.max_batches,
        1,
    );
    let gp = p.key("graded_control");
    if let Some(g) = r
        .graded_control
        .autonomous_grades
        .iter()
        .find(|g| r.graded_control.guide_minimum_grades.contains(g))
    {
        c.fail(
            gp.key("guide_minimum_grades"),
            format!("grade {g:?} is both autonomous and bound by the guide"),
        );
    }
    let up = p.key("unlisted_emitters");
    if !r.unlisted_emitters.from_level.is_warning() {
        c.fail(
            up.key("from_level"),
            "must be a warning level (yellow, orange or red)",
        );
    }
    for (j, a) in r.unlisted_emitters.actions.iter().enumerate() {
        check_action(c, f, up.key("actions").index(j), a);
    }
    let sp = p.key("small_micro");
    if !(r.small_micro.max_annual_kg.is_finite() && r.small_micro.max_annual_kg > 0.0) {
        c.fail(
            sp.key("max_annual_kg"),
            "must be a positive number of kilograms",
        );
    }
    let cp = p.key("clean_coal");
    for (key, v) in [
        ("max_sulfur_percent", r.clean_coal.max_sulfur_percent),
        ("max_ash_percent", r.clean_coal.max_ash_percent),
        ("max_volatile_percent", r.clean_coal.max_volatile_percent),
    ] {
        if !(0.0..=100.0).contains(&v) {
            c.fail(
                cp.key(key),
                format!("{v} is a percentage and must lie in [0, 100]"),
            );
        }
    }
}

/// Every `assumed` entry must name a field of its own table; the list feeds `check`'s summary.
fn collect_assumptions(c: &mut Checker, f: &PlanFile, doc: &TomlDoc<'_>) -> Vec<Assumption> {
    let r = FieldPath::root();
    let tables: [(FieldPath, &Assumed); 5] = [
        (r.key("episode"), &f.episode.assumed),
        (r.key("consultation"), &f.consultation.assumed),
        (r.key("issuance"), &f.issuance.assumed),
        (
            r.key("issuance").key("immediate"),
            &f.issuance.immediate.assumed,
        ),
        (r.key("lifting"), &f.lifting.assumed),
    ];
    let mut out = Vec::new();
    for (table, assumed) in tables {
        for (field, reason) in assumed {
            if !doc.contains(&table.key(field)) {
                c.fail(
                    table.key("assumed").key(field),
                    format!("`{field}` is not a field of [{table}]"),
                );
            }
            c.text(table.key("assumed").key(field), reason);
            out.push(Assumption {
                field: table.key(field).to_string(),
                reason: reason.clone(),
            });
        }
    }
    out
}

fn warning_rules(f: &PlanFile, levels: Vec<LevelRule>) -> WarningRules {
    WarningRules {
        heavy_above: f.episode.heavy_above,
        severe_above: f.episode.severe_above,
        rolling_hours: f.episode.rolling_hours,
        merge_gap_hours: f.episode.merge_gap_hours,
        levels,
        daily_consultation_hour: f.consultation.daily_hour,
        consult_every_hours_during_warning: f.consultation.during_warning_every_hours,
        consult_every_hours_realtime: f.consultation.realtime_every_hours,
        forecast_horizon_hours: f.consultation.horizon_hours,
        min_lead_hours: f.issuance.min_lead_hours,
        lookahead_hours: f.issuance.lookahead_hours,
        response_lead_hours: f.issuance.response_lead_hours,
        approval_hours: f.issuance.approval_hours,
        immediate_observed_above: f.issuance.immediate.observed_above,
        immediate_no_improvement_hours: f.issuance.immediate.no_improvement_hours,
        immediate_improved_at_most: f.issuance.immediate.improved_at_most,
        adopt_regional_level: f.issuance.regional.adopt_regional_level,
        upgrade: f.adjustment.upgrade,
        downgrade: f.adjustment.downgrade,
        lift_at_most: f.lifting.at_most,
        lift_for_hours: f.lifting.for_hours,
        county_notice_hours: f.response.county_notice_hours,
        disclosure_within_hours: f.disclosure.within_hours,
    }
}
