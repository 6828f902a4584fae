//! A programme's own rule and preference, plugged into recommendations:
//! a constraint (this office does not start food businesses in homes
//! without a separate room) and a criterion (prefer activities whose
//! products sell at the bus-terminal exhibition), each a closure, next to
//! the built-in ones. Run with `cargo run --example custom_criterion`.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use homebiz::core::Money;
use homebiz::core::channel::ChannelKind;
use homebiz::scoring::catalog::Catalog;
use homebiz::scoring::mcdm::CriterionType;
use homebiz::scoring::recommend::{
    HouseholdProfile, MarketContext, Recommender, constraint, criterion,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let catalog = Catalog::default_catalog()?;
    let household = HouseholdProfile {
        skills: vec![
            ("baking".into(), 3),
            ("sewing".into(), 2),
            ("pickles".into(), 2),
        ],
        capital: Money::rial(40_000_000),
        loan_limit: Money::rial(200_000_000),
        space_m2: 15,
        separate_room: false,
        refuses: vec![],
        hours_per_week: 30,
        interests: vec!["baking".into()],
    };
    let market = MarketContext::new(ChannelKind::ALL.to_vec(), 7);

    // A hard rule: no food made in a home without a separate room.
    let food_needs_a_room = constraint("food needs a room", |activity, household, _| {
        (activity.data().health_certificate && !household.separate_room)
            .then(|| "food is made in a separate room in this office's programme".to_owned())
    });
    // A soft preference: 1 if the activity sells at the permanent
    // exhibition, else 0 — weighted like the built-in criteria.
    let sells_at_the_terminal = criterion(
        "sells_at_the_terminal",
        CriterionType::Benefit,
        |activity, _, _| {
            f64::from(u8::from(
                activity
                    .data()
                    .channels
                    .contains(&ChannelKind::PermanentExhibition),
            ))
        },
    );
    let recommender = Recommender::standard()
        .with_constraint(food_needs_a_room)
        .with_criterion(sells_at_the_terminal, 0.15);

    let r = recommender.recommend(&catalog, &household, &market)?;
    println!("best three, with the office's own rule and preference:");
    for rec in r.ranked.iter().take(3) {
        let own = r
            .parts(rec)
            .iter()
            .zip(&r.criteria)
            .find(|(_, c)| c.name == "sells_at_the_terminal")
            .map_or(0.0, |(p, _)| p.contribution);
        println!(
            "  {}. {} — score {:.3}, of which {:.3} for selling at the terminal",
            rec.rank,
            rec.activity.code(),
            rec.score,
            own
        );
    }
    let refused: Vec<&str> = r
        .rejected
        .iter()
        .filter(|x| {
            x.failures
                .iter()
                .any(|f| f.constraint == "food needs a room")
        })
        .map(|x| x.activity.code())
        .collect();
    println!("refused by the office's rule: {}", refused.join(", "));
    Ok(())
}
