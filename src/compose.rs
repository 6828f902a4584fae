//! Composition between domains: one domain's records as another's inputs.
//!
//! Domain crates never depend on each other (ARCHITECTURE.md); the facade
//! maps between them here.

use std::collections::HashMap;

use homebiz_core::Money;
use homebiz_registry::{Business, BusinessState, Household, MembershipState, Person};
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

/// Whether a business in `state` may apply for exhibition booths and hold
/// them.
///
/// **Licensed** and **active** businesses may. **Planned** and **in
/// training** ones may not: they have no licence and do not trade yet.
/// **Suspended** and **closed** ones may not: suspending or closing a
/// business through [`Program::transition_business`](crate::program::Program::transition_business)
/// withdraws its live applications and releases its bookings from that day
/// on, and [`Program::allocate`](crate::program::Program::allocate) does the
/// same for any business that has left these states by another way before
/// it allocates.
///
/// ```
/// use homebiz::compose::may_hold_booths;
/// use homebiz::registry::BusinessState;
///
/// assert!(may_hold_booths(&BusinessState::Active));
/// assert!(!may_hold_booths(&BusinessState::Planned));
/// assert!(!may_hold_booths(&BusinessState::Closed { reason: "moved away".into() }));
/// ```
pub fn may_hold_booths(state: &BusinessState) -> bool {
    matches!(state, BusinessState::Licensed | BusinessState::Active)
}

/// Whether `business`, run by `household`, may sell through the
/// programme's market now: apply for and hold exhibition booths, offer
/// goods to buyers and have orders matched to it.
///
/// The business must be in a state that may hold booths
/// ([`may_hold_booths`]: licensed or active, so not planned, in training,
/// suspended or closed), and its household must not have **exited** the
/// programme: the programme's market is for its members. A household
/// that **graduated** left it successfully and its business goes on
/// trading; a **paused** one may come back, so its business keeps its
/// place. [`Program::apply`](crate::program::Program::apply),
/// [`Program::allocate`](crate::program::Program::allocate),
/// [`Program::import_offers`](crate::program::Program::import_offers) and
/// [`Program::match_orders`](crate::program::Program::match_orders) all
/// ask this one question.
///
/// ```
/// use homebiz::compose::may_sell;
/// use homebiz::registry::testing::{Fixture, business_data};
/// use homebiz::registry::{BusinessState, MemoryStore};
///
/// let f = Fixture::new(MemoryStore::new());
/// let h = f.household(f.office_a, "A-1");
/// let owner = f.person(h.id(), 1).person;
/// let b = f.registry.write(&f.admin, |w| {
///     let b = w.add_business(business_data(h.id(), owner.id(), "A-1-B1"))?;
///     w.transition_business(b.id(), BusinessState::InTraining)
/// })?;
/// // In training: not yet.
/// assert!(!may_sell(&b, &h));
/// # Ok::<(), homebiz::registry::RegistryError>(())
/// ```
pub fn may_sell(business: &Business, household: &Household) -> bool {
    may_hold_booths(business.state())
        && !matches!(household.membership(), MembershipState::Exited { .. })
}

/// Why `business`, run by `household`, may not sell (see [`may_sell`]),
/// in words a market error carries; `None` when it may.
pub fn not_selling(business: &Business, household: &Household) -> Option<String> {
    if !may_hold_booths(business.state()) {
        return Some(format!(
            "{} is {}: only licensed and active businesses may sell through the programme",
            business.code(),
            homebiz_registry::Lifecycle::name(business.state())
        ));
    }
    if matches!(household.membership(), MembershipState::Exited { .. }) {
        return Some(format!(
            "{} belongs to a household that has exited the programme: it may not sell through the programme",
            business.code()
        ));
    }
    None
}

/// Whether a household in `membership` may be planned into a new business.
///
/// **Enrolled** and **active** households may. **Applied** ones may not
/// (not accepted into the programme yet), nor **paused**, **graduated** or
/// **exited** ones (not taking part now).
/// [`Program::plan_office`](crate::program::Program::plan_office) plans only
/// these households, and
/// [`Program::start_planned`](crate::program::Program::start_planned)
/// refuses a plan that names another.
///
/// ```
/// use homebiz::compose::may_plan;
/// use homebiz::registry::MembershipState;
///
/// assert!(may_plan(&MembershipState::Enrolled));
/// assert!(!may_plan(&MembershipState::Exited { reason: "moved away".into() }));
/// ```
pub fn may_plan(membership: &MembershipState) -> bool {
    matches!(
        membership,
        MembershipState::Enrolled | MembershipState::Active
    )
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
/// Fails when the business may not sell (see [`may_sell`]: its state, or
/// its household exited) or its activity is not in `catalog`.
pub fn application_data(
    business: &Business,
    household: &Household,
    catalog: &homebiz_scoring::catalog::Catalog,
    exhibition: homebiz_core::id::ExhibitionId,
    weeks_wanted: u8,
    new_producer: bool,
    applied_on: homebiz_core::JalaliDate,
) -> Result<homebiz_market::application::ApplicationData, homebiz_market::MarketError> {
    if !may_hold_booths(business.state()) {
        return Err(homebiz_market::MarketError::invalid(
            "business",
            format!(
                "{} is {}: only licensed and active businesses may apply for booths",
                business.code(),
                homebiz_registry::Lifecycle::name(business.state())
            ),
        ));
    }
    if let Some(reason) = not_selling(business, household) {
        return Err(homebiz_market::MarketError::invalid("business", reason));
    }
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
        by: None,
    })
}

/// Each business's household, office and activity, for income reports.
pub fn income_dims(
    businesses: &[Business],
) -> HashMap<homebiz_core::id::BusinessId, homebiz_income::report::Dims> {
    businesses
        .iter()
        .map(|b| {
            (
                b.id(),
                homebiz_income::report::Dims {
                    household: Some(b.household()),
                    office: Some(b.office()),
                    activity: Some(b.data().activity.clone()),
                },
            )
        })
        .collect()
}

/// A settled consignment as the ledger's sale entry: what sold, at the
/// consignment's price, with the channel's commission from the settlement.
/// The entry's ID is derived from the consignment's, so recording it again
/// adds nothing. `None` until the consignment is settled, or if nothing
/// sold.
///
/// ```
/// use homebiz::compose::settlement_entry;
/// use homebiz::core::{JalaliDate, Money, id::{BusinessId, ChannelId, ConsignmentId}};
/// use homebiz::core::rust_decimal::Decimal;
/// use homebiz::income::{Ledger, MemoryStore};
/// use homebiz::market::consignment::{Consignment, ConsignmentData};
///
/// let on = JalaliDate::new(1404, 9, 1)?;
/// let mut c = Consignment::new(ConsignmentData {
///     id: ConsignmentId::new(), business: BusinessId::new(), channel: ChannelId::new(),
///     item: "kilim".into(), quantity: 5, unit_price: Money::rial(10_000_000),
///     commission: Decimal::new(15, 2), placed_on: on,
///     by: None,
/// })?;
/// c.sell(2, on)?;
/// assert!(settlement_entry(&c)?.is_none()); // not settled yet
/// let s = c.settle(on)?;
/// let ledger = Ledger::new(MemoryStore::new());
/// let entry = settlement_entry(&c)?.unwrap();
/// ledger.record(entry.clone())?;
/// ledger.record(entry)?; // again: nothing new
/// let t = ledger.totals(c.data().business)?;
/// assert_eq!((t.revenue, t.commission), (s.gross, s.commission));
/// assert_eq!(t.net()?, s.payout);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn settlement_entry(
    consignment: &homebiz_market::consignment::Consignment,
) -> Result<Option<homebiz_income::entry::Entry>, homebiz_market::MarketError> {
    use homebiz_core::id::{EntryId, TypedId};
    if !consignment.is_settled() {
        return Ok(None);
    }
    let s = consignment.settlement()?;
    if s.sold == 0 {
        return Ok(None);
    }
    let d = consignment.data();
    Ok(Some(homebiz_income::entry::Entry {
        key: None,
        id: EntryId::from_key(&format!("consignment:{}", d.id)),
        body: homebiz_income::entry::Body::Sale {
            business: d.business,
            channel: Some(d.channel),
            on: s.on,
            quantity: s.sold,
            unit_price: d.unit_price,
            commission: s.commission,
        },
    }))
}

/// A household's income indicators.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HouseholdIndicators {
    /// The household, by code with its ID beside.
    pub household: crate::program::CodeRef<homebiz_core::id::HouseholdId>,
    /// Its businesses.
    pub businesses: usize,
    /// Its income change against the baseline (none without a baseline).
    pub change: Option<homebiz_income::indicators::IncomeChange>,
    /// Whether one of its active businesses is sustained employment.
    pub sustained: bool,
    /// Whether one of its businesses had a sales channel (none if linkage
    /// was not given).
    pub linked: Option<bool>,
    /// The graduation check.
    pub graduation: homebiz_income::indicators::Graduation,
}

/// The indicators of each household that has a business: net income per
/// month from `monthly` (the months of `rule.window` ending with `last`),
/// income change against the household's baseline over those months,
/// sustained employment of its active businesses, linkage from `linked`
/// (the businesses with a channel, if known), and the graduation check.
pub fn household_indicators(
    households: &[Household],
    businesses: &[Business],
    monthly: &[homebiz_income::store::MonthlyTotal],
    linked: Option<&std::collections::HashSet<homebiz_core::id::BusinessId>>,
    last: homebiz_core::JalaliMonth,
    rule: &homebiz_income::indicators::SustainedRule,
    graduation: &homebiz_income::indicators::GraduationRule,
) -> Result<Vec<HouseholdIndicators>, homebiz_income::IncomeError> {
    use homebiz_income::indicators::{income_change, sustained};
    // The rule first: a bad rule is the caller's, not a household's.
    rule.validate()?;
    let window = homebiz_core::JalaliMonthRange::ending_with(last, u32::from(rule.window))?;
    // Net income per business and month.
    let mut nets: HashMap<homebiz_core::id::BusinessId, Vec<(homebiz_core::JalaliMonth, Money)>> =
        HashMap::new();
    for m in monthly
        .iter()
        .filter(|m| window.contains(m.month.first_day()))
    {
        // An error names the business by its code, never an amount.
        let named = |e: homebiz_income::IncomeError| {
            // A business the registry does not know is named by its ID.
            let code = businesses
                .iter()
                .find(|b| b.id() == m.business)
                .map_or_else(|| m.business.to_string(), |b| b.code().to_owned());
            homebiz_income::IncomeError::Of {
                what: "business",
                code,
                error: Box::new(e),
            }
        };
        let list = nets.entry(m.business).or_default();
        let net = m.totals.net().map_err(named)?;
        match list.iter_mut().find(|(month, _)| *month == m.month) {
            Some((_, sum)) => *sum = sum.checked_add(net).map_err(|e| named(e.into()))?,
            None => list.push((m.month, net)),
        }
    }
    let mut out = Vec::new();
    for h in households {
        // An error names the household by its code, never an amount.
        let named = |e: homebiz_income::IncomeError| homebiz_income::IncomeError::Of {
            what: "household",
            code: h.code().to_owned(),
            error: Box::new(e),
        };
        let own: Vec<&Business> = businesses
            .iter()
            .filter(|b| b.household() == h.id())
            .collect();
        if own.is_empty() {
            continue;
        }
        let mut any_sustained = false;
        let mut per_month = vec![Money::rial(0); window.len()];
        for b in &own {
            let list = nets.get(&b.id()).map_or(&[][..], Vec::as_slice);
            if matches!(b.state(), BusinessState::Active)
                && sustained(list, last, rule).map_err(named)?.sustained
            {
                any_sustained = true;
            }
            for (k, month) in window.iter().enumerate() {
                for (_, n) in list.iter().filter(|(m, _)| *m == month) {
                    per_month[k] = per_month[k].checked_add(*n).map_err(|e| named(e.into()))?;
                }
            }
        }
        let change = h
            .data()
            .baseline
            .as_ref()
            .map(|b| income_change(b.monthly_income, &per_month))
            .transpose()
            .map_err(named)?;
        let linked = linked.map(|set| own.iter().any(|b| set.contains(&b.id())));
        out.push(HouseholdIndicators {
            household: crate::program::CodeRef {
                code: h.code().to_owned(),
                id: h.id(),
            },
            businesses: own.len(),
            graduation: homebiz_income::indicators::graduation(
                graduation,
                any_sustained,
                change.as_ref(),
                linked,
            ),
            change,
            sustained: any_sustained,
            linked,
        });
    }
    Ok(out)
}

/// The offices whose subtrees make up `office` (just it), or all that the
/// reader's actor sees for `None` (each visible office whose parent is
/// none or not visible: the whole registry for an unrestricted actor, the
/// actor's own offices for a scoped one): the roots to list households or
/// businesses under.
pub fn roots(
    r: &homebiz_registry::Reader<'_>,
    office: Option<&str>,
) -> homebiz_registry::Result<Vec<homebiz_registry::Office>> {
    match office {
        Some(code) => Ok(vec![r.office_by_code(code)?]),
        None => {
            let visible = r.offices()?;
            let ids: std::collections::HashSet<_> = visible.iter().map(|o| o.id()).collect();
            Ok(visible
                .into_iter()
                .filter(|o| o.data().parent.is_none_or(|p| !ids.contains(&p)))
                .collect())
        }
    }
}
