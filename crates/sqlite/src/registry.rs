//! The registry store traits on SQLite.

use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};

use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PartnerId, PersonId};
use homebiz_core::iran::NationalId;
use homebiz_core::text::KeySearch;
use homebiz_core::{Currency, JalaliDate, Money};
use homebiz_registry::{
    AuditAction, AuditEvent, AuditRecord, Baseline, Business, BusinessData, ConsentRecord,
    DuplicateFlag, EntityKind, EntityRef, FieldChange, Household, HouseholdData, HouseholdSearch,
    Office, OfficeData, Partner, PartnerData, Person, PersonData, Put, RegistryError, RegistryRead,
    RegistryStore, RegistryTx, Result, SensitiveField, Space, StateChange,
};
use homebiz_registry::{DuplicateResolution, PasswordHash, Scope, User};
use homebiz_sql::select;
use uuid::Uuid;

use crate::codec::{
    Held, Queries, bad_column, blob, enum_from, from_json, get_id, get_opt_id, instant,
    instant_from, json, parse, to_text,
};

domain_store!(
    RegistryError,
    RegistryStore,
    RegistryRead,
    RegistryTx,
    Db::new,
    conn
);

/// The registry's tables on one connection (inside a transaction).
struct Db<'c> {
    conn: &'c Connection,
    /// The statements of its writes and of the reads an import makes for
    /// every row, prepared once per transaction.
    held: Held<'c>,
}

impl<'c> Db<'c> {
    fn new(conn: &'c Connection) -> Self {
        Self {
            conn,
            held: Held::new(conn),
        }
    }
}

/// An INSERT and the same INSERT with its `ON CONFLICT` clause, for
/// [`Db::put`].
struct Upsert {
    /// The table written.
    table: &'static str,
    insert: &'static str,
    replace: &'static str,
}

macro_rules! upsert {
    ($table:literal, $insert:literal, $conflict:literal) => {
        Upsert {
            table: $table,
            insert: $insert,
            replace: concat!($insert, " ", $conflict),
        }
    };
}

fn opt<T>(
    index: usize,
    text: Option<String>,
    f: impl Fn(usize, &str) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    text.map(|t| f(index, &t)).transpose()
}

fn record<T>(index: usize, result: Result<T>) -> rusqlite::Result<T> {
    result.map_err(|e| bad_column(index, e))
}

fn office_row(row: &Row<'_>) -> rusqlite::Result<Office> {
    let data = OfficeData {
        id: get_id(row, 0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        level: enum_from(3, row.get(3)?)?,
        parent: get_opt_id(row, 4)?,
    };
    record(0, Office::new(data))
}

fn household_row(row: &Row<'_>) -> rusqlite::Result<Household> {
    let baseline = match row.get::<_, Option<i64>>(4)? {
        Some(amount) => {
            let currency: Currency = parse(5, &row.get::<_, String>(5)?)?;
            let survey_date: JalaliDate = parse(6, &row.get::<_, String>(6)?)?;
            Some(Baseline {
                monthly_income: Money::new(amount, currency),
                survey_date,
            })
        }
        None => None,
    };
    let data = HouseholdData {
        id: get_id(row, 0)?,
        code: row.get(1)?,
        office: get_id(row, 2)?,
        address: row.get(3)?,
        baseline,
        support: opt(7, row.get(7)?, from_json)?,
        space: Space {
            area_m2: row.get(8)?,
            separate_room: row.get(9)?,
        },
        membership: from_json(10, &row.get::<_, String>(10)?)?,
        registered_on: parse(11, &row.get::<_, String>(11)?)?,
    };
    record(0, Household::new(data))
}

fn person_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    let data = PersonData {
        id: get_id(row, 0)?,
        household: get_id(row, 1)?,
        given_name: row.get(2)?,
        family_name: row.get(3)?,
        national_id: parse(4, &row.get::<_, String>(4)?)?,
        birth_date: parse(5, &row.get::<_, String>(5)?)?,
        gender: enum_from(6, row.get(6)?)?,
        mobile: opt(7, row.get(7)?, parse)?,
        education: enum_from(8, row.get(8)?)?,
        skills: from_json(9, &row.get::<_, String>(9)?)?,
        hours_per_week: row.get(10)?,
        interests: from_json(11, &row.get::<_, String>(11)?)?,
        disability: opt(12, row.get(12)?, |i, t| enum_from(i, t.to_owned()))?,
    };
    record(0, Person::new(data))
}

fn business_row(row: &Row<'_>) -> rusqlite::Result<Business> {
    let currency: Currency = parse(10, &row.get::<_, String>(10)?)?;
    let data = BusinessData {
        id: get_id(row, 0)?,
        code: row.get(1)?,
        household: get_id(row, 2)?,
        owner: get_id(row, 3)?,
        office: get_id(row, 4)?,
        activity: row.get(5)?,
        mode: from_json(6, &row.get::<_, String>(6)?)?,
        licence: opt(7, row.get(7)?, from_json)?,
        health_certificate: opt(8, row.get(8)?, from_json)?,
        capital_invested: Money::new(row.get(9)?, currency),
        state: from_json(11, &row.get::<_, String>(11)?)?,
    };
    record(0, Business::new(data))
}

fn partner_row(row: &Row<'_>) -> rusqlite::Result<Partner> {
    let data = PartnerData {
        id: get_id(row, 0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        kind: enum_from(3, row.get(3)?)?,
        office: get_opt_id(row, 4)?,
    };
    record(0, Partner::new(data))
}

/// An audit event's field list as stored: empty text for a creation that
/// lists all of its kind's fields (most events, written in bulk by
/// imports), a JSON array otherwise, or a JSON object with the fields and
/// the update's old and new values when it has them (the same column: no
/// new schema).
fn audit_fields(
    action: AuditAction,
    kind: EntityKind,
    fields: &[String],
    changes: &[FieldChange],
) -> Result<String> {
    let all = kind.fields();
    if !changes.is_empty() {
        json(&AuditWithValues {
            fields: fields.to_vec(),
            changes: changes.to_vec(),
        })
        .map_err(backend)
    } else if action == AuditAction::Created
        && fields.len() == all.len()
        && fields.iter().zip(all).all(|(a, b)| a == b)
    {
        Ok(String::new())
    } else {
        json(&fields).map_err(backend)
    }
}

/// The fields and values of an update that has values, as stored.
#[derive(serde::Serialize, serde::Deserialize)]
struct AuditWithValues {
    fields: Vec<String>,
    changes: Vec<FieldChange>,
}

fn audit_fields_from(
    action: AuditAction,
    kind: EntityKind,
    text: &str,
) -> rusqlite::Result<(Vec<String>, Vec<FieldChange>)> {
    if text.is_empty() && action == AuditAction::Created {
        Ok((
            kind.fields().iter().map(|f| (*f).to_owned()).collect(),
            Vec::new(),
        ))
    } else if text.starts_with('{') {
        let stored: AuditWithValues = from_json(6, text)?;
        Ok((stored.fields, stored.changes))
    } else {
        Ok((from_json(6, text)?, Vec::new()))
    }
}

fn user_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: get_id(row, 0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        scope: match get_opt_id(row, 3)? {
            Some(office) => Scope::Office(office),
            None => Scope::All,
        },
        role: parse(4, &row.get::<_, String>(4)?)?,
        password: match row.get::<_, Option<String>>(5)? {
            Some(phc) => Some(PasswordHash::new(phc).map_err(|e| bad_column(5, e))?),
            None => None,
        },
    })
}

fn audit_row(row: &Row<'_>) -> rusqlite::Result<AuditEvent> {
    let kind: EntityKind = parse(4, &row.get::<_, String>(4)?)?;
    let action: AuditAction = parse(3, &row.get::<_, String>(3)?)?;
    let entity = EntityRef {
        kind,
        id: Uuid::from_bytes(row.get(5)?),
    };
    let (fields, changes) = audit_fields_from(action, kind, &row.get::<_, String>(6)?)?;
    Ok(AuditEvent {
        seq: u64::try_from(row.get::<_, i64>(0)?).map_err(|e| bad_column(0, e))?,
        record: AuditRecord {
            at: instant_from(1, row.get(1)?)?,
            actor: get_id(row, 2)?,
            action,
            entity,
            fields,
            changes,
        },
    })
}

/// `?, ?, …`: one mark per value.
fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The condition that `search` matches the key in `column`, as SQL with
/// one `?` per value it pushes onto `values`: the whole key is part of the
/// column, or each word's is (`KeySearch::matches`, with `instr` for
/// `contains`: both compare characters).
///
/// How the keys are searched was measured on the registry bench's data
/// (100,002 households, 199,936 people; release build; medians of 15 runs
/// on a 2-core machine shared with other builds, so ±30%), for a full
/// name (8 characters of key, 288 people):
///
/// | candidates of a name search         | median   |
/// |-------------------------------------|----------|
/// | `instr` on the key index (chosen)   | 50–80 ms |
/// | `instr` on the people table         | 94 ms    |
/// | `LIKE '%…%'` on the key index       | 61 ms    |
/// | FTS5 `trigram` MATCH                | 2.7 ms   |
/// | `instr`, 3-character fragment       | 34 ms    |
/// | FTS5 `trigram`, 3-character fragment| 31 ms    |
///
/// FTS5 answers a selective search 20–30 times faster (its index takes
/// 15.7 MB against 13.5 MB for the key index, and 1.4 s to build), but
/// not a fragment shorter than three characters, which a name's word
/// often is, nor a broad one any faster; it needs a rowid table beside
/// `people` (a `WITHOUT ROWID` table) kept in step on every put. The
/// scan keeps `find` by name at about 50–120 ms end to end, against
/// 4.2 s before (see the registry bench), with one code path that
/// matches exactly what `KeySearch::matches` does. FTS5 as a prefilter
/// (when the query or every word has three characters or more, then this
/// condition on its candidates) is the next step should the registry
/// grow past a few hundred thousand people.
fn key_matches(column: &str, search: &KeySearch, values: &mut Vec<Value>) -> String {
    values.push(Value::Text(search.whole().to_owned()));
    let words: Vec<String> = search
        .word_keys()
        .iter()
        .map(|w| {
            values.push(Value::Text(w.clone()));
            format!("instr({column}, ?) > 0")
        })
        .collect();
    format!("(instr({column}, ?) > 0 OR ({}))", words.join(" AND "))
}

/// `offices` as values for an `IN (…)` list, with its marks.
fn office_values(offices: &[OfficeId], values: &mut Vec<Value>) -> String {
    values.extend(offices.iter().map(|o| Value::Blob(blob(*o).to_vec())));
    marks(offices.len())
}

impl Db<'_> {
    /// The households of `offices` whose IDs `ids` (a `SELECT` with the
    /// values `values`) gives, ordered by code. The households found are
    /// read by ID: `+office_id` keeps SQLite from walking every household
    /// of the offices instead (145 ms for one household found by mobile
    /// among 100,002).
    fn households_where(
        &self,
        ids: &str,
        mut values: Vec<Value>,
        offices: &[OfficeId],
    ) -> Result<Vec<Household>> {
        let offices = office_values(offices, &mut values);
        let sql = format!(
            concat!(
                "SELECT ",
                homebiz_sql::columns!(household),
                " FROM households WHERE id IN ({}) AND +office_id IN ({}) ORDER BY code"
            ),
            ids, offices
        );
        self.all(&sql, params_from_iter(values), household_row)
    }

    /// Rows of `table` whose office is one of `offices`, ordered by code.
    fn in_offices<T>(
        &self,
        columns: &str,
        table: &str,
        offices: &[OfficeId],
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        if offices.is_empty() {
            return Ok(Vec::new());
        }
        let marks = marks(offices.len());
        let sql =
            format!("SELECT {columns} FROM {table} WHERE office_id IN ({marks}) ORDER BY code");
        let ids: Vec<[u8; 16]> = offices.iter().copied().map(blob).collect();
        self.all(&sql, rusqlite::params_from_iter(ids), map)
    }

    /// Runs `sql`'s plain INSERT for [`Put::Insert`], where a taken ID is
    /// [`RegistryError::AlreadyExists`], or its upsert for [`Put::Replace`].
    /// A unique key other than the ID that is taken (a code, a national ID)
    /// is the error `taken` makes. SQLite names whichever unique key it
    /// checks first, so an insert that breaks one asks whether `id` is
    /// taken: then it is `AlreadyExists`, whatever else clashes too.
    fn put(
        &self,
        sql: &Upsert,
        put: Put,
        kind: EntityKind,
        id: [u8; 16],
        taken: impl FnOnce() -> RegistryError,
        params: impl rusqlite::Params,
    ) -> Result<()> {
        let statement = match put {
            Put::Insert => sql.insert,
            Put::Replace => sql.replace,
        };
        // The statement is back among those held before `has_id` runs.
        match self.held.execute(statement, params) {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                    || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                let id_taken = e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                    || (put == Put::Insert && self.has_id(sql.table, id)?);
                Err(if id_taken {
                    RegistryError::AlreadyExists { kind }
                } else {
                    taken()
                })
            }
            Err(e) => Err(backend(e)),
        }
    }

    /// Whether `table` holds a row with `id`.
    fn has_id(&self, table: &str, id: [u8; 16]) -> Result<bool> {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| stmt.query_row([id], |row| row.get(0)))
            .map_err(backend)
    }

    /// As [`Queries::one`], with the statement held for the transaction
    /// (a read an import makes for every row).
    fn held_one<T>(
        &self,
        sql: &'static str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        self.held.one(sql, params, map).map_err(backend)
    }

    /// As [`Queries::all`], with the statement held for the transaction.
    fn held_all<T>(
        &self,
        sql: &'static str,
        params: impl rusqlite::Params,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.held.all(sql, params, map).map_err(backend)
    }

    fn execute(&self, sql: &'static str, params: impl rusqlite::Params) -> Result<()> {
        self.held.execute(sql, params).map(drop).map_err(backend)
    }
}

impl RegistryRead for Db<'_> {
    fn office(&self, id: OfficeId) -> Result<Option<Office>> {
        self.held_one(
            select!(office, "offices", "WHERE id = ?1"),
            [blob(id)],
            office_row,
        )
    }

    fn office_by_code(&self, code: &str) -> Result<Option<Office>> {
        self.one(
            select!(office, "offices", "WHERE code = ?1"),
            [code],
            office_row,
        )
    }

    fn offices(&self) -> Result<Vec<Office>> {
        self.all(select!(office, "offices", "ORDER BY code"), [], office_row)
    }

    fn household(&self, id: HouseholdId) -> Result<Option<Household>> {
        self.held_one(
            select!(household, "households", "WHERE id = ?1"),
            [blob(id)],
            household_row,
        )
    }

    fn household_by_code(&self, code: &str) -> Result<Option<Household>> {
        self.held_one(
            select!(household, "households", "WHERE code = ?1"),
            [code],
            household_row,
        )
    }

    fn household_key_by_code(&self, code: &str) -> Result<Option<(HouseholdId, OfficeId)>> {
        self.held_one(
            "SELECT id, office_id FROM households WHERE code = ?1",
            [code],
            |row| Ok((get_id(row, 0)?, get_id(row, 1)?)),
        )
    }

    fn households_in(&self, offices: &[OfficeId]) -> Result<Vec<Household>> {
        self.in_offices(
            homebiz_sql::columns!(household),
            "households",
            offices,
            household_row,
        )
    }

    fn person(&self, id: PersonId) -> Result<Option<Person>> {
        self.one(
            select!(person, "people", "WHERE id = ?1"),
            [blob(id)],
            person_row,
        )
    }

    fn person_by_national_id(&self, national_id: &NationalId) -> Result<Option<Person>> {
        self.held_one(
            select!(person, "people", "WHERE national_id = ?1"),
            [national_id.as_str()],
            person_row,
        )
    }

    fn people_by_identity(
        &self,
        office: OfficeId,
        name_key: &str,
        birth_date: JalaliDate,
    ) -> Result<Vec<PersonId>> {
        self.held_all(
            "SELECT p.id FROM people p JOIN households h ON h.id = p.household_id
             WHERE p.name_key = ?1 AND p.birth_date = ?2 AND h.office_id = ?3 ORDER BY p.id",
            params![name_key, birth_date.to_string(), blob(office)],
            |row| get_id(row, 0),
        )
    }

    fn members(&self, household: HouseholdId) -> Result<Vec<Person>> {
        self.all(
            select!(person, "people", "WHERE household_id = ?1 ORDER BY id"),
            [blob(household)],
            person_row,
        )
    }

    fn people_matching(
        &self,
        offices: &[OfficeId],
        search: &KeySearch,
    ) -> Result<Vec<(Household, Person)>> {
        if offices.is_empty() {
            return Ok(Vec::new());
        }
        let mut values = Vec::new();
        let matches = key_matches("k.search_key", search, &mut values);
        let offices = office_values(offices, &mut values);
        // The keys are scanned in their narrow index, and only the people
        // found are read whole.
        let sql = format!(
            concat!(
                "SELECT ",
                homebiz_sql::columns!(person),
                " FROM people p WHERE p.id IN (
                    SELECT k.id FROM people k INDEXED BY people_by_search_key
                    JOIN households h ON h.id = k.household_id
                    WHERE {} AND h.office_id IN ({}))
                 ORDER BY (SELECT h.code FROM households h WHERE h.id = p.household_id), p.id"
            ),
            matches, offices
        );
        let people = self.all(&sql, params_from_iter(values), person_row)?;
        let mut found: Vec<(Household, Person)> = Vec::with_capacity(people.len());
        for person in people {
            // People of one household come together: read it once.
            let household = match found.last() {
                Some((h, _)) if h.id() == person.household() => h.clone(),
                _ => self
                    .household(person.household())?
                    .ok_or(RegistryError::NotFound {
                        kind: EntityKind::Household,
                    })?,
            };
            found.push((household, person));
        }
        Ok(found)
    }

    fn households_matching(
        &self,
        offices: &[OfficeId],
        search: &HouseholdSearch,
    ) -> Result<Vec<Household>> {
        if offices.is_empty() {
            return Ok(Vec::new());
        }
        let mut values = Vec::new();
        let ids = match search {
            HouseholdSearch::MemberName(name) => {
                let matches = key_matches("k.search_key", name, &mut values);
                format!(
                    "SELECT k.household_id FROM people k INDEXED BY people_by_search_key
                     WHERE {matches}"
                )
            }
            HouseholdSearch::MemberMobile(mobile) => {
                values.push(Value::Text(mobile.as_str().to_owned()));
                "SELECT household_id FROM people WHERE mobile = ?".to_owned()
            }
            HouseholdSearch::Address(address) => {
                let matches = key_matches("address_key", address, &mut values);
                format!(
                    "SELECT id FROM households INDEXED BY households_by_address_key WHERE {matches}"
                )
            }
        };
        self.households_where(&ids, values, offices)
    }

    fn business(&self, id: BusinessId) -> Result<Option<Business>> {
        self.one(
            select!(business, "businesses", "WHERE id = ?1"),
            [blob(id)],
            business_row,
        )
    }

    fn business_by_code(&self, code: &str) -> Result<Option<Business>> {
        self.one(
            select!(business, "businesses", "WHERE code = ?1"),
            [code],
            business_row,
        )
    }

    fn businesses_in(&self, offices: &[OfficeId]) -> Result<Vec<Business>> {
        self.in_offices(
            homebiz_sql::columns!(business),
            "businesses",
            offices,
            business_row,
        )
    }

    fn partner(&self, id: PartnerId) -> Result<Option<Partner>> {
        self.one(
            select!(partner, "partners", "WHERE id = ?1"),
            [blob(id)],
            partner_row,
        )
    }

    fn partner_by_code(&self, code: &str) -> Result<Option<Partner>> {
        self.one(
            select!(partner, "partners", "WHERE code = ?1"),
            [code],
            partner_row,
        )
    }

    fn partners(&self) -> Result<Vec<Partner>> {
        self.all(
            select!(partner, "partners", "ORDER BY code"),
            [],
            partner_row,
        )
    }

    fn consents(
        &self,
        household: HouseholdId,
        field: SensitiveField,
    ) -> Result<Vec<ConsentRecord>> {
        self.held_all(
            "SELECT household_id, field, given, date, actor_id FROM consents
             WHERE household_id = ?1 AND field = ?2 ORDER BY seq",
            params![blob(household), field.as_str()],
            |row| {
                Ok(ConsentRecord {
                    household: get_id(row, 0)?,
                    field: parse(1, &row.get::<_, String>(1)?)?,
                    given: row.get(2)?,
                    date: parse(3, &row.get::<_, String>(3)?)?,
                    actor: get_id(row, 4)?,
                })
            },
        )
    }

    fn state_changes(&self, entity: EntityRef) -> Result<Vec<StateChange>> {
        self.all(
            "SELECT entity_kind, entity_id, from_state, to_state, reason, at, actor_id FROM state_changes
             WHERE entity_kind = ?1 AND entity_id = ?2 ORDER BY seq",
            params![entity.kind.as_str(), entity.id.as_bytes()],
            |row| {
                Ok(StateChange {
                    entity: EntityRef {
                        kind: parse(0, &row.get::<_, String>(0)?)?,
                        id: Uuid::from_bytes(row.get(1)?),
                    },
                    from: row.get(2)?,
                    to: row.get(3)?,
                    reason: row.get(4)?,
                    at: instant_from(5, row.get(5)?)?,
                    actor: get_id(row, 6)?,
                })
            },
        )
    }

    fn audit_events(&self, after: u64, limit: usize) -> Result<Vec<AuditEvent>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        self.all(
            "SELECT seq, at, actor_id, action, entity_kind, entity_id, fields FROM audit
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            params![after, limit],
            audit_row,
        )
    }

    fn audit_events_for(&self, entity: EntityRef) -> Result<Vec<AuditEvent>> {
        self.all(
            "SELECT seq, at, actor_id, action, entity_kind, entity_id, fields FROM audit
             WHERE entity_kind = ?1 AND entity_id = ?2 ORDER BY seq",
            params![entity.kind.as_str(), entity.id.as_bytes()],
            audit_row,
        )
    }

    fn duplicate_resolutions(&self) -> Result<Vec<DuplicateResolution>> {
        self.all(
            "SELECT person_id, resembles_id, office_id, verdict, note, at, actor_id
             FROM duplicate_resolutions ORDER BY seq",
            [],
            |row| {
                Ok(DuplicateResolution {
                    person: get_id(row, 0)?,
                    resembles: get_id(row, 1)?,
                    office: get_id(row, 2)?,
                    verdict: parse(3, &row.get::<_, String>(3)?)?,
                    note: row.get(4)?,
                    at: instant_from(5, row.get(5)?)?,
                    actor: get_id(row, 6)?,
                })
            },
        )
    }

    fn user_by_code(&self, code: &str) -> Result<Option<User>> {
        self.one(
            "SELECT id, code, name, office_id, role, password_hash FROM users WHERE code = ?1",
            [code],
            user_row,
        )
    }

    fn users(&self) -> Result<Vec<User>> {
        self.all(
            "SELECT id, code, name, office_id, role, password_hash FROM users ORDER BY code",
            [],
            user_row,
        )
    }

    fn duplicate_flags(&self) -> Result<Vec<DuplicateFlag>> {
        self.all(
            "SELECT person_id, resembles_id, office_id, at FROM duplicate_flags ORDER BY seq",
            [],
            |row| {
                Ok(DuplicateFlag {
                    person: get_id(row, 0)?,
                    resembles: get_id(row, 1)?,
                    office: get_id(row, 2)?,
                    at: instant_from(3, row.get(3)?)?,
                })
            },
        )
    }
}

impl RegistryTx for Db<'_> {
    fn put_office(&mut self, office: &Office, put: Put) -> Result<()> {
        let d = office.data();
        self.put(
            &upsert!(
"offices",
                "INSERT INTO offices (id, code, name, level, parent_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                "ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name,
                level = excluded.level, parent_id = excluded.parent_id"
            ),
            put,
            EntityKind::Office,
            blob(d.id),
            || RegistryError::DuplicateCode {
                kind: EntityKind::Office,
                code: d.code.clone(),
            },
            params![
                blob(d.id),
                d.code,
                d.name,
                to_text(&d.level).map_err(backend)?,
                d.parent.map(blob)
            ],
        )
    }

    fn put_household(&mut self, household: &Household, put: Put) -> Result<()> {
        let d = household.data();
        let baseline = d.baseline.as_ref();
        self.put(
            &upsert!(
"households",
                "INSERT INTO households (id, code, office_id, address, baseline_income, baseline_currency,
                baseline_survey_date, support, area_m2, separate_room, membership, registered_on,
                address_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                "ON CONFLICT (id) DO UPDATE SET code = excluded.code, office_id = excluded.office_id,
                address = excluded.address, address_key = excluded.address_key,
                baseline_income = excluded.baseline_income,
                baseline_currency = excluded.baseline_currency,
                baseline_survey_date = excluded.baseline_survey_date, support = excluded.support,
                area_m2 = excluded.area_m2, separate_room = excluded.separate_room,
                membership = excluded.membership, registered_on = excluded.registered_on"
            ),
            put,
            EntityKind::Household,
            blob(d.id),
            || RegistryError::DuplicateCode {
                kind: EntityKind::Household,
                code: d.code.clone(),
            },
            params![
                blob(d.id),
                d.code,
                blob(d.office),
                d.address,
                baseline.map(|b| b.monthly_income.minor_units()),
                baseline.map(|b| b.monthly_income.currency().code()),
                baseline.map(|b| b.survey_date.to_string()),
                d.support.as_ref().map(json).transpose().map_err(backend)?,
                d.space.area_m2,
                d.space.separate_room,
                json(&d.membership).map_err(backend)?,
                d.registered_on.to_string(),
                household.address_key(),
            ],
        )
    }

    fn put_person(&mut self, person: &Person, put: Put) -> Result<()> {
        let d = person.data();
        // The name key and the search key are one key (migration V9):
        // worked out once.
        let key = person.search_key();
        self.put(
            &upsert!(
"people",
                "INSERT INTO people (id, household_id, given_name, family_name, name_key, national_id,
                birth_date, gender, mobile, education, skills, hours_per_week, interests, disability,
                search_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                "ON CONFLICT (id) DO UPDATE SET household_id = excluded.household_id,
                given_name = excluded.given_name, family_name = excluded.family_name,
                name_key = excluded.name_key, search_key = excluded.search_key,
                national_id = excluded.national_id,
                birth_date = excluded.birth_date, gender = excluded.gender, mobile = excluded.mobile,
                education = excluded.education, skills = excluded.skills,
                hours_per_week = excluded.hours_per_week, interests = excluded.interests,
                disability = excluded.disability"
            ),
            put,
            EntityKind::Person,
            blob(d.id),
            || RegistryError::DuplicateNationalId,
            params![
                blob(d.id),
                blob(d.household),
                d.given_name,
                d.family_name,
                key,
                d.national_id.as_str(),
                d.birth_date.to_string(),
                to_text(&d.gender).map_err(backend)?,
                d.mobile.as_ref().map(|m| m.as_str()),
                to_text(&d.education).map_err(backend)?,
                json(&d.skills).map_err(backend)?,
                d.hours_per_week,
                json(&d.interests).map_err(backend)?,
                d.disability.as_ref().map(to_text).transpose().map_err(backend)?,
                key,
            ],
        )
    }

    fn put_business(&mut self, business: &Business, put: Put) -> Result<()> {
        let d = business.data();
        self.put(
            &upsert!(
"businesses",
                "INSERT INTO businesses (id, code, household_id, owner_id, office_id, activity, mode,
                licence, health_certificate, capital_invested, capital_currency, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                "ON CONFLICT (id) DO UPDATE SET code = excluded.code, household_id = excluded.household_id,
                owner_id = excluded.owner_id, office_id = excluded.office_id,
                activity = excluded.activity, mode = excluded.mode, licence = excluded.licence,
                health_certificate = excluded.health_certificate,
                capital_invested = excluded.capital_invested,
                capital_currency = excluded.capital_currency, state = excluded.state"
            ),
            put,
            EntityKind::Business,
            blob(d.id),
            || RegistryError::DuplicateCode {
                kind: EntityKind::Business,
                code: d.code.clone(),
            },
            params![
                blob(d.id),
                d.code,
                blob(d.household),
                blob(d.owner),
                blob(d.office),
                d.activity,
                json(&d.mode).map_err(backend)?,
                d.licence.as_ref().map(json).transpose().map_err(backend)?,
                d.health_certificate.as_ref().map(json).transpose().map_err(backend)?,
                d.capital_invested.minor_units(),
                d.capital_invested.currency().code(),
                json(&d.state).map_err(backend)?,
            ],
        )
    }

    fn put_partner(&mut self, partner: &Partner, put: Put) -> Result<()> {
        let d = partner.data();
        self.put(
            &upsert!(
"partners",
                "INSERT INTO partners (id, code, name, kind, office_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                "ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name,
                kind = excluded.kind, office_id = excluded.office_id"
            ),
            put,
            EntityKind::Partner,
            blob(d.id),
            || RegistryError::DuplicateCode {
                kind: EntityKind::Partner,
                code: d.code.clone(),
            },
            params![
                blob(d.id),
                d.code,
                d.name,
                to_text(&d.kind).map_err(backend)?,
                d.office.map(blob)
            ],
        )
    }

    fn append_consent(&mut self, c: &ConsentRecord) -> Result<()> {
        self.execute(
            "INSERT INTO consents (household_id, field, given, date, actor_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![blob(c.household), c.field.as_str(), c.given, c.date.to_string(), blob(c.actor)],
        )
    }

    fn append_state_change(&mut self, c: &StateChange) -> Result<()> {
        self.execute(
            "INSERT INTO state_changes (entity_kind, entity_id, from_state, to_state, reason, at, actor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                c.entity.kind.as_str(),
                c.entity.id.as_bytes(),
                c.from,
                c.to,
                c.reason,
                instant(&c.at),
                blob(c.actor)
            ],
        )
    }

    fn append_audit(&mut self, r: &AuditRecord) -> Result<u64> {
        self.execute(
            "INSERT INTO audit (at, actor_id, action, entity_kind, entity_id, fields)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                instant(&r.at),
                blob(r.actor),
                r.action.as_str(),
                r.entity.kind.as_str(),
                r.entity.id.as_bytes(),
                audit_fields(r.action, r.entity.kind, &r.fields, &r.changes)?
            ],
        )?;
        u64::try_from(self.conn.last_insert_rowid()).map_err(RegistryError::backend)
    }

    fn append_duplicate_resolution(&mut self, r: &DuplicateResolution) -> Result<()> {
        self.execute(
            "INSERT INTO duplicate_resolutions
             (person_id, resembles_id, office_id, verdict, note, at, actor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                blob(r.person),
                blob(r.resembles),
                blob(r.office),
                r.verdict.as_str(),
                r.note,
                instant(&r.at),
                blob(r.actor)
            ],
        )
    }

    fn insert_user(&mut self, user: &User) -> Result<()> {
        let office = match user.scope {
            Scope::Office(office) => Some(blob(office)),
            _ => None,
        };
        let taken = self.conn.query_row(
            "SELECT COUNT(*) FROM users WHERE code = ?1 OR id = ?2",
            params![user.code, blob(user.id)],
            |row| row.get::<_, i64>(0),
        );
        if taken.map_err(backend)? > 0 {
            return Err(RegistryError::DuplicateUser {
                code: user.code.clone(),
            });
        }
        self.execute(
            "INSERT INTO users (id, code, name, office_id, role, password_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                blob(user.id),
                user.code,
                user.name,
                office,
                user.role.as_str(),
                user.password.as_ref().map(PasswordHash::as_phc)
            ],
        )
    }

    fn append_duplicate_flag(&mut self, f: &DuplicateFlag) -> Result<()> {
        self.execute(
            "INSERT INTO duplicate_flags (person_id, resembles_id, office_id, at) VALUES (?1, ?2, ?3, ?4)",
            params![blob(f.person), blob(f.resembles), blob(f.office), instant(&f.at)],
        )
    }
}
