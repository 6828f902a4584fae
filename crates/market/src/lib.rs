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
//! - [`Market`]: the rules over any [`store::MarketStore`], one transaction
//!   per operation; [`MemoryStore`] keeps it in memory, `homebiz-sqlite` in
//!   SQLite.
//!
//! Depends on `homebiz-core` only; the facade `homebiz` joins it to the
//! registry and the income ledger. Market records hold no personal data
//! (businesses are referred to by ID), so the market has no access scopes
//! of its own: the facade filters by office through the registry.

pub mod allocate;
pub mod application;
pub mod channel;
pub mod consignment;
pub mod describe;
pub mod error;
pub mod exhibition;
pub mod linkage;
mod market;
mod memory;
pub mod orders;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod validate;

pub use error::{MarketError, Result};
pub use market::{Ended, Market};
pub use memory::MemoryStore;
