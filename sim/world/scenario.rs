//! Finding and loading a scenario's plan: a `plan.toml` file, a scenario folder holding one, or
//! the default scenario embedded in the binary at build time.

use std::path::{Path, PathBuf};

use crate::plan::Plan;
use crate::{InputError, InputErrors};

/// The scenario used when none is named.
pub const DEFAULT_SCENARIO: &str = "liaocheng-2020";

/// The default plan, embedded so that the binary runs from anywhere.
const EMBEDDED_PLAN: &str = include_str!("../../scenarios/liaocheng-2020/plan.toml");

/// The name given to the embedded plan in messages.
pub fn embedded_plan_name() -> PathBuf {
    PathBuf::from(format!("scenarios/{DEFAULT_SCENARIO}/plan.toml (embedded)"))
}

/// The plan of the default scenario.
pub fn embedded_plan() -> Result<Plan, InputErrors> {
    Plan::from_toml(EMBEDDED_PLAN, &embedded_plan_name()).map_err(InputErrors)
}

/// The plan file a path names: the path itself, or `plan.toml` inside a scenario folder.
pub fn plan_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("plan.toml")
    } else {
        path.to_path_buf()
    }
}

/// Load and validate the plan at `path` (a plan file or a scenario folder).
pub fn load_plan(path: &Path) -> Result<(Plan, PathBuf), InputErrors> {
    let file = plan_path(path);
    let text = std::fs::read_to_string(&file).map_err(|e| {
        let hint = if path.is_dir() {
            " (a scenario folder must contain plan.toml)"
        } else {
            ""
        };
        InputError::new(&file, format!("cannot read the plan: {e}{hint}"))
    })?;
    let plan = Plan::from_toml(&text, &file).map_err(InputErrors)?;
    Ok((plan, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_plan_is_valid() {
        let plan = embedded_plan().expect("embedded plan");
        assert_eq!(plan.file.plan.id, DEFAULT_SCENARIO);
    }

    #[test]
    fn a_missing_plan_is_an_input_error_naming_the_file() {
        let err = load_plan(Path::new("no/such/plan.toml")).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert!(
            err.to_string()
                .starts_with("no/such/plan.toml: cannot read the plan"),
            "{err}"
        );
    }
}
