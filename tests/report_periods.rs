//! Reports and the statement agree on what each row covers (issue #14,
//! found by the walkthrough): a period the asked range cuts is labelled by
//! the months it holds, for every `per`; and the statement places a
//! reversal on the day every report counts it on, so its running net at a
//! period's end is the report's net up to then.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use homebiz::core::id::BusinessId;
use homebiz::core::{JalaliDate, JalaliMonth, JalaliMonthRange, Money};
use homebiz::income::entry::{Body, Entry};
use homebiz::income::report::{Granularity, GroupBy, Period};
use homebiz::program::MemoryProgram;
use homebiz::registry::Actor;
use homebiz::registry::testing::Fixture;
use support::program_over;

fn setup() -> (MemoryProgram, Actor, BusinessId) {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let businesses = support::businesses(&f, &[(1, f.office_a, "A-1")]);
    let (program, admin) = program_over(f);
    (program, admin, businesses[0])
}

fn day(s: &str) -> JalaliDate {
    s.parse().unwrap()
}

fn sell(
    program: &MemoryProgram,
    admin: &Actor,
    business: BusinessId,
    key: &str,
    on: &str,
    price: i64,
) {
    let body = Body::Sale {
        business,
        channel: None,
        on: day(on),
        quantity: 1,
        unit_price: Money::rial(price),
        commission: Money::rial(0),
    };
    program.record(admin, Entry::keyed(key, body)).unwrap();
}

fn range(s: &str) -> JalaliMonthRange {
    s.parse().unwrap()
}

fn month(y: i32, m: u8) -> JalaliMonth {
    JalaliMonth::new(y, m).unwrap()
}

/// Each row's period, as text and as the English label.
fn periods(
    program: &MemoryProgram,
    admin: &Actor,
    asked: &str,
    per: Granularity,
) -> Vec<(String, String)> {
    program
        .income_report(admin, None, range(asked), GroupBy::Month, per)
        .unwrap()
        .rows
        .iter()
        .map(|r| {
            (
                r.period.to_string(),
                r.period.label(homebiz::core::text::Lang::En),
            )
        })
        .collect()
}

/// `1404-03..1404-08` per quarter: the first quarter holds only Khordad
/// and autumn only Mehr and Aban; they are named so (the walkthrough saw
/// `1404-Q1` and "Autumn 1404"). Per year the one row is the range; per
/// month nothing is cut. Rows come in calendar order whatever kind their
/// periods are.
#[test]
fn a_period_cut_by_the_asked_range_is_labelled_by_its_months() {
    let (program, admin, shop) = setup();
    for (n, on) in [
        "1404-02-10",
        "1404-03-10",
        "1404-05-10",
        "1404-07-10",
        "1404-08-10",
        "1405-01-10",
    ]
    .iter()
    .enumerate()
    {
        sell(&program, &admin, shop, &format!("S-{n}"), on, 1_000);
    }
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(
        periods(&program, &admin, "1404-03..1404-08", Granularity::Quarter),
        vec![
            pair("1404-03", "Khordad 1404"),
            pair("1404-Q2", "Summer 1404"),
            pair("1404-07..1404-08", "Mehr 1404 to Aban 1404"),
        ]
    );
    assert_eq!(
        periods(&program, &admin, "1404-03..1404-08", Granularity::Year),
        vec![pair("1404-03..1404-08", "Khordad 1404 to Aban 1404")]
    );
    assert_eq!(
        periods(&program, &admin, "1404-03..1404-08", Granularity::Month)
            .into_iter()
            .map(|p| p.0)
            .collect::<Vec<_>>(),
        ["1404-03", "1404-05", "1404-07", "1404-08"]
    );
    // Whole quarters keep their names; the cut ends are in calendar order.
    assert_eq!(
        periods(&program, &admin, "1404-02..1405-01", Granularity::Quarter)
            .into_iter()
            .map(|p| p.0)
            .collect::<Vec<_>>(),
        ["1404-02..1404-03", "1404-Q2", "1404-Q3", "1405-01"]
    );
    assert_eq!(
        periods(&program, &admin, "1404-02..1405-01", Granularity::Year)
            .into_iter()
            .map(|p| p.0)
            .collect::<Vec<_>>(),
        ["1404-02..1404-12", "1405-01"]
    );
    // A whole year asked: whole quarters.
    assert_eq!(
        periods(&program, &admin, "1404", Granularity::Quarter)
            .into_iter()
            .map(|p| p.0)
            .collect::<Vec<_>>(),
        ["1404-Q1", "1404-Q2", "1404-Q3"]
    );
    assert_eq!(
        Period::cut(
            month(1404, 7),
            Granularity::Quarter,
            range("1404-03..1404-08")
        ),
        Period::Months(range("1404-07..1404-08"))
    );
}

/// A sale of 1404-07-10 reversed on 1405-01-15 (the walkthrough's R-1,
/// reversed "today"): every report leaves it out of 1404, and so does the
/// statement's running net at the end of 1404, which places the reversal
/// on the day it counts on and shows the day written on it beside.
#[test]
fn the_statements_running_net_at_a_periods_end_is_the_reports() {
    let (program, admin, shop) = setup();
    sell(&program, &admin, shop, "S-1", "1404-06-01", 2_000_000);
    sell(&program, &admin, shop, "R-1", "1404-07-10", 7_500_000);
    sell(&program, &admin, shop, "S-2", "1404-11-01", 3_000_000);
    sell(&program, &admin, shop, "S-3", "1405-01-05", 1_000_000);
    program
        .reverse_entry(&admin, "R-1", "goods returned", Some(day("1405-01-15")))
        .unwrap();
    let statement = program.statement(&admin, "A-1-B1").unwrap();
    let reversal = statement
        .lines
        .iter()
        .find(|l| l.kind == "reversal")
        .unwrap();
    assert_eq!(reversal.counts_on, day("1404-07-10"));
    assert_eq!(reversal.on, day("1405-01-15"));
    // Lines follow the days they count on.
    let days: Vec<JalaliDate> = statement.lines.iter().map(|l| l.counts_on).collect();
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted);
    for asked in ["1404-06", "1404-07", "1404-09", "1404", "1404-01..1405-01"] {
        let asked = range(asked);
        let report = program
            .income_report(
                &admin,
                None,
                range(&format!("1404-01..{}", asked.last())),
                GroupBy::Business,
                Granularity::Year,
            )
            .unwrap();
        let end = asked.last_day();
        let running = statement
            .lines
            .iter()
            .rfind(|l| l.counts_on <= end)
            .map_or(Money::rial(0), |l| l.running_net);
        assert_eq!(running, report.total.net, "up to {end}");
    }
    // The report of 1404-07 has no R-1: nothing at all that month.
    let july = program
        .income_report(
            &admin,
            None,
            range("1404-07"),
            GroupBy::Month,
            Granularity::Month,
        )
        .unwrap();
    assert!(july.total.net.is_zero());
}
