//! Time, behind a trait: domain code asks a [`Clock`] and never reads the
//! system time itself, so tests and simulations can fix or advance it.
//!
//! ```
//! use homebiz_core::clock::{Clock, FixedClock};
//! use chrono::{TimeZone, Utc};
//!
//! let clock = FixedClock::new(Utc.with_ymd_and_hms(2025, 3, 20, 21, 0, 0).unwrap());
//! // 21:00 UTC is 00:30 the next day in Tehran: Nowruz 1404.
//! assert_eq!(clock.today()?.to_string(), "1404-01-01");
//! clock.advance(chrono::TimeDelta::days(1));
//! assert_eq!(clock.today()?.to_string(), "1404-01-02");
//! # Ok::<(), homebiz_core::Error>(())
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::calendar::JalaliDate;
use crate::error::Result;

/// Iran Standard Time is UTC+03:30 (Iran has kept no daylight saving time
/// since 2022).
pub const IRAN_UTC_OFFSET_SECONDS: i64 = 3 * 3600 + 30 * 60;

/// A source of the current time.
///
/// Implement it to drive time from elsewhere; [`SystemClock`] reads the
/// system clock and [`FixedClock`] is set by hand.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today's Gregorian date in Iran (UTC+03:30).
    fn today_gregorian(&self) -> NaiveDate {
        (self.now().naive_utc() + TimeDelta::seconds(IRAN_UTC_OFFSET_SECONDS)).date()
    }

    /// Today's Jalali date in Iran.
    fn today(&self) -> Result<JalaliDate> {
        JalaliDate::from_gregorian(self.today_gregorian())
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for Box<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is [set](FixedClock::set) or
/// [advanced](FixedClock::advance); for tests and simulations. Shareable
/// across threads.
#[derive(Debug)]
pub struct FixedClock {
    micros: AtomicI64,
}

impl FixedClock {
    /// A clock showing `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self {
            micros: AtomicI64::new(at.timestamp_micros()),
        }
    }

    /// Sets the time to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        self.micros.store(at.timestamp_micros(), Ordering::SeqCst);
    }

    /// Moves the time by `by` (backwards if negative), saturating at the
    /// ends of the representable range.
    pub fn advance(&self, by: TimeDelta) {
        let step = by.num_microseconds().unwrap_or(if by < TimeDelta::zero() {
            i64::MIN
        } else {
            i64::MAX
        });
        let _ = self
            .micros
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |m| {
                Some(m.saturating_add(step))
            });
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(self.micros.load(Ordering::SeqCst)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let start = Utc.with_ymd_and_hms(2025, 3, 20, 20, 29, 0).unwrap();
        let clock = FixedClock::new(start);
        assert_eq!(clock.now(), start);
        // 20:29 UTC is 23:59 in Tehran: still Esfand 30.
        assert_eq!(clock.today().unwrap().to_string(), "1403-12-30");
        clock.advance(TimeDelta::minutes(1));
        assert_eq!(clock.today().unwrap().to_string(), "1404-01-01");
        clock.set(start);
        assert_eq!(clock.now(), start);
        let shared: Arc<dyn Clock> = Arc::new(clock);
        fn via_trait(clock: impl Clock) -> DateTime<Utc> {
            clock.now()
        }
        assert_eq!(via_trait(&shared), start);
        assert!(via_trait(Box::new(SystemClock)).timestamp() > 0);
    }

    #[test]
    fn system_clock_is_recent() {
        assert!(SystemClock.now().timestamp() > 1_700_000_000);
    }
}
