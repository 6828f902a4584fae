//! Snapshots of the income report as people read it: the table in English
//! and in Persian, CSV and JSON, on a small fixed ledger. A change to any
//! of them shows up as a snapshot diff to review (`cargo insta review`).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{homebiz, load_examples, ok};

/// The example registry and a few sales and costs of two businesses.
fn ledger(dir: &Path) -> PathBuf {
    let db = dir.join("s.sqlite");
    load_examples(&db);
    let sales = dir.join("sales.csv");
    std::fs::write(
        &sales,
        "id,business,date,quantity,unit_price,commission\n\
         S-1,URM-DZS-00001-B1,1404-01-10,4,1250000,0\n\
         S-2,URM-DZS-00001-B1,1404-02-03,2,1250000,225000\n\
         S-3,URM-DZS-00002-B1,1404-02-20,10,480000,0\n\
         S-4,URM-DZS-00002-B1,1404-04-02,6,480000,259200\n",
    )
    .unwrap();
    ok(homebiz(&db, &["sales", "import", sales.to_str().unwrap()]));
    db
}

fn report(db: &Path, args: &[&str]) -> String {
    let mut all = vec!["report", "income", "--period", "1404-01..1404-06"];
    all.extend_from_slice(args);
    ok(homebiz(db, &all))
}

#[test]
fn income_report_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path());
    insta::assert_snapshot!("by_month_en", report(&db, &[]));
    insta::assert_snapshot!("by_month_fa", report(&db, &["--lang", "fa"]));
    insta::assert_snapshot!(
        "by_activity_quarter_en",
        report(&db, &["--by", "activity", "--per", "quarter"])
    );
    insta::assert_snapshot!(
        "by_activity_quarter_fa",
        report(
            &db,
            &["--by", "activity", "--per", "quarter", "--lang", "fa"]
        )
    );
    insta::assert_snapshot!(
        "by_activity_csv_en",
        report(&db, &["--by", "activity", "--format", "csv"])
    );
    insta::assert_snapshot!(
        "by_activity_csv_fa",
        report(
            &db,
            &["--by", "activity", "--format", "csv", "--lang", "fa"]
        )
    );
    insta::assert_snapshot!("by_month_json", report(&db, &["--format", "json"]));
}
