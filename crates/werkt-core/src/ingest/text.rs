//! From a file's bytes to text: the encodings users' exports come in, and clear refusals.

use std::borrow::Cow;

use crate::config::Encoding;

/// Text decoded from a file, and how: `guessed` names the encoding when werkt chose it
/// because the bytes were not UTF-8, so the operator can be told.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub guessed: Option<&'static str>,
}

/// A file's bytes as text without a byte-order mark, in the configured `encoding`.
/// `Err((line, message))` when the bytes are not text werkt can read.
///
/// With `auto`, a UTF-16 byte-order mark (Excel's "Unicode text") selects UTF-16; otherwise
/// valid UTF-8 is UTF-8, and anything else is read as Windows-1252, the encoding of "CSV"
/// saved by Excel on a Dutch or English Windows (and a superset of ISO-8859-1's letters).
pub(crate) fn decode(bytes: &[u8], encoding: Encoding) -> Result<Decoded<'_>, (u64, String)> {
    let plain = |text| Decoded {
        text,
        guessed: None,
    };
    if matches!(encoding, Encoding::Auto | Encoding::Utf8)
        && let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        // UTF-16 with its mark: unambiguous, so read it whatever was configured.
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err((1, format!("is not valid {} text", enc.name())));
        }
        // Marked, so nothing was guessed and nothing needs saying.
        return Ok(plain(text));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let line_at = |pos: usize| bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err((
            line_at(pos),
            "contains a NUL byte: this is binary data, not a text file (if it is a spreadsheet, give it its .xlsx, .xls or .ods name)".into(),
        ));
    }
    match encoding {
        Encoding::Auto => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(plain(Cow::Borrowed(text))),
            Err(_) => Ok(Decoded {
                text: encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
                guessed: Some("Windows-1252"),
            }),
        },
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .map(|t| plain(Cow::Borrowed(t)))
            .map_err(|e| {
                let pos = e.valid_up_to();
                (
                    line_at(pos),
                    format!(
                        "is not valid UTF-8 text (byte 0x{:02X}); set its encoding (e.g. encoding = \"windows-1252\" in its [data.<table>] section), or save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
                        bytes[pos]
                    ),
                )
            }),
        Encoding::Windows1252 => Ok(plain(
            encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
        )),
        // ISO-8859-1 maps each byte to the code point of the same number; encoding_rs (after
        // the WHATWG standard) reads the label as Windows-1252, which differs at 0x80-0x9F.
        Encoding::Latin1 => Ok(plain(Cow::Owned(bytes.iter().map(|&b| b as char).collect()))),
    }
}

/// The field delimiter, guessed from the first line: the most frequent of `,` `;` tab and
/// `|` outside quotes, `,` when there is none. (Data lines are no guide: a name may hold any
/// of them unquoted. When a title line stands above the header, ingest tries the others.)
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for c in header.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(n) = counts.iter_mut().find(|(d, _)| *d == c) {
            n.1 += 1;
        }
    }
    // The first of the most frequent, so a tie keeps the comma.
    let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .iter()
        .find(|(_, n)| *n == best)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8], e: Encoding) -> (String, Option<&'static str>) {
        let d = decode(bytes, e).unwrap();
        (d.text.into_owned(), d.guessed)
    }

    #[test]
    fn a_bom_is_dropped() {
        assert_eq!(
            text(b"\xEF\xBB\xBFa,b\n", Encoding::Auto),
            ("a,b\n".into(), None)
        );
    }

    #[test]
    fn windows_1252_is_detected_and_said() {
        // "Noël;€" as Excel writes it on Windows.
        let bytes = b"Na\xebl;\x80\n";
        assert_eq!(
            text(bytes, Encoding::Auto),
            ("Na\u{eb}l;€\n".into(), Some("Windows-1252"))
        );
        assert_eq!(
            text(bytes, Encoding::Windows1252),
            ("Na\u{eb}l;€\n".into(), None)
        );
        // Latin-1 proper: 0x80 is a control character, not the euro sign.
        assert_eq!(text(bytes, Encoding::Latin1).0, "Na\u{eb}l;\u{80}\n");
    }

    #[test]
    fn utf16_with_its_mark_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a\tb\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(
            text(&bytes, Encoding::Auto),
            ("a\tb\n".into(), None),
            "marked UTF-16 is no guess, so nothing is said"
        );
    }

    #[test]
    fn invalid_utf8_names_the_line_when_utf8_is_set() {
        let (line, msg) = decode(b"a,b\n1,2\n3,\xFF\n", Encoding::Utf8).unwrap_err();
        assert_eq!(line, 3);
        assert!(
            msg.starts_with("is not valid UTF-8 text (byte 0xFF); set its encoding"),
            "{msg}"
        );
    }

    #[test]
    fn binary_data_is_refused() {
        let (line, msg) = decode(b"\x89PNG\r\n\x1a\n\0\0\0", Encoding::Auto).unwrap_err();
        assert_eq!(line, 3);
        assert!(msg.starts_with("contains a NUL byte"), "{msg}");
    }

    #[test]
    fn the_delimiter_is_guessed_from_the_header() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1;2,3,4"), b',');
        assert_eq!(sniff_delimiter("\"a;x\",b\n"), b',');
        assert_eq!(sniff_delimiter("single\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n"), b'|');
    }
}
