//! Issue 17, the job summary (`--format markdown`) through the binary:
//! the examples' summaries as snapshots reviewed by hand, values escaped,
//! the lists cut past their limits with a count of the rest, and links to
//! the file and line on GitHub.

use std::process::Command;

use crate::html::{example_files, not_evaluated_fixture, pilotlint, root, scratch};

#[test]
fn the_summaries_of_the_examples() {
    let files = example_files();
    let mut top = vec!["check", "--rules", "rules", "--format", "markdown"];
    top.extend(files.iter().map(String::as_str));
    let (code, examples) = pilotlint(root(), &top);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("examples", examples);
    let (_, national) = pilotlint(
        root(),
        &[
            "check",
            "--rules",
            "rules",
            "examples/national",
            "--format",
            "markdown",
        ],
    );
    insta::assert_snapshot!("national", national);
}

/// 25 reports with 5 errors each: 20 are listed, with 3 findings each and
/// the count of the rest; a message's markup is text.
#[test]
fn long_lists_stop_with_a_count_of_the_rest_and_values_are_escaped() {
    let dir = scratch("md-limits");
    std::fs::write(
        dir.join("r.rules"),
        "rule M1 \"each measure is done\" {\n    each m in measures {\n        \
         require m.done == true else \"measure `{m.id}` is not done\"\n    }\n}\n",
    )
    .expect("write");
    let mut measures = String::new();
    for i in 0..5 {
        measures.push_str(&format!("  - {{id: \"<b>{i}</b>|*x*\", done: false}}\n"));
    }
    for i in 0..25 {
        std::fs::write(
            dir.join(format!("r{i:02}.yaml")),
            format!("measures:\n{measures}"),
        )
        .expect("write");
    }
    let (code, md) = pilotlint(
        &dir,
        &["check", ".", "--rules", "r.rules", "--format", "markdown"],
    );
    assert_eq!(code, Some(1));
    assert!(
        md.starts_with("## pilotlint: ✗ not accepted: 125 findings at or above `error`"),
        "{md}"
    );
    assert_eq!(md.matches("\n- [`r").count(), 20, "{md}");
    assert_eq!(md.matches("  - and 2 more findings\n").count(), 20, "{md}");
    assert!(md.contains("\nand 5 more report files: "), "{md}");
    // The value is a code span (`|` would end a table cell, so it is `'`).
    assert!(
        md.contains("[`r00.yaml:2`](r00.yaml#L2): measure `<b>0</b>'*x*` is not done"),
        "{md}"
    );
    assert!(
        md.contains("| `M1` | each measure is done | 0 | 25 | 0 | 0 | 125 |"),
        "{md}"
    );
}

/// On GitHub Actions a finding links to its line in the commit checked.
#[test]
fn on_github_actions_findings_link_to_the_commit() {
    let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .env("GITHUB_SERVER_URL", "https://github.example")
        .env("GITHUB_REPOSITORY", "ministry/reports")
        .env("GITHUB_SHA", "0123abc")
        .args([
            "check",
            "--rules",
            "rules",
            "examples/hefei-2021-h1-plan-not-approved.yaml",
            "--format",
            "markdown",
        ])
        .output()
        .expect("pilotlint runs");
    let md = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        md.contains(
            "[`examples/hefei-2021-h1-plan-not-approved.yaml:16`](https://github.example/ministry/reports/blob/0123abc/examples/hefei-2021-h1-plan-not-approved.yaml#L16)"
        ),
        "{md}"
    );
}

/// A rule that could not be evaluated is counted as such, not as failed
/// (the files of [`not_evaluated_fixture`]; T1's one finding is
/// `incomparable`).
#[test]
fn rules_not_evaluated_are_counted_apart() {
    let dir = not_evaluated_fixture("md-not-evaluated");
    let (code, md) = pilotlint(
        &dir,
        &["check", ".", "--rules", "t.rules", "--format", "markdown"],
    );
    assert_eq!(code, Some(1), "{md}");
    assert!(
        md.contains("\n| `T1` | the plan is large | 1 | 0 | 0 | 2 | 1 |\n"),
        "{md}"
    );
    assert!(
        md.contains("\n| `T2` | a progress report | 2 | 0 | 0 | 1 | 0 |\n"),
        "{md}"
    );
}
