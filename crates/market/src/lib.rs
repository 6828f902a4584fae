//! Market linkage for homebiz: "connection to the market is the missing
//! link".
//!
//! - [`channel`]: sales channels (the permanent exhibition, seasonal fairs,
//!   consignment shops, online marketplaces, institutional buyers,
//!   wholesalers) with their terms.
//! - [`exhibition`]: exhibitions, their booths and weekly limits.
//! - [`application`]: applications for booths and their lifecycle.
//! - [`allocate`]: booth-weeks allocated to approved applicants, optimally
//!   for a written objective, explained, with a ranked waitlist.
//! - [`orders`]: buyer orders matched to producers' capacity and prices.
//! - [`consignment`]: goods placed, sold, returned and settled net of
//!   commission.
//! - [`linkage`]: which businesses had no channel at all.
//!
//! Depends on `homebiz-core` only; the facade `homebiz` joins it to the
//! registry and the income ledger.

pub mod allocate;
pub mod application;
pub mod channel;
pub mod consignment;
pub mod error;
pub mod exhibition;
pub mod linkage;
pub mod orders;
mod validate;

pub use error::{MarketError, Result};
