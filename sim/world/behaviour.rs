//! How the actors carry out the plan, from a scenario's `behaviour.toml`: enterprises'
//! compliance by grade, counties' delays, inspections and detection, drivers' compliance and
//! substitution under bans, dust sources' compliance and the effect of the dust measures, and
//! the small voluntary cuts of the advocacy measures.
//!
//! Owns the file's schema (serde, private to this module), its validation — probabilities in
//! [0, 1], distributions that sum to 1, delays in order, every number cited by a `sources` or
//! `assumed` entry of its table — and the validated [`Behaviour`]. Knows nothing of the plan's
//! own numbers (limits and measures stay in `plan.toml`), of random draws or of the season
//! loop: agents read these values and draw from their own streams.

use std::path::Path;

use serde::Deserialize;

use crate::InputErrors;
use crate::plan::schema::Grade;
use crate::toml_input::{self, FieldError, FieldPath, TomlDoc};
use crate::world::counties::CountyKind;

/// The `behaviour.toml` format this build reads.
pub const BEHAVIOUR_SCHEMA_VERSION: u32 = 1;

/// How far a distribution's shares may miss 1 (they are written with a few decimals).
const SUM_TOLERANCE: f64 = 1e-9;

// ------------------------------------------------------------------------------ the file

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BehaviourFile {
    schema_version: u32,
    behaviour: Meta,
    enterprise: EnterpriseFile,
    county: CountyFile,
    traffic: TrafficFile,
    dust: DustFile,
    advocacy: AdvocacyFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    id: String,
    title: String,
    #[serde(default)]
    scenarios: Vec<String>,
}

/// Citations of a table: key → source, key → reason. Checked against the table's keys.
type Cited = std::collections::BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnterpriseFile {
    partial_cut_share: f64,
    cems_evade_factor: f64,
    cems_partial_factor: f64,
    inspected_evade_factor: f64,
    inspected_partial_factor: f64,
    inspection_memory_days: f64,
    stop_ramp_hours: f64,
    limit_ramp_hours: f64,
    restart_ramp_hours: f64,
    treatment_kept_running: f64,
    compliance: ByGrade,
    #[serde(default)]
    sources: Cited,
    #[serde(default)]
    assumed: Cited,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ByGrade {
    #[serde(rename = "A")]
    a: Compliance,
    #[serde(rename = "B")]
    b: Compliance,
    #[serde(rename = "C")]
    c: Compliance,
    #[serde(rename = "D")]
    d: Compliance,
    #[serde(rename = "Leading")]
    leading: Compliance,
    #[serde(rename = "NonLeading")]
    non_leading: Compliance,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountyFile {
    notice_delay_hours: Triangular,
    notice_late_probability: f64,
    notice_late_hours: Triangular,
    disclosure_delay_hours: Triangular,
    disclosure_late_probability: f64,
    disclosure_late_hours: Triangular,
    inspections_per_day: ByKind,
    dust_share_of_inspections: f64,
    targeting: Targeting,
    detect_evader_with_cems: f64,
    detect_evader_without_cems: f64,
    detect_partial_factor: f64,
    cems_lead_per_day: f64,
    forced_compliance_hours: f64,
    inspection_hour: u32,
    #[serde(default)]
    sources: Cited,
    #[serde(default)]
    assumed: Cited,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrafficFile {
    odd_even_compliance: f64,
    odd_even_plate_share: f64,
    urban_ban_compliance: f64,
    heavy_truck_ban_compliance: f64,
    nonroad_ban_compliance: f64,
    odd_even_substitution: Substitution,
    urban_ban_substitution: Substitution,
    heavy_truck_ban_substitution: Substitution,
    nonroad_ban_substitution: Substitution,
    bulk_transport_share: f64,
    nonroad_construction_at_sites: f64,
    nonroad_industrial_at_plants: f64,
    discretionary_measures_applied: bool,
    #[serde(default)]
    sources: Cited,
    #[serde(default)]
    assumed: Cited,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DustFile {
    site_compliance: f64,
    site_stop_cut: f64,
    open_air_compliance: f64,
    open_air_stop_cut: f64,
    washing_done: f64,
    washing_pm10_cut: f64,
    washing_pm25_cut: f64,
    washing_min_temperature_c: f64,
    covering_compliance: f64,
    covering_cut: f64,
    haul_compliance: f64,
    haul_unsealed_share: f64,
    #[serde(default)]
    sources: Cited,
    #[serde(default)]
    assumed: Cited,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvocacyFile {
    emitters_cut: f64,
    drivers_km_cut: f64,
    consumers_vocs_cut: f64,
    public_transport_km_cut: f64,
    #[serde(default)]
    sources: Cited,
    #[serde(default)]
    assumed: Cited,
}

// ------------------------------------------------------------------------- domain values

/// What a firm given a measure does: the probabilities of full compliance, of a partial cut and
/// of evading. They sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    pub full: f64,
    pub partial: f64,
    pub evade: f64,
}

/// A triangular distribution of a delay, hours.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triangular {
    pub min: f64,
    pub mode: f64,
    pub max: f64,
}

/// A delay: on time from `on_time`, or late with probability `late_probability`, from `late`
/// (which lies wholly after `on_time`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delay {
    pub on_time: Triangular,
    pub late_probability: f64,
    pub late: Triangular,
}

/// A number for each kind of county-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByKind {
    pub district: u32,
    pub county: u32,
    pub city: u32,
    pub zone: u32,
}

impl ByKind {
    pub fn get(&self, kind: CountyKind) -> u32 {
        match kind {
            CountyKind::District => self.district,
            CountyKind::County => self.county,
            CountyKind::City => self.city,
            CountyKind::Zone => self.zone,
        }
    }
}

/// How inspection visits are chosen: the shares following leads and at random; they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targeting {
    pub leads: f64,
    pub random: f64,
}

/// What becomes of activity a ban stops: shares that sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    /// Done by an exempt or compliant vehicle or machine instead.
    pub replaced: f64,
    /// Driven around the zone, still inside the county.
    pub rerouted: f64,
    /// Done after the warning.
    pub later: f64,
    /// By bus, bicycle, e-bike or on foot.
    pub other_modes: f64,
    /// Not done at all.
    pub cancelled: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseBehaviour {
    /// By grade, in the order A, B, C, D, Leading, NonLeading.
    by_grade: [Compliance; 6],
    /// The share of the required cut a partial complier delivers.
    pub partial_cut_share: f64,
    pub cems_evade_factor: f64,
    pub cems_partial_factor: f64,
    pub inspected_evade_factor: f64,
    pub inspected_partial_factor: f64,
    /// How long after a visit a firm counts as recently inspected.
    pub inspection_memory_days: f64,
    pub stop_ramp_hours: f64,
    pub limit_ramp_hours: f64,
    pub restart_ramp_hours: f64,
    /// The share of stopping firms that keep treatment running as long as the plan requires.
    pub treatment_kept_running: f64,
}

impl EnterpriseBehaviour {
    /// The probabilities for a firm of `grade`, before CEMS and inspections.
    pub fn base(&self, grade: Grade) -> Compliance {
        self.by_grade[grade_index(grade)]
    }

    /// The probabilities for a firm of `grade`, with or without CEMS and a recent inspection:
    /// the factors scale evasion and partial compliance, and what they remove goes to full
    /// compliance.
    pub fn compliance(&self, grade: Grade, cems: bool, recently_inspected: bool) -> Compliance {
        let base = self.base(grade);
        let (mut evade, mut partial) = (1.0, 1.0);
        if cems {
            evade *= self.cems_evade_factor;
            partial *= self.cems_partial_factor;
        }
        if recently_inspected {
            evade *= self.inspected_evade_factor;
            partial *= self.inspected_partial_factor;
        }
        let evade = base.evade * evade;
        let partial = base.partial * partial;
        Compliance {
            full: 1.0 - evade - partial,
            partial,
            evade,
        }
    }
}

/// Position of a grade in per-grade tables (A, B, C, D, Leading, NonLeading).
pub fn grade_index(grade: Grade) -> usize {
    match grade {
        Grade::A => 0,
        Grade::B => 1,
        Grade::C => 2,
        Grade::D => 3,
        Grade::Leading => 4,
        Grade::NonLeading => 5,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CountyBehaviour {
    /// From the city's notice to the county's departments and firms.
    pub notice: Delay,
    /// From the warning to its public disclosure by the county.
    pub disclosure: Delay,
    /// Firm and site visits a day during a warning.
    pub inspections_per_day: ByKind,
    pub dust_share_of_inspections: f64,
    pub targeting: Targeting,
    /// The chance that one visit to an evader finds the evasion.
    pub detect_evader_with_cems: f64,
    pub detect_evader_without_cems: f64,
    /// A partial complier is found with this factor times an evader's chance.
    pub detect_partial_factor: f64,
    /// The chance a day that an evading firm with CEMS becomes a lead for inspection.
    pub cems_lead_per_day: f64,
    /// After detection the firm complies fully within these hours; the case is recorded.
    pub forced_compliance_hours: f64,
    /// The hour of the day the inspection teams go out.
    pub inspection_hour: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrafficBehaviour {
    pub odd_even_compliance: f64,
    /// The share of plates the odd-even rule bans on a day.
    pub odd_even_plate_share: f64,
    /// Compliance with the urban-area bans on trucks, tricycles, low-speed trucks, tractors.
    pub urban_ban_compliance: f64,
    /// Compliance with the bans on China-IV-and-below heavy trucks of enterprises and bulk
    /// transport units.
    pub heavy_truck_ban_compliance: f64,
    pub nonroad_ban_compliance: f64,
    pub odd_even_substitution: Substitution,
    pub urban_ban_substitution: Substitution,
    pub heavy_truck_ban_substitution: Substitution,
    pub nonroad_ban_substitution: Substitution,
    /// Share of heavy-truck activity serving bulk-transport units (> 10 trips a day), which the
    /// heavy-truck ban reaches.
    pub bulk_transport_share: f64,
    /// Share of construction machinery working on construction sites, and of industrial
    /// machinery in plants and parks: the places a non-road ban names.
    pub nonroad_construction_at_sites: f64,
    pub nonroad_industrial_at_plants: f64,
    /// Whether the authorities apply the measures the plan says they *may* apply.
    pub discretionary_measures_applied: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DustBehaviour {
    pub site_compliance: f64,
    /// The share of a complying site's dust the stop of §4.4.x.3(3)② removes.
    pub site_stop_cut: f64,
    /// Aggregate yards, stone and slate works stopping open-air work.
    pub open_air_compliance: f64,
    pub open_air_stop_cut: f64,
    /// The share of ordered extra washings done.
    pub washing_done: f64,
    /// The share of washable roads' PM10 and PM2.5 removed while the extra washing runs.
    pub washing_pm10_cut: f64,
    pub washing_pm25_cut: f64,
    /// No washing below this hourly temperature, °C.
    pub washing_min_temperature_c: f64,
    pub covering_compliance: f64,
    /// The share of a stockpile's dust that full covering removes.
    pub covering_cut: f64,
    pub haul_compliance: f64,
    /// The share of haul-vehicle dust from unsealed trucks, which the ban reaches.
    pub haul_unsealed_share: f64,
}

/// Voluntary cuts while advocacy measures are in force, as shares.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvocacyBehaviour {
    /// Of the emissions of firms and sites without a mandatory measure.
    pub emitters_cut: f64,
    /// Of car km.
    pub drivers_km_cut: f64,
    /// Of solvent VOCs.
    pub consumers_vocs_cut: f64,
    /// Of car km, where the plan adds public transport.
    pub public_transport_km_cut: f64,
}

/// One citation: a field and its published source or the reason for its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Dotted path, e.g. `enterprise.compliance`.
    pub field: String,
    /// `true` for a published source, `false` for an assumption's reason.
    pub sourced: bool,
    pub text: String,
}

/// The validated behaviour parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Behaviour {
    pub id: String,
    pub title: String,
    pub scenarios: Vec<String>,
    pub enterprise: EnterpriseBehaviour,
    pub county: CountyBehaviour,
    pub traffic: TrafficBehaviour,
    pub dust: DustBehaviour,
    pub advocacy: AdvocacyBehaviour,
    pub citations: Vec<Citation>,
}

// ----------------------------------------------------------------------------- validation

/// Load and validate the behaviour file at `path`.
pub fn load_behaviour(path: &Path) -> Result<Behaviour, InputErrors> {
    let text = super::read_text(path)?;
    parse_behaviour(&text, path)
}

/// Parse and validate behaviour TOML `text`, naming `path` in messages. Every problem found is
/// reported, each located at its field.
pub fn parse_behaviour(text: &str, path: &Path) -> Result<Behaviour, InputErrors> {
    let (file, doc) = toml_input::parse::<BehaviourFile>(text, path)?;
    let mut c = Checker { errors: Vec::new() };
    let root = FieldPath::root();
    if file.schema_version != BEHAVIOUR_SCHEMA_VERSION {
        c.fail(
            root.key("schema_version"),
            format!(
                "this smogsim reads schema_version {BEHAVIOUR_SCHEMA_VERSION}, the file has {}",
                file.schema_version
            ),
        );
    }
    c.text(root.key("behaviour").key("id"), &file.behaviour.id);
    c.text(root.key("behaviour").key("title"), &file.behaviour.title);
    check_enterprise(&mut c, &file.enterprise);
    check_county(&mut c, &file.county);
    check_traffic(&mut c, &file.traffic);
    check_dust(&mut c, &file.dust);
    check_advocacy(&mut c, &file.advocacy);
    let citations = check_citations(&mut c, text, &file, &doc);
    if !c.errors.is_empty() {
        return Err(InputErrors(c.errors.iter().map(|e| doc.error(e)).collect()));
    }
    Ok(build(file, citations))
}

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, path: FieldPath, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    fn text(&mut self, path: FieldPath, value: &str) {
        if value.trim().is_empty() {
            self.fail(path, "must not be empty");
        }
    }

    fn share(&mut self, path: FieldPath, value: f64) {
        if !(0.0..=1.0).contains(&value) {
            self.fail(
                path,
                format!("{value} is a share or probability and must lie in [0, 1]"),
            );
        }
    }

    fn non_negative(&mut self, path: FieldPath, value: f64) {
        if !(value.is_finite() && value >= 0.0) {
            self.fail(path, format!("{value} must be a number >= 0"));
        }
    }

    /// Shares of one whole: each in [0, 1], together 1.
    fn whole(&mut self, path: &FieldPath, parts: &[(&str, f64)]) {
        for (key, v) in parts {
            self.share(path.key(key), *v);
        }
        let sum: f64 = parts.iter().map(|(_, v)| v).sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            // Shown to six decimals: the user wrote decimals, not binary fractions.
            let sum = (sum * 1e6).round() / 1e6;
            let names: Vec<&str> = parts.iter().map(|(k, _)| *k).collect();
            self.fail(
                path.clone(),
                format!(
                    "{} sum to {sum}, not 1: they are the shares of one whole",
                    names.join(" + ")
                ),
            );
        }
    }

    fn triangular(&mut self, path: &FieldPath, t: &Triangular) {
        self.non_negative(path.key("min"), t.min);
        self.non_negative(path.key("mode"), t.mode);
        self.non_negative(path.key("max"), t.max);
        if !(t.min <= t.mode && t.mode <= t.max) {
            self.fail(
                path.clone(),
                format!(
                    "out of order: min ({}) <= mode ({}) <= max ({}) is required",
                    t.min, t.mode, t.max
                ),
            );
        }
    }

    fn delay(&mut self, table: &FieldPath, on_time: &str, p: &str, late: &str, d: &Delay) {
        self.triangular(&table.key(on_time), &d.on_time);
        self.share(table.key(p), d.late_probability);
        self.triangular(&table.key(late), &d.late);
        if d.late.min < d.on_time.max {
            self.fail(
                table.key(late).key("min"),
                format!(
                    "a late delay ({} h at least) must not be shorter than an on-time one ({} h at most)",
                    d.late.min, d.on_time.max
                ),
            );
        }
    }
}

fn check_enterprise(c: &mut Checker, e: &EnterpriseFile) {
    let p = FieldPath::root().key("enterprise");
    let g = &e.compliance;
    for (key, v) in [
        ("A", g.a),
        ("B", g.b),
        ("C", g.c),
        ("D", g.d),
        ("Leading", g.leading),
        ("NonLeading", g.non_leading),
    ] {
        c.whole(
            &p.key("compliance").key(key),
            &[("full", v.full), ("partial", v.partial), ("evade", v.evade)],
        );
    }
    for (key, v) in [
        ("partial_cut_share", e.partial_cut_share),
        ("cems_evade_factor", e.cems_evade_factor),
        ("cems_partial_factor", e.cems_partial_factor),
        ("inspected_evade_factor", e.inspected_evade_factor),
        ("inspected_partial_factor", e.inspected_partial_factor),
        ("treatment_kept_running", e.treatment_kept_running),
    ] {
        c.share(p.key(key), v);
    }
    for (key, v) in [
        ("inspection_memory_days", e.inspection_memory_days),
        ("stop_ramp_hours", e.stop_ramp_hours),
        ("limit_ramp_hours", e.limit_ramp_hours),
        ("restart_ramp_hours", e.restart_ramp_hours),
    ] {
        c.non_negative(p.key(key), v);
    }
}

fn delays(f: &CountyFile) -> (Delay, Delay) {
    (
        Delay {
            on_time: f.notice_delay_hours,
            late_probability: f.notice_late_probability,
            late: f.notice_late_hours,
        },
        Delay {
            on_time: f.disclosure_delay_hours,
            late_probability: f.disclosure_late_probability,
            late: f.disclosure_late_hours,
        },
    )
}

fn check_county(c: &mut Checker, f: &CountyFile) {
    let p = FieldPath::root().key("county");
    let (notice, disclosure) = delays(f);
    c.delay(
        &p,
        "notice_delay_hours",
        "notice_late_probability",
        "notice_late_hours",
        &notice,
    );
    c.delay(
        &p,
        "disclosure_delay_hours",
        "disclosure_late_probability",
        "disclosure_late_hours",
        &disclosure,
    );
    c.whole(
        &p.key("targeting"),
        &[("leads", f.targeting.leads), ("random", f.targeting.random)],
    );
    for (key, v) in [
        ("dust_share_of_inspections", f.dust_share_of_inspections),
        ("detect_evader_with_cems", f.detect_evader_with_cems),
        ("detect_evader_without_cems", f.detect_evader_without_cems),
        ("detect_partial_factor", f.detect_partial_factor),
        ("cems_lead_per_day", f.cems_lead_per_day),
    ] {
        c.share(p.key(key), v);
    }
    c.non_negative(p.key("forced_compliance_hours"), f.forced_compliance_hours);
    if f.inspection_hour > 23 {
        c.fail(
            p.key("inspection_hour"),
            format!("{} is not an hour of the day (0-23)", f.inspection_hour),
        );
    }
}

fn check_traffic(c: &mut Checker, f: &TrafficFile) {
    let p = FieldPath::root().key("traffic");
    for (key, v) in [
        ("odd_even_compliance", f.odd_even_compliance),
        ("odd_even_plate_share", f.odd_even_plate_share),
        ("urban_ban_compliance", f.urban_ban_compliance),
        ("heavy_truck_ban_compliance", f.heavy_truck_ban_compliance),
        ("nonroad_ban_compliance", f.nonroad_ban_compliance),
        ("bulk_transport_share", f.bulk_transport_share),
        (
            "nonroad_construction_at_sites",
            f.nonroad_construction_at_sites,
        ),
        (
            "nonroad_industrial_at_plants",
            f.nonroad_industrial_at_plants,
        ),
    ] {
        c.share(p.key(key), v);
    }
    for (key, s) in [
        ("odd_even_substitution", &f.odd_even_substitution),
        ("urban_ban_substitution", &f.urban_ban_substitution),
        (
            "heavy_truck_ban_substitution",
            &f.heavy_truck_ban_substitution,
        ),
        ("nonroad_ban_substitution", &f.nonroad_ban_substitution),
    ] {
        c.whole(
            &p.key(key),
            &[
                ("replaced", s.replaced),
                ("rerouted", s.rerouted),
                ("later", s.later),
                ("other_modes", s.other_modes),
                ("cancelled", s.cancelled),
            ],
        );
    }
}

fn check_dust(c: &mut Checker, f: &DustFile) {
    let p = FieldPath::root().key("dust");
    for (key, v) in [
        ("site_compliance", f.site_compliance),
        ("site_stop_cut", f.site_stop_cut),
        ("open_air_compliance", f.open_air_compliance),
        ("open_air_stop_cut", f.open_air_stop_cut),
        ("washing_done", f.washing_done),
        ("washing_pm10_cut", f.washing_pm10_cut),
        ("washing_pm25_cut", f.washing_pm25_cut),
        ("covering_compliance", f.covering_compliance),
        ("covering_cut", f.covering_cut),
        ("haul_compliance", f.haul_compliance),
        ("haul_unsealed_share", f.haul_unsealed_share),
    ] {
        c.share(p.key(key), v);
    }
    let t = f.washing_min_temperature_c;
    if !(-50.0..=50.0).contains(&t) {
        c.fail(
            p.key("washing_min_temperature_c"),
            format!("{t} °C is not a plausible air temperature (-50 to 50)"),
        );
    }
}

fn check_advocacy(c: &mut Checker, f: &AdvocacyFile) {
    let p = FieldPath::root().key("advocacy");
    for (key, v) in [
        ("emitters_cut", f.emitters_cut),
        ("drivers_km_cut", f.drivers_km_cut),
        ("consumers_vocs_cut", f.consumers_vocs_cut),
        ("public_transport_km_cut", f.public_transport_km_cut),
    ] {
        c.share(p.key(key), v);
    }
}

/// The tables whose every key must be cited, with their citations.
fn cited_tables(f: &BehaviourFile) -> [(&'static str, &Cited, &Cited); 5] {
    [
        ("enterprise", &f.enterprise.sources, &f.enterprise.assumed),
        ("county", &f.county.sources, &f.county.assumed),
        ("traffic", &f.traffic.sources, &f.traffic.assumed),
        ("dust", &f.dust.sources, &f.dust.assumed),
        ("advocacy", &f.advocacy.sources, &f.advocacy.assumed),
    ]
}

/// Every key of a cited table needs a source or a reason, and every citation must name a key
/// of its own table: a number without either is the thing the file exists to prevent.
fn check_citations(
    c: &mut Checker,
    text: &str,
    f: &BehaviourFile,
    doc: &TomlDoc<'_>,
) -> Vec<Citation> {
    // The schema already parsed this text, so the generic parse succeeds too.
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, sources, assumed) in cited_tables(f) {
        let p = FieldPath::root().key(name);
        let keys: Vec<&String> = table
            .get(name)
            .and_then(toml::Value::as_table)
            .map(|t| {
                t.keys()
                    .filter(|k| *k != "sources" && *k != "assumed")
                    .collect()
            })
            .unwrap_or_default();
        for key in &keys {
            if !sources.contains_key(*key) && !assumed.contains_key(*key) {
                c.fail(
                    p.key(key),
                    format!(
                        "`{key}` has neither a source nor a reason: add it to [{name}] `sources` or `assumed`"
                    ),
                );
            }
        }
        for (kind, map, sourced) in [("sources", sources, true), ("assumed", assumed, false)] {
            for (key, why) in map {
                let at = p.key(kind).key(key);
                if !doc.contains(&p.key(key)) {
                    c.fail(at.clone(), format!("`{key}` is not a key of [{name}]"));
                }
                c.text(at, why);
                out.push(Citation {
                    field: format!("{name}.{key}"),
                    sourced,
                    text: why.clone(),
                });
            }
        }
    }
    out
}

fn build(f: BehaviourFile, citations: Vec<Citation>) -> Behaviour {
    let e = f.enterprise;
    let g = e.compliance;
    let (notice, disclosure) = delays(&f.county);
    let k = f.county;
    let t = f.traffic;
    let d = f.dust;
    let a = f.advocacy;
    Behaviour {
        id: f.behaviour.id,
        title: f.behaviour.title,
        scenarios: f.behaviour.scenarios,
        enterprise: EnterpriseBehaviour {
            by_grade: [g.a, g.b, g.c, g.d, g.leading, g.non_leading],
            partial_cut_share: e.partial_cut_share,
            cems_evade_factor: e.cems_evade_factor,
            cems_partial_factor: e.cems_partial_factor,
            inspected_evade_factor: e.inspected_evade_factor,
            inspected_partial_factor: e.inspected_partial_factor,
            inspection_memory_days: e.inspection_memory_days,
            stop_ramp_hours: e.stop_ramp_hours,
            limit_ramp_hours: e.limit_ramp_hours,
            restart_ramp_hours: e.restart_ramp_hours,
            treatment_kept_running: e.treatment_kept_running,
        },
        county: CountyBehaviour {
            notice,
            disclosure,
            inspections_per_day: k.inspections_per_day,
            dust_share_of_inspections: k.dust_share_of_inspections,
            targeting: k.targeting,
            detect_evader_with_cems: k.detect_evader_with_cems,
            detect_evader_without_cems: k.detect_evader_without_cems,
            detect_partial_factor: k.detect_partial_factor,
            cems_lead_per_day: k.cems_lead_per_day,
            forced_compliance_hours: k.forced_compliance_hours,
            inspection_hour: k.inspection_hour,
        },
        traffic: TrafficBehaviour {
            odd_even_compliance: t.odd_even_compliance,
            odd_even_plate_share: t.odd_even_plate_share,
            urban_ban_compliance: t.urban_ban_compliance,
            heavy_truck_ban_compliance: t.heavy_truck_ban_compliance,
            nonroad_ban_compliance: t.nonroad_ban_compliance,
            odd_even_substitution: t.odd_even_substitution,
            urban_ban_substitution: t.urban_ban_substitution,
            heavy_truck_ban_substitution: t.heavy_truck_ban_substitution,
            nonroad_ban_substitution: t.nonroad_ban_substitution,
            bulk_transport_share: t.bulk_transport_share,
            nonroad_construction_at_sites: t.nonroad_construction_at_sites,
            nonroad_industrial_at_plants: t.nonroad_industrial_at_plants,
            discretionary_measures_applied: t.discretionary_measures_applied,
        },
        dust: DustBehaviour {
            site_compliance: d.site_compliance,
            site_stop_cut: d.site_stop_cut,
            open_air_compliance: d.open_air_compliance,
            open_air_stop_cut: d.open_air_stop_cut,
            washing_done: d.washing_done,
            washing_pm10_cut: d.washing_pm10_cut,
            washing_pm25_cut: d.washing_pm25_cut,
            washing_min_temperature_c: d.washing_min_temperature_c,
            covering_compliance: d.covering_compliance,
            covering_cut: d.covering_cut,
            haul_compliance: d.haul_compliance,
            haul_unsealed_share: d.haul_unsealed_share,
        },
        advocacy: AdvocacyBehaviour {
            emitters_cut: a.emitters_cut,
            drivers_km_cut: a.drivers_km_cut,
            consumers_vocs_cut: a.consumers_vocs_cut,
            public_transport_km_cut: a.public_transport_km_cut,
        },
        citations,
    }
}

#[cfg(test)]
#[path = "behaviour_tests.rs"]
mod tests;
