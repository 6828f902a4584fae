//! `homebiz export KIND --office CODE --format csv|json`: an office's records
//! in the import's columns, through `Program::export`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};
use homebiz::core::iran::PseudonymKey;
use homebiz::program::export::{ExportKind, ExportOptions};

use crate::output::Output;

/// The environment variable that may hold the pseudonym key.
const KEY_VAR: &str = "HOMEBIZ_PSEUDONYM_KEY";

/// What to export.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Kind {
    /// Households (the `import households` columns).
    Households,
    /// People (the `import people` columns).
    People,
    /// Businesses (the `import businesses` columns).
    Businesses,
    /// Producers' offers of the office's businesses (`offers import`).
    Offers,
    /// Buyer orders (`orders import`; they belong to the whole programme).
    Orders,
    /// Sales in force of the office's businesses (`sales import`), with
    /// their entry IDs.
    Sales,
    /// Likely-duplicate flags with their verdicts (`duplicates import`),
    /// by national ID: needs --personal or --pseudonymise.
    Duplicates,
}

/// The file format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// CSV, which the import reads back.
    Csv,
    /// JSON: an array of objects keyed by column.
    Json,
}

/// Arguments of `homebiz export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// What to export.
    kind: Kind,
    /// The office (with the offices below it).
    #[arg(long)]
    office: String,
    /// The format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Include the personal columns: national IDs, mobiles, names, birth
    /// dates, addresses, incomes, disability and support coverage.
    #[arg(long)]
    personal: bool,
    /// Write national IDs and mobiles as keyed HMAC pseudonyms; the key
    /// comes from --key-file or HOMEBIZ_PSEUDONYM_KEY (at least 16 bytes).
    #[arg(long)]
    pseudonymise: bool,
    /// The file holding the pseudonym key.
    #[arg(long, requires = "pseudonymise")]
    key_file: Option<PathBuf>,
    /// Write to this file (private, replaced whole) instead of printing.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The pseudonym key: from the key file, else from `HOMEBIZ_PSEUDONYM_KEY`.
fn key(args: &ExportArgs) -> Result<PseudonymKey> {
    let secret = match &args.key_file {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| {
                crate::context::say!("--key-file {file}: cannot read", file = path.display())
            })?;
            // A trailing newline from an editor is not part of the key.
            let end = bytes
                .iter()
                .rposition(|b| !matches!(b, b'\n' | b'\r'))
                .map_or(0, |i| i + 1);
            bytes[..end].to_vec()
        }
        None => match std::env::var(KEY_VAR) {
            Ok(value) if !value.is_empty() => value.into_bytes(),
            _ => bail!(crate::context::say!(
                "--pseudonymise needs --key-file or {var}",
                var = KEY_VAR
            )),
        },
    };
    PseudonymKey::new(&secret).with_context(|| crate::context::say!("the pseudonym key"))
}

/// Runs `homebiz export`.
pub(crate) fn run(db: &Path, args: &ExportArgs) -> Result<String> {
    let inputs: Vec<&Path> = args.key_file.as_deref().into_iter().collect();
    let mut out = args
        .out
        .as_deref()
        .map(|path| Output::new("--out", path, db, &inputs))
        .transpose()?;
    let options = ExportOptions {
        personal: args.personal,
        pseudonymise: if args.pseudonymise {
            Some(key(args)?)
        } else {
            None
        },
    };
    let kind = match args.kind {
        Kind::Households => ExportKind::Households,
        Kind::People => ExportKind::People,
        Kind::Businesses => ExportKind::Businesses,
        Kind::Offers => ExportKind::Offers,
        Kind::Orders => ExportKind::Orders,
        Kind::Sales => ExportKind::Sales,
        Kind::Duplicates => ExportKind::Duplicates,
    };
    let (program, actor) = crate::context::open_acting(db)?;
    let table = program.export(&actor, kind, &args.office, &options)?;
    let text = match args.format {
        Format::Csv => table.to_csv()?,
        Format::Json => table.to_json()? + "\n",
    };
    match &mut out {
        Some(out) => {
            out.write(text.as_bytes())?;
            Ok(crate::context::say!(
                "wrote {rows} to {file}",
                rows = crate::context::count(table.rows.len(), "row"),
                file = out.shown()
            ))
        }
        None => Ok(text.trim_end_matches('\n').to_owned()),
    }
}
