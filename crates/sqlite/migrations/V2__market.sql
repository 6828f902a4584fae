-- Market linkage: channels, exhibitions and booths, applications and their
-- transitions, bookings, buyer orders, offers and fills, consignments and
-- their events. Conventions as in V1: UUID BLOB(16) ids, Jalali 'YYYY-MM-DD'
-- dates, INTEGER money beside its currency code, JSON text for small lists.
-- Decimal rates are exact decimal text ('0.09').

CREATE TABLE channels (
    id             BLOB PRIMARY KEY NOT NULL,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    location       TEXT NOT NULL,
    accepts        TEXT NOT NULL,
    commission     TEXT NOT NULL,
    fee_amount     INTEGER,
    fee_currency   TEXT,
    fee_per        TEXT,
    schedule_from  TEXT,
    schedule_until TEXT,
    capacity       INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE exhibitions (
    id            BLOB PRIMARY KEY NOT NULL,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    channel_id    BLOB NOT NULL REFERENCES channels (id),
    weekly_limits TEXT NOT NULL,
    monthly_cap   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE booths (
    exhibition_id BLOB NOT NULL REFERENCES exhibitions (id),
    code          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    size          TEXT NOT NULL,
    accepts       TEXT NOT NULL,
    PRIMARY KEY (exhibition_id, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE applications (
    id            BLOB PRIMARY KEY NOT NULL,
    exhibition_id BLOB NOT NULL REFERENCES exhibitions (id),
    business_id   BLOB NOT NULL,
    category      TEXT NOT NULL,
    new_producer  INTEGER NOT NULL,
    vulnerable    INTEGER NOT NULL,
    weeks_wanted  INTEGER NOT NULL,
    seasonality   TEXT,
    applied_on    TEXT NOT NULL,
    state         TEXT NOT NULL,
    reason        TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX applications_by_exhibition ON applications (exhibition_id, id);

CREATE TABLE application_transitions (
    seq            INTEGER PRIMARY KEY,
    application_id BLOB NOT NULL REFERENCES applications (id),
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    reason         TEXT,
    on_date        TEXT NOT NULL
) STRICT;
CREATE INDEX application_transitions_by_application ON application_transitions (application_id, seq);

CREATE TABLE bookings (
    exhibition_id     BLOB NOT NULL REFERENCES exhibitions (id),
    week_start        TEXT NOT NULL,
    booth             TEXT NOT NULL,
    week_index        INTEGER NOT NULL,
    application_id    BLOB NOT NULL,
    business_id       BLOB NOT NULL,
    category          TEXT NOT NULL,
    booking_points    INTEGER NOT NULL,
    new_points        INTEGER NOT NULL,
    vulnerable_points INTEGER NOT NULL,
    rotation_points   INTEGER NOT NULL,
    weeks_before      INTEGER NOT NULL,
    season_points     INTEGER NOT NULL,
    PRIMARY KEY (exhibition_id, week_start, booth)
) STRICT, WITHOUT ROWID;
CREATE INDEX bookings_by_week ON bookings (week_start, exhibition_id, booth);
CREATE INDEX bookings_by_business ON bookings (business_id, week_start);

CREATE TABLE orders (
    id             BLOB PRIMARY KEY NOT NULL,
    code           TEXT NOT NULL UNIQUE,
    buyer          TEXT NOT NULL,
    category       TEXT NOT NULL,
    activity       TEXT,
    quantity       INTEGER NOT NULL,
    unit           TEXT NOT NULL,
    price_ceiling  INTEGER NOT NULL,
    price_currency TEXT NOT NULL,
    due            TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX orders_by_due ON orders (due, code);

-- An offer without an activity has activity '' (so the key has no NULL).
CREATE TABLE offers (
    business_id    BLOB NOT NULL,
    category       TEXT NOT NULL,
    activity       TEXT NOT NULL,
    capacity       INTEGER NOT NULL,
    unit_price     INTEGER NOT NULL,
    price_currency TEXT NOT NULL,
    lead_days      INTEGER NOT NULL,
    PRIMARY KEY (business_id, category, activity)
) STRICT, WITHOUT ROWID;

CREATE TABLE fills (
    seq         INTEGER PRIMARY KEY,
    order_id    BLOB NOT NULL REFERENCES orders (id),
    business_id BLOB NOT NULL,
    quantity    INTEGER NOT NULL,
    unit_price  INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    due         TEXT NOT NULL
) STRICT;
CREATE INDEX fills_by_order ON fills (order_id);
CREATE INDEX fills_by_due ON fills (due, order_id, business_id, seq);

CREATE TABLE consignments (
    id          BLOB PRIMARY KEY NOT NULL,
    business_id BLOB NOT NULL,
    channel_id  BLOB NOT NULL REFERENCES channels (id),
    item        TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    unit_price  INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    commission  TEXT NOT NULL,
    placed_on   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE consignment_events (
    seq            INTEGER PRIMARY KEY,
    consignment_id BLOB NOT NULL REFERENCES consignments (id),
    kind           TEXT NOT NULL,
    quantity       INTEGER,
    on_date        TEXT NOT NULL
) STRICT;
CREATE INDEX consignment_events_by_consignment ON consignment_events (consignment_id, seq);
