//! The JSON format, a stable contract for CI tools:
//! `{"version": 1, "findings": [...], "summary": {...}}`.
//!
//! Every key is always present (`null` where there is no value), so a
//! consumer never has to tell a missing key from an empty one. Positions are
//! 1-based; columns count characters; `end_line`/`end_column` is the
//! position just after the value.

use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use crate::diagnostic;
use crate::rules::RuleSet;
use crate::span::LineIndex;
use crate::{CheckedReport, rule_id};

/// Bumped only when a key changes meaning or disappears.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    /// The rule id, or the code of a finding no rule produced (`yaml-syntax`).
    rule: &'a str,
    /// Same as `rule` for a failed requirement; otherwise `incomparable`,
    /// `type-mismatch`, `eval-limit` or `yaml-syntax`.
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    data_path: Option<String>,
    rule_file: Option<&'a str>,
    rule_line: Option<usize>,
    /// The finding's own advice, then the rule's `help`, one per line.
    help: Option<String>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// Writes the whole run as one pretty-printed JSON document.
pub fn write(w: &mut dyn Write, rules: &RuleSet, reports: &[CheckedReport]) -> io::Result<()> {
    let rule_lines = rule_lines(rules);
    let mut findings = Vec::new();
    for report in reports {
        findings.extend(report_findings(rules, &rule_lines, report));
    }
    let s = Summary::of(reports);
    let out = Output {
        version: VERSION,
        findings,
        summary: JsonSummary {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
        },
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

fn rule_lines(rules: &RuleSet) -> Vec<LineIndex> {
    rules
        .sources
        .iter()
        .map(|s| LineIndex::new(&s.text))
        .collect()
}

fn report_findings<'a>(
    rules: &'a RuleSet,
    rule_lines: &[LineIndex],
    report: &'a CheckedReport,
) -> Vec<JsonFinding<'a>> {
    let lines = &report.lines;
    report
        .findings
        .iter()
        .map(|f| {
            let start = f.span.map(|s| lines.line_col(&report.text, s.start));
            let end = f.span.map(|s| lines.line_col(&report.text, s.end));
            let info = f.rule.and_then(|r| Some((r, rules.rules.get(r.rule)?)));
            let rule_file = info.and_then(|(_, i)| rules.sources.get(i.file));
            let rule_line = info.and_then(|(r, i)| {
                let text = &rules.sources.get(i.file)?.text;
                Some(rule_lines.get(i.file)?.line(text, r.clause.start))
            });
            JsonFinding {
                rule: rule_id(rules, f),
                code: &f.code,
                severity: f.severity.as_str(),
                message: &f.message,
                file: &report.name,
                line: start.map(|p| p.line),
                column: start.map(|p| p.column),
                end_line: end.map(|p| p.line),
                end_column: end.map(|p| p.column),
                data_path: report.data_path(f),
                rule_file: rule_file.map(|s| s.name.as_str()),
                rule_line,
                help: diagnostic::help(f, rules),
            }
        })
        .collect()
}

/// Writes the document [`write`] writes, one report at a time, so a run
/// need not keep every report until the end. [`Chunks::chunk`] turns a
/// report into its part of the document (on any thread, in any order);
/// [`Stream::write_chunk`] writes the parts in order.
pub struct Stream {
    /// Whether a finding was written, for the separator and the closing `]`.
    any: bool,
}

/// Renders reports into parts of the document [`Stream`] writes.
pub struct Chunks<'r> {
    rules: &'r RuleSet,
    rule_lines: Vec<LineIndex>,
}

/// serde_json's pretty printer indents by two spaces a level; a finding is
/// at level 2 (in the array in the object).
const FINDING_INDENT: &str = "    ";

impl<'r> Chunks<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Chunks {
            rules,
            rule_lines: rule_lines(rules),
        }
    }

    /// The findings of `report` as they appear in the document, indented
    /// and separated, without the separator before the first one.
    pub fn chunk(&self, report: &CheckedReport) -> io::Result<String> {
        let mut out = String::new();
        for (i, f) in report_findings(self.rules, &self.rule_lines, report)
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            // JSON strings escape line breaks, so every line break is the
            // printer's and indenting after each one nests the object.
            let text = serde_json::to_string_pretty(f)?;
            for line in text.split('\n') {
                out.push('\n');
                out.push_str(FINDING_INDENT);
                out.push_str(line);
            }
        }
        Ok(out)
    }
}

impl Stream {
    /// Writes the start of the document.
    pub fn start(w: &mut dyn Write) -> io::Result<Self> {
        write!(w, "{{\n  \"version\": {VERSION},\n  \"findings\": [")?;
        Ok(Stream { any: false })
    }

    pub fn write_chunk(&mut self, w: &mut dyn Write, chunk: &[u8]) -> io::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        if self.any {
            w.write_all(b",")?;
        }
        self.any = true;
        w.write_all(chunk)
    }

    /// Writes the summary and the end of the document.
    pub fn finish(self, w: &mut dyn Write, s: &Summary) -> io::Result<()> {
        w.write_all(if self.any { b"\n  ]" } else { b"]" })?;
        let summary = serde_json::to_string_pretty(&JsonSummary {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
        })?;
        write!(
            w,
            ",\n  \"summary\": {}\n}}\n",
            summary.replace('\n', "\n  ")
        )
    }
}

#[cfg(test)]
mod stream_tests {
    use super::*;

    fn streamed(rules: &RuleSet, reports: &[CheckedReport]) -> String {
        let mut out = Vec::new();
        let chunks = Chunks::new(rules);
        let mut stream = Stream::start(&mut out).unwrap();
        for r in reports {
            stream
                .write_chunk(&mut out, chunks.chunk(r).unwrap().as_bytes())
                .unwrap();
        }
        stream.finish(&mut out, &Summary::of(reports)).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn whole(rules: &RuleSet, reports: &[CheckedReport]) -> String {
        let mut out = Vec::new();
        write(&mut out, rules, reports).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The streamed document must be byte for byte the one serde_json
    /// prints for the whole run, with findings, without, and with a clean
    /// report between two with findings.
    #[test]
    fn streaming_writes_the_same_bytes_as_the_whole_document() {
        let rules = crate::load_rules(crate::builtin::all()).expect("the shipped packs load");
        let bad = crate::check_report(
            &rules,
            "bad.yaml",
            b"program: service-trade-pilot-2020\nimplementation_plan:\n  approved: false\n",
        );
        let clean = crate::check_report(&rules, "clean.yaml", b"program: other\n");
        assert!(!bad.findings.is_empty());
        let cases: [&[CheckedReport]; 4] = [
            &[],
            std::slice::from_ref(&clean),
            std::slice::from_ref(&bad),
            &[bad.clone(), clean.clone(), bad.clone()],
        ];
        for reports in cases {
            assert_eq!(streamed(&rules, reports), whole(&rules, reports));
        }
    }
}
