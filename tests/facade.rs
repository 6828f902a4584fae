//! Cross-crate integration tests of the `homebiz` facade.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use homebiz::core::calendar::JalaliDate;
use homebiz::core::id::{HouseholdId, TypedId};
use homebiz::core::money::{Money, Rounding};

#[test]
fn facade_reexports_core() {
    let nowruz = JalaliDate::from_gregorian("2025-03-21".parse().unwrap()).unwrap();
    assert_eq!(nowruz.to_string(), "1404-01-01");
    let id = HouseholdId::new();
    assert_eq!(id.as_uuid().get_version_num(), 7);
    let (commission, payout) = Money::rial(1_000_005)
        .split_by_rate("0.09".parse().unwrap(), Rounding::HalfToEven)
        .unwrap();
    assert_eq!(
        commission.checked_add(payout).unwrap(),
        Money::rial(1_000_005)
    );
}

#[test]
fn core_types_serialize_for_embedding_applications() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Sale {
        day: JalaliDate,
        amount: Money,
    }
    let sale = Sale {
        day: "1404-02-10".parse().unwrap(),
        amount: Money::rial(1_250_000),
    };
    let json = serde_json::to_string(&sale).unwrap();
    assert_eq!(
        json,
        r#"{"day":"1404-02-10","amount":{"amount":1250000,"currency":"IRR"}}"#
    );
    assert_eq!(serde_json::from_str::<Sale>(&json).unwrap(), sale);
}
