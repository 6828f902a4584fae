//! # homebiz-registry
//!
//! The programme's memory: facilitation offices in a hierarchy (province →
//! county → city → office), households with their baseline, people with
//! their skills, home businesses, partner organisations and consent records.
//!
//! - Every record validates on construction and on every update; fields
//!   with invariants are reached through getters.
//! - Programme membership and businesses follow explicit state machines
//!   ([`lifecycle`]); an illegal transition is a typed error and every legal
//!   one is recorded.
//! - A national ID is unique across the registry; a likely duplicate (same
//!   name by the search key's folding, and birth date, in one office) is
//!   flagged, not merged.
//! - Disability and support coverage are stored only with consent.
//! - Every write appends an [audit] event: who, when, which fields.
//! - An [`Actor`]'s [`Scope`] is enforced on every access.
//!
//! [`Registry`] holds the rules; a backend implements the [`store`] traits.
//! [`MemoryStore`] ships here; `homebiz-sqlite` provides SQLite; the
//! `testing` feature exposes the conformance suite both pass.
//!
//! Personal data never appears in `Debug` output or error messages.

pub mod audit;
pub mod business;
pub mod consent;
pub mod describe;
mod entity;
pub mod error;
pub mod household;
pub mod lifecycle;
mod memory;
pub mod office;
pub mod partner;
pub mod person;
mod registry;
pub mod scope;
pub mod staff;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod validate;

pub use audit::{AuditAction, AuditEvent, AuditRecord, EntityRef, FieldChange};
pub use business::{Business, BusinessData, BusinessMode, Licence, LicenceKind};
pub use consent::{ConsentRecord, SensitiveField};
pub use entity::Fields;
pub use error::{EntityKind, RegistryError, Result};
pub use household::{
    Baseline, Household, HouseholdData, MAX_BASELINE_INCOME, Space, SupportProgram,
};
pub use lifecycle::{BusinessState, Lifecycle, MembershipState, StateChange};
pub use memory::MemoryStore;
pub use office::{Office, OfficeData, OfficeLevel};
pub use partner::{Partner, PartnerData, PartnerKind};
pub use person::{
    Certificate, Disability, Education, Gender, Person, PersonData, Skill, SkillLevel,
};
pub use registry::{DuplicateGroup, Reader, Registration, Registry, Writer};
pub use scope::{Actor, Scope};
pub use staff::{DuplicateResolution, PasswordHash, Role, User, Verdict};
pub use store::{
    DuplicateFlag, HouseholdSearch, LookAhead, Put, RegistryRead, RegistryStore, RegistryTx,
};

/// What the exported macros name, from `homebiz-core`, so that they
/// expand in a crate that does not import it. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use homebiz_core::JalaliDate;
    pub use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PartnerId, PersonId};
    pub use homebiz_core::iran::NationalId;
    pub use homebiz_core::text::KeySearch;
}
