//! Explained recommendations: which activities fit a household and its
//! market, and where to sell.
//!
//! A [`Recommender`] first applies hard [`Constraint`]s — each failure comes
//! with a reason and, where one exists, a [`Remedy`] (a course of N hours, a
//! loan of X rials) — then scores the activities that pass on soft
//! [`Criterion`]s with a multi-criteria [`Method`]. Every recommended
//! activity carries each criterion's raw value, normalised value, weight
//! and contribution, and the reachable sales channels that suit it, best
//! first: the right activity *and* the right market.
//!
//! ```
//! use homebiz_scoring::catalog::Catalog;
//! use homebiz_scoring::recommend::{HouseholdProfile, MarketContext, Recommender};
//! use homebiz_core::{Money, channel::ChannelKind};
//!
//! let catalog = Catalog::default_catalog()?;
//! let household = HouseholdProfile {
//!     skills: vec![("sewing".into(), 3), ("fruit_processing".into(), 1)],
//!     capital: Money::rial(50_000_000),
//!     loan_limit: Money::rial(300_000_000),
//!     space_m2: 12,
//!     separate_room: true,
//!     refuses: vec![],
//!     hours_per_week: 30,
//!     interests: vec!["fruit_leather".into()],
//! };
//! let market = MarketContext::new(vec![ChannelKind::PermanentExhibition, ChannelKind::OnlineMarketplace], 1);
//! let recommendation = Recommender::standard().recommend(&catalog, &household, &market)?;
//! assert_eq!(recommendation.ranked[0].rank, 1);
//! // "Fruit leather, sold at the exhibition and online":
//! let leather = recommendation.ranked.iter().find(|r| r.activity.code() == "fruit_leather").unwrap();
//! assert_eq!(leather.channels.as_slice(), [ChannelKind::PermanentExhibition, ChannelKind::OnlineMarketplace]);
//! // Activities that need skills the household lacks are rejected with a remedy.
//! assert!(recommendation.rejected.iter().any(|r| r.activity.code() == "rug_weaving"));
//! # Ok::<(), homebiz_scoring::ScoringError>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use homebiz_core::channel::ChannelKind;
use homebiz_core::text::{Lang, to_persian_digits};
use homebiz_core::{Money, MoneyFormat};

use crate::catalog::{Activity, Catalog, Nuisance};
use crate::error::{Result, ScoringError};
use crate::mcdm::{self, Ahp, CriterionType, Matrix, Normalization};

/// What a household brings to a business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdProfile {
    /// Skills and the best level (1–4) anyone in the household has.
    pub skills: Vec<(String, u8)>,
    /// Capital the household can put in itself.
    pub capital: Money,
    /// The largest loan it could get (from the Omid Fund, say).
    pub loan_limit: Money,
    /// Floor area available, in square metres.
    pub space_m2: u16,
    /// Whether a separate room is available.
    pub separate_room: bool,
    /// Nuisances the home cannot take (animals in a flat, say).
    pub refuses: Vec<Nuisance>,
    /// Hours a week the household can give.
    pub hours_per_week: u8,
    /// Activity codes the household is interested in.
    pub interests: Vec<String>,
}

impl HouseholdProfile {
    /// The household's level in `skill`, 0 if nobody has it.
    pub fn level(&self, skill: &str) -> u8 {
        self.skills
            .iter()
            .filter(|(s, _)| s == skill)
            .map(|(_, l)| *l)
            .max()
            .unwrap_or(0)
    }
}

/// The market around a household.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MarketContext {
    /// How many businesses of each activity the area's market can carry.
    /// An activity not listed has unknown demand: it passes the market
    /// constraint and scores 0 headroom.
    pub demand: HashMap<String, u32>,
    /// How many businesses of each activity the area already has.
    pub existing: HashMap<String, u32>,
    /// Sales channels the household can reach.
    pub reachable: Vec<ChannelKind>,
    /// The current Jalali month (1–12), for seasonality.
    pub month: u8,
}

impl MarketContext {
    /// A market with these reachable channels in Jalali `month`, and no
    /// demand data yet.
    pub fn new(reachable: Vec<ChannelKind>, month: u8) -> Self {
        Self {
            reachable,
            month,
            ..Self::default()
        }
    }

    /// Demand minus existing businesses for `activity`, if demand is known.
    pub fn headroom(&self, activity: &str) -> Option<i64> {
        let demand = i64::from(*self.demand.get(activity)?);
        Some(demand - i64::from(self.existing.get(activity).copied().unwrap_or(0)))
    }

    /// The reachable channels that suit `activity`, in the activity's order
    /// of preference.
    pub fn channels_for(&self, activity: &Activity) -> Channels {
        Channels::of(activity, self)
    }
}

/// How a failed constraint could be overcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Remedy {
    /// A course.
    Training {
        /// The skill to learn.
        skill: String,
        /// Hours of training.
        hours: u16,
    },
    /// A loan.
    Loan {
        /// The amount needed.
        amount: Money,
    },
}

impl Remedy {
    /// The remedy for people in `lang`, its amount written with `money`
    /// (the [`Display`](fmt::Display) form is the English one, in rials).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_core::{Money, MoneyFormat};
    /// use homebiz_scoring::recommend::Remedy;
    /// let course = Remedy::Training { skill: "sewing".into(), hours: 40 };
    /// assert_eq!(course.text(Lang::Fa, &MoneyFormat::persian()), "دورهٔ آموزشی ۴۰ ساعته در مهارت خیاطی");
    /// // In English too the skill is named in words, not by its code.
    /// let rugs = Remedy::Training { skill: "rug_weaving".into(), hours: 300 };
    /// assert_eq!(rugs.text(Lang::En, &MoneyFormat::default()), "a 300-hour course in rug weaving");
    /// assert_eq!(rugs.to_string(), "a 300-hour course in rug weaving");
    /// let loan = Remedy::Loan { amount: Money::rial(50_000_000) };
    /// assert_eq!(loan.text(Lang::En, &MoneyFormat::default().toman()), "a loan of 5,000,000 toman");
    /// ```
    pub fn text(&self, lang: Lang, money: &MoneyFormat) -> String {
        match (self, lang) {
            (Self::Training { skill, hours }, Lang::En) => format!(
                "a {hours}-hour course in {}",
                crate::skills::skill_name(skill, Lang::En)
            ),
            (Self::Training { skill, hours }, Lang::Fa) => format!(
                "دورهٔ آموزشی {} ساعته در مهارت {}",
                to_persian_digits(&hours.to_string()),
                crate::skills::skill_name(skill, Lang::Fa)
            ),
            (Self::Loan { amount }, Lang::En) => format!("a loan of {}", amount.format(money)),
            (Self::Loan { amount }, Lang::Fa) => format!("وامی به مبلغ {}", amount.format(money)),
        }
    }
}

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Training { skill, hours } => write!(
                f,
                "a {hours}-hour course in {}",
                crate::skills::skill_name(skill, Lang::En)
            ),
            Self::Loan { amount } => write!(f, "a loan of {amount}"),
        }
    }
}

/// Why a constraint failed, with its numbers: for people in English or
/// Persian ([`describe`](Self::describe)); its [`Display`](fmt::Display)
/// form is the English one.
///
/// Serialised as its English sentence, as the reason was before it had a
/// type (so JSON readers see no change); a sentence read back is
/// [`Other`](Self::Other).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
#[non_exhaustive]
pub enum FailureReason {
    /// Nobody in the household has a skill the activity needs.
    MissingSkill {
        /// The skill's code.
        skill: String,
    },
    /// The start-up capital is more than own capital and the loan limit.
    Capital {
        /// The least capital the activity needs.
        needed: Money,
    },
    /// Not enough floor area.
    Space {
        /// Square metres needed.
        needed_m2: u16,
        /// Square metres the household has.
        has_m2: u16,
    },
    /// The activity needs a separate room the home does not have.
    SeparateRoom,
    /// The activity brings a nuisance the home refuses.
    Nuisance {
        /// Which.
        nuisance: Nuisance,
    },
    /// Not enough hours a week.
    Time {
        /// Hours a week needed.
        needed: u8,
        /// Hours a week the household has.
        has: u8,
    },
    /// The local market is saturated.
    Saturated {
        /// Businesses already doing the activity.
        existing: u32,
        /// The demand, in businesses the market can carry.
        demand: u32,
    },
    /// None of the channels that suit the activity is reachable.
    NoChannel,
    /// A reason given as text (a custom constraint's, or one read back
    /// from JSON).
    Other(String),
}

impl FailureReason {
    /// The reason for people in `lang`, an amount written with `money`.
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_core::MoneyFormat;
    /// use homebiz_scoring::recommend::FailureReason;
    /// let time = FailureReason::Time { needed: 20, has: 12 };
    /// let money = MoneyFormat::persian();
    /// assert_eq!(time.describe(Lang::En, &money), "needs 20 hours a week, the household has 12");
    /// assert_eq!(time.describe(Lang::Fa, &money), "۲۰ ساعت در هفته لازم است، خانوار ۱۲ ساعت دارد");
    /// ```
    pub fn describe(&self, lang: Lang, money: &MoneyFormat) -> String {
        let n = |n: &dyn fmt::Display| to_persian_digits(&n.to_string());
        match (self, lang) {
            (Self::Capital { needed }, Lang::En) => format!(
                "needs {} of capital, more than own capital and the loan limit",
                needed.format(money)
            ),
            (_, Lang::En) => self.to_string(),
            (Self::MissingSkill { skill }, Lang::Fa) => {
                format!(
                    "هیچ‌یک از اعضای خانوار مهارت {} را ندارد",
                    crate::skills::skill_name(skill, Lang::Fa)
                )
            }
            (Self::Capital { needed }, Lang::Fa) => format!(
                "{} سرمایه لازم است، بیش از سرمایهٔ خود خانوار و سقف وام",
                needed.format(money)
            ),
            (Self::Space { needed_m2, has_m2 }, Lang::Fa) => format!(
                "{} متر مربع فضا لازم است، خانوار {} متر مربع دارد",
                n(needed_m2),
                n(has_m2)
            ),
            (Self::SeparateRoom, Lang::Fa) => "اتاق جداگانه لازم است".to_owned(),
            (Self::Nuisance { nuisance }, Lang::Fa) => {
                format!("{} دارد که خانه نمی‌پذیرد", nuisance.name(Lang::Fa))
            }
            (Self::Time { needed, has }, Lang::Fa) => format!(
                "{} ساعت در هفته لازم است، خانوار {} ساعت دارد",
                n(needed),
                n(has)
            ),
            (Self::Saturated { existing, demand }, Lang::Fa) => format!(
                "بازار محلی اشباع است: {} کسب‌وکار برای تقاضای {}",
                n(existing),
                n(demand)
            ),
            (Self::NoChannel, Lang::Fa) => {
                "هیچ‌یک از کانال‌های فروش مناسب آن در دسترس نیست".to_owned()
            }
            (Self::Other(text), Lang::Fa) => text.clone(),
        }
    }
}

impl FailureReason {
    /// The kind of reason for people in `lang`, without the activity's
    /// numbers: what groups the reasons of many ruled-out activities
    /// (a reason given as text is its own kind).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_core::Money;
    /// use homebiz_scoring::recommend::FailureReason;
    /// let a = FailureReason::Capital { needed: Money::rial(50_000_000) };
    /// let b = FailureReason::Capital { needed: Money::rial(90_000_000) };
    /// assert_eq!(a.kind(Lang::En), b.kind(Lang::En));
    /// assert_eq!(a.kind(Lang::En), "needs more capital than own capital and the loan limit");
    /// ```
    pub fn kind(&self, lang: Lang) -> String {
        let (en, fa) = match self {
            Self::MissingSkill { .. } => (
                "nobody in the household has a skill it needs",
                "هیچ‌یک از اعضای خانوار مهارت لازم آن را ندارد",
            ),
            Self::Capital { .. } => (
                "needs more capital than own capital and the loan limit",
                "سرمایهٔ لازم بیش از سرمایهٔ خود خانوار و سقف وام است",
            ),
            Self::Space { .. } => (
                "needs more floor space than the household has",
                "فضای لازم بیش از فضای خانوار است",
            ),
            Self::SeparateRoom => ("needs a separate room", "اتاق جداگانه لازم است"),
            Self::Nuisance { .. } => (
                "brings a nuisance the home cannot take",
                "مزاحمتی دارد که خانه نمی‌پذیرد",
            ),
            Self::Time { .. } => (
                "needs more hours a week than the household has",
                "ساعت لازم در هفته بیش از ساعت خانوار است",
            ),
            Self::Saturated { .. } => ("the local market is saturated", "بازار محلی اشباع است"),
            Self::NoChannel => (
                "none of the channels that suit it is reachable",
                "هیچ‌یک از کانال‌های فروش مناسب آن در دسترس نیست",
            ),
            Self::Other(text) => return text.clone(),
        };
        match lang {
            Lang::Fa => fa,
            Lang::En => en,
        }
        .to_owned()
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingSkill { skill } => {
                write!(f, "nobody in the household has the skill {skill}")
            }
            Self::Capital { needed } => write!(
                f,
                "needs {needed} of capital, more than own capital and the loan limit"
            ),
            Self::Space { needed_m2, has_m2 } => {
                write!(f, "needs {needed_m2} m², the household has {has_m2}")
            }
            Self::SeparateRoom => f.write_str("needs a separate room"),
            Self::Nuisance { nuisance } => write!(
                f,
                "{}",
                format!("brings {nuisance:?} the home cannot take").to_lowercase()
            ),
            Self::Time { needed, has } => {
                write!(f, "needs {needed} hours a week, the household has {has}")
            }
            Self::Saturated { existing, demand } => write!(
                f,
                "the local market is saturated: {existing} businesses for demand of {demand}"
            ),
            Self::NoChannel => f.write_str("none of the channels that suit it is reachable"),
            Self::Other(text) => f.write_str(text),
        }
    }
}

impl From<FailureReason> for String {
    fn from(reason: FailureReason) -> Self {
        reason.to_string()
    }
}

impl From<String> for FailureReason {
    fn from(text: String) -> Self {
        Self::Other(text)
    }
}

/// Why an activity is out of reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The constraint that failed.
    pub constraint: Cow<'static, str>,
    /// Why.
    pub reason: FailureReason,
    /// How it could be overcome, where it can.
    pub remedy: Option<Remedy>,
}

/// A hard rule an activity must pass to be recommended.
pub trait Constraint: Send + Sync {
    /// A short name, such as `"space"`.
    fn name(&self) -> &str;
    /// `None` if `activity` passes for this household and market, else why not.
    fn check(
        &self,
        activity: &Activity,
        household: &HouseholdProfile,
        market: &MarketContext,
    ) -> Option<Failure>;
}

/// A soft criterion that scores the activities that pass.
pub trait Criterion: Send + Sync {
    /// A short name, such as `"margin"`.
    fn name(&self) -> &str;
    /// Whether more is better.
    fn kind(&self) -> CriterionType;
    /// The raw value for `activity`, this household and market (finite).
    fn value(
        &self,
        activity: &Activity,
        household: &HouseholdProfile,
        market: &MarketContext,
    ) -> f64;
}

/// A [`Constraint`] from a closure: see [`constraint`].
pub struct FnConstraint<F> {
    name: String,
    f: F,
}

/// A constraint from a name and a closure returning `Some(reason)` when
/// the activity fails.
///
/// ```
/// use homebiz_scoring::recommend::{Constraint, constraint};
/// let no_food = constraint("no food", |a, _, _| {
///     a.data().health_certificate.then(|| "the household does not want to sell food".to_owned())
/// });
/// assert_eq!(no_food.name(), "no food");
/// ```
pub fn constraint<F>(name: impl Into<String>, f: F) -> FnConstraint<F>
where
    F: Fn(&Activity, &HouseholdProfile, &MarketContext) -> Option<String> + Send + Sync,
{
    FnConstraint {
        name: name.into(),
        f,
    }
}

impl<F> Constraint for FnConstraint<F>
where
    F: Fn(&Activity, &HouseholdProfile, &MarketContext) -> Option<String> + Send + Sync,
{
    fn name(&self) -> &str {
        &self.name
    }

    fn check(
        &self,
        activity: &Activity,
        household: &HouseholdProfile,
        market: &MarketContext,
    ) -> Option<Failure> {
        (self.f)(activity, household, market).map(|reason| Failure {
            constraint: Cow::Owned(self.name.clone()),
            reason: FailureReason::Other(reason),
            remedy: None,
        })
    }
}

/// A [`Criterion`] from a closure: see [`criterion`].
pub struct FnCriterion<F> {
    name: String,
    kind: CriterionType,
    f: F,
}

/// A criterion from a name, a type and a closure giving the raw value.
///
/// ```
/// use homebiz_scoring::mcdm::CriterionType;
/// use homebiz_scoring::recommend::{Criterion, criterion};
/// let revenue = criterion("revenue", CriterionType::Benefit, |a, _, _| a.data().monthly_revenue_rial.max as f64);
/// assert_eq!(revenue.name(), "revenue");
/// ```
pub fn criterion<F>(name: impl Into<String>, kind: CriterionType, f: F) -> FnCriterion<F>
where
    F: Fn(&Activity, &HouseholdProfile, &MarketContext) -> f64 + Send + Sync,
{
    FnCriterion {
        name: name.into(),
        kind,
        f,
    }
}

impl<F> Criterion for FnCriterion<F>
where
    F: Fn(&Activity, &HouseholdProfile, &MarketContext) -> f64 + Send + Sync,
{
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> CriterionType {
        self.kind
    }

    fn value(
        &self,
        activity: &Activity,
        household: &HouseholdProfile,
        market: &MarketContext,
    ) -> f64 {
        (self.f)(activity, household, market)
    }
}

/// The built-in constraints and criteria.
/// The reachable channels that suit an activity, in its order of
/// preference. Small and `Copy`; serialised as a list.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Channels {
    kinds: [ChannelKind; 6],
    len: u8,
}

impl Channels {
    /// No channel.
    pub const fn none() -> Self {
        Self {
            kinds: [ChannelKind::PermanentExhibition; 6],
            len: 0,
        }
    }

    /// The channels of `activity` that `market` reaches, best first.
    pub fn of(activity: &Activity, market: &MarketContext) -> Self {
        let mut out = Self::none();
        for &kind in &activity.data().channels {
            if market.reachable.contains(&kind) && usize::from(out.len) < out.kinds.len() {
                out.kinds[usize::from(out.len)] = kind;
                out.len += 1;
            }
        }
        out
    }

    /// The channels, best first.
    pub fn as_slice(&self) -> &[ChannelKind] {
        &self.kinds[..usize::from(self.len)]
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Debug for Channels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Serialize for Channels {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}

/// What the built-ins know about one activity for one household and
/// market, computed once.
pub struct Facts<'x> {
    /// The household's level in each skill the activity needs, in the
    /// activity's order.
    pub levels: &'x [u8],
    /// Demand minus existing businesses, if demand is known.
    pub headroom: Option<i64>,
    /// Whether the household named the activity as an interest.
    pub interested: bool,
    /// The reachable channels that suit it.
    pub channels: Channels,
    /// Mean demand index over the six months from the current one.
    pub season: f64,
}

/// Min-max normalisation written as `scale · x + offset`, clamped: it can
/// stray past 0 or 1 by a rounding error.
fn normalize(x: f64, scale: f64, offset: f64) -> f64 {
    (scale * x + offset).clamp(0.0, 1.0)
}

/// Mean demand index over six months from `month` (1–12).
fn season(activity: &Activity, month: u8) -> f64 {
    let start = usize::from(month.clamp(1, 12) - 1);
    (0..6)
        .map(|k| f64::from(activity.data().seasonality[(start + k) % 12]))
        .sum::<f64>()
        / 6.0
}

impl<'x> Facts<'x> {
    /// Works the facts out directly, with `buffer` to hold the levels.
    pub fn compute(
        activity: &Activity,
        household: &HouseholdProfile,
        market: &MarketContext,
        buffer: &'x mut Vec<u8>,
    ) -> Self {
        buffer.clear();
        buffer.extend(
            activity
                .data()
                .skills
                .iter()
                .map(|n| household.level(&n.skill)),
        );
        Facts {
            levels: buffer,
            headroom: market.headroom(activity.code()),
            interested: household.interests.iter().any(|i| i == activity.code()),
            channels: Channels::of(activity, market),
            season: season(activity, market.month),
        }
    }
}

/// The built-in constraints and criteria. Each is also a public type that
/// implements [`Constraint`] or [`Criterion`], to compose your own
/// [`Recommender`].
pub mod builtin {
    use super::*;

    /// The built-in constraints.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum BuiltinConstraint {
        /// Every needed skill is present at some level; remedy: the course.
        Skills,
        /// Own capital plus the loan limit covers the minimum capital;
        /// remedy: a loan of the shortfall.
        Capital,
        /// Enough floor area, and a separate room where needed.
        Space,
        /// No nuisance the home refuses.
        Nuisances,
        /// Enough hours a week.
        Time,
        /// The local market is not saturated (where demand is known).
        Market,
        /// A suitable channel is reachable (activities sold from home need
        /// none).
        Channels,
    }

    impl BuiltinConstraint {
        /// All of them, in the order [`Recommender::standard`] checks them.
        pub const ALL: [Self; 7] = [
            Self::Skills,
            Self::Capital,
            Self::Space,
            Self::Nuisances,
            Self::Time,
            Self::Market,
            Self::Channels,
        ];

        /// The name used in failures.
        pub const fn name(self) -> &'static str {
            match self {
                Self::Skills => "skills",
                Self::Capital => "capital",
                Self::Space => "space",
                Self::Nuisances => "nuisance",
                Self::Time => "time",
                Self::Market => "market",
                Self::Channels => "channels",
            }
        }

        /// The name for people in `lang` (the code is [`name`](Self::name)).
        pub const fn label(self, lang: Lang) -> &'static str {
            match (self, lang) {
                (Self::Skills, Lang::En) => "skills",
                (Self::Skills, Lang::Fa) => "مهارت",
                (Self::Capital, Lang::En) => "capital",
                (Self::Capital, Lang::Fa) => "سرمایه",
                (Self::Space, Lang::En) => "space",
                (Self::Space, Lang::Fa) => "فضا",
                (Self::Nuisances, Lang::En) => "nuisance",
                (Self::Nuisances, Lang::Fa) => "مزاحمت",
                (Self::Time, Lang::En) => "time",
                (Self::Time, Lang::Fa) => "زمان",
                (Self::Market, Lang::En) => "market",
                (Self::Market, Lang::Fa) => "بازار",
                (Self::Channels, Lang::En) => "channels",
                (Self::Channels, Lang::Fa) => "کانال فروش",
            }
        }

        /// Whether the outcome depends on the activity and market only, so
        /// that [`Prepared`] works it out once for every household.
        pub(crate) const fn household_independent(self) -> bool {
            matches!(self, Self::Market | Self::Channels)
        }

        /// `None` if `a` passes, else why not.
        pub fn check(
            self,
            a: &Activity,
            h: &HouseholdProfile,
            m: &MarketContext,
            facts: &Facts<'_>,
        ) -> Option<Failure> {
            let d = a.data();
            let failure = |reason: FailureReason, remedy: Option<Remedy>| {
                Some(Failure {
                    constraint: Cow::Borrowed(self.name()),
                    reason,
                    remedy,
                })
            };
            match self {
                Self::Skills => {
                    let missing = d
                        .skills
                        .iter()
                        .zip(facts.levels)
                        .find(|(_, level)| **level == 0)?
                        .0;
                    failure(
                        FailureReason::MissingSkill {
                            skill: missing.skill.clone(),
                        },
                        Some(Remedy::Training {
                            skill: missing.skill.clone(),
                            hours: missing.training_hours,
                        }),
                    )
                }
                Self::Capital => {
                    let own = h.capital.minor_units();
                    if own.saturating_add(h.loan_limit.minor_units()) >= d.capital_rial.min {
                        return None;
                    }
                    failure(
                        FailureReason::Capital {
                            needed: d.capital_rial.min_money(),
                        },
                        Some(Remedy::Loan {
                            amount: Money::rial(d.capital_rial.min.saturating_sub(own)),
                        }),
                    )
                }
                Self::Space if h.space_m2 < d.space.min_m2 => failure(
                    FailureReason::Space {
                        needed_m2: d.space.min_m2,
                        has_m2: h.space_m2,
                    },
                    None,
                ),
                Self::Space if d.space.separate_room && !h.separate_room => {
                    failure(FailureReason::SeparateRoom, None)
                }
                Self::Nuisances => {
                    let bad = d.space.nuisances.iter().find(|n| h.refuses.contains(n))?;
                    failure(FailureReason::Nuisance { nuisance: *bad }, None)
                }
                Self::Time if h.hours_per_week < d.hours_per_week => failure(
                    FailureReason::Time {
                        needed: d.hours_per_week,
                        has: h.hours_per_week,
                    },
                    None,
                ),
                Self::Market if facts.headroom.is_some_and(|r| r <= 0) => failure(
                    FailureReason::Saturated {
                        existing: m.existing.get(a.code()).copied().unwrap_or(0),
                        demand: m.demand.get(a.code()).copied().unwrap_or(0),
                    },
                    None,
                ),
                Self::Channels if !d.channels.is_empty() && facts.channels.is_empty() => {
                    failure(FailureReason::NoChannel, None)
                }
                _ => None,
            }
        }
    }

    /// The built-in criteria.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum BuiltinCriterion {
        /// How well the household's levels meet the needed levels (0–1).
        SkillFit,
        /// Capital still to find beyond own capital, in million rials (cost).
        CapitalGap,
        /// Floor area to spare, in square metres.
        Space,
        /// Hours a week to spare.
        Time,
        /// Demand minus existing businesses (0 when demand is unknown).
        Headroom,
        /// The middle of the expected margin, in percent.
        Margin,
        /// Mean demand index over the six months from the current one.
        Seasonality,
        /// Training hours to reach the needed levels (cost).
        TrainingEffort,
        /// The activity's risk, 1–5 (cost).
        Risk,
        /// 1 if the household is interested, else 0.
        Interest,
    }

    impl BuiltinCriterion {
        /// All of them, in the order of [`DEFAULT_WEIGHTS`].
        pub const ALL: [Self; 10] = [
            Self::SkillFit,
            Self::CapitalGap,
            Self::Space,
            Self::Time,
            Self::Headroom,
            Self::Margin,
            Self::Seasonality,
            Self::TrainingEffort,
            Self::Risk,
            Self::Interest,
        ];

        /// The name used in explanations.
        pub const fn name(self) -> &'static str {
            match self {
                Self::SkillFit => "skill_fit",
                Self::CapitalGap => "capital_gap",
                Self::Space => "space",
                Self::Time => "time",
                Self::Headroom => "market_headroom",
                Self::Margin => "margin",
                Self::Seasonality => "seasonality",
                Self::TrainingEffort => "training_effort",
                Self::Risk => "risk",
                Self::Interest => "interest",
            }
        }

        /// The name for people in `lang` (the code is [`name`](Self::name)).
        ///
        /// ```
        /// use homebiz_core::text::Lang;
        /// use homebiz_scoring::recommend::builtin::BuiltinCriterion;
        /// assert_eq!(BuiltinCriterion::Headroom.label(Lang::Fa), "ظرفیت بازار");
        /// ```
        pub const fn label(self, lang: Lang) -> &'static str {
            match (self, lang) {
                (Self::SkillFit, Lang::En) => "skill fit",
                (Self::SkillFit, Lang::Fa) => "تناسب مهارت",
                (Self::CapitalGap, Lang::En) => "capital gap",
                (Self::CapitalGap, Lang::Fa) => "کمبود سرمایه",
                (Self::Space, Lang::En) => "space",
                (Self::Space, Lang::Fa) => "فضا",
                (Self::Time, Lang::En) => "time",
                (Self::Time, Lang::Fa) => "زمان",
                (Self::Headroom, Lang::En) => "market headroom",
                (Self::Headroom, Lang::Fa) => "ظرفیت بازار",
                (Self::Margin, Lang::En) => "margin",
                (Self::Margin, Lang::Fa) => "حاشیهٔ سود",
                (Self::Seasonality, Lang::En) => "seasonality",
                (Self::Seasonality, Lang::Fa) => "فصلی بودن",
                (Self::TrainingEffort, Lang::En) => "training effort",
                (Self::TrainingEffort, Lang::Fa) => "مدت آموزش",
                (Self::Risk, Lang::En) => "risk",
                (Self::Risk, Lang::Fa) => "ریسک",
                (Self::Interest, Lang::En) => "interest",
                (Self::Interest, Lang::Fa) => "علاقه",
            }
        }

        /// The built-in criterion named `name` ([`name`](Self::name)), if
        /// any.
        pub fn from_name(name: &str) -> Option<Self> {
            Self::ALL.into_iter().find(|c| c.name() == name)
        }

        /// Benefit or cost.
        pub const fn kind(self) -> CriterionType {
            match self {
                Self::CapitalGap | Self::TrainingEffort | Self::Risk => CriterionType::Cost,
                _ => CriterionType::Benefit,
            }
        }

        /// Whether the value depends on the activity and market only, so
        /// that [`Prepared`] works it out once for every household.
        pub(crate) const fn household_independent(self) -> bool {
            matches!(
                self,
                Self::Headroom | Self::Margin | Self::Seasonality | Self::Risk
            )
        }

        /// The raw value.
        pub fn value(self, a: &Activity, h: &HouseholdProfile, facts: &Facts<'_>) -> f64 {
            let d = a.data();
            match self {
                Self::SkillFit if d.skills.is_empty() => 1.0,
                Self::SkillFit => {
                    d.skills
                        .iter()
                        .zip(facts.levels)
                        .map(|(n, &have)| (f64::from(have) / f64::from(n.level)).min(1.0))
                        .sum::<f64>()
                        / d.skills.len() as f64
                }
                Self::CapitalGap => {
                    d.capital_rial
                        .min
                        .saturating_sub(h.capital.minor_units())
                        .max(0) as f64
                        / 1e6
                }
                Self::Space => f64::from(h.space_m2) - f64::from(d.space.min_m2),
                Self::Time => f64::from(h.hours_per_week) - f64::from(d.hours_per_week),
                Self::Headroom => facts.headroom.unwrap_or(0) as f64,
                Self::Margin => {
                    (f64::from(d.margin_percent.min) + f64::from(d.margin_percent.max)) / 2.0
                }
                Self::Seasonality => facts.season,
                Self::TrainingEffort => d
                    .skills
                    .iter()
                    .zip(facts.levels)
                    .map(|(n, &have)| {
                        f64::from(n.training_hours) * f64::from(n.level.saturating_sub(have))
                            / f64::from(n.level)
                    })
                    .sum(),
                Self::Risk => f64::from(d.risk),
                Self::Interest => f64::from(u8::from(facts.interested)),
            }
        }
    }

    impl Constraint for BuiltinConstraint {
        fn name(&self) -> &str {
            BuiltinConstraint::name(*self)
        }
        fn check(&self, a: &Activity, h: &HouseholdProfile, m: &MarketContext) -> Option<Failure> {
            let mut buffer = Vec::new();
            BuiltinConstraint::check(*self, a, h, m, &Facts::compute(a, h, m, &mut buffer))
        }
    }

    impl Criterion for BuiltinCriterion {
        fn name(&self) -> &str {
            BuiltinCriterion::name(*self)
        }
        fn kind(&self) -> CriterionType {
            BuiltinCriterion::kind(*self)
        }
        fn value(&self, a: &Activity, h: &HouseholdProfile, m: &MarketContext) -> f64 {
            let mut buffer = Vec::new();
            BuiltinCriterion::value(*self, a, h, &Facts::compute(a, h, m, &mut buffer))
        }
    }
}

use builtin::{BuiltinConstraint, BuiltinCriterion};

/// The multi-criteria method that combines the criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// Weighted sum of min-max normalised values (the default).
    #[default]
    WeightedSum,
    /// TOPSIS with vector normalisation.
    Topsis,
}

/// One criterion as used in a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionUse {
    /// Its name.
    pub name: Cow<'static, str>,
    /// Benefit or cost.
    pub kind: CriterionType,
    /// The weight in effect: the weight given, rescaled to sum to 1 over the
    /// criteria that are not constant (0 for a constant one).
    pub weight: f64,
    /// Whether it had the same value for every activity that passed, and so
    /// could not rank them (it then contributes nothing).
    pub constant: bool,
}

/// One criterion's part in an activity's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Part {
    /// The raw value.
    pub raw: f64,
    /// Min-max normalised and oriented so that 1 is best (0 for a constant
    /// criterion).
    pub normalized: f64,
    /// `weight × normalized`: with the weighted sum, the parts add up to the
    /// score.
    pub contribution: f64,
}

/// A recommended activity. Its explanation is
/// [`Recommendation::parts`]`(&recommended)`.
#[derive(Debug, Clone)]
pub struct Recommended<'c> {
    /// The activity.
    pub activity: &'c Activity,
    /// 1 is best.
    pub rank: usize,
    /// The method's score (higher is better).
    pub score: f64,
    /// Reachable channels that suit it, best first (empty: sold from home).
    pub channels: Channels,
    // Where its parts start in `Recommendation::parts`.
    first_part: usize,
    // Its position in the catalog.
    catalog_index: usize,
}

impl Recommended<'_> {
    /// The activity's position in the catalog it came from.
    pub fn catalog_index(&self) -> usize {
        self.catalog_index
    }
}

/// An activity that failed a constraint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejected<'c> {
    /// The activity (serialised as its code).
    #[serde(serialize_with = "crate::catalog::serialize_code")]
    pub activity: &'c Activity,
    /// Every constraint it failed.
    pub failures: Vec<Failure>,
}

/// The answer for one household.
///
/// Serialised as `{"method", "criteria", "ranked": [{"activity", "rank",
/// "score", "parts", "channels", "reasons"}], "rejected": [{"activity",
/// "failures"}]}`, activities by code, with up to three
/// [`reasons`](Self::reasons) each.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation<'c> {
    /// The method used.
    pub method: Method,
    /// The criteria, in the order of each activity's [`parts`](Self::parts).
    pub criteria: Vec<CriterionUse>,
    /// The activities that passed, best first; ties go to the lower code.
    pub ranked: Vec<Recommended<'c>>,
    /// The activities that failed, in catalog order.
    pub rejected: Vec<Rejected<'c>>,
    // The parts of every ranked activity, one run of `criteria.len()` each.
    parts: Vec<Part>,
    // How many activities passed (before any truncation).
    passed: usize,
}

/// Why an activity is recommended, for people: what
/// [`Recommendation::reasons`] gives, each written by
/// [`describe`](Reason::describe) in either language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Reason {
    /// A criterion on which it stands above other activities that passed
    /// (its contribution to the score is positive).
    Criterion {
        /// The criterion's name (a built-in's is written by its label).
        name: Cow<'static, str>,
        /// Its contribution to the score.
        contribution: f64,
    },
    /// It is the only activity that met every requirement: there is
    /// nothing to compare it with.
    OnlyCandidate,
    /// The activities that met every requirement are alike on every
    /// criterion: it met every requirement, as they did.
    NothingVaries,
    /// It met every requirement, but stands above the others on no
    /// criterion that counts (it ranks last on each weighted one that
    /// varies).
    MeetsRequirements,
}

impl Reason {
    /// The reason for people, in `lang`: a criterion's label, or a short
    /// sentence.
    ///
    /// ```
    /// use homebiz_core::Lang;
    /// use homebiz_scoring::recommend::Reason;
    /// let skill = Reason::Criterion { name: "skill_fit".into(), contribution: 0.3 };
    /// assert_eq!(skill.describe(Lang::En), "skill fit");
    /// assert_eq!(skill.describe(Lang::Fa), "تناسب مهارت");
    /// assert_eq!(Reason::OnlyCandidate.describe(Lang::En),
    ///            "the only activity that meets every requirement");
    /// ```
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Criterion { name, .. }, _) => BuiltinCriterion::from_name(name)
                .map_or_else(|| name.to_string(), |b| b.label(lang).to_owned()),
            (Self::OnlyCandidate, Lang::En) => {
                "the only activity that meets every requirement".to_owned()
            }
            (Self::OnlyCandidate, Lang::Fa) => "تنها فعالیتی که همهٔ شرایط را دارد".to_owned(),
            (Self::NothingVaries, Lang::En) => {
                "meets every requirement; the eligible activities are alike on every criterion"
                    .to_owned()
            }
            (Self::NothingVaries, Lang::Fa) => {
                "همهٔ شرایط را دارد؛ فعالیت‌های واجد شرایط در همهٔ معیارها یکسان‌اند".to_owned()
            }
            (Self::MeetsRequirements, Lang::En) => "meets every requirement".to_owned(),
            (Self::MeetsRequirements, Lang::Fa) => "همهٔ شرایط را دارد".to_owned(),
        }
    }
}

impl PartialEq for Recommended<'_> {
    /// Equal activity, rank, score and channels (where the parts are stored
    /// does not count).
    fn eq(&self, other: &Self) -> bool {
        self.activity == other.activity
            && self.rank == other.rank
            && self.score == other.score
            && self.channels == other.channels
    }
}

impl Recommendation<'_> {
    /// Keeps the `n` best activities (and their parts); the rejected ones
    /// stay.
    pub fn truncate(&mut self, n: usize) {
        self.ranked.truncate(n);
        let cols = self.criteria.len();
        let mut parts = Vec::with_capacity(self.ranked.len() * cols);
        for r in &mut self.ranked {
            let start = r.first_part.min(self.parts.len());
            let end = (start + cols).min(self.parts.len());
            r.first_part = parts.len();
            parts.extend_from_slice(&self.parts[start..end]);
        }
        self.parts = parts;
    }

    /// How `recommended`'s score is made: one part per criterion, in the
    /// order of [`criteria`](Self::criteria).
    pub fn parts(&self, recommended: &Recommended<'_>) -> &[Part] {
        let start = recommended.first_part.min(self.parts.len());
        let end = (start + self.criteria.len()).min(self.parts.len());
        &self.parts[start..end]
    }

    /// How many activities passed every constraint (ranked, before any
    /// [`truncate`](Self::truncate)).
    pub fn passed(&self) -> usize {
        self.passed
    }

    /// Why `recommended` is recommended, strongest first, at least one and
    /// at most `max.max(1)`: the criteria on which it stands above other
    /// activities that passed (positive contribution; ties in the order of
    /// [`criteria`](Self::criteria)); when there is none, why not — it is
    /// the only activity that passed ([`Reason::OnlyCandidate`]), the
    /// activities that passed are alike on every criterion
    /// ([`Reason::NothingVaries`]), or it ranks last on each criterion that
    /// varies ([`Reason::MeetsRequirements`]).
    pub fn reasons(&self, recommended: &Recommended<'_>, max: usize) -> Vec<Reason> {
        let mut strong: Vec<(f64, &CriterionUse)> = self
            .parts(recommended)
            .iter()
            .zip(&self.criteria)
            .filter(|(p, _)| p.contribution > 0.0)
            .map(|(p, c)| (p.contribution, c))
            .collect();
        // Stable: equal contributions keep the criteria's order.
        strong.sort_by(|a, b| b.0.total_cmp(&a.0));
        let reasons: Vec<Reason> = strong
            .into_iter()
            .take(max.max(1))
            .map(|(contribution, c)| Reason::Criterion {
                name: c.name.clone(),
                contribution,
            })
            .collect();
        if !reasons.is_empty() {
            reasons
        } else if self.passed <= 1 {
            vec![Reason::OnlyCandidate]
        } else if self.criteria.iter().all(|c| c.constant) {
            vec![Reason::NothingVaries]
        } else {
            vec![Reason::MeetsRequirements]
        }
    }
}

impl Serialize for Recommendation<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        #[derive(Serialize)]
        struct Entry<'a> {
            activity: &'a str,
            rank: usize,
            score: f64,
            parts: &'a [Part],
            channels: Channels,
            reasons: Vec<Reason>,
        }

        let ranked: Vec<Entry<'_>> = self
            .ranked
            .iter()
            .map(|r| Entry {
                activity: r.activity.code(),
                rank: r.rank,
                score: r.score,
                parts: self.parts(r),
                channels: r.channels,
                reasons: self.reasons(r, 3),
            })
            .collect();
        let mut out = s.serialize_struct("Recommendation", 4)?;
        out.serialize_field("method", &self.method)?;
        out.serialize_field("criteria", &self.criteria)?;
        out.serialize_field("ranked", &ranked)?;
        out.serialize_field("rejected", &self.rejected)?;
        out.end()
    }
}

enum Check {
    Builtin(BuiltinConstraint),
    Custom(Box<dyn Constraint>),
}

enum Score {
    Builtin(BuiltinCriterion),
    Custom(Box<dyn Criterion>),
}

impl Check {
    fn name(&self) -> &str {
        match self {
            Self::Builtin(b) => b.name(),
            Self::Custom(c) => c.name(),
        }
    }
}

impl Score {
    fn name(&self) -> &str {
        match self {
            Self::Builtin(b) => b.name(),
            Self::Custom(c) => c.name(),
        }
    }

    fn kind(&self) -> CriterionType {
        match self {
            Self::Builtin(b) => b.kind(),
            Self::Custom(c) => c.kind(),
        }
    }

    /// The name, without allocating for a built-in.
    fn static_name(&self) -> Cow<'static, str> {
        match self {
            Self::Builtin(b) => Cow::Borrowed(BuiltinCriterion::name(*b)),
            Self::Custom(c) => Cow::Owned(c.name().to_owned()),
        }
    }
}

/// Scores and explains activities for households.
///
/// [`standard`](Self::standard) has the built-in constraints and criteria;
/// add your own with [`with_constraint`](Self::with_constraint) and
/// [`with_criterion`](Self::with_criterion) (closures via [`constraint`]
/// and [`criterion`]). For many households in one market,
/// [`prepare`](Self::prepare) once and recommend from the [`Prepared`].
pub struct Recommender {
    constraints: Vec<Check>,
    criteria: Vec<Score>,
    weights: Vec<f64>,
    method: Method,
}

impl fmt::Debug for Recommender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recommender")
            .field(
                "constraints",
                &self.constraints.iter().map(Check::name).collect::<Vec<_>>(),
            )
            .field(
                "criteria",
                &self.criteria.iter().map(Score::name).collect::<Vec<_>>(),
            )
            .field("weights", &self.weights)
            .field("method", &self.method)
            .finish()
    }
}

/// The default weights of the built-in criteria, in order.
pub const DEFAULT_WEIGHTS: [(&str, f64); 10] = [
    ("skill_fit", 0.15),
    ("capital_gap", 0.10),
    ("space", 0.05),
    ("time", 0.05),
    ("market_headroom", 0.15),
    ("margin", 0.15),
    ("seasonality", 0.05),
    ("training_effort", 0.10),
    ("risk", 0.10),
    ("interest", 0.10),
];

impl Default for Recommender {
    fn default() -> Self {
        Self::standard()
    }
}

impl Recommender {
    /// A recommender with no constraints and no criteria.
    pub fn empty() -> Self {
        Self {
            constraints: Vec::new(),
            criteria: Vec::new(),
            weights: Vec::new(),
            method: Method::default(),
        }
    }

    /// The built-in constraints (skills, capital, space, nuisance, time,
    /// market, channels) and criteria with [`DEFAULT_WEIGHTS`], combined by
    /// the weighted sum.
    pub fn standard() -> Self {
        Self {
            constraints: BuiltinConstraint::ALL
                .into_iter()
                .map(Check::Builtin)
                .collect(),
            criteria: BuiltinCriterion::ALL
                .into_iter()
                .map(Score::Builtin)
                .collect(),
            weights: DEFAULT_WEIGHTS.iter().map(|(_, w)| *w).collect(),
            method: Method::WeightedSum,
        }
    }

    /// Adds a constraint.
    pub fn with_constraint(mut self, constraint: impl Constraint + 'static) -> Self {
        self.constraints.push(Check::Custom(Box::new(constraint)));
        self
    }

    /// Adds a criterion with its weight.
    pub fn with_criterion(mut self, criterion: impl Criterion + 'static, weight: f64) -> Self {
        self.criteria.push(Score::Custom(Box::new(criterion)));
        self.weights.push(weight);
        self
    }

    /// Uses `method`.
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// The criteria's names, in order.
    pub fn criterion_names(&self) -> Vec<&str> {
        self.criteria.iter().map(Score::name).collect()
    }

    /// Sets weights by criterion name; criteria not named keep theirs.
    ///
    /// Returns the names of the criteria that kept their weight, in order,
    /// so a caller can say which defaults still apply. A name that is not
    /// one of [`Recommender::criterion_names`] is refused with
    /// [`ScoringError::UnknownCriterion`], which lists them, and nothing is
    /// changed.
    ///
    /// ```
    /// use homebiz_scoring::recommend::Recommender;
    ///
    /// let mut recommender = Recommender::standard();
    /// let kept = recommender.set_weights(&[("skill_fit".to_owned(), 0.4)])?;
    /// assert_eq!(kept.len(), 9);
    /// assert!(!kept.contains(&"skill_fit".to_owned()));
    /// let err = recommender.set_weights(&[("skil_fit".to_owned(), 0.4)]).unwrap_err();
    /// assert!(err.to_string().contains("market_headroom"));
    /// # Ok::<(), homebiz_scoring::ScoringError>(())
    /// ```
    pub fn set_weights(&mut self, weights: &[(String, f64)]) -> Result<Vec<String>> {
        let mut indices = Vec::with_capacity(weights.len());
        for (name, weight) in weights {
            let index = self
                .criteria
                .iter()
                .position(|c| c.name() == name.trim())
                .ok_or_else(|| ScoringError::UnknownCriterion {
                    name: name.clone(),
                    known: self
                        .criterion_names()
                        .iter()
                        .map(|n| (*n).to_owned())
                        .collect(),
                })?;
            if !weight.is_finite() || *weight < 0.0 {
                return Err(ScoringError::BadWeight { index });
            }
            indices.push((index, *weight));
        }
        for &(index, weight) in &indices {
            self.weights[index] = weight;
        }
        Ok(self
            .criteria
            .iter()
            .enumerate()
            .filter(|(i, _)| !indices.iter().any(|(set, _)| set == i))
            .map(|(_, c)| c.name().to_owned())
            .collect())
    }

    /// Sets the weights from AHP judgements over all the criteria, in
    /// order; inconsistent judgements (CR > 0.1) are refused.
    pub fn set_weights_from_ahp(&mut self, ahp: &Ahp) -> Result<()> {
        let weights = ahp.consistent_weights()?;
        if weights.len() != self.criteria.len() {
            return Err(ScoringError::Shape {
                what: "ahp weights",
                expected: self.criteria.len(),
                found: weights.len(),
            });
        }
        self.weights = weights.to_vec();
        Ok(())
    }

    /// Works out, once, what every household in `market` shares: each
    /// activity's headroom, channels and season, and an index of skills.
    pub fn prepare<'r, 'c>(
        &'r self,
        catalog: &'c Catalog,
        market: &'r MarketContext,
    ) -> Prepared<'r, 'c> {
        let mut skills: HashMap<&'c str, usize> = HashMap::new();
        let needs = catalog
            .iter()
            .map(|a| {
                a.data()
                    .skills
                    .iter()
                    .map(|n| {
                        let next = skills.len();
                        *skills.entry(n.skill.as_str()).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        let headroom: Vec<Option<i64>> =
            catalog.iter().map(|a| market.headroom(a.code())).collect();
        let channels: Vec<Channels> = catalog.iter().map(|a| Channels::of(a, market)).collect();
        let season: Vec<f64> = catalog.iter().map(|a| season(a, market.month)).collect();
        // What depends on the activity and market only, worked out once:
        // those criteria's values and those constraints' failures. The
        // household passed to them is never read.
        let nobody = HouseholdProfile {
            skills: Vec::new(),
            capital: Money::rial(0),
            loan_limit: Money::rial(0),
            space_m2: 0,
            separate_room: false,
            refuses: Vec::new(),
            hours_per_week: 0,
            interests: Vec::new(),
        };
        let (cols, checks) = (self.criteria.len(), self.constraints.len());
        let mut fixed_values = vec![f64::NAN; catalog.len() * cols];
        let mut fixed_failures = vec![None; catalog.len() * checks];
        for (index, activity) in catalog.iter().enumerate() {
            let facts = Facts {
                levels: &[],
                headroom: headroom[index],
                interested: false,
                channels: channels[index],
                season: season[index],
            };
            for (j, criterion) in self.criteria.iter().enumerate() {
                if let Score::Builtin(b) = criterion
                    && b.household_independent()
                {
                    fixed_values[index * cols + j] =
                        BuiltinCriterion::value(*b, activity, &nobody, &facts);
                }
            }
            for (k, constraint) in self.constraints.iter().enumerate() {
                if let Check::Builtin(b) = constraint
                    && b.household_independent()
                {
                    fixed_failures[index * checks + k] =
                        BuiltinConstraint::check(*b, activity, &nobody, market, &facts);
                }
            }
        }
        Prepared {
            recommender: self,
            catalog,
            market,
            skills,
            needs,
            headroom,
            channels,
            season,
            fixed_values,
            fixed_failures,
            code_rank: {
                let mut by_code: Vec<usize> = (0..catalog.len()).collect();
                by_code.sort_by_key(|&i| catalog.activities()[i].code());
                let mut rank = vec![0u32; catalog.len()];
                for (position, i) in by_code.into_iter().enumerate() {
                    rank[i] = u32::try_from(position).unwrap_or(u32::MAX);
                }
                rank
            },
        }
    }

    /// Recommends activities of `catalog` for `household` in `market`.
    pub fn recommend<'c>(
        &self,
        catalog: &'c Catalog,
        household: &HouseholdProfile,
        market: &MarketContext,
    ) -> Result<Recommendation<'c>> {
        self.prepare(catalog, market).recommend(household)
    }

    /// Recommends for many households in one market, in parallel (rayon),
    /// keeping each household's `top` best activities (all with `None`);
    /// the answers come back in the households' order.
    pub fn recommend_many<'c>(
        &self,
        catalog: &'c Catalog,
        households: &[HouseholdProfile],
        market: &MarketContext,
        top: Option<usize>,
    ) -> Result<Vec<Recommendation<'c>>> {
        self.prepare(catalog, market)
            .recommend_many(households, top)
    }
}

/// A [`Recommender`] prepared for one catalog and market: what all
/// households there share is worked out once.
pub struct Prepared<'r, 'c> {
    recommender: &'r Recommender,
    catalog: &'c Catalog,
    market: &'r MarketContext,
    skills: HashMap<&'c str, usize>,
    // Per activity, in catalog order.
    needs: Vec<Vec<usize>>,
    headroom: Vec<Option<i64>>,
    channels: Vec<Channels>,
    season: Vec<f64>,
    // Per activity × criterion: the value of a household-independent
    // built-in criterion (NaN for the others).
    fixed_values: Vec<f64>,
    // Per activity × constraint: the failure of a household-independent
    // built-in constraint (None for the others and where it passes).
    fixed_failures: Vec<Option<Failure>>,
    // Each activity's position when the catalog is sorted by code.
    code_rank: Vec<u32>,
}

impl fmt::Debug for Prepared<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("recommender", self.recommender)
            .field("activities", &self.catalog.len())
            .finish()
    }
}

impl<'c> Prepared<'_, 'c> {
    /// Recommends for many households, in parallel (rayon), in order,
    /// keeping each household's `top` best activities (all with `None`).
    pub fn recommend_many(
        &self,
        households: &[HouseholdProfile],
        top: Option<usize>,
    ) -> Result<Vec<Recommendation<'c>>> {
        use rayon::prelude::*;
        households
            .par_iter()
            .map(|h| self.recommend_top(h, top))
            .collect()
    }

    /// Recommends for one household.
    pub fn recommend(&self, household: &HouseholdProfile) -> Result<Recommendation<'c>> {
        self.recommend_top(household, None)
    }

    /// Recommends for one household, keeping its `top` best activities
    /// (all with `None`); the same as [`recommend`](Self::recommend) and
    /// [`Recommendation::truncate`], without working out the parts of the
    /// activities dropped.
    pub fn recommend_top(
        &self,
        household: &HouseholdProfile,
        top: Option<usize>,
    ) -> Result<Recommendation<'c>> {
        let keep = top;
        let r = self.recommender;
        if let Some(index) = r.weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
            return Err(ScoringError::BadWeight { index });
        }
        if !r.criteria.is_empty() && r.weights.iter().sum::<f64>() <= 0.0 {
            return Err(ScoringError::ZeroWeights);
        }
        // The household's level in each indexed skill.
        let mut levels = vec![0u8; self.skills.len()];
        for (skill, level) in &household.skills {
            if let Some(&i) = self.skills.get(skill.as_str()) {
                levels[i] = levels[i].max(*level);
            }
        }
        let interests: Vec<usize> = household
            .interests
            .iter()
            .filter_map(|code| self.catalog.index_of(code))
            .collect();
        let (cols, checks) = (r.criteria.len(), r.constraints.len());
        let mut rejected = Vec::new();
        let mut passed: Vec<(usize, Channels)> = Vec::with_capacity(self.catalog.len());
        let mut raw: Vec<f64> = Vec::with_capacity(self.catalog.len() * cols);
        let mut buffer: Vec<u8> = Vec::new();
        for (index, activity) in self.catalog.iter().enumerate() {
            buffer.clear();
            buffer.extend(self.needs[index].iter().map(|&s| levels[s]));
            let facts = Facts {
                levels: &buffer,
                headroom: self.headroom[index],
                interested: interests.contains(&index),
                channels: self.channels[index],
                season: self.season[index],
            };
            let fixed_failures = &self.fixed_failures[index * checks..(index + 1) * checks];
            let mut failures: Vec<Failure> = Vec::new();
            for (c, fixed) in r.constraints.iter().zip(fixed_failures) {
                let failure = match c {
                    Check::Builtin(b) if b.household_independent() => fixed.clone(),
                    Check::Builtin(b) => {
                        BuiltinConstraint::check(*b, activity, household, self.market, &facts)
                    }
                    Check::Custom(c) => c.check(activity, household, self.market),
                };
                if let Some(failure) = failure {
                    failures.push(failure);
                }
            }
            if !failures.is_empty() {
                rejected.push(Rejected { activity, failures });
                continue;
            }
            let fixed_values = &self.fixed_values[index * cols..(index + 1) * cols];
            for (j, (criterion, fixed)) in r.criteria.iter().zip(fixed_values).enumerate() {
                let value = match criterion {
                    Score::Builtin(b) if b.household_independent() => *fixed,
                    Score::Builtin(b) => BuiltinCriterion::value(*b, activity, household, &facts),
                    Score::Custom(c) => c.value(activity, household, self.market),
                };
                if !value.is_finite() {
                    return Err(ScoringError::NotFinite {
                        row: passed.len(),
                        column: j,
                    });
                }
                raw.push(value);
            }
            passed.push((index, facts.channels));
        }
        self.rank(raw, passed, rejected, keep)
    }

    fn rank(
        &self,
        raw: Vec<f64>,
        passed: Vec<(usize, Channels)>,
        rejected: Vec<Rejected<'c>>,
        keep: Option<usize>,
    ) -> Result<Recommendation<'c>> {
        let r = self.recommender;
        let cols = r.criteria.len();
        let mut lo = vec![f64::INFINITY; cols];
        let mut hi = vec![f64::NEG_INFINITY; cols];
        // Every raw value is finite here, so plain comparisons do.
        for row in raw.chunks_exact(cols.max(1)).take(passed.len()) {
            for ((lo, hi), &x) in lo.iter_mut().zip(hi.iter_mut()).zip(row) {
                if x < *lo {
                    *lo = x;
                }
                if x > *hi {
                    *hi = x;
                }
            }
        }
        let constant: Vec<bool> = (0..cols)
            .map(|j| passed.is_empty() || hi[j] <= lo[j])
            .collect();
        let varying: Vec<usize> = (0..cols).filter(|&j| !constant[j]).collect();
        // The weights in effect: over the varying criteria, summing to 1.
        let varying_total: f64 = varying.iter().map(|&j| r.weights[j]).sum();
        let criteria: Vec<CriterionUse> = r
            .criteria
            .iter()
            .enumerate()
            .map(|(j, c)| CriterionUse {
                name: c.static_name(),
                kind: c.kind(),
                weight: if constant[j] || varying_total <= 0.0 {
                    0.0
                } else {
                    r.weights[j] / varying_total
                },
                constant: constant[j],
            })
            .collect();
        // Each criterion's min-max normalisation as `scale · x + offset`,
        // oriented so that 1 is best (0 for a constant criterion).
        let (mut scale, mut offset, mut weight) =
            (vec![0.0; cols], vec![0.0; cols], vec![0.0; cols]);
        for j in 0..cols {
            weight[j] = criteria[j].weight;
            if !constant[j] {
                let range = hi[j] - lo[j];
                (scale[j], offset[j]) = match criteria[j].kind {
                    CriterionType::Cost => (-1.0 / range, hi[j] / range),
                    _ => (1.0 / range, -lo[j] / range),
                };
            }
        }
        let part = |i: usize, j: usize| {
            let x = raw[i * cols + j];
            let normalized = normalize(x, scale[j], offset[j]);
            Part {
                raw: x,
                normalized,
                contribution: normalized * weight[j],
            }
        };
        let scores = match r.method {
            // The weighted sum of min-max normalised values is the sum of the
            // parts' contributions (the same formula as `mcdm::weighted_sum`,
            // without copying the matrix again).
            Method::WeightedSum if !varying.is_empty() && varying_total > 0.0 => raw
                .chunks_exact(cols)
                .take(passed.len())
                .map(|row| {
                    row.iter()
                        .zip(&scale)
                        .zip(&offset)
                        .zip(&weight)
                        .map(|(((x, scale), offset), weight)| {
                            normalize(*x, *scale, *offset) * weight
                        })
                        .sum()
                })
                .collect(),
            _ => self.topsis_scores(&raw, passed.len(), &varying)?,
        };
        let activities = self.catalog.activities();
        // Best score first; ties to the lower code (a precomputed rank, so no
        // string is compared here).
        let mut order: Vec<usize> = (0..passed.len()).collect();
        let better = |a: &usize, b: &usize| {
            scores[*b]
                .total_cmp(&scores[*a])
                .then(self.code_rank[passed[*a].0].cmp(&self.code_rank[passed[*b].0]))
        };
        // With a top N, partition around the N-th first and sort only the N.
        if let Some(n) = keep.filter(|&n| n < order.len()) {
            if n > 0 {
                order.select_nth_unstable_by(n - 1, better);
            }
            order.truncate(n);
        }
        order.sort_unstable_by(better);
        // Parts only for the activities kept, in rank order.
        let mut parts = Vec::with_capacity(order.len() * cols);
        let ranked: Vec<Recommended<'c>> = order
            .into_iter()
            .enumerate()
            .map(|(position, i)| {
                let (index, channels) = passed[i];
                let first_part = parts.len();
                parts.extend((0..cols).map(|j| part(i, j)));
                Recommended {
                    activity: &activities[index],
                    rank: position + 1,
                    score: scores[i],
                    channels,
                    first_part,
                    catalog_index: index,
                }
            })
            .collect();
        Ok(Recommendation {
            method: r.method,
            criteria,
            ranked,
            rejected,
            parts,
            passed: passed.len(),
        })
    }

    /// The method's scores over the varying columns; every activity scores
    /// the same when nothing varies.
    fn topsis_scores(&self, raw: &[f64], rows: usize, varying: &[usize]) -> Result<Vec<f64>> {
        let r = self.recommender;
        if rows == 0 {
            return Ok(Vec::new());
        }
        let cols = r.criteria.len();
        let weights: Vec<f64> = varying.iter().map(|&j| r.weights[j]).collect();
        if varying.is_empty() || weights.iter().sum::<f64>() <= 0.0 {
            return Ok(vec![1.0; rows]);
        }
        let data: Vec<f64> = (0..rows)
            .flat_map(|i| varying.iter().map(move |&j| raw[i * cols + j]))
            .collect();
        let matrix = Matrix::new(rows, varying.len(), data)?;
        let types: Vec<CriterionType> = varying.iter().map(|&j| r.criteria[j].kind()).collect();
        mcdm::topsis(&matrix, &weights, &types, Normalization::Vector).or_else(|err| match err {
            // A column of zeros has no vector norm: fall back on min-max.
            ScoringError::ZeroColumn { .. } => {
                mcdm::topsis(&matrix, &weights, &types, Normalization::MinMax)
            }
            other => Err(other),
        })
    }
}
