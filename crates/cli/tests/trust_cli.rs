//! Trust in real use (issue #13): output paths never destroy data, a
//! database is opened only as what it is (read-only for a command that
//! reads; only `init` creates or upgrades the schema), concurrent first
//! opens all succeed, files holding personal data are private, and control
//! characters never reach the terminal raw.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Barrier};

use common::{example_data, fail, homebiz, load_examples, ok};

/// A command that writes to the database.
const ADD_CHANNEL: [&str; 8] = [
    "channel",
    "add",
    "--code",
    "X",
    "--name",
    "X",
    "--kind",
    "consignment_shop",
];

/// A database with the example offices.
fn offices_db(dir: &Path) -> PathBuf {
    let db = dir.join("h.sqlite");
    ok(homebiz(&db, &["init"]));
    let offices = example_data().join("offices.csv");
    ok(homebiz(
        &db,
        &["import", "offices", offices.to_str().unwrap()],
    ));
    db
}

/// An offices file with one good row and one bad one.
fn bad_offices(dir: &Path) -> PathBuf {
    let file = dir.join("offices.csv");
    std::fs::write(
        &file,
        "code,name,level,parent_code\nNEW,New office,province,\nBAD,Bad office,planet,\n",
    )
    .unwrap();
    file
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The commands that write a file the user names, writing to `target`
/// and (all but the last) reading `input`.
fn writers(target: &Path, input: &Path) -> Vec<Vec<String>> {
    let (t, i) = (s(target).to_owned(), s(input).to_owned());
    let own = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    vec![
        own(&[
            "import",
            "offices",
            &i,
            "--on-error",
            "skip",
            "--rejects",
            &t,
        ]),
        own(&[
            "import",
            "offices",
            &i,
            "--dry-run",
            "--on-error",
            "skip",
            "--rejects",
            &t,
        ]),
        own(&["sales", "import", &i, "--on-error", "skip", "--rejects", &t]),
        own(&[
            "report", "income", "--period", "1404", "--format", "svg", "--out", &t,
        ]),
    ]
}

fn run(db: &Path, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    homebiz(db, &args)
}

#[test]
fn no_output_may_be_the_database_its_files_or_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    let input = bad_offices(dir.path());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let link = dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("h.sqlite-journal"), &dangling).unwrap();
    let hard = dir.path().join("hard.sqlite");
    std::fs::hard_link(&db, &hard).unwrap();
    let input_link = dir.path().join("input-link.csv");
    std::os::unix::fs::symlink(&input, &input_link).unwrap();
    let targets = [
        db.clone(),
        dir.path().join("h.sqlite-wal"),
        dir.path().join("h.sqlite-shm"),
        dir.path().join("h.sqlite-journal"),
        dir.path().join("sub/../h.sqlite"),
        dir.path().join("H.SQLITE-JOURNAL"),
        link,
        dangling,
        hard,
        input.clone(),
        input_link,
    ];
    let db_bytes = std::fs::read(&db).unwrap();
    let input_bytes = std::fs::read(&input).unwrap();
    for target in &targets {
        let is_input = target.ends_with("offices.csv") || target.ends_with("input-link.csv");
        let mut commands = writers(target, &input);
        if is_input {
            // `report income` reads no input file.
            commands.pop();
        }
        for args in commands {
            let err = fail(run(&db, &args));
            assert!(
                err.contains("choose another file"),
                "{args:?} wrote to {}: {err}",
                target.display()
            );
            assert_eq!(std::fs::read(&db).unwrap(), db_bytes, "{args:?}");
            assert_eq!(std::fs::read(&input).unwrap(), input_bytes, "{args:?}");
            for sidecar in ["h.sqlite-journal", "H.SQLITE-JOURNAL"] {
                assert!(!dir.path().join(sidecar).exists(), "{args:?}");
            }
        }
    }
    // A relative path is resolved too.
    let out = Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .current_dir(dir.path().join("sub"))
        .args(["--db", "../h.sqlite", "import", "offices", "../offices.csv"])
        .args(["--on-error", "skip", "--rejects", "./../h.sqlite"])
        .output()
        .unwrap();
    assert!(fail(out).contains("choose another file"));
    assert_eq!(std::fs::read(&db).unwrap(), db_bytes);
}

#[test]
fn a_dry_run_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    let input = bad_offices(dir.path());
    let rejects = dir.path().join("rejects.csv");
    let out = ok(homebiz(
        &db,
        &[
            "import",
            "offices",
            s(&input),
            "--dry-run",
            "--on-error",
            "skip",
            "--rejects",
            s(&rejects),
        ],
    ));
    assert!(out.contains("1 created, 0 existing, 1 rejected"), "{out}");
    assert!(!rejects.exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with("h.sqlite"))
        .collect();
    assert_eq!(names, ["offices.csv"]);
}

#[test]
fn rejects_are_written_only_when_a_row_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    let rejects = dir.path().join("rejects.csv");
    let skip = |file: &Path| {
        homebiz(
            &db,
            &[
                "import",
                "offices",
                s(file),
                "--on-error",
                "skip",
                "--rejects",
                s(&rejects),
            ],
        )
    };
    // Nothing to reject: no file.
    let good = example_data().join("offices.csv");
    assert!(ok(skip(&good)).contains("0 rejected"));
    assert!(!rejects.exists());
    // An input that cannot be opened, or whose header is wrong: no file.
    fail(skip(&dir.path().join("missing.csv")));
    assert!(!rejects.exists());
    let headless = dir.path().join("headless.csv");
    std::fs::write(&headless, "code,name\nX,Y\n").unwrap();
    assert!(fail(skip(&headless)).contains("missing column"));
    assert!(!rejects.exists());
    let sales = homebiz(
        &db,
        &[
            "sales",
            "import",
            s(&headless),
            "--on-error",
            "skip",
            "--rejects",
            s(&rejects),
        ],
    );
    fail(sales);
    assert!(!rejects.exists());
    // A rejected row: the file, with the row and its reason.
    assert!(ok(skip(&bad_offices(dir.path()))).contains("1 rejected"));
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(written.lines().count(), 2, "{written}");
    assert!(written.starts_with("code,name,level,parent_code,error\nBAD,"));
}

/// Under skip a conflict is a skipped row: when it is the only one, the
/// rejects file is still written, naming the file, the row and the key.
#[test]
fn a_conflict_alone_is_written_to_the_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    let rejects = dir.path().join("rejects.csv");
    let offices = std::fs::read_to_string(example_data().join("offices.csv")).unwrap();
    let mut lines: Vec<String> = offices.lines().map(str::to_owned).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    let code = cells[0].clone();
    cells[1] = "Renamed office".to_owned();
    lines[1] = cells.join(",");
    let changed = dir.path().join("changed.csv");
    std::fs::write(&changed, lines.join("\n") + "\n").unwrap();
    let out = ok(homebiz(
        &db,
        &[
            "import",
            "offices",
            s(&changed),
            "--on-error",
            "skip",
            "--rejects",
            s(&rejects),
        ],
    ));
    assert!(out.contains("0 rejected, 1 conflict;"), "{out}");
    assert!(out.contains("1 skipped row in"), "{out}");
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(written.lines().count(), 2, "{written}");
    assert!(
        written.contains(&format!(
            "changed.csv: row 2, column name: differs from the office {code}"
        )),
        "{written}"
    );
}

/// Every output goes to a temporary file renamed into place: the old file
/// is never truncated and rewritten (which a failure would leave half
/// written); another name for it (a hard link) keeps the old contents.
#[test]
fn outputs_replace_the_old_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    for (code, kind) in [
        ("TERMINAL", "permanent_exhibition"),
        ("DIGIKALA", "online_marketplace"),
    ] {
        ok(homebiz(
            &db,
            &[
                "channel", "add", "--code", code, "--name", code, "--kind", kind,
            ],
        ));
    }
    let sales = dir.path().join("sales.csv");
    let mut text = std::fs::read_to_string(example_data().join("sales.csv")).unwrap();
    text.push_str("S-BAD,NO-SUCH-BUSINESS,,1404-01-22,1,100,0\n");
    std::fs::write(&sales, text).unwrap();
    let offices = example_data().join("offices.csv");
    let outputs: [(&str, Vec<&str>); 3] = [
        ("rejects.csv", vec!["sales", "import", s(&sales)]),
        (
            "offices-rejects.csv",
            vec!["import", "offices", s(&offices)],
        ),
        (
            "chart.svg",
            vec![
                "report", "income", "--period", "1404", "--format", "svg", "--out",
            ],
        ),
    ];
    for (name, mut args) in outputs {
        let path = dir.path().join(name);
        let kept = dir.path().join(format!("kept-{name}"));
        std::fs::write(&path, "the old contents\n").unwrap();
        std::fs::hard_link(&path, &kept).unwrap();
        if name.ends_with(".svg") {
            args.push(s(&path));
        } else {
            args.extend(["--on-error", "skip", "--rejects", s(&path)]);
        }
        let out = ok(homebiz(&db, &args));
        assert_eq!(
            std::fs::read_to_string(&kept).unwrap(),
            "the old contents\n",
            "{args:?}: {out}"
        );
        if name == "offices-rejects.csv" {
            // Nothing rejected: the old file is left alone.
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                "the old contents\n"
            );
        } else {
            let new = std::fs::read_to_string(&path).unwrap();
            assert_ne!(new, "the old contents\n");
            assert!(new.contains("S-BAD") || new.starts_with("<svg"), "{new}");
        }
    }
}

#[cfg(unix)]
#[test]
fn database_and_rejects_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    assert_eq!(mode(&db), 0o600);
    // A read leaves the WAL's files: private too.
    ok(homebiz(&db, &["office", "list"]));
    for sidecar in ["h.sqlite-wal", "h.sqlite-shm"] {
        let path = dir.path().join(sidecar);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{sidecar}");
        }
    }
    let rejects = dir.path().join("rejects.csv");
    let input = bad_offices(dir.path());
    ok(homebiz(
        &db,
        &[
            "import",
            "offices",
            s(&input),
            "--on-error",
            "skip",
            "--rejects",
            s(&rejects),
        ],
    ));
    assert_eq!(mode(&rejects), 0o600);
    // The library creates its files private as well.
    let path = dir.path().join("lib.sqlite");
    drop(homebiz::sqlite::SqliteStore::open(&path).unwrap());
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn only_init_creates_or_upgrades_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    // A missing file is not created.
    let missing = dir.path().join("missing.sqlite");
    for args in [&["office", "list"][..], &["channel", "list"]] {
        assert!(fail(homebiz(&missing, args)).contains("run `homebiz init`"));
    }
    assert!(!missing.exists());
    // A zero-byte file is not given a schema, and stays zero bytes.
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, "").unwrap();
    for args in [
        &["office", "list"][..],
        &["channel", "list"],
        &["report", "income", "--period", "1404"],
        &ADD_CHANNEL,
    ] {
        let err = fail(homebiz(&empty, args));
        assert!(err.contains("run `homebiz init`"), "{args:?}: {err}");
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "{args:?}");
    }
    assert!(ok(homebiz(&empty, &["init"])).contains("schema version"));
    ok(homebiz(&empty, &["office", "list"]));
    // Another program's file is refused, by `init` too, and left as it is.
    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "these are my notes, not a database\n".repeat(100)).unwrap();
    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT);")
        .unwrap();
    for file in [&text, &foreign] {
        let before = std::fs::read(file).unwrap();
        for args in [&["office", "list"][..], &["init"]] {
            let err = fail(homebiz(file, args));
            assert!(err.contains("is not a homebiz database"), "{args:?}: {err}");
            assert_eq!(std::fs::read(file).unwrap(), before, "{args:?}");
        }
    }
    // An older schema: only `init` upgrades it; a newer one is refused.
    let db = offices_db(dir.path());
    let history = |sql: &str| {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
    };
    // The last migration undone in the history, then put back with a
    // newer homebiz's after it.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (version, name, checksum): (i64, String, String) = conn
        .query_row(
            "SELECT version, name, checksum FROM refinery_schema_history \
             ORDER BY version DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    history(&format!(
        "DELETE FROM refinery_schema_history WHERE version = {version}"
    ));
    let err = fail(homebiz(&db, &["office", "list"]));
    assert!(
        err.contains("older") && err.contains("run `homebiz init`"),
        "{err}"
    );
    conn.execute(
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) \
         VALUES (?1, ?2, '2025-01-01T00:00:00Z', ?3), \
         (99, 'future', '2030-01-01T00:00:00Z', '0')",
        rusqlite::params![version, name, checksum],
    )
    .unwrap();
    drop(conn);
    assert!(fail(homebiz(&db, &["office", "list"])).contains("newer"));
}

/// Makes a folder and its database read-only, also for root (who ignores
/// permissions) through the immutable attribute; undone on drop.
struct ReadOnly {
    paths: Vec<PathBuf>,
    immutable: bool,
}

impl ReadOnly {
    fn new(paths: Vec<PathBuf>) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        for p in &paths {
            let mode = if p.is_dir() { 0o555 } else { 0o444 };
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let mut guard = Self {
            paths,
            immutable: false,
        };
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
        if root {
            let set = Command::new("chattr")
                .arg("+i")
                .args(&guard.paths)
                .status()
                .is_ok_and(|s| s.success());
            if !set {
                return None;
            }
            guard.immutable = true;
        }
        Some(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").args(&self.paths).status();
        }
        for p in &self.paths {
            let mode = if p.is_dir() { 0o755 } else { 0o600 };
            let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
        }
    }
}

#[test]
fn a_read_command_works_on_a_read_only_database() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("backup");
    std::fs::create_dir(&folder).unwrap();
    let db = offices_db(&folder);
    let before = std::fs::read(&db).unwrap();
    // Twice: a clean backup, then with the WAL's files a reader left behind.
    for round in 0..2 {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.push(folder.clone());
        let Some(_guard) = ReadOnly::new(paths) else {
            eprintln!("skipped: cannot make a folder read-only for root here (chattr)");
            return;
        };
        let offices = ok(homebiz(&db, &["office", "list"]));
        assert!(offices.contains("URM-DZS"), "{offices}");
        ok(homebiz(&db, &["office", "list", "--json"]));
        ok(homebiz(&db, &["household", "list", "--office", "URM-DZS"]));
        ok(homebiz(&db, &["channel", "list"]));
        ok(homebiz(
            &db,
            &["report", "income", "--period", "1404", "--format", "json"],
        ));
        // A write is refused, and changes nothing.
        let err = fail(homebiz(&db, &ADD_CHANNEL));
        assert!(err.contains("is read-only here"), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "round {round}");
        drop(_guard);
        if round == 0 {
            // Leave the WAL's files behind, as a reader does.
            ok(homebiz(&db, &["office", "list"]));
        }
    }
}

/// The tester's case: a user who may read the database but not write it
/// or its folder. Run as `nobody` when the tests run as root.
#[test]
fn a_user_who_cannot_write_the_database_can_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if !root || Command::new("setpriv").arg("--help").output().is_err() {
        eprintln!("skipped: needs root and setpriv (the chmod case runs above)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    for (path, mode) in [(dir.path(), 0o755), (db.as_path(), 0o644)] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let nobody = |args: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_homebiz"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("HOMEBIZ_NOW", "2025-06-01T08:00:00Z")
            .output()
            .unwrap()
    };
    assert!(ok(nobody(&["office", "list"])).contains("URM-DZS"));
    ok(nobody(&["report", "income", "--period", "1404"]));
    let err = fail(nobody(&ADD_CHANNEL));
    assert!(err.contains("is read-only here"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn concurrent_first_opens_and_inits_all_succeed() {
    const THREADS: usize = 8;
    const PROCESSES: usize = 8;
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(format!("new-{round}.sqlite"));
        let barrier = Arc::new(Barrier::new(THREADS + 1));
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let (db, barrier) = (db.clone(), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    homebiz::sqlite::SqliteStore::open(&db).map(|_| ())
                })
            })
            .collect();
        let mut children: Vec<_> = (0..PROCESSES)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_homebiz"))
                    .arg("--db")
                    .arg(&db)
                    .arg("init")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        barrier.wait();
        for t in threads {
            let opened = t.join().unwrap();
            assert!(opened.is_ok(), "round {round}: {opened:?}");
        }
        for child in children.drain(..) {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        ok(homebiz(&db, &["office", "list"]));
        let store = homebiz::sqlite::SqliteStore::open(&db).unwrap();
        assert!(store.integrity_check().unwrap());
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    // Stored before input refused such text (or by another program).
    let name = "Urmia\x1b]0;owned\x07\x1b[2J\rfake line\u{9b}31m\u{7f}";
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE offices SET name = ?1 WHERE code = 'URM'", [name])
        .unwrap();
    let clean = |text: &str| !text.chars().any(|c| c.is_control() && c != '\n');
    let table = ok(homebiz(&db, &["office", "list"]));
    assert!(clean(&table), "{table:?}");
    assert!(table.contains("Urmia\\u001b]0;owned"), "{table}");
    let json = ok(homebiz(&db, &["office", "list", "--json"]));
    assert!(clean(&json), "{json:?}");
    let offices: serde_json::Value = serde_json::from_str(&json).unwrap();
    let stored = offices
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "URM")
        .unwrap();
    assert_eq!(stored["name"], name);
    // A message naming a file with control characters in its name.
    let evil = dir.path().join("evil\x1b[2J\r.csv");
    let err = fail(homebiz(&db, &["import", "offices", s(&evil)]));
    assert!(clean(err.trim_end()), "{err:?}");
    // And a usage error repeating what was typed.
    let out = homebiz(&db, &["channel", "list", "--kind\x1b[2J\r"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--kind") && clean(&err), "{err:?}");
}

/// A backup taken while a writer was open: its `-wal` file holds commits
/// that a read-only folder does not let SQLite read. Refused, not shown
/// without them.
#[test]
fn a_read_only_backup_with_unread_wal_writes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    let folder = dir.path().join("backup");
    std::fs::create_dir(&folder).unwrap();
    let copy = folder.join("h.sqlite");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA wal_autocheckpoint = 0;
             UPDATE offices SET name = 'Renamed' WHERE code = 'URM';",
        )
        .unwrap();
        std::fs::copy(&db, &copy).unwrap();
        std::fs::copy(dir.path().join("h.sqlite-wal"), folder.join("h.sqlite-wal")).unwrap();
    }
    assert!(
        std::fs::metadata(folder.join("h.sqlite-wal"))
            .unwrap()
            .len()
            > 0
    );
    let paths = vec![copy.clone(), folder.join("h.sqlite-wal"), folder.clone()];
    let Some(_guard) = ReadOnly::new(paths) else {
        eprintln!("skipped: cannot make a folder read-only for root here (chattr)");
        return;
    };
    let err = fail(homebiz(&copy, &["office", "list"]));
    assert!(err.contains("writes in its -wal file"), "{err}");
    assert!(err.contains("copy the files to a writable folder"), "{err}");
}

/// Every output is checked, and its temporary file made, before anything is
/// committed: an output that cannot be written (here a folder) refuses the
/// command, and the database is as it was.
#[test]
fn an_output_that_cannot_be_written_refuses_the_command_before_any_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    let offices = bad_offices(dir.path());
    let sales = dir.path().join("sales.csv");
    std::fs::write(
        &sales,
        "id,business,channel,date,quantity,unit_price,commission\n\
         T-1,URM-DZS-00001-B1,,1404-01-22,1,1000,0\n\
         T-2,NOPE,,1404-01-22,1,1000,0\n",
    )
    .unwrap();
    let folder = dir.path().join("rdir");
    std::fs::create_dir(&folder).unwrap();
    let r = s(&folder);
    let err = fail(homebiz(
        &db,
        &[
            "import",
            "offices",
            s(&offices),
            "--on-error",
            "skip",
            "--rejects",
            r,
        ],
    ));
    assert!(err.contains("is a folder"), "{err}");
    let err = fail(homebiz(
        &db,
        &[
            "sales",
            "import",
            s(&sales),
            "--on-error",
            "skip",
            "--rejects",
            r,
        ],
    ));
    assert!(err.contains("is a folder"), "{err}");
    let err = fail(homebiz(
        &db,
        &[
            "report", "income", "--period", "1404", "--format", "svg", "--out", r,
        ],
    ));
    assert!(err.contains("is a folder"), "{err}");
    // Nothing was committed: the rows are new to a run that succeeds.
    let out = ok(homebiz(
        &db,
        &["import", "offices", s(&offices), "--on-error", "skip"],
    ));
    assert!(out.contains("1 created"), "{out}");
    let out = ok(homebiz(
        &db,
        &["sales", "import", s(&sales), "--on-error", "skip"],
    ));
    assert!(out.contains("1 recorded"), "{out}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

/// `--out` is always written or refused: its format is `--format`, or else
/// the file's extension.
#[test]
fn report_out_is_written_in_the_format_its_name_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    load_examples(&db);
    let sales = dir.path().join("sales.csv");
    std::fs::write(
        &sales,
        "id,business,channel,date,quantity,unit_price,commission\n\
         T-1,URM-DZS-00001-B1,,1404-01-22,1,1000,0\n",
    )
    .unwrap();
    ok(homebiz(&db, &["sales", "import", s(&sales)]));
    for (name, start) in [
        ("r.svg", "<svg"),
        ("r.csv", "period,"),
        ("r.json", "{"),
        ("r.txt", "┌"),
    ] {
        let file = dir.path().join(name);
        let out = ok(homebiz(
            &db,
            &["report", "income", "--period", "1404", "--out", s(&file)],
        ));
        assert!(out.starts_with("wrote "), "{out}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.trim_start().starts_with(start), "{name}: {text}");
    }
    let file = dir.path().join("r.csv2");
    let err = fail(homebiz(
        &db,
        &["report", "income", "--period", "1404", "--out", s(&file)],
    ));
    assert!(err.contains("give --format"), "{err}");
    assert!(!file.exists());
    // An explicit format wins over the name.
    let file = dir.path().join("r.svg");
    ok(homebiz(
        &db,
        &[
            "report",
            "income",
            "--period",
            "1404",
            "--format",
            "json",
            "--out",
            s(&file),
        ],
    ));
    assert!(std::fs::read_to_string(&file).unwrap().starts_with('{'));
}

/// A message states each cause once: no clause (the parts between `: `)
/// appears twice, or inside another.
fn assert_each_cause_once(err: &str) {
    let line = err.trim_end().trim_start_matches("homebiz: ");
    let clauses: Vec<&str> = line
        .split(": ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    for (i, a) in clauses.iter().enumerate() {
        for b in &clauses[i + 1..] {
            let inside = |x: &str, y: &str| x.len() >= 12 && y.contains(x);
            assert!(a != b && !inside(a, b) && !inside(b, a), "{err}");
        }
    }
}

/// Runs homebiz with `env` set, with `--db db` unless `db` is `None`.
fn homebiz_env(db: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_homebiz"));
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    command
        .args(args)
        .env("HOMEBIZ_NOW", "2025-06-01T08:00:00Z")
        .env_remove("HOMEBIZ_DB")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn no_message_states_a_cause_twice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("h.sqlite");
    load_examples(&db);
    let write = |name: &str, bytes: &[u8]| {
        let path = d.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let short = write(
        "short.csv",
        b"code,name,level,parent_code\nA,B,province,\nC,D\n",
    );
    let latin = write(
        "latin.csv",
        b"code,name,level,parent_code\nA,B\xff,province,\n",
    );
    let people = std::fs::read_to_string(example_data().join("people.csv")).unwrap();
    let header = people.lines().next().unwrap();
    let future = write(
        "future.csv",
        format!(
            "{header}\n0010000011,A,B,1410/08/21,female,09141000001,URM-DZS-00001,diploma,,37,,,\n"
        )
        .as_bytes(),
    );
    let newer = d.join("newer.sqlite");
    std::fs::copy(&db, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch(
            "INSERT INTO refinery_schema_history VALUES (99, 'future', '2030-01-01T00:00:00Z', '0')",
        )
        .unwrap();
    let folder = d.join("folder");
    std::fs::create_dir(&folder).unwrap();
    let other = |name: &str, applied_on: &str| {
        let path = d.join(name);
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(&format!(
                "CREATE TABLE refinery_schema_history (version INT4 PRIMARY KEY,
                   name VARCHAR(255), applied_on VARCHAR(255), checksum VARCHAR(255));
                 INSERT INTO refinery_schema_history VALUES
                   (1, 'users', '{applied_on}', '1'), (2, 'posts', '{applied_on}', '2'),
                   (3, 'tags', '{applied_on}', '3');
                 CREATE TABLE users (id INTEGER);"
            ))
            .unwrap();
        path
    };
    let other3 = other("other.sqlite", "2025-01-01T00:00:00Z");
    let other_time = other("other-time.sqlite", "last tuesday");
    let missing = d.join("missing.sqlite");
    /// The database (if any), the arguments, the environment, a word the
    /// message holds.
    type Case<'a> = (
        Option<&'a Path>,
        Vec<&'a str>,
        Vec<(&'a str, &'a str)>,
        &'a str,
    );
    let cases: Vec<Case<'_>> = vec![
        (
            Some(&db),
            vec!["import", "offices", s(&short)],
            vec![],
            "short.csv: row 3: has 2 cells, the header has 4",
        ),
        (
            Some(&db),
            vec!["import", "offices", s(&latin)],
            vec![],
            "not UTF-8",
        ),
        (
            Some(&db),
            vec!["sales", "import", "nope.csv"],
            vec![],
            "No such file",
        ),
        (
            Some(&db),
            vec!["report", "income", "--period", "bad"],
            vec![],
            "--period",
        ),
        (None, vec!["date", "09141234567"], vec![], "date"),
        (Some(&newer), vec!["init"], vec![], "newer"),
        (Some(&newer), vec!["office", "list"], vec![], "newer"),
        (Some(&folder), vec!["office", "list"], vec![], "is a folder"),
        (Some(&folder), vec!["init"], vec![], "is a folder"),
        (
            Some(Path::new("/dev/null")),
            vec!["init"],
            vec![],
            "is a device",
        ),
        (
            Some(&missing),
            vec!["office", "list"],
            vec![],
            "does not exist",
        ),
        (
            None,
            vec!["office", "list"],
            vec![("HOMEBIZ_DB", "")],
            "HOMEBIZ_DB is set but empty",
        ),
        (
            Some(&db),
            vec!["import", "people", s(&future)],
            vec![],
            "is in the future",
        ),
        (
            Some(&other3),
            vec!["init"],
            vec![],
            "not a homebiz database",
        ),
        (
            Some(&other_time),
            vec!["init"],
            vec![],
            "not a homebiz database",
        ),
        (
            Some(&other3),
            vec!["office", "list"],
            vec![],
            "not a homebiz database",
        ),
    ];
    for (db, args, env, expected) in cases {
        let out = homebiz_env(db, &args, &env);
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{args:?}: {:?}",
            out.status
        );
        let err = fail(out);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_each_cause_once(&err);
    }
    // `--db` was not typed: the message does not name it.
    let err = fail(homebiz_env(
        None,
        &["office", "list"],
        &[("HOMEBIZ_DB", "")],
    ));
    assert!(!err.contains("--db"), "{err}");
    // The column is named once, with the reason.
    let err = fail(homebiz(&db, &["import", "people", s(&future)]));
    assert!(!err.contains("invalid birth_date"), "{err}");
    // Another program's files were left as they were.
    for file in [&other3, &other_time] {
        let mut wal = file.clone().into_os_string();
        wal.push("-wal");
        assert!(!Path::new(&wal).exists());
    }
}

/// On a read-only database or folder, and as a user without permission:
/// one line that says "read-only" or "permission denied", once.
#[test]
fn read_only_and_permission_messages_say_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("backup");
    std::fs::create_dir(&folder).unwrap();
    let db = offices_db(&folder);
    let input = bad_offices(dir.path());
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.push(folder.clone());
    let Some(guard) = ReadOnly::new(paths) else {
        eprintln!("skipped: cannot make a folder read-only for root here (chattr)");
        return;
    };
    let once = |err: &str, words: &str| {
        assert_eq!(err.matches(words).count(), 1, "{err}");
        assert_each_cause_once(err);
    };
    once(&fail(homebiz(&db, &["init"])), "read-only");
    // A dry run writes nothing: it works on a read-only database too.
    let before = std::fs::read(&db).unwrap();
    let out = ok(homebiz(
        &db,
        &[
            "import",
            "offices",
            s(&input),
            "--dry-run",
            "--on-error",
            "skip",
        ],
    ));
    assert!(out.contains("1 created, 0 existing, 1 rejected"), "{out}");
    let err = fail(homebiz(&db, &["import", "offices", s(&input), "--dry-run"]));
    assert!(err.contains("planet") || err.contains("level"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    once(&fail(homebiz(&db, &ADD_CHANNEL)), "read-only");
    let new = folder.join("new.sqlite");
    let err = fail(homebiz(&new, &["init"]));
    assert!(
        err.matches("permission denied").count() + err.matches("read-only").count() == 1,
        "{err}"
    );
    assert_each_cause_once(&err);
    drop(guard);
}

/// Another user, on a database readable by its owner only.
#[test]
fn another_user_is_told_permission_denied_once() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if !root || Command::new("setpriv").arg("--help").output().is_err() {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for args in [&["office", "list"][..], &["init"], &ADD_CHANNEL] {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_homebiz"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        let err = fail(out);
        assert_eq!(err.matches("permission denied").count(), 1, "{err}");
        assert_eq!(err.matches(s(&db)).count(), 1, "{err}");
        assert_each_cause_once(&err);
    }
}

/// The database under another name (a hard link, another case, a bind
/// mount of its folder) and that name's `-wal`, `-shm` and `-journal`
/// files are the database's too; names are compared without regard to
/// case on every filesystem.
#[test]
fn the_database_under_another_name_is_no_output_either() {
    let dir = tempfile::tempdir().unwrap();
    let db = offices_db(dir.path());
    let input = bad_offices(dir.path());
    std::fs::hard_link(&db, dir.path().join("hl.sqlite")).unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::hard_link(&db, other.join("copy.db")).unwrap();
    let mut targets = vec![
        dir.path().join("hl.sqlite-wal"),
        dir.path().join("hl.sqlite-shm"),
        dir.path().join("HL.SQLITE-JOURNAL"),
        dir.path().join("HL.SQLITE"),
        dir.path().join("H.SQLITE"),
        other.join("copy.db-wal"),
        other.join("Copy.DB-journal"),
    ];
    // A bind mount of the folder, where the system allows one.
    let mount = dir.path().join("mnt");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .arg("--bind")
        .arg(dir.path())
        .arg(&mount)
        .output()
        .is_ok_and(|o| o.status.success());
    /// Unmounts when dropped, also when an assertion fails.
    struct Unmount(Option<PathBuf>);
    impl Drop for Unmount {
        fn drop(&mut self) {
            if let Some(mount) = &self.0 {
                let _ = Command::new("umount").arg(mount).status();
            }
        }
    }
    let _unmount = Unmount(mounted.then(|| mount.clone()));
    if mounted {
        targets.push(mount.join("h.sqlite-wal"));
        targets.push(mount.join("hl.sqlite-shm"));
    } else {
        eprintln!("bind mount skipped: mount --bind is not allowed here");
    }
    for target in &targets {
        for args in writers(target, &input) {
            let err = fail(run(&db, &args));
            assert!(
                err.contains("choose another file"),
                "{args:?} wrote to {}: {err}",
                target.display()
            );
            assert!(!target.exists(), "{}", target.display());
        }
    }
    // A name that is not the database's stays allowed.
    let fine = dir.path().join("hl.sqlite-notes.csv");
    let out = ok(run(&db, &writers(&fine, &input)[0]));
    assert!(out.contains("1 rejected"), "{out}");
    assert!(fine.exists());
}
