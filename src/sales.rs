//! Sales from a CSV file into the income ledger, in batches.
//!
//! Columns: `id` (any text; the same `id` is the same entry, so importing a
//! file again adds nothing), `business` (its code), `channel` (a channel
//! code, optional), `date`, `quantity`, `unit_price` (rials) and
//! `commission` (rials, optional, 0).
//!
//! The file is read twice. The first pass checks every row and writes
//! nothing: with [`OnError::Abort`] the first bad row refuses the file,
//! naming the file, row and column; with [`OnError::Skip`] the bad rows go
//! to the rejects output. The second pass records the good rows in batches,
//! each one transaction ([`Ledger::record_batch`]), and reports each batch
//! once it is committed. A process killed during the import leaves the
//! ledger with the batches committed before, whole, and nothing of the
//! batch under way; importing the file again completes it. Memory stays
//! bounded by the batch size, whatever the file's size.
//!
//! ```
//! use homebiz::core::id::{BusinessId, TypedId};
//! use homebiz::import::OnError;
//! use homebiz::income::{Ledger, MemoryStore};
//! use homebiz::sales::{import_sales, SalesOptions};
//!
//! let ledger = Ledger::new(MemoryStore::new());
//! let shop = BusinessId::from_key("B-1");
//! let csv = "id,business,date,quantity,unit_price\nS-1,B-1,1404-02-01,3,500000\nS-2,B-1,1404-02-02,1,500000\n";
//! let options = SalesOptions { on_error: OnError::Abort, batch: 1_000 };
//! let find = |code: &str| (code == "B-1").then_some(shop);
//! let report = import_sales(&ledger, "sales.csv", || Ok(csv.as_bytes()), &find, &|_| None, &options, None, &mut |_| {})?;
//! assert_eq!((report.rows, report.recorded, report.existing), (2, 2, 0));
//! // Again: nothing new.
//! let again = import_sales(&ledger, "sales.csv", || Ok(csv.as_bytes()), &find, &|_| None, &options, None, &mut |_| {})?;
//! assert_eq!((again.recorded, again.existing), (0, 2));
//! assert_eq!(ledger.totals(shop)?.revenue.minor_units(), 2_000_000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::io;

use homebiz_core::Money;
use homebiz_core::id::{BusinessId, ChannelId, EntryId, TypedId};
use homebiz_income::entry::{Body, Entry};
use homebiz_income::store::IncomeStore;
use homebiz_income::{IncomeError, Ledger};

use crate::import::{ImportError, OnError, Row, RowError, RowResult, for_each_row, required};

/// How to import sales.
#[derive(Debug, Clone)]
pub struct SalesOptions {
    /// Refuse the file on a bad row, or skip bad rows.
    pub on_error: OnError,
    /// Rows per transaction (at least 1).
    pub batch: usize,
}

impl Default for SalesOptions {
    /// Abort on a bad row; batches of 100,000 rows (about 20 MB of
    /// entries in memory at a time; a million sales record at over 300,000
    /// a second on SQLite, against about 280,000 in batches of 10,000).
    fn default() -> Self {
        Self {
            on_error: OnError::Abort,
            batch: 100_000,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SalesReport {
    /// Data rows read.
    pub rows: u64,
    /// New entries recorded.
    pub recorded: u64,
    /// Rows already in the ledger (same `id`, same content).
    pub existing: u64,
    /// Bad rows skipped.
    pub rejected: u64,
    /// Batches committed.
    pub batches: u64,
}

/// A committed batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Committed {
    /// 1 for the first batch.
    pub batch: u64,
    /// Data rows recorded or found so far.
    pub rows: u64,
}

const COLUMNS: [&str; 5] = ["id", "business", "date", "quantity", "unit_price"];

fn sale(
    row: &Row<'_>,
    business: &dyn Fn(&str) -> Option<BusinessId>,
    channel: &dyn Fn(&str) -> Option<ChannelId>,
) -> RowResult<Entry> {
    let id = EntryId::from_key(row.required("id")?);
    let business = business(row.required("business")?)
        .ok_or_else(|| RowError::at("business", "no business with this code"))?;
    let channel = match row.optional("channel") {
        Some(code) => Some(
            channel(code).ok_or_else(|| RowError::at("channel", "no channel with this code"))?,
        ),
        None => None,
    };
    let body = Body::Sale {
        business,
        channel,
        on: required(row.date("date"), "date")?,
        quantity: required(row.number("quantity"), "quantity")?,
        unit_price: required(row.rials("unit_price"), "unit_price")?,
        commission: row.rials("commission")?.unwrap_or(Money::rial(0)),
    };
    body.validate().map_err(|e| {
        let column = match &e {
            IncomeError::Invalid {
                field: "quantity", ..
            } => "quantity",
            IncomeError::Invalid {
                field: "commission",
                ..
            } => "commission",
            _ => "unit_price",
        };
        RowError::at(column, e)
    })?;
    Ok(Entry { id, body })
}

/// Imports the sales CSV that `open` opens (twice: see the module docs).
/// `business` and `channel` find IDs from codes. `committed` is called
/// after each batch's transaction commits.
#[allow(clippy::too_many_arguments)] // each argument is a separate, documented choice
pub fn import_sales<S: IncomeStore, R: io::Read>(
    ledger: &Ledger<S>,
    file: &str,
    open: impl Fn() -> io::Result<R>,
    business: &dyn Fn(&str) -> Option<BusinessId>,
    channel: &dyn Fn(&str) -> Option<ChannelId>,
    options: &SalesOptions,
    mut rejects: Option<&mut dyn io::Write>,
    committed: &mut dyn FnMut(Committed),
) -> Result<SalesReport, ImportError> {
    let batch = options.batch.max(1);
    let open = || {
        open().map_err(|e| ImportError::Csv {
            file: file.to_owned(),
            error: e.into(),
        })
    };
    let mut report = SalesReport {
        rows: 0,
        recorded: 0,
        existing: 0,
        rejected: 0,
        batches: 0,
    };
    // Pass 1: check every row.
    let mut bad: HashSet<u64> = HashSet::new();
    let mut writer = rejects.as_mut().map(csv::Writer::from_writer);
    let mut header_written = false;
    for_each_row(file, open()?, &COLUMNS, |line, row, record, headers| {
        report.rows += 1;
        match sale(row, business, channel) {
            Ok(_) => Ok(()),
            Err(e) => {
                let err = e.in_file(file, line);
                match (&options.on_error, writer.as_mut()) {
                    (OnError::Abort, _) => Err(err),
                    (OnError::Skip, out) => {
                        if let Some(out) = out {
                            if !header_written {
                                let mut header = headers.clone();
                                header.push_field("error");
                                out.write_record(&header).map_err(ImportError::Rejects)?;
                                header_written = true;
                            }
                            let mut line_out = record.clone();
                            line_out.push_field(&err.to_string());
                            out.write_record(&line_out).map_err(ImportError::Rejects)?;
                        }
                        bad.insert(line);
                        report.rejected += 1;
                        Ok(())
                    }
                }
            }
        }
    })?;
    if let Some(mut out) = writer {
        out.flush().map_err(|e| ImportError::Rejects(e.into()))?;
    }
    // Pass 2: record the good rows, a batch at a time.
    let mut pending: Vec<Entry> = Vec::with_capacity(batch);
    let mut done = 0u64;
    let mut flush =
        |pending: &mut Vec<Entry>, report: &mut SalesReport| -> Result<(), ImportError> {
            if pending.is_empty() {
                return Ok(());
            }
            let before = ledger.read(|r| r.len())?;
            ledger.record_batch(pending)?;
            let after = ledger.read(|r| r.len())?;
            let new = after - before;
            report.recorded += new;
            report.existing += pending.len() as u64 - new;
            report.batches += 1;
            done += pending.len() as u64;
            committed(Committed {
                batch: report.batches,
                rows: done,
            });
            pending.clear();
            Ok(())
        };
    for_each_row(file, open()?, &COLUMNS, |line, row, _, _| {
        if bad.contains(&line) {
            return Ok(());
        }
        let entry = sale(row, business, channel).map_err(|e| e.in_file(file, line))?;
        pending.push(entry);
        if pending.len() == batch {
            flush(&mut pending, &mut report)?;
        }
        Ok(())
    })?;
    flush(&mut pending, &mut report)?;
    Ok(report)
}
