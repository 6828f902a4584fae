-- The registry: offices, households, people, businesses, partners, consent,
-- lifecycle transitions, the audit trail and duplicate flags.
-- IDs are UUIDs as 16-byte BLOBs; dates are Jalali 'YYYY-MM-DD' text (which
-- sorts by time); instants are INTEGER microseconds since the Unix epoch (UTC);
-- money is INTEGER minor units
-- beside its currency code; lists and small structures are JSON text.
-- Record tables are WITHOUT ROWID: the UUID key is the table's own B-tree.

CREATE TABLE offices (
    id        BLOB PRIMARY KEY NOT NULL,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    level     TEXT NOT NULL,
    parent_id BLOB REFERENCES offices (id)
) STRICT, WITHOUT ROWID;

CREATE TABLE households (
    id                   BLOB PRIMARY KEY NOT NULL,
    code                 TEXT NOT NULL UNIQUE,
    office_id            BLOB NOT NULL REFERENCES offices (id),
    address              TEXT NOT NULL,
    baseline_income      INTEGER,
    baseline_currency    TEXT,
    baseline_survey_date TEXT,
    support              TEXT,
    area_m2              INTEGER NOT NULL,
    separate_room        INTEGER NOT NULL,
    membership           TEXT NOT NULL,
    registered_on        TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX households_by_office ON households (office_id, code);

CREATE TABLE people (
    id             BLOB PRIMARY KEY NOT NULL,
    household_id   BLOB NOT NULL REFERENCES households (id),
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    national_id    TEXT NOT NULL,
    birth_date     TEXT NOT NULL,
    gender         TEXT NOT NULL,
    mobile         TEXT,
    education      TEXT NOT NULL,
    skills         TEXT NOT NULL,
    hours_per_week INTEGER NOT NULL,
    interests      TEXT NOT NULL,
    disability     TEXT
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX people_by_national_id ON people (national_id);
CREATE INDEX people_by_household ON people (household_id, id);
CREATE INDEX people_by_identity ON people (name_key, birth_date);

CREATE TABLE businesses (
    id                 BLOB PRIMARY KEY NOT NULL,
    code               TEXT NOT NULL UNIQUE,
    household_id       BLOB NOT NULL REFERENCES households (id),
    owner_id           BLOB NOT NULL REFERENCES people (id),
    office_id          BLOB NOT NULL REFERENCES offices (id),
    activity           TEXT NOT NULL,
    mode               TEXT NOT NULL,
    licence            TEXT,
    health_certificate TEXT,
    capital_invested   INTEGER NOT NULL,
    capital_currency   TEXT NOT NULL,
    state              TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX businesses_by_office ON businesses (office_id, code);

CREATE TABLE partners (
    id        BLOB PRIMARY KEY NOT NULL,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    office_id BLOB REFERENCES offices (id)
) STRICT, WITHOUT ROWID;

CREATE TABLE consents (
    seq          INTEGER PRIMARY KEY,
    household_id BLOB NOT NULL REFERENCES households (id),
    field        TEXT NOT NULL,
    given        INTEGER NOT NULL,
    date         TEXT NOT NULL,
    actor_id     BLOB NOT NULL
) STRICT;
CREATE INDEX consents_by_household ON consents (household_id, field, seq);

CREATE TABLE state_changes (
    seq         INTEGER PRIMARY KEY,
    entity_kind TEXT NOT NULL,
    entity_id   BLOB NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    reason      TEXT,
    at          INTEGER NOT NULL,
    actor_id    BLOB NOT NULL
) STRICT;
CREATE INDEX state_changes_by_entity ON state_changes (entity_kind, entity_id, seq);

CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    BLOB NOT NULL,
    action      TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    entity_id   BLOB NOT NULL,
    fields      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_entity ON audit (entity_kind, entity_id, seq);

CREATE TABLE duplicate_flags (
    seq          INTEGER PRIMARY KEY,
    person_id    BLOB NOT NULL REFERENCES people (id),
    resembles_id BLOB NOT NULL REFERENCES people (id),
    office_id    BLOB NOT NULL REFERENCES offices (id),
    at           INTEGER NOT NULL
) STRICT;
