//! The JSON format, a stable contract for CI tools:
//! `{"version": 1, "findings": [...], "failures": [...], "summary": {...}}`.
//! `failures` lists what kept the run from checking everything (a path
//! that cannot be read, no report found): a run with any is incomplete
//! and exits with status 2.
//!
//! Every key is always present (`null` where there is no value), so a
//! consumer never has to tell a missing key from an empty one. Positions are
//! 1-based; columns count characters; `end_line`/`end_column` is the
//! position just after the value.

use std::io::{self, Write};

use serde::Serialize;

use super::{JsonArray, Output, Place, Summary, write_pretty_at};
use crate::CheckedReport;
use crate::diagnostic;

/// Bumped only when a key changes meaning or disappears.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonFinding<'a> {
    /// The rule id, or the code of a finding no rule produced (`yaml-syntax`).
    rule: &'a str,
    /// Same as `rule` for a failed requirement; otherwise `incomparable`,
    /// `type-mismatch`, `invalid-pattern`, `eval-limit`, `yaml-syntax`,
    /// `yaml-limit` or `file-too-large`.
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    data_path: Option<&'a str>,
    rule_file: Option<&'a str>,
    rule_line: Option<usize>,
    /// The finding's own advice, then the rule's `help`, one per line.
    help: Option<String>,
    /// Places in other files it was compared with (rules across reports).
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// How many entries `failures` has: when it is not 0 the run was
    /// incomplete, whatever the other counts say (exit status 2).
    failures: usize,
}

/// Something that kept the run from checking all it was asked to.
#[derive(Serialize)]
struct JsonFailure<'a> {
    path: Option<&'a str>,
    message: &'a str,
}

/// The JSON document, written as the run goes: the head, each finding as
/// its report comes, then the summary. The bytes are those serde_json
/// prints for the whole document at once.
pub struct Json {
    findings: JsonArray,
}

impl Json {
    pub fn new() -> Self {
        Json {
            findings: JsonArray::new("  "),
        }
    }
}

impl Default for Json {
    fn default() -> Self {
        Self::new()
    }
}

impl Output for Json {
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        write!(w, "{{\n  \"version\": {VERSION},\n  \"findings\": [")
    }

    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        for (index, f) in report.findings.iter().enumerate() {
            let place = Place::of(report, f);
            let start = f.span.map(|s| place.at(s.start));
            let end = f.span.map(|s| place.at(s.end));
            let rule_file = f.rule.as_ref().map(|r| &r.meta.file);
            let rule_line = f.rule.as_ref().map(|r| {
                let file = &r.meta.file;
                file.lines.line(&file.text, r.clause.start)
            });
            let finding = JsonFinding {
                rule: f.rule_id(),
                code: &f.code,
                severity: f.severity.as_str(),
                message: &f.message,
                file: place.name,
                line: start.map(|p| p.line),
                column: start.map(|p| p.column),
                end_line: end.map(|p| p.line),
                end_column: end.map(|p| p.column),
                data_path: report.data_path(index),
                rule_file: rule_file.map(|s| s.name.as_str()),
                rule_line,
                help: diagnostic::help(f),
                related: super::related_places(report, f)
                    .into_iter()
                    .map(|r| JsonRelated {
                        file: r.name,
                        line: r.start.line,
                        column: r.start.column,
                        end_line: r.end.line,
                        end_column: r.end.column,
                        message: r.message,
                    })
                    .collect(),
            };
            self.findings.element(w, &finding)?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, s: &Summary) -> io::Result<()> {
        self.findings.close(w)?;
        w.write_all(b",\n  \"failures\": [")?;
        let mut failures = JsonArray::new("  ");
        for f in &s.failures {
            let failure = JsonFailure {
                path: f.path.as_deref(),
                message: &f.message,
            };
            failures.element(w, &failure)?;
        }
        failures.close(w)?;
        w.write_all(b",\n  \"summary\": ")?;
        let summary = JsonSummary {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            failures: s.failures.len(),
        };
        write_pretty_at(w, &summary, "  ")?;
        w.write_all(b"\n}\n")
    }
}

/// Writes the whole run as one pretty-printed JSON document.
pub fn write(w: &mut dyn Write, reports: &[CheckedReport]) -> io::Result<()> {
    super::write_all(&mut Json::new(), w, reports)
}
