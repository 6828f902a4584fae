//! Issue #14, wrong data the walkthrough found, on the README's database:
//! `orders match` fills only from businesses that may sell, and edits
//! validate as imports do, keep a licensed business's licence, keep a
//! traded business's activity and flag likely duplicates; in English and
//! Persian.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use common::{add_digikala, fail, homebiz, import_orders_and_offers, load_examples, ok, sale_args};

/// A database in `dir` with the examples, DIGIKALA, orders and offers.
fn ready(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("m.sqlite");
    load_examples(&db);
    add_digikala(&db);
    import_orders_and_offers(&db);
    db
}

/// The businesses `orders match --json` fills from.
fn filled(db: &std::path::Path) -> Vec<String> {
    let out = ok(homebiz(db, &["orders", "match", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut codes: Vec<String> = json["fills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["business"]["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn orders_match_leaves_out_closed_suspended_and_exited_businesses() {
    let dir = tempfile::tempdir().unwrap();
    let db = ready(&dir);
    let before = filled(&db);
    for code in ["URM-DZS-00070-B1", "URM-DZS-00074-B1", "URM-DZS-00076-B1"] {
        assert!(before.iter().any(|c| c == code), "{code} in {before:?}");
    }
    ok(homebiz(
        &db,
        &[
            "business",
            "close",
            "URM-DZS-00070-B1",
            "--reason",
            "no buyers",
        ],
    ));
    ok(homebiz(&db, &["business", "suspend", "URM-DZS-00074-B1"]));
    ok(homebiz(
        &db,
        &[
            "household",
            "exit",
            "URM-DZS-00076",
            "--reason",
            "moved away",
        ],
    ));
    let after = filled(&db);
    for code in ["URM-DZS-00070-B1", "URM-DZS-00074-B1", "URM-DZS-00076-B1"] {
        assert!(!after.iter().any(|c| c == code), "{code} in {after:?}");
    }
    // An offer of a business that may not sell is refused, with why.
    let offers = dir.path().join("offers.csv");
    std::fs::write(
        &offers,
        "business,category,activity,capacity,unit_price\n\
         URM-DZS-00007-B1,plant_production,mushroom,10,900000\n",
    )
    .unwrap();
    let offers = offers.to_str().unwrap();
    let err = fail(homebiz(&db, &["offers", "import", offers]));
    assert!(
        err.contains("column business: URM-DZS-00007-B1 is in_training: only licensed and active businesses may sell through the programme"),
        "{err}"
    );
    let err = fail(homebiz(&db, &["--lang", "fa", "offers", "import", offers]));
    assert!(
        err.contains("تنها کسب‌وکارهای دارای مجوز و فعال از راه برنامه می‌فروشند"),
        "{err}"
    );
}

#[test]
fn person_edit_refuses_what_the_import_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    load_examples(&db);
    for value in ["interests=nosuch", "interests=Sewing"] {
        let err = fail(homebiz(&db, &["person", "edit", "0010000011", value]));
        assert!(
            err.contains("invalid interests: names an activity the catalog does not have"),
            "{err}"
        );
    }
    let err = fail(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "person",
            "edit",
            "0010000011",
            "interests=nosuch",
        ],
    ));
    assert!(
        err.contains("فعالیتی را نام می‌برد که در فهرست فعالیت‌ها نیست"),
        "{err}"
    );
    ok(homebiz(
        &db,
        &["person", "edit", "0010000011", "interests=sewing; pickles"],
    ));
    let out = ok(homebiz(&db, &["person", "show", "0010000011", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = json.to_string();
    assert!(text.contains(r#"["sewing","pickles"]"#), "{text}");
}

#[test]
fn business_edit_keeps_the_licence_and_a_traded_activity() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.sqlite");
    load_examples(&db);
    add_digikala(&db);
    let err = fail(homebiz(
        &db,
        &["business", "edit", "URM-DZS-00001-B1", "licence_number="],
    ));
    assert!(
        err.contains("invalid licence: a licensed, active or suspended business needs a licence"),
        "{err}"
    );
    let err = fail(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "business",
            "edit",
            "URM-DZS-00001-B1",
            "licence_number=",
        ],
    ));
    assert!(err.contains("باید مجوز داشته باشد"), "{err}");
    // Sales move with the activity in reports: refused once it has any.
    ok(homebiz(
        &db,
        &sale_args("URM-DZS-00001-B1", "1404-03-01", "1", "1,000,000", "T-1"),
    ));
    let err = fail(homebiz(
        &db,
        &["business", "edit", "URM-DZS-00001-B1", "activity=pickles"],
    ));
    assert!(
        err.contains("invalid activity: cannot change once the business has ledger entries"),
        "{err}"
    );
    let err = fail(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "business",
            "edit",
            "URM-DZS-00001-B1",
            "activity=pickles",
        ],
    ));
    assert!(err.contains("کسب‌وکار تازه‌ای ثبت کنید"), "{err}");
    // In training, no trade yet: it may still be corrected.
    ok(homebiz(
        &db,
        &["business", "edit", "URM-DZS-00007-B1", "activity=pickles"],
    ));
}

#[test]
fn a_person_edit_that_makes_a_twin_is_listed_as_a_likely_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    load_examples(&db);
    let listed = |db: &std::path::Path| {
        let out = ok(homebiz(db, &["duplicates", "list", "--json"]));
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    assert_eq!(listed(&db).as_array().map(Vec::len), Some(0));
    ok(homebiz(
        &db,
        &[
            "person",
            "edit",
            "0010000038",
            "given_name=سکینه",
            "family_name=اسدی",
            "birth_date=1366/11/13",
        ],
    ));
    assert_eq!(listed(&db).as_array().map(Vec::len), Some(1));
}
