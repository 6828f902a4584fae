//! Iranian identifiers: national ID (کد ملی), Sheba account number and
//! mobile number, plus keyed pseudonyms for exports.
//!
//! Each type validates on [`parse`](NationalId::parse), which accepts
//! Persian and Arabic-Indic digits, surrounding spaces, and the spaces or
//! hyphens people put inside numbers; [`as_str`](NationalId::as_str) gives
//! the one canonical ASCII form that is stored and compared.
//!
//! National IDs and mobile numbers are personal data: their `Debug` is
//! redacted, they have no `Display`, and errors never contain them. For an
//! export, replace them with a [`Pseudonym`] made with a secret
//! [`PseudonymKey`]: a keyed HMAC, because with only about 10⁹ valid
//! national IDs a plain hash could be reversed by trying them all.
//!
//! ```
//! use homebiz_core::iran::{Mobile, NationalId, PseudonymKey, Sheba};
//!
//! let id = NationalId::parse("۰۴۹۹۳۷۰۸۹۹")?;
//! assert_eq!(id.as_str(), "0499370899");
//! assert_eq!(format!("{id:?}"), "NationalId(<redacted>)");
//! assert!(NationalId::parse("0684159415").is_err());
//!
//! let sheba = Sheba::parse("IR82 0540 1026 8002 0817 9090 02")?;
//! assert_eq!(sheba.bank_code(), "054");
//!
//! assert_eq!(Mobile::parse("+98 937 370 8555")?.as_str(), "09373708555");
//!
//! let key = PseudonymKey::new(b"a secret of at least 16 bytes")?;
//! let pseudonym = key.pseudonym(&id);
//! assert_eq!(pseudonym.to_string().len(), 64);
//! assert_eq!(pseudonym, key.pseudonym(&NationalId::parse("0499370899")?));
//! # Ok::<(), homebiz_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Error, IdentifierKind, IdentifierProblem, Result};
use crate::serde_str::serde_via_str;
use crate::text::digit_to_ascii;

/// Trims, maps Persian and Arabic-Indic digits to ASCII, drops inner spaces
/// and hyphens, and upper-cases letters.
fn clean(input: &str) -> String {
    input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{200C}')
        .map(|c| digit_to_ascii(c).to_ascii_uppercase())
        .collect()
}

fn problem(kind: IdentifierKind, problem: IdentifierProblem) -> Error {
    Error::Identifier { kind, problem }
}

/// Checks that `s` is non-empty and all ASCII digits.
fn require_digits(kind: IdentifierKind, s: &str) -> Result<()> {
    if s.is_empty() {
        Err(problem(kind, IdentifierProblem::Empty))
    } else if !s.bytes().all(|b| b.is_ascii_digit()) {
        Err(problem(kind, IdentifierProblem::NotDigit))
    } else {
        Ok(())
    }
}

fn require_length(kind: IdentifierKind, s: &str, expected: usize) -> Result<()> {
    if s.len() == expected {
        Ok(())
    } else {
        Err(problem(
            kind,
            IdentifierProblem::Length {
                expected,
                found: s.len(),
            },
        ))
    }
}

/// An Iranian national ID (کد ملی): ten digits with a check digit.
///
/// Eight- or nine-digit input is left-padded with zeros, as the IDs of
/// older cards are often written without them. All-equal digits are
/// refused. Check digit: with `s = Σ d[i]·(10−i)` for `i = 0..8`, `r = s mod
/// 11`, the ID is valid iff `r < 2 && d[9] == r` or `r ≥ 2 && d[9] == 11 − r`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NationalId(String);

impl NationalId {
    /// Validates a national ID.
    pub fn parse(input: &str) -> Result<Self> {
        const KIND: IdentifierKind = IdentifierKind::NationalId;
        let mut digits = clean(input);
        require_digits(KIND, &digits)?;
        if digits.len() == 8 || digits.len() == 9 {
            digits = format!("{digits:0>10}");
        }
        require_length(KIND, &digits, 10)?;
        let bytes: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if bytes.iter().all(|&d| d == bytes[0]) {
            return Err(problem(KIND, IdentifierProblem::AllSame));
        }
        if bytes[9] != Self::check_digit(&bytes[..9]) {
            return Err(problem(KIND, IdentifierProblem::Check));
        }
        Ok(Self(digits))
    }

    /// The check digit of the first nine digits.
    fn check_digit(first_nine: &[u32]) -> u32 {
        let sum: u32 = first_nine
            .iter()
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        let r = sum % 11;
        if r < 2 { r } else { 11 - r }
    }

    /// The valid national ID whose first nine digits are `serial`
    /// (zero-padded), with its check digit appended; `None` for a serial of
    /// more than nine digits or one whose ID would have all-equal digits.
    ///
    /// For synthetic data and tests: it makes valid IDs that belong to no
    /// one in particular.
    ///
    /// ```
    /// use homebiz_core::iran::NationalId;
    /// assert_eq!(NationalId::from_serial(49_937_089).unwrap().as_str(), "0499370899");
    /// ```
    pub fn from_serial(serial: u32) -> Option<Self> {
        if serial > 999_999_999 {
            return None;
        }
        let first_nine = format!("{serial:09}");
        let digits: Vec<u32> = first_nine.bytes().map(|b| u32::from(b - b'0')).collect();
        let check = Self::check_digit(&digits);
        Self::parse(&format!("{first_nine}{check}")).ok()
    }

    /// The canonical form: ten ASCII digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Sheba number (Iranian IBAN): `IR` and 24 digits, mod 97 equal to 1.
///
/// Input may omit the `IR` (24 digits alone), use lower case, or be written
/// in groups of four.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sheba(String);

impl Sheba {
    /// Validates a Sheba number.
    pub fn parse(input: &str) -> Result<Self> {
        const KIND: IdentifierKind = IdentifierKind::Sheba;
        let cleaned = clean(input);
        if cleaned.is_empty() {
            return Err(problem(KIND, IdentifierProblem::Empty));
        }
        let digits = match cleaned.strip_prefix("IR") {
            Some(rest) => rest,
            None if cleaned.bytes().all(|b| b.is_ascii_digit()) && cleaned.len() == 24 => {
                cleaned.as_str()
            }
            None => return Err(problem(KIND, IdentifierProblem::Prefix { expected: "IR" })),
        };
        require_digits(KIND, digits)?;
        require_length(KIND, digits, 24)?;
        // Move "IR" and the two check digits to the end, I = 18, R = 27.
        let rearranged = digits[2..]
            .bytes()
            .chain(*b"1827")
            .chain(digits[..2].bytes());
        let remainder = rearranged.fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
        if remainder != 1 {
            return Err(problem(KIND, IdentifierProblem::Check));
        }
        Ok(Self(format!("IR{digits}")))
    }

    /// The canonical form: `IR` and 24 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The three-digit code of the bank that holds the account (`054` for
    /// Parsian Bank, for example).
    pub fn bank_code(&self) -> &str {
        &self.0[4..7]
    }
}

/// An Iranian mobile number, stored as `09` and nine digits.
///
/// Accepts `09…`, `9…` (ten digits), `+98…`, `0098…` and `98…`, with any
/// digits and with spaces or hyphens inside.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mobile(String);

impl Mobile {
    /// Validates a mobile number.
    pub fn parse(input: &str) -> Result<Self> {
        const KIND: IdentifierKind = IdentifierKind::Mobile;
        let cleaned = clean(input);
        let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned);
        require_digits(KIND, cleaned)?;
        let national = if let Some(rest) = cleaned.strip_prefix("0098") {
            rest
        } else if cleaned.len() == 12 && cleaned.starts_with("98") {
            &cleaned[2..]
        } else {
            cleaned
        };
        let canonical = if national.len() == 10 && national.starts_with('9') {
            format!("0{national}")
        } else {
            national.to_owned()
        };
        require_length(KIND, &canonical, 11)?;
        if !canonical.starts_with("09") {
            return Err(problem(KIND, IdentifierProblem::Prefix { expected: "09" }));
        }
        Ok(Self(canonical))
    }

    /// The canonical form: `09` and nine ASCII digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NationalId(<redacted>)")
    }
}

impl fmt::Debug for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Mobile(<redacted>)")
    }
}

impl fmt::Debug for Sheba {
    /// Shows only the bank code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sheba")
            .field("bank_code", &self.bank_code())
            .finish_non_exhaustive()
    }
}

macro_rules! identifier_common {
    ($($ty:ident),*) => {$(
        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::parse(s)
            }
        }

        // The canonical form, for serde only: these types deliberately have
        // no `Display`, so they cannot slip into a log line by `{}`.
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(::serde::de::Error::custom)
            }
        }

        impl private::Sealed for $ty {}

        impl PersonalIdentifier for $ty {
            const KIND: IdentifierKind = IdentifierKind::$ty;
            fn canonical(&self) -> &str {
                self.as_str()
            }
        }
    )*};
}

identifier_common!(NationalId, Sheba, Mobile);

mod private {
    pub trait Sealed {}
}

/// An identifier that can be replaced by a [`Pseudonym`]: [`NationalId`],
/// [`Sheba`] and [`Mobile`]. Sealed.
pub trait PersonalIdentifier: private::Sealed {
    /// Which kind of identifier; part of the HMAC input, so the same digits
    /// as a national ID and as a phone number give different pseudonyms.
    const KIND: IdentifierKind;
    /// The canonical text that is pseudonymised.
    fn canonical(&self) -> &str;
}

/// A secret key for making [`Pseudonym`]s. At least 16 bytes; keep it out of
/// the exported data. `Debug` does not show it.
#[derive(Clone)]
pub struct PseudonymKey(Vec<u8>);

impl PseudonymKey {
    /// The shortest key accepted, in bytes.
    pub const MIN_LEN: usize = 16;

    /// A key from secret bytes.
    pub fn new(secret: &[u8]) -> Result<Self> {
        if secret.len() < Self::MIN_LEN {
            return Err(Error::Key {
                reason: "shorter than 16 bytes",
            });
        }
        Ok(Self(secret.to_vec()))
    }

    /// The pseudonym of `id`: HMAC-SHA256 over its kind and canonical form.
    /// The same key and identifier always give the same pseudonym, so
    /// exports can still be joined.
    pub fn pseudonym<T: PersonalIdentifier>(&self, id: &T) -> Pseudonym {
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            // HMAC accepts keys of any length; this branch is never taken.
            return Pseudonym([0; 32]);
        };
        mac.update(T::KIND.to_string().as_bytes());
        mac.update(&[0]);
        mac.update(id.canonical().as_bytes());
        Pseudonym(mac.finalize().into_bytes().into())
    }
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(<redacted>)")
    }
}

/// A keyed pseudonym of a personal identifier: 32 bytes, shown as 64
/// lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pseudonym([u8; 32]);

impl Pseudonym {
    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pseudonym({self})")
    }
}

impl FromStr for Pseudonym {
    type Err = Error;

    /// Parses 64 hex digits.
    fn from_str(s: &str) -> Result<Self> {
        const BAD: Error = Error::Parse {
            what: "pseudonym",
            reason: "expected 64 hex digits",
        };
        let s = s.trim();
        if s.len() != 64 || !s.is_ascii() {
            return Err(BAD);
        }
        let mut out = [0u8; 32];
        for (byte, pair) in out.iter_mut().zip(s.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| BAD)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| BAD)?;
        }
        Ok(Self(out))
    }
}

serde_via_str!(Pseudonym, "a pseudonym of 64 hex digits");

#[cfg(test)]
mod tests {
    use super::*;

    fn id_problem(input: &str) -> IdentifierProblem {
        match NationalId::parse(input) {
            Err(Error::Identifier {
                kind: IdentifierKind::NationalId,
                problem,
            }) => problem,
            other => panic!("expected a national id error, got {other:?}"),
        }
    }

    #[test]
    fn national_id_known_values() {
        assert_eq!(
            NationalId::parse("0499370899").unwrap().as_str(),
            "0499370899"
        );
        assert_eq!(
            NationalId::parse("0790419904").unwrap().as_str(),
            "0790419904"
        );
        assert_eq!(
            NationalId::parse(" 499370899 ").unwrap().as_str(),
            "0499370899"
        );
        assert_eq!(
            NationalId::parse("٠٤٩٩٣٧٠٨٩٩").unwrap().as_str(),
            "0499370899"
        );
        assert_eq!(
            NationalId::parse("049-937089-9").unwrap().as_str(),
            "0499370899"
        );
        assert_eq!(id_problem("1234567890"), IdentifierProblem::Check);
        assert_eq!(id_problem("0684159415"), IdentifierProblem::Check);
        assert_eq!(id_problem("1111111111"), IdentifierProblem::AllSame);
        assert_eq!(id_problem("0000000000"), IdentifierProblem::AllSame);
        assert_eq!(id_problem(""), IdentifierProblem::Empty);
        assert_eq!(
            id_problem("12345"),
            IdentifierProblem::Length {
                expected: 10,
                found: 5
            }
        );
        assert_eq!(id_problem("04993708a9"), IdentifierProblem::NotDigit);
    }

    #[test]
    fn errors_and_debug_hide_the_value() {
        let err = NationalId::parse("0684159415").unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("0684159415"), "{text}");
        assert_eq!(
            err.to_string(),
            "invalid national id: check digit does not match"
        );
        let id = NationalId::parse("0499370899").unwrap();
        assert!(!format!("{id:?}").contains("0499370899"));
        let mobile = Mobile::parse("09373708555").unwrap();
        assert!(!format!("{mobile:?}").contains("3708555"));
        let sheba = Sheba::parse("IR820540102680020817909002").unwrap();
        assert_eq!(format!("{sheba:?}"), r#"Sheba { bank_code: "054", .. }"#);
    }

    #[test]
    fn sheba_known_values() {
        let sheba = Sheba::parse("IR820540102680020817909002").unwrap();
        assert_eq!(sheba.as_str(), "IR820540102680020817909002");
        assert_eq!(sheba.bank_code(), "054");
        assert_eq!(
            Sheba::parse("ir82-0540-1026-8002-0817-9090-02").unwrap(),
            sheba
        );
        assert_eq!(Sheba::parse("820540102680020817909002").unwrap(), sheba);
        assert!(matches!(
            Sheba::parse("IR830540102680020817909002"),
            Err(Error::Identifier {
                problem: IdentifierProblem::Check,
                ..
            })
        ));
        assert!(matches!(
            Sheba::parse("DE820540102680020817909002"),
            Err(Error::Identifier {
                problem: IdentifierProblem::Prefix { expected: "IR" },
                ..
            })
        ));
        assert!(matches!(
            Sheba::parse("IR8205401026800208179090"),
            Err(Error::Identifier {
                problem: IdentifierProblem::Length { .. },
                ..
            })
        ));
    }

    #[test]
    fn mobile_known_values() {
        for input in [
            "+989373708555",
            "00989373708555",
            "۰۹۳۷۳۷۰۸۵۵۵",
            "989373708555",
            "9373708555",
            "0937 370 8555",
        ] {
            assert_eq!(
                Mobile::parse(input).unwrap().as_str(),
                "09373708555",
                "{input}"
            );
        }
        assert!(Mobile::parse("02133445566").is_err());
        assert!(Mobile::parse("0937370855").is_err());
        assert!(Mobile::parse("+1 555 0100").is_err());
    }

    #[test]
    fn pseudonyms_are_keyed_and_domain_separated() {
        let k1 = PseudonymKey::new(&[1; 16]).unwrap();
        let k2 = PseudonymKey::new(&[2; 16]).unwrap();
        let id = NationalId::parse("0499370899").unwrap();
        assert_ne!(k1.pseudonym(&id), k2.pseudonym(&id));
        assert_eq!(k1.pseudonym(&id), k1.pseudonym(&id));
        let text = k1.pseudonym(&id).to_string();
        assert_eq!(text.parse::<Pseudonym>().unwrap(), k1.pseudonym(&id));
        assert!(PseudonymKey::new(b"short").is_err());
        assert_eq!(format!("{k1:?}"), "PseudonymKey(<redacted>)");
        // RFC 4231-style check that the MAC is HMAC-SHA256 over kind, NUL, value.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&[1; 16]).unwrap();
        mac.update(b"national id\0");
        mac.update(b"0499370899");
        let expected: [u8; 32] = mac.finalize().into_bytes().into();
        assert_eq!(k1.pseudonym(&id).as_bytes(), &expected);
    }

    #[test]
    fn serde_round_trip() {
        let id: NationalId = serde_json::from_str(r#""۰۴۹۹۳۷۰۸۹۹""#).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""0499370899""#);
        assert!(serde_json::from_str::<NationalId>(r#""0684159415""#).is_err());
    }
}
