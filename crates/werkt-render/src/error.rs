//! The one error type of the renderer. Markup errors carry the 1-based line of the
//! markup where the offending block starts, so a template author can find it.

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The markup (a fenced block, its JSON spec, or the block structure) is invalid.
    #[error("report markup, line {line}: {message}")]
    Markup {
        /// 1-based line in the markup where the offending block starts.
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A font given in the options could not be used.
    #[error("font {which}: {message}")]
    Font {
        /// Which font slot (regular, bold, ...).
        which: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The logo could not be decoded.
    #[error("logo: {0} (give a PNG or JPEG file)")]
    Logo(String),
    /// An option value is invalid (for example an accent colour that is not `#RRGGBB`).
    #[error("render option {option}: {message}")]
    Option {
        /// The option's name.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The document grew past the page limit: the markup is far larger than a report.
    #[error("document would have more than {0} pages; split the report")]
    TooManyPages(usize),
    /// Laying out and writing took longer than the document's deadline allows.
    #[error("the report took longer to lay out than its time limit allows; split the report")]
    TimeLimit,
    /// Writing the PDF failed.
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
}

impl RenderError {
    pub(crate) fn markup(line: usize, message: impl Into<String>) -> Self {
        RenderError::Markup {
            line,
            message: message.into(),
        }
    }
}

/// [`RenderError::TimeLimit`] once `deadline` has passed: the one check the layout, the
/// pagination and the PDF writer make, each at a step (a block, a page) cheap next to it.
pub(crate) fn in_time(deadline: Option<std::time::Instant>) -> Result<(), RenderError> {
    match deadline {
        Some(d) if std::time::Instant::now() > d => Err(RenderError::TimeLimit),
        _ => Ok(()),
    }
}
