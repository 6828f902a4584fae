//! The market's errors for people, in their language (see
//! [`homebiz_core::describe`]).
//!
//! ```
//! use homebiz_core::describe::Describe;
//! use homebiz_core::Lang;
//! use homebiz_market::MarketError;
//!
//! let err = MarketError::not_found("exhibition", "TERMINAL");
//! assert_eq!(err.describe(Lang::En), "exhibition TERMINAL not found");
//! assert_eq!(err.describe(Lang::Fa), "نمایشگاه TERMINAL یافت نشد");
//! ```

use homebiz_core::channel::ChannelKind;
use homebiz_core::describe::{Describe, Phrases, translate};
use homebiz_core::text::Lang;

use crate::application::ApplicationState;
use crate::error::MarketError;

/// The names of the market's records and fields: (English, Persian).
pub const NAMES: &Phrases = &[
    ("channel", "کانال"),
    ("exhibition", "نمایشگاه"),
    ("application", "درخواست"),
    ("application state", "وضعیت درخواست"),
    ("booking", "نوبت غرفه"),
    ("booth", "غرفه"),
    ("booths", "غرفه‌ها"),
    ("booth code", "کد غرفه"),
    ("order", "سفارش"),
    ("offer", "پیشنهاد"),
    ("consignment", "فروش امانی"),
    ("consignment event", "رویداد فروش امانی"),
    ("business", "کسب‌وکار"),
    ("activity", "فعالیت"),
    ("capacity", "ظرفیت"),
    ("commission", "کارمزد"),
    ("fee", "هزینهٔ ثابت"),
    ("fee period", "دورهٔ هزینهٔ ثابت"),
    ("location", "محل"),
    ("monthly cap", "سقف ماهانه"),
    ("months", "ماه‌ها"),
    ("points", "امتیاز"),
    ("price ceiling", "سقف قیمت"),
    ("quantity", "تعداد"),
    ("schedule", "زمان‌بندی"),
    ("seasonality", "فصلی بودن"),
    ("size", "اندازه"),
    ("unit price", "قیمت واحد"),
    ("weeks wanted", "هفته‌های درخواستی"),
    ("weeks", "هفته‌ها"),
    ("settled", "تسویه‌شده"),
    ("sold", "فروخته"),
    ("returned", "برگشتی"),
    (
        "the consignment's gross if all of it sells (quantity × unit price)",
        "فروش ناخالص فروش امانی اگر همه‌اش فروخته شود (تعداد × قیمت واحد)",
    ),
    (
        "the offer's capacity × unit price",
        "ظرفیت پیشنهاد × قیمت واحد",
    ),
    (
        "the order's total at its ceiling (quantity × price ceiling)",
        "جمع سفارش با سقف قیمت (تعداد × سقف قیمت)",
    ),
    (
        "the settlement's gross (units sold × unit price)",
        "فروش ناخالص تسویه (تعداد فروخته × قیمت واحد)",
    ),
];

/// The rules the market words where it refuses a value or a step:
/// (English, Persian).
pub const REASONS: &Phrases = &[
    ("must be at least 1", "باید دست‌کم 1 باشد"),
    ("must be positive", "باید مثبت باشد"),
    ("must be from {min} to {max}", "باید از {min} تا {max} باشد"),
    (
        "must be from 0 to below 1 (0.09 is 9%)",
        "باید از 0 تا کمتر از 1 باشد (0.09 یعنی 9٪)",
    ),
    ("{key} appears twice", "{key} دو بار آمده است"),
    (
        "application {id}: must be at least 1",
        "درخواست {id}: باید دست‌کم 1 باشد",
    ),
    (
        "{date} is before the last event or the placement ({last})",
        "{date} پیش از رویداد پیشین یا سپردن کالا ({last}) است",
    ),
    (
        "exhibition {code} has bookings on booths {booths} that the list leaves out",
        "نمایشگاه {code} در غرفه‌های {booths} نوبت دارد که این فهرست آن‌ها را نیاورده است",
    ),
    (
        "exhibition {code}: booths {booths} have bookings for {categories}, which they would no longer accept",
        "نمایشگاه {code}: غرفه‌های {booths} نوبت‌هایی برای {categories} دارند که دیگر آن‌ها را نمی‌پذیرند",
    ),
    (
        "a booking may earn at most 1,000,000 points",
        "یک نوبت غرفه دست‌بالا 1,000,000 امتیاز می‌گیرد",
    ),
    ("a rejection needs a reason", "رد کردن دلیل می‌خواهد"),
    (
        "already has a live application to this exhibition",
        "درخواستی باز برای این نمایشگاه دارد",
    ),
    (
        "each month's index must be from 0 to 100",
        "شاخص هر ماه باید از 0 تا 100 باشد",
    ),
    (
        "expected pending, approved, rejected, waitlisted or withdrawn",
        "باید `pending`، `approved`، `rejected`، `waitlisted` یا `withdrawn` باشد",
    ),
    (
        "expected small, standard or large",
        "باید `small`، `standard` یا `large` باشد",
    ),
    (
        "expected week, month or season",
        "باید `week`، `month` یا `season` باشد",
    ),
    (
        "the window ends before it starts",
        "بازه پیش از آغازش پایان می‌یابد",
    ),
    (
        "times the quantity is more than an amount can hold",
        "ضرب در تعداد از بیشترین مبلغ ممکن بیشتر می‌شود",
    ),
    (
        "times the capacity is more than an amount can hold",
        "ضرب در ظرفیت از بیشترین مبلغ ممکن بیشتر می‌شود",
    ),
    (
        "only {units} units are at the channel",
        "تنها {units} واحد در کانال هست",
    ),
];

/// A state's code (`waitlisted`, `settled`) in `lang`.
fn state(code: &str, lang: Lang) -> String {
    ApplicationState::ALL
        .into_iter()
        .find(|s| s.code() == code)
        .map_or_else(
            || translate(code, lang, &[NAMES]),
            |s| s.name(lang).to_owned(),
        )
}

impl Describe for MarketError {
    /// The same facts as the `Display` in Persian, with records, fields
    /// and states by their Persian names and codes as they are; never a
    /// personal value.
    fn persian(&self, tables: &[&Phrases]) -> String {
        let lang = Lang::Fa;
        let all = [tables, &[REASONS, NAMES]].concat();
        let named = |n: &str| translate(n, lang, &all);
        let why = |r: &str| translate(r, lang, &all);
        match self {
            Self::NotFound { what, key } => format!("{} {key} یافت نشد", named(what)),
            Self::AlreadyExists { what, key } => {
                format!("{} {key} از پیش ثبت شده است", named(what))
            }
            Self::Invalid { field, reason: r } => {
                format!("{} نامعتبر است: {}", named(field), why(r))
            }
            Self::OverLimit { what, limit, .. } => format!(
                "{} از سقف یک مبلغ، {}، بیشتر است",
                named(what),
                limit.describe(lang)
            ),
            Self::Named { what, key, error } => {
                format!("{} {key}: {}", named(what), error.persian(tables))
            }
            Self::IllegalTransition { what, from, to } => format!(
                "تغییر وضعیت {} از «{}» به «{}» مجاز نیست",
                named(what),
                state(from, lang),
                state(to, lang)
            ),
            Self::NotAnExhibition { channel, kind } => format!(
                "کانال نامعتبر است: {channel} {} است، نه نمایشگاه ({} یا {})",
                kind.name(lang),
                ChannelKind::PermanentExhibition.name(lang),
                ChannelKind::SeasonalFair.name(lang)
            ),
            Self::Solver(what) => format!("پاسخ حل‌کننده یک قید را نقض می‌کند: {what}"),
            Self::Core(e) => e.persian(tables),
            Self::Backend(e) => format!("خطای ذخیره‌سازی: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_display_and_persian_names_records_and_states() {
        let errors = [
            MarketError::invalid("weeks wanted", "must be from 1 to 13"),
            MarketError::IllegalTransition {
                what: "application",
                from: "rejected",
                to: "approved",
            },
            MarketError::Named {
                what: "order",
                key: "O-1".to_owned(),
                error: Box::new(MarketError::invalid("quantity", "must be at least 1")),
            },
            MarketError::NotAnExhibition {
                channel: "DIGIKALA".to_owned(),
                kind: ChannelKind::OnlineMarketplace,
            },
            MarketError::invalid(
                "booths",
                "exhibition T: booths B1, B2 have bookings for aquaculture, handicrafts, which they would no longer accept",
            ),
        ];
        let fa = [
            "هفته‌های درخواستی نامعتبر است: باید از 1 تا 13 باشد",
            "تغییر وضعیت درخواست از «ردشده» به «پذیرفته» مجاز نیست",
            "سفارش O-1: تعداد نامعتبر است: باید دست‌کم 1 باشد",
            "کانال نامعتبر است: DIGIKALA فروشگاه اینترنتی است، نه نمایشگاه (نمایشگاه دائمی یا بازارچه فصلی)",
            "غرفه‌ها نامعتبر است: نمایشگاه T: غرفه‌های B1, B2 نوبت‌هایی برای آبزیان، صنایع دستی دارند که دیگر آن‌ها را نمی‌پذیرند",
        ];
        for (err, fa) in errors.iter().zip(fa) {
            assert_eq!(err.describe(Lang::En), err.to_string());
            assert_eq!(err.describe(Lang::Fa), fa);
        }
    }

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(homebiz_core::describe::check(REASONS), Ok(()));
        assert_eq!(homebiz_core::describe::check(NAMES), Ok(()));
    }
}
