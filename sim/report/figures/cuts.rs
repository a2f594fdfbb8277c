//! Figure 3: the emission cuts delivered at each warning level, beside the cuts on paper and
//! the plan's targets.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::LevelCuts;
use super::canvas::{
    Area, Axis, Ctx, Draw, Entry, INK, LABEL_SIZE, PLAN, Swatch, axes, fail, finite_range, header,
    level_colour, level_name, no_data, value_axis,
};

pub(super) struct Cuts<'a> {
    pub levels: &'a [LevelCuts],
}

/// The target tick: dark, so it reads over both bars.
const TARGET: RGBColor = RGBColor(200, 30, 30);
/// The on-paper bar: the delivered bar's colour, hollow.
const PAPER: RGBColor = RGBColor(110, 110, 110);

impl Draw for Cuts<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 480)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
        let entries = [
            Entry::new(
                Swatch::Whisker(PLAN),
                ctx.t(
                    "落实减排比例（均值，P5–P95）",
                    "Delivered cut (mean, P5–P95)",
                ),
            ),
            Entry::new(Swatch::Hollow(PAPER), ctx.t("纸面减排比例", "Cut on paper")),
            Entry::new(Swatch::Line(TARGET, 2.5, false), ctx.t("目标", "Target")),
        ];
        let body = header(root, ctx, &entries)?;
        let levels: Vec<&LevelCuts> = self
            .levels
            .iter()
            .filter(|l| l.level.is_warning())
            .collect();

        // One y scale for all panels, in percent.
        let values = levels.iter().flat_map(|l| {
            l.bars.iter().flat_map(|b| {
                [
                    b.delivered_mean,
                    b.delivered_p5,
                    b.delivered_p95,
                    b.paper,
                    b.target,
                ]
            })
        });
        let range = finite_range(values.map(|v| v * 100.0));
        let (lo, hi) = range.map_or((0.0, 10.0), |(lo, hi)| (lo.min(0.0), hi.max(5.0)));
        let (y_lo, y_hi, y_ticks) = value_axis(lo, hi * 1.08, 10.0, 5.0);
        let y = |first: bool| {
            Axis::numeric(
                y_lo,
                y_hi,
                &y_ticks,
                0,
                first.then(|| ctx.t("减排比例 (%)", "Emission cut (%)").to_string()),
            )
        };

        if levels.is_empty() {
            let x = Axis {
                lo: 0.0,
                hi: 1.0,
                ticks: Vec::new(),
                desc: None,
                grid: false,
            };
            let chart = axes(&body, ctx, &x, &y(true), 16.0)?;
            return no_data(&chart.plotting_area().strip_coord_spec(), ctx);
        }
        // The first panel also holds the y axis description: give it that much more width.
        let n = levels.len() as i32;
        let total = body.dim_in_pixel().0 as i32;
        let extra = ctx.px(LABEL_SIZE * 1.25 + 6.0);
        let each = (total - extra) / n;
        let mut breaks: Vec<i32> = (1..n).map(|i| extra + each * i).collect();
        breaks.dedup();
        let panels = body.split_by_breakpoints(breaks, Vec::<i32>::new());
        for (i, (area, level)) in panels.iter().zip(&levels).enumerate() {
            panel(area, ctx, level, y(i == 0))?;
        }
        Ok(())
    }
}

fn panel<DB: DrawingBackend>(
    area: &Area<DB>,
    ctx: &Ctx,
    cuts: &LevelCuts,
    y: Axis,
) -> Result<(), String> {
    let title_h = ctx.px(LABEL_SIZE * 1.3 + 10.0);
    let (title_area, plot_area) = area.split_vertically(title_h);

    let n = cuts.bars.len();
    let labels: Vec<(f64, String)> = cuts
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let name = ctx.given(&b.pollutant, || format!("P{}", i + 1));
            (i as f64, name.into_owned())
        })
        .collect();
    let x = Axis {
        lo: -0.5,
        hi: n.max(1) as f64 - 0.5,
        ticks: labels,
        desc: None,
        grid: false,
    };
    let mut chart = axes(&plot_area, ctx, &x, &y, 10.0)?;

    // The panel's title, over the plot's left edge: the level's name beside a swatch of its
    // colour.
    let left = chart.plotting_area().get_pixel_range().0.start - title_area.get_base_pixel().0;
    let mid = title_h / 2 + ctx.px(2.0);
    let s = ctx.px(6.0);
    title_area
        .draw(&Rectangle::new(
            [(left, mid - s), (left + 2 * s, mid + s)],
            level_colour(cuts.level).filled(),
        ))
        .map_err(fail)?;
    title_area
        .draw_text(
            level_name(cuts.level, ctx),
            &ctx.font(LABEL_SIZE).pos(Pos::new(HPos::Left, VPos::Center)),
            (left + 2 * s + ctx.px(6.0), mid),
        )
        .map_err(fail)?;

    if n == 0 {
        return no_data(&chart.plotting_area().strip_coord_spec(), ctx);
    }
    let pct = |v: f64| v * 100.0;
    let bar_w = 0.34;
    for (i, bar) in cuts.bars.iter().enumerate() {
        let g = i as f64;
        if bar.delivered_mean.is_finite() {
            chart
                .draw_series([Rectangle::new(
                    [(g - bar_w - 0.02, 0.0), (g - 0.02, pct(bar.delivered_mean))],
                    PLAN.filled(),
                )])
                .map_err(fail)?;
        }
        if bar.paper.is_finite() {
            let corners = [(g + 0.02, 0.0), (g + 0.02 + bar_w, pct(bar.paper))];
            chart
                .draw_series([
                    Rectangle::new(corners, PAPER.mix(0.12).filled()),
                    Rectangle::new(corners, PAPER.stroke_width(ctx.width(1.5))),
                ])
                .map_err(fail)?;
        }
        if bar.delivered_p5.is_finite() && bar.delivered_p95.is_finite() {
            let xc = g - 0.02 - bar_w / 2.0;
            let cap = bar_w * 0.22;
            let style = INK.stroke_width(ctx.width(1.3));
            let (p5, p95) = (pct(bar.delivered_p5), pct(bar.delivered_p95));
            chart
                .draw_series([
                    PathElement::new(vec![(xc, p5), (xc, p95)], style),
                    PathElement::new(vec![(xc - cap, p5), (xc + cap, p5)], style),
                    PathElement::new(vec![(xc - cap, p95), (xc + cap, p95)], style),
                ])
                .map_err(fail)?;
        }
        if bar.target.is_finite() {
            let t = pct(bar.target);
            chart
                .draw_series([PathElement::new(
                    vec![(g - bar_w - 0.1, t), (g + bar_w + 0.1, t)],
                    TARGET.stroke_width(ctx.width(2.5)),
                )])
                .map_err(fail)?;
        }
    }
    Ok(())
}
