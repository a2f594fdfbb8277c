//! `smogsim hindcast`: what would the plan have done in past winters? Observed air quality is
//! replayed through the warning engine with a perfect forecast.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::{Datelike, NaiveDateTime};

use crate::output::Staged;
use crate::plan::timeline::{Span, spans};
use crate::plan::{Event, Hour, Level, Plan, Trigger, hindcast};
use crate::world::observed::{Observed, load_observed};
use crate::world::scenario;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
OBS is daily (date,aqi) or hourly (time,aqi, or time with pollutant columns pm25, pm10, so2,
no2, co [mg/m³], o3, from which the HJ 633 AQI of 24-h rolling means is computed). Other
columns are ignored. Empty cells and —, -, NA are missing.

EVENTS has the columns decided_at,effective_at,event,level with times YYYY-MM-DD HH:MM (local);
event is advisory|issue|upgrade|downgrade|lift; level is advisory|yellow|orange|red. The level
in effect at a time is the one set by the most recently decided event already in effect.

Example:
  smogsim hindcast --observed shandong_region_daily_aqi_2013-12_2016-06.csv --city Liaocheng \\
      --output events.csv")]
pub struct HindcastArgs {
    /// Observed air quality (CSV).
    #[arg(long, value_name = "OBS.csv")]
    pub observed: PathBuf,
    /// A scenario folder whose plan.toml to use (default: the embedded Liaocheng 2020 plan).
    #[arg(long, value_name = "DIR", conflicts_with = "plan")]
    pub scenario: Option<PathBuf>,
    /// A plan file to use.
    #[arg(long, value_name = "PLAN.toml")]
    pub plan: Option<PathBuf>,
    /// Keep the rows whose city_en, city_cn or city column names this city.
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,
    /// Write the decisions here (CSV).
    #[arg(long, value_name = "EVENTS.csv")]
    pub output: Option<PathBuf>,
}

const TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

pub fn run(args: &HindcastArgs) -> anyhow::Result<()> {
    let plan = match args.scenario.as_ref().or(args.plan.as_ref()) {
        Some(path) => scenario::load_plan(path)?.0,
        None => scenario::embedded_plan()?,
    };
    let observed = load_observed(&args.observed, args.city.as_deref())?;
    let events = hindcast(&plan.warning, &observed.rolling_aqi, &[]);
    let until = observed.rolling_aqi.len() as Hour;
    let spans = spans(&events, until);

    if let Some(path) = &args.output {
        write_events(path, &observed, &events)?;
    }
    print_report(&plan, &observed, &events, &spans);
    if let Some(path) = &args.output {
        println!("\nwrote {} decisions to {}", events.len(), path.display());
    }
    Ok(())
}

fn write_events(
    path: &std::path::Path,
    observed: &Observed,
    events: &[Event],
) -> anyhow::Result<()> {
    let staged = Staged::create(path)?;
    {
        let mut w = csv::Writer::from_writer(staged.file());
        w.write_record(["decided_at", "effective_at", "event", "level"])?;
        for e in events {
            w.write_record([
                observed
                    .time_of(e.decided_at)
                    .format(TIME_FORMAT)
                    .to_string(),
                observed
                    .time_of(e.effective_at)
                    .format(TIME_FORMAT)
                    .to_string(),
                e.kind.id().to_string(),
                e.level.id().to_string(),
            ])?;
        }
        w.flush()
            .with_context(|| format!("cannot write {}", staged.path().display()))?;
    }
    staged.commit()
}

/// The winter a time belongs to: July to June, labelled `2015-16`.
fn winter(t: NaiveDateTime) -> String {
    let y = if t.month() >= 7 {
        t.year()
    } else {
        t.year() - 1
    };
    format!("{}-{:02}", y, (y + 1) % 100)
}

fn trigger_name(t: Trigger) -> &'static str {
    match t {
        Trigger::Forecast => "forecast",
        Trigger::Observed => "observed (§3.3.1)",
        Trigger::Regional => "regional",
        Trigger::Improvement => "improvement",
        Trigger::Withdrawn => "withdrawn",
    }
}

#[derive(Default)]
struct WinterRow {
    advisories: usize,
    by_peak: [usize; 3],
    hours: [i64; 4],
    heavy_days: usize,
    severe_days: usize,
    days: usize,
}

fn print_report(plan: &Plan, obs: &Observed, events: &[Event], spans: &[Span]) {
    let w = &plan.warning;
    let fmt = |h: Hour| obs.time_of(h).format(TIME_FORMAT).to_string();
    let last = obs.rolling_aqi.len() as Hour - 1;
    println!(
        "Hindcast of {} ({}) with a perfect forecast",
        plan.file.plan.title_zh, plan.file.plan.document
    );
    println!(
        "observed: {}{}, {} rows, {} .. {}",
        obs.file.display(),
        obs.city
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default(),
        obs.rows,
        fmt(0),
        fmt(last)
    );
    println!("read as: {}", obs.source.describe());

    let mut winters: BTreeMap<String, WinterRow> = BTreeMap::new();
    // Daily statistics from the 24-h mean at the end of each day.
    for day_end in (23..=last).step_by(24) {
        let row = winters.entry(winter(obs.time_of(day_end))).or_default();
        if let Some(v) = obs.rolling_aqi[day_end as usize] {
            row.days += 1;
            row.heavy_days += usize::from(v > w.heavy_above);
            row.severe_days += usize::from(v > w.severe_above);
        }
    }
    for s in spans {
        let row = winters
            .entry(winter(obs.time_of(s.start.max(s.decided_at))))
            .or_default();
        if s.withdrawn {
            continue;
        }
        match s.peak {
            Level::Advisory => row.advisories += 1,
            level => row.by_peak[level as usize - 1] += 1,
        }
        for (total, h) in row.hours.iter_mut().zip(s.hours) {
            *total += h;
        }
    }

    println!(
        "\nPer winter (July to June): observed days; warnings by their strictest level; days in effect"
    );
    println!(
        "  {:<8} {:>5} {:>6} {:>7} | {:>8} {:>6} {:>6} {:>4} | {:>8} {:>6} {:>6} {:>5}",
        "winter",
        "days",
        "> 200",
        "> 300",
        "advisory",
        "yellow",
        "orange",
        "red",
        "warning",
        "yellow",
        "orange",
        "red"
    );
    for (name, r) in &winters {
        let days = |h: i64| h as f64 / 24.0;
        println!(
            "  {:<8} {:>5} {:>6} {:>7} | {:>8} {:>6} {:>6} {:>4} | {:>8.1} {:>6.1} {:>6.1} {:>5.1}",
            name,
            r.days,
            r.heavy_days,
            r.severe_days,
            r.advisories,
            r.by_peak[0],
            r.by_peak[1],
            r.by_peak[2],
            days(r.hours[1] + r.hours[2] + r.hours[3]),
            days(r.hours[1]),
            days(r.hours[2]),
            days(r.hours[3]),
        );
    }

    let warnings: Vec<&Span> = spans.iter().filter(|s| s.is_warning()).collect();
    println!("\nWarnings ({}):", warnings.len());
    println!(
        "  {:>3}  {:<16}  {:<16}  {:<16}  {:<7} {:<7} {:>9}  trigger",
        "#", "decided", "in effect", "lifted", "first", "peak", "lead (h)"
    );
    for (i, s) in warnings.iter().enumerate() {
        println!(
            "  {:>3}  {:<16}  {:<16}  {:<16}  {:<7} {:<7} {:>9}  {}{}",
            i + 1,
            fmt(s.decided_at),
            fmt(s.start),
            s.end.map_or("(in force at end)".to_string(), fmt),
            s.first_warning.map_or("-", Level::id),
            s.peak.id(),
            s.lead_hours.map_or("-".to_string(), |l| l.to_string()),
            trigger_name(s.trigger),
            if s.withdrawn { ", withdrawn" } else { "" }
        );
    }
    let late = warnings
        .iter()
        .filter(|s| s.lead_hours.is_some_and(|l| l < w.min_lead_hours as i64))
        .count();
    println!(
        "\n{} decisions; {} warnings, {} published less than {} h before the onset (§3.3.1)",
        events.len(),
        warnings.len(),
        late,
        w.min_lead_hours
    );
    let _ = std::io::stdout().flush();
}
