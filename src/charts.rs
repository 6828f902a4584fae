//! SVG charts of a programme's reports, drawn with `plotters` (its SVG
//! backend: no system fonts needed; the viewer draws the text). Labels are
//! in Persian or English; Persian text is marked right-to-left
//! (`direction="rtl"`), and months on the axes are Jalali months by name.
//!
//! Amounts are drawn in millions of rials (whole numbers), or of tomans
//! with the `_in` functions: charts show magnitudes, reports keep exact
//! amounts.
//!
//! ```
//! use homebiz::charts::{monthly_lines, Series};
//! use homebiz::core::{JalaliMonth, Money, text::Lang};
//!
//! let month = |m| JalaliMonth::new(1404, m).unwrap();
//! let series = vec![Series {
//!     name: "URM-DZS".into(),
//!     points: vec![(month(1), Money::rial(120_000_000)), (month(2), Money::rial(95_000_000))],
//! }];
//! let svg = monthly_lines("درآمد خالص ماهانه", &series, Lang::Fa)?;
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("فروردین"));
//! assert!(svg.contains(r#"direction="rtl""#));
//! # Ok::<(), homebiz::charts::ChartError>(())
//! ```

use plotters::prelude::*;

use homebiz_core::money::MoneyUnit;
use homebiz_core::text::Lang;
use homebiz_core::{JalaliDate, JalaliMonth, Money};

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart: {0}")]
pub struct ChartError(String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        Self(err.to_string())
    }
}

/// One line of a monthly chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Amounts per month (months left out count as 0).
    pub points: Vec<(JalaliMonth, Money)>,
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// `m` in millions of `unit` (whole numbers).
fn millions(m: Money, unit: MoneyUnit) -> i64 {
    match unit {
        MoneyUnit::Toman => m.minor_units() / 10_000_000,
        _ => m.minor_units() / 1_000_000,
    }
}

/// A tick's number on a money axis, with `lang`'s digits and separators
/// ([`numerals`](homebiz_core::text::numerals)).
fn tick(value: i64, lang: Lang) -> String {
    homebiz_core::text::numerals(&value.to_string(), lang).into_owned()
}

fn axis_label(lang: Lang, unit: MoneyUnit) -> &'static str {
    match (lang, unit) {
        (Lang::Fa, MoneyUnit::Toman) => "میلیون تومان",
        (Lang::En, MoneyUnit::Toman) => "million tomans",
        (Lang::Fa, _) => "میلیون ریال",
        (Lang::En, _) => "million rials",
    }
}

/// Marks every text element holding Arabic-script letters right-to-left.
fn rtl(svg: String) -> String {
    let arabic =
        |c: char| ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{FB50}'..='\u{FEFF}').contains(&c);
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg.as_str();
    while let Some(start) = rest.find("<text ") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find("</text>")
            .map_or(after.len(), |e| e + "</text>".len());
        let element = &after[..end];
        if element.chars().any(arabic) {
            // Right-to-left text flips what "start" and "end" mean: swap the
            // anchors so the text lands where plotters laid it out.
            let swapped = if element.contains(r#"text-anchor="end""#) {
                element.replacen(r#"text-anchor="end""#, r#"text-anchor="start""#, 1)
            } else if element.contains(r#"text-anchor="start""#) {
                element.replacen(r#"text-anchor="start""#, r#"text-anchor="end""#, 1)
            } else if element.contains("text-anchor=") {
                element.to_owned()
            } else {
                // No anchor means "start": for right-to-left, "end".
                element.replacen("<text ", r#"<text text-anchor="end" "#, 1)
            };
            out.push_str(&swapped.replacen(
                "<text ",
                r#"<text direction="rtl" unicode-bidi="embed" "#,
                1,
            ));
        } else {
            out.push_str(element);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A line per series over the Jalali months they cover, amounts in
/// millions of rials.
pub fn monthly_lines(title: &str, series: &[Series], lang: Lang) -> Result<String, ChartError> {
    monthly_lines_in(title, series, lang, MoneyUnit::Rial)
}

/// [`monthly_lines`] with the amounts in millions of `unit` (rials or
/// tomans), as the axis says.
pub fn monthly_lines_in(
    title: &str,
    series: &[Series],
    lang: Lang,
    unit: MoneyUnit,
) -> Result<String, ChartError> {
    let mut months: Vec<JalaliMonth> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    months.sort();
    months.dedup();
    let (Some(&first), Some(&last)) = (months.first(), months.last()) else {
        return Err(ChartError("no data".into()));
    };
    let span = first.months_until(last).max(0) + 1;
    let values = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| millions(p.1, unit)));
    let top = values.clone().max().unwrap_or(0).max(1);
    let bottom = values.min().unwrap_or(0).min(0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 480)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(0..span - 1, bottom..top + top / 10)
            .map_err(|e| ChartError(e.to_string()))?;
        chart
            .configure_mesh()
            .x_labels(usize::try_from(span).unwrap_or(12))
            .x_label_formatter(&|k| {
                first
                    .add_months(*k)
                    .map(|m| m.name(lang).to_owned())
                    .unwrap_or_default()
            })
            .y_label_formatter(&|v| tick(*v, lang))
            .y_desc(axis_label(lang, unit))
            .draw()
            .map_err(|e| ChartError(e.to_string()))?;
        for (i, s) in series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let points: Vec<(i32, i64)> = (0..span)
                .map(|k| {
                    let month = first.add_months(k).ok();
                    let value = s
                        .points
                        .iter()
                        .filter(|p| Some(p.0) == month)
                        .map(|p| millions(p.1, unit))
                        .sum();
                    (k, value)
                })
                .collect();
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))
                .map_err(|e| ChartError(e.to_string()))?
                .label(s.name.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| ChartError(e.to_string()))?;
        root.present()?;
    }
    Ok(rtl(svg))
}

/// Horizontal bars, the largest on top, amounts in millions of rials.
pub fn bars(title: &str, rows: &[(String, Money)], lang: Lang) -> Result<String, ChartError> {
    bars_in(title, rows, lang, MoneyUnit::Rial)
}

/// [`bars`] with the amounts in millions of `unit` (rials or tomans), as
/// the axis says.
pub fn bars_in(
    title: &str,
    rows: &[(String, Money)],
    lang: Lang,
    unit: MoneyUnit,
) -> Result<String, ChartError> {
    if rows.is_empty() {
        return Err(ChartError("no data".into()));
    }
    let mut rows: Vec<(String, i64)> = rows
        .iter()
        .map(|(n, m)| (n.clone(), millions(*m, unit)))
        .collect();
    // Smallest first: segment 0 is at the bottom, so the largest is on top.
    rows.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    let top = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let n = rows.len();
    let height = 120 + 26 * u32::try_from(n).unwrap_or(40);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(200)
            .build_cartesian_2d(0..top + top / 10, (0..n).into_segmented())
            .map_err(|e| ChartError(e.to_string()))?;
        let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        chart
            .configure_mesh()
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                    names.get(*i).cloned().unwrap_or_default()
                }
                SegmentValue::Last => String::new(),
            })
            .x_label_formatter(&|v| tick(*v, lang))
            .x_desc(axis_label(lang, unit))
            .draw()
            .map_err(|e| ChartError(e.to_string()))?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, r)| {
                let mut bar = Rectangle::new(
                    [
                        (0, SegmentValue::Exact(i)),
                        (r.1, SegmentValue::Exact(i + 1)),
                    ],
                    PALETTE[0].mix(0.8).filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                bar
            }))
            .map_err(|e| ChartError(e.to_string()))?;
        root.present()?;
    }
    Ok(rtl(svg))
}

/// The booth schedule: a row per week (its first day), a column per booth,
/// each booked cell coloured and labelled with `cell`'s text.
pub fn schedule(
    title: &str,
    weeks: &[JalaliDate],
    booths: &[String],
    cell: impl Fn(JalaliDate, &str) -> Option<String>,
    lang: Lang,
) -> Result<String, ChartError> {
    let (w, h) = (booths.len().max(1), weeks.len().max(1));
    let mut svg = String::new();
    {
        let width = 160 + 110 * u32::try_from(w).unwrap_or(20);
        let height = 120 + 30 * u32::try_from(h).unwrap_or(52);
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(30)
            .y_label_area_size(120)
            .build_cartesian_2d(0..w, 0..h)
            .map_err(|e| ChartError(e.to_string()))?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(w)
            .y_labels(h)
            .x_label_formatter(&|k| booths.get(*k).cloned().unwrap_or_default())
            // A week's label sits on its row's top edge.
            .y_label_formatter(&|k| {
                weeks
                    .get(h.wrapping_sub(*k))
                    .map(|d| match lang {
                        Lang::Fa => homebiz_core::text::to_persian_digits(&d.to_string()),
                        Lang::En => d.to_string(),
                    })
                    .unwrap_or_default()
            })
            .draw()
            .map_err(|e| ChartError(e.to_string()))?;
        for (row, week) in weeks.iter().enumerate() {
            for (col, booth) in booths.iter().enumerate() {
                let y = h - 1 - row;
                if let Some(text) = cell(*week, booth) {
                    let color = PALETTE[(row + col) % PALETTE.len()];
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(col, y), (col + 1, y + 1)],
                            color.mix(0.35).filled(),
                        )))
                        .map_err(|e| ChartError(e.to_string()))?;
                    chart
                        .draw_series(std::iter::once(Text::new(
                            text,
                            (col, y + 1),
                            ("sans-serif", 10).into_font(),
                        )))
                        .map_err(|e| ChartError(e.to_string()))?;
                }
            }
        }
        root.present()?;
    }
    Ok(rtl(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of an SVG's `<text>` elements.
    fn texts(svg: &str) -> Vec<&str> {
        svg.split("</text>")
            .filter_map(|part| part.rfind('>').map(|i| &part[i + 1..]))
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    #[test]
    fn persian_charts_write_their_ticks_with_persian_digits() {
        let month = |m: &str| m.parse::<JalaliMonth>().unwrap();
        let series = [Series {
            name: "خیاطی".into(),
            points: vec![
                (month("1404-01"), Money::rial(12_500_000_000)),
                (month("1404-02"), Money::rial(30_000_000_000)),
            ],
        }];
        let rows = [("خیاطی".to_owned(), Money::rial(25_000_000_000))];
        for svg in [
            monthly_lines("درآمد", &series, Lang::Fa).unwrap(),
            bars("درآمد", &rows, Lang::Fa).unwrap(),
        ] {
            let texts = texts(&svg);
            assert!(texts.iter().any(|t| t.contains('۱')), "{texts:?}");
            assert!(
                texts.iter().all(|t| !t.bytes().any(|b| b.is_ascii_digit())),
                "{texts:?}"
            );
        }
        // English keeps ASCII digits.
        let svg = monthly_lines("Net", &series, Lang::En).unwrap();
        assert!(
            texts(&svg)
                .iter()
                .any(|t| t.bytes().any(|b| b.is_ascii_digit()))
        );
    }
}
