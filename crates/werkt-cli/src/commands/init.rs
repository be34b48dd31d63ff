//! `werkt init DIR`: a configuration and an empty dataset to fill in.

use std::path::Path;

use anyhow::{Context, Result};

use crate::exit::Exit;

pub fn init(dir: &Path) -> Result<Exit> {
    let written = werkt_core::skeleton::write_skeleton(dir)
        .with_context(|| format!("cannot create a new werkt setup in {}", dir.display()))?;
    for p in &written {
        outln!("created {}", p.display());
    }
    outln!(
        "next: put your exports in the CSV files (see docs/data-format.md), then run\n  werkt validate --config {}",
        dir.join("werkt.toml").display()
    );
    Ok(Exit::Ok)
}

/// `werkt init --from DIR --out FILE`: recognise the exports in DIR, write the configuration
/// that reads them (and an `organisation.toml` in DIR when it has none), say what was inferred
/// and what could not be, then validate the result as `werkt validate` would.
pub fn init_from(from: &Path, out: &Path) -> Result<Exit> {
    use werkt_core::config::{Config, LoadOptions};
    use werkt_core::tables::ORGANISATION_FILE;

    if !from.is_dir() {
        anyhow::bail!(
            "{}: no such directory; give the directory that holds your exports",
            from.display()
        );
    }
    if out.exists() {
        anyhow::bail!(
            "{} already exists; werkt init never overwrites files (give another --out FILE)",
            out.display()
        );
    }
    let defaults = Config::builtin()?;
    let recognised = werkt_core::ingest::recognise::recognise(
        from,
        defaults.data.max_file_mb,
        &defaults.data.survey.scales,
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", from.display()))?;

    let organisations = path_from_config(out, from)?;
    let text = recognised.config_toml(&organisations, werkt_core::skeleton::BUNDLED_ANALYSES);
    let org_file = from.join(ORGANISATION_FILE);
    let write_org = !org_file.exists();
    write_new(out, &text)?;
    outln!("created {}", out.display());
    if write_org {
        write_new(&org_file, &organisation_toml(from))?;
        outln!(
            "created {} (check its name, and add the sector for the benchmarks)",
            org_file.display()
        );
    }

    outln!("\nrecognised:");
    for note in &recognised.notes {
        outln!("  {note}");
    }
    if recognised.dutch {
        outln!("  the headers are Dutch, so the report is too (report.language = \"nl\")");
    }
    if !recognised.unresolved.is_empty() {
        outln!("\nnot recognised; set these in {}:", out.display());
        for u in &recognised.unresolved {
            outln!("  {u}");
        }
    }

    // The proof: read the exports with the configuration just written.
    let config = Config::load(&LoadOptions::new(Some(out.to_path_buf())))
        .context("the written configuration does not load (please report this)")?;
    outln!();
    match werkt_core::ingest::load_organisation(from, &config.data) {
        Ok(loaded) => {
            eprint!("{}", loaded.warnings);
            outln!(
                "validated: {} units, {} employment rows, {} absence rows read from {}\nnext: werkt run --config {}",
                loaded.dataset.units.len(),
                loaded.dataset.employees.len(),
                loaded.dataset.absence.len(),
                from.display(),
                out.display()
            );
            Ok(Exit::Ok)
        }
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            eprintln!(
                "invalid: {} error(s) reading {} with {}; fix the points above in the exports or in {}, then run `werkt validate --config {}`",
                diagnostics.error_count(),
                from.display(),
                out.display(),
                out.display(),
                out.display()
            );
            Ok(Exit::Invalid)
        }
    }
}

/// `dir` as the configuration at `config` names it: relative to the configuration's
/// directory when it lies below it, else absolute.
fn path_from_config(config: &Path, dir: &Path) -> Result<String> {
    let abs = |p: &Path| -> Result<std::path::PathBuf> {
        Ok(if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir()?.join(p)
        })
    };
    let dir = abs(dir)?.canonicalize()?;
    let base = abs(config
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new(".")))?
    .canonicalize()?;
    Ok(match dir.strip_prefix(&base) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => dir.display().to_string(),
    })
}

/// An `organisation.toml` for an export directory that has none, named after the directory.
fn organisation_toml(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "organisation".into());
    werkt_core::skeleton::organisation_toml(&name)
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
