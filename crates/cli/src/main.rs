//! `homebiz`: the command-line tool for programme staff.
//!
//! Run `homebiz --help` for the commands. Errors print one line to stderr
//! and exit with a non-zero status; nothing is written on error.

// The CLI is one of the two places in the workspace that print
// (ARCHITECTURE.md); the lint stays denied everywhere else.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

/// homebiz: registry, activity selection, market linkage and income
/// tracking for home-based business programmes.
#[derive(Debug, Parser)]
#[command(name = "homebiz", version, about, long_about = None)]
struct Cli {
    /// The SQLite database file that commands read and write.
    #[arg(
        long,
        global = true,
        env = "HOMEBIZ_DB",
        default_value = "./homebiz.sqlite"
    )]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert a date between the Jalali and Gregorian calendars.
    Date(commands::date::DateArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Date(args) => commands::date::run(args),
    };
    match result {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            // One line: the error and its causes, joined.
            eprintln!("homebiz: {err:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
