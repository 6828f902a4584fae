//! The words the web app writes itself, in Persian and English, and the
//! one place pages format numbers, money and dates — through homebiz-core's
//! functions, as the CLI does (`Money::format`, `text::numerals`).

use homebiz::core::text::{Lang, numerals};
use homebiz::core::{JalaliDate, JalaliMonth, Money, MoneyFormat};

/// The app's words: (English, Persian). Keyed by the English text, as the
/// CLI's tables are; a word missing here is written in English (the tests
/// check that every word the templates use is here).
pub const WORDS: &[(&str, &str)] = &[
    ("homebiz", "مشاغل خانگی"),
    ("Office web app", "سامانهٔ دفتر"),
    ("Sign in", "ورود"),
    ("Sign out", "خروج"),
    ("User code", "کد کاربر"),
    ("Password", "گذرواژه"),
    ("Dashboard", "پیشخوان"),
    ("Households", "خانوارها"),
    ("Household", "خانوار"),
    ("Search", "جستجو"),
    (
        "Name, mobile or household code",
        "نام، تلفن همراه یا کد خانوار",
    ),
    ("No household found", "خانواری یافت نشد"),
    ("Office", "دفتر"),
    ("Code", "کد"),
    ("Members", "اعضا"),
    ("Membership", "عضویت"),
    ("Name", "نام"),
    ("Birth date", "تاریخ تولد"),
    ("Gender", "جنسیت"),
    ("Relation", "نسبت"),
    (
        "Households by membership state",
        "خانوارها بر پایهٔ وضعیت عضویت",
    ),
    ("State", "وضعیت"),
    ("Businesses", "کسب‌وکارها"),
    ("Active businesses", "کسب‌وکارهای فعال"),
    ("Linkage rate", "نرخ اتصال به بازار"),
    (
        "Businesses without a sales channel",
        "کسب‌وکارهای بی کانال فروش",
    ),
    ("Net income by month", "درآمد خالص ماهانه"),
    ("Month", "ماه"),
    ("Net income", "درآمد خالص"),
    (
        "Every business had a channel",
        "همهٔ کسب‌وکارها کانال فروش داشتند",
    ),
    (
        "Wrong user code or password",
        "کد کاربر یا گذرواژه نادرست است",
    ),
    (
        "Too many failed sign-ins: try again later",
        "تلاش‌های ناموفق ورود بیش از حد است: بعداً دوباره تلاش کنید",
    ),
    (
        "The form has expired: go back, reload the page and send it again",
        "فرم منقضی شده است: بازگردید، صفحه را دوباره بارگیری کنید و دوباره بفرستید",
    ),
    ("Not found", "یافت نشد"),
    (
        "Something went wrong on the server",
        "خطایی در کارساز رخ داد",
    ),
    ("Signed in as", "واردشده با نام"),
    ("Language", "زبان"),
    ("the last 12 months", "۱۲ ماه گذشته"),
    ("Today", "امروز"),
    ("Error", "خطا"),
];

/// `en` in `lang`: the Persian of [`WORDS`], or `en` itself.
pub fn t(lang: Lang, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Fa => WORDS
            .iter()
            .find(|(e, _)| *e == en)
            .map_or(en, |(_, fa)| fa),
    }
}

/// A number as people read it in `lang` (Persian digits under Persian).
pub fn number(n: impl std::fmt::Display, lang: Lang) -> String {
    numerals(&n.to_string(), lang).into_owned()
}

/// An amount in rials, in `lang`'s digits and unit name, through
/// [`Money::format`] (as the CLI writes it).
pub fn money(amount: Money, lang: Lang) -> String {
    amount.format(&MoneyFormat::for_lang(lang))
}

/// A Jalali day, `1404-03-11`, in `lang`'s digits.
pub fn date(day: JalaliDate, lang: Lang) -> String {
    number(day, lang)
}

/// A Jalali month, `1404-03`, in `lang`'s digits.
pub fn month(month: JalaliMonth, lang: Lang) -> String {
    number(month, lang)
}

/// A share as a percentage with one decimal, `42.5%` (`۴۲٫۵٪` in Persian).
pub fn percent(share: f64, lang: Lang) -> String {
    number(format!("{:.1}%", share * 100.0), lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_unique_and_translated() {
        for (i, (en, fa)) in WORDS.iter().enumerate() {
            assert!(!fa.is_empty() && !en.is_empty());
            assert!(
                WORDS[..i].iter().all(|(e, _)| e != en),
                "{en} is in WORDS twice"
            );
        }
        assert_eq!(t(Lang::Fa, "Households"), "خانوارها");
        assert_eq!(t(Lang::En, "Households"), "Households");
    }

    /// Every `t("…")` of the templates and the Rust sources is in WORDS.
    #[test]
    fn every_word_used_is_translated() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["templates", "src"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                // This file names the patterns.
                if !path.ends_with("i18n.rs") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let mut missing = Vec::new();
        let mut used = 0;
        for text in &texts {
            // Templates write `page.t("…")`, Rust `i18n::t(lang, "…")`.
            let calls = text
                .split(".t(\"")
                .skip(1)
                .map(|p| p.split('"').next().unwrap());
            // Only a literal: `i18n::t(lang, "…")`, not `i18n::t(lang, title)`.
            let rust = text.split("i18n::t(").skip(1).filter_map(|p| {
                let (before, after) = p.split_once('"')?;
                (!before.contains(')')).then(|| after.split('"').next().unwrap())
            });
            for word in calls.chain(rust) {
                used += 1;
                if !WORDS.iter().any(|(en, _)| *en == word) {
                    missing.push(word.to_owned());
                }
            }
        }
        assert!(used > 10, "the scan found only {used} words");
        assert!(missing.is_empty(), "not in WORDS: {missing:?}");
    }

    #[test]
    fn numbers_money_and_dates_follow_the_language() {
        assert_eq!(money(Money::rial(1_250_000), Lang::Fa), "۱٬۲۵۰٬۰۰۰ ریال");
        assert_eq!(percent(0.425, Lang::En), "42.5%");
        let day = JalaliDate::new(1404, 3, 11).unwrap();
        assert_eq!(date(day, Lang::Fa), "۱۴۰۴-۰۳-۱۱");
    }
}
