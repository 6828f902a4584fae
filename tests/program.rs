//! A whole programme across the domains, in memory and on SQLite: synthetic
//! households planned into businesses, businesses applying and getting
//! booths, a consignment settled into the ledger once, income reported by
//! office and joined with linkage in the indicators.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{ActorId, ChannelId, ConsignmentId, ExhibitionId, TypedId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{Clock, FixedClock, JalaliDate, JalaliMonthRange, Money};
use homebiz::import::{ImportKind, ImportOptions, import_csv};
use homebiz::income::indicators::{GraduationRule, SustainedRule};
use homebiz::income::report::{Granularity, GroupBy, Key};
use homebiz::income::store::IncomeStore;
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::channel::{ChannelData, Schedule};
use homebiz::market::consignment::{ConsignmentData, Event};
use homebiz::market::exhibition::{Booth, ExhibitionData, SizeClass};
use homebiz::market::store::MarketStore;
use homebiz::program::Program;
use homebiz::registry::{Actor, BusinessState, Licence, LicenceKind, RegistryStore};
use homebiz::scoring::recommend::Recommender;
use homebiz::synthetic::{SyntheticConfig, registry_csv};

fn run<R: RegistryStore, M: MarketStore, I: IncomeStore>(program: &Program<R, M, I>) {
    let admin = Actor::unrestricted(ActorId::new());
    let data = registry_csv(&SyntheticConfig {
        seed: 5,
        offices: 2,
        households_per_office: 30,
    })
    .unwrap();
    for (kind, text) in [
        (ImportKind::Offices, &data.offices),
        (ImportKind::Households, &data.households),
        (ImportKind::People, &data.people),
        (ImportKind::Businesses, &data.businesses),
    ] {
        import_csv(
            program.registry(),
            &admin,
            kind,
            "f.csv",
            text.as_bytes(),
            &ImportOptions::default(),
            None,
            &mut |_| {},
        )
        .unwrap();
    }
    let office = "URM-DZS";
    let before = program.businesses(&admin, Some(office)).unwrap().len();
    let demand = program
        .catalog()
        .iter()
        .map(|a| (a.code().to_owned(), 3))
        .collect();
    let context = program.market_context(&admin, office, demand).unwrap();
    let capital = Money::rial(60_000_000);
    let plan = program
        .plan_office(
            &admin,
            office,
            &context,
            &Recommender::standard(),
            capital,
            Money::rial(300_000_000),
        )
        .unwrap();
    assert!(!plan.assignments.is_empty());
    let started = program.start_planned(&admin, &plan, capital).unwrap();
    assert_eq!(started.len(), plan.assignments.len());
    assert_eq!(
        program.businesses(&admin, Some(office)).unwrap().len(),
        before + started.len()
    );

    // The exhibition, an application per new business, booths allocated.
    let channel = |code: &str, kind| ChannelData {
        id: ChannelId::from_key(code),
        code: code.into(),
        name: code.into(),
        kind,
        location: String::new(),
        accepts: vec![],
        commission: Decimal::new(15, 2),
        fee: None,
        schedule: Schedule::Permanent,
        capacity: None,
        by: None,
    };
    let terminal = program
        .market()
        .add_channel(channel("TERMINAL", ChannelKind::PermanentExhibition))
        .unwrap();
    let shop = program
        .market()
        .add_channel(channel("SHOP", ChannelKind::ConsignmentShop))
        .unwrap();
    program
        .market()
        .create_exhibition(ExhibitionData {
            id: ExhibitionId::new(),
            code: "TERMINAL".into(),
            name: "Terminal".into(),
            channel: terminal.id(),
            booths: vec![
                Booth::new("A", SizeClass::Large, vec![]),
                Booth::new("B", SizeClass::Small, vec![]),
            ],
            weekly_limits: vec![],
            monthly_cap: 2,
            by: None,
        })
        .unwrap();
    // Only licensed and active businesses may apply: license the new ones.
    program
        .registry()
        .write(&admin, |w| {
            for (k, b) in started.iter().enumerate() {
                w.transition_business(b.id(), BusinessState::InTraining)?;
                w.update_business(b.id(), |d| {
                    d.licence = Some(Licence {
                        number: format!("HB-{k:03}"),
                        kind: LicenceKind::HomeBusiness,
                        // Before the clock's today, 1404-01-05.
                        issued: JalaliDate::new(1404, 1, 2).unwrap(),
                        expires: None,
                    });
                })?;
                w.transition_business(b.id(), BusinessState::Licensed)?;
            }
            Ok(())
        })
        .unwrap();
    for b in &started {
        let a = program.apply(&admin, b.code(), "TERMINAL", 1).unwrap();
        assert!(a.application.data().new_producer);
        program
            .market()
            .decide(a.application.id(), ApplicationState::Approved, None, None)
            .unwrap();
    }
    let horizon = Horizon::new(JalaliDate::new(1404, 1, 15).unwrap(), 4).unwrap();
    let allocation = program
        .market()
        .allocate("TERMINAL", &horizon, Points::default())
        .unwrap();
    assert_eq!(allocation.bookings.len(), 8.min(started.len()));

    // A consignment, settled, becomes one ledger sale however often recorded.
    let maker = &started[0];
    let c = program
        .market()
        .consign(ConsignmentData {
            id: ConsignmentId::new(),
            business: maker.id(),
            channel: shop.id(),
            item: "goods".into(),
            quantity: 10,
            unit_price: Money::rial(2_000_000),
            commission: Decimal::new(15, 2),
            placed_on: JalaliDate::new(1404, 2, 1).unwrap(),
            by: None,
        })
        .unwrap();
    program
        .market()
        .record(
            c.id(),
            Event::Sold {
                quantity: 4,
                on: JalaliDate::new(1404, 2, 10).unwrap(),
            },
            None,
        )
        .unwrap();
    assert!(
        program.record_settlement(&admin, c.id()).unwrap().is_none(),
        "not settled yet"
    );
    let s = program
        .market()
        .settle(c.id(), JalaliDate::new(1404, 2, 20).unwrap(), None)
        .unwrap();
    let first = program.record_settlement(&admin, c.id()).unwrap().unwrap();
    let again = program.record_settlement(&admin, c.id()).unwrap().unwrap();
    assert_eq!(first, again);
    assert_eq!(
        program.ledger().totals(maker.id()).unwrap().net().unwrap(),
        s.payout
    );

    // Reported by office; joined with linkage per household.
    let report = program
        .income_report(
            &admin,
            Some(office),
            JalaliMonthRange::year(1404).unwrap(),
            GroupBy::Office,
            Granularity::Year,
        )
        .unwrap();
    assert_eq!(report.rows.len(), 1);
    assert!(matches!(report.rows[0].key, Key::Office(_)));
    assert_eq!(report.total.net, s.payout);
    let indicators = program
        .indicators(
            &admin,
            office,
            JalaliDate::new(1404, 3, 31).unwrap(),
            &SustainedRule::default(),
            &GraduationRule::default(),
            3,
        )
        .unwrap()
        .households;
    let linked = indicators.iter().filter(|h| h.linked == Some(true)).count();
    assert!(
        linked >= allocation.bookings.len().min(started.len()) / 2,
        "{linked} linked"
    );
}

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::new("2025-03-25T08:00:00Z".parse().unwrap()))
}

#[test]
fn a_programme_in_memory() {
    run(&Program::in_memory(clock()).unwrap());
}

#[test]
fn a_programme_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let program =
        homebiz::program::SqliteProgram::open(dir.path().join("p.sqlite"), clock()).unwrap();
    run(&program);
    assert!(program.registry().store().integrity_check().unwrap());
}
