//! The JUnit XML format, for CI systems that show test reports (GitLab's
//! test report, Jenkins, Azure Pipelines): one `<testsuite>` per report
//! file, one `<testcase>` per rule in it, failing with that rule's findings.
//!
//! A case reads the rule's outcome on the file
//! ([`CheckedReport::outcomes`], the same data as JSON's `results` and the
//! dashboards): passed is an empty case, failed a `<failure>`, not
//! applicable (a `when` at the rule's top was false) `<skipped>`, and not
//! evaluated (only data errors or `eval-limit`) an `<error>`: the test
//! could not be run. JUnit has no severities, so every finding of a failed
//! rule fails its test case and the failure's `type` is the severity; the
//! exit status (`--fail-on`) is still what gates. A file that is not valid
//! YAML, or holds no report, has a failing test case for that
//! (`yaml-syntax`, `empty-report`), and its rule test cases are
//! `<skipped>`: no rule was checked against it, which is not a pass. A path the run could not check (exit status 2) is a test case
//! in error, in a last `<testsuite name="pilotlint">`. XML cannot carry most
//! control characters even escaped, so they are written as U+FFFD.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use super::spill::Spill;
use super::{Output, Place, Summary, related_text};
use crate::CheckedReport;
use crate::eval::Outcome;
use crate::finding::{Finding, codes};
use crate::rules::RuleMeta;

/// One test case: its id and title, and the findings that fail it.
struct Case<'a> {
    id: &'a str,
    title: &'a str,
    findings: Vec<&'a Finding>,
    /// What the rule made of the file; `None` when no rule was checked
    /// against it (it did not load).
    outcome: Option<Outcome>,
}

impl Case<'_> {
    fn skipped(&self) -> bool {
        matches!(self.outcome, None | Some(Outcome::Skipped))
    }
}

/// The `<testsuites>` document, written as the run goes: each report's
/// `<testsuite>` goes to a [`Spill`] as it comes, and the end writes the root
/// element with the run's totals, then the suites.
pub struct Junit {
    /// Every rule of the run, in order: a test case each.
    rules: Vec<Arc<RuleMeta>>,
    tests: usize,
    failures: usize,
    /// Cases of rules that could not be evaluated.
    errors: usize,
    spill: Spill,
}

impl Junit {
    /// `rules` is every rule of the run ([`crate::rules::RuleSet::catalog`]);
    /// the body waits in `spill` until the end.
    pub fn new(rules: Vec<Arc<RuleMeta>>, spill: Spill) -> Self {
        Junit {
            rules,
            tests: 0,
            failures: 0,
            errors: 0,
            spill,
        }
    }
}

impl Output for Junit {
    fn report(&mut self, _w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        let cases = cases(&self.rules, report);
        let count = |o: Outcome| cases.iter().filter(|c| c.outcome == Some(o)).count();
        let (failures, errors) = (count(Outcome::Failed), count(Outcome::NotEvaluated));
        let skipped = cases.iter().filter(|c| c.skipped()).count();
        self.tests += cases.len();
        self.failures += failures;
        self.errors += errors;
        let mut out = String::new();
        // Notes at the end of a run (a baseline's unused entries) come
        // after a file's own suite too, but are not rules across reports.
        let across = report
            .findings
            .iter()
            .any(|f| f.rule.as_ref().is_some_and(|r| r.meta.set));
        let name = if report.set && across {
            format!("{} (rules across reports)", report.name)
        } else {
            report.name.clone()
        };
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" \
             skipped=\"{skipped}\">",
            attr(&name),
            cases.len()
        );
        for case in &cases {
            write_case(&mut out, report, case);
        }
        out.push_str("  </testsuite>\n");
        self.spill.write_all(out.as_bytes())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let errors = summary.failures.len();
        // junit-10.xsd allows no `skipped` here (only on `<testsuite>`).
        write!(
            w,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"pilotlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
            self.tests + errors,
            self.failures,
            self.errors + errors
        )?;
        self.spill.copy_into(w)?;
        if errors > 0 {
            // What kept the run from checking everything: a case in error
            // each, so the test report does not look clean.
            let mut out = String::new();
            let _ = writeln!(
                out,
                "  <testsuite name=\"pilotlint\" tests=\"{errors}\" failures=\"0\" errors=\"{errors}\" \
                 skipped=\"0\">"
            );
            for f in &summary.failures {
                let name = f.path.as_deref().unwrap_or("the run");
                let _ = write!(
                    out,
                    "    <testcase name=\"{}\" classname=\"pilotlint\">\n      \
                     <error type=\"run-failure\" message=\"{}\"/>\n    </testcase>\n",
                    attr(name),
                    attr(&f.message)
                );
            }
            out.push_str("  </testsuite>\n");
            w.write_all(out.as_bytes())?;
        }
        w.write_all(b"</testsuites>\n")
    }
}

/// Writes the whole run as one `<testsuites>` document.
pub fn write(
    w: &mut dyn Write,
    rules: Vec<Arc<RuleMeta>>,
    reports: &[CheckedReport],
) -> io::Result<()> {
    super::write_all(&mut Junit::new(rules, Spill::in_memory()), w, reports)
}

/// The test cases of one report: the rule-less findings first (they are
/// about the file as a whole), then every rule in load order.
fn cases<'a>(rules: &'a [Arc<RuleMeta>], report: &'a CheckedReport) -> Vec<Case<'a>> {
    let mut cases: Vec<Case> = Vec::new();
    for f in report.findings.iter().filter(|f| f.rule.is_none()) {
        match cases.iter_mut().find(|c| c.id == f.code) {
            Some(case) => case.findings.push(f),
            None => cases.push(Case {
                id: &f.code,
                title: &f.code,
                findings: vec![f],
                outcome: Some(Outcome::Failed),
            }),
        }
    }
    // A file that did not load, or held nothing, was checked by no rule.
    let unchecked = cases.iter().any(|c| !codes::is_suppression(c.id));
    // A report's own suite has a case for each rule of one report; the suite
    // of the findings of rules across reports in a file, one for each such
    // rule that found something there.
    let applies = |meta: &RuleMeta| {
        meta.set == report.set
            && (!report.set
                || report
                    .findings
                    .iter()
                    .any(|f| f.rule.as_ref().is_some_and(|r| r.meta.id == meta.id)))
    };
    for meta in rules.iter().filter(|m| applies(m)) {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.rule.as_ref().is_some_and(|r| r.meta.id == meta.id))
            .collect();
        // The findings of rules across reports in a file have no outcome
        // of their own file: theirs is read from their findings.
        let outcome = report
            .outcomes
            .get(meta.index)
            .copied()
            .or_else(|| Outcome::of_findings(findings.iter().copied()));
        cases.push(Case {
            id: &meta.id,
            title: &meta.title,
            findings,
            outcome: if unchecked { None } else { outcome },
        });
    }
    cases
}

fn write_case(out: &mut String, report: &CheckedReport, case: &Case) {
    let name = if case.title == case.id {
        case.id.to_string()
    } else {
        format!("{}: {}", case.id, case.title)
    };
    // junit-10.xsd allows no `file` on `<testcase>`; the suite's name and
    // the class name are the file.
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        attr(&name),
        attr(&report.name)
    );
    let skipped = match case.outcome {
        None => Some("no rule was checked against this file"),
        Some(Outcome::Skipped) => {
            Some("not applicable: a `when` of the rule is false for this file")
        }
        _ => None,
    };
    if let Some(message) = skipped {
        let _ = write!(
            out,
            ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
            attr(message)
        );
        return;
    }
    let [first, ..] = case.findings[..] else {
        out.push_str("/>\n");
        return;
    };
    let element = if case.outcome == Some(Outcome::NotEvaluated) {
        "error"
    } else {
        "failure"
    };
    let message = match (case.findings.len(), element) {
        (1, "error") => format!("not evaluated: {}", first.message),
        (1, _) => first.message.clone(),
        (n, "error") => format!("not evaluated, {n} findings, the first: {}", first.message),
        (n, _) => format!("{n} findings, the first: {}", first.message),
    };
    // The most severe finding names the failure's type.
    let severity = case
        .findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(first.severity);
    // A rule not evaluated is in error: the type says why, not how bad.
    let kind = if element == "error" {
        "not-evaluated".to_string()
    } else {
        severity.to_string()
    };
    let _ = write!(
        out,
        ">\n      <{element} type=\"{kind}\" message=\"{}\">",
        attr(&message)
    );
    for f in &case.findings {
        let place = Place::of(report, f);
        let at = match f.span {
            Some(span) => {
                let p = place.at(span.start);
                format!("{}:{}:{}", place.name, p.line, p.column)
            }
            None => place.name.to_string(),
        };
        let line = format!(
            "{at}: {}[{}] {}{}\n",
            f.severity,
            f.rule_id(),
            f.message,
            related_text(f)
        );
        out.push_str(&text(&line));
    }
    let _ = write!(out, "</{element}>\n    </testcase>\n");
}

/// Escapes element text: `&` and `<` (and `>`, for `]]>`), with characters
/// XML 1.0 cannot hold replaced.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// Escapes an attribute value in double quotes. Line breaks and tabs are
/// written as character references, because a parser turns literal ones
/// into spaces.
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\r' if in_attribute => out.push_str("&#13;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            c => out.push(xml_char(c)),
        }
    }
    out
}

/// `c`, or U+FFFD when XML 1.0 does not allow it (control characters other
/// than tab and line breaks, and U+FFFE/U+FFFF).
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => char::REPLACEMENT_CHARACTER,
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    #[test]
    fn text_and_attributes_are_escaped_and_control_characters_replaced() {
        assert_eq!(
            text("a < b && c > d\u{1}\n"),
            "a &lt; b &amp;&amp; c &gt; d\u{fffd}\n"
        );
        assert_eq!(
            attr("say \"hi\" <&>\n\t'ok'\u{0}"),
            "say &quot;hi&quot; &lt;&amp;&gt;&#10;&#9;'ok'\u{fffd}"
        );
    }

    fn rules() -> crate::rules::RuleSet {
        crate::load_rules(vec![RuleSource {
            name: "r.rules".into(),
            text: "rule A1 \"a is one\" {\n    require a == 1 else \"a is <{a}> & \\\"not\\\" 1\"\n}\n\
                   rule B1 \"b is one\" {\n    severity warning\n    require b == 1\n}\n"
                .into(),
        }])
        .expect("valid rules")
    }

    #[test]
    fn one_suite_per_file_one_case_per_rule_failing_with_its_findings() {
        let rules = rules();
        let reports = [crate::check_report(&rules, "x&y.yaml", b"a: 2\nb: 1\n")];
        let mut out = Vec::new();
        write(&mut out, rules.catalog(), &reports).expect("writing to memory");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"pilotlint\" tests=\"2\" failures=\"1\" errors=\"0\">\n  \
             <testsuite name=\"x&amp;y.yaml\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">\n    \
             <testcase name=\"A1: a is one\" classname=\"x&amp;y.yaml\">\n      \
             <failure type=\"error\" message=\"a is &lt;2&gt; &amp; &quot;not&quot; 1\">\
             x&amp;y.yaml:1:4: error[A1] a is &lt;2&gt; &amp; \"not\" 1\n\
             </failure>\n    \
             </testcase>\n    \
             <testcase name=\"B1: b is one\" classname=\"x&amp;y.yaml\"/>\n  \
             </testsuite>\n\
             </testsuites>\n"
        );
    }

    #[test]
    fn a_file_no_rule_checked_fails_its_own_case_and_skips_the_rules() {
        let rules = rules();
        let reports = [crate::check_report(&rules, "e.yaml", b"# nothing\n")];
        let mut out = Vec::new();
        write(&mut out, rules.catalog(), &reports).expect("writing to memory");
        let xml = String::from_utf8(out).expect("UTF-8");
        assert!(
            xml.contains("<testsuites name=\"pilotlint\" tests=\"3\" failures=\"1\" errors=\"0\">"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<testcase name=\"empty-report\" classname=\"e.yaml\">\n      \
                 <failure type=\"error\" message=\"the file holds no report\">\
                 e.yaml: error[empty-report] the file holds no report\n</failure>"
            ),
            "{xml}"
        );
        assert_eq!(xml.matches("<skipped ").count(), 2, "{xml}");
    }
}
