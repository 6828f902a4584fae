//! Runs the `homebiz` binary as a user would.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::{Command, Output};

fn homebiz(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .args(args)
        .env_remove("HOMEBIZ_DB")
        .output()
        .expect("run homebiz")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

#[test]
fn version_prints_the_crate_version() {
    let out = homebiz(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        format!("homebiz {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn gregorian_to_jalali_and_back() {
    let out = homebiz(&["date", "2025-03-21"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "1404-01-01\n");

    let out = homebiz(&["date", "1404-01-01"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "2025-03-21\n");

    let out = homebiz(&["date", "۱۴۰۳/۱۲/۳۰"]);
    assert_eq!(stdout(&out), "2025-03-20\n");

    // Forcing the calendar: Gregorian 1 January 1404 falls in Dey 782.
    let out = homebiz(&["date", "--from", "gregorian", "1404-01-01"]);
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("0782-10-"), "{}", stdout(&out));
    let out = homebiz(&["date", "--from", "jalali", "1404/1/1"]);
    assert_eq!(stdout(&out), "2025-03-21\n");
}

#[test]
fn json_has_both_dates_and_names() {
    let out = homebiz(&["date", "2025-03-21", "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["jalali"], "1404-01-01");
    assert_eq!(json["gregorian"], "2025-03-21");
    assert_eq!(json["input_calendar"], "gregorian");
    assert_eq!(json["weekday"]["en"], "Friday");
    assert_eq!(json["weekday"]["fa"], "جمعه");
    assert_eq!(json["jalali_month"]["fa"], "فروردین");
    assert_eq!(json["jalali_month"]["en"], "Farvardin");
    assert_eq!(json["gregorian_month"], "March");
}

#[test]
fn a_bad_date_is_one_line_and_non_zero() {
    for bad in [
        "1402-12-30",
        "2025-02-30",
        "yesterday",
        "1404-13-01",
        "70/5/20",
        "۷۰/۵/۲۰",
    ] {
        let out = homebiz(&["date", bad]);
        assert!(!out.status.success(), "{bad}");
        assert!(out.stdout.is_empty(), "{bad}");
        let err = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(err.lines().count(), 1, "{bad}: {err}");
        assert!(err.starts_with("homebiz: invalid date: "), "{bad}: {err}");
    }
}
