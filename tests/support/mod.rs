//! Helpers shared by the facade's test binaries.

// Each test binary uses some of these.
#![allow(dead_code)]

use std::sync::Arc;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::ChannelId;
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{Clock, FixedClock};
use homebiz::income::Ledger;
use homebiz::market::Market;
use homebiz::market::channel::{Channel, ChannelData, Schedule};
use homebiz::program::{MemoryProgram, Program};
use homebiz::registry::testing::{Fixture, test_now};
use homebiz::registry::{Actor, MemoryStore};
use homebiz::scoring::catalog::Catalog;

/// A programme in memory over the fixture's registry, with an empty market
/// and ledger and the fixture's clock; and the fixture's unrestricted
/// actor.
pub(crate) fn program_over(f: Fixture<MemoryStore>) -> (MemoryProgram, Actor) {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(test_now()));
    let program = Program::new(
        f.registry,
        Market::with_shared_clock(homebiz::market::MemoryStore::new(), Arc::clone(&clock)),
        Ledger::new(homebiz::income::MemoryStore::new()),
        Catalog::default_catalog().unwrap(),
        clock,
    );
    (program, f.admin)
}

/// Adds a channel with `code` and `kind` (commission 9%, always open).
pub(crate) fn add_channel(program: &MemoryProgram, code: &str, kind: ChannelKind) -> Channel {
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
