//! Writes the synthetic registry CSVs under `examples/data/` (or the folder
//! given as the first argument): three facilitation offices in Urmia with
//! 100 households each (or the number given as the second argument), their
//! members and businesses; and the market files: the bus-terminal
//! exhibition's booths, buyer orders and producers' offers; and a year's
//! sales of the active businesses. Deterministic.
//!
//! Run with `cargo run --example generate_registry_data [-- DIR [HOUSEHOLDS_PER_OFFICE]]`.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use homebiz::scoring::catalog::Catalog;
use homebiz::synthetic::{SyntheticConfig, market_csv, registry_csv, sales_csv};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data"));
    std::fs::create_dir_all(&dir)?;
    let mut config = SyntheticConfig::default();
    if let Some(n) = std::env::args().nth(2) {
        config.households_per_office = n.parse()?;
    }
    let data = registry_csv(&config)?;
    let market = market_csv(&config, &data.businesses, &Catalog::default_catalog()?)?;
    let sales = sales_csv(&config, &data.businesses)?;
    for (name, text) in [
        ("offices.csv", &data.offices),
        ("households.csv", &data.households),
        ("people.csv", &data.people),
        ("businesses.csv", &data.businesses),
        ("booths.csv", &market.booths),
        ("orders.csv", &market.orders),
        ("offers.csv", &market.offers),
        ("sales.csv", &sales),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        println!(
            "wrote {} ({} rows)",
            path.display(),
            text.lines().count().saturating_sub(1)
        );
    }
    Ok(())
}
