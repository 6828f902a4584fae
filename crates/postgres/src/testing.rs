//! Scratch stores for tests (feature `testing`).
//!
//! PostgreSQL tests run when the environment variable [`SERVER_VAR`]
//! (`HOMEBIZ_TEST_PG`) names a server database, such as
//! `postgres://postgres@127.0.0.1:5432/postgres`: each store made by
//! [`scratch`] works in a schema of its own in that database, created and
//! migrated for it and dropped with it. Without the variable, [`scratch`]
//! says on standard error that the test was skipped and returns `None`;
//! with [`REQUIRED_VAR`] set too (as CI sets it), a missing server fails
//! the test instead, so a green run always means PostgreSQL was tested.
//!
//! ```
//! let Some(store) = homebiz_postgres::testing::scratch() else {
//!     return; // skipped: no server named
//! };
//! assert!(store.schema_version().unwrap() >= 1);
//! ```

use std::io::Write;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

use postgres::NoTls;

use crate::PgStore;

pub use crate::income::MONTHLY_TOTALS;

/// The variable naming the server the tests run on.
pub const SERVER_VAR: &str = "HOMEBIZ_TEST_PG";

/// The variable that makes a missing [`SERVER_VAR`] an error.
pub const REQUIRED_VAR: &str = "HOMEBIZ_TEST_PG_REQUIRED";

/// Drops a scratch schema when its store goes.
pub(crate) struct DropSchema {
    config: postgres::Config,
    name: String,
}

impl Drop for DropSchema {
    fn drop(&mut self) {
        let dropped = self.config.connect(NoTls).and_then(|mut admin| {
            admin.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.name))
        });
        if let Err(e) = dropped {
            let _ignored = writeln!(
                std::io::stderr(),
                "could not drop scratch schema {}: {e}",
                self.name
            );
        }
    }
}

/// Whether the tests have no server: then the running test is said to be
/// skipped, on standard error.
///
/// # Panics
///
/// When [`REQUIRED_VAR`] is set and [`SERVER_VAR`] is not.
#[allow(clippy::panic)]
pub fn skip() -> bool {
    if std::env::var(SERVER_VAR).is_ok_and(|url| !url.is_empty()) {
        return false;
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a PostgreSQL test");
    if std::env::var_os(REQUIRED_VAR).is_some() {
        panic!("{test}: {REQUIRED_VAR} is set but {SERVER_VAR} names no server");
    }
    // Straight to stderr, past the test harness's capture: a skip must be
    // seen.
    let _ignored = writeln!(
        std::io::stderr(),
        "skipped {test}: set {SERVER_VAR} to a PostgreSQL server to run it"
    );
    true
}

/// A fresh, migrated store in a schema of its own on the server named by
/// [`SERVER_VAR`], dropped with the store; `None` when no server is named
/// (see [`skip`]).
///
/// # Panics
///
/// When the server cannot be reached, refuses to create the schema or the
/// migrations fail: this is test code.
#[allow(clippy::panic)]
pub fn scratch() -> Option<PgStore> {
    scratch_url().map(|(_, store)| store)
}

/// [`scratch`] with a URL of the scratch schema, for a program that opens
/// the database itself (the CLI under test): the schema is dropped with
/// the store, so keep it while the URL is used.
///
/// # Panics
///
/// As [`scratch`].
#[allow(clippy::panic)]
pub fn scratch_url() -> Option<(String, PgStore)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    if skip() {
        return None;
    }
    let server = std::env::var(SERVER_VAR).unwrap_or_default();
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
    let created = config
        .connect(NoTls)
        .and_then(|mut admin| admin.batch_execute(&format!("CREATE SCHEMA \"{name}\"")));
    if let Err(e) = created {
        panic!("cannot create scratch schema {name}: {e}");
    }
    let guard = DropSchema {
        config: config.clone(),
        name: name.clone(),
    };
    let mut scoped = config;
    scoped.options(&format!("-c search_path={name}"));
    let mut store = match PgStore::open_config(scoped) {
        Ok(store) => store,
        Err(e) => panic!("cannot open scratch schema {name}: {e}"),
    };
    store.scratch = Some(guard);
    let joint = if server.contains('?') { '&' } else { '?' };
    Some((
        format!("{server}{joint}options=-c%20search_path%3D{name}"),
        store,
    ))
}

/// The rows `sql` gives on `store`'s database, every value as text (NULL
/// as `None`), for tests that look at the schema itself.
///
/// # Panics
///
/// When the query fails: this is test code.
#[allow(clippy::panic)]
pub fn rows(store: &PgStore, sql: &str) -> Vec<Vec<Option<String>>> {
    let mut conn = match store.pool.get() {
        Ok(conn) => conn,
        Err(e) => panic!("no connection: {e}"),
    };
    let messages = match conn.client.simple_query(sql) {
        Ok(messages) => messages,
        Err(e) => panic!("{sql}: {e}"),
    };
    messages
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(row) => Some(
                (0..row.len())
                    .map(|i| row.get(i).map(str::to_owned))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

/// Every table of `store`'s schema, children before parents: what
/// [`empty`] deletes from.
const TABLES: &[&str] = &[
    "duplicate_resolutions",
    "duplicate_flags",
    "consents",
    "state_changes",
    "audit",
    "users",
    "businesses",
    "person_identities",
    "people",
    "households",
    "partners",
    "offices",
    "application_transitions",
    "applications",
    "bookings",
    "booths",
    "fills",
    "orders",
    "offers",
    "consignment_events",
    "consignments",
    "exhibitions",
    "channels",
    "ledger",
    "loans",
];

/// Deletes every record of `store` and restarts the audit numbering: a
/// store as new, without the cost of a new schema, for property tests that
/// run many cases.
pub fn empty(store: &PgStore) {
    let mut sql: String = TABLES.iter().map(|t| format!("DELETE FROM {t};")).collect();
    sql += "SELECT setval('audit_seq', 1, false); SELECT setval('ledger_seq', 1, false);";
    rows(store, &sql);
}
