//! Home businesses.

use serde::{Deserialize, Serialize};

use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PersonId};
use homebiz_core::text::Lang;
use homebiz_core::{JalaliDate, Money};

use crate::entity::validated_record;
use crate::error::{RegistryError, Result};
use crate::lifecycle::BusinessState;
use crate::validate;

/// How a home business is organised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BusinessMode {
    /// Works on its own account.
    Independent,
    /// A *support* business doing work for a parent business (پشتیبان).
    Support {
        /// The parent business.
        parent: BusinessId,
    },
    /// Part of a cluster of similar home businesses.
    Cluster {
        /// The cluster's code.
        cluster: String,
    },
}

/// The kind of licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LicenceKind {
    /// A home-business licence (مجوز مشاغل خانگی).
    HomeBusiness,
    /// A guild licence (پروانه کسب).
    Guild,
    /// Another licence.
    Other,
}

impl LicenceKind {
    /// The kind for people in `lang` (the code is its serde name).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_registry::LicenceKind;
    /// assert_eq!(LicenceKind::Guild.name(Lang::En), "guild licence");
    /// assert_eq!(LicenceKind::HomeBusiness.name(Lang::Fa), "مجوز مشاغل خانگی");
    /// ```
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::HomeBusiness, Lang::En) => "home-business licence",
            (Self::HomeBusiness, Lang::Fa) => "مجوز مشاغل خانگی",
            (Self::Guild, Lang::En) => "guild licence",
            (Self::Guild, Lang::Fa) => "پروانهٔ کسب",
            (Self::Other, Lang::En) => "other licence",
            (Self::Other, Lang::Fa) => "مجوز دیگر",
        }
    }
}

/// A licence or certificate with a number and validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    /// The number on the document.
    pub number: String,
    /// The kind (ignored for health certificates).
    pub kind: LicenceKind,
    /// The day it was issued.
    pub issued: JalaliDate,
    /// The day it expires, if it does (not before `issued`).
    pub expires: Option<JalaliDate>,
}

impl Licence {
    fn validate(&self, field: &'static str) -> Result<()> {
        validate::text(field, &self.number, 64)?;
        if self.expires.is_some_and(|e| e < self.issued) {
            return Err(RegistryError::invalid(
                field,
                "expires before it was issued",
            ));
        }
        Ok(())
    }

    /// Whether it is valid on `day`.
    pub fn is_valid_on(&self, day: JalaliDate) -> bool {
        self.issued <= day && self.expires.is_none_or(|e| day <= e)
    }
}

/// The fields of a [`Business`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessData {
    /// The business's ID.
    pub id: BusinessId,
    /// A unique code, such as `DZ1-0042-B1`.
    pub code: String,
    /// The household that runs it.
    pub household: HouseholdId,
    /// The person who owns it, a member of the household.
    pub owner: PersonId,
    /// The household's office (kept in step by the registry).
    pub office: OfficeId,
    /// The activity's code in the catalog (`pickles`, `rug_weaving`, …).
    pub activity: String,
    /// How it is organised.
    pub mode: BusinessMode,
    /// The licence, if it has one.
    pub licence: Option<Licence>,
    /// The health certificate, where food requires one.
    pub health_certificate: Option<Licence>,
    /// Capital invested so far (not negative).
    pub capital_invested: Money,
    /// Where it stands; changed only by transitions.
    pub state: BusinessState,
}

impl BusinessData {
    fn validate(&self) -> Result<()> {
        validate::code("code", &self.code)?;
        validate::code("activity", &self.activity)?;
        if let BusinessMode::Cluster { cluster } = &self.mode {
            validate::code("cluster", cluster)?;
        }
        if let BusinessMode::Support { parent } = &self.mode
            && *parent == self.id
        {
            return Err(RegistryError::invalid(
                "mode",
                "a business cannot support itself",
            ));
        }
        if let Some(licence) = &self.licence {
            licence.validate("licence")?;
        }
        if let Some(certificate) = &self.health_certificate {
            certificate.validate("health_certificate")?;
        }
        if self.capital_invested.is_negative() {
            return Err(RegistryError::invalid(
                "capital_invested",
                "must not be negative",
            ));
        }
        // Bounded like a ledger entry, so sums over businesses cannot
        // overflow and a typo of extra zeros is caught.
        let limit = homebiz_core::money::AmountLimit::default();
        let within = self
            .capital_invested
            .convert(homebiz_core::Currency::Irr)
            .is_ok_and(|rials| limit.allows(rials));
        if !within {
            return Err(RegistryError::invalid(
                "capital_invested",
                format!(
                    "above the limit of {}",
                    limit.max().format(&homebiz_core::MoneyFormat::default())
                ),
            ));
        }
        Ok(())
    }
}

validated_record! {
    /// A home business run by a household.
    Business(BusinessData)
}

impl Business {
    /// The ID.
    pub fn id(&self) -> BusinessId {
        self.0.id
    }

    /// The unique code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The household.
    pub fn household(&self) -> HouseholdId {
        self.0.household
    }

    /// The office.
    pub fn office(&self) -> OfficeId {
        self.0.office
    }

    /// The lifecycle state.
    pub fn state(&self) -> &BusinessState {
        &self.0.state
    }

    pub(crate) fn set_state(&mut self, state: BusinessState) {
        self.0.state = state;
    }
}
