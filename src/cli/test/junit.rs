//! `pilotlint test --format junit`: the rule tests as JUnit XML, so a CI
//! system shows them beside its other test reports. A test suite per test
//! file and a test case per case; a failed case's `<failure>` holds the
//! same diagnostics the human format prints, without colour. A test file
//! whose cases could not be run (a broken rule or test file, a missing
//! report) is one test case with an `<error>` holding its diagnostics, so
//! the problem shows in the CI report and not only in the job log.

use std::fmt::Write as _;

use super::{CaseResult, FileResult};
use pilotlint::output::junit::{attr, text};

/// The whole run as one `<testsuites>` document.
pub(super) fn document(files: &[FileResult]) -> String {
    let tests: usize = files.iter().map(tests_of).sum();
    let failures: usize = files.iter().map(failures_of).sum();
    let errors = files.iter().filter(|f| f.not_run.is_some()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"pilotlint test\" tests=\"{tests}\" failures=\"{failures}\" \
         errors=\"{errors}\">"
    );
    for file in files {
        suite(&mut out, file);
    }
    out.push_str("</testsuites>\n");
    out
}

fn tests_of(file: &FileResult) -> usize {
    if file.not_run.is_some() {
        1
    } else {
        file.cases.len()
    }
}

fn failures_of(file: &FileResult) -> usize {
    file.cases.iter().filter(|c| !c.failures.is_empty()).count()
}

fn suite(out: &mut String, file: &FileResult) {
    let name = attr(&file.name);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
        tests_of(file),
        failures_of(file),
        usize::from(file.not_run.is_some())
    );
    if let Some(problems) = &file.not_run {
        let _ = writeln!(
            out,
            "    <testcase name=\"(test file)\" classname=\"{name}\">\n      \
             <error type=\"not-run\" message=\"the cases of this test file could not be run\">{}</error>\n    \
             </testcase>",
            text(&problems.join("\n"))
        );
    }
    for case in &file.cases {
        write_case(out, &name, case);
    }
    out.push_str("  </testsuite>\n");
}

fn write_case(out: &mut String, classname: &str, case: &CaseResult) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{classname}\"",
        attr(&case.name)
    );
    let Some((first, _)) = case.failures.first() else {
        out.push_str("/>\n");
        return;
    };
    let details: Vec<&str> = case.failures.iter().map(|(_, d)| d.as_str()).collect();
    let _ = writeln!(
        out,
        ">\n      <failure type=\"rule-test\" message=\"{}\">{}</failure>\n    </testcase>",
        attr(first),
        text(&details.join("\n"))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suites_count_cases_failures_and_files_not_run() {
        let files = vec![
            FileResult {
                name: "a.tests.yaml".into(),
                cases: vec![
                    CaseResult {
                        name: "plan <approved>".into(),
                        failures: Vec::new(),
                    },
                    CaseResult {
                        name: "late".into(),
                        failures: vec![("expected `STP002` to pass".into(), "x < y".into())],
                    },
                ],
                not_run: None,
            },
            FileResult {
                name: "b.tests.yaml".into(),
                cases: Vec::new(),
                not_run: Some(vec!["unknown rule `STP999`".into()]),
            },
        ];
        let xml = document(&files);
        assert!(xml.contains(
            "<testsuites name=\"pilotlint test\" tests=\"3\" failures=\"1\" errors=\"1\">"
        ));
        assert!(
            xml.contains(
                "<testsuite name=\"a.tests.yaml\" tests=\"2\" failures=\"1\" errors=\"0\">"
            )
        );
        assert!(
            xml.contains("<testcase name=\"plan &lt;approved&gt;\" classname=\"a.tests.yaml\"/>")
        );
        assert!(xml.contains(
            "<failure type=\"rule-test\" message=\"expected `STP002` to pass\">x &lt; y</failure>"
        ));
        assert!(
            xml.contains(
                "<testsuite name=\"b.tests.yaml\" tests=\"1\" failures=\"0\" errors=\"1\">"
            )
        );
        assert!(xml.contains(">unknown rule `STP999`</error>"));
    }
}
