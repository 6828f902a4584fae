//! # homebiz-sqlite
//!
//! homebiz's store traits on embedded SQLite: [`SqliteStore`] implements
//! [`RegistryStore`](homebiz_registry::RegistryStore) and
//! [`MarketStore`](homebiz_market::store::MarketStore) and
//! [`IncomeStore`](homebiz_income::store::IncomeStore), and passes the same
//! conformance suites as the in-memory stores.
//!
//! - SQLite is compiled in (rusqlite's `bundled` feature): nothing to
//!   install.
//! - The schema is created and upgraded by versioned migrations
//!   (refinery), embedded in the binary; opening a database runs the ones
//!   it lacks.
//! - WAL journal, `synchronous = FULL`, a busy timeout, foreign keys on.
//! - Every write transaction starts with `BEGIN IMMEDIATE`, so a writer
//!   never fails half-way for lack of the lock, and a killed process leaves
//!   either all of a transaction or none of it.
//! - Money is stored in INTEGER columns (minor units) beside its currency.
//!
//! ```
//! use homebiz_registry::{Actor, OfficeData, OfficeLevel, Registry};
//! use homebiz_core::{SystemClock, id::{ActorId, OfficeId}};
//! use homebiz_sqlite::SqliteStore;
//!
//! let dir = tempfile::tempdir()?;
//! let store = SqliteStore::open(dir.path().join("homebiz.sqlite"))?;
//! let registry = Registry::new(store, SystemClock);
//! let admin = Actor::unrestricted(ActorId::new());
//! registry.write(&admin, |w| w.add_office(OfficeData {
//!     id: OfficeId::new(),
//!     code: "WAZ".into(),
//!     name: "آذربایجان غربی".into(),
//!     level: OfficeLevel::Province,
//!     parent: None,
//! }))?;
//! assert_eq!(registry.read(&admin, |r| r.offices())?.len(), 1);
//! assert!(registry.store().integrity_check()?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

/// The glue each domain's store needs, once: the domain's error from
/// SQLite's, a `backend` helper for rusqlite errors, the domain's store
/// trait over [`SqliteStore::with_read`] and [`SqliteStore::with_write`],
/// with `$db` building the domain's view of a connection (a `Db` holding it
/// in field `$conn`), and that view's [`Queries`](codec::Queries).
macro_rules! domain_store {
    ($error:ident, $store:ident, $read:ident, $tx:ident, $db:expr, $conn:tt) => {
        impl crate::codec::Queries for Db<'_> {
            type Error = $error;

            fn conn(&self) -> &rusqlite::Connection {
                self.$conn
            }

            fn error(err: rusqlite::Error) -> $error {
                backend(err)
            }
        }

        impl From<crate::SqliteError> for $error {
            fn from(err: crate::SqliteError) -> Self {
                $error::backend(err)
            }
        }

        fn backend(err: rusqlite::Error) -> $error {
            $error::backend(err)
        }

        impl $store for crate::SqliteStore {
            fn read<R>(&self, f: impl FnOnce(&dyn $read) -> Result<R>) -> Result<R> {
                self.with_read(|conn| f(&($db)(conn)))
            }

            fn write<R>(&self, f: impl FnOnce(&mut dyn $tx) -> Result<R>) -> Result<R> {
                self.with_write(|conn| f(&mut ($db)(conn)))
            }
        }
    };
}

mod codec;
mod income;
mod market;
mod registry;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Errors opening or checking a database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SqliteError {
    /// SQLite itself failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed; the database is left at the last good version.
    #[error("migration: {0}")]
    Migration(#[from] refinery::Error),
}

/// Prepared statements kept per connection: more than the store uses.
const STATEMENT_CACHE: usize = 128;

/// The pragmas every connection of [`SqliteStore`] sets after WAL: durable
/// commits, foreign keys enforced, a 64 MiB page cache and temporary tables
/// in memory. Public so that a tool working on the same file (as the
/// `schema_floor` example) can set the same ones.
pub const CONNECTION_PRAGMAS: &str = "PRAGMA synchronous = FULL;
    PRAGMA foreign_keys = ON;
    PRAGMA cache_size = -65536;
    PRAGMA temp_store = MEMORY;";

/// How long a connection waits for another writer's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A homebiz database in one SQLite file (or in memory).
///
/// One connection behind a mutex: share the store between threads with an
/// `Arc`. Several processes may open the same file; writers queue on the
/// busy timeout. A panic inside a read or write closure rolls its
/// transaction back and leaves the store usable.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SqliteError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        Self::setup(Connection::open_with_flags(path, flags)?)
    }

    /// A private database in memory, for tests and throw-away runs.
    pub fn open_in_memory() -> Result<Self, SqliteError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self, SqliteError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // 16 KiB pages for a new database (an existing one keeps its own):
        // measured on the ledger, recording a million entries took 3.5 s
        // instead of 4.5 s with 4 KiB pages; larger pages gained no more.
        conn.execute_batch("PRAGMA page_size = 16384;")?;
        // In memory, journal_mode stays "memory"; that is fine.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch(CONNECTION_PRAGMAS)?;
        // Every statement of the store stays prepared.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        embedded::migrations::runner().run(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// The connection, outside any transaction. A panic inside a closure
    /// poisons the mutex, but the transaction it was in rolls back as the
    /// panic unwinds (rusqlite's `Transaction` rolls back on drop); should
    /// one still be open, it is rolled back here. Either way the next
    /// caller gets a sound connection, not an error.
    fn lock(&self) -> Result<MutexGuard<'_, Connection>, SqliteError> {
        let conn = self.conn.lock().unwrap_or_else(|poisoned| {
            self.conn.clear_poison();
            poisoned.into_inner()
        });
        if !conn.is_autocommit() {
            conn.execute_batch("ROLLBACK")?;
        }
        Ok(conn)
    }

    /// Runs `PRAGMA integrity_check`; `true` when SQLite answers `ok`.
    pub fn integrity_check(&self) -> Result<bool, SqliteError> {
        let conn = self.lock()?;
        let answer: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(answer == "ok")
    }

    /// The schema version: the number of the last migration applied.
    pub fn schema_version(&self) -> Result<u32, SqliteError> {
        let conn = self.lock()?;
        let version: Option<u32> = conn.query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )?;
        Ok(version.unwrap_or(0))
    }

    /// Runs `f` on the connection inside a read transaction (a consistent
    /// snapshot).
    pub(crate) fn with_read<R, E: From<SqliteError>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut conn = self.lock()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(SqliteError::from)?;
        // Dropping the transaction rolls it back: reads change nothing.
        f(&tx)
    }

    /// Runs `f` inside `BEGIN IMMEDIATE … COMMIT`, rolling back on error.
    pub(crate) fn with_write<R, E: From<SqliteError>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut conn = self.lock()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(SqliteError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(SqliteError::from)?;
        Ok(out)
    }
}
