//! The registry commands of the `homebiz` binary, end to end on SQLite,
//! including a process killed in the middle of an import.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{example_data, fail, homebiz, load_examples, ok};
use std::time::{Duration, Instant};

use homebiz::synthetic::{SyntheticConfig, registry_csv};

/// The length of the JSON array a command prints.
fn json_len(db: &Path, args: &[&str]) -> usize {
    let out = ok(homebiz(db, args));
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn commands_need_an_initialised_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.sqlite");
    let err = fail(homebiz(&db, &["office", "list"]));
    assert!(
        err.contains("does not exist: run `homebiz init` first"),
        "{err}"
    );
    assert!(!db.exists());
    let out = ok(homebiz(&db, &["init"]));
    assert!(out.contains("schema version 11"), "{out}");
    // Running init again is harmless.
    ok(homebiz(&db, &["init"]));
}

#[test]
fn example_data_imports_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);

    let offices: serde_json::Value =
        serde_json::from_str(&ok(homebiz(&db, &["office", "list", "--json"]))).unwrap();
    assert_eq!(offices.as_array().unwrap().len(), 6);
    let table = ok(homebiz(&db, &["office", "list"]));
    assert!(
        table.contains("URM-DZS") && table.contains("دیزج سیاوش"),
        "{table}"
    );

    let households: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["household", "list", "--office", "URM-DZS", "--json"],
    )))
    .unwrap();
    assert_eq!(households.as_array().unwrap().len(), 100);
    let county: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["household", "list", "--office", "URM", "--json"],
    )))
    .unwrap();
    assert_eq!(county.as_array().unwrap().len(), 300);

    let shown: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["household", "show", "URM-DZS-00001", "--json", "--personal"],
    )))
    .unwrap();
    assert_eq!(shown["household"]["code"], "URM-DZS-00001");
    let member = &shown["members"][0];
    let national_id = member["national_id"].as_str().unwrap().to_owned();
    let id = shown["household"]["id"].as_str().unwrap().to_owned();
    let by_id = ok(homebiz(&db, &["household", "show", &id]));
    assert!(by_id.contains("URM-DZS-00001"), "{by_id}");
    // A code given with Persian digits is the same code.
    let persian = ok(homebiz(&db, &["household", "show", "URM-DZS-۰۰۰۰۱"]));
    assert_eq!(persian, by_id);

    let persian_digits: String = national_id
        .chars()
        .map(|c| char::from_u32(0x06F0 + c.to_digit(10).unwrap()).unwrap())
        .collect();
    let person: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[
            "person",
            "find",
            "--national-id",
            &persian_digits,
            "--json",
            "--personal",
        ],
    )))
    .unwrap();
    assert_eq!(person["national_id"], national_id.as_str());

    let businesses: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["business", "list", "--office", "URM-CITY", "--json"],
    )))
    .unwrap();
    assert_eq!(businesses.as_array().unwrap().len(), 100);

    let err = fail(homebiz(&db, &["household", "list", "--office", "NOPE"]));
    assert_eq!(err, "homebiz: office NOPE not found\n");
    let err = fail(homebiz(
        &db,
        &["person", "find", "--national-id", "1234567890"],
    ));
    assert_eq!(
        err,
        "homebiz: invalid national id: check digit does not match\n"
    );

    // Re-importing creates nothing.
    let again = ok(homebiz(
        &db,
        &[
            "import",
            "people",
            example_data().join("people.csv").to_str().unwrap(),
        ],
    ));
    assert!(again.contains(" 0 created, 593 existing"), "{again}");
}

#[test]
fn bad_files_abort_skip_or_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    ok(homebiz(&db, &["init"]));
    ok(homebiz(
        &db,
        &[
            "import",
            "offices",
            example_data().join("offices.csv").to_str().unwrap(),
        ],
    ));
    let good = std::fs::read_to_string(example_data().join("households.csv")).unwrap();
    let bad = good.replacen("URM-DZS-00002,URM-DZS,", "URM-DZS-00002,URM-XXX,", 1);
    let file = dir.path().join("households.csv");
    std::fs::write(&file, &bad).unwrap();
    let path = file.to_str().unwrap();

    let err = fail(homebiz(&db, &["import", "households", path]));
    assert_eq!(
        err,
        "homebiz: households.csv: row 3, column office_code: office URM-XXX not found\n"
    );
    assert_eq!(
        json_len(&db, &["household", "list", "--office", "URM", "--json"]),
        0
    );

    let out = ok(homebiz(
        &db,
        &[
            "import",
            "households",
            path,
            "--dry-run",
            "--on-error",
            "skip",
        ],
    ));
    assert_eq!(
        out,
        "checked (dry run, nothing written) households.csv: 300 rows, 299 created, 0 existing, 1 rejected\n  \
         households.csv: row 3, column office_code: office URM-XXX not found\n"
    );
    assert_eq!(
        json_len(&db, &["household", "list", "--office", "URM", "--json"]),
        0
    );

    let rejects = dir.path().join("rejects.csv");
    let out = ok(homebiz(
        &db,
        &[
            "import",
            "households",
            path,
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
            "--json",
        ],
    ));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (report["created"].as_u64(), report["rejected"].as_u64()),
        (Some(299), Some(1))
    );
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(rejected.lines().count(), 2, "{rejected}");
    assert!(
        rejected
            .lines()
            .nth(1)
            .unwrap()
            .contains("row 3, column office_code: office URM-XXX not found")
    );
}

fn count(db: &Path, table: &str) -> (String, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let rows: i64 = conn
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap();
    (integrity, rows)
}

/// A process killed at any point of an import leaves a sound database
/// holding the file wholly or not at all.
#[test]
fn a_killed_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = registry_csv(&SyntheticConfig {
        seed: 9,
        offices: 3,
        households_per_office: 2_000,
    })
    .unwrap();
    let offices = dir.path().join("offices.csv");
    let households = dir.path().join("households.csv");
    std::fs::write(&offices, &data.offices).unwrap();
    std::fs::write(&households, &data.households).unwrap();
    let expected = (data.households.lines().count() - 1) as i64;
    let fresh = |name: &str| {
        let db = dir.path().join(name);
        ok(homebiz(&db, &["init"]));
        ok(homebiz(
            &db,
            &["import", "offices", offices.to_str().unwrap()],
        ));
        db
    };
    // One uninterrupted run tells how long an import takes here.
    let db = fresh("whole.sqlite");
    let started = Instant::now();
    ok(homebiz(
        &db,
        &["import", "households", households.to_str().unwrap()],
    ));
    let whole = started.elapsed();
    assert_eq!(count(&db, "households"), ("ok".into(), expected));

    let mut outcomes = Vec::new();
    for attempt in 0..8u32 {
        let db = fresh(&format!("killed-{attempt}.sqlite"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_homebiz"))
            .arg("--db")
            .arg(&db)
            .args(["import", "households", households.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over the run, from its start to past its end.
        std::thread::sleep(
            whole.mul_f64(f64::from(attempt) / 7.0 * 1.1) + Duration::from_millis(2),
        );
        child.kill().ok(); // SIGKILL; the child may have finished already
        child.wait().unwrap();
        let (integrity, rows) = count(&db, "households");
        assert_eq!(integrity, "ok", "attempt {attempt}");
        assert!(
            rows == 0 || rows == expected,
            "attempt {attempt}: {rows} of {expected} rows"
        );
        // Nothing half-written elsewhere either: audit events match the rows.
        let (_, audit) = count(&db, "audit");
        let offices_audit = 6;
        assert!(
            audit == offices_audit || audit >= offices_audit + expected,
            "attempt {attempt}: {audit} audit events"
        );
        outcomes.push(rows);
        // The database stays usable: the import completes afterwards.
        let out = ok(homebiz(
            &db,
            &["import", "households", households.to_str().unwrap()],
        ));
        assert!(out.contains(&format!("{expected} rows")), "{out}");
        assert_eq!(count(&db, "households"), ("ok".into(), expected));
    }
    // The spread of kill times must have caught at least one import mid-way.
    assert!(
        outcomes.contains(&0),
        "no kill landed during an import: {outcomes:?}"
    );
}

#[test]
fn look_alike_people_are_flagged_once_and_reviewed_by_group() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    load_examples(&db);
    assert_eq!(json_len(&db, &["person", "duplicates", "--json"]), 0);
    // Five people alike (same name, born 1 Farvardin 1360), in households
    // of one office; valid national IDs from 0990000000 on.
    let mut text = String::from(
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n",
    );
    for i in 0..5u32 {
        let body = format!("{:09}", 99_000_000 + i * 11);
        let s: u32 = body
            .chars()
            .zip((2..=10).rev())
            .map(|(d, w)| d.to_digit(10).unwrap() * w)
            .sum::<u32>()
            % 11;
        let check = if s < 2 { s } else { 11 - s };
        text.push_str(&format!(
            "{body}{check},فاطمه,محمدی,1360-01-01,female,,URM-DZS-{:05}\n",
            i + 1
        ));
    }
    let people = dir.path().join("alike.csv");
    std::fs::write(&people, text).unwrap();
    ok(homebiz(
        &db,
        &["import", "people", people.to_str().unwrap()],
    ));
    let groups: serde_json::Value =
        serde_json::from_str(&ok(homebiz(&db, &["person", "duplicates", "--json"]))).unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["people"].as_array().unwrap().len(), 5);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let flags: i64 = conn
        .query_row("SELECT COUNT(*) FROM duplicate_flags", [], |r| r.get(0))
        .unwrap();
    assert_eq!(flags, 4, "5 people alike make 4 flags, not 10");
    let table = ok(homebiz(&db, &["person", "duplicates"]));
    assert_eq!(table.matches("فاطمه محمدی").count(), 5, "{table}");
}
