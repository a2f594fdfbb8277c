//! Checks of a climate file and an assumptions file beyond their schema, and the build of the
//! domain [`Climate`] and [`Assumptions`].
//!
//! Owns what makes a climate usable: probabilities in [0, 1], transition rows summing to 1, a
//! seasonal tilt and persistence within [0, 3], positive scales, AR(1) coefficients in (−1, 1),
//! shapes of 24 hours, mixing heights in order, and every assumed value carrying its reason. Each
//! problem is reported with its field's path, located by the caller's document. Knows nothing of
//! files on disk.

use super::climate::{
    Assumption, Assumptions, Climate, CountyPerturbation, DiurnalShapes, HourlyNoise,
    MAX_PERSISTENCE_SD, MAX_TILT_SD, MixingHeight, ObservedStats, ObservedWinter, RegimeChain,
    RegimeClimate, RegimeRule, SCHEMA_VERSION, SiteAdjustment,
};
use super::schema::{
    Assumed, AssumptionsFile, ClassificationFile, ClimateFile, CountyFile, DayChangeFile,
    MixingFile, ObservedFile, RegimeFile, SiteFile,
};
use crate::InputError;
use crate::toml_input::{FieldError, FieldPath, TomlDoc};

/// How far a row of probabilities may be from summing to 1.
const SUM_TOLERANCE: f64 = 1e-6;

const REGIMES: [&str; 3] = ["ventilated", "transitional", "stagnant"];

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, path: FieldPath, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    fn finite(&mut self, path: &FieldPath, v: f64) -> bool {
        if !v.is_finite() {
            self.fail(path.clone(), format!("{v} is not a finite number"));
        }
        v.is_finite()
    }

    fn probability(&mut self, path: FieldPath, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.fail(path, format!("{v} is a probability and must lie in [0, 1]"));
        }
    }

    /// A scale (median, mean, standard deviation of a distribution, a height): must be > 0.
    fn positive(&mut self, path: FieldPath, v: f64) {
        if self.finite(&path, v) && v <= 0.0 {
            self.fail(path, format!("{v} is a scale and must be positive"));
        }
    }

    fn non_negative(&mut self, path: FieldPath, v: f64) {
        if self.finite(&path, v) && v < 0.0 {
            self.fail(path, format!("{v} must not be negative"));
        }
    }

    fn ar1(&mut self, path: FieldPath, v: f64) {
        if !(v > -1.0 && v < 1.0) {
            self.fail(
                path,
                format!("{v} is an AR(1) coefficient and must lie in (-1, 1)"),
            );
        }
    }

    fn between(&mut self, path: FieldPath, v: f64, lo: f64, hi: f64, what: &str) {
        if !(lo..=hi).contains(&v) {
            self.fail(path, format!("{v} is {what} and must lie in [{lo}, {hi}]"));
        }
    }

    fn text(&mut self, path: FieldPath, s: &str) {
        if s.trim().is_empty() {
            self.fail(path, "must not be empty");
        }
    }

    /// A vector of one value per regime.
    fn three(&mut self, path: FieldPath, v: &[f64]) -> [f64; 3] {
        if v.len() != 3 {
            self.fail(
                path,
                format!(
                    "has {} values; give 3, for ventilated, transitional, stagnant",
                    v.len()
                ),
            );
            return [f64::NAN; 3];
        }
        for (i, x) in v.iter().enumerate() {
            self.finite(&path.index(i), *x);
        }
        [v[0], v[1], v[2]]
    }

    /// Probabilities that must sum to 1.
    fn distribution(&mut self, path: FieldPath, v: &[f64]) -> [f64; 3] {
        let out = self.three(path.clone(), v);
        if v.len() == 3 {
            for (i, x) in v.iter().enumerate() {
                self.probability(path.index(i), *x);
            }
            let sum: f64 = v.iter().sum();
            if (sum - 1.0).abs() > SUM_TOLERANCE {
                self.fail(
                    path,
                    format!("the probabilities sum to {sum}, not 1 (tolerance {SUM_TOLERANCE})"),
                );
            }
        }
        out
    }

    fn shape(&mut self, path: FieldPath, v: &[f64]) -> [f64; 24] {
        let mut out = [0.0; 24];
        if v.len() != 24 {
            self.fail(
                path,
                format!("has {} values; give 24, for hours 0 to 23", v.len()),
            );
            return out;
        }
        for (i, x) in v.iter().enumerate() {
            self.finite(&path.index(i), *x);
            out[i] = *x;
        }
        out
    }
}

pub(super) fn climate(f: ClimateFile, doc: &TomlDoc<'_>) -> Result<Climate, Vec<InputError>> {
    let mut c = Checker { errors: Vec::new() };
    let r = FieldPath::root();
    if f.schema_version != SCHEMA_VERSION {
        c.fail(
            r.key("schema_version"),
            format!(
                "this smogsim reads schema_version {SCHEMA_VERSION}, the file has {}",
                f.schema_version
            ),
        );
    }
    c.text(r.key("climate").key("name"), &f.climate.name);

    let rp = r.key("regimes");
    let initial = c.distribution(rp.key("initial"), &f.regimes.initial);
    let mut transition = [[f64::NAN; 3]; 3];
    if f.regimes.transition.len() != 3 {
        c.fail(
            rp.key("transition"),
            format!(
                "has {} rows; give 3 (today ventilated, transitional, stagnant)",
                f.regimes.transition.len()
            ),
        );
    } else {
        for (i, row) in f.regimes.transition.iter().enumerate() {
            transition[i] = c.distribution(rp.key("transition").index(i), row);
        }
    }
    let tilt = f.regimes.interannual_tilt_sd;
    if c.finite(&rp.key("interannual_tilt_sd"), tilt) {
        c.between(
            rp.key("interannual_tilt_sd"),
            tilt,
            0.0,
            MAX_TILT_SD,
            "the standard deviation of the seasonal tilt",
        );
    }
    let persistence = f.regimes.interannual_persistence_sd;
    if c.finite(&rp.key("interannual_persistence_sd"), persistence) {
        c.between(
            rp.key("interannual_persistence_sd"),
            persistence,
            0.0,
            MAX_PERSISTENCE_SD,
            "the standard deviation of the seasonal persistence",
        );
    }
    let rule = &f.regimes.rule;
    let rule_path = rp.key("rule");
    c.positive(rule_path.key("ln_wind_sd"), rule.ln_wind_sd);
    c.positive(rule_path.key("depression_sd_c"), rule.depression_sd_c);
    for (key, v) in [
        ("ln_wind_mean", rule.ln_wind_mean),
        ("depression_mean_c", rule.depression_mean_c),
        ("stagnant_at_most", rule.stagnant_at_most),
        ("ventilated_above", rule.ventilated_above),
    ] {
        c.finite(&rule_path.key(key), v);
    }
    if rule.ventilated_above < rule.stagnant_at_most {
        c.fail(
            rule_path.key("ventilated_above"),
            format!(
                "thresholds out of order: ventilated_above ({}) is below stagnant_at_most ({})",
                rule.ventilated_above, rule.stagnant_at_most
            ),
        );
    }

    let shapes = DiurnalShapes {
        temp: c.shape(r.key("diurnal").key("temp_shape"), &f.diurnal.temp_shape),
        wind: c.shape(r.key("diurnal").key("wind_shape"), &f.diurnal.wind_shape),
    };
    let wind_shape_min = shapes.wind.iter().copied().fold(f64::INFINITY, f64::min);
    let regime_files = f.regime.each();
    let regimes: [RegimeClimate; 3] = std::array::from_fn(|i| {
        check_regime(
            &mut c,
            r.key("regime").key(REGIMES[i]),
            regime_files[i],
            wind_shape_min,
        )
    });

    let months = f.temperature.monthly_mean_c.to_array();
    let mp = r.key("temperature").key("monthly_mean_c");
    for (key, v) in ["oct", "nov", "dec", "jan", "feb", "mar"]
        .iter()
        .zip(months)
    {
        c.between(
            mp.key(key),
            v,
            -60.0,
            60.0,
            "a monthly mean temperature in °C",
        );
    }

    let hp = r.key("hourly");
    let h = f.hourly;
    c.positive(hp.key("temp_noise_sd_c"), h.temp_noise_sd_c);
    c.positive(hp.key("wind_noise_log_sd"), h.wind_noise_log_sd);
    c.positive(hp.key("rh_noise_sd_pct"), h.rh_noise_sd_pct);
    c.ar1(hp.key("temp_noise_ar1"), h.temp_noise_ar1);
    c.ar1(hp.key("wind_noise_ar1"), h.wind_noise_ar1);
    c.ar1(hp.key("rh_noise_ar1"), h.rh_noise_ar1);

    let (quantiles, assumptions, parts) = check_assumed(
        &mut c,
        doc,
        &f.classification,
        &f.day_change,
        &f.mixing_height,
        &f.county,
        &f.site,
    );
    let observed = f
        .observed
        .as_ref()
        .map(|o| check_observed(&mut c, r.key("observed"), o));

    if !c.errors.is_empty() {
        return Err(c.errors.iter().map(|e| doc.error(e)).collect());
    }
    Ok(Climate {
        name: f.climate.name,
        description: f.climate.description,
        fitted_on: f.climate.fitted_on,
        chain: RegimeChain {
            initial,
            transition,
        },
        interannual_tilt_sd: tilt,
        interannual_persistence_sd: persistence,
        rule: RegimeRule {
            text: rule.text.clone(),
            ln_wind_mean: rule.ln_wind_mean,
            ln_wind_sd: rule.ln_wind_sd,
            depression_mean_c: rule.depression_mean_c,
            depression_sd_c: rule.depression_sd_c,
            stagnant_at_most: rule.stagnant_at_most,
            ventilated_above: rule.ventilated_above,
            quantiles,
        },
        regimes,
        monthly_mean_c: months,
        diurnal: shapes,
        noise: HourlyNoise {
            temp_sd_c: h.temp_noise_sd_c,
            temp_ar1: h.temp_noise_ar1,
            wind_log_sd: h.wind_noise_log_sd,
            wind_ar1: h.wind_noise_ar1,
            rh_sd_pct: h.rh_noise_sd_pct,
            rh_ar1: h.rh_noise_ar1,
        },
        ramp_hours: parts.ramp_hours,
        mixing: parts.mixing,
        county: parts.county,
        site: parts.site,
        observed,
        assumptions,
    })
}

pub(super) fn assumptions(
    f: AssumptionsFile,
    doc: &TomlDoc<'_>,
) -> Result<Assumptions, Vec<InputError>> {
    let mut c = Checker { errors: Vec::new() };
    let (quantiles, assumptions, _) = check_assumed(
        &mut c,
        doc,
        &f.classification,
        &f.day_change,
        &f.mixing_height,
        &f.county,
        &f.site,
    );
    if !c.errors.is_empty() {
        return Err(c.errors.iter().map(|e| doc.error(e)).collect());
    }
    Ok(Assumptions {
        file: f,
        quantiles,
        assumptions,
    })
}

fn check_regime(
    c: &mut Checker,
    p: FieldPath,
    g: &RegimeFile,
    wind_shape_min: f64,
) -> RegimeClimate {
    c.positive(p.key("wind_median_ms"), g.wind_median_ms);
    c.positive(p.key("wind_log_sd"), g.wind_log_sd);
    c.ar1(p.key("wind_ar1"), g.wind_ar1);
    c.between(
        p.key("rh_mean_pct"),
        g.rh_mean_pct,
        0.0,
        100.0,
        "a relative humidity in %",
    );
    c.positive(p.key("rh_sd_pct"), g.rh_sd_pct);
    c.ar1(p.key("rh_ar1"), g.rh_ar1);
    c.between(
        p.key("temp_anomaly_c"),
        g.temp_anomaly_c,
        -30.0,
        30.0,
        "a temperature anomaly in °C",
    );
    c.positive(p.key("temp_sd_c"), g.temp_sd_c);
    c.ar1(p.key("temp_ar1"), g.temp_ar1);
    c.probability(p.key("precip_probability"), g.precip_probability);
    c.positive(p.key("precip_mean_mm"), g.precip_mean_mm);
    c.between(
        p.key("precip_mean_hours"),
        g.precip_mean_hours,
        1.0,
        24.0,
        "a mean number of wet hours in a day",
    );
    c.non_negative(p.key("temp_amplitude_c"), g.temp_amplitude_c);
    c.non_negative(p.key("rh_amplitude_pct"), g.rh_amplitude_pct);
    c.non_negative(p.key("wind_amplitude"), g.wind_amplitude);
    if 1.0 + g.wind_amplitude * wind_shape_min.min(0.0) <= 0.0 {
        c.fail(
            p.key("wind_amplitude"),
            format!(
                "{}: with diurnal.wind_shape's minimum {wind_shape_min}, the wind would turn negative",
                g.wind_amplitude
            ),
        );
    }
    RegimeClimate {
        wind_median_ms: g.wind_median_ms,
        wind_log_sd: g.wind_log_sd,
        wind_ar1: g.wind_ar1,
        rh_mean_pct: g.rh_mean_pct,
        rh_sd_pct: g.rh_sd_pct,
        rh_ar1: g.rh_ar1,
        temp_anomaly_c: g.temp_anomaly_c,
        temp_sd_c: g.temp_sd_c,
        temp_ar1: g.temp_ar1,
        precip_probability: g.precip_probability,
        precip_mean_mm: g.precip_mean_mm,
        precip_mean_hours: g.precip_mean_hours,
        temp_amplitude_c: g.temp_amplitude_c,
        wind_amplitude: g.wind_amplitude,
        rh_amplitude_pct: g.rh_amplitude_pct,
    }
}

struct AssumedParts {
    ramp_hours: f64,
    mixing: MixingHeight,
    county: CountyPerturbation,
    site: SiteAdjustment,
}

/// The five assumed tables: their values, and a reason for each.
fn check_assumed(
    c: &mut Checker,
    doc: &TomlDoc<'_>,
    cl: &ClassificationFile,
    dc: &DayChangeFile,
    m: &MixingFile,
    k: &CountyFile,
    s: &SiteFile,
) -> ([f64; 2], Vec<Assumption>, AssumedParts) {
    let r = FieldPath::root();
    let mut assumptions = Vec::new();

    let cp = r.key("classification");
    let mut quantiles = [f64::NAN; 2];
    if cl.quantiles.len() != 2 {
        c.fail(
            cp.key("quantiles"),
            format!(
                "has {} values; give 2: the stagnant and the ventilated thresholds",
                cl.quantiles.len()
            ),
        );
    } else {
        quantiles = [cl.quantiles[0], cl.quantiles[1]];
        for (i, q) in quantiles.iter().enumerate() {
            c.probability(cp.key("quantiles").index(i), *q);
        }
        if !(0.0 < quantiles[0] && quantiles[0] < quantiles[1] && quantiles[1] < 1.0) {
            c.fail(
                cp.key("quantiles"),
                "quantiles out of order: need 0 < stagnant < ventilated < 1",
            );
        }
    }
    reasons(c, doc, &cp, &cl.assumed, &["quantiles"], &mut assumptions);

    let dp = r.key("day_change");
    c.between(
        dp.key("ramp_hours"),
        dc.ramp_hours,
        0.0,
        24.0,
        "a number of hours",
    );
    reasons(c, doc, &dp, &dc.assumed, &["ramp_hours"], &mut assumptions);

    let mp = r.key("mixing_height");
    let night = m.night_min_m.to_array();
    let day = m.afternoon_max_m.to_array();
    for i in 0..3 {
        c.positive(mp.key("night_min_m").key(REGIMES[i]), night[i]);
        c.positive(mp.key("afternoon_max_m").key(REGIMES[i]), day[i]);
        if day[i] < night[i] {
            c.fail(
                mp.key("afternoon_max_m").key(REGIMES[i]),
                format!(
                    "heights out of order: the afternoon maximum ({}) is below the night minimum ({})",
                    day[i], night[i]
                ),
            );
        }
    }
    c.non_negative(mp.key("day_log_sd"), m.day_log_sd);
    for (key, v) in [
        ("growth_start_hour", m.growth_start_hour),
        ("peak_hour", m.peak_hour),
        ("collapse_hour", m.collapse_hour),
    ] {
        c.between(mp.key(key), v, 0.0, 24.0, "an hour of the day");
    }
    if !(m.growth_start_hour < m.peak_hour && m.peak_hour < m.collapse_hour) {
        c.fail(
            mp.key("peak_hour"),
            "hours out of order: need growth_start_hour < peak_hour < collapse_hour",
        );
    }
    c.non_negative(mp.key("mechanical_m_per_ms"), m.mechanical_m_per_ms);
    c.positive(mp.key("floor_m"), m.floor_m);
    c.positive(mp.key("cap_m"), m.cap_m);
    if m.cap_m <= m.floor_m {
        c.fail(
            mp.key("cap_m"),
            format!(
                "heights out of order: cap_m ({}) must exceed floor_m ({})",
                m.cap_m, m.floor_m
            ),
        );
    }
    reasons(
        c,
        doc,
        &mp,
        &m.assumed,
        &[
            "night_min_m",
            "afternoon_max_m",
            "day_log_sd",
            "growth_start_hour",
            "peak_hour",
            "collapse_hour",
            "mechanical_m_per_ms",
            "floor_m",
            "cap_m",
        ],
        &mut assumptions,
    );

    let kp = r.key("county");
    c.non_negative(kp.key("log_sd"), k.log_sd);
    c.ar1(kp.key("ar1"), k.ar1);
    reasons(
        c,
        doc,
        &kp,
        &k.assumed,
        &["log_sd", "ar1"],
        &mut assumptions,
    );

    let sp = r.key("site");
    c.text(sp.key("from"), &s.from);
    c.text(sp.key("to"), &s.to);
    c.between(
        sp.key("temp_offset_c"),
        s.temp_offset_c,
        -20.0,
        20.0,
        "a temperature offset in °C",
    );
    c.between(
        sp.key("rh_offset_pct"),
        s.rh_offset_pct,
        -50.0,
        50.0,
        "a relative-humidity offset in %",
    );
    c.positive(sp.key("wind_scale"), s.wind_scale);
    reasons(
        c,
        doc,
        &sp,
        &s.assumed,
        &["temp_offset_c", "rh_offset_pct", "wind_scale"],
        &mut assumptions,
    );

    let parts = AssumedParts {
        ramp_hours: dc.ramp_hours,
        mixing: MixingHeight {
            night_min_m: night,
            afternoon_max_m: day,
            day_log_sd: m.day_log_sd,
            growth_start_hour: m.growth_start_hour,
            peak_hour: m.peak_hour,
            collapse_hour: m.collapse_hour,
            mechanical_m_per_ms: m.mechanical_m_per_ms,
            floor_m: m.floor_m,
            cap_m: m.cap_m,
        },
        county: CountyPerturbation {
            log_sd: k.log_sd,
            ar1: k.ar1,
        },
        site: SiteAdjustment {
            from: s.from.clone(),
            to: s.to.clone(),
            temp_offset_c: s.temp_offset_c,
            rh_offset_pct: s.rh_offset_pct,
            wind_scale: s.wind_scale,
        },
    };
    (quantiles, assumptions, parts)
}

/// Every value of an assumed table needs a reason, and every reason must name a value.
fn reasons(
    c: &mut Checker,
    doc: &TomlDoc<'_>,
    table: &FieldPath,
    assumed: &Assumed,
    fields: &[&str],
    out: &mut Vec<Assumption>,
) {
    for field in fields {
        match assumed.get(*field) {
            None => c.fail(
                table.key(field),
                format!(
                    "an assumed value needs its reason: add {field} = \"why\" to [{table}.assumed]"
                ),
            ),
            Some(reason) => {
                c.text(table.key("assumed").key(field), reason);
                out.push(Assumption {
                    field: table.key(field).to_string(),
                    reason: reason.clone(),
                });
            }
        }
    }
    for field in assumed.keys() {
        if !fields.contains(&field.as_str()) || !doc.contains(&table.key(field)) {
            c.fail(
                table.key("assumed").key(field),
                format!("`{field}` is not a value of [{table}]"),
            );
        }
    }
}

fn check_observed(c: &mut Checker, p: FieldPath, o: &ObservedFile) -> ObservedStats {
    let frequency = c.distribution(p.key("regime_frequency"), &o.regime_frequency);
    let precip = c.three(p.key("precip_day_frequency"), &o.precip_day_frequency);
    for (i, v) in precip.iter().enumerate() {
        c.probability(p.key("precip_day_frequency").index(i), *v);
    }
    c.probability(
        p.key("precip_day_frequency_all"),
        o.precip_day_frequency_all,
    );
    c.between(
        p.key("rh_mean_all_pct"),
        o.rh_mean_all_pct,
        0.0,
        100.0,
        "a relative humidity in %",
    );
    let n = o.winters.len();
    // An older climate has no autocorrelations at all; one that has them has one per winter.
    let autocorrelations = &o.winter_regime_autocorrelation;
    for (key, len, optional) in [
        ("winter_days", o.winter_days.len(), false),
        ("winter_balance", o.winter_balance.len(), false),
        (
            "winter_regime_autocorrelation",
            autocorrelations.len(),
            true,
        ),
    ] {
        if len != n && !(optional && len == 0) {
            c.fail(
                p.key(key),
                format!("has {len} values; give one per winter in `winters` ({n})"),
            );
        }
    }
    for (i, d) in o.winter_days.iter().enumerate() {
        if *d == 0 {
            c.fail(
                p.key("winter_days").index(i),
                "a winter needs at least one day",
            );
        }
    }
    for (i, b) in o.winter_balance.iter().enumerate() {
        c.between(
            p.key("winter_balance").index(i),
            *b,
            -1.0,
            1.0,
            "a share of stagnant minus a share of ventilated days",
        );
    }
    if let Some(v) = o.winter_balance_variance {
        c.non_negative(p.key("winter_balance_variance"), v);
    }
    for (i, r) in autocorrelations.iter().enumerate() {
        if !r.is_nan() {
            c.between(
                p.key("winter_regime_autocorrelation").index(i),
                *r,
                -1.0,
                1.0,
                "an autocorrelation (or nan for a winter of one regime)",
            );
        }
    }
    if let Some(v) = o.winter_regime_autocorrelation_variance {
        c.non_negative(p.key("winter_regime_autocorrelation_variance"), v);
    }
    let winters = o
        .winters
        .iter()
        .zip(&o.winter_days)
        .zip(&o.winter_balance)
        .enumerate()
        .map(|(i, ((w, d), b))| ObservedWinter {
            winter: *w,
            days: *d,
            balance: *b,
            autocorrelation: autocorrelations.get(i).copied().filter(|r| !r.is_nan()),
        })
        .collect();
    ObservedStats {
        days: o.days,
        sequences: o.sequences,
        regime_frequency: frequency,
        mean_run_days: c.three(p.key("mean_run_days"), &o.mean_run_days),
        wind_mean_ms: c.three(p.key("wind_mean_ms"), &o.wind_mean_ms),
        rh_mean_pct: c.three(p.key("rh_mean_pct"), &o.rh_mean_pct),
        temp_anomaly_c: c.three(p.key("temp_anomaly_c"), &o.temp_anomaly_c),
        precip_day_frequency: precip,
        pm25_mean: c.three(p.key("pm25_mean"), &o.pm25_mean),
        rh_mean_all_pct: o.rh_mean_all_pct,
        precip_day_frequency_all: o.precip_day_frequency_all,
        monthly_mean_c: o.monthly_mean_c.to_array(),
        winters,
        balance_variance: o.winter_balance_variance,
        autocorrelation_variance: o.winter_regime_autocorrelation_variance,
    }
}
