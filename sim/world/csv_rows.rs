//! Reading a scenario CSV table whose header is fixed: the rows with their line numbers, and
//! cells parsed into numbers, shares and names with errors located at `file:line:column`.
//!
//! Owns the conventions every such table follows (UTF-8 with or without a byte-order mark,
//! trimmed cells, blank lines skipped, an empty cell is never zero, the header exactly as
//! documented). Knows nothing of what any table means: callers give the expected header and
//! turn cells into their own types.

use std::collections::HashMap;
use std::path::Path;

use crate::InputError;

/// One data row: its 1-based line in the file and its cells.
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A reader of CSV `text` with its header row read: UTF-8 with or without a byte-order mark,
/// cells trimmed, rows of any length (the caller checks them against the header).
pub fn reader<'a>(
    text: &'a str,
    path: &Path,
) -> Result<(csv::Reader<&'a [u8]>, Vec<String>), InputError> {
    // Spreadsheet programs save UTF-8 CSV with a byte-order mark; it is not part of a name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(str::to_string)
        .collect();
    Ok((reader, header))
}

/// A row whose length is not the header's, located at its line.
pub fn length_error(path: &Path, line: usize, fields: usize, header: usize) -> InputError {
    InputError::new(
        path,
        format!("the row has {fields} fields, the header {header}"),
    )
    .at_line(line)
}

/// The data rows of CSV `text`, after checking that its header is exactly `expected`.
pub fn read_rows(text: &str, path: &Path, expected: &[&str]) -> Result<Vec<Row>, InputError> {
    let (mut reader, header) = reader(text, path)?;
    check_header(&header, expected, path)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            return Err(length_error(path, line, record.len(), header.len()));
        }
        rows.push(Row {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

/// The header must be exactly `expected`: the loaders read columns by position, and a renamed
/// or shuffled column is far more often a mistake than an intent.
fn check_header(header: &[String], expected: &[&str], path: &Path) -> Result<(), InputError> {
    if header.iter().all(String::is_empty) {
        return Err(
            InputError::new(path, "the file is empty: the header row is required").at_line(1),
        );
    }
    let mut problems: Vec<String> = Vec::new();
    let mut first_col: Option<usize> = None;
    let mut note = |col: usize| first_col = Some(first_col.map_or(col, |c: usize| c.min(col)));

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if let Some(&j) = seen.get(name.as_str()) {
            problems.push(format!(
                "column `{name}` appears twice (columns {} and {})",
                j + 1,
                i + 1
            ));
            note(i + 1);
        } else {
            seen.insert(name, i);
        }
    }
    let unknown: Vec<(usize, &String)> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| !expected.contains(&h.as_str()))
        .collect();
    if !unknown.is_empty() {
        let list: Vec<String> = unknown
            .iter()
            .map(|(i, h)| {
                let lower = h.to_lowercase();
                if h.as_str() != lower && expected.contains(&lower.as_str()) {
                    format!("`{h}` (column {}; names are lower case: `{lower}`)", i + 1)
                } else {
                    format!("`{h}` (column {})", i + 1)
                }
            })
            .collect();
        problems.push(format!("unknown columns: {}", list.join(", ")));
        note(unknown[0].0 + 1);
    }
    let missing: Vec<String> = expected
        .iter()
        .filter(|e| !header.iter().any(|h| h == *e))
        .map(|m| format!("`{m}`"))
        .collect();
    if !missing.is_empty() {
        problems.push(format!("missing columns: {}", missing.join(", ")));
    }
    if problems.is_empty()
        && let Some(i) = header.iter().zip(expected).position(|(h, e)| h != e)
    {
        problems.push(format!(
            "column {} is `{}` where `{}` belongs: the columns must be in the documented order",
            i + 1,
            header[i],
            expected[i]
        ));
        note(i + 1);
    }
    if problems.is_empty() {
        return Ok(());
    }
    let err = InputError::new(path, format!("bad header: {}", problems.join("; ")));
    Err(match first_col {
        Some(col) => err.at(1, col).field(header[col - 1].clone()),
        None => err.at_line(1),
    })
}

/// One cell being read, for located errors.
pub struct Cell<'a> {
    pub path: &'a Path,
    pub line: usize,
    /// 0-based column.
    pub col: usize,
    pub name: &'a str,
    pub raw: &'a str,
}

impl<'a> Cell<'a> {
    /// Cell `col` of `row`, named by the header `names`.
    pub fn of(path: &'a Path, row: &'a Row, names: &'a [&'a str], col: usize) -> Self {
        Cell {
            path,
            line: row.line,
            col,
            name: names[col],
            raw: &row.cells[col],
        }
    }

    pub fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.path, message)
            .at(self.line, self.col + 1)
            .field(self.name)
    }

    /// One of a fixed vocabulary, by its identifier.
    pub fn one_of<T: Copy>(
        &self,
        what: &str,
        all: &[T],
        id: impl Fn(T) -> &'static str,
    ) -> Result<T, InputError> {
        all.iter()
            .copied()
            .find(|v| id(*v) == self.raw)
            .ok_or_else(|| {
                let names: Vec<&str> = all.iter().map(|v| id(*v)).collect();
                self.error(format!(
                    "`{}` is not a {what}: expected one of {}",
                    self.raw,
                    names.join(", ")
                ))
            })
    }

    /// The position of the cell's name in `known`.
    pub fn known(&self, what: &str, known: &[&str]) -> Result<usize, InputError> {
        known.iter().position(|k| *k == self.raw).ok_or_else(|| {
            self.error(format!(
                "`{}` is not a known {what} (known: {})",
                self.raw,
                known.join(", ")
            ))
        })
    }

    /// A finite number. An empty cell is an error, never zero: a missing figure must be said.
    pub fn number(&self) -> Result<f64, InputError> {
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
        Ok(v)
    }

    pub fn non_negative(&self) -> Result<f64, InputError> {
        let v = self.number()?;
        if v < 0.0 {
            return Err(self.error(format!("`{}` is negative: must be >= 0", self.raw)));
        }
        // `-0` parses as negative zero: store it as 0 so that it prints as 0.
        Ok(v + 0.0)
    }

    pub fn fraction(&self) -> Result<f64, InputError> {
        let v = self.number()?;
        if !(0.0..=1.0).contains(&v) {
            return Err(self.error(format!("`{}` must lie in [0, 1]", self.raw)));
        }
        Ok(v + 0.0)
    }

    /// `0` or `1`: flags are written as numbers so that spreadsheets keep them.
    pub fn flag(&self) -> Result<bool, InputError> {
        match self.raw {
            "0" => Ok(false),
            "1" => Ok(true),
            other => Err(self.error(format!("`{other}` must be 0 or 1"))),
        }
    }
}

pub fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let mut err = InputError::new(path, e.to_string());
    if let Some(pos) = e.position() {
        err = err.at_line(pos.line() as usize);
    }
    err
}
