//! English and raw names under `--lang fa` that a new user's walkthrough
//! found (#14): an import row refused for a column it leaves out, a
//! channel's kind, fee period or commission refused, a record named by
//! its kind and key. Each is said wholly in Persian, with the values to
//! type in backticks.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{example_file, fail, homebiz, load_examples, ok};

/// `homebiz --lang fa ARGS…` on `db`, which fails: its error's first line
/// (a usage error goes on with the usage and a tip).
fn fa_error(db: &Path, args: &[&str]) -> String {
    let out = homebiz(db, &[&["--lang", "fa"], args].concat());
    assert!(!out.status.success());
    let text = String::from_utf8(out.stderr).unwrap();
    text.lines().next().unwrap_or_default().to_owned()
}

/// The file name of `path`, as errors name an imported file.
fn name(path: &str) -> &str {
    Path::new(path).file_name().unwrap().to_str().unwrap()
}

/// A CSV file `name` in `dir` with the header and the one row of `source`
/// whose first cell is `key`, `edit` applied to that row.
fn one_row(
    dir: &Path,
    name: &str,
    source: &str,
    key: &str,
    edit: impl Fn(&str) -> String,
) -> String {
    let text = std::fs::read_to_string(example_file(source)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row = lines.find(|l| l.starts_with(&format!("{key},"))).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("{header}\n{}\n", edit(row))).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_new_row_without_a_required_column_is_refused_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let file = dir.path().join("part4.csv");
    std::fs::write(&file, "code,address\nURM-DZS-09999,x\n").unwrap();
    let file = file.to_str().unwrap();
    assert_eq!(
        fa_error(&db, &["import", "households", file, "--update"]),
        format!(
            "homebiz: {}: ردیف ۲، ستون office_code: در پرونده نیست و رکورد این ردیف \
             هنوز ثبت نشده است: رکورد تازه همهٔ ستون‌های لازم را می‌خواهد",
            name(file)
        )
    );
}

#[test]
fn a_channel_kind_fee_period_or_commission_refused_is_said_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let add = ["channel", "add", "--code", "X", "--name", "X"];
    assert_eq!(
        fa_error(&db, &[&add[..], &["--kind", "weekly_market"]].concat()),
        "homebiz: مقدار `weekly_market` برای `--kind` نامعتبر است: نوع کانال نامعتبر است: \
         باید `permanent_exhibition`، `seasonal_fair`، `consignment_shop`، `online_marketplace`، \
         `institutional_buyer` یا `wholesaler` باشد"
    );
    let online = [&add[..], &["--kind", "online_marketplace"]].concat();
    assert_eq!(
        fa_error(
            &db,
            &[&online[..], &["--fee", "1000", "--fee-per", "day"]].concat()
        ),
        "homebiz: مقدار `day` برای `--fee-per` نامعتبر است: دورهٔ هزینهٔ ثابت نامعتبر است: \
         باید `week`، `month` یا `season` باشد"
    );
    assert_eq!(
        fa_error(&db, &[&online[..], &["--commission", "۱۲۰٪"]].concat()),
        "homebiz: کارمزد نامعتبر است: باید از ۰ تا کمتر از ۱ باشد (۰٫۰۹ یعنی ۹٪)"
    );
}

#[test]
fn records_are_named_by_their_kind_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let ho = one_row(
        dir.path(),
        "ho.csv",
        "households.csv",
        "URM-DZS-00005",
        |row| row.replace(",9,yes,", ",99,yes,"),
    );
    assert_eq!(
        fa_error(&db, &["import", "households", &ho]),
        format!(
            "homebiz: {}: ردیف ۲، ستون area_m2: با خانوار URM-DZS-00005 ثبت‌شده فرق دارد",
            name(&ho)
        )
    );
}

#[test]
fn a_semicolon_file_is_named_by_the_character_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let file = dir.path().join("semi.csv");
    std::fs::write(&file, "code;office_code\nA;B\n").unwrap();
    let file = file.to_str().unwrap();
    assert_eq!(
        fa_error(&db, &["import", "households", file]),
        format!(
            "homebiz: {}: ستون‌ها با ';' از هم جدا شده‌اند، نه با ویرگول: \
             آن را به شکل «CSV UTF-8» ذخیره کنید",
            name(file)
        )
    );
}

#[test]
fn criteria_that_kept_their_default_weight_are_listed_with_the_persian_comma() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let partial = dir.path().join("partial.csv");
    std::fs::write(&partial, "criterion,weight\nskill_fit,0.5\ninterest,0.3\n").unwrap();
    let args = [
        "--lang",
        "fa",
        "recommend",
        "--household",
        "URM-DZS-00010",
        "--weights",
        partial.to_str().unwrap(),
    ];
    let out = String::from_utf8(homebiz(&db, &args).stdout).unwrap();
    let note = out.lines().last().unwrap();
    assert!(note.contains('،'), "{note}");
    assert!(!note.contains(','), "{note}");
}

#[test]
fn an_edit_lists_the_names_to_type_accepts_persian_labels_and_reports_the_names_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let unknown = fa_error(&db, &["person", "edit", "0010000011", "foo=1"]);
    assert!(
        unknown.contains("`given_name` (نام)، `family_name` (نام خانوادگی)")
            && unknown.contains("`hours_per_week` (ساعت در هفته)"),
        "{unknown}"
    );
    // The Persian label is a name for its field.
    let out = ok(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "person",
            "edit",
            "0010000011",
            "ساعت در هفته=31",
        ],
    ));
    assert!(out.trim_end().ends_with(": تغییر ساعت در هفته"), "{out}");
    // Skills change through an import, and the refusal says how.
    let skills = fail(homebiz(
        &db,
        &["person", "edit", "0010000011", "skills=sewing:expert"],
    ));
    assert_eq!(
        skills,
        "homebiz: invalid skills: changes through an import: homebiz import people FILE --update, \
         with the column skills (sewing:advanced;dairy:beginner)\n"
    );
    // The column given is the one reported, not the record's inner name.
    let out = ok(homebiz(
        &db,
        &[
            "business",
            "edit",
            "URM-DZS-00001-B1",
            "capital_rial=5000000",
        ],
    ));
    assert_eq!(out, "business URM-DZS-00001-B1: changed capital_rial\n");
    let out = ok(homebiz(
        &db,
        &["household", "edit", "URM-DZS-00001", "area_m2=77"],
    ));
    assert_eq!(out, "household URM-DZS-00001: changed area_m2\n");
}

#[test]
fn a_history_shows_skills_by_their_names_and_levels() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let file = one_row(dir.path(), "sk.csv", "people.csv", "0010000011", |row| {
        row.replace(
            "sewing:advanced;dairy:beginner",
            "sewing:advanced;baking:beginner",
        )
    });
    ok(homebiz(&db, &["import", "people", &file, "--update"]));
    let en = ok(homebiz(&db, &["person", "history", "0010000011"]));
    assert!(
        en.contains(
            "skills: sewing (advanced), dairy (beginner) → sewing (advanced), baking (beginner)"
        ),
        "{en}"
    );
    let fa = ok(homebiz(
        &db,
        &["--lang", "fa", "person", "history", "0010000011"],
    ));
    assert!(
        fa.contains("مهارت‌ها: خیاطی (پیشرفته)، فرآوری لبنیات (مبتدی) → خیاطی (پیشرفته)، پخت نان و شیرینی (مبتدی)"),
        "{fa}"
    );
    assert!(!fa.contains("sewing") && !fa.contains("advanced"), "{fa}");
}

#[test]
fn resolving_a_duplicate_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    common::import_likely_duplicate(&db, dir.path());
    let args = ["duplicates", "resolve", "0990000001", "same-person"];
    let out = ok(homebiz(&db, &[&["--lang", "fa"], &args[..]].concat()));
    assert!(out.starts_with("تکراری بودن بررسی شد: "), "{out}");
}
