//! What a new user's walkthrough of the CLI found (issue #14): charts
//! per period in calendar order, the built-in user named in the `by`
//! column, Jalali dates in every table, and one rule for tomans.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{add_digikala, add_terminal, homebiz, load_examples, ok, sale_args};

const DZS: &str = "URM-DZS-00001-B1";

/// A database in `dir` with the examples, DIGIKALA and the terminal.
fn ready(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    add_digikala(&db);
    add_terminal(&db);
    db
}

/// DZS sells `quantity` at `price` rials on `date`, under `id`.
fn record(db: &Path, date: &str, quantity: &str, price: &str, id: &str) {
    ok(homebiz(db, &sale_args(DZS, date, quantity, price, id)));
}

/// The y coordinate of the first `<text>` element of `svg` holding `label`.
fn y_of(svg: &str, label: &str) -> f64 {
    let at = svg
        .find(&format!(">\n{label}\n</text>"))
        .unwrap_or_else(|| panic!("no label {label} in {svg}"));
    let start = svg[..at].rfind("<text").unwrap();
    let element = &svg[start..at];
    let y = element.split(" y=\"").nth(1).unwrap();
    y[..y.find('"').unwrap()].parse().unwrap()
}

#[test]
fn the_income_chart_per_quarter_shows_the_quarters_in_calendar_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    // Spring sells little, summer much, autumn a middling amount: an order
    // by amount would put summer first.
    record(&db, "1404-02-10", "1", "1,000,000", "Q-1");
    record(&db, "1404-05-10", "9", "1,000,000", "Q-2");
    record(&db, "1404-08-10", "4", "1,000,000", "Q-3");
    let svg = dir.path().join("q.svg");
    let out = format!("--out={}", svg.display());
    let mut args: Vec<&str> = "report income --period 1404 --by channel --per quarter"
        .split(' ')
        .collect();
    args.push(&out);
    ok(homebiz(&db, &args));
    let text = std::fs::read_to_string(&svg).unwrap();
    let ys: Vec<f64> = ["Spring 1404", "Summer 1404", "Autumn 1404"]
        .iter()
        .map(|q| y_of(&text, &format!("DIGIKALA {q}")))
        .collect();
    // Top to bottom: spring, summer, autumn.
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
}

/// The CLI's built-in user (no `--user`, no `HOMEBIZ_ACTOR`).
const BUILT_IN: &str = "00000000-0000-7000-8000-000000000001";

#[test]
fn the_built_in_user_is_named_and_duplicates_show_jalali_days() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    record(&db, "1404-02-10", "1", "1,000,000", "W-1");
    let statement = ok(homebiz(&db, &["list", "statement", "--business", DZS]));
    assert!(statement.contains("programme"), "{statement}");
    assert!(!statement.contains(BUILT_IN), "{statement}");
    let fa = ok(homebiz(
        &db,
        &["--lang", "fa", "list", "statement", "--business", DZS],
    ));
    assert!(fa.contains("برنامه"), "{fa}");
    assert!(!fa.contains(BUILT_IN), "{fa}");
    // JSON keeps the ID.
    let json = ok(homebiz(
        &db,
        &["list", "statement", "--business", DZS, "--json"],
    ));
    assert!(json.contains(BUILT_IN), "{json}");

    // A likely duplicate, resolved by the built-in user on HOMEBIZ_NOW
    // (2025-06-01, 1404-03-11 in Iran).
    common::import_likely_duplicate(&db, dir.path());
    ok(homebiz(
        &db,
        &["duplicates", "resolve", "0990000001", "different-people"],
    ));
    let list = ok(homebiz(&db, &["duplicates", "list", "--state", "all"]));
    assert!(list.contains("by programme on 1404-03-11"), "{list}");
    assert!(
        !list.contains("2025-06-01") && !list.contains(BUILT_IN),
        "{list}"
    );
}

#[test]
fn tomans_are_shown_whole_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    // 100,000,000 rials at 4% over 12 months: instalments of 8,514,991
    // rials, which the old code showed as 851,499.1 toman.
    let args: Vec<&str> =
        "loan schedule --principal 100,000,000 --rate 4% --months 12 --from 1404-01-01"
            .split(' ')
            .collect();
    let rials = ok(homebiz(&db, &args));
    assert!(rials.contains("8,514,991"), "{rials}");
    let tomans = ok(homebiz(&db, &[&["--unit", "toman"], &args[..]].concat()));
    assert!(tomans.contains("851,499 "), "{tomans}");
    let fa = ok(homebiz(
        &db,
        &[&["--unit", "toman", "--lang", "fa"], &args[..]].concat(),
    ));
    assert!(fa.contains("۸۵۱٬۴۹۹ "), "{fa}");
    // A sale of 15 rials a unit: 2 toman (half away from zero), in the
    // statement and the report alike.
    record(&db, "1404-02-10", "1", "15", "T-1");
    for out in [
        ok(homebiz(
            &db,
            &["--unit", "toman", "list", "statement", "--business", DZS],
        )),
        ok(homebiz(
            &db,
            &["--unit", "toman", "report", "income", "--period", "1404-02"],
        )),
    ] {
        assert!(out.contains(" 2 "), "{out}");
        for text in [&tomans, &fa, &out] {
            // No amount with a decimal point (ASCII or Persian).
            let fraction = text.split(|c: char| c.is_whitespace()).any(|w| {
                w.contains('.') && w.chars().any(|c| c.is_ascii_digit()) || w.contains('٫')
            });
            assert!(!fraction, "{text}");
        }
    }
}

/// `recommend` gives every activity at least one reason, from the scoring:
/// with one activity that passes, min-max normalisation compares nothing
/// and every contribution is 0 (the old table left the cell empty).
#[test]
fn recommend_always_gives_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    // A household whose member sews at an advanced level.
    let extra = dir.path().join("extra.csv");
    std::fs::write(
        &extra,
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code,skills,hours_per_week,interests\n\
         0019999992,لیلا,کریمی,1365/02/02,female,,URM-DZS-00010,sewing:advanced,30,\n",
    )
    .unwrap();
    ok(homebiz(&db, &["import", "people", extra.to_str().unwrap()]));
    // A catalog of sewing alone.
    let all: serde_json::Value =
        serde_json::from_str(&ok(homebiz(&db, &["catalog", "list", "--json"]))).unwrap();
    let sewing = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "sewing")
        .unwrap();
    let catalog = dir.path().join("one.json");
    std::fs::write(
        &catalog,
        serde_json::json!({ "activities": [sewing] }).to_string(),
    )
    .unwrap();
    let args = [
        "recommend",
        "--household",
        "URM-DZS-00010",
        "--capital",
        "50000000",
        "--catalog",
        catalog.to_str().unwrap(),
    ];
    let table = ok(homebiz(&db, &args));
    assert!(
        table.contains("the only activity that meets every requirement"),
        "{table}"
    );
    let fa = ok(homebiz(&db, &[&["--lang", "fa"], &args[..]].concat()));
    assert!(fa.contains("تنها فعالیتی که همهٔ شرایط را دارد"), "{fa}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(homebiz(&db, &[&args[..], &["--json"]].concat()))).unwrap();
    assert_eq!(json["ranked"][0]["reasons"][0]["kind"], "only_candidate");
    // The default catalog: every row names at least one reason.
    let table = ok(homebiz(
        &db,
        &[
            "recommend",
            "--household",
            "URM-DZS-00010",
            "--capital",
            "50000000",
            "--top",
            "100",
            "--json",
        ],
    ));
    let json: serde_json::Value = serde_json::from_str(&table).unwrap();
    let ranked = json["ranked"].as_array().unwrap();
    assert!(ranked.len() > 1);
    assert!(
        ranked
            .iter()
            .all(|r| !r["reasons"].as_array().unwrap().is_empty())
    );
}
