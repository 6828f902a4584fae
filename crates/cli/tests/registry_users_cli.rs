//! The registry side of issue #14 through the CLI: `import --update` keeps
//! what a file leaves out; configured scoped users; every registry command
//! scoped; likely duplicates listed and resolved.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{example_data, homebiz, homebiz_env, load_examples, ok};

/// `household show --json` of `code`, as JSON.
fn household_json(db: &Path, code: &str) -> serde_json::Value {
    serde_json::from_str(&ok(homebiz(db, &["household", "show", code, "--json"]))).unwrap()
}

/// A file of households with only `code`, `office_code` and `area_m2`
/// leaves every other field as it was; so does a blank cell.
#[test]
fn import_update_keeps_the_columns_a_file_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    let before = household_json(&db, "URM-DZS-00001");
    assert!(before["household"]["support"].is_array());
    let file = dir.path().join("areas.csv");
    std::fs::write(
        &file,
        "code,office_code,area_m2,address\nURM-DZS-00001,URM-DZS,40,\n",
    )
    .unwrap();
    let out = ok(homebiz(
        &db,
        &["import", "households", file.to_str().unwrap(), "--update"],
    ));
    assert!(out.contains("1 updated"), "{out}");
    let after = household_json(&db, "URM-DZS-00001");
    assert_eq!(after["household"]["space"]["area_m2"], 40);
    for field in ["address", "baseline", "support", "registered_on"] {
        assert_eq!(
            after["household"][field], before["household"][field],
            "{field}"
        );
    }
    assert_eq!(
        after["household"]["space"]["separate_room"],
        before["household"]["space"]["separate_room"]
    );
    // People and businesses: only the required columns change nothing.
    for (kind, header) in [
        (
            "people",
            "national_id,given_name,family_name,birth_date,gender,mobile,household_code",
        ),
        (
            "businesses",
            "code,household_code,owner_national_id,activity",
        ),
    ] {
        let full = std::fs::read_to_string(example_data().join(format!("{kind}.csv"))).unwrap();
        let width = header.split(',').count();
        let mut text = format!("{header}\n");
        for line in full.lines().skip(1).take(5) {
            let cells: Vec<&str> = line.split(',').collect();
            let keep: Vec<&str> = full
                .lines()
                .next()
                .unwrap()
                .split(',')
                .zip(&cells)
                .filter(|(c, _)| header.split(',').any(|h| h == *c))
                .map(|(_, v)| *v)
                .collect();
            assert_eq!(keep.len(), width);
            text.push_str(&keep.join(","));
            text.push('\n');
        }
        let file = dir.path().join(format!("{kind}-short.csv"));
        std::fs::write(&file, text).unwrap();
        let out = ok(homebiz(
            &db,
            &["import", kind, file.to_str().unwrap(), "--update"],
        ));
        assert!(out.contains("0 updated, 5 unchanged"), "{kind}: {out}");
    }
    let _ = homebiz_env;
}
