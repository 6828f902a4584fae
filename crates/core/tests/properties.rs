//! Property tests of `homebiz-core`'s invariants.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod calendar {
    use chrono::{Datelike, NaiveDate};
    use homebiz_core::calendar::{JalaliDate, JalaliMonth};
    use proptest::prelude::*;

    /// Every day from 1900-01-01 to 2100-12-31 converts to a Jalali date and
    /// back, and consecutive Gregorian days are consecutive Jalali days
    /// (which checks month lengths and leap years independently of the
    /// conversion itself).
    #[test]
    fn round_trip_every_day_1900_to_2100() {
        let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
        let mut previous: Option<JalaliDate> = None;
        let mut days = 0;
        for gregorian in first.iter_days().take_while(|d| *d <= last) {
            let jalali = JalaliDate::from_gregorian(gregorian).unwrap();
            assert_eq!(jalali.to_gregorian(), gregorian);
            let rebuilt = JalaliDate::new(jalali.year(), jalali.month(), jalali.day()).unwrap();
            assert_eq!(rebuilt, jalali);
            assert_eq!(rebuilt.to_gregorian(), gregorian);
            assert_eq!(jalali.to_string().parse::<JalaliDate>().unwrap(), jalali);
            if let Some(prev) = previous {
                let month = prev.jalali_month();
                if prev.day() < month.days() {
                    assert_eq!(
                        (jalali.year(), jalali.month(), jalali.day()),
                        (prev.year(), prev.month(), prev.day() + 1)
                    );
                } else {
                    assert_eq!(jalali.jalali_month(), month.next().unwrap());
                    assert_eq!(jalali.day(), 1);
                }
                if jalali.month() == 1 && jalali.day() == 1 {
                    // Nowruz stays within a day of the March equinox.
                    assert_eq!(gregorian.month(), 3);
                    assert!((20..=22).contains(&gregorian.day()), "{gregorian}");
                    // Esfand of the year before had 30 days exactly in leap years.
                    assert_eq!(prev.day() == 30, JalaliDate::is_leap_year(prev.year()));
                }
            }
            previous = Some(jalali);
            days += 1;
        }
        assert_eq!(days, 73_414);
    }

    proptest! {
        #[test]
        fn round_trip_random_days(days in 0i64..73_414) {
            let gregorian = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::TimeDelta::days(days);
            let jalali = JalaliDate::from_gregorian(gregorian).unwrap();
            prop_assert_eq!(jalali.to_gregorian(), gregorian);
            prop_assert_eq!(jalali.add_days(-days).unwrap().to_gregorian(),
                NaiveDate::from_ymd_opt(1900, 1, 1).unwrap());
        }

        #[test]
        fn month_arithmetic_is_consistent(year in 1300i32..1500, month in 1u8..=12, n in -500i32..500) {
            let m = JalaliMonth::new(year, month).unwrap();
            let later = m.add_months(n).unwrap();
            prop_assert_eq!(m.months_until(later), n);
            prop_assert_eq!(later.add_months(-n).unwrap(), m);
            prop_assert_eq!(m.last_day().add_days(1).unwrap(), m.next().unwrap().first_day());
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,16}") {
            let _ = s.parse::<JalaliDate>();
            let _ = s.parse::<JalaliMonth>();
            let _ = s.parse::<homebiz_core::JalaliMonthRange>();
            let _ = s.parse::<homebiz_core::JalaliQuarter>();
            let _ = JalaliDate::parse_guess(&s);
        }
    }
}

mod money {
    use homebiz_core::money::{Currency, Money, Rounding};
    use homebiz_core::rust_decimal::Decimal;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn allocation_sums_and_stays_within_one_unit(
            amount in any::<i64>(),
            weights in prop::collection::vec(0u64..1_000_000, 1..20),
        ) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let parts = Money::rial(amount).allocate(&weights).unwrap();
            prop_assert_eq!(parts.len(), weights.len());
            let sum: i128 = parts.iter().map(|p| i128::from(p.minor_units())).sum();
            prop_assert_eq!(sum, i128::from(amount));
            let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
            for (part, &weight) in parts.iter().zip(&weights) {
                // |part − amount·w/W| < 1  ⇔  |part·W − amount·w| < W
                let diff = i128::from(part.minor_units()) * total - i128::from(amount) * i128::from(weight);
                prop_assert!(diff.abs() < total);
                if weight == 0 {
                    prop_assert!(part.is_zero());
                }
            }
        }

        #[test]
        fn arithmetic_matches_wide_integers_or_errs(a in any::<i64>(), b in any::<i64>()) {
            let (x, y) = (Money::rial(a), Money::rial(b));
            let wide = |v: i128| i64::try_from(v).ok().map(Money::rial);
            prop_assert_eq!(x.checked_add(y).ok(), wide(i128::from(a) + i128::from(b)));
            prop_assert_eq!(x.checked_sub(y).ok(), wide(i128::from(a) - i128::from(b)));
            prop_assert_eq!(x.checked_mul(b).ok(), wide(i128::from(a) * i128::from(b)));
            prop_assert_eq!(x.checked_neg().ok(), wide(-i128::from(a)));
            let new = Money::new(b, Currency::IrrNew);
            prop_assert!(x.checked_add(new).is_err());
        }

        #[test]
        fn decimal_products_never_panic(
            a in any::<i64>(),
            mantissa in any::<i64>(),
            scale in 0u32..12,
        ) {
            let factor = Decimal::new(mantissa, scale);
            for rounding in [Rounding::HalfToEven, Rounding::Floor, Rounding::Ceiling, Rounding::TowardZero] {
                if let Ok((share, rest)) = Money::rial(a).split_by_rate(factor, rounding) {
                    prop_assert_eq!(share.checked_add(rest).unwrap(), Money::rial(a));
                }
            }
        }

        #[test]
        fn conversion_round_trips_when_exact(qiran in -(i64::MAX / 100)..(i64::MAX / 100)) {
            let new = Money::new(qiran, Currency::IrrNew);
            let rial = new.convert(Currency::Irr).unwrap();
            prop_assert_eq!(rial.minor_units(), qiran * 100);
            prop_assert_eq!(rial.convert(Currency::IrrNew).unwrap(), new);
        }

        #[test]
        fn rounded_conversion_is_within_one_unit(rials in any::<i64>()) {
            let converted = Money::rial(rials).convert_rounded(Currency::IrrNew, Rounding::HalfToEven).unwrap();
            let diff = i128::from(converted.minor_units()) * 100 - i128::from(rials);
            prop_assert!(diff.abs() <= 50);
            prop_assert_eq!(Money::rial(rials).convert(Currency::IrrNew).is_ok(), rials % 100 == 0);
        }
    }
}

mod text {
    use homebiz_core::text::{KeySearch, normalize, search_key};
    use proptest::prelude::*;

    /// Letters, digits of three scripts, the characters normalisation maps
    /// or removes, spaces and ZWNJ.
    fn persianish() -> impl Strategy<Value = String> {
        let chars: Vec<char> = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيىكئ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789abc \t\u{200C}\u{064B}\u{064C}\u{064D}\u{064E}\u{064F}\u{0650}\u{0651}\u{0652}\u{0640}\u{00A0}"
            .chars()
            .collect();
        prop::collection::vec(prop::sample::select(chars), 0..40)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(s in persianish()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
            prop_assert!(!once.contains("  "));
            let unmapped = once.chars().any(|c| {
                matches!(c, '\u{064A}' | '\u{0649}' | '\u{0643}' | '\u{064B}'..='\u{0652}' | '\u{0640}')
            });
            prop_assert!(!unmapped);
            let foreign_digit =
                once.chars().any(|c| matches!(c, '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}'));
            prop_assert!(!foreign_digit);
        }

        #[test]
        fn normalize_is_idempotent_on_any_text(s in "\\PC{0,32}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn search_key_is_idempotent(s in persianish()) {
            let once = search_key(&s);
            prop_assert_eq!(search_key(&once), once);
        }

        #[test]
        fn search_key_is_idempotent_on_any_text(s in "\\PC{0,32}") {
            let once = search_key(&s);
            prop_assert_eq!(search_key(&once), once);
        }

        /// Two texts that differ only in the characters the key folds
        /// (each spelling of a letter, marks, joiners, punctuation, spaces)
        /// have one key; and the key has none of those characters.
        #[test]
        fn spellings_have_one_key(parts in prop::collection::vec((word(), 0..FOLDS.len()), 0..8)) {
            let mut plain = String::new();
            let mut spelt = String::new();
            for (word, fold) in &parts {
                let (variant, canonical) = FOLDS[*fold];
                plain.push_str(word);
                plain.push_str(canonical);
                spelt.push_str(word);
                spelt.push_str(variant);
            }
            let key = search_key(&spelt);
            prop_assert_eq!(&key, &search_key(&plain));
            let unfolded = key.chars().any(|c| FOLDS.iter().any(|(v, _)| v.contains(c)) || c.is_whitespace());
            prop_assert!(!unfolded, "{key}");
        }

        /// A part of a text between two separators has a key that is part
        /// of the text's: a search finds a name by any of its words.
        #[test]
        fn a_word_is_found_in_its_text(words in prop::collection::vec(word(), 1..6), at in any::<prop::sample::Index>(), sep in 0..SEPARATORS.len()) {
            let text = words.join(SEPARATORS[sep]);
            let word = &words[at.index(words.len())];
            prop_assert!(search_key(&text).contains(&search_key(word)));
            if let Some(search) = KeySearch::words(&text) {
                prop_assert!(search.matches(&search_key(&words.join(" "))));
            }
        }
    }

    /// A word of letters that the key keeps as they are.
    fn word() -> impl Strategy<Value = String> {
        let chars: Vec<char> = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی0123456789abc"
            .chars()
            .collect();
        prop::collection::vec(prop::sample::select(chars), 1..6)
            .prop_map(|v| v.into_iter().collect())
    }

    /// Separators between words that the key drops.
    const SEPARATORS: [&str; 9] = [" ", "\u{200C}", "، ", ",", "-", ".", "/", " (", ") "];

    /// A spelling the key folds, and what it folds to (letters the key
    /// keeps as they are, or nothing).
    const FOLDS: [(&str, &str); 24] = [
        ("\u{0626}", "\u{06CC}"), // ئ → ی
        ("\u{064A}", "\u{06CC}"), // ي → ی
        ("\u{0649}", "\u{06CC}"), // ى → ی
        ("\u{0643}", "\u{06A9}"), // ك → ک
        ("\u{0624}", "\u{0648}"), // ؤ → و
        ("\u{0622}", "\u{0627}"), // آ → ا
        ("\u{0623}", "\u{0627}"), // أ → ا
        ("\u{0625}", "\u{0627}"), // إ → ا
        ("\u{0629}", "\u{0647}"), // ة → ه
        ("\u{06C0}", "\u{0647}"), // ۀ → ه
        ("\u{064E}", ""),         // fatha
        ("\u{0651}", ""),         // shadda
        ("\u{0654}", ""),         // hamza above
        ("\u{0640}", ""),         // tatweel
        ("\u{200C}", ""),         // ZWNJ
        ("\u{200F}", ""),         // RLM
        ("\u{06F3}", "3"),        // Persian three
        ("\u{0665}", "5"),        // Arabic-Indic five
        ("\u{060C} ", " "),       // Persian comma
        (",", " "),
        ("-", " "),
        (".", " "),
        ("/", " "),
        ("(", " "),
    ];
}

mod iran {
    use homebiz_core::iran::{Mobile, NationalId, Sheba};
    use homebiz_core::text::to_persian_digits;
    use proptest::prelude::*;

    fn valid_national_id() -> impl Strategy<Value = String> {
        prop::array::uniform9(0u32..10)
            .prop_filter("not all equal", |d| d.iter().any(|&x| x != d[0]))
            .prop_map(|d| {
                let s: u32 = d.iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
                let r = s % 11;
                let check = if r < 2 { r } else { 11 - r };
                d.iter()
                    .chain(std::iter::once(&check))
                    .map(|x| char::from_digit(*x, 10).unwrap())
                    .collect()
            })
    }

    fn valid_sheba() -> impl Strategy<Value = String> {
        "[0-9]{22}".prop_map(|bban| {
            // Check digits: 98 − (BBAN ‖ "1827" ‖ "00") mod 97.
            let remainder = bban
                .bytes()
                .chain(*b"182700")
                .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
            format!("IR{:02}{bban}", 98 - remainder)
        })
    }

    proptest! {
        #[test]
        fn national_id_round_trips(id in valid_national_id()) {
            let parsed = NationalId::parse(&id).unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
            prop_assert_eq!(NationalId::parse(parsed.as_str()).unwrap(), parsed.clone());
            let persian = format!("  {}  ", to_persian_digits(&id));
            prop_assert_eq!(NationalId::parse(&persian).unwrap(), parsed.clone());
            let debug = format!("{parsed:?}");
            prop_assert!(!debug.contains(&id));
        }

        #[test]
        fn national_id_wrong_check_digit_is_caught(id in valid_national_id(), delta in 1u8..10) {
            // (Changes to the other digits are not always caught: remainders
            // 1 and 10 share the check digit 1.)
            let mut bytes = id.into_bytes();
            bytes[9] = b'0' + (bytes[9] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(NationalId::parse(&changed).is_err());
        }

        #[test]
        fn sheba_round_trips(sheba in valid_sheba()) {
            let parsed = Sheba::parse(&sheba).unwrap();
            prop_assert_eq!(parsed.as_str(), sheba.as_str());
            prop_assert_eq!(Sheba::parse(parsed.as_str()).unwrap(), parsed.clone());
            prop_assert_eq!(parsed.bank_code(), &sheba[4..7]);
            let lower = to_persian_digits(&sheba.to_lowercase());
            prop_assert_eq!(Sheba::parse(&lower).unwrap(), parsed);
        }

        #[test]
        fn mobile_round_trips(rest in "[0-9]{9}") {
            let canonical = format!("09{rest}");
            let parsed = Mobile::parse(&canonical).unwrap();
            prop_assert_eq!(parsed.as_str(), canonical.as_str());
            prop_assert_eq!(Mobile::parse(parsed.as_str()).unwrap(), parsed.clone());
            for written in [format!("+989{rest}"), format!("00989{rest}"), to_persian_digits(&canonical)] {
                prop_assert_eq!(Mobile::parse(&written).unwrap(), parsed.clone());
            }
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}") {
            let _ = NationalId::parse(&s);
            let _ = Sheba::parse(&s);
            let _ = Mobile::parse(&s);
        }
    }
}

mod validate {
    use homebiz_core::calendar::JalaliDate;
    use homebiz_core::validate::{DateKind, date, plain};
    use proptest::prelude::*;

    const KINDS: [DateKind; 7] = [
        DateKind::Birth,
        DateKind::Survey,
        DateKind::Registration,
        DateKind::Issued,
        DateKind::Expiry,
        DateKind::Sale,
        DateKind::Due,
    ];

    proptest! {
        /// A text with a control character anywhere is refused; Persian
        /// text with ZWNJ and spaces is not.
        #[test]
        fn control_characters_are_refused_anywhere(
            before in "[آ-ی \u{200c}a-z]{0,12}",
            control in prop_oneof![0u32..0x20, 0x7fu32..0xa0],
            after in "[آ-ی \u{200c}a-z]{0,12}",
        ) {
            let c = char::from_u32(control).unwrap();
            let bad = format!("{before}{c}{after}");
            prop_assert!(plain(&bad).is_err());
            let good = format!("{before}{after}");
            prop_assert!(plain(&good).is_ok());
        }

        /// Each kind accepts a window around today: today itself, and a
        /// date on either side only if every date between it and today is
        /// accepted too.
        #[test]
        fn date_rules_are_windows_around_today(
            today_offset in 0i64..20_000,
            kind in 0usize..7,
            a in -60_000i64..60_000,
            b in -60_000i64..60_000,
        ) {
            let base = JalaliDate::new(1370, 1, 1).unwrap();
            let today = base.add_days(today_offset).unwrap();
            let kind = KINDS[kind];
            prop_assert!(date(kind, today, today).is_ok());
            let (near, far) = if a.abs() <= b.abs() { (a, b) } else { (b, a) };
            if near.signum() == far.signum() || near == 0 {
                // Farther from today on the same side: accepted only if
                // the nearer one is.
                if let (Ok(n), Ok(f)) = (today.add_days(near), today.add_days(far))
                    && date(kind, f, today).is_ok()
                {
                    prop_assert!(date(kind, n, today).is_ok());
                }
            }
        }

        /// No kind but an expiry, a due day or a sale (up to a year)
        /// accepts a date after today.
        #[test]
        fn only_expiry_due_and_sale_reach_ahead(days in 1i64..800) {
            let today = JalaliDate::new(1404, 3, 11).unwrap();
            let later = today.add_days(days).unwrap();
            for kind in [DateKind::Birth, DateKind::Survey, DateKind::Registration, DateKind::Issued] {
                prop_assert!(date(kind, later, today).is_err());
            }
            prop_assert_eq!(date(DateKind::Sale, later, today).is_ok(), days <= 365);
            prop_assert!(date(DateKind::Expiry, later, today).is_ok());
            prop_assert!(date(DateKind::Due, later, today).is_ok());
        }
    }
}

mod toman_display {
    use homebiz_core::money::{Money, MoneyFormat};
    use proptest::prelude::*;

    proptest! {
        /// Any amount of rials shown in toman is a whole number of tomans:
        /// the rials divided by ten, rounded half away from zero (no
        /// fraction, no "-0"), in both languages' digits.
        #[test]
        fn tomans_are_whole_and_rounded_half_away_from_zero(rials in any::<i64>()) {
            let shown = Money::rial(rials).format(&MoneyFormat::default().toman().without_label());
            let digits: String = shown.chars().filter(|c| *c != ',').collect();
            prop_assert!(!digits.contains('.'), "{}", shown);
            prop_assert_ne!(digits.as_str(), "-0");
            let wide = i128::from(rials);
            let expected = (wide + if wide < 0 { -5 } else { 5 }) / 10;
            prop_assert_eq!(digits.parse::<i128>().unwrap(), expected);
            let persian = Money::rial(rials).format(&MoneyFormat::persian().toman().without_label());
            // Persian digits take the minus sign (U+2212), as numerals writes it.
            prop_assert_eq!(
                homebiz_core::text::digits_to_ascii(&persian)
                    .replace('\u{066C}', ",")
                    .replace('\u{2212}', "-"),
                shown
            );
        }
    }
}
