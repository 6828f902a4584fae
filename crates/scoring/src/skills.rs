//! The names of skills, as people read them.
//!
//! A skill is a code (`sewing`, `rug_weaving`): people record it with a
//! level, and the catalog's activities ask for it. The skills of the
//! default catalog have a Persian and an English name here. A skill
//! this table does not know (from a catalog of one's own) is named by its
//! English name, which is its code with spaces for `_`: the code is what
//! the user wrote, and a code without a name is still better read as
//! words than as an identifier.
//!
//! ```
//! use homebiz_core::text::Lang;
//! use homebiz_scoring::skills::skill_name;
//! assert_eq!(skill_name("rug_weaving", Lang::Fa), "قالی‌بافی");
//! assert_eq!(skill_name("rug_weaving", Lang::En), "rug weaving");
//! assert_eq!(skill_name("glass_blowing", Lang::Fa), "glass blowing");
//! ```

use std::borrow::Cow;

use homebiz_core::text::Lang;

/// The skills of the default catalog: (code, Persian name).
const SKILLS: &[(&str, &str)] = &[
    ("aquarium", "پرورش ماهی زینتی"),
    ("baking", "پخت نان و شیرینی"),
    ("basketry", "سبدبافی"),
    ("beekeeping", "زنبورداری"),
    ("calligraphy", "خوشنویسی"),
    ("candle_making", "شمع‌سازی"),
    ("childcare", "نگهداری از کودک"),
    ("computer", "رایانه"),
    ("cooking", "آشپزی"),
    ("dairy", "فرآوری لبنیات"),
    ("distilling", "عرق‌گیری گیاهی"),
    ("dried_fruit", "خشک‌کردن میوه"),
    ("embroidery", "سوزن‌دوزی"),
    ("felt_making", "نمدمالی"),
    ("fruit_processing", "فرآوری میوه"),
    ("gardening", "باغبانی"),
    ("hairdressing", "آرایشگری"),
    ("jewellery", "زیورآلات‌سازی"),
    ("kilim_weaving", "گلیم‌بافی"),
    ("knitting", "بافتنی"),
    ("leatherwork", "چرم‌دوزی"),
    ("livestock", "دامداری"),
    ("mosaic", "معرق‌کاری"),
    ("mushroom", "پرورش قارچ"),
    ("packing", "بسته‌بندی"),
    ("painting", "نقاشی"),
    ("pickles", "ترشی‌سازی"),
    ("pottery", "سفالگری"),
    ("poultry", "پرورش طیور"),
    ("roasting", "برشته‌کاری"),
    ("rug_weaving", "قالی‌بافی"),
    ("sewing", "خیاطی"),
    ("soap_making", "صابون‌سازی"),
    ("teaching", "آموزش"),
    ("woodwork", "نجاری"),
];

/// The skill `code` as people read it in `lang`: its Persian name from
/// the table above; in English, and for a skill the table does not know,
/// its English name (the code with spaces for `_`).
pub fn skill_name(code: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::Fa
        && let Some((_, fa)) = SKILLS.iter().find(|(c, _)| *c == code)
    {
        return Cow::Borrowed(fa);
    }
    if code.contains('_') {
        Cow::Owned(code.replace('_', " "))
    } else {
        Cow::Borrowed(code)
    }
}

#[cfg(all(test, feature = "default-catalog"))]
mod tests {
    use super::*;

    #[test]
    fn every_skill_of_the_default_catalog_has_a_persian_name() {
        let catalog = crate::catalog::Catalog::default_catalog().unwrap();
        for activity in catalog.activities() {
            for need in &activity.data().skills {
                assert!(
                    SKILLS.iter().any(|(code, _)| *code == need.skill),
                    "{} has no Persian name",
                    need.skill
                );
            }
        }
        for (code, fa) in SKILLS {
            assert!(!fa.chars().any(|c| c.is_ascii_alphabetic()), "{code}");
            assert!(!fa.contains(['\u{064A}', '\u{0643}']), "{code}");
        }
    }
}
