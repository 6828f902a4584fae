//! The registry's errors for people, in their language (see
//! [`homebiz_core::describe`]).
//!
//! ```
//! use homebiz_core::describe::Describe;
//! use homebiz_core::Lang;
//! use homebiz_registry::{EntityKind, RegistryError};
//!
//! let err = RegistryError::NotFound { kind: EntityKind::Household };
//! assert_eq!(err.describe(Lang::En), "household not found");
//! assert_eq!(err.describe(Lang::Fa), "خانوار یافت نشد");
//! ```

use homebiz_core::describe::{Describe, Phrases, translate};
use homebiz_core::text::Lang;

use crate::error::{EntityKind, RegistryError};
use crate::lifecycle::{BusinessState, MembershipState};

/// The names of the registry's fields, by their codes and by the
/// import's column names: (code, Persian).
pub const FIELDS: &Phrases = &[
    ("id", "شناسه"),
    ("code", "کد"),
    ("office", "دفتر"),
    ("office_code", "کد دفتر"),
    ("level", "سطح"),
    ("parent", "واحد بالاتر"),
    ("parent_code", "کد واحد بالاتر"),
    ("household", "خانوار"),
    ("household_code", "کد خانوار"),
    ("address", "نشانی"),
    ("baseline", "خط پایه"),
    ("baseline_income", "درآمد پایه"),
    ("baseline_income_rial", "درآمد پایه"),
    ("baseline_survey_date", "تاریخ پیمایش پایه"),
    ("support", "پوشش حمایتی"),
    ("support_coverage", "پوشش حمایتی"),
    ("space", "فضا"),
    ("space_m2", "مساحت"),
    ("area_m2", "مساحت"),
    ("separate_room", "اتاق جداگانه"),
    ("membership", "عضویت"),
    ("registered_on", "تاریخ ثبت"),
    ("given_name", "نام"),
    ("family_name", "نام خانوادگی"),
    ("birth_date", "تاریخ تولد"),
    ("gender", "جنسیت"),
    ("education", "تحصیلات"),
    ("skills", "مهارت‌ها"),
    ("hours_per_week", "ساعت در هفته"),
    ("interests", "علاقه‌ها"),
    ("disability", "معلولیت"),
    ("owner", "مالک"),
    ("owner_national_id", "کد ملی مالک"),
    ("activity", "فعالیت"),
    ("mode", "شیوه"),
    ("licence", "مجوز"),
    ("licence_number", "شمارهٔ مجوز"),
    ("licence_kind", "نوع مجوز"),
    ("licence_issued", "تاریخ صدور مجوز"),
    ("licence_expires", "تاریخ انقضای مجوز"),
    ("health", "گواهی بهداشت"),
    ("health_number", "شمارهٔ گواهی بهداشت"),
    ("health_issued", "تاریخ صدور گواهی بهداشت"),
    ("health_expires", "تاریخ انقضای گواهی بهداشت"),
    ("capital_invested", "سرمایهٔ به‌کاررفته"),
    ("capital_rial", "سرمایه"),
    ("state", "وضعیت"),
    ("kind", "نوع"),
    ("field", "فیلد"),
    ("verdict", "نتیجه"),
    ("user code", "کد کاربر"),
    ("role", "نقش"),
    ("password hash", "درهم‌سازی گذرواژه"),
    ("consent field", "فیلد رضایت"),
    ("entity kind", "نوع رکورد"),
    ("audit action", "نوع رویداد"),
    ("consent_support", "رضایت پوشش حمایتی"),
    ("consent_disability", "رضایت معلولیت"),
];

/// The rules the registry words where it refuses a value or a step:
/// (English, Persian).
pub const REASONS: &Phrases = &[
    (
        "a business cannot support itself",
        "کسب‌وکار نمی‌تواند پشتیبان خودش باشد",
    ),
    (
        "a business needs a licence to become licensed",
        "کسب‌وکار برای «دارای مجوز» شدن مجوز می‌خواهد",
    ),
    (
        "a household belongs to a facilitation office, not a province, county or city",
        "خانوار به یک دفتر تسهیلگری تعلق دارد، نه به استان، شهرستان یا شهر",
    ),
    (
        "a licensed, active or suspended business needs a licence (close the business to end it)",
        "کسب‌وکار «دارای مجوز»، «فعال» یا «تعلیق‌شده» باید مجوز داشته باشد (برای پایان دادن به آن، کسب‌وکار را ببندید)",
    ),
    ("a province has no parent", "استان واحد بالاتری ندارد"),
    (
        "a scoped actor must name an office",
        "کاربر محدود به دفتر باید دفتری نام ببرد",
    ),
    (
        "an office cannot be its own parent",
        "دفتر نمی‌تواند واحد بالاتر خودش باشد",
    ),
    (
        "expected disability or support_coverage",
        "باید `disability` یا `support_coverage` باشد",
    ),
    (
        "expected province, county, city or office",
        "باید `province`، `county`، `city` یا `office` باشد",
    ),
    (
        "expected administrator, office_staff or viewer",
        "باید `administrator`، `office_staff` یا `viewer` باشد",
    ),
    (
        "must be an argon2id hash in PHC string format",
        "باید درهم‌سازی argon2id در قالب PHC باشد",
    ),
    (
        "expected same_person or different_people",
        "باید `same_person` یا `different_people` باشد",
    ),
    ("expires before it was issued", "پیش از صدور منقضی می‌شود"),
    ("is not a member of the household", "عضو این خانوار نیست"),
    (
        "lists the same institution twice",
        "یک نهاد را دو بار آورده است",
    ),
    ("more than 1000 square metres", "بیش از 1000 متر مربع است"),
    (
        crate::household::BASELINE_TOO_OLD,
        "بیش از ده سال پیش از ثبت‌نام است",
    ),
    ("more than {max}", "بیش از {max} است"),
    (
        "above the limit of {limit} rial a month",
        "از سقف {limit} ریال در ماه بیشتر است",
    ),
    (
        "above the limit of {limit} rial",
        "از سقف {limit} ریال بیشتر است",
    ),
    (
        "must be 1 to 64 letters, digits, '-', '_' or '.'",
        "باید 1 تا 64 حرف، رقم، '-'، '_' یا '.' باشد",
    ),
    (
        "only a province has no parent",
        "تنها استان واحد بالاتری ندارد",
    ),
    (
        "only an unrestricted actor may add a province",
        "تنها کاربری که به دفتری محدود نیست می‌تواند استان بیفزاید",
    ),
    (
        "only an unrestricted user may add users",
        "تنها کاربری که به دفتری محدود نیست می‌تواند کاربر بیفزاید",
    ),
    (
        "the parent must be one level up (province, county, city, office)",
        "واحد بالاتر باید یک سطح بالاتر باشد (استان، شهرستان، شهر، دفتر)",
    ),
    (
        "this likely duplicate is resolved already",
        "به این مورد احتمالاً تکراری پیش‌تر رسیدگی شده است",
    ),
    (
        "was not flagged as a likely duplicate (name the one registered later)",
        "به‌عنوان مورد احتمالاً تکراری نشانه‌گذاری نشده است (فردی را که دیرتر ثبت شده نام ببرید)",
    ),
    ("unknown kind", "نوع ناشناخته"),
    ("unknown action", "رویداد ناشناخته"),
];

impl EntityKind {
    /// The kind's name for people in `lang`: `household`, `خانوار`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (_, Lang::En) => self.as_str(),
            (Self::Office, Lang::Fa) => "دفتر",
            (Self::Household, Lang::Fa) => "خانوار",
            (Self::Person, Lang::Fa) => "فرد",
            (Self::Business, Lang::Fa) => "کسب‌وکار",
            (Self::Partner, Lang::Fa) => "سازمان همکار",
        }
    }
}

/// A lifecycle state's code (`in_training`) as people read it in `lang`.
fn state(code: &str, lang: Lang) -> &str {
    MembershipState::label_of(code, lang)
        .or_else(|| BusinessState::label_of(code, lang))
        .unwrap_or(code)
}

impl Describe for RegistryError {
    /// The same facts as the `Display` in Persian, with records, fields
    /// and states by their Persian names and codes as they are; never a
    /// personal value.
    fn persian(&self, tables: &[&Phrases]) -> String {
        let lang = Lang::Fa;
        let all = [tables, &[REASONS, FIELDS]].concat();
        let field = |f: &str| translate(f, lang, &all);
        let why = |r: &str| translate(r, lang, &all);
        match self {
            Self::NotFound { kind } => format!("{} یافت نشد", kind.name(lang)),
            Self::AlreadyExists { kind } => {
                format!("{} با این شناسه از پیش ثبت شده است", kind.name(lang))
            }
            Self::DuplicateNationalId => "فردی با این کد ملی از پیش ثبت شده است".to_owned(),
            Self::DuplicateCode { kind, code } => {
                format!("کد {code} برای {} از پیش به کار رفته است", kind.name(lang))
            }
            Self::Invalid {
                field: f,
                reason: r,
            } => {
                format!("{} نامعتبر است: {}", field(f), why(r))
            }
            Self::Hierarchy { reason: r } => format!("سلسله‌مراتب دفترها: {}", why(r)),
            Self::IllegalTransition { kind, from, to } => format!(
                "تغییر وضعیت {} از «{}» به «{}» مجاز نیست",
                kind.name(lang),
                state(from, lang),
                state(to, lang)
            ),
            Self::ConsentRequired { field: f } => format!(
                "{} تنها با رضایت ثبت‌شدهٔ خانوار ذخیره می‌شود",
                field(f.as_str())
            ),
            Self::Immutable { field: f } => format!("{} با ویرایش تغییر نمی‌کند", field(f)),
            Self::UnknownUser { code } => format!("کاربر {code} شناخته نیست"),
            Self::DuplicateUser { code } => format!("کد کاربری {code} از پیش به کار رفته است"),
            Self::Forbidden { reason: r } => format!("مجاز نیست: {}", why(r)),
            Self::Core(e) => e.persian(tables),
            Self::Backend(e) => format!("خطای ذخیره‌سازی: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_display_and_persian_names_kinds_fields_and_states() {
        let errors = [
            RegistryError::NotFound {
                kind: EntityKind::Business,
            },
            RegistryError::invalid("hours_per_week", "more than 84"),
            RegistryError::IllegalTransition {
                kind: EntityKind::Household,
                from: "active",
                to: "enrolled",
            },
            RegistryError::Forbidden {
                reason: "only an unrestricted user may add users",
            },
            RegistryError::DuplicateNationalId,
        ];
        let fa = [
            "کسب‌وکار یافت نشد",
            "ساعت در هفته نامعتبر است: بیش از 84 است",
            "تغییر وضعیت خانوار از «فعال» به «پذیرفته‌شده» مجاز نیست",
            "مجاز نیست: تنها کاربری که به دفتری محدود نیست می‌تواند کاربر بیفزاید",
            "فردی با این کد ملی از پیش ثبت شده است",
        ];
        for (err, fa) in errors.iter().zip(fa) {
            assert_eq!(err.describe(Lang::En), err.to_string());
            assert_eq!(err.describe(Lang::Fa), fa);
        }
    }

    #[test]
    fn a_callers_table_comes_first() {
        let err = RegistryError::invalid("field", "custom rule");
        let mine: &Phrases = &[("custom rule", "قاعدهٔ ویژه")];
        assert_eq!(
            err.describe_with(Lang::Fa, &[mine]),
            "فیلد نامعتبر است: قاعدهٔ ویژه"
        );
        assert_eq!(err.describe(Lang::Fa), "فیلد نامعتبر است: custom rule");
    }

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(homebiz_core::describe::check(REASONS), Ok(()));
        assert_eq!(homebiz_core::describe::check(FIELDS), Ok(()));
    }
}
