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
//!     "booths.csv: row 2, column size: expected small, standard or large"
//! );
//! # Ok::<(), homebiz::import::ImportError>(())
//! ```

use std::io;

use homebiz_core::JalaliDate;
use homebiz_core::category::Category;
use homebiz_core::id::{BusinessId, OrderId};
use homebiz_core::money::AmountLimit;
use homebiz_core::validate::{self, DateKind};
use std::collections::HashMap;

use homebiz_market::exhibition::{Booth, Exhibition, SizeClass};
use homebiz_market::orders::Order;
use homebiz_market::orders::{Offer, OrderData};
use homebiz_market::store::MarketStore;
use homebiz_market::{Market, MarketError};

use homebiz_scoring::catalog::Catalog;

use crate::import::{
    CatalogCodes, FileColumns, ImportError, Row, RowError, RowResult, first_difference,
    for_each_row, read_all, read_keyed, required,
};

/// The columns of a booths file.
const BOOTH_COLUMNS: FileColumns = FileColumns {
    required: &["exhibition", "code", "size", "accepts"],
    optional: &[],
    aliases: &[],
    key_only: false,
};

/// The columns of an offers file.
const OFFER_COLUMNS: FileColumns = FileColumns {
    required: &["business", "category", "capacity", "unit_price"],
    optional: &["activity", "lead_days"],
    aliases: &[],
    key_only: false,
};

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
/// empty for any). A booth listed twice is kept once; twice with other
/// content, it refuses the file.
pub fn read_booths(file: &str, input: impl io::Read) -> Result<Vec<(String, Booth)>, ImportError> {
    read_keyed(
        file,
        input,
        &BOOTH_COLUMNS,
        |(exhibition, booth): &(String, Booth)| {
            format!("booth {} (exhibition {exhibition})", booth.code)
        },
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
        |(exhibition, booth)| (exhibition.clone(), booth.code.clone()),
        |(_, a), (_, b)| {
            first_difference([
                ("size", a.size != b.size),
                ("accepts", a.accepts != b.accepts),
            ])
        },
    )
}

/// Gives each exhibition a booths file names exactly the booths listed
/// for it (columns as [`read_booths`]), in one transaction, and returns
/// the exhibitions. Refused, naming the file (and the row and column where
/// there is one): an exhibition that does not exist; a file that leaves
/// out a booth holding a booking; a booth whose `accepts` would no longer
/// take the categories of its bookings.
pub fn import_booths<S: MarketStore>(
    market: &Market<S>,
    file: &str,
    input: impl io::Read,
) -> Result<Vec<Exhibition>, ImportError> {
    import_booths_by(market, file, input, None)
}

/// Replaces booths as [`import_booths`] does, recording `by` (the acting
/// user) with each booth the file lists.
pub fn import_booths_by<S: MarketStore>(
    market: &Market<S>,
    file: &str,
    mut input: impl io::Read,
    by: Option<homebiz_core::id::ActorId>,
) -> Result<Vec<Exhibition>, ImportError> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Csv {
            file: file.to_owned(),
            error: e.into(),
        })?;
    let booths = read_booths(file, bytes.as_slice())?;
    // Where each exhibition and each booth is first named.
    let mut exhibitions: Vec<(String, u64)> = Vec::new();
    let mut lines: HashMap<(String, String), u64> = HashMap::new();
    for_each_row(file, bytes.as_slice(), &BOOTH_COLUMNS, |line, row, _, _| {
        if let Ok(row) = row {
            let exhibition = row.cell("exhibition").to_owned();
            if !exhibitions.iter().any(|(e, _)| *e == exhibition) {
                exhibitions.push((exhibition.clone(), line));
            }
            lines
                .entry((exhibition, row.cell("code").to_owned()))
                .or_insert(line);
        }
        Ok(())
    })?;
    market
        .read(|r| {
            for (code, line) in &exhibitions {
                let Some(exhibition) = r.exhibition_by_code(code)? else {
                    return Ok(Err(RowError::at(
                        "exhibition",
                        "no exhibition with this code",
                    )
                    .in_file(file, *line)));
                };
                let listed: Vec<&Booth> = booths
                    .iter()
                    .filter(|(e, _)| e == code)
                    .map(|(_, b)| b)
                    .collect();
                let bookings = r.bookings(exhibition.id())?;
                let mut dropped: Vec<&str> = bookings
                    .iter()
                    .map(|b| b.booking.booth.as_str())
                    .filter(|booth| !listed.iter().any(|b| b.code == *booth))
                    .collect();
                dropped.sort_unstable();
                dropped.dedup();
                if !dropped.is_empty() {
                    return Ok(Err(ImportError::File {
                        file: file.to_owned(),
                        reason: format!(
                            "exhibition {code} has bookings on booths {} that the file leaves out",
                            dropped.join(", ")
                        ),
                    }));
                }
                for booth in listed {
                    let mut needs: Vec<String> = bookings
                        .iter()
                        .filter(|b| {
                            b.booking.booth == booth.code && !booth.accepts(b.booking.category)
                        })
                        .map(|b| b.booking.category.to_string())
                        .collect();
                    needs.sort();
                    needs.dedup();
                    if !needs.is_empty() {
                        let line = lines
                            .get(&(code.clone(), booth.code.clone()))
                            .copied()
                            .unwrap_or(*line);
                        return Ok(Err(RowError::at(
                            "accepts",
                            format!(
                                "booth {} has bookings for {}, which it would no longer accept",
                                booth.code,
                                needs.join(", ")
                            ),
                        )
                        .in_file(file, line)));
                    }
                }
            }
            Ok(Ok(()))
        })
        .map_err(ImportError::from)??;
    market
        .import_booths(
            booths
                .into_iter()
                .map(|(exhibition, booth)| (exhibition, booth.recorded_by(by)))
                .collect(),
        )
        .map_err(|error| ImportError::File {
            file: file.to_owned(),
            reason: error.to_string(),
        })
}

/// Buyer orders, each with a new ID. Columns: `code`, `buyer`, `category`,
/// `activity` (optional), `quantity`, `unit`, `price_ceiling` (rials per
/// unit), `due`.
/// An order's total at its ceiling (quantity × price ceiling) must be
/// within the default limit
/// ([`DEFAULT_MAX_AMOUNT`](homebiz_core::money::DEFAULT_MAX_AMOUNT));
/// [`import_orders`] uses its market's.
pub fn read_orders(file: &str, input: impl io::Read) -> Result<Vec<OrderData>, ImportError> {
    let codes = CatalogCodes::of(None)?;
    read_all(file, input, &ORDER_COLUMNS, |row| {
        order(row, None, &codes, AmountLimit::default())
    })
}

/// The columns of an orders file.
const ORDER_COLUMNS: FileColumns = FileColumns {
    required: &[
        "code",
        "buyer",
        "category",
        "quantity",
        "unit",
        "price_ceiling",
        "due",
    ],
    optional: &["activity"],
    aliases: &[],
    key_only: false,
};

/// An order from its row; its activity, if any, must be one of `codes` in
/// its category, with `today` its due day must be plausible
/// ([`DateKind::Due`]), and its total at its ceiling within `limit`.
fn order(
    row: &Row<'_>,
    today: Option<JalaliDate>,
    codes: &CatalogCodes,
    limit: AmountLimit,
) -> RowResult<OrderData> {
    let data = OrderData {
        id: OrderId::new(),
        code: row.required("code")?.to_owned(),
        buyer: row.required("buyer")?.to_owned(),
        category: category(row)?,
        activity: row.optional("activity").map(str::to_owned),
        quantity: required(row.number("quantity"), "quantity")?,
        unit: row.required("unit")?.to_owned(),
        price_ceiling: required(row.rials("price_ceiling"), "price_ceiling")?,
        due: required(row.date("due"), "due")?,
        by: None,
    };
    if let Some(activity) = &data.activity {
        codes.activity("activity", activity, Some(data.category))?;
    }
    if let Some(today) = today {
        validate::date(DateKind::Due, data.due, today).map_err(|e| RowError::at("due", e))?;
    }
    Order::new(data.clone())
        .and_then(|o| o.check_within(limit))
        .map_err(|e| {
            let column = match &e {
                MarketError::OverLimit { .. } => "price_ceiling",
                MarketError::Invalid { field, .. } => match *field {
                    "price ceiling" => "price_ceiling",
                    "buyer" | "unit" | "activity" | "quantity" => field,
                    _ => "code",
                },
                _ => "code",
            };
            RowError::at(column, e)
        })?;
    Ok(data)
}

/// The first field in which two orders differ (their IDs aside), by its
/// column.
fn order_difference(a: &OrderData, b: &OrderData) -> Option<&'static str> {
    first_difference([
        ("buyer", a.buyer.trim() != b.buyer.trim()),
        ("category", a.category != b.category),
        ("activity", a.activity != b.activity),
        ("quantity", a.quantity != b.quantity),
        ("unit", a.unit.trim() != b.unit.trim()),
        ("price_ceiling", a.price_ceiling != b.price_ceiling),
        ("due", a.due != b.due),
    ])
}

/// What an import of orders did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct OrdersReport {
    /// Data rows read.
    pub rows: u64,
    /// Orders added.
    pub created: u64,
    /// Rows whose order was there already, the same (from the store or an
    /// earlier row of the file).
    pub existing: u64,
}

/// Imports buyer orders from a CSV file (columns as [`read_orders`]), all
/// or nothing. An order's activity must be in `catalog` (`None`: the
/// default catalog), in the order's category; its total at its ceiling
/// (quantity × price ceiling) within the market's
/// [`max_amount`](Market::max_amount), or the row is refused. Importing a file again adds nothing: a row whose code the
/// market (or an earlier row) holds with the same content counts as
/// existing; with other content it is a conflict that refuses the file,
/// naming the row and the column that differs. The report counts what
/// this import did.
///
/// ```
/// use homebiz::core::FixedClock;
/// use homebiz::market::{Market, MemoryStore};
/// use homebiz::market_files::import_orders;
///
/// let market = Market::new(MemoryStore::new(), FixedClock::new("2025-06-01T08:00:00Z".parse()?));
/// let csv = "code,buyer,category,quantity,unit,price_ceiling,due\nS-7,School canteen,agro_processing,10,jar,2600000,1404-08-05\n";
/// let first = import_orders(&market, None, "orders.csv", csv.as_bytes())?;
/// assert_eq!((first.created, first.existing), (1, 0));
/// let again = import_orders(&market, None, "orders.csv", csv.as_bytes())?;
/// assert_eq!((again.created, again.existing), (0, 1));
/// let changed = csv.replace(",10,", ",12,");
/// assert_eq!(
///     import_orders(&market, None, "orders.csv", changed.as_bytes()).unwrap_err().to_string(),
///     "orders.csv: row 2, column quantity: differs from the order S-7 already recorded"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import_orders<S: MarketStore>(
    market: &Market<S>,
    catalog: Option<&Catalog>,
    file: &str,
    input: impl io::Read,
) -> Result<OrdersReport, ImportError> {
    import_orders_by(market, catalog, file, input, None)
}

/// Imports buyer orders as [`import_orders`] does, recording `by` (the
/// acting user) with each order it adds.
pub fn import_orders_by<S: MarketStore>(
    market: &Market<S>,
    catalog: Option<&Catalog>,
    file: &str,
    input: impl io::Read,
    by: Option<homebiz_core::id::ActorId>,
) -> Result<OrdersReport, ImportError> {
    let mut report = OrdersReport {
        rows: 0,
        created: 0,
        existing: 0,
    };
    let mut new: Vec<OrderData> = Vec::new();
    let mut seen: HashMap<String, (u64, OrderData)> = HashMap::new();
    let today = market.today()?;
    let codes = CatalogCodes::of(catalog)?;
    for_each_row(file, input, &ORDER_COLUMNS, |line, row, _, _| {
        report.rows += 1;
        let data = row
            .and_then(|row| order(row, Some(today), &codes, market.max_amount()))
            .map_err(|e| e.in_file(file, line))?;
        let code = data.code.trim().to_owned();
        if let Some((earlier, first)) = seen.get(&code) {
            if let Some(column) = order_difference(first, &data) {
                return Err(
                    RowError::conflict(column, &format!("order {code}"), Some(*earlier))
                        .in_file(file, line),
                );
            }
            report.existing += 1;
            return Ok(());
        }
        let stored = market
            .read(|r| r.order_by_code(&code))
            .map_err(ImportError::from)?;
        match stored {
            Some(stored) => {
                if let Some(column) = order_difference(stored.data(), &data) {
                    return Err(RowError::conflict(column, &format!("order {code}"), None)
                        .in_file(file, line));
                }
                report.existing += 1;
            }
            None => new.push(OrderData { by, ..data.clone() }),
        }
        seen.insert(code, (line, data));
        Ok(())
    })?;
    report.created = market.add_orders(new)?.len() as u64;
    Ok(report)
}

/// Producers' offers; `business` finds a business's ID from the code in the
/// `business` column, and an offer's activity, if any, must be in the
/// default catalog, in the offer's category. An offer listed twice is kept
/// once; twice with other content, it refuses the file. An offer's
/// capacity × unit price must be within the default limit
/// ([`DEFAULT_MAX_AMOUNT`](homebiz_core::money::DEFAULT_MAX_AMOUNT)
/// rials, a programme's unless its ledger has other limits:
/// [`read_offers_within`] takes one). Columns:
/// `business`, `category`, `activity` (optional), `capacity`, `unit_price`
/// (rials), `lead_days` (optional, 0).
pub fn read_offers(
    file: &str,
    input: impl io::Read,
    business: impl Fn(&str) -> Option<BusinessId>,
) -> Result<Vec<Offer>, ImportError> {
    read_offers_in(file, input, business, None)
}

/// Producers' offers as [`read_offers`] reads them, with activities
/// checked against `catalog` (`None`: the default catalog).
pub fn read_offers_in(
    file: &str,
    input: impl io::Read,
    business: impl Fn(&str) -> Option<BusinessId>,
    catalog: Option<&Catalog>,
) -> Result<Vec<Offer>, ImportError> {
    read_offers_within(file, input, business, catalog, AmountLimit::default())
}

/// Producers' offers as [`read_offers_in`] reads them, each with its
/// capacity × unit price within `limit` (a market's
/// [`max_amount`](Market::max_amount)), or the row is refused.
pub fn read_offers_within(
    file: &str,
    input: impl io::Read,
    business: impl Fn(&str) -> Option<BusinessId>,
    catalog: Option<&Catalog>,
    limit: AmountLimit,
) -> Result<Vec<Offer>, ImportError> {
    read_offers_checked_within(
        file,
        input,
        |code| business(code).ok_or_else(|| format!("business {code} not found")),
        catalog,
        limit,
    )
}

/// Producers' offers as [`read_offers_in`] reads them, where `business`
/// gives a business's ID from its code or the reason its row is refused
/// (not found; may not sell).
pub(crate) fn read_offers_checked(
    file: &str,
    input: impl io::Read,
    business: impl Fn(&str) -> Result<BusinessId, String>,
    catalog: Option<&Catalog>,
) -> Result<Vec<Offer>, ImportError> {
    read_offers_checked_within(file, input, business, catalog, AmountLimit::default())
}

fn read_offers_checked_within(
    file: &str,
    input: impl io::Read,
    business: impl Fn(&str) -> Result<BusinessId, String>,
    catalog: Option<&Catalog>,
    limit: AmountLimit,
) -> Result<Vec<Offer>, ImportError> {
    let codes = CatalogCodes::of(catalog)?;
    read_keyed(
        file,
        input,
        &OFFER_COLUMNS,
        |_| "offer of this business, category and activity".to_owned(),
        |row| {
            let code = row.required("business")?;
            let offer = Offer {
                business: business(code).map_err(|reason| RowError::at("business", reason))?,
                category: category(row)?,
                activity: row.optional("activity").map(str::to_owned),
                capacity: required(row.number("capacity"), "capacity")?,
                unit_price: required(row.rials("unit_price"), "unit_price")?,
                lead_days: row.number("lead_days")?.unwrap_or(0),
                by: None,
            };
            if let Some(activity) = &offer.activity {
                codes.activity("activity", activity, Some(offer.category))?;
            }
            offer
                .validate()
                .and_then(|()| offer.check_within(limit))
                .map_err(|e| {
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
        |o| (o.business, o.category, o.activity.clone()),
        |a, b| {
            first_difference([
                ("capacity", a.capacity != b.capacity),
                ("unit_price", a.unit_price != b.unit_price),
                ("lead_days", a.lead_days != b.lead_days),
            ])
        },
    )
}
