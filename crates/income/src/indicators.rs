//! Indicators: income change against the baseline, sustained employment and
//! the graduation check.
//!
//! # Defaults (starting values to calibrate)
//!
//! - **Sustained employment**: net monthly income of at least 26,000,000
//!   rials — about a quarter of the 1404 minimum monthly wage (about
//!   104,000,000 rials) — in at least 6 of the last 9 Jalali months.
//! - **Graduation**: sustained employment, business net income adding at
//!   least 30% to the household's baseline income, and a sales channel in
//!   the linkage window.
//!
//! ```
//! use homebiz_core::{JalaliMonth, Money};
//! use homebiz_income::indicators::{income_change, sustained, SustainedRule};
//!
//! let last = JalaliMonth::new(1404, 9)?;
//! let rule = SustainedRule::default();
//! // Nine months of net income, six at or above the threshold.
//! let nets: Vec<(JalaliMonth, Money)> = (0..9)
//!     .map(|k| (last.add_months(-k).unwrap(), Money::rial(if k < 6 { 30_000_000 } else { 0 })))
//!     .collect();
//! let s = sustained(&nets, last, &rule)?;
//! assert_eq!(s.months_at_or_above, 6);
//! assert!(s.sustained);
//!
//! // A household that had 20,000,000 rials a month; its business now nets
//! // 5,000,000 and 3,000,000: 4,000,000 more a month, 20% up.
//! let change = income_change(Money::rial(20_000_000), &[Money::rial(5_000_000), Money::rial(3_000_000)])?;
//! assert_eq!(change.average_net, Money::rial(4_000_000));
//! assert_eq!(change.current, Money::rial(24_000_000));
//! assert_eq!(change.percent, Some(20.into()));
//! # Ok::<(), homebiz_income::IncomeError>(())
//! ```

use serde::{Deserialize, Serialize};

use homebiz_core::rust_decimal::Decimal;
use homebiz_core::rust_decimal::prelude::ToPrimitive;
use homebiz_core::{Currency, JalaliMonth, JalaliMonthRange, Money};

use crate::error::{IncomeError, Result};

/// When a business counts as sustained employment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SustainedRule {
    /// The least net monthly income that counts.
    pub threshold: Money,
    /// How many months must reach it…
    pub months: u8,
    /// …of how many last months.
    pub window: u8,
}

/// The longest window of [`SustainedRule`], in months (ten years).
pub const MAX_WINDOW: u8 = 120;

impl SustainedRule {
    /// Checks the rule: a window of 1 to [`MAX_WINDOW`] months, and from 1
    /// month to the window's length at or above the threshold. Errors
    /// name the field (`window`, `months`).
    ///
    /// ```
    /// use homebiz_income::indicators::SustainedRule;
    ///
    /// assert!(SustainedRule::default().validate().is_ok());
    /// let rule = |months, window| SustainedRule { months, window, ..SustainedRule::default() };
    /// assert_eq!(rule(0, 9).validate().unwrap_err().to_string(), "invalid months: must be from 1 to the window (9)");
    /// assert_eq!(rule(10, 9).validate().unwrap_err().to_string(), "invalid months: must be from 1 to the window (9)");
    /// assert_eq!(rule(1, 0).validate().unwrap_err().to_string(), "invalid window: must be from 1 to 120 months");
    /// ```
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_WINDOW).contains(&self.window) {
            return Err(IncomeError::invalid(
                "window",
                format!("must be from 1 to {MAX_WINDOW} months"),
            ));
        }
        if !(1..=self.window).contains(&self.months) {
            return Err(IncomeError::invalid(
                "months",
                format!("must be from 1 to the window ({})", self.window),
            ));
        }
        Ok(())
    }
}

impl Default for SustainedRule {
    /// 26,000,000 rials in at least 6 of the last 9 months.
    fn default() -> Self {
        Self {
            threshold: Money::rial(26_000_000),
            months: 6,
            window: 9,
        }
    }
}

/// Whether a business is sustained employment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sustained {
    /// The months looked at.
    pub window: JalaliMonthRange,
    /// Months of the window whose net income reached the threshold.
    pub months_at_or_above: u8,
    /// Whether that is enough.
    pub sustained: bool,
}

/// Applies `rule` to a business's net income per month (`monthly_net`;
/// months not listed had none), over the `rule.window` months ending with
/// `last`. The rule must be valid ([`SustainedRule::validate`]).
pub fn sustained(
    monthly_net: &[(JalaliMonth, Money)],
    last: JalaliMonth,
    rule: &SustainedRule,
) -> Result<Sustained> {
    rule.validate()?;
    let window = JalaliMonthRange::ending_with(last, u32::from(rule.window))?;
    let mut count = 0u8;
    for month in window.iter() {
        let net = Money::checked_sum(
            Currency::Irr,
            monthly_net
                .iter()
                .filter(|(m, _)| *m == month)
                .map(|(_, n)| *n),
        )?;
        if net.checked_cmp(rule.threshold)?.is_ge() {
            count += 1;
        }
    }
    Ok(Sustained {
        window,
        months_at_or_above: count,
        sustained: count >= rule.months,
    })
}

/// Income now against the baseline. The ledger knows what the programme's
/// businesses earn, not the household's other income, so the change is the
/// businesses' average net monthly income, added to what the household had
/// at the baseline survey. A household's income is personal data: `Debug`
/// shows none of the amounts.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeChange {
    /// The baseline monthly income.
    pub baseline: Money,
    /// The businesses' average net monthly income over the months given,
    /// rounded half away from zero to a rial: the change.
    pub average_net: Money,
    /// `baseline + average_net`: the household's monthly income now.
    pub current: Money,
    /// The change in percent of the baseline, to two decimals (none for a
    /// zero baseline).
    pub percent: Option<Decimal>,
}

impl std::fmt::Debug for IncomeChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncomeChange")
            .field("amounts", &"<redacted>")
            .finish()
    }
}

/// The change that the businesses' net income per month (`monthly_net`,
/// one amount per month, months without income as zero) makes to a
/// household's `baseline` monthly income.
pub fn income_change(baseline: Money, monthly_net: &[Money]) -> Result<IncomeChange> {
    if monthly_net.is_empty() {
        return Err(IncomeError::invalid(
            "months",
            "at least one month is needed",
        ));
    }
    let sum = Money::checked_sum(baseline.currency(), monthly_net.iter().copied())?;
    let average = (Decimal::from(sum.minor_units()) / Decimal::from(monthly_net.len() as u64))
        .round_dp_with_strategy(
            0,
            homebiz_core::rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
        .to_i64()
        .ok_or_else(|| IncomeError::invalid("income", "out of range"))?;
    let average_net = Money::new(average, baseline.currency());
    let percent = (!baseline.is_zero()).then(|| {
        (Decimal::from(average_net.minor_units()) * Decimal::ONE_HUNDRED
            / Decimal::from(baseline.minor_units()))
        .round_dp_with_strategy(
            2,
            homebiz_core::rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
    });
    Ok(IncomeChange {
        baseline,
        average_net,
        current: baseline.checked_add(average_net)?,
        percent,
    })
}

/// What a household must show to graduate from the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraduationRule {
    /// A business that is sustained employment.
    pub require_sustained: bool,
    /// Business net income adding at least this many percent to the
    /// baseline.
    pub min_income_change_percent: Decimal,
    /// A sales channel in the linkage window.
    pub require_linkage: bool,
}

impl Default for GraduationRule {
    /// Sustained, 30% above the baseline, linked.
    fn default() -> Self {
        Self {
            require_sustained: true,
            min_income_change_percent: Decimal::from(30),
            require_linkage: true,
        }
    }
}

/// One criterion of a graduation check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    /// Its name: `sustained_employment`, `income_change` or `linkage`.
    pub name: &'static str,
    /// Whether it is met.
    pub met: bool,
    /// What was found.
    pub detail: String,
}

/// The outcome of a graduation check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Graduation {
    /// Each criterion the rule asks for.
    pub criteria: Vec<Criterion>,
    /// Whether all are met.
    pub graduates: bool,
}

/// Checks `rule` against what is known of a household: whether one of its
/// businesses is sustained employment, its income change (none without a
/// baseline), and whether it had a sales channel (none if not known).
pub fn graduation(
    rule: &GraduationRule,
    sustained: bool,
    change: Option<&IncomeChange>,
    linked: Option<bool>,
) -> Graduation {
    let mut criteria = Vec::new();
    if rule.require_sustained {
        criteria.push(Criterion {
            name: "sustained_employment",
            met: sustained,
            detail: if sustained { "yes" } else { "no" }.into(),
        });
    }
    let (met, detail) = match change.and_then(|c| c.percent) {
        Some(p) => (
            p >= rule.min_income_change_percent,
            format!("{p}% (at least {}%)", rule.min_income_change_percent),
        ),
        None => (false, "no baseline".into()),
    };
    criteria.push(Criterion {
        name: "income_change",
        met,
        detail,
    });
    if rule.require_linkage {
        criteria.push(Criterion {
            name: "linkage",
            met: linked == Some(true),
            detail: match linked {
                Some(true) => "a channel in the window",
                Some(false) => "no channel in the window",
                None => "not known",
            }
            .into(),
        });
    }
    let graduates = criteria.iter().all(|c| c.met);
    Graduation {
        criteria,
        graduates,
    }
}
