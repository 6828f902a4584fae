//! The market's use cases through `Program` (issue #14): an office's staff
//! reach only their own offices' businesses, applications and offers, may
//! not write what belongs to the whole programme, and every write records
//! who made it.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use homebiz::core::JalaliDate;
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{ActorId, BusinessId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::channel::Schedule;
use homebiz::program::{MemoryProgram, NewChannel, NewExhibition, ProgramError};
use homebiz::registry::testing::{Fixture, business_data};
use homebiz::registry::{Actor, BusinessState, Licence, LicenceKind, MembershipState};
use support::program_over;

fn day(m: u8, d: u8) -> JalaliDate {
    JalaliDate::new(1404, m, d).unwrap()
}

fn new_channel(code: &str) -> NewChannel {
    NewChannel {
        code: code.into(),
        name: format!("{code} channel"),
        kind: ChannelKind::PermanentExhibition,
        location: String::new(),
        accepts: vec![],
        commission: Decimal::ZERO,
        fee: None,
        schedule: Schedule::Permanent,
        capacity: None,
    }
}

fn new_exhibition(code: &str) -> NewExhibition {
    NewExhibition {
        code: code.into(),
        name: format!("{code} exhibition"),
        channel: "TERMINAL".into(),
        weekly_limits: vec![],
        monthly_cap: 4,
    }
}

/// Each part of the programme, and who may act on it.
struct Setup {
    program: MemoryProgram,
    admin: Actor,
    /// Staff of office URM-A.
    staff_a: Actor,
    /// The active business of office URM-A (`A-1-B1`).
    a: BusinessId,
    /// The active business of office URM-B (`B-1-B1`).
    b: BusinessId,
}

/// A programme with one active, licensed business in each of offices
/// URM-A and URM-B, the channel and exhibition TERMINAL with two booths,
/// added by the unrestricted actor.
fn setup() -> Setup {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let staff_a = Actor::scoped(ActorId::new(), f.office_a);
    let mut ids = Vec::new();
    for (office, code) in [(f.office_a, "A-1"), (f.office_b, "B-1")] {
        let h = f.household(office, code);
        let owner = f.person(h.id(), ids.len() as u32 + 1).person;
        let b = f
            .registry
            .write(&f.admin, |w| {
                for next in [MembershipState::Enrolled, MembershipState::Active] {
                    w.transition_membership(h.id(), next)?;
                }
                let mut data = business_data(h.id(), owner.id(), &format!("{code}-B1"));
                data.licence = Some(Licence {
                    number: format!("HB-{code}"),
                    kind: LicenceKind::HomeBusiness,
                    issued: day(1, 10),
                    expires: None,
                });
                let b = w.add_business(data)?;
                for next in [
                    BusinessState::InTraining,
                    BusinessState::Licensed,
                    BusinessState::Active,
                ] {
                    w.transition_business(b.id(), next)?;
                }
                Ok(b)
            })
            .unwrap();
        ids.push(b.id());
    }
    let (program, admin) = program_over(f);
    program
        .add_channel(&admin, new_channel("TERMINAL"))
        .unwrap();
    program
        .create_exhibition(&admin, new_exhibition("TERMINAL"))
        .unwrap();
    program
        .import_booths(
            &admin,
            "booths.csv",
            "exhibition,code,size,accepts\nTERMINAL,T-1,standard,\nTERMINAL,T-2,standard,\n"
                .as_bytes(),
        )
        .unwrap();
    Setup {
        program,
        admin,
        staff_a,
        a: ids[0],
        b: ids[1],
    }
}

/// Whether `err` is "not found" for `kind` by `code`: an ID named as one
/// (`business with ID … not found`), a code as typed.
fn is_not_found(err: &ProgramError, kind: &str, code: &str) -> bool {
    let expected = if code.parse::<homebiz::core::id::ActorId>().is_ok() {
        format!("{kind} with ID {code} not found")
    } else {
        format!("{kind} {code} not found")
    };
    err.to_string() == expected
}

#[test]
fn office_staff_cannot_write_programme_records() {
    let s = setup();
    let err = s
        .program
        .add_channel(&s.staff_a, new_channel("BAZAR"))
        .unwrap_err();
    assert!(matches!(err, ProgramError::ProgrammeOnly { .. }), "{err}");
    assert!(err.to_string().contains("whole programme"), "{err}");
    let err = s
        .program
        .create_exhibition(&s.staff_a, new_exhibition("FAIR"))
        .unwrap_err();
    assert!(matches!(err, ProgramError::ProgrammeOnly { .. }), "{err}");
    let booths = "exhibition,code,size,accepts\nTERMINAL,T-1,standard,\n";
    assert!(matches!(
        s.program
            .import_booths(&s.staff_a, "booths.csv", booths.as_bytes())
            .unwrap_err(),
        ProgramError::ProgrammeOnly { .. }
    ));
    let orders = "code,buyer,category,quantity,unit,price_ceiling,due\n\
                  S-7,School canteen,agro_processing,10,jar,2600000,1404-08-05\n";
    assert!(matches!(
        s.program
            .import_orders(&s.staff_a, "orders.csv", orders.as_bytes())
            .unwrap_err(),
        ProgramError::ProgrammeOnly { .. }
    ));
    let horizon = Horizon::new(day(3, 15), 2).unwrap();
    assert!(matches!(
        s.program
            .allocate(&s.staff_a, "TERMINAL", &horizon, Points::default())
            .unwrap_err(),
        ProgramError::ProgrammeOnly { .. }
    ));
    assert!(matches!(
        s.program.match_orders(&s.staff_a).unwrap_err(),
        ProgramError::ProgrammeOnly { .. }
    ));
    // Nothing was written; the unrestricted actor may.
    let codes: Vec<String> = s
        .program
        .list_channels(&s.staff_a)
        .unwrap()
        .iter()
        .map(|c| c.code().to_owned())
        .collect();
    assert_eq!(codes, ["TERMINAL"]);
    s.program
        .add_channel(&s.admin, new_channel("BAZAR"))
        .unwrap();
    s.program
        .import_orders(&s.admin, "orders.csv", orders.as_bytes())
        .unwrap();
}

#[test]
fn office_staff_reach_only_their_businesses_and_applications() {
    let s = setup();
    // Office A applies for its own business, by code, and is recorded.
    let mine = s
        .program
        .apply(&s.staff_a, "A-1-B1", "TERMINAL", 2)
        .unwrap();
    assert_eq!(mine.business, "A-1-B1");
    assert_eq!(mine.application.data().by, Some(s.staff_a.id));
    // Office B's business does not exist for it, by code or by ID.
    for key in ["B-1-B1".to_owned(), s.b.to_string()] {
        let err = s
            .program
            .apply(&s.staff_a, &key, "TERMINAL", 2)
            .unwrap_err();
        assert!(is_not_found(&err, "business", &key), "{err}");
    }
    // Office B's application (made by the unrestricted actor) can be
    // neither approved nor withdrawn by office A, and stays pending.
    let theirs = s.program.apply(&s.admin, "B-1-B1", "TERMINAL", 2).unwrap();
    let id = theirs.application.id();
    for to in [ApplicationState::Approved, ApplicationState::Withdrawn] {
        let err = s.program.decide(&s.staff_a, id, to, None).unwrap_err();
        assert!(is_not_found(&err, "application", &id.to_string()), "{err}");
    }
    let stored = s
        .program
        .market()
        .read(|r| r.application(id))
        .unwrap()
        .unwrap();
    assert_eq!(stored.state(), ApplicationState::Pending);
    // Its own it decides, recorded as its decision.
    let decided = s
        .program
        .decide(
            &s.staff_a,
            mine.application.id(),
            ApplicationState::Approved,
            None,
        )
        .unwrap();
    assert_eq!(decided.transition.by, Some(s.staff_a.id));
    assert_eq!(decided.business.id, mine.application.data().business);
    assert_eq!(decided.exhibition.id, mine.application.data().exhibition);
    assert_eq!(
        (
            decided.business.code.as_str(),
            decided.exhibition.code.as_str()
        ),
        ("A-1-B1", "TERMINAL")
    );
    let transitions = s
        .program
        .market()
        .read(|r| r.transitions(mine.application.id()))
        .unwrap();
    assert_eq!(transitions[0].by, Some(s.staff_a.id));
    // Office A lists only its own application.
    let listed = s
        .program
        .list_applications(&s.staff_a, "TERMINAL", None)
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].business, "A-1-B1");
}

#[test]
fn schedules_and_linkage_hide_other_offices_businesses() {
    let s = setup();
    for code in ["A-1-B1", "B-1-B1"] {
        let applied = s.program.apply(&s.admin, code, "TERMINAL", 2).unwrap();
        s.program
            .decide(
                &s.admin,
                applied.application.id(),
                ApplicationState::Approved,
                None,
            )
            .unwrap();
    }
    let allocated = s
        .program
        .allocate(
            &s.admin,
            "TERMINAL",
            &Horizon::new(day(3, 15), 2).unwrap(),
            Points::default(),
        )
        .unwrap();
    assert_eq!(allocated.business_code(s.a), "A-1-B1");
    assert_eq!(allocated.business_code(s.b), "B-1-B1");

    // The unrestricted actor sees both businesses by code and ID.
    let all = s.program.schedule(&s.admin, "TERMINAL").unwrap();
    assert_eq!(all.bookings.len(), 4);
    assert!(all.bookings.iter().all(|b| b.business.is_some()));
    // Office A sees every booth taken, but names only its own business.
    let seen = s.program.schedule(&s.staff_a, "TERMINAL").unwrap();
    assert_eq!(seen.bookings.len(), 4);
    for b in &seen.bookings {
        if let Some(r) = &b.business {
            assert_eq!((r.code.as_str(), r.id), ("A-1-B1", s.a));
        }
    }
    assert_eq!(
        seen.bookings
            .iter()
            .filter(|b| b.business.is_none())
            .count(),
        2
    );
    let json = serde_json::to_string(&seen).unwrap();
    assert!(!json.contains("B-1-B1") && !json.contains(&s.b.to_string()));

    // Linkage: office A's report holds only office A, by code; office B is
    // not found for it.
    let linkage = s.program.linkage(&s.staff_a, None, day(3, 31), 1).unwrap();
    let offices: Vec<&str> = linkage.offices.iter().map(|o| o.office.as_str()).collect();
    assert_eq!(offices, ["URM-A"]);
    let err = s
        .program
        .linkage(&s.staff_a, Some("URM-B"), day(3, 31), 1)
        .unwrap_err();
    assert!(is_not_found(&err, "office", "URM-B"), "{err}");
    let full = s
        .program
        .linkage(&s.admin, Some("URM"), day(3, 31), 1)
        .unwrap();
    let offices: Vec<&str> = full.offices.iter().map(|o| o.office.as_str()).collect();
    assert!(offices.contains(&"URM-A") && offices.contains(&"URM-B"));
}

#[test]
fn offers_of_other_offices_are_refused_and_writes_record_the_actor() {
    let s = setup();
    let theirs = "business,category,capacity,unit_price\nB-1-B1,handicrafts,10,900000\n";
    let err = s
        .program
        .import_offers(&s.staff_a, "offers.csv", theirs.as_bytes())
        .unwrap_err();
    assert!(
        err.to_string().contains("business B-1-B1 not found"),
        "{err}"
    );
    assert!(s.program.market().read(|r| r.offers()).unwrap().is_empty());
    let category = s
        .program
        .registry()
        .read(&s.admin, |r| r.business(s.a))
        .unwrap()
        .data()
        .activity
        .clone();
    let activity = s.program.catalog().get(&category).unwrap();
    let mine = format!(
        "business,category,capacity,unit_price\nA-1-B1,{},10,900000\n",
        activity.data().category
    );
    let report = s
        .program
        .import_offers(&s.staff_a, "offers.csv", mine.as_bytes())
        .unwrap();
    assert_eq!((report.offers, report.created), (1, 1));
    let offers = s.program.market().read(|r| r.offers()).unwrap();
    assert_eq!(offers[0].by, Some(s.staff_a.id));
    // The same file again by another user: the same offer, existing.
    let again = s
        .program
        .import_offers(&s.admin, "offers.csv", mine.as_bytes())
        .unwrap();
    assert_eq!((again.created, again.existing), (0, 1));

    // Programme records written by the unrestricted actor record it.
    let channel = s.program.market().channel("TERMINAL").unwrap();
    assert_eq!(channel.data().by, Some(s.admin.id));
    let exhibition = s.program.market().exhibition("TERMINAL").unwrap();
    assert_eq!(exhibition.data().by, Some(s.admin.id));
    let orders = format!(
        "code,buyer,category,quantity,unit,price_ceiling,due\n\
         S-7,School canteen,{},5,piece,2600000,1404-08-05\n",
        activity.data().category
    );
    s.program
        .import_orders(&s.admin, "orders.csv", orders.as_bytes())
        .unwrap();
    assert_eq!(
        s.program.list_orders(&s.admin).unwrap()[0].order.data().by,
        Some(s.admin.id)
    );
    let matched = s.program.match_orders(&s.admin).unwrap();
    assert_eq!(matched.fills.len(), 1);
    assert_eq!(matched.fills[0].business.code, "A-1-B1");
    assert_eq!(matched.fills[0].activity, "pickles");
    assert_eq!(matched.fills[0].order, "S-7");
    let fills = s.program.market().read(|r| r.fills()).unwrap();
    assert_eq!(fills[0].by, Some(s.admin.id));
}

/// Who did it, everywhere in the market: a booths import records its
/// user on each booth, an allocation on each booking; applications,
/// decisions, orders, offers and bookings show the user's login code
/// (`by_user`) beside the ID (`by`), in the rows and in their JSON; and
/// rows naming a business carry its activity code. An office's user sees
/// none of another office's applications or offers, nor its businesses in
/// the schedule, through these rows.
#[test]
fn market_rows_name_who_did_it_by_login_code() {
    let s = setup();
    let p = &s.program;
    p.add_user(&s.admin, "boss", None, None).unwrap();
    p.add_user(&s.admin, "sara", None, Some("URM-A")).unwrap();
    p.add_user(&s.admin, "bahar", None, Some("URM-B")).unwrap();
    let (boss, sara, bahar) = (
        p.sign_in("boss").unwrap(),
        p.sign_in("sara").unwrap(),
        p.sign_in("bahar").unwrap(),
    );
    // Booths: each recorded as the importer's.
    let booths = p
        .import_booths(
            &boss,
            "booths.csv",
            "exhibition,code,size,accepts\nTERMINAL,T-1,standard,\nTERMINAL,T-2,standard,\n"
                .as_bytes(),
        )
        .unwrap();
    assert!(booths[0].booths().iter().all(|b| b.by == Some(boss.id)));
    let stored = p.market().exhibition("TERMINAL").unwrap();
    assert!(stored.booths().iter().all(|b| b.by == Some(boss.id)));

    // Applications and decisions, by each office's user.
    let applied = p.apply(&sara, "A-1-B1", "TERMINAL", 2).unwrap();
    assert_eq!(applied.application.data().by, Some(sara.id));
    assert_eq!(applied.by_user.as_deref(), Some("sara"));
    let other = p.apply(&bahar, "B-1-B1", "TERMINAL", 2).unwrap();
    let decided = p
        .decide(
            &sara,
            applied.application.id(),
            ApplicationState::Approved,
            None,
        )
        .unwrap();
    assert_eq!(decided.by_user.as_deref(), Some("sara"));
    p.decide(
        &bahar,
        other.application.id(),
        ApplicationState::Approved,
        None,
    )
    .unwrap();
    let rows = p.list_applications(&sara, "TERMINAL", None).unwrap();
    assert_eq!(rows.len(), 1, "only office A's application");
    assert_eq!(rows[0].business, "A-1-B1");
    assert_eq!(rows[0].activity, "pickles");
    assert_eq!(rows[0].by, Some(sara.id));
    assert_eq!(rows[0].by_user.as_deref(), Some("sara"));
    let json = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(json["by_user"], "sara");
    assert_eq!(json["by"], sara.id.to_string());
    assert_eq!(json["activity"], "pickles");

    // Bookings: each recorded as the allocating user's; the schedule
    // names the user, and names another office's business to no one.
    let horizon = Horizon::new(day(3, 15), 2).unwrap();
    let allocated = p
        .allocate(&boss, "TERMINAL", &horizon, Points::default())
        .unwrap();
    assert_eq!(allocated.by_user.as_deref(), Some("boss"));
    assert!(!allocated.allocation.bookings.is_empty());
    assert!(
        allocated
            .allocation
            .bookings
            .iter()
            .all(|b| b.by == Some(boss.id))
    );
    let schedule = p.schedule(&sara, "TERMINAL").unwrap();
    assert_eq!(schedule.bookings.len(), allocated.allocation.bookings.len());
    for row in &schedule.bookings {
        assert_eq!(row.by, Some(boss.id));
        assert_eq!(row.by_user.as_deref(), Some("boss"));
        if let Some(b) = &row.business {
            assert_eq!(b.id, s.a, "sara sees only office A's business");
        }
    }
    let json = serde_json::to_value(&schedule).unwrap();
    assert_eq!(json["bookings"][0]["by_user"], "boss");

    // Orders and offers.
    let orders = "code,buyer,category,quantity,unit,price_ceiling,due\n\
                  S-7,School canteen,agro_processing,10,jar,2600000,1404-08-05\n";
    p.import_orders(&boss, "orders.csv", orders.as_bytes())
        .unwrap();
    let listed = p.list_orders(&sara).unwrap();
    assert_eq!(listed[0].order.data().by, Some(boss.id));
    assert_eq!(listed[0].by_user.as_deref(), Some("boss"));
    let json = serde_json::to_value(&listed[0]).unwrap();
    assert_eq!(
        (json["code"].as_str(), json["by_user"].as_str()),
        (Some("S-7"), Some("boss"))
    );
    for (user, code) in [(&sara, "A-1-B1"), (&bahar, "B-1-B1")] {
        let csv =
            format!("business,category,capacity,unit_price\n{code},agro_processing,10,900000\n");
        p.import_offers(user, "offers.csv", csv.as_bytes()).unwrap();
    }
    let offers = p.list_offers(&sara, None).unwrap();
    assert_eq!(offers.len(), 1, "only office A's offer");
    assert_eq!(offers[0].business, "A-1-B1");
    assert_eq!(offers[0].business_activity, "pickles");
    assert_eq!(offers[0].by, Some(sara.id));
    assert_eq!(offers[0].by_user.as_deref(), Some("sara"));
    let all = p.list_offers(&s.admin, None).unwrap();
    let users: Vec<_> = all.iter().map(|o| o.by_user.as_deref()).collect();
    assert_eq!(users, [Some("sara"), Some("bahar")]);
    // Another office's user sees its own rows only, by the same rules.
    let rows = p.list_applications(&bahar, "TERMINAL", None).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].business_id, s.b);
    assert_eq!(rows[0].by_user.as_deref(), Some("bahar"));
}
