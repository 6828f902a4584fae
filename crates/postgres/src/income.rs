//! The income store traits on PostgreSQL (tables of migration V3; a loan's
//! key and the indexes by key from V6).

use std::collections::{HashMap, HashSet};

use postgres::Row;
use postgres::types::{ToSql, Type};

use homebiz_core::id::{BusinessId, EntryId, LoanId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, JalaliMonth, Money};
use homebiz_income::entry::{Body, BodyColumns, Entry, Recorded, Totals};
use homebiz_income::loan::{Loan, LoanData};
use homebiz_income::store::{
    ChannelSale, IncomeRead, IncomeStore, IncomeTx, Inserted, MonthlyTotal, Put, insert_each,
};
use homebiz_income::{IncomeError, Result};

use homebiz_sql::select;

use crate::codec::{count_opt, get, id, id_opt, parse, parse_opt, seq, small, uuid};
use crate::session::Staged;
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

/// The statement of [`IncomeRead::monthly_totals`] (`$1` and `$2` the
/// first and last month, `YYYY-MM`): one range of the covering index
/// `ledger_by_month`, read in its order (`channel_id NULLS FIRST`, as the
/// rows are returned), so the groups need no sort, and summed in bigint by
/// `homebiz_sum` (both from migration V9, which gives the measurements).
/// The `testing` module re-exports it, for benchmarks that send the same
/// statement bare.
pub const MONTHLY_TOTALS: &str = "SELECT month, business_id, channel_id, homebiz_sum(revenue),
    homebiz_sum(commission), homebiz_sum(costs), homebiz_sum(fees),
    homebiz_sum(disbursed), homebiz_sum(repaid)
 FROM ledger WHERE month BETWEEN $1 AND $2
 GROUP BY month, business_id, channel_id
 ORDER BY month, business_id, channel_id NULLS FIRST";

impl IncomeRead for Db<'_, '_> {
    fn entry(&self, entry: EntryId) -> Result<Option<Recorded>> {
        self.one(
            select!(entry, "ledger", "WHERE id = $1"),
            &[&uuid(entry)],
            recorded_row,
        )
    }

    fn entries_among(&self, ids: &[EntryId]) -> Result<Vec<Recorded>> {
        let ids: Vec<uuid::Uuid> = ids.iter().copied().map(uuid).collect();
        Ok(self.stored(&ids)?.into_values().collect())
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
                // homebiz_sum: bigint sums (migration V9).
                "SELECT COALESCE(homebiz_sum(revenue), 0), COALESCE(homebiz_sum(commission), 0),
                    COALESCE(homebiz_sum(costs), 0), COALESCE(homebiz_sum(fees), 0),
                    COALESCE(homebiz_sum(disbursed), 0), COALESCE(homebiz_sum(repaid), 0)
                 FROM ledger WHERE business_id = $1",
                &[&uuid(business)],
                |row| totals(row, 0),
            )?
            .unwrap_or_default())
    }

    fn monthly_totals(&self, from: JalaliMonth, until: JalaliMonth) -> Result<Vec<MonthlyTotal>> {
        self.all(
            MONTHLY_TOTALS,
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
            "SELECT business_id, channel_id, counts_on, homebiz_sum(revenue) FROM ledger
             WHERE month BETWEEN $1 AND $2 AND counts_on BETWEEN $3 AND $4
               AND channel_id IS NOT NULL AND revenue <> 0
             GROUP BY business_id, channel_id, counts_on
             HAVING homebiz_sum(revenue) > 0
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

/// An entry's columns after `province_id` and `seq`, in the order of
/// `columns!(entry)` from `id` on, as the store writes them.
struct EntryRow<'r> {
    month: String,
    id: uuid::Uuid,
    kind: &'static str,
    business: uuid::Uuid,
    channel: Option<uuid::Uuid>,
    counts_on: String,
    on_date: Option<String>,
    quantity: Option<i64>,
    unit_price: Option<i64>,
    category: Option<String>,
    loan: Option<uuid::Uuid>,
    reverses: Option<uuid::Uuid>,
    reason: Option<String>,
    effect: [i64; 6],
    by: Option<uuid::Uuid>,
    key: Option<&'r str>,
}

impl<'r> EntryRow<'r> {
    fn of(r: &'r Recorded) -> Self {
        let b = &r.entry.body;
        let c = b.columns();
        let e = &r.effect;
        Self {
            month: r.counts_on.jalali_month().to_string(),
            id: uuid(r.entry.id),
            kind: b.kind(),
            business: uuid(r.business),
            channel: r.channel.map(uuid),
            counts_on: r.counts_on.to_string(),
            on_date: (b.on() != r.counts_on).then(|| b.on().to_string()),
            quantity: c.quantity.map(i64::from),
            unit_price: c.unit_price,
            category: c.category,
            loan: c.loan.map(uuid),
            reverses: c.reverses.map(uuid),
            reason: c.reason,
            effect: [
                e.revenue.minor_units(),
                e.commission.minor_units(),
                e.costs.minor_units(),
                e.fees.minor_units(),
                e.disbursed.minor_units(),
                e.repaid.minor_units(),
            ],
            by: r.by.map(uuid),
            key: r.entry.key.as_deref(),
        }
    }

    /// `seq`, then the columns from `id` on (`month` is not among them).
    fn params<'p>(&'p self, seq: &'p i64) -> [&'p (dyn ToSql + Sync); 21] {
        let [revenue, commission, costs, fees, disbursed, repaid] = &self.effect;
        [
            seq,
            &self.id,
            &self.kind,
            &self.business,
            &self.channel,
            &self.counts_on,
            &self.on_date,
            &self.quantity,
            &self.unit_price,
            &self.category,
            &self.loan,
            &self.reverses,
            &self.reason,
            revenue,
            commission,
            costs,
            fees,
            disbursed,
            repaid,
            &self.by,
            &self.key,
        ]
    }
}

/// Batches smaller than this are inserted row by row, as single entries
/// are: staging costs more round trips, and on a small ledger the bulk
/// look-up by `id = ANY(…)` may be planned as a scan of the table, whose
/// predicate lock makes every concurrent writer a serialization conflict
/// (a two-entry batch per writer failed `concurrent_recorders_all_land`).
const STAGE_FROM: usize = 64;

/// The staging table of [`IncomeTx::insert_many`], one per connection,
/// emptied at every commit; its columns are the ledger's but `province_id`,
/// in the order of [`EntryRow::params`] then `month`.
const STAGE: &str = "CREATE TEMP TABLE IF NOT EXISTS homebiz_ledger_stage (
    seq bigint NOT NULL, id uuid NOT NULL, kind text NOT NULL, business_id uuid NOT NULL,
    channel_id uuid, counts_on text NOT NULL, on_date text, quantity bigint,
    unit_price bigint, category text, loan_id uuid, reverses uuid, reason text,
    revenue bigint NOT NULL, commission bigint NOT NULL, costs bigint NOT NULL,
    fees bigint NOT NULL, disbursed bigint NOT NULL, repaid bigint NOT NULL,
    by_actor uuid, entry_key text, month text NOT NULL
) ON COMMIT DELETE ROWS";

/// The staging table's column types, in order.
fn stage_types() -> Vec<Type> {
    let (b, u, t) = (Type::INT8, Type::UUID, Type::TEXT);
    vec![
        b.clone(),
        u.clone(),
        t.clone(),
        u.clone(),
        u.clone(),
        t.clone(),
        t.clone(),
        b.clone(),
        b.clone(),
        t.clone(),
        u.clone(),
        u.clone(),
        t.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b.clone(),
        b,
        u,
        t.clone(),
        t,
    ]
}

/// The direct `COPY` of [`IncomeTx::insert_many`]: the ledger's columns
/// with `province_id` and `month` first, then those of
/// [`EntryRow::params`].
const LEDGER_COPY: &str = concat!(
    "COPY ledger (province_id, month, ",
    homebiz_sql::columns!(entry),
    ") FROM STDIN (FORMAT binary)"
);

/// The column types of [`LEDGER_COPY`], in order.
fn ledger_types() -> Vec<Type> {
    let mut types = vec![Type::UUID, Type::TEXT];
    let mut stage = stage_types();
    // The staging table's last column is `month`, here second.
    stage.pop();
    types.extend(stage);
    types
}

impl Db<'_, '_> {
    /// [`IncomeTx::insert_many`] of distinct IDs. The entries stored
    /// already are looked up first (they take no number) and the others
    /// numbered in one round trip. When none is stored (no replay), they
    /// are appended by one binary `COPY` straight into the ledger
    /// ([`copy_direct`](Self::copy_direct)); when some are, or when the
    /// direct `COPY` meets a key a concurrent writer took meanwhile, they
    /// go through the staging table ([`stage`](Self::stage)), whose
    /// `INSERT … ON CONFLICT DO NOTHING` returns such an entry as it is
    /// stored.
    fn insert_staged(&self, recorded: &[Recorded]) -> Result<Vec<Inserted>> {
        let ids: Vec<uuid::Uuid> = recorded.iter().map(|r| uuid(r.entry.id)).collect();
        let mut stored = self.stored(&ids)?;
        let fresh: Vec<&Recorded> = recorded
            .iter()
            .filter(|r| !stored.contains_key(&r.entry.id))
            .collect();
        let mut numbered: HashMap<EntryId, i64> = HashMap::with_capacity(fresh.len());
        if !fresh.is_empty() {
            let seqs = self.0.next_values("ledger_seq", fresh.len())?;
            let direct = stored.is_empty() && self.copy_direct(&fresh, &seqs)?;
            if direct {
                numbered.extend(fresh.iter().map(|r| r.entry.id).zip(seqs));
            } else {
                self.stage(&fresh, &seqs, &mut stored, &mut numbered)?;
            }
        }
        recorded
            .iter()
            .map(|r| match numbered.get(&r.entry.id) {
                Some(seq) => Ok(Inserted::New {
                    seq: seq.unsigned_abs(),
                }),
                None => stored
                    .get(&r.entry.id)
                    .map(|existing| Inserted::Exists(Box::new(existing.clone())))
                    .ok_or_else(|| IncomeError::invalid("entry", "neither inserted nor found")),
            })
            .collect()
    }

    /// Appends `fresh` (no entry of which was found stored), numbered
    /// `seqs`, by one binary `COPY` into the ledger inside a savepoint:
    /// whether they were appended. A unique key taken meanwhile (an entry
    /// a concurrent writer appended since the look-up) rolls the `COPY`
    /// back to the savepoint and is `false`: nothing of it is written, and
    /// the caller stages the entries instead. Each row carries the
    /// province of its business, read in one round trip for the batch's
    /// businesses.
    fn copy_direct(&self, fresh: &[&Recorded], seqs: &[i64]) -> Result<bool> {
        let provinces = self.provinces(fresh)?;
        let mut staged = Staged::new(ledger_types());
        for (r, seq) in fresh.iter().zip(seqs) {
            let business = uuid(r.business);
            let province = provinces.get(&business).ok_or_else(|| {
                IncomeError::invalid("entry", "the province of its business was not read")
            })?;
            let row = EntryRow::of(r);
            let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(23);
            params.push(province);
            params.push(&row.month);
            params.extend(row.params(seq));
            staged.push(&params)?;
        }
        match self.0.savepoint(|| self.0.copy_in(LEDGER_COPY, staged)) {
            Ok(copied) if copied == fresh.len() as u64 => Ok(true),
            Ok(_) => Err(IncomeError::invalid(
                "entry",
                "the ledger took another count of rows",
            )),
            Err(e) if e.code() == Some(UNIQUE_VIOLATION) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The province of each business of `entries`
    /// (`homebiz_business_province`: the programme's when the registry
    /// has no such business), by business ID.
    fn provinces(&self, entries: &[&Recorded]) -> Result<HashMap<uuid::Uuid, uuid::Uuid>> {
        let mut businesses: Vec<uuid::Uuid> = entries.iter().map(|r| uuid(r.business)).collect();
        businesses.sort_unstable();
        businesses.dedup();
        Ok(self
            .all(
                "SELECT b, homebiz_business_province(b) FROM unnest($1::uuid[]) AS b",
                &[&businesses],
                |row| Ok((get::<uuid::Uuid>(row, 0)?, get::<uuid::Uuid>(row, 1)?)),
            )?
            .into_iter()
            .collect())
    }

    /// Appends `fresh`, numbered `seqs`, by binary `COPY` into the staging
    /// table and one `INSERT … SELECT … ON CONFLICT DO NOTHING`: the
    /// entries appended go into `numbered`; one that a concurrent writer
    /// appended meanwhile is looked up again into `stored`.
    fn stage(
        &self,
        fresh: &[&Recorded],
        seqs: &[i64],
        stored: &mut HashMap<EntryId, Recorded>,
        numbered: &mut HashMap<EntryId, i64>,
    ) -> Result<()> {
        self.run(STAGE, &[])?;
        self.run("TRUNCATE pg_temp.homebiz_ledger_stage", &[])?;
        let mut staged = Staged::new(stage_types());
        for (r, seq) in fresh.iter().zip(seqs) {
            let row = EntryRow::of(r);
            let mut params = row.params(seq).to_vec();
            params.push(&row.month);
            staged.push(&params)?;
            numbered.insert(r.entry.id, *seq);
        }
        self.0.copy_in(
            "COPY pg_temp.homebiz_ledger_stage FROM STDIN (FORMAT binary)",
            staged,
        )?;
        let appended = self.0.query(
            concat!(
                "INSERT INTO ledger (province_id, month, ",
                homebiz_sql::columns!(entry),
                ") SELECT homebiz_business_province(business_id), month, ",
                homebiz_sql::columns!(entry),
                " FROM pg_temp.homebiz_ledger_stage ORDER BY seq
                 ON CONFLICT (id) DO NOTHING RETURNING id"
            ),
            &[],
        )?;
        if appended.len() < fresh.len() {
            // Appended by another writer since the lookup.
            let mut new: HashSet<EntryId> = HashSet::new();
            for row in &appended {
                new.insert(id(row, 0)?);
            }
            let others: Vec<uuid::Uuid> = fresh
                .iter()
                .filter(|r| !new.contains(&r.entry.id))
                .map(|r| uuid(r.entry.id))
                .collect();
            stored.extend(self.stored(&others)?);
            numbered.retain(|id, _| new.contains(id));
        }
        Ok(())
    }

    /// The entries stored under `ids`, by ID.
    fn stored(&self, ids: &[uuid::Uuid]) -> Result<HashMap<EntryId, Recorded>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(self
            .all(
                select!(entry, "ledger", "WHERE id = ANY($1)"),
                &[&ids],
                recorded_row,
            )?
            .into_iter()
            .map(|r| (r.entry.id, r))
            .collect())
    }
}

impl Db<'_, '_> {
    /// [`IncomeTx::insert`]: looked up first, so that a replayed entry
    /// takes no number, then appended.
    fn insert_one(&self, r: &Recorded) -> Result<Inserted> {
        if let Some(existing) = self.entry(r.entry.id)? {
            return Ok(Inserted::Exists(Box::new(existing)));
        }
        // The number comes from a sequence, journaled: concurrent writers
        // never take the same one, and a retried transaction keeps its own.
        let seq = self.0.next_value("ledger_seq")?;
        let row = EntryRow::of(r);
        let mut params = vec![&row.month as &(dyn ToSql + Sync)];
        params.extend(row.params(&seq));
        let changed = self.run(
            concat!(
                "INSERT INTO ledger (province_id, month, ",
                homebiz_sql::columns!(entry),
                ") VALUES (homebiz_business_province($5), $1, $2, $3, $4, $5, $6, $7, $8,
                    $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
                 ON CONFLICT (id) DO NOTHING"
            ),
            &params,
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
}

// An insert reads, then appends what its read allowed, and answers only
// then: a concurrent writer that appended the same entry IDs since its
// read aborts it, and it is redone from its read in the new transaction
// (`Session::redo`), which then finds those entries, instead of failing
// the whole write with `PgError::Changed`.
impl IncomeTx for Db<'_, '_> {
    fn insert(&mut self, r: &Recorded) -> Result<Inserted> {
        self.0.redo(|| self.insert_one(r))
    }

    fn insert_many(&mut self, recorded: &[Recorded]) -> Result<Vec<Inserted>> {
        let mut ids = HashSet::with_capacity(recorded.len());
        let distinct = recorded.iter().all(|r| ids.insert(r.entry.id));
        if recorded.len() < STAGE_FROM || !distinct {
            return insert_each(self, recorded);
        }
        self.0.redo(|| self.insert_staged(recorded))
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
