//! `--lang fa` on every command that prints for people (issue #14): each
//! leaf of the command tree, found from `homebiz --help` itself so that a
//! new command cannot be left out, runs on a small seeded database with
//! `--lang fa`, and its output, on success or failure, holds no English
//! word: no run of four or more Latin letters with a lower-case one,
//! outside codes, IDs, file paths, commands to type between backticks and
//! the tokens whitelisted in `common::prose`; no Latin digit in prose (counts, dates,
//! totals, table cells: Persian digits and separators), no `,` or `;`
//! between Persian words (`،` and `؛`), and no raw activity or skill code
//! (their Persian names), outside codes, IDs, paths and commands.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use common::prose::{english, latin_digits, leaves};
use common::script::{data, leaf_of, outcome, script, with_ids, write};
use common::{example_data, homebiz};

/// Data the seed brings that is written in lower-case Latin: the example
/// orders' buyers and units, and the CSV files' column names (the
/// catalog's codes are allowed only in `catalog list`: [`catalog_codes`]).
fn data_tokens() -> HashSet<String> {
    let mut allowed = HashSet::new();
    for file in [
        "orders.csv",
        "offers.csv",
        "offices.csv",
        "households.csv",
        "people.csv",
        "businesses.csv",
        "sales.csv",
        "booths.csv",
    ] {
        let text = std::fs::read_to_string(example_data().join(file)).unwrap();
        let mut lines = text.lines();
        // Column names.
        allowed.extend(lines.next().unwrap().split(',').map(str::to_owned));
        if file == "orders.csv" {
            for line in lines {
                let cells: Vec<&str> = line.split(',').collect();
                // The buyer's name and the unit: data as typed.
                for word in cells[1].split_whitespace().chain([cells[5]]) {
                    allowed.insert(word.trim_matches(|c: char| !c.is_alphanumeric()).to_owned());
                }
            }
        }
    }
    allowed
}

/// The catalog's activity and skill codes: every string value under a
/// `code` or `skill` key of its JSON.
fn catalog_codes(db: &Path) -> HashSet<String> {
    let catalog: serde_json::Value =
        serde_json::from_str(&common::ok(homebiz(db, &["catalog", "list", "--json"]))).unwrap();
    let mut codes = Vec::new();
    collect_codes(&catalog, &mut codes);
    codes.into_iter().collect()
}

/// Every string value under a `code` or `skill` key.
fn collect_codes(value: &serde_json::Value, codes: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if matches!(key.as_str(), "code" | "skill")
                    && let Some(s) = v.as_str()
                {
                    codes.push(s.to_owned());
                }
                collect_codes(v, codes);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_codes(v, codes)),
        _ => {}
    }
}

#[test]
fn every_command_speaks_persian_with_lang_fa() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fa.sqlite");
    let mut all = BTreeSet::new();
    leaves(&mut Vec::new(), &mut all);
    assert!(all.len() > 60, "{all:?}");
    let runs = script(dir.path());
    let mut covered = BTreeSet::new();
    let mut allowed: Option<HashSet<String>> = None;
    let mut catalog: Option<HashSet<String>> = None;
    let mut english_found = Vec::new();
    let mut digits_found = Vec::new();
    for r in &runs {
        let args = with_ids(&db, &r.args);
        covered.insert(leaf_of(&all, &args));
        let mut with_lang: Vec<&str> = vec!["--lang", "fa"];
        with_lang.extend(args.iter().map(String::as_str));
        let out = homebiz(&r.db.map_or(db.clone(), |d| dir.path().join(d)), &with_lang);
        let text = outcome(out, r.expect, &args);
        if allowed.is_none() && args[0] == "import" && args[1] == "businesses" {
            allowed = Some(data_tokens());
            catalog = Some(catalog_codes(&db));
        }
        let mut allowed = allowed.clone().unwrap_or_default();
        // The catalog's code column is where a user reads the codes to
        // type: elsewhere an activity or a skill is named, not coded.
        if args[0] == "catalog" {
            allowed.extend(catalog.clone().unwrap_or_default());
        }
        let words = english(&text, &allowed);
        if !words.is_empty() {
            english_found.push(format!("{args:?}: {words:?}\n{text}"));
        }
        let digits = latin_digits(&text);
        if !digits.is_empty() {
            digits_found.push(format!("{args:?}: {digits:?}\n{text}"));
        }
    }
    let missed: Vec<&String> = all.difference(&covered).collect();
    assert!(
        missed.is_empty(),
        "commands not run with --lang fa: {missed:?}"
    );
    assert!(
        english_found.is_empty(),
        "English under --lang fa:\n{}",
        english_found.join("\n\n")
    );
    assert!(
        digits_found.is_empty(),
        "Latin digits or punctuation in Persian prose under --lang fa:\n{}",
        digits_found.join("\n\n")
    );
}

#[test]
fn the_digit_detector_finds_latin_numbers_and_passes_codes() {
    assert_eq!(latin_digits("۳ ردیف، 12 ایجاد"), ["12"]);
    assert_eq!(latin_digits("│ 1404-07-12 ┆ ۲ │"), ["1404-07-12"]);
    assert_eq!(latin_digits("۲ خانوار, ۳ فعالیت"), ["۲ خانوار, ۳ فعالیت"]);
    assert!(
        latin_digits(
            "خانوار URM-DZS-00001 (01a231b0-0a3b-704c-9727-5af617617cf3) \
             00000000-0000-7000-8000-000000000001 B-12 /tmp/a1/b.csv ۱٬۲۳۴٫۵ ٪۱۲ \
             `homebiz loan show L-1 --as-of 1404-01-01`"
        )
        .is_empty()
    );
}

#[test]
fn the_detector_finds_english_and_passes_codes() {
    let none = HashSet::new();
    assert_eq!(
        english("imported x.csv: 3 rows", &none),
        ["imported", "rows"]
    );
    assert!(
        english(
            "خانوار URM-DZS-00001 (01a231b0-0a3b-704c-9727-5af617617cf3) S-000001 /tmp/a/b.csv",
            &none
        )
        .is_empty()
    );
    assert!(english("با `homebiz exhibition allocate` اجرا کنید", &none).is_empty());
    let allowed: HashSet<String> = ["sewing".to_owned()].into();
    assert!(english("sewing (پیشرفته)", &allowed).is_empty());
    // A raw activity or skill code is English when it is not allowed.
    assert_eq!(english("خیاطی، sewing (پیشرفته)", &none), ["sewing"]);
}

/// The errors a user meets most, in Persian under `--lang fa`, from their
/// types; in English without it, as before; never with a personal value.
#[test]
fn common_errors_are_persian_with_lang_fa() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("errors.sqlite");
    common::load_examples(&db);
    let bad = write(
        dir.path(),
        "bad.csv",
        "code,name,level,parent_code\nX-1,,office,URM\n",
    );
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["household", "show", "NOPE-1"],
            "household NOPE-1 not found",
            "خانوار NOPE-1 یافت نشد",
        ),
        (
            &["loan", "show", "L-E"],
            "loan L-E not found",
            "وام L-E یافت نشد",
        ),
        (
            &["household", "enrol", "URM-DZS-00004"],
            "illegal household transition from active to enrolled",
            "تغییر وضعیت خانوار از «فعال» به «پذیرفته‌شده» مجاز نیست",
        ),
        (
            &["household", "edit", "URM-DZS-00001", "area_m2=70000"],
            "invalid area_m2: not a whole number from 0 to 1000",
            "مساحت نامعتبر است: عدد صحیحی از ۰ تا ۱۰۰۰ نیست",
        ),
        (
            &["person", "edit", "0010000011", "mobile=0914"],
            "invalid mobile: not an Iranian mobile",
            "تلفن همراه نامعتبر است: شمارهٔ همراه ایرانی نیست",
        ),
        (
            &["import", "offices", &bad],
            "bad.csv: row 2, column name: is empty",
            "bad.csv: ردیف ۲، ستون name: خالی است",
        ),
    ];
    for (args, en, fa) in cases {
        let in_english = common::fail(homebiz(&db, args));
        assert!(in_english.contains(en), "{args:?}: {in_english}");
        let mut with_lang = vec!["--lang", "fa"];
        with_lang.extend_from_slice(args);
        let persian = common::fail(homebiz(&db, &with_lang));
        assert!(persian.contains(fa), "{args:?}: {persian}");
        assert!(!persian.contains("0914"), "{persian}");
        // The CSV's column, as the file names it, is not prose.
        let columns: HashSet<String> = ["name".to_owned()].into();
        assert!(english(&persian, &columns).is_empty(), "{persian}");
    }
}

/// The errors walked through in issue #14, in Persian from their types
/// under `--lang fa`: never with the national ID that was refused, and
/// clap's usage errors in Persian under `HOMEBIZ_LANG=fa` too (the
/// language is read before clap parses the arguments).
#[test]
fn refusals_name_no_personal_value_and_usage_errors_follow_homebiz_lang() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("refusals.sqlite");
    common::load_examples(&db);
    // Each refusal, said in Persian without the value it refused (the
    // last argument).
    let refused = |args: &str, fa: &str| {
        let args: Vec<&str> = args.split(' ').collect();
        let persian = common::fail(homebiz(&db, &args));
        assert!(persian.contains(fa), "{args:?}: {persian}");
        let value = args[args.len() - 1].trim_start_matches("national_id=");
        assert!(!persian.contains(value), "{args:?}: {persian}");
    };
    refused(
        "--lang fa person find --national-id 0684159415",
        "کد ملی نامعتبر است: رقم کنترل نمی‌خواند",
    );
    refused(
        "--lang fa person edit 0010000011 national_id=0499370899",
        "کد ملی نامعتبر است: هویت فرد است",
    );
    refused(
        "--lang fa date 1402-12-30",
        "تاریخ نامعتبر است: روز ۳۰ در ماهی با ۲۹ روز نیست",
    );
    for env in [&[("HOMEBIZ_LANG", "fa")][..], &[][..]] {
        let mut args = vec!["household", "show"];
        if env.is_empty() {
            args.splice(0..0, ["--lang", "fa"]);
        }
        let out = common::homebiz_env(&db, env, &args);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("homebiz: این آرگومان‌های لازم داده نشده‌اند: `<ID>`"),
            "{env:?}: {err}"
        );
        assert!(english(&err, &HashSet::new()).is_empty(), "{err}");
    }
    // Without either, clap's own English, as before.
    let out = common::homebiz(&db, &["household", "show"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: the following required arguments were not provided"),
        "{err}"
    );
}

/// `--unit toman` reaches the income report's chart too (millions of
/// tomans on its axis; rials without it, as before), while its CSV, data
/// for other programs, keeps whole rials as documented.
#[test]
fn unit_toman_reaches_the_chart_and_the_csv_keeps_rials() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unit.sqlite");
    common::load_with_channels(&db);
    common::ok(homebiz(&db, &["sales", "import", &data("sales.csv")]));
    let report = [
        "report", "income", "--period", "1404-01", "--by", "office", "--format", "csv",
    ];
    let rial = common::ok(homebiz(&db, &report));
    let mut toman_args = report.to_vec();
    toman_args.extend(["--unit", "toman"]);
    assert!(
        rial.starts_with("period,office,revenue,commission,costs,fees,net\n"),
        "{rial}"
    );
    assert_eq!(common::ok(homebiz(&db, &toman_args)), rial);
    for (unit, axis) in [("rial", "million rials"), ("toman", "million tomans")] {
        let chart = dir.path().join(format!("{unit}.svg"));
        common::ok(homebiz(
            &db,
            &[
                "report",
                "income",
                "--period",
                "1404",
                "--by",
                "office",
                "--unit",
                unit,
                "--out",
                chart.to_str().unwrap(),
            ],
        ));
        let svg = std::fs::read_to_string(&chart).unwrap();
        assert!(svg.contains(axis), "{unit}: no {axis:?} axis");
    }
}
