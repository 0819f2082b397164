//! The one pipeline every front end runs, from text to findings: rule files
//! to a checked [`RuleSet`] ([`load_rules`]), and the bytes of one report
//! file to its sorted findings and per-rule outcomes ([`check_report`]).
//! `pilotlint check`, `pilotlint test` and an editor all call these two, so
//! they cannot disagree about what a report gives. Rules across reports run
//! after every report is checked, through [`check_set`] (`set.rs`).

mod hide;
mod not_report;
mod set;

pub use set::{
    Packed, RuleResult, SetBuilder, SetFindings, SetInput, SetReport, SetResult, Unpack, check_set,
    evaluate_set, set_field_names,
};

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use crate::eval::{self, Outcome};
use crate::finding::{self, Finding, codes};
use crate::report::{self, LoadKind, Node};
use crate::rules::{RuleSet, RuleSource};
use crate::source::{Origin, SourceMap, SourceText};
use crate::span::{LineIndex, Span};
use crate::syntax::ast::Severity;
use crate::{builtin, check, resolve, suppress, syntax};

/// Why a set of rule files could not be loaded: every syntax error of every
/// file, or (when all files parsed) every error of the static checks.
#[derive(Debug)]
pub struct RuleErrors {
    /// The rule files, by the index the errors use.
    pub sources: Vec<RuleSource>,
    /// The line index of each of `sources`, by the same index: a snippet of
    /// a long rule file is read from its few lines, so showing thousands of
    /// errors does not rescan the file for each.
    pub lines: Vec<LineIndex>,
    pub errors: Vec<RuleError>,
}

impl RuleErrors {
    fn new(sources: Vec<RuleSource>, errors: Vec<RuleError>) -> Self {
        let lines = sources.iter().map(|s| LineIndex::new(&s.text)).collect();
        RuleErrors {
            sources,
            lines,
            errors,
        }
    }

    /// How many errors there are, counting those a file had past the
    /// syntax errors shown ([`syntax::error::MAX_ERRORS`]).
    pub fn count(&self) -> usize {
        self.errors
            .iter()
            .map(|e| match e {
                RuleError::Syntax { error, .. } => error.count(),
                RuleError::Check(_) => 1,
            })
            .sum()
    }
}

/// One error in a rule file.
#[derive(Debug)]
pub enum RuleError {
    Syntax {
        /// Index into [`RuleErrors::sources`].
        file: usize,
        error: syntax::SyntaxError,
    },
    Check(check::CheckError),
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.count();
        write!(
            f,
            "{n} error{} in rule files",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for RuleErrors {}

/// Parses and checks rule files into one [`RuleSet`].
///
/// Every file is parsed, and every syntax error of every file is returned.
/// The static checks run only when all files parsed: checking a tree the
/// parser had to repair would report errors the author never wrote.
///
/// A `schema` declaration of a built-in pack resolves to the embedded
/// schema; any other is an error, since this function reads no files: a
/// front end that reads them uses [`load_rules_with`].
pub fn load_rules(sources: Vec<RuleSource>) -> Result<RuleSet, RuleErrors> {
    load_rules_with(sources, &mut builtin::resolve)
}

/// [`load_rules`], with `resolve` giving the text of the schema each
/// `schema "PATH"` declaration names (the front end reads it, or refuses
/// with an error shown at the declaration).
pub fn load_rules_with(
    sources: Vec<RuleSource>,
    resolve: &mut resolve::Resolver<'_>,
) -> Result<RuleSet, RuleErrors> {
    let mut files = Vec::with_capacity(sources.len());
    let mut errors = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let (file, syntax_errors) = syntax::parse(&source.text);
        errors.extend(
            syntax_errors
                .into_iter()
                .map(|error| RuleError::Syntax { file: i, error }),
        );
        files.push(file);
    }
    if !errors.is_empty() {
        return Err(RuleErrors::new(sources, errors));
    }
    check::check_with_schemas(sources.clone(), files, resolve)
        .map_err(|errs| RuleErrors::new(sources, errs.into_iter().map(RuleError::Check).collect()))
}

/// One report file after checking: its text (for showing where), its
/// documents, and its findings ordered by position, then code.
#[derive(Clone, Debug)]
pub struct CheckedReport {
    /// As given on the command line or found by the directory walk.
    pub name: String,
    /// The file's text; bytes that are not UTF-8 are shown as U+FFFD.
    pub text: Arc<str>,
    /// Line starts of `text`, for positions and for showing snippets of a
    /// large file without rescanning it for every finding.
    pub lines: LineIndex,
    /// One per YAML document; empty when the file is not valid YAML. A
    /// front end checking many files may drop them once checked
    /// ([`CheckedReport::drop_documents`]): output needs only the findings,
    /// the text and the data paths, which are kept.
    pub documents: Vec<Node>,
    pub findings: Vec<Finding>,
    /// What each rule made of the file, by the rules' index: failed when it
    /// has a finding here (one a suppression silenced does not count),
    /// passed when it applied to a document, skipped when it applied to
    /// none, not evaluated when its findings are only data errors (see
    /// [`Outcome::NotEvaluated`]). When the file did not load or holds no
    /// report, no rule was evaluated: all not evaluated, but for the rules
    /// across reports, which are judged for the set (always skipped here).
    /// Empty for a file that was not read ([`CheckedReport::rejected`]).
    pub outcomes: Vec<Outcome>,
    /// What a dashboard shows of each document that holds a report (area,
    /// period, implementation figures), read before the trees are dropped.
    pub facts: Vec<crate::facts::Facts>,
    /// The data path of each finding, by the same index as `findings`.
    data_paths: Vec<Option<String>>,
    /// Once findings are hidden (`hide.rs`), each one's place among the
    /// findings of the report with its file, rule and data path, counted
    /// before they were: what its fingerprint counts. Empty until then.
    ordinals: Vec<u64>,
    /// The findings of the rules across reports that point into this file,
    /// written after every report of the run (see [`check_set`]); the file
    /// itself was counted when its own rules ran, or is a data or rule file.
    pub set: bool,
}

impl CheckedReport {
    /// The path of the finding's value in its document, as a rule author
    /// writes it (`measures[3].status`); `None` without a span, or when the
    /// finding is about a document as a whole. `index` is the finding's
    /// index in `findings`.
    pub fn data_path(&self, index: usize) -> Option<&str> {
        self.data_paths.get(index)?.as_deref()
    }

    /// Keeps the first `max` findings (by position) and, when that drops
    /// some, adds `note(how many were dropped)` after them: for a front end
    /// that caps what it shows of a report.
    pub fn truncate_findings(&mut self, max: usize, note: impl FnOnce(usize) -> Finding) {
        if self.findings.len() <= max {
            return;
        }
        let dropped = self.findings.len() - max;
        self.findings.truncate(max);
        self.data_paths.truncate(max);
        self.findings.push(note(dropped));
        self.data_paths.push(None);
        if !self.ordinals.is_empty() {
            // The note is the one finding of its code in the report.
            self.ordinals.truncate(max);
            self.ordinals.push(0);
        }
    }

    /// Frees the YAML trees; the findings' data paths stay known. A tree
    /// takes several times the memory of its text, so a run over thousands
    /// of files keeps only what its output needs.
    pub fn drop_documents(&mut self) {
        self.documents = Vec::new();
    }

    /// The data path of `finding`, from the documents.
    fn path_of(documents: &[Node], finding: &Finding) -> Option<String> {
        // A suppression finding points at a comment, which is in no value.
        if codes::is_suppression(&finding.code) {
            return None;
        }
        let span = finding.span?;
        // Documents of one file have disjoint spans, in order.
        let doc = documents
            .iter()
            .find(|d| d.span.start <= span.start && span.end <= d.span.end)?;
        Some(doc.path_to(span)).filter(|p| !p.is_empty())
    }
}

/// Loads report `bytes` and evaluates every rule on every document in it.
///
/// A file that is not valid YAML (or not UTF-8) gives one `yaml-syntax`
/// finding of severity error at the position the YAML parser reports; it
/// is a finding, not a failure, so the other files of a run are still
/// checked.
pub fn check_report(rules: &RuleSet, name: &str, bytes: &[u8]) -> CheckedReport {
    // One UTF-8 check: valid text (every real report) is loaded as is; only
    // invalid bytes need the lossy copy for display and the loader's error.
    let (text, parsed): (Arc<str>, _) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.into(), report::load(text)),
        Err(_) => (
            String::from_utf8_lossy(bytes).into(),
            report::load_bytes(bytes),
        ),
    };
    let mut findings = Vec::new();
    let mut loaded = true;
    let (documents, comments) = match parsed {
        Ok(file) => (file.documents, file.comments),
        Err(e) => {
            findings.push(yaml_syntax_finding(&text, bytes, e));
            loaded = false;
            (Vec::new(), Vec::new())
        }
    };
    let mut outcomes = vec![Outcome::Skipped; rules.rules.len()];
    // A null document (`---` alone) holds no report to check.
    for doc in documents
        .iter()
        .filter(|d| !matches!(d.kind, report::NodeKind::Null))
    {
        let of_doc = eval::evaluate_outcomes(rules, doc, eval::DEFAULT_BUDGET, &mut findings);
        for (all, this) in outcomes.iter_mut().zip(of_doc) {
            *all = all.and(this);
        }
    }
    // What a rule found in a data file points there.
    data_places(rules, name, &text, &mut findings);
    // An empty or comment-only file loads as no document, or only null
    // ones, and every rule would pass it unread.
    let empty = documents
        .iter()
        .all(|d| matches!(d.kind, report::NodeKind::Null));
    if findings.is_empty() && empty {
        findings.push(Finding {
            code: finding::codes::EMPTY_REPORT.to_string(),
            severity: Severity::Error,
            message: "the file holds no report".to_string(),
            span: None,
            label: None,
            secondary: Vec::new(),
            rule: None,
            help: Some(
                "a report is a YAML mapping, such as `program: service-trade-pilot-2020` \
                 followed by its fields; an empty file is not a submission"
                    .to_string(),
            ),
            file: None,
            related: Vec::new(),
        });
    }
    // After the empty-report check: a comment-only file with a suppression
    // in it is still no report.
    if loaded {
        suppress::apply(rules, &text, &comments, &mut findings);
        // A rule whose every finding a suppression silenced passed; one
        // whose requirement findings were silenced and whose data errors
        // were not could not be evaluated.
        for (index, outcome) in outcomes.iter_mut().enumerate() {
            if matches!(*outcome, Outcome::Failed | Outcome::NotEvaluated) {
                let own = findings
                    .iter()
                    .filter(|f| f.rule.as_ref().is_some_and(|r| r.meta.index == index));
                *outcome = Outcome::of_findings(own).unwrap_or(Outcome::Passed);
            }
        }
    }
    // After the suppressions, which count nothing here: no rule was
    // evaluated on a file with no report.
    if empty {
        for (outcome, info) in outcomes.iter_mut().zip(&rules.rules) {
            if !info.is_set() {
                *outcome = Outcome::NotEvaluated;
            }
        }
    }
    // Line and column order is byte order; findings without a position
    // (about the file as a whole) come first. The sort is stable, so two
    // findings of one rule at one place keep the evaluator's order.
    findings.sort_by(|a, b| {
        (a.span.map(|s| s.start), a.rule_id()).cmp(&(b.span.map(|s| s.start), b.rule_id()))
    });
    dedupe(&mut findings);
    let data_paths = findings
        .iter()
        .map(|f| match &f.file {
            Some(_) => data_path_of(rules, f),
            None => CheckedReport::path_of(&documents, f),
        })
        .collect();
    let facts = documents
        .iter()
        .filter(|d| !matches!(d.kind, report::NodeKind::Null))
        .map(crate::facts::Facts::of)
        .collect();
    CheckedReport {
        name: name.to_string(),
        lines: LineIndex::new(&text),
        text,
        documents,
        findings,
        outcomes,
        facts,
        data_paths,
        ordinals: Vec::new(),
        set: false,
    }
}

impl CheckedReport {
    /// A report that was not checked at all, with the one finding that says
    /// why (too large to read): it still counts in the summary and the exit
    /// status like any other report.
    pub fn rejected(name: &str, finding: Finding) -> CheckedReport {
        CheckedReport {
            name: name.to_string(),
            text: Arc::from(""),
            lines: LineIndex::new(""),
            documents: Vec::new(),
            findings: vec![finding],
            outcomes: Vec::new(),
            facts: Vec::new(),
            data_paths: vec![None],
            ordinals: Vec::new(),
            set: false,
        }
    }
}

/// Findings (and their labels) whose spans are in a data file (see
/// [`crate::source`]): the file they point into, with spans of its own; a
/// label in another file than the finding becomes a related place.
fn data_places(rules: &RuleSet, name: &str, text: &str, findings: &mut [Finding]) {
    if rules.data.is_empty() {
        return;
    }
    let mut map = SourceMap::default();
    map.add(0, text.len(), Origin::Report);
    for (k, d) in rules.data.iter().enumerate() {
        map.add(d.base, d.source.text.len(), Origin::Data(k));
    }
    let source = |o: Origin| match o {
        Origin::Data(k) => rules.data.get(k).map(|d| Arc::clone(&d.source)),
        _ => None,
    };
    for f in findings.iter_mut() {
        let primary = f.span.and_then(|s| map.locate(s));
        let home = primary.map(|(o, _)| o);
        if let Some((Origin::Data(k), local)) = primary {
            f.span = Some(local);
            f.file = source(Origin::Data(k));
        }
        let mut secondary = Vec::new();
        for (span, label) in std::mem::take(&mut f.secondary) {
            match map.locate(span) {
                Some((o, local)) if Some(o) == home => secondary.push((local, label)),
                Some((o @ Origin::Data(_), local)) => {
                    if let Some(file) = source(o) {
                        f.related.push(finding::Related {
                            file,
                            span: local,
                            message: label,
                        });
                    }
                }
                Some((Origin::Report, local)) => {
                    // The finding is in a data file, the label in the report.
                    f.related.push(finding::Related {
                        file: Arc::new(SourceText::new(name, text)),
                        span: local,
                        message: label,
                    });
                }
                _ => {}
            }
        }
        f.secondary = secondary;
    }
}

/// The data path of a finding that points into a data file.
fn data_path_of(rules: &RuleSet, f: &Finding) -> Option<String> {
    let file = f.file.as_ref()?;
    let d = rules.data.iter().find(|d| Arc::ptr_eq(&d.source, file))?;
    let span = f.span?;
    let global = Span::new(span.start + d.base, span.end + d.base);
    Some(d.root.path_to(global)).filter(|p| !p.is_empty())
}

/// Keeps the first of the findings of one rule at one place with one
/// message: they say the same thing (a rule over 108 measures each
/// compared with one period end that is not a date said it 108 times).
fn dedupe(findings: &mut Vec<Finding>) {
    let keep: Vec<bool> = {
        let mut seen = HashSet::new();
        findings
            .iter()
            .map(|f| seen.insert((f.rule_id(), f.span, f.message.as_str())))
            .collect()
    };
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
}

fn yaml_syntax_finding(text: &str, bytes: &[u8], e: report::LoadError) -> Finding {
    let span = e.span.map(|s| {
        if text.len() == bytes.len() {
            s
        } else {
            // Not UTF-8: the text shows the first bad byte as U+FFFD, which
            // starts at the same offset (everything before it was valid).
            Span::new(s.start, s.start + char::REPLACEMENT_CHARACTER.len_utf8())
        }
    });
    Finding {
        code: match e.kind {
            LoadKind::Syntax => codes::YAML_SYNTAX,
            LoadKind::Limit => codes::YAML_LIMIT,
            LoadKind::Ambiguous => codes::YAML_AMBIGUOUS,
            LoadKind::Invisible => codes::INVISIBLE_CHARACTER,
        }
        .to_string(),
        severity: Severity::Error,
        message: e.message,
        span,
        label: None,
        secondary: Vec::new(),
        help: e.help,
        rule: None,
        file: None,
        related: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
