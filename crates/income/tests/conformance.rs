//! The in-memory store against the income conformance suite (with the
//! ledger's guarantees as property tests).

homebiz_income::income_conformance!(memory_store, homebiz_income::MemoryStore::new());
