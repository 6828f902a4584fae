//! A store of one's own: the income ledger kept in a plain `Vec` behind a
//! mutex, written from scratch against the store traits, then put through
//! the same conformance suite (property tests included) as the built-in
//! stores. A real backend (PostgreSQL, say) follows the same shape.
//! Run with `cargo run --example custom_store`.

// Examples are one of the two places that print (ARCHITECTURE.md), and this
// one runs the conformance suite, whose checks panic on failure.
#![allow(clippy::print_stdout)]

use std::sync::{Mutex, MutexGuard, PoisonError};

use homebiz::core::id::{BusinessId, EntryId, LoanId};
use homebiz::core::{JalaliDate, JalaliMonth, Money};
use homebiz::income::entry::{Body, Recorded, Totals};
use homebiz::income::loan::Loan;
use homebiz::income::store::{IncomeRead, IncomeStore, IncomeTx, Inserted, MonthlyTotal, Put};
use homebiz::income::{IncomeError, Result};

/// Everything in two vectors; a write works on a copy and swaps it in.
#[derive(Debug, Default, Clone)]
struct Books {
    entries: Vec<Recorded>,
    loans: Vec<Loan>,
}

#[derive(Debug, Default)]
struct VecStore(Mutex<Books>);

impl VecStore {
    /// The books. A panic in a closure poisons the mutex but never leaves a
    /// write half done (it worked on a copy), so the books stay usable.
    fn books(&self) -> MutexGuard<'_, Books> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl IncomeStore for VecStore {
    fn read<R>(&self, f: impl FnOnce(&dyn IncomeRead) -> Result<R>) -> Result<R> {
        let books = self.books();
        f(&*books)
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn IncomeTx) -> Result<R>) -> Result<R> {
        let mut books = self.books();
        let mut copy = books.clone();
        let out = f(&mut copy)?;
        *books = copy; // only a successful write is kept
        Ok(out)
    }
}

impl IncomeRead for Books {
    fn entry(&self, id: EntryId) -> Result<Option<Recorded>> {
        Ok(self.entries.iter().find(|r| r.entry.id == id).cloned())
    }
    fn reversal_of(&self, id: EntryId) -> Result<Option<EntryId>> {
        Ok(self.entries.iter().find_map(|r| match r.entry.body {
            Body::Reversal { of, .. } if of == id => Some(r.entry.id),
            _ => None,
        }))
    }
    fn entries_keyed(&self, key: &str) -> Result<Vec<Recorded>> {
        Ok(self
            .entries
            .iter()
            .filter(|r| r.entry.key.as_deref() == Some(key))
            .cloned()
            .collect())
    }
    fn entries_of(&self, business: BusinessId) -> Result<Vec<Recorded>> {
        Ok(self
            .entries
            .iter()
            .filter(|r| r.business == business)
            .cloned()
            .collect())
    }
    fn totals_of(&self, business: BusinessId) -> Result<Totals> {
        self.entries_of(business)?
            .iter()
            .try_fold(Totals::default(), |t, r| t.checked_add(&r.effect))
    }
    fn monthly_totals(&self, from: JalaliMonth, until: JalaliMonth) -> Result<Vec<MonthlyTotal>> {
        let mut out: Vec<MonthlyTotal> = Vec::new();
        for r in &self.entries {
            let month = r.counts_on.jalali_month();
            if !(from..=until).contains(&month) {
                continue;
            }
            match out
                .iter_mut()
                .find(|m| (m.month, m.business, m.channel) == (month, r.business, r.channel))
            {
                Some(m) => m.totals = m.totals.checked_add(&r.effect)?,
                None => out.push(MonthlyTotal {
                    month,
                    business: r.business,
                    channel: r.channel,
                    totals: r.effect,
                }),
            }
        }
        out.sort_by_key(|m| (m.month, m.business, m.channel));
        Ok(out)
    }
    fn repayments(&self, loan: LoanId) -> Result<Vec<(JalaliDate, Money)>> {
        let mut out = Vec::new();
        for r in &self.entries {
            if let Body::LoanRepayment {
                loan: l,
                on,
                amount,
                ..
            } = r.entry.body
                && l == loan
                && self.reversal_of(r.entry.id)?.is_none()
            {
                out.push((on, amount));
            }
        }
        Ok(out)
    }
    fn len(&self) -> Result<u64> {
        Ok(self.entries.len() as u64)
    }
    fn loan(&self, id: LoanId) -> Result<Option<Loan>> {
        Ok(self.loans.iter().find(|l| l.id() == id).cloned())
    }
    fn loans_keyed(&self, key: &str) -> Result<Vec<Loan>> {
        let mut list: Vec<Loan> = self
            .loans
            .iter()
            .filter(|l| l.data().key.as_deref() == Some(key))
            .cloned()
            .collect();
        list.sort_by_key(Loan::id);
        Ok(list)
    }
    fn loans_of(&self, business: BusinessId) -> Result<Vec<Loan>> {
        let mut list: Vec<Loan> = self
            .loans
            .iter()
            .filter(|l| l.data().business == business)
            .cloned()
            .collect();
        list.sort_by_key(Loan::id);
        Ok(list)
    }
}

impl IncomeTx for Books {
    fn insert(&mut self, recorded: &Recorded) -> Result<Inserted> {
        if let Some(existing) = self.entry(recorded.entry.id)? {
            return Ok(Inserted::Exists(Box::new(existing)));
        }
        let seq = self.entries.len() as u64 + 1;
        self.entries.push(Recorded {
            seq,
            ..recorded.clone()
        });
        Ok(Inserted::New { seq })
    }
    fn put_loan(&mut self, loan: &Loan, put: Put) -> Result<()> {
        match (put, self.loans.iter().position(|l| l.id() == loan.id())) {
            (Put::Insert, None) => self.loans.push(loan.clone()),
            (Put::Replace, Some(i)) => self.loans[i] = loan.clone(),
            (Put::Insert, Some(_)) => return Err(IncomeError::invalid("loan", "exists already")),
            (Put::Replace, None) => return Err(IncomeError::not_found("loan", loan.id())),
        }
        Ok(())
    }
}

/// One conformance check, run on fresh stores from a factory.
type Check = fn(fn() -> VecStore);

fn main() {
    use homebiz::income::testing::*;
    let checks: [(&str, Check); 10] = [
        ("entries round trip", |m| entries_round_trip(m)),
        ("recording is idempotent", |m| recording_is_idempotent(m)),
        ("batches are all or nothing", |m| {
            batches_are_all_or_nothing(m)
        }),
        ("panics leave nothing", |m| panics_leave_nothing(m)),
        ("reversals cancel once", |m| reversals_cancel_once(m)),
        ("monthly totals group and order", |m| {
            monthly_totals_group_and_order(m)
        }),
        ("loans and repayments", |m| loans_and_repayments(m)),
        ("totals are sums of entries (property)", |m| {
            totals_are_sums_of_entries(m)
        }),
        ("reversals restore totals (property)", |m| {
            reversals_restore_totals(m)
        }),
        ("the store follows its contract", |m| {
            store_follows_its_contract(m)
        }),
    ];
    for (name, check) in checks {
        check(VecStore::default); // panics, naming the rule, if the store breaks it
        println!("ok: {name}");
    }
    println!("VecStore passes the income conformance suite");
}
