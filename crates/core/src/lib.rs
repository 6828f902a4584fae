//! # homebiz-core
//!
//! The foundations every homebiz crate stands on. No I/O, no database: only
//! types and rules that must be right everywhere.
//!
//! - [`id`]: typed UUID v7 IDs (`OfficeId`, `HouseholdId`, …).
//! - [`money`]: [`Money`] in whole minor units, the rial and the new rial,
//!   checked arithmetic, exact splits.
//! - [`calendar`]: [`JalaliDate`], months, quarters and month ranges on
//!   `icu_calendar`'s Persian calendar.
//! - [`channel`]: the kinds of sales channel, shared by the domains.
//! - [`iran`]: national ID, Sheba and mobile numbers, keyed pseudonyms.
//! - [`text`]: Persian normalisation and digits, languages.
//! - [`clock`]: the [`Clock`] trait; domain code never reads the time itself.
//! - [`error`]: the crate's one [`Error`] type.
//!
//! ```
//! use homebiz_core::{JalaliDate, Money, iran::NationalId, text::normalize};
//!
//! let sale_day: JalaliDate = "۱۴۰۴/۰۱/۱۵".parse()?;
//! assert_eq!(sale_day.to_gregorian().to_string(), "2025-04-04");
//!
//! let revenue = Money::rial(450_000).checked_mul(3)?;
//! assert_eq!(revenue.to_string(), "1,350,000 rial");
//!
//! let id = NationalId::parse(" 0499370899 ")?;
//! assert_eq!(id.as_str(), "0499370899");
//! assert_eq!(normalize("علي"), normalize("علی"));
//! # Ok::<(), homebiz_core::Error>(())
//! ```

pub mod calendar;
pub mod category;
pub mod channel;
pub mod clock;
pub mod describe;
pub mod error;
pub mod id;
pub mod iran;
pub mod money;
mod serde_str;
pub mod store;
pub mod text;
pub mod validate;

pub use calendar::{JalaliDate, JalaliMonth, JalaliMonthRange, JalaliQuarter};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, Result};
pub use money::{Currency, Money, MoneyFormat, Rounding};
pub use text::Lang;

// rust_decimal and chrono appear in the public API (quantities, rates,
// Gregorian dates); re-exported so users get the same versions.
pub use chrono;
pub use rust_decimal;
