//! `--select` and `--ignore` beyond the CLI fixtures (`fixtures/cli/select-*`):
//! a rule not selected is as if disabled in every format (absent from
//! SARIF's rules and JUnit's test cases), rules across reports are selected
//! the same way, and `--statistics` counts every finding, not only those
//! `--max-findings` shows, as README.md's sample shows it.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `pilotlint check ARGS` in the repository root: status and stdout.
fn check(args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let (code, stdout, _) = crate::config::pilotlint(&root(), &all);
    (code, stdout)
}

fn rules_of_json(stdout: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(stdout).expect("JSON");
    let mut rules: Vec<String> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect();
    rules.dedup();
    rules
}

#[test]
fn a_rule_not_selected_is_in_no_format() {
    let hefei = "examples/hefei-2021-h1-plan-not-approved.yaml";
    let (code, sarif) = check(&[hefei, "--ignore", "STP002", "--format", "sarif"]);
    assert_eq!(code, Some(0), "{sarif}");
    let sarif: Value = serde_json::from_str(&sarif).expect("JSON");
    let ids: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert!(
        ids.contains(&"STP001") && !ids.contains(&"STP002"),
        "{ids:?}"
    );

    let (code, junit) = check(&[hefei, "--select", "STP002,STP005", "--format", "junit"]);
    assert_eq!(code, Some(1), "{junit}");
    let cases: Vec<&str> = junit
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<testcase name=\""))
        .map(|l| &l[..l.find(':').unwrap_or(l.len())])
        .collect();
    assert_eq!(cases, ["STP002", "STP005"], "{junit}");
}

/// Rules across reports are selected by id, tag and pack like the others.
#[test]
fn rules_across_reports_are_selected_too() {
    let run = |more: &[&str]| {
        let mut args = vec!["examples/national", "--rules", "builtin:national"];
        args.extend_from_slice(more);
        args.extend(["--format", "json"]);
        let (code, stdout) = check(&args);
        (code, rules_of_json(&stdout))
    };
    assert_eq!(
        run(&[]),
        (
            Some(1),
            vec!["NAT004", "NAT003", "HIS002", "HIS001", "NAT001"]
                .into_iter()
                .map(String::from)
                .collect()
        )
    );
    assert_eq!(run(&["--select", "NAT001"]).1, ["NAT001"]);
    // The tag `history` is HIS001's and HIS002's; `set` is every rule
    // across reports' (NAT004 reads one report).
    assert_eq!(run(&["--select", "history"]).1, ["HIS002", "HIS001"]);
    assert_eq!(run(&["--ignore", "set"]).1, ["NAT004"]);
    assert_eq!(
        run(&[
            "--select",
            "builtin:national",
            "--ignore",
            "NAT004,NAT003,NAT001"
        ])
        .1,
        ["HIS002", "HIS001"]
    );
}

/// `--max-findings` caps what is shown, not what is counted.
#[test]
fn statistics_count_every_finding() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("statistics");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut report = String::from("measures:\n");
    for i in 0..30 {
        report.push_str(&format!("  - {{ id: XA-{i:03}, status: planned }}\n"));
    }
    std::fs::write(dir.join("report.yaml"), report).expect("write");
    std::fs::write(
        dir.join("ids.rules"),
        "rule ID001 \"measures are implemented\" {\n    each m in measures {\n        \
         require m.status == \"implemented\"\n    }\n}\n",
    )
    .expect("write");
    let (code, stdout) = check(&[
        dir.join("report.yaml").to_str().expect("UTF-8"),
        "--rules",
        dir.join("ids.rules").to_str().expect("UTF-8"),
        "--max-findings",
        "5",
        "--statistics",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stdout,
        "30\tID001\tmeasures are implemented\n30 errors in 1 of 1 file\n"
    );
}

/// README.md's sample of `--statistics` is what the command prints.
#[test]
fn the_statistics_readme_shows_are_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let command = "$ pilotlint check examples/ --select service-trade-pilot --statistics\n";
    let at = readme.find(command).expect("README.md shows the command") + command.len();
    let shown = &readme[at..at + readme[at..].find("```").expect("the block ends")];
    let (code, stdout) = check(&[
        "examples/",
        "--select",
        "service-trade-pilot",
        "--statistics",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(shown, stdout);
}
