//! The reports of a rule-test case, read and checked through the library's
//! pipeline entry, [`pilotlint::check_report`], exactly as `pilotlint
//! check` would check them: a report written in the test file is checked
//! as the test file with everything else blanked, so its findings point at
//! lines of the test file.

use std::path::Path;

use pilotlint::CheckedReport;
use pilotlint::finding::codes;
use pilotlint::rules::RuleSet;
use pilotlint::span::Span;

use super::spec::Problem;
use crate::cli::sink::io_error;

/// A case's report, checked.
pub(super) struct Report {
    pub checked: CheckedReport,
}

/// The report written in test file `test_name` at `span`, checked as the
/// test file would be with everything but that report (and the comment
/// lines just above it) blanked: findings point at lines of the test file,
/// and one case's `ignore-file` does not reach the others.
pub(super) fn inline(
    rules: &RuleSet,
    test_name: &str,
    test_text: &str,
    span: Span,
) -> Result<Report, Problem> {
    let text = only(test_text, span);
    let checked = pilotlint::check_report(rules, test_name, text.as_bytes());
    loaded(checked, test_name, span).map(|checked| Report { checked })
}

/// The report file `rel` (relative to the test file's directory `dir`),
/// named at `span` of the test file, checked.
pub(super) fn from_file(
    rules: &RuleSet,
    dir: &Path,
    rel: &str,
    span: Span,
) -> Result<Report, Problem> {
    let path = dir.join(rel);
    let name = crate::cli::resolve::normalize(&path).display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| Problem {
        span,
        message: io_error("report", &name, &e).message,
        label: "named here".to_string(),
        help: None,
    })?;
    let checked = pilotlint::check_report(rules, &name, &bytes);
    loaded(checked, &name, span).map(|checked| Report { checked })
}

/// The report an embedded test names as `rel` (one of the examples
/// embedded with it), checked.
pub(super) fn embedded(rules: &RuleSet, rel: &str, span: Span) -> Result<Report, Problem> {
    let Some((name, text)) = super::embedded::report(rel) else {
        return Err(Problem::new(
            span,
            format!("report `{rel}` is not embedded with the built-in packs"),
            "named here",
        ));
    };
    let checked = pilotlint::check_report(rules, &name, text.as_bytes());
    loaded(checked, &name, span).map(|checked| Report { checked })
}

/// `checked`, or the problem when no rule could check it: a case needs a
/// report that loads and holds a document.
fn loaded(checked: CheckedReport, name: &str, span: Span) -> Result<CheckedReport, Problem> {
    let unchecked = checked
        .findings
        .iter()
        .find(|f| f.rule.is_none() && !codes::is_suppression(&f.code));
    let Some(f) = unchecked else {
        return Ok(checked);
    };
    Err(if f.code == codes::EMPTY_REPORT {
        Problem {
            span,
            message: format!("report `{name}` holds no document"),
            label: "named here".to_string(),
            help: None,
        }
    } else {
        Problem {
            span,
            message: format!("report `{name}` is not valid YAML: {}", f.message),
            label: "named here".to_string(),
            help: Some(
                "a case needs a report that loads; check it with `pilotlint check`".to_string(),
            ),
        }
    })
}

/// `text` with everything but `span` and the comment lines just above it
/// blanked, byte for byte, so offsets and lines stay those of `text`. Text
/// after `span` on its last line is kept only when it is a comment.
fn only(text: &str, span: Span) -> String {
    let breaks = ['\n', '\r'];
    let line_start = |at: usize| text[..at].rfind(breaks).map_or(0, |i| i + 1);
    let first_line = line_start(span.start);
    let mut start = first_line;
    while start > 0 {
        let prev = line_start(start - 1);
        let line = text[prev..start].trim();
        if !(line.is_empty() || line.starts_with('#')) {
            break;
        }
        start = prev;
    }
    let end = text[span.end..]
        .find(breaks)
        .map_or(text.len(), |i| span.end + i);
    let tail = if text[span.end..end].trim_start().starts_with('#') {
        end
    } else {
        span.end
    };
    let keep = |i: usize| (start..first_line).contains(&i) || (span.start..tail).contains(&i);
    let mut masked = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if keep(i) || breaks.contains(&c) {
            masked.push(c);
        } else {
            // As many bytes as the character, so offsets stay right.
            masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    masked
}
