//! What a PostgreSQL write does when a statement inside it fails (skipped
//! without `HOMEBIZ_TEST_PG`).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Barrier;

use homebiz_core::JalaliDate;
use homebiz_core::category::Category;
use homebiz_core::id::{ApplicationId, BusinessId, HouseholdId, TypedId};
use homebiz_market::application::{Application, ApplicationData};
use homebiz_postgres::testing::{rows, scratch};
use homebiz_postgres::{MAX_ATTEMPTS, PgError, PgStore};
use homebiz_registry::testing::{Fixture, household_data, test_now};
use homebiz_registry::{
    AuditAction, ConsentRecord, Household, LookAhead, Put, RegistryError, RegistryStore,
    SensitiveField,
};

mod common;

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

/// Makes PostgreSQL abort, with a serialization failure, the first `times`
/// inserts into `table` of rows that meet `when` (an SQL condition on
/// `NEW`): the abort that a conflicting writer would cause, on cue.
/// Aborts are counted by a sequence, which a rollback does not undo.
fn force_aborts(store: &PgStore, table: &str, when: &str, times: u32) {
    rows(
        store,
        &format!(
            "CREATE SEQUENCE forced_aborts;
             CREATE FUNCTION force_abort() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF nextval('forced_aborts') <= {times} THEN
                     RAISE EXCEPTION 'aborted by the test'
                         USING ERRCODE = 'serialization_failure';
                 END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER force_abort BEFORE INSERT ON {table}
                 FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION force_abort();"
        ),
    );
}

/// How many inserts [`force_aborts`] has seen: the first `times` of them
/// it aborted.
fn inserts_tried(store: &PgStore) -> u32 {
    let made = rows(store, "SELECT last_value, is_called FROM forced_aborts");
    match made[0].as_slice() {
        [Some(value), Some(called)] if called == "t" => value.parse().unwrap(),
        _ => 0,
    }
}

/// The PostgreSQL error behind a registry error.
fn pg(err: &RegistryError) -> Option<&PgError> {
    match err {
        RegistryError::Backend(e) => e.downcast_ref(),
        _ => None,
    }
}

/// A market write whose statement inside a savepoint is aborted, and whose
/// replay then finds that another writer changed what it had read, fails
/// with [`PgError::Changed`] and writes nothing. (It failed with
/// "savepoint does not exist": going back to the savepoint in the new
/// transaction, which had not got that far.)
#[test]
fn a_change_found_inside_a_savepoint_fails_typed() {
    use homebiz_market::store::{MarketStore, Put};
    use homebiz_market::{Market, MarketError};

    let Some(store) = scratch() else {
        return;
    };
    let market = Market::new(&store, homebiz_core::FixedClock::new(test_now()));
    let exhibition = common::park(&market, 2);
    let (mine, theirs) = (application(exhibition, 1), application(exhibition, 2));
    force_aborts(
        &store,
        "applications",
        &format!("NEW.id = '{}'", mine.id()),
        1,
    );
    let barrier = Barrier::new(2);
    let outcome = std::thread::scope(|s| {
        s.spawn(|| {
            barrier.wait();
            market.apply(theirs.data().clone()).unwrap();
            barrier.wait();
        });
        MarketStore::write(&store, |tx| {
            let seen = tx.applications(exhibition)?.len();
            barrier.wait(); // the other writer applies now
            barrier.wait();
            tx.put_application(&mine, Put::Insert)?;
            Ok(seen)
        })
    });
    match outcome {
        Err(MarketError::Backend(e)) => assert!(
            matches!(e.downcast_ref::<PgError>(), Some(PgError::Changed)),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(inserts_tried(&store), 1);
    let stored = MarketStore::read(&store, |r| r.applications(exhibition)).unwrap();
    assert_eq!(stored, [theirs]);
}

/// A registry write that ignores the error of a statement whose replay
/// found a change, and returns `Ok`, is not committed: the write fails
/// with [`PgError::Changed`] and nothing of it is kept. (It was committed
/// with what the replay had redone before the change, and reported as
/// written.)
#[test]
fn an_ignored_change_is_not_committed() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    force_aborts(&store, "households", "NEW.code = 'A-002'", 1);
    let first = Household::new(household_data(f.office_a, "A-001")).unwrap();
    let second = Household::new(household_data(f.office_a, "A-002")).unwrap();
    let theirs = Household::new(household_data(f.office_a, "B-001")).unwrap();
    let barrier = Barrier::new(2);
    let outcome = std::thread::scope(|s| {
        s.spawn(|| {
            barrier.wait();
            store
                .write(|tx| tx.put_household(&theirs, Put::Insert))
                .unwrap();
            barrier.wait();
        });
        store.write(|tx| {
            tx.put_household(&first, Put::Insert)?;
            let seen = tx.households_in(&[f.office_a])?.len();
            barrier.wait(); // the other writer adds a household now
            barrier.wait();
            let ignored = tx.put_household(&second, Put::Insert);
            assert!(
                ignored
                    .as_ref()
                    .is_err_and(|e| matches!(pg(e), Some(PgError::Changed))),
                "{ignored:?}"
            );
            Ok(seen)
        })
    });
    match outcome {
        Err(e) => assert!(matches!(pg(&e), Some(PgError::Changed)), "{e}"),
        Ok(seen) => panic!("committed after seeing {seen} households"),
    }
    let codes: Vec<String> = store
        .read(|r| r.households_in(&[f.office_a]))
        .unwrap()
        .iter()
        .map(|h| h.code().to_owned())
        .collect();
    assert_eq!(codes, ["B-001"]);
}

/// Business `n`'s pending application to `exhibition`.
fn application(exhibition: homebiz_core::id::ExhibitionId, n: u8) -> Application {
    Application::new(ApplicationData {
        id: ApplicationId::from_parts(1_700_000_000_000 + u64::from(n), [n; 10]),
        exhibition,
        business: BusinessId::from_parts(1_700_000_000_000, [n; 10]),
        category: Category::Handicrafts,
        new_producer: true,
        vulnerable: false,
        weeks_wanted: 2,
        seasonality: None,
        applied_on: common::day(1, 2),
        by: None,
    })
    .unwrap()
}

/// Adds household A-001 to office A on a store trying each write at most
/// `max_attempts` times, while PostgreSQL aborts its insert `aborts` times:
/// the outcome, the inserts tried, the store's replays and the households
/// kept.
fn add_while_aborted(
    max_attempts: Option<u32>,
    aborts: u32,
) -> Option<(Result<(), RegistryError>, u32, u64, usize)> {
    let store = scratch()?;
    let store = match max_attempts {
        Some(n) => store.with_max_attempts(n),
        None => store,
    };
    let f = Fixture::new(&store);
    force_aborts(&store, "households", "NEW.code = 'A-001'", aborts);
    let outcome = f
        .registry
        .write(&f.admin, |w| {
            w.add_household(household_data(f.office_a, "A-001"))
        })
        .map(drop);
    let kept = f
        .registry
        .read(&f.admin, |r| r.households(f.office_a))
        .unwrap()
        .len();
    Some((outcome, inserts_tried(&store), store.replays(), kept))
}

/// A write aborted more often than its store's attempt limit fails with
/// [`PgError::Conflict`] naming the attempts, after that many, and writes
/// nothing.
#[test]
fn aborts_beyond_the_limit_fail_typed() {
    let Some((outcome, tried, replays, kept)) = add_while_aborted(Some(3), 5) else {
        return;
    };
    match outcome {
        Err(ref e) => assert!(
            matches!(pg(e), Some(PgError::Conflict { attempts: 3 })),
            "{e}"
        ),
        Ok(()) => panic!("written although aborted 3 times of 3"),
    }
    assert_eq!(tried, 3, "one aborted insert per attempt");
    assert_eq!(replays, 2);
    assert_eq!(kept, 0);
}

/// A write aborted fewer times than the limit is replayed until it is
/// written, once.
#[test]
fn aborts_within_the_limit_are_replayed() {
    let Some((outcome, tried, replays, kept)) = add_while_aborted(Some(3), 2) else {
        return;
    };
    outcome.unwrap();
    // Two inserts aborted, the third written.
    assert_eq!((tried, replays, kept), (3, 2, 1));
}

/// Without a limit of its own, a store tries a write [`MAX_ATTEMPTS`]
/// times.
#[test]
fn the_default_limit_is_max_attempts() {
    let Some((outcome, tried, _, kept)) = add_while_aborted(None, 1_000) else {
        return;
    };
    let e = outcome.unwrap_err();
    assert!(
        matches!(pg(&e), Some(&PgError::Conflict { attempts }) if attempts == MAX_ATTEMPTS),
        "{e}"
    );
    assert_eq!((tried, kept), (MAX_ATTEMPTS, 0));
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

/// A look-ahead for households `codes`.
fn ahead(codes: &[&str]) -> LookAhead {
    let mut ahead = LookAhead::default();
    ahead.household_codes = codes.iter().map(|c| (*c).to_owned()).collect();
    ahead
}

/// The audit trail's numbers and actions.
fn audit(f: &Fixture<&PgStore>) -> Vec<(u64, AuditAction)> {
    f.registry
        .read(&f.admin, |r| r.audit_events(0, usize::MAX))
        .unwrap()
        .iter()
        .map(|e| (e.seq, e.record.action))
        .collect()
}

/// A bulk write (one that looked ahead, whose new rows wait to be sent by
/// COPY) whose COPY PostgreSQL aborts is replayed with the COPYs it had
/// sent before, and written once, with its audit events in order.
#[test]
fn an_aborted_copy_is_replayed_with_the_copies_before_it() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    let before = audit(&f);
    force_aborts(&store, "audit", "NEW.action = 'consent_recorded'", 2);
    let codes = ["A-101", "A-102", "A-103"];
    f.registry
        .write(&f.admin, |w| {
            w.look_ahead(&ahead(&codes))?;
            for code in codes {
                w.add_household_with_consent(
                    household_data(f.office_a, code),
                    &[SensitiveField::SupportCoverage],
                )?;
                // A read sends the rows before it first.
                assert_eq!(w.reader().household_by_code(code)?.code(), code);
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(store.replays(), 2);
    assert_eq!(inserts_tried(&store), 5, "two aborted, then three written");
    let households = f
        .registry
        .read(&f.admin, |r| r.households(f.office_a))
        .unwrap();
    let written: Vec<&str> = households.iter().map(Household::code).collect();
    assert_eq!(written, codes);
    let after = audit(&f);
    assert!(after.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(
        after[before.len()..]
            .iter()
            .map(|(_, action)| *action)
            .collect::<Vec<_>>(),
        [AuditAction::Created, AuditAction::ConsentRecorded].repeat(3)
    );
    for household in &households {
        let consents = f
            .registry
            .read(&f.admin, |r| {
                r.consents(household.id(), SensitiveField::SupportCoverage)
            })
            .unwrap();
        assert_eq!(consents.len(), 1);
    }
}

/// An insert deferred to a COPY (its code was looked ahead and found
/// free) whose ID an earlier write's record holds fails the whole write
/// when it is copied, and nothing of the write is kept.
#[test]
fn a_deferred_insert_of_a_taken_id_writes_nothing() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    let taken = f.household(f.office_a, "A-001");
    let before = audit(&f);
    let mut again = household_data(f.office_a, "A-002");
    again.id = taken.id();
    let outcome = f.registry.write(&f.admin, |w| {
        w.look_ahead(&ahead(&["A-002", "A-003"]))?;
        w.add_household(household_data(f.office_a, "A-003"))?;
        w.add_household(again)?;
        Ok(())
    });
    assert!(outcome.is_err());
    assert_eq!(
        f.registry
            .read(&f.admin, |r| r.households(f.office_a))
            .unwrap(),
        [taken]
    );
    assert_eq!(audit(&f), before);
}

/// After a look-ahead, lookups answer as without one, the write's own
/// records included; a code it found free and then used is refused the
/// second time, as the unique index refuses it.
#[test]
fn lookups_after_a_look_ahead_answer_as_without() {
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    let old = f.household(f.office_a, "A-001");
    f.registry
        .write(&f.admin, |w| {
            w.look_ahead(&ahead(&["A-001", "A-002", "A-003"]))?;
            assert_eq!(w.household_id_by_code("A-001")?, old.id());
            assert!(matches!(
                w.household_id_by_code("A-002"),
                Err(RegistryError::NotFound { .. })
            ));
            let new = w.add_household(household_data(f.office_a, "A-002"))?;
            assert_eq!(w.household_id_by_code("A-002")?, new.id());
            assert!(matches!(
                w.add_household(household_data(f.office_a, "A-002")),
                Err(RegistryError::DuplicateCode { .. })
            ));
            Ok(())
        })
        .unwrap();
    let codes: Vec<String> = f
        .registry
        .read(&f.admin, |r| r.households(f.office_a))
        .unwrap()
        .iter()
        .map(|h| h.code().to_owned())
        .collect();
    assert_eq!(codes, ["A-001", "A-002"]);
}
