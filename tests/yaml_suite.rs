//! The official YAML test suite (`fixtures/yaml-test-suite/`, MIT licence
//! beside it) run through pilotlint's report loader.
//!
//! Each case goes through `pilotlint::check_report`, the library entry, with
//! no rules. Every valid case must load with no `yaml-syntax` finding, and
//! where the suite gives `in.json` the loaded documents, null ones included,
//! must equal its values (YAML 1.2 core schema; dates stay strings, as in
//! JSON). Every invalid case (an `error` file) must be exactly one
//! `yaml-syntax` finding whose span lies in the text, and the real binary
//! must exit 1 on them. Nothing may panic. Cases the YAML parser gets wrong
//! are listed in [`EXCEPTIONS`], the one place, each with its reason; an
//! exception that starts passing fails the test so the list cannot go
//! stale. Valid cases pilotlint refuses on purpose are in
//! [`DUPLICATE_KEYS`] (duplicate keys), [`INVISIBLE`] (a character that
//! shows as nothing) and [`AMBIGUOUS`] (what PyYAML reads otherwise).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;
use pilotlint::finding::Finding;
use pilotlint::report::{Node, NodeKind};
use pilotlint::rules::RuleSet;
use serde_json::Value;

/// Cases granit-parser (the YAML parser) gets wrong, by case folder, with
/// the upstream reason. Everything else must pass. None today: the three
/// invalid cases its default, PyYAML-compatible indentation accepts (9C9N,
/// QB6E, DK95/01) are refused since the loader parses with its
/// `strict_indentation` option (`src/report/load.rs`).
const EXCEPTIONS: &[(&str, &str)] = &[];

/// Valid cases pilotlint rejects on purpose: equal keys in one mapping,
/// which the suite allows and pilotlint reports as duplicate keys
/// (docs/report-format.md). Each must give exactly one `yaml-syntax`
/// finding saying so.
const DUPLICATE_KEYS: &[(&str, &str)] = &[
    ("2JQS", "two empty (null) keys"),
    ("X38W", "two keys that are the same aliased list"),
];

/// Valid cases refused on purpose as `invisible-character`: a value that
/// holds a character a reader cannot see (`src/report/ambiguous.rs`).
const INVISIBLE: &[(&str, &str)] = &[("G4RS", "the escape `\\b`, a backspace")];

/// Valid cases refused on purpose as `yaml-ambiguous`: what a YAML 1.1
/// reader such as PyYAML reads otherwise (`src/report/ambiguous.rs`).
const AMBIGUOUS: &[(&str, &str)] = &[
    ("565N", "`!!binary` values, bytes to PyYAML"),
    ("S4JQ", "`! 12`, a text here and the number 12 to PyYAML"),
    (
        "UKK6/02",
        "`!` with no text, a text here and null to PyYAML",
    ),
];

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml-test-suite")
}

/// Case folders (those holding `in.yaml`), sorted, as `ID` or `ID/NN`.
fn cases() -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("the suite folder is readable")
            .map(|e| e.expect("a readable entry").path())
            .filter(|p| p.is_dir())
            .collect();
        entries.sort();
        for path in entries {
            if path.join("in.yaml").is_file() {
                let id = path
                    .strip_prefix(root)
                    .expect("under the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((id, path.clone()));
            }
            walk(&path, root, out);
        }
    }
    let root = suite_dir();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

/// The loaded tree as the JSON value the suite writes. Keys of a mapping
/// are strings in JSON; the suite gives no `in.json` where they are not.
fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => Value::from(*i),
        NodeKind::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        NodeKind::Str(s) => Value::String(s.to_string()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| {
                    let key = match to_json(&e.key) {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (key, to_json(&e.value))
                })
                .collect(),
        ),
    }
}

/// JSON equality where `1` and `1.0` are the same number, and mapping order
/// does not matter (serde_json's map is sorted either way).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// What one case does under pilotlint; `Err` says how it fails.
fn run_case(id: &str, dir: &Path) -> Result<(), String> {
    let bytes = std::fs::read(dir.join("in.yaml")).expect("in.yaml is readable");
    let invalid = dir.join("error").exists();
    let report = catch_unwind(AssertUnwindSafe(|| {
        pilotlint::check_report(&RuleSet::default(), "in.yaml", &bytes)
    }))
    .map_err(|_| "panicked".to_string())?;
    let inside = |f: &Finding| {
        f.span
            .is_some_and(|s| s.start <= s.end && s.end <= bytes.len())
    };
    if invalid {
        return match &report.findings[..] {
            [f] if f.code == "yaml-syntax" && inside(f) => Ok(()),
            [] => Err("invalid YAML loaded without a finding".into()),
            other => Err(format!("unexpected findings {other:?}")),
        };
    }
    if INVISIBLE.iter().any(|(d, _)| *d == id) {
        return match &report.findings[..] {
            [f] if f.code == "invisible-character" && inside(f) => Ok(()),
            other => Err(format!(
                "expected one invisible-character finding, got {other:?}"
            )),
        };
    }
    if AMBIGUOUS.iter().any(|(d, _)| *d == id) {
        return match &report.findings[..] {
            [f] if f.code == "yaml-ambiguous" && inside(f) => Ok(()),
            other => Err(format!(
                "expected one yaml-ambiguous finding, got {other:?}"
            )),
        };
    }
    if DUPLICATE_KEYS.iter().any(|(d, _)| *d == id) {
        return match &report.findings[..] {
            [f] if f.code == "yaml-syntax"
                && f.message.starts_with("duplicate key")
                && inside(f) =>
            {
                Ok(())
            }
            other => Err(format!("expected one duplicate key finding, got {other:?}")),
        };
    }
    // A valid stream with no document (only comments, directives or `...`),
    // or only null ones, is valid YAML but no report: the gate says so with
    // `empty-report`, which is not a YAML diagnostic. Anything else is.
    let no_report = report
        .documents
        .iter()
        .all(|d| matches!(d.kind, NodeKind::Null));
    match &report.findings[..] {
        [] => {}
        // The loaded documents are still compared with in.json below.
        [f] if f.code == "empty-report" && no_report => {}
        [f, ..] => return Err(format!("valid YAML gave `{}`: {}", f.code, f.message)),
    }
    let Ok(json) = std::fs::read_to_string(dir.join("in.json")) else {
        return Ok(());
    };
    let expected: Vec<Value> = serde_json::Deserializer::from_str(&json)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("in.json does not parse: {e}"))?;
    let got: Vec<Value> = report.documents.iter().map(to_json).collect();
    if got.len() != expected.len() || !got.iter().zip(&expected).all(|(g, e)| same(g, e)) {
        return Err(format!("loaded {got:?}, expected {expected:?}"));
    }
    Ok(())
}

#[test]
fn every_case_loads_as_the_suite_says_except_the_listed_ones() {
    let cases = cases();
    assert!(cases.len() > 350, "the suite is missing: {}", cases.len());
    let mut failures = Vec::new();
    let mut excepted = 0;
    for (id, dir) in &cases {
        let outcome = run_case(id, dir);
        match (EXCEPTIONS.iter().find(|(e, _)| e == id), outcome) {
            (None, Ok(())) => {}
            (None, Err(why)) => failures.push(format!("{id}: {why}")),
            (Some(_), Err(_)) => excepted += 1,
            (Some(_), Ok(())) => failures.push(format!("{id}: passes, remove it from EXCEPTIONS")),
        }
    }
    assert_eq!(
        EXCEPTIONS.len(),
        0,
        "update the count in EXCEPTIONS' comment"
    );
    for (id, _) in EXCEPTIONS
        .iter()
        .chain(DUPLICATE_KEYS)
        .chain(INVISIBLE)
        .chain(AMBIGUOUS)
    {
        assert!(
            cases.iter().any(|(c, _)| c == id),
            "listed case `{id}` is not a case"
        );
    }
    eprintln!(
        "yaml-test-suite: {} cases, {} pass, {excepted} listed exceptions",
        cases.len(),
        cases.len() - excepted
    );
    assert!(
        failures.is_empty(),
        "{} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The binary on every invalid case at once: exit 1, one `yaml-syntax`
/// error with a line and column per file, so no bad file hides another.
#[test]
fn the_binary_reports_every_invalid_case_with_a_position_and_exits_1() {
    let root = suite_dir();
    let invalid: Vec<String> = cases()
        .into_iter()
        .filter(|(id, dir)| dir.join("error").exists() && !EXCEPTIONS.iter().any(|(e, _)| e == id))
        .map(|(id, _)| format!("{id}/in.yaml"))
        .collect();
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(&root)
        .args([
            "check",
            "--format",
            "json",
            "--rules",
            "builtin:service-trade-pilot",
        ])
        .args(&invalid)
        .output()
        .expect("pilotlint runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let findings = json["findings"].as_array().expect("a findings list");
    for file in &invalid {
        let of_file: Vec<&Value> = findings.iter().filter(|f| f["file"] == **file).collect();
        assert!(
            matches!(&of_file[..], [f] if f["code"] == "yaml-syntax"
                && f["line"].as_u64().is_some_and(|l| l >= 1)
                && f["column"].as_u64().is_some_and(|c| c >= 1)),
            "{file}: {of_file:?}"
        );
    }
    assert_eq!(json["summary"]["files"], invalid.len());
}
