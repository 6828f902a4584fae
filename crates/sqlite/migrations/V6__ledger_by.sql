-- Who recorded each ledger entry and added each loan: the acting user's
-- ActorId (16-byte UUID), NULL for rows written before homebiz kept one
-- and for writes made without a user. Only columns are added, so existing
-- data stays as it is.

ALTER TABLE ledger ADD COLUMN by_actor BLOB;
ALTER TABLE loans ADD COLUMN by_actor BLOB;
