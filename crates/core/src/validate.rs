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
//! assert!(validate::unique(["a", "b", "a"]).is_err());
//! ```

use std::collections::HashSet;
use std::hash::Hash;

/// A non-empty text of at most `max` characters after trimming.
pub fn text(value: &str, max: usize) -> Result<(), String> {
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
