-- Market linkage: channels, exhibitions and booths, applications and their
-- transitions, bookings, buyer orders, offers and fills, consignments and
-- their events, each with who recorded it (`by_actor`, NULL when no user
-- was named). The same records as SQLite's V2 and V5, in the conventions
-- of V1. Decimal rates are exact decimal text ('0.09').
--
-- Province: the programme's own records (channels, exhibitions, booths,
-- bookings, orders and fills, which the programme allocates and matches
-- as a whole) carry the programme's nil UUID; in a distributed database
-- they are reference tables. A business's own records (applications and
-- their transitions, offers, consignments and their events) carry its
-- province, looked up when written; the market names businesses by ID
-- without a foreign key, as each domain stands alone.

CREATE TABLE channels (
    province_id    uuid NOT NULL DEFAULT homebiz_programme(),
    id             uuid NOT NULL UNIQUE,
    code           text COLLATE "C" NOT NULL UNIQUE,
    name           text NOT NULL,
    kind           text NOT NULL,
    location       text NOT NULL,
    accepts        jsonb NOT NULL,
    commission     text NOT NULL,
    fee_amount     bigint,
    fee_currency   text,
    fee_per        text,
    schedule_from  text,
    schedule_until text,
    capacity       bigint,
    by_actor       uuid,
    PRIMARY KEY (province_id, id)
);

CREATE TABLE exhibitions (
    province_id   uuid NOT NULL DEFAULT homebiz_programme(),
    id            uuid NOT NULL UNIQUE,
    code          text COLLATE "C" NOT NULL UNIQUE,
    name          text NOT NULL,
    channel_id    uuid NOT NULL,
    weekly_limits jsonb NOT NULL,
    monthly_cap   integer NOT NULL,
    by_actor      uuid,
    PRIMARY KEY (province_id, id),
    FOREIGN KEY (province_id, channel_id) REFERENCES channels (province_id, id)
);

CREATE TABLE booths (
    province_id   uuid NOT NULL DEFAULT homebiz_programme(),
    exhibition_id uuid NOT NULL,
    code          text COLLATE "C" NOT NULL,
    position      integer NOT NULL,
    size          text NOT NULL,
    accepts       jsonb NOT NULL,
    by_actor      uuid,
    PRIMARY KEY (province_id, exhibition_id, code),
    FOREIGN KEY (province_id, exhibition_id) REFERENCES exhibitions (province_id, id)
);

CREATE TABLE applications (
    province_id   uuid NOT NULL,
    id            uuid NOT NULL UNIQUE,
    exhibition_id uuid NOT NULL REFERENCES exhibitions (id),
    business_id   uuid NOT NULL,
    category      text NOT NULL,
    new_producer  boolean NOT NULL,
    vulnerable    boolean NOT NULL,
    weeks_wanted  integer NOT NULL,
    seasonality   jsonb,
    applied_on    text NOT NULL,
    state         text NOT NULL,
    reason        text,
    by_actor      uuid,
    PRIMARY KEY (province_id, id)
);
CREATE INDEX applications_by_exhibition ON applications (exhibition_id, id);

CREATE TABLE application_transitions (
    province_id    uuid NOT NULL,
    seq            bigint GENERATED ALWAYS AS IDENTITY,
    application_id uuid NOT NULL,
    from_state     text NOT NULL,
    to_state       text NOT NULL,
    reason         text,
    on_date        text NOT NULL,
    by_actor       uuid,
    PRIMARY KEY (province_id, seq),
    FOREIGN KEY (province_id, application_id) REFERENCES applications (province_id, id)
);
CREATE INDEX application_transitions_by_application
    ON application_transitions (application_id, seq);

CREATE TABLE bookings (
    province_id       uuid NOT NULL DEFAULT homebiz_programme(),
    exhibition_id     uuid NOT NULL,
    week_start        text NOT NULL,
    booth             text COLLATE "C" NOT NULL,
    week_index        integer NOT NULL,
    application_id    uuid NOT NULL,
    business_id       uuid NOT NULL,
    category          text NOT NULL,
    booking_points    bigint NOT NULL,
    new_points        bigint NOT NULL,
    vulnerable_points bigint NOT NULL,
    rotation_points   bigint NOT NULL,
    weeks_before      bigint NOT NULL,
    season_points     bigint NOT NULL,
    by_actor          uuid,
    PRIMARY KEY (province_id, exhibition_id, week_start, booth),
    FOREIGN KEY (province_id, exhibition_id) REFERENCES exhibitions (province_id, id)
);
CREATE INDEX bookings_by_week ON bookings (week_start, exhibition_id, booth);
CREATE INDEX bookings_by_business ON bookings (business_id, week_start);

CREATE TABLE orders (
    province_id    uuid NOT NULL DEFAULT homebiz_programme(),
    id             uuid NOT NULL UNIQUE,
    code           text COLLATE "C" NOT NULL UNIQUE,
    buyer          text NOT NULL,
    category       text NOT NULL,
    activity       text,
    quantity       bigint NOT NULL,
    unit           text NOT NULL,
    price_ceiling  bigint NOT NULL,
    price_currency text NOT NULL,
    due            text NOT NULL,
    by_actor       uuid,
    PRIMARY KEY (province_id, id)
);
CREATE INDEX orders_by_due ON orders (due, code);

-- An offer without an activity has activity '' (so the key has no NULL).
CREATE TABLE offers (
    province_id    uuid NOT NULL,
    business_id    uuid NOT NULL,
    category       text COLLATE "C" NOT NULL,
    activity       text COLLATE "C" NOT NULL,
    capacity       bigint NOT NULL,
    unit_price     bigint NOT NULL,
    price_currency text NOT NULL,
    lead_days      integer NOT NULL,
    by_actor       uuid,
    PRIMARY KEY (province_id, business_id, category, activity),
    UNIQUE (business_id, category, activity)
);

CREATE TABLE fills (
    province_id uuid NOT NULL DEFAULT homebiz_programme(),
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    order_id    uuid NOT NULL,
    business_id uuid NOT NULL,
    quantity    bigint NOT NULL,
    unit_price  bigint NOT NULL,
    total       bigint NOT NULL,
    currency    text NOT NULL,
    due         text NOT NULL,
    by_actor    uuid,
    PRIMARY KEY (province_id, seq),
    FOREIGN KEY (province_id, order_id) REFERENCES orders (province_id, id)
);
CREATE INDEX fills_by_order ON fills (order_id);
CREATE INDEX fills_by_due ON fills (due, order_id, business_id, seq);

CREATE TABLE consignments (
    province_id uuid NOT NULL,
    id          uuid NOT NULL UNIQUE,
    business_id uuid NOT NULL,
    channel_id  uuid NOT NULL REFERENCES channels (id),
    item        text NOT NULL,
    quantity    bigint NOT NULL,
    unit_price  bigint NOT NULL,
    currency    text NOT NULL,
    commission  text NOT NULL,
    placed_on   text NOT NULL,
    by_actor    uuid,
    PRIMARY KEY (province_id, id)
);

CREATE TABLE consignment_events (
    province_id    uuid NOT NULL,
    seq            bigint GENERATED ALWAYS AS IDENTITY,
    consignment_id uuid NOT NULL,
    kind           text NOT NULL,
    quantity       bigint,
    on_date        text NOT NULL,
    by_actor       uuid,
    PRIMARY KEY (province_id, seq),
    FOREIGN KEY (province_id, consignment_id) REFERENCES consignments (province_id, id)
);
CREATE INDEX consignment_events_by_consignment ON consignment_events (consignment_id, seq);
