//! A tour of `homebiz::core`: Jalali dates, money in rials and the new rial,
//! Iranian identifiers and Persian text.
//!
//! Run with `cargo run --example core_tour`.

// Examples are one of the two places that print (ARCHITECTURE.md).
#![allow(clippy::print_stdout)]

use homebiz::core::calendar::{JalaliDate, JalaliMonthRange};
use homebiz::core::iran::{Mobile, NationalId, PseudonymKey, Sheba};
use homebiz::core::money::{Currency, Money, MoneyFormat, Rounding};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::text::{Lang, normalize};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Dates: Persian digits in, both calendars out.
    let sale_day: JalaliDate = "۱۴۰۴/۰۱/۱۵".parse()?;
    println!(
        "sale day {} = {} ({} {})",
        sale_day,
        sale_day.to_gregorian(),
        sale_day.jalali_month().name(Lang::En),
        sale_day.jalali_month().name(Lang::Fa),
    );
    let first_half: JalaliMonthRange = "1404-01..1404-06".parse()?;
    println!(
        "{first_half}: {} months, {} to {}",
        first_half.len(),
        first_half.first_day(),
        first_half.last_day()
    );

    // Money: 3.5 kg of fruit leather at 420,000 rials a kilo, 9% commission.
    let price = Money::rial(420_000);
    let sale = price.mul_decimal(Decimal::new(35, 1), Rounding::HalfToEven)?;
    let (commission, payout) = sale.split_by_rate(Decimal::new(9, 2), Rounding::HalfToEven)?;
    println!(
        "sale {}, commission {}, payout {}",
        sale.format(&MoneyFormat::default().toman()),
        commission.format(&MoneyFormat::default().toman()),
        payout.format(&MoneyFormat::persian().toman()),
    );
    println!("in new rials: {}", sale.convert(Currency::IrrNew)?);
    let shares = payout.allocate(&[2, 1, 1])?;
    println!(
        "three partners' shares: {}",
        shares
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" + ")
    );

    // Identifiers: validated, canonical, redacted in Debug, pseudonymised for export.
    let id = NationalId::parse("۰۴۹۹۳۷۰۸۹۹")?;
    let key = PseudonymKey::new(b"example key, keep yours secret")?;
    println!("national id {id:?} exports as {}", key.pseudonym(&id));
    let mobile = Mobile::parse("+98 937 370 8555")?;
    println!("mobile {mobile:?}, pseudonym {}", key.pseudonym(&mobile));
    let sheba = Sheba::parse("IR82 0540 1026 8002 0817 9090 02")?;
    println!("sheba at bank {}", sheba.bank_code());

    // Persian text: the same name typed two ways compares equal once normalised.
    println!(
        "names match: {}",
        normalize("علي رضايي") == normalize("علی  رضایی")
    );
    Ok(())
}
