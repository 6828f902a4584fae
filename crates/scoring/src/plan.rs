//! The neighbourhood plan: many households assigned to activities at once,
//! so that the total fit is maximal and no activity exceeds its market
//! headroom — the answer to "everyone makes pickles".
//!
//! Each household's fit for an activity is its recommendation score for it
//! (0–1, on the household's own scale); an activity the household's
//! constraints rule out cannot be assigned. The plan maximises the sum of
//! fits, with each household assigned at most once and each activity at most
//! its headroom (unlimited where demand is unknown). This is a
//! transportation problem, solved exactly as a min-cost flow:
//!
//! ```text
//! source ─1→ household ─1, −fit→ activity ─headroom→ sink
//!                └──────────1, 0 (unassigned)──────────┘
//! ```
//!
//! Fits enter the flow as whole numbers of 1/100,000 (rounded half away
//! from zero), so the plan is optimal for fits at that resolution.
//! Ties between equally good plans are broken by household ID: the solver
//! always sees the households sorted by ID (and the activities in catalog
//! order), so the plan depends on the households and their IDs, never on
//! the order they are given in, and the same input always gives the same
//! plan.
//!
//! Solver: the `mcmf` crate, a binding to LEMON's network simplex, chosen
//! after measuring it on 5,000 households × 300 activities (750,000 arcs):
//! 0.86 s on this project's 2-core machine, including building the graph.
//!
//! ```
//! use homebiz_core::{Money, channel::ChannelKind};
//! use homebiz_scoring::catalog::Catalog;
//! use homebiz_scoring::plan::plan;
//! use homebiz_scoring::recommend::{HouseholdProfile, MarketContext, Recommender};
//!
//! let catalog = Catalog::default_catalog()?;
//! let cook = HouseholdProfile {
//!     skills: vec![("pickles".into(), 2), ("fruit_processing".into(), 2)],
//!     capital: Money::rial(50_000_000),
//!     loan_limit: Money::rial(200_000_000),
//!     space_m2: 12,
//!     separate_room: true,
//!     refuses: vec![],
//!     hours_per_week: 30,
//!     interests: vec!["pickles".into()],
//! };
//! let households: Vec<(String, HouseholdProfile)> =
//!     (1..=3).map(|i| (format!("H-{i}"), cook.clone())).collect();
//! // The market carries one more pickle business.
//! let mut market = MarketContext::new(ChannelKind::ALL.to_vec(), 7);
//! market.demand.insert("pickles".into(), 5);
//! market.existing.insert("pickles".into(), 4);
//! let p = plan(&Recommender::standard(), &catalog, &households, &market)?;
//! let pickles = p.assignments.iter().filter(|a| a.activity.code() == "pickles").count();
//! assert_eq!(pickles, 1);
//! assert_eq!(p.assignments.len(), 3);
//! # Ok::<(), homebiz_scoring::ScoringError>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use homebiz_core::text::{Lang, to_persian_digits};

use mcmf::{Capacity, Cost, GraphBuilder, Vertex};
use serde::Serialize;

use crate::catalog::{Activity, Catalog};
use crate::error::{Result, ScoringError};
use crate::recommend::builtin::BuiltinConstraint;
use crate::recommend::{HouseholdProfile, MarketContext, Recommender};

/// Fit units per 1.0 of score in the flow's integer costs.
pub const FIT_SCALE: f64 = 100_000.0;

/// One household's place in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment<'c> {
    /// The household, as given.
    pub household: String,
    /// The activity (serialised as its code).
    #[serde(serialize_with = "crate::catalog::serialize_code")]
    pub activity: &'c Activity,
    /// The household's fit for it (its recommendation score).
    pub fit: f64,
    /// Where the activity stood in the household's own ranking (1 = its
    /// best).
    pub choice: usize,
    /// Why the household did not get a better-ranked activity, if it did
    /// not.
    pub note: Option<PlanNote>,
}

/// Why a household got an activity below its best: for people with
/// [`describe`](Self::describe); serialised as its English sentence (as
/// the note was before it had a type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
#[non_exhaustive]
pub enum PlanNote {
    /// A better-ranked activity went to a household it fits better.
    BetterFitElsewhere,
    /// The better-ranked activities are at their market headroom.
    BetterRankedFull {
        /// Their codes.
        activities: Vec<String>,
    },
}

impl PlanNote {
    /// The note for people in `lang`.
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_scoring::plan::PlanNote;
    /// let full = PlanNote::BetterRankedFull { activities: vec!["pickles".into()] };
    /// assert_eq!(full.describe(Lang::En), "better-ranked activities are full: pickles");
    /// assert_eq!(full.describe(Lang::Fa), "فعالیت‌های بهتر پر شده‌اند: pickles");
    /// ```
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Self::BetterFitElsewhere, Lang::Fa) => {
                "فعالیت بهتر به خانواری رسید که تناسب بیشتری با آن دارد".to_owned()
            }
            (Self::BetterRankedFull { activities }, Lang::Fa) => {
                format!("فعالیت‌های بهتر پر شده‌اند: {}", activities.join("، "))
            }
        }
    }
}

impl fmt::Display for PlanNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BetterFitElsewhere => {
                f.write_str("a better-ranked activity went to a household it fits better")
            }
            Self::BetterRankedFull { activities } => write!(
                f,
                "better-ranked activities are full: {}",
                activities.join(", ")
            ),
        }
    }
}

impl From<PlanNote> for String {
    fn from(note: PlanNote) -> Self {
        note.to_string()
    }
}

/// Why a household is left without an activity: for people with
/// [`describe`](Self::describe); serialised as its English sentence (as
/// the reasons were before they had a type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
#[non_exhaustive]
pub enum UnassignedReason {
    /// No activity passes the household's constraints.
    NothingPasses,
    /// A constraint that many activities failed.
    Constraint {
        /// The constraint's name (`skills`, `space`, …).
        constraint: String,
        /// How many activities failed it.
        activities: usize,
    },
    /// Every activity the household fits is at its market headroom.
    AllFull,
}

impl UnassignedReason {
    /// The reason for people in `lang`; a built-in constraint by its
    /// label.
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_scoring::plan::UnassignedReason;
    /// let space = UnassignedReason::Constraint { constraint: "space".into(), activities: 12 };
    /// assert_eq!(space.describe(Lang::En), "space: 12 activities");
    /// assert_eq!(space.describe(Lang::Fa), "فضا: ۱۲ فعالیت");
    /// ```
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Self::NothingPasses, Lang::Fa) => {
                "هیچ فعالیتی از محدودیت‌های خانوار نمی‌گذرد".to_owned()
            }
            (
                Self::Constraint {
                    constraint,
                    activities,
                },
                Lang::Fa,
            ) => {
                let label = BuiltinConstraint::ALL
                    .into_iter()
                    .find(|c| c.name() == constraint)
                    .map_or(constraint.as_str(), |c| c.label(lang));
                format!(
                    "{label}: {} فعالیت",
                    to_persian_digits(&activities.to_string())
                )
            }
            (Self::AllFull, Lang::Fa) => {
                "همهٔ فعالیت‌های مناسب این خانوار به سقف ظرفیت بازار رسیده‌اند".to_owned()
            }
        }
    }
}

impl fmt::Display for UnassignedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NothingPasses => f.write_str("no activity passes the household's constraints"),
            Self::Constraint {
                constraint,
                activities,
            } => write!(f, "{constraint}: {activities} activities"),
            Self::AllFull => {
                f.write_str("every activity the household fits is at its market headroom")
            }
        }
    }
}

impl From<UnassignedReason> for String {
    fn from(reason: UnassignedReason) -> Self {
        reason.to_string()
    }
}

/// A household the plan leaves without an activity, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unassigned {
    /// The household, as given.
    pub household: String,
    /// Why: every activity failed its constraints (with the most common
    /// reasons), or every activity it fits is full.
    pub reasons: Vec<UnassignedReason>,
}

/// How full an activity is in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Load<'c> {
    /// The activity (serialised as its code).
    #[serde(serialize_with = "crate::catalog::serialize_code")]
    pub activity: &'c Activity,
    /// Households assigned to it.
    pub assigned: usize,
    /// Its headroom, if demand is known.
    pub headroom: Option<i64>,
}

/// A neighbourhood plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan<'c> {
    /// Assigned households, in the order given.
    pub assignments: Vec<Assignment<'c>>,
    /// Households left without an activity, in the order given.
    pub unassigned: Vec<Unassigned>,
    /// Activities with at least one household, in catalog order.
    pub load: Vec<Load<'c>>,
    /// The sum of the assigned fits.
    pub total_fit: f64,
}

/// The transportation problem at the heart of the plan: `fits[h]` lists
/// the activities household `h` may take, as `(activity index, fit)`;
/// `capacity[a]` caps activity `a`. Returns each household's activity, or
/// `None`, maximising the total fit (at [`FIT_SCALE`] resolution) and,
/// among plans of equal fit, the number of households assigned.
///
/// ```
/// use homebiz_scoring::plan::assign;
/// // Two households both prefer activity 0, which takes one.
/// let fits = vec![vec![(0, 0.9), (1, 0.5)], vec![(0, 0.8), (1, 0.1)]];
/// assert_eq!(assign(&fits, &[1, 5]), [Some(1), Some(0)]); // 0.5 + 0.8 beats 0.9 + 0.1
/// ```
pub fn assign(fits: &[Vec<(usize, f64)>], capacity: &[i64]) -> Vec<Option<usize>> {
    let to_i32 = |x: i64| i32::try_from(x.clamp(0, i64::from(i32::MAX))).unwrap_or(i32::MAX);
    // Cost of an assignment: −(fit · weight + 1). With weight > the number of
    // households, one unit of fit outweighs any number of extra assignments,
    // so fit comes first and the count of households assigned second. The
    // weight is capped to keep costs within i32 (the solver's cost type).
    let weight = (fits.len() as i64 + 1).min(i64::from(i32::MAX) / (FIT_SCALE as i64 + 1));
    // Vertices are plain integers (households 0..n, activity a at n + a),
    // which keeps the solver's vertex map cheap.
    let n = fits.len();
    let mut graph = GraphBuilder::new();
    for (h, options) in fits.iter().enumerate() {
        graph.add_edge(Vertex::Source, h, Capacity(1), Cost(0));
        graph.add_edge(h, Vertex::Sink, Capacity(1), Cost(0));
        for &(a, fit) in options {
            if capacity.get(a).is_some_and(|&c| c > 0) {
                let units = (fit.clamp(0.0, 1.0) * FIT_SCALE).round() as i64;
                graph.add_edge(h, n + a, Capacity(1), Cost(-to_i32(units * weight + 1)));
            }
        }
    }
    for (a, &cap) in capacity.iter().enumerate() {
        if cap > 0 {
            graph.add_edge(n + a, Vertex::Sink, Capacity(to_i32(cap)), Cost(0));
        }
    }
    let (_, paths) = graph.mcmf();
    let mut chosen: Vec<Option<usize>> = vec![None; n];
    for path in &paths {
        let vertices = path.vertices();
        if let [_, Vertex::Node(h), Vertex::Node(a), _] = vertices.as_slice()
            && let Some(slot) = chosen.get_mut(*h)
        {
            *slot = a.checked_sub(n);
        }
    }
    chosen
}

/// Plans `households` (an ID and a profile each) in `market`.
pub fn plan<'c>(
    recommender: &Recommender,
    catalog: &'c Catalog,
    households: &[(String, HouseholdProfile)],
    market: &MarketContext,
) -> Result<Plan<'c>> {
    let prepared = recommender.prepare(catalog, market);
    let profiles: Vec<HouseholdProfile> = households.iter().map(|(_, p)| p.clone()).collect();
    let recommendations = prepared.recommend_many(&profiles, None)?;
    let capacity: Vec<i64> = catalog
        .iter()
        .map(|a| {
            market
                .headroom(a.code())
                .map_or(households.len() as i64, |h| h.max(0))
        })
        .collect();
    // The solver sees the households sorted by ID, which breaks ties.
    let mut by_id: Vec<usize> = (0..households.len()).collect();
    by_id.sort_by(|&a, &b| households[a].0.cmp(&households[b].0));
    let fits: Vec<Vec<(usize, f64)>> = by_id
        .iter()
        .map(|&h| {
            recommendations[h]
                .ranked
                .iter()
                .map(|rec| (rec.catalog_index(), rec.score))
                .collect()
        })
        .collect();
    let mut chosen = vec![None; households.len()];
    for (&h, activity) in by_id.iter().zip(assign(&fits, &capacity)) {
        chosen[h] = activity;
    }
    let mut assigned = vec![0usize; catalog.len()];
    for a in chosen.iter().flatten() {
        assigned[*a] += 1;
    }
    if assigned
        .iter()
        .zip(&capacity)
        .any(|(&n, &cap)| n as i64 > cap)
    {
        return Err(ScoringError::Parameter {
            name: "plan",
            rule: "within every activity's headroom (solver failure)",
        });
    }
    let activities = catalog.activities();
    let mut plan = Plan {
        assignments: Vec::new(),
        unassigned: Vec::new(),
        load: Vec::new(),
        total_fit: 0.0,
    };
    for (h, ((id, _), recommendation)) in households.iter().zip(&recommendations).enumerate() {
        match chosen[h] {
            Some(a) => {
                let position = recommendation
                    .ranked
                    .iter()
                    .position(|r| r.activity.code() == activities[a].code());
                let (choice, fit) =
                    position.map_or((0, 0.0), |p| (p + 1, recommendation.ranked[p].score));
                let note = (choice > 1).then(|| {
                    let full: Vec<&str> = recommendation.ranked[..choice - 1]
                        .iter()
                        .map(|r| r.catalog_index())
                        .filter(|&b| assigned[b] as i64 >= capacity[b])
                        .map(|b| activities[b].code())
                        .collect();
                    if full.is_empty() {
                        PlanNote::BetterFitElsewhere
                    } else {
                        PlanNote::BetterRankedFull {
                            activities: full.into_iter().map(str::to_owned).collect(),
                        }
                    }
                });
                plan.total_fit += fit;
                plan.assignments.push(Assignment {
                    household: id.clone(),
                    activity: &activities[a],
                    fit,
                    choice,
                    note,
                });
            }
            None => {
                let reasons = if recommendation.ranked.is_empty() {
                    let mut counts: HashMap<&str, usize> = HashMap::new();
                    for rejected in &recommendation.rejected {
                        for failure in &rejected.failures {
                            *counts.entry(&*failure.constraint).or_insert(0) += 1;
                        }
                    }
                    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
                    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                    let mut reasons = vec![UnassignedReason::NothingPasses];
                    reasons.extend(counts.iter().take(3).map(|(c, n)| {
                        UnassignedReason::Constraint {
                            constraint: (*c).to_owned(),
                            activities: *n,
                        }
                    }));
                    reasons
                } else {
                    vec![UnassignedReason::AllFull]
                };
                plan.unassigned.push(Unassigned {
                    household: id.clone(),
                    reasons,
                });
            }
        }
    }
    for (a, activity) in activities.iter().enumerate() {
        if assigned[a] > 0 {
            plan.load.push(Load {
                activity,
                assigned: assigned[a],
                headroom: market.headroom(activity.code()),
            });
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_fits_gives_reasons() {
        let catalog = Catalog::default_catalog().unwrap();
        let empty = HouseholdProfile {
            skills: vec![],
            capital: homebiz_core::Money::rial(0),
            loan_limit: homebiz_core::Money::rial(0),
            space_m2: 0,
            separate_room: false,
            refuses: vec![],
            hours_per_week: 0,
            interests: vec![],
        };
        let market = MarketContext::new(vec![], 1);
        let p = plan(
            &Recommender::standard(),
            &catalog,
            &[("H".into(), empty)],
            &market,
        )
        .unwrap();
        assert!(p.assignments.is_empty());
        assert_eq!(
            p.unassigned[0].reasons[0].to_string(),
            "no activity passes the household's constraints"
        );
        assert!(p.unassigned[0].reasons.len() > 1);
    }
}
