//! The income store traits on PostgreSQL (tables of migration V3; a loan's
//! key and the indexes by key from V6).

use postgres::Row;

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

use crate::codec::{count_opt, get, id, id_opt, parse, parse_opt, seq, small, uuid};
use crate::{PgError, UNIQUE_VIOLATION};

domain_store!(IncomeError, IncomeStore, IncomeRead, IncomeTx);

/// Six sums from column `first` on, in rials.
fn totals(row: &Row, first: usize) -> std::result::Result<Totals, PgError> {
    let m = |i: usize| -> std::result::Result<Money, PgError> {
        Ok(Money::rial(get::<i64>(row, first + i)?))
    };
    Ok(Totals {
        revenue: m(0)?,
        commission: m(1)?,
        costs: m(2)?,
        fees: m(3)?,
        disbursed: m(4)?,
        repaid: m(5)?,
    })
}

fn missing(column: &str) -> PgError {
    PgError::Decode {
        column: column.into(),
    }
}

fn recorded_row(row: &Row) -> std::result::Result<Recorded, PgError> {
    let business: BusinessId = id(row, 3)?;
    let channel = id_opt(row, 4)?;
    let counts_on: JalaliDate = parse(row, 5)?;
    // An entry's own day is stored only where it differs from counts_on.
    let on = parse_opt(row, 6)?.unwrap_or(counts_on);
    let effect = totals(row, 13)?;
    let columns = BodyColumns {
        quantity: count_opt(row, 7)?,
        unit_price: get(row, 8)?,
        category: get(row, 9)?,
        loan: id_opt(row, 10)?,
        reverses: id_opt(row, 11)?,
        reason: get(row, 12)?,
    };
    let body = Body::from_columns(get(row, 2)?, business, channel, on, columns, &effect)
        .map_err(|_| missing("kind"))?;
    Ok(Recorded {
        seq: seq(row, 0)?,
        entry: Entry {
            key: get(row, 20)?,
            id: id(row, 1)?,
            body,
        },
        business,
        channel,
        counts_on,
        effect,
        by: id_opt(row, 19)?,
    })
}

fn loan_row(row: &Row) -> std::result::Result<Loan, PgError> {
    Loan::new(LoanData {
        id: id(row, 0)?,
        business: id(row, 1)?,
        principal: Money::rial(get(row, 2)?),
        annual_rate: parse::<Decimal>(row, 3)?,
        term_months: small(row, 4)?,
        grace_months: small(row, 5)?,
        disbursed_on: parse(row, 6)?,
        by: id_opt(row, 7)?,
        key: get(row, 8)?,
    })
    .map_err(|_| missing("id"))
}

impl IncomeRead for Db<'_, '_> {
    fn entry(&self, entry: EntryId) -> Result<Option<Recorded>> {
        self.one(
            select!(entry, "ledger", "WHERE id = $1"),
            &[&uuid(entry)],
            recorded_row,
        )
    }

    fn reversal_of(&self, entry: EntryId) -> Result<Option<EntryId>> {
        self.one(
            "SELECT id FROM ledger WHERE reverses = $1",
            &[&uuid(entry)],
            |row| id(row, 0),
        )
    }

    fn entries_keyed(&self, key: &str) -> Result<Vec<Recorded>> {
        self.all(
            // The partial index by key of V6.
            select!(entry, "ledger", "WHERE entry_key = $1 ORDER BY seq"),
            &[&key],
            recorded_row,
        )
    }

    fn entries_of(&self, business: BusinessId) -> Result<Vec<Recorded>> {
        self.all(
            select!(entry, "ledger", "WHERE business_id = $1 ORDER BY seq"),
            &[&uuid(business)],
            recorded_row,
        )
    }

    fn totals_of(&self, business: BusinessId) -> Result<Totals> {
        Ok(self
            .one(
                "SELECT COALESCE(SUM(revenue), 0)::bigint, COALESCE(SUM(commission), 0)::bigint,
                    COALESCE(SUM(costs), 0)::bigint, COALESCE(SUM(fees), 0)::bigint,
                    COALESCE(SUM(disbursed), 0)::bigint, COALESCE(SUM(repaid), 0)::bigint
                 FROM ledger WHERE business_id = $1",
                &[&uuid(business)],
                |row| totals(row, 0),
            )?
            .unwrap_or_default())
    }

    fn monthly_totals(&self, from: JalaliMonth, until: JalaliMonth) -> Result<Vec<MonthlyTotal>> {
        self.all(
            "SELECT month, business_id, channel_id, SUM(revenue)::bigint,
                SUM(commission)::bigint, SUM(costs)::bigint, SUM(fees)::bigint,
                SUM(disbursed)::bigint, SUM(repaid)::bigint
             FROM ledger WHERE month BETWEEN $1 AND $2
             GROUP BY month, business_id, channel_id
             ORDER BY month, business_id, channel_id NULLS FIRST",
            &[&from.to_string(), &until.to_string()],
            |row| {
                Ok(MonthlyTotal {
                    month: parse(row, 0)?,
                    business: id(row, 1)?,
                    channel: id_opt(row, 2)?,
                    totals: totals(row, 3)?,
                })
            },
        )
    }

    fn channel_sales(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<ChannelSale>> {
        // The months' range of the index first, then the days.
        self.all(
            "SELECT business_id, channel_id, counts_on, SUM(revenue)::bigint FROM ledger
             WHERE month BETWEEN $1 AND $2 AND counts_on BETWEEN $3 AND $4
               AND channel_id IS NOT NULL AND revenue <> 0
             GROUP BY business_id, channel_id, counts_on
             HAVING SUM(revenue) > 0
             ORDER BY business_id, channel_id, counts_on",
            &[
                &from.jalali_month().to_string(),
                &until.jalali_month().to_string(),
                &from.to_string(),
                &until.to_string(),
            ],
            |row| {
                Ok(ChannelSale {
                    business: id(row, 0)?,
                    channel: id(row, 1)?,
                    on: parse(row, 2)?,
                    revenue: Money::rial(get(row, 3)?),
                })
            },
        )
    }

    fn repayments(&self, loan: LoanId) -> Result<Vec<(JalaliDate, Money)>> {
        self.all(
            "SELECT COALESCE(l.on_date, l.counts_on), l.repaid FROM ledger l
             WHERE l.loan_id = $1 AND l.kind = 'loan_repayment'
               AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.reverses = l.id)
             ORDER BY l.seq",
            &[&uuid(loan)],
            |row| Ok((parse(row, 0)?, Money::rial(get(row, 1)?))),
        )
    }

    fn len(&self) -> Result<u64> {
        Ok(self
            .one("SELECT count(*) FROM ledger", &[], |row| seq(row, 0))?
            .unwrap_or(0))
    }

    fn loan(&self, loan: LoanId) -> Result<Option<Loan>> {
        self.one(
            select!(loan, "loans", "WHERE id = $1"),
            &[&uuid(loan)],
            loan_row,
        )
    }

    fn loans_keyed(&self, key: &str) -> Result<Vec<Loan>> {
        self.all(
            // The partial index by key of V6.
            select!(loan, "loans", "WHERE loan_key = $1 ORDER BY id"),
            &[&key],
            loan_row,
        )
    }

    fn loans_of(&self, business: BusinessId) -> Result<Vec<Loan>> {
        self.all(
            select!(loan, "loans", "WHERE business_id = $1 ORDER BY id"),
            &[&uuid(business)],
            loan_row,
        )
    }
}

impl IncomeTx for Db<'_, '_> {
    fn insert(&mut self, r: &Recorded) -> Result<Inserted> {
        // Looked up first, so that a replayed entry takes no number.
        if let Some(existing) = self.entry(r.entry.id)? {
            return Ok(Inserted::Exists(Box::new(existing)));
        }
        // The number comes from a sequence, journaled: concurrent writers
        // never take the same one, and a retried transaction keeps its own.
        let seq = self.0.next_value("ledger_seq")?;
        let b = &r.entry.body;
        let c = b.columns();
        let e = &r.effect;
        let changed = self.run(
            "INSERT INTO ledger (province_id, month, seq, id, kind, business_id, channel_id,
                counts_on, on_date, quantity, unit_price, category, loan_id, reverses, reason,
                revenue, commission, costs, fees, disbursed, repaid, by_actor, entry_key)
             VALUES (homebiz_business_province($5), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
             ON CONFLICT (id) DO NOTHING",
            &[
                &r.counts_on.jalali_month().to_string(),
                &seq,
                &uuid(r.entry.id),
                &b.kind(),
                &uuid(r.business),
                &r.channel.map(uuid),
                &r.counts_on.to_string(),
                &(b.on() != r.counts_on).then(|| b.on().to_string()),
                &c.quantity.map(i64::from),
                &c.unit_price,
                &c.category,
                &c.loan.map(uuid),
                &c.reverses.map(uuid),
                &c.reason,
                &e.revenue.minor_units(),
                &e.commission.minor_units(),
                &e.costs.minor_units(),
                &e.fees.minor_units(),
                &e.disbursed.minor_units(),
                &e.repaid.minor_units(),
                &r.by.map(uuid),
                &r.entry.key.as_deref(),
            ],
        )?;
        if changed == 1 {
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
                "INSERT INTO loans (province_id, ",
                homebiz_sql::columns!(loan),
                ") VALUES (homebiz_business_province($2), $1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT DO NOTHING"
            ),
            Put::Replace => {
                "UPDATE loans SET business_id = $2, principal = $3, annual_rate = $4,
                    term_months = $5, grace_months = $6, disbursed_on = $7, by_actor = $8,
                    loan_key = $9
                 WHERE id = $1"
            }
        };
        let changed = self.0.execute(
            sql,
            &[
                &uuid(d.id),
                &uuid(d.business),
                &d.principal.minor_units(),
                &d.annual_rate.to_string(),
                &i32::from(d.term_months),
                &i32::from(d.grace_months),
                &d.disbursed_on.to_string(),
                &d.by.map(uuid),
                &d.key,
            ],
        );
        match (changed, put) {
            (Ok(0), Put::Insert) => Err(IncomeError::invalid(
                "loan",
                format!("{} exists already", d.id),
            )),
            (Ok(0), Put::Replace) => Err(IncomeError::not_found("loan", d.id)),
            (Ok(_), _) => Ok(()),
            (Err(e), _) if e.code() == Some(UNIQUE_VIOLATION) => Err(IncomeError::invalid(
                "loan",
                format!("{} exists already", d.id),
            )),
            (Err(e), _) => Err(e.into()),
        }
    }
}
