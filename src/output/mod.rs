//! Writing the results of a run: one module per format, all behind one
//! streaming interface, [`Output`].
//!
//! [`human`] prints miette's graphical diagnostics and a summary line;
//! [`json`] prints one JSON document, a stable contract for CI tools;
//! [`concise`] prints one line per finding, for editors and grep;
//! [`github`] prints GitHub Actions workflow commands (annotations);
//! [`sarif`] prints a SARIF 2.1.0 log for code scanning; [`junit`] prints
//! JUnit XML for CI test reports; [`gitlab`] prints a GitLab Code Quality
//! report, whose fingerprints ([`fingerprint`]) a baseline matches by too;
//! [`html`] writes the compliance dashboard, a page for reviewers, and
//! [`markdown`] a CI job summary, both from the per-rule outcomes. Every
//! format is written report by report, in the order the run found them, so
//! a run keeps one report in memory at a time rather than all of them; none
//! decides the exit status (the front end does). A format whose
//! head depends on the whole run (SARIF's rule list, JUnit's totals) keeps
//! its body in a [`spill`] until the end, whose storage the caller gives.
//! Every format writes a finding from the finding alone (it carries its
//! rule), so none needs the `RuleSet`.

pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod spill;

use std::io::{self, Write};

use serde::Serialize;

use crate::CheckedReport;
use crate::eval::Outcome;
use crate::finding::Finding;
use crate::span::{LineCol, LineIndex};
use crate::syntax::ast::Severity;

/// One output format, fed a run as it happens: [`Output::begin`] once,
/// [`Output::report`] for every checked report in input order, then
/// [`Output::finish`] once. The run calls `begin` when the first report is
/// checked, so a run that checks nothing writes nothing.
pub trait Output {
    /// Writes the head of the output: what the rule set alone decides.
    fn begin(&mut self, _w: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// Writes what `report` contributes. The report may be dropped after.
    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()>;
    /// Takes what each rule across reports made of the run's set of
    /// reports, by the rules' index: called once, after every report's own
    /// rules and before the reports of their findings, in a run that has
    /// such rules. Only formats that show per-rule outcomes use it.
    fn set_outcomes(&mut self, _outcomes: &[Outcome]) {}
    /// Writes the end of the output; `summary` counts every report given.
    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// Writes `reports` through `out` in one go: what a run does, for callers
/// that have the reports at hand (tests, other front ends).
pub fn write_all(
    out: &mut dyn Output,
    w: &mut dyn Write,
    reports: &[CheckedReport],
) -> io::Result<()> {
    let mut summary = Summary::default();
    out.begin(w)?;
    for report in reports {
        out.report(w, report)?;
        summary.add(report);
    }
    out.finish(w, &summary)
}

/// Writes `value` as serde_json's pretty output would inside a document
/// where it starts `indent` deep: every line after the first is indented by
/// `indent` more. Strings in pretty JSON never hold a raw line break (it is
/// escaped), so every `\n` is structural.
pub(crate) fn write_pretty_at<T: Serialize>(
    w: &mut dyn Write,
    value: &T,
    indent: &str,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            w.write_all(b"\n")?;
            w.write_all(indent.as_bytes())?;
        }
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// The file a finding's span is in: the report it is listed under, or the
/// data file or other report it points into ([`Finding::file`]).
pub(crate) struct Place<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl<'a> Place<'a> {
    pub(crate) fn of(report: &'a CheckedReport, f: &'a Finding) -> Place<'a> {
        match &f.file {
            Some(file) => Place {
                name: &file.name,
                text: &file.text,
                lines: &file.lines,
            },
            None => Place {
                name: &report.name,
                text: &report.text,
                lines: &report.lines,
            },
        }
    }

    /// The 1-based line and column of `offset` in this file.
    pub(crate) fn at(&self, offset: usize) -> LineCol {
        self.lines.line_col(self.text, offset)
    }
}

/// A place a finding relates to, other than the one it points at: a
/// second label in its own file (the other value of a comparison, the
/// first of two duplicates), or a place in another file (the earlier
/// report a rule across reports compared with).
pub(crate) struct RelatedPlace<'a> {
    pub name: &'a str,
    pub start: LineCol,
    pub end: LineCol,
    pub message: &'a str,
}

/// Every place `f` relates to: its second labels, then its related places
/// in other files; for formats with a list of them (JSON, SARIF).
pub(crate) fn related_places<'a>(
    report: &'a CheckedReport,
    f: &'a Finding,
) -> Vec<RelatedPlace<'a>> {
    let here = Place::of(report, f);
    let mut out: Vec<RelatedPlace<'a>> = f
        .secondary
        .iter()
        .map(|(span, label)| RelatedPlace {
            name: here.name,
            start: here.at(span.start),
            end: here.at(span.end),
            message: label,
        })
        .collect();
    out.extend(f.related.iter().map(|r| {
        let at = |o| r.file.lines.line_col(&r.file.text, o);
        RelatedPlace {
            name: &r.file.name,
            start: at(r.span.start),
            end: at(r.span.end),
            message: &r.message,
        }
    }));
    out
}

/// `FILE:LINE:COL: message` of every related place of `f`, for formats
/// that carry them in the message.
pub(crate) fn related_text(f: &Finding) -> String {
    f.related
        .iter()
        .map(|r| {
            let at = r.file.lines.line_col(&r.file.text, r.span.start);
            format!(
                "; see {}:{}:{}: {}",
                r.file.name, at.line, at.column, r.message
            )
        })
        .collect()
}

/// A report's name with forward slashes, as URIs and GitLab want paths.
pub(crate) fn forward_slashes(name: &str) -> String {
    // Windows paths separate with `\`; elsewhere `\` is part of a file name.
    if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_string()
    }
}

/// The elements of a pretty-printed JSON array written one at a time:
/// `[]` when empty, otherwise one element per line `indent` deeper than the
/// array, as serde_json prints them.
pub(crate) struct JsonArray {
    /// The indentation of the line that holds the array's `[`.
    indent: &'static str,
    empty: bool,
}

impl JsonArray {
    pub(crate) fn new(indent: &'static str) -> Self {
        JsonArray {
            indent,
            empty: true,
        }
    }

    /// Writes the separator, the new line and the element; the array's `[`
    /// must already be written.
    pub(crate) fn element<T: Serialize>(&mut self, w: &mut dyn Write, value: &T) -> io::Result<()> {
        w.write_all(if self.empty { b"\n" } else { b",\n" })?;
        self.empty = false;
        let inner = format!("{}  ", self.indent);
        w.write_all(inner.as_bytes())?;
        write_pretty_at(w, value, &inner)
    }

    /// Writes the closing `]`.
    pub(crate) fn close(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.empty {
            w.write_all(b"]")
        } else {
            write!(w, "\n{}]", self.indent)
        }
    }
}

/// Something that kept a run from checking all it was asked to, so that
/// its exit status is 2: a path named that does not exist or cannot be
/// read, or no report found at all. Every machine-readable format says so,
/// so that its output never looks clean when the run failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The path it is about, shown as report names are; `None` when it is
    /// about the run as a whole.
    pub path: Option<String>,
    /// One lowercase sentence, no final period.
    pub message: String,
}

/// Counts over a whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Report files checked (a file with several documents counts once).
    pub files: usize,
    /// Report files with at least one finding.
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// What kept the run from checking everything (exit status 2).
    pub failures: Vec<Failure>,
    /// The names of the files with findings so far, so a file with
    /// findings of its own rules and of rules across reports counts once.
    with_findings: std::collections::BTreeSet<String>,
    /// The names of the reports counted so far.
    files_seen: std::collections::BTreeSet<String>,
}

impl Summary {
    pub fn of(reports: &[CheckedReport]) -> Self {
        let mut s = Summary::default();
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Counts one more report.
    pub fn add(&mut self, report: &CheckedReport) {
        // The findings of rules across reports come after the file's own,
        // as a report of their own: a report is counted once, and a data or
        // rule file they point into counts as one more file.
        if !report.set || !self.files_seen.contains(&report.name) {
            self.files += 1;
        }
        if !report.set {
            self.files_seen.insert(report.name.clone());
        }
        if !report.findings.is_empty() && self.with_findings.insert(report.name.clone()) {
            self.files_with_findings += 1;
        }
        for f in &report.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// How many findings are `least` or more severe: those that fail a run
    /// with `--fail-on least` (`None`: never, so none).
    pub fn at_or_above(&self, least: Option<Severity>) -> usize {
        [
            (Severity::Error, self.errors),
            (Severity::Warning, self.warnings),
            (Severity::Info, self.infos),
        ]
        .iter()
        .filter(|(s, _)| least.is_some_and(|l| *s >= l))
        .map(|(_, n)| n)
        .sum()
    }

    /// "3 errors, 1 warning in 2 of 5 files", or "no problems in 5 files";
    /// with "; 1 failure, the run is incomplete" after it when the run
    /// could not check everything.
    pub fn line(&self) -> String {
        let line = self.counts_line();
        match self.failures.len() {
            0 => line,
            n => format!(
                "{line}; {}, the run is incomplete",
                plural(n, "failure", "failures")
            ),
        }
    }

    fn counts_line(&self) -> String {
        let files = plural(self.files, "file", "files");
        let counts: Vec<String> = [
            (self.errors, "error", "errors"),
            (self.warnings, "warning", "warnings"),
            (self.infos, "info", "infos"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| plural(n, one, many))
        .collect();
        if counts.is_empty() {
            format!("no problems in {files}")
        } else {
            format!(
                "{} in {} of {files}",
                counts.join(", "),
                self.files_with_findings
            )
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    fn summary(files: usize, with: usize, e: usize, w: usize, i: usize) -> Summary {
        Summary {
            files,
            files_with_findings: with,
            errors: e,
            warnings: w,
            infos: i,
            failures: Vec::new(),
            with_findings: Default::default(),
            files_seen: Default::default(),
        }
    }

    #[test]
    fn summary_line_counts_only_what_there_is_with_plurals() {
        assert_eq!(
            summary(5, 2, 3, 1, 0).line(),
            "3 errors, 1 warning in 2 of 5 files"
        );
        assert_eq!(summary(1, 1, 1, 0, 0).line(), "1 error in 1 of 1 file");
        assert_eq!(summary(3, 1, 0, 0, 2).line(), "2 infos in 1 of 3 files");
        assert_eq!(summary(5, 0, 0, 0, 0).line(), "no problems in 5 files");
        assert_eq!(summary(1, 0, 0, 0, 0).line(), "no problems in 1 file");
        let mut failed = summary(2, 1, 1, 0, 0);
        failed.failures.push(Failure {
            path: Some("gone.yaml".into()),
            message: "report path `gone.yaml` does not exist".into(),
        });
        assert_eq!(
            failed.line(),
            "1 error in 1 of 2 files; 1 failure, the run is incomplete"
        );
    }

    /// Regression: a lone CR is a line break in YAML 1.2, but positions
    /// counted only `\n` (a CR-only report was one line: `r.yaml:1:49`) and
    /// the snippet printed the raw CRs.
    #[test]
    fn a_lone_cr_is_a_line_break_in_every_format() {
        let rules = crate::load_rules(vec![RuleSource {
            name: "r.rules".into(),
            text: "rule A \"a\" {\n    require summary.done == \"yes\"\n}\n\
                   rule B \"b\" {\n    require summary.total > 9\n}\n"
                .into(),
        }])
        .expect("valid rules");
        // B is suppressed on its line, the third.
        let text =
            "program: x\rsummary:\r  total: 5 # pilotlint: ignore[B] agreed\r  done: 名字 no\r";
        let reports = [crate::check_report(&rules, "r.yaml", text.as_bytes())];
        let f = &reports[0].findings;
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(reports[0].data_path(0), Some("summary.done"));

        let mut json = Vec::new();
        json::write(&mut json, rules.catalog(), &reports).expect("written");
        let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
        let done = &json["findings"][0];
        let at = |k: &str| done[k].as_u64();
        assert_eq!(done["rule"], "A");
        assert_eq!(
            [at("line"), at("column"), at("end_line"), at("end_column")],
            [Some(4), Some(9), Some(4), Some(14)]
        );

        let mut concise = Vec::new();
        concise::write(&mut concise, &reports).expect("written");
        let concise = String::from_utf8(concise).expect("UTF-8");
        assert!(concise.contains("r.yaml:4:9: error[A]"), "{concise}");

        let mut human = Vec::new();
        human::write(&mut human, &reports, false).expect("written");
        let human = String::from_utf8(human).expect("UTF-8");
        assert!(human.contains("[r.yaml:4:9]"), "{human}");
        assert!(human.contains(" 3 │   total: 5 # pilotlint"), "{human}");
        assert!(human.contains(" 4 │   done: 名字 no\n"), "{human}");
        assert!(!human.contains('\r'), "{human:?}");
    }
}
