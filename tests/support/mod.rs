//! Helpers shared by the facade's test binaries.

// Each test binary uses some of these.
#![allow(dead_code)]

use std::sync::Arc;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{BusinessId, ChannelId, OfficeId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{Clock, FixedClock};
use homebiz::income::Ledger;
use homebiz::income::store::IncomeStore;
use homebiz::market::Market;
use homebiz::market::channel::{Channel, ChannelData, Schedule};
use homebiz::market::store::MarketStore;
use homebiz::program::{MemoryProgram, Program};
use homebiz::registry::testing::{Fixture, business_data, test_now};
use homebiz::registry::{Actor, MemoryStore, RegistryStore};
use homebiz::scoring::catalog::Catalog;

/// A programme in memory over the fixture's registry, with an empty market
/// and ledger and the fixture's clock; and the fixture's unrestricted
/// actor.
pub(crate) fn program_over(f: Fixture<MemoryStore>) -> (MemoryProgram, Actor) {
    program_on(
        f,
        homebiz::market::MemoryStore::new(),
        homebiz::income::MemoryStore::new(),
    )
}

/// A programme over the fixture's registry and the `market` and `ledger`
/// stores (empty), with the fixture's clock; and the fixture's
/// unrestricted actor.
pub(crate) fn program_on<R: RegistryStore, M: MarketStore, I: IncomeStore>(
    f: Fixture<R>,
    market: M,
    ledger: I,
) -> (Program<R, M, I>, Actor) {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(test_now()));
    let program = Program::new(
        f.registry,
        Market::with_shared_clock(market, Arc::clone(&clock)),
        Ledger::new(ledger),
        Catalog::default_catalog().unwrap(),
        clock,
    );
    (program, f.admin)
}

/// Registers, for each `(n, office, code)`, the household `code` in
/// `office` with person `n` and the business `{code}-B1` they own; their
/// IDs in order.
pub(crate) fn businesses<S: RegistryStore>(
    f: &Fixture<S>,
    list: &[(u32, OfficeId, &str)],
) -> Vec<BusinessId> {
    list.iter()
        .map(|&(n, office, code)| {
            let h = f.household(office, code);
            let owner = f.person(h.id(), n).person;
            f.registry
                .write(&f.admin, |w| {
                    w.add_business(business_data(h.id(), owner.id(), &format!("{code}-B1")))
                })
                .unwrap()
                .id()
        })
        .collect()
}

/// Adds a channel with `code` and `kind` (commission 9%, always open).
pub(crate) fn add_channel<R: RegistryStore, M: MarketStore, I: IncomeStore>(
    program: &Program<R, M, I>,
    code: &str,
    kind: ChannelKind,
) -> Channel {
    program
        .market()
        .add_channel(ChannelData {
            id: ChannelId::new(),
            code: code.into(),
            name: code.into(),
            kind,
            location: String::new(),
            accepts: vec![],
            commission: Decimal::new(9, 2),
            fee: None,
            schedule: Schedule::Permanent,
            capacity: None,
            by: None,
        })
        .unwrap()
}
