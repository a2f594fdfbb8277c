//! Tests of every figure, with plausible sample data; `SMOGSIM_FIGURE_DUMP` also writes them
//! out for a human to look at.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::*;
use crate::report::fonts;

/// Whether figures can be drawn here; tests return early where not (as the command degrades
/// with a message without a font).
/// Whether a font is there to draw with. Without one a figure test has nothing to check; in CI
/// (which installs one) a missing font fails instead of passing silently.
fn font_ok() -> bool {
    let ok = fonts::ensure().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "no font for the figures in CI: .ci/run installs fonts-wqy-microhei"
    );
    ok
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

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
    let empty = [
        ("fig1_empty", aqi_seasons(&[], Lang::Zh)),
        ("fig2_empty", heavy_days_distribution(&[], &[], Lang::Zh)),
        ("fig3_empty", cuts_vs_target(&[], Lang::Zh)),
        ("fig4_empty", compliance_by_county(&[], Lang::Zh)),
        ("fig5_empty", forecast_verification(&[], Lang::Zh)),
        ("fig6_empty", cost_vs_benefit(&[], &[], Lang::Zh)),
        ("fig7_empty", episode_timeline(&[], &[], Lang::Zh)),
    ];
    for (name, figure) in empty {
        std::fs::write(dir.join(format!("{name}.png")), figure.unwrap().png).unwrap();
    }
    for lang in [Lang::Zh, Lang::En] {
        for (name, figure) in all_figures(lang) {
            let figure = figure.unwrap();
            std::fs::write(dir.join(format!("{name}_{lang}.svg")), &figure.svg).unwrap();
            std::fs::write(dir.join(format!("{name}_{lang}.png")), &figure.png).unwrap();
        }
    }
    eprintln!("figures written to {}", dir.display());
}

/// The checks every figure passes: an SVG document with the CJK-capable font list and the
/// expected words, a PNG, the same bytes on a second call, and a PNG that differs between the
/// languages where the font can draw Chinese.
fn check(draw: impl Fn(Lang) -> FigureResult, zh: &[&str], en: &[&str]) -> Figure {
    let first = draw(Lang::Zh).unwrap();
    let english = draw(Lang::En).unwrap();
    for (figure, words) in [(&first, zh), (&english, en)] {
        assert!(figure.svg.starts_with("<svg"), "{}", &figure.svg[..80]);
        assert!(figure.svg.trim_end().ends_with("</svg>"));
        assert!(figure.svg.contains("'WenQuanYi Micro Hei'"));
        assert!(!figure.svg.contains("font-family=\"sans-serif\""));
        for word in words {
            assert!(figure.svg.contains(word), "the SVG lacks {word}");
        }
        assert_eq!(figure.png[..8], PNG_SIGNATURE);
    }
    assert!(
        draw(Lang::Zh).unwrap() == first,
        "the same input gives the same bytes"
    );
    if fonts::has_cjk() {
        assert_ne!(english.png, first.png);
    }
    first
}

/// The figure drawn from nothing, or from nothing but NaN, says so.
fn check_no_data(figure: FigureResult) {
    let figure = figure.unwrap();
    assert!(figure.svg.starts_with("<svg"));
    assert!(figure.svg.contains("无数据"), "no note in the empty figure");
    assert_eq!(figure.png[..8], PNG_SIGNATURE);
}

#[test]
fn seasons_in_both_languages() {
    if !font_ok() {
        return;
    }
    let seasons = [sample_season("典型季（第 412 季）", 1, 0.9)];
    check(
        |lang| aqi_seasons(&seasons, lang),
        &[
            "典型季（第 412 季）",
            "无预案（基准）",
            "日均AQI",
            "重度污染",
            "黄色预警",
            "12月",
        ],
        &[
            "Without the plan (baseline)",
            "Daily AQI",
            "Heavily polluted",
            "Yellow warning",
            "Dec",
        ],
    );
}

#[test]
fn seasons_shade_each_warning_span_once() {
    if !font_ok() {
        return;
    }
    let mut season = sample_season("s", 1, 0.5);
    let day = |d: u32, h: u32| at(2025, 12, d, h);
    season.warnings = vec![
        LevelSpan {
            level: Level::Yellow,
            start: day(1, 0),
            end: day(3, 0),
        },
        LevelSpan {
            level: Level::Yellow,
            start: day(10, 12),
            end: day(12, 0),
        },
        LevelSpan {
            level: Level::Orange,
            start: day(3, 0),
            end: day(5, 0),
        },
        LevelSpan {
            level: Level::Red,
            start: day(5, 0),
            end: day(6, 0),
        },
        // Outside the season: not drawn.
        LevelSpan {
            level: Level::Red,
            start: at(2027, 1, 1, 0),
            end: at(2027, 1, 2, 0),
        },
    ];
    let svg = aqi_seasons(&[season], Lang::Zh).unwrap().svg;
    let shaded = |hex: &str| {
        svg.matches(&format!("opacity=\"0.18\" fill=\"{hex}\""))
            .count()
    };
    // One rectangle per span in the season, and one legend swatch per level.
    assert_eq!(shaded("#FFDC00"), 2 + 1);
    assert_eq!(shaded("#FF7E00"), 1 + 1);
    assert_eq!(shaded("#E60000"), 1 + 1);
    assert!(
        !svg.contains("提示信息"),
        "no advisory span, no advisory legend"
    );
}

#[test]
fn seasons_without_data() {
    if !font_ok() {
        return;
    }
    check_no_data(aqi_seasons(&[], Lang::Zh));
    let nan = SeasonSeries {
        title: "空".into(),
        days: vec![DayAqi {
            date: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
            plan: f64::NAN,
            baseline: f64::NAN,
        }],
        warnings: Vec::new(),
    };
    let empty = SeasonSeries {
        days: Vec::new(),
        ..nan.clone()
    };
    check_no_data(aqi_seasons(&[nan, empty], Lang::Zh));
}

#[test]
fn heavy_days_in_both_languages() {
    if !font_ok() {
        return;
    }
    let plan = [10.0, 12.0, 13.0, 15.0, f64::NAN];
    let baseline = [14.0, 16.0, 18.0, 18.0];
    check(
        |lang| heavy_days_distribution(&plan, &baseline, lang),
        &[
            "有预案",
            "无预案（基准）",
            "季占比 (%)",
            "重度污染天数",
            "有预案均值 12.5 天",
            "无预案均值 16.5 天",
        ],
        &[
            "With the plan",
            "Share of seasons (%)",
            "Heavy-pollution days",
            "Mean with the plan: 12.5 days",
        ],
    );
}

#[test]
fn heavy_days_without_data() {
    if !font_ok() {
        return;
    }
    check_no_data(heavy_days_distribution(&[], &[], Lang::Zh));
    check_no_data(heavy_days_distribution(
        &[f64::NAN],
        &[f64::INFINITY],
        Lang::Zh,
    ));
    // One season, one value: a single bar, no panic.
    let figure = heavy_days_distribution(&[3.0], &[3.0], Lang::En).unwrap();
    assert!(figure.svg.contains("3.0 days"));
    // A very wide spread is binned, not drawn as thousands of bars.
    let wide: Vec<f64> = (0..2000).map(|i| i as f64).collect();
    let figure = heavy_days_distribution(&wide, &wide, Lang::En).unwrap();
    assert!(figure.svg.matches("<rect").count() < 200);
}

#[test]
fn cuts_in_both_languages() {
    if !font_ok() {
        return;
    }
    let levels = sample_cuts(Lang::Zh);
    check(
        |lang| cuts_vs_target(&levels, lang),
        &[
            "落实减排比例",
            "纸面减排比例",
            "目标",
            "黄色预警",
            "橙色预警",
            "红色预警",
            "SO₂+NOx",
            "减排比例 (%)",
        ],
        &[
            "Delivered cut",
            "Cut on paper",
            "Target",
            "Red warning",
            "Emission cut (%)",
        ],
    );
}

#[test]
fn cuts_without_data() {
    if !font_ok() {
        return;
    }
    check_no_data(cuts_vs_target(&[], Lang::Zh));
    let advisory_only = [LevelCuts {
        level: Level::Advisory,
        bars: Vec::new(),
    }];
    check_no_data(cuts_vs_target(&advisory_only, Lang::Zh));
    let nan = CutBar {
        pollutant: "PM".into(),
        delivered_mean: f64::NAN,
        delivered_p5: f64::NAN,
        delivered_p95: f64::NAN,
        paper: f64::NAN,
        target: f64::NAN,
    };
    let levels = [
        LevelCuts {
            level: Level::Yellow,
            bars: vec![nan],
        },
        LevelCuts {
            level: Level::Red,
            bars: Vec::new(),
        },
    ];
    let svg = cuts_vs_target(&levels, Lang::Zh).unwrap().svg;
    assert!(svg.contains("黄色预警") && svg.contains("红色预警") && svg.contains("无数据"));
}

#[test]
fn compliance_in_both_languages() {
    if !font_ok() {
        return;
    }
    let rows = sample_compliance();
    check(
        |lang| compliance_by_county(&rows, lang),
        &[
            "完全落实",
            "部分落实",
            "规避",
            "高新技术产业开发区",
            "企业预警响应占比 (%)",
        ],
        &[
            "Full compliance",
            "Partial compliance",
            "Evasion",
            "东昌府区",
        ],
    );
    let svg = compliance_by_county(&rows[..1], Lang::En).unwrap().svg;
    assert!(
        svg.contains(&format!("{:.1}%", rows[0].evade * 100.0)),
        "the evasion label"
    );
}

#[test]
fn compliance_without_data() {
    if !font_ok() {
        return;
    }
    check_no_data(compliance_by_county(&[], Lang::Zh));
    let nan = ComplianceRow {
        county: "冠县".into(),
        full: f64::NAN,
        partial: f64::NAN,
        evade: f64::NAN,
    };
    let svg = compliance_by_county(&[nan], Lang::Zh).unwrap().svg;
    assert!(svg.contains("冠县") && svg.contains("–"));
}

#[test]
fn verification_in_both_languages() {
    if !font_ok() {
        return;
    }
    let mut rows = sample_skill();
    rows[3].false_alarm_ratio = f64::NAN;
    check(
        |lang| forecast_verification(&rows, lang),
        &["命中率", "空报率", "临界成功指数", "预报时效（天）"],
        &[
            "Hit rate (POD)",
            "False-alarm ratio (FAR)",
            "Threat score (CSI)",
            "Lead time (days)",
        ],
    );
}

#[test]
fn verification_without_data() {
    if !font_ok() {
        return;
    }
    check_no_data(forecast_verification(&[], Lang::Zh));
    let nan = LeadSkill {
        lead_days: 2,
        hit_rate: f64::NAN,
        false_alarm_ratio: f64::NAN,
        threat_score: f64::NAN,
    };
    check_no_data(forecast_verification(&[nan], Lang::Zh));
}

#[test]
fn cost_benefit_in_both_languages_and_compact() {
    if !font_ok() {
        return;
    }
    let (cost, benefit) = sample_cost_benefit();
    check(
        |lang| cost_vs_benefit(&cost, &benefit, lang),
        &["经济损失（亿元）", "避免的重污染天数", "均值", "10000 季"],
        &[
            "Lost output (100 million yuan)",
            "Heavy days avoided",
            "Mean",
            "10,000",
        ],
    );
    let svg = cost_vs_benefit(&cost, &benefit, Lang::Zh).unwrap().svg;
    let circles = svg.matches("<circle").count();
    assert!(
        circles < cost.len() / 2,
        "{circles} circles for {} seasons",
        cost.len()
    );
    assert!(svg.len() < 600_000, "{} bytes of SVG", svg.len());
}

#[test]
fn cost_benefit_without_data() {
    if !font_ok() {
        return;
    }
    check_no_data(cost_vs_benefit(&[], &[], Lang::Zh));
    check_no_data(cost_vs_benefit(
        &[f64::NAN, 1.0],
        &[2.0, f64::NAN],
        Lang::Zh,
    ));
    // One season, and all seasons equal: a point and a mean, no panic.
    cost_vs_benefit(&[1.5], &[2.0], Lang::Zh).unwrap();
    cost_vs_benefit(&[0.0; 5], &[0.0; 5], Lang::Zh).unwrap();
}

#[test]
fn episode_in_both_languages() {
    if !font_ok() {
        return;
    }
    let (hours, warnings) = sample_episode();
    check(
        |lang| episode_timeline(&hours, &warnings, lang),
        &[
            "观测AQI",
            "无预案估计（中位数）",
            "黄色预警",
            "橙色预警",
            "12月9日",
        ],
        &[
            "Observed AQI",
            "Without the plan: median estimate",
            "Orange warning",
            "9 Dec",
        ],
    );
    let svg = episode_timeline(&hours, &warnings, Lang::Zh).unwrap().svg;
    assert_eq!(
        svg.matches("opacity=\"0.18\" fill=\"#FFDC00\"").count(),
        1 + 1
    );
}

#[test]
fn episode_without_data() {
    if !font_ok() {
        return;
    }
    check_no_data(episode_timeline(&[], &[], Lang::Zh));
    let hour = EpisodeHour {
        time: at(2023, 12, 8, 0),
        observed: None,
        no_plan_p5: f64::NAN,
        no_plan_p50: f64::NAN,
        no_plan_p95: f64::NAN,
    };
    check_no_data(episode_timeline(std::slice::from_ref(&hour), &[], Lang::Zh));
    // A single known hour: drawn, not a panic.
    let one = EpisodeHour {
        observed: Some(150.0),
        no_plan_p5: 150.0,
        no_plan_p50: 160.0,
        no_plan_p95: 170.0,
        ..hour
    };
    episode_timeline(&[one], &[], Lang::En).unwrap();
}

/// Values far outside any plausible range.
const WILD: [f64; 8] = [
    f64::MAX,
    -f64::MAX,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    1e300,
    -1e300,
    0.0,
];

#[test]
fn extreme_values_do_not_panic_in_distributions() {
    if !font_ok() {
        return;
    }
    heavy_days_distribution(&WILD, &WILD, Lang::Zh).unwrap();
    cost_vs_benefit(&WILD, &WILD, Lang::Zh).unwrap();
    let bar = CutBar {
        pollutant: String::new(),
        delivered_mean: 1e300,
        delivered_p5: -1e300,
        delivered_p95: f64::INFINITY,
        paper: f64::MAX,
        target: -f64::MAX,
    };
    cuts_vs_target(
        &[LevelCuts {
            level: Level::Orange,
            bars: vec![bar],
        }],
        Lang::Zh,
    )
    .unwrap();
    let row = ComplianceRow {
        county: String::new(),
        full: 1e300,
        partial: -1.0,
        evade: f64::INFINITY,
    };
    compliance_by_county(&[row], Lang::Zh).unwrap();
}

/// The same, and dates at chrono's limits.
#[test]
fn extreme_values_do_not_panic_over_time() {
    if !font_ok() {
        return;
    }
    let last = NaiveDate::MAX;
    let season = SeasonSeries {
        title: "x".into(),
        days: WILD
            .iter()
            .enumerate()
            .map(|(i, v)| DayAqi {
                date: last - Duration::days(i as i64),
                plan: *v,
                baseline: -v,
            })
            .collect(),
        warnings: vec![LevelSpan {
            level: Level::Red,
            start: NaiveDateTime::MIN,
            end: NaiveDateTime::MAX,
        }],
    };
    aqi_seasons(&[season], Lang::Zh).unwrap();
    let skill = |lead, v| LeadSkill {
        lead_days: lead,
        hit_rate: v,
        false_alarm_ratio: -v,
        threat_score: v,
    };
    forecast_verification(&[skill(0, 1e300), skill(u32::MAX, f64::INFINITY)], Lang::Zh).unwrap();
    let hours: Vec<EpisodeHour> = WILD
        .iter()
        .enumerate()
        .map(|(i, v)| EpisodeHour {
            time: NaiveDateTime::MAX - Duration::hours(i as i64),
            observed: Some(*v),
            no_plan_p5: -v,
            no_plan_p50: *v,
            no_plan_p95: *v,
        })
        .collect();
    episode_timeline(&hours, &[], Lang::Zh).unwrap();
}

#[test]
fn month_and_hour_ticks_fall_on_calendar_boundaries() {
    use super::canvas::Ctx;
    use super::time_axis::{hour_ticks, month_ticks};
    let ctx = Ctx {
        lang: Lang::Zh,
        scale: 1.0,
        cjk: true,
    };
    let first = NaiveDate::from_ymd_opt(2025, 11, 15).unwrap();
    let ticks = month_ticks(first, 121.0, &ctx);
    let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["2025年12月", "2026年1月", "2月", "3月"]);
    assert_eq!(ticks[0].0, 16.0);
    let en = Ctx {
        lang: Lang::En,
        ..ctx
    };
    let ticks = hour_ticks(at(2023, 12, 8, 5), 30.0, 12, &en);
    assert_eq!(ticks[0], (1.0, "8 Dec 06:00".to_string()));
    assert_eq!(ticks[1], (4.0, "09:00".to_string()));
    assert_eq!(ticks[6], (19.0, "9 Dec".to_string()));
    let long = hour_ticks(at(2023, 12, 8, 5), 24.0 * 60.0, 12, &en);
    assert!(long.len() <= 12 && long.iter().all(|(x, _)| (x - 19.0) % 24.0 == 0.0));
}

#[test]
fn png_bytes_decode_to_the_drawn_size() {
    let rgb: Vec<u8> = (0..6 * 4 * 3).map(|k| (k * 7 % 256) as u8).collect();
    let bytes = super::png::encode_rgb(6, 4, &rgb).unwrap();
    let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (6, 4));
    assert_eq!(&buf[..info.buffer_size()], rgb.as_slice());
}
