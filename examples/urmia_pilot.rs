//! The whole programme cycle, in one run, on an embedded SQLite file (or
//! on an empty PostgreSQL database, with `--db postgres://…`).
//!
//! Three facilitation offices on the edge of Urmia (synthetic households,
//! no real person) → recommendations with their reasons → a neighbourhood
//! plan within market headroom, whose households start their businesses →
//! the bus-terminal exhibition's booths allocated for 12 weeks → a year of
//! simulated sales, costs, booth fees and consignment (deterministic,
//! seeded) → income by Jalali month and activity, income change against
//! baseline, sustained employment and linkage per household → reports (CSV,
//! JSON) and charts (SVG) in the output folder, and a short summary.
//!
//! Run with `cargo run --release --example urmia_pilot [-- --lang fa|en] [--out DIR]
//! [--db postgres://user@host:port/db]` (default: English, `target/urmia-pilot/`,
//! emptied first, with the database `pilot.sqlite` in it). The reports are
//! the same on either database.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use homebiz::backend::{BackendProgram, Location};
use homebiz::charts::{self, Series};
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{ActorId, ChannelId, ConsignmentId, EntryId, ExhibitionId, TypedId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::text::Lang;
use homebiz::core::{FixedClock, JalaliDate, JalaliMonthRange, Money, MoneyFormat};
use homebiz::import::{ImportKind, ImportOptions, import_csv};
use homebiz::income::entry::{Body, CostCategory, Entry};
use homebiz::income::indicators::{GraduationRule, SustainedRule};
use homebiz::income::report::{Granularity, GroupBy, Key, Period, Report};
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::channel::{ChannelData, Fee, FeePeriod, Schedule};
use homebiz::market::consignment::{ConsignmentData, Event};
use homebiz::market::exhibition::ExhibitionData;
use homebiz::registry::{Actor, BusinessState, Licence, LicenceKind};
use homebiz::scoring::recommend::Recommender;
use homebiz::synthetic::{OFFICES, SyntheticConfig, market_csv, registry_csv};

type Error = Box<dyn std::error::Error>;

struct Args {
    lang: Lang,
    out: PathBuf,
    /// The database, if not `pilot.sqlite` in `out`.
    db: Option<Location>,
}

fn args() -> Result<Args, Error> {
    let mut lang = Lang::En;
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/urmia-pilot");
    let mut db = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--lang" => lang = it.next().ok_or("--lang needs fa or en")?.parse()?,
            "--out" => out = PathBuf::from(it.next().ok_or("--out needs a folder")?),
            "--db" => {
                db = Some(Location::new(
                    it.next().ok_or("--db needs a file or a postgres:// URL")?,
                ));
            }
            other => {
                return Err(format!(
                    "unknown argument {other}: use --lang fa|en, --out DIR, --db FILE|URL"
                )
                .into());
            }
        }
    }
    Ok(Args { lang, out, db })
}

/// Every file the pilot writes in its folder.
const FILES: [&str; 17] = [
    "pilot.sqlite",
    "pilot.sqlite-wal",
    "pilot.sqlite-shm",
    "pilot.sqlite-journal",
    "recommendations.csv",
    "plan.csv",
    "schedule.csv",
    "income_by_month.csv",
    "income_by_activity.csv",
    "income_by_month.json",
    "income_by_activity.json",
    "indicators.csv",
    "linkage.json",
    "indicators.json",
    "income_by_office.svg",
    "income_by_activity.svg",
    "schedule.svg",
];

/// Makes `out` a folder holding none of the pilot's files. A folder that
/// holds anything else is refused, never emptied: `--out` pointed at the
/// wrong folder loses nothing.
fn prepare(out: &Path) -> Result<(), Error> {
    if out.exists() {
        for entry in std::fs::read_dir(out)? {
            if !FILES
                .iter()
                .any(|f| entry.as_ref().is_ok_and(|e| e.file_name() == *f))
            {
                return Err(format!(
                    "{} holds files the pilot did not write: choose a new or empty folder",
                    out.display()
                )
                .into());
            }
        }
        for file in FILES {
            match std::fs::remove_file(out.join(file)) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                removed => removed?,
            }
        }
    }
    std::fs::create_dir_all(out)?;
    Ok(())
}

/// Writes `rows` (header first) as CSV.
fn write_csv(path: &Path, rows: &[Vec<String>]) -> Result<(), Error> {
    let mut w = csv::Writer::from_path(path)?;
    for row in rows {
        w.write_record(row)?;
    }
    w.flush()?;
    Ok(())
}

fn report_rows(report: &Report, name: impl Fn(&Key) -> String) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "period",
            "key",
            "revenue",
            "commission",
            "costs",
            "fees",
            "net",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for r in &report.rows {
        rows.push(vec![
            r.period.to_string(),
            name(&r.key),
            r.revenue.minor_units().to_string(),
            r.commission.minor_units().to_string(),
            r.costs.minor_units().to_string(),
            r.fees.minor_units().to_string(),
            r.net.minor_units().to_string(),
        ]);
    }
    rows
}

fn main() -> Result<(), Error> {
    let started = Instant::now();
    let Args { lang, out, db } = args()?;
    prepare(&out)?;
    // The programme starts in Farvardin 1404.
    let clock = Arc::new(FixedClock::new("2025-03-25T08:00:00Z".parse()?));
    let db = db.unwrap_or_else(|| Location::new(out.join("pilot.sqlite")));
    let program = BackendProgram::open(&db, clock.clone())?;
    let admin = Actor::unrestricted(ActorId::from_parts(1_742_000_000_000, [1; 10]));
    let mut rng = ChaCha8Rng::seed_from_u64(1404);

    // 1. The registry: three offices of 100 households, their members and
    //    the businesses some already run.
    let config = SyntheticConfig::default();
    let data = registry_csv(&config)?;
    for (kind, name, text) in [
        (ImportKind::Offices, "offices.csv", &data.offices),
        (ImportKind::Households, "households.csv", &data.households),
        (ImportKind::People, "people.csv", &data.people),
        (ImportKind::Businesses, "businesses.csv", &data.businesses),
    ] {
        import_csv(
            program.registry(),
            &admin,
            kind,
            name,
            text.as_bytes(),
            &ImportOptions::default(),
            None,
            &mut |_| {},
        )?;
    }

    // 2. The channels: the bus-terminal exhibition, an online marketplace,
    //    a consignment shop in the bazaar.
    let channel = |code: &str, name: &str, kind, commission, fee| ChannelData {
        id: ChannelId::from_key(code),
        code: code.into(),
        name: name.into(),
        kind,
        location: "Urmia".into(),
        accepts: vec![],
        commission,
        fee,
        schedule: Schedule::Permanent,
        capacity: None,
        by: None,
    };
    let week_fee = Money::rial(2_000_000);
    let terminal = program.market().add_channel(channel(
        "TERMINAL",
        "Bus terminal exhibition",
        ChannelKind::PermanentExhibition,
        Decimal::ZERO,
        Some(Fee {
            amount: week_fee,
            per: FeePeriod::Week,
        }),
    ))?;
    let online = program.market().add_channel(channel(
        "DIGIKALA",
        "Online marketplace",
        ChannelKind::OnlineMarketplace,
        Decimal::new(9, 2),
        None,
    ))?;
    let shop = program.market().add_channel(channel(
        "BAZAAR-SHOP",
        "Grand bazaar souvenir shop",
        ChannelKind::ConsignmentShop,
        Decimal::new(15, 2),
        None,
    ))?;

    // 3. Recommendations and a neighbourhood plan per office: the
    //    households without a business get the activity that fits them best
    //    where the market has room.
    let recommender = Recommender::standard();
    let capital = Money::rial(60_000_000);
    let loan_limit = Money::rial(300_000_000);
    let mut recommendations = vec![
        [
            "office",
            "household",
            "rank",
            "activity",
            "score",
            "channels",
            "why",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    let mut plan_rows = vec![
        ["office", "household", "activity", "fit", "choice", "note"]
            .map(str::to_owned)
            .to_vec(),
    ];
    let mut started_count = 0;
    for (office, _, _) in OFFICES {
        // Each activity's market carries 2 to 6 businesses per office.
        let demand: HashMap<String, u32> = program
            .catalog()
            .iter()
            .map(|a| (a.code().to_owned(), rng.random_range(2..=6)))
            .collect();
        let context = program.market_context(&admin, office, demand)?;
        for h in program.households(&admin, office)?.iter().take(5) {
            let profile = program.profile(&admin, h.id(), capital, loan_limit)?;
            let r = recommender.recommend(program.catalog(), &profile, &context)?;
            for rec in r.ranked.iter().take(3) {
                // The strongest reason (there is always one), from the
                // scoring.
                let why = r
                    .reasons(rec, 1)
                    .first()
                    .map_or_else(String::new, |reason| reason.describe(lang));
                recommendations.push(vec![
                    office.into(),
                    h.code().into(),
                    rec.rank.to_string(),
                    rec.activity.name(lang).into(),
                    format!("{:.3}", rec.score),
                    rec.channels
                        .as_slice()
                        .iter()
                        .map(|c| c.name(lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                    why,
                ]);
            }
        }
        let plan =
            program.plan_office(&admin, office, &context, &recommender, capital, loan_limit)?;
        for a in &plan.assignments {
            plan_rows.push(vec![
                office.into(),
                a.household.clone(),
                a.activity.name(lang).into(),
                format!("{:.3}", a.fit),
                a.choice.to_string(),
                a.note
                    .as_ref()
                    .map(|n| n.describe(lang))
                    .unwrap_or_default(),
            ]);
        }
        let started = program.start_planned(&admin, &plan, capital)?;
        started_count += started.len();
        // Training, a home-business licence, trading.
        program.registry().write(&admin, |w| {
            // Licences are issued the day the businesses start: not in the
            // future, which the registry refuses.
            let today = w.today();
            for (k, b) in started.iter().enumerate() {
                w.transition_business(b.id(), BusinessState::InTraining)?;
                w.update_business(b.id(), |d| {
                    d.licence = Some(Licence {
                        number: format!("HB-1404-P{office}-{k:03}"),
                        kind: LicenceKind::HomeBusiness,
                        issued: today,
                        expires: None,
                    });
                })?;
                for next in [BusinessState::Licensed, BusinessState::Active] {
                    w.transition_business(b.id(), next)?;
                }
            }
            Ok(())
        })?;
    }
    write_csv(&out.join("recommendations.csv"), &recommendations)?;
    write_csv(&out.join("plan.csv"), &plan_rows)?;

    // 4. The exhibition: 12 booths, 12 weeks from Farvardin 15, every
    //    active business applying for two weeks.
    let booths = homebiz::market_files::read_booths(
        "booths.csv",
        market_csv(&config, &data.businesses, program.catalog())?
            .booths
            .as_bytes(),
    )?;
    program.market().create_exhibition(ExhibitionData {
        id: ExhibitionId::from_key("TERMINAL"),
        code: "TERMINAL".into(),
        name: "Bus terminal exhibition".into(),
        channel: terminal.id(),
        booths: booths.into_iter().map(|(_, b)| b).collect(),
        weekly_limits: vec![(homebiz::core::category::Category::AgroProcessing, 5)],
        monthly_cap: 2,
        by: None,
    })?;
    let active: Vec<_> = program
        .businesses(&admin, None)?
        .into_iter()
        .filter(|b| matches!(b.state(), BusinessState::Active))
        .collect();
    for b in &active {
        if program.catalog().get(&b.data().activity).is_none() {
            continue;
        }
        let applied = program.apply(&admin, b.code(), "TERMINAL", 2)?;
        program.decide(
            &admin,
            applied.application.id(),
            ApplicationState::Approved,
            None,
        )?;
    }
    let horizon = Horizon::new(JalaliDate::new(1404, 1, 15)?, 12)?;
    let allocation = program
        .market()
        .allocate("TERMINAL", &horizon, Points::default())?;
    let codes: HashMap<_, _> = program
        .businesses(&admin, None)?
        .into_iter()
        .map(|b| (b.id(), b.code().to_owned()))
        .collect();
    let mut schedule = vec![
        ["week", "booth", "business", "points"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for b in &allocation.bookings {
        schedule.push(vec![
            b.week.start.to_string(),
            b.booth.clone(),
            codes.get(&b.business).cloned().unwrap_or_default(),
            b.earned.total().to_string(),
        ]);
    }
    write_csv(&out.join("schedule.csv"), &schedule)?;

    // 5. A year of trading, simulated: sales from home, online and at the
    //    booth in its weeks; materials bought; booth fees paid; a few
    //    consignments at the bazaar shop, settled in Shahrivar.
    let booked: HashMap<_, Vec<JalaliDate>> =
        allocation.bookings.iter().fold(HashMap::new(), |mut m, b| {
            m.entry(b.business)
                .or_insert_with(Vec::new)
                .push(b.week.start);
            m
        });
    let mut entries = Vec::new();
    let mut n = 0u64;
    let mut next_id = || {
        n += 1;
        EntryId::from_key(&format!("pilot-{n}"))
    };
    for b in &active {
        let Some(activity) = program.catalog().get(&b.data().activity) else {
            continue;
        };
        let a = activity.data();
        let base = rng.random_range(
            a.monthly_revenue_rial.min..=a.monthly_revenue_rial.max.max(a.monthly_revenue_rial.min),
        );
        let margin = i64::from(a.margin_percent.min + a.margin_percent.max) / 2;
        for month in 1..=12u8 {
            let weeks = booked
                .get(&b.id())
                .map_or(0, |w| w.iter().filter(|d| d.month() == month).count());
            // The demand index around its mean: a month of average demand
            // sells `base`; a booth week adds 40%.
            let season = i64::from(a.seasonality[usize::from(month - 1)]);
            let mean = a
                .seasonality
                .iter()
                .map(|&x| i64::from(x))
                .sum::<i64>()
                .max(1);
            let target = base * season * 12 / mean * (100 + 40 * weeks as i64) / 100;
            let sales = rng.random_range(3..=8);
            let mut revenue = 0;
            for _ in 0..sales {
                let quantity = rng.random_range(1..=5u32);
                let unit = (target / sales / i64::from(quantity) / 10_000).max(10) * 10_000;
                let (channel, commission) = match rng.random_range(0..10) {
                    0..=2 => (Some(online.id()), unit * i64::from(quantity) * 9 / 100),
                    3..=4 if weeks > 0 => (Some(terminal.id()), 0),
                    _ => (None, 0),
                };
                revenue += unit * i64::from(quantity);
                entries.push(Entry {
                    key: None,
                    id: next_id(),
                    body: Body::Sale {
                        business: b.id(),
                        channel,
                        on: JalaliDate::new(1404, month, rng.random_range(1..=29))?,
                        quantity,
                        unit_price: Money::rial(unit),
                        commission: Money::rial(commission),
                    },
                });
            }
            let materials = (revenue * (100 - margin) / 100 / 10_000).max(1) * 10_000;
            entries.push(Entry {
                key: None,
                id: next_id(),
                body: Body::Cost {
                    business: b.id(),
                    on: JalaliDate::new(1404, month, 1)?,
                    category: CostCategory::Materials,
                    amount: Money::rial(materials),
                },
            });
            for _ in 0..weeks {
                entries.push(Entry {
                    key: None,
                    id: next_id(),
                    body: Body::Fee {
                        business: b.id(),
                        channel: Some(terminal.id()),
                        on: JalaliDate::new(1404, month, 1)?,
                        amount: week_fee,
                    },
                });
            }
        }
    }
    program.ledger().record_batch(&entries)?;
    let mut consigned = 0;
    for b in active.iter().filter(|b| {
        program
            .catalog()
            .get(&b.data().activity)
            .is_some_and(|a| a.data().category == homebiz::core::category::Category::Handicrafts)
    }) {
        let c = program.market().consign(ConsignmentData {
            id: ConsignmentId::from_key(b.code()),
            business: b.id(),
            channel: shop.id(),
            item: b.data().activity.clone(),
            quantity: 10,
            unit_price: Money::rial(rng.random_range(20..80) * 100_000),
            commission: Decimal::new(15, 2),
            placed_on: JalaliDate::new(1404, 4, 1)?,
            by: None,
        })?;
        let sold = rng.random_range(2..=8);
        program.market().record(
            c.id(),
            Event::Sold {
                quantity: sold,
                on: JalaliDate::new(1404, 5, 10)?,
            },
            None,
        )?;
        program.market().record(
            c.id(),
            Event::Returned {
                quantity: 10 - sold,
                on: JalaliDate::new(1404, 6, 20)?,
            },
            None,
        )?;
        program
            .market()
            .settle(c.id(), JalaliDate::new(1404, 6, 31)?, None)?;
        program.record_settlement(&admin, c.id())?;
        consigned += 1;
    }

    // 6. Reports.
    let year = JalaliMonthRange::year(1404)?;
    let by_month = program.income_report(&admin, None, year, GroupBy::Month, Granularity::Month)?;
    let by_activity =
        program.income_report(&admin, None, year, GroupBy::Activity, Granularity::Year)?;
    let activity_name = |k: &Key| match k {
        Key::Activity(code) => program
            .catalog()
            .get(code)
            .map_or_else(|| code.clone(), |a| a.name(lang).to_owned()),
        _ => String::new(),
    };
    write_csv(
        &out.join("income_by_month.csv"),
        &report_rows(&by_month, |_| String::new()),
    )?;
    write_csv(
        &out.join("income_by_activity.csv"),
        &report_rows(&by_activity, activity_name),
    )?;
    std::fs::write(
        out.join("income_by_month.json"),
        serde_json::to_string_pretty(&by_month)?,
    )?;
    std::fs::write(
        out.join("income_by_activity.json"),
        serde_json::to_string_pretty(&by_activity)?,
    )?;
    let as_of = JalaliDate::new(1404, 12, 29)?;
    // The pilot's own bar for sustained employment: 15,000,000 rials of net
    // income a month (the library's default, 26,000,000, is a quarter of the
    // minimum wage; the catalog's home businesses rarely reach it).
    let rule = SustainedRule {
        threshold: Money::rial(15_000_000),
        ..SustainedRule::default()
    };
    let mut indicators = BTreeMap::new();
    let mut indicator_rows = vec![
        [
            "office",
            "household",
            "businesses",
            "change_percent",
            "sustained",
            "linked",
            "graduates",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for (office, _, _) in OFFICES {
        let rows = program
            .indicators(&admin, office, as_of, &rule, &GraduationRule::default(), 12)?
            .households;
        for r in &rows {
            indicator_rows.push(vec![
                office.into(),
                r.household.code.clone(),
                r.businesses.to_string(),
                r.change
                    .and_then(|c| c.percent)
                    .map_or_else(String::new, |p| p.to_string()),
                r.sustained.to_string(),
                r.linked.map_or_else(String::new, |l| l.to_string()),
                r.graduation.graduates.to_string(),
            ]);
        }
        indicators.insert(office, rows);
    }
    write_csv(&out.join("indicators.csv"), &indicator_rows)?;
    // The linkage indicator per office: businesses with no channel in the
    // year, by code.
    let linkage = program.linkage(&admin, None, as_of, 12)?;
    let linkage_json: Vec<_> = linkage
        .offices
        .iter()
        .map(|o| {
            serde_json::json!({
                "office": o.office,
                "businesses": o.businesses,
                "linked": o.linked,
                "rate": o.rate,
                "by_kind": o.by_kind,
                "by_channel": o.by_channel,
                "unlinked": o.unlinked.iter().map(|b| &b.code).collect::<Vec<_>>(),
            })
        })
        .collect();
    std::fs::write(
        out.join("linkage.json"),
        serde_json::to_string_pretty(&linkage_json)?,
    )?;
    // Households by code alone, as in indicators.csv: their IDs are made
    // anew by every run, and the pilot's reports are the same on either
    // backend (.ci/run compares them).
    let mut indicators_json = BTreeMap::new();
    for (office, rows) in &indicators {
        let mut named = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = serde_json::to_value(r)?;
            row["household"] = r.household.code.clone().into();
            named.push(row);
        }
        indicators_json.insert(*office, named);
    }
    std::fs::write(
        out.join("indicators.json"),
        serde_json::to_string_pretty(&indicators_json)?,
    )?;

    // Charts: net income per office by month, income by activity, the
    // booth schedule.
    let title = |en: &str, fa: &str| match lang {
        Lang::En => en.to_owned(),
        Lang::Fa => fa.to_owned(),
    };
    let mut series = Vec::new();
    for (office, _, _) in OFFICES {
        let r = program.income_report(
            &admin,
            Some(office),
            year,
            GroupBy::Month,
            Granularity::Month,
        )?;
        series.push(Series {
            name: office.to_owned(),
            points: r
                .rows
                .iter()
                .filter_map(|row| match row.period {
                    Period::Month(m) => Some((m, row.net)),
                    _ => None,
                })
                .collect(),
        });
    }
    std::fs::write(
        out.join("income_by_office.svg"),
        charts::monthly_lines(
            &title("Net income by office, 1404", "درآمد خالص دفترها، ۱۴۰۴"),
            &series,
            lang,
        )?,
    )?;
    let activity_rows: Vec<(String, Money)> = by_activity
        .rows
        .iter()
        .map(|r| (activity_name(&r.key), r.net))
        .collect();
    std::fs::write(
        out.join("income_by_activity.svg"),
        charts::bars(
            &title(
                "Net income by activity, 1404",
                "درآمد خالص به تفکیک فعالیت، ۱۴۰۴",
            ),
            &activity_rows,
            lang,
        )?,
    )?;
    let weeks: Vec<JalaliDate> = horizon.weeks().iter().map(|w| w.start).collect();
    let booth_codes: Vec<String> = program
        .market()
        .exhibition("TERMINAL")?
        .booths()
        .iter()
        .map(|b| b.code.clone())
        .collect();
    let cells: HashMap<(JalaliDate, String), String> = allocation
        .bookings
        .iter()
        .map(|b| {
            // Short labels: DZS-00018 for URM-DZS-00018-B1.
            let code = codes.get(&b.business).map_or("", String::as_str);
            let short = code.trim_start_matches("URM-");
            let short = short.rsplit_once("-B").map_or(short, |(h, _)| h);
            ((b.week.start, b.booth.clone()), short.to_owned())
        })
        .collect();
    std::fs::write(
        out.join("schedule.svg"),
        charts::schedule(
            &title(
                "Bus terminal exhibition: booths by week",
                "نمایشگاه پایانه: غرفه‌ها در هفته‌ها",
            ),
            &weeks,
            &booth_codes,
            |week, booth| cells.get(&(week, booth.to_owned())).cloned(),
            lang,
        )?,
    )?;

    // 7. The summary.
    let money = MoneyFormat::for_lang(lang).toman();
    let total = &by_month.total;
    let households: usize = indicators.values().map(Vec::len).sum();
    let count = |f: &dyn Fn(&homebiz::compose::HouseholdIndicators) -> bool| {
        indicators.values().flatten().filter(|r| f(r)).count()
    };
    let sustained = count(&|r| r.sustained);
    let linked = count(&|r| r.linked == Some(true));
    let graduates = count(&|r| r.graduation.graduates);
    let digits = |n: usize| match lang {
        Lang::Fa => homebiz::core::text::to_persian_digits(&n.to_string()),
        Lang::En => n.to_string(),
    };
    match lang {
        Lang::En => {
            println!(
                "homebiz pilot: three facilitation offices in Urmia, year 1404 (synthetic data)"
            );
            println!("  households planned into new businesses: {started_count}");
            println!(
                "  active businesses: {}; booth-weeks allocated: {} of {}, {} on the waitlist",
                active.len(),
                allocation.bookings.len(),
                12 * 12,
                allocation.waitlist.len()
            );
            println!("  consignments settled at the bazaar shop: {consigned}");
            println!("  ledger entries: {}", program.ledger().read(|r| r.len())?);
            println!(
                "  revenue {}, net income {}",
                total.revenue.format(&money),
                total.net.format(&money)
            );
            println!(
                "  households with a business: {households}; sustained employment {sustained} (15,000,000 rials net in 6 of 9 months), linked to a channel {linked}, ready to graduate {graduates}"
            );
            println!("  reports in {}", out.display());
        }
        Lang::Fa => {
            println!("پایلوت homebiz: سه دفتر تسهیلگری در ارومیه، سال ۱۴۰۴ (داده‌های ساختگی)");
            println!(
                "  خانوارهایی که با برنامه‌ریزی محله کسب‌وکار تازه گرفتند: {}",
                digits(started_count)
            );
            println!(
                "  کسب‌وکارهای فعال: {}؛ غرفه-هفته‌های تخصیص‌یافته: {} از {}، در فهرست انتظار: {}",
                digits(active.len()),
                digits(allocation.bookings.len()),
                digits(144),
                digits(allocation.waitlist.len())
            );
            println!(
                "  امانی‌های تسویه‌شده در فروشگاه بازار: {}",
                digits(consigned)
            );
            println!(
                "  فروش {}، درآمد خالص {}",
                total.revenue.format(&money),
                total.net.format(&money)
            );
            println!(
                "  خانوارهای دارای کسب‌وکار: {}؛ اشتغال پایدار {}، متصل به بازار {}، آماده خروج {}",
                digits(households),
                digits(sustained),
                digits(linked),
                digits(graduates)
            );
            println!("  گزارش‌ها در {}", out.display());
        }
    }
    println!("({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}
