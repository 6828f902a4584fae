//! The seven official categories of home business, shared by activity
//! selection (an activity's category) and market linkage (what a booth or a
//! buyer's order accepts).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::Lang;

/// The seven official categories of home business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// Livestock and poultry (دام و طیور).
    LivestockPoultry,
    /// Handicrafts (صنایع دستی).
    Handicrafts,
    /// Aquaculture (آبزیان).
    Aquaculture,
    /// Agro-processing (فرآوری محصولات کشاورزی).
    AgroProcessing,
    /// Plant production (تولیدات گیاهی).
    PlantProduction,
    /// Production and services (تولیدی و خدماتی).
    ProductionServices,
    /// Cultural and artistic (فرهنگی و هنری).
    CulturalArtistic,
}

impl Category {
    /// All seven, in the official order.
    pub const ALL: [Self; 7] = [
        Self::LivestockPoultry,
        Self::Handicrafts,
        Self::Aquaculture,
        Self::AgroProcessing,
        Self::PlantProduction,
        Self::ProductionServices,
        Self::CulturalArtistic,
    ];

    /// The snake-case code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::LivestockPoultry => "livestock_poultry",
            Self::Handicrafts => "handicrafts",
            Self::Aquaculture => "aquaculture",
            Self::AgroProcessing => "agro_processing",
            Self::PlantProduction => "plant_production",
            Self::ProductionServices => "production_services",
            Self::CulturalArtistic => "cultural_artistic",
        }
    }

    /// The name in `lang`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::LivestockPoultry, Lang::Fa) => "دام و طیور",
            (Self::LivestockPoultry, Lang::En) => "livestock and poultry",
            (Self::Handicrafts, Lang::Fa) => "صنایع دستی",
            (Self::Handicrafts, Lang::En) => "handicrafts",
            (Self::Aquaculture, Lang::Fa) => "آبزیان",
            (Self::Aquaculture, Lang::En) => "aquaculture",
            (Self::AgroProcessing, Lang::Fa) => "فرآوری محصولات کشاورزی",
            (Self::AgroProcessing, Lang::En) => "agro-processing",
            (Self::PlantProduction, Lang::Fa) => "تولیدات گیاهی",
            (Self::PlantProduction, Lang::En) => "plant production",
            (Self::ProductionServices, Lang::Fa) => "تولیدی و خدماتی",
            (Self::ProductionServices, Lang::En) => "production and services",
            (Self::CulturalArtistic, Lang::Fa) => "فرهنگی و هنری",
            (Self::CulturalArtistic, Lang::En) => "cultural and artistic",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Category {
    type Err = Error;

    /// Accepts the snake-case codes.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.code() == s)
            .ok_or(Error::Parse {
                what: "category",
                reason: "expected one of livestock_poultry, handicrafts, aquaculture, \
                     agro_processing, plant_production, production_services, cultural_artistic",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for category in Category::ALL {
            assert_eq!(category.code().parse::<Category>().unwrap(), category);
            assert_eq!(
                serde_json::to_string(&category).unwrap(),
                format!("\"{}\"", category.code())
            );
        }
        assert!("food".parse::<Category>().is_err());
    }
}
