//! What several benchmarks share: the unrestricted actor, a CSV import
//! that must reject nothing, a ledger filled with synthetic sales, and the
//! monthly report they time.

// Each benchmark uses some of these.
#![allow(dead_code)]

use homebiz::core::JalaliMonth;
use homebiz::core::id::{ActorId, TypedId};
use homebiz::core::iran::NationalId;
use homebiz::import::{ImportKind, ImportOptions, import_csv};
use homebiz::income::Ledger;
use homebiz::income::report::{Granularity, GroupBy, income_report};
use homebiz::income::store::IncomeStore;
use homebiz::registry::{Actor, Registry, RegistryStore};
use homebiz::synthetic::ledger_sales;

/// The number in the environment variable `name`, else `default`.
pub(crate) fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Every 97th national ID of a people file (its first column): the people
/// the look-up benchmarks ask for, in turn.
pub(crate) fn sample_national_ids(people: &str) -> Vec<NationalId> {
    people
        .lines()
        .skip(1)
        .step_by(97)
        .map(|line| NationalId::parse(line.split(',').next().unwrap()).unwrap())
        .collect()
}

/// The unrestricted actor every benchmark acts as.
pub(crate) fn admin() -> Actor {
    Actor::unrestricted(ActorId::from_parts(1, [0; 10]))
}

/// Imports `text` as a file of `kind`, by [`admin`]; no row may be
/// rejected.
pub(crate) fn import<S: RegistryStore>(registry: &Registry<S>, kind: ImportKind, text: &str) {
    let report = import_csv(
        registry,
        &admin(),
        kind,
        "bench.csv",
        text.as_bytes(),
        &ImportOptions::default(),
        None,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.rejected, 0);
}

/// Records `entries` synthetic sales (IDs from `first`) into `ledger`,
/// `chunk` a batch.
pub(crate) fn record_sales<S: IncomeStore>(
    ledger: &Ledger<S>,
    entries: usize,
    first: u64,
    chunk: usize,
) {
    let all = ledger_sales(entries, first);
    for batch in all.chunks(chunk) {
        ledger.record_batch(batch).unwrap();
    }
}

/// The monthly income report of `month` by business, as the benchmarks
/// time it: its rows.
pub(crate) fn monthly_report<S: IncomeStore>(ledger: &Ledger<S>, month: JalaliMonth) -> usize {
    let monthly = ledger.read(|r| r.monthly_totals(month, month)).unwrap();
    income_report(&monthly, GroupBy::Business, Granularity::Month, |_| None)
        .unwrap()
        .rows
        .len()
}
