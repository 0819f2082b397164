//! `--format sarif` is a SARIF 2.1.0 log that code scanning accepts: valid
//! against the official schema (vendored in `fixtures/sarif/`, see its
//! README), every result's rule resolvable by id and by index, and
//! positions in code points, worked out by hand from the fixture files.
//! The run is the `fixtures/cli/sarif/` case, whose snapshot `cli.rs` holds.

use std::path::Path;
use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::Value;

/// The SARIF log of the `fixtures/cli/sarif/` case, and its exit status.
fn sarif_log() -> (Value, Option<i32>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/sarif");
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .args(["check", "reports", "--rules", "rules", "--format", "sarif"])
        .output()
        .expect("pilotlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "");
    let log = serde_json::from_slice(&out.stdout).expect("the output is JSON");
    (log, out.status.code())
}

pub(crate) fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif/sarif-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the vendored schema"))
            .expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

pub(crate) fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_log_is_valid_against_the_sarif_2_1_0_schema() {
    let (log, code) = sarif_log();
    assert_eq!(code, Some(1));
    let validator = validator();
    assert_eq!(schema_errors(&validator, &log), Vec::<String>::new());

    // The validator does reject what SARIF does not allow, so the check
    // above can fail: a level SARIF does not have, a column 0, bad URIs.
    for (pointer, bad) in [
        ("/runs/0/results/1/level", Value::from("fatal")),
        (
            "/runs/0/results/0/locations/0/physicalLocation/region/startColumn",
            Value::from(0),
        ),
        (
            "/runs/0/tool/driver/rules/1/helpUri",
            Value::from("not a uri"),
        ),
        // Why report paths are percent-encoded: a space is not allowed in
        // a URI reference.
        (
            "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri",
            Value::from("reports/西安 2021.yaml"),
        ),
    ] {
        let mut broken = log.clone();
        *broken.pointer_mut(pointer).expect(pointer) = bad;
        assert!(!schema_errors(&validator, &broken).is_empty(), "{pointer}");
    }
}

#[test]
fn every_result_names_a_rule_by_id_and_by_index() {
    let (log, _) = sarif_log();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    // Every rule that ran, in load order (overdue.rules, stp.rules,
    // submitted.rules), then the findings no rule produces.
    assert_eq!(
        ids,
        [
            "STP005",
            "STP001",
            "STP003",
            "STP009",
            "yaml-syntax",
            "empty-report"
        ]
    );
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "{r}");
    }
    let stp009 = &rules[3];
    assert_eq!(
        stp009["shortDescription"]["text"],
        "the report is submitted by the due day"
    );
    assert_eq!(
        stp009["help"]["text"],
        "Write the day the report was submitted, as YYYY-MM-DD."
    );
    assert_eq!(stp009["defaultConfiguration"]["level"], "note");
    assert_eq!(
        stp009["properties"]["tags"],
        serde_json::json!(["deadlines", "submission"])
    );
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "warning");
    assert_eq!(rules[1]["helpUri"], "https://example.org/policy#rate");
}

/// Each expected position was counted by hand in the fixture file.
#[test]
fn results_point_at_the_value_in_code_point_columns() {
    let (log, _) = sarif_log();
    let results = log["runs"][0]["results"].as_array().expect("results");
    let find = |rule: &str, uri: &str| {
        results
            .iter()
            .find(|r| {
                r["ruleId"] == rule
                    && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
            })
            .unwrap_or_else(|| panic!("no {rule} result in {uri}"))
    };
    let region = |r: &Value| {
        let g = &r["locations"][0]["physicalLocation"]["region"];
        [
            &g["startLine"],
            &g["startColumn"],
            &g["endLine"],
            &g["endColumn"],
        ]
        .map(|v| v.as_u64().expect("a number"))
    };

    // hefei.yaml line 14: the deadline `2023-06-30` of HF-010 comes after
    // `数据出境评估` (6 characters, 18 bytes): columns 63..73, not 75..85.
    let overdue = find("STP005", "reports/hefei.yaml");
    assert_eq!(region(overdue), [14, 63, 14, 73]);
    assert_eq!(overdue["level"], "warning");
    assert_eq!(
        overdue["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );

    // 西安.yaml line 17: `submitted: mid-January`; the value is 12..23. A
    // data finding of an info rule is an error of that rule.
    let incomparable = find("STP009", "reports/%E8%A5%BF%E5%AE%89.yaml");
    assert_eq!(region(incomparable), [17, 12, 17, 23]);
    assert_eq!(incomparable["level"], "error");

    // broken.yaml line 4 `  approved: false`: the duplicate key starts at
    // column 3.
    let yaml = find("yaml-syntax", "reports/broken.yaml");
    assert_eq!(region(yaml)[..2], [4, 3]);

    // A finding about the file as a whole covers all of it: empty.yaml is
    // one comment line and its line break, so it ends at 2:1.
    let empty = find("empty-report", "reports/empty.yaml");
    assert_eq!(region(empty), [1, 1, 2, 1]);
}
