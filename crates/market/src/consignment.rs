//! Consignment: goods placed at a channel (a shop, a marketplace), sold or
//! returned over time, then settled: the producer is paid for what sold,
//! net of the channel's commission.
//!
//! Guarantees: sold + returned never exceeds what was placed; nothing is
//! recorded before the placement or after the settlement; the settlement's
//! commission and payout sum exactly to the gross (the commission is
//! rounded half away from zero to a whole rial, the payout is the rest).
//!
//! ```
//! use homebiz_core::{JalaliDate, Money, id::{BusinessId, ChannelId, ConsignmentId}};
//! use homebiz_core::rust_decimal::Decimal;
//! use homebiz_market::consignment::{Consignment, ConsignmentData};
//!
//! let d = |m, day| JalaliDate::new(1404, m, day).unwrap();
//! let mut c = Consignment::new(ConsignmentData {
//!     id: ConsignmentId::new(),
//!     business: BusinessId::new(),
//!     channel: ChannelId::new(),
//!     item: "kilim, 1 × 1.5 m".into(),
//!     quantity: 10,
//!     unit_price: Money::rial(12_345_001),
//!     commission: Decimal::new(9, 2),
//!     placed_on: d(7, 1),
//!     by: None,
//! })?;
//! c.sell(3, d(7, 10))?;
//! c.give_back(2, d(8, 1))?;
//! assert!(c.sell(6, d(8, 2)).is_err()); // only 5 left
//! let s = c.settle(d(8, 5))?;
//! assert_eq!(s.gross, Money::rial(37_035_003));
//! assert_eq!(s.commission, Money::rial(3_333_150)); // 9%, rounded
//! assert_eq!(s.payout.checked_add(s.commission)?, s.gross);
//! assert_eq!(s.unsold, 5);
//! # Ok::<(), homebiz_market::MarketError>(())
//! ```

use serde::{Deserialize, Serialize};

use homebiz_core::id::{ActorId, BusinessId, ChannelId, ConsignmentId};
use homebiz_core::money::AmountLimit;
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, Money, Rounding};

use crate::error::{MarketError, Result};
use crate::validate;

/// A consignment's fields, as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsignmentData {
    /// Its ID.
    pub id: ConsignmentId,
    /// The producer.
    pub business: BusinessId,
    /// Where the goods are.
    pub channel: ChannelId,
    /// What the goods are.
    pub item: String,
    /// Units placed.
    pub quantity: u32,
    /// The retail price per unit.
    pub unit_price: Money,
    /// The channel's share of each sale, from 0 to below 1.
    pub commission: Decimal,
    /// The day the goods were placed.
    pub placed_on: JalaliDate,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// Something that happened to a consignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Event {
    /// Units sold.
    Sold {
        /// How many.
        quantity: u32,
        /// The day.
        on: JalaliDate,
    },
    /// Units given back to the producer.
    Returned {
        /// How many.
        quantity: u32,
        /// The day.
        on: JalaliDate,
    },
    /// The account was settled (final).
    Settled {
        /// The day.
        on: JalaliDate,
    },
}

impl Event {
    /// The day it happened.
    pub fn on(&self) -> JalaliDate {
        match self {
            Self::Sold { on, .. } | Self::Returned { on, .. } | Self::Settled { on } => *on,
        }
    }

    /// The kind's code (`sold`, `returned`, `settled`) and the quantity, as
    /// a store keeps them beside the day.
    pub fn parts(&self) -> (&'static str, Option<u32>) {
        match *self {
            Self::Sold { quantity, .. } => ("sold", Some(quantity)),
            Self::Returned { quantity, .. } => ("returned", Some(quantity)),
            Self::Settled { .. } => ("settled", None),
        }
    }

    /// The event a store kept as [`parts`](Self::parts) and its day; an
    /// unknown kind, or a quantity where the kind has none or none where it
    /// has one, is [`MarketError::Invalid`].
    pub fn from_parts(kind: &str, quantity: Option<u32>, on: JalaliDate) -> crate::Result<Self> {
        match (kind, quantity) {
            ("sold", Some(quantity)) => Ok(Self::Sold { quantity, on }),
            ("returned", Some(quantity)) => Ok(Self::Returned { quantity, on }),
            ("settled", None) => Ok(Self::Settled { on }),
            _ => Err(crate::MarketError::invalid(
                "consignment event",
                "unknown kind",
            )),
        }
    }
}

/// The settlement of a consignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// The consignment.
    pub consignment: ConsignmentId,
    /// The producer.
    pub business: BusinessId,
    /// The channel.
    pub channel: ChannelId,
    /// The day.
    pub on: JalaliDate,
    /// Units sold.
    pub sold: u32,
    /// Units given back.
    pub returned: u32,
    /// Units neither sold nor given back (the producer collects them).
    pub unsold: u32,
    /// `sold × unit price`.
    pub gross: Money,
    /// The channel's commission.
    pub commission: Money,
    /// What the producer is paid: `gross − commission`.
    pub payout: Money,
}

/// A consignment with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consignment {
    data: ConsignmentData,
    events: Vec<Event>,
    /// Who recorded each event (beside `events`; missing or `None` where
    /// not known).
    #[serde(default, skip_serializing_if = "no_one")]
    events_by: Vec<Option<ActorId>>,
}

/// No event has a known recorder.
fn no_one(by: &[Option<ActorId>]) -> bool {
    by.iter().all(Option::is_none)
}

impl Consignment {
    /// A new consignment: an item description of 1–200 characters, at
    /// least one unit, a positive price and a commission in `[0, 1)`.
    pub fn new(data: ConsignmentData) -> Result<Self> {
        Self::restore(data, Vec::new())
    }

    /// A consignment as stored: `data` and then each of `events` is checked
    /// as if recorded in turn; for store backends.
    pub fn restore(data: ConsignmentData, events: Vec<Event>) -> Result<Self> {
        Self::restore_by(data, events.into_iter().map(|e| (e, None)).collect())
    }

    /// A consignment as stored, as [`restore`](Self::restore), each event
    /// with who recorded it; for store backends.
    pub fn restore_by(
        mut data: ConsignmentData,
        events: Vec<(Event, Option<ActorId>)>,
    ) -> Result<Self> {
        data.item = validate::name("item", &data.item)?;
        if data.quantity == 0 {
            return Err(MarketError::invalid("quantity", "must be at least 1"));
        }
        if data.unit_price.minor_units() <= 0 {
            return Err(MarketError::invalid("unit price", "must be positive"));
        }
        // Bounded at entry: the settlement of whatever sells can be summed.
        if data
            .unit_price
            .checked_mul(i64::from(data.quantity))
            .is_err()
        {
            return Err(MarketError::invalid(
                "unit price",
                "times the quantity is more than an amount can hold",
            ));
        }
        if data.commission.is_sign_negative() || data.commission >= Decimal::ONE {
            return Err(MarketError::invalid(
                "commission",
                "must be from 0 to below 1 (0.09 is 9%)",
            ));
        }
        let mut c = Self {
            data,
            events: Vec::new(),
            events_by: Vec::new(),
        };
        for (event, by) in events {
            c.record_by(event, by)?;
        }
        Ok(c)
    }

    /// Its fields.
    pub fn data(&self) -> &ConsignmentData {
        &self.data
    }

    /// Checks that the consignment's gross if every unit sells (quantity ×
    /// unit price), the most its settlement can come to, is within `limit`
    /// ([`MarketError::OverLimit`] otherwise, naming the unit price).
    pub fn check_within(&self, limit: AmountLimit) -> Result<()> {
        match limit.product(self.data.unit_price, self.data.quantity) {
            Some(_) => Ok(()),
            None => Err(MarketError::OverLimit {
                field: "unit price",
                what: "the consignment's gross if all of it sells (quantity × unit price)",
                limit,
            }),
        }
    }

    /// Its ID.
    pub fn id(&self) -> ConsignmentId {
        self.data.id
    }

    /// Its history, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Who recorded the event at `index` of [`events`](Self::events),
    /// where known.
    pub fn event_by(&self, index: usize) -> Option<ActorId> {
        self.events_by.get(index).copied().flatten()
    }

    /// Units sold so far.
    pub fn sold(&self) -> u32 {
        self.count(|e| match e {
            Event::Sold { quantity, .. } => Some(*quantity),
            _ => None,
        })
    }

    /// Units given back so far.
    pub fn returned(&self) -> u32 {
        self.count(|e| match e {
            Event::Returned { quantity, .. } => Some(*quantity),
            _ => None,
        })
    }

    /// Units still at the channel.
    pub fn on_hand(&self) -> u32 {
        self.data.quantity - self.sold() - self.returned()
    }

    /// Whether it has been settled.
    pub fn is_settled(&self) -> bool {
        self.events
            .iter()
            .any(|e| matches!(e, Event::Settled { .. }))
    }

    fn count(&self, f: impl Fn(&Event) -> Option<u32>) -> u32 {
        self.events.iter().filter_map(f).sum()
    }

    /// Records `quantity` units sold on `on`.
    pub fn sell(&mut self, quantity: u32, on: JalaliDate) -> Result<Event> {
        self.record(Event::Sold { quantity, on })
    }

    /// Records `quantity` units given back on `on`.
    pub fn give_back(&mut self, quantity: u32, on: JalaliDate) -> Result<Event> {
        self.record(Event::Returned { quantity, on })
    }

    /// Settles on `on`: what the producer is owed. Nothing can be recorded
    /// afterwards.
    pub fn settle(&mut self, on: JalaliDate) -> Result<Settlement> {
        self.record(Event::Settled { on })?;
        self.settlement()
    }

    /// The settlement's figures as of now (settled or not).
    pub fn settlement(&self) -> Result<Settlement> {
        let sold = self.sold();
        let gross = self.data.unit_price.checked_mul(i64::from(sold))?;
        let (commission, payout) =
            gross.split_by_rate(self.data.commission, Rounding::HalfAwayFromZero)?;
        let on = self
            .events
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::Settled { on } => Some(*on),
                _ => None,
            })
            .unwrap_or_else(|| self.events.last().map_or(self.data.placed_on, Event::on));
        Ok(Settlement {
            consignment: self.data.id,
            business: self.data.business,
            channel: self.data.channel,
            on,
            sold,
            returned: self.returned(),
            unsold: self.on_hand(),
            gross,
            commission,
            payout,
        })
    }

    /// Checks and appends one event, recorded by no known user.
    pub fn record(&mut self, event: Event) -> Result<Event> {
        self.record_by(event, None)
    }

    /// Checks and appends one event, recorded `by` the acting user.
    pub fn record_by(&mut self, event: Event, by: Option<ActorId>) -> Result<Event> {
        if self.is_settled() {
            return Err(MarketError::IllegalTransition {
                what: "consignment",
                from: "settled",
                to: match event {
                    Event::Sold { .. } => "sold",
                    Event::Returned { .. } => "returned",
                    Event::Settled { .. } => "settled",
                },
            });
        }
        let last = self.events.last().map_or(self.data.placed_on, Event::on);
        if event.on() < last {
            return Err(MarketError::invalid(
                "date",
                format!(
                    "{} is before the last event or the placement ({last})",
                    event.on()
                ),
            ));
        }
        if let Event::Sold { quantity, .. } | Event::Returned { quantity, .. } = event {
            if quantity == 0 {
                return Err(MarketError::invalid("quantity", "must be at least 1"));
            }
            if quantity > self.on_hand() {
                return Err(MarketError::invalid(
                    "quantity",
                    format!("only {} units are at the channel", self.on_hand()),
                ));
            }
        }
        self.events_by.resize(self.events.len(), None);
        self.events.push(event);
        self.events_by.push(by);
        Ok(event)
    }
}
