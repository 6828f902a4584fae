//! Income tracking: `sale`, `sales`, `entry`, `report` and `loan`.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use homebiz::compose::{household_indicators, income_dims, roots};
use homebiz::core::id::{BusinessId, ChannelId, EntryId, LoanId, TypedId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::text::Lang;
use homebiz::core::validate::DateKind;
use homebiz::core::{JalaliMonthRange, Money};
use homebiz::import::OnError;
use homebiz::income::IncomeError;
use homebiz::income::entry::{Body, Entry};
use homebiz::income::indicators::{GraduationRule, SustainedRule};
use homebiz::income::loan::{Loan, LoanData};
use homebiz::income::report::{Granularity, GroupBy, Key, income_report};
use homebiz::program::ProgramError;
use homebiz::registry::{Business, Reader};
use homebiz::sales::{SalesOptions, import_sales_on};
use homebiz::scoring::catalog::Catalog;

use crate::context::{
    actor, date, json, open, open_ledger, open_market, open_program, rate, rials, table,
};
use crate::output::{Output, Rejects};

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
    #[arg(long)]
    quantity: u32,
    /// Price per unit, in rials.
    #[arg(long)]
    unit_price: String,
    /// The channel's commission on the sale, in rials.
    #[arg(long, default_value = "0")]
    commission: String,
    /// The entry's ID: a UUID, or any text key (the same key is the same
    /// entry). Default: a new UUID.
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
    /// Rows per transaction.
    #[arg(long, default_value_t = 100_000)]
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
    /// Why.
    #[arg(long)]
    reason: String,
    /// The day of the correction (default: today).
    #[arg(long)]
    date: Option<String>,
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
    #[arg(long)]
    threshold: Option<String>,
    /// Sustained employment: months at or above the threshold (default 6)…
    #[arg(long)]
    months: Option<u8>,
    /// …of the last this many months (default 9).
    #[arg(long)]
    window: Option<u8>,
    /// Graduation: the least income change against the baseline, in
    /// percent (default 30).
    #[arg(long)]
    min_change: Option<Decimal>,
    /// Months of the linkage window (default 3).
    #[arg(long, default_value_t = 3)]
    linkage_months: u32,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `homebiz loan …`
#[derive(Debug, Subcommand)]
pub(crate) enum LoanCommand {
    /// An instalment schedule.
    Schedule(LoanScheduleArgs),
}

/// Arguments of `homebiz loan schedule`.
#[derive(Debug, Args)]
pub(crate) struct LoanScheduleArgs {
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
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// An income error that names the entry by the user's own `key` (what was
/// given to `--id`, or as the entry to reverse), not the UUID derived from
/// it.
fn name_entry(key: &str, e: IncomeError) -> anyhow::Error {
    let key = key.trim();
    match e {
        IncomeError::Conflict { field, .. } => {
            anyhow::anyhow!("entry {key} was recorded with a different {field}")
        }
        IncomeError::NotFound { what: "entry", .. } => anyhow::anyhow!("entry {key} not found"),
        IncomeError::NotReversible { reason, .. } => {
            anyhow::anyhow!("entry {key} cannot be reversed: {reason}")
        }
        other => anyhow::anyhow!("entry {key}: {other}"),
    }
}

/// A typed ID from a UUID, or from any text key.
fn id_or_key<T: TypedId>(text: &str) -> T {
    match text.trim().parse::<T>() {
        Ok(id) => id,
        Err(_) => T::from_key(text.trim()),
    }
}

fn find_business(r: &Reader<'_>, key: &str) -> homebiz::registry::Result<Business> {
    match key.parse::<BusinessId>() {
        Ok(id) => r.business(id),
        Err(_) => r.business_by_code(key),
    }
}

fn find_channel(db: &Path, key: &str) -> Result<ChannelId> {
    if let Ok(id) = key.parse::<ChannelId>() {
        return Ok(id);
    }
    Ok(open_market(db)?.channel(key)?.id())
}

pub(crate) fn sale(db: &Path, command: &SaleCommand) -> Result<String> {
    let SaleCommand::Record(a) = command;
    let program = open_program(db)?;
    let actor = actor()?;
    let business = program
        .registry()
        .read(&actor, |r| find_business(r, &a.business))?;
    let channel = a
        .channel
        .as_deref()
        .map(|c| find_channel(db, c))
        .transpose()?;
    let entry = Entry {
        id: a
            .id
            .as_deref()
            .map_or_else(EntryId::new, id_or_key::<EntryId>),
        body: Body::Sale {
            business: business.id(),
            channel,
            on: crate::context::date_of("--date", &a.date, DateKind::Sale)?,
            quantity: a.quantity,
            unit_price: rials(&a.unit_price)?,
            commission: rials(&a.commission)?,
        },
    };
    // The program refuses a channel no one registered; errors name the
    // entry by the user's own ID, not the UUID derived from it.
    let recorded = program.record(&actor, entry).map_err(|e| match &a.id {
        Some(key) => match e {
            ProgramError::Income(e) => name_entry(key, e),
            other => anyhow::anyhow!("entry {}: {other}", key.trim()),
        },
        None => e.into(),
    })?;
    if a.json {
        return json(&recorded);
    }
    Ok(format!(
        "entry {} (no. {}) for business {}",
        recorded.entry.id,
        recorded.seq,
        business.code()
    ))
}

pub(crate) fn sales(db: &Path, command: &SalesCommand) -> Result<String> {
    let SalesCommand::Import(a) = command;
    let mut rejects = Rejects::new(a.rejects.as_deref(), db, &a.file, true)?;
    let registry = open(db, false)?;
    let market = open_market(db)?;
    let (businesses, channels) = {
        let businesses: HashMap<String, BusinessId> = registry.read(&actor()?, |r| {
            let mut codes = HashMap::new();
            for root in roots(r, None)? {
                for b in r.businesses(root.id())? {
                    codes.insert(b.code().to_owned(), b.id());
                }
            }
            Ok(codes)
        })?;
        let channels: HashMap<String, ChannelId> = market
            .read(|r| r.channels())?
            .into_iter()
            .map(|c| (c.code().to_owned(), c.id()))
            .collect();
        (businesses, channels)
    };
    let name = a.file.display().to_string();
    let options = SalesOptions {
        on_error: match a.on_error {
            OnErrorArg::Abort => OnError::Abort,
            OnErrorArg::Skip => OnError::Skip,
        },
        batch: a.batch,
    };
    let ledger = open_ledger(db)?;
    let mut stderr = std::io::stderr();
    let report = import_sales_on(
        &ledger,
        crate::context::today()?,
        &name,
        || File::open(&a.file),
        &|code| businesses.get(code).copied(),
        &|code| channels.get(code).copied(),
        &options,
        rejects.writer(),
        &mut |c| {
            // The acknowledgement of a committed batch, as it happens.
            let _ = writeln!(
                stderr,
                "committed batch {}: {} new entries recorded ({} rows read so far)",
                c.batch, c.recorded, c.rows
            );
        },
    )?;
    // Conflicts are skipped rows too: they go to the rejects, counted
    // apart from the rejected rows.
    let written = rejects.finish(report.rejected + report.conflicts)?;
    Ok(format!(
        "imported {name}: {} rows, {} recorded, {} existing, {} rejected{}, in {} batches{written}",
        report.rows,
        report.recorded,
        report.existing,
        report.rejected,
        match report.conflicts {
            0 => String::new(),
            n => format!(", {n} conflicts"),
        },
        report.batches
    ))
}

pub(crate) fn entry(db: &Path, command: &EntryCommand) -> Result<String> {
    let EntryCommand::Reverse(a) = command;
    let ledger = open_ledger(db)?;
    let on = match &a.date {
        Some(d) => crate::context::date_of("--date", d, DateKind::Sale)?,
        None => open_market(db)?.today()?,
    };
    let id: EntryId = id_or_key(&a.id);
    let r = ledger
        .reverse(id, &a.reason, on)
        .map_err(|e| name_entry(&a.id, e))?;
    Ok(format!(
        "entry {} reversed by entry {} (no. {})",
        id, r.entry.id, r.seq
    ))
}

/// Registry names for report keys.
struct Names {
    businesses: HashMap<BusinessId, String>,
    households: HashMap<homebiz::core::id::HouseholdId, String>,
    offices: HashMap<homebiz::core::id::OfficeId, String>,
    channels: HashMap<ChannelId, String>,
    catalog: Catalog,
}

impl Names {
    fn key(&self, key: &Key, lang: Lang) -> String {
        // Money of a business, household, office or channel the registry
        // or the market does not know.
        let unknown = || -> String {
            match lang {
                Lang::Fa => "نامشخص".into(),
                Lang::En => "unknown".into(),
            }
        };
        let get = |m: Option<&String>| m.cloned().unwrap_or_else(unknown);
        match key {
            Key::All => match lang {
                Lang::Fa => "همه".into(),
                Lang::En => "all".into(),
            },
            Key::Business(id) => get(self.businesses.get(id)),
            Key::Household(id) => get(self.households.get(id)),
            Key::Office(id) => get(self.offices.get(id)),
            Key::Activity(code) => self
                .catalog
                .get(code)
                .map_or_else(|| code.clone(), |a| a.name(lang).to_owned()),
            Key::Channel(id) => get(self.channels.get(id)),
            Key::NoChannel => match lang {
                Lang::Fa => "بدون کانال".into(),
                Lang::En => "no channel".into(),
            },
            Key::Unknown => unknown(),
        }
    }
}

/// The businesses under `office` (or all), with the registry's names.
fn scope(db: &Path, office: Option<&str>) -> Result<(Vec<Business>, Names)> {
    let registry = open(db, false)?;
    let (businesses, households, offices) = registry.read(&actor()?, |r| {
        let offices = r.offices()?;
        let mut businesses = Vec::new();
        let mut households = Vec::new();
        for root in &roots(r, office)? {
            businesses.extend(r.businesses(root.id())?);
            households.extend(r.households(root.id())?);
        }
        Ok((businesses, households, offices))
    })?;
    let channels = open_market(db)?
        .read(|r| r.channels())?
        .into_iter()
        .map(|c| (c.id(), c.code().to_owned()))
        .collect();
    let names = Names {
        businesses: businesses
            .iter()
            .map(|b| (b.id(), b.code().to_owned()))
            .collect(),
        households: households
            .iter()
            .map(|h| (h.id(), h.code().to_owned()))
            .collect(),
        offices: offices
            .iter()
            .map(|o| (o.id(), o.code().to_owned()))
            .collect(),
        channels,
        catalog: Catalog::default_catalog()?,
    };
    Ok((businesses, names))
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
        bail!("--format svg needs --out FILE");
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
            Ok(format!("wrote {}", out.shown()))
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
        _ => bail!(
            "--out {}: give --format (table, csv, json or svg), or a name ending in .svg, .csv, .json or .txt",
            path.display()
        ),
    })
}

/// The report as text: a table, CSV, JSON or an SVG chart.
fn income_report_text(db: &Path, a: &IncomeReportArgs, format: Format) -> Result<String> {
    let lang = crate::context::lang();
    let period: JalaliMonthRange = a.period.parse().context("invalid --period")?;
    let by: GroupBy = a.by.parse()?;
    let per: Granularity = a.per.parse()?;
    let (businesses, names) = scope(db, a.office.as_deref())?;
    let dims = income_dims(&businesses);
    let ledger = open_ledger(db)?;
    let monthly: Vec<_> = ledger
        .read(|r| r.monthly_totals(period.first(), period.last()))?
        .into_iter()
        .filter(|m| a.office.is_none() || dims.contains_key(&m.business))
        .collect();
    let report = income_report(&monthly, by, per, |b| dims.get(&b).cloned())?;
    if format == Format::Json {
        return json(&report);
    }
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
                let name = names.key(&row.key, lang);
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
            homebiz::charts::monthly_lines(&title, &series, lang)?
        } else {
            let bars: Vec<(String, Money)> = report
                .rows
                .iter()
                .map(|r| {
                    (
                        format!("{} {}", names.key(&r.key, lang), r.period.label(lang)),
                        r.net,
                    )
                })
                .collect();
            homebiz::charts::bars(&title, &bars, lang)?
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
                if total {
                    String::new()
                } else {
                    names.key(&r.key, lang)
                },
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
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&full_header)?;
        for r in report.rows.iter() {
            w.write_record([
                r.period.to_string(),
                names.key(&r.key, lang),
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
    let registry = open(db, false)?;
    let (households, businesses) = registry.read(&actor()?, |r| {
        let office = r.office_by_code(&a.office)?;
        Ok((r.households(office.id())?, r.businesses(office.id())?))
    })?;
    let defaults = SustainedRule::default();
    let rule = SustainedRule {
        threshold: a
            .threshold
            .as_deref()
            .map(rials)
            .transpose()?
            .unwrap_or(defaults.threshold),
        months: a.months.unwrap_or(defaults.months),
        window: a.window.unwrap_or(defaults.window),
    };
    let graduation = GraduationRule {
        min_income_change_percent: a
            .min_change
            .unwrap_or(GraduationRule::default().min_income_change_percent),
        ..GraduationRule::default()
    };
    let last = as_of.jalali_month();
    let window = JalaliMonthRange::ending_with(last, u32::from(rule.window))?;
    let monthly = open_ledger(db)?.read(|r| r.monthly_totals(window.first(), window.last()))?;
    // Linkage over the last months: the market's links and the ledger's
    // sales through a channel.
    let (from, until) = homebiz::market::linkage::window(as_of, a.linkage_months)?;
    let linked: HashSet<BusinessId> = open_program(db)?
        .links(from, until)?
        .into_iter()
        .map(|l| l.business)
        .collect();
    let rows = household_indicators(
        &households,
        &businesses,
        &monthly,
        Some(&linked),
        last,
        &rule,
        &graduation,
    )?;
    if a.json {
        return json(&rows);
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
    Ok(format!(
        "{}\n{} households with a business; {} sustained, {} linked ({rate:.0}%), {} ready to \
         graduate (months {} to {}; linkage {} to {})",
        table(
            &[
                "household",
                "businesses",
                "change %",
                "sustained",
                "linked",
                "graduates"
            ],
            rows.iter().map(|r| vec![
                r.household.clone(),
                r.businesses.to_string(),
                r.change
                    .and_then(|c| c.percent)
                    .map_or("—".into(), |p| p.to_string()),
                yes(r.sustained),
                r.linked.map_or("?".into(), yes),
                yes(r.graduation.graduates),
            ]),
        ),
        rows.len(),
        sustained,
        linked,
        graduating,
        window.first(),
        window.last(),
        from,
        until
    ))
}

pub(crate) fn loan(db: &Path, command: &LoanCommand) -> Result<String> {
    let LoanCommand::Schedule(a) = command;
    let from = match &a.from {
        Some(d) => date(d)?,
        None => {
            if db.exists() {
                open_market(db)?.today()?
            } else {
                homebiz::core::Clock::today(&homebiz::core::SystemClock)?
            }
        }
    };
    let loan = Loan::new(LoanData {
        id: LoanId::new(),
        business: BusinessId::from_key("schedule"),
        principal: rials(&a.principal)?,
        annual_rate: rate(&a.rate)?,
        term_months: a.months,
        grace_months: a.grace,
        disbursed_on: from,
    })?;
    let schedule = loan.schedule()?;
    if a.json {
        return json(&schedule);
    }
    let money = crate::context::money_format();
    let word = crate::context::word;
    Ok(format!(
        "{}\n{} {}, {} {}, {} {} {}",
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
    ))
}
