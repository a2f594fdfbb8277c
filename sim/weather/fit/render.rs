//! The climate file's text: the fitted values, the assumptions copied from the assumptions file
//! with their reasons, and the statistics of the data. Numbers are printed with fixed decimals,
//! so the same fit always gives the same bytes.

use std::fmt::Write;

use super::Fit;
use super::interannual::MIN_WINTER_DAYS;
use crate::weather::Regime;
use crate::weather::climate::{Assumptions, SCHEMA_VERSION};
use crate::weather::schema::{Assumed, PerRegime};

/// Decimals of probabilities in the file. Rows are rounded so that they still sum to exactly 1.
const PROBABILITY_DECIMALS: u32 = 4;

/// The climate file for `fit` with `assumptions`; `header` lines become the opening comment.
pub fn render(fit: &Fit, assumptions: &Assumptions, header: &[String]) -> String {
    let a = &assumptions.file;
    let mut s = String::new();
    for line in header {
        let _ = writeln!(s, "{}", format!("# {line}").trim_end());
    }
    s.push_str(
        "#\n\
         # Tables without an `assumed` map hold values fitted by the command above. Every value in\n\
         # the tables with one (classification, day_change, mixing_height, county, site) is an\n\
         # assumption, copied from the --adjust file with its reason. [observed] holds statistics of\n\
         # the fitting data (before the site adjustment) that the generator is tested against.\n\
         # Arrays of three are per regime: ventilated, transitional, stagnant.\n\n",
    );
    let _ = writeln!(s, "schema_version = {SCHEMA_VERSION}\n");

    let _ = writeln!(s, "[climate]");
    let _ = writeln!(s, "name = {}", quote(&a.site.to));
    let _ = writeln!(
        s,
        "description = {}",
        quote(&format!(
            "Winter (October–March) meteorology of {}: regimes, daily distributions, cycles and noise fitted to hourly observations of {}, moved to {} by [site]",
            a.site.to, a.site.from, a.site.to
        ))
    );
    let _ = writeln!(s, "fitted_on = {}\n", quote(&fitted_on(fit)));

    let _ = writeln!(
        s,
        "# Fitted: the daily Markov chain of regimes. Initial = the regimes' frequencies."
    );
    let _ = writeln!(s, "[regimes]");
    let _ = writeln!(s, "initial = {}", probabilities(&fit.chain.initial));
    let _ = writeln!(s, "# row = today's regime, column = tomorrow's");
    let _ = writeln!(s, "transition = [");
    for (i, row) in fit.chain.transition.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {},  # from {}",
            probabilities(row),
            Regime::ALL[i].id()
        );
    }
    let _ = writeln!(s, "]");
    tilt(&mut s, fit);
    persistence(&mut s, fit);
    let rule = &fit.rule;
    let _ = writeln!(
        s,
        "# Fitted: how observed days were classified (from meteorology only)."
    );
    let _ = writeln!(s, "[regimes.rule]");
    let _ = writeln!(s, "text = {}", quote(&rule.text));
    for (key, v) in [
        ("ln_wind_mean", rule.ln_wind_mean),
        ("ln_wind_sd", rule.ln_wind_sd),
        ("depression_mean_c", rule.depression_mean_c),
        ("depression_sd_c", rule.depression_sd_c),
        ("stagnant_at_most", rule.stagnant_at_most),
        ("ventilated_above", rule.ventilated_above),
    ] {
        let _ = writeln!(s, "{key} = {}", fixed(v, 4));
    }
    s.push('\n');

    let _ = writeln!(
        s,
        "# Fitted, per regime: daily-mean wind (log-normal: median, sd of ln), RH and temperature\n\
         # anomaly from the seasonal curve (normal), AR(1) of their standardised anomalies from day to\n\
         # day, precipitation (probability of a wet day, mean amount and wet hours of one), and diurnal\n\
         # amplitudes (× [diurnal] shapes; wind relative to the daily mean; RH opposite to temperature)."
    );
    for (k, r) in Regime::ALL.iter().enumerate() {
        let g = &fit.regimes[k];
        let _ = writeln!(s, "[regime.{}]", r.id());
        for (key, v, d) in [
            ("wind_median_ms", g.wind_median_ms, 3),
            ("wind_log_sd", g.wind_log_sd, 4),
            ("wind_ar1", g.wind_ar1, 4),
            ("rh_mean_pct", g.rh_mean_pct, 2),
            ("rh_sd_pct", g.rh_sd_pct, 2),
            ("rh_ar1", g.rh_ar1, 4),
            ("temp_anomaly_c", g.temp_anomaly_c, 3),
            ("temp_sd_c", g.temp_sd_c, 3),
            ("temp_ar1", g.temp_ar1, 4),
            ("precip_probability", g.precip_probability, 4),
            ("precip_mean_mm", g.precip_mean_mm, 3),
            ("precip_mean_hours", g.precip_mean_hours, 2),
            ("temp_amplitude_c", g.temp_amplitude_c, 3),
            ("wind_amplitude", g.wind_amplitude, 4),
            ("rh_amplitude_pct", g.rh_amplitude_pct, 3),
        ] {
            let _ = writeln!(s, "{key} = {}", fixed(v, d));
        }
        s.push('\n');
    }

    let _ = writeln!(
        s,
        "# Fitted: mean daily temperature of each month, °C. The generator runs a smooth curve that\n\
         # keeps these monthly means."
    );
    let _ = writeln!(s, "[temperature]");
    let _ = writeln!(s, "monthly_mean_c = {}\n", monthly(&fit.monthly_mean_c));

    let _ = writeln!(
        s,
        "# Fitted: mean diurnal shapes by local hour 0–23 (temperature: deviation from the daily mean;\n\
         # wind: relative to the daily mean), normalised to mean 0 and half-range 1."
    );
    let _ = writeln!(s, "[diurnal]");
    let _ = writeln!(s, "temp_shape = {}", list(&fit.diurnal.temp, 4));
    let _ = writeln!(s, "wind_shape = {}\n", list(&fit.diurnal.wind, 4));

    let n = &fit.noise;
    let _ = writeln!(
        s,
        "# Fitted: hourly residuals around daily mean + diurnal cycle (AR(1) from hour to hour; wind's\n\
         # is multiplicative, on the logarithm)."
    );
    let _ = writeln!(s, "[hourly]");
    for (key, v) in [
        ("temp_noise_sd_c", n.temp_sd_c),
        ("temp_noise_ar1", n.temp_ar1),
        ("wind_noise_log_sd", n.wind_log_sd),
        ("wind_noise_ar1", n.wind_ar1),
        ("rh_noise_sd_pct", n.rh_sd_pct),
        ("rh_noise_ar1", n.rh_ar1),
    ] {
        let _ = writeln!(s, "{key} = {}", fixed(v, 4));
    }
    s.push('\n');

    let _ = writeln!(s, "# Assumed: the regime rule's quantile levels.");
    let _ = writeln!(s, "[classification]");
    let _ = writeln!(s, "quantiles = {}", plain_list(&a.classification.quantiles));
    reasons(&mut s, "classification", &a.classification.assumed);

    let _ = writeln!(
        s,
        "# Assumed: how one day's means change into the next's (linear, centred on midnight)."
    );
    let _ = writeln!(s, "[day_change]");
    let _ = writeln!(s, "ramp_hours = {}", plain(a.day_change.ramp_hours));
    reasons(&mut s, "day_change", &a.day_change.assumed);

    let m = &a.mixing_height;
    let _ = writeln!(
        s,
        "# Assumed: the mixing-layer height (not in the data): convective range per regime, its\n\
         # daily growth and collapse, a mechanical term growing with wind, and bounds."
    );
    let _ = writeln!(s, "[mixing_height]");
    let _ = writeln!(s, "night_min_m = {}", per_regime(&m.night_min_m));
    let _ = writeln!(s, "afternoon_max_m = {}", per_regime(&m.afternoon_max_m));
    for (key, v) in [
        ("day_log_sd", m.day_log_sd),
        ("growth_start_hour", m.growth_start_hour),
        ("peak_hour", m.peak_hour),
        ("collapse_hour", m.collapse_hour),
        ("mechanical_m_per_ms", m.mechanical_m_per_ms),
        ("floor_m", m.floor_m),
        ("cap_m", m.cap_m),
    ] {
        let _ = writeln!(s, "{key} = {}", plain(v));
    }
    reasons(&mut s, "mixing_height", &m.assumed);

    let _ = writeln!(
        s,
        "# Assumed: per-county daily factors on ventilation (log-normal, mean 1, AR(1))."
    );
    let _ = writeln!(s, "[county]");
    let _ = writeln!(s, "log_sd = {}", plain(a.county.log_sd));
    let _ = writeln!(s, "ar1 = {}", plain(a.county.ar1));
    reasons(&mut s, "county", &a.county.assumed);

    let site = &a.site;
    let _ = writeln!(
        s,
        "# Assumed: from the observing city to the simulated one, applied by the generator on top of\n\
         # every fitted value above (temperature + offset, RH + offset, wind × scale)."
    );
    let _ = writeln!(s, "[site]");
    let _ = writeln!(s, "from = {}", quote(&site.from));
    let _ = writeln!(s, "to = {}", quote(&site.to));
    let _ = writeln!(s, "temp_offset_c = {}", plain(site.temp_offset_c));
    let _ = writeln!(s, "rh_offset_pct = {}", plain(site.rh_offset_pct));
    let _ = writeln!(s, "wind_scale = {}", plain(site.wind_scale));
    reasons(&mut s, "site", &site.assumed);

    observed(&mut s, fit);
    s
}

fn tilt(s: &mut String, fit: &Fit) {
    let t = &fit.interannual.tilt;
    let o = &fit.observed;
    let _ = writeln!(
        s,
        "# Fitted: the seasonal tilt. Each season draws z ~ N(0, 1) once and runs the chain with\n\
         # `initial` and every row reweighted by exp(sd × z × (-1, 0, +1)) for (ventilated,\n\
         # transitional, stagnant) and renormalised, so that whole winters differ in stagnation as\n\
         # observed winters do. sd is set by bisection so that the stagnation balance (share of\n\
         # stagnant minus share of ventilated days) varies as much between {} seasons simulated\n\
         # from the tilted chain (the observed winters' numbers of days, a fixed seed) as between\n\
         # the observed winters in [observed]: variance {} between the {} winters,\n\
         # {} between seasons of the untilted chain.",
        t.seasons,
        o.balance_variance
            .map_or_else(|| "undefined".to_string(), |v| fixed(v, 5)),
        o.winters.len(),
        fixed(t.untilted_variance, 5)
    );
    if let Some(w) = &t.warning {
        let _ = writeln!(s, "# WARNING: {w}.");
    }
    let _ = writeln!(s, "interannual_tilt_sd = {}\n", fixed(t.sd, 4));
}

fn persistence(s: &mut String, fit: &Fit) {
    let t = &fit.interannual.persistence;
    let o = &fit.observed;
    let _ = writeln!(
        s,
        "# Fitted: the seasonal persistence. Each season also draws w ~ N(0, 1) once, independently of\n\
         # z, and multiplies every row's diagonal entry (the chance of keeping today's regime) of the\n\
         # tilted chain by exp(sd × w), renormalising the row, so that whole winters differ in how\n\
         # long their weather lasts as observed winters do. sd is set by bisection so that the lag-1\n\
         # autocorrelation of the daily regime index (0, 1, 2) varies as much between {} seasons\n\
         # simulated with the tilt above and this one (the observed winters' numbers of days, a fixed\n\
         # seed) as between the observed winters in [observed]: variance {} between the {}\n\
         # winters, {} between seasons without it.",
        t.seasons,
        o.autocorrelation_variance
            .map_or_else(|| "undefined".to_string(), |v| fixed(v, 5)),
        o.winters
            .iter()
            .filter(|w| w.autocorrelation.is_some())
            .count(),
        fixed(t.untilted_variance, 5)
    );
    if let Some(w) = &t.warning {
        let _ = writeln!(s, "# WARNING: {w}.");
    }
    let _ = writeln!(s, "interannual_persistence_sd = {}\n", fixed(t.sd, 4));
}

fn fitted_on(fit: &Fit) -> String {
    let mut parts: Vec<String> = fit
        .sources
        .iter()
        .map(|u| format!("{}: {} days used of {}", u.label, u.used, u.days))
        .collect();
    for h in &fit.harmonisations {
        parts.push(format!(
            "{} brought onto {} over {} common days (wind × {:.3}, temperature {:+.2} °C, dew point {:+.2} °C)",
            h.adjusted, h.reference, h.overlap_days, h.wind_scale, h.temp_offset_c, h.dewp_offset_c
        ));
    }
    format!(
        "{} October–March days in {} unbroken stretches. {}",
        fit.observed.days,
        fit.observed.sequences,
        parts.join("; ")
    )
}

fn observed(s: &mut String, fit: &Fit) {
    let o = &fit.observed;
    let _ = writeln!(
        s,
        "# Statistics of the fitting data, before the site adjustment (not used to generate)."
    );
    let _ = writeln!(s, "[observed]");
    let _ = writeln!(
        s,
        "text = {}",
        quote(&format!(
            "days, stretches of consecutive days, and per regime: frequency, mean run length (days), mean of daily-mean wind (m/s), mean daily RH (%), mean temperature anomaly (°C), share of wet days, mean daily PM2.5 (µg/m³, the check of the classification); then overall mean RH, share of wet days and monthly mean temperature; then the winters (October–March, by the year of their October) with at least {MIN_WINTER_DAYS} classified days, their days, their stagnation balances (share of stagnant minus share of ventilated days) and the balances' variance between winters (n - 1), their lag-1 autocorrelations of the daily regime index (0, 1, 2 for ventilated, transitional, stagnant; over consecutive days; nan for a winter of one regime) and the autocorrelations' variance between winters (n - 1)"
        ))
    );
    let _ = writeln!(s, "days = {}", o.days);
    let _ = writeln!(s, "sequences = {}", o.sequences);
    let _ = writeln!(
        s,
        "regime_frequency = {}",
        probabilities(&o.regime_frequency)
    );
    let _ = writeln!(s, "mean_run_days = {}", list(&o.mean_run_days, 3));
    let _ = writeln!(s, "wind_mean_ms = {}", list(&o.wind_mean_ms, 3));
    let _ = writeln!(s, "rh_mean_pct = {}", list(&o.rh_mean_pct, 2));
    let _ = writeln!(s, "temp_anomaly_c = {}", list(&o.temp_anomaly_c, 3));
    let _ = writeln!(
        s,
        "precip_day_frequency = {}",
        list(&o.precip_day_frequency, 4)
    );
    let _ = writeln!(s, "pm25_mean = {}", list(&o.pm25_mean, 1));
    let _ = writeln!(s, "rh_mean_all_pct = {}", fixed(o.rh_mean_all_pct, 2));
    let _ = writeln!(
        s,
        "precip_day_frequency_all = {}",
        fixed(o.precip_day_frequency_all, 4)
    );
    let _ = writeln!(s, "monthly_mean_c = {}", monthly(&o.monthly_mean_c));
    let years: Vec<String> = o.winters.iter().map(|w| w.winter.to_string()).collect();
    let days: Vec<String> = o.winters.iter().map(|w| w.days.to_string()).collect();
    let balances: Vec<f64> = o.winters.iter().map(|w| w.balance).collect();
    let _ = writeln!(s, "winters = [{}]", years.join(", "));
    let _ = writeln!(s, "winter_days = [{}]", days.join(", "));
    let _ = writeln!(s, "winter_balance = {}", list(&balances, 4));
    if let Some(v) = o.balance_variance {
        let _ = writeln!(s, "winter_balance_variance = {}", fixed(v, 6));
    }
    let autocorrelations: Vec<String> = o
        .winters
        .iter()
        .map(|w| {
            w.autocorrelation
                .map_or_else(|| "nan".to_string(), |r| fixed(r, 4))
        })
        .collect();
    let _ = writeln!(
        s,
        "winter_regime_autocorrelation = [{}]",
        autocorrelations.join(", ")
    );
    if let Some(v) = o.autocorrelation_variance {
        let _ = writeln!(
            s,
            "winter_regime_autocorrelation_variance = {}",
            fixed(v, 6)
        );
    }
}

fn reasons(s: &mut String, table: &str, assumed: &Assumed) {
    let _ = writeln!(s, "\n[{table}.assumed]");
    for (key, reason) in assumed {
        let _ = writeln!(s, "{key} = {}", quote(reason));
    }
    s.push('\n');
}

/// A number with `decimals` decimals, never `-0.000`.
fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// A number as the shortest text that reads back to it, always with a decimal point.
fn plain(x: f64) -> String {
    let text = format!("{x}");
    if text.contains(['.', 'e', 'i', 'N']) {
        text
    } else {
        format!("{text}.0")
    }
}

fn list(values: &[f64], decimals: usize) -> String {
    let items: Vec<String> = values.iter().map(|v| fixed(*v, decimals)).collect();
    format!("[{}]", items.join(", "))
}

fn plain_list(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| plain(*v)).collect();
    format!("[{}]", items.join(", "))
}

/// Probabilities rounded to a fixed number of decimals so that the printed row sums to exactly 1
/// (largest remainders get the rounding units).
fn probabilities(p: &[f64; 3]) -> String {
    let unit = 10f64.powi(PROBABILITY_DECIMALS as i32);
    let total: f64 = p.iter().sum();
    let scaled: Vec<f64> = p.iter().map(|x| x / total * unit).collect();
    let mut units: Vec<i64> = scaled.iter().map(|x| x.floor() as i64).collect();
    let missing = unit as i64 - units.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..3).collect();
    order.sort_by(|a, b| {
        let ra = scaled[*a] - scaled[*a].floor();
        let rb = scaled[*b] - scaled[*b].floor();
        rb.total_cmp(&ra).then(a.cmp(b))
    });
    for i in order.iter().take(missing.max(0) as usize) {
        units[*i] += 1;
    }
    let d = PROBABILITY_DECIMALS as usize;
    let items: Vec<String> = units.iter().map(|u| fixed(*u as f64 / unit, d)).collect();
    format!("[{}]", items.join(", "))
}

fn monthly(m: &[f64; 6]) -> String {
    let names = ["oct", "nov", "dec", "jan", "feb", "mar"];
    let items: Vec<String> = names
        .iter()
        .zip(m)
        .map(|(n, v)| format!("{n} = {}", fixed(*v, 2)))
        .collect();
    format!("{{ {} }}", items.join(", "))
}

fn per_regime(v: &PerRegime<f64>) -> String {
    format!(
        "{{ ventilated = {}, transitional = {}, stagnant = {} }}",
        plain(v.ventilated),
        plain(v.transitional),
        plain(v.stagnant)
    )
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_print_summing_to_one() {
        let text = probabilities(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]);
        assert_eq!(text, "[0.3334, 0.3333, 0.3333]");
        let parsed: Vec<f64> = text
            .trim_matches(['[', ']'])
            .split(", ")
            .map(|x| x.parse().unwrap())
            .collect();
        assert!((parsed.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn numbers_print_readably() {
        assert_eq!(fixed(-0.00001, 3), "0.000");
        assert_eq!(plain(2.0), "2.0");
        assert_eq!(plain(0.85), "0.85");
        assert_eq!(quote("a \"b\"\\"), "\"a \\\"b\\\"\\\\\"");
    }
}
