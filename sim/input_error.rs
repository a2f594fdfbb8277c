//! The error for bad input: a file the user gave us is wrong.
//!
//! Owns the one shape every input problem is reported in — `file:line:column: field: message` —
//! and the rule that such errors exit with code 2. Knows nothing of what the files contain.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file a problem sits. Lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// A problem with a file the user supplied. Displayed as
/// `FILE:LINE:COLUMN: FIELD: MESSAGE`, leaving out what is unknown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub location: Location,
    /// The field, column or key path the problem concerns (empty when it concerns the whole file).
    pub field: String,
    pub message: String,
}

impl InputError {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        InputError {
            location: Location {
                file: file.to_path_buf(),
                line: None,
                column: None,
            },
            field: String::new(),
            message: message.into(),
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location.line = Some(line);
        self.location.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.location.line = Some(line);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// Process exit code for bad input.
    pub const EXIT_CODE: i32 = 2;
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.location.file.display())?;
        if let Some(line) = self.location.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.location.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_and_field() {
        let e = InputError::new(Path::new("plan.toml"), "must lie in [0, 1]")
            .at(12, 7)
            .field("responses[0].targets.so2");
        assert_eq!(
            e.to_string(),
            "plan.toml:12:7: responses[0].targets.so2: must lie in [0, 1]"
        );
    }

    #[test]
    fn display_leaves_out_unknown_parts() {
        let e = InputError::new(Path::new("in.csv"), "no header").at_line(1);
        assert_eq!(e.to_string(), "in.csv:1: no header");
    }
}

/// Several problems with input files, reported together (a plan file with three mistakes shows
/// all three). Displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> Self {
        InputErrors(vec![e])
    }
}
