//! A table written in batches of whole seasons whose boundaries are fixed by season number, so
//! that one run, its shards and their merge write the same row groups and so the same bytes.

use std::path::{Path, PathBuf};

use super::{Formats, Kind, TableWriter, Values};

/// Which batch a season belongs to: seasons `k * size .. (k + 1) * size` share one.
fn batch(season: u64, size: u64) -> u64 {
    season / size.max(1)
}

/// A [`TableWriter`] fed season by season.
pub struct BatchedTable {
    writer: TableWriter,
    kinds: Vec<Kind>,
    buffer: Vec<Values>,
    size: u64,
    current: Option<u64>,
}

impl BatchedTable {
    pub fn create(
        dir: &Path,
        stem: &str,
        columns: &[(&str, Kind)],
        formats: Formats,
        batch_seasons: u64,
    ) -> anyhow::Result<BatchedTable> {
        let kinds: Vec<Kind> = columns.iter().map(|(_, k)| *k).collect();
        Ok(BatchedTable {
            writer: TableWriter::create(dir, stem, columns, formats)?,
            buffer: kinds.iter().map(|k| Values::empty(*k)).collect(),
            kinds,
            size: batch_seasons,
            current: None,
        })
    }

    /// The columns to append season `season`'s rows to (call with seasons in increasing order).
    pub fn season(&mut self, season: u64) -> anyhow::Result<&mut [Values]> {
        let b = batch(season, self.size);
        if self.current.is_some_and(|c| c != b) {
            self.flush()?;
        }
        self.current = Some(b);
        Ok(&mut self.buffer)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        self.writer.write(&self.buffer)?;
        self.buffer = self.kinds.iter().map(|k| Values::empty(*k)).collect();
        Ok(())
    }

    /// Write what is left and move the files into place.
    pub fn finish(mut self) -> anyhow::Result<Vec<PathBuf>> {
        self.flush()?;
        self.writer.finish()
    }
}

impl Values {
    pub fn push_u32(&mut self, v: u32) {
        match self {
            Values::U32(x) => x.push(v),
            _ => panic!("column kind mismatch: u32 pushed into another kind"),
        }
    }

    pub fn push_f64(&mut self, v: f64) {
        match self {
            Values::F64(x) => x.push(v),
            _ => panic!("column kind mismatch: f64 pushed into another kind"),
        }
    }

    pub fn push_str(&mut self, v: impl Into<String>) {
        match self {
            Values::Str(x) => x.push(v.into()),
            _ => panic!("column kind mismatch: text pushed into another kind"),
        }
    }

    /// Append row `row` of `other` (of the same kind).
    pub fn push_row_of(&mut self, other: &Values, row: usize) {
        match (self, other) {
            (Values::U32(a), Values::U32(b)) => a.push(b[row]),
            (Values::F64(a), Values::F64(b)) => a.push(b[row]),
            (Values::Str(a), Values::Str(b)) => a.push(b[row].clone()),
            _ => panic!("column kind mismatch when joining tables"),
        }
    }

    /// The kind of the column.
    pub fn kind(&self) -> Kind {
        match self {
            Values::U32(_) => Kind::U32,
            Values::F64(_) => Kind::F64,
            Values::Str(_) => Kind::Str,
        }
    }

    /// Row `row` as a number (`NaN` for text).
    pub fn number(&self, row: usize) -> f64 {
        match self {
            Values::U32(v) => f64::from(v[row]),
            Values::F64(v) => v[row],
            Values::Str(_) => f64::NAN,
        }
    }

    /// Append `other`'s values (of the same kind).
    pub fn extend_from(&mut self, other: &Values) {
        match (self, other) {
            (Values::U32(a), Values::U32(b)) => a.extend_from_slice(b),
            (Values::F64(a), Values::F64(b)) => a.extend_from_slice(b),
            (Values::Str(a), Values::Str(b)) => a.extend_from_slice(b),
            _ => panic!("column kind mismatch when joining tables"),
        }
    }
}
