//! CSV import of offices, households, people and businesses.
//!
//! One file is one transaction. A bad row refuses the whole file, with an
//! [`ImportError`] that names the file, the row (its line in the file), the
//! column and the reason — never the value itself, which may be personal.
//! With [`OnError::Skip`] the good rows are imported and each bad one is
//! written, with its reason, to a rejects CSV. A dry run validates
//! everything, uniqueness against the database included, and writes
//! nothing. Re-importing a file adds nothing twice: a row whose record
//! already exists (same code, or same national ID in the same household)
//! with the same content is counted as existing and left alone; with other
//! content, or a key repeated in the file with other content, it is a
//! conflict naming the column that differs ([`ImportReport::conflicts`]).
//! A national ID that another household holds is refused, as ever.
//!
//! Every importer of the crate (these files, the market files, sales,
//! catalogs) reads through one CSV reader that refuses, in one line, a
//! file that is not UTF-8 (Excel's cp1256 or UTF-16) or not
//! comma-separated, a column named twice, a header that is no column of
//! the file (headers match whatever their case, spaces, ZWNJ and letter
//! forms) and a control character in any cell; a row with more or fewer
//! cells than the header is a bad row, named by its line in the file
//! (blank lines counted). Registry files may use Persian headers
//! ([`ImportKind::aliases`]).
//! Dates must be plausible for what they record
//! ([`DateKind`](homebiz_core::validate::DateKind)), and activities, skills
//! and interests must be the catalog's ([`ImportOptions::catalog`]).
//!
//! The columns of each file are documented in the README (*CSV formats*).
//! Numbers and dates may use Persian or Arabic-Indic digits; dates may be
//! Jalali or Gregorian (a year from 1700 on is Gregorian).
//!
//! ```
//! use homebiz::import::{ImportKind, ImportOptions, import_csv};
//! use homebiz::registry::{Actor, MemoryStore, Registry};
//! use homebiz::core::{SystemClock, id::ActorId};
//!
//! let registry = Registry::new(MemoryStore::new(), SystemClock);
//! let admin = Actor::unrestricted(ActorId::new());
//! let offices = "code,name,level,parent_code\n\
//!                WAZ,آذربایجان غربی,province,\n\
//!                URM,ارومیه,county,WAZ\n";
//! let report = import_csv(&registry, &admin, ImportKind::Offices, "offices.csv",
//!                         offices.as_bytes(), &ImportOptions::default(), None, &mut |_| {})?;
//! assert_eq!((report.created, report.existing), (2, 0));
//!
//! // The same file again adds nothing.
//! let again = import_csv(&registry, &admin, ImportKind::Offices, "offices.csv",
//!                        offices.as_bytes(), &ImportOptions::default(), None, &mut |_| {})?;
//! assert_eq!((again.created, again.existing), (0, 2));
//! # Ok::<(), homebiz::import::ImportError>(())
//! ```

use crate::program::value_changes;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io;
use std::str::FromStr;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use homebiz_core::category::Category;
use homebiz_core::describe::Describe;
use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PersonId};
use homebiz_core::iran::{Mobile, NationalId};
use homebiz_core::text::{Lang, normalize};
use homebiz_core::validate;
use homebiz_core::{JalaliDate, Money};
use homebiz_registry::{
    Actor, Baseline, BusinessData, BusinessMode, BusinessState, Certificate, HouseholdData,
    Licence, LicenceKind, Lifecycle, LookAhead, MembershipState, OfficeData, OfficeLevel,
    PersonData, Registry, RegistryError, RegistryStore, SensitiveField, Skill, Space, Writer,
};
use homebiz_scoring::catalog::Catalog;

/// The hasher of an import's maps and of its rows' cells: foldhash,
/// randomly seeded (keys come from files). With std's SipHash, looking up
/// cells by column name and hashing rows were 9% of the instructions of a
/// registry import's people file, and half that again of its households
/// file (callgrind, 10,002 households and 20,031 people).
type Hasher = foldhash::fast::RandomState;

/// A map with [`Hasher`].
type FastMap<K, V> = HashMap<K, V, Hasher>;

/// A file's columns by name, with the cell each is at.
pub(crate) type Columns = FastMap<&'static str, usize>;

/// Which kind of record a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImportKind {
    /// Offices and the hierarchy above them.
    Offices,
    /// Households.
    Households,
    /// People, members of households.
    People,
    /// Home businesses.
    Businesses,
}

impl ImportKind {
    /// The columns a file of this kind must have; the first is the key.
    /// With [`ImportOptions::update`] only the key must be in the header,
    /// the others only for rows that create a record.
    pub const fn required_columns(self) -> &'static [&'static str] {
        match self {
            Self::Offices => &["code", "name", "level", "parent_code"],
            Self::Households => &["code", "office_code"],
            Self::People => &[
                "national_id",
                "given_name",
                "family_name",
                "birth_date",
                "gender",
                "mobile",
                "household_code",
            ],
            Self::Businesses => &["code", "household_code", "owner_national_id", "activity"],
        }
    }
}

impl ImportKind {
    /// The columns a file of this kind may have besides the required ones.
    pub const fn optional_columns(self) -> &'static [&'static str] {
        match self {
            Self::Offices => &[],
            Self::Households => &[
                "address",
                "baseline_income_rial",
                "baseline_survey_date",
                "area_m2",
                "separate_room",
                "registered_on",
                "membership",
                "exit_reason",
                "support",
                "consent_support",
            ],
            Self::People => &[
                "education",
                "skills",
                "hours_per_week",
                "interests",
                "disability",
                "consent_disability",
            ],
            Self::Businesses => &[
                "mode",
                "parent_code",
                "cluster",
                "licence_number",
                "licence_kind",
                "licence_issued",
                "licence_expires",
                "health_number",
                "health_kind",
                "health_issued",
                "health_expires",
                "capital_rial",
                "state",
                "closure_reason",
            ],
        }
    }

    /// Every column of this kind of file, with its aliases.
    pub(crate) const fn columns(self) -> FileColumns {
        FileColumns {
            required: self.required_columns(),
            optional: self.optional_columns(),
            aliases: self.aliases(),
            key_only: false,
        }
    }

    /// The columns of a file for `import --update`: every column may be
    /// given, but only the first required one (the key: `code`, or
    /// `national_id` for people) must be; a row whose record does not
    /// exist yet still needs every required column.
    pub(crate) const fn update_columns(self) -> FileColumns {
        FileColumns {
            key_only: true,
            ..self.columns()
        }
    }

    /// The Persian headers a file of this kind may use instead of the
    /// English ones, as `(Persian, English)` pairs (documented in the
    /// README, *CSV formats*). Headers are compared after Persian
    /// normalisation, so Arabic yeh and kaf match too.
    pub const fn aliases(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Offices => &[
                ("کد", "code"),
                ("نام", "name"),
                ("سطح", "level"),
                ("کد والد", "parent_code"),
            ],
            Self::Households => &[
                ("کد خانوار", "code"),
                ("کد دفتر", "office_code"),
                ("نشانی", "address"),
                ("آدرس", "address"),
                ("درآمد پایه", "baseline_income_rial"),
                ("تاریخ پیمایش", "baseline_survey_date"),
                ("متراژ", "area_m2"),
                ("اتاق جداگانه", "separate_room"),
                ("تاریخ ثبت", "registered_on"),
                ("عضویت", "membership"),
                ("دلیل خروج", "exit_reason"),
                ("حمایت", "support"),
                ("رضایت حمایت", "consent_support"),
            ],
            Self::People => &[
                ("کد ملی", "national_id"),
                ("نام", "given_name"),
                ("نام خانوادگی", "family_name"),
                ("تاریخ تولد", "birth_date"),
                ("جنسیت", "gender"),
                ("موبایل", "mobile"),
                ("تلفن همراه", "mobile"),
                ("کد خانوار", "household_code"),
                ("تحصیلات", "education"),
                ("مهارت\u{200c}ها", "skills"),
                ("ساعت در هفته", "hours_per_week"),
                ("علاقه\u{200c}مندی\u{200c}ها", "interests"),
                ("معلولیت", "disability"),
                ("رضایت معلولیت", "consent_disability"),
            ],
            Self::Businesses => &[
                ("کد", "code"),
                ("کد خانوار", "household_code"),
                ("کد ملی مالک", "owner_national_id"),
                ("فعالیت", "activity"),
                ("نوع", "mode"),
                ("کد والد", "parent_code"),
                ("خوشه", "cluster"),
                ("شماره مجوز", "licence_number"),
                ("نوع مجوز", "licence_kind"),
                ("تاریخ صدور مجوز", "licence_issued"),
                ("تاریخ انقضای مجوز", "licence_expires"),
                ("شماره بهداشت", "health_number"),
                ("نوع بهداشت", "health_kind"),
                ("تاریخ صدور بهداشت", "health_issued"),
                ("تاریخ انقضای بهداشت", "health_expires"),
                ("سرمایه", "capital_rial"),
                ("وضعیت", "state"),
                ("دلیل بستن", "closure_reason"),
            ],
        }
    }
}

impl FromStr for ImportKind {
    type Err = ImportError;

    fn from_str(s: &str) -> Result<Self, ImportError> {
        Ok(match s {
            "offices" => Self::Offices,
            "households" => Self::Households,
            "people" => Self::People,
            "businesses" => Self::Businesses,
            _ => {
                return Err(ImportError::Usage {
                    reason: "expected offices, households, people or businesses",
                });
            }
        })
    }
}

/// What to do with a bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OnError {
    /// Refuse the whole file (the default).
    #[default]
    Abort,
    /// Import the good rows; write the bad ones to the rejects output.
    Skip,
}

/// How to import.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Abort on the first bad row, or skip bad rows.
    pub on_error: OnError,
    /// Validate everything and write nothing.
    pub dry_run: bool,
    /// The activity catalog that businesses' activities and people's
    /// skills and interests must be in; `None` is the default catalog.
    pub catalog: Option<Arc<Catalog>>,
    /// Update records that exist with other content: a row whose record
    /// exists applies its differing fields as one audited update
    /// ([`ImportReport::updated`]); a difference in an identity column
    /// (a household's office, a business's household or owner, any office
    /// column) refuses the row. Without it such rows are conflicts.
    ///
    /// Only the cells a row gives count, with or without `update`: a
    /// column the file leaves out, or an empty cell, means "not given", so
    /// the stored value is neither compared nor changed (an import never
    /// clears a field; `Program::edit_*` does). Consent-bound fields follow
    /// the rules of a creation: a support or disability cell needs its
    /// consent column = yes in the row, and the consent is recorded before
    /// the value.
    ///
    /// With `update` a file needs only its key column (`code`, or
    /// `national_id` for people) besides the columns to change, and an
    /// empty cell in a required column keeps the stored value too; a row
    /// whose record is not in the registry yet creates it, so it needs
    /// every required column ([`ImportKind::required_columns`]) and cell.
    pub update: bool,
    /// The language (words and digits, as
    /// [`numerals`](homebiz_core::text::numerals) writes them) of the
    /// rejects' `error` column and of
    /// [`ImportReport::problems`] (the column names stay English).
    pub lang: Lang,
    /// The businesses that have traded, whose activity a row may not
    /// change (`Program::import` fills it from the market and the ledger,
    /// which the registry does not know); `None` checks none.
    pub(crate) traded: Option<Arc<HashSet<BusinessId>>>,
}

impl ImportOptions {
    /// Options with `on_error` and `dry_run` set, and the default catalog.
    pub fn new(on_error: OnError, dry_run: bool) -> Self {
        Self {
            on_error,
            dry_run,
            catalog: None,
            update: false,
            lang: Lang::En,
            traded: None,
        }
    }

    /// The same options, with the rejects' reasons in `lang`.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The same options, updating records that exist with other content
    /// when `update` is set (see [`ImportOptions::update`]).
    pub fn with_update(mut self, update: bool) -> Self {
        self.update = update;
        self
    }

    /// The same options with `catalog` as the catalog codes are checked
    /// against.
    pub fn with_catalog(mut self, catalog: Arc<Catalog>) -> Self {
        self.catalog = Some(catalog);
        self
    }
}

/// The codes a catalog knows, for checking a file's cells: activities,
/// with their category, and skills. A skill is a skill the catalog's
/// activities need (`sewing`, `baking`) or an activity's code (a person
/// may list `confectionery` as something they can do).
pub(crate) struct CatalogCodes {
    activities: HashMap<String, Category>,
    skills: HashSet<String>,
}

impl CatalogCodes {
    /// The codes of `catalog`, or of the default catalog.
    pub(crate) fn of(catalog: Option<&Catalog>) -> Result<Self, ImportError> {
        let default;
        let catalog = match catalog {
            Some(catalog) => catalog,
            None => {
                default = Catalog::default_catalog()?;
                &default
            }
        };
        Ok(Self {
            activities: catalog
                .iter()
                .map(|a| (a.code().to_owned(), a.data().category))
                .collect(),
            skills: catalog
                .iter()
                .flat_map(|a| a.data().skills.iter().map(|s| s.skill.clone()))
                .chain(catalog.iter().map(|a| a.code().to_owned()))
                .collect(),
        })
    }

    /// `code`, in `column`, is an activity of the catalog; with a
    /// `category`, one of that category.
    pub(crate) fn activity(
        &self,
        column: &'static str,
        code: &str,
        category: Option<Category>,
    ) -> RowResult<()> {
        match (self.activities.get(code), category) {
            (None, _) => Err(RowError::at(column, "not an activity of the catalog")),
            (Some(&actual), Some(expected)) if actual != expected => Err(RowError::at(
                column,
                format!("the activity is in category {actual}, not {expected}"),
            )),
            _ => Ok(()),
        }
    }

    /// Every skill of `skills` is one the catalog knows.
    fn skills(&self, skills: &[Skill]) -> RowResult<()> {
        if skills.iter().any(|s| !self.skills.contains(&s.code)) {
            return Err(RowError::at(
                "skills",
                "names a skill the catalog does not know",
            ));
        }
        Ok(())
    }

    /// A person's interests from the text of an `interests` cell or edit
    /// (activity codes separated by `;`): each normalised as a key
    /// ([`key`]: Persian digits and letters, spaces) and an activity of
    /// the catalog, or refused. An import and an edit both read them
    /// here.
    pub(crate) fn interests(&self, value: &str) -> RowResult<Vec<String>> {
        let interests: Vec<String> = parse_list(value).iter().map(|i| key(i)).collect();
        if interests.iter().any(|i| !self.activities.contains_key(i)) {
            return Err(RowError::at(
                "interests",
                "names an activity the catalog does not have",
            ));
        }
        Ok(interests)
    }
}

/// Why an edit or an import refuses to change a business's activity.
///
/// Reports by activity read each ledger entry's activity from its
/// business, while exhibition applications, booth-weeks and offers carry
/// the category and activity they were made for: changing the activity
/// of a business that has any of these would move its past sales to the
/// new activity and split its history between two. So a business's
/// activity is fixed once it has traded — a ledger entry, an exhibition
/// application, an offer, an order fill or a consignment — and a new
/// activity is a new business. Before that (a planned business, one in
/// training) it may still be corrected.
pub(crate) const ACTIVITY_FIXED: &str = "cannot change once the business has ledger entries, \
     exhibition applications, offers, order fills or consignments: close it and register a new \
     business for the new activity";

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// The file's name, as given.
    pub file: String,
    /// Data rows read.
    pub rows: u64,
    /// Records created.
    pub created: u64,
    /// Rows whose record already existed, with the same content, and was
    /// left alone (unchanged).
    pub existing: u64,
    /// Rows whose record existed with other content and was updated (only
    /// with [`ImportOptions::update`]).
    pub updated: u64,
    /// Rows whose record already existed (in the registry, or from an
    /// earlier row of the file) with other content: skipped with
    /// [`OnError::Skip`], each in the rejects naming the field that
    /// differs. Not counted as existing, nor as rejected.
    pub conflicts: u64,
    /// Rows rejected (with [`OnError::Skip`]), conflicts aside.
    pub rejected: u64,
    /// People created and flagged as likely duplicates (the same name and
    /// birth date as someone in the office), counted among
    /// [`created`](Self::created): staff review them with
    /// `homebiz duplicates list`.
    pub flagged: u64,
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
    /// The first [`MAX_PROBLEMS`] skipped rows' reasons (rejected or in
    /// conflict), each naming its row and column, in the language of
    /// [`ImportOptions::lang`]: what a front end shows when no rejects
    /// output was given. `rejected + conflicts - problems.len()` more
    /// are left out.
    pub problems: Vec<String>,
}

/// How many skipped rows' reasons an [`ImportReport`] keeps.
pub const MAX_PROBLEMS: usize = 100;

/// Why an import failed. Messages name the file, row and column, never the
/// value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A row is bad.
    #[error("{}", RowDisplay(.file, *.row, .column.as_deref(), .reason))]
    Row {
        /// The file.
        file: String,
        /// The row's line in the file (the header is line 1).
        row: u64,
        /// The column at fault, if one is.
        column: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// A required column is missing from the header (the file may be
    /// another kind of file: a people file given for households).
    #[error("{file}: missing column {column} (the file needs the columns {})", .expected.join(", "))]
    MissingColumn {
        /// The file.
        file: String,
        /// The column.
        column: &'static str,
        /// Every column the file must have, in order.
        expected: &'static [&'static str],
    },
    /// The file is not readable CSV.
    #[error("{file}: {error}")]
    Csv {
        /// The file.
        file: String,
        /// The CSV error (in the message, so not also its `source`).
        error: csv::Error,
    },
    /// The file is not UTF-8: Excel's "CSV" is Windows-1256 (cp1256) and
    /// its "Unicode text" UTF-16; or it is not text at all.
    #[error("{file}: {}", EncodingDisplay(.encoding))]
    Encoding {
        /// The file.
        file: String,
        /// What the file looks like (`UTF-16`, `cp1256 or another encoding`).
        encoding: &'static str,
    },
    /// The columns are separated by something other than commas.
    #[error("{file}: columns are separated by {separator}, not commas: save it as \"CSV UTF-8\"")]
    Separator {
        /// The file.
        file: String,
        /// The separator found (`';'`, `'؛'`, `tabs`).
        separator: &'static str,
    },
    /// A header cell names no column of this kind of file.
    #[error("{file}: column \"{column}\" is not a column of this file{}", match .nearest {
        Some(nearest) => format!(" (did you mean {nearest}?)"),
        None => String::new(),
    })]
    UnknownColumn {
        /// The file.
        file: String,
        /// The header cell, as written.
        column: String,
        /// The column it probably means, when one is close.
        nearest: Option<&'static str>,
    },
    /// A column appears twice in the header.
    #[error("{file}: column {column} appears more than once")]
    RepeatedColumn {
        /// The file.
        file: String,
        /// The column, by its English name.
        column: String,
    },
    /// The file has nothing in it, not even a header row.
    #[error("{file}: the file is empty (it has no header row)")]
    Empty {
        /// The file.
        file: String,
    },
    /// The file is refused for a reason of the whole file, no row in
    /// particular (booked booths it leaves out, say).
    #[error("{file}: {reason}")]
    File {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// The rejects output could not be written.
    #[error("cannot write rejects: {0}")]
    Rejects(csv::Error),
    /// A bad argument.
    #[error("invalid import kind: {reason}")]
    Usage {
        /// What is wrong.
        reason: &'static str,
    },
    /// The registry failed outside any row.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The market refused the file's records or failed.
    #[error(transparent)]
    Market(#[from] homebiz_market::MarketError),
    /// The activity catalog could not be loaded.
    #[error(transparent)]
    Scoring(#[from] homebiz_scoring::ScoringError),
    /// The income ledger refused a batch (a conflict with an entry already
    /// recorded, say) or failed.
    #[error(transparent)]
    Income(#[from] homebiz_income::IncomeError),
}

struct EncodingDisplay<'a>(&'a str);

impl fmt::Display for EncodingDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == NOT_TEXT {
            return write!(f, "{NOT_TEXT}: save it as \"CSV UTF-8\"");
        }
        write!(
            f,
            "the file is {}, not UTF-8: save it as \"CSV UTF-8\"",
            self.0
        )
    }
}

struct RowDisplay<'a>(&'a str, u64, Option<&'a str>, &'a str);

impl fmt::Display for RowDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.2 {
            Some(column) => write!(
                f,
                "{}: row {}, column {}: {}",
                self.0, self.1, column, self.3
            ),
            None => write!(f, "{}: row {}: {}", self.0, self.1, self.3),
        }
    }
}

/// A bad row, before the file and line are known.
#[derive(Debug)]
pub(crate) struct RowError {
    column: Option<&'static str>,
    reason: String,
    /// The row conflicts with a record already there.
    conflict: bool,
}

impl RowError {
    /// The error at `line` of `file`.
    pub(crate) fn in_file(self, file: &str, line: u64) -> ImportError {
        ImportError::Row {
            file: file.to_owned(),
            row: line,
            column: self.column.map(str::to_owned),
            reason: self.reason,
        }
    }

    /// An error of the whole row, no column in particular.
    pub(crate) fn whole(reason: impl fmt::Display) -> Self {
        Self {
            column: None,
            reason: reason.to_string(),
            conflict: false,
        }
    }

    /// The error at `column`. A reason worded `invalid FIELD: rule` (the
    /// domain crates' errors) keeps only its rule, as the column names
    /// the field: the cause is stated once.
    pub(crate) fn at(column: &'static str, reason: impl fmt::Display) -> Self {
        let reason = reason.to_string();
        let reason = match reason
            .strip_prefix("invalid ")
            .and_then(|r| r.split_once(": "))
        {
            Some((_, rule)) if !rule.is_empty() => rule.to_owned(),
            _ => reason,
        };
        Self {
            column: Some(column),
            reason,
            conflict: false,
        }
    }

    /// The row's record exists already (stored, or from the file's row
    /// `earlier`) and differs in `column`. Every importer words a conflict
    /// this way.
    pub(crate) fn conflict(column: &'static str, what: &str, earlier: Option<u64>) -> Self {
        Self {
            column: Some(column),
            reason: match earlier {
                Some(line) => format!("differs from the {what} of row {line} of this file"),
                None => format!("differs from the {what} already recorded"),
            },
            conflict: true,
        }
    }

    /// The row gives a lifecycle state (in `column`) other than the one
    /// recorded, `recorded`: an import never moves a state, its command
    /// does (`commands`, one of [`MEMBERSHIP_COMMANDS`] and
    /// [`BUSINESS_COMMANDS`]). A conflict without `--update`, a refused
    /// row with it.
    fn lifecycle(column: &'static str, recorded: &str, commands: &str, update: bool) -> Self {
        Self {
            column: Some(column),
            reason: format!(
                "is {recorded} in the registry: an import does not change a state; use {commands}"
            ),
            conflict: !update,
        }
    }

    /// The row repeats the file's row `earlier`, cell for cell.
    fn repeated(earlier: u64) -> Self {
        Self {
            column: None,
            reason: format!("repeats row {earlier} of this file"),
            conflict: true,
        }
    }

    /// Whether the row conflicts with a record already there.
    pub(crate) fn is_conflict(&self) -> bool {
        self.conflict
    }

    /// The same refusal outside a file (an edit): invalid, with the
    /// column as the field.
    pub(crate) fn into_invalid(self) -> RegistryError {
        RegistryError::invalid(self.column.unwrap_or("field"), self.reason)
    }
}

impl From<RegistryError> for RowError {
    /// The registry's error at the column that holds its field, its rule
    /// stated once (`column birth_date: is in the future`, not `column
    /// birth_date: invalid birth_date: is in the future`).
    fn from(err: RegistryError) -> Self {
        match err {
            RegistryError::Invalid { field, reason } => Self {
                column: Some(column_of_field(field)),
                reason,
                conflict: false,
            },
            RegistryError::Immutable { field } => Self {
                column: Some(column_of_field(field)),
                reason: err.to_string(),
                conflict: false,
            },
            RegistryError::DuplicateNationalId => Self::at("national_id", err),
            RegistryError::ConsentRequired {
                field: SensitiveField::Disability,
            } => Self::at("disability", err),
            RegistryError::ConsentRequired { field: _ } => Self::at("support", err),
            _ => Self::whole(err),
        }
    }
}

/// A lookup's error in `column`: a record not found is named by the code
/// the file gave (`office URM-DZX not found`; codes are not personal).
fn named_at(column: &'static str, code: &str, err: RegistryError) -> RowError {
    match err {
        RegistryError::NotFound { kind } => {
            RowError::at(column, format!("{kind} {code} not found"))
        }
        other => RowError::at(column, other),
    }
}

/// The column of a file that holds a registry record's field.
fn column_of_field(field: &'static str) -> &'static str {
    match field {
        "licence" => "licence_number",
        "health_certificate" => "health_number",
        "capital_invested" => "capital_rial",
        "baseline_income" => "baseline_income_rial",
        "space_m2" => "area_m2",
        field => field,
    }
}

/// `date`, in `column`, is plausible for its `kind` today.
fn plausible(
    column: &'static str,
    kind: validate::DateKind,
    date: JalaliDate,
    today: JalaliDate,
) -> RowResult<()> {
    validate::date(kind, date, today).map_err(|reason| RowError::at(column, reason))
}

/// The first field, by its column, whose values differ: `(column,
/// differs)` pairs in the order of the file's columns.
pub(crate) fn first_difference(
    fields: impl IntoIterator<Item = (&'static str, bool)>,
) -> Option<&'static str> {
    fields
        .into_iter()
        .find_map(|(column, differs)| differs.then_some(column))
}

/// Two texts differ once normalised (Persian letters, spaces, digits).
fn differs(a: &str, b: &str) -> bool {
    normalize(a) != normalize(b)
}

enum Applied {
    Created,
    /// Created, and flagged as a likely duplicate of someone in its office.
    Flagged,
    Existing,
    Updated,
}

/// One CSV row, with cells found by column name.
pub(crate) struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a Columns,
}

pub(crate) type RowResult<T> = Result<T, RowError>;

impl Row<'_> {
    /// The trimmed cell, or "" when the column is absent.
    pub(crate) fn cell(&self, column: &str) -> &str {
        cell_of(self.record, self.columns, column)
    }

    pub(crate) fn required(&self, column: &'static str) -> RowResult<&str> {
        match self.cell(column) {
            "" => Err(RowError::at(column, "is empty")),
            value => Ok(value),
        }
    }

    pub(crate) fn optional(&self, column: &str) -> Option<&str> {
        Some(self.cell(column)).filter(|v| !v.is_empty())
    }

    /// Whether the file has `column`.
    pub(crate) fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The cell of a required `column`; when the row's record `exists`
    /// (with `--update`), an empty cell or a column the file leaves out is
    /// `None`: the stored value is kept.
    fn required_or_kept(&self, column: &'static str, exists: bool) -> RowResult<Option<&str>> {
        match self.optional(column) {
            Some(value) => Ok(Some(value)),
            None if exists => Ok(None),
            None => Err(RowError::at(column, "is empty")),
        }
    }

    /// With `--update`, a row whose record is not in the registry yet
    /// creates it, so the file needs every required column of `kind`: the
    /// first one it leaves out refuses the row.
    fn creatable(&self, kind: ImportKind, update: bool, exists: bool) -> RowResult<()> {
        if !update || exists {
            return Ok(());
        }
        match kind.required_columns().iter().find(|c| !self.has(c)) {
            Some(column) => Err(RowError::at(
                column,
                "is not in the file, and this row's record is not in the registry yet: \
                 a new record needs every required column",
            )),
            None => Ok(()),
        }
    }

    fn parse_with<T, E: fmt::Display>(
        &self,
        column: &'static str,
        f: impl FnOnce(&str) -> Result<T, E>,
    ) -> RowResult<Option<T>> {
        self.optional(column)
            .map(|v| f(v).map_err(|e| RowError::at(column, e)))
            .transpose()
    }

    pub(crate) fn date(&self, column: &'static str) -> RowResult<Option<JalaliDate>> {
        self.parse_with(column, |v| JalaliDate::parse_guess(v).map(|(d, _)| d))
    }

    pub(crate) fn rials(&self, column: &'static str) -> RowResult<Option<Money>> {
        self.parse_with(column, parse_rials)
    }

    /// A whole number in any digits, thousands separators between groups
    /// of three ([`parse_whole`](homebiz_core::text::parse_whole)).
    pub(crate) fn number<T: TryFrom<u64>>(&self, column: &'static str) -> RowResult<Option<T>> {
        self.parse_with(column, |v| {
            let n = homebiz_core::text::parse_whole(v).map_err(|e| match e {
                homebiz_core::text::WholeNumberError::Grouping => {
                    "thousands separators out of place: write groups of three digits"
                }
                _ => "not a whole number in range",
            })?;
            T::try_from(n).map_err(|_| "not a whole number in range")
        })
    }

    pub(crate) fn flag(&self, column: &'static str) -> RowResult<bool> {
        Ok(self.parse_with(column, parse_bool)?.unwrap_or(false))
    }

    pub(crate) fn name<T: for<'de> Deserialize<'de>>(
        &self,
        column: &'static str,
    ) -> RowResult<Option<T>> {
        self.parse_with(column, |v| {
            parse_name::<T>(v).ok_or("not one of the accepted values")
        })
    }

    /// A lifecycle state's cell: one of `accepted` (the names, separated by
    /// `, `), which the error lists.
    pub(crate) fn state<T: for<'de> Deserialize<'de>>(
        &self,
        column: &'static str,
        accepted: &'static str,
    ) -> RowResult<Option<T>> {
        self.parse_with(column, |v| {
            parse_name::<T>(v).ok_or_else(|| format!("not one of the accepted values: {accepted}"))
        })
    }

    /// The reason of a state that carries one (`exited`, `closed`): the
    /// cell of `column`, required when `with_reason` and refused otherwise.
    fn state_reason(
        &self,
        column: &'static str,
        with_reason: bool,
        missing: &'static str,
        state: &'static str,
    ) -> RowResult<Option<String>> {
        match (with_reason, self.optional(column)) {
            (true, Some(reason)) => Ok(Some(reason.to_owned())),
            (true, None) => Err(RowError::at(column, missing)),
            (false, Some(_)) => Err(RowError::at(
                column,
                format!("is given only with the state {state}"),
            )),
            (false, None) => Ok(None),
        }
    }
}

/// The trimmed cell of `column` in `record`, or "" when the column is
/// absent.
fn cell_of<'r>(record: &'r csv::StringRecord, columns: &Columns, column: &str) -> &'r str {
    columns
        .get(column)
        .and_then(|&i| record.get(i))
        .map(str::trim)
        .unwrap_or("")
}

/// A snake-case enum name, also accepting spaces or hyphens for `_`.
pub(crate) fn parse_name<T: for<'de> Deserialize<'de>>(value: &str) -> Option<T> {
    deserialize_name(&value.trim().to_lowercase().replace([' ', '-'], "_"))
}

/// A unit enum variant from its exact serde name.
pub(crate) fn deserialize_name<T: for<'de> Deserialize<'de>>(name: &str) -> Option<T> {
    let de: StrDeserializer<'_, ValueError> = name.into_deserializer();
    T::deserialize(de).ok()
}

/// Whole rials in any digits, with one kind of thousands separator
/// between groups of three digits
/// ([`parse_whole`](homebiz_core::text::parse_whole)); never negative.
pub(crate) fn parse_rials(value: &str) -> Result<Money, &'static str> {
    use homebiz_core::text::{WholeNumberError, parse_whole};
    if value.trim().starts_with('-') {
        return Err("must not be negative");
    }
    let rials = parse_whole(value).map_err(|e| match e {
        WholeNumberError::Grouping => {
            "thousands separators out of place: write groups of three digits, as 1,000,000"
        }
        WholeNumberError::TooLarge => "too large for an amount",
        _ => "not a whole number of rials",
    })?;
    let rials = i64::try_from(rials).map_err(|_| "too large for an amount")?;
    Ok(Money::rial(rials))
}

pub(crate) fn parse_bool(value: &str) -> Result<bool, &'static str> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "بله" | "بلی" => Ok(true),
        "no" | "n" | "false" | "0" | "خیر" => Ok(false),
        _ => Err("expected yes or no"),
    }
}

pub(crate) fn parse_gender(value: &str) -> Result<homebiz_registry::Gender, &'static str> {
    use homebiz_registry::Gender;
    match value.trim().to_lowercase().as_str() {
        "f" | "female" | "زن" | "خانم" => Ok(Gender::Female),
        "m" | "male" | "مرد" | "آقا" => Ok(Gender::Male),
        _ => Err("expected female or male"),
    }
}

/// `code:level` or `code:level:issuer:date`, separated by `;`.
fn parse_skills(value: &str) -> Result<Vec<Skill>, String> {
    let mut skills = Vec::new();
    for item in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        let (code, level) = match parts.as_slice() {
            [code, level] | [code, level, _, _] => (*code, *level),
            _ => return Err("each skill is code:level or code:level:issuer:date".into()),
        };
        let level = parse_name(level)
            .ok_or("skill level must be beginner, intermediate, advanced or master")?;
        let certificate = match parts.as_slice() {
            [_, _, issuer, date] => Some(Certificate {
                issuer: (*issuer).to_owned(),
                issued: JalaliDate::parse_guess(date).map_err(|e| e.to_string())?.0,
            }),
            _ => None,
        };
        skills.push(Skill {
            code: key(code),
            level,
            certificate,
        });
    }
    Ok(skills)
}

pub(crate) fn parse_list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Lookups remembered across the rows of one file: offices by code, the
/// last household (rows of one household usually follow each other) and
/// the catalog's codes.
struct Lookups {
    offices: FastMap<String, homebiz_registry::Office>,
    household: Option<homebiz_registry::Household>,
    /// The last household linked to by ID, with its code.
    household_id: Option<(HouseholdId, String)>,
    codes: CatalogCodes,
    /// The row being applied, and the rows that created each code or
    /// national ID, to name the earlier row of a repeated key.
    line: u64,
    created: FastMap<String, u64>,
    created_people: FastMap<NationalId, u64>,
    /// Whether existing records with other content are updated.
    update: bool,
    /// The businesses whose activity is fixed ([`ImportOptions::traded`]).
    traded: Option<Arc<HashSet<BusinessId>>>,
}

impl Lookups {
    /// As [`compare`](Self::compare), but with `--update` a record with
    /// other content is updated by `apply`, unless a column of `identity`
    /// differs: that row is refused, naming the column.
    fn compare_or_update(
        &self,
        key: &str,
        fields: impl IntoIterator<Item = (&'static str, bool)>,
        identity: &[&str],
        apply: impl FnOnce() -> Result<(), RegistryError>,
    ) -> RowResult<Applied> {
        let fields: Vec<_> = fields.into_iter().collect();
        if !self.update {
            return self.compare(key, fields);
        }
        if let Some((column, _)) = fields
            .iter()
            .find(|(column, differs)| *differs && identity.contains(column))
        {
            return Err(RowError::at(
                column,
                format!(
                    "differs from the {key} in the registry and is identity: an update cannot change it"
                ),
            ));
        }
        match first_difference(fields) {
            None => Ok(Applied::Existing),
            Some(_) => {
                apply()?;
                Ok(Applied::Updated)
            }
        }
    }

    /// Existing (same content) or a conflict naming the first field that
    /// differs, for a row whose `key` exists already.
    fn compare(
        &self,
        key: &str,
        fields: impl IntoIterator<Item = (&'static str, bool)>,
    ) -> RowResult<Applied> {
        match first_difference(fields) {
            None => Ok(Applied::Existing),
            Some(column) => Err(RowError::conflict(
                column,
                key,
                self.created.get(key).copied(),
            )),
        }
    }

    /// Remembers that this row created `key`.
    fn created(&mut self, key: &str) -> Applied {
        self.created.insert(key.to_owned(), self.line);
        Applied::Created
    }
}

impl Lookups {
    fn office(&mut self, w: &Writer<'_>, code: &str) -> RowResult<homebiz_registry::Office> {
        if let Some(office) = self.offices.get(code) {
            return Ok(office.clone());
        }
        let office = w
            .reader()
            .office_by_code(code)
            .map_err(|e| named_at("office_code", code, e))?;
        self.offices.insert(code.to_owned(), office.clone());
        Ok(office)
    }

    /// The ID of household `code`, as [`household`](Self::household) but
    /// without reading the whole record (a people row needs no more).
    fn household_id(&mut self, w: &mut Writer<'_>, code: &str) -> RowResult<HouseholdId> {
        if let Some((id, _)) = self.household_id.as_ref().filter(|(_, c)| c == code) {
            return Ok(*id);
        }
        let id = w
            .household_id_by_code(code)
            .map_err(|e| named_at("household_code", code, e))?;
        self.household_id = Some((id, code.to_owned()));
        Ok(id)
    }

    fn household(
        &mut self,
        w: &mut Writer<'_>,
        code: &str,
    ) -> RowResult<homebiz_registry::Household> {
        if let Some(household) = self.household.as_ref().filter(|h| h.code() == code) {
            return Ok(household.clone());
        }
        let household = w
            .household_by_code(code)
            .map_err(|e| named_at("household_code", code, e))?;
        self.household = Some(household.clone());
        Ok(household)
    }
}

fn office_row(w: &mut Writer<'_>, row: &Row<'_>, lookups: &mut Lookups) -> RowResult<Applied> {
    let code = row.required("code")?;
    // With --update, a cell left out keeps what the office has.
    let recorded = lookups
        .update
        .then(|| w.reader().office_by_code(code).ok())
        .flatten();
    let stored = recorded.as_ref().map(|o| o.data());
    row.creatable(ImportKind::Offices, lookups.update, stored.is_some())?;
    let name = match (row.required_or_kept("name", stored.is_some())?, stored) {
        (Some(name), _) => name,
        (None, stored) => stored.map_or("", |d| d.name.as_str()),
    };
    let level: OfficeLevel = match (row.required_or_kept("level", stored.is_some())?, stored) {
        (Some(level), _) => level.parse().map_err(|e| RowError::at("level", e))?,
        (None, Some(d)) => d.level,
        (None, None) => return Err(RowError::at("level", "is empty")),
    };
    let parent = match row.optional("parent_code") {
        Some(parent) => Some(
            w.reader()
                .office_by_code(parent)
                .map_err(|e| named_at("parent_code", parent, e))?
                .id(),
        ),
        None => stored.and_then(|d| d.parent),
    };
    if let Ok(existing) = w.reader().office_by_code(code) {
        let d = existing.data();
        // An office is not changed by an import: every column is identity.
        return lookups.compare_or_update(
            &format!("office {code}"),
            [
                ("name", differs(&d.name, name)),
                ("level", d.level != level),
                ("parent_code", d.parent != parent),
            ],
            &["name", "level", "parent_code"],
            || Ok(()),
        );
    }
    w.add_office(OfficeData {
        id: OfficeId::new(),
        code: code.to_owned(),
        name: name.to_owned(),
        level,
        parent,
    })?;
    Ok(lookups.created(&format!("office {code}")))
}

fn household_row(w: &mut Writer<'_>, row: &Row<'_>, lookups: &mut Lookups) -> RowResult<Applied> {
    let code = row.required("code")?;
    // With --update, a cell left out keeps what the household has.
    let recorded = lookups
        .update
        .then(|| w.reader().household_by_code(code).ok())
        .flatten();
    row.creatable(ImportKind::Households, lookups.update, recorded.is_some())?;
    let office = match (
        row.required_or_kept("office_code", recorded.is_some())?,
        &recorded,
    ) {
        (Some(office), _) => lookups.office(w, office)?.id(),
        (None, Some(recorded)) => recorded.office(),
        (None, None) => return Err(RowError::at("office_code", "is empty")),
    };
    let baseline = match (
        row.rials("baseline_income_rial")?,
        row.date("baseline_survey_date")?,
    ) {
        (Some(monthly_income), Some(survey_date)) => Some(Baseline {
            monthly_income,
            survey_date,
        }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(RowError::at(
                "baseline_survey_date",
                "is needed with a baseline income",
            ));
        }
        (None, Some(_)) => {
            return Err(RowError::at(
                "baseline_income_rial",
                "is needed with a survey date",
            ));
        }
    };
    let support = match row.optional("support") {
        Some(list) => Some(
            parse_list(list)
                .iter()
                .map(|s| {
                    parse_name(s).ok_or_else(|| {
                        RowError::at(
                            "support",
                            "expected relief_committee, welfare_organization or other",
                        )
                    })
                })
                .collect::<RowResult<Vec<_>>>()?,
        ),
        None => None,
    };
    let consent = row.flag("consent_support")?;
    if support.is_some() && !consent {
        return Err(RowError::at("support", "needs consent_support = yes"));
    }
    let data = HouseholdData {
        id: HouseholdId::new(),
        code: code.to_owned(),
        office,
        address: row.cell("address").to_owned(),
        baseline,
        support,
        space: Space {
            area_m2: row.number("area_m2")?.unwrap_or(0),
            separate_room: row.flag("separate_room")?,
        },
        membership: membership(row)?,
        registered_on: row.date("registered_on")?.unwrap_or(w.today()),
    };
    // Checked before any comparison with a household already recorded, so
    // a bad date is named as such, not as a conflict.
    if let Some(day) = row.date("registered_on")? {
        plausible(
            "registered_on",
            validate::DateKind::Registration,
            day,
            w.today(),
        )?;
    }
    if let Some(baseline) = &data.baseline {
        plausible(
            "baseline_survey_date",
            validate::DateKind::Survey,
            baseline.survey_date,
            w.today(),
        )?;
    }
    let consents = consent.then_some(SensitiveField::SupportCoverage);
    let given = |column| row.optional(column).is_some();
    let new = data.clone();
    match w.add_household_with_consent(data, consents.as_slice()) {
        Ok(_) => Ok(lookups.created(&format!("household {code}"))),
        // Already imported (a code the actor cannot see is an error). The
        // membership is not compared: it moves on through its lifecycle;
        // nor is a registration day the file leaves to today.
        Err(RegistryError::DuplicateCode { .. }) => {
            // Taken, but not by a household the actor sees: another
            // office's (its code's prefix names that office, so saying so
            // reveals nothing the file does not).
            let existing = w.reader().household_by_code(code).map_err(|e| match e {
                RegistryError::NotFound { .. } => RowError::at(
                    "code",
                    "is in another office's series of household codes: only that office imports it",
                ),
                e => e.into(),
            })?;
            let d = existing.data();
            let id = existing.id();
            // Only the cells the row gives count: a column the file leaves
            // out, or a blank cell, keeps what is recorded (never cleared).
            let mut after = d.clone();
            if given("address") && differs(&d.address, &new.address) {
                after.address = new.address.clone();
            }
            if given("baseline_income_rial") || given("baseline_survey_date") {
                after.baseline = new.baseline.clone();
            }
            if given("area_m2") {
                after.space.area_m2 = new.space.area_m2;
            }
            if given("separate_room") {
                after.space.separate_room = new.space.separate_room;
            }
            if given("registered_on") {
                after.registered_on = new.registered_on;
            }
            if given("support") {
                after.support = new.support.clone();
            }
            if given("membership") && d.membership != new.membership {
                let column = if d.membership.name() == new.membership.name() {
                    "exit_reason"
                } else {
                    "membership"
                };
                return Err(RowError::lifecycle(
                    column,
                    d.membership.name(),
                    MEMBERSHIP_COMMANDS,
                    lookups.update,
                ));
            }
            // A consent the row gives is recorded (as on create), never
            // withdrawn.
            let consented = w
                .reader()
                .has_consent(id, SensitiveField::SupportCoverage)?;
            if given("consent_support") && !consent && consented {
                return Err(RowError::at("consent_support", WITHDRAWN));
            }
            let income = |b: &Option<Baseline>| b.as_ref().map(|b| b.monthly_income);
            let survey = |b: &Option<Baseline>| b.as_ref().map(|b| b.survey_date);
            let a = &after;
            lookups.compare_or_update(
                &format!("household {code}"),
                [
                    ("office_code", d.office != new.office),
                    ("address", d.address != a.address),
                    (
                        "baseline_income_rial",
                        income(&d.baseline) != income(&a.baseline),
                    ),
                    (
                        "baseline_survey_date",
                        survey(&d.baseline) != survey(&a.baseline),
                    ),
                    ("area_m2", d.space.area_m2 != a.space.area_m2),
                    (
                        "separate_room",
                        d.space.separate_room != a.space.separate_room,
                    ),
                    ("registered_on", d.registered_on != a.registered_on),
                    ("support", d.support != a.support),
                    ("consent_support", consent && !consented),
                ],
                &["office_code"],
                || {
                    // Support changes only as on create: the row gives it
                    // with consent_support = yes (checked above), and the
                    // consent is recorded before the support it covers.
                    if consent && !consented {
                        w.record_consent(id, SensitiveField::SupportCoverage, true)?;
                    }
                    w.note_values(value_changes(d, &after));
                    w.update_household(id, |h| *h = after).map(drop)
                },
            )
        }
        Err(err) => Err(err.into()),
    }
}

/// Why a consent column's `no` is refused where the consent is recorded.
const WITHDRAWN: &str =
    "is no, but the consent is recorded: an import records a consent, it never withdraws one";

/// Membership states a file may start a household in: every one, so that
/// an export imported into a fresh database gives the same households.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum MembershipStateName {
    Applied,
    Enrolled,
    Active,
    Paused,
    Graduated,
    Exited,
}

/// The commands that move a household's membership, as an import
/// refusing to names them.
pub(crate) const MEMBERSHIP_COMMANDS: &str =
    "`homebiz household enrol|activate|pause|graduate|exit`";

/// The commands that move a business's state, as an import refusing to
/// names them.
pub(crate) const BUSINESS_COMMANDS: &str =
    "`homebiz business train|license|activate|suspend|close`";

/// The `membership` cell's names, as the error for another lists them.
const MEMBERSHIP_NAMES: &str = "applied, enrolled, active, paused, graduated, exited";

/// A row's membership (default `applied`); `exited` takes its reason from
/// `exit_reason`, which no other state takes.
fn membership(row: &Row<'_>) -> RowResult<MembershipState> {
    let name = row
        .state::<MembershipStateName>("membership", MEMBERSHIP_NAMES)?
        .unwrap_or(MembershipStateName::Applied);
    let exited = matches!(name, MembershipStateName::Exited);
    let reason = row.state_reason("exit_reason", exited, "an exit needs a reason", "exited")?;
    Ok(match (name, reason) {
        (MembershipStateName::Exited, Some(reason)) => MembershipState::Exited { reason },
        (MembershipStateName::Applied, _) => MembershipState::Applied,
        (MembershipStateName::Enrolled, _) => MembershipState::Enrolled,
        (MembershipStateName::Active, _) => MembershipState::Active,
        (MembershipStateName::Paused, _) => MembershipState::Paused,
        (MembershipStateName::Graduated, _) => MembershipState::Graduated,
        (MembershipStateName::Exited, None) => {
            return Err(RowError::at("exit_reason", "an exit needs a reason"));
        }
    })
}

/// Business states a file may start a business in: every one, so that an
/// export imported into a fresh database gives the same businesses.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum BusinessStateName {
    Planned,
    InTraining,
    Licensed,
    Active,
    Suspended,
    Closed,
}

/// The `state` cell's names, as the error for another lists them.
const BUSINESS_STATE_NAMES: &str = "planned, in_training, licensed, active, suspended, closed";

/// A row's business state (default `planned`); `closed` takes its reason
/// from `closure_reason`, which no other state takes.
fn business_state(row: &Row<'_>) -> RowResult<BusinessState> {
    let name = row
        .state::<BusinessStateName>("state", BUSINESS_STATE_NAMES)?
        .unwrap_or(BusinessStateName::Planned);
    let closed = matches!(name, BusinessStateName::Closed);
    let reason = row.state_reason(
        "closure_reason",
        closed,
        "a closure needs a reason",
        "closed",
    )?;
    Ok(match (name, reason) {
        (BusinessStateName::Closed, Some(reason)) => BusinessState::Closed { reason },
        (BusinessStateName::Planned, _) => BusinessState::Planned,
        (BusinessStateName::InTraining, _) => BusinessState::InTraining,
        (BusinessStateName::Licensed, _) => BusinessState::Licensed,
        (BusinessStateName::Active, _) => BusinessState::Active,
        (BusinessStateName::Suspended, _) => BusinessState::Suspended,
        (BusinessStateName::Closed, None) => {
            return Err(RowError::at("closure_reason", "a closure needs a reason"));
        }
    })
}

fn person_row(w: &mut Writer<'_>, row: &Row<'_>, lookups: &mut Lookups) -> RowResult<Applied> {
    let national_id = NationalId::parse(row.required("national_id")?)
        .map_err(|e| RowError::at("national_id", e))?;
    // With --update, a cell left out keeps what the person has.
    let recorded = lookups
        .update
        .then(|| w.reader().person_by_national_id(&national_id).ok())
        .flatten();
    let stored = recorded.as_ref().map(|p| p.data());
    let exists = stored.is_some();
    row.creatable(ImportKind::People, lookups.update, exists)?;
    let household_id = match (row.required_or_kept("household_code", exists)?, &recorded) {
        (Some(household), _) => lookups.household_id(w, household)?,
        (None, Some(recorded)) => recorded.household(),
        (None, None) => return Err(RowError::at("household_code", "is empty")),
    };
    // The person with this national ID, if already in this household (in
    // another one, the national ID is taken: refused as before).
    let key = national_id.clone();
    let existing = move |w: &Writer<'_>| {
        w.reader()
            .person_by_national_id(&key)
            .ok()
            .filter(|p| p.household() == household_id)
    };
    let disability = row.name("disability")?;
    let consent = row.flag("consent_disability")?;
    if disability.is_some() && !consent {
        return Err(RowError::at("disability", "needs consent_disability = yes"));
    }
    let mut data = PersonData {
        id: PersonId::new(),
        household: household_id,
        given_name: match row.required_or_kept("given_name", exists)? {
            Some(name) => name.to_owned(),
            None => stored.map(|d| d.given_name.clone()).unwrap_or_default(),
        },
        family_name: match row.required_or_kept("family_name", exists)? {
            Some(name) => name.to_owned(),
            None => stored.map(|d| d.family_name.clone()).unwrap_or_default(),
        },
        national_id,
        birth_date: row
            .date("birth_date")?
            .or(stored.map(|d| d.birth_date))
            .ok_or_else(|| RowError::at("birth_date", "is empty"))?,
        gender: match (row.required_or_kept("gender", exists)?, stored) {
            (Some(gender), _) => parse_gender(gender).map_err(|e| RowError::at("gender", e))?,
            (None, Some(d)) => d.gender,
            (None, None) => return Err(RowError::at("gender", "is empty")),
        },
        mobile: row.parse_with("mobile", Mobile::parse)?,
        education: row.name("education")?.unwrap_or_default(),
        skills: row.parse_with("skills", parse_skills)?.unwrap_or_default(),
        hours_per_week: row.number("hours_per_week")?.unwrap_or(0),
        interests: Vec::new(),
        disability,
    };
    lookups.codes.skills(&data.skills)?;
    if let Some(interests) = row.optional("interests") {
        data.interests = lookups.codes.interests(interests)?;
    }
    // Checked before any comparison with a person already recorded, so a
    // bad date is named as such, not as a conflict.
    let today = w.today();
    plausible(
        "birth_date",
        validate::DateKind::Birth,
        data.birth_date,
        today,
    )?;
    for certificate in data.skills.iter().filter_map(|s| s.certificate.as_ref()) {
        validate::date(validate::DateKind::Issued, certificate.issued, today)
            .map_err(|reason| RowError::at("skills", format!("a certificate's date {reason}")))?;
    }
    let consents = consent.then_some(SensitiveField::Disability);
    let new = data.clone();
    match w.add_person_with_consent(data, consents.as_slice()) {
        Ok(registration) => {
            lookups.created_people.insert(new.national_id, lookups.line);
            Ok(if registration.resembles.is_empty() {
                Applied::Created
            } else {
                Applied::Flagged
            })
        }
        Err(RegistryError::DuplicateNationalId) => {
            let Some(existing) = existing(w) else {
                if let Some(earlier) = lookups.created_people.get(&new.national_id) {
                    return Err(RowError::at(
                        "national_id",
                        format!("is repeated in this file at row {earlier}"),
                    ));
                }
                // The person is recorded, in another household: the row
                // moves them, which an import does not do.
                if w.reader().person_by_national_id(&new.national_id).is_ok() {
                    return Err(RowError::at(
                        "household_code",
                        "differs from the person's household in the registry and is identity: an import cannot change it",
                    ));
                }
                return Err(RegistryError::DuplicateNationalId.into());
            };
            let d = existing.data();
            // Only the cells the row gives count: a column the file leaves
            // out, or a blank cell, keeps what is recorded (never cleared).
            let given = |column| row.optional(column).is_some();
            let mut after = d.clone();
            if differs(&d.given_name, &new.given_name) {
                after.given_name = new.given_name.clone();
            }
            if differs(&d.family_name, &new.family_name) {
                after.family_name = new.family_name.clone();
            }
            after.birth_date = new.birth_date;
            after.gender = new.gender;
            if given("mobile") {
                after.mobile = new.mobile.clone();
            }
            if given("education") {
                after.education = new.education;
            }
            if given("skills") {
                after.skills = new.skills.clone();
            }
            if given("hours_per_week") {
                after.hours_per_week = new.hours_per_week;
            }
            if given("interests") {
                after.interests = new.interests.clone();
            }
            if given("disability") {
                after.disability = new.disability;
            }
            // A consent the row gives is recorded (as on create), never
            // withdrawn.
            let household = existing.household();
            let consented = w
                .reader()
                .has_consent(household, SensitiveField::Disability)?;
            if given("consent_disability") && !consent && consented {
                return Err(RowError::at("consent_disability", WITHDRAWN));
            }
            let a = &after;
            let fields = [
                ("given_name", d.given_name != a.given_name),
                ("family_name", d.family_name != a.family_name),
                ("birth_date", d.birth_date != a.birth_date),
                ("gender", d.gender != a.gender),
                ("mobile", d.mobile != a.mobile),
                ("education", d.education != a.education),
                ("skills", d.skills != a.skills),
                ("hours_per_week", d.hours_per_week != a.hours_per_week),
                ("interests", d.interests != a.interests),
                ("disability", d.disability != a.disability),
                ("consent_disability", consent && !consented),
            ];
            match first_difference(fields) {
                None => Ok(Applied::Existing),
                Some(_) if lookups.update => {
                    // A disability changes only as on create: the row gives
                    // it with consent_disability = yes (checked above), and
                    // the consent is recorded before the value it covers.
                    if consent && !consented {
                        w.record_consent(household, SensitiveField::Disability, true)?;
                    }
                    w.note_values(value_changes(existing.data(), &after));
                    w.update_person(existing.id(), |p| *p = after)?;
                    Ok(Applied::Updated)
                }
                Some(column) => Err(RowError::conflict(
                    column,
                    "person with this national ID",
                    lookups.created_people.get(&new.national_id).copied(),
                )),
            }
        }
        Err(err) => Err(err.into()),
    }
}

/// A licence from its four columns: number, kind, issued, expires, its
/// days plausible on `today` and in order.
fn licence(
    row: &Row<'_>,
    columns: [&'static str; 4],
    today: JalaliDate,
) -> RowResult<Option<Licence>> {
    let [number, kind, issued, expires] = columns;
    let Some(number) = row.optional(number) else {
        return Ok(None);
    };
    let licence = Licence {
        number: number.to_owned(),
        kind: row.name(kind)?.unwrap_or(LicenceKind::Other),
        issued: row
            .date(issued)?
            .ok_or_else(|| RowError::at(issued, "is needed with a number"))?,
        expires: row.date(expires)?,
    };
    plausible(issued, validate::DateKind::Issued, licence.issued, today)?;
    if let Some(day) = licence.expires {
        plausible(expires, validate::DateKind::Expiry, day, today)?;
        if day < licence.issued {
            return Err(RowError::at(expires, "is before the issue date"));
        }
    }
    Ok(Some(licence))
}

/// A recorded licence (or certificate) with the cells of its four columns
/// that the row gives: a blank cell or a column the file leaves out keeps
/// the recorded part; with no licence recorded, the row's as on create.
fn merged_licence(
    row: &Row<'_>,
    columns: [&'static str; 4],
    recorded: Option<&Licence>,
    today: JalaliDate,
) -> RowResult<Option<Licence>> {
    let Some(old) = recorded else {
        return licence(row, columns, today);
    };
    let [number, kind, issued, expires] = columns;
    let merged = Licence {
        number: row.optional(number).unwrap_or(&old.number).to_owned(),
        kind: row.name(kind)?.unwrap_or(old.kind),
        issued: row.date(issued)?.unwrap_or(old.issued),
        expires: row.date(expires)?.or(old.expires),
    };
    if let Some(day) = row.date(issued)? {
        plausible(issued, validate::DateKind::Issued, day, today)?;
    }
    if let Some(day) = row.date(expires)? {
        plausible(expires, validate::DateKind::Expiry, day, today)?;
    }
    if let Some(day) = merged.expires
        && day < merged.issued
    {
        return Err(RowError::at(expires, "is before the issue date"));
    }
    Ok(Some(merged))
}

/// The first column in which two licences (or certificates) differ, from
/// their four columns (a kind the row leaves out was merged as recorded).
fn licence_difference(
    a: Option<&Licence>,
    b: Option<&Licence>,
    [number, kind, issued, expires]: [&'static str; 4],
) -> Option<&'static str> {
    first_difference([
        (number, a.map(|l| &l.number) != b.map(|l| &l.number)),
        (kind, a.map(|l| l.kind) != b.map(|l| l.kind)),
        (issued, a.map(|l| l.issued) != b.map(|l| l.issued)),
        (expires, a.map(|l| l.expires) != b.map(|l| l.expires)),
    ])
}

const LICENCE: [&str; 4] = [
    "licence_number",
    "licence_kind",
    "licence_issued",
    "licence_expires",
];

const HEALTH: [&str; 4] = [
    "health_number",
    "health_kind",
    "health_issued",
    "health_expires",
];

/// The mode `name` of a business row, with its companion column.
fn business_mode(w: &Writer<'_>, row: &Row<'_>, name: &str) -> RowResult<BusinessMode> {
    Ok(match name {
        "independent" => BusinessMode::Independent,
        "support" => {
            let parent = row.required("parent_code")?;
            let parent = w
                .reader()
                .business_by_code(parent)
                .map_err(|e| named_at("parent_code", parent, e))?;
            BusinessMode::Support {
                parent: parent.id(),
            }
        }
        "cluster" => BusinessMode::Cluster {
            cluster: row.required("cluster")?.to_owned(),
        },
        _ => {
            return Err(RowError::at(
                "mode",
                "expected independent, support or cluster",
            ));
        }
    })
}

fn business_row(w: &mut Writer<'_>, row: &Row<'_>, lookups: &mut Lookups) -> RowResult<Applied> {
    let code = row.required("code")?;
    // A business already imported: its licences are merged with the cells
    // the row gives (see below); with --update, a cell left out keeps what
    // it has.
    let recorded_business = w.reader().business_by_code(code).ok();
    let stored = recorded_business
        .as_ref()
        .filter(|_| lookups.update)
        .map(|b| b.data());
    let exists = stored.is_some();
    row.creatable(ImportKind::Businesses, lookups.update, exists)?;
    let (household, office) = match (row.required_or_kept("household_code", exists)?, stored) {
        (Some(household), _) => {
            let household = lookups.household(w, household)?;
            (household.id(), household.office())
        }
        (None, Some(d)) => (d.household, d.office),
        (None, None) => return Err(RowError::at("household_code", "is empty")),
    };
    let owner = match (row.required_or_kept("owner_national_id", exists)?, stored) {
        (Some(owner), _) => {
            let owner_id =
                NationalId::parse(owner).map_err(|e| RowError::at("owner_national_id", e))?;
            w.reader()
                .person_by_national_id(&owner_id)
                .map_err(|e| RowError::at("owner_national_id", e))?
                .id()
        }
        (None, Some(d)) => d.owner,
        (None, None) => return Err(RowError::at("owner_national_id", "is empty")),
    };
    // The mode the row gives, or the recorded one (else independent). A
    // mode's companion column is read only with its mode: given with
    // another, it is refused, not dropped.
    let recorded_mode = recorded_business.as_ref().map(|b| &b.data().mode);
    let mode_name = row
        .optional("mode")
        .or(recorded_mode.map(|m| match m {
            BusinessMode::Independent => "independent",
            BusinessMode::Support { .. } => "support",
            BusinessMode::Cluster { .. } => "cluster",
            // A mode of a later version takes no companion column here.
            _ => "",
        }))
        .unwrap_or("independent");
    for (column, with) in [("parent_code", "support"), ("cluster", "cluster")] {
        if row.optional(column).is_some() && mode_name != with {
            return Err(RowError::at(
                column,
                format!("is given only with the mode {with}"),
            ));
        }
    }
    let companion = row.optional("parent_code").or(row.optional("cluster"));
    let mode = match (row.optional("mode"), companion, recorded_mode) {
        // Neither the mode nor its companion given: the recorded mode.
        (None, None, Some(recorded)) => recorded.clone(),
        _ => business_mode(w, row, mode_name)?,
    };
    let recorded = |licence: fn(&BusinessData) -> &Option<Licence>| {
        recorded_business
            .as_ref()
            .and_then(|b| licence(b.data()).as_ref())
    };
    let data = BusinessData {
        id: BusinessId::new(),
        code: code.to_owned(),
        household,
        owner,
        office,
        activity: match (row.required_or_kept("activity", exists)?, stored) {
            (Some(activity), _) => {
                lookups.codes.activity("activity", activity, None)?;
                activity.to_owned()
            }
            (None, Some(d)) => d.activity.clone(),
            (None, None) => return Err(RowError::at("activity", "is empty")),
        },
        mode,
        licence: merged_licence(row, LICENCE, recorded(|d| &d.licence), w.today())?,
        health_certificate: merged_licence(
            row,
            HEALTH,
            recorded(|d| &d.health_certificate),
            w.today(),
        )?,
        capital_invested: row.rials("capital_rial")?.unwrap_or(Money::rial(0)),
        state: business_state(row)?,
    };
    // Already imported: a state the row gives must be the recorded one, as
    // only its commands move it on through its lifecycle.
    if let Some(existing) = recorded_business {
        let d = existing.data().clone();
        if row.optional("state").is_some() && d.state != data.state {
            let column = if d.state.name() == data.state.name() {
                "closure_reason"
            } else {
                "state"
            };
            return Err(RowError::lifecycle(
                column,
                d.state.name(),
                BUSINESS_COMMANDS,
                lookups.update,
            ));
        }
        // Only the cells the row gives count: a column the file leaves out,
        // or a blank cell, keeps what is recorded (never cleared).
        let mut after = d.clone();
        if d.activity != data.activity
            && lookups.update
            && lookups
                .traded
                .as_ref()
                .is_some_and(|t| t.contains(&existing.id()))
        {
            return Err(RowError::at("activity", ACTIVITY_FIXED));
        }
        after.activity = data.activity.clone();
        after.mode = data.mode.clone();
        after.licence = data.licence.clone();
        after.health_certificate = data.health_certificate.clone();
        if row.optional("capital_rial").is_some() {
            after.capital_invested = data.capital_invested;
        }
        let a = &after;
        return lookups.compare_or_update(
            &format!("business {code}"),
            [
                ("household_code", d.household != data.household),
                ("owner_national_id", d.owner != data.owner),
                ("activity", d.activity != a.activity),
                ("mode", d.mode != a.mode),
            ]
            .into_iter()
            .chain(
                licence_difference(d.licence.as_ref(), a.licence.as_ref(), LICENCE)
                    .map(|column| (column, true)),
            )
            .chain(
                licence_difference(
                    d.health_certificate.as_ref(),
                    a.health_certificate.as_ref(),
                    HEALTH,
                )
                .map(|column| (column, true)),
            )
            .chain([("capital_rial", d.capital_invested != a.capital_invested)]),
            &["household_code", "owner_national_id"],
            || {
                w.note_values(value_changes(&d, &after));
                w.update_business(existing.id(), |b| *b = after).map(drop)
            },
        );
    }
    w.add_business(data)?;
    Ok(lookups.created(&format!("business {code}")))
}

/// Imports one CSV file of `kind` as one transaction.
///
/// `file` names the file in messages. `rejects`, if given, receives the bad
/// rows (with [`OnError::Skip`]) as CSV: the original columns and `error`.
/// `progress` is called with the number of rows read so far, every 1,000
/// rows and at the end; the CLI draws its progress bar from it.
#[allow(clippy::too_many_arguments)] // each argument is a separate, documented choice
pub fn import_csv<S: RegistryStore>(
    registry: &Registry<S>,
    actor: &Actor,
    kind: ImportKind,
    file: &str,
    input: impl io::Read,
    options: &ImportOptions,
    mut rejects: Option<&mut dyn io::Write>,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, ImportError> {
    let columns = if options.update {
        kind.update_columns()
    } else {
        kind.columns()
    };
    let mut csv = CsvFile::open(file, input, &columns)?;
    let codes = CatalogCodes::of(options.catalog.as_deref())?;
    let mut rejects = match rejects.as_mut() {
        Some(out) => {
            // Rows are written as they were, whatever their number of cells.
            let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(out);
            let mut header = csv.headers.clone();
            header.push_field("error");
            writer.write_record(&header).map_err(ImportError::Rejects)?;
            Some(writer)
        }
        None => None,
    };
    let apply = match kind {
        ImportKind::Offices => office_row,
        ImportKind::Households => household_row,
        ImportKind::People => person_row,
        ImportKind::Businesses => business_row,
    };
    let mut report = ImportReport {
        file: file.to_owned(),
        rows: 0,
        created: 0,
        existing: 0,
        updated: 0,
        conflicts: 0,
        rejected: 0,
        flagged: 0,
        dry_run: options.dry_run,
        problems: Vec::new(),
    };
    // The key and the line of every row applied, with a hash of its cells:
    // a row that repeats an earlier one, cell for cell, is named so.
    let mut seen: FastMap<String, (u64, u64)> = FastMap::default();
    let row_hasher = Hasher::default();
    // Set when the transaction must be rolled back; returned after it is.
    let mut failure: Option<ImportError> = None;
    let outcome = registry.write(actor, |w| {
        let mut lookups = Lookups {
            offices: FastMap::default(),
            household: None,
            household_id: None,
            codes,
            line: 0,
            created: FastMap::default(),
            created_people: FastMap::default(),
            update: options.update,
            traded: options.traded.clone(),
        };
        let mut batch: Vec<(u64, RowResult<()>, csv::StringRecord)> =
            Vec::with_capacity(LOOK_AHEAD_ROWS);
        let mut ended = false;
        // Keys are worked out only for a store that uses them.
        let looks_ahead = w.looks_ahead()?;
        // Once a batch was large enough, every later one looks ahead too
        // (the last, short one of a large file included).
        let mut bulk = false;
        while !ended {
            // A batch of rows, whose keys the store is told ahead.
            batch.clear();
            let mut read_error = None;
            while batch.len() < LOOK_AHEAD_ROWS {
                let mut record = csv::StringRecord::new();
                match csv.next(&mut record) {
                    Ok(Some((line, shape))) => batch.push((line, shape, record)),
                    Ok(None) => ended = true,
                    Err(e) => read_error = Some(e),
                }
                if ended || read_error.is_some() {
                    ended = true;
                    break;
                }
            }
            bulk = bulk || batch.len() >= LOOK_AHEAD_MIN;
            if bulk && looks_ahead {
                w.look_ahead(&look_ahead(kind, &csv, &batch))?;
            }
            for (line, shape, record) in batch.drain(..) {
                report.rows += 1;
                lookups.line = line;
                let keyed = csv.keyed(&record);
                let row = Row {
                    record: &keyed,
                    columns: &csv.columns,
                };
                let key = row.cell(kind.required_columns()[0]).to_owned();
                let cells = {
                    use std::hash::{BuildHasher, Hash, Hasher as _};
                    let mut hasher = row_hasher.build_hasher();
                    for &i in csv.columns.values() {
                        keyed.get(i).map(str::trim).hash(&mut hasher);
                    }
                    hasher.finish()
                };
                let repeated = seen
                    .get(&key)
                    .filter(|(_, hash)| *hash == cells)
                    .map(|(earlier, _)| *earlier);
                let applied = shape.and_then(|()| match repeated {
                    Some(earlier) => Err(RowError::repeated(earlier)),
                    None => apply(w, &row, &mut lookups),
                });
                if applied.is_ok() && !key.is_empty() {
                    seen.insert(key, (line, cells));
                }
                match applied {
                    Ok(Applied::Created) => report.created += 1,
                    Ok(Applied::Flagged) => {
                        report.created += 1;
                        report.flagged += 1;
                    }
                    Ok(Applied::Existing) => report.existing += 1,
                    Ok(Applied::Updated) => report.updated += 1,
                    Err(e) => {
                        let count = if e.conflict {
                            &mut report.conflicts
                        } else {
                            &mut report.rejected
                        };
                        let err = e.in_file(file, line);
                        // Written as an error that stops the file is
                        // (`homebiz` prints those through `numerals` too):
                        // Persian digits under Persian, codes as they are.
                        let reason =
                            homebiz_core::text::numerals(&err.describe(options.lang), options.lang)
                                .into_owned();
                        if options.on_error == OnError::Skip && report.problems.len() < MAX_PROBLEMS
                        {
                            report.problems.push(reason.clone());
                        }
                        match (&options.on_error, rejects.as_mut()) {
                            (OnError::Skip, Some(out)) => {
                                let mut bad = padded(&record, csv.headers.len());
                                bad.push_field(&reason);
                                if let Err(e) = out.write_record(&bad) {
                                    failure = Some(ImportError::Rejects(e));
                                    return Err(rollback());
                                }
                                *count += 1;
                            }
                            (OnError::Skip, None) => *count += 1,
                            (OnError::Abort, _) => {
                                failure = Some(err);
                                return Err(rollback());
                            }
                        }
                    }
                }
                if report.rows.is_multiple_of(1000) {
                    progress(report.rows);
                }
            }
            // The rows before a file error were applied first, so a bad
            // row among them is reported as it was without look-ahead.
            if let Some(e) = read_error {
                failure = Some(e);
                return Err(rollback());
            }
        }
        progress(report.rows);
        if options.dry_run {
            return Err(rollback());
        }
        Ok(())
    });
    if let Some(failure) = failure {
        return Err(failure);
    }
    match outcome {
        Ok(()) => {}
        Err(RegistryError::Invalid {
            field: ROLLBACK, ..
        }) if options.dry_run => {}
        Err(err) => return Err(err.into()),
    }
    if let Some(mut out) = rejects {
        out.flush().map_err(|e| ImportError::Rejects(e.into()))?;
    }
    Ok(report)
}

/// Rows an import reads ahead of applying them, and the fewest rows of a
/// file's first batch for which it tells the store their keys
/// ([`Writer::look_ahead`]), and then every later batch's: a small file is
/// written as before, record by record (on PostgreSQL, reading keys ahead
/// locks index pages that concurrent writers on other offices insert
/// into), a large one in bulk.
const LOOK_AHEAD_ROWS: usize = 2000;
const LOOK_AHEAD_MIN: usize = 100;

/// The keys the rows of `batch` will look up or create, for
/// [`Writer::look_ahead`]: households' codes, and people's national IDs,
/// households and identities (name key and birth date). Rows whose cells
/// do not parse are left out; they are refused when applied.
fn look_ahead<R: io::Read>(
    kind: ImportKind,
    csv: &CsvFile<'_, R>,
    batch: &[(u64, RowResult<()>, csv::StringRecord)],
) -> LookAhead {
    let mut ahead = LookAhead::default();
    for (_, _, record) in batch.iter().filter(|(_, shape, _)| shape.is_ok()) {
        let keyed = csv.keyed(record);
        let row = Row {
            record: &keyed,
            columns: &csv.columns,
        };
        match kind {
            ImportKind::Households => ahead.household_codes.push(row.cell("code").to_owned()),
            ImportKind::People => {
                if let Ok(national_id) = NationalId::parse(row.cell("national_id")) {
                    ahead.national_ids.push(national_id);
                }
                if let Some(household) = row.optional("household_code") {
                    ahead.household_codes.push(household.to_owned());
                }
                if let Ok(Some(birth)) = row.date("birth_date") {
                    let name =
                        PersonData::name_key_of(row.cell("given_name"), row.cell("family_name"));
                    ahead.identities.push((name, birth));
                }
            }
            ImportKind::Offices | ImportKind::Businesses => {}
        }
    }
    ahead
}

/// `record` with empty cells added up to `width`, so that a short row's
/// error lands in the rejects' `error` column.
pub(crate) fn padded(record: &csv::StringRecord, width: usize) -> csv::StringRecord {
    let mut out = record.clone();
    for _ in record.len()..width {
        out.push_field("");
    }
    out
}

/// A parsed cell that must not be empty.
pub(crate) fn required<T>(value: RowResult<Option<T>>, column: &'static str) -> RowResult<T> {
    value?.ok_or_else(|| RowError::at(column, "is empty"))
}

/// Reads every row of a small CSV file with `parse`, all or nothing: the
/// first bad row is an [`ImportError::Row`] naming the file, line and
/// column. `columns` are the file's columns.
pub(crate) fn read_all<T>(
    file: &str,
    input: impl io::Read,
    columns: &FileColumns,
    mut parse: impl FnMut(&Row<'_>) -> RowResult<T>,
) -> Result<Vec<T>, ImportError> {
    let mut out = Vec::new();
    for_each_row(file, input, columns, |line, row, _, _| {
        out.push(
            row.and_then(&mut parse)
                .map_err(|e| e.in_file(file, line))?,
        );
        Ok(())
    })?;
    Ok(out)
}

/// Reads every row of a small CSV file with `parse`, as [`read_all`], where
/// each record has a `key`: a key repeated with the same content is kept
/// once; with other content it is a conflict that refuses the file, naming
/// the row, the record (`what` words it), the first column that `differ`
/// finds and the earlier row.
pub(crate) fn read_keyed<T, K: Eq + std::hash::Hash>(
    file: &str,
    input: impl io::Read,
    columns: &FileColumns,
    what: impl Fn(&T) -> String,
    mut parse: impl FnMut(&Row<'_>) -> RowResult<T>,
    key: impl Fn(&T) -> K,
    differ: impl Fn(&T, &T) -> Option<&'static str>,
) -> Result<Vec<T>, ImportError> {
    let mut out: Vec<T> = Vec::new();
    let mut seen: HashMap<K, (u64, usize)> = HashMap::new();
    for_each_row(file, input, columns, |line, row, _, _| {
        let item = row
            .and_then(&mut parse)
            .map_err(|e| e.in_file(file, line))?;
        match seen.get(&key(&item)) {
            Some(&(earlier, i)) => {
                if let Some(column) = out.get(i).and_then(|first| differ(first, &item)) {
                    return Err(
                        RowError::conflict(column, &what(&item), Some(earlier)).in_file(file, line)
                    );
                }
            }
            None => {
                seen.insert(key(&item), (line, out.len()));
                out.push(item);
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// Streams a CSV file's rows to `f` with their line in the file, the row
/// (or why its shape is bad: its number of cells),
/// the raw record and the header, stopping at the first error `f` returns.
pub(crate) fn for_each_row(
    file: &str,
    input: impl io::Read,
    columns: &FileColumns,
    mut f: impl FnMut(
        u64,
        RowResult<&Row<'_>>,
        &csv::StringRecord,
        &csv::StringRecord,
    ) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut csv = CsvFile::open(file, input, columns)?;
    let mut record = csv::StringRecord::new();
    while let Some((line, shape)) = csv.next(&mut record)? {
        let keyed = csv.keyed(&record);
        let row = Row {
            record: &keyed,
            columns: &csv.columns,
        };
        f(line, shape.map(|()| &row), &record, &csv.headers)?;
    }
    Ok(())
}

/// The columns a kind of file has: those it must have, those it may have,
/// and other names (Persian ones) a header may give them, as `(alias,
/// name)` pairs. A header cell that is none of these refuses the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileColumns {
    /// Columns the file must have.
    pub(crate) required: &'static [&'static str],
    /// Columns the file may have.
    pub(crate) optional: &'static [&'static str],
    /// Other names of columns.
    pub(crate) aliases: &'static [(&'static str, &'static str)],
    /// Only the first required column (the key) must be in the header;
    /// the other required ones may be, and are checked row by row.
    pub(crate) key_only: bool,
}

impl FileColumns {
    /// Every name a header may use, with the column it names.
    fn names(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.required
            .iter()
            .chain(self.optional)
            .map(|c| (*c, *c))
            .chain(self.aliases.iter().copied())
    }

    /// The column a header cell names, if any: compared after [`fold`].
    fn find(&self, header: &str) -> Option<&'static str> {
        let key = fold(header);
        self.names()
            .find(|(name, _)| fold(name) == key)
            .map(|(_, column)| column)
    }

    /// The column an unknown header cell probably means: the one whose
    /// name (or alias) is nearest, if near enough (a typo or two).
    fn nearest(&self, header: &str) -> Option<&'static str> {
        let key: Vec<char> = fold(header).chars().collect();
        self.names()
            .map(|(name, column)| {
                let name: Vec<char> = fold(name).chars().collect();
                (edit_distance(&key, &name), name.len(), column)
            })
            .filter(|&(d, len, _)| d <= 2 && d * 3 <= len.max(key.len()))
            .min_by_key(|&(d, _, _)| d)
            .map(|(_, _, column)| column)
    }
}

/// A header as compared: a byte-order mark stripped, Persian text
/// normalised (Arabic yeh and kaf, digits), lower case, and spaces, ZWNJs,
/// `_` and `-` left out, so `National ID`, `national_id` and ` NATIONAL_ID`
/// are one column, as are `مهارت‌ها`, `مهارتها` and `مهارت ها`.
pub(crate) fn fold(header: &str) -> String {
    normalize(header.trim_start_matches('\u{feff}'))
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200c}' | '_' | '-'))
        .collect()
}

/// The columns that hold a code or an ID (a user's key), in any file.
pub(crate) const KEY_COLUMNS: [&str; 11] = [
    "code",
    "office_code",
    "household_code",
    "parent_code",
    "cluster",
    "activity",
    "interests",
    "id",
    "business",
    "exhibition",
    "channel",
];

/// A user's key (a code, an ID) as compared and stored: normalised as
/// Persian text is ([`normalize`]: Persian and Arabic-Indic digits to
/// ASCII, Arabic letters to Persian, spaces tidied), so `S-۰۰۰۰۰۱` is
/// `S-000001`.
pub fn key(text: &str) -> String {
    normalize(text.trim())
}

/// Whether `text` is a key as [`key`] makes it, checked without allocating
/// for the usual key (printable ASCII without spaces, which [`key`] leaves
/// as it is).
fn is_key(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_graphic()) || key(text) == text
}

/// Levenshtein distance between two words.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous[b.len()]
}

/// An input that notes where its lines end, so that a record's line in the
/// file is known whatever the CSV reader skips (blank lines): `\n`, `\r\n`
/// and a lone `\r` each end a line. Only the ends not yet passed are kept,
/// each as its first byte and the byte after it.
struct LineEnds<R> {
    inner: R,
    read: u64,
    ends: std::collections::VecDeque<(u64, u64)>,
    /// Whether the last byte read was `\r`.
    cr: bool,
    passed: u64,
}

impl<R: io::Read> io::Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf.iter().take(n).enumerate() {
            let at = self.read + i as u64;
            match (b, self.ends.back_mut()) {
                // The `\n` of a `\r\n`.
                (b'\n', Some(end)) if end.1 == at && end.0 + 1 == at && self.cr => {
                    end.1 = at + 1;
                }
                (b'\r' | b'\n', _) => self.ends.push_back((at, at + 1)),
                _ => {}
            }
            self.cr = b == b'\r';
        }
        self.read += n as u64;
        Ok(n)
    }
}

impl<R> LineEnds<R> {
    /// The line (from 1) of the record that the CSV reader places at
    /// `offset`: the reader places it before the blank lines it skipped,
    /// so these are passed too. Offsets must not go back.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut at = offset;
        while let Some(&(start, next)) = self.ends.front() {
            if start < offset {
                // A line end passed, perhaps half (the reader may place a
                // record after the `\r` of a `\r\n`).
                self.passed += 1;
                at = at.max(next);
            } else if start == at {
                self.passed += 1;
                at = next;
            } else {
                break;
            }
            self.ends.pop_front();
        }
        self.passed + 1
    }
}

/// A CSV file being read: its reader, its header and the header's columns
/// by name. Fields are trimmed.
pub(crate) struct CsvFile<'f, R> {
    file: &'f str,
    reader: csv::Reader<LineEnds<io::BufReader<R>>>,
    headers: csv::StringRecord,
    columns: Columns,
    /// The cells of the key columns ([`KEY_COLUMNS`]) the file has.
    keys: Vec<usize>,
    /// The header's cells up to its last named one: a row must have as
    /// many (Excel's trailing empty cells aside).
    width: usize,
}

impl<'f, R: io::Read> CsvFile<'f, R> {
    /// Reads the header of `input` (named `file` in errors) and checks the
    /// file's shape, the same for every importer: a text file, UTF-8 (not
    /// UTF-16 or cp1256), commas (not `;`, `؛` or tabs), no column twice,
    /// no column that is not one of `columns`, and the required ones, each
    /// by its name or an alias, compared after [`fold`].
    pub(crate) fn open(
        file: &'f str,
        input: R,
        columns: &FileColumns,
    ) -> Result<Self, ImportError> {
        let mut input = io::BufReader::new(input);
        if let Some(encoding) =
            not_utf8(io::BufRead::fill_buf(&mut input).map_err(|e| Self::error(file, e.into()))?)
        {
            return Err(ImportError::Encoding {
                file: file.to_owned(),
                encoding,
            });
        }
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(LineEnds {
                inner: input,
                read: 0,
                ends: std::collections::VecDeque::new(),
                cr: false,
                passed: 0,
            });
        let headers = reader
            .headers()
            .map_err(|source| Self::error(file, source))?
            .clone();
        if let [only] = headers.iter().collect::<Vec<_>>().as_slice()
            && let Some(separator) = [(';', "';'"), ('؛', "'؛'"), ('\t', "tabs")]
                .into_iter()
                .find_map(|(c, name)| only.contains(c).then_some(name))
        {
            return Err(ImportError::Separator {
                file: file.to_owned(),
                separator,
            });
        }
        let found = header_columns(file, &headers, columns)?;
        let width = (0..headers.len())
            .rev()
            .find(|&i| headers.get(i).is_some_and(|h| !fold(h).is_empty()))
            .map_or(0, |i| i + 1);
        let keys = KEY_COLUMNS
            .iter()
            .filter_map(|c| found.get(c).copied())
            .collect();
        Ok(Self {
            file,
            reader,
            headers,
            columns: found,
            keys,
            width,
        })
    }

    /// Reads the next row into `record`: its line in the file and whether
    /// its shape is right (as many cells as the header), or `None` at the
    /// end; a control character in any cell refuses the file. A row of empty cells is skipped
    /// like a blank line; empty cells beyond the header's are ignored.
    pub(crate) fn next(
        &mut self,
        record: &mut csv::StringRecord,
    ) -> Result<Option<(u64, RowResult<()>)>, ImportError> {
        loop {
            if !self
                .reader
                .read_record(record)
                .map_err(|source| Self::error(self.file, source))?
            {
                return Ok(None);
            }
            let offset = record.position().map_or(0, |p| p.byte());
            let line = self.reader.get_mut().line_at(offset);
            if record.iter().all(str::is_empty) {
                continue;
            }
            // The cells up to the last one that is not empty.
            let cells = (0..record.len())
                .rev()
                .find(|&i| record.get(i).is_some_and(|c| !c.is_empty()))
                .map_or(0, |i| i + 1);
            let shape = if record.len() < self.width {
                Err(RowError::whole(format!(
                    "has {} cells, the header has {}",
                    record.len(),
                    self.width
                )))
            } else if cells > self.headers.len().max(self.width) {
                Err(RowError::whole(format!(
                    "has {cells} cells, the header has {}: a number may hold an unquoted \
                     thousands separator (write 2600000, or quote it)",
                    self.width
                )))
            } else {
                Ok(())
            };
            // A control character refuses the file, even under skip.
            if let Some(i) = record
                .iter()
                .position(|cell| validate::plain(cell).is_err())
            {
                return Err(ImportError::Row {
                    file: self.file.to_owned(),
                    row: line,
                    column: self
                        .columns
                        .iter()
                        .find_map(|(&name, &at)| (at == i).then(|| name.to_owned())),
                    reason: validate::CONTROL_CHARACTER.to_owned(),
                });
            }
            return Ok(Some((line, shape)));
        }
    }

    /// `record` with its key cells (codes and IDs, [`KEY_COLUMNS`])
    /// normalised as [`key`] does, so that `S-۰۰۰۰۰۱` and `S-000001` are
    /// one key; borrowed when nothing changes.
    pub(crate) fn keyed<'r>(
        &self,
        record: &'r csv::StringRecord,
    ) -> std::borrow::Cow<'r, csv::StringRecord> {
        let keys: Vec<usize> = self
            .keys
            .iter()
            .copied()
            .filter(|&i| record.get(i).is_some_and(|cell| !is_key(cell)))
            .collect();
        if keys.is_empty() {
            return std::borrow::Cow::Borrowed(record);
        }
        std::borrow::Cow::Owned(
            record
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    if keys.contains(&i) {
                        key(cell)
                    } else {
                        cell.to_owned()
                    }
                })
                .collect(),
        )
    }

    /// The trimmed cell of `column` in `record`, or "" when the column is
    /// absent.
    pub(crate) fn cell<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        cell_of(record, &self.columns, column)
    }

    /// A CSV error, or the advice to save as UTF-8 when the file is not.
    fn error(file: &str, error: csv::Error) -> ImportError {
        if let csv::ErrorKind::Utf8 { .. } = error.kind() {
            return ImportError::Encoding {
                file: file.to_owned(),
                encoding: "cp1256 or another encoding",
            };
        }
        ImportError::Csv {
            file: file.to_owned(),
            error,
        }
    }
}

/// What the file's first bytes are, when not UTF-8 text: UTF-16 (a
/// byte-order mark, or a NUL byte beside every ASCII character), or not
/// text at all (other NUL bytes: a spreadsheet, a program).
fn not_utf8(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16");
    }
    if !head.contains(&0) {
        return None;
    }
    let sample = &head[..head.len().min(64) & !1];
    let half = |parity: usize| {
        sample
            .iter()
            .enumerate()
            .all(|(i, &b)| (i % 2 == parity) == (b == 0))
    };
    Some(if !sample.is_empty() && (half(0) || half(1)) {
        "UTF-16"
    } else {
        NOT_TEXT
    })
}

/// The column a rejects file adds for each row's reason: a file may have
/// it (a rejects file fixed and imported again); it is ignored.
const REJECTS_COLUMN: &str = "error";

/// What [`ImportError::Encoding`] says of a file that is not text.
pub(crate) const NOT_TEXT: &str = "not a CSV text file";

/// The header's columns by name (a cell that is an alias counts as its
/// name), checked for a column named twice, for a cell that is no column
/// of `columns` and for the required ones.
fn header_columns(
    file: &str,
    headers: &csv::StringRecord,
    columns: &FileColumns,
) -> Result<Columns, ImportError> {
    if headers.iter().all(|header| fold(header).is_empty()) {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let mut found = Columns::default();
    // The cells that name no column, with the column each probably means.
    let mut unknown: Vec<(String, Option<&'static str>)> = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        if fold(header).is_empty() {
            continue; // a spreadsheet's empty trailing column
        }
        let Some(name) = columns.find(header) else {
            // The reasons of a rejects file, imported again once fixed.
            if fold(header) == REJECTS_COLUMN && !found.contains_key(REJECTS_COLUMN) {
                found.insert(REJECTS_COLUMN, i);
                continue;
            }
            unknown.push((
                header.trim_start_matches('\u{feff}').trim().to_owned(),
                columns.nearest(header),
            ));
            continue;
        };
        if found.contains_key(name) {
            return Err(ImportError::RepeatedColumn {
                file: file.to_owned(),
                column: name.to_owned(),
            });
        }
        found.insert(name, i);
    }
    let needed = if columns.key_only {
        &columns.required[..columns.required.len().min(1)]
    } else {
        columns.required
    };
    let missing: Vec<&'static str> = needed
        .iter()
        .copied()
        .filter(|column| !found.contains_key(column))
        .collect();
    // A misspelt column is named with the column it probably means; a
    // required column missing otherwise (another kind of file) is named
    // as missing, before the columns this kind of file does not have.
    let misspelt = unknown
        .iter()
        .position(|(_, nearest)| nearest.is_some_and(|n| missing.contains(&n)));
    match (misspelt, missing.first()) {
        (None, Some(column)) => Err(ImportError::MissingColumn {
            file: file.to_owned(),
            column,
            expected: needed,
        }),
        (misspelt, _) if !unknown.is_empty() => {
            let (column, nearest) = unknown.swap_remove(misspelt.unwrap_or(0));
            Err(ImportError::UnknownColumn {
                file: file.to_owned(),
                column,
                nearest,
            })
        }
        _ => Ok(found),
    }
}

const ROLLBACK: &str = "import";

/// The error that makes the registry roll the file's transaction back.
fn rollback() -> RegistryError {
    RegistryError::invalid(ROLLBACK, "rolled back")
}
