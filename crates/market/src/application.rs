//! Applications for an exhibition's booths, and their lifecycle:
//!
//! ```text
//! pending ──→ approved ──→ withdrawn
//!    │  ╲        ↑
//!    │   ╲→ waitlisted ──→ withdrawn
//!    │          │
//!    ├──→ rejected (reason) ←┘
//!    └──→ withdrawn
//! ```
//!
//! Only approved applications take part in an allocation. Rejected and
//! withdrawn are final.
//!
//! ```
//! use homebiz_core::{JalaliDate, category::Category, id::{ApplicationId, BusinessId, ExhibitionId}};
//! use homebiz_market::application::{Application, ApplicationData, ApplicationState};
//!
//! let day = JalaliDate::new(1404, 1, 10)?;
//! let mut app = Application::new(ApplicationData {
//!     id: ApplicationId::new(),
//!     exhibition: ExhibitionId::new(),
//!     business: BusinessId::new(),
//!     category: Category::AgroProcessing,
//!     new_producer: true,
//!     vulnerable: false,
//!     weeks_wanted: 2,
//!     seasonality: None,
//!     applied_on: day,
//!     by: None,
//! })?;
//! app.transition(ApplicationState::Waitlisted, None, day)?;
//! app.transition(ApplicationState::Approved, None, day)?;
//! assert!(app.transition(ApplicationState::Pending, None, day).is_err());
//! assert!(app.transition(ApplicationState::Rejected, None, day).is_err()); // approved cannot be rejected
//! # Ok::<(), homebiz_market::MarketError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use homebiz_core::JalaliDate;
use homebiz_core::category::Category;
use homebiz_core::id::{ActorId, ApplicationId, BusinessId, ExhibitionId};
use homebiz_core::text::Lang;

use crate::allocate::Candidate;
use crate::error::{MarketError, Result};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    /// Received, not yet decided.
    Pending,
    /// Takes part in allocations.
    Approved,
    /// Refused, with a reason (final).
    Rejected,
    /// Waiting for a decision when room appears.
    Waitlisted,
    /// Withdrawn by the business (final).
    Withdrawn,
}

impl ApplicationState {
    /// All five.
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Waitlisted,
        Self::Withdrawn,
    ];

    /// The snake-case code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Waitlisted => "waitlisted",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// The name for people in `lang`.
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_market::application::ApplicationState;
    /// assert_eq!(ApplicationState::Waitlisted.name(Lang::Fa), "در فهرست انتظار");
    /// ```
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Pending, Lang::En) => "pending",
            (Self::Pending, Lang::Fa) => "در انتظار بررسی",
            (Self::Approved, Lang::En) => "approved",
            (Self::Approved, Lang::Fa) => "پذیرفته",
            (Self::Rejected, Lang::En) => "rejected",
            (Self::Rejected, Lang::Fa) => "ردشده",
            (Self::Waitlisted, Lang::En) => "waitlisted",
            (Self::Waitlisted, Lang::Fa) => "در فهرست انتظار",
            (Self::Withdrawn, Lang::En) => "withdrawn",
            (Self::Withdrawn, Lang::Fa) => "انصراف‌داده",
        }
    }

    /// Whether the state machine allows `self → to`.
    pub const fn can_become(self, to: Self) -> bool {
        matches!(
            (self, to),
            (
                Self::Pending,
                Self::Approved | Self::Rejected | Self::Waitlisted | Self::Withdrawn
            ) | (
                Self::Waitlisted,
                Self::Approved | Self::Rejected | Self::Withdrawn
            ) | (Self::Approved, Self::Withdrawn)
        )
    }

    /// Rejected or withdrawn: no way out.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Rejected | Self::Withdrawn)
    }
}

impl fmt::Display for ApplicationState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for ApplicationState {
    type Err = MarketError;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| {
                MarketError::invalid(
                    "application state",
                    "expected pending, approved, rejected, waitlisted or withdrawn",
                )
            })
    }
}

/// One recorded change of state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// The application.
    pub application: ApplicationId,
    /// The state before.
    pub from: ApplicationState,
    /// The state after.
    pub to: ApplicationState,
    /// Why (required for a rejection).
    pub reason: Option<String>,
    /// The day.
    pub on: JalaliDate,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// An application's fields, as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationData {
    /// Its ID.
    pub id: ApplicationId,
    /// The exhibition applied to.
    pub exhibition: ExhibitionId,
    /// The business applying.
    pub business: BusinessId,
    /// What it would sell.
    pub category: Category,
    /// New to the programme's channels (a priority in allocation).
    pub new_producer: bool,
    /// Marked vulnerable by the office (a priority in allocation).
    pub vulnerable: bool,
    /// Weeks wanted in all allocations together (1–13): the booth-weeks
    /// the business already holds at the exhibition count against them.
    pub weeks_wanted: u8,
    /// Its activity's demand index per Jalali month (Farvardin first,
    /// 0–100), if known: the allocation favours the weeks when it sells.
    pub seasonality: Option<[u8; 12]>,
    /// The day it was made.
    pub applied_on: JalaliDate,
    /// Who recorded it (the acting user's ID), where known: records
    /// written before homebiz recorded users have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<ActorId>,
}

/// A validated application with its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    data: ApplicationData,
    state: ApplicationState,
    reason: Option<String>,
}

impl Application {
    /// A new, pending application. Weeks wanted must be 1–13 and each
    /// demand index at most 100.
    pub fn new(data: ApplicationData) -> Result<Self> {
        Self::restore(data, ApplicationState::Pending, None)
    }

    /// An application as stored, in `state` with its last `reason`
    /// (validated like [`new`](Self::new)); for store backends.
    pub fn restore(
        data: ApplicationData,
        state: ApplicationState,
        reason: Option<String>,
    ) -> Result<Self> {
        if !(1..=13).contains(&data.weeks_wanted) {
            return Err(MarketError::invalid("weeks wanted", "must be from 1 to 13"));
        }
        if data.seasonality.is_some_and(|s| s.iter().any(|&x| x > 100)) {
            return Err(MarketError::invalid(
                "seasonality",
                "each month's index must be from 0 to 100",
            ));
        }
        Ok(Self {
            data,
            state,
            reason,
        })
    }

    /// Its fields.
    pub fn data(&self) -> &ApplicationData {
        &self.data
    }

    /// Its ID.
    pub fn id(&self) -> ApplicationId {
        self.data.id
    }

    /// Its state.
    pub fn state(&self) -> ApplicationState {
        self.state
    }

    /// The reason given with the last change, if any.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// Moves to `to` on `on`, returning the transition to record. A
    /// rejection needs a reason; an illegal move is
    /// [`MarketError::IllegalTransition`] and changes nothing.
    pub fn transition(
        &mut self,
        to: ApplicationState,
        reason: Option<String>,
        on: JalaliDate,
    ) -> Result<Transition> {
        if !self.state.can_become(to) {
            return Err(MarketError::IllegalTransition {
                what: "application",
                from: self.state.code(),
                to: to.code(),
            });
        }
        let reason = reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        if to == ApplicationState::Rejected && reason.is_none() {
            return Err(MarketError::invalid("reason", "a rejection needs a reason"));
        }
        if let Some(r) = &reason {
            crate::validate::plain([("reason", r.as_str())])?;
        }
        if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
            return Err(MarketError::invalid("reason", "longer than 500 characters"));
        }
        let transition = Transition {
            application: self.data.id,
            from: self.state,
            to,
            reason: reason.clone(),
            on,
            by: None,
        };
        self.state = to;
        self.reason = reason;
        Ok(transition)
    }

    /// The application as an allocation candidate, given the booth-weeks
    /// its business had or holds outside the horizon at any exhibition
    /// (`past_weeks`) and the first days of those it holds at this
    /// exhibition outside the horizon (`held`, see [`Candidate::held`]).
    pub fn candidate(&self, past_weeks: u32, held: Vec<JalaliDate>) -> Candidate {
        Candidate {
            application: self.data.id,
            business: self.data.business,
            category: self.data.category,
            new_producer: self.data.new_producer,
            vulnerable: self.data.vulnerable,
            past_weeks,
            weeks_wanted: self.data.weeks_wanted,
            seasonality: self.data.seasonality,
            held,
        }
    }
}
