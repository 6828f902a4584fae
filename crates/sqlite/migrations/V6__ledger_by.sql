-- Who recorded each ledger entry and added each loan (by_actor: the acting
-- user's ActorId, 16 bytes; NULL for rows written before homebiz kept one
-- and for writes made without a user), and the user's own key of an entry
-- (entry_key: an import file's `id` or a `--id` that is not a UUID; the
-- entry's id derives from it). Only columns are added, so existing data
-- stays as it is.

ALTER TABLE ledger ADD COLUMN by_actor BLOB;
ALTER TABLE ledger ADD COLUMN entry_key TEXT;
ALTER TABLE loans ADD COLUMN by_actor BLOB;
