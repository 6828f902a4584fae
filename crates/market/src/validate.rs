//! Field checks: `homebiz_core::validate` with the field named in a
//! [`MarketError`].

use std::hash::Hash;

use homebiz_core::validate;

use crate::error::{MarketError, Result};

/// A code (1–32 ASCII letters, digits, `-`, `_`, `.`), trimmed.
pub(crate) fn code(field: &'static str, value: &str) -> Result<String> {
    let value = value.trim();
    validate::code(value).map_err(|reason| MarketError::invalid(field, reason))?;
    Ok(value.to_owned())
}

/// A date plausible for what it records, against `today` (see
/// [`DateKind`](validate::DateKind)).
pub(crate) fn date(
    field: &'static str,
    kind: validate::DateKind,
    on: homebiz_core::JalaliDate,
    today: homebiz_core::JalaliDate,
) -> Result<()> {
    validate::date(kind, on, today).map_err(|reason| MarketError::invalid(field, reason))
}

/// A name of 1–200 characters, trimmed.
pub(crate) fn name(field: &'static str, value: &str) -> Result<String> {
    validate::text(value, 200).map_err(|reason| MarketError::invalid(field, reason))?;
    Ok(value.trim().to_owned())
}

/// Text that comes in (a record added, an order imported) holds no control
/// character; records read back from a store are taken as they are.
pub(crate) fn plain<'t>(fields: impl IntoIterator<Item = (&'static str, &'t str)>) -> Result<()> {
    for (field, value) in fields {
        validate::plain(value).map_err(|reason| MarketError::invalid(field, reason))?;
    }
    Ok(())
}

/// No two items are equal.
pub(crate) fn distinct<T: Eq + Hash>(
    field: &'static str,
    items: impl IntoIterator<Item = T>,
) -> Result<()> {
    validate::unique(items).map_err(|reason| MarketError::invalid(field, reason))
}
