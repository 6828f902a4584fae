//! Income tracking for homebiz: programmes must show that income rises and
//! jobs last.
//!
//! - [`entry`]: ledger entries — sales, costs, fees, loan disbursements and
//!   repayments, reversals — and what each adds to a business's totals.
//! - [`Ledger`]: the append-only, idempotent ledger over any
//!   [`store::IncomeStore`], with its guarantees written down;
//!   [`MemoryStore`] keeps it in memory, `homebiz-sqlite` in SQLite.
//! - [`limits`]: the bounds on what one entry may carry, so that no sum
//!   the ledger computes can overflow.
//! - [`report`]: revenue, costs and net income by business, household,
//!   office, activity or channel, per Jalali month, quarter or year.
//! - [`indicators`]: income change against the baseline, sustained
//!   employment, graduation checks.
//! - [`loan`]: Omid-Fund-style loan schedules, arrears and days overdue.
//!
//! Depends on `homebiz-core` only; the facade `homebiz` supplies what the
//! registry knows (a business's household, office and activity, a
//! household's baseline) and joins the market's linkage rate.

pub mod describe;
pub mod entry;
pub mod error;
pub mod indicators;
mod ledger;
pub mod limits;
pub mod loan;
mod memory;
pub mod report;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;

pub use error::{IncomeError, Result};
pub use ledger::Ledger;
pub use limits::Limits;
pub use memory::MemoryStore;
