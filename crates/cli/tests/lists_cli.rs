//! `homebiz list …` end to end on the example data: exhibitions,
//! applications by state, orders, offers, partners and a ledger statement;
//! a user acting for one office (`HOMEBIZ_OFFICE`) sees only its own
//! businesses' records.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{
    DZS, ESL, add_digikala, example_market, fail, homebiz, homebiz_env, load_examples, ok,
};
use serde_json::Value;

/// `homebiz --db DB ARGS…` acting for office `office`.
fn as_office(db: &Path, office: &str, args: &[&str]) -> Output {
    homebiz_env(db, &[("HOMEBIZ_OFFICE", office)], args)
}

fn json(out: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Each row's `name`: a text, or the code of a `{code, id}` reference.
fn field(rows: &[Value], name: &str) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let value = &r[name];
            value
                .as_str()
                .or_else(|| value["code"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn market_records_are_listed_within_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    let ids = example_market(&db);

    let exhibitions = json(&ok(homebiz(&db, &["list", "exhibitions", "--json"])));
    assert_eq!(field(&exhibitions, "channel"), ["TERMINAL"]);
    assert_eq!(exhibitions[0]["booths"], 12);

    // The lost application ID is found again, with business and category.
    let all = json(&ok(homebiz(
        &db,
        &["list", "applications", "--exhibition", "TERMINAL", "--json"],
    )));
    assert_eq!(field(&all, "business"), [DZS, ESL]);
    assert_eq!(field(&all, "id"), ids);
    assert_eq!(field(&all, "state"), ["pending", "approved"]);
    assert_eq!(all[0]["category"], "agro_processing");
    let pending = ok(homebiz(
        &db,
        &[
            "list",
            "applications",
            "--exhibition",
            "TERMINAL",
            "--state",
            "pending",
        ],
    ));
    assert!(
        pending.contains(&ids[0]) && !pending.contains(&ids[1]),
        "{pending}"
    );
    fail(homebiz(
        &db,
        &["list", "applications", "--exhibition", "NONE"],
    ));

    let orders = json(&ok(homebiz(&db, &["list", "orders", "--json"])));
    assert_eq!(orders.len(), 8);
    let offers = json(&ok(homebiz(&db, &["list", "offers", "--json"])));
    // Only businesses that may sell offer (#14).
    assert_eq!(offers.len(), 16);
    let dzs = json(&ok(homebiz(
        &db,
        &["list", "offers", "--office", "URM-DZS", "--json"],
    )));
    assert_eq!(dzs.len(), 9);
    assert!(field(&dzs, "office").iter().all(|o| o == "URM-DZS"));
    assert_eq!(
        json(&ok(homebiz(&db, &["list", "partners", "--json"]))).len(),
        0
    );

    // Office ESL's staff: their own application and offers only.
    let mine = json(&ok(as_office(
        &db,
        "URM-ESL",
        &["list", "applications", "--exhibition", "TERMINAL", "--json"],
    )));
    assert_eq!(field(&mine, "business"), [ESL]);
    let offers = json(&ok(as_office(
        &db,
        "URM-ESL",
        &["list", "offers", "--json"],
    )));
    assert!(!offers.is_empty());
    assert!(field(&offers, "office").iter().all(|o| o == "URM-ESL"));
    let err = fail(as_office(
        &db,
        "URM-ESL",
        &["list", "offers", "--office", "URM-DZS"],
    ));
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn a_statement_lists_entries_by_the_day_they_count_on_with_reversals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    load_examples(&db);
    add_digikala(&db);
    for (id, date, price) in [
        ("R-2", "1404-02-20", "1,000,000"),
        ("R-1", "1404-02-10", "2,500,000"),
    ] {
        ok(homebiz(
            &db,
            &[
                "sale",
                "record",
                "--business",
                DZS,
                "--channel",
                "DIGIKALA",
                "--date",
                date,
                "--quantity",
                "1",
                "--unit-price",
                price,
                "--commission",
                "0",
                "--id",
                id,
            ],
        ));
    }
    ok(homebiz(
        &db,
        &["entry", "reverse", "R-1", "--reason", "goods returned"],
    ));
    let statement: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["list", "statement", "--business", DZS, "--json"],
    )))
    .unwrap();
    let lines = statement["lines"].as_array().unwrap();
    let kinds: Vec<_> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    // The reversal counts on the day of the sale it cancels, as in every
    // report (issue #14), and keeps the day written on it.
    assert_eq!(kinds, ["sale", "reversal", "sale"]);
    let days: Vec<_> = lines
        .iter()
        .map(|l| l["counts_on"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["1404-02-10", "1404-02-10", "1404-02-20"]);
    assert_ne!(lines[1]["on"], lines[1]["counts_on"]);
    assert_eq!(lines[0]["reversed_by"], lines[1]["entry"]);
    assert_eq!(lines[1]["reverses"], lines[0]["entry"]);
    let running: Vec<_> = lines
        .iter()
        .map(|l| l["running_net"]["amount"].clone())
        .collect();
    assert_eq!(running[1], serde_json::json!(0), "{running:?}");
    assert_eq!(running[2], serde_json::json!(1_000_000), "{running:?}");
    let table = ok(homebiz(&db, &["list", "statement", "--business", DZS]));
    assert!(
        table.contains("reversed by") && table.contains("DIGIKALA"),
        "{table}"
    );

    // Another office's staff cannot read it.
    let err = fail(as_office(
        &db,
        "URM-ESL",
        &["list", "statement", "--business", DZS],
    ));
    assert!(err.contains("not found"), "{err}");
    ok(as_office(
        &db,
        "URM-DZS",
        &["list", "statement", "--business", DZS],
    ));
}

/// JSON names offices and exhibitions by code with the ID beside
/// (issue #14): an application's exhibition and office, an offer's office,
/// and `linkage`'s office.
#[test]
fn json_names_offices_and_exhibitions_with_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ids.sqlite");
    example_market(&db);
    let offices: Vec<Value> = json(&ok(homebiz(&db, &["office", "list", "--json"])));
    let office_id = |code: &str| -> String {
        offices
            .iter()
            .find(|o| o["code"] == code)
            .and_then(|o| o["id"].as_str())
            .unwrap_or_else(|| panic!("office {code} in {offices:?}"))
            .to_owned()
    };
    let exhibitions = json(&ok(homebiz(&db, &["list", "exhibitions", "--json"])));
    let all = json(&ok(homebiz(
        &db,
        &["list", "applications", "--exhibition", "TERMINAL", "--json"],
    )));
    for row in &all {
        assert_eq!(row["exhibition"], "TERMINAL");
        assert_eq!(row["exhibition_id"], exhibitions[0]["id"]);
        let office = row["office"].as_str().unwrap();
        assert_eq!(row["office_id"], office_id(office), "{row}");
    }
    let offers = json(&ok(homebiz(&db, &["list", "offers", "--json"])));
    assert!(
        offers
            .iter()
            .all(|o| o["office_id"] == office_id(o["office"].as_str().unwrap()))
    );
    let linkage: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[
            "linkage",
            "--office",
            "URM",
            "--as-of",
            "1404-03-01",
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(linkage["office"], "URM");
    assert_eq!(linkage["office_id"], office_id("URM"));
}
