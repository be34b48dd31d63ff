//! Numbers, percentages and money as a report writes them, in one place: the report's
//! tables and sentences, the plugins' findings and the renderer's chart labels all format
//! through here, so a figure reads the same wherever it appears (1.25 is "1,3" in a table
//! and in a finding, never "1,2" in one of them).
//!
//! Dutch uses a decimal comma and a thousands dot (`1.234,5`, `€ 1.234`), English the reverse
//! (`1,234.5`, `€1,234`). Both write negative numbers with the minus sign U+2212 (`−1,2`), not
//! the hyphen-minus: it is set at the height and width of the plus sign, and copies and reads
//! aloud as "minus". Dutch money has a no-break space after the euro sign, so an amount never
//! breaks from its sign at the end of a line.

use crate::Language;

/// The separators of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    /// Between the whole part and the decimals.
    pub decimal: char,
    /// Between groups of three digits.
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

/// The no-break space between the euro sign and a Dutch amount.
pub const NBSP: char = '\u{a0}';

/// `value` rounded half away from zero (as people round: 12.5 -> 13, where Rust's formatting
/// rounds to even) to `decimals` places with the language's separators. Rounding works on
/// the shortest decimal that reads back as `value` (what a person would see in the data),
/// so 1.005 rounds to 1.01 although the binary number is a hair below it. Negative zero
/// after rounding prints as `0` so a tiny negative change never shows as "−0,0".
pub fn number(lang: Language, value: f64, decimals: usize) -> String {
    number_in(NumberStyle::of(lang), value, decimals)
}

/// [`number`] with explicit separators (the renderer takes them from its labels).
pub fn number_in(style: NumberStyle, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let decimals = decimals.min(10);
    let digits = rounded_digits(value.abs(), decimals);
    let negative = value < 0.0 && digits.iter().any(|&d| d != b'0');
    let whole = digits.len() - decimals;
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if negative {
        out.push(MINUS);
    }
    for (i, &d) in digits[..whole].iter().enumerate() {
        if i > 0 && (whole - i).is_multiple_of(3) {
            out.push(style.thousands);
        }
        out.push(char::from(d));
    }
    if decimals > 0 {
        out.push(style.decimal);
        out.extend(digits[whole..].iter().map(|&d| char::from(d)));
    }
    out
}

/// The ASCII digits of `abs` (finite, not negative) rounded half up to `decimals` places,
/// with at least one whole digit and no point: 1.25 to 1 place is `13`.
fn rounded_digits(abs: f64, decimals: usize) -> Vec<u8> {
    // Display writes the shortest round-trip decimal, never in exponent form.
    let text = abs.to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int.bytes().collect();
    let frac = frac.as_bytes();
    digits.extend((0..decimals).map(|i| frac.get(i).copied().unwrap_or(b'0')));
    if frac.get(decimals).is_some_and(|&d| d >= b'5') {
        // Carry from the last digit up; 9.96 to 1 place is 10.0.
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    digits
}

/// A percentage: `value` is already in percent (4.3 means 4.3%).
pub fn percent(lang: Language, value: f64, decimals: usize) -> String {
    format!("{}%", number(lang, value, decimals))
}

/// An amount in euros: `€ 1.234` (nl, with a no-break space) or `€1,234` (en); negative
/// amounts `€ −1.234` / `−€1,234`.
pub fn money(lang: Language, value: f64, decimals: usize) -> String {
    let n = number(lang, value.abs(), decimals);
    let negative = value < 0.0 && n.bytes().any(|b| (b'1'..=b'9').contains(&b));
    match (lang, negative) {
        (Language::Nl, false) => format!("€{NBSP}{n}"),
        (Language::Nl, true) => format!("€{NBSP}{MINUS}{n}"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{En, Nl};

    /// The table of examples: one rounding rule (half away from zero, as people round, on
    /// the decimal value written, so 1.25 is 1.3 and 0.125 is 0.13), the same in both
    /// languages.
    #[test]
    fn examples_in_both_languages() {
        let m = MINUS;
        let table: &[(f64, usize, &str, &str)] = &[
            (1.25, 1, "1.3", "1,3"),
            (-1.25, 1, "\u{2212}1.3", "\u{2212}1,3"),
            (0.125, 2, "0.13", "0,13"),
            (2.675, 2, "2.68", "2,68"),
            (1.005, 2, "1.01", "1,01"),
            (0.5, 0, "1", "1"),
            (1.5, 0, "2", "2"),
            (2.5, 0, "3", "3"),
            (-0.5, 0, "\u{2212}1", "\u{2212}1"),
            (-0.04, 1, "0.0", "0,0"),
            (15304.0, 0, "15,304", "15.304"),
            (1234567.891, 2, "1,234,567.89", "1.234.567,89"),
            (999.96, 1, "1,000.0", "1.000,0"),
            (0.0, 2, "0.00", "0,00"),
        ];
        for &(v, d, en, nl) in table {
            assert_eq!(number(En, v, d), en, "{v} to {d} in English");
            assert_eq!(number(Nl, v, d), nl, "{v} to {d} in Dutch");
        }
        assert_eq!(percent(Nl, 7.25, 1), "7,3%");
        assert_eq!(money(En, -6320.0, 0), format!("{m}€6,320"));
        assert_eq!(money(Nl, -6320.0, 0), format!("€\u{a0}{m}6.320"));
        assert_eq!(signed(Nl, 0.25, 1), "+0,3");
    }

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
        assert_eq!(money(Nl, 1234.4, 0), "€\u{a0}1.234");
        assert_eq!(money(En, 1234.4, 0), "€1,234");
        assert_eq!(money(En, -1234.0, 0), "\u{2212}€1,234");
        assert_eq!(money(Nl, -1234.0, 0), "€\u{a0}\u{2212}1.234");
        assert_eq!(money(En, -0.2, 0), "€0");
        assert_eq!(signed(En, 0.31, 1), "+0.3");
        assert_eq!(signed(Nl, -0.31, 1), "\u{2212}0,3");
        assert_eq!(signed(En, 0.01, 1), "0.0");
    }
}
