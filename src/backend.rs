//! [`Backend`]: the store a programme runs on, SQLite or PostgreSQL, chosen
//! by where it is: a file path or a `postgres://` URL ([`Location`]).
//!
//! The store traits read and write through generic closures, so they are
//! not object-safe; `Backend` is an enum that forwards each call to the
//! store it holds. A [`BackendProgram`] is a [`Program`] on it: one type
//! for the CLI and the examples, whichever database they were pointed at.
//! [`SqliteProgram`](crate::program::SqliteProgram) stays for embedders
//! that only use SQLite.
//!
//! ```
//! use std::sync::Arc;
//! use homebiz::backend::{BackendProgram, Location};
//! use homebiz::core::FixedClock;
//!
//! let dir = tempfile::tempdir()?;
//! let clock = Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?));
//! let at = Location::new(dir.path().join("pilot.sqlite"));
//! let program = BackendProgram::open(&at, clock)?;
//! assert!(program.catalog().len() >= 40);
//! // A URL names the server by host and port, never by its password.
//! let url = Location::new("postgres://staff:secret@db.example:5433/urmia");
//! assert_eq!(url.to_string(), "postgres://db.example:5433/urmia");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use homebiz_core::Clock;
use homebiz_income::store::{IncomeRead, IncomeStore, IncomeTx};
use homebiz_market::store::{MarketRead, MarketStore, MarketTx};
use homebiz_postgres::PgStore;
use homebiz_registry::{RegistryError, RegistryRead, RegistryStore, RegistryTx};
use homebiz_sqlite::SqliteStore;

use crate::program::{Program, Result};

/// Where a programme's database is: a SQLite file, or a PostgreSQL
/// database named by a `postgres://` or `postgresql://` URL.
///
/// Shown (`Display`, `Debug`) without the URL's user, password or
/// options.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL, as given.
    Postgres(String),
}

impl Location {
    /// A URL when `location` starts with `postgres://` or `postgresql://`,
    /// else a file path.
    pub fn new(location: impl Into<PathBuf>) -> Self {
        let path = location.into();
        match path.to_str() {
            Some(url) if PgStore::is_url(url) => Self::Postgres(url.to_owned()),
            _ => Self::Sqlite(path),
        }
    }

    /// The file, when the location is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(path) => Some(path),
            Self::Postgres(_) => None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => path.display().fmt(f),
            Self::Postgres(url) => match PgStore::shown(url) {
                Some(shown) => f.write_str(&shown),
                None => f.write_str("a PostgreSQL URL that cannot be read"),
            },
        }
    }
}

impl std::fmt::Debug for Location {
    // The URL may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Location({self})")
    }
}

/// The store a programme runs on: a SQLite file or a PostgreSQL database.
#[derive(Debug, Clone)]
pub enum Backend {
    /// One SQLite file.
    Sqlite(Arc<SqliteStore>),
    /// A PostgreSQL database.
    Postgres(Arc<PgStore>),
}

impl Backend {
    /// Opens the database at `at`, creating or upgrading its schema (a
    /// SQLite file is created if missing; a PostgreSQL database must
    /// exist, and its schema is created there). An unreachable server is
    /// named by host and port.
    pub fn open(at: &Location) -> Result<Self> {
        Ok(match at {
            Location::Sqlite(path) => Self::Sqlite(Arc::new(
                SqliteStore::open(path).map_err(RegistryError::backend)?,
            )),
            Location::Postgres(url) => Self::Postgres(Arc::new(
                PgStore::open(url).map_err(RegistryError::backend)?,
            )),
        })
    }

    /// The schema version: the number of the last migration applied.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(match self {
            Self::Sqlite(store) => store.schema_version().map_err(RegistryError::backend)?,
            Self::Postgres(store) => store.schema_version().map_err(RegistryError::backend)?,
        })
    }
}

/// Forwards each call of a store trait to the store the backend holds.
macro_rules! forward {
    ($store:ident, $read:ident, $tx:ident, $result:ty $(, $read_one:ident)?) => {
        impl $store for Backend {
            fn read<R>(&self, f: impl FnOnce(&dyn $read) -> $result) -> $result {
                match self {
                    Self::Sqlite(store) => $store::read(&**store, f),
                    Self::Postgres(store) => $store::read(&**store, f),
                }
            }

            fn write<R>(&self, f: impl FnOnce(&mut dyn $tx) -> $result) -> $result {
                match self {
                    Self::Sqlite(store) => $store::write(&**store, f),
                    Self::Postgres(store) => $store::write(&**store, f),
                }
            }

            $(
                fn $read_one<R>(&self, f: impl FnOnce(&dyn $read) -> $result) -> $result {
                    match self {
                        Self::Sqlite(store) => $store::$read_one(&**store, f),
                        Self::Postgres(store) => $store::$read_one(&**store, f),
                    }
                }
            )?
        }
    };
}

forward!(
    RegistryStore,
    RegistryRead,
    RegistryTx,
    homebiz_registry::Result<R>,
    read_one
);
forward!(MarketStore, MarketRead, MarketTx, homebiz_market::Result<R>);
forward!(IncomeStore, IncomeRead, IncomeTx, homebiz_income::Result<R>);

/// A programme on a [`Backend`]: a SQLite file or a PostgreSQL database.
pub type BackendProgram = Program<Backend, Backend, Backend>;

impl BackendProgram {
    /// Opens the programme at `at` (a SQLite path or a `postgres://`
    /// URL, see [`Location::new`]), creating or upgrading its schema, with
    /// the default catalog.
    pub fn open(at: &Location, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::on_one_store(Backend::open(at)?, clock)
    }

    /// The programme on a backend already opened, with the default catalog.
    pub fn on(backend: Backend, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::on_one_store(backend, clock)
    }
}
