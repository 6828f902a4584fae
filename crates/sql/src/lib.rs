//! # homebiz-sql
//!
//! What homebiz's two SQL stores, `homebiz-sqlite` and `homebiz-postgres`,
//! share, with no database driver, so that each piece is written once:
//!
//! - the **column lists** of the tables both read alike, as macros
//!   ([`columns!`]), and [`select!`],
//!   which builds `SELECT <columns> FROM <table> <rest>` from one as a
//!   single literal (no formatting per query);
//! - the **values of the rows** both write alike, in the order of their
//!   column list, as dialect-neutral [`Param`]s that each store binds its
//!   own way ([`market::booking_params`], [`market::booth_params`]).
//!
//! What differs between the dialects stays in each store: placeholders
//! (`?1` or `$1`), conflict clauses, PostgreSQL's `province_id`, and how a
//! row is read back. The mapping of a ledger entry's body to columns is the
//! income domain's own (`homebiz_income::entry::Body::columns`), as it
//! needs no SQL.
//!
//! Like the store crates, this crate is part of the store layer: only
//! they depend on it (ARCHITECTURE.md, invariant 2).

pub mod market;

use uuid::Uuid;

/// A value to bind to one parameter of a statement, neutral between the
/// dialects; each store turns it into its driver's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A UUID column (`uuid` on PostgreSQL, 16 bytes on SQLite); `None` is
    /// NULL.
    Uuid(Option<Uuid>),
    /// A text column.
    Text(String),
    /// A 32-bit integer column (`integer`).
    Int(i32),
    /// A 64-bit integer column (`bigint`).
    BigInt(i64),
    /// A JSON column (`jsonb` on PostgreSQL, JSON text on SQLite).
    Json(serde_json::Value),
}

/// `SELECT <columns> FROM <table> <rest>` as one literal, where
/// `columns` names a list of [`columns!`] (`office`, …) and `rest` is the
/// dialect's own (placeholders differ).
///
/// ```
/// use homebiz_sql::select;
/// assert_eq!(
///     select!(partner, "partners", "WHERE id = $1"),
///     "SELECT id, code, name, kind, office_id FROM partners WHERE id = $1"
/// );
/// ```
#[macro_export]
macro_rules! select {
    ($columns:ident, $table:literal, $rest:literal) => {
        concat!(
            "SELECT ",
            $crate::columns!($columns),
            " FROM ",
            $table,
            " ",
            $rest
        )
    };
}

/// The column list of a table, as one literal, in the order its rows
/// are read and written: `columns!(office)` for `offices`, and so on for
/// `household`, `person`, `business`, `partner`, `channel`, `exhibition`,
/// `booth` (in the order of [`market::booth_params`]), `application`,
/// `booking` (in the order of [`market::booking_params`]), `order`,
/// `consignment`, `entry` (the ledger) and `loan`.
///
/// ```
/// assert_eq!(homebiz_sql::columns!(office), "id, code, name, level, parent_id");
/// ```
#[macro_export]
macro_rules! columns {
    (office) => {
        "id, code, name, level, parent_id"
    };
    (household) => {
        "id, code, office_id, address, baseline_income, baseline_currency, \
         baseline_survey_date, support, area_m2, separate_room, membership, registered_on"
    };
    (person) => {
        "id, household_id, given_name, family_name, national_id, birth_date, \
         gender, mobile, education, skills, hours_per_week, interests, disability"
    };
    (business) => {
        "id, code, household_id, owner_id, office_id, activity, mode, \
         licence, health_certificate, capital_invested, capital_currency, state"
    };
    (partner) => {
        "id, code, name, kind, office_id"
    };
    (channel) => {
        "id, code, name, kind, location, accepts, commission, fee_amount, fee_currency, \
         fee_per, schedule_from, schedule_until, capacity, by_actor"
    };
    (exhibition) => {
        "id, code, name, channel_id, weekly_limits, monthly_cap, by_actor"
    };
    (booth) => {
        "exhibition_id, code, position, size, accepts, by_actor"
    };
    (application) => {
        "id, exhibition_id, business_id, category, new_producer, vulnerable, weeks_wanted, \
         seasonality, applied_on, state, reason, by_actor"
    };
    (booking) => {
        "exhibition_id, week_start, booth, week_index, application_id, business_id, category, \
         booking_points, new_points, vulnerable_points, rotation_points, weeks_before, \
         season_points, by_actor"
    };
    (order) => {
        "id, code, buyer, category, activity, quantity, unit, price_ceiling, price_currency, \
         due, by_actor"
    };
    (consignment) => {
        "id, business_id, channel_id, item, quantity, unit_price, currency, commission, \
         placed_on, by_actor"
    };
    (entry) => {
        "seq, id, kind, business_id, channel_id, counts_on, on_date, quantity, unit_price, \
         category, loan_id, reverses, reason, revenue, commission, costs, fees, disbursed, \
         repaid, by_actor, entry_key"
    };
    (loan) => {
        "id, business_id, principal, annual_rate, term_months, grace_months, disbursed_on, \
         by_actor, loan_key"
    };
}

#[cfg(test)]
mod tests {
    /// The names of a column list.
    fn names(columns: &str) -> Vec<&str> {
        columns.split(',').map(str::trim).collect()
    }

    #[test]
    fn select_joins_columns_table_and_rest() {
        assert_eq!(
            select!(office, "offices", "ORDER BY code"),
            "SELECT id, code, name, level, parent_id FROM offices ORDER BY code"
        );
    }

    #[test]
    fn no_list_names_a_column_twice_or_an_empty_one() {
        for list in [
            columns!(office),
            columns!(household),
            columns!(person),
            columns!(business),
            columns!(partner),
            columns!(channel),
            columns!(exhibition),
            columns!(booth),
            columns!(application),
            columns!(booking),
            columns!(order),
            columns!(consignment),
            columns!(entry),
            columns!(loan),
        ] {
            let names = names(list);
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{list}");
            assert!(
                names
                    .iter()
                    .all(|n| n.starts_with(|c: char| c.is_ascii_lowercase())
                        && n.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')),
                "{list}"
            );
        }
    }
}
