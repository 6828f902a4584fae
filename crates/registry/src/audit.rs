//! The append-only audit trail: who, when, what changed, for every write.
//!
//! Events name the fields that changed. An update may also carry the
//! fields' values before and after ([`FieldChange`]), given by the caller
//! that made the edit (the facade's edits and imports do): they may be
//! personal, so they never appear in `Debug`, and are read only through
//! the scoped [`Reader::audit_trail`](crate::Reader::audit_trail), like
//! the record itself.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::{ActorId, TypedId};

use crate::error::EntityKind;

/// A reference to one record: its kind and ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityRef {
    /// The kind of record.
    pub kind: EntityKind,
    /// Its ID.
    pub id: Uuid,
}

impl EntityRef {
    /// A reference to the record with typed ID `id`.
    pub fn new(kind: EntityKind, id: impl TypedId) -> Self {
        Self {
            kind,
            id: id.as_uuid(),
        }
    }
}

/// What kind of write an audit event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditAction {
    /// A record was created.
    Created,
    /// Fields of a record were changed.
    Updated,
    /// A lifecycle transition.
    StateChanged,
    /// A consent was given or withdrawn.
    ConsentRecorded,
    /// A person was flagged as a likely duplicate of another.
    FlaggedDuplicate,
    /// Staff resolved a likely-duplicate flag (same person, or different
    /// people).
    DuplicateResolved,
}

impl AuditAction {
    /// The snake-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::StateChanged => "state_changed",
            Self::ConsentRecorded => "consent_recorded",
            Self::FlaggedDuplicate => "flagged_duplicate",
            Self::DuplicateResolved => "duplicate_resolved",
        }
    }

    /// The action as people read it in `lang`: its Persian name, or in
    /// English its code (which English histories have always shown, and
    /// scripts may read).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_registry::AuditAction;
    /// assert_eq!(AuditAction::FlaggedDuplicate.name(Lang::Fa), "نشانه‌گذاری تکراری");
    /// assert_eq!(AuditAction::FlaggedDuplicate.name(Lang::En), "flagged_duplicate");
    /// ```
    pub const fn name(self, lang: homebiz_core::text::Lang) -> &'static str {
        match lang {
            homebiz_core::text::Lang::En => self.as_str(),
            homebiz_core::text::Lang::Fa => match self {
                Self::Created => "ایجاد",
                Self::Updated => "ویرایش",
                Self::StateChanged => "تغییر وضعیت",
                Self::ConsentRecorded => "ثبت رضایت",
                Self::FlaggedDuplicate => "نشانه‌گذاری تکراری",
                Self::DuplicateResolved => "رسیدگی به تکراری",
            },
        }
    }
}

impl std::str::FromStr for AuditAction {
    type Err = crate::RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "created" => Self::Created,
            "updated" => Self::Updated,
            "state_changed" => Self::StateChanged,
            "consent_recorded" => Self::ConsentRecorded,
            "flagged_duplicate" => Self::FlaggedDuplicate,
            "duplicate_resolved" => Self::DuplicateResolved,
            _ => {
                return Err(crate::RegistryError::invalid(
                    "audit action",
                    "unknown action",
                ));
            }
        })
    }
}

/// One field's value before and after an update, as text.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field, as [`AuditRecord::fields`] names it.
    pub field: String,
    /// The value before (empty: none).
    pub old: String,
    /// The value after (empty: none).
    pub new: String,
}

// The values may be personal: never in Debug.
impl std::fmt::Debug for FieldChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldChange")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

/// One audit event as written; the store adds the sequence number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: ActorId,
    /// What kind of write.
    pub action: AuditAction,
    /// Which record.
    pub entity: EntityRef,
    /// The names of the fields that changed (all fields for a creation).
    pub fields: Vec<String>,
    /// For an update, the old and new values of changed fields, when the
    /// writer was given them ([`Writer::note_values`](crate::Writer::note_values));
    /// empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}

/// One audit event as stored, with its place in the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Position in the trail, from 1, without gaps.
    pub seq: u64,
    /// The event.
    #[serde(flatten)]
    pub record: AuditRecord,
}
