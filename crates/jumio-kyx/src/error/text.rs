//! Text a server sent, made safe to show in a terminal or a log.

/// Text a server sent, made safe to show: control characters (terminal escapes, newlines,
/// bidirectional overrides) are escaped as `\u{..}` and the result is cut at `max_chars`
/// characters (`…` marks the cut).
///
/// ```
/// use jumio_kyx::error::server_text;
/// assert_eq!(server_text("bad\x1b[31mred", 100), "bad\\u{1b}[31mred");
/// assert_eq!(server_text("abcdef", 3), "abc…");
/// ```
pub fn server_text(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars + 8));
    let mut shown = 0usize;
    for c in text.chars() {
        let escaped = c.is_control() || is_format_control(c);
        let width = if escaped {
            c.escape_unicode().count()
        } else {
            1
        };
        if shown + width > max_chars {
            out.push('…');
            break;
        }
        if escaped {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        shown += width;
    }
    out
}

/// Invisible characters that reorder or hide text in a terminal (bidirectional controls, zero
/// width characters), which `char::is_control` does not cover.
fn is_format_control(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// The `title` and `detail` of a problem document, or `None` when the body is not one (not a
/// JSON object). Fields of another type than string are ignored.
pub(super) fn problem_text(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let text = |k: &str| object.get(k).and_then(|v| v.as_str()).map(String::from);
    Some((text("title"), text("detail")))
}
