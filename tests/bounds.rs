//! No accepted amount may break a report (issue #13): a household whose
//! baseline is the registry's bound, and a ledger filled to its capacity
//! with entries of its largest amount, still give every report and every
//! indicator.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use homebiz::core::id::EntryId;
use homebiz::core::{Clock, FixedClock, JalaliDate, JalaliMonth, JalaliMonthRange, Money};
use homebiz::income::entry::{Body, CostCategory, Entry};
use homebiz::income::indicators::{GraduationRule, SustainedRule};
use homebiz::income::limits::HEADROOM;
use homebiz::income::report::{Granularity, GroupBy};
use homebiz::income::{IncomeError, Ledger, Limits};
use homebiz::market::Market;
use homebiz::program::{Program, ProgramError};
use homebiz::registry::testing::{Fixture, business_data, household_data, person_data, test_now};
use homebiz::registry::{Baseline, BusinessState, MAX_BASELINE_INCOME};
use homebiz::scoring::catalog::Catalog;

#[test]
fn reports_and_indicators_hold_at_every_bound() {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let business = f
        .registry
        .write(&f.admin, |w| {
            let mut data = household_data(f.office_a, "A-1");
            data.baseline = Some(Baseline {
                monthly_income: Money::rial(MAX_BASELINE_INCOME),
                survey_date: JalaliDate::new(1404, 2, 1).unwrap(),
            });
            let h = w.add_household(data)?;
            let owner = w.add_person(person_data(h.id(), 1))?.person;
            let mut b = business_data(h.id(), owner.id(), "A-1-B1");
            b.state = BusinessState::InTraining;
            w.add_business(b)
        })
        .unwrap();
    // One more rial of baseline is refused.
    let err = f
        .registry
        .write(&f.admin, |w| {
            let mut data = household_data(f.office_a, "A-2");
            data.baseline = Some(Baseline {
                monthly_income: Money::rial(MAX_BASELINE_INCOME + 1),
                survey_date: JalaliDate::new(1404, 2, 1).unwrap(),
            });
            w.add_household(data)
        })
        .unwrap_err();
    assert!(err.to_string().contains("baseline_income"), "{err}");

    // A ledger with room for 24 entries, filled with the largest amounts.
    let max = HEADROOM / 24;
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(test_now()));
    let admin = f.admin;
    let program = Program::new(
        f.registry,
        Market::with_shared_clock(homebiz::market::MemoryStore::new(), Arc::clone(&clock)),
        Ledger::with_limits(
            homebiz::income::MemoryStore::new(),
            Limits::new(Money::rial(max)).unwrap(),
        ),
        Catalog::default_catalog().unwrap(),
        clock,
    );
    let entry = |n: u32| {
        let on = JalaliDate::new(1404, 1 + (n % 9) as u8, 1).unwrap();
        let body = if n < 16 {
            Body::Sale {
                business: business.id(),
                channel: None,
                on,
                quantity: 1,
                unit_price: Money::rial(max),
                commission: Money::rial(0),
            }
        } else {
            Body::Cost {
                business: business.id(),
                on,
                category: CostCategory::Materials,
                amount: Money::rial(max),
            }
        };
        Entry {
            key: None,
            id: EntryId::new(),
            body,
        }
    };
    for n in 0..24 {
        program.record(&admin, entry(n)).unwrap();
    }
    let err = program.record(&admin, entry(0)).unwrap_err();
    assert!(
        matches!(
            err,
            ProgramError::Income(IncomeError::Full { capacity: 24 })
        ),
        "{err:?}"
    );
    let year = JalaliMonthRange::new(
        JalaliMonth::new(1404, 1).unwrap(),
        JalaliMonth::new(1404, 12).unwrap(),
    )
    .unwrap();
    for by in [GroupBy::Business, GroupBy::Household, GroupBy::Month] {
        let r = program
            .income_report(&admin, None, year, by, Granularity::Year)
            .unwrap();
        assert_eq!(r.total.net.minor_units(), 8 * max);
    }
    let rows = program
        .indicators(
            &admin,
            "URM-A",
            JalaliDate::new(1404, 9, 30).unwrap(),
            &SustainedRule::default(),
            &GraduationRule::default(),
            3,
        )
        .unwrap()
        .households;
    let change = rows[0].change.unwrap();
    assert_eq!(change.baseline.minor_units(), MAX_BASELINE_INCOME);
    assert!(change.current.minor_units() > MAX_BASELINE_INCOME);
}
