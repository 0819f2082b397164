//! Reading a rule test file (`*.tests.yaml`) into cases and expectations,
//! keeping the span of everything a failure or an error points at.
//!
//! The file is loaded with the report loader, so an inline `report:` is a
//! report [`Node`] whose spans are offsets in the test file itself: a
//! finding in it points at a line of the test file, and nothing has to be
//! translated. Every problem in the file is collected, not only the first,
//! so an author fixes them in one go.

use pilotlint::report::{self, Node, NodeKind};
use pilotlint::span::Span;

/// A parsed test file.
#[derive(Debug)]
pub struct TestFile {
    /// `rules:`, paths relative to the test file (or `builtin:NAME`), each
    /// with its span; `None` when the file does not name its rules.
    pub rules: Option<Vec<(String, Span)>>,
    pub cases: Vec<Case>,
}

#[derive(Debug)]
pub struct Case {
    pub name: String,
    /// One report, or several for rules across reports.
    pub reports: Vec<ReportSource>,
    pub expect: Vec<Expectation>,
}

#[derive(Debug)]
pub enum ReportSource {
    /// `report:`, the mapping written in the test file.
    Inline(Node),
    /// `report_file:`, a path relative to the test file, and its span.
    File(String, Span),
}

/// One `RULE_ID: ...` entry of a case's `expect`.
#[derive(Debug)]
pub struct Expectation {
    pub id: String,
    pub id_span: Span,
    pub expect: Expect,
}

#[derive(Debug)]
pub enum Expect {
    Pass(Span),
    Skip(Span),
    /// `not-evaluated`: the rule's findings are all data errors or
    /// `eval-limit` ([`pilotlint::eval::Outcome::NotEvaluated`]).
    NotEvaluated(Span),
    /// Its details: one, or one per file the findings are in.
    Fail(Vec<FailSpec>),
}

/// `fail`, or `{fail: N, lines: [..], message: "..."}` (every key
/// optional); each detail keeps the span of its value.
#[derive(Debug)]
pub struct FailSpec {
    pub span: Span,
    pub count: Option<(usize, Span)>,
    pub lines: Option<(Vec<usize>, Span)>,
    pub message: Option<(String, Span)>,
    /// `file`: the findings counted and whose lines are compared are those
    /// in this file (a report file as named, a data file as declared).
    pub file: Option<(String, Span)>,
}

/// A mistake in the test file.
#[derive(Debug)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl Problem {
    pub(super) fn new(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        Problem {
            span,
            message: message.into(),
            label: label.into(),
            help: None,
        }
    }

    pub(super) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

const TOP_KEYS: &[&str] = &["rules", "cases"];
const CASE_KEYS: &[&str] = &[
    "name",
    "report",
    "report_file",
    "reports",
    "report_files",
    "expect",
];

/// Parses the text of a test file; every problem found, when there is one.
pub fn parse(text: &str) -> Result<TestFile, Vec<Problem>> {
    let mut problems = Vec::new();
    let docs = match report::load(text) {
        Ok(loaded) => loaded.into_reports(),
        Err(e) => {
            let span = e.span.unwrap_or(Span::new(0, 0));
            return Err(vec![Problem::new(
                span,
                format!("the test file is not valid YAML: {}", e.message),
                "here",
            )]);
        }
    };
    let root = match &docs[..] {
        [doc] if matches!(doc.kind, NodeKind::Map(_)) => doc,
        [doc] => {
            return Err(vec![
                Problem::new(
                    doc.span,
                    format!("a test file is a mapping, not {}", article(doc)),
                    "expected `cases:`",
                )
                .help(HELP_SHAPE),
            ]);
        }
        [] => {
            return Err(vec![
                Problem::new(Span::new(0, 0), "the test file is empty", "no cases")
                    .help(HELP_SHAPE),
            ]);
        }
        [_, second, ..] => {
            return Err(vec![Problem::new(
                second.span,
                "a test file holds one YAML document",
                "a second document",
            )]);
        }
    };
    unknown_keys(root, TOP_KEYS, &mut problems);

    let rules = root.entry("rules").map(|e| {
        let items = match &e.value.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![&e.value],
        };
        // No path at all would mean the default rules of wherever
        // pilotlint runs, not the rules beside the tests.
        if items.is_empty() {
            problems.push(
                Problem::new(e.value.span_or(e.key.span), "`rules` names no rule file", "here")
                    .help("name rule files, e.g. `rules: [service-trade-pilot.rules]`, or leave `rules` out to test the `*.rules` files beside the test file"),
            );
        }
        items
            .into_iter()
            .filter_map(|item| match &item.kind {
                NodeKind::Str(s) => Some((s.to_string(), item.span)),
                _ => {
                    problems.push(Problem::new(
                        item.span,
                        format!("a rule path is a string, not {}", article(item)),
                        "expected a path such as `service-trade-pilot.rules`",
                    ));
                    None
                }
            })
            .collect()
    });

    let mut cases = Vec::new();
    match root.entry("cases") {
        None => problems.push(
            Problem::new(
                first_key(root),
                "the test file has no `cases`",
                "in this file",
            )
            .help(HELP_SHAPE),
        ),
        Some(e) => match &e.value.kind {
            NodeKind::Seq(items) if !items.is_empty() => {
                for item in items {
                    if let Some(case) = parse_case(item, &mut problems) {
                        cases.push(case);
                    }
                }
            }
            // A test file that tests nothing must not pass.
            NodeKind::Seq(_) => problems.push(
                Problem::new(
                    e.value.span_or(e.key.span),
                    "`cases` is empty",
                    "no case here",
                )
                .help(HELP_SHAPE),
            ),
            _ => problems.push(
                Problem::new(
                    e.value.span_or(e.key.span),
                    "`cases` is not a list of cases",
                    "here",
                )
                .help(HELP_SHAPE),
            ),
        },
    }
    if problems.is_empty() {
        Ok(TestFile { rules, cases })
    } else {
        Err(problems)
    }
}

const HELP_SHAPE: &str = "a test file is `cases:` followed by a list of cases, each with \
     `name`, `report` (or `report_file`) and `expect`; see docs/rule-tests.md";

fn parse_case(node: &Node, problems: &mut Vec<Problem>) -> Option<Case> {
    if !matches!(node.kind, NodeKind::Map(_)) {
        problems.push(
            Problem::new(
                node.span,
                format!("a case is a mapping, not {}", article(node)),
                "expected `name`, `report` and `expect`",
            )
            .help(HELP_SHAPE),
        );
        return None;
    }
    let before = problems.len();
    unknown_keys(node, CASE_KEYS, problems);
    let name = match node.entry("name") {
        Some(e) => match &e.value.kind {
            NodeKind::Str(s) => Some(s.to_string()),
            _ => {
                problems.push(Problem::new(
                    e.value.span_or(e.key.span),
                    "a case name is a string",
                    "here",
                ));
                None
            }
        },
        None => {
            problems.push(Problem::new(
                first_key(node),
                "a case has no `name`",
                "in this case",
            ));
            None
        }
    };
    let reports = super::sources::case_reports(node, problems);
    let mut expect = Vec::new();
    match node.entry("expect") {
        Some(e) => match &e.value.kind {
            NodeKind::Map(entries) if !entries.is_empty() => {
                for entry in entries {
                    if let Some(x) =
                        super::expect::parse_expectation(&entry.key, &entry.value, problems)
                    {
                        expect.push(x);
                    }
                }
            }
            _ => problems.push(
                Problem::new(
                    e.value.span_or(e.key.span),
                    "`expect` is not a mapping from rule ids to `pass`, `fail` or `skip`",
                    "here",
                )
                .help("e.g. `expect: {STP002: fail, STP001: skip}`"),
            ),
        },
        None => problems.push(
            Problem::new(first_key(node), "a case has no `expect`", "in this case")
                .help("e.g. `expect: {STP002: fail, STP001: skip}`"),
        ),
    }
    if problems.len() > before {
        return None;
    }
    Some(Case {
        name: name?,
        reports: reports?,
        expect,
    })
}

pub(super) fn unknown_keys(node: &Node, known: &[&str], problems: &mut Vec<Problem>) {
    let NodeKind::Map(entries) = &node.kind else {
        return;
    };
    for e in entries {
        let name = match &e.key.kind {
            NodeKind::Str(s) => s.to_string(),
            _ => "a non-string key".to_string(),
        };
        if known.contains(&name.as_str()) {
            continue;
        }
        let help = match pilotlint::suggest::did_you_mean(&name, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "the keys here are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        problems.push(Problem::new(e.key.span, format!("unknown key `{name}`"), "here").help(help));
    }
}

/// The first key of a mapping, where a problem about the mapping as a whole
/// points (a label on a long block is useless).
pub(super) fn first_key(node: &Node) -> Span {
    match &node.kind {
        NodeKind::Map(entries) => entries.first().map_or(node.span, |e| e.key.span),
        _ => node.span,
    }
}

/// "a list", "a number": the node's type for messages.
pub(super) fn article(node: &Node) -> String {
    match node.kind {
        NodeKind::Null => "null".to_string(),
        NodeKind::Int(_) | NodeKind::Float(_) => "a number".to_string(),
        _ => format!("a {}", node.type_name()),
    }
}

pub(super) trait SpanOr {
    fn span_or(&self, other: Span) -> Span;
}

impl SpanOr for Node {
    /// A null value written as nothing has an empty span: point at `other`
    /// (its key) instead.
    fn span_or(&self, other: Span) -> Span {
        if self.span.is_empty() {
            other
        } else {
            self.span
        }
    }
}
