//! A report's total carries the whole period it covers.

#![allow(clippy::unwrap_used)]

use homebiz_core::id::{BusinessId, TypedId};
use homebiz_core::{JalaliMonth, JalaliMonthRange, JalaliQuarter, Money};
use homebiz_income::entry::Totals;
use homebiz_income::report::{Granularity, GroupBy, Key, Period, income_report, income_report_for};
use homebiz_income::store::MonthlyTotal;

fn month(m: u8) -> JalaliMonth {
    JalaliMonth::new(1404, m).unwrap()
}

fn sales(months: &[u8]) -> Vec<MonthlyTotal> {
    let business = BusinessId::from_key("B-1");
    months
        .iter()
        .map(|&m| MonthlyTotal {
            month: month(m),
            business,
            channel: None,
            totals: Totals {
                revenue: Money::rial(100),
                ..Totals::default()
            },
        })
        .collect()
}

#[test]
fn a_years_report_gives_its_total_the_year_not_the_first_month() {
    let year = JalaliMonthRange::year(1404).unwrap();
    for per in [Granularity::Month, Granularity::Quarter, Granularity::Year] {
        let r =
            income_report_for(year, &sales(&[2, 5, 11]), GroupBy::Month, per, |_| None).unwrap();
        assert_eq!(r.total.period, Period::Year(1404), "{per:?}");
        assert_eq!(r.total.key, Key::All);
        assert_eq!(r.total.revenue, Money::rial(300));
    }
    // Without a period: the months given, first to last.
    let r = income_report(&sales(&[2, 5]), GroupBy::Month, Granularity::Month, |_| {
        None
    })
    .unwrap();
    assert_eq!(
        r.total.period,
        Period::Months(JalaliMonthRange::new(month(2), month(5)).unwrap())
    );
    assert_eq!(r.rows[0].period, Period::Month(month(2)));
}

#[test]
fn a_total_names_its_period_as_a_month_quarter_year_or_range() {
    let q2 = JalaliQuarter::new(1404, 2).unwrap().months();
    let r = income_report_for(q2, &sales(&[4]), GroupBy::Month, Granularity::Month, |_| {
        None
    })
    .unwrap();
    assert_eq!(
        r.total.period,
        Period::Quarter(JalaliQuarter::new(1404, 2).unwrap())
    );
    let one: JalaliMonthRange = "1404-03".parse().unwrap();
    let r = income_report_for(
        one,
        &sales(&[3]),
        GroupBy::Month,
        Granularity::Month,
        |_| None,
    )
    .unwrap();
    assert_eq!(r.total.period, Period::Month(month(3)));
    let span: JalaliMonthRange = "1404-01..1404-05".parse().unwrap();
    // Months outside the period are left out; an empty period has a total.
    let r = income_report_for(
        span,
        &sales(&[2, 7]),
        GroupBy::Month,
        Granularity::Month,
        |_| None,
    )
    .unwrap();
    assert_eq!(r.total.period, Period::Months(span));
    assert_eq!(r.total.period.to_string(), "1404-01..1404-05");
    assert_eq!(r.total.revenue, Money::rial(100));
    assert_eq!(r.rows.len(), 1);
    let json = serde_json::to_value(r.total.period).unwrap();
    assert_eq!(json, serde_json::json!({"months": "1404-01..1404-05"}));
    assert_eq!(
        r.total.period.label(homebiz_core::text::Lang::En),
        "Farvardin 1404 to Mordad 1404"
    );
}
