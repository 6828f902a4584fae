//! JSON names the records it references by code with the ID beside
//! (issue #14): no office, household, business, channel, exhibition or
//! partner field holds a bare UUID. Every command that writes JSON
//! (`--json`, or `--format json`), found from the command tree's `--help`
//! so that a new one cannot be left out, runs on the seeded database of
//! `common::script`; in its JSON every UUID sits beside its record's code,
//! or is one of the IDs of records that have no code ([`NO_CODE`], each
//! with its reason), and no national ID, mobile or person's name appears
//! unless `--personal` asks for them.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use common::prose::{leaves, uuid};
use common::script::{Expect, leaf_of, outcome, run, script, with_ids};
use common::{
    DZS, add_digikala, allocate_args, example_file, example_market, homebiz,
    import_likely_duplicate, load_examples, loan_json_args, ok,
};
use serde_json::Value;

/// The fields that reference another record.
const REFERENCES: &[&str] = &[
    "office",
    "parent",
    "household",
    "business",
    "channel",
    "exhibition",
    "partner",
];

/// Whether `text` is a UUID (8-4-4-4-12 hex digits).
fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The paths in `value` of reference fields holding a bare UUID, or an
/// object with an ID but no code.
fn bare_references(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                bare_references(item, &format!("{path}[{i}]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                let at = format!("{path}.{key}");
                // `business_id` beside `business` or `business_code` (a
                // code) is named.
                let (name, coded) = match key.strip_suffix("_id") {
                    Some(name) => (
                        name,
                        [name.to_owned(), format!("{name}_code")].iter().any(|n| {
                            fields
                                .get(n)
                                .and_then(Value::as_str)
                                .is_some_and(|code| !is_uuid(code))
                        }),
                    ),
                    None => (key.as_str(), false),
                };
                if REFERENCES.contains(&name) && !coded {
                    let bare = match field {
                        Value::String(text) => is_uuid(text),
                        Value::Object(inner) => {
                            inner.get("id").is_some() && inner.get("code").is_none()
                        }
                        _ => false,
                    };
                    if bare {
                        found.push(at.clone());
                    }
                }
                bare_references(field, &at, found);
            }
        }
        _ => {}
    }
}

#[test]
fn lists_name_offices_and_households_by_code_with_the_id_beside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.sqlite");
    load_examples(&db);
    import_likely_duplicate(&db, dir.path());
    for args in [
        &["office", "list", "--json"][..],
        &["household", "list", "--office", "URM", "--json"],
        &["business", "list", "--office", "URM", "--json"],
        &["household", "show", "URM-DZS-00001", "--json"],
        &["business", "show", "URM-DZS-00001-B1", "--json"],
        &["person", "show", "0010000011", "--json"],
        &["person", "show", "0010000011", "--json", "--personal"],
        &["person", "find", "--national-id", "0010000011", "--json"],
        &["find", "people", "سمیه", "--json"],
        &["find", "households", "--address", "کوچه 20", "--json"],
        &["list", "duplicates", "--json"],
        &["duplicates", "list", "--state", "all", "--json"],
    ] {
        let out: Value = serde_json::from_str(&ok(homebiz(&db, args))).unwrap();
        let mut bare = Vec::new();
        bare_references(&out, "", &mut bare);
        assert!(bare.is_empty(), "{args:?}: {bare:?}");
        assert!(
            out.to_string().contains(r#"{"code":"URM-"#),
            "{args:?}: {out}"
        );
    }
    let out: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["business", "list", "--office", "URM-DZS", "--json"],
    )))
    .unwrap();
    assert_eq!(out[0]["household"]["code"], "URM-DZS-00001");
    assert_eq!(out[0]["code"], "URM-DZS-00001-B1");
}

#[test]
fn a_bare_uuid_is_found() {
    let mut bare = Vec::new();
    let value = serde_json::json!({
        "office": {"code": "URM", "id": "01a23347-2abc-722f-b98f-0ba1786be563"},
        "rows": [{"household": "01a23347-2b5c-73ea-b44a-b7dcc0cbce3b"}],
        "business": {"id": "01a23347-2e37-758c-bd3f-952c0aaf7f8a"},
    });
    bare_references(&value, "", &mut bare);
    assert_eq!(bare, [".business", ".rows[0].household"]);
}

#[test]
fn market_and_ledger_json_name_what_they_reference_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    example_market(&db);
    add_digikala(&db);
    ok(homebiz(&db, &allocate_args("4")));
    ok(homebiz(
        &db,
        &["sales", "import", &example_file("sales.csv")],
    ));
    ok(homebiz(&db, &loan_json_args(DZS, "L-1")));
    for args in [
        &["channel", "list", "--json"][..],
        &["list", "exhibitions", "--json"],
        &["list", "applications", "--exhibition", "TERMINAL", "--json"],
        &["list", "orders", "--json"],
        &["list", "offers", "--json"],
        &["list", "partners", "--json"],
        &[
            "exhibition",
            "schedule",
            "--exhibition",
            "TERMINAL",
            "--json",
        ],
        &["orders", "match", "--json"],
        &["linkage", "--office", "URM", "--months", "3", "--json"],
        &["list", "statement", "--business", DZS, "--json"],
        &["loan", "show", "L-1", "--json"],
        &["report", "income", "--period", "1404", "--format", "json"],
        &[
            "report",
            "indicators",
            "--office",
            "URM-DZS",
            "--as-of",
            "1404-09-30",
            "--json",
        ],
    ] {
        let out: Value = serde_json::from_str(&ok(homebiz(&db, args))).unwrap();
        let mut bare = Vec::new();
        bare_references(&out, "", &mut bare);
        assert!(bare.is_empty(), "{args:?}: {bare:?}");
    }
}

/// How a command asks for JSON, from its English `--help`: `--json`, or
/// `--format json` when its `--format` takes `json`; `None` when it
/// writes no JSON.
fn json_option(leaf: &str) -> Option<&'static [&'static str]> {
    let out = Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .args(leaf.split(' '))
        .arg("--help")
        .env_remove("HOMEBIZ_LANG")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    // The options' entries and what follows each up to the next entry.
    let mut entries: Vec<String> = Vec::new();
    for line in help.lines() {
        let t = line.trim_start();
        if t.starts_with('-') {
            entries.push(t.to_owned());
        } else if let Some(last) = entries.last_mut() {
            last.push(' ');
            last.push_str(t);
        }
    }
    let named = |option: &str| {
        entries.iter().find(|e| {
            let name = e.split("  ").next().unwrap_or("");
            name.split([',', ' ']).any(|w| w == option)
        })
    };
    if named("--json").is_some() {
        return Some(&["--json"]);
    }
    match named("--format") {
        Some(entry) if entry.contains("json") => Some(&["--format", "json"]),
        _ => None,
    }
}

/// The IDs of records that have no code, which JSON may give bare: the
/// command (`*` for any), the field's path (indices left out, `[]` for an
/// array's items), and why it has no code.
const NO_CODE: &[(&str, &str, &str)] = &[
    // Who acted: a user's ID. A configured user's login is beside it
    // (`by_user`, `user`) where the view has one; the programme's own
    // actor (no `--user`) has no login.
    ("*", ".by", USER),
    ("*", "[].by", USER),
    ("*", ".data.by", USER),
    ("*", ".loan.by", USER),
    ("*", ".bookings[].by", USER),
    ("*", ".lines[].by", USER),
    ("*", ".resolution.by", USER),
    ("*", "[].resolution.by", USER),
    ("*", ".entries[].actor", USER),
    ("*", ".transition.by", USER),
    ("*", ".reversal.by", USER),
    // People: found by national ID, which is personal (only with
    // `--personal`), so they have no code to print.
    ("person find", ".id", PERSON),
    ("*", ".person.id", PERSON),
    ("*", "[].person.id", PERSON),
    ("*", ".members[].id", PERSON),
    ("*", ".household.members[].id", PERSON),
    ("*", "[].members[].id", PERSON),
    ("*", "[].people[].person.id", PERSON),
    ("*", "[].people[].person", PERSON),
    ("*", ".person.person.id", PERSON),
    ("*", "[].person.person.id", PERSON),
    ("*", ".resembles.person.id", PERSON),
    ("*", "[].resembles.person.id", PERSON),
    ("*", ".business.owner", PERSON),
    ("*", "[].owner", PERSON),
    // Applications: named by their ID, which `application approve` and
    // the others take.
    ("apply", ".data.id", APPLICATION),
    ("list applications", "[].id", APPLICATION),
    ("*", ".transition.application", APPLICATION),
    (
        "exhibition allocate",
        ".bookings[].application",
        APPLICATION,
    ),
    // Ledger entries and loans: named by the caller's key, beside their
    // ID where the entry itself is shown; a reversal names the other
    // entry by ID.
    ("sale record", ".entry.id", ENTRY),
    ("list statement", ".lines[].entry", ENTRY),
    ("list statement", ".lines[].reverses", ENTRY),
    ("list statement", ".lines[].reversed_by", ENTRY),
    ("entry reverse", ".reversal.entry.id", ENTRY),
    ("entry reverse", ".reversal.entry.body.of", ENTRY),
    ("loan add", ".loan.id", ENTRY),
    ("loan show", ".loan.id", ENTRY),
];

/// Why a user's ID may be bare.
const USER: &str = "a user has a login, not a code; the programme's own actor has none";
/// Why a person's ID may be bare.
const PERSON: &str = "a person's key is the national ID, personal data";
/// Why an application's ID may be bare.
const APPLICATION: &str = "an application has no code: its ID is how it is named";
/// Why a ledger entry's or a loan's ID may be bare.
const ENTRY: &str = "an entry or a loan is named by its key, derived into its ID";

/// Whether `text` is a code: a string that is not a UUID.
fn is_code(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_str)
        .is_some_and(|text| !uuid(text))
}

/// The paths in `value` (below `path`, indices left out) of UUIDs that
/// sit beside no code: every UUID value or key but an `id` beside a
/// `code`, a `NAME_id` beside `NAME` or `NAME_code` holding a code, and
/// the IDs
/// [`NO_CODE`] lists for `leaf`.
fn uncoded_ids(leaf: &str, value: &Value, path: &str, found: &mut BTreeSet<String>) {
    let listed = |at: &str| {
        NO_CODE
            .iter()
            .any(|(command, field, _)| (*command == "*" || *command == leaf) && *field == at)
    };
    match value {
        Value::Array(items) => {
            for item in items {
                uncoded_ids(leaf, item, &format!("{path}[]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                let at = format!("{path}.{key}");
                if uuid(key) && !listed(&format!("{path}.*")) {
                    found.insert(format!("{path}.* (a key)"));
                }
                if field.as_str().is_some_and(uuid) {
                    let beside_code = match key.as_str() {
                        "id" => is_code(fields.get("code")),
                        _ => key.strip_suffix("_id").is_some_and(|name| {
                            is_code(fields.get(name))
                                || is_code(fields.get(&format!("{name}_code")))
                        }),
                    };
                    if !beside_code && !listed(&at) {
                        found.insert(at.clone());
                    }
                }
                uncoded_ids(leaf, field, &at, found);
            }
        }
        _ => {}
    }
}

/// The records whose code a field may name: with the ID beside.
const CODED: &[&str] = &["office", "household", "business", "channel", "exhibition"];

/// The codes JSON may give without their IDs: the command (`*` for any),
/// the field's path (indices left out, `[]` for an array's items), and
/// why the ID is not beside.
const NO_ID: &[(&str, &str, &str)] = &[];

/// The paths in `value` (below `path`, indices left out) of fields that
/// name an office, household, business, channel or exhibition by code
/// without its ID beside: a code string in `NAME` (or `NAME_code`) with
/// no `NAME_id` beside, or an object with a `code` and no `id`, unless
/// [`NO_ID`] lists it for `leaf`.
fn codes_without_ids(leaf: &str, value: &Value, path: &str, found: &mut BTreeSet<String>) {
    let listed = |at: &str| {
        NO_ID
            .iter()
            .any(|(command, field, _)| (*command == "*" || *command == leaf) && *field == at)
    };
    match value {
        Value::Array(items) => {
            for item in items {
                codes_without_ids(leaf, item, &format!("{path}[]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                let at = format!("{path}.{key}");
                let name = key.strip_suffix("_code").unwrap_or(key);
                if CODED.contains(&name) && field.get("code").is_some() && field.get("id").is_none()
                {
                    if !listed(&at) {
                        found.insert(at.clone());
                    }
                } else if CODED.contains(&name) && is_code(Some(field)) {
                    let id_beside = fields
                        .get(&format!("{name}_id"))
                        .and_then(Value::as_str)
                        .is_some_and(uuid);
                    if !id_beside && !listed(&at) {
                        found.insert(at.clone());
                    }
                }
                codes_without_ids(leaf, field, &at, found);
            }
        }
        _ => {}
    }
}

#[test]
fn codes_without_ids_are_found() {
    let id = "01a23347-2abc-722f-b98f-0ba1786be563";
    let value = serde_json::json!({
        "office": {"code": "URM", "id": id},
        "business": "URM-1", "business_id": id,
        "office_code": "URM",
        "rows": [{"household": "URM-DZS-00001", "channel": "TERMINAL"}],
        "exhibition": {"code": "T"},
        "name": "TERMINAL",
    });
    let mut found = BTreeSet::new();
    codes_without_ids("x", &value, "", &mut found);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        [
            ".exhibition",
            ".office_code",
            ".rows[].channel",
            ".rows[].household",
        ]
    );
}

#[test]
fn uncoded_ids_are_found() {
    let id = "01a23347-2abc-722f-b98f-0ba1786be563";
    let value = serde_json::json!({
        "office": {"code": "URM", "id": id},
        "business": "URM-1", "business_id": id,
        "office_code": "URM", "office_id": id,
        "rows": [{"household": id, "id": id, "channel_id": id}],
        "by_business": {id: 1},
        "channel": {"id": id, "code": id},
    });
    let mut found = BTreeSet::new();
    uncoded_ids("x", &value, "", &mut found);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        [
            ".by_business.* (a key)",
            ".channel.code",
            ".channel.id",
            ".rows[].channel_id",
            ".rows[].household",
            ".rows[].id",
        ]
    );
}

/// The seeded people, from the example people file and the script's
/// `new_people.csv` in `dir`: their national IDs and mobiles (without the
/// leading 0, so that `+98…` is found too), and their given and family
/// names.
fn personal_values(dir: &Path) -> (Vec<String>, BTreeSet<String>) {
    let mut text = std::fs::read_to_string(common::example_data().join("people.csv")).unwrap();
    let added = std::fs::read_to_string(dir.join("new_people.csv")).unwrap();
    text.extend(added.lines().skip(1).map(|line| format!("{line}\n")));
    let mut identifiers = Vec::new();
    let mut names = BTreeSet::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        identifiers.push(cells[0].to_owned());
        if !cells[5].is_empty() {
            identifiers.push(cells[5][1..].to_owned());
        }
        names.insert(cells[1].to_owned());
        names.insert(cells[2].to_owned());
    }
    (identifiers, names)
}

/// The string values anywhere in `value` that are in `names`.
fn names_in(value: &Value, names: &BTreeSet<String>, found: &mut BTreeSet<String>) {
    match value {
        Value::String(text) if names.contains(text) => {
            found.insert(text.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| names_in(v, names, found)),
        Value::Object(fields) => fields.values().for_each(|v| names_in(v, names, found)),
        _ => {}
    }
}

/// The commands whose JSON is a view of people, which their tables show
/// by name as well: the people's names are in their JSON (their national
/// IDs and mobiles only with `--personal`).
const SHOW_PEOPLE: &[&str] = &[
    "person show",
    "person find",
    "person duplicates",
    "household show",
    "find people",
    "find households",
    "list duplicates",
    "duplicates list",
    "duplicates resolve",
    "person history",
];

/// Extra runs, after the seed's, of what the seed runs in one form only:
/// every kind of export (as CSV in the seed), and the history of a
/// person whose mobile and name were corrected.
fn extra_runs() -> Vec<common::script::Run> {
    let mut runs = vec![
        run(&["person", "edit", "0010000021", "mobile=09141000099"]),
        run(&["person", "edit", "0010000021", "given_name=سکینه‌بانو"]),
        run(&["person", "history", "0010000021"]),
    ];
    for kind in [
        "households",
        "people",
        "businesses",
        "offers",
        "orders",
        "sales",
    ] {
        runs.push(run(&["export", kind, "--office", "URM"]));
    }
    runs
}

#[test]
fn every_command_s_json_names_records_by_code_and_no_person_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("json.sqlite");
    let mut all = BTreeSet::new();
    leaves(&mut Vec::new(), &mut all);
    let with_json: BTreeMap<String, &[&str]> = all
        .iter()
        .filter_map(|leaf| json_option(leaf).map(|option| (leaf.clone(), option)))
        .collect();
    assert!(with_json.len() > 40, "{with_json:?}");

    let mut covered = BTreeSet::new();
    let mut uncoded = Vec::new();
    let mut without_id = Vec::new();
    let mut disclosed = Vec::new();
    let runs = script(dir.path());
    let (identifiers, names) = personal_values(dir.path());
    for r in runs.into_iter().chain(extra_runs()) {
        let args = with_ids(&db, &r.args);
        let leaf = leaf_of(&all, &args);
        let db = r.db.map_or(db.clone(), |d| dir.path().join(d));
        let Some(option) = with_json.get(&leaf).filter(|_| r.expect != Expect::Usage) else {
            // Run as it is, for what later runs need.
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            outcome(homebiz(&db, &args), r.expect, &r.args);
            continue;
        };
        // JSON on stdout: without `--out FILE` or another `--format`.
        let mut json_args: Vec<&str> = Vec::new();
        let mut words = args.iter().map(String::as_str);
        while let Some(word) = words.next() {
            if matches!(word, "--out" | "--format") {
                words.next();
            } else {
                json_args.push(word);
            }
        }
        json_args.extend(option.iter());
        let json_args: Vec<String> = json_args.into_iter().map(str::to_owned).collect();
        let out = outcome(
            homebiz(
                &db,
                &json_args.iter().map(String::as_str).collect::<Vec<_>>(),
            ),
            r.expect,
            &json_args,
        );
        if r.expect != Expect::Succeeds {
            continue;
        }
        covered.insert(leaf.clone());
        let value: Value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{json_args:?}: not JSON ({e}): {out}"));
        let mut found = BTreeSet::new();
        uncoded_ids(&leaf, &value, "", &mut found);
        if !found.is_empty() {
            uncoded.push(format!("{json_args:?}: {found:?}"));
        }
        let mut found = BTreeSet::new();
        codes_without_ids(&leaf, &value, "", &mut found);
        if !found.is_empty() {
            without_id.push(format!("{json_args:?}: {found:?}"));
        }
        let mut shown: BTreeSet<String> = identifiers
            .iter()
            .filter(|v| out.contains(v.as_str()))
            .cloned()
            .collect();
        if !SHOW_PEOPLE.contains(&leaf.as_str()) {
            names_in(&value, &names, &mut shown);
        }
        if !shown.is_empty() {
            disclosed.push(format!("{json_args:?}: {shown:?}"));
        }
    }
    let missed: Vec<&String> = with_json
        .keys()
        .filter(|leaf| !covered.contains(*leaf))
        .collect();
    assert!(missed.is_empty(), "commands not run with JSON: {missed:?}");
    assert!(
        uncoded.is_empty(),
        "UUIDs beside no code:\n{}",
        uncoded.join("\n")
    );
    assert!(
        without_id.is_empty(),
        "codes without their IDs:\n{}",
        without_id.join("\n")
    );
    assert!(
        disclosed.is_empty(),
        "personal values without --personal:\n{}",
        disclosed.join("\n")
    );
}
