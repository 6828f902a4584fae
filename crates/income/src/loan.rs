//! Omid-Fund-style loans: principal, annual rate, term and grace months; an
//! instalment schedule in whole rials that sums exactly to what is owed;
//! arrears and days overdue as of a date.
//!
//! # The schedule
//!
//! With monthly rate `r = annual rate / 12`, `n` instalments and `g` grace
//! months:
//!
//! - during the grace months nothing is paid, and a charge of `P · r` a
//!   month accrues on the principal `P` (simple, not compounded);
//! - the principal is then amortised over `n` months at rate `r` (equal
//!   instalments, `A = P·r / (1 − (1 + r)^−n)`, or `P / n` when `r = 0`);
//! - the charges are the grace charge `P·r·g` plus `n·A − P`, rounded half
//!   away from zero to a whole rial; what is owed is `P` plus the charges;
//! - the instalments split what is owed into `n` whole-rial amounts by the
//!   largest-remainder method (the first ones carry the odd rials), so
//!   they sum exactly to it;
//! - each instalment's charge part is the month's charge on the balance
//!   (plus an equal share of the grace charge), rounded to a rial, and the
//!   rest pays principal; the last one pays off the balance, so principal
//!   parts sum exactly to `P` and charge parts to the charges.
//!
//! Instalment `k` (from 1) is due `g + k` months after the disbursement, on
//! the same day of the month (or the month's last day).
//!
//! ```
//! use homebiz_core::{JalaliDate, Money, id::{BusinessId, LoanId}};
//! use homebiz_core::rust_decimal::Decimal;
//! use homebiz_income::loan::{Loan, LoanData};
//!
//! let loan = Loan::new(LoanData {
//!     id: LoanId::new(),
//!     business: BusinessId::new(),
//!     principal: Money::rial(100_000_000),
//!     annual_rate: Decimal::new(4, 2), // 4%
//!     term_months: 12,
//!     grace_months: 3,
//!     disbursed_on: JalaliDate::new(1404, 1, 31)?,
//!     by: None,
//!     key: None,
//! })?;
//! let s = loan.schedule()?;
//! assert_eq!(s.instalments.len(), 12);
//! let sum: i64 = s.instalments.iter().map(|i| i.amount.minor_units()).sum();
//! assert_eq!(sum, s.total.minor_units());
//! assert_eq!(s.total.minor_units(), 100_000_000 + s.charges.minor_units());
//! // Due four months after Farvardin 31: Mordad has 31 days too; Mehr has 30.
//! assert_eq!(s.instalments[0].due, JalaliDate::new(1404, 5, 31)?);
//! assert_eq!(s.instalments[2].due, JalaliDate::new(1404, 7, 30)?);
//! # Ok::<(), homebiz_income::IncomeError>(())
//! ```

use serde::{Deserialize, Serialize};

use homebiz_core::id::{ActorId, BusinessId, LoanId, TypedId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::rust_decimal::prelude::ToPrimitive;
use homebiz_core::{Currency, JalaliDate, Money};

use crate::error::{IncomeError, Result};

/// A loan's fields, as given; [`Loan::new`] validates them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanData {
    /// Its ID.
    pub id: LoanId,
    /// The borrowing business.
    pub business: BusinessId,
    /// The principal, in rials (positive).
    pub principal: Money,
    /// The annual rate, from 0 to below 1 (0.04 is 4%).
    pub annual_rate: Decimal,
    /// Instalments (1–120).
    pub term_months: u16,
    /// Months before the first instalment's month (0–24).
    pub grace_months: u16,
    /// The day it was paid out.
    pub disbursed_on: JalaliDate,
    /// Who added it (`None` when added without a user, and for loans
    /// added before the ledger kept one).
    #[serde(default)]
    pub by: Option<ActorId>,
    /// The user's own name for it (a `loan add --id` that is not a UUID),
    /// when it has one: then `id` derives from it within the business
    /// ([`Loan::key_id`]). `None` for a loan added under a UUID or none,
    /// and for loans added before loans kept their key (issue #14), whose
    /// IDs derive from the key alone ([`Loan::legacy_id`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// A validated loan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loan(LoanData);

/// One instalment of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    /// 1 for the first.
    pub number: u16,
    /// The day it is due.
    pub due: JalaliDate,
    /// What is to be paid.
    pub amount: Money,
    /// The part that repays principal.
    pub principal: Money,
    /// The part that pays charges.
    pub charge: Money,
    /// Principal still owed after it.
    pub balance_after: Money,
}

/// A loan's instalment schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The instalments, in order.
    pub instalments: Vec<Instalment>,
    /// The principal.
    pub principal: Money,
    /// The charges (grace and amortisation).
    pub charges: Money,
    /// Principal plus charges: the sum of the instalments.
    pub total: Money,
}

/// Where a loan stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanStatus {
    /// The day.
    pub as_of: JalaliDate,
    /// What had fallen due by then.
    pub due: Money,
    /// What had been repaid by then.
    pub paid: Money,
    /// Due and not paid (0 when ahead).
    pub arrears: Money,
    /// Days since the oldest instalment not fully paid fell due (0 if none).
    pub days_overdue: i64,
    /// What remains to be paid in all.
    pub outstanding: Money,
    /// The next instalment due after the day, if any.
    pub next_due: Option<JalaliDate>,
}

fn whole_rials(x: Decimal) -> Result<i64> {
    x.round_dp_with_strategy(
        0,
        homebiz_core::rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
    .to_i64()
    .ok_or_else(|| IncomeError::invalid("loan", "amounts out of range"))
}

/// `date` moved `months` months on, on the same day or the month's last.
fn months_after(date: JalaliDate, months: u32) -> Result<JalaliDate> {
    let month = date
        .jalali_month()
        .add_months(i32::try_from(months).unwrap_or(i32::MAX))?;
    Ok(JalaliDate::new(
        month.year(),
        month.month(),
        date.day().min(month.days()),
    )?)
}

impl Loan {
    /// Validates `data`: a positive principal in rials, a rate in `[0, 1)`,
    /// 1–120 instalments, 0–24 grace months, and a key (if any) of 1 to 200
    /// characters from which the ID derives within the business
    /// ([`Loan::key_id`]).
    pub fn new(data: LoanData) -> Result<Self> {
        if data.principal.currency() != Currency::Irr || data.principal.minor_units() <= 0 {
            return Err(IncomeError::invalid(
                "principal",
                "must be a positive amount in rials",
            ));
        }
        if data.annual_rate.is_sign_negative() || data.annual_rate >= Decimal::ONE {
            return Err(IncomeError::invalid(
                "annual rate",
                "must be from 0 to below 1 (0.04 is 4%)",
            ));
        }
        if !(1..=120).contains(&data.term_months) {
            return Err(IncomeError::invalid("term", "must be 1 to 120 months"));
        }
        if data.grace_months > 24 {
            return Err(IncomeError::invalid("grace", "must be 0 to 24 months"));
        }
        if let Some(key) = &data.key {
            crate::entry::check_key(key, Self::key_id(data.business, key) == data.id)?;
        }
        Ok(Self(data))
    }

    /// The ID of the loan the user's text `key` names within `business`
    /// ([`LoanId::from_key_within`](homebiz_core::id::TypedId::from_key_within)):
    /// a key belongs to its business, so two businesses (two offices) may
    /// each add a loan under the same key. Loans added before keys were
    /// scoped by business have the ID of the key alone: see
    /// [`Loan::legacy_id`].
    ///
    /// ```
    /// use homebiz_core::id::{BusinessId, LoanId, TypedId};
    /// use homebiz_income::loan::Loan;
    ///
    /// let (a, b) = (BusinessId::from_key("A"), BusinessId::from_key("B"));
    /// assert_ne!(Loan::key_id(a, "L-1"), Loan::key_id(b, "L-1"));
    /// assert_eq!(Loan::key_id(a, "L-1"), LoanId::from_key_within(a, "L-1"));
    /// assert_ne!(Loan::key_id(a, "L-1"), Loan::legacy_id("L-1"));
    /// ```
    pub fn key_id(business: BusinessId, key: &str) -> LoanId {
        LoanId::from_key_within(business, key)
    }

    /// The ID the user's text `key` gave a loan before keys were scoped by
    /// business (before issue #14: [`LoanId::from_key`](homebiz_core::id::TypedId::from_key)
    /// of the key alone). Such loans keep their IDs; a look-up by key
    /// finds them for their own business only.
    pub fn legacy_id(key: &str) -> LoanId {
        LoanId::from_key(key)
    }

    /// Its fields.
    pub fn data(&self) -> &LoanData {
        &self.0
    }

    /// Its ID.
    pub fn id(&self) -> LoanId {
        self.0.id
    }

    /// The instalment schedule (see the [module docs](self)).
    pub fn schedule(&self) -> Result<Schedule> {
        let d = &self.0;
        let p = Decimal::from(d.principal.minor_units());
        let r = d.annual_rate / Decimal::from(12);
        let n = u32::from(d.term_months);
        let grace = p * r * Decimal::from(d.grace_months);
        let payment = if r.is_zero() {
            p / Decimal::from(n)
        } else {
            let mut growth = Decimal::ONE;
            for _ in 0..n {
                growth = growth
                    .checked_mul(Decimal::ONE + r)
                    .ok_or_else(|| IncomeError::invalid("loan", "rate and term out of range"))?;
            }
            p * r * growth / (growth - Decimal::ONE)
        };
        let charges = whole_rials(grace + payment * Decimal::from(n) - p)?.max(0);
        let principal = d.principal.minor_units();
        let total = Money::rial(principal)
            .checked_add(Money::rial(charges))
            .map_err(IncomeError::from)?;
        let amounts = total.allocate(&vec![1; n as usize])?;
        let grace_share = grace / Decimal::from(n);
        let mut balance = principal;
        let mut instalments = Vec::with_capacity(n as usize);
        for (k, amount) in amounts.into_iter().enumerate() {
            let last = k + 1 == n as usize;
            let charge = if last {
                amount.minor_units() - balance
            } else {
                whole_rials(Decimal::from(balance) * r + grace_share)?.min(amount.minor_units())
            };
            let repaid = amount.minor_units() - charge;
            balance -= repaid;
            instalments.push(Instalment {
                number: u16::try_from(k + 1).unwrap_or(u16::MAX),
                due: months_after(d.disbursed_on, u32::from(d.grace_months) + k as u32 + 1)?,
                amount,
                principal: Money::rial(repaid),
                charge: Money::rial(charge),
                balance_after: Money::rial(balance),
            });
        }
        Ok(Schedule {
            instalments,
            principal: d.principal,
            charges: Money::rial(charges),
            total,
        })
    }

    /// Where the loan stands on `as_of`, given its `repayments` (day and
    /// amount; those after `as_of` are ignored).
    pub fn status(
        &self,
        repayments: &[(JalaliDate, Money)],
        as_of: JalaliDate,
    ) -> Result<LoanStatus> {
        let schedule = self.schedule()?;
        let paid = Money::checked_sum(
            Currency::Irr,
            repayments
                .iter()
                .filter(|(on, _)| *on <= as_of)
                .map(|(_, m)| *m),
        )?;
        let mut due = Money::rial(0);
        let mut covered = paid.minor_units();
        let mut oldest_unpaid = None;
        for i in schedule.instalments.iter().filter(|i| i.due <= as_of) {
            due = due.checked_add(i.amount)?;
            if covered >= i.amount.minor_units() {
                covered -= i.amount.minor_units();
            } else {
                covered = 0;
                oldest_unpaid.get_or_insert(i.due);
            }
        }
        let arrears = Money::rial((due.minor_units() - paid.minor_units()).max(0));
        Ok(LoanStatus {
            as_of,
            due,
            paid,
            arrears,
            days_overdue: oldest_unpaid.map_or(0, |d| d.days_until(as_of)),
            outstanding: Money::rial((schedule.total.minor_units() - paid.minor_units()).max(0)),
            next_due: schedule
                .instalments
                .iter()
                .find(|i| i.due > as_of)
                .map(|i| i.due),
        })
    }
}

impl<'de> Deserialize<'de> for Loan {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Self::new(LoanData::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
