use std::fmt;

/// A survey analysis cannot go on: bad configuration or data it cannot score. The message says
/// what, where, and what to do; plugins pass it on as their `PluginError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyError(pub String);

impl SurveyError {
    pub fn new(msg: impl Into<String>) -> Self {
        SurveyError(msg.into())
    }
}

impl fmt::Display for SurveyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SurveyError {}
