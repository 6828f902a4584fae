//! What every data command needs: the database, the acting user, output.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use anyhow::{Context as _, Result, anyhow};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use homebiz::backend::{Backend, BackendProgram, Location};
use homebiz::core::FixedClock;
use homebiz::core::id::{ActorId, TypedId};
use homebiz::core::money::MoneyUnit;
use homebiz::core::text::Lang;
use homebiz::core::{Clock, Money, MoneyFormat, SystemClock};
use homebiz::registry::Actor;
use homebiz::sqlite::{OpenMode, SqliteError, SqliteStore};
use serde::Serialize;

/// The CLI's actor in the audit trail when `HOMEBIZ_ACTOR` is not set.
const DEFAULT_ACTOR: &str = "00000000-0000-7000-8000-000000000001";

/// What the running command does with the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// `init`: create the file or the schema, or upgrade it.
    Init,
    /// Only read: the database is opened read-only.
    Read,
    /// Read and write an existing, up-to-date database.
    Write,
    /// An import's dry run: writes in a transaction that it rolls back;
    /// on a database the user cannot write, in a copy in memory.
    DryRun,
}

/// The running command's access, set once by `main` before it runs.
static ACCESS: OnceLock<Access> = OnceLock::new();

/// Declares what the running command does with the database (once, from
/// `main`).
pub(crate) fn set_access(access: Access) {
    let _already = ACCESS.set(access);
}

/// How the output for people is written: its language and the unit of its
/// amounts. Set once by `main` from `--lang`/`HOMEBIZ_LANG` and
/// `--unit`/`HOMEBIZ_UNIT`; every renderer reads it through [`lang`],
/// [`word`], [`money`] and [`money_header`], and [`table`] translates its
/// headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct View {
    /// English (the default) or Persian.
    pub(crate) lang: Lang,
    /// Rial (the default, the ledger's unit) or toman.
    pub(crate) unit: MoneyUnit,
}

/// The output's view, set once by `main` before the command runs.
static VIEW: OnceLock<View> = OnceLock::new();

/// Declares the output's language and money unit (once, from `main`).
pub(crate) fn set_view(view: View) {
    let _already = VIEW.set(view);
}

/// The output's view: what `main` set, or English and rials.
pub(crate) fn view() -> View {
    VIEW.get().copied().unwrap_or_default()
}

/// The output's language.
pub(crate) fn lang() -> Lang {
    view().lang
}

/// `en` (a header, a label) in the output's language
/// ([`i18n::word`](crate::i18n::word)).
pub(crate) fn word(en: &str) -> &str {
    crate::i18n::word(en, lang())
}

/// A sentence for people in the output's language: `say!("entry {id}
/// reversed", id = key)` writes the [`i18n`](crate::i18n) catalogue's
/// Persian for that English sentence under `--lang fa`, with its `{slots}`
/// filled by name, and the English sentence otherwise. A slot's value that
/// is a number (an integer, a decimal, a date, a month, or
/// [`Numeric`](crate::i18n::Numeric) text) is written with the output's
/// digits ([`i18n::Slot`](crate::i18n::Slot)); any other value (a code, an
/// ID, a path, text already for people) as it is.
macro_rules! say {
    ($en:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::i18n::{NumberSlot as _, TextSlot as _};
        let lang = $crate::context::lang();
        $crate::i18n::sentence(
            $en,
            lang,
            &[$((
                stringify!($name),
                &(&$crate::i18n::Slot(&$value)).slot(lang) as &dyn ::std::fmt::Display,
            )),*],
        )
    }};
}
pub(crate) use say;

/// A record's field name (`hours_per_week`) for people: as recorded in
/// English, from the catalogue in Persian (its words without `_`).
pub(crate) fn field(name: &str) -> String {
    match lang() {
        Lang::En => name.to_owned(),
        Lang::Fa => word(&name.replace('_', " ")).to_owned(),
    }
}

/// How the output writes amounts: in its unit, with its language's digits,
/// without the unit's name (the header says it).
pub(crate) fn money_format() -> MoneyFormat {
    let View { lang, unit } = view();
    let format = MoneyFormat::for_lang(lang).without_label();
    match unit {
        MoneyUnit::Toman => format.toman(),
        _ => format,
    }
}

/// How the output writes an amount in a sentence: as [`money_format`],
/// with the unit's name after the number.
pub(crate) fn money_format_named() -> MoneyFormat {
    let mut format = money_format();
    format.label = Some(lang());
    format
}

/// An amount for a table cell, by [`money_format`].
pub(crate) fn money(amount: Money) -> String {
    amount.format(&money_format())
}

/// The name of the output's money unit in its language: `rial`, `تومان`.
pub(crate) fn unit_name() -> &'static str {
    let View { lang, unit } = view();
    crate::i18n::unit_name(unit, lang)
}

/// The header of a money column: `capital (rial)`, `سرمایه (تومان)`.
pub(crate) fn money_header(en: &str) -> String {
    format!("{} ({})", word(en), unit_name())
}

/// Creates the database at `db` (a SQLite path or a `postgres://` URL), or
/// brings its schema up to date (only `init`); returns its schema version.
pub(crate) fn create(db: &Path) -> Result<u32> {
    Ok(backend(db, true)?.schema_version()?)
}

/// `db` as it may be shown: a path, or a URL without user or password.
pub(crate) fn shown(db: &Path) -> String {
    Location::new(db).to_string()
}

/// Refuses a folder given where a file is to be read, named by the path
/// as given (a folder opens on some systems and fails only when read,
/// as "not CSV").
pub(crate) fn not_a_folder(path: &Path) -> Result<()> {
    if path.is_dir() {
        anyhow::bail!(say!(
            "{file} is a folder, not a file: give the file in it",
            file = path.display()
        ));
    }
    Ok(())
}

/// How a file read by a command is named in its messages and headings:
/// by its file name when `path` is a regular file (`people.csv`), else by
/// the path as the user typed it. A device (`/dev/null`, `/dev/stdin`), a
/// pipe, a folder or a path with no file name (`..`) would otherwise be
/// named by a last part that says nothing (`null`) or by nothing.
pub(crate) fn file_label(path: &Path) -> String {
    match path.file_name() {
        Some(name) if path.is_file() => name.to_string_lossy().into_owned(),
        _ => path.display().to_string(),
    }
}

/// The file at `path`, opened to be read: not a folder
/// ([`not_a_folder`]), named by the path as given when it cannot be
/// opened.
pub(crate) fn input(path: &Path) -> Result<std::fs::File> {
    not_a_folder(path)?;
    std::fs::File::open(path).with_context(|| say!("cannot open {file}", file = path.display()))
}

/// Opens the whole programme (registry, market, ledger, catalog) on the
/// database at `db`, a SQLite file that must exist or a `postgres://`
/// URL.
fn open_program(db: &Path) -> Result<BackendProgram> {
    BackendProgram::on(backend(db, false)?, clock()?)
        .with_context(|| say!("cannot open {file}", file = shown(db)))
}

/// The backend at `db`: a PostgreSQL database for a `postgres://` URL (its
/// schema created or upgraded: the server's database is shared, there is
/// no file to protect), else the SQLite file of [`store`].
fn backend(db: &Path, create: bool) -> Result<Backend> {
    match Location::new(db) {
        Location::Postgres(url) => Ok(Backend::Postgres(Arc::new(
            homebiz::postgres::PgStore::open(&url)
                .with_context(|| say!("cannot open {file}", file = shown(db)))?,
        ))),
        Location::Sqlite(path) => Ok(Backend::Sqlite(Arc::new(store(&path, create)?))),
    }
}

/// Opens the database at `path`: created or upgraded with `create` (only
/// `init`), otherwise an existing, up-to-date homebiz database, read-only
/// when the command only reads.
fn store(path: &Path, create: bool) -> Result<SqliteStore> {
    let mode = match (create, ACCESS.get()) {
        (true, _) | (false, Some(Access::Init)) => OpenMode::Create,
        (false, Some(Access::Read)) => OpenMode::ReadOnly,
        (false, Some(Access::Write | Access::DryRun) | None) => OpenMode::Existing,
    };
    let shown = path.display();
    let opened = match SqliteStore::open_with(path, mode) {
        // A dry run on a database this user cannot write checks the rows on
        // a copy in memory: the same answer, nothing written anywhere.
        Err(SqliteError::NotWritable) if ACCESS.get() == Some(&Access::DryRun) => {
            SqliteStore::open_copy_in_memory(path)
        }
        opened => opened,
    };
    opened.map_err(|e| match e {
        SqliteError::Missing => {
            anyhow!(say!("database {db} does not exist: run `homebiz init` first", db = shown))
        }
        SqliteError::NoSchema => {
            anyhow!(say!(
                "database {db} is empty (no homebiz schema): run `homebiz init` first",
                db = shown
            ))
        }
        SqliteError::Outdated { found, current } => anyhow!(say!(
            "database {db} has schema version {found}, older than this homebiz's {current}: run `homebiz init` to upgrade it",
            db = shown,
            found = found,
            current = current
        )),
        SqliteError::NotWritable => match ACCESS.get() {
            Some(Access::Init) => anyhow!(say!(
                "database {db} is read-only here: init writes it",
                db = shown
            )),
            _ => anyhow!(say!(
                "database {db} is read-only here: commands that only read work, this one writes",
                db = shown
            )),
        },
        SqliteError::PermissionDenied => {
            anyhow!(say!("database {db}: permission denied", db = shown))
        }
        SqliteError::NotAFile { what } => anyhow!(say!(
            "database {db} is {what}, not a file",
            db = shown,
            what = homebiz::sqlite::describe::path_kind(what, lang())
        )),
        SqliteError::UnreadWal => anyhow!(say!(
            "database {db} has writes in its -wal file that cannot be read in a read-only folder: copy the files to a writable folder",
            db = shown
        )),
        SqliteError::NotHomebiz => {
            anyhow!(say!(
                "{db} is not a homebiz database: it is left as it is",
                db = shown
            ))
        }
        e => anyhow::Error::new(e).context(say!("cannot open {file}", file = shown)),
    })
}

/// The system clock, or a fixed instant from `HOMEBIZ_NOW` (RFC 3339) for
/// reproducible runs.
fn clock() -> Result<std::sync::Arc<dyn Clock>> {
    Ok(match std::env::var("HOMEBIZ_NOW") {
        Ok(now) => std::sync::Arc::new(FixedClock::new(
            now.parse()
                .with_context(|| say!("HOMEBIZ_NOW is not an RFC 3339 instant"))?,
        )),
        Err(_) => std::sync::Arc::new(SystemClock),
    })
}

/// Today, by the clock of [`clock`].
pub(crate) fn today() -> Result<homebiz::core::JalaliDate> {
    Ok(clock()?.today()?)
}

/// Who wrote a record, for people: a configured user by login code
/// (`user`), the CLI's built-in user (no `--user`, no `HOMEBIZ_ACTOR`) as
/// "programme" in the output's language, anyone else by ID; empty for
/// none (older rows).
pub(crate) fn who(user: Option<&String>, id: Option<ActorId>) -> String {
    match (user, id) {
        (Some(user), _) => user.clone(),
        (None, Some(id)) if id.to_string() == DEFAULT_ACTOR => word("programme").to_owned(),
        (None, Some(id)) => id.to_string(),
        (None, None) => String::new(),
    }
}

/// An instant as people in Iran read it: its Jalali day and the time of
/// day in Iran (UTC+03:30), `1404-03-11 14:05:00`.
pub(crate) fn moment_of(at: homebiz::core::chrono::DateTime<homebiz::core::chrono::Utc>) -> String {
    let iran = at.naive_utc()
        + homebiz::core::chrono::TimeDelta::seconds(homebiz::core::clock::IRAN_UTC_OFFSET_SECONDS);
    format!("{} {}", day_of(at), iran.format("%H:%M:%S"))
}

/// The Jalali day (in Iran) of the instant `at`, as every table writes a
/// day (the Gregorian day only for an instant beyond the Jalali
/// calendar's range, which no record holds).
pub(crate) fn day_of(at: homebiz::core::chrono::DateTime<homebiz::core::chrono::Utc>) -> String {
    FixedClock::new(at)
        .today()
        .map_or_else(|_| at.format("%Y-%m-%d").to_string(), |d| d.to_string())
}

/// The acting user when no configured user is named: `HOMEBIZ_ACTOR` (a
/// UUID) or the CLI's default, seeing the whole registry.
fn actor() -> Result<Actor> {
    let id = std::env::var("HOMEBIZ_ACTOR").unwrap_or_else(|_| DEFAULT_ACTOR.to_owned());
    let id: ActorId = id
        .parse()
        .with_context(|| say!("HOMEBIZ_ACTOR is not a uuid"))?;
    Ok(Actor::unrestricted(ActorId::from_uuid(id.as_uuid())))
}

/// The user named by `--user` (set once by `main`), if any.
static USER: OnceLock<Option<String>> = OnceLock::new();

/// Declares the `--user` option's value (once, from `main`).
pub(crate) fn set_user(user: Option<String>) {
    let _already = USER.set(user);
}

/// The configured user to act as: `--user`, else `HOMEBIZ_USER` (empty is
/// none).
fn user_code() -> Option<String> {
    USER.get()
        .cloned()
        .flatten()
        .or_else(|| std::env::var("HOMEBIZ_USER").ok())
        .map(|code| code.trim().to_owned())
        .filter(|code| !code.is_empty())
}

/// The acting user, in this order:
///
/// 1. a configured user, `--user CODE` or else `HOMEBIZ_USER`: their ID,
///    limited to their office (or the whole programme); an unknown code is
///    an error naming it, and `HOMEBIZ_ACTOR` and `HOMEBIZ_OFFICE` are not
///    read;
/// 2. otherwise [`actor`] (`HOMEBIZ_ACTOR` or the CLI's default), limited to
///    one office (and the offices below it) when `HOMEBIZ_OFFICE` names
///    one by code.
fn acting(program: &BackendProgram) -> Result<Actor> {
    if let Some(code) = user_code() {
        return Ok(program.sign_in(&code)?);
    }
    let actor = actor()?;
    match std::env::var("HOMEBIZ_OFFICE") {
        Ok(code) if !code.is_empty() => {
            let office = program
                .offices(&actor)?
                .into_iter()
                .find(|o| o.code() == code.trim())
                .ok_or_else(|| {
                    anyhow!(say!("HOMEBIZ_OFFICE: office {code} not found", code = code))
                })?;
            Ok(Actor::scoped(actor.id, office.id()))
        }
        _ => Ok(actor),
    }
}

/// The programme at `path` and the user acting on it ([`acting`]).
pub(crate) fn open_acting(path: &Path) -> Result<(BackendProgram, Actor)> {
    let program = open_program(path)?;
    let actor = acting(&program)?;
    Ok((program, actor))
}

/// Pretty JSON.
pub(crate) fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).context("cannot write json")
}

/// `--json [--personal]`, for the commands whose JSON carries people.
#[derive(Debug, clap::Args)]
pub(crate) struct PersonJson {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// Keep the national IDs and mobiles in the JSON (left out without it,
    /// as the tables leave them out).
    #[arg(long, requires = "json")]
    pub(crate) personal: bool,
}

/// `--json [--personal]`, for the commands that show households: their
/// personal fields ([`HOUSEHOLD_PERSONAL`]) and their members' national
/// IDs and mobiles only with `--personal`, in tables and JSON alike.
///
/// [`HOUSEHOLD_PERSONAL`]: homebiz::program::personal::HOUSEHOLD_PERSONAL
#[derive(Debug, clap::Args)]
pub(crate) struct HouseholdJson {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// Show the personal fields: the households' addresses, baseline
    /// incomes and support coverage, and in JSON the members' national IDs
    /// and mobiles (left out without it, as export leaves them out)
    #[arg(long)]
    pub(crate) personal: bool,
}

/// The activity `code` as people read it: under Persian the catalog's
/// Persian name (a catalog entry always has both names: the catalog
/// refuses one without), in English its code, as the English output has
/// always written it; a code the catalog does not have (an activity since
/// removed from it) as it is.
pub(crate) fn activity(catalog: &homebiz::scoring::catalog::Catalog, code: &str) -> String {
    match (lang(), catalog.get(code)) {
        (Lang::Fa, Some(activity)) => activity.name(Lang::Fa).to_owned(),
        _ => code.to_owned(),
    }
}

/// A skill's code as people read it in the output's language
/// ([`skill_name`](homebiz::scoring::skills::skill_name)), but in English
/// its code, as the English output has always written it.
pub(crate) fn skill(code: &str) -> String {
    match lang() {
        Lang::Fa => homebiz::scoring::skills::skill_name(code, Lang::Fa).into_owned(),
        Lang::En => code.to_owned(),
    }
}

/// A person's skill as people read it: its name ([`skill`]) and its level
/// in the output's language, `sewing (advanced)`, `خیاطی (پیشرفته)`;
/// its certificate, if any, is not shown.
pub(crate) fn skill_with_level(s: &homebiz::registry::Skill) -> String {
    format!("{} ({})", skill(&s.code), s.level.name(lang()))
}

/// The numbers of `text` (counts, dates, decimals, rates) with the output's
/// digits and separators ([`numerals`](homebiz::core::text::numerals)):
/// for text a command wrote itself that is not a sentence's slot.
pub(crate) fn numerals(text: &str) -> String {
    homebiz::core::text::numerals(text, lang()).into_owned()
}

/// The columns (by their English header) and the rows of a field/value
/// table (by their field's English word) that hold codes and IDs: their
/// cells keep the digits they were written with, as the user typed them
/// or the store made them, in every language.
const CODE_COLUMNS: &[&str] = &[
    "code",
    "id",
    "by",
    "who",
    "entry",
    "reverses / reversed by",
    "reverses",
    "reversed by",
    "order",
    "booth",
    "application",
    "business",
    "household",
    "office",
    "parent",
    "channel",
    "loan",
    "user",
    "licence",
    "health certificate",
];

/// A table with a header row, each header in the output's language
/// ([`word`]). Under Persian every cell's numbers are written with Persian
/// digits and separators ([`numerals`]), but for the cells of codes and
/// IDs ([`CODE_COLUMNS`]: such a column, or in a field/value table such a
/// field's row).
pub(crate) fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let lang = lang();
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(header.iter().map(|h| word(h)));
    let codes: Vec<bool> = header.iter().map(|h| CODE_COLUMNS.contains(h)).collect();
    let fields = header == ["field", "value"];
    for mut row in rows {
        if lang == Lang::Fa {
            let code_row = fields
                && row
                    .first()
                    .is_some_and(|field| CODE_COLUMNS.iter().any(|c| word(c) == field.as_str()));
            for (i, cell) in row.iter_mut().enumerate() {
                let code = codes.get(i).copied().unwrap_or(false) || (code_row && i > 0);
                if !code {
                    *cell = homebiz::core::text::numerals(cell, lang).into_owned();
                }
            }
        }
        table.add_row(row);
    }
    table.to_string()
}

/// A number in a cell, with ASCII, Persian or Arabic-Indic digits; `a/b`
/// fractions too (for AHP judgements such as 1/3).
pub(crate) fn number(cell: &str) -> Option<f64> {
    let text = homebiz::core::text::digits_to_ascii(cell.trim()).replace('٫', ".");
    match text.split_once('/') {
        Some((a, b)) => Some(a.trim().parse::<f64>().ok()? / b.trim().parse::<f64>().ok()?),
        None => text.parse().ok(),
    }
}

/// A date, Jalali or (from year 1700) Gregorian, in any digits.
pub(crate) fn date(text: &str) -> Result<homebiz::core::JalaliDate> {
    Ok(homebiz::core::JalaliDate::parse_guess(text)
        .with_context(|| text.to_owned())?
        .0)
}

/// A date as [`date`] reads it, plausible for its `kind` today
/// ([`DateKind`](homebiz::core::validate::DateKind)); `field` names it in
/// the error.
pub(crate) fn date_of(
    field: &str,
    text: &str,
    kind: homebiz::core::validate::DateKind,
) -> Result<homebiz::core::JalaliDate> {
    let day = date(text)?;
    homebiz::core::validate::date(kind, day, today()?).map_err(|reason| {
        anyhow!(say!(
            "{field} {reason}",
            field = field,
            reason = homebiz::core::describe::translate(&reason, lang(), &[])
        ))
    })?;
    Ok(day)
}

/// Whole rials, in any digits, with one kind of thousands separator
/// (`,`, `٬`, `_`) between groups of three digits
/// ([`parse_whole`](homebiz::core::text::parse_whole)).
pub(crate) fn rials(text: &str) -> Result<homebiz::core::Money> {
    Ok(homebiz::core::Money::rial(rials_value(text).map_err(
        |reason| {
            anyhow!(say!(
                "invalid amount {text}: {reason}",
                text = text,
                reason = homebiz::core::describe::translate(&reason, lang(), &[])
            ))
        },
    )?))
}

/// Whole rials as [`rials`] reads them, as a number of rials.
fn rials_value(text: &str) -> Result<i64, String> {
    let n = homebiz::core::text::parse_whole(text).map_err(|e| e.to_string())?;
    i64::try_from(n).map_err(|_| "is too large for an amount".to_owned())
}

/// A money option's value parser (`value_parser = rials_arg`): whole
/// rials as [`rials`] reads them, given back in ASCII digits; clap's
/// error names the option and the reason.
pub(crate) fn rials_arg(text: &str) -> Result<String, String> {
    Ok(rials_value(text)?.to_string())
}

/// A money option's value parser for an `i64` of rials.
pub(crate) fn rials_i64(text: &str) -> Result<i64, String> {
    rials_value(text)
}

/// A whole-number option's value parser: ASCII, Persian or Arabic-Indic
/// digits, thousands separators between groups of three
/// ([`parse_whole`](homebiz::core::text::parse_whole)), from `min` to
/// `max`. Used as `value_parser = |s: &str| whole::<u8>(s, 1, 13)`; clap's
/// error names the option.
/// Every refusal names the range: a value below `min` of an option
/// without a practical maximum is told the minimum, any other the whole
/// range, and text that is no whole number what is wrong and the range.
pub(crate) fn whole<T: TryFrom<u64>>(text: &str, min: u64, max: u64) -> Result<T, String> {
    let n = homebiz::core::text::parse_whole(text)
        .map_err(|e| format!("{e}; a whole number from {min} to {max} is needed"))?;
    if n < min && (max == u64::from(u32::MAX) || max == u64::MAX) {
        return Err(format!("must be at least {min}"));
    }
    if !(min..=max).contains(&n) {
        return Err(format!("must be from {min} to {max}"));
    }
    T::try_from(n).map_err(|_| format!("must be from {min} to {max}"))
}

/// A decimal option's value parser: ASCII, Persian or Arabic-Indic
/// digits, `.` or `٫` before the fraction.
pub(crate) fn decimal_arg(text: &str) -> Result<homebiz::core::rust_decimal::Decimal, String> {
    homebiz::core::text::digits_to_ascii(text.trim())
        .replace('٫', ".")
        .parse()
        .map_err(|_| "is not a number (write 30 or 12.5)".to_owned())
}

/// `n` and `noun`, in the plural unless `n` is 1: `1 month`, `2 months`,
/// `3 batches`, `2 entries`. For every count the CLI prints with a noun.
///
/// In Persian a noun after a number stays singular: `2 سند`.
pub(crate) fn count(n: impl TryInto<u64> + Copy + std::fmt::Display, noun: &str) -> String {
    if lang() == Lang::Fa {
        return format!("{} {}", numerals(&n.to_string()), word(noun));
    }
    let one = n.try_into().ok() == Some(1);
    if one {
        return format!("{n} {noun}");
    }
    let plural = if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else if let Some(stem) = noun.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{stem}ies")
    } else if noun == "person" {
        "people".to_owned()
    } else {
        format!("{noun}s")
    };
    format!("{n} {plural}")
}

/// An import summary's conflicts, named only when there are some:
/// `, 2 conflicts`, or nothing.
pub(crate) fn conflicts(n: u64) -> String {
    match n {
        0 => String::new(),
        n => format!("{} {}", numerals(","), count(n, "conflict")),
    }
}

/// A rate: `9%` or `0.09`, in any digits, with the Persian percent sign
/// `٪` and decimal separator `٫` too (`۴٪`, `۰٫۰۴`).
pub(crate) fn rate(text: &str) -> Result<homebiz::core::rust_decimal::Decimal> {
    use homebiz::core::rust_decimal::Decimal;
    let text = homebiz::core::text::digits_to_ascii(text.trim())
        .replace('\u{066A}', "%")
        .replace('\u{066B}', ".");
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim().to_owned(), true),
        None => (text.clone(), false),
    };
    let value: Decimal = number.parse().map_err(|e| {
        let message = say!("invalid rate {text}: write 9% or 0.09", text = text);
        // rust_decimal's reason is English only: stated in English output.
        match lang() {
            Lang::En => anyhow::Error::new(e).context(message),
            Lang::Fa => anyhow!(message),
        }
    })?;
    Ok(if percent {
        value / Decimal::ONE_HUNDRED
    } else {
        value
    })
}

/// A code or ID given as an argument, normalised as the importers
/// normalise keys (Persian and Arabic-Indic digits to ASCII, Arabic letters
/// to Persian), so `S-۰۰۰۰۰۱` names what `S-000001` does.
pub(crate) fn key_arg(text: &str) -> Result<String, std::convert::Infallible> {
    Ok(homebiz::import::key(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "month"), "1 month");
        assert_eq!(count(3u64, "month"), "3 months");
        assert_eq!(count(0usize, "batch"), "0 batches");
        assert_eq!(count(1, "batch"), "1 batch");
        assert_eq!(count(2, "entry"), "2 entries");
        assert_eq!(count(2, "business"), "2 businesses");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(2, "activity"), "2 activities");
    }

    #[test]
    fn whole_numbers_in_any_digits_within_a_range() {
        assert_eq!(whole::<u32>("۳", 1, u64::from(u32::MAX)), Ok(3));
        assert_eq!(whole::<u32>("1,000", 1, u64::from(u32::MAX)), Ok(1000));
        assert!(whole::<u32>("1,00,0", 1, 10_000).is_err());
        assert_eq!(
            whole::<u8>("0", 1, 13),
            Err("must be from 1 to 13".to_owned())
        );
        assert_eq!(rials_arg("۱٬۰۰۰"), Ok("1000".to_owned()));
        assert!(rials_arg("1,00,0").is_err());
        assert!(rials_arg("99999999999999999999").is_err());
    }
}
