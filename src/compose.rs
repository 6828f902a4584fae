//! Composition between domains: one domain's records as another's inputs.
//!
//! Domain crates never depend on each other (ARCHITECTURE.md); the facade
//! maps between them here.

use std::collections::HashMap;

use homebiz_core::Money;
use homebiz_registry::{Business, BusinessState, Household, Person};
use homebiz_scoring::recommend::HouseholdProfile;

/// The most hours a week a household profile claims, whatever its members
/// add up to.
pub const MAX_HOUSEHOLD_HOURS: u8 = 84;

/// A registry household and its members as a scoring profile.
///
/// Skills take the best level (1 beginner … 4 master) anyone in the
/// household has; hours add up over members (at most
/// [`MAX_HOUSEHOLD_HOURS`]); interests are everyone's. The registry does not
/// hold savings or loan eligibility, so `capital` and `loan_limit` are
/// given.
///
/// ```
/// use homebiz::compose::household_profile;
/// use homebiz::core::Money;
/// use homebiz::registry::testing::{household_data, person_data, Fixture};
/// use homebiz::registry::{Household, MemoryStore, Person};
///
/// let f = Fixture::new(MemoryStore::new());
/// let h = f.household(f.office_a, "A-1");
/// let zahra = f.person(h.id(), 1).person;
/// let profile = household_profile(&h, &[zahra], Money::rial(0), Money::rial(300_000_000));
/// assert_eq!(profile.level("sewing"), 3); // advanced
/// assert_eq!(profile.space_m2, 14);
/// ```
pub fn household_profile(
    household: &Household,
    members: &[Person],
    capital: Money,
    loan_limit: Money,
) -> HouseholdProfile {
    let mut skills: Vec<(String, u8)> = Vec::new();
    let mut interests: Vec<String> = Vec::new();
    let mut hours: u32 = 0;
    for person in members {
        let d = person.data();
        hours += u32::from(d.hours_per_week);
        for skill in &d.skills {
            let level = skill.level.rank();
            match skills.iter_mut().find(|(code, _)| *code == skill.code) {
                Some((_, best)) => *best = (*best).max(level),
                None => skills.push((skill.code.clone(), level)),
            }
        }
        for interest in &d.interests {
            if !interests.contains(interest) {
                interests.push(interest.clone());
            }
        }
    }
    skills.sort();
    interests.sort();
    let space = household.data().space;
    HouseholdProfile {
        skills,
        capital,
        loan_limit,
        space_m2: space.area_m2,
        separate_room: space.separate_room,
        refuses: Vec::new(),
        hours_per_week: u8::try_from(hours.min(u32::from(MAX_HOUSEHOLD_HOURS)))
            .unwrap_or(MAX_HOUSEHOLD_HOURS),
        interests,
    }
}

/// How many businesses of each activity are running (not closed) among
/// `businesses`: the "existing" side of a market context.
pub fn existing_businesses<'a>(
    businesses: impl IntoIterator<Item = &'a Business>,
) -> HashMap<String, u32> {
    let mut counts = HashMap::new();
    for business in businesses {
        if !matches!(business.state(), BusinessState::Closed { .. }) {
            *counts.entry(business.data().activity.clone()).or_insert(0) += 1;
        }
    }
    counts
}

/// An application of `business` to `exhibition`, with what the registry and
/// the catalog know: the category and the seasonality of the business's
/// activity, and `vulnerable` when its household receives support (the
/// Relief Foundation, the Welfare Organisation, …). `new_producer` says
/// whether the business has had any booth-week before (see
/// [`MarketRead::weeks_before`](homebiz_market::store::MarketRead::weeks_before)).
///
/// Fails when the business's activity is not in `catalog`.
pub fn application_data(
    business: &Business,
    household: &Household,
    catalog: &homebiz_scoring::catalog::Catalog,
    exhibition: homebiz_core::id::ExhibitionId,
    weeks_wanted: u8,
    new_producer: bool,
    applied_on: homebiz_core::JalaliDate,
) -> Result<homebiz_market::application::ApplicationData, homebiz_market::MarketError> {
    let code = &business.data().activity;
    let activity = catalog.get(code).ok_or_else(|| {
        homebiz_market::MarketError::invalid(
            "activity",
            format!("{code} is not in the activity catalog"),
        )
    })?;
    Ok(homebiz_market::application::ApplicationData {
        id: homebiz_core::id::ApplicationId::new(),
        exhibition,
        business: business.id(),
        category: activity.data().category,
        new_producer,
        vulnerable: household
            .data()
            .support
            .as_ref()
            .is_some_and(|s| !s.is_empty()),
        weeks_wanted,
        seasonality: Some(activity.data().seasonality),
        applied_on,
    })
}
