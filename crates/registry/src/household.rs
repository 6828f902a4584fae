//! Households: the unit a programme enrols.

use std::fmt;

use serde::{Deserialize, Serialize};

use homebiz_core::id::{HouseholdId, OfficeId};
use homebiz_core::text::search_key;
use homebiz_core::{JalaliDate, Money};

use crate::entity::validated_record;
use crate::error::{RegistryError, Result};
use crate::lifecycle::MembershipState;
use crate::validate;

/// The largest workspace area a household may record, in square metres.
pub const MAX_AREA_M2: u16 = 1000;

/// The reason a household is refused when its baseline survey is more than
/// ten years before its registration (field `baseline_survey_date`): one
/// text, so that front ends that name the field a user edited can tell this
/// refusal apart.
pub const BASELINE_TOO_OLD: &str = "more than ten years before registration";

/// The most a household's baseline monthly income may be, in rials:
/// 100,000,000,000 (10 billion toman a month, a thousand times what
/// households of the programme report). The bound keeps every indicator
/// computable: income change adds the ledger's figures, bounded by the
/// ledger's limits to half of `i64::MAX`, to the baseline.
pub const MAX_BASELINE_INCOME: i64 = 100_000_000_000;

/// Where a household started: its monthly income when surveyed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Net monthly income of the whole household (from 0 to
    /// [`MAX_BASELINE_INCOME`] rials).
    pub monthly_income: Money,
    /// The day of the survey.
    pub survey_date: JalaliDate,
}

impl fmt::Debug for Baseline {
    /// The income is personal data: shown redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Baseline")
            .field("monthly_income", &"<redacted>")
            .field("survey_date", &self.survey_date)
            .finish()
    }
}

/// A support institution that covers a household. Sensitive: stored only
/// with consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SupportProgram {
    /// The Imam Khomeini Relief Committee (کمیته امداد).
    ReliefCommittee,
    /// The Welfare Organization (بهزیستی).
    WelfareOrganization,
    /// Another institution.
    Other,
}

/// The space a household can give to a business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Space {
    /// Usable floor area in square metres (at most 1,000).
    pub area_m2: u16,
    /// Whether a separate room is available (needed for noisy or food work).
    pub separate_room: bool,
}

/// The fields of a [`Household`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdData {
    /// The household's ID.
    pub id: HouseholdId,
    /// A unique code from the office's files, such as `DZ1-0042`.
    pub code: String,
    /// The facilitation office it belongs to.
    pub office: OfficeId,
    /// The neighbourhood or address as written (may be empty).
    pub address: String,
    /// Income at the start, if surveyed.
    pub baseline: Option<Baseline>,
    /// Support institutions that cover it; sensitive (needs consent).
    /// `None` means not recorded.
    pub support: Option<Vec<SupportProgram>>,
    /// Space available for a business.
    pub space: Space,
    /// Where it stands in the programme; changed only by transitions.
    pub membership: MembershipState,
    /// The day it was registered.
    pub registered_on: JalaliDate,
}

impl fmt::Debug for HouseholdData {
    /// Shows the record's identity and state; the address, income and
    /// support coverage are personal data and are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Household")
            .field("id", &self.id)
            .field("code", &self.code)
            .field("office", &self.office)
            .field("membership", &self.membership)
            .finish_non_exhaustive()
    }
}

impl HouseholdData {
    fn validate(&self) -> Result<()> {
        validate::code("code", &self.code)?;
        if self.address.chars().count() > 500 {
            return Err(RegistryError::invalid(
                "address",
                "longer than 500 characters",
            ));
        }
        if let Some(baseline) = &self.baseline {
            if baseline.monthly_income.is_negative() {
                return Err(RegistryError::invalid(
                    "baseline_income",
                    "must not be negative",
                ));
            }
            if baseline.monthly_income.minor_units() > MAX_BASELINE_INCOME {
                return Err(RegistryError::invalid(
                    "baseline_income",
                    format!(
                        "above the limit of {} a month",
                        homebiz_core::Money::rial(MAX_BASELINE_INCOME)
                            .format(&homebiz_core::MoneyFormat::default())
                    ),
                ));
            }
            if baseline.survey_date < self.registered_on.add_days(-3650)? {
                return Err(RegistryError::invalid(
                    "baseline_survey_date",
                    BASELINE_TOO_OLD,
                ));
            }
        }
        if let Some(support) = &self.support {
            let mut sorted = support.clone();
            sorted.sort();
            sorted.dedup();
            if sorted.len() != support.len() {
                return Err(RegistryError::invalid(
                    "support",
                    "lists the same institution twice",
                ));
            }
        }
        if self.space.area_m2 > MAX_AREA_M2 {
            return Err(RegistryError::invalid(
                "space_m2",
                "more than 1000 square metres",
            ));
        }
        Ok(())
    }
}

validated_record! {
    /// A household registered with a facilitation office.
    Household(HouseholdData)
}

impl Household {
    /// The ID.
    pub fn id(&self) -> HouseholdId {
        self.0.id
    }

    /// The unique code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The office.
    pub fn office(&self) -> OfficeId {
        self.0.office
    }

    /// The [`search_key`] of the address: what a search by address
    /// ([`HouseholdSearch::Address`](crate::store::HouseholdSearch::Address))
    /// looks in.
    pub fn address_key(&self) -> String {
        search_key(&self.0.address)
    }

    /// The programme membership state.
    pub fn membership(&self) -> &MembershipState {
        &self.0.membership
    }

    /// The baseline, if surveyed.
    pub fn baseline(&self) -> Option<&Baseline> {
        self.0.baseline.as_ref()
    }

    pub(crate) fn set_membership(&mut self, state: MembershipState) {
        self.0.membership = state;
    }
}
