//! What a gate reads only from outside the tree it checks: its
//! configuration, its rule files (from `--rules` or the configuration),
//! the schemas and data files they name, and the configuration's `[data]`.
//! The submitter controls that tree, so each would let them decide the
//! verdict; each is refused there, as written or once links are resolved,
//! and read from outside it.

use std::path::Path;

use super::{dir, pilotlint, write};

/// `pilotlint ARGS` in `d/submission`: the exit status, stdout, stderr.
fn in_submission(d: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = pilotlint(&d.join("submission"), args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The gate's run on `d/submission`, with the settings
/// `d/gate/pilotlint-gate.toml` holds.
const GATE: &[&str] = &[
    "check",
    "--gate",
    "--config",
    "../gate/pilotlint-gate.toml",
    ".",
    "--format",
    "concise",
];

/// Regression (found 2026-12-07, when `[data]` came): a gate's
/// configuration could name a registry inside the submission, and the
/// submitter could then leave their own area out of it (no report of it
/// missing, no id checked against its code). A gate refuses a data file
/// inside the tree it checks, as written or once links are resolved, as
/// it refuses a baseline there; one outside is read.
#[test]
fn a_gate_refuses_a_data_file_inside_the_checked_tree() {
    let d = dir("data-in-tree");
    let national = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/national");
    for entry in std::fs::read_dir(&national).expect("the examples") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a report");
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        write(&d, &format!("submission/reports/{name}"), &text);
    }
    let registry = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/data/pilot-areas.yaml"),
    )
    .expect("the registry");
    write(&d, "submission/registry.yaml", &registry);
    write(&d, "gate/registry.yaml", &registry);
    let gate = |areas: &str| {
        write(
            &d,
            "gate/pilotlint-gate.toml",
            &format!("include = [\"reports/**/*.yaml\"]\n\n[data]\nareas = \"{areas}\"\n"),
        );
        in_submission(&d, GATE)
    };
    // As written: the submission's own file.
    let (code, out, err) = gate("../submission/registry.yaml");
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(
        err.contains("a gate does not take a data file from the tree it checks"),
        "{err}"
    );
    // Once links are resolved: a link beside the gate's settings that
    // leads into the submission.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            d.join("submission/registry.yaml"),
            d.join("gate/linked.yaml"),
        )
        .expect("a link");
        let (code, _, err) = gate("linked.yaml");
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("a gate does not take a data file"), "{err}");
    }
    // The gate's own file is read: Harbin's missing report is NAT001 at
    // its entry, line 15, column 9 of the registry.
    let (code, out, err) = gate("registry.yaml");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        out.contains("gate/registry.yaml:15:9: error[NAT001]"),
        "{out}"
    );
    // `--data` is held to the same: the submission's file is refused, the
    // gate's own read.
    let (code, out, err) = in_submission(&d, &[GATE, &["--data", "areas=registry.yaml"]].concat());
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(
        err.contains("a gate does not take a data file from the tree it checks"),
        "{err}"
    );
    let (code, out, err) = in_submission(
        &d,
        &[GATE, &["--data", "areas=../gate/registry.yaml"]].concat(),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        out.contains("gate/registry.yaml:15:9: error[NAT001]"),
        "{out}"
    );
}

/// Regression (found 2026-12-07, after `[data]`): a gate's rules could come
/// from the submission, named by the gate's configuration or `--rules`; a
/// rule file of the gate could name a data file in the submission; and
/// `--config` could name a file in it. The submitter would then write the
/// rules, the registry or the settings the gate checks with. The report
/// fails STP002 with the built-in packs; rules in the submission that pass
/// anything made the gate say "no problems", and `fail_on = "never"` in
/// a configuration there made it exit 0.
#[test]
fn a_gate_refuses_rules_and_what_they_read_inside_the_checked_tree() {
    let d = dir("rules-in-tree");
    let hefei = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hefei-2021-h1-plan-not-approved.yaml"),
    )
    .expect("the example");
    write(&d, "submission/reports/hefei.yaml", &hefei);
    write(
        &d,
        "submission/rules/pass.rules",
        "rule X \"x\" {\n    require true\n}\n",
    );
    write(&d, "submission/registry.yaml", "- name: Hefei\n");
    let run = |args: &[&str]| in_submission(&d, args);
    let gate = |config: &str| {
        write(&d, "gate/pilotlint-gate.toml", config);
        run(GATE)
    };
    // The configuration itself, in the submission.
    write(&d, "submission/mine.toml", "fail_on = \"never\"\n");
    let (code, out, err) = run(&["check", "--gate", "--config", "mine.toml", "."]);
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(
        err.contains("a gate does not take its configuration from the tree it checks: `mine.toml`"),
        "{err}"
    );
    // The configuration's rules, in the submission.
    let (code, out, err) = gate("rules = [\"../submission/rules\"]\n");
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(
        err.contains(
            "a gate does not take rule files from the tree it checks: `../submission/rules`"
        ),
        "{err}"
    );
    // `--rules`, in the submission.
    let (code, _, err) = run(&["check", "--gate", "--rules", "rules", "."]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("a gate does not take rule files"), "{err}");
    // The gate's own rule file, naming a data file in the submission.
    write(
        &d,
        "gate/rules/areas.rules",
        "data areas \"../../submission/registry.yaml\"\nrule A \"a\" {\n    require count(areas) > 0\n}\n",
    );
    let (code, _, err) = gate("rules = [\"rules\"]\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("a gate does not take a data file from the tree it checks"),
        "{err}"
    );
    // The gate's own rules and data, outside: read, and the report checked.
    write(&d, "gate/registry.yaml", "- name: Hefei\n");
    write(
        &d,
        "gate/rules/areas.rules",
        "data areas \"../registry.yaml\"\nrule A \"a\" {\n    require count(areas) > 1\n}\n",
    );
    let (code, out, err) = gate("rules = [\"rules\"]\n");
    assert_eq!(code, Some(1), "{err}");
    assert!(out.contains("error[A]"), "{out}");
}
