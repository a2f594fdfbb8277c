//! The judgements that turn a report's numbers into ranked problems, read from `problems.toml`
//! (built in from `reports/templates/`, or from the folder given with `--templates`).
//!
//! Owns the file's format and its checks. Knows nothing of the problems themselves.

use std::path::Path;

use serde::Deserialize;

use crate::InputError;

const BUILT_IN: &str = include_str!("../../reports/templates/problems.toml");

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemRules {
    pub min_score: f64,
    pub high: f64,
    pub medium: f64,
    pub false_alarm_weight: f64,
    pub forecast_weight: f64,
    pub forecast_lead_days: u32,
    pub stands_out: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    problems: ProblemRules,
}

impl ProblemRules {
    /// The rules in `dir/problems.toml` if there is one, else the built-in ones.
    pub fn load(dir: Option<&Path>) -> Result<ProblemRules, InputError> {
        match dir.map(|d| d.join("problems.toml")).filter(|p| p.exists()) {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| InputError::new(&path, format!("cannot read it: {e}")))?;
                Self::parse(&text, &path)
            }
            None => Self::parse(BUILT_IN, Path::new("reports/templates/problems.toml")),
        }
    }

    fn parse(text: &str, path: &Path) -> Result<ProblemRules, InputError> {
        let (file, _) = crate::toml_input::parse::<File>(text, path)?;
        let r = file.problems;
        let unit = |v: f64| (0.0..=1.0).contains(&v);
        let bad = |field: &str, why: &str| {
            Err(InputError::new(path, why.to_string()).field(format!("problems.{field}")))
        };
        if !unit(r.min_score) || !unit(r.high) || !unit(r.medium) {
            return bad("min_score", "scores lie in 0..1");
        }
        if r.medium > r.high {
            return bad("medium", "must not exceed `high`");
        }
        if !unit(r.false_alarm_weight) || !unit(r.forecast_weight) {
            return bad("false_alarm_weight", "weights lie in 0..1");
        }
        if r.stands_out.is_nan() || r.stands_out < 1.0 {
            return bad("stands_out", "must be at least 1 (the city's own rate)");
        }
        Ok(r)
    }

    /// high, medium or low.
    pub fn severity(&self, score: f64) -> &'static str {
        if score >= self.high {
            "high"
        } else if score >= self.medium {
            "medium"
        } else {
            "low"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_load_and_bad_ones_name_their_field() {
        let r = ProblemRules::load(None).unwrap();
        assert_eq!(r.severity(0.5), "high");
        assert_eq!(r.severity(0.05), "low");
        let text = BUILT_IN.replace("medium = 0.1", "medium = 0.5");
        let e = ProblemRules::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("problems.medium: must not exceed `high`"), "{e}");
    }
}
