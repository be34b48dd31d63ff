//! Dates in words per report language; numbers and money are formatted by
//! [`werkt_model::format`], which this module re-exports for the helpers.

pub use werkt_model::format::{money, number, percent, signed};

/// A date or period (`2026-10` or `2026-10-31`) in words with the given month names
/// (January..December, from the strings file): `October 2026`, `31 October 2026`.
/// Returns `None` when `text` is neither form.
pub fn date(text: &str, month_names: &[String; 12]) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let year: u32 = parts.first().filter(|y| y.len() == 4)?.parse().ok()?;
    let month: usize = parts.get(1).filter(|m| m.len() == 2)?.parse().ok()?;
    let name = month_names.get(month.checked_sub(1)?)?;
    match parts.len() {
        2 => Some(format!("{name} {year}")),
        3 => {
            let day: u32 = parts[2].parse().ok().filter(|d| (1..=31).contains(d))?;
            Some(format!("{day} {name} {year}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        let months: [String; 12] = std::array::from_fn(|i| format!("M{}", i + 1));
        assert_eq!(date("2026-10", &months).as_deref(), Some("M10 2026"));
        assert_eq!(date("2026-02-03", &months).as_deref(), Some("3 M2 2026"));
        for bad in ["2026", "2026-13", "2026-00", "26-10", "2026-10-40", "x-y"] {
            assert_eq!(date(bad, &months), None, "{bad}");
        }
    }
}
