//! The validated plan: the domain types the rest of smogsim uses.
//!
//! Owns [`Plan`] — built only by [`Plan::from_toml`], so holding one means it passed every check
//! of `validate` — and [`WarningRules`], the numbers the warning engine runs on, all taken from
//! the file. Knows nothing of files on disk, weather or agents.

use std::path::Path;

use super::schema::{self, PlanFile};
use super::validate;
use crate::InputError;
use crate::toml_input;

pub use schema::LevelId as Level;

impl Level {
    /// All levels, mildest first.
    pub const ALL: [Level; 4] = [Level::Advisory, Level::Yellow, Level::Orange, Level::Red];
    /// The warning levels (with an emergency response), mildest first.
    pub const WARNINGS: [Level; 3] = [Level::Yellow, Level::Orange, Level::Red];

    pub fn id(self) -> &'static str {
        match self {
            Level::Advisory => "advisory",
            Level::Yellow => "yellow",
            Level::Orange => "orange",
            Level::Red => "red",
        }
    }

    /// Position of a warning level in per-level arrays (yellow, orange, red, as
    /// [`Level::WARNINGS`]); `None` for the advisory.
    pub fn warning_index(self) -> Option<usize> {
        match self {
            Level::Advisory => None,
            Level::Yellow => Some(0),
            Level::Orange => Some(1),
            Level::Red => Some(2),
        }
    }

    /// Whether this level is a warning that starts an emergency response (not the advisory).
    pub fn is_warning(self) -> bool {
        self != Level::Advisory
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.id() == s)
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// The rolling-mean AQI is above `threshold` (or at least it, if `inclusive`) for at least
/// `for_hours` consecutive hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    pub threshold: f64,
    pub inclusive: bool,
    pub for_hours: u32,
}

impl Condition {
    pub fn holds_for(&self, aqi: f64) -> bool {
        if self.inclusive {
            aqi >= self.threshold
        } else {
            aqi > self.threshold
        }
    }
}

/// A level and its criteria: the level holds when all conditions of any one criterion hold.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRule {
    pub level: Level,
    pub criteria: Vec<Vec<Condition>>,
}

/// Everything the warning engine needs (§3.1–§3.3, §4.1–§4.2, §5.2), from the plan file.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningRules {
    /// §1.3: heavy pollution is a 24-h mean AQI above this.
    pub heavy_above: f64,
    pub severe_above: f64,
    /// §3.1: hours in the continuous mean.
    pub rolling_hours: u32,
    /// §3.3.2: processes closer than this are one process.
    pub merge_gap_hours: u32,
    /// Level rules, mildest first.
    pub levels: Vec<LevelRule>,
    pub daily_consultation_hour: u32,
    pub consult_every_hours_during_warning: u32,
    pub consult_every_hours_realtime: u32,
    pub forecast_horizon_hours: u32,
    /// §3.3.1: a warning is published at least this long before the forecast onset.
    pub min_lead_hours: u32,
    /// A warning is decided once the forecast onset is at most this far ahead.
    pub lookahead_hours: u32,
    /// The response starts this long before the forecast onset (never before publication).
    pub response_lead_hours: u32,
    pub approval_hours: u32,
    /// §3.3.1: start at once when the observed mean AQI is above this…
    pub immediate_observed_above: f64,
    /// …and the forecast does not fall to `immediate_improved_at_most` within these hours.
    pub immediate_no_improvement_hours: u32,
    pub immediate_improved_at_most: f64,
    pub adopt_regional_level: bool,
    pub upgrade: bool,
    pub downgrade: bool,
    /// §3.3.2: lift when the forecast stays at or below this for at least `lift_for_hours`.
    pub lift_at_most: f64,
    pub lift_for_hours: u32,
    /// §4.2: counties notify their departments within this many hours.
    pub county_notice_hours: u32,
    /// §5.2: the public is informed within this many hours.
    pub disclosure_within_hours: u32,
}

impl WarningRules {
    /// The rule for a level, if the plan defines it.
    pub fn level(&self, level: Level) -> Option<&LevelRule> {
        self.levels.iter().find(|r| r.level == level)
    }
}

/// §4.3 / §4.4.x: the whole-society reduction a warning level must deliver, as fractions.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub level: Level,
    pub section: String,
    pub so2: f64,
    pub nox: f64,
    pub pm: f64,
    pub vocs: f64,
    /// SO2 and NOx cuts may be traded between the two as long as their sum reaches
    /// `so2_plus_nox_at_least`.
    pub so2_nox_adjustable: bool,
    pub so2_plus_nox_at_least: f64,
}

/// Delivered whole-society cuts, as fractions of emissions without the warning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cuts {
    pub so2: f64,
    pub nox: f64,
    pub pm: f64,
    pub vocs: f64,
}

impl Targets {
    /// Whether `cuts` meet this level's targets, with the §4.4 SO2 + NOx rule.
    pub fn met_by(&self, cuts: &Cuts) -> bool {
        let gases = if self.so2_nox_adjustable {
            cuts.so2 + cuts.nox >= self.so2_plus_nox_at_least
        } else {
            cuts.so2 >= self.so2 && cuts.nox >= self.nox
        };
        gases && cuts.pm >= self.pm && cuts.vocs >= self.vocs
    }
}

/// A value the plan does not state, and why the file uses the value it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    /// Dotted path of the assumed field, e.g. `issuance.approval_hours`.
    pub field: String,
    pub reason: String,
}

/// A validated plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The file as written (measures, rules and texts are used as they are).
    pub file: PlanFile,
    pub warning: WarningRules,
    /// One per warning level, mildest first.
    pub targets: Vec<Targets>,
    pub assumptions: Vec<Assumption>,
}

impl Plan {
    /// Parse and validate plan TOML. `name` is the file name used in error messages. Every
    /// problem found is returned, each naming `file:line:column` and the field.
    pub fn from_toml(text: &str, name: &Path) -> Result<Plan, Vec<InputError>> {
        let (file, doc) = toml_input::parse::<PlanFile>(text, name).map_err(|e| vec![e])?;
        validate::validate(file, &doc)
    }

    pub fn targets(&self, level: Level) -> Option<&Targets> {
        self.targets.iter().find(|t| t.level == level)
    }

    pub fn measures_at(&self, level: Level) -> impl Iterator<Item = &schema::Measure> {
        self.file.measures.iter().filter(move |m| m.level == level)
    }
}
