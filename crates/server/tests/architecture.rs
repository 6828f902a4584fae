//! The server is a front end beside the CLI: it calls one `Program` use
//! case per handler as the signed-in user, and opens no domain store, maps
//! no code to an ID and composes no domains itself (ARCHITECTURE.md).
//! These checks keep that true as pages are added.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn the_server_depends_on_the_facade_not_on_the_domain_crates() {
    let manifest = std::fs::read_to_string(crate_dir().join("Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for line in dependencies.lines() {
        let name = line.split(['=', '.']).next().unwrap().trim();
        assert!(
            !name.starts_with("homebiz-"),
            "the server depends on {name} directly: reach it through the homebiz facade's Program"
        );
    }
    assert!(
        dependencies
            .lines()
            .any(|l| l.trim_start().starts_with("homebiz.")),
        "the server should depend on the homebiz facade:\n{dependencies}"
    );
}

#[test]
fn handlers_reach_the_domains_only_through_program_use_cases() {
    // What a handler would write to open or drive a domain store itself,
    // or to run a store call on an async worker.
    let forbidden = [
        ".registry()",
        ".market()",
        ".ledger()",
        "Registry::",
        "Market::",
        "Ledger::",
        "SqliteStore",
        "PgStore",
        "with_shared_clock",
        "import_csv(",
        "open_market",
        "open_ledger",
    ];
    let src = crate_dir().join("src");
    let mut found = Vec::new();
    for path in sources(&src) {
        let name = path.strip_prefix(&src).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for pattern in forbidden {
                if line.contains(pattern) {
                    found.push(format!("{name}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "server code reaches a domain store itself; call a Program use case instead:\n{}",
        found.join("\n")
    );
}

/// Store calls block: every one goes through `blocking` (lib.rs), which
/// runs it on tokio's blocking pool. A handler that called `p.…` on the
/// program outside it would hold up an async worker.
#[test]
fn every_store_call_goes_through_the_blocking_helper() {
    let src = crate_dir().join("src");
    let mut found = Vec::new();
    for path in sources(&src) {
        let name = path.strip_prefix(&src).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let uses_program = line.contains(".program()") || line.contains("state.program");
            if uses_program && name != "lib.rs" {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the program is used outside `blocking`:\n{}",
        found.join("\n")
    );
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert_eq!(lib.matches("spawn_blocking").count(), 1, "one helper");
}
