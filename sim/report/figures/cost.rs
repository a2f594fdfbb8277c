//! Figure 6: what each season's plan cost against the heavy days it avoided.

use std::collections::BTreeMap;

use plotters::prelude::*;

use super::canvas::{
    Area, Axis, Ctx, Draw, Entry, MUTED, Marker, PLAN, Swatch, axes, draw_marker, fail,
    finite_range, header, no_data, value_axis,
};

pub(super) struct CostBenefit<'a> {
    pub cost: &'a [f64],
    pub benefit: &'a [f64],
}

/// Opacity of one season's point.
const POINT_ALPHA: f64 = 0.2;
const MEAN: RGBColor = RGBColor(214, 96, 40);

impl Draw for CostBenefit<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 560)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
        let points: Vec<(f64, f64)> = self
            .cost
            .iter()
            .zip(self.benefit)
            .map(|(c, b)| (*c, *b))
            .filter(|(c, b)| c.is_finite() && b.is_finite())
            .collect();
        let n = points.len();
        let mean = (n > 0).then(|| {
            let (sx, sy) = points
                .iter()
                .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
            (sx / n as f64, sy / n as f64)
        });
        let count = if ctx.zh() {
            format!("各季（{n} 季）")
        } else {
            format!("Seasons ({n})")
        };
        let mean_label = match mean {
            Some((mx, my)) if ctx.zh() => {
                format!("均值：损失 {mx:.2} 亿元，避免 {my:.1} 天")
            }
            Some((mx, my)) => format!("Mean: {mx:.2} × 10⁸ yuan lost, {my:.1} days avoided"),
            None => ctx.t("均值", "Mean").to_string(),
        };
        let entries = [
            Entry::new(Swatch::Marker(PLAN, Marker::Circle), count),
            Entry::new(Swatch::Marker(MEAN, Marker::Diamond), mean_label),
        ];
        let body = header(root, ctx, "", &entries)?;

        let xs = finite_range(points.iter().map(|p| p.0));
        let ys = finite_range(points.iter().map(|p| p.1));
        let (x_lo, x_hi, x_ticks) = match xs {
            Some((lo, hi)) => value_axis(lo.min(0.0), hi * 1.03, 1.0, 8.0),
            None => value_axis(0.0, 1.0, 1.0, 5.0),
        };
        let (y_lo, y_hi, y_ticks) = match ys {
            Some((lo, hi)) => value_axis(lo.min(0.0), hi + (hi - lo.min(0.0)) * 0.04, 1.0, 6.0),
            None => value_axis(0.0, 1.0, 1.0, 5.0),
        };
        let decimals = |ticks: &[f64]| {
            let step = ticks.windows(2).map(|w| w[1] - w[0]).next().unwrap_or(1.0);
            if step >= 1.0 {
                0
            } else if step >= 0.1 {
                1
            } else {
                2
            }
        };
        let x = Axis::numeric(
            x_lo,
            x_hi,
            &x_ticks,
            decimals(&x_ticks),
            Some(
                ctx.t("经济损失（亿元）", "Lost output (10⁸ yuan)")
                    .to_string(),
            ),
        );
        let y = Axis::numeric(
            y_lo,
            y_hi,
            &y_ticks,
            decimals(&y_ticks),
            Some(
                ctx.t("避免的重污染天数（天）", "Heavy days avoided")
                    .to_string(),
            ),
        );
        let mut chart = axes(&body, ctx, &x, &y, 20.0)?;
        let Some((mx, my)) = mean else {
            return no_data(&chart.plotting_area().strip_coord_spec(), ctx);
        };

        // Seasons landing on one small cell are drawn once, as opaque as their overlapping
        // points would be: the same picture, but an SVG of thousands of circles rather than
        // tens of thousands. The BTreeMap keeps the drawing order, and so the bytes, fixed.
        let cell = ctx.px(2.0).max(1);
        let mut cells: BTreeMap<(i32, i32), u32> = BTreeMap::new();
        for p in &points {
            let (px, py) = chart.backend_coord(p);
            *cells
                .entry((px.div_euclid(cell), py.div_euclid(cell)))
                .or_default() += 1;
        }
        let plot = chart.plotting_area().strip_coord_spec();
        let (ox, oy) = plot.get_base_pixel();
        let r = ctx.px(2.4).max(1) as u32;
        for (&(cx, cy), &k) in &cells {
            let alpha = 1.0 - (1.0 - POINT_ALPHA).powi(k as i32);
            let alpha = (alpha * 100.0).round() / 100.0;
            let centre = (cx * cell + cell / 2 - ox, cy * cell + cell / 2 - oy);
            plot.draw(&Circle::new(centre, r, PLAN.mix(alpha).filled()))
                .map_err(fail)?;
        }

        // The mean: cross-hairs to both axes, and a marker.
        let guide = MUTED.stroke_width(ctx.width(1.0));
        chart
            .draw_series(DashedLineSeries::new(
                [(mx, y_lo), (mx, my)],
                ctx.px(5.0),
                ctx.px(4.0),
                guide,
            ))
            .map_err(fail)?;
        chart
            .draw_series(DashedLineSeries::new(
                [(x_lo, my), (mx, my)],
                ctx.px(5.0),
                ctx.px(4.0),
                guide,
            ))
            .map_err(fail)?;
        draw_marker(
            chart.plotting_area(),
            (mx, my),
            Marker::Diamond,
            ctx.px(7.0),
            MEAN,
            Some((WHITE, ctx.width(1.5))),
        )?;
        Ok(())
    }
}
