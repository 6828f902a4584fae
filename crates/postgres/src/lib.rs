//! # homebiz-postgres
//!
//! homebiz's store traits on PostgreSQL (15 or later): [`PgStore`]
//! implements [`RegistryStore`](homebiz_registry::RegistryStore),
//! [`MarketStore`](homebiz_market::store::MarketStore) and
//! [`IncomeStore`](homebiz_income::store::IncomeStore), and passes the same
//! conformance suites as the in-memory and SQLite stores. One programme
//! database serves many offices at once.
//!
//! - The synchronous [`postgres`] client, in a pool of connections
//!   ([`r2d2`]); each connection keeps its prepared statements.
//! - The schema is created and upgraded by versioned migrations
//!   (refinery), embedded in the binary, in PostgreSQL's own dialect:
//!   UUID keys, `timestamptz` instants, BIGINT money, a unique index on
//!   the national ID, foreign keys. [`PgStore::open`] runs the ones the
//!   database lacks, under an advisory lock, so many processes may open a
//!   new database at once.
//! - Every table carries `province_id`, the root office of the record's
//!   province, so that the tables can be distributed by province (Citus);
//!   ARCHITECTURE.md gives the plan.
//! - Reads run in a `REPEATABLE READ READ ONLY` snapshot, except a
//!   registry lookup that is one statement
//!   ([`RegistryStore::read_one`](homebiz_registry::RegistryStore::read_one),
//!   as `Registry::read_one` uses it): one statement is its own
//!   consistent snapshot, so it is sent with no `BEGIN` and no `ROLLBACK`
//!   (one round trip instead of three). Writes run
//!   `SERIALIZABLE`: no global lock, writers on different offices proceed
//!   in parallel, and PostgreSQL aborts a transaction that would break
//!   serial order. Such an abort (or a deadlock) is retried by replaying
//!   the transaction's journal, up to [`MAX_ATTEMPTS`] times (or
//!   [`PgStore::with_max_attempts`]) with a random,
//!   growing wait between; then the write fails with
//!   [`PgError::Conflict`], or at once with [`PgError::Changed`] when
//!   another writer changed what it had read. [`PgStore::replays`] counts
//!   the replays.
//! - Audit numbers come from one sequence: they increase in the order
//!   writers take them, and a transaction that rolls back leaves a gap.
//!
//! ```no_run
//! use homebiz_registry::{Actor, OfficeData, OfficeLevel, Registry};
//! use homebiz_core::{SystemClock, id::{ActorId, OfficeId}};
//! use homebiz_postgres::PgStore;
//!
//! let store = PgStore::open("postgres://postgres@127.0.0.1:5432/homebiz")?;
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
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use postgres::{Client, NoTls, Statement};

/// The glue each domain's store needs, once: the domain's view of a
/// session (`Db`) with its query helpers, the domain's error from
/// [`PgError`], and the domain's store trait over [`PgStore::with_read`]
/// and [`PgStore::with_write`].
macro_rules! domain_store {
    ($error:ident, $store:ident, $read:ident, $tx:ident $(, $read_one:ident)?) => {
        /// The domain's tables in one session. The office of each
        /// household and person this session wrote or looked up is kept
        /// in the session's one cache of what the write knows
        /// ([`crate::bulk::Known::offices`]), so that a later row of the
        /// same write takes its province from the office (a table no
        /// write of this kind inserts into) instead of probing a table
        /// that concurrent writers insert into: under SERIALIZABLE such a
        /// probe locks the index page it reads, and their inserts into
        /// that page make serialization failures between writers on
        /// different offices (#15).
        struct Db<'a, 'c>(&'a crate::session::Session<'c>);

        /// A statement's parameters.
        type Params<'p> = [&'p (dyn postgres::types::ToSql + Sync)];

        impl Db<'_, '_> {
            /// The first row of `sql`, mapped.
            fn one<T>(
                &self,
                sql: &str,
                params: &Params<'_>,
                map: impl FnOnce(&postgres::Row) -> std::result::Result<T, crate::PgError>,
            ) -> Result<Option<T>> {
                Ok(self
                    .0
                    .query_opt(sql, params)?
                    .as_ref()
                    .map(map)
                    .transpose()?)
            }

            /// Every row of `sql`, mapped.
            fn all<T>(
                &self,
                sql: &str,
                params: &Params<'_>,
                map: impl FnMut(&postgres::Row) -> std::result::Result<T, crate::PgError>,
            ) -> Result<Vec<T>> {
                Ok(self
                    .0
                    .query(sql, params)?
                    .iter()
                    .map(map)
                    .collect::<std::result::Result<_, _>>()?)
            }

            /// The office of household or person `id`, if this session
            /// wrote or looked it up.
            #[allow(dead_code)]
            fn office_of(&self, id: uuid::Uuid) -> Option<uuid::Uuid> {
                self.0.known().offices.get(&id).copied()
            }

            /// Remembers that this session wrote (or read) record `id` of
            /// `office`.
            #[allow(dead_code)]
            fn wrote(&self, id: uuid::Uuid, office: Option<uuid::Uuid>) {
                if let Some(office) = office {
                    self.0.known().offices.insert(id, office);
                }
            }

            /// Runs `sql`; the number of rows it changed.
            fn run(&self, sql: &str, params: &Params<'_>) -> Result<u64> {
                Ok(self.0.execute(sql, params)?)
            }
        }

        impl From<crate::PgError> for $error {
            fn from(err: crate::PgError) -> Self {
                $error::backend(err)
            }
        }

        impl $store for crate::PgStore {
            fn read<R>(&self, f: impl FnOnce(&dyn $read) -> Result<R>) -> Result<R> {
                self.with_read(|session| f(&Db(session)))
            }

            fn write<R>(&self, f: impl FnOnce(&mut dyn $tx) -> Result<R>) -> Result<R> {
                self.with_write(|session| f(&mut Db(session)))
            }

            $(
                fn $read_one<R>(&self, f: impl FnOnce(&dyn $read) -> Result<R>) -> Result<R> {
                    self.with_read_one(|session| f(&Db(session)))
                }
            )?
        }
    };
}

mod bulk;
mod codec;
pub mod describe;
mod income;
mod market;
mod registry;
mod session;
#[cfg(feature = "testing")]
pub mod testing;

pub use session::MAX_ATTEMPTS;
use session::{Mode, Session};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Errors of the PostgreSQL store. Messages never hold values from the
/// database (PostgreSQL's detail lines can name a national ID).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PgError {
    /// PostgreSQL refused a statement: its SQLSTATE code and message,
    /// without the detail line (which may quote personal data).
    #[error("postgres {code}: {message}")]
    Database {
        /// The SQLSTATE code (`23505` for a unique violation).
        code: String,
        /// PostgreSQL's message.
        message: String,
        /// The constraint it names, if any (`channels_code_key`).
        constraint: Option<String>,
    },
    /// The connection failed (I/O, protocol, closed).
    #[error("postgres connection: {0}")]
    Connection(String),
    /// No connection could be had from the pool in time.
    #[error("connection pool: {0}")]
    Pool(String),
    /// The database URL could not be read.
    #[error("the database URL is not valid")]
    Url,
    /// The server could not be reached or refused the connection. Names
    /// the server by host and port, never the URL's user or password.
    #[error("cannot connect to the PostgreSQL server at {server}: {reason}")]
    Unreachable {
        /// The server: `host:port` (or a socket folder and port).
        server: String,
        /// Why, as the client says it.
        reason: String,
    },
    /// A migration failed; the database is left at the last good version.
    #[error("migration: {0}")]
    Migration(String),
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
    /// The write conflicted with concurrent writers (serialization
    /// failures or deadlocks) on every one of its attempts; nothing was
    /// written. Trying again later may succeed.
    #[error("the write conflicted with concurrent writers {attempts} times and was given up")]
    Conflict {
        /// The transactions begun.
        attempts: u32,
    },
    /// The write was aborted by a concurrent writer that changed what it
    /// had read, so it could not be replayed; nothing was written. Trying
    /// again reads the new state.
    #[error("a concurrent write changed what this write had read; nothing was written")]
    Changed,
    /// A statement of the write failed and the write's closure went on
    /// regardless; PostgreSQL had aborted the transaction, so nothing was
    /// written.
    #[error("a statement of the write failed, so nothing was written")]
    Aborted,
    /// A column could not be read as the homebiz value it holds.
    #[error("column {column} cannot be read as homebiz's value")]
    Decode {
        /// The column's name.
        column: String,
    },
    /// A value could not be sent as the column's type.
    #[error("a value cannot be sent as postgres type {ty}")]
    Encode {
        /// The PostgreSQL type.
        ty: String,
    },
    /// A statement was given the wrong number of parameters (a bug).
    #[error("a statement takes {expected} parameters, given {given}")]
    Parameters {
        /// What the statement takes.
        expected: usize,
        /// What it was given.
        given: usize,
    },
}

impl PgError {
    /// The SQLSTATE code of a statement PostgreSQL refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Database { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The constraint a refused statement broke, if PostgreSQL named one.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            Self::Database { constraint, .. } => constraint.as_deref(),
            _ => None,
        }
    }
}

impl From<postgres::Error> for PgError {
    fn from(err: postgres::Error) -> Self {
        match err.as_db_error() {
            Some(db) => Self::Database {
                code: db.code().code().to_owned(),
                message: db.message().to_owned(),
                constraint: db.constraint().map(str::to_owned),
            },
            None => Self::Connection(err.to_string()),
        }
    }
}

impl From<r2d2::Error> for PgError {
    fn from(err: r2d2::Error) -> Self {
        Self::Pool(err.to_string())
    }
}

/// SQLSTATE of a unique violation.
pub(crate) const UNIQUE_VIOLATION: &str = "23505";

/// SQLSTATE of a foreign key violation.
pub(crate) const FOREIGN_KEY_VIOLATION: &str = "23503";

/// One pooled connection and the statements prepared on it.
pub(crate) struct Conn {
    pub(crate) client: Client,
    statements: HashMap<String, Statement>,
    /// How to open it again.
    config: std::sync::Arc<postgres::Config>,
}

impl Conn {
    /// Opens the connection again, in place of one the server closed.
    pub(crate) fn reconnect(&mut self) -> Result<(), postgres::Error> {
        self.client = self.config.connect(NoTls)?;
        self.statements.clear();
        Ok(())
    }

    /// `sql` prepared on this connection, once.
    pub(crate) fn prepare(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(sql)?;
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

/// Makes and checks the pool's connections.
#[derive(Debug)]
struct Manager {
    config: std::sync::Arc<postgres::Config>,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.config.connect(NoTls)?,
            statements: HashMap::new(),
            config: std::sync::Arc::clone(&self.config),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(drop)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}

/// How many connections a store keeps at most.
pub const POOL_SIZE: u32 = 16;

/// How long opening a store waits for the server to answer, unless the URL
/// says (`connect_timeout`).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a caller waits for a free connection.
pub const POOL_TIMEOUT: Duration = Duration::from_secs(30);

/// The advisory lock key under which migrations run ("homebiz" in ASCII).
const MIGRATION_LOCK: i64 = 0x0068_6f6d_6562_697a;

/// A homebiz programme database on a PostgreSQL server.
///
/// Share it between threads with an `Arc` (or by reference): each read or
/// write takes a connection from the pool for its transaction. A panic
/// inside a closure rolls its transaction back.
pub struct PgStore {
    pool: r2d2::Pool<Manager>,
    /// Write transactions replayed after a serialization failure or a
    /// deadlock.
    replays: AtomicU64,
    /// How many times a write transaction is tried.
    max_attempts: u32,
    /// A scratch schema to drop with the store (tests only).
    #[cfg(feature = "testing")]
    scratch: Option<testing::DropSchema>,
}

impl std::fmt::Debug for PgStore {
    // The URL may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("connections", &self.pool.state().connections)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`,
    /// or key=value settings) and creates or upgrades its schema.
    ///
    /// A URL may choose the schema to work in with the connection option
    /// `search_path` (`?options=-c%20search_path%3Dhomebiz`).
    pub fn open(url: &str) -> Result<Self, PgError> {
        Self::open_config(postgres::Config::from_str(url).map_err(|_| PgError::Url)?)
    }

    /// Whether `location` names a PostgreSQL database (it starts with
    /// `postgres://` or `postgresql://`) rather than a file.
    pub fn is_url(location: &str) -> bool {
        ["postgres://", "postgresql://"]
            .iter()
            .any(|scheme| location.starts_with(scheme))
    }

    /// `url` as it may be shown: `postgres://host:port/database`, without
    /// the user, the password or the options; `None` when it cannot be
    /// read.
    pub fn shown(url: &str) -> Option<String> {
        let config = postgres::Config::from_str(url).ok()?;
        let database = config.get_dbname().unwrap_or("");
        Some(format!("postgres://{}/{database}", server(&config)))
    }

    /// [`open`](Self::open) with the connection settings parsed.
    pub(crate) fn open_config(mut config: postgres::Config) -> Result<Self, PgError> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // One connection first, for the schema: a server that cannot be
        // reached is named at once, not after the pool's wait.
        let mut client = config.connect(NoTls).map_err(|e| PgError::Unreachable {
            server: server(&config),
            reason: reason(&e),
        })?;
        migrate(&mut client)?;
        drop(client);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(0))
            // A closed connection is found when its BEGIN fails
            // (`with_session`), not by a test query on every check-out.
            .test_on_check_out(false)
            .connection_timeout(POOL_TIMEOUT)
            .build(Manager {
                config: std::sync::Arc::new(config),
            })?;
        let store = Self {
            pool,
            replays: AtomicU64::new(0),
            max_attempts: MAX_ATTEMPTS,
            #[cfg(feature = "testing")]
            scratch: None,
        };
        Ok(store)
    }
    /// The store trying each write transaction at most `attempts` times
    /// (at least once) before it fails with [`PgError::Conflict`], instead
    /// of [`MAX_ATTEMPTS`]: fewer for a caller that would rather retry
    /// itself, more under heavy contention.
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// How many times a write transaction is tried before it fails with
    /// [`PgError::Conflict`].
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How many times a write transaction was aborted by PostgreSQL (a
    /// serialization failure or a deadlock) and replayed, since the store
    /// was opened: a measure of contention between writers.
    pub fn replays(&self) -> u64 {
        self.replays.load(Ordering::Relaxed)
    }

    /// The schema version: the number of the last migration applied.
    pub fn schema_version(&self) -> Result<u32, PgError> {
        version(&mut self.pool.get()?.client)
    }

    /// Runs `f` on a read-only snapshot.
    pub(crate) fn with_read<R, E: From<PgError>>(
        &self,
        f: impl FnOnce(&Session<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        // Dropping the session rolls it back: reads change nothing.
        self.with_session(Mode::Read, 1, |session| f(&session))
    }

    /// Runs `f`, a read expected to make one statement, with no
    /// transaction around it (one statement is its own consistent
    /// snapshot); a second statement begins a snapshot that the first
    /// is checked against ([`Mode::Single`]).
    pub(crate) fn with_read_one<R, E: From<PgError>>(
        &self,
        f: impl FnOnce(&Session<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        self.with_session(Mode::Single, 1, |session| f(&session))
    }

    /// Runs `f` in one serializable transaction, committing when it
    /// returns `Ok`.
    pub(crate) fn with_write<R, E: From<PgError>>(
        &self,
        f: impl FnOnce(&Session<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        self.with_session(Mode::Write, self.max_attempts, |session| {
            let out = f(&session)?;
            session.commit()?;
            Ok(out)
        })
    }

    /// Runs `f` on a transaction begun in `mode` on a pooled connection.
    ///
    /// The pool does not test a connection when it hands one out (a round
    /// trip on every read and write, as long as the query of a look-up):
    /// a connection the server closed meanwhile (a restart, an idle
    /// timeout, an administrator's `pg_terminate_backend`) fails at
    /// `BEGIN`, before anything of `f` ran, and is then dropped by the
    /// pool while another is taken, up to [`POOL_SIZE`] times.
    fn with_session<R, E: From<PgError>>(
        &self,
        mode: Mode,
        attempts: u32,
        f: impl FnOnce(Session<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut closed = 0;
        loop {
            let mut conn = self.pool.get().map_err(PgError::from)?;
            let failed = match Session::begin(&mut conn, mode, &self.replays, attempts) {
                Ok(session) => return f(session),
                Err(e) => e,
            };
            if closed >= POOL_SIZE || !conn.client.is_closed() {
                return Err(failed.into());
            }
            closed += 1;
        }
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

/// The database's schema version (0 before the first migration).
fn version(client: &mut Client) -> Result<u32, PgError> {
    let exists = client.query_one(
        "SELECT to_regclass('refinery_schema_history') IS NOT NULL",
        &[],
    )?;
    if !exists.try_get::<_, bool>(0)? {
        return Ok(0);
    }
    let row = client.query_one(
        "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
        &[],
    )?;
    let version: i32 = row.try_get(0)?;
    u32::try_from(version).map_err(|_| PgError::Decode {
        column: "version".into(),
    })
}

/// Creates the schema or brings it up to date, one process at a time.
fn migrate(client: &mut Client) -> Result<(), PgError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let outcome = (|| {
        let current = current_version();
        let found = version(client)?;
        if found > current {
            return Err(PgError::Newer { found, current });
        }
        embedded::migrations::runner()
            .set_grouped(true)
            .run(client)
            .map_err(|e| PgError::Migration(e.to_string()))?;
        compute_keys(client)
    })();
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    outcome
}

/// Computes the search keys that are not computed yet (NULL): those of
/// the rows a migration found (V4 added the columns) or set to NULL
/// because the key function changed. The keys are
/// [`search_key`](homebiz_core::text::search_key), the Rust function every
/// put uses; a person's `name_key` (the likely-duplicate check's) is the
/// same key. One transaction, a batch of rows at a time.
fn compute_keys(client: &mut Client) -> Result<(), PgError> {
    use homebiz_core::text::search_key;
    let mut tx = client.transaction()?;
    compute(
        &mut tx,
        "SELECT id, given_name || ' ' || family_name FROM people
         WHERE search_key IS NULL LIMIT 10000",
        "UPDATE people SET search_key = k.key, name_key = k.key
         FROM unnest($1::uuid[], $2::text[]) AS k (id, key) WHERE people.id = k.id",
        search_key,
    )?;
    compute(
        &mut tx,
        "SELECT id, address FROM households WHERE address_key IS NULL LIMIT 10000",
        "UPDATE households SET address_key = k.key
         FROM unnest($1::uuid[], $2::text[]) AS k (id, key) WHERE households.id = k.id",
        search_key,
    )?;
    tx.commit()?;
    Ok(())
}

/// Runs `select` (rows of ID and text, a batch at a time) until it finds
/// none, writing `key` of each text with `update` (the IDs and the keys as
/// two arrays).
fn compute(
    tx: &mut postgres::Transaction<'_>,
    select: &str,
    update: &str,
    key: fn(&str) -> String,
) -> Result<(), PgError> {
    loop {
        let rows = tx.query(select, &[])?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut ids = Vec::with_capacity(rows.len());
        let mut keys = Vec::with_capacity(rows.len());
        for row in &rows {
            ids.push(row.try_get::<_, uuid::Uuid>(0)?);
            keys.push(key(row.try_get(1)?));
        }
        tx.execute(update, &[&ids, &keys])?;
    }
}

/// The server of `config`, as `host:port` (its first host and port).
fn server(config: &postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

/// `err` and its causes, joined by `: ` (the client's own message only says
/// "error connecting to server"; the cause says why).
fn reason(err: &postgres::Error) -> String {
    let mut text = err.to_string();
    let mut cause = std::error::Error::source(err);
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}
