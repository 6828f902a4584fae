//! Income tracking: `sale`, `sales`, `entry`, `report` and `loan`. Each
//! command parses its arguments, calls one `Program` use case as the
//! acting user (see `context::acting`) and renders the result.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::text::Lang;
use homebiz::core::validate::DateKind;
use homebiz::core::{JalaliMonthRange, Money};
use homebiz::import::OnError;
use homebiz::income::indicators::{GraduationRule, SustainedRule};
use homebiz::income::loan::Schedule;
use homebiz::income::report::{Granularity, GroupBy};
use homebiz::program::ProgramError;
use homebiz::program::ledger::{LoanTerms, LoanView, NewLoan, NewSale, ReportKey};
use homebiz::sales::SalesOptions;
use homebiz::scoring::catalog::Catalog;

use crate::context::{count, date, json, rate, rials, rials_arg, say, table, whole};
use crate::output::{Output, Rejects};
use homebiz::income::indicators::MAX_WINDOW;
use homebiz::market::linkage::MAX_MONTHS;

/// `homebiz sale …`
#[derive(Debug, Subcommand)]
pub(crate) enum SaleCommand {
    /// Record one sale.
    Record(Box<SaleArgs>),
}

/// Arguments of `homebiz sale record`.
#[derive(Debug, Args)]
pub(crate) struct SaleArgs {
    /// The business's code or ID.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    business: String,
    /// The channel's code or ID, if it sold through one.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    channel: Option<String>,
    /// The day (Jalali, or Gregorian from 1700).
    #[arg(long)]
    date: String,
    /// Units sold.
    #[arg(long, value_parser = |s: &str| whole::<u32>(s, 1, u64::from(u32::MAX)))]
    quantity: u32,
    /// Price per unit, in rials.
    #[arg(long, value_parser = rials_arg)]
    unit_price: String,
    /// The channel's commission on the sale, in rials.
    #[arg(long, default_value = "0", value_parser = rials_arg)]
    commission: String,
    /// The entry's ID: a UUID, or any text key of the business's own (the
    /// same key for the same business is the same entry; another business
    /// may use it too). Default: a new UUID.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    id: Option<String>,
    /// Print the recorded entry as JSON.
    #[arg(long)]
    json: bool,
}

/// What to do with a bad row.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum OnErrorArg {
    /// Refuse the whole file.
    Abort,
    /// Import the good rows; write the bad ones to --rejects.
    Skip,
}

/// `homebiz sales …`
#[derive(Debug, Subcommand)]
pub(crate) enum SalesCommand {
    /// Import sales from a CSV file (columns: id, business, channel, date,
    /// quantity, unit_price, commission).
    Import(SalesImportArgs),
}

/// Arguments of `homebiz sales import`.
#[derive(Debug, Args)]
pub(crate) struct SalesImportArgs {
    /// The CSV file.
    file: PathBuf,
    /// Refuse the file on a bad row (abort), or skip bad rows.
    #[arg(long, value_enum, default_value = "abort")]
    on_error: OnErrorArg,
    /// Where to write the bad rows, with their reason (with --on-error skip).
    #[arg(long)]
    rejects: Option<PathBuf>,
    /// Rows per transaction (1 to 1,000,000).
    #[arg(long, default_value_t = 100_000, value_parser = |s: &str| whole::<usize>(s, 1, 1_000_000))]
    batch: usize,
}

/// `homebiz entry …`
#[derive(Debug, Subcommand)]
pub(crate) enum EntryCommand {
    /// Cancel an entry with a reversal (the entry stays in the ledger).
    Reverse(ReverseArgs),
}

/// Arguments of `homebiz entry reverse`.
#[derive(Debug, Args)]
pub(crate) struct ReverseArgs {
    /// The entry's ID, or the text key it was recorded under.
    #[arg(value_parser = crate::context::key_arg)]
    id: String,
    /// The business whose entry it is (code or ID): needed when more than
    /// one business you can see recorded an entry under this key.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    business: Option<String>,
    /// Why.
    #[arg(long)]
    reason: String,
    /// The day of the correction (default: today).
    #[arg(long)]
    date: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `homebiz report …`
#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// Revenue, costs and net income per Jalali period.
    Income(IncomeReportArgs),
    /// Income change, sustained employment, linkage and graduation, per
    /// household.
    Indicators(IndicatorsArgs),
}

/// Report output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A readable table.
    Table,
    /// CSV.
    Csv,
    /// JSON.
    Json,
    /// An SVG chart, written to --out.
    Svg,
}

/// Arguments of `homebiz report income`.
#[derive(Debug, Args)]
pub(crate) struct IncomeReportArgs {
    /// Only the businesses of this office (and the offices below it).
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    office: Option<String>,
    /// Jalali months: `1404-01..1404-06`, `1404-03`, `1404-Q2` or `1404`.
    #[arg(long)]
    period: String,
    /// Rows per business, household, activity, channel, office, or month
    /// (the whole programme).
    #[arg(long, default_value = "month")]
    by: String,
    /// Periods of a month, a quarter or a year.
    #[arg(long, default_value = "month")]
    per: String,
    /// table, csv, json or svg (default: table, or as --out's extension
    /// says).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to this file (needed for svg), whole, instead of
    /// printing it.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Arguments of `homebiz report indicators`.
#[derive(Debug, Args)]
pub(crate) struct IndicatorsArgs {
    /// The office (and the offices below it).
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    office: String,
    /// The reference date: indicators look at the months up to its month.
    #[arg(long)]
    as_of: String,
    /// Sustained employment: the least net monthly income that counts, in
    /// rials (default 26,000,000, about a quarter of the 1404 minimum wage).
    #[arg(long, value_parser = rials_arg)]
    threshold: Option<String>,
    /// Sustained employment: months at or above the threshold (default 6,
    /// at least 1, at most --window)…
    #[arg(long, value_parser = |s: &str| whole::<u8>(s, 1, u64::from(MAX_WINDOW)))]
    months: Option<u8>,
    /// …of the last this many months (default 9, at most 120).
    #[arg(long, value_parser = |s: &str| whole::<u8>(s, 1, u64::from(MAX_WINDOW)))]
    window: Option<u8>,
    /// Graduation: the least income change against the baseline, in
    /// percent (default 30).
    #[arg(long, value_parser = crate::context::decimal_arg)]
    min_change: Option<Decimal>,
    /// Months of the linkage window (default 3, at most 120).
    #[arg(long, default_value_t = 3, value_parser = |s: &str| whole::<u32>(s, 1, u64::from(MAX_MONTHS)))]
    linkage_months: u32,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

impl IndicatorsArgs {
    /// The sustained-employment rule the options give, checked
    /// ([`SustainedRule::validate`]), with errors naming the options.
    fn rule(&self) -> Result<SustainedRule> {
        let defaults = SustainedRule::default();
        let rule = SustainedRule {
            threshold: self
                .threshold
                .as_deref()
                .map(rials)
                .transpose()?
                .unwrap_or(defaults.threshold),
            months: self.months.unwrap_or(defaults.months),
            window: self.window.unwrap_or(defaults.window),
        };
        if rule.validate().is_err() {
            let given = |v: Option<u8>, default: u8| match v {
                Some(v) => v.to_string(),
                None => say!("{n} by default", n = default),
            };
            bail!(
                "{}",
                say!(
                    "--months ({months}) must be from 1 to --window ({window}), which is at most {max}",
                    months = given(self.months, defaults.months),
                    window = given(self.window, defaults.window),
                    max = MAX_WINDOW
                )
            );
        }
        Ok(rule)
    }
}

/// `homebiz loan …`
#[derive(Debug, Subcommand)]
pub(crate) enum LoanCommand {
    /// An instalment schedule.
    Schedule(LoanScheduleArgs),
    /// Add a loan to a business (its disbursement is recorded apart).
    Add(Box<LoanAddArgs>),
    /// A loan's schedule and where it stands.
    Show(LoanShowArgs),
}

/// Arguments of `homebiz loan schedule`.
#[derive(Debug, Args)]
pub(crate) struct LoanScheduleArgs {
    /// The principal, in rials.
    #[arg(long, value_parser = rials_arg)]
    principal: String,
    /// The annual rate: `4%` or `0.04`.
    #[arg(long)]
    rate: String,
    /// Instalments (months, 1 to 120).
    #[arg(long, value_parser = |s: &str| whole::<u16>(s, 1, 120))]
    months: u16,
    /// Grace months before the first instalment's month (0 to 24).
    #[arg(long, default_value_t = 0, value_parser = |s: &str| whole::<u16>(s, 0, 24))]
    grace: u16,
    /// The day of disbursement (default: today).
    #[arg(long)]
    from: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `homebiz loan add`.
#[derive(Debug, Args)]
pub(crate) struct LoanAddArgs {
    /// The borrowing business's code or ID.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    business: String,
    /// The principal, in rials.
    #[arg(long)]
    principal: String,
    /// The annual rate: `4%` or `0.04`.
    #[arg(long)]
    rate: String,
    /// Instalments (months).
    #[arg(long)]
    months: u16,
    /// Grace months before the first instalment's month.
    #[arg(long, default_value_t = 0)]
    grace: u16,
    /// The day of disbursement (default: today).
    #[arg(long)]
    from: Option<String>,
    /// The loan's ID: a UUID, or any text key of the business's own (another
    /// business may use the same key for its loan). Default: a new UUID.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    id: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `homebiz loan show`.
#[derive(Debug, Args)]
pub(crate) struct LoanShowArgs {
    /// The loan's ID, or the text key it was added under.
    #[arg(value_parser = crate::context::key_arg)]
    id: String,
    /// The business whose loan it is (code or ID): needed when more than
    /// one business you can see added a loan under this key.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    business: Option<String>,
    /// The day to see it on (default: today).
    #[arg(long)]
    as_of: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn sale(db: &Path, command: &SaleCommand) -> Result<String> {
    let SaleCommand::Record(a) = command;
    let sale = NewSale {
        business: &a.business,
        channel: a.channel.as_deref(),
        on: crate::context::date_of("--date", &a.date, DateKind::Sale)?,
        quantity: a.quantity,
        unit_price: rials(&a.unit_price)?,
        commission: rials(&a.commission)?,
        key: a.id.as_deref(),
    };
    let (program, actor) = crate::context::open_acting(db)?;
    let recorded = program.record_sale(&actor, &sale)?;
    if a.json {
        return json(&recorded.json());
    }
    Ok(say!(
        "entry {entry} (no. {seq}) for business {business}",
        entry = recorded
            .recorded
            .entry
            .key
            .clone()
            .unwrap_or_else(|| recorded.recorded.entry.id.to_string()),
        seq = recorded.recorded.seq,
        business = recorded.business_code
    ))
}

pub(crate) fn sales(db: &Path, command: &SalesCommand) -> Result<String> {
    let SalesCommand::Import(a) = command;
    crate::context::not_a_folder(&a.file)?;
    let mut rejects = Rejects::new(a.rejects.as_deref(), db, &a.file, true)?;
    let name = a.file.display().to_string();
    let options = SalesOptions {
        on_error: match a.on_error {
            OnErrorArg::Abort => OnError::Abort,
            OnErrorArg::Skip => OnError::Skip,
        },
        batch: a.batch,
    };
    let (program, actor) = crate::context::open_acting(db)?;
    let mut stderr = std::io::stderr();
    let report = program.import_sales(
        &actor,
        &name,
        || File::open(&a.file),
        &options,
        rejects.writer(),
        &mut |c| {
            // The acknowledgement of a committed batch, as it happens.
            let _ = writeln!(
                stderr,
                "{}",
                say!(
                    "committed batch {batch}: {entries} recorded ({rows} read so far)",
                    batch = c.batch,
                    entries = count(c.recorded, "new entry"),
                    rows = count(c.rows, "row")
                )
            );
        },
    )?;
    // Conflicts are skipped rows too: they go to the rejects, counted
    // apart from the rejected rows.
    let written = rejects.finish(report.rejected + report.conflicts)?;
    Ok(say!(
        "imported {file}: {rows}, {recorded} recorded, {existing} existing, {rejected} rejected{conflicts}, in {batches}{written}",
        file = name,
        rows = count(report.rows, "row"),
        recorded = report.recorded,
        existing = report.existing,
        rejected = report.rejected,
        conflicts = crate::context::conflicts(report.conflicts),
        batches = count(report.batches, "batch"),
        written = written,
    ))
}

/// `e`, where a key is ambiguous, saying that `--business` chooses (the
/// library names no flag).
fn choose_with_business(e: ProgramError) -> anyhow::Error {
    match e {
        e @ ProgramError::Ambiguous { .. } => anyhow::anyhow!(say!(
            "{problem} (with --business)",
            problem = homebiz::core::describe::Describe::describe(&e, crate::context::lang())
        )),
        other => other.into(),
    }
}

pub(crate) fn entry(db: &Path, command: &EntryCommand) -> Result<String> {
    let EntryCommand::Reverse(a) = command;
    let on = a
        .date
        .as_deref()
        .map(|d| crate::context::date_of("--date", d, DateKind::Sale))
        .transpose()?;
    let (program, actor) = crate::context::open_acting(db)?;
    let r = program
        .reverse_entry_of(&actor, a.business.as_deref(), &a.id, &a.reason, on)
        .map_err(choose_with_business)?;
    if a.json {
        return json(&r.json());
    }
    Ok(say!(
        "entry {entry} reversed by entry {reversal} (no. {seq})",
        entry = r.entry,
        reversal = r.reversal.entry.id,
        seq = r.reversal.seq
    ))
}

/// A report key for people, in `lang`: a code, an activity's name, or
/// "unknown" for money the registry or the market cannot place.
fn key_label(key: &ReportKey, catalog: &Catalog, lang: Lang) -> String {
    let unknown = || -> String {
        match lang {
            Lang::Fa => "نامشخص".into(),
            Lang::En => "unknown".into(),
        }
    };
    let code = |c: &Option<String>| c.clone().unwrap_or_else(unknown);
    match key {
        ReportKey::All => match lang {
            Lang::Fa => "همه".into(),
            Lang::En => "all".into(),
        },
        ReportKey::Business { code: c, .. }
        | ReportKey::Household { code: c, .. }
        | ReportKey::Office { code: c, .. }
        | ReportKey::Channel { code: c, .. } => code(c),
        ReportKey::Activity { code } => catalog
            .get(code)
            .map_or_else(|| code.clone(), |a| a.name(lang).to_owned()),
        ReportKey::NoChannel => match lang {
            Lang::Fa => "بدون کانال".into(),
            Lang::En => "no channel".into(),
        },
        _ => unknown(),
    }
}

pub(crate) fn report(db: &Path, command: &ReportCommand) -> Result<String> {
    match command {
        ReportCommand::Income(a) => income_report_command(db, a),
        ReportCommand::Indicators(a) => indicators(db, a),
    }
}

/// `report income`: the report in its format, on stdout or (with `--out`)
/// written to a file; without `--format`, the file's extension names the
/// format (`.svg`, `.csv`, `.json`, `.txt` for the table). An `--out` is
/// always written or the command refused.
fn income_report_command(db: &Path, a: &IncomeReportArgs) -> Result<String> {
    let format = match (a.format, &a.out) {
        (Some(format), _) => format,
        (None, Some(path)) => format_of(path)?,
        (None, None) => Format::Table,
    };
    if format == Format::Svg && a.out.is_none() {
        bail!(say!("--format svg needs --out FILE"));
    }
    let mut out = a
        .out
        .as_deref()
        .map(|path| Output::new("--out", path, db, &[]))
        .transpose()?;
    let text = income_report_text(db, a, format)?;
    match &mut out {
        Some(out) => {
            let mut bytes = text.into_bytes();
            if format != Format::Svg {
                bytes.push(b'\n');
            }
            out.write(&bytes)?;
            Ok(say!("wrote {file}", file = out.shown()))
        }
        None => Ok(text),
    }
}

/// The report format an `--out` file's extension names.
fn format_of(path: &Path) -> Result<Format> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    Ok(match extension.as_str() {
        "svg" => Format::Svg,
        "csv" => Format::Csv,
        "json" => Format::Json,
        "txt" => Format::Table,
        _ => bail!(say!(
            "--out {file}: give --format (table, csv, json or svg), or a name ending in .svg, .csv, .json or .txt",
            file = path.display()
        )),
    })
}

/// The report as text: a table, CSV, JSON or an SVG chart.
fn income_report_text(db: &Path, a: &IncomeReportArgs, format: Format) -> Result<String> {
    let lang = crate::context::lang();
    let period: JalaliMonthRange = a.period.parse().with_context(|| say!("invalid --period"))?;
    let by: GroupBy = a.by.parse()?;
    let per: Granularity = a.per.parse()?;
    let (program, actor) = crate::context::open_acting(db)?;
    let report = program.income_report_named(&actor, a.office.as_deref(), period, by, per)?;
    if format == Format::Json {
        return json(&report);
    }
    let catalog = program.catalog();
    let label = |key: &ReportKey| key_label(key, catalog, lang);
    if format == Format::Svg {
        let title = match lang {
            Lang::Fa => format!(
                "درآمد خالص، {}",
                homebiz::core::text::to_persian_digits(&a.period)
            ),
            Lang::En => format!("Net income, {}", a.period),
        };
        let svg = if per == Granularity::Month {
            // A line per key over the months.
            let mut series: Vec<homebiz::charts::Series> = Vec::new();
            for row in &report.rows {
                let name = label(&row.key);
                let homebiz::income::report::Period::Month(month) = row.period else {
                    continue;
                };
                match series.iter_mut().find(|s| s.name == name) {
                    Some(s) => s.points.push((month, row.net)),
                    None => series.push(homebiz::charts::Series {
                        name,
                        points: vec![(month, row.net)],
                    }),
                }
            }
            homebiz::charts::monthly_lines_in(&title, &series, lang, crate::context::view().unit)?
        } else {
            // The report's rows come by period, then key: the bars keep
            // that order, so the periods read in calendar order.
            let mut rows: Vec<&homebiz::program::ledger::ReportLine> = report.rows.iter().collect();
            rows.sort_by_key(|r| r.period);
            let bars: Vec<(String, Money)> = rows
                .iter()
                .map(|r| (format!("{} {}", label(&r.key), r.period.label(lang)), r.net))
                .collect();
            homebiz::charts::ordered_bars_in(&title, &bars, lang, crate::context::view().unit)?
        };
        return Ok(svg);
    }
    let money = crate::context::money_format();
    let header: [&str; 6] = match lang {
        Lang::Fa => ["دوره", "فروش", "کارمزد", "هزینه", "عوارض", "درآمد خالص"],
        Lang::En => ["period", "revenue", "commission", "costs", "fees", "net"],
    };
    let by_label = match (lang, by) {
        (Lang::En, GroupBy::Month) => "scope",
        (Lang::En, _) => match by {
            GroupBy::Business => "business",
            GroupBy::Household => "household",
            GroupBy::Office => "office",
            GroupBy::Activity => "activity",
            _ => "channel",
        },
        (Lang::Fa, GroupBy::Business) => "کسب‌وکار",
        (Lang::Fa, GroupBy::Household) => "خانوار",
        (Lang::Fa, GroupBy::Office) => "دفتر",
        (Lang::Fa, GroupBy::Activity) => "فعالیت",
        (Lang::Fa, GroupBy::Channel) => "کانال",
        (Lang::Fa, _) => "دامنه",
    };
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .chain(std::iter::once(&report.total))
        .enumerate()
        .map(|(i, r)| {
            let total = i == report.rows.len();
            vec![
                if total {
                    match lang {
                        Lang::Fa => "جمع".into(),
                        Lang::En => "total".into(),
                    }
                } else {
                    r.period.label(lang)
                },
                if total { String::new() } else { label(&r.key) },
                r.revenue.format(&money),
                r.commission.format(&money),
                r.costs.format(&money),
                r.fees.format(&money),
                r.net.format(&money),
            ]
        })
        .collect();
    let mut full_header = vec![header[0], by_label];
    full_header.extend(&header[1..]);
    if format == Format::Csv {
        // Data for other programs: whole rials, as the ledger holds them,
        // whatever --unit says (as --json).
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&full_header)?;
        for r in report.rows.iter() {
            w.write_record([
                r.period.to_string(),
                label(&r.key),
                r.revenue.minor_units().to_string(),
                r.commission.minor_units().to_string(),
                r.costs.minor_units().to_string(),
                r.fees.minor_units().to_string(),
                r.net.minor_units().to_string(),
            ])?;
        }
        let text = String::from_utf8(w.into_inner().context("cannot write csv")?)?;
        return Ok(text.trim_end().to_owned());
    }
    // The money columns (all after the period and the key) say the unit.
    let unit = crate::context::unit_name();
    let header: Vec<String> = full_header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i < 2 {
                (*h).to_owned()
            } else {
                format!("{h} ({unit})")
            }
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok(table(&header, rows))
}

fn indicators(db: &Path, a: &IndicatorsArgs) -> Result<String> {
    let as_of = date(&a.as_of)?;
    let rule = a.rule()?;
    let graduation = GraduationRule {
        min_income_change_percent: a
            .min_change
            .unwrap_or(GraduationRule::default().min_income_change_percent),
        ..GraduationRule::default()
    };
    let (program, actor) = crate::context::open_acting(db)?;
    let found = program.indicators(
        &actor,
        &a.office,
        as_of,
        &rule,
        &graduation,
        a.linkage_months,
    )?;
    let rows = &found.households;
    if a.json {
        return json(rows);
    }
    let yes = |b: bool| crate::context::word(if b { "yes" } else { "no" }).to_owned();
    let graduating = rows.iter().filter(|r| r.graduation.graduates).count();
    let sustained = rows.iter().filter(|r| r.sustained).count();
    let linked = rows.iter().filter(|r| r.linked == Some(true)).count();
    let rate = if rows.is_empty() {
        0.0
    } else {
        linked as f64 * 100.0 / rows.len() as f64
    };
    let table = table(
        &[
            "household",
            "businesses",
            "change %",
            "sustained",
            "linked",
            "graduates",
        ],
        rows.iter().map(|r| {
            vec![
                r.household.code.clone(),
                r.businesses.to_string(),
                r.change
                    .and_then(|c| c.percent)
                    .map_or("—".into(), |p| p.to_string()),
                yes(r.sustained),
                r.linked.map_or("?".into(), yes),
                yes(r.graduation.graduates),
            ]
        }),
    );
    Ok(say!(
        "{table}\n{households} with a business; {sustained} sustained, {linked} linked ({rate}%), {graduating} ready to graduate (months {first} to {last}; linkage {from} to {until})",
        table = table,
        households = count(rows.len(), "household"),
        sustained = sustained,
        linked = linked,
        rate = crate::i18n::Numeric(format!("{rate:.0}")),
        graduating = graduating,
        first = found.months.first(),
        last = found.months.last(),
        from = found.linkage_from,
        until = found.linkage_until
    ))
}

/// A schedule as a table, with its sums.
fn schedule_text(schedule: &Schedule) -> String {
    let money = crate::context::money_format();
    let word = crate::context::word;
    let sep = crate::context::numerals(",");
    format!(
        "{}\n{} {}{sep} {} {}{sep} {} {} {}",
        table(
            &[
                "no.",
                "due",
                &crate::context::money_header("amount"),
                &crate::context::money_header("principal"),
                &crate::context::money_header("charge"),
                &crate::context::money_header("balance"),
            ],
            schedule.instalments.iter().map(|i| vec![
                i.number.to_string(),
                i.due.to_string(),
                i.amount.format(&money),
                i.principal.format(&money),
                i.charge.format(&money),
                i.balance_after.format(&money),
            ]),
        ),
        word("principal"),
        schedule.principal.format(&money),
        word("charges"),
        schedule.charges.format(&money),
        word("total"),
        schedule.total.format(&money),
        crate::context::unit_name()
    )
}

/// A loan, its schedule and where it stands, as text.
fn loan_text(view: &LoanView) -> String {
    let money = crate::context::money_format();
    let s = &view.status;
    let next = s
        .next_due
        .map(|d| say!("; next instalment due {day}", day = d))
        .unwrap_or_default();
    say!(
        "loan {loan} of business {business}, paid out {day}\n{schedule}\non {as_of}: due {due}, paid {paid}, arrears {arrears} ({days} overdue), outstanding {outstanding} {unit}{next}",
        loan = view.name,
        business = view.business,
        day = view.loan.data().disbursed_on,
        schedule = schedule_text(&view.schedule),
        as_of = s.as_of,
        due = s.due.format(&money),
        paid = s.paid.format(&money),
        arrears = s.arrears.format(&money),
        days = count(s.days_overdue, "day"),
        outstanding = s.outstanding.format(&money),
        unit = crate::context::unit_name(),
        next = next
    )
}

pub(crate) fn loan(db: &Path, command: &LoanCommand) -> Result<String> {
    match command {
        LoanCommand::Schedule(a) => {
            let terms = LoanTerms {
                principal: rials(&a.principal)?,
                annual_rate: rate(&a.rate)?,
                term_months: a.months,
                grace_months: a.grace,
                disbursed_on: a.from.as_deref().map(date).transpose()?,
            };
            // A schedule needs no database: without one, today is the
            // system's.
            let schedule = if db.exists() {
                let (program, actor) = crate::context::open_acting(db)?;
                program.loan_schedule(&actor, &terms)?
            } else {
                terms.schedule(homebiz::core::Clock::today(&homebiz::core::SystemClock)?)?
            };
            if a.json {
                return json(&schedule);
            }
            Ok(schedule_text(&schedule))
        }
        LoanCommand::Add(a) => {
            let loan = NewLoan {
                business: &a.business,
                key: a.id.as_deref(),
                terms: LoanTerms {
                    principal: rials(&a.principal)?,
                    annual_rate: rate(&a.rate)?,
                    term_months: a.months,
                    grace_months: a.grace,
                    disbursed_on: a.from.as_deref().map(date).transpose()?,
                },
            };
            let (program, actor) = crate::context::open_acting(db)?;
            let view = program.add_loan(&actor, &loan)?;
            if a.json {
                return json(&view);
            }
            Ok(loan_text(&view))
        }
        LoanCommand::Show(a) => {
            let as_of = a.as_of.as_deref().map(date).transpose()?;
            let (program, actor) = crate::context::open_acting(db)?;
            let view = program
                .loan_of(&actor, a.business.as_deref(), &a.id, as_of)
                .map_err(choose_with_business)?;
            if a.json {
                return json(&view);
            }
            Ok(loan_text(&view))
        }
    }
}
