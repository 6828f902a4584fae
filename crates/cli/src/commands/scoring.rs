//! `homebiz catalog list` and `homebiz recommend`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use homebiz::backend::BackendProgram;
use homebiz::core::Money;
use homebiz::registry::Actor;
use homebiz::scoring::catalog::{Catalog, Category};
use homebiz::scoring::mcdm::{Ahp, Matrix};
use homebiz::scoring::recommend::builtin::BuiltinCriterion;
use homebiz::scoring::recommend::{MarketContext, Method, Recommender};

use crate::context::{json, money, money_format_named, money_header, number, say, table, word};

/// `homebiz catalog …`
#[derive(Debug, Subcommand)]
pub(crate) enum CatalogCommand {
    /// List the activities of the default catalog.
    List(CatalogListArgs),
}

/// Arguments of `homebiz catalog list`.
#[derive(Debug, Args)]
pub(crate) struct CatalogListArgs {
    /// Only this category (livestock_poultry, handicrafts, aquaculture,
    /// agro_processing, plant_production, production_services,
    /// cultural_artistic).
    #[arg(long)]
    category: Option<String>,
    #[command(flatten)]
    view: ViewArgs,
}

/// Which catalog, which format: shared by the scoring commands (the
/// language is the global `--lang`).
#[derive(Debug, Args)]
pub(crate) struct ViewArgs {
    /// A catalog file (CSV or JSON) instead of the default catalog.
    #[arg(long)]
    catalog: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// The catalog in `path`, or the default one.
fn load(path: Option<&Path>) -> Result<Catalog> {
    Ok(match path {
        Some(path) => {
            crate::context::not_a_folder(path)?;
            homebiz::catalog_file::load_catalog(path)?
        }
        None => Catalog::default_catalog()?,
    })
}

pub(crate) fn catalog(command: &CatalogCommand) -> Result<String> {
    let CatalogCommand::List(args) = command;
    let lang = crate::context::lang();
    let catalog = load(args.view.catalog.as_deref())?;
    let category: Option<Category> = args.category.as_deref().map(str::parse).transpose()?;
    let activities: Vec<_> = catalog
        .iter()
        .filter(|a| category.is_none_or(|c| a.data().category == c))
        .collect();
    if args.view.json {
        return json(&activities);
    }
    Ok(table(
        &[
            "code",
            "name",
            "category",
            &money_header("capital from"),
            "margin %",
            "risk",
        ],
        activities.iter().map(|a| {
            let d = a.data();
            vec![
                d.code.clone(),
                a.name(lang).to_owned(),
                d.category.name(lang).to_owned(),
                money(d.capital_rial.min_money()),
                format!("{}–{}", d.margin_percent.min, d.margin_percent.max),
                d.risk.to_string(),
            ]
        }),
    ))
}

/// Arguments of `homebiz recommend`.
#[derive(Debug, Args)]
pub(crate) struct RecommendArgs {
    /// The household's code or ID.
    #[arg(long)]
    household: String,
    /// How many activities to show.
    #[arg(long, default_value_t = 5, value_parser = |s: &str| crate::context::whole::<usize>(s, 1, 10_000))]
    top: usize,
    /// How to combine the criteria.
    #[arg(long, value_enum, default_value_t = MethodArg::Wsum)]
    method: MethodArg,
    /// Weights: a CSV of `criterion,weight` rows, or a square AHP pairwise
    /// matrix with the criteria as header and first column.
    #[arg(long, long_help = weights_help(homebiz::core::text::Lang::En))]
    weights: Option<PathBuf>,
    #[command(flatten)]
    money: MoneyArgs,
    #[command(flatten)]
    market: MarketArgs,
    #[command(flatten)]
    view: ViewArgs,
}

/// What money a household has, for `recommend` and `plan` (the registry
/// holds no savings or loan eligibility).
#[derive(Debug, Args)]
pub(crate) struct MoneyArgs {
    /// Capital each household can put in, in rials.
    #[arg(long, default_value_t = 0, value_parser = crate::context::rials_i64)]
    capital: i64,
    /// The largest loan each household could get, in rials.
    #[arg(long, default_value_t = 300_000_000, value_parser = crate::context::rials_i64)]
    loan_limit: i64,
}

/// The market options shared by `recommend` and `plan`.
#[derive(Debug, Args)]
pub(crate) struct MarketArgs {
    /// Demand per activity in the area: a CSV of `activity,demand` rows (how
    /// many businesses the market can carry). Without it, demand is unknown.
    #[arg(long)]
    demand: Option<PathBuf>,
    /// Reachable channels, comma-separated (default: the kinds of the
    /// market's registered channels, or all kinds when none is registered).
    #[arg(long, value_delimiter = ',')]
    channels: Vec<String>,
}

/// The market around `office` (see
/// [`Program::market_context`](homebiz::program::Program::market_context)): its
/// running businesses, the demand file, the reachable channels (given, or
/// the kinds of the market's channels) and this Jalali month.
fn market(
    program: &BackendProgram,
    actor: &Actor,
    office: &str,
    args: &MarketArgs,
) -> Result<MarketContext> {
    let mut demand = HashMap::new();
    if let Some(path) = &args.demand {
        let rows = read_rows(path)?;
        let [activity, demand_at] = columns(path, &rows, &["activity", "demand"])?;
        let mut seen = HashMap::new();
        for (i, row) in rows.iter().enumerate().skip(1) {
            let Some(count) = row
                .get(demand_at)
                .and_then(|c| homebiz::core::text::parse_whole(c).ok())
                .and_then(|d| u32::try_from(d).ok())
            else {
                bail!(say!(
                    "{file}: row {row}, column demand: not a whole number from 0 to {max}",
                    file = path.display(),
                    row = i + 1,
                    max = u32::MAX
                ));
            };
            let code = row.get(activity).cloned().unwrap_or_default();
            refuse_repeat(&mut seen, path, "activity", &code, i + 1)?;
            demand.insert(code, count);
        }
    }
    let mut context = program.market_context(actor, office, demand)?;
    if !args.channels.is_empty() {
        context.reachable = args
            .channels
            .iter()
            .map(|c| c.parse())
            .collect::<Result<_, _>>()?;
    }
    Ok(context)
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MethodArg {
    Wsum,
    Topsis,
}

/// Where each of `names` is in the header (the first of `rows`), in
/// their order; a file without one of them (another kind of file) is
/// refused, naming the column it lacks and the ones it needs. The last
/// name is the file's values (`demand`, `weight`), looked for first: a
/// file of another kind is named by the values it lacks.
fn columns<const N: usize>(
    path: &Path,
    rows: &[Vec<String>],
    names: &'static [&'static str; N],
) -> Result<[usize; N]> {
    let header = rows.first().map(Vec::as_slice).unwrap_or_default();
    let mut found = [0; N];
    for (at, name) in found.iter_mut().zip(names).rev() {
        *at = header
            .iter()
            .position(|cell| {
                cell.trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(name)
            })
            .ok_or_else(|| homebiz::import::ImportError::MissingColumn {
                file: path.display().to_string(),
                column: name,
                expected: names,
            })?;
    }
    Ok(found)
}

/// Refuses `key` in `column` at `row` of `path` when an earlier row
/// (recorded in `seen`, rows numbered as in the file) gave it already,
/// naming both rows, as registry files do; records it otherwise.
fn refuse_repeat(
    seen: &mut HashMap<String, usize>,
    path: &Path,
    column: &str,
    key: &str,
    row: usize,
) -> Result<()> {
    let key = homebiz::core::text::normalize(key.trim());
    if let Some(earlier) = seen.get(&key) {
        bail!(say!(
            "{file}: row {row}, column {column}: repeats row {earlier} of this file",
            file = path.display(),
            row = row,
            column = column,
            earlier = *earlier
        ));
    }
    seen.insert(key, row);
    Ok(())
}

/// The rows of a CSV file given to a scoring command (weights, demand,
/// pairwise, matrix), header first; a file with no cell written in it is
/// refused as empty.
fn read_rows(path: &Path) -> Result<Vec<Vec<String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(crate::context::input(path)?);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| Ok(r?.iter().map(str::to_owned).collect()))
        .collect::<Result<_, csv::Error>>()
        .with_context(|| say!("cannot read {file}", file = path.display()))?;
    let blank = |cell: &String| cell.trim_start_matches('\u{feff}').trim().is_empty();
    if rows.iter().flatten().all(blank) {
        return Err(homebiz::import::ImportError::Empty {
            file: path.display().to_string(),
        }
        .into());
    }
    Ok(rows)
}

/// The long help of `--weights` in `lang`: the file's two forms and the
/// criterion names they take, with their default weights, from the
/// standard recommender itself (the names are codes, the same in both
/// languages; the weights are written with `lang`'s digits).
pub(crate) fn weights_help(lang: homebiz::core::text::Lang) -> String {
    use homebiz::core::text::{Lang, numerals};
    let names: Vec<String> = homebiz::scoring::recommend::DEFAULT_WEIGHTS
        .iter()
        .map(|(name, weight)| match lang {
            Lang::En => format!("{name} ({weight})"),
            Lang::Fa => format!("`{name}` ({})", numerals(&weight.to_string(), lang)),
        })
        .collect();
    let separator = match lang {
        Lang::En => ", ",
        Lang::Fa => "، ",
    };
    format!(
        "{}\n\n{} {}",
        crate::help_fa::text(WEIGHTS_HELP, lang),
        crate::help_fa::text(WEIGHTS_HELP_CRITERIA, lang),
        names.join(separator)
    )
}

/// The first paragraph of `--weights`' long help (in English).
pub(crate) const WEIGHTS_HELP: &str = "Weights: a CSV of `criterion,weight` rows (after a header \
     row), or a square AHP pairwise matrix with the criteria as header and first column. \
     Criteria not named in a `criterion,weight` file keep their default weight.";

/// What introduces the criteria in `--weights`' long help (in English).
pub(crate) const WEIGHTS_HELP_CRITERIA: &str = "The criteria, with their default weights:";

/// Sets the recommender's weights from a file of `criterion,weight` rows or
/// a pairwise matrix; returns the criteria that kept their default weight
/// (none for a matrix, which names them all).
fn load_weights(recommender: &mut Recommender, path: &Path) -> Result<Vec<String>> {
    let rows = read_rows(path)?;
    let file = path.display();
    if rows.first().is_some_and(|r| r.len() == 2) {
        let [criterion, weight] = columns(path, &rows, &["criterion", "weight"])?;
        let mut weights = Vec::new();
        let mut seen = HashMap::new();
        for (i, row) in rows.iter().enumerate().skip(1) {
            let cell = row.get(weight).map_or("", String::as_str);
            let Some(w) = number(cell) else {
                bail!(say!(
                    "{file}: row {row}, column weight: not a number",
                    file = file,
                    row = i + 1
                ));
            };
            if !w.is_finite() || w < 0.0 {
                bail!(say!(
                    "{file}: row {row}, column weight: {value} is not a weight: a weight is 0 or more",
                    file = file,
                    row = i + 1,
                    value = cell
                ));
            }
            let name = row.get(criterion).map_or("", |c| c.trim());
            refuse_repeat(&mut seen, path, "criterion", name, i + 1)?;
            weights.push((name.to_owned(), w));
        }
        return recommender
            .set_weights(&weights)
            .with_context(|| say!("{file}: column criterion", file = file));
    }
    let header = rows.first().map(|r| r[1..].to_vec()).unwrap_or_default();
    if header != recommender.criterion_names() {
        bail!(say!(
            "{file}: a pairwise matrix must name all criteria in order: {criteria}",
            file = file,
            criteria = recommender.criterion_names().join(", ")
        ));
    }
    let mut values = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        for (j, cell) in row.iter().enumerate().skip(1) {
            values.push(number(cell).with_context(|| {
                say!(
                    "{file}: row {row}, column {column}: not a number",
                    file = file,
                    row = i + 1,
                    column = header[j - 1]
                )
            })?);
        }
    }
    let ahp = Ahp::from_pairwise(&Matrix::new(header.len(), header.len(), values)?)?;
    recommender.set_weights_from_ahp(&ahp)?;
    Ok(Vec::new())
}

pub(crate) fn recommend(db: &Path, args: &RecommendArgs) -> Result<String> {
    let lang = crate::context::lang();
    let (program, actor) = crate::context::open_acting(db)?;
    let program = program.with_catalog(load(args.view.catalog.as_deref())?);
    let view = program.household_view(&actor, &args.household)?;
    let (household, office) = (view.household, view.office);
    let profile = program.profile(
        &actor,
        household.id(),
        Money::rial(args.money.capital),
        Money::rial(args.money.loan_limit),
    )?;
    let market = market(&program, &actor, &office, &args.market)?;
    let mut recommender = Recommender::standard().with_method(match args.method {
        MethodArg::Wsum => Method::WeightedSum,
        MethodArg::Topsis => Method::Topsis,
    });
    let kept = match &args.weights {
        Some(path) => load_weights(&mut recommender, path)?,
        None => Vec::new(),
    };
    let mut recommendation = recommender.recommend(program.catalog(), &profile, &market)?;
    recommendation.truncate(args.top);
    if args.view.json {
        return json(&recommendation);
    }
    let ranked = table(
        &[
            "rank",
            "activity",
            "score",
            "sell through",
            "strongest reasons",
        ],
        recommendation.ranked.iter().map(|rec| {
            // At least one reason, from the scoring (the strongest
            // criteria, or why there is none).
            let reasons: Vec<String> = recommendation
                .reasons(rec, 3)
                .iter()
                .map(|r| r.describe(lang))
                .collect();
            let channels: Vec<&str> = rec
                .channels
                .as_slice()
                .iter()
                .map(|c| c.name(lang))
                .collect();
            vec![
                rec.rank.to_string(),
                rec.activity.name(lang).to_owned(),
                format!("{:.3}", rec.score),
                if channels.is_empty() {
                    word("from home").to_owned()
                } else {
                    channels.join(", ")
                },
                reasons.join(", "),
            ]
        }),
    );
    let remedies: Vec<String> = recommendation
        .rejected
        .iter()
        .filter_map(|r| {
            let only = (r.failures.len() == 1).then(|| &r.failures[0])?;
            only.remedy.as_ref().map(|remedy| {
                format!(
                    "{}: {}",
                    r.activity.name(lang),
                    remedy.text(lang, &money_format_named())
                )
            })
        })
        .take(5)
        .collect();
    let mut out = format!("{} {}\n{ranked}", word("household"), household.code());
    out += &format!(
        "\n{} {}",
        crate::context::count(recommendation.rejected.len(), "activity"),
        word("ruled out")
    );
    if !recommendation.rejected.is_empty() {
        out += &crate::context::numerals(":");
    }
    // Why, grouped: each kind of reason with how many activities it
    // ruled out (one activity may fail more than one rule).
    let mut groups: Vec<(String, usize)> = Vec::new();
    for failure in recommendation.rejected.iter().flat_map(|r| &r.failures) {
        let kind = failure.reason.kind(lang);
        match groups.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => groups.push((kind, 1)),
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (kind, n) in &groups {
        out += &format!("\n  {}: {kind}", crate::context::count(*n, "activity"));
    }
    if !remedies.is_empty() {
        out += &format!(
            "\n{}:\n  {}",
            word("within reach with one step"),
            remedies.join("\n  ")
        );
    }
    if !kept.is_empty() {
        let kept: Vec<&str> = kept
            .iter()
            // Codes in English, as the weights file names them.
            .map(|c| match (lang, BuiltinCriterion::from_name(c)) {
                (homebiz::core::text::Lang::Fa, Some(b)) => b.label(lang),
                _ => c.as_str(),
            })
            .collect();
        out += &say!(
            "\ncriteria not in the weights file kept their default weight: {kept}",
            kept = kept.join(match lang {
                homebiz::core::text::Lang::Fa => "، ",
                homebiz::core::text::Lang::En => ", ",
            })
        );
    }
    Ok(out)
}

/// Arguments of `homebiz plan`.
#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The office (with the offices below it) whose households without a
    /// business yet are planned.
    #[arg(long)]
    #[arg(value_parser = crate::context::key_arg)]
    office: String,
    #[command(flatten)]
    money: MoneyArgs,
    #[command(flatten)]
    market: MarketArgs,
    #[command(flatten)]
    view: ViewArgs,
}

pub(crate) fn plan(db: &Path, args: &PlanArgs) -> Result<String> {
    let lang = crate::context::lang();
    let (program, actor) = crate::context::open_acting(db)?;
    let program = program.with_catalog(load(args.view.catalog.as_deref())?);
    let market = market(&program, &actor, &args.office, &args.market)?;
    let plan = program.plan_office(
        &actor,
        &args.office,
        &market,
        &Recommender::standard(),
        Money::rial(args.money.capital),
        Money::rial(args.money.loan_limit),
    )?;
    if args.view.json {
        return json(&program.plan_view(&actor, &plan)?);
    }
    let assigned = table(
        &["household", "activity", "fit", "choice", "note"],
        plan.assignments.iter().map(|a| {
            vec![
                a.household.clone(),
                a.activity.name(lang).to_owned(),
                format!("{:.3}", a.fit),
                a.choice.to_string(),
                a.note
                    .as_ref()
                    .map(|n| n.describe(lang))
                    .unwrap_or_default(),
            ]
        }),
    );
    let load = table(
        &["activity", "households", "headroom"],
        plan.load.iter().map(|l| {
            vec![
                l.activity.name(lang).to_owned(),
                l.assigned.to_string(),
                l.headroom
                    .map_or(word("unknown").to_owned(), |h| h.to_string()),
            ]
        }),
    );
    let summary = crate::context::numerals(&format!(
        "{} {}, {} {}; {} {:.3}",
        crate::context::count(plan.assignments.len(), "household"),
        word("assigned"),
        plan.unassigned.len(),
        word("without an activity"),
        word("total fit"),
        plan.total_fit
    ));
    let mut out = format!("{assigned}\n{load}\n{summary}");
    for u in plan.unassigned.iter().take(10) {
        out += &format!(
            "
  {}: {}",
            u.household,
            u.reasons
                .iter()
                .map(|r| r.describe(lang))
                .collect::<Vec<_>>()
                .join(if lang == homebiz::core::text::Lang::Fa {
                    "؛ "
                } else {
                    "; "
                })
        );
    }
    Ok(out)
}
