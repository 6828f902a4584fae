//! Market linkage: `channel`, `exhibition`, `apply`, `application`,
//! `orders`, `offers` and `linkage`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use homebiz::core::JalaliDate;
use homebiz::core::category::Category;
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::ApplicationId;
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::text::digits_to_ascii;
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::channel::{Fee, FeePeriod, Schedule};
use homebiz::market::orders::unit_name;
use homebiz::program::{NewChannel, NewExhibition};

use crate::context::{count, date, json, rate, rials, say, table, whole};
use crate::context::{lang, money, money_header, word};
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
    /// Weeks wanted in all allocations together (1–13).
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
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
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
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        ChannelCommand::Add(a) => {
            let schedule = match (&a.from, &a.until) {
                (Some(from), Some(until)) => Schedule::Window {
                    from: date(from)?,
                    until: date(until)?,
                },
                _ => Schedule::Permanent,
            };
            let fee = a
                .fee
                .as_deref()
                .map(|f| {
                    Ok::<_, anyhow::Error>(Fee {
                        amount: rials(f)?,
                        per: a.fee_per,
                    })
                })
                .transpose()?;
            let channel = program.add_channel(
                &actor,
                NewChannel {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    kind: a.kind,
                    location: a.location.clone(),
                    accepts: a.accepts.clone(),
                    commission: rate(&a.commission)?,
                    fee,
                    schedule,
                    capacity: a.capacity,
                },
            )?;
            if a.json {
                return json(&channel);
            }
            Ok(say!(
                "channel {code} added ({id})",
                code = channel.code(),
                id = channel.id()
            ))
        }
        ChannelCommand::List(a) => {
            let channels = program.list_channels(&actor)?;
            if a.json {
                return json(&channels);
            }
            let fee_header = money_header("fee");
            Ok(table(
                &[
                    "code",
                    "name",
                    "kind",
                    "location",
                    "commission",
                    &fee_header,
                    "open",
                ],
                channels.iter().map(|c| {
                    let d = c.data();
                    vec![
                        d.code.clone(),
                        d.name.clone(),
                        d.kind.name(lang()).to_owned(),
                        d.location.clone(),
                        format!("{}%", (d.commission * Decimal::ONE_HUNDRED).normalize()),
                        d.fee.map_or_else(String::new, |f| {
                            let per = match f.per {
                                FeePeriod::Week => "a week",
                                FeePeriod::Month => "a month",
                                _ => "a season",
                            };
                            format!("{} {}", money(f.amount), word(per))
                        }),
                        match d.schedule {
                            Schedule::Permanent => word("all year").to_owned(),
                            Schedule::Window { from, until } => {
                                say!("{from} to {until}", from = from, until = until)
                            }
                        },
                    ]
                }),
            ))
        }
    }
}

pub(crate) fn exhibition(db: &Path, command: &ExhibitionCommand) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        ExhibitionCommand::Create(a) => {
            let weekly_limits = a
                .limits
                .iter()
                .map(|l| {
                    let (category, n) = l.split_once('=').with_context(|| {
                        say!("invalid limit {limit}: write category=N", limit = l)
                    })?;
                    Ok((
                        category.trim().parse::<Category>()?,
                        digits_to_ascii(n.trim()).parse::<u32>().with_context(|| {
                            say!("invalid limit {limit}: N is a whole number", limit = l)
                        })?,
                    ))
                })
                .collect::<Result<Vec<_>>>()?;
            let created = program.create_exhibition(
                &actor,
                NewExhibition {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    channel: a.channel.clone(),
                    weekly_limits,
                    monthly_cap: a.monthly_cap,
                },
            )?;
            if a.json {
                return json(&created.json());
            }
            Ok(say!(
                "exhibition {code} created on channel {channel}: import its booths with `homebiz exhibition booths import FILE`",
                code = created.exhibition.code(),
                channel = created.channel
            ))
        }
        ExhibitionCommand::Booths(BoothsCommand::Import { file }) => {
            let name = file.display().to_string();
            let exhibitions = program.import_booths(&actor, &name, crate::context::input(file)?)?;
            let counts: Vec<String> = exhibitions
                .iter()
                .map(|e| format!("{}: {}", e.code(), count(e.booths().len(), "booth")))
                .collect();
            Ok(counts.join("\n"))
        }
        ExhibitionCommand::Allocate(a) => {
            let horizon = Horizon::new(date(&a.from)?, a.weeks)?;
            // Applicants that may no longer hold booths (suspended,
            // closed) are ended first.
            let allocated = program.allocate(&actor, &a.exhibition, &horizon, Points::default())?;
            if a.json {
                return json(&allocated.named());
            }
            let allocation = &allocated.allocation;
            let bookings = table(
                &["week", "booth", "business", "category", "why", "by"],
                allocation.bookings.iter().map(|b| {
                    vec![
                        b.week.start.to_string(),
                        b.booth.clone(),
                        allocated.business_code(b.business),
                        b.category.name(lang()).to_owned(),
                        b.earned.text(lang()),
                        super::lists::by(allocated.by_user.as_ref(), b.by),
                    ]
                }),
            );
            let waitlist = table(
                &["rank", "business", "points", "why not"],
                allocation.waitlist.iter().map(|w| {
                    vec![
                        w.rank.to_string(),
                        allocated.business_code(w.business),
                        w.points.to_string(),
                        w.reason.text(lang()),
                    ]
                }),
            );
            Ok(say!(
                "{bookings}\n{waitlist_word}:\n{waitlist}\n{booked} over {weeks} from {from}, {waiting} waiting; total points {points}",
                bookings = bookings,
                waitlist_word = word("waitlist"),
                waitlist = waitlist,
                booked = count(allocation.bookings.len(), "booking"),
                weeks = count(a.weeks, "week"),
                from = horizon.first_day(),
                waiting = allocation.waitlist.len(),
                points = allocation.total_points
            ))
        }
        ExhibitionCommand::Schedule(a) => {
            let schedule = program.schedule(&actor, &a.exhibition)?;
            if a.json {
                return json(&schedule);
            }
            if schedule.bookings.is_empty() {
                return Ok(say!(
                    "exhibition {code} has no bookings: run `homebiz exhibition allocate`",
                    code = schedule.exhibition
                ));
            }
            // A booking of a business outside the user's offices shows as
            // taken, without the business.
            // Each week's last column: who ran the allocations that made
            // its bookings.
            let mut weeks: BTreeMap<JalaliDate, HashMap<&str, &str>> = BTreeMap::new();
            let mut by: BTreeMap<JalaliDate, BTreeSet<String>> = BTreeMap::new();
            for b in &schedule.bookings {
                weeks.entry(b.week).or_default().insert(
                    b.booth.as_str(),
                    b.business
                        .as_ref()
                        .map_or(word("(taken)"), |r| r.code.as_str()),
                );
                let who = super::lists::by(b.by_user.as_ref(), b.by);
                let users = by.entry(b.week).or_default();
                if !who.is_empty() {
                    users.insert(who);
                }
            }
            let mut header = vec!["week"];
            header.extend(schedule.booths.iter().map(String::as_str));
            header.push("by");
            Ok(table(
                &header,
                weeks.iter().map(|(week, cells)| {
                    std::iter::once(week.to_string())
                        .chain(
                            schedule
                                .booths
                                .iter()
                                .map(|b| cells.get(b.as_str()).copied().unwrap_or("").to_owned()),
                        )
                        .chain(std::iter::once(
                            by.get(week)
                                .map(|u| u.iter().cloned().collect::<Vec<_>>().join(", "))
                                .unwrap_or_default(),
                        ))
                        .collect()
                }),
            ))
        }
    }
}

pub(crate) fn apply(db: &Path, args: &ApplyArgs) -> Result<String> {
    let (mut program, actor) = crate::context::open_acting(db)?;
    if let Some(path) = &args.catalog {
        crate::context::not_a_folder(path)?;
        program = program.with_catalog(homebiz::catalog_file::load_catalog(path)?);
    }
    let applied = program.apply(&actor, &args.business, &args.exhibition, args.weeks)?;
    if args.json {
        return json(&applied.json());
    }
    Ok(say!(
        "application {id} of business {business} to {exhibition} is pending",
        id = applied.application.id(),
        business = applied.business,
        exhibition = applied.exhibition
    ))
}

pub(crate) fn application(db: &Path, command: &ApplicationCommand) -> Result<String> {
    let (to, args) = match command {
        ApplicationCommand::Approve(a) => (ApplicationState::Approved, a),
        ApplicationCommand::Reject(a) => (ApplicationState::Rejected, a),
        ApplicationCommand::Waitlist(a) => (ApplicationState::Waitlisted, a),
        ApplicationCommand::Withdraw(a) => (ApplicationState::Withdrawn, a),
    };
    let (program, actor) = crate::context::open_acting(db)?;
    let decided = program.decide(&actor, args.id, to, args.reason.clone())?;
    if args.json {
        return json(&decided);
    }
    let t = &decided.transition;
    Ok(say!(
        "application {id}: {from} → {to}",
        id = t.application,
        from = t.from.name(lang()),
        to = t.to.name(lang())
    ))
}

pub(crate) fn orders(db: &Path, command: &OrdersCommand) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        OrdersCommand::Import { file } => {
            let name = file.display().to_string();
            let report = program.import_orders(&actor, &name, crate::context::input(file)?)?;
            Ok(say!(
                "imported {file}: {rows}, {created} created, {existing} existing",
                file = name,
                rows = count(report.rows, "row"),
                created = count(report.created, "order"),
                existing = report.existing
            ))
        }
        OrdersCommand::Match(a) => {
            let matched = program.match_orders(&actor)?;
            if a.json {
                return json(&matched);
            }
            let fills = table(
                &[
                    "order",
                    "business",
                    "activity",
                    "quantity",
                    "unit",
                    &money_header("unit price"),
                    &money_header("total"),
                    "due",
                ],
                matched.fills.iter().map(|f| {
                    vec![
                        f.order.clone(),
                        f.business.code.clone(),
                        crate::context::activity(program.catalog(), &f.activity),
                        f.quantity.to_string(),
                        unit_name(&f.unit, lang()).to_owned(),
                        money(f.unit_price),
                        money(f.total),
                        f.due.to_string(),
                    ]
                }),
            );
            let unmet = table(
                &["order", "unmet", "unit", "why"],
                matched.unmet.iter().map(|u| {
                    vec![
                        u.order.clone(),
                        u.quantity.to_string(),
                        unit_name(&u.unit, lang()).to_owned(),
                        u.reason.text(lang()).to_owned(),
                    ]
                }),
            );
            Ok(format!("{fills}\n{}:\n{unmet}", word("unmet demand")))
        }
    }
}

pub(crate) fn offers(db: &Path, command: &OffersCommand) -> Result<String> {
    let OffersCommand::Import { file } = command;
    let (program, actor) = crate::context::open_acting(db)?;
    let name = file.display().to_string();
    let input = crate::context::input(file)?;
    let report = program.import_offers(&actor, &name, input)?;
    Ok(say!(
        "imported {file}: {offers}, {created} created, {existing} existing, {replaced} replaced",
        file = name,
        offers = count(report.offers, "offer"),
        created = report.created,
        existing = report.existing,
        replaced = report.replaced
    ))
}

pub(crate) fn linkage(db: &Path, args: &LinkageArgs) -> Result<String> {
    use homebiz::market::linkage::LinkKind;
    if args.months == 0 {
        bail!(say!("--months must be at least 1"));
    }
    let (program, actor) = crate::context::open_acting(db)?;
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
        return Ok(say!(
            "office {office} has no businesses",
            office = args.office
        ));
    }
    let count = |o: &homebiz::program::OfficeLinkageRow, kind| {
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
                o.office.clone(),
                o.businesses.to_string(),
                o.linked.to_string(),
                format!("{:.0}%", o.rate * 100.0),
                count(o, LinkKind::Sale),
                count(o, LinkKind::Booking),
                count(o, LinkKind::Consignment),
                count(o, LinkKind::Order),
                o.by_channel
                    .iter()
                    .map(|(kind, n)| format!("{} {n}", kind.name(lang())))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        }),
    );
    let unlinked = table(
        &["office", "business without a channel"],
        report.offices.iter().flat_map(|o| {
            o.unlinked
                .iter()
                .map(|b| vec![o.office.clone(), b.code.clone()])
        }),
    );
    Ok(say!(
        "{summary}\n{unlinked}\nlinkage under {office}, {from} to {until} ({months})",
        summary = summary,
        unlinked = unlinked,
        office = args.office,
        from = report.from,
        until = report.until,
        months = crate::context::count(report.months, "month")
    ))
}
