//! What every figure shares: rendering to SVG and PNG from one drawing routine, sizes, fonts,
//! colours, the title and legend strip, and the "no data" note.

use std::borrow::Cow;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, FigureResult, png};
use crate::plan::Level;
use crate::report::fonts;
use crate::report::lang::Lang;

pub(super) type Area<DB> = DrawingArea<DB, Shift>;

/// The PNG is drawn at 1.5 times the SVG's size: sharp enough for a printed A4 page at full
/// text width (1500 px over 16 cm, about 240 dpi) while staying at 50–300 kB.
const PNG_SCALE: f64 = 1.5;

/// Browsers draw the SVG's text with their own fonts: name ones that hold Chinese on the common
/// systems before the generic family, which alone often lacks it.
const SVG_FONT_FAMILY: &str = "font-family=\"'WenQuanYi Micro Hei','Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif\"";

/// plotters' font sizes are 1.24 times the em size it writes into SVG (`font-size` = size /
/// 1.24); sizes here are em sizes in SVG pixels, as a reader of the SVG would measure them.
const PLOTTERS_FONT_RATIO: f64 = 1.24;

/// Text sizes (em, SVG pixels). The figures carry no titles: the report's captions name them.
pub(super) const LABEL_SIZE: f64 = 15.0;
pub(super) const TICK_SIZE: f64 = 13.5;
pub(super) const LEGEND_SIZE: f64 = 13.5;

pub(super) const INK: RGBColor = RGBColor(34, 34, 34);
pub(super) const MUTED: RGBColor = RGBColor(100, 100, 100);
pub(super) const GRID: RGBColor = RGBColor(226, 226, 226);
pub(super) const AXIS: RGBColor = RGBColor(140, 140, 140);
/// Results with the plan: a deep blue.
pub(super) const PLAN: RGBColor = RGBColor(33, 102, 172);
/// Results without the plan, as a comparison: a neutral grey.
pub(super) const BASELINE: RGBColor = RGBColor(140, 140, 140);
/// Opacity of the background shading over warning periods.
const SHADE_ALPHA: f64 = 0.18;

/// One rendering: its language, its scale (SVG pixels to backend pixels), and whether its font
/// draws Chinese.
pub(super) struct Ctx {
    pub lang: Lang,
    pub scale: f64,
    pub cjk: bool,
}

impl Ctx {
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    pub fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// A length in SVG pixels, in backend pixels.
    pub fn px(&self, svg_px: f64) -> i32 {
        (svg_px * self.scale).round() as i32
    }

    /// A line width in backend pixels, at least 1.
    pub fn width(&self, svg_px: f64) -> u32 {
        ((svg_px * self.scale).round() as u32).max(1)
    }

    pub fn font(&self, size: f64) -> TextStyle<'static> {
        self.font_coloured(size, INK)
    }

    pub fn font_coloured(&self, size: f64, colour: RGBColor) -> TextStyle<'static> {
        TextStyle {
            font: ("sans-serif", size * PLOTTERS_FONT_RATIO * self.scale).into_font(),
            color: colour.to_backend_color(),
            pos: Pos::new(HPos::Left, VPos::Top),
        }
    }

    /// A label supplied by the caller (a county, a pollutant, a season's title): as given,
    /// unless it is Chinese and this rendering's font cannot draw it, where `fallback` is used
    /// so the PNG shows no empty boxes.
    pub fn given<'a>(&self, text: &'a str, fallback: impl FnOnce() -> String) -> Cow<'a, str> {
        if self.cjk || !text.chars().any(is_cjk) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(fallback())
        }
    }
}

/// Han ideographs, CJK punctuation and full-width forms: what a Latin font lacks.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A figure's size and how to draw it on any backend.
pub(super) trait Draw {
    /// Width and height in SVG pixels.
    fn size(&self) -> (u32, u32);

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, ctx: &Ctx) -> Result<(), String>;
}

/// What went wrong in plotters, as the figures' error text.
pub(super) fn fail(e: impl std::fmt::Display) -> String {
    format!("drawing a figure failed: {e}")
}

/// Draw `figure` as SVG (in `lang`) and as PNG (in `lang` if the font draws Chinese, else in
/// English, so the bitmap never shows empty boxes).
pub(super) fn render(figure: &impl Draw, lang: Lang) -> FigureResult {
    fonts::ensure()?;
    let (width, height) = figure.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let ctx = Ctx {
            lang,
            scale: 1.0,
            cjk: true,
        };
        figure.draw(&root, &ctx)?;
        root.present().map_err(fail)?;
    }
    let svg = tidy_font_sizes(&svg.replace("font-family=\"sans-serif\"", SVG_FONT_FAMILY));

    let cjk = fonts::has_cjk();
    let ctx = Ctx {
        lang: if cjk { lang } else { Lang::En },
        scale: PNG_SCALE,
        cjk,
    };
    let (w, h) = (
        (width as f64 * PNG_SCALE).round() as u32,
        (height as f64 * PNG_SCALE).round() as u32,
    );
    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        figure.draw(&root, &ctx)?;
        root.present().map_err(fail)?;
    }
    Ok(Figure {
        svg,
        png: png::encode_rgb(w, h, &rgb)?,
    })
}

/// plotters writes font sizes as computed (13.499999999999998): round them to two decimals.
fn tidy_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(size) => out.push_str(&tidy(size, 2)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

pub(super) fn level_name(level: Level, ctx: &Ctx) -> &'static str {
    match level {
        Level::Advisory => ctx.t("提示信息", "Advisory"),
        Level::Yellow => ctx.t("黄色预警", "Yellow warning"),
        Level::Orange => ctx.t("橙色预警", "Orange warning"),
        Level::Red => ctx.t("红色预警", "Red warning"),
    }
}

pub(super) fn level_colour(level: Level) -> RGBColor {
    match level {
        Level::Advisory => RGBColor(150, 150, 150),
        Level::Yellow => RGBColor(255, 220, 0),
        Level::Orange => RGBColor(255, 126, 0),
        Level::Red => RGBColor(230, 0, 0),
    }
}

/// The advisory is a notice without measures: shaded fainter than the warnings.
pub(super) fn level_shade(level: Level) -> RGBAColor {
    let alpha = if level.is_warning() {
        SHADE_ALPHA
    } else {
        0.12
    };
    level_colour(level).mix(alpha)
}

/// A number with at most `decimals` decimals, trailing zeros dropped (12.0 → "12", 0.5 →
/// "0.5"), for tick labels.
pub(super) fn tidy(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// Tick spacing of about `target` ticks over `span`: 1, 2 or 5 times a power of ten (not 2.5,
/// which would put ticks between whole days).
pub(super) fn nice_step(span: f64, target: f64) -> f64 {
    if span.is_nan() || span <= 0.0 || span.is_infinite() {
        return 1.0;
    }
    let raw = span / target.max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// Decimals that tell ticks `step` apart.
pub(super) fn decimals_for(step: f64) -> usize {
    if step.is_nan() || step <= 0.0 || step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil().clamp(0.0, 6.0) as usize
    }
}

/// Multiples of `step` within `lo..=hi`.
pub(super) fn ticks(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    if step.is_nan() || step <= 0.0 || !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last.min(first.saturating_add(200)))
        .map(|k| k as f64 * step)
        .collect()
}

/// The range `lo..hi` widened to the ticks around it, with the ticks; a single value gets a
/// range around it, and no value the range `0..fallback_hi`.
pub(super) fn value_axis(lo: f64, hi: f64, fallback_hi: f64, target: f64) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else if lo.is_finite() && hi.is_finite() {
        // One value: show it in the middle of a range around it.
        let half = (lo.abs() * 0.5).max(fallback_hi * 0.5).max(1e-9);
        ((lo - half).max(0.0_f64.min(lo)), hi + half)
    } else {
        (0.0, fallback_hi)
    };
    let step = nice_step(hi - lo, target);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    (lo, hi, ticks(lo, hi, step))
}

/// How a legend entry is drawn.
#[derive(Clone)]
pub(super) enum Swatch {
    /// A filled box.
    Fill(RGBAColor),
    /// A box outlined in the colour with a light fill.
    Hollow(RGBColor),
    /// A line sample (width in SVG px), dashed or solid.
    Line(RGBColor, f64, bool),
    /// A line with a marker on it.
    LineMarker(RGBColor, Marker),
    /// A marker alone.
    Marker(RGBColor, Marker),
    /// A filled box with a whisker through it.
    Whisker(RGBColor),
    /// No sample: the label introduces the entries after it.
    Text,
}

/// Point markers, distinguishable without colour.
#[derive(Clone, Copy)]
pub(super) enum Marker {
    Circle,
    Triangle,
    Square,
    Diamond,
}

pub(super) struct Entry {
    pub swatch: Swatch,
    pub label: String,
}

impl Entry {
    pub fn new(swatch: Swatch, label: impl Into<String>) -> Entry {
        Entry {
            swatch,
            label: label.into(),
        }
    }
}

/// Draw a marker of radius `r` (backend pixels) centred on `at`, in the area's coordinates,
/// with an optional edge (colour, width) that sets it off from lines beneath.
pub(super) fn draw_marker<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    kind: Marker,
    r: i32,
    colour: RGBColor,
    edge: Option<(RGBColor, u32)>,
) -> Result<(), String>
where
    CT::From: Clone + 'static,
{
    let fill = colour.filled();
    let points: Vec<(i32, i32)> = match kind {
        Marker::Circle => {
            if let Some((c, w)) = edge {
                let element =
                    EmptyElement::at(at.clone()) + Circle::new((0, 0), r as u32 + w, c.filled());
                area.draw(&element).map_err(fail)?;
            }
            let element = EmptyElement::at(at) + Circle::new((0, 0), r as u32, fill);
            return area.draw(&element).map_err(fail);
        }
        Marker::Triangle => {
            let h = (r as f64 * 1.2).round() as i32;
            vec![(0, -h), (h, h * 3 / 4), (-h, h * 3 / 4)]
        }
        Marker::Square => {
            let s = (r as f64 * 0.9).round() as i32;
            vec![(-s, -s), (s, -s), (s, s), (-s, s)]
        }
        Marker::Diamond => {
            let d = (r as f64 * 1.3).round() as i32;
            vec![(0, -d), (d, 0), (0, d), (-d, 0)]
        }
    };
    let outline: Vec<(i32, i32)> = points
        .iter()
        .copied()
        .chain(points.first().copied())
        .collect();
    let element = EmptyElement::at(at.clone()) + Polygon::new(points, fill);
    area.draw(&element).map_err(fail)?;
    if let Some((c, w)) = edge {
        let element = EmptyElement::at(at) + PathElement::new(outline, c.stroke_width(w));
        area.draw(&element).map_err(fail)?;
    }
    Ok(())
}

/// Draw a legend across the top of `area`, where it covers no data; the rest of the area below.
pub(super) fn header<DB: DrawingBackend>(
    area: &Area<DB>,
    ctx: &Ctx,
    entries: &[Entry],
) -> Result<Area<DB>, String> {
    let top = ctx.px(10.0);
    let height = legend(area, ctx, entries, ctx.px(16.0), top)?;
    let (_, rest) = area.split_vertically(top + height + ctx.px(4.0));
    Ok(rest)
}

/// Lay out `entries` in rows from (`left`, `top`), wrapping at the area's width; the height
/// used.
fn legend<DB: DrawingBackend>(
    area: &Area<DB>,
    ctx: &Ctx,
    entries: &[Entry],
    left: i32,
    top: i32,
) -> Result<i32, String> {
    if entries.is_empty() {
        return Ok(0);
    }
    let font = ctx.font_coloured(LEGEND_SIZE, INK);
    let (swatch_w, gap, spacing) = (ctx.px(24.0), ctx.px(6.0), ctx.px(22.0));
    let row_h = ctx.px(LEGEND_SIZE * 1.2 + 7.0);
    let right = area.dim_in_pixel().0 as i32 - ctx.px(16.0);
    let (mut x, mut y) = (left, top);
    for entry in entries {
        let (text_w, _) = area.estimate_text_size(&entry.label, &font).map_err(fail)?;
        let sample = match entry.swatch {
            Swatch::Text => 0,
            _ => swatch_w + gap,
        };
        let width = sample + text_w as i32;
        if x > left && x + width > right {
            x = left;
            y += row_h;
        }
        let mid = y + row_h / 2;
        draw_swatch(area, ctx, &entry.swatch, (x, mid), swatch_w)?;
        let style = font.pos(Pos::new(HPos::Left, VPos::Center));
        area.draw_text(&entry.label, &style, (x + sample, mid))
            .map_err(fail)?;
        x += width
            + match entry.swatch {
                Swatch::Text => gap,
                _ => spacing,
            };
    }
    Ok(y + row_h - top)
}

fn draw_swatch<DB: DrawingBackend>(
    area: &Area<DB>,
    ctx: &Ctx,
    swatch: &Swatch,
    (x, mid): (i32, i32),
    w: i32,
) -> Result<(), String> {
    let h = ctx.px(6.0);
    let r = ctx.px(4.5);
    match swatch {
        Swatch::Text => Ok(()),
        Swatch::Fill(colour) => area
            .draw(&Rectangle::new(
                [(x, mid - h), (x + w, mid + h)],
                colour.filled(),
            ))
            .map_err(fail),
        Swatch::Hollow(colour) => {
            area.draw(&Rectangle::new(
                [(x, mid - h), (x + w, mid + h)],
                colour.mix(0.12).filled(),
            ))
            .map_err(fail)?;
            area.draw(&Rectangle::new(
                [(x, mid - h), (x + w, mid + h)],
                colour.stroke_width(ctx.width(1.5)),
            ))
            .map_err(fail)
        }
        Swatch::Line(colour, width, dashed) => {
            let style = colour.stroke_width(ctx.width(*width));
            if *dashed {
                let dash = ctx.px(6.0);
                let mut x0 = x;
                while x0 < x + w {
                    let x1 = (x0 + dash).min(x + w);
                    area.draw(&PathElement::new(vec![(x0, mid), (x1, mid)], style))
                        .map_err(fail)?;
                    x0 = x1 + ctx.px(3.0);
                }
                Ok(())
            } else {
                area.draw(&PathElement::new(vec![(x, mid), (x + w, mid)], style))
                    .map_err(fail)
            }
        }
        Swatch::LineMarker(colour, kind) => {
            area.draw(&PathElement::new(
                vec![(x, mid), (x + w, mid)],
                colour.stroke_width(ctx.width(2.0)),
            ))
            .map_err(fail)?;
            draw_marker(
                area,
                (x + w / 2, mid),
                *kind,
                r,
                *colour,
                Some((WHITE, ctx.width(1.0))),
            )
        }
        Swatch::Marker(colour, kind) => {
            draw_marker(area, (x + w / 2, mid), *kind, r, *colour, None)
        }
        Swatch::Whisker(colour) => {
            area.draw(&Rectangle::new(
                [(x + w / 4, mid - h + ctx.px(2.0)), (x + w - w / 4, mid + h)],
                colour.filled(),
            ))
            .map_err(fail)?;
            let (top, bottom) = (mid - h - ctx.px(2.0), mid + h - ctx.px(2.0));
            let style = INK.stroke_width(ctx.width(1.3));
            area.draw(&PathElement::new(
                vec![(x + w / 2, top), (x + w / 2, bottom)],
                style,
            ))
            .map_err(fail)?;
            area.draw(&PathElement::new(
                vec![
                    (x + w / 2 - ctx.px(3.0), top),
                    (x + w / 2 + ctx.px(3.0), top),
                ],
                style,
            ))
            .map_err(fail)
        }
    }
}

/// "No data" in the middle of `area` (backend pixels, Shift coordinates).
pub(super) fn no_data<DB: DrawingBackend>(area: &Area<DB>, ctx: &Ctx) -> Result<(), String> {
    let (w, h) = area.dim_in_pixel();
    let style = ctx
        .font_coloured(LABEL_SIZE, MUTED)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(
        ctx.t("无数据", "No data"),
        &style,
        (w as i32 / 2, h as i32 / 2),
    )
    .map_err(fail)
}

/// One axis of a chart: its range, labelled ticks, and description.
pub(super) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
    pub desc: Option<String>,
    /// Grid lines at the ticks.
    pub grid: bool,
}

impl Axis {
    /// A numeric axis over `lo..hi` with the given tick values labelled to `decimals`.
    pub fn numeric(lo: f64, hi: f64, ticks: &[f64], decimals: usize, desc: Option<String>) -> Axis {
        Axis {
            lo,
            hi,
            ticks: ticks.iter().map(|&t| (t, tidy(t, decimals))).collect(),
            desc,
            grid: true,
        }
    }
}

/// A linear axis with exactly the given ticks. plotters' `with_key_points` would do, but its
/// result cannot take a label formatter.
pub(super) struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        if self.hi <= self.lo || !value.is_finite() {
            return (limit.0 + limit.1) / 2;
        }
        // Far-off values still map to far-off pixels, without overflowing i32.
        let share = ((value - self.lo) / (self.hi - self.lo)).clamp(-100.0, 100.0);
        limit.0 + ((limit.1 - limit.0) as f64 * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

pub(super) type Coords = Cartesian2d<Ticked, Ticked>;
pub(super) type Chart<'a, DB> = ChartContext<'a, DB, Coords>;

/// A chart with its axes, tick labels and grid drawn, on `area` with `right` SVG pixels of
/// room after the plot (for labels drawn there).
pub(super) fn axes<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    ctx: &Ctx,
    x: &Axis,
    y: &Axis,
    right: f64,
) -> Result<Chart<'a, DB>, String> {
    let tick_font = ctx.font_coloured(TICK_SIZE, RGBColor(70, 70, 70));
    let desc_font = ctx.font(LABEL_SIZE);
    let widest = y
        .ticks
        .iter()
        .map(|(_, label)| area.estimate_text_size(label, &tick_font).map(|(w, _)| w))
        .try_fold(0, |acc, w| w.map(|w| acc.max(w)))
        .map_err(fail)?;
    let desc_room = |d: &Option<String>| {
        if d.is_some() {
            ctx.px(LABEL_SIZE * 1.25 + 6.0)
        } else {
            0
        }
    };
    let y_area = widest as i32 + ctx.px(12.0) + desc_room(&y.desc);
    let x_area = ctx.px(TICK_SIZE * 1.25 + 10.0) + desc_room(&x.desc);
    let x_keys: Vec<f64> = x.ticks.iter().map(|(t, _)| *t).collect();
    let y_keys: Vec<f64> = y.ticks.iter().map(|(t, _)| *t).collect();
    let mut chart = ChartBuilder::on(area)
        .margin_top(ctx.px(8.0))
        .margin_right(ctx.px(right))
        .margin_left(ctx.px(8.0))
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            Ticked {
                lo: x.lo,
                hi: x.hi,
                ticks: x_keys,
            },
            Ticked {
                lo: y.lo,
                hi: y.hi,
                ticks: y_keys,
            },
        )
        .map_err(fail)?;
    let label_of = |ticks: &[(f64, String)], v: f64| {
        ticks
            .iter()
            .find(|(t, _)| (*t - v).abs() <= 1e-9 * (1.0 + t.abs()))
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let x_fmt = |v: &f64| label_of(&x.ticks, *v);
    let y_fmt = |v: &f64| label_of(&y.ticks, *v);
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(GRID.stroke_width(ctx.width(1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(ctx.width(1.0)))
        .label_style(tick_font.clone())
        .axis_desc_style(desc_font)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .set_all_tick_mark_size(ctx.px(4.0));
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    if let Some(d) = &x.desc {
        mesh.x_desc(d.clone());
    }
    if let Some(d) = &y.desc {
        mesh.y_desc(d.clone());
    }
    mesh.draw().map_err(fail)?;
    Ok(chart)
}

/// Points split into runs of finite values, for lines that break at gaps.
pub(super) fn finite_runs(points: impl IntoIterator<Item = (f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for (x, y) in points {
        if x.is_finite() && y.is_finite() {
            if let Some(run) = runs.last_mut() {
                run.push((x, y));
            }
        } else if runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Smallest and largest finite value, if any.
pub(super) fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}
