//! Text on its way to the terminal: control characters (ESC, CR, BEL, the
//! C1 controls, …) already stored in the database or in a file name never
//! reach the screen raw, where they could move the cursor, rewrite a line
//! or change the terminal's settings.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character but the line breaks of `text`'s own
/// layout written as `\uXXXX`: visible on a terminal, and the same
/// character again when the text is JSON (inside a JSON string the escape
/// means that character).
pub(crate) fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            // Control characters are at most U+009F: four hex digits.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape("a\x1b[2Jb\rc\u{9b}d", true),
            "a\\u001b[2Jb\\u000dc\\u009bd"
        );
        assert_eq!(escape("one\ntwo", true), "one\ntwo");
        assert_eq!(escape("one\ntwo\t", false), "one\\u000atwo\\u0009");
        assert_eq!(escape("نام\u{200c}خانوادگی", false), "نام\u{200c}خانوادگی");
    }

    proptest::proptest! {
        #[test]
        fn no_control_character_is_left_and_json_keeps_its_meaning(text in "[\\x00-\\x{a0}\\x{600}-\\x{6ff}]*") {
            let escaped = escape(&text, false);
            proptest::prop_assert!(!escaped.chars().any(char::is_control));
            let kept = escape(&text, true);
            proptest::prop_assert!(!kept.chars().any(|c| c.is_control() && c != '\n'));
            let json = serde_json::to_string(&text).unwrap();
            let back: String = serde_json::from_str(&escape(&json, false)).unwrap();
            proptest::prop_assert_eq!(back, text);
        }
    }

    #[test]
    fn escaped_json_stays_the_same_json() {
        let value = serde_json::json!({"name": "a\u{9b}b\u{7f}"});
        let text = serde_json::to_string(&value).unwrap();
        let escaped = escape(&text, false);
        assert!(!escaped.chars().any(char::is_control));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }
}
