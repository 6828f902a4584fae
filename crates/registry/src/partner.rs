//! Partner organisations: trainers, lenders, support institutions, buyers.

use serde::{Deserialize, Serialize};

use homebiz_core::id::{OfficeId, PartnerId};
use homebiz_core::text::Lang;

use crate::entity::validated_record;
use crate::error::Result;
use crate::validate;

/// What a partner does for the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PartnerKind {
    /// Trains people (Jihad Daneshgahi, the vocational training organisation).
    Trainer,
    /// Lends money (the Omid Entrepreneurship Fund, a bank).
    Lender,
    /// Supports households (the Relief Committee, the Welfare Organization).
    SupportInstitution,
    /// Buys products (a shop, a wholesaler, an institution).
    Buyer,
}

impl PartnerKind {
    /// The name for people in `lang`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Trainer, Lang::En) => "trainer",
            (Self::Trainer, Lang::Fa) => "آموزش‌دهنده",
            (Self::Lender, Lang::En) => "lender",
            (Self::Lender, Lang::Fa) => "وام‌دهنده",
            (Self::SupportInstitution, Lang::En) => "support institution",
            (Self::SupportInstitution, Lang::Fa) => "نهاد حمایتی",
            (Self::Buyer, Lang::En) => "buyer",
            (Self::Buyer, Lang::Fa) => "خریدار",
        }
    }
}

/// The fields of a [`Partner`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerData {
    /// The partner's ID.
    pub id: PartnerId,
    /// A unique code.
    pub code: String,
    /// The name as written.
    pub name: String,
    /// What it does.
    pub kind: PartnerKind,
    /// The office it works with, or `None` for the whole registry.
    pub office: Option<OfficeId>,
}

impl PartnerData {
    fn validate(&self) -> Result<()> {
        validate::code("code", &self.code)?;
        validate::text("name", &self.name, 200)
    }
}

validated_record! {
    /// A partner organisation.
    Partner(PartnerData)
}

impl Partner {
    /// The ID.
    pub fn id(&self) -> PartnerId {
        self.0.id
    }

    /// The unique code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The office it works with, if limited to one.
    pub fn office(&self) -> Option<OfficeId> {
        self.0.office
    }
}
