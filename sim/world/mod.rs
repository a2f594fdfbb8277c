//! The city and its data: loading and validating the files under `scenarios/` and the observed
//! air-quality and meteorology tables users bring.
//!
//! Owns reading files and turning their rows into validated values, with errors that name the
//! file, the line and the field. Knows nothing of the season loop or of how the values are used.

pub mod behaviour;
pub mod climate;
pub mod counties;
pub mod csv_rows;
pub mod dust;
pub mod enterprises;
pub mod fleet;
pub mod guide;
pub mod met;
pub mod observed;
pub mod scenario;

use std::path::Path;

use crate::InputError;

/// The text of a UTF-8 file, or an input error naming it (unreadable, or not UTF-8 and where).
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let bytes =
        std::fs::read(path).map_err(|e| InputError::new(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        InputError::new(
            path,
            format!(
                "not UTF-8 text (byte {}); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}
