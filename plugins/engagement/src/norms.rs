//! UWES norm tables as data (domain.md section 1: norms are *verify* facts, so they ship as a
//! file with their source, never as constants in code).

use std::collections::BTreeMap;

use serde::Deserialize;
use werkt_survey::{NormBands, SurveyError};

use crate::config::{Instrument, SUBSCALES};

/// The table shipped with the plugin: UWES manual v1.1 (2004), section 6.2, Dutch norms.
const SHIPPED: &str = include_str!("../norms/uwes_nl_2004.toml");
const SHIPPED_NAME: &str = "the shipped table (norms/uwes_nl_2004.toml)";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NormFile {
    source: String,
    #[serde(default)]
    verify: bool,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    norms: BTreeMap<String, BTreeMap<String, [f64; 4]>>,
}

/// Norm bands per UWES version and scale, with the table's source for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct NormTable {
    pub source: String,
    /// The table's values still need checking against the source.
    pub verify: bool,
    /// Where the table came from (file path or the shipped table), for messages.
    pub origin: String,
    bands: BTreeMap<(String, String), NormBands>,
}

impl NormTable {
    pub fn shipped() -> Result<NormTable, SurveyError> {
        NormTable::parse(SHIPPED, SHIPPED_NAME)
    }

    /// Reads a norm table file (TOML, the shipped table's format).
    pub fn load(path: &str) -> Result<NormTable, SurveyError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            SurveyError::new(format!(
                "[plugins.engagement] norms = \"{path}\": cannot read the norm table ({e}); \
                 give the path of a TOML norm table or leave `norms` out for the shipped Dutch norms"
            ))
        })?;
        NormTable::parse(&text, path)
    }

    pub fn parse(text: &str, origin: &str) -> Result<NormTable, SurveyError> {
        let file: NormFile = toml::from_str(text)
            .map_err(|e| SurveyError::new(format!("norm table {origin} is not valid: {e}")))?;
        let mut bands = BTreeMap::new();
        for (version, scales) in file.norms {
            if Instrument::parse(&version).is_none() {
                return Err(SurveyError::new(format!(
                    "norm table {origin}: [norms.{version}] is not a UWES version (uwes-17, uwes-9, uwes-3)"
                )));
            }
            for (scale, upper) in scales {
                if scale != "total" && !SUBSCALES.contains(&scale.as_str()) {
                    return Err(SurveyError::new(format!(
                        "norm table {origin}: norms.{version}.{scale} is not a UWES scale (total, vigour, dedication, absorption)"
                    )));
                }
                let b = NormBands::new(upper).map_err(|e| {
                    SurveyError::new(format!("norm table {origin}: norms.{version}.{scale}: {e}"))
                })?;
                bands.insert((version.clone(), scale), b);
            }
        }
        Ok(NormTable {
            source: file.source,
            verify: file.verify,
            origin: origin.to_string(),
            bands,
        })
    }

    /// The bands of one scale of one version; never another version's.
    pub fn bands(&self, instrument: Instrument, scale: &str) -> Option<NormBands> {
        self.bands
            .get(&(instrument.key().to_string(), scale.to_string()))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_holds_the_domain_values() {
        let t = NormTable::shipped().unwrap();
        assert!(t.verify);
        assert!(t.source.contains("section 6.2"));
        assert_eq!(
            t.bands(Instrument::Uwes9, "total").unwrap().upper(),
            [1.77, 2.88, 4.66, 5.50]
        );
        assert_eq!(
            t.bands(Instrument::Uwes17, "total").unwrap().upper(),
            [1.93, 3.06, 4.66, 5.53]
        );
        assert_eq!(
            t.bands(Instrument::Uwes17, "dedication").unwrap().upper(),
            [1.60, 3.00, 4.90, 5.79]
        );
        // No UWES-3 norms, and UWES-9 has no subscale norms: nothing is borrowed.
        assert_eq!(t.bands(Instrument::Uwes3, "total"), None);
        assert_eq!(t.bands(Instrument::Uwes9, "vigour"), None);
    }

    #[test]
    fn bad_tables_are_rejected() {
        assert!(
            NormTable::parse("source = \"x\"\n[norms.uwes-10]\ntotal = [1, 2, 3, 4]", "t").is_err()
        );
        assert!(
            NormTable::parse("source = \"x\"\n[norms.uwes-9]\nvigor = [1, 2, 3, 4]", "t").is_err()
        );
        assert!(
            NormTable::parse("source = \"x\"\n[norms.uwes-9]\ntotal = [1, 3, 2, 4]", "t").is_err()
        );
        assert!(
            NormTable::parse("source = \"x\"\n[norms.uwes-9]\ntotal = [1, 2, 3]", "t").is_err()
        );
        assert!(NormTable::parse("[norms.uwes-9]\ntotal = [1, 2, 3, 4]", "t").is_err());
        let ok = NormTable::parse(
            "source = \"own\"\n[norms.uwes-3]\ntotal = [1, 2, 3, 4]",
            "t",
        )
        .unwrap();
        assert_eq!(
            ok.bands(Instrument::Uwes3, "total").unwrap().upper(),
            [1.0, 2.0, 3.0, 4.0]
        );
    }
}
