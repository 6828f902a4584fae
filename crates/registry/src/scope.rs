//! Who is acting, and what they may see.
//!
//! Staff of an office see that office and the offices below it; a province
//! actor sees the whole province. The [`Registry`](crate::Registry)
//! enforces the scope on every read and write: a record outside it behaves
//! as not found.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use homebiz_core::id::{ActorId, OfficeId};

use crate::office::Office;

/// What an actor may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scope {
    /// The whole registry (national administrators, batch jobs).
    All,
    /// One office (or province, county, city) and everything below it.
    Office(OfficeId),
}

/// Someone acting on the registry: recorded in the audit trail and limited
/// to a [`Scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    /// Who, for the audit trail.
    pub id: ActorId,
    /// What they may see.
    pub scope: Scope,
}

impl Actor {
    /// An actor who sees the whole registry.
    pub const fn unrestricted(id: ActorId) -> Self {
        Self {
            id,
            scope: Scope::All,
        }
    }

    /// An actor limited to `office` and the offices below it.
    pub const fn scoped(id: ActorId, office: OfficeId) -> Self {
        Self {
            id,
            scope: Scope::Office(office),
        }
    }
}

/// The set of offices an actor may see, resolved against the hierarchy.
#[derive(Debug, Clone)]
pub(crate) enum Visible {
    All,
    Offices(HashSet<OfficeId>),
}

impl Visible {
    /// Resolves `scope` over `offices` (all of them).
    pub(crate) fn resolve(scope: Scope, offices: &[Office]) -> Self {
        match scope {
            Scope::All => Self::All,
            Scope::Office(root) => Self::Offices(subtree(root, offices)),
        }
    }

    pub(crate) fn contains(&self, office: OfficeId) -> bool {
        match self {
            Self::All => true,
            Self::Offices(set) => set.contains(&office),
        }
    }
}

/// `root` and every office below it (empty if `root` does not exist).
pub(crate) fn subtree(root: OfficeId, offices: &[Office]) -> HashSet<OfficeId> {
    let mut out = HashSet::new();
    if !offices.iter().any(|o| o.id() == root) {
        return out;
    }
    out.insert(root);
    // Offices are few (hundreds); repeat until no child is added.
    loop {
        let before = out.len();
        for office in offices {
            if office.parent().is_some_and(|parent| out.contains(&parent)) {
                out.insert(office.id());
            }
        }
        if out.len() == before {
            return out;
        }
    }
}
