//! How each metric is displayed (`template.toml` of a template set): a percentage, an amount of
//! money, a count, a score with two decimals. Kept as data beside the templates so a plugin's
//! metrics can be given a format without touching code.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use werkt_model::Language;

use crate::ReportError;
use crate::format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A plain decimal number (default: 2 decimals).
    Number,
    /// A count: no decimals.
    Integer,
    /// A value in percent (4.3 prints as 4.3%); `scale` = 100 turns a fraction into percent.
    Percent,
    /// Euros.
    Money,
    /// 1 prints as the strings file's `common.yes`, 0 as `common.no`.
    Yesno,
}

/// The display rule of one metric.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricFormat {
    pub kind: Kind,
    #[serde(default)]
    pub decimals: Option<usize>,
    /// Multiplies the value before printing (e.g. 100 for a ratio shown in percent).
    #[serde(default)]
    pub scale: Option<f64>,
    /// A strings-file key whose text follows the number (e.g. `unit.years`).
    #[serde(default)]
    pub suffix: Option<String>,
}

impl MetricFormat {
    pub const DEFAULT: MetricFormat = MetricFormat {
        kind: Kind::Number,
        decimals: None,
        scale: None,
        suffix: None,
    };

    pub fn decimals(&self) -> usize {
        self.decimals.unwrap_or(match self.kind {
            Kind::Number => 2,
            Kind::Percent => 1,
            Kind::Integer | Kind::Money | Kind::Yesno => 0,
        })
    }

    /// The number part of a value (no suffix); `yes`/`no` are the translated words.
    pub fn apply(&self, lang: Language, value: f64, yes_no: (&str, &str)) -> String {
        let v = value * self.scale.unwrap_or(1.0);
        let d = self.decimals();
        match self.kind {
            Kind::Number | Kind::Integer => format::number(lang, v, d),
            Kind::Percent => format::percent(lang, v, d),
            Kind::Money => format::money(lang, v, d),
            Kind::Yesno => {
                if v != 0.0 {
                    yes_no.0.to_string()
                } else {
                    yes_no.1.to_string()
                }
            }
        }
    }

    /// A change between two values of this metric, signed; percentages change in points, so
    /// the caller adds the "pp" unit rather than a `%` sign.
    pub fn apply_change(&self, lang: Language, delta: f64) -> String {
        let v = delta * self.scale.unwrap_or(1.0);
        let d = self.decimals();
        match self.kind {
            Kind::Money => {
                let m = format::money(lang, v, d);
                if v > 0.0 && m.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
                    format!("+{m}")
                } else {
                    m
                }
            }
            _ => format::signed(lang, v, d),
        }
    }
}

/// All display rules of a template set.
#[derive(Debug, Clone, Default)]
pub struct Formats {
    rules: BTreeMap<String, MetricFormat>,
    /// Analyses in the order their sections appear; analyses not listed follow by name.
    pub section_order: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatsFile {
    #[serde(default)]
    section_order: Vec<String>,
    #[serde(default)]
    metrics: BTreeMap<String, MetricFormat>,
}

impl Formats {
    pub fn load(path: &Path) -> Result<Formats, ReportError> {
        if !path.exists() {
            return Ok(Formats::default());
        }
        let text = crate::templates::read_source(path)?;
        Formats::parse(&text).map_err(|message| ReportError::Formats {
            path: path.to_path_buf(),
            message,
        })
    }

    pub fn parse(text: &str) -> Result<Formats, String> {
        let file: FormatsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(Formats {
            rules: file.metrics,
            section_order: file.section_order,
        })
    }

    /// The rule for `plugin.metric`: an exact `"plugin.metric"` entry, else `"metric"`, else the
    /// longest matching suffix pattern (`"*_pct"`), else a number with two decimals.
    pub fn of(&self, plugin: &str, metric: &str) -> &MetricFormat {
        if let Some(f) = self.rules.get(&format!("{plugin}.{metric}")) {
            return f;
        }
        if let Some(f) = self.rules.get(metric) {
            return f;
        }
        self.rules
            .iter()
            .filter_map(|(k, f)| k.strip_prefix('*').map(|suffix| (suffix, f)))
            .filter(|(suffix, _)| metric.ends_with(suffix))
            .max_by_key(|(suffix, _)| suffix.len())
            .map(|(_, f)| f)
            .unwrap_or(&MetricFormat::DEFAULT)
    }

    /// Every strings key the rules refer to, for the load-time check.
    pub fn suffix_keys(&self) -> impl Iterator<Item = &str> {
        self.rules.values().filter_map(|f| f.suffix.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_order() {
        let f = Formats::parse(
            "[metrics]\n\"*_pct\" = { kind = \"percent\" }\nrespondents = { kind = \"integer\" }\n\"x.respondents\" = { kind = \"money\" }\n",
        )
        .unwrap();
        assert_eq!(f.of("a", "band_low_pct").kind, Kind::Percent);
        assert_eq!(f.of("a", "respondents").kind, Kind::Integer);
        assert_eq!(f.of("x", "respondents").kind, Kind::Money);
        assert_eq!(f.of("a", "total").kind, Kind::Number);
        assert!(Formats::parse("[metrics]\nx = { kind = \"bogus\" }").is_err());
    }

    #[test]
    fn applies() {
        let pct = MetricFormat {
            kind: Kind::Percent,
            decimals: Some(0),
            scale: Some(100.0),
            suffix: None,
        };
        assert_eq!(pct.apply(Language::Nl, 0.456, ("ja", "nee")), "46%");
        assert_eq!(
            MetricFormat::DEFAULT.apply_change(Language::En, -0.123),
            "\u{2212}0.12"
        );
        let money = MetricFormat {
            kind: Kind::Money,
            decimals: None,
            scale: None,
            suffix: None,
        };
        assert_eq!(money.apply_change(Language::En, 1500.0), "+€1,500");
    }
}
