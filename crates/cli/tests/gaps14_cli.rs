//! The last gaps of issue #14 through the CLI: order units in Persian,
//! files named by the path as typed, "not found" naming the kind of key
//! (never a national ID), a scoped user's parent office by code.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{homebiz, homebiz_env, import_orders_and_offers, load_examples, ok};

/// The stderr of a failed run of `args` under `lang`.
fn error_in(db: &Path, lang: &str, args: &[&str]) -> String {
    let out = homebiz_env(db, &[("HOMEBIZ_LANG", lang)], args);
    assert!(!out.status.success(), "{args:?} succeeded");
    String::from_utf8(out.stderr).unwrap()
}

/// The stdout of a successful run of `args` under `lang`.
fn out_in(db: &Path, lang: &str, args: &[&str]) -> String {
    ok(homebiz_env(db, &[("HOMEBIZ_LANG", lang)], args))
}

#[test]
fn order_units_are_named_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.sqlite");
    load_examples(&db);
    import_orders_and_offers(&db);
    let fa = out_in(&db, "fa", &["list", "orders"]);
    for unit in ["شیشه", "کیلوگرم", "عدد"] {
        assert!(fa.contains(unit), "{unit}: {fa}");
    }
    // No English unit is left in a Persian row.
    for line in fa.lines() {
        for word in line.split_whitespace() {
            assert!(!["jar", "kg", "piece"].contains(&word), "{word}: {line}");
        }
    }
    // English keeps the units as the orders give them.
    let en = out_in(&db, "en", &["list", "orders"]);
    assert!(en.contains(" jar ") && en.contains(" kg "), "{en}");
    // The matches say each fill's and each unmet quantity's unit.
    let matched = out_in(&db, "fa", &["orders", "match"]);
    assert!(
        matched.contains("شیشه") || matched.contains("کیلوگرم") || matched.contains("عدد"),
        "{matched}"
    );
    for word in matched.split_whitespace() {
        assert!(!["jar", "kg", "piece"].contains(&word), "{word}: {matched}");
    }
    let matched = out_in(&db, "en", &["orders", "match"]);
    assert!(
        matched.contains(" unit ") && matched.contains(" jar "),
        "{matched}"
    );
}

#[test]
fn a_file_with_an_odd_name_is_named_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    load_examples(&db);
    for args in [
        vec![
            "mcdm",
            "wsum",
            "--matrix",
            "/dev/null",
            "--weights",
            "1",
            "--types",
            "b",
        ],
        vec!["mcdm", "ahp", "--pairwise", "/dev/null"],
        vec!["import", "households", "/dev/null"],
    ] {
        for lang in ["en", "fa"] {
            let err = error_in(&db, lang, &args);
            assert!(err.contains("/dev/null"), "{args:?}: {err}");
            assert!(!err.contains(" null"), "{args:?}: {err}");
        }
    }
}

/// A valid national ID that the example registry does not hold.
const UNKNOWN_NATIONAL_ID: &str = "0499370899";
/// A person, household or business ID that no record has.
const UNKNOWN_ID: &str = "01900000-0000-7000-8000-000000000000";

#[test]
fn not_found_names_the_kind_of_key_never_a_national_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.sqlite");
    load_examples(&db);
    // By national ID: the ID is not repeated, in either language or digits.
    for args in [
        vec!["person", "show", UNKNOWN_NATIONAL_ID],
        vec!["person", "find", "--national-id", UNKNOWN_NATIONAL_ID],
        vec!["duplicates", "resolve", UNKNOWN_NATIONAL_ID, "same-person"],
        vec!["person", "history", UNKNOWN_NATIONAL_ID],
        vec!["person", "edit", UNKNOWN_NATIONAL_ID, "hours_per_week=30"],
    ] {
        let en = error_in(&db, "en", &args);
        assert_eq!(
            en, "homebiz: person with this national ID not found\n",
            "{args:?}"
        );
        let fa = error_in(&db, "fa", &args);
        assert!(fa.contains("با این کد ملی یافت نشد"), "{args:?}: {fa}");
        assert!(!fa.contains("۰۴۹۹۳۷۰۸۹۹") && !fa.contains(UNKNOWN_NATIONAL_ID));
    }
    // By ID: "with ID", and the ID as typed.
    for (kind, args) in [
        ("person", vec!["person", "show", UNKNOWN_ID]),
        ("household", vec!["household", "show", UNKNOWN_ID]),
        ("business", vec!["business", "show", UNKNOWN_ID]),
        ("application", vec!["application", "approve", UNKNOWN_ID]),
    ] {
        let en = error_in(&db, "en", &args);
        assert_eq!(
            en,
            format!("homebiz: {kind} with ID {UNKNOWN_ID} not found\n"),
            "{args:?}"
        );
        let fa = error_in(&db, "fa", &args);
        assert!(
            fa.contains(&format!("با شناسهٔ {UNKNOWN_ID} یافت نشد")),
            "{args:?}: {fa}"
        );
    }
    // By code: the code as typed.
    for (kind, args) in [
        ("household", vec!["household", "show", "NOPE-1"]),
        ("business", vec!["business", "show", "NOPE-1"]),
        ("office", vec!["household", "list", "--office", "NOPE-1"]),
        (
            "exhibition",
            vec!["exhibition", "schedule", "--exhibition", "NOPE-1"],
        ),
        ("loan", vec!["loan", "show", "NOPE-1"]),
        (
            "entry",
            vec!["entry", "reverse", "NOPE-1", "--reason", "typo"],
        ),
    ] {
        let en = error_in(&db, "en", &args);
        assert_eq!(
            en,
            format!("homebiz: {kind} NOPE-1 not found\n"),
            "{args:?}"
        );
        let fa = error_in(&db, "fa", &args);
        assert!(fa.contains("NOPE-1 یافت نشد"), "{args:?}: {fa}");
    }
}

#[test]
fn a_scoped_users_office_list_names_the_parent_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    load_examples(&db);
    ok(homebiz(
        &db,
        &[
            "user", "add", "sara", "--office", "URM-DZS", "--name", "Sara",
        ],
    ));
    let table = ok(homebiz(&db, &["--user", "sara", "office", "list"]));
    let own = table
        .lines()
        .find(|l| l.contains(" URM-DZS "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(own.contains(" URM-CITY "), "{own}");
    let rows: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["--user", "sara", "office", "list", "--json"],
    )))
    .unwrap();
    let own = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "URM-DZS")
        .unwrap();
    assert_eq!(own["parent"]["code"], "URM-CITY", "{own}");
    assert!(own["parent"]["id"].is_string(), "{own}");
    // Only the parent's code and ID: the office's siblings stay unseen.
    assert!(!table.contains("URM-ESL"), "{table}");
}
