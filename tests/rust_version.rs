//! `rust-version` is true (issue #13, point 9): every package of the
//! workspace declares exactly the highest `rust-version` of the packages it
//! builds on, computed from `cargo metadata`.
//!
//! A package builds on its normal and build dependencies, transitively,
//! with the features the workspace resolves (the facade's default `sqlite`
//! included), on every platform; dev-dependencies do not count, as they
//! build only the package's tests. A workspace package counts with the
//! `rust-version` it declares. "Exactly" keeps the value true both ways:
//! too low, a build fails on the toolchain it names; too high, users are
//! turned away for nothing. A package whose own code needs more than its
//! dependencies would have to say so here.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};
use std::process::Command;

use serde_json::Value;

/// `1.89`, `1.89.0` → `[1, 89, 0]`, comparable.
fn version(text: &str) -> [u64; 3] {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap());
    [0; 3].map(|_| parts.next().unwrap_or(0))
}

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A workspace package: its name, the `rust-version` it declares, and the
/// highest one among what it builds on, with the package that needs it.
type Needs = (String, Option<String>, Option<(String, String)>);

/// [`Needs`] of every workspace package, by name.
fn needs(meta: &Value) -> Vec<Needs> {
    let packages: HashMap<&str, &Value> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let rust_version = |id: &str| packages[id]["rust_version"].as_str().map(str::to_owned);
    let mut out = Vec::new();
    for member in meta["workspace_members"].as_array().unwrap() {
        let member = member.as_str().unwrap();
        let mut seen = HashSet::new();
        let mut stack = vec![member];
        let mut highest: Option<(String, String)> = None;
        while let Some(id) = stack.pop() {
            for dep in nodes[id]["deps"].as_array().unwrap() {
                let builds_on = dep["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["kind"].as_str() != Some("dev"));
                let dep = dep["pkg"].as_str().unwrap();
                if !builds_on || !seen.insert(dep) {
                    continue;
                }
                stack.push(dep);
                if let Some(v) = rust_version(dep)
                    && highest
                        .as_ref()
                        .is_none_or(|(best, _)| version(&v) > version(best))
                {
                    let p = packages[dep];
                    let who = format!(
                        "{} {}",
                        p["name"].as_str().unwrap(),
                        p["version"].as_str().unwrap()
                    );
                    highest = Some((v, who));
                }
            }
        }
        let name = packages[member]["name"].as_str().unwrap().to_owned();
        out.push((name, rust_version(member), highest));
    }
    out.sort();
    out
}

#[test]
fn rust_version_is_the_highest_of_the_dependencies() {
    let needs = needs(&metadata());
    assert!(needs.len() >= 8, "the workspace's packages: {needs:?}");
    let wrong: Vec<String> = needs
        .iter()
        .filter_map(|(name, declared, highest)| {
            let Some((needed, who)) = highest else {
                return declared
                    .is_none()
                    .then(|| format!("{name}: no rust-version and nothing to compute it from"));
            };
            let declared_version = declared.as_deref().map(version);
            (declared_version != Some(version(needed))).then(|| {
                format!(
                    "{name}: rust-version {}, but {who} needs {needed}",
                    declared.as_deref().unwrap_or("missing")
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn versions_compare_as_numbers() {
    assert_eq!(version("1.89"), [1, 89, 0]);
    assert_eq!(version("1.89.0"), version("1.89"));
    assert!(version("1.100") > version("1.92.1"));
}
