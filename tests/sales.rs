//! Sales import: one file, one outcome. The check pass finds every row
//! that would fail (ids repeated with other content, in the file or
//! against the ledger), so nothing is written under abort and such rows
//! go to the rejects under skip; the summary counts what this import did.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::cell::Cell;

use homebiz::core::id::{BusinessId, EntryId, TypedId};
use homebiz::core::{JalaliDate, Money};
use homebiz::import::{ImportError, OnError};
use homebiz::income::entry::{Body, Entry};
use homebiz::income::store::{IncomeRead, IncomeStore, IncomeTx};
use homebiz::income::{Ledger, MemoryStore, Result as IncomeResult};
use homebiz::sales::{SalesOptions, SalesReport, import_sales, import_sales_on};

fn shop() -> BusinessId {
    BusinessId::from_key("B-1")
}

/// `n` sales, `S-1` to `S-n`, with row `conflict` (a data row, from 1)
/// repeating the id of row 10 with another quantity.
fn file(n: usize, conflict: Option<usize>) -> String {
    let mut text = String::from("id,business,date,quantity,unit_price\n");
    for i in 1..=n {
        let (id, quantity) = match conflict {
            Some(c) if c == i => (10, 7),
            _ => (i, 1),
        };
        text.push_str(&format!("S-{id},B-1,1404-02-01,{quantity},1000\n"));
    }
    text
}

fn run<S: IncomeStore>(
    ledger: &Ledger<S>,
    text: &str,
    on_error: OnError,
    rejects: Option<&mut Vec<u8>>,
) -> Result<SalesReport, ImportError> {
    let options = SalesOptions {
        on_error,
        batch: 100,
    };
    let find = |code: &str| (code == "B-1").then(shop);
    import_sales(
        ledger,
        "sales.csv",
        || Ok(text.as_bytes()),
        &find,
        &|_| None,
        &options,
        rejects.map(|r| r as &mut dyn std::io::Write),
        &mut |_| {},
    )
}

#[test]
fn an_id_repeated_with_other_content_in_the_file_writes_nothing() {
    let ledger = Ledger::new(MemoryStore::new());
    let text = file(300, Some(250));
    let err = run(&ledger, &text, OnError::Abort, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sales.csv: row 251, column quantity: differs from the sale S-10 of row 11 of this file"
    );
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 0, "no batch committed");
    // Skipped: the row goes to the rejects, named by row and its id.
    let mut rejects = Vec::new();
    let report = run(&ledger, &text, OnError::Skip, Some(&mut rejects)).unwrap();
    assert_eq!(
        (
            report.rows,
            report.recorded,
            report.existing,
            report.conflicts,
            report.rejected
        ),
        (300, 299, 0, 1, 0)
    );
    let rejects = String::from_utf8(rejects).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 2, "{rejects}");
    assert!(
        lines[1].starts_with("S-10,B-1,1404-02-01,7,1000,\"sales.csv: row 251, column quantity"),
        "{rejects}"
    );
    // The same id with the same content is the same sale, not a conflict.
    let twice = format!("{}S-3,B-1,1404-02-01,1,1000\n", file(5, None));
    let report = run(&ledger, &twice, OnError::Abort, None).unwrap();
    assert_eq!((report.recorded, report.existing), (0, 6));
}

#[test]
fn an_id_in_the_ledger_with_other_content_writes_nothing() {
    ledger_holds_another_content(&Ledger::new(MemoryStore::new()));
}

/// The same on PostgreSQL, which records the file's batches in bulk
/// (skipped without `HOMEBIZ_TEST_PG`); a larger file, whose batches of
/// 10,000 rows are recorded in one transaction each.
#[test]
fn an_id_in_the_ledger_with_other_content_writes_nothing_on_postgres() {
    let Some(store) = homebiz_postgres::testing::scratch() else {
        return;
    };
    let ledger = Ledger::new(store);
    ledger_holds_another_content(&ledger);
    let text = file(25_000, None);
    let options = SalesOptions {
        on_error: OnError::Abort,
        batch: 10_000,
    };
    let find = |code: &str| (code == "B-1").then(shop);
    let import = || {
        import_sales(
            &ledger,
            "sales.csv",
            || Ok(text.as_bytes()),
            &find,
            &|_| None,
            &options,
            None,
            &mut |_| {},
        )
    };
    // S-150 is recorded under its old ID with another price: refused.
    let err = import().unwrap_err();
    assert!(
        err.to_string().contains("row 151, column unit_price"),
        "{err}"
    );
    // Without that row: the other 24,999 new... less the 299 recorded.
    let text = text.replace("S-150,B-1,1404-02-01,1,1000\n", "");
    let report = import_sales(
        &ledger,
        "sales.csv",
        || Ok(text.as_bytes()),
        &find,
        &|_| None,
        &options,
        None,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        (report.recorded, report.existing, report.batches),
        (24_999 - 299, 299, 3)
    );
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 25_000);
    assert_eq!(
        ledger.totals(shop()).unwrap().revenue,
        Money::rial(999 + 24_999 * 1_000)
    );
}

fn ledger_holds_another_content<S: IncomeStore>(ledger: &Ledger<S>) {
    ledger
        .record(Entry {
            key: None,
            id: EntryId::from_key("S-150"),
            body: Body::Sale {
                business: shop(),
                channel: None,
                on: JalaliDate::new(1404, 2, 1).unwrap(),
                quantity: 1,
                unit_price: Money::rial(999),
                commission: Money::rial(0),
            },
        })
        .unwrap();
    let text = file(300, None);
    let err = run(ledger, &text, OnError::Abort, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sales.csv: row 151, column unit_price: differs from the sale S-150 already recorded"
    );
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 1, "no batch committed");
    let mut rejects = Vec::new();
    let report = run(ledger, &text, OnError::Skip, Some(&mut rejects)).unwrap();
    assert_eq!(
        (report.recorded, report.existing, report.conflicts),
        (299, 0, 1)
    );
    // Every re-run gets as far: nothing new, the same row rejected.
    let again = run(ledger, &text, OnError::Skip, None).unwrap();
    assert_eq!(
        (again.recorded, again.existing, again.conflicts),
        (0, 299, 1)
    );
}

/// A store another writer appends to before each of our transactions.
struct Busy {
    inner: MemoryStore,
    other: Cell<u64>,
}

impl IncomeStore for Busy {
    fn read<R>(&self, f: impl FnOnce(&dyn IncomeRead) -> IncomeResult<R>) -> IncomeResult<R> {
        self.inner.read(f)
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn IncomeTx) -> IncomeResult<R>) -> IncomeResult<R> {
        let n = self.other.get() + 1;
        self.other.set(n);
        Ledger::new(&self.inner).record(Entry {
            key: None,
            id: EntryId::from_key(&format!("other-{n}")),
            body: Body::Sale {
                business: BusinessId::from_key("B-2"),
                channel: None,
                on: JalaliDate::new(1404, 2, 1).unwrap(),
                quantity: 1,
                unit_price: Money::rial(5),
                commission: Money::rial(0),
            },
        })?;
        self.inner.write(f)
    }
}

#[test]
fn the_summary_counts_only_this_imports_rows() {
    let ledger = Ledger::new(Busy {
        inner: MemoryStore::new(),
        other: Cell::new(0),
    });
    let text = file(300, None);
    let report = run(&ledger, &text, OnError::Abort, None).unwrap();
    assert_eq!(
        (
            report.rows,
            report.recorded,
            report.existing,
            report.batches
        ),
        (300, 300, 0, 3)
    );
    let again = run(&ledger, &text, OnError::Abort, None).unwrap();
    assert_eq!((again.recorded, again.existing), (0, 300));
}

#[test]
fn implausible_sale_dates_are_refused() {
    let ledger = Ledger::new(MemoryStore::new());
    let today = JalaliDate::new(1404, 2, 1).unwrap();
    let options = SalesOptions {
        on_error: OnError::Abort,
        batch: 100,
    };
    let find = |code: &str| (code == "B-1").then(shop);
    let run_on = |text: &str, today| {
        import_sales_on(
            &ledger,
            today,
            "sales.csv",
            || Ok(text.as_bytes()),
            &find,
            &|_| None,
            &options,
            None,
            &mut |_| {},
        )
    };
    // Up to a year ahead is allowed (sales entered from delivery
    // schedules).
    let ahead = file(2, None).replace("1404-02-01", "1405-02-01");
    assert_eq!(run_on(&ahead, today).unwrap().recorded, 2);
    for (date, reason) in [
        ("1405-02-02", "is more than a year after today"),
        (
            "04-02-01",
            "is more than 30 years before today (write the year in full)",
        ),
    ] {
        let text = format!("id,business,date,quantity,unit_price\nS-9,B-1,{date},1,1000\n");
        let err = run_on(&text, today).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("sales.csv: row 2, column date: {reason}")
        );
    }
}

/// A sale `id` (and a business code) written with Persian or Arabic-Indic
/// digits is the same key as with ASCII digits.
#[test]
fn keys_with_persian_digits_are_the_same_keys() {
    let ledger = Ledger::new(MemoryStore::new());
    let ascii = "id,business,date,quantity,unit_price\nS-000001,B-1,1404-02-01,1,1000\n";
    let report = run(&ledger, ascii, OnError::Abort, None).unwrap();
    assert_eq!((report.recorded, report.existing), (1, 0));
    let persian = "id,business,date,quantity,unit_price\nS-۰۰۰۰۰۱,B-١,1404-02-01,1,1000\n";
    let report = run(&ledger, persian, OnError::Abort, None).unwrap();
    assert_eq!((report.recorded, report.existing), (0, 1));
}

/// A committed batch says how many entries it recorded, not only how many
/// rows it read: none, when the file is imported again.
#[test]
fn a_committed_batch_counts_what_it_recorded() {
    let ledger = Ledger::new(MemoryStore::new());
    let text = file(5, None);
    let options = SalesOptions {
        on_error: OnError::Abort,
        batch: 100,
    };
    let find = |code: &str| (code == "B-1").then(shop);
    let mut recorded = Vec::new();
    for _ in 0..2 {
        import_sales(
            &ledger,
            "sales.csv",
            || Ok(text.as_bytes()),
            &find,
            &|_| None,
            &options,
            None,
            &mut |c| recorded.push((c.rows, c.recorded)),
        )
        .unwrap();
    }
    assert_eq!(recorded, [(5, 5), (5, 0)]);
}
