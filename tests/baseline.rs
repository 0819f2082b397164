//! A baseline through the real binary: `--write-baseline` records the
//! findings (the documented file, written whole), `--baseline` hides them
//! (not shown, not counted, exit 0) also after edits elsewhere in a report,
//! shows new ones, and says in every format which entries no longer match
//! anything; a gate refuses a baseline from the tree it checks. The base
//! report is examples/hefei-2021-h1-plan-not-approved.yaml, which the
//! built-in packs fail with STP002 (`approved: false`) and nothing else.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insta_cmd::get_cargo_bin;
use serde_json::Value;

fn hefei() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hefei-2021-h1-plan-not-approved.yaml"),
    )
    .expect("the example")
}

/// A fresh directory `name` under the test's temporary directory, with
/// `reports/hefei.yaml` in it.
fn repo(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("baseline")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).expect("mkdir");
    std::fs::write(dir.join("reports/hefei.yaml"), hefei()).expect("write");
    dir
}

fn pilotlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("pilotlint runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `check ARGS --format json`: the exit status, the JSON and stderr.
fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = pilotlint(dir, &all);
    let stderr = text(&out.stderr);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (out.status.code(), value, stderr)
}

fn rules_of(json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("a rule").to_string())
        .collect()
}

/// The fingerprint GitLab's report gives the one STP002 finding: the
/// baseline records the same one.
fn gitlab_fingerprint(dir: &Path) -> String {
    let out = pilotlint(dir, &["reports", "--format", "gitlab"]);
    let issues: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    issues[0]["fingerprint"]
        .as_str()
        .expect("a fingerprint")
        .to_string()
}

#[test]
fn a_baseline_is_the_documented_file_and_hides_what_it_records() {
    let d = repo("records");
    let out = pilotlint(&d, &["reports", "--write-baseline", "base.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout, b"", "the findings are not printed");
    assert_eq!(
        text(&out.stderr),
        "wrote the baseline `base.json`: 1 finding\n"
    );
    let written = std::fs::read_to_string(d.join("base.json")).expect("written");
    // One finding a line, the keys README.md documents; the fingerprint is
    // the GitLab report's.
    let fingerprint = gitlab_fingerprint(&d);
    assert_eq!(
        written,
        format!(
            "{{\n  \"version\": 1,\n  \"findings\": [\n    {{\"fingerprint\":\"{fingerprint}\",\
             \"file\":\"reports/hefei.yaml\",\"rule\":\"STP002\",\
             \"data_path\":\"implementation_plan.approved\",\
             \"message\":\"the implementation plan is not approved\"}}\n  ]\n}}\n"
        )
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&d)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let (code, json, stderr) = check_json(&d, &["reports", "--baseline", "base.json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(rules_of(&json), Vec::<String>::new());
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(
        stderr,
        "note: 1 finding of the baseline `base.json` is not shown\n"
    );
}

/// The fingerprint leaves out lines and values: a report edited above its
/// known finding, and with the failing value changed, still passes; a new
/// finding is shown and fails the run.
#[test]
fn known_findings_stay_hidden_after_edits_and_new_ones_fail() {
    let d = repo("edits");
    let out = pilotlint(&d, &["reports", "--write-baseline", "base.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let edited = hefei()
        .replacen(
            "program:",
            "# revised after the province's review\nprogram:",
            1,
        )
        .replace("approved: false", "approved: no");
    assert_ne!(edited, hefei());
    std::fs::write(d.join("reports/hefei.yaml"), &edited).expect("write");
    let (code, json, stderr) = check_json(&d, &["reports", "--baseline", "base.json"]);
    assert_eq!((code, rules_of(&json)), (Some(0), vec![]), "{stderr}");

    // A second problem of the same rule elsewhere in the report is new.
    let worse = edited.replace("  drafted_with:", "  drafted_by:");
    assert_ne!(worse, edited);
    std::fs::write(d.join("reports/hefei.yaml"), &worse).expect("write");
    let (code, json, stderr) = check_json(&d, &["reports", "--baseline", "base.json"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(rules_of(&json), ["STP002"]);
    assert_eq!(json["findings"][0]["data_path"], "implementation_plan");
    assert_eq!(json["findings"][0]["message"], "`drafted_with` is missing");
}

/// An entry whose finding is gone is an `unused-baseline` info note on its
/// file, in every format, which does not change the exit status; an entry
/// of a file this run did not check is not one.
#[test]
fn an_entry_that_matches_nothing_is_a_note_in_every_format() {
    let d = repo("unused");
    std::fs::write(d.join("reports/other.yaml"), hefei()).expect("write");
    let out = pilotlint(&d, &["reports", "--write-baseline", "base.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::write(
        d.join("reports/hefei.yaml"),
        hefei().replace(
            "approved: false",
            "approved: true\n  approved_on: 2020-12-20",
        ),
    )
    .expect("write");

    let (code, json, stderr) = check_json(&d, &["reports", "--baseline", "base.json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let [note] = &json["findings"].as_array().expect("findings")[..] else {
        panic!("{json}")
    };
    assert_eq!(note["rule"], "unused-baseline");
    assert_eq!(note["severity"], "info");
    assert_eq!(note["file"], "reports/hefei.yaml");
    assert_eq!(note["line"], Value::Null);
    assert_eq!(
        note["message"],
        "the baseline's finding of `STP002` at `implementation_plan.approved` is gone: \
         \"the implementation plan is not approved\""
    );
    assert_eq!(json["summary"]["files"], 2);
    // --fail-on info: the note is about the baseline, not a report.
    let (code, ..) = check_json(
        &d,
        &["reports", "--baseline", "base.json", "--fail-on", "info"],
    );
    assert_eq!(code, Some(0));

    let shows = |format: &str, needle: &str| {
        let out = pilotlint(
            &d,
            &["reports", "--baseline", "base.json", "--format", format],
        );
        let stdout = text(&out.stdout);
        assert!(stdout.contains(needle), "--format {format}: {stdout}");
        assert_eq!(out.status.code(), Some(0), "--format {format}");
    };
    shows("human", "unused-baseline");
    shows(
        "concise",
        "reports/hefei.yaml: info[unused-baseline] the baseline's finding of `STP002`",
    );
    shows("github", "::notice file=reports/hefei.yaml,");
    shows("sarif", "\"ruleId\": \"unused-baseline\"");
    shows("junit", "unused-baseline");
    shows("gitlab", "\"check_name\": \"unused-baseline\"");

    // Checking the other file alone says nothing about hefei.yaml's entry.
    let (code, json, _) = check_json(&d, &["reports/other.yaml", "--baseline", "base.json"]);
    assert_eq!((code, rules_of(&json)), (Some(0), vec![]));
}

/// A baseline in pilotlint.toml (relative to its directory) is used like
/// `--baseline`.
#[test]
fn the_configuration_names_a_baseline() {
    let d = repo("config");
    std::fs::create_dir_all(d.join("ci")).expect("mkdir");
    let out = pilotlint(&d, &["reports", "--write-baseline", "ci/base.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::write(d.join("pilotlint.toml"), "baseline = \"ci/base.json\"\n").expect("write");
    let (code, json, stderr) = check_json(&d, &["reports"]);
    assert_eq!((code, rules_of(&json)), (Some(0), vec![]), "{stderr}");
}

/// Regression (a gap named with issue 15): a baseline's file names were
/// those the run showed, relative to the working directory, so a run from
/// a subdirectory (`../reports/hefei.yaml`) matched none of the entries
/// written at the top (`reports/hefei.yaml`). Names are now relative to
/// the configuration's directory: the finding stays hidden from `sub/`,
/// and a baseline written there is the one written at the top, byte for
/// byte.
#[test]
fn a_baseline_matches_from_a_subdirectory_of_the_repository() {
    let d = repo("subdirectory");
    std::fs::create_dir_all(d.join("sub")).expect("mkdir");
    std::fs::write(
        d.join("pilotlint.toml"),
        "include = [\"reports/*.yaml\"]\nbaseline = \"base.json\"\n",
    )
    .expect("write");
    let out = pilotlint(&d, &["--write-baseline", "base.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let top = std::fs::read_to_string(d.join("base.json")).expect("written");
    assert!(top.contains("\"file\":\"reports/hefei.yaml\""), "{top}");
    let (code, json, stderr) = check_json(&d.join("sub"), &[]);
    assert_eq!((code, rules_of(&json)), (Some(0), vec![]), "{stderr}");
    assert!(
        stderr.contains("1 finding of the baseline `../base.json` is not shown"),
        "{stderr}"
    );
    let out = pilotlint(&d.join("sub"), &["--write-baseline", "../again.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let again = std::fs::read_to_string(d.join("again.json")).expect("written");
    assert_eq!(again, top);
}

/// Nothing is written unless every report was checked, and a baseline that
/// is not one is refused with exit 2.
#[test]
fn an_incomplete_run_writes_no_baseline_and_a_bad_baseline_is_refused() {
    let d = repo("incomplete");
    std::fs::write(d.join("base.json"), "old\n").expect("write");
    let out = pilotlint(
        &d,
        &["reports", "gone.yaml", "--write-baseline", "base.json"],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        text(&out.stderr).contains("the baseline `base.json` was not written"),
        "{out:?}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("base.json")).expect("readable"),
        "old\n"
    );

    for (text_of_file, says) in [
        (
            "old\n",
            "baseline `base.json` cannot be read: expected value at line 1 column 1",
        ),
        (
            "{\"version\": 2, \"findings\": []}",
            "it is version 2, this pilotlint reads version 1",
        ),
        ("{\"version\": 1}", "missing field `findings`"),
    ] {
        std::fs::write(d.join("base.json"), text_of_file).expect("write");
        let out = pilotlint(&d, &["reports", "--baseline", "base.json"]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
        assert_eq!(out.stdout, b"");
    }
    let out = pilotlint(&d, &["reports", "--baseline", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("baseline `missing.json` does not exist"));
}

/// The fingerprints of GitLab's issues, in order.
fn gitlab_fingerprints(dir: &Path, more: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["reports", "--format", "gitlab"];
    args.extend_from_slice(more);
    let out = pilotlint(dir, &args);
    let issues: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    issues
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| {
            let field = |k: &str| i[k].as_str().expect("a string").to_string();
            (field("check_name"), field("fingerprint"))
        })
        .collect()
}

/// Regression: with `--baseline`, GitLab's fingerprints were counted among
/// the findings shown, so a new finding of a rule, at the same data path
/// as a hidden one, took the hidden one's fingerprint (GitLab would have
/// taken it for the old issue). A finding keeps the fingerprint it has
/// without the baseline.
#[test]
fn hidden_findings_do_not_change_the_fingerprints_of_the_others() {
    let d = repo("fingerprints");
    let unused = "# pilotlint: ignore[STP005] the deadline was moved\n";
    let one = hefei().replacen("report:", &format!("{unused}report:"), 1);
    std::fs::write(d.join("reports/hefei.yaml"), &one).expect("write");
    let out = pilotlint(&d, &["reports", "--write-baseline", "base.json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // A second unused suppression: a suppression finding has no data path,
    // so both have the same path, check and data path.
    let two = one.replacen("summary:", &format!("{unused}summary:"), 1);
    std::fs::write(d.join("reports/hefei.yaml"), &two).expect("write");
    let all = gitlab_fingerprints(&d, &[]);
    let unused_issues: Vec<&(String, String)> = all
        .iter()
        .filter(|(check, _)| check == "unused-suppression")
        .collect();
    assert_eq!(unused_issues.len(), 2, "{all:?}");
    let shown = gitlab_fingerprints(&d, &["--baseline", "base.json"]);
    assert_eq!(shown, [unused_issues[1].clone()]);
}

// -- A gate's baseline -----------------------------------------------------

/// Moves `d`'s reports into `d/submission/`, and writes their baseline as
/// `submission/base.json`: a submission that brings its own baseline.
fn submission_with_its_baseline(d: &Path) -> PathBuf {
    let sub = d.join("submission");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::rename(d.join("reports"), sub.join("reports")).expect("move");
    let out = pilotlint(
        d,
        &["submission", "--write-baseline", "submission/base.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    sub
}

/// Regression: a gate took `--baseline submission/base.json`, a file of the
/// submission, which could list every finding the submitter wanted hidden.
/// A gate refuses a baseline inside the directory it checks.
#[test]
fn a_gate_refuses_a_baseline_inside_the_checked_tree() {
    let d = repo("gate-inside");
    let sub = submission_with_its_baseline(&d);
    let out = pilotlint(
        &d,
        &["--gate", "submission", "--baseline", "submission/base.json"],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // miette wraps the message (`│` begins the next line); the words are
    // these.
    let stderr = text(&out.stderr);
    let words: Vec<&str> = stderr
        .split_whitespace()
        .filter(|w| !["×", "│"].contains(w))
        .collect();
    assert_eq!(
        words[..16].join(" "),
        "a gate does not take a baseline from the tree it checks: \
         `submission/base.json` is inside `submission`",
        "{out:?}"
    );
    // Files named: the tree is the working directory.
    let out = pilotlint(
        &sub,
        &["--gate", "reports/hefei.yaml", "--baseline", "base.json"],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // Outside the tree, the gate's own baseline is used.
    std::fs::rename(sub.join("base.json"), d.join("gate.json")).expect("move");
    let (code, json, stderr) = check_json(&d, &["--gate", "submission", "--baseline", "gate.json"]);
    assert_eq!((code, rules_of(&json)), (Some(0), vec![]), "{stderr}");
}

/// A gate's configuration may name a baseline only outside the tree too;
/// and a path into the tree is refused whether it is in the tree as
/// written (a link there leads where the submitter wants) or once links
/// are resolved.
#[cfg(unix)]
#[test]
fn a_gate_refuses_a_baseline_reached_through_the_tree_or_from_its_configuration_inside_it() {
    let d = repo("gate-config");
    let sub = submission_with_its_baseline(&d);
    std::fs::write(d.join("gate.toml"), "baseline = \"submission/base.json\"\n").expect("write");
    let out = pilotlint(&d, &["--gate", "--config", "gate.toml", "submission"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(text(&out.stderr).contains("a gate does not take a baseline"));

    // A baseline outside the tree, named through a link inside it.
    std::fs::rename(sub.join("base.json"), d.join("gate.json")).expect("move");
    std::os::unix::fs::symlink(d.join("gate.json"), sub.join("link.json")).expect("symlink");
    let out = pilotlint(
        &d,
        &["--gate", "submission", "--baseline", "submission/link.json"],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let (code, _, stderr) = check_json(&d, &["--gate", "submission", "--baseline", "gate.json"]);
    assert_eq!(code, Some(0), "{stderr}");
    // And one inside it, named through a link outside.
    std::fs::rename(d.join("gate.json"), sub.join("base.json")).expect("move");
    std::os::unix::fs::symlink(sub.join("base.json"), d.join("outside.json")).expect("symlink");
    let out = pilotlint(&d, &["--gate", "submission", "--baseline", "outside.json"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}
