//! `smogsim aqi`: HJ 633-2012 for every row of a CSV file.
//!
//! Owns the CSV format of this command and the errors it reports about the user's file; the
//! standard itself is [`crate::aqi`]'s.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::InputError;
use crate::aqi::{AqiResult, Concentration, Concentrations, Pollutant, aqi_of};
use crate::output::Staged;

const PRECEDENCE_HELP: &str = "\
Which column gives each sub-index:
  SO2    so2_1h (1-hour limits) when the cell is not empty, else so2_24h. When so2_1h is above
         800 µg/m³ HJ 633-2012 computes no 1-hour SO2 index and so2_24h is used instead (the
         sub-index is empty if so2_24h is empty too).
  NO2    no2_1h (1-hour limits) when not empty, else no2_24h.
  CO     co_1h (1-hour limits) when not empty, else co_24h. CO is in mg/m³.
  PM10   pm10_1h when not empty, else pm10_24h; both on the 24-hour limits (Table 1 has no
         1-hour PM limits; the real-time report uses the 24-hour ones).
  PM2.5  pm25_1h when not empty, else pm25_24h; both on the 24-hour limits.
  O3_1h  o3_1h.
  O3_8h  o3_8h; empty above 800 µg/m³ (O3 then counts through O3_1h).

Concentrations are exact decimals: IAQI is rounded up (进位取整) with no floating-point error,
so CO 2.2 gives 55. The output repeats the input columns unchanged and adds
iaqi_so2,iaqi_no2,iaqi_pm10,iaqi_co,iaqi_o3_1h,iaqi_o3_8h,iaqi_pm25 (empty when not computed),
aqi, category (1-6) and primary (首要污染物, names joined by ';', empty when AQI <= 50).
Bad input (an unreadable file, no header, no known column, a known column twice or a column
named like an output column, a cell that is not a non-negative number, a row with the wrong
number of cells) is reported as FILE:LINE:COLUMN: COLUMN-NAME:
MESSAGE with exit code 2.";

#[derive(Debug, clap::Args)]
#[command(after_long_help = PRECEDENCE_HELP)]
pub struct AqiArgs {
    /// Input CSV with a header naming any of so2_24h,no2_24h,pm10_24h,co_24h,o3_1h,o3_8h,pm25_24h
    /// (and optionally so2_1h,no2_1h,co_1h,pm10_1h,pm25_1h). CO in mg/m³, the rest in µg/m³.
    /// A non-empty 1-hour cell takes precedence over the 24-hour cell of the same pollutant
    /// (see --help). Other columns are passed through; an empty cell is missing.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Output CSV: the input columns followed by the IAQIs, AQI, category and primary pollutant.
    /// Written to a temporary file beside it and renamed into place.
    #[arg(long, short)]
    pub output: PathBuf,
}

type Field = fn(&mut Concentrations) -> &mut Option<Concentration>;

/// The concentration columns this command reads, with the field each one fills.
const INPUT_COLUMNS: [(&str, Field); 12] = [
    ("so2_24h", |c| &mut c.so2_24h),
    ("no2_24h", |c| &mut c.no2_24h),
    ("pm10_24h", |c| &mut c.pm10_24h),
    ("co_24h", |c| &mut c.co_24h),
    ("o3_1h", |c| &mut c.o3_1h),
    ("o3_8h", |c| &mut c.o3_8h),
    ("pm25_24h", |c| &mut c.pm25_24h),
    ("so2_1h", |c| &mut c.so2_1h),
    ("no2_1h", |c| &mut c.no2_1h),
    ("co_1h", |c| &mut c.co_1h),
    ("pm10_1h", |c| &mut c.pm10_1h),
    ("pm25_1h", |c| &mut c.pm25_1h),
];

/// The columns this command appends, sub-indices in the order of [`Pollutant::ALL`].
const OUTPUT_COLUMNS: [&str; 10] = [
    "iaqi_so2",
    "iaqi_no2",
    "iaqi_pm10",
    "iaqi_co",
    "iaqi_o3_1h",
    "iaqi_o3_8h",
    "iaqi_pm25",
    "aqi",
    "category",
    "primary",
];

pub fn run(args: &AqiArgs) -> anyhow::Result<()> {
    let input = &args.input;
    // Held in memory so that error lines can be counted from the bytes (see `line_of`); hourly
    // files of several years are a few megabytes.
    let bytes = fs::read(input)
        .map_err(|e| InputError::new(input, format!("cannot read the file: {e}")))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .map_err(|e| csv_error(input, &bytes, e, None))?
        .clone();
    let header_line = header.position().map_or(1, |p| line_of(&bytes, p));
    let columns = known_columns(input, header_line, &header)?;

    let staged = Staged::create(&args.output)?;
    let mut writer = csv::Writer::from_writer(staged.file());
    let output_error = |e: csv::Error| {
        anyhow::Error::from(e).context(format!("cannot write {}", staged.path().display()))
    };
    writer
        .write_record(header.iter().chain(OUTPUT_COLUMNS))
        .map_err(output_error)?;
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(input, &bytes, e, Some(&header)))?
    {
        let line = record.position().map_or(1, |p| line_of(&bytes, p));
        if record.len() != header.len() {
            // Point at the first missing cell, or the first extra one.
            let position = record.len().min(header.len());
            let name = header.get(position).unwrap_or("").trim();
            let message = format!(
                "the row has {} cell{}, the header has {}",
                record.len(),
                if record.len() == 1 { "" } else { "s" },
                header.len()
            );
            return Err(cell_error(input, line, position, name, message));
        }
        let mut concentrations = Concentrations::default();
        for &(position, known) in &columns {
            let cell = record[position].trim();
            if !cell.is_empty() {
                let (name, field) = INPUT_COLUMNS[known];
                let value = cell
                    .parse::<Concentration>()
                    .map_err(|e| cell_error(input, line, position, name, e.to_string()))?;
                *field(&mut concentrations) = Some(value);
            }
        }
        let results = result_cells(&aqi_of(&concentrations));
        writer
            .write_record(record.iter().chain(results.iter().map(String::as_str)))
            .map_err(output_error)?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", staged.path().display()))?;
    drop(writer);
    staged.commit()
}

/// The positions of the known concentration columns: (position in the header, index into
/// [`INPUT_COLUMNS`]).
fn known_columns(
    input: &Path,
    line: usize,
    header: &csv::StringRecord,
) -> anyhow::Result<Vec<(usize, usize)>> {
    if header.is_empty() {
        return Err(
            InputError::new(input, "the file is empty: it needs a header line")
                .at_line(line)
                .into(),
        );
    }
    let mut columns: Vec<(usize, usize)> = Vec::new();
    for (position, name) in header.iter().enumerate() {
        // csv strips a leading UTF-8 BOM; the trim_start_matches is a second line of defence.
        let name = name.trim_start_matches('\u{feff}').trim();
        if OUTPUT_COLUMNS.contains(&name) {
            let message = "the input already has this output column";
            return Err(cell_error(input, line, position, name, message));
        }
        if let Some(known) = INPUT_COLUMNS.iter().position(|(c, _)| *c == name) {
            if columns.iter().any(|&(_, k)| k == known) {
                let message = "the column appears twice";
                return Err(cell_error(input, line, position, name, message));
            }
            columns.push((position, known));
        }
    }
    if columns.is_empty() {
        return Err(InputError::new(
            input,
            format!(
                "the header names none of the concentration columns {}",
                INPUT_COLUMNS.map(|(name, _)| name).join(",")
            ),
        )
        .at_line(line)
        .into());
    }
    Ok(columns)
}

fn result_cells(result: &AqiResult) -> [String; 10] {
    let number = |n: Option<u16>| n.map_or_else(String::new, |n| n.to_string());
    let [so2, no2, pm10, co, o3_1h, o3_8h, pm25] = result.iaqi.map(number);
    let category = result
        .category()
        .map_or_else(String::new, |c| c.level().to_string());
    let primary: Vec<&str> = result.primary().map(Pollutant::name).collect();
    let primary = primary.join(";");
    [
        so2,
        no2,
        pm10,
        co,
        o3_1h,
        o3_8h,
        pm25,
        number(result.aqi),
        category,
        primary,
    ]
}

/// A problem with one cell; `position` counts from 0.
fn cell_error(
    input: &Path,
    line: usize,
    position: usize,
    name: &str,
    message: impl Into<String>,
) -> anyhow::Error {
    InputError::new(input, message)
        .at(line, position + 1)
        .field(name)
        .into()
}

/// The line a record starts on. csv reports the position where it began looking for the record,
/// which lies before any blank lines it then skipped; count those too.
fn line_of(bytes: &[u8], position: &csv::Position) -> usize {
    let mut line = position.line() as usize;
    let start = (position.byte() as usize).min(bytes.len());
    let blank = bytes[start..]
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let skipped = &bytes[start..start + blank];
    for (i, &b) in skipped.iter().enumerate() {
        // "\r\n", "\n" and a lone "\r" each end one line.
        if b == b'\n' || skipped.get(i + 1) != Some(&b'\n') {
            line += 1;
        }
    }
    line
}

fn csv_error(
    input: &Path,
    bytes: &[u8],
    error: csv::Error,
    header: Option<&csv::StringRecord>,
) -> anyhow::Error {
    let line = error.position().map_or(1, |p| line_of(bytes, p));
    match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            let name = header.and_then(|h| h.get(err.field())).unwrap_or("");
            cell_error(input, line, err.field(), name.trim(), "not valid UTF-8")
        }
        csv::ErrorKind::Io(e) => {
            InputError::new(input, format!("cannot read the file: {e}")).into()
        }
        _ => InputError::new(input, error.to_string())
            .at_line(line)
            .into(),
    }
}
