//! `context.json`: what a report needs to know about the run besides its tables — the plan's
//! title, targets and deadlines, the city's units and sectors by name, the health response, the
//! plan's stated assumptions, and which seasons the report shows day by day.
//!
//! Written by `smogsim run` (which knows the scenario) and read by `smogsim report` (which must
//! not: it works from the output folder alone).

use serde::{Deserialize, Serialize};

/// Bumped when a field changes meaning.
pub const CONTEXT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportContext {
    pub context_version: u32,
    pub scenario_id: String,
    pub scenario_title_zh: String,
    pub scenario_title_en: String,
    pub plan_title_zh: String,
    pub plan_title_en: String,
    /// The plan's document number, e.g. 聊政办字〔2020〕49号.
    pub plan_document: String,
    pub plan_issued: String,
    pub city_zh: String,
    pub city_en: String,
    /// §1.3: heavy pollution is a 24-h mean AQI above this; severe above the next.
    pub heavy_above: f64,
    pub severe_above: f64,
    /// §3.1: how long heavy pollution must be forecast to last for the mildest warning level
    /// (yellow: AQI > 200 for 2 days); shorter episodes are missed by design.
    pub warning_min_hours: f64,
    /// §3.3.1: a warning is published at least this long before the forecast onset.
    pub min_lead_hours: f64,
    /// §4.2: counties relay the city's notice within this.
    pub county_notice_hours: f64,
    /// §5.2: the public is told within this.
    pub disclosure_within_hours: f64,
    /// First and last day of the simulated season.
    pub season_start: String,
    pub season_end: String,
    pub targets: Vec<TargetRow>,
    pub counties: Vec<Named>,
    pub sectors: Vec<Named>,
    pub health: Option<HealthRow>,
    /// Values the plan does not state, with the reason for the value used.
    pub assumptions: Vec<AssumptionRow>,
    /// The seasons drawn day by day (the typical and the worst), when the run kept them.
    pub series: Vec<SeriesRole>,
}

/// §4.3's cut targets of one warning level, as fractions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    pub level: String,
    pub section: String,
    pub so2: f64,
    pub nox: f64,
    pub pm: f64,
    pub vocs: f64,
    pub so2_nox_adjustable: bool,
    pub so2_plus_nox_at_least: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthRow {
    pub population: f64,
    pub deaths_per_person_day: f64,
    pub beta_per_ug: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssumptionRow {
    pub field: String,
    pub reason: String,
}

/// A season the report draws day by day, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesRole {
    /// `typical` (heavy days without the plan closest to the median) or `worst` (most).
    pub role: String,
    pub season: u64,
}

impl ReportContext {
    pub fn target(&self, level: &str) -> Option<&TargetRow> {
        self.targets.iter().find(|t| t.level == level)
    }

    pub fn county_name(&self, id: &str, zh: bool) -> String {
        name_in(&self.counties, id, zh)
    }

    pub fn sector_name(&self, id: &str, zh: bool) -> String {
        name_in(&self.sectors, id, zh)
    }
}

/// The name of `id` in `list`, or the id itself when the list does not name it.
fn name_in(list: &[Named], id: &str, zh: bool) -> String {
    list.iter()
        .find(|n| n.id == id)
        .map_or(id.to_string(), |n| {
            if zh { &n.name_zh } else { &n.name_en }.clone()
        })
}
