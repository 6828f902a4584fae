//! The CLI is a front end: it parses, calls one `Program` use case as the
//! acting user, and renders. It opens no domain store, maps no code to an
//! ID and composes no domains itself (ARCHITECTURE.md, "The CLI"). These
//! checks keep that true as commands are added.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// The CLI crate's own directory.
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
fn the_cli_depends_on_the_facade_not_on_the_domain_crates() {
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
            "the CLI depends on {name} directly: reach it through the homebiz facade's Program"
        );
    }
    assert!(
        dependencies
            .lines()
            .any(|l| l.trim_start().starts_with("homebiz.")),
        "the CLI should depend on the homebiz facade:\n{dependencies}"
    );
}

#[test]
fn commands_reach_the_domains_only_through_program_use_cases() {
    // What a command would write to open or drive a domain store itself.
    let forbidden = [
        ".registry()",
        ".market()",
        ".ledger()",
        "Registry::",
        "Market::",
        "Ledger::",
        "SqliteStore",
        "with_shared_clock",
        "import_csv(",
        "import_sales_on(",
        "open_market",
        "open_ledger",
        "context::open(",
    ];
    let src = crate_dir().join("src");
    let mut found = Vec::new();
    for path in sources(&src) {
        let name = path.strip_prefix(&src).unwrap().display().to_string();
        // The context opens the database (the one place that does) and
        // resolves the acting user.
        if name == "context.rs" {
            continue;
        }
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
        "CLI code reaches a domain store itself; call a Program use case instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_context_opens_the_database_only_as_a_whole_programme() {
    let context = std::fs::read_to_string(crate_dir().join("src/context.rs")).unwrap();
    for pattern in [
        "Registry::",
        "Market::",
        "Ledger::",
        "open_market",
        "open_ledger",
        ".registry()",
        ".market()",
        ".ledger()",
    ] {
        assert!(
            !context.contains(pattern),
            "context.rs uses {pattern}: open the programme (open_program) and call its methods"
        );
    }
}
