use serde::{Deserialize, Serialize};

use crate::{Dataset, Period, Privacy};

/// Language of the report; analyses write their findings in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Nl,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Nl => "nl",
        }
    }
}

/// What the host sends an analysis: one organisation, one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    pub period: Period,
    #[serde(default)]
    pub language: Language,
    pub privacy: Privacy,
    /// The plugin's own configuration section (`[plugins.<name>]`) with the host's keys
    /// (`path`, `sha256`, `enabled`, `optional`, `isolation`, `timeout_s`) removed.
    #[serde(default)]
    pub config: serde_json::Value,
    /// Only the tables the plugin's manifest asked for are filled in.
    pub data: Dataset,
}
