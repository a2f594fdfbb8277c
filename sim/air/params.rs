//! The air model's parameters, from `air.toml` (model constants: profiles, chemistry,
//! deposition, forecast errors) and the scenario's `[background]` (the regional pool).
//!
//! Owns their schema and validation. Every value in the files carries its source or, in an
//! `assumed` map, the reason for the value used.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::InputError;
use crate::toml_input::{self, FieldError, FieldPath, TomlDoc};

/// Emission sectors, in the order of the counties file's columns.
pub const SECTOR_IDS: [&str; 8] = [
    "power",
    "industry",
    "residential",
    "onroad",
    "nonroad",
    "dust",
    "agriculture",
    "solvent",
];

/// Time profiles of one sector's emissions. Each multiplies the annual mean rate.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectorProfile {
    /// 24 hourly factors, local time 00–23, averaging 1.
    pub diurnal: Vec<f64>,
    /// 7 daily factors, Monday first, averaging 1.
    pub weekly: Vec<f64>,
    /// Factor inside the heating season.
    pub heating: f64,
    /// Factor outside the heating season.
    pub non_heating: f64,
    /// Factor during the Spring Festival holiday.
    pub festival: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Chemistry {
    /// SO2 → sulfate: dry rate and the extra aqueous/heterogeneous rate reached at
    /// `sulfate_rh_full` % RH, growing from `sulfate_rh_onset` % (per hour).
    pub sulfate_dry_per_hour: f64,
    pub sulfate_wet_per_hour: f64,
    pub sulfate_rh_onset: f64,
    pub sulfate_rh_full: f64,
    /// NOx → nitrate, the same shape.
    pub nitrate_dry_per_hour: f64,
    pub nitrate_wet_per_hour: f64,
    pub nitrate_rh_onset: f64,
    pub nitrate_rh_full: f64,
    /// Temperature (°C) at which half of the nitric acid formed is particulate, and the width.
    pub nitrate_half_temp: f64,
    pub nitrate_temp_width: f64,
    /// VOC → secondary organic aerosol rate (per hour) and mass yield.
    pub soa_per_hour: f64,
    pub soa_yield: f64,
    /// Particle mass per precursor mass: (NH4)2SO4 per SO2, NH4NO3 per NO2.
    pub sulfate_mass_per_so2: f64,
    pub nitrate_mass_per_no2: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Deposition {
    /// Dry deposition velocities, m/s.
    pub so2: f64,
    pub nox: f64,
    pub fine: f64,
    pub coarse: f64,
    /// Wet scavenging per mm/h of precipitation (per hour), capped at `wet_max_per_hour`.
    pub wet_gas_per_mm: f64,
    pub wet_fine_per_mm: f64,
    pub wet_coarse_per_mm: f64,
    pub wet_max_per_hour: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ozone {
    /// Regional afternoon O3 (µg/m³) by month, October first (Oct–Mar).
    pub afternoon_by_month: Vec<f64>,
    /// Night level as a fraction of the afternoon level.
    pub night_fraction: f64,
    /// O3 titrated per µg/m³ of local NOx.
    pub titration_per_nox: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fireworks {
    /// PM2.5 emitted by fireworks on the Spring Festival eve in the whole city, tonnes.
    pub pm25_tonnes: f64,
    /// Coarse (PM10 − PM2.5) emitted with it, tonnes.
    pub coarse_tonnes: f64,
    /// SO2 emitted with it, tonnes.
    pub so2_tonnes: f64,
    /// Hours of the eve (from 18:00) over which it is spread.
    pub hours: u32,
}

/// Errors of the weather the forecaster runs the air model on, growing with lead time.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ForecastErrors {
    /// Timing error of the weather per day of lead, hours (positive: forecast late), mean and sd.
    pub lag_hours_per_day: f64,
    pub lag_sd_hours_per_day: f64,
    /// Log-error of ventilation (wind × mixing height) per √day of lead.
    pub ventilation_log_sd_per_sqrt_day: f64,
    /// RH error per √day of lead, percentage points.
    pub rh_sd_per_sqrt_day: f64,
    /// Multiplicative bias of forecast emissions (forecasts of PM2.5 run high).
    pub emission_bias: f64,
    /// Log-error of the forecast model's concentrations, independent of weather, sd.
    pub model_log_sd: f64,
    /// Hours between forecast products: a consultation uses the latest product, a fresh one
    /// when the last is this old.
    pub refresh_hours: u32,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AirFile {
    pub schema_version: u32,
    /// NO2 as a fraction of NOx (as NO2 mass) in the city's air.
    pub no2_fraction: f64,
    pub profiles: BTreeMap<String, SectorProfile>,
    pub chemistry: Chemistry,
    pub deposition: Deposition,
    pub ozone: Ozone,
    pub fireworks: Fireworks,
    pub forecast: ForecastErrors,
    /// Log-sd of the day-to-day emission factor the weather does not explain.
    pub daily_activity_log_sd: f64,
    /// Log-sd of the day-to-day factor on the regional pool's sources upwind.
    pub daily_upwind_log_sd: f64,
    /// Log-sd and e-folding time (h) of the monitors' representativeness factor.
    pub site_log_sd: f64,
    pub site_correlation_hours: f64,
    #[serde(default)]
    pub assumed: BTreeMap<String, String>,
}

/// Temperatures (°C) of the nitrate partition table, and its step.
const PARTITION_FROM_C: f64 = -40.0;
const PARTITION_STEP_C: f64 = 0.25;
const PARTITION_POINTS: usize = 441;

/// Validated air-model constants.
#[derive(Debug, Clone, PartialEq)]
pub struct AirParams {
    pub no2_fraction: f64,
    /// Profiles in [`SECTOR_IDS`] order.
    pub profiles: Vec<SectorProfile>,
    pub chemistry: Chemistry,
    pub deposition: Deposition,
    pub ozone: Ozone,
    pub fireworks: Fireworks,
    pub forecast: ForecastErrors,
    pub daily_activity_log_sd: f64,
    pub daily_upwind_log_sd: f64,
    pub site_log_sd: f64,
    pub site_correlation_hours: f64,
    pub assumed: BTreeMap<String, String>,
    /// The particulate share of nitric acid formed, tabulated over temperature: the hourly step
    /// looks it up instead of computing a logistic (an `exp`) every hour.
    partition: Vec<f64>,
}

impl AirParams {
    /// The share of nitric acid formed that stays particulate at `temp` °C: a logistic in
    /// temperature, 1/2 at `nitrate_half_temp`, interpolated from a table every 0.25 °C.
    #[inline]
    pub fn nitrate_particulate(&self, temp: f64) -> f64 {
        let x = ((temp - PARTITION_FROM_C) / PARTITION_STEP_C)
            .clamp(0.0, (PARTITION_POINTS - 1) as f64);
        let i = (x as usize).min(PARTITION_POINTS - 2);
        let f = x - i as f64;
        self.partition[i] * (1.0 - f) + self.partition[i + 1] * f
    }

    pub fn from_toml(text: &str, name: &Path) -> Result<AirParams, Vec<InputError>> {
        let (file, doc) = toml_input::parse::<AirFile>(text, name).map_err(|e| vec![e])?;
        validate(file, &doc)
    }
}

fn check_range(errors: &mut Vec<FieldError>, path: FieldPath, v: f64, lo: f64, hi: f64) {
    if !(v.is_finite() && v >= lo && v <= hi) {
        errors.push(FieldError::new(
            path,
            format!("{v} must lie in [{lo}, {hi}]"),
        ));
    }
}

fn validate(file: AirFile, doc: &TomlDoc<'_>) -> Result<AirParams, Vec<InputError>> {
    let mut e = Vec::new();
    let r = FieldPath::root();
    if file.schema_version != 1 {
        e.push(FieldError::new(
            r.key("schema_version"),
            "this smogsim reads schema_version 1",
        ));
    }
    check_range(&mut e, r.key("no2_fraction"), file.no2_fraction, 0.0, 1.0);
    let mut profiles = Vec::new();
    for id in SECTOR_IDS {
        let p = r.key("profiles").key(id);
        match file.profiles.get(id) {
            None => e.push(FieldError::new(
                r.key("profiles"),
                format!("no profile for sector `{id}`"),
            )),
            Some(prof) => {
                if prof.diurnal.len() != 24 {
                    e.push(FieldError::new(
                        p.key("diurnal"),
                        format!("needs 24 hourly factors, has {}", prof.diurnal.len()),
                    ));
                }
                if prof.weekly.len() != 7 {
                    e.push(FieldError::new(
                        p.key("weekly"),
                        format!("needs 7 daily factors, has {}", prof.weekly.len()),
                    ));
                }
                for (key, values) in [("diurnal", &prof.diurnal), ("weekly", &prof.weekly)] {
                    if values.is_empty() {
                        continue;
                    }
                    let mean = values.iter().sum::<f64>() / values.len() as f64;
                    if values.iter().any(|v| !v.is_finite() || *v < 0.0)
                        || (mean - 1.0).abs() > 0.01
                    {
                        e.push(FieldError::new(
                            p.key(key),
                            format!("factors must be >= 0 and average 1 (they average {mean:.3})"),
                        ));
                    }
                }
                for (key, v) in [
                    ("heating", prof.heating),
                    ("non_heating", prof.non_heating),
                    ("festival", prof.festival),
                ] {
                    check_range(&mut e, p.key(key), v, 0.0, 20.0);
                }
                profiles.push(prof.clone());
            }
        }
    }
    for id in file.profiles.keys() {
        if !SECTOR_IDS.contains(&id.as_str()) {
            e.push(FieldError::new(
                r.key("profiles").key(id),
                format!("unknown sector `{id}` (sectors: {})", SECTOR_IDS.join(", ")),
            ));
        }
    }
    let c = &file.chemistry;
    let cp = r.key("chemistry");
    for (key, v) in [
        ("sulfate_dry_per_hour", c.sulfate_dry_per_hour),
        ("sulfate_wet_per_hour", c.sulfate_wet_per_hour),
        ("nitrate_dry_per_hour", c.nitrate_dry_per_hour),
        ("nitrate_wet_per_hour", c.nitrate_wet_per_hour),
        ("soa_per_hour", c.soa_per_hour),
        ("soa_yield", c.soa_yield),
    ] {
        check_range(&mut e, cp.key(key), v, 0.0, 1.0);
    }
    for (onset, full, ko, kf) in [
        (
            c.sulfate_rh_onset,
            c.sulfate_rh_full,
            "sulfate_rh_onset",
            "sulfate_rh_full",
        ),
        (
            c.nitrate_rh_onset,
            c.nitrate_rh_full,
            "nitrate_rh_onset",
            "nitrate_rh_full",
        ),
    ] {
        check_range(&mut e, cp.key(ko), onset, 0.0, 100.0);
        check_range(&mut e, cp.key(kf), full, 0.0, 100.0);
        if full <= onset {
            e.push(FieldError::new(
                cp.key(kf),
                format!("thresholds out of order: {full} must exceed {ko} ({onset})"),
            ));
        }
    }
    check_range(
        &mut e,
        cp.key("nitrate_temp_width"),
        c.nitrate_temp_width,
        0.1,
        50.0,
    );
    check_range(
        &mut e,
        cp.key("nitrate_half_temp"),
        c.nitrate_half_temp,
        -40.0,
        40.0,
    );
    check_range(
        &mut e,
        cp.key("sulfate_mass_per_so2"),
        c.sulfate_mass_per_so2,
        1.0,
        3.0,
    );
    check_range(
        &mut e,
        cp.key("nitrate_mass_per_no2"),
        c.nitrate_mass_per_no2,
        1.0,
        3.0,
    );
    let d = &file.deposition;
    let dp = r.key("deposition");
    for (key, v) in [
        ("so2", d.so2),
        ("nox", d.nox),
        ("fine", d.fine),
        ("coarse", d.coarse),
    ] {
        check_range(&mut e, dp.key(key), v, 0.0, 0.1);
    }
    for (key, v) in [
        ("wet_gas_per_mm", d.wet_gas_per_mm),
        ("wet_fine_per_mm", d.wet_fine_per_mm),
        ("wet_coarse_per_mm", d.wet_coarse_per_mm),
        ("wet_max_per_hour", d.wet_max_per_hour),
    ] {
        check_range(&mut e, dp.key(key), v, 0.0, 5.0);
    }
    let o = &file.ozone;
    let op = r.key("ozone");
    if o.afternoon_by_month.len() != 6 {
        e.push(FieldError::new(
            op.key("afternoon_by_month"),
            "needs 6 values, October to March",
        ));
    }
    for (i, v) in o.afternoon_by_month.iter().enumerate() {
        check_range(
            &mut e,
            op.key("afternoon_by_month").index(i),
            *v,
            0.0,
            400.0,
        );
    }
    check_range(&mut e, op.key("night_fraction"), o.night_fraction, 0.0, 1.0);
    check_range(
        &mut e,
        op.key("titration_per_nox"),
        o.titration_per_nox,
        0.0,
        5.0,
    );
    let fw = &file.fireworks;
    let fp = r.key("fireworks");
    for (key, v) in [
        ("pm25_tonnes", fw.pm25_tonnes),
        ("coarse_tonnes", fw.coarse_tonnes),
        ("so2_tonnes", fw.so2_tonnes),
    ] {
        check_range(&mut e, fp.key(key), v, 0.0, 1e5);
    }
    if fw.hours == 0 || fw.hours > 24 {
        e.push(FieldError::new(fp.key("hours"), "must lie in 1..=24"));
    }
    let f = &file.forecast;
    let fcp = r.key("forecast");
    if !(1..=24).contains(&f.refresh_hours) {
        e.push(FieldError::new(
            fcp.key("refresh_hours"),
            "must lie in 1..=24",
        ));
    }
    check_range(
        &mut e,
        fcp.key("lag_hours_per_day"),
        f.lag_hours_per_day,
        -24.0,
        24.0,
    );
    for (key, v) in [
        ("lag_sd_hours_per_day", f.lag_sd_hours_per_day),
        (
            "ventilation_log_sd_per_sqrt_day",
            f.ventilation_log_sd_per_sqrt_day,
        ),
        ("rh_sd_per_sqrt_day", f.rh_sd_per_sqrt_day),
        ("model_log_sd", f.model_log_sd),
    ] {
        check_range(&mut e, fcp.key(key), v, 0.0, 50.0);
    }
    check_range(&mut e, fcp.key("emission_bias"), f.emission_bias, 0.1, 10.0);
    check_range(
        &mut e,
        r.key("daily_activity_log_sd"),
        file.daily_activity_log_sd,
        0.0,
        1.0,
    );
    check_range(
        &mut e,
        r.key("daily_upwind_log_sd"),
        file.daily_upwind_log_sd,
        0.0,
        1.0,
    );
    for key in file.assumed.keys() {
        let path = FieldPath(
            key.split('.')
                .map(|k| crate::toml_input::Seg::Key(k.to_string()))
                .collect(),
        );
        if !doc.contains(&path) {
            e.push(FieldError::new(
                r.key("assumed").key(key),
                format!("`{key}` is not a field of this file"),
            ));
        }
    }
    if !e.is_empty() {
        return Err(e.iter().map(|x| doc.error(x)).collect());
    }
    let (half, width) = (
        file.chemistry.nitrate_half_temp,
        file.chemistry.nitrate_temp_width,
    );
    Ok(AirParams {
        no2_fraction: file.no2_fraction,
        profiles,
        chemistry: file.chemistry,
        deposition: file.deposition,
        ozone: file.ozone,
        fireworks: file.fireworks,
        forecast: file.forecast,
        daily_activity_log_sd: file.daily_activity_log_sd,
        daily_upwind_log_sd: file.daily_upwind_log_sd,
        site_log_sd: file.site_log_sd,
        site_correlation_hours: file.site_correlation_hours,
        assumed: file.assumed,
        partition: (0..PARTITION_POINTS)
            .map(|i| {
                let t = PARTITION_FROM_C + i as f64 * PARTITION_STEP_C;
                1.0 / (1.0 + ((t - half) / width).exp())
            })
            .collect(),
    })
}

/// The regional pool the city sits in (scenario `[background]`): emission density over the
/// region, its size, and the clean air that ventilates it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Background {
    /// Regional emission densities, t/km²/yr.
    pub so2: f64,
    pub nox: f64,
    pub co: f64,
    pub vocs: f64,
    pub pm25: f64,
    pub pm10: f64,
    /// Length of the regional box along the wind, km.
    pub length_km: f64,
    /// Concentrations of the air ventilating the region (CO in mg/m³, the rest µg/m³).
    pub clean_so2: f64,
    pub clean_nox: f64,
    pub clean_co: f64,
    pub clean_pm25: f64,
    pub clean_coarse: f64,
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub assumed: BTreeMap<String, String>,
}

impl Background {
    /// Range checks, as field errors relative to `at`.
    pub fn check(&self, at: &FieldPath) -> Vec<FieldError> {
        let mut e = Vec::new();
        for (key, v) in [
            ("so2", self.so2),
            ("nox", self.nox),
            ("co", self.co),
            ("vocs", self.vocs),
            ("pm25", self.pm25),
            ("pm10", self.pm10),
            ("clean_so2", self.clean_so2),
            ("clean_nox", self.clean_nox),
            ("clean_co", self.clean_co),
            ("clean_pm25", self.clean_pm25),
            ("clean_coarse", self.clean_coarse),
        ] {
            check_range(&mut e, at.key(key), v, 0.0, 1e4);
        }
        check_range(&mut e, at.key("length_km"), self.length_km, 10.0, 5000.0);
        if self.pm10 < self.pm25 {
            e.push(FieldError::new(
                at.key("pm10"),
                "PM10 emissions cannot be below PM2.5 emissions",
            ));
        }
        e
    }
}
