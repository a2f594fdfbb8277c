//! Observed air quality from a CSV file, as the hourly 24-h rolling-mean AQI the warning rules
//! are written in (§3.1).
//!
//! Accepted files (a header row is required; names are matched without regard to case; other
//! columns are ignored):
//! - daily: `date,aqi` — each day's AQI stands for the 24-h mean over that day's hours;
//! - hourly: `time,aqi` — the 24-h rolling mean of the hourly AQI (valid with ≥ 20 hours);
//! - hourly with pollutant columns (`pm25`/`pm2.5`, `pm10`, `so2`, `no2`, `co` in mg/m³, `o3`,
//!   optionally with an `_1h` suffix) — the HJ 633 AQI of the 24-h rolling means. When both the
//!   pollutants and `aqi` are present, the pollutants are used.
//!
//! Empty cells and `—`, `-`, `NA`, `NaN`, `null` are missing, never zero. A `city_en`, `city_cn`
//! or `city` column selects rows with `--city` (`聊城` matches `聊城市`); a file holding several
//! cities needs one. Owns the parsing and its errors; knows nothing of plans.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::InputError;
use crate::aqi::{HourlySeries, rolling_24h, rolling_24h_mean};

/// How the file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    DailyAqi,
    HourlyAqi,
    HourlyConcentrations,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::DailyAqi => "daily AQI (each day's value held for its 24 hours)",
            Source::HourlyAqi => {
                "hourly AQI (24-h rolling mean of the hourly values, >= 20 valid hours)"
            }
            Source::HourlyConcentrations => {
                "hourly concentrations (HJ 633 AQI of the 24-h rolling means, >= 20 valid hours)"
            }
        }
    }
}

/// An observed series ready for the warning engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub file: PathBuf,
    pub source: Source,
    /// Local midnight of the first day; hour 0 of `rolling_aqi`.
    pub start: NaiveDateTime,
    /// The 24-h rolling-mean AQI at every hour from `start`, `None` where unknown.
    pub rolling_aqi: Vec<Option<f64>>,
    /// Data rows used (after the city filter).
    pub rows: usize,
    /// The city selected, if any.
    pub city: Option<String>,
}

impl Observed {
    /// The local time of hour `h`.
    pub fn time_of(&self, h: i64) -> NaiveDateTime {
        self.start + chrono::Duration::hours(h)
    }
}

/// Observations spanning longer than this are a mistake in the time column, not a record.
const MAX_SPAN_DAYS: i64 = 100 * 365;

const MISSING: [&str; 6] = ["", "—", "-", "na", "nan", "null"];
const CITY_COLUMNS: [&str; 3] = ["city_en", "city_cn", "city"];

/// Pollutant columns and the names they may go by.
const POLLUTANTS: [(&str, &[&str]); 6] = [
    ("so2", &["so2", "so2_1h"]),
    ("no2", &["no2", "no2_1h"]),
    ("pm10", &["pm10", "pm10_1h"]),
    ("co", &["co", "co_1h"]),
    ("o3", &["o3", "o3_1h"]),
    ("pm25", &["pm25", "pm2.5", "pm2_5", "pm25_1h"]),
];

/// Load `path`, keeping the rows of `city` when given.
pub fn load_observed(path: &Path, city: Option<&str>) -> Result<Observed, InputError> {
    let text = super::read_text(path)?;
    parse_observed(&text, path, city)
}

/// One data row after the city filter.
struct Row {
    line: u64,
    stamp: NaiveDateTime,
    values: Vec<Option<f64>>,
}

/// The rows of a file and how to read them.
struct Rows {
    source: Source,
    stamp_name: String,
    /// The quantity in each position of `Row::values` (`aqi` or a pollutant id).
    names: Vec<String>,
    rows: Vec<Row>,
}

/// Parse observed CSV `text` named `path` in messages.
pub fn parse_observed(text: &str, path: &Path, city: Option<&str>) -> Result<Observed, InputError> {
    let Rows {
        source,
        stamp_name,
        names,
        rows,
    } = read_rows(text, path, city)?;
    let value_cols: Vec<String> = match source {
        Source::DailyAqi => vec!["aqi".to_string()],
        _ => names,
    };
    let first = rows
        .iter()
        .map(|r| r.stamp)
        .min()
        .expect("rows is not empty");
    let start = first.date().and_time(NaiveTime::MIN);
    let last = rows
        .iter()
        .map(|r| r.stamp)
        .max()
        .expect("rows is not empty");
    let step = if source == Source::DailyAqi { 24 } else { 1 };
    if (last - start).num_days() > MAX_SPAN_DAYS {
        return Err(InputError::new(
            path,
            format!(
                "the rows span {} .. {}, more than {} years: check the {stamp_name} column",
                start.format("%Y-%m-%d"),
                last.format("%Y-%m-%d"),
                MAX_SPAN_DAYS / 365
            ),
        ));
    }
    let hours = ((last - start).num_hours() + step) as usize;
    let mut series: Vec<Vec<Option<f64>>> = vec![vec![None; hours]; value_cols.len()];
    let mut seen: Vec<Option<u64>> = vec![None; hours];
    for row in &rows {
        let h = (row.stamp - start).num_hours() as usize;
        if let Some(other) = seen[h] {
            return Err(InputError::new(
                path,
                format!(
                    "{} repeats the {stamp_name} of line {other}",
                    row.stamp.format("%Y-%m-%d %H:%M")
                ),
            )
            .at_line(row.line as usize)
            .field(stamp_name.clone()));
        }
        seen[h] = Some(row.line);
        for (k, v) in row.values.iter().take(value_cols.len()).enumerate() {
            for slot in &mut series[k][h..h + step as usize] {
                *slot = *v;
            }
        }
    }

    let rolling_aqi = match source {
        Source::DailyAqi => series.swap_remove(0),
        Source::HourlyAqi => rolling_24h_mean(&series[0]),
        Source::HourlyConcentrations => {
            let mut hourly = HourlySeries::default();
            for (name, values) in value_cols.iter().zip(series) {
                match name.as_str() {
                    "so2" => hourly.so2 = values,
                    "no2" => hourly.no2 = values,
                    "pm10" => hourly.pm10 = values,
                    "co" => hourly.co = values,
                    "o3" => hourly.o3 = values,
                    _ => hourly.pm25 = values,
                }
            }
            rolling_24h(&hourly)
                .iter()
                .map(|r| r.aqi.map(f64::from))
                .collect()
        }
    };
    Ok(Observed {
        file: path.to_path_buf(),
        source,
        start,
        rolling_aqi,
        rows: rows.len(),
        city: city.map(str::to_string),
    })
}

fn read_rows(text: &str, path: &Path, city: Option<&str>) -> Result<Rows, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(
            InputError::new(path, "the file is empty: a header row is required").at_line(1),
        );
    }
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let date_col = find(&["date"]);
    let time_col = find(&["time", "datetime", "timestamp"]);
    let aqi_col = find(&["aqi"]);
    let city_cols: Vec<usize> = (0..headers.len())
        .filter(|&i| CITY_COLUMNS.contains(&headers[i].as_str()))
        .collect();
    let pollutant_cols: Vec<(usize, Option<usize>)> = POLLUTANTS
        .iter()
        .enumerate()
        .map(|(i, (_, names))| (i, find(names)))
        .collect();
    let has_pollutants = pollutant_cols.iter().any(|(_, c)| c.is_some());

    let (source, stamp_col) = match (time_col, date_col) {
        (Some(t), _) if has_pollutants => (Source::HourlyConcentrations, t),
        (Some(t), _) if aqi_col.is_some() => (Source::HourlyAqi, t),
        (None, Some(d)) if aqi_col.is_some() => (Source::DailyAqi, d),
        _ => {
            return Err(InputError::new(
                path,
                format!(
                    "cannot tell the layout from the header ({}): expected `date,aqi` (daily), `time,aqi` (hourly) or `time` with pollutant columns (pm25, pm10, so2, no2, co, o3)",
                    headers.join(",")
                ),
            )
            .at_line(1));
        }
    };
    let stamp_name = headers[stamp_col].clone();

    if city.is_some() && city_cols.is_empty() {
        return Err(InputError::new(
            path,
            "--city was given but the file has no city_en, city_cn or city column",
        )
        .at_line(1));
    }

    let pollutants = pollutant_cols
        .iter()
        .filter_map(|(i, c)| c.map(|c| (POLLUTANTS[*i].0.to_string(), c)));
    let value_cols: Vec<(String, usize)> = match source {
        Source::HourlyConcentrations => pollutants.collect(),
        // Daily files keep their pollutant columns too: they tell the primary pollutant.
        Source::DailyAqi => std::iter::once(("aqi".to_string(), aqi_col.expect("checked above")))
            .chain(pollutants)
            .collect(),
        Source::HourlyAqi => vec![("aqi".to_string(), aqi_col.expect("checked above"))],
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut cities = BTreeSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if let Some(&first) = city_cols.first() {
            cities.insert(record.get(first).unwrap_or("").to_string());
            if let Some(wanted) = city
                && !city_cols
                    .iter()
                    .any(|&c| same_city(record.get(c).unwrap_or(""), wanted))
            {
                continue;
            }
        }
        let cell = record.get(stamp_col).unwrap_or("");
        let stamp = match source {
            Source::DailyAqi => parse_date(cell).map(|d| d.and_time(NaiveTime::MIN)),
            _ => parse_time(cell),
        }
        .ok_or_else(|| {
            let expected = if source == Source::DailyAqi {
                "a date such as 2015-12-01"
            } else {
                "a time such as 2015-12-01 08:00 on the hour"
            };
            InputError::new(path, format!("`{cell}` is not {expected}"))
                .at_line(line as usize)
                .field(stamp_name.clone())
        })?;
        let mut values = Vec::with_capacity(value_cols.len());
        for (name, col) in &value_cols {
            let raw = record.get(*col).unwrap_or("");
            values.push(parse_value(raw).map_err(|msg| {
                InputError::new(path, msg)
                    .at_line(line as usize)
                    .field(headers[*col].clone())
                    .with_context(name)
            })?);
        }
        rows.push(Row {
            line,
            stamp,
            values,
        });
    }
    if city.is_none() && cities.len() > 1 {
        let some: Vec<_> = cities.iter().take(5).cloned().collect();
        return Err(InputError::new(
            path,
            format!(
                "the file holds {} cities; choose one with --city (e.g. {})",
                cities.len(),
                some.join(", ")
            ),
        ));
    }
    if rows.is_empty() {
        let msg = match city {
            Some(c) => format!(
                "no rows for city `{c}` (cities in the file: {})",
                cities
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "no data rows".to_string(),
        };
        return Err(InputError::new(path, msg));
    }

    Ok(Rows {
        source,
        stamp_name,
        names: value_cols.into_iter().map(|(name, _)| name).collect(),
        rows,
    })
}

/// Daily observations, for comparing winters.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyObserved {
    pub file: PathBuf,
    pub city: Option<String>,
    /// Consecutive days from the first to the last row.
    pub dates: Vec<NaiveDate>,
    /// The AQI as published (daily files) or of the 24-h mean ending at 23:00 (hourly files).
    pub aqi: Vec<Option<f64>>,
    /// Whether PM2.5 is among the day's primary pollutants, from the day's concentrations (HJ 633
    /// daily report; `o3` read as the daily maximum 8-h mean); `None` when unknown.
    pub pm25_primary: Vec<Option<bool>>,
}

/// Load daily observations (a daily file, or an hourly one reduced to days).
pub fn load_daily(path: &Path, city: Option<&str>) -> Result<DailyObserved, InputError> {
    let text = super::read_text(path)?;
    parse_daily(&text, path, city)
}

/// Parse daily observations from `text` named `path` in messages.
pub fn parse_daily(
    text: &str,
    path: &Path,
    city: Option<&str>,
) -> Result<DailyObserved, InputError> {
    let rows = read_rows(text, path, city)?;
    if rows.source != Source::DailyAqi {
        let hourly = parse_observed(text, path, city)?;
        let days = hourly.rolling_aqi.len().div_ceil(24);
        return Ok(DailyObserved {
            file: path.to_path_buf(),
            city: city.map(str::to_string),
            dates: (0..days)
                .map(|d| hourly.start.date() + chrono::Duration::days(d as i64))
                .collect(),
            aqi: (0..days)
                .map(|d| hourly.rolling_aqi.get(d * 24 + 23).copied().flatten())
                .collect(),
            pm25_primary: vec![None; days],
        });
    }
    let first = rows
        .rows
        .iter()
        .map(|r| r.stamp.date())
        .min()
        .expect("read_rows returns rows");
    let last = rows
        .rows
        .iter()
        .map(|r| r.stamp.date())
        .max()
        .expect("read_rows returns rows");
    let days = (last - first).num_days() as usize + 1;
    let mut aqi = vec![None; days];
    let mut pm25_primary = vec![None; days];
    let position = |name: &str| rows.names.iter().position(|n| n == name);
    for row in &rows.rows {
        let d = (row.stamp.date() - first).num_days() as usize;
        aqi[d] = row.values[0];
        pm25_primary[d] = daily_pm25_primary(&row.values, &position);
    }
    Ok(DailyObserved {
        file: path.to_path_buf(),
        city: city.map(str::to_string),
        dates: (0..days)
            .map(|d| first + chrono::Duration::days(d as i64))
            .collect(),
        aqi,
        pm25_primary,
    })
}

/// Whether PM2.5 is a primary pollutant of a day, from its daily concentrations.
fn daily_pm25_primary(
    values: &[Option<f64>],
    position: &dyn Fn(&str) -> Option<usize>,
) -> Option<bool> {
    use crate::aqi::{Concentration, Concentrations, Pollutant, aqi_of};
    let get = |name: &str| {
        position(name)
            .and_then(|i| values[i])
            .and_then(|v| Concentration::from_f64(v).ok())
    };
    let c = Concentrations {
        so2_24h: get("so2"),
        no2_24h: get("no2"),
        pm10_24h: get("pm10"),
        co_24h: get("co"),
        o3_8h: get("o3"),
        pm25_24h: get("pm25"),
        ..Default::default()
    };
    c.pm25_24h?;
    let r = aqi_of(&c);
    Some(r.primary().any(|p| p == Pollutant::Pm25))
}

trait WithContext {
    fn with_context(self, name: &str) -> Self;
}

impl WithContext for InputError {
    /// Name the quantity when the column goes by an alias (`PM2.5` read as pm25).
    fn with_context(mut self, name: &str) -> Self {
        if !self.field.eq_ignore_ascii_case(name) && name != "aqi" {
            self.field = format!("{} ({name})", self.field);
        }
        self
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let mut err = InputError::new(path, e.to_string());
    if let Some(pos) = e.position() {
        err = err.at_line(pos.line() as usize);
    }
    if let csv::ErrorKind::UnequalLengths {
        expected_len, len, ..
    } = e.kind()
    {
        err.message = format!("the row has {len} fields, the header {expected_len}");
    }
    err
}

fn same_city(name: &str, wanted: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches('市').to_lowercase();
    norm(name) == norm(wanted)
}

fn parse_value(raw: &str) -> Result<Option<f64>, String> {
    if MISSING.contains(&raw.to_lowercase().as_str()) {
        return Ok(None);
    }
    let v: f64 = raw
        .parse()
        .map_err(|_| format!("`{raw}` is not a number (leave the cell empty if missing)"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("`{raw}` must be a finite number >= 0"));
    }
    Ok(Some(v))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let t = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())?;
    (t.minute() == 0 && t.second() == 0).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, city: Option<&str>) -> Result<Observed, InputError> {
        parse_observed(text, Path::new("obs.csv"), city)
    }

    #[test]
    fn daily_values_hold_for_their_24_hours_and_gaps_are_missing() {
        let obs = parse("date,aqi\n2015-12-01,250\n2015-12-03,90\n", None).unwrap();
        assert_eq!(obs.source, Source::DailyAqi);
        assert_eq!(obs.rolling_aqi.len(), 72);
        assert_eq!(obs.rolling_aqi[0], Some(250.0));
        assert_eq!(obs.rolling_aqi[23], Some(250.0));
        assert_eq!(obs.rolling_aqi[24], None);
        assert_eq!(obs.rolling_aqi[71], Some(90.0));
        assert_eq!(
            obs.time_of(48).format("%Y-%m-%d %H:%M").to_string(),
            "2015-12-03 00:00"
        );
    }

    #[test]
    fn city_selects_rows_and_matches_with_or_without_the_suffix() {
        let text =
            "city_cn,city_en,date,aqi\n聊城,Liaocheng,2015-12-01,250\n济南,Jinan,2015-12-01,100\n";
        let obs = parse(text, Some("Liaocheng")).unwrap();
        assert_eq!((obs.rows, obs.rolling_aqi[0]), (1, Some(250.0)));
        let obs = parse(text, Some("聊城市")).unwrap();
        assert_eq!(obs.rows, 1);
        let err = parse(text, None).unwrap_err();
        assert!(err.message.contains("2 cities"), "{err}");
        let err = parse(text, Some("Beijing")).unwrap_err();
        assert!(err.message.contains("no rows for city `Beijing`"), "{err}");
    }

    #[test]
    fn hourly_aqi_is_averaged_over_24_hours_with_20_valid() {
        let mut text = String::from("time,aqi\n");
        for h in 0..48 {
            let v = if h < 24 {
                "100"
            } else if h < 28 {
                ""
            } else {
                "300"
            };
            text.push_str(&format!("2015-12-{:02} {:02}:00,{v}\n", 1 + h / 24, h % 24));
        }
        let obs = parse(&text, None).unwrap();
        assert_eq!(obs.source, Source::HourlyAqi);
        assert_eq!(obs.rolling_aqi[18], None, "19 hours are too few");
        assert_eq!(obs.rolling_aqi[19], Some(100.0));
        // Hour 47: 20 valid values of 300 (hours 28..47) and 4 missing: mean 300, not 250.
        assert_eq!(obs.rolling_aqi[47], Some(300.0));
    }

    #[test]
    fn hourly_concentrations_give_the_hj633_aqi_of_rolling_means() {
        let mut text = String::from("time,city,AQI,PM2.5,PM10\n");
        for h in 0..24 {
            text.push_str(&format!("2019-02-05 {h:02}:00:00,聊城市,999,150,100\n"));
        }
        let obs = parse(&text, Some("聊城")).unwrap();
        assert_eq!(obs.source, Source::HourlyConcentrations);
        // PM2.5 150 µg/m³ is IAQI 200 exactly; the AQI column is ignored.
        assert_eq!(obs.rolling_aqi[23], Some(200.0));
    }

    #[test]
    fn bad_cells_name_the_file_line_and_column() {
        let err = parse("date,aqi\n2015-12-01,250\n2015-12-02,high\n", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "obs.csv:3: aqi: `high` is not a number (leave the cell empty if missing)"
        );
        let err = parse("date,aqi\n2015-13-01,250\n", None).unwrap_err();
        assert_eq!(err.location.line, Some(2));
        assert_eq!(err.field, "date");
        let err = parse("time,aqi\n2015-12-01 08:30,250\n", None).unwrap_err();
        assert!(err.message.contains("on the hour"), "{err}");
        let err = parse("date,aqi\n2015-12-01,-5\n", None).unwrap_err();
        assert!(err.message.contains(">= 0"), "{err}");
    }

    #[test]
    fn structural_problems_are_input_errors() {
        let err = parse("", None).unwrap_err();
        assert!(err.message.contains("empty"), "{err}");
        let err = parse("day,value\n1,2\n", None).unwrap_err();
        assert!(err.message.contains("cannot tell the layout"), "{err}");
        let err = parse("date,aqi\n2015-12-01,250,7\n", None).unwrap_err();
        assert_eq!(err.location.line, Some(2), "{err}");
        let err = parse("date,aqi\n2015-12-01,250\n2015-12-01,260\n", None).unwrap_err();
        assert!(err.message.contains("repeats"), "{err}");
        let err = parse("date,aqi\n2015-12-01,250\n", Some("Liaocheng")).unwrap_err();
        assert!(err.message.contains("no city_en"), "{err}");
    }

    #[test]
    fn a_time_column_spanning_centuries_is_bad_input() {
        let err = parse("date,aqi\n1900-01-01,50\n2100-01-01,50\n", None).unwrap_err();
        assert!(err.message.contains("more than 100 years"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn no_input_makes_the_loader_panic(text in "(date|time|aqi|pm25|city|,|\n|2015-12-0[1-3]( 0[0-9]:00)?|[0-9]{1,3}|—|聊城|\"|-)*") {
            let _ = parse(&text, None);
            let _ = parse(&text, Some("聊城"));
        }
    }

    #[test]
    fn daily_observations_keep_gaps_and_tell_the_primary_pollutant() {
        let text = "date,aqi,pm25,pm10,so2,no2,co,o3\n2015-12-01,250,200,250,50,60,2.0,40\n2015-12-03,80,30,150,20,30,1.0,50\n";
        let d = parse_daily(text, Path::new("obs.csv"), None).unwrap();
        assert_eq!(d.dates.len(), 3);
        assert_eq!(d.aqi, vec![Some(250.0), None, Some(80.0)]);
        // Day 1: PM2.5 200 µg/m³ → IAQI 250, the largest. Day 3: PM10 150 → 100 beats PM2.5 30 → 43.
        assert_eq!(d.pm25_primary, vec![Some(true), None, Some(false)]);
        let d = parse_daily("date,aqi\n2015-12-01,250\n", Path::new("obs.csv"), None).unwrap();
        assert_eq!(d.pm25_primary, vec![None]);
    }

    #[test]
    fn missing_markers_are_missing_not_zero() {
        let obs = parse(
            "date,aqi\n2015-12-01,—\n2015-12-02,NA\n2015-12-03,12\n",
            None,
        )
        .unwrap();
        assert_eq!(obs.rolling_aqi[0], None);
        assert_eq!(obs.rolling_aqi[24], None);
        assert_eq!(obs.rolling_aqi[48], Some(12.0));
    }
}
