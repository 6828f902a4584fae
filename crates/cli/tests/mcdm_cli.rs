//! `homebiz mcdm`: the multi-criteria methods on CSV files.

// Test helpers may fail loudly; the lints guard library code.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::mcdm_args;

fn homebiz(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homebiz"))
        .args(args)
        .output()
        .expect("run homebiz")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = homebiz(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn topsis_wsum_vikor_rank_the_alternatives() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = write(
        dir.path(),
        "x.csv",
        "activity,a,b,c\nA1,5,8,4\nA2,7,6,8\nA3,8,8,6\nA4,۷,۴,۶\n",
    );
    let out = json(&mcdm_args(
        "topsis",
        &matrix,
        "0.3,0.4,0.3",
        "b,b,b",
        &["--json"],
    ));
    assert_eq!(out["method"], "topsis");
    let alternatives = out["alternatives"].as_array().unwrap();
    let names: Vec<&str> = alternatives
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["A1", "A2", "A3", "A4"], "input order");
    let scores: Vec<f64> = alternatives
        .iter()
        .map(|a| (a["score"].as_f64().unwrap() * 1e4).round() / 1e4)
        .collect();
    assert_eq!(scores, [0.5037, 0.6581, 0.7482, 0.3340]);
    let ranks: Vec<u64> = alternatives
        .iter()
        .map(|a| a["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, [3, 2, 1, 4]);

    let out = json(&mcdm_args("vikor", &matrix, "1,1,1", "b,c,b", &["--json"]));
    let first = &out["alternatives"][0];
    assert!(first["s"].is_number() && first["r"].is_number(), "{out}");
    let out = json(&mcdm_args(
        "wsum",
        &matrix,
        "1,1,1",
        "b,b,b",
        &["--normalization", "minmax", "--json"],
    ));
    assert_eq!(out["method"], "wsum");
    let table = homebiz(&mcdm_args("topsis", &matrix, "3,4,3", "b,b,b", &[]));
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("0.7482"), "{table}");
}

#[test]
fn ahp_gives_weights_and_consistency() {
    let dir = tempfile::tempdir().unwrap();
    let pairwise = write(
        dir.path(),
        "p.csv",
        "criterion,a,b,c,d\na,1,1,5,2\nb,1,1,3,4\nc,1/5,1/3,1,3/4\nd,1/2,1/4,4/3,1\n",
    );
    let out = json(&["mcdm", "ahp", "--pairwise", &pairwise, "--json"]);
    let w: Vec<f64> = ["a", "b", "c", "d"]
        .iter()
        .map(|k| (out["weights"][k].as_f64().unwrap() * 1e4).round() / 1e4)
        .collect();
    assert_eq!(w, [0.3742, 0.3917, 0.0991, 0.1349]);
    assert!((out["cr"].as_f64().unwrap() - 0.034).abs() < 0.0015);
    assert_eq!(out["consistent"], true);
    let inconsistent = write(
        dir.path(),
        "bad.csv",
        "c,x,y,z\nx,1,9,1/9\ny,1/9,1,9\nz,9,1/9,1\n",
    );
    let out = json(&["mcdm", "ahp", "--pairwise", &inconsistent, "--json"]);
    assert_eq!(out["consistent"], false);
}

#[test]
fn bad_input_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = write(dir.path(), "x.csv", "activity,a,b\nA1,5,x\nA2,7,6\n");
    let out = homebiz(&mcdm_args("topsis", &matrix, "1,1", "b,b", &[]));
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "homebiz: x.csv: row 2, column b: not a number\n"
    );
    let constant = write(dir.path(), "c.csv", "activity,a,b\nA1,5,1\nA2,5,2\n");
    let out = homebiz(&mcdm_args("wsum", &constant, "1,1", "b,b", &[]));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "homebiz: column 0 is constant: it cannot rank the alternatives\n"
    );
    let out = homebiz(&mcdm_args("wsum", &constant, "1,-1", "b,b", &[]));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "homebiz: weight 1 is negative or not finite\n"
    );
}
