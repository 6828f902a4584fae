//! The in-memory market store: the reference implementation of the store
//! traits.

use std::collections::BTreeMap;
use std::sync::{PoisonError, RwLock};

use homebiz_core::JalaliDate;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, ConsignmentId, ExhibitionId, OrderId,
};

use crate::application::{Application, Transition};
use crate::channel::Channel;
use crate::consignment::{Consignment, Event};
use crate::error::{MarketError, Result};
use crate::exhibition::Exhibition;
use crate::orders::{Fill, Offer, Order};
use crate::store::{MarketRead, MarketStore, MarketTx, Put, StoredBooking};

#[derive(Debug, Clone, Default)]
struct State {
    channels: BTreeMap<ChannelId, Channel>,
    exhibitions: BTreeMap<ExhibitionId, Exhibition>,
    applications: BTreeMap<ApplicationId, Application>,
    transitions: Vec<Transition>,
    bookings: Vec<StoredBooking>,
    orders: BTreeMap<OrderId, Order>,
    offers: Vec<Offer>,
    fills: Vec<Fill>,
    consignments: BTreeMap<ConsignmentId, Consignment>,
}

/// Keeps the market in memory.
///
/// A write works on a copy of the state and swaps it in when the closure
/// returns `Ok`, so a failed write leaves nothing behind; the copy makes it
/// a store for tests, examples and small programmes (use `homebiz-sqlite`
/// for a real programme).
///
/// ```
/// use homebiz_market::{MemoryStore, store::{MarketStore, MarketRead}};
///
/// let store = MemoryStore::new();
/// assert!(store.read(|r| r.channels())?.is_empty());
/// # Ok::<(), homebiz_market::MarketError>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: RwLock<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl MarketStore for MemoryStore {
    fn read<R>(&self, f: impl FnOnce(&dyn MarketRead) -> Result<R>) -> Result<R> {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        f(&*state)
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn MarketTx) -> Result<R>) -> Result<R> {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let mut copy = state.clone();
        let out = f(&mut copy)?;
        *state = copy;
        Ok(out)
    }
}

/// Inserts or replaces `value` under `id`, refusing a code (where records
/// have one) used by another record.
fn put<K: Ord + Copy + std::fmt::Display, V: Clone>(
    map: &mut BTreeMap<K, V>,
    what: &'static str,
    id: K,
    value: &V,
    put: Put,
    code: impl Fn(&V) -> Option<&str>,
) -> Result<()> {
    match (put, map.contains_key(&id)) {
        (Put::Insert, true) => return Err(MarketError::already_exists(what, id)),
        (Put::Replace, false) => return Err(MarketError::not_found(what, id)),
        _ => {}
    }
    if let Some(new_code) = code(value)
        && map
            .iter()
            .any(|(k, v)| *k != id && code(v) == Some(new_code))
    {
        return Err(MarketError::already_exists(what, new_code));
    }
    map.insert(id, value.clone());
    Ok(())
}

fn by_code<'a, V: Clone + 'a>(
    values: impl Iterator<Item = &'a V>,
    code: impl Fn(&V) -> &str,
) -> Vec<V> {
    let mut list: Vec<V> = values.cloned().collect();
    list.sort_by(|a, b| code(a).cmp(code(b)));
    list
}

fn booking_order(a: &StoredBooking, b: &StoredBooking) -> std::cmp::Ordering {
    (a.booking.week.start, a.exhibition, &a.booking.booth).cmp(&(
        b.booking.week.start,
        b.exhibition,
        &b.booking.booth,
    ))
}

impl MarketRead for State {
    fn channel(&self, id: ChannelId) -> Result<Option<Channel>> {
        Ok(self.channels.get(&id).cloned())
    }

    fn channel_by_code(&self, code: &str) -> Result<Option<Channel>> {
        Ok(self.channels.values().find(|c| c.code() == code).cloned())
    }

    fn channels(&self) -> Result<Vec<Channel>> {
        Ok(by_code(self.channels.values(), Channel::code))
    }

    fn exhibition(&self, id: ExhibitionId) -> Result<Option<Exhibition>> {
        Ok(self.exhibitions.get(&id).cloned())
    }

    fn exhibition_by_code(&self, code: &str) -> Result<Option<Exhibition>> {
        Ok(self
            .exhibitions
            .values()
            .find(|e| e.code() == code)
            .cloned())
    }

    fn exhibitions(&self) -> Result<Vec<Exhibition>> {
        Ok(by_code(self.exhibitions.values(), Exhibition::code))
    }

    fn application(&self, id: ApplicationId) -> Result<Option<Application>> {
        Ok(self.applications.get(&id).cloned())
    }

    fn applications(&self, exhibition: ExhibitionId) -> Result<Vec<Application>> {
        Ok(self
            .applications
            .values()
            .filter(|a| a.data().exhibition == exhibition)
            .cloned()
            .collect())
    }

    fn transitions(&self, application: ApplicationId) -> Result<Vec<Transition>> {
        Ok(self
            .transitions
            .iter()
            .filter(|t| t.application == application)
            .cloned()
            .collect())
    }

    fn bookings(&self, exhibition: ExhibitionId) -> Result<Vec<StoredBooking>> {
        let mut list: Vec<StoredBooking> = self
            .bookings
            .iter()
            .filter(|b| b.exhibition == exhibition)
            .cloned()
            .collect();
        list.sort_by(booking_order);
        Ok(list)
    }

    fn bookings_between(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<StoredBooking>> {
        let mut list: Vec<StoredBooking> = self
            .bookings
            .iter()
            .filter(|b| (from..=until).contains(&b.booking.week.start))
            .cloned()
            .collect();
        list.sort_by(booking_order);
        Ok(list)
    }

    fn weeks_before(&self, business: BusinessId, day: JalaliDate) -> Result<u32> {
        Ok(self
            .bookings
            .iter()
            .filter(|b| b.booking.business == business && b.booking.week.start < day)
            .count() as u32)
    }

    fn order(&self, id: OrderId) -> Result<Option<Order>> {
        Ok(self.orders.get(&id).cloned())
    }

    fn order_by_code(&self, code: &str) -> Result<Option<Order>> {
        Ok(self.orders.values().find(|o| o.code() == code).cloned())
    }

    fn orders(&self) -> Result<Vec<Order>> {
        let mut list: Vec<Order> = self.orders.values().cloned().collect();
        list.sort_by(|a, b| (a.data().due, a.code()).cmp(&(b.data().due, b.code())));
        Ok(list)
    }

    fn offers(&self) -> Result<Vec<Offer>> {
        let mut list = self.offers.clone();
        list.sort_by(|a, b| offer_key(a).cmp(&offer_key(b)));
        Ok(list)
    }

    fn fills(&self) -> Result<Vec<Fill>> {
        let mut list = self.fills.clone();
        list.sort_by_key(|f| (f.due, f.order, f.business));
        Ok(list)
    }

    fn consignment(&self, id: ConsignmentId) -> Result<Option<Consignment>> {
        Ok(self.consignments.get(&id).cloned())
    }

    fn consignments(&self) -> Result<Vec<Consignment>> {
        Ok(self.consignments.values().cloned().collect())
    }
}

/// The key an offer is stored and ordered under: business, category code,
/// activity ("" for none).
fn offer_key(o: &Offer) -> (BusinessId, &'static str, &str) {
    (
        o.business,
        o.category.code(),
        o.activity.as_deref().unwrap_or(""),
    )
}

impl MarketTx for State {
    fn put_channel(&mut self, channel: &Channel, how: Put) -> Result<()> {
        put(
            &mut self.channels,
            "channel",
            channel.id(),
            channel,
            how,
            |c| Some(c.code()),
        )
    }

    fn put_exhibition(&mut self, exhibition: &Exhibition, how: Put) -> Result<()> {
        put(
            &mut self.exhibitions,
            "exhibition",
            exhibition.id(),
            exhibition,
            how,
            |e| Some(e.code()),
        )
    }

    fn put_application(&mut self, application: &Application, how: Put) -> Result<()> {
        put(
            &mut self.applications,
            "application",
            application.id(),
            application,
            how,
            // Applications have no code: the ID is the key.
            |_| None,
        )
    }

    fn append_transition(&mut self, transition: &Transition) -> Result<()> {
        if !self.applications.contains_key(&transition.application) {
            return Err(MarketError::not_found(
                "application",
                transition.application,
            ));
        }
        self.transitions.push(transition.clone());
        Ok(())
    }

    fn replace_bookings(
        &mut self,
        exhibition: ExhibitionId,
        from: JalaliDate,
        until: JalaliDate,
        bookings: &[StoredBooking],
    ) -> Result<()> {
        if !self.exhibitions.contains_key(&exhibition) {
            return Err(MarketError::not_found("exhibition", exhibition));
        }
        self.bookings.retain(|b| {
            b.exhibition != exhibition || !(from..=until).contains(&b.booking.week.start)
        });
        for b in bookings {
            if self.bookings.iter().any(|x| {
                x.exhibition == b.exhibition
                    && x.booking.week.start == b.booking.week.start
                    && x.booking.booth == b.booking.booth
            }) {
                return Err(MarketError::already_exists(
                    "booking",
                    format!("{} {}", b.booking.booth, b.booking.week.start),
                ));
            }
            self.bookings.push(b.clone());
        }
        Ok(())
    }

    fn put_order(&mut self, order: &Order, how: Put) -> Result<()> {
        put(&mut self.orders, "order", order.id(), order, how, |o| {
            Some(o.code())
        })
    }

    fn put_offer(&mut self, offer: &Offer) -> Result<()> {
        offer.validate()?;
        self.offers.retain(|o| offer_key(o) != offer_key(offer));
        self.offers.push(offer.clone());
        Ok(())
    }

    fn replace_fills(&mut self, orders: &[OrderId], fills: &[Fill]) -> Result<()> {
        self.fills.retain(|f| !orders.contains(&f.order));
        self.fills.extend(fills.iter().cloned());
        Ok(())
    }

    fn insert_consignment(&mut self, consignment: &Consignment) -> Result<()> {
        if self.consignments.contains_key(&consignment.id()) {
            return Err(MarketError::already_exists("consignment", consignment.id()));
        }
        let fresh = Consignment::new(consignment.data().clone())?;
        self.consignments.insert(consignment.id(), fresh);
        Ok(())
    }

    fn append_consignment_event(
        &mut self,
        consignment: ConsignmentId,
        event: &Event,
        by: Option<ActorId>,
    ) -> Result<()> {
        let c = self
            .consignments
            .get_mut(&consignment)
            .ok_or_else(|| MarketError::not_found("consignment", consignment))?;
        c.record_by(*event, by)?;
        Ok(())
    }
}
