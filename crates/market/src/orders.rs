//! Buyer orders matched to producers' stated capacity and prices.
//!
//! A buyer (a school canteen, a hotel, a wholesaler) orders a quantity of a
//! category — optionally of one activity — at no more than a unit price,
//! due by a date. Producers state offers: what they can supply, how much,
//! at what unit price, and how many days they need.
//!
//! # The rule
//!
//! Orders are served earliest due date first (then by code). Each takes
//! from the producers that can serve it — same category (and activity, if
//! the order names one), unit price within the ceiling, ready in time —
//! cheapest first (then by business ID), as much as each has left. This is
//! a greedy rule, chosen because a buyer and a producer can each check it by
//! hand; it is not a global optimum. What an order could not get is
//! reported as unmet demand, with the reason. An order whose due date has
//! passed is not served: all of it is unmet, as [`UnmetReason::PastDue`].
//!
//! ```
//! use homebiz_core::{JalaliDate, Money, category::Category, id::{BusinessId, OrderId}};
//! use homebiz_market::orders::{match_orders, Offer, Order, OrderData, UnmetReason};
//!
//! let today = JalaliDate::new(1404, 8, 1)?;
//! let order = Order::new(OrderData {
//!     id: OrderId::new(),
//!     code: "SCHOOL-7".into(),
//!     buyer: "Girls' school no. 7 canteen".into(),
//!     category: Category::AgroProcessing,
//!     activity: Some("pickles".into()),
//!     quantity: 120,
//!     unit: "jar".into(),
//!     price_ceiling: Money::rial(900_000),
//!     due: JalaliDate::new(1404, 8, 20)?,
//!     by: None,
//! })?;
//! let offer = |price, capacity| Offer {
//!     business: BusinessId::new(),
//!     category: Category::AgroProcessing,
//!     activity: Some("pickles".into()),
//!     capacity,
//!     unit_price: Money::rial(price),
//!     lead_days: 7,
//!     by: None,
//! };
//! let m = match_orders(&[order], &[offer(850_000, 50), offer(800_000, 40), offer(950_000, 100)], today)?;
//! assert_eq!(m.fills.iter().map(|f| f.quantity).sum::<u32>(), 90); // the cheaper two
//! assert_eq!(m.fills[0].unit_price, Money::rial(800_000));
//! assert_eq!(m.unmet[0].quantity, 30);
//! assert_eq!(m.unmet[0].reason, UnmetReason::Capacity);
//! # Ok::<(), homebiz_market::MarketError>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use homebiz_core::category::Category;
use homebiz_core::id::{ActorId, BusinessId, OrderId};
use homebiz_core::money::AmountLimit;
use homebiz_core::text::Lang;
use homebiz_core::{JalaliDate, Money};

use crate::error::{MarketError, Result};
use crate::validate;

/// The units of quantity homebiz names in every language: the code (as
/// order files write it, in English) with its Persian name. An order's
/// unit is free text; one of these (in any case, singular or plural,
/// `kg` or `kilogram`) is shown by its name in the output's language
/// ([`unit_name`]), any other as typed.
pub const UNITS: &[(&str, &str)] = &[
    ("kg", "کیلوگرم"),
    ("g", "گرم"),
    ("ton", "تن"),
    ("piece", "عدد"),
    ("jar", "شیشه"),
    ("bottle", "بطری"),
    ("can", "قوطی"),
    ("litre", "لیتر"),
    ("box", "جعبه"),
    ("pack", "بسته"),
    ("bag", "کیسه"),
    ("dozen", "دوجین"),
    ("pair", "جفت"),
    ("set", "دست"),
    ("metre", "متر"),
    ("m2", "مترمربع"),
    ("roll", "طاقه"),
    ("tray", "سینی"),
    ("loaf", "قرص"),
];

/// Other ways order files write the [`UNITS`] (lower case, after plurals'
/// `s` is dropped): the unit's code for each.
const UNIT_ALIASES: &[(&str, &str)] = &[
    ("kilogram", "kg"),
    ("kilo", "kg"),
    ("gram", "g"),
    ("gr", "g"),
    ("tonne", "ton"),
    ("pc", "piece"),
    ("pcs", "piece"),
    ("item", "piece"),
    ("liter", "litre"),
    ("l", "litre"),
    ("packet", "pack"),
    ("meter", "metre"),
    ("m", "metre"),
    ("m²", "m2"),
    ("sqm", "m2"),
    ("boxe", "box"),
];

/// The code in [`UNITS`] of `unit` as typed (any case, a plural `s`,
/// a common other spelling), if homebiz knows it.
pub fn unit_code(unit: &str) -> Option<&'static str> {
    let typed = unit.trim().to_lowercase();
    let singular = typed.strip_suffix('s').filter(|s| !s.is_empty());
    [Some(typed.as_str()), singular]
        .into_iter()
        .flatten()
        .find_map(|u| {
            UNITS
                .iter()
                .find(|(code, _)| *code == u)
                .map(|(code, _)| *code)
                .or_else(|| {
                    UNIT_ALIASES
                        .iter()
                        .find(|(alias, _)| *alias == u)
                        .map(|(_, code)| *code)
                })
        })
}

/// An order's unit for people in `lang`: a unit homebiz knows
/// ([`UNITS`]) by its Persian name under [`Lang::Fa`] and as typed under
/// [`Lang::En`]; any other unit as typed in both.
///
/// ```
/// use homebiz_core::text::Lang;
/// use homebiz_market::orders::unit_name;
/// assert_eq!(unit_name("jar", Lang::Fa), "شیشه");
/// assert_eq!(unit_name("Kg", Lang::Fa), "کیلوگرم");
/// assert_eq!(unit_name("pieces", Lang::Fa), "عدد");
/// assert_eq!(unit_name("jar", Lang::En), "jar");
/// assert_eq!(unit_name("سبد", Lang::Fa), "سبد");
/// ```
pub fn unit_name(unit: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => unit,
        Lang::Fa => unit_code(unit)
            .and_then(|code| UNITS.iter().find(|(c, _)| *c == code))
            .map_or(unit, |(_, fa)| fa),
    }
}

/// A buyer order's fields, as given; [`Order::new`] validates them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderData {
    /// Its ID.
    pub id: OrderId,
    /// Its code, unique.
    pub code: String,
    /// The buyer (an organisation's name).
    pub buyer: String,
    /// The category ordered.
    pub category: Category,
    /// One activity's code, if the order is that specific.
    pub activity: Option<String>,
    /// How many units.
    pub quantity: u32,
    /// The unit (`kg`, `jar`, `piece`).
    pub unit: String,
    /// The most the buyer pays per unit.
    pub price_ceiling: Money,
    /// The day it is due.
    pub due: JalaliDate,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// A validated buyer order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order(OrderData);

impl Order {
    /// Validates `data`: a code, a buyer and a unit, a quantity of at least
    /// 1 and a positive price ceiling.
    pub fn new(mut data: OrderData) -> Result<Self> {
        data.code = validate::code("code", &data.code)?;
        data.buyer = validate::name("buyer", &data.buyer)?;
        data.unit = validate::name("unit", &data.unit)?;
        if let Some(activity) = &data.activity {
            data.activity = Some(validate::code("activity", activity)?);
        }
        if data.quantity == 0 {
            return Err(MarketError::invalid("quantity", "must be at least 1"));
        }
        if data.price_ceiling.minor_units() <= 0 {
            return Err(MarketError::invalid("price ceiling", "must be positive"));
        }
        // Bounded at entry: no total of the order can overflow later.
        if data
            .price_ceiling
            .checked_mul(i64::from(data.quantity))
            .is_err()
        {
            return Err(MarketError::invalid(
                "price ceiling",
                "times the quantity is more than an amount can hold",
            ));
        }
        Ok(Self(data))
    }

    /// Its fields.
    pub fn data(&self) -> &OrderData {
        &self.0
    }

    /// Checks that the order's total at its ceiling (quantity × price
    /// ceiling), the most any of its fills can come to, is within `limit`
    /// ([`MarketError::OverLimit`] otherwise, naming the price ceiling).
    pub fn check_within(&self, limit: AmountLimit) -> Result<()> {
        match limit.product(self.0.price_ceiling, self.0.quantity) {
            Some(_) => Ok(()),
            None => Err(MarketError::OverLimit {
                field: "price ceiling",
                what: "the order's total at its ceiling (quantity × price ceiling)",
                limit,
            }),
        }
    }

    /// Its ID.
    pub fn id(&self) -> OrderId {
        self.0.id
    }

    /// Its code.
    pub fn code(&self) -> &str {
        &self.0.code
    }
}

impl<'de> Deserialize<'de> for Order {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Self::new(OrderData::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// What a producer can supply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// The producer.
    pub business: BusinessId,
    /// The category.
    pub category: Category,
    /// The activity, if the offer is that specific (an order for one
    /// activity takes only offers of it).
    pub activity: Option<String>,
    /// Units it can supply over the orders being matched.
    pub capacity: u32,
    /// Its price per unit.
    pub unit_price: Money,
    /// Days it needs from today to deliver.
    pub lead_days: u16,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

impl Offer {
    /// Checks the offer: a positive unit price whose total over the whole
    /// capacity an amount can hold (so no fill's total can overflow), a
    /// valid activity code.
    pub fn validate(&self) -> Result<()> {
        if self.unit_price.minor_units() <= 0 {
            return Err(MarketError::invalid("unit price", "must be positive"));
        }
        if self
            .unit_price
            .checked_mul(i64::from(self.capacity))
            .is_err()
        {
            return Err(MarketError::invalid(
                "unit price",
                "times the capacity is more than an amount can hold",
            ));
        }
        if let Some(activity) = &self.activity {
            validate::code("activity", activity)?;
        }
        Ok(())
    }

    /// Checks that the offer's whole capacity at its price (capacity ×
    /// unit price), the most its fills can come to together, is within
    /// `limit` ([`MarketError::OverLimit`] otherwise, naming the unit
    /// price): so is then every fill.
    pub fn check_within(&self, limit: AmountLimit) -> Result<()> {
        match limit.product(self.unit_price, self.capacity) {
            Some(_) => Ok(()),
            None => Err(MarketError::OverLimit {
                field: "unit price",
                what: "the offer's capacity × unit price",
                limit,
            }),
        }
    }

    fn serves(&self, order: &OrderData) -> bool {
        self.category == order.category
            && order
                .activity
                .as_ref()
                .is_none_or(|a| self.activity.as_ref() == Some(a))
    }
}

/// Part of an order given to one producer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fill {
    /// The order.
    pub order: OrderId,
    /// The producer.
    pub business: BusinessId,
    /// Units.
    pub quantity: u32,
    /// The producer's unit price.
    pub unit_price: Money,
    /// `quantity × unit_price`.
    pub total: Money,
    /// The order's due date.
    pub due: JalaliDate,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// Why part of an order is unmet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnmetReason {
    /// No producer offers this category (or activity).
    NoProducer,
    /// Every producer offering it asks more than the ceiling.
    OverCeiling,
    /// Every producer within the ceiling needs more time than is left.
    TooLate,
    /// The producers who could serve it had no capacity left.
    Capacity,
    /// The order's due date has passed: it is not matched any more.
    PastDue,
}

impl UnmetReason {
    /// The reason for people in `lang` (the [`Display`](fmt::Display)
    /// form is the English one).
    pub const fn text(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::NoProducer, Lang::En) => "no producer offers it",
            (Self::NoProducer, Lang::Fa) => "هیچ تولیدکننده‌ای آن را عرضه نمی‌کند",
            (Self::OverCeiling, Lang::En) => "every producer asks more than the price ceiling",
            (Self::OverCeiling, Lang::Fa) => "قیمت همهٔ تولیدکنندگان از سقف قیمت بیشتر است",
            (Self::TooLate, Lang::En) => {
                "every producer within the ceiling needs more time than is left"
            }
            (Self::TooLate, Lang::Fa) => {
                "همهٔ تولیدکنندگانِ زیر سقف قیمت به زمانی بیش از زمان باقی‌مانده نیاز دارند"
            }
            (Self::Capacity, Lang::En) => "the producers who could serve it have no capacity left",
            (Self::Capacity, Lang::Fa) => {
                "تولیدکنندگانی که می‌توانستند آن را تأمین کنند ظرفیتی ندارند"
            }
            (Self::PastDue, Lang::En) => "past due: its due date has passed",
            (Self::PastDue, Lang::Fa) => "سررسید آن گذشته است",
        }
    }
}

impl fmt::Display for UnmetReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text(Lang::En))
    }
}

/// Demand an order could not get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmet {
    /// The order.
    pub order: OrderId,
    /// Its code.
    pub code: String,
    /// Units not supplied.
    pub quantity: u32,
    /// Why.
    pub reason: UnmetReason,
}

/// The result of [`match_orders`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matching {
    /// The fills, in the order orders were served.
    pub fills: Vec<Fill>,
    /// Unmet demand, in the same order.
    pub unmet: Vec<Unmet>,
}

/// Matches `orders` to `offers` as of `today` by the rule in the
/// [module docs](self). Offers with an invalid price or activity are an
/// error; so is a total that overflows.
pub fn match_orders(orders: &[Order], offers: &[Offer], today: JalaliDate) -> Result<Matching> {
    for offer in offers {
        offer.validate()?;
    }
    let mut orders: Vec<&OrderData> = orders.iter().map(Order::data).collect();
    orders.sort_by(|a, b| (a.due, &a.code).cmp(&(b.due, &b.code)));
    // Cheapest first, then by business.
    let mut offers: Vec<&Offer> = offers.iter().collect();
    offers.sort_by(|a, b| {
        (a.unit_price.minor_units(), a.business).cmp(&(b.unit_price.minor_units(), b.business))
    });
    let mut left: Vec<u32> = offers.iter().map(|o| o.capacity).collect();
    let mut matching = Matching {
        fills: Vec::new(),
        unmet: Vec::new(),
    };
    for order in orders {
        let days_left = today.days_until(order.due);
        if days_left < 0 {
            matching.unmet.push(Unmet {
                order: order.id,
                code: order.code.clone(),
                quantity: order.quantity,
                reason: UnmetReason::PastDue,
            });
            continue;
        }
        let mut wanted = order.quantity;
        let (mut any, mut within, mut in_time) = (false, false, false);
        for (k, offer) in offers.iter().enumerate() {
            if wanted == 0 {
                break;
            }
            if !offer.serves(order) {
                continue;
            }
            any = true;
            if offer.unit_price.checked_cmp(order.price_ceiling)?.is_gt() {
                continue;
            }
            within = true;
            if i64::from(offer.lead_days) > days_left {
                continue;
            }
            in_time = true;
            let quantity = wanted.min(left[k]);
            if quantity == 0 {
                continue;
            }
            left[k] -= quantity;
            wanted -= quantity;
            matching.fills.push(Fill {
                order: order.id,
                business: offer.business,
                quantity,
                unit_price: offer.unit_price,
                total: offer.unit_price.checked_mul(i64::from(quantity))?,
                due: order.due,
                by: None,
            });
        }
        if wanted > 0 {
            let reason = if !any {
                UnmetReason::NoProducer
            } else if !within {
                UnmetReason::OverCeiling
            } else if !in_time {
                UnmetReason::TooLate
            } else {
                UnmetReason::Capacity
            };
            matching.unmet.push(Unmet {
                order: order.id,
                code: order.code.clone(),
                quantity: wanted,
                reason,
            });
        }
    }
    Ok(matching)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_past_due_order_is_all_unmet_as_past_due_and_gets_no_fill() {
        let today = JalaliDate::new(1404, 8, 10).unwrap();
        let order = |code: &str, due| {
            Order::new(OrderData {
                id: OrderId::new(),
                code: code.into(),
                buyer: "Canteen".into(),
                category: Category::AgroProcessing,
                activity: None,
                quantity: 10,
                unit: "jar".into(),
                price_ceiling: Money::rial(900_000),
                due,
                by: None,
            })
            .unwrap()
        };
        let offer = Offer {
            business: BusinessId::new(),
            category: Category::AgroProcessing,
            activity: None,
            capacity: 100,
            unit_price: Money::rial(800_000),
            lead_days: 0,
            by: None,
        };
        let orders = [
            order("LATE", JalaliDate::new(1404, 8, 5).unwrap()),
            order("TODAY", today),
        ];
        let m = match_orders(&orders, &[offer], today).unwrap();
        assert_eq!(m.fills.len(), 1);
        assert_eq!(m.fills[0].order, orders[1].id());
        assert_eq!(m.unmet.len(), 1);
        assert_eq!(m.unmet[0].code, "LATE");
        assert_eq!(m.unmet[0].quantity, 10);
        assert_eq!(m.unmet[0].reason, UnmetReason::PastDue);
        assert_eq!(
            m.unmet[0].reason.to_string(),
            "past due: its due date has passed"
        );
        assert_eq!(m.unmet[0].reason.text(Lang::Fa), "سررسید آن گذشته است");
    }
}
