//! The Jalali (Solar Hijri) calendar, on top of `icu_calendar`'s Persian
//! calendar.
//!
//! Reports in homebiz are by Jalali month. The conversion between Jalali
//! and Gregorian dates is `icu_calendar`'s, which follows the astronomical
//! rule the Iranian calendar is defined by; the popular 33-year arithmetic
//! rule drifts after 1502 AP and the old 2820-year rule is already wrong at
//! 1403/1404, so neither is used here.
//!
//! Months 1–6 have 31 days, 7–11 have 30, and Esfand has 29, or 30 in a
//! leap year.
//!
//! ```
//! use homebiz_core::calendar::{JalaliDate, JalaliMonth, JalaliMonthRange};
//! use chrono::NaiveDate;
//!
//! let nowruz: JalaliDate = "1404-01-01".parse()?;
//! assert_eq!(nowruz.to_gregorian(), NaiveDate::from_ymd_opt(2025, 3, 21).unwrap());
//! assert_eq!("۱۴۰۴/۱/۱".parse::<JalaliDate>()?, nowruz);
//! assert!(JalaliDate::new(1402, 12, 30).is_err());
//! assert!(JalaliDate::is_leap_year(1403));
//!
//! let spring: JalaliMonthRange = "1404-01..1404-03".parse()?;
//! assert_eq!(spring.len(), 3);
//! assert!(spring.contains(nowruz));
//! assert_eq!(JalaliMonth::new(1404, 12)?.last_day().to_string(), "1404-12-29");
//! # Ok::<(), homebiz_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use icu_calendar::Date;
use icu_calendar::cal::Persian;

use crate::error::{DateProblem, Error, Result};
use crate::serde_str::serde_via_str;
use crate::text::{Lang, digits_to_ascii};

/// The first Jalali year homebiz accepts.
pub const MIN_YEAR: i32 = 1;
/// The last Jalali year homebiz accepts.
pub const MAX_YEAR: i32 = 9_999;

const MONTH_NAMES_FA: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];
const MONTH_NAMES_EN: [&str; 12] = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
];

/// The name of Jalali month `month` (1–12) in `lang`, or `None` for a
/// number outside 1–12.
///
/// ```
/// use homebiz_core::{calendar::month_name, text::Lang};
/// assert_eq!(month_name(1, Lang::Fa), Some("فروردین"));
/// assert_eq!(month_name(12, Lang::En), Some("Esfand"));
/// ```
pub fn month_name(month: u8, lang: Lang) -> Option<&'static str> {
    let names = match lang {
        Lang::Fa => &MONTH_NAMES_FA,
        Lang::En => &MONTH_NAMES_EN,
    };
    names.get(usize::from(month).checked_sub(1)?).copied()
}

/// The name of a weekday in `lang` (the Iranian week starts on Saturday,
/// شنبه).
pub fn weekday_name(weekday: Weekday, lang: Lang) -> &'static str {
    match lang {
        Lang::Fa => match weekday {
            Weekday::Sat => "شنبه",
            Weekday::Sun => "یکشنبه",
            Weekday::Mon => "دوشنبه",
            Weekday::Tue => "سه\u{200C}شنبه",
            Weekday::Wed => "چهارشنبه",
            Weekday::Thu => "پنجشنبه",
            Weekday::Fri => "جمعه",
        },
        Lang::En => match weekday {
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
        },
    }
}

fn check_year(year: i32) -> Result<()> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(DateProblem::Year.into())
    }
}

fn check_month(month: u8) -> Result<()> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(DateProblem::Month { month }.into())
    }
}

/// Number of days in Jalali month `month` of `year`.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        _ if JalaliDate::is_leap_year(year) => 30,
        _ => 29,
    }
}

/// Splits `YYYY-MM-DD`, `YYYY/M/D` (any digits) into numbers.
fn split_numbers<const N: usize>(s: &str) -> Option<[u32; N]> {
    let s = digits_to_ascii(s.trim());
    let mut out = [0u32; N];
    let mut parts = s.split(['-', '/']);
    for (i, slot) in out.iter_mut().enumerate() {
        let part = parts.next()?;
        // A year has up to four digits, a month or a day up to two.
        let max_len = if i == 0 { 4 } else { 2 };
        if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// Which calendar a date was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CalendarKind {
    /// The Jalali (Solar Hijri) calendar.
    Jalali,
    /// The Gregorian calendar.
    Gregorian,
}

impl CalendarKind {
    /// The first year read as Gregorian by [`CalendarKind::guess`]. Jalali
    /// 1700 is Gregorian 2321, and Gregorian 1700 is Jalali 1079, so the two
    /// calendars' years in practical use never meet at this line.
    pub const GREGORIAN_FROM_YEAR: i32 = 1700;

    /// Guesses the calendar of a written year: from
    /// [`GREGORIAN_FROM_YEAR`](Self::GREGORIAN_FROM_YEAR) on it is Gregorian,
    /// below it Jalali.
    pub const fn guess(year: i32) -> Self {
        if year >= Self::GREGORIAN_FROM_YEAR {
            Self::Gregorian
        } else {
            Self::Jalali
        }
    }
}

impl FromStr for CalendarKind {
    type Err = Error;

    /// Accepts `jalali` (or `persian`, `shamsi`) and `gregorian`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jalali" | "persian" | "shamsi" => Ok(Self::Jalali),
            "gregorian" => Ok(Self::Gregorian),
            _ => Err(Error::Parse {
                what: "calendar",
                reason: "expected jalali or gregorian",
            }),
        }
    }
}

/// Reads `YYYY-MM-DD` or `YYYY/M/D`, with ASCII, Persian or Arabic-Indic
/// digits, into numbers, without checking that the day exists.
pub fn parse_ymd(s: &str) -> Result<(i32, u8, u8)> {
    let [year, month, day] = split_numbers::<3>(s).ok_or(DateProblem::Syntax)?;
    // At most four digits for the year and two for month and day.
    let year = i32::try_from(year).map_err(|_| DateProblem::Year)?;
    let month = u8::try_from(month).map_err(|_| DateProblem::Syntax)?;
    let day = u8::try_from(day).map_err(|_| DateProblem::Syntax)?;
    Ok((year, month, day))
}

/// A day of the Jalali calendar.
///
/// Always a real day between years [`MIN_YEAR`] and [`MAX_YEAR`]: 1402-12-30
/// cannot be built. Ordered by time. Serialised as `"1404-01-01"`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JalaliDate {
    year: i32,
    month: u8,
    day: u8,
    // Kept beside the Jalali fields so the Gregorian view is free and
    // infallible.
    gregorian: NaiveDate,
}

impl JalaliDate {
    /// The Jalali date `year`-`month`-`day`, if it exists.
    ///
    /// ```
    /// use homebiz_core::calendar::JalaliDate;
    /// assert!(JalaliDate::new(1403, 12, 30).is_ok()); // 1403 is a leap year
    /// assert!(JalaliDate::new(1402, 12, 30).is_err());
    /// assert!(JalaliDate::new(1404, 7, 31).is_err()); // Mehr has 30 days
    /// ```
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self> {
        check_year(year)?;
        check_month(month)?;
        let days_in_month = days_in_month(year, month);
        if day == 0 || day > days_in_month {
            return Err(DateProblem::Day { day, days_in_month }.into());
        }
        let persian =
            Date::try_new_persian(year, month, day).map_err(|_| Error::from(DateProblem::Year))?;
        let iso = persian.to_calendar(icu_calendar::cal::Iso);
        let gregorian = NaiveDate::from_ymd_opt(
            iso.era_year().extended_year,
            u32::from(iso.month().ordinal),
            u32::from(iso.day_of_month().0),
        )
        .ok_or(DateProblem::Year)?;
        Ok(Self {
            year,
            month,
            day,
            gregorian,
        })
    }

    /// The Jalali date of a Gregorian date.
    ///
    /// ```
    /// use homebiz_core::calendar::JalaliDate;
    /// let d = JalaliDate::from_gregorian(chrono::NaiveDate::from_ymd_opt(2025, 3, 20).unwrap())?;
    /// assert_eq!(d.to_string(), "1403-12-30");
    /// # Ok::<(), homebiz_core::Error>(())
    /// ```
    pub fn from_gregorian(date: NaiveDate) -> Result<Self> {
        let month = u8::try_from(date.month()).map_err(|_| DateProblem::Year)?;
        let day = u8::try_from(date.day()).map_err(|_| DateProblem::Year)?;
        let iso = Date::try_new_iso(date.year(), month, day).map_err(|_| DateProblem::Year)?;
        let persian = iso.to_calendar(Persian);
        let year = persian.era_year().extended_year;
        check_year(year)?;
        Ok(Self {
            year,
            month: persian.month().ordinal,
            day: persian.day_of_month().0,
            gregorian: date,
        })
    }

    /// The Jalali date of Gregorian `year`-`month`-`day`, if that day exists.
    pub fn from_gregorian_ymd(year: i32, month: u8, day: u8) -> Result<Self> {
        check_month(month)?;
        let first = NaiveDate::from_ymd_opt(year, u32::from(month), 1).ok_or(DateProblem::Year)?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or(DateProblem::Year)?;
        let days_in_month = u8::try_from(next.signed_duration_since(first).num_days())
            .map_err(|_| DateProblem::Year)?;
        let date = NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))
            .ok_or(DateProblem::Day { day, days_in_month })?;
        Self::from_gregorian(date)
    }

    /// Parses a date written in `calendar`, in any of the forms that
    /// [`FromStr`] accepts.
    ///
    /// ```
    /// use homebiz_core::calendar::{CalendarKind, JalaliDate};
    /// let d = JalaliDate::parse_in("2025/3/21", CalendarKind::Gregorian)?;
    /// assert_eq!(d.to_string(), "1404-01-01");
    /// # Ok::<(), homebiz_core::Error>(())
    /// ```
    pub fn parse_in(s: &str, calendar: CalendarKind) -> Result<Self> {
        let (year, month, day) = parse_ymd(s)?;
        match calendar {
            CalendarKind::Jalali => Self::new(year, month, day),
            CalendarKind::Gregorian => Self::from_gregorian_ymd(year, month, day),
        }
    }

    /// Parses a date written in either calendar, telling them apart by the
    /// year with [`CalendarKind::guess`]; returns the date and the calendar
    /// it was read in. For spreadsheets whose date columns mix both.
    ///
    /// ```
    /// use homebiz_core::calendar::{CalendarKind, JalaliDate};
    /// let (a, kind) = JalaliDate::parse_guess("۲۰۲۵-۰۳-۲۱")?;
    /// assert_eq!(kind, CalendarKind::Gregorian);
    /// let (b, kind) = JalaliDate::parse_guess("1404/1/1")?;
    /// assert_eq!(kind, CalendarKind::Jalali);
    /// assert_eq!(a, b);
    /// # Ok::<(), homebiz_core::Error>(())
    /// ```
    pub fn parse_guess(s: &str) -> Result<(Self, CalendarKind)> {
        let (year, ..) = parse_ymd(s)?;
        let calendar = CalendarKind::guess(year);
        Ok((Self::parse_in(s, calendar)?, calendar))
    }

    /// The same day in the Gregorian calendar.
    pub const fn to_gregorian(&self) -> NaiveDate {
        self.gregorian
    }

    /// The Jalali year, such as 1404.
    pub const fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 (Farvardin) to 12 (Esfand).
    pub const fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub const fn day(&self) -> u8 {
        self.day
    }

    /// The day of the week.
    pub fn weekday(&self) -> Weekday {
        self.gregorian.weekday()
    }

    /// The month this day belongs to.
    pub const fn jalali_month(&self) -> JalaliMonth {
        JalaliMonth {
            year: self.year,
            month: self.month,
        }
    }

    /// Whether `year` is a leap year (Esfand has 30 days), by the
    /// astronomical rule of `icu_calendar`. 1399, 1403 and 1408 are; 1404
    /// is not. Years outside [`MIN_YEAR`]..=[`MAX_YEAR`] are reported as not
    /// leap.
    pub fn is_leap_year(year: i32) -> bool {
        (MIN_YEAR..=MAX_YEAR).contains(&year) && Date::try_new_persian(year, 12, 30).is_ok()
    }

    /// The date `days` days later (earlier for a negative count).
    pub fn add_days(&self, days: i64) -> Result<Self> {
        let date = self
            .gregorian
            .checked_add_signed(chrono::TimeDelta::try_days(days).ok_or(DateProblem::Year)?)
            .ok_or(DateProblem::Year)?;
        Self::from_gregorian(date)
    }

    /// Days from `self` to `other` (negative if `other` is earlier).
    pub fn days_until(&self, other: Self) -> i64 {
        other
            .gregorian
            .signed_duration_since(self.gregorian)
            .num_days()
    }
}

impl fmt::Debug for JalaliDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JalaliDate({self})")
    }
}

impl fmt::Display for JalaliDate {
    /// Zero-padded: `1404-01-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written digit by digit: an import writes two or three dates a
        // row, and this is a tenth of what `write!` spends on them. Every
        // date has a four-digit year (`MIN_YEAR` to `MAX_YEAR`).
        let digit = |n: u32| b'0' + (n % 10) as u8;
        match u32::try_from(self.year) {
            Ok(year @ 0..=9999) => {
                let (month, day) = (u32::from(self.month), u32::from(self.day));
                let text = [
                    digit(year / 1000),
                    digit(year / 100),
                    digit(year / 10),
                    digit(year),
                    b'-',
                    digit(month / 10),
                    digit(month),
                    b'-',
                    digit(day / 10),
                    digit(day),
                ];
                f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
            }
            _ => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl FromStr for JalaliDate {
    type Err = Error;

    /// Accepts `1404-01-01`, `1404/1/1`, and the same with Persian or
    /// Arabic-Indic digits, with surrounding spaces.
    fn from_str(s: &str) -> Result<Self> {
        let (year, month, day) = parse_ymd(s)?;
        Self::new(year, month, day)
    }
}

serde_via_str!(JalaliDate, "a Jalali date such as 1404-01-01");

/// A month of a Jalali year, such as Farvardin 1404. Serialised as
/// `"1404-01"`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JalaliMonth {
    year: i32,
    month: u8,
}

impl JalaliMonth {
    /// Month `month` (1–12) of `year`.
    pub fn new(year: i32, month: u8) -> Result<Self> {
        check_year(year)?;
        check_month(month)?;
        Ok(Self { year, month })
    }

    /// The year.
    pub const fn year(&self) -> i32 {
        self.year
    }

    /// The month number, 1–12.
    pub const fn month(&self) -> u8 {
        self.month
    }

    /// The number of days: 31, 30, or for Esfand 29 or 30.
    pub fn days(&self) -> u8 {
        days_in_month(self.year, self.month)
    }

    /// The first day of the month.
    pub fn first_day(&self) -> JalaliDate {
        self.day_unchecked(1)
    }

    /// The last day of the month.
    pub fn last_day(&self) -> JalaliDate {
        self.day_unchecked(self.days())
    }

    fn day_unchecked(&self, day: u8) -> JalaliDate {
        // The year and month were validated and `day` is within the month,
        // so this cannot fail; the fallback keeps the code panic-free.
        JalaliDate::new(self.year, self.month, day).unwrap_or(JalaliDate {
            year: self.year,
            month: self.month,
            day,
            gregorian: NaiveDate::MIN,
        })
    }

    /// Whether `date` falls in this month.
    pub fn contains(&self, date: JalaliDate) -> bool {
        date.year == self.year && date.month == self.month
    }

    /// The next month, or `None` after Esfand [`MAX_YEAR`].
    pub fn next(&self) -> Option<Self> {
        if self.month == 12 {
            Self::new(self.year + 1, 1).ok()
        } else {
            Some(Self {
                year: self.year,
                month: self.month + 1,
            })
        }
    }

    /// The previous month, or `None` before Farvardin [`MIN_YEAR`].
    pub fn previous(&self) -> Option<Self> {
        if self.month == 1 {
            Self::new(self.year - 1, 12).ok()
        } else {
            Some(Self {
                year: self.year,
                month: self.month - 1,
            })
        }
    }

    /// The month `n` months later (earlier for negative `n`).
    pub fn add_months(&self, n: i32) -> Result<Self> {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(n);
        let year = i32::try_from(index.div_euclid(12)).map_err(|_| DateProblem::Year)?;
        let month = u8::try_from(index.rem_euclid(12) + 1).map_err(|_| DateProblem::Year)?;
        Self::new(year, month)
    }

    /// Months from `self` to `other` (negative if `other` is earlier).
    pub fn months_until(&self, other: Self) -> i32 {
        (other.year - self.year) * 12 + i32::from(other.month) - i32::from(self.month)
    }

    /// The quarter (season) this month belongs to.
    pub const fn quarter(&self) -> JalaliQuarter {
        JalaliQuarter {
            year: self.year,
            quarter: (self.month - 1) / 3 + 1,
        }
    }

    /// The month's name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        month_name(self.month, lang).unwrap_or("")
    }
}

impl fmt::Debug for JalaliMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JalaliMonth({self})")
    }
}

impl fmt::Display for JalaliMonth {
    /// Zero-padded: `1404-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for JalaliMonth {
    type Err = Error;

    /// Accepts `1404-01`, `1404/1`, with any digits.
    fn from_str(s: &str) -> Result<Self> {
        let [year, month] = split_numbers::<2>(s).ok_or(DateProblem::MonthSyntax)?;
        let year = i32::try_from(year).map_err(|_| DateProblem::Year)?;
        let month = u8::try_from(month).map_err(|_| DateProblem::MonthSyntax)?;
        Self::new(year, month)
    }
}

serde_via_str!(JalaliMonth, "a Jalali month such as 1404-01");

/// A quarter of a Jalali year — a season: Q1 is spring (Farvardin to
/// Khordad), Q4 winter (Dey to Esfand). Serialised as `"1404-Q1"`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JalaliQuarter {
    year: i32,
    quarter: u8,
}

impl JalaliQuarter {
    /// Quarter `quarter` (1–4) of `year`.
    pub fn new(year: i32, quarter: u8) -> Result<Self> {
        check_year(year)?;
        if !(1..=4).contains(&quarter) {
            return Err(DateProblem::Quarter { quarter }.into());
        }
        Ok(Self { year, quarter })
    }

    /// The year.
    pub const fn year(&self) -> i32 {
        self.year
    }

    /// The quarter number, 1–4.
    pub const fn quarter(&self) -> u8 {
        self.quarter
    }

    /// Its three months.
    pub const fn months(&self) -> JalaliMonthRange {
        let first = JalaliMonth {
            year: self.year,
            month: self.quarter * 3 - 2,
        };
        let last = JalaliMonth {
            year: self.year,
            month: self.quarter * 3,
        };
        JalaliMonthRange { first, last }
    }

    /// The season's name in `lang`.
    pub const fn name(&self, lang: Lang) -> &'static str {
        match (lang, self.quarter) {
            (Lang::Fa, 1) => "بهار",
            (Lang::Fa, 2) => "تابستان",
            (Lang::Fa, 3) => "پاییز",
            (Lang::Fa, _) => "زمستان",
            (Lang::En, 1) => "Spring",
            (Lang::En, 2) => "Summer",
            (Lang::En, 3) => "Autumn",
            (Lang::En, _) => "Winter",
        }
    }
}

impl fmt::Debug for JalaliQuarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JalaliQuarter({self})")
    }
}

impl fmt::Display for JalaliQuarter {
    /// `1404-Q1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.quarter)
    }
}

impl FromStr for JalaliQuarter {
    type Err = Error;

    /// Accepts `1404-Q1` (or `q1`), with any digits.
    fn from_str(s: &str) -> Result<Self> {
        let s = digits_to_ascii(s.trim()).to_ascii_uppercase();
        let (year, quarter) = s.split_once("-Q").ok_or(DateProblem::Syntax)?;
        let year = year.parse().map_err(|_| DateProblem::Year)?;
        let quarter = quarter
            .parse()
            .map_err(|_| DateProblem::Quarter { quarter: 0 })?;
        Self::new(year, quarter)
    }
}

serde_via_str!(JalaliQuarter, "a Jalali quarter such as 1404-Q1");

/// An inclusive range of Jalali months, such as `1404-01..1404-06`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JalaliMonthRange {
    first: JalaliMonth,
    last: JalaliMonth,
}

impl JalaliMonthRange {
    /// The months from `first` to `last`, both included.
    pub fn new(first: JalaliMonth, last: JalaliMonth) -> Result<Self> {
        if last < first {
            return Err(DateProblem::RangeReversed.into());
        }
        Ok(Self { first, last })
    }

    /// The twelve months of `year`.
    pub fn year(year: i32) -> Result<Self> {
        Ok(Self {
            first: JalaliMonth::new(year, 1)?,
            last: JalaliMonth::new(year, 12)?,
        })
    }

    /// The `n` months that end with `last` (the "last N months" of an
    /// indicator).
    pub fn ending_with(last: JalaliMonth, n: u32) -> Result<Self> {
        let back = i32::try_from(n.max(1) - 1).map_err(|_| DateProblem::Year)?;
        Ok(Self {
            first: last.add_months(-back)?,
            last,
        })
    }

    /// The first month.
    pub const fn first(&self) -> JalaliMonth {
        self.first
    }

    /// The last month.
    pub const fn last(&self) -> JalaliMonth {
        self.last
    }

    /// The number of months (at least 1).
    pub fn len(&self) -> usize {
        usize::try_from(self.first.months_until(self.last) + 1).unwrap_or(0)
    }

    /// Always `false`: a range holds at least one month.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The first day of the first month.
    pub fn first_day(&self) -> JalaliDate {
        self.first.first_day()
    }

    /// The last day of the last month.
    pub fn last_day(&self) -> JalaliDate {
        self.last.last_day()
    }

    /// Whether `date` falls in one of the months.
    pub fn contains(&self, date: JalaliDate) -> bool {
        let month = date.jalali_month();
        self.first <= month && month <= self.last
    }

    /// The months, in order.
    pub fn iter(&self) -> impl Iterator<Item = JalaliMonth> + use<> {
        let last = self.last;
        std::iter::successors(Some(self.first), move |m| m.next().filter(|n| *n <= last))
    }
}

impl fmt::Debug for JalaliMonthRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JalaliMonthRange({self})")
    }
}

impl fmt::Display for JalaliMonthRange {
    /// `1404-01..1404-06`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

impl FromStr for JalaliMonthRange {
    type Err = Error;

    /// Accepts `1404-01..1404-06`, a single month `1404-03`, a quarter
    /// `1404-Q2`, or a year `1404`, with any digits. Either side of `..`
    /// may be a month, a quarter or a year (`1403..1404-Q1`: from the
    /// first month of the one to the last of the other); a range whose
    /// end lies before its start is refused as reversed.
    fn from_str(s: &str) -> Result<Self> {
        let s = digits_to_ascii(s.trim());
        if let Some((first, last)) = s.split_once("..") {
            let (first, last) = (Self::one(first)?, Self::one(last)?);
            return Self::new(first.first, last.last);
        }
        Self::one(&s)
    }
}

impl JalaliMonthRange {
    /// A month, a quarter or a year (ASCII digits, no `..`) as its months.
    fn one(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.to_ascii_uppercase().contains('Q') {
            return Ok(s.parse::<JalaliQuarter>()?.months());
        }
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            let year = s.parse().map_err(|_| DateProblem::Year)?;
            return Self::year(year);
        }
        // A month's own rule (month 13) is kept; text that is no month at
        // all is said to be no range.
        let month: JalaliMonth = s.parse().map_err(|e| match e {
            Error::Date(DateProblem::MonthSyntax) => DateProblem::RangeSyntax.into(),
            other => other,
        })?;
        Ok(Self {
            first: month,
            last: month,
        })
    }
}

serde_via_str!(
    JalaliMonthRange,
    "a Jalali month range such as 1404-01..1404-06"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn g(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn nowruz_known_values() {
        for (year, gregorian) in [
            (1395, g(2016, 3, 20)),
            (1398, g(2019, 3, 21)),
            (1399, g(2020, 3, 20)),
            (1404, g(2025, 3, 21)),
        ] {
            let nowruz = JalaliDate::new(year, 1, 1).unwrap();
            assert_eq!(nowruz.to_gregorian(), gregorian, "nowruz {year}");
            assert_eq!(JalaliDate::from_gregorian(gregorian).unwrap(), nowruz);
        }
        assert_eq!(
            JalaliDate::new(1403, 12, 30).unwrap().to_gregorian(),
            g(2025, 3, 20)
        );
    }

    #[test]
    fn leap_years() {
        for year in [1399, 1403, 1408] {
            assert!(JalaliDate::is_leap_year(year), "{year}");
        }
        for year in [1400, 1401, 1402, 1404, 1405] {
            assert!(!JalaliDate::is_leap_year(year), "{year}");
        }
        assert!(!JalaliDate::is_leap_year(0));
        assert!(!JalaliDate::is_leap_year(MAX_YEAR + 1));
        assert_eq!(
            JalaliDate::new(1402, 12, 30).unwrap_err(),
            Error::Date(DateProblem::Day {
                day: 30,
                days_in_month: 29
            })
        );
    }

    #[test]
    fn validation() {
        assert_eq!(
            JalaliDate::new(1404, 13, 1).unwrap_err(),
            Error::Date(DateProblem::Month { month: 13 })
        );
        assert!(JalaliDate::new(1404, 0, 1).is_err());
        assert!(JalaliDate::new(1404, 1, 0).is_err());
        assert!(JalaliDate::new(1404, 6, 31).is_ok());
        assert!(JalaliDate::new(1404, 7, 31).is_err());
        assert!(JalaliDate::new(0, 1, 1).is_err());
        assert!(JalaliDate::new(10_000, 1, 1).is_err());
        assert!(JalaliDate::from_gregorian(g(100, 1, 1)).is_err());
    }

    #[test]
    fn parsing() {
        let expected = JalaliDate::new(1404, 1, 1).unwrap();
        for text in [
            "1404-01-01",
            "1404/1/1",
            " 1404/01/01 ",
            "۱۴۰۴-۰۱-۰۱",
            "١٤٠٤/١/١",
            "۱۴۰۴/1/۱",
        ] {
            assert_eq!(text.parse::<JalaliDate>().unwrap(), expected, "{text}");
        }
        for bad in [
            "",
            "1404",
            "1404-01",
            "1404-01-01-01",
            "1404-1a-01",
            "x",
            "1404--01",
            "-1-1-1",
        ] {
            assert_eq!(
                bad.parse::<JalaliDate>().unwrap_err(),
                Error::Date(DateProblem::Syntax),
                "{bad:?}"
            );
        }
        assert_eq!(
            "1404-300-01".parse::<JalaliDate>().unwrap_err(),
            Error::Date(DateProblem::Syntax)
        );
        assert_eq!(
            "1404-01-300".parse::<JalaliDate>().unwrap_err(),
            Error::Date(DateProblem::Syntax)
        );
        assert_eq!(
            "1404-01-32".parse::<JalaliDate>().unwrap_err(),
            Error::Date(DateProblem::Day {
                day: 32,
                days_in_month: 31
            })
        );
        assert_eq!(expected.to_string(), "1404-01-01");
        assert_eq!(format!("{expected:?}"), "JalaliDate(1404-01-01)");
    }

    #[test]
    fn months_and_ranges() {
        let esfand = JalaliMonth::new(1403, 12).unwrap();
        assert_eq!(esfand.days(), 30);
        assert_eq!(esfand.next().unwrap(), JalaliMonth::new(1404, 1).unwrap());
        assert_eq!(esfand.next().unwrap().previous().unwrap(), esfand);
        assert_eq!(
            esfand.add_months(-12).unwrap(),
            JalaliMonth::new(1402, 12).unwrap()
        );
        assert_eq!(
            esfand.add_months(13).unwrap(),
            JalaliMonth::new(1405, 1).unwrap()
        );
        assert_eq!(esfand.months_until(JalaliMonth::new(1405, 1).unwrap()), 13);
        assert_eq!(esfand.first_day().to_string(), "1403-12-01");
        assert_eq!(esfand.last_day().to_string(), "1403-12-30");
        assert_eq!(esfand.name(Lang::Fa), "اسفند");
        assert_eq!(esfand.quarter().to_string(), "1403-Q4");
        assert_eq!(esfand.quarter().name(Lang::En), "Winter");
        assert_eq!(
            "۱۴۰۴/۳".parse::<JalaliMonth>().unwrap().to_string(),
            "1404-03"
        );
        assert!("1404-13".parse::<JalaliMonth>().is_err());
        assert!(JalaliMonth::new(MAX_YEAR, 12).unwrap().next().is_none());
        assert!(JalaliMonth::new(MIN_YEAR, 1).unwrap().previous().is_none());

        let range: JalaliMonthRange = "1404-01..1404-06".parse().unwrap();
        assert_eq!(range.len(), 6);
        assert_eq!(range.iter().count(), 6);
        assert_eq!(range.first_day().to_string(), "1404-01-01");
        assert_eq!(range.last_day().to_string(), "1404-06-31");
        assert!(range.contains(JalaliDate::new(1404, 6, 31).unwrap()));
        assert!(!range.contains(JalaliDate::new(1404, 7, 1).unwrap()));
        assert_eq!(
            "1404-06..1404-01".parse::<JalaliMonthRange>().unwrap_err(),
            Error::Date(DateProblem::RangeReversed)
        );
        for reversed in [
            "1405..1404",
            "1404-Q3..1404-Q2",
            "1405-01..1404",
            "1404..1403-12",
        ] {
            assert_eq!(
                reversed.parse::<JalaliMonthRange>().unwrap_err(),
                Error::Date(DateProblem::RangeReversed),
                "{reversed}"
            );
        }
        assert_eq!(
            "1403..1404-q1"
                .parse::<JalaliMonthRange>()
                .unwrap()
                .to_string(),
            "1403-01..1404-03"
        );
        assert_eq!(
            "۱۴۰۴..۱۴۰۴"
                .parse::<JalaliMonthRange>()
                .unwrap()
                .to_string(),
            "1404-01..1404-12"
        );
        assert_eq!("1404".parse::<JalaliMonthRange>().unwrap().len(), 12);
        assert_eq!(
            "1404-q2".parse::<JalaliMonthRange>().unwrap().to_string(),
            "1404-04..1404-06"
        );
        assert_eq!("1404-02".parse::<JalaliMonthRange>().unwrap().len(), 1);
        let crossing: JalaliMonthRange = "1403-11..1404-02".parse().unwrap();
        let months: Vec<String> = crossing.iter().map(|m| m.to_string()).collect();
        assert_eq!(months, ["1403-11", "1403-12", "1404-01", "1404-02"]);
        let last_six =
            JalaliMonthRange::ending_with(JalaliMonth::new(1404, 3).unwrap(), 6).unwrap();
        assert_eq!(last_six.to_string(), "1403-10..1404-03");
    }

    #[test]
    fn serde_is_text() {
        let d = JalaliDate::new(1404, 1, 1).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), r#""1404-01-01""#);
        let back: JalaliDate = serde_json::from_str(r#""۱۴۰۴/۱/۱""#).unwrap();
        assert_eq!(back, d);
        assert!(serde_json::from_str::<JalaliDate>(r#""1402-12-30""#).is_err());
        let r: JalaliMonthRange = serde_json::from_str(r#""1404-01..1404-06""#).unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), r#""1404-01..1404-06""#);
    }

    #[test]
    fn either_calendar() {
        let nowruz = JalaliDate::new(1404, 1, 1).unwrap();
        assert_eq!(
            JalaliDate::parse_guess("2025-03-21").unwrap(),
            (nowruz, CalendarKind::Gregorian)
        );
        assert_eq!(
            JalaliDate::parse_guess("1404-01-01").unwrap(),
            (nowruz, CalendarKind::Jalali)
        );
        assert_eq!(
            JalaliDate::parse_in("2025-02-29", CalendarKind::Gregorian).unwrap_err(),
            Error::Date(DateProblem::Day {
                day: 29,
                days_in_month: 28
            })
        );
        assert!(JalaliDate::parse_in("2024-02-29", CalendarKind::Gregorian).is_ok());
        assert!(JalaliDate::parse_in("2025-13-01", CalendarKind::Gregorian).is_err());
        assert_eq!(
            "Shamsi".parse::<CalendarKind>().unwrap(),
            CalendarKind::Jalali
        );
    }

    #[test]
    fn weekdays() {
        let nowruz = JalaliDate::new(1404, 1, 1).unwrap();
        assert_eq!(nowruz.weekday(), Weekday::Fri);
        assert_eq!(weekday_name(nowruz.weekday(), Lang::Fa), "جمعه");
        assert_eq!(nowruz.add_days(1).unwrap().weekday(), Weekday::Sat);
        assert_eq!(nowruz.add_days(-1).unwrap().to_string(), "1403-12-30");
        assert_eq!(nowruz.days_until(nowruz.add_days(365).unwrap()), 365);
    }

    proptest::proptest! {
        /// A date is written zero-padded, `YYYY-MM-DD`, and reads back.
        #[test]
        fn dates_are_written_zero_padded(year in MIN_YEAR..=MAX_YEAR, month in 1u8..=12, day in 1u8..=31) {
            let day = day.min(days_in_month(year, month));
            let date = JalaliDate::new(year, month, day).unwrap();
            let text = date.to_string();
            proptest::prop_assert_eq!(&text, &format!("{year:04}-{month:02}-{day:02}"));
            proptest::prop_assert_eq!(text.parse::<JalaliDate>().unwrap(), date);
        }
    }
}
