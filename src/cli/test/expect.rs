//! Reading one `RULE_ID: pass | fail | skip | not-evaluated | {fail: N,
//! lines, message, file}` entry of a case's `expect` (or a list of such
//! mappings, one per file), every problem with its span.

use pilotlint::report::{Node, NodeKind};
use pilotlint::span::Span;

use super::spec::{Expect, Expectation, FailSpec, Problem, SpanOr, article, unknown_keys};

const FAIL_KEYS: &[&str] = &["fail", "lines", "message", "file"];

pub(super) fn parse_expectation(
    key: &Node,
    value: &Node,
    problems: &mut Vec<Problem>,
) -> Option<Expectation> {
    let NodeKind::Str(id) = &key.kind else {
        problems.push(Problem::new(key.span, "a rule id is a string", "here"));
        return None;
    };
    let bad = |problems: &mut Vec<Problem>, span: Span, found: String| {
        problems.push(
            Problem::new(
                span,
                format!(
                    "expected `pass`, `fail`, `skip`, `not-evaluated` or a mapping of `fail` \
                     details, found {found}"
                ),
                "here",
            )
            .help("the details are `{fail: N, lines: [..], message: \"...\"}`, every key optional"),
        );
    };
    let expect = match &value.kind {
        NodeKind::Str(s) if s == "pass" => Expect::Pass(value.span),
        NodeKind::Str(s) if s == "skip" => Expect::Skip(value.span),
        NodeKind::Str(s) if s == "not-evaluated" => Expect::NotEvaluated(value.span),
        NodeKind::Str(s) if s == "fail" => Expect::Fail(vec![FailSpec {
            span: value.span,
            count: None,
            lines: None,
            message: None,
            file: None,
        }]),
        NodeKind::Str(s) => {
            bad(problems, value.span, format!("`{s}`"));
            return None;
        }
        NodeKind::Map(_) => Expect::Fail(vec![fail_map(value, problems)?]),
        // One mapping per file, for a rule across reports whose findings
        // are in several.
        NodeKind::Seq(items) if !items.is_empty() => {
            let before = problems.len();
            let mut specs = Vec::new();
            for item in items {
                if !matches!(item.kind, NodeKind::Map(_)) || item.get("file").is_none() {
                    problems.push(
                        Problem::new(
                            item.span_or(value.span),
                            "each item of a list of `fail` details names its `file`",
                            "no `file`",
                        )
                        .help("e.g. `[{fail: 1, file: a.yaml}, {fail: 2, file: b.yaml}]`"),
                    );
                    continue;
                }
                let Some(spec) = fail_map(item, problems) else {
                    continue;
                };
                let same = |s: &FailSpec| {
                    s.file.as_ref().map(|f| &f.0) == spec.file.as_ref().map(|f| &f.0)
                };
                if let Some((_, span)) = spec.file.as_ref().filter(|_| specs.iter().any(same)) {
                    problems.push(
                        Problem::new(*span, "the same `file` is named twice", "named before")
                            .help("count and list the findings of one file in one mapping"),
                    );
                }
                specs.push(spec);
            }
            if problems.len() > before {
                return None;
            }
            Expect::Fail(specs)
        }
        _ => {
            bad(problems, value.span_or(key.span), article(value));
            return None;
        }
    };
    Some(Expectation {
        id: id.to_string(),
        id_span: key.span,
        expect,
    })
}

/// `{fail: N, lines: [..], message: "...", file: "..."}`, every key
/// optional; `None` when a key is wrong (reported).
fn fail_map(value: &Node, problems: &mut Vec<Problem>) -> Option<FailSpec> {
    let before = problems.len();
    unknown_keys(value, FAIL_KEYS, problems);
    let count = value.get("fail").and_then(|n| match n.kind {
        NodeKind::Int(i) if i >= 1 => Some((i as usize, n.span)),
        _ => {
            problems.push(Problem::new(
                n.span,
                "`fail` is the number of findings, at least 1",
                "not a positive integer",
            ));
            None
        }
    });
    let lines = value.get("lines").and_then(|n| {
        let items = match &n.kind {
            NodeKind::Seq(items) if !items.is_empty() => items,
            _ => {
                problems.push(Problem::new(
                    n.span_or(value.span),
                    "`lines` is a list of line numbers",
                    "here",
                ));
                return None;
            }
        };
        let mut lines = Vec::new();
        for item in items {
            match item.kind {
                NodeKind::Int(i) if i >= 1 => lines.push(i as usize),
                _ => problems.push(Problem::new(
                    item.span,
                    "a line number is a positive integer",
                    "here",
                )),
            }
        }
        Some((lines, n.span))
    });
    let message = value.get("message").and_then(|n| match &n.kind {
        NodeKind::Str(s) => Some((s.to_string(), n.span)),
        _ => {
            problems.push(Problem::new(
                n.span_or(value.span),
                "`message` is a string the message of a finding contains",
                "not a string",
            ));
            None
        }
    });
    let file = value.get("file").and_then(|n| match &n.kind {
        NodeKind::Str(s) => Some((s.to_string(), n.span)),
        _ => {
            problems.push(Problem::new(
                n.span_or(value.span),
                "`file` is the file the findings are in, as the case names it",
                "not a string",
            ));
            None
        }
    });
    if problems.len() > before {
        return None;
    }
    Some(FailSpec {
        span: value.span,
        count,
        lines,
        message,
        file,
    })
}
