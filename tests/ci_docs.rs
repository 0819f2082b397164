//! The CI files README.md shows ("Use it as a CI gate"): the GitHub
//! Actions workflow `docs/ci/github-workflow.yml`, the GitLab CI job
//! `docs/ci/gitlab-ci.yml` and the pre-commit configuration
//! `docs/ci/pre-commit-config.yaml`. README shows exactly these files; each
//! is YAML that validates against its real schema (vendored in
//! `fixtures/ci/`, see its README), and every `pilotlint` command line in
//! the workflow and the job runs here, on the shipped examples, with the
//! exit status the files' comments promise and an output file that the
//! next step can use (the SARIF log and the Code Quality report valid
//! against their schemas).

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml(path: &str) -> Value {
    serde_saphyr::from_str(&read(path)).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"))
}

fn validate(schema: &str, doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&read(schema)).expect("the schema is JSON");
    let validator = jsonschema::options()
        .build(&schema)
        .expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

const FILES: [&str; 4] = [
    "docs/ci/github-workflow.yml",
    "docs/ci/gitlab-ci.yml",
    "docs/ci/pre-commit-config.yaml",
    "docs/ci/pilotlint-gate.toml",
];

#[test]
fn the_readme_shows_exactly_the_tested_files() {
    let readme = read("README.md");
    for file in FILES {
        let lang = if file.ends_with(".toml") {
            "toml"
        } else {
            "yaml"
        };
        let block = format!("```{lang}\n{}```\n", read(file));
        assert!(
            readme.contains(&block),
            "README.md does not show {file} as it is; copy it into the README"
        );
    }
}

#[test]
fn the_github_workflow_is_valid_against_the_schemastore_schema() {
    let errors = validate(
        "tests/fixtures/ci/github-workflow.json",
        &yaml("docs/ci/github-workflow.yml"),
    );
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_gitlab_job_is_valid_against_gitlabs_ci_schema() {
    let errors = validate(
        "tests/fixtures/ci/gitlab-ci.json",
        &yaml("docs/ci/gitlab-ci.yml"),
    );
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_schemas_reject_a_broken_file() {
    // The schemas are not so loose that anything passes: a permission
    // level that does not exist, an artifact `when` that does not either.
    let mut workflow = yaml("docs/ci/github-workflow.yml");
    workflow["permissions"]["security-events"] = Value::from("sometimes");
    assert!(!validate("tests/fixtures/ci/github-workflow.json", &workflow).is_empty());
    let mut job = yaml("docs/ci/gitlab-ci.yml");
    job["pilotlint"]["artifacts"]["when"] = Value::from("sometimes");
    assert!(!validate("tests/fixtures/ci/gitlab-ci.json", &job).is_empty());
}

/// The `pilotlint ...` lines of the workflow's `run` steps and the job's
/// `script`, as argument lists (they use no shell quoting). Both run in the
/// checkout of the submission (the workflow's `working-directory`, the
/// job's project directory), with the gate's settings in `../gate`.
fn command_lines() -> Vec<(String, Vec<String>)> {
    let mut lines = Vec::new();
    let workflow = yaml("docs/ci/github-workflow.yml");
    for step in workflow["jobs"]["pilotlint"]["steps"]
        .as_array()
        .expect("steps")
    {
        if let Some(run) = step["run"].as_str() {
            if run.starts_with("pilotlint ") {
                assert_eq!(step["working-directory"], "submission", "{step}");
            }
            lines.extend(run.lines().map(|l| ("github".to_string(), l.to_string())));
        }
    }
    let job = yaml("docs/ci/gitlab-ci.yml");
    for line in job["pilotlint"]["script"].as_array().expect("script") {
        lines.push((
            "gitlab".to_string(),
            line.as_str().expect("a line").to_string(),
        ));
    }
    lines
        .into_iter()
        .filter(|(_, l)| l.starts_with("pilotlint ") && !l.ends_with(SUMMARY))
        .map(|(ci, l)| {
            assert!(!l.contains(['"', '\'', '$', '|']), "shell syntax in `{l}`");
            (ci, l.split_whitespace().skip(1).map(String::from).collect())
        })
        .collect()
}

/// How the workflow's summary step appends its output to the job summary.
const SUMMARY: &str = " >> \"$GITHUB_STEP_SUMMARY\"";

/// The arguments of the workflow's one command line that appends to the
/// job summary (issue 17), without the redirection.
fn summary_line() -> Vec<String> {
    let workflow = yaml("docs/ci/github-workflow.yml");
    let steps = workflow["jobs"]["pilotlint"]["steps"]
        .as_array()
        .expect("steps");
    let lines: Vec<&Value> = steps
        .iter()
        .filter(|s| s["run"].as_str().is_some_and(|r| r.ends_with(SUMMARY)))
        .collect();
    let [step] = lines[..] else {
        panic!("one step appends to the job summary: {lines:?}")
    };
    // It runs also when the check failed, where the summary matters most.
    assert_eq!(step["if"], "always()", "{step}");
    assert_eq!(step["working-directory"], "submission", "{step}");
    let run = step["run"].as_str().expect("run");
    let line = run.strip_suffix(SUMMARY).expect("the redirection");
    assert!(
        !line.contains(['"', '\'', '$', '|', '>']),
        "shell syntax in `{line}`"
    );
    line.split_whitespace().skip(1).map(String::from).collect()
}

/// A gate's checkouts in a fresh directory: `gate/` with the documented
/// pilotlint-gate.toml, and `submission/` with `reports` from the shipped
/// examples and a pilotlint.toml of the submitter's that would exclude
/// every report (a gate must not read it).
fn repository(name: &str, examples: &[&str]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let submission = dir.join("submission");
    std::fs::create_dir_all(submission.join("reports")).expect("mkdir");
    std::fs::create_dir_all(dir.join("gate")).expect("mkdir");
    std::fs::copy(
        root().join("docs/ci/pilotlint-gate.toml"),
        dir.join("gate/pilotlint-gate.toml"),
    )
    .expect("copy the gate's settings");
    for e in examples {
        std::fs::copy(
            root().join("examples").join(e),
            submission.join("reports").join(e),
        )
        .expect("copy an example");
    }
    std::fs::write(
        submission.join("pilotlint.toml"),
        "exclude = [\"**\"]\nfail_on = \"never\"\n",
    )
    .expect("write");
    submission
}

fn run(dir: &Path, args: &[String]) -> Option<i32> {
    Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .status()
        .expect("pilotlint runs")
        .code()
}

/// The file a command line writes with `--output`.
fn output_file(args: &[String]) -> &str {
    let i = args.iter().position(|a| a == "--output").expect("--output");
    &args[i + 1]
}

#[test]
fn the_command_lines_fail_on_planted_violations_and_write_their_report() {
    let lines = command_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    for (ci, args) in lines {
        let dir = repository(
            &format!("ci-{ci}-bad"),
            &["xian-2021-h2.yaml", "hefei-2021-h1-plan-not-approved.yaml"],
        );
        assert_eq!(run(&dir, &args), Some(1), "{ci}: {args:?}");
        let out: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(output_file(&args))).expect("the output file"),
        )
        .expect("JSON");
        match ci.as_str() {
            "github" => {
                let errors = validate("tests/fixtures/sarif/sarif-2.1.0.json", &out);
                assert!(errors.is_empty(), "{errors:#?}");
                let results = out["runs"][0]["results"].as_array().expect("results");
                assert!(results.iter().any(|r| r["ruleId"] == "STP002"), "{out}");
                assert!(results.iter().all(|r| {
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        == "reports/hefei-2021-h1-plan-not-approved.yaml"
                }));
            }
            _ => {
                // GitLab Code Quality, against the schema tests/gitlab.rs
                // uses (fixtures/gitlab/), with paths from the repository.
                let errors = validate("tests/fixtures/gitlab/codequality.schema.json", &out);
                assert!(errors.is_empty(), "{errors:#?}");
                let issues = out.as_array().expect("a JSON list");
                assert!(issues.iter().any(|i| i["check_name"] == "STP002"), "{out}");
                for issue in issues {
                    assert_eq!(
                        issue["location"]["path"],
                        "reports/hefei-2021-h1-plan-not-approved.yaml"
                    );
                }
            }
        }
    }
}

#[test]
fn the_command_lines_pass_a_good_report() {
    for (ci, args) in command_lines() {
        let dir = repository(&format!("ci-{ci}-good"), &["xian-2021-h2.yaml"]);
        assert_eq!(run(&dir, &args), Some(0), "{ci}: {args:?}");
        assert!(dir.join(output_file(&args)).is_file());
    }
}

#[test]
fn the_gate_refuses_suppressions_in_the_reports() {
    // Both command lines are gates: a submitter who adds
    // `# pilotlint: ignore[STP002] ...` is still rejected.
    for (ci, args) in command_lines() {
        let dir = repository(&format!("ci-{ci}-suppressed"), &[]);
        let report = read("examples/hefei-2021-h1-plan-not-approved.yaml").replace(
            "  approved: false\n",
            "  approved: false # pilotlint: ignore[STP002] trust us\n",
        );
        assert!(report.contains("trust us"));
        std::fs::write(dir.join("reports/hefei.yaml"), report).expect("write");
        assert_eq!(run(&dir, &args), Some(1), "{ci}: {args:?}");
    }
}

/// The summary step's command writes the verdict and the failing report's
/// finding, linked to its line, as markdown on standard output (what the
/// step appends to `$GITHUB_STEP_SUMMARY`); a good report is accepted.
#[test]
fn the_summary_step_writes_the_verdict_and_the_findings_in_markdown() {
    let args = summary_line();
    assert!(
        args.windows(2).any(|w| w == ["--format", "markdown"]),
        "{args:?}"
    );
    let summary = |dir: &Path| {
        let out = Command::new(get_cargo_bin("pilotlint"))
            .current_dir(dir)
            .args(&args)
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_SERVER_URL")
            .output()
            .expect("pilotlint runs");
        (
            out.status.code(),
            String::from_utf8(out.stdout).expect("UTF-8"),
        )
    };
    let bad = repository(
        "ci-summary-bad",
        &["xian-2021-h2.yaml", "hefei-2021-h1-plan-not-approved.yaml"],
    );
    let (code, md) = summary(&bad);
    assert_eq!(code, Some(1), "{md}");
    assert!(
        md.starts_with("## pilotlint: ✗ not accepted: 1 finding at or above `error`"),
        "{md}"
    );
    assert!(md.contains("| `STP002` | "), "{md}");
    assert!(
        md.contains("[`reports/hefei-2021-h1-plan-not-approved.yaml:16`](reports/hefei-2021-h1-plan-not-approved.yaml#L16)"),
        "{md}"
    );
    let good = repository("ci-summary-good", &["xian-2021-h2.yaml"]);
    let (code, md) = summary(&good);
    assert_eq!(code, Some(0), "{md}");
    assert!(md.starts_with("## pilotlint: ✓ accepted"), "{md}");
    assert!(!md.contains("### Reports that fail the run"), "{md}");
}
