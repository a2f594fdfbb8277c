//! Figure 4: how firms responded to warnings, county by county.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{
    Area, Axis, Ctx, Draw, Entry, LEGEND_SIZE, Swatch, axes, fail, header, no_data,
};

pub(super) struct Compliance<'a> {
    pub rows: &'a [super::ComplianceRow],
}

const FULL: RGBColor = RGBColor(56, 142, 60);
const PARTIAL: RGBColor = RGBColor(245, 170, 30);
const EVADE: RGBColor = RGBColor(204, 40, 40);
/// The evasion labels: the segment's red, darkened to read as text.
const EVADE_TEXT: RGBColor = RGBColor(160, 25, 25);

const ROW: u32 = 34;
/// Room right of the bars for the evasion labels.
const LABELS: f64 = 78.0;

fn share(v: f64) -> f64 {
    if v.is_finite() {
        v.max(0.0) * 100.0
    } else {
        0.0
    }
}

impl Draw for Compliance<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, (120 + ROW * self.rows.len().max(1) as u32).max(340))
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
        let entries = [
            Entry::new(
                Swatch::Fill(FULL.to_rgba()),
                ctx.t("完全落实", "Full compliance"),
            ),
            Entry::new(
                Swatch::Fill(PARTIAL.to_rgba()),
                ctx.t("部分落实", "Partial compliance"),
            ),
            Entry::new(Swatch::Fill(EVADE.to_rgba()), ctx.t("规避", "Evasion")),
        ];
        let body = header(root, ctx, &entries)?;
        let n = self.rows.len();
        // The first row at the top.
        let y_of = |i: usize| (n - 1 - i) as f64;
        let labels = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let name = ctx.given(&r.county, || format!("County {}", i + 1));
                (y_of(i), name.into_owned())
            })
            .collect();
        let y = Axis {
            lo: -0.5,
            hi: n.max(1) as f64 - 0.5,
            ticks: labels,
            desc: None,
            grid: false,
        };
        let x_ticks: Vec<f64> = (0..=5).map(|k| k as f64 * 20.0).collect();
        let x = Axis::numeric(
            0.0,
            100.0,
            &x_ticks,
            0,
            Some(
                ctx.t("企业预警响应占比 (%)", "Share of firm-warnings (%)")
                    .to_string(),
            ),
        );
        let mut chart = axes(&body, ctx, &x, &y, LABELS)?;
        if n == 0 {
            return no_data(&chart.plotting_area().strip_coord_spec(), ctx);
        }
        let half = 0.31;
        let segments = self.rows.iter().enumerate().flat_map(|(i, r)| {
            let y = y_of(i);
            let (a, b, c) = (share(r.full), share(r.partial), share(r.evade));
            [
                (0.0, a, FULL),
                (a, a + b, PARTIAL),
                (a + b, a + b + c, EVADE),
            ]
            .into_iter()
            .filter(|(x0, x1, _)| x1 > x0)
            .map(move |(x0, x1, colour)| {
                Rectangle::new([(x0, y - half), (x1, y + half)], colour.filled())
            })
        });
        chart.draw_series(segments).map_err(fail)?;

        // The evasion share right of each bar, under a column heading.
        let plot = chart.plotting_area();
        let (x_range, _) = plot.get_pixel_range();
        let base = body.get_base_pixel();
        let font = ctx.font_coloured(LEGEND_SIZE, EVADE_TEXT);
        let column = x_range.end + ctx.px(LABELS / 2.0) - base.0;
        for (i, r) in self.rows.iter().enumerate() {
            let (_, py) = chart.backend_coord(&(100.0, y_of(i)));
            let text = if r.evade.is_finite() {
                format!("{:.1}%", r.evade * 100.0)
            } else {
                "–".to_string()
            };
            body.draw_text(
                &text,
                &font.pos(Pos::new(HPos::Center, VPos::Center)),
                (column, py - base.1),
            )
            .map_err(fail)?;
        }
        let (_, top) = chart.backend_coord(&(100.0, n as f64 - 0.5));
        body.draw_text(
            ctx.t("规避", "Evasion"),
            &ctx.font(LEGEND_SIZE)
                .pos(Pos::new(HPos::Center, VPos::Bottom)),
            (column, top - base.1 - ctx.px(2.0)),
        )
        .map_err(fail)?;
        Ok(())
    }
}
