-- The income ledger and loans: the same records as SQLite's V3 and V6.
-- Entries are append-only, numbered by `seq` from the sequence ledger_seq
-- (taken by the store when it appends, so concurrent writers never take
-- the same number; numbers increase, with gaps where a write rolled
-- back), each carrying its signed effect on the totals (a
-- reversal's is the negation of its entry's), so totals and reports are
-- plain sums. Days are Jalali 'YYYY-MM-DD' and months 'YYYY-MM' text
-- (fixed width, compared byte-wise); an entry's own day is stored only
-- where it differs from the day it counts on (a reversal's). A covering
-- index by month, business and channel answers a period's report from
-- one range. Entries are never updated or deleted.
--
-- Province: an entry or loan carries the province of its business, looked
-- up when written (the programme's when the registry has no such
-- business: the ledger names businesses without a foreign key).

CREATE SEQUENCE ledger_seq AS bigint;
CREATE TABLE ledger (
    province_id uuid NOT NULL,
    seq         bigint NOT NULL UNIQUE,
    id          uuid NOT NULL UNIQUE,
    kind        text NOT NULL,
    business_id uuid NOT NULL,
    channel_id  uuid,
    month       text COLLATE "C" NOT NULL,
    counts_on   text COLLATE "C" NOT NULL,
    on_date     text COLLATE "C",
    quantity    bigint,
    unit_price  bigint,
    category    text,
    loan_id     uuid,
    reverses    uuid,
    reason      text,
    revenue     bigint NOT NULL,
    commission  bigint NOT NULL,
    costs       bigint NOT NULL,
    fees        bigint NOT NULL,
    disbursed   bigint NOT NULL,
    repaid      bigint NOT NULL,
    by_actor    uuid,
    entry_key   text,
    PRIMARY KEY (province_id, seq)
);
CREATE INDEX ledger_by_month ON ledger (month, business_id, channel_id)
    INCLUDE (revenue, commission, costs, fees, disbursed, repaid);
CREATE INDEX ledger_by_business ON ledger (business_id, seq);
CREATE UNIQUE INDEX ledger_reversals ON ledger (reverses) WHERE reverses IS NOT NULL;
CREATE INDEX ledger_by_loan ON ledger (loan_id, seq) WHERE loan_id IS NOT NULL;

CREATE TABLE loans (
    province_id  uuid NOT NULL,
    id           uuid NOT NULL UNIQUE,
    business_id  uuid NOT NULL,
    principal    bigint NOT NULL,
    annual_rate  text NOT NULL,
    term_months  integer NOT NULL,
    grace_months integer NOT NULL,
    disbursed_on text NOT NULL,
    by_actor     uuid,
    PRIMARY KEY (province_id, id)
);
CREATE INDEX loans_by_business ON loans (business_id, id);
