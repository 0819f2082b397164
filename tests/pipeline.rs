//! `pilotlint check` and `pilotlint test` run one pipeline: every example
//! report, checked by `check` and run as a rule-test case whose
//! expectations are exactly `check`'s findings, must pass as a test. A
//! rule test that went its own way (its own loading, evaluation, sorting or
//! suppressions) would disagree on some example.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pilotlint(args: &[&str]) -> std::process::Output {
    Command::new(get_cargo_bin("pilotlint"))
        .current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("pilotlint runs")
}

/// For every rule with findings in `example`: their lines and the first
/// message, as `check --format json` gives them.
fn check_findings(example: &Path) -> BTreeMap<String, (Vec<u64>, String)> {
    let out = pilotlint(&[
        "check",
        example.to_str().expect("UTF-8 path"),
        "--rules",
        "rules",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let mut by_rule: BTreeMap<String, (Vec<u64>, String)> = BTreeMap::new();
    for f in json["findings"].as_array().expect("findings") {
        let rule = f["rule"].as_str().expect("a rule").to_string();
        let entry = by_rule
            .entry(rule)
            .or_insert_with(|| (Vec::new(), f["message"].as_str().unwrap_or("").to_string()));
        entry.0.push(f["line"].as_u64().expect("a line"));
    }
    by_rule
}

/// A test file with one case: `example`, expecting `found` of the rules
/// that have findings, and `quiet` (pass or skip) of every other rule.
fn test_file(
    example: &Path,
    rules: &[String],
    found: &BTreeMap<String, (Vec<u64>, String)>,
    quiet: &BTreeMap<String, &str>,
) -> String {
    let mut text = String::new();
    let root = root();
    let _ = writeln!(
        text,
        "rules: [{:?}, {:?}, {:?}]\ncases:\n  - name: {:?}\n    report_file: {:?}\n    expect:",
        root.join("rules/service-trade-pilot.rules"),
        root.join("rules/demonstration-zone.rules"),
        root.join("rules/national.rules"),
        example.display().to_string(),
        root.join(example)
    );
    for id in rules {
        match found.get(id) {
            Some((lines, message)) => {
                let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
                let _ = writeln!(
                    text,
                    "      {id}: {{fail: {}, lines: [{}], message: {message:?}}}",
                    lines.len(),
                    lines.join(", ")
                );
            }
            None => {
                let _ = writeln!(
                    text,
                    "      {id}: {}",
                    quiet.get(id).copied().unwrap_or("pass")
                );
            }
        }
    }
    text
}

#[test]
fn every_example_gives_the_same_findings_through_check_and_test() {
    // The ids are the first column of `pilotlint rules`.
    let listing = pilotlint(&["rules", "--rules", "rules"]);
    let rules: Vec<String> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert!(rules.len() >= 18, "{rules:?}");
    let dir = std::env::temp_dir().join(format!("pilotlint-pipeline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            p.strip_prefix(root())
                .expect("inside the repository")
                .to_path_buf()
        })
        .collect();
    examples.sort();
    assert!(examples.len() >= 8, "{examples:?}");
    let mut with_findings = 0;
    for example in &examples {
        let found = check_findings(example);
        let file = dir.join("example.tests.yaml");
        let mut quiet = BTreeMap::new();
        // A rule without findings passed or was skipped; the first run
        // says which, the second must pass whole.
        for attempt in 0..2 {
            std::fs::write(&file, test_file(example, &rules, &found, &quiet)).expect("written");
            let out = pilotlint(&["test", file.to_str().expect("UTF-8 path")]);
            let stdout = String::from_utf8_lossy(&out.stdout);
            if out.status.code() == Some(0) {
                break;
            }
            let skipped: Vec<String> = rules
                .iter()
                .filter(|id| stdout.contains(&format!("`{id}` was skipped, expected it")))
                .cloned()
                .collect();
            assert!(
                attempt == 0 && !skipped.is_empty(),
                "{}: check and test disagree\n{stdout}\n{}",
                example.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            for id in skipped {
                quiet.insert(id, "skip");
            }
        }
        with_findings += usize::from(!found.is_empty());
    }
    // The examples have planted findings: most of them are in play here.
    assert!(with_findings >= 6, "{with_findings}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The findings of `check` over `dir` (a set of reports): by rule, then by
/// file, their lines.
fn set_findings(dir: &str) -> BTreeMap<String, BTreeMap<String, Vec<u64>>> {
    let out = pilotlint(&["check", dir, "--rules", "rules", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let mut by_rule: BTreeMap<String, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    for f in json["findings"].as_array().expect("findings") {
        by_rule
            .entry(f["rule"].as_str().expect("a rule").to_string())
            .or_default()
            .entry(f["file"].as_str().expect("a file").to_string())
            .or_default()
            .push(f["line"].as_u64().expect("a line"));
    }
    by_rule
}

/// The same for a set: `check examples/national` (the rules across reports
/// read all six reports at once) and a rule test with those six reports as
/// one case, expecting exactly `check`'s findings, file by file (a report
/// as the case names it, the registry as its rule file declares it).
#[test]
fn the_national_examples_give_the_same_findings_through_check_and_test() {
    let found = set_findings("examples/national");
    // The planted findings: NAT001 (the registry), NAT003 (two reports),
    // HIS001, HIS002 and STP005.
    for id in ["NAT001", "NAT003", "HIS001", "HIS002", "STP005"] {
        assert!(found.contains_key(id), "{id}: {found:?}");
    }
    let root = root();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("examples/national"))
        .expect("examples/national/")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    let named = |file: &str| -> String {
        if file.starts_with("rules/") {
            file.trim_start_matches("rules/").to_string()
        } else {
            root.join(file).display().to_string()
        }
    };
    let mut text = format!(
        "rules: [{:?}, {:?}]\ncases:\n  - name: the national examples\n    report_files:\n",
        root.join("rules/service-trade-pilot.rules"),
        root.join("rules/national.rules"),
    );
    for f in &files {
        let _ = writeln!(text, "      - {:?}", f.display().to_string());
    }
    text.push_str("    expect:\n");
    for (id, by_file) in &found {
        let _ = writeln!(text, "      {id}:");
        for (file, lines) in by_file {
            let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
            let _ = writeln!(
                text,
                "        - {{fail: {}, lines: [{}], file: {:?}}}",
                lines.len(),
                lines.join(", "),
                named(file)
            );
        }
    }
    let dir = std::env::temp_dir().join(format!("pilotlint-pipeline-set-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let file = dir.join("national.tests.yaml");
    std::fs::write(&file, &text).expect("written");
    let out = pilotlint(&["test", file.to_str().expect("UTF-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "check and test disagree\n{text}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The test can fail: one line moved is a failure.
    let wrong = text.replacen("lines: [", "lines: [1, ", 1);
    std::fs::write(&file, &wrong).expect("written");
    let out = pilotlint(&["test", file.to_str().expect("UTF-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
