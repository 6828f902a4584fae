//! `homebiz import KIND FILE`: CSV import, one file one transaction.

use std::io::{BufRead, BufReader, IsTerminal};
use std::path::{Path, PathBuf};

use crate::context::say;
use anyhow::Result;
use clap::{Args, ValueEnum};
use homebiz::import::{ImportKind, ImportOptions, OnError};
use indicatif::{ProgressBar, ProgressStyle};

use crate::output::Rejects;

/// Arguments of `homebiz import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// What the file holds.
    #[arg(value_enum)]
    kind: Kind,

    /// The CSV file (columns in the README, "CSV formats").
    file: PathBuf,

    /// Validate everything, write nothing.
    #[arg(long)]
    dry_run: bool,

    /// On a bad row: abort the whole file, or skip the row.
    #[arg(long, value_enum, default_value_t = OnErrorArg::Abort)]
    on_error: OnErrorArg,

    /// With `--on-error skip`: write the bad rows and their reasons here.
    #[arg(long, requires = "on_error")]
    rejects: Option<PathBuf>,

    /// Update records that exist with other content: each such row's
    /// differing fields become one audited update (identity columns, such
    /// as a household's office, are refused). Without it they are
    /// conflicts. Only the columns the file has count: a column left out,
    /// or an empty cell, keeps the stored value (clear one with `edit`);
    /// support and disability need their consent column = yes, as on
    /// create.
    #[arg(long)]
    update: bool,

    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

impl ImportArgs {
    /// Whether this is a dry run (which writes nothing).
    pub(crate) fn dry_run(&self) -> bool {
        self.dry_run
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    Offices,
    Households,
    People,
    Businesses,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OnErrorArg {
    Abort,
    Skip,
}

/// Rows from which a progress bar is worth drawing.
const PROGRESS_FROM_ROWS: u64 = 1_000;

pub(crate) fn run(db: &Path, args: &ImportArgs) -> Result<String> {
    let mut rejects = Rejects::new(args.rejects.as_deref(), db, &args.file, !args.dry_run)?;
    let (program, actor) = crate::context::open_acting(db)?;
    let kind = match args.kind {
        Kind::Offices => ImportKind::Offices,
        Kind::Households => ImportKind::Households,
        Kind::People => ImportKind::People,
        Kind::Businesses => ImportKind::Businesses,
    };
    let on_error = match args.on_error {
        OnErrorArg::Abort => OnError::Abort,
        OnErrorArg::Skip => OnError::Skip,
    };
    let bar = progress_bar(&args.file)?;
    let name = crate::context::file_label(&args.file);
    let writer = rejects.writer();
    // Without a rejects file to read them in, the skipped rows' reasons
    // are printed under the summary.
    let listed = writer.is_none();
    let report = program.import(
        &actor,
        kind,
        &name,
        BufReader::new(crate::context::input(&args.file)?),
        &ImportOptions::new(on_error, args.dry_run)
            .with_update(args.update)
            .with_lang(crate::context::lang()),
        writer,
        &mut |rows| {
            if let Some(bar) = &bar {
                bar.set_position(rows);
            }
        },
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = report?;
    // Conflicts are skipped rows too: they go to the rejects, counted
    // apart from the rejected rows.
    let written = rejects.finish(report.rejected + report.conflicts)?;
    if args.json {
        return crate::context::json(&report);
    }
    let verb = if report.dry_run {
        say!("checked (dry run, nothing written)")
    } else {
        say!("imported")
    };
    let conflicts = crate::context::conflicts(report.conflicts);
    let reasons = if listed {
        reasons(&report)
    } else {
        String::new()
    };
    let rows = crate::context::count(report.rows, "row");
    // People created and flagged for review are named with where to
    // review them (a flag is otherwise silent).
    let reasons = match report.flagged {
        0 => reasons,
        n => {
            let flagged = crate::context::count(n, "likely duplicate");
            format!(
                "\n{}{reasons}",
                say!(
                    "{flagged} flagged for review (same name and birth date as someone in the office): homebiz duplicates list shows them",
                    flagged = flagged,
                )
            )
        }
    };
    if args.update {
        return Ok(say!(
            "{verb} {file}: {rows}, {created} created, {updated} updated, {unchanged} unchanged, {refused} refused{conflicts}",
            verb = verb,
            file = report.file,
            rows = rows,
            created = report.created,
            updated = report.updated,
            unchanged = report.existing,
            refused = report.rejected,
            conflicts = conflicts,
        ) + &reasons);
    }
    Ok(say!(
        "{verb} {file}: {rows}, {created} created, {existing} existing, {rejected} rejected{conflicts}{written}",
        verb = verb,
        file = report.file,
        rows = rows,
        created = report.created,
        existing = report.existing,
        rejected = report.rejected,
        conflicts = conflicts,
        written = written,
    ) + &reasons)
}

/// How many skipped rows' reasons are printed when no rejects file is.
const LISTED_REASONS: usize = 10;

/// The skipped rows' reasons, one a line under the summary (at most
/// [`LISTED_REASONS`], then how many more), or nothing when none was.
fn reasons(report: &homebiz::import::ImportReport) -> String {
    let skipped = report.rejected + report.conflicts;
    let mut out = String::new();
    for reason in report.problems.iter().take(LISTED_REASONS) {
        out.push_str("\n  ");
        out.push_str(reason);
    }
    let shown = report.problems.len().min(LISTED_REASONS) as u64;
    if skipped > shown {
        out.push_str("\n  ");
        out.push_str(&say!("and {more} more", more = skipped - shown));
    }
    out
}

/// A bar on stderr for files of more than [`PROGRESS_FROM_ROWS`] rows, when
/// stderr is a terminal.
fn progress_bar(path: &Path) -> Result<Option<ProgressBar>> {
    if !std::io::stderr().is_terminal() {
        return Ok(None);
    }
    let file = crate::context::input(path)?;
    let rows = BufReader::new(file).lines().count().saturating_sub(1) as u64;
    if rows <= PROGRESS_FROM_ROWS {
        return Ok(None);
    }
    let bar = ProgressBar::new(rows);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} rows {eta}") {
        bar.set_style(style);
    }
    Ok(Some(bar))
}
