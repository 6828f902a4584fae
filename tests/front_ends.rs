//! The front ends — the CLI (crates/cli) and the office web app
//! (crates/server) — parse or receive a request, call one `Program` use case
//! as the acting user, and render. They open no domain store, map no code to
//! an ID and compose no domains themselves (ARCHITECTURE.md). These checks
//! keep that true as commands and pages are added, for every front end at
//! once.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// A front end: its crate's folder, what it is called in messages, and the
/// source files allowed to open the database (relative to its `src`).
struct FrontEnd {
    dir: &'static str,
    name: &'static str,
    opens_the_database: &'static [&'static str],
}

const FRONT_ENDS: [FrontEnd; 2] = [
    FrontEnd {
        dir: "crates/cli",
        name: "the CLI",
        // The context opens the database and resolves the acting user.
        opens_the_database: &["context.rs"],
    },
    FrontEnd {
        dir: "crates/server",
        name: "the server",
        opens_the_database: &[],
    },
];

/// What front-end code would write to open or drive a domain store itself.
const FORBIDDEN: [&str; 14] = [
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
    "import_sales_on(",
    "open_market",
    "open_ledger",
    "context::open(",
];

fn root() -> &'static Path {
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

/// Each line of `front`'s sources for which `hit(file, line)` holds, as
/// `file:line: text`.
fn lines_where(front: &FrontEnd, hit: impl Fn(&str, &str) -> bool) -> Vec<String> {
    let src = root().join(front.dir).join("src");
    let mut found = Vec::new();
    for path in sources(&src) {
        let name = path.strip_prefix(&src).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if hit(&name, line) {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn front_ends_depend_on_the_facade_not_on_the_domain_crates() {
    for front in &FRONT_ENDS {
        let manifest = std::fs::read_to_string(root().join(front.dir).join("Cargo.toml")).unwrap();
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
                "{} depends on {name} directly: reach it through the homebiz facade's Program",
                front.name
            );
        }
        assert!(
            dependencies
                .lines()
                .any(|l| l.trim_start().starts_with("homebiz.")),
            "{} should depend on the homebiz facade:\n{dependencies}",
            front.name
        );
    }
}

#[test]
fn front_ends_reach_the_domains_only_through_program_use_cases() {
    for front in &FRONT_ENDS {
        let found = lines_where(front, |file, line| {
            !front.opens_the_database.contains(&file) && FORBIDDEN.iter().any(|p| line.contains(p))
        });
        assert!(
            found.is_empty(),
            "{} reaches a domain store itself; call a Program use case instead:\n{}",
            front.name,
            found.join("\n")
        );
    }
}

/// Store calls block: every one in the server goes through `blocking`
/// (lib.rs), which runs it on tokio's blocking pool. A handler that called
/// the program outside it would hold up an async worker.
#[test]
fn every_server_store_call_goes_through_the_blocking_helper() {
    let server = &FRONT_ENDS[1];
    let found = lines_where(server, |file, line| {
        file != "lib.rs" && (line.contains(".program()") || line.contains("state.program"))
    });
    assert!(
        found.is_empty(),
        "the program is used outside `blocking`:\n{}",
        found.join("\n")
    );
    let lib = std::fs::read_to_string(root().join(server.dir).join("src/lib.rs")).unwrap();
    assert_eq!(lib.matches("spawn_blocking").count(), 1, "one helper");
}
