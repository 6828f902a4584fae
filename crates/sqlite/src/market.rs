//! The market store traits on SQLite (tables of migration V2, with who
//! recorded each record from V5).

use rusqlite::{Connection, Row, params, params_from_iter};

use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, ConsignmentId, ExhibitionId, OrderId,
};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{Currency, JalaliDate, Money};
use homebiz_market::allocate::{Booking, Earned, Week};
use homebiz_market::application::{Application, ApplicationData, Transition};
use homebiz_market::channel::{Channel, ChannelData, Fee, Schedule};
use homebiz_market::consignment::{Consignment, ConsignmentData, Event};
use homebiz_market::exhibition::{Booth, Exhibition, ExhibitionData};
use homebiz_market::orders::{Fill, Offer, Order, OrderData};
use homebiz_market::store::{MarketRead, MarketStore, MarketTx, Put, StoredBooking};
use homebiz_market::{MarketError, Result};
use homebiz_sql::market::{booking_key, booking_params, booth_params};
use homebiz_sql::select;

use crate::codec::{
    Queries, bad_column, blob, enum_from, from_json, get_id, get_opt_id, json, parse, to_text,
    value,
};

domain_store!(MarketError, MarketStore, MarketRead, MarketTx, Db, 0);

/// The market's tables on one connection (inside a transaction).
struct Db<'c>(&'c Connection);

/// A validation failure of a stored record, as a column error.
fn record<T>(result: Result<T>) -> rusqlite::Result<T> {
    result.map_err(|e| bad_column(0, e))
}

fn text<T: std::str::FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    parse(index, &row.get::<_, String>(index)?)
}

fn money(row: &Row<'_>, amount: usize, currency: usize) -> rusqlite::Result<Money> {
    let currency: Currency = text(row, currency)?;
    Ok(Money::new(row.get(amount)?, currency))
}

fn channel_row(row: &Row<'_>) -> rusqlite::Result<Channel> {
    let fee = match row.get::<_, Option<i64>>(7)? {
        Some(_) => Some(Fee {
            amount: money(row, 7, 8)?,
            per: text(row, 9)?,
        }),
        None => None,
    };
    let schedule = match row.get::<_, Option<String>>(10)? {
        Some(from) => Schedule::Window {
            from: parse(10, &from)?,
            until: text(row, 11)?,
        },
        None => Schedule::Permanent,
    };
    let data = ChannelData {
        id: get_id(row, 0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        kind: enum_from(3, row.get(3)?)?,
        location: row.get(4)?,
        accepts: from_json(5, &row.get::<_, String>(5)?)?,
        commission: text::<Decimal>(row, 6)?,
        fee,
        schedule,
        capacity: row.get(12)?,
        by: get_opt_id(row, 13)?,
    };
    record(Channel::new(data))
}

fn application_row(row: &Row<'_>) -> rusqlite::Result<Application> {
    let data = ApplicationData {
        id: get_id(row, 0)?,
        exhibition: get_id(row, 1)?,
        business: get_id(row, 2)?,
        category: enum_from(3, row.get(3)?)?,
        new_producer: row.get(4)?,
        vulnerable: row.get(5)?,
        weeks_wanted: row.get(6)?,
        seasonality: row
            .get::<_, Option<String>>(7)?
            .map(|s| from_json(7, &s))
            .transpose()?,
        applied_on: text(row, 8)?,
        by: get_opt_id(row, 11)?,
    };
    record(Application::restore(
        data,
        enum_from(9, row.get(9)?)?,
        row.get(10)?,
    ))
}

fn booking_row(row: &Row<'_>) -> rusqlite::Result<StoredBooking> {
    Ok(StoredBooking {
        exhibition: get_id(row, 0)?,
        booking: Booking {
            week: Week {
                start: text(row, 1)?,
                index: row.get(3)?,
            },
            booth: row.get(2)?,
            application: get_id(row, 4)?,
            business: get_id(row, 5)?,
            category: enum_from(6, row.get(6)?)?,
            earned: Earned {
                booking: row.get(7)?,
                new_producer: row.get(8)?,
                vulnerable: row.get(9)?,
                rotation: row.get(10)?,
                weeks_before: row.get(11)?,
                season: row.get(12)?,
            },
            by: get_opt_id(row, 13)?,
        },
    })
}

fn order_row(row: &Row<'_>) -> rusqlite::Result<Order> {
    let data = OrderData {
        id: get_id(row, 0)?,
        code: row.get(1)?,
        buyer: row.get(2)?,
        category: enum_from(3, row.get(3)?)?,
        activity: row.get(4)?,
        quantity: row.get(5)?,
        unit: row.get(6)?,
        price_ceiling: money(row, 7, 8)?,
        due: text(row, 9)?,
        by: get_opt_id(row, 10)?,
    };
    record(Order::new(data))
}

fn offer_row(row: &Row<'_>) -> rusqlite::Result<Offer> {
    let activity: String = row.get(2)?;
    Ok(Offer {
        business: get_id(row, 0)?,
        category: enum_from(1, row.get(1)?)?,
        activity: (!activity.is_empty()).then_some(activity),
        capacity: row.get(3)?,
        unit_price: money(row, 4, 5)?,
        lead_days: row.get(6)?,
        by: get_opt_id(row, 7)?,
    })
}

fn fill_row(row: &Row<'_>) -> rusqlite::Result<Fill> {
    let currency: Currency = text(row, 5)?;
    Ok(Fill {
        order: get_id(row, 0)?,
        business: get_id(row, 1)?,
        quantity: row.get(2)?,
        unit_price: Money::new(row.get(3)?, currency),
        total: Money::new(row.get(4)?, currency),
        due: text(row, 6)?,
        by: get_opt_id(row, 7)?,
    })
}

fn consignment_data(row: &Row<'_>) -> rusqlite::Result<ConsignmentData> {
    Ok(ConsignmentData {
        id: get_id(row, 0)?,
        business: get_id(row, 1)?,
        channel: get_id(row, 2)?,
        item: row.get(3)?,
        quantity: row.get(4)?,
        unit_price: money(row, 5, 6)?,
        commission: text::<Decimal>(row, 7)?,
        placed_on: text(row, 8)?,
        by: get_opt_id(row, 9)?,
    })
}

fn event_row(row: &Row<'_>) -> rusqlite::Result<(Event, Option<ActorId>)> {
    Ok((event_of(row)?, get_opt_id(row, 3)?))
}

fn event_of(row: &Row<'_>) -> rusqlite::Result<Event> {
    let kind: String = row.get(0)?;
    Event::from_parts(&kind, row.get(1)?, text(row, 2)?).map_err(|e| bad_column(0, e))
}

impl Db<'_> {
    /// Runs a statement; a taken primary key or unique code becomes
    /// [`MarketError::AlreadyExists`] naming `key` or `code`, a missing
    /// parent [`MarketError::NotFound`] naming `parent`.
    fn execute(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        what: &'static str,
        keys: (&dyn ToString, Option<&str>),
    ) -> Result<usize> {
        let mut stmt = self.0.prepare_cached(sql).map_err(backend)?;
        match stmt.execute(params) {
            Ok(n) => Ok(n),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                Err(MarketError::already_exists(what, keys.0.to_string()))
            }
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                Err(MarketError::already_exists(
                    what,
                    keys.1.map_or_else(|| keys.0.to_string(), str::to_owned),
                ))
            }
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
            {
                Err(MarketError::not_found(what, keys.0.to_string()))
            }
            Err(e) => Err(backend(e)),
        }
    }

    /// Inserts (`insert`) or, for [`Put::Replace`], updates (`update`,
    /// which must change one row or the record is not found).
    fn put(
        &self,
        put: Put,
        (insert, update): (&str, &str),
        params: &[&dyn rusqlite::ToSql],
        what: &'static str,
        keys: (&dyn ToString, Option<&str>),
    ) -> Result<()> {
        let sql = match put {
            Put::Insert => insert,
            Put::Replace => update,
        };
        let changed = self.execute(sql, params, what, keys)?;
        if changed == 0 {
            return Err(MarketError::not_found(what, keys.0.to_string()));
        }
        Ok(())
    }

    fn booths(&self, exhibition: &[u8; 16]) -> Result<Vec<Booth>> {
        self.all(
            "SELECT code, size, accepts, by_actor FROM booths WHERE exhibition_id = ?1
             ORDER BY position",
            [exhibition],
            |row| {
                Ok(Booth {
                    code: row.get(0)?,
                    size: text(row, 1)?,
                    accepts: from_json(2, &row.get::<_, String>(2)?)?,
                    by: get_opt_id(row, 3)?,
                })
            },
        )
    }

    fn exhibition_where(
        &self,
        clause: &str,
        key: &dyn rusqlite::ToSql,
    ) -> Result<Option<Exhibition>> {
        let row = self.one(
            &format!(
                concat!(
                    "SELECT ",
                    homebiz_sql::columns!(exhibition),
                    " FROM exhibitions WHERE {}"
                ),
                clause
            ),
            [key],
            |row| {
                Ok((
                    row.get::<_, [u8; 16]>(0)?,
                    ExhibitionData {
                        id: get_id(row, 0)?,
                        code: row.get(1)?,
                        name: row.get(2)?,
                        channel: get_id(row, 3)?,
                        booths: Vec::new(),
                        weekly_limits: from_json(4, &row.get::<_, String>(4)?)?,
                        monthly_cap: row.get(5)?,
                        by: get_opt_id(row, 6)?,
                    },
                ))
            },
        )?;
        row.map(|(key, data)| {
            Exhibition::new(ExhibitionData {
                booths: self.booths(&key)?,
                ..data
            })
        })
        .transpose()
    }

    /// The consignments `sql` selects (with `params`), each with its events.
    fn consignments_of(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Consignment>> {
        let rows = self.all(sql, params, consignment_data)?;
        rows.into_iter()
            .map(|data| {
                let events = self.all(
                    "SELECT kind, quantity, on_date, by_actor FROM consignment_events
                     WHERE consignment_id = ?1 ORDER BY seq",
                    [blob(data.id)],
                    event_row,
                )?;
                Consignment::restore_by(data, events)
            })
            .collect()
    }
}

impl MarketRead for Db<'_> {
    fn channel(&self, id: ChannelId) -> Result<Option<Channel>> {
        self.one(
            select!(channel, "channels", "WHERE id = ?1"),
            [blob(id)],
            channel_row,
        )
    }

    fn channel_by_code(&self, code: &str) -> Result<Option<Channel>> {
        self.one(
            select!(channel, "channels", "WHERE code = ?1"),
            [code],
            channel_row,
        )
    }

    fn channels(&self) -> Result<Vec<Channel>> {
        self.all(
            select!(channel, "channels", "ORDER BY code"),
            [],
            channel_row,
        )
    }

    fn exhibition(&self, id: ExhibitionId) -> Result<Option<Exhibition>> {
        self.exhibition_where("id = ?1", &blob(id))
    }

    fn exhibition_by_code(&self, code: &str) -> Result<Option<Exhibition>> {
        self.exhibition_where("code = ?1", &code)
    }

    fn exhibitions(&self) -> Result<Vec<Exhibition>> {
        let codes: Vec<String> =
            self.all("SELECT code FROM exhibitions ORDER BY code", [], |row| {
                row.get(0)
            })?;
        codes
            .iter()
            .filter_map(|code| self.exhibition_by_code(code).transpose())
            .collect()
    }

    fn application(&self, id: ApplicationId) -> Result<Option<Application>> {
        self.one(
            select!(application, "applications", "WHERE id = ?1"),
            [blob(id)],
            application_row,
        )
    }

    fn applications(&self, exhibition: ExhibitionId) -> Result<Vec<Application>> {
        self.all(
            select!(
                application,
                "applications",
                "WHERE exhibition_id = ?1 ORDER BY id"
            ),
            [blob(exhibition)],
            application_row,
        )
    }

    fn transitions(&self, application: ApplicationId) -> Result<Vec<Transition>> {
        self.all(
            "SELECT application_id, from_state, to_state, reason, on_date, by_actor
             FROM application_transitions WHERE application_id = ?1 ORDER BY seq",
            [blob(application)],
            |row| {
                Ok(Transition {
                    application: get_id(row, 0)?,
                    from: enum_from(1, row.get(1)?)?,
                    to: enum_from(2, row.get(2)?)?,
                    reason: row.get(3)?,
                    on: text(row, 4)?,
                    by: get_opt_id(row, 5)?,
                })
            },
        )
    }

    fn bookings(&self, exhibition: ExhibitionId) -> Result<Vec<StoredBooking>> {
        self.all(
            select!(
                booking,
                "bookings",
                "WHERE exhibition_id = ?1 ORDER BY week_start, booth"
            ),
            [blob(exhibition)],
            booking_row,
        )
    }

    fn bookings_between(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<StoredBooking>> {
        self.all(
            select!(
                booking,
                "bookings",
                "WHERE week_start BETWEEN ?1 AND ?2 ORDER BY week_start, exhibition_id, booth"
            ),
            [from.to_string(), until.to_string()],
            booking_row,
        )
    }

    fn weeks_before(&self, business: BusinessId, day: JalaliDate) -> Result<u32> {
        Ok(self
            .one(
                "SELECT COUNT(*) FROM bookings WHERE business_id = ?1 AND week_start < ?2",
                params![blob(business), day.to_string()],
                |row| row.get(0),
            )?
            .unwrap_or(0))
    }

    fn order(&self, id: OrderId) -> Result<Option<Order>> {
        self.one(
            select!(order, "orders", "WHERE id = ?1"),
            [blob(id)],
            order_row,
        )
    }

    fn order_by_code(&self, code: &str) -> Result<Option<Order>> {
        self.one(
            select!(order, "orders", "WHERE code = ?1"),
            [code],
            order_row,
        )
    }

    fn orders(&self) -> Result<Vec<Order>> {
        self.all(
            select!(order, "orders", "ORDER BY due, code"),
            [],
            order_row,
        )
    }

    fn offers(&self) -> Result<Vec<Offer>> {
        self.all(
            "SELECT business_id, category, activity, capacity, unit_price, price_currency, lead_days,
                by_actor
             FROM offers ORDER BY business_id, category, activity",
            [],
            offer_row,
        )
    }

    fn fills(&self) -> Result<Vec<Fill>> {
        self.all(
            "SELECT order_id, business_id, quantity, unit_price, total, currency, due, by_actor
             FROM fills ORDER BY due, order_id, business_id, seq",
            [],
            fill_row,
        )
    }

    fn consignment(&self, id: ConsignmentId) -> Result<Option<Consignment>> {
        Ok(self
            .consignments_of(
                select!(consignment, "consignments", "WHERE id = ?1"),
                [blob(id)],
            )?
            .pop())
    }

    fn consignments(&self) -> Result<Vec<Consignment>> {
        self.consignments_of(select!(consignment, "consignments", "ORDER BY id"), [])
    }
}

impl MarketTx for Db<'_> {
    fn put_channel(&mut self, channel: &Channel, put: Put) -> Result<()> {
        let d = channel.data();
        let (from, until) = match d.schedule {
            Schedule::Permanent => (None, None),
            Schedule::Window { from, until } => (Some(from.to_string()), Some(until.to_string())),
        };
        let accepts = json(&d.accepts).map_err(backend)?;
        let kind = to_text(&d.kind).map_err(backend)?;
        self.put(
            put,
            (
                "INSERT INTO channels (id, code, name, kind, location, accepts, commission, fee_amount,
                    fee_currency, fee_per, schedule_from, schedule_until, capacity, by_actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                "UPDATE channels SET code = ?2, name = ?3, kind = ?4, location = ?5, accepts = ?6,
                    commission = ?7, fee_amount = ?8, fee_currency = ?9, fee_per = ?10,
                    schedule_from = ?11, schedule_until = ?12, capacity = ?13, by_actor = ?14
                 WHERE id = ?1",
            ),
            params![
                blob(d.id),
                d.code,
                d.name,
                kind,
                d.location,
                accepts,
                d.commission.to_string(),
                d.fee.map(|f| f.amount.minor_units()),
                d.fee.map(|f| f.amount.currency().code()),
                d.fee.map(|f| f.per.code()),
                from,
                until,
                d.capacity,
                d.by.map(blob),
            ],
            "channel",
            (&d.id, Some(&d.code)),
        )
    }

    fn put_exhibition(&mut self, exhibition: &Exhibition, put: Put) -> Result<()> {
        let d = exhibition.data();
        let limits = json(&d.weekly_limits).map_err(backend)?;
        self.put(
            put,
            (
                "INSERT INTO exhibitions (id, code, name, channel_id, weekly_limits, monthly_cap,
                    by_actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                "UPDATE exhibitions SET code = ?2, name = ?3, channel_id = ?4, weekly_limits = ?5,
                    monthly_cap = ?6, by_actor = ?7 WHERE id = ?1",
            ),
            params![
                blob(d.id),
                d.code,
                d.name,
                blob(d.channel),
                limits,
                d.monthly_cap,
                d.by.map(blob),
            ],
            "exhibition",
            (&d.id, Some(&d.code)),
        )?;
        self.execute(
            "DELETE FROM booths WHERE exhibition_id = ?1",
            [blob(d.id)],
            "exhibition",
            (&d.id, None),
        )?;
        for (position, booth) in d.booths.iter().enumerate() {
            let row = booth_params(d.id, position, booth)?;
            self.execute(
                concat!(
                    "INSERT INTO booths (",
                    homebiz_sql::columns!(booth),
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                ),
                params_from_iter(row.map(value)),
                "booth",
                (&booth.code, None),
            )?;
        }
        Ok(())
    }

    fn put_application(&mut self, application: &Application, put: Put) -> Result<()> {
        let d = application.data();
        let seasonality = d
            .seasonality
            .map(|s| json(&s))
            .transpose()
            .map_err(backend)?;
        self.put(
            put,
            (
                "INSERT INTO applications (id, exhibition_id, business_id, category, new_producer,
                    vulnerable, weeks_wanted, seasonality, applied_on, state, reason, by_actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                "UPDATE applications SET exhibition_id = ?2, business_id = ?3, category = ?4,
                    new_producer = ?5, vulnerable = ?6, weeks_wanted = ?7, seasonality = ?8,
                    applied_on = ?9, state = ?10, reason = ?11, by_actor = ?12
                 WHERE id = ?1",
            ),
            params![
                blob(d.id),
                blob(d.exhibition),
                blob(d.business),
                d.category.code(),
                d.new_producer,
                d.vulnerable,
                d.weeks_wanted,
                seasonality,
                d.applied_on.to_string(),
                application.state().code(),
                application.reason(),
                d.by.map(blob),
            ],
            "application",
            (&d.id, None),
        )
    }

    fn append_transition(&mut self, t: &Transition) -> Result<()> {
        self.execute(
            "INSERT INTO application_transitions (application_id, from_state, to_state, reason,
                on_date, by_actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                blob(t.application),
                t.from.code(),
                t.to.code(),
                t.reason,
                t.on.to_string(),
                t.by.map(blob),
            ],
            "application",
            (&t.application, None),
        )
        .map(drop)
    }

    fn replace_bookings(
        &mut self,
        exhibition: ExhibitionId,
        from: JalaliDate,
        until: JalaliDate,
        bookings: &[StoredBooking],
    ) -> Result<()> {
        if self.exhibition(exhibition)?.is_none() {
            return Err(MarketError::not_found("exhibition", exhibition));
        }
        self.execute(
            "DELETE FROM bookings WHERE exhibition_id = ?1 AND week_start BETWEEN ?2 AND ?3",
            params![blob(exhibition), from.to_string(), until.to_string()],
            "exhibition",
            (&exhibition, None),
        )?;
        for s in bookings {
            self.execute(
                concat!(
                    "INSERT INTO bookings (",
                    homebiz_sql::columns!(booking),
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                ),
                params_from_iter(booking_params(s).map(value)),
                "booking",
                (&booking_key(s), None),
            )?;
        }
        Ok(())
    }

    fn put_order(&mut self, order: &Order, put: Put) -> Result<()> {
        let d = order.data();
        self.put(
            put,
            (
                "INSERT INTO orders (id, code, buyer, category, activity, quantity, unit,
                    price_ceiling, price_currency, due, by_actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                "UPDATE orders SET code = ?2, buyer = ?3, category = ?4, activity = ?5,
                    quantity = ?6, unit = ?7, price_ceiling = ?8, price_currency = ?9, due = ?10,
                    by_actor = ?11
                 WHERE id = ?1",
            ),
            params![
                blob(d.id),
                d.code,
                d.buyer,
                d.category.code(),
                d.activity,
                d.quantity,
                d.unit,
                d.price_ceiling.minor_units(),
                d.price_ceiling.currency().code(),
                d.due.to_string(),
                d.by.map(blob),
            ],
            "order",
            (&d.id, Some(&d.code)),
        )
    }

    fn put_offer(&mut self, offer: &Offer) -> Result<()> {
        offer.validate()?;
        self.execute(
            "INSERT OR REPLACE INTO offers (business_id, category, activity, capacity, unit_price,
                price_currency, lead_days, by_actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                blob(offer.business),
                offer.category.code(),
                offer.activity.as_deref().unwrap_or(""),
                offer.capacity,
                offer.unit_price.minor_units(),
                offer.unit_price.currency().code(),
                offer.lead_days,
                offer.by.map(blob),
            ],
            "offer",
            (&offer.business, None),
        )
        .map(drop)
    }

    fn replace_fills(&mut self, orders: &[OrderId], fills: &[Fill]) -> Result<()> {
        for order in orders {
            self.execute(
                "DELETE FROM fills WHERE order_id = ?1",
                [blob(*order)],
                "order",
                (order, None),
            )?;
        }
        for f in fills {
            self.execute(
                "INSERT INTO fills (order_id, business_id, quantity, unit_price, total, currency, due,
                    by_actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    blob(f.order),
                    blob(f.business),
                    f.quantity,
                    f.unit_price.minor_units(),
                    f.total.minor_units(),
                    f.total.currency().code(),
                    f.due.to_string(),
                    f.by.map(blob),
                ],
                "order",
                (&f.order, None),
            )?;
        }
        Ok(())
    }

    fn insert_consignment(&mut self, consignment: &Consignment) -> Result<()> {
        let d = consignment.data();
        self.execute(
            concat!(
                "INSERT INTO consignments (",
                homebiz_sql::columns!(consignment),
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ),
            params![
                blob(d.id),
                blob(d.business),
                blob(d.channel),
                d.item,
                d.quantity,
                d.unit_price.minor_units(),
                d.unit_price.currency().code(),
                d.commission.to_string(),
                d.placed_on.to_string(),
                d.by.map(blob),
            ],
            "consignment",
            (&d.id, None),
        )
        .map(drop)
    }

    fn append_consignment_event(
        &mut self,
        consignment: ConsignmentId,
        event: &Event,
        by: Option<ActorId>,
    ) -> Result<()> {
        let mut stored = self
            .consignment(consignment)?
            .ok_or_else(|| MarketError::not_found("consignment", consignment))?;
        stored.record_by(*event, by)?;
        let (kind, quantity) = event.parts();
        self.execute(
            "INSERT INTO consignment_events (consignment_id, kind, quantity, on_date, by_actor)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                blob(consignment),
                kind,
                quantity,
                event.on().to_string(),
                by.map(blob)
            ],
            "consignment",
            (&consignment, None),
        )
        .map(drop)
    }
}
