-- Search keys for `find` (homebiz_core::text::search_key): a person's full
-- name's and a household's address's, written by every put of the record
-- (inserts and audited updates alike), and an index for a member's mobile.
--
-- The keys are Unicode work (Persian normalisation, lower-casing) that
-- SQLite cannot do, so the backfill of existing rows calls
-- homebiz_search_key(), the Rust function that SqliteStore::open registers
-- on its connection before it migrates. The backfill is therefore part of
-- this migration: it runs once, in the same transaction as the rest of it
-- (all or nothing), and refinery's history records it. A tool that runs
-- these migrations on its own connection must register the function first.
--
-- Why key columns scanned in narrow indexes, and not FTS5's trigram
-- index: see `key_matches` in homebiz-sqlite's src/registry.rs.
ALTER TABLE people ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN address_key TEXT NOT NULL DEFAULT '';
UPDATE people SET search_key = homebiz_search_key(given_name || ' ' || family_name);
UPDATE households SET address_key = homebiz_search_key(address);
-- Narrow copies of the keys (with the household and the row's ID), so
-- that a search scans them rather than the whole records.
CREATE INDEX people_by_search_key ON people (search_key, household_id);
CREATE INDEX households_by_address_key ON households (address_key, office_id);
CREATE INDEX people_by_mobile ON people (mobile) WHERE mobile IS NOT NULL;
