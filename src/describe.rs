//! The facade's errors for people, in their language: `describe(lang)`
//! on [`ProgramError`] and [`ImportError`], beside their English
//! `Display` (see [`homebiz_core::describe`]). The domain errors they
//! wrap are described by their own crates, with the tables below tried
//! first: the rules the facade words itself (an edit's field, a CSV
//! row's cell) and the names of what it names.
//!
//! ```
//! use homebiz::core::describe::Describe;
//! use homebiz::core::Lang;
//! use homebiz::import::ImportError;
//! use homebiz::program::ProgramError;
//!
//! let err = ProgramError::ProgrammeOnly { what: "channels" };
//! assert_eq!(err.describe(Lang::En), err.to_string());
//! assert!(err.describe(Lang::Fa).starts_with("کانال‌های فروش متعلق به کل برنامه است"));
//! let err = ImportError::MissingColumn {
//!     file: "x.csv".into(),
//!     column: "demand",
//!     expected: &["activity", "demand"],
//! };
//! assert_eq!(err.describe(Lang::En), "x.csv: missing column demand (the file needs the columns activity, demand)");
//! assert_eq!(err.describe(Lang::Fa), "x.csv: ستون demand نیست (ستون‌های لازم این پرونده: activity, demand)");
//! ```

use std::error::Error;

use homebiz_core::describe::{Describe, Phrases, io_persian, translate};
use homebiz_core::text::Lang;
use homebiz_income::IncomeError;
use homebiz_market::MarketError;
use homebiz_registry::{BusinessState, Lifecycle, MembershipState, RegistryError};

use crate::catalog_file::CatalogFileError;
use crate::import::ImportError;
use crate::program::ProgramError;

/// Any error homebiz returns, in `lang`, when it is one: the facade's,
/// a domain's, `homebiz-core`'s, a storage backend's (SQLite's,
/// PostgreSQL's), or a `csv` error of a file homebiz read; `None` for
/// any other (a file system error, which the caller words with the path
/// it knows). A front end walking an error's chain calls this for each
/// cause.
///
/// ```
/// use homebiz::core::Lang;
/// use homebiz::market::MarketError;
///
/// let err = MarketError::not_found("channel", "DIGIKALA");
/// assert_eq!(homebiz::describe::error(&err, Lang::Fa).unwrap(), "کانال DIGIKALA یافت نشد");
/// assert_eq!(homebiz::describe::error(&std::fmt::Error, Lang::Fa), None);
/// ```
pub fn error(err: &(dyn Error + 'static), lang: Lang) -> Option<String> {
    if let Some(e) = err.downcast_ref::<ProgramError>() {
        return Some(e.describe(lang));
    }
    if let Some(e) = err.downcast_ref::<ImportError>() {
        return Some(e.describe(lang));
    }
    if let Some(e) = err.downcast_ref::<CatalogFileError>() {
        return Some(e.describe(lang));
    }
    if lang == Lang::Fa
        && let Some(text) = storage(err)
    {
        return Some(text);
    }
    if let Some(e) = err.downcast_ref::<RegistryError>() {
        return Some(e.describe(lang));
    }
    if let Some(e) = err.downcast_ref::<MarketError>() {
        return Some(e.describe(lang));
    }
    if let Some(e) = err.downcast_ref::<IncomeError>() {
        return Some(e.describe(lang));
    }
    if let Some(e) = err.downcast_ref::<homebiz_scoring::ScoringError>() {
        return Some(e.describe(lang));
    }
    if let Some(e) = err.downcast_ref::<homebiz_core::Error>() {
        return Some(e.describe(lang));
    }
    if let Some(e) = err.downcast_ref::<csv::Error>() {
        return Some(match lang {
            Lang::En => e.to_string(),
            Lang::Fa => csv_persian(e),
        });
    }
    backend(err, lang)
}

/// A storage backend's own error (SQLite's, PostgreSQL's) in `lang`.
#[allow(unused_variables)] // without the backends' features
fn backend(err: &(dyn Error + 'static), lang: Lang) -> Option<String> {
    #[cfg(feature = "sqlite")]
    if let Some(text) = homebiz_sqlite::describe::describe(err, lang) {
        return Some(text);
    }
    #[cfg(feature = "postgres")]
    if let Some(text) = homebiz_postgres::describe::describe(err, lang) {
        return Some(text);
    }
    None
}

/// A domain error that is its store's failure, in Persian, when the
/// backend's error is one homebiz describes: the domain crates know no
/// backend, so they cannot.
fn storage(err: &(dyn Error + 'static)) -> Option<String> {
    let inner: &(dyn Error + 'static) =
        if let Some(RegistryError::Backend(e)) = err.downcast_ref::<RegistryError>() {
            e.as_ref()
        } else if let Some(MarketError::Backend(e)) = err.downcast_ref::<MarketError>() {
            e.as_ref()
        } else if let Some(IncomeError::Backend(e)) = err.downcast_ref::<IncomeError>() {
            e.as_ref()
        } else {
            return None;
        };
    backend(inner, Lang::Fa).map(|text| format!("خطای ذخیره‌سازی: {text}"))
}

/// A `csv` error in Persian: where in the file, and what is wrong.
fn csv_persian(err: &csv::Error) -> String {
    const SAVE: &str = "آن را به شکل «CSV UTF-8» ذخیره کنید";
    let line = |pos: &Option<csv::Position>| pos.as_ref().map_or(0, csv::Position::line);
    match err.kind() {
        csv::ErrorKind::Io(e) => io_persian(e).to_owned(),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "ردیف {}: {len} خانه دارد و سرستون {expected_len}",
            line(pos)
        ),
        csv::ErrorKind::Utf8 { pos, .. } => {
            format!("ردیف {}: متن UTF-8 نیست: {SAVE}", line(pos))
        }
        csv::ErrorKind::Deserialize { pos, .. } => {
            format!("ردیف {}: خانه‌ای خوانده نشد ({err})", line(pos))
        }
        csv::ErrorKind::Seek => "جای خواندن در پرونده تغییر نکرد".to_owned(),
        _ => format!("پرونده به شکل CSV خوانده نشد ({err})"),
    }
}

/// The names the facade's errors use: records, what belongs to the whole
/// programme, and the import's columns that are no registry field:
/// (English, Persian).
pub const NAMES: &Phrases = &[
    ("channels", "کانال‌های فروش"),
    ("exhibitions", "نمایشگاه‌ها"),
    ("booths", "غرفه‌ها"),
    ("booth allocations", "تخصیص غرفه‌ها"),
    ("buyer orders", "سفارش‌های خریداران"),
    ("order matches", "تطبیق سفارش‌ها"),
    ("user", "کاربر"),
    ("password", "گذرواژه"),
    ("search", "جستجو"),
    ("person", "فرد"),
    ("office", "دفتر"),
    ("household", "خانوار"),
    ("education", "تحصیلات"),
    ("exit_reason", "دلیل خروج"),
    ("closure_reason", "دلیل بستن"),
    ("health_certificate", "گواهی بهداشت"),
    ("UTF-16", "UTF-16"),
    ("cp1256 or another encoding", "cp1256 یا رمزگذاری دیگری"),
    ("tabs", "تب"),
];

/// The rules the facade words itself, where it reads a CSV row or an
/// edit's `field=value`: (English, Persian).
pub const REASONS: &Phrases = &[
    // Passwords.
    ("must be 8 to 1024 characters", "باید ۸ تا ۱۰۲۴ نویسه باشد"),
    // Edits.
    (
        "is the record's identity and never changes",
        "هویت رکورد است و هرگز تغییر نمی‌کند",
    ),
    (
        "is the record's identity: it names the record in files and other records",
        "هویت رکورد است: رکورد را در پرونده‌ها و رکوردهای دیگر نام می‌برد",
    ),
    (
        "is identity: a record stays in its office (register it again in the other office)",
        "هویت است: رکورد در دفتر خود می‌ماند (آن را در دفتر دیگر دوباره ثبت کنید)",
    ),
    (
        "is the person's identity: correct it by registering the person again",
        "هویت فرد است: برای اصلاح، فرد را دوباره ثبت کنید",
    ),
    (
        "is identity: a record stays in its household",
        "هویت است: رکورد در خانوار خود می‌ماند",
    ),
    (
        "is identity: the owner of a business does not change",
        "هویت است: مالک کسب‌وکار تغییر نمی‌کند",
    ),
    (
        "changes through the lifecycle: household enrol|activate|pause|graduate|exit",
        "با چرخهٔ عضویت تغییر می‌کند: `homebiz household enrol|activate|pause|graduate|exit`",
    ),
    (
        "changes through the lifecycle: business train|license|activate|suspend|close",
        "با چرخهٔ کسب‌وکار تغییر می‌کند: `homebiz business train|license|activate|suspend|close`",
    ),
    (
        "is sensitive: it changes with a recorded consent only",
        "حساس است: تنها با رضایت ثبت‌شده تغییر می‌کند",
    ),
    (
        "changes through an import: homebiz import people FILE --update, with the column skills (sewing:advanced;dairy:beginner)",
        "با ورود داده تغییر می‌کند: `homebiz import people FILE --update`، با ستون `skills` (`sewing:advanced;dairy:beginner`)",
    ),
    (
        "unknown field {field}: expected one of {names}",
        "فیلد ناشناختهٔ `{field}`: یکی از این‌ها را بنویسید: {names}",
    ),
    (
        "more than ten years after baseline_survey_date",
        "بیش از ده سال پس از تاریخ پیمایش پایه (`baseline_survey_date`) است",
    ),
    (
        "more than ten years before registered_on",
        "بیش از ده سال پیش از تاریخ ثبت (`registered_on`) است",
    ),
    (
        "write each change as field=value",
        "هر تغییر را به شکل `field=value` بنویسید",
    ),
    (
        "not a date (1403-12-05 or 2025-03-01)",
        "تاریخ نیست (1403-12-05 یا 2025-03-01)",
    ),
    (
        "not a whole number from {min} to {max}",
        "عدد صحیحی از {min} تا {max} نیست",
    ),
    ("not an Iranian mobile", "شمارهٔ همراه ایرانی نیست"),
    ("not a mobile number", "شمارهٔ همراه نیست"),
    (
        "not one of the accepted values: {values}",
        "از مقدارهای پذیرفتنی نیست: `{values}`",
    ),
    (
        "not one of the accepted values",
        "از مقدارهای پذیرفتنی نیست",
    ),
    (
        "not an activity of the catalog",
        "فعالیتی از فهرست فعالیت‌ها نیست",
    ),
    (
        "a new licence needs its _issued day too",
        "مجوز تازه روز صدورش (`_issued`) را هم می‌خواهد",
    ),
    (
        "the business has none: give its _number and _issued",
        "کسب‌وکار آن را ندارد: `_number` و `_issued` آن را بدهید",
    ),
    (
        "the household has no baseline: give baseline_income_rial and baseline_survey_date together in an import",
        "خانوار خط پایه ندارد: `baseline_income_rial` و `baseline_survey_date` را با هم در یک ورود داده بدهید",
    ),
    ("a closure needs a reason", "بستن کسب‌وکار دلیل می‌خواهد"),
    ("an exit needs a reason", "خروج دلیل می‌خواهد"),
    (
        "only an exit or a closure takes a reason",
        "تنها خروج یا بستن دلیل می‌گیرد",
    ),
    ("the search is empty", "جست‌وجو خالی است"),
    ("the household has no member", "خانوار عضوی ندارد"),
    (
        "household {code} is {state}: only enrolled and active households may start a planned business",
        "خانوار {code} در وضعیت «{state}» است: تنها خانوارهای پذیرفته‌شده و فعال کسب‌وکار برنامه‌ریزی‌شده را آغاز می‌کنند",
    ),
    (
        "{code} is {state}: only licensed and active businesses may sell through the programme",
        "{code} در وضعیت «{state}» است: تنها کسب‌وکارهای دارای مجوز و فعال از راه برنامه می‌فروشند",
    ),
    (
        "{code} belongs to a household that has exited the programme: it may not sell through the programme",
        "{code} از آنِ خانواری است که از برنامه خارج شده است: از راه برنامه نمی‌فروشد",
    ),
    (
        "the household has exited the programme",
        "خانوار از برنامه خارج شده است",
    ),
    (
        "cannot change once the business has ledger entries, exhibition applications, offers, order fills or consignments: close it and register a new business for the new activity",
        "پس از آن‌که کسب‌وکار ثبتی در دفتر درآمد، درخواست نمایشگاه، پیشنهاد، سهمی از سفارش یا کالای امانی دارد تغییر نمی‌کند: آن را ببندید و برای فعالیت تازه کسب‌وکار تازه‌ای ثبت کنید",
    ),
    (
        "{code} is {state}: only licensed and active businesses may apply for booths",
        "{code} در وضعیت «{state}» است: تنها کسب‌وکارهای دارای مجوز و فعال برای غرفه درخواست می‌دهند",
    ),
    (
        "{code} is not in the activity catalog",
        "{code} در فهرست فعالیت‌ها نیست",
    ),
    (
        "expected households, people, businesses, offers, orders, sales or duplicates",
        "باید `households`، `people`، `businesses`، `offers`، `orders`، `sales` یا `duplicates` باشد",
    ),
    (
        "duplicates are keyed by national ID: export them with the personal columns or as pseudonyms",
        "تکراری‌ها با کد ملی شناخته می‌شوند: آن‌ها را با ستون‌های شخصی یا با نام مستعار خروجی بگیرید",
    ),
    ("is not a valid national ID", "کد ملی معتبری نیست"),
    (
        "expected same_person, different_people or empty",
        "باید `same_person`، `different_people` یا خالی باشد",
    ),
    (
        "no person in scope has this national ID",
        "هیچ فردی در دامنه این کد ملی را ندارد",
    ),
    (
        "this person is not flagged as a likely duplicate: import the people first",
        "این فرد تکراری احتمالی علامت نخورده است: نخست افراد را وارد کنید",
    ),
    (
        "the person's flag is raised against another person",
        "پرچم این فرد در برابر فرد دیگری برافراشته شده است",
    ),
    (
        "the flag is resolved already with another verdict or note",
        "این پرچم پیش‌تر با رأی یا یادداشت دیگری رسیدگی شده است",
    ),
    (
        "not one the import knows",
        "از آن‌هایی نیست که ورود داده می‌شناسد",
    ),
    ("{code} not found", "{code} یافت نشد"),
    // CSV rows.
    (
        "is not in the file, and this row's record is not in the registry yet: a new record needs every required column",
        "در پرونده نیست و رکورد این ردیف هنوز ثبت نشده است: رکورد تازه همهٔ ستون‌های لازم را می‌خواهد",
    ),
    (
        "differs from the {what} already recorded",
        "با {what} ثبت‌شده فرق دارد",
    ),
    (
        "differs from the {what} of row {line} of this file",
        "با {what} ردیف {line} همین پرونده فرق دارد",
    ),
    (
        "differs from the {key} in the registry and is identity: an update cannot change it",
        "با {key} ثبت‌شده فرق دارد و هویت است: به‌روزرسانی آن را تغییر نمی‌دهد",
    ),
    (
        "is {recorded} in the registry: an import does not change a state; use {commands}",
        "در ثبت «{recorded}» است: ورود داده وضعیت را تغییر نمی‌دهد؛ از {commands} استفاده کنید",
    ),
    (
        "is no, but the consent is recorded: an import records a consent, it never withdraws one",
        "«no» است، اما رضایت ثبت شده است: ورود داده رضایت را ثبت می‌کند و هرگز پس نمی‌گیرد",
    ),
    (
        "is given only with the mode {with}",
        "فقط با نوع «{with}» داده می‌شود",
    ),
    (
        "repeats row {earlier} of this file",
        "ردیف {earlier} همین پرونده را تکرار می‌کند",
    ),
    (
        "differs from the person's household in the registry and is identity: an import cannot change it",
        "با خانوار ثبت‌شدهٔ این فرد فرق دارد و هویت است: ورود داده آن را تغییر نمی‌دهد",
    ),
    (
        "is in another office's series of household codes: only that office imports it",
        "از سری کدهای خانوار دفتر دیگری است: تنها همان دفتر آن را وارد می‌کند",
    ),
    (
        "is repeated in this file at row {earlier}",
        "در ردیف {earlier} همین پرونده تکرار شده است",
    ),
    (
        "has {cells} cells, the header has {header}",
        "{cells} خانه دارد و سرستون {header}",
    ),
    (
        "each skill is code:level or code:level:issuer:date",
        "هر مهارت به شکل `code:level` یا `code:level:issuer:date` است",
    ),
    ("expected female or male", "باید `female` یا `male` باشد"),
    (
        "expected independent, support or cluster",
        "باید `independent`، `support` یا `cluster` باشد",
    ),
    (
        "expected relief_committee, welfare_organization or other",
        "باید `relief_committee`، `welfare_organization` یا `other` باشد",
    ),
    ("expected yes or no", "باید `yes` یا `no` باشد"),
    (
        "expected offices, households, people or businesses",
        "باید `offices`، `households`، `people` یا `businesses` باشد",
    ),
    ("is before the issue date", "پیش از تاریخ صدور است"),
    (
        "is given only with the state {state}",
        "فقط با وضعیت «{state}» داده می‌شود",
    ),
    ("is needed with a baseline income", "با درآمد پایه لازم است"),
    ("is needed with a number", "با شماره لازم است"),
    ("is needed with a survey date", "با تاریخ پیمایش لازم است"),
    (
        "names a skill the catalog does not know",
        "مهارتی را نام می‌برد که فهرست فعالیت‌ها نمی‌شناسد",
    ),
    (
        "names an activity the catalog does not have",
        "فعالیتی را نام می‌برد که در فهرست فعالیت‌ها نیست",
    ),
    (
        "needs consent_disability = yes",
        "`consent_disability = yes` می‌خواهد",
    ),
    (
        "needs consent_support = yes",
        "`consent_support = yes` می‌خواهد",
    ),
    ("not a whole number in range", "عدد صحیحی در بازهٔ مجاز نیست"),
    ("not a whole number of rials", "عدد صحیحی از ریال نیست"),
    (
        "skill level must be beginner, intermediate, advanced or master",
        "سطح مهارت باید `beginner`، `intermediate`، `advanced` یا `master` باشد",
    ),
    (
        "the activity is in category {actual}, not {expected}",
        "فعالیت در دستهٔ {actual} است، نه {expected}",
    ),
    (
        "thousands separators out of place: write groups of three digits, as 1,000,000",
        "جداکنندهٔ هزارگان جای درستی ندارد: رقم‌ها را سه‌تا سه‌تا بنویسید، مانند 1,000,000",
    ),
    (
        "thousands separators out of place: write groups of three digits",
        "جداکنندهٔ هزارگان جای درستی ندارد: رقم‌ها را سه‌تا سه‌تا بنویسید",
    ),
    (
        "too large for an amount",
        "برای یک مبلغ بیش از اندازه بزرگ است",
    ),
    ("a certificate's date {reason}", "تاریخ گواهی {reason}"),
    ("not a CSV text file", "پروندهٔ متنی CSV نیست"),
    ("the business is {state}", "کسب‌وکار {state} است"),
    (
        "booth {booth} has bookings for {categories}, which it would no longer accept",
        "غرفهٔ {booth} نوبت‌هایی برای {categories} دارد که دیگر آن‌ها را نمی‌پذیرد",
    ),
    (
        "exhibition {code} has bookings on booths {booths} that the file leaves out",
        "نمایشگاه {code} در غرفه‌های {booths} نوبت دارد که این پرونده آن‌ها را نیاورده است",
    ),
];

/// The tables the facade's errors are described with: its own, the
/// domains', and the lifecycle states by their codes.
fn facade<'a>(states: &'a [(&'static str, &'static str)]) -> Vec<&'a Phrases> {
    vec![
        REASONS,
        NAMES,
        homebiz_registry::describe::REASONS,
        homebiz_registry::describe::FIELDS,
        homebiz_market::describe::NAMES,
        homebiz_income::describe::NAMES,
        homebiz_income::describe::REASONS,
        homebiz_market::describe::REASONS,
        states,
    ]
}

/// A reason the programme recorded in its own words (an application
/// ended because `the business is suspended`), in `lang`, by the
/// facade's and the domains' tables; a reason a person wrote is kept as
/// written.
///
/// ```
/// use homebiz::core::Lang;
///
/// assert_eq!(homebiz::describe::reason("the business is closed", Lang::Fa), "کسب‌وکار بسته‌شده است");
/// assert_eq!(homebiz::describe::reason("the business is closed", Lang::En), "the business is closed");
/// assert_eq!(homebiz::describe::reason("moved away", Lang::Fa), "moved away");
/// ```
pub fn reason(text: &str, lang: Lang) -> String {
    let states = states(lang);
    translate(text, lang, &facade(&states))
}

/// The registry's lifecycle states: (code, name in `lang`).
fn states(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let membership = [
        MembershipState::Applied,
        MembershipState::Enrolled,
        MembershipState::Active,
        MembershipState::Paused,
        MembershipState::Graduated,
    ];
    let business = [
        BusinessState::Planned,
        BusinessState::InTraining,
        BusinessState::Licensed,
        BusinessState::Active,
        BusinessState::Suspended,
    ];
    let mut out: Vec<(&'static str, &'static str)> = membership
        .iter()
        .map(|s| (s.name(), s.label(lang)))
        .chain(business.iter().map(|s| (s.name(), s.label(lang))))
        .collect();
    for code in ["exited", "closed"] {
        if let Some(label) =
            MembershipState::label_of(code, lang).or_else(|| BusinessState::label_of(code, lang))
        {
            out.push((code, label));
        }
    }
    out
}

/// `persian` given the caller's `tables`, then the facade's.
fn with_facade(tables: &[&Phrases], persian: impl FnOnce(&[&Phrases]) -> String) -> String {
    let states = states(Lang::Fa);
    persian(&[tables, &facade(&states)].concat())
}

impl Describe for ProgramError {
    /// The same facts as the `Display` in Persian, by the domain crates'
    /// `describe` where the error is theirs, with the facade's tables.
    /// Never a national ID or a mobile.
    fn persian(&self, tables: &[&Phrases]) -> String {
        with_facade(tables, |tables| self.in_persian(tables))
    }
}

impl ProgramError {
    fn in_persian(&self, tables: &[&Phrases]) -> String {
        let lang = Lang::Fa;
        let tr = |t: &str| translate(t, lang, tables);
        match self {
            Self::Registry(e) => storage(e).unwrap_or_else(|| e.persian(tables)),
            Self::Market(e) => storage(e).unwrap_or_else(|| e.persian(tables)),
            Self::Income(e) => storage(e).unwrap_or_else(|| e.persian(tables)),
            Self::Scoring(e) => e.persian(tables),
            Self::Core(e) => e.persian(tables),
            Self::NotFound { kind, code, key } => match key {
                crate::program::LookupKey::Code => format!("{} {code} یافت نشد", tr(kind)),
                crate::program::LookupKey::Id => {
                    format!("{} با شناسهٔ {code} یافت نشد", tr(kind))
                }
                crate::program::LookupKey::NationalId => {
                    format!("{} با این کد ملی یافت نشد", tr(kind))
                }
            },
            Self::ProgrammeOnly { what } => format!(
                "{} متعلق به کل برنامه است: فقط کاربری که به دفتری محدود نیست می‌تواند آن را تغییر دهد",
                tr(what)
            ),
            Self::Ambiguous {
                kind,
                key,
                businesses,
            } => format!(
                "{} {key} مبهم است: کسب‌وکارهای {} هر کدام یکی دارند؛ کسب‌وکار را هم نام ببرید",
                tr(kind),
                businesses.join("، ")
            ),
            Self::Import(e) => e.persian(tables),
            Self::SignInRefused => "کد کاربر یا گذرواژه نادرست است".to_owned(),
            Self::PasswordHash(reason) => format!("گذرواژه درهم‌سازی نشد: {reason}"),
            Self::Entry { key, error } => {
                use homebiz_income::IncomeError;
                match error {
                    IncomeError::Conflict { .. } | IncomeError::NotReversible { .. } => {
                        format!("سند {key} {}", error.entry_problem(lang))
                    }
                    IncomeError::NotFound { what: "entry", .. } => {
                        format!("سند {key} یافت نشد")
                    }
                    other => format!("سند {key}: {}", other.persian(tables)),
                }
            }
        }
    }
}

impl Describe for ImportError {
    /// The same facts as the `Display` in Persian (file, row and column
    /// as the file names them), with the facade's tables. Never a cell's
    /// value.
    fn persian(&self, tables: &[&Phrases]) -> String {
        with_facade(tables, |tables| self.in_persian(tables))
    }
}

impl ImportError {
    fn in_persian(&self, tables: &[&Phrases]) -> String {
        let lang = Lang::Fa;
        let tr = |t: &str| translate(t, lang, tables);
        const SAVE: &str = "آن را به شکل «CSV UTF-8» ذخیره کنید";
        match self {
            Self::Row {
                file,
                row,
                column: Some(column),
                reason,
            } => format!("{file}: ردیف {row}، ستون {column}: {}", tr(reason)),
            Self::Row {
                file, row, reason, ..
            } => format!("{file}: ردیف {row}: {}", tr(reason)),
            Self::Empty { file } => {
                format!("{file}: پرونده خالی است (سطر سرستون‌ها را هم ندارد)")
            }
            Self::MissingColumn {
                file,
                column,
                expected,
            } => format!(
                "{file}: ستون {column} نیست (ستون‌های لازم این پرونده: {})",
                expected.join(", ")
            ),
            Self::Csv { file, error } => format!("{file}: {}", csv_persian(error)),
            Self::Encoding { file, encoding } => {
                if *encoding == crate::import::NOT_TEXT {
                    format!("{file}: {}: {SAVE}", tr(encoding))
                } else {
                    format!("{file}: پرونده {} است، نه UTF-8: {SAVE}", tr(encoding))
                }
            }
            Self::Separator { file, separator } => format!(
                "{file}: ستون‌ها با {} از هم جدا شده‌اند، نه با ویرگول: {SAVE}",
                tr(separator)
            ),
            Self::UnknownColumn {
                file,
                column,
                nearest,
            } => {
                let hint = nearest.map_or_else(String::new, |n| format!(" (منظور {n} است؟)"));
                format!("{file}: ستون «{column}» از ستون‌های این پرونده نیست{hint}")
            }
            Self::RepeatedColumn { file, column } => {
                format!("{file}: ستون {column} بیش از یک بار آمده است")
            }
            Self::File { file, reason } => format!("{file}: {}", tr(reason)),
            Self::Rejects(_) => "پروندهٔ ردیف‌های ردشده نوشته نشد".to_owned(),
            Self::Usage { reason } => format!("نوع ورود داده نامعتبر است: {}", tr(reason)),
            Self::Registry(e) => storage(e).unwrap_or_else(|| e.persian(tables)),
            Self::Market(e) => storage(e).unwrap_or_else(|| e.persian(tables)),
            Self::Scoring(e) => e.persian(tables),
            Self::Income(e) => storage(e).unwrap_or_else(|| e.persian(tables)),
        }
    }
}

impl Describe for CatalogFileError {
    /// The same facts as the `Display` in Persian (file, row and column
    /// as the file names them), with the facade's tables; the JSON
    /// parser's own text only as a trailing detail.
    fn persian(&self, tables: &[&Phrases]) -> String {
        with_facade(tables, |tables| {
            let tr = |t: &str| translate(t, Lang::Fa, tables);
            match self {
                Self::Cell {
                    file,
                    row,
                    column,
                    reason,
                } => format!("{file}: ردیف {row}، ستون {column}: {}", tr(reason)),
                Self::MissingColumn { file, column } => format!("{file}: ستون {column} نیست"),
                Self::Format { file, reason } => {
                    format!("{file}: به شکل فهرست فعالیت‌ها (JSON) خوانده نشد ({reason})")
                }
                Self::Open { file, error } => format!("{file}: {}", io_persian(error)),
                Self::File(e) => e.persian(tables),
                Self::Catalog { file, error } => format!("{file}: {}", error.persian(tables)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_display() {
        let errors = [
            ProgramError::not_found("business", "B-1"),
            ProgramError::Registry(RegistryError::invalid(
                "national_id",
                "is the person's identity: correct it by registering the person again",
            )),
            ProgramError::Import(Box::new(ImportError::UnknownColumn {
                file: "x.csv".into(),
                column: "nam".into(),
                nearest: Some("name"),
            })),
        ];
        for err in &errors {
            assert_eq!(err.describe(Lang::En), err.to_string());
        }
        assert_eq!(errors[0].describe(Lang::Fa), "کسب‌وکار B-1 یافت نشد");
        assert_eq!(
            errors[1].describe(Lang::Fa),
            "کد ملی نامعتبر است: هویت فرد است: برای اصلاح، فرد را دوباره ثبت کنید"
        );
        assert_eq!(
            errors[2].describe(Lang::Fa),
            "x.csv: ستون «nam» از ستون‌های این پرونده نیست (منظور name است؟)"
        );
    }

    #[test]
    fn a_state_in_a_rule_is_named_in_persian() {
        let err = ProgramError::Market(MarketError::invalid(
            "business",
            "B-1 is planned: only licensed and active businesses may apply for booths",
        ));
        assert_eq!(
            err.describe(Lang::Fa),
            "کسب‌وکار نامعتبر است: B-1 در وضعیت «برنامه‌ریزی‌شده» است: تنها کسب‌وکارهای دارای مجوز و فعال برای غرفه درخواست می‌دهند"
        );
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn a_store_failure_is_described_by_its_backend() {
        use homebiz_postgres::PgError;
        use homebiz_sqlite::SqliteError;
        let errors = [
            ProgramError::Registry(RegistryError::backend(SqliteError::NotHomebiz)),
            ProgramError::Market(MarketError::backend(PgError::Changed)),
            ProgramError::Income(IncomeError::backend(PgError::Url)),
        ];
        let fa = [
            "خطای ذخیره‌سازی: پایگاه دادهٔ homebiz نیست",
            "خطای ذخیره‌سازی: نوشتنی هم‌زمان آنچه را این نوشتن خوانده بود تغییر داد؛ چیزی نوشته نشد",
            "خطای ذخیره‌سازی: نشانی (URL) پایگاه داده خوانا نیست",
        ];
        for (err, fa) in errors.iter().zip(fa) {
            assert_eq!(err.describe(Lang::En), err.to_string());
            assert_eq!(err.describe(Lang::Fa), fa);
        }
        // A domain error met alone (a cause in a chain) too.
        let err = RegistryError::backend(SqliteError::NotHomebiz);
        assert_eq!(error(&err, Lang::Fa).as_deref(), Some(fa[0]));
        assert_eq!(error(&err, Lang::En), Some(err.to_string()));
        // An error homebiz does not know is left to the caller.
        let err = std::io::Error::other("x");
        assert_eq!(error(&err, Lang::Fa), None);
    }

    #[test]
    fn a_catalog_file_that_cannot_be_read_is_described() {
        let dir = tempfile::tempdir().unwrap();
        let err = crate::catalog_file::load_catalog(dir.path()).unwrap_err();
        let file = dir.path().display();
        assert_eq!(err.describe(Lang::Fa), format!("{file}: پوشه است"));
        assert_eq!(err.describe(Lang::En), err.to_string());
        let err = crate::catalog_file::load_catalog_json("c.json", "[".as_bytes()).unwrap_err();
        assert!(
            err.describe(Lang::Fa)
                .starts_with("c.json: به شکل فهرست فعالیت‌ها (JSON) خوانده نشد ("),
            "{}",
            err.describe(Lang::Fa)
        );
    }

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(homebiz_core::describe::check(REASONS), Ok(()));
        assert_eq!(homebiz_core::describe::check(NAMES), Ok(()));
    }
}
