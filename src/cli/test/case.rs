//! One case of a rule test: its reports, checked as `pilotlint check`
//! checks them (`load.rs`), then the rules across reports over all of them
//! ([`pilotlint::pipeline::check_set`]), and each expectation held against
//! the outcome and the findings of its rule. A failure is a diagnostic at
//! the expectation that also shows the findings the rule gave, wherever
//! they are: in the test file, a report file or a data file.

use std::collections::BTreeMap;

use pilotlint::CheckedReport;
use pilotlint::diagnostic::{self, Diag};
use pilotlint::eval::Outcome;
use pilotlint::finding::Finding;
use pilotlint::pipeline::{SetResult, check_set};
use pilotlint::rules::RuleSet;
use pilotlint::span::{LineIndex, Span};

use super::load::Report;
use super::spec::{Case, Expect, Expectation, FailSpec};

/// What a case's diagnostics point into.
pub(super) struct Context<'a> {
    pub rules: &'a RuleSet,
    pub test_name: &'a str,
    pub test_text: &'a str,
    /// The case's reports, checked, in order.
    pub reports: &'a [Report],
}

/// A finding of a case and the file it is in.
struct Found<'a> {
    finding: &'a Finding,
    name: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
}

impl Found<'_> {
    fn line(&self) -> Option<usize> {
        self.finding
            .span
            .map(|s| self.lines.line(self.text, s.start))
    }
}

/// An expectation not met, as its diagnostic's message and rendering
/// (coloured or not as asked, and plain, for JUnit).
pub(super) struct Failed {
    pub message: String,
    pub text: String,
    pub plain: String,
}

/// Holds each expectation of `case` against the outcome and the findings
/// of its rule. One failure per expectation not met; none when the case
/// passed.
pub(super) fn run(ctx: &Context, case: &Case, color: bool) -> Vec<Failed> {
    let set = across(ctx);
    let mut diags = Vec::new();
    for x in &case.expect {
        // Every rule named was checked to be loaded before any case ran.
        let Some(info) = ctx.rules.rule_by_id(&x.id) else {
            continue;
        };
        let index = info.meta.index;
        let outcome = if info.is_set() {
            set.outcomes.get(index).copied().unwrap_or(Outcome::Skipped)
        } else {
            combined(
                ctx.reports
                    .iter()
                    .map(|r| r.checked.outcomes.get(index).copied()),
            )
        };
        let checked = ctx.reports.iter().map(|r| &r.checked).chain(&set.reports);
        let found: Vec<Found> = checked
            .flat_map(|report| {
                report
                    .findings
                    .iter()
                    .filter(move |f| f.rule.as_ref().is_some_and(|r| r.meta.index == index))
                    .map(move |f| place(report, f))
            })
            .collect();
        if let Some(d) = check(ctx, case, x, outcome, &found) {
            let text = diagnostic::render(&d, color);
            let plain = if color {
                diagnostic::render(&d, false)
            } else {
                text.clone()
            };
            diags.push(Failed {
                message: d.message.clone(),
                text,
                plain,
            });
        }
    }
    diags
}

/// The rules across reports over the case's reports (nothing when the
/// rules have none).
fn across(ctx: &Context) -> SetResult {
    let loaded: Vec<&CheckedReport> = ctx
        .reports
        .iter()
        .map(|r| &r.checked)
        .filter(|c| !c.documents.is_empty())
        .collect();
    let set = loaded.iter().filter_map(|c| c.for_set(ctx.rules)).collect();
    check_set(ctx.rules, set, &mut |i| {
        loaded.get(i).map(|c| c.text.to_string())
    })
}

/// A rule's outcome over several reports: failed anywhere is failed;
/// otherwise passed when it applied to any.
fn combined(outcomes: impl Iterator<Item = Option<Outcome>>) -> Outcome {
    outcomes.flatten().fold(Outcome::Skipped, Outcome::and)
}

/// `f` of `report` with the file it is in: the report, or the data file it
/// points into.
fn place<'a>(report: &'a CheckedReport, f: &'a Finding) -> Found<'a> {
    match &f.file {
        Some(file) => Found {
            finding: f,
            name: &file.name,
            text: &file.text,
            lines: &file.lines,
        },
        None => Found {
            finding: f,
            name: &report.name,
            text: &report.text,
            lines: &report.lines,
        },
    }
}

fn describe(o: Outcome) -> &'static str {
    match o {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Skipped => "was skipped",
        Outcome::NotEvaluated => "could not be evaluated",
    }
}

/// The diagnostic for expectation `x` when `outcome` and `found` do not
/// meet it.
fn check<'a>(
    ctx: &Context<'a>,
    case: &Case,
    x: &Expectation,
    outcome: Outcome,
    found: &'a [Found<'a>],
) -> Option<Diag<'a>> {
    let id = &x.id;
    let (message, span, label, help) = match (&x.expect, outcome) {
        (Expect::Pass(_), Outcome::Passed)
        | (Expect::Skip(_), Outcome::Skipped)
        | (Expect::NotEvaluated(_), Outcome::NotEvaluated) => return None,
        (Expect::Fail(specs), Outcome::Failed) => specs
            .iter()
            .find_map(|spec| fail_details(id, spec, found))?,
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
        (Expect::Fail(specs), actual) => (
            format!("`{id}` {}, expected it to fail", describe(actual)),
            specs.first().map_or(x.id_span, |s| s.span),
            "expected to fail".to_string(),
            skip_help(actual),
        ),
        (Expect::NotEvaluated(span), actual) => (
            format!(
                "`{id}` {}, expected it not to be evaluated",
                describe(actual)
            ),
            *span,
            "expected not to be evaluated".to_string(),
            Some(NOT_EVALUATED_MEANS.to_string()),
        ),
    };
    let mut d = Diag::error(format!("case `{}`: {message}", case.name))
        .in_source(ctx.test_name, ctx.test_text)
        .label(span, Some(label), true);
    d.help = help;
    d.code = Some("rule-test".to_string());
    // The findings, where they are: labels of the test file's snippet for
    // a report written in it, a snippet of each other file.
    let mut elsewhere: BTreeMap<&str, (&str, Vec<&Found>)> = BTreeMap::new();
    for f in found.iter().filter(|f| f.finding.span.is_some()) {
        if f.name == ctx.test_name {
            if let Some(s) = f.finding.span {
                d = d.label(s, Some(f.finding.message.clone()), false);
            }
        } else {
            elsewhere
                .entry(f.name)
                .or_insert((f.text, Vec::new()))
                .1
                .push(f);
        }
    }
    for (name, (text, fs)) in elsewhere {
        let mut rel =
            Diag::error(format!("the findings of `{id}` in `{name}`")).in_source(name, text);
        for f in fs {
            if let Some(s) = f.finding.span {
                rel = rel.label(s, Some(f.finding.message.clone()), false);
            }
        }
        rel.severity = miette::Severity::Advice;
        d.related.push(rel);
    }
    // A finding with no position still has a message worth reading.
    let unplaced: Vec<&str> = found
        .iter()
        .filter(|f| f.finding.span.is_none())
        .map(|f| f.finding.message.as_str())
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

const NOT_EVALUATED_MEANS: &str = "`not-evaluated` means every finding of the rule is about \
     data it cannot work with (`type-mismatch`, `incomparable`, `invalid-pattern`) or it was \
     stopped by `eval-limit`: whether its requirements hold is unknown";

fn skip_help(actual: Outcome) -> Option<String> {
    match actual {
        Outcome::Skipped => Some(SKIP_MEANS.to_string()),
        Outcome::NotEvaluated => Some(NOT_EVALUATED_MEANS.to_string()),
        _ => None,
    }
}

/// Checks the details of a `fail` expectation against a rule that failed.
/// With `file`, only the findings in that file count.
fn fail_details(
    id: &str,
    spec: &FailSpec,
    found: &[Found],
) -> Option<(String, Span, String, Option<String>)> {
    let in_file = |f: &&Found| {
        spec.file.as_ref().is_none_or(|(file, _)| {
            let file = file.trim_start_matches("./");
            // Embedded with the packs, `data/x.yaml` is `builtin:data/x.yaml`
            // and `national.rules` is `builtin:national`.
            let name = match f.name.strip_prefix(pilotlint::builtin::PREFIX) {
                Some(embedded) if file.strip_suffix(".rules") == Some(embedded) => file,
                Some(embedded) => embedded,
                None => f.name,
            };
            name == file || name.ends_with(&format!("/{file}"))
        })
    };
    let found: Vec<&Found> = found.iter().filter(in_file).collect();
    let times = |n: usize| {
        if n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        }
    };
    let where_ = spec
        .file
        .as_ref()
        .map_or(String::new(), |(file, _)| format!(" in `{file}`"));
    // A rule that failed, but not in the file named, does not meet it (a
    // misspelt `file` must not pass).
    if let Some((file, span)) = &spec.file
        && found.is_empty()
    {
        return Some((
            format!("`{id}` has no finding in `{file}`"),
            *span,
            "expected a finding here".to_string(),
            Some("`file` is a report of the case as named, or a data file as declared".into()),
        ));
    }
    if let Some((n, span)) = spec.count
        && n != found.len()
    {
        return Some((
            format!(
                "`{id}` failed {}{where_}, expected {}",
                times(found.len()),
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
        let mut actual: Vec<usize> = found.iter().filter_map(|f| f.line()).collect();
        actual.sort_unstable();
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
            let files: Vec<&str> = found.iter().map(|f| f.name).collect();
            let mut files = files;
            files.dedup();
            return Some((
                format!(
                    "`{id}` failed on {}{where_}, expected {}",
                    list(&actual),
                    list(&expected)
                ),
                *span,
                format!("expected {}", list(&expected)),
                Some(format!(
                    "lines count in {}",
                    files
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ));
        }
    }
    if let Some((text, span)) = &spec.message
        && !found
            .iter()
            .any(|f| f.finding.message.contains(text.as_str()))
    {
        return Some((
            format!("no finding of `{id}` has a message containing `{text}`"),
            *span,
            "expected in a message".to_string(),
            Some(format!(
                "the messages are:\n{}",
                found
                    .iter()
                    .map(|f| f.finding.message.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
        ));
    }
    None
}
