//! Listing and showing registry records: `office`, `household`, `person`,
//! `business`.

use std::path::Path;

use anyhow::Result;
use clap::{Args, Subcommand};
use homebiz::core::iran::NationalId;
use homebiz::registry::{Household, Person, Reader};
use serde::Serialize;

use crate::context::{acting_on, json, lang, money, money_header, open, table, word};

/// `homebiz office …`
#[derive(Debug, Subcommand)]
pub(crate) enum OfficeCommand {
    /// List the offices and the hierarchy above them.
    List(JsonFlag),
}

/// `homebiz household …`
#[derive(Debug, Subcommand)]
pub(crate) enum HouseholdCommand {
    /// List the households of an office (and the offices below it).
    List(OfficeArgs),
    /// Show a household and its members, by code or ID.
    Show(ShowArgs),
    #[command(flatten)]
    Records(super::records::HouseholdRecords),
}

/// `homebiz person …`
#[derive(Debug, Subcommand)]
pub(crate) enum PersonCommand {
    /// Find a person by national ID.
    Find(FindArgs),
    /// Likely duplicates for review: people of one office with the same
    /// name and birth date, by group (the first registered first).
    Duplicates(JsonFlag),
    #[command(flatten)]
    Records(super::records::PersonRecords),
}

/// `homebiz business …`
#[derive(Debug, Subcommand)]
pub(crate) enum BusinessCommand {
    /// List the businesses of an office (and the offices below it).
    List(OfficeArgs),
    #[command(flatten)]
    Records(super::records::BusinessRecords),
}

/// `--json`
#[derive(Debug, Args)]
pub(crate) struct JsonFlag {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `--office CODE [--json]`
#[derive(Debug, Args)]
pub(crate) struct OfficeArgs {
    /// The office's code.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    office: String,
    #[command(flatten)]
    json: JsonFlag,
}

/// `ID [--json]`
#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The household's code or ID.
    #[arg(value_parser = crate::context::key_arg)]
    id: String,
    #[command(flatten)]
    json: JsonFlag,
}

/// `--national-id ID [--json]`
#[derive(Debug, Args)]
pub(crate) struct FindArgs {
    /// The national ID (any digits).
    #[arg(long)]
    national_id: String,
    #[command(flatten)]
    json: JsonFlag,
}

fn read<R>(db: &Path, f: impl FnOnce(&Reader<'_>) -> homebiz::registry::Result<R>) -> Result<R> {
    let registry = open(db, false)?;
    let actor = acting_on(&registry)?;
    Ok(registry.read(&actor, f)?)
}

pub(crate) fn office(db: &Path, command: &OfficeCommand) -> Result<String> {
    let OfficeCommand::List(flag) = command;
    let offices = read(db, |r| r.offices())?;
    if flag.json {
        return json(&offices);
    }
    let codes: std::collections::HashMap<_, _> = offices
        .iter()
        .map(|o| (o.id(), o.code().to_owned()))
        .collect();
    Ok(table(
        &["code", "name", "level", "parent"],
        offices.iter().map(|o| {
            let parent = o
                .parent()
                .and_then(|p| codes.get(&p).cloned())
                .unwrap_or_default();
            vec![
                o.code().to_owned(),
                o.name().to_owned(),
                o.level().name(lang()).to_owned(),
                parent,
            ]
        }),
    ))
}

fn baseline(h: &Household) -> String {
    h.baseline()
        .map(|b| money(b.monthly_income))
        .unwrap_or_default()
}

pub(crate) fn household(db: &Path, command: &HouseholdCommand) -> Result<String> {
    match command {
        HouseholdCommand::Records(command) => super::records::household(db, command),
        HouseholdCommand::List(args) => {
            let rows = read(db, |r| {
                let office = r.office_by_code(&args.office)?;
                r.households(office.id())?
                    .into_iter()
                    .map(|h| Ok((r.members(h.id())?.len(), h)))
                    .collect::<homebiz::registry::Result<Vec<_>>>()
            })?;
            if args.json.json {
                return json(&rows.iter().map(|(_, h)| h).collect::<Vec<_>>());
            }
            Ok(table(
                &[
                    "code",
                    "membership",
                    "members",
                    &money_header("baseline income"),
                    "registered",
                ],
                rows.iter().map(|(members, h)| {
                    vec![
                        h.code().to_owned(),
                        h.membership().label(lang()).to_owned(),
                        members.to_string(),
                        baseline(h),
                        h.data().registered_on.to_string(),
                    ]
                }),
            ))
        }
        HouseholdCommand::Show(args) => {
            let (household, members) = read(db, |r| {
                let household = match args.id.parse() {
                    Ok(id) => r.household(id)?,
                    Err(_) => r.household_by_code(&args.id)?,
                };
                let members = r.members(household.id())?;
                Ok((household, members))
            })?;
            if args.json.json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    household: &'a Household,
                    members: &'a [Person],
                }
                return json(&Shown {
                    household: &household,
                    members: &members,
                });
            }
            let d = household.data();
            let details = table(
                &["field", "value"],
                [
                    vec![word("code").into(), d.code.clone()],
                    vec![word("id").into(), d.id.to_string()],
                    vec![
                        word("membership").into(),
                        d.membership.label(lang()).to_owned(),
                    ],
                    vec![word("address").into(), d.address.clone()],
                    vec![money_header("baseline income"), baseline(&household)],
                    vec![
                        word("baseline survey").into(),
                        d.baseline
                            .as_ref()
                            .map(|b| b.survey_date.to_string())
                            .unwrap_or_default(),
                    ],
                    vec![
                        word("space").into(),
                        format!(
                            "{} m², {}: {}",
                            d.space.area_m2,
                            word("separate room"),
                            word(if d.space.separate_room { "yes" } else { "no" })
                        ),
                    ],
                    vec![word("registered").into(), d.registered_on.to_string()],
                ],
            );
            Ok(format!("{details}\n{}", people_table(&members)))
        }
    }
}

fn people_table(people: &[Person]) -> String {
    table(
        &["name", "birth date", "gender", "skills", "hours/week"],
        people.iter().map(|p| {
            let d = p.data();
            let skills: Vec<String> = d
                .skills
                .iter()
                .map(|s| format!("{} ({})", s.code, s.level.name(lang())))
                .collect();
            vec![
                format!("{} {}", d.given_name, d.family_name),
                d.birth_date.to_string(),
                d.gender.name(lang()).to_owned(),
                skills.join(", "),
                d.hours_per_week.to_string(),
            ]
        }),
    )
}

pub(crate) fn person(db: &Path, command: &PersonCommand) -> Result<String> {
    let args = match command {
        PersonCommand::Find(args) => args,
        PersonCommand::Duplicates(flag) => return duplicates(db, flag.json),
        PersonCommand::Records(command) => return super::records::person(db, command),
    };
    let national_id = NationalId::parse(&args.national_id)?;
    let (person, household) = read(db, |r| {
        let person = r.person_by_national_id(&national_id)?;
        let household = r.household(person.household())?;
        Ok((person, household))
    })?;
    if args.json.json {
        return json(&person);
    }
    Ok(format!(
        "{} {}\n{}",
        word("household"),
        household.code(),
        people_table(std::slice::from_ref(&person))
    ))
}

/// The duplicate groups, each with its office's code and its people with
/// their households' codes.
fn duplicates(db: &Path, as_json: bool) -> Result<String> {
    let groups = read(db, |r| {
        let mut out = Vec::new();
        for group in r.duplicate_groups()? {
            let office = r.office(group.office)?.code().to_owned();
            let mut people = Vec::new();
            for &id in &group.people {
                let person = r.person(id)?;
                people.push((r.household(person.household())?.code().to_owned(), person));
            }
            out.push((group, office, people));
        }
        Ok(out)
    })?;
    if as_json {
        return json(&groups.iter().map(|(g, _, _)| g).collect::<Vec<_>>());
    }
    Ok(table(
        &["group", "office", "household", "name", "birth date"],
        groups
            .iter()
            .enumerate()
            .flat_map(|(n, (_, office, people))| {
                people.iter().map(move |(household, p)| {
                    let d = p.data();
                    vec![
                        (n + 1).to_string(),
                        office.clone(),
                        household.clone(),
                        format!("{} {}", d.given_name, d.family_name),
                        d.birth_date.to_string(),
                    ]
                })
            }),
    ))
}

pub(crate) fn business(db: &Path, command: &BusinessCommand) -> Result<String> {
    let args = match command {
        BusinessCommand::List(args) => args,
        BusinessCommand::Records(command) => return super::records::business(db, command),
    };
    let rows = read(db, |r| {
        let office = r.office_by_code(&args.office)?;
        r.businesses(office.id())?
            .into_iter()
            .map(|b| Ok((r.household(b.household())?.code().to_owned(), b)))
            .collect::<homebiz::registry::Result<Vec<_>>>()
    })?;
    if args.json.json {
        return json(&rows.iter().map(|(_, b)| b).collect::<Vec<_>>());
    }
    Ok(table(
        &[
            "code",
            "household",
            "activity",
            "state",
            "licence",
            &money_header("capital"),
        ],
        rows.iter().map(|(household, b)| {
            let d = b.data();
            vec![
                d.code.clone(),
                household.clone(),
                d.activity.clone(),
                d.state.label(lang()).to_owned(),
                d.licence
                    .as_ref()
                    .map(|l| l.number.clone())
                    .unwrap_or_default(),
                money(d.capital_invested),
            ]
        }),
    ))
}
