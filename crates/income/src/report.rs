//! Income reports: revenue, commission, costs, fees and net income, grouped
//! by business, household, office, activity or channel (or not at all),
//! per Jalali month, quarter or year.
//!
//! Reports are built from the store's [`MonthlyTotal`]s, so their cost
//! grows with businesses × channels × months, not with the number of
//! entries. The income crate does not know households, offices or
//! activities: the caller maps each business to its [`Dims`] (the facade
//! does it from the registry).
//!
//! ```
//! use homebiz_core::{JalaliMonth, Money, id::BusinessId};
//! use homebiz_income::entry::Totals;
//! use homebiz_income::report::{income_report, Dims, GroupBy, Granularity, Key};
//! use homebiz_income::store::MonthlyTotal;
//!
//! let (a, b) = (BusinessId::new(), BusinessId::new());
//! let month = |m| JalaliMonth::new(1404, m).unwrap();
//! let sale = |r| Totals { revenue: Money::rial(r), ..Totals::default() };
//! let monthly = vec![
//!     MonthlyTotal { month: month(1), business: a, channel: None, totals: sale(100) },
//!     MonthlyTotal { month: month(2), business: a, channel: None, totals: sale(50) },
//!     MonthlyTotal { month: month(2), business: b, channel: None, totals: sale(30) },
//! ];
//! let dims = |id| Some(Dims { activity: Some(if id == a { "honey" } else { "pickles" }.into()), ..Dims::default() });
//! let r = income_report(&monthly, GroupBy::Activity, Granularity::Quarter, dims)?;
//! assert_eq!(r.rows.len(), 2);
//! assert_eq!(r.rows[0].key, Key::Activity("honey".into()));
//! assert_eq!(r.rows[0].net, Money::rial(150));
//! assert_eq!(r.total.net, Money::rial(180));
//! # Ok::<(), homebiz_income::IncomeError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use homebiz_core::id::{BusinessId, ChannelId, HouseholdId, OfficeId};
use homebiz_core::text::Lang;
use homebiz_core::{JalaliMonth, JalaliMonthRange, JalaliQuarter, Money};

use crate::entry::Totals;
use crate::error::{IncomeError, Result};
use crate::store::MonthlyTotal;

/// What the rows of a report are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One row per business and period.
    Business,
    /// One row per household and period.
    Household,
    /// One row per office and period.
    Office,
    /// One row per activity and period.
    Activity,
    /// One row per channel (or none) and period.
    Channel,
    /// One row per period: the whole programme.
    Month,
}

impl FromStr for GroupBy {
    type Err = IncomeError;

    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.trim() {
            "business" => Self::Business,
            "household" => Self::Household,
            "office" => Self::Office,
            "activity" => Self::Activity,
            "channel" => Self::Channel,
            "month" => Self::Month,
            _ => {
                return Err(IncomeError::invalid(
                    "by",
                    "expected business, household, office, activity, channel or month",
                ));
            }
        })
    }
}

/// How long a report's periods are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Jalali months.
    Month,
    /// Jalali quarters (three months from Farvardin).
    Quarter,
    /// Jalali years.
    Year,
}

impl FromStr for Granularity {
    type Err = IncomeError;

    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.trim() {
            "month" => Self::Month,
            "quarter" => Self::Quarter,
            "year" => Self::Year,
            _ => {
                return Err(IncomeError::invalid(
                    "per",
                    "expected month, quarter or year",
                ));
            }
        })
    }
}

/// One period of a report.
///
/// Periods order by their first month, then their last: the calendar's
/// order, whatever kind each is (a report over `1404-02..1405-01` per
/// quarter has `1404-02..1404-03`, three quarters, then `1405-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A Jalali month.
    Month(JalaliMonth),
    /// A Jalali quarter.
    Quarter(JalaliQuarter),
    /// A Jalali year.
    Year(i32),
    /// Jalali months from one to another, both included, that are not one
    /// month, quarter or year (a report's total over `1404-01..1404-05`).
    Months(JalaliMonthRange),
}

impl Period {
    /// `range` as a period: one month, quarter or year when it is exactly
    /// that, otherwise [`Period::Months`].
    pub fn of_range(range: JalaliMonthRange) -> Self {
        let (first, last) = (range.first(), range.last());
        if first == last {
            Self::Month(first)
        } else if first.quarter().months() == range {
            Self::Quarter(first.quarter())
        } else if first.month() == 1 && last.month() == 12 && first.year() == last.year() {
            Self::Year(first.year())
        } else {
            Self::Months(range)
        }
    }

    fn of(month: JalaliMonth, per: Granularity) -> Self {
        match per {
            Granularity::Month => Self::Month(month),
            Granularity::Quarter => Self::Quarter(month.quarter()),
            Granularity::Year => Self::Year(month.year()),
        }
    }

    /// The period of `per` that holds `month`, cut to `within`: a whole
    /// month, quarter or year where `within` holds all of it, otherwise
    /// the months of it that `within` holds, named as
    /// [`Period::of_range`] names them (`1404-03` for the one month of
    /// the first quarter in `1404-03..1404-08`, `1404-07..1404-08` for
    /// two months of autumn). A report's row then says what it covers.
    ///
    /// ```
    /// use homebiz_core::{JalaliMonth, JalaliMonthRange};
    /// use homebiz_income::report::{Granularity, Period};
    /// let within: JalaliMonthRange = "1404-03..1404-08".parse()?;
    /// let month = |m| JalaliMonth::new(1404, m).unwrap();
    /// assert_eq!(Period::cut(month(3), Granularity::Quarter, within), Period::Month(month(3)));
    /// assert_eq!(Period::cut(month(5), Granularity::Quarter, within).to_string(), "1404-Q2");
    /// assert_eq!(Period::cut(month(7), Granularity::Quarter, within).to_string(), "1404-07..1404-08");
    /// assert_eq!(Period::cut(month(7), Granularity::Year, within).to_string(), "1404-03..1404-08");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cut(month: JalaliMonth, per: Granularity, within: JalaliMonthRange) -> Self {
        let (first, last) = match per {
            Granularity::Month => return Self::Month(month),
            Granularity::Quarter => {
                let months = month.quarter().months();
                (months.first(), months.last())
            }
            Granularity::Year => match JalaliMonthRange::year(month.year()) {
                Ok(months) => (months.first(), months.last()),
                Err(_) => return Self::of(month, per),
            },
        };
        let first = first.max(within.first());
        let last = last.min(within.last());
        match JalaliMonthRange::new(first, last) {
            Ok(range) => Self::of_range(range),
            // `month` lies outside `within`: its whole period.
            Err(_) => Self::of(month, per),
        }
    }

    /// The first and last month as (year, month) pairs: a period's place
    /// in the calendar (a year is its Farvardin to its Esfand).
    fn bounds(&self) -> ((i32, u8), (i32, u8)) {
        let pair = |m: JalaliMonth| (m.year(), m.month());
        match self {
            Self::Month(m) => (pair(*m), pair(*m)),
            Self::Quarter(q) => (pair(q.months().first()), pair(q.months().last())),
            Self::Year(y) => ((*y, 1), (*y, 12)),
            Self::Months(r) => (pair(r.first()), pair(r.last())),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Self::Month(_) => 0,
            Self::Quarter(_) => 1,
            Self::Year(_) => 2,
            Self::Months(_) => 3,
        }
    }

    /// A label in `lang`: `Farvardin 1404` / `فروردین ۱۴۰۴`, the quarter's
    /// name, or the year.
    pub fn label(&self, lang: Lang) -> String {
        let year = |y: i32| match lang {
            Lang::Fa => homebiz_core::text::to_persian_digits(&y.to_string()),
            Lang::En => y.to_string(),
        };
        match self {
            Self::Month(m) => format!("{} {}", m.name(lang), year(m.year())),
            Self::Quarter(q) => format!("{} {}", q.name(lang), year(q.year())),
            Self::Year(y) => year(*y),
            Self::Months(r) => {
                let month = |m: JalaliMonth| format!("{} {}", m.name(lang), year(m.year()));
                let to = match lang {
                    Lang::Fa => " تا ",
                    Lang::En => " to ",
                };
                format!("{}{to}{}", month(r.first()), month(r.last()))
            }
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.bounds(), self.rank()).cmp(&(other.bounds(), other.rank()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    /// `1404-01`, `1404-Q1`, `1404` or `1404-01..1404-05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Month(m) => write!(f, "{m}"),
            Self::Quarter(q) => write!(f, "{q}"),
            Self::Year(y) => write!(f, "{y}"),
            Self::Months(r) => write!(f, "{r}"),
        }
    }
}

/// What the registry knows of a business, for grouping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dims {
    /// Its household.
    pub household: Option<HouseholdId>,
    /// Its office.
    pub office: Option<OfficeId>,
    /// Its activity's code.
    pub activity: Option<String>,
}

/// What a report row is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Key {
    /// The whole programme (grouping by month).
    All,
    /// A business.
    Business(BusinessId),
    /// A household.
    Household(HouseholdId),
    /// An office.
    Office(OfficeId),
    /// An activity.
    Activity(String),
    /// A channel.
    Channel(ChannelId),
    /// Sales and costs through no channel.
    NoChannel,
    /// A business the caller could not place (no household, office or
    /// activity known).
    Unknown,
}

/// One row of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// What it is about.
    pub key: Key,
    /// When.
    pub period: Period,
    /// Sales, gross.
    pub revenue: Money,
    /// Commission on sales.
    pub commission: Money,
    /// Costs.
    pub costs: Money,
    /// Fees.
    pub fees: Money,
    /// Revenue − commission − costs − fees.
    pub net: Money,
}

impl Row {
    fn new(key: Key, period: Period, t: &Totals) -> Result<Self> {
        Ok(Self {
            key,
            period,
            revenue: t.revenue,
            commission: t.commission,
            costs: t.costs,
            fees: t.fees,
            net: t.net()?,
        })
    }
}

/// An income report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// What the rows are.
    pub by: GroupBy,
    /// How long the periods are.
    pub per: Granularity,
    /// The rows, by period and then key.
    pub rows: Vec<Row>,
    /// All rows together: key [`Key::All`], over the report's whole period
    /// (that asked of [`income_report_for`]; for [`income_report`], the
    /// months from the first to the last it was given, year 0 for none),
    /// as [`Period::of_range`] names it.
    pub total: Row,
}

/// Builds the report of `monthly` grouped `by`, `per` period; `dims` tells
/// each business's household, office and activity (`None`: unknown). The
/// total's period runs from the first month given to the last (see
/// [`income_report_for`] to name the period asked for).
pub fn income_report(
    monthly: &[MonthlyTotal],
    by: GroupBy,
    per: Granularity,
    dims: impl Fn(BusinessId) -> Option<Dims>,
) -> Result<Report> {
    let first = monthly.iter().map(|m| m.month).min();
    let last = monthly.iter().map(|m| m.month).max();
    let period = match (first, last) {
        (Some(first), Some(last)) => Some(JalaliMonthRange::new(first, last)?),
        _ => None,
    };
    build(period, monthly, by, per, dims)
}

/// Builds the report of `monthly` over `period` as [`income_report`]
/// does, its total carrying the whole `period` (a year's report: the year,
/// whatever months had entries). Months outside `period` are left out.
///
/// ```
/// use homebiz_core::{JalaliMonth, JalaliMonthRange, Money, id::BusinessId};
/// use homebiz_income::entry::Totals;
/// use homebiz_income::report::{income_report_for, GroupBy, Granularity, Period};
/// use homebiz_income::store::MonthlyTotal;
///
/// let sale = MonthlyTotal {
///     month: JalaliMonth::new(1404, 3)?,
///     business: BusinessId::new(),
///     channel: None,
///     totals: Totals { revenue: Money::rial(100), ..Totals::default() },
/// };
/// let year = JalaliMonthRange::year(1404)?;
/// let r = income_report_for(year, &[sale], GroupBy::Month, Granularity::Month, |_| None)?;
/// assert_eq!(r.rows[0].period, Period::Month(JalaliMonth::new(1404, 3)?));
/// assert_eq!(r.total.period, Period::Year(1404));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn income_report_for(
    period: JalaliMonthRange,
    monthly: &[MonthlyTotal],
    by: GroupBy,
    per: Granularity,
    dims: impl Fn(BusinessId) -> Option<Dims>,
) -> Result<Report> {
    let inside: Vec<MonthlyTotal> = monthly
        .iter()
        .filter(|m| (period.first()..=period.last()).contains(&m.month))
        .copied()
        .collect();
    build(Some(period), &inside, by, per, dims)
}

fn build(
    period: Option<JalaliMonthRange>,
    monthly: &[MonthlyTotal],
    by: GroupBy,
    per: Granularity,
    dims: impl Fn(BusinessId) -> Option<Dims>,
) -> Result<Report> {
    let mut groups: BTreeMap<(Period, Key), Totals> = BTreeMap::new();
    let mut total = Totals::default();
    let mut cache: BTreeMap<BusinessId, Option<Dims>> = BTreeMap::new();
    for m in monthly {
        let d = cache.entry(m.business).or_insert_with(|| dims(m.business));
        let key = match by {
            GroupBy::Business => Key::Business(m.business),
            GroupBy::Household => d
                .as_ref()
                .and_then(|d| d.household)
                .map_or(Key::Unknown, Key::Household),
            GroupBy::Office => d
                .as_ref()
                .and_then(|d| d.office)
                .map_or(Key::Unknown, Key::Office),
            GroupBy::Activity => d
                .as_ref()
                .and_then(|d| d.activity.clone())
                .map_or(Key::Unknown, Key::Activity),
            GroupBy::Channel => m.channel.map_or(Key::NoChannel, Key::Channel),
            GroupBy::Month => Key::All,
        };
        // A period the asked range cuts is named by the months it holds.
        let row_period = match period {
            Some(within) => Period::cut(m.month, per, within),
            None => Period::of(m.month, per),
        };
        let t = groups.entry((row_period, key)).or_default();
        *t = t.checked_add(&m.totals)?;
        total = total.checked_add(&m.totals)?;
    }
    let whole = period.map_or(Period::Year(0), Period::of_range);
    let rows = groups
        .into_iter()
        .map(|((period, key), t)| Row::new(key, period, &t))
        .collect::<Result<_>>()?;
    Ok(Report {
        by,
        per,
        rows,
        total: Row::new(Key::All, whole, &total)?,
    })
}
