//! The PostgreSQL store against the conformance suites, each check on a
//! scratch database of its own (skipped without `HOMEBIZ_TEST_PG`).

/// A scratch store for the current test, or a return from it (skipped).
macro_rules! scratch {
    ($suite:literal) => {
        match homebiz_postgres::testing::scratch($suite) {
            Some(store) => store,
            None => return,
        }
    };
}

homebiz_registry::registry_conformance!(registry, scratch!("registry conformance"));

homebiz_market::market_conformance!(market, scratch!("market conformance"));
