//! `smogsim check PLAN_OR_SCENARIO`: validate a plan and print its summary; for a scenario with
//! its city's files, also the planners' list check — the cut the plan promises on paper at each
//! level, for the city and each county, against §4.3's targets.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::agents::on_paper::{LevelCheck, list_check};
use crate::plan::Targets;
use crate::plan::summary::{SummaryOptions, summary};
use crate::world::counties::Counties;
use crate::world::scenario;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable tables.
    Table,
    /// The list check alone, one row per level and unit, for spreadsheets.
    Csv,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
For a scenario folder whose scenario.toml names the city's files ([city]: guide, enterprises,
fleet, dust, behaviour), the check also loads them and prints, for each warning level, the cut
of the whole city's emissions the measures promise if everyone complies fully (\"on paper\"),
per pollutant and per county, against the plan's §4.3 targets and the SO2 + NOx rule, flagging
shortfalls. Emissions are weighted by each sector's heating-season rate (air.toml profiles).

Bad input exits with code 2 and names the file, the row or line, and the column or field.

Examples:
  smogsim check scenarios/liaocheng-2020
  smogsim check scenarios/liaocheng-2020 --format csv > list-check.csv")]
pub struct CheckArgs {
    /// A plan file (plan.toml) or a scenario folder that contains one, e.g.
    /// scenarios/liaocheng-2020.
    pub path: PathBuf,
    /// Also print every measure's text as the plan words it.
    #[arg(long)]
    pub full: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let is_scenario = args.path.is_dir() && args.path.join("scenario.toml").is_file();
    if !is_scenario {
        let (plan, file) = scenario::load_plan(&args.path)?;
        anyhow::ensure!(
            args.format == Format::Table,
            "--format csv prints the list check, which needs a scenario folder with its city's files"
        );
        print_summary(&plan, args.full);
        println!("\n{}: valid", file.display());
        return Ok(());
    }
    let sc = scenario::load_scenario(&args.path)?;
    let checks = sc.city.as_ref().map(|city| {
        let weights: Vec<f64> = sc.air.profiles.iter().map(|p| p.heating).collect();
        list_check(&sc.plan, &sc.counties, city, &weights)
    });
    match args.format {
        Format::Csv => {
            let Some(checks) = checks else {
                anyhow::bail!(
                    "{}: scenario.toml names no [city] files, so there is no list to check",
                    args.path.display()
                );
            };
            print!("{}", csv(&checks, &sc.counties));
        }
        Format::Table => {
            print_summary(&sc.plan, args.full);
            match checks {
                Some(checks) => print!("\n{}", table(&checks, &sc.counties)),
                None => println!(
                    "\n(scenario.toml names no [city] files: no emission-reduction list to check)"
                ),
            }
            println!("\n{}: valid", args.path.display());
        }
    }
    Ok(())
}

fn print_summary(plan: &crate::plan::Plan, full: bool) {
    print!("{}", summary(plan, SummaryOptions { full_text: full }));
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn targets_line(t: &Targets) -> String {
    let mut s = format!(
        "SO2 ≥ {}, NOx ≥ {}, PM ≥ {}, VOCs ≥ {}",
        pct(t.so2),
        pct(t.nox),
        pct(t.pm),
        pct(t.vocs)
    );
    if t.so2_nox_adjustable {
        let _ = write!(
            s,
            "; SO2 and NOx adjustable, SO2 + NOx ≥ {}",
            pct(t.so2_plus_nox_at_least)
        );
    }
    s
}

fn verdict(short: &[&str]) -> String {
    if short.is_empty() {
        "meets".to_string()
    } else {
        format!("SHORT: {}", short.join(", "))
    }
}

/// The readable list check.
pub fn table(checks: &[LevelCheck], counties: &Counties) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Emission-reduction list on paper (full compliance; heating-season emissions, all sectors)"
    );
    for ch in checks {
        let t = &ch.targets;
        let _ = writeln!(
            out,
            "\n{} (§{}): target {}",
            ch.level,
            t.section,
            targets_line(t)
        );
        let _ = writeln!(
            out,
            "  {:<28} {:>7} {:>7} {:>7} {:>7} {:>8}  verdict",
            "unit", "SO2", "NOx", "PM", "VOCs", "SO2+NOx"
        );
        let mut row = |name: &str, c: &crate::agents::accounting::CutCheck| {
            let _ = writeln!(
                out,
                "  {} {:>7} {:>7} {:>7} {:>7} {:>8}  {}",
                pad_display(name, 28),
                pct(c.cut[0]),
                pct(c.cut[1]),
                pct(c.cut[2]),
                pct(c.cut[3]),
                pct(c.so2_plus_nox()),
                verdict(&c.shortfalls(t))
            );
        };
        row("whole city", &ch.assessment.city);
        for (k, c) in ch.assessment.counties.iter().enumerate() {
            let name = format!("{} {}", counties.id[k], counties.name_zh[k]);
            row(&name, c);
        }
        let _ = writeln!(out, "  of the city's cut, by sector:");
        for (sector, share) in &ch.by_sector {
            let _ = writeln!(
                out,
                "    {:<26} {:>7} {:>7} {:>7} {:>7}",
                sector.id(),
                pct(share[0]),
                pct(share[1]),
                pct(share[2]),
                pct(share[3])
            );
        }
        let _ = writeln!(out, "  listed firms (asked to cut / in all):");
        for (basis, (all, cutting)) in &ch.firms {
            let _ = writeln!(out, "    {basis:<26} {cutting:>5} / {all}");
        }
    }
    out
}

/// `s` padded so that it takes `width` columns on a terminal (CJK characters take two).
fn pad_display(s: &str, width: usize) -> String {
    let cols: usize = s
        .chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(cols)))
}

/// The list check as CSV: one row per level and unit (`city` or a county id).
pub fn csv(checks: &[LevelCheck], counties: &Counties) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header = [
        "level",
        "unit",
        "name_zh",
        "so2_cut",
        "nox_cut",
        "pm_cut",
        "vocs_cut",
        "so2_plus_nox_cut",
        "so2_target",
        "nox_target",
        "pm_target",
        "vocs_target",
        "so2_plus_nox_target",
        "meets_target",
        "shortfalls",
    ];
    w.write_record(header).expect("writing to memory");
    let f = |x: f64| format!("{x:.4}");
    for ch in checks {
        let t = &ch.targets;
        let units = std::iter::once(("city".to_string(), "全市".to_string(), &ch.assessment.city))
            .chain(
                ch.assessment
                    .counties
                    .iter()
                    .enumerate()
                    .map(|(k, c)| (counties.id[k].clone(), counties.name_zh[k].clone(), c)),
            );
        for (id, name, c) in units {
            let short = c.shortfalls(t);
            let record = [
                ch.level.to_string(),
                id,
                name,
                f(c.cut[0]),
                f(c.cut[1]),
                f(c.cut[2]),
                f(c.cut[3]),
                f(c.so2_plus_nox()),
                f(t.so2),
                f(t.nox),
                f(t.pm),
                f(t.vocs),
                if t.so2_nox_adjustable {
                    f(t.so2_plus_nox_at_least)
                } else {
                    String::new()
                },
                short.is_empty().to_string(),
                short.join(";"),
            ];
            w.write_record(&record).expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8")
}
