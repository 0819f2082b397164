//! The examples of the design brief for rules across reports
//! (`../shared/design/report-sets.md`, "Examples") work as their comments
//! say. `fixtures/report-sets/brief.rules` is the brief's block as written
//! (a test checks it against the brief when the brief is beside the
//! checkout); `pilot-areas.yaml` is the registry it declares and `reports/`
//! a set of eight reports of three areas with one mistake for each rule.
//! Every position below was read off the files by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-sets")
}

fn run() -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_pilotlint"))
        .current_dir(fixture())
        .args([
            "check",
            "reports",
            "--rules",
            "brief.rules",
            "--format",
            "json",
        ])
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("pilotlint runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The findings of rule `id`: (file, line, column, message).
fn of(json: &serde_json::Value, id: &str) -> Vec<(String, u64, u64, String)> {
    json["findings"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|f| f["code"] == id)
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_fixture_is_the_briefs_block() {
    let brief = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/design/report-sets.md");
    let Ok(text) = std::fs::read_to_string(&brief) else {
        // A clone without the design folder beside it: nothing to compare.
        return;
    };
    let examples = &text[text.find("## Examples").expect("the brief's examples")..];
    let start = examples.find("```\n").expect("a block") + 4;
    let end = start + examples[start..].find("```").expect("the block ends");
    let ours = std::fs::read_to_string(fixture().join("brief.rules")).expect("the fixture");
    assert_eq!(ours, examples[start..end]);
}

/// NAT001: Suzhou reported for the first half of 2022 but not the second,
/// which the other areas reported: one finding, at Suzhou's entry of the
/// registry (`- {name: Suzhou, ...}`, line 6, the name at column 10).
#[test]
fn nat001_points_at_the_missing_areas_entry_in_the_registry() {
    assert_eq!(
        of(&run(), "NAT001"),
        [(
            "pilot-areas.yaml".to_string(),
            6,
            10,
            "Suzhou has no report for the period ending 2022-12-31".to_string()
        )]
    );
}

/// NAT002: the three reports for the period ending 2023-12-31, after the
/// end of the trial, implement 2 + 2 + 1 of 3 + 3 + 2 measures, 62.5%:
/// a finding about the set as a whole, at the rule's `require` (line 23 of
/// brief.rules, column 9). The 2022 periods end before the trial does.
#[test]
fn nat002_points_at_the_rule_clause() {
    assert_eq!(
        of(&run(), "NAT002"),
        [(
            "brief.rules".to_string(),
            23,
            9,
            "over the 3 reports for the period ending 2023-12-31, the implementation rate is 62.5%"
                .to_string()
        )]
    );
}

/// HIS001: XA-001 is implemented in Xi'an's report for the first half of
/// 2022 and planned in the second: the finding is at its id in the later
/// report (line 6, column 10), with a related place at the same id in the
/// earlier one. Its third report implements XA-001 again: no finding.
#[test]
fn his001_points_at_the_later_report_with_the_earlier_one_related() {
    let json = run();
    assert_eq!(
        of(&json, "HIS001"),
        [(
            "reports/xian-2022-h2.yaml".to_string(),
            6,
            10,
            "measure XA-001 was implemented in the report for 2022-06-30 and is planned now"
                .to_string()
        )]
    );
    let f = json["findings"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|f| f["code"] == "HIS001")
        .expect("the finding");
    let related = &f["related"][0];
    assert_eq!(related["file"], "reports/xian-2022-h1.yaml");
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(6), Some(10))
    );
}

/// STP013 (a rule of one report that reads the registry): `HZ-02` in
/// Hangzhou's first report (line 7, column 10) lacks a digit; ids of the
/// other reports carry their area's code.
#[test]
fn stp013_builds_the_pattern_from_the_registry() {
    let found = of(&run(), "STP013");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1, found[0].2),
        ("reports/hangzhou-2022-h1.yaml", 7, 10)
    );
    assert!(found[0].3.contains("HZ-02"), "{found:?}");
}

/// Nothing else: four mistakes, four findings.
#[test]
fn the_set_has_exactly_the_planted_findings() {
    assert_eq!(run()["findings"].as_array().expect("a list").len(), 4);
}
