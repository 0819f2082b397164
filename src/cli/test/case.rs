//! One case of a rule test: its report goes through the library's pipeline
//! entry, [`pilotlint::check_report`], exactly as `pilotlint check` would
//! check it, and each expectation is held against the outcome and the
//! findings of its rule. A failure is a diagnostic at the expectation that
//! also shows the findings the rule gave.

use std::path::Path;

use pilotlint::CheckedReport;
use pilotlint::diagnostic::Diag;
use pilotlint::eval::Outcome;
use pilotlint::finding::{Finding, codes};
use pilotlint::rules::RuleSet;
use pilotlint::span::Span;

use super::spec::{Case, Expect, Expectation, FailSpec, Problem};
use crate::cli::sink::io_error;

/// A case's report, checked.
pub(super) struct Report {
    pub checked: CheckedReport,
    /// Written in the test file: its findings point into the test file.
    pub inline: bool,
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
    loaded(checked, test_name, span).map(|checked| Report {
        checked,
        inline: true,
    })
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
    let name = super::file::normalize(&path).display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| Problem {
        span,
        message: io_error("report", &name, &e).message,
        label: "named here".to_string(),
        help: None,
    })?;
    let checked = pilotlint::check_report(rules, &name, &bytes);
    loaded(checked, &name, span).map(|checked| Report {
        checked,
        inline: false,
    })
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

/// What a case's diagnostics point into.
pub(super) struct Context<'a> {
    pub rules: &'a RuleSet,
    pub test_name: &'a str,
    pub test_text: &'a str,
    pub report: &'a CheckedReport,
    /// The report is written in the test file, so findings are labels of
    /// the same snippet as the expectation.
    pub inline: bool,
}

/// Holds each expectation of `case` against the outcome and the findings
/// of its rule. One diagnostic per expectation not met; none when the
/// case passed.
pub(super) fn run<'a>(ctx: &Context<'a>, case: &Case) -> Vec<Diag<'a>> {
    let mut diags = Vec::new();
    for x in &case.expect {
        // Every rule named was checked to be loaded before any case ran.
        let Some(info) = ctx.rules.rule_by_id(&x.id) else {
            continue;
        };
        let index = info.meta.index;
        let outcome = ctx
            .report
            .outcomes
            .get(index)
            .copied()
            .unwrap_or(Outcome::Skipped);
        let findings: Vec<&Finding> = ctx
            .report
            .findings
            .iter()
            .filter(|f| f.rule.as_ref().is_some_and(|r| r.meta.index == index))
            .collect();
        if let Some(d) = check(ctx, case, x, outcome, &findings) {
            diags.push(d);
        }
    }
    diags
}

fn describe(o: Outcome) -> &'static str {
    match o {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Skipped => "was skipped",
    }
}

/// The diagnostic for expectation `x` when `outcome` and `findings` do not
/// meet it.
fn check<'a>(
    ctx: &Context<'a>,
    case: &Case,
    x: &Expectation,
    outcome: Outcome,
    findings: &[&Finding],
) -> Option<Diag<'a>> {
    let id = &x.id;
    let (message, span, label, help) = match (&x.expect, outcome) {
        (Expect::Pass(_), Outcome::Passed) | (Expect::Skip(_), Outcome::Skipped) => return None,
        (Expect::Fail(spec), Outcome::Failed) => fail_details(ctx, id, spec, findings)?,
        (Expect::Pass(span), actual) => (
            format!("`{id}` {}, expected it to pass", describe(actual)),
            *span,
            "expected to pass".to_string(),
            skip_help(actual),
        ),
        (Expect::Skip(span), actual) => (
            format!("`{id}` {}, expected it to be skipped", describe(actual)),
            *span,
            "expected to be skipped".to_string(),
            Some(SKIP_MEANS.to_string()),
        ),
        (Expect::Fail(spec), actual) => (
            format!("`{id}` {}, expected it to fail", describe(actual)),
            spec.span,
            "expected to fail".to_string(),
            skip_help(actual),
        ),
    };
    let mut d = Diag::error(format!("case `{}`: {message}", case.name))
        .in_source(ctx.test_name, ctx.test_text)
        .label(span, Some(label), true);
    d.help = help;
    d.code = Some("rule-test".to_string());
    let with_span: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| f.span.is_some())
        .collect();
    if ctx.inline {
        for f in &with_span {
            if let Some(s) = f.span {
                d = d.label(s, Some(f.message.clone()), false);
            }
        }
    } else if !with_span.is_empty() {
        let mut rel = Diag::error(format!("the findings of `{id}` in `{}`", &ctx.report.name))
            .in_source(&ctx.report.name, &ctx.report.text);
        for f in &with_span {
            if let Some(s) = f.span {
                rel = rel.label(s, Some(f.message.clone()), false);
            }
        }
        rel.severity = miette::Severity::Advice;
        d.related.push(rel);
    }
    // A finding with no position still has a message worth reading.
    let unplaced: Vec<&str> = findings
        .iter()
        .filter(|f| f.span.is_none())
        .map(|f| f.message.as_str())
        .collect();
    if !unplaced.is_empty() {
        let list = unplaced.join("\n");
        d.help = Some(match d.help {
            Some(h) => format!("{h}\n{list}"),
            None => list,
        });
    }
    Some(d)
}

const SKIP_MEANS: &str = "`skip` means a `when` at the top of the rule was false before any \
     `require` ran: the rule does not apply to the report";

fn skip_help(actual: Outcome) -> Option<String> {
    (actual == Outcome::Skipped).then(|| SKIP_MEANS.to_string())
}

/// Checks the details of a `fail` expectation against a rule that failed.
fn fail_details(
    ctx: &Context<'_>,
    id: &str,
    spec: &FailSpec,
    findings: &[&Finding],
) -> Option<(String, Span, String, Option<String>)> {
    let times = |n: usize| {
        if n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        }
    };
    if let Some((n, span)) = spec.count
        && n != findings.len()
    {
        return Some((
            format!(
                "`{id}` failed {}, expected {}",
                times(findings.len()),
                times(n)
            ),
            span,
            format!("expected {}", times(n)),
            None,
        ));
    }
    if let Some((expected, span)) = &spec.lines {
        let mut expected = expected.clone();
        expected.sort_unstable();
        expected.dedup();
        let mut actual: Vec<usize> = findings
            .iter()
            .filter_map(|f| f.span)
            .map(|s| ctx.report.lines.line(&ctx.report.text, s.start))
            .collect();
        actual.dedup();
        if actual != expected {
            let list = |l: &[usize]| {
                if l.is_empty() {
                    "no line".to_string()
                } else {
                    format!(
                        "line{} {}",
                        if l.len() == 1 { "" } else { "s" },
                        l.iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            };
            return Some((
                format!(
                    "`{id}` failed on {}, expected {}",
                    list(&actual),
                    list(&expected)
                ),
                *span,
                format!("expected {}", list(&expected)),
                Some(format!("lines count in `{}`", &ctx.report.name)),
            ));
        }
    }
    if let Some((text, span)) = &spec.message
        && !findings.iter().any(|f| f.message.contains(text.as_str()))
    {
        return Some((
            format!("no finding of `{id}` has a message containing `{text}`"),
            *span,
            "expected in a message".to_string(),
            Some(format!(
                "the messages are:\n{}",
                findings
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
        ));
    }

    None
}
