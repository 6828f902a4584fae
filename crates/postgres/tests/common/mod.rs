//! Set-up shared by the PostgreSQL integration tests.

use homebiz_core::JalaliDate;
use homebiz_core::category::Category;
use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{ChannelId, ExhibitionId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_market::Market;
use homebiz_market::channel::{ChannelData, Schedule};
use homebiz_market::exhibition::{Booth, ExhibitionData, SizeClass};
use homebiz_market::store::MarketStore;

/// The exhibition [`park`] makes.
pub(crate) const PARK: &str = "PARK";

/// A day of 1404.
pub(crate) fn day(month: u8, day: u8) -> JalaliDate {
    JalaliDate::new(1404, month, day).unwrap()
}

/// The exhibition [`PARK`], on a permanent-exhibition channel of its own,
/// with `booths` standard booths (`A-1`, `A-2`, …) open to every category,
/// no weekly limits and a cap of four weeks a month.
pub(crate) fn park<S: MarketStore>(market: &Market<S>, booths: usize) -> ExhibitionId {
    let channel = market
        .add_channel(ChannelData {
            id: ChannelId::new(),
            code: PARK.into(),
            name: "نمایشگاه دائمی پارک".into(),
            kind: ChannelKind::PermanentExhibition,
            location: "Urmia".into(),
            accepts: vec![Category::Handicrafts],
            commission: Decimal::ZERO,
            fee: None,
            schedule: Schedule::Window {
                from: day(1, 1),
                until: day(12, 29),
            },
            capacity: None,
            by: None,
        })
        .unwrap();
    market
        .create_exhibition(ExhibitionData {
            id: ExhibitionId::new(),
            code: PARK.into(),
            name: "غرفه‌های پارک".into(),
            channel: channel.id(),
            booths: (1..=booths)
                .map(|n| Booth::new(format!("A-{n}"), SizeClass::Standard, vec![]))
                .collect(),
            weekly_limits: vec![],
            monthly_cap: 4,
            by: None,
        })
        .unwrap()
        .id()
}

/// Two more facilitation offices, URM-C and URM-D, under the fixture's
/// city: the IDs of its four offices (A, B, C, D).
#[allow(dead_code)] // Not every test file that shares this module uses it.
pub(crate) fn four_offices(
    f: &homebiz_registry::testing::Fixture<&homebiz_postgres::PgStore>,
) -> Vec<homebiz_core::id::OfficeId> {
    use homebiz_core::id::OfficeId;
    use homebiz_registry::{OfficeData, OfficeLevel};
    let city = f
        .registry
        .read(&f.admin, |r| r.office_by_code("URM-CITY"))
        .unwrap()
        .id();
    let mut offices = vec![f.office_a, f.office_b];
    for code in ["URM-C", "URM-D"] {
        let office = f
            .registry
            .write(&f.admin, |w| {
                w.add_office(OfficeData {
                    id: OfficeId::new(),
                    code: code.into(),
                    name: format!("دفتر {code}"),
                    level: OfficeLevel::Office,
                    parent: Some(city),
                })
            })
            .unwrap();
        offices.push(office.id());
    }
    offices
}
