//! The registry on its embedded SQLite default: creates a fresh database
//! under `target/registry-demo/`, imports the synthetic example files of
//! `examples/data/` (three facilitation offices in Urmia), and prints what
//! each office holds.
//!
//! Run with `cargo run --example registry_demo`.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use std::path::Path;

use homebiz::core::SystemClock;
use homebiz::core::id::ActorId;
use homebiz::import::{ImportKind, ImportOptions, import_csv};
use homebiz::registry::{Actor, OfficeLevel, Registry};
use homebiz::sqlite::SqliteStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/registry-demo");
    std::fs::create_dir_all(&out)?;
    let db = out.join("homebiz.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let registry = Registry::new(SqliteStore::open(&db)?, SystemClock);
    let admin = Actor::unrestricted(ActorId::new());
    for (kind, file) in [
        (ImportKind::Offices, "offices.csv"),
        (ImportKind::Households, "households.csv"),
        (ImportKind::People, "people.csv"),
        (ImportKind::Businesses, "businesses.csv"),
    ] {
        let input = std::fs::File::open(root.join("examples/data").join(file))?;
        let report = import_csv(
            &registry,
            &admin,
            kind,
            file,
            input,
            &ImportOptions::default(),
            None,
            &mut |_| {},
        )?;
        println!(
            "imported {file}: {} rows, {} created",
            report.rows, report.created
        );
    }
    registry.read(&admin, |r| {
        for office in r
            .offices()?
            .iter()
            .filter(|o| o.level() == OfficeLevel::Office)
        {
            let households = r.households(office.id())?;
            let people: usize = households
                .iter()
                .map(|h| r.members(h.id()).map(|m| m.len()))
                .sum::<Result<_, _>>()?;
            let businesses = r.businesses(office.id())?;
            println!(
                "{} ({}): {} households, {people} people, {} businesses",
                office.code(),
                office.name(),
                households.len(),
                businesses.len()
            );
        }
        println!(
            "likely duplicates flagged for review: {}",
            r.duplicate_flags()?.len()
        );
        println!("audit events: {}", r.audit_events(0, usize::MAX)?.len());
        Ok(())
    })?;
    println!("database: {}", db.display());
    Ok(())
}
