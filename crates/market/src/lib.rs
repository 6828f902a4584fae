//! Market linkage for homebiz: "connection to the market is the missing
//! link".
//!
//! - [`channel`]: sales channels (the permanent exhibition, seasonal fairs,
//!   consignment shops, online marketplaces, institutional buyers,
//!   wholesalers) with their terms.
//! - [`exhibition`]: exhibitions, their booths and weekly limits.
//! - [`allocate`]: booth-weeks allocated to approved applicants, optimally
//!   for a written objective, explained, with a ranked waitlist.
//!
//! Depends on `homebiz-core` only; the facade `homebiz` joins it to the
//! registry and the income ledger.

pub mod allocate;
pub mod error;
pub mod exhibition;
mod validate;

pub use error::{MarketError, Result};
