//! Field checks shared by the entity constructors: `homebiz_core::validate`
//! with the field named in a [`RegistryError`].

use homebiz_core::validate;

use crate::error::{RegistryError, Result};

/// A non-empty text of at most `max` characters after trimming.
pub(crate) fn text(field: &'static str, value: &str, max: usize) -> Result<()> {
    validate::text(value, max).map_err(|reason| RegistryError::invalid(field, reason))
}

/// A text, possibly empty, without control characters.
pub(crate) fn plain(field: &'static str, value: &str) -> Result<()> {
    validate::plain(value).map_err(|reason| RegistryError::invalid(field, reason))
}

/// A code: 1–32 ASCII letters, digits, `-`, `_` or `.`.
pub(crate) fn code(field: &'static str, value: &str) -> Result<()> {
    validate::code(value).map_err(|reason| RegistryError::invalid(field, reason))
}

/// No two items share a key.
pub(crate) fn unique<'a>(
    field: &'static str,
    keys: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    validate::unique(keys).map_err(|reason| RegistryError::invalid(field, reason))
}
