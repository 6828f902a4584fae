//! The ledger's errors for people, in their language (see
//! [`homebiz_core::describe`]).
//!
//! ```
//! use homebiz_core::describe::Describe;
//! use homebiz_core::Lang;
//! use homebiz_income::IncomeError;
//!
//! let err = IncomeError::not_found("loan", "L-1");
//! assert_eq!(err.describe(Lang::En), "loan L-1 not found");
//! assert_eq!(err.describe(Lang::Fa), "وام L-1 یافت نشد");
//! ```

use homebiz_core::describe::{Describe, Phrases, translate};
use homebiz_core::text::Lang;

use crate::error::IncomeError;

/// The names of the ledger's records and fields: (English, Persian).
pub const NAMES: &Phrases = &[
    ("entry", "سند"),
    ("loan", "وام"),
    ("sale", "فروش"),
    ("business", "کسب‌وکار"),
    ("household", "خانوار"),
    ("channel", "کانال"),
    ("annual rate", "نرخ سالانه"),
    ("commission", "کارمزد"),
    ("cost category", "دستهٔ هزینه"),
    ("grace", "مهلت تنفس"),
    ("gross", "فروش ناخالص"),
    ("income", "درآمد"),
    ("key", "کلید"),
    ("kind", "نوع"),
    ("max_amount", "سقف مبلغ"),
    ("months", "ماه‌ها"),
    ("per", "دوره"),
    ("principal", "اصل وام"),
    ("quantity", "تعداد"),
    ("term", "مدت"),
    ("unit price", "قیمت واحد"),
    ("window", "بازه"),
    ("by", "گروه‌بندی"),
    ("disbursed on", "تاریخ پرداخت"),
    ("amount", "مبلغ"),
    ("currency", "واحد پول"),
    ("reverses", "سند برگشت‌خورده"),
    (
        "the sale's gross (quantity × unit price)",
        "فروش ناخالص (تعداد × قیمت واحد)",
    ),
    ("the amount", "مبلغ"),
    ("the principal", "اصل وام"),
];

/// The rules the ledger words where it refuses a value or an entry:
/// (English, Persian).
pub const REASONS: &Phrases = &[
    (
        "1 to 200 characters, no space around",
        "1 تا 200 نویسه، بی‌فاصله در آغاز و پایان",
    ),
    ("1 to 500 characters", "1 تا 500 نویسه"),
    ("a rate from 0 to below 1", "نرخی از 0 تا کمتر از 1"),
    ("amounts out of range", "مبلغ‌ها بیرون از بازهٔ مجازند"),
    ("at least one month is needed", "دست‌کم یک ماه لازم است"),
    ("belongs to another business", "از آنِ کسب‌وکار دیگری است"),
    ("missing", "نیامده است"),
    ("unknown", "ناشناخته است"),
    ("neither inserted nor found", "نه ثبت شد و نه یافت شد"),
    (
        "expected business, household, office, activity, channel or month",
        "باید `business`، `household`، `office`، `activity`، `channel` یا `month` باشد",
    ),
    (
        "expected month, quarter or year",
        "باید `month`، `quarter` یا `year` باشد",
    ),
    ("it is a reversal", "خودش سند برگشت است"),
    ("it was reversed already", "پیش‌تر برگشت خورده است"),
    ("must be 0 to 24 months", "باید 0 تا 24 ماه باشد"),
    ("must be 1 to 120 months", "باید 1 تا 120 ماه باشد"),
    ("must be at least 1", "باید دست‌کم 1 باشد"),
    ("must be positive", "باید مثبت باشد"),
    (
        "must be from 0 to below 1 (0.04 is 4%)",
        "باید از 0 تا کمتر از 1 باشد (0.04 یعنی 4٪)",
    ),
    (
        "must be from 0 to the sale's gross, in rials",
        "باید از 0 تا فروش ناخالص، به ریال، باشد",
    ),
    (
        "must be from 1 to the window ({window})",
        "باید از 1 تا اندازهٔ بازه ({window}) باشد",
    ),
    (
        "must be from 1 to {max} months",
        "باید از 1 تا {max} ماه باشد",
    ),
    ("must be in rials (IRR)", "باید به ریال (IRR) باشد"),
    ("nothing was recorded", "چیزی ثبت نشد"),
    ("out of range", "بیرون از بازهٔ مجاز است"),
    (
        "quantity × unit price is too large: over the limit for one amount",
        "تعداد × قیمت واحد بیش از اندازه بزرگ است: از سقف یک مبلغ بیشتر است",
    ),
    (
        "rate and term out of range",
        "نرخ و مدت بیرون از بازهٔ مجازند",
    ),
    (
        "the id does not derive from it",
        "شناسه از آن ساخته نشده است",
    ),
    ("{what} exists already", "{what} از پیش ثبت شده است"),
    (
        "{what} is over the ledger's limit of {limit} rials an entry",
        "{what} از سقف هر سند دفتر، {limit} ریال، بیشتر است",
    ),
];

impl Describe for IncomeError {
    /// The same facts as the `Display` in Persian, with records, fields
    /// and states by their Persian names and codes as they are; never a
    /// personal value.
    fn persian(&self, tables: &[&Phrases]) -> String {
        let lang = Lang::Fa;
        let all = [tables, &[REASONS, NAMES]].concat();
        let named = |n: &str| translate(n, lang, &all);
        match self {
            Self::Invalid { field, reason: r } => {
                format!("{} نامعتبر است: {}", named(field), translate(r, lang, &all))
            }
            Self::Conflict { id, field } => {
                format!("سند {id} پیش‌تر با {} دیگری ثبت شده است", named(field))
            }
            Self::NotFound { what, key } => format!("{} {key} یافت نشد", named(what)),
            Self::NotReversible { id, reason: r } => {
                format!("سند {id} برگشت‌پذیر نیست: {}", translate(r, lang, &all))
            }
            Self::OverLimit { field, limit } => format!(
                "{} از سقف هر سند دفتر، {}، بیشتر است",
                named(field),
                limit.describe(lang)
            ),
            Self::Full { capacity } => {
                format!("دفتر درآمد پر است: با سقف‌هایش دست‌بالا {capacity} سند می‌گیرد")
            }
            Self::Of { what, code, error } => {
                format!("{} {code}: {}", named(what), error.persian(tables))
            }
            Self::Core(e) => e.persian(tables),
            Self::Backend(e) => format!("خطای ذخیره‌سازی: {e}"),
        }
    }
}

impl IncomeError {
    /// What is wrong with the entry this error is about, in `lang`,
    /// without naming the entry: `was recorded with a different amount`,
    /// `cannot be reversed: it was reversed already`, for a layer that
    /// names the entry by the user's own key; any other error's whole
    /// message.
    pub fn entry_problem(&self, lang: Lang) -> String {
        let why = |r: &str| translate(r, lang, &[REASONS, NAMES]);
        match (self, lang) {
            (Self::Conflict { field, .. }, Lang::En) => {
                format!("was recorded with a different {field}")
            }
            (Self::Conflict { field, .. }, Lang::Fa) => format!(
                "پیش‌تر با {} دیگری ثبت شده است",
                translate(field, lang, &[NAMES])
            ),
            (Self::NotReversible { reason: r, .. }, Lang::En) => {
                format!("cannot be reversed: {r}")
            }
            (Self::NotReversible { reason: r, .. }, Lang::Fa) => {
                format!("برگشت‌پذیر نیست: {}", why(r))
            }
            (other, lang) => other.describe(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use homebiz_core::id::EntryId;

    #[test]
    fn english_is_the_display_and_persian_the_same_facts() {
        let id = EntryId::new();
        let errors = [
            IncomeError::NotReversible {
                id,
                reason: "it was reversed already",
            },
            IncomeError::Conflict {
                id,
                field: "quantity",
            },
            IncomeError::invalid("term", "must be 1 to 120 months"),
            IncomeError::Of {
                what: "household",
                code: "URM-DZS-00001".into(),
                error: Box::new(IncomeError::invalid("term", "must be 1 to 120 months")),
            },
        ];
        let fa = [
            format!("سند {id} برگشت‌پذیر نیست: پیش‌تر برگشت خورده است"),
            format!("سند {id} پیش‌تر با تعداد دیگری ثبت شده است"),
            "مدت نامعتبر است: باید 1 تا 120 ماه باشد".to_owned(),
            "خانوار URM-DZS-00001: مدت نامعتبر است: باید 1 تا 120 ماه باشد".to_owned(),
        ];
        for (err, fa) in errors.iter().zip(fa) {
            assert_eq!(err.describe(Lang::En), err.to_string());
            assert_eq!(err.describe(Lang::Fa), fa);
        }
        assert_eq!(
            errors[0].entry_problem(Lang::Fa),
            "برگشت‌پذیر نیست: پیش‌تر برگشت خورده است"
        );
    }

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(homebiz_core::describe::check(REASONS), Ok(()));
        assert_eq!(homebiz_core::describe::check(NAMES), Ok(()));
    }
}
