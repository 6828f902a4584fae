//! The seeded database and the run of every command on it (issue #14),
//! shared by the tests that walk the whole command tree: `--lang fa` on
//! every command (`lang_all_cli.rs`) and the JSON of every command
//! (`json_refs_cli.rs`).

use std::collections::BTreeSet;
use std::path::Path;

use super::{
    DZS, ESL, INDICATORS_DZS, LINKAGE_DZS, LOAN_SCHEDULE_1404, TERMINAL_SCHEDULE, example_data,
    homebiz, loan_add_args, mcdm_args, ok,
};

/// An example data file's path, as the CLI takes it.
pub(crate) fn data(name: &str) -> String {
    example_data().join(name).to_str().unwrap().to_owned()
}

/// Writes `text` to the file `name` in `dir`; its path.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// How a run must end.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// It succeeds.
    Succeeds,
    /// It fails with one line on stderr.
    Fails,
    /// clap refuses its arguments (exit status 2, its usage on stderr).
    Usage,
}

/// One run: its arguments, how it must end, and the database it runs on
/// when not the seeded one (a file name in the test's folder).
pub(crate) struct Run {
    /// The arguments after `--db DB`.
    pub(crate) args: Vec<String>,
    /// How it must end.
    pub(crate) expect: Expect,
    /// The database of the test's folder it runs on, when not the seeded one.
    pub(crate) db: Option<&'static str>,
}

/// A run that succeeds.
pub(crate) fn run(args: &[&str]) -> Run {
    Run {
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        expect: Expect::Succeeds,
        db: None,
    }
}

/// A run that fails with one line on stderr.
pub(crate) fn refused(args: &[&str]) -> Run {
    Run {
        expect: Expect::Fails,
        ..run(args)
    }
}

/// A run that clap refuses as a usage error.
pub(crate) fn misused(args: &[&str]) -> Run {
    Run {
        expect: Expect::Usage,
        ..run(args)
    }
}

/// A refused run on the database `db` of the test's folder.
pub(crate) fn refused_on(db: &'static str, args: &[&str]) -> Run {
    Run {
        db: Some(db),
        ..refused(args)
    }
}

/// Recording the sale with key `R-1` of `quantity` units.
pub(crate) fn sale_r1(quantity: &str) -> Run {
    let line = format!(
        "sale record --business URM-DZS-00001-B1 --channel DIGIKALA --date 1404-07-10 \
         --quantity {quantity} --unit-price 2,500,000 --id R-1"
    );
    run(&line.split_whitespace().collect::<Vec<_>>())
}

/// A household, a person and a business of the seed that start at the
/// beginning of their lifecycles (applied, planned).
pub(crate) const NEW_HOUSEHOLD: &str = "URM-DZS-09001";
pub(crate) const NEW_BUSINESS: &str = "URM-DZS-09001-B1";

/// The seed and every command, in an order that works; `[IDn]` stands
/// for the n-th application's ID, looked up when the run starts.
pub(crate) fn script(dir: &Path) -> Vec<Run> {
    let new_households = write(
        dir,
        "new_households.csv",
        &format!(
            "code,office_code,address,baseline_income_rial,baseline_survey_date,area_m2,\
             separate_room,registered_on,membership\n\
             {NEW_HOUSEHOLD},URM-DZS,دیزج,50000000,1403/11/04,20,yes,1403-12-05,applied\n"
        ),
    );
    let new_people = write(
        dir,
        "new_people.csv",
        &format!(
            "national_id,given_name,family_name,birth_date,gender,mobile,household_code,skills\n\
             0099999986,مریم,کریمی,1370/01/01,female,09141009999,{NEW_HOUSEHOLD},sewing:advanced\n\
             0099999994,سمیه,رضایی,1379/08/21,female,,URM-DZS-00002,\n"
        ),
    );
    let new_businesses = write(
        dir,
        "new_businesses.csv",
        &format!(
            "code,household_code,owner_national_id,activity,mode,capital_rial,state\n\
             {NEW_BUSINESS},{NEW_HOUSEHOLD},0099999986,sewing,independent,1000000,planned\n"
        ),
    );
    let matrix = write(
        dir,
        "m.csv",
        "activity,a,b,c\nA1,5,8,4\nA2,7,6,8\nA3,8,8,6\n",
    );
    let pairwise = write(
        dir,
        "p.csv",
        "criterion,a,b,c,d\na,1,1,5,2\nb,1,1,3,4\nc,1/5,1/3,1,3/4\nd,1/2,1/4,4/3,1\n",
    );
    let bad_offices = write(
        dir,
        "bad.csv",
        "code,name,level,parent_code\nX-1,,office,URM\n",
    );
    let export = dir.join("export.csv");
    let export = export.to_str().unwrap();
    let chart = dir.join("chart.svg");
    let chart = chart.to_str().unwrap();
    let bad_header = write(
        dir,
        "header.csv",
        "code,nam,level,parent_code\nX-1,x,office,URM\n",
    );
    let missing = dir.join("missing.csv");
    let missing = missing.to_str().unwrap().to_owned();
    let mut runs = vec![
        // The database does not exist yet.
        refused_on("none.sqlite", &["household", "list", "--office", "URM-DZS"]),
        run(&["init"]),
        run(&["import", "offices", &data("offices.csv")]),
        run(&["import", "households", &data("households.csv")]),
        run(&["import", "people", &data("people.csv")]),
        run(&["import", "businesses", &data("businesses.csv")]),
        run(&["import", "households", &new_households]),
        run(&["import", "people", &new_people]),
        run(&["import", "businesses", &new_businesses]),
        refused(&["import", "offices", &bad_offices]),
        // A column not of this file, a file that cannot be opened.
        refused(&["import", "offices", &bad_header]),
        refused(&["import", "offices", &missing]),
        run(&[
            "channel",
            "add",
            "--code",
            "DIGIKALA",
            "--name",
            "بازار برخط",
            "--kind",
            "online_marketplace",
            "--commission",
            "9%",
        ]),
        run(&[
            "channel",
            "add",
            "--code",
            "TERMINAL",
            "--name",
            "پایانه",
            "--kind",
            "permanent_exhibition",
            "--fee",
            "2,000,000",
            "--fee-per",
            "week",
        ]),
        run(&[
            "channel",
            "add",
            "--code",
            "NOWRUZ",
            "--name",
            "بازارچهٔ نوروزی",
            "--kind",
            "seasonal_fair",
            "--from",
            "1404-12-20",
            "--until",
            "1405-01-13",
        ]),
        run(&["office", "list"]),
        run(&["channel", "list"]),
        run(&[
            "exhibition",
            "create",
            "--code",
            "TERMINAL",
            "--name",
            "نمایشگاه پایانه",
            "--channel",
            "TERMINAL",
            "--monthly-cap",
            "2",
        ]),
        run(TERMINAL_SCHEDULE),
        run(&["exhibition", "booths", "import", &data("booths.csv")]),
    ];
    for business in [
        DZS,
        ESL,
        "URM-DZS-00006-B1",
        "URM-DZS-00011-B1",
        "URM-DZS-00015-B1",
    ] {
        runs.push(run(&[
            "apply",
            "--business",
            business,
            "--exhibition",
            "TERMINAL",
            "--weeks",
            "2",
        ]));
    }
    runs.extend([
        // A business that is only planned may not apply.
        refused(&[
            "apply",
            "--business",
            NEW_BUSINESS,
            "--exhibition",
            "TERMINAL",
            "--weeks",
            "2",
        ]),
        // Application IDs: [ID0] … [ID4] are replaced when the run starts.
        run(&["application", "approve", "[ID1]"]),
        run(&["application", "reject", "[ID2]", "--reason", "جا نیست"]),
        run(&["application", "waitlist", "[ID3]"]),
        run(&["application", "withdraw", "[ID4]"]),
        refused(&["application", "approve", "[ID2]"]),
        run(&[
            "exhibition",
            "allocate",
            "--exhibition",
            "TERMINAL",
            "--from",
            "1404-07-12",
            "--weeks",
            "2",
        ]),
        run(TERMINAL_SCHEDULE),
        run(&["orders", "import", &data("orders.csv")]),
        run(&["offers", "import", &data("offers.csv")]),
        run(&["orders", "match"]),
        sale_r1("2"),
        run(&["sales", "import", &data("sales.csv")]),
        run(&["entry", "reverse", "R-1", "--reason", "برگشت کالا"]),
        refused(&["entry", "reverse", "NOPE-1", "--reason", "اشتباه"]),
        // Reversed already; the same key with other content.
        refused(&["entry", "reverse", "R-1", "--reason", "دوباره"]),
        Run {
            expect: Expect::Fails,
            ..sale_r1("3")
        },
        run(LINKAGE_DZS),
        run(&[
            "linkage",
            "--office",
            "URM-TRZ",
            "--months",
            "1",
            "--as-of",
            "1403-01-30",
        ]),
        run(&["report", "income", "--period", "1404", "--by", "business"]),
        run(&[
            "report", "income", "--period", "1404", "--by", "activity", "--out", chart,
        ]),
        run(INDICATORS_DZS),
        run(LOAN_SCHEDULE_1404),
        run(&loan_add_args(
            "URM-DZS-00001-B1",
            "100,000,000",
            "4%",
            "12",
            &["--from", "1404-01-01", "--id", "L-1"],
        )),
        run(&["loan", "show", "L-1", "--as-of", "1404-02-10"]),
        refused(&["loan", "show", "L-E"]),
        run(&["date", "1404-01-01"]),
        // A day that does not exist; clap's own refusals.
        refused(&["date", "1402-12-30"]),
        misused(&["date", "1404-01-01", "--unit", "xx"]),
        misused(&["household", "list", "--bogus"]),
        misused(&["household", "show"]),
        run(&["date", "2025-03-21"]),
        run(&["find", "people", "سمیه"]),
        run(&["find", "households", "--address", "کوچه"]),
        run(&["list", "exhibitions"]),
        run(&["list", "applications", "--exhibition", "TERMINAL"]),
        run(&["list", "orders"]),
        run(&["list", "offers"]),
        run(&["list", "partners"]),
        run(&["list", "statement", "--business", "URM-DZS-00001-B1"]),
        run(&["list", "duplicates"]),
        run(&[
            "export",
            "households",
            "--office",
            "URM-DZS",
            "--out",
            export,
        ]),
        run(&["user", "add", "u1", "--office", "URM-DZS", "--name", "سارا"]),
        run(&["user", "add", "u2", "--all"]),
        run(&["user", "list"]),
        run(&["duplicates", "list"]),
        run(&["person", "duplicates"]),
        run(&[
            "duplicates",
            "resolve",
            "0099999994",
            "different-people",
            "--note",
            "دو نفرند",
        ]),
        refused(&[
            "duplicates",
            "resolve",
            "0099999994",
            "different-people",
            "--note",
            "باز هم",
        ]),
        run(&["duplicates", "list", "--state", "all"]),
        run(&["household", "edit", "URM-DZS-00001", "area_m2=41"]),
        run(&["household", "edit", "URM-DZS-00001", "area_m2=41"]),
        refused(&["household", "edit", "URM-DZS-00001", "area_m2=abc"]),
        refused(&["household", "edit", "URM-DZS-00001", "foo=1"]),
        run(&["household", "pause", "URM-DZS-00001"]),
        run(&["household", "activate", "URM-DZS-00001"]),
        run(&["household", "graduate", "URM-DZS-00001"]),
        run(&["household", "exit", "URM-DZS-00003", "--reason", "کوچ کرد"]),
        run(&["household", "enrol", NEW_HOUSEHOLD]),
        refused(&["household", "enrol", "URM-DZS-00004"]),
        refused(&["household", "show", "NOPE-1"]),
        run(&["household", "show", "URM-DZS-00001"]),
        run(&["household", "list", "--office", "URM-DZS"]),
        run(&["household", "history", "URM-DZS-00001"]),
        run(&["person", "find", "--national-id", "0010000011"]),
        refused(&["person", "find", "--national-id", "0684159415"]),
        refused(&["person", "edit", "0010000011", "national_id=0499370899"]),
        run(&["person", "show", "0010000011"]),
        run(&["person", "edit", "0010000011", "hours_per_week=30"]),
        run(&["person", "history", "0010000011"]),
        // Flagged as a likely duplicate when imported: the event's kind.
        run(&["person", "history", "0099999994"]),
        run(&["business", "edit", "URM-DZS-00001-B1", "capital_rial=1000"]),
        run(&["business", "suspend", "URM-DZS-00001-B1"]),
        run(&["business", "activate", "URM-DZS-00001-B1"]),
        run(&[
            "business",
            "close",
            "URM-DZS-00001-B1",
            "--reason",
            "تعطیل شد",
        ]),
        run(&["business", "train", NEW_BUSINESS]),
        run(&[
            "business",
            "edit",
            NEW_BUSINESS,
            "licence_number=HB-1",
            "licence_issued=1404-01-01",
        ]),
        run(&["business", "license", NEW_BUSINESS]),
        refused(&["business", "train", NEW_BUSINESS]),
        run(&["business", "show", NEW_BUSINESS]),
        run(&["business", "list", "--office", "URM-DZS"]),
        run(&["business", "history", NEW_BUSINESS]),
        run(&["catalog", "list"]),
        run(&["recommend", "--household", "URM-DZS-00010"]),
        run(&["recommend", "--household", NEW_HOUSEHOLD]),
        run(&["plan", "--office", "URM-DZS"]),
        run(&mcdm_args("wsum", &matrix, "1,1,1", "b,b,b", &[])),
        run(&mcdm_args("topsis", &matrix, "1,1,1", "b,c,b", &[])),
        run(&mcdm_args("vikor", &matrix, "1,1,1", "b,c,b", &[])),
        run(&["mcdm", "ahp", "--pairwise", &pairwise]),
        run(&["init"]),
    ]);
    runs
}

/// `args` with each `[IDn]` replaced by the n-th application of TERMINAL
/// (as `list applications` gives them) on `db`.
pub(crate) fn with_ids(db: &Path, args: &[String]) -> Vec<String> {
    let mut args = args.to_vec();
    if !args.iter().any(|a| a.starts_with("[ID")) {
        return args;
    }
    let out = ok(homebiz(
        db,
        &["list", "applications", "--exhibition", "TERMINAL", "--json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    for a in &mut args {
        if let Some(i) = a.strip_prefix("[ID").and_then(|a| a.strip_suffix(']')) {
            *a = ids[i.parse::<usize>().unwrap()].clone();
        }
    }
    args
}

/// The leaf of the command tree `all` that `args` runs: the longest
/// command path it starts with.
pub(crate) fn leaf_of(all: &BTreeSet<String>, args: &[String]) -> String {
    all.iter()
        .filter(|leaf| {
            let words: Vec<&str> = leaf.split(' ').collect();
            args.len() >= words.len() && args[..words.len()] == words[..]
        })
        .max_by_key(|leaf| leaf.len())
        .unwrap_or_else(|| panic!("{args:?} is no command"))
        .clone()
}

/// What a run ended with, checked against `expect`: its stdout when it
/// succeeds, its one line of stderr when it fails, clap's usage when clap
/// refuses it.
pub(crate) fn outcome(out: std::process::Output, expect: Expect, args: &[String]) -> String {
    match expect {
        Expect::Succeeds => ok(out),
        Expect::Fails => super::fail(out),
        Expect::Usage => {
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(out.stdout.is_empty(), "{args:?}");
            String::from_utf8(out.stderr).unwrap()
        }
    }
}
