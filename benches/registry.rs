//! Registry benchmarks: CSV import into SQLite (households alone, and
//! households with their people), a person looked up by national ID, and
//! `find` by name, mobile and address fragment (`Program::find_people`,
//! `Program::find_households`) on the same database.
//!
//! `HOMEBIZ_BENCH_HOUSEHOLDS` sets the number of households (default
//! 100,000, the target of the brief; each has one to three people).
//!
//! With `HOMEBIZ_BENCH_PG` set to a PostgreSQL URL (choose a schema of its
//! own with `?options=-c%20search_path%3Dbench`), `find` by name runs on
//! PostgreSQL too: through the kept keys and their trigram index
//! (`find_people_by_name_pg`), and through `RegistryRead`'s default scan
//! (`…_pg_scan`, what PostgreSQL answered before it kept keys). The data
//! are imported once, when the database has no households.
//! `benches/compare_registry.py` runs bare SQLite on the same files in the
//! same run and prints the ratios.

// Benchmarks may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use homebiz::backend::{BackendProgram, Location};
use homebiz::core::SystemClock;
use homebiz::core::id::OfficeId;
use homebiz::core::text::KeySearch;
use homebiz::import::ImportKind;
use homebiz::postgres::PgStore;
use homebiz::program::SqliteProgram;
use homebiz::program::find::HouseholdQuery;
use homebiz::registry::testing::ScanReader;
use homebiz::registry::{Office, Registry, RegistryRead, RegistryStore};
use homebiz::sqlite::SqliteStore;
use homebiz::synthetic::{RegistryCsv, SyntheticConfig, registry_csv};

mod common;
use common::{admin, env_or, import, sample_national_ids};

fn households() -> usize {
    env_or("HOMEBIZ_BENCH_HOUSEHOLDS", 100_000)
}

fn data() -> RegistryCsv {
    let per_office = households().div_ceil(3);
    registry_csv(&SyntheticConfig {
        seed: 1404,
        offices: 3,
        households_per_office: per_office,
    })
    .unwrap()
}

fn fresh(dir: &tempfile::TempDir, data: &RegistryCsv, n: &mut u32) -> Registry<SqliteStore> {
    *n += 1;
    let store = SqliteStore::open(dir.path().join(format!("bench-{n}.sqlite"))).unwrap();
    let registry = Registry::new(store, SystemClock);
    import(&registry, ImportKind::Offices, &data.offices);
    registry
}

fn bench_import(c: &mut Criterion) {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    let mut group = c.benchmark_group("registry");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function(format!("import_households_{}", households()), |b| {
        b.iter_batched(
            || fresh(&dir, &data, &mut n),
            |registry| {
                import(&registry, ImportKind::Households, &data.households);
                registry
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function(
        format!("import_households_and_people_{}", households()),
        |b| {
            b.iter_batched(
                || fresh(&dir, &data, &mut n),
                |registry| {
                    import(&registry, ImportKind::Households, &data.households);
                    import(&registry, ImportKind::People, &data.people);
                    registry
                },
                BatchSize::PerIteration,
            );
        },
    );
    group.finish();
}

fn bench_lookup(c: &mut Criterion) {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let registry = fresh(&dir, &data, &mut 0);
    import(&registry, ImportKind::Households, &data.households);
    import(&registry, ImportKind::People, &data.people);
    let ids = sample_national_ids(&data.people);
    let admin = admin();
    let mut i = 0;
    c.bench_function("registry/person_by_national_id_sqlite", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            let person = registry
                .read(&admin, |r| r.person_by_national_id(&ids[i]))
                .unwrap();
            black_box(person)
        });
    });
    drop(registry);
    bench_find(
        c,
        &data,
        &SqliteProgram::open(dir.path().join("bench-1.sqlite"), Arc::new(SystemClock)).unwrap(),
    );
}

/// `find` on the database `bench_lookup` built: a full name (given then
/// family, as typed, with an Arabic yeh), a mobile and an address fragment.
fn bench_find(c: &mut Criterion, data: &RegistryCsv, program: &SqliteProgram) {
    let admin = admin();
    let row: Vec<&str> = data.people.lines().nth(1).unwrap().split(',').collect();
    let name = format!("{} {}", row[1], row[2]).replace('ی', "ي");
    let mobile = HouseholdQuery::Mobile(row[5].to_owned());
    let address = HouseholdQuery::Address("کوچه 20".to_owned());
    let mut group = c.benchmark_group("registry");
    group.sample_size(20);
    group.bench_function("find_people_by_name_sqlite", |b| {
        b.iter(|| black_box(program.find_people(&admin, None, &name).unwrap()));
    });
    group.bench_function("find_households_by_mobile_sqlite", |b| {
        b.iter(|| black_box(program.find_households(&admin, None, &mobile).unwrap()));
    });
    group.bench_function("find_households_by_address_sqlite", |b| {
        b.iter(|| black_box(program.find_households(&admin, None, &address).unwrap()));
    });
    group.finish();
}

/// `find` by name on PostgreSQL (`HOMEBIZ_BENCH_PG`): by the kept keys,
/// and by the default scan on the same database.
fn bench_find_pg(c: &mut Criterion) {
    let Ok(url) = std::env::var("HOMEBIZ_BENCH_PG") else {
        return;
    };
    let data = data();
    let store = PgStore::open(&url).unwrap();
    let registry = Registry::new(store, SystemClock);
    let admin = admin();
    if registry.read(&admin, |r| r.offices()).unwrap().is_empty() {
        import(&registry, ImportKind::Offices, &data.offices);
        import(&registry, ImportKind::Households, &data.households);
        import(&registry, ImportKind::People, &data.people);
    }
    let row: Vec<&str> = data.people.lines().nth(1).unwrap().split(',').collect();
    let name = format!("{} {}", row[1], row[2]).replace('ی', "ي");
    let program = BackendProgram::open(&Location::new(&url), Arc::new(SystemClock)).unwrap();
    let mut group = c.benchmark_group("registry");
    group.sample_size(20);
    group.bench_function("find_people_by_name_pg", |b| {
        b.iter(|| black_box(program.find_people(&admin, None, &name).unwrap()));
    });
    let search = KeySearch::words(&name).unwrap();
    let offices: Vec<OfficeId> = registry
        .read(&admin, |r| r.offices())
        .unwrap()
        .iter()
        .map(Office::id)
        .collect();
    let keyed = registry
        .store()
        .read(|r| r.people_matching(&offices, &search))
        .unwrap();
    let scanned = registry
        .store()
        .read(|r| ScanReader(r).people_matching(&offices, &search))
        .unwrap();
    assert_eq!(keyed.len(), scanned.len());
    group.bench_function("people_matching_by_name_pg", |b| {
        b.iter(|| {
            black_box(
                registry
                    .store()
                    .read(|r| r.people_matching(&offices, &search)),
            )
        });
    });
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("people_matching_by_name_pg_scan", |b| {
        b.iter(|| {
            black_box(
                registry
                    .store()
                    .read(|r| ScanReader(r).people_matching(&offices, &search)),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, bench_find_pg, bench_lookup, bench_import);
criterion_main!(benches);
