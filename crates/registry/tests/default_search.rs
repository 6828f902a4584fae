//! The default searches of `RegistryRead` (a scan, for a backend that keeps
//! no keys yet) pass the search checks of the conformance suite: a store
//! that reads through them, and writes through the in-memory store.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use homebiz_registry::*;

/// The in-memory store, whose reads answer searches with the defaults.
struct ScanStore(MemoryStore);

/// A reader that forwards everything but the searches.
struct Scan<'a>(&'a dyn RegistryRead);

impl RegistryRead for Scan<'_> {
    homebiz_registry::testing::forward_reads!(self.0, except searches);
}

impl RegistryStore for ScanStore {
    fn read<R>(&self, f: impl FnOnce(&dyn RegistryRead) -> Result<R>) -> Result<R> {
        self.0.read(|r| f(&Scan(r)))
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn RegistryTx) -> Result<R>) -> Result<R> {
        self.0.write(f)
    }
}

#[test]
fn default_searches_use_the_keys() {
    homebiz_registry::testing::searches_use_the_kept_keys(ScanStore(MemoryStore::new()));
}

#[test]
fn default_searches_equal_the_filter() {
    homebiz_registry::testing::searches_equal_the_filter(ScanStore(MemoryStore::new()));
}
