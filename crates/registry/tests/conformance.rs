//! The in-memory store against the registry conformance suite.

homebiz_registry::registry_conformance!(memory_store, homebiz_registry::MemoryStore::new());
