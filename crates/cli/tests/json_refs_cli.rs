//! JSON names the records it references by code with the ID beside
//! (issue #14): no office, household, business, channel, exhibition or
//! partner field holds a bare UUID.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::{
    DZS, add_digikala, allocate_args, example_file, example_market, homebiz,
    import_likely_duplicate, load_examples, loan_json_args, ok,
};
use serde_json::Value;

/// The fields that reference another record.
const REFERENCES: &[&str] = &[
    "office",
    "parent",
    "household",
    "business",
    "channel",
    "exhibition",
    "partner",
];

/// Whether `text` is a UUID (8-4-4-4-12 hex digits).
fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The paths in `value` of reference fields holding a bare UUID, or an
/// object with an ID but no code.
fn bare_references(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                bare_references(item, &format!("{path}[{i}]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                let at = format!("{path}.{key}");
                // `business_id` beside `business` (a code) is named.
                let (name, coded) = match key.strip_suffix("_id") {
                    Some(name) => (
                        name,
                        fields
                            .get(name)
                            .and_then(Value::as_str)
                            .is_some_and(|code| !is_uuid(code)),
                    ),
                    None => (key.as_str(), false),
                };
                if REFERENCES.contains(&name) && !coded {
                    let bare = match field {
                        Value::String(text) => is_uuid(text),
                        Value::Object(inner) => {
                            inner.get("id").is_some() && inner.get("code").is_none()
                        }
                        _ => false,
                    };
                    if bare {
                        found.push(at.clone());
                    }
                }
                bare_references(field, &at, found);
            }
        }
        _ => {}
    }
}

#[test]
fn lists_name_offices_and_households_by_code_with_the_id_beside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.sqlite");
    load_examples(&db);
    import_likely_duplicate(&db, dir.path());
    for args in [
        &["office", "list", "--json"][..],
        &["household", "list", "--office", "URM", "--json"],
        &["business", "list", "--office", "URM", "--json"],
        &["household", "show", "URM-DZS-00001", "--json"],
        &["business", "show", "URM-DZS-00001-B1", "--json"],
        &["person", "show", "0010000011", "--json"],
        &["person", "show", "0010000011", "--json", "--personal"],
        &["person", "find", "--national-id", "0010000011", "--json"],
        &["find", "people", "سمیه", "--json"],
        &["find", "households", "--address", "کوچه 20", "--json"],
        &["list", "duplicates", "--json"],
        &["duplicates", "list", "--state", "all", "--json"],
    ] {
        let out: Value = serde_json::from_str(&ok(homebiz(&db, args))).unwrap();
        let mut bare = Vec::new();
        bare_references(&out, "", &mut bare);
        assert!(bare.is_empty(), "{args:?}: {bare:?}");
        assert!(
            out.to_string().contains(r#"{"code":"URM-"#),
            "{args:?}: {out}"
        );
    }
    let out: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["business", "list", "--office", "URM-DZS", "--json"],
    )))
    .unwrap();
    assert_eq!(out[0]["household"]["code"], "URM-DZS-00001");
    assert_eq!(out[0]["code"], "URM-DZS-00001-B1");
}

#[test]
fn a_bare_uuid_is_found() {
    let mut bare = Vec::new();
    let value = serde_json::json!({
        "office": {"code": "URM", "id": "01a23347-2abc-722f-b98f-0ba1786be563"},
        "rows": [{"household": "01a23347-2b5c-73ea-b44a-b7dcc0cbce3b"}],
        "business": {"id": "01a23347-2e37-758c-bd3f-952c0aaf7f8a"},
    });
    bare_references(&value, "", &mut bare);
    assert_eq!(bare, [".business", ".rows[0].household"]);
}

#[test]
fn market_and_ledger_json_name_what_they_reference_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    example_market(&db);
    add_digikala(&db);
    ok(homebiz(&db, &allocate_args("4")));
    ok(homebiz(
        &db,
        &["sales", "import", &example_file("sales.csv")],
    ));
    ok(homebiz(&db, &loan_json_args(DZS, "L-1")));
    for args in [
        &["channel", "list", "--json"][..],
        &["list", "exhibitions", "--json"],
        &["list", "applications", "--exhibition", "TERMINAL", "--json"],
        &["list", "orders", "--json"],
        &["list", "offers", "--json"],
        &["list", "partners", "--json"],
        &[
            "exhibition",
            "schedule",
            "--exhibition",
            "TERMINAL",
            "--json",
        ],
        &["orders", "match", "--json"],
        &["linkage", "--office", "URM", "--months", "3", "--json"],
        &["list", "statement", "--business", DZS, "--json"],
        &["loan", "show", "L-1", "--json"],
        &["report", "income", "--period", "1404", "--format", "json"],
        &[
            "report",
            "indicators",
            "--office",
            "URM-DZS",
            "--as-of",
            "1404-09-30",
            "--json",
        ],
    ] {
        let out: Value = serde_json::from_str(&ok(homebiz(&db, args))).unwrap();
        let mut bare = Vec::new();
        bare_references(&out, "", &mut bare);
        assert!(bare.is_empty(), "{args:?}: {bare:?}");
    }
}
