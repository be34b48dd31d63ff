//! Wording of findings and labels in the report's languages (numbers and money are
//! written by `werkt_model::format`, as everywhere in the report).

use werkt_plugin::Language;

/// "1-14 days", "366+ days": the label of duration class `k` of `bounds`.
pub fn class_label(bounds: &[u32], k: usize, lang: Language) -> String {
    let days = match lang {
        Language::En => "days",
        Language::Nl => "dagen",
    };
    let lo = if k == 0 { 1 } else { bounds[k - 1] + 1 };
    match bounds.get(k) {
        Some(hi) => format!("{lo}-{hi} {days}"),
        None => format!("{lo}+ {days}"),
    }
}

/// Picks the sentence for the language.
pub fn say(lang: Language, en: String, nl: String) -> String {
    match lang {
        Language::En => en,
        Language::Nl => nl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_duration_classes_per_language() {
        assert_eq!(class_label(&[14, 91, 365], 0, Language::En), "1-14 days");
        assert_eq!(class_label(&[14, 91, 365], 3, Language::Nl), "366+ dagen");
    }
}
