//! `smogsim calibrate`: fitting model inputs to observations. `calibrate weather` fits the
//! weather generator's climate to hourly meteorology and writes `climate.toml`.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

use crate::output::Staged;
use crate::weather::fit::{Fit, fit, interannual, render};
use crate::weather::{Climate, Regime};
use crate::world::climate::load_assumptions;
use crate::world::met::{MetFile, load_met};

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    #[command(subcommand)]
    pub target: Target,
}

#[derive(Debug, Subcommand)]
pub enum Target {
    /// Fit the weather generator's climate (regimes, daily distributions, cycles, noise) to hourly
    /// meteorology and write climate.toml.
    Weather(WeatherArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
FILES are the UCI Beijing multi-site files (PRSA_Data_<Station>_20130301-20170228.csv; the
stations are averaged hour by hour) and/or the UCI Beijing PM2.5 file
(PRSA_data_2010.1.1-2014.12.31.csv); the format is told from the header. Only October–March
days are used. Where both formats cover a day the multi-site mean is used, and the PM2.5 file's
meteorology is first brought onto its level over their common days.

ADJUST holds everything that is not fitted (regime quantiles, the day-change ramp, the mixing
height, county factors, the site adjustment), each value with its reason; it is copied into the
output. Default: the Liaocheng 2020 scenario's climate-adjust.toml (embedded).

The output is the same bytes for the same inputs, and is written atomically.

Example:
  smogsim calibrate weather \\
      --observed ../shared/data/beijing_multisite/PRSA_Data_*_20130301-20170228.csv \\
                 ../shared/data/beijing_pm25_2010_2014/PRSA_data_2010.1.1-2014.12.31.csv \\
      --adjust scenarios/liaocheng-2020/climate-adjust.toml \\
      --out scenarios/liaocheng-2020/climate.toml")]
pub struct WeatherArgs {
    /// Hourly meteorology files (CSV).
    #[arg(long, value_name = "FILES", num_args = 1.., required = true)]
    pub observed: Vec<PathBuf>,
    /// The assumptions file.
    #[arg(long, value_name = "ADJUST.toml")]
    pub adjust: Option<PathBuf>,
    /// Write the climate here.
    #[arg(long, value_name = "climate.toml")]
    pub out: PathBuf,
}

pub fn run(args: &CalibrateArgs) -> anyhow::Result<()> {
    match &args.target {
        Target::Weather(w) => weather(w),
    }
}

fn weather(args: &WeatherArgs) -> anyhow::Result<()> {
    let (assumptions, adjust_name) = load_assumptions(args.adjust.as_deref())?;
    let (series, files) = load_met(&args.observed)?;
    let fitted = fit(&series, &assumptions).map_err(|e| anyhow::anyhow!("cannot fit: {e}"))?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let header = header(args, &adjust_name, &files, &assumptions.file.site.to, &cwd);
    let text = render(&fitted, &assumptions, &header);
    // The file must read back: a failure here is a bug in the fit or the writer, not bad input.
    if let Err(errors) = Climate::from_toml(&text, &args.out) {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::bail!(
            "internal error: the fitted climate does not validate:\n{}",
            list.join("\n")
        );
    }
    let staged = Staged::create(&args.out)?;
    staged
        .file()
        .write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", staged.path().display()))?;
    staged.commit()?;
    print_report(&fitted, &assumptions.file.site.from);
    println!("\nwrote {}", shown(&args.out, &cwd));
    let _ = std::io::stdout().flush();
    Ok(())
}

/// A path as the header shows it: as typed when relative, else relative to the working
/// directory, so that no machine's absolute paths end up in committed files.
fn shown(path: &Path, cwd: &Path) -> String {
    if path.is_relative() {
        return path.display().to_string();
    }
    let a: Vec<Component<'_>> = path.components().collect();
    let b: Vec<Component<'_>> = cwd.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return path.display().to_string();
    }
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c.as_os_str());
    }
    rel.display().to_string()
}

fn header(
    args: &WeatherArgs,
    adjust: &Path,
    files: &[MetFile],
    city: &str,
    cwd: &Path,
) -> Vec<String> {
    let mut h = vec![
        format!("Weather climate of {city} for smogsim (the weather generator's input)."),
        "Written by `smogsim calibrate weather`; to change it, edit the --adjust file and re-run the".to_string(),
        "command rather than editing this file. The command (paths relative to where it was run):".to_string(),
        "  smogsim calibrate weather --observed \\".to_string(),
    ];
    for f in &args.observed {
        h.push(format!("      {} \\", shown(f, cwd)));
    }
    if let Some(a) = &args.adjust {
        h.push(format!("    --adjust {} \\", shown(a, cwd)));
    } else {
        h.push(format!("    (no --adjust: {}) \\", adjust.display()));
    }
    h.push(format!("    --out {}", shown(&args.out, cwd)));
    h.push("Data (hourly; only October–March days are used):".to_string());
    let mut sorted: Vec<&MetFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        h.push(format!(
            "  {}: {}, {} rows, {} .. {}",
            shown(&f.path, cwd),
            f.format.describe(),
            f.rows,
            f.first.format("%Y-%m-%d %H:00"),
            f.last.format("%Y-%m-%d %H:00")
        ));
    }
    h
}

fn print_report(f: &Fit, place: &str) {
    let o = &f.observed;
    println!(
        "Weather of {place}: {} October–March days in {} unbroken stretches",
        o.days, o.sequences
    );
    for s in &f.sources {
        println!("  {}: {} days, {} used", s.label, s.days, s.used);
    }
    for h in &f.harmonisations {
        println!(
            "  {} brought onto {} over {} common days: wind × {:.3}, temperature {:+.2} °C, dew point {:+.2} °C (wet days there: {:.1} % vs {:.1} %)",
            h.adjusted,
            h.reference,
            h.overlap_days,
            h.wind_scale,
            h.temp_offset_c,
            h.dewp_offset_c,
            100.0 * h.wet_day_frequency.0,
            100.0 * h.wet_day_frequency.1
        );
    }
    println!("\nRegime rule: {}", f.rule.text);
    println!(
        "\n  {:<30} {:>11} {:>13} {:>9}",
        "", "ventilated", "transitional", "stagnant"
    );
    let row = |name: &str, v: [f64; 3], decimals: usize| {
        println!(
            "  {:<30} {:>11.d$} {:>13.d$} {:>9.d$}",
            name,
            v[0],
            v[1],
            v[2],
            d = decimals
        );
    };
    row("frequency", o.regime_frequency, 3);
    row("mean run (days)", o.mean_run_days, 2);
    row(
        "P(same regime tomorrow)",
        std::array::from_fn(|k| f.chain.transition[k][k]),
        3,
    );
    row("mean wind (m/s)", o.wind_mean_ms, 2);
    row("mean RH (%)", o.rh_mean_pct, 1);
    row("temperature anomaly (°C)", o.temp_anomaly_c, 2);
    row("wet-day share", o.precip_day_frequency, 3);
    row(
        "wind AR(1) day to day",
        std::array::from_fn(|k| f.regimes[k].wind_ar1),
        2,
    );
    row(
        "temperature amplitude (°C)",
        std::array::from_fn(|k| f.regimes[k].temp_amplitude_c),
        2,
    );
    row("mean PM2.5 (µg/m³), the check", o.pm25_mean, 1);
    row("  days with PM2.5", f.pm25_days.map(|n| n as f64), 0);
    let v = Regime::Ventilated as usize;
    let s = Regime::Stagnant as usize;
    println!(
        "\n  stagnant / ventilated PM2.5: {:.2}{}",
        o.pm25_mean[s] / o.pm25_mean[v],
        if o.pm25_mean[s] > 1.5 * o.pm25_mean[v] {
            ""
        } else {
            "  (WARNING: the regimes do not separate dirty from clean air)"
        }
    );
    println!(
        "  overall: mean RH {:.1} %, wet-day share {:.3}",
        o.rh_mean_all_pct, o.precip_day_frequency_all
    );
    let m = &o.monthly_mean_c;
    println!(
        "  monthly mean temperature (°C): Oct {:.1}, Nov {:.1}, Dec {:.1}, Jan {:.1}, Feb {:.1}, Mar {:.1}",
        m[0], m[1], m[2], m[3], m[4], m[5]
    );
    let n = &f.noise;
    println!(
        "  hourly noise: temperature sd {:.2} °C (AR {:.2}), wind log-sd {:.2} (AR {:.2}), RH sd {:.1} % (AR {:.2})",
        n.temp_sd_c, n.temp_ar1, n.wind_log_sd, n.wind_ar1, n.rh_sd_pct, n.rh_ar1
    );
    print_tilt(f);
}

fn print_tilt(f: &Fit) {
    let o = &f.observed;
    let t = &f.interannual.tilt;
    println!(
        "\nWinters (October–March, at least {} days): stagnation balance = share stagnant − share ventilated;",
        interannual::MIN_WINTER_DAYS
    );
    println!(
        "  regime autocorrelation = lag-1 autocorrelation of the daily regime index (0, 1, 2)"
    );
    for w in &o.winters {
        println!(
            "  {}-{:02}: {:>3} days, balance {:+.3}, regime autocorrelation {}",
            w.winter,
            (w.winter + 1) % 100,
            w.days,
            w.balance,
            w.autocorrelation
                .map_or_else(|| "undefined".to_string(), |r| format!("{r:.3}"))
        );
    }
    let observed = o
        .balance_variance
        .map_or_else(|| "undefined".to_string(), |v| format!("{v:.5}"));
    println!(
        "  variance between winters {observed}; between {} seasons of the untilted chain {:.5}",
        t.seasons, t.untilted_variance
    );
    println!(
        "  seasonal tilt sd {:.4} (seasons with it: variance {:.5})",
        t.sd, t.fitted_variance
    );
    if let Some(w) = &t.warning {
        println!("  WARNING: {w}");
    }
    let p = &f.interannual.persistence;
    let observed = o
        .autocorrelation_variance
        .map_or_else(|| "undefined".to_string(), |v| format!("{v:.5}"));
    println!(
        "  regime autocorrelation: variance between winters {observed}; between {} seasons with the tilt, without the persistence {:.5}",
        p.seasons, p.untilted_variance
    );
    println!(
        "  seasonal persistence sd {:.4} (seasons with it: variance {:.5})",
        p.sd, p.fitted_variance
    );
    if let Some(w) = &p.warning {
        println!("  WARNING: {w}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_are_shown_relative_to_the_working_directory() {
        let cwd = Path::new("/a/b/repo");
        assert_eq!(
            shown(Path::new("/a/b/shared/data/x.csv"), cwd),
            "../shared/data/x.csv"
        );
        assert_eq!(shown(Path::new("/a/b/repo/s/c.toml"), cwd), "s/c.toml");
        assert_eq!(shown(Path::new("rel/x.csv"), cwd), "rel/x.csv");
    }
}
