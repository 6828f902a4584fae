//! Loading a user's activity catalog from a CSV or JSON file, with the same
//! validation as the default catalog and errors that name the row and
//! column.
//!
//! **JSON**: `{"activities": [...]}` (the shape of the default catalog,
//! `crates/scoring/data/catalog.json`) or a bare array of activities.
//!
//! **CSV**: one activity per row, with the columns `code`, `name_fa`,
//! `name_en`, `category`, `skills` (`skill:level:training_hours;…`),
//! `capital_min_rial`, `capital_max_rial`, `min_m2`, `separate_room`
//! (yes/no), `nuisances` (`noise;smell;heat;animals`), `hours_per_week`,
//! `revenue_min_rial`, `revenue_max_rial`, `margin_min`, `margin_max`
//! (percent), `seasonality` (twelve `;`-separated indexes 0–100, Farvardin
//! first), `licence`, `health_certificate` (yes/no), `channels`
//! (`permanent_exhibition;online_marketplace;…`), `risk` (1–5) and
//! optionally `notes`.
//!
//! ```
//! use homebiz::catalog_file::load_catalog_csv;
//! let csv = "code,name_fa,name_en,category,skills,capital_min_rial,capital_max_rial,min_m2,separate_room,nuisances,hours_per_week,revenue_min_rial,revenue_max_rial,margin_min,margin_max,seasonality,licence,health_certificate,channels,risk\n\
//!            walnut_sweets,شیرینی گردویی,Walnut sweets,agro_processing,baking:2:80,30000000,120000000,6,yes,heat,15,20000000,60000000,30,45,60;60;60;60;60;60;60;60;80;90;90;100,yes,yes,permanent_exhibition;online_marketplace,2\n";
//! let catalog = load_catalog_csv("mine.csv", csv.as_bytes())?;
//! assert_eq!(catalog.get("walnut_sweets").unwrap().data().seasonality[11], 100);
//! # Ok::<(), homebiz::catalog_file::CatalogFileError>(())
//! ```

use std::io;
use std::str::FromStr;

use serde::Deserialize;

use homebiz_core::channel::ChannelKind;
use homebiz_core::text::digits_to_ascii;
use homebiz_scoring::catalog::{
    ActivityData, Catalog, Category, Nuisance, PercentRange, RialRange, SkillNeed, SpaceNeed,
};

/// Why a catalog file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogFileError {
    /// A cell is bad.
    #[error("{file}: row {row}, column {column}: {reason}")]
    Cell {
        /// The file.
        file: String,
        /// The row's line (the header is line 1).
        row: u64,
        /// The column.
        column: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A required column is missing.
    #[error("{file}: missing column {column}")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column.
        column: &'static str,
    },
    /// The file is not readable CSV or JSON.
    #[error("{file}: {reason}")]
    Format {
        /// The file.
        file: String,
        /// The parser's message.
        reason: String,
    },
    /// The file could not be opened or read: it does not exist, it is a
    /// folder, it may not be read.
    #[error("{file}: {error}")]
    Open {
        /// The file, as given.
        file: String,
        /// The file system's error (in the message, so not also its
        /// `source`).
        error: io::Error,
    },
    /// The file's shape is wrong (encoding, separator, a repeated column,
    /// a control character): the checks every importer shares.
    #[error(transparent)]
    File(#[from] crate::import::ImportError),
    /// An activity breaks a catalog rule.
    #[error("{file}: {error}")]
    Catalog {
        /// The file.
        file: String,
        /// The rule (in the message, so not also its `source`).
        error: homebiz_scoring::ScoringError,
    },
}

const COLUMNS: [&str; 20] = [
    "code",
    "name_fa",
    "name_en",
    "category",
    "skills",
    "capital_min_rial",
    "capital_max_rial",
    "min_m2",
    "separate_room",
    "nuisances",
    "hours_per_week",
    "revenue_min_rial",
    "revenue_max_rial",
    "margin_min",
    "margin_max",
    "seasonality",
    "licence",
    "health_certificate",
    "channels",
    "risk",
];

/// Loads a catalog from JSON.
pub fn load_catalog_json(file: &str, input: impl io::Read) -> Result<Catalog, CatalogFileError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Wrapped { activities: Vec<ActivityData> },
        Bare(Vec<ActivityData>),
    }
    let shape: Shape = serde_json::from_reader(input).map_err(|e| CatalogFileError::Format {
        file: file.to_owned(),
        reason: e.to_string(),
    })?;
    let activities = match shape {
        Shape::Wrapped { activities } | Shape::Bare(activities) => activities,
    };
    Catalog::new(activities).map_err(|error| CatalogFileError::Catalog {
        file: file.to_owned(),
        error,
    })
}

/// Loads a catalog from CSV (columns in the module docs).
pub fn load_catalog_csv(file: &str, input: impl io::Read) -> Result<Catalog, CatalogFileError> {
    let mut csv = crate::import::CsvFile::open(
        file,
        input,
        &crate::import::FileColumns {
            required: &COLUMNS,
            optional: &["notes"],
            aliases: &[],
            key_only: false,
        },
    )?;
    let mut activities: Vec<ActivityData> = Vec::new();
    // The row of each code, to name a repeated one.
    let mut rows: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut record = csv::StringRecord::new();
    while let Some((row, shape)) = csv.next(&mut record)? {
        shape.map_err(|e| e.in_file(file, row))?;
        let keyed = csv.keyed(&record);
        let cell = |column: &'static str| csv.cell(&keyed, column);
        let bad = |column: &'static str, reason: &dyn std::fmt::Display| {
            let e = crate::import::RowError::at(column, reason).in_file(file, row);
            match e {
                crate::import::ImportError::Row { reason, .. } => CatalogFileError::Cell {
                    file: file.to_owned(),
                    row,
                    column,
                    reason,
                },
                other => CatalogFileError::File(other),
            }
        };
        let number = |column: &'static str| -> Result<i64, CatalogFileError> {
            let text: String = digits_to_ascii(cell(column))
                .chars()
                .filter(|c| !matches!(c, ',' | '٬' | '_'))
                .collect();
            text.parse().map_err(|_| bad(column, &"not a whole number"))
        };
        let small = |column: &'static str| -> Result<u8, CatalogFileError> {
            u8::try_from(number(column)?).map_err(|_| bad(column, &"out of range"))
        };
        let flag = |column: &'static str| match cell(column).to_lowercase().as_str() {
            "yes" | "true" | "1" | "بله" => Ok(true),
            "no" | "false" | "0" | "" | "خیر" => Ok(false),
            _ => Err(bad(column, &"expected yes or no")),
        };
        let list = |column: &'static str| {
            cell(column)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let mut skills = Vec::new();
        for item in list("skills") {
            let parts: Vec<&str> = item.split(':').collect();
            let [skill, level, hours] = parts.as_slice() else {
                return Err(bad("skills", &"each skill is skill:level:training_hours"));
            };
            skills.push(SkillNeed {
                skill: (*skill).to_owned(),
                level: digits_to_ascii(level)
                    .parse()
                    .map_err(|_| bad("skills", &"level is 1 to 4"))?,
                training_hours: digits_to_ascii(hours)
                    .parse()
                    .map_err(|_| bad("skills", &"hours are a whole number"))?,
            });
        }
        let nuisances = list("nuisances")
            .into_iter()
            .map(|n| {
                crate::import::deserialize_name::<Nuisance>(n)
                    .ok_or_else(|| bad("nuisances", &"expected noise, smell, heat or animals"))
            })
            .collect::<Result<_, _>>()?;
        let seasonality_cells = list("seasonality");
        let mut seasonality = [0u8; 12];
        if seasonality_cells.len() != 12 {
            return Err(bad("seasonality", &"twelve values, Farvardin first"));
        }
        for (slot, value) in seasonality.iter_mut().zip(seasonality_cells) {
            *slot = digits_to_ascii(value)
                .parse()
                .map_err(|_| bad("seasonality", &"each value is 0 to 100"))?;
        }
        let channels = list("channels")
            .into_iter()
            .map(|c| ChannelKind::from_str(c).map_err(|e| bad("channels", &e)))
            .collect::<Result<_, _>>()?;
        let data = ActivityData {
            code: cell("code").to_owned(),
            name_fa: cell("name_fa").to_owned(),
            name_en: cell("name_en").to_owned(),
            category: Category::from_str(cell("category")).map_err(|e| bad("category", &e))?,
            skills,
            capital_rial: RialRange {
                min: number("capital_min_rial")?,
                max: number("capital_max_rial")?,
            },
            space: SpaceNeed {
                min_m2: u16::try_from(number("min_m2")?)
                    .map_err(|_| bad("min_m2", &"out of range"))?,
                separate_room: flag("separate_room")?,
                nuisances,
            },
            hours_per_week: small("hours_per_week")?,
            monthly_revenue_rial: RialRange {
                min: number("revenue_min_rial")?,
                max: number("revenue_max_rial")?,
            },
            margin_percent: PercentRange {
                min: small("margin_min")?,
                max: small("margin_max")?,
            },
            seasonality,
            licence: flag("licence")?,
            health_certificate: flag("health_certificate")?,
            channels,
            risk: small("risk")?,
            notes: cell("notes").to_owned(),
        };
        // Each row checked by the catalog's rules here, to name its row and
        // column; a row repeated with the same content counts once.
        homebiz_scoring::catalog::Activity::new(data.clone()).map_err(|e| match e {
            homebiz_scoring::ScoringError::Activity { field, reason } => {
                bad(catalog_column(field), &reason)
            }
            other => bad("code", &other),
        })?;
        if let Some(&earlier) = rows.get(&data.code) {
            if activities.contains(&data) {
                continue;
            }
            return Err(bad(
                "code",
                &format!("is used by row {earlier} too, with other content"),
            ));
        }
        rows.insert(data.code.clone(), row);
        activities.push(data);
    }
    Catalog::new(activities).map_err(|error| CatalogFileError::Catalog {
        file: file.to_owned(),
        error,
    })
}

/// The CSV column of an activity's field, as the catalog's rules name it.
fn catalog_column(field: &'static str) -> &'static str {
    match field {
        "name" => "name_fa",
        "capital_rial" => "capital_min_rial",
        "monthly_revenue_rial" => "revenue_min_rial",
        "margin_percent" => "margin_min",
        field => COLUMNS
            .iter()
            .chain(&["notes"])
            .copied()
            .find(|c| *c == field)
            .unwrap_or("code"),
    }
}

/// Loads `path`, as JSON if it ends in `.json`, else as CSV. A folder
/// or a file that cannot be opened is [`CatalogFileError::Open`].
pub fn load_catalog(path: &std::path::Path) -> Result<Catalog, CatalogFileError> {
    let file = path.display().to_string();
    let open = |error| CatalogFileError::Open {
        file: file.clone(),
        error,
    };
    // A folder opens on some systems and fails only when read.
    if path.is_dir() {
        return Err(open(io::ErrorKind::IsADirectory.into()));
    }
    let input = std::fs::File::open(path).map_err(open)?;
    let input = io::BufReader::new(input);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        load_catalog_json(&file, input)
    } else {
        load_catalog_csv(&file, input)
    }
}
