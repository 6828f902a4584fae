//! What a PostgreSQL write does when a statement inside it fails (skipped
//! without `HOMEBIZ_TEST_PG`).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::JalaliDate;
use homebiz_core::id::{HouseholdId, TypedId};
use homebiz_postgres::PgError;
use homebiz_postgres::testing::scratch;
use homebiz_registry::testing::{Fixture, household_data};
use homebiz_registry::{
    ConsentRecord, Household, Put, RegistryError, RegistryStore, SensitiveField,
};

/// A closure that ignores a failed statement and returns `Ok` does not
/// get a commit that PostgreSQL turned into a rollback: the write is
/// `PgError::Aborted` and nothing of it is kept.
#[test]
fn a_write_that_ignored_a_failed_statement_is_not_reported_committed() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(store);
    let household = Household::new(household_data(f.office_a, "A-001")).unwrap();
    let outcome = f.registry.store().write(|tx| {
        tx.put_household(&household, Put::Insert)?;
        // A consent for a household that does not exist: refused by the
        // database, and ignored here.
        let refused = tx.append_consent(&ConsentRecord {
            household: HouseholdId::from_parts(1, [9; 10]),
            field: SensitiveField::Disability,
            given: true,
            date: JalaliDate::new(1404, 1, 1).unwrap(),
            actor: f.admin.id,
        });
        assert!(refused.is_err());
        Ok(())
    });
    match outcome {
        Err(RegistryError::Backend(e)) => {
            assert!(
                matches!(e.downcast_ref::<PgError>(), Some(PgError::Aborted)),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    let found = f
        .registry
        .store()
        .read(|r| r.household_by_code("A-001"))
        .unwrap();
    assert!(found.is_none());
    // The store goes on.
    f.registry
        .store()
        .write(|tx| tx.put_household(&household, Put::Insert))
        .unwrap();
}

/// A pooled connection that the server closed while it sat idle (here an
/// administrator's `pg_terminate_backend`) is not handed to a read or a
/// write: the pool no longer tests connections when it hands them out,
/// so the store finds the closed one when its `BEGIN` fails, and takes
/// another.
#[test]
fn a_connection_closed_by_the_server_is_replaced() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(store);
    let store = f.registry.store();
    let pids = homebiz_postgres::testing::rows(store, "SELECT pg_backend_pid()");
    let pid: i32 = pids[0][0].as_deref().unwrap().parse().unwrap();
    let server = std::env::var(homebiz_postgres::testing::SERVER_VAR).unwrap();
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    let ended = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
    assert!(ended.get::<_, bool>(0));
    // The server closes it at once; give the socket a moment to say so.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let read = store.read(|r| r.offices());
    assert_eq!(read.unwrap().len(), 5, "offices of the fixture");
    let household = Household::new(household_data(f.office_a, "A-001")).unwrap();
    store
        .write(|tx| tx.put_household(&household, Put::Insert))
        .unwrap();
    let pids = homebiz_postgres::testing::rows(store, "SELECT count(*) FROM households");
    assert_eq!(pids[0][0].as_deref(), Some("1"));
}
