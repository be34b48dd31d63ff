//! Keeping user text (unit names, findings, error messages) from turning into markup.
//!
//! Two contexts, two rules. Text in the Markdown flow goes through [`markdown`], the escape
//! function registered with Handlebars, so `{{name}}` can never open a table row, a heading, a
//! fence or an HTML tag. Text inside our fenced blocks (`chart`, `kpi`, ...) is never
//! Markdown-parsed by the renderer; there it travels as JSON produced by [`fence_json`], which
//! also keeps backticks and tildes out so no line of a fence body can close the fence.

/// Escapes `text` for the Markdown flow of the report markup.
///
/// Line breaks and other control characters become spaces (a value never spans lines, so it can
/// never start a line of its own), and leading/trailing whitespace is trimmed (no indented code
/// blocks, no hard breaks). ASCII punctuation with a meaning somewhere in CommonMark or GFM gets
/// a backslash; characters that only matter in one position (`.`, `)` after digits: ordered lists;
/// `-` not inside a word: lists, rules, table delimiter rows; `:` at the start) are escaped only
/// there, so numbers and dates such as `1.234,5` or `2026-10` stay readable in the markup.
pub fn markdown(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = cleaned.trim();
    let chars: Vec<char> = trimmed.chars().collect();
    let mut out = String::with_capacity(trimmed.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' | '+'
            | '=' | '$' | '^' | '{' | '}' => true,
            '.' | ')' => {
                prev.is_some_and(|p| p.is_ascii_digit()) && next.is_none_or(char::is_whitespace)
            }
            '-' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            ':' => i == 0,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Serializes `value` as one line of JSON that is safe inside a fenced block: besides JSON's own
/// escaping, backticks and tildes are written as `\u0060` / `\u007e` (outside strings JSON has
/// neither), so no user string can close the fence it travels in.
pub fn fence_json<T: serde::Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(value)?;
    Ok(json.replace('`', "\\u0060").replace('~', "\\u007e"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(markdown("| a | b |"), "\\| a \\| b \\|");
        assert_eq!(markdown("```chart"), "\\`\\`\\`chart");
        assert_eq!(markdown("<script>"), "\\<script\\>");
        assert_eq!(markdown("=HYPERLINK(\"x\")"), "\\=HYPERLINK(\"x\")");
        assert_eq!(markdown("# Heading\n- item"), "\\# Heading \\- item");
        assert_eq!(markdown("1. first"), "1\\. first");
        assert_eq!(
            markdown("2026-10 and 1.234,5 and 4.3%"),
            "2026-10 and 1.234,5 and 4.3%"
        );
        assert_eq!(markdown("  ---  "), "\\-\\-\\-");
        assert_eq!(markdown("a\\b"), "a\\\\b");
    }

    #[test]
    fn fence_json_cannot_close_a_fence() {
        let s = fence_json(&serde_json::json!({"name": "```\n~~~"})).unwrap();
        assert!(
            !s.contains('`') && !s.contains('~') && !s.contains('\n'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "```\n~~~");
    }
}
