//! `--format junit` is valid against junit-10.xsd, the JUnit XML schema
//! pytest checks its own output against (vendored with its licences in
//! `fixtures/junit/`). Each folder `fixtures/junit/<case>/` is one run:
//! `pilotlint check reports --rules rules.rules --format junit`, validated
//! with `xmllint --noout --schema`.
//!
//! xmllint (Debian: libxml2-utils) is not a Rust dependency. Without it the
//! tests say so loudly and pass, so `cargo test` works on a fresh machine;
//! with PILOTLINT_REQUIRE_XMLLINT set (as `.ci/run` sets it) they fail
//! instead, so CI cannot skip the validation unnoticed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/junit")
}

/// Whether xmllint can run; when it cannot, panics if it is required and
/// otherwise prints why the validation is skipped.
pub(crate) fn xmllint_available() -> bool {
    if Command::new("xmllint").arg("--version").output().is_ok() {
        return true;
    }
    if std::env::var_os("PILOTLINT_REQUIRE_XMLLINT").is_some() {
        panic!(
            "PILOTLINT_REQUIRE_XMLLINT is set but `xmllint` cannot be run: install libxml2-utils"
        );
    }
    // Straight to the process's stderr: the test harness captures
    // `eprintln!` of a passing test, and this note must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** NOTE: `xmllint` is not installed: the JUnit output was NOT validated \
         against junit-10.xsd. Install libxml2-utils (Debian) to run this check; \
         .ci/run requires it. ***\n"
    );
    false
}

/// xmllint's verdict on `xml` against junit-10.xsd: `Ok` or its messages.
pub(crate) fn validate(xml: &[u8], name: &str) -> Result<(), String> {
    let file =
        std::env::temp_dir().join(format!("pilotlint-junit-{name}-{}.xml", std::process::id()));
    std::fs::write(&file, xml).expect("a temporary file");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(fixtures().join("junit-10.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint runs");
    let _ = std::fs::remove_file(&file);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn junit_of(case: &Path) -> (Option<i32>, Vec<u8>) {
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(case)
        .env_remove("GITHUB_ACTIONS")
        .args([
            "check",
            "reports",
            "--rules",
            "rules.rules",
            "--format",
            "junit",
        ])
        .output()
        .expect("pilotlint runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "{}",
        case.display()
    );
    (out.status.code(), out.stdout)
}

#[test]
fn every_case_is_valid_against_junit_10_xsd() {
    if !xmllint_available() {
        return;
    }
    let mut cases = 0;
    insta::glob!("fixtures/junit/*/rules.rules", |rules| {
        let case = rules.parent().expect("a case folder");
        let name = case.file_name().expect("a name").to_string_lossy();
        let (code, xml) = junit_of(case);
        let expected = if name == "clean" { 0 } else { 1 };
        assert_eq!(code, Some(expected), "{name}");
        if let Err(e) = validate(&xml, &name) {
            panic!("{name}: {e}\n{}", String::from_utf8_lossy(&xml));
        }
        cases += 1;
    });
    assert_eq!(cases, 4);
}

/// The validation can fail: the two attributes pilotlint wrote before it
/// was checked against the schema (`skipped` on `<testsuites>`, `file` on
/// `<testcase>`) are each rejected.
#[test]
fn the_schema_rejects_what_pilotlint_no_longer_writes() {
    if !xmllint_available() {
        return;
    }
    let (_, xml) = junit_of(&fixtures().join("findings"));
    let xml = String::from_utf8(xml).expect("UTF-8");
    assert!(validate(xml.as_bytes(), "as-is").is_ok());
    let skipped = xml.replacen("errors=\"0\">", "errors=\"0\" skipped=\"0\">", 1);
    assert!(skipped.contains(
        "<testsuites name=\"pilotlint\" tests=\"7\" failures=\"3\" errors=\"0\" skipped=\"0\">"
    ));
    assert!(validate(skipped.as_bytes(), "skipped").is_err());
    let file = xml.replacen(
        "classname=\"reports/fine.yaml\"",
        "classname=\"reports/fine.yaml\" file=\"reports/fine.yaml\"",
        1,
    );
    assert_ne!(file, xml);
    assert!(validate(file.as_bytes(), "file").is_err());
}

/// The suites and cases of the multiple-documents case: one suite for the
/// file, one case per rule, failing with a finding per failing document.
#[test]
fn a_file_with_several_documents_is_one_suite() {
    let (_, xml) = junit_of(&fixtures().join("multiple-documents"));
    let xml = String::from_utf8(xml).expect("UTF-8");
    assert_eq!(xml.matches("<testsuite ").count(), 1, "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 2, "{xml}");
    // Documents 1 and 3 fail A1 (a is 2, then 3); 2 and 3 fail B1.
    assert!(
        xml.contains("message=\"2 findings, the first: a is &lt;2&gt;"),
        "{xml}"
    );
    assert!(
        xml.contains("reports/two-periods.yaml:1:4: error[A1]"),
        "{xml}"
    );
    assert!(
        xml.contains("reports/two-periods.yaml:7:4: error[A1]"),
        "{xml}"
    );
    assert!(
        xml.contains("reports/two-periods.yaml:5:4: warning[B1]"),
        "{xml}"
    );
    assert!(
        xml.contains("reports/two-periods.yaml:8:4: warning[B1]"),
        "{xml}"
    );
}

/// `pilotlint test --format junit` is valid too: passing cases, failed
/// cases (their diagnostics as text) and test files that could not be run
/// (an `<error>` each), from the CLI fixtures of the human listing.
#[test]
fn rule_tests_as_junit_are_valid_against_junit_10_xsd() {
    if !xmllint_available() {
        return;
    }
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
    for (case, args, status) in [
        ("test-pass", &[][..], 0),
        ("test-fail", &["checks/area.tests.yaml"][..], 1),
        ("test-some-files-broken", &[][..], 2),
    ] {
        let out = Command::new(get_cargo_bin("pilotlint"))
            .current_dir(cli.join(case))
            .env("NO_COLOR", "1")
            .arg("test")
            .args(args)
            .args(["--format", "junit"])
            .output()
            .expect("pilotlint runs");
        assert_eq!(out.status.code(), Some(status), "{case}");
        if let Err(e) = validate(&out.stdout, case) {
            panic!("{case}: {e}\n{}", String::from_utf8_lossy(&out.stdout));
        }
    }
}
