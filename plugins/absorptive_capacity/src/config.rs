//! `[plugins.absorptive_capacity]`: window, item columns, the efficiency alert threshold.

use werkt_survey::{ConfigReader, SurveyError};

/// The four ACAP dimensions (Zahra & George 2002), in metric order.
pub const DIMENSIONS: [&str; 4] = [
    "acquisition",
    "assimilation",
    "transformation",
    "exploitation",
];

/// The combinative capabilities (Van den Bosch et al. 1999), in metric order, with the column
/// prefix their optional items carry by default.
pub const CAPABILITIES: [(&str, &str); 3] = [
    ("systems", "cc_sys_"),
    ("coordination", "cc_coord_"),
    ("socialisation", "cc_soc_"),
];

pub const KEYS: [&str; 3] = ["window_months", "items", "efficiency_alert_below"];

/// Default efficiency (realised / potential) below which realised ACAP is said to lag.
pub const DEFAULT_EFFICIENCY_ALERT: f64 = 0.9;

#[derive(Debug, Clone)]
pub struct AcapConfig {
    pub window_months: u32,
    /// Column names per dimension, in [`DIMENSIONS`] order.
    pub dimensions: [Vec<String>; 4],
    /// Column names per capability, in [`CAPABILITIES`] order; empty when not surveyed.
    pub capabilities: [Vec<String>; 3],
    pub efficiency_alert_below: f64,
}

impl AcapConfig {
    /// `survey_items` are the survey's columns: capability items default to those present
    /// with the `cc_sys_`, `cc_coord_` and `cc_soc_` prefixes.
    pub fn from_json(
        config: &serde_json::Value,
        survey_items: &[String],
    ) -> Result<AcapConfig, SurveyError> {
        let c = ConfigReader::new("absorptive_capacity", config, &KEYS)?;
        let window_months = c.window_months()?;
        let mut names: Vec<&str> = DIMENSIONS.to_vec();
        names.extend(CAPABILITIES.iter().map(|c| c.0));
        let given = c.items(&names)?;
        // Flatten et al. (2011): 3 + 4 + 4 + 3 items.
        let defaults = [("acq", 3), ("asm", 4), ("trf", 4), ("exp", 3)];
        let dimensions = [0, 1, 2, 3].map(|i| {
            given.get(DIMENSIONS[i]).cloned().unwrap_or_else(|| {
                let (code, k) = defaults[i];
                (1..=k).map(|j| format!("acap_{code}_{j}")).collect()
            })
        });
        let capabilities = [0, 1, 2].map(|i| {
            let (name, prefix) = CAPABILITIES[i];
            given.get(name).cloned().unwrap_or_else(|| {
                survey_items
                    .iter()
                    .filter(|s| s.starts_with(prefix))
                    .cloned()
                    .collect()
            })
        });
        let mut all: Vec<&String> = dimensions.iter().chain(&capabilities).flatten().collect();
        all.sort_unstable();
        if let Some(w) = all.windows(2).find(|w| w[0] == w[1]) {
            return Err(SurveyError::new(format!(
                "[plugins.absorptive_capacity] items: column '{}' is used for two scales; map every \
                 scale whose default columns you reuse",
                w[0]
            )));
        }
        let efficiency_alert_below = c
            .number("efficiency_alert_below", 0.0, 1.0)?
            .unwrap_or(DEFAULT_EFFICIENCY_ALERT);
        Ok(AcapConfig {
            window_months,
            dimensions,
            capabilities,
            efficiency_alert_below,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_follow_flatten_and_the_survey_columns() {
        let items: Vec<String> = ["acap_acq_1", "cc_soc_2", "cc_soc_1", "cc_coord_1", "x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = AcapConfig::from_json(&serde_json::Value::Null, &items).unwrap();
        assert_eq!(c.window_months, 12);
        assert_eq!(
            c.dimensions.iter().map(Vec::len).collect::<Vec<_>>(),
            [3, 4, 4, 3]
        );
        assert_eq!(c.dimensions[1][3], "acap_asm_4");
        assert!(c.capabilities[0].is_empty());
        assert_eq!(c.capabilities[1], ["cc_coord_1"]);
        assert_eq!(c.capabilities[2], ["cc_soc_2", "cc_soc_1"]);
        assert_eq!(c.efficiency_alert_below, 0.9);
    }

    #[test]
    fn invalid_settings_are_errors() {
        for bad in [
            json!({"window_months": 0}),
            json!({"items": {"acquisition": []}}),
            json!({"items": {"acqusition": ["a"]}}),
            json!({"items": {"acquisition": ["acap_asm_1"]}}),
            json!({"efficiency_alert_below": 1.5}),
            json!({"org_form": "matrix"}),
        ] {
            assert!(AcapConfig::from_json(&bad, &[]).is_err(), "{bad}");
        }
        let ok = AcapConfig::from_json(&json!({"items": {"systems": ["s1", "s2"]}}), &[]).unwrap();
        assert_eq!(ok.capabilities[0], ["s1", "s2"]);
    }
}
