//! Reading homebiz values from PostgreSQL rows and writing them as
//! parameters.

use std::str::FromStr;

use postgres::Row;
use postgres::types::{FromSql, Json};
use serde::Serialize;
use serde::de::DeserializeOwned;

use homebiz_core::id::TypedId;

use crate::PgError;

/// The error for column `index` of `row`, named by the column.
pub(crate) fn decode(row: &Row, index: usize) -> PgError {
    PgError::Decode {
        column: row
            .columns()
            .get(index)
            .map(|c| c.name().to_owned())
            .unwrap_or_else(|| index.to_string()),
    }
}

/// Column `index` as `T`.
pub(crate) fn get<'a, T: FromSql<'a>>(row: &'a Row, index: usize) -> Result<T, PgError> {
    row.try_get(index).map_err(|_| decode(row, index))
}

/// Column `index`'s text parsed with `FromStr`.
pub(crate) fn parse<T: FromStr>(row: &Row, index: usize) -> Result<T, PgError> {
    get::<&str>(row, index)?
        .parse()
        .map_err(|_| decode(row, index))
}

/// Column `index`'s text parsed with `FromStr`, or `None` for NULL.
pub(crate) fn parse_opt<T: FromStr>(row: &Row, index: usize) -> Result<Option<T>, PgError> {
    get::<Option<&str>>(row, index)?
        .map(|t| t.parse().map_err(|_| decode(row, index)))
        .transpose()
}

/// Column `index`'s plain name as a unit-like serde enum.
pub(crate) fn name<T: DeserializeOwned>(row: &Row, index: usize) -> Result<T, PgError> {
    let text: String = get(row, index)?;
    serde_json::from_value(serde_json::Value::String(text)).map_err(|_| decode(row, index))
}

/// Column `index`'s plain name, or `None` for NULL.
pub(crate) fn name_opt<T: DeserializeOwned>(row: &Row, index: usize) -> Result<Option<T>, PgError> {
    match get::<Option<String>>(row, index)? {
        Some(text) => serde_json::from_value(serde_json::Value::String(text))
            .map(Some)
            .map_err(|_| decode(row, index)),
        None => Ok(None),
    }
}

/// Column `index` (jsonb) as `T`.
pub(crate) fn json<T: DeserializeOwned>(row: &Row, index: usize) -> Result<T, PgError> {
    Ok(get::<Json<T>>(row, index)?.0)
}

/// Column `index` (jsonb) as `T`, or `None` for NULL.
pub(crate) fn json_opt<T: DeserializeOwned>(row: &Row, index: usize) -> Result<Option<T>, PgError> {
    Ok(get::<Option<Json<T>>>(row, index)?.map(|j| j.0))
}

/// Column `index` (uuid) as a typed ID.
pub(crate) fn id<T: TypedId>(row: &Row, index: usize) -> Result<T, PgError> {
    Ok(T::from_uuid(get(row, index)?))
}

/// Column `index` (uuid) as a typed ID, or `None` for NULL.
pub(crate) fn id_opt<T: TypedId>(row: &Row, index: usize) -> Result<Option<T>, PgError> {
    Ok(get::<Option<uuid::Uuid>>(row, index)?.map(T::from_uuid))
}

/// A unit-like serde enum as its plain name (`"province"`), or any other
/// value as JSON text.
pub(crate) fn to_name<T: Serialize>(value: &T) -> Result<String, PgError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(_) => Err(PgError::Encode { ty: "text".into() }),
    }
}

/// A typed ID as the UUID sent for it.
pub(crate) fn uuid<T: TypedId>(id: T) -> uuid::Uuid {
    id.as_uuid()
}

/// Column `index` (integer) as a narrower unsigned integer.
pub(crate) fn small<T: TryFrom<i32>>(row: &Row, index: usize) -> Result<T, PgError> {
    T::try_from(get::<i32>(row, index)?).map_err(|_| decode(row, index))
}

/// Column `index` (bigint, from an identity or sequence) as a sequence
/// number.
pub(crate) fn seq(row: &Row, index: usize) -> Result<u64, PgError> {
    u64::try_from(get::<i64>(row, index)?).map_err(|_| decode(row, index))
}

/// Column `index` (bigint) as an unsigned integer.
pub(crate) fn count<T: TryFrom<i64>>(row: &Row, index: usize) -> Result<T, PgError> {
    T::try_from(get::<i64>(row, index)?).map_err(|_| decode(row, index))
}

/// Column `index` (bigint) as an unsigned integer, or `None` for NULL.
pub(crate) fn count_opt<T: TryFrom<i64>>(row: &Row, index: usize) -> Result<Option<T>, PgError> {
    get::<Option<i64>>(row, index)?
        .map(|n| T::try_from(n).map_err(|_| decode(row, index)))
        .transpose()
}

/// Columns `amount` (bigint) and `currency` (its code) as money.
pub(crate) fn money(
    row: &Row,
    amount: usize,
    currency: usize,
) -> Result<homebiz_core::Money, PgError> {
    let code: homebiz_core::Currency = parse(row, currency)?;
    Ok(homebiz_core::Money::new(get(row, amount)?, code))
}

/// A dialect-neutral parameter as the client binds it.
pub(crate) fn param(value: &homebiz_sql::Param) -> &(dyn postgres::types::ToSql + Sync) {
    use homebiz_sql::Param;
    match value {
        Param::Uuid(id) => id,
        Param::Text(text) => text,
        Param::Int(n) => n,
        Param::BigInt(n) => n,
        Param::Json(json) => json,
    }
}
