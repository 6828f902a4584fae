//! Findings of the new-user walkthrough (issue #14) about what the CLI says:
//! past-due orders are unmet demand with a reason, messages that agree in
//! number and name their range, a day-first date gets the right advice,
//! and `channel list` shows fees.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::{
    add_terminal, fail, homebiz, homebiz_env, import_orders_and_offers, load_examples, ok,
};
use serde_json::Value;

/// Orders due before today were dropped from `orders match` without a word;
/// now each is listed under unmet demand, all of it, as "past due".
#[test]
fn past_due_orders_are_unmet_demand_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    import_orders_and_offers(&db);
    // 2025-11-01 is 1404-08-10: SCHOOL-7 (173 jars, due 1404-08-05) is
    // past due.
    let later = [("HOMEBIZ_NOW", "2025-11-01T08:00:00Z")];
    let m: Value = serde_json::from_str(&ok(homebiz_env(
        &db,
        &later,
        &["orders", "match", "--json"],
    )))
    .unwrap();
    let unmet = m["unmet"].as_array().unwrap();
    let school = unmet
        .iter()
        .find(|u| u["order"] == "SCHOOL-7")
        .unwrap_or_else(|| panic!("SCHOOL-7 is listed as unmet: {m}"));
    assert_eq!(school["reason"], "past_due");
    assert_eq!(school["quantity"], 173);
    assert!(
        m["fills"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["order_id"] != school["order_id"]),
        "a past-due order gets no new fill: {m}"
    );
    let table = ok(homebiz_env(&db, &later, &["orders", "match"]));
    let line = table.lines().find(|l| l.contains("SCHOOL-7")).unwrap();
    assert!(line.contains("past due"), "{table}");
    let fa = ok(homebiz_env(
        &db,
        &later,
        &["--lang", "fa", "orders", "match"],
    ));
    assert!(fa.contains("سررسید آن گذشته است"), "{fa}");
}

#[test]
fn order_matching_refused_to_an_office_agrees_in_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let err = fail(homebiz_env(
        &db,
        &[("HOMEBIZ_OFFICE", "URM-DZS")],
        &["orders", "match"],
    ));
    assert!(
        err.contains("order matches belong to the whole programme"),
        "{err}"
    );
}

#[test]
fn a_number_out_of_range_names_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let err = fail(homebiz(
        &db,
        &["person", "edit", "0010000011", "hours_per_week=999"],
    ));
    assert!(
        err.contains("hours_per_week: not a whole number from 0 to 84"),
        "{err}"
    );
    let err = fail(homebiz(
        &db,
        &["household", "edit", "URM-DZS-00001", "area_m2=70000"],
    ));
    assert!(
        err.contains("area_m2: not a whole number from 0 to 1000"),
        "{err}"
    );
}

#[test]
fn a_day_first_date_is_told_to_put_the_year_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    let err = fail(homebiz(&db, &["date", "31/12/1403"]));
    assert!(
        err.contains("write the year first, as year-month-day (1403-12-31, not 31/12/1403)"),
        "{err}"
    );
    assert!(!err.contains("1370, not 70"), "{err}");
    // A short year is still told to be written in full.
    let err = fail(homebiz(&db, &["date", "70/5/20"]));
    assert!(
        err.contains("write the year in full (1370, not 70)"),
        "{err}"
    );
}

#[test]
fn channel_list_shows_the_fee() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    add_terminal(&db);
    let table = ok(homebiz(&db, &["channel", "list"]));
    assert!(table.contains("fee (rial)"), "{table}");
    let line = table.lines().find(|l| l.contains("TERMINAL")).unwrap();
    assert!(line.contains("2,000,000 a week"), "{table}");
    let fa = ok(homebiz(&db, &["--lang", "fa", "channel", "list"]));
    assert!(fa.contains("در هفته"), "{fa}");
}

/// Found by the third walkthrough: under `--lang fa` a history grouped a
/// mobile like an amount (`۰۹٬۱۴۱٬۰۰۰٬۰۰۹`), named the built-in user by its
/// UUID and gave Gregorian UTC times; `--by` was called "recorder" in its
/// error; and a rate with the Persian percent sign was refused.
#[test]
fn persian_histories_rates_and_groupings_read_right() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    ok(homebiz(
        &db,
        &["person", "edit", "0010000011", "mobile=09141000009"],
    ));
    let history = ok(homebiz(
        &db,
        &["--lang", "fa", "person", "history", "0010000011"],
    ));
    assert!(history.contains("۰۹۱۴۱۰۰۰۰۰۹"), "{history}");
    assert!(!history.contains("۰۹٬"), "{history}");
    assert!(history.contains("برنامه"), "{history}");
    assert!(!history.contains("00000000-0000"), "{history}");
    assert!(history.contains("زمان (به وقت ایران)"), "{history}");
    assert!(history.contains("۱۴۰"), "a Jalali year: {history}");
    let english = ok(homebiz(&db, &["person", "history", "0010000011"]));
    assert!(english.contains("programme"), "{english}");
    assert!(english.contains("when (Iran time)"), "{english}");

    let grouping = fail(homebiz(
        &db,
        &[
            "--lang", "fa", "report", "income", "--period", "1404", "--by", "offise",
        ],
    ));
    assert!(grouping.contains("گروه‌بندی"), "{grouping}");
    assert!(!grouping.contains("ثبت‌کننده"), "{grouping}");

    for rate in ["۴٪", "4٪", "۰٫۰۴", "4%"] {
        let schedule = ok(homebiz(
            &db,
            &[
                "loan",
                "schedule",
                "--principal",
                "100,000,000",
                "--rate",
                rate,
                "--months",
                "12",
            ],
        ));
        assert!(schedule.contains("total"), "{rate}: {schedule}");
    }
}

/// Found by the third walkthrough: clap's errors in Persian dropped an
/// option's range, asked for one of no possible values when a value was
/// missing, and called an option given twice a conflict with itself.
#[test]
fn persian_usage_errors_say_what_english_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    ok(homebiz(&db, &["init"]));
    // A usage error exits with 2, clap's code, and says why on stderr.
    let usage = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let range = usage(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "apply",
            "--business",
            "X",
            "--exhibition",
            "Y",
            "--weeks",
            "20",
        ],
    ));
    assert!(range.contains("باید از ۱ تا ۱۳ باشد"), "{range}");
    let missing = usage(homebiz(&db, &["--lang", "fa", "recommend", "--household"]));
    assert!(missing.contains("مقداری می‌خواهد"), "{missing}");
    assert!(!missing.contains("مقدارهای ممکن"), "{missing}");
    let twice = usage(homebiz(
        &db,
        &["--lang", "fa", "--lang", "xx", "office", "list"],
    ));
    assert!(twice.contains("بیش از یک بار"), "{twice}");
}

/// Found by the third walkthrough: a missing `--matrix` or `--weights`
/// file gave the system's English message under `--lang fa`.
#[test]
fn a_missing_csv_file_is_said_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let missing = dir.path().join("nope.csv");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["--lang", "fa", "mcdm", "topsis", "--matrix", missing],
        vec![
            "--lang",
            "fa",
            "recommend",
            "--household",
            "URM-DZS-00001",
            "--weights",
            missing,
        ],
    ] {
        let out = homebiz(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        let said = String::from_utf8(out.stderr).unwrap();
        assert!(
            said.contains("چنین پرونده یا پوشه‌ای نیست"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("No such file"), "{args:?}: {said}");
    }
}

/// `--period 1405..1404` said "expected a month as YYYY-MM or YYYY/M"
/// (a year was no side of a range); now either side may be a year or a
/// quarter, and a reversed range is said to be reversed, in both languages.
#[test]
fn a_reversed_period_is_said_to_be_reversed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let err = fail(homebiz(
        &db,
        &["report", "income", "--period", "1405..1404"],
    ));
    assert!(err.contains("the range ends before it starts"), "{err}");
    assert!(!err.contains("expected a month"), "{err}");
    let fa = fail(homebiz(
        &db,
        &["--lang", "fa", "report", "income", "--period", "1405..1404"],
    ));
    assert!(fa.contains("پایان بازه پیش از آغاز آن است"), "{fa}");
    ok(homebiz(
        &db,
        &["report", "income", "--period", "1403..1404-Q1"],
    ));
}

/// An empty file said "missing column code" (or the weights file's first
/// column): it is said to be empty, for registry and scoring files alike.
#[test]
fn an_empty_file_is_said_to_be_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.to_str().unwrap();
    for args in [
        vec!["import", "households", empty],
        vec!["import", "offices", empty],
        vec![
            "recommend",
            "--household",
            "URM-DZS-00001",
            "--weights",
            empty,
        ],
        vec![
            "mcdm",
            "topsis",
            "--matrix",
            empty,
            "--weights",
            "1",
            "--types",
            "b",
        ],
    ] {
        let err = fail(homebiz(&db, &args));
        assert!(err.contains("the file is empty"), "{args:?}: {err}");
        assert!(!err.contains("missing column"), "{args:?}: {err}");
        let fa = fail(homebiz(&db, &[&["--lang", "fa"][..], &args].concat()));
        assert!(fa.contains("پرونده خالی است"), "{args:?}: {fa}");
    }
}

/// A user scoped to one office adding a user of another office was told
/// "URM-DZS not found": it is told only an unrestricted user may add users.
#[test]
fn a_scoped_user_adding_a_user_is_told_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    ok(homebiz(&db, &["user", "add", "esl", "--office", "URM-ESL"]));
    for office in ["URM-DZS", "URM-ESL"] {
        let err = fail(homebiz(
            &db,
            &["--user", "esl", "user", "add", "x3", "--office", office],
        ));
        assert!(
            err.contains("only an unrestricted user may add users"),
            "{office}: {err}"
        );
        assert!(!err.contains("not found"), "{office}: {err}");
    }
}

/// A weights file's `skill_fit,-1` said "column criterion: weight 0 is
/// negative or not finite" (another column, a value that was not read): it
/// names the weight column and the value as read. A criterion (or a demand
/// file's activity) given twice was silently the last: it is refused, naming
/// both rows. A demand that is no whole number names the range.
#[test]
fn weights_and_demand_files_name_the_cell_and_refuse_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let recommend = |option: &str, file: &str, lang: &str| {
        fail(homebiz(
            &db,
            &[
                "--lang",
                lang,
                "recommend",
                "--household",
                "URM-DZS-00001",
                option,
                file,
            ],
        ))
    };
    let negative = write("negative.csv", "criterion,weight\nskill_fit,-1\n");
    let err = recommend("--weights", &negative, "en");
    assert!(
        err.contains("row 2, column weight: -1 is not a weight: a weight is 0 or more"),
        "{err}"
    );
    assert!(!err.contains("weight 0"), "{err}");
    let fa = recommend("--weights", &negative, "fa");
    assert!(fa.contains("ردیف ۲، ستون `weight`: -1 وزن نیست"), "{fa}");

    let twice = write(
        "twice.csv",
        "criterion,weight\nskill_fit,0.3\nspace,0.1\nskill_fit,0.5\n",
    );
    let err = recommend("--weights", &twice, "en");
    assert!(
        err.contains("row 4, column criterion: repeats row 2 of this file"),
        "{err}"
    );
    let fa = recommend("--weights", &twice, "fa");
    assert!(fa.contains("ردیف ۲ همین پرونده را تکرار می‌کند"), "{fa}");

    let demand = write("demand.csv", "activity,demand\nsewing,3\nsewing,4\n");
    let err = recommend("--demand", &demand, "en");
    assert!(
        err.contains("row 3, column activity: repeats row 2 of this file"),
        "{err}"
    );
    let demand = write("big.csv", "activity,demand\nsewing,4294967296\n");
    let err = recommend("--demand", &demand, "en");
    assert!(
        err.contains("row 2, column demand: not a whole number from 0 to 4294967295"),
        "{err}"
    );
}

/// `sale record --quantity 99999999999` said "must be at least 1" and a
/// quantity of −3 no range; usage errors under `--lang fa` kept the
/// English value names (`<CODE>`). Every whole-number option's refusal
/// names its range, and Persian usage errors name no English placeholder.
#[test]
fn whole_number_options_name_their_range_and_persian_usage_has_no_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    ok(homebiz(&db, &["init"]));
    // A usage error exits with 2, clap's code, and says why on stderr.
    let usage = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let sale = |lang: &str, quantity: &str| {
        usage(homebiz(
            &db,
            &[
                "--lang",
                lang,
                "sale",
                "record",
                "--business",
                "X",
                "--date",
                "1404-01-01",
                "--unit-price",
                "1",
                &format!("--quantity={quantity}"),
            ],
        ))
    };
    let err = sale("en", "99999999999");
    assert!(err.contains("must be from 1 to 4294967295"), "{err}");
    assert!(!err.contains("at least"), "{err}");
    for minus in ["-3", "\u{2212}3"] {
        let err = sale("en", minus);
        assert!(
            err.contains("a whole number from 1 to 4294967295 is needed"),
            "{err}"
        );
        let fa = sale("fa", minus);
        assert!(
            fa.contains("عدد صحیحی از ۱ تا ۴٬۲۹۴٬۹۶۷٬۲۹۵ لازم است"),
            "{fa}"
        );
    }
    let fa = usage(homebiz(&db, &["--lang", "fa", "channel", "add", "--code"]));
    assert!(fa.contains("`--code`"), "{fa}");
    assert!(!fa.contains("<CODE>"), "{fa}");
    let fa = usage(homebiz(
        &db,
        &["--lang", "fa", "application", "reject", "--reason"],
    ));
    assert!(!fa.contains("<REASON>"), "{fa}");
    let fa = usage(homebiz(
        &db,
        &["--lang", "fa", "sale", "record", "--business", "X"],
    ));
    assert!(fa.contains("`--date`، `--quantity`"), "{fa}");
    assert!(fa.contains("--date <مقدار>"), "{fa}");
    assert!(!fa.contains("<DATE>"), "{fa}");
}

/// An edit's error names the field the user edited: the registration day
/// moved past the baseline survey named `baseline_survey_date` alone.
#[test]
fn an_edit_error_names_the_edited_field_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let edit = [
        "household",
        "edit",
        "URM-DZS-00001",
        "registered_on=1500-01-01",
    ];
    let err = fail(homebiz(&db, &edit));
    assert!(
        err.contains("registered_on: more than ten years after baseline_survey_date"),
        "{err}"
    );
    let fa = fail(homebiz(&db, &[&["--lang", "fa"][..], &edit].concat()));
    assert!(fa.contains("تاریخ ثبت"), "{fa}");
    assert!(fa.contains("بیش از ده سال پس از تاریخ پیمایش پایه"), "{fa}");
    // The survey day edited alone is named first.
    let err = fail(homebiz(
        &db,
        &[
            "household",
            "edit",
            "URM-DZS-00001",
            "baseline_survey_date=1300-01-01",
        ],
    ));
    assert!(
        err.contains("baseline_survey_date: more than ten years before registered_on"),
        "{err}"
    );
}

/// An edit accepts every header the import accepts for a column (the
/// import's alias table): `متراژ` for `area_m2`, `موبایل` for `mobile`.
#[test]
fn an_edit_accepts_the_import_header_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    for lang in ["en", "fa"] {
        let out = ok(homebiz(
            &db,
            &[
                "--lang",
                lang,
                "household",
                "edit",
                "URM-DZS-00001",
                "متراژ=45",
            ],
        ));
        assert!(!out.is_empty(), "{out}");
        let out = ok(homebiz(
            &db,
            &[
                "--lang",
                lang,
                "person",
                "edit",
                "0010000011",
                "موبایل=09121234567",
            ],
        ));
        assert!(!out.is_empty(), "{out}");
    }
    let shown = ok(homebiz(
        &db,
        &["household", "show", "URM-DZS-00001", "--json"],
    ));
    assert!(shown.contains("45"), "{shown}");
    // An alias of an identity column is refused with its reason.
    let err = fail(homebiz(
        &db,
        &["household", "edit", "URM-DZS-00001", "کد خانوار=X-1"],
    ));
    assert!(err.contains("code"), "{err}");
    assert!(!err.contains("unknown field"), "{err}");
}

/// An import that registers a likely duplicate says so, with where to
/// review it; the JSON report counts the flags.
#[test]
fn an_import_counts_the_likely_duplicates_it_flags() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let file = |name: &str, id: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
                 {id},سميه,رضايي,1379/08/21,female,,URM-DZS-00002\n"
            ),
        )
        .unwrap();
        path.to_str().unwrap().to_owned()
    };
    let out = ok(homebiz(
        &db,
        &["import", "people", &file("en.csv", "0990000001")],
    ));
    assert!(
        out.contains("1 likely duplicate flagged for review")
            && out.contains("homebiz duplicates list shows them"),
        "{out}"
    );
    let fa = ok(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "import",
            "people",
            &file("fa.csv", "0990000028"),
        ],
    ));
    assert!(
        fa.contains("تکراری احتمالی برای بازبینی نشانه‌گذاری شد")
            && fa.contains("homebiz duplicates list"),
        "{fa}"
    );
    let json: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[
            "import",
            "people",
            &file("json.csv", "0990000036"),
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(json["flagged"], 1, "{json}");
    // An import with no likely duplicate says nothing of flags.
    let plain = dir.path().join("plain.csv");
    std::fs::write(
        &plain,
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
         0990000044,Nobody,Else,1370-01-01,female,,URM-DZS-00002\n",
    )
    .unwrap();
    let out = ok(homebiz(&db, &["import", "people", plain.to_str().unwrap()]));
    assert!(!out.contains("flagged"), "{out}");
}

/// `recommend` with nothing recommended says why the activities were
/// ruled out, grouped with counts, not only how many (en + fa).
#[test]
fn recommend_gives_the_ruled_out_reasons_grouped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let args = [
        "recommend",
        "--household",
        "URM-DZS-00001",
        "--capital",
        "0",
    ];
    let json: Value =
        serde_json::from_str(&ok(homebiz(&db, &[&args[..], &["--json"]].concat()))).unwrap();
    let failed = |constraint: &str| {
        json["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["failures"].as_array().unwrap())
            .filter(|f| f["constraint"] == constraint)
            .count()
    };
    let (skills, space) = (failed("skills"), failed("space"));
    assert!(skills > 1 && space > 0, "{json}");
    let out = ok(homebiz(&db, &args));
    assert!(out.contains("activities ruled out:"), "{out}");
    assert!(
        out.contains(&format!(
            "  {skills} activities: nobody in the household has a skill it needs"
        )),
        "{out}"
    );
    let fa = ok(homebiz(&db, &[&["--lang", "fa"][..], &args].concat()));
    assert!(
        fa.contains("هیچ‌یک از اعضای خانوار مهارت لازم آن را ندارد")
            && fa.contains("فضای لازم بیش از فضای خانوار است"),
        "{fa}"
    );
    assert!(
        out.contains("needs more floor space than the household has"),
        "{out}"
    );
}

/// `person edit` and `person history` take a person ID (a UUID) as
/// `person show` does, besides the national ID.
#[test]
fn person_edit_and_history_take_a_person_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let shown: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["person", "show", "0010000011", "--json"],
    )))
    .unwrap();
    let id = shown["person"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a person ID: {shown}"))
        .to_owned();
    let out = ok(homebiz(&db, &["person", "edit", &id, "hours_per_week=31"]));
    assert!(out.contains(&id), "{out}");
    let history = ok(homebiz(&db, &["person", "history", &id]));
    assert!(history.contains("hours_per_week"), "{history}");
    let fa = ok(homebiz(&db, &["--lang", "fa", "person", "history", &id]));
    assert!(!fa.is_empty(), "{fa}");
    // An ID nobody has is named as not found.
    let err = fail(homebiz(
        &db,
        &["person", "history", "00000000-0000-4000-8000-000000000000"],
    ));
    assert!(err.contains("not found"), "{err}");
}
