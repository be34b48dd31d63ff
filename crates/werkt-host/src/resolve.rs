//! Finding a plugin's library file and checking its pin.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The platform's file name of plugin `name`: `libwerkt_<name>.so` on Linux,
/// `libwerkt_<name>.dylib` on macOS, `werkt_<name>.dll` on Windows (what cargo names a cdylib
/// called `werkt_<name>`).
pub fn library_file_name(name: &str) -> String {
    format!(
        "{}werkt_{name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// The plugins whose files are in `dirs` (the first file of a name counts), by name: the
/// inverse of [`library_file_name`].
pub fn libraries_in(dirs: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let (prefix, suffix) = (
        format!("{}werkt_", std::env::consts::DLL_PREFIX),
        std::env::consts::DLL_SUFFIX,
    );
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut here: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter_map(|e| {
                let file = e.file_name().to_string_lossy().into_owned();
                let name = file
                    .strip_prefix(&prefix)?
                    .strip_suffix(suffix)?
                    .to_string();
                (!name.is_empty() && e.path().is_file()).then(|| (name, e.path()))
            })
            .collect();
        here.sort();
        for (name, path) in here {
            if !found.iter().any(|(n, _)| *n == name) {
                found.push((name, path));
            }
        }
    }
    found
}

/// The first of `dirs` holding the plugin's file.
pub fn find_library(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    let file = library_file_name(name);
    dirs.iter().map(|d| d.join(&file)).find(|p| p.is_file())
}

/// What the host expects of a plugin's library file whenever it is loaded: at the run's first
/// load and again in every plugin host process started later (after a crash or timeout, or
/// for another worker), so the code that runs is always the code the run checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Expected {
    /// The plugin's name, for the message.
    pub plugin: String,
    /// Lower-case hex SHA-256 the file must have.
    pub sha256: String,
    /// Whether `sha256` is the configuration's pin (else: the hash the run first loaded).
    pub pinned: bool,
}

impl Expected {
    /// `Err` with the refusal naming the file, both hashes and what to do, unless `actual`
    /// is the expected hash.
    pub fn check(&self, file: &Path, actual: &str) -> Result<(), String> {
        if pin_matches(&self.sha256, actual) {
            return Ok(());
        }
        let (file, expected, name) = (file.display(), self.sha256.trim(), &self.plugin);
        Err(if self.pinned {
            format!(
                "refused {file}: its sha256 is {actual}, but the configuration pins {expected}; \
                 if the plugin was rebuilt on purpose, update `sha256` under [plugins.{name}]"
            )
        } else {
            format!(
                "refused {file}: it changed while werkt was running (sha256 {expected} when \
                 the run loaded it, now {actual}); run again to use the new file, and pin it \
                 with `sha256` under [plugins.{name}]"
            )
        })
    }
}

/// Lower-case hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Lower-case hex SHA-256 of a file's bytes.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Compares a configured pin with the actual hash, ignoring case and surrounding space (pins
/// are pasted from `sha256sum` output or `werkt plugins list`).
pub fn pin_matches(expected: &str, actual: &str) -> bool {
    expected.trim().eq_ignore_ascii_case(actual)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_follows_cargo_cdylib_naming() {
        let n = library_file_name("absence");
        assert!(n.contains("werkt_absence"));
        if cfg!(target_os = "linux") {
            assert_eq!(n, "libwerkt_absence.so");
        }
    }

    #[test]
    fn hashes_and_pins() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(library_file_name("x"));
        std::fs::write(&p, b"abc").unwrap();
        let h = sha256_file(&p).unwrap();
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(pin_matches(
            " BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\n",
            &h
        ));
        assert!(!pin_matches("00", &h));
        assert_eq!(
            find_library("x", &[dir.path().join("nope"), dir.path().to_path_buf()]),
            Some(p)
        );
        assert_eq!(find_library("y", &[dir.path().to_path_buf()]), None);
    }
}
