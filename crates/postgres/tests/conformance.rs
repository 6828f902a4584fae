//! The PostgreSQL store against the conformance suites, each check on a
//! scratch schema of its own (skipped without `HOMEBIZ_TEST_PG`).

use homebiz_postgres::testing::{scratch, skip};

/// A scratch store for the current test, or a return from it (skipped).
macro_rules! scratch_or_skip {
    () => {
        match scratch() {
            Some(store) => store,
            None => return,
        }
    };
}

homebiz_registry::registry_conformance!(registry, scratch_or_skip!());

homebiz_market::market_conformance!(market, scratch_or_skip!());

homebiz_income::income_conformance!(income, scratch().unwrap(), unless skip());
