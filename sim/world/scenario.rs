//! Finding and loading a scenario: its `scenario.toml` and the files it names (plan, climate,
//! counties, air-model constants), from a folder or from the copy of the default scenario
//! embedded in the binary at build time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::air::{AirParams, Background};
use crate::calendar::CalendarSpec;
use crate::plan::Plan;
use crate::plan::schema::Grade;
use crate::toml_input::{self, FieldError, FieldPath};
use crate::weather::Climate;
use crate::world::behaviour::{Behaviour, parse_behaviour};
use crate::world::counties::{Counties, parse_counties};
use crate::world::dust::{DustSources, parse_dust};
use crate::world::enterprises::{Enterprises, parse_enterprises_graded};
use crate::world::fleet::{Fleet, parse_fleet};
use crate::world::guide::{Guide, check_against_plan, parse_guide};
use crate::{InputError, InputErrors};

/// The scenario used when none is named.
pub const DEFAULT_SCENARIO: &str = "liaocheng-2020";

/// The default scenario's files, embedded so that the binary runs from anywhere.
const EMBEDDED: [(&str, &str); 10] = [
    (
        "scenario.toml",
        include_str!("../../scenarios/liaocheng-2020/scenario.toml"),
    ),
    (
        "plan.toml",
        include_str!("../../scenarios/liaocheng-2020/plan.toml"),
    ),
    (
        "climate.toml",
        include_str!("../../scenarios/liaocheng-2020/climate.toml"),
    ),
    (
        "counties.csv",
        include_str!("../../scenarios/liaocheng-2020/counties.csv"),
    ),
    (
        "air.toml",
        include_str!("../../scenarios/liaocheng-2020/air.toml"),
    ),
    (
        "../technical-guide-2020.toml",
        include_str!("../../scenarios/technical-guide-2020.toml"),
    ),
    (
        "enterprises.csv",
        include_str!("../../scenarios/liaocheng-2020/enterprises.csv"),
    ),
    (
        "fleet.csv",
        include_str!("../../scenarios/liaocheng-2020/fleet.csv"),
    ),
    (
        "dust.csv",
        include_str!("../../scenarios/liaocheng-2020/dust.csv"),
    ),
    (
        "behaviour.toml",
        include_str!("../../scenarios/liaocheng-2020/behaviour.toml"),
    ),
];

/// Where a scenario's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Folder(PathBuf),
    Embedded,
}

impl Origin {
    /// The bytes of a file named relative to the scenario, and the name to report it by: for
    /// files whose encoding the loader works out (a list saved as GBK, or a workbook).
    fn read_bytes(&self, relative: &str) -> Result<(Vec<u8>, PathBuf), InputError> {
        match self {
            Origin::Folder(dir) => {
                let path = dir.join(relative);
                let bytes = std::fs::read(&path)
                    .map_err(|e| InputError::new(&path, format!("cannot read: {e}")))?;
                Ok((bytes, path))
            }
            Origin::Embedded => self.read(relative).map(|(t, p)| (t.into_bytes(), p)),
        }
    }

    /// The text of a file named relative to the scenario, and the name to report it by.
    fn read(&self, relative: &str) -> Result<(String, PathBuf), InputError> {
        match self {
            Origin::Folder(dir) => {
                let path = dir.join(relative);
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| InputError::new(&path, format!("cannot read: {e}")))?;
                Ok((text, path))
            }
            Origin::Embedded => {
                let name = PathBuf::from(format!(
                    "scenarios/{DEFAULT_SCENARIO}/{relative} (embedded)"
                ));
                EMBEDDED
                    .iter()
                    .find(|(n, _)| *n == relative)
                    .map(|(_, text)| (text.to_string(), name.clone()))
                    .ok_or_else(|| InputError::new(&name, "not embedded in this build"))
            }
        }
    }

    /// Read `relative` as text, recording its bytes for the fingerprint and any error in
    /// `errors` (so that every missing file is reported at once).
    fn gather(
        &self,
        relative: &str,
        files: &mut BTreeMap<String, Vec<u8>>,
        errors: &mut Vec<InputError>,
    ) -> Option<(String, PathBuf)> {
        match self.read(relative) {
            Ok((text, path)) => {
                files.insert(relative.to_string(), text.clone().into_bytes());
                Some((text, path))
            }
            Err(e) => {
                errors.push(e);
                None
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Origin::Folder(dir) => dir.display().to_string(),
            Origin::Embedded => format!("{DEFAULT_SCENARIO} (embedded)"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    schema_version: u32,
    scenario: ScenarioMeta,
    season: SeasonFile,
    background: Background,
    #[serde(default)]
    city: Option<CityFiles>,
    #[serde(default)]
    health: Option<HealthFile>,
}

/// Short-term mortality of PM2.5, for the avoided deaths (`[health]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HealthFile {
    /// Deaths per 1,000 people a year, all causes.
    deaths_per_1000: f64,
    /// The share of deaths that are non-accidental.
    non_accidental_share: f64,
    /// Percent more non-accidental deaths per 10 µg/m³ of PM2.5 (2-day mean).
    percent_per_10ug: f64,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    assumed: BTreeMap<String, String>,
}

/// The health response the avoided deaths are computed with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HealthParams {
    /// Non-accidental deaths per person and day.
    pub deaths_per_person_day: f64,
    /// Log-linear coefficient per µg/m³ of PM2.5.
    pub beta_per_ug: f64,
}

/// The files of the city's actors: without them a scenario runs the no-plan baseline only.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CityFiles {
    guide: String,
    enterprises: String,
    fleet: String,
    dust: String,
    behaviour: String,
}

/// The city's actors as data: the Technical Guide the plan adopts, the emission-reduction list
/// (loaded against the guide's industries, so a firm's industry index is the guide's), the
/// fleet, the dust sources and how everyone behaves.
#[derive(Debug, Clone)]
pub struct City {
    pub guide: Guide,
    pub enterprises: Enterprises,
    /// The name the list was read under, for messages.
    pub enterprises_path: PathBuf,
    pub fleet: Fleet,
    pub dust: DustSources,
    pub behaviour: Behaviour,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioMeta {
    id: String,
    title_zh: String,
    title_en: String,
    plan: String,
    climate: String,
    counties: String,
    air: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeasonFile {
    start: String,
    end: String,
    heating_from: String,
    heating_to: String,
    #[serde(default)]
    spring_festival: Option<String>,
    #[serde(default)]
    festival_days_before: i64,
    #[serde(default)]
    festival_days_after: i64,
}

/// A loaded, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub origin: Origin,
    pub plan: Plan,
    pub climate: Climate,
    pub counties: Counties,
    pub air: AirParams,
    pub background: Background,
    pub season: CalendarSpec,
    /// The city's actors, when the scenario names their files.
    pub city: Option<City>,
    /// The health response, when the scenario gives one.
    pub health: Option<HealthParams>,
    /// Every file's name and contents, for the scenario's fingerprint.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Scenario {
    /// A stable fingerprint of every file the scenario was built from (FNV-1a, 64 bits).
    pub fn hash(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (name, text) in &self.files {
            for b in name
                .bytes()
                .chain([0])
                .chain(text.iter().copied())
                .chain([0])
            {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }
}

/// The default scenario, from the copy embedded in the binary.
pub fn embedded_scenario() -> Result<Scenario, InputErrors> {
    load_from(Origin::Embedded)
}

/// The scenario in folder `dir`.
pub fn load_scenario(dir: &Path) -> Result<Scenario, InputErrors> {
    if !dir.is_dir() {
        return Err(
            InputError::new(dir, "not a scenario folder (a folder with scenario.toml)").into(),
        );
    }
    load_from(Origin::Folder(dir.to_path_buf()))
}

fn parse_date(path: &FieldPath, text: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| FieldError::new(path.clone(), format!("`{text}` is not a date YYYY-MM-DD")))
}

fn parse_month_day(path: &FieldPath, text: &str) -> Result<(u32, u32), FieldError> {
    let bad = || {
        FieldError::new(
            path.clone(),
            format!("`{text}` is not a month and day MM-DD"),
        )
    };
    let (m, d) = text.split_once('-').ok_or_else(bad)?;
    let (m, d): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    NaiveDate::from_ymd_opt(2000, m, d).ok_or_else(bad)?;
    Ok((m, d))
}

fn load_from(origin: Origin) -> Result<Scenario, InputErrors> {
    let (text, name) = origin.read("scenario.toml")?;
    let (file, doc) = toml_input::parse::<ScenarioFile>(&text, &name)?;
    let mut files = BTreeMap::new();
    files.insert("scenario.toml".to_string(), text.clone().into_bytes());

    let mut errors: Vec<FieldError> = Vec::new();
    if file.schema_version != 1 {
        errors.push(FieldError::new(
            FieldPath::root().key("schema_version"),
            "this smogsim reads schema_version 1",
        ));
    }
    let sp = FieldPath::root().key("season");
    let s = &file.season;
    let mut date = |key: &str, text: &str| {
        parse_date(&sp.key(key), text)
            .map_err(|e| errors.push(e))
            .ok()
    };
    let start = date("start", &s.start);
    let end = date("end", &s.end);
    let festival = s
        .spring_festival
        .as_deref()
        .and_then(|t| date("spring_festival", t));
    let heating_from = parse_month_day(&sp.key("heating_from"), &s.heating_from)
        .map_err(|e| errors.push(e))
        .ok();
    let heating_to = parse_month_day(&sp.key("heating_to"), &s.heating_to)
        .map_err(|e| errors.push(e))
        .ok();
    if let (Some(a), Some(b)) = (start, end)
        && !(b > a && (b - a).num_days() <= 366)
    {
        errors.push(FieldError::new(
            sp.key("end"),
            "the season must end after it starts, within a year",
        ));
    }
    for key in ["festival_days_before", "festival_days_after"] {
        let v = if key.ends_with("before") {
            s.festival_days_before
        } else {
            s.festival_days_after
        };
        if !(0..=15).contains(&v) {
            errors.push(FieldError::new(
                sp.key(key),
                format!("{v} must lie in 0..=15"),
            ));
        }
    }
    errors.extend(file.background.check(&FieldPath::root().key("background")));
    if let Some(h) = &file.health {
        let hp = FieldPath::root().key("health");
        for (key, v, max) in [
            ("deaths_per_1000", h.deaths_per_1000, 100.0),
            ("non_accidental_share", h.non_accidental_share, 1.0),
            ("percent_per_10ug", h.percent_per_10ug, 10.0),
        ] {
            if !(v > 0.0 && v <= max) {
                errors.push(FieldError::new(
                    hp.key(key),
                    format!("{v} must lie in (0, {max}]"),
                ));
            }
            if !h.sources.contains_key(key) && !h.assumed.contains_key(key) {
                errors.push(FieldError::new(
                    hp.key(key),
                    format!("`{key}` has neither a source nor a reason: add it to `sources` or `assumed`"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors.iter().map(|e| doc.error(e)).collect()));
    }
    let season = CalendarSpec {
        start: start.expect("checked"),
        end: end.expect("checked"),
        heating_from: heating_from.expect("checked"),
        heating_to: heating_to.expect("checked"),
        spring_festival: festival,
        festival_days_before: s.festival_days_before,
        festival_days_after: s.festival_days_after,
    };

    let m = &file.scenario;
    let mut all: Vec<InputError> = Vec::new();
    let plan_src = origin.gather(&m.plan, &mut files, &mut all);
    let climate_src = origin.gather(&m.climate, &mut files, &mut all);
    let counties_src = origin.gather(&m.counties, &mut files, &mut all);
    let air_src = origin.gather(&m.air, &mut files, &mut all);
    let plan = plan_src.and_then(|(t, p)| Plan::from_toml(&t, &p).map_err(|e| all.extend(e)).ok());
    let climate =
        climate_src.and_then(|(t, p)| Climate::from_toml(&t, &p).map_err(|e| all.extend(e)).ok());
    let counties =
        counties_src.and_then(|(t, p)| parse_counties(&t, &p).map_err(|e| all.push(e)).ok());
    let air =
        air_src.and_then(|(t, p)| AirParams::from_toml(&t, &p).map_err(|e| all.extend(e)).ok());
    if !all.is_empty() {
        return Err(InputErrors(all));
    }
    let plan = plan.expect("no errors");
    let counties = counties.expect("no errors");
    let city = match &file.city {
        None => None,
        Some(c) => Some(load_city(&origin, c, &plan, &counties, &mut files)?),
    };
    Ok(Scenario {
        id: m.id.clone(),
        title_zh: m.title_zh.clone(),
        title_en: m.title_en.clone(),
        origin,
        plan,
        climate: climate.expect("no errors"),
        counties,
        air: air.expect("no errors"),
        background: file.background,
        season,
        city,
        health: file.health.as_ref().map(|h| HealthParams {
            deaths_per_person_day: h.deaths_per_1000 / 1000.0 * h.non_accidental_share / 365.25,
            beta_per_ug: (1.0 + h.percent_per_10ug / 100.0).ln() / 10.0,
        }),
        files,
    })
}

/// Load the city's files, each against what it refers to: the list and the fleet and dust tables
/// against the county table, the list against the guide's industries, the guide against the
/// plan (a guide that contradicts the plan it serves is an error here, not a warning).
fn load_city(
    origin: &Origin,
    c: &CityFiles,
    plan: &Plan,
    counties: &Counties,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<City, InputErrors> {
    let county_ids: Vec<&str> = counties.id.iter().map(String::as_str).collect();
    let mut all: Vec<InputError> = Vec::new();
    let list_src = match origin.read_bytes(&c.enterprises) {
        Ok((bytes, path)) => {
            files.insert(c.enterprises.clone(), bytes.clone());
            Some((bytes, path))
        }
        Err(e) => {
            all.push(e);
            None
        }
    };
    let guide_src = origin.gather(&c.guide, files, &mut all);
    let fleet_src = origin.gather(&c.fleet, files, &mut all);
    let dust_src = origin.gather(&c.dust, files, &mut all);
    let behaviour_src = origin.gather(&c.behaviour, files, &mut all);
    let guide = guide_src.and_then(|(t, p)| {
        let g = parse_guide(&t, &p).map_err(|e| all.extend(e)).ok()?;
        let problems = check_against_plan(&g, plan);
        if problems.is_empty() {
            Some(g)
        } else {
            all.extend(problems.into_iter().map(|m| InputError::new(&p, m)));
            None
        }
    });
    let fleet = fleet_src.and_then(|(t, p)| {
        parse_fleet(&t, &p, &county_ids)
            .map_err(|e| all.push(e))
            .ok()
    });
    let dust = dust_src.and_then(|(t, p)| {
        parse_dust(&t, &p, &county_ids)
            .map_err(|e| all.push(e))
            .ok()
    });
    let behaviour =
        behaviour_src.and_then(|(t, p)| parse_behaviour(&t, &p).map_err(|e| all.extend(e.0)).ok());
    let mut list_path = PathBuf::new();
    let enterprises = match (&guide, list_src) {
        (Some(g), Some((t, p))) => {
            let industries: Vec<&str> = g.industry_ids().collect();
            let grades: Vec<Vec<Grade>> = g.industries.iter().map(|i| i.grades.clone()).collect();
            list_path = p.clone();
            parse_enterprises_graded(&t, &p, &county_ids, &industries, &grades)
                .map_err(|e| all.push(e))
                .ok()
        }
        _ => None,
    };
    if !all.is_empty() {
        return Err(InputErrors(all));
    }
    Ok(City {
        guide: guide.expect("no errors"),
        enterprises: enterprises.expect("no errors"),
        enterprises_path: list_path,
        fleet: fleet.expect("no errors"),
        dust: dust.expect("no errors"),
        behaviour: behaviour.expect("no errors"),
    })
}

/// The plan file a path names: the path itself, or `plan.toml` inside a scenario folder.
pub fn plan_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("plan.toml")
    } else {
        path.to_path_buf()
    }
}

/// The name given to the embedded plan in messages.
pub fn embedded_plan_name() -> PathBuf {
    PathBuf::from(format!("scenarios/{DEFAULT_SCENARIO}/plan.toml (embedded)"))
}

/// The plan of the default scenario.
pub fn embedded_plan() -> Result<Plan, InputErrors> {
    Plan::from_toml(EMBEDDED[1].1, &embedded_plan_name()).map_err(InputErrors)
}

/// Load and validate the plan at `path`: a plan file, or a scenario folder (its scenario.toml
/// names the plan; a folder with only a plan.toml works too).
pub fn load_plan(path: &Path) -> Result<(Plan, PathBuf), InputErrors> {
    let file = if path.is_dir() && path.join("scenario.toml").is_file() {
        let text = std::fs::read_to_string(path.join("scenario.toml")).map_err(|e| {
            InputError::new(&path.join("scenario.toml"), format!("cannot read: {e}"))
        })?;
        let (file, _) = toml_input::parse::<ScenarioFile>(&text, &path.join("scenario.toml"))?;
        path.join(file.scenario.plan)
    } else {
        plan_path(path)
    };
    let text = std::fs::read_to_string(&file).map_err(|e| {
        let hint = if path.is_dir() {
            " (a scenario folder must contain plan.toml or name it in scenario.toml)"
        } else {
            ""
        };
        InputError::new(&file, format!("cannot read the plan: {e}{hint}"))
    })?;
    let plan = Plan::from_toml(&text, &file).map_err(InputErrors)?;
    Ok((plan, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_plan_is_valid() {
        let plan = embedded_plan().expect("embedded plan");
        assert_eq!(plan.file.plan.id, DEFAULT_SCENARIO);
    }

    #[test]
    fn the_embedded_scenario_and_both_folders_load() {
        let s = embedded_scenario().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.id, DEFAULT_SCENARIO);
        assert_eq!(s.counties.len(), 11);
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        for id in ["liaocheng-2016", "liaocheng-2020"] {
            let s = load_scenario(&root.join(id)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s.id, id);
        }
        let folder = load_scenario(&root.join(DEFAULT_SCENARIO)).unwrap();
        assert_eq!(folder.hash(), s.hash(), "the embedded copy is the folder's");
    }

    #[test]
    fn a_missing_plan_is_an_input_error_naming_the_file() {
        let err = load_plan(Path::new("no/such/plan.toml")).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert!(
            err.to_string()
                .starts_with("no/such/plan.toml: cannot read the plan"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_season_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/liaocheng-2020");
        for f in ["plan.toml", "climate.toml", "counties.csv", "air.toml"] {
            std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
        }
        let text = std::fs::read_to_string(src.join("scenario.toml"))
            .unwrap()
            .replace("end = \"2021-03-31\"", "end = \"2021-02-30\"");
        std::fs::write(dir.path().join("scenario.toml"), text).unwrap();
        let err = load_scenario(dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .contains("season.end: `2021-02-30` is not a date"),
            "{err}"
        );
        assert!(err.0[0].location.line.is_some());
    }
}
