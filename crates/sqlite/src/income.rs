//! The income store traits on SQLite (tables of migration V3; who
//! recorded each entry and loan, and an entry's key, from V6; a loan's key
//! and the indexes by key from V10).

use rusqlite::{Connection, OptionalExtension, Row, params};

use homebiz_core::id::{BusinessId, EntryId, LoanId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, JalaliMonth, Money};
use homebiz_income::entry::{Body, BodyColumns, Entry, Recorded, Totals};
use homebiz_income::loan::{Loan, LoanData};
use homebiz_income::store::{
    ChannelSale, IncomeRead, IncomeStore, IncomeTx, Inserted, MonthlyTotal, Put,
};
use homebiz_income::{IncomeError, Result};
use homebiz_sql::select;

use crate::codec::{Queries, bad_column, blob, get_id, get_opt_id, parse};

domain_store!(
    IncomeError,
    IncomeStore,
    IncomeRead,
    IncomeTx,
    Db::new,
    conn
);

/// The ledger's tables on one connection (inside a transaction).
struct Db<'c> {
    conn: &'c Connection,
    // The insert statement, prepared once per transaction: a batch of a
    // million entries then binds and steps it without looking it up.
    insert: Option<rusqlite::CachedStatement<'c>>,
}

impl<'c> Db<'c> {
    fn new(conn: &'c Connection) -> Self {
        Self { conn, insert: None }
    }
}

const INSERT: &str = "INSERT INTO ledger (month, seq, id, kind, business_id, channel_id, counts_on,
        on_date, quantity, unit_price, category, loan_id, reverses, reason, revenue,
        commission, costs, fees, disbursed, repaid, by_actor, entry_key)
     VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
        ?17, ?18, ?19, ?20, ?21, ?22)
     ON CONFLICT (id) DO NOTHING
     RETURNING seq";

/// A month as the integer `year * 100 + month`.
fn month_key(month: JalaliMonth) -> i64 {
    i64::from(month.year()) * 100 + i64::from(month.month())
}

fn month_from(index: usize, key: i64) -> rusqlite::Result<JalaliMonth> {
    let year = i32::try_from(key / 100).map_err(|e| bad_column(index, e))?;
    let month = u8::try_from(key % 100).map_err(|e| bad_column(index, e))?;
    JalaliMonth::new(year, month).map_err(|e| bad_column(index, e))
}

/// A day as the integer `year * 10000 + month * 100 + day`.
fn day_key(date: JalaliDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

fn date(row: &Row<'_>, index: usize) -> rusqlite::Result<JalaliDate> {
    let key: i64 = row.get(index)?;
    let year = i32::try_from(key / 10_000).map_err(|e| bad_column(index, e))?;
    let (month, day) = ((key / 100 % 100) as u8, (key % 100) as u8);
    JalaliDate::new(year, month, day).map_err(|e| bad_column(index, e))
}

fn totals(row: &Row<'_>, first: usize) -> rusqlite::Result<Totals> {
    let m = |i: usize| -> rusqlite::Result<Money> { Ok(Money::rial(row.get(first + i)?)) };
    Ok(Totals {
        revenue: m(0)?,
        commission: m(1)?,
        costs: m(2)?,
        fees: m(3)?,
        disbursed: m(4)?,
        repaid: m(5)?,
    })
}

fn recorded_row(row: &Row<'_>) -> rusqlite::Result<Recorded> {
    let business: BusinessId = get_id(row, 3)?;
    let channel = get_opt_id(row, 4)?;
    // An entry's own day is stored only where it differs from counts_on.
    let on = match row.get::<_, Option<i64>>(6)? {
        Some(_) => date(row, 6)?,
        None => date(row, 5)?,
    };
    let effect = totals(row, 13)?;
    let columns = BodyColumns {
        quantity: row.get(7)?,
        unit_price: row.get(8)?,
        category: row.get(9)?,
        loan: get_opt_id(row, 10)?,
        reverses: get_opt_id(row, 11)?,
        reason: row.get(12)?,
    };
    let kind: String = row.get(2)?;
    let body = Body::from_columns(&kind, business, channel, on, columns, &effect)
        .map_err(|e| bad_column(2, e))?;
    Ok(Recorded {
        seq: u64::try_from(row.get::<_, i64>(0)?).map_err(|e| bad_column(0, e))?,
        entry: Entry {
            key: row.get(20)?,
            id: get_id(row, 1)?,
            body,
        },
        business,
        channel,
        counts_on: date(row, 5)?,
        effect,
        by: get_opt_id(row, 19)?,
    })
}

fn loan_row(row: &Row<'_>) -> rusqlite::Result<Loan> {
    let data = LoanData {
        id: get_id(row, 0)?,
        business: get_id(row, 1)?,
        principal: Money::rial(row.get(2)?),
        annual_rate: parse::<Decimal>(3, &row.get::<_, String>(3)?)?,
        term_months: row.get(4)?,
        grace_months: row.get(5)?,
        disbursed_on: parse(6, &row.get::<_, String>(6)?)?,
        by: get_opt_id(row, 7)?,
        key: row.get(8)?,
    };
    Loan::new(data).map_err(|e| bad_column(0, e))
}

impl IncomeRead for Db<'_> {
    fn entry(&self, id: EntryId) -> Result<Option<Recorded>> {
        self.one(
            select!(entry, "ledger", "WHERE id = ?1"),
            [blob(id)],
            recorded_row,
        )
    }

    fn reversal_of(&self, id: EntryId) -> Result<Option<EntryId>> {
        self.one(
            "SELECT id FROM ledger WHERE reverses = ?1",
            [blob(id)],
            |row| get_id(row, 0),
        )
    }

    fn entries_keyed(&self, key: &str) -> Result<Vec<Recorded>> {
        self.all(
            // The partial index by key of V10.
            select!(entry, "ledger", "WHERE entry_key = ?1 ORDER BY seq"),
            [key],
            recorded_row,
        )
    }

    fn entries_of(&self, business: BusinessId) -> Result<Vec<Recorded>> {
        self.all(
            // No index by business: the ledger's indexes serve recording and
            // period reports; a business's history is read whole.
            select!(entry, "ledger", "WHERE business_id = ?1 ORDER BY seq"),
            [blob(business)],
            recorded_row,
        )
    }

    fn totals_of(&self, business: BusinessId) -> Result<Totals> {
        Ok(self
            .one(
                "SELECT COALESCE(SUM(revenue), 0), COALESCE(SUM(commission), 0),
                    COALESCE(SUM(costs), 0), COALESCE(SUM(fees), 0),
                    COALESCE(SUM(disbursed), 0), COALESCE(SUM(repaid), 0)
                 FROM ledger WHERE business_id = ?1",
                [blob(business)],
                |row| totals(row, 0),
            )?
            .unwrap_or_default())
    }

    fn monthly_totals(&self, from: JalaliMonth, until: JalaliMonth) -> Result<Vec<MonthlyTotal>> {
        self.all(
            "SELECT month, business_id, channel_id, SUM(revenue), SUM(commission), SUM(costs),
                SUM(fees), SUM(disbursed), SUM(repaid)
             FROM ledger WHERE month BETWEEN ?1 AND ?2
             GROUP BY month, business_id, channel_id
             ORDER BY month, business_id, channel_id",
            [month_key(from), month_key(until)],
            |row| {
                Ok(MonthlyTotal {
                    month: month_from(0, row.get(0)?)?,
                    business: get_id(row, 1)?,
                    channel: get_opt_id(row, 2)?,
                    totals: totals(row, 3)?,
                })
            },
        )
    }

    fn channel_sales(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<ChannelSale>> {
        // The months' range of the index first, then the days.
        self.all(
            "SELECT business_id, channel_id, counts_on, SUM(revenue) FROM ledger
             WHERE month BETWEEN ?1 AND ?2 AND counts_on BETWEEN ?3 AND ?4
               AND channel_id IS NOT NULL AND revenue <> 0
             GROUP BY business_id, channel_id, counts_on
             HAVING SUM(revenue) > 0
             ORDER BY business_id, channel_id, counts_on",
            [
                month_key(from.jalali_month()),
                month_key(until.jalali_month()),
                day_key(from),
                day_key(until),
            ],
            |row| {
                Ok(ChannelSale {
                    business: get_id(row, 0)?,
                    channel: get_id(row, 1)?,
                    on: date(row, 2)?,
                    revenue: Money::rial(row.get(3)?),
                })
            },
        )
    }

    fn repayments(&self, loan: LoanId) -> Result<Vec<(JalaliDate, Money)>> {
        self.all(
            "SELECT COALESCE(l.on_date, l.counts_on), l.repaid FROM ledger l
             WHERE l.loan_id = ?1 AND l.kind = 'loan_repayment'
               AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.reverses = l.id)
             ORDER BY l.seq",
            [blob(loan)],
            |row| Ok((date(row, 0)?, Money::rial(row.get(1)?))),
        )
    }

    fn len(&self) -> Result<u64> {
        let max: Option<i64> = self
            .one("SELECT MAX(seq) FROM ledger", [], |row| row.get(0))?
            .flatten();
        Ok(max.map_or(0, |m| m.unsigned_abs()))
    }

    fn loan(&self, id: LoanId) -> Result<Option<Loan>> {
        self.one(
            select!(loan, "loans", "WHERE id = ?1"),
            [blob(id)],
            loan_row,
        )
    }

    fn loans_keyed(&self, key: &str) -> Result<Vec<Loan>> {
        self.all(
            // The partial index by key of V10.
            select!(loan, "loans", "WHERE loan_key = ?1 ORDER BY id"),
            [key],
            loan_row,
        )
    }

    fn loans_of(&self, business: BusinessId) -> Result<Vec<Loan>> {
        self.all(
            select!(loan, "loans", "WHERE business_id = ?1 ORDER BY id"),
            [blob(business)],
            loan_row,
        )
    }
}

impl IncomeTx for Db<'_> {
    fn insert(&mut self, r: &Recorded) -> Result<Inserted> {
        let b = &r.entry.body;
        let c = b.columns();
        let e = &r.effect;
        let stmt = match &mut self.insert {
            Some(stmt) => stmt,
            slot => slot.insert(self.conn.prepare_cached(INSERT).map_err(backend)?),
        };
        // The store numbers the entry: one past the last (SQLite has one
        // writer at a time, so no other can take the same number).
        let seq: Option<i64> = stmt
            .query_row(
                params![
                    month_key(r.counts_on.jalali_month()),
                    rusqlite::types::Null,
                    blob(r.entry.id),
                    b.kind(),
                    blob(r.business),
                    r.channel.map(blob),
                    day_key(r.counts_on),
                    (b.on() != r.counts_on).then(|| day_key(b.on())),
                    c.quantity,
                    c.unit_price,
                    c.category,
                    c.loan.map(blob),
                    c.reverses.map(blob),
                    c.reason,
                    e.revenue.minor_units(),
                    e.commission.minor_units(),
                    e.costs.minor_units(),
                    e.fees.minor_units(),
                    e.disbursed.minor_units(),
                    e.repaid.minor_units(),
                    r.by.map(blob),
                    r.entry.key.as_deref(),
                ],
                |row| row.get(0),
            )
            .optional()
            .map_err(backend)?;
        if let Some(seq) = seq {
            return Ok(Inserted::New {
                seq: seq.unsigned_abs(),
            });
        }
        self.entry(r.entry.id)?
            .map(|existing| Inserted::Exists(Box::new(existing)))
            .ok_or_else(|| IncomeError::invalid("entry", "neither inserted nor found"))
    }

    fn put_loan(&mut self, loan: &Loan, put: Put) -> Result<()> {
        let d = loan.data();
        let sql = match put {
            Put::Insert => concat!(
                "INSERT INTO loans (",
                homebiz_sql::columns!(loan),
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ),
            Put::Replace => {
                "UPDATE loans SET business_id = ?2, principal = ?3, annual_rate = ?4,
                    term_months = ?5, grace_months = ?6, disbursed_on = ?7, by_actor = ?8,
                    loan_key = ?9
                 WHERE id = ?1"
            }
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(backend)?;
        let changed = stmt
            .execute(params![
                blob(d.id),
                blob(d.business),
                d.principal.minor_units(),
                d.annual_rate.to_string(),
                d.term_months,
                d.grace_months,
                d.disbursed_on.to_string(),
                d.by.map(blob),
                d.key,
            ])
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
                {
                    IncomeError::invalid("loan", format!("{} exists already", d.id))
                }
                other => backend(other),
            })?;
        if changed == 0 {
            return Err(IncomeError::not_found("loan", d.id));
        }
        Ok(())
    }
}
