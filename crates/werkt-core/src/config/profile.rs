//! `[data.<table>]`: how one table's export is written (its input profile).
//!
//! HR systems, survey tools and spreadsheets each write the same facts their own way: another
//! file name, a workbook sheet, Windows-1252 text, `04-03-2022`, `12.500,00`, `80%`, `Ziek`,
//! a return date instead of a last day. A profile says so once, and ingest turns every row into
//! werkt's own form before any rule is applied, so the rules exist once, in one form.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The input profile of one table. Every key is optional; the defaults read werkt's plain
/// format (`<table>.csv`, UTF-8 or detected, ISO dates, decimal point or comma).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableProfile {
    /// File names or glob patterns (`Verzuim*.csv`, matched without regard to case) in the
    /// organisation directory. Empty: `<table>.csv`, `.xlsx`, `.xls` or `.ods`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub file: Vec<String>,
    /// The sheet of a workbook; unset: the first.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The row (1-based) holding the header; unset: the first row that has the table's
    /// required columns, so title lines above the header are passed over.
    #[serde(default)]
    pub header_row: Option<u32>,
    #[serde(default)]
    pub encoding: Encoding,
    #[serde(default)]
    pub delimiter: Delimiter,
    /// How dates written as text are laid out: `YYYY`, `MM`, `DD` (`M` and `D` take one or two
    /// digits) and one separator, e.g. `DD-MM-YYYY`. Spreadsheet date cells need no format.
    #[serde(default = "iso_date")]
    pub date_format: String,
    #[serde(default)]
    pub decimal_separator: DecimalSeparator,
    #[serde(default)]
    pub thousands_separator: ThousandsSeparator,
    /// employees only: whether `fte` is a factor (0.8) or a percentage (80). `80%` is always
    /// a percentage.
    #[serde(default)]
    pub fte_scale: FteScale,
    /// employees and absence: whether `end_date` is the last day or the first day after
    /// (a Dutch *hersteldatum* is the first day fit again).
    #[serde(default)]
    pub end_date: EndDate,
    /// Headers of columns werkt does not use and should pass over without a warning.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Per column (werkt's name), the export's values and what they mean to werkt:
    /// `[data.absence.values.reason]` with `Ziek = "sick"`. Matched without regard to case.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// survey only: item-column prefix -> `[lowest, highest]` allowed answer (whole numbers).
    #[serde(default)]
    pub scales: BTreeMap<String, [i64; 2]>,
}

impl Default for TableProfile {
    fn default() -> Self {
        TableProfile {
            file: Vec::new(),
            sheet: None,
            header_row: None,
            encoding: Encoding::default(),
            delimiter: Delimiter::default(),
            date_format: iso_date(),
            decimal_separator: DecimalSeparator::default(),
            thousands_separator: ThousandsSeparator::default(),
            fte_scale: FteScale::default(),
            end_date: EndDate::default(),
            ignore: Vec::new(),
            values: BTreeMap::new(),
            scales: BTreeMap::new(),
        }
    }
}

fn iso_date() -> String {
    "YYYY-MM-DD".into()
}

/// A key that takes one string or a list of them.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match OneOrMany::deserialize(d) {
        Ok(OneOrMany::One(s)) => Ok(vec![s]),
        Ok(OneOrMany::Many(v)) => Ok(v),
        Err(_) => Err(serde::de::Error::custom(
            "expected a file name or pattern, or a list of them",
        )),
    }
}

/// The character encoding of a text export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or UTF-16 with a byte-order mark; any other bytes are read as Windows-1252, and
    /// `werkt validate` says so.
    #[default]
    Auto,
    Utf8,
    Windows1252,
    /// ISO-8859-1 (Latin-1) proper: bytes 0x80-0x9F are control characters, not € and ‘’.
    Latin1,
}

text_enum!(Encoding { Auto => "auto", Utf8 => "utf-8", Windows1252 => "windows-1252", Latin1 => "iso-8859-1" });

/// The field delimiter of a text export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Delimiter {
    /// Guessed from the header line: the most frequent of `,` `;` tab `|` outside quotes.
    #[default]
    Auto,
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

text_enum!(Delimiter { Auto => "auto", Comma => ",", Semicolon => ";", Tab => "tab", Pipe => "|" });

impl Delimiter {
    /// The byte, when one is set.
    pub fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Auto => None,
            Delimiter::Comma => Some(b','),
            Delimiter::Semicolon => Some(b';'),
            Delimiter::Tab => Some(b'\t'),
            Delimiter::Pipe => Some(b'|'),
        }
    }
}

/// The decimal separator of numbers written as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DecimalSeparator {
    /// `0.8` and `0,8` are both read; with a thousands separator set, the other of `.` and `,`.
    #[default]
    Auto,
    Point,
    Comma,
}

text_enum!(DecimalSeparator { Auto => "auto", Point => ".", Comma => "," });

/// The separator between groups of thousands in numbers written as text (`12.500,00`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThousandsSeparator {
    /// None: a number with one is refused rather than guessed.
    #[default]
    None,
    Point,
    Comma,
    /// A space, also the no-break spaces French and Swiss exports write.
    Space,
    Apostrophe,
}

text_enum!(ThousandsSeparator { None => "", Point => ".", Comma => ",", Space => " ", Apostrophe => "'" });

/// How `fte` is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FteScale {
    /// 1 = full time.
    #[default]
    Factor,
    /// 100 = full time.
    Percent,
}

text_enum!(FteScale { Factor => "factor", Percent => "percent" });

/// What an `end_date` is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EndDate {
    /// The last day of the employment or absence.
    #[default]
    LastDay,
    /// The first day after it: the return date (*hersteldatum*); the last day is the day
    /// before.
    DayAfter,
}

text_enum!(EndDate { LastDay => "last_day", DayAfter => "day_after" });
