//! Converting homebiz values to SQLite values and back.

use std::str::FromStr;

use rusqlite::types::Type;
use serde::Serialize;
use serde::de::DeserializeOwned;

use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::TypedId;
use rusqlite::Row;
use uuid::Uuid;

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

/// An instant as microseconds since the Unix epoch (UTC).
pub(crate) fn instant(at: &DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// The inverse of [`instant`].
pub(crate) fn instant_from(index: usize, micros: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros).ok_or_else(|| bad_column(index, OutOfRange))
}

#[derive(Debug, thiserror::Error)]
#[error("instant out of range")]
struct OutOfRange;

/// A typed ID as its 16 UUID bytes.
pub(crate) fn blob<T: TypedId>(id: T) -> [u8; 16] {
    *id.as_uuid().as_bytes()
}

/// The typed ID in column `index` (16 bytes).
pub(crate) fn get_id<T: TypedId>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    Ok(T::from_uuid(Uuid::from_bytes(row.get(index)?)))
}

/// The typed ID in column `index`, or `None` for NULL.
pub(crate) fn get_opt_id<T: TypedId>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>> {
    Ok(row
        .get::<_, Option<[u8; 16]>>(index)?
        .map(|b| T::from_uuid(Uuid::from_bytes(b))))
}

/// A domain's view of a connection: its queries, with the domain's error.
pub(crate) trait Queries {
    /// The domain's error.
    type Error;

    /// The connection (inside a transaction).
    fn conn(&self) -> &rusqlite::Connection;

    /// A SQLite error as the domain's.
    fn error(err: rusqlite::Error) -> Self::Error;

    /// The first row `sql` gives, mapped by `map`, or `None`.
    fn one<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, Self::Error> {
        query_one(self.conn(), sql, params, map).map_err(Self::error)
    }

    /// Every row `sql` gives, mapped by `map`.
    fn all<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, Self::Error> {
        query_all(self.conn(), sql, params, map).map_err(Self::error)
    }
}

fn query_one<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
    map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(sql)?.query_row(params, map).optional()
}

fn query_all<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, map)?;
    rows.collect()
}

/// A dialect-neutral parameter as SQLite stores it: a UUID as its 16
/// bytes, JSON as text.
pub(crate) fn value(param: homebiz_sql::Param) -> rusqlite::types::Value {
    use homebiz_sql::Param;
    use rusqlite::types::Value;
    match param {
        Param::Uuid(Some(id)) => Value::Blob(id.as_bytes().to_vec()),
        Param::Uuid(None) => Value::Null,
        Param::Text(text) => Value::Text(text),
        Param::Int(n) => Value::Integer(i64::from(n)),
        Param::BigInt(n) => Value::Integer(n),
        Param::Json(json) => Value::Text(json.to_string()),
    }
}

/// Statements a transaction keeps prepared for as long as it lasts, found
/// by the address of their `&'static str` SQL: a statement run once per
/// row of a bulk import is then neither looked up in rusqlite's statement
/// cache (which trims, hashes and compares the whole SQL text twice, and
/// copies it, each time) nor prepared again. They go back to that cache
/// when the transaction's view of the connection is dropped, so the next
/// transaction finds them prepared.
///
/// Only SQL written in the source goes here (never text built at run
/// time), so the statements held are as few as the call sites.
pub(crate) struct Held<'c> {
    conn: &'c rusqlite::Connection,
    statements: std::cell::RefCell<Vec<(usize, rusqlite::CachedStatement<'c>)>>,
}

impl<'c> Held<'c> {
    /// None held yet, on `conn`.
    pub(crate) fn new(conn: &'c rusqlite::Connection) -> Self {
        Self {
            conn,
            statements: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Runs `f` with the statement of `sql`, prepared on first use. The
    /// statement is taken out while `f` runs, so `f` may run others.
    pub(crate) fn with<T>(
        &self,
        sql: &'static str,
        f: impl FnOnce(&mut rusqlite::Statement<'c>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let key = sql.as_ptr() as usize;
        let found = {
            let mut statements = self.statements.borrow_mut();
            statements
                .iter()
                .position(|(k, _)| *k == key)
                .map(|i| statements.swap_remove(i).1)
        };
        let mut statement = match found {
            Some(statement) => statement,
            None => self.conn.prepare_cached(sql)?,
        };
        let out = f(&mut statement);
        self.statements.borrow_mut().push((key, statement));
        out
    }

    /// The row `sql` finds with `params`, if any, mapped by `map`.
    pub(crate) fn one<T>(
        &self,
        sql: &'static str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Option<T>> {
        use rusqlite::OptionalExtension;
        self.with(sql, |stmt| stmt.query_row(params, map).optional())
    }

    /// Every row `sql` finds with `params`, mapped by `map`.
    pub(crate) fn all<T>(
        &self,
        sql: &'static str,
        params: impl rusqlite::Params,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        self.with(sql, |stmt| stmt.query_map(params, map)?.collect())
    }

    /// Runs `sql` with `params`; the number of rows it changed.
    pub(crate) fn execute(
        &self,
        sql: &'static str,
        params: impl rusqlite::Params,
    ) -> rusqlite::Result<usize> {
        self.with(sql, |stmt| stmt.execute(params))
    }
}
