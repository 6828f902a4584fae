//! `homebiz user …` (staff users) and `homebiz duplicates …` (likely
//! duplicates for review). Each command parses, calls one `Program` use
//! case and renders its result.

use std::path::Path;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use homebiz::program::personal::ShowsPeople;
use homebiz::program::{DuplicateFilter, DuplicateView, UserView};
use homebiz::registry::Verdict;

use crate::context::{PersonJson, json, say, table};

/// `homebiz user …`
#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Add a staff user (needs an unrestricted user): limited to one office
    /// and the offices below it with `--office`, or the whole programme
    /// with `--all`. Act as them with `--user CODE` or HOMEBIZ_USER.
    Add(AddArgs),
    /// List the users (a scoped user sees those of their offices).
    List(JsonOnly),
}

/// `CODE (--office CODE | --all) [--name NAME]`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("scope").required(true).args(["office", "all"])))]
pub(crate) struct AddArgs {
    /// The login code (letters, digits, '-', '_', '.').
    code: String,
    /// The office the user is limited to (with the offices below it).
    #[arg(long, value_parser = crate::context::key_arg)]
    office: Option<String>,
    /// The user sees and changes the whole programme.
    #[arg(long)]
    all: bool,
    /// A display name.
    #[arg(long)]
    name: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `[--json]`
#[derive(Debug, Args)]
pub(crate) struct JsonOnly {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `homebiz duplicates …`
#[derive(Debug, Subcommand)]
pub(crate) enum DuplicatesCommand {
    /// Likely duplicates of the acting user's offices (same name and birth
    /// date in one office): open flags by default.
    List(ListArgs),
    /// Resolve the flag of a person (the one flagged, by national ID).
    /// `same-person` keeps both records and lists the pair under
    /// `--state confirmed` for staff to fix by hand; `different-people`
    /// closes the flag and the pair is not listed again. Nothing is merged;
    /// the resolution is recorded (who, when, note) in the person's history.
    Resolve(ResolveArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum State {
    /// Not resolved yet.
    Open,
    /// Resolved as the same person: to fix by hand.
    Confirmed,
    /// Every flag.
    All,
}

/// `[--state open|confirmed|all] [--json [--personal]]`
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Which flags.
    #[arg(long, value_enum, default_value_t = State::Open)]
    state: State,
    #[command(flatten)]
    json: PersonJson,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VerdictArg {
    SamePerson,
    DifferentPeople,
}

/// `NATIONAL_ID same-person|different-people [--note TEXT]`
#[derive(Debug, Args)]
pub(crate) struct ResolveArgs {
    /// The flagged person's national ID (any digits).
    national_id: String,
    /// What staff concluded.
    #[arg(value_enum)]
    verdict: VerdictArg,
    /// Why, or what to do next (recorded with the resolution).
    #[arg(long, default_value = "")]
    note: String,
    #[command(flatten)]
    json: PersonJson,
}

fn users_table(users: &[UserView]) -> String {
    table(
        &["code", "name", "scope"],
        users.iter().map(|u| {
            vec![
                u.code.clone(),
                u.name.clone().unwrap_or_default(),
                u.office_code
                    .clone()
                    .unwrap_or_else(|| crate::context::word("whole programme").to_owned()),
            ]
        }),
    )
}

/// `homebiz user add|list`.
pub(crate) fn user(db: &Path, command: &UserCommand) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        UserCommand::Add(a) => {
            let office = if a.all { None } else { a.office.as_deref() };
            let user = program.add_user(&actor, &a.code, a.name.as_deref(), office)?;
            if a.json {
                return json(&user);
            }
            let scope = match &user.office_code {
                Some(office) => say!("office {office} and the offices below it", office = office),
                None => say!("the whole programme"),
            };
            Ok(say!(
                "user {code} added: {scope}",
                code = user.code,
                scope = scope
            ))
        }
        UserCommand::List(a) => {
            let users = program.users(&actor)?;
            if a.json {
                return json(&users);
            }
            Ok(users_table(&users))
        }
    }
}

fn duplicates_table(flags: &[DuplicateView]) -> String {
    table(
        &[
            "office",
            "flagged (household, name)",
            "resembles (household, name)",
            "birth date",
            "state",
            "note",
        ],
        flags.iter().map(|f| {
            let name = |m: &homebiz::program::find::PersonMatch| {
                let d = m.person.data();
                format!("{}: {} {}", m.household_code, d.given_name, d.family_name)
            };
            let state = match &f.resolution {
                None => say!("open"),
                Some(r) => say!(
                    "{verdict} by {who} on {day}",
                    verdict = r.verdict.name(crate::context::lang()),
                    who = crate::context::who(r.by_user.as_ref(), Some(r.by)),
                    day = crate::i18n::Numeric(crate::context::day_of(r.at))
                ),
            };
            vec![
                f.office_code.clone(),
                name(&f.person),
                name(&f.resembles),
                f.person.person.data().birth_date.to_string(),
                state,
                f.resolution
                    .as_ref()
                    .map(|r| r.note.clone())
                    .unwrap_or_default(),
            ]
        }),
    )
}

/// `homebiz duplicates list|resolve`.
pub(crate) fn duplicates(db: &Path, command: &DuplicatesCommand) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        DuplicatesCommand::List(a) => {
            let filter = match a.state {
                State::Open => DuplicateFilter::Open,
                State::Confirmed => DuplicateFilter::Confirmed,
                State::All => DuplicateFilter::All,
            };
            let flags = program.duplicates(&actor, filter)?;
            if a.json.json {
                return json(&flags.with_personal(a.json.personal));
            }
            Ok(duplicates_table(&flags))
        }
        DuplicatesCommand::Resolve(a) => {
            let verdict = match a.verdict {
                VerdictArg::SamePerson => Verdict::SamePerson,
                VerdictArg::DifferentPeople => Verdict::DifferentPeople,
            };
            let resolved = program.resolve_duplicate(&actor, &a.national_id, verdict, &a.note)?;
            if a.json.json {
                return json(&resolved.with_personal(a.json.personal));
            }
            // A confirmation first, then the flag as it now stands.
            Ok(format!(
                "{}\n{}",
                say!(
                    "duplicate resolved: {verdict} (nothing is merged)",
                    verdict = verdict.name(crate::context::lang())
                ),
                duplicates_table(std::slice::from_ref(&resolved))
            ))
        }
    }
}
