//! The `--json` outputs that carry people leave the national IDs and
//! mobiles out, as the tables do, unless given `--personal` (issue #14).

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::{homebiz, load_examples, ok};

/// Somayeh Rezaei of household URM-DZS-00001, as the example data has her.
const NATIONAL_ID: &str = "0010000011";
const MOBILE: &str = "09141000001";

/// Every command whose JSON carries a person.
const COMMANDS: [&[&str]; 5] = [
    &["person", "show", NATIONAL_ID, "--json"],
    &["person", "find", "--national-id", NATIONAL_ID, "--json"],
    &["household", "show", "URM-DZS-00001", "--json"],
    &["find", "people", "سمیه رضایی", "--json"],
    &["find", "households", "--mobile", MOBILE, "--json"],
];

/// Whether `json` has a `field` key at any depth.
fn has_field(json: &serde_json::Value, field: &str) -> bool {
    match json {
        serde_json::Value::Object(map) => {
            map.contains_key(field) || map.values().any(|v| has_field(v, field))
        }
        serde_json::Value::Array(items) => items.iter().any(|v| has_field(v, field)),
        _ => false,
    }
}

#[test]
fn json_leaves_national_ids_and_mobiles_out_unless_personal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);

    for args in COMMANDS {
        let plain = ok(homebiz(&db, args));
        let value: serde_json::Value = serde_json::from_str(&plain).unwrap();
        for field in ["national_id", "mobile"] {
            assert!(!has_field(&value, field), "{args:?}: {field} in {plain}");
        }
        assert!(
            !plain.contains(NATIONAL_ID) && !plain.contains(&MOBILE[1..]),
            "{args:?}: {plain}"
        );
        // The rest of the person is still there.
        assert!(has_field(&value, "birth_date"), "{args:?}: {plain}");

        let mut personal = args.to_vec();
        personal.push("--personal");
        let full = ok(homebiz(&db, &personal));
        let value: serde_json::Value = serde_json::from_str(&full).unwrap();
        for field in ["national_id", "mobile"] {
            assert!(has_field(&value, field), "{args:?}: no {field} in {full}");
        }
        assert!(
            full.contains(NATIONAL_ID) && full.contains(&MOBILE[1..]),
            "{args:?}: {full}"
        );
    }
}

#[test]
fn personal_asks_for_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    // A usage error: the tables never show national IDs or mobiles.
    let out = homebiz(&db, &["person", "show", NATIONAL_ID, "--personal"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("required") && err.contains("--json"),
        "{err}"
    );
}

/// A person's history withholds the old and new national ID or mobile
/// (each `null`, the field still named) unless given `--personal`.
#[test]
fn history_json_withholds_mobiles_unless_personal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    ok(homebiz(
        &db,
        &["person", "edit", NATIONAL_ID, "mobile=09141234567"],
    ));
    let history = |personal: bool| {
        let mut args = vec!["person", "history", NATIONAL_ID, "--json"];
        if personal {
            args.push("--personal");
        }
        let out = ok(homebiz(&db, &args));
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let change = value["entries"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["change"]["changes"].as_array().unwrap().clone())
            .find(|c| c["field"] == "mobile")
            .unwrap();
        (out, change)
    };
    let (plain, change) = history(false);
    assert!(
        change["old"].is_null() && change["new"].is_null(),
        "{plain}"
    );
    assert!(
        !plain.contains(&MOBILE[1..]) && !plain.contains("9141234567"),
        "{plain}"
    );
    let (full, change) = history(true);
    assert_eq!(change["old"], MOBILE, "{full}");
    assert_eq!(change["new"], "09141234567", "{full}");
}
