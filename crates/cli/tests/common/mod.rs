//! Helpers shared by the CLI's test binaries.

// Each test binary uses some of these.
#![allow(dead_code)]

pub(crate) mod prose;
pub(crate) mod script;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `homebiz --db DB ARGS…` with a fixed clock.
pub(crate) fn homebiz(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOMEBIZ_NOW", "2025-06-01T08:00:00Z")
        .output()
        .expect("run homebiz")
}

/// The stdout of a successful run.
pub(crate) fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The one-line stderr of a failed run that printed nothing on stdout.
pub(crate) fn fail(output: Output) -> String {
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

/// The synthetic example files.
pub(crate) fn example_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data")
}

/// `init` and the four example files imported.
pub(crate) fn load_examples(db: &Path) {
    ok(homebiz(db, &["init"]));
    for kind in ["offices", "households", "people", "businesses"] {
        let file = example_data().join(format!("{kind}.csv"));
        let out = ok(homebiz(db, &["import", kind, file.to_str().unwrap()]));
        assert!(out.starts_with(&format!("imported {kind}.csv: ")), "{out}");
        assert!(
            out.trim_end().ends_with(", 0 existing, 0 rejected"),
            "{out}"
        );
    }
}

/// Adds the online marketplace `DIGIKALA` (9% commission) that the example
/// sales name.
pub(crate) fn add_digikala(db: &Path) {
    ok(homebiz(
        db,
        &[
            "channel",
            "add",
            "--code",
            "DIGIKALA",
            "--name",
            "Online marketplace",
            "--kind",
            "online_marketplace",
            "--commission",
            "9%",
        ],
    ));
}

/// Runs `homebiz --db DB ARGS…` with a fixed clock and the extra
/// environment variables `env` (`HOMEBIZ_OFFICE` to act for one office).
pub(crate) fn homebiz_env(db: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_homebiz"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOMEBIZ_NOW", "2025-06-01T08:00:00Z");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run homebiz")
}

/// Adds the permanent exhibition channel `TERMINAL` (2,000,000 rials a
/// week) that the example sales and the exhibition name.
pub(crate) fn add_terminal(db: &Path) {
    ok(homebiz(
        db,
        &[
            "channel",
            "add",
            "--code",
            "TERMINAL",
            "--name",
            "Terminal",
            "--kind",
            "permanent_exhibition",
            "--location",
            "Urmia",
            "--fee",
            "2,000,000",
            "--fee-per",
            "week",
        ],
    ));
}

/// An example file's path, as the CLI takes it.
pub(crate) fn example_file(name: &str) -> String {
    example_data().join(name).to_str().unwrap().to_owned()
}

/// The example registry ([`load_examples`]) with the two channels the
/// example sales name ([`add_terminal`], [`add_digikala`]).
pub(crate) fn load_with_channels(db: &Path) {
    load_examples(db);
    add_terminal(db);
    add_digikala(db);
}

/// The example orders and offers imported.
pub(crate) fn import_orders_and_offers(db: &Path) {
    for kind in ["orders", "offers"] {
        ok(homebiz(
            db,
            &[kind, "import", &example_file(&format!("{kind}.csv"))],
        ));
    }
}

/// A business of office URM-DZS that may apply for booths.
pub(crate) const DZS: &str = "URM-DZS-00002-B1";
/// A business of office URM-ESL that may apply for booths.
pub(crate) const ESL: &str = "URM-ESL-00003-B1";

/// Creates the exhibition TERMINAL on the channel TERMINAL (added
/// before), with the further `exhibition create` options `options`
/// (`--monthly-cap 2`, `--limit …`), and imports the example booths; the
/// import's output.
pub(crate) fn terminal_exhibition(db: &Path, options: &[&str]) -> String {
    let mut create = vec![
        "exhibition",
        "create",
        "--code",
        "TERMINAL",
        "--name",
        "Terminal exhibition",
        "--channel",
        "TERMINAL",
    ];
    create.extend_from_slice(options);
    ok(homebiz(db, &create));
    ok(homebiz(
        db,
        &[
            "exhibition",
            "booths",
            "import",
            &example_file("booths.csv"),
        ],
    ))
}

/// The arguments of `business`'s application for `weeks` weeks of
/// TERMINAL, answered in JSON.
pub(crate) fn apply_args<'a>(business: &'a str, weeks: &'a str) -> Vec<&'a str> {
    let mut args = vec!["apply", "--business", business];
    args.extend(["--exhibition", "TERMINAL", "--weeks", weeks, "--json"]);
    args
}

/// `business`'s application for `weeks` weeks of TERMINAL, as its JSON.
pub(crate) fn apply(db: &Path, business: &str, weeks: &str) -> serde_json::Value {
    serde_json::from_str(&ok(homebiz(db, &apply_args(business, weeks)))).unwrap()
}

/// The example market: the example registry, the channel TERMINAL, the
/// exhibition TERMINAL (at most two weeks a month per business) with the
/// example booths, applications of [`DZS`] and [`ESL`] for two weeks with
/// ESL's approved, and the example orders and offers. The two
/// applications' IDs, DZS's first.
pub(crate) fn example_market(db: &Path) -> [String; 2] {
    load_examples(db);
    add_terminal(db);
    terminal_exhibition(db, &["--monthly-cap", "2"]);
    let ids = [DZS, ESL].map(|business| {
        apply(db, business, "2")["data"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    });
    ok(homebiz(db, &["application", "approve", &ids[1]]));
    import_orders_and_offers(db);
    ids
}

/// The arguments that allocate TERMINAL's booths for `weeks` weeks from
/// 1404-07-12.
pub(crate) fn allocate_args(weeks: &str) -> Vec<&str> {
    let mut args = vec!["exhibition", "allocate", "--exhibition", "TERMINAL"];
    args.extend(["--from", "1404-07-12", "--weeks", weeks]);
    args
}

/// The number of rows in the ledger.
pub(crate) fn ledger_rows(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM ledger", [], |r| r.get(0))
        .unwrap()
}

/// The programme's income report for 1404 as JSON, as the default,
/// unrestricted user sees it.
pub(crate) fn report_1404(db: &Path) -> serde_json::Value {
    let out = ok(homebiz(
        db,
        &["report", "income", "--period", "1404", "--format", "json"],
    ));
    serde_json::from_str(&out).unwrap()
}

/// `sale record` arguments: `business` sells `quantity` through DIGIKALA
/// at `price` rials on `date`, under the key `id`.
pub(crate) fn sale_args<'a>(
    business: &'a str,
    date: &'a str,
    quantity: &'a str,
    price: &'a str,
    id: &'a str,
) -> Vec<&'a str> {
    vec![
        "sale",
        "record",
        "--business",
        business,
        "--channel",
        "DIGIKALA",
        "--date",
        date,
        "--quantity",
        quantity,
        "--unit-price",
        price,
        "--id",
        id,
    ]
}

/// Imports Somayeh Rezaei of URM-DZS-00001 again (Arabic yeh, national ID
/// 0990000001) in another household of the same office, URM-DZS-00002:
/// a likely duplicate, flagged. `dir` holds the file.
pub(crate) fn import_likely_duplicate(db: &Path, dir: &Path) {
    let people = dir.join("again.csv");
    std::fs::write(
        &people,
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
         0990000001,سميه,رضايي,1379/08/21,female,,URM-DZS-00002\n",
    )
    .unwrap();
    ok(homebiz(db, &["import", "people", people.to_str().unwrap()]));
}

/// `linkage` of office URM-DZS over the 12 months to 1404-09-30.
pub(crate) const LINKAGE_DZS: &[&str] = &[
    "linkage",
    "--office",
    "URM-DZS",
    "--months",
    "12",
    "--as-of",
    "1404-09-30",
];

/// `report indicators` of office URM-DZS as of 1404-09-30.
pub(crate) const INDICATORS_DZS: &[&str] = &[
    "report",
    "indicators",
    "--office",
    "URM-DZS",
    "--as-of",
    "1404-09-30",
];

/// `loan schedule` of 100,000,000 rials at 4% over 12 months, paid out on
/// 1404-01-01.
pub(crate) const LOAN_SCHEDULE_1404: &[&str] = &[
    "loan",
    "schedule",
    "--principal",
    "100,000,000",
    "--rate",
    "4%",
    "--months",
    "12",
    "--from",
    "1404-01-01",
];

/// `exhibition schedule` of TERMINAL.
pub(crate) const TERMINAL_SCHEDULE: &[&str] =
    &["exhibition", "schedule", "--exhibition", "TERMINAL"];

/// `mcdm METHOD --matrix MATRIX --weights WEIGHTS --types TYPES`, then
/// `more`.
pub(crate) fn mcdm_args<'a>(
    method: &'a str,
    matrix: &'a str,
    weights: &'a str,
    types: &'a str,
    more: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "mcdm",
        method,
        "--matrix",
        matrix,
        "--weights",
        weights,
        "--types",
        types,
    ];
    args.extend_from_slice(more);
    args
}

/// `loan add --business BUSINESS --principal PRINCIPAL --rate RATE
/// --months MONTHS`, then `more` (`--from`, `--id`, `--json`).
pub(crate) fn loan_add_args<'a>(
    business: &'a str,
    principal: &'a str,
    rate: &'a str,
    months: &'a str,
    more: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "loan",
        "add",
        "--business",
        business,
        "--principal",
        principal,
        "--rate",
        rate,
        "--months",
        months,
    ];
    args.extend_from_slice(more);
    args
}

/// `loan add` of 12,000,000 rials at 0% over 12 months, paid out on
/// 1404-01-10, to `business` under the key `id`, as JSON.
pub(crate) fn loan_json_args<'a>(business: &'a str, id: &'a str) -> Vec<&'a str> {
    loan_add_args(
        business,
        "12,000,000",
        "0%",
        "12",
        &["--from", "1404-01-10", "--id", id, "--json"],
    )
}
