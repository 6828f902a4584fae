//! The activity catalog: what each home-business activity needs and earns.
//!
//! [`Catalog::default_catalog`] (feature `default-catalog`, on by default)
//! is the catalog homebiz ships: about fifty activities typical of West
//! Azerbaijan, from `data/catalog.json` inside this crate. **Every figure
//! in it is a starting value to calibrate** with local data: capital,
//! revenue and margins are rough 1404 estimates; seasonality is a demand
//! index from 0 to 100 per Jalali month, Farvardin first.
//!
//! ```
//! use homebiz_scoring::catalog::{Catalog, Category};
//!
//! let catalog = Catalog::default_catalog()?;
//! assert!(catalog.len() >= 40);
//! let pickles = catalog.get("pickles").unwrap();
//! assert_eq!(pickles.data().category, Category::AgroProcessing);
//! assert!(pickles.data().health_certificate);
//! # Ok::<(), homebiz_scoring::ScoringError>(())
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use homebiz_core::Money;
use homebiz_core::channel::ChannelKind;
use homebiz_core::text::Lang;

use crate::error::{Result, ScoringError};

pub use homebiz_core::category::Category;

/// Something about an activity that a home may not tolerate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Nuisance {
    /// Machines or hammering.
    Noise,
    /// Cooking, fermenting or chemical smells.
    Smell,
    /// Ovens, stoves or kilns running for hours.
    Heat,
    /// Animals kept at home.
    Animals,
}

impl Nuisance {
    /// The nuisance for people in `lang`.
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_scoring::catalog::Nuisance;
    /// assert_eq!(Nuisance::Smell.name(Lang::Fa), "بو");
    /// ```
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Noise, Lang::En) => "noise",
            (Self::Noise, Lang::Fa) => "سروصدا",
            (Self::Smell, Lang::En) => "smell",
            (Self::Smell, Lang::Fa) => "بو",
            (Self::Heat, Lang::En) => "heat",
            (Self::Heat, Lang::Fa) => "گرما",
            (Self::Animals, Lang::En) => "animals",
            (Self::Animals, Lang::Fa) => "نگهداری دام",
        }
    }
}

/// A skill an activity needs, and the training that supplies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillNeed {
    /// The skill's code (`sewing`, `baking`, …), as people's skills name it.
    pub skill: String,
    /// The level needed, 1 (beginner) to 4 (master).
    pub level: u8,
    /// Hours of training that take someone without the skill to `level`.
    pub training_hours: u16,
}

/// A range of amounts in whole rials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RialRange {
    /// The low end.
    pub min: i64,
    /// The high end (at least `min`).
    pub max: i64,
}

impl RialRange {
    /// The low end as money.
    pub fn min_money(&self) -> Money {
        Money::rial(self.min)
    }

    /// The high end as money.
    pub fn max_money(&self) -> Money {
        Money::rial(self.max)
    }
}

/// A range of whole percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PercentRange {
    /// The low end, 0–100.
    pub min: u8,
    /// The high end, `min`–100.
    pub max: u8,
}

/// The space an activity needs at home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceNeed {
    /// Floor area in square metres (0 when the work happens elsewhere, as
    /// with hives in the mountains).
    pub min_m2: u16,
    /// Whether a separate room is needed.
    pub separate_room: bool,
    /// What the activity imposes on the home.
    pub nuisances: Vec<Nuisance>,
}

/// The fields of an [`Activity`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityData {
    /// A unique code (`pickles`, `rug_weaving`, …).
    pub code: String,
    /// The Persian name.
    pub name_fa: String,
    /// The English name.
    pub name_en: String,
    /// The official category.
    pub category: Category,
    /// Skills needed, each at most once.
    pub skills: Vec<SkillNeed>,
    /// Start-up capital.
    pub capital_rial: RialRange,
    /// Space needed.
    pub space: SpaceNeed,
    /// Hours a week the activity takes.
    pub hours_per_week: u8,
    /// Expected monthly revenue once running.
    pub monthly_revenue_rial: RialRange,
    /// Expected margin on revenue.
    pub margin_percent: PercentRange,
    /// Demand index 0–100 for each Jalali month, Farvardin first.
    pub seasonality: [u8; 12],
    /// Whether a licence is needed.
    pub licence: bool,
    /// Whether a health certificate is needed (food).
    pub health_certificate: bool,
    /// Sales channels that suit the activity, best first (empty: sold
    /// locally, from home).
    pub channels: Vec<ChannelKind>,
    /// Risk, 1 (low) to 5 (high).
    pub risk: u8,
    /// Notes on inclusion and practice.
    #[serde(default)]
    pub notes: String,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> ScoringError {
    ScoringError::Activity {
        field,
        reason: reason.into(),
    }
}

impl ActivityData {
    fn validate(&self) -> Result<()> {
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 32
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !code_ok {
            return Err(invalid(
                "code",
                "must be 1 to 32 lower-case letters, digits or '_'",
            ));
        }
        for name in [&self.name_fa, &self.name_en] {
            homebiz_core::validate::plain(name).map_err(|e| invalid("name", e))?;
        }
        homebiz_core::validate::plain(&self.notes).map_err(|e| invalid("notes", e))?;
        for need in &self.skills {
            homebiz_core::validate::plain(&need.skill).map_err(|e| invalid("skills", e))?;
        }
        if self.name_fa.trim().is_empty() || self.name_en.trim().is_empty() {
            return Err(invalid(
                "name",
                "both the Persian and English names are needed",
            ));
        }
        let mut skills: Vec<&str> = Vec::new();
        for need in &self.skills {
            if !(1..=4).contains(&need.level) {
                return Err(invalid("skills", "levels run from 1 to 4"));
            }
            if need.skill.is_empty() || skills.contains(&need.skill.as_str()) {
                return Err(invalid("skills", "each skill is named once"));
            }
            skills.push(&need.skill);
        }
        for (field, range) in [
            ("capital_rial", self.capital_rial),
            ("monthly_revenue_rial", self.monthly_revenue_rial),
        ] {
            if range.min < 0 || range.max < range.min {
                return Err(invalid(field, "needs 0 ≤ min ≤ max"));
            }
        }
        if self.margin_percent.min > self.margin_percent.max || self.margin_percent.max > 100 {
            return Err(invalid("margin_percent", "needs 0 ≤ min ≤ max ≤ 100"));
        }
        if self.seasonality.iter().any(|&d| d > 100) {
            return Err(invalid("seasonality", "each month's index is 0 to 100"));
        }
        if !(1..=5).contains(&self.risk) {
            return Err(invalid("risk", "runs from 1 to 5"));
        }
        if self.hours_per_week > 84 {
            return Err(invalid("hours_per_week", "at most 84"));
        }
        let mut channels = self.channels.clone();
        channels.sort();
        channels.dedup();
        if channels.len() != self.channels.len() {
            return Err(invalid("channels", "each channel is named once"));
        }
        Ok(())
    }
}

/// An activity of the catalog; always valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Activity(ActivityData);

impl Activity {
    /// Validates `data`.
    pub fn new(data: ActivityData) -> Result<Self> {
        data.validate()?;
        Ok(Self(data))
    }

    /// The fields.
    pub fn data(&self) -> &ActivityData {
        &self.0
    }

    /// The code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fa => &self.0.name_fa,
            Lang::En => &self.0.name_en,
        }
    }
}

impl<'de> Deserialize<'de> for Activity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Self::new(ActivityData::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Serialises a borrowed activity as its code (for `serialize_with`).
pub(crate) fn serialize_code<S: serde::Serializer>(
    activity: &&Activity,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(activity.code())
}

/// A set of activities with unique codes, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    activities: Vec<Activity>,
    by_code: HashMap<String, usize>,
}

impl Catalog {
    /// A catalog of `activities`; the error names the position (from 0) and
    /// code of the first bad one.
    pub fn new(activities: Vec<ActivityData>) -> Result<Self> {
        let mut out = Vec::with_capacity(activities.len());
        let mut by_code = HashMap::with_capacity(activities.len());
        for (index, data) in activities.into_iter().enumerate() {
            let code = data.code.clone();
            let activity = Activity::new(data).map_err(|e| ScoringError::CatalogEntry {
                index,
                code: code.clone(),
                reason: e.to_string(),
            })?;
            if by_code.insert(code.clone(), index).is_some() {
                return Err(ScoringError::CatalogEntry {
                    index,
                    code,
                    reason: "the code is used twice".into(),
                });
            }
            out.push(activity);
        }
        Ok(Self {
            activities: out,
            by_code,
        })
    }

    /// The catalog homebiz ships (see the module docs: starting values to
    /// calibrate).
    #[cfg(feature = "default-catalog")]
    pub fn default_catalog() -> Result<Self> {
        #[derive(Deserialize)]
        struct File {
            activities: Vec<ActivityData>,
        }
        let file: File =
            serde_json::from_str(include_str!("../data/catalog.json")).map_err(|e| {
                ScoringError::Activity {
                    field: "catalog.json",
                    reason: e.to_string(),
                }
            })?;
        Self::new(file.activities)
    }

    /// The number of activities.
    pub fn len(&self) -> usize {
        self.activities.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }

    /// The position of the activity with `code`.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The activity with `code`.
    pub fn get(&self, code: &str) -> Option<&Activity> {
        self.by_code.get(code).map(|&i| &self.activities[i])
    }

    /// The activities, in catalog order.
    pub fn iter(&self) -> std::slice::Iter<'_, Activity> {
        self.activities.iter()
    }

    /// The activities as a slice.
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }
}

impl<'a> IntoIterator for &'a Catalog {
    type Item = &'a Activity;
    type IntoIter = std::slice::Iter<'a, Activity>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(all(test, feature = "default-catalog"))]
mod tests {
    use super::*;

    #[test]
    fn default_catalog_is_valid_and_covers_the_categories() {
        let catalog = Catalog::default_catalog().unwrap();
        assert!((40..=60).contains(&catalog.len()), "{}", catalog.len());
        for category in Category::ALL {
            assert!(
                catalog.iter().any(|a| a.data().category == category),
                "{category}"
            );
        }
        for code in [
            "sewing",
            "embroidery",
            "rug_weaving",
            "kilim_weaving",
            "pickles",
            "fruit_leather",
            "grape_molasses",
            "dried_fruit",
            "honey",
            "mushroom",
            "baking",
            "dairy",
            "hairdressing",
        ] {
            assert!(catalog.get(code).is_some(), "{code}");
        }
    }

    #[test]
    fn bad_entries_are_named() {
        let mut data = Catalog::default_catalog().unwrap().activities()[0]
            .data()
            .clone();
        data.risk = 9;
        let second = {
            let mut d = data.clone();
            d.code = "other".into();
            d.risk = 2;
            d
        };
        let err = Catalog::new(vec![second.clone(), data]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "catalog entry 1 (sewing): invalid risk: runs from 1 to 5"
        );
        let err = Catalog::new(vec![second.clone(), second]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "catalog entry 1 (other): the code is used twice"
        );
    }
}
