//! People: members of households, with their skills and availability.

use std::fmt;

use serde::{Deserialize, Serialize};

use homebiz_core::JalaliDate;
use homebiz_core::id::{HouseholdId, PersonId};
use homebiz_core::iran::{Mobile, NationalId};
use homebiz_core::text::{Lang, search_key_joined};

use crate::entity::validated_record;
use crate::error::{RegistryError, Result};
use crate::validate;

/// Gender as recorded on the national ID card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
}

impl Gender {
    /// The name for people in `lang`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Female, Lang::En) => "female",
            (Self::Female, Lang::Fa) => "زن",
            (Self::Male, Lang::En) => "male",
            (Self::Male, Lang::Fa) => "مرد",
        }
    }
}

/// The highest level of education completed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Education {
    /// None, or not recorded.
    #[default]
    None,
    /// Primary school (ابتدایی).
    Primary,
    /// Lower secondary (متوسطه اول).
    LowerSecondary,
    /// Upper secondary without a diploma (متوسطه دوم).
    UpperSecondary,
    /// High-school diploma (دیپلم).
    Diploma,
    /// Associate degree (کاردانی).
    Associate,
    /// Bachelor's degree (کارشناسی).
    Bachelor,
    /// Master's degree or higher.
    Postgraduate,
}

/// How well a person masters a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkillLevel {
    /// Has started; needs supervision.
    Beginner,
    /// Works alone on ordinary pieces.
    Intermediate,
    /// Works alone on demanding pieces.
    Advanced,
    /// Could teach it.
    Master,
}

impl SkillLevel {
    /// The name for people in `lang`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Beginner, Lang::En) => "beginner",
            (Self::Beginner, Lang::Fa) => "مبتدی",
            (Self::Intermediate, Lang::En) => "intermediate",
            (Self::Intermediate, Lang::Fa) => "متوسط",
            (Self::Advanced, Lang::En) => "advanced",
            (Self::Advanced, Lang::Fa) => "پیشرفته",
            (Self::Master, Lang::En) => "master",
            (Self::Master, Lang::Fa) => "استادکار",
        }
    }

    /// The level as a number from 1 (beginner) to 4 (master).
    pub const fn rank(self) -> u8 {
        match self {
            Self::Beginner => 1,
            Self::Intermediate => 2,
            Self::Advanced => 3,
            Self::Master => 4,
        }
    }
}

/// A certificate that attests a skill (from Jihad Daneshgahi or the
/// Technical and Vocational Training Organization, for example).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// The institution that issued it.
    pub issuer: String,
    /// The day it was issued.
    pub issued: JalaliDate,
}

/// A skill a person has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    /// The skill's code, as the activity catalog names skills (`sewing`,
    /// `baking`, …).
    pub code: String,
    /// How well.
    pub level: SkillLevel,
    /// A certificate, if any.
    pub certificate: Option<Certificate>,
}

/// A kind of disability. Sensitive: stored only with consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Disability {
    /// Physical or motor.
    Physical,
    /// Visual.
    Visual,
    /// Hearing.
    Hearing,
    /// Intellectual or psychosocial.
    Intellectual,
    /// Another.
    Other,
}

/// The most hours a week a person can be recorded as available.
pub const MAX_HOURS_PER_WEEK: u8 = 84;

/// The fields of a [`Person`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonData {
    /// The person's ID.
    pub id: PersonId,
    /// The household the person belongs to.
    pub household: HouseholdId,
    /// Given name, as typed.
    pub given_name: String,
    /// Family name, as typed.
    pub family_name: String,
    /// National ID, unique across the registry.
    pub national_id: NationalId,
    /// Date of birth.
    pub birth_date: JalaliDate,
    /// Gender.
    pub gender: Gender,
    /// Mobile number, if any.
    pub mobile: Option<Mobile>,
    /// Education.
    pub education: Education,
    /// Skills, each code at most once.
    pub skills: Vec<Skill>,
    /// Hours a week available for a business (at most [`MAX_HOURS_PER_WEEK`]).
    pub hours_per_week: u8,
    /// Activity codes the person is interested in.
    pub interests: Vec<String>,
    /// A disability; sensitive (needs the household's consent).
    pub disability: Option<Disability>,
}

impl fmt::Debug for PersonData {
    /// Only the IDs: names, national ID, birth date, phone and disability
    /// are personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Person")
            .field("id", &self.id)
            .field("household", &self.household)
            .finish_non_exhaustive()
    }
}

impl PersonData {
    fn validate(&self) -> Result<()> {
        validate::text("given_name", &self.given_name, 100)?;
        validate::text("family_name", &self.family_name, 100)?;
        if self.hours_per_week > MAX_HOURS_PER_WEEK {
            return Err(RegistryError::invalid(
                "hours_per_week",
                format!("more than {MAX_HOURS_PER_WEEK}"),
            ));
        }
        for skill in &self.skills {
            validate::code("skills", &skill.code)?;
            if let Some(certificate) = &skill.certificate {
                validate::text("certificate_issuer", &certificate.issuer, 200)?;
            }
        }
        validate::unique("skills", self.skills.iter().map(|s| s.code.as_str()))?;
        for interest in &self.interests {
            validate::code("interests", interest)?;
        }
        validate::unique("interests", self.interests.iter().map(String::as_str))?;
        Ok(())
    }

    /// The full name's key used to spot likely duplicates: its
    /// [`search_key`](homebiz_core::text::search_key), the one folding every comparison of names uses, so
    /// that رضائی and رضایی, or a name with and without a space, are one.
    pub fn name_key(&self) -> String {
        Self::name_key_of(&self.given_name, &self.family_name)
    }

    /// The [`name_key`](Self::name_key) of a person with these names,
    /// before their record is made (an import looking ahead).
    ///
    /// ```
    /// use homebiz_registry::PersonData;
    /// assert_eq!(PersonData::name_key_of("زهرا", "رضائی"), PersonData::name_key_of("زهرا", "رضایی"));
    /// ```
    pub fn name_key_of(given_name: &str, family_name: &str) -> String {
        search_key_joined(&[given_name, family_name])
    }
}

validated_record! {
    /// A person, member of a household.
    Person(PersonData)
}

impl Person {
    /// The ID.
    pub fn id(&self) -> PersonId {
        self.0.id
    }

    /// The household.
    pub fn household(&self) -> HouseholdId {
        self.0.household
    }

    /// The national ID.
    pub fn national_id(&self) -> &NationalId {
        &self.0.national_id
    }

    /// The full name's key used to spot likely duplicates; the same as
    /// [`search_key`](Self::search_key).
    pub fn name_key(&self) -> String {
        self.0.name_key()
    }

    /// The [`search_key`](homebiz_core::text::search_key) of the full name (given, then family): what a
    /// search by name ([`RegistryRead::people_matching`](crate::RegistryRead::people_matching))
    /// looks in.
    pub fn search_key(&self) -> String {
        self.0.name_key()
    }
}
