//! The kinds of sales channel, shared by activity selection (which channels
//! suit an activity) and market linkage (the channels themselves).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::Lang;

/// A kind of sales channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChannelKind {
    /// A permanent sales exhibition (in a park, at the bus terminal).
    PermanentExhibition,
    /// A seasonal fair (Nowruz, Yalda, …).
    SeasonalFair,
    /// A shop selling on consignment.
    ConsignmentShop,
    /// An online marketplace (with a commission).
    OnlineMarketplace,
    /// An institutional buyer (a school, a hospital, an office canteen).
    InstitutionalBuyer,
    /// A wholesaler.
    Wholesaler,
}

impl ChannelKind {
    /// Every kind, in declaration order.
    pub const ALL: [Self; 6] = [
        Self::PermanentExhibition,
        Self::SeasonalFair,
        Self::ConsignmentShop,
        Self::OnlineMarketplace,
        Self::InstitutionalBuyer,
        Self::Wholesaler,
    ];

    /// The snake-case code, as in files: `permanent_exhibition`, …
    pub const fn code(self) -> &'static str {
        match self {
            Self::PermanentExhibition => "permanent_exhibition",
            Self::SeasonalFair => "seasonal_fair",
            Self::ConsignmentShop => "consignment_shop",
            Self::OnlineMarketplace => "online_marketplace",
            Self::InstitutionalBuyer => "institutional_buyer",
            Self::Wholesaler => "wholesaler",
        }
    }

    /// The name in `lang`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::PermanentExhibition, Lang::En) => "permanent exhibition",
            (Self::PermanentExhibition, Lang::Fa) => "نمایشگاه دائمی",
            (Self::SeasonalFair, Lang::En) => "seasonal fair",
            (Self::SeasonalFair, Lang::Fa) => "بازارچه فصلی",
            (Self::ConsignmentShop, Lang::En) => "consignment shop",
            (Self::ConsignmentShop, Lang::Fa) => "فروشگاه امانی",
            (Self::OnlineMarketplace, Lang::En) => "online marketplace",
            (Self::OnlineMarketplace, Lang::Fa) => "فروشگاه اینترنتی",
            (Self::InstitutionalBuyer, Lang::En) => "institutional buyer",
            (Self::InstitutionalBuyer, Lang::Fa) => "خریدار سازمانی",
            (Self::Wholesaler, Lang::En) => "wholesaler",
            (Self::Wholesaler, Lang::Fa) => "عمده‌فروش",
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for ChannelKind {
    type Err = Error;

    /// Accepts the snake-case codes.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or(Error::Parse {
                what: "channel kind",
                reason: "expected permanent_exhibition, seasonal_fair, consignment_shop, \
                     online_marketplace, institutional_buyer or wholesaler",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in ChannelKind::ALL {
            assert_eq!(kind.code().parse::<ChannelKind>().unwrap(), kind);
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
        assert!("bazaar".parse::<ChannelKind>().is_err());
    }
}
