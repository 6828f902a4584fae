//! The market's use cases for a front end: channels, exhibitions and their
//! booths, applications and their decisions, allocation and the schedule,
//! buyer orders and producers' offers, and the linkage indicator.
//!
//! Each takes the acting user and plain inputs (codes, dates), checks the
//! actor's scope, records who did it (`by`) with what it writes, and
//! returns results that name businesses, offices, channels and exhibitions
//! by code with the ID beside, so a front end looks nothing up itself.
//!
//! Scope rules:
//! - channels, exhibitions, booths and buyer orders belong to the whole
//!   programme, not to an office: every actor sees them, and only an
//!   unrestricted actor ([`Scope::All`]) may write them
//!   ([`ProgramError::ProgrammeOnly`]); so may only it allocate booths or
//!   match orders, which rewrite every office's bookings and fills;
//! - a business, and so its applications and offers, exists for an actor
//!   only when it lies in the actor's offices: outside them it is not
//!   found ([`ProgramError::NotFound`]), like the registry's records;
//! - an exhibition's schedule shows every booking, so that an office sees
//!   which booths are taken, but names the business (code and ID) only
//!   when the actor's scope covers it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;

use homebiz_core::category::Category;
use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, ExhibitionId, OfficeId, OrderId,
};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, Money};
use homebiz_income::store::IncomeStore;
use homebiz_market::allocate::{Allocation, Earned, Horizon, Points, WaitReason, Week};
use homebiz_market::application::{Application, ApplicationState, Transition};
use homebiz_market::channel::{Channel, ChannelData, Fee, Schedule};
use homebiz_market::exhibition::{Exhibition, ExhibitionData};
use homebiz_market::linkage::{Link, LinkKind};
use homebiz_market::orders::{Offer, UnmetReason};
use homebiz_market::store::MarketStore;
use homebiz_registry::{Actor, Business, Lifecycle, RegistryError, RegistryStore, Scope};
use serde::Serialize;

use super::lists::{Visible, office_codes, visible_businesses};
use super::{Program, ProgramError, Result, business_by_key, named, named_opt};
use crate::compose::{application_data, may_hold_booths, may_sell, not_selling};
use crate::import::ImportError;
use crate::market_files::OrdersReport;

/// A new sales channel, as a front end gives it (its ID is made, and who
/// added it recorded, by [`Program::add_channel`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChannel {
    /// A short unique code (`TERMINAL`, `DIGIKALA`).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: ChannelKind,
    /// Where it is.
    pub location: String,
    /// Categories it takes (empty: any).
    pub accepts: Vec<Category>,
    /// Its commission, from 0 to below 1 (0.09 is 9%).
    pub commission: Decimal,
    /// A fixed fee, if any.
    pub fee: Option<Fee>,
    /// When it is open.
    pub schedule: Schedule,
    /// How many businesses it takes at once, if limited.
    pub capacity: Option<u32>,
}

/// A new exhibition, as a front end gives it: its channel by code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExhibition {
    /// A short unique code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The code of its channel (a permanent exhibition or a seasonal fair).
    pub channel: String,
    /// Weekly limits per category.
    pub weekly_limits: Vec<(Category, u32)>,
    /// Weeks one business may have in one Jalali month.
    pub monthly_cap: u8,
}

/// An exhibition just created, with its channel's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatedExhibition {
    /// The exhibition.
    pub exhibition: Exhibition,
    /// Its channel's code.
    pub channel: String,
}

/// A record (an office, household, business, channel, exhibition or
/// partner) named for people: its code, with its ID beside. Every JSON
/// view names the records it references in this one shape,
/// `{"code": …, "id": …}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CodeRef<I> {
    /// Its code.
    pub code: String,
    /// Its ID.
    pub id: I,
}

/// A business named for people: its code, with its ID beside.
pub type BusinessRef = CodeRef<BusinessId>;

/// An application just made, with the business and exhibition by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// The application (pending).
    pub application: Application,
    /// The business's code.
    pub business: String,
    /// The exhibition's code.
    pub exhibition: String,
    /// Who applied, by login code, when the actor is a configured user
    /// (the application's `by` holds the ID).
    pub by_user: Option<String>,
}

/// A decision on an application, with the business and exhibition by code
/// with the ID beside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decided {
    /// The transition recorded (with who made it).
    pub transition: Transition,
    /// The business, by code with its ID beside.
    pub business: BusinessRef,
    /// The exhibition, by code with its ID beside.
    pub exhibition: CodeRef<ExhibitionId>,
    /// Who decided, by login code, when the actor is a configured user
    /// (the transition's `by` holds the ID).
    pub by_user: Option<String>,
}

/// An allocation, with the code of every business it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocated {
    /// The exhibition's code.
    pub exhibition: String,
    /// The exhibition's ID.
    pub exhibition_id: ExhibitionId,
    /// The allocation (bookings and waitlist, by business ID).
    pub allocation: Allocation,
    /// The code of each business the allocation names.
    pub businesses: BTreeMap<BusinessId, String>,
    /// Who ran it, by login code, when the actor is a configured user
    /// (each booking's `by` holds the ID).
    pub by_user: Option<String>,
}

impl Allocated {
    /// The code of `business` (its ID if the registry does not know it).
    pub fn business_code(&self, business: BusinessId) -> String {
        self.businesses
            .get(&business)
            .cloned()
            .unwrap_or_else(|| business.to_string())
    }

    /// The allocation for people and for JSON: every business by code
    /// with its ID beside, and who ran it by login code.
    pub fn named(&self) -> NamedAllocation {
        let business = |id: BusinessId| BusinessRef {
            code: self.business_code(id),
            id,
        };
        NamedAllocation {
            exhibition: CodeRef {
                code: self.exhibition.clone(),
                id: self.exhibition_id,
            },
            bookings: self
                .allocation
                .bookings
                .iter()
                .map(|b| NamedBooking {
                    week: b.week,
                    booth: b.booth.clone(),
                    application: b.application,
                    business: business(b.business),
                    category: b.category,
                    earned: b.earned,
                    by: b.by,
                    by_user: self.by_user.clone().filter(|_| b.by.is_some()),
                })
                .collect(),
            waitlist: self
                .allocation
                .waitlist
                .iter()
                .map(|w| NamedWaiting {
                    rank: w.rank,
                    application: w.application,
                    business: business(w.business),
                    points: w.points,
                    reason: w.reason,
                })
                .collect(),
            total_points: self.allocation.total_points,
        }
    }
}

/// An [`Allocation`] named for people ([`Allocated::named`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedAllocation {
    /// The exhibition, by code with its ID beside.
    pub exhibition: CodeRef<ExhibitionId>,
    /// The bookings, by week and then booth code.
    pub bookings: Vec<NamedBooking>,
    /// Applicants with no booking, best first.
    pub waitlist: Vec<NamedWaiting>,
    /// The objective: the sum of the bookings' points.
    pub total_points: u64,
}

/// A [`Booking`](homebiz_market::allocate::Booking) with its business by
/// code and who made it by login code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedBooking {
    /// The week.
    pub week: Week,
    /// The booth's code.
    pub booth: String,
    /// The application.
    pub application: ApplicationId,
    /// The business, by code with its ID.
    pub business: BusinessRef,
    /// Its category.
    pub category: Category,
    /// Why: the points it earned.
    pub earned: Earned,
    /// Who ran the allocation (the acting user's ID), where known.
    pub by: Option<ActorId>,
    /// The same, by login code, when the actor is a configured user.
    pub by_user: Option<String>,
}

/// A [`Waiting`](homebiz_market::allocate::Waiting) applicant with its
/// business by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedWaiting {
    /// 1 is the first to call when a booth frees up.
    pub rank: usize,
    /// The application.
    pub application: ApplicationId,
    /// The business, by code with its ID.
    pub business: BusinessRef,
    /// The points a first booking would earn it.
    pub points: u32,
    /// Why it got no booth.
    pub reason: WaitReason,
}

/// One booth-week of an exhibition's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleRow {
    /// The week's first day.
    pub week: JalaliDate,
    /// The booth's code.
    pub booth: String,
    /// The business holding it, by code with its ID; `None` when the
    /// business lies outside the actor's offices (the booth is taken).
    pub business: Option<BusinessRef>,
    /// The category it sells there.
    pub category: Category,
    /// Who ran the allocation that made the booking, if known.
    pub by: Option<ActorId>,
    /// The same, by login code, when the actor is a configured user (`by`
    /// holds the ID).
    pub by_user: Option<String>,
}

/// An exhibition's stored bookings, by week and booth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExhibitionSchedule {
    /// The exhibition's code.
    pub exhibition: String,
    /// The exhibition's ID.
    pub exhibition_id: ExhibitionId,
    /// Its booths' codes, in order.
    pub booths: Vec<String>,
    /// The bookings, by week and then booth.
    pub bookings: Vec<ScheduleRow>,
}

/// Part of an order given to one producer, by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FillRow {
    /// The order's code.
    pub order: String,
    /// The order's ID.
    pub order_id: OrderId,
    /// The producer, by code with its ID (its ID as code when the registry
    /// does not know it).
    pub business: BusinessRef,
    /// The producer's activity code (empty when the registry does not
    /// know it).
    pub activity: String,
    /// Units.
    pub quantity: u32,
    /// The order's unit, as the order gives it (`kg`, `jar`, …; people
    /// read it through [`unit_name`](homebiz_market::orders::unit_name)).
    pub unit: String,
    /// The producer's unit price.
    pub unit_price: Money,
    /// `quantity × unit_price`.
    pub total: Money,
    /// The order's due date.
    pub due: JalaliDate,
}

/// Demand an order could not place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmetRow {
    /// The order's code.
    pub order: String,
    /// The order's ID.
    pub order_id: OrderId,
    /// Units unmet.
    pub quantity: u32,
    /// The order's unit, as the order gives it.
    pub unit: String,
    /// Why.
    pub reason: UnmetReason,
}

/// Orders matched to offers, by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matched {
    /// The fills stored.
    pub fills: Vec<FillRow>,
    /// What could not be placed.
    pub unmet: Vec<UnmetRow>,
}

/// What an import of offers did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OffersReport {
    /// Offers in the file (each once).
    pub offers: usize,
    /// New offers.
    pub created: usize,
    /// Offers the same as stored.
    pub existing: usize,
    /// Offers that replaced the business's earlier one for the category
    /// and activity.
    pub replaced: usize,
}

/// The linkage of one office (with the offices below it), by code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficeLinkageRow {
    /// The office's code.
    pub office: String,
    /// The office's ID.
    pub office_id: OfficeId,
    /// Its businesses.
    pub businesses: usize,
    /// How many were linked.
    pub linked: usize,
    /// The share linked, from 0 to 1.
    pub rate: f64,
    /// Linked by kind.
    pub by_kind: BTreeMap<LinkKind, usize>,
    /// Linked by the kind of channel.
    pub by_channel: BTreeMap<ChannelKind, usize>,
    /// The businesses with no channel at all, by code with the ID.
    pub unlinked: Vec<BusinessRef>,
}

/// The linkage indicator per office, by code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Linkage {
    /// The office asked for (with those below it); `None` for every root
    /// office the actor sees.
    pub office: Option<String>,
    /// The ID of the office asked for (`None` with `office`).
    pub office_id: Option<OfficeId>,
    /// The window's first day.
    pub from: JalaliDate,
    /// The window's last day.
    pub until: JalaliDate,
    /// Months in the window.
    pub months: u32,
    /// Per office.
    pub offices: Vec<OfficeLinkageRow>,
}

/// Why an allocation ends the applications and bookings of a business
/// whose household has exited the programme (see [`may_sell`]).
const EXITED: &str = "the household has exited the programme";

/// Refuses an actor limited to offices: `what` belongs to the whole
/// programme.
fn programme_only(actor: &Actor, what: &'static str) -> Result<()> {
    match actor.scope {
        Scope::All => Ok(()),
        _ => Err(ProgramError::ProgrammeOnly { what }),
    }
}

/// The business with `key` (a code or an ID) and its household, as `r`
/// shows them.
fn business_and_household(
    r: &homebiz_registry::Reader<'_>,
    key: &str,
) -> homebiz_registry::Result<(Business, homebiz_registry::Household)> {
    let b = business_by_key(r, key)?;
    let h = r.household(b.household())?;
    Ok((b, h))
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// Adds a sales channel; its code must be new. Only an unrestricted
    /// actor may: channels belong to the whole programme. Records the
    /// actor as who added it.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// use homebiz::core::{channel::ChannelKind, id::{ActorId, OfficeId}, rust_decimal::Decimal};
    /// use homebiz::market::channel::Schedule;
    /// use homebiz::program::{NewChannel, Program};
    /// use homebiz::registry::Actor;
    ///
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let new = NewChannel {
    ///     code: "TERMINAL".into(),
    ///     name: "Bus terminal exhibition".into(),
    ///     kind: ChannelKind::PermanentExhibition,
    ///     location: "Urmia".into(),
    ///     accepts: vec![],
    ///     commission: Decimal::ZERO,
    ///     fee: None,
    ///     schedule: Schedule::Permanent,
    ///     capacity: None,
    /// };
    /// let channel = program.add_channel(&admin, new.clone())?;
    /// assert_eq!(channel.data().by, Some(admin.id));
    /// // An office's staff may not.
    /// let clerk = Actor::scoped(ActorId::new(), OfficeId::new());
    /// assert!(program.add_channel(&clerk, NewChannel { code: "OTHER".into(), ..new }).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_channel(&self, actor: &Actor, channel: NewChannel) -> Result<Channel> {
        programme_only(actor, "channels")?;
        Ok(self.market().add_channel(ChannelData {
            id: ChannelId::new(),
            code: channel.code,
            name: channel.name,
            kind: channel.kind,
            location: channel.location,
            accepts: channel.accepts,
            commission: channel.commission,
            fee: channel.fee,
            schedule: channel.schedule,
            capacity: channel.capacity,
            by: Some(actor.id),
        })?)
    }

    /// The sales channels, by code. Channels belong to the whole
    /// programme: every actor sees them.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// assert!(program.list_channels(&Actor::unrestricted(ActorId::new()))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_channels(&self, _actor: &Actor) -> Result<Vec<Channel>> {
        Ok(self.market().read(|r| r.channels())?)
    }

    /// Creates an exhibition (without booths) on the channel with code
    /// `new.channel`, which must be a permanent exhibition or a seasonal
    /// fair. Only an unrestricted actor may. Records the actor.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::{channel::ChannelKind, id::ActorId, rust_decimal::Decimal};
    /// # use homebiz::market::channel::Schedule;
    /// use homebiz::program::{NewChannel, NewExhibition, Program};
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// # let admin = Actor::unrestricted(ActorId::new());
    /// # program.add_channel(&admin, NewChannel { code: "TERMINAL".into(), name: "Terminal".into(),
    /// #     kind: ChannelKind::PermanentExhibition, location: String::new(), accepts: vec![],
    /// #     commission: Decimal::ZERO, fee: None, schedule: Schedule::Permanent, capacity: None })?;
    /// let created = program.create_exhibition(&admin, NewExhibition {
    ///     code: "TERMINAL".into(),
    ///     name: "Terminal exhibition".into(),
    ///     channel: "TERMINAL".into(),
    ///     weekly_limits: vec![],
    ///     monthly_cap: 2,
    /// })?;
    /// assert_eq!(created.channel, "TERMINAL");
    /// assert!(program.create_exhibition(&admin, NewExhibition {
    ///     code: "FAIR".into(), name: "Fair".into(), channel: "NOPE".into(),
    ///     weekly_limits: vec![], monthly_cap: 2,
    /// }).unwrap_err().to_string().contains("channel NOPE not found"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_exhibition(
        &self,
        actor: &Actor,
        new: NewExhibition,
    ) -> Result<CreatedExhibition> {
        programme_only(actor, "exhibitions")?;
        let channel = self.market().channel(&new.channel)?;
        let exhibition = self.market().create_exhibition(ExhibitionData {
            id: ExhibitionId::new(),
            code: new.code,
            name: new.name,
            channel: channel.id(),
            booths: Vec::new(),
            weekly_limits: new.weekly_limits,
            monthly_cap: new.monthly_cap,
            by: Some(actor.id),
        })?;
        Ok(CreatedExhibition {
            exhibition,
            channel: channel.code().to_owned(),
        })
    }

    /// Replaces the booths of the exhibitions a booths file names (see
    /// [`import_booths`](crate::market_files::import_booths): columns
    /// `exhibition`, `code`, `size`, `accepts`), all or none; `file` names
    /// the input in errors. Only an unrestricted actor may; each booth is
    /// recorded as the actor's.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let csv = "exhibition,code,size,accepts\nNOPE,A-1,standard,\n";
    /// let admin = Actor::unrestricted(ActorId::new());
    /// assert!(program.import_booths(&admin, "booths.csv", csv.as_bytes()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_booths(
        &self,
        actor: &Actor,
        file: &str,
        input: impl io::Read,
    ) -> Result<Vec<Exhibition>> {
        programme_only(actor, "booths")?;
        Ok(crate::market_files::import_booths_by(
            self.market(),
            file,
            input,
            Some(actor.id),
        )?)
    }

    /// Applies business `business` (a code or ID in the actor's offices)
    /// to the exhibition with code `exhibition` for `weeks` weeks a
    /// round, as [`application_data`] composes it; new if the business
    /// never had a booth-week. Only a licensed or active business may
    /// apply (see [`may_hold_booths`]). Records the actor as who applied.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let err = program.apply(&admin, "NOPE", "TERMINAL", 2).unwrap_err();
    /// assert_eq!(err.to_string(), "business NOPE not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(
        &self,
        actor: &Actor,
        business: &str,
        exhibition: &str,
        weeks: u8,
    ) -> Result<Applied> {
        // Unknown, or outside the actor's offices: as typed.
        let (b, h) = named(
            "business",
            business,
            self.registry()
                .read(actor, |r| business_and_household(r, business)),
        )?;
        let exhibition = self.market().exhibition(exhibition)?;
        let today = self.today()?;
        let new = self.market().read(|r| r.weeks_before(b.id(), today))? == 0;
        let mut data =
            application_data(&b, &h, self.catalog(), exhibition.id(), weeks, new, today)?;
        data.by = Some(actor.id);
        Ok(Applied {
            application: self.market().apply(data)?,
            business: b.code().to_owned(),
            exhibition: exhibition.code().to_owned(),
            by_user: self.user_code(Some(actor.id))?,
        })
    }

    /// Moves application `id` to `to` (approve, reject — a `reason` is
    /// required —, waitlist or withdraw), dated today, recording the actor
    /// as who decided. An application of a business outside the actor's
    /// offices is not found.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::{ActorId, ApplicationId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::market::application::ApplicationState;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// assert!(program.decide(&admin, ApplicationId::new(), ApplicationState::Approved, None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decide(
        &self,
        actor: &Actor,
        id: ApplicationId,
        to: ApplicationState,
        reason: Option<String>,
    ) -> Result<Decided> {
        let not_found = || ProgramError::not_found("application", id);
        let application = self
            .market()
            .read(|r| r.application(id))?
            .ok_or_else(not_found)?;
        let business = match self
            .registry()
            .read(actor, |r| r.business(application.data().business))
        {
            Ok(b) => b,
            Err(RegistryError::NotFound { .. }) => return Err(not_found()),
            Err(e) => return Err(e.into()),
        };
        let exhibition_id = application.data().exhibition;
        let exhibition = self
            .market()
            .read(|r| r.exhibition(exhibition_id))?
            .map(|e| e.code().to_owned())
            .unwrap_or_default();
        let transition = self.market().decide(id, to, reason, Some(actor.id))?;
        Ok(Decided {
            by_user: self.user_code(transition.by)?,
            transition,
            business: BusinessRef {
                code: business.code().to_owned(),
                id: business.id(),
            },
            exhibition: CodeRef {
                code: exhibition,
                id: exhibition_id,
            },
        })
    }

    /// Allocates the booths of the exhibition with code `exhibition` over
    /// `horizon` ([`Market::allocate`](homebiz_market::Market::allocate)),
    /// after ending the live applications and the bookings from the
    /// horizon on of every applicant that may not sell (see [`may_sell`]:
    /// its state, or its household exited): a business closed or
    /// suspended by any way, or whose household exited, gets no
    /// booth-week. The bookings a business already holds at
    /// the exhibition outside the horizon (from runs over other windows,
    /// before or after it) count against its weeks wanted and against the
    /// monthly cap of every month the horizon touches, and its weeks outside
    /// the horizon count for rotation. The allocation places every office's
    /// businesses, so only an unrestricted actor may run it; the bookings
    /// and the withdrawals it makes are recorded as the actor's.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, JalaliDate};
    /// # use homebiz::core::id::{ActorId, OfficeId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::market::allocate::{Horizon, Points};
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let horizon = Horizon::new(JalaliDate::new(1404, 1, 15)?, 4)?;
    /// let clerk = Actor::scoped(ActorId::new(), OfficeId::new());
    /// assert!(program.allocate(&clerk, "TERMINAL", &horizon, Points::default()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allocate(
        &self,
        actor: &Actor,
        exhibition: &str,
        horizon: &Horizon,
        points: Points,
    ) -> Result<Allocated> {
        programme_only(actor, "booth allocations")?;
        let found = self.market().exhibition(exhibition)?;
        let mut applicants: Vec<BusinessId> = self
            .market()
            .read(|r| r.applications(found.id()))?
            .iter()
            .filter(|a| !a.state().is_final())
            .map(|a| a.data().business)
            .collect();
        applicants.sort();
        applicants.dedup();
        let barred: Vec<(BusinessId, String)> = self.registry().read(actor, |r| {
            let mut barred = Vec::new();
            for id in applicants {
                let b = match r.business(id) {
                    Ok(b) => b,
                    Err(RegistryError::NotFound { .. }) => continue,
                    Err(other) => return Err(other),
                };
                if !may_hold_booths(b.state()) {
                    barred.push((
                        id,
                        format!("the business is {}", Lifecycle::name(b.state())),
                    ));
                } else if !may_sell(&b, &r.household(b.household())?) {
                    barred.push((id, EXITED.to_owned()));
                }
            }
            Ok(barred)
        })?;
        for (business, reason) in barred {
            self.market()
                .end_business(business, horizon.first_day(), &reason, Some(actor.id))?;
        }
        let allocation = self
            .market()
            .allocate_by(exhibition, horizon, points, Some(actor.id))?;
        let ids: Vec<BusinessId> = allocation
            .bookings
            .iter()
            .map(|b| b.business)
            .chain(allocation.waitlist.iter().map(|w| w.business))
            .collect();
        Ok(Allocated {
            exhibition: found.code().to_owned(),
            exhibition_id: found.id(),
            businesses: self.business_codes(actor, &ids)?,
            by_user: self.user_code(Some(actor.id))?,
            allocation,
        })
    }

    /// The stored bookings of the exhibition with code `exhibition`, by
    /// week and booth. Every booking shows, so that an office sees which
    /// booths are taken; the business is named only when it lies in the
    /// actor's offices.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let err = program.schedule(&Actor::unrestricted(ActorId::new()), "X").unwrap_err();
    /// assert_eq!(err.to_string(), "exhibition X not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule(&self, actor: &Actor, exhibition: &str) -> Result<ExhibitionSchedule> {
        let found = self.market().exhibition(exhibition)?;
        let bookings = self.market().schedule(exhibition)?;
        let ids: Vec<BusinessId> = bookings.iter().map(|b| b.booking.business).collect();
        let codes = self.business_codes(actor, &ids)?;
        let users = self.user_codes()?;
        Ok(ExhibitionSchedule {
            exhibition: found.code().to_owned(),
            exhibition_id: found.id(),
            booths: found.booths().iter().map(|b| b.code.clone()).collect(),
            bookings: bookings
                .into_iter()
                .map(|b| ScheduleRow {
                    week: b.booking.week.start,
                    booth: b.booking.booth,
                    business: codes.get(&b.booking.business).map(|code| BusinessRef {
                        code: code.clone(),
                        id: b.booking.business,
                    }),
                    category: b.booking.category,
                    by: b.booking.by,
                    by_user: b.booking.by.and_then(|id| users.get(&id).cloned()),
                })
                .collect(),
        })
    }

    /// Imports buyer orders from a CSV file (see
    /// [`import_orders`](crate::market_files::import_orders)), all or
    /// none, recording the actor as who added them. Orders belong to the
    /// whole programme: only an unrestricted actor may.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let csv = "code,buyer,category,quantity,unit,price_ceiling,due\nS-7,School canteen,agro_processing,10,jar,2600000,1404-08-05\n";
    /// let report = program.import_orders(&admin, "orders.csv", csv.as_bytes())?;
    /// assert_eq!(report.created, 1);
    /// assert_eq!(program.list_orders(&admin)?[0].order.data().by, Some(admin.id));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_orders(
        &self,
        actor: &Actor,
        file: &str,
        input: impl io::Read,
    ) -> Result<OrdersReport> {
        programme_only(actor, "buyer orders")?;
        Ok(crate::market_files::import_orders_by(
            self.market(),
            Some(self.catalog()),
            file,
            input,
            Some(actor.id),
        )?)
    }

    /// Matches the open orders to the offers of the producers that may
    /// sell now (see [`may_sell`]: not a closed, suspended or in-training
    /// business, nor one whose household exited) and stores the fills
    /// ([`Market::match_orders_among`](homebiz_market::Market::match_orders_among)),
    /// recorded as the actor's. The matching places every office's
    /// businesses: only an unrestricted actor may run it.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let matched = program.match_orders(&Actor::unrestricted(ActorId::new()))?;
    /// assert!(matched.fills.is_empty() && matched.unmet.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn match_orders(&self, actor: &Actor) -> Result<Matched> {
        programme_only(actor, "order matches")?;
        // Only the offers of businesses that may sell now take part; an
        // offer stored after this read is left out (it waits for the next
        // matching), never matched unchecked.
        let offered: HashSet<BusinessId> = self
            .market()
            .read(|r| r.offers())?
            .iter()
            .map(|o| o.business)
            .collect();
        let sellers: HashSet<BusinessId> = self.registry().read(actor, |r| {
            let mut sellers = HashSet::new();
            for id in offered {
                let b = match r.business(id) {
                    Ok(b) => b,
                    Err(RegistryError::NotFound { .. }) => continue,
                    Err(other) => return Err(other),
                };
                if may_sell(&b, &r.household(b.household())?) {
                    sellers.insert(id);
                }
            }
            Ok(sellers)
        })?;
        let matching = self.market().match_orders_among(Some(actor.id), &sellers)?;
        let orders: HashMap<OrderId, (String, String)> = self
            .market()
            .read(|r| r.orders())?
            .into_iter()
            .map(|o| (o.id(), (o.code().to_owned(), o.data().unit.clone())))
            .collect();
        let unit = |order: &OrderId| orders.get(order).map(|o| o.1.clone()).unwrap_or_default();
        let ids: Vec<BusinessId> = matching.fills.iter().map(|f| f.business).collect();
        let known = self.visible_of(actor, &ids)?;
        Ok(Matched {
            fills: matching
                .fills
                .into_iter()
                .map(|f| FillRow {
                    order: orders
                        .get(&f.order)
                        .map(|o| o.0.clone())
                        .unwrap_or_default(),
                    unit: unit(&f.order),
                    order_id: f.order,
                    business: BusinessRef {
                        code: known
                            .get(&f.business)
                            .map_or_else(|| f.business.to_string(), |b| b.code.clone()),
                        id: f.business,
                    },
                    activity: known
                        .get(&f.business)
                        .map(|b| b.activity.clone())
                        .unwrap_or_default(),
                    quantity: f.quantity,
                    unit_price: f.unit_price,
                    total: f.total,
                    due: f.due,
                })
                .collect(),
            unmet: matching
                .unmet
                .into_iter()
                .map(|u| UnmetRow {
                    unit: unit(&u.order),
                    order: u.code,
                    order_id: u.order,
                    quantity: u.quantity,
                    reason: u.reason,
                })
                .collect(),
        })
    }

    /// Imports producers' offers from a CSV file (see
    /// [`read_offers_in`](crate::market_files::read_offers_in)), all or
    /// none, each replacing the business's offer for the same category and
    /// activity, recorded as the actor's. A business outside the actor's
    /// offices is not found, and one that may not sell (see [`may_sell`])
    /// is refused with the reason: the row is refused.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let csv = "business,category,capacity,unit_price\nNOPE,agro_processing,10,900000\n";
    /// let err = program.import_offers(&Actor::unrestricted(ActorId::new()), "offers.csv", csv.as_bytes());
    /// assert!(err.unwrap_err().to_string().contains("business NOPE not found"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_offers(
        &self,
        actor: &Actor,
        file: &str,
        input: impl io::Read,
    ) -> Result<OffersReport> {
        let mut offers: Vec<Offer> = self.registry().read(actor, |r| {
            Ok(crate::market_files::read_offers_checked(
                file,
                input,
                |code| {
                    let b = r
                        .business_by_code(code)
                        .map_err(|_| format!("business {code} not found"))?;
                    let h = r
                        .household(b.household())
                        .map_err(|_| format!("business {code} not found"))?;
                    match not_selling(&b, &h) {
                        Some(reason) => Err(reason),
                        None => Ok(b.id()),
                    }
                },
                Some(self.catalog()),
            ))
        })??;
        for offer in &mut offers {
            offer.by = Some(actor.id);
        }
        // What this import does to each offer: new, the same as stored
        // (whoever stored it), or replacing the business's earlier offer
        // for the category and activity (offers replace, by design).
        let stored = self.market().read(|r| r.offers())?;
        let mut report = OffersReport {
            offers: offers.len(),
            created: 0,
            existing: 0,
            replaced: 0,
        };
        for offer in &offers {
            match stored.iter().find(|s| {
                s.business == offer.business
                    && s.category == offer.category
                    && s.activity == offer.activity
            }) {
                None => report.created += 1,
                Some(s)
                    if (Offer {
                        by: offer.by,
                        ..s.clone()
                    }) == *offer =>
                {
                    report.existing += 1;
                }
                Some(_) => report.replaced += 1,
            }
        }
        self.market().set_offers(&offers)?;
        Ok(report)
    }

    /// Every piece of channel activity from `from` to `until`: the
    /// market's ([`Market::links`](homebiz_market::Market::links):
    /// booth-weeks, settled consignments, order fills) and the ledger's
    /// sales through a channel ([`LinkKind::Sale`], reversed sales netted
    /// out), each with the kind of its channel where one is known. Of
    /// every business: callers join it to the businesses an actor sees.
    pub fn links(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<Link>> {
        let mut links = self.market().links(from, until)?;
        let kinds: HashMap<ChannelId, ChannelKind> = self
            .market()
            .read(|r| r.channels())?
            .iter()
            .map(|c| (c.id(), c.kind()))
            .collect();
        let sales = self.ledger().read(|r| r.channel_sales(from, until))?;
        links.extend(sales.into_iter().map(|s| Link {
            business: s.business,
            on: s.on,
            kind: LinkKind::Sale,
            channel: kinds.get(&s.channel).copied(),
        }));
        links.sort();
        links.dedup();
        Ok(links)
    }

    /// The linkage indicator of the businesses of office `office` (a code)
    /// and the offices below it — of every office the actor sees with
    /// `None` —, per office, over the `months` Jalali months ending with
    /// `as_of`'s: a business is linked when it had a ledger sale through a
    /// channel, a booth-week, a settled consignment or an order fill in
    /// the window (see [`Program::links`]). Offices and businesses are
    /// named by code with the ID beside; an office outside the actor's
    /// scope is not found.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, JalaliDate};
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let report = program.linkage(&admin, None, JalaliDate::new(1404, 3, 1)?, 3)?;
    /// assert!(report.offices.is_empty());
    /// assert!(program.linkage(&admin, Some("NOPE"), JalaliDate::new(1404, 3, 1)?, 3).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn linkage(
        &self,
        actor: &Actor,
        office: Option<&str>,
        as_of: JalaliDate,
        months: u32,
    ) -> Result<Linkage> {
        let found = self.registry().read(actor, |r| {
            let mut all = Vec::new();
            let roots = crate::compose::roots(r, office)?;
            let asked = office.and(roots.first().map(|o| (o.code().to_owned(), o.id())));
            for root in roots {
                all.extend(r.businesses(root.id())?);
            }
            Ok((all, office_codes(r)?, asked))
        });
        // Unknown, or outside the actor's offices: as typed.
        let (businesses, offices, asked) = named_opt("office", office, found)?;
        let pairs: Vec<(BusinessId, OfficeId)> =
            businesses.iter().map(|b| (b.id(), b.office())).collect();
        let codes: HashMap<BusinessId, &str> =
            businesses.iter().map(|b| (b.id(), b.code())).collect();
        let (from, until) = homebiz_market::linkage::window(as_of, months)?;
        let report =
            homebiz_market::linkage::linkage(&pairs, &self.links(from, until)?, as_of, months)?;
        Ok(Linkage {
            office: asked.as_ref().map(|(code, _)| code.clone()),
            office_id: asked.map(|(_, id)| id),
            from: report.from,
            until: report.until,
            months: report.months,
            offices: report
                .offices
                .iter()
                .map(|o| OfficeLinkageRow {
                    office: offices.get(&o.office).cloned().unwrap_or_default(),
                    office_id: o.office,
                    businesses: o.businesses,
                    linked: o.linked,
                    rate: o.rate(),
                    by_kind: o.by_kind.clone(),
                    by_channel: o.by_channel.clone(),
                    unlinked: o
                        .unlinked
                        .iter()
                        .map(|id| BusinessRef {
                            code: codes.get(id).copied().unwrap_or_default().to_owned(),
                            id: *id,
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The codes of those of `ids` the actor sees (others are left out).
    fn business_codes(
        &self,
        actor: &Actor,
        ids: &[BusinessId],
    ) -> Result<BTreeMap<BusinessId, String>> {
        Ok(self
            .visible_of(actor, ids)?
            .into_iter()
            .map(|(id, b)| (id, b.code))
            .collect())
    }

    /// Those of `ids` the actor sees, as lists name them (others are left
    /// out).
    fn visible_of(
        &self,
        actor: &Actor,
        ids: &[BusinessId],
    ) -> Result<HashMap<BusinessId, Visible>> {
        let wanted: HashSet<BusinessId> = ids.iter().copied().collect();
        Ok(self.registry().read(actor, |r| {
            Ok(visible_businesses(r)?
                .into_iter()
                .filter(|(id, _)| wanted.contains(id))
                .collect())
        })?)
    }
}

impl From<ImportError> for ProgramError {
    fn from(e: ImportError) -> Self {
        Self::Import(Box::new(e))
    }
}
