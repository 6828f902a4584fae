//! The default searches of `RegistryRead` (a scan, for a backend that keeps
//! no keys yet) pass the search checks of the conformance suite: a store
//! that reads through them, and writes through the in-memory store.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use homebiz_core::JalaliDate;
use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PartnerId, PersonId};
use homebiz_core::iran::NationalId;
use homebiz_registry::*;

/// The in-memory store, whose reads answer searches with the defaults.
struct ScanStore(MemoryStore);

/// A reader that forwards everything but the searches.
struct Scan<'a>(&'a dyn RegistryRead);

macro_rules! forward {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
        fn $name(&self, $($arg: $ty),*) -> Result<$ret> {
            self.0.$name($($arg),*)
        }
    )*};
}

impl RegistryRead for Scan<'_> {
    forward! {
        office(id: OfficeId) -> Option<Office>;
        office_by_code(code: &str) -> Option<Office>;
        offices() -> Vec<Office>;
        household(id: HouseholdId) -> Option<Household>;
        household_by_code(code: &str) -> Option<Household>;
        households_in(offices: &[OfficeId]) -> Vec<Household>;
        person(id: PersonId) -> Option<Person>;
        person_by_national_id(national_id: &NationalId) -> Option<Person>;
        people_by_identity(office: OfficeId, name_key: &str, birth_date: JalaliDate) -> Vec<PersonId>;
        members(household: HouseholdId) -> Vec<Person>;
        business(id: BusinessId) -> Option<Business>;
        business_by_code(code: &str) -> Option<Business>;
        businesses_in(offices: &[OfficeId]) -> Vec<Business>;
        partner(id: PartnerId) -> Option<Partner>;
        partner_by_code(code: &str) -> Option<Partner>;
        partners() -> Vec<Partner>;
        consents(household: HouseholdId, field: SensitiveField) -> Vec<ConsentRecord>;
        state_changes(entity: EntityRef) -> Vec<StateChange>;
        audit_events(after: u64, limit: usize) -> Vec<AuditEvent>;
        audit_events_for(entity: EntityRef) -> Vec<AuditEvent>;
        duplicate_flags() -> Vec<DuplicateFlag>;
        duplicate_resolutions() -> Vec<DuplicateResolution>;
        user_by_code(code: &str) -> Option<User>;
        users() -> Vec<User>;
    }
}

impl RegistryStore for ScanStore {
    fn read<R>(&self, f: impl FnOnce(&dyn RegistryRead) -> Result<R>) -> Result<R> {
        self.0.read(|r| f(&Scan(r)))
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn RegistryTx) -> Result<R>) -> Result<R> {
        self.0.write(f)
    }
}

#[test]
fn default_searches_use_the_keys() {
    homebiz_registry::testing::searches_use_the_kept_keys(ScanStore(MemoryStore::new()));
}

#[test]
fn default_searches_equal_the_filter() {
    homebiz_registry::testing::searches_equal_the_filter(ScanStore(MemoryStore::new()));
}
