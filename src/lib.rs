//! # homebiz
//!
//! Software for home-based business programmes: the registry of offices,
//! households and businesses; activity selection that explains itself;
//! market linkage through sales channels and a permanent exhibition; and
//! income tracking on an append-only ledger with Jalali-month reports.
//!
//! This facade re-exports the domain crates and composes them:
//!
//! - [`core`]: IDs, money, the Jalali calendar, Iranian identifiers, text;
//! - [`registry`]: offices, households, people, businesses, partners;
//! - [`scoring`]: activity selection: the catalog, explained
//!   recommendations, neighbourhood plans, multi-criteria methods;
//! - [`market`]: sales channels, exhibition booths allocated optimally,
//!   buyer orders, consignment, the linkage indicator;
//! - [`income`]: the append-only ledger, Jalali reports, indicators, loans;
//! - [`sqlite`] (feature `sqlite`, on by default): the embedded SQLite store;
//! - [`postgres`] (feature `postgres`, on by default): the PostgreSQL store,
//!   and [`backend`]: a programme on either, chosen by a path or a URL;
//! - [`import`]: CSV import into the registry;
//! - [`market_files`]: booths, buyer orders and offers from CSV;
//! - [`sales`]: sales from CSV into the ledger, in batches;
//! - [`catalog_file`]: a user's activity catalog from CSV or JSON;
//! - [`program`]: a [`Program`](program::Program) holding registry, market
//!   and ledger side by side (one SQLite file, or memory) and carrying
//!   records from one to the next;
//! - [`compose`]: one domain's records as another's inputs (a registry
//!   household as a scoring profile, a business as an exhibition
//!   application);
//! - [`synthetic`]: deterministic synthetic data for examples and benchmarks.
//!
//! The other domains join as they land (see `ARCHITECTURE.md`).
//!
//! ```
//! use homebiz::core::{JalaliDate, Money};
//!
//! let nowruz = JalaliDate::from_gregorian("2025-03-21".parse()?)?;
//! assert_eq!(nowruz.to_string(), "1404-01-01");
//! let (commission, payout) =
//!     Money::rial(1_000_000).split_by_rate("0.09".parse()?, homebiz::core::Rounding::HalfToEven)?;
//! assert_eq!((commission, payout), (Money::rial(90_000), Money::rial(910_000)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use homebiz_core as core;
pub use homebiz_income as income;
pub use homebiz_market as market;
#[cfg(feature = "postgres")]
pub use homebiz_postgres as postgres;
pub use homebiz_registry as registry;
pub use homebiz_scoring as scoring;
#[cfg(feature = "sqlite")]
pub use homebiz_sqlite as sqlite;

#[cfg(feature = "postgres")]
pub mod backend;
pub mod catalog_file;
pub mod charts;
pub mod compose;
pub mod describe;
pub mod import;
pub mod market_files;
pub mod program;
pub mod sales;
pub mod synthetic;

// The README's Rust examples run as doc tests, so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
