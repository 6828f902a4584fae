-- The registry on PostgreSQL: offices, households, people, businesses,
-- partners, consent, lifecycle transitions, the audit trail, duplicate
-- flags and their resolutions, staff users. The same records as SQLite's
-- V1 and V4, in PostgreSQL's own types: IDs are UUID, instants timestamptz
-- (microseconds, as homebiz keeps them), money BIGINT minor units beside
-- its currency code, Jalali dates 'YYYY-MM-DD' text (which sorts by time),
-- small structures and lists jsonb.
-- Codes sort byte-wise (COLLATE "C"), as every other backend orders them.
--
-- Every table carries `province_id`: the root (province) office of the
-- record's office tree, filled by the database from the record's parent
-- (see ARCHITECTURE.md, "PostgreSQL and the path past one server"). Keys
-- and foreign keys between the registry's tables include it, so that the
-- tables can be distributed by province and co-located. A record that
-- belongs to no office carries the nil UUID: the programme itself.

CREATE FUNCTION homebiz_programme() RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT '00000000-0000-0000-0000-000000000000'::uuid $$;

CREATE TABLE offices (
    province_id uuid NOT NULL,
    id          uuid NOT NULL UNIQUE,
    code        text COLLATE "C" NOT NULL UNIQUE,
    name        text NOT NULL,
    level       text NOT NULL,
    parent_id   uuid,
    PRIMARY KEY (province_id, id),
    FOREIGN KEY (province_id, parent_id) REFERENCES offices (province_id, id),
    -- A root is its own province; any other office is in its parent's.
    CHECK ((parent_id IS NULL) = (province_id = id))
);

-- The province of the office `office`, or NULL when there is none.
CREATE FUNCTION homebiz_office_province(office uuid) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT province_id FROM offices WHERE id = office $$;

CREATE TABLE households (
    province_id          uuid NOT NULL,
    id                   uuid NOT NULL UNIQUE,
    code                 text COLLATE "C" NOT NULL UNIQUE,
    office_id            uuid NOT NULL,
    address              text NOT NULL,
    baseline_income      bigint,
    baseline_currency    text,
    baseline_survey_date text,
    support              jsonb,
    area_m2              integer NOT NULL,
    separate_room        boolean NOT NULL,
    membership           jsonb NOT NULL,
    registered_on        text NOT NULL,
    PRIMARY KEY (province_id, id),
    FOREIGN KEY (province_id, office_id) REFERENCES offices (province_id, id)
);
CREATE INDEX households_by_office ON households (office_id, code);

CREATE TABLE people (
    province_id    uuid NOT NULL,
    id             uuid NOT NULL UNIQUE,
    household_id   uuid NOT NULL,
    given_name     text NOT NULL,
    family_name    text NOT NULL,
    name_key       text NOT NULL,
    national_id    text NOT NULL,
    birth_date     text NOT NULL,
    gender         text NOT NULL,
    mobile         text,
    education      text NOT NULL,
    skills         jsonb NOT NULL,
    hours_per_week integer NOT NULL,
    interests      jsonb NOT NULL,
    disability     text,
    PRIMARY KEY (province_id, id),
    FOREIGN KEY (province_id, household_id) REFERENCES households (province_id, id)
);
-- One person per national ID in the whole programme.
CREATE UNIQUE INDEX people_by_national_id ON people (national_id);
CREATE INDEX people_by_household ON people (household_id, id);
CREATE INDEX people_by_identity ON people (name_key, birth_date);

CREATE TABLE businesses (
    province_id        uuid NOT NULL,
    id                 uuid NOT NULL UNIQUE,
    code               text COLLATE "C" NOT NULL UNIQUE,
    household_id       uuid NOT NULL,
    owner_id           uuid NOT NULL,
    office_id          uuid NOT NULL,
    activity           text NOT NULL,
    mode               jsonb NOT NULL,
    licence            jsonb,
    health_certificate jsonb,
    capital_invested   bigint NOT NULL,
    capital_currency   text NOT NULL,
    state              jsonb NOT NULL,
    PRIMARY KEY (province_id, id),
    FOREIGN KEY (province_id, household_id) REFERENCES households (province_id, id),
    FOREIGN KEY (province_id, owner_id) REFERENCES people (province_id, id),
    FOREIGN KEY (province_id, office_id) REFERENCES offices (province_id, id)
);
CREATE INDEX businesses_by_office ON businesses (office_id, code);

-- The province of the business `business`, or the programme's when the
-- registry has no such business (the market and the ledger name businesses
-- by ID without a foreign key: each domain stands alone).
CREATE FUNCTION homebiz_business_province(business uuid) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE((SELECT province_id FROM businesses WHERE id = business),
                          homebiz_programme()) $$;

CREATE TABLE partners (
    province_id uuid NOT NULL,
    id          uuid NOT NULL UNIQUE,
    code        text COLLATE "C" NOT NULL UNIQUE,
    name        text NOT NULL,
    kind        text NOT NULL,
    office_id   uuid,
    PRIMARY KEY (province_id, id),
    FOREIGN KEY (province_id, office_id) REFERENCES offices (province_id, id)
);

-- The province of a registry record named by kind and ID, or the
-- programme's when it has none.
CREATE FUNCTION homebiz_entity_province(kind text, entity uuid) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE(CASE kind
            WHEN 'office' THEN (SELECT province_id FROM offices WHERE id = entity)
            WHEN 'household' THEN (SELECT province_id FROM households WHERE id = entity)
            WHEN 'person' THEN (SELECT province_id FROM people WHERE id = entity)
            WHEN 'business' THEN (SELECT province_id FROM businesses WHERE id = entity)
            WHEN 'partner' THEN (SELECT province_id FROM partners WHERE id = entity)
          END, homebiz_programme()) $$;

CREATE TABLE consents (
    province_id  uuid NOT NULL,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    household_id uuid NOT NULL,
    field        text NOT NULL,
    given        boolean NOT NULL,
    date         text NOT NULL,
    actor_id     uuid NOT NULL,
    PRIMARY KEY (province_id, seq),
    FOREIGN KEY (province_id, household_id) REFERENCES households (province_id, id)
);
CREATE INDEX consents_by_household ON consents (household_id, field, seq);

CREATE TABLE state_changes (
    province_id uuid NOT NULL,
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    entity_kind text NOT NULL,
    entity_id   uuid NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    reason      text,
    at          timestamptz NOT NULL,
    actor_id    uuid NOT NULL,
    PRIMARY KEY (province_id, seq)
);
CREATE INDEX state_changes_by_entity ON state_changes (entity_kind, entity_id, seq);

-- The audit trail, numbered by `seq` from one sequence for the whole
-- programme. The store takes the number before the row is written (so a
-- retried transaction keeps its numbers); a transaction that rolls back
-- leaves its numbers unused: numbers increase, with gaps after rollbacks.
CREATE SEQUENCE audit_seq AS bigint;
CREATE TABLE audit (
    province_id uuid NOT NULL,
    seq         bigint NOT NULL UNIQUE,
    at          timestamptz NOT NULL,
    actor_id    uuid NOT NULL,
    action      text NOT NULL,
    entity_kind text NOT NULL,
    entity_id   uuid NOT NULL,
    -- The names of the fields written, and an update's old and new values
    -- when the writer gave them (NULL when it did not).
    fields      jsonb NOT NULL,
    changes     jsonb,
    PRIMARY KEY (province_id, seq)
);
CREATE INDEX audit_by_entity ON audit (entity_kind, entity_id, seq);

CREATE TABLE duplicate_flags (
    province_id  uuid NOT NULL,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    person_id    uuid NOT NULL,
    resembles_id uuid NOT NULL,
    office_id    uuid NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (province_id, seq),
    FOREIGN KEY (province_id, person_id) REFERENCES people (province_id, id),
    FOREIGN KEY (province_id, resembles_id) REFERENCES people (province_id, id),
    FOREIGN KEY (province_id, office_id) REFERENCES offices (province_id, id)
);

CREATE TABLE duplicate_resolutions (
    province_id  uuid NOT NULL,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    person_id    uuid NOT NULL UNIQUE,
    resembles_id uuid NOT NULL,
    office_id    uuid NOT NULL,
    verdict      text NOT NULL,
    note         text NOT NULL,
    at           timestamptz NOT NULL,
    actor_id     uuid NOT NULL,
    PRIMARY KEY (province_id, seq),
    FOREIGN KEY (province_id, person_id) REFERENCES people (province_id, id),
    FOREIGN KEY (province_id, resembles_id) REFERENCES people (province_id, id),
    FOREIGN KEY (province_id, office_id) REFERENCES offices (province_id, id)
);

-- Staff accounts: a user scoped to an office lives in its province; an
-- unrestricted one in the programme's.
CREATE TABLE users (
    province_id uuid NOT NULL,
    id          uuid NOT NULL UNIQUE,
    code        text COLLATE "C" NOT NULL UNIQUE,
    name        text,
    office_id   uuid,
    PRIMARY KEY (province_id, id),
    FOREIGN KEY (province_id, office_id) REFERENCES offices (province_id, id)
);
