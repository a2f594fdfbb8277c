//! Writing an output file atomically: under a temporary name beside the target, then renamed.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// An output file being written under a temporary name in the same directory, so that readers
/// never see half a file and a failed run leaves the old output in place.
pub struct Staged {
    path: PathBuf,
    target: PathBuf,
    file: File,
    committed: bool,
}

impl Staged {
    /// The file to write to.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The temporary path being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The final path.
    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn create(target: &Path) -> anyhow::Result<Staged> {
        let name = target
            .file_name()
            .with_context(|| format!("{} is not a file name", target.display()))?;
        let mut temporary = name.to_os_string();
        temporary.push(format!(".{}.tmp", std::process::id()));
        let path = target.with_file_name(temporary);
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Staged {
            path,
            target: target.to_path_buf(),
            file,
            committed: false,
        })
    }

    pub fn commit(mut self) -> anyhow::Result<()> {
        // On disk before the rename, so a crash cannot leave an empty file under the final name.
        self.file
            .sync_all()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        fs::rename(&self.path, &self.target).with_context(|| {
            format!(
                "cannot rename {} to {}",
                self.path.display(),
                self.target.display()
            )
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.path);
        }
    }
}
