//! From a file's bytes to text: the encodings users' exports come in, and clear refusals.

/// A file's bytes as UTF-8 text without a byte-order mark. `Err((line, message))` when the
/// bytes are not text werkt can read.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, (u64, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            1,
            "is UTF-16 text; save it as UTF-8 (in Excel: \"CSV UTF-8\")".into(),
        ));
    }
    let line_at = |pos: usize| bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err((
            line_at(pos),
            "contains a NUL byte: this is binary data, not a CSV text file".into(),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let pos = e.valid_up_to();
        (
            line_at(pos),
            format!(
                "is not valid UTF-8 text (byte 0x{:02X}); save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
                bytes[pos]
            ),
        )
    })
}

/// The field delimiter, guessed from the header line: `;` (Dutch Excel) when it has more
/// semicolons than commas outside quotes, else `,`.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut commas, mut semis, mut quoted) = (0usize, 0usize, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b\n"), Ok("a,b\n"));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let (line, msg) = decode(b"a,b\n1,2\n3,\xFF\n").unwrap_err();
        assert_eq!(line, 3);
        assert_eq!(
            msg,
            "is not valid UTF-8 text (byte 0xFF); save the file as UTF-8 (in Excel: \"CSV UTF-8\")"
        );
    }

    #[test]
    fn binary_data_is_refused() {
        let (line, msg) = decode(b"\x89PNG\r\n\x1a\n\0\0\0").unwrap_err();
        assert_eq!(line, 3);
        assert!(msg.starts_with("contains a NUL byte"), "{msg}");
    }

    #[test]
    fn the_delimiter_is_guessed_from_the_header() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1;2,3,4"), b',');
        assert_eq!(sniff_delimiter("\"a;x\",b\n"), b',');
        assert_eq!(sniff_delimiter("single\n"), b',');
    }
}
