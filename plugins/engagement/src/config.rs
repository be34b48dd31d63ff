//! `[plugins.engagement]`: which UWES version, which columns, which window, which norms.

use std::collections::BTreeMap;

use werkt_survey::{ConfigReader, SurveyError};

use crate::norms::NormTable;

/// The UWES versions (domain.md section 1). Each has its own item count per subscale and its
/// own norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instrument {
    Uwes17,
    Uwes9,
    Uwes3,
}

/// The subscales, in the order the metrics and the item mapping use.
pub const SUBSCALES: [&str; 3] = ["vigour", "dedication", "absorption"];

impl Instrument {
    pub fn parse(s: &str) -> Option<Instrument> {
        match s {
            "uwes-17" => Some(Instrument::Uwes17),
            "uwes-9" => Some(Instrument::Uwes9),
            "uwes-3" => Some(Instrument::Uwes3),
            _ => None,
        }
    }

    /// The configuration value and norm-table key.
    pub fn key(self) -> &'static str {
        match self {
            Instrument::Uwes17 => "uwes-17",
            Instrument::Uwes9 => "uwes-9",
            Instrument::Uwes3 => "uwes-3",
        }
    }

    /// The name in sentences.
    pub fn label(self) -> &'static str {
        match self {
            Instrument::Uwes17 => "UWES-17",
            Instrument::Uwes9 => "UWES-9",
            Instrument::Uwes3 => "UWES-3",
        }
    }

    /// The instrument's own item numbers per subscale (vigour, dedication, absorption).
    fn item_numbers(self) -> [&'static [u32]; 3] {
        match self {
            Instrument::Uwes17 => [
                &[1, 4, 8, 12, 15, 17],
                &[2, 5, 7, 10, 13],
                &[3, 6, 9, 11, 14, 16],
            ],
            Instrument::Uwes9 => [&[1, 2, 5], &[3, 4, 7], &[6, 8, 9]],
            Instrument::Uwes3 => [&[1], &[2], &[3]],
        }
    }

    /// Default columns `uwes_<n>` in the instrument's item order, per subscale.
    pub fn default_items(self) -> [Vec<String>; 3] {
        self.item_numbers()
            .map(|ns| ns.iter().map(|n| format!("uwes_{n}")).collect())
    }

    /// Per-subscale alpha is reported for the longer versions only (one-item subscales have
    /// no alpha).
    pub fn has_subscale_alpha(self) -> bool {
        self != Instrument::Uwes3
    }
}

/// The engagement analysis' settings after defaults.
#[derive(Debug, Clone)]
pub struct EngagementConfig {
    pub instrument: Instrument,
    pub window_months: u32,
    /// Column names per subscale, in [`SUBSCALES`] order.
    pub items: [Vec<String>; 3],
    pub norms: NormTable,
}

pub const KEYS: [&str; 4] = ["instrument", "window_months", "items", "norms"];

impl EngagementConfig {
    pub fn from_json(config: &serde_json::Value) -> Result<EngagementConfig, SurveyError> {
        let c = ConfigReader::new("engagement", config, &KEYS)?;
        let instrument = match c.string("instrument")? {
            None => Instrument::Uwes9,
            Some(s) => Instrument::parse(s).ok_or_else(|| {
                SurveyError::new(format!(
                    "[plugins.engagement] instrument = \"{s}\" is not a UWES version; use \"uwes-17\", \"uwes-9\" or \"uwes-3\""
                ))
            })?,
        };
        let window_months = c.window_months()?;
        let given: BTreeMap<String, Vec<String>> = c.items(&SUBSCALES)?;
        let defaults = instrument.default_items();
        let mut items = defaults.clone();
        for (i, name) in SUBSCALES.iter().enumerate() {
            if let Some(cols) = given.get(*name) {
                let want = defaults[i].len();
                if cols.len() != want {
                    return Err(SurveyError::new(format!(
                        "[plugins.engagement] items.{name} lists {} columns, but {} has {want} {name} item(s); \
                         map exactly the instrument's items (or choose the instrument that matches your survey)",
                        cols.len(),
                        instrument.label()
                    )));
                }
                items[i] = cols.clone();
            }
        }
        // A column mapped explicitly for one subscale may clash with another's default.
        let mut all: Vec<&String> = items.iter().flatten().collect();
        all.sort_unstable();
        if let Some(w) = all.windows(2).find(|w| w[0] == w[1]) {
            return Err(SurveyError::new(format!(
                "[plugins.engagement] items: column '{}' is used for two subscales; map every subscale \
                 whose default columns you reuse",
                w[0]
            )));
        }
        let norms = match c.string("norms")? {
            None => NormTable::shipped()?,
            Some(path) => NormTable::load(path)?,
        };
        Ok(EngagementConfig {
            instrument,
            window_months,
            items,
            norms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_are_uwes_9_in_item_order() {
        let c = EngagementConfig::from_json(&serde_json::Value::Null).unwrap();
        assert_eq!(c.instrument, Instrument::Uwes9);
        assert_eq!(c.window_months, 12);
        assert_eq!(c.items[0], ["uwes_1", "uwes_2", "uwes_5"]);
        assert_eq!(c.items[1], ["uwes_3", "uwes_4", "uwes_7"]);
        assert_eq!(c.items[2], ["uwes_6", "uwes_8", "uwes_9"]);
        let c17 = EngagementConfig::from_json(&json!({"instrument": "uwes-17"})).unwrap();
        assert_eq!(
            c17.items.iter().map(Vec::len).collect::<Vec<_>>(),
            [6, 5, 6]
        );
        assert_eq!(
            c17.items[1],
            ["uwes_2", "uwes_5", "uwes_7", "uwes_10", "uwes_13"]
        );
    }

    #[test]
    fn invalid_settings_are_errors() {
        for bad in [
            json!({"instrument": "uwes-12"}),
            json!({"instrument": 9}),
            json!({"window_months": -1}),
            json!({"items": {"vigour": ["a", "b"]}}),
            json!({"items": {"vigor": ["a", "b", "c"]}}),
            json!({"items": {"vigour": ["uwes_3", "x", "y"]}}),
            json!({"norms": "/nonexistent/norms.toml"}),
            json!({"colour": "blue"}),
        ] {
            assert!(EngagementConfig::from_json(&bad).is_err(), "{bad}");
        }
        let ok = EngagementConfig::from_json(
            &json!({"instrument": "uwes-3", "items": {"vigour": ["v"]}}),
        )
        .unwrap();
        assert_eq!(ok.items[0], ["v"]);
    }
}
