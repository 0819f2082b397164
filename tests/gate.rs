//! The gate holds: every way a hostile submitter got a bad report past
//! `pilotlint check`, hung it or made its output look clean, reproduced
//! through the real binary, one regression test each. The base report is
//! examples/hefei-2021-h1-plan-not-approved.yaml, which the built-in packs
//! fail with STP002 (`approved: false`) and nothing else.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insta_cmd::get_cargo_bin;
use serde_json::Value;

// Outputs that tell the truth: a failed run, forged file names.
mod output;
// What a gate reads only from outside the tree it checks: rule files, the
// files they name, `[data]`.
mod reads;
// What a gate's walk of the tree finds: hidden files, linked directories.
mod walk;
// What YAML 1.1 and 1.2 readers read differently: refused.
mod yaml;

/// examples/xian-2021-h2.yaml, a report with no finding of its own.
fn xian() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xian-2021-h2.yaml"),
    )
    .expect("the example")
}

fn hefei() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hefei-2021-h1-plan-not-approved.yaml"),
    )
    .expect("the example")
}

/// A fresh directory `name` under the test's temporary directory.
fn dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("gate")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn pilotlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .expect("pilotlint runs")
}

/// `check ARGS --format json`: the exit status and the JSON document.
fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = pilotlint(dir, &all);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("JSON ({e}): {stderr}"));
    (out.status.code(), json, stderr)
}

/// `(rule, line)` of every finding in `json`.
fn findings(json: &Value) -> Vec<(String, u64)> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().expect("rule").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

// -- Suppressions that should not work -----------------------------------

/// Regression: a `#` inside a quoted string of a JSON-style flow mapping
/// (no space after the colon) was read as a suppression comment, and the
/// report passed with `approved: false`.
#[test]
fn a_hash_in_a_json_style_string_is_not_a_suppression() {
    let d = dir("json-style");
    let report = hefei().replace(
        "implementation_plan:\n  drafted_with: \"Anhui Provincial People's Government\"\n  submitted_for_approval: 2020-11-20\n  approved: false\n",
        "implementation_plan: {\"drafted_with\":\"Anhui # pilotlint: ignore[STP002] approved by phone\", \"submitted_for_approval\": 2020-11-20, \"approved\": false}\n",
    );
    assert!(report.contains("approved by phone"), "the edit applies");
    write(&d, "r.yaml", &report);
    let (code, json, _) = check_json(&d, &["r.yaml"]);
    assert_eq!(code, Some(1));
    assert!(findings(&json).iter().any(|(r, _)| r == "STP002"), "{json}");

    // Across lines: the string goes on after a line break.
    let report = hefei().replace(
        "implementation_plan:\n  drafted_with: \"Anhui Provincial People's Government\"\n  submitted_for_approval: 2020-11-20\n  approved: false\n",
        "implementation_plan: {\"drafted_with\":\"Anhui\n  # pilotlint: ignore-file[STP002] approved by phone\", \"submitted_for_approval\": 2020-11-20, \"approved\": false}\n",
    );
    assert!(report.contains("approved by phone"), "the edit applies");
    write(&d, "r.yaml", &report);
    let (code, json, _) = check_json(&d, &["r.yaml"]);
    assert_eq!(code, Some(1));
    assert!(findings(&json).iter().any(|(r, _)| r == "STP002"), "{json}");
}

/// Regression: the text of a block-scalar document (`--- |` and an
/// indented `# pilotlint: ignore-file[...]`) was read as a comment.
#[test]
fn the_text_of_a_block_scalar_document_is_not_a_suppression() {
    let d = dir("block-document");
    let report = format!(
        "{}--- |\n  # pilotlint: ignore-file[STP002, STP011] approved by phone\n",
        hefei()
    );
    write(&d, "r.yaml", &report);
    let (code, json, _) = check_json(&d, &["r.yaml"]);
    assert_eq!(code, Some(1));
    assert!(findings(&json).iter().any(|(r, _)| r == "STP002"), "{json}");
}

/// Regression: `ignore-file[...]` silenced `incomparable` and
/// `type-mismatch` findings, which no rule's requirement wrote.
#[test]
fn a_suppression_silences_only_what_a_rule_found() {
    let d = dir("data-findings");
    write(
        &d,
        "r.rules",
        "rule T1 \"t\" {\n    require period.end <= 2021-12-31\n}\n\
         rule T2 \"u\" {\n    require count(name) > 0\n}\n",
    );
    write(
        &d,
        "r.yaml",
        "# pilotlint: ignore-file[T1, T2] the checks do not apply\nperiod: {end: 17}\nname: x\n",
    );
    let (code, json, _) = check_json(&d, &["r.yaml", "--rules", "r.rules"]);
    assert_eq!(code, Some(1), "{json}");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"incomparable"), "{codes:?}");
    assert!(codes.contains(&"type-mismatch"), "{codes:?}");
}

/// Regression: a file with CR-only line ends (a lone CR is a line break in
/// YAML 1.2) was one line to pilotlint: a suppression on its first line
/// silenced a finding twelve YAML lines away, every finding sat on line 1
/// at a huge column, and a syntax error lost its position.
#[test]
fn a_lone_cr_is_a_line_break_for_suppressions_and_positions() {
    let d = dir("cr-only");
    let report = hefei()
        .replace(
            "report: progress\n",
            "report: progress # pilotlint: ignore[STP002] approved by phone\n",
        )
        .replace('\n', "\r");
    write(&d, "r.yaml", &report);
    let (code, json, _) = check_json(&d, &["r.yaml"]);
    assert_eq!(code, Some(1));
    // The comment covers its own line, 4; `approved: false` is on line 16.
    let f = &json["findings"];
    let stp002 = f
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "STP002")
        .expect("STP002 is not silenced");
    assert_eq!(
        (&stp002["line"], &stp002["column"]),
        (&16.into(), &13.into())
    );
    assert!(
        f.as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "unused-suppression" && f["line"] == 4),
        "{json}"
    );
    write(&d, "bad.yaml", "a: 1\rb: 2\rc: [1, 2\rd: 4\r");
    let (code, json, _) = check_json(&d, &["bad.yaml"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["findings"][0]["code"], "yaml-syntax");
    assert!(
        json["findings"][0]["line"].as_u64().is_some_and(|l| l >= 3),
        "{json}"
    );
}

// -- A gate mode ----------------------------------------------------------

/// A submission with everything a submitter controls: a pilotlint.toml
/// that excludes the bad report and turns inline ignores on, a
/// `rules/empty.rules` with no rules, a .gitignore hiding the report, and
/// an inline suppression in it.
fn hostile_submission(name: &str) -> PathBuf {
    let d = dir(name);
    let sub = d.join("submission");
    write(
        &sub,
        "pilotlint.toml",
        "rules = [\"rules\"]\nexclude = [\"reports/**\"]\ninline_ignores = true\n",
    );
    write(&sub, "rules/empty.rules", "# nothing to see\n");
    write(&sub, ".gitignore", "reports/\n");
    write(
        &sub,
        "reports/hefei.yaml",
        &hefei().replace(
            "  approved: false\n",
            "  approved: false # pilotlint: ignore[STP002] approved by phone\n",
        ),
    );
    d
}

/// Without --gate, the submission's own settings let its bad report pass:
/// the reason for --gate.
#[test]
fn without_the_gate_a_submission_chooses_its_settings() {
    let d = hostile_submission("no-gate");
    let out = pilotlint(&d.join("submission"), &["check"]);
    assert_ne!(out.status.code(), Some(1), "{out:?}");
}

/// Regression: a gate config with no `rules` key loaded the submission's
/// `rules/empty.rules`, and a gate config's `include` was matched against
/// the config's directory, so every report was excluded: "nothing to
/// check", exit 0. With --gate, the gate's settings and the built-in packs
/// hold, the submission's pilotlint.toml, ./rules, .gitignore and
/// suppression have no say.
#[test]
fn the_gate_takes_its_settings_from_the_gate() {
    let d = hostile_submission("gate");
    write(&d, "gate/gate.toml", "include = [\"reports/**/*.yaml\"]\n");
    let (code, json, stderr) =
        check_json(&d, &["--gate", "--config", "gate/gate.toml", "submission"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(findings(&json), [("STP002".to_string(), 16)], "{json}");
    assert_eq!(json["findings"][0]["file"], "submission/reports/hefei.yaml");
    // The refused suppression says so.
    assert!(
        json["findings"][0]["help"]
            .as_str()
            .is_some_and(|h| h.contains("was not applied")),
        "{json}"
    );
    // Without --config, no pilotlint.toml is looked for, from anywhere.
    let (code, json, stderr) = check_json(&d.join("submission"), &["--gate"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(findings(&json), [("STP002".to_string(), 16)]);
}

/// Regression: a symbolic link in the submission to a runner's file
/// (a 0600 file with a token) was read and its line shown in the output.
/// A gate refuses a link leading outside the checked tree, and never reads
/// it; a link inside the tree is followed.
#[cfg(unix)]
#[test]
fn a_gate_never_reads_a_link_leading_outside_the_tree() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let d = dir("link-out");
    write(&d, "runner/secrets.yaml", "oauth_token: s3cr3t-t0ken\n");
    std::fs::set_permissions(
        d.join("runner/secrets.yaml"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    write(&d, "submission/reports/hefei.yaml", &hefei());
    symlink(
        d.join("runner/secrets.yaml"),
        d.join("submission/reports/secrets.yaml"),
    )
    .expect("a link");
    symlink("hefei.yaml", d.join("submission/reports/again.yaml")).expect("a link");
    for format in ["json", "human", "concise", "sarif"] {
        let out = pilotlint(&d, &["check", "--gate", "submission", "--format", format]);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("s3cr3t"), "{format}: {all}");
        assert!(all.contains("outside-tree"), "{format}: {all}");
        assert_eq!(out.status.code(), Some(1), "{format}: {all}");
    }
    // The link inside the tree is the same file as hefei.yaml: checked
    // once, under the name the sorted walk meets first.
    let (_, json, _) = check_json(&d, &["--gate", "submission"]);
    let files: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["file"].as_str().expect("file"))
        .collect();
    assert!(
        files.contains(&"submission/reports/again.yaml"),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| f.ends_with("hefei.yaml")),
        "{files:?}"
    );
}

// -- Bounded cost -----------------------------------------------------------

/// Regression (found by a hostile review, 2026-12-07): a rule across
/// reports had a budget of 5,000,000 steps per report, so rules that
/// compare every report of an area with every other (HIS001, HIS002,
/// NAT003) ran to the end however many reports one area had: 32,000
/// reports of three lines each (98 KB compressed) kept a gate busy for 214 s,
/// four times as long for each doubling. The budget now grows with the
/// values the set keeps (100 steps each, over a base of 5,000,000): 2,000
/// such reports, 12,000 values, give each rule 6,200,000 steps, and the
/// three rules stop there with `eval-limit` (the gate fails), while the
/// benchmark's 2,000 real reports use a twentieth of theirs.
#[test]
fn rules_across_reports_are_bounded_by_the_size_of_the_set() {
    let d = dir("quadratic-set");
    for file in 0..2 {
        let docs: Vec<String> = (0..1000)
            .map(|i| {
                let day = file * 1000 + i;
                format!(
                    "program: service-trade-pilot-2020\narea: {{name: W}}\nperiod: {{end: {}-{:02}-{:02}}}\n",
                    1000 + day / 336,
                    day % 336 / 28 + 1,
                    day % 28 + 1
                )
            })
            .collect();
        write(&d, &format!("reports/r{file}.yaml"), &docs.join("---\n"));
    }
    let (code, json, stderr) = check_json(
        &d,
        &[
            "reports",
            "--rules",
            "builtin:national",
            "--select",
            "HIS001,HIS002,NAT003",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    let mut stopped: Vec<(String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "eval-limit")
        .map(|f| {
            (
                f["rule"].as_str().expect("rule").to_string(),
                f["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    stopped.sort();
    let want: Vec<(String, String)> = ["HIS001", "HIS002", "NAT003"]
        .iter()
        .map(|r| {
            (
                r.to_string(),
                format!("rule `{r}` was stopped after 6200000 evaluation steps"),
            )
        })
        .collect();
    assert_eq!(stopped, want);
}

/// Regression: `--threads 5000` started 5,000 threads for one report.
/// The pool is capped at four threads per CPU, with a note; `0` is a
/// sentence, not clap's words about a Rust type.
#[test]
fn threads_are_capped_and_zero_is_explained() {
    let d = dir("threads");
    write(&d, "r.yaml", "program: x\n");
    let out = pilotlint(&d, &["check", "r.yaml", "--threads", "5000"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("note: checking with "), "{stderr}");
    assert!(stderr.contains("not 5000"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
    let out = pilotlint(&d, &["check", "r.yaml", "--threads", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`0` is not allowed here: give 1 or more"),
        "{stderr}"
    );
}

/// Regression: a 1.2 MB report could produce 142 MB of output. At most
/// `--max-findings` findings of a report are shown (1,000 by default),
/// then a note; the summary and the exit status count them all.
#[test]
fn the_findings_shown_of_one_report_are_capped() {
    let d = dir("max-findings");
    write(
        &d,
        "r.rules",
        "rule M \"m\" {\n    each m in measures {\n        require m.ok == true\n    }\n}\n",
    );
    let measures: String = (0..1500)
        .map(|i| format!("  - {{id: m{i}, ok: false}}\n"))
        .collect();
    write(&d, "r.yaml", &format!("measures:\n{measures}"));
    let (code, json, _) = check_json(&d, &["r.yaml", "--rules", "r.rules"]);
    assert_eq!(code, Some(1));
    let shown = json["findings"].as_array().expect("findings");
    assert_eq!(shown.len(), 1001);
    assert_eq!(shown[1000]["code"], "findings-not-shown");
    assert_eq!(shown[1000]["severity"], "info");
    assert_eq!(
        shown[1000]["message"],
        "500 more findings in this file are not shown"
    );
    assert_eq!(json["summary"]["errors"], 1500);
    let (_, json, _) = check_json(&d, &["r.yaml", "--rules", "r.rules", "--max-findings", "3"]);
    assert_eq!(json["findings"].as_array().expect("findings").len(), 4);
}

/// Regression: `--max-file-size 1kb` was refused although the help says a
/// lowercase unit works.
#[test]
fn sizes_take_lowercase_units() {
    let d = dir("size");
    write(
        &d,
        "r.yaml",
        &format!("program: x\nnote: {}\n", "x".repeat(2000)),
    );
    let (code, json, stderr) = check_json(&d, &["r.yaml", "--max-file-size", "1kb"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(json["findings"][0]["code"], "file-too-large");
}
