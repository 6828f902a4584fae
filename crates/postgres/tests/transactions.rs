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
