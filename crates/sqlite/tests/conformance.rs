//! The SQLite store against the registry conformance suite, in memory and
//! on a file.

homebiz_registry::registry_conformance!(
    sqlite_in_memory,
    homebiz_sqlite::SqliteStore::open_in_memory().unwrap()
);

homebiz_registry::registry_conformance!(sqlite_on_file, {
    // The directory is kept for the test's lifetime by leaking it: the
    // store must outlive the check that uses it.
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    homebiz_sqlite::SqliteStore::open(dir.path().join("registry.sqlite")).unwrap()
});

homebiz_market::market_conformance!(
    market_in_memory,
    homebiz_sqlite::SqliteStore::open_in_memory().unwrap()
);

homebiz_market::market_conformance!(market_on_file, {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    homebiz_sqlite::SqliteStore::open(dir.path().join("market.sqlite")).unwrap()
});

homebiz_income::income_conformance!(
    income_in_memory,
    homebiz_sqlite::SqliteStore::open_in_memory().unwrap()
);

homebiz_income::income_conformance!(income_on_file, {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    homebiz_sqlite::SqliteStore::open(dir.path().join("income.sqlite")).unwrap()
});
