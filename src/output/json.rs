//! The JSON format, a stable contract for CI tools:
//! `{"version": 1, "findings": [...], "results": [...], "failures": [...],
//! "summary": {...}}`. `failures` lists what kept the run from checking
//! everything (a path that cannot be read, no report found): a run with
//! any is incomplete and exits with status 2. `results` says, for every
//! file, what each of its rules made of it (`passed`, `failed`,
//! `not-applicable`, `not-evaluated`) and how many findings it gave there;
//! a last entry with `"file": null` holds the rules across reports, judged
//! once for the whole set. The results wait in a [`Spill`] until the
//! findings are written, so memory stays that of one report.
//!
//! Every key is always present (`null` where there is no value), so a
//! consumer never has to tell a missing key from an empty one. Positions are
//! 1-based; columns count characters; `end_line`/`end_column` is the
//! position just after the value.

use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;

use super::spill::Spill;
use super::{JsonArray, Output, Place, Summary, write_pretty_at};
use crate::CheckedReport;
use crate::diagnostic;
use crate::eval::Outcome;
use crate::rules::RuleMeta;

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

/// What the rules made of one file (`file: null`: of the set of reports).
#[derive(Serialize)]
struct JsonResults<'a> {
    file: Option<&'a str>,
    rules: Vec<JsonResult<'a>>,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    rule: &'a str,
    outcome: &'static str,
    /// The rule's findings in the file, as far as they are shown
    /// (`--max-findings` caps a file's).
    findings: usize,
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
    /// Every rule of the run, in order: the results name them.
    rules: Vec<Arc<RuleMeta>>,
    results: JsonArray,
    /// Where the elements of `results` wait.
    spill: Spill,
    /// The outcomes of the rules across reports, and their findings
    /// counted as the files they point into come.
    set: Option<(Vec<Outcome>, Vec<usize>)>,
}

impl Json {
    /// `rules` is every rule of the run ([`crate::rules::RuleSet::catalog`]);
    /// the results wait in `spill` until the findings are written.
    pub fn new(rules: Vec<Arc<RuleMeta>>, spill: Spill) -> Self {
        Json {
            findings: JsonArray::new("  "),
            rules,
            results: JsonArray::new("  "),
            spill,
            set: None,
        }
    }

    /// The results of `report`'s own rules.
    fn results(&mut self, report: &CheckedReport) -> io::Result<()> {
        let mut counts = vec![0; self.rules.len()];
        for f in &report.findings {
            if let Some(c) = f.rule.as_ref().and_then(|r| counts.get_mut(r.meta.index)) {
                *c += 1;
            }
        }
        if report.set {
            if let Some((_, set_counts)) = &mut self.set {
                for (all, n) in set_counts.iter_mut().zip(counts) {
                    *all += n;
                }
            }
            return Ok(());
        }
        let rules = self
            .rules
            .iter()
            .filter(|m| !m.set)
            .map(|m| JsonResult {
                rule: &m.id,
                // A file that was not read was checked by no rule.
                outcome: report
                    .outcomes
                    .get(m.index)
                    .copied()
                    .unwrap_or(Outcome::NotEvaluated)
                    .as_str(),
                findings: counts[m.index],
            })
            .collect();
        let entry = JsonResults {
            file: Some(&report.name),
            rules,
        };
        self.results.element(&mut self.spill, &entry)
    }
}

impl Output for Json {
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        write!(w, "{{\n  \"version\": {VERSION},\n  \"findings\": [")
    }

    fn set_outcomes(&mut self, outcomes: &[Outcome]) {
        self.set = Some((outcomes.to_vec(), vec![0; self.rules.len()]));
    }

    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        self.results(report)?;
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
        if let Some((outcomes, counts)) = self.set.take() {
            let rules = self
                .rules
                .iter()
                .filter(|m| m.set)
                .map(|m| JsonResult {
                    rule: &m.id,
                    outcome: outcomes
                        .get(m.index)
                        .copied()
                        .unwrap_or(Outcome::Skipped)
                        .as_str(),
                    findings: counts[m.index],
                })
                .collect();
            let entry = JsonResults { file: None, rules };
            self.results.element(&mut self.spill, &entry)?;
        }
        self.results.close(&mut self.spill)?;
        w.write_all(b",\n  \"results\": [")?;
        self.spill.copy_into(w)?;
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

/// Writes the whole run as one pretty-printed JSON document; `rules` is
/// every rule of the run.
pub fn write(
    w: &mut dyn Write,
    rules: Vec<Arc<RuleMeta>>,
    reports: &[CheckedReport],
) -> io::Result<()> {
    super::write_all(&mut Json::new(rules, Spill::in_memory()), w, reports)
}
