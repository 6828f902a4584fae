//! Opening a database file: what each `OpenMode` accepts, refuses and
//! leaves untouched; concurrent first opens; private files.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::{Arc, Barrier};

use homebiz_core::SystemClock;
use homebiz_core::id::{ActorId, OfficeId};
use homebiz_registry::{Actor, OfficeData, OfficeLevel, Registry};
use homebiz_sqlite::{OpenMode, SqliteError, SqliteStore};

fn add_office(store: SqliteStore) -> Result<(), homebiz_registry::RegistryError> {
    let registry = Registry::new(store, SystemClock);
    registry.write(&Actor::unrestricted(ActorId::new()), |w| {
        w.add_office(OfficeData {
            id: OfficeId::new(),
            code: "WAZ".into(),
            name: "West Azerbaijan".into(),
            level: OfficeLevel::Province,
            parent: None,
        })
    })?;
    Ok(())
}

/// The schema version of this homebiz: its last migration's number.
const CURRENT: u32 = 11;

/// Takes a database back to the schema before V10: V11's users' role and
/// password hash gone, then V10's indexes by key, the loans' key and the
/// history rows.
const UNDO_V10: &str = "ALTER TABLE users DROP COLUMN role;
    ALTER TABLE users DROP COLUMN password_hash;
    DELETE FROM refinery_schema_history WHERE name = 'user_roles';
    DROP INDEX ledger_by_key;
    DROP INDEX loans_by_key;
    ALTER TABLE loans DROP COLUMN loan_key;
    DELETE FROM refinery_schema_history WHERE name = 'keys_indexed';";

/// Takes a database back to the schema before V9: V10 undone, then V9's
/// history row gone (V9 changes only the keys' values).
const UNDO_V9: &str = "ALTER TABLE users DROP COLUMN role;
    ALTER TABLE users DROP COLUMN password_hash;
    DELETE FROM refinery_schema_history WHERE name = 'user_roles';
    DROP INDEX ledger_by_key;
    DROP INDEX loans_by_key;
    ALTER TABLE loans DROP COLUMN loan_key;
    DELETE FROM refinery_schema_history WHERE name = 'keys_indexed';
    DELETE FROM refinery_schema_history WHERE name = 'search_keys_folded';";

/// Takes a database back to the schema before V8: its indexes, columns
/// and history row gone (after [`UNDO_V9`]).
const UNDO_V8: &str = "DROP INDEX people_by_search_key;
    DROP INDEX households_by_address_key;
    DROP INDEX people_by_mobile;
    ALTER TABLE people DROP COLUMN search_key;
    ALTER TABLE households DROP COLUMN address_key;
    DELETE FROM refinery_schema_history WHERE name = 'search_keys';";

fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore, SqliteError> {
    SqliteStore::open_with(path, mode)
}

#[test]
fn only_create_makes_a_file_or_a_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    for mode in [OpenMode::Existing, OpenMode::ReadOnly] {
        assert!(matches!(open(&path, mode), Err(SqliteError::Missing)));
        assert!(!path.exists());
        std::fs::write(&path, "").unwrap();
        assert!(matches!(open(&path, mode), Err(SqliteError::NoSchema)));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        std::fs::remove_file(&path).unwrap();
    }
    drop(open(&path, OpenMode::Create).unwrap());
    add_office(open(&path, OpenMode::Existing).unwrap()).unwrap();
    let store = open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
}

#[test]
fn another_programs_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "not a database at all\n".repeat(200)).unwrap();
    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE accounts (id INTEGER PRIMARY KEY);")
        .unwrap();
    for file in [&text, &foreign] {
        let before = std::fs::read(file).unwrap();
        for mode in [OpenMode::Create, OpenMode::Existing, OpenMode::ReadOnly] {
            let err = open(file, mode).unwrap_err();
            assert!(matches!(err, SqliteError::NotHomebiz), "{mode:?}: {err}");
            assert_eq!(std::fs::read(file).unwrap(), before, "{mode:?}");
        }
    }
}

#[test]
fn an_older_schema_needs_create_and_a_newer_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let current = open(&path, OpenMode::Create)
        .unwrap()
        .schema_version()
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    // The last migration undone in the history: the one before it is found.
    let (name, checksum): (String, String) = conn
        .query_row(
            "SELECT name, checksum FROM refinery_schema_history WHERE version = ?1",
            [current],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute(
        "DELETE FROM refinery_schema_history WHERE version = ?1",
        [current],
    )
    .unwrap();
    let before: u32 = conn
        .query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for mode in [OpenMode::Existing, OpenMode::ReadOnly] {
        let err = open(&path, mode).unwrap_err();
        assert!(
            matches!(err, SqliteError::Outdated { found, current: c } if found == before && c == current),
            "{err}"
        );
    }
    conn.execute(
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
         VALUES (?1, ?2, '2025-01-01T00:00:00Z', ?3),
                (99, 'future', '2030-01-01T00:00:00Z', '0')",
        rusqlite::params![current, name, checksum],
    )
    .unwrap();
    let err = open(&path, OpenMode::Existing).unwrap_err();
    assert!(
        matches!(err, SqliteError::Newer { found: 99, current: c } if c == current),
        "{err}"
    );
}

#[test]
fn a_read_only_store_reads_and_refuses_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    add_office(open(&path, OpenMode::Create).unwrap()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let store = open(&path, OpenMode::ReadOnly).unwrap();
    assert!(store.integrity_check().unwrap());
    assert!(add_office(store).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn concurrent_first_opens_from_many_threads_all_succeed() {
    const THREADS: usize = 12;
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("new.sqlite"));
        let barrier = Arc::new(Barrier::new(THREADS));
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let (path, barrier) = (Arc::clone(&path), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    SqliteStore::open(path.as_path()).map(|s| s.schema_version())
                })
            })
            .collect();
        for t in threads {
            let version = t.join().unwrap();
            assert!(
                matches!(version, Ok(Ok(v)) if v == CURRENT),
                "round {round}: {version:?}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_new_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let store = open(&path, OpenMode::Create).unwrap();
    add_office(store).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// A file of another program that uses refinery too: its history is not
/// homebiz's, whatever its versions.
#[test]
fn another_programs_refinery_history_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let history = "CREATE TABLE refinery_schema_history (
        version INT4 PRIMARY KEY, name VARCHAR(255), applied_on VARCHAR(255),
        checksum VARCHAR(255));";
    let cases = [
        // Another app's versions 1 to 3.
        "INSERT INTO refinery_schema_history VALUES
           (1, 'users', '2025-01-01T00:00:00Z', '1'),
           (2, 'posts', '2025-01-01T00:00:00Z', '2'),
           (3, 'tags', '2025-01-01T00:00:00Z', '3');
         CREATE TABLE users (id INTEGER);",
        // Only its version 1.
        "INSERT INTO refinery_schema_history VALUES
           (1, 'users', '2025-01-01T00:00:00Z', '1');
         CREATE TABLE users (id INTEGER);",
        // homebiz's names, but an instant refinery cannot read (it panicked).
        "INSERT INTO refinery_schema_history VALUES
           (1, 'registry', 'yesterday', '1');",
        // homebiz's names, without homebiz's tables.
        "INSERT INTO refinery_schema_history VALUES
           (1, 'registry', '2025-01-01T00:00:00Z', '1'),
           (2, 'market', '2025-01-01T00:00:00Z', '2'),
           (3, 'income', '2025-01-01T00:00:00Z', '3');",
        // A gap in the versions.
        "INSERT INTO refinery_schema_history VALUES
           (2, 'market', '2025-01-01T00:00:00Z', '2');",
        // Another history table altogether.
        "DROP TABLE refinery_schema_history;
         CREATE TABLE refinery_schema_history (id TEXT);
         INSERT INTO refinery_schema_history VALUES ('x');",
    ];
    for (i, case) in cases.iter().enumerate() {
        let path = dir.path().join(format!("other-{i}.sqlite"));
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(&format!("{history}{case}"))
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        for mode in [OpenMode::Create, OpenMode::Existing, OpenMode::ReadOnly] {
            let err = open(&path, mode).unwrap_err();
            assert!(
                matches!(err, SqliteError::NotHomebiz),
                "case {i}, {mode:?}: {err}"
            );
            assert_eq!(std::fs::read(&path).unwrap(), before, "case {i}, {mode:?}");
        }
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        assert!(!Path::new(&wal).exists(), "case {i}");
    }
}

#[cfg(unix)]
#[test]
fn an_empty_file_given_the_schema_becomes_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t0.db");
    std::fs::write(&path, "").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    add_office(open(&path, OpenMode::Create).unwrap()).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    for sidecar in ["t0.db-wal", "t0.db-shm"] {
        let file = dir.path().join(sidecar);
        if let Ok(m) = std::fs::metadata(&file) {
            assert_eq!(m.permissions().mode() & 0o077, 0, "{sidecar}");
        }
    }
}

/// A folder, a pipe or a device is refused at once, by every mode (a pipe
/// made SQLite wait forever).
#[cfg(unix)]
#[test]
fn a_path_that_is_not_a_regular_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut paths = vec![
        (dir.path().to_path_buf(), "a folder"),
        (Path::new("/dev/null").to_path_buf(), "a device"),
    ];
    if made {
        paths.push((fifo, "a pipe"));
    }
    for (path, what) in paths {
        for mode in [OpenMode::Create, OpenMode::Existing, OpenMode::ReadOnly] {
            let (send, receive) = std::sync::mpsc::channel();
            let opening = path.clone();
            std::thread::spawn(move || {
                let _ = send.send(open(&opening, mode).map(|_| ()));
            });
            let outcome = receive
                .recv_timeout(std::time::Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("{} hangs", path.display()));
            let err = outcome.unwrap_err();
            assert!(
                matches!(err, SqliteError::NotAFile { what: w } if w == what),
                "{}: {err}",
                path.display()
            );
        }
    }
}

#[test]
fn a_copy_in_memory_reads_the_file_and_never_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    add_office(open(&path, OpenMode::Create).unwrap()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let copy = SqliteStore::open_copy_in_memory(&path).unwrap();
    assert_eq!(copy.schema_version().unwrap(), CURRENT);
    assert!(copy.integrity_check().unwrap());
    // The copy holds the file's office and takes writes.
    let registry = Registry::new(copy, SystemClock);
    let admin = Actor::unrestricted(ActorId::new());
    registry
        .write(&admin, |w| {
            w.add_office(OfficeData {
                id: OfficeId::new(),
                code: "URM".into(),
                name: "Urmia".into(),
                level: OfficeLevel::Province,
                parent: None,
            })
        })
        .unwrap();
    assert_eq!(registry.read(&admin, |r| r.offices()).unwrap().len(), 2);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let missing = dir.path().join("missing.sqlite");
    assert!(matches!(
        SqliteStore::open_copy_in_memory(&missing),
        Err(SqliteError::Missing)
    ));
}

/// A ledger written before V6 (no user, no key columns) is upgraded by
/// `init`'s open: its entries and loans read back as they were, with no
/// user and no key, and new ones keep theirs.
#[test]
fn a_ledger_from_before_v6_upgrades_with_no_user_and_no_key() {
    use homebiz_core::id::{BusinessId, EntryId, LoanId, TypedId};
    use homebiz_core::rust_decimal::Decimal;
    use homebiz_core::{JalaliDate, Money};
    use homebiz_income::Ledger;
    use homebiz_income::entry::{Body, Entry};
    use homebiz_income::loan::LoanData;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let shop = BusinessId::from_key("B-1");
    let on = JalaliDate::new(1404, 2, 1).unwrap();
    let cost = |key: &str| {
        Entry::keyed(
            key,
            Body::Cost {
                business: shop,
                on,
                category: "materials".parse().unwrap(),
                amount: Money::rial(1_000),
            },
        )
    };
    let loan = |key: &str| LoanData {
        id: LoanId::from_key(key),
        business: shop,
        principal: Money::rial(12_000),
        annual_rate: Decimal::ZERO,
        term_months: 12,
        grace_months: 0,
        disbursed_on: on,
        by: None,
        key: None,
    };
    {
        let ledger = Ledger::new(open(&path, OpenMode::Create).unwrap());
        // As the code of the time recorded a key: the ID from the key
        // alone (keys are scoped by business since issue #14).
        let mut old = cost("C-1");
        old.id = EntryId::from_key("C-1");
        ledger.record(old).unwrap();
        ledger.add_loan(loan("L-1")).unwrap();
    }
    // Back to V5's schema: V6's columns and its history row gone (and
    // every later migration's).
    let current = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let current: u32 = conn
            .query_row(
                "SELECT MAX(version) FROM refinery_schema_history",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch(UNDO_V10).unwrap();
        conn.execute_batch(
            "ALTER TABLE ledger DROP COLUMN by_actor;
             ALTER TABLE ledger DROP COLUMN entry_key;
             ALTER TABLE loans DROP COLUMN by_actor;
             ALTER TABLE booths DROP COLUMN by_actor;
             ALTER TABLE bookings DROP COLUMN by_actor;
             DELETE FROM refinery_schema_history WHERE version >= 6;",
        )
        .unwrap();
        // And the later migrations' too: the history must be V1 to V5.
        conn.execute_batch(UNDO_V8).unwrap();
        current
    };
    assert!(matches!(
        open(&path, OpenMode::Existing),
        Err(SqliteError::Outdated { .. })
    ));
    let store = open(&path, OpenMode::Create).unwrap();
    assert_eq!(store.schema_version().unwrap(), current);
    let ledger = Ledger::new(store);
    let old = ledger
        .read(|r| r.entry(EntryId::from_key("C-1")))
        .unwrap()
        .unwrap();
    assert_eq!((old.by, old.entry.key), (None, None));
    assert_eq!(
        ledger
            .read(|r| r.loan(LoanId::from_key("L-1")))
            .unwrap()
            .unwrap()
            .data()
            .by,
        None
    );
    let clerk = ActorId::new();
    let new = ledger.record_by(cost("C-2"), Some(clerk)).unwrap();
    assert_eq!(
        ledger.read(|r| r.entry(new.entry.id)).unwrap().unwrap(),
        new
    );
    assert_eq!(new.entry.key.as_deref(), Some("C-2"));
    assert_eq!(new.by, Some(clerk));
    // The old key recorded again for its business (today's ID for it is
    // another): the old entry, nothing new.
    assert_ne!(cost("C-1").id, old.entry.id);
    let replay = ledger.record_by(cost("C-1"), Some(clerk)).unwrap();
    assert_eq!((replay.entry.id, replay.by), (old.entry.id, None));
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 2);
}

/// Booths and bookings written before V7 (no `by_actor` columns) are
/// upgraded by `init`'s open: they read back as they were, with no user,
/// and booths and bookings written after keep theirs.
#[test]
fn booths_and_bookings_from_before_v7_upgrade_with_no_user() {
    use homebiz_core::FixedClock;
    use homebiz_core::channel::ChannelKind;
    use homebiz_core::id::{ChannelId, ExhibitionId};
    use homebiz_core::rust_decimal::Decimal;
    use homebiz_market::Market;
    use homebiz_market::allocate::{Horizon, Points};
    use homebiz_market::application::{ApplicationData, ApplicationState};
    use homebiz_market::channel::{ChannelData, Schedule};
    use homebiz_market::exhibition::{Booth, ExhibitionData, SizeClass};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let clock = || FixedClock::new("2025-03-25T08:00:00Z".parse().unwrap());
    let day = |s: &str| s.parse::<homebiz_core::JalaliDate>().unwrap();
    let horizon = Horizon::new(day("1404-01-08"), 2).unwrap();
    {
        let market = Market::new(open(&path, OpenMode::Create).unwrap(), clock());
        let channel = market
            .add_channel(ChannelData {
                id: ChannelId::new(),
                code: "TERMINAL".into(),
                name: "Terminal".into(),
                kind: ChannelKind::PermanentExhibition,
                location: String::new(),
                accepts: vec![],
                commission: Decimal::ZERO,
                fee: None,
                schedule: Schedule::Permanent,
                capacity: None,
                by: None,
            })
            .unwrap();
        let exhibition = market
            .create_exhibition(ExhibitionData {
                id: ExhibitionId::new(),
                code: "TERMINAL".into(),
                name: "Terminal".into(),
                channel: channel.id(),
                booths: vec![Booth::new("A-1", SizeClass::Standard, vec![])],
                weekly_limits: vec![],
                monthly_cap: 4,
                by: None,
            })
            .unwrap();
        let applied = market
            .apply(ApplicationData {
                id: homebiz_core::id::ApplicationId::new(),
                exhibition: exhibition.id(),
                business: homebiz_core::id::BusinessId::new(),
                category: homebiz_core::category::Category::Handicrafts,
                new_producer: true,
                vulnerable: false,
                weeks_wanted: 2,
                seasonality: None,
                applied_on: day("1404-01-02"),
                by: None,
            })
            .unwrap();
        market
            .decide(applied.id(), ApplicationState::Approved, None, None)
            .unwrap();
        market
            .allocate("TERMINAL", &horizon, Points::default())
            .unwrap();
    }
    // Back to V6's schema: V7's columns and its history row gone.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(UNDO_V10).unwrap();
        conn.execute_batch(UNDO_V8).unwrap();
        conn.execute_batch(
            "ALTER TABLE booths DROP COLUMN by_actor;
             ALTER TABLE bookings DROP COLUMN by_actor;
             DELETE FROM refinery_schema_history WHERE version >= 7;",
        )
        .unwrap();
    }
    assert!(matches!(
        open(&path, OpenMode::Existing),
        Err(SqliteError::Outdated { .. })
    ));
    let store = open(&path, OpenMode::Create).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    let market = Market::new(store, clock());
    let old = market.exhibition("TERMINAL").unwrap();
    assert_eq!(old.booths()[0].by, None);
    let booked = market.schedule("TERMINAL").unwrap();
    assert_eq!(booked.len(), 2);
    assert!(booked.iter().all(|b| b.booking.by.is_none()));
    let clerk = ActorId::new();
    market
        .import_booths(vec![(
            "TERMINAL".into(),
            Booth::new("A-1", SizeClass::Standard, vec![]).recorded_by(Some(clerk)),
        )])
        .unwrap();
    assert_eq!(
        market.exhibition("TERMINAL").unwrap().booths()[0].by,
        Some(clerk)
    );
    market
        .allocate_by("TERMINAL", &horizon, Points::default(), Some(clerk))
        .unwrap();
    let booked = market.schedule("TERMINAL").unwrap();
    assert_eq!(booked.len(), 2);
    assert!(booked.iter().all(|b| b.booking.by == Some(clerk)));
}

/// A new registry at `path` with one household of office A at `address`
/// and one person of that name in it: the office, the household and the
/// fixture's unrestricted actor.
fn one_household(
    path: &Path,
    address: &str,
    given_name: &str,
    family_name: &str,
) -> (OfficeId, homebiz_core::id::HouseholdId, Actor) {
    use homebiz_registry::PersonData;
    use homebiz_registry::testing::{Fixture, household_data, person_data};
    let f = Fixture::new(open(path, OpenMode::Create).unwrap());
    let mut data = household_data(f.office_a, "H-1");
    data.address = address.into();
    let h = f
        .registry
        .write(&f.admin, |w| w.add_household(data))
        .unwrap();
    f.registry
        .write(&f.admin, |w| {
            w.add_person(PersonData {
                given_name: given_name.into(),
                family_name: family_name.into(),
                ..person_data(h.id(), 1)
            })
        })
        .unwrap();
    (f.office_a, h.id(), f.admin)
}

/// A registry written before V8 (no search keys) is upgraded by `init`'s
/// open: V8 computes the keys of the people and households already there
/// (with the Rust normalisation, in the migration's transaction), so a
/// search finds them in any spelling; later writes keep the keys.
#[test]
fn a_registry_from_before_v8_gets_its_search_keys() {
    use homebiz_core::text::KeySearch;
    use homebiz_registry::{HouseholdSearch, RegistryStore};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let (office, household, _) = one_household(&path, "دیزج سیاوش، كوچه ۱۲", "علي", "رضايي");
    // Back to the schema before V8.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(&format!("{UNDO_V9}\n{UNDO_V8}"))
        .unwrap();
    assert!(matches!(
        open(&path, OpenMode::Existing),
        Err(SqliteError::Outdated { .. })
    ));
    let store = open(&path, OpenMode::Create).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    let name = KeySearch::words("رضایی علی").unwrap();
    let found = store.read(|r| r.people_matching(&[office], &name)).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0.id(), household);
    let address = HouseholdSearch::Address(KeySearch::fragment("کوچه 12").unwrap());
    let found = store
        .read(|r| r.households_matching(&[office], &address))
        .unwrap();
    assert_eq!(found.len(), 1);
    // Opening again changes nothing.
    drop(store);
    let store = open(&path, OpenMode::Create).unwrap();
    assert_eq!(
        store
            .read(|r| r.people_matching(&[office], &name))
            .unwrap()
            .len(),
        1
    );
}

/// A registry written at V8, whose stored keys the older key function
/// made (hamza-yeh and punctuation kept), is upgraded by V9: the keys are
/// computed again, so a search in the folded spelling finds the old rows
/// and a new person with the folded spelling is flagged as a likely
/// duplicate of an old one.
#[test]
fn a_registry_from_v8_gets_its_keys_folded() {
    use homebiz_core::text::{KeySearch, search_key};
    use homebiz_registry::{HouseholdSearch, PersonData, RegistryStore};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let (office, household, admin) = one_household(&path, "خیابان امام، کوچه ۳", "علی", "رضائی");
    // Back to V8, with the keys V8's function wrote.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(UNDO_V9).unwrap();
    conn.execute_batch(
        "UPDATE people SET search_key = 'علیرضائی', name_key = 'علی رضائی';
         UPDATE households SET address_key = 'خیابانامام،کوچه3';",
    )
    .unwrap();
    // The old keys miss both spellings.
    let hits: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM people WHERE instr(search_key, ?1) > 0)
                  + (SELECT count(*) FROM households WHERE instr(address_key, ?2) > 0)",
            [search_key("رضایی"), search_key("خیابان امام کوچه 3")],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(hits, 0);
    drop(conn);
    let name = KeySearch::words("رضایی").unwrap();
    let address = HouseholdSearch::Address(KeySearch::fragment("خیابان امام کوچه 3").unwrap());
    let finds = |store: &SqliteStore| {
        let people = store.read(|r| r.people_matching(&[office], &name)).unwrap();
        let households = store
            .read(|r| r.households_matching(&[office], &address))
            .unwrap();
        (people.len(), households.len())
    };
    assert!(matches!(
        open(&path, OpenMode::Existing),
        Err(SqliteError::Outdated { .. })
    ));
    let store = open(&path, OpenMode::Create).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    assert_eq!(finds(&store), (1, 1));
    // The likely-duplicate check reads the recomputed name keys.
    let registry = Registry::new(store, SystemClock);
    let added = registry
        .write(&admin, |w| {
            w.add_person(PersonData {
                given_name: "علي".into(),
                family_name: "رضایی".into(),
                ..homebiz_registry::testing::person_data(household, 2)
            })
        })
        .unwrap();
    assert_eq!(added.resembles.len(), 1);
}

/// An entry's or a loan's key is looked up through V10's indexes by key,
/// not by scanning (issue #14: a key was looked for business by business).
#[test]
fn keys_are_looked_up_through_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    drop(open(&path, OpenMode::Create).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    for (query, index) in [
        (
            homebiz_sql::select!(entry, "ledger", "WHERE entry_key = ?1 ORDER BY seq"),
            "ledger_by_key",
        ),
        (
            homebiz_sql::select!(loan, "loans", "WHERE loan_key = ?1 ORDER BY id"),
            "loans_by_key",
        ),
    ] {
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {query}"))
            .unwrap()
            .query_map(["S-1"], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains(&format!("USING INDEX {index}"))),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }
}

/// A user added before V11 (no role, no password) is upgraded to office
/// staff without a password: they act through the CLI's `--user` as
/// before, and cannot sign in to the web app until a password is set.
#[test]
fn users_from_before_v11_become_office_staff_without_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.sqlite");
    drop(open(&path, OpenMode::Create).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "ALTER TABLE users DROP COLUMN role;
             ALTER TABLE users DROP COLUMN password_hash;
             DELETE FROM refinery_schema_history WHERE name = 'user_roles';
             INSERT INTO users (id, code, name, office_id)
                 VALUES (randomblob(16), 'old', NULL, NULL);",
        )
        .unwrap();
    }
    assert!(matches!(
        open(&path, OpenMode::Existing),
        Err(SqliteError::Outdated { .. })
    ));
    let store = open(&path, OpenMode::Create).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    let user = Registry::new(store, SystemClock).user("old").unwrap();
    assert_eq!(user.role, homebiz_registry::Role::OfficeStaff);
    assert!(user.password.is_none());
}
