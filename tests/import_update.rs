//! `import --update` (issue #14): a row whose record exists applies its
//! differing fields as one audited update; identity columns are refused;
//! without `update` such rows stay conflicts.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use homebiz::core::id::ActorId;
use homebiz::core::{FixedClock, Money};
use homebiz::import::{ImportKind, ImportOptions, ImportReport, OnError, import_csv};
use homebiz::registry::{Actor, AuditAction, EntityKind, EntityRef, MemoryStore, Registry};

fn example(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/data/{name}.csv")),
    )
    .unwrap()
}

fn import(
    registry: &Registry<MemoryStore>,
    actor: &Actor,
    kind: ImportKind,
    text: &str,
    options: &ImportOptions,
) -> ImportReport {
    import_csv(
        registry,
        actor,
        kind,
        "file.csv",
        text.as_bytes(),
        options,
        None,
        &mut |_| {},
    )
    .unwrap()
}

fn loaded() -> (Registry<MemoryStore>, Actor) {
    let registry = Registry::new(
        MemoryStore::new(),
        FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()),
    );
    let admin = Actor::unrestricted(ActorId::new());
    for (kind, name) in [
        (ImportKind::Offices, "offices"),
        (ImportKind::Households, "households"),
        (ImportKind::People, "people"),
        (ImportKind::Businesses, "businesses"),
    ] {
        import(
            &registry,
            &admin,
            kind,
            &example(name),
            &ImportOptions::default(),
        );
    }
    (registry, admin)
}

fn updates(registry: &Registry<MemoryStore>, actor: &Actor, entity: EntityRef) -> Vec<Vec<String>> {
    registry
        .read(actor, |r| r.audit_trail(entity))
        .unwrap()
        .into_iter()
        .filter(|e| e.record.action == AuditAction::Updated)
        .map(|e| e.record.fields)
        .collect()
}

#[test]
fn update_applies_differing_fields_and_refuses_identity() {
    let (registry, admin) = loaded();
    let households = example("households");
    let rows = households.lines().count() as u64 - 1;
    let changed = households
        .replace(
            "URM-DZS-00001,URM-DZS,دیزج سیاوش، کوچه 20,",
            "URM-DZS-00001,URM-DZS,دیزج سیاوش، کوچه 99,",
        )
        .replace("URM-DZS-00002,URM-DZS,", "URM-DZS-00002,URM-ESL,");
    assert_ne!(changed, households);

    // Without --update: the two rows are conflicts, nothing changes.
    let skip = ImportOptions::new(OnError::Skip, false);
    let report = import(&registry, &admin, ImportKind::Households, &changed, &skip);
    assert_eq!(
        (
            report.created,
            report.existing,
            report.updated,
            report.conflicts,
            report.rejected
        ),
        (0, rows - 2, 0, 2, 0)
    );

    // With it: the address is updated (audited), the office is refused.
    let update = ImportOptions::new(OnError::Skip, false).with_update(true);
    let report = import(&registry, &admin, ImportKind::Households, &changed, &update);
    assert_eq!(
        (
            report.created,
            report.existing,
            report.updated,
            report.conflicts,
            report.rejected
        ),
        (0, rows - 2, 1, 0, 1)
    );
    let h = registry
        .read(&admin, |r| r.household_by_code("URM-DZS-00001"))
        .unwrap();
    assert!(h.data().address.contains("99"));
    assert_eq!(
        updates(
            &registry,
            &admin,
            EntityRef::new(EntityKind::Household, h.id())
        ),
        [vec!["address".to_owned()]]
    );
    // Aborting on the refused row writes nothing.
    let (registry, admin) = loaded();
    let err = import_csv(
        &registry,
        &admin,
        ImportKind::Households,
        "file.csv",
        changed.as_bytes(),
        &ImportOptions::default().with_update(true),
        None,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("column office_code: differs"),
        "{err}"
    );
    let h = registry
        .read(&admin, |r| r.household_by_code("URM-DZS-00001"))
        .unwrap();
    assert!(!h.data().address.contains("99"));
    // Importing the same file again with --update: unchanged.
    let report = import(
        &registry,
        &admin,
        ImportKind::Households,
        &households,
        &update,
    );
    assert_eq!((report.existing, report.updated), (rows, 0));
}

#[test]
fn update_people_and_businesses() {
    let (registry, admin) = loaded();
    let people = example("people").replace(
        "0010000011,سمیه,رضایی,1379/08/21,female,09141000001,URM-DZS-00001,diploma,sewing:advanced;dairy:beginner,37,",
        "0010000011,سمیه,رضایی,1379/08/21,female,09141000001,URM-DZS-00001,bachelor,sewing:advanced;dairy:beginner,30,",
    );
    let update = ImportOptions::default().with_update(true);
    let report = import(&registry, &admin, ImportKind::People, &people, &update);
    assert_eq!(report.updated, 1);
    let nid = homebiz::core::iran::NationalId::parse("0010000011").unwrap();
    let p = registry
        .read(&admin, |r| r.person_by_national_id(&nid))
        .unwrap();
    assert_eq!(p.data().hours_per_week, 30);
    assert_eq!(
        updates(
            &registry,
            &admin,
            EntityRef::new(EntityKind::Person, p.id())
        ),
        [vec!["education".to_owned(), "hours_per_week".to_owned()]]
    );

    let businesses = example("businesses").replace(",54000000,active", ",64000000,active");
    let report = import(
        &registry,
        &admin,
        ImportKind::Businesses,
        &businesses,
        &update,
    );
    assert_eq!(report.updated, 1);
    let b = registry
        .read(&admin, |r| r.business_by_code("URM-DZS-00001-B1"))
        .unwrap();
    assert_eq!(b.data().capital_invested, Money::rial(64_000_000));
    // Another owner (a person of another household) is identity: refused.
    let owner = example("businesses").replace(
        "URM-DZS-00001-B1,URM-DZS-00001,0010000011,",
        "URM-DZS-00001-B1,URM-DZS-00001,0010000021,",
    );
    assert_ne!(owner, example("businesses"));
    let err = import_csv(
        &registry,
        &admin,
        ImportKind::Businesses,
        "file.csv",
        owner.as_bytes(),
        &update,
        None,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("column owner_national_id: differs"),
        "{err}"
    );
}

#[test]
fn update_keeps_the_scope() {
    let (registry, admin) = loaded();
    let esl = registry
        .read(&admin, |r| r.office_by_code("URM-ESL"))
        .unwrap();
    let staff = Actor::scoped(ActorId::new(), esl.id());
    let changed = example("households").replace(
        "URM-DZS-00001,URM-DZS,دیزج سیاوش، کوچه 20,",
        "URM-DZS-00001,URM-DZS,دیزج سیاوش، کوچه 99,",
    );
    let report = import(
        &registry,
        &staff,
        ImportKind::Households,
        &changed,
        &ImportOptions::new(OnError::Skip, false).with_update(true),
    );
    assert_eq!(report.updated, 0);
    let h = registry
        .read(&admin, |r| r.household_by_code("URM-DZS-00001"))
        .unwrap();
    assert!(!h.data().address.contains("99"));
}

#[test]
fn update_records_the_consent_a_row_gives() {
    let (registry, admin) = loaded();
    let households = example("households");
    let line = households
        .lines()
        .find(|l| l.starts_with("URM-ESL-00001,"))
        .unwrap()
        .to_owned();
    assert!(line.ends_with(",,"), "{line}");
    let with_support = format!("{}welfare_organization,yes", &line[..line.len() - 1]);
    let header = households.lines().next().unwrap();
    let update = ImportOptions::default().with_update(true);
    let report = import(
        &registry,
        &admin,
        ImportKind::Households,
        &format!("{header}\n{with_support}\n"),
        &update,
    );
    assert_eq!(report.updated, 1);
    let h = registry
        .read(&admin, |r| r.household_by_code("URM-ESL-00001"))
        .unwrap();
    assert!(h.data().support.is_some());
    assert!(
        registry
            .read(&admin, |r| r.has_consent(
                h.id(),
                homebiz::registry::SensitiveField::SupportCoverage
            ))
            .unwrap()
    );
}
