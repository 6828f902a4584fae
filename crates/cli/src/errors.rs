//! The errors a user meets, in the output's language.
//!
//! homebiz's typed errors have a `describe(lang)` beside their English
//! `Display` (each crate words its own: `homebiz_core::describe`);
//! [`one_line`] writes an error and its causes with it, and the CLI's
//! own messages are written in the output's language where they are made
//! (`say!`). Every homebiz error is described by the crate that owns it,
//! storage backends' included (`homebiz::describe::error`). clap's usage
//! errors are written by [`usage`]. Like the English messages, these name
//! kinds, codes, fields, rows and columns, never a personal value.

use std::error::Error;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use homebiz::core::text::Lang;

use crate::i18n::sentence;

/// The error and its causes on one line in `lang`, joined by `: `, each
/// cause stated once: a cause whose (English) text is already part of
/// what is written (an error that quotes its source, a context that names
/// the same file) is left out.
pub(crate) fn one_line(err: &anyhow::Error, lang: Lang) -> String {
    let mut english = String::new();
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        let part = part.trim();
        if part.is_empty() || english.contains(part) || text.contains(part) {
            continue;
        }
        english.push_str(part);
        english.push('\n');
        if !text.is_empty() {
            text.push_str(": ");
        }
        match describe(cause, lang) {
            // The crates write numbers in ASCII digits: in the output's
            // (row numbers, ranges, limits), as every number people read.
            Some(shown) => text.push_str(&homebiz::core::text::numerals(&shown, lang)),
            None => text.push_str(part),
        }
    }
    text
}

/// `cause` in `lang`, when it is an error homebiz describes
/// (`homebiz::describe::error`) or a file system error.
fn describe(cause: &(dyn Error + 'static), lang: Lang) -> Option<String> {
    if let Some(e) = cause.downcast_ref::<std::io::Error>() {
        return io(e, lang);
    }
    homebiz::describe::error(cause, lang)
}

/// A file system error in `lang`; in English, the system's own message.
fn io(e: &std::io::Error, lang: Lang) -> Option<String> {
    (lang == Lang::Fa).then(|| homebiz::core::describe::io_persian(e).to_owned())
}

/// The language the run asked for, read before clap parses the
/// arguments (clap's own errors are written in it): `--lang X` or
/// `--lang=X` in the arguments, else `HOMEBIZ_LANG`; English when
/// neither names Persian.
pub(crate) fn asked_lang() -> Lang {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let given = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_owned)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned().unwrap_or_default()))
    });
    let value = given.or_else(|| std::env::var("HOMEBIZ_LANG").ok());
    match value {
        Some(v) if v.trim().eq_ignore_ascii_case("fa") => Lang::Fa,
        _ => Lang::En,
    }
}

/// The rules the CLI's own option parsers (`context::whole` and the like)
/// word when they refuse a value: (English, Persian).
const VALIDATORS: &homebiz::core::describe::Phrases = &[
    ("must be from {min} to {max}", "باید از {min} تا {max} باشد"),
    ("must be at least {min}", "باید دست‌کم {min} باشد"),
    (
        "{problem}; a whole number from {min} to {max} is needed",
        "{problem}؛ عدد صحیحی از {min} تا {max} لازم است",
    ),
];

/// A clap usage error in Persian, from its kind and context (the
/// argument, the value, what is valid, the usage line); `None` for what
/// is not an error (`--help`, `--version`) or what clap gives no
/// context for, which stays as clap writes it.
pub(crate) fn usage(err: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let ctx = |kind: ContextKind| -> Option<String> {
        err.get(kind).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(list) => list.join("`، `"),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(list) => list
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("`، `"),
            ContextValue::Number(n) => n.to_string(),
            other => other.to_string(),
        })
    };
    let arg = option_values(&ctx(ContextKind::InvalidArg).unwrap_or_default(), None);
    let value = ctx(ContextKind::InvalidValue).unwrap_or_default();
    let say = |en: &str, args: &[(&str, &dyn std::fmt::Display)]| sentence(en, lang, args);
    let mut text = match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => say("unexpected argument {arg}", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => say(
            "unrecognized command {command}",
            &[(
                "command",
                &ctx(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )],
        ),
        ErrorKind::MissingRequiredArgument => say(
            "required arguments were not given: {args}",
            &[("args", &arg)],
        ),
        ErrorKind::MissingSubcommand => say("a command is needed", &[]),
        ErrorKind::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue).filter(|v| !v.is_empty());
            match valid {
                None | Some(_) if value.is_empty() => say("{arg} needs a value", &[("arg", &arg)]),
                Some(valid) => say(
                    "invalid value {value} for {arg}; possible values: {valid}",
                    &[("value", &value), ("arg", &arg), ("valid", &valid)],
                ),
                None if value.is_empty() => say("{arg} needs a value", &[("arg", &arg)]),
                None => say(
                    "invalid value {value} for {arg}",
                    &[("value", &value), ("arg", &arg)],
                ),
            }
        }
        ErrorKind::ValueValidation => {
            let mut text = say(
                "invalid value {value} for {arg}",
                &[("value", &value), ("arg", &arg)],
            );
            // The option's own rule (`must be from 1 to 13`), in Persian.
            // A typed error (a channel kind, a fee period) is described
            // by its crate; a validator's own text by the table above.
            if let Some(rule) = std::error::Error::source(err) {
                let rule = homebiz::describe::error(rule, lang).unwrap_or_else(|| {
                    homebiz::core::describe::translate(&rule.to_string(), lang, &[VALIDATORS])
                });
                text.push_str(": ");
                text.push_str(&homebiz::core::text::numerals(&rule, lang));
            }
            text
        }
        ErrorKind::ArgumentConflict => {
            let other = option_values(&ctx(ContextKind::PriorArg).unwrap_or_default(), None);
            if other == arg {
                say("{arg} is given more than once", &[("arg", &arg)])
            } else {
                say(
                    "{arg} cannot be used with {other}",
                    &[("arg", &arg), ("other", &other)],
                )
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            say("wrong number of values for {arg}", &[("arg", &arg)])
        }
        _ => say("the arguments are not valid", &[]),
    };
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        if let Some(suggested) = ctx(kind) {
            text.push_str(&say(
                "\n  tip: did you mean {suggested}?",
                &[("suggested", &suggested)],
            ));
        }
    }
    if let Some(usage) = ctx(ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        let usage = option_values(usage, Some("<مقدار>")).replace("[OPTIONS]", "[گزینه‌ها]");
        text.push_str(&say("\n\nUsage: {usage}", &[("usage", &usage)]));
    }
    text.push_str(&say(
        "\n\nFor more information, try {help}.",
        &[("help", &"--help")],
    ));
    Some(text)
}

/// `text` (clap's argument or usage line) with each option's English
/// value name (`--reason <REASON>`) left out (`None`: `--reason`) or put
/// as `with` (`--reason <مقدار>`); a positional argument's name is kept.
fn option_values(text: &str, with: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_option = false;
    for (i, word) in text.split(' ').enumerate() {
        let placeholder = word
            .find('<')
            .zip(word.find('>'))
            .filter(|(open, close)| open < close);
        match placeholder {
            Some((open, close)) if after_option => {
                let (before, after) = (&word[..open], &word[close + 1..]);
                if let Some(with) = with {
                    out.push(' ');
                    out.push_str(before);
                    out.push_str(with);
                } else {
                    out.push_str(before);
                }
                out.push_str(after);
            }
            _ => {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
        after_option = word.trim_start_matches(['`', '[']).starts_with('-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_value_names_are_left_out_or_put_in_persian() {
        assert_eq!(option_values("--reason <REASON>", None), "--reason");
        assert_eq!(option_values("`--code <CODE>`", None), "`--code`");
        assert_eq!(option_values("<KEY>", None), "<KEY>");
        assert_eq!(
            option_values(
                "homebiz application reject [OPTIONS] --reason <REASON> <APPLICATION>",
                Some("<مقدار>")
            ),
            "homebiz application reject [OPTIONS] --reason <مقدار> <APPLICATION>"
        );
        assert_eq!(
            option_values("`--a <A>`، `--b <B>...`", None),
            "`--a`، `--b...`"
        );
    }

    #[test]
    fn a_cause_already_stated_is_left_out() {
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(io())
            .context(format!("x.csv: {}", io()))
            .context("cannot import");
        assert_eq!(
            one_line(&err, Lang::En),
            "cannot import: x.csv: no such file"
        );
        let err = anyhow::anyhow!("a").context("b");
        assert_eq!(one_line(&err, Lang::En), "b: a");
    }

    #[test]
    fn typed_causes_are_described_in_persian() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let err = anyhow::Error::new(io).context("x.csv باز نشد");
        assert_eq!(
            one_line(&err, Lang::Fa),
            "x.csv باز نشد: چنین پرونده یا پوشه‌ای نیست"
        );
        let err = anyhow::Error::new(homebiz::income::IncomeError::not_found("loan", "L-1"));
        assert_eq!(one_line(&err, Lang::Fa), "وام L-1 یافت نشد");
        assert_eq!(one_line(&err, Lang::En), "loan L-1 not found");
    }
}
