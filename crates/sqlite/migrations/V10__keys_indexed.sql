-- Keys looked up by index (issue #14). A user's key belongs to its
-- business: an entry's or a loan's ID derives from both, so without an
-- index a key was looked for business by business (an administrator with
-- 100,000 businesses: 100,000 look-ups). Looking a key up
-- (Program::entry_named, Program::loan_of; IncomeRead::entries_keyed,
-- loans_keyed) now reads the few records under it.
--
-- Entries: entry_key (V6) is indexed. Nothing to backfill: every entry
-- recorded with a key since V6 has it. Entries recorded before V6 have
-- none, and it cannot be recovered (their ID is a hash of the key alone,
-- EntryId::from_key): they are found by that ID, one primary-key look-up
-- of the key, not by this index.
--
-- Loans: their key is kept from now on (loan_key, the user's `--id` when
-- it is not a UUID) and indexed. Loans added before have none, and it
-- cannot be recovered either (the ID is a hash): they keep their IDs (the
-- key alone, Loan::legacy_id) and are found by that ID, one look-up.
--
-- Both indexes are partial: records without a key cost them nothing.
CREATE INDEX ledger_by_key ON ledger (entry_key, seq) WHERE entry_key IS NOT NULL;
ALTER TABLE loans ADD COLUMN loan_key TEXT;
CREATE INDEX loans_by_key ON loans (loan_key, id) WHERE loan_key IS NOT NULL;
