//! Converting homebiz values to SQLite values and back.

use std::str::FromStr;

use rusqlite::types::Type;
use serde::Serialize;
use serde::de::DeserializeOwned;

use homebiz_core::chrono::{DateTime, SecondsFormat, Utc};

/// A conversion failure on column `index`, as rusqlite reports them.
pub(crate) fn bad_column<E>(index: usize, err: E) -> rusqlite::Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(err))
}

/// Parses column `index`'s text with `FromStr`.
pub(crate) fn parse<T>(index: usize, text: &str) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e| bad_column(index, e))
}

/// A unit-like serde enum as its plain name (`"province"`), or any value as
/// JSON text.
pub(crate) fn to_text<T: Serialize>(value: &T) -> rusqlite::Result<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(rusqlite::Error::ToSqlConversionFailure(Box::new(e))),
    }
}

/// The inverse of [`to_text`] for plain enum names.
pub(crate) fn enum_from<T: DeserializeOwned>(index: usize, text: String) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(text)).map_err(|e| bad_column(index, e))
}

/// Any serde value as JSON text.
pub(crate) fn json<T: Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// The inverse of [`json`].
pub(crate) fn from_json<T: DeserializeOwned>(index: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| bad_column(index, e))
}

/// An instant as RFC 3339 UTC with microseconds, which sorts by time.
pub(crate) fn instant(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The inverse of [`instant`].
pub(crate) fn instant_from(index: usize, text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| bad_column(index, e))
}
