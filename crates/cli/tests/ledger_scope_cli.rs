//! The income commands as a user acting for one office (`HOMEBIZ_OFFICE`):
//! nothing of another office's businesses can be recorded, reversed,
//! imported, reported or seen, and every write records the acting user
//! (`HOMEBIZ_ACTOR`).

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{
    example_data, fail, homebiz, homebiz_env, load_with_channels, loan_json_args, ok, report_1404,
};
use serde_json::Value;

const DZS: &str = "URM-DZS-00001-B1";
const ESL: &str = "URM-ESL-00003-B1";
/// The user acting for office URM-DZS.
const CLERK: &str = "0190f3a4-1111-7000-8000-000000000042";
/// The CLI's default, unrestricted user.
const ADMIN: &str = "00000000-0000-7000-8000-000000000001";

/// `homebiz --db DB ARGS…` as the clerk of office URM-DZS.
fn as_dzs(db: &Path, args: &[&str]) -> Output {
    homebiz_env(
        db,
        &[("HOMEBIZ_OFFICE", "URM-DZS"), ("HOMEBIZ_ACTOR", CLERK)],
        args,
    )
}

fn sale<'a>(business: &'a str, id: &'a str) -> Vec<&'a str> {
    let mut args = common::sale_args(business, "1404-02-10", "2", "1,000,000", id);
    args.push("--json");
    args
}

/// The programme's revenue in 1404, as the unrestricted user sees it.
fn revenue(db: &Path) -> i64 {
    report_1404(db)["total"]["revenue"]["amount"]
        .as_i64()
        .unwrap()
}

#[test]
fn an_office_records_and_reverses_only_its_own_sales_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    load_with_channels(&db);

    let err = fail(as_dzs(&db, &sale(ESL, "R-E")));
    assert!(err.contains(&format!("business {ESL} not found")), "{err}");
    assert_eq!(revenue(&db), 0);

    let mine: Value = serde_json::from_str(&ok(as_dzs(&db, &sale(DZS, "R-1")))).unwrap();
    assert_eq!(mine["by"], CLERK);
    assert_eq!(mine["business_code"], DZS);
    assert_eq!(mine["entry"]["key"], "R-1");
    let theirs: Value = serde_json::from_str(&ok(homebiz(&db, &sale(ESL, "R-E")))).unwrap();
    assert_eq!(theirs["by"], ADMIN);
    assert_eq!(revenue(&db), 4_000_000);

    // Another office's entry is not found, by key or by ID.
    let err = fail(as_dzs(
        &db,
        &["entry", "reverse", "R-E", "--reason", "typo"],
    ));
    assert!(err.contains("entry R-E not found"), "{err}");
    let id = theirs["entry"]["id"].as_str().unwrap();
    let err = fail(as_dzs(&db, &["entry", "reverse", id, "--reason", "typo"]));
    assert!(
        err.contains(&format!("entry with ID {id} not found")),
        "{err}"
    );
    assert_eq!(revenue(&db), 4_000_000);

    let out = ok(as_dzs(
        &db,
        &["entry", "reverse", "R-1", "--reason", "typo"],
    ));
    assert!(out.starts_with("entry R-1 reversed by entry"), "{out}");
    assert_eq!(revenue(&db), 2_000_000);

    // The statement: the user's keys, and who recorded each line.
    let statement: Value = serde_json::from_str(&ok(as_dzs(
        &db,
        &["list", "statement", "--business", DZS, "--json"],
    )))
    .unwrap();
    let lines = statement["lines"].as_array().unwrap();
    assert_eq!(lines[0]["key"], "R-1");
    assert!(lines.iter().all(|l| l["by"] == CLERK), "{lines:?}");
    let table = ok(as_dzs(&db, &["list", "statement", "--business", DZS]));
    assert!(table.contains("R-1") && table.contains(CLERK), "{table}");
    assert!(table.contains("reverses R-1"), "{table}");
    let err = fail(as_dzs(&db, &["list", "statement", "--business", ESL]));
    assert!(err.contains(&format!("business {ESL} not found")), "{err}");
}

#[test]
fn an_office_imports_only_its_own_businesses_sales() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    load_with_channels(&db);
    let sales = example_data().join("sales.csv");
    let text = std::fs::read_to_string(&sales).unwrap();
    let rows = text.lines().count() - 1;
    let own = text
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1).unwrap().starts_with("URM-DZS-"))
        .count();
    assert!(own > 0 && own < rows);

    let err = fail(as_dzs(&db, &["sales", "import", sales.to_str().unwrap()]));
    assert!(err.contains("column business: business "), "{err}");
    assert_eq!(revenue(&db), 0);

    let rejects = dir.path().join("rejects.csv");
    let out = ok(as_dzs(
        &db,
        &[
            "sales",
            "import",
            sales.to_str().unwrap(),
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    ));
    assert!(
        out.contains(&format!(
            "{rows} rows, {own} recorded, 0 existing, {} rejected",
            rows - own
        )),
        "{out}"
    );
    // Who imported: the clerk, on every line of an imported business.
    let statement: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["list", "statement", "--business", DZS, "--json"],
    )))
    .unwrap();
    let lines = statement["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l["by"] == CLERK), "{lines:?}");
    assert!(lines[0]["key"].as_str().unwrap().starts_with("S-"));
}

#[test]
fn reports_and_indicators_show_an_office_only_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    load_with_channels(&db);
    ok(homebiz(&db, &sale(DZS, "R-1")));
    ok(homebiz(&db, &sale(ESL, "R-E")));

    let report = |out: Output| -> Value { serde_json::from_str(&ok(out)).unwrap() };
    let args = [
        "report", "income", "--period", "1404", "--by", "business", "--format", "json",
    ];
    let all = report(homebiz(&db, &args));
    assert_eq!(all["total"]["revenue"]["amount"], 4_000_000);
    // Keys by code, with the ID beside; the total over the whole year.
    let codes: Vec<&str> = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, [DZS, ESL]);
    assert!(all["rows"][0]["key"]["id"].is_string());
    assert_eq!(all["total"]["period"]["year"], 1404);

    let mine = report(as_dzs(&db, &args));
    assert_eq!(mine["total"]["revenue"]["amount"], 2_000_000);
    assert_eq!(mine["rows"].as_array().unwrap().len(), 1);
    assert_eq!(mine["rows"][0]["key"]["code"], DZS);
    let csv = ok(as_dzs(
        &db,
        &[
            "report", "income", "--period", "1404", "--by", "office", "--format", "csv",
        ],
    ));
    assert!(csv.contains("URM-DZS") && !csv.contains("URM-ESL"), "{csv}");

    for args in [
        &[
            "report", "income", "--period", "1404", "--office", "URM-ESL",
        ][..],
        &[
            "report",
            "indicators",
            "--office",
            "URM-ESL",
            "--as-of",
            "1404-03-10",
        ][..],
        &[
            "report", "income", "--period", "1404", "--office", "URM-CITY",
        ][..],
    ] {
        let err = fail(as_dzs(&db, args));
        assert!(
            err.contains("not found") && err.contains("office URM-"),
            "{err}"
        );
    }
    let indicators = report(as_dzs(
        &db,
        &[
            "report",
            "indicators",
            "--office",
            "URM-DZS",
            "--as-of",
            "1404-03-10",
            "--json",
        ],
    ));
    let households: Vec<&str> = indicators
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["household"]["code"].as_str().unwrap())
        .collect();
    assert!(!households.is_empty());
    assert!(
        households.iter().all(|h| h.starts_with("URM-DZS-")),
        "{households:?}"
    );
}

#[test]
fn loans_are_added_and_shown_within_scope_with_who_added_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    load_with_channels(&db);
    let err = fail(as_dzs(&db, &loan_json_args(ESL, "L-E")));
    assert!(err.contains(&format!("business {ESL} not found")), "{err}");
    let loan: Value = serde_json::from_str(&ok(as_dzs(&db, &loan_json_args(DZS, "L-1")))).unwrap();
    assert_eq!(loan["loan"]["by"], CLERK);
    assert_eq!(loan["business"]["code"], DZS);
    assert_eq!(loan["status"]["arrears"]["amount"], 2_000_000);
    let err = fail(as_dzs(&db, &loan_json_args(DZS, "L-1")));
    assert!(err.contains("L-1 exists already"), "{err}");
    ok(homebiz(&db, &loan_json_args(ESL, "L-E")));

    let err = fail(as_dzs(&db, &["loan", "show", "L-E"]));
    assert!(err.contains("loan L-E not found"), "{err}");
    let shown = ok(as_dzs(
        &db,
        &["loan", "show", "L-1", "--as-of", "1404-02-10"],
    ));
    assert!(
        shown.starts_with(&format!("loan L-1 of business {DZS}")),
        "{shown}"
    );
    assert!(shown.contains("arrears 1,000,000"), "{shown}");
}

/// Who recorded a sale, a reversal or a loan is shown by the configured
/// user's code beside the ID (issue #14), and the sale names its channel
/// by code; an actor that is not a configured user is shown by ID.
#[test]
fn ledger_output_names_the_configured_user_and_the_channel() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.sqlite");
    load_with_channels(&db);
    ok(homebiz(
        &db,
        &["user", "add", "sara", "--office", "URM-DZS"],
    ));
    let as_sara = |args: &[&str]| homebiz_env(&db, &[("HOMEBIZ_USER", "sara")], args);

    let sold: Value = serde_json::from_str(&ok(as_sara(&sale(DZS, "R-1")))).unwrap();
    let sara = sold["by"].as_str().unwrap().to_owned();
    assert_eq!(sold["by_user"], "sara", "{sold}");
    assert_eq!(sold["business_code"], DZS);
    assert_eq!(sold["channel_code"], "DIGIKALA", "{sold}");
    // The channel and the business by code with the ID beside (#14).
    assert_eq!(sold["channel"]["code"], "DIGIKALA", "{sold}");
    assert!(
        sold["channel"]["id"].is_string(),
        "the channel's ID stays: {sold}"
    );
    assert_eq!(sold["business"]["code"], DZS, "{sold}");
    assert_eq!(
        sold["entry"]["body"]["business"], sold["business"],
        "{sold}"
    );
    assert_eq!(sold["entry"]["body"]["channel"], sold["channel"], "{sold}");
    // The default user is not a configured one: its ID, no code.
    let admin: Value = serde_json::from_str(&ok(homebiz(&db, &sale(DZS, "R-2")))).unwrap();
    assert_eq!(admin["by"], ADMIN);
    assert!(admin["by_user"].is_null(), "{admin}");

    ok(as_sara(&["entry", "reverse", "R-1", "--reason", "typo"]));
    let statement: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["list", "statement", "--business", DZS, "--json"],
    )))
    .unwrap();
    let lines = statement["lines"].as_array().unwrap();
    let by_sara: Vec<&Value> = lines.iter().filter(|l| l["by"] == sara.as_str()).collect();
    assert_eq!(by_sara.len(), 2, "the sale and its reversal: {lines:?}");
    assert!(by_sara.iter().all(|l| l["by_user"] == "sara"), "{lines:?}");
    // The channel by code, with its ID beside it.
    let through: Vec<&Value> = lines
        .iter()
        .filter(|l| l["channel"] == "DIGIKALA")
        .collect();
    assert!(!through.is_empty(), "{lines:?}");
    assert!(
        through.iter().all(|l| l["channel_id"].is_string()),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .filter(|l| l["channel"].is_null())
            .all(|l| l["channel_id"].is_null()),
        "{lines:?}"
    );
    let table = ok(homebiz(&db, &["list", "statement", "--business", DZS]));
    let r1 = table.lines().find(|l| l.contains("R-1")).unwrap();
    assert!(r1.contains("sara") && !r1.contains(&sara), "{table}");
    let r2 = table.lines().find(|l| l.contains("R-2")).unwrap();
    // The CLI's built-in user is named, not shown by ID (issue #14).
    assert!(r2.contains("programme") && !r2.contains(ADMIN), "{table}");

    let loan: Value = serde_json::from_str(&ok(as_sara(&loan_json_args(DZS, "L-1")))).unwrap();
    assert_eq!(loan["loan"]["by"], sara.as_str());
    assert_eq!(loan["by_user"], "sara", "{loan}");
    let shown: Value =
        serde_json::from_str(&ok(homebiz(&db, &["loan", "show", "L-1", "--json"]))).unwrap();
    assert_eq!(shown["by_user"], "sara", "{shown}");
}
