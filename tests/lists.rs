//! Lists for people (issue #14): exhibitions, applications by exhibition and
//! state, orders, offers, partners and a business's ledger statement; each
//! record naming a business only within the actor's offices.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use homebiz::core::category::Category;
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{ApplicationId, BusinessId, ChannelId, EntryId, ExhibitionId};
use homebiz::core::{JalaliDate, Money};
use homebiz::income::entry::{Body, CostCategory, Entry};
use homebiz::market::application::{ApplicationData, ApplicationState};
use homebiz::market::exhibition::{Booth, ExhibitionData, SizeClass};
use homebiz::market::orders::Offer;
use homebiz::program::{MemoryProgram, ProgramError};
use homebiz::registry::testing::Fixture;
use homebiz::registry::{Actor, RegistryError};
use support::{add_channel, program_over};

struct Setup {
    program: MemoryProgram,
    admin: Actor,
    staff_a: Actor,
    businesses: [BusinessId; 2],
    channel: ChannelId,
}

fn setup() -> Setup {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let staff_a = f.staff_of(f.office_a);
    let businesses = support::businesses(&f, &[(1, f.office_a, "A-1"), (2, f.office_b, "B-1")]);
    let (program, admin) = program_over(f);
    let channel = add_channel(&program, "TERMINAL", ChannelKind::PermanentExhibition).id();
    Setup {
        program,
        admin,
        staff_a,
        businesses: [businesses[0], businesses[1]],
        channel,
    }
}

fn day(s: &str) -> JalaliDate {
    s.parse().unwrap()
}

#[test]
fn applications_and_offers_are_listed_within_scope() {
    let s = setup();
    let exhibition = s
        .program
        .market()
        .create_exhibition(ExhibitionData {
            id: ExhibitionId::new(),
            code: "TERMINAL".into(),
            name: "Terminal".into(),
            channel: s.channel,
            booths: vec![Booth::new(
                "B-01",
                SizeClass::Standard,
                vec![Category::Handicrafts],
            )],
            weekly_limits: vec![],
            monthly_cap: 2,
            by: None,
        })
        .unwrap();
    let mut ids = Vec::new();
    for (business, applied_on) in [
        (s.businesses[1], "1404-01-05"),
        (s.businesses[0], "1404-01-06"),
    ] {
        let a = s
            .program
            .market()
            .apply(ApplicationData {
                id: ApplicationId::new(),
                exhibition: exhibition.id(),
                business,
                category: Category::Handicrafts,
                new_producer: true,
                vulnerable: false,
                weeks_wanted: 2,
                seasonality: None,
                applied_on: day(applied_on),
                by: None,
            })
            .unwrap();
        ids.push(a.id());
    }
    s.program
        .market()
        .decide(ids[0], ApplicationState::Approved, None, None)
        .unwrap();

    let exhibitions = s.program.list_exhibitions(&s.staff_a).unwrap();
    assert_eq!(exhibitions.len(), 1);
    assert_eq!(
        (exhibitions[0].channel.code.as_str(), exhibitions[0].booths),
        ("TERMINAL", 1)
    );

    let all = s
        .program
        .list_applications(&s.admin, "TERMINAL", None)
        .unwrap();
    let codes: Vec<_> = all.iter().map(|a| (a.business.as_str(), a.state)).collect();
    assert_eq!(
        codes,
        [
            ("B-1-B1", ApplicationState::Approved),
            ("A-1-B1", ApplicationState::Pending)
        ]
    );
    assert_eq!(all[0].id, ids[0]);
    assert_eq!(all[0].category, Category::Handicrafts);
    let pending = s
        .program
        .list_applications(&s.admin, "TERMINAL", Some(ApplicationState::Pending))
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].id, ids[1]);
    // Office A's staff see only office A's business's application.
    let mine = s
        .program
        .list_applications(&s.staff_a, "TERMINAL", None)
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].business, "A-1-B1");
    assert!(s.program.list_applications(&s.admin, "NONE", None).is_err());

    // Offers, scoped the same way.
    let offer = |business| Offer {
        business,
        category: Category::Handicrafts,
        activity: None,
        capacity: 10,
        unit_price: Money::rial(300_000),
        lead_days: 3,
        by: None,
    };
    s.program
        .market()
        .set_offers(&[offer(s.businesses[0]), offer(s.businesses[1])])
        .unwrap();
    assert_eq!(s.program.list_offers(&s.admin, None).unwrap().len(), 2);
    let mine = s.program.list_offers(&s.staff_a, None).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].business, "A-1-B1");
    assert_eq!(
        s.program.list_offers(&s.admin, Some("URM-B")).unwrap()[0].business,
        "B-1-B1"
    );
    let err = s
        .program
        .list_offers(&s.staff_a, Some("URM-B"))
        .unwrap_err();
    assert!(
        matches!(
            err,
            ProgramError::NotFound { .. } | ProgramError::Registry(RegistryError::NotFound { .. })
        ),
        "{err}"
    );
    assert!(s.program.list_orders(&s.staff_a).unwrap().is_empty());
    assert!(s.program.list_partners(&s.staff_a).unwrap().is_empty());
}

#[test]
fn a_statement_runs_in_the_order_reports_count_entries_with_reversals() {
    let s = setup();
    let a = s.businesses[0];
    let sale = |on: &str, price: i64| Entry {
        key: None,
        id: EntryId::new(),
        body: Body::Sale {
            business: a,
            channel: Some(s.channel),
            on: day(on),
            quantity: 2,
            unit_price: Money::rial(price),
            commission: Money::rial(0),
        },
    };
    let late = s
        .program
        .record(&s.admin, sale("1404-02-10", 500_000))
        .unwrap();
    let early = s
        .program
        .record(&s.admin, sale("1404-01-10", 100_000))
        .unwrap();
    s.program
        .record(
            &s.admin,
            Entry {
                key: None,
                id: EntryId::new(),
                body: Body::Cost {
                    business: a,
                    on: day("1404-01-20"),
                    category: CostCategory::Materials,
                    amount: Money::rial(50_000),
                },
            },
        )
        .unwrap();
    let reversal = s
        .program
        .ledger()
        .reverse(early.entry.id, "typed twice", day("1404-03-01"))
        .unwrap();

    let statement = s.program.statement(&s.staff_a, "A-1-B1").unwrap();
    // The reversal counts on the day of the sale it cancels, as every
    // report counts it (issue #14), and keeps its own day beside.
    let kinds: Vec<_> = statement
        .lines
        .iter()
        .map(|l| (l.kind, l.counts_on.to_string(), l.on.to_string()))
        .collect();
    let line = |kind, counts: &str, on: &str| (kind, counts.to_owned(), on.to_owned());
    assert_eq!(
        kinds,
        [
            line("sale", "1404-01-10", "1404-01-10"),
            line("reversal", "1404-01-10", "1404-03-01"),
            line("cost", "1404-01-20", "1404-01-20"),
            line("sale", "1404-02-10", "1404-02-10"),
        ]
    );
    let running: Vec<_> = statement.lines.iter().map(|l| l.running_net).collect();
    assert_eq!(
        running,
        [
            Money::rial(200_000),
            Money::rial(0),
            Money::rial(-50_000),
            Money::rial(950_000),
        ]
    );
    assert_eq!(statement.lines[0].reversed_by, Some(reversal.entry.id));
    assert_eq!(statement.lines[1].reverses, Some(early.entry.id));
    assert_eq!(statement.lines[3].entry, late.entry.id);
    assert_eq!(statement.lines[3].channel.as_deref(), Some("TERMINAL"));
    assert_eq!(statement.totals.net().unwrap(), Money::rial(950_000));

    // Office A's staff cannot read office B's business's statement.
    let err = s.program.statement(&s.staff_a, "B-1-B1").unwrap_err();
    assert!(
        matches!(err, ProgramError::NotFound { kind: "business", ref code, .. } if code == "B-1-B1"),
        "{err}"
    );
    assert_eq!(err.to_string(), "business B-1-B1 not found");
    assert!(
        s.program
            .statement(&s.admin, "B-1-B1")
            .unwrap()
            .lines
            .is_empty()
    );
}
