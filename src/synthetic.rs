//! Synthetic, deterministic registry data for examples, tests and
//! benchmarks.
//!
//! Everything here is invented: names are drawn from lists of common
//! Persian and Azerbaijani names, national IDs are valid numbers from a
//! reserved-looking range (`00…`) that [`NationalId::from_serial`] completes
//! with a check digit, and incomes are drawn from plausible ranges. The same
//! seed always gives the same files, byte for byte.
//!
//! ```
//! use homebiz::synthetic::{SyntheticConfig, registry_csv};
//! let data = registry_csv(&SyntheticConfig { seed: 7, households_per_office: 5, ..Default::default() })?;
//! assert_eq!(data.households.lines().count(), 1 + 3 * 5);
//! assert_eq!(data, registry_csv(&SyntheticConfig { seed: 7, households_per_office: 5, ..Default::default() })?);
//! # Ok::<(), csv::Error>(())
//! ```

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use homebiz_core::iran::NationalId;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticConfig {
    /// The seed: the same seed gives the same data.
    pub seed: u64,
    /// Facilitation offices, at most [`OFFICES`]`.len()` (more are numbered).
    pub offices: usize,
    /// Households in each office.
    pub households_per_office: usize,
}

impl Default for SyntheticConfig {
    /// Seed 1404, three offices of 100 households.
    fn default() -> Self {
        Self {
            seed: 1404,
            offices: 3,
            households_per_office: 100,
        }
    }
}

/// The four CSV files, as text in the import formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryCsv {
    /// `offices.csv`: province, county, city and the facilitation offices.
    pub offices: String,
    /// `households.csv`.
    pub households: String,
    /// `people.csv`.
    pub people: String,
    /// `businesses.csv`.
    pub businesses: String,
}

/// The facilitation offices generated first: (code, name, neighbourhood).
pub const OFFICES: [(&str, &str, &str); 3] = [
    ("URM-DZS", "دفتر تسهیلگری دیزج سیاوش", "دیزج سیاوش"),
    ("URM-ESL", "دفتر تسهیلگری اسلام‌آباد", "اسلام‌آباد"),
    ("URM-TRZ", "دفتر تسهیلگری طرزیلو", "طرزیلو"),
];

const FEMALE: [&str; 12] = [
    "زهرا",
    "فاطمه",
    "مریم",
    "سمیه",
    "لیلا",
    "نرگس",
    "معصومه",
    "رقیه",
    "سکینه",
    "پروین",
    "آیدا",
    "گلاره",
];
const MALE: [&str; 12] = [
    "علی", "حسین", "محمد", "رضا", "حسن", "یوسف", "جواد", "مهدی", "اکبر", "صمد", "وحید", "آرش",
];
const FAMILY: [&str; 14] = [
    "احمدی",
    "رضایی",
    "محمدی",
    "حسینی",
    "قربانی",
    "نوروزی",
    "عباسی",
    "اسدی",
    "جعفری",
    "کریمی",
    "زارعی",
    "یوسفی",
    "آذری",
    "اروجی",
];
/// Skill codes; a business's activity is its owner's first skill, through
/// [`activity_for`].
const SKILLS: [&str; 12] = [
    "sewing",
    "embroidery",
    "rug_weaving",
    "kilim_weaving",
    "baking",
    "pickles",
    "dairy",
    "hairdressing",
    "beekeeping",
    "mushroom",
    "dried_fruit",
    "confectionery",
];
/// The catalog's activity code for a skill: the same code, but for
/// beekeeping, whose activity is honey.
fn activity_for(skill: &str) -> &str {
    match skill {
        "beekeeping" => "honey",
        other => other,
    }
}

const LEVELS: [&str; 4] = ["beginner", "intermediate", "advanced", "master"];
const EDUCATION: [&str; 6] = [
    "none",
    "primary",
    "lower_secondary",
    "upper_secondary",
    "diploma",
    "bachelor",
];

fn csv_text(rows: Vec<Vec<String>>) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| csv::Error::from(std::io::Error::other(e)))
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// Generates the four registry files.
pub fn registry_csv(config: &SyntheticConfig) -> Result<RegistryCsv, csv::Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let mut offices = vec![
        row(&["code", "name", "level", "parent_code"]),
        row(&["WAZ", "آذربایجان غربی", "province", ""]),
        row(&["URM", "شهرستان ارومیه", "county", "WAZ"]),
        row(&["URM-CITY", "شهر ارومیه", "city", "URM"]),
    ];
    let mut households = vec![row(&[
        "code",
        "office_code",
        "address",
        "baseline_income_rial",
        "baseline_survey_date",
        "area_m2",
        "separate_room",
        "registered_on",
        "membership",
        "support",
        "consent_support",
    ])];
    let mut people = vec![row(&[
        "national_id",
        "given_name",
        "family_name",
        "birth_date",
        "gender",
        "mobile",
        "household_code",
        "education",
        "skills",
        "hours_per_week",
        "interests",
        "disability",
        "consent_disability",
    ])];
    let mut businesses = vec![row(&[
        "code",
        "household_code",
        "owner_national_id",
        "activity",
        "mode",
        "parent_code",
        "cluster",
        "licence_number",
        "licence_kind",
        "licence_issued",
        "licence_expires",
        "health_number",
        "health_kind",
        "health_issued",
        "health_expires",
        "capital_rial",
        "state",
    ])];
    let mut serial: u32 = 1_000_000;
    for o in 0..config.offices {
        let (code, name, neighbourhood) = match OFFICES.get(o) {
            Some(&(code, name, hood)) => (code.to_owned(), name.to_owned(), hood.to_owned()),
            None => (
                format!("URM-X{o}"),
                format!("دفتر تسهیلگری {o}"),
                format!("محله {o}"),
            ),
        };
        offices.push(vec![code.clone(), name, "office".into(), "URM-CITY".into()]);
        for h in 0..config.households_per_office {
            let household = format!("{code}-{:05}", h + 1);
            // Baseline: 40–140 million rials a month, rounded to 100,000.
            let income = rng.random_range(400..1400) * 100_000u64;
            let survey_day = rng.random_range(1..=28);
            let support = rng.random_bool(0.3);
            households.push(vec![
                household.clone(),
                code.clone(),
                format!("{neighbourhood}، کوچه {}", rng.random_range(1..60)),
                income.to_string(),
                format!("1403/11/{survey_day:02}"),
                rng.random_range(6..40u32).to_string(),
                if rng.random_bool(0.4) { "yes" } else { "no" }.into(),
                "1403-12-05".into(),
                "active".into(),
                if support { "relief_committee" } else { "" }.into(),
                if support { "yes" } else { "" }.into(),
            ]);
            let members = rng.random_range(1..=3);
            let mut owner: Option<(String, String)> = None;
            for m in 0..members {
                serial += 1;
                let Some(national_id) = NationalId::from_serial(serial) else {
                    continue;
                };
                let female = m == 0 || rng.random_bool(0.5);
                let given = if female {
                    FEMALE.choose(&mut rng)
                } else {
                    MALE.choose(&mut rng)
                };
                let family = FAMILY.choose(&mut rng);
                let skill_count = rng.random_range(0..=2);
                let mut skills = Vec::new();
                for _ in 0..skill_count {
                    let skill = SKILLS.choose(&mut rng).copied().unwrap_or("sewing");
                    if !skills.iter().any(|s: &String| s.starts_with(skill)) {
                        let level = LEVELS.choose(&mut rng).copied().unwrap_or("beginner");
                        skills.push(format!("{skill}:{level}"));
                    }
                }
                let interest = activity_for(SKILLS.choose(&mut rng).copied().unwrap_or("sewing"));
                let first_skill = skills
                    .first()
                    .and_then(|s| s.split(':').next())
                    .map(str::to_owned);
                if m == 0 {
                    owner = first_skill.map(|skill| {
                        (
                            national_id.as_str().to_owned(),
                            activity_for(&skill).to_owned(),
                        )
                    });
                }
                people.push(vec![
                    national_id.as_str().to_owned(),
                    given.copied().unwrap_or("زهرا").to_owned(),
                    family.copied().unwrap_or("احمدی").to_owned(),
                    format!(
                        "13{:02}/{:02}/{:02}",
                        rng.random_range(40..85),
                        rng.random_range(1..=12),
                        rng.random_range(1..=29)
                    ),
                    if female { "female" } else { "male" }.into(),
                    format!("0914{:07}", serial % 10_000_000),
                    household.clone(),
                    EDUCATION.choose(&mut rng).copied().unwrap_or("none").into(),
                    skills.join(";"),
                    rng.random_range(10..=45u32).to_string(),
                    interest.into(),
                    String::new(),
                    String::new(),
                ]);
            }
            if let Some((owner_id, activity)) = owner.filter(|_| rng.random_bool(0.5)) {
                let food = matches!(
                    activity.as_str(),
                    "baking"
                        | "pickles"
                        | "dairy"
                        | "dried_fruit"
                        | "confectionery"
                        | "honey"
                        | "mushroom"
                );
                let licensed = rng.random_bool(0.6);
                businesses.push(vec![
                    format!("{household}-B1"),
                    household.clone(),
                    owner_id,
                    activity,
                    "independent".into(),
                    String::new(),
                    String::new(),
                    if licensed {
                        format!("HB-1404-{:05}", businesses.len())
                    } else {
                        String::new()
                    },
                    if licensed {
                        "home_business".into()
                    } else {
                        String::new()
                    },
                    if licensed {
                        "1403-12-20".into()
                    } else {
                        String::new()
                    },
                    String::new(),
                    if food && licensed {
                        format!("HC-{:05}", businesses.len())
                    } else {
                        String::new()
                    },
                    String::new(),
                    if food && licensed {
                        "1403-12-25".into()
                    } else {
                        String::new()
                    },
                    if food && licensed {
                        "1405-01-24".into()
                    } else {
                        String::new()
                    },
                    (rng.random_range(20..300) * 1_000_000u64).to_string(),
                    if licensed { "active" } else { "in_training" }.into(),
                ]);
            }
        }
    }
    Ok(RegistryCsv {
        offices: csv_text(offices)?,
        households: csv_text(households)?,
        people: csv_text(people)?,
        businesses: csv_text(businesses)?,
    })
}

/// The market files, as text in the import formats of
/// [`market_files`](crate::market_files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketCsv {
    /// `booths.csv`: the bus-terminal exhibition's 12 booths.
    pub booths: String,
    /// `orders.csv`: buyer orders from institutions in Urmia.
    pub orders: String,
    /// `offers.csv`: what some producers can supply, at what price.
    pub offers: String,
}

/// Generates the market files for the businesses of `businesses` (the text
/// of a `businesses.csv`): booths for an exhibition coded `TERMINAL`, buyer
/// orders due in Aban and Azar 1404, and offers from about a third of the
/// businesses that may sell (licensed or active), each for its own activity in that activity's category
/// (looked up in `catalog`; businesses whose activity it lacks make none).
pub fn market_csv(
    config: &SyntheticConfig,
    businesses: &str,
    catalog: &homebiz_scoring::catalog::Catalog,
) -> Result<MarketCsv, csv::Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed.wrapping_add(1));
    let mut booths = vec![row(&["exhibition", "code", "size", "accepts"])];
    for k in 1..=12 {
        let (size, accepts) = match k % 4 {
            0 => ("large", ""),
            1 => (
                "standard",
                "agro_processing;livestock_poultry;plant_production",
            ),
            2 => ("standard", "handicrafts;cultural_artistic"),
            _ => ("small", ""),
        };
        booths.push(row(&["TERMINAL", &format!("B-{k:02}"), size, accepts]));
    }
    let buyers = [
        (
            "SCHOOL-7",
            "Girls' school no. 7 canteen",
            "agro_processing",
            "pickles",
            "jar",
        ),
        (
            "HOSPITAL-IMAM",
            "Imam Khomeini hospital kitchen",
            "agro_processing",
            "",
            "kg",
        ),
        ("HOTEL-ARAS", "Aras hotel shop", "handicrafts", "", "piece"),
        (
            "CANTEEN-PETRO",
            "Petrochemical plant canteen",
            "agro_processing",
            "dried_fruit",
            "kg",
        ),
        (
            "BAZAAR-SHOP",
            "Grand bazaar souvenir shop",
            "handicrafts",
            "embroidery",
            "piece",
        ),
        (
            "UNIV-URMIA",
            "Urmia University dormitory",
            "livestock_poultry",
            "",
            "kg",
        ),
        (
            "COOP-HONEY",
            "Honey wholesaler cooperative",
            "livestock_poultry",
            "honey",
            "kg",
        ),
        (
            "MUSEUM-SHOP",
            "City museum shop",
            "cultural_artistic",
            "",
            "piece",
        ),
    ];
    let mut orders = vec![row(&[
        "code",
        "buyer",
        "category",
        "activity",
        "quantity",
        "unit",
        "price_ceiling",
        "due",
    ])];
    for (i, (code, buyer, category, activity, unit)) in buyers.iter().enumerate() {
        orders.push(vec![
            (*code).to_owned(),
            (*buyer).to_owned(),
            (*category).to_owned(),
            (*activity).to_owned(),
            rng.random_range(20..200).to_string(),
            (*unit).to_owned(),
            (rng.random_range(4..30) * 100_000u64).to_string(),
            format!("1404-{:02}-{:02}", 8 + i % 2, 5 + 3 * i),
        ]);
    }
    let mut offers = vec![row(&[
        "business",
        "category",
        "activity",
        "capacity",
        "unit_price",
        "lead_days",
    ])];
    let mut reader = csv::Reader::from_reader(businesses.as_bytes());
    for record in reader.records() {
        let record = record?;
        let (Some(code), Some(activity)) = (record.get(0), record.get(3)) else {
            continue;
        };
        let Some(a) = catalog.get(activity) else {
            continue;
        };
        // Only a business that may sell makes an offer (licensed or
        // active: see `compose::may_sell`); every draw is made for the
        // others all the same, so the offers of those that sell do not
        // depend on the states.
        let sells = matches!(record.get(16), Some("licensed" | "active"));
        if rng.random_bool(1.0 / 3.0) {
            let offer = vec![
                code.to_owned(),
                a.data().category.code().to_owned(),
                activity.to_owned(),
                rng.random_range(10..120).to_string(),
                (rng.random_range(3..25) * 100_000u64).to_string(),
                rng.random_range(2..15).to_string(),
            ];
            if sells {
                offers.push(offer);
            }
        }
    }
    Ok(MarketCsv {
        booths: csv_text(booths)?,
        orders: csv_text(orders)?,
        offers: csv_text(offers)?,
    })
}

/// `sales.csv` for the businesses of `businesses` (the text of a
/// `businesses.csv`): for each active business, a few sales a month from
/// Farvardin to Azar 1404, some through the `TERMINAL` exhibition (no
/// commission) or the `DIGIKALA` marketplace (9% commission), the rest
/// from home. IDs are `S-000001`, … in the import format of
/// [`sales`](crate::sales).
pub fn sales_csv(config: &SyntheticConfig, businesses: &str) -> Result<String, csv::Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed.wrapping_add(2));
    let mut rows = vec![row(&[
        "id",
        "business",
        "channel",
        "date",
        "quantity",
        "unit_price",
        "commission",
    ])];
    let mut reader = csv::Reader::from_reader(businesses.as_bytes());
    let mut n = 0u32;
    for record in reader.records() {
        let record = record?;
        let (Some(code), Some(state)) = (record.get(0), record.get(16)) else {
            continue;
        };
        if state != "active" {
            continue;
        }
        let price = rng.random_range(2..40) * 100_000u64;
        for month in 1..=9u8 {
            for _ in 0..rng.random_range(0..4) {
                n += 1;
                let quantity = rng.random_range(1..12u64);
                let (channel, commission) = match rng.random_range(0..3) {
                    0 => ("TERMINAL", 0),
                    1 => ("DIGIKALA", quantity * price * 9 / 100),
                    _ => ("", 0),
                };
                rows.push(vec![
                    format!("S-{n:06}"),
                    code.to_owned(),
                    channel.to_owned(),
                    format!("1404-{month:02}-{:02}", rng.random_range(1..=28)),
                    quantity.to_string(),
                    price.to_string(),
                    commission.to_string(),
                ]);
            }
        }
    }
    csv_text(rows)
}

/// `n` generated ledger sales over the year 1404, in date order, by 5,000
/// businesses through 6 channels (and none), with IDs numbered from
/// `first_id`: the input of the ledger benchmarks. Deterministic.
pub fn ledger_sales(n: usize, first_id: u64) -> Vec<homebiz_income::entry::Entry> {
    use homebiz_core::id::{BusinessId, ChannelId, EntryId, TypedId};
    use homebiz_income::entry::{Body, Entry};
    let mut rng = ChaCha8Rng::seed_from_u64(1404);
    let start = homebiz_core::JalaliDate::new(1404, 1, 1).unwrap_or_else(|_| unreachable!());
    (0..n)
        .map(|i| {
            let quantity = rng.random_range(1..=20u32);
            let price = 100_000 * rng.random_range(1..=50i64);
            let day = (i as u64 * 365 / n.max(1) as u64) as i64;
            Entry {
                key: None,
                id: EntryId::from_parts(first_id + i as u64, [3; 10]),
                body: Body::Sale {
                    business: BusinessId::from_parts(
                        1_700_000_000_000 + rng.random_range(0..5_000),
                        [7; 10],
                    ),
                    channel: match rng.random_range(0..7u64) {
                        0 => None,
                        k => Some(ChannelId::from_parts(1_700_000_000_000 + k, [9; 10])),
                    },
                    on: start.add_days(day).unwrap_or(start),
                    quantity,
                    unit_price: homebiz_core::Money::rial(price),
                    commission: homebiz_core::Money::rial(price * i64::from(quantity) / 20),
                },
            }
        })
        .collect()
}
