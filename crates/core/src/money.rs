//! Money: whole minor units in `i64`, never `f64`.
//!
//! Today Iran pays in the **rial** ([`Currency::Irr`]), used in whole rials;
//! people often say *toman* (10 rials), which here is only a way of
//! displaying an amount ([`MoneyUnit::Toman`]). Iran has approved a **new
//! rial** ([`Currency::IrrNew`]): 1 new rial = 10,000 rials = 100 qiran, and
//! during the transition both circulate. A new-rial amount is held in qiran.
//!
//! # Guarantees
//!
//! - Arithmetic is checked: overflow and currency mismatches are errors,
//!   never panics or silent wrap-around.
//! - Conversions are exact; a conversion that would lose part of the amount
//!   is an error unless the caller names a [`Rounding`] rule.
//! - [`Money::allocate`] and [`Money::split_by_rate`] return parts that sum
//!   exactly to the whole.
//!
//! ```
//! use homebiz_core::money::{Currency, Money, MoneyFormat, Rounding};
//! use rust_decimal::Decimal;
//!
//! let price = Money::rial(125_000);
//! // 2.5 kg of grape molasses at 125,000 rials a kilo.
//! let total = price.mul_decimal(Decimal::new(25, 1), Rounding::HalfToEven)?;
//! assert_eq!(total, Money::rial(312_500));
//!
//! // A 9% marketplace commission and the producer's payout sum exactly to the sale.
//! let (commission, payout) = total.split_by_rate(Decimal::new(9, 2), Rounding::HalfToEven)?;
//! assert_eq!(commission.checked_add(payout)?, total);
//!
//! // Three partners share 100 rials by 1:1:1: the parts still sum to 100.
//! let parts = Money::rial(100).allocate(&[1, 1, 1])?;
//! assert_eq!(parts, vec![Money::rial(34), Money::rial(33), Money::rial(33)]);
//!
//! // 312,500 rials are 3,125 qiran of the new rial…
//! assert_eq!(total.convert(Currency::IrrNew)?, Money::new(3_125, Currency::IrrNew));
//! // …and display as toman with Persian digits.
//! assert_eq!(total.format(&MoneyFormat::persian().toman()), "۳۱٬۲۵۰ تومان");
//! # Ok::<(), homebiz_core::Error>(())
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::{Digits, Lang};

/// A currency homebiz can hold amounts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Currency {
    /// The current Iranian rial (ISO 4217 `IRR`), used in whole rials: one
    /// minor unit is one rial.
    #[serde(rename = "IRR")]
    Irr,
    /// The planned new rial: 1 new rial = 10,000 current rials = 100 qiran.
    /// One minor unit is one qiran (= 100 current rials). No ISO code has
    /// been published yet; homebiz writes it as `IRR_NEW`.
    #[serde(rename = "IRR_NEW")]
    IrrNew,
}

impl Currency {
    /// The code used in files and databases: `IRR` or `IRR_NEW`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Irr => "IRR",
            Self::IrrNew => "IRR_NEW",
        }
    }

    /// How many current rials one minor unit of this currency is worth.
    pub const fn rials_per_minor_unit(self) -> i64 {
        match self {
            Self::Irr => 1,
            Self::IrrNew => 100,
        }
    }

    /// How many minor units make one major unit (1 for the rial, 100 qiran
    /// for the new rial).
    pub const fn minor_units_per_major(self) -> i64 {
        match self {
            Self::Irr => 1,
            Self::IrrNew => 100,
        }
    }

    /// Digits after the decimal separator when displaying a major unit.
    const fn fraction_digits(self) -> u32 {
        match self {
            Self::Irr => 0,
            Self::IrrNew => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = Error;

    /// Accepts `IRR` and `IRR_NEW`, in any letter case.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("IRR") {
            Ok(Self::Irr)
        } else if s.eq_ignore_ascii_case("IRR_NEW") {
            Ok(Self::IrrNew)
        } else {
            Err(Error::Parse {
                what: "currency",
                reason: "expected IRR or IRR_NEW",
            })
        }
    }
}

/// How to round a value that falls between two whole minor units.
///
/// Every operation that may round takes one explicitly; there is no hidden
/// default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rounding {
    /// To the nearest unit; halves go to the even neighbour (banker's rounding).
    HalfToEven,
    /// To the nearest unit; halves go away from zero (school rounding).
    HalfAwayFromZero,
    /// To the nearest unit; halves go toward zero.
    HalfTowardZero,
    /// Drop the fraction (truncate).
    TowardZero,
    /// Any fraction rounds away from zero.
    AwayFromZero,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

impl Rounding {
    const fn strategy(self) -> RoundingStrategy {
        match self {
            Self::HalfToEven => RoundingStrategy::MidpointNearestEven,
            Self::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Self::HalfTowardZero => RoundingStrategy::MidpointTowardZero,
            Self::TowardZero => RoundingStrategy::ToZero,
            Self::AwayFromZero => RoundingStrategy::AwayFromZero,
            Self::Floor => RoundingStrategy::ToNegativeInfinity,
            Self::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }

    /// Rounds `value` to a whole number of minor units by this rule, failing
    /// if the result leaves the range of `i64`.
    pub fn to_minor_units(self, value: Decimal, operation: &'static str) -> Result<i64> {
        let rounded = value.round_dp_with_strategy(0, self.strategy());
        i64::try_from(rounded).map_err(|_| Error::Overflow { operation })
    }
}

impl FromStr for Rounding {
    type Err = Error;

    /// Accepts the snake-case names used by serde, such as `half_to_even`.
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.trim() {
            "half_to_even" => Self::HalfToEven,
            "half_away_from_zero" => Self::HalfAwayFromZero,
            "half_toward_zero" => Self::HalfTowardZero,
            "toward_zero" => Self::TowardZero,
            "away_from_zero" => Self::AwayFromZero,
            "floor" => Self::Floor,
            "ceiling" => Self::Ceiling,
            _ => {
                return Err(Error::Parse {
                    what: "rounding rule",
                    reason: "expected half_to_even, half_away_from_zero, half_toward_zero, \
                             toward_zero, away_from_zero, floor or ceiling",
                });
            }
        })
    }
}

/// An amount of money: whole minor units in `i64` and a [`Currency`].
///
/// The fields are private; construct with [`Money::new`] or [`Money::rial`].
/// Serialised as `{"amount": <minor units>, "currency": "IRR"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    #[serde(rename = "amount")]
    minor: i64,
    currency: Currency,
}

impl Money {
    /// An amount of `minor` minor units of `currency` (rials for
    /// [`Currency::Irr`], qiran for [`Currency::IrrNew`]).
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// An amount in current rials.
    pub const fn rial(rials: i64) -> Self {
        Self::new(rials, Currency::Irr)
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    /// The amount in minor units.
    pub const fn minor_units(self) -> i64 {
        self.minor
    }

    /// The currency.
    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.minor == 0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.minor < 0
    }

    fn same_currency(self, other: Self) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + rhs`; an error on overflow or if the currencies differ.
    pub fn checked_add(self, rhs: Self) -> Result<Self> {
        self.same_currency(rhs)?;
        self.minor
            .checked_add(rhs.minor)
            .map(|minor| Self::new(minor, self.currency))
            .ok_or(Error::Overflow { operation: "add" })
    }

    /// `self - rhs`; an error on overflow or if the currencies differ.
    pub fn checked_sub(self, rhs: Self) -> Result<Self> {
        self.same_currency(rhs)?;
        self.minor
            .checked_sub(rhs.minor)
            .map(|minor| Self::new(minor, self.currency))
            .ok_or(Error::Overflow {
                operation: "subtract",
            })
    }

    /// `-self`; an error only for the most negative amount.
    pub fn checked_neg(self) -> Result<Self> {
        self.minor
            .checked_neg()
            .map(|minor| Self::new(minor, self.currency))
            .ok_or(Error::Overflow {
                operation: "negate",
            })
    }

    /// `self × factor` for a whole-number factor.
    pub fn checked_mul(self, factor: i64) -> Result<Self> {
        self.minor
            .checked_mul(factor)
            .map(|minor| Self::new(minor, self.currency))
            .ok_or(Error::Overflow {
                operation: "multiply",
            })
    }

    /// The sum of `amounts`, all in `currency` (zero for none).
    ///
    /// ```
    /// use homebiz_core::money::{Currency, Money};
    /// let total = Money::checked_sum(Currency::Irr, [Money::rial(5), Money::rial(7)])?;
    /// assert_eq!(total, Money::rial(12));
    /// # Ok::<(), homebiz_core::Error>(())
    /// ```
    pub fn checked_sum(
        currency: Currency,
        amounts: impl IntoIterator<Item = Self>,
    ) -> Result<Self> {
        amounts
            .into_iter()
            .try_fold(Self::zero(currency), Self::checked_add)
    }

    /// Compares two amounts of the same currency.
    pub fn checked_cmp(self, other: Self) -> Result<Ordering> {
        self.same_currency(other)?;
        Ok(self.minor.cmp(&other.minor))
    }

    /// `self × factor` for a decimal factor — a unit price times a quantity
    /// such as 2.5 kg, or an amount times a rate — rounded to whole minor
    /// units by `rounding`.
    pub fn mul_decimal(self, factor: Decimal, rounding: Rounding) -> Result<Self> {
        const OP: &str = "multiply by a decimal";
        let exact = Decimal::from(self.minor)
            .checked_mul(factor)
            .ok_or(Error::Overflow { operation: OP })?;
        Ok(Self::new(
            rounding.to_minor_units(exact, OP)?,
            self.currency,
        ))
    }

    /// Splits off `rate` of the amount (a commission of 9% is
    /// `Decimal::new(9, 2)`), rounded by `rounding`, and returns
    /// `(share, rest)`, which sum exactly to `self`.
    pub fn split_by_rate(self, rate: Decimal, rounding: Rounding) -> Result<(Self, Self)> {
        let share = self.mul_decimal(rate, rounding)?;
        let rest = self.checked_sub(share)?;
        Ok((share, rest))
    }

    /// Converts to `to`, failing with [`Error::InexactConversion`] if the
    /// amount is not a whole number of the target's minor units (for example
    /// 150 rials are 1.5 qiran).
    pub fn convert(self, to: Currency) -> Result<Self> {
        let (numerator, denominator) = self.conversion_ratio(to)?;
        if numerator % denominator != 0 {
            return Err(Error::InexactConversion {
                from: self.currency,
                to,
            });
        }
        let minor = i64::try_from(numerator / denominator).map_err(|_| Error::Overflow {
            operation: "convert currency",
        })?;
        Ok(Self::new(minor, to))
    }

    /// Converts to `to`, rounding a remainder by `rounding`.
    pub fn convert_rounded(self, to: Currency, rounding: Rounding) -> Result<Self> {
        let (numerator, denominator) = self.conversion_ratio(to)?;
        let value = Decimal::from_i128_with_scale(numerator, 0)
            .checked_div(Decimal::from(denominator))
            .ok_or(Error::Overflow {
                operation: "convert currency",
            })?;
        Ok(Self::new(
            rounding.to_minor_units(value, "convert currency")?,
            to,
        ))
    }

    /// The value in current rials (as an `i128`, which cannot overflow) and
    /// the size of one target minor unit in rials.
    fn conversion_ratio(self, to: Currency) -> Result<(i128, i128)> {
        let rials = i128::from(self.minor) * i128::from(self.currency.rials_per_minor_unit());
        Ok((rials, i128::from(to.rials_per_minor_unit())))
    }

    /// Splits the amount in proportion to `weights` by the largest-remainder
    /// method.
    ///
    /// Each part first gets the whole-unit floor of its exact share; the
    /// units left over go one each to the parts with the largest remainders,
    /// ties to the earlier part. So the parts sum exactly to `self`, each
    /// differs from its exact share by less than one minor unit, and a part
    /// of weight zero gets nothing. A negative amount is split as its
    /// magnitude and the parts negated.
    ///
    /// Fails if `weights` is empty or all zero.
    pub fn allocate(self, weights: &[u64]) -> Result<Vec<Self>> {
        if weights.is_empty() {
            return Err(Error::Allocation {
                reason: "no weights",
            });
        }
        let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        if total == 0 {
            return Err(Error::Allocation {
                reason: "all weights are zero",
            });
        }
        let magnitude = u128::from(self.minor.unsigned_abs());
        let mut floors = Vec::with_capacity(weights.len());
        let mut remainders = Vec::with_capacity(weights.len());
        let mut allocated = 0u128;
        for (index, &weight) in weights.iter().enumerate() {
            // magnitude < 2^64 and weight < 2^64, so the product fits in u128.
            let product = magnitude * u128::from(weight);
            let floor = product / total;
            allocated += floor;
            floors.push(floor);
            remainders.push((product % total, index));
        }
        let leftover = magnitude - allocated;
        debug_assert!(
            leftover < weights.len() as u128,
            "leftover is below the part count"
        );
        // Largest remainder first; ties to the lower index, so the result is
        // deterministic.
        remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, index) in remainders.iter().take(leftover as usize) {
            floors[index] += 1;
        }
        let negative = self.minor < 0;
        floors
            .into_iter()
            .map(|part| {
                let part = i128::try_from(part).map_err(|_| Error::Overflow {
                    operation: "allocate",
                })?;
                let signed = if negative { -part } else { part };
                i64::try_from(signed)
                    .map(|minor| Self::new(minor, self.currency))
                    .map_err(|_| Error::Overflow {
                        operation: "allocate",
                    })
            })
            .collect()
    }

    /// Formats the amount for people, with thousands separators.
    ///
    /// **Tomans are whole.** In toman ([`MoneyUnit::Toman`]) an amount of
    /// rials is shown as a whole number of tomans, rounded half away from
    /// zero (15 rials: 2 toman; 14: 1; −15: −2), never with a fraction.
    /// This is display only: every amount is kept, summed and split in
    /// exact rials, so a total shown in toman may differ by a toman or so
    /// from the sum of its rounded parts (a loan's instalments, a report's
    /// rows); show rials for the exact figures. Rials and new rials are
    /// shown exactly.
    ///
    /// ```
    /// use homebiz_core::money::{Money, MoneyFormat};
    /// let m = Money::rial(12_345_670);
    /// assert_eq!(m.format(&MoneyFormat::default()), "12,345,670 rial");
    /// assert_eq!(m.format(&MoneyFormat::default().toman()), "1,234,567 toman");
    /// assert_eq!(m.format(&MoneyFormat::persian()), "۱۲٬۳۴۵٬۶۷۰ ریال");
    /// assert_eq!(Money::rial(15).format(&MoneyFormat::default().toman()), "2 toman");
    /// assert_eq!(Money::rial(8_514_991).format(&MoneyFormat::default().toman()), "851,499 toman");
    /// ```
    pub fn format(self, format: &MoneyFormat) -> String {
        // The number of decimal places and the label depend on the unit shown.
        let (scale, fraction_digits, label) = match (self.currency, format.unit) {
            // A toman is 10 rials, shown whole (rounded below).
            (Currency::Irr, MoneyUnit::Toman) => (10u64, 0, UnitLabel::Toman),
            (Currency::Irr, MoneyUnit::Rial) => (1, 0, UnitLabel::Rial),
            (Currency::IrrNew, _) => (100, Currency::IrrNew.fraction_digits(), UnitLabel::NewRial),
        };
        let magnitude = self.minor.unsigned_abs();
        let (whole, fraction) = if fraction_digits == 0 {
            // Half away from zero: on the magnitude, half rounds up.
            (
                magnitude / scale + u64::from(magnitude % scale * 2 >= scale),
                0,
            )
        } else {
            (magnitude / scale, magnitude % scale)
        };
        // −4 rials is 0 toman, not −0.
        let negative = self.minor < 0 && (whole > 0 || fraction > 0);
        let (group_sep, decimal_sep) = match format.digits {
            Digits::Ascii => (',', '.'),
            Digits::Persian => ('\u{066C}', '\u{066B}'),
        };
        let mut out = String::new();
        if negative {
            // Persian digits take the minus sign `numerals` writes (U+2212).
            out.push(match format.digits {
                Digits::Ascii => '-',
                Digits::Persian => '\u{2212}',
            });
        }
        out.push_str(&group_thousands(whole, group_sep));
        if fraction_digits > 0 {
            out.push(decimal_sep);
            let fraction = match fraction_digits {
                1 => format!("{fraction}"),
                _ => format!("{fraction:02}"),
            };
            out.push_str(&fraction);
        }
        if format.digits == Digits::Persian {
            out = crate::text::to_persian_digits(&out);
        }
        if let Some(lang) = format.label {
            out.push(' ');
            out.push_str(label.name(lang));
        }
        out
    }
}

impl fmt::Display for Money {
    /// Formats with [`MoneyFormat::default`]: `12,345 rial`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(&MoneyFormat::default()))
    }
}

/// `1234567` → `1,234,567` with the given separator.
fn group_thousands(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// The default largest amount of one record that may be summed: a ledger
/// entry (`homebiz_income::Limits`) or a market amount that may become one
/// (an order's total at its ceiling, an offer's capacity × price, a fill, a
/// consignment's gross): 100,000,000,000 rials (10 billion toman).
pub const DEFAULT_MAX_AMOUNT: i64 = 100_000_000_000;

/// The largest amount one record may carry: a positive amount in rials.
///
/// The ledger and the market share one limit (the facade's `Program`
/// gives the market its ledger's), so that whatever the market accepts —
/// an order's total at its ceiling, an offer's capacity × price, a
/// consignment's gross — the ledger accepts as an entry when it sells.
///
/// ```
/// use homebiz_core::Money;
/// use homebiz_core::money::{AmountLimit, DEFAULT_MAX_AMOUNT};
///
/// let limit = AmountLimit::default();
/// assert_eq!(limit.max().minor_units(), DEFAULT_MAX_AMOUNT);
/// assert_eq!(limit.product(Money::rial(50_000_000_000), 2), Some(Money::rial(100_000_000_000)));
/// assert_eq!(limit.product(Money::rial(50_000_000_000), 3), None); // over the limit
/// assert_eq!(limit.product(Money::rial(i64::MAX), 2), None); // and no overflow
/// assert!(AmountLimit::new(Money::rial(0)).is_err());
/// assert_eq!(limit.to_string(), "100,000,000,000 rials");
/// # Ok::<(), homebiz_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AmountLimit(Money);

impl Default for AmountLimit {
    /// [`DEFAULT_MAX_AMOUNT`] rials.
    fn default() -> Self {
        Self(Money::rial(DEFAULT_MAX_AMOUNT))
    }
}

impl AmountLimit {
    /// A limit of `max`: a positive amount in rials.
    pub fn new(max: Money) -> Result<Self> {
        if max.currency() != Currency::Irr || max.minor_units() <= 0 {
            return Err(Error::Parse {
                what: "amount limit",
                reason: "must be a positive amount in rials",
            });
        }
        Ok(Self(max))
    }

    /// The largest amount allowed.
    pub const fn max(self) -> Money {
        self.0
    }

    /// The limit in rials.
    pub const fn rials(self) -> i64 {
        self.0.minor
    }

    /// Whether `amount` (in rials) is within the limit.
    pub fn allows(self, amount: Money) -> bool {
        amount.currency == Currency::Irr && amount.minor <= self.0.minor
    }

    /// `unit × count` if it is within the limit (and so cannot overflow);
    /// `None` if it is over it.
    pub fn product(self, unit: Money, count: u32) -> Option<Money> {
        unit.checked_mul(i64::from(count))
            .ok()
            .filter(|total| self.allows(*total))
    }
}

impl AmountLimit {
    /// The limit for people in `lang`: `100,000,000,000 rials` (the
    /// `Display`), `100,000,000,000 ریال`.
    pub fn describe(&self, lang: Lang) -> String {
        let amount = group_thousands(self.0.minor.unsigned_abs(), ',');
        match lang {
            Lang::En => format!("{amount} rials"),
            Lang::Fa => format!("{amount} ریال"),
        }
    }
}

impl fmt::Display for AmountLimit {
    /// `100,000,000,000 rials`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rials",
            group_thousands(self.0.minor.unsigned_abs(), ',')
        )
    }
}

/// The unit an amount of current rials is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MoneyUnit {
    /// Rials, as held.
    #[default]
    Rial,
    /// Toman: 10 rials, as people usually say prices; shown as whole
    /// tomans, rounded half away from zero (see [`Money::format`]).
    Toman,
}

#[derive(Clone, Copy)]
enum UnitLabel {
    Rial,
    Toman,
    NewRial,
}

impl UnitLabel {
    const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Rial, Lang::En) => "rial",
            (Self::Rial, Lang::Fa) => "ریال",
            (Self::Toman, Lang::En) => "toman",
            (Self::Toman, Lang::Fa) => "تومان",
            (Self::NewRial, Lang::En) => "new rial",
            (Self::NewRial, Lang::Fa) => "ریال جدید",
        }
    }
}

/// How [`Money::format`] displays an amount.
///
/// The unit applies to current-rial amounts; a new-rial amount is always
/// shown in new rials with two decimals (qiran).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MoneyFormat {
    /// Rial or toman.
    pub unit: MoneyUnit,
    /// ASCII or Persian digits (and the matching separators).
    pub digits: Digits,
    /// The language of the unit's name after the number, or no name.
    pub label: Option<Lang>,
}

impl Default for MoneyFormat {
    /// Rials, ASCII digits, English unit name: `12,345 rial`.
    fn default() -> Self {
        Self {
            unit: MoneyUnit::Rial,
            digits: Digits::Ascii,
            label: Some(Lang::En),
        }
    }
}

impl MoneyFormat {
    /// Rials, Persian digits and separators, Persian unit name: `۱۲٬۳۴۵ ریال`.
    pub fn persian() -> Self {
        Self {
            unit: MoneyUnit::Rial,
            digits: Digits::Persian,
            label: Some(Lang::Fa),
        }
    }

    /// The default format in `lang`: [`MoneyFormat::persian`] for Persian,
    /// [`MoneyFormat::default`] for English.
    pub fn for_lang(lang: Lang) -> Self {
        match lang {
            Lang::Fa => Self::persian(),
            Lang::En => Self::default(),
        }
    }

    /// The same format, in toman.
    pub fn toman(mut self) -> Self {
        self.unit = MoneyUnit::Toman;
        self
    }

    /// The same format without the unit name.
    pub fn without_label(mut self) -> Self {
        self.label = None;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_mismatch_is_an_error() {
        let err = Money::rial(1)
            .checked_add(Money::new(1, Currency::IrrNew))
            .unwrap_err();
        assert_eq!(
            err,
            Error::CurrencyMismatch {
                left: Currency::Irr,
                right: Currency::IrrNew
            }
        );
        assert_eq!(err.to_string(), "currency mismatch: IRR and IRR_NEW");
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(
            Money::rial(i64::MAX).checked_add(Money::rial(1)),
            Err(Error::Overflow { operation: "add" })
        );
        assert!(Money::rial(i64::MIN).checked_neg().is_err());
        assert!(Money::rial(i64::MAX).checked_mul(2).is_err());
        assert!(
            Money::rial(i64::MAX)
                .mul_decimal(Decimal::TWO, Rounding::Floor)
                .is_err()
        );
    }

    #[test]
    fn conversion_is_exact_or_refused() {
        let ten_thousand = Money::rial(10_000);
        assert_eq!(
            ten_thousand.convert(Currency::IrrNew),
            Ok(Money::new(100, Currency::IrrNew))
        );
        assert_eq!(
            Money::new(1, Currency::IrrNew).convert(Currency::Irr),
            Ok(Money::rial(100))
        );
        assert_eq!(
            Money::rial(150).convert(Currency::IrrNew),
            Err(Error::InexactConversion {
                from: Currency::Irr,
                to: Currency::IrrNew
            })
        );
        assert_eq!(
            Money::rial(150).convert_rounded(Currency::IrrNew, Rounding::HalfToEven),
            Ok(Money::new(2, Currency::IrrNew))
        );
        assert_eq!(
            Money::rial(250).convert_rounded(Currency::IrrNew, Rounding::HalfToEven),
            Ok(Money::new(2, Currency::IrrNew))
        );
        assert_eq!(
            Money::rial(-150).convert_rounded(Currency::IrrNew, Rounding::Floor),
            Ok(Money::new(-2, Currency::IrrNew))
        );
        assert!(
            Money::new(i64::MAX, Currency::IrrNew)
                .convert(Currency::Irr)
                .is_err()
        );
    }

    #[test]
    fn rounding_rules() {
        let half = Money::rial(5);
        let q = Decimal::new(5, 1); // 2.5 rials
        assert_eq!(
            half.mul_decimal(q, Rounding::HalfToEven).unwrap(),
            Money::rial(2)
        );
        assert_eq!(
            half.mul_decimal(q, Rounding::HalfAwayFromZero).unwrap(),
            Money::rial(3)
        );
        assert_eq!(
            half.mul_decimal(q, Rounding::HalfTowardZero).unwrap(),
            Money::rial(2)
        );
        assert_eq!(
            half.mul_decimal(q, Rounding::Ceiling).unwrap(),
            Money::rial(3)
        );
        assert_eq!(
            Money::rial(-5).mul_decimal(q, Rounding::Floor).unwrap(),
            Money::rial(-3)
        );
        assert_eq!(
            Money::rial(-5)
                .mul_decimal(q, Rounding::TowardZero)
                .unwrap(),
            Money::rial(-2)
        );
        assert_eq!(
            Money::rial(-5)
                .mul_decimal(q, Rounding::AwayFromZero)
                .unwrap(),
            Money::rial(-3)
        );
        assert_eq!("floor".parse::<Rounding>().unwrap(), Rounding::Floor);
        assert!("round".parse::<Rounding>().is_err());
    }

    #[test]
    fn allocation_known_values() {
        let parts = Money::rial(-100).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(
            parts,
            vec![Money::rial(-34), Money::rial(-33), Money::rial(-33)]
        );
        let parts = Money::rial(10).allocate(&[0, 3, 0, 7]).unwrap();
        assert_eq!(
            parts,
            vec![
                Money::rial(0),
                Money::rial(3),
                Money::rial(0),
                Money::rial(7)
            ]
        );
        // 5 rials by 1:1:1:1 — the two leftover units go to the first two parts.
        let parts = Money::rial(5).allocate(&[1, 1, 1, 1]).unwrap();
        assert_eq!(
            parts.iter().map(|m| m.minor_units()).collect::<Vec<_>>(),
            vec![2, 1, 1, 1]
        );
        assert!(Money::rial(5).allocate(&[]).is_err());
        assert!(Money::rial(5).allocate(&[0, 0]).is_err());
        let parts = Money::rial(i64::MIN).allocate(&[1, 1]).unwrap();
        assert_eq!(
            parts,
            vec![Money::rial(i64::MIN / 2), Money::rial(i64::MIN / 2)]
        );
    }

    #[test]
    fn formats() {
        let f = MoneyFormat::default();
        assert_eq!(Money::rial(0).format(&f), "0 rial");
        assert_eq!(Money::rial(999).format(&f), "999 rial");
        assert_eq!(Money::rial(1000).format(&f), "1,000 rial");
        assert_eq!(Money::rial(-1_234_567).format(&f), "-1,234,567 rial");
        // Tomans are whole, rounded half away from zero.
        for (rials, toman) in [
            (-15, "-2 toman"),
            (-14, "-1 toman"),
            (-4, "0 toman"),
            (-5, "-1 toman"),
            (4, "0 toman"),
            (5, "1 toman"),
            (14, "1 toman"),
            (15, "2 toman"),
            (8_514_991, "851,499 toman"),
            (8_514_995, "851,500 toman"),
            (i64::MAX, "922,337,203,685,477,581 toman"),
            (i64::MIN, "-922,337,203,685,477,581 toman"),
        ] {
            assert_eq!(Money::rial(rials).format(&f.toman()), toman, "{rials}");
        }
        assert_eq!(
            Money::rial(-8_514_995).format(&MoneyFormat::persian().toman()),
            "\u{2212}۸۵۱٬۵۰۰ تومان"
        );
        assert_eq!(
            Money::new(123_405, Currency::IrrNew).format(&f),
            "1,234.05 new rial"
        );
        assert_eq!(
            Money::new(123_405, Currency::IrrNew).format(&MoneyFormat::persian()),
            "۱٬۲۳۴٫۰۵ ریال جدید"
        );
        assert_eq!(
            Money::rial(1_000_000).format(&f.without_label()),
            "1,000,000"
        );
        assert_eq!(
            Money::rial(i64::MIN).format(&f.without_label()),
            "-9,223,372,036,854,775,808"
        );
        assert_eq!(Money::rial(25_000).to_string(), "25,000 rial");
    }

    #[test]
    fn serde_shape() {
        let json = serde_json::to_string(&Money::rial(42)).unwrap();
        assert_eq!(json, r#"{"amount":42,"currency":"IRR"}"#);
        let back: Money = serde_json::from_str(r#"{"amount":7,"currency":"IRR_NEW"}"#).unwrap();
        assert_eq!(back, Money::new(7, Currency::IrrNew));
    }
}
