//! Solves one booth-allocation instance from a JSON file and prints the
//! total points, the number of bookings and the solver's time. Used by
//! `benches/compare_allocate.py` to check the allocation against scipy's
//! `linear_sum_assignment` on the same instance.
//!
//! Input: `{"booths": [Booth…], "from": "1404-01-01", "weeks": 13,
//! "candidates": [Candidate…], "rules": Rules}` (the library's serde forms).
//! Run with `cargo run --release --example allocate_instance -- FILE.json`.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use std::time::Instant;

use homebiz::core::JalaliDate;
use homebiz::market::allocate::{Candidate, Horizon, Rules, allocate};
use homebiz::market::exhibition::Booth;

#[derive(serde::Deserialize)]
struct Instance {
    booths: Vec<Booth>,
    from: JalaliDate,
    weeks: u16,
    candidates: Vec<Candidate>,
    rules: Rules,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: allocate_instance FILE.json")?;
    let instance: Instance =
        serde_json::from_reader(std::io::BufReader::new(std::fs::File::open(path)?))?;
    let horizon = Horizon::new(instance.from, instance.weeks)?;
    let start = Instant::now();
    let allocation = allocate(
        &instance.booths,
        &horizon,
        &instance.candidates,
        &instance.rules,
    )?;
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "objective": allocation.total_points,
            "bookings": allocation.bookings.len(),
            "seconds": seconds,
        })
    );
    Ok(())
}
