use std::path::PathBuf;

/// Everything that can go wrong with the history file. Each variant names the file or the
/// stored value involved, so the message alone tells the user where to look.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot open the history database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the history database {path} cannot use write-ahead logging (SQLite kept journal mode \
         '{mode}'); put it on a local disk, not a network or read-only filesystem"
    )]
    NoWal { path: PathBuf, mode: String },
    #[error(
        "the history database {path} has schema version {found}, newer than this werkt supports \
         ({supported}); use a newer werkt or point history.path at another file"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("migrating the history database {path} to schema version {to} failed: {source}")]
    Migrate {
        path: PathBuf,
        to: i64,
        #[source]
        source: rusqlite::Error,
    },
    #[error("history database error while {doing}: {source}")]
    Sqlite {
        doing: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "metrics for organisation '{file_org}' period {file_period} cannot be stored as \
         organisation '{org}' period {period}: the metrics file belongs to another run"
    )]
    Mismatch {
        org: String,
        period: String,
        file_org: String,
        file_period: String,
    },
    #[error(
        "analysis '{analysis}' returned metric '{metric}' for unit '{unit}'{subject} twice; \
         each figure must appear once (a plugin bug)"
    )]
    DuplicateMetric {
        analysis: String,
        unit: String,
        subject: String,
        metric: String,
    },
    #[error("the history database holds an unreadable {what}: '{value}'")]
    Corrupt { what: &'static str, value: String },
}

pub(crate) trait Context<T> {
    /// Attaches what the store was doing to a SQLite error.
    fn doing(self, what: &str) -> Result<T, HistoryError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn doing(self, what: &str) -> Result<T, HistoryError> {
        self.map_err(|source| HistoryError::Sqlite {
            doing: what.to_string(),
            source,
        })
    }
}
