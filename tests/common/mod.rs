//! What the integration tests share: the scenarios folder and editable copies of a scenario.

use std::fs;
use std::path::{Path, PathBuf};

pub fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// A copy of `scenarios/liaocheng-2020` (and the Technical Guide beside it, which it names as
/// `../technical-guide-2020.toml`) under `root`, to be edited by a test; returns its folder.
pub fn copy_of_liaocheng_2020(root: &Path) -> PathBuf {
    let dir = root.join("liaocheng-2020");
    fs::create_dir(&dir).unwrap();
    for entry in fs::read_dir(scenarios().join("liaocheng-2020")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    fs::copy(
        scenarios().join("technical-guide-2020.toml"),
        root.join("technical-guide-2020.toml"),
    )
    .unwrap();
    dir
}
