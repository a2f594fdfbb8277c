//! The figure of `smogsim evaluate`: a real episode, as observed and as estimated without the
//! plan.

use plotters::prelude::*;

use super::canvas::{
    Area, Axis, Ctx, Draw, Entry, PLAN, Swatch, axes, fail, finite_range, finite_runs, header,
    no_data, value_axis,
};
use super::time_axis::{hour_ticks, offset, reference_lines, shade_warnings, warning_legend};
use super::{EpisodeHour, LevelSpan};

pub(super) struct Episode<'a> {
    pub hours: &'a [EpisodeHour],
    pub warnings: &'a [LevelSpan],
}

const OBSERVED: RGBColor = RGBColor(20, 20, 20);
/// The no-plan estimate: the plan colour of the other figures, as it is the model's.
const ESTIMATE: RGBColor = PLAN;
/// Strong enough to stay blue over the orange shading.
const BAND_ALPHA: f64 = 0.32;

impl Draw for Episode<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 500)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
        let mut entries = vec![
            Entry::new(
                Swatch::Line(OBSERVED, 2.0, false),
                ctx.t(
                    "观测AQI（24小时滑动平均）",
                    "Observed AQI (24-h rolling mean)",
                ),
            ),
            Entry::new(
                Swatch::Line(ESTIMATE, 2.0, true),
                ctx.t("无预案估计（中位数）", "Without the plan: median estimate"),
            ),
            Entry::new(
                Swatch::Fill(ESTIMATE.mix(BAND_ALPHA)),
                ctx.t("无预案估计（P5–P95）", "Without the plan: P5–P95"),
            ),
        ];
        warning_legend(self.warnings.iter(), ctx, &mut entries);
        let body = header(root, ctx, &entries)?;

        let mut hours: Vec<&EpisodeHour> = self.hours.iter().collect();
        hours.sort_by_key(|h| h.time);
        let (origin, span) = match (hours.first(), hours.last()) {
            (Some(a), Some(b)) => (a.time, offset(a.time, b.time, 1.0).max(1.0)),
            _ => (chrono::NaiveDateTime::default(), 24.0),
        };
        let values = hours.iter().flat_map(|h| {
            [
                h.observed.unwrap_or(f64::NAN),
                h.no_plan_p5,
                h.no_plan_p50,
                h.no_plan_p95,
            ]
        });
        let range = finite_range(values);
        let top = range.map_or(0.0, |(_, hi)| hi).max(300.0);
        let (y_lo, y_hi, y_ticks) = value_axis(0.0, top * 1.04, 320.0, 8.0);
        let x = Axis {
            lo: 0.0,
            hi: span,
            ticks: if hours.is_empty() {
                Vec::new()
            } else {
                hour_ticks(origin, span, 12, ctx)
            },
            desc: None,
            grid: true,
        };
        let y = Axis::numeric(y_lo, y_hi, &y_ticks, 0, Some("AQI".to_string()));
        let mut chart = axes(&body, ctx, &x, &y, 20.0)?;
        if range.is_none() {
            return no_data(&chart.plotting_area().strip_coord_spec(), ctx);
        }
        shade_warnings(&mut chart, self.warnings, origin, 1.0)?;

        let at = |h: &EpisodeHour| offset(origin, h.time, 1.0);
        // The band: one polygon per run of hours where both bounds are known.
        let known = |h: &EpisodeHour| h.no_plan_p5.is_finite() && h.no_plan_p95.is_finite();
        let mut i = 0;
        while i < hours.len() {
            let run = hours[i..].iter().take_while(|h| known(h)).count();
            if run > 0 {
                let run = &hours[i..i + run];
                let outline: Vec<(f64, f64)> = run
                    .iter()
                    .map(|h| (at(h), h.no_plan_p5))
                    .chain(run.iter().rev().map(|h| (at(h), h.no_plan_p95)))
                    .collect();
                chart
                    .draw_series([Polygon::new(outline, ESTIMATE.mix(BAND_ALPHA).filled())])
                    .map_err(fail)?;
                i += run.len();
            } else {
                i += 1;
            }
        }
        reference_lines(&mut chart, ctx)?;
        for run in finite_runs(hours.iter().map(|h| (at(h), h.no_plan_p50))) {
            chart
                .draw_series(DashedLineSeries::new(
                    run,
                    ctx.px(7.0),
                    ctx.px(4.0),
                    ESTIMATE.stroke_width(ctx.width(2.0)),
                ))
                .map_err(fail)?;
        }
        let observed = hours
            .iter()
            .map(|h| (at(h), h.observed.unwrap_or(f64::NAN)));
        for run in finite_runs(observed) {
            chart
                .draw_series(LineSeries::new(run, OBSERVED.stroke_width(ctx.width(2.0))))
                .map_err(fail)?;
        }
        Ok(())
    }
}
