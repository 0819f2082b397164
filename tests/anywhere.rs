//! Issue 15: the working directory does not matter. The shipped rules,
//! their schema and their data file are used from a directory outside the
//! checkout and from inside `rules/`, by every command that loads rules;
//! the files a rule file names are found relative to it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A new, empty directory outside the checkout's own folders (the
/// repository's schema is outside it wherever the checkout is).
fn elsewhere(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("anywhere-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// Runs pilotlint in `dir` with `args`: (status, stdout, stderr).
pub(crate) fn run(dir: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(args)
        .output()
        .expect("pilotlint runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Regression (issue 15): from another directory, `check`, `rules` and
/// `test` with the checkout's rules exited 2, "schema
/// `../schema/report.schema.json` is outside the rule root".
#[test]
fn the_shipped_rules_work_from_a_directory_outside_the_checkout() {
    let dir = elsewhere("outside");
    let rules = repo().join("rules");
    let report = repo().join("examples/hefei-2021-h1-plan-not-approved.yaml");
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "check".as_ref(),
            report.as_os_str(),
            "--rules".as_ref(),
            rules.join("service-trade-pilot.rules").as_os_str(),
            "--format".as_ref(),
            "concise".as_ref(),
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.contains("error[STP002]"), "{stdout}");
    // The national pack reads its data file, beside it in the checkout.
    let (code, stdout, stderr) = run(
        &dir,
        &["rules".as_ref(), "--rules".as_ref(), rules.as_os_str()],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("NAT001") && stdout.contains("STP001"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run(&dir, &["test".as_ref(), rules.as_os_str()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Regression (issue 15): inside `rules/`, the schema the packs name
/// (`../schema/...`) was outside the working directory.
#[test]
fn the_shipped_rules_work_from_inside_rules() {
    let dir = repo().join("rules");
    let (code, stdout, stderr) = run(&dir, &["test".as_ref(), ".".as_ref()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "check".as_ref(),
            "../examples/hefei-2021-h1-plan-not-approved.yaml".as_ref(),
            "--rules".as_ref(),
            "service-trade-pilot.rules".as_ref(),
            "--format".as_ref(),
            "concise".as_ref(),
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.starts_with("../examples/hefei-2021-h1-plan-not-approved.yaml:16:13: error[STP002]"),
        "{stdout}"
    );
}

/// Regression (issue 15): outside a checkout, `pilotlint test` said "test
/// path `rules` does not exist" and `test builtin:service-trade-pilot`
/// "does not exist". The packs carry their tests: plain `test` without
/// `./rules` runs every pack's, `builtin:NAME` those whose `rules` name
/// the pack, with the same cases as the files in `rules/`.
#[test]
fn the_builtin_packs_carry_their_tests() {
    let dir = elsewhere("builtin-tests");
    let (code, all, stderr) = run(&dir, &["test".as_ref()]);
    assert_eq!(code, Some(0), "{all}{stderr}");
    let files: Vec<&str> = all.lines().filter(|l| l.starts_with("builtin:")).collect();
    assert_eq!(
        files,
        [
            "builtin:service-trade-pilot.tests.yaml",
            "builtin:demonstration-zone.tests.yaml",
            "builtin:national.tests.yaml",
            "builtin:both-packs.tests.yaml"
        ]
    );
    // The same cases, all passing, as the files on disk.
    let (_, on_disk, _) = run(repo(), &["test".as_ref(), "rules".as_ref()]);
    let summary = |out: &str| out.lines().last().unwrap_or_default().to_string();
    assert_eq!(summary(&all), summary(&on_disk));
    assert!(summary(&all).ends_with(" 0 failed"), "{all}");

    let (code, stp, stderr) = run(
        &dir,
        &["test".as_ref(), "builtin:service-trade-pilot".as_ref()],
    );
    assert_eq!(code, Some(0), "{stp}{stderr}");
    let files: Vec<&str> = stp.lines().filter(|l| l.starts_with("builtin:")).collect();
    assert_eq!(
        files,
        [
            "builtin:service-trade-pilot.tests.yaml",
            "builtin:both-packs.tests.yaml"
        ]
    );
    // The national pack's tests read its embedded registry.
    let (code, national, stderr) = run(
        &dir,
        &[
            "test".as_ref(),
            "builtin:national".as_ref(),
            "--format".as_ref(),
            "junit".as_ref(),
        ],
    );
    assert_eq!(code, Some(0), "{national}{stderr}");
    assert!(
        national.contains("name=\"builtin:national.tests.yaml\""),
        "{national}"
    );
    assert!(!national.contains("<failure"), "{national}");

    let (code, _, stderr) = run(
        &dir,
        &["test".as_ref(), "builtin:servce-trade-pilot".as_ref()],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("did you mean `builtin:service-trade-pilot`?"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `pilotlint test builtin:NAME` runs the embedded copies of the packs'
/// tests: they are the files `rules/*.tests.yaml`, every one and nothing
/// else, and every report file they name is embedded as it is on disk.
#[test]
fn the_embedded_tests_and_their_reports_are_the_files() {
    let mut files: Vec<String> = std::fs::read_dir(repo().join("rules"))
        .expect("rules/ exists")
        .map(|e| {
            e.expect("readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".tests.yaml"))
        .collect();
    files.sort();
    let mut embedded: Vec<String> = pilotlint::builtin::TESTS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    embedded.sort();
    assert_eq!(
        embedded, files,
        "every rules/*.tests.yaml is embedded, and nothing else"
    );
    let mut named = Vec::new();
    for (name, text) in pilotlint::builtin::TESTS {
        let file = std::fs::read_to_string(repo().join("rules").join(name)).expect("UTF-8");
        assert!(
            *text == file,
            "the embedded {name} differs from rules/{name}"
        );
        for line in text.lines() {
            if let Some(path) = line.trim().strip_prefix("report_file:") {
                named.push(path.trim().to_string());
            }
        }
        assert!(
            !text.contains("report_files:"),
            "{name}: embed the files of `report_files` too"
        );
    }
    named.sort();
    named.dedup();
    let mut reports: Vec<String> = pilotlint::builtin::TEST_REPORTS
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    reports.sort();
    assert_eq!(
        reports, named,
        "the embedded reports are those the tests name"
    );
    for (path, text) in pilotlint::builtin::TEST_REPORTS {
        let file = std::fs::read_to_string(repo().join("rules").join(path)).expect("UTF-8");
        assert!(*text == file, "the embedded {path} differs from the file");
    }
}
