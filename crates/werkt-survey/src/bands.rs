use werkt_model::Language;

use crate::SurveyError;

/// A norm band (UWES manual: very low / low / average / high / very high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    VeryLow,
    Low,
    Average,
    High,
    VeryHigh,
}

impl Band {
    pub const ALL: [Band; 5] = [
        Band::VeryLow,
        Band::Low,
        Band::Average,
        Band::High,
        Band::VeryHigh,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The key used in metric names (`band_<key>_pct`) and norm tables.
    pub fn key(self) -> &'static str {
        match self {
            Band::VeryLow => "very_low",
            Band::Low => "low",
            Band::Average => "average",
            Band::High => "high",
            Band::VeryHigh => "very_high",
        }
    }

    pub fn label(self, lang: Language) -> &'static str {
        match (lang, self) {
            (Language::En, Band::VeryLow) => "very low",
            (Language::En, Band::Low) => "low",
            (Language::En, Band::Average) => "average",
            (Language::En, Band::High) => "high",
            (Language::En, Band::VeryHigh) => "very high",
            (Language::Nl, Band::VeryLow) => "zeer laag",
            (Language::Nl, Band::Low) => "laag",
            (Language::Nl, Band::Average) => "gemiddeld",
            (Language::Nl, Band::High) => "hoog",
            (Language::Nl, Band::VeryHigh) => "zeer hoog",
        }
    }
}

/// Upper bounds of the first four bands; the fifth is open. A band holds the scores above the
/// previous band's upper bound up to and including its own (domain.md section 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormBands {
    upper: [f64; 4],
}

impl NormBands {
    /// Bounds must be finite and strictly increasing.
    pub fn new(upper: [f64; 4]) -> Result<NormBands, SurveyError> {
        if upper.iter().any(|b| !b.is_finite()) || upper.windows(2).any(|w| w[0] >= w[1]) {
            return Err(SurveyError::new(format!(
                "norm band upper bounds {upper:?} must be finite and strictly increasing"
            )));
        }
        Ok(NormBands { upper })
    }

    pub fn upper(&self) -> [f64; 4] {
        self.upper
    }

    /// The band of a score. A score is a ratio of small integers and its f64 is the correctly
    /// rounded value, so a score equal to a bound compares equal to the bound's f64.
    pub fn band_of(&self, score: f64) -> Band {
        self.upper
            .iter()
            .position(|&b| score <= b)
            .map_or(Band::VeryHigh, |i| Band::ALL[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_belong_to_the_lower_band() {
        let b = NormBands::new([1.77, 2.88, 4.66, 5.50]).unwrap();
        assert_eq!(b.band_of(0.0), Band::VeryLow);
        assert_eq!(b.band_of(1.77), Band::VeryLow);
        assert_eq!(b.band_of(1.7701), Band::Low);
        assert_eq!(b.band_of(2.88), Band::Low);
        assert_eq!(b.band_of(4.66), Band::Average);
        assert_eq!(b.band_of(5.5), Band::High);
        // 11/2 computed as a score equals the bound 5.50 exactly.
        assert_eq!(b.band_of(11.0 / 2.0), Band::High);
        assert_eq!(b.band_of(50.0 / 9.0), Band::VeryHigh);
        assert_eq!(b.band_of(6.0), Band::VeryHigh);
    }

    #[test]
    fn bounds_must_increase() {
        assert!(NormBands::new([1.0, 1.0, 2.0, 3.0]).is_err());
        assert!(NormBands::new([1.0, f64::NAN, 2.0, 3.0]).is_err());
    }
}
