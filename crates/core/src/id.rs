//! Typed IDs: one UUID newtype per kind of record, so an office ID cannot
//! be passed where a household ID is expected.
//!
//! New IDs are UUID version 7 (time-ordered, so database indexes stay
//! compact). Parsing accepts any RFC 9562 UUID, so IDs minted by another
//! system (an entry ID from a spreadsheet, say) are kept as given. Text and
//! serde form: the hyphenated lower-case UUID.
//!
//! ```
//! use homebiz_core::id::{HouseholdId, TypedId};
//!
//! let id = HouseholdId::new();
//! let text = id.to_string();
//! assert_eq!(text.parse::<HouseholdId>()?, id);
//! assert_eq!(id.as_uuid().get_version_num(), 7);
//! assert!("not-a-uuid".parse::<HouseholdId>().is_err());
//! # Ok::<(), homebiz_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use crate::error::{Error, Result};
use crate::serde_str::serde_via_str;

/// What every typed ID offers; implemented by the ID types of this module.
pub trait TypedId: Copy + Eq + Ord + std::hash::Hash + fmt::Display + FromStr {
    /// A human name of the kind, used in error messages: `"office id"`.
    const KIND: &'static str;
    /// Wraps an existing UUID.
    fn from_uuid(uuid: Uuid) -> Self;
    /// The UUID inside.
    fn as_uuid(&self) -> Uuid;
    /// An ID built from a Unix timestamp in milliseconds and ten random
    /// bytes, as UUID v7 lays them out; for reproducible data (a seeded
    /// simulation) where [`new`](HouseholdId::new) would differ each run.
    fn from_parts(unix_ms: u64, random: [u8; 10]) -> Self {
        Self::from_uuid(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
    }
    /// The ID a text key stands for, always the same: the first 16 bytes of
    /// SHA-256 over the kind and the key, as a UUID v8. For files that name
    /// records by their own keys (an import's `id` column), so that the same
    /// row imported again has the same ID.
    ///
    /// ```
    /// use homebiz_core::id::{EntryId, TypedId};
    /// assert_eq!(EntryId::from_key("S-0001"), EntryId::from_key("S-0001"));
    /// assert_ne!(EntryId::from_key("S-0001"), EntryId::from_key("S-0002"));
    /// assert_eq!(EntryId::from_key("S-0001").as_uuid().get_version_num(), 8);
    /// ```
    fn from_key(key: &str) -> Self {
        use sha2::Digest;
        let digest = sha2::Sha256::new()
            .chain_update(Self::KIND.as_bytes())
            .chain_update([0])
            .chain_update(key.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Self::from_uuid(uuid::Builder::from_custom_bytes(bytes).into_uuid())
    }
    /// The ID a text key stands for within one owner (an entry's key
    /// within its business), always the same: as [`from_key`](Self::from_key),
    /// with the owner's kind and UUID hashed between the kind and the key.
    /// The same key under two owners gives two IDs, and neither is the
    /// [`from_key`](Self::from_key) of any key (that hashes text where this
    /// hashes a kind, a NUL and 16 bytes: a key cannot hold a NUL).
    ///
    /// ```
    /// use homebiz_core::id::{BusinessId, EntryId, TypedId};
    /// let (a, b) = (BusinessId::from_key("A"), BusinessId::from_key("B"));
    /// assert_eq!(EntryId::from_key_within(a, "S-1"), EntryId::from_key_within(a, "S-1"));
    /// assert_ne!(EntryId::from_key_within(a, "S-1"), EntryId::from_key_within(b, "S-1"));
    /// assert_ne!(EntryId::from_key_within(a, "S-1"), EntryId::from_key("S-1"));
    /// assert_eq!(EntryId::from_key_within(a, "S-1").as_uuid().get_version_num(), 8);
    /// ```
    fn from_key_within<O: TypedId>(owner: O, key: &str) -> Self {
        use sha2::Digest;
        let digest = sha2::Sha256::new()
            .chain_update(Self::KIND.as_bytes())
            .chain_update([0])
            .chain_update(O::KIND.as_bytes())
            .chain_update([0])
            .chain_update(owner.as_uuid().as_bytes())
            .chain_update(key.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Self::from_uuid(uuid::Builder::from_custom_bytes(bytes).into_uuid())
    }
}

macro_rules! typed_ids {
    ($($(#[$doc:meta])* $name:ident => $kind:literal,)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh UUID v7 ID.
            #[allow(clippy::new_without_default)] // a default ID would be a random one: be explicit
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl TypedId for $name {
            const KIND: &'static str = $kind;
            fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| Error::Id { kind: $kind })
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        serde_via_str!($name, concat!("a ", $kind, " (a uuid)"));
    )*};
}

typed_ids! {
    /// A facilitation office, or a node above it (province, county, city).
    OfficeId => "office id",
    /// A household enrolled in or applying to a programme.
    HouseholdId => "household id",
    /// A person, member of a household.
    PersonId => "person id",
    /// A home business.
    BusinessId => "business id",
    /// An activity of the catalog (sewing, honey, …).
    ActivityId => "activity id",
    /// A sales channel (an exhibition, a shop, a marketplace, …).
    ChannelId => "channel id",
    /// A ledger entry; supplied by the caller to make recording idempotent.
    EntryId => "entry id",
    /// A partner organisation (trainer, lender, support institution, buyer).
    PartnerId => "partner id",
    /// A permanent or seasonal exhibition.
    ExhibitionId => "exhibition id",
    /// A booth of an exhibition.
    BoothId => "booth id",
    /// An application of a business to an exhibition.
    ApplicationId => "application id",
    /// A buyer's order.
    OrderId => "order id",
    /// A consignment of goods placed at a channel.
    ConsignmentId => "consignment id",
    /// A loan.
    LoanId => "loan id",
    /// A member of staff or a system acting on the registry, for the audit trail.
    ActorId => "actor id",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_parse_serde() {
        let id = OfficeId::from_parts(1_700_000_000_000, [7; 10]);
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text.parse::<OfficeId>().unwrap(), id);
        assert_eq!(id.as_uuid().get_version_num(), 7);
        assert_eq!(format!("{id:?}"), format!("OfficeId({text})"));
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<OfficeId>(&json).unwrap(), id);
        assert_eq!(
            "x".parse::<OfficeId>().unwrap_err().to_string(),
            "invalid office id: not a uuid"
        );
    }

    #[test]
    fn new_ids_are_time_ordered_v7() {
        let a = EntryId::new();
        let b = EntryId::new();
        assert_eq!(a.as_uuid().get_version_num(), 7);
        assert_ne!(a, b);
        assert_eq!(
            OfficeId::from_parts(1, [0; 10]).cmp(&OfficeId::from_parts(2, [0; 10])),
            std::cmp::Ordering::Less
        );
    }
}
