//! A CSV file read as named columns of text, with typed access that names the file, line and
//! column of any bad cell.
//!
//! Owns reading the saved tables of a run (and the small files of a real episode) for the
//! report. Knows nothing of what the columns mean.

use std::path::{Path, PathBuf};

use crate::InputError;
use crate::world::csv_rows;

#[derive(Debug, Clone)]
pub struct CsvTable {
    pub file: PathBuf,
    pub header: Vec<String>,
    /// Rows, with each row's line number in the file. A record keeps its cells in one buffer,
    /// which matters for a 10,000-season run's tables (tens of MB).
    pub rows: Vec<(usize, csv::StringRecord)>,
}

impl CsvTable {
    /// Read `path`; a missing file is an error naming it.
    pub fn read(path: &Path) -> Result<CsvTable, InputError> {
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::new(path, format!("cannot read the file: {e}")))?;
        Self::parse(&bytes, path)
    }

    pub fn parse(bytes: &[u8], path: &Path) -> Result<CsvTable, InputError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| InputError::new(path, format!("the file is not UTF-8 text: {e}")))?;
        let (mut reader, header) = csv_rows::reader(text, path)?;
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_rows::csv_error(path, &e))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.len() != header.len() {
                return Err(csv_rows::length_error(
                    path,
                    line,
                    record.len(),
                    header.len(),
                ));
            }
            rows.push((line, record));
        }
        Ok(CsvTable {
            file: path.to_path_buf(),
            header,
            rows,
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The position of a column, if present.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The position of a column that must be present.
    pub fn column(&self, name: &str) -> Result<usize, InputError> {
        self.find(name).ok_or_else(|| {
            InputError::new(&self.file, "missing column (the header must name it)")
                .at(1, 1)
                .field(name)
        })
    }

    fn bad(&self, row: usize, col: usize, message: String) -> InputError {
        InputError::new(&self.file, message)
            .at(self.rows[row].0, col + 1)
            .field(self.header[col].clone())
    }

    pub fn text(&self, row: usize, col: usize) -> &str {
        self.rows[row].1.get(col).unwrap_or("")
    }

    /// A number; an empty cell or `NaN` is `NaN` (the run writes what does not apply so).
    pub fn number(&self, row: usize, col: usize) -> Result<f64, InputError> {
        let cell = self.text(row, col);
        if cell.is_empty() || cell.eq_ignore_ascii_case("nan") {
            return Ok(f64::NAN);
        }
        cell.parse::<f64>()
            .map_err(|_| self.bad(row, col, format!("`{cell}` is not a number")))
    }

    /// A whole column as numbers.
    pub fn numbers(&self, name: &str) -> Result<Vec<f64>, InputError> {
        let c = self.column(name)?;
        (0..self.rows.len()).map(|r| self.number(r, c)).collect()
    }

    /// A time `YYYY-MM-DD HH:MM` (seconds optional); empty is `None`.
    pub fn time(
        &self,
        row: usize,
        col: usize,
    ) -> Result<Option<chrono::NaiveDateTime>, InputError> {
        let cell = self.text(row, col);
        if cell.is_empty() {
            return Ok(None);
        }
        parse_time(cell)
            .map(Some)
            .ok_or_else(|| self.bad(row, col, format!("`{cell}` is not a time YYYY-MM-DD HH:MM")))
    }

    /// Report an error at a cell (for checks the caller makes).
    pub fn error_at(&self, row: usize, col: usize, message: impl Into<String>) -> InputError {
        self.bad(row, col, message.into())
    }
}

/// `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS` or with a `T`.
pub fn parse_time(s: &str) -> Option<chrono::NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_number_names_its_line_and_column() {
        let t = CsvTable::parse(b"a,b\n1,2\n3,x\n", Path::new("t.csv")).unwrap();
        assert_eq!(t.numbers("a").unwrap(), vec![1.0, 3.0]);
        let e = t.numbers("b").unwrap_err().to_string();
        assert_eq!(e, "t.csv:3:2: b: `x` is not a number");
        let e = t.column("c").unwrap_err().to_string();
        assert!(e.starts_with("t.csv:1:1: c: missing column"), "{e}");
    }

    #[test]
    fn empty_cells_are_nan_and_times_parse() {
        let t = CsvTable::parse(
            "\u{feff}x,t\n,2020-01-02 03:00\n1,\n".as_bytes(),
            Path::new("t.csv"),
        )
        .unwrap();
        assert!(t.number(0, 0).unwrap().is_nan());
        assert_eq!(
            t.time(0, 1).unwrap().unwrap().to_string(),
            "2020-01-02 03:00:00"
        );
        assert_eq!(t.time(1, 1).unwrap(), None);
    }
}
