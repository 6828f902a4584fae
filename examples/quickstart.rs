//! Register a household, get recommendations, record a sale, print a
//! report — in memory. Run with `cargo run --example quickstart`.
#![allow(clippy::print_stdout)] // examples print (ARCHITECTURE.md)

use std::sync::Arc;

use homebiz::core::id::{ActorId, BusinessId, EntryId, HouseholdId, OfficeId};
use homebiz::core::{FixedClock, JalaliDate as D, JalaliMonthRange, Money};
use homebiz::income::{
    entry::{Body, Entry},
    report::{Granularity, GroupBy},
};
use homebiz::program::Program;
use homebiz::registry::testing::person_data;
use homebiz::registry::{Actor, BusinessData, BusinessMode, BusinessState, HouseholdData};
use homebiz::registry::{MembershipState, OfficeData, OfficeLevel::*, Space};
use homebiz::scoring::recommend::Recommender;

#[rustfmt::skip] // kept compact: the point is that it fits on one screen
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    let admin = Actor::unrestricted(ActorId::new());
    let h = program.registry().write(&admin, |w| {
        let mut parent = None; // province → county → city → facilitation office
        for (code, level) in [("WAZ", Province), ("URM", County), ("URM-C", City), ("URM-1", Office)] {
            let data = OfficeData { id: OfficeId::new(), code: code.into(), name: code.into(), level, parent };
            parent = Some(w.add_office(data)?.id());
        }
        let office = parent.unwrap_or_else(OfficeId::new);
        let h = w.add_household(HouseholdData { id: HouseholdId::new(), code: "H-1".into(), office,
            address: "Urmia".into(), baseline: None, support: None, membership: MembershipState::Applied,
            space: Space { area_m2: 20, separate_room: true }, registered_on: D::new(1404, 1, 5)? })?;
        w.add_person(person_data(h.id(), 1))?; // a seamstress, from the registry's test data
        Ok(h)
    })?;
    // What fits the household, and where it would sell.
    let context = program.market_context(&admin, "URM-1", Default::default())?;
    let profile = program.profile(&admin, h.id(), Money::rial(50_000_000), Money::rial(300_000_000))?;
    let rec = Recommender::standard().recommend(program.catalog(), &profile, &context)?;
    for r in rec.ranked.iter().take(3) {
        println!("{}. {} ({:.2}), sold through {:?}", r.rank, r.activity.code(), r.score, r.channels);
    }
    // The household starts the best one; its first sale goes into the ledger.
    let owner = program.registry().read(&admin, |r| r.members(h.id()))?[0].id();
    let business = program.registry().write(&admin, |w| w.add_business(BusinessData {
        id: BusinessId::new(), code: "H-1-B1".into(), household: h.id(), owner, office: h.office(),
        activity: rec.ranked[0].activity.code().into(), mode: BusinessMode::Independent, licence: None,
        health_certificate: None, capital_invested: Money::rial(40_000_000), state: BusinessState::Planned,
    }))?;
    program.ledger().record(Entry { key: None, id: EntryId::new(), body: Body::Sale { business: business.id(),
        channel: None, on: D::new(1404, 1, 20)?, quantity: 4, unit_price: Money::rial(1_200_000),
        commission: Money::rial(0) } })?;
    let year = JalaliMonthRange::year(1404)?;
    let report = program.income_report(&admin, None, year, GroupBy::Business, Granularity::Month)?;
    for row in &report.rows {
        println!("{}: revenue {}, net {}", row.period, row.revenue, row.net);
    }
    Ok(())
}
