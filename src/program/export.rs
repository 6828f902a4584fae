//! Export: one office's households, people, businesses, offers or buyer
//! orders as a table whose columns are those of the import, so that an
//! export imported into a fresh database gives the same records.
//!
//! Personal columns — national IDs, mobiles, names, birth dates, addresses,
//! incomes, disability and support coverage, with their consents — are left
//! out unless [`ExportOptions::personal`] is set. With
//! [`ExportOptions::pseudonymise`], the identifiers (national IDs, mobiles)
//! are written as their keyed HMAC pseudonyms ([`PseudonymKey`]), never as
//! a plain hash; such a file can be joined with other exports made with the
//! same key, but not imported.
//!
//! A sale's `id` is what the sales import took: the user's own key where
//! the entry has one (an import's `id`, a `--id`), else its entry ID
//! (which the import takes as it is). Either way the import finds the
//! same entry again (a key within its business), so an export imported
//! again into the same ledger adds nothing, and imported into a fresh one
//! gives the same entries, keys included. An entry without a key keeps its
//! ID; a keyed entry's ID derives from its business's ID and its key
//! ([`Entry::key_id`](homebiz_income::entry::Entry::key_id)), so it is the
//! same ID where the business has the same ID.
//!
//! Every state is written as it is, and the import starts a record in it:
//! a household that exited with its `exit_reason`, a business closed with
//! its `closure_reason` (empty for the other states).

use std::collections::HashMap;

use homebiz_core::Money;
use homebiz_core::id::{BusinessId, EntryId, OfficeId};
use homebiz_core::iran::PseudonymKey;
use homebiz_income::entry::Body;
use homebiz_income::store::IncomeStore;
use homebiz_market::store::MarketStore;
use homebiz_registry::{
    Actor, Business, BusinessMode, BusinessState, Licence, Lifecycle, MembershipState, Person,
    Reader, RegistryError, RegistryStore, SensitiveField,
};
use serde::Serialize;

use super::{Program, Result};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExportKind {
    /// Households (the `households` import).
    Households,
    /// People (the `people` import).
    People,
    /// Businesses (the `businesses` import).
    Businesses,
    /// Producers' offers of the office's businesses (`offers import`).
    Offers,
    /// Buyer orders (`orders import`); they belong to the whole programme.
    Orders,
    /// Sales of the office's businesses (`sales import`): the sales in
    /// force, by day; a reversed sale and its reversal are left out, so
    /// the totals imported are the totals in force.
    Sales,
    /// The likely-duplicate flags of the office's people with their
    /// verdicts (`duplicates import`,
    /// [`Program::import_duplicates`](super::Program::import_duplicates)):
    /// the flagged person and the one they resemble by national ID, the
    /// verdict (empty while open) and its note. The people import raises
    /// each flag again (people are exported in the order they were
    /// registered, so on the same pair); this file gives it back its
    /// verdict. Keyed by national ID, so only with
    /// [`ExportOptions::personal`] (pseudonyms join, but do not import).
    Duplicates,
}

impl std::str::FromStr for ExportKind {
    type Err = RegistryError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Ok(match s {
            "households" => Self::Households,
            "people" => Self::People,
            "businesses" => Self::Businesses,
            "offers" => Self::Offers,
            "orders" => Self::Orders,
            "sales" => Self::Sales,
            "duplicates" => Self::Duplicates,
            _ => {
                return Err(RegistryError::invalid(
                    "kind",
                    "expected households, people, businesses, offers, orders, sales or duplicates",
                ));
            }
        })
    }
}

/// How to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Include the personal columns.
    pub personal: bool,
    /// Write identifiers as keyed pseudonyms (the identifier columns then
    /// appear even without [`personal`](Self::personal)).
    pub pseudonymise: Option<PseudonymKey>,
}

/// An exported table: the import's columns and one row per record.
#[derive(Clone, PartialEq, Eq)]
pub struct ExportTable {
    /// The columns, in the import's names.
    pub columns: Vec<&'static str>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<String>>,
}

impl std::fmt::Debug for ExportTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Cells may hold personal data: only the shape shows.
        f.debug_struct("ExportTable")
            .field("columns", &self.columns)
            .field("rows", &self.rows.len())
            .finish()
    }
}

impl ExportTable {
    /// The table as CSV (a header, then the rows).
    ///
    /// ```
    /// use homebiz::program::export::ExportTable;
    /// let t = ExportTable { columns: vec!["code", "name"], rows: vec![vec!["A".into(), "x, y".into()]] };
    /// assert_eq!(t.to_csv()?, "code,name\nA,\"x, y\"\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv(&self) -> std::result::Result<String, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.columns)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The table as JSON: an array of objects keyed by column.
    ///
    /// ```
    /// use homebiz::program::export::ExportTable;
    /// let t = ExportTable { columns: vec!["code"], rows: vec![vec!["A".into()]] };
    /// assert_eq!(t.to_json()?, "[\n  {\n    \"code\": \"A\"\n  }\n]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> std::result::Result<String, serde_json::Error> {
        let objects: Vec<serde_json::Map<String, serde_json::Value>> = self
            .rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| ((*c).to_owned(), serde_json::Value::String(v.clone())))
                    .collect()
            })
            .collect();
        serde_json::to_string_pretty(&objects)
    }
}

/// A value's serde name (`relief_committee`, `advanced`).
fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn rials(m: Money) -> String {
    m.minor_units().to_string()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

fn opt_date(d: Option<homebiz_core::JalaliDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Columns and how each row fills them, with a flag for personal ones.
struct Builder {
    columns: Vec<(&'static str, Class)>,
    options: ExportOptions,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Plain,
    Personal,
    /// An identifier: shown with `personal` or as a pseudonym.
    Identifier,
    /// A household's column: personal when
    /// [`HOUSEHOLD_PERSONAL`](super::personal::HOUSEHOLD_PERSONAL) lists
    /// it (the one list, which the views' JSON follows too), else plain.
    HouseholdField,
}

impl Builder {
    fn new(options: &ExportOptions, columns: &[(&'static str, Class)]) -> Self {
        Self {
            columns: columns.to_vec(),
            options: options.clone(),
        }
    }

    fn shown(&self, column: &str, class: Class) -> bool {
        let class = match class {
            Class::HouseholdField if !super::personal::is_personal_household_column(column) => {
                Class::Plain
            }
            other => other,
        };
        match class {
            Class::Plain => true,
            Class::Personal => self.options.personal,
            Class::Identifier => self.options.personal || self.options.pseudonymise.is_some(),
            Class::HouseholdField => self.options.personal,
        }
    }

    /// Keeps the cells of the shown columns.
    fn row(&self, cells: Vec<String>) -> Vec<String> {
        self.columns
            .iter()
            .zip(cells)
            .filter(|((column, class), _)| self.shown(column, *class))
            .map(|(_, cell)| cell)
            .collect()
    }

    fn table(&self, rows: Vec<Vec<String>>) -> ExportTable {
        ExportTable {
            columns: self
                .columns
                .iter()
                .filter(|(column, class)| self.shown(column, *class))
                .map(|(c, _)| *c)
                .collect(),
            rows,
        }
    }

    /// An identifier's cell: as it is, or its pseudonym.
    fn identifier<T: homebiz_core::iran::PersonalIdentifier>(&self, id: &T) -> String {
        match &self.options.pseudonymise {
            Some(key) => key.pseudonym(id).to_string(),
            None => id.canonical().to_owned(),
        }
    }
}

use Class::{HouseholdField, Identifier, Personal, Plain};

const HOUSEHOLD_COLUMNS: [(&str, Class); 12] = [
    ("code", HouseholdField),
    ("office_code", HouseholdField),
    ("address", HouseholdField),
    ("baseline_income_rial", HouseholdField),
    ("baseline_survey_date", HouseholdField),
    ("area_m2", HouseholdField),
    ("separate_room", HouseholdField),
    ("registered_on", HouseholdField),
    ("membership", HouseholdField),
    ("exit_reason", HouseholdField),
    ("support", HouseholdField),
    ("consent_support", HouseholdField),
];

const PEOPLE_COLUMNS: [(&str, Class); 13] = [
    ("national_id", Identifier),
    ("given_name", Personal),
    ("family_name", Personal),
    ("birth_date", Personal),
    ("gender", Plain),
    ("mobile", Identifier),
    ("household_code", Plain),
    ("education", Plain),
    ("skills", Plain),
    ("hours_per_week", Plain),
    ("interests", Plain),
    ("disability", Personal),
    ("consent_disability", Personal),
];

const BUSINESS_COLUMNS: [(&str, Class); 18] = [
    ("code", Plain),
    ("household_code", Plain),
    ("owner_national_id", Identifier),
    ("activity", Plain),
    ("mode", Plain),
    ("parent_code", Plain),
    ("cluster", Plain),
    ("licence_number", Plain),
    ("licence_kind", Plain),
    ("licence_issued", Plain),
    ("licence_expires", Plain),
    ("health_number", Plain),
    ("health_kind", Plain),
    ("health_issued", Plain),
    ("health_expires", Plain),
    ("capital_rial", Plain),
    ("state", Plain),
    ("closure_reason", Plain),
];

const OFFER_COLUMNS: [(&str, Class); 6] = [
    ("business", Plain),
    ("category", Plain),
    ("activity", Plain),
    ("capacity", Plain),
    ("unit_price", Plain),
    ("lead_days", Plain),
];

const SALE_COLUMNS: [(&str, Class); 7] = [
    ("id", Plain),
    ("business", Plain),
    ("channel", Plain),
    ("date", Plain),
    ("quantity", Plain),
    ("unit_price", Plain),
    ("commission", Plain),
];

const ORDER_COLUMNS: [(&str, Class); 8] = [
    ("code", Plain),
    ("buyer", Plain),
    ("category", Plain),
    ("activity", Plain),
    ("quantity", Plain),
    ("unit", Plain),
    ("price_ceiling", Plain),
    ("due", Plain),
];

/// The columns of a duplicates export, those the duplicates import reads
/// ([`DUPLICATE_IMPORT_COLUMNS`](super::DUPLICATE_IMPORT_COLUMNS)).
const DUPLICATE_COLUMNS: [(&str, Class); 4] = [
    ("national_id", Identifier),
    ("resembles_national_id", Identifier),
    ("verdict", Plain),
    ("note", Plain),
];

fn licence_cells(licence: Option<&Licence>) -> [String; 4] {
    match licence {
        Some(l) => [
            l.number.clone(),
            name(&l.kind),
            l.issued.to_string(),
            opt_date(l.expires),
        ],
        None => Default::default(),
    }
}

fn household_rows(
    r: &Reader<'_>,
    b: &Builder,
    office: OfficeId,
    codes: &HashMap<OfficeId, String>,
) -> homebiz_registry::Result<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    for h in r.households(office)? {
        let d = h.data();
        let consent = r.has_consent(h.id(), SensitiveField::SupportCoverage)?;
        rows.push(b.row(vec![
            d.code.clone(),
            codes.get(&d.office).cloned().unwrap_or_default(),
            d.address.clone(),
            d.baseline
                .as_ref()
                .map(|x| rials(x.monthly_income))
                .unwrap_or_default(),
            opt_date(d.baseline.as_ref().map(|x| x.survey_date)),
            d.space.area_m2.to_string(),
            yes_no(d.space.separate_room),
            d.registered_on.to_string(),
            d.membership.name().to_owned(),
            match &d.membership {
                MembershipState::Exited { reason } => reason.clone(),
                _ => String::new(),
            },
            d.support
                .as_ref()
                .map(|s| s.iter().map(name).collect::<Vec<_>>().join(";"))
                .unwrap_or_default(),
            yes_no(consent),
        ]));
    }
    Ok(rows)
}

fn person_row(b: &Builder, p: &Person, household: &str, consent: bool) -> Vec<String> {
    let d = p.data();
    let skills: Vec<String> = d
        .skills
        .iter()
        .map(|s| match &s.certificate {
            Some(c) => format!("{}:{}:{}:{}", s.code, name(&s.level), c.issuer, c.issued),
            None => format!("{}:{}", s.code, name(&s.level)),
        })
        .collect();
    b.row(vec![
        b.identifier(&d.national_id),
        d.given_name.clone(),
        d.family_name.clone(),
        d.birth_date.to_string(),
        name(&d.gender),
        d.mobile
            .as_ref()
            .map(|m| b.identifier(m))
            .unwrap_or_default(),
        household.to_owned(),
        name(&d.education),
        skills.join(";"),
        d.hours_per_week.to_string(),
        d.interests.join(";"),
        d.disability.as_ref().map(name).unwrap_or_default(),
        yes_no(consent),
    ])
}

fn business_row(
    r: &Reader<'_>,
    b: &Builder,
    business: &Business,
) -> homebiz_registry::Result<Vec<String>> {
    let d = business.data();
    let household = r.household(d.household)?;
    let owner = r.person(d.owner)?;
    let (mode, parent, cluster) = match &d.mode {
        BusinessMode::Independent => ("independent", String::new(), String::new()),
        BusinessMode::Support { parent } => (
            "support",
            r.business(*parent)?.code().to_owned(),
            String::new(),
        ),
        BusinessMode::Cluster { cluster } => ("cluster", String::new(), cluster.clone()),
        _ => return Err(RegistryError::invalid("mode", "not one the import knows")),
    };
    let mut cells = vec![
        d.code.clone(),
        household.code().to_owned(),
        b.identifier(owner.national_id()),
        d.activity.clone(),
        mode.to_owned(),
        parent,
        cluster,
    ];
    cells.extend(licence_cells(d.licence.as_ref()));
    cells.extend(licence_cells(d.health_certificate.as_ref()));
    cells.push(rials(d.capital_invested));
    cells.push(d.state.name().to_owned());
    cells.push(match &d.state {
        BusinessState::Closed { reason } => reason.clone(),
        _ => String::new(),
    });
    Ok(b.row(cells))
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// Exports `kind` for office `office` (a code in the actor's scope) and
    /// the offices below it, in the import's columns (see the
    /// [module](self)). Businesses are ordered so that a parent comes
    /// before the businesses that support it.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::import::{ImportKind, ImportOptions, import_csv};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// use homebiz::program::export::{ExportKind, ExportOptions};
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// # let admin = Actor::unrestricted(ActorId::new());
    /// # for (kind, text) in [
    /// #     (ImportKind::Offices, "code,name,level,parent_code\nWAZ,West Azerbaijan,province,\n\
    /// #         URM,Urmia,county,WAZ\nURM-CITY,Urmia,city,URM\nDZS,Dizaj,office,URM-CITY\n"),
    /// #     (ImportKind::Households, "code,office_code,address\nH1,DZS,کوچه 20\n"),
    /// #     (ImportKind::People, "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
    /// #         0010000011,علی,رضایی,1379/08/21,female,,H1\n"),
    /// # ] {
    /// #     import_csv(program.registry(), &admin, kind, "f.csv", text.as_bytes(),
    /// #         &ImportOptions::default(), None, &mut |_| {})?;
    /// # }
    /// let plain = program.export(&admin, ExportKind::People, "DZS", &ExportOptions::default())?;
    /// assert!(!plain.columns.contains(&"national_id") && !plain.columns.contains(&"given_name"));
    /// let full = ExportOptions { personal: true, ..ExportOptions::default() };
    /// let csv = program.export(&admin, ExportKind::People, "DZS", &full)?.to_csv()?;
    /// assert!(csv.starts_with("national_id,given_name,family_name,birth_date,gender,mobile,household_code"));
    /// assert!(csv.contains("0010000011,علی,رضایی,1379-08-21,female,,H1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn export(
        &self,
        actor: &Actor,
        kind: ExportKind,
        office: &str,
        options: &ExportOptions,
    ) -> Result<ExportTable> {
        let columns: &[(&'static str, Class)] = match kind {
            ExportKind::Households => &HOUSEHOLD_COLUMNS,
            ExportKind::People => &PEOPLE_COLUMNS,
            ExportKind::Businesses => &BUSINESS_COLUMNS,
            ExportKind::Offers => &OFFER_COLUMNS,
            ExportKind::Orders => &ORDER_COLUMNS,
            ExportKind::Sales => &SALE_COLUMNS,
            ExportKind::Duplicates => &DUPLICATE_COLUMNS,
        };
        let b = Builder::new(options, columns);
        if kind == ExportKind::Duplicates && !b.shown("national_id", Identifier) {
            return Err(RegistryError::invalid(
                "kind",
                "duplicates are keyed by national ID: export them with the personal columns or as pseudonyms",
            )
            .into());
        }
        // The office's businesses by ID (for offers), and the rows of the
        // registry's kinds, read under the actor's scope.
        let found = self.registry().read(actor, |r| {
            let root = r.office_by_code(office)?;
            let codes = super::lists::office_codes(r)?;
            let mut rows = Vec::new();
            let mut businesses: HashMap<BusinessId, String> = HashMap::new();
            match kind {
                ExportKind::Households => rows = household_rows(r, &b, root.id(), &codes)?,
                ExportKind::People => {
                    // In the order they were registered (IDs are UUID v7):
                    // the import registers them in the file's order, so it
                    // raises each likely-duplicate flag on the later of the
                    // same pair again, not on whichever household's code
                    // sorts first.
                    let mut people = Vec::new();
                    for h in r.households(root.id())? {
                        let consent = r.has_consent(h.id(), SensitiveField::Disability)?;
                        for p in r.members(h.id())? {
                            people.push((p, h.code().to_owned(), consent));
                        }
                    }
                    people.sort_by_key(|(p, _, _)| p.id());
                    for (p, household, consent) in &people {
                        rows.push(person_row(&b, p, household, *consent));
                    }
                }
                ExportKind::Duplicates => {
                    let households: std::collections::HashSet<_> =
                        r.households(root.id())?.iter().map(|h| h.id()).collect();
                    let resolutions: HashMap<_, _> = r
                        .duplicate_resolutions()?
                        .into_iter()
                        .map(|res| (res.person, res))
                        .collect();
                    for flag in r.duplicate_flags()? {
                        let person = r.person(flag.person)?;
                        if !households.contains(&person.household()) {
                            continue;
                        }
                        let resembles = r.person(flag.resembles)?;
                        let resolution = resolutions.get(&flag.person);
                        rows.push(b.row(vec![
                            b.identifier(person.national_id()),
                            b.identifier(resembles.national_id()),
                            resolution
                                .map(|res| res.verdict.as_str().to_owned())
                                .unwrap_or_default(),
                            resolution.map(|res| res.note.clone()).unwrap_or_default(),
                        ]));
                    }
                }
                ExportKind::Businesses => {
                    let all = r.businesses(root.id())?;
                    // Parents first: independent and cluster businesses, then
                    // support businesses (whose parents are never support).
                    let (support, others): (Vec<_>, Vec<_>) = all
                        .iter()
                        .partition(|x| matches!(x.data().mode, BusinessMode::Support { .. }));
                    for x in others.into_iter().chain(support) {
                        rows.push(business_row(r, &b, x)?);
                    }
                }
                ExportKind::Offers | ExportKind::Sales => {
                    businesses = r
                        .businesses(root.id())?
                        .into_iter()
                        .map(|x| (x.id(), x.code().to_owned()))
                        .collect();
                }
                ExportKind::Orders => {}
            }
            Ok((rows, businesses))
        });
        let (rows, businesses) = super::named("office", office, found)?;
        let rows = match kind {
            ExportKind::Offers => {
                let mut offers: Vec<_> = self
                    .market()
                    .read(|m| m.offers())?
                    .into_iter()
                    .filter_map(|o| Some((businesses.get(&o.business)?.clone(), o)))
                    .collect();
                offers.sort_by(|a, b| (&a.0, a.1.category).cmp(&(&b.0, b.1.category)));
                offers
                    .into_iter()
                    .map(|(code, o)| {
                        b.row(vec![
                            code,
                            o.category.code().to_owned(),
                            o.activity.clone().unwrap_or_default(),
                            o.capacity.to_string(),
                            rials(o.unit_price),
                            o.lead_days.to_string(),
                        ])
                    })
                    .collect()
            }
            ExportKind::Orders => {
                let mut orders = self.market().read(|m| m.orders())?;
                orders.sort_by(|a, b| a.code().cmp(b.code()));
                orders
                    .iter()
                    .map(|o| {
                        let d = o.data();
                        b.row(vec![
                            d.code.clone(),
                            d.buyer.clone(),
                            d.category.code().to_owned(),
                            d.activity.clone().unwrap_or_default(),
                            d.quantity.to_string(),
                            d.unit.clone(),
                            rials(d.price_ceiling),
                            d.due.to_string(),
                        ])
                    })
                    .collect()
            }
            ExportKind::Sales => {
                let channels = super::lists::channel_codes(self.market())?;
                let mut sales = Vec::new();
                let mut ids: Vec<(&BusinessId, &String)> = businesses.iter().collect();
                ids.sort_by(|a, b| a.1.cmp(b.1));
                for (&id, code) in ids {
                    let entries = self.ledger().entries(id)?;
                    let reversed: std::collections::HashSet<EntryId> = entries
                        .iter()
                        .filter_map(|r| match &r.entry.body {
                            Body::Reversal { of, .. } => Some(*of),
                            _ => None,
                        })
                        .collect();
                    for r in entries {
                        if reversed.contains(&r.entry.id) {
                            continue;
                        }
                        if let Body::Sale {
                            channel,
                            on,
                            quantity,
                            unit_price,
                            commission,
                            ..
                        } = &r.entry.body
                        {
                            sales.push((
                                *on,
                                r.seq,
                                b.row(vec![
                                    r.entry
                                        .key
                                        .clone()
                                        .unwrap_or_else(|| r.entry.id.to_string()),
                                    code.clone(),
                                    channel
                                        .and_then(|c| channels.get(&c).cloned())
                                        .unwrap_or_default(),
                                    on.to_string(),
                                    quantity.to_string(),
                                    rials(*unit_price),
                                    rials(*commission),
                                ]),
                            ));
                        }
                    }
                }
                sales.sort_by_key(|(on, seq, _)| (*on, *seq));
                sales.into_iter().map(|(_, _, row)| row).collect()
            }
            _ => rows,
        };
        Ok(b.table(rows))
    }
}
