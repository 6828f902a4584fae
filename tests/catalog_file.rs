//! Loading a user's catalog: JSON like the default one, or CSV, with
//! row-level errors.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use homebiz::catalog_file::{load_catalog_csv, load_catalog_json};
use homebiz::scoring::catalog::Catalog;

const HEADER: &str = "code,name_fa,name_en,category,skills,capital_min_rial,capital_max_rial,min_m2,separate_room,nuisances,hours_per_week,revenue_min_rial,revenue_max_rial,margin_min,margin_max,seasonality,licence,health_certificate,channels,risk,notes";
const ROW: &str = "walnut_sweets,شیرینی گردویی,Walnut sweets,agro_processing,baking:2:80,\"30,000,000\",120000000,۶,yes,heat;smell,15,20000000,60000000,30,45,60;60;60;60;60;60;60;60;80;90;90;100,yes,yes,permanent_exhibition;online_marketplace,2,Yalda gifts";

#[test]
fn csv_loads_and_validates() {
    let catalog = load_catalog_csv("mine.csv", format!("{HEADER}\n{ROW}\n").as_bytes()).unwrap();
    let a = catalog.get("walnut_sweets").unwrap().data();
    assert_eq!(a.capital_rial.min, 30_000_000);
    assert_eq!(a.space.min_m2, 6);
    assert_eq!(a.skills[0].training_hours, 80);
    assert_eq!(a.channels.len(), 2);

    for (bad_row, expected) in [
        (
            ROW.replace(",2,Yalda", ",9,Yalda"),
            "mine.csv: row 2, column risk: runs from 1 to 5",
        ),
        (
            ROW.replace("agro_processing", "mining"),
            "mine.csv: row 2, column category: expected one of livestock_poultry, handicrafts, aquaculture, agro_processing, plant_production, production_services, cultural_artistic",
        ),
        (
            ROW.replace("baking:2:80", "baking:2"),
            "mine.csv: row 2, column skills: each skill is skill:level:training_hours",
        ),
        (
            ROW.replace(";100,yes", ",yes"),
            "mine.csv: row 2, column seasonality: twelve values, Farvardin first",
        ),
        (
            ROW.replace("online_marketplace", "bazaar"),
            "mine.csv: row 2, column channels: expected permanent_exhibition, seasonal_fair, consignment_shop, online_marketplace, institutional_buyer or wholesaler",
        ),
    ] {
        let err =
            load_catalog_csv("mine.csv", format!("{HEADER}\n{bad_row}\n").as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    // A row repeated as it was counts once; with other content it is
    // refused, naming both rows.
    let twice =
        load_catalog_csv("mine.csv", format!("{HEADER}\n{ROW}\n{ROW}\n").as_bytes()).unwrap();
    assert_eq!(twice.len(), 1);
    let other = ROW.replace(",2,Yalda", ",3,Yalda");
    let err =
        load_catalog_csv("mine.csv", format!("{HEADER}\n{ROW}\n{other}\n").as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "mine.csv: row 3, column code: is used by row 2 too, with other content"
    );
    let err = load_catalog_csv("mine.csv", "code,name_fa\n".as_bytes()).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "mine.csv: missing column name_en (the file needs the columns code, name_fa, name_en, "
        ),
        "{err}"
    );
}

#[test]
fn json_round_trips_the_default_catalog() {
    let default = Catalog::default_catalog().unwrap();
    let json =
        serde_json::to_string(&serde_json::json!({ "activities": default.activities() })).unwrap();
    let loaded = load_catalog_json("catalog.json", json.as_bytes()).unwrap();
    assert_eq!(loaded, default);
    let bare = serde_json::to_string(default.activities()).unwrap();
    assert_eq!(
        load_catalog_json("bare.json", bare.as_bytes()).unwrap(),
        default
    );
    let err = load_catalog_json("bad.json", "[{\"code\": 1}]".as_bytes()).unwrap_err();
    assert!(err.to_string().starts_with("bad.json: "), "{err}");
}

#[test]
fn csv_catalogs_get_the_checks_every_importer_shares() {
    for (text, expected) in [
        (
            format!("{HEADER},risk\n{ROW},3\n"),
            "mine.csv: column risk appears more than once".to_owned(),
        ),
        (
            format!(
                "{HEADER}\n{}\n",
                ROW.replace("Yalda gifts", "Yalda\u{1b}[2J")
            ),
            "mine.csv: row 2, column notes: contains a control character".to_owned(),
        ),
        (
            format!("{HEADER}\n{ROW}\n").replace(',', ";"),
            "mine.csv: columns are separated by ';', not commas: save it as \"CSV UTF-8\""
                .to_owned(),
        ),
    ] {
        let err = load_catalog_csv("mine.csv", text.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
}
