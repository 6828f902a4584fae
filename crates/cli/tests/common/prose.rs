//! Whether a text for people is Persian: the English words and the Latin
//! digits left in it (issue #14), shared by the tests of `--lang fa` on
//! every command's output and on every command's `--help`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::process::Command;

/// Tokens that are not English words although they are Latin: technical
/// names (a test's own data is allowed by the set it passes to
/// [`english`]).
const WHITELIST: &[&str] = &[
    // The binary, in commands to type.
    "homebiz", // AHP's λmax.
    "λmax",
    // The database products `--db` takes, named as they are.
    "SQLite",
    "PostgreSQL",
];

/// The subcommands of the command `path` (`help` left out), from the
/// `Commands:` section of its English `--help`.
fn subcommands(path: &[String]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .args(path)
        .arg("--help")
        .env_remove("HOMEBIZ_LANG")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// Every command path below `path` (itself included), each with whether
/// it is a leaf (has no subcommands), found from `--help` itself so that
/// a new command cannot be left out.
pub(crate) fn commands(path: &mut Vec<String>, found: &mut BTreeMap<String, bool>) {
    let subcommands = subcommands(path);
    found.insert(path.join(" "), subcommands.is_empty());
    for sub in subcommands {
        path.push(sub);
        commands(path, found);
        path.pop();
    }
}

/// The leaves of the command tree below `path`: every command path that
/// has no subcommands.
pub(crate) fn leaves(path: &mut Vec<String>, found: &mut BTreeSet<String>) {
    let mut all = BTreeMap::new();
    commands(path, &mut all);
    found.extend(all.into_iter().filter(|(_, leaf)| *leaf).map(|(p, _)| p));
}

/// Whether `token` is a UUID.
pub(crate) fn uuid(token: &str) -> bool {
    token.len() == 36
        && token.chars().enumerate().all(|(i, c)| {
            matches!(i, 8 | 13 | 18 | 23) == (c == '-') && (c == '-' || c.is_ascii_hexdigit())
        })
}

/// The English words in `out`.
pub(crate) fn english(out: &str, allowed: &HashSet<String>) -> Vec<String> {
    // A command to type, between backticks, is not prose.
    let mut prose = String::new();
    for (i, part) in out.split('`').enumerate() {
        if i % 2 == 0 {
            prose.push_str(part);
            prose.push(' ');
        }
    }
    let separators =
        |c: char| c.is_whitespace() || "│┆┌┐└┘├┤┬┴┼─═╞╡╪(),،؛;:«»\"'[]{}?!=<>|+*%٪→".contains(c);
    let mut words = Vec::new();
    for token in prose.split(separators) {
        let token = token.trim_matches(|c: char| c == '.' || c == '-');
        if token.is_empty()
            || token.contains('/')
            || uuid(token)
            || allowed.contains(token)
            || WHITELIST.contains(&token)
        {
            continue;
        }
        // A file name.
        if [".csv", ".sqlite", ".svg", ".json", ".txt"]
            .iter()
            .any(|e| token.ends_with(e))
        {
            continue;
        }
        let mut run = 0;
        let mut lower = false;
        let mut found = false;
        for c in token.chars() {
            if c.is_ascii_alphabetic() {
                run += 1;
                lower |= c.is_ascii_lowercase();
                if run >= 4 && lower {
                    found = true;
                }
            } else {
                run = 0;
                lower = false;
            }
        }
        if found {
            words.push(token.to_owned());
        }
    }
    words
}

/// The words of `out` that hold Latin digits although they are prose, not
/// a code or an ID (a word with a Latin letter, a path, a UUID), and the
/// lines with an ASCII `,` or `;` after a word in prose.
pub(crate) fn latin_digits(out: &str) -> Vec<String> {
    let mut prose = String::new();
    for (i, part) in out.split('`').enumerate() {
        if i % 2 == 0 {
            prose.push_str(part);
            prose.push(' ');
        }
    }
    let separators = |c: char| c.is_whitespace() || "│┆()«»\"'[]{}→".contains(c);
    let mut found = Vec::new();
    for token in prose.split(separators) {
        let token = token.trim_matches(|c: char| ",.;:".contains(c));
        if token.bytes().any(|b| b.is_ascii_digit())
            && !token.chars().any(|c| c.is_ascii_alphabetic() || c == '/')
            && !uuid(token)
        {
            found.push(token.to_owned());
        }
    }
    for line in prose.lines() {
        // A list's comma or semicolon between words (not `1,000` in a
        // number, not inside a code).
        if line.contains(", ") || line.contains("; ") {
            found.push(line.trim().to_owned());
        }
    }
    found
}
