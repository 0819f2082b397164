//! What a gate's walk of the tree it checks finds. The submitter lays
//! that tree out, so every file a walk outside a gate passes over by
//! convention (a hidden file, a directory reached through a link) is a
//! place to hide a report in: a gate checks it, or says why not.

use super::{check_json, dir, findings, hefei, write, xian};

/// Regression: a gate skipped hidden files and directories, as a walk
/// outside a gate does (ripgrep's and Ruff's convention), so a submission
/// passed with its failing report named `.hefei.yaml` or moved into a
/// hidden directory, while its configuration's `include` matched it. A
/// gate checks them like any other file, `.git` directories too: no commit
/// can hold `reports/.git/hefei.yaml`, but an upload can, and a `.git`
/// right under the tree checked is no proof of a checkout's own when the
/// gate is run on `submission/reports` (the review found one skipped).
#[test]
fn a_gate_checks_hidden_files_too() {
    let d = dir("hidden");
    let sub = d.join("submission");
    write(&sub, "reports/.hefei.yaml", &hefei());
    write(&sub, "reports/.drafts/hefei.yaml", &hefei());
    write(&sub, ".git/HEAD", "ref: refs/heads/main\n");
    // A `.git` in the reports is no repository's own: an upload can hold one.
    write(&sub, "reports/.git/hefei.yaml", &hefei());
    write(&d, "gate/gate.toml", "include = [\"reports/**/*.yaml\"]\n");
    // The two copies also make NAT003 findings: only STP002's are looked at.
    let (code, json, stderr) = check_json(
        &d,
        &[
            "--gate",
            "--config",
            "gate/gate.toml",
            "--select",
            "STP002",
            "submission",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    let files: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["file"].as_str().expect("file"))
        .collect();
    assert_eq!(
        files,
        [
            "submission/reports/.drafts/hefei.yaml",
            "submission/reports/.git/hefei.yaml",
            "submission/reports/.hefei.yaml"
        ],
        "{json}"
    );
    assert_eq!(findings(&json), vec![("STP002".to_string(), 16); 3]);
    // Without a configuration too, from inside the submission.
    let (code, json, stderr) = check_json(&sub, &["--gate", "--select", "STP002"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(findings(&json).len(), 3, "{json}");
    // And with the reports named: their `.git` is right under the directory
    // checked, and was skipped as a checkout's own.
    let (code, json, stderr) = check_json(&sub, &["--gate", "--select", "STP002", "reports"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(findings(&json).len(), 3, "{json}");
    // Outside a gate, hidden files are left out, as ripgrep and Ruff do.
    let (code, json, stderr) = check_json(&sub, &["--select", "STP002"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no report to check"), "{stderr}");
    assert_eq!(findings(&json), []);
}

/// Regression: a symbolic link to a directory was passed over, as a walk
/// outside a gate does, so `reports/more -> ../stash` put `stash/hefei.yaml`
/// among the reports `include` selects (a script's recursive glob reads
/// `reports/more/hefei.yaml`) while the gate said "No problems in 1 file".
/// A gate does not follow such a link (links can multiply the paths of one
/// file without end): it is a `linked-directory` error on the link, unless
/// the gate's `exclude` names it.
#[cfg(unix)]
#[test]
fn a_gate_refuses_a_linked_directory() {
    let d = dir("linked-directory");
    let sub = d.join("submission");
    write(&sub, "stash/hefei.yaml", &hefei());
    write(&sub, "reports/xian.yaml", &xian());
    std::os::unix::fs::symlink("../stash", sub.join("reports/more")).expect("a link");
    // A link named `.git` is a linked directory like any other.
    std::os::unix::fs::symlink("../stash", sub.join("reports/.git")).expect("a link");
    write(&d, "gate/gate.toml", "include = [\"reports/**/*.yaml\"]\n");
    let (code, json, stderr) =
        check_json(&d, &["--gate", "--config", "gate/gate.toml", "submission"]);
    assert_eq!(code, Some(1), "{stderr}");
    let found = &json["findings"].as_array().expect("findings")[..];
    assert_eq!(found.len(), 2, "{json}");
    for (f, file) in found
        .iter()
        .zip(["submission/reports/.git", "submission/reports/more"])
    {
        assert_eq!(f["code"], "linked-directory");
        assert_eq!(f["file"], file);
        assert_eq!(f["line"], serde_json::Value::Null);
        assert!(
            f["help"].as_str().is_some_and(|h| h.contains("`exclude`")),
            "{json}"
        );
    }
    assert_eq!(json["summary"]["files"], 3, "{json}");
    // The gate's `exclude` names the link: it is left out on purpose.
    write(
        &d,
        "gate/gate.toml",
        "include = [\"reports/**/*.yaml\"]\nexclude = [\"reports/more\", \"reports/.git\"]\n",
    );
    let (code, json, stderr) =
        check_json(&d, &["--gate", "--config", "gate/gate.toml", "submission"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(findings(&json), []);
    // Outside a gate the link is passed over, as ripgrep and Ruff do.
    let (code, json, stderr) = check_json(&sub, &["reports"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(json["summary"]["files"], 1, "{json}");
}

/// Regression (found by a hostile review, 2026-12-07): a symbolic link to
/// nothing among the reports was a note on stderr, and the gate passed
/// (exit 0) with a report it never read. In a gate it is a `not-a-file`
/// error finding on the link, as a FIFO is; so is a loop of links.
#[cfg(unix)]
#[test]
fn a_gate_fails_on_a_link_to_nothing() {
    let d = dir("link-to-nothing");
    let sub = d.join("submission");
    write(&sub, "reports/xian.yaml", &xian());
    std::os::unix::fs::symlink("gone.yaml", sub.join("reports/hefei.yaml")).expect("a link");
    std::os::unix::fs::symlink("b.yaml", sub.join("reports/a.yaml")).expect("a link");
    std::os::unix::fs::symlink("a.yaml", sub.join("reports/b.yaml")).expect("a link");
    let (code, json, stderr) = check_json(&sub, &["--gate", "reports"]);
    assert_eq!(code, Some(1), "{stderr}\n{json}");
    let found: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or(""),
                f["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("reports/a.yaml", "not-a-file"),
            ("reports/b.yaml", "not-a-file"),
            ("reports/hefei.yaml", "not-a-file")
        ],
        "{json}"
    );
    // Outside a gate it is passed over with a note, as before.
    let (code, _, stderr) = check_json(&sub, &["reports"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("`reports/hefei.yaml` is not checked: it is a symbolic link to nothing"),
        "{stderr}"
    );
}

/// Regression (found by a hostile review, 2026-12-07): the documented gate
/// configuration included `reports/**/*.yaml`, so a failing report named
/// `reports/hefei.YML` beside a good one passed (exit 0), while the walk
/// and many readers take every `*.yaml` and `*.yml` in any case. It now
/// includes `reports/**`, and the walk decides what is YAML.
#[test]
fn the_documented_gate_checks_yml_and_any_case() {
    let d = dir("extensions");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    write(&d, "submission/reports/xian.yaml", &xian());
    write(&d, "submission/reports/hefei.YML", &hefei());
    let config = root.join("docs/ci/pilotlint-gate.toml");
    let (code, json, stderr) = check_json(
        &d,
        &[
            "--gate",
            "--config",
            &config.to_string_lossy(),
            "submission",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(findings(&json), [("STP002".to_string(), 16)], "{json}");
    assert_eq!(json["findings"][0]["file"], "submission/reports/hefei.YML");
}
