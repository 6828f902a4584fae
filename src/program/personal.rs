//! Personal values in the views' JSON: a person's national ID and mobile
//! are left out unless the caller asks for them.
//!
//! The views that carry people ([`PersonView`](super::PersonView),
//! [`HouseholdView`](super::HouseholdView),
//! [`PersonDetails`](super::PersonDetails), the
//! [`find`](super::find) results, [`DuplicateView`](super::DuplicateView))
//! serialise **without** them: the JSON a front end (the CLI, a web app)
//! writes by default is what its tables show. To include them, serialise
//! the view through [`ShowsPeople::with_personal`], as `export --personal`
//! includes the personal columns.
//!
//! The rule is typed: it applies where a [`Person`] or a [`Household`] is
//! serialised, not to every field of that name in a document.
//!
//! A household's personal fields — its address, baseline (income and
//! survey date) and support coverage — are one list,
//! [`HOUSEHOLD_PERSONAL`]: the views' JSON leaves them out without
//! `personal`, `export` leaves out the columns that hold them without
//! [`ExportOptions::personal`](super::export::ExportOptions::personal),
//! and the CLI's tables show them only with `--personal`.
//!
//! ```
//! use homebiz::program::personal::ShowsPeople;
//! use homebiz::registry::Person;
//! use homebiz::registry::testing::person_data;
//! use homebiz::core::id::HouseholdId;
//!
//! let person = Person::new(person_data(HouseholdId::new(), 1))?;
//! let plain = serde_json::to_value(person.with_personal(false))?;
//! assert!(plain.get("national_id").is_none() && plain.get("mobile").is_none());
//! assert!(plain.get("birth_date").is_some());
//! let full = serde_json::to_value(person.with_personal(true))?;
//! assert_eq!(full["national_id"], person.national_id().as_str());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use homebiz_core::JalaliDate;
use homebiz_core::id::{HouseholdId, PersonId};
use homebiz_registry::{Disability, Education, Gender, Household, Person, Skill};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

/// A value that carries people, serialised with their personal values
/// (national ID, mobile) or without.
///
/// A view's own `Serialize` leaves them out; [`with_personal`] chooses.
///
/// [`with_personal`]: ShowsPeople::with_personal
pub trait ShowsPeople {
    /// Serialises `self`, with the people's national IDs and mobiles only
    /// when `personal`.
    ///
    /// # Errors
    ///
    /// The serializer's.
    fn serialize_people<S: Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;

    /// `self` to serialise with the personal values (`personal`) or
    /// without them.
    fn with_personal(&self, personal: bool) -> Disclosed<'_, Self> {
        Disclosed {
            view: self,
            personal,
        }
    }
}

/// A value that carries people, with the choice of showing their personal
/// values: made by [`ShowsPeople::with_personal`], serialised as the
/// value is, with or without them.
#[derive(Debug, Clone, Copy)]
pub struct Disclosed<'a, T: ?Sized> {
    view: &'a T,
    personal: bool,
}

impl<T: ShowsPeople + ?Sized> Serialize for Disclosed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view.serialize_people(self.personal, serializer)
    }
}

/// A household's personal fields: each field's name in the household's
/// JSON, with the `export` columns (the `households` import's) that hold
/// it. Views leave these fields out of a household's JSON unless asked
/// ([`ShowsPeople::with_personal`]); `export` leaves those columns out
/// unless [`ExportOptions::personal`](super::export::ExportOptions::personal).
pub const HOUSEHOLD_PERSONAL: [(&str, &[&str]); 3] = [
    ("address", &["address"]),
    (
        "baseline",
        &["baseline_income_rial", "baseline_survey_date"],
    ),
    ("support", &["support", "consent_support"]),
];

/// Whether the `households` export column `column` holds a personal field
/// ([`HOUSEHOLD_PERSONAL`]).
///
/// ```
/// use homebiz::program::personal::is_personal_household_column;
/// assert!(is_personal_household_column("baseline_income_rial"));
/// assert!(!is_personal_household_column("area_m2"));
/// ```
#[must_use]
pub fn is_personal_household_column(column: &str) -> bool {
    HOUSEHOLD_PERSONAL
        .iter()
        .any(|(_, columns)| columns.contains(&column))
}

impl ShowsPeople for Household {
    /// Without `personal`, the household's JSON without the fields of
    /// [`HOUSEHOLD_PERSONAL`].
    fn serialize_people<S: Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        if personal {
            return self.serialize(serializer);
        }
        let mut value = serde_json::to_value(self).map_err(serde::ser::Error::custom)?;
        if let Some(fields) = value.as_object_mut() {
            for (field, _) in HOUSEHOLD_PERSONAL {
                fields.remove(field);
            }
        }
        value.serialize(serializer)
    }
}

/// A person's fields but the national ID and the mobile, in the order
/// [`PersonData`](homebiz_registry::PersonData) serialises them.
#[derive(Serialize)]
struct Withheld<'a> {
    id: PersonId,
    household: HouseholdId,
    given_name: &'a str,
    family_name: &'a str,
    birth_date: JalaliDate,
    gender: &'a Gender,
    education: &'a Education,
    skills: &'a [Skill],
    hours_per_week: u8,
    interests: &'a [String],
    disability: Option<&'a Disability>,
}

impl ShowsPeople for Person {
    fn serialize_people<S: Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        if personal {
            return self.serialize(serializer);
        }
        let d = self.data();
        Withheld {
            id: d.id,
            household: d.household,
            given_name: &d.given_name,
            family_name: &d.family_name,
            birth_date: d.birth_date,
            gender: &d.gender,
            education: &d.education,
            skills: &d.skills,
            hours_per_week: d.hours_per_week,
            interests: &d.interests,
            disability: d.disability.as_ref(),
        }
        .serialize(serializer)
    }
}

impl<T: ShowsPeople> ShowsPeople for [T] {
    fn serialize_people<S: Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&item.with_personal(personal))?;
        }
        seq.end()
    }
}

impl<T: ShowsPeople> ShowsPeople for Vec<T> {
    fn serialize_people<S: Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize_people(personal, serializer)
    }
}

impl<T: ShowsPeople> ShowsPeople for Option<T> {
    fn serialize_people<S: Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&value.with_personal(personal)),
            None => serializer.serialize_none(),
        }
    }
}

/// Implements [`ShowsPeople`] for a view struct, field by field: `plain`
/// fields serialise as they are, `people` fields through
/// [`ShowsPeople::with_personal`]. The view's own `Serialize` leaves the
/// personal values out.
macro_rules! shows_people {
    ($view:ty, $name:literal { $($field:ident: $how:ident),* $(,)? }) => {
        impl $crate::program::personal::ShowsPeople for $view {
            fn serialize_people<S: serde::Serializer>(
                &self,
                personal: bool,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let fields = [$(stringify!($field)),*].len();
                let mut out = serializer.serialize_struct($name, fields)?;
                $(shows_people!(@field out, self, personal, $field, $how);)*
                out.end()
            }
        }

        impl serde::Serialize for $view {
            /// Without the people's national IDs and mobiles; see
            /// [`ShowsPeople::with_personal`](crate::program::personal::ShowsPeople::with_personal).
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::program::personal::ShowsPeople::serialize_people(self, false, serializer)
            }
        }
    };
    (@field $out:ident, $self:ident, $personal:ident, $field:ident, plain) => {
        $out.serialize_field(stringify!($field), &$self.$field)?;
    };
    (@field $out:ident, $self:ident, $personal:ident, $field:ident, people) => {
        $out.serialize_field(
            stringify!($field),
            &$crate::program::personal::ShowsPeople::with_personal(&$self.$field, $personal),
        )?;
    };
}
pub(crate) use shows_people;

#[cfg(test)]
mod tests {
    use super::*;
    use homebiz_registry::testing::person_data;

    /// The person without personal values is the person's JSON minus the
    /// national ID and the mobile: nothing else is lost or added (a field
    /// added to `PersonData` and not to `Withheld` fails here).
    #[test]
    fn withheld_is_the_record_without_the_personal_fields() {
        let mut data = person_data(HouseholdId::new(), 1);
        data.mobile = Some(homebiz_core::iran::Mobile::parse("09141234567").unwrap());
        let person = Person::new(data).unwrap();
        let mut full = serde_json::to_value(person.with_personal(true)).unwrap();
        assert_eq!(full, serde_json::to_value(&person).unwrap());
        let plain = serde_json::to_value(person.with_personal(false)).unwrap();
        let map = full.as_object_mut().unwrap();
        assert!(map.remove("national_id").is_some());
        assert!(map.remove("mobile").is_some());
        assert_eq!(plain, full);
        let keys =
            |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&plain), keys(&full));
    }

    /// A household without its personal fields is its JSON minus exactly
    /// the fields of the list; every listed field is one of its fields.
    #[test]
    fn withheld_household_is_the_record_without_the_listed_fields() {
        let mut data =
            homebiz_registry::testing::household_data(homebiz_core::id::OfficeId::new(), "H-1");
        data.address = "کوچه 20".into();
        let household = Household::new(data).unwrap();
        let mut full = serde_json::to_value(household.with_personal(true)).unwrap();
        assert_eq!(full, serde_json::to_value(&household).unwrap());
        let plain = serde_json::to_value(household.with_personal(false)).unwrap();
        let map = full.as_object_mut().unwrap();
        for (field, _) in HOUSEHOLD_PERSONAL {
            assert!(map.remove(field).is_some(), "{field}");
        }
        assert_eq!(plain, full);
    }
}
