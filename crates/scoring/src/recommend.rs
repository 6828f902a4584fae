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
//! let leather = recommendation.ranked.iter().find(|r| r.activity == "fruit_leather").unwrap();
//! assert_eq!(leather.channels, [ChannelKind::PermanentExhibition, ChannelKind::OnlineMarketplace]);
//! // Activities that need skills the household lacks are rejected with a remedy.
//! assert!(recommendation.rejected.iter().any(|r| r.activity == "rug_weaving"));
//! # Ok::<(), homebiz_scoring::ScoringError>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use homebiz_core::Money;
use homebiz_core::channel::ChannelKind;

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
    pub fn channels_for(&self, activity: &Activity) -> Vec<ChannelKind> {
        activity
            .data()
            .channels
            .iter()
            .copied()
            .filter(|c| self.reachable.contains(c))
            .collect()
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

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Training { skill, hours } => write!(f, "a {hours}-hour course in {skill}"),
            Self::Loan { amount } => write!(f, "a loan of {amount}"),
        }
    }
}

/// Why an activity is out of reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The constraint that failed.
    pub constraint: String,
    /// Why.
    pub reason: String,
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
            constraint: self.name.clone(),
            reason,
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

fn fail(constraint: &str, reason: String, remedy: Option<Remedy>) -> Option<Failure> {
    Some(Failure {
        constraint: constraint.to_owned(),
        reason,
        remedy,
    })
}

/// The built-in constraints and criteria.
pub mod builtin {
    use super::*;

    /// Every skill the activity needs is present in the household at some
    /// level; remedy: the course for the first missing one.
    pub struct Skills;

    impl Constraint for Skills {
        fn name(&self) -> &str {
            "skills"
        }
        fn check(&self, a: &Activity, h: &HouseholdProfile, _: &MarketContext) -> Option<Failure> {
            let missing = a
                .data()
                .skills
                .iter()
                .find(|need| h.level(&need.skill) == 0)?;
            fail(
                self.name(),
                format!("nobody in the household has the skill {}", missing.skill),
                Some(Remedy::Training {
                    skill: missing.skill.clone(),
                    hours: missing.training_hours,
                }),
            )
        }
    }

    /// Own capital plus the loan limit covers the minimum start-up capital;
    /// remedy: a loan of the shortfall.
    pub struct Capital;

    impl Constraint for Capital {
        fn name(&self) -> &str {
            "capital"
        }
        fn check(&self, a: &Activity, h: &HouseholdProfile, _: &MarketContext) -> Option<Failure> {
            let need = a.data().capital_rial.min;
            let own = h.capital.minor_units();
            let reach = own.saturating_add(h.loan_limit.minor_units());
            if reach >= need {
                return None;
            }
            let shortfall = Money::rial(need.saturating_sub(own));
            fail(
                self.name(),
                format!(
                    "needs {} of capital, more than own capital and the loan limit",
                    a.data().capital_rial.min_money()
                ),
                Some(Remedy::Loan { amount: shortfall }),
            )
        }
    }

    /// Enough floor area, and a separate room where needed.
    pub struct Space;

    impl Constraint for Space {
        fn name(&self) -> &str {
            "space"
        }
        fn check(&self, a: &Activity, h: &HouseholdProfile, _: &MarketContext) -> Option<Failure> {
            let need = &a.data().space;
            if h.space_m2 < need.min_m2 {
                return fail(
                    self.name(),
                    format!("needs {} m², the household has {}", need.min_m2, h.space_m2),
                    None,
                );
            }
            if need.separate_room && !h.separate_room {
                return fail(self.name(), "needs a separate room".into(), None);
            }
            None
        }
    }

    /// No nuisance the home refuses.
    pub struct Nuisances;

    impl Constraint for Nuisances {
        fn name(&self) -> &str {
            "nuisance"
        }
        fn check(&self, a: &Activity, h: &HouseholdProfile, _: &MarketContext) -> Option<Failure> {
            let bad = a
                .data()
                .space
                .nuisances
                .iter()
                .find(|n| h.refuses.contains(n))?;
            fail(
                self.name(),
                format!("brings {bad:?} the home cannot take").to_lowercase(),
                None,
            )
        }
    }

    /// Enough hours a week.
    pub struct Time;

    impl Constraint for Time {
        fn name(&self) -> &str {
            "time"
        }
        fn check(&self, a: &Activity, h: &HouseholdProfile, _: &MarketContext) -> Option<Failure> {
            let need = a.data().hours_per_week;
            (h.hours_per_week < need).then(|| Failure {
                constraint: self.name().to_owned(),
                reason: format!(
                    "needs {need} hours a week, the household has {}",
                    h.hours_per_week
                ),
                remedy: None,
            })
        }
    }

    /// The local market is not saturated (where demand is known).
    pub struct Market;

    impl Constraint for Market {
        fn name(&self) -> &str {
            "market"
        }
        fn check(&self, a: &Activity, _: &HouseholdProfile, m: &MarketContext) -> Option<Failure> {
            let headroom = m.headroom(a.code())?;
            (headroom <= 0).then(|| Failure {
                constraint: self.name().to_owned(),
                reason: format!(
                    "the local market is saturated: {} businesses for demand of {}",
                    m.existing.get(a.code()).copied().unwrap_or(0),
                    m.demand.get(a.code()).copied().unwrap_or(0)
                ),
                remedy: None,
            })
        }
    }

    /// At least one suitable sales channel is reachable (activities sold
    /// locally, from home, need none).
    pub struct Channels;

    impl Constraint for Channels {
        fn name(&self) -> &str {
            "channels"
        }
        fn check(&self, a: &Activity, _: &HouseholdProfile, m: &MarketContext) -> Option<Failure> {
            let needs_channel = !a.data().channels.is_empty();
            (needs_channel && m.channels_for(a).is_empty()).then(|| Failure {
                constraint: self.name().to_owned(),
                reason: "none of the channels that suit it is reachable".into(),
                remedy: None,
            })
        }
    }

    macro_rules! criteria {
        ($($(#[$doc:meta])* $name:ident, $code:literal, $kind:ident, |$a:ident, $h:ident, $m:ident| $body:expr;)*) => {$(
            $(#[$doc])*
            pub struct $name;

            impl Criterion for $name {
                fn name(&self) -> &str {
                    $code
                }
                fn kind(&self) -> CriterionType {
                    CriterionType::$kind
                }
                #[allow(unused_variables)]
                fn value(&self, $a: &Activity, $h: &HouseholdProfile, $m: &MarketContext) -> f64 {
                    $body
                }
            }
        )*};
    }

    criteria! {
        /// How well the household's levels meet the needed levels (0–1).
        SkillFit, "skill_fit", Benefit, |a, h, m| {
            let needs = &a.data().skills;
            if needs.is_empty() {
                1.0
            } else {
                needs.iter().map(|n| (f64::from(h.level(&n.skill)) / f64::from(n.level)).min(1.0)).sum::<f64>()
                    / needs.len() as f64
            }
        };
        /// Capital still to find beyond own capital, in million rials.
        CapitalGap, "capital_gap", Cost, |a, h, m| {
            (a.data().capital_rial.min.saturating_sub(h.capital.minor_units())).max(0) as f64 / 1e6
        };
        /// Floor area to spare, in square metres.
        SpaceSurplus, "space", Benefit, |a, h, m| f64::from(h.space_m2) - f64::from(a.data().space.min_m2);
        /// Hours a week to spare.
        TimeSurplus, "time", Benefit, |a, h, m| f64::from(h.hours_per_week) - f64::from(a.data().hours_per_week);
        /// Demand minus existing businesses (0 when demand is unknown).
        Headroom, "market_headroom", Benefit, |a, h, m| m.headroom(a.code()).unwrap_or(0) as f64;
        /// The middle of the expected margin, in percent.
        Margin, "margin", Benefit, |a, h, m| {
            (f64::from(a.data().margin_percent.min) + f64::from(a.data().margin_percent.max)) / 2.0
        };
        /// Mean demand index over the six months from the current one.
        Seasonality, "seasonality", Benefit, |a, h, m| {
            let start = usize::from(m.month.clamp(1, 12) - 1);
            (0..6).map(|k| f64::from(a.data().seasonality[(start + k) % 12])).sum::<f64>() / 6.0
        };
        /// Training hours to bring the household's skills up to the needed levels.
        TrainingEffort, "training_effort", Cost, |a, h, m| {
            a.data()
                .skills
                .iter()
                .map(|n| {
                    let gap = f64::from(n.level.saturating_sub(h.level(&n.skill)));
                    f64::from(n.training_hours) * gap / f64::from(n.level)
                })
                .sum::<f64>()
        };
        /// The activity's risk, 1–5.
        Risk, "risk", Cost, |a, h, m| f64::from(a.data().risk);
        /// 1 if the household said it is interested, else 0.
        Interest, "interest", Benefit, |a, h, m| if h.interests.iter().any(|i| i == a.code()) { 1.0 } else { 0.0 };
    }
}

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
    pub name: String,
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

/// A recommended activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommended {
    /// The activity's code.
    pub activity: String,
    /// 1 is best.
    pub rank: usize,
    /// The method's score (higher is better).
    pub score: f64,
    /// One part per criterion, in the order of [`Recommendation::criteria`].
    pub parts: Vec<Part>,
    /// Reachable channels that suit it, best first (empty: sold from home).
    pub channels: Vec<ChannelKind>,
}

/// An activity that failed a constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The activity's code.
    pub activity: String,
    /// Every constraint it failed.
    pub failures: Vec<Failure>,
}

/// The answer for one household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The method used.
    pub method: Method,
    /// The criteria, in the order of each [`Recommended::parts`].
    pub criteria: Vec<CriterionUse>,
    /// The activities that passed, best first; ties go to the lower code.
    pub ranked: Vec<Recommended>,
    /// The activities that failed, in catalog order.
    pub rejected: Vec<Rejected>,
}

/// Scores and explains activities for households.
pub struct Recommender {
    constraints: Vec<Box<dyn Constraint>>,
    criteria: Vec<Box<dyn Criterion>>,
    weights: Vec<f64>,
    method: Method,
}

impl fmt::Debug for Recommender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recommender")
            .field(
                "constraints",
                &self
                    .constraints
                    .iter()
                    .map(|c| c.name())
                    .collect::<Vec<_>>(),
            )
            .field(
                "criteria",
                &self.criteria.iter().map(|c| c.name()).collect::<Vec<_>>(),
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
        use builtin::*;
        let criteria: [Box<dyn Criterion>; 10] = [
            Box::new(SkillFit),
            Box::new(CapitalGap),
            Box::new(SpaceSurplus),
            Box::new(TimeSurplus),
            Box::new(Headroom),
            Box::new(Margin),
            Box::new(Seasonality),
            Box::new(TrainingEffort),
            Box::new(Risk),
            Box::new(Interest),
        ];
        Self {
            constraints: vec![
                Box::new(Skills),
                Box::new(Capital),
                Box::new(Space),
                Box::new(Nuisances),
                Box::new(Time),
                Box::new(Market),
                Box::new(Channels),
            ],
            criteria: criteria.into_iter().collect(),
            weights: DEFAULT_WEIGHTS.iter().map(|(_, w)| *w).collect(),
            method: Method::WeightedSum,
        }
    }

    /// Adds a constraint.
    pub fn with_constraint(mut self, constraint: impl Constraint + 'static) -> Self {
        self.constraints.push(Box::new(constraint));
        self
    }

    /// Adds a criterion with its weight.
    pub fn with_criterion(mut self, criterion: impl Criterion + 'static, weight: f64) -> Self {
        self.criteria.push(Box::new(criterion));
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
        self.criteria.iter().map(|c| c.name()).collect()
    }

    /// Sets weights by criterion name; criteria not named keep theirs.
    pub fn set_weights(&mut self, weights: &[(String, f64)]) -> Result<()> {
        for (name, weight) in weights {
            let index = self.criteria.iter().position(|c| c.name() == name).ok_or(
                ScoringError::Parameter {
                    name: "weights",
                    rule: "named after the recommender's criteria",
                },
            )?;
            if !weight.is_finite() || *weight < 0.0 {
                return Err(ScoringError::BadWeight { index });
            }
            self.weights[index] = *weight;
        }
        Ok(())
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

    /// Recommends activities of `catalog` for `household` in `market`.
    pub fn recommend(
        &self,
        catalog: &Catalog,
        household: &HouseholdProfile,
        market: &MarketContext,
    ) -> Result<Recommendation> {
        let total: f64 = self.weights.iter().sum();
        if let Some(index) = self.weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
            return Err(ScoringError::BadWeight { index });
        }
        if total <= 0.0 && !self.criteria.is_empty() {
            return Err(ScoringError::ZeroWeights);
        }
        let mut rejected = Vec::new();
        let mut passed: Vec<&Activity> = Vec::with_capacity(catalog.len());
        for activity in catalog {
            let failures: Vec<Failure> = self
                .constraints
                .iter()
                .filter_map(|c| c.check(activity, household, market))
                .collect();
            if failures.is_empty() {
                passed.push(activity);
            } else {
                rejected.push(Rejected {
                    activity: activity.code().to_owned(),
                    failures,
                });
            }
        }
        let cols = self.criteria.len();
        let mut raw = Vec::with_capacity(passed.len() * cols);
        for activity in &passed {
            for (j, criterion) in self.criteria.iter().enumerate() {
                let value = criterion.value(activity, household, market);
                if !value.is_finite() {
                    return Err(ScoringError::NotFinite {
                        row: raw.len() / cols.max(1),
                        column: j,
                    });
                }
                raw.push(value);
            }
        }
        // Column ranges over the activities that passed.
        let mut lo = vec![f64::INFINITY; cols];
        let mut hi = vec![f64::NEG_INFINITY; cols];
        for row in raw.chunks_exact(cols.max(1)).take(passed.len()) {
            for j in 0..cols {
                lo[j] = lo[j].min(row[j]);
                hi[j] = hi[j].max(row[j]);
            }
        }
        let constant: Vec<bool> = (0..cols)
            .map(|j| passed.is_empty() || hi[j] <= lo[j])
            .collect();
        let varying: Vec<usize> = (0..cols).filter(|&j| !constant[j]).collect();
        // The weights in effect: over the varying criteria, summing to 1.
        let varying_total: f64 = varying.iter().map(|&j| self.weights[j]).sum();
        let criteria: Vec<CriterionUse> = self
            .criteria
            .iter()
            .enumerate()
            .map(|(j, c)| CriterionUse {
                name: c.name().to_owned(),
                kind: c.kind(),
                weight: if constant[j] || varying_total <= 0.0 {
                    0.0
                } else {
                    self.weights[j] / varying_total
                },
                constant: constant[j],
            })
            .collect();
        let scores = self.scores(&raw, passed.len(), &varying)?;
        let mut ranked: Vec<Recommended> = passed
            .iter()
            .enumerate()
            .map(|(i, activity)| {
                let parts = (0..cols)
                    .map(|j| {
                        let x = raw[i * cols + j];
                        let normalized = if constant[j] {
                            0.0
                        } else {
                            match criteria[j].kind {
                                CriterionType::Cost => (hi[j] - x) / (hi[j] - lo[j]),
                                _ => (x - lo[j]) / (hi[j] - lo[j]),
                            }
                        };
                        Part {
                            raw: x,
                            normalized,
                            contribution: normalized * criteria[j].weight,
                        }
                    })
                    .collect();
                Recommended {
                    activity: activity.code().to_owned(),
                    rank: 0,
                    score: scores[i],
                    parts,
                    channels: market.channels_for(activity),
                }
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.activity.cmp(&b.activity))
        });
        for (position, r) in ranked.iter_mut().enumerate() {
            r.rank = position + 1;
        }
        Ok(Recommendation {
            method: self.method,
            criteria,
            ranked,
            rejected,
        })
    }

    /// The method's scores over the varying columns; every activity scores
    /// the same when nothing varies.
    fn scores(&self, raw: &[f64], rows: usize, varying: &[usize]) -> Result<Vec<f64>> {
        if rows == 0 {
            return Ok(Vec::new());
        }
        let cols = self.criteria.len();
        let weights: Vec<f64> = varying.iter().map(|&j| self.weights[j]).collect();
        if varying.is_empty() || weights.iter().sum::<f64>() <= 0.0 {
            return Ok(vec![1.0; rows]);
        }
        let data: Vec<f64> = (0..rows)
            .flat_map(|i| varying.iter().map(move |&j| raw[i * cols + j]))
            .collect();
        let matrix = Matrix::new(rows, varying.len(), data)?;
        let types: Vec<CriterionType> = varying.iter().map(|&j| self.criteria[j].kind()).collect();
        match self.method {
            Method::WeightedSum => mcdm::weighted_sum(&matrix, &weights, &types),
            Method::Topsis => mcdm::topsis(&matrix, &weights, &types, Normalization::Vector)
                .or_else(|err| match err {
                    // A column of zeros has no vector norm: fall back on min-max.
                    ScoringError::ZeroColumn { .. } => {
                        mcdm::topsis(&matrix, &weights, &types, Normalization::MinMax)
                    }
                    other => Err(other),
                }),
        }
    }
}
