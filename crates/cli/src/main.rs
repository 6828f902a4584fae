//! `homebiz`: the command-line tool for programme staff.
//!
//! Run `homebiz --help` for the commands. Errors print one line to stderr
//! and exit with a non-zero status; nothing is written on error.

// The CLI is one of the two places in the workspace that print
// (ARCHITECTURE.md); the lint stays denied everywhere else.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

mod commands;
mod context;
mod errors;
mod help_fa;
mod i18n;
mod output;
mod terminal;

/// homebiz: registry, activity selection, market linkage and income
/// tracking for home-based business programmes.
#[derive(Debug, Parser)]
#[command(name = "homebiz", version, about, long_about = None)]
struct Cli {
    /// The database that commands read and write: a SQLite file, or a
    /// PostgreSQL database as a `postgres://user@host:port/db` URL [env:
    /// HOMEBIZ_DB] [default: ./homebiz.sqlite].
    // HOMEBIZ_DB is read by `database`, not clap: clap refuses an empty
    // variable as "a value is required for '--db'", an option not typed.
    #[arg(long, global = true)]
    db: Option<PathBuf>,

    /// Act as this configured user (`homebiz user add`), limited to their
    /// office [env: HOMEBIZ_USER]; without it, HOMEBIZ_ACTOR and
    /// HOMEBIZ_OFFICE say who acts, and without those too the command acts
    /// programme-wide (every office's records).
    #[arg(long, global = true, value_name = "CODE")]
    user: Option<String>,

    /// The language of the output for people: table headers, states,
    /// reasons and remedies [env: HOMEBIZ_LANG] [default: en].
    // HOMEBIZ_LANG is read by `view`, not clap, so that a bad value names
    // the variable, not `--lang`.
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,

    /// The unit amounts are shown in, in tables and reports (rial, the
    /// ledger's unit, or toman, 10 rials) [env: HOMEBIZ_UNIT] [default:
    /// rial]. Amounts given as options are always in rials.
    #[arg(long, global = true, value_enum)]
    unit: Option<UnitArg>,

    #[command(subcommand)]
    command: Command,
}

/// `--lang`: the languages of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    /// English.
    En,
    /// Persian (فارسی).
    Fa,
}

/// `--unit`: the units amounts are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum UnitArg {
    /// Rials, as the ledger holds them.
    Rial,
    /// Toman: 10 rials, shown whole (rounded half away from zero; the
    /// ledger keeps exact rials).
    Toman,
}

/// The output's language and money unit: the option, else its
/// environment variable (`HOMEBIZ_LANG`, `HOMEBIZ_UNIT`; empty counts as
/// unset), else English and rials. A bad variable is an error that names
/// it.
fn view(lang: Option<LangArg>, unit: Option<UnitArg>) -> Result<context::View, String> {
    fn from_env<T: ValueEnum>(name: &str) -> Result<Option<T>, String> {
        match std::env::var(name) {
            Ok(value) if value.trim().is_empty() => Ok(None),
            Ok(value) => T::from_str(value.trim(), true).map(Some).map_err(|_| {
                let values: Vec<String> = T::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value())
                    .map(|v| v.get_name().to_owned())
                    .collect();
                said(
                    "{name} is not one of {values}: set it to one of them, or unset it",
                    &[("name", &name), ("values", &values.join(", "))],
                )
            }),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(said(
                "{name} is not valid UTF-8: set it to one of its values, or unset it",
                &[("name", &name)],
            )),
        }
    }
    let lang = match lang.map_or_else(|| from_env("HOMEBIZ_LANG"), |l| Ok(Some(l)))? {
        Some(LangArg::Fa) => homebiz::core::Lang::Fa,
        Some(LangArg::En) | None => homebiz::core::Lang::En,
    };
    let unit = match unit.map_or_else(|| from_env("HOMEBIZ_UNIT"), |u| Ok(Some(u)))? {
        Some(UnitArg::Toman) => homebiz::core::money::MoneyUnit::Toman,
        Some(UnitArg::Rial) | None => homebiz::core::money::MoneyUnit::Rial,
    };
    Ok(context::View { lang, unit })
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database, or bring its schema up to date.
    Init,
    /// Import offices, households, people or businesses from a CSV file.
    Import(commands::import::ImportArgs),
    /// Facilitation offices.
    #[command(subcommand)]
    Office(commands::registry::OfficeCommand),
    /// Households.
    #[command(subcommand)]
    Household(commands::registry::HouseholdCommand),
    /// People.
    #[command(subcommand)]
    Person(commands::registry::PersonCommand),
    /// Home businesses.
    #[command(subcommand)]
    Business(commands::registry::BusinessCommand),
    /// The activity catalog.
    #[command(subcommand)]
    Catalog(commands::scoring::CatalogCommand),
    /// Recommend activities (and where to sell them) for a household.
    Recommend(commands::scoring::RecommendArgs),
    /// Plan a whole office's households at once, within market headroom.
    Plan(commands::scoring::PlanArgs),
    /// Multi-criteria methods on any matrix: wsum, topsis, vikor, ahp.
    #[command(subcommand)]
    Mcdm(commands::mcdm::McdmCommand),
    /// Sales channels.
    #[command(subcommand)]
    Channel(commands::market::ChannelCommand),
    /// Exhibitions: create, booths, allocate booth-weeks, schedule.
    #[command(subcommand)]
    Exhibition(commands::market::ExhibitionCommand),
    /// Apply for a business to an exhibition.
    Apply(commands::market::ApplyArgs),
    /// Decide on an application.
    #[command(subcommand)]
    Application(commands::market::ApplicationCommand),
    /// Buyer orders: import, match to producers' offers.
    #[command(subcommand)]
    Orders(commands::market::OrdersCommand),
    /// Producers' offers for buyer orders.
    #[command(subcommand)]
    Offers(commands::market::OffersCommand),
    /// Which businesses had no sales channel in the last months.
    Linkage(commands::market::LinkageArgs),
    /// Record a sale in the income ledger.
    #[command(subcommand)]
    Sale(commands::income::SaleCommand),
    /// Import sales into the income ledger.
    #[command(subcommand)]
    Sales(commands::income::SalesCommand),
    /// Correct the ledger: reverse an entry.
    #[command(subcommand)]
    Entry(commands::income::EntryCommand),
    /// Income reports and indicators.
    #[command(subcommand)]
    Report(commands::income::ReportCommand),
    /// Loan schedules.
    #[command(subcommand)]
    Loan(commands::income::LoanCommand),
    /// Convert a date between the Jalali and Gregorian calendars.
    Date(commands::date::DateArgs),
    /// Find people and households by name, mobile or address.
    #[command(subcommand)]
    Find(commands::find::FindCommand),
    /// List exhibitions, applications, orders, offers, partners, or a
    /// business's ledger statement.
    #[command(subcommand)]
    List(commands::lists::ListCommand),
    /// Export an office's records in the import's columns (CSV or JSON).
    Export(commands::export::ExportArgs),
    /// Staff users: add one (scoped to an office, or the whole programme),
    /// list them.
    #[command(subcommand)]
    User(commands::users::UserCommand),
    /// Likely duplicates: list them, resolve one as the same person or
    /// different people (nothing is merged).
    #[command(subcommand)]
    Duplicates(commands::users::DuplicatesCommand),
}

/// `en` (a sentence of the catalogue) in the language the run asked for,
/// for what is said before the view is set (a bad argument or variable).
fn said(en: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    i18n::sentence(en, errors::asked_lang(), args)
}

/// The first argument that holds a control character (ESC, CR, …), named
/// by its position or its option, never by its text: such an argument is
/// refused before anything reads or echoes it, at every command.
fn argument_with_control_character() -> Option<String> {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let i = args.iter().position(|a| a.chars().any(char::is_control))?;
    // An option's name: its leading letters, digits and dashes.
    let option = |arg: &str| {
        arg.starts_with("--").then(|| {
            arg.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
    };
    let previous = i.checked_sub(1).and_then(|p| option(&args[p]));
    Some(match (option(&args[i]), previous) {
        (Some(name), _) => said(
            "argument {n} ({name}…)",
            &[("n", &(i + 1)), ("name", &name)],
        ),
        (None, Some(name)) => said("the value of {name}", &[("name", &name)]),
        (None, None) => said("argument {n}", &[("n", &(i + 1))]),
    })
}

/// The database: `--db`, else `HOMEBIZ_DB`, else `./homebiz.sqlite`;
/// `None` when `--db` is not given and `HOMEBIZ_DB` is set but empty.
fn database(typed: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(db) = typed {
        return Some(db);
    }
    match std::env::var_os("HOMEBIZ_DB") {
        Some(value) if value.is_empty() => None,
        Some(value) => Some(PathBuf::from(value)),
        None => Some(PathBuf::from("./homebiz.sqlite")),
    }
}

impl Command {
    /// What the command does with the database: a command that only reads
    /// opens it read-only, so it works on a backup or a read-only stick;
    /// only `init` creates or upgrades the schema.
    fn access(&self) -> context::Access {
        use commands::{income, market, registry};
        use context::Access::{Init, Read, Write};
        match self {
            Command::Init => Init,
            Command::Office(registry::OfficeCommand::List(_))
            | Command::Household(
                registry::HouseholdCommand::List(_) | registry::HouseholdCommand::Show(_),
            )
            | Command::Person(
                registry::PersonCommand::Find(_) | registry::PersonCommand::Duplicates(_),
            )
            | Command::Business(
                registry::BusinessCommand::List(_) | registry::BusinessCommand::Show(_),
            )
            | Command::Catalog(_)
            | Command::Recommend(_)
            | Command::Plan(_)
            | Command::Mcdm(_)
            | Command::Channel(market::ChannelCommand::List(_))
            | Command::Exhibition(market::ExhibitionCommand::Schedule(_))
            | Command::Linkage(_)
            | Command::Report(_)
            | Command::Loan(income::LoanCommand::Schedule(_) | income::LoanCommand::Show(_))
            | Command::Date(_)
            | Command::Find(_)
            | Command::List(_)
            | Command::Export(_)
            | Command::User(commands::users::UserCommand::List(_))
            | Command::Duplicates(commands::users::DuplicatesCommand::List(_)) => Read,
            Command::Household(registry::HouseholdCommand::Records(c)) if c.reads_only() => Read,
            Command::Person(registry::PersonCommand::Records(c)) if c.reads_only() => Read,
            Command::Business(registry::BusinessCommand::Records(c)) if c.reads_only() => Read,
            // A dry run writes in a transaction that it rolls back; on a
            // database the user cannot write, in a copy in memory.
            Command::Import(args) if args.dry_run() => context::Access::DryRun,
            // Everything else writes.
            _ => Write,
        }
    }
}

fn main() -> ExitCode {
    if let Some(argument) = argument_with_control_character() {
        // A usage error, with clap's exit code.
        let text = said(
            "{argument} contains a control character",
            &[("argument", &argument)],
        );
        eprintln!("homebiz: {text}");
        return ExitCode::from(2);
    }
    // As `Cli::try_parse`, with the help in the language asked for
    // (`--lang fa`, `HOMEBIZ_LANG=fa`).
    let mut command = help_fa::command(Cli::command(), errors::asked_lang());
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut matches| {
            Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
        });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            // clap's usage errors repeat what was typed: escaped too; in
            // Persian under --lang fa (or HOMEBIZ_LANG=fa).
            let text = errors::usage(&err, errors::asked_lang())
                .map_or_else(|| err.render().to_string(), |fa| format!("homebiz: {fa}\n"));
            let text = terminal::escape(&text, true);
            if err.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    let Some(db) = database(cli.db.clone()) else {
        let text = said(
            "HOMEBIZ_DB is set but empty: set it to the database file, or unset it",
            &[],
        );
        eprintln!("homebiz: {text}");
        return ExitCode::from(2);
    };
    let db = db.as_path();
    match view(cli.lang, cli.unit) {
        Ok(view) => context::set_view(view),
        Err(err) => {
            eprintln!("homebiz: {}", terminal::escape(&err, false));
            return ExitCode::from(2);
        }
    }
    context::set_access(cli.command.access());
    context::set_user(cli.user.clone());
    let result = match &cli.command {
        Command::Init => commands::init::run(db),
        Command::Import(args) => commands::import::run(db, args),
        Command::Office(command) => commands::registry::office(db, command),
        Command::Household(command) => commands::registry::household(db, command),
        Command::Person(command) => commands::registry::person(db, command),
        Command::Find(command) => commands::find::run(db, command),
        Command::List(command) => commands::lists::run(db, command),
        Command::Export(args) => commands::export::run(db, args),
        Command::Business(command) => commands::registry::business(db, command),
        Command::Catalog(command) => commands::scoring::catalog(command),
        Command::Recommend(args) => commands::scoring::recommend(db, args),
        Command::Plan(args) => commands::scoring::plan(db, args),
        Command::Mcdm(command) => commands::mcdm::run(command),
        Command::Channel(command) => commands::market::channel(db, command),
        Command::Exhibition(command) => commands::market::exhibition(db, command),
        Command::Apply(args) => commands::market::apply(db, args),
        Command::Application(command) => commands::market::application(db, command),
        Command::Orders(command) => commands::market::orders(db, command),
        Command::Offers(command) => commands::market::offers(db, command),
        Command::Linkage(args) => commands::market::linkage(db, args),
        Command::Sale(command) => commands::income::sale(db, command),
        Command::Sales(command) => commands::income::sales(db, command),
        Command::Entry(command) => commands::income::entry(db, command),
        Command::Report(command) => commands::income::report(db, command),
        Command::Loan(command) => commands::income::loan(db, command),
        Command::Date(args) => commands::date::run(args),
        Command::User(command) => commands::users::user(db, command),
        Command::Duplicates(command) => commands::users::duplicates(db, command),
    };
    match result {
        Ok(output) => {
            // A reader that stops early (`| head`) is not an error.
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{}", terminal::escape(&output, true)) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    let e = anyhow::Error::new(e).context(said("cannot write the output", &[]));
                    eprintln!("homebiz: {}", errors::one_line(&e, context::lang()));
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(err) => {
            // One line: the error and its causes, each stated once, in
            // the output's language.
            let text = errors::one_line(&err, context::lang());
            eprintln!("homebiz: {}", terminal::escape(&text, false));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
