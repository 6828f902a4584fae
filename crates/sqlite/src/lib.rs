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
//!   (refinery), embedded in the binary; [`SqliteStore::open`] runs the
//!   ones a database lacks, safely when many threads and processes open a
//!   new file at once. [`OpenMode::Existing`] and [`OpenMode::ReadOnly`]
//!   open only a homebiz database at the current schema and change nothing
//!   else; the second works on a file or folder the user cannot write.
//! - A file that is not a homebiz database is refused, never given the
//!   schema and left byte for byte as it was: a homebiz database is
//!   recognised by its migration history (homebiz's own versions and
//!   names) and the tables those migrations create, not by refinery's
//!   table alone. A folder, pipe or device is refused before SQLite opens
//!   it. A new (or empty) database file is made readable by its owner only.
//! - A read-only folder holding a `-wal` file with writes SQLite cannot read
//!   there is refused ([`SqliteError::UnreadWal`]) rather than read without
//!   them.
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
pub mod describe;
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
    /// (Each message includes its cause, which is therefore not also the
    /// error's `source`: a chain of causes states it once.)
    #[error("sqlite: {0}")]
    Sqlite(rusqlite::Error),
    /// A migration failed; the database is left at the last good version.
    #[error("migration: {0}")]
    Migration(refinery::Error),
    /// The file could not be created.
    #[error("cannot create the database file: {0}")]
    Create(std::io::Error),
    /// There is no database file (only [`OpenMode::Create`] creates one).
    #[error("the database does not exist")]
    Missing,
    /// The file holds no schema yet: it is empty, or a new SQLite database
    /// (only [`OpenMode::Create`] creates the schema).
    #[error("the database has no homebiz schema yet")]
    NoSchema,
    /// The file is not a homebiz database: not SQLite at all, or SQLite
    /// with tables of its own.
    #[error("not a homebiz database")]
    NotHomebiz,
    /// The schema is older than this version of homebiz (only
    /// [`OpenMode::Create`] upgrades it).
    #[error("the database's schema version {found} is older than this homebiz's {current}")]
    Outdated {
        /// The database's schema version.
        found: u32,
        /// This homebiz's schema version.
        current: u32,
    },
    /// The database was to be written but the user cannot write it (a
    /// backup, a read-only stick or folder); [`OpenMode::ReadOnly`] reads
    /// it.
    #[error("the database is read-only here")]
    NotWritable,
    /// The database's `-wal` file holds writes that SQLite cannot read in a
    /// folder the user cannot write (it would need to create the `-shm`
    /// file): reading the main file alone would show old data.
    #[error(
        "the database has writes in its -wal file that cannot be read in a read-only folder: copy the files to a writable folder"
    )]
    UnreadWal,
    /// The path is a folder, a device, a pipe or another file that is not a
    /// regular file (a pipe would block SQLite forever).
    #[error("the database path is {what}, not a regular file")]
    NotAFile {
        /// What the path is: "a folder", "a pipe", "a device", "a socket"
        /// or "not a file".
        what: &'static str,
    },
    /// The user may not read the database file or its folder.
    #[error("permission denied")]
    PermissionDenied,
    /// The schema is newer than this version of homebiz knows.
    #[error(
        "the database's schema version {found} is newer than this homebiz's {current}: use a newer homebiz"
    )]
    Newer {
        /// The database's schema version.
        found: u32,
        /// This homebiz's schema version.
        current: u32,
    },
}

impl From<rusqlite::Error> for SqliteError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Sqlite(err)
    }
}

impl From<refinery::Error> for SqliteError {
    fn from(err: refinery::Error) -> Self {
        Self::Migration(err)
    }
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

/// The table in which refinery records the migrations applied.
const HISTORY: &str = "refinery_schema_history";

/// How [`SqliteStore::open_with`] treats the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OpenMode {
    /// Create the file if it is missing (readable and writable by its
    /// owner only) and create or upgrade the schema: what `homebiz init`
    /// does. Many threads and processes may do it at once on a new file;
    /// all succeed.
    Create,
    /// An existing homebiz database at this version's schema, to read and
    /// write. Nothing is created or migrated.
    Existing,
    /// An existing homebiz database at this version's schema, opened
    /// read-only: it works on a file or folder the user cannot write (a
    /// backup, a read-only USB stick), and every write fails.
    ReadOnly,
}

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
    /// schema up to date: [`OpenMode::Create`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SqliteError> {
        Self::open_with(path, OpenMode::Create)
    }

    /// Opens the database at `path` as `mode` says. Every mode refuses a
    /// path that is not a regular file ([`SqliteError::NotAFile`]), a file
    /// the user may not read ([`SqliteError::PermissionDenied`]), a schema
    /// newer than this homebiz's ([`SqliteError::Newer`]) and a file that is
    /// not a homebiz database ([`SqliteError::NotHomebiz`]), leaving it
    /// byte for byte as it was;
    /// [`OpenMode::Existing`] and [`OpenMode::ReadOnly`] also refuse a
    /// missing file, a file without the schema or with an older one, and
    /// change nothing in the file.
    ///
    /// ```
    /// use homebiz_sqlite::{OpenMode, SqliteError, SqliteStore};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("homebiz.sqlite");
    /// assert!(matches!(SqliteStore::open_with(&path, OpenMode::ReadOnly), Err(SqliteError::Missing)));
    /// drop(SqliteStore::open_with(&path, OpenMode::Create)?);
    /// let store = SqliteStore::open_with(&path, OpenMode::ReadOnly)?;
    /// assert!(store.integrity_check()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_with(path: impl AsRef<Path>, mode: OpenMode) -> Result<Self, SqliteError> {
        let path = path.as_ref();
        check_file(path)?;
        Self::open_file(path, mode).map_err(|e| match e {
            // SQLite says "unable to open": say why when it is permission.
            SqliteError::NotWritable | SqliteError::Sqlite(_)
                if (matches!(e, SqliteError::NotWritable) || cannot_open(&e))
                    && unreadable(path) =>
            {
                SqliteError::PermissionDenied
            }
            e => e,
        })
    }

    fn open_file(path: &Path, mode: OpenMode) -> Result<Self, SqliteError> {
        let base = OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match mode {
            OpenMode::Create => {
                create_private(path)?;
                let flags =
                    base | OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
                // A folder the user cannot write: SQLite cannot create the
                // `-wal` or `-shm` file.
                return match Self::setup(Connection::open_with_flags(path, flags)?) {
                    Err(e) if cannot_open(&e) => Err(SqliteError::NotWritable),
                    opened => opened,
                };
            }
            OpenMode::Existing => {
                if !path.exists() {
                    return Err(SqliteError::Missing);
                }
                let conn =
                    Connection::open_with_flags(path, base | OpenFlags::SQLITE_OPEN_READ_WRITE)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                // SQLite falls back to reading a file it cannot write, and
                // cannot open a WAL database in a folder it cannot write:
                // say so now rather than at the first write.
                match check_current(&conn) {
                    Err(e) if cannot_open(&e) => return Err(SqliteError::NotWritable),
                    checked => checked?,
                }
                if conn.is_readonly(rusqlite::MAIN_DB)? {
                    return Err(SqliteError::NotWritable);
                }
                conn
            }
            OpenMode::ReadOnly => open_read_only(path, base)?,
        };
        conn.execute_batch(CONNECTION_PRAGMAS)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// A private copy in memory of the homebiz database at `path`, to read
    /// and write: for a dry run (which writes in a transaction that it rolls
    /// back) on a database the user cannot write. The file is opened as
    /// [`OpenMode::ReadOnly`] opens it (with the same refusals) and is never
    /// changed; the copy's writes vanish with the store. It takes as much
    /// memory as the database takes on disk.
    pub fn open_copy_in_memory(path: impl AsRef<Path>) -> Result<Self, SqliteError> {
        let source = Self::open_with(path, OpenMode::ReadOnly)?;
        let from = source.lock()?;
        let mut conn = Connection::open_in_memory()?;
        // A copy into memory must keep the source's page size.
        let page_size: i64 = from.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA page_size = {page_size};"))?;
        rusqlite::backup::Backup::new(&from, &mut conn)?.run_to_completion(
            1024,
            Duration::ZERO,
            None,
        )?;
        drop(from);
        conn.execute_batch(CONNECTION_PRAGMAS)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// A private database in memory, for tests and throw-away runs.
    pub fn open_in_memory() -> Result<Self, SqliteError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self, SqliteError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        retry_busy(|| {
            // Refuse another program's file, or a newer homebiz's, before
            // changing anything in it; and a file this user cannot write.
            let current = current_version();
            match contents(&conn)? {
                Contents::Foreign => return Err(SqliteError::NotHomebiz),
                Contents::Homebiz(found) if found > current => {
                    return Err(SqliteError::Newer { found, current });
                }
                Contents::Empty | Contents::Homebiz(_) => {}
            }
            if conn.is_readonly(rusqlite::MAIN_DB)? {
                return Err(SqliteError::NotWritable);
            }
            // 16 KiB pages for a new database (an existing one keeps its
            // own): measured on the ledger, recording a million entries
            // took 3.5 s instead of 4.5 s with 4 KiB pages; larger pages
            // gained no more.
            conn.execute_batch("PRAGMA page_size = 16384;")?;
            // In memory, journal_mode stays "memory"; that is fine.
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            Ok(())
        })?;
        conn.execute_batch(CONNECTION_PRAGMAS)?;
        // Every statement of the store stays prepared.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        register_functions(&conn)?;
        migrate(&mut conn)?;
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

/// The schema version this homebiz writes: its last migration's number.
fn current_version() -> u32 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .filter_map(|m| u32::try_from(m.version()).ok())
        .max()
        .unwrap_or(0)
}

/// What a database file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contents {
    /// No table at all (a new or empty file), or only refinery's empty
    /// history (a first `init` interrupted before its migrations).
    Empty,
    /// A homebiz schema at this version: its history is homebiz's own
    /// migrations from 1 on, and the tables they create exist.
    Homebiz(u32),
    /// Anything else: another program's tables or history.
    Foreign,
}

/// One of this homebiz's migrations: its version, its name and the tables
/// it creates.
struct Known {
    version: u32,
    name: String,
    tables: Vec<String>,
}

/// This homebiz's migrations, in order.
fn known_migrations() -> Vec<Known> {
    let mut known: Vec<Known> = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .filter_map(|m| {
            Some(Known {
                version: u32::try_from(m.version()).ok()?,
                name: m.name().to_owned(),
                tables: created_tables(m.sql().unwrap_or_default()),
            })
        })
        .collect();
    known.sort_by_key(|k| k.version);
    known
}

/// The tables a migration's SQL creates.
fn created_tables(sql: &str) -> Vec<String> {
    sql.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("CREATE TABLE ")?;
            let rest = rest.trim_start();
            let rest = rest.strip_prefix("IF NOT EXISTS ").unwrap_or(rest);
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// What the file holds (see [`Contents`]). A homebiz database is recognised
/// by its migration history: this homebiz's versions in order, none missing, up to this
/// homebiz's last, each with its name (later versions are a newer
/// homebiz's), each
/// applied at an RFC 3339 instant (what refinery reads back), and the
/// tables of those migrations present. A file that is not SQLite at all is
/// [`SqliteError::NotHomebiz`].
fn contents(conn: &Connection) -> Result<Contents, SqliteError> {
    // One snapshot for both reads: another process may create the schema
    // between them.
    let snapshot = match conn.is_autocommit() {
        true => Some(conn.unchecked_transaction()?),
        false => None,
    };
    let found = contents_now(conn);
    drop(snapshot);
    found
}

/// [`contents`], read by statements that the caller keeps in one
/// transaction.
fn contents_now(conn: &Connection) -> Result<Contents, SqliteError> {
    use rusqlite::types::Value;
    let not_homebiz = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => SqliteError::NotHomebiz,
        _ => SqliteError::from(e),
    };
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })
        .map_err(not_homebiz)?;
    if tables.is_empty() {
        return Ok(Contents::Empty);
    }
    if !tables.iter().any(|t| t == HISTORY) {
        return Ok(Contents::Foreign);
    }
    let history = conn
        .prepare(&format!(
            "SELECT version, name, applied_on FROM {HISTORY} ORDER BY version"
        ))
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<Vec<(Value, Value, Value)>, _>>()
        });
    let history = match history {
        Ok(rows) => rows,
        // A lock or an I/O failure is an error; anything else (another
        // program's history, without these columns) says "not ours".
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(
                    rusqlite::ErrorCode::DatabaseBusy
                        | rusqlite::ErrorCode::DatabaseLocked
                        | rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::SystemIoFailure
                        | rusqlite::ErrorCode::OutOfMemory
                )
            ) =>
        {
            return Err(SqliteError::from(e));
        }
        Err(_) => return Ok(Contents::Foreign),
    };
    if history.is_empty() {
        return Ok(if tables.len() == 1 {
            Contents::Empty
        } else {
            Contents::Foreign
        });
    }
    let known = known_migrations();
    let current = current_version();
    let mut found = 0_u32;
    for (row, (version, name, applied_on)) in history.into_iter().enumerate() {
        let (Value::Integer(version), Value::Text(name), Value::Text(applied_on)) =
            (version, name, applied_on)
        else {
            return Ok(Contents::Foreign);
        };
        // This homebiz's versions in their order, none left out (the
        // numbering itself may skip one); a newer homebiz's after them, in
        // any numbering.
        let expected = known.get(row).map(|k| k.version);
        let in_order = u32::try_from(version)
            .ok()
            .filter(|v| Some(*v) == expected || (found >= current && *v > found));
        let instant = time::OffsetDateTime::parse(
            &applied_on,
            &time::format_description::well_known::Rfc3339,
        );
        let (Some(version), Ok(_)) = (in_order, instant) else {
            return Ok(Contents::Foreign);
        };
        if let Some(ours) = known.iter().find(|k| k.version == version) {
            let tables_present = ours.tables.iter().all(|t| tables.contains(t));
            if ours.name != name || !tables_present {
                return Ok(Contents::Foreign);
            }
        }
        found = version;
    }
    Ok(Contents::Homebiz(found))
}

/// Refuses anything but a homebiz database at [`current_version`].
fn check_current(conn: &Connection) -> Result<(), SqliteError> {
    let current = current_version();
    match contents(conn)? {
        Contents::Empty | Contents::Homebiz(0) => Err(SqliteError::NoSchema),
        Contents::Foreign => Err(SqliteError::NotHomebiz),
        Contents::Homebiz(found) if found < current => {
            Err(SqliteError::Outdated { found, current })
        }
        Contents::Homebiz(found) if found > current => Err(SqliteError::Newer { found, current }),
        Contents::Homebiz(_) => Ok(()),
    }
}

/// Creates the schema or brings it up to date, safely when other
/// connections (threads or processes) do the same at once.
///
/// Refinery reads which migrations are applied, then applies the others
/// in a second transaction; two first opens could both decide to create the
/// tables, and the second failed with "table … already exists". Here every
/// transaction of the runner starts with `BEGIN IMMEDIATE` (so it waits for
/// the other on the busy timeout), the migrations are applied as one group
/// (all or none), and a runner that lost the race finds the schema up to
/// date when it looks again.
fn migrate(conn: &mut Connection) -> Result<(), SqliteError> {
    const ATTEMPTS: u32 = 5;
    let current = current_version();
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let runner = embedded::migrations::runner().set_grouped(true);
    let mut attempt = 0;
    let outcome = loop {
        if contents(conn)? == Contents::Homebiz(current) {
            break Ok(());
        }
        match runner.run(conn) {
            Ok(_) => break Ok(()),
            Err(e) => {
                attempt += 1;
                if contents(conn)? == Contents::Homebiz(current) {
                    break Ok(());
                }
                if attempt == ATTEMPTS {
                    break Err(SqliteError::from(e));
                }
            }
        }
    };
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    outcome
}

/// Registers the Rust functions that migrations call:
/// `homebiz_search_key(text)`, [`search_key`](homebiz_core::text::search_key),
/// with which V8 backfills the search keys of existing rows.
fn register_functions(conn: &Connection) -> Result<(), SqliteError> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "homebiz_search_key",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(homebiz_core::text::search_key(&ctx.get::<String>(0)?)),
    )?;
    Ok(())
}

/// Runs `f` again while SQLite answers "database is locked" without
/// consulting its busy handler, as when several connections switch a new
/// file to WAL at once, for up to [`BUSY_TIMEOUT`].
fn retry_busy<T>(mut f: impl FnMut() -> Result<T, SqliteError>) -> Result<T, SqliteError> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(SqliteError::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            outcome => return outcome,
        }
    }
}

/// Creates a missing database file readable and writable by its owner
/// only (SQLite gives its `-wal` and `-shm` files the same permissions).
/// An existing empty file, about to get the schema, is made private too;
/// any other existing file is left as it is.
///
/// The file is made under another name and linked into place once closed:
/// closing a file releases every POSIX lock this process holds on it, so a
/// file that another thread's SQLite connection may already have opened
/// (and locked) is never closed here.
fn create_private(path: &Path) -> Result<(), SqliteError> {
    let created = match path.exists() {
        true => Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists)),
        false => link_new_private(path),
    };
    match created {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| io_error(e, SqliteError::Create))?;
            }
            Ok(())
        }
        Err(e) => Err(io_error(e, SqliteError::Create)),
    }
}

/// Makes an empty file readable and writable by its owner only at `path`,
/// failing with `AlreadyExists` if there is one: made closed beside it,
/// then hard-linked into place.
fn link_new_private(path: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.new", uuid::Uuid::now_v7().simple()));
    let temp = dir.join(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    drop(options.open(&temp)?);
    let linked = std::fs::hard_link(&temp, path);
    let _removed = std::fs::remove_file(&temp);
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            // A filesystem without hard links (FAT): made in place.
            drop(options.open(path)?);
            Ok(())
        }
        linked => linked,
    }
}

/// `err` as [`SqliteError::PermissionDenied`] when it is one, else as
/// `other` says.
fn io_error(err: std::io::Error, other: fn(std::io::Error) -> SqliteError) -> SqliteError {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => SqliteError::PermissionDenied,
        _ => other(err),
    }
}

/// Refuses, before SQLite sees it, a path that is not a regular file (a
/// folder; a pipe, on which SQLite would wait forever) and a file the user
/// may not read. A missing file passes: each mode says what it does then.
fn check_file(path: &Path) -> Result<(), SqliteError> {
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(SqliteError::PermissionDenied);
        }
        // SQLite reports the rest in its own words.
        Err(_) => return Ok(()),
    };
    if !metadata.is_file() {
        return Err(SqliteError::NotAFile {
            what: file_kind(&metadata),
        });
    }
    Ok(())
}

/// Whether the user may not read the file at `path`. Asked only after
/// SQLite could not open it: opening and closing a file in this process
/// releases every POSIX lock the process holds on it, including those of
/// another thread's SQLite connection, so the file is never opened while a
/// connection of this process may hold it.
fn unreadable(path: &Path) -> bool {
    matches!(
        std::fs::File::open(path),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied
    )
}

/// What a path that is not a regular file is, in words.
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    if metadata.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "a pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    "not a file"
}

/// Opens `path` read-only and checks its schema. A WAL database in a folder
/// the user cannot write cannot be read the usual way (SQLite must create
/// its `-shm` file); it is then opened as immutable, which is what such a
/// folder is: nobody can change the file there.
fn open_read_only(path: &Path, base: OpenFlags) -> Result<Connection, SqliteError> {
    if !path.exists() {
        return Err(SqliteError::Missing);
    }
    let conn = Connection::open_with_flags(path, base | OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    match check_current(&conn) {
        Err(e) if cannot_open(&e) => {
            drop(conn);
            // Immutable mode reads the main file alone: writes still in the
            // `-wal` file would be silently missing.
            let mut wal = path.as_os_str().to_owned();
            wal.push("-wal");
            if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                return Err(SqliteError::UnreadWal);
            }
            let conn = Connection::open_with_flags(
                immutable_uri(path),
                base | OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            )?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            check_current(&conn)?;
            Ok(conn)
        }
        Err(e) => Err(e),
        Ok(()) => Ok(conn),
    }
}

/// Whether SQLite could not open or write a file it needs (the `-shm` of a
/// WAL database in a folder the user cannot write).
fn cannot_open(err: &SqliteError) -> bool {
    matches!(err, SqliteError::Sqlite(e) if matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    ))
}

/// `file:PATH?immutable=1`, the path percent-encoded.
fn immutable_uri(path: &Path) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};
    // Everything but unreserved characters and the separator is encoded.
    const PATH: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut bytes = absolute.as_os_str().as_encoded_bytes().to_vec();
    if cfg!(windows) {
        // `C:\a\b` is written `file:/C:/a/b`.
        bytes
            .iter_mut()
            .filter(|b| **b == b'\\')
            .for_each(|b| *b = b'/');
    }
    let slash = if bytes.first() == Some(&b'/') {
        ""
    } else {
        "/"
    };
    format!("file:{slash}{}?immutable=1", percent_encode(&bytes, PATH))
}
