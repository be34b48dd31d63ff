//! Number, percentage, money and date formatting per report language.
//!
//! Kept free of Handlebars so the rules can be tested directly: Dutch uses a decimal comma and a
//! thousands dot (`1.234,5`, `€ 1.234`), English the reverse (`1,234.5`, `€1,234`). Both write
//! negative numbers with the minus sign U+2212 (`−1,2`), not the hyphen-minus: it is set at the
//! height and width of the plus sign, and copies and reads aloud as "minus".

use werkt_model::Language;

/// The separators of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    pub decimal: char,
    pub thousands: char,
}

impl NumberStyle {
    pub fn of(lang: Language) -> NumberStyle {
        match lang {
            Language::En => NumberStyle {
                decimal: '.',
                thousands: ',',
            },
            Language::Nl => NumberStyle {
                decimal: ',',
                thousands: '.',
            },
        }
    }
}

/// The minus sign of every negative number in the report.
pub const MINUS: char = '\u{2212}';

/// `value` rounded half away from zero (as people round: 12.5 -> 13, where Rust's formatting
/// would round to even) to `decimals` places with the language's separators. Negative zero
/// after rounding prints as `0` so a tiny negative change never shows as "−0,0".
pub fn number(lang: Language, value: f64, decimals: usize) -> String {
    let style = NumberStyle::of(lang);
    let decimals = decimals.min(10);
    let scale = 10f64.powi(decimals as i32);
    let scaled = (value.abs() * scale).round() / scale;
    let abs = if scaled.is_finite() {
        scaled
    } else {
        value.abs()
    };
    let rounded = format!("{:.*}", decimals, abs);
    let is_zero = rounded.bytes().all(|b| b == b'0' || b == b'.');
    let negative = value < 0.0 && !is_zero;
    let (int_part, frac_part) = match rounded.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rounded.as_str(), None),
    };
    let mut out = String::with_capacity(rounded.len() + 4);
    if negative {
        out.push(MINUS);
    }
    let digits = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(style.thousands);
        }
        out.push(c);
    }
    if let Some(f) = frac_part {
        out.push(style.decimal);
        out.push_str(f);
    }
    out
}

/// A percentage: `value` is already in percent (4.3 means 4.3%).
pub fn percent(lang: Language, value: f64, decimals: usize) -> String {
    format!("{}%", number(lang, value, decimals))
}

/// An amount in euros: `€ 1.234` (nl) or `€1,234` (en); negative amounts `€ −1.234` / `−€1,234`.
pub fn money(lang: Language, value: f64, decimals: usize) -> String {
    let n = number(lang, value.abs(), decimals);
    let negative = value < 0.0 && n.bytes().any(|b| (b'1'..=b'9').contains(&b));
    match (lang, negative) {
        (Language::Nl, false) => format!("€ {n}"),
        (Language::Nl, true) => format!("€ {MINUS}{n}"),
        (Language::En, false) => format!("€{n}"),
        (Language::En, true) => format!("{MINUS}€{n}"),
    }
}

/// A change with an explicit sign (`+0.3`, `−1.2`, `0.0`): KPI tiles show direction at a glance.
pub fn signed(lang: Language, value: f64, decimals: usize) -> String {
    let n = number(lang, value, decimals);
    if value > 0.0 && n.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{n}")
    } else {
        n
    }
}

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
    use Language::{En, Nl};

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(Nl, 1234.5, 1), "1.234,5");
        assert_eq!(number(En, 1234.5, 1), "1,234.5");
        assert_eq!(number(En, 1234567.891, 2), "1,234,567.89");
        assert_eq!(number(Nl, 999.96, 1), "1.000,0");
        assert_eq!(number(En, -0.04, 1), "0.0");
        assert_eq!(number(En, -12.5, 0), "\u{2212}13");
        assert_eq!(number(Nl, -1234.5, 1), "\u{2212}1.234,5");
        assert_eq!(number(Nl, 12.0, 0), "12");
        assert_eq!(number(En, 100.0, 0), "100");
    }

    #[test]
    fn percent_money_and_signs() {
        assert_eq!(percent(Nl, 4.3, 1), "4,3%");
        assert_eq!(percent(En, 4.3, 1), "4.3%");
        assert_eq!(money(Nl, 1234.4, 0), "€ 1.234");
        assert_eq!(money(En, 1234.4, 0), "€1,234");
        assert_eq!(money(En, -1234.0, 0), "\u{2212}€1,234");
        assert_eq!(money(Nl, -1234.0, 0), "€ \u{2212}1.234");
        assert_eq!(money(En, -0.2, 0), "€0");
        assert_eq!(signed(En, 0.31, 1), "+0.3");
        assert_eq!(signed(Nl, -0.31, 1), "\u{2212}0,3");
        assert_eq!(signed(En, 0.01, 1), "0.0");
    }

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
