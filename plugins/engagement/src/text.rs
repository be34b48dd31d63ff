//! Labels and warning texts of the engagement analysis, per language.

use werkt_plugin::Language;

pub fn by_unit_name(lang: Language) -> &'static str {
    match lang {
        Language::En => "Work engagement (mean, 0-6)",
        Language::Nl => "Bevlogenheid (gemiddelde, 0-6)",
    }
}

pub fn subscale(lang: Language, i: usize) -> &'static str {
    match (lang, i) {
        (Language::En, 0) => "vigour",
        (Language::En, 1) => "dedication",
        (Language::En, _) => "absorption",
        (Language::Nl, 0) => "vitaliteit",
        (Language::Nl, 1) => "toewijding",
        (Language::Nl, _) => "absorptie",
    }
}

/// Warnings go to the run log and metrics.json, in English like the host's.
pub fn without_total_warning(n: u64, instrument: &str) -> String {
    format!(
        "{n} respondent(s) in the window have no {instrument} total score (a subscale had fewer \
         than two thirds of its items answered) and are not counted"
    )
}

pub fn duplicate_warning(n: usize) -> String {
    format!(
        "{n} respondent(s) have several survey responses on their latest date; one is kept by \
         content (unit, then answers), not by file order; check the survey export for duplicates"
    )
}
