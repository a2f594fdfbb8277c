//! The emission-reduction list (应急减排清单): the industrial enterprises a city's plan acts on,
//! from a scenario's `enterprises.csv` — or from the list as a planner's office keeps it, a GBK
//! CSV or an Excel workbook.
//!
//! Owns the list's format — the columns of [`COLUMNS`], one row per enterprise — its decoding
//! (UTF-8 with or without a byte-order mark, GBK/GB18030, or `.xlsx`, first sheet), its
//! validation, and the typed, struct-of-arrays [`Enterprises`] the rest of the model reads. Every
//! problem is an [`InputError`] naming the file, the row as a spreadsheet numbers it (the header
//! is row 1) and the column. Also writes the list back as CSV ([`Enterprises::to_csv`]), so that
//! the format lives in one place. Knows nothing of what the plan makes each enterprise do, nor of
//! where a synthetic list's numbers came from (`scenarios/*/LIST.md`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use crate::InputError;
use crate::plan::schema::{Grade, ProductionMode};

/// How a guaranteed (保障类) enterprise produces during a warning: 以热定产 (`heat`) or 以量定产
/// (`quota`). The plan's own type, so that the list and the plan cannot disagree on the modes.
pub type GuaranteeMode = ProductionMode;

/// The list's columns. Their order in a file is free; each must appear exactly once.
pub const COLUMNS: [&str; 16] = [
    "id",
    "name",
    "county",
    "industry",
    "grade",
    "guaranteed",
    "guarantee_mode",
    "small_micro",
    "lines",
    "cems",
    "so2_t",
    "nox_t",
    "pm_t",
    "vocs_t",
    "output_wan_yuan",
    "daily_truck_trips",
];

/// The pollutants of the list, in the order of [`Enterprises::emissions`].
pub const POLLUTANT_IDS: [&str; 4] = ["so2", "nox", "pm", "vocs"];

/// Plan §4.7 defines a small-and-micro emitter (小微涉气企业) as emitting less than 100 kg a year
/// in all. This mirrors `rules.small_micro.max_annual_kg` of the plan file (a test holds the two
/// together): the list is checked before any plan is read, and a row that calls itself
/// small-and-micro while emitting more is a mistake in the list whatever the plan.
pub const SMALL_MICRO_MAX_T: f64 = 0.1;

/// The grades in the spelling of the `grade` column.
const GRADES: [(Grade, &str); 6] = [
    (Grade::A, "A"),
    (Grade::B, "B"),
    (Grade::C, "C"),
    (Grade::D, "D"),
    (Grade::Leading, "Leading"),
    (Grade::NonLeading, "NonLeading"),
];

/// The spelling of a grade in the list.
pub fn grade_id(grade: Grade) -> &'static str {
    GRADES
        .iter()
        .find(|(g, _)| *g == grade)
        .map(|(_, s)| *s)
        .expect("every grade has a spelling")
}

/// The grade spelled `s` in the list.
pub fn parse_grade(s: &str) -> Option<Grade> {
    GRADES.iter().find(|(_, id)| *id == s).map(|(g, _)| *g)
}

/// The spelling of a guarantee mode in the list.
pub fn guarantee_mode_id(mode: GuaranteeMode) -> &'static str {
    match mode {
        ProductionMode::HeatDetermined => "heat",
        ProductionMode::QuotaDetermined => "quota",
    }
}

fn parse_guarantee_mode(s: &str) -> Option<GuaranteeMode> {
    match s {
        "heat" => Some(ProductionMode::HeatDetermined),
        "quota" => Some(ProductionMode::QuotaDetermined),
        _ => None,
    }
}

/// The enterprises of an emission-reduction list, validated, one entry per row in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Enterprises {
    pub id: Vec<String>,
    pub name: Vec<String>,
    /// Index into the known counties the list was loaded against.
    pub county: Vec<u16>,
    /// Index into the known industries the list was loaded against.
    pub industry: Vec<u16>,
    pub grade: Vec<Grade>,
    pub guaranteed: Vec<bool>,
    /// Set exactly when `guaranteed` is.
    pub guarantee_mode: Vec<Option<GuaranteeMode>>,
    pub small_micro: Vec<bool>,
    /// Production lines, at least 1: the unit of line-based limits and rotating batches.
    pub lines: Vec<u16>,
    /// Continuous emission monitoring (CEMS) installed.
    pub cems: Vec<bool>,
    /// Annual emissions of SO2, NOx, PM (total particulate as the list reports it) and VOCs, t/yr.
    pub emissions: Vec<[f64; 4]>,
    /// Annual output value, 万元 (10⁴ yuan).
    pub output_wan_yuan: Vec<f64>,
    /// Heavy-truck trips in and out on an ordinary day.
    pub daily_truck_trips: Vec<f64>,
}

impl Enterprises {
    /// Number of enterprises.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Position of the enterprise `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.id.iter().position(|x| x == id)
    }

    /// The county's annual emissions over its listed enterprises, t/yr (so2, nox, pm, vocs).
    pub fn county_totals(&self, county: u16) -> [f64; 4] {
        self.sum_where(|i| self.county[i] == county)
    }

    /// The annual emissions of an industry's listed enterprises, t/yr.
    pub fn industry_totals(&self, industry: u16) -> [f64; 4] {
        self.sum_where(|i| self.industry[i] == industry)
    }

    /// The whole list's annual emissions, t/yr.
    pub fn totals(&self) -> [f64; 4] {
        self.sum_where(|_| true)
    }

    fn sum_where(&self, keep: impl Fn(usize) -> bool) -> [f64; 4] {
        let mut sum = [0.0; 4];
        for (i, e) in self.emissions.iter().enumerate() {
            if keep(i) {
                for (s, v) in sum.iter_mut().zip(e) {
                    *s += v;
                }
            }
        }
        sum
    }

    /// The list as UTF-8 CSV with the header of [`COLUMNS`], names of counties and industries
    /// taken from the lists it was built against. Numbers are written in their shortest form that
    /// reads back to the same value, so that writing and loading is lossless.
    pub fn to_csv(&self, counties: &[&str], industries: &[&str]) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(COLUMNS).expect("writing to memory");
        for i in 0..self.len() {
            let e = &self.emissions[i];
            let flag = |b: bool| if b { "1" } else { "0" };
            let record: [Cow<'_, str>; 16] = [
                Cow::Borrowed(&self.id[i]),
                Cow::Borrowed(&self.name[i]),
                Cow::Borrowed(counties[self.county[i] as usize]),
                Cow::Borrowed(industries[self.industry[i] as usize]),
                Cow::Borrowed(grade_id(self.grade[i])),
                Cow::Borrowed(flag(self.guaranteed[i])),
                Cow::Borrowed(self.guarantee_mode[i].map_or("", guarantee_mode_id)),
                Cow::Borrowed(flag(self.small_micro[i])),
                Cow::Owned(self.lines[i].to_string()),
                Cow::Borrowed(flag(self.cems[i])),
                Cow::Owned(e[0].to_string()),
                Cow::Owned(e[1].to_string()),
                Cow::Owned(e[2].to_string()),
                Cow::Owned(e[3].to_string()),
                Cow::Owned(self.output_wan_yuan[i].to_string()),
                Cow::Owned(self.daily_truck_trips[i].to_string()),
            ];
            w.write_record(record.iter().map(|c| c.as_bytes()))
                .expect("writing to memory");
        }
        let bytes = w.into_inner().expect("writing to memory");
        String::from_utf8(bytes).expect("the fields are UTF-8")
    }
}

/// Load and validate the list at `path`: an Excel workbook if the name ends in `.xlsx`, CSV
/// otherwise. `known_counties` and `known_industries` are the ids the `county` and `industry`
/// columns may take; the loaded indices point into them.
pub fn load_enterprises(
    path: &Path,
    known_counties: &[&str],
    known_industries: &[&str],
) -> Result<Enterprises, InputError> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::new(path, format!("cannot read: {e}")))?;
    parse_enterprises(&bytes, path, known_counties, known_industries)
}

/// Parse and validate a list from the bytes of a file, naming `path` in messages; `path`'s
/// extension also tells an Excel workbook (`.xlsx`) from CSV.
pub fn parse_enterprises(
    bytes: &[u8],
    path: &Path,
    known_counties: &[&str],
    known_industries: &[&str],
) -> Result<Enterprises, InputError> {
    let known = Known {
        counties: known_counties,
        industries: known_industries,
        grades: None,
    };
    parse_against(bytes, path, &known)
}

/// As [`parse_enterprises`], and each firm's grade must be one its industry uses:
/// `grades[industry]` lists them (empty: an ungraded industry, whose firms are `NonLeading`).
pub fn parse_enterprises_graded(
    bytes: &[u8],
    path: &Path,
    known_counties: &[&str],
    known_industries: &[&str],
    grades: &[Vec<Grade>],
) -> Result<Enterprises, InputError> {
    let known = Known {
        counties: known_counties,
        industries: known_industries,
        grades: Some(grades),
    };
    parse_against(bytes, path, &known)
}

fn parse_against(bytes: &[u8], path: &Path, known: &Known<'_>) -> Result<Enterprises, InputError> {
    let sheet = if is_xlsx(path) {
        read_xlsx(bytes, path)?
    } else {
        read_csv(bytes, path)?
    };
    validate(&sheet, path, known)
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A file read as a grid of text cells, before any column means anything.
struct Sheet {
    header: Vec<String>,
    /// Data rows with their row number as a spreadsheet shows it.
    rows: Vec<(usize, Vec<String>)>,
    /// 1-based spreadsheet row of the header.
    header_row: usize,
    /// Columns left of the first one read (a workbook whose table does not start in column A).
    first_column: usize,
}

// ------------------------------------------------------------------------------------ CSV

/// The text of a CSV file. Chinese offices save CSV as GBK, which is rarely valid UTF-8, so
/// anything that is not UTF-8 is read as GBK (its GB18030 superset, as the Encoding Standard
/// decodes it).
fn decode(bytes: &[u8], path: &Path) -> Result<String, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(InputError::new(
            path,
            "this is an Excel workbook or another zip archive, not CSV: name it .xlsx",
        ));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(InputError::new(
            path,
            "UTF-16 text is not read: save the list as CSV in UTF-8 or GBK, or as .xlsx",
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    if had_errors {
        let valid = std::str::from_utf8(bytes)
            .err()
            .map_or(bytes.len(), |e| e.valid_up_to());
        return Err(InputError::new(
            path,
            format!(
                "neither UTF-8 nor GBK text (the first byte that is not UTF-8 is byte {valid}): save the list as CSV in UTF-8 or GBK, or as .xlsx"
            ),
        ));
    }
    Ok(text.into_owned())
}

fn read_csv(bytes: &[u8], path: &Path) -> Result<Sheet, InputError> {
    let text = decode(bytes, path)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // A spreadsheet shows a record with line breaks inside a quoted cell as one row, and a blank
    // line (which the reader skips) as an empty row; the row number counts both that way.
    let mut line_breaks_so_far = 0;
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e, line_breaks_so_far))?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let row = line - line_breaks_so_far;
        line_breaks_so_far += record
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
        records.push((row, record.iter().map(|f| f.trim().to_string()).collect()));
    }
    let mut records = records.into_iter();
    let Some((header_row, header)) = records.next() else {
        return Err(
            InputError::new(path, "the file is empty: the header row is required").at_line(1),
        );
    };
    Ok(Sheet {
        header,
        rows: records.collect(),
        header_row,
        first_column: 0,
    })
}

fn csv_error(path: &Path, e: &csv::Error, line_breaks: usize) -> InputError {
    let mut err = InputError::new(path, e.to_string());
    if let Some(pos) = e.position() {
        err = err.at_line((pos.line() as usize).saturating_sub(line_breaks).max(1));
    }
    err
}

// ----------------------------------------------------------------------------------- XLSX

fn read_xlsx(bytes: &[u8], path: &Path) -> Result<Sheet, InputError> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| InputError::new(path, format!("not a readable .xlsx workbook: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| InputError::new(path, "the workbook has no sheet"))?
        .map_err(|e| InputError::new(path, format!("cannot read the first sheet: {e}")))?;
    let Some((first_row, first_col)) = range.start() else {
        return Err(InputError::new(
            path,
            "the first sheet is empty: the header row is required",
        ));
    };
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            (
                first_row as usize + i + 1,
                cells.iter().map(cell_text).collect::<Vec<String>>(),
            )
        })
        .collect::<Vec<_>>()
        .into_iter();
    let (header_row, header) = rows.next().expect("a range with a start has a row");
    Ok(Sheet {
        header,
        rows: rows.collect(),
        header_row,
        first_column: first_col as usize,
    })
}

/// A cell as the text a CSV export of it would hold; numbers in their shortest exact form.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

// ------------------------------------------------------------------------------ validation

struct Known<'a> {
    counties: &'a [&'a str],
    industries: &'a [&'a str],
    /// Per industry, the grades it uses (empty: ungraded), when the caller knows them.
    grades: Option<&'a [Vec<Grade>]>,
}

/// Where each of [`COLUMNS`] sits in the file.
fn columns(sheet: &Sheet, path: &Path) -> Result<[usize; 16], InputError> {
    let at = |i: usize| sheet.first_column + i + 1;
    if sheet.header.iter().all(String::is_empty) {
        return Err(InputError::new(path, "the header row is empty").at_line(sheet.header_row));
    }
    let mut found: [Option<usize>; 16] = [None; 16];
    for (i, name) in sheet.header.iter().enumerate() {
        if name.is_empty()
            && sheet
                .rows
                .iter()
                .all(|(_, r)| r.get(i).is_none_or(String::is_empty))
        {
            // An empty column a spreadsheet carried along: no name, no data.
            continue;
        }
        let Some(k) = COLUMNS.iter().position(|c| c == name) else {
            let lower = name.to_lowercase();
            let hint = if COLUMNS.contains(&lower.as_str()) {
                format!("; names are lower case: `{lower}`")
            } else {
                format!("; the columns are {}", COLUMNS.join(", "))
            };
            return Err(
                InputError::new(path, format!("unknown column `{name}`{hint}"))
                    .at(sheet.header_row, at(i))
                    .field(name.clone()),
            );
        };
        if let Some(j) = found[k] {
            return Err(InputError::new(
                path,
                format!(
                    "column `{name}` appears twice (columns {} and {})",
                    at(j),
                    at(i)
                ),
            )
            .at(sheet.header_row, at(i))
            .field(name.clone()));
        }
        found[k] = Some(i);
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(c, _)| format!("`{c}`"))
        .collect();
    if !missing.is_empty() {
        return Err(
            InputError::new(path, format!("missing columns: {}", missing.join(", ")))
                .at_line(sheet.header_row)
                .field(
                    COLUMNS
                        .iter()
                        .zip(&found)
                        .find(|(_, f)| f.is_none())
                        .map_or("", |(c, _)| *c),
                ),
        );
    }
    Ok(found.map(|f| f.expect("checked above")))
}

fn validate(sheet: &Sheet, path: &Path, known: &Known<'_>) -> Result<Enterprises, InputError> {
    let col = columns(sheet, path)?;
    let mut list = Enterprises::default();
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for (row, cells) in &sheet.rows {
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let cell = |k: usize| Cell {
            path,
            row: *row,
            column: sheet.first_column + col[k] + 1,
            name: COLUMNS[k],
            raw: cells.get(col[k]).map_or("", String::as_str),
        };

        let id = cell(0).text()?;
        if let Some(&other) = first_row.get(&id) {
            return Err(cell(0).error(format!("`{id}` repeats the id of row {other}")));
        }
        first_row.insert(id.clone(), *row);
        let name = cell(1).text()?;
        let county = cell(2).one_of(known.counties, "county")?;
        let industry = cell(3).one_of(known.industries, "industry")?;
        let grade = cell(4).grade()?;
        if let Some(allowed) = known.grades.and_then(|g| g.get(usize::from(industry))) {
            let ok = if allowed.is_empty() {
                grade == Grade::NonLeading
            } else {
                allowed.contains(&grade)
            };
            if !ok {
                let expected: Vec<&str> = if allowed.is_empty() {
                    vec!["NonLeading"]
                } else {
                    allowed.iter().map(|g| grade_id(*g)).collect()
                };
                return Err(cell(4).error(format!(
                    "`{}` is not a grade of industry `{}`: expected one of {}",
                    grade_id(grade),
                    known.industries[usize::from(industry)],
                    expected.join(", ")
                )));
            }
        }
        let guaranteed = cell(5).flag()?;
        let mode = cell(6).guarantee_mode()?;
        match (guaranteed, mode) {
            (false, Some(_)) => {
                return Err(cell(6).error(
                    "a guarantee mode is given but `guaranteed` is 0: only guaranteed enterprises have one",
                ));
            }
            (true, None) => {
                return Err(cell(6).error(
                    "a guaranteed enterprise needs its mode: `heat` (以热定产) or `quota` (以量定产)",
                ));
            }
            _ => {}
        }
        let small_micro = cell(7).flag()?;
        let lines = cell(8).lines()?;
        let cems = cell(9).flag()?;
        let emissions = [
            cell(10).non_negative()?,
            cell(11).non_negative()?,
            cell(12).non_negative()?,
            cell(13).non_negative()?,
        ];
        let total: f64 = emissions.iter().sum();
        if small_micro && total >= SMALL_MICRO_MAX_T {
            return Err(cell(7).error(format!(
                "a small-and-micro emitter emits less than {SMALL_MICRO_MAX_T} t a year in all (plan §4.7); this row emits {total} t"
            )));
        }
        let output = cell(14).non_negative()?;
        let trips = cell(15).non_negative()?;

        list.id.push(id);
        list.name.push(name);
        list.county.push(county);
        list.industry.push(industry);
        list.grade.push(grade);
        list.guaranteed.push(guaranteed);
        list.guarantee_mode.push(mode);
        list.small_micro.push(small_micro);
        list.lines.push(lines);
        list.cems.push(cems);
        list.emissions.push(emissions);
        list.output_wan_yuan.push(output);
        list.daily_truck_trips.push(trips);
    }
    Ok(list)
}

/// One cell being read, for located errors.
struct Cell<'a> {
    path: &'a Path,
    row: usize,
    /// 1-based column as the file shows it.
    column: usize,
    name: &'a str,
    raw: &'a str,
}

impl Cell<'_> {
    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.path, message)
            .at(self.row, self.column)
            .field(self.name)
    }

    fn text(&self) -> Result<String, InputError> {
        if self.raw.is_empty() {
            return Err(self.error("is empty"));
        }
        Ok(self.raw.to_string())
    }

    fn one_of(&self, known: &[&str], what: &str) -> Result<u16, InputError> {
        if let Some(i) = known.iter().position(|k| *k == self.raw) {
            return Ok(i as u16);
        }
        let shown: Vec<&str> = known.iter().take(12).copied().collect();
        let more = if known.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        Err(self.error(format!(
            "`{}` is not a known {what}: expected one of {}{more}",
            self.raw,
            shown.join(", ")
        )))
    }

    fn grade(&self) -> Result<Grade, InputError> {
        parse_grade(self.raw).ok_or_else(|| {
            let names: Vec<&str> = GRADES.iter().map(|(_, s)| *s).collect();
            self.error(format!(
                "`{}` is not a grade: expected one of {}",
                self.raw,
                names.join(", ")
            ))
        })
    }

    fn guarantee_mode(&self) -> Result<Option<GuaranteeMode>, InputError> {
        if self.raw.is_empty() {
            return Ok(None);
        }
        parse_guarantee_mode(self.raw).map(Some).ok_or_else(|| {
            self.error(format!(
                "`{}` is not a guarantee mode: expected `heat`, `quota` or nothing",
                self.raw
            ))
        })
    }

    fn flag(&self) -> Result<bool, InputError> {
        match self.raw {
            "1" => Ok(true),
            "0" => Ok(false),
            s if s.eq_ignore_ascii_case("true") => Ok(true),
            s if s.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(self.error(format!("`{}` is not 0 or 1", self.raw))),
        }
    }

    fn lines(&self) -> Result<u16, InputError> {
        let n: u16 = self.raw.parse().map_err(|_| {
            self.error(format!(
                "`{}` is not a whole number of production lines",
                self.raw
            ))
        })?;
        if n < 1 {
            return Err(self.error("an enterprise has at least 1 production line"));
        }
        Ok(n)
    }

    /// A finite number, at least 0. An empty cell is an error, never zero: a missing figure
    /// must be said.
    fn non_negative(&self) -> Result<f64, InputError> {
        if self.raw.is_empty() {
            return Err(self.error("is empty: write 0 if there is none"));
        }
        let v: f64 = self
            .raw
            .parse()
            .map_err(|_| self.error(format!("`{}` is not a number", self.raw)))?;
        if !v.is_finite() {
            return Err(self.error(format!("`{}` is not a finite number", self.raw)));
        }
        if v < 0.0 {
            return Err(self.error(format!("`{}` is negative: must be >= 0", self.raw)));
        }
        // `-0` parses as negative zero: store it as 0 so that it prints as 0.
        Ok(v + 0.0)
    }
}

#[cfg(test)]
#[path = "enterprises_tests.rs"]
mod tests;
