//! Solves one raw neighbourhood-plan instance (the transportation problem
//! behind `homebiz plan`) from a JSON file, and prints the objective and
//! the solver's time. Used by `benches/compare_plan.py` to check the plan
//! against scipy on the same instance.
//!
//! Input: `{"fits": [[[activity, fit], …] per household], "capacity": [per activity]}`.
//! Run with `cargo run --release --example plan_instance -- FILE.json`.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use std::time::Instant;

use homebiz::scoring::plan::assign;

#[derive(serde::Deserialize)]
struct Instance {
    fits: Vec<Vec<(usize, f64)>>,
    capacity: Vec<i64>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: plan_instance FILE.json")?;
    let instance: Instance =
        serde_json::from_reader(std::io::BufReader::new(std::fs::File::open(path)?))?;
    let start = Instant::now();
    let chosen = assign(&instance.fits, &instance.capacity);
    let seconds = start.elapsed().as_secs_f64();
    let objective: f64 = chosen
        .iter()
        .zip(&instance.fits)
        .filter_map(|(c, options)| {
            let a = (*c)?;
            options.iter().find(|(b, _)| *b == a).map(|(_, fit)| *fit)
        })
        .sum();
    let assigned = chosen.iter().flatten().count();
    println!(
        "{}",
        serde_json::json!({ "objective": objective, "assigned": assigned, "seconds": seconds })
    );
    Ok(())
}
