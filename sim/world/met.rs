//! Hourly meteorology files: the two UCI Beijing datasets, read into the fit's hourly series.
//!
//! The format is told from the header:
//! - **multi-site** (`PRSA_Data_<Station>_20130301-20170228.csv`): quoted header with `WSPM`
//!   (wind, m/s), `TEMP`, `DEWP` (°C), `RAIN` (mm in the hour), `PM2.5`; `NA` is missing; CRLF.
//!   Several stations at the same hours are averaged hour by hour (each variable over the
//!   stations that report it); an hour is wet if any station measured precipitation.
//! - **PM2.5 2010–2014** (`PRSA_data_2010.1.1-2014.12.31.csv`): `Iws` is the wind speed
//!   *cumulated* (m/s summed over hours) while the combined direction `cbwd` stays the same and
//!   restarting when it changes, so an hour's speed is `Iws` minus the previous hour's when the
//!   direction is unchanged and `Iws` itself when it changed (or when `Iws` fell, which only a
//!   restart explains). `Ir`/`Is` are cumulated hours of rain/snow: an hour is wet when either is
//!   positive. No amounts. An empty field is missing.
//!
//! Every value is checked; a problem is an [`InputError`] naming the file, the line, the column
//! (in characters) and the column's name. Owns parsing only; knows nothing of the fit.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::weather::fit::HourlyMet;
use crate::{InputError, InputErrors};

/// The two layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetFormat {
    MultiSite,
    Pm25,
}

impl MetFormat {
    pub fn describe(self) -> &'static str {
        match self {
            MetFormat::MultiSite => "UCI Beijing multi-site (station mean)",
            MetFormat::Pm25 => "UCI Beijing PM2.5 (airport meteorology)",
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            MetFormat::MultiSite => &[
                "year", "month", "day", "hour", "PM2.5", "TEMP", "DEWP", "RAIN", "WSPM",
            ],
            MetFormat::Pm25 => &[
                "year", "month", "day", "hour", "pm2.5", "DEWP", "TEMP", "cbwd", "Iws", "Is", "Ir",
            ],
        }
    }
}

/// What was read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct MetFile {
    pub path: PathBuf,
    pub format: MetFormat,
    pub rows: usize,
    pub first: NaiveDateTime,
    pub last: NaiveDateTime,
}

/// One file's hours, before files of the same format are averaged.
#[derive(Debug, Clone)]
struct Series {
    start: NaiveDateTime,
    wind: Vec<Option<f64>>,
    temp: Vec<Option<f64>>,
    dewp: Vec<Option<f64>>,
    precip: Vec<Option<f64>>,
    wet: Vec<Option<bool>>,
    pm25: Vec<Option<f64>>,
}

/// Observations spanning longer than this are a mistake in the time columns.
const MAX_SPAN_HOURS: i64 = 50 * 366 * 24;

/// Read every file, then average the files of each format hour by hour. Series come out
/// multi-site first. All bad files are reported, each at its first problem.
pub fn load_met(paths: &[PathBuf]) -> Result<(Vec<HourlyMet>, Vec<MetFile>), InputErrors> {
    let mut errors = Vec::new();
    let mut read: Vec<(MetFile, Series)> = Vec::new();
    for path in paths {
        match load_one(path) {
            Ok(x) => read.push(x),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let mut out = Vec::new();
    for format in [MetFormat::MultiSite, MetFormat::Pm25] {
        let mut group: Vec<&(MetFile, Series)> =
            read.iter().filter(|(f, _)| f.format == format).collect();
        if group.is_empty() {
            continue;
        }
        // Sums depend on their order: sorting makes the mean independent of the argument order.
        group.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        let label = match (format, group.len()) {
            (MetFormat::MultiSite, n) => format!("UCI Beijing multi-site, mean of {n} stations"),
            (MetFormat::Pm25, 1) => "UCI Beijing PM2.5 2010-2014 (airport meteorology)".to_string(),
            (MetFormat::Pm25, n) => format!("UCI Beijing PM2.5 format, mean of {n} files"),
        };
        out.push(average(label, group.iter().map(|(_, s)| s)));
    }
    Ok((out, read.into_iter().map(|(f, _)| f).collect()))
}

fn load_one(path: &Path) -> Result<(MetFile, Series), InputError> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::new(path, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::new(
            path,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    parse_met(&text, path)
}

/// A cell's location and name, for errors.
struct Cell<'a> {
    text: &'a str,
    path: &'a Path,
    line: usize,
    record_start: usize,
    index: usize,
    name: &'a str,
}

impl Cell<'_> {
    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.path, message)
            .at(
                self.line,
                field_column(self.text, self.record_start, self.index),
            )
            .field(self.name)
    }
}

/// The 1-based character column where field `index` of the record at `record_start` begins.
fn field_column(text: &str, record_start: usize, index: usize) -> usize {
    let mut column = 1;
    let mut field = 0;
    let mut quoted = false;
    for c in text[record_start.min(text.len())..].chars() {
        if field == index {
            break;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => field += 1,
            '\r' | '\n' if !quoted => break,
            _ => {}
        }
        column += 1;
    }
    column
}

fn missing(raw: &str) -> bool {
    raw.is_empty() || raw.eq_ignore_ascii_case("na")
}

fn number(cell: &Cell<'_>, raw: &str) -> Result<Option<f64>, InputError> {
    if missing(raw) {
        return Ok(None);
    }
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(cell.error(format!(
            "`{raw}` is not a number (or NA / empty for missing)"
        ))),
    }
}

fn in_range(
    cell: &Cell<'_>,
    v: Option<f64>,
    lo: f64,
    hi: f64,
    what: &str,
) -> Result<Option<f64>, InputError> {
    match v {
        Some(x) if !(lo..=hi).contains(&x) => Err(cell.error(format!(
            "{x} is not a plausible {what} (expected {lo} to {hi})"
        ))),
        _ => Ok(v),
    }
}

/// Parse one file's text, named `path` in messages.
fn parse_met(text: &str, path: &Path) -> Result<(MetFile, Series), InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let has = |name: &str| headers.iter().any(|h| h == name);
    let format = if has("WSPM") {
        MetFormat::MultiSite
    } else if has("Iws") && has("cbwd") {
        MetFormat::Pm25
    } else {
        return Err(InputError::new(
            path,
            format!(
                "unknown layout (header: {}): expected the UCI Beijing multi-site header (with WSPM, TEMP, DEWP, RAIN) or the UCI Beijing PM2.5 header (with cbwd, Iws, Is, Ir)",
                headers.join(",")
            ),
        )
        .at(1, 1));
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut cols = Vec::new();
    for name in format.required() {
        match col(name) {
            Some(c) => cols.push(c),
            None => {
                return Err(InputError::new(
                    path,
                    format!("the {} header has no `{name}` column", format.describe()),
                )
                .at(1, 1));
            }
        }
    }

    struct Row {
        line: usize,
        time: NaiveDateTime,
        wind: Option<f64>,
        temp: Option<f64>,
        dewp: Option<f64>,
        precip: Option<f64>,
        wet: Option<bool>,
        pm25: Option<f64>,
    }
    let mut rows: Vec<Row> = Vec::new();
    // Previous row's (time, direction, cumulated speed), for the PM2.5 file's Iws.
    let mut previous: Option<(NaiveDateTime, Option<String>, Option<f64>)> = None;
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let pos = record
            .position()
            .expect("records read from text have a position");
        // With CRLF endings the reader's position can sit on the previous line's `\n`.
        let (mut line, mut record_start) = (pos.line() as usize, pos.byte() as usize);
        while let Some(b) = text
            .as_bytes()
            .get(record_start)
            .filter(|b| matches!(b, b'\r' | b'\n'))
        {
            line += usize::from(*b == b'\n');
            record_start += 1;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cell = |k: usize| Cell {
            text,
            path,
            line,
            record_start,
            index: cols[k],
            name: format.required()[k],
        };
        let raw = |k: usize| record.get(cols[k]).unwrap_or("").trim();
        let int = |k: usize| -> Result<u32, InputError> {
            raw(k)
                .parse::<u32>()
                .map_err(|_| cell(k).error(format!("`{}` is not a whole number", raw(k))))
        };
        let (y, m, d, h) = (int(0)?, int(1)?, int(2)?, int(3)?);
        let time = NaiveDate::from_ymd_opt(y as i32, m, d)
            .zip(NaiveTime::from_hms_opt(h, 0, 0))
            .map(|(date, t)| date.and_time(t))
            .ok_or_else(|| cell(0).error(format!("{y}-{m}-{d} {h}:00 is not a date and hour")))?;
        if let Some(last) = rows.last()
            && time <= last.time
        {
            return Err(cell(3).error(format!(
                "{} does not follow line {}'s {}: rows must run forward in time",
                time.format("%Y-%m-%d %H:00"),
                last.line,
                last.time.format("%Y-%m-%d %H:00")
            )));
        }
        let row = match format {
            MetFormat::MultiSite => {
                let v = |k: usize| number(&cell(k), raw(k));
                let precip = in_range(&cell(7), v(7)?, 0.0, 500.0, "hourly precipitation in mm")?;
                Row {
                    line,
                    time,
                    pm25: in_range(&cell(4), v(4)?, 0.0, 5000.0, "PM2.5 in µg/m³")?,
                    temp: in_range(&cell(5), v(5)?, -60.0, 60.0, "temperature in °C")?,
                    dewp: in_range(&cell(6), v(6)?, -80.0, 60.0, "dew point in °C")?,
                    precip,
                    wet: precip.map(|p| p > 0.0),
                    wind: in_range(&cell(8), v(8)?, 0.0, 75.0, "wind speed in m/s")?,
                }
            }
            MetFormat::Pm25 => {
                let v = |k: usize| number(&cell(k), raw(k));
                let direction = Some(raw(7).to_string()).filter(|s| !missing(s));
                if let Some(dir) = &direction
                    && !["NE", "NW", "SE", "SW", "cv"].contains(&dir.as_str())
                {
                    return Err(cell(7).error(format!(
                        "`{dir}` is not a combined wind direction (NE, NW, SE, SW, cv)"
                    )));
                }
                let cumulated = in_range(&cell(8), v(8)?, 0.0, 1.0e6, "cumulated wind speed")?;
                let rain_hours = in_range(&cell(10), v(10)?, 0.0, 1.0e4, "cumulated hours")?;
                let snow_hours = in_range(&cell(9), v(9)?, 0.0, 1.0e4, "cumulated hours")?;
                let wind = hourly_speed(previous.as_ref(), time, direction.as_deref(), cumulated);
                previous = Some((time, direction, cumulated));
                Row {
                    line,
                    time,
                    pm25: in_range(&cell(4), v(4)?, 0.0, 5000.0, "PM2.5 in µg/m³")?,
                    dewp: in_range(&cell(5), v(5)?, -80.0, 60.0, "dew point in °C")?,
                    temp: in_range(&cell(6), v(6)?, -60.0, 60.0, "temperature in °C")?,
                    precip: None,
                    wet: match (rain_hours, snow_hours) {
                        (Some(r), Some(s)) => Some(r > 0.0 || s > 0.0),
                        (Some(x), None) | (None, Some(x)) if x > 0.0 => Some(true),
                        _ => None,
                    },
                    wind,
                }
            }
        };
        rows.push(row);
    }
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Err(InputError::new(path, "no data rows").at_line(2));
    };
    let (first, last) = (first.time, last.time);
    if (last - first).num_hours() > MAX_SPAN_HOURS {
        return Err(InputError::new(
            path,
            format!(
                "the rows span {} .. {}: check the year column",
                first.format("%Y-%m-%d"),
                last.format("%Y-%m-%d")
            ),
        ));
    }
    let start = first.date().and_time(NaiveTime::MIN);
    let hours = (last - start).num_hours() as usize + 1;
    let mut s = Series {
        start,
        wind: vec![None; hours],
        temp: vec![None; hours],
        dewp: vec![None; hours],
        precip: vec![None; hours],
        wet: vec![None; hours],
        pm25: vec![None; hours],
    };
    for r in &rows {
        let i = (r.time - start).num_hours() as usize;
        s.wind[i] = r.wind;
        s.temp[i] = r.temp;
        s.dewp[i] = r.dewp;
        s.precip[i] = r.precip;
        s.wet[i] = r.wet;
        s.pm25[i] = r.pm25;
    }
    let file = MetFile {
        path: path.to_path_buf(),
        format,
        rows: rows.len(),
        first,
        last,
    };
    Ok((file, s))
}

/// The hour's speed from the cumulated `Iws` (see the module documentation). Unknown when this
/// or the previous hour's direction or sum is missing, or the previous row is not the
/// previous hour, since the sum's restart cannot then be told.
fn hourly_speed(
    previous: Option<&(NaiveDateTime, Option<String>, Option<f64>)>,
    time: NaiveDateTime,
    direction: Option<&str>,
    cumulated: Option<f64>,
) -> Option<f64> {
    let now = cumulated?;
    let direction = direction?;
    match previous {
        Some((t, Some(dir), Some(before)))
            if *t + chrono::Duration::hours(1) == time && dir == direction =>
        {
            if now >= *before {
                Some(now - before)
            } else {
                Some(now)
            }
        }
        Some((t, Some(dir), _)) if *t + chrono::Duration::hours(1) == time && dir != direction => {
            Some(now)
        }
        _ => None,
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let mut err = InputError::new(path, format!("not a readable CSV file: {e}"));
    if let Some(p) = e.position() {
        err = err.at_line(p.line() as usize);
    }
    err
}

/// Hour-by-hour mean of several files of one format.
fn average<'a>(label: String, series: impl Iterator<Item = &'a Series> + Clone) -> HourlyMet {
    let start = series
        .clone()
        .map(|s| s.start)
        .min()
        .expect("a group has files");
    let end = series
        .clone()
        .map(|s| s.start + chrono::Duration::hours(s.wind.len() as i64))
        .max()
        .expect("a group has files");
    let hours = (end - start).num_hours() as usize;
    let mut out = HourlyMet::new(label, start, hours);
    let mut sums = vec![[0.0f64; 5]; hours];
    let mut counts = vec![[0u32; 5]; hours];
    for s in series {
        let offset = (s.start - start).num_hours() as usize;
        for i in 0..s.wind.len() {
            let j = offset + i;
            for (k, v) in [s.wind[i], s.temp[i], s.dewp[i], s.precip[i], s.pm25[i]]
                .into_iter()
                .enumerate()
            {
                if let Some(v) = v {
                    sums[j][k] += v;
                    counts[j][k] += 1;
                }
            }
            if let Some(w) = s.wet[i] {
                out.wet[j] = Some(out.wet[j].unwrap_or(false) || w);
            }
        }
    }
    let mean = |j: usize, k: usize| (counts[j][k] > 0).then(|| sums[j][k] / counts[j][k] as f64);
    for j in 0..hours {
        out.wind[j] = mean(j, 0);
        out.temp[j] = mean(j, 1);
        out.dewp[j] = mean(j, 2);
        out.precip_mm[j] = mean(j, 3);
        out.pm25[j] = mean(j, 4);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MULTI: &str = "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\",\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"\r\n\
1,2013,3,1,0,4,4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",4.4,\"A\"\r\n\
2,2013,3,1,1,NA,8,4,7,300,77,-1.1,1023.2,-18.2,0.3,\"N\",4.7,\"A\"\r\n";

    const PM25: &str = "No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir\r\n\
1,2010,1,1,0,,-21,-11,1021,NW,1.79,0,0\r\n\
2,2010,1,1,1,,-21,-12,1020,NW,4.92,0,0\r\n\
3,2010,1,1,2,129,-16,-4,1020,SE,1.79,0,0\r\n\
4,2010,1,1,3,148,-15,-4,1020,SE,2.68,0,1\r\n";

    #[test]
    fn multi_site_rows_are_read_with_na_missing() {
        let (file, s) = parse_met(MULTI, Path::new("m.csv")).unwrap();
        assert_eq!(file.format, MetFormat::MultiSite);
        assert_eq!(file.rows, 2);
        assert_eq!(s.wind[..2], [Some(4.4), Some(4.7)]);
        assert_eq!(s.pm25[1], None);
        assert_eq!(s.wet[..2], [Some(false), Some(true)]);
    }

    #[test]
    fn cumulated_wind_is_differenced_within_a_direction_and_restarts_with_it() {
        let (file, s) = parse_met(PM25, Path::new("p.csv")).unwrap();
        assert_eq!(file.format, MetFormat::Pm25);
        assert_eq!(
            s.wind[0], None,
            "the first hour's start of the sum is unknown"
        );
        assert!((s.wind[1].unwrap() - 3.13).abs() < 1e-9);
        assert!(
            (s.wind[2].unwrap() - 1.79).abs() < 1e-9,
            "direction changed"
        );
        assert!((s.wind[3].unwrap() - 0.89).abs() < 1e-9);
        assert_eq!(
            s.wet[..4],
            [Some(false), Some(false), Some(false), Some(true)]
        );
        assert_eq!(s.precip[3], None);
    }

    #[test]
    fn a_bad_cell_is_located_by_line_and_character_column() {
        let bad = MULTI.replace("4.7,\"A\"", "fast,\"A\"");
        let err = parse_met(&bad, Path::new("m.csv")).unwrap_err();
        assert_eq!(err.location.line, Some(3), "{err}");
        assert_eq!(err.field, "WSPM");
        let line3 = bad.lines().nth(2).unwrap();
        assert_eq!(
            err.location.column,
            Some(line3.find("fast").unwrap() + 1),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_header_is_an_error_at_line_1() {
        let err = parse_met("a,b\n1,2\n", Path::new("x.csv")).unwrap_err();
        assert_eq!(err.location.line, Some(1));
        assert!(err.message.contains("unknown layout"), "{err}");
    }

    #[test]
    fn stations_are_averaged_hour_by_hour() {
        let (_, a) = parse_met(MULTI, Path::new("a.csv")).unwrap();
        let other = MULTI.replace(",4.4,", ",2.4,");
        let (_, b) = parse_met(&other, Path::new("b.csv")).unwrap();
        let m = average("t".into(), [a, b].iter());
        assert!((m.wind[0].unwrap() - 3.4).abs() < 1e-9);
        assert!((m.precip_mm[1].unwrap() - 0.3).abs() < 1e-9);
    }
}
