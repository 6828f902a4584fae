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
}

/// Runs `homebiz` as the configured user `user` (`HOMEBIZ_USER`).
fn as_user(db: &Path, user: &str, args: &[&str]) -> std::process::Output {
    homebiz_env(db, &[("HOMEBIZ_USER", user)], args)
}

#[test]
fn users_are_configured_and_act_in_their_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.sqlite");
    load_examples(&db);
    let out = ok(homebiz(
        &db,
        &[
            "user", "add", "sara", "--office", "URM-DZS", "--name", "Sara",
        ],
    ));
    assert_eq!(
        out.trim(),
        "user sara added: office URM-DZS and the offices below it"
    );
    ok(homebiz(&db, &["user", "add", "boss", "--all"]));
    // A scope is required; a scoped user may not add users.
    assert!(!homebiz(&db, &["user", "add", "x"]).status.success());
    let err = common::fail(as_user(&db, "sara", &["user", "add", "reza", "--all"]));
    assert!(
        err.contains("only an unrestricted user may add users"),
        "{err}"
    );
    let err = common::fail(homebiz(&db, &["user", "add", "sara", "--all"]));
    assert!(err.contains("user code sara is already in use"), "{err}");
    // Lists: the admin sees both, sara only herself.
    let all = ok(homebiz(&db, &["user", "list"]));
    assert!(all.contains("boss") && all.contains("sara"), "{all}");
    let own = ok(homebiz(&db, &["--user", "sara", "user", "list"]));
    assert!(own.contains("sara") && !own.contains("boss"), "{own}");
    // An unknown user is an error naming it, by option or variable.
    let err = common::fail(homebiz(&db, &["--user", "nobody", "office", "list"]));
    assert!(err.contains("unknown user nobody"), "{err}");
    let err = common::fail(as_user(&db, "nobody", &["office", "list"]));
    assert!(err.contains("unknown user nobody"), "{err}");
    // --user wins over HOMEBIZ_USER; a user wins over HOMEBIZ_OFFICE.
    let offices = ok(homebiz_env(
        &db,
        &[("HOMEBIZ_USER", "boss"), ("HOMEBIZ_OFFICE", "URM-ESL")],
        &["--user", "sara", "office", "list"],
    ));
    assert!(
        offices.contains("URM-DZS") && !offices.contains("URM-ESL"),
        "{offices}"
    );
    let offices = ok(homebiz_env(
        &db,
        &[("HOMEBIZ_USER", "boss"), ("HOMEBIZ_OFFICE", "URM-ESL")],
        &["office", "list"],
    ));
    assert!(
        offices.contains("URM-DZS") && offices.contains("URM-ESL"),
        "{offices}"
    );
    // A write by a user shows their code in the history.
    ok(as_user(
        &db,
        "sara",
        &["household", "edit", "URM-DZS-00001", "area_m2=41"],
    ));
    let history = ok(as_user(
        &db,
        "sara",
        &["household", "history", "URM-DZS-00001"],
    ));
    assert!(history.contains("sara"), "{history}");
    let json: serde_json::Value = serde_json::from_str(&ok(as_user(
        &db,
        "sara",
        &["household", "history", "URM-DZS-00001", "--json"],
    )))
    .unwrap();
    assert!(
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["user"] == "sara")
    );
}

/// Everything an office-scoped user can reach of the registry, through
/// every registry command: nothing of another office appears, and
/// nothing is written.
#[test]
fn a_scoped_user_never_sees_or_changes_another_office_through_any_registry_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    load_examples(&db);
    ok(homebiz(
        &db,
        &["user", "add", "sara", "--office", "URM-DZS"],
    ));
    // What the whole programme holds, as an unrestricted user sees it.
    let snapshot = |db: &Path| -> Vec<String> {
        let mut out = Vec::new();
        for kind in ["households", "people", "businesses"] {
            out.push(ok(homebiz(
                db,
                &[
                    "export",
                    kind,
                    "--office",
                    "URM",
                    "--personal",
                    "--format",
                    "json",
                ],
            )));
        }
        out.push(ok(homebiz(
            db,
            &["duplicates", "list", "--state", "all", "--json"],
        )));
        out.push(ok(homebiz(db, &["user", "list", "--json"])));
        out.push(ok(homebiz(
            db,
            &["household", "history", "URM-ESL-00001", "--json"],
        )));
        out
    };
    let before = snapshot(&db);
    let foreign_household = dir.path().join("foreign-households.csv");
    std::fs::write(
        &foreign_household,
        "code,office_code,address\nURM-ESL-00001,URM-ESL,y\n",
    )
    .unwrap();
    let foreign_new = dir.path().join("foreign-new.csv");
    std::fs::write(&foreign_new, "code,office_code\nURM-ESL-99999,URM-ESL\n").unwrap();
    let foreign_people = dir.path().join("foreign-people.csv");
    std::fs::write(
        &foreign_people,
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code,hours_per_week\n\
         0010001913,مریم,نوروزی,1353/02/28,female,09141000191,URM-ESL-00001,40\n",
    )
    .unwrap();
    let foreign_business = dir.path().join("foreign-businesses.csv");
    std::fs::write(
        &foreign_business,
        "code,household_code,owner_national_id,activity,capital_rial\n\
         URM-ESL-00003-B1,URM-ESL-00003,0010001956,baking,1\n",
    )
    .unwrap();
    let (fh, fnew, fp, fb) = (
        foreign_household.to_str().unwrap(),
        foreign_new.to_str().unwrap(),
        foreign_people.to_str().unwrap(),
        foreign_business.to_str().unwrap(),
    );
    let commands: Vec<Vec<&str>> = vec![
        vec!["office", "list"],
        vec!["office", "list", "--json"],
        vec!["household", "list", "--office", "URM-DZS", "--json"],
        vec!["household", "list", "--office", "URM-ESL"],
        vec!["household", "list", "--office", "URM"],
        vec!["household", "show", "URM-ESL-00001"],
        vec!["household", "show", "URM-DZS-00001", "--json"],
        vec!["household", "history", "URM-ESL-00001"],
        vec!["household", "edit", "URM-ESL-00001", "area_m2=1"],
        vec!["household", "enrol", "URM-ESL-00001"],
        vec!["person", "find", "--national-id", "0010001913"],
        vec!["person", "history", "0010001913"],
        vec!["person", "edit", "0010001913", "hours_per_week=1"],
        vec!["person", "duplicates", "--json"],
        vec!["business", "list", "--office", "URM-DZS", "--json"],
        vec!["business", "list", "--office", "URM-ESL"],
        vec!["business", "history", "URM-ESL-00003-B1"],
        vec!["business", "edit", "URM-ESL-00003-B1", "capital_rial=1"],
        vec!["business", "suspend", "URM-ESL-00003-B1"],
        vec!["find", "people", "مریم نوروزی", "--json"],
        vec!["find", "households", "--mobile", "09141000191", "--json"],
        vec!["find", "households", "--address", "اسلام", "--json"],
        vec!["list", "duplicates", "--json"],
        vec!["list", "partners", "--json"],
        vec!["export", "households", "--office", "URM-DZS", "--personal"],
        vec!["export", "people", "--office", "URM-ESL", "--personal"],
        vec!["export", "businesses", "--office", "URM"],
        vec!["recommend", "--household", "URM-ESL-00001"],
        vec!["recommend", "--household", "URM-DZS-00001", "--json"],
        vec!["plan", "--office", "URM-ESL"],
        vec!["plan", "--office", "URM-DZS", "--json"],
        vec!["import", "households", fh, "--update"],
        vec!["import", "households", fh, "--update", "--on-error", "skip"],
        vec!["import", "households", fnew],
        vec!["import", "people", fp, "--update"],
        vec!["import", "businesses", fb, "--update"],
        vec!["duplicates", "list", "--state", "all", "--json"],
        vec!["duplicates", "resolve", "0010001913", "different-people"],
        vec!["user", "list", "--json"],
        vec!["user", "add", "esl", "--office", "URM-ESL"],
    ];
    for args in &commands {
        let out = as_user(&db, "sara", args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for other in [
            "URM-ESL",
            "URM-TRZ",
            "اسلام",
            "طرزیلو",
            "0010001913",
            "09141000191",
        ] {
            // An error may repeat the code the user typed (in an argument,
            // or in a file's row as "office CODE not found"), nothing else.
            let typed = args.iter().any(|a| a.contains(other));
            let words: Vec<&str> = text.split_whitespace().collect();
            let shown = words.iter().enumerate().any(|(i, w)| {
                w.contains(other)
                    && !(words.get(i + 1) == Some(&"not")
                        && words.get(i + 2).is_some_and(|n| n.starts_with("found")))
            });
            assert!(
                typed && !out.status.success() || !shown,
                "{args:?} shows {other}: {text}"
            );
        }
    }
    // The file with a row of another office is refused, naming the row.
    let err = common::fail(as_user(&db, "sara", &["import", "households", fnew]));
    assert!(err.contains("row 2"), "{err}");
    for (n, (after, before)) in snapshot(&db).iter().zip(&before).enumerate() {
        assert!(after == before, "snapshot {n} changed");
    }
}

#[test]
fn duplicates_are_listed_and_resolved_by_scoped_users_without_merging() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    load_examples(&db);
    ok(homebiz(
        &db,
        &["user", "add", "sara", "--office", "URM-DZS"],
    ));
    ok(homebiz(&db, &["user", "add", "ali", "--office", "URM-ESL"]));
    // A second سمیه رضایی born 1379/08/21 in URM-DZS: flagged.
    let file = dir.path().join("twin.csv");
    std::fs::write(
        &file,
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
         0099999994,سمیه,رضایی,1379/08/21,female,,URM-DZS-00002\n",
    )
    .unwrap();
    ok(as_user(
        &db,
        "sara",
        &["import", "people", file.to_str().unwrap()],
    ));
    let open = ok(as_user(&db, "sara", &["duplicates", "list"]));
    assert!(
        open.contains("URM-DZS-00002") && open.contains("URM-DZS-00001"),
        "{open}"
    );
    // Another office's user sees none and cannot resolve it.
    let json: serde_json::Value =
        serde_json::from_str(&ok(as_user(&db, "ali", &["duplicates", "list", "--json"]))).unwrap();
    assert_eq!(json, serde_json::json!([]));
    let err = common::fail(as_user(
        &db,
        "ali",
        &["duplicates", "resolve", "0099999994", "different-people"],
    ));
    assert!(
        err.contains("person with this national ID not found"),
        "{err}"
    );
    // Sara resolves it as the same person, with a note.
    let out = ok(as_user(
        &db,
        "sara",
        &[
            "duplicates",
            "resolve",
            "0099999994",
            "same-person",
            "--note",
            "registered twice",
        ],
    ));
    assert!(
        out.contains("same person by sara") && out.contains("registered twice"),
        "{out}"
    );
    // No longer open; listed as confirmed; both people still there.
    let open: serde_json::Value =
        serde_json::from_str(&ok(as_user(&db, "sara", &["duplicates", "list", "--json"]))).unwrap();
    assert_eq!(open, serde_json::json!([]));
    let confirmed = ok(as_user(
        &db,
        "sara",
        &["duplicates", "list", "--state", "confirmed"],
    ));
    assert!(confirmed.contains("registered twice"), "{confirmed}");
    ok(homebiz(
        &db,
        &["person", "find", "--national-id", "0099999994"],
    ));
    ok(homebiz(
        &db,
        &["person", "find", "--national-id", "0010000011"],
    ));
    // Once only; recorded in the person's history with who.
    common::fail(as_user(
        &db,
        "sara",
        &["duplicates", "resolve", "0099999994", "different-people"],
    ));
    let history = ok(as_user(&db, "sara", &["person", "history", "0099999994"]));
    assert!(
        history.contains("duplicate_resolved: same_person"),
        "{history}"
    );
    assert!(history.contains("sara"), "{history}");
    // With its note, in the table and in --json.
    assert!(
        history.contains("duplicate_resolved: same_person (note: registered twice)"),
        "{history}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(as_user(
        &db,
        "sara",
        &["person", "history", "0099999994", "--json"],
    )))
    .unwrap();
    let resolved = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["change"]["action"] == "duplicate_resolved")
        .unwrap();
    assert_eq!(
        resolved["change"]["changes"],
        serde_json::json!([{"field": "note", "old": "", "new": "registered twice"}])
    );
}
