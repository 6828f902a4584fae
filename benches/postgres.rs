//! PostgreSQL benchmarks (issue #15), each beside its floor measured in the
//! same run through the same client (the synchronous `postgres` crate):
//!
//! - `person_by_national_id_pg`: `Registry::read_one` of a person by
//!   national ID (a pooled connection, the person and their household in
//!   one prepared statement sent with no transaction, decoding, the scope
//!   checked) against `…_bare` (the prepared `SELECT` of the person's
//!   columns on one open connection, no transaction) and `…_bare_tx` (the
//!   same, inside `BEGIN … READ ONLY` / `ROLLBACK`: the floor of any
//!   snapshot read); `…_pg_read` is the same lookup through
//!   `Registry::read`, in a snapshot.
//! - `monthly_report_pg`: the monthly income report of one month (Mehr
//!   1404) by business over a ledger of `HOMEBIZ_BENCH_ENTRIES` entries
//!   (default 1,000,000, recorded through `Ledger::record_batch`), against
//!   `…_bare`: the statement the store sends (`testing::MONTHLY_TOTALS`,
//!   sums in bigint by `homebiz_sum`), prepared on one client, rows read and
//!   dropped; and `…_bare_sum`: the same `GROUP BY` with the built-in `SUM`
//!   (numeric) cast to bigint, as the report was sent before migration V9.
//! - `record_sales_pg`: `HOMEBIZ_BENCH_SALES` sales (default 1,000,000)
//!   recorded through `Ledger::record_batch`, 100,000 per call (one
//!   transaction each, appended 10,000 at a time, after a look-up of
//!   their IDs, by binary COPY straight into the ledger), into an emptied
//!   ledger,
//!   against `record_sales_pg_bare`: one binary COPY of the same rows,
//!   encoded beforehand (province, number and every column), into the same
//!   emptied table through the same client. Throughput ratio = time(bare)
//!   / time(homebiz).
//! - `writers_1_pg` and `writers_8_pg`: one writer on one office, then
//!   eight writers on eight offices at once (threads sharing one
//!   `PgStore`), each importing 10 files of 10 households, each followed
//!   by the file of their people (one `Registry::write` per file; a person
//!   is checked for likely duplicates in their office);
//!   `writers_{1,8}_bare` do the same with bare prepared INSERTs of the
//!   same rows into two tables of four columns, one transaction per file,
//!   one connection per writer. Throughput ratio = 8 × time(1) / time(8).
//!
//! Skipped, with a message, when `HOMEBIZ_TEST_PG` names no server (see
//! `homebiz_postgres::testing`); each part works in a scratch schema,
//! dropped after. `benches/compare_postgres.py` prints the ratios.

// Benchmarks may fail loudly, and say on stderr when they are skipped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    missing_docs
)]

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use homebiz::core::id::TypedId;
use homebiz::core::{JalaliMonth, SystemClock};
use homebiz::import::{ImportKind, ImportOptions, import_csv};
use homebiz::income::Ledger;
use homebiz::income::entry::Entry;
use homebiz::postgres::PgStore;
use homebiz::postgres::testing::{MONTHLY_TOTALS, scratch_url};
use homebiz::registry::Registry;
use homebiz::synthetic::{RegistryCsv, SyntheticConfig, ledger_sales, registry_csv};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls};

mod common;
use common::{admin, env_or, import, monthly_report, record_sales, sample_national_ids};

/// Writers of the concurrency part, and files each imports.
const WRITERS: usize = 8;
const FILES: usize = 10;
const ROWS_PER_FILE: usize = 10;

/// Whether criterion's filter (the first argument that is not a flag, if
/// any) selects a benchmark of `part`: a part's setup (a million ledger
/// entries) is skipped when none of its benchmarks will run.
fn wanted(part: &str) -> bool {
    std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .is_none_or(|f| part.contains(&f) || f.contains(part))
}

/// A scratch store (and its URL), or `None` with a message when no server
/// is named or none of `part`'s benchmarks is selected.
fn scratch(part: &str) -> Option<(String, PgStore)> {
    if !wanted(part) {
        return None;
    }
    let found = scratch_url();
    if found.is_none() {
        eprintln!("postgres/{part}: skipped, set HOMEBIZ_TEST_PG to a PostgreSQL server");
    }
    found
}

fn bench_lookup(c: &mut Criterion) {
    let Some((url, store)) = scratch("person_by_national_id") else {
        return;
    };
    let data = registry_csv(&SyntheticConfig {
        seed: 1404,
        offices: 3,
        households_per_office: env_or("HOMEBIZ_BENCH_HOUSEHOLDS", 30_000).div_ceil(3),
    })
    .unwrap();
    let registry = Registry::new(store, SystemClock);
    import(&registry, ImportKind::Offices, &data.offices);
    import(&registry, ImportKind::Households, &data.households);
    import(&registry, ImportKind::People, &data.people);
    let ids = sample_national_ids(&data.people);
    let admin = admin();
    let mut group = c.benchmark_group("postgres");
    let mut i = 0;
    group.bench_function("person_by_national_id_pg", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            let person = registry
                .read_one(&admin, |r| r.person_by_national_id(&ids[i]))
                .unwrap();
            black_box(person)
        });
    });
    group.bench_function("person_by_national_id_pg_read", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            let person = registry
                .read(&admin, |r| r.person_by_national_id(&ids[i]))
                .unwrap();
            black_box(person)
        });
    });
    // The same query, as the store sends it, prepared once on one client.
    let mut client = Client::connect(&url, NoTls).unwrap();
    let query = client
        .prepare(
            "SELECT id, household_id, given_name, family_name, national_id, birth_date, \
             gender, mobile, education, skills, hours_per_week, interests, disability \
             FROM people WHERE national_id = $1",
        )
        .unwrap();
    group.bench_function("person_by_national_id_pg_bare", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            let row = client.query_opt(&query, &[&ids[i].as_str()]).unwrap();
            assert!(row.is_some());
            black_box(row)
        });
    });
    group.bench_function("person_by_national_id_pg_bare_tx", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            client
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .unwrap();
            let row = client.query_opt(&query, &[&ids[i].as_str()]).unwrap();
            client.batch_execute("ROLLBACK").unwrap();
            assert!(row.is_some());
            black_box(row)
        });
    });
    group.finish();
}

fn bench_report(c: &mut Criterion) {
    let Some((url, store)) = scratch("monthly_report") else {
        return;
    };
    let entries = env_or("HOMEBIZ_BENCH_ENTRIES", 1_000_000);
    let ledger = Ledger::new(store);
    let started = Instant::now();
    record_sales(&ledger, entries, 1_800_000_000_000, 50_000);
    eprintln!(
        "postgres/monthly_report: {entries} entries recorded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut client = Client::connect(&url, NoTls).unwrap();
    client.batch_execute("VACUUM ANALYZE ledger").unwrap();
    let mehr = JalaliMonth::new(1404, 7).unwrap();
    let mut group = c.benchmark_group("postgres");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("monthly_report_pg", |b| {
        b.iter(|| black_box(monthly_report(&ledger, mehr)))
    });
    // The statement the store sends, prepared once on one client: the
    // floor.
    let query = client.prepare(MONTHLY_TOTALS).unwrap();
    let month = mehr.to_string();
    group.bench_function("monthly_report_pg_bare", |b| {
        b.iter(|| black_box(client.query(&query, &[&month, &month]).unwrap().len()))
    });
    // The same question as one would first write it: SUM adds in numeric,
    // cast back to bigint.
    let plain = client
        .prepare(
            "SELECT month, business_id, channel_id, SUM(revenue)::bigint,
                SUM(commission)::bigint, SUM(costs)::bigint, SUM(fees)::bigint,
                SUM(disbursed)::bigint, SUM(repaid)::bigint
             FROM ledger WHERE month BETWEEN $1 AND $2
             GROUP BY month, business_id, channel_id
             ORDER BY month, business_id, channel_id NULLS FIRST",
        )
        .unwrap();
    group.bench_function("monthly_report_pg_bare_sum", |b| {
        b.iter(|| black_box(client.query(&plain, &[&month, &month]).unwrap().len()))
    });
    group.finish();
}

/// Sales per `record_batch` call in `record_sales_pg`: the sales import's
/// default batch.
const SALES_PER_CALL: usize = 100_000;

/// One ledger row as stored, every column decoded beforehand: what the
/// bare COPY sends.
struct BareRow {
    seq: i64,
    id: uuid::Uuid,
    business: uuid::Uuid,
    channel: Option<uuid::Uuid>,
    month: String,
    counts_on: String,
    quantity: i64,
    unit_price: i64,
    revenue: i64,
    commission: i64,
}

fn bare_rows(sales: &[Entry]) -> Vec<BareRow> {
    use homebiz::income::entry::Body;
    sales
        .iter()
        .zip(1..)
        .map(|(e, seq)| {
            let Body::Sale {
                business,
                channel,
                on,
                quantity,
                unit_price,
                ..
            } = &e.body
            else {
                unreachable!("ledger_sales makes sales")
            };
            let effect = e.body.effect().unwrap();
            BareRow {
                seq,
                id: e.id.as_uuid(),
                business: business.as_uuid(),
                channel: channel.map(|c| c.as_uuid()),
                month: on.jalali_month().to_string(),
                counts_on: on.to_string(),
                quantity: i64::from(*quantity),
                unit_price: unit_price.minor_units(),
                revenue: effect.revenue.minor_units(),
                commission: effect.commission.minor_units(),
            }
        })
        .collect()
}

/// `rows` by one binary COPY into the ledger, in one transaction.
fn bare_copy(client: &mut Client, rows: &[BareRow]) {
    let (u, t, b) = (Type::UUID, Type::TEXT, Type::INT8);
    let types = [
        u.clone(),
        b.clone(),
        u.clone(),
        t.clone(),
        u.clone(),
        u.clone(),
        t.clone(),
        t.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b,
    ];
    let programme = uuid::Uuid::nil();
    let zero = 0_i64;
    let sale = "sale";
    let mut tx = client.transaction().unwrap();
    let writer = tx
        .copy_in(
            "COPY ledger (province_id, seq, id, kind, business_id, channel_id, month, counts_on,
                quantity, unit_price, revenue, commission, costs, fees, disbursed, repaid)
             FROM STDIN (FORMAT binary)",
        )
        .unwrap();
    let mut writer = BinaryCopyInWriter::new(writer, &types);
    for r in rows {
        let row: [&(dyn ToSql + Sync); 16] = [
            &programme,
            &r.seq,
            &r.id,
            &sale,
            &r.business,
            &r.channel,
            &r.month,
            &r.counts_on,
            &r.quantity,
            &r.unit_price,
            &r.revenue,
            &r.commission,
            &zero,
            &zero,
            &zero,
            &zero,
        ];
        writer.write(&row).unwrap();
    }
    assert_eq!(writer.finish().unwrap(), rows.len() as u64);
    tx.commit().unwrap();
}

fn bench_sales(c: &mut Criterion) {
    let Some((url, store)) = scratch("record_sales") else {
        return;
    };
    let n = env_or("HOMEBIZ_BENCH_SALES", 1_000_000);
    let sales = ledger_sales(n, 1_900_000_000_000);
    let bare = bare_rows(&sales);
    let ledger = Ledger::new(store);
    let mut client = Client::connect(&url, NoTls).unwrap();
    let mut group = c.benchmark_group("postgres");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    group.bench_function("record_sales_pg", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                client.batch_execute("TRUNCATE ledger").unwrap();
                let started = Instant::now();
                for chunk in sales.chunks(SALES_PER_CALL) {
                    black_box(ledger.record_batch(chunk).unwrap());
                }
                spent += started.elapsed();
            }
            spent
        })
    });
    group.bench_function("record_sales_pg_bare", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                client.batch_execute("TRUNCATE ledger").unwrap();
                let started = Instant::now();
                bare_copy(&mut client, &bare);
                spent += started.elapsed();
            }
            spent
        })
    });
    group.finish();
}

/// A households file and the file of their people, each with its header.
struct WriterFile {
    households: String,
    people: String,
}

/// The offices file and, per office, `FILES` households files of
/// `ROWS_PER_FILE` rows, each with the file of their people.
fn writer_files() -> (RegistryCsv, Vec<Vec<WriterFile>>) {
    let data = registry_csv(&SyntheticConfig {
        seed: 1404,
        offices: WRITERS,
        households_per_office: FILES * ROWS_PER_FILE,
    })
    .unwrap();
    let mut lines = data.households.lines();
    let header = lines.next().unwrap();
    let mut by_office: Vec<(String, Vec<&str>)> = Vec::new();
    for line in lines {
        let office = line.split(',').nth(1).unwrap();
        match by_office.iter_mut().find(|(o, _)| o == office) {
            Some((_, rows)) => rows.push(line),
            None => by_office.push((office.to_owned(), vec![line])),
        }
    }
    assert_eq!(by_office.len(), WRITERS);
    let mut people = data.people.lines();
    let people_header = people.next().unwrap();
    let people: Vec<&str> = people.collect();
    let files = by_office
        .into_iter()
        .map(|(_, rows)| {
            rows.chunks(ROWS_PER_FILE)
                .take(FILES)
                .map(|chunk| {
                    let codes: Vec<&str> = chunk
                        .iter()
                        .map(|line| line.split(',').next().unwrap())
                        .collect();
                    let members: Vec<&str> = people
                        .iter()
                        .copied()
                        .filter(|line| codes.contains(&line.split(',').nth(6).unwrap()))
                        .collect();
                    WriterFile {
                        households: format!("{header}\n{}\n", chunk.join("\n")),
                        people: format!("{people_header}\n{}\n", members.join("\n")),
                    }
                })
                .collect()
        })
        .collect();
    (data, files)
}

fn bench_writers(c: &mut Criterion) {
    if scratch("writers").is_none() {
        return;
    }
    let (data, files) = writer_files();
    let mut group = c.benchmark_group("postgres");
    // Each iteration needs a fresh schema: few of them, the same count per
    // sample.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for writers in [1, WRITERS] {
        let files = &files[..writers];
        group.bench_function(format!("writers_{writers}_pg"), |b| {
            b.iter_batched(
                || {
                    let (url, store) = scratch_url().unwrap();
                    let registry = Registry::new(store, SystemClock);
                    import(&registry, ImportKind::Offices, &data.offices);
                    (url, registry)
                },
                |(url, registry)| {
                    std::thread::scope(|s| {
                        for office in files {
                            let registry = &registry;
                            s.spawn(move || {
                                for file in office {
                                    import_retrying(
                                        registry,
                                        ImportKind::Households,
                                        &file.households,
                                    );
                                    import_retrying(registry, ImportKind::People, &file.people);
                                }
                            });
                        }
                    });
                    (url, registry)
                },
                BatchSize::PerIteration,
            );
        });
        eprintln!(
            "postgres/writers_{writers}_pg: {} files imported again after a conflict",
            RETRIES.swap(0, Ordering::Relaxed)
        );
        group.bench_function(format!("writers_{writers}_bare"), |b| {
            b.iter_batched(
                || {
                    let (url, store) = scratch_url().unwrap();
                    let mut client = Client::connect(&url, NoTls).unwrap();
                    client
                        .batch_execute(
                            "CREATE TABLE bare_households (code text PRIMARY KEY,
                             office text NOT NULL, address text NOT NULL, income bigint);
                             CREATE TABLE bare_people (national_id text PRIMARY KEY,
                             household text NOT NULL, name text NOT NULL, born text NOT NULL)",
                        )
                        .unwrap();
                    let clients: Vec<Client> = (0..writers)
                        .map(|_| Client::connect(&url, NoTls).unwrap())
                        .collect();
                    (store, clients)
                },
                |(store, clients)| {
                    std::thread::scope(|s| {
                        for (office, mut client) in files.iter().zip(clients) {
                            s.spawn(move || bare_writer(&mut client, office));
                        }
                    });
                    store
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

/// Imports one file of `kind`, again while the store gives the write up
/// after `MAX_ATTEMPTS` aborts by concurrent writers (nothing was written
/// then, so the file may be sent again), as a client would; the retries are
/// counted in `RETRIES`.
fn import_retrying(registry: &Registry<PgStore>, kind: ImportKind, file: &str) {
    loop {
        let outcome = import_csv(
            registry,
            &admin(),
            kind,
            "bench.csv",
            file.as_bytes(),
            &ImportOptions::default(),
            None,
            &mut |_| {},
        );
        match outcome {
            Ok(report) => return assert_eq!(report.rejected, 0),
            Err(e) if e.to_string().contains("conflicted with concurrent writers") => {
                RETRIES.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// Files imported again after a `Conflict` (see `import_retrying`).
static RETRIES: AtomicU64 = AtomicU64::new(0);

/// One bare writer: each file's rows in one transaction, by a prepared
/// INSERT (a households file, then its people file).
fn bare_writer(client: &mut Client, files: &[WriterFile]) {
    let household = client
        .prepare(
            "INSERT INTO bare_households (code, office, address, income)
             VALUES ($1, $2, $3, $4)",
        )
        .unwrap();
    let person = client
        .prepare(
            "INSERT INTO bare_people (national_id, household, name, born)
             VALUES ($1, $2, $3, $4)",
        )
        .unwrap();
    for file in files {
        let mut tx = client.transaction().unwrap();
        for line in file.households.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            let income: i64 = cells[3].parse().unwrap_or(0);
            tx.execute(&household, &[&cells[0], &cells[1], &cells[2], &income])
                .unwrap();
        }
        tx.commit().unwrap();
        let mut tx = client.transaction().unwrap();
        for line in file.people.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            tx.execute(&person, &[&cells[0], &cells[6], &cells[1], &cells[3]])
                .unwrap();
        }
        tx.commit().unwrap();
    }
}

criterion_group!(
    benches,
    bench_lookup,
    bench_writers,
    bench_report,
    bench_sales
);
criterion_main!(benches);
