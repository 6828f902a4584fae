//! The search keys PostgreSQL keeps (migration V4): computed in Rust on
//! open for rows that have none, indexed by trigram where pg_trgm is
//! available (skipped without `HOMEBIZ_TEST_PG`).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::text::KeySearch;
use homebiz_postgres::PgStore;
use homebiz_postgres::testing::{rows, scratch_url};
use homebiz_registry::testing::{Fixture, household_data, person_data};
use homebiz_registry::{HouseholdSearch, PersonData, RegistryStore};

/// Rows written before V4, or whose keys an older key function made
/// (hamza-yeh and punctuation kept), have their keys set to NULL by the
/// migration that changes them; opening the store computes them, so a
/// search in the folded spelling finds the rows, and the likely-duplicate
/// check reads the new name keys.
#[test]
fn keys_not_computed_are_computed_on_open() {
    let Some((url, store)) = scratch_url() else {
        return;
    };
    let f = Fixture::new(store);
    let mut data = household_data(f.office_a, "H-1");
    data.address = "خیابان امام، کوچه ۳".into();
    let household = f
        .registry
        .write(&f.admin, |w| w.add_household(data))
        .unwrap();
    f.registry
        .write(&f.admin, |w| {
            w.add_person(PersonData {
                given_name: "علی".into(),
                family_name: "رضائی".into(),
                ..person_data(household.id(), 1)
            })
        })
        .unwrap();
    // As a database before V4, or after a key function change: no keys,
    // and the older name key.
    rows(
        f.registry.store(),
        "UPDATE people SET search_key = NULL, name_key = 'علی رضائی';
         UPDATE households SET address_key = NULL;",
    );
    let name = KeySearch::words("رضایی").unwrap();
    let address = HouseholdSearch::Address(KeySearch::fragment("خیابان امام کوچه 3").unwrap());
    let finds = |store: &PgStore| {
        store
            .read(|r| {
                Ok((
                    r.people_matching(&[f.office_a], &name)?.len(),
                    r.households_matching(&[f.office_a], &address)?.len(),
                ))
            })
            .unwrap()
    };
    assert_eq!(finds(f.registry.store()), (0, 0));
    let reopened = PgStore::open(&url).unwrap();
    assert_eq!(finds(&reopened), (1, 1));
    assert_eq!(
        rows(&reopened, "SELECT name_key, search_key FROM people"),
        [vec![
            Some("علیرضایی".to_owned()),
            Some("علیرضایی".to_owned())
        ]]
    );
    let again = f
        .registry
        .write(&f.admin, |w| {
            w.add_person(PersonData {
                given_name: "علي".into(),
                family_name: "رضایی".into(),
                ..person_data(household.id(), 2)
            })
        })
        .unwrap();
    assert_eq!(again.resembles.len(), 1);
}

/// On this server (PostgreSQL 15 with contrib), the keys are indexed by
/// pg_trgm's GIN operator class, which answers `LIKE '%…%'`.
#[test]
fn keys_have_trigram_indexes() {
    let Some((_, store)) = scratch_url() else {
        return;
    };
    let available = rows(
        &store,
        "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'",
    );
    if available != [vec![Some("1".to_owned())]] {
        return;
    }
    let indexes = rows(
        &store,
        "SELECT indexname, indexdef FROM pg_indexes
         WHERE schemaname = current_schema()
           AND indexname IN ('people_by_search_key', 'households_by_address_key')
         ORDER BY indexname",
    );
    assert_eq!(indexes.len(), 2, "{indexes:?}");
    for index in indexes {
        let def = index[1].clone().unwrap();
        assert!(
            def.contains("USING gin") && def.contains("gin_trgm_ops"),
            "{def}"
        );
    }
}
