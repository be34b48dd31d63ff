//! What a report was made from, as content hashes: the organisation's data files, the
//! effective configuration, the plugin libraries, the templates and werkt itself. Equal
//! fingerprints mean an equal report, which is what lets a scheduled run skip work it has
//! already done and what `manifest.json` records beside every report.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// Hash of every file below `dir`, by relative path, so renaming a partial counts as a change.
pub fn sha256_tree(dir: &Path) -> Result<String> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    let mut h = Sha256::new();
    for rel in files {
        h.update(rel.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(sha256_file(&dir.join(&rel))?.as_bytes());
    }
    Ok(hex(&h.finalize()))
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(root, &path, out)?;
        } else {
            out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
        }
    }
    Ok(())
}

/// The inputs every organisation of a run shares, hashed once per run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedInputs {
    pub werkt_version: String,
    /// Of the effective configuration, as `werkt config show` prints it.
    pub config: String,
    pub templates: String,
    /// Plugin name -> (version, sha256 of the library file).
    pub plugins: BTreeMap<String, PluginInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInput {
    pub version: String,
    pub sha256: String,
}

/// Everything one organisation's report depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    #[serde(flatten)]
    pub shared: SharedInputs,
    pub period: String,
    /// Data file name -> sha256.
    pub data: BTreeMap<String, String>,
}

impl Inputs {
    pub fn of(shared: &SharedInputs, period: &str, files: &[PathBuf]) -> Result<Inputs> {
        let mut data = BTreeMap::new();
        for f in files {
            let name = f.file_name().map_or_else(
                || f.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            data.insert(name, sha256_file(f)?);
        }
        Ok(Inputs {
            shared: shared.clone(),
            period: period.to_string(),
            data,
        })
    }

    /// One digest over all inputs, for quick comparison and the history's run record.
    pub fn fingerprint(&self) -> String {
        sha256_hex(&serde_json::to_vec(self).expect("inputs serialize"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_file_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("absence.csv");
        std::fs::write(&a, "employee_id,start_date\n").unwrap();
        let shared = SharedInputs {
            werkt_version: "0".into(),
            config: "c".into(),
            templates: "t".into(),
            plugins: BTreeMap::new(),
        };
        let before = Inputs::of(&shared, "2026-10", std::slice::from_ref(&a)).unwrap();
        assert_eq!(
            before.fingerprint(),
            Inputs::of(&shared, "2026-10", std::slice::from_ref(&a))
                .unwrap()
                .fingerprint()
        );
        std::fs::write(&a, "employee_id,start_date\nE1,2026-10-01\n").unwrap();
        let after = Inputs::of(&shared, "2026-10", std::slice::from_ref(&a)).unwrap();
        assert_ne!(before.fingerprint(), after.fingerprint());
        assert_ne!(
            before.fingerprint(),
            Inputs::of(&shared, "2026-09", &[a]).unwrap().fingerprint()
        );
    }

    #[test]
    fn tree_hash_sees_renames() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.hbs"), "x").unwrap();
        let one = sha256_tree(dir.path()).unwrap();
        std::fs::rename(dir.path().join("a.hbs"), dir.path().join("b.hbs")).unwrap();
        assert_ne!(one, sha256_tree(dir.path()).unwrap());
    }
}
