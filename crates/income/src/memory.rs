//! The in-memory income store: the reference implementation of the store
//! traits.

use std::collections::{BTreeMap, HashMap};
use std::sync::{PoisonError, RwLock};

use homebiz_core::id::{BusinessId, EntryId, LoanId};
use homebiz_core::{JalaliDate, JalaliMonth, Money};

use crate::entry::{Body, Recorded, Totals};
use crate::error::{IncomeError, Result};
use crate::loan::Loan;
use crate::store::{IncomeRead, IncomeStore, IncomeTx, Inserted, MonthlyTotal, Put};

#[derive(Debug, Default)]
struct State {
    entries: Vec<Recorded>,
    by_id: HashMap<EntryId, usize>,
    /// The positions of the entries under each user's key, by seq.
    by_key: HashMap<String, Vec<usize>>,
    reversals: HashMap<EntryId, EntryId>,
    loans: BTreeMap<LoanId, Loan>,
}

/// Keeps the ledger in memory.
///
/// The ledger only grows, so a failed write is undone by cutting the new
/// entries off again; writes cost what they add, whatever the ledger's
/// size. A write whose closure panics is undone the same way as the panic
/// unwinds, so the store stays usable after a panic in any thread.
///
/// ```
/// use homebiz_income::{MemoryStore, store::{IncomeRead, IncomeStore}};
///
/// let store = MemoryStore::new();
/// assert_eq!(store.read(|r| r.len())?, 0);
/// # Ok::<(), homebiz_income::IncomeError>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: RwLock<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl IncomeStore for MemoryStore {
    fn read<R>(&self, f: impl FnOnce(&dyn IncomeRead) -> Result<R>) -> Result<R> {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        f(&*state)
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn IncomeTx) -> Result<R>) -> Result<R> {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let mut tx = Tx {
            mark: state.entries.len(),
            loans: Some(state.loans.clone()),
            state: &mut state,
        };
        let out = f(&mut *tx.state);
        if out.is_ok() {
            // Committed: nothing for the drop to undo.
            tx.loans = None;
        }
        out
    }
}

/// A write transaction over the locked state: what it must restore unless
/// it commits. Dropped uncommitted (the closure failed or panicked), it cuts
/// off the entries appended since `mark` and puts the loans back.
struct Tx<'a> {
    state: &'a mut State,
    mark: usize,
    /// The loans before the write; `None` once committed.
    loans: Option<BTreeMap<LoanId, Loan>>,
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        let Some(loans) = self.loans.take() else {
            return;
        };
        let state = &mut *self.state;
        for r in state.entries.drain(self.mark..) {
            state.by_id.remove(&r.entry.id);
            if let Some(key) = &r.entry.key
                && let Some(at) = state.by_key.get_mut(key)
            {
                // The entries cut off are the last under their keys.
                at.pop();
            }
            if let Body::Reversal { of, .. } = r.entry.body {
                state.reversals.remove(&of);
            }
        }
        state.loans = loans;
    }
}

impl IncomeRead for State {
    fn entry(&self, id: EntryId) -> Result<Option<Recorded>> {
        Ok(self.by_id.get(&id).map(|&i| self.entries[i].clone()))
    }

    fn reversal_of(&self, id: EntryId) -> Result<Option<EntryId>> {
        Ok(self.reversals.get(&id).copied())
    }

    fn entries_keyed(&self, key: &str) -> Result<Vec<Recorded>> {
        Ok(self.by_key.get(key).map_or_else(Vec::new, |at| {
            at.iter().map(|&i| self.entries[i].clone()).collect()
        }))
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
        self.entries
            .iter()
            .filter(|r| r.business == business)
            .try_fold(Totals::default(), |t, r| t.checked_add(&r.effect))
    }

    fn monthly_totals(&self, from: JalaliMonth, until: JalaliMonth) -> Result<Vec<MonthlyTotal>> {
        let mut groups: BTreeMap<_, Totals> = BTreeMap::new();
        for r in &self.entries {
            let month = r.counts_on.jalali_month();
            if (from..=until).contains(&month) {
                let t = groups.entry((month, r.business, r.channel)).or_default();
                *t = t.checked_add(&r.effect)?;
            }
        }
        Ok(groups
            .into_iter()
            .map(|((month, business, channel), totals)| MonthlyTotal {
                month,
                business,
                channel,
                totals,
            })
            .collect())
    }

    fn repayments(&self, loan: LoanId) -> Result<Vec<(JalaliDate, Money)>> {
        Ok(self
            .entries
            .iter()
            .filter_map(|r| match r.entry.body {
                Body::LoanRepayment {
                    loan: l,
                    on,
                    amount,
                    ..
                } if l == loan && !self.reversals.contains_key(&r.entry.id) => Some((on, amount)),
                _ => None,
            })
            .collect())
    }

    fn len(&self) -> Result<u64> {
        Ok(self.entries.len() as u64)
    }

    fn loan(&self, id: LoanId) -> Result<Option<Loan>> {
        Ok(self.loans.get(&id).cloned())
    }

    fn loans_keyed(&self, key: &str) -> Result<Vec<Loan>> {
        Ok(self
            .loans
            .values()
            .filter(|l| l.data().key.as_deref() == Some(key))
            .cloned()
            .collect())
    }

    fn loans_of(&self, business: BusinessId) -> Result<Vec<Loan>> {
        Ok(self
            .loans
            .values()
            .filter(|l| l.data().business == business)
            .cloned()
            .collect())
    }
}

impl IncomeTx for State {
    fn insert(&mut self, recorded: &Recorded) -> Result<Inserted> {
        if let Some(existing) = self.entry(recorded.entry.id)? {
            return Ok(Inserted::Exists(Box::new(existing)));
        }
        let seq = self.entries.len() as u64 + 1;
        if let Body::Reversal { of, .. } = recorded.entry.body {
            self.reversals.insert(of, recorded.entry.id);
        }
        self.by_id.insert(recorded.entry.id, self.entries.len());
        if let Some(key) = &recorded.entry.key {
            self.by_key
                .entry(key.clone())
                .or_default()
                .push(self.entries.len());
        }
        self.entries.push(Recorded {
            seq,
            ..recorded.clone()
        });
        Ok(Inserted::New { seq })
    }

    fn put_loan(&mut self, loan: &Loan, put: Put) -> Result<()> {
        match (put, self.loans.contains_key(&loan.id())) {
            (Put::Insert, true) => Err(IncomeError::invalid(
                "loan",
                format!("{} exists already", loan.id()),
            )),
            (Put::Replace, false) => Err(IncomeError::not_found("loan", loan.id())),
            _ => {
                self.loans.insert(loan.id(), loan.clone());
                Ok(())
            }
        }
    }
}
