//! Sales from a CSV file into the income ledger, in batches.
//!
//! Columns: `id` (an entry ID, taken as it is, or any other text, a key
//! of the business's own: the same `id` for the same business is the same
//! entry, so importing a file again adds nothing, and another business may
//! use the same key for its own entry), `business` (its code), `channel` (a channel
//! code, optional), `date`, `quantity`, `unit_price` (rials) and
//! `commission` (rials, optional, 0).
//!
//! The file is read twice. The first pass checks every row and writes
//! nothing: it finds every row that would fail (the ledger's [`Limits`] on
//! amounts included), including an `id` that an
//! earlier row of the file or the ledger holds with other content (a
//! conflict, named by the sale's `id` and the field that differs). With [`OnError::Abort`] the
//! first bad row refuses the file, naming the file, row and column, and
//! nothing is written; with [`OnError::Skip`] the bad rows go to the
//! rejects output (the row as it was, with the reason). The summary counts
//! what this import did, whatever other writers do meanwhile. The second pass records the good rows in batches,
//! each one transaction ([`Ledger::record_batch`]), and reports each batch
//! once it is committed. A process killed during the import leaves the
//! ledger with the batches committed before, whole, and nothing of the
//! batch under way; importing the file again completes it. Memory is the
//! batch, plus the check pass's record of each distinct `id` (about 100
//! bytes each) to find an `id` repeated within the file.
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

use std::collections::{HashMap, HashSet};
use std::io;

use homebiz_core::id::{ActorId, BusinessId, ChannelId, EntryId};
use homebiz_core::validate::{self, DateKind};
use homebiz_core::{JalaliDate, Money};
use homebiz_income::entry::{Body, Entry, Recorded};
use homebiz_income::store::IncomeStore;
use homebiz_income::{IncomeError, Ledger, Limits};

use crate::import::{
    FileColumns, ImportError, OnError, Row, RowError, RowResult, for_each_row, required,
};

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
    /// Rows whose `id` the ledger or an earlier row holds with other
    /// content, skipped (with [`OnError::Skip`]).
    pub conflicts: u64,
    /// Other bad rows skipped.
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
    /// New entries this batch recorded (the rest of its rows were in the
    /// ledger already).
    pub recorded: u64,
}

/// A row read by the check pass: its line, the entry or why it is bad,
/// and the raw record for the rejects output.
struct Checked {
    line: u64,
    /// The user's `id`, to name the sale in a conflict.
    id: String,
    entry: RowResult<Entry>,
    record: csv::StringRecord,
}

/// The rows the check pass found bad, and where they go.
struct Rejected<'f, 'w> {
    file: &'f str,
    on_error: OnError,
    writer: Option<csv::Writer<&'w mut dyn io::Write>>,
    header: Option<csv::StringRecord>,
    lines: HashSet<u64>,
    conflicts: u64,
}

impl Rejected<'_, '_> {
    /// Refuses the file (abort) or writes the row to the rejects (skip).
    fn reject(
        &mut self,
        line: u64,
        record: &csv::StringRecord,
        err: RowError,
    ) -> Result<(), ImportError> {
        let conflict = err.is_conflict();
        let err = err.in_file(self.file, line);
        if self.on_error == OnError::Abort {
            return Err(err);
        }
        if conflict {
            self.conflicts += 1;
        }
        if let (Some(out), Some(header)) = (self.writer.as_mut(), &self.header) {
            if self.lines.is_empty() {
                let mut header = header.clone();
                header.push_field("error");
                out.write_record(&header).map_err(ImportError::Rejects)?;
            }
            let mut bad = crate::import::padded(record, header.len());
            bad.push_field(&err.to_string());
            out.write_record(&bad).map_err(ImportError::Rejects)?;
        }
        self.lines.insert(line);
        Ok(())
    }
}

/// The CSV column of an entry field named by [`Body::first_difference`].
fn column_of(field: &'static str) -> &'static str {
    match field {
        "business" | "channel" | "date" | "quantity" | "unit_price" | "commission" => field,
        _ => "id",
    }
}

/// The columns of a sales file.
const COLUMNS: FileColumns = FileColumns {
    required: &["id", "business", "date", "quantity", "unit_price"],
    optional: &["channel", "commission"],
    aliases: &[],
    key_only: false,
};

fn sale(
    row: &Row<'_>,
    business: &dyn Fn(&str) -> Option<BusinessId>,
    channel: &dyn Fn(&str) -> Option<ChannelId>,
    today: Option<JalaliDate>,
    limits: &Limits,
) -> RowResult<Entry> {
    // An entry ID (as `homebiz export sales` writes it) is taken as it is;
    // any other text is a key.
    let key = row.required("id")?;
    let code = row.required("business")?;
    let business = business(code)
        .ok_or_else(|| RowError::at("business", format!("business {code} not found")))?;
    let channel = match row.optional("channel") {
        Some(code) => Some(
            channel(code).ok_or_else(|| RowError::at("channel", "no channel with this code"))?,
        ),
        None => None,
    };
    let body = Body::Sale {
        business,
        channel,
        on: {
            let on = required(row.date("date"), "date")?;
            if let Some(today) = today {
                validate::date(DateKind::Sale, on, today).map_err(|e| RowError::at("date", e))?;
            }
            on
        },
        quantity: required(row.number("quantity"), "quantity")?,
        unit_price: required(row.rials("unit_price"), "unit_price")?,
        commission: row.rials("commission")?.unwrap_or(Money::rial(0)),
    };
    // The ledger's own checks, its limits on amounts included, so that a
    // row it would refuse is a bad row here, before anything is written.
    limits
        .check(&body)
        .and_then(|()| body.validate())
        .map_err(|e| {
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
    let entry = Entry::keyed(key, body);
    entry.validate().map_err(|e| RowError::at("id", e))?;
    Ok(entry)
}

/// Imports the sales CSV that `open` opens (twice: see the module docs).
/// `business` and `channel` find IDs from codes. `committed` is called
/// after each batch's transaction commits. No date is checked against
/// today here, as there is no today: [`import_sales_on`] does.
#[allow(clippy::too_many_arguments)] // each argument is a separate, documented choice
pub fn import_sales<S: IncomeStore, R: io::Read>(
    ledger: &Ledger<S>,
    file: &str,
    open: impl Fn() -> io::Result<R>,
    business: &dyn Fn(&str) -> Option<BusinessId>,
    channel: &dyn Fn(&str) -> Option<ChannelId>,
    options: &SalesOptions,
    rejects: Option<&mut dyn io::Write>,
    committed: &mut dyn FnMut(Committed),
) -> Result<SalesReport, ImportError> {
    import(
        ledger, None, None, file, open, business, channel, options, rejects, committed,
    )
}

/// Imports sales as [`import_sales`] does, and refuses (or with
/// [`OnError::Skip`] skips) a sale whose date is implausible on `today`
/// ([`DateKind::Sale`]: more than 30 years back or a year ahead). The CLI
/// imports this way.
#[allow(clippy::too_many_arguments)] // each argument is a separate, documented choice
pub fn import_sales_on<S: IncomeStore, R: io::Read>(
    ledger: &Ledger<S>,
    today: JalaliDate,
    file: &str,
    open: impl Fn() -> io::Result<R>,
    business: &dyn Fn(&str) -> Option<BusinessId>,
    channel: &dyn Fn(&str) -> Option<ChannelId>,
    options: &SalesOptions,
    rejects: Option<&mut dyn io::Write>,
    committed: &mut dyn FnMut(Committed),
) -> Result<SalesReport, ImportError> {
    import(
        ledger,
        Some(today),
        None,
        file,
        open,
        business,
        channel,
        options,
        rejects,
        committed,
    )
}

/// Imports sales as [`import_sales_on`] does, recording `by` as the user
/// who recorded the new entries: what
/// [`Program::import_sales`](crate::program::Program::import_sales) does.
#[allow(clippy::too_many_arguments)] // as import_sales_on's
pub(crate) fn import_sales_by<S: IncomeStore, R: io::Read>(
    ledger: &Ledger<S>,
    today: JalaliDate,
    by: ActorId,
    file: &str,
    open: impl Fn() -> io::Result<R>,
    business: &dyn Fn(&str) -> Option<BusinessId>,
    channel: &dyn Fn(&str) -> Option<ChannelId>,
    options: &SalesOptions,
    rejects: Option<&mut dyn io::Write>,
    committed: &mut dyn FnMut(Committed),
) -> Result<SalesReport, ImportError> {
    import(
        ledger,
        Some(today),
        Some(by),
        file,
        open,
        business,
        channel,
        options,
        rejects,
        committed,
    )
}

#[allow(clippy::too_many_arguments)] // as import_sales_on's
fn import<S: IncomeStore, R: io::Read>(
    ledger: &Ledger<S>,
    today: Option<JalaliDate>,
    by: Option<ActorId>,
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
        conflicts: 0,
        rejected: 0,
        batches: 0,
    };
    // Pass 1: check every row, against the file's earlier rows and, a
    // batch of rows at a time, against the ledger.
    let mut bad = Rejected {
        file,
        on_error: options.on_error,
        // Rows are written as they were, whatever their number of cells.
        writer: rejects
            .take()
            .map(|out| csv::WriterBuilder::new().flexible(true).from_writer(out)),
        header: None,
        lines: HashSet::new(),
        conflicts: 0,
    };
    let mut seen: HashMap<EntryId, (u64, Body)> = HashMap::new();
    let mut chunk: Vec<Checked> = Vec::with_capacity(batch);
    let check = |chunk: &mut Vec<Checked>, bad: &mut Rejected<'_, '_>| {
        let stored: HashMap<EntryId, Body> = ledger.read(|r| {
            // Under its own ID, or under the old one of a key its business
            // used before keys were scoped by business: the batch's
            // entries in one look-up.
            let entries = || chunk.iter().filter_map(|c| c.entry.as_ref().ok());
            let ids: Vec<EntryId> = entries()
                .flat_map(|e| std::iter::once(e.id).chain(e.legacy_id()))
                .collect();
            let found: HashMap<EntryId, Recorded> = r
                .entries_among(&ids)?
                .into_iter()
                .map(|recorded| (recorded.entry.id, recorded))
                .collect();
            let mut stored = HashMap::new();
            for entry in entries() {
                let recorded = found.get(&entry.id).or_else(|| {
                    entry
                        .legacy_id()
                        .and_then(|old| found.get(&old))
                        .filter(|old| entry.is_recorded_as(old))
                });
                if let Some(recorded) = recorded {
                    stored.insert(entry.id, recorded.entry.body.clone());
                }
            }
            Ok(stored)
        })?;
        for c in chunk.drain(..) {
            let outcome = c.entry.and_then(|entry| match stored.get(&entry.id) {
                Some(body) => match body.first_difference(&entry.body) {
                    Some(field) => Err(RowError::conflict(
                        column_of(field),
                        &format!("sale {}", c.id),
                        None,
                    )),
                    None => Ok(()),
                },
                None => Ok(()),
            });
            if let Err(e) = outcome {
                bad.reject(c.line, &c.record, e)?;
            }
        }
        Ok::<(), ImportError>(())
    };
    for_each_row(file, open()?, &COLUMNS, |line, row, record, headers| {
        report.rows += 1;
        if bad.header.is_none() {
            bad.header = Some(headers.clone());
        }
        let id = row.as_ref().map_or("", |row| row.cell("id")).to_owned();
        let entry = row
            .and_then(|row| sale(row, business, channel, today, ledger.limits()))
            .and_then(|entry| {
                match seen.get(&entry.id) {
                    Some((earlier, body)) => {
                        if let Some(field) = body.first_difference(&entry.body) {
                            return Err(RowError::conflict(
                                column_of(field),
                                &format!("sale {id}"),
                                Some(*earlier),
                            ));
                        }
                    }
                    None => {
                        seen.insert(entry.id, (line, entry.body.clone()));
                    }
                }
                Ok(entry)
            });
        chunk.push(Checked {
            line,
            id,
            entry,
            record: record.clone(),
        });
        if chunk.len() == batch {
            check(&mut chunk, &mut bad)?;
        }
        Ok(())
    })?;
    check(&mut chunk, &mut bad)?;
    drop(seen);
    report.conflicts = bad.conflicts;
    report.rejected = bad.lines.len() as u64 - bad.conflicts;
    if let Some(mut out) = bad.writer {
        out.flush().map_err(|e| ImportError::Rejects(e.into()))?;
    }
    let bad = bad.lines;
    // Pass 2: record the good rows, a batch at a time.
    let mut pending: Vec<Entry> = Vec::with_capacity(batch);
    let mut done = 0u64;
    let mut flush =
        |pending: &mut Vec<Entry>, report: &mut SalesReport| -> Result<(), ImportError> {
            if pending.is_empty() {
                return Ok(());
            }
            // Counted from what this batch did, not from the ledger's
            // size, which other writers change too.
            let new = ledger.record_new_by(pending, by)?;
            report.recorded += new;
            report.existing += pending.len() as u64 - new;
            report.batches += 1;
            done += pending.len() as u64;
            committed(Committed {
                batch: report.batches,
                rows: done,
                recorded: new,
            });
            pending.clear();
            Ok(())
        };
    for_each_row(file, open()?, &COLUMNS, |line, row, _, _| {
        if bad.contains(&line) {
            return Ok(());
        }
        let entry = row
            .and_then(|row| sale(row, business, channel, today, ledger.limits()))
            .map_err(|e| e.in_file(file, line))?;
        pending.push(entry);
        if pending.len() == batch {
            flush(&mut pending, &mut report)?;
        }
        Ok(())
    })?;
    flush(&mut pending, &mut report)?;
    Ok(report)
}
