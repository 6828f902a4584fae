//! The ledger through the CLI refuses what would cost a programme its
//! numbers: a channel no one registered, amounts over the ledger's limit
//! (which would break every later report), a household baseline over the
//! registry's bound. Errors are one line, name the entry by the user's own
//! ID or the file's row and column, never the amount, and nothing is
//! written (issue #13).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{add_digikala, fail, homebiz, ledger_rows, load_examples, ok, report_1404};

fn ready(db: &Path) {
    load_examples(db);
    add_digikala(db);
}

fn revenue(db: &Path) -> i64 {
    report_1404(db)["total"]["revenue"]["amount"]
        .as_i64()
        .unwrap()
}

fn record(db: &Path, id: &str, channel: &str, price: &str) -> std::process::Output {
    homebiz(
        db,
        &[
            "sale",
            "record",
            "--business",
            "URM-DZS-00002-B1",
            "--channel",
            channel,
            "--date",
            "1404-07-10",
            "--quantity",
            "1",
            "--unit-price",
            price,
            "--id",
            id,
        ],
    )
}

#[test]
fn sale_over_the_limit_is_refused_and_reports_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    ready(&db);
    ok(record(&db, "R-1", "DIGIKALA", "7,500,000"));
    for id in ["R-2", "R-3"] {
        let err = fail(record(&db, id, "DIGIKALA", "9000000000000000000"));
        assert!(
            err.contains(&format!("entry {id}:")) && err.contains("unit price"),
            "{err}"
        );
        assert!(!err.contains("9000000000000000000"), "{err}");
    }
    // The largest gross the ledger takes, and twice it in two units: refused.
    ok(record(&db, "R-4", "DIGIKALA", "100,000,000,000"));
    let err = fail(homebiz(
        &db,
        &[
            "sale",
            "record",
            "--business",
            "URM-DZS-00002-B1",
            "--date",
            "1404-07-11",
            "--quantity",
            "2",
            "--unit-price",
            "100,000,000,000",
            "--id",
            "R-5",
        ],
    ));
    assert!(err.contains("entry R-5:"), "{err}");
    assert_eq!(ledger_rows(&db), 2);
    assert_eq!(revenue(&db), 7_500_000 + 100_000_000_000);
    // A conflict names the user's ID, not the UUID derived from it.
    let err = fail(record(&db, "R-1", "DIGIKALA", "7,500,001"));
    assert!(
        err.contains("entry R-1 was recorded with a different unit_price"),
        "{err}"
    );
    // So do reversals.
    let reverse = |id: &str| homebiz(&db, &["entry", "reverse", id, "--reason", "returned"]);
    let err = fail(reverse("NO-SUCH"));
    assert!(err.contains("entry NO-SUCH not found"), "{err}");
    ok(reverse("R-1"));
    let err = fail(reverse("R-1"));
    assert!(
        err.contains("entry R-1 cannot be reversed: it was reversed already"),
        "{err}"
    );
}

#[test]
fn sale_through_an_unknown_channel_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    ready(&db);
    let err = fail(record(
        &db,
        "R-1",
        "01a2300e-7c6f-7050-aac4-5b4808ff7188",
        "1000",
    ));
    assert!(err.contains("channel"), "{err}");
    let err = fail(record(&db, "R-1", "NO-SUCH", "1000"));
    assert!(err.contains("channel"), "{err}");
    assert_eq!(ledger_rows(&db), 0);
}

#[test]
fn sales_file_over_the_limit_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    ready(&db);
    let file = dir.path().join("sales.csv");
    std::fs::write(
        &file,
        "id,business,channel,date,quantity,unit_price\n\
         S-1,URM-DZS-00002-B1,DIGIKALA,1404-07-10,1,7500000\n\
         S-2,URM-DZS-00002-B1,DIGIKALA,1404-07-11,1,9000000000000000000\n\
         S-3,URM-DZS-00002-B1,DIGIKALA,1404-07-12,2,4611686018427387904\n",
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["sales", "import", file.to_str().unwrap(), "--batch", "1"],
    ));
    assert!(err.contains("row 3, column unit_price"), "{err}");
    assert!(!err.contains("9000000000000000000"), "{err}");
    assert_eq!(ledger_rows(&db), 0);
    // Skipping: the good row only.
    let rejects = dir.path().join("rejects.csv");
    ok(homebiz(
        &db,
        &[
            "sales",
            "import",
            file.to_str().unwrap(),
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    ));
    assert_eq!(ledger_rows(&db), 1);
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.contains("row 4, column unit_price"), "{text}");
    assert_eq!(revenue(&db), 7_500_000);
    // The same id with other content: named by the file's row and the
    // user's id, not the UUID derived from it.
    let again = dir.path().join("again.csv");
    std::fs::write(
        &again,
        "id,business,channel,date,quantity,unit_price\n\
         S-9,URM-DZS-00002-B1,DIGIKALA,1404-07-13,1,1000\n\
         S-1,URM-DZS-00002-B1,DIGIKALA,1404-07-10,2,7500000\n",
    )
    .unwrap();
    let err = fail(homebiz(&db, &["sales", "import", again.to_str().unwrap()]));
    assert!(
        err.contains("row 3, column quantity") && err.contains("S-1"),
        "{err}"
    );
    assert_eq!(ledger_rows(&db), 1);
}

#[test]
fn baseline_over_the_bound_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite");
    load_examples(&db);
    let file = dir.path().join("households.csv");
    std::fs::write(
        &file,
        "code,office_code,baseline_income_rial,baseline_survey_date\n\
         URM-DZS-09001,URM-DZS,62600000,1403/11/04\n\
         URM-DZS-09002,URM-DZS,9223372036854775807,1403/11/04\n",
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["import", "households", file.to_str().unwrap()],
    ));
    assert!(err.contains("row 3, column baseline_income_rial"), "{err}");
    assert!(!err.contains("9223372036854775807"), "{err}");
    // Nothing of the file was written.
    let err = fail(homebiz(&db, &["household", "show", "URM-DZS-09001"]));
    assert!(err.contains("not found"), "{err}");
}
