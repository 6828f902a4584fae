//! Records N generated sales into a fresh SQLite ledger in batches and
//! prints the time; writes the same rows, as the ledger table stores them,
//! to a CSV file, so that `benches/compare_ledger.py` can insert them into
//! the same table with bare SQLite in the same run. Then times the monthly
//! income report of one month over the whole ledger.
//!
//! Run with `cargo run --release --example ledger_bench -- DB ROWS.csv [N] [BATCH]`.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use std::io::Write;
use std::time::Instant;

use homebiz::core::JalaliMonth;
use homebiz::core::id::TypedId;
use homebiz::income::Ledger;
use homebiz::income::entry::Body;
use homebiz::income::report::{Granularity, GroupBy, income_report};
use homebiz::sqlite::SqliteStore;
use homebiz::synthetic::ledger_sales;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .ok_or("usage: ledger_bench DB ROWS.csv [N] [BATCH]")?;
    let rows = args
        .next()
        .ok_or("usage: ledger_bench DB ROWS.csv [N] [BATCH]")?;
    let n: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let batch: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let entries = ledger_sales(n, 1_700_000_000_000);

    let ledger = Ledger::new(SqliteStore::open(&db)?);
    let start = Instant::now();
    for chunk in entries.chunks(batch) {
        ledger.record_batch(chunk)?;
    }
    let seconds = start.elapsed().as_secs_f64();

    // The rows as stored, for the bare-SQLite peer (`-`: none).
    let mut out = std::io::BufWriter::new(std::fs::File::create(if rows == "-" {
        "/dev/null"
    } else {
        &rows
    })?);
    for (seq, e) in entries.iter().enumerate().filter(|_| rows != "-") {
        if let Body::Sale {
            business,
            channel,
            on,
            quantity,
            unit_price,
            commission,
        } = &e.body
        {
            let month = i64::from(on.year()) * 100 + i64::from(on.month());
            writeln!(
                out,
                "{month},{},{},{},{},{on},{quantity},{},{},{}",
                seq + 1,
                hex(e.id.as_uuid().as_bytes()),
                hex(business.as_uuid().as_bytes()),
                channel.map_or(String::new(), |c| hex(c.as_uuid().as_bytes())),
                unit_price.minor_units(),
                unit_price.minor_units() * i64::from(*quantity),
                commission.minor_units(),
            )?;
        }
    }
    out.flush()?;

    // The monthly report of Mehr 1404 over the whole ledger, by business.
    let mehr = JalaliMonth::new(1404, 7)?;
    let mut report_times = Vec::new();
    let mut groups = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let monthly = ledger.read(|r| r.monthly_totals(mehr, mehr))?;
        let report = income_report(&monthly, GroupBy::Business, Granularity::Month, |_| None)?;
        groups = report.rows.len();
        report_times.push(t.elapsed().as_secs_f64());
    }
    report_times.sort_by(f64::total_cmp);
    println!(
        "{{\"entries\": {n}, \"batch\": {batch}, \"seconds\": {seconds}, \"report_seconds\": {}, \"report_rows\": {groups}}}",
        report_times[report_times.len() / 2]
    );
    Ok(())
}
