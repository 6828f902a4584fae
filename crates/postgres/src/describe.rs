//! The PostgreSQL store's errors for people, in their language (see
//! [`homebiz_core::describe`]): [`PgError`] implements [`Describe`], and
//! [`describe`] writes it wherever a domain error's `Backend` variant
//! holds it. The server's or the client's own text is kept only as a
//! trailing detail where no Persian says what went wrong.
//!
//! ```
//! use homebiz_core::describe::Describe;
//! use homebiz_core::Lang;
//! use homebiz_postgres::PgError;
//!
//! let err = PgError::Unreachable {
//!     server: "127.0.0.1:5432".into(),
//!     reason: "error connecting to server: Connection refused (os error 111)".into(),
//! };
//! assert_eq!(
//!     err.describe(Lang::Fa),
//!     "به سرور PostgreSQL در postgres://127.0.0.1:5432 وصل نشد: سرور پیوند را نپذیرفت (آیا روشن است؟)"
//! );
//! ```

use std::error::Error;

use homebiz_core::describe::{Describe, Phrases};
use homebiz_core::text::Lang;

use crate::PgError;

/// `err` in `lang` when it is a [`PgError`]; `None` for any other error.
pub fn describe(err: &(dyn Error + 'static), lang: Lang) -> Option<String> {
    err.downcast_ref::<PgError>().map(|e| e.describe(lang))
}

/// A server (`host:port`) as Persian text shows it: as a URL, so that
/// its digits stay the ones to type (a socket folder is a path already).
fn shown(server: &str) -> String {
    if server.starts_with('/') {
        server.to_owned()
    } else {
        format!("postgres://{server}")
    }
}

/// Why the client could not connect, in Persian, from its message; the
/// message itself when it says something else.
fn unreachable_persian(reason: &str) -> String {
    let has = |text: &str| reason.to_lowercase().contains(text);
    let said = if has("connection refused") {
        "سرور پیوند را نپذیرفت (آیا روشن است؟)"
    } else if has("timed out") || has("timeout") {
        "زمان پیوند به سر رسید"
    } else if has("authentication") || has("does not exist") {
        // Which user or database, as the server names it.
        let said = if has("does not exist") {
            "پایگاه داده یا کاربر نام‌برده روی سرور نیست"
        } else {
            "سرور نام کاربر یا گذرواژه را نپذیرفت"
        };
        return format!("{said} ({reason})");
    } else if has("lookup address") || has("name or service not known") {
        "نام سرور یافت نشد"
    } else if has("no such file or directory") {
        "سروری روی این سوکت نیست"
    } else {
        return format!("پیوند برقرار نشد ({reason})");
    };
    said.to_owned()
}

/// A statement PostgreSQL refused, in Persian by its SQLSTATE class; its
/// code and message as a trailing detail.
fn refused_persian(code: &str, message: &str) -> String {
    let said = match code {
        "40001" | "40P01" => "نوشتن با نویسنده‌ای هم‌زمان برخورد کرد",
        "55P03" => "رکوردی در دست نویسندهٔ دیگری است (قفل است)",
        "57014" => "دستور لغو شد",
        "3D000" => "پایگاه داده روی سرور نیست",
        "42501" => "اجازهٔ دسترسی نیست",
        "53100" => "جای خالی بر دیسک سرور نمانده است",
        _ if code.starts_with("23") => "پایگاه داده نوشتن را رد کرد، چون قیدی نقض می‌شد",
        _ if code.starts_with("28") => "سرور نام کاربر یا گذرواژه را نپذیرفت",
        _ if code.starts_with("08") => "پیوند با سرور PostgreSQL برید",
        _ if code.starts_with("53") => "منابع سرور PostgreSQL بس نبود",
        _ if code.starts_with("57") => "سرور PostgreSQL کار را متوقف کرد",
        _ => "PostgreSQL دستور را رد کرد",
    };
    format!("{said} (postgres {code}: {message})")
}

impl Describe for PgError {
    /// The same facts as the `Display` in Persian; like it, never a value
    /// from the database nor the URL's user or password.
    fn persian(&self, _: &[&Phrases]) -> String {
        match self {
            Self::Database { code, message, .. } => refused_persian(code, message),
            Self::Connection(e) => format!("پیوند با سرور PostgreSQL برید ({e})"),
            Self::Pool(e) => {
                format!("در زمان مقرر پیوندی با پایگاه داده به دست نیامد ({e})")
            }
            Self::Url => "نشانی (URL) پایگاه داده خوانا نیست".to_owned(),
            Self::Unreachable { server, reason } => format!(
                "به سرور PostgreSQL در {} وصل نشد: {}",
                shown(server),
                unreachable_persian(reason)
            ),
            Self::Migration(e) => format!(
                "به‌روزرسانی طرح پایگاه داده (مهاجرت) شکست خورد؛ پایگاه داده در آخرین نسخهٔ سالمش ماند ({e})"
            ),
            Self::Newer { found, current } => format!(
                "نسخهٔ طرح پایگاه داده، {found}، از نسخهٔ این homebiz، {current}، تازه‌تر است: homebiz تازه‌تری به کار ببرید"
            ),
            Self::Conflict { attempts } => format!(
                "نوشتن {attempts} بار با نویسندگان هم‌زمان برخورد کرد و رها شد؛ چیزی نوشته نشد: کمی بعد دوباره بکوشید"
            ),
            Self::Changed => {
                "نوشتنی هم‌زمان آنچه را این نوشتن خوانده بود تغییر داد؛ چیزی نوشته نشد".to_owned()
            }
            Self::Aborted => "یکی از دستورهای نوشتن شکست خورد، پس چیزی نوشته نشد".to_owned(),
            Self::Decode { column } => {
                format!("ستون {column} به شکل مقدار homebiz خوانده نمی‌شود")
            }
            Self::Encode { ty } => {
                format!("مقداری به شکل نوع {ty} در PostgreSQL فرستاده نمی‌شود")
            }
            Self::Parameters { expected, given } => {
                format!("دستوری {expected} پارامتر می‌گیرد و {given} پارامتر گرفت")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_display_and_persian_names_the_problem() {
        let errors = [
            PgError::Unreachable {
                server: "db:5432".into(),
                reason: "error connecting to server: timed out".into(),
            },
            PgError::Database {
                code: "55P03".into(),
                message: "could not obtain lock on row".into(),
                constraint: None,
            },
            PgError::Migration("V5 failed".into()),
            PgError::Conflict { attempts: 8 },
        ];
        let fa = [
            "به سرور PostgreSQL در postgres://db:5432 وصل نشد: زمان پیوند به سر رسید",
            "رکوردی در دست نویسندهٔ دیگری است (قفل است) (postgres 55P03: could not obtain lock on row)",
            "به‌روزرسانی طرح پایگاه داده (مهاجرت) شکست خورد؛ پایگاه داده در آخرین نسخهٔ سالمش ماند (V5 failed)",
            "نوشتن 8 بار با نویسندگان هم‌زمان برخورد کرد و رها شد؛ چیزی نوشته نشد: کمی بعد دوباره بکوشید",
        ];
        for (err, fa) in errors.iter().zip(fa) {
            assert_eq!(err.describe(Lang::En), err.to_string());
            assert_eq!(err.describe(Lang::Fa), fa);
            assert_eq!(describe(err, Lang::Fa).as_deref(), Some(fa));
        }
    }
}
