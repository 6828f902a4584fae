//! CSV import through the facade, on the in-memory and SQLite stores.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use homebiz::core::FixedClock;
use homebiz::core::id::ActorId;
use homebiz::import::{ImportError, ImportKind, ImportOptions, ImportReport, OnError, import_csv};
use homebiz::registry::{
    Actor, BusinessMode, BusinessState, Disability, MemoryStore, Registry, RegistryStore,
    SensitiveField, SupportProgram,
};
use homebiz::sqlite::SqliteStore;

const OFFICES: &str = "code,name,level,parent_code
WAZ,آذربایجان غربی,province,
URM,شهرستان ارومیه,county,WAZ
URM-C,شهر ارومیه,city,URM
DZ1,دفتر تسهیلگری دیزج سیاوش,office,URM-C
";

const HOUSEHOLDS: &str = "code,office_code,address,baseline_income_rial,baseline_survey_date,area_m2,separate_room,registered_on,membership,support,consent_support
H-001,DZ1,کوچه ۱,\"85,000,000\",1404/02/01,14,yes,1404-02-15,applied,,
H-002,DZ1,کوچه ۲,۶۰۰۰۰۰۰۰,2025-04-21,۹,no,,enrolled,relief_committee;welfare_organization,yes
";

const PEOPLE: &str = "national_id,given_name,family_name,birth_date,gender,mobile,household_code,education,skills,hours_per_week,interests,disability,consent_disability
۰۴۹۹۳۷۰۸۹۹,زهرا,احمدی,1370/05/20,female,+989143708555,H-001,diploma,sewing:advanced:جهاد دانشگاهی:1401-07-01;baking:beginner,25,embroidery;pickles,,
0790419904,علي,رضايي,1991-08-11,مرد,09141234567,H-002,primary,,30,,hearing,yes
";

const BUSINESSES: &str = "code,household_code,owner_national_id,activity,mode,parent_code,cluster,licence_number,licence_kind,licence_issued,licence_expires,health_number,health_kind,health_issued,health_expires,capital_rial,state
B-001,H-001,0499370899,pickles,cluster,,DZ-PICKLES,HB-77,home_business,1404-03-01,,HC-9,,1404-03-05,1405-03-04,120000000,licensed
B-002,H-002,0790419904,pickles,support,B-001,,,,,,,,,,0,planned
";

fn registry<S: RegistryStore>(store: S) -> Registry<S> {
    Registry::new(
        store,
        FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()),
    )
}

fn admin() -> Actor {
    Actor::unrestricted(ActorId::new())
}

fn import<S: RegistryStore>(
    registry: &Registry<S>,
    kind: ImportKind,
    file: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    import_csv(
        registry,
        &admin(),
        kind,
        file,
        text.as_bytes(),
        options,
        None,
        &mut |_| {},
    )
}

fn load_all<S: RegistryStore>(registry: &Registry<S>) {
    for (kind, file, text) in [
        (ImportKind::Offices, "offices.csv", OFFICES),
        (ImportKind::Households, "households.csv", HOUSEHOLDS),
        (ImportKind::People, "people.csv", PEOPLE),
        (ImportKind::Businesses, "businesses.csv", BUSINESSES),
    ] {
        let report = import(registry, kind, file, text, &ImportOptions::default()).unwrap();
        assert_eq!(report.rejected, 0, "{file}");
        assert_eq!(report.created, report.rows, "{file}");
    }
}

fn check_loaded<S: RegistryStore>(registry: &Registry<S>) {
    let admin = admin();
    registry
        .read(&admin, |r| {
            let dz1 = r.office_by_code("DZ1")?;
            let households = r.households(dz1.id())?;
            assert_eq!(households.len(), 2);
            let h1 = &households[0];
            assert_eq!(
                h1.baseline().unwrap().monthly_income.minor_units(),
                85_000_000
            );
            assert_eq!(h1.baseline().unwrap().survey_date.to_string(), "1404-02-01");
            let h2 = &households[1];
            // 2025-04-21 is 1404-02-01 too; Persian digits are read.
            assert_eq!(h2.baseline().unwrap().survey_date.to_string(), "1404-02-01");
            assert_eq!(
                h2.baseline().unwrap().monthly_income.minor_units(),
                60_000_000
            );
            assert_eq!(
                h2.data().support,
                Some(vec![
                    SupportProgram::ReliefCommittee,
                    SupportProgram::WelfareOrganization
                ])
            );
            assert!(r.has_consent(h2.id(), SensitiveField::SupportCoverage)?);
            assert_eq!(
                h2.membership().clone(),
                homebiz::registry::MembershipState::Enrolled
            );
            let zahra = r.person_by_national_id(&"0499370899".parse().unwrap())?;
            assert_eq!(zahra.data().skills.len(), 2);
            assert_eq!(
                zahra.data().skills[0]
                    .certificate
                    .as_ref()
                    .unwrap()
                    .issued
                    .to_string(),
                "1401-07-01"
            );
            assert_eq!(
                zahra.data().mobile.as_ref().unwrap().as_str(),
                "09143708555"
            );
            let ali = r.person_by_national_id(&"0790419904".parse().unwrap())?;
            assert_eq!(ali.data().disability, Some(Disability::Hearing));
            assert_eq!(ali.data().birth_date.to_string(), "1370-05-20");
            let b2 = r.business_by_code("B-002")?;
            let b1 = r.business_by_code("B-001")?;
            assert_eq!(b2.data().mode, BusinessMode::Support { parent: b1.id() });
            assert_eq!(b1.state(), &BusinessState::Licensed);
            assert_eq!(
                b1.data()
                    .health_certificate
                    .as_ref()
                    .unwrap()
                    .expires
                    .unwrap()
                    .to_string(),
                "1405-03-04"
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn imports_all_four_files_into_memory_and_sqlite() {
    let memory = registry(MemoryStore::new());
    load_all(&memory);
    check_loaded(&memory);

    let dir = tempfile::tempdir().unwrap();
    let sqlite = registry(SqliteStore::open(dir.path().join("h.sqlite")).unwrap());
    load_all(&sqlite);
    check_loaded(&sqlite);
}

#[test]
fn reimporting_creates_no_duplicates() {
    let registry = registry(SqliteStore::open_in_memory().unwrap());
    load_all(&registry);
    for (kind, text) in [
        (ImportKind::Offices, OFFICES),
        (ImportKind::Households, HOUSEHOLDS),
        (ImportKind::People, PEOPLE),
        (ImportKind::Businesses, BUSINESSES),
    ] {
        let again = import(
            &registry,
            kind,
            "again.csv",
            text,
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!((again.created, again.existing), (0, again.rows));
    }
    check_loaded(&registry);
}

#[test]
fn a_bad_row_refuses_the_whole_file_and_names_row_and_column() {
    let registry = registry(SqliteStore::open_in_memory().unwrap());
    import(
        &registry,
        ImportKind::Offices,
        "offices.csv",
        OFFICES,
        &ImportOptions::default(),
    )
    .unwrap();
    import(
        &registry,
        ImportKind::Households,
        "households.csv",
        HOUSEHOLDS,
        &ImportOptions::default(),
    )
    .unwrap();
    // Row 3 has a national ID with a wrong check digit.
    let people = PEOPLE.replace("0790419904", "0790419905");
    let err = import(
        &registry,
        ImportKind::People,
        "people.csv",
        &people,
        &ImportOptions::default(),
    )
    .unwrap_err();
    let message = err.to_string();
    assert_eq!(
        message,
        "people.csv: row 3, column national_id: check digit does not match"
    );
    assert!(!message.contains("0790419905"));
    // Row 2 was good but the file is one transaction: nothing was written.
    let admin = admin();
    let count = registry
        .read(&admin, |r| {
            let dz1 = r.office_by_code("DZ1")?;
            let mut n = 0;
            for h in r.households(dz1.id())? {
                n += r.members(h.id())?.len();
            }
            Ok(n)
        })
        .unwrap();
    assert_eq!(count, 0);

    for (text, expected) in [
        (
            PEOPLE.replace("1370/05/20", "1402/12/30"),
            "people.csv: row 2, column birth_date: day 30 does not exist in a month of 29 days",
        ),
        (
            PEOPLE.replace(",female,", ",other,"),
            "people.csv: row 2, column gender: expected female or male",
        ),
        (
            PEOPLE.replace("hearing,yes", "hearing,"),
            "people.csv: row 3, column disability: needs consent_disability = yes",
        ),
        (
            PEOPLE.replace("H-002", "H-404"),
            "people.csv: row 3, column household_code: household H-404 not found",
        ),
        (
            PEOPLE.replace("0790419904", "0499370899"),
            "people.csv: row 3, column national_id: is repeated in this file at row 2",
        ),
        (
            PEOPLE.replace(",25,", ",250,"),
            "people.csv: row 2, column hours_per_week: more than 84",
        ),
    ] {
        let err = import(
            &registry,
            ImportKind::People,
            "people.csv",
            &text,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    let missing = import(
        &registry,
        ImportKind::People,
        "p.csv",
        "national_id,given_name\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        missing.to_string(),
        "p.csv: missing column family_name (the file needs the columns national_id, given_name, \
         family_name, birth_date, gender, mobile, household_code)"
    );
}

#[test]
fn skip_mode_imports_good_rows_and_writes_rejects() {
    let registry = registry(MemoryStore::new());
    import(
        &registry,
        ImportKind::Offices,
        "offices.csv",
        OFFICES,
        &ImportOptions::default(),
    )
    .unwrap();
    let households = HOUSEHOLDS.replace("H-002,DZ1", "H-002,NOPE");
    let mut rejects = Vec::new();
    let report = import_csv(
        &registry,
        &admin(),
        ImportKind::Households,
        "households.csv",
        households.as_bytes(),
        &ImportOptions::new(OnError::Skip, false),
        Some(&mut rejects),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((report.rows, report.created, report.rejected), (2, 1, 1));
    let rejects = String::from_utf8(rejects).unwrap();
    let mut lines = rejects.lines();
    assert!(lines.next().unwrap().ends_with(",error"));
    let bad = lines.next().unwrap();
    assert!(bad.starts_with("H-002,NOPE,"), "{bad}");
    assert!(
        bad.ends_with("\"households.csv: row 3, column office_code: office NOPE not found\""),
        "{bad}"
    );
    assert!(lines.next().is_none());
    let admin = admin();
    assert!(
        registry
            .read(&admin, |r| r.household_by_code("H-001"))
            .is_ok()
    );
    assert!(
        registry
            .read(&admin, |r| r.household_by_code("H-002"))
            .is_err()
    );
}

/// A skipped row writes nothing, not even the consent it carries: a person
/// with a disability and consent whose national ID another household holds
/// is rejected, and that household has no disability consent.
fn a_skipped_person_records_no_consent<S: RegistryStore>(store: S) {
    let registry = registry(store);
    for (kind, file, text) in [
        (ImportKind::Offices, "offices.csv", OFFICES),
        (ImportKind::Households, "households.csv", HOUSEHOLDS),
    ] {
        import(&registry, kind, file, text, &ImportOptions::default()).unwrap();
    }
    // The first person (H-001), then the same national ID in H-002 with a
    // disability and consent.
    let mut lines = PEOPLE.lines();
    let header = lines.next().unwrap();
    let first = lines.next().unwrap();
    let taken = first
        .replace(",H-001,", ",H-002,")
        .replace(",embroidery;pickles,,", ",embroidery;pickles,visual,yes");
    let people = format!("{header}\n{first}\n{taken}\n");
    let report = import(
        &registry,
        ImportKind::People,
        "people.csv",
        &people,
        &ImportOptions::new(OnError::Skip, false),
    )
    .unwrap();
    assert_eq!((report.created, report.rejected), (1, 1));
    let admin = admin();
    let h2 = registry
        .read(&admin, |r| r.household_by_code("H-002"))
        .unwrap();
    assert!(
        !registry
            .read(&admin, |r| r
                .has_consent(h2.id(), SensitiveField::Disability))
            .unwrap()
    );
}

#[test]
fn a_skipped_person_records_no_consent_in_memory_and_sqlite() {
    a_skipped_person_records_no_consent(MemoryStore::new());
    a_skipped_person_records_no_consent(SqliteStore::open_in_memory().unwrap());
}

#[test]
fn dry_run_validates_without_writing() {
    let registry = registry(SqliteStore::open_in_memory().unwrap());
    let report = import(
        &registry,
        ImportKind::Offices,
        "offices.csv",
        OFFICES,
        &ImportOptions::new(OnError::Abort, true),
    )
    .unwrap();
    assert_eq!((report.rows, report.created, report.dry_run), (4, 4, true));
    assert!(registry.read(&admin(), |r| r.offices()).unwrap().is_empty());
    // A dry run still finds bad rows.
    let bad = OFFICES.replace("county,WAZ", "county,XX");
    let err = import(
        &registry,
        ImportKind::Offices,
        "offices.csv",
        &bad,
        &ImportOptions::new(OnError::Abort, true),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "offices.csv: row 3, column parent_code: office XX not found"
    );
}

fn import_bytes(
    registry: &Registry<MemoryStore>,
    kind: ImportKind,
    bytes: &[u8],
) -> Result<ImportReport, ImportError> {
    import_csv(
        registry,
        &admin(),
        kind,
        "offices.csv",
        bytes,
        &ImportOptions::default(),
        None,
        &mut |_| {},
    )
}

#[test]
fn excel_files_get_one_line_that_says_save_as_csv_utf8() {
    let registry = registry(MemoryStore::new());
    let advice = "save it as \"CSV UTF-8\"";
    // UTF-16 (Excel's "Unicode text"), with and without a byte-order mark.
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    utf16.extend(OFFICES.encode_utf16().flat_map(u16::to_le_bytes));
    let no_bom: Vec<u8> = OFFICES.encode_utf16().flat_map(u16::to_be_bytes).collect();
    // cp1256: Persian letters in single bytes above 0x7F, not UTF-8.
    let cp1256 = b"code,name,level,parent_code\nWAZ,\xc2\xd0\xd1\xc8\xc7\xdb\xc7\xe4,province,\n";
    for bytes in [utf16.as_slice(), no_bom.as_slice(), cp1256.as_slice()] {
        let message = import_bytes(&registry, ImportKind::Offices, bytes)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("offices.csv: the file is "),
            "{message}"
        );
        assert!(message.ends_with(advice), "{message}");
        assert!(!message.contains('\n'));
    }
    // Semicolons (Excel in a Persian locale), Arabic semicolons, tabs.
    for (separator, name) in [(";", "';'"), ("؛", "'؛'"), ("\t", "tabs")] {
        let text = OFFICES.replace(',', separator);
        let message = import_bytes(&registry, ImportKind::Offices, text.as_bytes())
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            format!("offices.csv: columns are separated by {name}, not commas: {advice}")
        );
    }
    assert!(registry.read(&admin(), |r| r.offices()).unwrap().is_empty());
}

#[test]
fn a_repeated_column_refuses_the_file() {
    let registry = registry(MemoryStore::new());
    let text = "code,name,level,parent_code,name\nWAZ,a,province,,b\n";
    let err = import_bytes(&registry, ImportKind::Offices, text.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "offices.csv: column name appears more than once"
    );
    // An English name and its Persian alias are the same column.
    let text = "code,name,level,parent_code,نام\nWAZ,a,province,,b\n";
    let err = import_bytes(&registry, ImportKind::Offices, text.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "offices.csv: column name appears more than once"
    );
    // Empty trailing columns from a spreadsheet are not repeats.
    let text = "code,name,level,parent_code,,\nWAZ,a,province,,,\n";
    assert_eq!(
        import_bytes(&registry, ImportKind::Offices, text.as_bytes())
            .unwrap()
            .created,
        1
    );
}

#[test]
fn control_characters_in_cells_refuse_the_file() {
    for (cell, what) in [
        ("\u{1b}[2Jزهرا", "ESC"),
        ("\"زهرا\rx\"", "CR in quotes"),
        ("\"زه\nرا\"", "LF in quotes"),
        ("زه\u{7f}را", "DEL"),
        ("زه\u{9b}را", "C1 CSI"),
    ] {
        let registry = registry(MemoryStore::new());
        load_offices_and_households(&registry);
        let text = PEOPLE.replacen("زهرا", cell, 1);
        let err = import(
            &registry,
            ImportKind::People,
            "people.csv",
            &text,
            &ImportOptions::new(OnError::Skip, false),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "people.csv: row 2, column given_name: contains a control character",
            "{what}"
        );
        let people = registry
            .read(&admin(), |r| {
                r.household_by_code("H-002").and_then(|h| r.members(h.id()))
            })
            .unwrap();
        assert!(people.is_empty(), "{what}: nothing is written");
    }
}

fn load_offices_and_households<S: RegistryStore>(registry: &Registry<S>) {
    for (kind, file, text) in [
        (ImportKind::Offices, "offices.csv", OFFICES),
        (ImportKind::Households, "households.csv", HOUSEHOLDS),
    ] {
        import(registry, kind, file, text, &ImportOptions::default()).unwrap();
    }
}

#[test]
fn registry_files_accept_persian_headers() {
    let registry = registry(MemoryStore::new());
    let offices = OFFICES.replacen("code,name,level,parent_code", "کد,نام,سطح,كد والد", 1);
    let households = HOUSEHOLDS.replacen("code,office_code,address", "کد خانوار,کد دفتر,نشانی", 1);
    let people = PEOPLE.replacen(
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code",
        "کد ملی,نام,نام خانوادگی,تاریخ تولد,جنسیت,موبایل,کد خانوار",
        1,
    );
    for (kind, file, text) in [
        (ImportKind::Offices, "offices.csv", offices.as_str()),
        (
            ImportKind::Households,
            "households.csv",
            households.as_str(),
        ),
        (ImportKind::People, "people.csv", people.as_str()),
        (ImportKind::Businesses, "businesses.csv", BUSINESSES),
    ] {
        let report = import(&registry, kind, file, text, &ImportOptions::default()).unwrap();
        assert_eq!(report.created, report.rows, "{file}");
    }
    check_loaded(&registry);
}

#[test]
fn messages_state_their_cause_once() {
    use std::error::Error as _;
    let registry = registry(MemoryStore::new());
    import(
        &registry,
        ImportKind::Offices,
        "o.csv",
        OFFICES,
        &ImportOptions::default(),
    )
    .unwrap();
    let households = "code,office_code,registered_on\nH-1,DZ1,1404-00-01\n";
    let err = import(
        &registry,
        ImportKind::Households,
        "households.csv",
        households,
        &ImportOptions::default(),
    )
    .unwrap_err();
    let mut chain = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    let all = chain.join(": ");
    assert_eq!(
        all.matches("month 0 is not between 1 and 12").count(),
        1,
        "{all}"
    );
    // The same for a core error alone.
    let date = homebiz::core::JalaliDate::parse_guess("1404-00-01").unwrap_err();
    assert!(date.source().is_none(), "{date}");
}

fn same_person_file(k: usize) -> String {
    // Valid national IDs: nine digits and their check digit.
    let mut text = String::from(
        "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n",
    );
    for i in 0..k {
        let body: Vec<u32> = format!("{:09}", 100_000_001 + i * 7919)
            .chars()
            .map(|c| c.to_digit(10).unwrap())
            .collect();
        let s: u32 = body
            .iter()
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum::<u32>()
            % 11;
        let check = if s < 2 { s } else { 11 - s };
        let id: String = body.iter().map(u32::to_string).collect::<String>() + &check.to_string();
        // Born on 1 Farvardin, the default date of many registers.
        text.push_str(&format!("{id},فاطمه,محمدی,1360-01-01,female,,H-001\n"));
    }
    text
}

fn duplicate_flags_grow_linearly<S: RegistryStore>(store: S) {
    let registry = registry(store);
    load_offices_and_households(&registry);
    let k = 40;
    let report = import(
        &registry,
        ImportKind::People,
        "people.csv",
        &same_person_file(k),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.created, k as u64);
    let (flags, groups, audited) = registry
        .read(&admin(), |r| {
            let events = r.audit_events(0, 100_000)?;
            Ok((
                r.duplicate_flags()?,
                r.duplicate_groups()?,
                events
                    .iter()
                    .filter(|e| e.record.action == homebiz::registry::AuditAction::FlaggedDuplicate)
                    .count(),
            ))
        })
        .unwrap();
    assert_eq!(flags.len(), k - 1, "k people make k - 1 flags");
    assert_eq!(audited, k - 1);
    // The review shows the group: all k people, the first one first.
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].people.len(), k);
    assert!(flags.iter().all(|f| f.resembles == groups[0].people[0]));
}

#[test]
fn duplicate_flags_grow_linearly_in_memory_and_sqlite() {
    duplicate_flags_grow_linearly(MemoryStore::new());
    duplicate_flags_grow_linearly(SqliteStore::open_in_memory().unwrap());
}

#[test]
fn implausible_dates_are_refused_naming_row_and_column() {
    // Today is 1404-03-11 (2025-06-01).
    for (kind, file, text, expected) in [
        (
            ImportKind::People,
            "people.csv",
            PEOPLE.replace("1370/05/20", "70/05/20"),
            "people.csv: row 2, column birth_date: is more than 120 years before today (write the year in full)",
        ),
        (
            ImportKind::People,
            "people.csv",
            PEOPLE.replace("1370/05/20", "1404/03/12"),
            "people.csv: row 2, column birth_date: is in the future",
        ),
        (
            ImportKind::People,
            "people.csv",
            PEOPLE.replace(":1401-07-01", ":0401-07-01"),
            "people.csv: row 2, column skills: a certificate's date is more than 50 years before today (write the year in full)",
        ),
        (
            ImportKind::Households,
            "households.csv",
            HOUSEHOLDS.replace("1404/02/01", "1404/03/20"),
            "households.csv: row 2, column baseline_survey_date: is in the future",
        ),
        (
            ImportKind::Households,
            "households.csv",
            HOUSEHOLDS.replace("1404-02-15", "1404-04-15"),
            "households.csv: row 2, column registered_on: is in the future",
        ),
        (
            ImportKind::Businesses,
            "businesses.csv",
            BUSINESSES.replace("1404-03-01", "1405-03-01"),
            "businesses.csv: row 2, column licence_issued: is in the future",
        ),
        (
            ImportKind::Businesses,
            "businesses.csv",
            BUSINESSES.replace("1405-03-04", "1505-03-04"),
            "businesses.csv: row 2, column health_expires: is more than 50 years after today",
        ),
    ] {
        let registry = registry(MemoryStore::new());
        load_all_but(&registry, kind);
        let err = import(&registry, kind, file, &text, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
}

/// Loads the example files that come before `kind`.
fn load_all_but<S: RegistryStore>(registry: &Registry<S>, kind: ImportKind) {
    for (k, file, text) in [
        (ImportKind::Offices, "offices.csv", OFFICES),
        (ImportKind::Households, "households.csv", HOUSEHOLDS),
        (ImportKind::People, "people.csv", PEOPLE),
        (ImportKind::Businesses, "businesses.csv", BUSINESSES),
    ] {
        if k == kind {
            return;
        }
        import(registry, k, file, text, &ImportOptions::default()).unwrap();
    }
}

#[test]
fn codes_are_checked_against_the_catalog() {
    for (kind, file, text, expected) in [
        (
            ImportKind::People,
            "people.csv",
            PEOPLE.replace("baking:beginner", "bakng:beginner"),
            "people.csv: row 2, column skills: names a skill the catalog does not know",
        ),
        (
            ImportKind::People,
            "people.csv",
            PEOPLE.replace("embroidery;pickles", "embroidery;pickels"),
            "people.csv: row 2, column interests: names an activity the catalog does not have",
        ),
        (
            ImportKind::Businesses,
            "businesses.csv",
            BUSINESSES.replace(
                "B-002,H-002,0790419904,pickles",
                "B-002,H-002,0790419904,pikles",
            ),
            "businesses.csv: row 3, column activity: not an activity of the catalog",
        ),
    ] {
        let registry = registry(MemoryStore::new());
        load_all_but(&registry, kind);
        let err = import(&registry, kind, file, &text, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    // A programme's own catalog: its codes, and only its codes.
    let mut walnut = homebiz::scoring::catalog::Catalog::default_catalog()
        .unwrap()
        .get("pickles")
        .unwrap()
        .data()
        .clone();
    walnut.code = "walnut_sweets".into();
    let own = std::sync::Arc::new(homebiz::scoring::catalog::Catalog::new(vec![walnut]).unwrap());
    let registry = registry(MemoryStore::new());
    load_all_but(&registry, ImportKind::Businesses);
    let options = ImportOptions::default().with_catalog(own);
    let err = import(
        &registry,
        ImportKind::Businesses,
        "b.csv",
        BUSINESSES,
        &options,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.csv: row 2, column activity: not an activity of the catalog"
    );
    let text = BUSINESSES.replace(",pickles,", ",walnut_sweets,");
    assert_eq!(
        import(&registry, ImportKind::Businesses, "b.csv", &text, &options)
            .unwrap()
            .created,
        2
    );
}

#[test]
fn conflicts_are_reported_naming_the_field_not_counted_as_existing() {
    let registry = registry(SqliteStore::open_in_memory().unwrap());
    load_all(&registry);
    // A household imported before, now with another address, and a new
    // one: the file is refused and nothing is written.
    let changed = HOUSEHOLDS.replace("کوچه ۱", "کوچه ۹") + "H-003,DZ1,کوچه ۳,,,,,,,,\n";
    let err = import(
        &registry,
        ImportKind::Households,
        "households.csv",
        &changed,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "households.csv: row 2, column address: differs from the household H-001 already recorded"
    );
    assert!(
        registry
            .read(&admin(), |r| r.household_by_code("H-003"))
            .is_err()
    );
    // Skipped: counted as a conflict, not as existing, and in the rejects.
    let mut rejects = Vec::new();
    let report = import_csv(
        &registry,
        &admin(),
        ImportKind::Households,
        "households.csv",
        changed.as_bytes(),
        &ImportOptions::new(OnError::Skip, false),
        Some(&mut rejects),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        (
            report.created,
            report.existing,
            report.conflicts,
            report.rejected
        ),
        (1, 1, 1, 0)
    );
    let rejects = String::from_utf8(rejects).unwrap();
    assert!(
        rejects.contains("row 2, column address: differs"),
        "{rejects}"
    );
    // People: another birth date for the same national ID.
    let people = PEOPLE.replace("1991-08-11", "1991-08-12");
    let err = import(
        &registry,
        ImportKind::People,
        "people.csv",
        &people,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "people.csv: row 3, column birth_date: differs from the person with this national ID already recorded"
    );
    // Businesses: another capital.
    let businesses = BUSINESSES.replace("120000000", "130000000");
    let err = import(
        &registry,
        ImportKind::Businesses,
        "businesses.csv",
        &businesses,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "businesses.csv: row 2, column capital_rial: differs from the business B-001 already recorded"
    );
    // A state the lifecycle moved on is a conflict too: the file's state
    // is neither applied nor silently dropped (#14).
    let h1 = registry
        .read(&admin(), |r| r.household_by_code("H-001"))
        .unwrap();
    registry
        .write(&admin(), |w| {
            w.transition_membership(h1.id(), homebiz::registry::MembershipState::Enrolled)
        })
        .unwrap();
    let err = import(
        &registry,
        ImportKind::Households,
        "households.csv",
        HOUSEHOLDS,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "households.csv: row 2, column membership: is enrolled in the registry: an import does not \
         change a state; use `homebiz household enrol|activate|pause|graduate|exit`"
    );
}

#[test]
fn a_key_repeated_in_one_file_with_other_content_is_a_conflict() {
    let registry = registry(MemoryStore::new());
    let repeated = format!("{OFFICES}WAZ,آذربايجان غربی,province,\n");
    // The same office again (Arabic yeh: the same name once normalised).
    let report = import(
        &registry,
        ImportKind::Offices,
        "offices.csv",
        &repeated,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (report.created, report.existing, report.conflicts),
        (4, 1, 0)
    );
    let registry = self::registry(MemoryStore::new());
    let repeated = format!("{OFFICES}URM,ارومیه,city,WAZ\n");
    let err = import(
        &registry,
        ImportKind::Offices,
        "offices.csv",
        &repeated,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "offices.csv: row 6, column name: differs from the office URM of row 3 of this file"
    );
    assert!(registry.read(&admin(), |r| r.offices()).unwrap().is_empty());
}

/// Row numbers are the record's line in the file, blank lines counted
/// (whatever ends the lines).
#[test]
fn row_numbers_count_blank_lines() {
    for end in ["\n", "\r\n", "\r"] {
        let registry = registry(MemoryStore::new());
        load_offices_and_households(&registry);
        let mut lines: Vec<&str> = PEOPLE.lines().collect();
        let bad = lines[2].replace(",مرد,", ",unknown,");
        lines[2] = &bad;
        let text = format!(
            "{}{end}{end}{}{end}{end}{end}{}{end}",
            lines[0], lines[1], lines[2]
        );
        let err = import(
            &registry,
            ImportKind::People,
            "people.csv",
            &text,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "people.csv: row 6, column gender: expected female or male",
            "{end:?}"
        );
    }
}

/// A row with the wrong number of cells gets one line in the project's
/// format and is skipped under skip; Excel's empty trailing cells and rows
/// of empty cells are fine.
#[test]
fn rows_with_the_wrong_number_of_cells() {
    let registry = registry(MemoryStore::new());
    let offices = "code,name,level,parent_code\nWAZ,West,province\n";
    let err = import(
        &registry,
        ImportKind::Offices,
        "o.csv",
        offices,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "o.csv: row 2: has 3 cells, the header has 4"
    );
    let offices = "code,name,level,parent_code\nWAZ,West,2,600,province,\n";
    let err = import(
        &registry,
        ImportKind::Offices,
        "o.csv",
        offices,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "o.csv: row 2: has 5 cells, the header has 4: a number may hold an unquoted \
         thousands separator (write 2600000, or quote it)"
    );
    // Under skip: the row goes to the rejects.
    let offices =
        "code,name,level,parent_code\nWAZ,West,province,,,\n,,,\nX,Y\nURM,U,county,WAZ,\n";
    let mut rejects = Vec::new();
    let report = import_csv(
        &registry,
        &admin(),
        ImportKind::Offices,
        "o.csv",
        offices.as_bytes(),
        &ImportOptions::new(OnError::Skip, false),
        Some(&mut rejects),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((report.rows, report.created, report.rejected), (3, 2, 1));
    let rejects = String::from_utf8(rejects).unwrap();
    assert!(
        rejects.contains("X,Y,,,\"o.csv: row 4: has 2 cells, the header has 4\""),
        "{rejects}"
    );
    // The same in a market file and in sales.
    let err = homebiz::market_files::read_booths(
        "b.csv",
        "exhibition,code,size,accepts\nT,F-1,small\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.csv: row 2: has 3 cells, the header has 4"
    );
}

#[test]
fn a_binary_file_is_not_text() {
    let registry = registry(MemoryStore::new());
    let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    bytes.extend_from_slice(&[3, 0, 62, 0, 1, 0, 0, 0, 0xd0, 0x61, 0, 0]);
    let err = import_bytes(&registry, ImportKind::People, &bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "offices.csv: not a CSV text file: save it as \"CSV UTF-8\""
    );
}

/// Headers are matched ignoring case, spaces, ZWNJ and letter variants; a
/// header that is no column refuses the file, naming the likely column.
#[test]
fn headers_are_matched_loosely_and_unknown_ones_refused() {
    let registry = registry(MemoryStore::new());
    load_offices_and_households(&registry);
    let header = "National_ID, Given Name ,family_name,Birth_Date,Gender ,mobile,household_code,education,مهارتها,hours_per_week,علاقه مندی ها,disability,consent_disability";
    let text = PEOPLE.replacen(PEOPLE.lines().next().unwrap(), header, 1);
    let report = import(
        &registry,
        ImportKind::People,
        "people.csv",
        &text,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.created, 2);
    let skills = registry
        .read(&admin(), |r| {
            r.household_by_code("H-001").and_then(|h| r.members(h.id()))
        })
        .unwrap()[0]
        .data()
        .skills
        .len();
    assert_eq!(skills, 2, "the skills were read, not dropped");
    for (header, message) in [
        (
            "Skils",
            "column \"Skils\" is not a column of this file (did you mean skills?)",
        ),
        (
            "interest",
            "column \"interest\" is not a column of this file (did you mean interests?)",
        ),
        (
            "favourite colour",
            "column \"favourite colour\" is not a column of this file",
        ),
    ] {
        let text = PEOPLE.replacen(",skills,", &format!(",{header},"), 1);
        let text = if header == "interest" {
            PEOPLE.replacen(",interests,", ",interest,", 1)
        } else {
            text
        };
        let err = import(
            &registry,
            ImportKind::People,
            "people.csv",
            &text,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), format!("people.csv: {message}"));
    }
    // A rejects file's `error` column is ignored: it is imported again
    // once fixed.
    let fixed: String = PEOPLE
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{l},{}\n", if i == 0 { "error" } else { "was bad" }))
        .collect();
    assert_eq!(
        import(
            &registry,
            ImportKind::People,
            "people.csv",
            &fixed,
            &ImportOptions::default()
        )
        .unwrap()
        .existing,
        2
    );
    // Every importer: market files, sales, catalogs.
    let err = homebiz::market_files::read_booths(
        "b.csv",
        "exhibition,code,size,accepts,colour\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.csv: column \"colour\" is not a column of this file"
    );
    let err =
        homebiz::catalog_file::load_catalog_csv("c.csv", "code,nmae_fa\n".as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv: column \"nmae_fa\" is not a column of this file (did you mean name_fa?)"
    );
}

/// A row whose record exists is validated fully (dates included) before it
/// is compared, and a conflict names the exact column that differs.
#[test]
fn an_existing_record_is_validated_before_compared_and_the_conflict_names_the_column() {
    let registry = registry(MemoryStore::new());
    load_all(&registry);
    for (from, to, expected) in [
        (
            "1404-03-01,,HC-9",
            "1404-03-01,1410-01-01,HC-9",
            "column licence_expires: differs from the business B-001 already recorded",
        ),
        (
            ",1404-03-01,",
            ",1404-03-02,",
            "column licence_issued: differs from the business B-001 already recorded",
        ),
        (
            ",1405-03-04,",
            ",1405-03-05,",
            "column health_expires: differs from the business B-001 already recorded",
        ),
        (
            ",1404-03-01,",
            ",04-03-01,",
            "column licence_issued: is more than 50 years before today (write the year in full)",
        ),
        (
            ",1404-03-01,,",
            ",1404-03-01,1404-01-01,",
            "column licence_expires: is before the issue date",
        ),
    ] {
        let text = BUSINESSES.replacen(from, to, 1);
        assert_ne!(text, BUSINESSES, "{from}");
        let err = import(
            &registry,
            ImportKind::Businesses,
            "businesses.csv",
            &text,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("businesses.csv: row 2, {expected}")
        );
    }
    // People too: a birth date in the future is named as such.
    let err = import(
        &registry,
        ImportKind::People,
        "people.csv",
        &PEOPLE.replace("1991-08-11", "2030-01-01"),
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "people.csv: row 3, column birth_date: is in the future"
    );
}

/// Codes written with Persian digits are the codes with ASCII digits, in
/// every file: the same office, household, business.
#[test]
fn codes_with_persian_digits_are_the_same_codes() {
    let registry = registry(MemoryStore::new());
    load_all(&registry);
    let households = HOUSEHOLDS
        .replace("H-001", "H-۰۰۱")
        .replace("H-002", "H-٠٠٢");
    let report = import(
        &registry,
        ImportKind::Households,
        "households.csv",
        &households,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((report.created, report.existing), (0, 2));
    let businesses = BUSINESSES.replace("B-001", "B-۰۰۱");
    let report = import(
        &registry,
        ImportKind::Businesses,
        "businesses.csv",
        &businesses,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((report.created, report.existing), (0, 2));
}

/// `text` with only the columns `keep` (in the file's order); with `blank`,
/// the cells of the columns outside `keep` stay in the header but are
/// emptied instead.
fn columns_only(text: &str, keep: &[&str], blank: bool) -> String {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let kept = |c: &str| keep.contains(&c);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(header.iter().filter(|c| blank || kept(c)))
        .unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let cells = header.iter().zip(record.iter()).filter_map(|(c, v)| {
            if kept(c) {
                Some(v)
            } else if blank {
                Some("")
            } else {
                None
            }
        });
        writer.write_record(cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// Every household, person and business of the fixture, as JSON.
fn records_json<S: RegistryStore>(registry: &Registry<S>) -> serde_json::Value {
    registry
        .read(&admin(), |r| {
            let dz1 = r.office_by_code("DZ1")?.id();
            let households = r.households(dz1)?;
            let mut people = Vec::new();
            for h in &households {
                people.extend(r.members(h.id())?);
            }
            let businesses = r.businesses(dz1)?;
            Ok(serde_json::json!({
                "households": households,
                "people": people,
                "businesses": businesses,
            }))
        })
        .unwrap()
}

/// The three record files with their kinds, names and texts.
const RECORD_FILES: [(ImportKind, &str, &str); 3] = [
    (ImportKind::Households, "households.csv", HOUSEHOLDS),
    (ImportKind::People, "people.csv", PEOPLE),
    (ImportKind::Businesses, "businesses.csv", BUSINESSES),
];

/// `import --update` of a file that leaves out optional columns (#14):
/// every optional column of households, people and businesses, left out
/// alone or all together, keeps what is recorded; the rows are unchanged,
/// not updated.
#[test]
fn update_never_touches_a_column_the_file_leaves_out() {
    let update = ImportOptions::default().with_update(true);
    for (kind, file, text) in RECORD_FILES {
        let required = kind.required_columns();
        let optional = kind.optional_columns();
        // All optional columns left out, then each one alone.
        let mut files = vec![("every optional column".to_owned(), required.to_vec())];
        for left_out in optional {
            // Columns that go together are left out together: a
            // baseline's income and survey date, a sensitive value and its
            // consent, a business's mode and its parent or cluster.
            let together: &[&str] = match *left_out {
                "baseline_income_rial" | "baseline_survey_date" => {
                    &["baseline_income_rial", "baseline_survey_date"]
                }
                "consent_support" => &["support", "consent_support"],
                "consent_disability" => &["disability", "consent_disability"],
                "parent_code" | "cluster" => &["mode", "parent_code", "cluster"],
                _ => &[],
            };
            let pair = |c: &str| c == *left_out || together.contains(&c);
            let keep: Vec<&str> = required
                .iter()
                .chain(optional)
                .copied()
                .filter(|c| !pair(c))
                .collect();
            files.push(((*left_out).to_owned(), keep));
        }
        for (left_out, keep) in files {
            let registry = registry(MemoryStore::new());
            load_all(&registry);
            let before = records_json(&registry);
            let partial = columns_only(text, &keep, false);
            let report = import(&registry, kind, file, &partial, &update)
                .unwrap_or_else(|e| panic!("{file} without {left_out}: {e}"));
            assert_eq!(
                (report.updated, report.existing),
                (0, report.rows),
                "{file} without {left_out}"
            );
            assert_eq!(records_json(&registry), before, "{file} without {left_out}");
            // Without --update too: no conflict.
            let report = import(&registry, kind, file, &partial, &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{file} without {left_out}: {e}"));
            assert_eq!(report.existing, report.rows, "{file} without {left_out}");
        }
    }
}

/// A blank cell in a column the file has means "not given": the recorded
/// value is kept, never cleared (clearing is `… edit field=`, or for
/// support and disability a withdrawn consent).
#[test]
fn update_keeps_what_a_blank_cell_leaves_out() {
    let update = ImportOptions::default().with_update(true);
    for (kind, file, text) in RECORD_FILES {
        let registry = registry(MemoryStore::new());
        load_all(&registry);
        let before = records_json(&registry);
        let blanked = columns_only(text, kind.required_columns(), true);
        let report = import(&registry, kind, file, &blanked, &update).unwrap();
        assert_eq!(
            (report.updated, report.existing),
            (0, report.rows),
            "{file}"
        );
        assert_eq!(records_json(&registry), before, "{file}");
    }
}

/// An update changes only the columns the file has: a file with one
/// optional column changed updates that field and nothing else.
#[test]
fn update_changes_only_the_columns_the_file_has() {
    let update = ImportOptions::default().with_update(true);
    for (kind, file, text, column, from, to, field) in [
        (
            ImportKind::Households,
            "households.csv",
            HOUSEHOLDS,
            "area_m2",
            "14",
            "15",
            "space",
        ),
        (
            ImportKind::People,
            "people.csv",
            PEOPLE,
            "hours_per_week",
            "25",
            "26",
            "hours_per_week",
        ),
        (
            ImportKind::Businesses,
            "businesses.csv",
            BUSINESSES,
            "licence_expires",
            "",
            "1410-01-01",
            "licence",
        ),
    ] {
        let registry = registry(MemoryStore::new());
        load_all(&registry);
        let before = records_json(&registry);
        let mut keep = kind.required_columns().to_vec();
        keep.push(column);
        let mut partial = columns_only(text, &keep, false);
        // The first data row's last cell is the column's.
        let line = partial.lines().nth(1).unwrap().to_owned();
        let changed = match line.strip_suffix(from) {
            Some(head) => format!("{head}{to}"),
            None => panic!("{file}: {line}"),
        };
        partial = partial.replacen(&line, &changed, 1);
        let report = import(&registry, kind, file, &partial, &update).unwrap();
        assert_eq!(
            (report.updated, report.existing),
            (1, report.rows - 1),
            "{file}"
        );
        let after = records_json(&registry);
        let group = match kind {
            ImportKind::Households => "households",
            ImportKind::People => "people",
            _ => "businesses",
        };
        let (old, new) = (&before[group][0], &after[group][0]);
        for (name, value) in old.as_object().unwrap() {
            if name == field {
                assert_ne!(&new[name], value, "{file}: {name}");
            } else {
                assert_eq!(&new[name], value, "{file}: {name}");
            }
        }
        for other in ["households", "people", "businesses"] {
            if other != group {
                assert_eq!(after[other], before[other], "{file}");
            }
        }
    }
}

/// Support is consent-bound on update as on create: a file without the
/// support column does not clear it, and a new support needs
/// consent_support = yes in the row.
#[test]
fn update_changes_support_only_with_consent() {
    let registry = registry(MemoryStore::new());
    load_all(&registry);
    let update = ImportOptions::default().with_update(true);
    let support = |registry: &Registry<MemoryStore>| {
        registry
            .read(&admin(), |r| r.household_by_code("H-002"))
            .unwrap()
            .data()
            .support
            .clone()
    };
    let recorded = support(&registry);
    assert!(recorded.is_some());
    // No support column: kept.
    let file = "code,office_code,area_m2\nH-002,DZ1,10\n";
    let report = import(&registry, ImportKind::Households, "h.csv", file, &update).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(support(&registry), recorded);
    // Another support without consent: refused, nothing written.
    let file = "code,office_code,support,consent_support\nH-002,DZ1,other,\n";
    let err = import(&registry, ImportKind::Households, "h.csv", file, &update).unwrap_err();
    assert_eq!(
        err.to_string(),
        "h.csv: row 2, column support: needs consent_support = yes"
    );
    assert_eq!(support(&registry), recorded);
    // With consent: changed.
    let file = "code,office_code,support,consent_support\nH-002,DZ1,other,yes\n";
    let report = import(&registry, ImportKind::Households, "h.csv", file, &update).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(support(&registry), Some(vec![SupportProgram::Other]));
    // The same for a person's disability: no column keeps it.
    let file = "national_id,given_name,family_name,birth_date,gender,mobile,household_code,hours_per_week\n\
                0790419904,علي,رضايي,1991-08-11,مرد,09141234567,H-002,31\n";
    let report = import(&registry, ImportKind::People, "p.csv", file, &update).unwrap();
    assert_eq!(report.updated, 1);
    let person = registry
        .read(&admin(), |r| {
            r.person_by_national_id(&homebiz::core::iran::NationalId::parse("0790419904")?)
        })
        .unwrap();
    assert_eq!(person.data().disability, Some(Disability::Hearing));
    assert_eq!(person.data().hours_per_week, 31);
}

/// With `--update`, a file needs only the key column (#14 walkthrough):
/// the files the walkthrough ran (`code,area_m2`, `national_id,
/// hours_per_week`, `code,household_code,capital_rial`, an office's
/// `code`) update what they give and keep the rest.
#[test]
fn update_needs_only_the_key_column() {
    let update = ImportOptions::default().with_update(true);
    for (kind, file, text, updated) in [
        (
            ImportKind::Households,
            "h.csv",
            "code,area_m2\nH-001,15\n",
            1,
        ),
        (
            ImportKind::People,
            "p.csv",
            "national_id,hours_per_week\n0499370899,26\n",
            1,
        ),
        (
            ImportKind::Businesses,
            "b.csv",
            "code,household_code,capital_rial\nB-001,H-001,130000000\n",
            1,
        ),
        (ImportKind::Offices, "o.csv", "code\nDZ1\n", 0),
    ] {
        let registry = registry(MemoryStore::new());
        load_all(&registry);
        let before = records_json(&registry);
        let report =
            import(&registry, kind, file, text, &update).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((report.updated, report.rejected), (updated, 0), "{file}");
        let after = records_json(&registry);
        let (group, field, value) = match kind {
            ImportKind::Households => ("households", "space", serde_json::json!(15)),
            ImportKind::People => ("people", "hours_per_week", serde_json::json!(26)),
            ImportKind::Businesses => (
                "businesses",
                "capital_invested",
                serde_json::json!(130_000_000),
            ),
            _ => {
                assert_eq!(after, before);
                continue;
            }
        };
        let (old, new) = (&before[group][0], &after[group][0]);
        for (name, was) in old.as_object().unwrap() {
            if name == field {
                assert_ne!(&new[name], was, "{file}: {name}");
                assert!(
                    new[name].to_string().contains(&value.to_string()),
                    "{file}: {}",
                    new[name]
                );
            } else {
                assert_eq!(&new[name], was, "{file}: {name}");
            }
        }
        // Without --update the header still needs every required column.
        let err = import(&registry, kind, file, text, &ImportOptions::default()).unwrap_err();
        assert!(
            matches!(err, ImportError::MissingColumn { .. }),
            "{file}: {err}"
        );
    }
}

/// With `--update`, an empty cell in a required column keeps the stored
/// value too: every file with all its cells but the key emptied changes
/// nothing.
#[test]
fn update_keeps_a_required_value_an_empty_cell_leaves_out() {
    let update = ImportOptions::default().with_update(true);
    for (kind, file, text) in RECORD_FILES {
        let registry = registry(MemoryStore::new());
        load_all(&registry);
        let before = records_json(&registry);
        let key = kind.required_columns()[0];
        let blanked = columns_only(text, &[key], true);
        let report = import(&registry, kind, file, &blanked, &update)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            (report.updated, report.existing),
            (0, report.rows),
            "{file}"
        );
        assert_eq!(records_json(&registry), before, "{file}");
    }
}

/// With `--update`, a row whose record is not in the registry yet creates
/// it, so it needs every required column: a column the file leaves out,
/// or an empty cell, refuses the row, naming the row and the column, and
/// nothing is written.
#[test]
fn update_creating_a_record_needs_every_required_column() {
    let update = ImportOptions::default().with_update(true);
    for (kind, text, message) in [
        (
            ImportKind::Households,
            "code,area_m2\nH-001,15\nH-009,15\n",
            "f.csv: row 3, column office_code: is not in the file, and this row's record is \
             not in the registry yet: a new record needs every required column",
        ),
        (
            ImportKind::Households,
            "code,office_code,area_m2\nH-001,,15\nH-009,,15\n",
            "f.csv: row 3, column office_code: is empty",
        ),
        (
            ImportKind::People,
            "national_id,hours_per_week\n0499370899,26\n1234567891,26\n",
            "f.csv: row 3, column given_name: is not in the file, and this row's record is \
             not in the registry yet: a new record needs every required column",
        ),
        (
            ImportKind::Businesses,
            "code,household_code,owner_national_id,activity\nB-001,,,\nB-009,H-001,,pickles\n",
            "f.csv: row 3, column owner_national_id: is empty",
        ),
        (
            ImportKind::Offices,
            "code,name\nDZ9,دفتر\n",
            "f.csv: row 2, column level: is not in the file, and this row's record is \
             not in the registry yet: a new record needs every required column",
        ),
    ] {
        let registry = registry(MemoryStore::new());
        load_all(&registry);
        let before = records_json(&registry);
        let err = import(&registry, kind, "f.csv", text, &update).unwrap_err();
        assert_eq!(err.to_string(), message);
        assert_eq!(records_json(&registry), before);
    }
}
