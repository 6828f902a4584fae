//! `homebiz find people|households`: search the registry by name (Persian
//! spellings matched loosely, partial names allowed), by a member's mobile or
//! by part of the address, within the acting user's offices.

use std::path::Path;

use anyhow::Result;
use clap::{ArgGroup, Args, Subcommand};
use homebiz::program::find::HouseholdQuery;

use homebiz::program::personal::ShowsPeople;

use crate::context::{HouseholdJson, PersonJson, json, table};

/// `homebiz find …`
#[derive(Debug, Subcommand)]
pub(crate) enum FindCommand {
    /// People by name: any spelling of yeh and kaf, with or without ZWNJ,
    /// diacritics or spaces; part of a name, words in any order.
    People(PeopleArgs),
    /// Households by a member's name, a member's mobile, or part of the
    /// address.
    Households(HouseholdsArgs),
}

/// `NAME [--office CODE] [--json [--personal]]`
#[derive(Debug, Args)]
pub(crate) struct PeopleArgs {
    /// The name, or part of it.
    name: String,
    /// Only this office and the offices below it.
    #[arg(long)]
    office: Option<String>,
    #[command(flatten)]
    json: PersonJson,
}

/// `--name N | --mobile M | --address A [--office CODE] [--json [--personal]]`
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("query").required(true).args(["name", "mobile", "address"])))]
pub(crate) struct HouseholdsArgs {
    /// A member's name, or part of it.
    #[arg(long)]
    name: Option<String>,
    /// A member's mobile number (09…, +98…, any digits).
    #[arg(long)]
    mobile: Option<String>,
    /// Part of the address.
    #[arg(long)]
    address: Option<String>,
    /// Only this office and the offices below it.
    #[arg(long)]
    office: Option<String>,
    #[command(flatten)]
    json: HouseholdJson,
}

/// Runs `homebiz find …`.
pub(crate) fn run(db: &Path, command: &FindCommand) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        FindCommand::People(args) => {
            let found = program.find_people(&actor, args.office.as_deref(), &args.name)?;
            if args.json.json {
                return json(&found.with_personal(args.json.personal));
            }
            Ok(table(
                &["office", "household", "name", "birth date"],
                found.iter().map(|m| {
                    let d = m.person.data();
                    vec![
                        m.office_code.clone(),
                        m.household_code.clone(),
                        format!("{} {}", d.given_name, d.family_name),
                        d.birth_date.to_string(),
                    ]
                }),
            ))
        }
        FindCommand::Households(args) => {
            let query = match (&args.name, &args.mobile, &args.address) {
                (Some(name), _, _) => HouseholdQuery::Name(name.clone()),
                (_, Some(mobile), _) => HouseholdQuery::Mobile(mobile.clone()),
                (_, _, Some(address)) => HouseholdQuery::Address(address.clone()),
                // clap requires one of the three.
                (None, None, None) => {
                    anyhow::bail!(crate::context::say!("give --name, --mobile or --address"))
                }
            };
            let found = program.find_households(&actor, args.office.as_deref(), &query)?;
            if args.json.json {
                return json(&found.with_personal(args.json.personal));
            }
            // The address is personal: shown with --personal only.
            let personal = args.json.personal;
            let header: &[&str] = if personal {
                &["office", "household", "address", "members"]
            } else {
                &["office", "household", "members"]
            };
            Ok(table(
                header,
                found.iter().map(|m| {
                    let members: Vec<String> = m
                        .members
                        .iter()
                        .map(|p| format!("{} {}", p.data().given_name, p.data().family_name))
                        .collect();
                    let mut cells = vec![m.office_code.clone(), m.household.code().to_owned()];
                    if personal {
                        cells.push(m.household.data().address.clone());
                    }
                    cells.push(members.join("، "));
                    cells
                }),
            ))
        }
    }
}
