//! Rows written in bulk by binary `COPY`, and what a write transaction
//! knows of the registry without asking the database again.
//!
//! A write transaction that inserts many records (an import) would spend
//! a round trip on each INSERT. Instead, the rows of a record the store
//! can insert without asking anything ([`Pending`]) are encoded at once in
//! PostgreSQL's binary `COPY` format and kept, one buffer per table, until
//! the session runs its next statement, commits, or holds
//! [`FLUSH_BYTES`]: then each buffer is sent by one `COPY … FROM STDIN
//! (FORMAT binary)`. A statement always runs after the rows before it are
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

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type};

use crate::PgError;

/// Pending rows are sent once their buffers hold this many bytes, so a
/// long write's memory stays bounded by its journal, not doubled.
pub(crate) const FLUSH_BYTES: usize = 8 << 20;

/// The binary COPY file header: signature, flags, header extension length.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// The binary COPY file trailer: a field count of -1.
const TRAILER: &[u8] = &(-1_i16).to_be_bytes();

/// A table rows are copied into: the `COPY` statement and its columns'
/// types, in the order of the statement's column list.
pub(crate) struct Table {
    pub(crate) copy: &'static str,
    pub(crate) types: &'static [Type],
}

/// One table's pending rows, encoded.
struct Buffer {
    copy: &'static str,
    data: Vec<u8>,
    rows: u64,
}

/// A `COPY` ready to send: the statement, the whole binary file and its
/// row count.
pub(crate) struct Copy {
    pub(crate) sql: &'static str,
    pub(crate) data: Vec<u8>,
    pub(crate) rows: u64,
}

/// The rows of a write transaction not sent yet, by table in the order
/// each table was first written.
#[derive(Default)]
pub(crate) struct Pending {
    buffers: Vec<Buffer>,
    bytes: usize,
    scratch: BytesMut,
}

impl Pending {
    /// Encodes one row of `table`; whether the buffers are now full
    /// ([`FLUSH_BYTES`]).
    pub(crate) fn row(
        &mut self,
        table: &Table,
        values: &[&(dyn ToSql + Sync)],
    ) -> Result<bool, PgError> {
        if values.len() != table.types.len() {
            return Err(PgError::Parameters {
                expected: table.types.len(),
                given: values.len(),
            });
        }
        let i = match self.buffers.iter().position(|b| b.copy == table.copy) {
            Some(i) => i,
            None => {
                self.buffers.push(Buffer {
                    copy: table.copy,
                    data: HEADER.to_vec(),
                    rows: 0,
                });
                self.buffers.len() - 1
            }
        };
        let buffer = &mut self.buffers[i];
        let before = buffer.data.len();
        let fields = i16::try_from(values.len()).map_err(|_| PgError::Parameters {
            expected: i16::MAX as usize,
            given: values.len(),
        })?;
        buffer.data.extend_from_slice(&fields.to_be_bytes());
        for (value, ty) in values.iter().zip(table.types) {
            self.scratch.clear();
            let encoded = value
                .to_sql_checked(ty, &mut self.scratch)
                .map_err(|_| PgError::Encode { ty: ty.to_string() });
            match encoded {
                Ok(IsNull::Yes) => buffer.data.extend_from_slice(&(-1_i32).to_be_bytes()),
                Ok(IsNull::No) => {
                    let len = i32::try_from(self.scratch.len())
                        .map_err(|_| PgError::Encode { ty: ty.to_string() })?;
                    buffer.data.extend_from_slice(&len.to_be_bytes());
                    buffer.data.extend_from_slice(&self.scratch);
                }
                Err(e) => {
                    // The row is left out whole.
                    buffer.data.truncate(before);
                    return Err(e);
                }
            }
        }
        buffer.rows += 1;
        self.bytes += buffer.data.len() - before;
        Ok(self.bytes >= FLUSH_BYTES)
    }

    /// The pending rows as one `COPY` per table, leaving none.
    pub(crate) fn take(&mut self) -> Vec<Copy> {
        self.bytes = 0;
        std::mem::take(&mut self.buffers)
            .into_iter()
            .map(|mut b| {
                b.data.extend_from_slice(TRAILER);
                Copy {
                    sql: b.copy,
                    data: b.data,
                    rows: b.rows,
                }
            })
            .collect()
    }

    /// Whether no row is pending.
    pub(crate) fn is_empty(&self) -> bool {
        self.buffers.is_empty()
    }
}

/// Sends one `COPY` on `client`: the number of rows copied.
pub(crate) fn copy_in(
    client: &mut postgres::Client,
    sql: &str,
    data: &[u8],
) -> Result<u64, postgres::Error> {
    use std::io::Write;
    let mut writer = client.copy_in(sql)?;
    for chunk in data.chunks(1 << 16) {
        if writer.write_all(chunk).is_err() {
            // The connection failed; `finish` reports how.
            break;
        }
    }
    writer.finish()
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
    pub(crate) audit_block: i64,
}

/// The most audit numbers a bulk write takes from the sequence at once: it
/// leaves fewer than this many unused when it ends (a gap in the
/// numbers, as a rollback leaves). Any other write takes one number at a
/// time, and leaves none.
pub(crate) const AUDIT_BLOCK: i64 = 256;

impl Known {
    /// How many audit numbers a bulk write takes next: one first, then
    /// twice as many each time, up to [`AUDIT_BLOCK`]: a round trip per
    /// block, and a short write leaves few numbers unused.
    pub(crate) fn next_audit_block(&mut self) -> i64 {
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

    #[test]
    fn rows_are_encoded_in_the_binary_copy_format() {
        let mut pending = Pending::default();
        assert!(pending.is_empty());
        assert!(!pending.row(&PAIRS, &[&7_i32, &"ab"]).unwrap());
        assert!(!pending.row(&PAIRS, &[&8_i32, &None::<&str>]).unwrap());
        let copies = pending.take();
        assert!(pending.is_empty());
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].rows, 2);
        let mut expected = HEADER.to_vec();
        expected.extend_from_slice(&2_i16.to_be_bytes());
        expected.extend_from_slice(&4_i32.to_be_bytes());
        expected.extend_from_slice(&7_i32.to_be_bytes());
        expected.extend_from_slice(&2_i32.to_be_bytes());
        expected.extend_from_slice(b"ab");
        expected.extend_from_slice(&2_i16.to_be_bytes());
        expected.extend_from_slice(&4_i32.to_be_bytes());
        expected.extend_from_slice(&8_i32.to_be_bytes());
        expected.extend_from_slice(&(-1_i32).to_be_bytes());
        expected.extend_from_slice(TRAILER);
        assert_eq!(copies[0].data, expected);
    }

    #[test]
    fn a_row_of_the_wrong_width_or_type_is_refused_whole() {
        let mut pending = Pending::default();
        assert!(matches!(
            pending.row(&PAIRS, &[&7_i32]),
            Err(PgError::Parameters { .. })
        ));
        assert!(matches!(
            pending.row(&PAIRS, &[&7_i32, &3_i64]),
            Err(PgError::Encode { .. })
        ));
        pending.row(&PAIRS, &[&1_i32, &"x"]).unwrap();
        assert_eq!(pending.take()[0].rows, 1);
    }

    #[test]
    fn audit_blocks_double_up_to_the_most() {
        let mut known = Known::default();
        let blocks: Vec<i64> = (0..13).map(|_| known.next_audit_block()).collect();
        assert_eq!(
            blocks,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 256, 256, 256, 256]
        );
    }
}
