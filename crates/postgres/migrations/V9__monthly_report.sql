-- The monthly income report (`monthly_totals`) in one pass of the covering
-- index, with sums in bigint (#15).
--
-- EXPLAIN (ANALYZE, BUFFERS) of the report of one month over a ledger of
-- 1,000,000 sales (about 85,000 entries in the month, 34,000 groups) found
-- two costs besides reading the index (about 20 ms):
--
-- 1. The index ledger_by_month (V3) keeps channel_id NULLS LAST, the
--    default, but the report is ordered with NULLS FIRST (an entry of no
--    channel first, as the other stores order `Option`): PostgreSQL added
--    an Incremental Sort of the whole range (about 60 ms under EXPLAIN).
--    The index is made again with NULLS FIRST, and the GroupAggregate reads
--    it in order with no sort.
-- 2. SUM(bigint) adds in numeric and the report then casts each of six
--    sums back to bigint: half of the aggregate's time. homebiz_sum adds
--    bigints with int8pl, which raises 22003 (bigint out of range) on
--    overflow instead of wrapping, so it is exact wherever it answers. It
--    never raises on a ledger homebiz wrote: the ledger's limits bound
--    every partial sum of its effects, in any order, to half of the
--    bigint range (homebiz_income::limits). Like SUM, it is NULL over no
--    rows. Its combine function lets PostgreSQL (and Citus, across shards)
--    add partial sums.
--
-- A monthly rollup table kept by a trigger was measured too and not
-- chosen: it spares only the aggregate (the 34,000 rows still go to the
-- client), it made recording 1,000,000 sales slower, and concurrent
-- recorders of one business and month would update the same row, which
-- under SERIALIZABLE aborts one of them.

CREATE AGGREGATE homebiz_sum(bigint) (
    SFUNC = int8pl,
    STYPE = bigint,
    COMBINEFUNC = int8pl,
    PARALLEL = SAFE
);

DROP INDEX ledger_by_month;
CREATE INDEX ledger_by_month ON ledger (month, business_id, channel_id NULLS FIRST)
    INCLUDE (revenue, commission, costs, fees, disbursed, repaid);
