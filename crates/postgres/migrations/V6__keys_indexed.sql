-- Keys looked up by index (issue #14), as SQLite's V10. A user's key
-- belongs to its business: an entry's or a loan's ID derives from both,
-- so without an index a key was looked for business by business. Looking
-- a key up (Program::entry_named, Program::loan_of;
-- IncomeRead::entries_keyed, loans_keyed) now reads the few records under
-- it.
--
-- Entries: entry_key (V3) is indexed. Nothing to backfill: it has been
-- written with every keyed entry since V3.
--
-- Loans: their key is kept from now on (loan_key) and indexed. Loans added
-- before have none, and it cannot be recovered (their ID is a hash of the
-- key alone): they keep their IDs (Loan::legacy_id) and are found by that
-- ID, one look-up.
--
-- Both indexes are partial: records without a key cost them nothing.
-- Distributed by province, a look-up by key asks every shard (the key's
-- business, hence its province, is what it finds), as the rare reads
-- listed in ARCHITECTURE.md do.
CREATE INDEX ledger_by_key ON ledger (entry_key, seq) WHERE entry_key IS NOT NULL;
ALTER TABLE loans ADD COLUMN loan_key text;
CREATE INDEX loans_by_key ON loans (loan_key, id) WHERE loan_key IS NOT NULL;
