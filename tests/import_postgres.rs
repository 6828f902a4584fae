//! Large CSV imports on PostgreSQL, which read each batch of rows' keys
//! ahead and write the new records by COPY (#15): the same records, audit
//! trail and flags as the in-memory store's import of the same files, and
//! nothing at all when a row fails. Skipped (with a message) when
//! `HOMEBIZ_TEST_PG` names no server.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;

use homebiz::core::FixedClock;
use homebiz::core::id::{ActorId, TypedId};
use homebiz::core::iran::NationalId;
use homebiz::import::{ImportError, ImportKind, ImportOptions, ImportReport, OnError, import_csv};
use homebiz::registry::{Actor, AuditAction, EntityKind, MemoryStore, Registry, RegistryStore};
use homebiz::synthetic::{RegistryCsv, SyntheticConfig, registry_csv};
use homebiz_postgres::testing::scratch;

fn registry<S: RegistryStore>(store: S) -> Registry<S> {
    Registry::new(
        store,
        FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()),
    )
}

fn admin() -> Actor {
    Actor::unrestricted(ActorId::from_parts(1, [0; 10]))
}

fn import<S: RegistryStore>(
    registry: &Registry<S>,
    kind: ImportKind,
    text: &str,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    import_csv(
        registry,
        &admin(),
        kind,
        "file.csv",
        text.as_bytes(),
        options,
        None,
        &mut |_| {},
    )
}

/// Offices, households and people files large enough for several batches
/// of look-ahead (2,000 rows each); the people end with the twin (same
/// names and birth date, another national ID) of the first person, a
/// likely duplicate.
fn data() -> RegistryCsv {
    let mut data = registry_csv(&SyntheticConfig {
        seed: 1404,
        offices: 3,
        households_per_office: 500,
    })
    .unwrap();
    let first = data.people.lines().nth(1).unwrap();
    let (id, rest) = first.split_once(',').unwrap();
    let twin = NationalId::from_serial(9_000_000).unwrap();
    assert_ne!(id, twin.as_str());
    data.people = format!("{}{},{rest}\n", data.people, twin.as_str());
    data
}

fn load<S: RegistryStore>(registry: &Registry<S>, data: &RegistryCsv) {
    for (kind, text) in [
        (ImportKind::Offices, &data.offices),
        (ImportKind::Households, &data.households),
        (ImportKind::People, &data.people),
    ] {
        let report = import(registry, kind, text, &ImportOptions::default()).unwrap();
        assert_eq!(report.rejected, 0);
        assert_eq!(report.created, report.rows);
    }
}

/// The audit trail as (number, action, kind, record's key): a household by
/// code, a person by national ID, an office by code.
fn trail<S: RegistryStore>(registry: &Registry<S>) -> Vec<(u64, AuditAction, EntityKind, String)> {
    registry
        .read(&admin(), |r| {
            let mut keys: HashMap<_, String> = HashMap::new();
            for office in r.offices()? {
                keys.insert(office.id().as_uuid(), office.code().to_owned());
            }
            let root = r.office_by_code("WAZ")?.id();
            for household in r.households(root)? {
                for person in r.members(household.id())? {
                    keys.insert(
                        person.id().as_uuid(),
                        person.national_id().as_str().to_owned(),
                    );
                }
                keys.insert(household.id().as_uuid(), household.code().to_owned());
            }
            Ok(r.audit_events(0, usize::MAX)?
                .into_iter()
                .map(|e| {
                    let key = keys.get(&e.record.entity.id).cloned().unwrap_or_default();
                    (e.seq, e.record.action, e.record.entity.kind, key)
                })
                .collect())
        })
        .unwrap()
}

/// The groups of likely duplicates, each by national ID.
fn groups<S: RegistryStore>(registry: &Registry<S>) -> Vec<Vec<String>> {
    registry
        .read(&admin(), |r| {
            r.duplicate_groups()?
                .iter()
                .map(|g| {
                    g.people
                        .iter()
                        .map(|p| Ok(r.person(*p)?.national_id().as_str().to_owned()))
                        .collect()
                })
                .collect()
        })
        .unwrap()
}

fn without_numbers(
    trail: &[(u64, AuditAction, EntityKind, String)],
) -> Vec<(AuditAction, EntityKind, String)> {
    trail
        .iter()
        .map(|(_, action, kind, key)| (*action, *kind, key.clone()))
        .collect()
}

#[test]
fn a_large_import_writes_what_the_reference_store_writes_with_its_audit_in_order() {
    let Some(store) = scratch() else {
        return;
    };
    let data = data();
    let pg = registry(store);
    load(&pg, &data);
    let memory = registry(MemoryStore::new());
    load(&memory, &data);

    let ours = trail(&pg);
    assert!(ours.len() > 3_600, "{}", ours.len());
    assert!(ours.iter().all(|(_, _, _, key)| !key.is_empty()));
    assert_eq!(without_numbers(&ours), without_numbers(&trail(&memory)));
    assert!(
        ours.windows(2).all(|w| w[0].0 < w[1].0),
        "audit numbers increase in the order of the records"
    );
    let flagged = groups(&pg);
    assert!(!flagged.is_empty());
    assert_eq!(flagged, groups(&memory));

    // The same files again: every record exists already, nothing is added.
    let before = ours.len();
    for (kind, text) in [
        (ImportKind::Households, &data.households),
        (ImportKind::People, &data.people),
    ] {
        let report = import(&pg, kind, text, &ImportOptions::default()).unwrap();
        assert_eq!((report.existing, report.created), (report.rows, 0));
    }
    assert_eq!(trail(&pg).len(), before);

    // Numbers go on increasing after a bulk import.
    let office = data
        .households
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap();
    let report = import(
        &pg,
        ImportKind::Households,
        &format!("code,office_code,address\nNEW-1,{office},کوچه ۱\n"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.created, 1);
    let after = trail(&pg);
    assert_eq!(after.len(), before + 1);
    assert!(after.last().unwrap().0 > ours.last().unwrap().0);
}

#[test]
fn a_failing_row_in_a_large_import_writes_nothing() {
    let Some(store) = scratch() else {
        return;
    };
    let data = data();
    let pg = registry(store);
    for (kind, text) in [
        (ImportKind::Offices, &data.offices),
        (ImportKind::Households, &data.households),
    ] {
        import(&pg, kind, text, &ImportOptions::default()).unwrap();
    }
    let before = trail(&pg);
    // A person whose household is not in the registry, in the second
    // batch: the first batch's people have been written by then.
    let mut lines: Vec<&str> = data.people.lines().collect();
    assert!(lines.len() > 2_600);
    let bad = lines[2_500].replacen(",URM-", ",NOPE-", 1);
    assert_ne!(bad, lines[2_500]);
    lines[2_500] = &bad;
    let people = lines.join("\n");
    let err = import(&pg, ImportKind::People, &people, &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::Row { row: 2_501, .. }), "{err}");
    assert_eq!(trail(&pg), before);
    let members = pg
        .read(&admin(), |r| {
            let root = r.office_by_code("WAZ")?.id();
            let mut n = 0;
            for household in r.households(root)? {
                n += r.members(household.id())?.len();
            }
            Ok(n)
        })
        .unwrap();
    assert_eq!(members, 0);

    // A national ID repeated in the same batch is named as such; skipped,
    // the rest of the file is written.
    let repeated = format!("{}\n{}\n", lines.join("\n"), lines[7]);
    let err = import(
        &pg,
        ImportKind::People,
        &repeated,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("row 2501"), "{err}");
    let report = import(
        &pg,
        ImportKind::People,
        &repeated,
        &ImportOptions::new(OnError::Skip, false),
    )
    .unwrap();
    // The bad row is refused; the repeated one repeats an earlier row of
    // this file cell for cell: a conflict, named as such.
    assert_eq!(
        (report.rejected, report.conflicts, report.existing),
        (1, 1, 0)
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("repeats row 8 of this file")),
        "{:?}",
        report.problems
    );
    assert_eq!(report.created, report.rows - 2);
    let written = trail(&pg);
    assert!(written.windows(2).all(|w| w[0].0 < w[1].0));
    let new = &written[before.len()..];
    assert!(
        new.iter()
            .all(|(_, _, kind, _)| *kind == EntityKind::Person)
    );
    let created = new
        .iter()
        .filter(|(_, action, _, _)| *action == AuditAction::Created)
        .count();
    assert_eq!(created, usize::try_from(report.created).unwrap());
    // The twin is flagged, right after it was created.
    assert_eq!(new.len(), created + 1);
    assert_eq!(new.last().unwrap().1, AuditAction::FlaggedDuplicate);
}
