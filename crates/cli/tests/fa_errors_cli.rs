//! The last English and wrong messages under `--lang fa` (#14): a channel
//! that is no exhibition, a CSV file without the columns it needs, a
//! folder given for a file, the storage backends' failures, a file the
//! `csv` reader or the catalog loader refuses. Each is said wholly in
//! Persian under `--lang fa` and names the same facts in English.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{example_file, fail, homebiz, load_examples, load_with_channels};

/// `homebiz --lang LANG ARGS…` on `db`: its one-line error.
fn error_in(db: &Path, lang: &str, args: &[&str]) -> String {
    fail(homebiz(db, &[&["--lang", lang], args].concat()))
}

/// The words of `text` with a Latin letter that are not one of `allowed`
/// (codes, paths, column names): English left in a Persian message.
fn english_in<'t>(text: &'t str, allowed: &[&str]) -> Vec<&'t str> {
    text.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.trim_end_matches(':').ends_with("homebiz"))
        .filter(|w| !allowed.iter().any(|a| w.contains(a)))
        .collect()
}

#[test]
fn an_exhibition_on_a_marketplace_is_refused_with_the_channel_kinds_named_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_with_channels(&db);
    let args = [
        "exhibition",
        "create",
        "--code",
        "E1",
        "--name",
        "E",
        "--channel",
        "DIGIKALA",
    ];
    assert_eq!(
        error_in(&db, "fa", &args),
        "homebiz: کانال نامعتبر است: DIGIKALA فروشگاه اینترنتی است، نه نمایشگاه \
         (نمایشگاه دائمی یا بازارچه فصلی)\n"
    );
    assert_eq!(
        error_in(&db, "en", &args),
        "homebiz: invalid channel: DIGIKALA is of kind online_marketplace, not an exhibition \
         (permanent_exhibition or seasonal_fair)\n"
    );
}

#[test]
fn a_demand_or_weights_file_without_its_columns_names_the_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let people = example_file("people.csv");
    let demand = [
        "recommend",
        "--household",
        "URM-DZS-00002",
        "--demand",
        &people,
    ];
    assert_eq!(
        error_in(&db, "en", &demand),
        format!(
            "homebiz: {people}: missing column demand (the file needs the columns activity, demand)\n"
        )
    );
    let fa = error_in(&db, "fa", &demand);
    assert_eq!(
        fa,
        format!("homebiz: {people}: ستون demand نیست (ستون‌های لازم این پرونده: activity، demand)\n")
    );
    // `plan` reads the same file the same way.
    let plan = ["plan", "--office", "URM-DZS", "--demand", &people];
    assert_eq!(error_in(&db, "fa", &plan), fa);

    // A two-column weights file must be `criterion,weight`.
    let weights = dir.path().join("w.csv");
    std::fs::write(&weights, "activity,demand\nembroidery,4\n").unwrap();
    let weights = weights.to_str().unwrap();
    let err = error_in(
        &db,
        "en",
        &[
            "recommend",
            "--household",
            "URM-DZS-00002",
            "--weights",
            weights,
        ],
    );
    assert_eq!(
        err,
        format!(
            "homebiz: {weights}: missing column weight (the file needs the columns criterion, weight)\n"
        )
    );

    // A demand file with its columns in another order is read by name.
    let swapped = dir.path().join("d.csv");
    std::fs::write(&swapped, "demand,activity\n0,embroidery\n").unwrap();
    common::ok(homebiz(
        &db,
        &[
            "recommend",
            "--household",
            "URM-DZS-00002",
            "--demand",
            swapped.to_str().unwrap(),
        ],
    ));
}

#[test]
fn an_import_of_another_kind_of_file_names_the_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let people = example_file("people.csv");
    let args = ["import", "households", &people];
    assert_eq!(
        error_in(&db, "en", &args),
        "homebiz: people.csv: missing column code (the file needs the columns code, office_code)\n"
    );
    assert_eq!(
        error_in(&db, "fa", &args),
        "homebiz: people.csv: ستون code نیست (ستون‌های لازم این پرونده: code، office_code)\n"
    );
    // The other files of the CLI: orders, offers, sales.
    for kind in ["orders", "offers", "sales"] {
        let err = error_in(&db, "en", &[kind, "import", &people]);
        assert!(err.contains(": missing column "), "{kind}: {err}");
        let err = error_in(&db, "fa", &[kind, "import", &people]);
        assert!(err.contains("ستون‌های لازم این پرونده"), "{kind}: {err}");
    }
    // A misspelt column is still named with the one it probably means.
    let typo = dir.path().join("h.csv");
    std::fs::write(&typo, "cod,office_code\nH-1,URM-DZS\n").unwrap();
    let err = error_in(&db, "en", &["import", "households", typo.to_str().unwrap()]);
    assert!(err.contains("(did you mean code?)"), "{err}");
}

#[test]
fn a_folder_given_for_a_file_is_said_to_be_one_with_its_path_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    let folder = format!("{}/", dir.path().display());
    let commands: [&[&str]; 8] = [
        &["import", "households", &folder],
        &["orders", "import", &folder],
        &["offers", "import", &folder],
        &["sales", "import", &folder],
        &["exhibition", "booths", "import", &folder],
        &["mcdm", "topsis", "--matrix", &folder, "--weights", "1"],
        &[
            "recommend",
            "--household",
            "URM-DZS-00002",
            "--demand",
            &folder,
        ],
        &["catalog", "list", "--catalog", &folder],
    ];
    for args in commands {
        assert_eq!(
            error_in(&db, "en", args),
            format!("homebiz: {folder} is a folder, not a file: give the file in it\n"),
            "{args:?}"
        );
        assert_eq!(
            error_in(&db, "fa", args),
            format!("homebiz: {folder} پوشه است، نه پرونده: پرونده‌ای را که در آن است بدهید\n"),
            "{args:?}"
        );
    }
}

#[test]
fn a_file_the_csv_reader_refuses_is_said_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = dir.path().join("m.csv");
    std::fs::write(&matrix, "name,cost,quality\na,1,2\nb,3\n").unwrap();
    let args = [
        "mcdm",
        "topsis",
        "--matrix",
        matrix.to_str().unwrap(),
        "--weights",
        "1,1",
    ];
    let db = dir.path().join("none.sqlite");
    let fa = error_in(&db, "fa", &args);
    assert_eq!(
        fa,
        "homebiz: m.csv خوانده نشد: ردیف ۳: ۲ خانه دارد و سرستون ۳\n"
    );
    assert!(error_in(&db, "en", &args).contains("found record with 2 fields"));
}

#[test]
fn a_catalog_file_that_is_not_json_is_said_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("c.json");
    std::fs::write(&catalog, "{ not json").unwrap();
    let catalog = catalog.to_str().unwrap();
    let db = dir.path().join("none.sqlite");
    let fa = error_in(&db, "fa", &["catalog", "list", "--catalog", catalog]);
    assert!(
        fa.starts_with(&format!(
            "homebiz: {catalog}: به شکل فهرست فعالیت‌ها (JSON) خوانده نشد ("
        )),
        "{fa}"
    );
    let missing = dir.path().join("none.csv");
    let missing = missing.to_str().unwrap();
    let fa = error_in(&db, "fa", &["catalog", "list", "--catalog", missing]);
    assert_eq!(
        fa,
        format!("homebiz: {missing}: چنین پرونده یا پوشه‌ای نیست\n")
    );
}

#[test]
fn a_locked_sqlite_database_is_said_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    load_examples(&db);
    // Another program holds the write lock past the busy timeout.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = error_in(
        &db,
        "fa",
        &[
            "channel",
            "add",
            "--code",
            "W",
            "--name",
            "W",
            "--kind",
            "wholesaler",
        ],
    );
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        err,
        "homebiz: خطای ذخیره‌سازی: پایگاه داده در دست برنامهٔ دیگری است (قفل است): \
         کمی بعد دوباره بکوشید\n"
    );
}

#[test]
fn an_unreachable_postgresql_server_is_said_in_persian() {
    // Nothing listens on port 1: the connection is refused at once.
    let db = Path::new("postgres://homebiz@127.0.0.1:1/homebiz");
    let fa = error_in(db, "fa", &["office", "list"]);
    assert_eq!(
        fa,
        "homebiz: postgres://127.0.0.1:1/homebiz باز نشد: به سرور PostgreSQL در \
         postgres://127.0.0.1:1 وصل نشد: سرور پیوند را نپذیرفت (آیا روشن است؟)\n"
    );
    assert_eq!(
        english_in(&fa, &["postgres://", "PostgreSQL"]),
        Vec::<&str>::new()
    );
    let en = error_in(db, "en", &["office", "list"]);
    assert!(en.contains("Connection refused"), "{en}");
}

/// A sales file's bad commission and over-limit gross were said in English
/// under `--lang fa` (the facade described rows without the ledger's
/// rules): both are Persian, in Persian digits.
#[test]
fn a_sales_file_s_commission_and_over_limit_gross_are_said_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_with_channels(&db);
    let header = "id,business,channel,date,quantity,unit_price,commission\n";
    let write = |name: &str, row: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{header}{row}\n")).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let commission = write(
        "commission.csv",
        "X-1,URM-DZS-00002-B1,DIGIKALA,1404-07-10,3,2500000,99999999",
    );
    let fa = error_in(&db, "fa", &["sales", "import", &commission]);
    assert!(
        fa.contains("ردیف ۲، ستون commission: باید از ۰ تا فروش ناخالص، به ریال، باشد"),
        "{fa}"
    );
    assert_eq!(
        english_in(&fa, &["commission", ".csv"]),
        Vec::<&str>::new(),
        "{fa}"
    );
    let big = write(
        "big.csv",
        "X-2,URM-DZS-00002-B1,DIGIKALA,1404-07-10,999999999,99999999999,0",
    );
    let fa = error_in(&db, "fa", &["sales", "import", &big]);
    assert!(
        fa.contains(
            "فروش ناخالص (تعداد × قیمت واحد) از سقف هر سند دفتر، ۱۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال، بیشتر است"
        ),
        "{fa}"
    );
    assert_eq!(
        english_in(&fa, &["unit_price", ".csv"]),
        Vec::<&str>::new(),
        "{fa}"
    );
}

/// An import's skipped rows were described with Latin digits ("ردیف 3") in
/// the summary and the rejects file while an error that stops the file
/// said "ردیف ۲": all three are written alike now.
#[test]
fn skipped_rows_are_numbered_in_persian_digits_as_stopping_errors_are() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    load_examples(&db);
    let businesses = std::fs::read_to_string(example_file("businesses.csv")).unwrap();
    let mut lines = businesses.lines();
    let (header, first) = (lines.next().unwrap(), lines.next().unwrap());
    let repeated = dir.path().join("repeated.csv");
    std::fs::write(&repeated, format!("{header}\n{first}\n{first}\n")).unwrap();
    let repeated = repeated.to_str().unwrap();
    let stop = error_in(&db, "fa", &["import", "businesses", repeated]);
    assert!(
        stop.contains("ردیف ۳: ردیف ۲ همین پرونده را تکرار می‌کند"),
        "{stop}"
    );
    let rejects = dir.path().join("rejects.csv");
    common::ok(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "import",
            "businesses",
            repeated,
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    ));
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        written.contains("ردیف ۳: ردیف ۲ همین پرونده را تکرار می‌کند"),
        "{written}"
    );
    let summary = common::ok(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "import",
            "businesses",
            repeated,
            "--on-error",
            "skip",
        ],
    ));
    assert!(
        summary.contains("ردیف ۳: ردیف ۲ همین پرونده را تکرار می‌کند"),
        "{summary}"
    );
    assert!(!summary.contains("ردیف 3"), "{summary}");
}

/// Applications ended because their business was suspended or closed
/// listed "the business is suspended"/"the business is closed" under
/// `--lang fa`: the programme's own reasons are Persian, English as before.
#[test]
fn applications_ended_with_their_business_give_the_reason_in_persian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    common::example_market(&db);
    common::ok(homebiz(&db, &["business", "suspend", common::ESL]));
    common::ok(homebiz(
        &db,
        &["business", "close", common::DZS, "--reason", "no buyers"],
    ));
    let list = |lang: &str| {
        common::ok(homebiz(
            &db,
            &[
                "--lang",
                lang,
                "list",
                "applications",
                "--exhibition",
                "TERMINAL",
                "--state",
                "withdrawn",
            ],
        ))
    };
    let en = list("en");
    assert!(en.contains("the business is suspended"), "{en}");
    assert!(en.contains("the business is closed"), "{en}");
    let fa = list("fa");
    assert!(fa.contains("کسب‌وکار تعلیق‌شده است"), "{fa}");
    assert!(fa.contains("کسب‌وکار بسته‌شده است"), "{fa}");
    assert!(!fa.contains("the business is"), "{fa}");
}
