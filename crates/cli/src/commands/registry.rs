//! Listing and showing registry records: `office`, `household`, `person`,
//! `business`.

use std::path::Path;

use anyhow::Result;
use clap::{Args, Subcommand};
use homebiz::program::personal::ShowsPeople;
use homebiz::program::{BusinessRow, CodeRef, HouseholdView, PersonView, Referenced};
use homebiz::registry::{BusinessMode, Household, Person};
use serde::Serialize;

use crate::context::{HouseholdJson, PersonJson, json, lang, money, money_header, table, word};

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
    List(HouseholdListArgs),
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
    /// Show a person and their household, by person ID or national ID.
    Show(PersonShowArgs),
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
    /// Show one business: its office, household, activity, state, licences
    /// and capital.
    Show(BusinessShowArgs),
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

/// `--office CODE [--json] [--personal]`
#[derive(Debug, Args)]
pub(crate) struct HouseholdListArgs {
    /// The office's code.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    office: String,
    #[command(flatten)]
    json: HouseholdJson,
}

/// `ID [--json] [--personal]`
#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The household's code or ID.
    #[arg(value_parser = crate::context::key_arg)]
    id: String,
    #[command(flatten)]
    json: HouseholdJson,
}

/// `CODE [--json]`
#[derive(Debug, Args)]
pub(crate) struct BusinessShowArgs {
    /// The business's code or ID.
    #[arg(value_parser = crate::context::key_arg)]
    code: String,
    #[command(flatten)]
    json: JsonFlag,
}

/// `KEY [--json [--personal]]`
#[derive(Debug, Args)]
pub(crate) struct PersonShowArgs {
    /// The person's ID, or their national ID (any digits; never repeated
    /// in a message).
    #[arg(value_parser = crate::context::key_arg)]
    key: String,
    #[command(flatten)]
    json: PersonJson,
}

/// `--national-id ID [--json [--personal]]`
#[derive(Debug, Args)]
pub(crate) struct FindArgs {
    /// The national ID (any digits).
    #[arg(long)]
    national_id: String,
    #[command(flatten)]
    json: PersonJson,
}

pub(crate) fn office(db: &Path, command: &OfficeCommand) -> Result<String> {
    let OfficeCommand::List(flag) = command;
    let (program, actor) = crate::context::open_acting(db)?;
    let offices = program.office_rows(&actor)?;
    if flag.json {
        // The parent by code with the ID beside, as every view names
        // records: also a scoped user's own office's parent.
        let rows: Vec<_> = offices.iter().map(|row| row.json()).collect();
        return json(&rows);
    }
    Ok(table(
        &["code", "name", "level", "parent"],
        offices.iter().map(|row| {
            let o = &row.office;
            vec![
                o.code().to_owned(),
                o.name().to_owned(),
                o.level().name(lang()).to_owned(),
                row.parent
                    .as_ref()
                    .map(|p| p.code.clone())
                    .unwrap_or_default(),
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
            let (program, actor) = crate::context::open_acting(db)?;
            let rows = program.household_rows(&actor, &args.office)?;
            if args.json.json {
                let personal = args.json.personal;
                return json(
                    &rows
                        .iter()
                        .map(|row| row.json(personal))
                        .collect::<Vec<_>>(),
                );
            }
            // The baseline income is personal: shown with --personal only.
            let personal = args.json.personal;
            let income = money_header("baseline income");
            let mut header = vec!["code", "membership", "members"];
            if personal {
                header.push(&income);
            }
            header.push("registered");
            Ok(table(
                &header,
                rows.iter().map(|row| {
                    let h = &row.household;
                    let mut cells = vec![
                        h.code().to_owned(),
                        h.membership().label(lang()).to_owned(),
                        row.members.to_string(),
                    ];
                    if personal {
                        cells.push(baseline(h));
                    }
                    cells.push(h.data().registered_on.to_string());
                    cells
                }),
            ))
        }
        HouseholdCommand::Show(args) => {
            let (program, actor) = crate::context::open_acting(db)?;
            let view = program.household_view(&actor, &args.id)?;
            if args.json.json {
                return json(&view.with_personal(args.json.personal));
            }
            let HouseholdView {
                household, members, ..
            } = view;
            let d = household.data();
            // The address, baseline and support are personal: shown with
            // --personal only.
            let personal = args.json.personal;
            let mut fields = vec![
                vec![word("code").into(), d.code.clone()],
                vec![word("id").into(), d.id.to_string()],
                vec![
                    word("membership").into(),
                    stated(
                        d.membership.label(lang()),
                        match &d.membership {
                            homebiz::registry::MembershipState::Exited { reason } => Some(reason),
                            _ => None,
                        },
                    ),
                ],
            ];
            if personal {
                fields.extend([
                    vec![word("address").into(), d.address.clone()],
                    vec![money_header("baseline income"), baseline(&household)],
                    vec![
                        word("baseline survey").into(),
                        d.baseline
                            .as_ref()
                            .map(|b| b.survey_date.to_string())
                            .unwrap_or_default(),
                    ],
                ]);
            }
            fields.extend([
                vec![
                    word("space").into(),
                    format!(
                        "{} {}, {}: {}",
                        d.space.area_m2,
                        word("m²"),
                        word("separate room"),
                        word(if d.space.separate_room { "yes" } else { "no" })
                    ),
                ],
                vec![word("registered").into(), d.registered_on.to_string()],
            ]);
            let details = table(&["field", "value"], fields);
            Ok(format!("{details}\n{}", people_table(&members)))
        }
    }
}

/// A person's skills with their levels, for people.
fn skills(p: &Person) -> String {
    p.data()
        .skills
        .iter()
        .map(crate::context::skill_with_level)
        .collect::<Vec<_>>()
        .join(&crate::context::numerals(", "))
}

fn people_table(people: &[Person]) -> String {
    table(
        &["name", "birth date", "gender", "skills", "hours/week"],
        people.iter().map(|p| {
            let d = p.data();
            vec![
                format!("{} {}", d.given_name, d.family_name),
                d.birth_date.to_string(),
                d.gender.name(lang()).to_owned(),
                skills(p),
                d.hours_per_week.to_string(),
            ]
        }),
    )
}

pub(crate) fn person(db: &Path, command: &PersonCommand) -> Result<String> {
    let args = match command {
        PersonCommand::Find(args) => args,
        PersonCommand::Show(args) => return person_show(db, args),
        PersonCommand::Duplicates(flag) => return duplicates(db, flag.json),
        PersonCommand::Records(command) => return super::records::person(db, command),
    };
    let (program, actor) = crate::context::open_acting(db)?;
    let view = program.person_view(&actor, &args.national_id)?;
    if args.json.json {
        let household = view.household_ref();
        let person = view.person.with_personal(args.json.personal);
        return json(&Referenced::new(&person).with("household", &household));
    }
    let PersonView {
        person, household, ..
    } = view;
    Ok(format!(
        "{} {}\n{}",
        word("household"),
        household,
        people_table(std::slice::from_ref(&person))
    ))
}

/// `homebiz person show KEY`: a person as a field/value table, then their
/// household's people.
fn person_show(db: &Path, args: &PersonShowArgs) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    let details = program.person_details(&actor, &args.key)?;
    if args.json.json {
        return json(&details.with_personal(args.json.personal));
    }
    let d = details.person.data();
    let fields = table(
        &["field", "value"],
        [
            vec![word("id").into(), d.id.to_string()],
            vec![
                word("name").into(),
                format!("{} {}", d.given_name, d.family_name),
            ],
            vec![word("birth date").into(), d.birth_date.to_string()],
            vec![word("gender").into(), d.gender.name(lang()).to_owned()],
            vec![word("skills").into(), skills(&details.person)],
            vec![word("hours/week").into(), d.hours_per_week.to_string()],
            vec![
                word("household").into(),
                details.household.household.code().to_owned(),
            ],
            vec![word("office").into(), details.household.office.clone()],
        ],
    );
    Ok(format!(
        "{fields}\n{}:\n{}",
        word("members"),
        people_table(&details.household.members)
    ))
}

/// The duplicate groups, each with its office's code and its people with
/// their households' codes.
fn duplicates(db: &Path, as_json: bool) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    let groups = program.duplicate_groups(&actor)?;
    if as_json {
        // Codes and IDs only: the names stay in the table.
        #[derive(Serialize)]
        struct Member {
            household: CodeRef<homebiz::core::id::HouseholdId>,
            person: homebiz::core::id::PersonId,
        }
        #[derive(Serialize)]
        struct Group {
            office: CodeRef<homebiz::core::id::OfficeId>,
            people: Vec<Member>,
        }
        return json(
            &groups
                .iter()
                .map(|g| Group {
                    office: CodeRef {
                        code: g.office_code.clone(),
                        id: g.office_id,
                    },
                    people: g
                        .people
                        .iter()
                        .map(|p| Member {
                            household: CodeRef {
                                code: p.household_code.clone(),
                                id: p.person.household(),
                            },
                            person: p.person.id(),
                        })
                        .collect(),
                })
                .collect::<Vec<_>>(),
        );
    }
    Ok(table(
        &["group", "office", "household", "name", "birth date"],
        groups.iter().enumerate().flat_map(|(n, group)| {
            group.people.iter().map(move |p| {
                let d = p.person.data();
                vec![
                    (n + 1).to_string(),
                    group.office_code.clone(),
                    p.household_code.clone(),
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
        BusinessCommand::Show(args) => return business_show(db, args),
        BusinessCommand::Records(command) => return super::records::business(db, command),
    };
    let (program, actor) = crate::context::open_acting(db)?;
    let rows = program.business_rows(&actor, &args.office)?;
    if args.json.json {
        return json(&rows.iter().map(BusinessRow::json).collect::<Vec<_>>());
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
        rows.iter().map(|row| {
            let d = row.business.data();
            vec![
                d.code.clone(),
                row.household.clone(),
                crate::context::activity(program.catalog(), &d.activity),
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

/// `homebiz business show CODE`: one business as a field/value table.
fn business_show(db: &Path, args: &BusinessShowArgs) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    let view = program.business_view(&actor, &args.code)?;
    if args.json.json {
        return json(&view);
    }
    let d = view.business.data();
    let licence = |l: Option<&homebiz::registry::Licence>| {
        // The number as recorded; the dates with the output's digits (the
        // table leaves this row as it is: it holds a code).
        let day = |d: homebiz::core::JalaliDate| crate::context::numerals(&d.to_string());
        l.map(|l| match l.expires {
            Some(expires) => format!("{} ({} .. {})", l.number, day(l.issued), day(expires)),
            None => format!("{} ({} ..)", l.number, day(l.issued)),
        })
        .unwrap_or_default()
    };
    let mode = match &d.mode {
        BusinessMode::Independent => word("independent").to_owned(),
        BusinessMode::Support { .. } => word("support").to_owned(),
        BusinessMode::Cluster { cluster } => format!("{} {cluster}", word("cluster")),
        _ => String::new(),
    };
    Ok(table(
        &["field", "value"],
        [
            vec![word("code").into(), d.code.clone()],
            vec![word("id").into(), d.id.to_string()],
            vec![word("office").into(), view.office.clone()],
            vec![word("household").into(), view.household.clone()],
            vec![
                word("activity").into(),
                crate::context::activity(program.catalog(), &d.activity),
            ],
            vec![word("mode").into(), mode],
            vec![
                word("state").into(),
                stated(
                    d.state.label(lang()),
                    match &d.state {
                        homebiz::registry::BusinessState::Closed { reason } => Some(reason),
                        _ => None,
                    },
                ),
            ],
            vec![word("licence").into(), licence(d.licence.as_ref())],
            vec![
                word("health certificate").into(),
                licence(d.health_certificate.as_ref()),
            ],
            vec![money_header("capital"), money(d.capital_invested)],
        ],
    ))
}

/// A state's name for people, with the reason it was ended when it has
/// one (`exited (moved away)`): the reason a record left is part of what
/// it shows.
fn stated(label: &str, reason: Option<&String>) -> String {
    match reason.map(|r| r.trim()).filter(|r| !r.is_empty()) {
        Some(reason) => format!("{label} ({reason})"),
        None => label.to_owned(),
    }
}
