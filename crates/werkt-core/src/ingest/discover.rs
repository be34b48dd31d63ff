//! Finding organisation directories.

use std::path::{Path, PathBuf};

use crate::tables::ORGANISATION_FILE;

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{}: no such directory", .0.display())]
    NotFound(PathBuf),
    #[error("{}: is a file, not a directory; give the organisation's directory (the one holding {ORGANISATION_FILE})", .0.display())]
    NotADirectory(PathBuf),
    #[error("{}: cannot be read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: no organisation here: neither it nor its subdirectories have an {ORGANISATION_FILE}", .0.display())]
    NoOrganisation(PathBuf),
    #[error(
        "no organisation directories given: set data.organisations in the configuration or pass --data DIR"
    )]
    NothingGiven,
}

fn is_organisation(dir: &Path) -> bool {
    dir.join(ORGANISATION_FILE).is_file()
}

/// The organisation directories among `paths`: a path holding an `organisation.toml` is one;
/// otherwise its immediate subdirectories that hold one are, sorted by name. Duplicates are
/// dropped, keeping the first.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    if paths.is_empty() {
        return Err(DiscoverError::NothingGiven);
    }
    let mut out: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_file() {
            return Err(DiscoverError::NotADirectory(path.clone()));
        }
        if !path.is_dir() {
            return Err(DiscoverError::NotFound(path.clone()));
        }
        let found = if is_organisation(path) {
            vec![path.clone()]
        } else {
            let read_err = |source| DiscoverError::Read {
                path: path.clone(),
                source,
            };
            let mut subs = Vec::new();
            for entry in std::fs::read_dir(path).map_err(read_err)? {
                let p = entry.map_err(read_err)?.path();
                if p.is_dir() && is_organisation(&p) {
                    subs.push(p);
                }
            }
            subs.sort();
            if subs.is_empty() {
                return Err(DiscoverError::NoOrganisation(path.clone()));
            }
            subs
        };
        for p in found {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    Ok(out)
}
