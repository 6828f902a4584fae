//! The CLI is a front end: it parses, calls one `Program` use case as the
//! acting user, and renders. It opens no domain store, maps no code to an
//! ID and composes no domains itself (ARCHITECTURE.md, "The CLI"). These
//! checks keep that true as commands are added.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;

/// The CLI crate's own directory.
fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// That the CLI depends on the facade only and reaches the domains only
// through `Program` is checked for every front end at once, in the facade's
// `tests/front_ends.rs`.

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
