//! `homebiz list …`: exhibitions, applications, orders, offers, partners and
//! a business's ledger statement, through the `Program`'s list use cases
//! (records naming a business only within the acting user's offices).

use std::path::Path;

use anyhow::Result;
use clap::{Args, Subcommand};
use homebiz::core::Money;
use homebiz::market::application::ApplicationState;

use crate::context::{json, lang, money_header, table, word};

/// `homebiz list …`
#[derive(Debug, Subcommand)]
pub(crate) enum ListCommand {
    /// The exhibitions, with their channels and booths.
    Exhibitions(JsonOnly),
    /// The applications to an exhibition (IDs, businesses, categories, states).
    Applications(ApplicationsArgs),
    /// The buyer orders.
    Orders(JsonOnly),
    /// The producers' offers of the businesses in scope.
    Offers(OfficeFilter),
    /// The partners in scope.
    Partners(JsonOnly),
    /// A business's ledger statement: entries by the day they count on in
    /// reports, reversals included on the day of the entry they cancel,
    /// with running totals.
    Statement(StatementArgs),
    /// Likely duplicates for review (same name and birth date in one
    /// office), by group; nothing is merged.
    Duplicates(JsonOnly),
}

/// `[--json]`
#[derive(Debug, Args)]
pub(crate) struct JsonOnly {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `--exhibition CODE [--state S] [--json]`
#[derive(Debug, Args)]
pub(crate) struct ApplicationsArgs {
    /// The exhibition's code.
    #[arg(long)]
    exhibition: String,
    /// Only applications in this state: pending, approved, rejected,
    /// waitlisted or withdrawn.
    #[arg(long)]
    state: Option<ApplicationState>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `[--office CODE] [--json]`
#[derive(Debug, Args)]
pub(crate) struct OfficeFilter {
    /// Only this office and the offices below it.
    #[arg(long)]
    office: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `--business CODE [--json]`
#[derive(Debug, Args)]
pub(crate) struct StatementArgs {
    /// The business's code.
    #[arg(long)]
    business: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// An amount in the output's unit (`--unit`).
fn rial(m: Money) -> String {
    crate::context::money(m)
}

/// Who recorded something, for a table: the user's login code, else the
/// actor's ID, else nothing.
pub(crate) fn by(user: Option<&String>, id: Option<homebiz::core::id::ActorId>) -> String {
    crate::context::who(user, id)
}

/// Runs `homebiz list …`.
pub(crate) fn run(db: &Path, command: &ListCommand) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        ListCommand::Exhibitions(a) => {
            let rows = program.list_exhibitions(&actor)?;
            if a.json {
                return json(&rows);
            }
            Ok(table(
                &["code", "name", "channel", "booths", "monthly cap"],
                rows.iter().map(|e| {
                    vec![
                        e.code.clone(),
                        e.name.clone(),
                        e.channel.code.clone(),
                        e.booths.to_string(),
                        e.monthly_cap.to_string(),
                    ]
                }),
            ))
        }
        ListCommand::Applications(a) => {
            let rows = program.list_applications(&actor, &a.exhibition, a.state)?;
            if a.json {
                return json(&rows);
            }
            Ok(table(
                &[
                    "application",
                    "business",
                    "office",
                    "activity",
                    "category",
                    "state",
                    "weeks",
                    "applied",
                    "reason",
                    "by",
                ],
                rows.iter().map(|r| {
                    vec![
                        r.id.to_string(),
                        r.business.clone(),
                        r.office.clone(),
                        crate::context::activity(program.catalog(), &r.activity),
                        r.category.name(lang()).to_owned(),
                        r.state.name(lang()).to_owned(),
                        r.weeks_wanted.to_string(),
                        r.applied_on.to_string(),
                        r.reason
                            .as_deref()
                            .map(|why| homebiz::describe::reason(why, lang()))
                            .unwrap_or_default(),
                        by(r.by_user.as_ref(), r.by),
                    ]
                }),
            ))
        }
        ListCommand::Orders(a) => {
            let rows = program.list_orders(&actor)?;
            if a.json {
                return json(&rows);
            }
            Ok(table(
                &[
                    "code",
                    "buyer",
                    "category",
                    "activity",
                    "quantity",
                    "unit",
                    &money_header("ceiling"),
                    "due",
                    "by",
                ],
                rows.iter().map(|o| {
                    let d = o.order.data();
                    vec![
                        d.code.clone(),
                        d.buyer.clone(),
                        d.category.name(lang()).to_owned(),
                        d.activity
                            .as_deref()
                            .map(|a| crate::context::activity(program.catalog(), a))
                            .unwrap_or_default(),
                        d.quantity.to_string(),
                        homebiz::market::orders::unit_name(&d.unit, lang()).to_owned(),
                        rial(d.price_ceiling),
                        d.due.to_string(),
                        by(o.by_user.as_ref(), d.by),
                    ]
                }),
            ))
        }
        ListCommand::Offers(a) => {
            let rows = program.list_offers(&actor, a.office.as_deref())?;
            if a.json {
                return json(&rows);
            }
            Ok(table(
                &[
                    "business",
                    "office",
                    "category",
                    "activity",
                    "capacity",
                    &money_header("unit price"),
                    "lead days",
                    "by",
                ],
                rows.iter().map(|o| {
                    vec![
                        o.business.clone(),
                        o.office.clone(),
                        o.category.name(lang()).to_owned(),
                        o.activity
                            .as_deref()
                            .map(|a| crate::context::activity(program.catalog(), a))
                            .unwrap_or_default(),
                        o.capacity.to_string(),
                        rial(o.unit_price),
                        o.lead_days.to_string(),
                        by(o.by_user.as_ref(), o.by),
                    ]
                }),
            ))
        }
        ListCommand::Partners(a) => {
            let rows = program.list_partners(&actor)?;
            if a.json {
                return json(&rows);
            }
            Ok(table(
                &["code", "name", "kind"],
                rows.iter().map(|p| {
                    let d = p.data();
                    vec![
                        d.code.clone(),
                        d.name.clone(),
                        d.kind.name(lang()).to_owned(),
                    ]
                }),
            ))
        }
        ListCommand::Duplicates(a) => {
            let groups = program.duplicate_groups(&actor)?;
            if a.json {
                return json(&groups);
            }
            Ok(table(
                &["group", "office", "household", "name", "birth date"],
                groups.iter().enumerate().flat_map(|(n, g)| {
                    g.people.iter().map(move |m| {
                        let d = m.person.data();
                        vec![
                            (n + 1).to_string(),
                            m.office_code.clone(),
                            m.household_code.clone(),
                            format!("{} {}", d.given_name, d.family_name),
                            d.birth_date.to_string(),
                        ]
                    })
                }),
            ))
        }
        ListCommand::Statement(a) => {
            let statement = program.statement(&actor, &a.business)?;
            if a.json {
                return json(&statement);
            }
            // Entries by the user's key where they have one, else by ID.
            let names: std::collections::HashMap<_, String> = statement
                .lines
                .iter()
                .map(|l| {
                    (
                        l.entry,
                        l.key.clone().unwrap_or_else(|| l.entry.to_string()),
                    )
                })
                .collect();
            let name = |id: &homebiz::core::id::EntryId| {
                names.get(id).cloned().unwrap_or_else(|| id.to_string())
            };
            let mut text = table(
                &[
                    "seq",
                    "day",
                    "written on",
                    "kind",
                    "channel",
                    "entry",
                    "reverses / reversed by",
                    &money_header("net"),
                    &money_header("running net"),
                    "by",
                ],
                statement.lines.iter().map(|l| {
                    let link = match (l.reverses, l.reversed_by) {
                        (Some(of), _) => format!("{} {}", word("reverses"), name(&of)),
                        (None, Some(by)) => format!("{} {}", word("reversed by"), name(&by)),
                        (None, None) => String::new(),
                    };
                    vec![
                        l.seq.to_string(),
                        // The day it counts on in reports; the day written
                        // on it beside, where that differs (a reversal).
                        l.counts_on.to_string(),
                        if l.on == l.counts_on {
                            String::new()
                        } else {
                            l.on.to_string()
                        },
                        homebiz::income::entry::kind_name(l.kind, lang())
                            .unwrap_or(l.kind)
                            .to_owned(),
                        l.channel.clone().unwrap_or_default(),
                        name(&l.entry),
                        link,
                        rial(l.net),
                        rial(l.running_net),
                        by(l.by_user.as_ref(), l.by),
                    ]
                }),
            );
            let net = statement.totals.net()?;
            let sep = crate::context::numerals(",");
            text.push_str(&format!(
                "\n{}: {}{sep} {} {}{sep} {} {} {}",
                statement.business,
                crate::context::count(statement.lines.len(), "entry"),
                word("revenue"),
                rial(statement.totals.revenue),
                word("net"),
                rial(net),
                crate::context::unit_name()
            ));
            Ok(text)
        }
    }
}
