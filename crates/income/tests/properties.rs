//! Money splits sum exactly: a sale's commission at a rate and the seller's
//! share add up to the gross, and the net is revenue less commission, costs
//! and fees.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::id::BusinessId;
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, Money};
use homebiz_income::entry::Body;
use proptest::prelude::*;

proptest! {
    #[test]
    fn commission_and_share_sum_to_the_gross(
        quantity in 1u32..10_000,
        price in 1i64..1_000_000_000,
        rate in 0i64..10_000,
    ) {
        let body = Body::sale_at_rate(
            BusinessId::new(),
            None,
            JalaliDate::new(1404, 1, 1).unwrap(),
            quantity,
            Money::rial(price),
            Decimal::new(rate, 4),
        )
        .unwrap();
        body.validate().unwrap();
        let effect = body.effect().unwrap();
        let gross = price * i64::from(quantity);
        prop_assert_eq!(effect.revenue, Money::rial(gross));
        let share = effect.net().unwrap();
        prop_assert_eq!(effect.commission.minor_units() + share.minor_units(), gross);
        prop_assert!(effect.commission.minor_units() >= 0 && share.minor_units() >= 0);
        // Within half a rial of the exact commission.
        let exact = Decimal::from(gross) * Decimal::new(rate, 4);
        prop_assert!((Decimal::from(effect.commission.minor_units()) - exact).abs() <= Decimal::new(5, 1));
    }
}
