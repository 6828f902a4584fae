//! The income commands end to end: sales imported idempotently in batches,
//! bad rows refused or skipped, a sale recorded and its conflicting twin
//! refused, reversals, reports in every format and language, indicators,
//! loan schedules; and imports killed at random points, many times, that
//! leave a sound database holding whole acknowledged batches only.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    INDICATORS_DZS, LOAN_SCHEDULE_1404, example_data, fail, homebiz, ledger_rows,
    load_with_channels, ok, report_1404,
};
use serde_json::Value;

fn sales_file() -> String {
    example_data()
        .join("sales.csv")
        .to_str()
        .unwrap()
        .to_owned()
}

fn net_total(db: &Path) -> i64 {
    report_1404(db)["total"]["net"]["amount"].as_i64().unwrap()
}

/// The database's integrity check and the ledger's row count.
fn count_entries(db: &Path) -> (String, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (integrity, ledger_rows(db))
}

#[test]
fn sales_import_is_idempotent_and_refuses_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.sqlite");
    load_with_channels(&db);
    let out = ok(homebiz(
        &db,
        &["sales", "import", &sales_file(), "--batch", "250"],
    ));
    let rows = std::fs::read_to_string(sales_file())
        .unwrap()
        .lines()
        .count()
        - 1;
    assert!(
        out.contains(&format!("{rows} rows, {rows} recorded, 0 existing")),
        "{out}"
    );
    let again = ok(homebiz(&db, &["sales", "import", &sales_file()]));
    assert!(
        again.contains(&format!("0 recorded, {rows} existing")),
        "{again}"
    );
    let (_, entries) = count_entries(&db);
    assert_eq!(entries as usize, rows);

    // A bad row refuses the file: nothing is written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "id,business,date,quantity,unit_price\nX-1,URM-DZS-00001-B1,1404-05-01,2,100000\n\
         X-2,URM-DZS-00001-B1,1404-05-01,0,100000\nX-3,NOPE,1404-05-01,1,100000\n",
    )
    .unwrap();
    let err = fail(homebiz(&db, &["sales", "import", bad.to_str().unwrap()]));
    assert!(
        err.contains("bad.csv: row 3, column quantity: must be at least 1"),
        "{err}"
    );
    assert_eq!(count_entries(&db).1 as usize, rows);
    // Skipped instead: the good row goes in, the bad ones to the rejects.
    let rejects = dir.path().join("rejects.csv");
    let out = ok(homebiz(
        &db,
        &[
            "sales",
            "import",
            bad.to_str().unwrap(),
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    ));
    assert!(
        out.contains("3 rows, 1 recorded, 0 existing, 2 rejected"),
        "{out}"
    );
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(rejected.lines().count(), 3, "{rejected}");
    assert!(
        rejected.contains("column business: business "),
        "{rejected}"
    );
}

#[test]
fn sales_conflicts_reversals_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.sqlite");
    load_with_channels(&db);
    let sale = |quantity: &str| {
        homebiz(
            &db,
            &[
                "sale",
                "record",
                "--business",
                "URM-DZS-00001-B1",
                "--channel",
                "DIGIKALA",
                "--date",
                "1404-07-10",
                "--quantity",
                quantity,
                "--unit-price",
                "2,500,000",
                "--commission",
                "562500",
                "--id",
                "R-1",
                "--json",
            ],
        )
    };
    let recorded: Value = serde_json::from_str(&ok(sale("3"))).unwrap();
    assert_eq!(recorded["seq"], 1);
    // The same again is a no-op; another quantity under the same ID is a conflict.
    let again: Value = serde_json::from_str(&ok(sale("3"))).unwrap();
    assert_eq!(again, recorded);
    let err = fail(sale("4"));
    assert!(
        err.contains("was recorded with a different quantity"),
        "{err}"
    );
    let before = net_total(&db);
    assert_eq!(before, 3 * 2_500_000 - 562_500);

    // Reports: JSON, CSV, tables in both languages, several groupings.
    let csv = ok(homebiz(
        &db,
        &[
            "report", "income", "--period", "1404-07", "--by", "business", "--format", "csv",
        ],
    ));
    assert_eq!(
        csv.lines().next().unwrap(),
        "period,business,revenue,commission,costs,fees,net"
    );
    assert!(
        csv.contains("1404-07,URM-DZS-00001-B1,7500000,562500,0,0,6937500"),
        "{csv}"
    );
    let fa = ok(homebiz(
        &db,
        &[
            "report", "income", "--period", "1404", "--per", "quarter", "--by", "channel",
            "--lang", "fa",
        ],
    ));
    assert!(fa.contains("پاییز ۱۴۰۴") && fa.contains("DIGIKALA"), "{fa}");
    assert!(fa.contains("۶٬۹۳۷٬۵۰۰"), "{fa}");
    let by_activity = ok(homebiz(
        &db,
        &[
            "report", "income", "--period", "1404-07", "--by", "activity", "--office", "URM-DZS",
        ],
    ));
    assert!(by_activity.contains("total"), "{by_activity}");

    // A chart: an SVG file with Jalali months by name.
    let svg = dir.path().join("net.svg");
    let out = ok(homebiz(
        &db,
        &[
            "report",
            "income",
            "--period",
            "1404-06..1404-08",
            "--by",
            "channel",
            "--format",
            "svg",
            "--out",
            svg.to_str().unwrap(),
        ],
    ));
    assert!(out.starts_with("wrote "), "{out}");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Mehr") && text.contains("DIGIKALA"));
    let err = fail(homebiz(
        &db,
        &["report", "income", "--period", "1404", "--format", "svg"],
    ));
    assert!(err.contains("--format svg needs --out FILE"), "{err}");

    // Reversing the sale returns every total to zero.
    let out = ok(homebiz(
        &db,
        &[
            "entry",
            "reverse",
            "R-1",
            "--reason",
            "returned goods",
            "--date",
            "1404-08-01",
        ],
    ));
    assert!(out.contains("reversed by entry"), "{out}");
    assert_eq!(net_total(&db), 0);
    let err = fail(homebiz(
        &db,
        &["entry", "reverse", "R-1", "--reason", "again"],
    ));
    assert!(
        err.contains("cannot be reversed: it was reversed already"),
        "{err}"
    );
    let err = fail(homebiz(&db, &["report", "income", "--period", "1404-13"]));
    assert!(err.contains("--period"), "{err}");
}

#[test]
fn indicators_and_loan_schedules() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.sqlite");
    load_with_channels(&db);
    ok(homebiz(&db, &["sales", "import", &sales_file()]));
    let v: Value =
        serde_json::from_str(&ok(homebiz(&db, &[INDICATORS_DZS, &["--json"]].concat()))).unwrap();
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert!(r["graduation"]["criteria"].as_array().unwrap().len() == 3);
        assert!(r["linked"].is_boolean());
    }
    let table = ok(homebiz(&db, INDICATORS_DZS));
    assert!(table.contains("households with a business"), "{table}");
    // A lower bar, set on the command line, makes some sustained.
    let loose: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[
            INDICATORS_DZS,
            &[
                "--threshold",
                "1,000,000",
                "--months",
                "1",
                "--window",
                "9",
                "--json",
            ],
        ]
        .concat(),
    )))
    .unwrap();
    let sustained = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["sustained"] == true)
            .count()
    };
    assert!(
        sustained(&loose) > sustained(&v),
        "{} vs {}",
        sustained(&loose),
        sustained(&v)
    );

    let s: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[LOAN_SCHEDULE_1404, &["--grace", "3", "--json"]].concat(),
    )))
    .unwrap();
    let amounts: i64 = s["instalments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["amount"]["amount"].as_i64().unwrap())
        .sum();
    let total = s["total"]["amount"].as_i64().unwrap();
    assert_eq!(amounts, total);
    let err = fail(homebiz(
        &db,
        &[
            "loan",
            "schedule",
            "--principal",
            "1000",
            "--rate",
            "150%",
            "--months",
            "12",
        ],
    ));
    assert!(err.contains("invalid annual rate"), "{err}");
}

/// Kills `sales import` at random points, many times: every time the
/// database passes `integrity_check` and holds whole batches only, at least
/// every batch the child acknowledged, and exactly the file's first rows.
#[test]
fn a_killed_sales_import_keeps_whole_acknowledged_batches() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.sqlite");
    load_with_channels(&base);
    // 12,000 sales of one business, in batches of 400.
    let big = dir.path().join("big.csv");
    let mut text = String::from("id,business,date,quantity,unit_price\n");
    for i in 1..=12_000 {
        text.push_str(&format!(
            "K-{i:05},URM-DZS-00001-B1,1404-{:02}-{:02},1,{}\n",
            1 + i % 12,
            1 + i % 28,
            100_000 + i
        ));
    }
    std::fs::write(&big, text).unwrap();
    let batch = 400i64;
    let started = Instant::now();
    let whole = dir.path().join("whole.sqlite");
    std::fs::copy(&base, &whole).unwrap();
    ok(homebiz(
        &whole,
        &["sales", "import", big.to_str().unwrap(), "--batch", "400"],
    ));
    let took = started.elapsed();

    let mut mid_way = 0;
    for attempt in 0..10u32 {
        let db = dir.path().join(format!("killed-{attempt}.sqlite"));
        std::fs::copy(&base, &db).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_homebiz"))
            .arg("--db")
            .arg(&db)
            .args(["sales", "import", big.to_str().unwrap(), "--batch", "400"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read acknowledgements on another thread while the child runs.
        let stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.starts_with("committed batch"))
                .count() as i64
        });
        std::thread::sleep(took.mul_f64(f64::from(attempt) / 9.0) + Duration::from_millis(5));
        child.kill().ok(); // SIGKILL; it may have finished already
        child.wait().unwrap();
        let acknowledged = reader.join().unwrap();
        let (integrity, entries) = count_entries(&db);
        assert_eq!(integrity, "ok", "attempt {attempt}");
        assert!(
            entries % batch == 0 || entries == 12_000,
            "attempt {attempt}: {entries} entries"
        );
        assert!(
            entries >= acknowledged * batch,
            "attempt {attempt}: {entries} < {acknowledged} batches"
        );
        assert!(
            entries <= (acknowledged + 1) * batch || entries == 12_000,
            "attempt {attempt}"
        );
        // Exactly the first rows of the file: the last id present is K-<entries>.
        if entries > 0 {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let max_price: i64 = conn
                .query_row("SELECT MAX(unit_price) FROM ledger", [], |r| r.get(0))
                .unwrap();
            assert_eq!(max_price, 100_000 + entries, "attempt {attempt}");
        }
        if entries > 0 && entries < 12_000 {
            mid_way += 1;
        }
        // Importing again completes the file, adding nothing twice.
        let out = ok(homebiz(
            &db,
            &["sales", "import", big.to_str().unwrap(), "--batch", "400"],
        ));
        assert!(out.contains(&format!("{} existing", entries)), "{out}");
        assert_eq!(count_entries(&db), ("ok".into(), 12_000));
    }
    assert!(mid_way > 0, "no kill landed mid-way through an import");
}

#[test]
fn implausible_sale_dates_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.sqlite");
    load_with_channels(&db);
    // Today is 1404-03-11 (see `common::homebiz`).
    for (date, reason) in [
        ("1405-03-13", "--date is more than a year after today"),
        ("05-01-01", "--date is more than 30 years before today"),
    ] {
        let err = fail(homebiz(
            &db,
            &[
                "sale",
                "record",
                "--business",
                "URM-DZS-00001-B1",
                "--date",
                date,
                "--quantity",
                "1",
                "--unit-price",
                "1000",
            ],
        ));
        assert!(err.contains(reason), "{err}");
    }
    assert_eq!(count_entries(&db).1, 0);
}
