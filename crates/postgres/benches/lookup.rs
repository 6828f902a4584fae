//! A person by national ID on PostgreSQL: homebiz's scoped registry
//! lookup (`Registry::read_one`: the person and their household in one
//! prepared statement, sent with no transaction, the row decoded and
//! validated into a `Person`, the scope checked) against the bare prepared query
//! of the same columns through the same client (`postgres`), on the same
//! database.
//!
//! The database is one a homebiz import filled (see
//! `benches/compare_registry_pg.py`, which runs this bench): its URL is in
//! `HOMEBIZ_BENCH_PG`. Without it the bench says so and measures nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use homebiz_core::SystemClock;
use homebiz_core::id::{ActorId, TypedId};
use homebiz_core::iran::NationalId;
use homebiz_postgres::PgStore;
use homebiz_registry::{Actor, Registry};
use postgres::NoTls;

/// The variable naming the filled database.
const DATABASE_VAR: &str = "HOMEBIZ_BENCH_PG";

/// The columns homebiz reads for a person.
const PERSON: &str = "SELECT id, household_id, given_name, family_name, national_id, birth_date, \
     gender, mobile, education, skills, hours_per_week, interests, disability \
     FROM people WHERE national_id = $1";

fn lookup(c: &mut Criterion) {
    let Ok(url) = std::env::var(DATABASE_VAR) else {
        eprintln!("skipped: set {DATABASE_VAR} to a database a homebiz import filled");
        return;
    };
    let mut client = postgres::Client::connect(&url, NoTls).unwrap();
    // Every 97th person, as the SQLite bench samples.
    let ids: Vec<String> = client
        .query("SELECT national_id FROM people ORDER BY id", &[])
        .unwrap()
        .iter()
        .step_by(97)
        .map(|row| row.get(0))
        .collect();
    assert!(!ids.is_empty(), "the database holds no people");
    let parsed: Vec<NationalId> = ids
        .iter()
        .map(|id| NationalId::parse(id).unwrap())
        .collect();

    let registry = Registry::new(PgStore::open(&url).unwrap(), SystemClock);
    let admin = Actor::unrestricted(ActorId::from_parts(1, [0; 10]));
    let mut i = 0;
    c.bench_function("pg/person_by_national_id_homebiz", |b| {
        b.iter(|| {
            i = (i + 1) % parsed.len();
            black_box(
                registry
                    .read_one(&admin, |r| r.person_by_national_id(&parsed[i]))
                    .unwrap(),
            )
        });
    });
    let statement = client.prepare(PERSON).unwrap();
    let mut i = 0;
    c.bench_function("pg/person_by_national_id_bare", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            black_box(client.query_opt(&statement, &[&ids[i]]).unwrap().unwrap())
        });
    });
}

criterion_group!(benches, lookup);
criterion_main!(benches);
