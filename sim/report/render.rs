//! Turning a report's numbers into `report.md` and a self-contained `report.html`.
//!
//! Owns the template environment (minijinja; the templates live in `reports/templates/` and are
//! built into the binary, or read from a folder the user gives), the number filters, and the
//! escaping rules: every value a template prints into Markdown is escaped so that text from an
//! input file cannot become markup, and the Markdown is turned into HTML with all raw HTML
//! turned back into text. Figures are inlined as SVG. Knows nothing of what the numbers mean.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, State};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::lang::Lang;

/// The templates built into the binary, by name.
const BUILT_IN: [(&str, &str); 9] = [
    (
        "run.zh.md",
        include_str!("../../reports/templates/run.zh.md"),
    ),
    (
        "run.en.md",
        include_str!("../../reports/templates/run.en.md"),
    ),
    (
        "episode.zh.md",
        include_str!("../../reports/templates/episode.zh.md"),
    ),
    (
        "episode.en.md",
        include_str!("../../reports/templates/episode.en.md"),
    ),
    (
        "macros.md",
        include_str!("../../reports/templates/macros.md"),
    ),
    (
        "problems.zh.md",
        include_str!("../../reports/templates/problems.zh.md"),
    ),
    (
        "problems.en.md",
        include_str!("../../reports/templates/problems.en.md"),
    ),
    (
        "report.html",
        include_str!("../../reports/templates/report.html"),
    ),
    (
        "report.css",
        include_str!("../../reports/templates/report.css"),
    ),
];

const MARKDOWN_NAME: &str = "markdown";

fn is_markdown(e: &AutoEscape) -> bool {
    matches!(e, AutoEscape::Custom(name) if name == MARKDOWN_NAME)
}

/// Escape text for Markdown: punctuation that could start markup gets a backslash, and line
/// breaks become spaces (a cell must stay on its row).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '!' | '~' | '{'
            | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

fn is_nan(v: &Value) -> Option<f64> {
    if v.is_undefined() || v.is_none() {
        return None;
    }
    f64::try_from(v.clone()).ok().filter(|x| x.is_finite())
}

/// `{{ x|num(1) }}`: a number with `digits` decimals; `—` when it does not apply.
fn num(v: Value, digits: Option<usize>) -> Value {
    Value::from_safe_string(match is_nan(&v) {
        Some(x) => format!("{:.*}", digits.unwrap_or(1), x),
        None => "—".to_string(),
    })
}

/// `{{ share|pct(0) }}`: a fraction as a percentage.
fn pct(v: Value, digits: Option<usize>) -> Value {
    Value::from_safe_string(match is_nan(&v) {
        Some(x) => format!("{:.*}%", digits.unwrap_or(0), x * 100.0),
        None => "—".to_string(),
    })
}

/// `{{ stat|span(1) }}`: a stat's P5–P95.
fn span(v: Value, digits: Option<usize>) -> Value {
    let get = |k: &str| v.get_attr(k).ok().and_then(|x| is_nan(&x));
    let d = digits.unwrap_or(1);
    Value::from_safe_string(match (get("p5"), get("p95")) {
        (Some(a), Some(b)) => format!("{a:.d$}–{b:.d$}"),
        _ => "—".to_string(),
    })
}

/// `{{ stat|pspan(0) }}`: a stat of fractions, its P5–P95 as percentages.
fn pspan(v: Value, digits: Option<usize>) -> Value {
    let get = |k: &str| v.get_attr(k).ok().and_then(|x| is_nan(&x));
    let d = digits.unwrap_or(0);
    Value::from_safe_string(match (get("p5"), get("p95")) {
        (Some(a), Some(b)) => format!("{:.d$}–{:.d$}%", a * 100.0, b * 100.0),
        _ => "—".to_string(),
    })
}

/// `{{ stat|ci(1) }}`: the 95 % Monte Carlo interval of a stat's mean, `± x`.
fn ci(v: Value, digits: Option<usize>) -> Value {
    let se = v.get_attr("se").ok().and_then(|x| is_nan(&x));
    Value::from_safe_string(match se {
        Some(s) => format!("±{:.*}", digits.unwrap_or(1), 1.96 * s),
        None => "—".to_string(),
    })
}

fn environment(templates: Option<&Path>) -> anyhow::Result<Environment<'static>> {
    let mut env = Environment::new();
    // Escaping is fixed when a template is added: set the rules first.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN_NAME.into())
        } else {
            minijinja::default_auto_escape_callback(name)
        }
    });
    env.set_formatter(|out, state: &mut State, value: &Value| {
        if is_markdown(state.auto_escape()) && !value.is_safe() {
            let text = if value.is_none() || value.is_undefined() {
                String::new()
            } else {
                value.to_string()
            };
            out.write_str(&escape_markdown(&text))
                .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write"))
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    for (name, text) in BUILT_IN {
        let text = match templates {
            Some(dir) if dir.join(name).exists() => {
                let path = dir.join(name);
                std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read the template {}", path.display()))?
            }
            _ => text.to_string(),
        };
        env.add_template_owned(name, text)
            .with_context(|| format!("template {name}"))?;
    }
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("num", num);
    env.add_filter("pct", pct);
    env.add_filter("span", span);
    env.add_filter("pspan", pspan);
    env.add_filter("ci", ci);
    Ok(env)
}

/// A figure as the report shows it.
pub struct InlineFigure {
    pub name: String,
    pub svg: String,
}

/// The report in both forms.
pub struct Rendered {
    pub markdown: String,
    pub html: String,
}

/// Render `{kind}.{lang}.md` with `data`, then the HTML page around it. `figures` are inlined
/// where the Markdown shows `figures/NAME.svg`.
pub fn render<T: Serialize>(
    kind: &str,
    lang: Lang,
    data: &T,
    figures: &[InlineFigure],
    templates: Option<&Path>,
) -> anyhow::Result<Rendered> {
    let env = environment(templates)?;
    let available: BTreeMap<&str, bool> = figures.iter().map(|f| (f.name.as_str(), true)).collect();
    let ctx = minijinja::context! { r => Value::from(minijinja::value::Serde(data)), figures => available, lang => lang.id() };
    let markdown = env
        .get_template(&format!("{kind}.{lang}.md"))?
        .render(&ctx)
        .with_context(|| format!("rendering the {kind} report ({lang})"))?;
    let markdown = tidy(&markdown);
    let (body, toc, title) = to_html(&markdown, figures);
    let html = env
        .get_template("report.html")?
        .render(minijinja::context! {
            lang => if lang == Lang::Zh { "zh-CN" } else { "en" },
            title => title,
            toc => Value::from(minijinja::value::Serde(&toc)),
            body => Value::from_safe_string(body),
        })?;
    Ok(Rendered { markdown, html })
}

/// Collapse the blank lines template logic leaves, so the Markdown reads cleanly.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_start().to_string()
}

/// One entry of the table of contents.
#[derive(Debug, Clone, Serialize)]
struct TocEntry {
    id: String,
    text: String,
}

/// The HTML body, its table of contents (second-level headings) and its title (the first
/// heading). Raw HTML in the Markdown is shown as text; figure images become inline SVG.
fn to_html(markdown: &str, figures: &[InlineFigure]) -> (String, Vec<TocEntry>, String) {
    let events: Vec<Event> = Parser::new_ext(markdown, Options::ENABLE_TABLES).collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc = Vec::new();
    let mut title = String::new();
    let mut heading: Option<(HeadingLevel, String, usize)> = None;
    let mut k = 0;
    while k < events.len() {
        let ev = &events[k];
        // A paragraph holding only a figure becomes the figure.
        if let (Event::Start(Tag::Paragraph), Some(Event::Start(Tag::Image { dest_url, .. }))) =
            (ev, events.get(k + 1))
            && let Some(end) =
                (k + 2..events.len()).find(|&j| matches!(events[j], Event::End(TagEnd::Image)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)))
        {
            {
                let alt: String = events[k + 2..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => {
                            Some(t.to_string())
                        }
                        _ => None,
                    })
                    .collect();
                out.extend(figure_events(dest_url, alt, figures));
                k = end + 2;
                continue;
            }
        }
        match ev {
            Event::Html(t) | Event::InlineHtml(t) => out.push(Event::Text(t.clone())),
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = format!("s{}", out.len());
                heading = Some((*level, String::new(), out.len()));
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((l, text, at)) = heading.take() {
                    if title.is_empty() {
                        title = text.clone();
                    }
                    if l == HeadingLevel::H2 {
                        toc.push(TocEntry {
                            id: format!("s{at}"),
                            text,
                        });
                    }
                }
                out.push(Event::End(TagEnd::Heading(*level)));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(t);
                }
                out.push(ev.clone());
            }
            _ => out.push(ev.clone()),
        }
        k += 1;
    }
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    (html, toc, title)
}

/// A figure and its caption; a figure the report did not make is said to be missing.
fn figure_events<'a>(dest: &str, caption: String, figures: &[InlineFigure]) -> Vec<Event<'a>> {
    let name = dest
        .strip_prefix("figures/")
        .and_then(|n| n.strip_suffix(".svg"))
        .unwrap_or("");
    // Text events are escaped by pulldown-cmark. The SVG is drawn by smogsim itself: any text
    // in it came through plotters' escaping.
    let html = |s: &str| Event::Html(CowStr::from(s.to_string()));
    let mut out = vec![html("<figure>\n")];
    match figures.iter().find(|f| f.name == name) {
        Some(f) => out.push(html(strip_xml_declaration(&f.svg))),
        None => out.extend([
            html("<p class=\"missing\">"),
            Event::Text(CowStr::from(dest.to_string())),
            html("</p>"),
        ]),
    }
    out.extend([
        html("\n<figcaption>"),
        Event::Text(CowStr::from(caption)),
        html("</figcaption>\n</figure>\n"),
    ]);
    out
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(k) => &svg[k..],
        None => svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_input_text_as_text() {
        let e = escape_markdown("<script>alert(1)</script> | *x* [a](b)\nnext");
        assert_eq!(
            e,
            "\\<script\\>alert(1)\\</script\\> \\| \\*x\\* \\[a\\](b) next"
        );
        let (html, _, _) = to_html(&format!("text {e}\n"), &[]);
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("<em>") && !html.contains("<a "));
    }

    #[test]
    fn raw_html_in_markdown_is_shown_as_text() {
        let (html, _, _) = to_html("<div onclick=\"x()\">hi</div>\n\ninline <b>x</b>\n", &[]);
        assert!(!html.contains("<div") && !html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;div"));
    }

    #[test]
    fn figures_are_inlined_with_captions_and_headings_make_the_contents() {
        let figs = [InlineFigure {
            name: "a".into(),
            svg: "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 1 1\"></svg>".into(),
        }];
        let md = "# Title\n\n## One\n\n![Fig 1 <x>](figures/a.svg)\n\n## Two\n\n![Fig 2](figures/b.svg)\n";
        let (html, toc, title) = to_html(md, &figs);
        assert_eq!(title, "Title");
        assert_eq!(
            toc.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["One", "Two"]
        );
        assert!(html.contains("<figure>\n<svg viewBox"), "{html}");
        assert!(html.contains("<figcaption>Fig 1 &lt;x&gt;</figcaption>"));
        assert!(!html.contains("<?xml"));
        assert!(
            html.contains("class=\"missing\""),
            "a figure not made is said to be missing"
        );
        assert!(!html.contains("<p><figure>"));
    }

    #[test]
    fn number_filters_show_a_dash_for_what_does_not_apply() {
        assert_eq!(num(Value::from(f64::NAN), Some(1)).to_string(), "—");
        assert_eq!(num(Value::from(2.345), Some(2)).to_string(), "2.35");
        assert_eq!(pct(Value::from(0.257), None).to_string(), "26%");
        assert_eq!(pct(Value::UNDEFINED, None).to_string(), "—");
    }
}
