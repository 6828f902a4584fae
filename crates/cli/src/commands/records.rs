//! Correcting records and moving them through their lifecycles:
//! `household|person|business edit`, the membership and business steps,
//! and `… history`. Each command parses, calls one `Program` use case and
//! renders its result.

use std::path::Path;

use anyhow::Result;
use clap::{Args, Subcommand};
use homebiz::program::{
    BusinessStep, Edited, FieldValue, History, HistoryChange, MembershipStep, Moved,
};

use homebiz::core::Money;
use homebiz::program::personal::ShowsPeople as _;
use homebiz::registry::AuditAction;

use crate::context::{json, say, table, word};

/// `homebiz household …` (edits, steps, history).
#[derive(Debug, Subcommand)]
pub(crate) enum HouseholdRecords {
    /// Correct a household's fields: `field=value` by the import's column
    /// names (address, area_m2, separate_room, baseline_income_rial,
    /// baseline_survey_date, registered_on). Code and office are refused.
    Edit(EditArgs),
    /// Applied → enrolled.
    Enrol(StepArgs),
    /// Enrolled or paused → active.
    Activate(StepArgs),
    /// Active → paused.
    Pause(StepArgs),
    /// Active → graduated.
    Graduate(StepArgs),
    /// Leave the programme, with a reason.
    Exit(ReasonArgs),
    /// State changes and audited writes of a household, oldest first.
    History(HistoryArgs),
}

/// `homebiz person …` (edits, history).
#[derive(Debug, Subcommand)]
pub(crate) enum PersonRecords {
    /// Correct a person's fields, found by person ID or national ID:
    /// `field=value` by the import's column names (given_name, family_name, birth_date,
    /// gender, mobile, education, hours_per_week, interests). The national
    /// ID and the household are refused.
    Edit(EditArgs),
    /// Audited writes of a person (by person ID or national ID), oldest first.
    History(HistoryArgs),
}

/// `homebiz business …` (edits, steps, history).
#[derive(Debug, Subcommand)]
pub(crate) enum BusinessRecords {
    /// Correct a business's fields: activity, capital_rial, licence_number
    /// (empty removes it), licence_kind, licence_issued, licence_expires,
    /// health_number, health_issued, health_expires. Code, office,
    /// household, owner and state are refused.
    Edit(EditArgs),
    /// Planned → in training.
    Train(StepArgs),
    /// In training → licensed (needs a licence).
    License(StepArgs),
    /// Licensed or suspended → active.
    Activate(StepArgs),
    /// Active → suspended: ends its exhibition applications and releases
    /// its booth-weeks from today on.
    Suspend(StepArgs),
    /// Close for good, with a reason: ends its exhibition applications and
    /// releases its booth-weeks from today on.
    Close(ReasonArgs),
    /// State changes and audited writes of a business, oldest first.
    History(HistoryArgs),
}

/// `KEY field=value…`
#[derive(Debug, Args)]
pub(crate) struct EditArgs {
    /// The record's code (a person: the person ID or national ID).
    key: String,
    /// The changes, `field=value` (an empty value clears an optional
    /// field).
    #[arg(required = true)]
    changes: Vec<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `CODE [--json]`
#[derive(Debug, Args)]
pub(crate) struct StepArgs {
    /// The record's code.
    code: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `CODE --reason TEXT [--json]`
#[derive(Debug, Args)]
pub(crate) struct ReasonArgs {
    /// The record's code.
    code: String,
    /// Why (recorded in the history).
    #[arg(long)]
    reason: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// `KEY [--json [--personal]]`
#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The record's code (a person: the person ID or national ID).
    key: String,
    #[command(flatten)]
    json: crate::context::PersonJson,
}

impl HouseholdRecords {
    /// Whether the command only reads.
    pub(crate) fn reads_only(&self) -> bool {
        matches!(self, Self::History(_))
    }
}

impl PersonRecords {
    /// Whether the command only reads.
    pub(crate) fn reads_only(&self) -> bool {
        matches!(self, Self::History(_))
    }
}

impl BusinessRecords {
    /// Whether the command only reads.
    pub(crate) fn reads_only(&self) -> bool {
        matches!(self, Self::History(_))
    }
}

fn changes(args: &EditArgs) -> Result<Vec<FieldValue>> {
    Ok(args
        .changes
        .iter()
        .map(|c| FieldValue::parse(c))
        .collect::<Result<Vec<_>, _>>()?)
}

fn edited(what: &str, edited: &Edited, as_json: bool) -> Result<String> {
    if as_json {
        return json(edited);
    }
    Ok(if edited.changed.is_empty() {
        say!(
            "{what}: no change (the values were already as given)",
            what = what
        )
    } else {
        say!(
            "{what}: changed {fields}",
            what = what,
            fields = fields(&edited.changed)
        )
    })
}

/// Field names for people ([`field`](crate::context::field)), joined.
fn fields(names: &[impl AsRef<str>]) -> String {
    names
        .iter()
        .map(|f| crate::context::field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(&crate::context::numerals(", "))
}

fn moved(what: &str, moved: &Moved, as_json: bool) -> Result<String> {
    if as_json {
        return json(moved);
    }
    let lang = crate::context::lang();
    let from = crate::i18n::state(&moved.from, lang);
    let to = crate::i18n::state(&moved.to, lang);
    let what = format!("{} {}", word(what), moved.code);
    Ok(match &moved.reason {
        Some(reason) => say!(
            "{what}: {from} → {to} ({reason})",
            what = what,
            from = from,
            to = to,
            reason = reason
        ),
        None => say!("{what}: {from} → {to}", what = what, from = from, to = to),
    })
}

/// A value of a history's change for people (`--json` keeps the recorded
/// text): an amount in the output's unit, with its name; a structured
/// value as its parts, `key: value`, with the CLI's words for them (an
/// area as `9 m²`, in Persian `۹ متر مربع`; yes/no for a flag; empty parts
/// left out); any other text as recorded.
fn history_value(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
            readable(&value)
        }
        _ => text.to_owned(),
    }
}

/// A JSON value as [`history_value`] writes it.
fn readable(value: &serde_json::Value) -> String {
    use serde_json::Value;
    if let Ok(amount) = serde_json::from_value::<Money>(value.clone()) {
        return amount.format(&crate::context::money_format_named());
    }
    // A skill by its name and level, as `person show` writes it.
    if let Ok(skill) = serde_json::from_value::<homebiz::registry::Skill>(value.clone()) {
        return crate::context::skill_with_level(&skill);
    }
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => word("yes").to_owned(),
        Value::Bool(false) => word("no").to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(readable)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            // A list's items apart from the changes' `; `.
            .join(&crate::context::numerals(", ")),
        Value::Object(parts) => parts
            .iter()
            .filter_map(|(key, value)| {
                let mut part = readable(value);
                // A licence's kind by its name, in Persian.
                if key == "kind"
                    && crate::context::lang() == homebiz::core::text::Lang::Fa
                    && let Ok(kind) =
                        serde_json::from_value::<homebiz::registry::LicenceKind>(value.clone())
                {
                    part = kind.name(homebiz::core::text::Lang::Fa).to_owned();
                }
                if part.is_empty() {
                    return None;
                }
                Some(match key.as_str() {
                    "area_m2" => format!("{part} {}", word("m²")),
                    key => format!("{}: {part}", word(&key.replace('_', " "))),
                })
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn history(history: &History, view: &crate::context::PersonJson) -> Result<String> {
    if view.json {
        return json(&history.with_personal(view.personal));
    }
    Ok(table(
        &["when (Iran time)", "who", "change"],
        history.entries.iter().map(|e| {
            let change = match &e.change {
                HistoryChange::State { from, to, reason } => {
                    let lang = crate::context::lang();
                    let (from, to) = (crate::i18n::state(from, lang), crate::i18n::state(to, lang));
                    match reason {
                        Some(reason) => format!("{from} → {to} ({reason})"),
                        None => format!("{from} → {to}"),
                    }
                }
                HistoryChange::Fields {
                    action,
                    fields,
                    changes,
                } if changes.is_empty() => {
                    format!(
                        "{}: {}",
                        action.name(crate::context::lang()),
                        self::fields(fields)
                    )
                }
                // A resolved duplicate: its verdict, and its note.
                HistoryChange::Fields {
                    action,
                    fields,
                    changes,
                } if *action == AuditAction::DuplicateResolved => {
                    let note: Vec<&str> = changes
                        .iter()
                        .filter(|c| c.field == "note")
                        .map(|c| c.new.as_str())
                        .collect();
                    // The verdict by its name; in English its code, as before.
                    let lang = crate::context::lang();
                    let verdict = fields
                        .iter()
                        .map(|f| match (lang, f.parse::<homebiz::registry::Verdict>()) {
                            (homebiz::core::text::Lang::Fa, Ok(v)) => v.name(lang).to_owned(),
                            _ => f.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(&crate::context::numerals(", "));
                    format!(
                        "{}: {} ({}: {})",
                        action.name(lang),
                        verdict,
                        word("note"),
                        note.join("; ")
                    )
                }
                HistoryChange::Fields {
                    action, changes, ..
                } => {
                    let values: Vec<String> = changes
                        .iter()
                        .map(|c| {
                            format!(
                                "{}: {} → {}",
                                crate::context::field(&c.field),
                                history_value(&c.old),
                                history_value(&c.new)
                            )
                        })
                        .collect();
                    format!(
                        "{}: {}",
                        action.name(crate::context::lang()),
                        values.join("; ")
                    )
                }
                _ => String::new(),
            };
            vec![
                crate::context::moment_of(e.at),
                // A configured user by login code, the built-in one by
                // name, anyone else by ID.
                crate::context::who(e.user.as_ref(), Some(e.actor)),
                change,
            ]
        }),
    ))
}

/// `homebiz household edit|enrol|activate|pause|graduate|exit|history`.
pub(crate) fn household(db: &Path, command: &HouseholdRecords) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    let step = |code: &str, step, reason, as_json| {
        moved(
            "household",
            &program.move_household(&actor, code, step, reason)?,
            as_json,
        )
    };
    match command {
        HouseholdRecords::Edit(args) => edited(
            &format!("{} {}", word("household"), args.key),
            &program.edit_household(&actor, &args.key, &changes(args)?)?,
            args.json,
        ),
        HouseholdRecords::Enrol(a) => step(&a.code, MembershipStep::Enrol, None, a.json),
        HouseholdRecords::Activate(a) => step(&a.code, MembershipStep::Activate, None, a.json),
        HouseholdRecords::Pause(a) => step(&a.code, MembershipStep::Pause, None, a.json),
        HouseholdRecords::Graduate(a) => step(&a.code, MembershipStep::Graduate, None, a.json),
        HouseholdRecords::Exit(a) => step(&a.code, MembershipStep::Exit, Some(&a.reason), a.json),
        HouseholdRecords::History(args) => {
            history(&program.household_history(&actor, &args.key)?, &args.json)
        }
    }
}

/// `homebiz person edit|history`.
pub(crate) fn person(db: &Path, command: &PersonRecords) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    match command {
        // The national ID is personal: the message names the person by
        // their ID and household's code instead.
        PersonRecords::Edit(args) => {
            let done = program.edit_person(&actor, &args.key, &changes(args)?)?;
            let what = match &done.person {
                Some(p) => format!(
                    "{} {} ({} {})",
                    word("person"),
                    p.id,
                    word("household"),
                    p.household.code
                ),
                None => word("person").to_owned(),
            };
            edited(&what, &done, args.json)
        }
        PersonRecords::History(args) => {
            history(&program.person_history(&actor, &args.key)?, &args.json)
        }
    }
}

/// `homebiz business edit|train|license|activate|suspend|close|history`.
pub(crate) fn business(db: &Path, command: &BusinessRecords) -> Result<String> {
    let (program, actor) = crate::context::open_acting(db)?;
    let step = |code: &str, step, reason, as_json| {
        moved(
            "business",
            &program.move_business(&actor, code, step, reason)?,
            as_json,
        )
    };
    match command {
        BusinessRecords::Edit(args) => edited(
            &format!("{} {}", word("business"), args.key),
            &program.edit_business(&actor, &args.key, &changes(args)?)?,
            args.json,
        ),
        BusinessRecords::Train(a) => step(&a.code, BusinessStep::Train, None, a.json),
        BusinessRecords::License(a) => step(&a.code, BusinessStep::License, None, a.json),
        BusinessRecords::Activate(a) => step(&a.code, BusinessStep::Activate, None, a.json),
        BusinessRecords::Suspend(a) => step(&a.code, BusinessStep::Suspend, None, a.json),
        BusinessRecords::Close(a) => step(&a.code, BusinessStep::Close, Some(&a.reason), a.json),
        BusinessRecords::History(args) => {
            history(&program.business_history(&actor, &args.key)?, &args.json)
        }
    }
}
