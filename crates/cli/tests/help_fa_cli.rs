//! `--help` in Persian on every command (issue #14): under `--lang fa` or
//! `HOMEBIZ_LANG=fa`, the help of every command of the tree (found from
//! `homebiz --help` itself, so that a new command cannot be left out),
//! short (`-h`) and long (`--help`), holds no English prose word and no
//! Latin digit in prose, by the same checks as every command's output
//! (`common::prose`); English help stays clap's.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, HashSet};
use std::process::Command;

use common::prose::{commands, english, latin_digits};

/// The stdout of `homebiz ARGS…` with the environment `env` (and no
/// `HOMEBIZ_LANG` but the one given), which must succeed.
fn help(env: &[(&str, &str)], args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .args(args)
        .env_remove("HOMEBIZ_LANG")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The prose of a help text: without the names of its entries (the
/// commands, options and arguments in the left column, as typed) and the
/// option names in the descriptions (`--out`), which stay Latin.
fn prose(help: &str) -> String {
    let mut text = String::new();
    for line in help.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        // An entry: an option or an argument, or a command at the indent
        // of the command list; a value's bullet (`- \`en\`: …`) is prose.
        let entry = (t.starts_with('-') && !t.starts_with("- `"))
            || t.starts_with('<')
            || (indent == 2 && t.starts_with(|c: char| c.is_ascii_lowercase()));
        let description = if entry {
            t.split_once("  ").map_or("", |(_, rest)| rest)
        } else {
            t
        };
        let words: Vec<&str> = description
            .split_whitespace()
            // Not a word of a value between backticks (`--on-error skip`).
            .filter(|w| !w.contains("--") || w.contains('`'))
            .collect();
        text.push_str(&words.join(" "));
        text.push('\n');
    }
    text
}

/// The English words and the Latin digits in the prose of `help`.
fn not_persian(help: &str) -> Vec<String> {
    let prose = prose(help);
    let mut found = english(&prose, &HashSet::new());
    found.extend(latin_digits(&prose));
    found
}

#[test]
fn every_command_has_persian_help_with_lang_fa() {
    let mut all = BTreeMap::new();
    commands(&mut Vec::new(), &mut all);
    assert!(all.len() > 90, "{all:?}");
    let mut failures = Vec::new();
    for path in all.keys() {
        let path: Vec<&str> = path.split_whitespace().collect();
        for flag in ["-h", "--help"] {
            let mut args = vec!["--lang", "fa"];
            args.extend(&path);
            args.push(flag);
            let text = help(&[], &args);
            let usage = format!("کاربرد: `homebiz {}", path.join(" "));
            if !text.contains(usage.trim_end()) {
                failures.push(format!("{args:?}: no Persian usage line\n{text}"));
            }
            let found = not_persian(&text);
            if !found.is_empty() {
                failures.push(format!("{args:?}: {found:?}\n{text}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "English in Persian help:\n{}",
        failures.join("\n\n")
    );
}

#[test]
fn homebiz_lang_and_the_help_command_give_the_same_persian_help() {
    for path in [
        &[][..],
        &["household"],
        &["household", "show"],
        &["exhibition", "booths", "import"],
        &["report", "indicators"],
    ] {
        let mut args = vec!["--lang", "fa"];
        args.extend(path);
        args.push("--help");
        let fa = help(&[], &args);
        assert!(not_persian(&fa).is_empty(), "{fa}");
        // From the environment, the option anywhere: the same help.
        let mut plain = path.to_vec();
        plain.push("--help");
        assert_eq!(help(&[("HOMEBIZ_LANG", "fa")], &plain), fa, "{path:?}");
        let mut after = plain.clone();
        after.extend(["--lang", "fa"]);
        assert_eq!(help(&[], &after), fa, "{path:?}");
        // The option wins over the variable.
        let english = help(
            &[("HOMEBIZ_LANG", "fa")],
            &[&plain[..], &["--lang", "en"]].concat(),
        );
        assert_eq!(english, help(&[], &plain), "{path:?}");
        // `homebiz help PATH…` in Persian too.
        if !path.is_empty() {
            let mut with_help = vec!["--lang", "fa", "help"];
            with_help.extend(path);
            let text = help(&[], &with_help);
            assert!(text.contains("کاربرد: `homebiz"), "{text}");
            assert!(not_persian(&text).is_empty(), "{text}");
        }
    }
}

#[test]
fn english_help_stays_clap_s() {
    let text = help(&[], &["household", "show", "--help"]);
    for english in [
        "Usage: homebiz household show",
        "Arguments:",
        "Options:",
        "Print help",
    ] {
        assert!(text.contains(english), "{english}\n{text}");
    }
    assert!(
        !text.contains("کاربرد") && !text.contains("گزینه"),
        "{text}"
    );
    // A missing command shows the help in the language asked for.
    let out = Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .args(["--lang", "fa", "household"])
        .env_remove("HOMEBIZ_LANG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("فرمان‌ها:"), "{text}");
    assert!(not_persian(&text).is_empty(), "{text}");
}

/// The checks find what they are for: clap's English headings and
/// entries, and the names of entries left out of the prose.
#[test]
fn the_prose_check_finds_clap_s_english() {
    let english = "Usage: homebiz x\n\nOptions:\n  -h, --help  Print help\n";
    assert!(!not_persian(english).is_empty());
    let persian = "کاربرد: `homebiz x`\n\nفرمان‌ها:\n  list  فهرست دفترها\n\nگزینه‌ها:\n      \
                   --top <TOP>  شمار [پیش‌فرض: ۵]\n  -h, --help  نمایش راهنما (خلاصه با `-h`)\n\
                   \x20         همراه با --until\n";
    assert!(
        not_persian(persian).is_empty(),
        "{:?}",
        not_persian(persian)
    );
    assert_eq!(
        not_persian("  list  show 12 rows\n"),
        ["show", "rows", "12"]
    );
}
