//! The in-memory store against the market conformance suite.

homebiz_market::market_conformance!(memory_store, homebiz_market::MemoryStore::new());
