-- The income ledger: append-only entries numbered by seq (the rowid), each
-- carrying its signed effect on the totals (a reversal's is the negation
-- of its entry's), so that totals and reports are plain sums. Days are
-- Jalali dates as integers (year * 10000 + month * 100 + day) and months as
-- year * 100 + month; an entry's own date is stored only where it differs
-- from the day it counts on (a reversal's). A covering index ordered by month, business and
-- channel answers a period's report by reading one contiguous range, with
-- no sort. Entries are never updated or deleted.

CREATE TABLE ledger (
    seq         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL,
    kind        TEXT NOT NULL,
    business_id BLOB NOT NULL,
    channel_id  BLOB,
    month       INTEGER NOT NULL,
    counts_on   INTEGER NOT NULL,
    on_date     INTEGER,
    quantity    INTEGER,
    unit_price  INTEGER,
    category    TEXT,
    loan_id     BLOB,
    reverses    BLOB,
    reason      TEXT,
    revenue     INTEGER NOT NULL,
    commission  INTEGER NOT NULL,
    costs       INTEGER NOT NULL,
    fees        INTEGER NOT NULL,
    disbursed   INTEGER NOT NULL,
    repaid      INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX ledger_by_id ON ledger (id);
CREATE INDEX ledger_by_month ON ledger (month, business_id, channel_id, revenue, commission,
    costs, fees, disbursed, repaid);
CREATE UNIQUE INDEX ledger_reversals ON ledger (reverses) WHERE reverses IS NOT NULL;
CREATE INDEX ledger_by_loan ON ledger (loan_id, seq) WHERE loan_id IS NOT NULL;

CREATE TABLE loans (
    id            BLOB PRIMARY KEY NOT NULL,
    business_id   BLOB NOT NULL,
    principal     INTEGER NOT NULL,
    annual_rate   TEXT NOT NULL,
    term_months   INTEGER NOT NULL,
    grace_months  INTEGER NOT NULL,
    disbursed_on  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX loans_by_business ON loans (business_id, id);
