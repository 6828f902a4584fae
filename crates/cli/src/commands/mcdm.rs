//! `homebiz mcdm`: the multi-criteria methods on a matrix from a CSV file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};

use homebiz::scoring::mcdm::{
    Ahp, Better, CriterionType, Matrix, Normalization, ranks, topsis, vikor, weighted_sum,
};
use serde::Serialize;

use crate::context::{json, number, say, table};

/// `homebiz mcdm …`
#[derive(Debug, Subcommand)]
pub(crate) enum McdmCommand {
    /// Weighted sum of min-max normalised criteria.
    Wsum(MethodArgs),
    /// TOPSIS: closeness to the ideal alternative.
    Topsis(MethodArgs),
    /// VIKOR: compromise ranking (the score is Q; lower is better).
    Vikor(MethodArgs),
    /// AHP weights from a pairwise comparison matrix.
    Ahp(AhpArgs),
}

/// Arguments shared by the ranking methods.
#[derive(Debug, Args)]
pub(crate) struct MethodArgs {
    /// CSV: a header row of criterion names, then one row per alternative,
    /// its name in the first column.
    #[arg(long)]
    matrix: PathBuf,

    /// One weight per criterion, comma-separated (rescaled to sum to 1).
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    weights: Vec<f64>,

    /// One type per criterion, comma-separated: b (benefit) or c (cost).
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    types: Vec<String>,

    /// TOPSIS normalisation.
    #[arg(long, value_enum, default_value_t = NormalizationArg::Vector)]
    normalization: NormalizationArg,

    /// VIKOR's strategy weight v (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    v: f64,

    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum NormalizationArg {
    Vector,
    Minmax,
}

/// Arguments of `homebiz mcdm ahp`.
#[derive(Debug, Args)]
pub(crate) struct AhpArgs {
    /// CSV: a square matrix with criterion names as the header and first
    /// column; entries such as 3, 0.5 or 1/3.
    #[arg(long)]
    pairwise: PathBuf,

    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// A labelled matrix read from CSV.
struct Labelled {
    criteria: Vec<String>,
    names: Vec<String>,
    matrix: Matrix,
}

fn read_matrix(path: &Path) -> Result<Labelled> {
    let file = crate::context::file_label(path);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(crate::context::input(path)?);
    let header = reader
        .headers()
        .with_context(|| say!("{file}: cannot read the header", file = file))?
        .clone();
    if header
        .iter()
        .all(|cell| cell.trim_start_matches('\u{feff}').trim().is_empty())
    {
        return Err(homebiz::import::ImportError::Empty { file }.into());
    }
    let criteria: Vec<String> = header.iter().skip(1).map(str::to_owned).collect();
    let (mut names, mut values) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.with_context(|| say!("cannot read {file}", file = file))?;
        names.push(record.get(0).unwrap_or_default().to_owned());
        for (j, cell) in record.iter().skip(1).enumerate() {
            let Some(value) = number(cell) else {
                bail!(say!(
                    "{file}: row {row}, column {column}: not a number",
                    file = file,
                    row = line,
                    column = criteria.get(j).map_or("?", String::as_str)
                ));
            };
            values.push(value);
        }
    }
    let matrix = Matrix::new(names.len(), criteria.len(), values)
        .with_context(|| say!("{file}: invalid matrix", file = file))?;
    Ok(Labelled {
        criteria,
        names,
        matrix,
    })
}

#[derive(Serialize)]
struct Ranked<'a> {
    name: &'a str,
    score: f64,
    rank: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<f64>,
}

#[derive(Serialize)]
struct MethodJson<'a> {
    method: &'static str,
    alternatives: Vec<Ranked<'a>>,
}

pub(crate) fn run(command: &McdmCommand) -> Result<String> {
    let (method, args) = match command {
        McdmCommand::Wsum(args) => ("wsum", args),
        McdmCommand::Topsis(args) => ("topsis", args),
        McdmCommand::Vikor(args) => ("vikor", args),
        McdmCommand::Ahp(args) => return ahp(args),
    };
    let input = read_matrix(&args.matrix)?;
    let types = args
        .types
        .iter()
        .map(|t| t.parse())
        .collect::<Result<Vec<CriterionType>, _>>()?;
    let normalization = match args.normalization {
        NormalizationArg::Vector => Normalization::Vector,
        NormalizationArg::Minmax => Normalization::MinMax,
    };
    let m = &input.matrix;
    let (scores, better, s, r) = match method {
        "wsum" => (
            weighted_sum(m, &args.weights, &types)?,
            Better::Higher,
            None,
            None,
        ),
        "topsis" => (
            topsis(m, &args.weights, &types, normalization)?,
            Better::Higher,
            None,
            None,
        ),
        _ => {
            let v = vikor(m, &args.weights, &types, args.v)?;
            (v.q, Better::Lower, Some(v.s), Some(v.r))
        }
    };
    let rank = ranks(&scores, better);
    let alternatives: Vec<Ranked<'_>> = input
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| Ranked {
            name,
            score: scores[i],
            rank: rank[i],
            s: s.as_ref().map(|s| s[i]),
            r: r.as_ref().map(|r| r[i]),
        })
        .collect();
    if args.json {
        return json(&MethodJson {
            method,
            alternatives,
        });
    }
    let mut header = vec!["rank", "alternative", "score"];
    if s.is_some() {
        header.extend(["S", "R"]);
    }
    let mut rows: Vec<&Ranked<'_>> = alternatives.iter().collect();
    rows.sort_by_key(|a| a.rank);
    Ok(table(
        &header,
        rows.into_iter().map(|a| {
            let mut row = vec![
                a.rank.to_string(),
                a.name.to_owned(),
                format!("{:.4}", a.score),
            ];
            if let (Some(s), Some(r)) = (a.s, a.r) {
                row.extend([format!("{s:.4}"), format!("{r:.4}")]);
            }
            row
        }),
    ))
}

#[derive(Serialize)]
struct AhpJson {
    weights: serde_json::Map<String, serde_json::Value>,
    lambda_max: f64,
    ci: f64,
    cr: f64,
    consistent: bool,
}

fn ahp(args: &AhpArgs) -> Result<String> {
    let input = read_matrix(&args.pairwise)?;
    if input.names != input.criteria {
        bail!(say!(
            "the pairwise matrix must name the same criteria, in the same order, in its header and first column"
        ));
    }
    let ahp = Ahp::from_pairwise(&input.matrix)?;
    if args.json {
        let weights = input
            .criteria
            .iter()
            .cloned()
            .zip(ahp.weights.iter().map(|&w| w.into()))
            .collect();
        return json(&AhpJson {
            weights,
            lambda_max: ahp.lambda_max,
            ci: ahp.ci,
            cr: ahp.cr,
            consistent: ahp.is_consistent(),
        });
    }
    let weights = table(
        &["criterion", "weight"],
        input
            .criteria
            .iter()
            .zip(&ahp.weights)
            .map(|(c, w)| vec![c.clone(), format!("{w:.4}")]),
    );
    let verdict = if ahp.is_consistent() {
        crate::context::say!("consistent")
    } else {
        crate::context::say!("inconsistent (CR > 0.1): revise the judgements")
    };
    let measures = crate::context::numerals(&format!(
        "λmax {:.4}, CI {:.4}, CR {:.4}:",
        ahp.lambda_max, ahp.ci, ahp.cr
    ));
    Ok(format!("{weights}\n{measures} {verdict}"))
}
