//! The storage traits an income backend implements.
//!
//! A backend is persistence only. The rules — validation, idempotency,
//! conflicts, what a reversal cancels — live once in
//! [`Ledger`](crate::Ledger), which drives the backend through these traits,
//! one transaction per call. A backend must:
//!
//! - run [`IncomeStore::write`] as one all-or-nothing transaction, writers
//!   one at a time;
//! - roll a write back when its closure panics, and stay usable after a
//!   panic in any closure, on any thread (a lock poisoned by the panic
//!   guards state that the rollback left sound);
//! - never change or delete a recorded entry;
//! - return lists in the documented order and records exactly as put.
//!
//! [`MemoryStore`](crate::MemoryStore) is the reference implementation;
//! `homebiz-sqlite` provides SQLite. The conformance suite in the `testing`
//! module (feature `testing`) checks any backend.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use homebiz_core::id::{BusinessId, ChannelId, EntryId, LoanId};
pub use homebiz_core::store::Put;
use homebiz_core::{JalaliDate, JalaliMonth, Money};

use crate::entry::{Recorded, Totals};
use crate::error::Result;
use crate::loan::Loan;

/// The totals of one business through one channel (or none) in one Jalali
/// month: what reports are built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyTotal {
    /// The month.
    pub month: JalaliMonth,
    /// The business.
    pub business: BusinessId,
    /// The channel, if any.
    pub channel: Option<ChannelId>,
    /// The sums of the entries counting in that month.
    pub totals: Totals,
}

/// The revenue of one business's sales through one channel on one day:
/// evidence of a market link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSale {
    /// The business.
    pub business: BusinessId,
    /// The channel.
    pub channel: ChannelId,
    /// The day the sales count on.
    pub on: JalaliDate,
    /// Their revenue, reversals netted (always above zero).
    pub revenue: Money,
}

/// What [`IncomeTx::insert`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// The entry is new and was appended, numbered `seq` by the store.
    New {
        /// The number the store gave the entry.
        seq: u64,
    },
    /// An entry with the same ID exists: here it is, untouched.
    Exists(Box<Recorded>),
}

/// Lookups a backend answers. `None` means no such record.
pub trait IncomeRead {
    /// The entry with `id`.
    fn entry(&self, id: EntryId) -> Result<Option<Recorded>>;
    /// The reversal of the entry `id`, if it was reversed.
    fn reversal_of(&self, id: EntryId) -> Result<Option<EntryId>>;
    /// The entries recorded under the user's `key` ([`Entry::key`](crate::entry::Entry::key),
    /// compared exactly), by seq, whichever business each belongs to (a
    /// key belongs to its business, [`Entry::key_id`](crate::entry::Entry::key_id),
    /// so several businesses may each have one).
    /// Entries recorded before keys were kept have none and are not among
    /// them (their ID is [`EntryId::from_key`](homebiz_core::id::TypedId::from_key)
    /// of the key: one [`entry`](Self::entry) finds them). A backend answers
    /// it from an index by key, whatever the number of businesses.
    fn entries_keyed(&self, key: &str) -> Result<Vec<Recorded>>;
    /// The entries whose effect falls on `business`, by seq.
    fn entries_of(&self, business: BusinessId) -> Result<Vec<Recorded>>;
    /// The sum of the effects of the entries of `business`.
    fn totals_of(&self, business: BusinessId) -> Result<Totals>;
    /// Per month, business and channel, the sums of the entries that count
    /// in the months `from` to `until` (both included), ordered by month,
    /// business and channel (none first). Groups whose entries were all
    /// reversed still appear, with zero totals.
    fn monthly_totals(&self, from: JalaliMonth, until: JalaliMonth) -> Result<Vec<MonthlyTotal>>;
    /// Per business, channel and day from `from` to `until` (both
    /// included), the revenue of the sales through a channel that count on
    /// that day, reversals netted; only the days where it is above zero,
    /// ordered by business, channel and day.
    ///
    /// The default reads the months' totals to find the businesses that
    /// sold through a channel, then their entries; a backend may answer it
    /// in one query.
    fn channel_sales(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<ChannelSale>> {
        let mut businesses: Vec<BusinessId> = self
            .monthly_totals(from.jalali_month(), until.jalali_month())?
            .into_iter()
            .filter(|m| m.channel.is_some() && !m.totals.revenue.is_zero())
            .map(|m| m.business)
            .collect();
        businesses.sort();
        businesses.dedup();
        let mut days: BTreeMap<(BusinessId, ChannelId, JalaliDate), Money> = BTreeMap::new();
        for business in businesses {
            for r in self.entries_of(business)? {
                if let Some(channel) = r.channel
                    && (from..=until).contains(&r.counts_on)
                    && !r.effect.revenue.is_zero()
                {
                    let sum = days
                        .entry((business, channel, r.counts_on))
                        .or_insert(Money::rial(0));
                    *sum = sum.checked_add(r.effect.revenue)?;
                }
            }
        }
        Ok(days
            .into_iter()
            .filter(|(_, revenue)| !revenue.is_zero() && !revenue.is_negative())
            .map(|((business, channel, on), revenue)| ChannelSale {
                business,
                channel,
                on,
                revenue,
            })
            .collect())
    }
    /// The entries among `ids` that exist, in no particular order (an ID
    /// given twice, or not recorded, adds nothing).
    ///
    /// The default looks each up with [`entry`](Self::entry); a backend
    /// may answer it in one query.
    fn entries_among(&self, ids: &[EntryId]) -> Result<Vec<Recorded>> {
        let mut found = Vec::new();
        for id in ids {
            found.extend(self.entry(*id)?);
        }
        Ok(found)
    }
    /// The repayments of `loan` that were not reversed, by seq.
    fn repayments(&self, loan: LoanId) -> Result<Vec<(JalaliDate, Money)>>;
    /// The number of entries.
    fn len(&self) -> Result<u64>;
    /// Whether the ledger is empty.
    fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
    /// The loan with `id`.
    fn loan(&self, id: LoanId) -> Result<Option<Loan>>;
    /// The loans added under the user's `key` ([`LoanData::key`](crate::loan::LoanData::key),
    /// compared exactly), by ID, whichever business each belongs to (a key
    /// belongs to its business, [`Loan::key_id`], so several businesses may
    /// each have one). Loans added before loans kept their key have none
    /// and are not among them (their ID is [`Loan::legacy_id`] of the key:
    /// one [`loan`](Self::loan) finds them). A backend answers it from an
    /// index by key.
    fn loans_keyed(&self, key: &str) -> Result<Vec<Loan>>;
    /// The loans of `business`, by ID.
    fn loans_of(&self, business: BusinessId) -> Result<Vec<Loan>>;
}

/// Writes a backend performs inside a transaction.
pub trait IncomeTx: IncomeRead {
    /// Appends `recorded` unless an entry with the same ID exists, which is
    /// returned instead. The store numbers the new entry (`recorded.seq` is
    /// not read) and returns the number: numbers increase in the order
    /// entries are appended, so concurrent writers never take the same one.
    /// The memory and SQLite stores number without gaps (one past the
    /// last); a server backend may leave gaps where a write rolled back.
    fn insert(&mut self, recorded: &Recorded) -> Result<Inserted>;
    /// Does what [`insert`](Self::insert) does for each of `recorded`, in
    /// order, and returns what it did for each, in the same order: an ID
    /// given twice is appended once, the later one getting the earlier as
    /// [`Inserted::Exists`]. Numbers of the new entries increase in their
    /// order in `recorded`.
    ///
    /// The default calls [`insert`](Self::insert) for each ([`insert_each`]);
    /// a backend may append them in fewer round trips.
    fn insert_many(&mut self, recorded: &[Recorded]) -> Result<Vec<Inserted>> {
        insert_each(self, recorded)
    }
    /// Inserts or replaces a loan.
    fn put_loan(&mut self, loan: &Loan, put: Put) -> Result<()>;
}

/// [`IncomeTx::insert_many`] one entry at a time: [`IncomeTx::insert`] for
/// each of `recorded`, in order. A backend's bulk path may fall back on it.
pub fn insert_each<T: IncomeTx + ?Sized>(
    tx: &mut T,
    recorded: &[Recorded],
) -> Result<Vec<Inserted>> {
    recorded.iter().map(|r| tx.insert(r)).collect()
}

/// An income backend: runs reads and all-or-nothing write transactions.
///
/// Synchronous by design; an async service wraps it (see ARCHITECTURE.md).
pub trait IncomeStore {
    /// Runs `f` against a consistent view of the store.
    fn read<R>(&self, f: impl FnOnce(&dyn IncomeRead) -> Result<R>) -> Result<R>;

    /// Runs `f` in one transaction: if `f` returns `Ok`, everything it
    /// wrote is committed; if it returns `Err` or panics, nothing is.
    fn write<R>(&self, f: impl FnOnce(&mut dyn IncomeTx) -> Result<R>) -> Result<R>;
}

macro_rules! forward_store {
    ($($ptr:ty),*) => {$(
        impl<S: IncomeStore + ?Sized> IncomeStore for $ptr {
            fn read<R>(&self, f: impl FnOnce(&dyn IncomeRead) -> Result<R>) -> Result<R> {
                (**self).read(f)
            }
            fn write<R>(&self, f: impl FnOnce(&mut dyn IncomeTx) -> Result<R>) -> Result<R> {
                (**self).write(f)
            }
        }
    )*};
}

forward_store!(&S, Box<S>, Arc<S>);
