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
    assert_eq!(store.schema_version().unwrap(), 3);
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
    drop(open(&path, OpenMode::Create).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DELETE FROM refinery_schema_history WHERE version = 3")
        .unwrap();
    for mode in [OpenMode::Existing, OpenMode::ReadOnly] {
        let err = open(&path, mode).unwrap_err();
        assert!(
            matches!(
                err,
                SqliteError::Outdated {
                    found: 2,
                    current: 3
                }
            ),
            "{err}"
        );
    }
    conn.execute_batch(
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
         VALUES (3, 'income', '2025-01-01T00:00:00Z', '0'),
                (9, 'future', '2030-01-01T00:00:00Z', '0')",
    )
    .unwrap();
    let err = open(&path, OpenMode::Existing).unwrap_err();
    assert!(
        matches!(
            err,
            SqliteError::Newer {
                found: 9,
                current: 3
            }
        ),
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
            assert!(matches!(version, Ok(Ok(3))), "round {round}: {version:?}");
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
