//! `homebiz find people|households` end to end on SQLite, with a scoped
//! user (`HOMEBIZ_OFFICE`) who never sees another office's records.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{fail, homebiz, homebiz_env, load_examples, ok};

/// `homebiz --db DB ARGS…` acting for office `office`.
fn as_office(db: &Path, office: &str, args: &[&str]) -> Output {
    homebiz_env(db, &[("HOMEBIZ_OFFICE", office)], args)
}

/// The households' codes in a `find … --json` answer.
fn codes(out: &str, field: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(out).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let v = &m[field];
            v.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v["code"].as_str().unwrap().to_owned())
        })
        .collect()
}

const SOMAYEH_REZAEI: [&str; 4] = [
    "URM-DZS-00001",
    "URM-ESL-00032",
    "URM-ESL-00099",
    "URM-ESL-00100",
];

#[test]
fn people_and_households_are_found_within_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);

    // Arabic yeh, a diacritic, a ZWNJ, spaces, words in another order.
    for name in ["سمیه رضایی", "سميه رضايي", "رضایی  سُمیه", "سمیه‌رضایی"]
    {
        let out = ok(homebiz(&db, &["find", "people", name, "--json"]));
        assert_eq!(codes(&out, "household_code"), SOMAYEH_REZAEI, "{name}");
    }
    // Hamza-yeh for yeh (رضائی), an alef with hamza: one spelling.
    for name in ["سمیه رضائی", "سميه رضائي", "سمیه، رضايی"] {
        let out = ok(homebiz(&db, &["find", "people", name, "--json"]));
        assert_eq!(codes(&out, "household_code"), SOMAYEH_REZAEI, "{name}");
    }
    // The address is "دیزج سیاوش، کوچه 20": without the comma, with
    // Persian digits, with other punctuation.
    for address in ["دیزج سیاوش کوچه ۲۰", "سیاوش - کوچه (20)", "سیاوش،کوچه"]
    {
        let out = ok(homebiz(
            &db,
            &["find", "households", "--address", address, "--json"],
        ));
        assert!(
            codes(&out, "household").contains(&"URM-DZS-00001".to_owned()),
            "{address}: {out}"
        );
    }
    let table = ok(homebiz(
        &db,
        &["find", "people", "سمیه رضا", "--office", "URM-DZS"],
    ));
    assert!(table.contains("URM-DZS-00001"), "{table}");
    assert!(!table.contains("URM-ESL"), "{table}");

    let by_mobile = ok(homebiz(
        &db,
        &[
            "find",
            "households",
            "--mobile",
            "+98 914 100 0001",
            "--json",
        ],
    ));
    assert_eq!(codes(&by_mobile, "household"), ["URM-DZS-00001"]);
    let by_address = ok(homebiz(
        &db,
        &[
            "find",
            "households",
            "--address",
            "كوچه 20",
            "--office",
            "URM-DZS",
        ],
    ));
    assert!(by_address.contains("URM-DZS-00001"), "{by_address}");
    assert!(!by_address.contains("URM-ESL"), "{by_address}");
    let err = fail(homebiz(&db, &["find", "households", "--mobile", "12"]));
    assert!(err.contains("mobile"), "{err}");
    // One of --name, --mobile, --address is required (a usage error).
    assert!(
        !homebiz(&db, &["find", "households", "--office", "URM"])
            .status
            .success()
    );

    // Office ESL's staff: their own people only, and no way into DZS.
    let out = ok(as_office(
        &db,
        "URM-ESL",
        &["find", "people", "سمیه رضایی", "--json"],
    ));
    assert_eq!(codes(&out, "household_code"), &SOMAYEH_REZAEI[1..]);
    let out = ok(as_office(
        &db,
        "URM-ESL",
        &["find", "households", "--mobile", "09141000001", "--json"],
    ));
    assert_eq!(out.trim(), "[]");
    let out = ok(as_office(
        &db,
        "URM-ESL",
        &["find", "households", "--address", "کوچه 20"],
    ));
    assert!(
        !out.contains("URM-DZS") && !out.contains("URM-TRZ"),
        "{out}"
    );
    assert!(out.contains("URM-ESL-00030"), "{out}");
    for args in [
        ["find", "people", "رضایی", "--office", "URM-DZS"].as_slice(),
        &["find", "households", "--name", "رضایی", "--office", "URM"],
    ] {
        let err = fail(as_office(&db, "URM-ESL", args));
        assert!(err.contains("not found"), "{err}");
    }
}

#[test]
fn duplicates_are_listed_within_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    load_examples(&db);
    // Somayeh Rezaei of URM-DZS-00001 again (Arabic yeh), in another
    // household of the same office: a likely duplicate, flagged.
    common::import_likely_duplicate(&db, dir.path());
    let out = ok(homebiz(&db, &["list", "duplicates", "--json"]));
    let groups: serde_json::Value = serde_json::from_str(&out).unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 1, "{out}");
    assert_eq!(groups[0]["office_code"], "URM-DZS");
    let households: Vec<_> = groups[0]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["household_code"].as_str().unwrap())
        .collect();
    assert_eq!(households, ["URM-DZS-00001", "URM-DZS-00002"]);
    let table = ok(homebiz(&db, &["list", "duplicates"]));
    assert!(table.contains("URM-DZS-00002"), "{table}");
    // Another office's staff see no group; the office's own staff do.
    let none = ok(as_office(&db, "URM-ESL", &["list", "duplicates", "--json"]));
    assert_eq!(none.trim(), "[]");
    let mine = ok(as_office(&db, "URM-DZS", &["list", "duplicates", "--json"]));
    assert_ne!(mine.trim(), "[]");
}
