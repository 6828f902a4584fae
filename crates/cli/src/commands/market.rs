//! Market linkage: `channel`, `exhibition`, `apply`, `application`,
//! `orders`, `offers` and `linkage`.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use homebiz::core::JalaliDate;
use homebiz::core::category::Category;
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{ApplicationId, BusinessId, ChannelId, ExhibitionId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::text::digits_to_ascii;
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::channel::{ChannelData, Fee, FeePeriod, Schedule};
use homebiz::market::exhibition::ExhibitionData;
use homebiz::registry::{Business, Reader};
use homebiz::scoring::catalog::Catalog;

use crate::context::{
    actor, count, date, json, open, open_market, open_program, rate, rials, table, whole,
};
use homebiz::market::allocate::MAX_WEEKS;
use homebiz::market::linkage::MAX_MONTHS;

/// Prints JSON instead of a table.
#[derive(Debug, Args)]
pub(crate) struct JsonArg {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `homebiz channel …`
#[derive(Debug, Subcommand)]
pub(crate) enum ChannelCommand {
    /// Add a sales channel.
    Add(Box<ChannelAddArgs>),
    /// List the sales channels.
    List(JsonArg),
}

/// Arguments of `homebiz channel add`.
#[derive(Debug, Args)]
pub(crate) struct ChannelAddArgs {
    /// A short unique code (TERMINAL, DIGIKALA).
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    code: String,
    /// Its name.
    #[arg(long)]
    name: String,
    /// permanent_exhibition, seasonal_fair, consignment_shop,
    /// online_marketplace, institutional_buyer or wholesaler.
    #[arg(long)]
    kind: ChannelKind,
    /// Where it is.
    #[arg(long, default_value = "")]
    location: String,
    /// Categories it takes, separated by commas (default: any).
    #[arg(long, value_delimiter = ',')]
    accepts: Vec<Category>,
    /// Its commission: `9%` or `0.09`.
    #[arg(long, default_value = "0")]
    commission: String,
    /// A fixed fee in rials.
    #[arg(long, value_parser = crate::context::rials_arg)]
    fee: Option<String>,
    /// What the fee is per: week, month or season.
    #[arg(long, default_value = "week")]
    fee_per: FeePeriod,
    /// First day open (a seasonal fair); with --until.
    #[arg(long, requires = "until")]
    from: Option<String>,
    /// Last day open; with --from.
    #[arg(long, requires = "from")]
    until: Option<String>,
    /// How many businesses it takes at once.
    #[arg(long, value_parser = |s: &str| whole::<u32>(s, 1, u64::from(u32::MAX)))]
    capacity: Option<u32>,
    /// Print the channel as JSON.
    #[arg(long)]
    json: bool,
}

/// `homebiz exhibition …`
#[derive(Debug, Subcommand)]
pub(crate) enum ExhibitionCommand {
    /// Create an exhibition on an exhibition channel.
    Create(ExhibitionCreateArgs),
    /// The exhibition's booths.
    #[command(subcommand)]
    Booths(BoothsCommand),
    /// Allocate booth-weeks to the approved applications.
    Allocate(AllocateArgs),
    /// Show the stored bookings as a week × booth table.
    Schedule(ScheduleArgs),
}

/// Arguments of `homebiz exhibition create`.
#[derive(Debug, Args)]
pub(crate) struct ExhibitionCreateArgs {
    /// A short unique code.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    code: String,
    /// Its name.
    #[arg(long)]
    name: String,
    /// The code of its channel (a permanent exhibition or a seasonal fair).
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    channel: String,
    /// Weeks one business may have in one Jalali month (1 to 5).
    #[arg(long, default_value_t = 2, value_parser = |s: &str| whole::<u8>(s, 1, 5))]
    monthly_cap: u8,
    /// A weekly limit for a category: `agro_processing=4` (repeatable).
    #[arg(long = "limit")]
    limits: Vec<String>,
    /// Print the exhibition as JSON.
    #[arg(long)]
    json: bool,
}

/// `homebiz exhibition booths …`
#[derive(Debug, Subcommand)]
pub(crate) enum BoothsCommand {
    /// Replace the booths of the exhibitions named in a CSV file
    /// (columns: exhibition, code, size, accepts).
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

/// Arguments of `homebiz exhibition allocate`.
#[derive(Debug, Args)]
pub(crate) struct AllocateArgs {
    /// The exhibition's code.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    exhibition: String,
    /// The first day of the first week (Jalali, or Gregorian from 1700).
    #[arg(long)]
    from: String,
    /// How many weeks (1 to 104).
    #[arg(long, value_parser = |s: &str| whole::<u16>(s, 1, u64::from(MAX_WEEKS)))]
    weeks: u16,
    /// Print the allocation as JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `homebiz exhibition schedule`.
#[derive(Debug, Args)]
pub(crate) struct ScheduleArgs {
    /// The exhibition's code.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    exhibition: String,
    /// Print the bookings as JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `homebiz apply`.
#[derive(Debug, Args)]
pub(crate) struct ApplyArgs {
    /// The business's code or ID.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    business: String,
    /// The exhibition's code.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    exhibition: String,
    /// Weeks wanted in one allocation (1–13).
    #[arg(long, default_value_t = 2, value_parser = |s: &str| whole::<u8>(s, 1, 13))]
    weeks: u8,
    /// A catalog file (CSV or JSON) instead of the default catalog, for the
    /// business's activity.
    #[arg(long)]
    catalog: Option<PathBuf>,
    /// Print the application as JSON.
    #[arg(long)]
    json: bool,
}

/// `homebiz application …`
#[derive(Debug, Subcommand)]
pub(crate) enum ApplicationCommand {
    /// Approve an application.
    Approve(DecideArgs),
    /// Reject an application (a reason is required).
    Reject(DecideArgs),
    /// Put an application on the waitlist.
    Waitlist(DecideArgs),
    /// Withdraw an application.
    Withdraw(DecideArgs),
}

/// Which application, and why.
#[derive(Debug, Args)]
pub(crate) struct DecideArgs {
    /// The application's ID.
    id: ApplicationId,
    /// Why (required to reject).
    #[arg(long)]
    reason: Option<String>,
}

/// `homebiz orders …`
#[derive(Debug, Subcommand)]
pub(crate) enum OrdersCommand {
    /// Import buyer orders from a CSV file (all or none).
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Match the open orders to the producers' offers.
    Match(JsonArg),
}

/// `homebiz offers …`
#[derive(Debug, Subcommand)]
pub(crate) enum OffersCommand {
    /// Import producers' offers from a CSV file (all or none).
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

/// Arguments of `homebiz linkage`.
#[derive(Debug, Args)]
pub(crate) struct LinkageArgs {
    /// The office (with the offices below it).
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    office: String,
    /// The window: this many Jalali months, ending with the reference
    /// date's month (1 to 120).
    #[arg(long, default_value_t = 3, value_parser = |s: &str| whole::<u32>(s, 1, u64::from(MAX_MONTHS)))]
    months: u32,
    /// The reference date (default: today).
    #[arg(long)]
    as_of: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn channel(db: &Path, command: &ChannelCommand) -> Result<String> {
    let market = open_market(db)?;
    match command {
        ChannelCommand::Add(a) => {
            let schedule = match (&a.from, &a.until) {
                (Some(from), Some(until)) => Schedule::Window {
                    from: date(from)?,
                    until: date(until)?,
                },
                _ => Schedule::Permanent,
            };
            let channel = market.add_channel(ChannelData {
                id: ChannelId::new(),
                code: a.code.clone(),
                name: a.name.clone(),
                kind: a.kind,
                location: a.location.clone(),
                accepts: a.accepts.clone(),
                commission: rate(&a.commission)?,
                fee: a
                    .fee
                    .as_deref()
                    .map(|f| {
                        Ok::<_, anyhow::Error>(Fee {
                            amount: rials(f)?,
                            per: a.fee_per,
                        })
                    })
                    .transpose()?,
                schedule,
                capacity: a.capacity,
            })?;
            if a.json {
                return json(&channel);
            }
            Ok(format!(
                "channel {} added ({})",
                channel.code(),
                channel.id()
            ))
        }
        ChannelCommand::List(a) => {
            let channels = market.read(|r| r.channels())?;
            if a.json {
                return json(&channels);
            }
            Ok(table(
                &["code", "name", "kind", "location", "commission", "open"],
                channels.iter().map(|c| {
                    let d = c.data();
                    vec![
                        d.code.clone(),
                        d.name.clone(),
                        d.kind.to_string(),
                        d.location.clone(),
                        format!("{}%", (d.commission * Decimal::ONE_HUNDRED).normalize()),
                        match d.schedule {
                            Schedule::Permanent => "all year".to_owned(),
                            Schedule::Window { from, until } => format!("{from} to {until}"),
                        },
                    ]
                }),
            ))
        }
    }
}

pub(crate) fn exhibition(db: &Path, command: &ExhibitionCommand) -> Result<String> {
    let market = open_market(db)?;
    match command {
        ExhibitionCommand::Create(a) => {
            let channel = market.channel(&a.channel)?;
            let weekly_limits = a
                .limits
                .iter()
                .map(|l| {
                    let (category, n) = l
                        .split_once('=')
                        .with_context(|| format!("invalid limit {l}: write category=N"))?;
                    Ok((
                        category.trim().parse::<Category>()?,
                        digits_to_ascii(n.trim())
                            .parse::<u32>()
                            .with_context(|| format!("invalid limit {l}: N is a whole number"))?,
                    ))
                })
                .collect::<Result<Vec<_>>>()?;
            let exhibition = market.create_exhibition(ExhibitionData {
                id: ExhibitionId::new(),
                code: a.code.clone(),
                name: a.name.clone(),
                channel: channel.id(),
                booths: Vec::new(),
                weekly_limits,
                monthly_cap: a.monthly_cap,
            })?;
            if a.json {
                return json(&exhibition);
            }
            Ok(format!(
                "exhibition {} created on channel {}: import its booths with \
                 `homebiz exhibition booths import FILE`",
                exhibition.code(),
                channel.code()
            ))
        }
        ExhibitionCommand::Booths(BoothsCommand::Import { file }) => {
            let name = file.display().to_string();
            let exhibitions = homebiz::market_files::import_booths(
                &market,
                &name,
                File::open(file).with_context(|| format!("cannot open {name}"))?,
            )?;
            let counts: Vec<String> = exhibitions
                .iter()
                .map(|e| format!("{}: {}", e.code(), count(e.booths().len(), "booth")))
                .collect();
            Ok(counts.join("\n"))
        }
        ExhibitionCommand::Allocate(a) => {
            let horizon = Horizon::new(date(&a.from)?, a.weeks)?;
            // Through the programme: applicants that may no longer hold
            // booths (suspended, closed) are ended first.
            let allocation = open_program(db)?.allocate(
                &actor()?,
                &a.exhibition,
                &horizon,
                Points::default(),
            )?;
            if a.json {
                return json(&allocation);
            }
            let ids: Vec<BusinessId> = allocation
                .bookings
                .iter()
                .map(|b| b.business)
                .chain(allocation.waitlist.iter().map(|w| w.business))
                .collect();
            let codes = business_codes(db, &ids)?;
            let code = |id: &BusinessId| codes.get(id).cloned().unwrap_or_else(|| id.to_string());
            let bookings = table(
                &["week", "booth", "business", "category", "why"],
                allocation.bookings.iter().map(|b| {
                    vec![
                        b.week.start.to_string(),
                        b.booth.clone(),
                        code(&b.business),
                        b.category.to_string(),
                        b.earned.to_string(),
                    ]
                }),
            );
            let waitlist = table(
                &["rank", "business", "points", "why not"],
                allocation.waitlist.iter().map(|w| {
                    vec![
                        w.rank.to_string(),
                        code(&w.business),
                        w.points.to_string(),
                        w.reason.to_string(),
                    ]
                }),
            );
            Ok(format!(
                "{bookings}\nwaitlist:\n{waitlist}\n{} over {} from {}, {} waiting; \
                 total points {}",
                count(allocation.bookings.len(), "booking"),
                count(a.weeks, "week"),
                horizon.first_day(),
                allocation.waitlist.len(),
                allocation.total_points
            ))
        }
        ExhibitionCommand::Schedule(a) => {
            let exhibition = market.exhibition(&a.exhibition)?;
            let bookings = market.schedule(&a.exhibition)?;
            if a.json {
                return json(&bookings);
            }
            if bookings.is_empty() {
                return Ok(format!(
                    "exhibition {} has no bookings: run `homebiz exhibition allocate`",
                    exhibition.code()
                ));
            }
            let ids: Vec<BusinessId> = bookings.iter().map(|b| b.booking.business).collect();
            let codes = business_codes(db, &ids)?;
            let mut weeks: BTreeMap<JalaliDate, HashMap<&str, &str>> = BTreeMap::new();
            for b in &bookings {
                weeks.entry(b.booking.week.start).or_default().insert(
                    b.booking.booth.as_str(),
                    codes.get(&b.booking.business).map_or("?", String::as_str),
                );
            }
            let booths: Vec<&str> = exhibition
                .booths()
                .iter()
                .map(|b| b.code.as_str())
                .collect();
            let mut header = vec!["week"];
            header.extend(&booths);
            Ok(table(
                &header,
                weeks.iter().map(|(week, cells)| {
                    std::iter::once(week.to_string())
                        .chain(
                            booths
                                .iter()
                                .map(|b| cells.get(b).copied().unwrap_or("").to_owned()),
                        )
                        .collect()
                }),
            ))
        }
    }
}

/// The registry codes of `ids` (IDs unknown to the registry are left out).
fn business_codes(db: &Path, ids: &[BusinessId]) -> Result<HashMap<BusinessId, String>> {
    let registry = open(db, false)?;
    Ok(registry.read(&actor()?, |r| {
        let mut codes = HashMap::new();
        for id in ids {
            if !codes.contains_key(id)
                && let Ok(b) = r.business(*id)
            {
                codes.insert(*id, b.code().to_owned());
            }
        }
        Ok(codes)
    })?)
}

/// The business with `key`, a code or an ID.
fn find_business(r: &Reader<'_>, key: &str) -> homebiz::registry::Result<Business> {
    match key.parse::<BusinessId>() {
        Ok(id) => r.business(id),
        Err(_) => r.business_by_code(key),
    }
}

pub(crate) fn apply(db: &Path, args: &ApplyArgs) -> Result<String> {
    let registry = open(db, false)?;
    let (business, household) = registry.read(&actor()?, |r| {
        let business = find_business(r, &args.business)?;
        let household = r.household(business.household())?;
        Ok((business, household))
    })?;
    let catalog = match &args.catalog {
        Some(path) => homebiz::catalog_file::load_catalog(path)?,
        None => Catalog::default_catalog()?,
    };
    let market = open_market(db)?;
    let exhibition = market.exhibition(&args.exhibition)?;
    let today = market.today()?;
    let had = market.read(|r| r.weeks_before(business.id(), today))?;
    let data = homebiz::compose::application_data(
        &business,
        &household,
        &catalog,
        exhibition.id(),
        args.weeks,
        had == 0,
        today,
    )?;
    let application = market.apply(data)?;
    if args.json {
        return json(&application);
    }
    Ok(format!(
        "application {} of business {} to {} is pending",
        application.id(),
        business.code(),
        exhibition.code()
    ))
}

pub(crate) fn application(db: &Path, command: &ApplicationCommand) -> Result<String> {
    let (to, args) = match command {
        ApplicationCommand::Approve(a) => (ApplicationState::Approved, a),
        ApplicationCommand::Reject(a) => (ApplicationState::Rejected, a),
        ApplicationCommand::Waitlist(a) => (ApplicationState::Waitlisted, a),
        ApplicationCommand::Withdraw(a) => (ApplicationState::Withdrawn, a),
    };
    let t = open_market(db)?.decide(args.id, to, args.reason.clone())?;
    Ok(format!(
        "application {}: {} → {}",
        t.application, t.from, t.to
    ))
}

pub(crate) fn orders(db: &Path, command: &OrdersCommand) -> Result<String> {
    let market = open_market(db)?;
    match command {
        OrdersCommand::Import { file } => {
            let name = file.display().to_string();
            let report = homebiz::market_files::import_orders(
                &market,
                None,
                &name,
                File::open(file).with_context(|| format!("cannot open {name}"))?,
            )?;
            Ok(format!(
                "{name}: {}, {} imported, {} existing",
                count(report.rows, "row"),
                count(report.created, "order"),
                report.existing
            ))
        }
        OrdersCommand::Match(a) => {
            let matching = market.match_orders()?;
            if a.json {
                return json(&matching);
            }
            let ids: Vec<BusinessId> = matching.fills.iter().map(|f| f.business).collect();
            let codes = business_codes(db, &ids)?;
            let orders: HashMap<_, _> = market
                .read(|r| r.orders())?
                .into_iter()
                .map(|o| (o.id(), o.code().to_owned()))
                .collect();
            let fills = table(
                &[
                    "order",
                    "business",
                    "quantity",
                    "unit price",
                    "total",
                    "due",
                ],
                matching.fills.iter().map(|f| {
                    vec![
                        orders.get(&f.order).cloned().unwrap_or_default(),
                        codes
                            .get(&f.business)
                            .cloned()
                            .unwrap_or_else(|| f.business.to_string()),
                        f.quantity.to_string(),
                        f.unit_price.to_string(),
                        f.total.to_string(),
                        f.due.to_string(),
                    ]
                }),
            );
            let unmet = table(
                &["order", "unmet", "why"],
                matching
                    .unmet
                    .iter()
                    .map(|u| vec![u.code.clone(), u.quantity.to_string(), u.reason.to_string()]),
            );
            Ok(format!("{fills}\nunmet demand:\n{unmet}"))
        }
    }
}

pub(crate) fn offers(db: &Path, command: &OffersCommand) -> Result<String> {
    let OffersCommand::Import { file } = command;
    let registry = open(db, false)?;
    let name = file.display().to_string();
    let input = File::open(file).with_context(|| format!("cannot open {name}"))?;
    let offers = registry.read(&actor()?, |r| {
        Ok(homebiz::market_files::read_offers(&name, input, |code| {
            r.business_by_code(code).ok().map(|b| b.id())
        }))
    })??;
    let market = open_market(db)?;
    // What this import does to each offer: new, the same as stored, or
    // replacing the business's earlier offer for the category and
    // activity (offers replace, by design, so a changed one is no
    // conflict).
    let stored = market.read(|r| r.offers())?;
    let (mut created, mut existing, mut replaced) = (0, 0, 0);
    for offer in &offers {
        match stored.iter().find(|s| {
            s.business == offer.business
                && s.category == offer.category
                && s.activity == offer.activity
        }) {
            None => created += 1,
            Some(s) if s == offer => existing += 1,
            Some(_) => replaced += 1,
        }
    }
    market.set_offers(&offers)?;
    Ok(format!(
        "imported {name}: {}, {created} created, {existing} existing, {replaced} replaced",
        count(offers.len(), "offer")
    ))
}

pub(crate) fn linkage(db: &Path, args: &LinkageArgs) -> Result<String> {
    use homebiz::market::linkage::LinkKind;
    if args.months == 0 {
        bail!("--months must be at least 1");
    }
    let program = open_program(db)?;
    let actor = actor()?;
    let (root, businesses, offices) = program.registry().read(&actor, |r| {
        let root = r.office_by_code(&args.office)?;
        let businesses = r.businesses(root.id())?;
        let offices: HashMap<_, _> = r
            .offices()?
            .into_iter()
            .map(|o| (o.id(), o.code().to_owned()))
            .collect();
        Ok((root, businesses, offices))
    })?;
    let as_of = match &args.as_of {
        Some(d) => date(d)?,
        None => program.today()?,
    };
    // Per office: the office itself and each office below it; sales from
    // the ledger count as well as the market's own links.
    let report = program.linkage(&actor, Some(&args.office), as_of, args.months)?;
    if args.json {
        return json(&report);
    }
    if report.offices.is_empty() {
        return Ok(format!("office {} has no businesses", root.code()));
    }
    let office_code = |id| offices.get(&id).cloned().unwrap_or_default();
    let codes: HashMap<BusinessId, &str> = businesses.iter().map(|b| (b.id(), b.code())).collect();
    let count = |o: &homebiz::market::linkage::OfficeLinkage, kind| {
        o.by_kind.get(&kind).copied().unwrap_or(0).to_string()
    };
    let summary = table(
        &[
            "office",
            "businesses",
            "linked",
            "rate",
            "by sale",
            "by booth",
            "by consignment",
            "by order",
            "by channel kind",
        ],
        report.offices.iter().map(|o| {
            vec![
                office_code(o.office),
                o.businesses.to_string(),
                o.linked.to_string(),
                format!("{:.0}%", o.rate() * 100.0),
                count(o, LinkKind::Sale),
                count(o, LinkKind::Booking),
                count(o, LinkKind::Consignment),
                count(o, LinkKind::Order),
                o.by_channel
                    .iter()
                    .map(|(kind, n)| format!("{kind} {n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        }),
    );
    let unlinked = table(
        &["office", "business without a channel"],
        report.offices.iter().flat_map(|o| {
            o.unlinked.iter().map(|b| {
                vec![
                    office_code(o.office),
                    codes.get(b).copied().unwrap_or("?").to_owned(),
                ]
            })
        }),
    );
    Ok(format!(
        "{summary}\n{unlinked}\nlinkage under {}, {} to {} ({})",
        root.code(),
        report.from,
        report.until,
        crate::context::count(report.months, "month")
    ))
}
