//! Field checks shared by the entity constructors.

use crate::error::{RegistryError, Result};

/// A non-empty text of at most `max` characters after trimming.
pub(crate) fn text(field: &'static str, value: &str, max: usize) -> Result<()> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(RegistryError::invalid(field, "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(RegistryError::invalid(
            field,
            format!("longer than {max} characters"),
        ));
    }
    Ok(())
}

/// A code: 1–32 ASCII letters, digits, `-` or `_`.
pub(crate) fn code(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty() || value.len() > 32 {
        return Err(RegistryError::invalid(field, "must be 1 to 32 characters"));
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return Err(RegistryError::invalid(
            field,
            "may hold only ASCII letters, digits, '-', '_' and '.'",
        ));
    }
    Ok(())
}

/// No two items share a key.
pub(crate) fn unique<'a>(
    field: &'static str,
    keys: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for key in keys {
        if !seen.insert(key) {
            return Err(RegistryError::invalid(field, "lists the same item twice"));
        }
    }
    Ok(())
}
