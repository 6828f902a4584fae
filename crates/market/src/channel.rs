//! Sales channels: where a home business sells, on what terms.
//!
//! ```
//! use homebiz_core::{JalaliDate, Money, category::Category, channel::ChannelKind, id::ChannelId};
//! use homebiz_core::rust_decimal::Decimal;
//! use homebiz_market::channel::{Channel, ChannelData, Fee, FeePeriod, Schedule};
//!
//! let bazaar = Channel::new(ChannelData {
//!     id: ChannelId::new(),
//!     code: "DIGIKALA".into(),
//!     name: "Online marketplace".into(),
//!     kind: ChannelKind::OnlineMarketplace,
//!     location: String::new(),
//!     accepts: vec![Category::Handicrafts, Category::AgroProcessing],
//!     commission: Decimal::new(9, 2), // 9%
//!     fee: None,
//!     schedule: Schedule::Permanent,
//!     capacity: None,
//!     by: None,
//! })?;
//! assert!(bazaar.accepts(Category::Handicrafts));
//! assert!(bazaar.is_open(JalaliDate::new(1404, 7, 1)?));
//!
//! let yalda = Schedule::Window { from: JalaliDate::new(1404, 9, 25)?, until: JalaliDate::new(1404, 9, 30)? };
//! assert!(yalda.is_open(JalaliDate::new(1404, 9, 30)?));
//! assert!(!yalda.is_open(JalaliDate::new(1404, 10, 1)?));
//! # let _ = Fee { amount: Money::rial(5_000_000), per: FeePeriod::Week };
//! # Ok::<(), homebiz_market::MarketError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use homebiz_core::category::Category;
use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{ActorId, ChannelId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, Money};

use crate::error::{MarketError, Result};
use crate::validate;

/// What a fixed fee is charged per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeePeriod {
    /// Per week (a booth's rent).
    Week,
    /// Per month.
    Month,
    /// Once per season or fair.
    Season,
}

impl FeePeriod {
    /// The snake-case code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Season => "season",
        }
    }
}

impl fmt::Display for FeePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for FeePeriod {
    type Err = MarketError;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "week" => Ok(Self::Week),
            "month" => Ok(Self::Month),
            "season" => Ok(Self::Season),
            _ => Err(MarketError::invalid(
                "fee period",
                "expected week, month or season",
            )),
        }
    }
}

/// A fixed fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// The amount (not negative).
    pub amount: Money,
    /// What it is charged per.
    pub per: FeePeriod,
}

/// When a channel is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Schedule {
    /// All year.
    Permanent,
    /// From one day to another, both included (a Nowruz or Yalda fair).
    Window {
        /// The first day.
        from: JalaliDate,
        /// The last day.
        until: JalaliDate,
    },
}

impl Schedule {
    /// Whether the channel is open on `date`.
    pub fn is_open(&self, date: JalaliDate) -> bool {
        match self {
            Self::Permanent => true,
            Self::Window { from, until } => (*from..=*until).contains(&date),
        }
    }
}

/// A channel's fields, as given; [`Channel::new`] validates them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelData {
    /// Its ID.
    pub id: ChannelId,
    /// Its code, unique (`TERMINAL`, `DIGIKALA`).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: ChannelKind,
    /// Where it is (empty for an online marketplace).
    pub location: String,
    /// The categories it takes; empty means any.
    pub accepts: Vec<Category>,
    /// The share of each sale it keeps, from 0 to below 1 (0.09 is 9%).
    pub commission: Decimal,
    /// A fixed fee, if any.
    pub fee: Option<Fee>,
    /// When it is open.
    pub schedule: Schedule,
    /// How many businesses it takes at once, if limited.
    pub capacity: Option<u32>,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// A validated sales channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Channel(ChannelData);

impl Channel {
    /// Validates `data`: a code and a name, a location of at most 200
    /// characters, each category once, a commission in `[0, 1)`, a fee not
    /// negative, a window that does not end before it starts, a capacity of
    /// at least 1.
    pub fn new(mut data: ChannelData) -> Result<Self> {
        data.code = validate::code("code", &data.code)?;
        data.name = validate::name("name", &data.name)?;
        data.location = data.location.trim().to_owned();
        if data.location.chars().count() > 200 {
            return Err(MarketError::invalid(
                "location",
                "longer than 200 characters",
            ));
        }
        validate::distinct("accepted categories", data.accepts.iter())?;
        if data.commission.is_sign_negative() || data.commission >= Decimal::ONE {
            return Err(MarketError::invalid(
                "commission",
                "must be from 0 to below 1 (0.09 is 9%)",
            ));
        }
        if data.fee.is_some_and(|f| f.amount.is_negative()) {
            return Err(MarketError::invalid("fee", "must not be negative"));
        }
        if let Schedule::Window { from, until } = data.schedule
            && until < from
        {
            return Err(MarketError::invalid(
                "schedule",
                "the window ends before it starts",
            ));
        }
        if data.capacity == Some(0) {
            return Err(MarketError::invalid("capacity", "must be at least 1"));
        }
        Ok(Self(data))
    }

    /// Its fields.
    pub fn data(&self) -> &ChannelData {
        &self.0
    }

    /// Its ID.
    pub fn id(&self) -> ChannelId {
        self.0.id
    }

    /// Its code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// Its kind.
    pub fn kind(&self) -> ChannelKind {
        self.0.kind
    }

    /// Whether it takes `category`.
    pub fn accepts(&self, category: Category) -> bool {
        self.0.accepts.is_empty() || self.0.accepts.contains(&category)
    }

    /// Whether it is open on `date`.
    pub fn is_open(&self, date: JalaliDate) -> bool {
        self.0.schedule.is_open(date)
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Self::new(ChannelData::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
