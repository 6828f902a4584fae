//! The market commands as an office-scoped user (`HOMEBIZ_OFFICE`, issue
//! #14): another office's businesses, applications and bookings cannot be
//! seen or changed, programme records (channels, exhibitions) cannot be
//! written, and what the user writes records who did it.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{TERMINAL_SCHEDULE, example_data, fail, homebiz, homebiz_env, load_examples, ok};
use serde_json::Value;

/// The acting user of office URM-DZS.
const CLERK: &str = "0190a000-0000-7000-8000-0000000000d2";

fn as_dzs(db: &Path, args: &[&str]) -> std::process::Output {
    homebiz_env(
        db,
        &[("HOMEBIZ_OFFICE", "URM-DZS"), ("HOMEBIZ_ACTOR", CLERK)],
        args,
    )
}

fn apply_json(output: std::process::Output) -> Value {
    serde_json::from_str(&ok(output)).unwrap()
}

/// The example registry with the exhibition TERMINAL and its booths.
fn setup(db: &Path) {
    load_examples(db);
    common::add_terminal(db);
    common::terminal_exhibition(db, &[]);
}

#[test]
fn an_office_user_cannot_add_channels_or_exhibitions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    setup(&db);
    let err = fail(as_dzs(
        &db,
        &[
            "channel",
            "add",
            "--code",
            "BAZAR",
            "--name",
            "Bazar",
            "--kind",
            "wholesaler",
        ],
    ));
    assert!(
        err.contains("channels belong to the whole programme"),
        "{err}"
    );
    let err = fail(as_dzs(
        &db,
        &[
            "exhibition",
            "create",
            "--code",
            "FAIR",
            "--name",
            "Fair",
            "--channel",
            "TERMINAL",
        ],
    ));
    assert!(
        err.contains("exhibitions belong to the whole programme"),
        "{err}"
    );
    let err = fail(as_dzs(&db, &common::allocate_args("2")));
    assert!(err.contains("whole programme"), "{err}");
    // Nothing was added; the unrestricted user may add a channel.
    let channels: Value =
        serde_json::from_str(&ok(as_dzs(&db, &["channel", "list", "--json"]))).unwrap();
    assert_eq!(channels.as_array().unwrap().len(), 1);
    ok(homebiz(
        &db,
        &[
            "channel",
            "add",
            "--code",
            "BAZAR",
            "--name",
            "Bazar",
            "--kind",
            "wholesaler",
        ],
    ));
}

#[test]
fn an_office_user_reaches_only_its_own_businesses_and_applications() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    setup(&db);

    // Another office's business is not found, as typed.
    let err = fail(as_dzs(&db, &common::apply_args("URM-ESL-00003-B1", "2")));
    assert!(err.contains("business URM-ESL-00003-B1 not found"), "{err}");
    // Its own applies, recorded as the clerk's.
    let mine = apply_json(as_dzs(&db, &common::apply_args("URM-DZS-00002-B1", "2")));
    assert_eq!(mine["data"]["by"], CLERK);
    let mine = mine["data"]["id"].as_str().unwrap().to_owned();

    // Another office's application cannot be approved or withdrawn.
    let theirs = apply_json(homebiz(&db, &common::apply_args("URM-ESL-00003-B1", "2")));
    let theirs = theirs["data"]["id"].as_str().unwrap().to_owned();
    for step in ["approve", "withdraw"] {
        let err = fail(as_dzs(&db, &["application", step, &theirs]));
        assert!(
            err.contains(&format!("application with ID {theirs} not found")),
            "{err}"
        );
    }
    let listed: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["list", "applications", "--exhibition", "TERMINAL", "--json"],
    )))
    .unwrap();
    let states: Vec<(&str, &str)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["business"].as_str().unwrap(),
                a["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        states.contains(&("URM-ESL-00003-B1", "pending")),
        "{states:?}"
    );

    // Its own it approves; the unrestricted user approves the other and
    // allocates.
    ok(as_dzs(&db, &["application", "approve", &mine]));
    ok(homebiz(&db, &["application", "approve", &theirs]));
    ok(homebiz(&db, &common::allocate_args("2")));

    // The schedule: every booking shows, the other office's without its
    // business.
    let all: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[TERMINAL_SCHEDULE, &["--json"]].concat(),
    )))
    .unwrap();
    let seen_text = ok(as_dzs(&db, &[TERMINAL_SCHEDULE, &["--json"]].concat()));
    let seen: Value = serde_json::from_str(&seen_text).unwrap();
    assert_eq!(
        all["bookings"].as_array().unwrap().len(),
        seen["bookings"].as_array().unwrap().len()
    );
    assert!(all.to_string().contains("URM-ESL-00003-B1"));
    assert!(!seen_text.contains("URM-ESL"), "{seen_text}");
    assert!(seen_text.contains("URM-DZS-00002-B1"), "{seen_text}");
    let table = ok(as_dzs(&db, TERMINAL_SCHEDULE));
    assert!(
        table.contains("(taken)") && !table.contains("URM-ESL"),
        "{table}"
    );

    // Linkage: another office is not found; its own is named by code.
    let err = fail(as_dzs(&db, &["linkage", "--office", "URM-ESL"]));
    assert!(err.contains("office URM-ESL not found"), "{err}");
    let report: Value = serde_json::from_str(&ok(as_dzs(
        &db,
        &["linkage", "--office", "URM-DZS", "--json"],
    )))
    .unwrap();
    assert_eq!(report["offices"][0]["office"], "URM-DZS");
    assert!(!report.to_string().contains("URM-ESL"));
}

/// The last cell of a table's line (`│ a ┆ b │` gives `b`).
fn last_cell(line: &str) -> &str {
    line.trim()
        .trim_end_matches('│')
        .rsplit(['┆', '│'])
        .next()
        .unwrap_or("")
        .trim()
}

/// The table's header and first row (after the header's rule).
fn header_and_first(table: &str) -> (String, String) {
    let mut lines = table.lines().filter(|l| l.contains('┆') || l.contains('│'));
    let header = lines.find(|l| l.contains('┆')).unwrap().to_owned();
    let first = lines.find(|l| l.contains('┆')).unwrap().to_owned();
    (header, first)
}

/// Who did it, by login code (issue #14): booths, bookings, applications,
/// orders and offers written by configured users show the user's code in
/// the tables and as `by_user` beside `by` in the JSON; rows that name a
/// business carry its activity code; an office's user still sees none of
/// another office's applications or offers.
#[test]
fn market_output_names_the_configured_user_and_the_activity() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.sqlite");
    setup(&db);
    ok(homebiz(&db, &["user", "add", "boss", "--all"]));
    ok(homebiz(
        &db,
        &["user", "add", "sara", "--office", "URM-DZS"],
    ));
    let boss = |args: &[&str]| ok(homebiz_env(&db, &[("HOMEBIZ_USER", "boss")], args));
    let sara = |args: &[&str]| ok(homebiz_env(&db, &[("HOMEBIZ_USER", "sara")], args));

    let booths = example_data().join("booths.csv");
    boss(&["exhibition", "booths", "import", booths.to_str().unwrap()]);
    let mine = apply_json(homebiz_env(
        &db,
        &[("HOMEBIZ_USER", "sara")],
        &common::apply_args("URM-DZS-00002-B1", "2"),
    ));
    let sara_id = mine["data"]["by"].as_str().unwrap().to_owned();
    let mine = mine["data"]["id"].as_str().unwrap().to_owned();
    let theirs = apply_json(homebiz(&db, &common::apply_args("URM-ESL-00003-B1", "2")));
    let theirs = theirs["data"]["id"].as_str().unwrap().to_owned();
    sara(&["application", "approve", &mine]);
    boss(&["application", "approve", &theirs]);

    // Applications: sara's own only, with the business's activity.
    let listed: Value = serde_json::from_str(&sara(&[
        "list",
        "applications",
        "--exhibition",
        "TERMINAL",
        "--json",
    ]))
    .unwrap();
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["business"], "URM-DZS-00002-B1");
    assert_eq!(rows[0]["activity"], "dried_fruit");
    assert_eq!(rows[0]["by"], sara_id.as_str());
    assert_eq!(rows[0]["by_user"], "sara");
    let table = sara(&["list", "applications", "--exhibition", "TERMINAL"]);
    let (header, _) = header_and_first(&table);
    assert!(
        header.contains("activity") && last_cell(&header) == "by",
        "{table}"
    );
    assert!(
        table.contains("dried_fruit") && table.contains("sara"),
        "{table}"
    );
    assert!(!table.contains("URM-ESL"), "{table}");

    // Bookings: the allocating user, in the allocation and the schedule.
    let allocated = boss(&common::allocate_args("2"));
    let (header, first) = header_and_first(&allocated);
    assert_eq!(
        (last_cell(&header), last_cell(&first)),
        ("by", "boss"),
        "{allocated}"
    );
    let schedule: Value =
        serde_json::from_str(&sara(&[TERMINAL_SCHEDULE, &["--json"]].concat())).unwrap();
    let bookings = schedule["bookings"].as_array().unwrap();
    assert!(!bookings.is_empty());
    assert!(
        bookings.iter().all(|b| b["by_user"] == "boss"),
        "{schedule}"
    );
    let table = sara(TERMINAL_SCHEDULE);
    let (header, first) = header_and_first(&table);
    assert_eq!(
        (last_cell(&header), last_cell(&first)),
        ("by", "boss"),
        "{table}"
    );

    // Orders and offers.
    let orders = example_data().join("orders.csv");
    boss(&["orders", "import", orders.to_str().unwrap()]);
    let listed: Value = serde_json::from_str(&sara(&["list", "orders", "--json"])).unwrap();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["by_user"] == "boss" && o["code"].is_string()),
        "{listed}"
    );
    let (header, first) = header_and_first(&sara(&["list", "orders"]));
    assert_eq!((last_cell(&header), last_cell(&first)), ("by", "boss"));
    let offers = dir.path().join("offers.csv");
    std::fs::write(
        &offers,
        "business,category,activity,capacity,unit_price,lead_days\n\
         URM-DZS-00002-B1,agro_processing,dried_fruit,10,900000,3\n",
    )
    .unwrap();
    sara(&["offers", "import", offers.to_str().unwrap()]);
    let esl = dir.path().join("esl.csv");
    std::fs::write(
        &esl,
        "business,category,capacity,unit_price\nURM-ESL-00003-B1,handicrafts,5,100000\n",
    )
    .unwrap();
    boss(&["offers", "import", esl.to_str().unwrap()]);
    let listed: Value = serde_json::from_str(&sara(&["list", "offers", "--json"])).unwrap();
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["business_activity"], "dried_fruit");
    assert_eq!(rows[0]["by_user"], "sara");
    let table = sara(&["list", "offers"]);
    let (header, first) = header_and_first(&table);
    assert_eq!(
        (last_cell(&header), last_cell(&first)),
        ("by", "sara"),
        "{table}"
    );
    assert!(!table.contains("URM-ESL"), "{table}");
}
