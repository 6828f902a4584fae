//! [`Limits`]: bounds on what the ledger accepts, so that no sum it
//! computes can overflow.
//!
//! Money is whole rials in an `i64`. Without bounds, two sales of
//! 9·10¹⁸ rials each are valid one by one, yet no report can add them up,
//! and the ledger never deletes. So the ledger refuses, with
//! [`IncomeError::OverLimit`]:
//!
//! - an entry whose amount is above [`Limits::max_amount`]: a sale's gross
//!   (unit price × quantity), a cost, a fee, a loan disbursement or
//!   repayment;
//! - a loan whose principal is above it;
//!
//! and, with [`IncomeError::Full`], an entry past [`Limits::capacity`]:
//! [`HEADROOM`] divided by the largest amount.
//!
//! Every figure the ledger and its reports add up — a business's totals, a
//! monthly total, a report row, a household's month, net income — is a sum
//! of entries' effects, each between −`max_amount` and `max_amount`, over
//! at most `capacity` entries. Its absolute value, and that of every
//! partial sum in any order (SQLite's `SUM` included), therefore stays
//! within [`HEADROOM`], half of `i64::MAX`: the other half is left for what
//! is added to those sums outside the ledger, such as a household's
//! baseline income (bounded by the registry).
//!
//! The bound holds for the largest limit any writer of the ledger used:
//! every program that writes to one ledger should use the same limits.
//!
//! The default, 100,000,000,000 rials (10 billion toman) an entry, is far
//! above any home business's single sale, cost or loan, and leaves room
//! for about 46 million entries. A programme that needs larger entries
//! raises it, and gets fewer entries.
//!
//! ```
//! use homebiz_core::{JalaliDate, Money, id::{BusinessId, EntryId}};
//! use homebiz_income::{IncomeError, Ledger, Limits, MemoryStore};
//! use homebiz_income::entry::{Body, Entry};
//!
//! let ledger = Ledger::with_limits(MemoryStore::new(), Limits::new(Money::rial(1_000_000_000))?);
//! let sale = |price| Entry { key: None, id: EntryId::new(), body: Body::Sale {
//!     business: BusinessId::new(), channel: None, on: JalaliDate::new(1404, 7, 1).unwrap(),
//!     quantity: 2, unit_price: Money::rial(price), commission: Money::rial(0) } };
//! ledger.record(sale(500_000_000))?; // a gross of exactly the limit
//! let err = ledger.record(sale(500_000_001)).unwrap_err();
//! assert!(matches!(err, IncomeError::OverLimit { field: "gross", .. }));
//! assert_eq!(
//!     err.to_string(),
//!     "the sale's gross (quantity × unit price) is over the ledger's limit of 1,000,000,000 rials an entry"
//! );
//! assert_eq!(ledger.limits().capacity(), 4_611_686_018);
//! # Ok::<(), IncomeError>(())
//! ```

use serde::{Deserialize, Serialize};

use homebiz_core::Money;
use homebiz_core::money::AmountLimit;

use crate::entry::Body;
use crate::error::{IncomeError, Result};

/// Half of `i64::MAX`: the most any sum of the ledger's effects can reach
/// in absolute value (see the module docs).
pub const HEADROOM: i64 = i64::MAX / 2;

/// The default largest amount of one entry: 100,000,000,000 rials, the
/// workspace's one default ([`homebiz_core::money::DEFAULT_MAX_AMOUNT`]),
/// which the market uses too.
pub const DEFAULT_MAX_AMOUNT: i64 = homebiz_core::money::DEFAULT_MAX_AMOUNT;

/// What one entry may carry; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LimitsData")]
pub struct Limits {
    max_amount: AmountLimit,
}

#[derive(Deserialize)]
struct LimitsData {
    max_amount: Money,
}

impl TryFrom<LimitsData> for Limits {
    type Error = IncomeError;

    fn try_from(data: LimitsData) -> Result<Self> {
        Self::new(data.max_amount)
    }
}

impl Default for Limits {
    /// 100,000,000,000 rials an entry (about 46 million entries).
    fn default() -> Self {
        Self {
            max_amount: AmountLimit::default(),
        }
    }
}

impl Limits {
    /// Limits with `max_amount` as the largest amount of one entry: a
    /// positive amount in rials.
    pub fn new(max_amount: Money) -> Result<Self> {
        let max_amount = AmountLimit::new(max_amount).map_err(|_| {
            IncomeError::invalid("max_amount", "must be a positive amount in rials")
        })?;
        Ok(Self { max_amount })
    }

    /// The largest amount of one entry.
    pub fn max_amount(&self) -> Money {
        self.max_amount.max()
    }

    /// The largest amount of one entry, as the market takes it
    /// (`Market::with_max_amount`), so that both agree.
    pub fn amount_limit(&self) -> AmountLimit {
        self.max_amount
    }

    /// The most entries the ledger holds: [`HEADROOM`] / `max_amount`.
    pub fn capacity(&self) -> u64 {
        (HEADROOM / self.max_amount.rials()).unsigned_abs()
    }

    /// Checks one amount, named `field`.
    pub fn check_amount(&self, field: &'static str, amount: Money) -> Result<()> {
        if amount.minor_units() > self.max_amount.rials() {
            return Err(self.over(field));
        }
        Ok(())
    }

    /// Checks what `body` carries: a sale's gross (quantity × unit price,
    /// named `gross`; a product too large to compute is over the limit
    /// too), or the amount of a cost, fee or loan movement. A reversal
    /// carries nothing of its own.
    pub fn check(&self, body: &Body) -> Result<()> {
        match body {
            Body::Sale {
                quantity,
                unit_price,
                ..
            } => {
                let gross = unit_price
                    .checked_mul(i64::from(*quantity))
                    .map_err(|_| self.over("gross"))?;
                self.check_amount("gross", gross)
            }
            Body::Cost { amount, .. }
            | Body::Fee { amount, .. }
            | Body::LoanDisbursement { amount, .. }
            | Body::LoanRepayment { amount, .. } => self.check_amount("amount", *amount),
            Body::Reversal { .. } => Ok(()),
        }
    }

    fn over(&self, field: &'static str) -> IncomeError {
        IncomeError::OverLimit {
            field,
            limit: self.max_amount,
        }
    }
}
