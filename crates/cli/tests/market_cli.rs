//! The market commands end to end on the synthetic example data: channels,
//! an exhibition with its booths, applications and their decisions, an
//! allocation that keeps every rule, the schedule, orders matched to
//! offers, and the linkage indicator; bad input writes nothing.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use common::{
    LINKAGE_DZS, TERMINAL_SCHEDULE, add_digikala, add_terminal, allocate_args, example_data,
    example_file, example_market, fail, homebiz, import_orders_and_offers, load_examples, ok,
    terminal_exhibition,
};
use serde_json::Value;

/// The example registry with the bus-terminal exhibition and its booths.
fn exhibition(db: &Path) {
    load_examples(db);
    add_terminal(db);
    let out = terminal_exhibition(db, &["--limit", "agro_processing=2", "--monthly-cap", "1"]);
    assert_eq!(out.trim(), "TERMINAL: 12 booths");
}

/// The first `n` businesses that may apply for booths (licensed or
/// active).
fn business_codes(n: usize) -> Vec<String> {
    std::fs::read_to_string(example_data().join("businesses.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| l.ends_with(",active") || l.ends_with(",licensed"))
        .take(n)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect()
}

/// The stored schedule of TERMINAL, as JSON.
fn schedule_json(db: &Path) -> Value {
    let schedule: Value =
        serde_json::from_str(&ok(homebiz(db, &[TERMINAL_SCHEDULE, &["--json"]].concat()))).unwrap();
    // The exhibition by code, each booking's business by code with its ID.
    assert_eq!(schedule["exhibition"], "TERMINAL");
    schedule["bookings"].clone()
}

fn apply(db: &Path, business: &str) -> String {
    let v = common::apply(db, business, "3");
    assert_eq!(v["state"], "pending");
    v["data"]["id"].as_str().unwrap().to_owned()
}

#[test]
fn channels_list_and_refuse_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    ok(homebiz(&db, &["init"]));
    ok(homebiz(
        &db,
        &[
            "channel",
            "add",
            "--code",
            "DIGIKALA",
            "--name",
            "Online",
            "--kind",
            "online_marketplace",
            "--commission",
            "9%",
        ],
    ));
    let err = fail(homebiz(
        &db,
        &[
            "channel",
            "add",
            "--code",
            "SHOP",
            "--name",
            "Shop",
            "--kind",
            "consignment_shop",
            "--commission",
            "120%",
        ],
    ));
    assert!(err.contains("invalid commission"), "{err}");
    // Control characters never get in through a text argument.
    for (flag, text) in [
        ("--name", "Shop\u{1b}[2J"),
        ("--name", "Shop\r"),
        ("--location", "Urmia\u{9b}1m"),
    ] {
        let mut args = vec![
            "channel",
            "add",
            "--code",
            "SHOP",
            "--kind",
            "consignment_shop",
        ];
        if flag != "--name" {
            args.extend(["--name", "Shop"]);
        }
        args.extend([flag, text]);
        let err = fail(homebiz(&db, &args));
        assert!(err.contains("contains a control character"), "{err}");
        assert!(!err.contains('\u{1b}') && !err.contains('\u{9b}'));
    }
    // Nor through any argument, a lookup's or a file's name included.
    // (Positions count the `--db FILE` before the command.)
    for (args, expected) in [
        (
            vec!["exhibition", "schedule", "--exhibition", "T\u{1b}]0;x\u{7}"],
            "homebiz: the value of --exhibition contains a control character",
        ),
        (
            vec!["orders", "import", "orders\u{1b}[2J.csv"],
            "homebiz: argument 5 contains a control character",
        ),
        (
            vec!["channel", "list", "--kind\u{1b}[2J"],
            "homebiz: argument 5 (--kind…) contains a control character",
        ),
    ] {
        let out = homebiz(&db, &args);
        assert_eq!(out.status.code(), Some(2), "a usage error");
        let err = fail(out);
        assert_eq!(err.trim_end(), expected);
    }
    let err = fail(homebiz(
        &db,
        &[
            "channel",
            "add",
            "--code",
            "DIGIKALA",
            "--name",
            "Again",
            "--kind",
            "wholesaler",
        ],
    ));
    assert!(err.contains("channel DIGIKALA already exists"), "{err}");
    let list: Value =
        serde_json::from_str(&ok(homebiz(&db, &["channel", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["commission"], "0.09");
    let table = ok(homebiz(&db, &["channel", "list"]));
    assert!(
        table.contains("DIGIKALA") && table.contains("9%"),
        "{table}"
    );
    // An exhibition needs an exhibition channel.
    let err = fail(homebiz(
        &db,
        &[
            "exhibition",
            "create",
            "--code",
            "X",
            "--name",
            "X",
            "--channel",
            "DIGIKALA",
        ],
    ));
    assert!(err.contains("not an exhibition"), "{err}");
}

#[test]
fn applications_allocation_and_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    exhibition(&db);
    let businesses = business_codes(30);
    let apps: Vec<String> = businesses.iter().map(|b| apply(&db, b)).collect();
    // A second live application of the same business is refused.
    let err = fail(homebiz(
        &db,
        &[
            "apply",
            "--business",
            &businesses[0],
            "--exhibition",
            "TERMINAL",
        ],
    ));
    assert!(err.contains("already has a live application"), "{err}");
    for app in &apps[..26] {
        ok(homebiz(&db, &["application", "approve", app]));
    }
    ok(homebiz(&db, &["application", "waitlist", &apps[26]]));
    let err = fail(homebiz(&db, &["application", "reject", &apps[27]]));
    assert!(err.contains("a rejection needs a reason"), "{err}");
    let out = ok(homebiz(
        &db,
        &[
            "application",
            "reject",
            &apps[27],
            "--reason",
            "no health certificate",
        ],
    ));
    assert!(out.contains("pending → rejected"), "{out}");
    let err = fail(homebiz(&db, &["application", "approve", &apps[27]]));
    assert!(
        err.contains("illegal application transition from rejected to approved"),
        "{err}"
    );

    let mut allocate = allocate_args("6");
    allocate.push("--json");
    let out = ok(homebiz(&db, &allocate));
    let a: Value = serde_json::from_str(&out).unwrap();
    let bookings = a["bookings"].as_array().unwrap();
    assert!(!bookings.is_empty());
    // The rules, read back from the JSON.
    let mut slots = BTreeSet::new();
    let mut business_weeks = BTreeSet::new();
    let mut per_month: HashMap<(String, String), u32> = HashMap::new();
    let mut agro: HashMap<String, u32> = HashMap::new();
    let approved: BTreeSet<&str> = apps[..26].iter().map(String::as_str).collect();
    for b in bookings {
        let week = b["week"]["start"].as_str().unwrap().to_owned();
        assert!(slots.insert((b["booth"].as_str().unwrap().to_owned(), week.clone())));
        let business = b["business"]["code"].as_str().unwrap().to_owned();
        assert!(business_weeks.insert((business.clone(), week.clone())));
        *per_month
            .entry((business, week[..7].to_owned()))
            .or_default() += 1;
        if b["category"] == "agro_processing" {
            *agro.entry(week).or_default() += 1;
        }
        assert!(approved.contains(b["application"].as_str().unwrap()));
    }
    assert!(per_month.values().all(|&n| n <= 1), "monthly cap");
    assert!(agro.values().all(|&n| n <= 2), "weekly limit");
    let waiting = a["waitlist"].as_array().unwrap();
    for w in waiting {
        assert!(w["reason"]["kind"].is_string());
    }

    // The readable schedule: one row per week, a column per booth.
    let schedule = ok(homebiz(&db, TERMINAL_SCHEDULE));
    assert!(
        schedule.contains("B-01") && schedule.contains("B-12"),
        "{schedule}"
    );
    assert!(
        schedule.contains("1404-07-12") && schedule.contains("1404-08-17"),
        "{schedule}"
    );
    assert!(schedule.contains(&businesses[0][..8]), "{schedule}");
    let stored = schedule_json(&db);
    assert_eq!(stored.as_array().unwrap().len(), bookings.len());

    // Allocating the same weeks again replaces the bookings, and the table
    // explains each.
    let table = ok(homebiz(&db, &allocate_args("6")));
    assert!(table.contains("points: booking 100"), "{table}");
    assert!(
        table.contains(&format!("{} bookings over 6 weeks", bookings.len())),
        "{table}"
    );
}

/// A business in training has no licence: it may not apply for booths.
#[test]
fn unlicensed_business_cannot_apply() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    exhibition(&db);
    let training = std::fs::read_to_string(example_data().join("businesses.csv"))
        .unwrap()
        .lines()
        .find(|l| l.ends_with(",in_training"))
        .map(|l| l.split(',').next().unwrap().to_owned())
        .unwrap();
    let err = fail(homebiz(
        &db,
        &["apply", "--business", &training, "--exhibition", "TERMINAL"],
    ));
    assert!(
        err.contains(&format!("{training} is in_training"))
            && err.contains("only licensed and active businesses may apply"),
        "{err}"
    );
}

#[test]
fn booths_holding_bookings_cannot_be_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    exhibition(&db);
    for business in business_codes(4) {
        let app = apply(&db, &business);
        ok(homebiz(&db, &["application", "approve", &app]));
    }
    let mut allocate = allocate_args("2");
    allocate.push("--json");
    let a: Value = serde_json::from_str(&ok(homebiz(&db, &allocate))).unwrap();
    // JSON names each business by code with its ID beside.
    assert_eq!(a["exhibition"]["code"], "TERMINAL");
    assert!(a["exhibition"]["id"].is_string(), "{a}");
    for b in a["bookings"].as_array().unwrap() {
        let code = b["business"]["code"].as_str().unwrap();
        assert!(business_codes(4).iter().any(|c| c == code), "{b}");
        assert!(b["business"]["id"].as_str().is_some(), "{b}");
    }
    let mut booked: Vec<String> = a["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["booth"].as_str().unwrap().to_owned())
        .collect();
    booked.sort();
    booked.dedup();
    assert!(!booked.is_empty());
    // A file without the booked booths is refused, naming them.
    let text = std::fs::read_to_string(example_file("booths.csv")).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !booked.iter().any(|b| l.contains(&format!(",{b},"))))
        .collect();
    let fewer = dir.path().join("booths.csv");
    std::fs::write(&fewer, kept.join("\n")).unwrap();
    let before = ok(homebiz(&db, TERMINAL_SCHEDULE));
    let err = fail(homebiz(
        &db,
        &["exhibition", "booths", "import", fewer.to_str().unwrap()],
    ));
    assert!(
        err.contains(&format!(
            "booths.csv: exhibition TERMINAL has bookings on booths {} that the file leaves out",
            booked.join(", ")
        )),
        "{err}"
    );
    assert_eq!(ok(homebiz(&db, TERMINAL_SCHEDULE)), before);
    // A booked booth that would no longer accept its bookings' category is
    // refused, naming the row, the booth and the category.
    let first = &a["bookings"][0];
    let (booth, category) = (
        first["booth"].as_str().unwrap(),
        first["category"].as_str().unwrap(),
    );
    let other = if category == "aquaculture" {
        "handicrafts"
    } else {
        "aquaculture"
    };
    let mut row = 0;
    let changed: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if l.contains(&format!(",{booth},")) {
                row = i + 1;
                let cells: Vec<&str> = l.split(',').collect();
                format!("{},{},{},{other}", cells[0], cells[1], cells[2])
            } else {
                l.to_owned()
            }
        })
        .collect();
    let narrower = dir.path().join("narrower.csv");
    std::fs::write(&narrower, changed.join("\n")).unwrap();
    let err = fail(homebiz(
        &db,
        &["exhibition", "booths", "import", narrower.to_str().unwrap()],
    ));
    assert!(
        err.contains(&format!(
            "narrower.csv: row {row}, column accepts: booth {booth} has bookings for {category}"
        )),
        "{err}"
    );
    // In Persian, the category by its Persian name (#14).
    let err = fail(homebiz(
        &db,
        &[
            "--lang",
            "fa",
            "exhibition",
            "booths",
            "import",
            narrower.to_str().unwrap(),
        ],
    ));
    let named = category
        .parse::<homebiz::core::category::Category>()
        .unwrap()
        .name(homebiz::core::Lang::Fa);
    assert!(
        err.ends_with(&format!(
            "غرفهٔ {booth} نوبت‌هایی برای {named} دارد که دیگر آن‌ها را نمی‌پذیرد\n"
        )),
        "{err}"
    );
    // An exhibition that does not exist is named by row and column.
    let unknown = dir.path().join("unknown.csv");
    std::fs::write(
        &unknown,
        "exhibition,code,size,accepts\nTERMINLA,Z-1,small,\n",
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["exhibition", "booths", "import", unknown.to_str().unwrap()],
    ));
    assert!(
        err.contains("unknown.csv: row 2, column exhibition: no exhibition with this code"),
        "{err}"
    );
    // The same booths again are fine.
    let out = ok(homebiz(
        &db,
        &[
            "exhibition",
            "booths",
            "import",
            &example_file("booths.csv"),
        ],
    ));
    assert_eq!(out.trim(), "TERMINAL: 12 booths");
}

#[test]
fn bad_booth_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    exhibition(&db);
    let bad = dir.path().join("booths.csv");
    std::fs::write(
        &bad,
        "exhibition,code,size,accepts\nTERMINAL,Z-1,small,\nTERMINAL,Z-2,small,food\n",
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["exhibition", "booths", "import", bad.to_str().unwrap()],
    ));
    assert!(
        err.contains("booths.csv: row 3, column accepts: expected one of"),
        "{err}"
    );
    assert!(schedule_json(&db).as_array().unwrap().is_empty());
    let out = ok(homebiz(&db, TERMINAL_SCHEDULE));
    assert!(out.contains("no bookings"), "{out}");
}

#[test]
fn orders_offers_match_and_linkage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    exhibition(&db);
    let out = ok(homebiz(
        &db,
        &["orders", "import", &example_file("orders.csv")],
    ));
    assert!(
        out.contains("imported ") && out.contains("8 rows, 8 orders created, 0 existing"),
        "{out}"
    );
    // The same file again adds nothing, and succeeds.
    let out = ok(homebiz(
        &db,
        &["orders", "import", &example_file("orders.csv")],
    ));
    assert!(
        out.contains("8 rows, 0 orders created, 8 existing"),
        "{out}"
    );
    // A code imported before, with other content, is a conflict: the row
    // and the column are named and nothing is written.
    let changed = dir.path().join("orders.csv");
    let text = std::fs::read_to_string(example_file("orders.csv")).unwrap();
    std::fs::write(
        &changed,
        format!("{text}NEW-1,Bakery,agro_processing,,5,kg,100000,1404-09-01\n").replacen(
            ",173,jar,",
            ",174,jar,",
            1,
        ),
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["orders", "import", changed.to_str().unwrap()],
    ));
    assert!(
        err.contains("row 2, column quantity: differs from the order SCHOOL-7 already recorded"),
        "{err}"
    );
    // A code twice in one file with other content, too.
    std::fs::write(
        &changed,
        "code,buyer,category,quantity,unit,price_ceiling,due\n\
         NEW-1,Bakery,agro_processing,5,kg,100000,1404-09-01\n\
         NEW-1,Bakery,agro_processing,5,kg,100000,1404-09-02\n",
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["orders", "import", changed.to_str().unwrap()],
    ));
    assert!(
        err.contains("row 3, column due: differs from the order NEW-1 of row 2 of this file"),
        "{err}"
    );
    // An order's or offer's activity must be in the catalog, in its
    // category.
    std::fs::write(
        &changed,
        "code,buyer,category,activity,quantity,unit,price_ceiling,due\n\
         NEW-1,Bakery,handicrafts,pickles,5,kg,100000,1404-09-01\n",
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["orders", "import", changed.to_str().unwrap()],
    ));
    assert!(
        err.contains(
            "row 2, column activity: the activity is in category agro_processing, not handicrafts"
        ),
        "{err}"
    );
    let offers = dir.path().join("offers-bad.csv");
    let first_business = business_codes(1).remove(0);
    std::fs::write(
        &offers,
        format!(
            "business,category,activity,capacity,unit_price\n\
             {first_business},agro_processing,pikles,5,100000\n"
        ),
    )
    .unwrap();
    let err = fail(homebiz(
        &db,
        &["offers", "import", offers.to_str().unwrap()],
    ));
    assert!(
        err.contains("row 2, column activity: not an activity of the catalog"),
        "{err}"
    );
    let m: Value = serde_json::from_str(&ok(homebiz(&db, &["orders", "match", "--json"]))).unwrap();
    assert!(
        !m.to_string().contains("NEW-1"),
        "nothing of a refused file is written"
    );
    let out = ok(homebiz(
        &db,
        &["offers", "import", &example_file("offers.csv")],
    ));
    assert!(out.contains(" existing, 0 replaced"), "{out}");
    // Again: nothing new, nothing replaced.
    let again = ok(homebiz(
        &db,
        &["offers", "import", &example_file("offers.csv")],
    ));
    assert!(again.contains(" 0 created, "), "{again}");
    assert!(again.contains(" existing, 0 replaced"), "{again}");
    let bad = dir.path().join("offers.csv");
    std::fs::write(
        &bad,
        "business,category,capacity,unit_price\nNO-SUCH-B1,handicrafts,5,100000\n",
    )
    .unwrap();
    let err = fail(homebiz(&db, &["offers", "import", bad.to_str().unwrap()]));
    assert!(err.contains("row 2, column business: business "), "{err}");

    let m: Value = serde_json::from_str(&ok(homebiz(&db, &["orders", "match", "--json"]))).unwrap();
    let fills = m["fills"].as_array().unwrap();
    let unmet = m["unmet"].as_array().unwrap();
    assert!(!fills.is_empty());
    assert!(!unmet.is_empty(), "some demand is unmet");
    // Each producer with its activity code (#14).
    assert!(
        fills
            .iter()
            .all(|f| f["activity"].as_str().is_some_and(|a| !a.is_empty())),
        "{m}"
    );
    let table = ok(homebiz(&db, &["orders", "match"]));
    assert!(table.contains("unmet demand"), "{table}");
    let activity = fills[0]["activity"].as_str().unwrap();
    assert!(
        table.contains("activity") && table.contains(activity),
        "{table}"
    );

    // Linkage: producers with a fill are linked; the rest are listed.
    let report: Value =
        serde_json::from_str(&ok(homebiz(&db, &[LINKAGE_DZS, &["--json"]].concat()))).unwrap();
    let office = &report["offices"][0];
    let linked = office["linked"].as_u64().unwrap();
    assert!(linked > 0);
    assert_eq!(
        linked + office["unlinked"].as_array().unwrap().len() as u64,
        office["businesses"].as_u64().unwrap()
    );
    let text = ok(homebiz(&db, LINKAGE_DZS));
    assert!(text.contains("business without a channel"), "{text}");
    assert!(
        text.contains("by order") && text.contains("URM-DZS"),
        "{text}"
    );
}

/// The linkage indicator counts every way a business reached a buyer in the
/// window — a ledger sale through a channel, a booth-week, an order fill —
/// and the figure is recomputed here from the raw sales file, the stored
/// schedule and the fills, office by office (issue #13: sales through a
/// channel were not counted).
#[test]
fn linkage_counts_sales_through_channels() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    exhibition(&db);
    add_digikala(&db);
    let app = apply(&db, "URM-DZS-00002-B1");
    ok(homebiz(&db, &["application", "approve", &app]));
    ok(homebiz(&db, &allocate_args("13")));
    import_orders_and_offers(&db);
    let matching: Value =
        serde_json::from_str(&ok(homebiz(&db, &["orders", "match", "--json"]))).unwrap();
    ok(homebiz(
        &db,
        &["sales", "import", &example_file("sales.csv")],
    ));
    let report: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &[
            "linkage",
            "--office",
            "URM",
            "--months",
            "3",
            "--as-of",
            "1404-09-30",
            "--json",
        ],
    )))
    .unwrap();

    // The raw records, by business ID.
    let businesses: Value = serde_json::from_str(&ok(homebiz(
        &db,
        &["business", "list", "--office", "URM", "--json"],
    )))
    .unwrap();
    let mut ids = HashMap::new();
    let mut office_of = HashMap::new();
    for b in businesses.as_array().unwrap() {
        let id = b["id"].as_str().unwrap().to_owned();
        ids.insert(b["code"].as_str().unwrap().to_owned(), id.clone());
        office_of.insert(id, b["office"]["id"].as_str().unwrap().to_owned());
    }
    let in_window = |day: &str| ("1404-07-01"..="1404-09-30").contains(&day);
    let mut sold = BTreeSet::new();
    let sales = std::fs::read_to_string(example_data().join("sales.csv")).unwrap();
    for line in sales.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (business, channel, day) = (cells[1], cells[2], cells[3]);
        if !channel.is_empty() && in_window(day) {
            sold.insert(ids[business].clone());
        }
    }
    let schedule = schedule_json(&db);
    let mut linked = sold.clone();
    let mut booked = BTreeSet::new();
    for b in schedule.as_array().unwrap() {
        if in_window(b["week"].as_str().unwrap()) {
            booked.insert(b["business"]["id"].as_str().unwrap().to_owned());
        }
    }
    linked.extend(booked.iter().cloned());
    for f in matching["fills"].as_array().unwrap() {
        if in_window(f["due"].as_str().unwrap()) {
            linked.insert(f["business"]["id"].as_str().unwrap().to_owned());
        }
    }
    assert!(!sold.is_empty() && !booked.is_empty());

    let offices = report["offices"].as_array().unwrap();
    // Offices by code, with the ID beside.
    assert!(offices.iter().any(|o| o["office"] == "URM-DZS"), "{report}");
    assert_eq!(report["office"], "URM");
    assert!(offices.iter().all(|o| o["office_id"].is_string()));
    let mut sale_linked = 0;
    for o in offices {
        let office = o["office_id"].as_str().unwrap();
        let mine: BTreeSet<&String> = office_of
            .iter()
            .filter(|(_, of)| *of == office)
            .map(|(id, _)| id)
            .collect();
        let expected_unlinked: BTreeSet<&String> = mine
            .iter()
            .copied()
            .filter(|id| !linked.contains(*id))
            .collect();
        let unlinked: BTreeSet<&String> = o["unlinked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                // By code, with the ID beside.
                assert_eq!(ids[v["code"].as_str().unwrap()], v["id"].as_str().unwrap());
                ids.values()
                    .find(|id| *id == v["id"].as_str().unwrap())
                    .unwrap()
            })
            .collect();
        assert_eq!(unlinked, expected_unlinked, "office {office}");
        assert_eq!(
            o["linked"].as_u64().unwrap() as usize,
            mine.len() - expected_unlinked.len()
        );
        let sold_here = mine.iter().filter(|id| sold.contains(**id)).count();
        assert_eq!(o["by_kind"]["sale"].as_u64().unwrap() as usize, sold_here);
        sale_linked += sold_here;
    }
    assert_eq!(sale_linked, sold.len(), "every seller is in an office");

    // The table names the channel kinds.
    let text = ok(homebiz(
        &db,
        &[
            "linkage",
            "--office",
            "URM",
            "--months",
            "3",
            "--as-of",
            "1404-09-30",
        ],
    ));
    assert!(
        text.contains("by sale") && text.contains("online marketplace"),
        "{text}"
    );
}

/// The walkthrough's three runs (issue #14): Mehr, the first week of Aban,
/// then four weeks of Aban. URM-DZS-00006-B1 applied for 2 weeks under a
/// monthly cap of 2 and had been given 5, 3 of them in Aban; the weeks held
/// from earlier runs now count.
#[test]
fn allocating_window_after_window_counts_the_weeks_held() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite");
    example_market(&db);
    let business = "URM-DZS-00006-B1";
    let app = common::apply(&db, business, "2")["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(homebiz(&db, &["application", "approve", &app]));
    for (from, weeks) in [
        ("1404-07-12", "3"),
        ("1404-08-03", "1"),
        ("1404-08-10", "4"),
    ] {
        let args = ["exhibition", "allocate", "--exhibition", "TERMINAL"];
        ok(homebiz(
            &db,
            &[&args[..], &["--from", from, "--weeks", weeks]].concat(),
        ));
    }
    let mut per_month: HashMap<String, HashMap<String, u32>> = HashMap::new();
    for b in schedule_json(&db).as_array().unwrap() {
        let code = b["business"]["code"].as_str().unwrap().to_owned();
        let month = b["week"].as_str().unwrap()[..7].to_owned();
        *per_month.entry(code).or_default().entry(month).or_default() += 1;
    }
    let mine = &per_month[business];
    assert_eq!(mine.values().sum::<u32>(), 2, "{mine:?}");
    // Every business: at most 2 weeks (all applied for 2), 2 a month.
    for (code, months) in &per_month {
        assert!(months.values().sum::<u32>() <= 2, "{code}: {months:?}");
        assert!(months.values().all(|&n| n <= 2), "{code}: {months:?}");
    }
}
