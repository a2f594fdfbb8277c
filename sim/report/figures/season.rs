//! Figure 1: daily AQI over whole seasons, with the plan (bars) and without it (line).

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::SeasonSeries;
use super::canvas::{
    Area, Axis, Ctx, Draw, Entry, LABEL_SIZE, Swatch, axes, fail, finite_range, header, no_data,
    value_axis,
};
use super::time_axis::{month_ticks, reference_lines, shade_warnings, warning_legend};
use crate::aqi::Category;

pub(super) struct Seasons<'a> {
    pub series: &'a [SeasonSeries],
}

const HEADER: u32 = 96;
const PANEL: u32 = 270;

/// The colour of a day's bar: its HJ 633 category's.
fn bar_colour(aqi: f64) -> RGBColor {
    let [r, g, b] = Category::from_aqi(aqi.round().clamp(0.0, u16::MAX as f64) as u16)
        .colour()
        .rgb;
    RGBColor(r, g, b)
}

impl Draw for Seasons<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, HEADER + PANEL * self.series.len().max(1) as u32 + 10)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
        let mut entries = vec![Entry::new(
            Swatch::Text,
            ctx.t(
                "有预案日均AQI，按类别：",
                "Daily AQI with the plan, by category:",
            ),
        )];
        entries.extend(Category::ALL.iter().map(|c| {
            let [r, g, b] = c.colour().rgb;
            let name = if ctx.zh() { c.name_zh() } else { c.name_en() };
            Entry::new(Swatch::Fill(RGBColor(r, g, b).to_rgba()), name)
        }));
        entries.push(Entry::new(
            Swatch::Line(BASELINE_LINE, 1.5, false),
            ctx.t("无预案（基准）", "Without the plan (baseline)"),
        ));
        warning_legend(
            self.series.iter().flat_map(|s| s.warnings.iter()),
            ctx,
            &mut entries,
        );
        let body = header(root, ctx, &entries)?;

        // One y scale for all panels, so that seasons compare at a glance.
        let values = self
            .series
            .iter()
            .flat_map(|s| s.days.iter().flat_map(|d| [d.plan, d.baseline]));
        let top = finite_range(values).map_or(0.0, |(_, hi)| hi).max(320.0);
        let (lo, hi, y_ticks) = value_axis(0.0, top * 1.04, 320.0, 5.0);

        let panels = body.split_evenly((self.series.len().max(1), 1));
        if self.series.is_empty() {
            return empty_panel(&panels[0], ctx, (lo, hi, &y_ticks));
        }
        for (i, (area, series)) in panels.iter().zip(self.series).enumerate() {
            let title = ctx.given(&series.title, || format!("Season {}", i + 1));
            let (title_area, plot_area) = area.split_vertically(ctx.px(LABEL_SIZE * 1.3 + 6.0));
            title_area
                .draw_text(
                    &title,
                    &ctx.font(LABEL_SIZE).pos(Pos::new(HPos::Left, VPos::Bottom)),
                    (ctx.px(16.0), ctx.px(LABEL_SIZE * 1.3 + 4.0)),
                )
                .map_err(fail)?;
            panel(&plot_area, ctx, series, (lo, hi, &y_ticks))?;
        }
        Ok(())
    }
}

const BASELINE_LINE: RGBColor = RGBColor(30, 30, 30);

fn y_axis(ctx: &Ctx, (lo, hi, ticks): (f64, f64, &[f64])) -> Axis {
    Axis::numeric(
        lo,
        hi,
        ticks,
        0,
        Some(ctx.t("日均AQI", "Daily AQI").to_string()),
    )
}

fn empty_panel<DB: DrawingBackend>(
    area: &Area<DB>,
    ctx: &Ctx,
    y: (f64, f64, &[f64]),
) -> Result<(), String> {
    let x = Axis {
        lo: 0.0,
        hi: 1.0,
        ticks: Vec::new(),
        desc: None,
        grid: false,
    };
    let chart = axes(area, ctx, &x, &y_axis(ctx, y), 16.0)?;
    no_data(&chart.plotting_area().strip_coord_spec(), ctx)
}

fn panel<DB: DrawingBackend>(
    area: &Area<DB>,
    ctx: &Ctx,
    series: &SeasonSeries,
    y: (f64, f64, &[f64]),
) -> Result<(), String> {
    let (Some(first), Some(last)) = (
        series.days.iter().map(|d| d.date).min(),
        series.days.iter().map(|d| d.date).max(),
    ) else {
        return empty_panel(area, ctx, y);
    };
    let day = |date: NaiveDate| (date - first).num_days() as f64;
    let span = day(last) + 1.0;
    let x = Axis {
        lo: 0.0,
        hi: span,
        ticks: month_ticks(first, span, ctx),
        desc: None,
        grid: true,
    };
    let mut chart = axes(area, ctx, &x, &y_axis(ctx, y), 16.0)?;
    let origin = first.and_time(chrono::NaiveTime::MIN);
    shade_warnings(&mut chart, &series.warnings, origin, 24.0)?;
    chart
        .draw_series(
            series
                .days
                .iter()
                .filter(|d| d.plan.is_finite() && d.plan > 0.0)
                .map(|d| {
                    let x = day(d.date);
                    Rectangle::new(
                        [(x + 0.12, 0.0), (x + 0.88, d.plan)],
                        bar_colour(d.plan).filled(),
                    )
                }),
        )
        .map_err(fail)?;
    reference_lines(&mut chart, ctx)?;
    let mut days: Vec<_> = series.days.iter().collect();
    days.sort_by_key(|d| d.date);
    let points = days.iter().map(|d| (day(d.date) + 0.5, d.baseline));
    for run in super::canvas::finite_runs(points) {
        chart
            .draw_series(LineSeries::new(
                run,
                BASELINE_LINE.stroke_width(ctx.width(1.5)),
            ))
            .map_err(fail)?;
    }
    if series
        .days
        .iter()
        .all(|d| !d.plan.is_finite() && !d.baseline.is_finite())
    {
        no_data(&chart.plotting_area().strip_coord_spec(), ctx)?;
    }
    Ok(())
}
