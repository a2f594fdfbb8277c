//! A city's industrial structure as data (`list-structure.toml`): which industries, how many
//! firms of each in every county-level unit, how big and how graded they are, and which share of
//! each unit's inventory each group of industries emits.
//!
//! Owns the file's schema (serde, at the edge) and its validation into [`ListStructure`],
//! including everything the generator would otherwise trip over: the shares must place every
//! tonne of the county table on some firm able to emit it. Errors name the file, line and key.
//! Knows nothing of how firms are drawn ([`super::list`]) nor of the list's file format.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::InputError;
use crate::plan::schema::Grade;
use crate::toml_input::{self, FieldError, FieldPath, TomlDoc};
use crate::world::counties::{Counties, Sector};
use crate::world::enterprises::{GuaranteeMode, POLLUTANT_IDS, SMALL_MICRO_MAX_T, parse_grade};

use super::list::{county_sector_totals_t, small_micro_count};

// ------------------------------------------------------------------------------------ schema

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    city: String,
    small_micro_max_kg: f64,
    pollutant_mix_sigma: f64,
    grade_noise_sigma: f64,
    industries: Vec<IndustryFile>,
    counties: Vec<CountyFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndustryFile {
    id: String,
    name_zh: String,
    group: String,
    key: bool,
    sector: String,
    typical_t: Pollutants,
    size_sigma: f64,
    grades: BTreeMap<String, f64>,
    guaranteed: f64,
    #[serde(default)]
    guarantee_mode: Option<String>,
    small_micro: f64,
    cems_above_t: f64,
    lines_median: f64,
    lines_max: u16,
    output_wan_yuan: f64,
    daily_truck_trips: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pollutants {
    so2: f64,
    nox: f64,
    pm: f64,
    vocs: f64,
}

impl Pollutants {
    fn array(self) -> [f64; 4] {
        [self.so2, self.nox, self.pm, self.vocs]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountyFile {
    id: String,
    firms: BTreeMap<String, u32>,
    #[serde(default)]
    pools: Vec<PoolFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PoolFile {
    note: String,
    industries: Vec<String>,
    share: Pollutants,
}

// ------------------------------------------------------------------------------ domain

/// The validated structure. Industries keep the file's order, which is the order of the list's
/// industry indices; counties follow the county table's order.
#[derive(Debug, Clone)]
pub struct ListStructure {
    pub city: String,
    /// Plan §4.7's ceiling on a small-and-micro emitter's annual emissions, kg.
    pub small_micro_max_kg: f64,
    /// Spread (log-normal sigma) of a firm's pollutant mix around its industry's.
    pub pollutant_mix_sigma: f64,
    /// Spread (normal sigma on log output) of the ranking that hands out grades.
    pub grade_noise_sigma: f64,
    pub industries: Vec<Industry>,
    pub counties: Vec<CountyPlan>,
}

impl ListStructure {
    /// Parse and validate the structure `text` (named `name` in messages) against the county
    /// table whose totals the list must reproduce.
    pub fn from_toml(
        text: &str,
        name: &Path,
        counties: &Counties,
    ) -> Result<ListStructure, Vec<InputError>> {
        let (file, doc) = toml_input::parse::<File>(text, name).map_err(|e| vec![e])?;
        validate(file, &doc, counties)
    }

    /// The industry ids, in the order of the list's industry indices.
    pub fn industry_ids(&self) -> Vec<&str> {
        self.industries.iter().map(|i| i.id.as_str()).collect()
    }

    /// Firms in the whole city.
    pub fn total_firms(&self) -> u64 {
        self.counties
            .iter()
            .flat_map(|c| c.firms.iter())
            .map(|&n| u64::from(n))
            .sum()
    }
}

/// One industry of the vocabulary and how its firms look.
#[derive(Debug, Clone)]
pub struct Industry {
    pub id: String,
    /// The word used in synthetic firm names.
    pub name_zh: String,
    /// The group it is counted in by the list's summary tables.
    pub group: String,
    /// One of the Technical Guide's 39 key industries (plan §4.4.1.1).
    pub key: bool,
    /// The inventory sector its emissions come from: `Industry` or `Power`.
    pub sector: Sector,
    /// A median firm's annual SO2, NOx, PM, VOCs, t: only their ratios between industries of a
    /// pool matter, since every county's totals rescale them.
    pub typical_t: [f64; 4],
    /// Log-normal sigma of firm size (output, and emissions before rescaling).
    pub size_sigma: f64,
    /// Share of the industry's firms in each grade; sums to 1.
    pub grades: Vec<(Grade, f64)>,
    /// Share of the industry's firms that are guaranteed, and their mode.
    pub guaranteed: f64,
    pub guarantee_mode: Option<GuaranteeMode>,
    /// Share of each county's firms of this industry that are small-and-micro emitters.
    pub small_micro: f64,
    /// Firms emitting at least this (SO2 + NOx + PM + VOCs, t/yr) have CEMS.
    pub cems_above_t: f64,
    /// Production lines of a median firm, and the most any firm has.
    pub lines_median: f64,
    pub lines_max: u16,
    /// Output value of a median firm, 万元/yr.
    pub output_wan_yuan: f64,
    /// Heavy-truck trips of a median firm on an ordinary day.
    pub daily_truck_trips: f64,
}

/// One county-level unit's industries.
#[derive(Debug, Clone)]
pub struct CountyPlan {
    /// Firms of each industry, by industry index.
    pub firms: Vec<u32>,
    /// Groups of industries with a fixed share of the unit's sector totals; the industries of a
    /// sector in no pool share the rest.
    pub pools: Vec<Pool>,
}

#[derive(Debug, Clone)]
pub struct Pool {
    /// Industry indices, all of one sector.
    pub industries: Vec<usize>,
    pub sector: Sector,
    /// Share of the unit's sector total of SO2, NOx, PM, VOCs.
    pub share: [f64; 4],
}

/// How far shares may sum above 1, or leave a remainder no firm can take, before it is an
/// error rather than rounding in the file.
const SHARE_TOLERANCE: f64 = 1e-6;

// --------------------------------------------------------------------------- validation

fn validate(
    file: File,
    doc: &TomlDoc<'_>,
    counties: &Counties,
) -> Result<ListStructure, Vec<InputError>> {
    let mut errs = Errors::default();
    let root = FieldPath::root();

    if file.city.trim().is_empty() {
        errs.add(root.key("city"), "is empty".into());
    }
    let ceiling_kg = SMALL_MICRO_MAX_T * 1000.0;
    if !(file.small_micro_max_kg > 0.0 && file.small_micro_max_kg <= ceiling_kg) {
        errs.add(
            root.key("small_micro_max_kg"),
            format!(
                "{} must lie in (0, {ceiling_kg}] kg: the list's loader takes no small-and-micro emitter at or above plan §4.7's {ceiling_kg} kg",
                file.small_micro_max_kg
            ),
        );
    }
    for key in ["pollutant_mix_sigma", "grade_noise_sigma"] {
        let v = if key == "pollutant_mix_sigma" {
            file.pollutant_mix_sigma
        } else {
            file.grade_noise_sigma
        };
        if !(0.0..=3.0).contains(&v) {
            errs.add(root.key(key), format!("{v} must lie in [0, 3]"));
        }
    }

    let mut industries: Vec<Industry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    if file.industries.is_empty() {
        errs.add(
            root.key("industries"),
            "at least one industry is required".into(),
        );
    }
    for (k, f) in file.industries.iter().enumerate() {
        let at = root.key("industries").index(k);
        if !is_snake_case(&f.id) {
            errs.add(at.key("id"), format!("`{}` is not a snake_case id", f.id));
        }
        if index.insert(f.id.clone(), k).is_some() {
            errs.add(at.key("id"), format!("industry `{}` is listed twice", f.id));
        }
        if f.name_zh.trim().is_empty() {
            errs.add(at.key("name_zh"), "is empty".into());
        }
        if f.group.trim().is_empty() {
            errs.add(at.key("group"), "is empty".into());
        }
        let sector = match f.sector.as_str() {
            "industry" => Sector::Industry,
            "power" => Sector::Power,
            other => {
                errs.add(
                    at.key("sector"),
                    format!("`{other}` is not a sector of the list: `industry` or `power`"),
                );
                Sector::Industry
            }
        };
        let typical = f.typical_t.array();
        for (p, v) in POLLUTANT_IDS.iter().zip(typical) {
            if !(v.is_finite() && v >= 0.0) {
                errs.add(at.key("typical_t").key(p), format!("{v} must be >= 0"));
            }
        }
        if typical.iter().all(|&v| v == 0.0) {
            errs.add(
                at.key("typical_t"),
                "all four are 0: the industry's firms could emit nothing".into(),
            );
        }
        if !(0.0..=3.0).contains(&f.size_sigma) {
            errs.add(
                at.key("size_sigma"),
                format!("{} must lie in [0, 3]", f.size_sigma),
            );
        }
        let mut grades: Vec<(Grade, f64)> = Vec::new();
        for (g, &share) in &f.grades {
            match parse_grade(g) {
                Some(grade) if (0.0..=1.0).contains(&share) => grades.push((grade, share)),
                Some(_) => errs.add(
                    at.key("grades").key(g),
                    format!("{share} must lie in [0, 1]"),
                ),
                None => errs.add(
                    at.key("grades").key(g),
                    format!("`{g}` is not a grade: A, B, C, D, Leading or NonLeading"),
                ),
            }
        }
        let sum: f64 = grades.iter().map(|(_, s)| s).sum();
        if (sum - 1.0).abs() > SHARE_TOLERANCE {
            errs.add(at.key("grades"), format!("the shares sum to {sum}, not 1"));
        }
        for (key, v) in [("guaranteed", f.guaranteed), ("small_micro", f.small_micro)] {
            if !(0.0..=1.0).contains(&v) {
                errs.add(
                    at.key(key),
                    format!("{v} is a share: it must lie in [0, 1]"),
                );
            }
        }
        let guarantee_mode = match f.guarantee_mode.as_deref() {
            None => None,
            Some("heat") => Some(GuaranteeMode::HeatDetermined),
            Some("quota") => Some(GuaranteeMode::QuotaDetermined),
            Some(other) => {
                errs.add(
                    at.key("guarantee_mode"),
                    format!("`{other}` is not a guarantee mode: `heat` or `quota`"),
                );
                None
            }
        };
        if f.guaranteed > 0.0 && f.guarantee_mode.is_none() {
            errs.add(
                at.key("guaranteed"),
                "guaranteed firms need a `guarantee_mode` (`heat` or `quota`)".into(),
            );
        }
        if f.small_micro > 0.0 && sector == Sector::Power {
            errs.add(
                at.key("small_micro"),
                "power and heat plants burn coal: none is a small-and-micro emitter (plan §4.7)"
                    .into(),
            );
        }
        if !(f.cems_above_t.is_finite() && f.cems_above_t >= 0.0) {
            errs.add(at.key("cems_above_t"), "must be >= 0".into());
        }
        if f.lines_max < 1 {
            errs.add(at.key("lines_max"), "must be at least 1".into());
        }
        if !(f.lines_median >= 1.0 && f.lines_median <= f64::from(f.lines_max)) {
            errs.add(
                at.key("lines_median"),
                format!("{} must lie in [1, lines_max]", f.lines_median),
            );
        }
        for (key, v) in [
            ("output_wan_yuan", f.output_wan_yuan),
            ("daily_truck_trips", f.daily_truck_trips),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                errs.add(at.key(key), format!("{v} must be >= 0"));
            }
        }
        industries.push(Industry {
            id: f.id.clone(),
            name_zh: f.name_zh.clone(),
            group: f.group.clone(),
            key: f.key,
            sector,
            typical_t: typical,
            size_sigma: f.size_sigma,
            grades,
            guaranteed: f.guaranteed,
            guarantee_mode,
            small_micro: f.small_micro,
            cems_above_t: f.cems_above_t,
            lines_median: f.lines_median,
            lines_max: f.lines_max,
            output_wan_yuan: f.output_wan_yuan,
            daily_truck_trips: f.daily_truck_trips,
        });
    }

    // Counties: exactly the units of the county table, so that every unit's totals are placed.
    let mut plans: Vec<Option<(usize, CountyPlan)>> = vec![None; counties.len()];
    for (k, c) in file.counties.iter().enumerate() {
        let at = root.key("counties").index(k);
        let Some(unit) = counties.index(&c.id) else {
            errs.add(
                at.key("id"),
                format!(
                    "`{}` is not a unit of the county table: expected one of {}",
                    c.id,
                    counties.id.join(", ")
                ),
            );
            continue;
        };
        if plans[unit].is_some() {
            errs.add(at.key("id"), format!("county `{}` is listed twice", c.id));
            continue;
        }
        let mut firms = vec![0u32; industries.len()];
        for (name, &n) in &c.firms {
            match index.get(name) {
                Some(&i) => firms[i] = n,
                None => errs.add(
                    at.key("firms").key(name),
                    format!("`{name}` is not an industry of [[industries]]"),
                ),
            }
        }
        let mut pools = Vec::new();
        let mut pooled: HashMap<usize, usize> = HashMap::new();
        for (q, p) in c.pools.iter().enumerate() {
            let pat = at.key("pools").index(q);
            if p.note.trim().is_empty() {
                errs.add(pat.key("note"), "say where the share comes from".into());
            }
            let mut members = Vec::new();
            for (m, name) in p.industries.iter().enumerate() {
                let Some(&i) = index.get(name) else {
                    errs.add(
                        pat.key("industries").index(m),
                        format!("`{name}` is not an industry of [[industries]]"),
                    );
                    continue;
                };
                if firms[i] == 0 {
                    errs.add(
                        pat.key("industries").index(m),
                        format!("`{name}` has no firms in `{}`", c.id),
                    );
                }
                if let Some(other) = pooled.insert(i, q) {
                    errs.add(
                        pat.key("industries").index(m),
                        format!("`{name}` is already in pool {other}"),
                    );
                }
                members.push(i);
            }
            if members.is_empty() {
                errs.add(
                    pat.key("industries"),
                    "a pool needs at least one industry".into(),
                );
                continue;
            }
            let sector = industries[members[0]].sector;
            if members.iter().any(|&i| industries[i].sector != sector) {
                errs.add(
                    pat.key("industries"),
                    "a pool's industries must all draw on one sector (industry or power)".into(),
                );
            }
            let share = p.share.array();
            for (pid, v) in POLLUTANT_IDS.iter().zip(share) {
                if !(0.0..=1.0).contains(&v) {
                    errs.add(pat.key("share").key(pid), format!("{v} must lie in [0, 1]"));
                }
            }
            pools.push(Pool {
                industries: members,
                sector,
                share,
            });
        }
        plans[unit] = Some((k, CountyPlan { firms, pools }));
    }
    for (unit, plan) in plans.iter().enumerate() {
        if plan.is_none() {
            errs.add(
                root.key("counties"),
                format!(
                    "unit `{}` of the county table has no [[counties]] entry: its emissions would be placed on no firm",
                    counties.id[unit]
                ),
            );
        }
    }

    if errs.0.is_empty() {
        for (unit, plan) in plans.iter().enumerate() {
            let Some((k, plan)) = plan else { continue };
            let at = root.key("counties").index(*k);
            check_placeable(unit, plan, &industries, counties, &at, &mut errs);
        }
    }

    if !errs.0.is_empty() {
        return Err(errs.0.iter().map(|e| doc.error(e)).collect());
    }
    Ok(ListStructure {
        city: file.city,
        small_micro_max_kg: file.small_micro_max_kg,
        pollutant_mix_sigma: file.pollutant_mix_sigma,
        grade_noise_sigma: file.grade_noise_sigma,
        industries,
        counties: plans
            .into_iter()
            .map(|p| p.expect("checked above").1)
            .collect(),
    })
}

/// Every tonne of the unit's `industry` and `power` totals must land on a firm able to carry it:
/// each pool's share on a regular (not small-and-micro) firm of the pool whose industry emits
/// that pollutant, and the rest on such a firm of the sector outside the pools.
fn check_placeable(
    unit: usize,
    plan: &CountyPlan,
    industries: &[Industry],
    counties: &Counties,
    at: &FieldPath,
    errs: &mut Errors,
) {
    let unit_id = &counties.id[unit];
    let carries = |i: usize, p: usize| {
        let n = plan.firms[i];
        n > small_micro_count(n, industries[i].small_micro) && industries[i].typical_t[p] > 0.0
    };
    for sector in [Sector::Industry, Sector::Power] {
        let totals = county_sector_totals_t(counties, unit, sector);
        let pools: Vec<(usize, &Pool)> = plan
            .pools
            .iter()
            .enumerate()
            .filter(|(_, p)| p.sector == sector)
            .collect();
        for (p, pid) in POLLUTANT_IDS.iter().enumerate() {
            if totals[p] <= 0.0 {
                continue;
            }
            let mut pooled_share = 0.0;
            for (q, pool) in &pools {
                pooled_share += pool.share[p];
                if pool.share[p] > 0.0 && !pool.industries.iter().any(|&i| carries(i, p)) {
                    errs.add(
                        at.key("pools").index(*q).key("share").key(pid),
                        format!(
                            "{} of `{unit_id}`'s {} {pid} is put on this pool, but none of its regular firms emits {pid}",
                            pool.share[p],
                            sector.id()
                        ),
                    );
                }
            }
            if pooled_share > 1.0 + SHARE_TOLERANCE {
                errs.add(
                    at.key("pools"),
                    format!(
                        "the pools take {pooled_share} of `{unit_id}`'s {} {pid}: more than all of it",
                        sector.id()
                    ),
                );
            }
            let rest = 1.0 - pooled_share;
            let in_pool = |i: usize| pools.iter().any(|(_, q)| q.industries.contains(&i));
            let outside = (0..industries.len())
                .filter(|&i| industries[i].sector == sector && !in_pool(i))
                .any(|i| carries(i, p));
            if rest > SHARE_TOLERANCE && !outside {
                errs.add(
                    at.key("firms"),
                    format!(
                        "`{unit_id}` has {} t/yr of {} {pid} ({rest:.3} of it outside the pools) but no regular firm outside the pools that emits {pid}",
                        totals[p],
                        sector.id()
                    ),
                );
            }
        }
    }
}

/// The problems found so far, each at its key.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, path: FieldPath, message: String) {
        self.0.push(FieldError::new(path, message));
    }
}

fn is_snake_case(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !s.ends_with('_')
        && !s.contains("__")
}
