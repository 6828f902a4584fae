//! The CLI on PostgreSQL: `--db` and `HOMEBIZ_DB` take a `postgres://` URL,
//! `init` migrates it, and the commands answer as on SQLite (skipped
//! without `HOMEBIZ_TEST_PG`, except the errors that need no server).

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{fail, homebiz, load_examples, ok};
use homebiz::postgres::testing::scratch_url;

/// The example data loaded on a SQLite file and on a PostgreSQL scratch
/// schema: the same commands print the same.
#[test]
fn commands_answer_on_postgres_as_on_sqlite() {
    let Some((url, _schema)) = scratch_url() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.sqlite");
    let pg = Path::new(&url);
    load_examples(&file);
    load_examples(pg);
    for args in [
        &["office", "list"][..],
        &["household", "list", "--office", "URM-DZS"],
        &["business", "list", "--office", "URM-DZS"],
        &["list", "duplicates"],
    ] {
        assert_eq!(
            ok(homebiz(pg, args)),
            ok(homebiz(&file, args)),
            "homebiz {args:?}"
        );
    }
    // init on a migrated database says its version and changes nothing.
    let again = ok(homebiz(pg, &["init"]));
    assert!(again.contains("schema version 6"), "{again}");
    assert!(!again.contains("search_path"), "{again}");
}

/// `HOMEBIZ_DB` names the PostgreSQL database when `--db` is not given.
#[test]
fn homebiz_db_takes_a_url() {
    let Some((url, _schema)) = scratch_url() else {
        return;
    };
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_homebiz"))
            .args(args)
            .env("HOMEBIZ_DB", &url)
            .env("HOMEBIZ_NOW", "2025-06-01T08:00:00Z")
            .output()
            .unwrap()
    };
    let out = ok(run(&["init"]));
    assert!(out.starts_with("initialised postgres://"), "{out}");
    let offices: serde_json::Value =
        serde_json::from_str(&ok(run(&["office", "list", "--json"]))).unwrap();
    assert_eq!(offices.as_array().unwrap().len(), 0);
}

/// A server that cannot be reached is named by host and port; the URL's
/// password is never shown.
#[test]
fn an_unreachable_server_is_named_without_its_password() {
    let url = Path::new("postgres://staff:s3cret-pw@127.0.0.1:1/urmia");
    for args in [&["init"][..], &["office", "list"]] {
        let err = fail(homebiz(url, args));
        assert!(
            err.contains("cannot connect to the PostgreSQL server at 127.0.0.1:1"),
            "{err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
        assert!(!err.contains("staff"), "{err}");
    }
    let err = fail(homebiz(
        Path::new("postgresql://staff:s3cret-pw@[::1"),
        &["init"],
    ));
    assert!(err.contains("URL is not valid"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}
