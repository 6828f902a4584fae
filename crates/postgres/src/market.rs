//! The market store traits on PostgreSQL (tables of migration V2).

use postgres::Row;
use postgres::types::Json;

use homebiz_core::JalaliDate;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, ConsignmentId, ExhibitionId, OrderId,
};
use homebiz_core::rust_decimal::Decimal;
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
    count, count_opt, get, id, id_opt, json, json_opt, money, name, param, parse, parse_opt, small,
    to_name, uuid,
};
use crate::{FOREIGN_KEY_VIOLATION, PgError, UNIQUE_VIOLATION};

domain_store!(MarketError, MarketStore, MarketRead, MarketTx);

/// A validation failure of a stored record, as a column error.
fn record<T>(result: Result<T>) -> std::result::Result<T, PgError> {
    result.map_err(|_| PgError::Decode {
        column: "id".into(),
    })
}

fn channel_row(row: &Row) -> std::result::Result<Channel, PgError> {
    let fee = match get::<Option<i64>>(row, 7)? {
        Some(_) => Some(Fee {
            amount: money(row, 7, 8)?,
            per: parse(row, 9)?,
        }),
        None => None,
    };
    let schedule = match parse_opt(row, 10)? {
        Some(from) => Schedule::Window {
            from,
            until: parse(row, 11)?,
        },
        None => Schedule::Permanent,
    };
    record(Channel::new(ChannelData {
        id: id(row, 0)?,
        code: get(row, 1)?,
        name: get(row, 2)?,
        kind: name(row, 3)?,
        location: get(row, 4)?,
        accepts: json(row, 5)?,
        commission: parse::<Decimal>(row, 6)?,
        fee,
        schedule,
        capacity: count_opt(row, 12)?,
        by: id_opt(row, 13)?,
    }))
}

fn application_row(row: &Row) -> std::result::Result<Application, PgError> {
    let data = ApplicationData {
        id: id(row, 0)?,
        exhibition: id(row, 1)?,
        business: id(row, 2)?,
        category: name(row, 3)?,
        new_producer: get(row, 4)?,
        vulnerable: get(row, 5)?,
        weeks_wanted: small(row, 6)?,
        seasonality: json_opt(row, 7)?,
        applied_on: parse(row, 8)?,
        by: id_opt(row, 11)?,
    };
    record(Application::restore(data, name(row, 9)?, get(row, 10)?))
}

fn booking_row(row: &Row) -> std::result::Result<StoredBooking, PgError> {
    Ok(StoredBooking {
        exhibition: id(row, 0)?,
        booking: Booking {
            week: Week {
                start: parse(row, 1)?,
                index: small(row, 3)?,
            },
            booth: get(row, 2)?,
            application: id(row, 4)?,
            business: id(row, 5)?,
            category: name(row, 6)?,
            earned: Earned {
                booking: count(row, 7)?,
                new_producer: count(row, 8)?,
                vulnerable: count(row, 9)?,
                rotation: count(row, 10)?,
                weeks_before: count(row, 11)?,
                season: count(row, 12)?,
            },
            by: id_opt(row, 13)?,
        },
    })
}

fn order_row(row: &Row) -> std::result::Result<Order, PgError> {
    record(Order::new(OrderData {
        id: id(row, 0)?,
        code: get(row, 1)?,
        buyer: get(row, 2)?,
        category: name(row, 3)?,
        activity: get(row, 4)?,
        quantity: count(row, 5)?,
        unit: get(row, 6)?,
        price_ceiling: money(row, 7, 8)?,
        due: parse(row, 9)?,
        by: id_opt(row, 10)?,
    }))
}

fn offer_row(row: &Row) -> std::result::Result<Offer, PgError> {
    let activity: String = get(row, 2)?;
    Ok(Offer {
        business: id(row, 0)?,
        category: name(row, 1)?,
        activity: (!activity.is_empty()).then_some(activity),
        capacity: count(row, 3)?,
        unit_price: money(row, 4, 5)?,
        lead_days: small(row, 6)?,
        by: id_opt(row, 7)?,
    })
}

fn fill_row(row: &Row) -> std::result::Result<Fill, PgError> {
    let unit_price = money(row, 3, 5)?;
    Ok(Fill {
        order: id(row, 0)?,
        business: id(row, 1)?,
        quantity: count(row, 2)?,
        unit_price,
        total: homebiz_core::Money::new(get(row, 4)?, unit_price.currency()),
        due: parse(row, 6)?,
        by: id_opt(row, 7)?,
    })
}

fn consignment_data(row: &Row) -> std::result::Result<ConsignmentData, PgError> {
    Ok(ConsignmentData {
        id: id(row, 0)?,
        business: id(row, 1)?,
        channel: id(row, 2)?,
        item: get(row, 3)?,
        quantity: count(row, 4)?,
        unit_price: money(row, 5, 6)?,
        commission: parse::<Decimal>(row, 7)?,
        placed_on: parse(row, 8)?,
        by: id_opt(row, 9)?,
    })
}

fn event_row(row: &Row) -> std::result::Result<(Event, Option<ActorId>), PgError> {
    let event =
        Event::from_parts(get(row, 0)?, count_opt(row, 1)?, parse(row, 2)?).map_err(|_| {
            PgError::Decode {
                column: "kind".into(),
            }
        })?;
    Ok((event, id_opt(row, 3)?))
}

/// Who a refused statement was about: the record's kind, its key, and its
/// code where it has one.
struct Keys<'k> {
    what: &'static str,
    key: &'k dyn ToString,
    code: Option<&'k str>,
}

impl Db<'_, '_> {
    /// Runs a statement inside a savepoint; a taken key or unique code
    /// becomes [`MarketError::AlreadyExists`] naming the code if it was the
    /// code, the key otherwise, and a missing parent
    /// [`MarketError::NotFound`] naming the key. The transaction goes on
    /// as it was before the statement.
    fn write(&self, sql: &str, params: &Params<'_>, keys: &Keys<'_>) -> Result<u64> {
        match self.0.savepoint(|| self.0.execute(sql, params)) {
            Ok(n) => Ok(n),
            Err(e) if e.code() == Some(UNIQUE_VIOLATION) => {
                let code_taken = e.constraint().is_some_and(|c| c.ends_with("_code_key"));
                Err(MarketError::already_exists(
                    keys.what,
                    match (code_taken, keys.code) {
                        (true, Some(code)) => code.to_owned(),
                        _ => keys.key.to_string(),
                    },
                ))
            }
            Err(e) if e.code() == Some(FOREIGN_KEY_VIOLATION) => {
                Err(MarketError::not_found(keys.what, keys.key.to_string()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Inserts (`insert`) or, for [`Put::Replace`], updates (`update`,
    /// which must change one row or the record is not found).
    fn put(
        &self,
        put: Put,
        (insert, update): (&str, &str),
        params: &Params<'_>,
        keys: &Keys<'_>,
    ) -> Result<()> {
        let sql = match put {
            Put::Insert => insert,
            Put::Replace => update,
        };
        match self.write(sql, params, keys)? {
            0 => Err(MarketError::not_found(keys.what, keys.key.to_string())),
            _ => Ok(()),
        }
    }

    fn booths(&self, exhibition: uuid::Uuid) -> Result<Vec<Booth>> {
        self.all(
            "SELECT code, size, accepts, by_actor FROM booths WHERE exhibition_id = $1 ORDER BY position",
            &[&exhibition],
            |row| {
                Ok(Booth {
                    code: get(row, 0)?,
                    size: parse(row, 1)?,
                    accepts: json(row, 2)?,
                    by: id_opt(row, 3)?,
                })
            },
        )
    }

    /// The exhibitions `sql` selects, each with its booths.
    fn exhibitions_of(&self, sql: &str, params: &Params<'_>) -> Result<Vec<Exhibition>> {
        let rows = self.all(sql, params, |row| {
            Ok(ExhibitionData {
                id: id(row, 0)?,
                code: get(row, 1)?,
                name: get(row, 2)?,
                channel: id(row, 3)?,
                booths: Vec::new(),
                weekly_limits: json(row, 4)?,
                monthly_cap: small(row, 5)?,
                by: id_opt(row, 6)?,
            })
        })?;
        rows.into_iter()
            .map(|data| {
                Exhibition::new(ExhibitionData {
                    booths: self.booths(uuid(data.id))?,
                    ..data
                })
            })
            .collect()
    }

    /// The consignments `sql` selects, each with its events.
    fn consignments_of(&self, sql: &str, params: &Params<'_>) -> Result<Vec<Consignment>> {
        let rows = self.all(sql, params, consignment_data)?;
        rows.into_iter()
            .map(|data| {
                let events = self.all(
                    "SELECT kind, quantity, on_date, by_actor FROM consignment_events
                     WHERE consignment_id = $1 ORDER BY seq",
                    &[&uuid(data.id)],
                    event_row,
                )?;
                Consignment::restore_by(data, events)
            })
            .collect()
    }
}

impl MarketRead for Db<'_, '_> {
    fn channel(&self, channel: ChannelId) -> Result<Option<Channel>> {
        self.one(
            select!(channel, "channels", "WHERE id = $1"),
            &[&uuid(channel)],
            channel_row,
        )
    }

    fn channel_by_code(&self, code: &str) -> Result<Option<Channel>> {
        self.one(
            select!(channel, "channels", "WHERE code = $1"),
            &[&code],
            channel_row,
        )
    }

    fn channels(&self) -> Result<Vec<Channel>> {
        self.all(
            select!(channel, "channels", "ORDER BY code"),
            &[],
            channel_row,
        )
    }

    fn exhibition(&self, exhibition: ExhibitionId) -> Result<Option<Exhibition>> {
        Ok(self
            .exhibitions_of(
                select!(exhibition, "exhibitions", "WHERE id = $1"),
                &[&uuid(exhibition)],
            )?
            .pop())
    }

    fn exhibition_by_code(&self, code: &str) -> Result<Option<Exhibition>> {
        Ok(self
            .exhibitions_of(
                select!(exhibition, "exhibitions", "WHERE code = $1"),
                &[&code],
            )?
            .pop())
    }

    fn exhibitions(&self) -> Result<Vec<Exhibition>> {
        self.exhibitions_of(select!(exhibition, "exhibitions", "ORDER BY code"), &[])
    }

    fn application(&self, application: ApplicationId) -> Result<Option<Application>> {
        self.one(
            select!(application, "applications", "WHERE id = $1"),
            &[&uuid(application)],
            application_row,
        )
    }

    fn applications(&self, exhibition: ExhibitionId) -> Result<Vec<Application>> {
        self.all(
            select!(
                application,
                "applications",
                "WHERE exhibition_id = $1 ORDER BY id"
            ),
            &[&uuid(exhibition)],
            application_row,
        )
    }

    fn transitions(&self, application: ApplicationId) -> Result<Vec<Transition>> {
        self.all(
            "SELECT application_id, from_state, to_state, reason, on_date, by_actor
             FROM application_transitions WHERE application_id = $1 ORDER BY seq",
            &[&uuid(application)],
            |row| {
                Ok(Transition {
                    application: id(row, 0)?,
                    from: name(row, 1)?,
                    to: name(row, 2)?,
                    reason: get(row, 3)?,
                    on: parse(row, 4)?,
                    by: id_opt(row, 5)?,
                })
            },
        )
    }

    fn bookings(&self, exhibition: ExhibitionId) -> Result<Vec<StoredBooking>> {
        self.all(
            select!(
                booking,
                "bookings",
                "WHERE exhibition_id = $1 ORDER BY week_start, booth"
            ),
            &[&uuid(exhibition)],
            booking_row,
        )
    }

    fn bookings_between(&self, from: JalaliDate, until: JalaliDate) -> Result<Vec<StoredBooking>> {
        self.all(
            select!(
                booking,
                "bookings",
                "WHERE week_start BETWEEN $1 AND $2 ORDER BY week_start, exhibition_id, booth"
            ),
            &[&from.to_string(), &until.to_string()],
            booking_row,
        )
    }

    fn weeks_before(&self, business: BusinessId, day: JalaliDate) -> Result<u32> {
        Ok(self
            .one(
                "SELECT COUNT(*) FROM bookings WHERE business_id = $1 AND week_start < $2",
                &[&uuid(business), &day.to_string()],
                |row| count(row, 0),
            )?
            .unwrap_or(0))
    }

    fn order(&self, order: OrderId) -> Result<Option<Order>> {
        self.one(
            select!(order, "orders", "WHERE id = $1"),
            &[&uuid(order)],
            order_row,
        )
    }

    fn order_by_code(&self, code: &str) -> Result<Option<Order>> {
        self.one(
            select!(order, "orders", "WHERE code = $1"),
            &[&code],
            order_row,
        )
    }

    fn orders(&self) -> Result<Vec<Order>> {
        self.all(
            select!(order, "orders", "ORDER BY due, code"),
            &[],
            order_row,
        )
    }

    fn offers(&self) -> Result<Vec<Offer>> {
        self.all(
            "SELECT business_id, category, activity, capacity, unit_price, price_currency,
                lead_days, by_actor
             FROM offers ORDER BY business_id, category, activity",
            &[],
            offer_row,
        )
    }

    fn fills(&self) -> Result<Vec<Fill>> {
        self.all(
            "SELECT order_id, business_id, quantity, unit_price, total, currency, due, by_actor
             FROM fills ORDER BY due, order_id, business_id, seq",
            &[],
            fill_row,
        )
    }

    fn consignment(&self, consignment: ConsignmentId) -> Result<Option<Consignment>> {
        Ok(self
            .consignments_of(
                select!(consignment, "consignments", "WHERE id = $1"),
                &[&uuid(consignment)],
            )?
            .pop())
    }

    fn consignments(&self) -> Result<Vec<Consignment>> {
        self.consignments_of(select!(consignment, "consignments", "ORDER BY id"), &[])
    }
}

impl MarketTx for Db<'_, '_> {
    fn put_channel(&mut self, channel: &Channel, put: Put) -> Result<()> {
        let d = channel.data();
        let (from, until) = match d.schedule {
            Schedule::Permanent => (None, None),
            Schedule::Window { from, until } => (Some(from.to_string()), Some(until.to_string())),
        };
        self.put(
            put,
            (
                "INSERT INTO channels (id, code, name, kind, location, accepts, commission,
                    fee_amount, fee_currency, fee_per, schedule_from, schedule_until, capacity,
                    by_actor)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                "UPDATE channels SET code = $2, name = $3, kind = $4, location = $5,
                    accepts = $6, commission = $7, fee_amount = $8, fee_currency = $9,
                    fee_per = $10, schedule_from = $11, schedule_until = $12, capacity = $13,
                    by_actor = $14
                 WHERE id = $1",
            ),
            &[
                &uuid(d.id),
                &d.code,
                &d.name,
                &to_name(&d.kind)?,
                &d.location,
                &Json(&d.accepts),
                &d.commission.to_string(),
                &d.fee.map(|f| f.amount.minor_units()),
                &d.fee.map(|f| f.amount.currency().code()),
                &d.fee.map(|f| f.per.code()),
                &from,
                &until,
                &d.capacity.map(i64::from),
                &d.by.map(uuid),
            ],
            &Keys {
                what: "channel",
                key: &d.id,
                code: Some(&d.code),
            },
        )
    }

    fn put_exhibition(&mut self, exhibition: &Exhibition, put: Put) -> Result<()> {
        let d = exhibition.data();
        let keys = Keys {
            what: "exhibition",
            key: &d.id,
            code: Some(&d.code),
        };
        self.put(
            put,
            (
                "INSERT INTO exhibitions (id, code, name, channel_id, weekly_limits, monthly_cap,
                    by_actor)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                "UPDATE exhibitions SET code = $2, name = $3, channel_id = $4,
                    weekly_limits = $5, monthly_cap = $6, by_actor = $7
                 WHERE id = $1",
            ),
            &[
                &uuid(d.id),
                &d.code,
                &d.name,
                &uuid(d.channel),
                &Json(&d.weekly_limits),
                &i32::from(d.monthly_cap),
                &d.by.map(uuid),
            ],
            &keys,
        )?;
        self.write(
            "DELETE FROM booths WHERE exhibition_id = $1",
            &[&uuid(d.id)],
            &keys,
        )?;
        for (position, booth) in d.booths.iter().enumerate() {
            let row = booth_params(d.id, position, booth)?;
            self.write(
                concat!(
                    "INSERT INTO booths (",
                    homebiz_sql::columns!(booth),
                    ") VALUES ($1, $2, $3, $4, $5, $6)"
                ),
                &row.each_ref().map(param),
                &Keys {
                    what: "booth",
                    key: &booth.code,
                    code: None,
                },
            )?;
        }
        Ok(())
    }

    fn put_application(&mut self, application: &Application, put: Put) -> Result<()> {
        let d = application.data();
        self.put(
            put,
            (
                "INSERT INTO applications (province_id, id, exhibition_id, business_id, category,
                    new_producer, vulnerable, weeks_wanted, seasonality, applied_on, state,
                    reason, by_actor)
                 VALUES (homebiz_business_province($3), $1, $2, $3, $4, $5, $6, $7, $8, $9,
                    $10, $11, $12)",
                "UPDATE applications SET exhibition_id = $2, business_id = $3, category = $4,
                    new_producer = $5, vulnerable = $6, weeks_wanted = $7, seasonality = $8,
                    applied_on = $9, state = $10, reason = $11, by_actor = $12
                 WHERE id = $1",
            ),
            &[
                &uuid(d.id),
                &uuid(d.exhibition),
                &uuid(d.business),
                &d.category.code(),
                &d.new_producer,
                &d.vulnerable,
                &i32::from(d.weeks_wanted),
                &d.seasonality.as_ref().map(Json),
                &d.applied_on.to_string(),
                &application.state().code(),
                &application.reason(),
                &d.by.map(uuid),
            ],
            &Keys {
                what: "application",
                key: &d.id,
                code: None,
            },
        )
    }

    fn append_transition(&mut self, t: &Transition) -> Result<()> {
        self.write(
            "INSERT INTO application_transitions (province_id, application_id, from_state,
                to_state, reason, on_date, by_actor)
             VALUES (COALESCE((SELECT province_id FROM applications WHERE id = $1),
                homebiz_programme()), $1, $2, $3, $4, $5, $6)",
            &[
                &uuid(t.application),
                &t.from.code(),
                &t.to.code(),
                &t.reason,
                &t.on.to_string(),
                &t.by.map(uuid),
            ],
            &Keys {
                what: "application",
                key: &t.application,
                code: None,
            },
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
        self.write(
            "DELETE FROM bookings WHERE exhibition_id = $1 AND week_start BETWEEN $2 AND $3",
            &[&uuid(exhibition), &from.to_string(), &until.to_string()],
            &Keys {
                what: "exhibition",
                key: &exhibition,
                code: None,
            },
        )?;
        for s in bookings {
            let row = booking_params(s);
            self.write(
                concat!(
                    "INSERT INTO bookings (",
                    homebiz_sql::columns!(booking),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                ),
                &row.each_ref().map(param),
                &Keys {
                    what: "booking",
                    key: &booking_key(s),
                    code: None,
                },
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
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                "UPDATE orders SET code = $2, buyer = $3, category = $4, activity = $5,
                    quantity = $6, unit = $7, price_ceiling = $8, price_currency = $9,
                    due = $10, by_actor = $11
                 WHERE id = $1",
            ),
            &[
                &uuid(d.id),
                &d.code,
                &d.buyer,
                &d.category.code(),
                &d.activity,
                &i64::from(d.quantity),
                &d.unit,
                &d.price_ceiling.minor_units(),
                &d.price_ceiling.currency().code(),
                &d.due.to_string(),
                &d.by.map(uuid),
            ],
            &Keys {
                what: "order",
                key: &d.id,
                code: Some(&d.code),
            },
        )
    }

    fn put_offer(&mut self, offer: &Offer) -> Result<()> {
        offer.validate()?;
        self.write(
            "INSERT INTO offers (province_id, business_id, category, activity, capacity,
                unit_price, price_currency, lead_days, by_actor)
             VALUES (homebiz_business_province($1), $1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (business_id, category, activity) DO UPDATE SET
                capacity = excluded.capacity, unit_price = excluded.unit_price,
                price_currency = excluded.price_currency, lead_days = excluded.lead_days,
                by_actor = excluded.by_actor",
            &[
                &uuid(offer.business),
                &offer.category.code(),
                &offer.activity.as_deref().unwrap_or(""),
                &i64::from(offer.capacity),
                &offer.unit_price.minor_units(),
                &offer.unit_price.currency().code(),
                &i32::from(offer.lead_days),
                &offer.by.map(uuid),
            ],
            &Keys {
                what: "offer",
                key: &offer.business,
                code: None,
            },
        )
        .map(drop)
    }

    fn replace_fills(&mut self, orders: &[OrderId], fills: &[Fill]) -> Result<()> {
        let ids: Vec<uuid::Uuid> = orders.iter().copied().map(uuid).collect();
        self.run("DELETE FROM fills WHERE order_id = ANY($1)", &[&ids])?;
        for f in fills {
            self.write(
                "INSERT INTO fills (order_id, business_id, quantity, unit_price, total,
                    currency, due, by_actor)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &uuid(f.order),
                    &uuid(f.business),
                    &i64::from(f.quantity),
                    &f.unit_price.minor_units(),
                    &f.total.minor_units(),
                    &f.total.currency().code(),
                    &f.due.to_string(),
                    &f.by.map(uuid),
                ],
                &Keys {
                    what: "order",
                    key: &f.order,
                    code: None,
                },
            )?;
        }
        Ok(())
    }

    fn insert_consignment(&mut self, consignment: &Consignment) -> Result<()> {
        let d = consignment.data();
        self.write(
            concat!(
                "INSERT INTO consignments (province_id, ",
                homebiz_sql::columns!(consignment),
                ") VALUES (homebiz_business_province($2), $1, $2, $3, $4, $5, $6, $7, $8, $9,
                    $10)"
            ),
            &[
                &uuid(d.id),
                &uuid(d.business),
                &uuid(d.channel),
                &d.item,
                &i64::from(d.quantity),
                &d.unit_price.minor_units(),
                &d.unit_price.currency().code(),
                &d.commission.to_string(),
                &d.placed_on.to_string(),
                &d.by.map(uuid),
            ],
            &Keys {
                what: "consignment",
                key: &d.id,
                code: None,
            },
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
        self.write(
            "INSERT INTO consignment_events (province_id, consignment_id, kind, quantity,
                on_date, by_actor)
             VALUES (COALESCE((SELECT province_id FROM consignments WHERE id = $1),
                homebiz_programme()), $1, $2, $3, $4, $5)",
            &[
                &uuid(consignment),
                &kind,
                &quantity.map(i64::from),
                &event.on().to_string(),
                &by.map(uuid),
            ],
            &Keys {
                what: "consignment",
                key: &consignment,
                code: None,
            },
        )
        .map(drop)
    }
}
