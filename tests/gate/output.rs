//! Outputs that tell the truth, whatever a submission holds: a run that
//! fails says so in every machine-readable format, and a file name cannot
//! forge a line of output or reach the terminal as an escape sequence.

use super::{Value, dir, pilotlint, write};

/// Regression: a run that exits 2 (a named path missing) wrote outputs that
/// looked clean. Every machine-readable format says the run failed.
#[test]
fn a_failed_run_says_so_in_every_machine_readable_format() {
    let d = dir("failed-run");
    write(&d, "good.yaml", "program: service-trade-pilot-2020\n");
    write(
        &d,
        "r.rules",
        "rule N \"named\" {\n    require exists(program)\n}\n",
    );
    let run = |format: &str| {
        let out = pilotlint(
            &d,
            &[
                "check",
                "good.yaml",
                "gone.yaml",
                "--rules",
                "r.rules",
                "--format",
                format,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        out.stdout
    };
    let json: Value = serde_json::from_slice(&run("json")).expect("JSON");
    assert_eq!(json["summary"]["failures"], 1);
    assert_eq!(json["failures"][0]["path"], "gone.yaml");
    assert_eq!(
        json["failures"][0]["message"],
        "report path `gone.yaml` does not exist"
    );

    let sarif: Value = serde_json::from_slice(&run("sarif")).expect("SARIF");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["message"]["text"],
        "report path `gone.yaml` does not exist"
    );
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "gone.yaml"
    );
    let validator = crate::sarif::validator();
    assert_eq!(
        crate::sarif::schema_errors(&validator, &sarif),
        Vec::<String>::new()
    );

    let gitlab: Value = serde_json::from_slice(&run("gitlab")).expect("Code Quality");
    let issue = gitlab
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["check_name"] == "run-failure")
        .expect("a run-failure issue");
    assert_eq!(issue["severity"], "blocker");
    assert_eq!(issue["location"]["path"], "gone.yaml");
    let validator = crate::gitlab::validator();
    assert_eq!(
        crate::gitlab::schema_errors(&validator, &gitlab),
        Vec::<String>::new()
    );

    let junit = run("junit");
    let text = String::from_utf8_lossy(&junit);
    assert!(text.contains("errors=\"1\""), "{text}");
    assert!(
        text.contains(
            "<error type=\"run-failure\" message=\"report path `gone.yaml` does not exist\"/>"
        ),
        "{text}"
    );
    if crate::junit::xmllint_available() {
        crate::junit::validate(&junit, "failed-run").expect("valid JUnit");
    }

    let github = String::from_utf8_lossy(&run("github")).into_owned();
    assert!(
        github.contains(
            "::error file=gone.yaml,title=pilotlint::report path `gone.yaml` does not exist"
        ),
        "{github}"
    );

    // And when nothing at all is checked, JSON still says why.
    let out = pilotlint(&d, &["check", "gone.yaml", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON even so");
    assert_eq!(json["summary"]["files"], 0);
    assert_eq!(json["summary"]["failures"], 1, "{json}");
    let empty = dir("failed-run-empty");
    let out = pilotlint(&empty, &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON even so");
    assert_eq!(json["failures"][0]["path"], Value::Null);
    assert!(
        json["failures"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("no report to check")),
        "{json}"
    );
}

/// Regression: a file named `a\n::notice file=x::forged\n.yaml` injected a
/// line that GitHub runners execute as a workflow command, and ESC
/// sequences in a name reached the terminal.
#[cfg(unix)]
#[test]
fn file_names_cannot_forge_output() {
    let d = dir("names");
    write(&d, "a\n::notice file=x::forged\n.yaml", "program: x\n");
    write(&d, "esc\u{1b}[31mred.yaml", "program: x\n");
    write(
        &d,
        "r.rules",
        "rule N \"named\" {\n    require exists(name)\n}\n",
    );
    for format in [
        "human", "concise", "github", "json", "sarif", "junit", "gitlab",
    ] {
        let out = pilotlint(
            &d,
            &["check", ".", "--rules", "r.rules", "--format", format],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.lines().any(|l| l.starts_with("::notice")),
            "{format}: {stdout}"
        );
        assert!(!stdout.contains('\u{1b}'), "{format}: {stdout}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
        assert_eq!(out.status.code(), Some(1), "{format}");
    }
    let out = pilotlint(
        &d,
        &["check", ".", "--rules", "r.rules", "--format", "concise"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("a\\n::notice file=x::forged\\n.yaml:1:1: error[N]"),
        "{stdout}"
    );
    assert!(stdout.contains("esc\\u{1b}[31mred.yaml"), "{stdout}");
}

/// Regression: file names were escaped in every output, but a report's
/// values were not: a measure id or a status written in double quotes
/// with `\n`, `\e` or `\u202e` escapes reached the concise and GitHub
/// lines and the human format's messages as escape sequences for the
/// terminal or the CI log (a cleared screen, a line moved up over a
/// finding, text shown reversed), and a value's line break made the human
/// message a line of its own. The human format's snippets printed the
/// report's lines as they are: a raw ESC in a file the YAML parser refuses
/// (its `yaml-syntax` finding shows the line), a raw U+202E in a comment of
/// one it reads. A value's line break is escaped as file names are; a
/// value with an escape sequence or U+202E, and a U+202E anywhere, is
/// refused (`invisible-character`), its message quoting none of it; a
/// snippet shows such characters as `?`, `¿` or U+FFFD.
#[test]
fn report_values_cannot_forge_output() {
    let d = dir("values");
    write(
        &d,
        "r.yaml",
        "program: x\n\
         id: \"HF\\n::error file=f.yaml::forged\"\n\
         status: bogus\n",
    );
    write(&d, "u.yaml", "status: ok # \u{202e} reversed\n");
    write(&d, "s.yaml", "status: bogus\u{1b}]0;t\u{7}\u{1b}[2J\n");
    write(
        &d,
        "t.yaml",
        "id: \"x\\e[2J\\e]0;t\\a\\u009b1A\\u202eRTL\"\n",
    );
    write(
        &d,
        "r.rules",
        "rule N \"named\" {\n    require status == \"ok\"\n        else \"{id} is {status}\"\n}\n",
    );
    for format in ["human", "concise", "github", "markdown", "junit"] {
        let out = pilotlint(
            &d,
            &[
                "check", ".", "--rules", "r.rules", "--format", format, "--color", "never",
            ],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{format}: {stdout}");
        assert!(stdout.contains("forged"), "{format}: {stdout}");
        assert!(
            !stdout
                .lines()
                .any(|l| l.trim_start().starts_with("::error file=f")),
            "{format}: {stdout}"
        );
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!stdout.contains(c), "{format} shows {c:?}: {stdout}");
        }
    }
    let out = pilotlint(
        &d,
        &["check", ".", "--rules", "r.rules", "--format", "concise"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("r.yaml:3:9: error[N] HF\\n::error file=f.yaml::forged is bogus"),
        "{stdout}"
    );
    assert!(
        stdout.contains("u.yaml:1:14: error[invisible-character] the report holds a bidirectional"),
        "{stdout}"
    );
    assert!(
        stdout.contains("s.yaml:1:9: error[yaml-syntax]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("t.yaml:1:5: error[invisible-character] a key or value holds the control character U+001B"),
        "{stdout}"
    );
    let out = pilotlint(
        &d,
        &["check", ".", "--rules", "r.rules", "--color", "never"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("status: ok # \u{fffd} reversed"),
        "{stdout}"
    );
    assert!(stdout.contains("status: bogus?]0;t??[2J"), "{stdout}");
}
