//! Likely duplicates are flagged once per new person, against its group:
//! however people with the same name and birth date arrive, k of them make
//! k - 1 flags and one group for review.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_registry::MemoryStore;
use homebiz_registry::testing::{Fixture, person_data};
use proptest::prelude::*;

const NAMES: [&str; 4] = ["علی", "مریم", "سارا", "نرگس"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn k_people_alike_make_k_minus_1_flags(arrivals in proptest::collection::vec(0usize..4, 0..30)) {
        let f = Fixture::new(MemoryStore::new());
        let household = f.household(f.office_a, "A-1");
        for (n, &group) in arrivals.iter().enumerate() {
            let mut data = person_data(household.id(), n as u32 + 1);
            data.given_name = NAMES[group].into();
            let registration = f.registry.write(&f.admin, |w| w.add_person(data)).unwrap();
            let earlier = arrivals[..n].iter().filter(|&&g| g == group).count();
            prop_assert_eq!(registration.resembles.len(), earlier);
        }
        let (flags, groups) = f
            .registry
            .read(&f.admin, |r| Ok((r.duplicate_flags()?, r.duplicate_groups()?)))
            .unwrap();
        let sizes: Vec<usize> = (0..4)
            .map(|g| arrivals.iter().filter(|&&a| a == g).count())
            .collect();
        prop_assert_eq!(flags.len(), sizes.iter().map(|k| k.saturating_sub(1)).sum::<usize>());
        let mut group_sizes: Vec<usize> = groups.iter().map(|g| g.people.len()).collect();
        group_sizes.sort_unstable();
        let mut expected: Vec<usize> = sizes.into_iter().filter(|&k| k > 1).collect();
        expected.sort_unstable();
        prop_assert_eq!(group_sizes, expected);
    }
}
