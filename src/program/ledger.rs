//! The ledger's use cases: record a sale, import sales, reverse an entry,
//! add and show a loan, the income report and the household indicators.
//!
//! Each takes the acting user and what a person types (business and
//! channel codes, the user's own entry key, dates and amounts) and returns
//! typed results. The actor's scope holds through the business's office: a
//! business outside it, and every entry or loan of such a business, is
//! "not found", exactly as one that does not exist; reports and indicators
//! cover only the actor's offices. Every write records the actor
//! ([`Recorded::by`], [`LoanData::by`]).
//!
//! ```
//! use std::sync::Arc;
//! use homebiz::core::{FixedClock, JalaliDate, Money, id::ActorId};
//! use homebiz::program::{Program, ProgramError};
//! use homebiz::program::ledger::NewSale;
//! use homebiz::registry::Actor;
//!
//! let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
//! let clerk = Actor::unrestricted(ActorId::new());
//! let sale = NewSale {
//!     business: "NOPE",
//!     channel: None,
//!     on: JalaliDate::new(1404, 3, 1)?,
//!     quantity: 1,
//!     unit_price: Money::rial(10_000),
//!     commission: Money::rial(0),
//!     key: Some("S-1"),
//! };
//! let err = program.record_sale(&clerk, &sale).unwrap_err();
//! assert_eq!(err.to_string(), "business NOPE not found");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io;

use homebiz_core::id::{BusinessId, ChannelId, ConsignmentId, EntryId, HouseholdId, LoanId};
use homebiz_core::id::{OfficeId, TypedId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::validate::DateKind;
use homebiz_core::{JalaliDate, JalaliMonthRange, Money};
use homebiz_income::IncomeError;
use homebiz_income::entry::{Body, Entry, Recorded};
use homebiz_income::indicators::{GraduationRule, SustainedRule};
use homebiz_income::loan::{Loan, LoanData, LoanStatus, Schedule};
use homebiz_income::report::{Granularity, GroupBy, Key, Period, Report, income_report_for};
use homebiz_income::store::IncomeStore;
use homebiz_market::MarketError;
use homebiz_market::store::MarketStore;
use homebiz_registry::{Actor, Business, RegistryError, RegistryStore, Scope};
use serde::Serialize;

use super::{Program, ProgramError, Result, business_by_key, named, named_opt};
use crate::compose::{
    HouseholdIndicators, household_indicators, income_dims, roots, settlement_entry,
};
use crate::import::ImportError;
use crate::sales::{Committed, SalesOptions, SalesReport, import_sales_by};

/// A sale as a person records it: the business and channel by code (or
/// ID), and the user's own key for the entry, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSale<'a> {
    /// The business's code (or ID).
    pub business: &'a str,
    /// The channel's code (or ID), if it sold through one.
    pub channel: Option<&'a str>,
    /// The day.
    pub on: JalaliDate,
    /// Units sold.
    pub quantity: u32,
    /// Price per unit.
    pub unit_price: Money,
    /// The channel's commission.
    pub commission: Money,
    /// The entry's key: a UUID, or any text (the same key for the same
    /// business is the same entry; another business may use it for its
    /// own). `None`: a new ID.
    pub key: Option<&'a str>,
}

/// An entry as recorded, with its business's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedEntry {
    /// The entry as the ledger keeps it (who recorded it included).
    #[serde(flatten)]
    pub recorded: Recorded,
    /// The business's code.
    pub business_code: String,
    /// The business's ID.
    pub business_id: BusinessId,
    /// The channel's code, if it went through one.
    pub channel_code: Option<String>,
    /// The channel's ID, if it went through one.
    pub channel_id: Option<ChannelId>,
    /// Who recorded it, by login code, when the actor is a configured
    /// user (`by` holds the ID).
    pub by_user: Option<String>,
}

/// An entry reversed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reversed {
    /// The entry cancelled, as the user named it (its key, else its ID).
    pub entry: String,
    /// Its ID.
    pub entry_id: EntryId,
    /// The reversal, as recorded (who recorded it included).
    pub reversal: Recorded,
    /// Who recorded the reversal, by login code, when the actor is a
    /// configured user (the reversal's `by` holds the ID).
    pub by_user: Option<String>,
    /// The business whose entry it cancels, by code with the ID beside.
    pub business: super::BusinessRef,
    /// The channel of the cancelled entry, if any, by code with the ID
    /// beside.
    pub channel: Option<super::CodeRef<ChannelId>>,
}

impl Reversed {
    /// The reversal as JSON: its business and channel named by code with
    /// the ID beside, at the top and in the recorded reversal, as `entry
    /// reverse --json` writes it.
    #[must_use]
    pub fn json(&self) -> super::Referenced<'_, Self> {
        let json = super::Referenced::new(self).with("reversal.business", &self.business);
        match &self.channel {
            Some(channel) => json.with("reversal.channel", channel),
            None => json,
        }
    }
}

/// A loan's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoanTerms {
    /// The principal.
    pub principal: Money,
    /// The annual rate, from 0 to below 1 (0.04 is 4%).
    pub annual_rate: Decimal,
    /// Instalments (months).
    pub term_months: u16,
    /// Months before the first instalment's month.
    pub grace_months: u16,
    /// The day of disbursement (`None`: today).
    pub disbursed_on: Option<JalaliDate>,
}

impl LoanTerms {
    /// The instalment schedule of a loan on these terms paid out on
    /// `disbursed_on` (or `today`), without keeping anything.
    pub fn schedule(&self, today: JalaliDate) -> Result<Schedule> {
        Ok(self
            .loan(
                LoanId::from_key("schedule"),
                BusinessId::from_key("schedule"),
                today,
            )?
            .schedule()?)
    }

    fn loan(&self, id: LoanId, business: BusinessId, today: JalaliDate) -> Result<Loan> {
        Ok(Loan::new(LoanData {
            id,
            business,
            principal: self.principal,
            annual_rate: self.annual_rate,
            term_months: self.term_months,
            grace_months: self.grace_months,
            disbursed_on: self.disbursed_on.unwrap_or(today),
            by: None,
            key: None,
        })?)
    }
}

/// A loan to add: to a business by code, under the user's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewLoan<'a> {
    /// The borrowing business's code (or ID).
    pub business: &'a str,
    /// The loan's key: a UUID, or any text (the same key for the same
    /// business is the same loan; another business may use it for its
    /// own, [`Loan::key_id`]). `None`: a new ID.
    pub key: Option<&'a str>,
    /// Its terms.
    pub terms: LoanTerms,
}

/// A loan with its business's code, its schedule and where it stands. Its
/// JSON names the business by code with the ID beside, at the top and in
/// the loan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanView {
    /// The loan as the user named it (its key, else its ID).
    pub name: String,
    /// The loan (who added it included).
    pub loan: Loan,
    /// The business's code.
    pub business: String,
    /// Who added the loan, by login code, when the actor is a configured
    /// user (the loan's `by` holds the ID).
    pub by_user: Option<String>,
    /// The instalment schedule.
    pub schedule: Schedule,
    /// Where it stands.
    pub status: LoanStatus,
}

impl Serialize for LoanView {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let business = super::CodeRef {
            code: self.business.clone(),
            id: self.loan.data().business,
        };
        super::views::serialize_fields(
            serializer,
            &[
                ("name", &self.name),
                (
                    "loan",
                    &super::Referenced::new(&self.loan).with("business", &business),
                ),
                ("business", &business),
                ("by_user", &self.by_user),
                ("schedule", &self.schedule),
                ("status", &self.status),
            ],
        )
    }
}

/// What a report row is about, named by code with the ID beside.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ReportKey {
    /// The whole scope (grouping by month).
    All,
    /// A business (`code: None`: one the registry does not know).
    Business {
        /// Its code.
        code: Option<String>,
        /// Its ID.
        id: BusinessId,
    },
    /// A household.
    Household {
        /// Its code.
        code: Option<String>,
        /// Its ID.
        id: HouseholdId,
    },
    /// An office.
    Office {
        /// Its code.
        code: Option<String>,
        /// Its ID.
        id: OfficeId,
    },
    /// An activity, by its catalog code.
    Activity {
        /// Its code.
        code: String,
    },
    /// A channel.
    Channel {
        /// Its code.
        code: Option<String>,
        /// Its ID.
        id: ChannelId,
    },
    /// Sales and costs through no channel.
    NoChannel,
    /// Money of a business the registry does not place.
    Unknown,
}

/// One row of an [`IncomeReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportLine {
    /// What it is about.
    pub key: ReportKey,
    /// When.
    pub period: Period,
    /// Sales, gross.
    pub revenue: Money,
    /// Commission on sales.
    pub commission: Money,
    /// Costs.
    pub costs: Money,
    /// Fees.
    pub fees: Money,
    /// Revenue − commission − costs − fees.
    pub net: Money,
}

/// An income report for people: [`Report`] with its keys named by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncomeReport {
    /// The office asked for (`None`: all the actor's offices).
    pub office: Option<String>,
    /// The months it covers.
    pub period: JalaliMonthRange,
    /// What the rows are.
    pub by: GroupBy,
    /// How long the periods are.
    pub per: Granularity,
    /// The rows, by period and then key.
    pub rows: Vec<ReportLine>,
    /// All rows together, over the whole period.
    pub total: ReportLine,
}

/// The indicators of an office's households, with the windows they
/// looked at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    /// The months of income looked at.
    pub months: JalaliMonthRange,
    /// The first day of the linkage window.
    pub linkage_from: JalaliDate,
    /// The last day of the linkage window.
    pub linkage_until: JalaliDate,
    /// One row per household with a business.
    pub households: Vec<HouseholdIndicators>,
}

/// How the ledger's refusal of an entry reads after "entry KEY".
pub(crate) struct EntryProblem<'a>(pub(crate) &'a IncomeError);

impl fmt::Display for EntryProblem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IncomeError::Conflict { field, .. } => {
                write!(f, " was recorded with a different {field}")
            }
            IncomeError::NotReversible { reason, .. } => {
                write!(f, " cannot be reversed: {reason}")
            }
            IncomeError::NotFound { what: "entry", .. } => f.write_str(" not found"),
            other => write!(f, ": {other}"),
        }
    }
}

/// `e` with the entry named by the user's `key`, not the ID derived from
/// it.
fn name_entry(key: &str, e: ProgramError) -> ProgramError {
    let key = key.trim().to_owned();
    match e {
        ProgramError::Income(IncomeError::NotFound { what: "entry", .. }) => {
            ProgramError::not_found("entry", key)
        }
        ProgramError::Income(error) => ProgramError::Entry { key, error },
        other => other,
    }
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// The business with `code` (or ID) in the actor's offices.
    pub(crate) fn business_named(&self, actor: &Actor, code: &str) -> Result<Business> {
        let code = code.trim();
        named(
            "business",
            code,
            self.registry.read(actor, |r| business_by_key(r, code)),
        )
    }

    /// The channel with `code` (or ID).
    fn channel_named(&self, code: &str) -> Result<ChannelId> {
        let code = code.trim();
        let not_found = || ProgramError::not_found("channel", code);
        if let Ok(id) = code.parse::<ChannelId>() {
            return match self.market.read(|r| r.channel(id))? {
                Some(c) => Ok(c.id()),
                None => Err(not_found()),
            };
        }
        match self.market.channel(code) {
            Ok(c) => Ok(c.id()),
            Err(MarketError::NotFound { .. }) => Err(not_found()),
            Err(other) => Err(other.into()),
        }
    }

    /// The businesses of `office` (a code in the actor's scope) and the
    /// offices below it, or of all the actor's offices with `None`.
    fn businesses_named(&self, actor: &Actor, office: Option<&str>) -> Result<Vec<Business>> {
        let found = self.registry.read(actor, |r| {
            let mut all = Vec::new();
            for root in roots(r, office)? {
                all.extend(r.businesses(root.id())?);
            }
            Ok(all)
        });
        named_opt("office", office, found)
    }

    /// Records one sale, as a person gives it: the business (in the
    /// actor's offices) and channel by code, the user's own key for the
    /// entry, which belongs to the business ([`Entry::keyed`]). The same
    /// key for the same business with the same sale adds nothing; with
    /// another sale, it is refused, naming the key and the field that
    /// differs. Records
    /// the actor as who recorded it.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, JalaliDate, Money, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::program::ledger::NewSale;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let clerk = Actor::unrestricted(ActorId::new());
    /// let sale = NewSale {
    ///     business: "B-1", channel: Some("BAZAR"), on: JalaliDate::new(1404, 3, 1)?,
    ///     quantity: 2, unit_price: Money::rial(50_000), commission: Money::rial(0),
    ///     key: Some("S-1"),
    /// };
    /// // No such business (or one outside the clerk's offices).
    /// assert_eq!(program.record_sale(&clerk, &sale).unwrap_err().to_string(),
    ///            "business B-1 not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_sale(&self, actor: &Actor, sale: &NewSale<'_>) -> Result<RecordedEntry> {
        let business = self.business_named(actor, sale.business)?;
        let channel = sale.channel.map(|c| self.channel_named(c)).transpose()?;
        let body = Body::Sale {
            business: business.id(),
            channel,
            on: sale.on,
            quantity: sale.quantity,
            unit_price: sale.unit_price,
            commission: sale.commission,
        };
        let entry = match sale.key {
            Some(key) => Entry::keyed(key, body),
            None => Entry {
                key: None,
                id: EntryId::new(),
                body,
            },
        };
        let recorded = self.record(actor, entry).map_err(|e| match sale.key {
            Some(key) => name_entry(key, e),
            None => e,
        })?;
        let channel_code = match recorded.channel {
            Some(id) => self
                .market
                .read(|r| r.channel(id))?
                .map(|c| c.code().to_owned()),
            None => None,
        };
        Ok(RecordedEntry {
            by_user: self.user_code(recorded.by)?,
            channel_id: recorded.channel,
            recorded,
            business_code: business.code().to_owned(),
            business_id: business.id(),
            channel_code,
        })
    }

    /// Records `entry` in the ledger (see [`Program::record_batch`]).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, JalaliDate, Money, id::{ActorId, BusinessId, EntryId}};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::income::entry::{Body, Entry};
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let entry = Entry { key: None, id: EntryId::new(), body: Body::Fee {
    ///     business: BusinessId::new(), channel: None, on: JalaliDate::new(1404, 3, 1)?,
    ///     amount: Money::rial(1_000) } };
    /// // The registry does not know the business: nothing is recorded.
    /// assert!(program.record(&Actor::unrestricted(ActorId::new()), entry).is_err());
    /// assert_eq!(program.ledger().read(|r| r.len())?, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(&self, actor: &Actor, entry: Entry) -> Result<Recorded> {
        self.record_batch(actor, std::slice::from_ref(&entry))?
            .pop()
            .ok_or_else(|| IncomeError::invalid("entry", "nothing was recorded").into())
    }

    /// Records `entries` in the ledger in one transaction, all or none
    /// ([`Ledger::record_batch_by`](homebiz_income::Ledger::record_batch_by)),
    /// by the actor, after checking that every business they name (for a
    /// reversal: the business of the entry it cancels) is one of the
    /// actor's offices' and that the market knows every channel: money the
    /// ledger accepted always has a known owner, and an office records
    /// only its own. (The ledger alone cannot check this: it knows neither
    /// domain.) Every entry's day must be plausible against the
    /// programme's today ([`DateKind::Sale`]: at most 30 years back and a
    /// year ahead).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// assert!(program.record_batch(&Actor::unrestricted(ActorId::new()), &[])?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_batch(&self, actor: &Actor, entries: &[Entry]) -> Result<Vec<Recorded>> {
        let today = self.today()?;
        for entry in entries {
            homebiz_core::validate::date(DateKind::Sale, entry.body.on(), today)
                .map_err(|reason| IncomeError::invalid("date", reason))?;
        }
        let reversed: Vec<EntryId> = entries
            .iter()
            .filter_map(|e| match e.body {
                Body::Reversal { of, .. } => Some(of),
                _ => None,
            })
            .collect();
        let mut businesses: Vec<BusinessId> =
            entries.iter().filter_map(|e| e.body.business()).collect();
        // A reversal falls on its entry's business (an entry that does not
        // exist is the ledger's to refuse).
        businesses.extend(self.ledger.read(|r| {
            let mut of = Vec::new();
            for id in &reversed {
                if let Some(target) = r.entry(*id)? {
                    of.push(target.business);
                }
            }
            Ok(of)
        })?);
        businesses.sort();
        businesses.dedup();
        let mut channels: Vec<ChannelId> =
            entries.iter().filter_map(|e| e.body.channel()).collect();
        channels.sort();
        channels.dedup();
        self.registry.read(actor, |r| {
            for id in &businesses {
                r.business(*id)?;
            }
            Ok(())
        })?;
        self.market.read(|r| {
            for id in &channels {
                if r.channel(*id)?.is_none() {
                    return Err(MarketError::not_found("channel", id));
                }
            }
            Ok(())
        })?;
        Ok(self.ledger.record_batch_by(entries, Some(actor.id))?)
    }

    /// Records a settled consignment's sale in the ledger (once, however
    /// often called), through [`Program::record`]: the registry must show
    /// its business to the actor. `None` if it is not settled or nothing
    /// sold.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::{ActorId, ConsignmentId}};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// // No such consignment.
    /// assert!(program.record_settlement(&Actor::unrestricted(ActorId::new()), ConsignmentId::new()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_settlement(
        &self,
        actor: &Actor,
        consignment: ConsignmentId,
    ) -> Result<Option<Recorded>> {
        let c = self
            .market
            .read(|r| r.consignment(consignment))?
            .ok_or_else(|| MarketError::not_found("consignment", consignment))?;
        match settlement_entry(&c)? {
            Some(entry) => Ok(Some(self.record(actor, entry)?)),
            None => Ok(None),
        }
    }

    /// Imports the sales CSV that `open` opens (named `file` in messages;
    /// see [`crate::sales`] for the columns and the two passes), by the
    /// actor: a row's `business` must be a code of the actor's offices
    /// (another office's is "business CODE not found", as one that
    /// does not exist), its `channel` a market channel's code, its date
    /// plausible today. `committed` is called after each batch commits.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::sales::SalesOptions;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let csv = "id,business,date,quantity,unit_price\nS-1,B-1,1404-03-01,1,1000\n";
    /// let err = program
    ///     .import_sales(&Actor::unrestricted(ActorId::new()), "sales.csv", || Ok(csv.as_bytes()),
    ///                   &SalesOptions::default(), None, &mut |_| {})
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("business B-1 not found"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_sales<Rd: io::Read>(
        &self,
        actor: &Actor,
        file: &str,
        open: impl Fn() -> io::Result<Rd>,
        options: &SalesOptions,
        rejects: Option<&mut dyn io::Write>,
        committed: &mut dyn FnMut(Committed),
    ) -> Result<SalesReport, ImportError> {
        let businesses: HashMap<String, BusinessId> = self.registry.read(actor, |r| {
            let mut codes = HashMap::new();
            for root in roots(r, None)? {
                for b in r.businesses(root.id())? {
                    codes.insert(b.code().to_owned(), b.id());
                }
            }
            Ok(codes)
        })?;
        let channels: HashMap<String, ChannelId> = self
            .market
            .read(|r| r.channels())?
            .into_iter()
            .map(|c| (c.code().to_owned(), c.id()))
            .collect();
        let today = self
            .today()
            .map_err(|e| IncomeError::invalid("today", e.to_string()))?;
        import_sales_by(
            &self.ledger,
            today,
            actor.id,
            file,
            open,
            &|code| businesses.get(code).copied(),
            &|code| channels.get(code).copied(),
            options,
            rejects,
            committed,
        )
    }

    /// The entry the user calls `key` (its ID, or the key it was recorded
    /// under), among the entries of the actor's offices' businesses, or of
    /// `business` alone (a code or ID in the actor's offices) when given.
    ///
    /// A key belongs to its business: two businesses may each have an
    /// entry under the same key. A key that only a business outside the
    /// actor's scope used is "not found", as one never used; a key used by
    /// more than one business the actor can see is
    /// [`ProgramError::Ambiguous`], listing those businesses' codes, until
    /// `business` chooses one. An entry recorded before keys were scoped by
    /// business ([`Entry::legacy_id`]) is found by its key too.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let err = program.entry_named(&Actor::unrestricted(ActorId::new()), "S-9", None).unwrap_err();
    /// assert_eq!(err.to_string(), "entry S-9 not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entry_named(
        &self,
        actor: &Actor,
        key: &str,
        business: Option<&str>,
    ) -> Result<Recorded> {
        let key = key.trim();
        let within = business
            .map(|code| self.business_named(actor, code))
            .transpose()?;
        let found: Vec<Recorded> = match key.parse::<EntryId>() {
            Ok(id) => self.ledger.read(|r| r.entry(id))?.into_iter().collect(),
            // By the store's index of keys: the few entries under this key,
            // whatever the number of businesses the actor can see.
            Err(_) => self.ledger.read(|r| {
                let mut found = r.entries_keyed(key)?;
                // Recorded before keys were kept: no key stored, the ID
                // from the key alone.
                if let Some(e) = r.entry(EntryId::from_key(key))?
                    && e.entry.key.is_none()
                {
                    found.push(e);
                }
                Ok(found)
            })?,
        };
        // A reversal is the business's whose entry it cancels (`business`).
        let found = found.into_iter().map(|e| (e.business, e)).collect();
        Ok(self
            .one_in_scope(actor, "entry", key, within.as_ref(), found)?
            .0)
    }

    /// The one of `found` (each with the business it belongs to) that
    /// belongs to `within`, or else to a business the actor can see, with
    /// that business's code: "KIND KEY not found" when none does (a record
    /// of another office is not named), [`ProgramError::Ambiguous`] when
    /// records of more than one do. Asks the registry only about the
    /// businesses of `found`.
    fn one_in_scope<T>(
        &self,
        actor: &Actor,
        kind: &'static str,
        key: &str,
        within: Option<&Business>,
        found: Vec<(BusinessId, T)>,
    ) -> Result<(T, String)> {
        let codes: HashMap<BusinessId, String> = match within {
            Some(b) => HashMap::from([(b.id(), b.code().to_owned())]),
            None => {
                let ids: HashSet<BusinessId> = found.iter().map(|(b, _)| *b).collect();
                self.registry.read(actor, |r| {
                    let mut codes = HashMap::new();
                    for id in ids {
                        match r.business(id) {
                            Ok(b) => {
                                codes.insert(id, b.code().to_owned());
                            }
                            // Outside the actor's offices, or unknown.
                            Err(RegistryError::NotFound { .. }) => {}
                            Err(other) => return Err(other),
                        }
                    }
                    Ok(codes)
                })?
            }
        };
        let mut seen: Vec<(String, T)> = found
            .into_iter()
            .filter_map(|(b, t)| codes.get(&b).map(|code| (code.clone(), t)))
            .collect();
        match seen.len() {
            0 => Err(ProgramError::not_found(kind, key)),
            1 => seen
                .pop()
                .map(|(code, t)| (t, code))
                .ok_or_else(|| ProgramError::not_found(kind, key)),
            _ => {
                let mut businesses: Vec<String> = seen.into_iter().map(|(code, _)| code).collect();
                businesses.sort();
                businesses.dedup();
                Err(ProgramError::Ambiguous {
                    kind,
                    key: key.to_owned(),
                    businesses,
                })
            }
        }
    }

    /// Reverses the entry the user calls `key` (its key or ID) on `on`
    /// (default today), for `reason`, by the actor: the entry stays, and
    /// the reversal cancels it everywhere. The entry is found as
    /// [`Program::entry_named`] finds it among all the actor's businesses:
    /// an entry of a business outside the actor's offices is "not found",
    /// and a key that more than one of the actor's businesses used is
    /// ambiguous (see [`Program::reverse_entry_of`]).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let err = program.reverse_entry(&Actor::unrestricted(ActorId::new()), "S-9", "typo", None).unwrap_err();
    /// assert_eq!(err.to_string(), "entry S-9 not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reverse_entry(
        &self,
        actor: &Actor,
        key: &str,
        reason: &str,
        on: Option<JalaliDate>,
    ) -> Result<Reversed> {
        self.reverse_entry_of(actor, None, key, reason, on)
    }

    /// Reverses the entry the user calls `key` as
    /// [`reverse_entry`](Self::reverse_entry) does, looking for it among
    /// the entries of `business` (a code or ID of the actor's offices)
    /// when given: what chooses between businesses that used one key.
    pub fn reverse_entry_of(
        &self,
        actor: &Actor,
        business: Option<&str>,
        key: &str,
        reason: &str,
        on: Option<JalaliDate>,
    ) -> Result<Reversed> {
        let key = key.trim();
        let target = self.entry_named(actor, key, business)?;
        let id = target.entry.id;
        // Named before anything is written.
        let business = self.business_named(actor, &target.business.to_string())?;
        let channel = match target.channel {
            Some(id) => self
                .market
                .read(|r| r.channel(id))?
                .map(|c| super::CodeRef {
                    code: c.code().to_owned(),
                    id,
                }),
            None => None,
        };
        let on = match on {
            Some(on) => on,
            None => self.today()?,
        };
        let reversal = Entry {
            key: None,
            id: EntryId::new(),
            body: Body::Reversal {
                of: id,
                on,
                reason: reason.to_owned(),
            },
        };
        let reversal = self
            .record(actor, reversal)
            .map_err(|e| name_entry(key, e))?;
        Ok(Reversed {
            entry: target.entry.key.unwrap_or_else(|| key.to_owned()),
            entry_id: id,
            by_user: self.user_code(reversal.by)?,
            reversal,
            business: super::CodeRef {
                code: business.code().to_owned(),
                id: business.id(),
            },
            channel,
        })
    }

    /// The schedule of a loan on `terms`, paid out on their day (default
    /// today), without keeping anything: what a loan would cost.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, Money, id::ActorId};
    /// # use homebiz::core::rust_decimal::Decimal;
    /// # use homebiz::program::Program;
    /// # use homebiz::program::ledger::LoanTerms;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let terms = LoanTerms { principal: Money::rial(12_000_000), annual_rate: Decimal::ZERO,
    ///                         term_months: 12, grace_months: 0, disbursed_on: None };
    /// let s = program.loan_schedule(&Actor::unrestricted(ActorId::new()), &terms)?;
    /// assert_eq!(s.instalments[0].amount, Money::rial(1_000_000));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn loan_schedule(&self, _actor: &Actor, terms: &LoanTerms) -> Result<Schedule> {
        terms.schedule(self.today()?)
    }

    /// Adds a loan to a business of the actor's offices, under the user's
    /// key, which belongs to the business ([`Loan::key_id`]: a key the
    /// business used before, then or before keys were scoped by business,
    /// "exists already"; another business's is no matter), recording the
    /// actor as who added it; its disbursement is
    /// recorded apart, as an entry. Returns it with its schedule and
    /// status today.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, Money, id::ActorId};
    /// # use homebiz::core::rust_decimal::Decimal;
    /// # use homebiz::program::Program;
    /// # use homebiz::program::ledger::{LoanTerms, NewLoan};
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let terms = LoanTerms { principal: Money::rial(12_000_000), annual_rate: Decimal::ZERO,
    ///                         term_months: 12, grace_months: 0, disbursed_on: None };
    /// let loan = NewLoan { business: "B-1", key: Some("L-1"), terms };
    /// let err = program.add_loan(&Actor::unrestricted(ActorId::new()), &loan).unwrap_err();
    /// assert_eq!(err.to_string(), "business B-1 not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_loan(&self, actor: &Actor, loan: &NewLoan<'_>) -> Result<LoanView> {
        let business = self.business_named(actor, loan.business)?;
        let key = loan.key.map(str::trim);
        let (id, name) = match key {
            Some(key) => match key.parse::<LoanId>() {
                Ok(id) => (id, key.to_owned()),
                Err(_) => (Loan::key_id(business.id(), key), key.to_owned()),
            },
            None => {
                let id = LoanId::new();
                (id, id.to_string())
            }
        };
        let exists = self.ledger.read(|r| {
            if r.loan(id)?.is_some() {
                return Ok(true);
            }
            // The same business's loan under this key from before keys were
            // scoped by business (another business's is another loan).
            Ok(match key.filter(|k| k.parse::<LoanId>().is_err()) {
                Some(key) => r
                    .loan(Loan::legacy_id(key))?
                    .is_some_and(|old| old.data().business == business.id()),
                None => false,
            })
        })?;
        if exists {
            return Err(IncomeError::invalid("loan", format!("{name} exists already")).into());
        }
        let today = self.today()?;
        let mut data = loan.terms.loan(id, business.id(), today)?.data().clone();
        // Kept, so that a look-up by key reads the store's index.
        data.key = key
            .filter(|k| k.parse::<LoanId>().is_err())
            .map(str::to_owned);
        homebiz_core::validate::date(DateKind::Sale, data.disbursed_on, today)
            .map_err(|reason| IncomeError::invalid("disbursed on", reason))?;
        let added = self.ledger.add_loan_by(data, Some(actor.id))?;
        self.loan_view(name, added, business.code().to_owned(), today)
    }

    /// The loan the user calls `key` (its key or ID), of a business of the
    /// actor's offices, with its schedule and where it stands on `as_of`
    /// (default today): [`Program::loan_of`] any of the actor's
    /// businesses.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let err = program.loan(&Actor::unrestricted(ActorId::new()), "L-1", None).unwrap_err();
    /// assert_eq!(err.to_string(), "loan L-1 not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn loan(&self, actor: &Actor, key: &str, as_of: Option<JalaliDate>) -> Result<LoanView> {
        self.loan_of(actor, None, key, as_of)
    }

    /// The loan the user calls `key` (its ID, or the key it was added
    /// under) among the loans of the actor's offices' businesses, or of
    /// `business` alone (a code or ID in the actor's offices) when given,
    /// with its schedule and where it stands on `as_of` (default today).
    ///
    /// A key belongs to its business ([`Loan::key_id`]): two businesses may
    /// each have a loan under the same key. A key that only a business
    /// outside the actor's scope used is "not found"; one that more than
    /// one business the actor can see used is [`ProgramError::Ambiguous`]
    /// until `business` chooses. A loan added before keys were scoped by
    /// business ([`Loan::legacy_id`]) is found by its key too. The key is
    /// looked up in the store's index of keys
    /// ([`IncomeRead::loans_keyed`](homebiz_income::store::IncomeRead::loans_keyed)),
    /// and the registry asked only about the businesses found, whatever
    /// the number of businesses the actor can see.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let err = program.loan_of(&admin, Some("B-1"), "L-1", None).unwrap_err();
    /// assert_eq!(err.to_string(), "business B-1 not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn loan_of(
        &self,
        actor: &Actor,
        business: Option<&str>,
        key: &str,
        as_of: Option<JalaliDate>,
    ) -> Result<LoanView> {
        let key = key.trim();
        let within = business
            .map(|code| self.business_named(actor, code))
            .transpose()?;
        let found: Vec<Loan> = match key.parse::<LoanId>() {
            Ok(id) => self.ledger.read(|r| r.loan(id))?.into_iter().collect(),
            Err(_) => self.ledger.read(|r| {
                let mut found = r.loans_keyed(key)?;
                // Added before loans kept their key: none stored, the ID
                // from the key alone.
                if let Some(l) = r.loan(Loan::legacy_id(key))?
                    && l.data().key.is_none()
                {
                    found.push(l);
                }
                Ok(found)
            })?,
        };
        let found = found.into_iter().map(|l| (l.data().business, l)).collect();
        let (loan, code) = self.one_in_scope(actor, "loan", key, within.as_ref(), found)?;
        let as_of = match as_of {
            Some(day) => day,
            None => self.today()?,
        };
        let name = loan.data().key.clone().unwrap_or_else(|| key.to_owned());
        self.loan_view(name, loan, code, as_of)
    }

    fn loan_view(
        &self,
        name: String,
        loan: Loan,
        business: String,
        as_of: JalaliDate,
    ) -> Result<LoanView> {
        Ok(LoanView {
            by_user: self.user_code(loan.data().by)?,
            name,
            schedule: loan.schedule()?,
            status: self.ledger.loan_status(loan.id(), as_of)?,
            loan,
            business,
        })
    }

    /// The income report of the businesses of `office` (a code in the
    /// actor's scope; another office is not found) and the offices below
    /// it, over `period`; with `None`, of all the actor's offices. For an
    /// unrestricted actor with `None` it is the whole ledger's: its total
    /// equals the ledger's for the period, and money of a business the
    /// registry does not know shows under [`Key::Unknown`] (by household,
    /// office or activity) or under its own ID (by business), never
    /// nowhere. The total carries the whole `period`.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::income::report::{Granularity, GroupBy, Period};
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let r = program.income_report(&admin, None, "1404".parse()?, GroupBy::Month, Granularity::Month)?;
    /// assert_eq!(r.total.period, Period::Year(1404));
    /// assert!(program.income_report(&admin, Some("NOPE"), "1404".parse()?, GroupBy::Month,
    ///                               Granularity::Month).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn income_report(
        &self,
        actor: &Actor,
        office: Option<&str>,
        period: JalaliMonthRange,
        by: GroupBy,
        per: Granularity,
    ) -> Result<Report> {
        Ok(self.report_in_scope(actor, office, period, by, per)?.0)
    }

    /// The report of [`Program::income_report`] and the businesses it
    /// covers.
    fn report_in_scope(
        &self,
        actor: &Actor,
        office: Option<&str>,
        period: JalaliMonthRange,
        by: GroupBy,
        per: Granularity,
    ) -> Result<(Report, Vec<Business>)> {
        let businesses = self.businesses_named(actor, office)?;
        let dims = income_dims(&businesses);
        let whole = office.is_none() && matches!(actor.scope, Scope::All);
        let monthly: Vec<_> = self
            .ledger
            .read(|r| r.monthly_totals(period.first(), period.last()))?
            .into_iter()
            .filter(|m| whole || dims.contains_key(&m.business))
            .collect();
        let report = income_report_for(period, &monthly, by, per, |b| dims.get(&b).cloned())?;
        Ok((report, businesses))
    }

    /// The income report of [`Program::income_report`] for people: each
    /// business, household, office and channel named by its code with
    /// its ID beside, activities by their catalog code.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::income::report::{Granularity, GroupBy};
    /// use homebiz::program::ledger::ReportKey;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let r = program.income_report_named(&admin, None, "1404-Q1".parse()?, GroupBy::Business,
    ///                                     Granularity::Month)?;
    /// assert!(r.rows.is_empty());
    /// assert_eq!(r.total.key, ReportKey::All);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn income_report_named(
        &self,
        actor: &Actor,
        office: Option<&str>,
        period: JalaliMonthRange,
        by: GroupBy,
        per: Granularity,
    ) -> Result<IncomeReport> {
        let (report, businesses) = self.report_in_scope(actor, office, period, by, per)?;
        let businesses: HashMap<BusinessId, String> = businesses
            .iter()
            .map(|b| (b.id(), b.code().to_owned()))
            .collect();
        let (households, offices) = match by {
            GroupBy::Household | GroupBy::Office => self.registry.read(actor, |r| {
                let mut households = HashMap::new();
                if by == GroupBy::Household {
                    for root in roots(r, office)? {
                        for h in r.households(root.id())? {
                            households.insert(h.id(), h.code().to_owned());
                        }
                    }
                }
                Ok((households, super::lists::office_codes(r)?))
            })?,
            _ => (HashMap::new(), HashMap::new()),
        };
        let channels = match by {
            GroupBy::Channel => super::lists::channel_codes(&self.market)?,
            _ => HashMap::new(),
        };
        let name = |key: &Key| match key {
            Key::All => ReportKey::All,
            Key::Business(id) => ReportKey::Business {
                code: businesses.get(id).cloned(),
                id: *id,
            },
            Key::Household(id) => ReportKey::Household {
                code: households.get(id).cloned(),
                id: *id,
            },
            Key::Office(id) => ReportKey::Office {
                code: offices.get(id).cloned(),
                id: *id,
            },
            Key::Activity(code) => ReportKey::Activity { code: code.clone() },
            Key::Channel(id) => ReportKey::Channel {
                code: channels.get(id).cloned(),
                id: *id,
            },
            Key::NoChannel => ReportKey::NoChannel,
            _ => ReportKey::Unknown,
        };
        let line = |r: &homebiz_income::report::Row| ReportLine {
            key: name(&r.key),
            period: r.period,
            revenue: r.revenue,
            commission: r.commission,
            costs: r.costs,
            fees: r.fees,
            net: r.net,
        };
        Ok(IncomeReport {
            office: office.map(|o| o.trim().to_owned()),
            period,
            by,
            per,
            rows: report.rows.iter().map(line).collect(),
            total: line(&report.total),
        })
    }

    /// The indicators of the households of `office` (a code in the actor's
    /// scope; another office is not found) and the offices below it as of
    /// `as_of`: income over the `rule.window` months up to `as_of`'s
    /// month, linkage over the last `linkage_months` months from the
    /// market and the ledger.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, JalaliDate, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::income::indicators::{GraduationRule, SustainedRule};
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse()?)))?;
    /// let err = program
    ///     .indicators(&Actor::unrestricted(ActorId::new()), "URM", JalaliDate::new(1404, 3, 1)?,
    ///                 &SustainedRule::default(), &GraduationRule::default(), 3)
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "office URM not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn indicators(
        &self,
        actor: &Actor,
        office: &str,
        as_of: JalaliDate,
        rule: &SustainedRule,
        graduation: &GraduationRule,
        linkage_months: u32,
    ) -> Result<Indicators> {
        rule.validate()?;
        let found = self.registry.read(actor, |r| {
            let office = r.office_by_code(office.trim())?;
            Ok((r.households(office.id())?, r.businesses(office.id())?))
        });
        let (households, businesses) = named("office", office, found)?;
        let last = as_of.jalali_month();
        let window = JalaliMonthRange::ending_with(last, u32::from(rule.window))?;
        let monthly = self
            .ledger
            .read(|r| r.monthly_totals(window.first(), window.last()))?;
        let (from, until) = homebiz_market::linkage::window(as_of, linkage_months)?;
        let linked: HashSet<BusinessId> = self
            .links(from, until)?
            .into_iter()
            .map(|l| l.business)
            .collect();
        Ok(Indicators {
            months: window,
            linkage_from: from,
            linkage_until: until,
            households: household_indicators(
                &households,
                &businesses,
                &monthly,
                Some(&linked),
                last,
                rule,
                graduation,
            )?,
        })
    }
}
