//! manifest.json beside each report: what it was made from (input hashes, versions) and how
//! long each phase took. Written last, so its presence vouches for the outputs before it.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::inputs::Inputs;

pub const FILE: &str = "manifest.json";

/// Milliseconds per phase of one organisation's run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub ingest_ms: f64,
    pub analyse_ms: f64,
    pub render_ms: f64,
    pub write_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub fingerprint: String,
    /// False when an analysis failed: such a run is redone next time even if nothing changed.
    pub complete: bool,
    pub inputs: Inputs,
    /// The sha256 of every file the run wrote, by its path relative to the period directory
    /// (`report.pdf`, `units/<id>.pdf`, ...). The files are renamed into place one after the
    /// other, this manifest last: a run killed between two renames leaves files that do not
    /// match, which the next run sees and redoes, and which a reader can check.
    #[serde(default)]
    pub outputs: BTreeMap<String, String>,
    pub timings: Timings,
    pub written_at: String,
}

pub fn read(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Marks the run that wrote `dir` incomplete (written whole, like every output), so the next
/// run does it again even though nothing changed: used when its figures could not be stored
/// in the history after the report was written.
pub fn mark_incomplete(dir: &Path) -> Result<()> {
    let mut m = read(dir).context("manifest.json cannot be read back")?;
    m.complete = false;
    let mut batch = crate::output::Batch::new();
    batch.add(
        &dir.join(FILE),
        &serde_json::to_vec_pretty(&m).context("cannot serialize manifest.json")?,
    )?;
    batch.commit()
}

/// True when the outputs in `dir` were made from exactly these inputs by a complete run and
/// are all still there as that run wrote them.
pub fn unchanged(dir: &Path, inputs: &Inputs) -> bool {
    read(dir).is_some_and(|m| {
        m.complete && m.fingerprint == inputs.fingerprint() && outputs_intact(dir, &m)
    })
}

/// Whether every file the manifest lists has the hash it records (a manifest that lists none
/// vouches for nothing).
pub fn outputs_intact(dir: &Path, m: &Manifest) -> bool {
    !m.outputs.is_empty()
        && m.outputs.iter().all(|(rel, hash)| {
            std::fs::read(dir.join(rel))
                .is_ok_and(|bytes| crate::inputs::sha256_hex(&bytes) == *hash)
        })
}

pub fn to_json(
    inputs: Inputs,
    complete: bool,
    outputs: BTreeMap<String, String>,
    timings: &Timings,
) -> Result<Vec<u8>> {
    let m = Manifest {
        fingerprint: inputs.fingerprint(),
        complete,
        inputs,
        outputs,
        timings: timings.clone(),
        written_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    serde_json::to_vec_pretty(&m).context("cannot serialize manifest.json")
}
