//! Findings of a new user's walkthrough of the import (issue #14): every
//! column an import reads is applied or refused, never dropped; a
//! lifecycle state is refused naming its command; repeated rows, a
//! person's household and another office's code are named as such; the
//! reasons are given in the caller's language.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use homebiz::core::id::ActorId;
use homebiz::core::{FixedClock, Lang};
use homebiz::import::{ImportKind, ImportOptions, ImportReport, OnError, import_csv};
use homebiz::registry::{Actor, MemoryStore, Registry};

fn example(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/data/{name}.csv")),
    )
    .unwrap()
}

fn import(
    registry: &Registry<MemoryStore>,
    kind: ImportKind,
    text: &str,
    options: &ImportOptions,
) -> Result<ImportReport, homebiz::import::ImportError> {
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

fn admin() -> Actor {
    Actor::unrestricted(ActorId::new())
}

fn loaded() -> Registry<MemoryStore> {
    let registry = Registry::new(
        MemoryStore::new(),
        FixedClock::new("2025-12-01T10:00:00Z".parse().unwrap()),
    );
    for (kind, name) in [
        (ImportKind::Offices, "offices"),
        (ImportKind::Households, "households"),
        (ImportKind::People, "people"),
        (ImportKind::Businesses, "businesses"),
    ] {
        import(&registry, kind, &example(name), &ImportOptions::default()).unwrap();
    }
    registry
}

/// The header and data row `n` (1-based) of an example file.
fn header_and_row(name: &str, n: usize) -> (Vec<String>, Vec<String>) {
    let text = example(name);
    let mut lines = text.lines();
    let split = |l: &str| l.split(',').map(str::to_owned).collect::<Vec<_>>();
    let header = split(lines.next().unwrap());
    (header, split(lines.nth(n - 1).unwrap()))
}

fn skip() -> ImportOptions {
    ImportOptions::new(OnError::Skip, false)
}

/// A kind, its example file, the row walked and each column's other value.
type Walk = (
    ImportKind,
    &'static str,
    usize,
    &'static [(&'static str, &'static str)],
);

/// Every column of every importable kind, changed to another valid value
/// on a recorded row, is applied (`updated`, and the same file again is
/// unchanged) or refused (rejected, or a conflict), with and without
/// `--update`: never counted unchanged or existing.
#[test]
fn every_column_is_applied_or_refused() {
    let kinds: [Walk; 3] = [
        (
            ImportKind::Households,
            "households",
            1,
            &[
                ("office_code", "URM-CITY"),
                ("address", "نشانی دیگر"),
                ("baseline_income_rial", "70000000"),
                ("baseline_survey_date", "1403/11/05"),
                ("area_m2", "40"),
                ("separate_room", "no"),
                ("registered_on", "1403-12-06"),
                ("membership", "paused"),
                ("exit_reason", "moved"),
                ("support", "welfare_organization"),
                ("consent_support", "no"),
            ],
        ),
        (
            ImportKind::People,
            "people",
            1,
            &[
                ("given_name", "مریم"),
                ("family_name", "احمدی"),
                ("birth_date", "1379/08/22"),
                ("gender", "male"),
                ("mobile", "09141000099"),
                ("household_code", "URM-DZS-00002"),
                ("education", "associate"),
                ("skills", "sewing:beginner"),
                ("hours_per_week", "20"),
                ("interests", "baking"),
                ("disability", "visual"),
                ("consent_disability", "yes"),
            ],
        ),
        (
            ImportKind::Businesses,
            "businesses",
            2,
            &[
                ("household_code", "URM-DZS-00001"),
                ("owner_national_id", "0010000011"),
                ("activity", "baking"),
                ("mode", "cluster"),
                ("parent_code", "URM-DZS-00001-B1"),
                ("cluster", "C1"),
                ("licence_number", "HB-1404-00099"),
                ("licence_kind", "guild"),
                ("licence_issued", "1403-12-21"),
                ("licence_expires", "1405-12-20"),
                ("health_number", "HC-00099"),
                ("health_kind", "guild"),
                ("health_issued", "1403-12-26"),
                ("health_expires", "1405-01-25"),
                ("capital_rial", "140000000"),
                ("state", "suspended"),
                ("closure_reason", "moved"),
            ],
        ),
    ];
    for (kind, name, n, changes) in kinds {
        let (header, row) = header_and_row(name, n);
        let key = kind.required_columns()[0];
        let walked: Vec<&str> = changes.iter().map(|(c, _)| *c).collect();
        let mut missing: Vec<&str> = kind
            .required_columns()
            .iter()
            .chain(kind.optional_columns())
            .copied()
            .filter(|c| *c != key && !walked.contains(c))
            .collect();
        missing.sort_unstable();
        assert!(
            missing.is_empty(),
            "{name}: columns not walked: {missing:?}"
        );
        for (column, value) in changes {
            let mut header = header.clone();
            let mut row = row.clone();
            let i = match header.iter().position(|h| h == column) {
                Some(i) => i,
                None => {
                    header.push((*column).to_owned());
                    row.push(String::new());
                    header.len() - 1
                }
            };
            assert_ne!(row[i], *value, "{name}.{column}: not a change");
            row[i] = (*value).to_owned();
            let text = format!("{}\n{}\n", header.join(","), row.join(","));
            for update in [false, true] {
                let registry = loaded();
                let options = skip().with_update(update);
                let report = import(&registry, kind, &text, &options).unwrap();
                assert_eq!(
                    (report.created, report.existing),
                    (0, 0),
                    "{name}.{column} (update {update}): silently dropped: {report:?}"
                );
                assert_eq!(
                    report.updated + report.rejected + report.conflicts,
                    1,
                    "{name}.{column} (update {update}): {report:?}"
                );
                if report.updated == 1 {
                    let again = import(&registry, kind, &text, &options).unwrap();
                    assert_eq!(
                        again.existing, 1,
                        "{name}.{column}: updated but not applied: {again:?}"
                    );
                } else {
                    assert_eq!(report.problems.len(), 1, "{name}.{column}");
                    assert!(
                        report.problems[0].starts_with("file.csv: row 2"),
                        "{name}.{column}: {}",
                        report.problems[0]
                    );
                }
            }
        }
    }
}

#[test]
fn a_state_change_is_refused_naming_its_command_in_english_and_persian() {
    let (header, mut row) = header_and_row("households", 1);
    let i = header.iter().position(|h| h == "membership").unwrap();
    row[i] = "paused".into();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let registry = loaded();
    let err = import(
        &registry,
        ImportKind::Households,
        &text,
        &ImportOptions::default().with_update(true),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "file.csv: row 2, column membership: is active in the registry: an import does not \
         change a state; use `homebiz household enrol|activate|pause|graduate|exit`"
    );
    let fa = homebiz::describe::error(&err, Lang::Fa).unwrap();
    assert!(
        fa.starts_with("file.csv: ردیف 2، ستون membership: در ثبت «"),
        "{fa}"
    );
    assert!(
        fa.contains("`homebiz household enrol|activate|pause|graduate|exit`"),
        "{fa}"
    );
    assert!(!fa.contains("is active"), "{fa}");
    // Businesses: suspended.
    let (header, mut row) = header_and_row("businesses", 1);
    let i = header.iter().position(|h| h == "state").unwrap();
    row[i] = "suspended".into();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let report = import(&registry, ImportKind::Businesses, &text, &skip()).unwrap();
    assert_eq!((report.existing, report.conflicts), (0, 1));
    assert_eq!(
        report.problems,
        [
            "file.csv: row 2, column state: is active in the registry: an import does not \
          change a state; use `homebiz business train|license|activate|suspend|close`"
        ]
    );
}

#[test]
fn a_changed_household_code_names_the_identity_column() {
    let (header, mut row) = header_and_row("people", 1);
    let i = header.iter().position(|h| h == "household_code").unwrap();
    row[i] = "URM-DZS-00002".into();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let registry = loaded();
    let err = import(
        &registry,
        ImportKind::People,
        &text,
        &ImportOptions::default().with_update(true),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "file.csv: row 2, column household_code: differs from the person's household in the \
         registry and is identity: an import cannot change it"
    );
}

#[test]
fn a_repeated_row_names_the_row_it_repeats_for_every_kind() {
    for (kind, name) in [
        (ImportKind::Offices, "offices"),
        (ImportKind::Households, "households"),
        (ImportKind::People, "people"),
        (ImportKind::Businesses, "businesses"),
    ] {
        let text = example(name);
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let first = lines.next().unwrap();
        let twice = format!("{header}\n{first}\n{first}\n");
        let fresh = Registry::new(
            MemoryStore::new(),
            FixedClock::new("2025-12-01T10:00:00Z".parse().unwrap()),
        );
        for registry in [loaded(), fresh] {
            let Ok(report) = import(&registry, kind, &twice, &skip()) else {
                continue;
            };
            if report.created + report.existing == 0 {
                // A fresh registry without the records this kind needs.
                continue;
            }
            assert_eq!(report.conflicts, 1, "{name}: {report:?}");
            assert_eq!(
                report.problems,
                ["file.csv: row 3: repeats row 2 of this file"],
                "{name}"
            );
        }
    }
}

#[test]
fn the_reasons_are_in_the_callers_language() {
    let (header, mut row) = header_and_row("households", 1);
    let i = header.iter().position(|h| h == "area_m2").unwrap();
    row[i] = "many".into();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let registry = loaded();
    let mut rejects = Vec::new();
    let report = import_csv(
        &registry,
        &admin(),
        ImportKind::Households,
        "file.csv",
        text.as_bytes(),
        &skip().with_lang(Lang::Fa),
        Some(&mut rejects),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.rejected, 1);
    let rejects = String::from_utf8(rejects).unwrap();
    let mut lines = rejects.lines();
    assert!(lines.next().unwrap().ends_with(",error"));
    let line = lines.next().unwrap();
    assert!(
        line.contains("file.csv: ردیف ۲، ستون area_m2: عدد صحیحی در بازهٔ مجاز نیست"),
        "{line}"
    );
    assert_eq!(
        report.problems,
        ["file.csv: ردیف ۲، ستون area_m2: عدد صحیحی در بازهٔ مجاز نیست"]
    );
}

#[test]
fn another_offices_household_code_is_named_as_such() {
    let registry = loaded();
    let urm_esl = registry
        .read(&admin(), |r| r.office_by_code("URM-ESL"))
        .unwrap();
    let ali = Actor::scoped(ActorId::new(), urm_esl.id());
    let text = "code,office_code\nURM-DZS-00005,URM-ESL\n";
    let err = import_csv(
        &registry,
        &ali,
        ImportKind::Households,
        "file.csv",
        text.as_bytes(),
        &ImportOptions::default(),
        None,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "file.csv: row 2, column code: is in another office's series of household codes: \
         only that office imports it"
    );
}
