-- Staff accounts (login code, display name, scope) and the resolutions of
-- likely-duplicate flags (issue #14). Only new tables: old data stays.

CREATE TABLE users (
    id        BLOB PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT,
    office_id BLOB REFERENCES offices (id)
) STRICT;

CREATE TABLE duplicate_resolutions (
    seq          INTEGER PRIMARY KEY,
    person_id    BLOB NOT NULL REFERENCES people (id),
    resembles_id BLOB NOT NULL REFERENCES people (id),
    office_id    BLOB NOT NULL REFERENCES offices (id),
    verdict      TEXT NOT NULL,
    note         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    actor_id     BLOB NOT NULL
) STRICT;
CREATE UNIQUE INDEX duplicate_resolutions_by_person ON duplicate_resolutions (person_id);
