//! Four processes, each with three writer threads, write to one
//! PostgreSQL database at once (issue #15): registering people (some with
//! the same national IDs in two processes), recording sales (each batch
//! sent twice, and some entry IDs sent by two processes) and applying for
//! and allocating exhibition booths. Then no acknowledged write is lost,
//! none is doubled, no national ID is held twice, the ledger's totals equal
//! the sum of what was acknowledged, and no booth or business is booked
//! twice in a week (skipped without `HOMEBIZ_TEST_PG`).
//!
//! The test binary runs itself as the four processes: the parent sets up a
//! scratch schema, starts [`child_process`] four times with a [`Role`] in
//! the environment variable [`CHILD_VAR`], waits for them, and reads what
//! each acknowledged from the file its role names.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use homebiz_core::category::Category;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, EntryId, HouseholdId, OfficeId, PersonId, TypedId,
};
use homebiz_core::{FixedClock, Money};
use homebiz_income::entry::{Body, Entry, Recorded};
use homebiz_income::{IncomeError, Ledger};
use homebiz_market::allocate::{Allocation, Horizon, Points};
use homebiz_market::application::{ApplicationData, ApplicationState};
use homebiz_market::{Market, MarketError};
use homebiz_postgres::testing::{rows, scratch_url};
use homebiz_postgres::{PgError, PgStore};
use homebiz_registry::testing::{
    Fixture, business_data, household_data, person_data, synthetic_national_id, test_now,
};
use homebiz_registry::{Actor, Registry, RegistryError};
use serde::{Deserialize, Serialize};

mod common;
use common::day;

/// The environment variable that makes [`child_process`] a writer: its
/// [`Role`] as JSON.
const CHILD_VAR: &str = "HOMEBIZ_TEST_PG_CHILD";

/// Writer processes.
const PROCESSES: usize = 4;

/// Households (each with one member) each process registers.
const REGISTRATIONS: u32 = 12;

/// National ID serials in play: process `p` registers serials
/// `p * 8 + i` (mod `SERIALS`) for `i` below [`REGISTRATIONS`], so each
/// process shares four serials with the next one.
const SERIALS: u32 = 32;

/// Sales each process records on its own business.
const OWN_SALES: u64 = 10;

/// Sales each pair of processes (0 and 1, 2 and 3) both record, with the
/// same entry IDs and content.
const SHARED_SALES: u64 = 6;

/// How long the parent waits for its children.
const CHILD_DEADLINE: Duration = Duration::from_secs(120);

/// The exhibition the processes apply to.
const EXHIBITION: &str = common::PARK;

/// What a child process is to do.
#[derive(Debug, Serialize, Deserialize)]
struct Role {
    /// The scratch schema's URL.
    url: String,
    /// Which process, from 0.
    process: usize,
    /// The office each process registers in.
    offices: Vec<OfficeId>,
    /// The business of each process.
    businesses: Vec<BusinessId>,
    /// Where to write the [`Acks`].
    out: PathBuf,
}

/// A registration the store acknowledged.
#[derive(Debug, Serialize, Deserialize)]
struct Registered {
    code: String,
    household: HouseholdId,
    person: PersonId,
    serial: u32,
}

/// What a child process was told, write by write.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Acks {
    /// Households registered with their member.
    registered: Vec<Registered>,
    /// Registrations refused because the national ID was taken: (household
    /// code, serial).
    refused: Vec<(String, u32)>,
    /// Every recorded entry as the ledger gave it back (a batch sent twice
    /// appears twice).
    recorded: Vec<Recorded>,
    /// Applications made and approved.
    approved: Vec<ApplicationId>,
    /// Allocations stored.
    allocations: Vec<Allocation>,
    /// Writes given up by the store as conflicting or changed, and tried
    /// again by the client.
    retried: u32,
    /// Transactions the store replayed after an abort.
    replays: u64,
}

/// The PostgreSQL error behind a domain's backend error.
trait Backend {
    fn pg(&self) -> Option<&PgError>;
}

macro_rules! backend {
    ($($error:ty),*) => {$(
        impl Backend for $error {
            fn pg(&self) -> Option<&PgError> {
                match self {
                    Self::Backend(e) => e.downcast_ref(),
                    _ => None,
                }
            }
        }
    )*};
}
backend!(RegistryError, MarketError, IncomeError);

/// Runs `write` until it is not given up as conflicting with another
/// writer (the store's typed [`PgError::Changed`] or
/// [`PgError::Conflict`], after which nothing was written), as a client
/// would: its last outcome.
fn until_written<T, E: Backend + std::fmt::Debug>(
    retried: &mut u32,
    mut write: impl FnMut() -> Result<T, E>,
) -> Result<T, E> {
    for _ in 0..100 {
        match write() {
            Err(e) if matches!(e.pg(), Some(PgError::Changed | PgError::Conflict { .. })) => {
                *retried += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            outcome => return outcome,
        }
    }
    panic!("a write conflicted 100 times");
}

/// The horizon every allocation covers: four weeks from 1404-01-08.
fn horizon() -> Horizon {
    Horizon::new(day(1, 8), 4).unwrap()
}

/// A sale with a fixed ID and content: `who` and `n` number it.
fn sale(business: BusinessId, who: u64, n: u64) -> Entry {
    Entry {
        key: None,
        id: EntryId::from_uuid(uuid::Uuid::from_u128(
            0x4000_0000 + u128::from(who) * 1000 + u128::from(n),
        )),
        body: Body::Sale {
            business,
            channel: None,
            on: day(1, 1 + (n % 28) as u8),
            quantity: 1 + (n % 3) as u32,
            unit_price: Money::rial(10_000 + (who * 100 + n) as i64),
            commission: Money::rial(0),
        },
    }
}

/// The national ID serial of process `p`'s `i`th registration.
fn serial(p: usize, i: u32) -> u32 {
    (p as u32 * 8 + i) % SERIALS + 1
}

/// A child: registers, records and allocates on three threads at once, and
/// writes what was acknowledged to its role's file. Run only by
/// [`four_processes_write_at_once`], which sets [`CHILD_VAR`].
#[test]
#[ignore = "a child process of four_processes_write_at_once"]
fn child_process() {
    let role: Role = match std::env::var(CHILD_VAR) {
        Ok(json) => serde_json::from_str(&json).unwrap(),
        Err(_) => {
            panic!("{CHILD_VAR} is not set: this test is run by four_processes_write_at_once")
        }
    };
    let store = PgStore::open(&role.url).unwrap();
    let registry = Registry::new(&store, FixedClock::new(test_now()));
    let market = Market::new(&store, FixedClock::new(test_now()));
    let ledger = Ledger::new(&store);
    let admin = Actor::unrestricted(ActorId::from_parts(1, [1; 10]));
    let p = role.process;
    let own = role.businesses[p];
    let (registrations, sales, booths) = std::thread::scope(|s| {
        let registrar = s.spawn(|| {
            let mut acks = Acks::default();
            for i in 0..REGISTRATIONS {
                let code = format!("P{p}-{i:02}");
                let n = serial(p, i);
                let outcome = until_written(&mut acks.retried, || {
                    registry.write(&admin, |w| {
                        let h = w.add_household(household_data(role.offices[p], &code))?;
                        let person = w.add_person(person_data(h.id(), n))?.person;
                        Ok((h.id(), person.id()))
                    })
                });
                match outcome {
                    Ok((household, person)) => acks.registered.push(Registered {
                        code,
                        household,
                        person,
                        serial: n,
                    }),
                    Err(RegistryError::DuplicateNationalId) => acks.refused.push((code, n)),
                    Err(e) => panic!("registration {code}: {e}"),
                }
            }
            acks
        });
        let recorder = s.spawn(|| {
            let mut acks = Acks::default();
            let pair = p / 2;
            let shared_business = role.businesses[pair * 2];
            let mut batches: Vec<[Entry; 2]> = (0..OWN_SALES)
                .step_by(2)
                .map(|n| [sale(own, p as u64, n), sale(own, p as u64, n + 1)])
                .collect();
            // Interleaved with the pair's shared sales (numbered as process
            // 10 + pair), which the other process of the pair sends too.
            for (k, n) in (0..SHARED_SALES).step_by(2).enumerate() {
                let who = 10 + pair as u64;
                batches.insert(
                    (2 * k + 1).min(batches.len()),
                    [
                        sale(shared_business, who, n),
                        sale(shared_business, who, n + 1),
                    ],
                );
            }
            for batch in &batches {
                let first =
                    until_written(&mut acks.retried, || ledger.record_batch(batch)).unwrap();
                // The same entry IDs again: the same records back.
                let again =
                    until_written(&mut acks.retried, || ledger.record_batch(batch)).unwrap();
                assert_eq!(again, first);
                acks.recorded.extend(first);
                acks.recorded.extend(again);
            }
            acks
        });
        let allocator = s.spawn(|| {
            let mut acks = Acks::default();
            let exhibition = market.exhibition(EXHIBITION).unwrap().id();
            let application = until_written(&mut acks.retried, || {
                market.apply(ApplicationData {
                    id: ApplicationId::new(),
                    exhibition,
                    business: own,
                    category: Category::Handicrafts,
                    new_producer: p.is_multiple_of(2),
                    vulnerable: p == 3,
                    weeks_wanted: 2,
                    seasonality: None,
                    applied_on: day(1, 2),
                    by: None,
                })
            })
            .unwrap();
            until_written(&mut acks.retried, || {
                market.decide(application.id(), ApplicationState::Approved, None, None)
            })
            .unwrap();
            acks.approved.push(application.id());
            for _ in 0..2 {
                let allocation = until_written(&mut acks.retried, || {
                    market.allocate(EXHIBITION, &horizon(), Points::default())
                })
                .unwrap();
                acks.allocations.push(allocation);
            }
            acks
        });
        (
            registrar.join().unwrap(),
            recorder.join().unwrap(),
            allocator.join().unwrap(),
        )
    });
    let acks = Acks {
        retried: registrations.retried + sales.retried + booths.retried,
        registered: registrations.registered,
        refused: registrations.refused,
        recorded: sales.recorded,
        approved: booths.approved,
        allocations: booths.allocations,
        replays: store.replays(),
    };
    std::fs::write(&role.out, serde_json::to_vec(&acks).unwrap()).unwrap();
}

/// The parent: a scratch schema with four offices, a business in each and
/// an exhibition; four child processes writing at once; then every
/// acknowledged write checked against the database.
#[test]
fn four_processes_write_at_once() {
    let Some((url, store)) = scratch_url() else {
        return;
    };
    let f = Fixture::new(&store);
    let offices = common::four_offices(&f);
    let businesses: Vec<BusinessId> = offices
        .iter()
        .enumerate()
        .map(|(p, &office)| {
            f.registry
                .write(&f.admin, |w| {
                    let h = w.add_household(household_data(office, &format!("OWN-{p}")))?;
                    let owner = w.add_person(person_data(h.id(), 900 + p as u32))?.person;
                    w.add_business(business_data(h.id(), owner.id(), &format!("B-{p}")))
                })
                .unwrap()
                .id()
        })
        .collect();
    let market = Market::new(&store, FixedClock::new(test_now()));
    common::park(&market, 3);
    let audit_before = f
        .registry
        .read(&f.admin, |r| r.audit_events(0, usize::MAX))
        .unwrap()
        .len();

    let dir = std::env::temp_dir().join(format!(
        "homebiz-processes-{}-{}",
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut children: Vec<Child> = (0..PROCESSES)
        .map(|process| {
            let role = Role {
                url: url.clone(),
                process,
                offices: offices.clone(),
                businesses: businesses.clone(),
                out: dir.join(format!("{process}.json")),
            };
            let log = std::fs::File::create(dir.join(format!("{process}.log"))).unwrap();
            Command::new(&exe)
                .args([
                    "child_process",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_VAR, serde_json::to_string(&role).unwrap())
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap()
        })
        .collect();
    let started = Instant::now();
    let mut statuses = [None; PROCESSES];
    while statuses.iter().any(Option::is_none) {
        for (status, child) in statuses.iter_mut().zip(&mut children) {
            if status.is_none() {
                *status = child.try_wait().unwrap();
            }
        }
        if started.elapsed() > CHILD_DEADLINE {
            for child in &mut children {
                let _ignored = child.kill();
                let _ignored = child.wait();
            }
            panic!("the child processes did not finish in {CHILD_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for (p, status) in statuses.iter().enumerate() {
        let log = std::fs::read_to_string(dir.join(format!("{p}.log"))).unwrap_or_default();
        assert!(
            status.is_some_and(|s| s.success()),
            "child {p} failed: {status:?}\n{log}"
        );
    }
    let acks: Vec<Acks> = (0..PROCESSES)
        .map(|p| {
            serde_json::from_slice(&std::fs::read(dir.join(format!("{p}.json"))).unwrap()).unwrap()
        })
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    // Seen with --nocapture: how contended the run was.
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "{PROCESSES} processes in {:?}: {} transactions replayed by the store, \
             {} writes tried again by the client",
            started.elapsed(),
            acks.iter().map(|a| a.replays).sum::<u64>(),
            acks.iter().map(|a| a.retried).sum::<u32>()
        );
    }

    check_registry(&store, &f, &offices, &acks, audit_before);
    check_ledger(&store, &businesses, &acks);
    check_booths(&market, &acks);
}

/// Every acknowledged registration is there once, every refused one is
/// not, and each national ID is held by exactly one person.
fn check_registry(
    store: &PgStore,
    f: &Fixture<&PgStore>,
    offices: &[OfficeId],
    acks: &[Acks],
    audit_before: usize,
) {
    let registered: Vec<&Registered> = acks.iter().flat_map(|a| &a.registered).collect();
    let refused: Vec<&(String, u32)> = acks.iter().flat_map(|a| &a.refused).collect();
    assert_eq!(
        registered.len() + refused.len(),
        PROCESSES * REGISTRATIONS as usize,
        "a registration was neither acknowledged nor refused"
    );
    // Each serial was tried at least once, and only a serial someone holds
    // is refused: so every serial is held, by exactly one acknowledged
    // registration.
    let mut holders: BTreeMap<u32, Vec<PersonId>> = BTreeMap::new();
    for r in &registered {
        holders.entry(r.serial).or_default().push(r.person);
    }
    assert_eq!(
        holders.len(),
        SERIALS as usize,
        "a national ID is held by nobody"
    );
    for (serial, people) in &holders {
        assert_eq!(
            people.len(),
            1,
            "national ID {serial} was acknowledged twice"
        );
        let held = f
            .registry
            .read(&f.admin, |r| {
                r.person_by_national_id(&synthetic_national_id(*serial))
            })
            .unwrap();
        assert_eq!(
            held.id(),
            people[0],
            "national ID {serial} is held by someone else"
        );
    }
    for r in &registered {
        let household = f
            .registry
            .read(&f.admin, |reader| reader.household_by_code(&r.code))
            .unwrap();
        assert_eq!(household.id(), r.household, "{}", r.code);
        let members = f
            .registry
            .read(&f.admin, |reader| reader.members(r.household))
            .unwrap();
        assert_eq!(
            members.iter().map(|m| m.id()).collect::<Vec<_>>(),
            [r.person],
            "{}",
            r.code
        );
    }
    for (code, _) in &refused {
        assert!(
            matches!(
                f.registry
                    .read(&f.admin, |reader| reader.household_by_code(code)),
                Err(RegistryError::NotFound { .. })
            ),
            "the refused registration {code} left its household"
        );
    }
    // The processes' households, and nothing else, in their offices.
    let households: usize = offices
        .iter()
        .map(|&o| {
            f.registry
                .read(&f.admin, |r| r.households(o))
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(
        households,
        registered.len() + PROCESSES,
        "households lost or doubled"
    );
    let people = rows(
        store,
        "SELECT count(*), count(DISTINCT national_id) FROM people",
    );
    let expected = (SERIALS as usize + PROCESSES).to_string();
    assert_eq!(
        people,
        [[Some(expected.clone()), Some(expected)]],
        "people lost or doubled"
    );
    // Each acknowledged registration audited its household and its person.
    let audit = f
        .registry
        .read(&f.admin, |r| r.audit_events(0, usize::MAX))
        .unwrap();
    assert_eq!(audit.len(), audit_before + 2 * registered.len());
    let mut seqs: Vec<u64> = audit.iter().map(|e| e.seq).collect();
    seqs.dedup();
    assert_eq!(seqs.len(), audit.len(), "two audit events share a number");
}

/// Each acknowledged entry is stored once, with the number every process
/// was given for it, and each business's totals are the sum of its
/// acknowledged entries.
fn check_ledger(store: &PgStore, businesses: &[BusinessId], acks: &[Acks]) {
    let ledger = Ledger::new(store);
    let mut by_id: BTreeMap<EntryId, &Recorded> = BTreeMap::new();
    for r in acks.iter().flat_map(|a| &a.recorded) {
        let first = by_id.entry(r.entry.id).or_insert(r);
        assert_eq!(*first, r, "one entry ID was acknowledged with two records");
    }
    let expected = PROCESSES as u64 * OWN_SALES + (PROCESSES as u64 / 2) * SHARED_SALES;
    assert_eq!(by_id.len() as u64, expected);
    assert_eq!(
        ledger.read(|r| r.len()).unwrap(),
        expected,
        "an entry was lost or doubled"
    );
    let numbers: BTreeSet<u64> = by_id.values().map(|r| r.seq).collect();
    assert_eq!(numbers.len(), by_id.len(), "two entries share a number");
    for &business in businesses {
        let mut acknowledged: Vec<Recorded> = by_id
            .values()
            .filter(|r| r.business == business)
            .map(|r| (*r).clone())
            .collect();
        acknowledged.sort_by_key(|r| r.seq);
        assert_eq!(ledger.entries(business).unwrap(), acknowledged);
        let sum = acknowledged
            .iter()
            .try_fold(Money::rial(0), |t, r| t.checked_add(r.effect.revenue))
            .unwrap();
        assert_eq!(ledger.totals(business).unwrap().revenue, sum);
    }
}

/// The stored bookings are those of one acknowledged allocation (the last
/// to commit), no booth or business is booked twice in a week, and each
/// booking is of an approved application.
fn check_booths(market: &Market<&PgStore>, acks: &[Acks]) {
    let stored: Vec<_> = market
        .schedule(EXHIBITION)
        .unwrap()
        .into_iter()
        .map(|b| b.booking)
        .collect();
    assert!(!stored.is_empty());
    assert!(
        acks.iter()
            .flat_map(|a| &a.allocations)
            .any(|a| a.bookings == stored),
        "the stored bookings are no acknowledged allocation's"
    );
    let booths: BTreeSet<_> = stored
        .iter()
        .map(|b| (b.week.start, b.booth.clone()))
        .collect();
    assert_eq!(
        booths.len(),
        stored.len(),
        "a booth is booked twice in a week"
    );
    let businesses: BTreeSet<_> = stored.iter().map(|b| (b.week.start, b.business)).collect();
    assert_eq!(
        businesses.len(),
        stored.len(),
        "a business holds two booths in a week"
    );
    let approved: BTreeSet<_> = acks.iter().flat_map(|a| &a.approved).collect();
    assert_eq!(approved.len(), PROCESSES);
    assert!(stored.iter().all(|b| approved.contains(&b.application)));
    let exhibition = market.exhibition(EXHIBITION).unwrap().id();
    let applications = market.read(|r| r.applications(exhibition)).unwrap();
    assert_eq!(
        applications.len(),
        PROCESSES,
        "an application was lost or doubled"
    );
    assert!(
        applications
            .iter()
            .all(|a| a.state() == ApplicationState::Approved)
    );
}
