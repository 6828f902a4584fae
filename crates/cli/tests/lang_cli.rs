//! One language and one money unit for the whole CLI: `--lang fa` (or
//! `HOMEBIZ_LANG=fa`) translates every table header and enum value of the
//! commands that print for people, on the example data; `--unit toman`
//! (or `HOMEBIZ_UNIT`) shows every amount in tomans, one tenth of the
//! rials.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{
    DZS, INDICATORS_DZS, LINKAGE_DZS, LOAN_SCHEDULE_1404, TERMINAL_SCHEDULE, add_digikala,
    example_file, example_market, fail, homebiz, homebiz_env, ok,
};

/// The example data with an exhibition (applications, an allocation),
/// orders and offers, sales and a state change.
fn setup(db: &Path) {
    example_market(db);
    add_digikala(db);
    ok(homebiz(db, &common::allocate_args("2")));
    ok(homebiz(
        db,
        &["sales", "import", &example_file("sales.csv")],
    ));
    ok(homebiz(db, &["household", "pause", "URM-DZS-00001"]));
}

/// Every command that prints a table for people, on the data of
/// [`setup`].
const COMMANDS: &[&[&str]] = &[
    &["office", "list"],
    &["household", "list", "--office", "URM-DZS"],
    &["household", "show", "URM-DZS-00001"],
    &["household", "history", "URM-DZS-00001"],
    &["person", "duplicates"],
    &["business", "list", "--office", "URM-DZS"],
    &["catalog", "list"],
    &["recommend", "--household", "URM-DZS-00010"],
    &["plan", "--office", "URM-DZS"],
    &["channel", "list"],
    &[
        "exhibition",
        "allocate",
        "--exhibition",
        "TERMINAL",
        "--from",
        "1404-07-12",
        "--weeks",
        "2",
    ],
    TERMINAL_SCHEDULE,
    &["orders", "match"],
    LINKAGE_DZS,
    &["report", "income", "--period", "1404", "--by", "business"],
    INDICATORS_DZS,
    LOAN_SCHEDULE_1404,
    &["find", "people", "سمیه"],
    &["find", "households", "--address", "کوچه"],
    &["list", "exhibitions"],
    &["list", "applications", "--exhibition", "TERMINAL"],
    &["list", "orders"],
    &["list", "offers"],
    &["list", "partners"],
    &["list", "duplicates"],
    &["list", "statement", "--business", DZS],
];

/// English words that name an enum value (states, kinds, categories,
/// levels): none may be left in Persian output.
const ENGLISH_VALUES: &[&str] = &[
    "applied",
    "enrolled",
    "active",
    "paused",
    "graduated",
    "exited",
    "planned",
    "in_training",
    "licensed",
    "suspended",
    "closed",
    "pending",
    "approved",
    "rejected",
    "waitlisted",
    "withdrawn",
    "province",
    "county",
    "city",
    "female",
    "male",
    "beginner",
    "intermediate",
    "advanced",
    "master",
    "agro_processing",
    "handicrafts",
    "production_services",
    "permanent_exhibition",
    "online_marketplace",
    "permanent exhibition",
    "online marketplace",
    "sale",
    "reversal",
    "from home",
    "all year",
    "rials",
    "toman",
];

/// The header rows of the tables in `out`: the line after each top border.
fn headers(out: &str) -> Vec<&str> {
    let lines: Vec<&str> = out.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with('┌'))
        .map(|w| w[1])
        .collect()
}

/// The English left in a header row: words with a lower-case Latin
/// letter (codes such as `B-01`, `UTC`, `S` and `R` are not words).
fn english_words(header: &str) -> Vec<&str> {
    header
        .split(|c: char| c == '│' || c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| w.chars().any(|c| c.is_ascii_lowercase()))
        .collect()
}

/// Checks the Persian output of `args`: tables present, headers without
/// English, no English enum value anywhere.
fn check_persian(args: &[&str], out: &str) {
    let headers = headers(out);
    assert!(!headers.is_empty(), "{args:?}: no table in\n{out}");
    for header in headers {
        let english = english_words(header);
        assert!(
            english.is_empty(),
            "{args:?}: English in the header {header}: {english:?}"
        );
    }
    for value in ENGLISH_VALUES {
        // As a whole word: `sale` is not in `wholesaler`, nor in a code.
        let found = out.match_indices(value).any(|(i, _)| {
            let before = out[..i].chars().next_back();
            let after = out[i + value.len()..].chars().next();
            let word = |c: Option<char>| {
                c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            };
            !word(before) && !word(after)
        });
        assert!(!found, "{args:?}: English value {value:?} in\n{out}");
    }
}

#[test]
fn every_command_for_people_speaks_persian_with_lang_fa_or_homebiz_lang() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fa.sqlite");
    setup(&db);
    for args in COMMANDS {
        // The global option, after the command as the old `--lang` was…
        let mut with_option = args.to_vec();
        with_option.extend(["--lang", "fa"]);
        let out = ok(homebiz(&db, &with_option));
        check_persian(args, &out);
        // …before it, and from the environment: the same output.
        let mut before = vec!["--lang", "fa"];
        before.extend_from_slice(args);
        assert_eq!(ok(homebiz(&db, &before)), out, "{args:?}");
        let from_env = ok(homebiz_env(&db, &[("HOMEBIZ_LANG", "fa")], args));
        assert_eq!(from_env, out, "{args:?}");
        // The option wins over the variable.
        let mut english = args.to_vec();
        english.extend(["--lang", "en"]);
        let en = ok(homebiz_env(&db, &[("HOMEBIZ_LANG", "fa")], &english));
        assert_eq!(en, ok(homebiz(&db, args)), "{args:?}");
        assert!(
            headers(&en).iter().all(|h| !english_words(h).is_empty()),
            "{args:?}: {en}"
        );
    }
}

#[test]
fn a_bad_language_or_unit_names_the_option_or_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.sqlite");
    let err = String::from_utf8(homebiz(&db, &["catalog", "list", "--lang", "de"]).stderr).unwrap();
    assert!(err.contains("--lang"), "{err}");
    let err = fail(homebiz_env(
        &db,
        &[("HOMEBIZ_LANG", "de")],
        &["catalog", "list"],
    ));
    assert!(err.contains("HOMEBIZ_LANG is not one of en, fa"), "{err}");
    let err = fail(homebiz_env(
        &db,
        &[("HOMEBIZ_UNIT", "dollar")],
        &["catalog", "list"],
    ));
    assert!(
        err.contains("HOMEBIZ_UNIT is not one of rial, toman"),
        "{err}"
    );
    let err =
        String::from_utf8(homebiz(&db, &["catalog", "list", "--unit", "usd"]).stderr).unwrap();
    assert!(err.contains("--unit"), "{err}");
    // Empty counts as unset.
    ok(homebiz_env(
        &db,
        &[("HOMEBIZ_LANG", "")],
        &["catalog", "list"],
    ));
}

/// The amounts of the money columns of the tables in `out`: the cells of
/// every column whose header names `unit`, as whole numbers.
fn amounts(out: &str, unit: &str) -> Vec<i64> {
    let mut found = Vec::new();
    let mut columns: Vec<usize> = Vec::new();
    let mut in_body = false;
    for line in out.lines() {
        if line.starts_with('┌') {
            columns.clear();
            in_body = false;
            continue;
        }
        if !line.starts_with('│') {
            in_body = line.starts_with('╞') || (in_body && line.starts_with('├'));
            continue;
        }
        let cells: Vec<&str> = line
            .trim_matches('│')
            .split(['│', '┆'])
            .map(str::trim)
            .collect();
        if !in_body {
            columns = (0..cells.len())
                .filter(|&i| cells[i].ends_with(&format!("({unit})")))
                .collect();
            continue;
        }
        for &i in &columns {
            let digits: String = cells[i]
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '-' || *c == '.')
                .collect();
            if !digits.is_empty() {
                let amount: f64 = digits
                    .parse()
                    .unwrap_or_else(|_| panic!("not an amount: {}", cells[i]));
                found.push(amount.round() as i64);
            }
        }
    }
    found
}

#[test]
fn unit_toman_shows_one_tenth_of_the_rials_in_every_money_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unit.sqlite");
    setup(&db);
    let mut checked = 0;
    for args in COMMANDS {
        let rial = ok(homebiz(&db, args));
        let mut toman_args = args.to_vec();
        toman_args.extend(["--unit", "toman"]);
        let toman = ok(homebiz(&db, &toman_args));
        assert_eq!(
            ok(homebiz_env(&db, &[("HOMEBIZ_UNIT", "toman")], args)),
            toman,
            "{args:?}"
        );
        let rials = amounts(&rial, "rial");
        let tomans = amounts(&toman, "toman");
        assert_eq!(rials.len(), tomans.len(), "{args:?}\n{rial}\n{toman}");
        for (r, t) in rials.iter().zip(&tomans) {
            // A toman amount is rounded to tenths at most: compare in rials.
            assert!((r - t * 10).abs() < 10, "{args:?}: {r} rial, {t} toman");
        }
        checked += rials.iter().filter(|r| **r != 0).count();
    }
    // Lists, registry tables and reports all have money columns.
    assert!(checked > 50, "{checked} amounts compared");
    // The default is the ledger's unit, in every table: no toman left.
    for args in COMMANDS {
        let out = ok(homebiz(&db, args));
        assert!(!out.contains("toman"), "{args:?}: {out}");
    }
}
