//! How values are written in one export: date layouts and number separators, compiled once
//! from a table's input profile and applied to every field.

use std::collections::HashMap;

use werkt_model::Date;

use crate::config::{DecimalSeparator, EndDate, FteScale, TableProfile, ThousandsSeparator};

/// A date layout such as `DD-MM-YYYY`: the order of year, month and day, the separator, and
/// whether month and day may have one digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFormat {
    order: [Part; 3],
    separator: Option<char>,
    /// Month and day take one or two digits (`D-M-YYYY`).
    short: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Year,
    Month,
    Day,
}

/// The layouts werkt recognises in a column on its own, to suggest the setting when dates do
/// not fit the configured one (and for `werkt init --from`). Ambiguous ones (is 04-03 the 4th
/// of March or the 3rd of April?) are told apart by the values: only a layout every value of
/// the column fits is offered.
pub const KNOWN_DATE_FORMATS: [&str; 8] = [
    "YYYY-MM-DD",
    "DD-MM-YYYY",
    "DD/MM/YYYY",
    "DD.MM.YYYY",
    "MM/DD/YYYY",
    "YYYY/MM/DD",
    "YYYYMMDD",
    "D-M-YYYY",
];

impl DateFormat {
    pub const ISO: DateFormat = DateFormat {
        order: [Part::Year, Part::Month, Part::Day],
        separator: Some('-'),
        short: false,
    };

    /// Reads a layout: `YYYY`, `MM` and `DD` (or `M` and `D` for one or two digits) once each,
    /// with one separator character between them or none.
    pub fn parse(pattern: &str) -> Result<DateFormat, String> {
        let explain = || {
            format!(
                "\"{pattern}\" is not a date layout werkt reads; write YYYY, MM and DD (M and D for one or two digits) with one separator, e.g. DD-MM-YYYY or YYYY-MM-DD"
            )
        };
        enum Token {
            Part(Part, bool),
            Sep(char),
        }
        let mut tokens = Vec::new();
        let mut rest = pattern.trim();
        while let Some(c) = rest.chars().next() {
            let (token, len) = if rest.starts_with("YYYY") {
                (Token::Part(Part::Year, false), 4)
            } else if rest.starts_with("MM") {
                (Token::Part(Part::Month, false), 2)
            } else if rest.starts_with("DD") {
                (Token::Part(Part::Day, false), 2)
            } else if c == 'M' {
                (Token::Part(Part::Month, true), 1)
            } else if c == 'D' {
                (Token::Part(Part::Day, true), 1)
            } else if !c.is_alphanumeric() {
                (Token::Sep(c), c.len_utf8())
            } else {
                return Err(explain());
            };
            tokens.push(token);
            rest = &rest[len..];
        }
        let parts: Vec<(Part, bool)> = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Part(p, s) => Some((*p, *s)),
                Token::Sep(_) => None,
            })
            .collect();
        let seps: Vec<char> = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Sep(c) => Some(*c),
                Token::Part(..) => None,
            })
            .collect();
        let alternating = tokens.iter().enumerate().all(|(i, t)| match t {
            Token::Part(..) => true,
            Token::Sep(_) => i % 2 == 1 && i + 1 < tokens.len(),
        });
        let [(a, sa), (b, sb), (c, sc)] = parts[..] else {
            return Err(explain());
        };
        if a == b || b == c || a == c || !alternating {
            return Err(explain());
        }
        let separator = match seps[..] {
            [] => None,
            [x, y] if x == y => Some(x),
            _ => return Err(explain()),
        };
        let shorts: Vec<bool> = [(a, sa), (b, sb), (c, sc)]
            .into_iter()
            .filter(|(p, _)| *p != Part::Year)
            .map(|(_, s)| s)
            .collect();
        if shorts[0] != shorts[1] {
            return Err(format!(
                "\"{pattern}\" mixes one-digit (M, D) and two-digit (MM, DD) parts; use D-M-YYYY or DD-MM-YYYY"
            ));
        }
        let short = shorts[0];
        if short && separator.is_none() {
            return Err(explain());
        }
        Ok(DateFormat {
            order: [a, b, c],
            separator,
            short,
        })
    }

    /// Reads a date in this layout. A time after the date (`04-03-2022 00:00:00`, as
    /// spreadsheets export date cells) is allowed and dropped: werkt counts days.
    pub fn read(&self, s: &str) -> Result<Date, DateError> {
        let s = s.trim();
        // werkt's own layout, the most common by far, read without the general machinery.
        if *self == DateFormat::ISO && s.len() == 10 {
            return read_iso(s);
        }
        let date_part = s
            .split_once([' ', 'T'])
            .filter(|(_, time)| is_time(time))
            .map_or(s, |(d, _)| d);
        let mut fields = [0u32; 3];
        let mut rest = date_part;
        for (i, part) in self.order.iter().enumerate() {
            let max = if *part == Part::Year { 4 } else { 2 };
            let min = if *part == Part::Year || !self.short {
                max
            } else {
                1
            };
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let take = if self.separator.is_some() {
                digits
            } else {
                max.min(digits)
            };
            if take < min || take > max {
                return Err(DateError::Format);
            }
            fields[i] = rest[..take].parse().map_err(|_| DateError::Format)?;
            rest = &rest[take..];
            if i < 2
                && let Some(sep) = self.separator
            {
                rest = rest.strip_prefix(sep).ok_or(DateError::Format)?;
            }
        }
        if !rest.is_empty() {
            return Err(DateError::Format);
        }
        let get = |p: Part| fields[self.order.iter().position(|&q| q == p).unwrap_or(0)];
        Date::from_ymd_opt(get(Part::Year) as i32, get(Part::Month), get(Part::Day))
            .ok_or(DateError::NoSuchDay)
    }

    /// The layout as the configuration writes it.
    pub fn pattern(&self) -> String {
        let mut s = String::new();
        for (i, part) in self.order.iter().enumerate() {
            s.push_str(match (part, self.short) {
                (Part::Year, _) => "YYYY",
                (Part::Month, false) => "MM",
                (Part::Day, false) => "DD",
                (Part::Month, true) => "M",
                (Part::Day, true) => "D",
            });
            if i < 2
                && let Some(c) = self.separator
            {
                s.push(c);
            }
        }
        s
    }

    /// The known layouts that read every one of `values` (blank ones aside), most common
    /// first; empty when none does or there are no values.
    pub fn fitting<'v>(values: impl Iterator<Item = &'v str> + Clone) -> Vec<&'static str> {
        let mut values = values.filter(|v| !v.trim().is_empty()).peekable();
        if values.peek().is_none() {
            return Vec::new();
        }
        KNOWN_DATE_FORMATS
            .into_iter()
            .filter(|p| {
                DateFormat::parse(p).is_ok_and(|f| values.clone().all(|v| f.read(v).is_ok()))
            })
            .collect()
    }
}

/// `YYYY-MM-DD`, exactly ten bytes.
fn read_iso(s: &str) -> Result<Date, DateError> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return Err(DateError::Format);
    }
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Date::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10)).ok_or(DateError::NoSuchDay)
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 5
        && b[2] == b':'
        && s.bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b'Z' | b'+' | b'-'))
}

/// Why a date did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    Format,
    NoSuchDay,
}

/// Dates as Excel stores them: days since 1899-12-30 (the 1900 date system, whose day 60 is
/// the 29 February 1900 that never was; serials from 61 on are right). `None` outside the
/// years 1900 to 9999.
pub(crate) fn excel_serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = Date::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// How numbers written as text are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumberFormat {
    decimal: DecimalSeparator,
    thousands: ThousandsSeparator,
}

impl NumberFormat {
    pub fn new(decimal: DecimalSeparator, thousands: ThousandsSeparator) -> NumberFormat {
        NumberFormat { decimal, thousands }
    }

    #[cfg(test)]
    pub const PLAIN: NumberFormat = NumberFormat {
        decimal: DecimalSeparator::Auto,
        thousands: ThousandsSeparator::None,
    };

    /// A number: `0.8`, or `0,8` (a decimal comma, as Dutch exports write). With a thousands
    /// separator set, `12.500,00`, where every group after the first has three digits (so
    /// `1.5` is refused instead of read as 15). NaN and infinities are not numbers.
    pub fn read(&self, s: &str) -> Option<f64> {
        let s = s.trim();
        // The common case, a plain number ("4", "0.8", "-2"), parsed as it is: this runs for
        // every survey answer, so it allocates nothing.
        let plain = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
            && (self.decimal != DecimalSeparator::Comma || !s.contains('.'))
            && (self.thousands != ThousandsSeparator::Point || !s.contains('.'));
        if plain {
            return s.parse::<f64>().ok().filter(|v| v.is_finite());
        }
        let (decimal, thousands) = match (self.decimal, self.thousands) {
            (DecimalSeparator::Auto, ThousandsSeparator::None) => {
                // Without a thousands separator, one comma and no point is a decimal comma.
                let d = if !s.contains('.') && s.matches(',').count() == 1 {
                    ','
                } else {
                    '.'
                };
                (d, None)
            }
            (d, t) => {
                let t = match t {
                    ThousandsSeparator::None => None,
                    ThousandsSeparator::Point => Some(&['.'][..]),
                    ThousandsSeparator::Comma => Some(&[','][..]),
                    ThousandsSeparator::Space => Some(&[' ', '\u{a0}', '\u{202f}'][..]),
                    ThousandsSeparator::Apostrophe => Some(&['\'', '\u{2019}'][..]),
                };
                let d = match d {
                    DecimalSeparator::Point => '.',
                    DecimalSeparator::Comma => ',',
                    DecimalSeparator::Auto if t == Some(&['.'][..]) => ',',
                    DecimalSeparator::Auto => '.',
                };
                (d, t)
            }
        };
        let (int, frac) = match s.split_once(decimal) {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let (sign, int) = match int.strip_prefix(['-', '+']) {
            Some(rest) => (&int[..1], rest),
            None => ("", int),
        };
        // With separators set, the other mark is no part of a number ("12.5" when the decimal
        // separator is ","): refused, not read as 12.5 or 125.
        if thousands.is_none() && self.decimal != DecimalSeparator::Auto && int.contains(['.', ','])
        {
            return None;
        }
        let int: String = match thousands {
            Some(seps) if int.contains(seps) => {
                let groups: Vec<&str> = int.split(seps).collect();
                let ok = groups.iter().enumerate().all(|(i, g)| {
                    g.bytes().all(|b| b.is_ascii_digit())
                        && if i == 0 {
                            (1..=3).contains(&g.len())
                        } else {
                            g.len() == 3
                        }
                });
                if !ok {
                    return None;
                }
                groups.concat()
            }
            _ => int.to_string(),
        };
        let mut text = format!("{sign}{int}");
        if let Some(f) = frac {
            text.push('.');
            text.push_str(f);
        }
        let ok_chars = text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
        if int.is_empty() && frac.is_none_or(str::is_empty) || !ok_chars {
            return None;
        }
        text.parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

/// A table's profile, compiled: what every field of the table is read with.
#[derive(Debug, Clone)]
pub(crate) struct Format {
    pub date: DateFormat,
    /// The layout as configured, for messages.
    pub date_pattern: String,
    pub number: NumberFormat,
    pub fte_scale: FteScale,
    pub end_date: EndDate,
    /// Column -> lowercased export value -> werkt's value.
    pub values: HashMap<String, HashMap<String, String>>,
}

impl Default for Format {
    fn default() -> Self {
        Format::of(&TableProfile::default())
    }
}

impl Format {
    /// The compiled profile. A layout the configuration check refused cannot reach here; ISO
    /// stands in should one anyway.
    pub fn of(p: &TableProfile) -> Format {
        Format {
            date: DateFormat::parse(&p.date_format).unwrap_or(DateFormat::ISO),
            date_pattern: p.date_format.clone(),
            number: NumberFormat {
                decimal: p.decimal_separator,
                thousands: p.thousands_separator,
            },
            fte_scale: p.fte_scale,
            end_date: p.end_date,
            values: p
                .values
                .iter()
                .map(|(col, map)| {
                    let map = map
                        .iter()
                        .map(|(theirs, ours)| (theirs.trim().to_lowercase(), ours.clone()))
                        .collect();
                    (col.clone(), map)
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn layouts_read_and_write_back() {
        for p in KNOWN_DATE_FORMATS {
            assert_eq!(DateFormat::parse(p).unwrap().pattern(), p);
        }
        for bad in [
            "",
            "YYYY-MM",
            "DD-MM-YY",
            "YYYY-MM-DD-DD",
            "DD-M-YYYY",
            "DD-MM/YYYY",
            "DMYYYY",
            "dd-mm-yyyy",
        ] {
            assert!(DateFormat::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_in_their_layout() {
        let f = |p| DateFormat::parse(p).unwrap();
        assert_eq!(f("DD-MM-YYYY").read("04-03-2022"), Ok(d(2022, 3, 4)));
        assert_eq!(f("DD-MM-YYYY").read("4-3-2022"), Err(DateError::Format));
        assert_eq!(f("D-M-YYYY").read("4-3-2022"), Ok(d(2022, 3, 4)));
        assert_eq!(f("D-M-YYYY").read("14-12-2022"), Ok(d(2022, 12, 14)));
        assert_eq!(f("MM/DD/YYYY").read("03/04/2022"), Ok(d(2022, 3, 4)));
        assert_eq!(f("YYYYMMDD").read("20220304"), Ok(d(2022, 3, 4)));
        assert_eq!(
            f("DD-MM-YYYY").read("04-03-2022 00:00:00"),
            Ok(d(2022, 3, 4))
        );
        assert_eq!(f("YYYY-MM-DD").read("2022-03-04T00:00"), Ok(d(2022, 3, 4)));
        assert_eq!(
            f("DD-MM-YYYY").read("31-02-2022"),
            Err(DateError::NoSuchDay)
        );
        for bad in [
            "2022-03-04",
            "04-03-22",
            "04-03-2022x",
            "",
            "04--03-2022",
            "04-03-2022 noon",
        ] {
            assert_eq!(f("DD-MM-YYYY").read(bad), Err(DateError::Format), "{bad}");
        }
        // The strict default is unchanged: ISO only.
        for bad in [
            "28-02-2026",
            "2026/02/28",
            "2026-2-28",
            "20260228",
            "２０２６-02-28",
        ] {
            assert_eq!(DateFormat::ISO.read(bad), Err(DateError::Format), "{bad}");
        }
    }

    #[test]
    fn the_layouts_every_value_fits_are_offered() {
        let fit = |v: &[&str]| DateFormat::fitting(v.iter().copied());
        assert_eq!(
            fit(&["04-03-2022", "25-12-2021", ""]),
            ["DD-MM-YYYY", "D-M-YYYY"]
        );
        // 12/25 only fits month first.
        assert_eq!(fit(&["03/04/2022", "12/25/2021"]), ["MM/DD/YYYY"]);
        assert!(fit(&["04-03-2022", "2022-03-04"]).is_empty());
        assert!(fit(&[]).is_empty());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_date(44624.0), Some(d(2022, 3, 4)));
        assert_eq!(excel_serial_date(44624.75), Some(d(2022, 3, 4)));
        assert_eq!(excel_serial_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial_date(-1.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
        assert_eq!(excel_serial_date(1e12), None);
    }

    #[test]
    fn numbers_with_separators() {
        let plain = NumberFormat::PLAIN;
        assert_eq!(plain.read("0.8"), Some(0.8));
        assert_eq!(plain.read("0,8"), Some(0.8));
        assert_eq!(plain.read(" 1 "), Some(1.0));
        assert_eq!(plain.read("-2"), Some(-2.0));
        for bad in [
            "",
            "abc",
            "NaN",
            "nan",
            "inf",
            "-infinity",
            "1.000,50",
            "1,000,000",
            "1 000",
            "0x10",
            "-",
            ",",
        ] {
            assert_eq!(plain.read(bad), None, "{bad}");
        }
        let dutch = NumberFormat {
            decimal: DecimalSeparator::Comma,
            thousands: ThousandsSeparator::Point,
        };
        assert_eq!(dutch.read("12.500,00"), Some(12500.0));
        assert_eq!(dutch.read("1.234.567,5"), Some(1234567.5));
        assert_eq!(dutch.read("0,8"), Some(0.8));
        assert_eq!(dutch.read("-2.500"), Some(-2500.0));
        assert_eq!(dutch.read("330"), Some(330.0));
        for bad in ["0.8", "12.50,00", "1.2345", "12,500.00", ".500"] {
            assert_eq!(dutch.read(bad), None, "{bad}");
        }
        let auto_dot = NumberFormat {
            decimal: DecimalSeparator::Auto,
            thousands: ThousandsSeparator::Point,
        };
        assert_eq!(auto_dot.read("12.500,25"), Some(12500.25));
        let english = NumberFormat {
            decimal: DecimalSeparator::Auto,
            thousands: ThousandsSeparator::Comma,
        };
        assert_eq!(english.read("12,500.25"), Some(12500.25));
        let swiss = NumberFormat {
            decimal: DecimalSeparator::Point,
            thousands: ThousandsSeparator::Apostrophe,
        };
        assert_eq!(swiss.read("12'500.25"), Some(12500.25));
        let comma_only = NumberFormat {
            decimal: DecimalSeparator::Comma,
            thousands: ThousandsSeparator::None,
        };
        assert_eq!(comma_only.read("12,5"), Some(12.5));
        assert_eq!(comma_only.read("12.5"), None);
        assert_eq!(comma_only.read("1.000"), None);
        let french = NumberFormat {
            decimal: DecimalSeparator::Comma,
            thousands: ThousandsSeparator::Space,
        };
        assert_eq!(french.read("12\u{a0}500,25"), Some(12500.25));
    }
}
