//! CSV files for market linkage: an exhibition's booths, buyer orders and
//! producers' offers.
//!
//! Each file is read whole before anything is written: the first bad row
//! refuses the file with an [`ImportError`] naming the file, row and column.
//! Numbers may use Persian or Arabic-Indic digits; dates may be Jalali or
//! Gregorian. The columns are documented in the README (*CSV formats*).
//!
//! ```
//! use homebiz::market_files::read_booths;
//!
//! let csv = "exhibition,code,size,accepts\nTERMINAL,F-01,standard,agro_processing;livestock_poultry\nTERMINAL,G-01,large,\n";
//! let booths = read_booths("booths.csv", csv.as_bytes())?;
//! assert_eq!(booths.len(), 2);
//! assert_eq!(booths[0].1.accepts.len(), 2);
//! assert!(booths[1].1.accepts.is_empty()); // any category
//!
//! let bad = "exhibition,code,size,accepts\nTERMINAL,F-01,huge,\n";
//! assert_eq!(
//!     read_booths("booths.csv", bad.as_bytes()).unwrap_err().to_string(),
//!     "booths.csv: row 2, column size: invalid size: expected small, standard or large"
//! );
//! # Ok::<(), homebiz::import::ImportError>(())
//! ```

use std::io;

use homebiz_core::category::Category;
use homebiz_core::id::{BusinessId, OrderId};
use homebiz_market::MarketError;
use homebiz_market::exhibition::{Booth, SizeClass};
use homebiz_market::orders::{Offer, OrderData};

use crate::import::{ImportError, Row, RowError, RowResult, read_all, required};

/// Categories separated by `;` (or `|`); empty means any.
fn categories(row: &Row<'_>, column: &'static str) -> RowResult<Vec<Category>> {
    row.cell(column)
        .split([';', '|'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| c.parse().map_err(|e| RowError::at(column, e)))
        .collect()
}

fn category(row: &Row<'_>) -> RowResult<Category> {
    row.required("category")?
        .parse()
        .map_err(|e| RowError::at("category", e))
}

/// Booths, each with its exhibition's code. Columns: `exhibition`, `code`,
/// `size` (small, standard, large), `accepts` (categories separated by `;`,
/// empty for any).
pub fn read_booths(file: &str, input: impl io::Read) -> Result<Vec<(String, Booth)>, ImportError> {
    read_all(
        file,
        input,
        &["exhibition", "code", "size", "accepts"],
        |row| {
            let size: SizeClass = row
                .required("size")?
                .parse()
                .map_err(|e| RowError::at("size", e))?;
            Ok((
                row.required("exhibition")?.to_owned(),
                Booth::new(row.required("code")?, size, categories(row, "accepts")?),
            ))
        },
    )
}

/// Buyer orders, each with a new ID. Columns: `code`, `buyer`, `category`,
/// `activity` (optional), `quantity`, `unit`, `price_ceiling` (rials per
/// unit), `due`.
pub fn read_orders(file: &str, input: impl io::Read) -> Result<Vec<OrderData>, ImportError> {
    read_all(
        file,
        input,
        &[
            "code",
            "buyer",
            "category",
            "quantity",
            "unit",
            "price_ceiling",
            "due",
        ],
        |row| {
            Ok(OrderData {
                id: OrderId::new(),
                code: row.required("code")?.to_owned(),
                buyer: row.required("buyer")?.to_owned(),
                category: category(row)?,
                activity: row.optional("activity").map(str::to_owned),
                quantity: required(row.number("quantity"), "quantity")?,
                unit: row.required("unit")?.to_owned(),
                price_ceiling: required(row.rials("price_ceiling"), "price_ceiling")?,
                due: required(row.date("due"), "due")?,
            })
        },
    )
}

/// Producers' offers; `business` finds a business's ID from the code in the
/// `business` column. Columns: `business`, `category`, `activity`
/// (optional), `capacity`, `unit_price` (rials), `lead_days` (optional,
/// 0).
pub fn read_offers(
    file: &str,
    input: impl io::Read,
    business: impl Fn(&str) -> Option<BusinessId>,
) -> Result<Vec<Offer>, ImportError> {
    read_all(
        file,
        input,
        &["business", "category", "capacity", "unit_price"],
        |row| {
            let code = row.required("business")?;
            let offer = Offer {
                business: business(code)
                    .ok_or_else(|| RowError::at("business", "no business with this code"))?,
                category: category(row)?,
                activity: row.optional("activity").map(str::to_owned),
                capacity: required(row.number("capacity"), "capacity")?,
                unit_price: required(row.rials("unit_price"), "unit_price")?,
                lead_days: row.number("lead_days")?.unwrap_or(0),
            };
            offer.validate().map_err(|e| {
                let column = match &e {
                    MarketError::Invalid {
                        field: "activity", ..
                    } => "activity",
                    _ => "unit_price",
                };
                RowError::at(column, e)
            })?;
            Ok(offer)
        },
    )
}
