//! The registry store traits on PostgreSQL.

use std::collections::HashMap;

use postgres::Row;
use postgres::types::{Json, ToSql, Type};

use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PartnerId, PersonId, TypedId};
use homebiz_core::iran::NationalId;
use homebiz_core::text::KeySearch;
use homebiz_core::{Currency, JalaliDate, Money};
use homebiz_registry::{
    AuditEvent, AuditRecord, Baseline, Business, BusinessData, ConsentRecord, DuplicateFlag,
    DuplicateResolution, EntityKind, EntityRef, FieldChange, Household, HouseholdData,
    HouseholdSearch, LookAhead, Office, OfficeData, Partner, PartnerData, PasswordHash, Person,
    PersonData, Put, RegistryError, RegistryRead, RegistryStore, RegistryTx, Result, Scope,
    SensitiveField, Space, StateChange, User,
};

use homebiz_sql::select;

use crate::bulk::Table;
use crate::codec::{
    decode, get, id, id_opt, json, json_opt, name, name_opt, parse, parse_opt, seq, small, to_name,
    uuid,
};
use crate::{PgError, UNIQUE_VIOLATION};

domain_store!(
    RegistryError,
    RegistryStore,
    RegistryRead,
    RegistryTx,
    read_one
);

/// The tables a write fills in bulk ([`crate::bulk`]): the columns of
/// each record's INSERT below, in the same order (the province first).
const HOUSEHOLDS: Table = Table {
    copy: "COPY households (province_id, id, code, office_id, address, baseline_income,
        baseline_currency, baseline_survey_date, support, area_m2, separate_room, membership,
        registered_on, address_key) FROM STDIN (FORMAT binary)",
    types: &[
        Type::UUID,
        Type::UUID,
        Type::TEXT,
        Type::UUID,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::JSONB,
        Type::INT4,
        Type::BOOL,
        Type::JSONB,
        Type::TEXT,
        Type::TEXT,
    ],
};

const PEOPLE: Table = Table {
    copy: "COPY people (province_id, id, household_id, given_name, family_name, name_key,
        national_id, birth_date, gender, mobile, education, skills, hours_per_week, interests,
        disability, search_key) FROM STDIN (FORMAT binary)",
    types: &[
        Type::UUID,
        Type::UUID,
        Type::UUID,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::JSONB,
        Type::INT4,
        Type::JSONB,
        Type::TEXT,
        Type::TEXT,
    ],
};

const CONSENTS: Table = Table {
    copy: "COPY consents (province_id, household_id, field, given, date, actor_id)
        FROM STDIN (FORMAT binary)",
    types: &[
        Type::UUID,
        Type::UUID,
        Type::TEXT,
        Type::BOOL,
        Type::TEXT,
        Type::UUID,
    ],
};

const STATE_CHANGES: Table = Table {
    copy: "COPY state_changes (province_id, entity_kind, entity_id, from_state, to_state, reason,
        at, actor_id) FROM STDIN (FORMAT binary)",
    types: &[
        Type::UUID,
        Type::TEXT,
        Type::UUID,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TIMESTAMPTZ,
        Type::UUID,
    ],
};

const AUDIT: Table = Table {
    copy: "COPY audit (province_id, seq, at, actor_id, action, entity_kind, entity_id, fields,
        changes) FROM STDIN (FORMAT binary)",
    types: &[
        Type::UUID,
        Type::INT8,
        Type::TIMESTAMPTZ,
        Type::UUID,
        Type::TEXT,
        Type::TEXT,
        Type::UUID,
        Type::JSONB,
        Type::JSONB,
    ],
};

const DUPLICATE_FLAGS: Table = Table {
    copy: "COPY duplicate_flags (province_id, person_id, resembles_id, office_id, at)
        FROM STDIN (FORMAT binary)",
    types: &[
        Type::UUID,
        Type::UUID,
        Type::UUID,
        Type::UUID,
        Type::TIMESTAMPTZ,
    ],
};

/// `province` followed by `params`: a row of one of the tables above.
fn with_province<'p>(
    province: &'p uuid::Uuid,
    params: &[&'p (dyn ToSql + Sync)],
) -> Vec<&'p (dyn ToSql + Sync)> {
    let mut row: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(params.len() + 1);
    row.push(province);
    row.extend_from_slice(params);
    row
}

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
        role: parse(row, 4)?,
        password: match get::<Option<String>>(row, 5)? {
            Some(phc) => Some(PasswordHash::new(phc).map_err(|_| decode(row, 5))?),
            None => None,
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

impl Db<'_, '_> {
    /// The province of office `office`, read once per transaction;
    /// `None` when there is no such office.
    fn province(&self, office: uuid::Uuid) -> Result<Option<uuid::Uuid>> {
        if let Some(province) = self.0.known().provinces.get(&office) {
            return Ok(Some(*province));
        }
        let found: Option<uuid::Uuid> = self.one(
            "SELECT province_id FROM offices WHERE id = $1",
            &[&office],
            |row| get(row, 0),
        )?;
        if let Some(province) = found {
            self.0.known().provinces.insert(office, province);
        }
        Ok(found)
    }

    /// The province of a new row of record `id` of `kind`, when it can be
    /// had without reading the record's table.
    fn entity_province(&self, kind: EntityKind, id: uuid::Uuid) -> Result<Option<uuid::Uuid>> {
        match kind {
            EntityKind::Office => self.province(id),
            EntityKind::Household | EntityKind::Person => match self.office_of(id) {
                Some(office) => self.province(office),
                None => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// The next audit number: the sequence's next value; in a bulk write,
    /// from the block taken last, or from a new block
    /// ([`crate::bulk::Known::next_audit_block`]).
    fn audit_number(&self) -> Result<i64> {
        if !self.0.known().bulk {
            return Ok(self.0.next_value("audit_seq")?);
        }
        if let Some(seq) = self.0.known().audit_numbers.pop_front() {
            return Ok(seq);
        }
        let n = self.0.known().next_audit_block();
        let taken = self.0.next_values("audit_seq", n)?;
        let mut known = self.0.known();
        known.audit_numbers.extend(taken);
        known
            .audit_numbers
            .pop_front()
            .ok_or_else(|| RegistryError::backend(PgError::Aborted))
    }

    /// Whether an insert of record `id` with unique key `key` may be
    /// deferred (see [`crate::bulk`]): `free` holds the key (no record has
    /// it) and this transaction has not inserted `id` yet. An ID taken by
    /// a record of an earlier transaction is found when the row is copied,
    /// and fails the whole write.
    fn may_defer(&self, free: bool, id: uuid::Uuid) -> bool {
        free && !self.0.known().inserted.contains(&id)
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
        {
            let known = self.0.known();
            if let Some(&(household, office)) = known.households.get(code) {
                return Ok(Some((
                    HouseholdId::from_uuid(household),
                    OfficeId::from_uuid(office),
                )));
            }
            if known.free_codes.contains(code) {
                return Ok(None);
            }
        }
        let found: Option<(uuid::Uuid, uuid::Uuid)> = self.one(
            "SELECT id, office_id FROM households WHERE code = $1",
            &[&code],
            |row| Ok((get(row, 0)?, get(row, 1)?)),
        )?;
        let mut known = self.0.known();
        match found {
            Some((household, office)) => {
                known
                    .households
                    .insert(code.to_owned(), (household, office));
                known.offices.insert(household, office);
            }
            None => {
                known.free_codes.insert(code.to_owned());
            }
        }
        Ok(found.map(|(h, o)| (HouseholdId::from_uuid(h), OfficeId::from_uuid(o))))
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
        if self
            .0
            .known()
            .free_national_ids
            .contains(national_id.as_str())
        {
            return Ok(None);
        }
        let found = self.one(
            select!(person, "people", "WHERE national_id = $1"),
            &[&national_id.as_str()],
            person_row,
        )?;
        if found.is_none() {
            self.0
                .known()
                .free_national_ids
                .insert(national_id.as_str().to_owned());
        }
        Ok(found)
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
        let key = (name_key.to_owned(), birth_date.to_string());
        if let Some(people) = self.0.known().identities.get(&key) {
            let office = uuid(office);
            let mut ids: Vec<uuid::Uuid> = people
                .iter()
                .filter(|(_, o)| *o == office)
                .map(|(p, _)| *p)
                .collect();
            ids.sort_unstable();
            return Ok(ids.into_iter().map(PersonId::from_uuid).collect());
        }
        // The office's province is named (it holds every person of the
        // office), so that distributed by province the read is single-shard.
        self.all(
            "SELECT p.id FROM people p
             JOIN households h ON h.province_id = p.province_id AND h.id = p.household_id
             WHERE p.name_key = $1 AND p.birth_date = $2 AND h.office_id = $3
               AND p.province_id = homebiz_office_province($3) ORDER BY p.id",
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
            "SELECT id, code, name, office_id, role, password_hash FROM users WHERE code = $1",
            &[&code],
            user_row,
        )
    }

    fn users(&self) -> Result<Vec<User>> {
        self.all(
            "SELECT id, code, name, office_id, role, password_hash FROM users ORDER BY code",
            &[],
            user_row,
        )
    }

    /// Reads the households, national IDs and identities `ahead` names
    /// that this transaction does not know yet, one query for each kind
    /// (and one for the provinces of the households' offices): later
    /// lookups of them are answered from what was read, and inserts of
    /// households and people whose codes and national IDs were found free
    /// are written in bulk ([`crate::bulk`]).
    /// Yes: a batch's keys are read at once, and its inserts written in
    /// bulk.
    fn looks_ahead(&self) -> Result<bool> {
        Ok(true)
    }

    fn look_ahead(&self, ahead: &LookAhead) -> Result<()> {
        self.0.known().bulk = true;
        let codes: Vec<&str> = {
            let known = self.0.known();
            let mut codes: Vec<&str> = ahead
                .household_codes
                .iter()
                .map(String::as_str)
                .filter(|c| !known.households.contains_key(*c) && !known.free_codes.contains(*c))
                .collect();
            codes.sort_unstable();
            codes.dedup();
            codes
        };
        if !codes.is_empty() {
            let found = self.all(
                "SELECT code, id, office_id FROM households WHERE code = ANY($1) ORDER BY code",
                &[&codes],
                |row| Ok((get::<String>(row, 0)?, get(row, 1)?, get(row, 2)?)),
            )?;
            let mut known = self.0.known();
            for code in &codes {
                known.free_codes.insert((*code).to_owned());
            }
            for (code, household, office) in found {
                known.free_codes.remove(&code);
                known.offices.insert(household, office);
                known.households.insert(code, (household, office));
            }
        }
        let offices: Vec<uuid::Uuid> = {
            let known = self.0.known();
            let mut offices: Vec<uuid::Uuid> = known
                .households
                .values()
                .map(|(_, office)| *office)
                .filter(|o| !known.provinces.contains_key(o))
                .collect();
            offices.sort_unstable();
            offices.dedup();
            offices
        };
        if !offices.is_empty() {
            let found: Vec<(uuid::Uuid, uuid::Uuid)> = self.all(
                "SELECT id, province_id FROM offices WHERE id = ANY($1) ORDER BY id",
                &[&offices],
                |row| Ok((get(row, 0)?, get(row, 1)?)),
            )?;
            self.0.known().provinces.extend(found);
        }
        let national_ids: Vec<&str> = {
            let known = self.0.known();
            let mut ids: Vec<&str> = ahead
                .national_ids
                .iter()
                .map(NationalId::as_str)
                .filter(|n| !known.free_national_ids.contains(*n))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        if !national_ids.is_empty() {
            let taken = self.all(
                "SELECT national_id FROM people WHERE national_id = ANY($1) ORDER BY national_id",
                &[&national_ids],
                |row| get::<String>(row, 0),
            )?;
            let taken: std::collections::HashSet<String> = taken.into_iter().collect();
            let mut known = self.0.known();
            for id in national_ids {
                if !taken.contains(id) {
                    known.free_national_ids.insert(id.to_owned());
                }
            }
        }
        let (names, births): (Vec<String>, Vec<String>) = {
            let known = self.0.known();
            let mut keys: Vec<(String, String)> = ahead
                .identities
                .iter()
                .map(|(name, birth)| (name.clone(), birth.to_string()))
                .filter(|k| !known.identities.contains_key(k))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            keys.into_iter().unzip()
        };
        if !names.is_empty() {
            let found = self.all(
                "SELECT p.name_key, p.birth_date, p.id, h.office_id FROM people p
                 JOIN households h ON h.province_id = p.province_id AND h.id = p.household_id
                 WHERE (p.name_key, p.birth_date) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                 ORDER BY p.id",
                &[&names, &births],
                |row| {
                    Ok((
                        get::<String>(row, 0)?,
                        get::<String>(row, 1)?,
                        get(row, 2)?,
                        get(row, 3)?,
                    ))
                },
            )?;
            let mut known = self.0.known();
            for key in names.into_iter().zip(births) {
                known.identities.entry(key).or_default();
            }
            for (name, birth, person, office) in found {
                known
                    .identities
                    .entry((name, birth))
                    .or_default()
                    .push((person, office));
            }
        }
        Ok(())
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
        let (household_id, office) = (uuid(d.id), uuid(d.office));
        let params: [&(dyn ToSql + Sync); 13] = [
            &household_id,
            &d.code,
            &office,
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
        ];
        let free = self.0.known().free_codes.contains(&d.code);
        let deferred = match put {
            Put::Insert if self.may_defer(free, household_id) => self.province(office)?,
            _ => None,
        };
        if let Some(province) = deferred {
            self.0
                .copy_row(&HOUSEHOLDS, &with_province(&province, &params))?;
            self.0.known().inserted.insert(household_id);
        } else {
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
                &params,
                || RegistryError::DuplicateCode {
                    kind: EntityKind::Household,
                    code: d.code.clone(),
                },
            )?;
        }
        let mut known = self.0.known();
        if put == Put::Replace {
            // Its code may have changed, and with its office its members'.
            known.households.retain(|_, (h, _)| *h != household_id);
            known.identities.clear();
        }
        known.free_codes.remove(&d.code);
        known
            .households
            .insert(d.code.clone(), (household_id, office));
        known.offices.insert(household_id, office);
        Ok(())
    }

    fn put_person(&mut self, person: &Person, put: Put) -> Result<()> {
        let d = person.data();
        // The household's office, when this write wrote the household:
        // its province then comes from the office, not from a probe of
        // the households table.
        let office = self.office_of(uuid(d.household));
        let person_id = uuid(d.id);
        let name_key = person.name_key();
        let birth_date = d.birth_date.to_string();
        let params: [&(dyn ToSql + Sync); 16] = [
            &person_id,
            &uuid(d.household),
            &d.given_name,
            &d.family_name,
            &name_key,
            &d.national_id.as_str(),
            &birth_date,
            &to_name(&d.gender)?,
            &d.mobile.as_ref().map(|m| m.as_str()),
            &to_name(&d.education)?,
            &Json(&d.skills),
            &i32::from(d.hours_per_week),
            &Json(&d.interests),
            &d.disability.as_ref().map(to_name).transpose()?,
            // The search key is the name key (`Person::search_key`).
            &name_key,
            &office,
        ];
        let free = self
            .0
            .known()
            .free_national_ids
            .contains(d.national_id.as_str());
        let deferred = match (put, office) {
            (Put::Insert, Some(office)) if self.may_defer(free, person_id) => {
                self.province(office)?
            }
            _ => None,
        };
        if let Some(province) = deferred {
            self.0
                .copy_row(&PEOPLE, &with_province(&province, &params[..15]))?;
            self.0.known().inserted.insert(person_id);
        } else {
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
                &params,
                || RegistryError::DuplicateNationalId,
            )?;
        }
        let mut known = self.0.known();
        known.free_national_ids.remove(d.national_id.as_str());
        if put == Put::Replace {
            // Its names, birth date or household may have changed.
            known.identities.clear();
            known.offices.remove(&person_id);
        }
        if let Some(office) = office {
            known.offices.insert(person_id, office);
        }
        let key = (name_key, birth_date);
        match (known.identities.get_mut(&key), office) {
            (Some(people), Some(office)) => people.push((person_id, office)),
            (Some(_), None) => {
                known.identities.remove(&key);
            }
            (None, _) => {}
        }
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
        // A bulk write that looked the identity up ahead answers from what
        // it read (its read took the locks; SERIALIZABLE keeps it right).
        let key = (name_key.to_owned(), birth_date.to_string());
        if self.0.known().identities.contains_key(&key) {
            return self.people_by_identity(office, name_key, birth_date);
        }
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
        let household = uuid(c.household);
        if let Some(province) = self.entity_province(EntityKind::Household, household)? {
            return self
                .0
                .copy_row(
                    &CONSENTS,
                    &[
                        &province,
                        &household,
                        &c.field.as_str(),
                        &c.given,
                        &c.date.to_string(),
                        &uuid(c.actor),
                    ],
                )
                .map_err(Into::into);
        }
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
        if let Some(province) = self.entity_province(c.entity.kind, c.entity.id)? {
            return self
                .0
                .copy_row(
                    &STATE_CHANGES,
                    &[
                        &province,
                        &c.entity.kind.as_str(),
                        &c.entity.id,
                        &c.from,
                        &c.to,
                        &c.reason,
                        &c.at,
                        &uuid(c.actor),
                    ],
                )
                .map_err(Into::into);
        }
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
        let seq = self.audit_number()?;
        let changes = (!r.changes.is_empty()).then_some(Json(&r.changes));
        if let Some(province) = self.entity_province(r.entity.kind, r.entity.id)? {
            self.0.copy_row(
                &AUDIT,
                &[
                    &province,
                    &seq,
                    &r.at,
                    &uuid(r.actor),
                    &r.action.as_str(),
                    &r.entity.kind.as_str(),
                    &r.entity.id,
                    &Json(&r.fields),
                    &changes,
                ],
            )?;
            return u64::try_from(seq).map_err(RegistryError::backend);
        }
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
        if let Some(province) = self.province(uuid(f.office))? {
            return self
                .0
                .copy_row(
                    &DUPLICATE_FLAGS,
                    &[
                        &province,
                        &uuid(f.person),
                        &uuid(f.resembles),
                        &uuid(f.office),
                        &f.at,
                    ],
                )
                .map_err(Into::into);
        }
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
            "INSERT INTO users (province_id, id, code, name, office_id, role, password_hash)
             VALUES (COALESCE(homebiz_office_province($4), homebiz_programme()), $1, $2, $3, $4, $5, $6)
             ON CONFLICT DO NOTHING",
            &[
                &uuid(user.id),
                &user.code,
                &user.name,
                &office,
                &user.role.as_str(),
                &user.password.as_ref().map(PasswordHash::as_phc),
            ],
        )?;
        match inserted {
            1 => Ok(()),
            _ => Err(RegistryError::DuplicateUser {
                code: user.code.clone(),
            }),
        }
    }
}
