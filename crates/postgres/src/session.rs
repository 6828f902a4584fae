//! One transaction on one pooled connection, and how a write transaction
//! that PostgreSQL aborted for a serialization failure or a deadlock is
//! retried although its closure (an `FnOnce`) cannot run again.
//!
//! Every statement of a write transaction is kept in a journal: its SQL,
//! its parameters as the bytes sent, and a digest of what it answered (the
//! rows, the count of rows changed, or the error of a statement that failed
//! inside a savepoint). When PostgreSQL aborts the transaction with a
//! serialization failure (`40001`) or a deadlock (`40P01`), the session
//! rolls back, begins again and replays the journal; if every statement
//! answers as it did, the closure's view is the same in the new
//! transaction, so the statement that failed runs again and the closure
//! goes on as if nothing had happened. If any answer differs, what the
//! closure decided may no longer hold: the write fails with
//! [`PgError::Changed`] and nothing is written. After
//! [`MAX_ATTEMPTS`] aborts it fails with [`PgError::Conflict`].
//!
//! When a retry cannot restore the transaction (an answer differs, the
//! attempts are spent, or the replay fails otherwise), the session rolls
//! back and gives up for good: the statement gets the error, and so does
//! every later statement and the commit, even inside a savepoint and even
//! if the closure ignores the error, so that nothing of a half-replayed
//! transaction is ever committed.
//!
//! A part of a write that reads and then writes what its read allowed,
//! answering the closure only at its end (a ledger insert), can be run
//! as a part to redo ([`Session::redo`]): an abort inside it replays only
//! the journal before it, and the part runs again from its start, so a
//! read another writer overtook is read again instead of failing the
//! write with [`PgError::Changed`].
//!
//! Numbers taken from a sequence (audit numbers) are journaled as values
//! and given back on replay without being taken again, so a retried
//! transaction keeps the numbers it has handed out.
//!
//! Rows written in bulk ([`crate::bulk`]) wait in the session until its
//! next statement or its commit, and are then sent by `COPY`; each `COPY`
//! is journaled with its data and replayed like any statement.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::BytesMut;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Row, Statement};
use sha2::{Digest, Sha256};

use crate::{Conn, PgError};

/// How many times a write transaction is tried before it fails with
/// [`PgError::Conflict`], unless the store says otherwise
/// ([`PgStore::with_max_attempts`](crate::PgStore::with_max_attempts)).
pub const MAX_ATTEMPTS: u32 = 12;

/// Why a write session gave up: the error each later statement and the
/// commit get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GaveUp {
    /// A replayed statement answered differently.
    Changed,
    /// Every attempt was aborted.
    Conflict(u32),
    /// The replay failed otherwise.
    Aborted,
}

impl GaveUp {
    fn of(err: &PgError) -> Self {
        match err {
            PgError::Changed => Self::Changed,
            PgError::Conflict { attempts } => Self::Conflict(*attempts),
            _ => Self::Aborted,
        }
    }

    fn error(self) -> PgError {
        match self {
            Self::Changed => PgError::Changed,
            Self::Conflict(attempts) => PgError::Conflict { attempts },
            Self::Aborted => PgError::Aborted,
        }
    }
}

/// What a session may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A read-only snapshot (`REPEATABLE READ READ ONLY`).
    Read,
    /// A read expected to be one statement, which PostgreSQL runs as its
    /// own consistent snapshot: sent with no `BEGIN` and no `ROLLBACK`
    /// (one round trip instead of three). Should a second statement come,
    /// the session begins a `REPEATABLE READ READ ONLY` snapshot then and
    /// runs the first statement again in it: if it answers as it did, the
    /// reader's whole view is that snapshot's and the read goes on as a
    /// [`Read`](Self::Read); if not, it fails with [`PgError::Changed`].
    Single,
    /// A serializable read-write transaction, journaled for replay.
    Write,
}

/// A parameter as the bytes sent for it (`None` for NULL).
#[derive(Clone, PartialEq, Eq)]
struct Encoded(Option<Vec<u8>>);

impl std::fmt::Debug for Encoded {
    // The bytes may be personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(bytes) => write!(f, "Encoded({} bytes)", bytes.len()),
            None => f.write_str("Encoded(NULL)"),
        }
    }
}

impl ToSql for Encoded {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Some(bytes) => {
                out.extend_from_slice(bytes);
                Ok(IsNull::No)
            }
            None => Ok(IsNull::Yes),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Any column as its raw bytes, to digest a row.
struct Raw<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(
        _ty: &Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Self(Some(raw)))
    }

    fn from_sql_null(_ty: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Self(None))
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }
}

/// What a journaled statement answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    /// Rows, by digest.
    Rows([u8; 32]),
    /// The number of rows changed.
    Count(u64),
    /// A value taken from a sequence: given back on replay, not run again.
    Values(Vec<i64>),
    /// An error the closure saw (inside a savepoint), by SQLSTATE.
    Failed(String),
}

/// One journaled statement.
#[derive(Debug)]
struct Entry {
    sql: String,
    params: Vec<Encoded>,
    /// The rows a `COPY … FROM STDIN BINARY` sent, if it was one.
    rows: Option<Staged>,
    answer: Answer,
}

/// Rows for a binary `COPY … FROM STDIN`, each value encoded once as
/// PostgreSQL's binary form of its column's type, kept so that a replayed
/// transaction sends the same bytes again.
pub(crate) struct Staged {
    types: Vec<Type>,
    bytes: BytesMut,
    /// Per value, row after row: its range in `bytes`, or `None` for NULL.
    cells: Vec<Option<(usize, usize)>>,
}

impl std::fmt::Debug for Staged {
    // The bytes may be personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Staged({} rows)", self.len())
    }
}

impl Staged {
    /// No rows yet, of columns of `types`.
    pub(crate) fn new(types: Vec<Type>) -> Self {
        Self {
            types,
            bytes: BytesMut::new(),
            cells: Vec::new(),
        }
    }

    /// Adds a row: one value per column.
    pub(crate) fn push(&mut self, row: &[&(dyn ToSql + Sync)]) -> Result<(), PgError> {
        if row.len() != self.types.len() {
            return Err(PgError::Parameters {
                expected: self.types.len(),
                given: row.len(),
            });
        }
        for (value, ty) in row.iter().zip(&self.types) {
            let start = self.bytes.len();
            match value.to_sql_checked(ty, &mut self.bytes) {
                Ok(IsNull::Yes) => {
                    self.bytes.truncate(start);
                    self.cells.push(None);
                }
                Ok(IsNull::No) => self.cells.push(Some((start, self.bytes.len()))),
                Err(_) => return Err(PgError::Encode { ty: ty.to_string() }),
            }
        }
        Ok(())
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.cells.len().checked_div(self.types.len()).unwrap_or(0)
    }

    /// Sends the rows through `COPY` statement `sql` on `conn`; the number
    /// of rows copied.
    fn send(&self, conn: &mut Conn, sql: &str) -> Result<u64, postgres::Error> {
        let writer = conn.client.copy_in(sql)?;
        let mut writer = BinaryCopyInWriter::new(writer, &self.types);
        let width = self.types.len().max(1);
        for row in self.cells.chunks(width) {
            writer.write_raw(
                row.iter()
                    .map(|cell| RawCell(cell.map(|(start, end)| &self.bytes[start..end]))),
            )?;
        }
        writer.finish()
    }
}

/// A value already encoded (a `Staged` cell).
#[derive(Debug)]
struct RawCell<'a>(Option<&'a [u8]>);

impl ToSql for RawCell<'_> {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self.0 {
            Some(bytes) => {
                out.extend_from_slice(bytes);
                Ok(IsNull::No)
            }
            None => Ok(IsNull::Yes),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// How a statement is run and what it gives back.
enum Run {
    Query,
    Execute,
}

enum Out {
    Rows(Vec<Row>),
    Count(u64),
}

/// One transaction on one connection. Dropping it without
/// [`commit`](Self::commit) (an error or a panic in the closure) rolls the
/// transaction back, so the connection goes back to the pool clean.
pub(crate) struct Session<'c> {
    conn: RefCell<&'c mut Conn>,
    mode: Mode,
    journal: RefCell<Vec<Entry>>,
    /// Transactions begun so far (1 for the first).
    attempts: Cell<u32>,
    /// The most transactions to begin.
    max_attempts: u32,
    /// Set when a retry could not restore the transaction: the session
    /// has rolled back and refuses every later statement and the commit.
    gave_up: Cell<Option<GaveUp>>,
    open: Cell<bool>,
    /// A statement failed outside a savepoint: PostgreSQL has aborted the
    /// transaction, and a COMMIT would roll it back without an error.
    failed: Cell<bool>,
    /// The store's count of replays.
    replays: &'c AtomicU64,
    /// Rows to write by `COPY` before the next statement.
    pending: RefCell<crate::bulk::Pending>,
    /// What the registry's writes know without asking again.
    known: RefCell<crate::bulk::Known>,
    /// Inside [`redo`](Self::redo): the length of the journal when its
    /// part began. An abort then replays only the journal before it.
    redo_from: Cell<Option<usize>>,
    /// Set when an abort inside [`redo`](Self::redo) began a new
    /// transaction with the journal before the part replayed: the part
    /// runs again from its start, and until then every statement fails.
    redone: Cell<bool>,
}

impl<'c> Session<'c> {
    /// Begins a transaction on `conn`; a write is tried at most
    /// `max_attempts` times (at least once).
    pub(crate) fn begin(
        conn: &'c mut Conn,
        mode: Mode,
        replays: &'c AtomicU64,
        max_attempts: u32,
    ) -> Result<Self, PgError> {
        let session = Self {
            replays,
            conn: RefCell::new(conn),
            mode,
            journal: RefCell::new(Vec::new()),
            attempts: Cell::new(0),
            max_attempts: max_attempts.max(1),
            gave_up: Cell::new(None),
            open: Cell::new(false),
            failed: Cell::new(false),
            pending: RefCell::default(),
            known: RefCell::default(),
            redo_from: Cell::new(None),
            redone: Cell::new(false),
        };
        if mode != Mode::Single {
            session.start()?;
        }
        Ok(session)
    }

    fn start(&self) -> Result<(), PgError> {
        let begin = match self.mode {
            Mode::Read | Mode::Single => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            Mode::Write => "BEGIN ISOLATION LEVEL SERIALIZABLE",
        };
        self.attempts.set(self.attempts.get() + 1);
        self.conn.borrow_mut().client.batch_execute(begin)?;
        self.open.set(true);
        Ok(())
    }

    /// Rolls back and begins again after a retryable abort, waiting a
    /// random while that doubles each time (up to a quarter second), so
    /// that writers who collided do not collide again in step;
    /// [`PgError::Conflict`] when the attempts are spent.
    fn restart(&self) -> Result<(), PgError> {
        self.rollback();
        let attempts = self.attempts.get();
        if attempts >= self.max_attempts {
            return Err(PgError::Conflict { attempts });
        }
        std::thread::sleep(backoff(attempts));
        self.replays.fetch_add(1, Ordering::Relaxed);
        self.start()
    }

    fn rollback(&self) {
        if self.open.replace(false) {
            // A connection that cannot roll back is broken; the pool drops
            // it (`has_broken`).
            let _ignored = self.conn.borrow_mut().client.batch_execute("ROLLBACK");
        }
    }

    /// The rows `sql` gives.
    pub(crate) fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, PgError> {
        match self.run(sql, params, Run::Query)? {
            Out::Rows(rows) => Ok(rows),
            Out::Count(_) => Ok(Vec::new()),
        }
    }

    /// The first row `sql` gives, if any.
    pub(crate) fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, PgError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Runs `sql`; the number of rows it changed.
    pub(crate) fn execute(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, PgError> {
        match self.run(sql, params, Run::Execute)? {
            Out::Count(n) => Ok(n),
            Out::Rows(rows) => Ok(rows.len() as u64),
        }
    }

    /// The next value of `sequence`, journaled so that a replay gives it
    /// back instead of taking another.
    pub(crate) fn next_value(&self, sequence: &str) -> Result<i64, PgError> {
        self.next_values(sequence, 1)?.pop().ok_or(PgError::Decode {
            column: "nextval".into(),
        })
    }

    /// `count` numbers taken from `sequence` in one round trip, increasing;
    /// journaled as values, given back on replay without being taken again.
    pub(crate) fn next_values(&self, sequence: &str, count: usize) -> Result<Vec<i64>, PgError> {
        self.check()?;
        if count == 0 {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT nextval('{sequence}') FROM generate_series(1, $1::int)");
        let n = i32::try_from(count).map_err(|_| PgError::Encode { ty: "int".into() })?;
        loop {
            let taken = {
                let mut conn = self.conn.borrow_mut();
                conn.client.query(sql.as_str(), &[&n])
            };
            match taken {
                Ok(rows) => {
                    let mut values = rows
                        .iter()
                        .map(|row| row.try_get::<_, i64>(0))
                        .collect::<Result<Vec<_>, _>>()?;
                    values.sort_unstable();
                    if self.mode == Mode::Write {
                        self.journal.borrow_mut().push(Entry {
                            sql,
                            params: Vec::new(),
                            rows: None,
                            answer: Answer::Values(values.clone()),
                        });
                    }
                    return Ok(values);
                }
                Err(e) if self.retryable(&e) => self.recover()?,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Sends `rows` through `sql`, a `COPY … FROM STDIN (FORMAT binary)`
    /// whose columns have the rows' types; the number of rows copied. In a
    /// write, the rows are journaled and sent again on replay.
    pub(crate) fn copy_in(&self, sql: &str, rows: Staged) -> Result<u64, PgError> {
        self.check()?;
        loop {
            let out = rows.send(&mut self.conn.borrow_mut(), sql);
            if self.mode == Mode::Read {
                return Ok(out?);
            }
            let answer = match &out {
                Ok(n) => Answer::Count(*n),
                Err(e) if self.retryable(e) => {
                    self.recover()?;
                    continue;
                }
                Err(e) => {
                    self.failed.set(true);
                    Answer::Failed(state(e))
                }
            };
            self.journal.borrow_mut().push(Entry {
                sql: sql.to_owned(),
                params: Vec::new(),
                rows: Some(rows),
                answer,
            });
            return Ok(out?);
        }
    }

    /// What this write transaction knows of the registry
    /// ([`crate::bulk::Known`]).
    pub(crate) fn known(&self) -> std::cell::RefMut<'_, crate::bulk::Known> {
        self.known.borrow_mut()
    }

    /// Adds a row to write by `COPY` into `table` before the next
    /// statement (or now, when the pending rows fill their buffers).
    pub(crate) fn copy_row(
        &self,
        table: &crate::bulk::Table,
        values: &[&(dyn ToSql + Sync)],
    ) -> Result<(), PgError> {
        self.check()?;
        let full = self.pending.borrow_mut().row(table, values)?;
        if full {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends the pending rows, one `COPY` per table
    /// ([`copy_in`](Self::copy_in), which journals them).
    fn flush(&self) -> Result<(), PgError> {
        if self.pending.borrow().is_empty() {
            return Ok(());
        }
        let copies = self.pending.borrow_mut().take();
        for (sql, rows) in copies {
            let expected = rows.len() as u64;
            if self.copy_in(sql, rows)? != expected {
                self.failed.set(true);
                return Err(PgError::Aborted);
            }
        }
        Ok(())
    }

    /// Runs `f` inside a savepoint: if it fails, the transaction goes on as
    /// it was before `f` (PostgreSQL would otherwise refuse every later
    /// statement).
    pub(crate) fn savepoint<T>(
        &self,
        f: impl FnOnce() -> Result<T, PgError>,
    ) -> Result<T, PgError> {
        self.execute("SAVEPOINT homebiz", &[])?;
        match f() {
            Ok(value) => {
                self.execute("RELEASE SAVEPOINT homebiz", &[])?;
                Ok(value)
            }
            // A session that gave up, or that began again to redo a part
            // ([`redo`](Self::redo)), has no savepoint to go back to.
            Err(e) if self.gave_up.get().is_some() || self.redone.get() => Err(e),
            Err(e) => {
                self.execute("ROLLBACK TO SAVEPOINT homebiz", &[])?;
                self.failed.set(false);
                Err(e)
            }
        }
    }

    /// Commits; a serialization failure at commit replays the transaction
    /// and commits again. A transaction in which a statement failed (and
    /// that PostgreSQL has therefore aborted) is rolled back and is
    /// [`PgError::Aborted`], never reported as committed.
    pub(crate) fn commit(self) -> Result<(), PgError> {
        self.check()?;
        self.flush()?;
        if self.failed.get() {
            return Err(PgError::Aborted);
        }
        loop {
            let committed = self.conn.borrow_mut().client.batch_execute("COMMIT");
            match committed {
                Ok(()) => {
                    self.open.set(false);
                    return Ok(());
                }
                Err(e) if self.retryable(&e) => {
                    // The failed COMMIT ended the transaction.
                    self.open.set(false);
                    self.recover()?;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn retryable(&self, err: &postgres::Error) -> bool {
        self.mode == Mode::Write
            && matches!(
                err.code(),
                Some(&SqlState::T_R_SERIALIZATION_FAILURE | &SqlState::T_R_DEADLOCK_DETECTED)
            )
    }

    /// The error of a session that gave up, if it did.
    fn check(&self) -> Result<(), PgError> {
        match self.gave_up.get() {
            Some(gave_up) => Err(gave_up.error()),
            // The part being redone goes back to its start first.
            None if self.redone.get() => Err(PgError::Aborted),
            None => Ok(()),
        }
    }

    /// Runs `f`, a part of a write whose statements' answers nothing
    /// outside `f` has seen yet (it reads, then writes what it read
    /// allowed, and returns only then). After a serialization failure or
    /// a deadlock inside `f`, only the journal before the part is replayed
    /// (and must answer as it did), and `f` runs again from its start in
    /// the new transaction, where its reads may answer otherwise: a
    /// writer that finds its look-up overtaken by a concurrent writer
    /// reads again instead of failing with [`PgError::Changed`]. Taken
    /// sequence numbers of the part are dropped with it (a gap). Outside
    /// a write, or inside another part, `f` just runs.
    pub(crate) fn redo<T, E>(&self, mut f: impl FnMut() -> Result<T, E>) -> Result<T, E>
    where
        E: From<PgError>,
    {
        if self.mode != Mode::Write || self.redo_from.get().is_some() {
            return f();
        }
        self.check()?;
        // Rows waiting for `COPY` belong to what came before the part.
        self.flush()?;
        loop {
            self.redo_from.set(Some(self.journal.borrow().len()));
            let out = f();
            self.redo_from.set(None);
            if self.redone.replace(false) && self.gave_up.get().is_none() {
                continue;
            }
            return out;
        }
    }

    /// After a retryable abort: a new transaction in which the journal has
    /// been replayed with the same answers; or, when that cannot be had,
    /// the error, with the session rolled back and given up.
    fn recover(&self) -> Result<(), PgError> {
        if let Some(mark) = self.redo_from.get() {
            // Inside a part to redo: the journal before it is replayed,
            // and the part goes back to its start.
            self.journal.borrow_mut().truncate(mark);
            let _dropped = self.pending.borrow_mut().take();
            self.failed.set(false);
            self.recover_all()?;
            self.redone.set(true);
            return Err(PgError::Aborted);
        }
        self.recover_all()
    }

    /// [`recover`](Self::recover) of the whole journal.
    fn recover_all(&self) -> Result<(), PgError> {
        let recovered = self.replay();
        if let Err(e) = &recovered {
            self.rollback();
            self.gave_up.set(Some(GaveUp::of(e)));
        }
        recovered
    }

    /// Begins again and replays the journal, as often as the replay itself
    /// is aborted and attempts remain.
    fn replay(&self) -> Result<(), PgError> {
        loop {
            self.restart()?;
            match self.rerun() {
                Ok(true) => return Ok(()),
                Ok(false) => return Err(PgError::Changed),
                Err(e) if self.retryable(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Runs the journal again in the transaction just begun: whether
    /// every statement answered as it had.
    fn rerun(&self) -> Result<bool, postgres::Error> {
        let journal = self.journal.borrow();
        for entry in journal.iter() {
            if let Answer::Values(_) = entry.answer {
                continue;
            }
            let found = if let Some(rows) = &entry.rows {
                let sent = rows.send(&mut self.conn.borrow_mut(), &entry.sql);
                failed_as(sent.map(Answer::Count), &entry.answer)?
            } else {
                let mut conn = self.conn.borrow_mut();
                let stmt = conn.prepare(&entry.sql)?;
                let params: Vec<&(dyn ToSql + Sync)> =
                    entry.params.iter().map(|p| p as _).collect();
                answer(&mut conn, &stmt, &params, &entry.answer)?
            };
            if found != entry.answer {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A [`Mode::Single`] read's second statement: begins the snapshot
    /// and runs the journaled first statement again in it; when that
    /// answers otherwise (or fails), the session gives up.
    fn snapshot(&self) -> Result<(), PgError> {
        let taken = self.start().and_then(|()| match self.rerun() {
            Ok(true) => Ok(()),
            Ok(false) => Err(PgError::Changed),
            Err(e) => Err(e.into()),
        });
        if let Err(e) = &taken {
            self.rollback();
            self.gave_up.set(Some(GaveUp::of(e)));
        }
        taken
    }

    /// A [`Mode::Single`] read's first statement, with no transaction,
    /// journaled so that a second statement can check it against a
    /// snapshot. A connection the server closed while it sat in the pool
    /// (found here, since no `BEGIN` went first) is opened again, and the
    /// statement sent once more: nothing had been read.
    fn run_alone(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        run: &Run,
    ) -> Result<Out, PgError> {
        let attempt = || -> Result<(Vec<Encoded>, Out), PgError> {
            let mut conn = self.conn.borrow_mut();
            let stmt = conn.prepare(sql)?;
            let encoded = encode(&stmt, params)?;
            let refs: Vec<&(dyn ToSql + Sync)> = encoded.iter().map(|p| p as _).collect();
            let out = match run {
                Run::Query => Out::Rows(conn.client.query(&stmt, &refs)?),
                Run::Execute => Out::Count(conn.client.execute(&stmt, &refs)?),
            };
            Ok((encoded, out))
        };
        let (encoded, out) = match attempt() {
            Err(_) if self.conn.borrow().client.is_closed() => {
                self.conn.borrow_mut().reconnect()?;
                attempt()?
            }
            done => done?,
        };
        let answer = match &out {
            Out::Rows(rows) => Answer::Rows(digest(rows)),
            Out::Count(n) => Answer::Count(*n),
        };
        self.journal.borrow_mut().push(Entry {
            sql: sql.to_owned(),
            params: encoded,
            rows: None,
            answer,
        });
        Ok(out)
    }

    fn run(&self, sql: &str, params: &[&(dyn ToSql + Sync)], run: Run) -> Result<Out, PgError> {
        self.check()?;
        if self.mode == Mode::Single && !self.open.get() {
            if self.journal.borrow().is_empty() {
                return self.run_alone(sql, params, &run);
            }
            self.snapshot()?;
        }
        self.flush()?;
        let stmt = self.conn.borrow_mut().prepare(sql)?;
        if self.mode != Mode::Write {
            let mut conn = self.conn.borrow_mut();
            return Ok(match run {
                Run::Query => Out::Rows(conn.client.query(&stmt, params)?),
                Run::Execute => Out::Count(conn.client.execute(&stmt, params)?),
            });
        }
        let encoded = encode(&stmt, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = encoded.iter().map(|p| p as _).collect();
        loop {
            let out = {
                let mut conn = self.conn.borrow_mut();
                match run {
                    Run::Query => conn.client.query(&stmt, &refs).map(Out::Rows),
                    Run::Execute => conn.client.execute(&stmt, &refs).map(Out::Count),
                }
            };
            let answer = match &out {
                Ok(Out::Rows(rows)) => Answer::Rows(digest(rows)),
                Ok(Out::Count(n)) => Answer::Count(*n),
                Err(e) if self.retryable(e) => {
                    self.recover()?;
                    continue;
                }
                Err(e) => {
                    self.failed.set(true);
                    Answer::Failed(state(e))
                }
            };
            self.journal.borrow_mut().push(Entry {
                sql: sql.to_owned(),
                params: encoded,
                rows: None,
                answer,
            });
            return Ok(out?);
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.rollback();
    }
}

/// A random wait of up to 2^`attempts` milliseconds, at most 256.
fn backoff(attempts: u32) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    // A fresh `RandomState` is randomly keyed: a random number without a
    // generator to carry.
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let ceiling = 1_u64 << attempts.min(8);
    Duration::from_micros(random % (ceiling * 1000))
}

/// What `stmt` answers now, in the form the journal keeps.
fn answer(
    conn: &mut Conn,
    stmt: &Statement,
    params: &[&(dyn ToSql + Sync)],
    expected: &Answer,
) -> Result<Answer, postgres::Error> {
    let out = match expected {
        Answer::Rows(_) => conn
            .client
            .query(stmt, params)
            .map(|r| Answer::Rows(digest(&r))),
        _ => conn.client.execute(stmt, params).map(Answer::Count),
    };
    failed_as(out, expected)
}

/// `out`, with an error that is not an abort taken as the answer when the
/// journal expects the statement to fail.
fn failed_as(
    out: Result<Answer, postgres::Error>,
    expected: &Answer,
) -> Result<Answer, postgres::Error> {
    match (out, expected) {
        (Err(e), Answer::Failed(_)) if !is_abort(&e) => Ok(Answer::Failed(state(&e))),
        (out, _) => out,
    }
}

fn is_abort(err: &postgres::Error) -> bool {
    matches!(
        err.code(),
        Some(&SqlState::T_R_SERIALIZATION_FAILURE | &SqlState::T_R_DEADLOCK_DETECTED)
    )
}

fn state(err: &postgres::Error) -> String {
    err.code().map(|c| c.code().to_owned()).unwrap_or_default()
}

/// `params` as the bytes `stmt` sends for them.
fn encode(stmt: &Statement, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Encoded>, PgError> {
    let types = stmt.params();
    if types.len() != params.len() {
        return Err(PgError::Parameters {
            expected: types.len(),
            given: params.len(),
        });
    }
    params
        .iter()
        .zip(types)
        .map(|(param, ty)| {
            let mut buf = BytesMut::new();
            match param.to_sql_checked(ty, &mut buf) {
                Ok(IsNull::Yes) => Ok(Encoded(None)),
                Ok(IsNull::No) => Ok(Encoded(Some(buf.to_vec()))),
                Err(_) => Err(PgError::Encode { ty: ty.to_string() }),
            }
        })
        .collect()
}

/// A digest of rows: every column's bytes, length-prefixed.
fn digest(rows: &[Row]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update((rows.len() as u64).to_le_bytes());
    for row in rows {
        for i in 0..row.len() {
            match row.try_get::<_, Raw<'_>>(i) {
                Ok(Raw(Some(bytes))) => {
                    hash.update([1]);
                    hash.update((bytes.len() as u64).to_le_bytes());
                    hash.update(bytes);
                }
                _ => hash.update([0]),
            }
        }
    }
    hash.finalize().into()
}
