use std::path::PathBuf;

/// Everything that can go wrong between a template directory and the report markup.
///
/// Each variant says what failed and where (file, template, line) so that a template author can
/// fix it without reading this crate.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "template set '{name}' not found: {dir} is not a directory (expected templates/<name>/ with main.hbs)"
    )]
    NoTemplateSet { name: String, dir: PathBuf },
    #[error("{path}: {message}")]
    Template { path: PathBuf, message: String },
    #[error("strings file {path}: {message}")]
    Strings { path: PathBuf, message: String },
    #[error("formats file {path}: {message}")]
    Formats { path: PathBuf, message: String },
    #[error(
        "translation key '{key}' is used by {used_in} but missing from {language}.toml; add it to every strings file"
    )]
    MissingKey {
        key: String,
        language: String,
        used_in: String,
    },
    #[error("the template set has no strings file for language '{0}' (expected strings/{0}.toml)")]
    NoLanguage(String),
    #[error("the unit list is not a tree: {0}")]
    Units(String),
    #[error("unit filter '{0}' names no unit of the organisation")]
    UnknownUnit(String),
    #[error("rendering {template}{location}: {message}")]
    Render {
        template: String,
        location: String,
        message: String,
    },
}

impl ReportError {
    /// Converts a Handlebars render error, keeping the template name and line so the message
    /// points at the place to fix.
    pub(crate) fn from_render(e: handlebars::RenderError) -> ReportError {
        let template = e
            .template_name
            .clone()
            .unwrap_or_else(|| "main".to_string());
        let location = match (e.line_no, e.column_no) {
            (Some(l), Some(c)) => format!(" line {l} column {c}"),
            (Some(l), None) => format!(" line {l}"),
            _ => String::new(),
        };
        let message = match e.reason() {
            handlebars::RenderErrorReason::MissingVariable(Some(path)) => format!(
                "'{path}' is not in the report context (see docs/templates.md for the fields; guard optional ones with #if)"
            ),
            other => other.to_string(),
        };
        ReportError::Render {
            template,
            location,
            message,
        }
    }
}
