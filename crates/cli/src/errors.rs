//! The errors a user meets, in Persian under `--lang fa`.
//!
//! The domain crates' errors are typed; their `Display` is the English
//! message (which `main` prints as it is). Under `--lang fa`, [`persian`]
//! writes the common ones from their fields: a record not found, a
//! refused lifecycle transition, an invalid field, a refused CSV row and
//! what belongs to the whole programme. Anything else (a backend failure,
//! a rare refusal) stays in English. Like the English messages, these
//! name kinds, codes, fields, rows and columns, never a personal value.

use homebiz::core::text::Lang;
use homebiz::import::ImportError;
use homebiz::program::ProgramError;
use homebiz::registry::RegistryError;

use crate::context::say;
use crate::i18n;

/// `err` in Persian, when it (or one of its causes) is one of the common
/// errors; `None` to leave it in English.
pub(crate) fn persian(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<ProgramError>() {
            return program(e);
        }
        if let Some(e) = cause.downcast_ref::<ImportError>() {
            return import(e);
        }
        if let Some(e) = cause.downcast_ref::<RegistryError>() {
            return registry(e);
        }
        if let Some(e) = cause.downcast_ref::<homebiz::market::MarketError>() {
            return market(e);
        }
        if let Some(e) = cause.downcast_ref::<homebiz::income::IncomeError>() {
            return income(e);
        }
        None
    })
}

/// A kind of record (`household`, `application`) in Persian.
fn kind(en: &str) -> &str {
    i18n::word(en, Lang::Fa)
}

fn program(e: &ProgramError) -> Option<String> {
    match e {
        ProgramError::NotFound { kind: k, code } => Some(not_found(k, code)),
        ProgramError::ProgrammeOnly { what } => Some(say!(
            "{what} belong to the whole programme: only a user without an office scope may change them",
            what = kind(what)
        )),
        ProgramError::Registry(e) => registry(e),
        ProgramError::Market(e) => market(e),
        ProgramError::Income(e) => income(e),
        ProgramError::Import(e) => import(e),
        _ => None,
    }
}

fn not_found(k: &str, code: &str) -> String {
    say!("{kind} {code} not found", kind = kind(k), code = code)
}

fn transition(k: &str, from: &str, to: &str) -> String {
    let state = |s: &str| -> String {
        let shown = i18n::state(s, Lang::Fa);
        if shown == s {
            application_state(s).unwrap_or(s).to_owned()
        } else {
            shown.to_owned()
        }
    };
    say!(
        "illegal {kind} transition from {from} to {to}",
        kind = kind(k),
        from = state(from),
        to = state(to)
    )
}

/// An application state's code in Persian.
fn application_state(code: &str) -> Option<&'static str> {
    use homebiz::market::application::ApplicationState;
    ApplicationState::ALL
        .into_iter()
        .find(|a| a.code() == code)
        .map(|a| a.name(Lang::Fa))
}

fn registry(e: &RegistryError) -> Option<String> {
    match e {
        RegistryError::NotFound { kind: k } => {
            Some(say!("{kind} not found", kind = kind(k.as_str())))
        }
        RegistryError::IllegalTransition { kind: k, from, to } => {
            Some(transition(k.as_str(), from, to))
        }
        RegistryError::Invalid { field, reason } => Some(invalid(field, reason)),
        _ => None,
    }
}

fn market(e: &homebiz::market::MarketError) -> Option<String> {
    use homebiz::market::MarketError;
    match e {
        MarketError::NotFound { what, key } => Some(not_found(what, key)),
        MarketError::IllegalTransition { what, from, to } => Some(transition(what, from, to)),
        _ => None,
    }
}

fn income(e: &homebiz::income::IncomeError) -> Option<String> {
    use homebiz::income::IncomeError;
    match e {
        IncomeError::NotFound { what, key } => Some(not_found(what, key)),
        _ => None,
    }
}

/// An invalid field: its name in Persian, and the rule it broke (in
/// Persian where the catalogue has the rule).
fn invalid(field: &str, reason: &str) -> String {
    say!(
        "invalid {field}: {reason}",
        field = crate::context::field(field),
        reason = i18n::reason(reason)
    )
}

fn import(e: &ImportError) -> Option<String> {
    match e {
        ImportError::Row {
            file,
            row,
            column: Some(column),
            reason,
        } => Some(say!(
            "{file}: row {row}, column {column}: {reason}",
            file = file,
            row = row,
            column = column,
            reason = i18n::reason(reason)
        )),
        ImportError::Row {
            file, row, reason, ..
        } => Some(say!(
            "{file}: row {row}: {reason}",
            file = file,
            row = row,
            reason = i18n::reason(reason)
        )),
        ImportError::MissingColumn { file, column } => Some(say!(
            "{file}: missing column {column}",
            file = file,
            column = column
        )),
        ImportError::Registry(e) => registry(e),
        ImportError::Market(e) => market(e),
        ImportError::Income(e) => income(e),
        _ => None,
    }
}
