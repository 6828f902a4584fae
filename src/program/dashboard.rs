//! The office dashboard as one use case ([`Program::dashboard`]): what an
//! office's staff see first in the web app.

use serde::Serialize;

use homebiz_core::{JalaliDate, JalaliMonth, JalaliMonthRange, Money};
use homebiz_income::report::{Granularity, GroupBy, Period};
use homebiz_income::store::IncomeStore;
use homebiz_market::store::MarketStore;
use homebiz_registry::{Actor, BusinessState, Lifecycle, MembershipState, RegistryStore};

use super::market::BusinessRef;
use super::{Program, Result, named_opt};

/// How many Jalali months the dashboard's linkage rate and net income
/// cover, ending with this month.
pub const DASHBOARD_MONTHS: u32 = 12;

/// How many households are in one membership state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateCount {
    /// The state's code (`applied`, `enrolled`, `active`, …).
    pub state: &'static str,
    /// How many households are in it.
    pub households: usize,
}

/// The programme's net income in one Jalali month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthNet {
    /// The month.
    pub month: JalaliMonth,
    /// Revenue less commission, costs and fees.
    pub net: Money,
}

/// The office dashboard: households by membership state, businesses, the
/// linkage rate with the unlinked businesses, and net income by month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// The office asked for, by code; `None`: every office the actor sees.
    pub office: Option<String>,
    /// Today, in Iran.
    pub today: JalaliDate,
    /// Households by membership state, in lifecycle order (every state,
    /// zero counts included).
    pub households: Vec<StateCount>,
    /// Every business.
    pub businesses: usize,
    /// The businesses in the `active` state.
    pub active_businesses: usize,
    /// Businesses that had a channel in the window of
    /// [`DASHBOARD_MONTHS`] months ending this month.
    pub linked: usize,
    /// `linked` over `businesses` (0 when there are none).
    pub linkage_rate: f64,
    /// The businesses with no channel in that window (the missing link).
    pub unlinked: Vec<BusinessRef>,
    /// Net income per month over the same window, oldest first.
    pub net_by_month: Vec<MonthNet>,
}

/// The membership states in lifecycle order, by code.
const STATES: [&str; 6] = [
    "applied",
    "enrolled",
    "active",
    "paused",
    "graduated",
    "exited",
];

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// The dashboard of office `office` (a code) and the offices below it,
    /// or of every office the actor sees with `None`; an office outside
    /// the actor's scope is not found. Linkage and net income cover the
    /// [`DASHBOARD_MONTHS`] Jalali months ending with today's.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let dashboard = program.dashboard(&admin, None)?;
    /// assert_eq!(dashboard.households.iter().map(|s| s.households).sum::<usize>(), 0);
    /// assert_eq!(dashboard.net_by_month.len(), 12);
    /// assert!(program.dashboard(&admin, Some("NOPE")).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dashboard(&self, actor: &Actor, office: Option<&str>) -> Result<Dashboard> {
        let today = self.today()?;
        let found = self.registry().read(actor, |r| {
            let mut households = Vec::new();
            let mut businesses = Vec::new();
            for root in crate::compose::roots(r, office)? {
                households.extend(r.households(root.id())?);
                businesses.extend(r.businesses(root.id())?);
            }
            Ok((households, businesses))
        });
        let (households, businesses) = named_opt("office", office, found)?;
        let counts = STATES
            .iter()
            .map(|state| StateCount {
                state,
                households: households
                    .iter()
                    .filter(|h| membership_code(h.membership()) == *state)
                    .count(),
            })
            .collect();
        let active_businesses = businesses
            .iter()
            .filter(|b| matches!(b.state(), BusinessState::Active))
            .count();
        let linkage = self.linkage(actor, office, today, DASHBOARD_MONTHS)?;
        let (mut linked, mut unlinked) = (0, Vec::new());
        for row in linkage.offices {
            linked += row.linked;
            unlinked.extend(row.unlinked);
        }
        let this_month = JalaliMonth::new(today.year(), today.month())?;
        let window = JalaliMonthRange::ending_with(this_month, DASHBOARD_MONTHS)?;
        let report =
            self.income_report(actor, office, window, GroupBy::Month, Granularity::Month)?;
        let net_by_month = window
            .iter()
            .map(|month| {
                let net = report
                    .rows
                    .iter()
                    .filter(|row| row.period == Period::Month(month))
                    .try_fold(Money::zero(report.total.net.currency()), |sum, row| {
                        sum.checked_add(row.net)
                    })?;
                Ok(MonthNet { month, net })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Dashboard {
            office: office.map(|o| o.trim().to_owned()),
            today,
            households: counts,
            businesses: businesses.len(),
            active_businesses,
            linked,
            linkage_rate: if businesses.is_empty() {
                0.0
            } else {
                linked as f64 / businesses.len() as f64
            },
            unlinked,
            net_by_month,
        })
    }
}

/// The code of a membership state.
fn membership_code(state: &MembershipState) -> &'static str {
    state.name()
}
