//! Rows written in bulk by binary `COPY`, and what a write transaction
//! knows of the registry without asking the database again.
//!
//! A write transaction that inserts many records (an import) would spend
//! a round trip on each INSERT. Instead, the rows of a record the store
//! can insert without asking anything ([`Pending`]) are encoded at once in
//! PostgreSQL's binary form ([`Staged`]) and kept, by table, until the
//! session runs its next statement, commits, or holds [`FLUSH_ROWS`]: then
//! each table's rows are sent by one `COPY … FROM STDIN (FORMAT binary)`
//! (`Session::copy_in`, which journals them for a replay). A statement always runs after the rows before it are
//! in the tables, so every read sees the transaction's writes, and the
//! uniqueness and foreign keys are still checked by the database.
//!
//! A put may be deferred only when it cannot fail but for a broken
//! invariant: its unique keys (a household's code, a person's national
//! ID) are known to be free ([`Known`]: a read of this transaction found
//! no such record, and nothing has taken the key since) and the province
//! of its row is known. Any other put runs at once, as before, and
//! answers a taken key as the trait says. Known free keys come from
//! [`RegistryRead::look_ahead`](homebiz_registry::RegistryRead::look_ahead),
//! which an import calls for each batch of rows.

use std::collections::{HashMap, HashSet, VecDeque};

use postgres::types::{ToSql, Type};

use crate::PgError;
use crate::session::Staged;

/// Pending rows are sent once this many wait, so a long write's rows go
/// to the server as it goes, not all at its commit.
pub(crate) const FLUSH_ROWS: usize = 20_000;

/// A table rows are copied into: the `COPY` statement and its columns'
/// types, in the order of the statement's column list.
pub(crate) struct Table {
    pub(crate) copy: &'static str,
    pub(crate) types: &'static [Type],
}

/// The rows of a write transaction not sent yet, by table in the order
/// each table was first written, encoded as they came
/// ([`Staged`]).
#[derive(Default)]
pub(crate) struct Pending {
    tables: Vec<(&'static str, Staged)>,
    rows: usize,
}

impl Pending {
    /// Encodes one row of `table`; whether enough rows now wait to be
    /// sent ([`FLUSH_ROWS`]).
    pub(crate) fn row(
        &mut self,
        table: &Table,
        values: &[&(dyn ToSql + Sync)],
    ) -> Result<bool, PgError> {
        let i = match self.tables.iter().position(|(copy, _)| *copy == table.copy) {
            Some(i) => i,
            None => {
                self.tables
                    .push((table.copy, Staged::new(table.types.to_vec())));
                self.tables.len() - 1
            }
        };
        self.tables[i].1.push(values)?;
        self.rows += 1;
        Ok(self.rows >= FLUSH_ROWS)
    }

    /// The pending rows, a `COPY` statement and its rows per table,
    /// leaving none.
    pub(crate) fn take(&mut self) -> Vec<(&'static str, Staged)> {
        self.rows = 0;
        std::mem::take(&mut self.tables)
    }

    /// Whether no row is pending.
    pub(crate) fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

/// What a registry write transaction knows without asking the database:
/// each fact was read by this transaction (whose reads all see one
/// snapshot and its own writes) or written by it, and is dropped when a
/// write of this transaction may have made it untrue.
#[derive(Default)]
pub(crate) struct Known {
    /// Household codes no household has: read as free, not taken since.
    pub(crate) free_codes: HashSet<String>,
    /// National IDs no person has: read as free, not taken since.
    pub(crate) free_national_ids: HashSet<String>,
    /// Households by code: their ID and office.
    pub(crate) households: HashMap<String, (uuid::Uuid, uuid::Uuid)>,
    /// The office of households and people, by ID.
    pub(crate) offices: HashMap<uuid::Uuid, uuid::Uuid>,
    /// The province of offices, by ID.
    pub(crate) provinces: HashMap<uuid::Uuid, uuid::Uuid>,
    /// For each identity (name key, birth date) looked ahead, every person
    /// who has it, with their office.
    pub(crate) identities: HashMap<(String, String), Vec<(uuid::Uuid, uuid::Uuid)>>,
    /// The records this transaction inserted by a deferred put, by ID.
    pub(crate) inserted: HashSet<uuid::Uuid>,
    /// Whether this transaction looked ahead (a bulk write): its audit
    /// numbers are then taken in blocks.
    pub(crate) bulk: bool,
    /// Audit numbers taken from the sequence and not handed out yet, and
    /// how many to take next time.
    pub(crate) audit_numbers: VecDeque<i64>,
    pub(crate) audit_block: usize,
}

/// The most audit numbers a bulk write takes from the sequence at once: it
/// leaves fewer than this many unused when it ends (a gap in the
/// numbers, as a rollback leaves). Any other write takes one number at a
/// time, and leaves none.
pub(crate) const AUDIT_BLOCK: usize = 256;

impl Known {
    /// How many audit numbers a bulk write takes next: one first, then
    /// twice as many each time, up to [`AUDIT_BLOCK`]: a round trip per
    /// block, and a short write leaves few numbers unused.
    pub(crate) fn next_audit_block(&mut self) -> usize {
        let n = self.audit_block.clamp(1, AUDIT_BLOCK);
        self.audit_block = (n * 2).min(AUDIT_BLOCK);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIRS: Table = Table {
        copy: "COPY t (a, b) FROM STDIN (FORMAT binary)",
        types: &[Type::INT4, Type::TEXT],
    };

    const ONES: Table = Table {
        copy: "COPY u (a) FROM STDIN (FORMAT binary)",
        types: &[Type::INT4],
    };

    #[test]
    fn rows_wait_by_table_in_the_order_tables_were_first_written() {
        let mut pending = Pending::default();
        assert!(pending.is_empty());
        assert!(!pending.row(&PAIRS, &[&7_i32, &"ab"]).unwrap());
        assert!(!pending.row(&ONES, &[&1_i32]).unwrap());
        assert!(!pending.row(&PAIRS, &[&8_i32, &None::<&str>]).unwrap());
        let copies = pending.take();
        assert!(pending.is_empty());
        let shape: Vec<(&str, usize)> = copies
            .iter()
            .map(|(sql, rows)| (*sql, rows.len()))
            .collect();
        assert_eq!(shape, [(PAIRS.copy, 2), (ONES.copy, 1)]);
    }

    #[test]
    fn a_row_of_the_wrong_width_or_type_is_refused() {
        let mut pending = Pending::default();
        assert!(matches!(
            pending.row(&PAIRS, &[&7_i32]),
            Err(PgError::Parameters { .. })
        ));
        assert!(matches!(
            pending.row(&PAIRS, &[&7_i32, &3_i64]),
            Err(PgError::Encode { .. })
        ));
    }

    #[test]
    fn pending_rows_are_sent_after_flush_rows() {
        let mut pending = Pending::default();
        for i in 1..FLUSH_ROWS {
            assert!(!pending.row(&ONES, &[&i32::try_from(i).unwrap()]).unwrap());
        }
        assert!(pending.row(&ONES, &[&0_i32]).unwrap());
    }

    #[test]
    fn audit_blocks_double_up_to_the_most() {
        let mut known = Known::default();
        let blocks: Vec<usize> = (0..13).map(|_| known.next_audit_block()).collect();
        assert_eq!(
            blocks,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 256, 256, 256, 256]
        );
    }
}
