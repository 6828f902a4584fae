//! `homebiz catalog` and `homebiz recommend`, end to end.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{homebiz, load_examples, ok};

#[test]
fn catalog_lists_activities_by_category() {
    let db = Path::new("unused.sqlite");
    let all: serde_json::Value =
        serde_json::from_str(&ok(homebiz(db, &["catalog", "list", "--json"]))).unwrap();
    assert!(all.as_array().unwrap().len() >= 40);
    let crafts: serde_json::Value = serde_json::from_str(&ok(homebiz(
        db,
        &["catalog", "list", "--category", "handicrafts", "--json"],
    )))
    .unwrap();
    assert!(
        crafts
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["category"] == "handicrafts")
    );
    let table = ok(homebiz(db, &["catalog", "list", "--lang", "fa"]));
    assert!(table.contains("ترشی"), "{table}");
    let bad = homebiz(db, &["catalog", "list", "--category", "mining"]);
    assert!(!bad.status.success());
    // A user's catalog file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.json");
    let first = &all.as_array().unwrap()[0];
    std::fs::write(
        &file,
        serde_json::json!({ "activities": [first] }).to_string(),
    )
    .unwrap();
    let mine: serde_json::Value = serde_json::from_str(&ok(homebiz(
        db,
        &[
            "catalog",
            "list",
            "--catalog",
            file.to_str().unwrap(),
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
}

#[test]
fn recommend_for_a_registered_household() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    // A household whose member sews at an advanced level.
    std::fs::write(
        dir.path().join("extra.csv"),
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code,skills,hours_per_week,interests\n\
         0019999992,لیلا,کریمی,1365/02/02,female,,URM-DZS-00010,sewing:advanced;fruit_processing:beginner;baking:intermediate,30,fruit_leather\n",
    )
    .unwrap();
    let _ = ok(homebiz(
        &db,
        &[
            "import",
            "people",
            dir.path().join("extra.csv").to_str().unwrap(),
        ],
    ));
    let out = ok(homebiz(
        &db,
        &[
            "recommend",
            "--household",
            "URM-DZS-00010",
            "--top",
            "3",
            "--capital",
            "50000000",
            "--json",
        ],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ranked = json["ranked"].as_array().unwrap();
    assert_eq!(ranked.len(), 3);
    assert_eq!(ranked[0]["rank"], 1);
    assert_eq!(
        ranked[0]["parts"].as_array().unwrap().len(),
        json["criteria"].as_array().unwrap().len()
    );
    assert!(
        json["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["failures"][0]["remedy"].is_object())
    );
    let table = ok(homebiz(
        &db,
        &[
            "recommend",
            "--household",
            "URM-DZS-00010",
            "--method",
            "topsis",
        ],
    ));
    assert!(table.contains("activities ruled out"), "{table}");
    // Weights by name.
    std::fs::write(dir.path().join("w.csv"), "criterion,weight\ninterest,100\n").unwrap();
    let out = ok(homebiz(
        &db,
        &[
            "recommend",
            "--household",
            "URM-DZS-00010",
            "--weights",
            dir.path().join("w.csv").to_str().unwrap(),
            "--json",
        ],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // With all the weight on interest, the best activity is one the household wants.
    let interest = json["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["name"] == "interest")
        .unwrap();
    assert_eq!(json["ranked"][0]["parts"][interest]["raw"], 1.0, "{json}");
    let missing = homebiz(&db, &["recommend", "--household", "NOPE"]);
    assert_eq!(
        String::from_utf8(missing.stderr).unwrap(),
        "homebiz: household NOPE not found\n"
    );
}

#[test]
fn plan_an_office_within_headroom() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    let demand = dir.path().join("demand.csv");
    std::fs::write(
        &demand,
        "activity,demand\nembroidery,40\nclothing_repairs,3\n",
    )
    .unwrap();
    let out = ok(homebiz(
        &db,
        &[
            "plan",
            "--office",
            "URM-DZS",
            "--demand",
            demand.to_str().unwrap(),
            "--json",
        ],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let assigned = json["assignments"].as_array().unwrap();
    let unassigned = json["unassigned"].as_array().unwrap();
    // Every household of the office that runs no business yet is planned.
    let list = |what: &str| -> serde_json::Value {
        serde_json::from_str(&ok(homebiz(
            &db,
            &[what, "list", "--office", "URM-DZS", "--json"],
        )))
        .unwrap()
    };
    let households = list("household");
    let businesses = list("business");
    let running: std::collections::HashSet<&str> = businesses
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["household"]["id"].as_str().unwrap())
        .collect();
    assert!(!running.is_empty());
    let without = households.as_array().unwrap().len() - running.len();
    assert_eq!(assigned.len() + unassigned.len(), without);
    assert!(!assigned.is_empty());
    for load in json["load"].as_array().unwrap() {
        if let Some(headroom) = load["headroom"].as_i64() {
            assert!(load["assigned"].as_i64().unwrap() <= headroom, "{load}");
        }
    }
    assert!(
        unassigned
            .iter()
            .all(|u| !u["reasons"].as_array().unwrap().is_empty())
    );
    let table = ok(homebiz(&db, &["plan", "--office", "URM-DZS"]));
    assert!(table.contains("households assigned"), "{table}");
}

#[test]
fn weights_name_the_criteria_they_take() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    // `--help` lists every criterion a weights file may name.
    let help = ok(homebiz(&db, &["recommend", "--help"]));
    for (name, _) in homebiz::scoring::recommend::DEFAULT_WEIGHTS {
        assert!(help.contains(name), "{name} missing from --help:\n{help}");
    }
    // In Persian too (#14), each name to type, its weight in Persian digits.
    let fa = ok(homebiz(&db, &["--lang", "fa", "recommend", "--help"]));
    for (name, weight) in homebiz::scoring::recommend::DEFAULT_WEIGHTS {
        let weight = homebiz::core::text::to_persian_digits(&weight.to_string()).replace('.', "٫");
        assert!(
            fa.contains(&format!("`{name}` ({weight})")),
            "{name} missing from --lang fa --help:\n{fa}"
        );
    }
    // A typo is refused, naming the file, the name given and the names taken.
    let typo = dir.path().join("typo.csv");
    std::fs::write(&typo, "criterion,weight\nskil_fit,0.5\n").unwrap();
    let out = homebiz(
        &db,
        &[
            "recommend",
            "--household",
            "URM-DZS-00010",
            "--weights",
            typo.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("typo.csv"), "{err}");
    assert!(err.contains("skil_fit"), "{err}");
    assert!(
        err.contains("skill_fit") && err.contains("market_headroom"),
        "{err}"
    );
    // A partial file says which criteria kept their default weight.
    let partial = dir.path().join("partial.csv");
    std::fs::write(&partial, "criterion,weight\nskill_fit,0.5\ninterest,0.3\n").unwrap();
    let out = ok(homebiz(
        &db,
        &[
            "recommend",
            "--household",
            "URM-DZS-00010",
            "--weights",
            partial.to_str().unwrap(),
        ],
    ));
    let note = out
        .lines()
        .find(|l| l.starts_with("criteria not in the weights file kept their default weight"))
        .unwrap_or_else(|| panic!("no note of kept defaults:\n{out}"));
    assert!(
        note.contains("market_headroom") && note.contains("capital_gap"),
        "{note}"
    );
    assert!(
        !note.contains("skill_fit") && !note.contains("interest"),
        "{note}"
    );
}
