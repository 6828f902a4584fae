//! Correct and change state from the command line (issue #14): edits,
//! lifecycle steps and history, and an office-scoped user
//! (`HOMEBIZ_OFFICE`) who never sees or changes another office's records.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{fail, homebiz, load_examples, ok};

/// Runs `homebiz` as staff of the office `office`.
fn as_office(db: &Path, office: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOMEBIZ_NOW", "2025-06-01T08:00:00Z")
        .env("HOMEBIZ_OFFICE", office)
        .output()
        .expect("run homebiz")
}

fn history(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(homebiz(db, args))).unwrap()
}

#[test]
fn edit_step_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);

    let out = ok(homebiz(
        &db,
        &[
            "household",
            "edit",
            "URM-DZS-00001",
            "area_m2=40",
            "address=کوچه 21",
        ],
    ));
    // Named as given (#14), not by the record's inner `space`.
    assert_eq!(
        out.trim(),
        "household URM-DZS-00001: changed area_m2, address"
    );
    let out = ok(homebiz(
        &db,
        &["household", "edit", "URM-DZS-00001", "area_m2=40"],
    ));
    assert!(out.contains("no change"), "{out}");
    let err = fail(homebiz(
        &db,
        &["household", "edit", "URM-DZS-00001", "code=X"],
    ));
    assert!(
        err.contains("invalid code: is the record's identity"),
        "{err}"
    );
    let err = fail(homebiz(
        &db,
        &["person", "edit", "0010000011", "national_id=0010000021"],
    ));
    assert!(err.contains("invalid national_id"), "{err}");
    // A personal value is never echoed, in a message or an error.
    let out = ok(homebiz(
        &db,
        &["person", "edit", "0010000011", "mobile=09141000009"],
    ));
    // Named by their ID and household's code, never the national ID.
    let person = history(
        &db,
        &["person", "find", "--national-id", "0010000011", "--json"],
    );
    let id = person.get("id").unwrap_or(&person["data"]["id"]);
    let id = id.as_str().map_or_else(|| id.to_string(), str::to_owned);
    assert_eq!(
        out.trim(),
        format!("person {id} (household URM-DZS-00001): changed mobile")
    );
    let err = fail(homebiz(
        &db,
        &["person", "edit", "0010000011", "mobile=0914"],
    ));
    assert!(!err.contains("0914"), "{err}");

    let out = ok(homebiz(&db, &["household", "pause", "URM-DZS-00001"]));
    assert_eq!(out.trim(), "household URM-DZS-00001: active → paused");
    let err = fail(homebiz(&db, &["household", "graduate", "URM-DZS-00001"]));
    assert!(
        err.contains("illegal household transition from paused to graduated"),
        "{err}"
    );
    let missing = homebiz(&db, &["household", "exit", "URM-DZS-00001"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--reason"));
    let out = ok(homebiz(
        &db,
        &[
            "household",
            "exit",
            "URM-DZS-00001",
            "--reason",
            "moved away",
        ],
    ));
    assert!(out.contains("paused → exited (moved away)"), "{out}");

    let h = history(&db, &["household", "history", "URM-DZS-00001", "--json"]);
    let entries = h["entries"].as_array().unwrap();
    let changes: Vec<&serde_json::Value> = entries.iter().map(|e| &e["change"]).collect();
    assert!(changes.iter().any(
        |c| c["action"] == "updated" && c["fields"] == serde_json::json!(["address", "space"])
    ));
    let states: Vec<_> = changes
        .iter()
        .filter(|c| c["change"] == "state")
        .map(|c| (c["from"].as_str().unwrap(), c["to"].as_str().unwrap()))
        .collect();
    assert_eq!(states, [("active", "paused"), ("paused", "exited")]);
    assert_eq!(entries.last().unwrap()["change"]["reason"], "moved away");
    let table = ok(homebiz(&db, &["household", "history", "URM-DZS-00001"]));
    assert!(table.contains("paused → exited (moved away)"), "{table}");
    // The household's own page says why it left.
    let shown = ok(homebiz(&db, &["household", "show", "URM-DZS-00001"]));
    assert!(shown.contains("exited (moved away)"), "{shown}");
    assert!(table.contains("کوچه 20 → کوچه 21"), "{table}");
    // Structured values for people, not JSON: the area with its unit, a
    // flag as yes/no (in Persian with --lang fa); --json keeps the record.
    assert!(!table.contains("area_m2"), "{table}");
    assert!(table.contains(" m²"), "{table}");
    assert!(table.contains("→ 40 m², separate room: "), "{table}");
    let fa = ok(homebiz(
        &db,
        &["--lang", "fa", "household", "history", "URM-DZS-00001"],
    ));
    assert!(fa.contains("اتاق جداگانه: "), "{fa}");
    // The area in Persian words and digits, in the history and the
    // household itself (#14).
    assert!(fa.contains("→ ۴۰ متر مربع، اتاق جداگانه: "), "{fa}");
    assert!(!fa.contains("m²"), "{fa}");
    let shown = ok(homebiz(
        &db,
        &["--lang", "fa", "household", "show", "URM-DZS-00001"],
    ));
    assert!(shown.contains("۴۰ متر مربع، اتاق جداگانه: "), "{shown}");
    assert!(!shown.contains("m²"), "{shown}");
    let space = h["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["change"]["changes"].as_array())
        .flatten()
        .find(|c| c["field"] == "space")
        .unwrap();
    assert!(
        space["new"].as_str().unwrap().contains("\"area_m2\":40"),
        "{space}"
    );
    // The values of a mobile only with --personal (#14).
    let withheld = &history(&db, &["person", "history", "0010000011", "--json"])["entries"][1]["change"]
        ["changes"][0];
    assert_eq!(withheld["field"], "mobile");
    assert!(withheld["old"].is_null() && withheld["new"].is_null());
    let mobile = &history(
        &db,
        &["person", "history", "0010000011", "--json", "--personal"],
    )["entries"][1]["change"]["changes"][0];
    assert_eq!(
        (&mobile["old"], &mobile["new"]),
        (
            &serde_json::json!("09141000001"),
            &serde_json::json!("09141000009")
        )
    );

    let out = ok(homebiz(&db, &["business", "suspend", "URM-DZS-00001-B1"]));
    assert!(out.contains("active → suspended"), "{out}");
    let out = ok(homebiz(
        &db,
        &[
            "business",
            "close",
            "URM-DZS-00001-B1",
            "--reason",
            "no buyers",
        ],
    ));
    assert!(out.contains("suspended → closed (no buyers)"), "{out}");
    let shown = ok(homebiz(&db, &["business", "show", "URM-DZS-00001-B1"]));
    assert!(shown.contains("closed (no buyers)"), "{shown}");
    // Money in the output's unit, with its name.
    ok(homebiz(
        &db,
        &[
            "business",
            "edit",
            "URM-DZS-00001-B1",
            "capital_rial=60000000",
        ],
    ));
    let table = ok(homebiz(
        &db,
        &["--unit", "toman", "business", "history", "URM-DZS-00001-B1"],
    ));
    assert!(!table.contains("currency"), "{table}");
    assert!(table.contains("6,000,000 toman"), "{table}");
    let b = history(&db, &["business", "history", "URM-DZS-00001-B1", "--json"]);
    assert_eq!(b["entries"].as_array().unwrap().len(), 4);
    let p = history(&db, &["person", "history", "0010000011", "--json"]);
    assert_eq!(
        p["entries"][1]["change"]["fields"],
        serde_json::json!(["mobile"])
    );
}

#[test]
fn office_staff_reach_only_their_office() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    // URM-DZS-00001 and its people and business belong to URM-DZS.
    for args in [
        &["household", "edit", "URM-DZS-00001", "area_m2=1"][..],
        &["household", "pause", "URM-DZS-00001"],
        &["household", "history", "URM-DZS-00001"],
        &["person", "edit", "0010000011", "hours_per_week=1"],
        &["person", "history", "0010000011"],
        &["business", "edit", "URM-DZS-00001-B1", "capital_rial=1"],
        &["business", "suspend", "URM-DZS-00001-B1"],
        &["business", "history", "URM-DZS-00001-B1"],
    ] {
        let err = fail(as_office(&db, "URM-ESL", args));
        assert!(err.contains("not found"), "{args:?}: {err}");
    }
    // Nothing was changed by them.
    let h = history(&db, &["household", "history", "URM-DZS-00001", "--json"]);
    assert!(
        h["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["change"]["change"] != "state" && e["change"]["action"] != "updated")
    );
    // Staff of the household's own office may.
    let out = ok(as_office(
        &db,
        "URM-DZS",
        &["household", "pause", "URM-DZS-00001"],
    ));
    assert!(out.contains("active → paused"), "{out}");
    ok(as_office(
        &db,
        "URM-DZS",
        &["household", "history", "URM-DZS-00001"],
    ));
}

#[test]
fn import_update_reports_updated_unchanged_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    let households =
        std::fs::read_to_string(common::example_data().join("households.csv")).unwrap();
    let rows = households.lines().count() - 1;
    let changed = households
        .replace(
            "URM-DZS-00001,URM-DZS,دیزج سیاوش، کوچه 20,",
            "URM-DZS-00001,URM-DZS,دیزج سیاوش، کوچه 99,",
        )
        .replace("URM-DZS-00002,URM-DZS,", "URM-DZS-00002,URM-ESL,");
    let file = dir.path().join("households.csv");
    std::fs::write(&file, changed).unwrap();
    let file = file.to_str().unwrap();
    // Without --update the differing rows are conflicts.
    let out = ok(homebiz(
        &db,
        &["import", "households", file, "--on-error", "skip"],
    ));
    assert!(out.contains(&format!("{} existing", rows - 2)), "{out}");
    // The summary, then the skipped rows' reasons (no rejects file).
    let mut lines = out.lines();
    assert!(lines.next().unwrap().ends_with("2 conflicts"), "{out}");
    assert_eq!(
        lines.map(str::trim).collect::<Vec<_>>(),
        [
            "households.csv: row 2, column address: differs from the household URM-DZS-00001 already recorded",
            "households.csv: row 3, column office_code: differs from the household URM-DZS-00002 already recorded",
        ]
    );
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
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "imported households.csv: {rows} rows, 0 created, 1 updated, {} unchanged, 1 refused",
            rows - 2
        )
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    let h = history(&db, &["household", "history", "URM-DZS-00001", "--json"]);
    assert!(
        h["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["change"]["action"] == "updated"
                && e["change"]["fields"] == serde_json::json!(["address"]))
    );
    // Staff of URM-ESL see their own households' history.
    ok(as_office(
        &db,
        "URM-ESL",
        &["household", "history", "URM-ESL-00001"],
    ));
}

#[test]
fn lookups_name_what_was_typed_and_capital_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    // Not found, named as typed, on every registry path.
    for (args, named) in [
        (
            &["household", "show", "NOPE-1"][..],
            "household NOPE-1 not found",
        ),
        (
            &["household", "history", "NOPE-2"],
            "household NOPE-2 not found",
        ),
        (
            &["household", "edit", "NOPE-3", "area_m2=1"],
            "household NOPE-3 not found",
        ),
        (
            &["household", "pause", "NOPE-4"],
            "household NOPE-4 not found",
        ),
        (
            &["business", "edit", "NOPE-5", "capital_rial=1"],
            "business NOPE-5 not found",
        ),
        (
            &["business", "history", "NOPE-6"],
            "business NOPE-6 not found",
        ),
        (
            &["business", "suspend", "NOPE-7"],
            "business NOPE-7 not found",
        ),
        (
            &["household", "list", "--office", "NOPE-8"],
            "office NOPE-8 not found",
        ),
        (
            &["business", "list", "--office", "NOPE-9"],
            "office NOPE-9 not found",
        ),
        (
            &["recommend", "--household", "NOPE-10"],
            "household NOPE-10 not found",
        ),
        (
            &["export", "households", "--office", "NOPE-11"],
            "office NOPE-11 not found",
        ),
        (
            &["find", "people", "x", "--office", "NOPE-12"],
            "office NOPE-12 not found",
        ),
    ] {
        let err = fail(homebiz(&db, args));
        assert!(err.contains(named), "{args:?}: {err}");
    }
    // A capital of extra zeros is refused, by edit and by import, with the
    // limit written as people read it.
    let err = fail(homebiz(
        &db,
        &[
            "business",
            "edit",
            "URM-DZS-00001-B1",
            "capital_rial=99999999999999999",
        ],
    ));
    assert!(
        err.contains("above the limit of 100,000,000,000 rial"),
        "{err}"
    );
    // An import row for an office that does not exist names the code.
    let file = dir.path().join("households.csv");
    std::fs::write(
        &file,
        "code,office_code,address,area_m2,separate_room,registered_on\n\
         URM-DZX-00001,URM-DZX,Street 1,10,no,1403-01-01\n",
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["import", "households", file.to_str().unwrap()],
    ));
    assert!(err.contains("office URM-DZX not found"), "{err}");
}

#[test]
fn business_show_names_office_and_household_within_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    let shown = ok(homebiz(&db, &["business", "show", "URM-DZS-00001-B1"]));
    assert!(
        shown.contains("URM-DZS-00001") && shown.contains("URM-DZS"),
        "{shown}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["business", "show", "URM-DZS-00001-B1", "--json"],
    )))
    .unwrap();
    assert_eq!(json["office"]["code"], "URM-DZS");
    assert_eq!(json["household"]["code"], "URM-DZS-00001");
    assert_eq!(json["business"]["code"], "URM-DZS-00001-B1");
    let fa = ok(homebiz(
        &db,
        &["--lang", "fa", "business", "show", "URM-DZS-00001-B1"],
    ));
    for english in ["field", "value", "activity", "mode", "capital"] {
        assert!(!fa.contains(english), "{english} in:\n{fa}");
    }
    // Another office's business is not found, named as typed.
    let err = fail(as_office(
        &db,
        "URM-ESL",
        &["business", "show", "URM-DZS-00001-B1"],
    ));
    assert!(err.contains("business URM-DZS-00001-B1 not found"), "{err}");
}

/// `person show KEY` (issue #14): a person by national ID or person ID,
/// with their household and its people; in Persian with --lang fa; JSON
/// names the household and office by code with the IDs; another office's
/// person is "not found", and the national ID is never repeated.
#[test]
fn person_show_by_national_id_or_id_within_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    load_examples(&db);
    let shown = ok(homebiz(&db, &["person", "show", "0010000011"]));
    assert!(
        shown.contains("URM-DZS-00001") && shown.contains("URM-DZS"),
        "{shown}"
    );
    assert!(shown.contains("members:"), "{shown}");
    assert!(!shown.contains("0010000011"), "{shown}");
    let json: serde_json::Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["person", "show", "0010000011", "--json"],
    )))
    .unwrap();
    assert_eq!(json["household"]["office"]["code"], "URM-DZS");
    assert_eq!(json["household"]["household"]["code"], "URM-DZS-00001");
    let members = json["household"]["members"].as_array().unwrap();
    let id = json["person"]["id"].as_str().unwrap().to_owned();
    assert!(members.iter().any(|m| m["id"] == id.as_str()), "{json}");
    // By person ID: the same.
    let by_id: serde_json::Value =
        serde_json::from_str(&ok(homebiz(&db, &["person", "show", &id, "--json"]))).unwrap();
    assert_eq!(by_id, json);
    assert_eq!(ok(homebiz(&db, &["person", "show", &id])), shown);
    // In Persian: the headers too.
    let fa = ok(homebiz(
        &db,
        &["--lang", "fa", "person", "show", "0010000011"],
    ));
    for english in [
        "field",
        "value",
        "birth date",
        "gender",
        "members",
        "household",
    ] {
        assert!(!fa.contains(english), "{english} in:\n{fa}");
    }
    // Another office's user: not found, by either key, without the
    // national ID.
    let err = fail(as_office(&db, "URM-ESL", &["person", "show", "0010000011"]));
    assert!(
        err.contains("person with this national ID not found"),
        "{err}"
    );
    assert!(!err.contains("0010000011"), "{err}");
    let err = fail(as_office(&db, "URM-ESL", &["person", "show", &id]));
    assert!(
        err.contains(&format!("person with ID {id} not found")),
        "{err}"
    );
    // Its own office's user finds them.
    ok(as_office(&db, "URM-DZS", &["person", "show", "0010000011"]));
}

/// Edits and lifecycle steps print JSON with `--json` (#14): the record
/// by code, what changed, the states before and after.
#[test]
fn edits_and_steps_print_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    load_examples(&db);
    let run = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&ok(homebiz(&db, &[args, &["--json"]].concat()))).unwrap()
    };
    let edited = run(&["household", "edit", "URM-DZS-00001", "area_m2=41"]);
    assert_eq!(edited["kind"], "household");
    assert_eq!(edited["code"], "URM-DZS-00001");
    assert_eq!(edited["changed"], serde_json::json!(["area_m2"]));
    let edited = run(&["person", "edit", "0010000011", "hours_per_week=30"]);
    assert_eq!(edited["person"]["household"]["code"], "URM-DZS-00001");
    assert!(edited["person"]["household"]["id"].is_string(), "{edited}");
    assert!(edited["code"].is_null(), "{edited}");
    let moved = run(&[
        "business",
        "close",
        "URM-DZS-00001-B1",
        "--reason",
        "no buyers",
    ]);
    assert_eq!(
        moved,
        serde_json::json!({
            "code": "URM-DZS-00001-B1",
            "from": "active",
            "to": "closed",
            "reason": "no buyers",
        })
    );
}
