//! `--format gitlab` is a GitLab Code Quality report: valid against the
//! schema written from GitLab's documentation (`fixtures/gitlab/`, see its
//! README: GitLab publishes none), positions worked out by hand from the
//! fixture, and fingerprints that are unique, do not move when the report
//! is edited above a finding, and are the documented FNV-1a 128 hash.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::Value;

fn case() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gitlab/positions")
}

/// The Code Quality report of a run in `dir`, its raw bytes and the exit
/// status.
fn gitlab(dir: &Path) -> (Value, Vec<u8>, Option<i32>) {
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .args([
            "check",
            "reports",
            "--rules",
            "rules.rules",
            "--format",
            "gitlab",
        ])
        .output()
        .expect("pilotlint runs");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let report = serde_json::from_slice(&out.stdout).expect("the output is JSON");
    (report, out.stdout, out.status.code())
}

fn fingerprints(report: &Value) -> Vec<&str> {
    report
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("a string"))
        .collect()
}

pub(crate) fn validator() -> jsonschema::Validator {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gitlab/codequality.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the vendored schema"))
            .expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

pub(crate) fn schema_errors(validator: &jsonschema::Validator, report: &Value) -> Vec<String> {
    validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_report_is_valid_against_the_documented_format() {
    let (report, bytes, code) = gitlab(&case());
    assert_eq!(code, Some(1));
    // "The GitLab parser does not allow a byte order mark".
    assert_eq!(bytes.first(), Some(&b'['));
    let validator = validator();
    assert_eq!(schema_errors(&validator, &report), Vec::<String>::new());
    assert_eq!(report.as_array().expect("an array").len(), 6);

    // The schema does reject what GitLab does not take, so the check above
    // can fail: a severity GitLab does not know, no line at all.
    let mut bad = report.clone();
    bad[1]["severity"] = Value::from("error");
    assert!(!schema_errors(&validator, &bad).is_empty());
    let mut bad = report.clone();
    bad[1]["location"]
        .as_object_mut()
        .expect("an object")
        .remove("positions");
    assert!(!schema_errors(&validator, &bad).is_empty());
}

/// Every issue, as (check, path, begin line, begin column, end line, end
/// column, severity), checked against the fixture by hand: in
/// `reports/西安.yaml`, line 4 is `  approved: false` (the value starts
/// after 12 characters), line 7 `    status: 已落实` (a value of three
/// characters, nine bytes, after 12), line 8 `  - id: XA-001` (the second
/// `XA-001`, after 8); `reports/two-periods.yaml` repeats `approved: false`
/// on lines 2 and 6; `reports/empty.yaml` is empty, an issue about the file
/// as a whole on line 1.
#[test]
fn positions_are_lines_and_character_columns_of_the_value() {
    let (report, _, _) = gitlab(&case());
    let issues: Vec<String> = report
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| {
            let l = &i["location"];
            let at = match l.get("positions") {
                Some(p) => format!(
                    "{}:{}-{}:{}",
                    p["begin"]["line"], p["begin"]["column"], p["end"]["line"], p["end"]["column"]
                ),
                None => format!("line {}", l["lines"]["begin"]),
            };
            format!(
                "{} {} {at} {}",
                i["check_name"].as_str().expect("a string"),
                l["path"].as_str().expect("a string"),
                i["severity"].as_str().expect("a string")
            )
        })
        .collect();
    assert_eq!(
        issues,
        [
            "empty-report reports/empty.yaml line 1 major",
            "P1 reports/two-periods.yaml 2:13-2:18 major",
            "P1 reports/two-periods.yaml 6:13-6:18 major",
            "P1 reports/西安.yaml 4:13-4:18 major",
            "S1 reports/西安.yaml 7:13-7:16 info",
            "U1 reports/西安.yaml 8:9-8:15 minor",
        ]
    );
}

/// The fingerprints, computed independently of pilotlint with Python (the
/// FNV-1a 128 of path, check, data path and occurrence joined by NUL):
///
/// f() { python3 -c 'import sys
/// h=0x6c62272e07bb014262b821756295c58d
/// for b in "\0".join(sys.argv[1:]).encode(): h=((h^b)*0x0000000001000000000000000000013B)%2**128
/// print(f"{h:032x}")' "$@"; }
/// f reports/empty.yaml empty-report "" 0
/// f reports/two-periods.yaml P1 plan.approved 0    # then 1 for the second
/// f reports/西安.yaml P1 plan.approved 0
/// f reports/西安.yaml S1 "measures[0].status" 0
/// f reports/西安.yaml U1 "measures[1].id" 0
#[test]
fn fingerprints_are_the_documented_hash_and_unique() {
    let (report, _, _) = gitlab(&case());
    let fingerprints = fingerprints(&report);
    assert_eq!(
        fingerprints,
        [
            "eb0b41572aece9cac5c8e110917ac265",
            "4c3e7ef170a48f30e2cad6da1aed65d2",
            "4c3e7ef171a48f30e2cad6da1aed670d",
            "f2003cdf724931d4eb745e97490967ab",
            "4333aaa35ddc39a29187c00488e6de87",
            "4e2a40607523cd93e08c7ab3d8c30aa5",
        ]
    );
    // The two identical findings of two-periods.yaml differ by occurrence.
    assert_eq!(fingerprints.iter().collect::<HashSet<_>>().len(), 6);
}

/// Lines added above the findings (and a value changed) move every
/// position but no fingerprint: GitLab keeps seeing the same issues.
#[test]
fn an_edit_above_a_finding_keeps_its_fingerprint() {
    let dir = std::env::temp_dir().join(format!("pilotlint-gitlab-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).expect("a temporary directory");
    std::fs::copy(case().join("rules.rules"), dir.join("rules.rules")).expect("copied");
    let name = "reports/西安.yaml";
    let text = std::fs::read_to_string(case().join(name)).expect("the fixture");
    std::fs::write(dir.join(name), &text).expect("written");
    let (before, _, _) = gitlab(&dir);
    let edited = text
        .replace(
            "program: 服务贸易\n",
            "program: 服务贸易\nperiod: 2021-H2\nsummary:\n  rate: 0.9\n",
        )
        .replace("status: 已落实", "status: 已实施");
    std::fs::write(dir.join(name), edited).expect("written");
    let (after, _, _) = gitlab(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let pick = |r: &Value, key: &str| -> Vec<String> {
        r.as_array()
            .expect("an array")
            .iter()
            .map(|i| match key {
                "line" => i["location"]["positions"]["begin"]["line"].to_string(),
                _ => i[key].to_string(),
            })
            .collect()
    };
    assert_eq!(pick(&before, "line"), ["4", "7", "8"]);
    assert_eq!(pick(&after, "line"), ["7", "10", "11"]);
    assert_ne!(pick(&before, "description"), pick(&after, "description"));
    assert_eq!(pick(&before, "fingerprint"), pick(&after, "fingerprint"));
}

/// Two reports of one run with one path (standard input named after a file
/// that is checked too): the repeat's fingerprints append `\0 1`, so none
/// is shared. Expected values from the Python function above:
/// f reports/西安.yaml P1 plan.approved 0 1
/// f reports/西安.yaml S1 "measures[0].status" 0 1
/// f reports/西安.yaml U1 "measures[1].id" 0 1
#[test]
fn a_path_checked_twice_gets_fingerprints_of_its_own() {
    let name = "reports/西安.yaml";
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(case())
        .env_remove("GITHUB_ACTIONS")
        .args(["check", name, "-", "--stdin-filename", name])
        .args(["--rules", "rules.rules", "--format", "gitlab"])
        .stdin(std::fs::File::open(case().join(name)).expect("the fixture"))
        .output()
        .expect("pilotlint runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let fingerprints = fingerprints(&report);
    assert_eq!(
        fingerprints,
        [
            "f2003cdf724931d4eb745e97490967ab",
            "4333aaa35ddc39a29187c00488e6de87",
            "4e2a40607523cd93e08c7ab3d8c30aa5",
            "4be7506eb513a831a38b3bd3de566148",
            "6dbe1a274cbf342931689daad4612624",
            "2e0246ed5f2c69d59173362b65a90572",
        ]
    );
}
