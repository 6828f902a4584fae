//! Messages for people in their language.
//!
//! Every homebiz error's `Display` is its English message, which logs,
//! tests and JSON rely on. Beside it, each error type has a
//! `describe(lang)` that writes the same message in the given language:
//! `describe(Lang::En)` is exactly the `Display`, `describe(Lang::Fa)` the
//! message in Persian, built from the error's fields, never from its
//! English text, and (like the English) never with a personal value.
//!
//! Some fields are English text a crate composed where it found the
//! problem: the rule a field broke (`longer than 200 characters`). Each
//! crate keeps the Persian of its own rules in a [`Phrases`] table of
//! templates, whose `{slots}` stand for any text; [`translate`] finds the
//! template a text reads as and writes its Persian with the same values.
//! The rules of this crate's checks (`homebiz_core::validate`, money,
//! identifiers) are in [`REASONS`], which every crate's tables fall back
//! to; a rule in no table stays as it was written.
//!
//! ```
//! use homebiz_core::describe::translate;
//! use homebiz_core::Lang;
//!
//! assert_eq!(translate("longer than 200 characters", Lang::Fa, &[]), "بیش از 200 نویسه است");
//! assert_eq!(translate("longer than 200 characters", Lang::En, &[]), "longer than 200 characters");
//! ```

use std::fmt::Display;

use crate::error::{DateProblem, Error, IdentifierKind, IdentifierProblem};
use crate::text::Lang;

/// A table of (English template, Persian template) pairs; `{name}` in a
/// template is a slot that stands for any text, and both sides have the
/// same slots.
pub type Phrases = [(&'static str, &'static str)];

/// The rules of `homebiz-core`'s own checks, as they are worded where a
/// value is refused (`homebiz_core::validate`, money, whole numbers):
/// (English, Persian).
pub const REASONS: &Phrases = &[
    ("is empty", "خالی است"),
    ("must not be empty", "نباید خالی باشد"),
    ("longer than {max} characters", "بیش از {max} نویسه است"),
    ("must be 1 to 32 characters", "باید 1 تا 32 نویسه باشد"),
    (
        "may hold only ASCII letters, digits, '-', '_' and '.'",
        "فقط حروف لاتین، رقم و نشانه‌های '-'، '_' و '.' می‌پذیرد",
    ),
    ("lists the same item twice", "یک مورد را دو بار آورده است"),
    ("contains a control character", "نویسهٔ کنترلی دارد"),
    ("is in the future", "در آینده است"),
    (
        "is more than a year after today",
        "بیش از یک سال پس از امروز است",
    ),
    (
        "is more than {years} years after today",
        "بیش از {years} سال پس از امروز است",
    ),
    (
        "is more than {years} years before today (write the year in full)",
        "بیش از {years} سال پیش از امروز است (سال را کامل بنویسید)",
    ),
    (
        "must be a positive amount in rials",
        "باید مبلغی مثبت به ریال باشد",
    ),
    ("must not be negative", "نباید منفی باشد"),
    (
        "is not a whole number (digits, with , or _ between thousands)",
        "عدد صحیح نیست (رقم، با , یا _ میان هزارگان)",
    ),
    (
        "has thousands separators out of place: write groups of three digits, as 1,000,000",
        "جداکنندهٔ هزارگان جای درستی ندارد: رقم‌ها را سه‌تا سه‌تا بنویسید، مانند 1,000,000",
    ),
    ("is too large", "بیش از اندازه بزرگ است"),
    ("check digit does not match", "رقم کنترل نمی‌خواند"),
    ("no weights", "وزنی داده نشده"),
    ("all weights are zero", "همهٔ وزن‌ها صفر است"),
    ("shorter than 16 bytes", "کوتاه‌تر از 16 بایت است"),
    ("expected 64 hex digits", "باید 64 رقم شانزده‌دهی باشد"),
    (
        "expected permanent_exhibition, seasonal_fair, consignment_shop, online_marketplace, institutional_buyer or wholesaler",
        "باید `permanent_exhibition`، `seasonal_fair`، `consignment_shop`، `online_marketplace`، `institutional_buyer` یا `wholesaler` باشد",
    ),
    ("expected {a} or {b}", "باید `{a}` یا `{b}` باشد"),
    (
        "expected one of {values}",
        "باید یکی از این‌ها باشد: `{values}`",
    ),
];

/// The names of what this crate's errors name (`Parse`'s `what`, the
/// fields its callers check with its rules): (English, Persian).
pub const NAMES: &Phrases = &[
    ("calendar", "تقویم"),
    ("category", "دسته"),
    ("channel kind", "نوع کانال"),
    ("pseudonym", "کلید مستعارسازی"),
    ("currency", "واحد پول"),
    ("rounding rule", "قاعدهٔ گرد کردن"),
    ("amount limit", "سقف مبلغ"),
    ("language", "زبان"),
    ("date", "تاریخ"),
    ("amount", "مبلغ"),
    ("name", "نام"),
    ("code", "کد"),
    ("reason", "دلیل"),
    ("note", "یادداشت"),
    ("notes", "یادداشت‌ها"),
    ("mobile", "تلفن همراه"),
    ("national_id", "کد ملی"),
    ("national id", "کد ملی"),
    ("today", "امروز"),
];

/// `template` with each `{name}` replaced by the value named so in
/// `args`; a brace that opens no known slot is kept.
///
/// ```
/// use homebiz_core::describe::fill;
/// assert_eq!(fill("{a} of {b}", &[("a", &1), ("b", &"x")]), "1 of x");
/// ```
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let slot = after
            .find('}')
            .and_then(|close| Some((close, args.iter().find(|(n, _)| *n == &after[..close])?)));
        match slot {
            Some((close, (_, value))) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The values of `template`'s `{slots}` in `text`, if `text` reads as the
/// template; the inverse of [`fill`]. A slot's value is not empty and runs
/// to the first place the template's next literal text appears.
///
/// ```
/// use homebiz_core::describe::unfill;
/// assert_eq!(unfill("from {a} to {b}", "from 1 to 9"), Some(vec![("a", "1"), ("b", "9")]));
/// assert_eq!(unfill("from {a} to {b}", "up to 9"), None);
/// ```
pub fn unfill<'t, 'x>(template: &'t str, text: &'x str) -> Option<Vec<(&'t str, &'x str)>> {
    let mut values = Vec::new();
    let mut rest_template = template;
    let mut rest = text;
    loop {
        let Some(open) = rest_template.find('{') else {
            return (rest == rest_template).then_some(values);
        };
        rest = rest.strip_prefix(&rest_template[..open])?;
        let after = &rest_template[open + 1..];
        let close = after.find('}')?;
        let slot = &after[..close];
        rest_template = &after[close + 1..];
        let next = rest_template.find('{').unwrap_or(rest_template.len());
        let literal = &rest_template[..next];
        let end = if literal.is_empty() {
            rest.len()
        } else {
            rest.find(literal)?
        };
        if end == 0 {
            return None;
        }
        values.push((slot, &rest[..end]));
        rest = &rest[end..];
    }
}

/// `en` in Persian by the first template of `table` it reads as, with the
/// same slot values; `None` when none does.
pub fn persian(table: &Phrases, en: &str) -> Option<String> {
    persian_mapped(table, en, &|_, value| value.to_owned())
}

/// [`persian`], each slot's value written by `value(slot, text)`: a
/// layer that knows what a slot holds (a lifecycle state's code, say)
/// writes it in Persian too.
pub fn persian_mapped(
    table: &Phrases,
    en: &str,
    value: &dyn Fn(&str, &str) -> String,
) -> Option<String> {
    table.iter().find_map(|(template, fa)| {
        let values: Vec<(&str, String)> = unfill(template, en)?
            .into_iter()
            .map(|(slot, text)| (slot, value(slot, text)))
            .collect();
        let args: Vec<(&str, &dyn Display)> = values
            .iter()
            .map(|(slot, text)| (*slot, text as &dyn Display))
            .collect();
        Some(fill(fa, &args))
    })
}

/// A text a crate worded in English (a rule a value broke, the name of
/// a field or a kind of record) in `lang`: by the first template of
/// `tables`, then of [`REASONS`] and [`NAMES`], that it reads as; else
/// as it was written. A slot's value that is itself a whole entry of
/// those tables (a field's name, a state's code), or the code of a
/// category or a channel kind, is written in `lang` too, as is a list of
/// such values (`handicrafts, agro_processing`); any other value (a
/// code, a number) as it is.
///
/// ```
/// use homebiz_core::describe::translate;
/// use homebiz_core::Lang;
///
/// let rule: &homebiz_core::describe::Phrases = &[("holds {what}", "{what} دارد")];
/// assert_eq!(
///     translate("holds handicrafts, online_marketplace", Lang::Fa, &[rule]),
///     "صنایع دستی، فروشگاه اینترنتی دارد"
/// );
/// ```
///
/// A slot called `{names}` holds names to type (`given_name, gender`):
/// each stays as it is, in backticks, its Persian name beside it.
///
/// ```
/// use homebiz_core::describe::translate;
/// use homebiz_core::Lang;
///
/// let rule: &[(&str, &str)] = &[("type one of {names}", "یکی از این‌ها: {names}")];
/// assert_eq!(
///     translate("type one of code, name", Lang::Fa, &[rule]),
///     "یکی از این‌ها: `code` (کد)، `name` (نام)"
/// );
/// ```
pub fn translate(en: &str, lang: Lang, tables: &[&Phrases]) -> String {
    if lang == Lang::En {
        return en.to_owned();
    }
    let all = || tables.iter().copied().chain([REASONS, NAMES]);
    let name = |value: &str| -> Option<String> {
        all()
            .flat_map(|table| table.iter())
            .find(|(e, _)| !e.contains('{') && *e == value)
            .map(|(_, fa)| (*fa).to_owned())
            .or_else(|| code_name(value, lang).map(str::to_owned))
    };
    let whole = |value: &str| -> String {
        if let Some(named) = name(value) {
            return named;
        }
        // A record named with its key (`household URM-DZS-00005`): the
        // kind in words, the key as it is.
        if let Some((kind, key)) = value.rsplit_once(' ')
            && key
                .chars()
                .any(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            && let Some(named) = name(kind)
        {
            return format!("{named} {key}");
        }
        let items: Vec<&str> = value.split(", ").collect();
        if items.len() > 1
            && let Some(named) = items
                .iter()
                .map(|item| name(item))
                .collect::<Option<Vec<_>>>()
        {
            return named.join("، ");
        }
        value.to_owned()
    };
    // A phrase given whole in a table wins over a template that would
    // also match it (`must be from 0 to below 1 (0.09 is 9%)` is not
    // `must be from {min} to {max}` with `below 1 (0.09 is 9%)` as max).
    all()
        .flat_map(|table| table.iter())
        .find(|(e, _)| !e.contains('{') && *e == en)
        .map(|(_, fa)| (*fa).to_owned())
        .or_else(|| {
            all().find_map(|table| {
                persian_mapped(table, en, &|slot, value| match slot {
                    // Names to type: each as it is, its Persian name beside.
                    "names" => value
                        .split(", ")
                        .map(|code| {
                            name(code).map_or_else(
                                || format!("`{code}`"),
                                |named| format!("`{code}` ({named})"),
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("، "),
                    _ => whole(value),
                })
            })
        })
        .unwrap_or_else(|| en.to_owned())
}

/// The name in `lang` of a value that is the code of one of this
/// crate's named enums: a category (`handicrafts`), a channel kind
/// (`online_marketplace`).
fn code_name(code: &str, lang: Lang) -> Option<&'static str> {
    use crate::category::Category;
    use crate::channel::ChannelKind;
    Category::ALL
        .into_iter()
        .find(|c| c.code() == code)
        .map(|c| c.name(lang))
        .or_else(|| {
            ChannelKind::ALL
                .into_iter()
                .find(|k| k.code() == code)
                .map(|k| k.name(lang))
        })
}

/// `en` or `fa` by `lang`, its `{slots}` filled from `args`: the one way
/// the `describe` methods write a message.
pub fn say(lang: Lang, en: &str, fa: &str, args: &[(&str, &dyn Display)]) -> String {
    fill(
        match lang {
            Lang::En => en,
            Lang::Fa => fa,
        },
        args,
    )
}

/// The `{slots}` of a template, in order.
///
/// ```
/// assert_eq!(homebiz_core::describe::slots("{a} of {b}"), ["a", "b"]);
/// ```
pub fn slots(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        found.push(&after[..close]);
        rest = &after[close + 1..];
    }
    found
}

/// Checks a table as every crate's tests do: no English text twice, the
/// same slots on both sides, Persian text that is not empty and writes
/// Persian yeh and kaf (not the Arabic letters), English text without
/// Persian letters. The first problem found, if any.
///
/// ```
/// use homebiz_core::describe::{check, REASONS};
/// assert_eq!(check(REASONS), Ok(()));
/// assert!(check(&[("is {x}", "{y} است")]).is_err());
/// ```
pub fn check(table: &Phrases) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    let sorted = |text| {
        let mut found = slots(text);
        found.sort_unstable();
        found
    };
    for (en, fa) in table {
        let problem = if !seen.insert(en) {
            "is in the table twice"
        } else if fa.trim().is_empty() {
            "has no Persian text"
        } else if sorted(en) != sorted(fa) {
            "has other slots in Persian"
        } else if fa.contains(['\u{064A}', '\u{0649}', '\u{0643}']) {
            "is written with an Arabic yeh or kaf in Persian"
        } else if en.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
            "is not English"
        } else {
            continue;
        };
        return Err(format!("{en:?} {problem}: {fa:?}"));
    }
    Ok(())
}

/// An error (or a part of one) that people can read in their language.
///
/// Implementors write [`persian`](Self::persian); [`describe`](Self::describe)
/// gives the English `Display` for [`Lang::En`], so the English message
/// is written once, where the type is defined.
///
/// ```
/// use homebiz_core::describe::Describe;
/// use homebiz_core::iran::NationalId;
/// use homebiz_core::Lang;
///
/// let err = "0684159415".parse::<NationalId>().unwrap_err();
/// assert_eq!(err.describe(Lang::En), err.to_string());
/// assert_eq!(err.describe(Lang::Fa), "کد ملی نامعتبر است: رقم کنترل نمی‌خواند");
/// ```
pub trait Describe: Display {
    /// The message in Persian: the same facts as the `Display`, never
    /// with a personal value. `tables` are the caller's own rules and
    /// names (see [`translate`]), tried before the type's: a layer above
    /// a crate words some refusals itself.
    fn persian(&self, tables: &[&Phrases]) -> String;

    /// The message in `lang`: in English exactly the `Display`.
    fn describe(&self, lang: Lang) -> String {
        self.describe_with(lang, &[])
    }

    /// [`describe`](Self::describe), with the caller's `tables` (see
    /// [`persian`](Self::persian)).
    fn describe_with(&self, lang: Lang, tables: &[&Phrases]) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Fa => self.persian(tables),
        }
    }
}

/// What a file system error's kind says, in Persian: `NotFound` is
/// "چنین پرونده یا پوشه‌ای نیست". The system's own message is English;
/// this is the one Persian wording of it, for every layer that opens files.
///
/// ```
/// use std::io::{Error, ErrorKind};
/// use homebiz_core::describe::io_persian;
/// assert_eq!(io_persian(&Error::from(ErrorKind::IsADirectory)), "پوشه است");
/// ```
pub fn io_persian(err: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::NotFound => "چنین پرونده یا پوشه‌ای نیست",
        K::PermissionDenied => "اجازهٔ دسترسی نیست",
        K::AlreadyExists => "از پیش وجود دارد",
        K::IsADirectory => "پوشه است",
        K::NotADirectory => "بخشی از مسیر پوشه نیست",
        K::ReadOnlyFilesystem => "سامانهٔ پرونده فقط‌خواندنی است",
        K::StorageFull => "جای خالی بر دستگاه نمانده است",
        K::InvalidData => "داده نامعتبر است",
        K::ConnectionRefused => "پیوند پذیرفته نشد",
        K::TimedOut => "زمان به سر رسید",
        _ => "سامانه نتوانست آن را بخواند یا بنویسد",
    }
}

impl IdentifierKind {
    /// The kind's name in `lang`: `national id`, `کد ملی`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::NationalId, Lang::En) => "national id",
            (Self::NationalId, Lang::Fa) => "کد ملی",
            (Self::Sheba, Lang::En) => "sheba",
            (Self::Sheba, Lang::Fa) => "شمارهٔ شبا",
            (Self::Mobile, Lang::En) => "mobile number",
            (Self::Mobile, Lang::Fa) => "شمارهٔ همراه",
        }
    }
}

impl Describe for IdentifierProblem {
    fn persian(&self, _: &[&Phrases]) -> String {
        match *self {
            Self::Empty => "خالی است".to_owned(),
            Self::NotDigit => "نویسه‌ای جز رقم دارد".to_owned(),
            Self::Length { expected, found } => {
                format!("باید {expected} رقم داشته باشد، {found} رقم دارد")
            }
            Self::AllSame => "همهٔ رقم‌هایش یکسان است".to_owned(),
            Self::Check => "رقم کنترل نمی‌خواند".to_owned(),
            Self::Prefix { expected } => format!("باید با {expected} آغاز شود"),
        }
    }
}

impl Describe for DateProblem {
    fn persian(&self, _: &[&Phrases]) -> String {
        match *self {
            Self::Syntax => "به شکل YYYY-MM-DD یا YYYY/M/D بنویسید".to_owned(),
            Self::MonthSyntax => "ماه را به شکل YYYY-MM یا YYYY/M بنویسید".to_owned(),
            Self::RangeSyntax => "بازهٔ ماه‌ها را به شکل YYYY-MM..YYYY-MM بنویسید".to_owned(),
            Self::RangeReversed => "پایان بازه پیش از آغاز آن است".to_owned(),
            Self::Month { month } => format!("ماه {month} میان 1 و 12 نیست"),
            Self::Day { day, days_in_month } => {
                format!("روز {day} در ماهی با {days_in_month} روز نیست")
            }
            Self::Quarter { quarter } => format!("فصل {quarter} میان 1 و 4 نیست"),
            Self::Year => "سال بیرون از بازهٔ پشتیبانی‌شده است".to_owned(),
        }
    }
}

impl Describe for Error {
    fn persian(&self, tables: &[&Phrases]) -> String {
        let lang = Lang::Fa;
        let tr = |t: &str| translate(t, lang, tables);
        match self {
            Self::CurrencyMismatch { left, right } => {
                format!("دو مبلغ با دو واحد پول متفاوت: {left} و {right}")
            }
            Self::Overflow { .. } => "حاصل محاسبه از بازهٔ مبلغ‌های ممکن بیرون است".to_owned(),
            Self::InexactConversion { from, to } => {
                format!("مبلغ به {from} دقیقاً به {to} تبدیل نمی‌شود: یک قاعدهٔ گرد کردن نام ببرید")
            }
            Self::Allocation { reason: why } => {
                format!("تقسیم ممکن نیست: {}", tr(why))
            }
            Self::Date(problem) => format!("تاریخ نامعتبر است: {}", problem.persian(tables)),
            Self::Identifier { kind, problem } => format!(
                "{} نامعتبر است: {}",
                kind.name(lang),
                problem.persian(tables)
            ),
            Self::Id { .. } => "شناسه نامعتبر است: UUID نیست".to_owned(),
            Self::Parse { what, reason: why } => {
                format!("{} نامعتبر است: {}", tr(what), tr(why))
            }
            Self::Key { reason: why } => {
                format!("کلید مستعارسازی نامعتبر است: {}", tr(why))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(check(REASONS), Ok(()));
        assert_eq!(check(NAMES), Ok(()));
    }

    #[test]
    fn english_is_the_display() {
        let errors = [
            Error::Overflow { operation: "add" },
            Error::Date(DateProblem::Day {
                day: 30,
                days_in_month: 29,
            }),
            Error::Identifier {
                kind: IdentifierKind::Mobile,
                problem: IdentifierProblem::Prefix { expected: "09" },
            },
            Error::Parse {
                what: "language",
                reason: "expected fa or en",
            },
        ];
        for err in errors {
            assert_eq!(err.describe(Lang::En), err.to_string());
            let fa = err.describe(Lang::Fa);
            assert_ne!(fa, err.to_string());
            assert!(
                fa.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "{fa}"
            );
        }
        assert_eq!(
            Error::Parse {
                what: "language",
                reason: "expected fa or en",
            }
            .describe(Lang::Fa),
            "زبان نامعتبر است: باید `fa` یا `en` باشد"
        );
    }

    #[test]
    fn reasons_are_read_back_with_their_values() {
        assert_eq!(
            translate("is more than 3 years after today", Lang::Fa, &[]),
            "بیش از 3 سال پس از امروز است"
        );
        let own: &Phrases = &[("is empty", "تهی")];
        assert_eq!(translate("is empty", Lang::Fa, &[own]), "تهی");
        assert_eq!(
            translate("something else", Lang::Fa, &[own]),
            "something else"
        );
        assert_eq!(translate("mobile", Lang::Fa, &[]), "تلفن همراه");
        // A slot's value that is a name is written in Persian too.
        let rule: &Phrases = &[(
            "differs from the {what} already recorded",
            "با {what} ثبت‌شده فرق دارد",
        )];
        assert_eq!(
            translate(
                "differs from the mobile already recorded",
                Lang::Fa,
                &[rule]
            ),
            "با تلفن همراه ثبت‌شده فرق دارد"
        );
        assert_eq!(
            translate("differs from the X-1 already recorded", Lang::Fa, &[rule]),
            "با X-1 ثبت‌شده فرق دارد"
        );
    }

    proptest::proptest! {
        /// `unfill` reads back what `fill` wrote, for values without the
        /// template's literal text in them.
        #[test]
        fn unfill_reads_back_fill(min in "[0-9]{1,6}", max in "[0-9٠-٩]{1,6}") {
            let template = "not a whole number from {min} to {max}";
            let text = fill(template, &[("min", &min), ("max", &max)]);
            let values = unfill(template, &text).unwrap();
            proptest::prop_assert_eq!(values, vec![("min", min.as_str()), ("max", max.as_str())]);
        }
    }
}
