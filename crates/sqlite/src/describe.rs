//! The SQLite store's errors for people, in their language (see
//! [`homebiz_core::describe`]): [`SqliteError`] implements
//! [`Describe`], and [`describe`] writes any error this crate returns
//! (a [`SqliteError`] or a bare `rusqlite::Error`, as the domain errors'
//! `Backend` variants hold them) in Persian. SQLite's own text is kept
//! only as a trailing detail where no Persian says what went wrong.
//!
//! ```
//! use homebiz_core::describe::Describe;
//! use homebiz_core::Lang;
//! use homebiz_sqlite::SqliteError;
//!
//! let err = SqliteError::NotHomebiz;
//! assert_eq!(err.describe(Lang::En), "not a homebiz database");
//! assert_eq!(err.describe(Lang::Fa), "پایگاه دادهٔ homebiz نیست");
//! ```

use std::error::Error;

use homebiz_core::describe::{Describe, Phrases, io_persian};
use homebiz_core::text::Lang;
use rusqlite::ErrorCode;

use crate::SqliteError;

/// `err` in `lang` when it is an error of this crate (a [`SqliteError`]
/// or a `rusqlite::Error`); `None` for any other error.
///
/// ```
/// use homebiz_core::Lang;
/// let err = rusqlite::Error::SqliteFailure(
///     rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
///     Some("database is locked".into()),
/// );
/// assert_eq!(
///     homebiz_sqlite::describe::describe(&err, Lang::Fa).unwrap(),
///     "پایگاه داده در دست برنامهٔ دیگری است (قفل است): کمی بعد دوباره بکوشید"
/// );
/// assert_eq!(homebiz_sqlite::describe::describe(&std::fmt::Error, Lang::Fa), None);
/// ```
pub fn describe(err: &(dyn Error + 'static), lang: Lang) -> Option<String> {
    if let Some(e) = err.downcast_ref::<SqliteError>() {
        return Some(e.describe(lang));
    }
    let e = err.downcast_ref::<rusqlite::Error>()?;
    Some(match lang {
        Lang::En => e.to_string(),
        Lang::Fa => rusqlite_persian(e),
    })
}

/// A `rusqlite::Error` in Persian, by SQLite's error code.
fn rusqlite_persian(err: &rusqlite::Error) -> String {
    let said = match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "پایگاه داده در دست برنامهٔ دیگری است (قفل است): کمی بعد دوباره بکوشید"
        }
        Some(ErrorCode::CannotOpen) => "پروندهٔ پایگاه داده باز نشد",
        Some(ErrorCode::NotADatabase) => "پرونده پایگاه دادهٔ SQLite نیست",
        Some(ErrorCode::DatabaseCorrupt) => "پروندهٔ پایگاه داده آسیب دیده است",
        Some(ErrorCode::ReadOnly) => "پایگاه داده فقط‌خواندنی است",
        Some(ErrorCode::DiskFull) => "جای خالی بر دستگاه نمانده است",
        Some(ErrorCode::PermissionDenied) => "اجازهٔ دسترسی نیست",
        Some(ErrorCode::SystemIoFailure) => "خواندن یا نوشتن پروندهٔ پایگاه داده شکست خورد",
        Some(ErrorCode::OutOfMemory) => "حافظه بس نبود",
        Some(ErrorCode::ConstraintViolation) => {
            // The constraint SQLite names (a table and its columns, never
            // a value) says which rule.
            return format!("پایگاه داده نوشتن را رد کرد، چون قیدی نقض می‌شد ({err})");
        }
        _ => return format!("خطای SQLite ({err})"),
    };
    said.to_owned()
}

/// What [`SqliteError::NotAFile`] says the path is (`a folder`), in
/// `lang`.
///
/// ```
/// use homebiz_core::Lang;
/// use homebiz_sqlite::describe::path_kind;
/// assert_eq!(path_kind("a folder", Lang::En), "a folder");
/// assert_eq!(path_kind("a folder", Lang::Fa), "پوشه");
/// ```
pub fn path_kind(what: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return what;
    }
    match what {
        "a folder" => "پوشه",
        "a pipe" => "لوله",
        "a device" => "دستگاه",
        "a socket" => "سوکت",
        _ => "چیزی جز پرونده",
    }
}

impl Describe for SqliteError {
    /// The same facts as the `Display` in Persian; SQLite's or refinery's
    /// own text only as a trailing detail, where it is the only account.
    fn persian(&self, _: &[&Phrases]) -> String {
        match self {
            Self::Sqlite(e) => rusqlite_persian(e),
            Self::Migration(e) => format!(
                "به‌روزرسانی طرح پایگاه داده (مهاجرت) شکست خورد؛ پایگاه داده در آخرین نسخهٔ سالمش ماند ({e})"
            ),
            Self::Create(e) => format!("پروندهٔ پایگاه داده ساخته نشد: {}", io_persian(e)),
            Self::Missing => "پایگاه داده وجود ندارد".to_owned(),
            Self::NoSchema => "پایگاه داده هنوز طرح homebiz ندارد".to_owned(),
            Self::NotHomebiz => "پایگاه دادهٔ homebiz نیست".to_owned(),
            Self::Outdated { found, current } => format!(
                "نسخهٔ طرح پایگاه داده، {found}، از نسخهٔ این homebiz، {current}، کهنه‌تر است"
            ),
            Self::NotWritable => "پایگاه داده این‌جا فقط‌خواندنی است".to_owned(),
            Self::UnreadWal => "پایگاه داده در پروندهٔ ‎-wal خود نوشته‌هایی دارد که در پوشه‌ای فقط‌خواندنی خوانده نمی‌شوند: پرونده‌ها را در پوشه‌ای نوشتنی رونوشت کنید".to_owned(),
            Self::NotAFile { what } => format!(
                "مسیر پایگاه داده {} است، نه پرونده‌ای معمولی",
                path_kind(what, Lang::Fa)
            ),
            Self::PermissionDenied => "اجازهٔ دسترسی نیست".to_owned(),
            Self::Newer { found, current } => format!(
                "نسخهٔ طرح پایگاه داده، {found}، از نسخهٔ این homebiz، {current}، تازه‌تر است: homebiz تازه‌تری به کار ببرید"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: std::ffi::c_int, text: &str) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(text.into()))
    }

    #[test]
    fn english_is_the_display_and_persian_has_no_english_sentence() {
        let errors = [
            SqliteError::Sqlite(failure(
                rusqlite::ffi::SQLITE_LOCKED,
                "database table is locked",
            )),
            SqliteError::Sqlite(failure(
                rusqlite::ffi::SQLITE_CANTOPEN,
                "unable to open database file",
            )),
            SqliteError::Sqlite(failure(
                rusqlite::ffi::SQLITE_NOTADB,
                "file is not a database",
            )),
            SqliteError::Create(std::io::Error::from(std::io::ErrorKind::NotFound)),
            SqliteError::NotAFile { what: "a folder" },
            SqliteError::Newer {
                found: 9,
                current: 5,
            },
        ];
        let fa = [
            "پایگاه داده در دست برنامهٔ دیگری است (قفل است): کمی بعد دوباره بکوشید",
            "پروندهٔ پایگاه داده باز نشد",
            "پرونده پایگاه دادهٔ SQLite نیست",
            "پروندهٔ پایگاه داده ساخته نشد: چنین پرونده یا پوشه‌ای نیست",
            "مسیر پایگاه داده پوشه است، نه پرونده‌ای معمولی",
            "نسخهٔ طرح پایگاه داده، 9، از نسخهٔ این homebiz، 5، تازه‌تر است: homebiz تازه‌تری به کار ببرید",
        ];
        for (err, fa) in errors.iter().zip(fa) {
            assert_eq!(err.describe(Lang::En), err.to_string());
            assert_eq!(err.describe(Lang::Fa), fa);
        }
    }

    #[test]
    fn a_bare_rusqlite_error_is_described_too() {
        let err = failure(rusqlite::ffi::SQLITE_BUSY, "database is locked");
        assert_eq!(describe(&err, Lang::En).unwrap(), err.to_string());
        assert!(describe(&err, Lang::Fa).unwrap().contains("قفل است"));
        // What SQLite alone can say stays, after the Persian.
        let err = rusqlite::Error::InvalidQuery;
        assert_eq!(
            describe(&err, Lang::Fa).unwrap(),
            format!("خطای SQLite ({err})")
        );
    }
}
