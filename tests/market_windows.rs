//! Booth allocation over several windows through `Program` (issue #14):
//! the bookings a business already holds from earlier runs count against
//! its weeks wanted and the monthly cap, whatever the order of the runs.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeMap;

use homebiz::core::channel::ChannelKind;
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{JalaliDate, JalaliMonth};
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::channel::Schedule;
use homebiz::program::{MemoryProgram, NewChannel, NewExhibition};
use homebiz::registry::testing::{Fixture, business_data};
use homebiz::registry::{Actor, BusinessState, Licence, LicenceKind, MembershipState};
use support::program_over;

fn day(m: u8, d: u8) -> JalaliDate {
    JalaliDate::new(1404, m, d).unwrap()
}

/// A programme with the exhibition TERMINAL (three booths open to all,
/// monthly cap 2) and two active businesses, approved: `A-1-B1` wanting 2
/// weeks and `B-1-B1` wanting 4.
fn setup() -> (MemoryProgram, Actor) {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let mut n = 0;
    for (office, code) in [(f.office_a, "A-1"), (f.office_b, "B-1")] {
        n += 1;
        let h = f.household(office, code);
        let owner = f.person(h.id(), n).person;
        f.registry
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
    }
    let (program, admin) = program_over(f);
    program
        .add_channel(
            &admin,
            NewChannel {
                code: "TERMINAL".into(),
                name: "Terminal".into(),
                kind: ChannelKind::PermanentExhibition,
                location: String::new(),
                accepts: vec![],
                commission: Decimal::ZERO,
                fee: None,
                schedule: Schedule::Permanent,
                capacity: None,
            },
        )
        .unwrap();
    program
        .create_exhibition(
            &admin,
            NewExhibition {
                code: "TERMINAL".into(),
                name: "Terminal".into(),
                channel: "TERMINAL".into(),
                weekly_limits: vec![],
                monthly_cap: 2,
            },
        )
        .unwrap();
    program
        .import_booths(
            &admin,
            "booths.csv",
            "exhibition,code,size,accepts\nTERMINAL,T-1,standard,\nTERMINAL,T-2,standard,\nTERMINAL,T-3,standard,\n"
                .as_bytes(),
        )
        .unwrap();
    for (code, weeks) in [("A-1-B1", 2), ("B-1-B1", 4)] {
        let applied = program.apply(&admin, code, "TERMINAL", weeks).unwrap();
        program
            .decide(
                &admin,
                applied.application.id(),
                ApplicationState::Approved,
                None,
            )
            .unwrap();
    }
    (program, admin)
}

/// Each business's stored weeks: in all, and per Jalali month.
fn held(
    program: &MemoryProgram,
    admin: &Actor,
) -> BTreeMap<String, (u32, BTreeMap<JalaliMonth, u32>)> {
    let mut out: BTreeMap<String, (u32, BTreeMap<JalaliMonth, u32>)> = BTreeMap::new();
    for row in program.schedule(admin, "TERMINAL").unwrap().bookings {
        let entry = out.entry(row.business.unwrap().code).or_default();
        entry.0 += 1;
        *entry.1.entry(row.week.jalali_month()).or_default() += 1;
    }
    out
}

fn run(program: &MemoryProgram, admin: &Actor, runs: &[(JalaliDate, u16)]) {
    for &(from, weeks) in runs {
        program
            .allocate(
                admin,
                "TERMINAL",
                &Horizon::new(from, weeks).unwrap(),
                Points::default(),
            )
            .unwrap();
    }
}

fn check(program: &MemoryProgram, admin: &Actor) {
    let held = held(program, admin);
    for (code, wanted) in [("A-1-B1", 2), ("B-1-B1", 4)] {
        let (total, months) = &held[code];
        assert!(
            *total <= wanted,
            "{code} holds {total} weeks, wanted {wanted}"
        );
        assert!(
            months.values().all(|&n| n <= 2),
            "{code} exceeds the monthly cap: {months:?}"
        );
    }
}

/// The walkthrough's three runs: Mehr, then the first week of Aban, then
/// four weeks of Aban. `A-1-B1` wanted 2 weeks and had been given 5, 3 of
/// them in Aban.
#[test]
fn runs_over_later_windows_count_the_weeks_already_held() {
    let (program, admin) = setup();
    run(
        &program,
        &admin,
        &[(day(7, 12), 3), (day(8, 3), 1), (day(8, 10), 4)],
    );
    check(&program, &admin);
    let held = held(&program, &admin);
    // Enough booths for everyone: each gets what the rules allow.
    assert_eq!(held["A-1-B1"].0, 2, "{held:?}");
    assert_eq!(held["B-1-B1"].0, 4, "{held:?}");
    // B-1-B1 had 08-03 before the third run: one more week in Aban only.
    let aban = JalaliMonth::new(1404, 8).unwrap();
    assert_eq!(held["B-1-B1"].1[&aban], 2, "{held:?}");
}

/// The same windows the other way round: the weeks held after a window
/// count too.
#[test]
fn runs_over_earlier_windows_count_the_weeks_held_after() {
    let (program, admin) = setup();
    run(
        &program,
        &admin,
        &[(day(8, 10), 4), (day(8, 3), 1), (day(7, 12), 3)],
    );
    check(&program, &admin);
    let held = held(&program, &admin);
    assert_eq!(held["A-1-B1"].0, 2, "{held:?}");
    assert_eq!(held["B-1-B1"].0, 4, "{held:?}");
}

/// Running a window again replaces its bookings: they are not counted as
/// held against themselves.
#[test]
fn rerunning_a_window_gives_the_same_bookings() {
    let (program, admin) = setup();
    run(&program, &admin, &[(day(7, 12), 3), (day(8, 3), 1)]);
    let before = program.schedule(&admin, "TERMINAL").unwrap();
    run(&program, &admin, &[(day(8, 3), 1), (day(7, 12), 3)]);
    let after = program.schedule(&admin, "TERMINAL").unwrap();
    let weeks = |s: &homebiz::program::ExhibitionSchedule| {
        s.bookings
            .iter()
            .map(|r| {
                (
                    r.week,
                    r.booth.clone(),
                    r.business.as_ref().map(|b| b.code.clone()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(weeks(&before), weeks(&after));
}
