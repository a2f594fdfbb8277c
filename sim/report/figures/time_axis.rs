//! Time on the x axis, shared by the season and episode figures: tick positions and labels,
//! warning-period shading and the AQI reference lines.
//!
//! Time is drawn as a plain number (days or hours since the first point), not through plotters'
//! chrono coordinates, which this crate does not enable; ticks are placed on calendar
//! boundaries here.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use plotters::prelude::*;

use super::LevelSpan;
use super::canvas::{Ctx, Entry, Swatch, fail, level_name, level_shade};
use crate::plan::Level;

/// Time since `origin` in units of `unit_hours` hours.
pub(super) fn offset(origin: NaiveDateTime, t: NaiveDateTime, unit_hours: f64) -> f64 {
    (t - origin).num_seconds() as f64 / (3600.0 * unit_hours)
}

fn month_label(date: NaiveDate, with_year: bool, ctx: &Ctx) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m) = (date.year(), date.month());
    match (ctx.zh(), with_year) {
        (true, true) => format!("{y}年{m}月"),
        (true, false) => format!("{m}月"),
        (false, true) => format!("{} {y}", EN[m as usize - 1]),
        (false, false) => EN[m as usize - 1].to_string(),
    }
}

/// Ticks on the first day of each month within `0..=days` days from `first` (in days from
/// `first`), labelled by month; the first tick and every January also name the year.
pub(super) fn month_ticks(first: NaiveDate, days: f64, ctx: &Ctx) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    let Some(mut month) = first.with_day(1) else {
        return out;
    };
    if month < first {
        match next_month(month) {
            Some(next) => month = next,
            None => return out,
        }
    }
    loop {
        let x = (month - first).num_days() as f64;
        if x > days {
            break;
        }
        let label = month_label(month, out.is_empty() || month.month() == 1, ctx);
        out.push((x, label));
        match next_month(month) {
            Some(next) => month = next,
            None => break,
        }
    }
    out
}

/// The first of the next month; `None` past chrono's last year.
fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// Ticks over `hours` hours from `origin` (in hours from `origin`) on round times: every 3, 6
/// or 12 hours for short episodes, else at midnight every 1, 2, 7 or 14 days; at most about
/// `max_ticks`. Midnight ticks name the day, the others only the hour.
pub(super) fn hour_ticks(
    origin: NaiveDateTime,
    hours: f64,
    max_ticks: usize,
    ctx: &Ctx,
) -> Vec<(f64, String)> {
    let step = [3i64, 6, 12, 24, 48, 168, 336]
        .into_iter()
        .find(|s| hours / *s as f64 <= max_ticks as f64)
        .unwrap_or(672);
    let midnight = origin.date().and_time(NaiveTime::MIN);
    let first = if step < 24 {
        let k = (offset(midnight, origin, 1.0) / step as f64).ceil() as i64;
        midnight.checked_add_signed(Duration::hours(k * step))
    } else if origin == midnight {
        Some(midnight)
    } else {
        midnight.checked_add_signed(Duration::days(1))
    };
    // Checked arithmetic: chrono panics past its last year.
    let Some(mut t) = first else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while offset(origin, t, 1.0) <= hours && out.len() < 200 {
        let label = if t.hour() == 0 {
            day_label(t.date(), ctx)
        } else if out.is_empty() {
            format!("{} {:02}:00", day_label(t.date(), ctx), t.hour())
        } else {
            format!("{:02}:00", t.hour())
        };
        out.push((offset(origin, t, 1.0), label));
        match t.checked_add_signed(Duration::hours(step)) {
            Some(next) => t = next,
            None => break,
        }
    }
    out
}

fn day_label(d: NaiveDate, ctx: &Ctx) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if ctx.zh() {
        format!("{}月{}日", d.month(), d.day())
    } else {
        format!("{} {}", d.day(), EN[d.month() as usize - 1])
    }
}

/// Shade each span over the full height of the chart, clipped to its x range. Spans wholly
/// outside are skipped; the rest get one rectangle each.
pub(super) fn shade_warnings<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    spans: &[LevelSpan],
    origin: NaiveDateTime,
    unit_hours: f64,
) -> Result<(), String>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let rects = spans.iter().filter_map(|span| {
        let x0 = offset(origin, span.start, unit_hours).max(xr.start);
        let x1 = offset(origin, span.end, unit_hours).min(xr.end);
        (x1 > x0).then(|| {
            Rectangle::new(
                [(x0, yr.start), (x1, yr.end)],
                level_shade(span.level).filled(),
            )
        })
    });
    chart.draw_series(rects).map_err(fail)?;
    Ok(())
}

/// Legend entries for the warning levels that `spans` use (mildest first), then the dashed
/// reference lines: what every time-axis figure with shaded warnings explains.
pub(super) fn warning_legend<'a>(
    spans: impl Iterator<Item = &'a LevelSpan> + Clone,
    ctx: &Ctx,
    entries: &mut Vec<Entry>,
) {
    for level in Level::ALL {
        if spans.clone().any(|w| w.level == level) {
            entries.push(Entry::new(
                Swatch::Fill(level_shade(level)),
                level_name(level, ctx),
            ));
        }
    }
    entries.push(Entry::new(
        Swatch::Line(REFERENCE, 1.2, true),
        ctx.t("AQI 200 / 300", "AQI 200 / 300"),
    ));
}

/// The AQI thresholds of heavy (200) and severe (300) pollution, dashed, where in range.
pub(super) fn reference_lines<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ctx: &Ctx,
) -> Result<(), String>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let (xr, yr) = (chart.x_range(), chart.y_range());
    for level in [200.0, 300.0] {
        if level > yr.start && level < yr.end {
            chart
                .draw_series(DashedLineSeries::new(
                    [(xr.start, level), (xr.end, level)],
                    ctx.px(7.0),
                    ctx.px(4.0),
                    REFERENCE.stroke_width(ctx.width(1.2)),
                ))
                .map_err(fail)?;
        }
    }
    Ok(())
}

/// The reference lines' colour.
pub(super) const REFERENCE: RGBColor = RGBColor(70, 70, 70);
