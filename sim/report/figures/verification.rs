//! Figure 5: how well the forecast of heavy pollution verifies, by lead time.

use plotters::prelude::*;

use super::LeadSkill;
use super::canvas::{
    Area, Axis, Ctx, Draw, Entry, Marker, Swatch, axes, draw_marker, fail, finite_runs, header,
    nice_step, no_data, ticks,
};

pub(super) struct Verification<'a> {
    pub rows: &'a [LeadSkill],
}

const HIT: RGBColor = RGBColor(33, 102, 172);
const FALSE_ALARM: RGBColor = RGBColor(204, 60, 40);
const THREAT: RGBColor = RGBColor(40, 130, 70);

impl Draw for Verification<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 470)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
        type Score = fn(&LeadSkill) -> f64;
        let lines: [(Score, RGBColor, Marker, &str); 3] = [
            (
                |r| r.hit_rate,
                HIT,
                Marker::Circle,
                ctx.t("命中率 (POD)", "Hit rate (POD)"),
            ),
            (
                |r| r.false_alarm_ratio,
                FALSE_ALARM,
                Marker::Triangle,
                ctx.t("空报率 (FAR)", "False-alarm ratio (FAR)"),
            ),
            (
                |r| r.threat_score,
                THREAT,
                Marker::Square,
                ctx.t("临界成功指数 (CSI)", "Threat score (CSI)"),
            ),
        ];
        let entries: Vec<Entry> = lines
            .iter()
            .map(|(_, colour, kind, label)| Entry::new(Swatch::LineMarker(*colour, *kind), *label))
            .collect();
        let body = header(root, ctx, &entries)?;

        let mut rows: Vec<&LeadSkill> = self.rows.iter().collect();
        rows.sort_by_key(|r| r.lead_days);
        let (first, last) = match (rows.first(), rows.last()) {
            (Some(a), Some(b)) => (a.lead_days as f64, b.lead_days as f64),
            _ => (1.0, 1.0),
        };
        let step = nice_step(last - first, 12.0).max(1.0).round();
        let x = Axis::numeric(
            first - 0.5,
            last + 0.5,
            &ticks(first, last, step),
            0,
            Some(ctx.t("预报时效（天）", "Lead time (days)").to_string()),
        );
        let x = Axis { grid: false, ..x };
        let y_ticks: Vec<f64> = (0..=5).map(|k| k as f64 * 20.0).collect();
        let y = Axis::numeric(
            0.0,
            100.0,
            &y_ticks,
            0,
            Some(ctx.t("评分 (%)", "Score (%)").to_string()),
        );
        let mut chart = axes(&body, ctx, &x, &y, 20.0)?;
        let any = rows
            .iter()
            .any(|r| lines.iter().any(|(score, ..)| score(r).is_finite()));
        if !any {
            return no_data(&chart.plotting_area().strip_coord_spec(), ctx);
        }
        for (score, colour, _, _) in &lines {
            let points = rows.iter().map(|r| (r.lead_days as f64, score(r) * 100.0));
            for run in finite_runs(points) {
                chart
                    .draw_series(LineSeries::new(run, colour.stroke_width(ctx.width(2.0))))
                    .map_err(fail)?;
            }
        }
        let plot = chart.plotting_area();
        for (score, colour, kind, _) in &lines {
            for r in &rows {
                let v = score(r) * 100.0;
                if v.is_finite() {
                    draw_marker(
                        plot,
                        (r.lead_days as f64, v),
                        *kind,
                        ctx.px(4.5),
                        *colour,
                        Some((WHITE, ctx.width(1.5))),
                    )?;
                }
            }
        }
        Ok(())
    }
}
