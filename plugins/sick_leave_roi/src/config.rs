//! `[plugins.sick_leave_roi]`: the plugin's keys, their defaults, and how they become the
//! computation's parameters.

use serde::Deserialize;
use werkt_absence::{AbsenceConfig, Control};
use werkt_plugin::{AnalysisRequest, PluginError};

use crate::benchmarks::{Benchmarks, SHIPPED};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlSetting {
    #[default]
    None,
    RestOfOrganisation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub cost_per_sick_day: f64,
    pub duration_classes: Vec<u32>,
    pub discount_rate: f64,
    pub default_horizon_years: u32,
    pub min_followup_months: u32,
    pub control: ControlSetting,
    /// Path of a benchmarks file replacing the shipped one.
    pub benchmarks: Option<String>,
    /// Open spells longer than this (days) are reported as long-term cases.
    pub long_term_days: u32,
    /// Finding "many short spells": 12-month frequency at least this (reports per employee
    /// per year) ...
    pub high_frequency: f64,
    /// ... while the mean duration of the spells ended in those 12 months is at most this.
    pub short_duration_days: f64,
}

impl Default for Config {
    fn default() -> Self {
        let a = AbsenceConfig::default();
        Config {
            cost_per_sick_day: a.cost_per_sick_day,
            duration_classes: a.duration_bounds,
            discount_rate: a.discount_rate,
            default_horizon_years: a.default_horizon_years,
            min_followup_months: a.min_followup_months,
            control: ControlSetting::None,
            benchmarks: None,
            long_term_days: a.long_term_days,
            high_frequency: 1.5,
            short_duration_days: 7.0,
        }
    }
}

impl Config {
    pub fn from_request(request: &AnalysisRequest) -> Result<Config, PluginError> {
        let c: Config = werkt_plugin::read_config(request)?;
        if !(c.high_frequency.is_finite() && c.high_frequency >= 0.0) {
            return Err(PluginError::new(format!(
                "configuration: high_frequency is {}; it must be a non-negative number of reports per employee per year",
                c.high_frequency
            )));
        }
        if !(c.short_duration_days.is_finite() && c.short_duration_days >= 0.0) {
            return Err(PluginError::new(format!(
                "configuration: short_duration_days is {}; it must be a non-negative number of days",
                c.short_duration_days
            )));
        }
        c.absence()
            .validate()
            .map_err(|e| PluginError::new(format!("configuration: {e}")))?;
        Ok(c)
    }

    /// The computation's parameters.
    pub fn absence(&self) -> AbsenceConfig {
        AbsenceConfig {
            cost_per_sick_day: self.cost_per_sick_day,
            duration_bounds: self.duration_classes.clone(),
            long_term_days: self.long_term_days,
            discount_rate: self.discount_rate,
            default_horizon_years: self.default_horizon_years,
            min_followup_months: self.min_followup_months,
            control: match self.control {
                ControlSetting::None => Control::None,
                ControlSetting::RestOfOrganisation => Control::RestOfOrganisation,
            },
        }
    }

    /// The configured benchmarks file, or the shipped one.
    pub fn benchmarks(&self) -> Result<Benchmarks, PluginError> {
        match &self.benchmarks {
            None => Benchmarks::parse(
                SHIPPED,
                "shipped with the plugin (data/cbs_benchmarks.toml)",
            ),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    PluginError::new(format!(
                        "configuration: benchmarks file '{path}' cannot be read ({e}); give an existing file or remove the key to use the shipped CBS figures"
                    ))
                })?;
                Benchmarks::parse(&text, &format!("'{path}'"))
            }
        }
    }
}
