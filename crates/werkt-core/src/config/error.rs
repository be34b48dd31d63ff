//! What can go wrong while loading the configuration; every message says what and where.

use std::fmt;
use std::path::PathBuf;

/// A key no part of werkt reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// Dotted key, e.g. `privacy.min_groupsize`.
    pub key: String,
    /// Where it was written: the file path, the environment variable, or the override.
    pub source: String,
    /// The keys that are allowed at that place, for the message.
    pub expected: Vec<String>,
}

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown configuration key `{}` in {}",
            self.key, self.source
        )?;
        if !self.expected.is_empty() {
            write!(f, " (known keys here: {})", self.expected.join(", "))?;
        }
        Ok(())
    }
}

/// A key whose value breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    pub key: String,
    /// Where the value came from (the highest layer that sets the key), if not the defaults.
    pub source: Option<String>,
    pub message: String,
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.key)?;
        if let Some(s) = &self.source {
            write!(f, " (set in {s})")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}{}: not valid TOML: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Syntax {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("{}", join_lines(.0))]
    UnknownKeys(Vec<UnknownKey>),
    #[error("{origin}: {message}")]
    BadSetting { origin: String, message: String },
    /// The merged configuration does not fit the schema (a value of the wrong type).
    #[error("invalid configuration: {0}")]
    Type(String),
    #[error("{}", join_lines(.0))]
    Invalid(Vec<InvalidValue>),
}

fn join_lines<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
