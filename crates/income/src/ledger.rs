//! [`Ledger`]: the ledger's rules over any [`IncomeStore`].

use std::collections::{HashMap, HashSet};

use homebiz_core::JalaliDate;
use homebiz_core::id::{ActorId, BusinessId, EntryId, LoanId};

use crate::entry::{Body, Entry, Recorded, Totals};
use crate::error::{IncomeError, Result};
use crate::limits::Limits;
use crate::loan::{Loan, LoanData, LoanStatus};
use crate::store::{IncomeRead, IncomeStore, IncomeTx, Inserted, Put};

/// The append-only ledger over a store.
///
/// # Guarantees
///
/// 1. **Entries are never changed or deleted.** A mistake is corrected by a
///    [`Body::Reversal`], which cancels its entry: the entry stays, and the
///    reversal's effect is the exact negation of the entry's, counted on the
///    entry's day for the entry's business and channel. Every total and
///    every report therefore returns exactly to where it was without the
///    entry. An entry is reversed at most once; a reversal cannot be
///    reversed (record the entry again under a new ID instead).
/// 2. **Recording is idempotent by entry ID.** Recording an entry whose ID
///    exists with the same body is a no-op that returns the original;
///    with a different body it is [`IncomeError::Conflict`], naming the
///    first field that differs, and nothing is written. A keyed entry's
///    ID derives from its business and key ([`Entry::key_id`]); one whose
///    key the same business used before keys were scoped is recorded as
///    that older entry ([`Entry::recorded_before`]), so a replay of an old
///    key adds nothing.
/// 3. **Batches are all or nothing.** [`record_batch`](Self::record_batch)
///    validates every entry first and writes all of them in one
///    transaction, or none.
/// 4. **Totals are sums.** A business's totals are the checked sum of the
///    effects of its entries (overflow is an error, never a wrap), and a
///    monthly total is the sum of the entries counting in that month.
/// 5. **No sum can overflow.** Amounts are bounded at entry by the
///    ledger's [`Limits`], and so is the number of entries: every total and
///    every report of whatever the ledger accepted can be computed (see
///    [`limits`](crate::limits)).
/// 6. **Money splits sum exactly.** A sale's commission and the seller's
///    share add up to the gross ([`Body::sale_at_rate`]); a loan's
///    instalments add up to what is owed.
///
/// ```
/// use homebiz_core::{JalaliDate, Money, id::{BusinessId, EntryId}};
/// use homebiz_income::{Ledger, MemoryStore, IncomeError};
/// use homebiz_income::entry::{Body, CostCategory, Entry};
///
/// let ledger = Ledger::new(MemoryStore::new());
/// let shop = BusinessId::new();
/// let on = JalaliDate::new(1404, 2, 10)?;
/// let sale = Entry {
///     key: None,
///     id: EntryId::new(),
///     body: Body::Sale { business: shop, channel: None, on, quantity: 3,
///                        unit_price: Money::rial(1_500_000), commission: Money::rial(0) },
/// };
/// ledger.record(sale.clone())?;
/// ledger.record(sale.clone())?; // the same again: nothing new
/// assert_eq!(ledger.totals(shop)?.revenue, Money::rial(4_500_000));
///
/// // The same ID with another quantity is a conflict.
/// let mut other = sale.clone();
/// if let Body::Sale { quantity, .. } = &mut other.body { *quantity = 4; }
/// assert!(matches!(ledger.record(other), Err(IncomeError::Conflict { field: "quantity", .. })));
///
/// ledger.record(Entry { key: None, id: EntryId::new(), body: Body::Cost {
///     business: shop, on, category: CostCategory::Materials, amount: Money::rial(1_000_000) } })?;
/// assert_eq!(ledger.totals(shop)?.net()?, Money::rial(3_500_000));
///
/// // A reversal cancels the sale; the ledger keeps both.
/// ledger.reverse(sale.id, "entered twice", on)?;
/// assert_eq!(ledger.totals(shop)?.net()?, Money::rial(-1_000_000));
/// assert_eq!(ledger.entries(shop)?.len(), 3);
/// # Ok::<(), IncomeError>(())
/// ```
#[derive(Debug)]
pub struct Ledger<S> {
    store: S,
    limits: Limits,
}

impl<S: IncomeStore> Ledger<S> {
    /// A ledger over `store`, with the default [`Limits`].
    pub fn new(store: S) -> Self {
        Self::with_limits(store, Limits::default())
    }

    /// A ledger over `store` that accepts what `limits` allow.
    pub fn with_limits(store: S, limits: Limits) -> Self {
        Self { store, limits }
    }

    /// What one entry may carry.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Runs `f` against a consistent view of the ledger.
    pub fn read<R>(&self, f: impl FnOnce(&dyn IncomeRead) -> Result<R>) -> Result<R> {
        self.store.read(f)
    }

    /// Records one entry (see the guarantees above), by no one in
    /// particular (see [`record_by`](Self::record_by)).
    pub fn record(&self, entry: Entry) -> Result<Recorded> {
        self.record_by(entry, None)
    }

    /// Records one entry as [`record`](Self::record) does, noting `by` as
    /// the user who recorded it. An entry recorded before keeps its own
    /// `by`: recording again is a no-op.
    pub fn record_by(&self, entry: Entry, by: Option<ActorId>) -> Result<Recorded> {
        self.record_batch_by(std::slice::from_ref(&entry), by)?
            .pop()
            .ok_or(IncomeError::invalid("entry", "nothing was recorded"))
    }

    /// Records `entries` in one transaction, all or none, returning each as
    /// recorded (the original, for one recorded before). Each must be
    /// valid and within the ledger's [`Limits`], and the ledger must have
    /// room for the new ones.
    pub fn record_batch(&self, entries: &[Entry]) -> Result<Vec<Recorded>> {
        self.record_batch_by(entries, None)
    }

    /// Records `entries` as [`record_batch`](Self::record_batch) does,
    /// noting `by` as the user who recorded the new ones.
    pub fn record_batch_by(&self, entries: &[Entry], by: Option<ActorId>) -> Result<Vec<Recorded>> {
        Ok(self.record_counting(entries, by)?.0)
    }

    /// Records `entries` as [`record_batch`](Self::record_batch) does and
    /// returns how many of them were new (the others were recorded before,
    /// with the same content). The count is what this call did, whatever
    /// other writers do meanwhile.
    pub fn record_new(&self, entries: &[Entry]) -> Result<u64> {
        self.record_new_by(entries, None)
    }

    /// Records `entries` as [`record_new`](Self::record_new) does, noting
    /// `by` as the user who recorded the new ones.
    pub fn record_new_by(&self, entries: &[Entry], by: Option<ActorId>) -> Result<u64> {
        Ok(self.record_counting(entries, by)?.1)
    }

    fn record_counting(
        &self,
        entries: &[Entry],
        by: Option<ActorId>,
    ) -> Result<(Vec<Recorded>, u64)> {
        for entry in entries {
            // The limits first: a sale whose gross is over them is named
            // so, with the limit, whether or not the product overflows.
            self.limits.check(&entry.body)?;
            entry.validate()?;
        }
        let capacity = self.limits.capacity();
        self.store.write(|tx| {
            let mut batch = Batch {
                capacity,
                out: Vec::with_capacity(entries.len()),
                new: 0,
                pending: Vec::new(),
                pending_ids: HashSet::new(),
                pending_reversed: HashSet::new(),
            };
            for chunk in entries.chunks(BULK) {
                batch.record_chunk(tx, chunk, by)?;
            }
            Ok((batch.out, batch.new))
        })
    }

    /// Reverses the entry `id` on `on`, for `reason`, under a new entry ID.
    pub fn reverse(&self, id: EntryId, reason: &str, on: JalaliDate) -> Result<Recorded> {
        self.reverse_by(id, reason, on, None)
    }

    /// Reverses the entry `id` as [`reverse`](Self::reverse) does; the
    /// reversal records `by` as its own user.
    pub fn reverse_by(
        &self,
        id: EntryId,
        reason: &str,
        on: JalaliDate,
        by: Option<ActorId>,
    ) -> Result<Recorded> {
        self.record_by(
            Entry {
                key: None,
                id: EntryId::new(),
                body: Body::Reversal {
                    of: id,
                    on,
                    reason: reason.to_owned(),
                },
            },
            by,
        )
    }

    /// The totals of `business`.
    pub fn totals(&self, business: BusinessId) -> Result<Totals> {
        self.store.read(|r| r.totals_of(business))
    }

    /// The entries of `business`, in recording order.
    pub fn entries(&self, business: BusinessId) -> Result<Vec<Recorded>> {
        self.store.read(|r| r.entries_of(business))
    }

    /// Adds a loan (its disbursement is recorded separately, as a
    /// [`Body::LoanDisbursement`]).
    pub fn add_loan(&self, data: LoanData) -> Result<Loan> {
        let by = data.by;
        self.add_loan_by(data, by)
    }

    /// Adds a loan as [`add_loan`](Self::add_loan) does, recording `by`
    /// as the user who added it (in place of `data.by`).
    pub fn add_loan_by(&self, mut data: LoanData, by: Option<ActorId>) -> Result<Loan> {
        data.by = by;
        self.limits.check_amount("principal", data.principal)?;
        let loan = Loan::new(data)?;
        self.store.write(|tx| {
            tx.put_loan(&loan, Put::Insert)?;
            Ok(loan)
        })
    }

    /// Where the loan `id` stands on `as_of`, from its schedule and the
    /// repayments in the ledger that were not reversed.
    pub fn loan_status(&self, id: LoanId, as_of: JalaliDate) -> Result<LoanStatus> {
        self.store.read(|r| {
            let loan = r
                .loan(id)?
                .ok_or_else(|| IncomeError::not_found("loan", id))?;
            loan.status(&r.repayments(id)?, as_of)
        })
    }
}

/// Entries handed to [`IncomeTx::insert_many`] at a time, and looked up
/// at a time by their old IDs ([`IncomeRead::entries_among`]).
const BULK: usize = 10_000;

/// One `record_batch` under way: what was recorded so far, and the entries
/// prepared but not yet handed to the store.
///
/// Entries are prepared in order and handed to the store in runs
/// ([`IncomeTx::insert_many`]), with the same outcome as one
/// [`IncomeTx::insert`] after another: a run is handed over (flushed)
/// before an entry whose preparation could depend on one of its entries
/// (the same ID, a reversal of one of them or of what one of them
/// reverses, an old ID that one of the chunk's entries took) and before an
/// error is returned, so the error is the one recording one by one meets
/// first.
struct Batch {
    capacity: u64,
    out: Vec<Recorded>,
    new: u64,
    pending: Vec<Recorded>,
    pending_ids: HashSet<EntryId>,
    pending_reversed: HashSet<EntryId>,
}

impl Batch {
    fn record_chunk(
        &mut self,
        tx: &mut dyn IncomeTx,
        chunk: &[Entry],
        by: Option<ActorId>,
    ) -> Result<()> {
        // The entries their keys named before keys were scoped, in one look.
        let legacy: Vec<EntryId> = chunk.iter().filter_map(Entry::legacy_id).collect();
        let before: HashMap<EntryId, Recorded> = if legacy.is_empty() {
            HashMap::new()
        } else {
            tx.entries_among(&legacy)?
                .into_iter()
                .map(|r| (r.entry.id, r))
                .collect()
        };
        // The IDs this chunk recorded so far: an old ID among them was not
        // there when `before` was read.
        let mut taken: HashSet<EntryId> = HashSet::new();
        for entry in chunk {
            let found = match entry.legacy_id() {
                None => None,
                Some(old) if taken.contains(&old) => {
                    self.flush(tx)?;
                    entry.recorded_before(tx)?
                }
                Some(old) => before
                    .get(&old)
                    .filter(|r| entry.is_recorded_as(r))
                    .cloned(),
            };
            // A key recorded for this business before keys were scoped
            // names the entry under its old ID.
            let old;
            let entry = match found {
                Some(before) => {
                    old = Entry {
                        id: before.entry.id,
                        ..entry.clone()
                    };
                    &old
                }
                None => entry,
            };
            let depends = self.pending_ids.contains(&entry.id)
                || matches!(&entry.body, Body::Reversal { of, .. }
                    if self.pending_ids.contains(of) || self.pending_reversed.contains(of));
            if depends {
                self.flush(tx)?;
            }
            let recorded = match prepare(tx, entry, by) {
                Ok(recorded) => recorded,
                Err(e) => {
                    self.flush(tx)?;
                    return Err(e);
                }
            };
            if let Body::Reversal { of, .. } = &entry.body {
                self.pending_reversed.insert(*of);
            }
            self.pending_ids.insert(entry.id);
            taken.insert(entry.id);
            self.pending.push(recorded);
        }
        self.flush(tx)
    }

    /// Hands the pending entries to the store and checks what it did.
    fn flush(&mut self, tx: &mut dyn IncomeTx) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.pending_ids.clear();
        self.pending_reversed.clear();
        let pending = std::mem::take(&mut self.pending);
        let inserted = tx.insert_many(&pending)?;
        if inserted.len() != pending.len() {
            return Err(IncomeError::invalid(
                "entry",
                "the store answered for another count",
            ));
        }
        for (mut recorded, inserted) in pending.into_iter().zip(inserted) {
            match inserted {
                Inserted::New { seq } => {
                    if seq > self.capacity {
                        return Err(IncomeError::Full {
                            capacity: self.capacity,
                        });
                    }
                    recorded.seq = seq;
                    self.new += 1;
                    self.out.push(recorded);
                }
                Inserted::Exists(existing) => {
                    if let Some(field) = existing.entry.body.first_difference(&recorded.entry.body)
                    {
                        return Err(IncomeError::Conflict {
                            id: recorded.entry.id,
                            field,
                        });
                    }
                    self.out.push(*existing);
                }
            }
        }
        Ok(())
    }
}

/// `entry` as it would be recorded: its business, channel, day and effect
/// (for a reversal, those of the entry it cancels, negated), numbered 0
/// until the store appends it and gives it its number.
fn prepare(tx: &dyn IncomeTx, entry: &Entry, by: Option<ActorId>) -> Result<Recorded> {
    match &entry.body {
        Body::Reversal { of, .. } => {
            let target = tx
                .entry(*of)?
                .ok_or_else(|| IncomeError::not_found("entry", of))?;
            if matches!(target.entry.body, Body::Reversal { .. }) {
                return Err(IncomeError::NotReversible {
                    id: *of,
                    reason: "it is a reversal",
                });
            }
            if tx.reversal_of(*of)?.is_some_and(|r| r != entry.id) {
                return Err(IncomeError::NotReversible {
                    id: *of,
                    reason: "it was reversed already",
                });
            }
            Ok(Recorded {
                seq: 0,
                entry: entry.clone(),
                business: target.business,
                channel: target.channel,
                counts_on: target.counts_on,
                effect: target.effect.checked_neg()?,
                by,
            })
        }
        body => {
            if let Body::LoanDisbursement { business, loan, .. }
            | Body::LoanRepayment { business, loan, .. } = body
            {
                let found = tx
                    .loan(*loan)?
                    .ok_or_else(|| IncomeError::not_found("loan", loan))?;
                if found.data().business != *business {
                    return Err(IncomeError::invalid("loan", "belongs to another business"));
                }
            }
            let business = body
                .business()
                .ok_or(IncomeError::invalid("business", "missing"))?;
            Ok(Recorded {
                seq: 0,
                entry: entry.clone(),
                business,
                channel: body.channel(),
                counts_on: body.on(),
                effect: body.effect()?,
                by,
            })
        }
    }
}
