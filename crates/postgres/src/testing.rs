//! Scratch databases for tests (feature `testing`).
//!
//! PostgreSQL tests run when the environment variable [`SERVER_VAR`]
//! (`HOMEBIZ_TEST_PG`) names a server, such as
//! `postgres://postgres@127.0.0.1:5432/postgres`: each store made by
//! [`scratch`] lives in a database of its own, created for it and dropped
//! with it. Without the variable, [`scratch`] says on standard error that
//! the test was skipped and returns `None`; with [`REQUIRED_VAR`] set too
//! (as CI sets it), a missing server fails the test instead, so a green run
//! always means PostgreSQL was tested.
//!
//! ```
//! let Some(store) = homebiz_postgres::testing::scratch("doc_example") else {
//!     return; // skipped: no server named
//! };
//! assert!(store.schema_version().unwrap() >= 1);
//! ```

use std::io::Write;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

use postgres::NoTls;

use crate::PgStore;

/// The variable naming the server the tests run on.
pub const SERVER_VAR: &str = "HOMEBIZ_TEST_PG";

/// The variable that makes a missing [`SERVER_VAR`] an error.
pub const REQUIRED_VAR: &str = "HOMEBIZ_TEST_PG_REQUIRED";

/// Drops a scratch database when its store goes.
pub(crate) struct DropDatabase {
    server: String,
    name: String,
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let dropped = postgres::Config::from_str(&self.server)
            .and_then(|config| config.connect(NoTls))
            .and_then(|mut admin| {
                admin.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                ))
            });
        if let Err(e) = dropped {
            let _ignored = writeln!(
                std::io::stderr(),
                "could not drop scratch database {}: {e}",
                self.name
            );
        }
    }
}

/// The server named by [`SERVER_VAR`], or `None` after saying the test
/// `test` is skipped.
///
/// # Panics
///
/// When [`REQUIRED_VAR`] is set and [`SERVER_VAR`] is not.
#[allow(clippy::panic)]
pub fn server(test: &str) -> Option<String> {
    match std::env::var(SERVER_VAR) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var_os(REQUIRED_VAR).is_some() {
                panic!("{test}: {REQUIRED_VAR} is set but {SERVER_VAR} names no server");
            }
            // Straight to stderr, past the test harness's capture: a skip
            // must be seen.
            let _ignored = writeln!(
                std::io::stderr(),
                "skipped {test}: set {SERVER_VAR} to a PostgreSQL server to run it"
            );
            None
        }
    }
}

/// A fresh, migrated database for the test `test` on the server named by
/// [`SERVER_VAR`], dropped when the store is; `None` when no server is
/// named (see [`server`]).
///
/// # Panics
///
/// When the server refuses to create the database or the migrations fail:
/// this is test code.
#[allow(clippy::panic)]
pub fn scratch(test: &str) -> Option<PgStore> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let server = server(test)?;
    let name = format!(
        "homebiz_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        uuid::Uuid::now_v7().simple()
    );
    let config = match postgres::Config::from_str(&server) {
        Ok(config) => config,
        Err(e) => panic!("{SERVER_VAR} is not a PostgreSQL URL: {e}"),
    };
    let created = config.connect(NoTls).and_then(|mut admin| {
        admin.batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"
        ))
    });
    if let Err(e) = created {
        panic!("cannot create scratch database {name}: {e}");
    }
    let guard = DropDatabase {
        server: server.clone(),
        name: name.clone(),
    };
    let url = config_url(&server, &name);
    let mut store = match PgStore::open(&url) {
        Ok(store) => store,
        Err(e) => panic!("cannot open scratch database {name}: {e}"),
    };
    store.scratch = Some(guard);
    Some(store)
}

/// `server` with its database replaced by `name`: a URL's path, or a
/// `dbname=` setting appended to key=value settings.
fn config_url(server: &str, name: &str) -> String {
    if let Some(rest) = server
        .strip_prefix("postgres://")
        .or_else(|| server.strip_prefix("postgresql://"))
    {
        let (authority, query) = match rest.find(['/', '?']) {
            Some(at) => {
                let query = rest[at..].find('?').map(|q| &rest[at + q..]).unwrap_or("");
                (&rest[..at], query)
            }
            None => (rest, ""),
        };
        format!("postgres://{authority}/{name}{query}")
    } else {
        format!("{server} dbname={name}")
    }
}
