//! Writing a report's files so that a reader never sees half of one, and a failed run never
//! replaces good outputs with some of its own: every file is first written in full to a
//! temporary file beside its target and flushed to disk ([`Batch::add`]); only when all are
//! written are they renamed over their targets ([`Batch::commit`]). A crash, a kill or a
//! full disk while writing leaves the previous files as they were.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

/// Prefix of the temporary files; leftovers of a killed run are recognised by it.
const TEMP_PREFIX: &str = ".werkt-";
const TEMP_SUFFIX: &str = ".tmp";

#[derive(Default)]
pub struct Batch {
    staged: Vec<(NamedTempFile, PathBuf)>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Writes `bytes` to a temporary file in `path`'s directory (created if needed).
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot create the output directory {} (is it writable?)",
                dir.display()
            )
        })?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
        // Reports get the permissions of any file the user creates (0666 less the umask), not
        // the private 0600 of a temporary file, which the rename would otherwise keep.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut tmp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in {} (is it writable?)", dir.display()))?;
        tmp.write_all(bytes)
            .and_then(|()| tmp.as_file().sync_data())
            .with_context(|| {
                format!(
                    "cannot write {} (disk full?); the previous file is left as it was",
                    path.display()
                )
            })?;
        self.staged.push((tmp, path.to_path_buf()));
        Ok(())
    }

    /// Renames every staged file over its target, in the order they were added. Put the file
    /// that vouches for the others (manifest.json) last.
    pub fn commit(self) -> Result<()> {
        for (tmp, path) in self.staged {
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot replace {}", path.display()))?;
        }
        Ok(())
    }
}

/// Removes temporary files a killed run left in `dir` and its subdirectories (`units/`): a
/// kill skips their clean-up.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            remove_leftovers(&e.path());
        } else if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/report.pdf");
        for content in [&b"first"[..], &b"second"[..]] {
            let mut b = Batch::new();
            b.add(&target, content).unwrap();
            b.commit().unwrap();
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        assert_eq!(names(target.parent().unwrap()), ["report.pdf"]);
    }

    #[test]
    fn a_failing_write_leaves_every_previous_file_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("org/2026-10");
        let mut b = Batch::new();
        b.add(&out.join("metrics.json"), b"old metrics").unwrap();
        b.add(&out.join("report.pdf"), b"old report").unwrap();
        b.commit().unwrap();

        // The second run writes metrics.json, then fails on the next file (its directory
        // cannot be created: a file stands in its way), as a full disk would fail it.
        std::fs::write(out.join("units"), b"not a directory").unwrap();
        let mut b = Batch::new();
        b.add(&out.join("metrics.json"), b"new metrics").unwrap();
        assert!(b.add(&out.join("units/a.pdf"), b"new unit").is_err());
        drop(b);
        assert_eq!(
            std::fs::read(out.join("metrics.json")).unwrap(),
            b"old metrics"
        );
        assert_eq!(
            std::fs::read(out.join("report.pdf")).unwrap(),
            b"old report"
        );
        assert_eq!(names(&out), ["metrics.json", "report.pdf", "units"]);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_have_the_permissions_of_an_ordinary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ordinary = dir.path().join("ordinary");
        std::fs::write(&ordinary, b"x").unwrap();
        let mut b = Batch::new();
        b.add(&dir.path().join("report.pdf"), b"pdf").unwrap();
        b.commit().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("report.pdf")), mode(&ordinary));
    }

    #[test]
    fn leftovers_of_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".werkt-abc.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("report.pdf"), b"keep").unwrap();
        remove_leftovers(dir.path());
        assert_eq!(names(dir.path()), ["report.pdf"]);
    }
}
