//! `pilotlint.toml` through the real binary, in the fixture repository
//! `fixtures/config/repo/` (rules `XA1` error, `XA2` warning turned info by
//! `[severity]`, `XA3` disabled; `include = ["reports/**/*.yaml"]`,
//! `exclude = ["reports/**/draft-*"]`, `fail_on = "info"`). Expected
//! findings are worked out by hand from the fixture files. Bad
//! configurations are `fixtures/cli/config-*` cases (snapshots).

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/repo")
}

/// `pilotlint ARGS` in `dir`: the exit status, stdout and stderr.
pub(crate) fn pilotlint(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("pilotlint runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `(file, line, column, rule, severity)` of every finding of a JSON run.
fn findings(json: &str) -> Vec<(String, u64, u64, String, String)> {
    let v: Value = serde_json::from_str(json).expect("JSON output");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn f(file: &str, line: u64, col: u64, rule: &str, sev: &str) -> (String, u64, u64, String, String) {
    (file.into(), line, col, rule.into(), sev.into())
}

#[test]
fn check_without_arguments_checks_the_included_reports_against_the_configured_rules() {
    let (code, out, err) = pilotlint(&repo(), &["check", "--format", "json"]);
    // draft-bad.yaml is excluded, .github/ is hidden; XA3 (count(measures)
    // is 0 in bad.yaml) is disabled; XA2 is info; fail_on = "info".
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        findings(&out),
        [
            f("reports/2021/bad.yaml", 1, 1, "XA2", "info"),
            f("reports/2021/bad.yaml", 1, 11, "XA1", "error"),
            f("reports/xian.yaml", 1, 1, "XA2", "info"),
        ]
    );
}

#[test]
fn the_configuration_is_found_from_a_subdirectory_and_paths_stay_relative_to_it() {
    let (code, out, err) = pilotlint(&repo().join("sub"), &["check", "--format", "json"]);
    assert_eq!(code, Some(1), "{err}");
    let files: Vec<String> = findings(&out).into_iter().map(|f| f.0).collect();
    assert_eq!(
        files,
        [
            "../reports/2021/bad.yaml",
            "../reports/2021/bad.yaml",
            "../reports/xian.yaml"
        ]
    );
}

#[test]
fn command_line_flags_override_the_file() {
    // fail_on = "info" in the file: xian.yaml's one info finding fails...
    let (code, _, _) = pilotlint(&repo(), &["check", "reports/xian.yaml"]);
    assert_eq!(code, Some(1));
    // ...unless --fail-on says otherwise.
    let (code, _, _) = pilotlint(
        &repo(),
        &["check", "reports/xian.yaml", "--fail-on", "error"],
    );
    assert_eq!(code, Some(0));
    // --rules replaces the file's rules...
    let (code, out, err) = pilotlint(
        &repo(),
        &[
            "check",
            "reports/xian.yaml",
            "--rules",
            "rules/xa.rules",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, Some(0), "{out}{err}");
    // ...and the file's `disable` and `[severity]` must still name loaded
    // rules: the built-in packs have no XA2 or XA3.
    let (code, _, err) = pilotlint(
        &repo(),
        &[
            "check",
            "reports/xian.yaml",
            "--rules",
            "builtin:service-trade-pilot",
        ],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown rule `XA3`"), "{err}");
    assert!(err.contains("unknown rule `XA2`"), "{err}");
}

#[test]
fn no_config_ignores_the_file() {
    let (code, out, err) = pilotlint(
        &repo(),
        &["check", "reports", "--no-config", "--format", "json"],
    );
    // Every rule at its written severity, every report.
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        findings(&out),
        [
            f("reports/2021/bad.yaml", 1, 1, "XA2", "warning"),
            f("reports/2021/bad.yaml", 1, 11, "XA1", "error"),
            f("reports/2021/bad.yaml", 2, 1, "XA3", "error"),
            f("reports/2021/draft-bad.yaml", 1, 1, "XA2", "warning"),
            // No `measures`: missing, at the document's first key.
            f("reports/2021/draft-bad.yaml", 1, 1, "XA3", "error"),
            f("reports/2021/draft-bad.yaml", 1, 11, "XA1", "error"),
            f("reports/xian.yaml", 1, 1, "XA2", "warning"),
        ]
    );
}

#[test]
fn named_files_are_filtered_by_include_and_exclude_like_found_ones() {
    // What pre-commit passes: every changed YAML file.
    let (code, out, err) = pilotlint(
        &repo(),
        &[
            "check",
            ".github/workflows/ci.yml",
            "reports/2021/draft-bad.yaml",
            "reports/2021/bad.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    let files: Vec<String> = findings(&out).into_iter().map(|f| f.0).collect();
    assert_eq!(files, ["reports/2021/bad.yaml", "reports/2021/bad.yaml"]);
}

#[test]
fn when_every_named_file_is_excluded_nothing_is_checked_and_that_is_said() {
    let (code, out, err) = pilotlint(
        &repo(),
        &[
            "check",
            ".github/workflows/ci.yml",
            "reports/2021/draft-bad.yaml",
        ],
    );
    // A commit that changes only a workflow must not fail; the note says
    // that nothing was checked, and why.
    assert_eq!(code, Some(0));
    assert_eq!(out, "");
    assert_eq!(
        err,
        "nothing to check: the 2 files named are excluded by `pilotlint.toml` \
         (its `include` and `exclude`, or a hidden path)\n"
    );
}

#[test]
fn a_walk_that_finds_nothing_included_still_fails() {
    // A gate pointed at a directory with no included report checked
    // nothing: exit 2, as without a configuration.
    let (code, _, err) = pilotlint(&repo(), &["check", "rules"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no report to check"), "{err}");
}

#[test]
fn sarif_rules_carry_the_configured_levels_and_not_the_disabled_rule() {
    let (_, out, err) = pilotlint(&repo(), &["check", "--format", "sarif"]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let rules: Vec<(&str, &str)> = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default(),
                r["defaultConfiguration"]["level"]
                    .as_str()
                    .unwrap_or_default(),
            )
        })
        .filter(|(id, _)| id.starts_with("XA"))
        .collect();
    assert_eq!(rules, [("XA1", "error"), ("XA2", "note")]);
}

#[test]
fn rules_and_explain_show_the_configured_severities() {
    let (code, out, _) = pilotlint(&repo(), &["rules"]);
    assert_eq!(code, Some(0));
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().take(2).collect())
        .collect();
    assert_eq!(
        rows,
        [["XA1", "error"], ["XA2", "info"], ["XA3", "disabled"]]
    );
    let (_, out, _) = pilotlint(&repo(), &["explain", "XA2"]);
    assert!(
        out.contains("severity: info (set by `pilotlint.toml`; the rule says warning)\n"),
        "{out}"
    );
    let (_, out, _) = pilotlint(&repo(), &["explain", "XA3"]);
    assert!(
        out.contains("severity: disabled by `pilotlint.toml`\n"),
        "{out}"
    );
}

#[test]
fn config_names_a_file_anywhere_and_its_paths_are_relative_to_it() {
    let dir = repo();
    let (code, out, err) = pilotlint(
        &dir.join("sub"),
        &["check", "--config", "../pilotlint.toml", "--format", "json"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(findings(&out).len(), 3);
}

#[test]
fn the_example_in_docs_config_md_is_a_valid_configuration() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.md"))
        .expect("docs/config.md");
    let examples: Vec<&str> = doc
        .split("```toml\n")
        .skip(1)
        .map(|s| s.split("```").next().unwrap_or_default())
        .collect();
    assert!(!examples.is_empty(), "docs/config.md has a ```toml example");
    let (data, examples): (Vec<&str>, Vec<&str>) =
        examples.into_iter().partition(|e| e.contains("[data]"));
    // The `[data]` example: the shipped registry where it says, and the
    // national examples as the reports; NAT001 points into that file
    // (`Harbin`, line 15, column 9, as in the shipped registry).
    assert_eq!(data.len(), 1, "docs/config.md has a `[data]` example");
    for example in data {
        let dir = tempdir("config-doc-data");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::write(dir.join("pilotlint.toml"), example).expect("write");
        std::fs::create_dir_all(dir.join("registry")).expect("mkdir");
        std::fs::copy(
            root.join("rules/data/pilot-areas.yaml"),
            dir.join("registry/pilot-areas.yaml"),
        )
        .expect("copy");
        std::fs::create_dir_all(dir.join("reports")).expect("mkdir");
        for entry in std::fs::read_dir(root.join("examples/national")).expect("examples") {
            let path = entry.expect("an entry").path();
            std::fs::copy(
                &path,
                dir.join("reports").join(path.file_name().expect("a name")),
            )
            .expect("copy");
        }
        let (code, out, err) = pilotlint(&dir, &["check", "reports", "--format", "concise"]);
        assert_eq!(code, Some(1), "{example}\n{err}");
        assert!(
            out.contains("registry/pilot-areas.yaml:15:9: error[NAT001]"),
            "{out}"
        );
    }
    for example in examples {
        let dir = tempdir("config-doc");
        std::fs::write(dir.join("pilotlint.toml"), example).expect("write");
        let (code, out, err) = pilotlint(&dir, &["rules"]);
        assert_eq!(code, Some(0), "{example}\n{err}");
        // What the example says it does.
        let row = |id: &str, sev: &str| {
            out.lines()
                .any(|l| l.split_whitespace().take(2).eq([id, sev]))
        };
        assert!(row("DZ006", "disabled"), "{out}");
        assert!(row("STP011", "warning"), "{out}");
        // `ignore = ["docking"]`: the rules with that tag are not run.
        assert!(
            row("DZ001", "disabled") && row("DZ002", "disabled"),
            "{out}"
        );
        assert!(row("DZ003", "error") || row("DZ003", "warning"), "{out}");
    }
}

/// A fresh directory under the target directory.
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

#[test]
fn a_config_file_that_cannot_be_read_stops_the_run() {
    let (code, out, err) = pilotlint(&repo(), &["check", "--config", "missing.toml"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(
        err.contains("configuration file `missing.toml` does not exist"),
        "{err}"
    );
    let (code, _, err) = pilotlint(&repo(), &["check", "--config", "reports"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("cannot read configuration file `reports`"),
        "{err}"
    );
}

/// `[data]` gives the built-in national pack a registry of the
/// configuration's own: a gate lists its areas without copying the pack.
/// examples/national with a registry of its three areas, Harbin first:
/// NAT001 (Harbin has no report for the second half of 2022) points at
/// `Harbin` in that registry, line 1, column 9 (`- name: Harbin`, the
/// file's first line). A name
/// no rule file declares, and a file that does not exist, are errors.
#[test]
fn data_gives_a_built_in_pack_the_configuration_s_registry() {
    let dir = national_with_registry();
    let config = |data: &str| {
        std::fs::write(
            dir.path().join("pilotlint.toml"),
            format!("include = [\"reports/*.yaml\"]\n\n[data]\n{data}\n"),
        )
        .unwrap();
    };
    config("areas = \"registry.yaml\"");
    let (code, out, err) = pilotlint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, Some(1), "{err}");
    let nat001: Vec<_> = findings(&out)
        .into_iter()
        .filter(|f| f.3 == "NAT001")
        .collect();
    assert_eq!(
        nat001,
        [(
            "registry.yaml".to_string(),
            1,
            9,
            "NAT001".to_string(),
            "error".to_string()
        )]
    );
    config("area = \"registry.yaml\"");
    let (code, _, err) = pilotlint(dir.path(), &["check"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no rule file declares data `area`"), "{err}");
    assert!(err.contains("did you mean `areas`?"), "{err}");
    config("areas = \"nope.yaml\"");
    let (code, _, err) = pilotlint(dir.path(), &["check"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("data file `nope.yaml` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("pilotlint.toml's `[data]` reads `nope.yaml` for `areas`"),
        "{err}"
    );
}

/// examples/national in `reports/`, beside `registry.yaml`, a registry of
/// its three areas with Harbin first.
fn national_with_registry() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/national");
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path().join("reports").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("registry.yaml"),
        "- name: Harbin\n  province: Heilongjiang\n  code: Harbin\n\
         - name: Weihai\n  province: Shandong\n  code: Weihai\n\
         - name: Changchun\n  province: Jilin\n  code: Changchun\n",
    )
    .unwrap();
    dir
}

/// `--data NAME=FILE` does what `[data]` does, for one run, and replaces
/// its entry of the same name: NAT001 points into the flag's registry
/// (line 1, column 9, as above), whatever `[data]` says. A name no rule
/// file declares, and a flag that is not NAME=FILE, are errors (exit 2).
#[test]
fn the_data_flag_gives_a_pack_a_registry_for_one_run() {
    let dir = national_with_registry();
    std::fs::write(
        dir.path().join("pilotlint.toml"),
        "include = [\"reports/*.yaml\"]\n\n[data]\nareas = \"nope.yaml\"\n",
    )
    .unwrap();
    let (code, out, err) = pilotlint(
        dir.path(),
        &["check", "--format", "json", "--data", "areas=registry.yaml"],
    );
    assert_eq!(code, Some(1), "{err}");
    let nat001: Vec<_> = findings(&out)
        .into_iter()
        .filter(|f| f.3 == "NAT001")
        .map(|f| (f.0, f.1, f.2))
        .collect();
    assert_eq!(nat001, [("registry.yaml".to_string(), 1, 9)]);
    std::fs::write(
        dir.path().join("pilotlint.toml"),
        "include = [\"reports/*.yaml\"]\n",
    )
    .unwrap();
    let (code, _, err) = pilotlint(dir.path(), &["check", "--data", "area=registry.yaml"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("`--data`: no rule file declares data `area`"),
        "{err}"
    );
    assert!(err.contains("did you mean `areas`?"), "{err}");
    let (code, _, err) = pilotlint(dir.path(), &["check", "--data", "areas=nope.yaml"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("data file `nope.yaml` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("`--data areas=nope.yaml` names it, relative to the working directory"),
        "{err}"
    );
    for bad in ["registry.yaml", "=registry.yaml", "areas="] {
        let (code, _, err) = pilotlint(dir.path(), &["check", "--data", bad]);
        assert_eq!(code, Some(2), "{bad}");
        assert!(err.contains("is not NAME=FILE"), "{bad}: {err}");
    }
}
