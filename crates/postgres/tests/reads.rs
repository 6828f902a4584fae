//! Lookups on PostgreSQL: a lookup that is one statement is sent without
//! a transaction, and a read that turns out to need more is still one
//! consistent view (skipped without `HOMEBIZ_TEST_PG`).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_postgres::testing::{SERVER_VAR, rows, scratch};
use homebiz_postgres::{PgError, PgStore};
use homebiz_registry::testing::Fixture;
use homebiz_registry::{RegistryError, RegistryStore};

/// The only connection of `store`'s pool (each test's store is used by
/// one thread at a time, so its pool holds one): its server process.
fn pooled_pid(store: &PgStore) -> i32 {
    let pids = rows(store, "SELECT pg_backend_pid()");
    pids[0][0].as_deref().unwrap().parse().unwrap()
}

/// What the server process `pid` is doing, as `pg_stat_activity` says
/// (`idle`, `idle in transaction`, …), asked on a connection of its own.
fn state(pid: i32) -> String {
    let server = std::env::var(SERVER_VAR).unwrap();
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    admin
        .query_one("SELECT state FROM pg_stat_activity WHERE pid = $1", &[&pid])
        .unwrap()
        .get(0)
}

/// `read_one`'s lookup is sent alone: while the closure holds its answer,
/// the connection is idle, in no transaction (a `read` would be idle in
/// its snapshot). A second lookup begins the snapshot then, and the
/// answers are the store's. (Before #15 every read began with `BEGIN`.)
#[test]
fn a_lookup_of_one_statement_runs_without_a_transaction() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    let household = f.household(f.office_a, "A-001");
    let person = f.person(household.id(), 1).person;
    let pid = pooled_pid(&store);
    let (found, alone, again, in_snapshot) = store
        .read_one(|r| {
            let found = r.person_with_household_by_national_id(person.national_id())?;
            let alone = state(pid);
            let again = r.person(person.id())?;
            Ok((found, alone, again, state(pid)))
        })
        .unwrap();
    assert_eq!(found, Some((person.clone(), household)));
    assert_eq!(again, Some(person));
    assert_eq!(alone, "idle");
    assert_eq!(in_snapshot, "idle in transaction");
    // A read keeps its snapshot from the first statement; both end with
    // the connection idle.
    let in_read = store.read(|r| r.offices().map(|_| state(pid))).unwrap();
    assert_eq!(in_read, "idle in transaction");
    assert_eq!(pooled_pid(&store), pid);
    assert_eq!(state(pid), "idle");
}

/// When a second lookup follows a lookup sent alone, and a writer changed
/// what the first had found in between, the reader's view would not be
/// one state of the store: the read fails with [`PgError::Changed`]
/// instead. Without the change, it goes on.
#[test]
fn a_second_lookup_after_a_change_fails_typed() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    let household = f.household(f.office_a, "A-001");
    let person = f.person(household.id(), 1).person;
    let outcome = store.read_one(|r| {
        let found = r.person_by_national_id(person.national_id())?;
        f.registry.write(&f.admin, |w| {
            w.update_person(person.id(), |d| d.given_name = "مریم".into())
        })?;
        r.household(household.id())?;
        Ok(found)
    });
    match outcome {
        Err(RegistryError::Backend(e)) => assert!(
            matches!(e.downcast_ref::<PgError>(), Some(PgError::Changed)),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    let unchanged = store
        .read_one(|r| {
            let found = r.person_by_national_id(person.national_id())?;
            f.registry.write(&f.admin, |w| {
                w.update_household(household.id(), |d| d.address = "elsewhere".into())
            })?;
            Ok((found, r.members(household.id())?))
        })
        .unwrap();
    assert_eq!(unchanged.0.unwrap().data().given_name, "مریم");
    assert_eq!(unchanged.1.len(), 1);
}

/// A pooled connection that the server closed while it sat idle is found
/// by a lookup sent alone (no `BEGIN` goes first to find it) and opened
/// again: the lookup answers.
#[test]
fn a_lookup_on_a_connection_closed_by_the_server_is_answered() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    let household = f.household(f.office_a, "A-001");
    let person = f.person(household.id(), 1).person;
    let pid = pooled_pid(&store);
    let server = std::env::var(SERVER_VAR).unwrap();
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    let ended = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
    assert!(ended.get::<_, bool>(0));
    // The server closes it at once; give the socket a moment to say so.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let found = store
        .read_one(|r| r.person_by_national_id(person.national_id()))
        .unwrap();
    assert_eq!(found, Some(person));
    assert_ne!(pooled_pid(&store), pid);
}
