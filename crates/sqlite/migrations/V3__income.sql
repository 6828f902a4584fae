-- The income ledger: append-only entries, clustered by the Jalali month they
-- count in (year * 100 + month) and their place in the ledger, so that a
-- month's report reads one contiguous range. Each row carries its signed
-- effect on the totals (a reversal's is the negation of its entry's), so
-- reports are plain sums. Entries are never updated or deleted.

CREATE TABLE ledger (
    month       INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    id          BLOB NOT NULL,
    kind        TEXT NOT NULL,
    business_id BLOB NOT NULL,
    channel_id  BLOB,
    counts_on   TEXT NOT NULL,
    on_date     TEXT NOT NULL,
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
    repaid      INTEGER NOT NULL,
    PRIMARY KEY (month, seq)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX ledger_by_id ON ledger (id);
CREATE UNIQUE INDEX ledger_by_seq ON ledger (seq);
CREATE INDEX ledger_by_business ON ledger (business_id, seq);
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
