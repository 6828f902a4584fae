//! The floor that homebiz's registry schema sets for a bulk import.
//!
//! A peer for `benches/compare_registry.py`, not a way to load data: it
//! inserts households and people rows, already encoded as homebiz stores
//! them, into a database made by `homebiz init`, with bare rusqlite (the same
//! bundled SQLite, the same tables, indexes, page size and pragmas, foreign
//! keys on) and prepared statements, one transaction per file. It does no
//! validation, no look-ups and no duplicate check. Like
//! homebiz, it fills the search-key columns of migration V8 (a household's
//! `address_key`, a person's `search_key`), worked out per row with
//! `homebiz_core::text::search_key` as homebiz works them out, so that their
//! cost and their indexes are in the floor too. With `--audit` it also
//! writes the one audit row per record that homebiz writes.
//!
//! ```text
//! cargo run --release -p homebiz-sqlite --example schema_floor -- DB ROWS.json [--audit]
//! ```
//!
//! `ROWS.json` is `{"households": [[...], ...], "people": [[...], ...]}`: one
//! array per row in the tables' column order (see the INSERT statements
//! below, without the search key, which it adds), with the ID columns as
//! UUIDs in hex text; and, optionally, `"consents": ["…", ...]`: the IDs of
//! the households whose support coverage was given with consent, for which
//! it writes the consent record homebiz writes (dated today) in the
//! households' transaction, and with `--audit` that record's audit row. It prints the seconds each
//! transaction took as one line of JSON, and (on Linux) the CPU seconds
//! they took together (`tx_cpu_s`: without loading the rows from JSON).

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use std::time::Instant;

use homebiz_core::text::search_key;
use homebiz_core::{Clock, SystemClock};
use rusqlite::{Connection, ToSql, params_from_iter, types::Value};

const HOUSEHOLDS: &str = "INSERT INTO households (id, code, office_id, address, baseline_income,
    baseline_currency, baseline_survey_date, support, area_m2, separate_room, membership,
    registered_on, address_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
/// The households columns that hold IDs.
const HOUSEHOLD_IDS: &[usize] = &[0, 2];
/// The households column the search key (`address_key`) is made from: the
/// address.
const HOUSEHOLD_KEY: &[usize] = &[3];

const PEOPLE: &str = "INSERT INTO people (id, household_id, given_name, family_name, name_key,
    national_id, birth_date, gender, mobile, education, skills, hours_per_week, interests,
    disability, search_key)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
/// The people columns that hold IDs.
const PEOPLE_IDS: &[usize] = &[0, 1];
/// The people columns the search key is made from: the given name, then
/// the family name (`Person::search_key`).
const PEOPLE_KEY: &[usize] = &[2, 3];

const AUDIT: &str = "INSERT INTO audit (at, actor_id, action, entity_kind, entity_id, fields)
    VALUES (?1, ?2, 'created', ?3, ?4, '')";

const CONSENT: &str = "INSERT INTO consents (household_id, field, given, date, actor_id)
    VALUES (?1, 'support_coverage', 1, ?2, ?3)";
const CONSENT_AUDIT: &str =
    "INSERT INTO audit (at, actor_id, action, entity_kind, entity_id, fields)
    VALUES (?1, ?2, 'consent_recorded', 'household', ?3, '[\"support_coverage\"]')";

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(db), Some(rows)) = (args.first(), args.get(1)) else {
        return Err("usage: schema_floor DB ROWS.json [--audit]".into());
    };
    let audit = args.iter().any(|a| a == "--audit");
    let rows: serde_json::Value = serde_json::from_slice(&std::fs::read(rows)?)?;
    let households = decode(&rows["households"], HOUSEHOLD_IDS)?;
    let people = decode(&rows["people"], PEOPLE_IDS)?;
    let consents: Vec<Vec<Value>> = match rows.get("consents") {
        Some(ids) => decode(
            &serde_json::Value::Array(
                ids.as_array()
                    .ok_or("consents must be an array")?
                    .iter()
                    .map(|id| serde_json::Value::Array(vec![id.clone()]))
                    .collect(),
            ),
            &[0],
        )?,
        None => Vec::new(),
    };

    let conn = Connection::open(db)?;
    conn.execute_batch(homebiz_sqlite::CONNECTION_PRAGMAS)?;
    let actor = [0u8; 16];
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    insert(
        &conn,
        HOUSEHOLDS,
        &households,
        HOUSEHOLD_KEY,
        audit.then_some(("household", &actor)),
        &consents,
    )?;
    let middle = Instant::now();
    insert(
        &conn,
        PEOPLE,
        &people,
        PEOPLE_KEY,
        audit.then_some(("person", &actor)),
        &[],
    )?;
    drop(conn);
    let end = Instant::now();
    let tx_cpu = match (cpu_start, cpu_seconds()) {
        (Some(a), Some(b)) => format!("{:.4}", b - a),
        _ => "null".to_owned(),
    };
    println!(
        "{{\"households_s\": {:.4}, \"people_s\": {:.4}, \"total_s\": {:.4}, \"tx_cpu_s\": {tx_cpu}}}",
        (middle - start).as_secs_f64(),
        (end - middle).as_secs_f64(),
        (end - start).as_secs_f64()
    );
    Ok(())
}

/// The CPU time this (single-threaded) process has run so far, in
/// seconds, from Linux's `/proc/self/schedstat` (`None` elsewhere): what
/// the transactions cost without the loading of the rows from JSON,
/// which is not work an import does.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// Inserts `rows` with `sql` in one `BEGIN IMMEDIATE` transaction, each
/// with its search key (the text columns `key` joined by a space, through
/// `search_key`) as the last parameter, and with `audit` one audit row per
/// row, for the entity kind it names; then, in the same transaction, a
/// consent record for each household of `consents` (a one-value row: its
/// ID), each with its audit row under `audit`.
fn insert(
    conn: &Connection,
    sql: &str,
    rows: &[Vec<Value>],
    key: &[usize],
    audit: Option<(&str, &[u8; 16])>,
    consents: &[Vec<Value>],
) -> Result<(), Failure> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let mut statement = conn.prepare(sql)?;
    let mut trail = conn.prepare(AUDIT)?;
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_micros() as i64;
    for row in rows {
        let text: Vec<&str> = key
            .iter()
            .map(|&i| match &row[i] {
                Value::Text(text) => text.as_str(),
                _ => "",
            })
            .collect();
        let search = Value::Text(search_key(&text.join(" ")));
        statement.execute(params_from_iter(row.iter().chain([&search])))?;
        if let Some((kind, actor)) = audit {
            trail.execute([&at as &dyn ToSql, actor, &kind, &row[0]])?;
        }
    }
    if !consents.is_empty() {
        let today = SystemClock.today()?.to_string();
        let actor = [0u8; 16];
        let mut consent = conn.prepare(CONSENT)?;
        let mut consent_trail = conn.prepare(CONSENT_AUDIT)?;
        for household in consents {
            consent.execute([&household[0] as &dyn ToSql, &today, &actor])?;
            if audit.is_some() {
                consent_trail.execute([&at as &dyn ToSql, &actor, &household[0]])?;
            }
        }
    }
    drop((statement, trail));
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// Turns JSON rows into SQL values; the columns in `ids` are UUIDs made into
/// 16-byte BLOBs, as homebiz stores them.
fn decode(rows: &serde_json::Value, ids: &[usize]) -> Result<Vec<Vec<Value>>, Failure> {
    let rows = rows.as_array().ok_or("rows must be an array")?;
    rows.iter()
        .map(|row| {
            let row = row.as_array().ok_or("a row must be an array")?;
            row.iter()
                .enumerate()
                .map(|(i, cell)| {
                    Ok(match cell {
                        serde_json::Value::Null => Value::Null,
                        serde_json::Value::Number(n) => {
                            Value::Integer(n.as_i64().ok_or("integers only")?)
                        }
                        serde_json::Value::String(s) if ids.contains(&i) => {
                            Value::Blob(uuid::Uuid::parse_str(s)?.as_bytes().to_vec())
                        }
                        serde_json::Value::String(s) => Value::Text(s.clone()),
                        _ => return Err("cells are null, integers or text".into()),
                    })
                })
                .collect()
        })
        .collect()
}
