//! Numbers as staff type them, and amounts as the ledger can hold them
//! (issue #13, the walkthrough's last findings): market amounts bounded
//! like ledger entries, errors that say what is too large, Persian digits
//! and thousands separators in every number option, counts and windows
//! refused naming the option, and counts that agree with their noun.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{add_digikala, homebiz, ledger_rows, load_examples, ok};

fn ready(db: &Path) {
    load_examples(db);
    add_digikala(db);
}

/// The stderr of a refused run (clap's usage errors take several lines).
fn refused(output: std::process::Output) -> String {
    assert!(!output.status.success(), "{output:?}");
    assert!(output.stdout.is_empty());
    String::from_utf8(output.stderr).unwrap()
}

fn sale(db: &Path, quantity: &str, price: &str) -> std::process::Output {
    homebiz(
        db,
        &[
            "sale",
            "record",
            "--business",
            "URM-DZS-00002-B1",
            "--date",
            "1404-03-01",
            "--quantity",
            quantity,
            "--unit-price",
            price,
        ],
    )
}

/// Point 1: an order or an offer whose total could not be one ledger
/// entry is refused at import, naming the file, row and column.
#[test]
fn market_files_over_the_ledger_limit_are_refused_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    ready(&db);
    let orders = dir.path().join("orders.csv");
    std::fs::write(
        &orders,
        "code,buyer,category,quantity,unit,price_ceiling,due\n\
         S-1,School canteen,agro_processing,10,jar,2600000,1404-04-05\n\
         S-2,Wholesaler,agro_processing,3000000000,jar,2999999999,1404-04-05\n",
    )
    .unwrap();
    let err = refused(homebiz(
        &db,
        &["orders", "import", orders.to_str().unwrap()],
    ));
    assert!(
        err.contains("orders.csv: row 3, column price_ceiling: ")
            && err
                .contains("(quantity × price ceiling) is over the limit of 100,000,000,000 rials"),
        "{err}"
    );
    let offers = dir.path().join("offers.csv");
    std::fs::write(
        &offers,
        "business,category,capacity,unit_price\n\
         URM-DZS-00002-B1,agro_processing,3000000000,2999999999\n",
    )
    .unwrap();
    let err = refused(homebiz(
        &db,
        &["offers", "import", offers.to_str().unwrap()],
    ));
    assert!(
        err.contains("offers.csv: row 2, column unit_price: ")
            && err.contains("capacity × unit price is over the limit of 100,000,000,000 rials"),
        "{err}"
    );
    // Nothing was imported: matching finds no order.
    let out = ok(homebiz(&db, &["orders", "match", "--json"]));
    assert!(out.contains("\"fills\": []"), "{out}");
}

/// Point 2: what is too large is the gross, quantity × unit price, and
/// the message says so with the limit, never "overflow".
#[test]
fn a_gross_over_the_limit_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ready(&db);
    for (quantity, price) in [("3037000500", "3037000500"), ("2", "50,000,000,001")] {
        let err = refused(sale(&db, quantity, price));
        assert!(
            err.contains(
                "the sale's gross (quantity × unit price) is over the ledger's limit of \
                 100,000,000,000 rials"
            ),
            "{err}"
        );
        assert!(
            !err.contains("overflow") && !err.contains("3037000500"),
            "{err}"
        );
    }
    let file = dir.path().join("sales.csv");
    std::fs::write(
        &file,
        "id,business,date,quantity,unit_price\n\
         S-1,URM-DZS-00002-B1,1404-03-01,3037000500,3037000500\n",
    )
    .unwrap();
    let err = refused(homebiz(&db, &["sales", "import", file.to_str().unwrap()]));
    assert!(
        err.contains(
            "sales.csv: row 2, column unit_price: the sale's gross (quantity × unit price) is over"
        ),
        "{err}"
    );
    assert_eq!(ledger_rows(&db), 0);
}

/// Point 3: Persian and Arabic-Indic digits in every number option;
/// thousands separators only between groups of three.
#[test]
fn number_options_take_persian_digits_and_grouped_thousands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.sqlite");
    ready(&db);
    ok(sale(&db, "۳", "1,000"));
    ok(sale(&db, "٣", "۱٬۰۰۰"));
    ok(sale(&db, "3", "1_000"));
    assert_eq!(ledger_rows(&db), 3);
    for bad in ["1,00,0", "10,00", "1,000_000", "-1000", "1.000"] {
        let err = refused(sale(&db, "1", bad));
        assert!(err.contains("--unit-price"), "{bad}: {err}");
    }
    assert_eq!(ledger_rows(&db), 3);
    let err = refused(sale(&db, "1,0", "1000"));
    assert!(err.contains("--quantity"), "{err}");
    let out = ok(homebiz(
        &db,
        &[
            "loan",
            "schedule",
            "--principal",
            "۱۲٬۰۰۰٬۰۰۰",
            "--rate",
            "۴%",
            "--months",
            "۱۲",
            "--grace",
            "۲",
            "--from",
            "1404-01-01",
        ],
    ));
    assert!(out.contains("principal 12,000,000"), "{out}");
    let out = ok(homebiz(
        &db,
        &[
            "report",
            "indicators",
            "--office",
            "URM",
            "--as-of",
            "1404-03-01",
            "--months",
            "۳",
            "--window",
            "۶",
            "--threshold",
            "۲۶٬۰۰۰٬۰۰۰",
            "--linkage-months",
            "۲",
            "--min-change",
            "۲۵٫۵",
        ],
    ));
    assert!(out.contains("months 1403-10 to 1404-03"), "{out}");
}

/// Point 4: zero and out-of-range counts are refused naming the option
/// and the allowed range.
#[test]
fn counts_out_of_range_name_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    ready(&db);
    let indicators = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "indicators",
            "--office",
            "URM",
            "--as-of",
            "1404-03-01",
        ];
        args.extend_from_slice(extra);
        refused(homebiz(&db, &args))
    };
    let err = indicators(&["--months", "0"]);
    assert!(
        err.contains("'--months <MONTHS>': must be from 1 to 120"),
        "{err}"
    );
    let err = indicators(&["--window", "0"]);
    assert!(err.contains("'--window <WINDOW>'"), "{err}");
    assert!(!err.contains("household"), "{err}");
    let err = indicators(&["--months", "7", "--window", "6"]);
    assert!(
        err.contains("--months (7) must be from 1 to --window (6)"),
        "{err}"
    );
    let err = indicators(&["--window", "4"]);
    assert!(
        err.contains("--months (6 by default) must be from 1 to --window (4)"),
        "{err}"
    );
    let err = refused(homebiz(
        &db,
        &["linkage", "--office", "URM", "--months", "100000"],
    ));
    assert!(
        err.contains("'--months <MONTHS>': must be from 1 to 120"),
        "{err}"
    );
    for (args, option) in [
        (
            &[
                "loan",
                "schedule",
                "--principal",
                "1000",
                "--rate",
                "4%",
                "--months",
                "0",
            ][..],
            "--months",
        ),
        (
            &[
                "loan",
                "schedule",
                "--principal",
                "1000",
                "--rate",
                "4%",
                "--months",
                "12",
                "--grace",
                "25",
            ][..],
            "--grace",
        ),
        (
            &[
                "exhibition",
                "allocate",
                "--exhibition",
                "X",
                "--from",
                "1404-03-15",
                "--weeks",
                "0",
            ][..],
            "--weeks",
        ),
        (
            &[
                "apply",
                "--business",
                "URM-DZS-00002-B1",
                "--exhibition",
                "X",
                "--weeks",
                "14",
            ][..],
            "--weeks",
        ),
        (&["sales", "import", "x.csv", "--batch", "0"][..], "--batch"),
        (
            &[
                "report",
                "indicators",
                "--office",
                "URM",
                "--as-of",
                "1404-03-01",
                "--linkage-months",
                "0",
            ][..],
            "--linkage-months",
        ),
        (
            &[
                "sale",
                "record",
                "--business",
                "B",
                "--date",
                "1404-03-01",
                "--quantity",
                "0",
                "--unit-price",
                "1",
            ][..],
            "--quantity",
        ),
    ] {
        let err = refused(homebiz(&db, args));
        assert!(err.contains(&format!("'{option} <")), "{args:?}: {err}");
        assert!(err.contains("must be"), "{args:?}: {err}");
    }
}

/// Point 5: a count of one takes the singular.
#[test]
fn counts_agree_with_their_noun() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    ready(&db);
    let out = ok(homebiz(
        &db,
        &[
            "linkage",
            "--office",
            "URM",
            "--as-of",
            "1404-03-01",
            "--months",
            "1",
        ],
    ));
    assert!(out.trim_end().ends_with("(1 month)"), "{out}");
    let file = dir.path().join("sales.csv");
    std::fs::write(
        &file,
        "id,business,date,quantity,unit_price\nS-1,URM-DZS-00002-B1,1404-03-01,1,1000\n",
    )
    .unwrap();
    let out = ok(homebiz(&db, &["sales", "import", file.to_str().unwrap()]));
    assert!(
        out.contains("1 row, 1 recorded") && out.contains("in 1 batch"),
        "{out}"
    );
    assert!(
        !out.contains("1 rows") && !out.contains("1 batches"),
        "{out}"
    );
}
