//! `smogsim evaluate`: the third-party evaluation (§4.9) of a real episode.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use crate::experiment::counterfactual::{EffectBinning, ElapsedBins, effect_table};
use crate::experiment::plan_side::PlanModel;
use crate::experiment::{Prepared, RunOptions};
use crate::report::episode::{EpisodeCase, PlanFacts, evaluate};
use crate::report::episode_inputs::{read_events, read_inspections, read_notices};
use crate::report::evaluation_rules::EvaluationRules;
use crate::report::lang::Lang;
use crate::report::run_report::write_report;
use crate::world::observed::{Observed, load_observed};

use super::run::{progress, scenario_of, threads_of};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
OBS is the observed air quality, as for `smogsim hindcast`: daily (date,aqi) or hourly (time,aqi,
or time with pollutant columns), one city or several with --city.

EVENTS has hindcast's columns decided_at,effective_at,event,level (times YYYY-MM-DD HH:MM;
event advisory|issue|upgrade|downgrade|lift; level advisory|yellow|orange|red), in the order the
decisions were made.

NOTICES has county,received_at,notified_at,disclosed_at: when each county received the city's
notice, passed it to its departments (§4.2: within 3 h) and told the public (§5.2: within 2 h);
an empty time means it was not done.

INSPECTIONS has time,county,enterprise,industry,finding[,note]; finding is compliant, partial or
violation (合规, 部分落实, 违规).

The plan's effect is estimated with the scenario's model: --seasons simulated winters give, per
warning level and hours since it took effect, the ratio of the AQI with the plan to the AQI
without; the observed AQI divided by each season's ratios gives one no-plan estimate per season,
whose spread is the estimate's uncertainty.

Writes report.html, report.md and figures/ into DIR. Examples of every file: reports/examples/.

With --from and --to only that window is evaluated (EVENTS may cover a whole winter).

Example:
  smogsim evaluate --observed liaocheng_region_hourly_2019-02-04_2019-02-12.csv --city 聊城 \\
      --warnings reports/examples/events.csv --notices reports/examples/notices.csv \\
      --inspections reports/examples/inspections.csv --out out/episode-2019-02")]
pub struct EvaluateArgs {
    /// Observed air quality (CSV).
    #[arg(long, value_name = "OBS.csv")]
    pub observed: PathBuf,
    /// Keep the rows of OBS whose city_en, city_cn or city column names this city.
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,
    /// Evaluate from this day (YYYY-MM-DD; default: the first observed).
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,
    /// Evaluate up to and including this day (default: the last observed).
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,
    /// The city's decisions during the episode (CSV, hindcast's columns).
    #[arg(long, value_name = "EVENTS.csv")]
    pub warnings: PathBuf,
    /// The counties' relays and disclosures (CSV).
    #[arg(long, value_name = "NOTICES.csv")]
    pub notices: Option<PathBuf>,
    /// Inspections of enterprises during the episode (CSV).
    #[arg(long, value_name = "INSPECTIONS.csv")]
    pub inspections: Option<PathBuf>,
    /// Scenario folder (default: the embedded Liaocheng 2020 scenario).
    #[arg(long, value_name = "DIR")]
    pub scenario: Option<PathBuf>,
    /// Simulated winters behind the estimate of the plan's effect.
    #[arg(long, default_value_t = 200)]
    pub seasons: u64,
    /// Root seed of those winters.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Language of the report: zh (the default) or en.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
    /// A folder of templates that replace the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: &EvaluateArgs) -> anyhow::Result<()> {
    let scenario = scenario_of(args.scenario.as_deref())?;
    let mut observed = load_observed(&args.observed, args.city.as_deref())?;
    window(&mut observed, args.from, args.to)?;
    let events = read_events(&args.warnings, observed.start)?;
    let notices = args.notices.as_deref().map(read_notices).transpose()?;
    let inspections = args
        .inspections
        .as_deref()
        .map(read_inspections)
        .transpose()?;
    anyhow::ensure!(
        args.seasons > 0,
        "--seasons must be at least 1: the plan's effect is estimated from simulated winters"
    );

    let rules = EvaluationRules::load(args.templates.as_deref())?;
    let binning = EffectBinning {
        bins: ElapsedBins {
            bounds: rules.counterfactual.elapsed_bins_hours,
        },
        polluted_share: rules.counterfactual.polluted_share,
    };
    let prepared = Prepared::new(&scenario);
    let model = PlanModel::new(&prepared).ok_or_else(|| {
        anyhow::anyhow!(
            "{}: the scenario names no [city] files, so the plan's effect cannot be simulated",
            scenario.origin.describe()
        )
    })?;
    let bar = progress(args.seasons);
    let table = effect_table(
        &prepared,
        &model,
        RunOptions {
            seed: args.seed,
            threads: threads_of(args.threads),
            snapshot_hour: None,
        },
        args.seasons,
        &binning,
        &AtomicBool::new(false),
        || bar.inc(1),
    )?;
    bar.finish_and_clear();

    let plan = &scenario.plan;
    let meta = &plan.file.plan;
    let lang = args.lang;
    let case = EpisodeCase {
        observed_file: args
            .observed
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
        start: observed.start,
        rolling_aqi: &observed.rolling_aqi,
        events: &events,
        notices: notices.as_deref(),
        inspections: inspections.as_deref(),
        effect: &table.seasons,
        elapsed_bins: binning.bins,
        plan: PlanFacts {
            city: lang.pick(&meta.city_zh, &meta.city_en).to_string(),
            plan_title: lang.pick(&meta.title_zh, &meta.title_en).to_string(),
            plan_document: meta.document.clone(),
            heavy_above: plan.warning.heavy_above,
            severe_above: plan.warning.severe_above,
            merge_gap_hours: plan.warning.merge_gap_hours,
            min_lead_hours: f64::from(plan.warning.min_lead_hours),
            county_notice_hours: f64::from(plan.warning.county_notice_hours),
            disclosure_within_hours: f64::from(plan.warning.disclosure_within_hours),
        },
        scenario_id: scenario.id.clone(),
        seed: args.seed,
    };
    let (findings, hours, spans) = evaluate(&case, lang, &rules.problems);
    let figure = crate::report::figures::episode_timeline(&hours, &spans, lang)
        .map_err(|e| anyhow::anyhow!("figure episode_timeline: {e}"))?;
    std::fs::create_dir_all(&args.out)?;
    let written = write_report(
        &args.out,
        "episode",
        lang,
        &findings,
        &[("episode_timeline".to_string(), figure)],
        args.templates.as_deref(),
    )?;
    println!(
        "{}: {} hours observed, peak AQI {:.0}, {} heavy episodes, {} warnings, {} problems found",
        case.observed_file,
        findings.hours_observed,
        findings.peak,
        findings.episodes.len(),
        findings.warnings.len(),
        findings.problems.len()
    );
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Keep the observed hours from `from` to the end of `to` (the rolling means were computed on the
/// whole file, so the first day of the window keeps its 24-h history).
fn window(
    observed: &mut Observed,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> anyhow::Result<()> {
    let n = observed.rolling_aqi.len() as i64;
    let hour_of = |d: chrono::NaiveDate| {
        (d.and_hms_opt(0, 0, 0).expect("midnight") - observed.start).num_hours()
    };
    let a = from.map_or(0, hour_of).clamp(0, n);
    let b = to.map_or(n, |d| hour_of(d) + 24).clamp(0, n);
    anyhow::ensure!(
        a < b,
        "{}: no observations between {} and {} (the file covers {} to {})",
        observed.file.display(),
        from.map_or("the start".to_string(), |d| d.to_string()),
        to.map_or("the end".to_string(), |d| d.to_string()),
        observed.start.format("%Y-%m-%d %H:%M"),
        observed.time_of(n - 1).format("%Y-%m-%d %H:%M"),
    );
    observed.start += chrono::Duration::hours(a);
    observed.rolling_aqi = observed.rolling_aqi[a as usize..b as usize].to_vec();
    Ok(())
}
