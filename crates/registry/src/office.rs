//! Facilitation offices and the hierarchy above them.

use std::fmt;

use serde::{Deserialize, Serialize};

use homebiz_core::id::OfficeId;
use homebiz_core::text::Lang;

use crate::entity::validated_record;
use crate::error::{RegistryError, Result};
use crate::validate;

/// A level of the office hierarchy: province → county → city → office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OfficeLevel {
    /// A province (استان), such as West Azerbaijan. The root of a tree.
    Province,
    /// A county (شهرستان), under a province.
    County,
    /// A city (شهر), under a county.
    City,
    /// A facilitation office (دفتر تسهیلگری), under a city.
    Office,
}

impl OfficeLevel {
    /// The level a parent of this level must have (`None` for a province).
    pub const fn parent_level(self) -> Option<Self> {
        match self {
            Self::Province => None,
            Self::County => Some(Self::Province),
            Self::City => Some(Self::County),
            Self::Office => Some(Self::City),
        }
    }

    /// The level's name for people in `lang`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Province, Lang::En) => "province",
            (Self::Province, Lang::Fa) => "استان",
            (Self::County, Lang::En) => "county",
            (Self::County, Lang::Fa) => "شهرستان",
            (Self::City, Lang::En) => "city",
            (Self::City, Lang::Fa) => "شهر",
            (Self::Office, Lang::En) => "office",
            (Self::Office, Lang::Fa) => "دفتر تسهیلگری",
        }
    }

    /// The snake-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::County => "county",
            Self::City => "city",
            Self::Office => "office",
        }
    }
}

impl fmt::Display for OfficeLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for OfficeLevel {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "province" => Self::Province,
            "county" => Self::County,
            "city" => Self::City,
            "office" => Self::Office,
            _ => {
                return Err(RegistryError::invalid(
                    "level",
                    "expected province, county, city or office",
                ));
            }
        })
    }
}

/// The fields of an [`Office`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeData {
    /// The office's ID.
    pub id: OfficeId,
    /// A short unique code, such as `URM-DZ1` (ASCII letters, digits, `-_.`).
    pub code: String,
    /// The name as written, usually in Persian.
    pub name: String,
    /// The level in the hierarchy.
    pub level: OfficeLevel,
    /// The office one level up; `None` exactly for a province.
    pub parent: Option<OfficeId>,
}

impl OfficeData {
    fn validate(&self) -> Result<()> {
        validate::code("code", &self.code)?;
        validate::text("name", &self.name, 200)?;
        match (self.level.parent_level(), self.parent) {
            (None, Some(_)) => Err(RegistryError::Hierarchy {
                reason: "a province has no parent",
            }),
            (Some(_), None) => Err(RegistryError::Hierarchy {
                reason: "only a province has no parent",
            }),
            (_, Some(parent)) if parent == self.id => Err(RegistryError::Hierarchy {
                reason: "an office cannot be its own parent",
            }),
            _ => Ok(()),
        }
    }
}

validated_record! {
    /// A facilitation office, or a province, county or city above offices.
    Office(OfficeData)
}

impl Office {
    /// The ID.
    pub fn id(&self) -> OfficeId {
        self.0.id
    }

    /// The unique code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The level.
    pub fn level(&self) -> OfficeLevel {
        self.0.level
    }

    /// The parent, `None` for a province.
    pub fn parent(&self) -> Option<OfficeId> {
        self.0.parent
    }
}
