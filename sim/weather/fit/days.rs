//! From hourly observations to the days the fit works on: daily means of October–March days with
//! enough hours, one source brought onto another's level where they overlap, and the merged,
//! date-ordered record.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Timelike};

use super::HourlyMet;
use super::stats::mean;

/// A day needs this many hours with wind, temperature and dew point (GB 3095's rule for daily
/// means of pollutants, applied to the meteorology).
pub const MIN_HOURS: usize = 20;

/// Two sources are brought onto one level only if they share at least this many days: fewer
/// would make the offsets noise.
const MIN_OVERLAP_DAYS: usize = 30;

const SEASON_MONTHS: [u32; 6] = [10, 11, 12, 1, 2, 3];

/// Saturation vapour pressure over water, hPa (Magnus form, WMO-No. 8 coefficients).
fn saturation_hpa(t_c: f64) -> f64 {
    6.112 * (17.62 * t_c / (243.12 + t_c)).exp()
}

/// Relative humidity from temperature and dew point, %.
pub fn relative_humidity(t_c: f64, dewp_c: f64) -> f64 {
    (100.0 * saturation_hpa(dewp_c) / saturation_hpa(t_c)).min(100.0)
}

/// One hour of a day: the values the diurnal cycles and the noise are fitted on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hour {
    pub wind: Option<f64>,
    pub temp: Option<f64>,
    pub dewp: Option<f64>,
    pub rh: Option<f64>,
}

/// One observed day.
#[derive(Debug, Clone)]
pub struct DayRecord {
    pub date: NaiveDate,
    /// Index of the source in the fit's input.
    pub source: usize,
    pub wind: f64,
    pub temp: f64,
    pub dewp: f64,
    pub rh: f64,
    /// Whether it rained or snowed, if known for enough hours.
    pub wet: Option<bool>,
    /// Hours with precipitation (meaningful when `wet` is known).
    pub wet_hours: usize,
    /// Daily precipitation, mm, where the source records amounts.
    pub precip_mm: Option<f64>,
    pub pm25: Option<f64>,
    pub hours: [Hour; 24],
}

impl DayRecord {
    /// Dew-point depression of the daily means, °C.
    pub fn depression(&self) -> f64 {
        self.temp - self.dewp
    }

    /// The day with wind scaled and temperature and dew point shifted; RH follows.
    fn adjusted(&self, h: &Harmonisation) -> DayRecord {
        let mut d = self.clone();
        for hour in &mut d.hours {
            hour.wind = hour.wind.map(|w| w * h.wind_scale);
            hour.temp = hour.temp.map(|t| t + h.temp_offset_c);
            hour.dewp = hour.dewp.map(|t| t + h.dewp_offset_c);
            hour.rh = match (hour.temp, hour.dewp) {
                (Some(t), Some(td)) => Some(relative_humidity(t, td)),
                _ => None,
            };
        }
        d.wind *= h.wind_scale;
        d.temp += h.temp_offset_c;
        d.dewp += h.dewp_offset_c;
        d.rh = mean(d.hours.iter().filter_map(|h| h.rh));
        d
    }
}

/// The October–March days of a source with enough hours.
pub fn daily(met: &HourlyMet, source: usize) -> Vec<DayRecord> {
    let mut out = Vec::new();
    // Start at the first midnight of the series.
    let skip = (24 - met.start.hour() as usize) % 24;
    let mut first = skip;
    while first + 24 <= met.hours() {
        let date = (met.start + Duration::hours(first as i64)).date();
        if SEASON_MONTHS.contains(&date.month())
            && let Some(day) = one_day(met, first, date, source)
        {
            out.push(day);
        }
        first += 24;
    }
    out
}

fn one_day(met: &HourlyMet, first: usize, date: NaiveDate, source: usize) -> Option<DayRecord> {
    let mut hours = [Hour::default(); 24];
    let (mut complete, mut wind, mut temp, mut dewp, mut rh) = (0usize, 0.0, 0.0, 0.0, 0.0);
    let (mut wet_known, mut wet_hours, mut precip_known, mut precip) =
        (0usize, 0usize, 0usize, 0.0);
    let (mut pm_known, mut pm) = (0usize, 0.0);
    for (h, slot) in hours.iter_mut().enumerate() {
        let i = first + h;
        if let (Some(w), Some(t), Some(td)) = (met.wind[i], met.temp[i], met.dewp[i]) {
            let r = relative_humidity(t, td);
            *slot = Hour {
                wind: Some(w),
                temp: Some(t),
                dewp: Some(td),
                rh: Some(r),
            };
            complete += 1;
            wind += w;
            temp += t;
            dewp += td;
            rh += r;
        }
        if let Some(w) = met.wet[i] {
            wet_known += 1;
            wet_hours += usize::from(w);
        }
        if let Some(p) = met.precip_mm[i] {
            precip_known += 1;
            precip += p;
        }
        if let Some(p) = met.pm25[i] {
            pm_known += 1;
            pm += p;
        }
    }
    if complete < MIN_HOURS {
        return None;
    }
    let n = complete as f64;
    Some(DayRecord {
        date,
        source,
        wind: wind / n,
        temp: temp / n,
        dewp: dewp / n,
        rh: rh / n,
        wet: (wet_known >= MIN_HOURS).then_some(wet_hours > 0),
        wet_hours,
        precip_mm: (precip_known >= MIN_HOURS).then_some(precip),
        pm25: (pm_known >= MIN_HOURS).then(|| pm / pm_known as f64),
        hours,
    })
}

/// How one source was brought onto the reference source's level over their common days.
#[derive(Debug, Clone, PartialEq)]
pub struct Harmonisation {
    pub reference: String,
    pub adjusted: String,
    pub overlap_days: usize,
    /// Reference mean wind / adjusted source's mean wind over the common days.
    pub wind_scale: f64,
    pub temp_offset_c: f64,
    pub dewp_offset_c: f64,
    /// Share of wet days over the common days: reference, adjusted source.
    pub wet_day_frequency: (f64, f64),
}

/// Brings `other` onto `reference`'s level if they share enough days; `None` (and `other`
/// unchanged) otherwise.
pub fn harmonise(
    reference: &[DayRecord],
    other: &mut [DayRecord],
    names: (&str, &str),
) -> Option<Harmonisation> {
    let by_date: BTreeMap<NaiveDate, &DayRecord> = reference.iter().map(|d| (d.date, d)).collect();
    let pairs: Vec<(&DayRecord, &DayRecord)> = other
        .iter()
        .filter_map(|o| by_date.get(&o.date).map(|r| (*r, o)))
        .collect();
    if pairs.len() < MIN_OVERLAP_DAYS {
        return None;
    }
    let sum = |f: &dyn Fn(&(&DayRecord, &DayRecord)) -> f64| pairs.iter().map(f).sum::<f64>();
    let n = pairs.len() as f64;
    let both_wet: Vec<(bool, bool)> = pairs
        .iter()
        .filter_map(|(r, o)| Some((r.wet?, o.wet?)))
        .collect();
    let wet_n = both_wet.len().max(1) as f64;
    let h = Harmonisation {
        reference: names.0.to_string(),
        adjusted: names.1.to_string(),
        overlap_days: pairs.len(),
        wind_scale: sum(&|(r, _)| r.wind) / sum(&|(_, o)| o.wind),
        temp_offset_c: sum(&|(r, o)| r.temp - o.temp) / n,
        dewp_offset_c: sum(&|(r, o)| r.dewp - o.dewp) / n,
        wet_day_frequency: (
            both_wet.iter().filter(|(r, _)| *r).count() as f64 / wet_n,
            both_wet.iter().filter(|(_, o)| *o).count() as f64 / wet_n,
        ),
    };
    for d in other.iter_mut() {
        *d = d.adjusted(&h);
    }
    Some(h)
}

/// The days of all sources by date, earlier sources first where two cover a day.
pub fn merge(sources: Vec<Vec<DayRecord>>) -> Vec<DayRecord> {
    let mut by_date: BTreeMap<NaiveDate, DayRecord> = BTreeMap::new();
    for days in sources {
        for d in days {
            by_date.entry(d.date).or_insert(d);
        }
    }
    by_date.into_values().collect()
}

/// Whether day `i` follows day `i - 1` without a gap (so a transition links them).
pub fn follows(days: &[DayRecord], i: usize) -> bool {
    i > 0 && days[i - 1].date.succ_opt() == Some(days[i].date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_humidity_is_100_at_saturation_and_falls_with_depression() {
        assert!((relative_humidity(5.0, 5.0) - 100.0).abs() < 1e-9);
        let r = relative_humidity(10.0, 0.0);
        assert!((r - 50.0).abs() < 2.0, "{r}");
    }
}
