//! A new user's walkthrough of `homebiz import` (issue #14): skipped rows'
//! reasons are printed when no rejects file is written (also in a dry
//! run), the rejects' `error` column follows `--lang`, and a changed
//! lifecycle state is refused naming the command that changes it.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{example_data, homebiz, load_examples, ok};

/// The text of an example file.
fn example_file(name: &str) -> String {
    std::fs::read_to_string(example_data().join(format!("{name}.csv"))).unwrap()
}

/// The example households file with the first `bad` rows' `area_m2` made
/// unreadable, written to `dir`; its path.
fn bad_households(dir: &Path, bad: usize) -> String {
    let text = example_file("households");
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let i = header.split(',').position(|c| c == "area_m2").unwrap();
    let mut out = format!("{header}\n");
    for line in lines.take(bad) {
        let mut cells: Vec<&str> = line.split(',').collect();
        cells[i] = "many";
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    let path = dir.join("hu.csv");
    std::fs::write(&path, out).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn skipped_rows_reasons_are_printed_without_a_rejects_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hb.db");
    load_examples(&db);
    let file = bad_households(dir.path(), 12);
    for dry in [&["--dry-run"][..], &[]] {
        let out = ok(homebiz(
            &db,
            &[&["import", "households", &file, "--on-error", "skip"], dry].concat(),
        ));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].ends_with("12 rejected"), "{out}");
        assert_eq!(lines.len(), 12, "{out}");
        assert_eq!(
            lines[1].trim(),
            "hu.csv: row 2, column area_m2: not a whole number in range"
        );
        assert_eq!(
            lines[10].trim(),
            "hu.csv: row 11, column area_m2: not a whole number in range"
        );
        assert_eq!(lines[11].trim(), "and 2 more");
    }
    // With a rejects file, the reasons are in it, not printed.
    let rejects = dir.path().join("rejects.csv");
    let out = ok(homebiz(
        &db,
        &[
            "import",
            "households",
            &file,
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    ));
    assert_eq!(out.trim_end().lines().count(), 1, "{out}");
}

#[test]
fn the_rejects_error_column_follows_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hb.db");
    load_examples(&db);
    let file = bad_households(dir.path(), 1);
    let rejects = dir.path().join("rejects.csv");
    ok(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "import",
            "households",
            &file,
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",error"), "{text}");
    let row = lines.next().unwrap();
    assert!(
        row.ends_with("hu.csv: ردیف ۲، ستون area_m2: عدد صحیحی در بازهٔ مجاز نیست"),
        "{row}"
    );
}

#[test]
fn a_changed_membership_is_refused_naming_its_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hb.db");
    load_examples(&db);
    let text = example_file("households");
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap().replace(",active,", ",paused,");
    let file = dir.path().join("hu.csv");
    std::fs::write(&file, format!("{header}\n{row}\n")).unwrap();
    let file = file.to_str().unwrap();
    let out = ok(homebiz(
        &db,
        &[
            "import",
            "households",
            file,
            "--update",
            "--on-error",
            "skip",
        ],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].ends_with("0 updated, 0 unchanged, 1 refused"),
        "{out}"
    );
    assert_eq!(
        lines[1].trim(),
        "hu.csv: row 2, column membership: is active in the registry: an import does not \
         change a state; use `homebiz household enrol|activate|pause|graduate|exit`"
    );
    let out = ok(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "import",
            "households",
            file,
            "--on-error",
            "skip",
        ],
    ));
    assert!(
        out.contains("`homebiz household enrol|activate|pause|graduate|exit`"),
        "{out}"
    );
    assert!(out.contains("ستون membership: در ثبت «"), "{out}");
}
