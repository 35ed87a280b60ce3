//! Text from elsewhere (a provider's error message) made safe to print on a terminal:
//! control characters would let it move the cursor, clear the screen, retitle the window
//! or forge lines, and bidirectional overrides would let it reorder what is shown. Each
//! is printed escaped (`\u{1b}`, `\n`) instead, so it is seen, not obeyed.

use std::borrow::Cow;

/// `text` with every control character and bidirectional formatting character escaped.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls and DEL (`char::is_control`), and the characters that change the
/// direction text is shown in (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
/// U+2069).
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(printable("bad key: 401"), "bad key: 401");
        assert_eq!(
            printable("\x1b]0;pwned\x07\x1b[2Jok\r\nfake line"),
            "\\u{1b}]0;pwned\\u{7}\\u{1b}[2Jok\\r\\nfake line"
        );
        assert_eq!(printable("a\u{9b}b\u{7f}"), "a\\u{9b}b\\u{7f}");
        assert_eq!(printable("x\u{202e}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(printable("café ✓"), "café ✓");
    }
}
