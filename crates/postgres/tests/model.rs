//! Random sequences of registry operations, run against the in-memory store
//! (the model), the SQLite store and, when `HOMEBIZ_TEST_PG` names a server,
//! the PostgreSQL store: every result and the final state must be
//! identical. (Without a server, memory and SQLite are still compared.)

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::id::{BusinessId, HouseholdId, PersonId, TypedId};
use homebiz_postgres::testing::{empty, scratch};
use homebiz_registry::testing::{Fixture, business_data, household_data, person_data};
use homebiz_registry::*;
use homebiz_sqlite::SqliteStore;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Debug, Clone)]
enum Op {
    AddHousehold {
        office_b: bool,
        code: u8,
        /// Support coverage and its consent, given with the registration.
        support: bool,
    },
    AddPerson {
        household: u8,
        national: u8,
        twin_of_name: bool,
        disability: bool,
        /// Disability consent given with the registration.
        consent: bool,
    },
    UpdateArea {
        household: u8,
        area: u16,
    },
    Transition {
        household: u8,
        state: u8,
    },
    Consent {
        household: u8,
        disability: bool,
        given: bool,
    },
    AddBusiness {
        household: u8,
        code: u8,
    },
    TransitionBusiness {
        business: u8,
        state: u8,
    },
    FailingBatch {
        household: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<bool>(), 0u8..6, any::<bool>()).prop_map(|(office_b, code, support)| {
            Op::AddHousehold {
                office_b,
                code,
                support,
            }
        }),
        (0u8..8, 0u8..10, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(household, national, twin_of_name, disability, consent)| {
                Op::AddPerson {
                    household,
                    national,
                    twin_of_name,
                    disability,
                    consent,
                }
            }
        ),
        (0u8..8, 0u16..1200).prop_map(|(household, area)| Op::UpdateArea { household, area }),
        (0u8..8, 0u8..6).prop_map(|(household, state)| Op::Transition { household, state }),
        (0u8..8, any::<bool>(), any::<bool>()).prop_map(|(household, disability, given)| {
            Op::Consent {
                household,
                disability,
                given,
            }
        }),
        (0u8..8, 0u8..4).prop_map(|(household, code)| Op::AddBusiness { household, code }),
        (0u8..6, 0u8..6).prop_map(|(business, state)| Op::TransitionBusiness { business, state }),
        (0u8..8).prop_map(|household| Op::FailingBatch { household }),
    ]
}

fn membership(n: u8) -> MembershipState {
    match n {
        0 => MembershipState::Enrolled,
        1 => MembershipState::Active,
        2 => MembershipState::Paused,
        3 => MembershipState::Graduated,
        4 => MembershipState::Exited {
            reason: "moved".into(),
        },
        _ => MembershipState::Applied,
    }
}

fn business_state(n: u8) -> BusinessState {
    match n {
        0 => BusinessState::InTraining,
        1 => BusinessState::Licensed,
        2 => BusinessState::Active,
        3 => BusinessState::Suspended,
        4 => BusinessState::Closed {
            reason: "no market".into(),
        },
        _ => BusinessState::Planned,
    }
}

/// What a run gives: one line per operation's result, a dump of the final
/// state, and the audit trail.
type Outcome = (Vec<String>, String, Vec<AuditEvent>);

/// Runs `ops` on a fresh fixture over `store`.
fn run<S: RegistryStore>(store: S, ops: &[Op]) -> Outcome {
    let f = Fixture::new(store);
    let mut households: Vec<HouseholdId> = Vec::new();
    let mut businesses: Vec<BusinessId> = Vec::new();
    let mut results = Vec::new();
    let pick = |list: &[HouseholdId], n: u8| list.get(usize::from(n) % list.len().max(1)).copied();
    for (step, op) in ops.iter().enumerate() {
        let n = step as u64 + 1;
        let outcome: Result<String> = match op {
            Op::AddHousehold {
                office_b,
                code,
                support,
            } => {
                let office = if *office_b { f.office_b } else { f.office_a };
                let mut data = household_data(office, &format!("H-{code}"));
                data.id = HouseholdId::from_parts(n, [1; 10]);
                let consent = support.then_some(SensitiveField::SupportCoverage);
                if *support {
                    data.support = Some(vec![SupportProgram::ReliefCommittee]);
                }
                f.registry
                    .write(&f.admin, |w| {
                        w.add_household_with_consent(data, consent.as_slice())
                    })
                    .map(|h| {
                        households.push(h.id());
                        serde_json::to_string(&h).unwrap()
                    })
            }
            Op::AddPerson {
                household,
                national,
                twin_of_name,
                disability,
                consent,
            } => match pick(&households, *household) {
                None => continue,
                Some(h) => {
                    let mut data = person_data(h, u32::from(*national));
                    data.id = PersonId::from_parts(n, [2; 10]);
                    if *twin_of_name {
                        data.given_name = "مريم".into();
                    }
                    if *disability {
                        data.disability = Some(Disability::Visual);
                    }
                    let consent = consent.then_some(SensitiveField::Disability);
                    f.registry
                        .write(&f.admin, |w| {
                            w.add_person_with_consent(data, consent.as_slice())
                        })
                        .map(|r| {
                            format!(
                                "{} {:?}",
                                serde_json::to_string(&r.person).unwrap(),
                                r.resembles
                            )
                        })
                }
            },
            Op::UpdateArea { household, area } => match pick(&households, *household) {
                None => continue,
                Some(h) => f
                    .registry
                    .write(&f.admin, |w| {
                        w.update_household(h, |d| d.space.area_m2 = *area)
                    })
                    .map(|h| serde_json::to_string(&h).unwrap()),
            },
            Op::Transition { household, state } => match pick(&households, *household) {
                None => continue,
                Some(h) => f
                    .registry
                    .write(&f.admin, |w| w.transition_membership(h, membership(*state)))
                    .map(|h| serde_json::to_string(&h).unwrap()),
            },
            Op::Consent {
                household,
                disability,
                given,
            } => match pick(&households, *household) {
                None => continue,
                Some(h) => {
                    let field = if *disability {
                        SensitiveField::Disability
                    } else {
                        SensitiveField::SupportCoverage
                    };
                    f.registry
                        .write(&f.admin, |w| w.record_consent(h, field, *given))
                        .map(|()| "consent".into())
                }
            },
            Op::AddBusiness { household, code } => match pick(&households, *household) {
                None => continue,
                Some(h) => {
                    let members = f.registry.read(&f.admin, |r| r.members(h)).unwrap();
                    let Some(owner) = members.first() else {
                        continue;
                    };
                    let mut data = business_data(h, owner.id(), &format!("B-{code}"));
                    data.id = BusinessId::from_parts(n, [3; 10]);
                    f.registry
                        .write(&f.admin, |w| w.add_business(data))
                        .map(|b| {
                            businesses.push(b.id());
                            serde_json::to_string(&b).unwrap()
                        })
                }
            },
            Op::TransitionBusiness { business, state } => {
                let Some(&b) = businesses.get(usize::from(*business) % businesses.len().max(1))
                else {
                    continue;
                };
                f.registry
                    .write(&f.admin, |w| {
                        w.transition_business(b, business_state(*state))
                    })
                    .map(|b| serde_json::to_string(&b).unwrap())
            }
            Op::FailingBatch { household } => match pick(&households, *household) {
                None => continue,
                Some(h) => f.registry.write(&f.admin, |w| {
                    w.update_household(h, |d| d.address = "rolled back".into())?;
                    w.transition_membership(h, MembershipState::Graduated)?;
                    Err::<String, _>(RegistryError::invalid("batch", "forced failure"))
                }),
            },
        };
        results.push(match outcome {
            Ok(text) => format!("ok {text}"),
            Err(err) => format!("err {err}"),
        });
    }
    let dump = f
        .registry
        .read(&f.admin, |r| {
            let mut out = String::new();
            for h in r.households(f.province)? {
                out += &serde_json::to_string(&h).unwrap();
                out += &serde_json::to_string(&r.members(h.id())?).unwrap();
                out += &serde_json::to_string(
                    &r.state_history(EntityRef::new(EntityKind::Household, h.id()))?,
                )
                .unwrap();
                for field in [SensitiveField::Disability, SensitiveField::SupportCoverage] {
                    out += &serde_json::to_string(&r.consents(h.id(), field)?).unwrap();
                }
            }
            out += &serde_json::to_string(&r.businesses(f.province)?).unwrap();
            out += &serde_json::to_string(&r.duplicate_flags()?).unwrap();
            Ok(out)
        })
        .unwrap();
    let audit = f
        .registry
        .read(&f.admin, |r| r.audit_events(0, usize::MAX))
        .unwrap();
    (results, dump, audit)
}

/// The audit trail without its numbers.
fn records(audit: &[AuditEvent]) -> Vec<&AuditRecord> {
    audit.iter().map(|e| &e.record).collect()
}

/// 48 random sequences of up to 39 operations; PostgreSQL runs them all in
/// one scratch schema, emptied before each. Its audit numbers are compared
/// by order only: a sequence leaves gaps where a write rolled back
/// (ARCHITECTURE.md, "PostgreSQL and the path past one server").
#[test]
fn stores_behave_like_the_model() {
    let postgres = scratch();
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(op(), 1..40), |ops| {
            let model = run(MemoryStore::new(), &ops);
            let sqlite = run(SqliteStore::open_in_memory().unwrap(), &ops);
            prop_assert_eq!(&model, &sqlite, "SQLite differs from the model");
            if let Some(store) = &postgres {
                empty(store);
                let pg = run(store, &ops);
                prop_assert_eq!(
                    &model.0,
                    &pg.0,
                    "PostgreSQL's results differ from the model"
                );
                prop_assert_eq!(&model.1, &pg.1, "PostgreSQL's state differs from the model");
                // The same events in the same order; PostgreSQL's numbers
                // increase but skip those a rolled-back write had taken.
                prop_assert_eq!(records(&model.2), records(&pg.2));
                prop_assert!(pg.2.windows(2).all(|w| w[0].seq < w[1].seq));
            }
            Ok(())
        })
        .unwrap();
}
