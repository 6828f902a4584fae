//! Lifecycles as explicit state machines.
//!
//! Programme membership of a household:
//!
//! ```text
//! applied ──► enrolled ──► active ──► graduated
//!    │           │          ▲  │
//!    │           │          │  ▼
//!    │           │         paused
//!    └───────────┴──────────┴──┴──► exited (with a reason)
//! ```
//!
//! A home business:
//!
//! ```text
//! planned ──► in_training ──► licensed ──► active ◄──► suspended
//!    └────────────┴──────────────┴───────────┴────────────┴──► closed (with a reason)
//! ```
//!
//! An illegal transition is a [`RegistryError::IllegalTransition`]; every
//! legal one is recorded as a [`StateChange`].

use serde::{Deserialize, Serialize};

use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::ActorId;
use homebiz_core::text::Lang;

use crate::audit::EntityRef;
use crate::error::{EntityKind, RegistryError, Result};

/// A lifecycle state machine.
pub trait Lifecycle: Clone + PartialEq {
    /// Whose lifecycle this is, for errors.
    const KIND: EntityKind;

    /// The state's name, such as `"active"`.
    fn name(&self) -> &'static str;

    /// Whether the machine may go from `self` to `next`.
    fn allows(&self, next: &Self) -> bool;

    /// `Ok(())` if the transition is legal, else the typed error.
    fn check_transition(&self, next: &Self) -> Result<()> {
        if self.allows(next) {
            Ok(())
        } else {
            Err(RegistryError::IllegalTransition {
                kind: Self::KIND,
                from: self.name(),
                to: next.name(),
            })
        }
    }
}

/// Where a household stands in the programme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MembershipState {
    /// Applied to join.
    Applied,
    /// Accepted, not yet started.
    Enrolled,
    /// Taking part.
    Active,
    /// Taking a break; may come back.
    Paused,
    /// Left the programme successfully.
    Graduated,
    /// Left the programme for another reason.
    Exited {
        /// Why (required, not empty).
        reason: String,
    },
}

impl Lifecycle for MembershipState {
    const KIND: EntityKind = EntityKind::Household;

    fn name(&self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Enrolled => "enrolled",
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Graduated => "graduated",
            Self::Exited { .. } => "exited",
        }
    }

    fn allows(&self, next: &Self) -> bool {
        use MembershipState::*;
        if let Exited { reason } = next {
            return !reason.trim().is_empty() && !matches!(self, Graduated | Exited { .. });
        }
        matches!(
            (self, next),
            (Applied, Enrolled)
                | (Enrolled, Active)
                | (Active, Paused)
                | (Paused, Active)
                | (Active, Graduated)
        )
    }
}

impl MembershipState {
    /// The state's name for people in `lang` (the code is
    /// [`Lifecycle::name`]).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_registry::MembershipState;
    /// assert_eq!(MembershipState::Graduated.label(Lang::Fa), "فارغ‌التحصیل");
    /// assert_eq!(MembershipState::Graduated.label(Lang::En), "graduated");
    /// ```
    pub const fn label(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Applied, Lang::En) => "applied",
            (Self::Applied, Lang::Fa) => "متقاضی",
            (Self::Enrolled, Lang::En) => "enrolled",
            (Self::Enrolled, Lang::Fa) => "پذیرفته‌شده",
            (Self::Active, Lang::En) => "active",
            (Self::Active, Lang::Fa) => "فعال",
            (Self::Paused, Lang::En) => "paused",
            (Self::Paused, Lang::Fa) => "در وقفه",
            (Self::Graduated, Lang::En) => "graduated",
            (Self::Graduated, Lang::Fa) => "فارغ‌التحصیل",
            (Self::Exited { .. }, Lang::En) => "exited",
            (Self::Exited { .. }, Lang::Fa) => "خارج‌شده",
        }
    }
}

/// Where a home business stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BusinessState {
    /// Chosen, not started.
    Planned,
    /// The owner is in training.
    InTraining,
    /// Licensed, not yet trading.
    Licensed,
    /// Trading.
    Active,
    /// Stopped for now.
    Suspended,
    /// Closed for good.
    Closed {
        /// Why (required, not empty).
        reason: String,
    },
}

impl Lifecycle for BusinessState {
    const KIND: EntityKind = EntityKind::Business;

    fn name(&self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InTraining => "in_training",
            Self::Licensed => "licensed",
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Closed { .. } => "closed",
        }
    }

    fn allows(&self, next: &Self) -> bool {
        use BusinessState::*;
        if let Closed { reason } = next {
            return !reason.trim().is_empty() && !matches!(self, Closed { .. });
        }
        matches!(
            (self, next),
            (Planned, InTraining)
                | (InTraining, Licensed)
                | (Licensed, Active)
                | (Active, Suspended)
                | (Suspended, Active)
        )
    }
}

impl BusinessState {
    /// Whether a business in this state must hold a licence: licensed,
    /// and the states reached only through licensing (active,
    /// suspended).
    ///
    /// ```
    /// use homebiz_registry::BusinessState;
    /// assert!(BusinessState::Active.needs_licence());
    /// assert!(!BusinessState::InTraining.needs_licence());
    /// ```
    pub const fn needs_licence(&self) -> bool {
        matches!(self, Self::Licensed | Self::Active | Self::Suspended)
    }

    /// The state's name for people in `lang` (the code is
    /// [`Lifecycle::name`]).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_registry::BusinessState;
    /// assert_eq!(BusinessState::InTraining.label(Lang::Fa), "در حال آموزش");
    /// assert_eq!(BusinessState::InTraining.label(Lang::En), "in training");
    /// ```
    pub const fn label(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Planned, Lang::En) => "planned",
            (Self::Planned, Lang::Fa) => "برنامه‌ریزی‌شده",
            (Self::InTraining, Lang::En) => "in training",
            (Self::InTraining, Lang::Fa) => "در حال آموزش",
            (Self::Licensed, Lang::En) => "licensed",
            (Self::Licensed, Lang::Fa) => "دارای مجوز",
            (Self::Active, Lang::En) => "active",
            (Self::Active, Lang::Fa) => "فعال",
            (Self::Suspended, Lang::En) => "suspended",
            (Self::Suspended, Lang::Fa) => "تعلیق‌شده",
            (Self::Closed { .. }, Lang::En) => "closed",
            (Self::Closed { .. }, Lang::Fa) => "بسته‌شده",
        }
    }

    /// The name for people in `lang` of the state whose code
    /// ([`Lifecycle::name`]) is `code`, for a state change that keeps only
    /// the code; `None` for an unknown code.
    pub fn label_of(code: &str, lang: Lang) -> Option<&'static str> {
        let reason = String::new();
        let state = match code {
            "planned" => Self::Planned,
            "in_training" => Self::InTraining,
            "licensed" => Self::Licensed,
            "active" => Self::Active,
            "suspended" => Self::Suspended,
            "closed" => Self::Closed { reason },
            _ => return None,
        };
        Some(state.label(lang))
    }
}

impl MembershipState {
    /// The name for people in `lang` of the state whose code
    /// ([`Lifecycle::name`]) is `code`, for a state change that keeps only
    /// the code; `None` for an unknown code.
    pub fn label_of(code: &str, lang: Lang) -> Option<&'static str> {
        let reason = String::new();
        let state = match code {
            "applied" => Self::Applied,
            "enrolled" => Self::Enrolled,
            "active" => Self::Active,
            "paused" => Self::Paused,
            "graduated" => Self::Graduated,
            "exited" => Self::Exited { reason },
            _ => return None,
        };
        Some(state.label(lang))
    }
}

/// One recorded lifecycle transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    /// Whose state changed.
    pub entity: EntityRef,
    /// The state before.
    pub from: String,
    /// The state after.
    pub to: String,
    /// The reason given, for exits and closures.
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: ActorId,
}

/// The reason carried by a terminal state, if any.
pub(crate) fn reason_of_membership(state: &MembershipState) -> Option<String> {
    match state {
        MembershipState::Exited { reason } => Some(reason.clone()),
        _ => None,
    }
}

/// The reason carried by a terminal state, if any.
pub(crate) fn reason_of_business(state: &BusinessState) -> Option<String> {
    match state {
        BusinessState::Closed { reason } => Some(reason.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exited() -> MembershipState {
        MembershipState::Exited {
            reason: "moved away".into(),
        }
    }

    #[test]
    fn membership_paths() {
        use MembershipState::*;
        assert!(Applied.allows(&Enrolled));
        assert!(Enrolled.allows(&Active));
        assert!(Active.allows(&Paused) && Paused.allows(&Active));
        assert!(Active.allows(&Graduated));
        assert!(Applied.allows(&exited()) && Paused.allows(&exited()));
        assert!(!Applied.allows(&Active));
        assert!(!Graduated.allows(&Active));
        assert!(!Graduated.allows(&exited()));
        assert!(!exited().allows(&Active));
        assert!(!Active.allows(&Exited {
            reason: "  ".into()
        }));
        let err = Applied.check_transition(&Graduated).unwrap_err();
        assert_eq!(
            err.to_string(),
            "illegal household transition from applied to graduated"
        );
    }

    #[test]
    fn business_paths() {
        use BusinessState::*;
        let closed = Closed {
            reason: "no buyers".into(),
        };
        for (a, b) in [
            (Planned, InTraining),
            (InTraining, Licensed),
            (Licensed, Active),
            (Active, Suspended),
            (Suspended, Active),
        ] {
            assert!(a.allows(&b), "{a:?} → {b:?}");
            assert!(!b.allows(&a) || matches!((&a, &b), (Active, Suspended) | (Suspended, Active)));
        }
        assert!(Planned.allows(&closed) && Suspended.allows(&closed));
        assert!(!closed.allows(&closed));
        assert!(!Planned.allows(&Active));
        assert_eq!(
            serde_json::to_string(&closed).unwrap(),
            r#"{"state":"closed","reason":"no buyers"}"#
        );
    }
}
