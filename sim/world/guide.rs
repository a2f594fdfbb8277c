//! The Technical Guide (《重点行业应急减排措施制定技术指南（2020年修订版）》) as data: loading and
//! validating `scenarios/technical-guide-2020.toml` into the domain [`Guide`].
//!
//! Owns the industry vocabulary shared by the guide, the emission-reduction list and the agents;
//! for each industry its grades, the fine share of its PM and the measure each grade takes at each
//! warning level — or the fact that the plan's guiding measures decide it; the measures for
//! unlisted, small-and-micro and guaranteed emitters; and the cross-check of all this against a
//! loaded plan. Knows nothing of enterprises, compliance, emissions accounting or the season loop,
//! and does not read the plan: [`check_against_plan`] is handed one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::InputError;
use crate::plan::schema::{Action, Grade, MeasureKind};
use crate::plan::{Level, Plan};
use crate::toml_input::{self, FieldError, FieldPath, TomlDoc};

/// The guide-file format this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The industry vocabulary, `(id, key)`, in the order the domain keeps industries: the 39 key
/// industries of plan §4.4.1.1 in the plan's order, then the non-key ones.
///
/// The ids are the join key between the guide, the emission-reduction list and the agents, so a
/// misspelt id in any file must fail loading; that needs the set here. Names, grades and measures
/// stay in the data.
pub const VOCABULARY: [(&str, bool); 49] = [
    ("long_process_steel", true),
    ("short_process_steel", true),
    ("ferroalloy", true),
    ("coking", true),
    ("lime_kiln", true),
    ("casting", true),
    ("alumina", true),
    ("electrolytic_aluminium", true),
    ("carbon", true),
    ("copper_smelting", true),
    ("lead_zinc_smelting", true),
    ("molybdenum_smelting", true),
    ("recycled_nonferrous", true),
    ("nonferrous_rolling", true),
    ("cement", true),
    ("brick_tile", true),
    ("ceramics", true),
    ("refractory", true),
    ("glass", true),
    ("rock_wool", true),
    ("frp", true),
    ("waterproof_materials", true),
    ("refining_petrochemical", true),
    ("carbon_black", true),
    ("coal_nitrogen_fertiliser", true),
    ("pharmaceutical", true),
    ("pesticide", true),
    ("paint", true),
    ("ink", true),
    ("cellulose_ether", true),
    ("packaging_printing", true),
    ("wood_panel", true),
    ("synthetic_leather", true),
    ("rubber_products", true),
    ("footwear", true),
    ("furniture", true),
    ("vehicle_manufacturing", true),
    ("construction_machinery", true),
    ("industrial_coating", true),
    ("power_heat", false),
    ("steel_rolling", false),
    ("metal_heat_treatment", false),
    ("metal_galvanizing", false),
    ("chemicals_other", false),
    ("plastics_other", false),
    ("feed", false),
    ("sand_gravel", false),
    ("asphalt_concrete", false),
    ("other_industry", false),
];

// ------------------------------------------------------------------------------- domain types

/// How well a value is supported: read in a source quoting the guide, read only in a third-party
/// reproduction or in local practice, or assumed by the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    Confirmed,
    Secondary,
    Assumed,
}

/// The inventory sector (counties.csv) an industry's emissions belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InventorySector {
    Industry,
    Power,
}

/// How a firm achieves its cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A and leading firms act on their own (plan §4.4.1.1); the cut is what they volunteer.
    Autonomous,
    /// No production cut; the transport rule alone applies.
    NoCut,
    /// A production limit counted on the guide's basis.
    Limit,
    /// A share of the production lines stopped.
    StopLines,
    Stop,
    /// Rotating shutdown: batches stop in turn; the cut is the share stopped at any time.
    Rotate {
        batches: u32,
    },
}

/// The transport rule during a warning, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    None,
    /// No China-IV-and-below heavy trucks, gas-fuelled ones included.
    China4HeavyTrucks,
    NoRoadTransport,
}

/// What one firm must do at one warning level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// The production cut as a fraction of normal output, in [0, 1].
    pub cut: f64,
    pub how: How,
    pub transport: Transport,
    /// Read in a source quoting the guide (`evidence == Confirmed`).
    pub confirmed: bool,
    pub evidence: Evidence,
}

/// Where an industry's measures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeasuresFrom {
    /// Its own rows in the guide file (the confirmed and secondary tables).
    Own,
    /// A named pattern of the guide file.
    Pattern(String),
    /// The plan's guiding measures for its `plan_sector` / `plan_process`.
    Plan,
}

/// One row of a measure table: a grade (`None` for an ungraded industry) and its measure at
/// yellow, orange and red.
type Row = (Option<Grade>, [Measure; 3]);

#[derive(Debug, Clone)]
pub struct Industry {
    pub id: String,
    pub name_zh: String,
    pub key: bool,
    /// The plan's name (§4.4.1.1) of a key industry.
    pub key_name: Option<String>,
    pub inventory_sector: InventorySector,
    pub plan_sector: Option<String>,
    pub plan_process: Option<String>,
    /// The grades the industry uses; empty when it is not graded.
    pub grades: Vec<Grade>,
    pub grades_evidence: Option<Evidence>,
    /// PM2.5 as a share of the industry's primary PM10.
    pub pm25_share: f64,
    /// The `[pm25.*]` entry the share comes from.
    pub pm25_basis: String,
    pub measures_from: MeasuresFrom,
    rows: Vec<Row>,
}

impl Industry {
    pub fn is_graded(&self) -> bool {
        !self.grades.is_empty()
    }

    pub fn uses(&self, grade: Grade) -> bool {
        self.grades.contains(&grade)
    }

    pub fn from_plan(&self) -> bool {
        self.measures_from == MeasuresFrom::Plan
    }
}

/// A named grade × level table that industries without confirmed figures follow.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub description: String,
    pub reason: String,
}

/// A validated Technical Guide.
#[derive(Debug, Clone)]
pub struct Guide {
    pub title_zh: String,
    pub title_en: String,
    pub document: String,
    /// In [`VOCABULARY`] order.
    pub industries: Vec<Industry>,
    pub patterns: Vec<Pattern>,
    /// Plan §2.2's limit on rotating-shutdown batches, as this file states it.
    pub max_rotation_batches: u32,
    /// At a level where the plan names no guiding measure for a from-plan industry, the strictest
    /// one named at a milder level still holds.
    pub from_plan_carry_forward: bool,
    unlisted: [Measure; 3],
    small_micro: [Measure; 3],
    guaranteed: [Measure; 3],
}

impl Guide {
    /// The industry with this id and its index.
    pub fn industry(&self, id: &str) -> Option<(usize, &Industry)> {
        self.industries.iter().enumerate().find(|(_, i)| i.id == id)
    }

    /// What a firm of `industry` (an index into `industries`) with `grade` does at `level`.
    ///
    /// `None` when the industry takes its measures from the plan, at the advisory, or when a
    /// graded industry does not use `grade` (the enterprise list should not contain such a firm;
    /// [`Industry::uses`] checks it). An ungraded industry answers for any grade.
    pub fn measure(&self, industry: usize, grade: Grade, level: Level) -> Option<Measure> {
        let ind = self.industries.get(industry)?;
        let s = level.warning_index()?;
        let key = if ind.is_graded() {
            if !ind.uses(grade) {
                return None;
            }
            Some(grade)
        } else {
            None
        };
        ind.rows.iter().find(|(g, _)| *g == key).map(|(_, m)| m[s])
    }

    pub fn industry_ids(&self) -> impl Iterator<Item = &str> {
        self.industries.iter().map(|i| i.id.as_str())
    }

    /// Plan §4.5: an emitter not on the list.
    pub fn unlisted(&self, level: Level) -> Option<Measure> {
        level.warning_index().map(|s| self.unlisted[s])
    }

    /// Plan §4.7: a small-and-micro emitter, when the targets cannot be met without it.
    pub fn small_micro(&self, level: Level) -> Option<Measure> {
        level.warning_index().map(|s| self.small_micro[s])
    }

    /// Plan §4.4.1.2, §4.6: a guaranteed firm producing by heat or by quota.
    pub fn guaranteed(&self, level: Level) -> Option<Measure> {
        level.warning_index().map(|s| self.guaranteed[s])
    }
}

// ---------------------------------------------------------------------- file schema (the edge)

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuideFile {
    schema_version: u32,
    guide: MetaFile,
    from_plan: FromPlanFile,
    #[serde(default)]
    sources: BTreeMap<String, SourceFile>,
    #[serde(default)]
    pm25: BTreeMap<String, Pm25File>,
    #[serde(default)]
    patterns: BTreeMap<String, PatternFile>,
    unlisted: LevelTableFile,
    small_micro: LevelTableFile,
    guaranteed: LevelTableFile,
    industries: Vec<IndustryFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaFile {
    title_zh: String,
    #[serde(default)]
    title_en: String,
    document: String,
    issued: String,
    /// Which edition this revises: provenance for the reader of the file, not used by the model.
    #[serde(default, rename = "revises")]
    _revises: String,
    #[serde(default)]
    sources: Vec<String>,
    confirmed: String,
    not_confirmed: String,
    max_rotation_batches: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FromPlanFile {
    carry_forward: bool,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    /// Where to read the source: for the reader of the file, not used by the model.
    #[serde(default, rename = "url")]
    _url: String,
    what: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pm25File {
    share: f64,
    status: Evidence,
    #[serde(default)]
    source: Option<String>,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternFile {
    description: String,
    status: Evidence,
    #[serde(default)]
    source: Option<String>,
    reason: String,
    rows: Vec<RowFile>,
}

/// A row's grade: one of the guide's grades, or `Ungraded` for the single row of an industry the
/// guide does not grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
enum RowGrade {
    A,
    B,
    C,
    D,
    Leading,
    NonLeading,
    Ungraded,
}

impl RowGrade {
    fn grade(self) -> Option<Grade> {
        match self {
            RowGrade::A => Some(Grade::A),
            RowGrade::B => Some(Grade::B),
            RowGrade::C => Some(Grade::C),
            RowGrade::D => Some(Grade::D),
            RowGrade::Leading => Some(Grade::Leading),
            RowGrade::NonLeading => Some(Grade::NonLeading),
            RowGrade::Ungraded => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowFile {
    grade: RowGrade,
    #[serde(default)]
    status: Option<Evidence>,
    #[serde(default)]
    source: Option<String>,
    yellow: CellFile,
    orange: CellFile,
    red: CellFile,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

impl RowFile {
    fn cells(&self) -> [&CellFile; 3] {
        [&self.yellow, &self.orange, &self.red]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum HowFile {
    Autonomous,
    NoCut,
    Limit,
    StopLines,
    Stop,
    Rotate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellFile {
    cut: f64,
    how: HowFile,
    transport: Transport,
    #[serde(default)]
    batches: Option<u32>,
    #[serde(default)]
    status: Option<Evidence>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelTableFile {
    status: Evidence,
    #[serde(default)]
    source: Option<String>,
    reason: String,
    yellow: CellFile,
    orange: CellFile,
    red: CellFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndustryFile {
    id: String,
    name_zh: String,
    key: bool,
    #[serde(default)]
    key_name: Option<String>,
    inventory_sector: InventorySector,
    #[serde(default)]
    plan_sector: Option<String>,
    #[serde(default)]
    plan_process: Option<String>,
    grades: Vec<Grade>,
    #[serde(default)]
    grades_status: Option<Evidence>,
    #[serde(default)]
    grades_source: Option<String>,
    pm25: String,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    from_plan: bool,
    #[serde(default)]
    rows: Vec<RowFile>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

// ---------------------------------------------------------------------------------- loading

/// Parse and validate guide TOML; `path` names the file in messages. Every problem found is
/// returned, each as `file:line:column: field: message`.
pub fn parse_guide(text: &str, path: &Path) -> Result<Guide, Vec<InputError>> {
    let (file, doc) = toml_input::parse::<GuideFile>(text, path).map_err(|e| vec![e])?;
    validate(file, &doc)
}

/// Read and validate the guide file at `path`.
pub fn load_guide(path: &Path) -> Result<Guide, Vec<InputError>> {
    let text = super::read_text(path).map_err(|e| vec![e])?;
    parse_guide(&text, path)
}

// ------------------------------------------------------------------------------- validation

struct Checker<'f> {
    errors: Vec<FieldError>,
    sources: &'f BTreeMap<String, SourceFile>,
    max_batches: u32,
}

/// The evidence and source a cell inherits from its row and its table when it names none.
#[derive(Clone, Copy)]
struct Defaults<'a> {
    status: Option<Evidence>,
    source: Option<&'a str>,
}

impl<'a> Defaults<'a> {
    fn under(self, status: Option<Evidence>, source: Option<&'a String>) -> Defaults<'a> {
        Defaults {
            status: status.or(self.status),
            source: source.map(String::as_str).or(self.source),
        }
    }
}

impl Checker<'_> {
    fn fail(&mut self, path: FieldPath, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    fn text(&mut self, path: FieldPath, value: &str) {
        if value.trim().is_empty() {
            self.fail(path, "must not be empty");
        }
    }

    fn source_ref(&mut self, path: FieldPath, id: &str) {
        if !self.sources.contains_key(id) {
            self.fail(
                path,
                format!(
                    "unknown source `{id}`; declare it under [sources] (known: {})",
                    join(self.sources.keys())
                ),
            );
        }
    }

    /// A supported value needs a source; an assumed one may name the source it follows.
    fn evidence(
        &mut self,
        path: &FieldPath,
        status: Option<Evidence>,
        source: Option<&str>,
    ) -> Evidence {
        let Some(status) = status else {
            self.fail(
                path.key("status"),
                "needs a `status` (confirmed, secondary or assumed), here or on its row or table",
            );
            return Evidence::Assumed;
        };
        if status != Evidence::Assumed && source.is_none() {
            let name = if status == Evidence::Confirmed {
                "confirmed"
            } else {
                "secondary"
            };
            self.fail(
                path.key("source"),
                format!("a {name} value needs a `source`"),
            );
        }
        status
    }

    fn cell(&mut self, path: &FieldPath, c: &CellFile, inherited: Defaults<'_>) -> Measure {
        if let Some(s) = &c.source {
            self.source_ref(path.key("source"), s);
        }
        let d = inherited.under(c.status, c.source.as_ref());
        let evidence = self.evidence(path, d.status, d.source);
        let cut_path = path.key("cut");
        if !(c.cut.is_finite() && (0.0..=1.0).contains(&c.cut)) {
            self.fail(
                cut_path.clone(),
                format!(
                    "{} is a fraction of normal output and must lie in [0, 1]",
                    c.cut
                ),
            );
        } else {
            let partial = c.cut > 0.0 && c.cut < 1.0;
            match c.how {
                HowFile::NoCut if c.cut != 0.0 => self.fail(
                    cut_path,
                    format!("`no_cut` cuts nothing, so cut must be 0, not {}", c.cut),
                ),
                HowFile::Stop if c.cut != 1.0 => self.fail(
                    cut_path,
                    format!(
                        "`stop` stops all output, so cut must be 1, not {}; use `limit` or `stop_lines` for part of it",
                        c.cut
                    ),
                ),
                HowFile::Limit | HowFile::StopLines | HowFile::Rotate if !partial => self.fail(
                    cut_path,
                    format!(
                        "a limit, stopped lines or a rotation cut part of output: cut must lie in (0, 1), not {}; use `no_cut` or `stop`",
                        c.cut
                    ),
                ),
                _ => {}
            }
        }
        let how = match c.how {
            HowFile::Autonomous => How::Autonomous,
            HowFile::NoCut => How::NoCut,
            HowFile::Limit => How::Limit,
            HowFile::StopLines => How::StopLines,
            HowFile::Stop => How::Stop,
            HowFile::Rotate => How::Rotate {
                batches: c.batches.unwrap_or(0),
            },
        };
        match (c.how, c.batches) {
            (HowFile::Rotate, None) => self.fail(path.key("how"), "a rotation needs `batches`"),
            (HowFile::Rotate, Some(b)) if b < 1 || b > self.max_batches => self.fail(
                path.key("batches"),
                format!(
                    "{b} batches: rotating shutdowns take 1 to {} batches (guide.max_rotation_batches, plan §2.2)",
                    self.max_batches
                ),
            ),
            (HowFile::Rotate, Some(_)) | (_, None) => {}
            (_, Some(_)) => {
                self.fail(path.key("batches"), "`batches` belongs to `how = \"rotate\"`")
            }
        }
        Measure {
            cut: c.cut,
            how,
            transport: c.transport,
            confirmed: evidence == Evidence::Confirmed,
            evidence,
        }
    }

    /// The three cells of a row or level table, never laxer at a stricter level.
    fn levels(
        &mut self,
        path: &FieldPath,
        cells: [&CellFile; 3],
        inherited: Defaults<'_>,
    ) -> [Measure; 3] {
        let keys = Level::WARNINGS.map(Level::id);
        let m: Vec<Measure> = cells
            .iter()
            .zip(keys)
            .map(|(c, k)| self.cell(&path.key(k), c, inherited))
            .collect();
        for i in 1..3 {
            let (before, now) = (m[i - 1], m[i]);
            if now.cut < before.cut {
                self.fail(
                    path.key(keys[i]).key("cut"),
                    format!(
                        "laxer at `{}` (cut {}) than at `{}` (cut {}): a measure may not weaken as the warning rises",
                        keys[i],
                        now.cut,
                        keys[i - 1],
                        before.cut
                    ),
                );
            }
            if now.transport < before.transport {
                self.fail(
                    path.key(keys[i]).key("transport"),
                    format!(
                        "laxer at `{}` ({:?}) than at `{}` ({:?}): a transport rule may not weaken as the warning rises",
                        keys[i],
                        now.transport,
                        keys[i - 1],
                        before.transport
                    ),
                );
            }
        }
        [m[0], m[1], m[2]]
    }

    fn rows(&mut self, path: &FieldPath, rows: &[RowFile], inherited: Defaults<'_>) -> Vec<Row> {
        let mut out: Vec<Row> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let rp = path.index(i);
            if let Some(s) = &r.source {
                self.source_ref(rp.key("source"), s);
            }
            let grade = r.grade.grade();
            if out.iter().any(|(g, _)| *g == grade) {
                self.fail(
                    rp.key("grade"),
                    format!("a second row for grade {:?}", r.grade),
                );
            }
            let d = inherited.under(r.status, r.source.as_ref());
            out.push((grade, self.levels(&rp, r.cells(), d)));
        }
        out
    }
}

fn join<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    items
        .into_iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn validate(file: GuideFile, doc: &TomlDoc<'_>) -> Result<Guide, Vec<InputError>> {
    let r = FieldPath::root();
    let mut c = Checker {
        errors: Vec::new(),
        sources: &file.sources,
        max_batches: file.guide.max_rotation_batches,
    };

    if file.schema_version != SCHEMA_VERSION {
        c.fail(
            r.key("schema_version"),
            format!(
                "this smogsim reads schema_version {SCHEMA_VERSION}, the file has {}",
                file.schema_version
            ),
        );
    }
    let g = r.key("guide");
    c.text(g.key("title_zh"), &file.guide.title_zh);
    c.text(g.key("document"), &file.guide.document);
    c.text(g.key("issued"), &file.guide.issued);
    c.text(g.key("confirmed"), &file.guide.confirmed);
    c.text(g.key("not_confirmed"), &file.guide.not_confirmed);
    if file.guide.max_rotation_batches < 1 {
        c.fail(g.key("max_rotation_batches"), "must be at least 1");
    }
    for (i, s) in file.guide.sources.iter().enumerate() {
        c.source_ref(g.key("sources").index(i), s);
    }
    c.text(r.key("from_plan").key("reason"), &file.from_plan.reason);
    for (id, s) in &file.sources {
        c.text(r.key("sources").key(id).key("what"), &s.what);
    }

    for (id, p) in &file.pm25 {
        let pp = r.key("pm25").key(id);
        if !(p.share.is_finite() && (0.0..=1.0).contains(&p.share)) {
            c.fail(
                pp.key("share"),
                format!("{} is a share of PM10 and must lie in [0, 1]", p.share),
            );
        }
        if let Some(s) = &p.source {
            c.source_ref(pp.key("source"), s);
        }
        c.evidence(&pp, Some(p.status), p.source.as_deref());
        c.text(pp.key("reason"), &p.reason);
    }

    let mut patterns: BTreeMap<&str, Vec<Row>> = BTreeMap::new();
    for (id, p) in &file.patterns {
        let pp = r.key("patterns").key(id);
        c.text(pp.key("description"), &p.description);
        c.text(pp.key("reason"), &p.reason);
        if let Some(s) = &p.source {
            c.source_ref(pp.key("source"), s);
        }
        if p.rows.is_empty() {
            c.fail(pp.key("rows"), "a pattern needs at least one row");
        }
        let d = Defaults {
            status: Some(p.status),
            source: p.source.as_deref(),
        };
        patterns.insert(id, c.rows(&pp.key("rows"), &p.rows, d));
    }

    let level_table = |c: &mut Checker<'_>, key: &str, t: &LevelTableFile| {
        let tp = r.key(key);
        c.text(tp.key("reason"), &t.reason);
        if let Some(s) = &t.source {
            c.source_ref(tp.key("source"), s);
        }
        let d = Defaults {
            status: Some(t.status),
            source: t.source.as_deref(),
        };
        c.levels(&tp, [&t.yellow, &t.orange, &t.red], d)
    };
    let unlisted = level_table(&mut c, "unlisted", &file.unlisted);
    let small_micro = level_table(&mut c, "small_micro", &file.small_micro);
    let guaranteed = level_table(&mut c, "guaranteed", &file.guaranteed);

    let mut industries = Vec::new();
    for (i, f) in file.industries.iter().enumerate() {
        if let Some(ind) = industry(&mut c, &r.key("industries").index(i), f, &file, &patterns) {
            industries.push(ind);
        }
    }
    let mut seen = BTreeSet::new();
    for (i, f) in file.industries.iter().enumerate() {
        if !seen.insert(f.id.as_str()) {
            c.fail(
                r.key("industries").index(i).key("id"),
                format!("industry `{}` is listed twice", f.id),
            );
        }
    }
    for (id, key) in VOCABULARY {
        if !seen.contains(id) {
            let what = if key { "key industry" } else { "industry" };
            c.fail(
                r.key("industries"),
                format!(
                    "{what} `{id}` is missing: every industry of the vocabulary needs an entry"
                ),
            );
        }
    }

    if !c.errors.is_empty() {
        return Err(c.errors.iter().map(|e| doc.error(e)).collect());
    }
    let order = |id: &str| VOCABULARY.iter().position(|(v, _)| *v == id);
    industries.sort_by_key(|i: &Industry| order(&i.id));
    Ok(Guide {
        title_zh: file.guide.title_zh,
        title_en: file.guide.title_en,
        document: file.guide.document,
        industries,
        patterns: file
            .patterns
            .iter()
            .map(|(id, p)| Pattern {
                id: id.clone(),
                description: p.description.clone(),
                reason: p.reason.clone(),
            })
            .collect(),
        max_rotation_batches: file.guide.max_rotation_batches,
        from_plan_carry_forward: file.from_plan.carry_forward,
        unlisted,
        small_micro,
        guaranteed,
    })
}

/// One industry entry checked and built; `None` when it cannot be built (errors recorded).
fn industry(
    c: &mut Checker<'_>,
    p: &FieldPath,
    f: &IndustryFile,
    file: &GuideFile,
    patterns: &BTreeMap<&str, Vec<Row>>,
) -> Option<Industry> {
    let mut ok = true;
    match VOCABULARY.iter().find(|(id, _)| *id == f.id) {
        None => {
            c.fail(
                p.key("id"),
                format!(
                    "unknown industry `{}`; the vocabulary is: {}",
                    f.id,
                    VOCABULARY.map(|(id, _)| id).join(", ")
                ),
            );
            ok = false;
        }
        Some((_, key)) if *key != f.key => c.fail(
            p.key("key"),
            format!(
                "`{}` is {}a key industry of plan §4.4.1.1",
                f.id,
                if *key { "" } else { "not " }
            ),
        ),
        Some(_) => {}
    }
    c.text(p.key("name_zh"), &f.name_zh);
    match (&f.key_name, f.key) {
        (None, true) => c.fail(
            p.key("key_name"),
            "a key industry needs `key_name`, its name in plan §4.4.1.1",
        ),
        (Some(n), true) => c.text(p.key("key_name"), n),
        (Some(_), false) => c.fail(p.key("key_name"), "only key industries have a `key_name`"),
        (None, false) => {}
    }
    if f.plan_process.is_some() && f.plan_sector.is_none() {
        c.fail(
            p.key("plan_process"),
            "a `plan_process` needs its `plan_sector`",
        );
    }

    let mut grades = Vec::new();
    for (j, g) in f.grades.iter().enumerate() {
        if grades.contains(g) {
            c.fail(
                p.key("grades").index(j),
                format!("grade {g:?} is listed twice"),
            );
        }
        grades.push(*g);
    }
    if f.key && grades.is_empty() {
        c.fail(p.key("grades"), "key industries are graded (plan §4.4.1.1)");
    }
    if let Some(s) = &f.grades_source {
        c.source_ref(p.key("grades_source"), s);
    }
    let grades_evidence = if grades.is_empty() {
        if f.grades_status.is_some() {
            c.fail(
                p.key("grades_status"),
                "an ungraded industry has no grades to support",
            );
        }
        None
    } else {
        Some(c.evidence(p, f.grades_status, f.grades_source.as_deref()))
    };

    let pm25_share = match file.pm25.get(&f.pm25) {
        Some(b) => b.share,
        None => {
            c.fail(
                p.key("pm25"),
                format!(
                    "unknown fine-share basis `{}`; declare it under [pm25] (known: {})",
                    f.pm25,
                    join(file.pm25.keys())
                ),
            );
            ok = false;
            0.0
        }
    };

    let sources = [
        (f.from_plan, "`from_plan = true`"),
        (f.pattern.is_some(), "`pattern`"),
        (!f.rows.is_empty(), "`rows`"),
    ];
    let named: Vec<&str> = sources
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, s)| *s)
        .collect();
    if named.len() != 1 {
        c.fail(
            p.clone(),
            format!(
                "`{}` must take its measures from exactly one of `from_plan = true`, a `pattern` or its own `rows` (it gives {})",
                f.id,
                if named.is_empty() { "none".to_string() } else { named.join(" and ") }
            ),
        );
        ok = false;
    }

    let (measures_from, rows) = if f.from_plan {
        if f.plan_sector.is_none() {
            c.fail(
                p.key("from_plan"),
                "a `from_plan` industry needs `plan_sector`: the plan's guiding measures are found by sector",
            );
        }
        if f.key {
            c.fail(
                p.key("from_plan"),
                "key industries follow the guide (plan §4.4.1.1), not the plan's guiding measures",
            );
        }
        (MeasuresFrom::Plan, Vec::new())
    } else if let Some(name) = &f.pattern {
        let reason_ok = f.reason.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !reason_ok {
            c.fail(
                p.key("reason"),
                "an industry that follows a pattern must say why the pattern fits (`reason`)",
            );
        }
        match patterns.get(name.as_str()) {
            None => {
                c.fail(
                    p.key("pattern"),
                    format!(
                        "pattern `{name}` is not defined (defined: {})",
                        join(file.patterns.keys())
                    ),
                );
                ok = false;
                (MeasuresFrom::Pattern(name.clone()), Vec::new())
            }
            Some(rows) => {
                cover(c, &p.key("pattern"), &grades, rows, false);
                (MeasuresFrom::Pattern(name.clone()), rows.clone())
            }
        }
    } else {
        let d = Defaults {
            status: None,
            source: None,
        };
        let rows = c.rows(&p.key("rows"), &f.rows, d);
        cover(c, &p.key("rows"), &grades, &rows, true);
        (MeasuresFrom::Own, rows)
    };

    ok.then(|| Industry {
        id: f.id.clone(),
        name_zh: f.name_zh.clone(),
        key: f.key,
        key_name: f.key_name.clone(),
        inventory_sector: f.inventory_sector,
        plan_sector: f.plan_sector.clone(),
        plan_process: f.plan_process.clone(),
        grades,
        grades_evidence,
        pm25_share,
        pm25_basis: f.pm25.clone(),
        measures_from,
        rows,
    })
}

/// Every grade the industry uses has a row (an ungraded industry: the `Ungraded` row). An
/// industry's own rows must not hold grades it does not use; a pattern may.
fn cover(c: &mut Checker<'_>, path: &FieldPath, grades: &[Grade], rows: &[Row], own: bool) {
    let needed: Vec<Option<Grade>> = if grades.is_empty() {
        vec![None]
    } else {
        grades.iter().copied().map(Some).collect()
    };
    let name = |g: Option<Grade>| g.map_or("Ungraded".to_string(), |g| format!("{g:?}"));
    for g in &needed {
        if !rows.iter().any(|(r, _)| r == g) {
            c.fail(
                path.clone(),
                format!("no row for grade {}, which the industry uses", name(*g)),
            );
        }
    }
    if own {
        for (j, (g, _)) in rows.iter().enumerate() {
            if !needed.contains(g) {
                c.fail(
                    path.index(j).key("grade"),
                    format!(
                        "a row for grade {}, which the industry does not use (its `grades`)",
                        name(*g)
                    ),
                );
            }
        }
    }
}

// --------------------------------------------------------------------- the plan cross-check

/// Whether a guiding action concerns `sector`, and `process` if one is given (then only an action
/// naming that process counts: a sector-wide truck ban says nothing of the process's cut).
pub fn names(action: &Action, sector: &str, process: Option<&str>) -> bool {
    let (s, p) = match action {
        Action::LimitProduction {
            sector, process, ..
        }
        | Action::StopProduction { sector, process } => (sector.as_str(), process.as_deref()),
        Action::StopRoadTransport { sector } | Action::HeatDeterminedProduction { sector } => {
            (sector.as_str(), None)
        }
        Action::HeavyTruckBan {
            sector: Some(sector),
            ..
        } => (sector.as_str(), None),
        _ => return false,
    };
    s == sector && (process.is_none() || p == process)
}

/// Problems between a guide and the plan that adopts it, one message each (empty when they
/// agree): key names that are not the plan's 39, plan key industries without a guide entry,
/// unknown plan sectors or processes, from-plan industries the plan gives no guiding measure,
/// grades the plan makes autonomous treated otherwise, and the §2.2, §4.5 and §4.6 rules.
pub fn check_against_plan(guide: &Guide, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let f = &plan.file;
    let names_in_plan = &f.key_industries.names;
    for ind in guide.industries.iter().filter(|i| i.key) {
        if let Some(n) = &ind.key_name
            && !names_in_plan.contains(n)
        {
            out.push(format!(
                "industry `{}`: key_name `{n}` is not one of the plan's key_industries.names (§4.4.1.1)",
                ind.id
            ));
        }
    }
    for n in names_in_plan {
        let count = guide
            .industries
            .iter()
            .filter(|i| i.key_name.as_deref() == Some(n.as_str()))
            .count();
        if count != 1 {
            out.push(format!(
                "the plan's key industry `{n}` has {count} guide industries; it needs exactly one"
            ));
        }
    }

    for ind in &guide.industries {
        let Some(sector) = &ind.plan_sector else {
            continue;
        };
        match f.sectors.get(sector) {
            None => out.push(format!(
                "industry `{}`: plan_sector `{sector}` is not a sector of the plan",
                ind.id
            )),
            Some(s) => {
                if let Some(p) = &ind.plan_process
                    && !s.processes.contains_key(p)
                {
                    out.push(format!(
                        "industry `{}`: the plan's sector `{sector}` has no process `{p}`",
                        ind.id
                    ));
                }
            }
        }
        if ind.from_plan() {
            let named = f
                .measures
                .iter()
                .filter(|m| m.kind == MeasureKind::Guiding)
                .flat_map(|m| m.actions.iter())
                .any(|a| names(a, sector, ind.plan_process.as_deref()));
            if !named {
                out.push(format!(
                    "industry `{}` takes its measures from the plan, but no guiding measure names sector `{sector}`{}",
                    ind.id,
                    ind.plan_process
                        .as_ref()
                        .map(|p| format!(" process `{p}`"))
                        .unwrap_or_default()
                ));
            }
        }
    }

    if guide.max_rotation_batches != f.rules.rotation.max_batches {
        out.push(format!(
            "guide.max_rotation_batches is {}, the plan's rules.rotation.max_batches {} (§2.2)",
            guide.max_rotation_batches, f.rules.rotation.max_batches
        ));
    }

    let gc = &f.rules.graded_control;
    for (i, ind) in guide.industries.iter().enumerate() {
        for &grade in &ind.grades {
            for level in Level::WARNINGS {
                let Some(m) = guide.measure(i, grade, level) else {
                    continue;
                };
                let autonomous = m.how == How::Autonomous;
                if gc.autonomous_grades.contains(&grade) && !autonomous {
                    out.push(format!(
                        "industry `{}` grade {grade:?} at {level}: the plan lets this grade act autonomously (§4.4.1.1), the guide says {:?}",
                        ind.id, m.how
                    ));
                }
                if gc.guide_minimum_grades.contains(&grade) && autonomous {
                    out.push(format!(
                        "industry `{}` grade {grade:?} at {level}: the plan binds this grade to the guide's minimum (§4.4.1.1), not autonomy",
                        ind.id
                    ));
                }
            }
        }
    }

    let ue = &f.rules.unlisted_emitters;
    let truck_ban = ue
        .actions
        .iter()
        .any(|a| matches!(a, Action::HeavyTruckBan { .. }));
    for level in Level::WARNINGS {
        let Some(m) = guide.unlisted(level) else {
            continue;
        };
        if level < ue.from_level && (m.cut > 0.0 || m.transport != Transport::None) {
            out.push(format!(
                "unlisted.{level}: the plan acts on unlisted emitters only from `{}` (§4.5)",
                ue.from_level
            ));
        }
        if level >= ue.from_level && truck_ban && m.transport < Transport::China4HeavyTrucks {
            out.push(format!(
                "unlisted.{level}: the plan bans China-IV heavy trucks for unlisted emitters (§4.5)"
            ));
        }
    }

    if f.rules.guaranteed.never_stopped {
        for level in Level::WARNINGS {
            if let Some(m) = guide.guaranteed(level)
                && (m.cut >= 1.0 || m.how == How::Stop)
            {
                out.push(format!(
                    "guaranteed.{level}: guaranteed firms are never stopped outright (§4.4.1.2, §4.6)"
                ));
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "guide_tests.rs"]
mod tests;
