//! Tests of the plan file as data: the Liaocheng 2020 plan encodes §3–§4 as the text says, and
//! broken files are rejected with a located error.

use std::path::Path;

use super::schema::{Action, MeasureKind};
use super::*;

const LIAOCHENG: &str = include_str!("../../scenarios/liaocheng-2020/plan.toml");

fn liaocheng() -> Plan {
    match Plan::from_toml(LIAOCHENG, Path::new("plan.toml")) {
        Ok(p) => p,
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

#[test]
fn liaocheng_plan_is_valid() {
    let plan = liaocheng();
    assert_eq!(plan.file.plan.document, "聊政办字〔2020〕49号");
}
