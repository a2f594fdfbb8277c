//! The evaluation report's charts, each as an SVG document and a PNG image.
//!
//! Owns how the report's numbers look: layout, colours (HJ 633 category colours, the warning
//! levels' colours), wording in Chinese and English, fonts, and the PNG encoding. Knows nothing
//! of the model, the plan's rules or how the numbers were computed: every function is given the
//! numbers it draws, already aggregated, and only draws them. Shares and cuts come as fractions
//! (0.2 = 20 %) and are shown in percent.
//!
//! Every function draws the same figure twice from one routine (`canvas::Draw`): an SVG at its
//! nominal size with real `<text>` elements, and a PNG at 1.5 times that size with the font
//! registered by [`super::fonts`]. If that font has no Chinese glyphs, the PNG is drawn in
//! English whatever the language asked for (the SVG keeps it: browsers use their own fonts).
//! The output is a function of the input only: the same numbers give the same bytes.
//!
//! Empty or non-finite inputs draw an empty chart saying 无数据 / "No data" rather than fail.

mod canvas;
mod compliance;
mod cost;
mod cuts;
mod distribution;
mod episode;
mod png;
mod season;
mod time_axis;
mod verification;

#[cfg(test)]
mod tests;

use chrono::{NaiveDate, NaiveDateTime};

use crate::plan::Level;
use crate::report::lang::Lang;

/// One figure in both formats. `svg` is a complete <svg> document (UTF-8, real <text>
/// elements); `png` is PNG bytes drawn with the registered font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub svg: String,
    pub png: Vec<u8>,
}

/// Errors: a String saying what failed (e.g. no font found), never a panic.
pub type FigureResult = Result<Figure, String>;

/// A period with a warning level in force (end exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct LevelSpan {
    pub level: Level,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

/// One day of a season: the city's daily AQI with the plan and without it.
#[derive(Debug, Clone, PartialEq)]
pub struct DayAqi {
    pub date: NaiveDate,
    pub plan: f64,
    pub baseline: f64,
}

/// A season's daily AQI and its warning periods; `title` e.g. "典型季（第 412 季）".
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonSeries {
    pub title: String,
    pub days: Vec<DayAqi>,
    pub warnings: Vec<LevelSpan>,
}

/// Cuts at one warning level for one pollutant, as fractions (0.2 = 20 %). NaN = not
/// applicable.
#[derive(Debug, Clone, PartialEq)]
pub struct CutBar {
    pub pollutant: String,
    pub delivered_mean: f64,
    pub delivered_p5: f64,
    pub delivered_p95: f64,
    pub paper: f64,
    pub target: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelCuts {
    pub level: Level,
    pub bars: Vec<CutBar>,
}

/// Shares (0..1) of firm-warnings complying fully, partly, evading, for one county.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplianceRow {
    pub county: String,
    pub full: f64,
    pub partial: f64,
    pub evade: f64,
}

/// Skill of the yes/no forecast "daily AQI > 200" at one lead (days), as fractions (0..1). NaN
/// where undefined.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadSkill {
    pub lead_days: u32,
    pub hit_rate: f64,
    pub false_alarm_ratio: f64,
    pub threat_score: f64,
}

/// One hour of a real episode: the observed 24-h rolling AQI, and the model's estimate of the
/// AQI without the plan (P5, P50, P95 over Monte Carlo draws; equal to observed outside
/// warnings).
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeHour {
    pub time: NaiveDateTime,
    pub observed: Option<f64>,
    pub no_plan_p5: f64,
    pub no_plan_p50: f64,
    pub no_plan_p95: f64,
}

/// Figure 1: one panel per series (typical and worst season, stacked vertically). Daily AQI
/// with the plan as bars in the HJ 633 category colours, the no-plan baseline as a dark line,
/// warning periods shaded in the level's colour, dashed reference lines at AQI 200 and 300.
pub fn aqi_seasons(series: &[SeasonSeries], lang: Lang) -> FigureResult {
    canvas::render(&season::Seasons { series }, lang)
}

/// Figure 2: the distribution over seasons of heavy days (AQI > 200) per season, with and
/// without the plan, as side-by-side bars per count (share of seasons, %), with both means
/// marked and given in the legend.
pub fn heavy_days_distribution(plan: &[f64], baseline: &[f64], lang: Lang) -> FigureResult {
    canvas::render(&distribution::HeavyDays { plan, baseline }, lang)
}

/// Figure 3: one panel per warning level in `levels` (the advisory, which has no cuts, is left
/// out): per pollutant the delivered cut (mean bar, P5–P95 whisker), the on-paper cut (hollow
/// bar) and the target (a horizontal tick), in %.
pub fn cuts_vs_target(levels: &[LevelCuts], lang: Lang) -> FigureResult {
    canvas::render(&cuts::Cuts { levels }, lang)
}

/// Figure 4: one horizontal stacked bar per county (full, partial, evading compliance), in the
/// order given, labelled with the evasion percentage.
pub fn compliance_by_county(rows: &[ComplianceRow], lang: Lang) -> FigureResult {
    canvas::render(&compliance::Compliance { rows }, lang)
}

/// Figure 5: hit rate (POD), false-alarm ratio (FAR) and threat score (CSI) against lead time
/// (days), 0–100 %.
pub fn forecast_verification(rows: &[LeadSkill], lang: Lang) -> FigureResult {
    canvas::render(&verification::Verification { rows }, lang)
}

/// Figure 6: one point per season (x = lost output in 10^8 yuan, y = heavy days avoided) and
/// the mean. Points falling in the same 3 px cell are drawn once with the opacity their overlap
/// would have, so 10,000 seasons stay a few hundred kB of SVG. Whole-day values of `y` are
/// spread ±0.25 day (fixed per index, so deterministic) to show how many points a row holds.
pub fn cost_vs_benefit(
    lost_output_1e8_yuan: &[f64],
    heavy_days_avoided: &[f64],
    lang: Lang,
) -> FigureResult {
    canvas::render(
        &cost::CostBenefit {
            cost: lost_output_1e8_yuan,
            benefit: heavy_days_avoided,
        },
        lang,
    )
}

/// The figure of `smogsim evaluate`: observed AQI, the no-plan estimate as a P5–P95 band with
/// its median dashed, warning periods shaded by level, reference lines at 200 and 300.
pub fn episode_timeline(hours: &[EpisodeHour], warnings: &[LevelSpan], lang: Lang) -> FigureResult {
    canvas::render(&episode::Episode { hours, warnings }, lang)
}
