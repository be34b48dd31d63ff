use werkt_model::{Language, Period, Unit, UnitTree};

/// A number for a sentence in the report's language: `3.25` in English, `3,25` in Dutch, a
/// negative one with the minus sign U+2212 (`−0.30`), as the report's tables write it.
pub fn fmt_num(x: f64, decimals: usize, lang: Language) -> String {
    let s = format!("{x:.decimals$}");
    let s = match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    };
    match lang {
        Language::En => s,
        Language::Nl => s.replace('.', ","),
    }
}

/// Like [`fmt_num`] with an explicit sign (`+1.5`, `−0.3`, `0.0`), for changes.
pub fn fmt_signed(x: f64, decimals: usize, lang: Language) -> String {
    let s = fmt_num(x, decimals, lang);
    if s.starts_with('\u{2212}') || s.chars().all(|c| matches!(c, '0' | '.' | ',')) {
        s
    } else {
        format!("+{s}")
    }
}

/// Display names indexed by `UnitIx`, for charts and sentences (ids are for machines).
pub fn unit_name(tree: &UnitTree, units: &[Unit]) -> Vec<String> {
    let mut names: Vec<String> = (0..tree.len()).map(|u| tree.id(u).to_string()).collect();
    for unit in units {
        if let Some(u) = tree.index_of(&unit.id)
            && !unit.name.trim().is_empty()
        {
            names[u] = unit.name.clone();
        }
    }
    names
}

/// The sentence that follows figures kept as last published (domain.md section 0, over time):
/// which month they are from and when they change. Empty for figures of the report period.
pub fn as_of_note(as_of: Option<Period>, min: u64, lang: Language) -> String {
    match (as_of, lang) {
        (None, _) => String::new(),
        (Some(p), Language::En) => format!(
            " These are the figures published for {p}; they are recomputed once at least {min} responses have changed."
        ),
        (Some(p), Language::Nl) => format!(
            " Dit zijn de cijfers zoals gepubliceerd voor {p}; ze worden opnieuw berekend zodra ten minste {min} antwoorden zijn veranderd."
        ),
    }
}

/// The short form of [`as_of_note`] for a sentence about one unit: ` (figures of 2026-07)`.
pub fn as_of_tag(as_of: Option<Period>, lang: Language) -> String {
    match (as_of, lang) {
        (None, _) => String::new(),
        (Some(p), Language::En) => format!(" (figures of {p})"),
        (Some(p), Language::Nl) => format!(" (cijfers van {p})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(fmt_num(3.256, 2, Language::En), "3.26");
        assert_eq!(fmt_num(3.256, 2, Language::Nl), "3,26");
        assert_eq!(fmt_num(-0.001, 1, Language::En), "0.0");
        assert_eq!(fmt_signed(1.25, 1, Language::Nl), "+1,2");
        assert_eq!(fmt_signed(-2.0, 1, Language::En), "\u{2212}2.0");
        assert_eq!(fmt_num(-0.35, 2, Language::Nl), "\u{2212}0,35");
        assert_eq!(fmt_signed(0.0, 1, Language::En), "0.0");
    }
}
