//! Figure 2: how many heavy-pollution days a season has, with and without the plan.

use plotters::prelude::*;

use super::canvas::{
    Area, Axis, BASELINE, Ctx, Draw, Entry, PLAN, Swatch, axes, fail, finite_range, header,
    nice_step, no_data, ticks, value_axis,
};

pub(super) struct HeavyDays<'a> {
    pub plan: &'a [f64],
    pub baseline: &'a [f64],
}

/// At most this many bars per series: past it, counts are grouped into bins of a few days.
const MAX_BINS: f64 = 45.0;

/// Mean lines are darker than the bars they summarise, so they stand out over them.
const PLAN_MEAN: RGBColor = RGBColor(16, 60, 110);
const BASELINE_MEAN: RGBColor = RGBColor(70, 70, 70);

/// A count of days, rounded, and bounded so that arithmetic on bins cannot overflow.
fn whole(v: f64) -> f64 {
    v.round().clamp(-1e9, 1e9)
}

/// Shares (%) of seasons per bin of `width` whole days starting at `lo`, and the mean. Counts
/// are rounded to whole days; non-finite ones are left out.
fn histogram(values: &[f64], lo: i64, width: i64, bins: usize) -> (Vec<f64>, f64) {
    let counted: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| whole(*v))
        .collect();
    let mut shares = vec![0.0; bins];
    for v in &counted {
        let bin = ((*v as i64 - lo).div_euclid(width)) as usize;
        if let Some(s) = shares.get_mut(bin) {
            *s += 1.0;
        }
    }
    let n = counted.len();
    if n > 0 {
        shares.iter_mut().for_each(|s| *s *= 100.0 / n as f64);
    }
    let mean = if n > 0 {
        counted.iter().sum::<f64>() / n as f64
    } else {
        f64::NAN
    };
    (shares, mean)
}

impl Draw for HeavyDays<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 500)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
        let finite = self
            .plan
            .iter()
            .chain(self.baseline)
            .filter(|v| v.is_finite());
        let range = finite_range(finite.map(|v| whole(*v)));
        let (lo, hi) = range.map_or((0, 0), |(lo, hi)| (lo as i64, hi as i64));
        let width = ((hi - lo + 1) as f64 / MAX_BINS).ceil().max(1.0) as i64;
        let first = lo.div_euclid(width) * width;
        let bins = ((hi - first) / width + 1) as usize;
        let (plan, plan_mean) = histogram(self.plan, first, width, bins);
        let (base, base_mean) = histogram(self.baseline, first, width, bins);

        let days = |mean: f64| {
            if mean.is_finite() {
                format!("{mean:.1}")
            } else {
                "–".to_string()
            }
        };
        let entries = [
            Entry::new(
                Swatch::Fill(PLAN.to_rgba()),
                ctx.t("有预案", "With the plan"),
            ),
            Entry::new(
                Swatch::Fill(BASELINE.to_rgba()),
                ctx.t("无预案（基准）", "Without the plan (baseline)"),
            ),
            Entry::new(
                Swatch::Line(PLAN_MEAN, 2.0, true),
                if ctx.zh() {
                    format!("有预案均值 {} 天", days(plan_mean))
                } else {
                    format!("Mean with the plan: {} days", days(plan_mean))
                },
            ),
            Entry::new(
                Swatch::Line(BASELINE_MEAN, 2.0, true),
                if ctx.zh() {
                    format!("无预案均值 {} 天", days(base_mean))
                } else {
                    format!("Mean without the plan: {} days", days(base_mean))
                },
            ),
        ];
        let body = header(root, ctx, &entries)?;

        // Bars are centred on their bin: a bin of whole days a..=b spans a - 0.5 .. b + 0.5.
        let x_lo = first as f64 - 0.5;
        let x_hi = (first + bins as i64 * width) as f64 - 0.5;
        let step = nice_step(x_hi - x_lo, 14.0).max(1.0).round();
        let x_ticks: Vec<f64> = ticks(x_lo, x_hi, step);
        let top = plan.iter().chain(&base).fold(0.0f64, |m, v| m.max(*v));
        let (y_lo, y_hi, y_ticks) = value_axis(0.0, top * 1.08, 10.0, 6.0);
        let x = Axis::numeric(
            x_lo,
            x_hi,
            &x_ticks,
            0,
            Some(
                ctx.t(
                    "每季重度污染天数（AQI > 200，天）",
                    "Heavy-pollution days per season (AQI > 200)",
                )
                .to_string(),
            ),
        );
        let x = Axis { grid: false, ..x };
        let y_decimals = if y_hi < 5.0 { 1 } else { 0 };
        let y = Axis::numeric(
            y_lo,
            y_hi,
            &y_ticks,
            y_decimals,
            Some(ctx.t("季占比 (%)", "Share of seasons (%)").to_string()),
        );
        let mut chart = axes(&body, ctx, &x, &y, 20.0)?;
        if range.is_none() {
            return no_data(&chart.plotting_area().strip_coord_spec(), ctx);
        }
        let w = width as f64;
        // Two bars side by side fill 84 % of the bin.
        let half = 0.42 * w;
        for (shares, colour, side) in [(&plan, PLAN, -1.0), (&base, BASELINE, 0.0)] {
            chart
                .draw_series(
                    shares
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| **s > 0.0)
                        .map(|(i, s)| {
                            let centre = (first + i as i64 * width) as f64 + (w - 1.0) / 2.0;
                            let x0 = centre + side * half;
                            Rectangle::new([(x0, 0.0), (x0 + half, *s)], colour.filled())
                        }),
                )
                .map_err(fail)?;
        }
        for (mean, colour) in [(plan_mean, PLAN_MEAN), (base_mean, BASELINE_MEAN)] {
            if mean.is_finite() {
                chart
                    .draw_series(DashedLineSeries::new(
                        [(mean, y_lo), (mean, y_hi)],
                        ctx.px(8.0),
                        ctx.px(4.0),
                        colour.stroke_width(ctx.width(2.0)),
                    ))
                    .map_err(fail)?;
            }
        }
        Ok(())
    }
}
