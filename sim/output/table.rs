//! Tables written as CSV and Parquet side by side, batch by batch.
//!
//! Owns the file formats of smogsim's result tables: one schema, written in batches so that
//! memory does not grow with the number of seasons, each file staged under a temporary name and
//! renamed into place only when complete. Same rows in, same bytes out.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polars::prelude::{Column, DataFrame, ParquetCompression, ParquetWriter, Schema};

use super::Staged;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    U32,
    F64,
    Str,
}

/// The values of one column in a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    U32(Vec<u32>),
    F64(Vec<f64>),
    Str(Vec<String>),
}

impl Values {
    pub fn empty(kind: Kind) -> Values {
        match kind {
            Kind::U32 => Values::U32(Vec::new()),
            Kind::F64 => Values::F64(Vec::new()),
            Kind::Str => Values::Str(Vec::new()),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Values::U32(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::Str(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        match self {
            Values::U32(v) => v.clear(),
            Values::F64(v) => v.clear(),
            Values::Str(v) => v.clear(),
        }
    }

    fn cell(&self, row: usize) -> String {
        match self {
            Values::U32(v) => v[row].to_string(),
            Values::F64(v) if v[row].is_nan() => String::new(),
            Values::F64(v) => v[row].to_string(),
            Values::Str(v) => v[row].clone(),
        }
    }

    fn column(&self, name: &str) -> Column {
        match self {
            Values::U32(v) => Column::new(name.into(), v.as_slice()),
            Values::F64(v) => Column::new(name.into(), v.as_slice()),
            Values::Str(v) => Column::new(
                name.into(),
                v.iter().map(String::as_str).collect::<Vec<_>>(),
            ),
        }
    }
}

/// Which files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub csv: bool,
    pub parquet: bool,
}

/// A table being written to `DIR/STEM.csv` and `DIR/STEM.parquet`.
pub struct TableWriter {
    names: Vec<String>,
    kinds: Vec<Kind>,
    csv: Option<(csv::Writer<File>, Staged)>,
    parquet: Option<(polars::prelude::BatchedWriter<File>, Staged)>,
    rows: u64,
}

impl TableWriter {
    pub fn create(
        dir: &Path,
        stem: &str,
        columns: &[(&str, Kind)],
        formats: Formats,
    ) -> anyhow::Result<TableWriter> {
        let names: Vec<String> = columns.iter().map(|(n, _)| n.to_string()).collect();
        let kinds: Vec<Kind> = columns.iter().map(|(_, k)| *k).collect();
        let csv = if formats.csv {
            let staged = Staged::create(&dir.join(format!("{stem}.csv")))?;
            let file = staged
                .file()
                .try_clone()
                .context("cannot reopen the CSV output")?;
            let mut w = csv::Writer::from_writer(file);
            w.write_record(&names)?;
            Some((w, staged))
        } else {
            None
        };
        let parquet = if formats.parquet {
            let staged = Staged::create(&dir.join(format!("{stem}.parquet")))?;
            let file = staged
                .file()
                .try_clone()
                .context("cannot reopen the Parquet output")?;
            let empty: Vec<Column> = columns
                .iter()
                .map(|(n, k)| Values::empty(*k).column(n))
                .collect();
            let schema: Schema = DataFrame::new(0, empty)?.schema().as_ref().clone();
            let writer = ParquetWriter::new(file)
                .with_compression(ParquetCompression::Zstd(None))
                .batched(&schema)?;
            Some((writer, staged))
        } else {
            None
        };
        Ok(TableWriter {
            names,
            kinds,
            csv,
            parquet,
            rows: 0,
        })
    }

    /// Append rows: one `Values` per column, all of the same length and of the schema's kinds.
    pub fn write(&mut self, batch: &[Values]) -> anyhow::Result<()> {
        anyhow::ensure!(
            batch.len() == self.names.len(),
            "a batch needs {} columns",
            self.names.len()
        );
        let height = batch.first().map_or(0, Values::len);
        for (values, kind) in batch.iter().zip(&self.kinds) {
            anyhow::ensure!(
                values.len() == height,
                "columns of a batch differ in length"
            );
            anyhow::ensure!(
                matches!(
                    (values, kind),
                    (Values::U32(_), Kind::U32)
                        | (Values::F64(_), Kind::F64)
                        | (Values::Str(_), Kind::Str)
                ),
                "a column has the wrong type"
            );
        }
        if height == 0 {
            return Ok(());
        }
        if let Some((w, _)) = &mut self.csv {
            let mut record = Vec::with_capacity(batch.len());
            for row in 0..height {
                record.clear();
                record.extend(batch.iter().map(|v| v.cell(row)));
                w.write_record(&record)?;
            }
        }
        if let Some((w, _)) = &mut self.parquet {
            let columns: Vec<Column> = batch
                .iter()
                .zip(&self.names)
                .map(|(v, n)| v.column(n))
                .collect();
            w.write_batch(&DataFrame::new(height, columns)?)?;
        }
        self.rows += height as u64;
        Ok(())
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Complete the files and move them into place.
    pub fn finish(self) -> anyhow::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        if let Some((mut w, staged)) = self.csv {
            w.flush()?;
            drop(w);
            written.push(staged.target().to_path_buf());
            staged.commit()?;
        }
        if let Some((w, staged)) = self.parquet {
            w.finish()?;
            written.push(staged.target().to_path_buf());
            staged.commit()?;
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{ParquetReader, SerReader};

    fn batch(seasons: &[u32], values: &[f64], names: &[&str]) -> Vec<Values> {
        vec![
            Values::U32(seasons.to_vec()),
            Values::F64(values.to_vec()),
            Values::Str(names.iter().map(|s| s.to_string()).collect()),
        ]
    }

    #[test]
    fn batches_become_one_csv_and_one_parquet_with_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let cols = [
            ("season", Kind::U32),
            ("aqi", Kind::F64),
            ("primary", Kind::Str),
        ];
        let formats = Formats {
            csv: true,
            parquet: true,
        };
        let mut w = TableWriter::create(dir.path(), "t", &cols, formats).unwrap();
        w.write(&batch(&[0, 0], &[151.0, 88.5], &["PM2.5", ""]))
            .unwrap();
        w.write(&batch(&[1], &[f64::NAN], &["PM10;PM2.5"])).unwrap();
        assert!(
            !dir.path().join("t.csv").exists(),
            "nothing appears before finish"
        );
        let written = w.finish().unwrap();
        assert_eq!(written.len(), 2);
        let csv = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
        assert_eq!(
            csv,
            "season,aqi,primary\n0,151,PM2.5\n0,88.5,\n1,,PM10;PM2.5\n"
        );
        let df = ParquetReader::new(File::open(dir.path().join("t.parquet")).unwrap())
            .finish()
            .unwrap();
        assert_eq!(df.height(), 3);
        assert_eq!(
            df.get_column_names()
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>(),
            ["season", "aqi", "primary"]
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary files remain");
    }

    #[test]
    fn a_dropped_writer_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let formats = Formats {
            csv: true,
            parquet: true,
        };
        let mut w = TableWriter::create(dir.path(), "t", &[("a", Kind::U32)], formats).unwrap();
        w.write(&[Values::U32(vec![1])]).unwrap();
        drop(w);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_batch_of_the_wrong_shape_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let formats = Formats {
            csv: true,
            parquet: false,
        };
        let mut w = TableWriter::create(
            dir.path(),
            "t",
            &[("a", Kind::U32), ("b", Kind::F64)],
            formats,
        )
        .unwrap();
        assert!(w.write(&[Values::U32(vec![1])]).is_err());
        assert!(
            w.write(&[Values::U32(vec![1]), Values::F64(vec![])])
                .is_err()
        );
        assert!(
            w.write(&[Values::F64(vec![1.0]), Values::F64(vec![1.0])])
                .is_err()
        );
    }
}
