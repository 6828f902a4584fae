//! Correct and change state (issue #14): edit a household, person or
//! business through the registry's audited updates, move memberships and
//! businesses through their lifecycles, and read a record's history.
//!
//! Every use case takes the acting user and plain inputs (codes, a national
//! ID, `field=value` pairs), goes through [`Registry::write`] or
//! [`Registry::read`] with that actor, and so never reaches a record
//! outside the actor's scope: such a record behaves as not found.
//!
//! [`Registry::write`]: homebiz_registry::Registry::write
//! [`Registry::read`]: homebiz_registry::Registry::read

use std::collections::HashSet;

use homebiz_core::JalaliDate;
use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::{ActorId, PersonId};
use homebiz_core::iran::{Mobile, NationalId};
use homebiz_income::store::IncomeStore;
use homebiz_market::store::MarketStore;
use homebiz_registry::household::{BASELINE_TOO_OLD, MAX_AREA_M2};
use homebiz_registry::person::MAX_HOURS_PER_WEEK;
use homebiz_registry::{
    Actor, AuditAction, BusinessData, BusinessState, EntityKind, EntityRef, FieldChange, Fields,
    HouseholdData, Licence, LicenceKind, Lifecycle, MembershipState, Person, PersonData,
    RegistryError, RegistryStore,
};
use serde::Serialize;

use super::{CodeRef, Program, Result};
use crate::import::{
    CatalogCodes, ImportKind, key, parse_bool, parse_gender, parse_name, parse_rials,
};
use homebiz_core::id::HouseholdId;

/// One change an edit asks for: a field, by the import's column name, and
/// its new value as text (empty clears an optional field).
#[derive(Clone, PartialEq, Eq)]
pub struct FieldValue {
    /// The field, such as `address` or `hours_per_week`.
    pub field: String,
    /// The new value, as in an import file.
    pub value: String,
}

impl FieldValue {
    /// `field=value`, as typed on a command line.
    pub fn parse(text: &str) -> Result<Self> {
        let (field, value) = text
            .split_once('=')
            .ok_or_else(|| RegistryError::invalid("field", "write each change as field=value"))?;
        Ok(Self {
            field: field.trim().to_lowercase(),
            value: value.trim().to_owned(),
        })
    }
}

// The value may be personal (a name, a mobile): never in Debug.
impl std::fmt::Debug for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldValue")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

/// What an edit changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edited {
    /// The kind of record.
    pub kind: EntityKind,
    /// The fields that changed, by the names the edit gives them
    /// (`area_m2`, `capital_rial`; one given by its Persian label is
    /// named by its own name), in the order given (empty when every value was already as
    /// asked: nothing is written or audited).
    pub changed: Vec<String>,
    /// For a person, who was edited, named without the national ID
    /// (`None` for a household or business, named by the code given).
    pub person: Option<EditedPerson>,
    /// For a household or business, its code as the registry keeps it
    /// (`None` for a person, named by [`person`](Self::person)).
    pub code: Option<String>,
}

/// The person an edit changed, named for messages without their national
/// ID: by their household's code and their ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditedPerson {
    /// The person's ID (what `person show` takes).
    pub id: PersonId,
    /// Their household, by code with its ID beside.
    pub household: CodeRef<HouseholdId>,
}

/// A step in a household's programme membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MembershipStep {
    /// Applied → enrolled.
    Enrol,
    /// Enrolled or paused → active.
    Activate,
    /// Active → paused.
    Pause,
    /// Active → graduated.
    Graduate,
    /// Any state but graduated or exited → exited, with a reason.
    Exit,
}

/// A step in a home business's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BusinessStep {
    /// Planned → in training.
    Train,
    /// In training → licensed (the business needs a licence).
    License,
    /// Licensed or suspended → active.
    Activate,
    /// Active → suspended: ends its exhibition applications and releases
    /// its booth-weeks from today on.
    Suspend,
    /// Any state but closed → closed, with a reason: ends its exhibition
    /// applications and releases its booth-weeks from today on.
    Close,
}

/// A lifecycle move that was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The household's or business's code.
    pub code: String,
    /// The state before.
    pub from: String,
    /// The state after.
    pub to: String,
    /// The reason, for an exit or a closure.
    pub reason: Option<String>,
}

/// What one history entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HistoryChange {
    /// A lifecycle transition, old → new state.
    State {
        /// The state before.
        from: String,
        /// The state after.
        to: String,
        /// The reason, for an exit or a closure.
        reason: Option<String>,
    },
    /// The record was created, updated, given or withdrawn a consent, or
    /// flagged as a likely duplicate: the fields concerned, and for an
    /// update made by an edit or an import, each field's old → new value.
    Fields {
        /// What kind of write.
        action: AuditAction,
        /// The fields concerned.
        fields: Vec<String>,
        /// Old → new values of an update (empty when the writer gave none);
        /// for a resolved duplicate, its note as the `note` field's new
        /// value.
        changes: Vec<FieldChange>,
    },
}

/// One entry of a record's history: who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: ActorId,
    /// Who, by login code, when the actor is a configured user
    /// ([`Program::add_user`]).
    pub user: Option<String>,
    /// What.
    pub change: HistoryChange,
}

/// The history of one household, person or business, oldest first.
///
/// Its JSON withholds the old and new values of a national ID or a mobile
/// (each `null`, the field still named) unless asked
/// ([`ShowsPeople::with_personal`](super::personal::ShowsPeople::with_personal)),
/// as the other views that carry people do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The kind of record.
    pub kind: EntityKind,
    /// Its entries, oldest first.
    pub entries: Vec<HistoryEntry>,
}

/// The fields whose values a history's JSON withholds without
/// `personal`.
const PERSONAL_FIELDS: [&str; 2] = ["national_id", "mobile"];

impl super::personal::ShowsPeople for History {
    fn serialize_people<S: serde::Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        use serde_json::Value;
        #[derive(Serialize)]
        struct Full<'a> {
            kind: &'a EntityKind,
            entries: &'a [HistoryEntry],
        }
        let full = Full {
            kind: &self.kind,
            entries: &self.entries,
        };
        if personal {
            return full.serialize(serializer);
        }
        let mut value = serde_json::to_value(&full).map_err(S::Error::custom)?;
        let entries = value.get_mut("entries").and_then(Value::as_array_mut);
        for entry in entries.into_iter().flatten() {
            let changes = entry
                .pointer_mut("/change/changes")
                .and_then(Value::as_array_mut);
            for change in changes.into_iter().flatten() {
                let field = change.get("field").and_then(Value::as_str);
                if field.is_some_and(|f| PERSONAL_FIELDS.contains(&f)) {
                    change["old"] = Value::Null;
                    change["new"] = Value::Null;
                }
            }
        }
        value.serialize(serializer)
    }
}

impl Serialize for History {
    /// Without the values of national IDs and mobiles; see
    /// [`ShowsPeople::with_personal`](super::personal::ShowsPeople::with_personal).
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        super::personal::ShowsPeople::serialize_people(self, false, serializer)
    }
}

/// The old and new values, as text, of the top-level fields of `old` and
/// `new` that differ (by their serde names, which are the audit trail's
/// field names): strings as they are, other values as compact JSON, none
/// as empty text.
pub(crate) fn value_changes<T: Serialize>(old: &T, new: &T) -> Vec<FieldChange> {
    use serde_json::Value;
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let (Ok(Value::Object(old)), Ok(Value::Object(new))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    new.iter()
        .filter(|(field, value)| old.get(*field) != Some(*value))
        .map(|(field, value)| FieldChange {
            field: field.clone(),
            old: text(old.get(field)),
            new: text(Some(value)),
        })
        .collect()
}

/// A field an edit may not change, and why.
fn refused(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" => "is the record's identity and never changes",
        "code" => "is the record's identity: it names the record in files and other records",
        "office" | "office_code" => {
            "is identity: a record stays in its office (register it again in the other office)"
        }
        "national_id" => "is the person's identity: correct it by registering the person again",
        "household" | "household_code" => "is identity: a record stays in its household",
        "owner" | "owner_national_id" => "is identity: the owner of a business does not change",
        "membership" => {
            "changes through the lifecycle: household enrol|activate|pause|graduate|exit"
        }
        "state" => "changes through the lifecycle: business train|license|activate|suspend|close",
        "support" | "consent_support" | "disability" | "consent_disability" => {
            "is sensitive: it changes with a recorded consent only"
        }
        "skills" => {
            "changes through an import: homebiz import people FILE --update, with the column skills (sewing:advanced;dairy:beginner)"
        }
        _ => return None,
    })
}

/// The registry's name for an editable `field` among `names` — given by
/// that name or by its Persian label (`ساعت در هفته` for
/// `hours_per_week`) — or the error: refused with a reason, or unknown
/// with the accepted names.
///
/// A field may also be given by any header the import accepts for the
/// column (the import's own alias table, [`ImportKind::aliases`]:
/// `متراژ` for `area_m2`, `موبایل` for `mobile`).
fn editable(field: &str, fields: &Editable) -> Result<&'static str> {
    let names = fields.names;
    let folded = crate::import::fold(field);
    let field = fields
        .kind
        .aliases()
        .iter()
        .find(|(alias, _)| crate::import::fold(alias) == folded)
        .map_or(field, |(_, column)| *column);
    let label = homebiz_core::text::normalize(field);
    let field = homebiz_registry::describe::FIELDS
        .iter()
        .find(|(code, fa)| names.contains(code) && homebiz_core::text::normalize(fa) == label)
        .map_or(field, |(code, _)| code);
    if let Some(reason) = refused(field) {
        return Err(RegistryError::invalid(static_name(field), reason).into());
    }
    names.iter().copied().find(|n| *n == field).ok_or_else(|| {
        RegistryError::invalid(
            "field",
            format!(
                "unknown field {field}: expected one of {}",
                names.join(", ")
            ),
        )
        .into()
    })
}

/// The part of a record (the registry's name) that an edit's `field`
/// changes: `space` for `area_m2`, `capital_invested` for `capital_rial`.
fn part_of(field: &str) -> &str {
    match field {
        "area_m2" | "separate_room" => "space",
        "baseline_income_rial" | "baseline_survey_date" => "baseline",
        "capital_rial" => "capital_invested",
        f if f.starts_with("licence_") => "licence",
        f if f.starts_with("health_") => "health_certificate",
        f => f,
    }
}

/// The fields of `changes` (by the names an edit gives them, among
/// `names`) whose part of the record is `changed`, once each.
fn as_given(changed: &[String], changes: &[FieldValue], names: &Editable) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for change in changes {
        if let Ok(field) = editable(&change.field, names)
            && changed.iter().any(|c| c == part_of(field))
            && !out.iter().any(|o| o == field)
        {
            out.push(field.to_owned());
        }
    }
    out
}

/// The refused field's name as a `'static` string.
fn static_name(field: &str) -> &'static str {
    [
        "id",
        "code",
        "office",
        "office_code",
        "national_id",
        "household",
        "household_code",
        "owner",
        "owner_national_id",
        "membership",
        "state",
        "support",
        "consent_support",
        "disability",
        "consent_disability",
        "skills",
    ]
    .into_iter()
    .find(|n| *n == field)
    .unwrap_or("field")
}

fn date(field: &'static str, value: &str) -> Result<JalaliDate> {
    Ok(JalaliDate::parse_guess(value)
        .map_err(|_| RegistryError::invalid(field, "not a date (1403-12-05 or 2025-03-01)"))?
        .0)
}

/// A whole number from 0 to `max` (the field's range, named in the error).
fn whole<T: TryFrom<u64> + Into<u64>>(field: &'static str, value: &str, max: T) -> Result<T> {
    let max: u64 = max.into();
    // Read as an import reads a number cell (any digits, thousands
    // separators between groups of three), then kept to the field's range.
    homebiz_core::text::parse_whole(value)
        .ok()
        .filter(|n| *n <= max)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| {
            RegistryError::invalid(field, format!("not a whole number from 0 to {max}")).into()
        })
}

fn rials(field: &'static str, value: &str) -> Result<homebiz_core::Money> {
    Ok(parse_rials(value).map_err(|reason| RegistryError::invalid(field, reason))?)
}

fn yes_no(field: &'static str, value: &str) -> Result<bool> {
    Ok(parse_bool(value).map_err(|reason| RegistryError::invalid(field, reason))?)
}

fn named<T: for<'de> serde::Deserialize<'de>>(field: &'static str, value: &str) -> Result<T> {
    parse_name(value)
        .ok_or_else(|| RegistryError::invalid(field, "not one of the accepted values").into())
}

/// A person as an edit or a history names them, as `person show` does:
/// by their person ID, or by their national ID (any digits).
enum PersonKey {
    /// The person's ID (a UUID).
    Id(PersonId),
    /// The person's national ID.
    NationalId(NationalId),
}

impl PersonKey {
    /// Reads `key`: a person ID if it is one, else a national ID.
    fn parse(key: &str) -> Result<Self> {
        let key = key.trim();
        Ok(match key.parse::<PersonId>() {
            Ok(id) => Self::Id(id),
            Err(_) => Self::NationalId(NationalId::parse(key)?),
        })
    }

    /// The person the key names, among those `r` sees.
    fn find(&self, r: &homebiz_registry::Reader<'_>) -> homebiz_registry::Result<Person> {
        match self {
            Self::Id(id) => r.person(*id),
            Self::NationalId(national_id) => r.person_by_national_id(national_id),
        }
    }

    /// `found`, with "not found" naming the person by their ID, or by the
    /// kind of key only for a national ID (never repeated).
    fn named<T, E: Into<super::ProgramError>>(
        &self,
        found: std::result::Result<T, E>,
    ) -> Result<T> {
        match self {
            Self::Id(id) => super::named("person", &id.to_string(), found),
            Self::NationalId(_) => super::by_national_id(found),
        }
    }
}

/// The fields an edit of one kind of record may change, and the import
/// file whose headers name them too.
struct Editable {
    /// The registry's names (the import's columns) of the editable fields.
    names: &'static [&'static str],
    /// The kind of import file whose header aliases an edit accepts.
    kind: ImportKind,
}

/// Household fields an edit may change.
const HOUSEHOLD_FIELDS: &Editable = &Editable {
    kind: ImportKind::Households,
    names: &[
        "address",
        "area_m2",
        "separate_room",
        "baseline_income_rial",
        "baseline_survey_date",
        "registered_on",
    ],
};

/// Person fields an edit may change.
const PERSON_FIELDS: &Editable = &Editable {
    kind: ImportKind::People,
    names: &[
        "given_name",
        "family_name",
        "birth_date",
        "gender",
        "mobile",
        "education",
        "hours_per_week",
        "interests",
    ],
};

/// Business fields an edit may change.
const BUSINESS_FIELDS: &Editable = &Editable {
    kind: ImportKind::Businesses,
    names: &[
        "activity",
        "capital_rial",
        "licence_number",
        "licence_kind",
        "licence_issued",
        "licence_expires",
        "health_number",
        "health_issued",
        "health_expires",
    ],
};

/// Applies the changes to one licence (`licence_…` or `health_…`
/// columns, by `prefix`): an empty number removes it; a new licence needs
/// its number and issue day; the other columns change an existing one.
fn licence_changes(
    slot: &mut Option<Licence>,
    prefix: &str,
    changes: &[(&'static str, &str)],
) -> Result<()> {
    let part = |name: &str| {
        changes
            .iter()
            .rev()
            .find(|(field, _)| field.strip_prefix(prefix) == Some(name))
            .copied()
    };
    if let Some((field, number)) = part("_number") {
        if number.is_empty() {
            *slot = None;
            return Ok(());
        }
        match slot {
            Some(licence) => number.clone_into(&mut licence.number),
            None => {
                let (issued_field, issued) = part("_issued").ok_or_else(|| {
                    RegistryError::invalid(field, "a new licence needs its _issued day too")
                })?;
                *slot = Some(Licence {
                    number: number.to_owned(),
                    kind: LicenceKind::Other,
                    issued: date(issued_field, issued)?,
                    expires: None,
                });
            }
        }
    }
    for name in ["_kind", "_issued", "_expires"] {
        let Some((field, value)) = part(name) else {
            continue;
        };
        let licence = slot.as_mut().ok_or_else(|| {
            RegistryError::invalid(field, "the business has none: give its _number and _issued")
        })?;
        match name {
            "_kind" => licence.kind = named(field, value)?,
            "_issued" => licence.issued = date(field, value)?,
            _ if value.is_empty() => licence.expires = None,
            _ => licence.expires = Some(date(field, value)?),
        }
    }
    Ok(())
}

/// Applies `changes` to a copy of a household's data.
fn household_changes(data: &mut HouseholdData, changes: &[FieldValue]) -> Result<()> {
    for change in changes {
        let value = change.value.as_str();
        match editable(&change.field, HOUSEHOLD_FIELDS)? {
            "address" => data.address = value.to_owned(),
            "area_m2" => data.space.area_m2 = whole("area_m2", value, MAX_AREA_M2)?,
            "separate_room" => data.space.separate_room = yes_no("separate_room", value)?,
            field @ ("baseline_income_rial" | "baseline_survey_date") => {
                let income = field == "baseline_income_rial";
                match (&mut data.baseline, value.is_empty()) {
                    (_, true) => data.baseline = None,
                    (Some(b), false) if income => b.monthly_income = rials(field, value)?,
                    (Some(b), false) => b.survey_date = date(field, value)?,
                    (None, false) => {
                        return Err(RegistryError::invalid(
                            field,
                            "the household has no baseline: give baseline_income_rial and \
                             baseline_survey_date together in an import",
                        )
                        .into());
                    }
                }
            }
            _ => data.registered_on = date("registered_on", value)?,
        }
    }
    Ok(())
}

/// A household edit's error named by the field the user edited: the
/// registry's check of the baseline survey against the registration day
/// names `baseline_survey_date`, so an edit of `registered_on` alone is
/// refused naming `registered_on` first, then the other field.
fn as_edited(err: RegistryError, changes: &[FieldValue]) -> RegistryError {
    match err {
        RegistryError::Invalid { field, reason }
            if field == "baseline_survey_date" && reason == BASELINE_TOO_OLD =>
        {
            let edited = |name: &str| {
                changes
                    .iter()
                    .any(|c| editable(&c.field, HOUSEHOLD_FIELDS).ok() == Some(name))
            };
            if edited("registered_on") && !edited("baseline_survey_date") {
                RegistryError::invalid(
                    "registered_on",
                    "more than ten years after baseline_survey_date",
                )
            } else {
                RegistryError::invalid(
                    "baseline_survey_date",
                    "more than ten years before registered_on",
                )
            }
        }
        other => other,
    }
}

/// Applies `changes` to a copy of a person's data; interests are read
/// and checked against the catalog's `codes` as an import reads them.
fn person_changes(
    data: &mut PersonData,
    changes: &[FieldValue],
    codes: &CatalogCodes,
) -> Result<()> {
    for change in changes {
        let value = change.value.as_str();
        match editable(&change.field, PERSON_FIELDS)? {
            "given_name" => data.given_name = value.to_owned(),
            "family_name" => data.family_name = value.to_owned(),
            "birth_date" => data.birth_date = date("birth_date", value)?,
            "gender" => {
                data.gender = parse_gender(value)
                    .map_err(|reason| RegistryError::invalid("gender", reason))?;
            }
            "mobile" if value.is_empty() => data.mobile = None,
            "mobile" => {
                data.mobile = Some(
                    Mobile::parse(value)
                        .map_err(|_| RegistryError::invalid("mobile", "not an Iranian mobile"))?,
                );
            }
            "education" => data.education = named("education", value)?,
            "hours_per_week" => {
                data.hours_per_week = whole("hours_per_week", value, MAX_HOURS_PER_WEEK)?
            }
            _ => {
                data.interests = codes
                    .interests(value)
                    .map_err(crate::import::RowError::into_invalid)?;
            }
        }
    }
    Ok(())
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// Edits the household with `code`: each change names a field by the
    /// import's column (`address`, `area_m2`, `separate_room`,
    /// `baseline_income_rial`, `baseline_survey_date`, `registered_on`).
    /// The changes are applied together as one audited update; identity
    /// fields (`code`, `office_code`), the membership (see
    /// [`move_household`](Self::move_household)) and sensitive fields are
    /// refused with the reason.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, FieldValue};
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # f.household(f.office_a, "A-1");
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let edited = program.edit_household(&staff, "A-1", &[FieldValue::parse("area_m2=20")?])?;
    /// assert_eq!(edited.changed, ["area_m2"]);
    /// // The code is the household's identity.
    /// assert!(program.edit_household(&staff, "A-1", &[FieldValue::parse("code=A-9")?]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edit_household(
        &self,
        actor: &Actor,
        code: &str,
        changes: &[FieldValue],
    ) -> Result<Edited> {
        let changed = self.registry.write(actor, |w| {
            let old = w.reader().household_by_code(code)?;
            let mut data = old.data().clone();
            household_changes(&mut data, changes).map_err(registry_error)?;
            w.note_values(value_changes(old.data(), &data));
            let new = w
                .update_household(old.id(), |d| *d = data)
                .map_err(|e| as_edited(e, changes))?;
            Ok((old.data().changed(new.data()), new.code().to_owned()))
        });
        let (changed, stored) = super::named("household", code, changed)?;
        Ok(Edited {
            kind: EntityKind::Household,
            changed: as_given(&changed, changes, HOUSEHOLD_FIELDS),
            person: None,
            code: Some(stored),
        })
    }

    /// Edits the person named by `key` — their person ID, or their
    /// national ID (any digits), as `person_details` takes — fields
    /// `given_name`, `family_name`, `birth_date`, `gender`, `mobile` (empty
    /// clears it), `education`, `hours_per_week`, `interests` (`;`
    /// between). The national ID and the household are identity and
    /// refused; so is the disability (consent). Values are read and
    /// checked as an import reads its cells (interests normalised as keys
    /// and refused unless the catalog has them), and a new name or birth
    /// date that matches someone in the same office flags the person as a
    /// likely duplicate, as a registration does.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, FieldValue};
    /// # use homebiz::registry::testing::{Fixture, test_now, synthetic_national_id};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let h = f.household(f.office_a, "A-1");
    /// # let registered = f.person(h.id(), 1);
    /// # let (staff_a, staff_b) = (f.staff_of(f.office_a), f.staff_of(f.office_b));
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let id = synthetic_national_id(1).as_str().to_owned();
    /// let change = [FieldValue::parse("hours_per_week=30")?];
    /// let edited = program.edit_person(&staff_a, &id, &change)?;
    /// assert_eq!(edited.changed, ["hours_per_week"]);
    /// // Named by household code and person ID, never the national ID.
    /// let person = edited.person.expect("a person");
    /// assert_eq!((person.id, person.household.code.as_str()), (registered.person.id(), "A-1"));
    /// // Another office's staff do not see the person.
    /// assert!(program.edit_person(&staff_b, &id, &change).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edit_person(&self, actor: &Actor, key: &str, changes: &[FieldValue]) -> Result<Edited> {
        let key = PersonKey::parse(key)?;
        let codes = CatalogCodes::of(Some(&self.catalog))?;
        // The person not found is named by the kind of key, never by it.
        let (changed, person) = key.named(self.registry.write(actor, |w| {
            let old = key.find(&w.reader())?;
            let household = CodeRef {
                code: w.reader().household(old.household())?.code().to_owned(),
                id: old.household(),
            };
            let mut data = old.data().clone();
            person_changes(&mut data, changes, &codes).map_err(registry_error)?;
            w.note_values(value_changes(old.data(), &data));
            let new = w.update_person(old.id(), |d| *d = data)?;
            let person = EditedPerson {
                id: old.id(),
                household,
            };
            Ok((old.data().changed(new.data()), person))
        }))?;
        Ok(Edited {
            kind: EntityKind::Person,
            changed: as_given(&changed, changes, PERSON_FIELDS),
            person: Some(person),
            code: None,
        })
    }

    /// Edits the business with `code`: fields `activity` (a catalog code),
    /// `capital_rial`, the licence (`licence_number`, `licence_kind`,
    /// `licence_issued`, `licence_expires`; a new one needs its number and
    /// issue day, an empty number removes it) and the health certificate
    /// (`health_number`, `health_issued`, `health_expires`). The code, office, household and owner are
    /// identity and refused; the state moves with
    /// [`move_business`](Self::move_business).
    ///
    /// Each value is read and checked as an import reads its cell (the
    /// activity as a key, in the catalog). An edit keeps what the
    /// business's state requires: a licensed, active or suspended business
    /// keeps a licence (the same rule as the transition to licensed).
    /// The activity of a business that has traded — a ledger entry, an
    /// exhibition application, an offer, an order fill or a consignment —
    /// is fixed: reports by activity read it from the business, while its
    /// applications and offers were made for the old one, so a change would
    /// move its past sales to the new activity and split its history. Such
    /// a business is closed and a new one registered for the new activity;
    /// `import businesses --update` follows the same rule.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, FieldValue};
    /// # use homebiz::registry::testing::{Fixture, test_now, business_data};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let h = f.household(f.office_a, "A-1");
    /// # let owner = f.person(h.id(), 1).person;
    /// # f.registry.write(&f.admin, |w| w.add_business(business_data(h.id(), owner.id(), "A-1-B1")))?;
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let change = [FieldValue::parse("capital_rial=90,000,000")?];
    /// assert_eq!(program.edit_business(&staff, "A-1-B1", &change)?.changed, ["capital_rial"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edit_business(
        &self,
        actor: &Actor,
        code: &str,
        changes: &[FieldValue],
    ) -> Result<Edited> {
        let codes = CatalogCodes::of(Some(&self.catalog))?;
        // An activity change is refused once the business has traded
        // (see `ACTIVITY_FIXED`): the market and the ledger are read
        // before the registry's write, which holds the store.
        let traded = match self.business_named(actor, code) {
            Ok(b)
                if changes.iter().any(|c| {
                    editable(&c.field, BUSINESS_FIELDS).ok() == Some("activity")
                        && key(&c.value) != b.data().activity
                }) =>
            {
                self.has_traded(b.id())?
            }
            _ => false,
        };
        let changed = self.registry.write(actor, |w| {
            let old = w.reader().business_by_code(code)?;
            let mut data: BusinessData = old.data().clone();
            let mut licences = Vec::new();
            for change in changes {
                let value = change.value.as_str();
                match editable(&change.field, BUSINESS_FIELDS).map_err(registry_error)? {
                    field if field.starts_with("licence_") || field.starts_with("health_") => {
                        licences.push((field, value));
                    }
                    "activity" => {
                        let activity = key(value);
                        codes
                            .activity("activity", &activity, None)
                            .map_err(crate::import::RowError::into_invalid)?;
                        if traded && activity != old.data().activity {
                            return Err(RegistryError::invalid(
                                "activity",
                                crate::import::ACTIVITY_FIXED,
                            ));
                        }
                        data.activity = activity;
                    }
                    _ => {
                        data.capital_invested =
                            rials("capital_rial", value).map_err(registry_error)?;
                    }
                }
            }
            licence_changes(&mut data.licence, "licence", &licences).map_err(registry_error)?;
            licence_changes(&mut data.health_certificate, "health", &licences)
                .map_err(registry_error)?;
            w.note_values(value_changes(old.data(), &data));
            let new = w.update_business(old.id(), |d| *d = data)?;
            Ok((old.data().changed(new.data()), new.code().to_owned()))
        });
        let (changed, stored) = super::named("business", code, changed)?;
        Ok(Edited {
            kind: EntityKind::Business,
            changed: as_given(&changed, changes, BUSINESS_FIELDS),
            person: None,
            code: Some(stored),
        })
    }

    /// Whether the business `id` has traded: it has a ledger entry, an
    /// exhibition application, an offer, an order fill or a consignment
    /// (then its activity is fixed, see [`edit_business`](Self::edit_business)).
    fn has_traded(&self, id: homebiz_core::id::BusinessId) -> Result<bool> {
        if !self.ledger().read(|r| r.entries_of(id))?.is_empty() {
            return Ok(true);
        }
        Ok(self.market_traders()?.contains(&id))
    }

    /// The businesses with an exhibition application, an offer, an order
    /// fill or a consignment.
    fn market_traders(&self) -> homebiz_market::Result<HashSet<homebiz_core::id::BusinessId>> {
        self.market().read(|r| {
            let mut ids = HashSet::new();
            for exhibition in r.exhibitions()? {
                ids.extend(
                    r.applications(exhibition.id())?
                        .iter()
                        .map(|a| a.data().business),
                );
            }
            ids.extend(r.offers()?.iter().map(|o| o.business));
            ids.extend(r.fills()?.iter().map(|f| f.business));
            ids.extend(r.consignments()?.iter().map(|c| c.data().business));
            Ok(ids)
        })
    }

    /// Every business that has traded (see
    /// [`has_traded`](Self::has_traded)): what an import with `--update`
    /// may not change the activity of. The ledger's months are read from
    /// 1300 to 1699, wider than any day the ledger accepts.
    pub(crate) fn traders(
        &self,
    ) -> std::result::Result<HashSet<homebiz_core::id::BusinessId>, crate::import::ImportError>
    {
        let mut ids = self.market_traders()?;
        let month = |year| {
            homebiz_core::JalaliMonth::new(year, 12)
                .map_err(|e| crate::import::ImportError::Registry(RegistryError::Core(e)))
        };
        let (from, until) = (month(1299)?, month(1699)?);
        ids.extend(
            self.ledger()
                .read(|r| r.monthly_totals(from, until))?
                .into_iter()
                .map(|m| m.business),
        );
        Ok(ids)
    }

    /// Moves the household with `code` one `step` in its programme
    /// membership, if the lifecycle allows it; the transition is recorded
    /// (see [`household_history`](Self::household_history)). An exit needs
    /// a `reason`; the other steps take none.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, MembershipStep};
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # f.household(f.office_a, "A-1");
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let moved = program.move_household(&staff, "A-1", MembershipStep::Enrol, None)?;
    /// assert_eq!((moved.from.as_str(), moved.to.as_str()), ("applied", "enrolled"));
    /// // enrolled → graduated is not a transition of the lifecycle.
    /// assert!(program.move_household(&staff, "A-1", MembershipStep::Graduate, None).is_err());
    /// program.move_household(&staff, "A-1", MembershipStep::Exit, Some("moved away"))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn move_household(
        &self,
        actor: &Actor,
        code: &str,
        step: MembershipStep,
        reason: Option<&str>,
    ) -> Result<Moved> {
        let next = match (step, reason_given(reason)) {
            (MembershipStep::Exit, Some(reason)) => MembershipState::Exited {
                reason: reason.to_owned(),
            },
            (MembershipStep::Exit, None) => {
                return Err(RegistryError::invalid("reason", "an exit needs a reason").into());
            }
            (_, Some(_)) => return Err(no_reason()),
            (MembershipStep::Enrol, None) => MembershipState::Enrolled,
            (MembershipStep::Activate, None) => MembershipState::Active,
            (MembershipStep::Pause, None) => MembershipState::Paused,
            (MembershipStep::Graduate, None) => MembershipState::Graduated,
        };
        let moved = self.registry.write(actor, |w| {
            let household = w.reader().household_by_code(code)?;
            let from = household.membership().name();
            let moved = w.transition_membership(household.id(), next)?;
            Ok(Moved {
                code: moved.code().to_owned(),
                from: from.to_owned(),
                to: moved.membership().name().to_owned(),
                reason: match moved.membership() {
                    MembershipState::Exited { reason } => Some(reason.clone()),
                    _ => None,
                },
            })
        });
        super::named("household", code, moved)
    }

    /// Moves the business with `code` one `step` in its lifecycle, through
    /// [`transition_business`](Self::transition_business): suspending or
    /// closing it also ends its live exhibition applications and releases
    /// its booth-weeks from today on. A closure needs a `reason`; the other
    /// steps take none.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, BusinessStep};
    /// # use homebiz::registry::testing::{Fixture, test_now, business_data};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let h = f.household(f.office_a, "A-1");
    /// # let owner = f.person(h.id(), 1).person;
    /// # f.registry.write(&f.admin, |w| w.add_business(business_data(h.id(), owner.id(), "A-1-B1")))?;
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let moved = program.move_business(&staff, "A-1-B1", BusinessStep::Train, None)?;
    /// assert_eq!(moved.to, "in_training");
    /// let closed = program.move_business(&staff, "A-1-B1", BusinessStep::Close, Some("no buyers"))?;
    /// assert_eq!(closed.reason.as_deref(), Some("no buyers"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn move_business(
        &self,
        actor: &Actor,
        code: &str,
        step: BusinessStep,
        reason: Option<&str>,
    ) -> Result<Moved> {
        let next = match (step, reason_given(reason)) {
            (BusinessStep::Close, Some(reason)) => BusinessState::Closed {
                reason: reason.to_owned(),
            },
            (BusinessStep::Close, None) => {
                return Err(RegistryError::invalid("reason", "a closure needs a reason").into());
            }
            (_, Some(_)) => return Err(no_reason()),
            (BusinessStep::Train, None) => BusinessState::InTraining,
            (BusinessStep::License, None) => BusinessState::Licensed,
            (BusinessStep::Activate, None) => BusinessState::Active,
            (BusinessStep::Suspend, None) => BusinessState::Suspended,
        };
        let business = self.business_named(actor, code)?;
        let from = business.state().name();
        let moved = self.transition_business(actor, business.id(), next)?;
        Ok(Moved {
            code: moved.code().to_owned(),
            from: from.to_owned(),
            to: moved.state().name().to_owned(),
            reason: match moved.state() {
                BusinessState::Closed { reason } => Some(reason.clone()),
                _ => None,
            },
        })
    }

    /// The history of the household with `code`: its membership
    /// transitions and its audited writes (creation, field updates,
    /// consents), oldest first, each with who and when. A household
    /// outside the actor's scope is not found.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, MembershipStep, HistoryChange};
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # f.household(f.office_a, "A-1");
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// program.move_household(&staff, "A-1", MembershipStep::Enrol, None)?;
    /// let history = program.household_history(&staff, "A-1")?;
    /// assert!(history.entries.iter().any(|e| matches!(&e.change,
    ///     HistoryChange::State { from, to, .. } if from == "applied" && to == "enrolled")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn household_history(&self, actor: &Actor, code: &str) -> Result<History> {
        let found = self.history(actor, EntityKind::Household, |r| {
            Ok(EntityRef::new(
                EntityKind::Household,
                r.household_by_code(code)?.id(),
            ))
        });
        super::named("household", code, found)
    }

    /// The history of the person named by `key` (their person ID, or
    /// their national ID in any digits): the audited writes
    /// (creation, field updates, duplicate flags), oldest first.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, FieldValue};
    /// # use homebiz::registry::testing::{Fixture, test_now, synthetic_national_id};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let h = f.household(f.office_a, "A-1");
    /// # f.person(h.id(), 1);
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let id = synthetic_national_id(1).as_str().to_owned();
    /// program.edit_person(&staff, &id, &[FieldValue::parse("hours_per_week=30")?])?;
    /// assert_eq!(program.person_history(&staff, &id)?.entries.len(), 2); // created, updated
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn person_history(&self, actor: &Actor, key: &str) -> Result<History> {
        let key = PersonKey::parse(key)?;
        key.named(self.history(actor, EntityKind::Person, |r| {
            Ok(EntityRef::new(EntityKind::Person, key.find(r)?.id()))
        }))
    }

    /// The history of the business with `code`: its lifecycle transitions
    /// (with the reason of a closure) and its audited writes, oldest first.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, BusinessStep};
    /// # use homebiz::registry::testing::{Fixture, test_now, business_data};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let h = f.household(f.office_a, "A-1");
    /// # let owner = f.person(h.id(), 1).person;
    /// # f.registry.write(&f.admin, |w| w.add_business(business_data(h.id(), owner.id(), "A-1-B1")))?;
    /// # let (staff_a, staff_b) = (f.staff_of(f.office_a), f.staff_of(f.office_b));
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// program.move_business(&staff_a, "A-1-B1", BusinessStep::Close, Some("no buyers"))?;
    /// assert_eq!(program.business_history(&staff_a, "A-1-B1")?.entries.len(), 2);
    /// assert!(program.business_history(&staff_b, "A-1-B1").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn business_history(&self, actor: &Actor, code: &str) -> Result<History> {
        let found = self.history(actor, EntityKind::Business, |r| {
            Ok(EntityRef::new(
                EntityKind::Business,
                r.business_by_code(code)?.id(),
            ))
        });
        super::named("business", code, found)
    }

    /// The state changes and audit events of the record `find` names,
    /// merged by time; each transition's audit event is the state change
    /// itself, so it is given once.
    fn history(
        &self,
        actor: &Actor,
        kind: EntityKind,
        find: impl FnOnce(&homebiz_registry::Reader<'_>) -> homebiz_registry::Result<EntityRef>,
    ) -> Result<History> {
        let (states, audit, mut notes) = self.registry.read(actor, |r| {
            let entity = find(r)?;
            // A resolved duplicate's note, given with its audit event.
            let notes: std::collections::VecDeque<String> = if entity.kind == EntityKind::Person {
                r.duplicate_resolutions()?
                    .into_iter()
                    .filter(|d| homebiz_core::id::TypedId::as_uuid(&d.person) == entity.id)
                    .map(|d| d.note)
                    .collect()
            } else {
                Default::default()
            };
            Ok((r.state_history(entity)?, r.audit_trail(entity)?, notes))
        })?;
        let users = self.user_codes()?;
        let mut entries: Vec<HistoryEntry> = audit
            .into_iter()
            .filter(|e| e.record.action != AuditAction::StateChanged)
            .map(|e| {
                let mut changes = e.record.changes;
                if e.record.action == AuditAction::DuplicateResolved
                    && let Some(note) = notes.pop_front()
                    && !note.is_empty()
                {
                    changes.push(FieldChange {
                        field: "note".to_owned(),
                        old: String::new(),
                        new: note,
                    });
                }
                HistoryEntry {
                    at: e.record.at,
                    actor: e.record.actor,
                    user: users.get(&e.record.actor).cloned(),
                    change: HistoryChange::Fields {
                        action: e.record.action,
                        fields: e.record.fields,
                        changes,
                    },
                }
            })
            .collect();
        entries.extend(states.into_iter().map(|s| HistoryEntry {
            at: s.at,
            actor: s.actor,
            user: users.get(&s.actor).cloned(),
            change: HistoryChange::State {
                from: s.from,
                to: s.to,
                reason: s.reason,
            },
        }));
        // Stable: within one instant, writes before transitions, each in
        // its recorded order.
        entries.sort_by_key(|e| e.at);
        Ok(History { kind, entries })
    }
}

/// A reason, if one was given (blank is none).
fn reason_given(reason: Option<&str>) -> Option<&str> {
    reason.map(str::trim).filter(|r| !r.is_empty())
}

fn no_reason() -> super::ProgramError {
    RegistryError::invalid("reason", "only an exit or a closure takes a reason").into()
}

/// A program error met inside a registry write, as the registry error it
/// wraps (the parsers here only make registry and core errors).
fn registry_error(err: super::ProgramError) -> RegistryError {
    match err {
        super::ProgramError::Registry(e) => e,
        super::ProgramError::Core(e) => RegistryError::Core(e),
        other => RegistryError::backend(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_fields_are_refused_with_a_reason() {
        for field in [
            "code",
            "office_code",
            "national_id",
            "household_code",
            "state",
        ] {
            let err = editable(field, HOUSEHOLD_FIELDS).unwrap_err().to_string();
            assert!(err.starts_with(&format!("invalid {field}: ")), "{err}");
        }
        let err = editable("colour", PERSON_FIELDS).unwrap_err().to_string();
        assert!(err.contains("unknown field colour"), "{err}");
        // A Persian label names its field, in any spacing.
        assert_eq!(
            editable("ساعت در هفته", PERSON_FIELDS).ok(),
            Some("hours_per_week")
        );
        assert_eq!(
            editable(" ساعت  در هفته", PERSON_FIELDS).ok(),
            Some("hours_per_week")
        );
    }

    #[test]
    fn a_field_is_named_in_any_case_and_a_value_may_hold_equals() {
        let v = FieldValue::parse(" Address = a=b ").unwrap();
        assert_eq!((v.field.as_str(), v.value.as_str()), ("address", "a=b"));
        assert!(FieldValue::parse("address").is_err());
    }

    #[test]
    fn a_value_is_not_in_debug() {
        let v = FieldValue::parse("mobile=09141234567").unwrap();
        assert!(!format!("{v:?}").contains("0914"));
    }
}
