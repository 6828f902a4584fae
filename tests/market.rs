//! The registry and the market on one SQLite database: a registry business
//! becomes an exhibition application (category and season from the
//! catalog), is allocated booth-weeks, and shows in the linkage indicator
//! of its office.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use homebiz::compose::application_data;
use homebiz::core::category::Category;
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{ChannelId, ExhibitionId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{FixedClock, JalaliDate};
use homebiz::market::Market;
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::channel::{ChannelData, Schedule};
use homebiz::market::exhibition::{Booth, ExhibitionData, SizeClass};
use homebiz::registry::testing::{Fixture, business_data};
use homebiz::registry::{BusinessState, Licence, LicenceKind};
use homebiz::scoring::catalog::Catalog;
use homebiz::sqlite::SqliteStore;

#[test]
fn registry_businesses_apply_get_booths_and_count_as_linked() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("h.sqlite")).unwrap());
    let f = Fixture::new(Arc::clone(&store));
    let market = Market::new(
        Arc::clone(&store),
        FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()),
    );
    let catalog = Catalog::default_catalog().unwrap();

    // Two businesses in office A (pickles), one in office B.
    let mut businesses = Vec::new();
    for (n, (office, code)) in [
        (f.office_a, "A-1"),
        (f.office_a, "A-2"),
        (f.office_b, "B-1"),
    ]
    .into_iter()
    .enumerate()
    {
        let household = f.household(office, code);
        let owner = f.person(household.id(), n as u32 + 1).person;
        let business = f
            .registry
            .write(&f.admin, |w| {
                // Trading, so it may apply for booths.
                let mut data = business_data(household.id(), owner.id(), &format!("{code}-B"));
                data.licence = Some(Licence {
                    number: format!("HB-{code}"),
                    kind: LicenceKind::HomeBusiness,
                    issued: JalaliDate::new(1404, 1, 10).unwrap(),
                    expires: None,
                });
                data.state = BusinessState::Active;
                w.add_business(data)
            })
            .unwrap();
        businesses.push((business, household));
    }

    let channel = market
        .add_channel(ChannelData {
            id: ChannelId::new(),
            code: "TERMINAL".into(),
            name: "Bus terminal exhibition".into(),
            kind: ChannelKind::PermanentExhibition,
            location: "Urmia".into(),
            accepts: vec![],
            commission: Decimal::ZERO,
            fee: None,
            schedule: Schedule::Permanent,
            capacity: None,
            by: None,
        })
        .unwrap();
    let exhibition = market
        .create_exhibition(ExhibitionData {
            id: ExhibitionId::new(),
            code: "TERMINAL".into(),
            name: "Terminal".into(),
            channel: channel.id(),
            booths: vec![Booth::new(
                "F-1",
                SizeClass::Standard,
                vec![Category::AgroProcessing],
            )],
            weekly_limits: vec![],
            monthly_cap: 2,
            by: None,
        })
        .unwrap();

    let today = market.today().unwrap();
    // Only the first two apply.
    for (business, household) in &businesses[..2] {
        let data = application_data(
            business,
            household,
            &catalog,
            exhibition.id(),
            1,
            true,
            today,
        )
        .unwrap();
        assert_eq!(data.category, Category::AgroProcessing);
        assert_eq!(
            data.seasonality,
            Some(catalog.get("pickles").unwrap().data().seasonality)
        );
        let application = market.apply(data).unwrap();
        market
            .decide(application.id(), ApplicationState::Approved, None, None)
            .unwrap();
    }
    let horizon = Horizon::new(JalaliDate::new(1404, 3, 15).unwrap(), 2).unwrap();
    let allocation = market
        .allocate("TERMINAL", &horizon, Points::default())
        .unwrap();
    assert_eq!(
        allocation.bookings.len(),
        2,
        "one booth, two weeks, two applicants"
    );

    // The linkage indicator of each office, businesses from the registry.
    let pairs: Vec<_> = businesses
        .iter()
        .map(|(b, _)| (b.id(), b.office()))
        .collect();
    let report = market
        .linkage(&pairs, JalaliDate::new(1404, 3, 31).unwrap(), 1)
        .unwrap();
    let a = report
        .offices
        .iter()
        .find(|o| o.office == f.office_a)
        .unwrap();
    let b = report
        .offices
        .iter()
        .find(|o| o.office == f.office_b)
        .unwrap();
    assert_eq!((a.businesses, a.linked), (2, 2));
    assert_eq!((b.businesses, b.linked), (1, 0));
    assert_eq!(b.unlinked, vec![businesses[2].0.id()]);

    // Both domains wrote to the one database, which is sound.
    assert!(store.integrity_check().unwrap());
}

#[test]
fn a_booth_or_offer_listed_twice_with_other_content_refuses_the_file() {
    use homebiz::core::id::{BusinessId, TypedId};
    use homebiz::market_files::{read_booths, read_offers};
    let same = "exhibition,code,size,accepts\nT,F-01,standard,\nT,F-02,small,\nT,F-01,standard,\n";
    assert_eq!(read_booths("booths.csv", same.as_bytes()).unwrap().len(), 2);
    let other = "exhibition,code,size,accepts\nT,F-01,standard,\nT,F-02,small,\nT,F-01,large,\n";
    assert_eq!(
        read_booths("booths.csv", other.as_bytes())
            .unwrap_err()
            .to_string(),
        "booths.csv: row 4, column size: differs from the booth F-01 (exhibition T) of row 2 of this file"
    );
    // The same code at another exhibition is another booth.
    let two = "exhibition,code,size,accepts\nT,F-01,standard,\nU,F-01,large,\n";
    assert_eq!(read_booths("booths.csv", two.as_bytes()).unwrap().len(), 2);

    let shop = BusinessId::from_key("B-1");
    let find = |code: &str| (code == "B-1").then_some(shop);
    let offers = "business,category,activity,capacity,unit_price\n\
                  B-1,agro_processing,pickles,10,500000\n\
                  B-1,agro_processing,jam,10,500000\n\
                  B-1,agro_processing,pickles,12,500000\n";
    assert_eq!(
        read_offers("offers.csv", offers.as_bytes(), find)
            .unwrap_err()
            .to_string(),
        "offers.csv: row 4, column capacity: differs from the offer of this business, category and activity of row 2 of this file"
    );
    let twice = offers.replace(",12,", ",10,");
    assert_eq!(
        read_offers("offers.csv", twice.as_bytes(), find)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_lookup_key_with_a_control_character_is_refused_not_echoed() {
    let market = Market::new(
        homebiz::market::MemoryStore::new(),
        FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()),
    );
    let err = market.exhibition("T\u{1b}[2J").unwrap_err().to_string();
    assert_eq!(err, "invalid exhibition: contains a control character");
    assert_eq!(
        market.exhibition("T-1").unwrap_err().to_string(),
        "exhibition T-1 not found"
    );
}

#[test]
fn text_that_comes_in_through_the_domains_refuses_control_characters() {
    let market = Market::new(
        homebiz::market::MemoryStore::new(),
        FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()),
    );
    let channel = |name: &str, location: &str| ChannelData {
        id: ChannelId::new(),
        code: "SHOP".into(),
        name: name.into(),
        kind: ChannelKind::ConsignmentShop,
        location: location.into(),
        accepts: vec![],
        commission: Decimal::ZERO,
        fee: None,
        schedule: Schedule::Permanent,
        capacity: None,
        by: None,
    };
    for (data, field) in [
        (channel("Shop\u{1b}[2J", "Urmia"), "name"),
        (channel("Shop", "Ur\rmia"), "location"),
    ] {
        assert_eq!(
            market.add_channel(data).unwrap_err().to_string(),
            format!("invalid {field}: contains a control character")
        );
    }
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let household = f.household(f.office_a, "A-1");
    let mut person = homebiz::registry::testing::person_data(household.id(), 1);
    person.family_name = "احمدی\u{9b}31m".into();
    let err = f
        .registry
        .write(&f.admin, |w| w.add_person(person))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid family_name: contains a control character"
    );
    let err = f
        .registry
        .write(&f.admin, |w| {
            w.update_household(household.id(), |d| d.address = "کوچه\u{7}".into())
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid address: contains a control character"
    );
}
