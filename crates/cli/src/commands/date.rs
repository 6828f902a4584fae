//! `homebiz date`: Jalali ↔ Gregorian conversion.

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use homebiz::core::calendar::{CalendarKind, JalaliDate, month_name, weekday_name};
use homebiz::core::chrono::Datelike;
use homebiz::core::text::Lang;
use serde::Serialize;

/// Arguments of `homebiz date`.
#[derive(Debug, Args)]
pub(crate) struct DateArgs {
    /// A date such as 2025-03-21 (Gregorian) or 1404-01-01, 1404/1/1,
    /// ۱۴۰۴/۰۱/۰۱ (Jalali). Years from 1700 on are read as Gregorian.
    date: String,

    /// The calendar DATE is written in, instead of guessing from the year.
    #[arg(long, value_enum)]
    from: Option<FromCalendar>,

    /// Print both dates, the weekday and the month names as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FromCalendar {
    Jalali,
    Gregorian,
}

#[derive(Serialize)]
struct Names {
    fa: &'static str,
    en: &'static str,
}

#[derive(Serialize)]
struct DateJson {
    input_calendar: CalendarKind,
    jalali: String,
    gregorian: String,
    weekday: Names,
    jalali_month: Names,
    gregorian_month: &'static str,
}

const GREGORIAN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(crate) fn run(args: &DateArgs) -> Result<String> {
    // A year of one or two digits (`70/5/20`) is refused, as in files:
    // it would be read as year 0070.
    let text = homebiz::core::text::digits_to_ascii(args.date.trim()).into_owned();
    let year_digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&year_digits) {
        // `31/12/1403` has its year in full, but last: say to put it first.
        let last_digits = text.chars().rev().take_while(char::is_ascii_digit).count();
        if last_digits == 4 {
            bail!(crate::context::say!(
                "invalid date: write the year first, as year-month-day (1403-12-31, not 31/12/1403)"
            ));
        }
        bail!(crate::context::say!(
            "invalid date: write the year in full (1370, not 70)"
        ));
    }
    let (date, calendar) = match args.from {
        Some(FromCalendar::Jalali) => (
            JalaliDate::parse_in(&args.date, CalendarKind::Jalali)?,
            CalendarKind::Jalali,
        ),
        Some(FromCalendar::Gregorian) => (
            JalaliDate::parse_in(&args.date, CalendarKind::Gregorian)?,
            CalendarKind::Gregorian,
        ),
        None => JalaliDate::parse_guess(&args.date)?,
    };
    let gregorian = date.to_gregorian();
    if !args.json {
        return Ok(crate::context::numerals(&match calendar {
            CalendarKind::Gregorian => date.to_string(),
            _ => gregorian.format("%Y-%m-%d").to_string(),
        }));
    }
    let month = date.month();
    let json = DateJson {
        input_calendar: calendar,
        jalali: date.to_string(),
        gregorian: gregorian.format("%Y-%m-%d").to_string(),
        weekday: Names {
            fa: weekday_name(date.weekday(), Lang::Fa),
            en: weekday_name(date.weekday(), Lang::En),
        },
        jalali_month: Names {
            fa: month_name(month, Lang::Fa).unwrap_or_default(),
            en: month_name(month, Lang::En).unwrap_or_default(),
        },
        gregorian_month: GREGORIAN_MONTHS
            .get(gregorian.month0() as usize)
            .copied()
            .unwrap_or_default(),
    };
    serde_json::to_string_pretty(&json).context("cannot write json")
}
