//! [`Program`]: one programme's registry, market and ledger, composed.
//!
//! Each domain keeps its own rules and store; a `Program` holds the three
//! side by side (on one SQLite file, or in memory) with the activity
//! catalog, and carries records from one domain to the next: a registry
//! household becomes a scoring profile, a neighbourhood plan becomes planned
//! businesses, a business becomes an exhibition application, a settled
//! consignment becomes a ledger sale, and linkage and income are joined per
//! household.
//!
//! ```
//! use std::sync::Arc;
//! use homebiz::core::FixedClock;
//! use homebiz::program::Program;
//!
//! let clock = Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse().unwrap()));
//! let program = Program::in_memory(clock)?;
//! assert!(program.catalog().len() >= 40);
//! # Ok::<(), homebiz::program::ProgramError>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{BusinessId, HouseholdId};
use homebiz_core::{Clock, JalaliDate, Money};
use homebiz_income::store::IncomeStore;
use homebiz_income::{IncomeError, Ledger};
use homebiz_market::store::MarketStore;
use homebiz_market::{Market, MarketError};
use homebiz_registry::{
    Actor, Business, BusinessData, BusinessMode, BusinessState, Household, Lifecycle, Registry,
    RegistryError, RegistryStore,
};
use homebiz_scoring::ScoringError;
use homebiz_scoring::catalog::Catalog;
use homebiz_scoring::plan::{Plan, plan};
use homebiz_scoring::recommend::{HouseholdProfile, MarketContext, Recommender};

mod records;
pub(crate) use records::value_changes;
pub use records::{
    BusinessStep, Edited, EditedPerson, FieldValue, History, HistoryChange, HistoryEntry,
    MembershipStep, Moved,
};

use crate::compose::{existing_businesses, household_profile, may_hold_booths, may_plan, roots};

pub mod dashboard;
pub mod export;
pub mod find;
pub mod ledger;
pub mod lists;
mod market;
pub mod personal;
pub use market::{
    Allocated, Applied, BusinessRef, CodeRef, CreatedExhibition, Decided, ExhibitionSchedule,
    FillRow, Linkage, Matched, NewChannel, NewExhibition, OffersReport, OfficeLinkageRow,
    ScheduleRow, UnmetRow,
};
mod staff;
mod views;
pub use dashboard::{DASHBOARD_MONTHS, Dashboard, MonthNet, StateCount};
pub use staff::{
    DUPLICATE_IMPORT_COLUMNS, DuplicateFilter, DuplicateView, DuplicatesImport, NewUser,
    ResolutionView, SignedIn, UserView,
};
pub use views::{
    BusinessRow, BusinessView, HouseholdRow, HouseholdView, OfficeRow, PersonDetails, PersonView,
    PlanView, Referenced,
};

/// What can go wrong across the domains.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProgramError {
    /// The registry refused or failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The market refused or failed.
    #[error(transparent)]
    Market(#[from] MarketError),
    /// The ledger refused or failed.
    #[error(transparent)]
    Income(#[from] IncomeError),
    /// Scoring refused or failed.
    #[error(transparent)]
    Scoring(#[from] ScoringError),
    /// A value from `homebiz-core` was invalid.
    #[error(transparent)]
    Core(#[from] homebiz_core::Error),
    /// No record of this kind with this code, ID or national ID, or none
    /// the actor may see (the two are deliberately the same): the kind of
    /// record and the kind of key are named, a code or an ID as the user
    /// typed it, a national ID never (`business B-1 not found`, `person
    /// with ID … not found`, `person with this national ID not found`).
    #[error("{}", key.sentence(kind, code))]
    NotFound {
        /// What was looked for (`business`, `application`, …).
        kind: &'static str,
        /// The code or ID given; empty for a national ID (personal, never
        /// kept in an error).
        code: String,
        /// What kind of key it was.
        key: LookupKey,
    },
    /// An actor limited to offices tried to write what belongs to the
    /// whole programme (channels, exhibitions, booths, buyer orders) or to
    /// run what places every office's businesses (allocation, matching).
    #[error(
        "{what} belong to the whole programme: only a user without an office scope may change them"
    )]
    ProgrammeOnly {
        /// What was refused, in the plural (`channels`, `exhibitions`,
        /// `order matches`, …): the message says they "belong".
        what: &'static str,
    },
    /// The user's key names records of more than one business the actor
    /// can see (each business keys its own entries): the business must be
    /// named too. Lists only businesses in the actor's scope.
    #[error("{kind} {key} is ambiguous: businesses {} each have one; name the business", .businesses.join(", "))]
    Ambiguous {
        /// What was looked for (`entry`).
        kind: &'static str,
        /// The key as the user gave it.
        key: String,
        /// The codes of the businesses (in the actor's scope) that use it,
        /// in order.
        businesses: Vec<String>,
    },
    /// A file could not be imported.
    #[error(transparent)]
    Import(Box<crate::import::ImportError>),
    /// Sign-in refused: no such user, no password set, or the wrong
    /// password (deliberately one error, so that a guess learns nothing).
    #[error("wrong user code or password")]
    SignInRefused,
    /// A password could not be hashed (the hasher's message; never the
    /// password).
    #[error("cannot hash the password: {0}")]
    PasswordHash(String),
    /// The ledger refused an entry, named by the user's own key.
    #[error("entry {key}{}", ledger::EntryProblem(.error))]
    Entry {
        /// The entry's key or ID, as the user gave it.
        key: String,
        /// Why.
        error: IncomeError,
    },
}

/// The kind of key a look-up was given, as [`ProgramError::NotFound`]
/// names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LookupKey {
    /// A code, or a user's key (a ledger entry's, a loan's), named as
    /// typed: `business B-1 not found`.
    Code,
    /// A record's ID (a UUID), named as typed: `application with ID …
    /// not found`.
    Id,
    /// A national ID, never repeated: `person with this national ID not
    /// found`.
    NationalId,
}

impl LookupKey {
    /// The kind of `key` as typed: an ID when it reads as a UUID (any
    /// record's ID reads as one), else a
    /// code.
    fn of(key: &str) -> Self {
        if key.trim().parse::<homebiz_core::id::ActorId>().is_ok() {
            Self::Id
        } else {
            Self::Code
        }
    }

    /// The English sentence for a `kind` not found by `code` (the
    /// `Display` of [`ProgramError::NotFound`]).
    fn sentence(self, kind: &str, code: &str) -> String {
        match self {
            Self::Code => format!("{kind} {code} not found"),
            Self::Id => format!("{kind} with ID {code} not found"),
            Self::NationalId => format!("{kind} with this national ID not found"),
        }
    }
}

/// Shorthand for `Result<T, ProgramError>`.
pub type Result<T, E = ProgramError> = std::result::Result<T, E>;

impl ProgramError {
    /// A record of `kind` that is not found by `code`, as the user typed it
    /// (an ID when it reads as one, else a code).
    pub(crate) fn not_found(kind: &'static str, code: impl ToString) -> Self {
        let code = code.to_string();
        Self::NotFound {
            kind,
            key: LookupKey::of(&code),
            code,
        }
    }

    /// A person not found by a national ID, which is not repeated.
    pub(crate) fn no_national_id() -> Self {
        Self::NotFound {
            kind: "person",
            code: String::new(),
            key: LookupKey::NationalId,
        }
    }
}

/// `found`, with the registry's "not found" named as a look-up by national
/// ID ([`LookupKey::NationalId`]), which is never repeated.
pub(crate) fn by_national_id<T, E: Into<ProgramError>>(
    found: std::result::Result<T, E>,
) -> Result<T> {
    match found.map_err(Into::into) {
        Err(ProgramError::Registry(RegistryError::NotFound { .. })) => {
            Err(ProgramError::no_national_id())
        }
        other => other,
    }
}

/// `found`, with the registry's "not found" (a record unknown or outside
/// the actor's scope) named as the user typed it: `office URM-X not found`.
pub(crate) fn named<T, E: Into<ProgramError>>(
    kind: &'static str,
    code: &str,
    found: std::result::Result<T, E>,
) -> Result<T> {
    match found.map_err(Into::into) {
        Err(ProgramError::Registry(RegistryError::NotFound { .. })) => {
            Err(ProgramError::not_found(kind, code.trim()))
        }
        other => other,
    }
}

/// [`named`] when a code may be given: without one, `found` as it is.
pub(crate) fn named_opt<T, E: Into<ProgramError>>(
    kind: &'static str,
    code: Option<&str>,
    found: std::result::Result<T, E>,
) -> Result<T> {
    match code {
        Some(code) => named(kind, code, found),
        None => found.map_err(Into::into),
    }
}

/// The business with `key`, a code or an ID, as `r` shows it.
pub(crate) fn business_by_key(
    r: &homebiz_registry::Reader<'_>,
    key: &str,
) -> homebiz_registry::Result<Business> {
    match key.parse::<BusinessId>() {
        Ok(id) => r.business(id),
        Err(_) => r.business_by_code(key),
    }
}

/// A programme: registry, market and ledger over their stores, with the
/// activity catalog and one clock.
pub struct Program<R, M, I> {
    registry: Registry<R>,
    market: Market<M>,
    ledger: Ledger<I>,
    catalog: Catalog,
    clock: Arc<dyn Clock>,
}

impl<R, M, I> std::fmt::Debug for Program<R, M, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("activities", &self.catalog.len())
            .finish_non_exhaustive()
    }
}

/// A programme kept in memory.
pub type MemoryProgram = Program<
    homebiz_registry::MemoryStore,
    homebiz_market::MemoryStore,
    homebiz_income::MemoryStore,
>;

impl MemoryProgram {
    /// A programme in memory around `registry`, with an empty market and
    /// ledger and the default catalog, all on `clock`: for tests and
    /// examples that build the registry first.
    pub fn over_registry(
        registry: Registry<homebiz_registry::MemoryStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        Ok(Self::new(
            registry,
            Market::with_shared_clock(homebiz_market::MemoryStore::new(), Arc::clone(&clock)),
            Ledger::new(homebiz_income::MemoryStore::new()),
            Catalog::default_catalog()?,
            clock,
        ))
    }

    /// A programme in memory, with the default catalog.
    pub fn in_memory(clock: Arc<dyn Clock>) -> Result<Self> {
        Ok(Self::new(
            Registry::with_shared_clock(homebiz_registry::MemoryStore::new(), Arc::clone(&clock)),
            Market::with_shared_clock(homebiz_market::MemoryStore::new(), Arc::clone(&clock)),
            Ledger::new(homebiz_income::MemoryStore::new()),
            Catalog::default_catalog()?,
            clock,
        ))
    }
}

/// A programme in one SQLite file.
#[cfg(feature = "sqlite")]
pub type SqliteProgram = Program<
    Arc<homebiz_sqlite::SqliteStore>,
    Arc<homebiz_sqlite::SqliteStore>,
    Arc<homebiz_sqlite::SqliteStore>,
>;

#[cfg(feature = "sqlite")]
impl SqliteProgram {
    /// Opens (creating if needed) the programme in the SQLite file at
    /// `path`, with the default catalog.
    pub fn open(path: impl AsRef<std::path::Path>, clock: Arc<dyn Clock>) -> Result<Self> {
        let store = homebiz_sqlite::SqliteStore::open(path).map_err(RegistryError::backend)?;
        Self::from_store(Arc::new(store), clock)
    }

    /// The programme in a store already opened, for instance read-only
    /// with [`SqliteStore::open_with`](homebiz_sqlite::SqliteStore::open_with),
    /// with the default catalog.
    pub fn from_store(
        store: Arc<homebiz_sqlite::SqliteStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        Self::on_one_store(store, clock)
    }
}

impl<S: RegistryStore + MarketStore + IncomeStore + Clone> Program<S, S, S> {
    /// The programme with registry, market and ledger on one store (shared
    /// by cloning it: an `Arc` or a handle), with the default catalog.
    pub(crate) fn on_one_store(store: S, clock: Arc<dyn Clock>) -> Result<Self> {
        Ok(Self::new(
            Registry::with_shared_clock(store.clone(), Arc::clone(&clock)),
            Market::with_shared_clock(store.clone(), Arc::clone(&clock)),
            Ledger::new(store),
            Catalog::default_catalog()?,
            clock,
        ))
    }
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// A programme over the given parts. The market takes the ledger's
    /// per-entry limit as its [`Market::max_amount`], so that whatever the
    /// market accepts (an order, an offer, a consignment) the ledger
    /// accepts when it sells.
    pub fn new(
        registry: Registry<R>,
        market: Market<M>,
        ledger: Ledger<I>,
        catalog: Catalog,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            registry,
            market: market.with_max_amount(ledger.limits().amount_limit()),
            ledger,
            catalog,
            clock,
        }
    }

    /// The registry.
    pub fn registry(&self) -> &Registry<R> {
        &self.registry
    }

    /// The market.
    pub fn market(&self) -> &Market<M> {
        &self.market
    }

    /// The income ledger.
    pub fn ledger(&self) -> &Ledger<I> {
        &self.ledger
    }

    /// The activity catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Replaces the activity catalog (a calibrated one, say).
    pub fn with_catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = catalog;
        self
    }

    /// Today, from the programme's clock.
    pub fn today(&self) -> Result<JalaliDate> {
        Ok(self.clock.today()?)
    }

    /// The scoring profile of `household` from the registry (see
    /// [`household_profile`]).
    pub fn profile(
        &self,
        actor: &Actor,
        household: HouseholdId,
        capital: Money,
        loan_limit: Money,
    ) -> Result<HouseholdProfile> {
        Ok(self.registry.read(actor, |r| {
            let h = r.household(household)?;
            let members = r.members(household)?;
            Ok(household_profile(&h, &members, capital, loan_limit))
        })?)
    }

    /// The market around the households of `office`: `demand` per activity
    /// (how many businesses the area can carry), the businesses the registry
    /// already has there, the kinds of the market's channels (all kinds when
    /// none is registered), and this month for seasonality.
    pub fn market_context(
        &self,
        actor: &Actor,
        office: &str,
        demand: HashMap<String, u32>,
    ) -> Result<MarketContext> {
        let businesses = named(
            "office",
            office,
            self.registry.read(actor, |r| {
                let office = r.office_by_code(office)?;
                r.businesses(office.id())
            }),
        )?;
        let mut kinds: Vec<ChannelKind> = self
            .market
            .read(|r| r.channels())?
            .iter()
            .map(|c| c.kind())
            .collect();
        kinds.sort();
        kinds.dedup();
        if kinds.is_empty() {
            kinds = ChannelKind::ALL.to_vec();
        }
        let mut context = MarketContext::new(kinds, self.today()?.month());
        context.demand = demand;
        context.existing = existing_businesses(&businesses);
        Ok(context)
    }

    /// Plans the households of `office` that have no business yet and may
    /// be planned (enrolled or active: see [`may_plan`]), each with
    /// `capital` and `loan_limit`, in `context` (see [`plan`]). Households
    /// are named by code.
    pub fn plan_office(
        &self,
        actor: &Actor,
        office: &str,
        context: &MarketContext,
        recommender: &Recommender,
        capital: Money,
        loan_limit: Money,
    ) -> Result<Plan<'_>> {
        let profiles = self.registry.read(actor, |r| {
            let office = r.office_by_code(office)?;
            let with_business: HashSet<HouseholdId> = r
                .businesses(office.id())?
                .iter()
                .map(Business::household)
                .collect();
            r.households(office.id())?
                .into_iter()
                .filter(|h| !with_business.contains(&h.id()) && may_plan(h.membership()))
                .map(|h| {
                    let members = r.members(h.id())?;
                    Ok((
                        h.code().to_owned(),
                        household_profile(&h, &members, capital, loan_limit),
                    ))
                })
                .collect::<homebiz_registry::Result<Vec<_>>>()
        });
        let profiles = named("office", office, profiles)?;
        Ok(plan(recommender, &self.catalog, &profiles, context)?)
    }

    /// Registers a planned business for each household `plan` assigned:
    /// code `<household>-B1` (or the next free number), owned by the
    /// household's first member, capital invested `capital`. Returns them
    /// in the plan's order. Refuses the whole plan, writing nothing, if a
    /// household may not be planned any more (see [`may_plan`]: it left
    /// the programme, say, since the plan was made).
    pub fn start_planned(
        &self,
        actor: &Actor,
        plan: &Plan<'_>,
        capital: Money,
    ) -> Result<Vec<Business>> {
        Ok(self.registry.write(actor, |w| {
            let mut started = Vec::new();
            for a in &plan.assignments {
                let (household, owner, code) = {
                    let r = w.reader();
                    let household = r.household_by_code(&a.household)?;
                    if !may_plan(household.membership()) {
                        return Err(RegistryError::invalid(
                            "membership",
                            format!(
                                "household {} is {}: only enrolled and active households \
                                 may start a planned business",
                                household.code(),
                                Lifecycle::name(household.membership())
                            ),
                        ));
                    }
                    let owner = r
                        .members(household.id())?
                        .into_iter()
                        .next()
                        .ok_or_else(|| {
                            RegistryError::invalid("owner", "the household has no member")
                        })?;
                    // The next free number; a lookup that fails otherwise
                    // than "not found" is an error, not a free code.
                    let mut n = 1;
                    loop {
                        match r.business_by_code(&format!("{}-B{n}", household.code())) {
                            Ok(_) => n += 1,
                            Err(RegistryError::NotFound { .. }) => break,
                            Err(other) => return Err(other),
                        }
                    }
                    let code = format!("{}-B{n}", household.code());
                    (household, owner, code)
                };
                started.push(w.add_business(BusinessData {
                    id: BusinessId::new(),
                    code,
                    household: household.id(),
                    owner: owner.id(),
                    office: household.office(),
                    activity: a.activity.code().to_owned(),
                    mode: BusinessMode::Independent,
                    licence: None,
                    health_certificate: None,
                    capital_invested: capital,
                    state: BusinessState::Planned,
                })?);
            }
            Ok(started)
        })?)
    }

    /// Moves `business` to `next` in the registry (see
    /// `Writer::transition_business`). When the business may no longer
    /// hold booths in its new state — suspended or closed — its live
    /// applications are withdrawn and its bookings from today on are
    /// released (see [`may_hold_booths`]).
    pub fn transition_business(
        &self,
        actor: &Actor,
        business: BusinessId,
        next: BusinessState,
    ) -> Result<Business> {
        let moved = self
            .registry
            .write(actor, |w| w.transition_business(business, next))?;
        if !may_hold_booths(moved.state()) {
            self.market.end_business(
                business,
                self.today()?,
                &format!("the business is {}", Lifecycle::name(moved.state())),
                Some(actor.id),
            )?;
        }
        Ok(moved)
    }

    /// The businesses of `office` and the offices below it (all with
    /// `None`).
    pub fn businesses(&self, actor: &Actor, office: Option<&str>) -> Result<Vec<Business>> {
        Ok(self.registry.read(actor, |r| {
            let mut all = Vec::new();
            for root in roots(r, office)? {
                all.extend(r.businesses(root.id())?);
            }
            Ok(all)
        })?)
    }

    /// The households of `office` and the offices below it.
    pub fn households(&self, actor: &Actor, office: &str) -> Result<Vec<Household>> {
        named(
            "office",
            office,
            self.registry.read(actor, |r| {
                let office = r.office_by_code(office)?;
                r.households(office.id())
            }),
        )
    }
}
