//! Field checks shared by the domain crates' constructors. Each returns the
//! reason a value is refused; the caller names the field in its own error
//! type.
//!
//! ```
//! use homebiz_core::validate;
//!
//! assert!(validate::code("TERMINAL-1").is_ok());
//! assert_eq!(validate::code("two words").unwrap_err(), "may hold only ASCII letters, digits, '-', '_' and '.'");
//! assert!(validate::text("  ", 10).is_err());
//! assert!(validate::text("name\u{1b}[2J", 10).is_err()); // a terminal escape
//! assert!(validate::plain("کوچه\u{200c}ها").is_ok()); // ZWNJ is text
//! assert!(validate::unique(["a", "b", "a"]).is_err());
//! ```

use std::collections::HashSet;
use std::hash::Hash;

/// The reason a text is refused when it holds a control character.
pub const CONTROL_CHARACTER: &str = "contains a control character";

/// A text, possibly empty, without control characters (ESC, CR, LF, tab,
/// DEL and the rest of Unicode's `Cc`): they could move the cursor or
/// rewrite a terminal when the text is shown. Format characters such as
/// ZWNJ (U+200C), which Persian needs, are text.
pub fn plain(value: &str) -> Result<(), String> {
    if value.chars().any(char::is_control) {
        return Err(CONTROL_CHARACTER.into());
    }
    Ok(())
}

/// A non-empty text of at most `max` characters after trimming, without
/// control characters (see [`plain`]).
pub fn text(value: &str, max: usize) -> Result<(), String> {
    plain(value)?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    if trimmed.chars().count() > max {
        return Err(format!("longer than {max} characters"));
    }
    Ok(())
}

/// A code: 1–32 ASCII letters, digits, `-`, `_` or `.`.
pub fn code(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > 32 {
        return Err("must be 1 to 32 characters".into());
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return Err("may hold only ASCII letters, digits, '-', '_' and '.'".into());
    }
    Ok(())
}

/// No two items are equal.
pub fn unique<T: Eq + Hash>(items: impl IntoIterator<Item = T>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for item in items {
        if !seen.insert(item) {
            return Err("lists the same item twice".into());
        }
    }
    Ok(())
}
