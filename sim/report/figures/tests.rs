//! Tests of every figure, with plausible sample data; `SMOGSIM_FIGURE_DUMP` also writes them
//! out for a human to look at.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::*;
use crate::report::fonts;

/// Whether figures can be drawn here; tests return early where not (as the command degrades
/// with a message without a font).
fn font_ok() -> bool {
    fonts::ensure().is_ok()
}

/// A deterministic stream of numbers in 0..1 (tests need no seeded RNG crate).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-12), self.next());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A winter of daily AQI with a few episodes, and warnings over the worst of them.
pub(super) fn sample_season(title: &str, seed: u64, severity: f64) -> SeasonSeries {
    let mut noise = Noise(seed);
    let first = NaiveDate::from_ymd_opt(2025, 11, 15).unwrap();
    let mut days = Vec::new();
    let mut warnings = Vec::new();
    let mut level = 80.0;
    let mut in_warning: Option<(Level, NaiveDateTime)> = None;
    for i in 0..121 {
        let date = first + Duration::days(i);
        let episode = ((i as f64 / 121.0 * 9.0).sin().max(0.0)).powi(3) * 220.0 * severity;
        level = 0.6 * level + 0.4 * (70.0 + episode + 35.0 * noise.normal());
        let baseline = level.max(15.0);
        let warn = match baseline {
            b if b > 300.0 => Some(Level::Red),
            b if b > 240.0 => Some(Level::Orange),
            b if b > 190.0 => Some(Level::Yellow),
            b if b > 160.0 => Some(Level::Advisory),
            _ => None,
        };
        let cut = match warn {
            Some(Level::Red) => 0.2,
            Some(Level::Orange) => 0.14,
            Some(Level::Yellow) => 0.08,
            _ => 0.0,
        };
        let start = date.and_hms_opt(0, 0, 0).unwrap();
        match (in_warning, warn) {
            (Some((l, s)), w) if w != Some(l) => {
                warnings.push(LevelSpan {
                    level: l,
                    start: s,
                    end: start,
                });
                in_warning = w.map(|w| (w, start));
            }
            (None, Some(w)) => in_warning = Some((w, start)),
            _ => {}
        }
        days.push(DayAqi {
            date,
            plan: baseline * (1.0 - cut),
            baseline,
        });
    }
    if let Some((l, s)) = in_warning {
        warnings.push(LevelSpan {
            level: l,
            start: s,
            end: at(2026, 3, 16, 0),
        });
    }
    SeasonSeries {
        title: title.to_string(),
        days,
        warnings,
    }
}

pub(super) fn sample_heavy_days() -> (Vec<f64>, Vec<f64>) {
    let mut noise = Noise(7);
    let (mut plan, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..10_000 {
        let b = (16.0 + 6.0 * noise.normal()).round().max(0.0);
        baseline.push(b);
        plan.push((b - (3.0 + 2.0 * noise.normal()).round().max(0.0)).max(0.0));
    }
    (plan, baseline)
}

pub(super) fn sample_cuts(lang: Lang) -> Vec<LevelCuts> {
    let names = match lang {
        Lang::Zh => ["SO₂", "NOx", "PM", "VOCs", "SO₂+NOx"],
        Lang::En => ["SO₂", "NOx", "PM", "VOCs", "SO₂+NOx"],
    };
    let target = [(0.1, 0.1), (0.2, 0.2), (0.3, 0.3)];
    [Level::Yellow, Level::Orange, Level::Red]
        .into_iter()
        .zip(target)
        .enumerate()
        .map(|(i, (level, (t, _)))| LevelCuts {
            level,
            bars: names
                .iter()
                .enumerate()
                .map(|(j, name)| {
                    let paper = t + 0.04 + 0.02 * j as f64;
                    let mean = paper * (0.72 - 0.04 * i as f64);
                    CutBar {
                        pollutant: name.to_string(),
                        delivered_mean: mean,
                        delivered_p5: mean * 0.7,
                        delivered_p95: mean * 1.22,
                        paper,
                        target: if j == 4 { f64::NAN } else { t },
                    }
                })
                .collect(),
        })
        .collect()
}

pub(super) fn sample_compliance() -> Vec<ComplianceRow> {
    let counties = [
        "东昌府区",
        "临清市",
        "阳谷县",
        "莘县",
        "茌平区",
        "东阿县",
        "冠县",
        "高唐县",
        "经济技术开发区",
        "高新技术产业开发区",
    ];
    let mut noise = Noise(3);
    counties
        .iter()
        .map(|c| {
            let evade = 0.04 + 0.12 * noise.next();
            let partial = 0.12 + 0.2 * noise.next();
            ComplianceRow {
                county: c.to_string(),
                full: 1.0 - evade - partial,
                partial,
                evade,
            }
        })
        .collect()
}

pub(super) fn sample_skill() -> Vec<LeadSkill> {
    (1..=7)
        .map(|lead| {
            let l = lead as f64;
            LeadSkill {
                lead_days: lead,
                hit_rate: 0.92 - 0.07 * l,
                false_alarm_ratio: 0.12 + 0.055 * l,
                threat_score: 0.78 - 0.085 * l,
            }
        })
        .collect()
}

pub(super) fn sample_cost_benefit() -> (Vec<f64>, Vec<f64>) {
    let mut noise = Noise(11);
    let (mut cost, mut benefit) = (Vec::new(), Vec::new());
    for _ in 0..10_000 {
        let days = (4.0 + 2.2 * noise.normal()).round().max(0.0);
        cost.push((1.8 + 0.55 * days + 0.9 * noise.normal()).max(0.05));
        benefit.push(days);
    }
    (cost, benefit)
}

pub(super) fn sample_episode() -> (Vec<EpisodeHour>, Vec<LevelSpan>) {
    let start = at(2023, 12, 8, 0);
    let mut noise = Noise(5);
    let warnings = vec![
        LevelSpan {
            level: Level::Yellow,
            start: at(2023, 12, 9, 12),
            end: at(2023, 12, 10, 12),
        },
        LevelSpan {
            level: Level::Orange,
            start: at(2023, 12, 10, 12),
            end: at(2023, 12, 12, 20),
        },
    ];
    let hours = (0..6 * 24)
        .map(|h| {
            let t = start + Duration::hours(h);
            let x = h as f64 / 24.0;
            let observed =
                90.0 + 150.0 * (-(x - 3.3f64).powi(2) / 1.4).exp() + 6.0 * noise.normal();
            let active = warnings.iter().any(|w| w.start <= t && t < w.end);
            let uplift = if active { observed * 0.12 } else { 0.0 };
            EpisodeHour {
                time: t,
                observed: (h != 40).then_some(observed),
                no_plan_p5: observed + uplift * 0.4,
                no_plan_p50: observed + uplift,
                no_plan_p95: observed + uplift * 1.7,
            }
        })
        .collect();
    (hours, warnings)
}

/// All seven figures with the sample data, named as in the report.
pub(super) fn all_figures(lang: Lang) -> Vec<(&'static str, FigureResult)> {
    let seasons = vec![
        sample_season("典型季（第 412 季）", 1, 0.9),
        sample_season("最差季（第 7731 季）", 2, 1.4),
    ];
    let (plan, baseline) = sample_heavy_days();
    let (cost, benefit) = sample_cost_benefit();
    let (hours, warnings) = sample_episode();
    vec![
        ("fig1_aqi_seasons", aqi_seasons(&seasons, lang)),
        (
            "fig2_heavy_days",
            heavy_days_distribution(&plan, &baseline, lang),
        ),
        ("fig3_cuts", cuts_vs_target(&sample_cuts(lang), lang)),
        (
            "fig4_compliance",
            compliance_by_county(&sample_compliance(), lang),
        ),
        (
            "fig5_verification",
            forecast_verification(&sample_skill(), lang),
        ),
        ("fig6_cost_benefit", cost_vs_benefit(&cost, &benefit, lang)),
        ("fig7_episode", episode_timeline(&hours, &warnings, lang)),
    ]
}

/// With `SMOGSIM_FIGURE_DUMP` set, write every figure in both languages (to the directory it
/// names, or to `smogsim-figures` in the temporary directory if it names none).
#[test]
fn dump_for_inspection() {
    let Some(dir) = std::env::var_os("SMOGSIM_FIGURE_DUMP") else {
        return;
    };
    if !font_ok() {
        return;
    }
    let dir = match dir.to_str() {
        Some("" | "1") => std::env::temp_dir().join("smogsim-figures"),
        _ => std::path::PathBuf::from(dir),
    };
    std::fs::create_dir_all(&dir).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for (name, figure) in all_figures(lang) {
            let figure = figure.unwrap();
            std::fs::write(dir.join(format!("{name}_{lang}.svg")), &figure.svg).unwrap();
            std::fs::write(dir.join(format!("{name}_{lang}.png")), &figure.png).unwrap();
        }
    }
    eprintln!("figures written to {}", dir.display());
}

#[test]
fn empty_inputs_draw_without_panicking_and_figures_are_deterministic() {
    if !font_ok() {
        return;
    }
    for lang in [Lang::Zh, Lang::En] {
        assert!(aqi_seasons(&[], lang).is_ok());
        assert!(heavy_days_distribution(&[], &[], lang).is_ok());
        assert!(heavy_days_distribution(&[f64::NAN], &[f64::NAN], lang).is_ok());
        assert!(cuts_vs_target(&[], lang).is_ok());
        assert!(compliance_by_county(&[], lang).is_ok());
        assert!(forecast_verification(&[], lang).is_ok());
        assert!(cost_vs_benefit(&[], &[], lang).is_ok());
        assert!(episode_timeline(&[], &[], lang).is_ok());
    }
    let plan = [3.0, 5.0, 5.0, 8.0];
    let base = [4.0, 6.0, 7.0, 9.0];
    let a = heavy_days_distribution(&plan, &base, Lang::Zh).unwrap();
    let b = heavy_days_distribution(&plan, &base, Lang::Zh).unwrap();
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.png, b.png);
    assert!(a.png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(
        a.svg.contains("无预案"),
        "Chinese labels in the Chinese figure"
    );
    let en = heavy_days_distribution(&plan, &base, Lang::En).unwrap();
    assert!(!en.svg.contains("无预案"));
}
