//! The registry store traits on PostgreSQL.

use std::collections::HashMap;

use postgres::Row;
use postgres::types::Json;

use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PartnerId, PersonId};
use homebiz_core::iran::NationalId;
use homebiz_core::text::KeySearch;
use homebiz_core::{Currency, JalaliDate, Money};
use homebiz_registry::{
    AuditEvent, AuditRecord, Baseline, Business, BusinessData, ConsentRecord, DuplicateFlag,
    DuplicateResolution, EntityKind, EntityRef, FieldChange, Household, HouseholdData,
    HouseholdSearch, Office, OfficeData, Partner, PartnerData, Person, PersonData, Put,
    RegistryError, RegistryRead, RegistryStore, RegistryTx, Result, Scope, SensitiveField, Space,
    StateChange, User,
};

use homebiz_sql::select;

use crate::codec::{
    get, id, id_opt, json, json_opt, name, name_opt, parse, parse_opt, seq, small, to_name, uuid,
};
use crate::{PgError, UNIQUE_VIOLATION};

domain_store!(
    RegistryError,
    RegistryStore,
    RegistryRead,
    RegistryTx,
    read_one
);

/// A record's INSERT (which does nothing when a unique key is taken) and
/// its upsert by ID, for [`Db::put`].
struct Upsert {
    /// Whether the table holds a row with ID `$1`.
    has_id: &'static str,
    insert: &'static str,
    replace: &'static str,
}

macro_rules! upsert {
    ($table:literal, $insert:literal, $update:literal) => {
        Upsert {
            has_id: concat!("SELECT 1 FROM ", $table, " WHERE id = $1"),
            insert: concat!($insert, " ON CONFLICT DO NOTHING"),
            replace: concat!($insert, " ON CONFLICT (id) DO UPDATE SET ", $update),
        }
    };
}

fn record<T>(result: Result<T>) -> std::result::Result<T, PgError> {
    result.map_err(|_| PgError::Decode {
        column: "id".into(),
    })
}

fn office_row(row: &Row) -> std::result::Result<Office, PgError> {
    record(Office::new(OfficeData {
        id: id(row, 0)?,
        code: get(row, 1)?,
        name: get(row, 2)?,
        level: name(row, 3)?,
        parent: id_opt(row, 4)?,
    }))
}

fn household_row(row: &Row) -> std::result::Result<Household, PgError> {
    household_at(row, 0)
}

/// The household whose columns ([`homebiz_sql::columns!`]) begin at
/// column `at` of `row`.
fn household_at(row: &Row, at: usize) -> std::result::Result<Household, PgError> {
    let baseline = match get::<Option<i64>>(row, at + 4)? {
        Some(amount) => {
            let currency: Currency = parse(row, at + 5)?;
            Some(Baseline {
                monthly_income: Money::new(amount, currency),
                survey_date: parse(row, at + 6)?,
            })
        }
        None => None,
    };
    record(Household::new(HouseholdData {
        id: id(row, at)?,
        code: get(row, at + 1)?,
        office: id(row, at + 2)?,
        address: get(row, at + 3)?,
        baseline,
        support: json_opt(row, at + 7)?,
        space: Space {
            area_m2: small(row, at + 8)?,
            separate_room: get(row, at + 9)?,
        },
        membership: json(row, at + 10)?,
        registered_on: parse(row, at + 11)?,
    }))
}

fn person_row(row: &Row) -> std::result::Result<Person, PgError> {
    record(Person::new(PersonData {
        id: id(row, 0)?,
        household: id(row, 1)?,
        given_name: get(row, 2)?,
        family_name: get(row, 3)?,
        national_id: parse(row, 4)?,
        birth_date: parse(row, 5)?,
        gender: name(row, 6)?,
        mobile: parse_opt(row, 7)?,
        education: name(row, 8)?,
        skills: json(row, 9)?,
        hours_per_week: small(row, 10)?,
        interests: json(row, 11)?,
        disability: name_opt(row, 12)?,
    }))
}

/// A person ([`homebiz_sql::columns!`]`(person)`, then the province) and
/// their household (`columns!(household)`) found by `$1` in `column`, in
/// one statement: the household is read by its key beside the person.
macro_rules! person_with_household {
    ($column:literal) => {
        concat!(
            "SELECT p.*, h.* FROM (SELECT ",
            homebiz_sql::columns!(person),
            ", province_id FROM people WHERE ",
            $column,
            " = $1) p, LATERAL (",
            select!(
                household,
                "households",
                "WHERE province_id = p.province_id AND id = p.household_id"
            ),
            ") h"
        )
    };
}

/// A row of [`person_with_household!`]: the person's columns, the
/// province, the household's columns.
fn person_with_household_row(row: &Row) -> std::result::Result<(Person, Household), PgError> {
    Ok((person_row(row)?, household_at(row, PERSON_COLUMNS + 1)?))
}

/// How many columns [`person_row`] reads.
const PERSON_COLUMNS: usize = 13;

fn business_row(row: &Row) -> std::result::Result<Business, PgError> {
    let currency: Currency = parse(row, 10)?;
    record(Business::new(BusinessData {
        id: id(row, 0)?,
        code: get(row, 1)?,
        household: id(row, 2)?,
        owner: id(row, 3)?,
        office: id(row, 4)?,
        activity: get(row, 5)?,
        mode: json(row, 6)?,
        licence: json_opt(row, 7)?,
        health_certificate: json_opt(row, 8)?,
        capital_invested: Money::new(get(row, 9)?, currency),
        state: json(row, 11)?,
    }))
}

fn partner_row(row: &Row) -> std::result::Result<Partner, PgError> {
    record(Partner::new(PartnerData {
        id: id(row, 0)?,
        code: get(row, 1)?,
        name: get(row, 2)?,
        kind: name(row, 3)?,
        office: id_opt(row, 4)?,
    }))
}

fn user_row(row: &Row) -> std::result::Result<User, PgError> {
    Ok(User {
        id: id(row, 0)?,
        code: get(row, 1)?,
        name: get(row, 2)?,
        scope: match id_opt(row, 3)? {
            Some(office) => Scope::Office(office),
            None => Scope::All,
        },
    })
}

fn audit_row(row: &Row) -> std::result::Result<AuditEvent, PgError> {
    let kind: EntityKind = parse(row, 4)?;
    Ok(AuditEvent {
        seq: seq(row, 0)?,
        record: AuditRecord {
            at: get(row, 1)?,
            actor: id(row, 2)?,
            action: parse(row, 3)?,
            entity: EntityRef {
                kind,
                id: get(row, 5)?,
            },
            fields: json(row, 6)?,
            changes: json_opt::<Vec<FieldChange>>(row, 7)?.unwrap_or_default(),
        },
    })
}

/// `search` as `LIKE` patterns: the one to look up in the key's trigram
/// index (its longest word's), and every word's, all of which a key must
/// contain.
///
/// A key contains the whole query's key exactly when it contains each
/// word's (the whole key is the words' keys run together, so each is
/// part of it), so "each word is part of the key" is all of
/// [`KeySearch::matches`]. One statement text serves every search (the
/// words are an array), so the statement is prepared once per
/// connection; a pattern of one or two characters has no trigram, and the
/// index is then read whole (still the narrow index, not the table).
///
/// Measured with the registry bench (`HOMEBIZ_BENCH_PG`; 100,002
/// households, 200,005 people, PostgreSQL 15 on the same 2-core machine,
/// loaded by other builds): a full name matching 6,668 people took a
/// median 196 ms through `Program::find_people` (290 ms for
/// `people_matching` alone, a noisier run), against 23.4 s for the default
/// scan (`households_in` and `members` of each household).
fn like_patterns(search: &KeySearch) -> (String, Vec<String>) {
    fn pattern(key: &str) -> String {
        let mut out = String::with_capacity(key.len() + 2);
        out.push('%');
        for c in key.chars() {
            if matches!(c, '%' | '_' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('%');
        out
    }
    let all: Vec<String> = search.word_keys().iter().map(|w| pattern(w)).collect();
    let selective = search
        .word_keys()
        .iter()
        .max_by_key(|w| w.chars().count())
        .map_or_else(|| pattern(search.whole()), |w| pattern(w));
    (selective, all)
}

impl Db<'_, '_> {
    /// `found`, remembering the household's office as if this session
    /// had written it: a household's office never changes, so a person
    /// put into it later in the session takes the province from the
    /// office, and their audit row from the person's office, instead of
    /// probing the households and people tables, whose index pages the
    /// writers on other offices insert into (#15).
    fn seen(&self, found: Option<Household>) -> Option<Household> {
        if let Some(household) = &found {
            self.wrote(uuid(household.id()), Some(uuid(household.office())));
        }
        found
    }

    /// `found`, remembering the office of the person and of their
    /// household, as [`seen`](Self::seen) does.
    fn seen_person(&self, found: Option<(Person, Household)>) -> Option<(Person, Household)> {
        if let Some((person, household)) = &found {
            self.wrote(uuid(person.id()), Some(uuid(household.office())));
            self.wrote(uuid(household.id()), Some(uuid(household.office())));
        }
        found
    }

    /// Writes a record as `put` says. An insert that finds a unique key
    /// taken writes nothing: it is [`RegistryError::AlreadyExists`] when
    /// the ID is taken, whatever else clashes too, and the error `taken`
    /// makes otherwise (a code, a national ID). A replacement that clashes
    /// on a key other than the ID is that error too, and leaves the
    /// transaction as it was.
    fn put(
        &self,
        sql: &Upsert,
        put: Put,
        kind: EntityKind,
        params: &Params<'_>,
        taken: impl FnOnce() -> RegistryError,
    ) -> Result<()> {
        match put {
            Put::Insert => {
                if self.0.execute(sql.insert, params)? == 1 {
                    return Ok(());
                }
                let id_taken = self.0.query_opt(sql.has_id, &params[..1])?.is_some();
                Err(match id_taken {
                    true => RegistryError::AlreadyExists { kind },
                    false => taken(),
                })
            }
            Put::Replace => match self.0.savepoint(|| self.0.execute(sql.replace, params)) {
                Ok(_) => Ok(()),
                Err(e) if e.code() == Some(UNIQUE_VIOLATION) => Err(taken()),
                Err(e) => Err(e.into()),
            },
        }
    }
}

impl RegistryRead for Db<'_, '_> {
    fn office(&self, office: OfficeId) -> Result<Option<Office>> {
        self.one(
            select!(office, "offices", "WHERE id = $1"),
            &[&uuid(office)],
            office_row,
        )
    }

    fn office_by_code(&self, code: &str) -> Result<Option<Office>> {
        self.one(
            select!(office, "offices", "WHERE code = $1"),
            &[&code],
            office_row,
        )
    }

    fn offices(&self) -> Result<Vec<Office>> {
        self.all(select!(office, "offices", "ORDER BY code"), &[], office_row)
    }

    fn household(&self, household: HouseholdId) -> Result<Option<Household>> {
        let found = self.one(
            select!(household, "households", "WHERE id = $1"),
            &[&uuid(household)],
            household_row,
        )?;
        Ok(self.seen(found))
    }

    fn household_by_code(&self, code: &str) -> Result<Option<Household>> {
        let found = self.one(
            select!(household, "households", "WHERE code = $1"),
            &[&code],
            household_row,
        )?;
        Ok(self.seen(found))
    }

    fn household_key_by_code(&self, code: &str) -> Result<Option<(HouseholdId, OfficeId)>> {
        let found = self.one(
            "SELECT id, office_id FROM households WHERE code = $1",
            &[&code],
            |row| Ok((id::<HouseholdId>(row, 0)?, id::<OfficeId>(row, 1)?)),
        )?;
        if let Some((household, office)) = found {
            self.wrote(uuid(household), Some(uuid(office)));
        }
        Ok(found)
    }

    fn households_in(&self, offices: &[OfficeId]) -> Result<Vec<Household>> {
        let offices: Vec<uuid::Uuid> = offices.iter().copied().map(uuid).collect();
        self.all(
            select!(
                household,
                "households",
                "WHERE office_id = ANY($1) ORDER BY code"
            ),
            &[&offices],
            household_row,
        )
    }

    fn person(&self, person: PersonId) -> Result<Option<Person>> {
        self.one(
            select!(person, "people", "WHERE id = $1"),
            &[&uuid(person)],
            person_row,
        )
    }

    fn person_by_national_id(&self, national_id: &NationalId) -> Result<Option<Person>> {
        self.one(
            select!(person, "people", "WHERE national_id = $1"),
            &[&national_id.as_str()],
            person_row,
        )
    }

    fn person_with_household(&self, person: PersonId) -> Result<Option<(Person, Household)>> {
        let found = self.one(
            person_with_household!("id"),
            &[&uuid(person)],
            person_with_household_row,
        )?;
        Ok(self.seen_person(found))
    }

    fn person_with_household_by_national_id(
        &self,
        national_id: &NationalId,
    ) -> Result<Option<(Person, Household)>> {
        let found = self.one(
            person_with_household!("national_id"),
            &[&national_id.as_str()],
            person_with_household_row,
        )?;
        Ok(self.seen_person(found))
    }

    fn people_by_identity(
        &self,
        office: OfficeId,
        name_key: &str,
        birth_date: JalaliDate,
    ) -> Result<Vec<PersonId>> {
        self.all(
            "SELECT p.id FROM people p
             JOIN households h ON h.province_id = p.province_id AND h.id = p.household_id
             WHERE p.name_key = $1 AND p.birth_date = $2 AND h.office_id = $3 ORDER BY p.id",
            &[&name_key, &birth_date.to_string(), &uuid(office)],
            |row| id(row, 0),
        )
    }

    fn members(&self, household: HouseholdId) -> Result<Vec<Person>> {
        self.all(
            select!(person, "people", "WHERE household_id = $1 ORDER BY id"),
            &[&uuid(household)],
            person_row,
        )
    }

    fn people_matching(
        &self,
        offices: &[OfficeId],
        search: &KeySearch,
    ) -> Result<Vec<(Household, Person)>> {
        let offices: Vec<uuid::Uuid> = offices.iter().copied().map(uuid).collect();
        let (selective, all) = like_patterns(search);
        let people = self.all(
            select!(
                person,
                "people p",
                "WHERE p.search_key LIKE $2 AND p.search_key LIKE ALL($3)
                   AND p.household_id IN (SELECT id FROM households WHERE office_id = ANY($1))
                 ORDER BY (SELECT h.code FROM households h WHERE h.id = p.household_id), p.id"
            ),
            &[&offices, &selective, &all],
            person_row,
        )?;
        // The households of the people found, in one more query.
        let mut ids: Vec<uuid::Uuid> = people.iter().map(|p| uuid(p.household())).collect();
        ids.dedup();
        let households: HashMap<HouseholdId, Household> = self
            .all(
                select!(household, "households", "WHERE id = ANY($1)"),
                &[&ids],
                household_row,
            )?
            .into_iter()
            .map(|h| (h.id(), h))
            .collect();
        people
            .into_iter()
            .map(|person| {
                let household = households.get(&person.household()).cloned().ok_or(
                    RegistryError::NotFound {
                        kind: EntityKind::Household,
                    },
                )?;
                Ok((household, person))
            })
            .collect()
    }

    fn households_matching(
        &self,
        offices: &[OfficeId],
        search: &HouseholdSearch,
    ) -> Result<Vec<Household>> {
        let offices: Vec<uuid::Uuid> = offices.iter().copied().map(uuid).collect();
        macro_rules! households_where {
            ($condition:literal) => {
                concat!(
                    "SELECT ",
                    homebiz_sql::columns!(household),
                    " FROM households WHERE office_id = ANY($1) AND ",
                    $condition,
                    " ORDER BY code"
                )
            };
        }
        match search {
            HouseholdSearch::MemberName(name) => {
                let (selective, all) = like_patterns(name);
                self.all(
                    households_where!(
                        "id IN (SELECT household_id FROM people
                                WHERE search_key LIKE $2 AND search_key LIKE ALL($3))"
                    ),
                    &[&offices, &selective, &all],
                    household_row,
                )
            }
            HouseholdSearch::MemberMobile(mobile) => self.all(
                households_where!("id IN (SELECT household_id FROM people WHERE mobile = $2)"),
                &[&offices, &mobile.as_str()],
                household_row,
            ),
            HouseholdSearch::Address(address) => {
                let (selective, all) = like_patterns(address);
                self.all(
                    households_where!("address_key LIKE $2 AND address_key LIKE ALL($3)"),
                    &[&offices, &selective, &all],
                    household_row,
                )
            }
        }
    }

    fn business(&self, business: BusinessId) -> Result<Option<Business>> {
        self.one(
            select!(business, "businesses", "WHERE id = $1"),
            &[&uuid(business)],
            business_row,
        )
    }

    fn business_by_code(&self, code: &str) -> Result<Option<Business>> {
        self.one(
            select!(business, "businesses", "WHERE code = $1"),
            &[&code],
            business_row,
        )
    }

    fn businesses_in(&self, offices: &[OfficeId]) -> Result<Vec<Business>> {
        let offices: Vec<uuid::Uuid> = offices.iter().copied().map(uuid).collect();
        self.all(
            select!(
                business,
                "businesses",
                "WHERE office_id = ANY($1) ORDER BY code"
            ),
            &[&offices],
            business_row,
        )
    }

    fn partner(&self, partner: PartnerId) -> Result<Option<Partner>> {
        self.one(
            select!(partner, "partners", "WHERE id = $1"),
            &[&uuid(partner)],
            partner_row,
        )
    }

    fn partner_by_code(&self, code: &str) -> Result<Option<Partner>> {
        self.one(
            select!(partner, "partners", "WHERE code = $1"),
            &[&code],
            partner_row,
        )
    }

    fn partners(&self) -> Result<Vec<Partner>> {
        self.all(
            select!(partner, "partners", "ORDER BY code"),
            &[],
            partner_row,
        )
    }

    fn consents(
        &self,
        household: HouseholdId,
        field: SensitiveField,
    ) -> Result<Vec<ConsentRecord>> {
        self.all(
            "SELECT household_id, field, given, date, actor_id FROM consents
             WHERE household_id = $1 AND field = $2 ORDER BY seq",
            &[&uuid(household), &field.as_str()],
            |row| {
                Ok(ConsentRecord {
                    household: id(row, 0)?,
                    field: parse(row, 1)?,
                    given: get(row, 2)?,
                    date: parse(row, 3)?,
                    actor: id(row, 4)?,
                })
            },
        )
    }

    fn state_changes(&self, entity: EntityRef) -> Result<Vec<StateChange>> {
        self.all(
            "SELECT entity_kind, entity_id, from_state, to_state, reason, at, actor_id
             FROM state_changes WHERE entity_kind = $1 AND entity_id = $2 ORDER BY seq",
            &[&entity.kind.as_str(), &entity.id],
            |row| {
                Ok(StateChange {
                    entity: EntityRef {
                        kind: parse(row, 0)?,
                        id: get(row, 1)?,
                    },
                    from: get(row, 2)?,
                    to: get(row, 3)?,
                    reason: get(row, 4)?,
                    at: get(row, 5)?,
                    actor: id(row, 6)?,
                })
            },
        )
    }

    fn audit_events(&self, after: u64, limit: usize) -> Result<Vec<AuditEvent>> {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.all(
            "SELECT seq, at, actor_id, action, entity_kind, entity_id, fields, changes FROM audit
             WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&after, &limit],
            audit_row,
        )
    }

    fn audit_events_for(&self, entity: EntityRef) -> Result<Vec<AuditEvent>> {
        self.all(
            "SELECT seq, at, actor_id, action, entity_kind, entity_id, fields, changes FROM audit
             WHERE entity_kind = $1 AND entity_id = $2 ORDER BY seq",
            &[&entity.kind.as_str(), &entity.id],
            audit_row,
        )
    }

    fn duplicate_flags(&self) -> Result<Vec<DuplicateFlag>> {
        self.all(
            "SELECT person_id, resembles_id, office_id, at FROM duplicate_flags ORDER BY seq",
            &[],
            |row| {
                Ok(DuplicateFlag {
                    person: id(row, 0)?,
                    resembles: id(row, 1)?,
                    office: id(row, 2)?,
                    at: get(row, 3)?,
                })
            },
        )
    }

    fn duplicate_resolutions(&self) -> Result<Vec<DuplicateResolution>> {
        self.all(
            "SELECT person_id, resembles_id, office_id, verdict, note, at, actor_id
             FROM duplicate_resolutions ORDER BY seq",
            &[],
            |row| {
                Ok(DuplicateResolution {
                    person: id(row, 0)?,
                    resembles: id(row, 1)?,
                    office: id(row, 2)?,
                    verdict: parse(row, 3)?,
                    note: get(row, 4)?,
                    at: get(row, 5)?,
                    actor: id(row, 6)?,
                })
            },
        )
    }

    fn user_by_code(&self, code: &str) -> Result<Option<User>> {
        self.one(
            "SELECT id, code, name, office_id FROM users WHERE code = $1",
            &[&code],
            user_row,
        )
    }

    fn users(&self) -> Result<Vec<User>> {
        self.all(
            "SELECT id, code, name, office_id FROM users ORDER BY code",
            &[],
            user_row,
        )
    }
}

impl RegistryTx for Db<'_, '_> {
    fn put_office(&mut self, office: &Office, put: Put) -> Result<()> {
        let d = office.data();
        self.put(
            &upsert!(
                "offices",
                "INSERT INTO offices (province_id, id, code, name, level, parent_id)
                 VALUES (CASE WHEN $5::uuid IS NULL THEN $1 ELSE homebiz_office_province($5) END,
                         $1, $2, $3, $4, $5)",
                "code = excluded.code, name = excluded.name, level = excluded.level,
                 parent_id = excluded.parent_id"
            ),
            put,
            EntityKind::Office,
            &[
                &uuid(d.id),
                &d.code,
                &d.name,
                &to_name(&d.level)?,
                &d.parent.map(uuid),
            ],
            || RegistryError::DuplicateCode {
                kind: EntityKind::Office,
                code: d.code.clone(),
            },
        )
    }

    fn put_household(&mut self, household: &Household, put: Put) -> Result<()> {
        let d = household.data();
        let baseline = d.baseline.as_ref();
        self.put(
            &upsert!(
                "households",
                "INSERT INTO households (province_id, id, code, office_id, address,
                    baseline_income, baseline_currency, baseline_survey_date, support, area_m2,
                    separate_room, membership, registered_on, address_key)
                 VALUES (homebiz_office_province($3), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                    $11, $12, $13)",
                "code = excluded.code, office_id = excluded.office_id,
                 address = excluded.address, address_key = excluded.address_key,
                 baseline_income = excluded.baseline_income,
                 baseline_currency = excluded.baseline_currency,
                 baseline_survey_date = excluded.baseline_survey_date, support = excluded.support,
                 area_m2 = excluded.area_m2, separate_room = excluded.separate_room,
                 membership = excluded.membership, registered_on = excluded.registered_on"
            ),
            put,
            EntityKind::Household,
            &[
                &uuid(d.id),
                &d.code,
                &uuid(d.office),
                &d.address,
                &baseline.map(|b| b.monthly_income.minor_units()),
                &baseline.map(|b| b.monthly_income.currency().code()),
                &baseline.map(|b| b.survey_date.to_string()),
                &d.support.as_ref().map(Json),
                &i32::from(d.space.area_m2),
                &d.space.separate_room,
                &Json(&d.membership),
                &d.registered_on.to_string(),
                &household.address_key(),
            ],
            || RegistryError::DuplicateCode {
                kind: EntityKind::Household,
                code: d.code.clone(),
            },
        )?;
        self.wrote(uuid(d.id), Some(uuid(d.office)));
        Ok(())
    }

    fn put_person(&mut self, person: &Person, put: Put) -> Result<()> {
        let d = person.data();
        // The household's office, when this session wrote or read the
        // household (the registry reads it to check the scope): its
        // province then comes from the office, not from a probe of the
        // households table.
        let office = self.office_of(uuid(d.household));
        self.put(
            &upsert!(
                "people",
                "INSERT INTO people (province_id, id, household_id, given_name, family_name,
                    name_key, national_id, birth_date, gender, mobile, education, skills,
                    hours_per_week, interests, disability, search_key)
                 VALUES (COALESCE(homebiz_office_province($16),
                            (SELECT province_id FROM households WHERE id = $2)),
                    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                "household_id = excluded.household_id,
                 given_name = excluded.given_name, family_name = excluded.family_name,
                 name_key = excluded.name_key, search_key = excluded.search_key,
                 national_id = excluded.national_id,
                 birth_date = excluded.birth_date, gender = excluded.gender,
                 mobile = excluded.mobile, education = excluded.education,
                 skills = excluded.skills, hours_per_week = excluded.hours_per_week,
                 interests = excluded.interests, disability = excluded.disability"
            ),
            put,
            EntityKind::Person,
            &[
                &uuid(d.id),
                &uuid(d.household),
                &d.given_name,
                &d.family_name,
                &person.name_key(),
                &d.national_id.as_str(),
                &d.birth_date.to_string(),
                &to_name(&d.gender)?,
                &d.mobile.as_ref().map(|m| m.as_str()),
                &to_name(&d.education)?,
                &Json(&d.skills),
                &i32::from(d.hours_per_week),
                &Json(&d.interests),
                &d.disability.as_ref().map(to_name).transpose()?,
                &person.search_key(),
                &office,
            ],
            || RegistryError::DuplicateNationalId,
        )?;
        self.wrote(uuid(d.id), office);
        Ok(())
    }

    /// Claims the identity in `person_identities` (migration V7, which
    /// says why): a claim that inserts a row proves that no person of the
    /// office's province has held the identity, so there is no likely
    /// duplicate and the people are not read (a read of
    /// `people_by_identity` would lock index pages that writers on other
    /// offices insert into). An identity held before is looked up in the
    /// people as [`RegistryRead::people_by_identity`] does.
    fn people_by_identity_for_insert(
        &mut self,
        office: OfficeId,
        name_key: &str,
        birth_date: JalaliDate,
    ) -> Result<Vec<PersonId>> {
        let claimed = self.run(
            "INSERT INTO person_identities (province_id, name_key, birth_date)
             SELECT province_id, $2, $3 FROM offices WHERE id = $1
             ON CONFLICT DO NOTHING",
            &[&uuid(office), &name_key, &birth_date.to_string()],
        )?;
        match claimed {
            1 => Ok(Vec::new()),
            _ => self.people_by_identity(office, name_key, birth_date),
        }
    }

    fn put_business(&mut self, business: &Business, put: Put) -> Result<()> {
        let d = business.data();
        self.put(
            &upsert!(
                "businesses",
                "INSERT INTO businesses (province_id, id, code, household_id, owner_id, office_id,
                    activity, mode, licence, health_certificate, capital_invested,
                    capital_currency, state)
                 VALUES (homebiz_office_province($5), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                    $11, $12)",
                "code = excluded.code, household_id = excluded.household_id,
                 owner_id = excluded.owner_id, office_id = excluded.office_id,
                 activity = excluded.activity, mode = excluded.mode, licence = excluded.licence,
                 health_certificate = excluded.health_certificate,
                 capital_invested = excluded.capital_invested,
                 capital_currency = excluded.capital_currency, state = excluded.state"
            ),
            put,
            EntityKind::Business,
            &[
                &uuid(d.id),
                &d.code,
                &uuid(d.household),
                &uuid(d.owner),
                &uuid(d.office),
                &d.activity,
                &Json(&d.mode),
                &d.licence.as_ref().map(Json),
                &d.health_certificate.as_ref().map(Json),
                &d.capital_invested.minor_units(),
                &d.capital_invested.currency().code(),
                &Json(&d.state),
            ],
            || RegistryError::DuplicateCode {
                kind: EntityKind::Business,
                code: d.code.clone(),
            },
        )
    }

    fn put_partner(&mut self, partner: &Partner, put: Put) -> Result<()> {
        let d = partner.data();
        self.put(
            &upsert!(
                "partners",
                "INSERT INTO partners (province_id, id, code, name, kind, office_id)
                 VALUES (COALESCE(homebiz_office_province($5), homebiz_programme()),
                    $1, $2, $3, $4, $5)",
                "code = excluded.code, name = excluded.name, kind = excluded.kind,
                 office_id = excluded.office_id"
            ),
            put,
            EntityKind::Partner,
            &[
                &uuid(d.id),
                &d.code,
                &d.name,
                &to_name(&d.kind)?,
                &d.office.map(uuid),
            ],
            || RegistryError::DuplicateCode {
                kind: EntityKind::Partner,
                code: d.code.clone(),
            },
        )
    }

    fn append_consent(&mut self, c: &ConsentRecord) -> Result<()> {
        self.run(
            "INSERT INTO consents (province_id, household_id, field, given, date, actor_id)
             VALUES (COALESCE(homebiz_office_province($6),
                        (SELECT province_id FROM households WHERE id = $1)),
                     $1, $2, $3, $4, $5)",
            &[
                &uuid(c.household),
                &c.field.as_str(),
                &c.given,
                &c.date.to_string(),
                &uuid(c.actor),
                &self.office_of(uuid(c.household)),
            ],
        )
        .map(drop)
    }

    fn append_state_change(&mut self, c: &StateChange) -> Result<()> {
        self.run(
            "INSERT INTO state_changes (province_id, entity_kind, entity_id, from_state, to_state,
                reason, at, actor_id)
             VALUES (homebiz_entity_province($1, $2), $1, $2, $3, $4, $5, $6, $7)",
            &[
                &c.entity.kind.as_str(),
                &c.entity.id,
                &c.from,
                &c.to,
                &c.reason,
                &c.at,
                &uuid(c.actor),
            ],
        )
        .map(drop)
    }

    fn append_audit(&mut self, r: &AuditRecord) -> Result<u64> {
        let seq = self.0.next_value("audit_seq")?;
        let changes = (!r.changes.is_empty()).then_some(Json(&r.changes));
        self.run(
            "INSERT INTO audit (province_id, seq, at, actor_id, action, entity_kind, entity_id,
                fields, changes)
             VALUES (COALESCE(homebiz_office_province($9), homebiz_entity_province($5, $6)),
                $1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &seq,
                &r.at,
                &uuid(r.actor),
                &r.action.as_str(),
                &r.entity.kind.as_str(),
                &r.entity.id,
                &Json(&r.fields),
                &changes,
                &self.office_of(r.entity.id),
            ],
        )?;
        u64::try_from(seq).map_err(RegistryError::backend)
    }

    fn append_duplicate_flag(&mut self, f: &DuplicateFlag) -> Result<()> {
        self.run(
            "INSERT INTO duplicate_flags (province_id, person_id, resembles_id, office_id, at)
             VALUES (homebiz_office_province($3), $1, $2, $3, $4)",
            &[&uuid(f.person), &uuid(f.resembles), &uuid(f.office), &f.at],
        )
        .map(drop)
    }

    fn append_duplicate_resolution(&mut self, r: &DuplicateResolution) -> Result<()> {
        self.run(
            "INSERT INTO duplicate_resolutions (province_id, person_id, resembles_id, office_id,
                verdict, note, at, actor_id)
             VALUES (homebiz_office_province($3), $1, $2, $3, $4, $5, $6, $7)",
            &[
                &uuid(r.person),
                &uuid(r.resembles),
                &uuid(r.office),
                &r.verdict.as_str(),
                &r.note,
                &r.at,
                &uuid(r.actor),
            ],
        )
        .map(drop)
    }

    fn insert_user(&mut self, user: &User) -> Result<()> {
        let office = match user.scope {
            Scope::Office(office) => Some(uuid(office)),
            _ => None,
        };
        let inserted = self.0.execute(
            "INSERT INTO users (province_id, id, code, name, office_id)
             VALUES (COALESCE(homebiz_office_province($4), homebiz_programme()), $1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            &[&uuid(user.id), &user.code, &user.name, &office],
        )?;
        match inserted {
            1 => Ok(()),
            _ => Err(RegistryError::DuplicateUser {
                code: user.code.clone(),
            }),
        }
    }
}
