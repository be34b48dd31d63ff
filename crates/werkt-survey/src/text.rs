use werkt_model::{Language, Period, Unit, UnitTree};

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
