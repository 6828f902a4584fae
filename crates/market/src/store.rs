//! The storage traits a market backend implements.
//!
//! A backend is persistence only: it keeps records and answers lookups.
//! The rules — unique codes, lifecycles, what an allocation reads and
//! replaces — live once in [`Market`](crate::Market), which drives the
//! backend through these traits, one transaction per operation. A backend
//! must:
//!
//! - run [`MarketStore::write`] as one all-or-nothing transaction;
//! - roll a write back when its closure panics, and stay usable after a
//!   panic in any closure, on any thread (a lock poisoned by the panic
//!   guards state that the rollback left sound);
//! - return lists in the documented order, so every backend gives the same
//!   answers;
//! - hand records back exactly as they were put.
//!
//! [`MemoryStore`](crate::MemoryStore) is the reference implementation;
//! `homebiz-sqlite` provides SQLite. The conformance suite in the
//! `testing` module (feature `testing`) checks any backend.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use homebiz_core::JalaliDate;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, ConsignmentId, ExhibitionId, OrderId,
};
pub use homebiz_core::store::Put;

use crate::allocate::Booking;
use crate::application::{Application, Transition};
use crate::channel::Channel;
use crate::consignment::{Consignment, Event};
use crate::error::Result;
use crate::exhibition::Exhibition;
use crate::orders::{Fill, Offer, Order};

/// A booking as stored: with its exhibition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBooking {
    /// The exhibition.
    pub exhibition: ExhibitionId,
    /// The booking.
    pub booking: Booking,
}

/// Lookups a backend answers. `None` means no such record.
pub trait MarketRead {
    /// The channel with `id`.
    fn channel(&self, id: ChannelId) -> Result<Option<Channel>>;
    /// The channel with `code`.
    fn channel_by_code(&self, code: &str) -> Result<Option<Channel>>;
    /// All channels, by code.
    fn channels(&self) -> Result<Vec<Channel>>;

    /// The exhibition with `id`.
    fn exhibition(&self, id: ExhibitionId) -> Result<Option<Exhibition>>;
    /// The exhibition with `code`.
    fn exhibition_by_code(&self, code: &str) -> Result<Option<Exhibition>>;
    /// All exhibitions, by code.
    fn exhibitions(&self) -> Result<Vec<Exhibition>>;

    /// The application with `id`.
    fn application(&self, id: ApplicationId) -> Result<Option<Application>>;
    /// The applications to `exhibition`, by ID.
    fn applications(&self, exhibition: ExhibitionId) -> Result<Vec<Application>>;
    /// The transitions of `application`, oldest first.
    fn transitions(&self, application: ApplicationId) -> Result<Vec<Transition>>;

    /// The bookings of `exhibition`, by week and then booth code.
    fn bookings(&self, exhibition: ExhibitionId) -> Result<Vec<StoredBooking>>;
    /// The bookings of every exhibition whose week starts from `from` to
    /// `until` (both included), by week start, exhibition ID and booth code.
    fn bookings_between(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<StoredBooking>>;
    /// How many booth-weeks `business` had that started before `day`, at
    /// any exhibition.
    fn weeks_before(&self, business: BusinessId, day: JalaliDate) -> Result<u32>;

    /// The order with `id`.
    fn order(&self, id: OrderId) -> Result<Option<Order>>;
    /// The order with `code`.
    fn order_by_code(&self, code: &str) -> Result<Option<Order>>;
    /// All orders, by due date and then code.
    fn orders(&self) -> Result<Vec<Order>>;
    /// All offers, by business, category code and then activity (none
    /// first).
    fn offers(&self) -> Result<Vec<Offer>>;
    /// All fills, by due date, order ID and then business ID.
    fn fills(&self) -> Result<Vec<Fill>>;

    /// The consignment with `id`, with its events.
    fn consignment(&self, id: ConsignmentId) -> Result<Option<Consignment>>;
    /// All consignments, by ID.
    fn consignments(&self) -> Result<Vec<Consignment>>;
}

/// Writes a backend performs inside a transaction.
pub trait MarketTx: MarketRead {
    /// Inserts or replaces a channel.
    fn put_channel(&mut self, channel: &Channel, put: Put) -> Result<()>;
    /// Inserts or replaces an exhibition (with its booths).
    fn put_exhibition(&mut self, exhibition: &Exhibition, put: Put) -> Result<()>;
    /// Inserts or replaces an application (with its state).
    fn put_application(&mut self, application: &Application, put: Put) -> Result<()>;
    /// Appends a transition.
    fn append_transition(&mut self, transition: &Transition) -> Result<()>;
    /// Replaces the bookings of `exhibition` whose week starts from `from`
    /// to `until` (both included) with `bookings`.
    fn replace_bookings(
        &mut self,
        exhibition: ExhibitionId,
        from: JalaliDate,
        until: JalaliDate,
        bookings: &[StoredBooking],
    ) -> Result<()>;
    /// Inserts or replaces an order.
    fn put_order(&mut self, order: &Order, put: Put) -> Result<()>;
    /// Stores an offer, replacing the business's offer for the same
    /// category and activity.
    fn put_offer(&mut self, offer: &Offer) -> Result<()>;
    /// Replaces the fills of `orders` with `fills`.
    fn replace_fills(&mut self, orders: &[OrderId], fills: &[Fill]) -> Result<()>;
    /// Inserts a new consignment (with no events).
    fn insert_consignment(&mut self, consignment: &Consignment) -> Result<()>;
    /// Appends an event to a consignment's history, recorded `by` the
    /// acting user where known.
    fn append_consignment_event(
        &mut self,
        consignment: ConsignmentId,
        event: &Event,
        by: Option<ActorId>,
    ) -> Result<()>;
}

/// A market backend: runs reads and all-or-nothing write transactions.
///
/// Synchronous by design; an async service wraps it (see ARCHITECTURE.md).
pub trait MarketStore {
    /// Runs `f` against a consistent view of the store.
    fn read<R>(&self, f: impl FnOnce(&dyn MarketRead) -> Result<R>) -> Result<R>;

    /// Runs `f` in one transaction: if `f` returns `Ok`, everything it
    /// wrote is committed; if it returns `Err` or panics, nothing is.
    fn write<R>(&self, f: impl FnOnce(&mut dyn MarketTx) -> Result<R>) -> Result<R>;
}

macro_rules! forward_store {
    ($($ptr:ty),*) => {$(
        impl<S: MarketStore + ?Sized> MarketStore for $ptr {
            fn read<R>(&self, f: impl FnOnce(&dyn MarketRead) -> Result<R>) -> Result<R> {
                (**self).read(f)
            }
            fn write<R>(&self, f: impl FnOnce(&mut dyn MarketTx) -> Result<R>) -> Result<R> {
                (**self).write(f)
            }
        }
    )*};
}

forward_store!(&S, Box<S>, Arc<S>);
