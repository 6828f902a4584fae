//! The market's rows that both stores write alike.

use homebiz_core::id::{ExhibitionId, TypedId};
use homebiz_market::exhibition::Booth;
use homebiz_market::store::StoredBooking;
use homebiz_market::{MarketError, Result};

use crate::Param;

/// An ID as a UUID parameter.
fn id<T: TypedId>(id: T) -> Param {
    Param::Uuid(Some(id.as_uuid()))
}

/// An optional ID as a UUID parameter (NULL when `None`).
fn opt_id<T: TypedId>(id: Option<T>) -> Param {
    Param::Uuid(id.map(|i| i.as_uuid()))
}

/// How an error about a booking names it: its booth and week.
pub fn booking_key(stored: &StoredBooking) -> String {
    let b = &stored.booking;
    format!("{} {}", b.booth, b.week.start)
}

/// The values of a booking's row, in the order of
/// [`columns!(booking)`](crate::columns).
pub fn booking_params(stored: &StoredBooking) -> [Param; 14] {
    let b = &stored.booking;
    let points = |p: u32| Param::BigInt(i64::from(p));
    [
        id(stored.exhibition),
        Param::Text(b.week.start.to_string()),
        Param::Text(b.booth.clone()),
        Param::Int(i32::from(b.week.index)),
        id(b.application),
        id(b.business),
        Param::Text(b.category.code().to_owned()),
        points(b.earned.booking),
        points(b.earned.new_producer),
        points(b.earned.vulnerable),
        points(b.earned.rotation),
        points(b.earned.weeks_before),
        points(b.earned.season),
        opt_id(b.by),
    ]
}

/// The values of the row of `booth`, the `position`th (from 0) of
/// `exhibition`, in the order of [`columns!(booth)`](crate::columns).
/// A position past `i32` or categories that do not serialise are a
/// backend error.
pub fn booth_params(
    exhibition: ExhibitionId,
    position: usize,
    booth: &Booth,
) -> Result<[Param; 6]> {
    Ok([
        id(exhibition),
        Param::Text(booth.code.clone()),
        Param::Int(i32::try_from(position).map_err(MarketError::backend)?),
        Param::Text(booth.size.code().to_owned()),
        Param::Json(serde_json::to_value(&booth.accepts).map_err(MarketError::backend)?),
        opt_id(booth.by),
    ])
}

#[cfg(test)]
mod tests {
    use homebiz_core::JalaliDate;
    use homebiz_core::category::Category;
    use homebiz_core::id::{ActorId, ApplicationId, BusinessId};
    use homebiz_market::allocate::{Booking, Earned, Week};
    use homebiz_market::exhibition::SizeClass;

    use super::*;

    fn columns(list: &str) -> usize {
        list.split(',').count()
    }

    fn stored() -> StoredBooking {
        StoredBooking {
            exhibition: ExhibitionId::new(),
            booking: Booking {
                week: Week {
                    index: 3,
                    start: JalaliDate::new(1404, 7, 12).unwrap(),
                },
                booth: "F-01".into(),
                application: ApplicationId::new(),
                business: BusinessId::new(),
                category: Category::Handicrafts,
                earned: Earned {
                    booking: 1,
                    new_producer: 2,
                    vulnerable: 3,
                    rotation: 4,
                    weeks_before: 5,
                    season: 6,
                },
                by: None,
            },
        }
    }

    #[test]
    fn a_booking_gives_one_value_per_column_in_order() {
        let s = stored();
        let params = booking_params(&s);
        assert_eq!(params.len(), columns(crate::columns!(booking)));
        assert_eq!(params[0], Param::Uuid(Some(s.exhibition.as_uuid())));
        assert_eq!(params[1], Param::Text("1404-07-12".into()));
        assert_eq!(params[2], Param::Text("F-01".into()));
        assert_eq!(params[3], Param::Int(3));
        assert_eq!(
            params[4],
            Param::Uuid(Some(s.booking.application.as_uuid()))
        );
        assert_eq!(params[5], Param::Uuid(Some(s.booking.business.as_uuid())));
        assert_eq!(params[6], Param::Text("handicrafts".into()));
        let points: Vec<Param> = (1..=6).map(Param::BigInt).collect();
        assert_eq!(params[7..13], points[..]);
        assert_eq!(params[13], Param::Uuid(None));
        assert_eq!(booking_key(&s), "F-01 1404-07-12");
    }

    #[test]
    fn a_booth_gives_one_value_per_column_in_order() {
        let exhibition = ExhibitionId::new();
        let by = ActorId::new();
        let mut booth = Booth::new("F-02", SizeClass::Small, vec![Category::AgroProcessing]);
        booth.by = Some(by);
        let params = booth_params(exhibition, 7, &booth).unwrap();
        assert_eq!(params.len(), columns(crate::columns!(booth)));
        assert_eq!(
            params,
            [
                Param::Uuid(Some(exhibition.as_uuid())),
                Param::Text("F-02".into()),
                Param::Int(7),
                Param::Text(SizeClass::Small.code().into()),
                Param::Json(serde_json::json!(["agro_processing"])),
                Param::Uuid(Some(by.as_uuid())),
            ]
        );
        assert!(booth_params(exhibition, usize::MAX, &booth).is_err());
    }
}
