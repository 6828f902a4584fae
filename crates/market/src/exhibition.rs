//! Exhibitions and their booths.
//!
//! An exhibition (the permanent one at the bus terminal, a Nowruz fair) is
//! a sales channel with booths. Each booth has a size class and the
//! categories it may host (a food booth with a sink takes agro-processing,
//! say); the exhibition may cap how many booths one category takes in a
//! week, and how many weeks one business gets in a Jalali month. Booths are
//! let by the week: see [`allocate`](crate::allocate).
//!
//! ```
//! use homebiz_core::category::Category;
//! use homebiz_core::id::{ChannelId, ExhibitionId};
//! use homebiz_market::exhibition::{Booth, Exhibition, ExhibitionData, SizeClass};
//!
//! let terminal = Exhibition::new(ExhibitionData {
//!     id: ExhibitionId::new(),
//!     code: "TERMINAL".into(),
//!     name: "Urmia bus terminal exhibition".into(),
//!     channel: ChannelId::new(),
//!     booths: vec![
//!         Booth::new("F-01", SizeClass::Standard, vec![Category::AgroProcessing]),
//!         Booth::new("G-01", SizeClass::Large, vec![]), // any category
//!     ],
//!     weekly_limits: vec![(Category::AgroProcessing, 1)],
//!     monthly_cap: 2,
//!     by: None,
//! })?;
//! assert!(terminal.booth("F-01").unwrap().accepts(Category::AgroProcessing));
//! assert!(!terminal.booth("F-01").unwrap().accepts(Category::Handicrafts));
//! # Ok::<(), homebiz_market::MarketError>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use homebiz_core::category::Category;
use homebiz_core::id::{ActorId, ChannelId, ExhibitionId};

use crate::error::{MarketError, Result};
use crate::validate;

/// How big a booth is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    /// A table or a corner (about 2 m²).
    Small,
    /// A standard booth (about 6 m²).
    Standard,
    /// A large booth (about 12 m²).
    Large,
}

impl SizeClass {
    /// All three, smallest first.
    pub const ALL: [Self; 3] = [Self::Small, Self::Standard, Self::Large];

    /// The snake-case code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Small => "small",
            Self::Standard => "standard",
            Self::Large => "large",
        }
    }
}

impl fmt::Display for SizeClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SizeClass {
    type Err = MarketError;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| MarketError::invalid("size", "expected small, standard or large"))
    }
}

/// One booth of an exhibition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booth {
    /// Its code, unique in the exhibition (`F-01`).
    pub code: String,
    /// Its size class.
    pub size: SizeClass,
    /// The categories it may host; empty means any.
    pub accepts: Vec<Category>,
    /// Who recorded it (the acting user's ID), where known: booths
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

impl Booth {
    /// A booth.
    pub fn new(code: impl Into<String>, size: SizeClass, accepts: Vec<Category>) -> Self {
        Self {
            code: code.into(),
            size,
            accepts,
            by: None,
        }
    }

    /// The same booth, recorded `by` the acting user.
    #[must_use]
    pub fn recorded_by(self, by: Option<ActorId>) -> Self {
        Self { by, ..self }
    }

    /// Whether it may host `category`.
    pub fn accepts(&self, category: Category) -> bool {
        self.accepts.is_empty() || self.accepts.contains(&category)
    }
}

/// An exhibition's fields, as given; [`Exhibition::new`] validates them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExhibitionData {
    /// Its ID.
    pub id: ExhibitionId,
    /// Its code (`TERMINAL`), unique.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The sales channel it is (of kind permanent exhibition or seasonal
    /// fair).
    pub channel: ChannelId,
    /// Its booths, with unique codes.
    pub booths: Vec<Booth>,
    /// At most this many booths for one category in one week.
    pub weekly_limits: Vec<(Category, u32)>,
    /// At most this many weeks for one business in one Jalali month (1–5).
    pub monthly_cap: u8,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// A validated exhibition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exhibition(ExhibitionData);

impl Exhibition {
    /// Validates `data`: a code, a name, booth codes present and unique,
    /// each category listed once per booth and once in the weekly limits,
    /// and a monthly cap from 1 to 5.
    pub fn new(mut data: ExhibitionData) -> Result<Self> {
        data.code = validate::code("code", &data.code)?;
        data.name = validate::name("name", &data.name)?;
        let mut seen = BTreeSet::new();
        for booth in &mut data.booths {
            booth.code = validate::code("booth code", &booth.code)?;
            if !seen.insert(booth.code.clone()) {
                return Err(MarketError::invalid(
                    "booth code",
                    format!("{} appears twice", booth.code),
                ));
            }
            validate::distinct("booth categories", booth.accepts.iter())?;
        }
        validate::distinct("weekly limits", data.weekly_limits.iter().map(|(c, _)| c))?;
        if !(1..=5).contains(&data.monthly_cap) {
            return Err(MarketError::invalid("monthly cap", "must be from 1 to 5"));
        }
        Ok(Self(data))
    }

    /// Its fields.
    pub fn data(&self) -> &ExhibitionData {
        &self.0
    }

    /// Its ID.
    pub fn id(&self) -> ExhibitionId {
        self.0.id
    }

    /// Its code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// Its booths.
    pub fn booths(&self) -> &[Booth] {
        &self.0.booths
    }

    /// The booth with `code`.
    pub fn booth(&self, code: &str) -> Option<&Booth> {
        self.0.booths.iter().find(|b| b.code == code)
    }

    /// The weekly limit for `category`, if any.
    pub fn weekly_limit(&self, category: Category) -> Option<u32> {
        self.0
            .weekly_limits
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, n)| *n)
    }

    /// Replaces the booths (validated as in [`new`](Self::new)).
    pub fn with_booths(self, booths: Vec<Booth>) -> Result<Self> {
        Self::new(ExhibitionData { booths, ..self.0 })
    }
}

impl<'de> Deserialize<'de> for Exhibition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Self::new(ExhibitionData::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
