//! Booth allocation: approved applicants assigned to booth-weeks over a
//! horizon of weeks, fairly and optimally.
//!
//! # The rules (hard constraints)
//!
//! - A booth holds one business in a week, and a business holds at most one
//!   booth in a week.
//! - A booth hosts only the categories it accepts
//!   ([`Booth::accepts`]).
//! - In a week, a category takes at most its weekly limit of booths
//!   ([`Rules::weekly_limits`]).
//! - A business gets at most [`Rules::monthly_cap`] weeks in one Jalali
//!   month (a week belongs to the month of its first day), and at most the
//!   weeks it asked for ([`Candidate::weeks_wanted`]) in all.
//! - Both counts include the booth-weeks the business already holds at the
//!   exhibition outside the horizon ([`Candidate::held`], from earlier
//!   runs over other windows): a business that holds 2 weeks and wanted 3
//!   gets at most 1 more, and a month the horizon touches counts its weeks
//!   held before (or after) the horizon against the cap.
//! - A window need not be aligned with earlier ones. A booking outside the
//!   horizon (its week starts before the horizon's first day or after its
//!   last week's first day) is kept; a horizon week whose days overlap its
//!   week is closed to its booth and to its business, and the booking
//!   counts against its category's weekly limit there
//!   ([`allocate_around`]). No booth and no business is ever booked twice
//!   on one day.
//!
//! # The objective
//!
//! Each booking earns points ([`Points`], all configurable):
//!
//! ```text
//! points(b, j, w) = booking                         (100: every booth-week filled counts)
//!                 + new_producer  if b is new       (40)
//!                 + vulnerable    if b is vulnerable (40)
//!                 + rotation × max(0, rotation_weeks − (past_b + j))   (10 × …, 8)
//!                 + season × demand_b(month of w) / 100                (20 × …)
//! ```
//!
//! where `j` counts the business's bookings in this horizon from 0 and
//! `past_b` is the number of booth-weeks it had or holds outside the
//! horizon ([`Candidate::past_weeks`]). The allocation maximises the total
//! points over all bookings, subject to the rules. Rotation falls with
//! every week a business has had or holds, outside or in this horizon, so those who had fewer weeks come first and a week more for one
//! business is worth less than a first week for another; priority for new
//! and vulnerable producers is a fixed bonus per booking; the season term
//! sends a producer to the weeks when its activity sells (its demand index
//! by Jalali month, 0–100, from the activity catalog).
//!
//! # How it is solved
//!
//! Exactly, as a min-cost flow (the `mcmf` crate: LEMON's network simplex).
//! Because a booking's points do not depend on which of the accepting booths
//! it gets, the network needs no arc per applicant × booth:
//!
//! ```text
//! source ─wanted→ b ─1, −(base + rotation j)→ b′ ─cap→ (b, month) ─1, −season→ (b, week)
//!   ─1→ (category, week) ─limit→ (category, week)′ ─1→ (booth, week) ─1→ sink
//! b ─wanted, 0→ sink (weeks not placed)
//! ```
//!
//! with one unit arc from `b` to `b′` for each `j` (their costs rise with
//! `j`, so the flow takes them in order). A month layer is left out where
//! the monthly cap cannot bind, and an applicant wanting one week goes
//! straight to the category-weeks (`b ─1, −points→ (category, week)`). For
//! 2,000 applicants wanting a week each and 780 booth-weeks that is about
//! 32,000 arcs, where an arc per applicant × booth-week would be 1.5
//! million.
//!
//! # Determinism and explanations
//!
//! Candidates are sorted by application ID and booths by code before the
//! solver sees them, and within a category and week the bookings are dealt
//! to the booths in that order, so ties are broken by ID and the result
//! never depends on input order. Each [`Booking`] carries its points, term
//! by term; the [`Waiting`] list ranks the applicants left without a booth
//! by the points a first booking would have earned them, each with the
//! reason.
//!
//! ```
//! use homebiz_core::{JalaliDate, category::Category, id::{ApplicationId, BusinessId}};
//! use homebiz_market::allocate::{allocate, Candidate, Horizon, Rules};
//! use homebiz_market::exhibition::{Booth, SizeClass};
//!
//! let booths = vec![Booth::new("A", SizeClass::Standard, vec![])];
//! let horizon = Horizon::new(JalaliDate::new(1404, 1, 1)?, 2)?;
//! let candidate = |new_producer, past_weeks| Candidate {
//!     application: ApplicationId::new(),
//!     business: BusinessId::new(),
//!     category: Category::Handicrafts,
//!     new_producer,
//!     vulnerable: false,
//!     past_weeks,
//!     weeks_wanted: 2,
//!     seasonality: None,
//!     held: vec![],
//! };
//! // A newcomer, a veteran with 8 weeks behind her, and one more newcomer.
//! let candidates = vec![candidate(true, 0), candidate(false, 8), candidate(true, 0)];
//! let result = allocate(&booths, &horizon, &candidates, &Rules::default())?;
//! // Two booth-weeks, two newcomers: one week each beats two weeks for one.
//! assert_eq!(result.bookings.len(), 2);
//! assert!(result.bookings.iter().all(|b| b.business != candidates[1].business));
//! assert_ne!(result.bookings[0].business, result.bookings[1].business);
//! assert_eq!(result.waitlist[0].business, candidates[1].business);
//! # Ok::<(), homebiz_market::MarketError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use mcmf::{Capacity, Cost, GraphBuilder, Vertex};
use serde::{Deserialize, Serialize};

use homebiz_core::category::Category;
use homebiz_core::id::{ActorId, ApplicationId, BusinessId};
use homebiz_core::text::Lang;
use homebiz_core::{JalaliDate, JalaliMonth};

use crate::error::{MarketError, Result};
use crate::exhibition::{Booth, Exhibition};

/// The most weeks a horizon may have (two years).
pub const MAX_WEEKS: u16 = 104;

/// One week of the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Week {
    /// 0 for the first week.
    pub index: u16,
    /// Its first day.
    pub start: JalaliDate,
}

impl Week {
    /// The Jalali month it belongs to (that of its first day).
    pub fn month(&self) -> JalaliMonth {
        self.start.jalali_month()
    }
}

/// Consecutive weeks from a first day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Horizon {
    weeks: Vec<Week>,
}

impl Horizon {
    /// `weeks` weeks (1 to [`MAX_WEEKS`]) starting on `from`.
    pub fn new(from: JalaliDate, weeks: u16) -> Result<Self> {
        if !(1..=MAX_WEEKS).contains(&weeks) {
            return Err(MarketError::invalid(
                "weeks",
                format!("must be from 1 to {MAX_WEEKS}"),
            ));
        }
        let weeks = (0..weeks)
            .map(|index| {
                Ok(Week {
                    index,
                    start: from.add_days(7 * i64::from(index))?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self { weeks })
    }

    /// The weeks, in order.
    pub fn weeks(&self) -> &[Week] {
        &self.weeks
    }

    /// The first day.
    pub fn first_day(&self) -> JalaliDate {
        self.weeks[0].start
    }

    /// The last day (the sixth after the last week's first).
    pub fn last_day(&self) -> Result<JalaliDate> {
        let last = self.weeks[self.weeks.len() - 1];
        Ok(last.start.add_days(6)?)
    }

    /// The last week's first day: an allocation over the horizon replaces
    /// the bookings whose week starts from [`first_day`](Self::first_day)
    /// to this day, and keeps the others.
    pub fn last_start(&self) -> JalaliDate {
        self.weeks[self.weeks.len() - 1].start
    }

    /// Whether a booking whose week starts on `start` lies outside the
    /// horizon (kept by an allocation over it): it starts before the first
    /// day or after the last week's first day.
    pub fn is_outside(&self, start: JalaliDate) -> bool {
        start < self.first_day() || start > self.last_start()
    }
}

/// Whether the weeks starting on `a` and `b` share a day.
fn overlap(a: JalaliDate, b: JalaliDate) -> bool {
    a.days_until(b).abs() < 7
}

/// Points per booking: the terms of the objective (see the
/// [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Points {
    /// Every booking.
    pub booking: u32,
    /// A booking for a new producer.
    pub new_producer: u32,
    /// A booking for a vulnerable producer.
    pub vulnerable: u32,
    /// Per week short of `rotation_weeks` that the business has had.
    pub rotation: u32,
    /// Weeks after which the rotation term is 0.
    pub rotation_weeks: u32,
    /// Times the activity's demand index (0–100) over 100, in the week's
    /// month.
    pub season: u32,
}

impl Default for Points {
    fn default() -> Self {
        Self {
            booking: 100,
            new_producer: 40,
            vulnerable: 40,
            rotation: 10,
            rotation_weeks: 8,
            season: 20,
        }
    }
}

impl Points {
    /// The largest points a booking can earn.
    fn max(&self) -> u64 {
        u64::from(self.booking)
            + u64::from(self.new_producer)
            + u64::from(self.vulnerable)
            + u64::from(self.rotation) * u64::from(self.rotation_weeks)
            + u64::from(self.season)
    }
}

/// The rules of an allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// At most this many booths for one category in one week.
    pub weekly_limits: BTreeMap<Category, u32>,
    /// At most this many weeks for one business in one Jalali month.
    pub monthly_cap: u8,
    /// The points of the objective.
    pub points: Points,
}

impl Default for Rules {
    /// No weekly limits, two weeks a month, the default points.
    fn default() -> Self {
        Self {
            weekly_limits: BTreeMap::new(),
            monthly_cap: 2,
            points: Points::default(),
        }
    }
}

impl Rules {
    /// The exhibition's own limits and cap, with the default points.
    pub fn of(exhibition: &Exhibition) -> Self {
        Self {
            weekly_limits: exhibition.data().weekly_limits.iter().copied().collect(),
            monthly_cap: exhibition.data().monthly_cap,
            points: Points::default(),
        }
    }
}

/// An approved application, as the allocation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The application (unique; ties are broken by it).
    pub application: ApplicationId,
    /// The business.
    pub business: BusinessId,
    /// What it sells.
    pub category: Category,
    /// A producer new to the programme's channels.
    pub new_producer: bool,
    /// A producer the office marks as vulnerable (a woman heading the
    /// household, disability, no other income).
    pub vulnerable: bool,
    /// Booth-weeks it had or holds outside this horizon, at any
    /// exhibition (the rotation term falls with them).
    pub past_weeks: u32,
    /// At most this many weeks in all (at least 1): the weeks in
    /// [`held`](Self::held) count against it.
    pub weeks_wanted: u8,
    /// Its activity's demand index per Jalali month (Farvardin first,
    /// 0–100), if known.
    pub seasonality: Option<[u8; 12]>,
    /// The first days of the booth-weeks it already holds at this
    /// exhibition outside the horizon (from earlier allocations over other
    /// windows). They count against [`weeks_wanted`](Self::weeks_wanted)
    /// and against [`Rules::monthly_cap`] in their months, and no week of
    /// the horizon that overlaps one of them is given to the business.
    /// Days from the horizon's first day to its last week's first day are
    /// ignored, as the allocation replaces the bookings that start there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held: Vec<JalaliDate>,
}

/// The points of one booking, term by term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Earned {
    /// The booking term.
    pub booking: u32,
    /// The new-producer term.
    pub new_producer: u32,
    /// The vulnerable-producer term.
    pub vulnerable: u32,
    /// The rotation term.
    pub rotation: u32,
    /// Booth-weeks the business had had or holds besides this one: outside
    /// this horizon, and before this one in it.
    pub weeks_before: u32,
    /// The season term.
    pub season: u32,
}

impl Earned {
    /// The sum of the terms.
    pub fn total(&self) -> u32 {
        self.booking + self.new_producer + self.vulnerable + self.rotation + self.season
    }

    /// The points term by term for people in `lang` (the
    /// [`Display`](fmt::Display) form is the English one).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_market::allocate::Earned;
    /// let e = Earned { booking: 100, new_producer: 40, vulnerable: 0, rotation: 50, weeks_before: 3, season: 5 };
    /// assert_eq!(e.text(Lang::Fa), "۱۹۵ امتیاز: غرفه ۱۰۰، تولیدکنندهٔ تازه ۴۰، نوبت ۵۰ (۳ هفته پیش‌تر)، فصل ۵");
    /// ```
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let mut out = format!("{} امتیاز: غرفه {}", self.total(), self.booking);
        if self.new_producer > 0 {
            out += &format!("، تولیدکنندهٔ تازه {}", self.new_producer);
        }
        if self.vulnerable > 0 {
            out += &format!("، آسیب‌پذیر {}", self.vulnerable);
        }
        out += &format!(
            "، نوبت {} ({} هفته پیش‌تر)",
            self.rotation, self.weeks_before
        );
        if self.season > 0 {
            out += &format!("، فصل {}", self.season);
        }
        homebiz_core::text::to_persian_digits(&out)
    }
}

impl fmt::Display for Earned {
    /// `195 points: booking 100, new producer 40, rotation 50 (3 weeks
    /// before), season 5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} points: booking {}", self.total(), self.booking)?;
        if self.new_producer > 0 {
            write!(f, ", new producer {}", self.new_producer)?;
        }
        if self.vulnerable > 0 {
            write!(f, ", vulnerable {}", self.vulnerable)?;
        }
        write!(
            f,
            ", rotation {} ({} week{} before)",
            self.rotation,
            self.weeks_before,
            if self.weeks_before == 1 { "" } else { "s" }
        )?;
        if self.season > 0 {
            write!(f, ", season {}", self.season)?;
        }
        Ok(())
    }
}

/// One booth-week given to one business.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// The week.
    pub week: Week,
    /// The booth's code.
    pub booth: String,
    /// The application.
    pub application: ApplicationId,
    /// The business.
    pub business: BusinessId,
    /// Its category.
    pub category: Category,
    /// Why: the points it earned.
    pub earned: Earned,
    /// Who ran the allocation that made it (the acting user's ID), where
    /// known: bookings made before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// Why an applicant got no booth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum WaitReason {
    /// No booth accepts its category.
    NoBoothAccepts {
        /// The category.
        category: Category,
    },
    /// Its category had reached its weekly limit in every week.
    WeeklyLimit {
        /// The category.
        category: Category,
    },
    /// Every booth open to its category was taken, in every week, by
    /// bookings with more points (or, for the weeks where the weekly
    /// limit was reached, by that limit).
    Full {
        /// The category.
        category: Category,
    },
}

impl WaitReason {
    /// The reason for people in `lang` (the [`Display`](fmt::Display)
    /// form is the English one).
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Fa => match self {
                Self::NoBoothAccepts { category } => {
                    format!("هیچ غرفه‌ای {} نمی‌پذیرد", category.name(lang))
                }
                Self::WeeklyLimit { category } => {
                    format!("سقف هفتگی {} در همهٔ هفته‌ها پر شده بود", category.name(lang))
                }
                Self::Full { category } => format!(
                    "همهٔ غرفه‌های باز برای {} به درخواست‌هایی با امتیاز بیشتر رسید",
                    category.name(lang)
                ),
            },
        }
    }
}

impl fmt::Display for WaitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBoothAccepts { category } => write!(f, "no booth accepts {category}"),
            Self::WeeklyLimit { category } => {
                write!(
                    f,
                    "the weekly limit for {category} was reached in every week"
                )
            }
            Self::Full { category } => write!(
                f,
                "every booth-week open to {category} went to bookings with more points"
            ),
        }
    }
}

/// An applicant left without a booth, on the ranked waitlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// 1 is the first to call when a booth frees up.
    pub rank: usize,
    /// The application.
    pub application: ApplicationId,
    /// The business.
    pub business: BusinessId,
    /// The points a first booking would earn it (without the season term).
    pub points: u32,
    /// Why it got no booth.
    pub reason: WaitReason,
}

/// The result of [`allocate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The bookings, by week and then booth code.
    pub bookings: Vec<Booking>,
    /// Applicants with no booking, best first (not those whose held weeks
    /// leave no room in this horizon: they have had their share).
    pub waitlist: Vec<Waiting>,
    /// The objective: the sum of the bookings' points.
    pub total_points: u64,
}

impl Allocation {
    /// The bookings of `business`, by week.
    pub fn bookings_of(&self, business: BusinessId) -> impl Iterator<Item = &Booking> {
        self.bookings.iter().filter(move |b| b.business == business)
    }
}

/// A candidate with its points worked out.
struct Prepared<'a> {
    candidate: &'a Candidate,
    /// booking + new + vulnerable.
    fixed: u32,
    /// min(weeks wanted less weeks held, weeks in the horizon).
    wanted: u32,
    /// Per month of the horizon, the weeks it may still get there: the
    /// monthly cap less the weeks held in that month.
    month_room: Vec<u32>,
    /// Per week of the horizon, whether a week it holds outside the
    /// horizon overlaps it.
    closed: Vec<bool>,
}

impl Prepared<'_> {
    /// Whether the weeks it holds leave room for a week in this horizon.
    fn has_room(&self) -> bool {
        self.wanted > 0 && self.month_room.iter().any(|&r| r > 0)
    }

    fn rotation(&self, points: &Points, j: u32) -> (u32, u32) {
        let before = self.candidate.past_weeks.saturating_add(j);
        (
            points.rotation * points.rotation_weeks.saturating_sub(before),
            before,
        )
    }

    fn season(&self, points: &Points, week: &Week) -> u32 {
        self.candidate.seasonality.map_or(0, |s| {
            points.season * u32::from(s[usize::from(week.start.month() - 1)].min(100)) / 100
        })
    }
}

/// Allocates `booths` over `horizon` to `candidates` under `rules`: the
/// bookings of most points (see the [module docs](self)), with the
/// waitlist.
///
/// The weeks a candidate already holds outside the horizon
/// ([`Candidate::held`]) count against its weeks wanted and the monthly
/// cap:
///
/// ```
/// use homebiz_core::{JalaliDate, category::Category, id::{ApplicationId, BusinessId}};
/// use homebiz_market::allocate::{allocate, Candidate, Horizon, Rules};
/// use homebiz_market::exhibition::Booth;
/// use homebiz_market::exhibition::SizeClass;
///
/// let booths = vec![Booth::new("A", SizeClass::Standard, vec![])];
/// // Three weeks of Aban 1404, from the 8th; the cap is 2 a month.
/// let horizon = Horizon::new(JalaliDate::new(1404, 8, 8)?, 3)?;
/// let candidate = Candidate {
///     application: ApplicationId::new(),
///     business: BusinessId::new(),
///     category: Category::Handicrafts,
///     new_producer: false,
///     vulnerable: false,
///     past_weeks: 2,
///     weeks_wanted: 4,
///     seasonality: None,
///     // Two weeks of Mehr and one of Aban, from earlier runs.
///     held: vec![JalaliDate::new(1404, 7, 19)?, JalaliDate::new(1404, 7, 26)?, JalaliDate::new(1404, 8, 1)?],
/// };
/// let result = allocate(&booths, &horizon, &[candidate], &Rules::default())?;
/// // One more week: 4 wanted less 3 held, and Aban has room for 1.
/// assert_eq!(result.bookings.len(), 1);
/// # Ok::<(), homebiz_market::MarketError>(())
/// ```
///
/// Errors: a booth code or an application listed twice, a candidate wanting
/// 0 weeks, a monthly cap of 0, or points so large that a booking could
/// exceed 1,000,000.
pub fn allocate(
    booths: &[Booth],
    horizon: &Horizon,
    candidates: &[Candidate],
    rules: &Rules,
) -> Result<Allocation> {
    allocate_around(booths, horizon, candidates, rules, &[])
}

/// [`allocate`], around `kept`: the bookings the exhibition keeps outside
/// the horizon (from runs over other windows, aligned with this one or
/// not; those inside it, by [`Horizon::is_outside`], are ignored). A
/// horizon week whose days overlap a kept booking's week is closed to that
/// booth, and the booking counts against its category's weekly limit in
/// that week; a candidate's own kept weeks ([`Candidate::held`]) close the
/// horizon weeks they overlap to it. So no booth and no business is booked
/// twice on one day.
///
/// ```
/// use homebiz_core::{JalaliDate, category::Category, id::{ApplicationId, BusinessId}};
/// use homebiz_market::allocate::{allocate, allocate_around, Candidate, Horizon, Rules};
/// use homebiz_market::exhibition::{Booth, SizeClass};
///
/// let booths = vec![Booth::new("A", SizeClass::Standard, vec![])];
/// let candidate = || Candidate {
///     application: ApplicationId::new(),
///     business: BusinessId::new(),
///     category: Category::Handicrafts,
///     new_producer: false,
///     vulnerable: false,
///     past_weeks: 0,
///     weeks_wanted: 2,
///     seasonality: None,
///     held: vec![],
/// };
/// // A first business holds booth A for the week from 1 Aban.
/// let first = allocate(&booths, &Horizon::new(JalaliDate::new(1404, 8, 1)?, 1)?, &[candidate()], &Rules::default())?;
/// // A window from 4 Aban overlaps that week: booth A is taken until the 7th.
/// let later = Horizon::new(JalaliDate::new(1404, 8, 4)?, 2)?;
/// let result = allocate_around(&booths, &later, &[candidate()], &Rules::default(), &first.bookings)?;
/// assert_eq!(result.bookings.len(), 1);
/// assert_eq!(result.bookings[0].week.start, JalaliDate::new(1404, 8, 11)?);
/// # Ok::<(), homebiz_market::MarketError>(())
/// ```
///
/// Errors: as [`allocate`].
pub fn allocate_around(
    booths: &[Booth],
    horizon: &Horizon,
    candidates: &[Candidate],
    rules: &Rules,
    kept: &[Booking],
) -> Result<Allocation> {
    // Canonical order: booths by code, candidates by application ID.
    let mut booths: Vec<&Booth> = booths.iter().collect();
    booths.sort_by(|a, b| a.code.cmp(&b.code));
    if let Some(pair) = booths.windows(2).find(|p| p[0].code == p[1].code) {
        return Err(MarketError::invalid(
            "booth code",
            format!("{} appears twice", pair[0].code),
        ));
    }
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by_key(|c| c.application);
    if let Some(pair) = sorted
        .windows(2)
        .find(|p| p[0].application == p[1].application)
    {
        return Err(MarketError::invalid(
            "application",
            format!("{} appears twice", pair[0].application),
        ));
    }
    if rules.monthly_cap == 0 {
        return Err(MarketError::invalid("monthly cap", "must be at least 1"));
    }
    if rules.points.max() > 1_000_000 {
        return Err(MarketError::invalid(
            "points",
            "a booking may earn at most 1,000,000 points",
        ));
    }
    let points = &rules.points;
    let weeks = horizon.weeks();
    let n_weeks = weeks.len();
    // The months of the horizon, and each week's month.
    let mut months: Vec<JalaliMonth> = weeks.iter().map(Week::month).collect();
    months.dedup();
    let week_month: Vec<usize> = weeks
        .iter()
        .map(|w| months.iter().position(|m| *m == w.month()).unwrap_or(0))
        .collect();
    let month_weeks: Vec<u32> = (0..months.len())
        .map(|m| week_month.iter().filter(|&&x| x == m).count() as u32)
        .collect();
    // Bookings kept outside the horizon that overlap each of its weeks.
    let kept: Vec<&Booking> = kept
        .iter()
        .filter(|b| horizon.is_outside(b.week.start))
        .collect();
    let overlapping: Vec<Vec<&Booking>> = weeks
        .iter()
        .map(|w| {
            kept.iter()
                .copied()
                .filter(|b| overlap(b.week.start, w.start))
                .collect()
        })
        .collect();
    let prepared: Vec<Prepared<'_>> = sorted
        .iter()
        .map(|&c| {
            if c.weeks_wanted == 0 {
                return Err(MarketError::invalid(
                    "weeks wanted",
                    format!("application {}: must be at least 1", c.application),
                ));
            }
            // Weeks held outside the horizon: in all, and per month of it.
            let outside: Vec<JalaliDate> = c
                .held
                .iter()
                .copied()
                .filter(|d| horizon.is_outside(*d))
                .collect();
            let held: Vec<JalaliMonth> = outside.iter().map(JalaliDate::jalali_month).collect();
            // The horizon weeks its kept weeks overlap are closed to it.
            let closed = weeks
                .iter()
                .map(|w| outside.iter().any(|d| overlap(*d, w.start)))
                .collect();
            let month_room = months
                .iter()
                .map(|m| {
                    let n = held.iter().filter(|h| *h == m).count() as u32;
                    u32::from(rules.monthly_cap).saturating_sub(n)
                })
                .collect();
            Ok(Prepared {
                candidate: c,
                month_room,
                closed,
                fixed: points.booking
                    + if c.new_producer {
                        points.new_producer
                    } else {
                        0
                    }
                    + if c.vulnerable { points.vulnerable } else { 0 },
                wanted: u32::from(c.weeks_wanted)
                    .saturating_sub(held.len() as u32)
                    .min(n_weeks as u32),
            })
        })
        .collect::<Result<_>>()?;

    // Which booths take each category.
    let takers: Vec<Vec<usize>> = Category::ALL
        .iter()
        .map(|&c| {
            (0..booths.len())
                .filter(|&k| booths[k].accepts(c))
                .collect()
        })
        .collect();
    let category_index = |c: Category| Category::ALL.iter().position(|x| *x == c).unwrap_or(0);

    let graph = Network::new(prepared.len(), months.len(), n_weeks, booths.len());
    let mut g = GraphBuilder::new();
    let cost = |points: u32| Cost(-i32::try_from(points).unwrap_or(i32::MAX));
    let cap = |n: u32| Capacity(i32::try_from(n).unwrap_or(i32::MAX));
    for (b, p) in prepared.iter().enumerate() {
        let c = category_index(p.candidate.category);
        if takers[c].is_empty() || p.wanted == 0 {
            continue;
        }
        g.add_edge(Vertex::Source, graph.candidate(b), cap(p.wanted), Cost(0));
        g.add_edge(graph.candidate(b), Vertex::Sink, cap(p.wanted), Cost(0));
        if p.wanted == 1 {
            // One week at most: no week, month or rotation layer is needed.
            let (rotation, _) = p.rotation(points, 0);
            for (w, week) in weeks.iter().enumerate() {
                if p.month_room[week_month[w]] == 0 || p.closed[w] {
                    continue;
                }
                g.add_edge(
                    graph.candidate(b),
                    graph.category_in(c, w),
                    Capacity(1),
                    cost(p.fixed + rotation + p.season(points, week)),
                );
            }
            continue;
        }
        for j in 0..p.wanted {
            let (rotation, _) = p.rotation(points, j);
            g.add_edge(
                graph.candidate(b),
                graph.placed(b),
                Capacity(1),
                cost(p.fixed + rotation),
            );
        }
        // A month's cap binds only if the business could exceed it there.
        let binding: Vec<bool> = month_weeks
            .iter()
            .zip(&p.month_room)
            .map(|(&n, &room)| room < p.wanted.min(n))
            .collect();
        for (m, _) in binding.iter().enumerate().filter(|(_, b)| **b) {
            g.add_edge(
                graph.placed(b),
                graph.month(b, m),
                cap(p.month_room[m]),
                Cost(0),
            );
        }
        for (w, week) in weeks.iter().enumerate() {
            let m = week_month[w];
            if p.month_room[m] == 0 || p.closed[w] {
                continue;
            }
            let from = if binding[m] {
                graph.month(b, m)
            } else {
                graph.placed(b)
            };
            g.add_edge(
                from,
                graph.week(b, w),
                Capacity(1),
                cost(p.season(points, week)),
            );
            g.add_edge(
                graph.week(b, w),
                graph.category_in(c, w),
                Capacity(1),
                Cost(0),
            );
        }
    }
    for (c, category) in Category::ALL.iter().enumerate() {
        if takers[c].is_empty() {
            continue;
        }
        for (w, kept_here) in overlapping.iter().enumerate() {
            let out = match rules.weekly_limits.get(category) {
                Some(&limit) => {
                    // Kept bookings of the category overlapping the week
                    // count against its limit there.
                    let kept = kept_here.iter().filter(|b| b.category == *category).count() as u32;
                    g.add_edge(
                        graph.category_in(c, w),
                        graph.category_out(c, w),
                        cap(limit.saturating_sub(kept)),
                        Cost(0),
                    );
                    graph.category_out(c, w)
                }
                None => graph.category_in(c, w),
            };
            for &k in &takers[c] {
                // A booth a kept booking holds on a day of the week is closed.
                if kept_here.iter().any(|b| b.booth == booths[k].code) {
                    continue;
                }
                g.add_edge(out, graph.slot(k, w), Capacity(1), Cost(0));
            }
        }
    }
    for k in 0..booths.len() {
        for w in 0..n_weeks {
            g.add_edge(graph.slot(k, w), Vertex::Sink, Capacity(1), Cost(0));
        }
    }
    let (_, paths) = g.mcmf();

    // Read off who got which week, and which booths each category used.
    let mut placed_weeks: Vec<Vec<usize>> = vec![Vec::new(); prepared.len()];
    let mut used: BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for path in &paths {
        let (mut week_node, mut slot_node, mut single) = (None, None, None);
        let mut previous = None;
        for v in path.vertices() {
            if let Vertex::Node(v) = v {
                match graph.decode(*v) {
                    Node::Candidate(b) => previous = Some(b),
                    Node::Week(b, w) => week_node = Some((b, w)),
                    // A one-week candidate goes straight to its category-week.
                    Node::CategoryIn(w) => single = previous.map(|b| (b, w)),
                    Node::Slot(k, w) => slot_node = Some((k, w)),
                    Node::Other => {}
                }
                if !matches!(graph.decode(*v), Node::Candidate(_)) {
                    previous = None;
                }
            }
        }
        if let (Some((b, w)), Some((k, w2))) = (week_node.or(single), slot_node) {
            if w != w2 {
                return Err(MarketError::Solver("a path changes week"));
            }
            for _ in 0..path.amount() {
                placed_weeks[b].push(w);
                let c = category_index(prepared[b].candidate.category);
                let entry = used.entry((w, c)).or_default();
                entry.0.push(b);
                entry.1.push(k);
            }
        }
    }
    // Deal each category-week's booths to its bookings in ID order.
    let mut slot_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut taken = vec![vec![false; n_weeks]; booths.len()];
    for ((w, _), (mut bs, mut ks)) in used {
        bs.sort_unstable();
        ks.sort_unstable();
        for (b, k) in bs.into_iter().zip(ks) {
            if std::mem::replace(&mut taken[k][w], true) {
                return Err(MarketError::Solver("a booth is double-booked"));
            }
            slot_of.insert((b, w), k);
        }
    }
    let mut bookings = Vec::new();
    let mut total_points = 0u64;
    for (b, p) in prepared.iter().enumerate() {
        let mut ws = std::mem::take(&mut placed_weeks[b]);
        ws.sort_unstable();
        if ws.windows(2).any(|x| x[0] == x[1]) {
            return Err(MarketError::Solver("a business is booked twice in a week"));
        }
        for (j, &w) in ws.iter().enumerate() {
            let (rotation, weeks_before) = p.rotation(points, j as u32);
            let earned = Earned {
                booking: points.booking,
                new_producer: if p.candidate.new_producer {
                    points.new_producer
                } else {
                    0
                },
                vulnerable: if p.candidate.vulnerable {
                    points.vulnerable
                } else {
                    0
                },
                rotation,
                weeks_before,
                season: p.season(points, &weeks[w]),
            };
            total_points += u64::from(earned.total());
            let k = *slot_of
                .get(&(b, w))
                .ok_or(MarketError::Solver("a booking has no booth"))?;
            bookings.push(Booking {
                week: weeks[w],
                booth: booths[k].code.clone(),
                application: p.candidate.application,
                business: p.candidate.business,
                category: p.candidate.category,
                earned,
                by: None,
            });
        }
        placed_weeks[b] = ws;
    }
    bookings.sort_by(|a, b| (a.week.index, &a.booth).cmp(&(b.week.index, &b.booth)));

    // The waitlist: those with no booking, by the points of a first one.
    let mut per_week = vec![[0u32; 7]; n_weeks];
    for booking in &bookings {
        per_week[usize::from(booking.week.index)][category_index(booking.category)] += 1;
    }
    let mut waitlist: Vec<Waiting> = prepared
        .iter()
        .enumerate()
        .filter(|(b, p)| placed_weeks[*b].is_empty() && p.has_room())
        .map(|(_, p)| {
            let category = p.candidate.category;
            let c = category_index(category);
            let reason = if takers[c].is_empty() {
                WaitReason::NoBoothAccepts { category }
            } else if rules
                .weekly_limits
                .get(&category)
                .is_some_and(|&limit| per_week.iter().all(|n| n[c] >= limit))
            {
                WaitReason::WeeklyLimit { category }
            } else {
                WaitReason::Full { category }
            };
            Waiting {
                rank: 0,
                application: p.candidate.application,
                business: p.candidate.business,
                points: p.fixed + p.rotation(points, 0).0,
                reason,
            }
        })
        .collect();
    waitlist.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(a.application.cmp(&b.application))
    });
    for (i, w) in waitlist.iter_mut().enumerate() {
        w.rank = i + 1;
    }
    Ok(Allocation {
        bookings,
        waitlist,
        total_points,
    })
}

/// The flow network's vertices, numbered: candidates, their placed nodes,
/// their months, their weeks, the category-weeks (in and out), the
/// booth-weeks.
struct Network {
    candidates: usize,
    months: usize,
    weeks: usize,
    booths: usize,
}

enum Node {
    Candidate(usize),
    Week(usize, usize),
    CategoryIn(usize),
    Slot(usize, usize),
    Other,
}

impl Network {
    fn new(candidates: usize, months: usize, weeks: usize, booths: usize) -> Self {
        Self {
            candidates,
            months,
            weeks,
            booths,
        }
    }

    fn candidate(&self, b: usize) -> usize {
        b
    }

    fn placed(&self, b: usize) -> usize {
        self.candidates + b
    }

    fn month(&self, b: usize, m: usize) -> usize {
        2 * self.candidates + b * self.months + m
    }

    fn week_base(&self) -> usize {
        self.candidates * (2 + self.months)
    }

    fn week(&self, b: usize, w: usize) -> usize {
        self.week_base() + b * self.weeks + w
    }

    fn category_base(&self) -> usize {
        self.week_base() + self.candidates * self.weeks
    }

    fn category_in(&self, c: usize, w: usize) -> usize {
        self.category_base() + c * self.weeks + w
    }

    fn category_out(&self, c: usize, w: usize) -> usize {
        self.category_base() + (Category::ALL.len() + c) * self.weeks + w
    }

    fn slot_base(&self) -> usize {
        self.category_base() + 2 * Category::ALL.len() * self.weeks
    }

    fn slot(&self, k: usize, w: usize) -> usize {
        self.slot_base() + k * self.weeks + w
    }

    fn decode(&self, v: usize) -> Node {
        let (week, slot) = (self.week_base(), self.slot_base());
        let category = self.category_base();
        if v < self.candidates {
            Node::Candidate(v)
        } else if (category..category + Category::ALL.len() * self.weeks).contains(&v) {
            Node::CategoryIn((v - category) % self.weeks)
        } else if (week..self.category_base()).contains(&v) {
            Node::Week((v - week) / self.weeks, (v - week) % self.weeks)
        } else if (slot..slot + self.booths * self.weeks).contains(&v) {
            Node::Slot((v - slot) / self.weeks, (v - slot) % self.weeks)
        } else {
            Node::Other
        }
    }
}
