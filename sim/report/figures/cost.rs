//! Figure 6: what each season's plan cost against the heavy days it avoided.

use std::collections::BTreeMap;

use plotters::prelude::*;

use super::canvas::{
    Area, Axis, Ctx, Draw, Entry, MUTED, Marker, PLAN, Swatch, axes, decimals_for, draw_marker,
    fail, finite_range, header, no_data, value_axis,
};

pub(super) struct CostBenefit<'a> {
    pub cost: &'a [f64],
    pub benefit: &'a [f64],
}

/// Opacity of one season's point.
const POINT_ALPHA: f64 = 0.2;
/// Height (days) of the band a row of whole-day values is spread over.
const JITTER: f64 = 0.5;
/// Side (SVG px) of the cells points are merged in.
const CELL: f64 = 3.0;
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
        // Whole-day benefits stack on a few rows where overlapping points hide how many there
        // are: spread each row a little, by a fixed pseudo-random amount per season.
        let whole_days = points.iter().all(|(_, b)| b.fract() == 0.0);
        let jitter = whole_days && n > 1;
        let count = match (ctx.zh(), jitter) {
            (true, true) => format!("各季（{n} 季，纵向微移以显示密度）"),
            (true, false) => format!("各季（{n} 季）"),
            (false, true) => format!("Seasons ({}, jittered vertically)", thousands(n)),
            (false, false) => format!("Seasons ({})", thousands(n)),
        };
        let mean_label = match mean {
            Some((mx, my)) if ctx.zh() => {
                format!("均值：损失 {mx:.2} 亿元，避免 {my:.1} 天")
            }
            Some((mx, my)) => {
                format!("Mean: {mx:.2} hundred million yuan lost, {my:.1} days avoided")
            }
            None => ctx.t("均值", "Mean").to_string(),
        };
        let entries = [
            Entry::new(Swatch::Marker(PLAN, Marker::Circle), count),
            Entry::new(Swatch::Marker(MEAN, Marker::Diamond), mean_label),
        ];
        let body = header(root, ctx, &entries)?;

        let xs = finite_range(points.iter().map(|p| p.0));
        let ys = finite_range(points.iter().map(|p| p.1));
        let (x_lo, x_hi, x_ticks) = match xs {
            Some((lo, hi)) => value_axis(lo.min(0.0), hi * 1.03, 1.0, 8.0),
            None => value_axis(0.0, 1.0, 1.0, 5.0),
        };
        let (mut y_lo, mut y_hi, mut y_ticks) = match ys {
            Some((lo, hi)) => value_axis(lo.min(0.0), hi + (hi - lo.min(0.0)) * 0.04, 1.0, 6.0),
            None => value_axis(0.0, 1.0, 1.0, 5.0),
        };
        if let (true, Some((lo, hi))) = (jitter, ys) {
            // Room for the spread rows at both ends, without ticks below zero days.
            y_lo = y_lo.min(lo - JITTER * 0.6);
            y_hi = y_hi.max(hi + JITTER * 0.6);
            y_ticks.retain(|t| *t >= lo.min(0.0));
        }
        let decimals = |ticks: &[f64]| {
            decimals_for(ticks.windows(2).map(|w| w[1] - w[0]).next().unwrap_or(1.0))
        };
        let x = Axis::numeric(
            x_lo,
            x_hi,
            &x_ticks,
            decimals(&x_ticks),
            Some(
                ctx.t("经济损失（亿元）", "Lost output (100 million yuan)")
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

        // Seasons landing in one small cell are drawn once, as opaque as their overlapping
        // points would be: the same picture, but an SVG of thousands of circles rather than
        // tens of thousands. The BTreeMap keeps the drawing order, and so the bytes, fixed.
        let cell = ctx.px(CELL).max(1);
        let mut cells: BTreeMap<(i32, i32), u32> = BTreeMap::new();
        for (i, &(x, y)) in points.iter().enumerate() {
            let y = if jitter {
                y + JITTER * (unit(i) - 0.5)
            } else {
                y
            };
            let (px, py) = chart.backend_coord(&(x, y));
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

/// A number in 0..1 fixed by `i` (the SplitMix64 finaliser).
fn unit(i: usize) -> f64 {
    let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// 10000 → "10,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
