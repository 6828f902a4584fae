//! Storage vocabulary shared by the domain crates' store traits.

/// How a store's `put_*` writes a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Put {
    /// A new record: if one with the same ID exists, the backend refuses
    /// with the domain's already-exists error and writes nothing.
    Insert,
    /// The record with the same ID exists and is replaced.
    Replace,
}
