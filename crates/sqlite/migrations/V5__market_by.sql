-- Who did it: each market record written by a user keeps that user's
-- ActorId (UUID BLOB(16)) in `by_actor`. Rows written before have NULL.
-- Only columns are added, so old data stays as it was.

ALTER TABLE channels ADD COLUMN by_actor BLOB;
ALTER TABLE exhibitions ADD COLUMN by_actor BLOB;
ALTER TABLE applications ADD COLUMN by_actor BLOB;
ALTER TABLE application_transitions ADD COLUMN by_actor BLOB;
ALTER TABLE orders ADD COLUMN by_actor BLOB;
ALTER TABLE offers ADD COLUMN by_actor BLOB;
ALTER TABLE fills ADD COLUMN by_actor BLOB;
ALTER TABLE consignments ADD COLUMN by_actor BLOB;
ALTER TABLE consignment_events ADD COLUMN by_actor BLOB;
