//! Loan schedules: known values, and for any loan, instalments that sum
//! exactly to what is owed, principal parts to the principal, charge parts
//! to the charges; arrears as of a date.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::id::{BusinessId, LoanId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, Money};
use homebiz_income::loan::{Loan, LoanData};
use proptest::prelude::*;

fn loan(principal: i64, rate_bp: i64, term: u16, grace: u16) -> Loan {
    Loan::new(LoanData {
        id: LoanId::new(),
        business: BusinessId::new(),
        principal: Money::rial(principal),
        annual_rate: Decimal::new(rate_bp, 4),
        term_months: term,
        grace_months: grace,
        disbursed_on: JalaliDate::new(1404, 6, 31).unwrap(),
        by: None,
        key: None,
    })
    .unwrap()
}

#[test]
fn known_values() {
    // 100,000,000 rials at 4% over 12 months: the annuity formula gives
    // charges of 2,179,885.03 rials; three grace months add 1,000,000.
    let s = loan(100_000_000, 400, 12, 0).schedule().unwrap();
    assert_eq!(s.charges, Money::rial(2_179_885));
    assert_eq!(s.total, Money::rial(102_179_885));
    // 102,179,885 / 12 = 8,514,990 remainder 5: the first five carry a rial.
    let amounts: Vec<i64> = s
        .instalments
        .iter()
        .map(|i| i.amount.minor_units())
        .collect();
    assert_eq!(amounts[..5], [8_514_991; 5]);
    assert_eq!(amounts[5..], [8_514_990; 7]);
    assert_eq!(s.instalments[11].balance_after, Money::rial(0));
    let g = loan(100_000_000, 400, 12, 3).schedule().unwrap();
    assert_eq!(g.charges, Money::rial(3_179_885));
    // Interest-free (qard al-hasan): no charges, equal parts.
    let free = loan(10_000_001, 0, 4, 0).schedule().unwrap();
    assert_eq!(free.charges, Money::rial(0));
    assert!(free.instalments.iter().all(|i| i.charge.is_zero()));
    // Shahrivar 31 + 1 month: Mehr has 30 days.
    assert_eq!(
        free.instalments[0].due,
        JalaliDate::new(1404, 7, 30).unwrap()
    );
    assert_eq!(
        free.instalments[1].due,
        JalaliDate::new(1404, 8, 30).unwrap()
    );
}

#[test]
fn arrears_and_days_overdue() {
    let l = loan(12_000_000, 0, 12, 0);
    let due = |k: usize| l.schedule().unwrap().instalments[k].due;
    // Two instalments paid, the third due and unpaid.
    let paid = [
        (due(0), Money::rial(1_000_000)),
        (due(1), Money::rial(1_000_000)),
    ];
    let as_of = due(2).add_days(10).unwrap();
    let s = l.status(&paid, as_of).unwrap();
    assert_eq!(s.due, Money::rial(3_000_000));
    assert_eq!(s.arrears, Money::rial(1_000_000));
    assert_eq!(s.days_overdue, 10);
    assert_eq!(s.outstanding, Money::rial(10_000_000));
    assert_eq!(s.next_due, Some(due(3)));
    // Paid ahead: no arrears.
    let ahead = l
        .status(&[(due(0), Money::rial(5_000_000))], as_of)
        .unwrap();
    assert_eq!((ahead.arrears, ahead.days_overdue), (Money::rial(0), 0));
    // Bad loans are refused.
    for (p, rate, term, grace) in [
        (0, 400, 12, 0),
        (1_000, 10_000, 12, 0),
        (1_000, 400, 0, 0),
        (1_000, 400, 12, 25),
    ] {
        assert!(
            Loan::new(LoanData {
                id: LoanId::new(),
                business: BusinessId::new(),
                principal: Money::rial(p),
                annual_rate: Decimal::new(rate, 4),
                term_months: term,
                grace_months: grace,
                disbursed_on: JalaliDate::new(1404, 1, 1).unwrap(),
                by: None,
                key: None,
            })
            .is_err()
        );
    }
}

proptest! {
    #[test]
    fn schedules_sum_exactly(
        principal in 1i64..5_000_000_000,
        rate_bp in 0i64..3_000,
        term in 1u16..=120,
        grace in 0u16..=24,
    ) {
        let s = loan(principal, rate_bp, term, grace).schedule().unwrap();
        let sum = |f: fn(&homebiz_income::loan::Instalment) -> Money| {
            s.instalments.iter().map(|i| f(i).minor_units()).sum::<i64>()
        };
        prop_assert_eq!(s.instalments.len(), usize::from(term));
        prop_assert_eq!(sum(|i| i.amount), s.total.minor_units());
        prop_assert_eq!(sum(|i| i.principal), principal);
        prop_assert_eq!(sum(|i| i.charge), s.charges.minor_units());
        prop_assert_eq!(s.total.minor_units(), principal + s.charges.minor_units());
        prop_assert!(s.charges.minor_units() >= 0);
        // Amounts differ by at most a rial; due dates rise month by month.
        let (lo, hi) = s.instalments.iter().fold((i64::MAX, i64::MIN), |(lo, hi), i| {
            (lo.min(i.amount.minor_units()), hi.max(i.amount.minor_units()))
        });
        prop_assert!(hi - lo <= 1);
        for w in s.instalments.windows(2) {
            prop_assert!(w[0].due < w[1].due);
            prop_assert_eq!(w[0].balance_after.minor_units() - w[1].principal.minor_units(), w[1].balance_after.minor_units());
        }
        prop_assert_eq!(s.instalments.last().unwrap().balance_after, Money::rial(0));
    }
}
