-- Who did it, for the market records V5 left out: each booth keeps the
-- ActorId (UUID BLOB(16)) of the user whose booths import wrote it, and
-- each booking that of the user who ran the allocation that made it.
-- Rows written before have NULL. Only columns are added, so old data
-- stays as it was.

ALTER TABLE booths ADD COLUMN by_actor BLOB;
ALTER TABLE bookings ADD COLUMN by_actor BLOB;
