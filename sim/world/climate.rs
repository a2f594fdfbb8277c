//! Finding and loading a scenario's climate (`climate.toml`) and the assumptions file the
//! weather fit is given (`climate-adjust.toml`), or the default scenario's, embedded at build
//! time.

use std::path::{Path, PathBuf};

use super::scenario::DEFAULT_SCENARIO;
use crate::weather::{Assumptions, Climate};
use crate::{InputError, InputErrors};

/// The default scenario's assumptions, embedded so that the binary fits from anywhere.
const EMBEDDED_ASSUMPTIONS: &str =
    include_str!("../../scenarios/liaocheng-2020/climate-adjust.toml");

/// The default scenario's climate, embedded so that the binary simulates from anywhere.
const EMBEDDED_CLIMATE: &str = include_str!("../../scenarios/liaocheng-2020/climate.toml");

/// The name given to the embedded climate in messages.
pub fn embedded_climate_name() -> PathBuf {
    PathBuf::from(format!(
        "scenarios/{DEFAULT_SCENARIO}/climate.toml (embedded)"
    ))
}

/// The climate of the default scenario.
pub fn embedded_climate() -> Result<Climate, InputErrors> {
    Climate::from_toml(EMBEDDED_CLIMATE, &embedded_climate_name()).map_err(InputErrors)
}

/// The name given to the embedded assumptions in messages.
pub fn embedded_assumptions_name() -> PathBuf {
    PathBuf::from(format!(
        "scenarios/{DEFAULT_SCENARIO}/climate-adjust.toml (embedded)"
    ))
}

fn read(file: &Path, what: &str) -> Result<String, InputError> {
    std::fs::read_to_string(file)
        .map_err(|e| InputError::new(file, format!("cannot read the {what}: {e}")))
}

/// The assumptions at `path`, or the default scenario's when `None`.
pub fn load_assumptions(path: Option<&Path>) -> Result<(Assumptions, PathBuf), InputErrors> {
    let (text, name) = match path {
        Some(p) => (read(p, "assumptions file")?, p.to_path_buf()),
        None => (
            EMBEDDED_ASSUMPTIONS.to_string(),
            embedded_assumptions_name(),
        ),
    };
    let a = Assumptions::from_toml(&text, &name).map_err(InputErrors)?;
    Ok((a, name))
}

/// The climate at `path`: a climate file, or `climate.toml` inside a scenario folder.
pub fn load_climate(path: &Path) -> Result<(Climate, PathBuf), InputErrors> {
    let file = if path.is_dir() {
        path.join("climate.toml")
    } else {
        path.to_path_buf()
    };
    let text = read(&file, "climate")?;
    let climate = Climate::from_toml(&text, &file).map_err(InputErrors)?;
    Ok((climate, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_climate_is_valid() {
        let c = embedded_climate().expect("embedded climate");
        assert_eq!(c.name, "Liaocheng");
    }

    #[test]
    fn a_scenario_folder_holds_its_climate() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/liaocheng-2016");
        let (c, file) = load_climate(&root).expect("the 2016 climate");
        assert!(file.ends_with("climate.toml"));
        assert_eq!(c, embedded_climate().unwrap());
    }

    #[test]
    fn the_embedded_assumptions_are_valid() {
        let (a, _) = load_assumptions(None).expect("embedded assumptions");
        assert_eq!(a.file.site.to, "Liaocheng");
        assert!(a.assumptions.len() >= 15);
    }
}
