//! Listing the market and the ledger for people: exhibitions, applications
//! (by exhibition and state, with each business's code and category),
//! buyer orders, producers' offers, partners, and a business's ledger
//! statement. Records that name a business are listed only when the
//! business lies in the acting user's offices.

use std::collections::HashMap;

use super::CodeRef;
use homebiz_core::JalaliDate;
use homebiz_core::Money;
use homebiz_core::category::Category;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, EntryId, ExhibitionId, OfficeId,
};
use homebiz_income::entry::{Body, Totals};
use homebiz_income::store::IncomeStore;
use homebiz_market::application::ApplicationState;
use homebiz_market::orders::Order;
use homebiz_market::store::MarketStore;

use homebiz_registry::{Actor, Partner, Reader, RegistryStore};
use serde::Serialize;

use super::{Program, Result};

/// An exhibition, for a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExhibitionRow {
    /// Its ID.
    pub id: ExhibitionId,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its channel, by code with its ID beside.
    pub channel: CodeRef<ChannelId>,
    /// How many booths it has.
    pub booths: usize,
    /// How many booth-weeks a business may hold in a month.
    pub monthly_cap: u8,
}

/// An application, for a list: the business by code, with its office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationRow {
    /// The application's ID (what `application approve` takes).
    pub id: ApplicationId,
    /// The exhibition's code.
    pub exhibition: String,
    /// The exhibition's ID.
    pub exhibition_id: ExhibitionId,
    /// The business's code.
    pub business: String,
    /// The business's ID.
    pub business_id: BusinessId,
    /// The business's office code.
    pub office: String,
    /// The business's office ID.
    pub office_id: OfficeId,
    /// The business's activity code.
    pub activity: String,
    /// The category it applies in.
    pub category: Category,
    /// Where it stands.
    pub state: ApplicationState,
    /// The reason of its last decision, if any.
    pub reason: Option<String>,
    /// Booth-weeks wanted.
    pub weeks_wanted: u8,
    /// The day it applied.
    pub applied_on: JalaliDate,
    /// Who applied, if known.
    pub by: Option<ActorId>,
    /// Who applied, by login code, when the actor is a configured user
    /// (`by` holds the ID).
    pub by_user: Option<String>,
}

/// A buyer order, for a list: the order's fields, with who added it by
/// login code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderRow {
    /// The order (its fields, `by` among them, at the top level in JSON).
    #[serde(flatten)]
    pub order: Order,
    /// Who added it, by login code, when the actor is a configured user
    /// (the order's `by` holds the ID).
    pub by_user: Option<String>,
}

/// A producer's offer, with the business by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferRow {
    /// The business's code.
    pub business: String,
    /// The business's ID.
    pub business_id: BusinessId,
    /// The business's office code.
    pub office: String,
    /// The business's office ID.
    pub office_id: OfficeId,
    /// The business's own activity code.
    pub business_activity: String,
    /// The category offered.
    pub category: Category,
    /// The activity, if the offer names one.
    pub activity: Option<String>,
    /// Units it can supply.
    pub capacity: u32,
    /// Price per unit.
    pub unit_price: Money,
    /// Days it needs to deliver.
    pub lead_days: u16,
    /// Who stored it, if known.
    pub by: Option<ActorId>,
    /// Who stored it, by login code, when the actor is a configured user
    /// (`by` holds the ID).
    pub by_user: Option<String>,
}

/// One line of a business's ledger statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    /// The entry's place in the ledger.
    pub seq: u64,
    /// The entry's ID.
    pub entry: EntryId,
    /// The user's own key of the entry (an import's `id`, a `--id`), if
    /// it has one.
    pub key: Option<String>,
    /// Who recorded it, if known.
    pub by: Option<ActorId>,
    /// Who recorded it, by login code, when the actor is a configured
    /// user (`by` holds the ID).
    pub by_user: Option<String>,
    /// The day written on the entry (a reversal: the day of the correction).
    pub on: JalaliDate,
    /// The day it counts on in every report, which places it in the
    /// statement and its running totals: the entry's own day, or for a
    /// reversal the day of the entry it cancels
    /// ([`Recorded::counts_on`](homebiz_income::entry::Recorded::counts_on)).
    /// The running net of the last line on or before a period's last day
    /// is the income report's net from the business's first entry to that
    /// day.
    pub counts_on: JalaliDate,
    /// What it records: `sale`, `cost`, `fee`, `loan_disbursement`,
    /// `loan_repayment` or `reversal`.
    pub kind: &'static str,
    /// The channel's code, if any.
    pub channel: Option<String>,
    /// The channel's ID, if any.
    pub channel_id: Option<ChannelId>,
    /// The entry this one reverses, for a reversal.
    pub reverses: Option<EntryId>,
    /// The reversal that cancels this entry, if any.
    pub reversed_by: Option<EntryId>,
    /// What it adds to the totals.
    pub effect: Totals,
    /// What it adds to the net income.
    pub net: Money,
    /// The totals up to and including this line.
    pub running: Totals,
    /// The net income up to and including this line.
    pub running_net: Money,
}

/// A business's ledger statement: its entries in the order of the days
/// they count on in reports (then in recording order), reversals included
/// (on the day of the entry each cancels), with running totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The business's code.
    pub business: String,
    /// The business's ID.
    pub business_id: BusinessId,
    /// The lines.
    pub lines: Vec<StatementLine>,
    /// The totals of all lines.
    pub totals: Totals,
}

/// The visible offices' codes by ID.
pub(super) fn office_codes(r: &Reader<'_>) -> homebiz_registry::Result<HashMap<OfficeId, String>> {
    Ok(r.offices()?
        .into_iter()
        .map(|o| (o.id(), o.code().to_owned()))
        .collect())
}

/// The channels' codes by ID.
pub(super) fn channel_codes<M: MarketStore>(
    market: &homebiz_market::Market<M>,
) -> homebiz_market::Result<HashMap<ChannelId, String>> {
    market.read(|m| {
        Ok(m.channels()?
            .into_iter()
            .map(|c| (c.id(), c.code().to_owned()))
            .collect())
    })
}

/// A business the actor sees, as lists name it.
pub(super) struct Visible {
    /// Its code.
    pub(super) code: String,
    /// Its office's code.
    pub(super) office: String,
    /// Its office's ID.
    pub(super) office_id: OfficeId,
    /// Its activity code.
    pub(super) activity: String,
}

/// The visible businesses by ID.
pub(super) fn visible_businesses(
    r: &Reader<'_>,
) -> homebiz_registry::Result<HashMap<BusinessId, Visible>> {
    let offices = office_codes(r)?;
    let mut out = HashMap::new();
    for (&id, code) in &offices {
        // Each office's own businesses: an office's subtree would repeat
        // those below it.
        for b in r.businesses(id)? {
            if b.office() == id {
                out.insert(
                    b.id(),
                    Visible {
                        code: b.code().to_owned(),
                        office: code.clone(),
                        office_id: id,
                        activity: b.data().activity.clone(),
                    },
                );
            }
        }
    }
    Ok(out)
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// The exhibitions, ordered by code, each with its channel's code.
    /// Exhibitions belong to the whole programme: every actor sees them.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let actor = Actor::unrestricted(ActorId::new());
    /// assert!(program.list_exhibitions(&actor)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_exhibitions(&self, _actor: &Actor) -> Result<Vec<ExhibitionRow>> {
        let channels = channel_codes(self.market())?;
        Ok(self.market().read(|m| {
            let mut rows: Vec<ExhibitionRow> = m
                .exhibitions()?
                .into_iter()
                .map(|e| {
                    let d = e.data();
                    ExhibitionRow {
                        id: d.id,
                        code: d.code.clone(),
                        name: d.name.clone(),
                        channel: CodeRef {
                            code: channels.get(&d.channel).cloned().unwrap_or_default(),
                            id: d.channel,
                        },
                        booths: d.booths.len(),
                        monthly_cap: d.monthly_cap,
                    }
                })
                .collect();
            rows.sort_by(|a, b| a.code.cmp(&b.code));
            Ok(rows)
        })?)
    }

    /// The applications to exhibition `exhibition` (a code), in state
    /// `state` if given, of businesses in the actor's offices; ordered by
    /// the day applied, then by ID.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::market::application::ApplicationState;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// let actor = Actor::unrestricted(ActorId::new());
    /// // An exhibition that does not exist is an error, not an empty list.
    /// assert!(program.list_applications(&actor, "TERMINAL", Some(ApplicationState::Pending)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_applications(
        &self,
        actor: &Actor,
        exhibition: &str,
        state: Option<ApplicationState>,
    ) -> Result<Vec<ApplicationRow>> {
        let exhibition = self.market().exhibition(exhibition)?;
        let applications = self.market().read(|m| m.applications(exhibition.id()))?;
        let businesses = self.registry().read(actor, visible_businesses)?;
        let users = self.user_codes()?;
        let mut rows: Vec<ApplicationRow> = applications
            .into_iter()
            .filter(|a| state.is_none_or(|s| a.state() == s))
            .filter_map(|a| {
                let d = a.data();
                let b = businesses.get(&d.business)?;
                Some(ApplicationRow {
                    id: a.id(),
                    exhibition: exhibition.code().to_owned(),
                    exhibition_id: exhibition.id(),
                    business: b.code.clone(),
                    business_id: d.business,
                    office: b.office.clone(),
                    office_id: b.office_id,
                    activity: b.activity.clone(),
                    category: d.category,
                    state: a.state(),
                    reason: a.reason().map(str::to_owned),
                    weeks_wanted: d.weeks_wanted,
                    applied_on: d.applied_on,
                    by: d.by,
                    by_user: d.by.and_then(|id| users.get(&id).cloned()),
                })
            })
            .collect();
        rows.sort_by_key(|r| (r.applied_on, r.id));
        Ok(rows)
    }

    /// The buyer orders, ordered by code. Orders come from buyers, not from
    /// an office: every actor sees them.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// assert!(program.list_orders(&Actor::unrestricted(ActorId::new()))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_orders(&self, _actor: &Actor) -> Result<Vec<OrderRow>> {
        let mut orders = self.market().read(|m| m.orders())?;
        orders.sort_by(|a, b| a.code().cmp(b.code()));
        let users = self.user_codes()?;
        Ok(orders
            .into_iter()
            .map(|order| OrderRow {
                by_user: order.data().by.and_then(|id| users.get(&id).cloned()),
                order,
            })
            .collect())
    }

    /// The producers' offers of businesses in the actor's offices (or in
    /// office `office`, a code, and those below it), ordered by business
    /// code and category.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// assert!(program.list_offers(&Actor::unrestricted(ActorId::new()), None)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_offers(&self, actor: &Actor, office: Option<&str>) -> Result<Vec<OfferRow>> {
        let businesses = self.registry().read(actor, |r| {
            let mut all = visible_businesses(r)?;
            if let Some(code) = office {
                let root = r.office_by_code(code)?;
                let under: std::collections::HashSet<BusinessId> =
                    r.businesses(root.id())?.iter().map(|b| b.id()).collect();
                all.retain(|id, _| under.contains(id));
            }
            Ok(all)
        });
        let businesses = super::named_opt("office", office, businesses)?;
        let offers = self.market().read(|m| m.offers())?;
        let users = self.user_codes()?;
        let mut rows: Vec<OfferRow> = offers
            .into_iter()
            .filter_map(|o| {
                let b = businesses.get(&o.business)?;
                Some(OfferRow {
                    business: b.code.clone(),
                    business_id: o.business,
                    office: b.office.clone(),
                    office_id: b.office_id,
                    business_activity: b.activity.clone(),
                    category: o.category,
                    activity: o.activity,
                    capacity: o.capacity,
                    unit_price: o.unit_price,
                    lead_days: o.lead_days,
                    by: o.by,
                    by_user: o.by.and_then(|id| users.get(&id).cloned()),
                })
            })
            .collect();
        rows.sort_by(|a, b| (&a.business, a.category).cmp(&(&b.business, b.category)));
        Ok(rows)
    }

    /// The partners the actor sees (those of its offices and those of the
    /// whole programme), ordered by code.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// assert!(program.list_partners(&Actor::unrestricted(ActorId::new()))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_partners(&self, actor: &Actor) -> Result<Vec<Partner>> {
        Ok(self.registry().read(actor, |r| r.partners())?)
    }

    /// The ledger statement of business `business` (a code in the actor's
    /// offices): its entries in the order of the days they count on in
    /// reports (then of recording), reversals as lines of their own on the
    /// day of the entry they cancel (as every report counts them, so the
    /// running net at a period's end is the reports' net up to then), each
    /// with the running totals.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// // A business outside the actor's offices (or none) is not found.
    /// assert!(program.statement(&Actor::unrestricted(ActorId::new()), "DZS-1-B1").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn statement(&self, actor: &Actor, business: &str) -> Result<Statement> {
        let found = super::named(
            "business",
            business,
            self.registry()
                .read(actor, |r| r.business_by_code(business.trim())),
        )?;
        let mut entries = self.ledger().entries(found.id())?;
        let channels = channel_codes(self.market())?;
        let users = self.user_codes()?;
        let reversed_by: HashMap<EntryId, EntryId> = entries
            .iter()
            .filter_map(|r| match &r.entry.body {
                Body::Reversal { of, .. } => Some((*of, r.entry.id)),
                _ => None,
            })
            .collect();
        // The day a report counts an entry on decides its place, so the
        // running totals agree with the reports.
        entries.sort_by_key(|r| (r.counts_on, r.seq));
        let mut running = Totals::default();
        let mut lines = Vec::with_capacity(entries.len());
        for r in entries {
            running = running.checked_add(&r.effect)?;
            lines.push(StatementLine {
                seq: r.seq,
                entry: r.entry.id,
                key: r.entry.key.clone(),
                by: r.by,
                by_user: r.by.and_then(|a| users.get(&a).cloned()),
                on: r.entry.body.on(),
                counts_on: r.counts_on,
                kind: r.entry.body.kind(),
                channel: r.channel.and_then(|c| channels.get(&c).cloned()),
                channel_id: r.channel,
                reverses: match &r.entry.body {
                    Body::Reversal { of, .. } => Some(*of),
                    _ => None,
                },
                reversed_by: reversed_by.get(&r.entry.id).copied(),
                net: r.effect.net()?,
                effect: r.effect,
                running_net: running.net()?,
                running,
            });
        }
        Ok(Statement {
            business: found.code().to_owned(),
            business_id: found.id(),
            lines,
            totals: running,
        })
    }
}
