//! `homebiz export` end to end: each kind exported, imported into a fresh
//! database and exported again gives the same file; personal columns only
//! with --personal; --pseudonymise with a key; files private; a user acting
//! for one office exports only its records.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{
    add_digikala, add_terminal, example_data, example_file, fail, homebiz, homebiz_env,
    import_orders_and_offers, load_examples, load_with_channels, ok,
};

fn example_data_lines(name: &str) -> usize {
    std::fs::read_to_string(example_data().join(name))
        .unwrap()
        .lines()
        .count()
}

const KINDS: [&str; 6] = [
    "households",
    "people",
    "businesses",
    "offers",
    "orders",
    "sales",
];

#[test]
fn export_then_import_gives_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite");
    load_with_channels(&db);
    import_orders_and_offers(&db);
    ok(homebiz(
        &db,
        &["sales", "import", &example_file("sales.csv")],
    ));
    ok(homebiz(
        &db,
        &["entry", "reverse", "S-000001", "--reason", "returned"],
    ));
    for kind in KINDS {
        let out = dir.path().join(format!("{kind}.csv"));
        let said = ok(homebiz(
            &db,
            &[
                "export",
                kind,
                "--office",
                "WAZ",
                "--personal",
                "--out",
                out.to_str().unwrap(),
            ],
        ));
        assert!(said.starts_with("wrote "), "{said}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{kind}");
        }
    }
    let copy = dir.path().join("b.sqlite");
    ok(homebiz(&copy, &["init"]));
    ok(homebiz(
        &copy,
        &["import", "offices", &example_file("offices.csv")],
    ));
    for kind in ["households", "people", "businesses"] {
        let path = dir.path().join(format!("{kind}.csv"));
        ok(homebiz(&copy, &["import", kind, path.to_str().unwrap()]));
    }
    add_digikala(&copy);
    add_terminal(&copy);
    for kind in ["orders", "offers", "sales"] {
        let path = dir.path().join(format!("{kind}.csv"));
        ok(homebiz(&copy, &[kind, "import", path.to_str().unwrap()]));
    }
    // The reversed sale is not exported; the others keep their entry IDs,
    // so importing the export into the original ledger adds nothing.
    let sales = std::fs::read_to_string(dir.path().join("sales.csv")).unwrap();
    assert_eq!(sales.lines().count(), example_data_lines("sales.csv") - 1);
    let again = ok(homebiz(
        &db,
        &[
            "sales",
            "import",
            dir.path().join("sales.csv").to_str().unwrap(),
        ],
    ));
    assert!(
        again.contains(" 0 recorded") || again.contains("recorded 0"),
        "{again}"
    );
    // The export's ids are the keys the sales file gave, and every sale
    // in force comes back in the copy field by field: its entry ID, key,
    // day, kind, channel and amounts.
    let source = std::fs::read_to_string(example_data().join("sales.csv")).unwrap();
    let ids = |text: &str| -> Vec<String> {
        let mut ids: Vec<String> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let mut kept = ids(&source);
    kept.retain(|id| id != "S-000001");
    assert_eq!(ids(&sales), kept);
    let mut businesses: Vec<&str> = source
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    businesses.sort_unstable();
    businesses.dedup();
    let in_force = |db: &Path, business: &str| -> Vec<serde_json::Value> {
        let json = ok(homebiz(
            db,
            &["list", "statement", "--business", business, "--json"],
        ));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["kind"] == "sale" && l["reversed_by"].is_null())
            .map(|l| {
                serde_json::json!([
                    l["entry"],
                    l["key"],
                    l["on"],
                    l["kind"],
                    l["channel"],
                    l["effect"]
                ])
            })
            .collect()
    };
    let mut compared = 0;
    for business in &businesses {
        let before = in_force(&db, business);
        assert_eq!(in_force(&copy, business), before, "{business}");
        compared += before.len();
    }
    assert_eq!(compared, kept.len());
    // Orders and offers: every column the imports take, field by field.
    let fields = |db: &Path, args: &[&str], keys: &[&str]| -> Vec<Vec<serde_json::Value>> {
        let v: serde_json::Value = serde_json::from_str(&ok(homebiz(db, args))).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|row| keys.iter().map(|k| row[*k].clone()).collect())
            .collect()
    };
    let order_keys = [
        "code",
        "buyer",
        "category",
        "activity",
        "quantity",
        "unit",
        "price_ceiling",
        "due",
    ];
    let orders = fields(&db, &["list", "orders", "--json"], &order_keys);
    assert_eq!(orders.len(), example_data_lines("orders.csv") - 1);
    assert_eq!(
        fields(&copy, &["list", "orders", "--json"], &order_keys),
        orders
    );
    let offer_keys = [
        "business",
        "category",
        "activity",
        "capacity",
        "unit_price",
        "lead_days",
    ];
    let offers = fields(&db, &["list", "offers", "--json"], &offer_keys);
    assert_eq!(offers.len(), example_data_lines("offers.csv") - 1);
    assert_eq!(
        fields(&copy, &["list", "offers", "--json"], &offer_keys),
        offers
    );
    let totals = |db: &Path| {
        ok(homebiz(
            db,
            &[
                "report",
                "income",
                "--period",
                "1403-01..1404-12",
                "--format",
                "csv",
            ],
        ))
    };
    assert_eq!(totals(&copy), totals(&db));
    for kind in KINDS {
        let before = std::fs::read_to_string(dir.path().join(format!("{kind}.csv"))).unwrap();
        let after = ok(homebiz(
            &copy,
            &["export", kind, "--office", "WAZ", "--personal"],
        ));
        assert_eq!(after, before, "{kind}");
        assert!(before.lines().count() > 5, "{kind}");
    }
    // JSON: the same columns as keys.
    let json = ok(homebiz(
        &db,
        &["export", "orders", "--office", "WAZ", "--format", "json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 8);
    assert_eq!(v[0]["code"], "BAZAAR-SHOP");
    // The output is never the database or an input.
    let err = fail(homebiz(
        &db,
        &[
            "export",
            "people",
            "--office",
            "WAZ",
            "--out",
            db.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn personal_values_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    load_examples(&db);
    let plain = ok(homebiz(&db, &["export", "people", "--office", "URM-DZS"]));
    assert!(plain.starts_with("gender,household_code,education,skills,hours_per_week,interests\n"));
    assert!(
        !plain.contains("0010000011") && !plain.contains("رضایی") && !plain.contains("09141000001")
    );
    let households = ok(homebiz(
        &db,
        &[
            "export",
            "households",
            "--office",
            "URM-DZS",
            "--format",
            "json",
        ],
    ));
    assert!(!households.contains("baseline_income_rial") && !households.contains("کوچه"));

    // Pseudonyms: a key is required; the same key gives the same pseudonym.
    let err = fail(homebiz(
        &db,
        &["export", "people", "--office", "URM-DZS", "--pseudonymise"],
    ));
    assert!(err.contains("HOMEBIZ_PSEUDONYM_KEY"), "{err}");
    let key = [("HOMEBIZ_PSEUDONYM_KEY", "a secret of sixteen bytes or more")];
    let args = ["export", "people", "--office", "URM-DZS", "--pseudonymise"];
    let first = ok(homebiz_env(&db, &key, &args));
    assert_eq!(first, ok(homebiz_env(&db, &key, &args)));
    assert!(first.starts_with("national_id,gender,mobile,"), "{first}");
    let pseudonym = first.lines().nth(1).unwrap().split(',').next().unwrap();
    assert_eq!(pseudonym.len(), 64);
    assert!(pseudonym.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(!first.contains("0010000011") && !first.contains("09141000001"));
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, "a secret of sixteen bytes or more\n").unwrap();
    let from_file = ok(homebiz(
        &db,
        &[&args[..], &["--key-file", key_file.to_str().unwrap()]].concat(),
    ));
    assert_eq!(from_file, first);
    let other = ok(homebiz_env(
        &db,
        &[("HOMEBIZ_PSEUDONYM_KEY", "another secret of sixteen bytes")],
        &args,
    ));
    assert_ne!(other, first);
}

#[test]
fn an_office_exports_only_its_own_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    load_examples(&db);
    import_orders_and_offers(&db);
    let esl = [("HOMEBIZ_OFFICE", "URM-ESL")];
    for kind in ["households", "businesses", "offers"] {
        let out = ok(homebiz_env(
            &db,
            &esl,
            &["export", kind, "--office", "URM-ESL", "--personal"],
        ));
        assert!(
            out.lines().skip(1).all(|l| l.starts_with("URM-ESL-")),
            "{kind}"
        );
        assert!(out.lines().count() > 1, "{kind}");
        for other in ["URM-DZS", "URM"] {
            let err = fail(homebiz_env(&db, &esl, &["export", kind, "--office", other]));
            assert!(err.contains("not found"), "{err}");
        }
    }
    let people = ok(homebiz_env(
        &db,
        &esl,
        &["export", "people", "--office", "URM-ESL", "--personal"],
    ));
    assert!(!people.contains(",URM-DZS-") && people.contains(",URM-ESL-"));
}

#[test]
fn an_exited_household_and_a_closed_business_come_back_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite");
    load_examples(&db);
    ok(homebiz(
        &db,
        &[
            "household",
            "exit",
            "URM-DZS-00002",
            "--reason",
            "moved away",
        ],
    ));
    ok(homebiz(
        &db,
        &[
            "business",
            "close",
            "URM-DZS-00002-B1",
            "--reason",
            "no buyers",
        ],
    ));
    let copy = dir.path().join("b.sqlite");
    ok(homebiz(&copy, &["init"]));
    ok(homebiz(
        &copy,
        &["import", "offices", &example_file("offices.csv")],
    ));
    for kind in ["households", "people", "businesses"] {
        let out = dir.path().join(format!("{kind}.csv"));
        let out = out.to_str().unwrap();
        ok(homebiz(
            &db,
            &[
                "export",
                kind,
                "--office",
                "URM-DZS",
                "--personal",
                "--out",
                out,
            ],
        ));
        // Each file imports whole (the exited row was refused before).
        let said = ok(homebiz(&copy, &["import", kind, out]));
        assert!(said.trim_end().ends_with(" 0 rejected"), "{said}");
    }
    let households = std::fs::read_to_string(dir.path().join("households.csv")).unwrap();
    assert!(households.contains(",exited,moved away,"), "{households}");
    let show = |db: &Path, what: &str, code: &str, keys: &[&str]| -> Vec<serde_json::Value> {
        let v: serde_json::Value =
            serde_json::from_str(&ok(homebiz(db, &[what, "show", code, "--json"]))).unwrap();
        keys.iter().map(|k| v[what][*k].clone()).collect()
    };
    let household_keys = [
        "code",
        "address",
        "baseline",
        "support",
        "space",
        "membership",
        "registered_on",
    ];
    let before = show(&db, "household", "URM-DZS-00002", &household_keys);
    assert_eq!(before[5]["state"], "exited");
    assert_eq!(before[5]["reason"], "moved away");
    assert_eq!(
        show(&copy, "household", "URM-DZS-00002", &household_keys),
        before
    );
    let business_keys = [
        "code",
        "activity",
        "mode",
        "licence",
        "health_certificate",
        "capital_invested",
        "state",
    ];
    let before = show(&db, "business", "URM-DZS-00002-B1", &business_keys);
    assert_eq!(before[6]["state"], "closed");
    assert_eq!(before[6]["reason"], "no buyers");
    assert_eq!(
        show(&copy, "business", "URM-DZS-00002-B1", &business_keys),
        before
    );
    for kind in ["households", "people", "businesses"] {
        let exported = std::fs::read_to_string(dir.path().join(format!("{kind}.csv"))).unwrap();
        let again = ok(homebiz(
            &copy,
            &["export", kind, "--office", "URM-DZS", "--personal"],
        ));
        assert_eq!(again, exported, "{kind}");
    }
    // An unknown state is refused, listing the accepted ones.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "code,office_code,membership\nH-9,URM-DZS,left\n").unwrap();
    let err = fail(homebiz(
        &copy,
        &["import", "households", bad.to_str().unwrap()],
    ));
    assert!(
        err.contains("applied, enrolled, active, paused, graduated, exited"),
        "{err}"
    );
}
