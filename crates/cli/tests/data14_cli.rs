//! Wrong data the walkthrough found (issue #14), at the CLI: a report's
//! cut periods named by their months in every output form, the statement
//! dating a reversal as the reports count it, duplicate verdicts through
//! export and import, and households' personal fields only with
//! `--personal`.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{add_digikala, homebiz, import_likely_duplicate, load_examples, ok, sale_args};

const B2: &str = "URM-DZS-00002-B1";

fn ready(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("d.sqlite");
    load_examples(&db);
    add_digikala(&db);
    db
}

fn record(db: &Path, date: &str, id: &str) {
    ok(homebiz(db, &sale_args(B2, date, "3", "2,500,000", id)));
}

fn report(db: &Path, lang: &str, format: &str) -> String {
    ok(homebiz(
        db,
        &[
            "--lang",
            lang,
            "report",
            "income",
            "--period",
            "1404-03..1404-08",
            "--per",
            "quarter",
            "--by",
            "office",
            "--format",
            format,
        ],
    ))
}

/// `1404-03..1404-08 --per quarter`: the first quarter holds only
/// Khordad, autumn only Mehr and Aban. CSV and JSON name the months, the
/// table and the chart label them, in both languages.
#[test]
fn cut_quarters_are_named_by_their_months_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    for (date, id) in [
        ("1404-03-05", "S-1"),
        ("1404-05-05", "S-2"),
        ("1404-07-10", "S-3"),
        ("1404-08-10", "S-4"),
    ] {
        record(&db, date, id);
    }
    let csv = report(&db, "en", "csv");
    let periods: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(periods, ["1404-03", "1404-Q2", "1404-07..1404-08"], "{csv}");
    let json: serde_json::Value = serde_json::from_str(&report(&db, "en", "json")).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows[0]["period"], serde_json::json!({"month": "1404-03"}));
    assert_eq!(
        rows[2]["period"],
        serde_json::json!({"months": "1404-07..1404-08"})
    );
    let table = report(&db, "en", "table");
    assert!(
        table.contains("Khordad 1404") && table.contains("Mehr 1404 to Aban 1404"),
        "{table}"
    );
    assert!(
        !table.contains("Spring") && !table.contains("Autumn"),
        "{table}"
    );
    let fa = report(&db, "fa", "table");
    assert!(
        fa.contains("خرداد ۱۴۰۴") && fa.contains("مهر ۱۴۰۴ تا آبان ۱۴۰۴"),
        "{fa}"
    );
    let chart = dir.path().join("q.svg");
    ok(homebiz(
        &db,
        &[
            "report",
            "income",
            "--period",
            "1404-03..1404-08",
            "--per",
            "quarter",
            "--by",
            "office",
            "--out",
            chart.to_str().unwrap(),
        ],
    ));
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(
        svg.contains("Mehr 1404 to Aban 1404") && !svg.contains("Autumn"),
        "{svg}"
    );
}

/// The walkthrough: a sale of 1404-07-10 reversed today. The statement
/// places the reversal on 1404-07-10, as every report counts it, with the
/// day written on it beside; its running net at the end of 1404 is the
/// 1404 report's net.
#[test]
fn the_statement_dates_a_reversal_as_the_reports_count_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    record(&db, "1404-07-10", "R-1");
    record(&db, "1404-11-01", "S-2");
    ok(homebiz(
        &db,
        &["entry", "reverse", "R-1", "--reason", "goods returned"],
    ));
    let json: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["list", "statement", "--business", B2, "--json"],
    )))
    .unwrap();
    let lines = json["lines"].as_array().unwrap();
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["sale", "reversal", "sale"]);
    assert_eq!(lines[1]["counts_on"], "1404-07-10");
    assert_ne!(lines[1]["on"], "1404-07-10");
    let report: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[
            "report", "income", "--period", "1404", "--by", "business", "--format", "json",
        ],
    )))
    .unwrap();
    assert_eq!(lines[2]["running_net"], report["total"]["net"]);
    let table = ok(homebiz(&db, &["list", "statement", "--business", B2]));
    assert!(table.contains("written on"), "{table}");
    let fa = ok(homebiz(
        &db,
        &["--lang", "fa", "list", "statement", "--business", B2],
    ));
    assert!(fa.contains("تاریخ نوشته‌شده در سند"), "{fa}");
}

/// Export then import keeps a resolved flag's verdict: `export
/// duplicates` and `duplicates import`.
#[test]
fn duplicate_verdicts_survive_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    import_likely_duplicate(&db, dir.path());
    ok(homebiz(
        &db,
        &[
            "duplicates",
            "resolve",
            "0990000001",
            "same-person",
            "--note",
            "registered twice",
        ],
    ));
    let file = |kind: &str| dir.path().join(format!("x-{kind}.csv"));
    for kind in ["households", "people", "businesses", "duplicates"] {
        let out = file(kind);
        ok(homebiz(
            &db,
            &[
                "export",
                kind,
                "--office",
                "URM",
                "--personal",
                "--out",
                out.to_str().unwrap(),
            ],
        ));
    }
    let copy = dir.path().join("copy.sqlite");
    ok(homebiz(&copy, &["init"]));
    let offices = common::example_data().join("offices.csv");
    ok(homebiz(
        &copy,
        &["import", "offices", offices.to_str().unwrap()],
    ));
    for kind in ["households", "people", "businesses"] {
        ok(homebiz(
            &copy,
            &["import", kind, file(kind).to_str().unwrap()],
        ));
    }
    let out = ok(homebiz(
        &copy,
        &["duplicates", "import", file("duplicates").to_str().unwrap()],
    ));
    assert!(out.contains("1 row, 1 resolved, 0 unchanged"), "{out}");
    let list = |db: &Path| {
        let v: serde_json::Value = serde_json::from_str(&ok(homebiz(
            db,
            &["duplicates", "list", "--state", "all", "--json"],
        )))
        .unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["person"]["household_code"].clone(),
                    d["resembles"]["household_code"].clone(),
                    d["resolution"]["verdict"].clone(),
                    d["resolution"]["note"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(list(&copy), list(&db));
    let fa = ok(homebiz(
        &copy,
        &[
            "--lang",
            "fa",
            "duplicates",
            "import",
            file("duplicates").to_str().unwrap(),
        ],
    ));
    assert!(fa.contains("بی‌تغییر"), "{fa}");
}

/// `household list`, `household show` and `find households` leave the
/// address, baseline income and support out of tables and JSON unless
/// `--personal`, as `export` does.
#[test]
fn household_personal_fields_only_with_personal() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    let runs: [&[&str]; 3] = [
        &["household", "list", "--office", "URM-DZS"],
        &["household", "show", "URM-DZS-00001"],
        &["find", "households", "--mobile", "09141000001"],
    ];
    for args in runs {
        let json = |personal: bool| {
            let mut all = args.to_vec();
            all.push("--json");
            if personal {
                all.push("--personal");
            }
            ok(homebiz(&db, &all))
        };
        let (plain, full) = (json(false), json(true));
        for field in ["\"address\"", "\"baseline\"", "\"support\""] {
            assert!(!plain.contains(field), "{args:?}: {field} in {plain}");
            assert!(full.contains(field), "{args:?}: no {field} in {full}");
        }
    }
    let list = ok(homebiz(&db, &["household", "list", "--office", "URM-DZS"]));
    assert!(!list.contains("baseline income"), "{list}");
    let list = ok(homebiz(
        &db,
        &["household", "list", "--office", "URM-DZS", "--personal"],
    ));
    assert!(list.contains("baseline income"), "{list}");
    let show = ok(homebiz(&db, &["household", "show", "URM-DZS-00001"]));
    assert!(!show.contains("address"), "{show}");
    let found = ok(homebiz(
        &db,
        &["find", "households", "--mobile", "09141000001"],
    ));
    assert!(!found.contains("address"), "{found}");
    let found = ok(homebiz(
        &db,
        &[
            "find",
            "households",
            "--mobile",
            "09141000001",
            "--personal",
        ],
    ));
    assert!(found.contains("address"), "{found}");
}
