//! The CLI's words for people, in English and Persian: table headers and
//! the labels and values that the commands print.
//!
//! The source text is the English word itself, as the commands write it;
//! [`word`] gives its Persian form when the output is Persian, and the
//! English word unchanged otherwise, or when the catalogue does not have it
//! (a code, a name from the database). Enum values come from the domain
//! crates' `name(lang)`/`label(lang)` methods, next to their codes; this
//! catalogue holds only what the CLI itself writes.
//!
//! Why a table in the code and not a localisation crate (`fluent-bundle`,
//! `fluent-templates`, `rust-i18n`): the CLI has about a hundred fixed
//! words and short phrases in two languages, with no plural forms, gender
//! agreement or arguments beyond a number, which is what Fluent is for. A
//! Fluent bundle would be parsed at run time, look each message up by a
//! string ID that can only fail at run time, and bring its own dependency
//! tree (`fluent-syntax`, `intl-memoizer`, `unic-langid`) into a binary
//! whose MSRV is pinned by `tests/rust_version.rs`; `rust-i18n` adds proc
//! macros and YAML files read at build time. A `const` table, checked by
//! the unit tests below (no word twice, Persian letters only in Persian
//! text, no Arabic yeh or kaf), is shorter than either and fails in
//! `cargo test`, not in front of a user. If homebiz grows a third language
//! or translators outside the code, Fluent is the next step: the English
//! keys below become its message IDs.

use homebiz::core::text::Lang;

/// Every header and label the CLI writes for people: (English, Persian).
const WORDS: &[(&str, &str)] = &[
    // Registry.
    ("code", "کد"),
    ("name", "نام"),
    ("level", "سطح"),
    ("parent", "واحد بالاتر"),
    ("membership", "عضویت"),
    ("members", "اعضا"),
    ("baseline income", "درآمد پایه"),
    ("registered", "تاریخ ثبت"),
    ("field", "فیلد"),
    ("value", "مقدار"),
    ("id", "شناسه"),
    ("address", "نشانی"),
    ("baseline survey", "تاریخ پیمایش پایه"),
    ("space", "فضا"),
    ("separate room", "اتاق جداگانه"),
    ("yes", "بله"),
    ("no", "خیر"),
    ("birth date", "تاریخ تولد"),
    ("gender", "جنسیت"),
    ("skills", "مهارت‌ها"),
    ("hours/week", "ساعت در هفته"),
    ("household", "خانوار"),
    ("households", "خانوارها"),
    ("group", "گروه"),
    ("office", "دفتر"),
    ("activity", "فعالیت"),
    ("state", "وضعیت"),
    ("licence", "مجوز"),
    ("health certificate", "گواهی بهداشت"),
    ("mode", "شیوه"),
    ("independent", "مستقل"),
    ("support", "پشتیبان"),
    ("cluster", "خوشه"),
    ("capital", "سرمایه"),
    ("address fragment", "بخشی از نشانی"),
    ("when (UTC)", "زمان (UTC)"),
    ("created", "ایجاد"),
    ("updated", "ویرایش"),
    ("state_changed", "تغییر وضعیت"),
    ("consent_recorded", "ثبت رضایت"),
    ("flagged_duplicate", "نشانه‌گذاری تکراری"),
    ("who", "کاربر"),
    ("change", "تغییر"),
    // Scoring.
    ("category", "دسته"),
    ("capital from", "حداقل سرمایه"),
    ("margin %", "حاشیهٔ سود ٪"),
    ("risk", "ریسک"),
    ("rank", "رتبه"),
    ("score", "امتیاز"),
    ("sell through", "کانال فروش"),
    ("strongest reasons", "مهم‌ترین دلایل"),
    ("from home", "از خانه"),
    ("fit", "تناسب"),
    ("choice", "انتخاب"),
    ("note", "یادداشت"),
    ("headroom", "ظرفیت بازار"),
    ("unknown", "نامشخص"),
    ("ruled out", "کنار گذاشته شد"),
    ("within reach with one step", "با یک گام در دسترس"),
    ("assigned", "با فعالیت"),
    ("without an activity", "بی‌فعالیت"),
    ("total fit", "تناسب کل"),
    ("criterion", "معیار"),
    ("weight", "وزن"),
    ("alternative", "گزینه"),
    // Market.
    ("channel", "کانال"),
    ("booths", "غرفه‌ها"),
    ("monthly cap", "سقف ماهانه"),
    ("application", "درخواست"),
    ("weeks", "هفته‌ها"),
    ("applied", "تاریخ درخواست"),
    ("reason", "دلیل"),
    ("buyer", "خریدار"),
    ("quantity", "تعداد"),
    ("unit", "واحد"),
    ("ceiling", "سقف قیمت"),
    ("due", "موعد"),
    ("business", "کسب‌وکار"),
    ("businesses", "کسب‌وکارها"),
    ("capacity", "ظرفیت"),
    ("unit price", "قیمت واحد"),
    ("lead days", "روزهای تحویل"),
    ("kind", "نوع"),
    ("location", "محل"),
    ("commission", "کارمزد"),
    ("fee", "هزینهٔ ثابت"),
    ("a week", "در هفته"),
    ("a month", "در ماه"),
    ("a season", "در هر فصل"),
    ("open", "زمان فعالیت"),
    ("all year", "تمام سال"),
    ("week", "هفته"),
    ("booth", "غرفه"),
    ("why", "دلیل"),
    ("points", "امتیاز"),
    ("why not", "دلیل نرسیدن"),
    ("waitlist", "فهرست انتظار"),
    ("order", "سفارش"),
    ("total", "جمع"),
    ("unmet", "تأمین‌نشده"),
    ("unmet demand", "تقاضای تأمین‌نشده"),
    ("linked", "متصل به بازار"),
    ("rate", "نرخ"),
    ("by sale", "با فروش"),
    ("by booth", "با غرفه"),
    ("by consignment", "با فروش امانی"),
    ("by order", "با سفارش"),
    ("by channel kind", "به تفکیک نوع کانال"),
    ("business without a channel", "کسب‌وکار بدون کانال فروش"),
    // Income.
    ("seq", "ردیف"),
    ("day", "روز"),
    ("entry", "سند"),
    ("reverses / reversed by", "برگشتِ سند / برگشت‌خورده با"),
    ("reverses", "برگشتِ"),
    ("reversed by", "برگشت‌خورده با"),
    ("net", "خالص"),
    ("running net", "خالص انباشته"),
    ("entries", "سند"),
    ("by", "ثبت‌کننده"),
    ("revenue", "فروش"),
    ("period", "دوره"),
    ("scope", "دامنه"),
    ("costs", "هزینه"),
    ("fees", "عوارض"),
    ("change %", "تغییر ٪"),
    ("sustained", "اشتغال پایدار"),
    ("graduates", "فارغ‌التحصیل"),
    ("no.", "شماره"),
    ("amount", "مبلغ"),
    ("principal", "اصل"),
    ("charge", "سود و کارمزد"),
    ("charges", "سود و کارمزد"),
    ("balance", "مانده"),
];

/// `en` in `lang`: its Persian form from the catalogue when `lang` is
/// Persian and the catalogue has it, else `en` itself.
pub(crate) fn word(en: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => en,
        Lang::Fa => WORDS
            .iter()
            .find(|(e, _)| *e == en)
            .map_or(en, |(_, fa)| fa),
    }
}

/// A lifecycle state's code (`in_training`, `graduated`) as people read it
/// in `lang`; an unknown code unchanged.
pub(crate) fn state(code: &str, lang: Lang) -> &str {
    use homebiz::registry::{BusinessState, MembershipState};
    MembershipState::label_of(code, lang)
        .or_else(|| BusinessState::label_of(code, lang))
        .unwrap_or(code)
}

/// The name of a money unit in `lang`, for headers: `rial`, `تومان`.
pub(crate) fn unit_name(unit: homebiz::core::money::MoneyUnit, lang: Lang) -> &'static str {
    use homebiz::core::money::MoneyUnit;
    match (unit, lang) {
        (MoneyUnit::Toman, Lang::En) => "toman",
        (MoneyUnit::Toman, Lang::Fa) => "تومان",
        (_, Lang::En) => "rial",
        (_, Lang::Fa) => "ریال",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_word_twice() {
        let mut seen = std::collections::HashSet::new();
        for (en, _) in WORDS {
            assert!(seen.insert(en), "{en} is in the catalogue twice");
        }
    }

    #[test]
    fn persian_is_written_with_persian_letters() {
        for (en, fa) in WORDS {
            assert!(!fa.trim().is_empty(), "{en}: no Persian text");
            // Arabic yeh, alef maksura and kaf: Persian writes ی and ک.
            assert!(
                !fa.contains(['\u{064A}', '\u{0649}', '\u{0643}']),
                "{en}: Arabic yeh or kaf in {fa}"
            );
            // No English left, but for the abbreviation UTC.
            assert!(
                !fa.replace("UTC", "")
                    .chars()
                    .any(|c| c.is_ascii_alphabetic()),
                "{en}: Latin letters in {fa}"
            );
            // English text has no Persian.
            assert!(en.is_ascii(), "{en} is not English");
        }
    }

    #[test]
    fn english_is_unchanged_and_unknown_words_pass_through() {
        assert_eq!(word("capital", Lang::En), "capital");
        assert_eq!(word("capital", Lang::Fa), "سرمایه");
        assert_eq!(word("S-000001", Lang::Fa), "S-000001");
    }
}
