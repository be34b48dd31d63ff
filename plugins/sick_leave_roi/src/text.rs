//! Wording of findings and labels in the report's languages, and number formatting
//! (decimal comma and thousands dot in Dutch).

use werkt_plugin::Language;

/// `x` with `decimals` decimals and thousands grouping in the language's convention.
pub fn num(x: f64, decimals: usize, lang: Language) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let (group, point) = match lang {
        Language::En => (',', '.'),
        Language::Nl => ('.', ','),
    };
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    // The minus sign U+2212, as the report's tables write it: a hyphen is short and low.
    if negative {
        format!("\u{2212}{out}")
    } else {
        out
    }
}

pub fn pct(x: f64, lang: Language) -> String {
    format!("{}%", num(x, 1, lang))
}

pub fn eur(x: f64, lang: Language) -> String {
    format!("EUR {}", num(x, 0, lang))
}

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
    fn formats_numbers_per_language() {
        assert_eq!(num(12345.678, 1, Language::En), "12,345.7");
        assert_eq!(num(12345.678, 1, Language::Nl), "12.345,7");
        assert_eq!(num(-1234.0, 0, Language::Nl), "\u{2212}1.234");
        assert_eq!(num(-0.01, 1, Language::En), "0.0");
        assert_eq!(num(999.0, 0, Language::En), "999");
        assert_eq!(class_label(&[14, 91, 365], 0, Language::En), "1-14 days");
        assert_eq!(class_label(&[14, 91, 365], 3, Language::Nl), "366+ dagen");
    }
}
