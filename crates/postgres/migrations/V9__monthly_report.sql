-- The monthly income report (`monthly_totals`) in one pass of the covering
-- index, with sums in bigint (#15).
--
-- EXPLAIN (ANALYZE, BUFFERS) of the report of one month over a ledger of
-- 1,000,000 sales shaped as the benchmark's (about 85,000 entries in the
-- month, 34,000 groups; December 2026, 2 shared cores) found two costs
-- besides reading the index (21 ms, no heap fetch):
--
-- 1. The index ledger_by_month (V3) keeps channel_id NULLS LAST, the
--    default, but the report is ordered with NULLS FIRST (an entry of no
--    channel first, as the other stores order `Option`): PostgreSQL added
--    an Incremental Sort of the whole range (164 ms in all under EXPLAIN,
--    106 ms without it). The index is made again with NULLS FIRST, and the
--    GroupAggregate reads it in order with no sort.
-- 2. SUM(bigint) adds in numeric, and the report casts each of six sums
--    back to bigint: 103 ms against 66 ms with homebiz_sum (EXPLAIN
--    ANALYZE, TIMING OFF). homebiz_sum adds bigints with int8pl, which
--    raises 22003 (bigint out of range) on overflow instead of wrapping, so
--    it is exact wherever it answers. It never raises on a ledger homebiz
--    wrote: the ledger's limits bound every partial sum of its effects, in
--    any order, to half of the bigint range (homebiz_income::limits). Like
--    SUM, it is NULL over no rows. Its combine function lets PostgreSQL
--    (and Citus, across shards) add partial sums.
--
-- Through pgbench (the 34,000 rows sent to the client and dropped, medians
-- of 21 to 35 runs each, interleaved, load average 11): 498 ms before,
-- 291 ms with the index in order, 215 ms with homebiz_sum too.
--
-- A monthly rollup table (province, month, business, channel and the six
-- sums, kept by a statement-level AFTER INSERT trigger from its transition
-- table) was measured too and not chosen, though reading it took 97 ms in
-- the same pgbench run. Its trigger made appending 1,000,000 sales (100
-- INSERT … SELECT of 10,000 rows, as the store appends) about 37% slower:
-- 137 s and 160 s against 93–125 s for the ledger with either index (two
-- interleaved rounds, load average 12–14); the index in order costs
-- nothing there (98 s and 118 s against 93 s and 125 s). And every
-- recorder of a business and month would update the same rollup row,
-- which under SERIALIZABLE aborts all but one concurrent recorder: it
-- would need a claim scheme of its own, as V7 needed for people.

CREATE AGGREGATE homebiz_sum(bigint) (
    SFUNC = int8pl,
    STYPE = bigint,
    COMBINEFUNC = int8pl,
    PARALLEL = SAFE
);

DROP INDEX ledger_by_month;
CREATE INDEX ledger_by_month ON ledger (month, business_id, channel_id NULLS FIRST)
    INCLUDE (revenue, commission, costs, fees, disbursed, repaid);
