//! The ledger's use cases (issue #14) hold the actor's scope through the
//! business's office, and every write records who made it.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{BusinessId, EntryId, TypedId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{JalaliDate, JalaliMonthRange, Money};
use homebiz::income::entry::{Body, Entry};
use homebiz::income::indicators::{GraduationRule, SustainedRule};
use homebiz::income::report::{Granularity, GroupBy, Period};
use homebiz::program::ledger::{LoanTerms, NewLoan, NewSale, ReportKey};
use homebiz::program::{MemoryProgram, ProgramError};
use homebiz::registry::Actor;
use homebiz::registry::testing::Fixture;
use homebiz::sales::SalesOptions;
use support::{add_channel, program_over};

struct Setup {
    program: MemoryProgram,
    admin: Actor,
    staff_a: Actor,
    businesses: [BusinessId; 2],
}

/// Office A has business A-1-B1, office B has B-1-B1; one channel.
fn setup() -> Setup {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let staff_a = f.staff_of(f.office_a);
    let businesses = support::businesses(&f, &[(1, f.office_a, "A-1"), (2, f.office_b, "B-1")]);
    let (program, admin) = program_over(f);
    add_channel(&program, "TERMINAL", ChannelKind::PermanentExhibition);
    Setup {
        program,
        admin,
        staff_a,
        businesses: [businesses[0], businesses[1]],
    }
}

fn sale<'a>(business: &'a str, key: &'a str, price: i64) -> NewSale<'a> {
    NewSale {
        business,
        channel: Some("TERMINAL"),
        on: JalaliDate::new(1404, 2, 10).unwrap(),
        quantity: 2,
        unit_price: Money::rial(price),
        commission: Money::rial(0),
        key: Some(key),
    }
}

fn not_found(e: ProgramError, kind: &str, code: &str) {
    match &e {
        ProgramError::NotFound {
            kind: k, code: c, ..
        } if *k == kind && c == code => {}
        other => panic!("expected {kind} {code} not found, got {other:?}"),
    }
    // An ID is named as one; a code or key as typed.
    let expected = if code.parse::<homebiz::core::id::ActorId>().is_ok() {
        format!("{kind} with ID {code} not found")
    } else {
        format!("{kind} {code} not found")
    };
    assert_eq!(e.to_string(), expected);
}

#[test]
fn an_office_records_and_reverses_only_its_own_businesses_sales_and_is_recorded() {
    let s = setup();
    let p = &s.program;
    // Another office's business is not found, and nothing is written.
    not_found(
        p.record_sale(&s.staff_a, &sale("B-1-B1", "S-X", 1_000))
            .unwrap_err(),
        "business",
        "B-1-B1",
    );
    not_found(
        p.record_sale(
            &s.staff_a,
            &sale(&s.businesses[1].to_string(), "S-X", 1_000),
        )
        .unwrap_err(),
        "business",
        &s.businesses[1].to_string(),
    );
    assert_eq!(p.ledger().read(|r| r.len()).unwrap(), 0);

    let own = p
        .record_sale(&s.staff_a, &sale("A-1-B1", "S-1", 1_000))
        .unwrap();
    assert_eq!(own.business_code, "A-1-B1");
    assert_eq!(own.recorded.by, Some(s.staff_a.id));
    assert_eq!(own.recorded.entry.key.as_deref(), Some("S-1"));
    // Again by the admin: the same entry, still the staff's.
    let again = p
        .record_sale(&s.admin, &sale("A-1-B1", "S-1", 1_000))
        .unwrap();
    assert_eq!(again.recorded, own.recorded);
    // The same key with another price: refused, naming the key.
    let err = p
        .record_sale(&s.staff_a, &sale("A-1-B1", "S-1", 2_000))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "entry S-1 was recorded with a different unit_price"
    );
    not_found(
        p.record_sale(
            &s.staff_a,
            &NewSale {
                channel: Some("BAZAR"),
                ..sale("A-1-B1", "S-2", 1_000)
            },
        )
        .unwrap_err(),
        "channel",
        "BAZAR",
    );

    let theirs = p
        .record_sale(&s.admin, &sale("B-1-B1", "S-B", 5_000))
        .unwrap();
    assert_eq!(theirs.recorded.by, Some(s.admin.id));
    // Office A cannot reverse office B's entry, by key, by ID or in a batch.
    not_found(
        p.reverse_entry(&s.staff_a, "S-B", "typo", None)
            .unwrap_err(),
        "entry",
        "S-B",
    );
    let by_id = theirs.recorded.entry.id.to_string();
    not_found(
        p.reverse_entry(&s.staff_a, &by_id, "typo", None)
            .unwrap_err(),
        "entry",
        &by_id,
    );
    let reversal = Entry {
        key: None,
        id: EntryId::new(),
        body: Body::Reversal {
            of: theirs.recorded.entry.id,
            on: JalaliDate::new(1404, 3, 1).unwrap(),
            reason: "typo".into(),
        },
    };
    assert!(p.record(&s.staff_a, reversal).is_err());
    assert_eq!(p.ledger().read(|r| r.len()).unwrap(), 2);

    // Its own: reversed, the reversal recorded by the staff.
    let reversed = p.reverse_entry(&s.staff_a, "S-1", "typo", None).unwrap();
    assert_eq!(reversed.entry, "S-1");
    assert_eq!(reversed.reversal.by, Some(s.staff_a.id));
    assert_eq!(
        p.reverse_entry(&s.staff_a, "S-1", "again", None)
            .unwrap_err()
            .to_string(),
        "entry S-1 cannot be reversed: it was reversed already"
    );

    // The statement shows each entry's key and who recorded it; another
    // office's business has none to show.
    let statement = p.statement(&s.staff_a, "A-1-B1").unwrap();
    let lines: Vec<(Option<&str>, Option<_>)> = statement
        .lines
        .iter()
        .map(|l| (l.key.as_deref(), l.by))
        .collect();
    assert_eq!(
        lines,
        [
            (Some("S-1"), Some(s.staff_a.id)),
            (None, Some(s.staff_a.id))
        ]
    );
    not_found(
        p.statement(&s.staff_a, "B-1-B1").unwrap_err(),
        "business",
        "B-1-B1",
    );
}

#[test]
fn an_import_records_only_the_actors_businesses_and_who_imported() {
    let s = setup();
    let p = &s.program;
    let csv = "id,business,channel,date,quantity,unit_price\n\
               S-1,A-1-B1,TERMINAL,1404-02-01,1,1000\n\
               S-2,B-1-B1,TERMINAL,1404-02-01,1,1000\n";
    let import = |actor: &Actor, options: &SalesOptions| {
        p.import_sales(
            actor,
            "sales.csv",
            || Ok(csv.as_bytes()),
            options,
            None,
            &mut |_| {},
        )
    };
    let err = import(&s.staff_a, &SalesOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("sales.csv: row 3, column business: business "),
        "{err}"
    );
    assert_eq!(p.ledger().read(|r| r.len()).unwrap(), 0);
    let skip = SalesOptions {
        on_error: homebiz::import::OnError::Skip,
        batch: 10,
    };
    let report = import(&s.staff_a, &skip).unwrap();
    assert_eq!((report.recorded, report.rejected), (1, 1));
    let entries = p.ledger().entries(s.businesses[0]).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].by, Some(s.staff_a.id));
    assert_eq!(entries[0].entry.key.as_deref(), Some("S-1"));
    assert!(p.ledger().entries(s.businesses[1]).unwrap().is_empty());
    // The admin imports the rest; the staff's entry stays the staff's.
    let report = import(&s.admin, &SalesOptions::default()).unwrap();
    assert_eq!((report.recorded, report.existing), (1, 1));
    assert_eq!(
        p.ledger().entries(s.businesses[1]).unwrap()[0].by,
        Some(s.admin.id)
    );
    assert_eq!(
        p.ledger().entries(s.businesses[0]).unwrap()[0].by,
        Some(s.staff_a.id)
    );
}

#[test]
fn reports_and_indicators_cover_only_the_actors_offices() {
    let s = setup();
    let p = &s.program;
    p.record_sale(&s.admin, &sale("A-1-B1", "S-A", 1_000))
        .unwrap();
    p.record_sale(&s.admin, &sale("B-1-B1", "S-B", 5_000))
        .unwrap();
    let year = JalaliMonthRange::year(1404).unwrap();
    let total = |actor: &Actor, office: Option<&str>| {
        p.income_report(actor, office, year, GroupBy::Business, Granularity::Month)
            .map(|r| r.total.revenue.minor_units())
    };
    assert_eq!(total(&s.admin, None).unwrap(), 12_000);
    assert_eq!(total(&s.admin, Some("URM-B")).unwrap(), 10_000);
    assert_eq!(total(&s.staff_a, None).unwrap(), 2_000);
    assert_eq!(total(&s.staff_a, Some("URM-A")).unwrap(), 2_000);
    not_found(
        total(&s.staff_a, Some("URM-B")).unwrap_err(),
        "office",
        "URM-B",
    );
    // A scoped actor's parent offices are not in scope either.
    not_found(
        total(&s.staff_a, Some("URM-CITY")).unwrap_err(),
        "office",
        "URM-CITY",
    );

    // For people: keys by code with the ID beside; the total over the year.
    let named = p
        .income_report_named(
            &s.staff_a,
            None,
            year,
            GroupBy::Business,
            Granularity::Month,
        )
        .unwrap();
    assert_eq!(
        named.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>(),
        [ReportKey::Business {
            code: Some("A-1-B1".into()),
            id: s.businesses[0]
        }]
    );
    assert_eq!(named.total.period, Period::Year(1404));
    let json = serde_json::to_value(&named).unwrap();
    assert_eq!(json["rows"][0]["key"]["code"], "A-1-B1");
    assert_eq!(json["rows"][0]["key"]["id"], s.businesses[0].to_string());
    for by in [GroupBy::Office, GroupBy::Household, GroupBy::Channel] {
        let r = p
            .income_report_named(&s.admin, None, year, by, Granularity::Year)
            .unwrap();
        let codes: Vec<String> = r
            .rows
            .iter()
            .map(|row| match &row.key {
                ReportKey::Office { code, .. }
                | ReportKey::Household { code, .. }
                | ReportKey::Channel { code, .. } => code.clone().unwrap(),
                other => panic!("{other:?}"),
            })
            .collect();
        let expected: Vec<&str> = match by {
            GroupBy::Office => vec!["URM-A", "URM-B"],
            GroupBy::Household => vec!["A-1", "B-1"],
            _ => vec!["TERMINAL"],
        };
        let mut codes = codes;
        codes.sort();
        assert_eq!(codes, expected, "{by:?}");
    }

    let indicators = |actor: &Actor, office: &str| {
        p.indicators(
            actor,
            office,
            JalaliDate::new(1404, 3, 10).unwrap(),
            &SustainedRule::default(),
            &GraduationRule::default(),
            3,
        )
    };
    let own = indicators(&s.staff_a, "URM-A").unwrap();
    assert_eq!(
        own.households
            .iter()
            .map(|h| h.household.code.as_str())
            .collect::<Vec<_>>(),
        ["A-1"]
    );
    not_found(
        indicators(&s.staff_a, "URM-B").unwrap_err(),
        "office",
        "URM-B",
    );
    assert_eq!(
        indicators(&s.admin, "URM-CITY").unwrap().households.len(),
        2
    );
}

#[test]
fn loans_are_added_and_shown_within_scope_with_who_added_them() {
    let s = setup();
    let p = &s.program;
    let terms = LoanTerms {
        principal: Money::rial(12_000_000),
        annual_rate: Decimal::ZERO,
        term_months: 12,
        grace_months: 0,
        disbursed_on: Some(JalaliDate::new(1404, 1, 10).unwrap()),
    };
    let loan = |business, key| NewLoan {
        business,
        key: Some(key),
        terms,
    };
    not_found(
        p.add_loan(&s.staff_a, &loan("B-1-B1", "L-X")).unwrap_err(),
        "business",
        "B-1-B1",
    );
    let own = p.add_loan(&s.staff_a, &loan("A-1-B1", "L-1")).unwrap();
    assert_eq!(own.loan.data().by, Some(s.staff_a.id));
    assert_eq!(
        own.loan.id(),
        homebiz::income::loan::Loan::key_id(s.businesses[0], "L-1")
    );
    assert_eq!(own.business, "A-1-B1");
    assert_eq!(own.schedule.instalments.len(), 12);
    // Today is 1404-03-11: two instalments have fallen due, none paid.
    assert_eq!(own.status.arrears, Money::rial(2_000_000));
    assert!(p.add_loan(&s.staff_a, &loan("A-1-B1", "L-1")).is_err());
    p.add_loan(&s.admin, &loan("B-1-B1", "L-B")).unwrap();
    not_found(p.loan(&s.staff_a, "L-B", None).unwrap_err(), "loan", "L-B");
    let shown = p.loan(&s.staff_a, "L-1", None).unwrap();
    assert_eq!(shown.loan, own.loan);
    assert_eq!(p.loan_schedule(&s.staff_a, &terms).unwrap(), own.schedule);
}

/// Output names who recorded a sale, reversal or loan by the configured
/// user's code beside the ID, and the sale's channel by code (#14); an
/// actor that is not a configured user has no code (output shows its ID).
#[test]
fn ledger_records_name_the_configured_user_beside_the_id() {
    let s = setup();
    let p = &s.program;
    p.add_user(&s.admin, "sara", None, Some("URM-A")).unwrap();
    let sara = p.sign_in("sara").unwrap();
    let sold = p.record_sale(&sara, &sale("A-1-B1", "S-1", 1_000)).unwrap();
    assert_eq!(sold.recorded.by, Some(sara.id));
    assert_eq!(sold.by_user.as_deref(), Some("sara"));
    assert_eq!(sold.channel_code.as_deref(), Some("TERMINAL"));
    let json = serde_json::to_value(&sold).unwrap();
    assert_eq!(json["by_user"], "sara");
    assert_eq!(json["by"], sara.id.to_string());
    assert_eq!(json["channel_code"], "TERMINAL");

    let unknown = p
        .record_sale(&s.staff_a, &sale("A-1-B1", "S-2", 1_000))
        .unwrap();
    assert_eq!(unknown.by_user, None);

    let reversed = p.reverse_entry(&sara, "S-1", "typo", None).unwrap();
    assert_eq!(reversed.by_user.as_deref(), Some("sara"));
    let statement = p.statement(&s.admin, "A-1-B1").unwrap();
    let users: Vec<(Option<&str>, Option<&str>)> = statement
        .lines
        .iter()
        .map(|l| (l.key.as_deref(), l.by_user.as_deref()))
        .collect();
    assert_eq!(
        users,
        [
            (Some("S-1"), Some("sara")),
            (Some("S-2"), None),
            (None, Some("sara")),
        ],
        "{statement:?}"
    );

    let terms = LoanTerms {
        principal: Money::rial(12_000_000),
        annual_rate: Decimal::ZERO,
        term_months: 12,
        grace_months: 0,
        disbursed_on: Some(JalaliDate::new(1404, 1, 10).unwrap()),
    };
    let loan = NewLoan {
        business: "A-1-B1",
        key: Some("L-1"),
        terms,
    };
    assert_eq!(
        p.add_loan(&sara, &loan).unwrap().by_user.as_deref(),
        Some("sara")
    );
    assert_eq!(
        p.loan(&s.admin, "L-1", None).unwrap().by_user.as_deref(),
        Some("sara")
    );
}

/// A ledger from before keys were scoped by business (issue #14) keeps its
/// entries' IDs (derived from the key alone); a replay of an old key for
/// its business, by hand or by file, finds the old entry and adds nothing
/// (other content is a conflict), the key still names it for a reversal,
/// and another office may now use the key for its own entry.
#[test]
fn an_old_ledgers_keys_are_still_recognised() {
    let s = setup();
    let p = &s.program;
    let on = JalaliDate::new(1404, 2, 10).unwrap();
    let channel = p
        .market()
        .read(|r| r.channels())
        .unwrap()
        .first()
        .unwrap()
        .id();
    // An entry as the old code recorded it: the ID from the key alone.
    let old = p
        .record(
            &s.admin,
            Entry {
                key: Some("S-1".to_owned()),
                id: EntryId::from_key("S-1"),
                body: Body::Sale {
                    business: s.businesses[0],
                    channel: Some(channel),
                    on,
                    quantity: 2,
                    unit_price: Money::rial(1_000),
                    commission: Money::rial(0),
                },
            },
        )
        .unwrap();
    let again = p
        .record_sale(&s.staff_a, &sale("A-1-B1", "S-1", 1_000))
        .unwrap();
    assert_eq!(again.recorded, old);
    // Other content under the old key: a conflict, named by the key.
    let conflict = p
        .record_sale(&s.staff_a, &sale("A-1-B1", "S-1", 7))
        .unwrap_err();
    assert!(
        conflict
            .to_string()
            .ends_with("S-1 was recorded with a different unit_price")
    );
    let import = |quantity: u32| {
        let csv = format!(
            "id,business,channel,date,quantity,unit_price\nS-1,A-1-B1,TERMINAL,1404-02-10,{quantity},1000\n"
        );
        p.import_sales(
            &s.staff_a,
            "sales.csv",
            || Ok(std::io::Cursor::new(csv.clone().into_bytes())),
            &SalesOptions::default(),
            None,
            &mut |_| {},
        )
    };
    let report = import(2).unwrap();
    assert_eq!((report.recorded, report.existing), (0, 1));
    let err = import(3).unwrap_err();
    assert!(err.to_string().contains("column quantity"), "{err}");
    assert_eq!(p.ledger().read(|r| r.len()).unwrap(), 1);

    // Office B's business now takes the key for its own sale.
    let theirs = p
        .record_sale(&s.admin, &sale("B-1-B1", "S-1", 5_000))
        .unwrap();
    assert_ne!(theirs.recorded.entry.id, old.entry.id);
    assert_eq!(p.ledger().read(|r| r.len()).unwrap(), 2);

    // The key names the old entry for office A's staff; the admin, who
    // sees both businesses, must choose.
    let found = p.entry_named(&s.staff_a, "S-1", None).unwrap();
    assert_eq!(found, old);
    match p.entry_named(&s.admin, "S-1", None).unwrap_err() {
        ProgramError::Ambiguous {
            kind: "entry",
            key,
            businesses,
        } => assert_eq!(
            (key.as_str(), businesses),
            ("S-1", vec!["A-1-B1".to_owned(), "B-1-B1".to_owned()])
        ),
        other => panic!("expected an ambiguous key, got {other:?}"),
    }
    let reversed = p
        .reverse_entry_of(&s.admin, Some("A-1-B1"), "S-1", "typo", None)
        .unwrap();
    assert_eq!(reversed.entry_id, old.entry.id);
    assert_eq!(
        p.ledger().totals(s.businesses[0]).unwrap().revenue,
        Money::rial(0)
    );
    assert_eq!(
        p.ledger().totals(s.businesses[1]).unwrap().revenue,
        Money::rial(10_000)
    );
}
