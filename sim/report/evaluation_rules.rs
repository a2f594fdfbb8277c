//! The judgements behind the evaluation reports, read from `evaluation.toml` (built in from
//! `reports/templates/`, or from the folder given with `--templates`): the thresholds and weights
//! that rank problems, and how an episode's counterfactual groups hours.
//!
//! Owns the file's format and its checks. Knows nothing of the problems or the simulation.

use std::path::Path;

use serde::Deserialize;

use crate::InputError;

const BUILT_IN: &str = include_str!("../../reports/templates/evaluation.toml");

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

/// How `smogsim evaluate` groups the simulated hours (see the file for the reasons).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterfactualRules {
    pub elapsed_bins_hours: [u32; 3],
    pub polluted_share: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRules {
    pub problems: ProblemRules,
    pub counterfactual: CounterfactualRules,
}

impl EvaluationRules {
    /// The rules in `dir/evaluation.toml` if there is one, else the built-in ones.
    pub fn load(dir: Option<&Path>) -> Result<EvaluationRules, InputError> {
        match dir
            .map(|d| d.join("evaluation.toml"))
            .filter(|p| p.exists())
        {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| InputError::new(&path, format!("cannot read it: {e}")))?;
                Self::parse(&text, &path)
            }
            None => Self::parse(BUILT_IN, Path::new("reports/templates/evaluation.toml")),
        }
    }

    fn parse(text: &str, path: &Path) -> Result<EvaluationRules, InputError> {
        let (rules, _) = crate::toml_input::parse::<EvaluationRules>(text, path)?;
        let r = rules.problems;
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
        let c = rules.counterfactual;
        if c.elapsed_bins_hours[0] == 0 || c.elapsed_bins_hours.windows(2).any(|w| w[0] >= w[1]) {
            return Err(
                InputError::new(path, "bin ends must be positive and increasing")
                    .field("counterfactual.elapsed_bins_hours"),
            );
        }
        if !(0.0..=2.0).contains(&c.polluted_share) {
            return Err(
                InputError::new(path, "a share of the heavy threshold in 0..2")
                    .field("counterfactual.polluted_share"),
            );
        }
        Ok(rules)
    }
}

impl ProblemRules {
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
        let r = EvaluationRules::load(None).unwrap().problems;
        assert_eq!(r.severity(0.5), "high");
        assert_eq!(r.severity(0.05), "low");
        let text = BUILT_IN.replace("medium = 0.1", "medium = 0.5");
        let e = EvaluationRules::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("problems.medium: must not exceed `high`"), "{e}");
        let text = BUILT_IN.replace("[12, 24, 48]", "[12, 48, 24]");
        let e = EvaluationRules::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("counterfactual.elapsed_bins_hours: bin ends"),
            "{e}"
        );
    }
}
