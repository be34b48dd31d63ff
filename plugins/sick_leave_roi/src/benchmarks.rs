//! Reference sick-leave rates by sector (CBS), shipped as dated data, not code: the figures
//! change every quarter and domain.md asks for them as data with their source.

use std::collections::BTreeMap;

use serde::Deserialize;
use werkt_plugin::{Period, PluginError};

/// The file shipped with the plugin (`data/cbs_benchmarks.toml`).
pub const SHIPPED: &str = include_str!("../data/cbs_benchmarks.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmarks {
    /// Where the figures come from, quoted in findings.
    pub dataset: String,
    #[serde(default)]
    pub as_of: Option<String>,
    /// Sector key -> names an organisation may use for it.
    #[serde(default)]
    pub sectors: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub rate: Vec<Rate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub sector: String,
    /// `YYYY` or `YYYY-Qn`.
    pub period: String,
    pub rate_pct: f64,
}

/// The figure an organisation is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub sector: String,
    pub period: String,
    pub rate_pct: f64,
    pub dataset: String,
}

/// Last month of a `YYYY` or `YYYY-Qn` label.
fn period_end(label: &str) -> Option<Period> {
    match label.split_once("-Q") {
        None if label.len() == 4 => Period::new(label.parse().ok()?, 12),
        Some((y, q)) if y.len() == 4 => {
            let q: u32 = q.parse().ok()?;
            (1..=4).contains(&q).then_some(())?;
            Period::new(y.parse().ok()?, q * 3)
        }
        _ => None,
    }
}

impl Benchmarks {
    /// Parses and checks a benchmarks file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Benchmarks, PluginError> {
        let b: Benchmarks = toml::from_str(text)
            .map_err(|e| PluginError::new(format!("benchmarks file {origin}: {e}")))?;
        for r in &b.rate {
            if period_end(&r.period).is_none() {
                return Err(PluginError::new(format!(
                    "benchmarks file {origin}: period '{}' of sector '{}' is neither YYYY nor YYYY-Qn",
                    r.period, r.sector
                )));
            }
            if !(r.rate_pct.is_finite() && (0.0..=100.0).contains(&r.rate_pct)) {
                return Err(PluginError::new(format!(
                    "benchmarks file {origin}: rate_pct {} of sector '{}' {} is not a percentage",
                    r.rate_pct, r.sector, r.period
                )));
            }
        }
        Ok(b)
    }

    /// The sector key for an organisation's free-text sector, `all` when unknown.
    fn sector_key(&self, sector: Option<&str>) -> String {
        let Some(s) = sector.map(|s| s.trim().to_lowercase()) else {
            return "all".into();
        };
        self.sectors
            .iter()
            .find(|(k, names)| **k == s || names.iter().any(|n| n.to_lowercase() == s))
            .map_or_else(|| "all".into(), |(k, _)| k.clone())
    }

    /// The most recent figure of the organisation's sector (else of all sectors) for a period
    /// that ended on or before `p`; ties on the end month prefer the year over the quarter.
    pub fn reference(&self, sector: Option<&str>, p: Period) -> Option<Reference> {
        let key = self.sector_key(sector);
        let best = |k: &str| {
            self.rate
                .iter()
                .filter(|r| r.sector == k)
                .filter_map(|r| Some((period_end(&r.period)?, r)))
                .filter(|(end, _)| *end <= p)
                .max_by_key(|(end, r)| (*end, r.period.len() == 4))
                .map(|(_, r)| r)
        };
        let r = best(&key).or_else(|| best("all"))?;
        // Shown in findings: the sector's first name in the file reads better than its key.
        let shown = self
            .sectors
            .get(&r.sector)
            .and_then(|n| n.first())
            .unwrap_or(&r.sector);
        Some(Reference {
            sector: shown.clone(),
            period: r.period.clone(),
            rate_pct: r.rate_pct,
            dataset: self.dataset.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn shipped_file_parses_and_picks_the_sector_or_all() {
        let b = Benchmarks::parse(SHIPPED, "shipped").unwrap();
        let health = b.reference(Some("Health care"), p("2026-10")).unwrap();
        assert_eq!(
            (
                health.sector.as_str(),
                health.period.as_str(),
                health.rate_pct
            ),
            ("health care", "2022-Q3", 7.1)
        );
        let unknown = b.reference(Some("fishing"), p("2026-10")).unwrap();
        assert_eq!((unknown.period.as_str(), unknown.rate_pct), ("2023", 5.3));
        assert_eq!(
            b.reference(None, p("2022-12")).unwrap().rate_pct,
            5.6,
            "the year wins a tie with Q4"
        );
        assert_eq!(b.reference(None, p("2022-11")).unwrap().rate_pct, 5.0);
        assert_eq!(
            b.reference(Some("ict"), p("2022-08")).unwrap().period,
            "2019",
            "Q3 2022 not yet over"
        );
        assert!(b.reference(None, p("2018-11")).is_none());
    }

    #[test]
    fn bad_files_are_errors_that_name_the_file() {
        let e = Benchmarks::parse(
            "dataset = 'x'\n[[rate]]\nsector='all'\nperiod='2023-Q5'\nrate_pct=4.0\n",
            "my.toml",
        )
        .unwrap_err();
        assert!(e.0.contains("my.toml") && e.0.contains("2023-Q5"), "{e}");
        assert!(Benchmarks::parse("nonsense", "x").is_err());
    }
}
