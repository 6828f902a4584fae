//! Ledger entries and what each does to a business's totals.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use homebiz_core::id::{ActorId, BusinessId, ChannelId, EntryId, LoanId, TypedId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::text::Lang;
use homebiz_core::{Currency, JalaliDate, Money, Rounding};

use crate::error::{IncomeError, Result};
use crate::store::IncomeRead;

/// What a cost was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// Raw materials (wool, fruit, flour, jars).
    Materials,
    /// Packaging and labels.
    Packaging,
    /// Transport to buyers and channels.
    Transport,
    /// Rent of space or equipment.
    Rent,
    /// Electricity, gas, water.
    Utilities,
    /// Tools and machines.
    Equipment,
    /// Paid help.
    Labour,
    /// Anything else.
    Other,
}

impl CostCategory {
    /// All eight.
    pub const ALL: [Self; 8] = [
        Self::Materials,
        Self::Packaging,
        Self::Transport,
        Self::Rent,
        Self::Utilities,
        Self::Equipment,
        Self::Labour,
        Self::Other,
    ];

    /// The snake-case code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Materials => "materials",
            Self::Packaging => "packaging",
            Self::Transport => "transport",
            Self::Rent => "rent",
            Self::Utilities => "utilities",
            Self::Equipment => "equipment",
            Self::Labour => "labour",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for CostCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for CostCategory {
    type Err = IncomeError;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.code() == s)
            .ok_or_else(|| {
                IncomeError::invalid(
                    "cost category",
                    "expected materials, packaging, transport, rent, utilities, equipment, \
                     labour or other",
                )
            })
    }
}

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Body {
    /// Goods sold.
    Sale {
        /// The seller.
        business: BusinessId,
        /// Where it sold, if through a channel.
        channel: Option<ChannelId>,
        /// The day.
        on: JalaliDate,
        /// Units sold (at least 1).
        quantity: u32,
        /// Price per unit (positive).
        unit_price: Money,
        /// The channel's commission on the sale (0 to the gross).
        commission: Money,
    },
    /// A cost of the business.
    Cost {
        /// The business.
        business: BusinessId,
        /// The day.
        on: JalaliDate,
        /// What for.
        category: CostCategory,
        /// How much (positive).
        amount: Money,
    },
    /// A fee paid to a channel (a booth's rent, a fair's entry).
    Fee {
        /// The business.
        business: BusinessId,
        /// The channel, if any.
        channel: Option<ChannelId>,
        /// The day.
        on: JalaliDate,
        /// How much (positive).
        amount: Money,
    },
    /// A loan paid out to the business.
    LoanDisbursement {
        /// The business.
        business: BusinessId,
        /// The loan.
        loan: LoanId,
        /// The day.
        on: JalaliDate,
        /// How much (positive).
        amount: Money,
    },
    /// A repayment of a loan.
    LoanRepayment {
        /// The business.
        business: BusinessId,
        /// The loan.
        loan: LoanId,
        /// The day.
        on: JalaliDate,
        /// How much (positive).
        amount: Money,
    },
    /// Cancels an earlier entry, which stays in the ledger.
    Reversal {
        /// The entry cancelled.
        of: EntryId,
        /// The day of the correction.
        on: JalaliDate,
        /// Why (1–500 characters).
        reason: String,
    },
}

/// The columns of an entry's body that a SQL store keeps beside the
/// entry's kind, business, channel, day and effect (which hold the rest):
/// what [`Body::columns`] gives and [`Body::from_columns`] reads back, so
/// that every store maps bodies the same way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyColumns {
    /// A sale's units.
    pub quantity: Option<u32>,
    /// A sale's unit price, in rials.
    pub unit_price: Option<i64>,
    /// A cost's category code.
    pub category: Option<String>,
    /// A loan disbursement's or repayment's loan.
    pub loan: Option<LoanId>,
    /// The entry a reversal cancels.
    pub reverses: Option<EntryId>,
    /// A reversal's reason.
    pub reason: Option<String>,
}

/// A sale whose quantity × unit price no amount can hold (the ledger's
/// [`Limits`](crate::Limits) name their own bound, lower still).
fn too_large() -> IncomeError {
    IncomeError::invalid(
        "gross",
        "quantity × unit price is too large: over the limit for one amount",
    )
}

impl Body {
    /// A sale whose commission is `rate` of the gross (0.09 is 9%), rounded
    /// half away from zero to a whole rial; commission and the seller's
    /// share sum exactly to the gross.
    pub fn sale_at_rate(
        business: BusinessId,
        channel: Option<ChannelId>,
        on: JalaliDate,
        quantity: u32,
        unit_price: Money,
        rate: Decimal,
    ) -> Result<Self> {
        if rate.is_sign_negative() || rate >= Decimal::ONE {
            return Err(IncomeError::invalid(
                "commission",
                "a rate from 0 to below 1",
            ));
        }
        let gross = unit_price
            .checked_mul(i64::from(quantity))
            .map_err(|_| too_large())?;
        let (commission, _) = gross.split_by_rate(rate, Rounding::HalfAwayFromZero)?;
        Ok(Self::Sale {
            business,
            channel,
            on,
            quantity,
            unit_price,
            commission,
        })
    }

    /// The columns a store keeps of this body (see [`BodyColumns`]).
    pub fn columns(&self) -> BodyColumns {
        match self {
            Self::Sale {
                quantity,
                unit_price,
                ..
            } => BodyColumns {
                quantity: Some(*quantity),
                unit_price: Some(unit_price.minor_units()),
                ..BodyColumns::default()
            },
            Self::Cost { category, .. } => BodyColumns {
                category: Some(category.code().to_owned()),
                ..BodyColumns::default()
            },
            Self::LoanDisbursement { loan, .. } | Self::LoanRepayment { loan, .. } => BodyColumns {
                loan: Some(*loan),
                ..BodyColumns::default()
            },
            Self::Reversal { of, reason, .. } => BodyColumns {
                reverses: Some(*of),
                reason: Some(reason.clone()),
                ..BodyColumns::default()
            },
            Self::Fee { .. } => BodyColumns::default(),
        }
    }

    /// The body a store kept as `kind` (see [`kind`](Self::kind)) with
    /// `columns`, for an entry of `business` through `channel` on `on`
    /// whose effect is `effect` (where the amounts are). A kind that is
    /// unknown or lacks a column it needs is [`IncomeError::Invalid`].
    pub fn from_columns(
        kind: &str,
        business: BusinessId,
        channel: Option<ChannelId>,
        on: JalaliDate,
        columns: BodyColumns,
        effect: &Totals,
    ) -> Result<Self> {
        let missing = |field| IncomeError::invalid(field, "missing");
        let loan = || columns.loan.ok_or_else(|| missing("loan"));
        Ok(match kind {
            "sale" => Self::Sale {
                business,
                channel,
                on,
                quantity: columns.quantity.ok_or_else(|| missing("quantity"))?,
                unit_price: Money::rial(columns.unit_price.ok_or_else(|| missing("unit_price"))?),
                commission: effect.commission,
            },
            "cost" => Self::Cost {
                business,
                on,
                category: columns
                    .category
                    .as_deref()
                    .ok_or_else(|| missing("category"))?
                    .parse()?,
                amount: effect.costs,
            },
            "fee" => Self::Fee {
                business,
                channel,
                on,
                amount: effect.fees,
            },
            "loan_disbursement" => Self::LoanDisbursement {
                business,
                loan: loan()?,
                on,
                amount: effect.disbursed,
            },
            "loan_repayment" => Self::LoanRepayment {
                business,
                loan: loan()?,
                on,
                amount: effect.repaid,
            },
            "reversal" => Self::Reversal {
                of: columns.reverses.ok_or_else(|| missing("reverses"))?,
                on,
                reason: columns.reason.unwrap_or_default(),
            },
            _ => return Err(IncomeError::invalid("kind", "unknown")),
        })
    }

    /// The kind's name for people in `lang` (the code is
    /// [`kind`](Self::kind)).
    pub fn kind_name(&self, lang: Lang) -> &'static str {
        kind_name(self.kind(), lang).unwrap_or("")
    }

    /// The snake-case name of the kind.
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Sale { .. } => "sale",
            Self::Cost { .. } => "cost",
            Self::Fee { .. } => "fee",
            Self::LoanDisbursement { .. } => "loan_disbursement",
            Self::LoanRepayment { .. } => "loan_repayment",
            Self::Reversal { .. } => "reversal",
        }
    }

    /// The day written on the entry.
    pub fn on(&self) -> JalaliDate {
        match self {
            Self::Sale { on, .. }
            | Self::Cost { on, .. }
            | Self::Fee { on, .. }
            | Self::LoanDisbursement { on, .. }
            | Self::LoanRepayment { on, .. }
            | Self::Reversal { on, .. } => *on,
        }
    }

    /// The business, for every kind but a reversal.
    pub fn business(&self) -> Option<BusinessId> {
        match self {
            Self::Sale { business, .. }
            | Self::Cost { business, .. }
            | Self::Fee { business, .. }
            | Self::LoanDisbursement { business, .. }
            | Self::LoanRepayment { business, .. } => Some(*business),
            Self::Reversal { .. } => None,
        }
    }

    /// The channel, for a sale or a fee.
    pub fn channel(&self) -> Option<ChannelId> {
        match self {
            Self::Sale { channel, .. } | Self::Fee { channel, .. } => *channel,
            _ => None,
        }
    }

    /// Checks the body's own fields: positive amounts and quantities in
    /// rials, a commission within the gross, a reason for a reversal.
    pub fn validate(&self) -> Result<()> {
        let positive = |field, m: Money| {
            if m.currency() != Currency::Irr {
                return Err(IncomeError::invalid(field, "must be in rials (IRR)"));
            }
            if m.minor_units() <= 0 {
                return Err(IncomeError::invalid(field, "must be positive"));
            }
            Ok(())
        };
        match self {
            Self::Sale {
                quantity,
                unit_price,
                commission,
                ..
            } => {
                if *quantity == 0 {
                    return Err(IncomeError::invalid("quantity", "must be at least 1"));
                }
                positive("unit price", *unit_price)?;
                let gross = unit_price
                    .checked_mul(i64::from(*quantity))
                    .map_err(|_| too_large())?;
                if commission.is_negative()
                    || commission.checked_cmp(gross)?.is_gt()
                    || commission.currency() != Currency::Irr
                {
                    return Err(IncomeError::invalid(
                        "commission",
                        "must be from 0 to the sale's gross, in rials",
                    ));
                }
                Ok(())
            }
            Self::Cost { amount, .. }
            | Self::Fee { amount, .. }
            | Self::LoanDisbursement { amount, .. }
            | Self::LoanRepayment { amount, .. } => positive("amount", *amount),
            Self::Reversal { reason, .. } => {
                homebiz_core::validate::plain(reason)
                    .map_err(|e| IncomeError::invalid("reason", e))?;
                let n = reason.trim().chars().count();
                if n == 0 || n > 500 {
                    return Err(IncomeError::invalid("reason", "1 to 500 characters"));
                }
                Ok(())
            }
        }
    }

    /// The first field in which `self` and `other` differ, by name.
    pub fn first_difference(&self, other: &Self) -> Option<&'static str> {
        if self.kind() != other.kind() {
            return Some("kind");
        }
        if self.business() != other.business() {
            return Some("business");
        }
        if self.channel() != other.channel() {
            return Some("channel");
        }
        if self.on() != other.on() {
            return Some("date");
        }
        match (self, other) {
            (
                Self::Sale {
                    quantity: q1,
                    unit_price: p1,
                    commission: c1,
                    ..
                },
                Self::Sale {
                    quantity: q2,
                    unit_price: p2,
                    commission: c2,
                    ..
                },
            ) => (q1 != q2)
                .then_some("quantity")
                .or((p1 != p2).then_some("unit_price"))
                .or((c1 != c2).then_some("commission")),
            (
                Self::Cost {
                    category: k1,
                    amount: a1,
                    ..
                },
                Self::Cost {
                    category: k2,
                    amount: a2,
                    ..
                },
            ) => (k1 != k2)
                .then_some("category")
                .or((a1 != a2).then_some("amount")),
            (
                Self::LoanDisbursement {
                    loan: l1,
                    amount: a1,
                    ..
                },
                Self::LoanDisbursement {
                    loan: l2,
                    amount: a2,
                    ..
                },
            )
            | (
                Self::LoanRepayment {
                    loan: l1,
                    amount: a1,
                    ..
                },
                Self::LoanRepayment {
                    loan: l2,
                    amount: a2,
                    ..
                },
            ) => (l1 != l2)
                .then_some("loan")
                .or((a1 != a2).then_some("amount")),
            (Self::Fee { amount: a1, .. }, Self::Fee { amount: a2, .. }) => {
                (a1 != a2).then_some("amount")
            }
            (
                Self::Reversal {
                    of: o1, reason: r1, ..
                },
                Self::Reversal {
                    of: o2, reason: r2, ..
                },
            ) => (o1 != o2)
                .then_some("of")
                .or((r1.trim() != r2.trim()).then_some("reason")),
            _ => Some("kind"),
        }
    }

    /// What the entry adds to its business's totals (a reversal's effect is
    /// the negation of the entry it cancels, worked out by the ledger).
    pub fn effect(&self) -> Result<Totals> {
        let mut t = Totals::default();
        match self {
            Self::Sale {
                quantity,
                unit_price,
                commission,
                ..
            } => {
                t.revenue = unit_price.checked_mul(i64::from(*quantity))?;
                t.commission = *commission;
            }
            Self::Cost { amount, .. } => t.costs = *amount,
            Self::Fee { amount, .. } => t.fees = *amount,
            Self::LoanDisbursement { amount, .. } => t.disbursed = *amount,
            Self::LoanRepayment { amount, .. } => t.repaid = *amount,
            Self::Reversal { .. } => {}
        }
        Ok(t)
    }
}

/// One ledger entry: a caller-supplied ID and what it records. The same ID
/// recorded again with the same body is a no-op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The user's own name for it (an import file's `id`, a `--id`), when
    /// it has one that is not a UUID: then `id` derives from it within
    /// the entry's business ([`Entry::key_id`]), and statements show it
    /// instead of the ID. Not part of the content: the same ID is the same
    /// entry, key or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Its ID, chosen by the caller (a UUID v7 from [`EntryId::new`], or one
    /// derived from an import file's `id` column).
    pub id: EntryId,
    /// What it records.
    pub body: Body,
}

impl Entry {
    /// The ID of the entry that the user's text `key` names within
    /// `business`: [`EntryId::from_key_within`] the business, so two
    /// businesses (two offices) may use the same key for entries of their
    /// own. A reversal, which has no business of its own, derives it from
    /// the key alone ([`EntryId::from_key`]).
    ///
    /// Entries recorded before keys were scoped by business derived their
    /// ID from the key alone: see [`Entry::legacy_id`].
    ///
    /// ```
    /// use homebiz_core::id::{BusinessId, EntryId, TypedId};
    /// use homebiz_income::entry::Entry;
    ///
    /// let (a, b) = (BusinessId::from_key("A"), BusinessId::from_key("B"));
    /// assert_ne!(Entry::key_id(Some(a), "S-1"), Entry::key_id(Some(b), "S-1"));
    /// assert_eq!(Entry::key_id(Some(a), "S-1"), EntryId::from_key_within(a, "S-1"));
    /// assert_eq!(Entry::key_id(None, "S-1"), EntryId::from_key("S-1"));
    /// ```
    pub fn key_id(business: Option<BusinessId>, key: &str) -> EntryId {
        match business {
            Some(business) => EntryId::from_key_within(business, key),
            None => EntryId::from_key(key),
        }
    }

    /// The entry named by the user's `key`: a UUID is taken as the ID
    /// itself (no key kept); any other text is kept as the key, and the
    /// ID derived from it within the body's business ([`Entry::key_id`]),
    /// so the same key for the same business is the same entry, and
    /// another business's entry under the same key is another entry.
    ///
    /// ```
    /// use homebiz_core::{JalaliDate, Money, id::{BusinessId, EntryId, TypedId}};
    /// use homebiz_income::entry::{Body, Entry};
    ///
    /// let shop = BusinessId::new();
    /// let body = Body::Cost {
    ///     business: shop,
    ///     on: JalaliDate::new(1404, 2, 1)?,
    ///     category: "materials".parse()?,
    ///     amount: Money::rial(1_000),
    /// };
    /// let keyed = Entry::keyed("S-1", body.clone());
    /// assert_eq!((keyed.key.as_deref(), keyed.id), (Some("S-1"), EntryId::from_key_within(shop, "S-1")));
    /// let id = EntryId::new();
    /// assert_eq!(Entry::keyed(&id.to_string(), body).key, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn keyed(key: &str, body: Body) -> Self {
        let key = key.trim();
        match key.parse::<EntryId>() {
            Ok(id) => Self {
                key: None,
                id,
                body,
            },
            Err(_) => Self {
                key: Some(key.to_owned()),
                id: Self::key_id(body.business(), key),
                body,
            },
        }
    }

    /// The ID this entry's key gave before keys were scoped by business
    /// (before issue #14: [`EntryId::from_key`] of the key alone), when
    /// that is another ID than its own. Entries recorded then keep their
    /// IDs; the ledger recognises a keyed entry recorded again for the
    /// same business under its old ID (see
    /// [`Ledger::record`](crate::Ledger::record)), so that a replay of an
    /// old key adds nothing.
    ///
    /// ```
    /// use homebiz_core::{JalaliDate, Money, id::{BusinessId, EntryId, TypedId}};
    /// use homebiz_income::entry::{Body, Entry};
    ///
    /// let body = Body::Fee {
    ///     business: BusinessId::new(), channel: None,
    ///     on: JalaliDate::new(1404, 2, 1)?, amount: Money::rial(1_000),
    /// };
    /// assert_eq!(Entry::keyed("F-1", body.clone()).legacy_id(), Some(EntryId::from_key("F-1")));
    /// assert_eq!(Entry::keyed(&EntryId::new().to_string(), body).legacy_id(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn legacy_id(&self) -> Option<EntryId> {
        let key = self.key.as_deref()?;
        let legacy = EntryId::from_key(key);
        (legacy != self.id).then_some(legacy)
    }

    /// The entry under which this one is recorded in `r` before keys were
    /// scoped by business, if any: the one with its [`legacy_id`](Self::legacy_id)
    /// and the same business, under the same key (or under none: a ledger
    /// from before keys were kept, whose IDs derived from them all the
    /// same). Recording this entry again is
    /// recording that one again (a no-op when the bodies agree, a
    /// conflict when not); an entry under the old ID of another business
    /// (another office's, using the same key) is not this one.
    pub fn recorded_before(&self, r: &dyn IncomeRead) -> Result<Option<Recorded>> {
        let Some(legacy) = self.legacy_id() else {
            return Ok(None);
        };
        Ok(r.entry(legacy)?.filter(|old| self.is_recorded_as(old)))
    }

    /// Whether `old`, the entry under this one's
    /// [`legacy_id`](Self::legacy_id), is this one recorded before keys
    /// were scoped by business (see [`recorded_before`](Self::recorded_before)):
    /// the same business, under the same key or under none.
    pub fn is_recorded_as(&self, old: &Recorded) -> bool {
        (old.entry.key.is_none() || old.entry.key == self.key)
            && old.entry.body.business().is_some()
            && old.entry.body.business() == self.body.business()
    }

    /// Checks the body ([`Body::validate`]) and the key: plain text of 1
    /// to 200 characters from which the ID derives, within the business
    /// ([`Entry::key_id`]) or, for an entry recorded before keys were
    /// scoped, alone ([`EntryId::from_key`]).
    pub fn validate(&self) -> Result<()> {
        if let Some(key) = &self.key {
            check_key(
                key,
                Self::key_id(self.body.business(), key) == self.id
                    || EntryId::from_key(key) == self.id,
            )?;
        }
        self.body.validate()
    }
}

/// Checks a user's key of an entry or a loan: plain text of 1 to 200
/// characters with no space around, from which the record's ID derives
/// (`derives`).
pub(crate) fn check_key(key: &str, derives: bool) -> Result<()> {
    homebiz_core::validate::plain(key).map_err(|e| IncomeError::invalid("key", e))?;
    let n = key.chars().count();
    if n == 0 || n > 200 || key.trim() != key {
        return Err(IncomeError::invalid(
            "key",
            "1 to 200 characters, no space around",
        ));
    }
    if !derives {
        return Err(IncomeError::invalid(
            "key",
            "the id does not derive from it",
        ));
    }
    Ok(())
}

/// Sums of money for a business (or any group): what sales, costs, fees and
/// loans add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Totals {
    /// Sales, gross.
    pub revenue: Money,
    /// Commission on sales.
    pub commission: Money,
    /// Costs.
    pub costs: Money,
    /// Fees.
    pub fees: Money,
    /// Loans paid out.
    pub disbursed: Money,
    /// Loans repaid.
    pub repaid: Money,
}

impl Default for Totals {
    fn default() -> Self {
        let zero = Money::zero(Currency::Irr);
        Self {
            revenue: zero,
            commission: zero,
            costs: zero,
            fees: zero,
            disbursed: zero,
            repaid: zero,
        }
    }
}

impl Totals {
    /// Net income: revenue − commission − costs − fees (loans are not
    /// income).
    pub fn net(&self) -> Result<Money> {
        Ok(self
            .revenue
            .checked_sub(self.commission)?
            .checked_sub(self.costs)?
            .checked_sub(self.fees)?)
    }

    fn zip(&self, other: &Self, f: impl Fn(Money, Money) -> Result<Money>) -> Result<Self> {
        Ok(Self {
            revenue: f(self.revenue, other.revenue)?,
            commission: f(self.commission, other.commission)?,
            costs: f(self.costs, other.costs)?,
            fees: f(self.fees, other.fees)?,
            disbursed: f(self.disbursed, other.disbursed)?,
            repaid: f(self.repaid, other.repaid)?,
        })
    }

    /// The sum, checked.
    pub fn checked_add(&self, other: &Self) -> Result<Self> {
        self.zip(other, |a, b| Ok(a.checked_add(b)?))
    }

    /// Every amount negated.
    pub fn checked_neg(&self) -> Result<Self> {
        self.zip(self, |a, _| Ok(a.checked_neg()?))
    }

    /// Whether every amount is zero.
    pub fn is_zero(&self) -> bool {
        [
            self.revenue,
            self.commission,
            self.costs,
            self.fees,
            self.disbursed,
            self.repaid,
        ]
        .iter()
        .all(|m| m.is_zero())
    }
}

/// An entry as the ledger keeps it: numbered in recording order, with what
/// it did to which business on which day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// Its place in the ledger, from 1.
    pub seq: u64,
    /// The entry as recorded.
    pub entry: Entry,
    /// The business whose totals it changes (for a reversal, the cancelled
    /// entry's).
    pub business: BusinessId,
    /// The channel, if any (for a reversal, the cancelled entry's).
    pub channel: Option<ChannelId>,
    /// The day it counts on in reports (for a reversal, the cancelled
    /// entry's day: the cancelled entry disappears from every report).
    pub counts_on: JalaliDate,
    /// What it adds to the totals.
    pub effect: Totals,
    /// Who recorded it (`None` for entries recorded without a user, and
    /// for entries recorded before the ledger kept one). A reversal
    /// records its own.
    #[serde(default)]
    pub by: Option<ActorId>,
}

/// The name for people in `lang` of the entry kind whose code
/// ([`Body::kind`]) is `kind`; `None` for an unknown code.
///
/// ```
/// use homebiz_core::text::Lang;
/// use homebiz_income::entry::kind_name;
/// assert_eq!(kind_name("loan_repayment", Lang::Fa), Some("بازپرداخت وام"));
/// assert_eq!(kind_name("loan_repayment", Lang::En), Some("loan repayment"));
/// ```
pub fn kind_name(kind: &str, lang: Lang) -> Option<&'static str> {
    let (en, fa) = match kind {
        "sale" => ("sale", "فروش"),
        "cost" => ("cost", "هزینه"),
        "fee" => ("fee", "عوارض"),
        "loan_disbursement" => ("loan disbursement", "پرداخت وام"),
        "loan_repayment" => ("loan repayment", "بازپرداخت وام"),
        "reversal" => ("reversal", "برگشت"),
        _ => return None,
    };
    Some(match lang {
        Lang::En => en,
        Lang::Fa => fa,
    })
}
