//! [`Market`]: the market's rules over any [`MarketStore`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use homebiz_core::calendar::MAX_YEAR;
use homebiz_core::category::Category;
use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, ConsignmentId, ExhibitionId, OfficeId, OrderId,
};
use homebiz_core::money::AmountLimit;
use homebiz_core::{Clock, JalaliDate};

use crate::allocate::{Allocation, Horizon, Points, Rules, allocate_around};
use crate::application::{Application, ApplicationData, ApplicationState, Transition};
use crate::channel::{Channel, ChannelData};
use crate::consignment::{Consignment, ConsignmentData, Event, Settlement};
use crate::error::{MarketError, Result};
use crate::exhibition::{Booth, Exhibition, ExhibitionData};
use crate::linkage::{Link, LinkKind, LinkageReport, linkage, window};
use crate::orders::{Matching, Offer, Order, OrderData, match_orders};
use crate::store::{MarketRead, MarketStore, MarketTx, Put, StoredBooking};
use crate::validate;
use homebiz_core::validate::DateKind;

/// The market's rules over a store: unique codes, exhibitions on exhibition
/// channels, one live application per business and exhibition, lifecycles
/// with every transition recorded, allocations that replace the horizon's
/// bookings in one transaction, order matching, consignment and the
/// linkage indicator. Each operation is one transaction.
///
/// # Amounts
///
/// Every amount the market accepts that may later become a ledger entry
/// or be summed is at most its [`max_amount`](Self::max_amount) (default
/// [`DEFAULT_MAX_AMOUNT`](homebiz_core::money::DEFAULT_MAX_AMOUNT) rials,
/// the ledger's default per-entry limit): an order's total at its ceiling
/// (quantity × price ceiling), an offer's capacity × unit price (so every
/// fill's total), a consignment's gross if all of it sells (quantity ×
/// unit price, so every settlement's gross). Anything over it is refused
/// when it comes in, with [`MarketError::OverLimit`]. The facade's
/// `Program` gives its market the ledger's limit, so that nothing the
/// market accepted is refused by the ledger when it sells.
///
/// ```
/// use homebiz_core::{FixedClock, JalaliDate, category::Category, channel::ChannelKind};
/// use homebiz_core::id::{ApplicationId, BusinessId, ChannelId, ExhibitionId};
/// use homebiz_core::rust_decimal::Decimal;
/// use homebiz_market::{Market, MemoryStore};
/// use homebiz_market::allocate::{Horizon, Points};
/// use homebiz_market::application::{ApplicationData, ApplicationState};
/// use homebiz_market::channel::{ChannelData, Schedule};
/// use homebiz_market::exhibition::{Booth, ExhibitionData, SizeClass};
///
/// let market = Market::new(MemoryStore::new(), FixedClock::new("2025-03-25T08:00:00Z".parse().unwrap()));
/// let channel = market.add_channel(ChannelData {
///     id: ChannelId::new(),
///     code: "TERMINAL".into(),
///     name: "Bus terminal exhibition".into(),
///     kind: ChannelKind::PermanentExhibition,
///     location: "Urmia intercity bus terminal".into(),
///     accepts: vec![],
///     commission: Decimal::ZERO,
///     fee: None,
///     schedule: Schedule::Permanent,
///     capacity: None,
///     by: None,
/// })?;
/// let exhibition = market.create_exhibition(ExhibitionData {
///     id: ExhibitionId::new(),
///     code: "TERMINAL".into(),
///     name: "Bus terminal exhibition".into(),
///     channel: channel.id(),
///     booths: vec![Booth::new("A-1", SizeClass::Standard, vec![])],
///     weekly_limits: vec![],
///     monthly_cap: 2,
///     by: None,
/// })?;
/// let app = market.apply(ApplicationData {
///     id: ApplicationId::new(),
///     exhibition: exhibition.id(),
///     business: BusinessId::new(),
///     category: Category::Handicrafts,
///     new_producer: true,
///     vulnerable: false,
///     weeks_wanted: 2,
///     seasonality: None,
///     applied_on: JalaliDate::new(1404, 1, 5)?,
///     by: None,
/// })?;
/// market.decide(app.id(), ApplicationState::Approved, None, None)?;
/// let horizon = Horizon::new(JalaliDate::new(1404, 1, 8)?, 4)?;
/// let allocation = market.allocate("TERMINAL", &horizon, Points::default())?;
/// assert_eq!(allocation.bookings.len(), 2);
/// assert_eq!(market.schedule("TERMINAL")?.len(), 2);
/// # Ok::<(), homebiz_market::MarketError>(())
/// ```
pub struct Market<S> {
    store: S,
    clock: Arc<dyn Clock>,
    max_amount: AmountLimit,
}

impl<S: std::fmt::Debug> std::fmt::Debug for Market<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Market")
            .field("store", &self.store)
            .field("max_amount", &self.max_amount)
            .finish_non_exhaustive()
    }
}

impl<S: MarketStore> Market<S> {
    /// A market over `store`, taking today's date from `clock`.
    pub fn new(store: S, clock: impl Clock + 'static) -> Self {
        Self::with_shared_clock(store, Arc::new(clock))
    }

    /// A market over `store` sharing `clock` with other parts of a program.
    pub fn with_shared_clock(store: S, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            max_amount: AmountLimit::default(),
        }
    }

    /// The market with `max_amount` as the most any amount it accepts may
    /// come to (see [Amounts](Self#amounts)). A programme gives it its
    /// ledger's per-entry limit, so that both agree.
    ///
    /// ```
    /// use homebiz_core::{FixedClock, JalaliDate, Money};
    /// use homebiz_core::category::Category;
    /// use homebiz_core::id::OrderId;
    /// use homebiz_core::money::AmountLimit;
    /// use homebiz_market::{Market, MarketError, MemoryStore};
    /// use homebiz_market::orders::OrderData;
    ///
    /// let market = Market::new(MemoryStore::new(), FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()))
    ///     .with_max_amount(AmountLimit::new(Money::rial(1_000_000_000))?);
    /// let order = |quantity| OrderData {
    ///     id: OrderId::new(),
    ///     code: format!("S-{quantity}"),
    ///     buyer: "School canteen".into(),
    ///     category: Category::AgroProcessing,
    ///     activity: None,
    ///     quantity,
    ///     unit: "jar".into(),
    ///     price_ceiling: Money::rial(10_000_000),
    ///     due: JalaliDate::new(1404, 4, 1).unwrap(),
    ///     by: None,
    /// };
    /// market.add_orders(vec![order(100)])?; // 1,000,000,000 rials at most: the limit
    /// let err = market.add_orders(vec![order(101)]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "order S-101: the order's total at its ceiling (quantity × price ceiling) \
    ///      is over the limit of 1,000,000,000 rials for one amount"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_max_amount(mut self, max_amount: AmountLimit) -> Self {
        self.max_amount = max_amount;
        self
    }

    /// The most any amount the market accepts may come to.
    pub fn max_amount(&self) -> AmountLimit {
        self.max_amount
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Today, from the clock.
    pub fn today(&self) -> Result<JalaliDate> {
        Ok(self.clock.today()?)
    }

    /// Runs `f` against a consistent view of the market.
    pub fn read<R>(&self, f: impl FnOnce(&dyn MarketRead) -> Result<R>) -> Result<R> {
        self.store.read(f)
    }

    /// Adds a channel; its code must be new.
    pub fn add_channel(&self, data: ChannelData) -> Result<Channel> {
        let channel = Channel::new(data)?;
        let d = channel.data();
        validate::plain([("name", d.name.as_str()), ("location", d.location.as_str())])?;
        self.store.write(|tx| {
            if tx.channel_by_code(channel.code())?.is_some() {
                return Err(MarketError::already_exists("channel", channel.code()));
            }
            tx.put_channel(&channel, Put::Insert)?;
            Ok(channel)
        })
    }

    /// The channel with `code`.
    pub fn channel(&self, code: &str) -> Result<Channel> {
        self.store
            .read(|r| r.channel_by_code(code))?
            .ok_or_else(|| MarketError::not_found("channel", code))
    }

    /// Creates an exhibition on an existing channel of kind permanent
    /// exhibition or seasonal fair; its code must be new.
    pub fn create_exhibition(&self, data: ExhibitionData) -> Result<Exhibition> {
        let exhibition = Exhibition::new(data)?;
        validate::plain([("name", exhibition.data().name.as_str())])?;
        self.store.write(|tx| {
            let channel = tx
                .channel(exhibition.data().channel)?
                .ok_or_else(|| MarketError::not_found("channel", exhibition.data().channel))?;
            if !matches!(
                channel.kind(),
                ChannelKind::PermanentExhibition | ChannelKind::SeasonalFair
            ) {
                return Err(MarketError::NotAnExhibition {
                    channel: channel.code().to_owned(),
                    kind: channel.kind(),
                });
            }
            if tx.exhibition_by_code(exhibition.code())?.is_some() {
                return Err(MarketError::already_exists("exhibition", exhibition.code()));
            }
            tx.put_exhibition(&exhibition, Put::Insert)?;
            Ok(exhibition)
        })
    }

    /// The exhibition with `code`.
    pub fn exhibition(&self, code: &str) -> Result<Exhibition> {
        self.store
            .read(|r| r.exhibition_by_code(code))?
            .ok_or_else(|| MarketError::not_found("exhibition", code))
    }

    /// Replaces the booths of the exhibition with `code`.
    pub fn set_booths(&self, code: &str, booths: Vec<Booth>) -> Result<Exhibition> {
        self.store.write(|tx| replace_booths(tx, code, booths))
    }

    /// Replaces the booths of several exhibitions in one transaction:
    /// `booths` pairs an exhibition's code with one of its booths, and each
    /// exhibition named gets exactly the booths listed for it, in order.
    pub fn import_booths(&self, booths: Vec<(String, Booth)>) -> Result<Vec<Exhibition>> {
        let mut grouped: Vec<(String, Vec<Booth>)> = Vec::new();
        for (code, booth) in booths {
            match grouped.iter_mut().find(|(c, _)| *c == code) {
                Some((_, list)) => list.push(booth),
                None => grouped.push((code, vec![booth])),
            }
        }
        self.store.write(|tx| {
            grouped
                .into_iter()
                .map(|(code, booths)| replace_booths(tx, &code, booths))
                .collect()
        })
    }

    /// Records a pending application. The exhibition must exist and the
    /// business must have no other live (pending, waitlisted or approved)
    /// application to it.
    pub fn apply(&self, data: ApplicationData) -> Result<Application> {
        let application = Application::new(data)?;
        self.store.write(|tx| {
            let d = application.data();
            if tx.exhibition(d.exhibition)?.is_none() {
                return Err(MarketError::not_found("exhibition", d.exhibition));
            }
            if tx
                .applications(d.exhibition)?
                .iter()
                .any(|a| a.data().business == d.business && !a.state().is_final())
            {
                return Err(MarketError::invalid(
                    "business",
                    "already has a live application to this exhibition",
                ));
            }
            tx.put_application(&application, Put::Insert)?;
            Ok(application)
        })
    }

    /// Moves an application to `to` (a rejection needs a `reason`) and
    /// records the transition, dated today and made `by` the acting user.
    pub fn decide(
        &self,
        id: ApplicationId,
        to: ApplicationState,
        reason: Option<String>,
        by: Option<ActorId>,
    ) -> Result<Transition> {
        let today = self.today()?;
        self.store.write(|tx| {
            let mut application = tx
                .application(id)?
                .ok_or_else(|| MarketError::not_found("application", id))?;
            let mut transition = application.transition(to, reason, today)?;
            transition.by = by;
            tx.put_application(&application, Put::Replace)?;
            tx.append_transition(&transition)?;
            Ok(transition)
        })
    }

    /// Allocates the booths of the exhibition with `code` over `horizon` to
    /// its approved applications, under the exhibition's limits and cap and
    /// `points`, and stores the bookings in place of the horizon's earlier
    /// ones.
    ///
    /// The bookings a business already holds at this exhibition outside
    /// the horizon (from earlier runs over other windows, before or after
    /// this one) count against its weeks wanted and against the monthly
    /// cap of every month the horizon touches, so that runs over
    /// consecutive windows, in any order, never give a business more weeks
    /// than it asked for nor more than the cap in a month. Each business's
    /// weeks outside the horizon (at any exhibition) count for rotation.
    ///
    /// The horizon's bookings are those whose week starts from its first
    /// day to its last week's first day ([`Horizon::is_outside`]); every
    /// other booking is kept, whether or not the earlier windows were
    /// aligned with this one, and a horizon week overlapping a kept
    /// booking's week is closed to its booth and its business
    /// ([`allocate_around`](crate::allocate::allocate_around)): no booth and
    /// no business is booked twice on one day.
    pub fn allocate(&self, code: &str, horizon: &Horizon, points: Points) -> Result<Allocation> {
        self.allocate_by(code, horizon, points, None)
    }

    /// Allocates as [`allocate`](Self::allocate) does, recording each
    /// booking as made `by` the acting user.
    pub fn allocate_by(
        &self,
        code: &str,
        horizon: &Horizon,
        points: Points,
        by: Option<ActorId>,
    ) -> Result<Allocation> {
        // The bookings that start from the first day to the last week's
        // first day are replaced; the others are kept (an earlier window
        // need not be aligned with this one).
        let until = horizon.last_start();
        self.store.write(|tx| {
            let exhibition = tx
                .exhibition_by_code(code)?
                .ok_or_else(|| MarketError::not_found("exhibition", code))?;
            // What each business holds outside the horizon: at this
            // exhibition (its first days), and after it at any exhibition.
            let mut held: HashMap<BusinessId, Vec<JalaliDate>> = HashMap::new();
            let mut kept = Vec::new();
            for b in tx.bookings(exhibition.id())? {
                let start = b.booking.week.start;
                if horizon.is_outside(start) {
                    held.entry(b.booking.business).or_default().push(start);
                    kept.push(b.booking);
                }
            }
            let mut after: HashMap<BusinessId, u32> = HashMap::new();
            if let Ok(next) = until.add_days(1) {
                let last = JalaliDate::new(MAX_YEAR, 12, 29)?;
                for b in tx.bookings_between(next, last)? {
                    *after.entry(b.booking.business).or_default() += 1;
                }
            }
            let mut candidates = Vec::new();
            for application in tx.applications(exhibition.id())? {
                if application.state() == ApplicationState::Approved {
                    let business = application.data().business;
                    let past = tx.weeks_before(business, horizon.first_day())?
                        + after.get(&business).copied().unwrap_or(0);
                    let held = held.remove(&business).unwrap_or_default();
                    candidates.push(application.candidate(past, held));
                }
            }
            let rules = Rules {
                points,
                ..Rules::of(&exhibition)
            };
            let mut allocation =
                allocate_around(exhibition.booths(), horizon, &candidates, &rules, &kept)?;
            for booking in &mut allocation.bookings {
                booking.by = by;
            }
            let stored: Vec<StoredBooking> = allocation
                .bookings
                .iter()
                .map(|b| StoredBooking {
                    exhibition: exhibition.id(),
                    booking: b.clone(),
                })
                .collect();
            tx.replace_bookings(exhibition.id(), horizon.first_day(), until, &stored)?;
            Ok(allocation)
        })
    }

    /// Ends what `business` holds at the market, as when it is suspended or
    /// closed: its live applications (pending, waitlisted, approved) to
    /// every exhibition are withdrawn with `reason`, dated today, and its
    /// bookings whose week starts on or after `from` are released, in one
    /// transaction. The market does not know businesses' states: the
    /// facade's `Program` calls this when a business may no longer hold
    /// booths. The withdrawals are recorded as made `by` the acting user.
    pub fn end_business(
        &self,
        business: BusinessId,
        from: JalaliDate,
        reason: &str,
        by: Option<ActorId>,
    ) -> Result<Ended> {
        let today = self.today()?;
        self.store.write(|tx| {
            let mut ended = Ended::default();
            for exhibition in tx.exhibitions()? {
                for mut application in tx.applications(exhibition.id())? {
                    if application.data().business == business && !application.state().is_final() {
                        let mut t = application.transition(
                            ApplicationState::Withdrawn,
                            Some(reason.to_owned()),
                            today,
                        )?;
                        t.by = by;
                        tx.put_application(&application, Put::Replace)?;
                        tx.append_transition(&t)?;
                        ended.withdrawn.push(application.id());
                    }
                }
                let ahead: Vec<StoredBooking> = tx
                    .bookings(exhibition.id())?
                    .into_iter()
                    .filter(|b| b.booking.week.start >= from)
                    .collect();
                let (gone, kept): (Vec<_>, Vec<_>) = ahead
                    .iter()
                    .cloned()
                    .partition(|b| b.booking.business == business);
                if let Some(until) = ahead.iter().map(|b| b.booking.week.start).max()
                    && !gone.is_empty()
                {
                    tx.replace_bookings(exhibition.id(), from, until, &kept)?;
                    ended.released.extend(gone);
                }
            }
            Ok(ended)
        })
    }

    /// The stored bookings of the exhibition with `code`, by week and booth.
    pub fn schedule(&self, code: &str) -> Result<Vec<StoredBooking>> {
        self.store.read(|r| {
            let exhibition = r
                .exhibition_by_code(code)?
                .ok_or_else(|| MarketError::not_found("exhibition", code))?;
            r.bookings(exhibition.id())
        })
    }

    /// Adds orders, all or none; every code must be new, every due
    /// day plausible ([`DateKind::Due`](homebiz_core::validate::DateKind):
    /// at most 10 years back and 5 ahead of today), and every order's
    /// total at its ceiling within [`max_amount`](Self::max_amount).
    pub fn add_orders(&self, orders: Vec<OrderData>) -> Result<Vec<Order>> {
        let today = self.today()?;
        let orders = orders
            .into_iter()
            .map(|data| {
                validate::date("due", DateKind::Due, data.due, today)?;
                validate::plain([("buyer", data.buyer.as_str()), ("unit", data.unit.as_str())])?;
                let code = data.code.trim().to_owned();
                let order = Order::new(data)?;
                order
                    .check_within(self.max_amount)
                    .map_err(|e| MarketError::Named {
                        what: "order",
                        key: code,
                        error: Box::new(e),
                    })?;
                Ok(order)
            })
            .collect::<Result<Vec<_>>>()?;
        self.store.write(|tx| {
            for order in &orders {
                if tx.order_by_code(order.code())?.is_some() {
                    return Err(MarketError::already_exists("order", order.code()));
                }
                tx.put_order(order, Put::Insert)?;
            }
            Ok(orders)
        })
    }

    /// Stores producers' offers, all or none, each replacing the business's
    /// offer for the same category and activity. Each offer's capacity ×
    /// unit price must be within [`max_amount`](Self::max_amount).
    pub fn set_offers(&self, offers: &[Offer]) -> Result<()> {
        for offer in offers {
            offer.validate()?;
            offer.check_within(self.max_amount)?;
        }
        self.store.write(|tx| {
            for offer in offers {
                tx.put_offer(offer)?;
            }
            Ok(())
        })
    }

    /// Matches the orders not yet due (due today or later) to the stored
    /// offers, by the rule of [`match_orders`], and stores the fills in
    /// place of those orders' earlier ones, each recorded as made `by` the
    /// acting user. A stored offer over [`max_amount`](Self::max_amount)
    /// (stored under a larger limit) is refused, so no fill's total is over
    /// it. Orders already past due are matched to nothing and reported as
    /// unmet ([`UnmetReason::PastDue`](crate::orders::UnmetReason::PastDue));
    /// their earlier fills stay.
    pub fn match_orders(&self, by: Option<ActorId>) -> Result<Matching> {
        self.matching(by, None)
    }

    /// Matches as [`match_orders`](Self::match_orders) does, with only the
    /// offers of the businesses in `sellers`: those that may sell now,
    /// which the caller knows (the market does not know a business's
    /// state). The offers of other businesses stay stored but take no part.
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use homebiz_core::FixedClock;
    /// use homebiz_market::{Market, MemoryStore};
    /// let market = Market::new(MemoryStore::new(), FixedClock::new("2025-06-01T08:00:00Z".parse()?));
    /// let matching = market.match_orders_among(None, &HashSet::new())?;
    /// assert!(matching.fills.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn match_orders_among(
        &self,
        by: Option<ActorId>,
        sellers: &HashSet<BusinessId>,
    ) -> Result<Matching> {
        self.matching(by, Some(sellers))
    }

    fn matching(
        &self,
        by: Option<ActorId>,
        sellers: Option<&HashSet<BusinessId>>,
    ) -> Result<Matching> {
        let today = self.today()?;
        self.store.write(|tx| {
            let orders = tx.orders()?;
            let mut offers = tx.offers()?;
            if let Some(sellers) = sellers {
                offers.retain(|o| sellers.contains(&o.business));
            }
            for offer in &offers {
                offer.check_within(self.max_amount)?;
            }
            // Past-due orders come back as unmet ("past due"); their
            // earlier fills are kept.
            let mut matching = match_orders(&orders, &offers, today)?;
            for fill in &mut matching.fills {
                fill.by = by;
            }
            let ids: Vec<OrderId> = orders
                .iter()
                .filter(|o| o.data().due >= today)
                .map(Order::id)
                .collect();
            tx.replace_fills(&ids, &matching.fills)?;
            Ok(matching)
        })
    }

    /// Places goods on consignment at an existing channel. The day they are
    /// placed must be plausible, as a sale's is ([`DateKind::Sale`]: at most
    /// 30 years back and a year ahead of today). Its gross if all of it
    /// sells (quantity × unit price) must be within
    /// [`max_amount`](Self::max_amount).
    pub fn consign(&self, data: ConsignmentData) -> Result<Consignment> {
        validate::date("placed_on", DateKind::Sale, data.placed_on, self.today()?)?;
        let consignment = Consignment::new(data)?;
        consignment.check_within(self.max_amount)?;
        validate::plain([("item", consignment.data().item.as_str())])?;
        self.store.write(|tx| {
            if tx.channel(consignment.data().channel)?.is_none() {
                return Err(MarketError::not_found(
                    "channel",
                    consignment.data().channel,
                ));
            }
            tx.insert_consignment(&consignment)?;
            Ok(consignment)
        })
    }

    /// Records a sale, a return or the settlement of a consignment, on a
    /// plausible day ([`DateKind::Sale`]), made `by` the acting user. A
    /// settlement whose gross is over [`max_amount`](Self::max_amount) (a
    /// consignment placed under a larger limit) is refused: the ledger would
    /// refuse its sale.
    pub fn record(
        &self,
        id: ConsignmentId,
        event: Event,
        by: Option<ActorId>,
    ) -> Result<Consignment> {
        validate::date("on", DateKind::Sale, event.on(), self.today()?)?;
        self.store.write(|tx| {
            let mut consignment = tx
                .consignment(id)?
                .ok_or_else(|| MarketError::not_found("consignment", id))?;
            consignment.record_by(event, by)?;
            if matches!(event, Event::Settled { .. })
                && !self.max_amount.allows(consignment.settlement()?.gross)
            {
                return Err(MarketError::OverLimit {
                    field: "unit price",
                    what: "the settlement's gross (units sold × unit price)",
                    limit: self.max_amount,
                });
            }
            tx.append_consignment_event(id, &event, by)?;
            Ok(consignment)
        })
    }

    /// Settles a consignment on `on`, `by` the acting user.
    pub fn settle(
        &self,
        id: ConsignmentId,
        on: JalaliDate,
        by: Option<ActorId>,
    ) -> Result<Settlement> {
        self.record(id, Event::Settled { on }, by)?.settlement()
    }

    /// Every piece of the market's channel activity from `from` to
    /// `until`: booth-weeks starting, consignments settled and order fills
    /// falling due, each with the kind of its channel where one is known.
    /// Sales recorded in the ledger are another domain's: the facade adds
    /// them (`Program::links`).
    pub fn links(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<Link>> {
        self.store.read(|r| {
            let kinds: HashMap<ChannelId, ChannelKind> =
                r.channels()?.iter().map(|c| (c.id(), c.kind())).collect();
            let exhibitions: HashMap<ExhibitionId, Option<ChannelKind>> = r
                .exhibitions()?
                .iter()
                .map(|e| (e.id(), kinds.get(&e.data().channel).copied()))
                .collect();
            let mut links: Vec<Link> = r
                .bookings_between(from, until)?
                .into_iter()
                .map(|b| Link {
                    business: b.booking.business,
                    on: b.booking.week.start,
                    kind: LinkKind::Booking,
                    channel: exhibitions.get(&b.exhibition).copied().flatten(),
                })
                .collect();
            for c in r.consignments()? {
                let settled = c.events().iter().find_map(|e| match e {
                    Event::Settled { on } => Some(*on),
                    _ => None,
                });
                if let Some(on) = settled.filter(|d| (from..=until).contains(d)) {
                    links.push(Link {
                        business: c.data().business,
                        on,
                        kind: LinkKind::Consignment,
                        channel: kinds.get(&c.data().channel).copied(),
                    });
                }
            }
            links.extend(
                r.fills()?
                    .into_iter()
                    .filter(|f| (from..=until).contains(&f.due))
                    .map(|f| Link {
                        business: f.business,
                        on: f.due,
                        kind: LinkKind::Order,
                        channel: None,
                    }),
            );
            links.sort();
            links.dedup();
            Ok(links)
        })
    }

    /// The linkage indicator of `businesses` (each with its office) over
    /// the `months` Jalali months ending with `as_of`'s, from the market's
    /// own [`links`](Self::links) only. A programme's indicator also counts
    /// the ledger's sales through a channel: use `Program::linkage` of the
    /// facade.
    pub fn linkage(
        &self,
        businesses: &[(BusinessId, OfficeId)],
        as_of: JalaliDate,
        months: u32,
    ) -> Result<LinkageReport> {
        let (from, until) = window(as_of, months)?;
        linkage(businesses, &self.links(from, until)?, as_of, months)
    }
}

/// What [`Market::end_business`] ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Ended {
    /// The applications withdrawn.
    pub withdrawn: Vec<ApplicationId>,
    /// The bookings released.
    pub released: Vec<StoredBooking>,
}

/// Gives the exhibition with `code` exactly `booths`. A booth that holds
/// a booking must stay: dropping it would orphan the booking (the schedule
/// would show its week empty), so such a list is refused, naming the
/// booked booths it leaves out; and it must still accept its bookings'
/// categories, or the list is refused naming the booths and categories.
fn replace_booths(tx: &mut dyn MarketTx, code: &str, booths: Vec<Booth>) -> Result<Exhibition> {
    let exhibition = tx
        .exhibition_by_code(code)?
        .ok_or_else(|| MarketError::not_found("exhibition", code))?;
    let mut dropped: Vec<String> = tx
        .bookings(exhibition.id())?
        .into_iter()
        .map(|b| b.booking.booth)
        .filter(|booth| !booths.iter().any(|b| b.code.trim() == booth))
        .collect();
    dropped.sort();
    dropped.dedup();
    if !dropped.is_empty() {
        return Err(MarketError::invalid(
            "booths",
            format!(
                "exhibition {code} has bookings on booths {} that the list leaves out",
                dropped.join(", ")
            ),
        ));
    }
    // A booth that stays must still fit its bookings: accept their
    // categories.
    let mut misfits: Vec<(String, Category)> = tx
        .bookings(exhibition.id())?
        .into_iter()
        .filter(|b| {
            booths.iter().any(|booth| {
                booth.code.trim() == b.booking.booth && !booth.accepts(b.booking.category)
            })
        })
        .map(|b| (b.booking.booth, b.booking.category))
        .collect();
    misfits.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
    misfits.dedup();
    if !misfits.is_empty() {
        // Two lists, each of codes a Persian message names in Persian.
        let mut booths: Vec<&str> = misfits.iter().map(|(booth, _)| booth.as_str()).collect();
        booths.dedup();
        let mut categories: Vec<&str> = misfits.iter().map(|(_, c)| c.code()).collect();
        categories.sort_unstable();
        categories.dedup();
        return Err(MarketError::invalid(
            "booths",
            format!(
                "exhibition {code}: booths {} have bookings for {}, which they would no longer accept",
                booths.join(", "),
                categories.join(", ")
            ),
        ));
    }
    let exhibition = exhibition.with_booths(booths)?;
    tx.put_exhibition(&exhibition, Put::Replace)?;
    Ok(exhibition)
}
