//! The pattern every registry record follows: a plain `…Data` struct with
//! public fields, and a validated wrapper that can only hold valid data.

/// Declares the validated wrapper `$name` around `$data`, whose
/// `validate(&self) -> Result<()>` holds the record's rules.
macro_rules! validated_record {
    ($(#[$doc:meta])* $name:ident($data:ident)) => {
        $(#[$doc])*
        ///
        /// Always valid: built with [`new`](Self::new) (or deserialised,
        /// which validates too). Read the fields through [`data`](Self::data);
        /// change them through the [`Registry`](crate::Registry), which
        /// validates again and records the change.
        #[derive(Clone, PartialEq)]
        pub struct $name($data);

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                Self::new($data::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// Validates `data`.
            pub fn new(data: $data) -> $crate::error::Result<Self> {
                data.validate()?;
                Ok(Self(data))
            }

            /// The record's fields.
            pub fn data(&self) -> &$data {
                &self.0
            }

            /// The record's fields, by value.
            pub fn into_data(self) -> $data {
                self.0
            }
        }

        impl TryFrom<$data> for $name {
            type Error = $crate::error::RegistryError;
            fn try_from(data: $data) -> $crate::error::Result<Self> {
                Self::new(data)
            }
        }

        impl From<$name> for $data {
            fn from(record: $name) -> $data {
                record.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

pub(crate) use validated_record;

/// Field names of a record, as the audit trail names them.
pub trait Fields {
    /// All field names.
    const NAMES: &'static [&'static str];
    /// The names of the fields that differ between `self` and `other`.
    fn changed(&self, other: &Self) -> Vec<String>;
}

/// Implements [`Fields`] for a `…Data` struct from its field list.
macro_rules! record_fields {
    ($data:ty { $($field:ident),* $(,)? }) => {
        impl $crate::entity::Fields for $data {
            const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];
            fn changed(&self, other: &Self) -> Vec<String> {
                let mut out = Vec::new();
                $(if self.$field != other.$field {
                    out.push(stringify!($field).to_owned());
                })*
                out
            }
        }
    };
}

record_fields!(crate::office::OfficeData {
    id,
    code,
    name,
    level,
    parent
});
record_fields!(crate::household::HouseholdData {
    id,
    code,
    office,
    address,
    baseline,
    support,
    space,
    membership,
    registered_on
});
record_fields!(crate::person::PersonData {
    id,
    household,
    given_name,
    family_name,
    national_id,
    birth_date,
    gender,
    mobile,
    education,
    skills,
    hours_per_week,
    interests,
    disability
});
record_fields!(crate::business::BusinessData {
    id,
    code,
    household,
    owner,
    office,
    activity,
    mode,
    licence,
    health_certificate,
    capital_invested,
    state
});
record_fields!(crate::partner::PartnerData {
    id,
    code,
    name,
    kind,
    office
});
