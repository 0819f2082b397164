//! Tests of the diagnostics: labels, related sources and rendering.
use super::*;
use crate::finding::RuleRef;
use crate::rules::RuleInfo;
use crate::span::Spanned;
use crate::syntax::ast::{Expr, ExprKind, Literal, Require, Rule};

const RULES: &str = "rule STP001 \"implementation rate reaches 90%\" {\n    help \"At least 90% of the 122 measures must be implemented.\"\n    require rate >= 90% by deadline\n        else \"rate is {rate}\"\n}\n";
const REPORT: &str = "summary:\n  measures_total: 122\nmeasures:\n  - id: XA-1\n    status: planned\n  - id: XA-2\n    status: planned\n";

fn at(text: &str, needle: &str) -> Span {
    let i = text.find(needle).expect("needle in text");
    Span::new(i, i + needle.len())
}

fn expr(text: &str, needle: &str) -> Expr {
    Spanned::new(ExprKind::Literal(Literal::Null), at(text, needle))
}

fn fixture() -> (RuleSet, CheckedReport, Finding) {
    let clause_span = Span::new(at(RULES, "require").start, at(RULES, "{rate}\"").end);
    let rule = Rule {
        id: Spanned::new("STP001".into(), at(RULES, "STP001")),
        title: Spanned::new(
            "implementation rate reaches 90%".into(),
            at(RULES, "\"impl"),
        ),
        clauses: vec![Spanned::new(
            ClauseKind::Require(Require {
                condition: expr(RULES, "rate >= 90%"),
                by: Some(expr(RULES, "deadline")),
                message: None,
            }),
            clause_span,
        )],
        span: Span::new(0, RULES.len()),
    };
    let rules = RuleSet {
        sources: vec![RuleSource {
            name: "rules/stp.rules".into(),
            text: RULES.into(),
        }],
        files: vec![],
        rules: vec![RuleInfo {
            file: 0,
            rule,
            severity: Severity::Error,
            help: Some("At least 90% of the 122 measures must be implemented.".into()),
            url: Some("https://example.org/policy#rate".into()),
            tags: vec![],
        }],
        regexes: Default::default(),
        ..Default::default()
    };
    let report = CheckedReport {
        name: "reports/xian.yaml".into(),
        text: REPORT.into(),
        lines: LineIndex::new(REPORT),
        documents: crate::report::load(REPORT).unwrap().documents,
        findings: vec![],
        data_paths: vec![],
    };
    let f = Finding {
        code: "STP001".into(),
        severity: Severity::Error,
        message: "`rate` is 0%, expected >= 90%".into(),
        span: Some(Span::new(
            at(REPORT, "measures:").start,
            at(REPORT, "measures:").end - 1,
        )),
        label: Some("0%, expected >= 90% by 2023-08-31".into()),
        secondary: vec![(at(REPORT, "measures_total"), "declared here".into())],
        help: None,
        rule: Some(RuleRef {
            rule: 0,
            clause: clause_span,
        }),
    };
    (rules, report, f)
}

fn text_of(text: &str, label: &LabeledSpan) -> String {
    text[label.offset()..label.offset() + label.len()].to_string()
}

#[test]
fn a_finding_labels_the_report_value_and_the_rule_clause_in_its_own_file() {
    let (rules, report, f) = fixture();
    let d = finding(&rules, &report, &f);
    assert_eq!(d.code.as_deref(), Some("STP001"));
    assert_eq!(d.severity, miette::Severity::Error);
    assert_eq!(d.help, rules.rules[0].help);
    assert_eq!(d.url.as_deref(), Some("https://example.org/policy#rate"));
    assert_eq!(d.source.map(|s| s.name), Some("reports/xian.yaml"));
    assert_eq!(text_of(REPORT, &d.labels[0]), "measures");
    assert!(d.labels[0].primary());
    assert_eq!(text_of(REPORT, &d.labels[1]), "measures_total");
    assert_eq!(d.labels[1].label(), Some("declared here"));

    let rel = &d.related[0];
    assert_eq!(rel.source.map(|s| s.name), Some("rules/stp.rules"));
    // The `else` message is left out of the underline.
    assert_eq!(
        text_of(RULES, &rel.labels[0]),
        "require rate >= 90% by deadline"
    );
    assert_eq!(rel.labels[0].label(), Some("this requirement failed"));

    let text = render(&d, false);
    assert!(text.contains("[reports/xian.yaml:3:1]"), "{text}");
    assert!(text.contains("[rules/stp.rules:3:5]"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour: {text}");
    assert!(render(&d, true).contains('\u{1b}'));
}

#[test]
fn a_data_finding_of_a_rule_says_the_clause_was_being_evaluated() {
    let (rules, report, mut f) = fixture();
    f.code = crate::finding::codes::INCOMPARABLE.into();
    let d = finding(&rules, &report, &f);
    assert_eq!(d.code.as_deref(), Some("incomparable"));
    assert_eq!(
        d.related[0].labels[0].label(),
        Some("while evaluating this requirement")
    );
    // The finding's own advice comes first, then the rule's.
    f.help = Some("`no` is a string in YAML 1.2, not a boolean".into());
    let d = finding(&rules, &report, &f);
    assert_eq!(
        d.help.as_deref(),
        Some(
            "`no` is a string in YAML 1.2, not a boolean\n\
             At least 90% of the 122 measures must be implemented."
        )
    );
}

#[test]
fn info_is_advice_and_a_finding_without_a_rule_has_no_related() {
    let (rules, report, mut f) = fixture();
    f.severity = Severity::Info;
    f.rule = None;
    let d = finding(&rules, &report, &f);
    assert_eq!(d.severity, miette::Severity::Advice);
    assert!(d.related.is_empty());
    assert_eq!(d.help, None);
}

#[test]
fn check_errors_label_their_file_and_relate_other_files() {
    let sources = vec![
        RuleSource {
            name: "a.rules".into(),
            text: "rule X \"a\" {}\nrule X \"b\" {}\n".into(),
        },
        RuleSource {
            name: "b.rules".into(),
            text: "rule X \"c\" {}\n".into(),
        },
    ];
    let e = CheckError {
        file: 0,
        span: Span::new(19, 20),
        message: "duplicate rule id `X`".into(),
        label: "second definition".into(),
        help: Some("rule ids must be unique".into()),
        related: vec![
            crate::check::Related {
                file: 0,
                span: Span::new(5, 6),
                label: "first here".into(),
            },
            crate::check::Related {
                file: 1,
                span: Span::new(5, 6),
                label: "also here".into(),
            },
        ],
    };
    let d = check_error(&sources, &e);
    assert_eq!(d.labels.len(), 2);
    assert_eq!(d.labels[1].label(), Some("first here"));
    assert_eq!(d.related[0].source.map(|s| s.name), Some("b.rules"));
    let text = render(&d, false);
    assert!(text.contains("[a.rules:2:6]"), "{text}");
    assert!(text.contains("[b.rules:1:6]"), "{text}");
}

#[test]
fn labels_outside_their_source_are_clamped_not_a_render_failure() {
    let (rules, report, mut f) = fixture();
    f.span = Some(Span::new(REPORT.len() + 5, REPORT.len() + 9));
    let text = render(&finding(&rules, &report, &f), false);
    assert!(text.contains("`rate` is 0%"), "{text}");
}

/// Reading snippets from a window of lines is an optimisation: it must
/// render exactly what reading the whole text renders, for labels at the
/// start, middle and end, near each other and far apart, with CRLF.
#[test]
fn windowed_snippets_render_exactly_like_whole_text_snippets() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("  - {{ id: XA-{i:03}, name: 合肥{i} }}\r\n"));
    }
    let lines = LineIndex::new(&text);
    let id = |i: usize| at(&text, &format!("XA-{i:03}"));
    let cases: &[&[usize]] = &[
        &[0],
        &[39],
        &[20],
        &[20, 39],
        &[5, 7],
        &[3, 30],
        &[0, 39],
        &[10, 11, 12],
    ];
    for labels in cases {
        let mut whole = Diag::error("x").in_source("r.yaml", &text);
        for (n, i) in labels.iter().enumerate() {
            whole = whole.label(id(*i), Some(format!("label {n}")), n == 0);
        }
        let mut windowed = whole.clone();
        windowed.source = Some(Source {
            name: "r.yaml",
            text: &text,
            lines: Some(&lines),
        });
        assert_eq!(
            render(&windowed, false),
            render(&whole, false),
            "labels {labels:?}"
        );
    }
    // A point at the very end of the text (a YAML error at end of file).
    let end = Span::new(text.len(), text.len());
    let whole = Diag::error("x")
        .in_source("r.yaml", &text)
        .label(end, None, true);
    let mut windowed = whole.clone();
    windowed.source = Some(Source {
        name: "r.yaml",
        text: &text,
        lines: Some(&lines),
    });
    assert_eq!(render(&windowed, false), render(&whole, false));
}

#[test]
fn a_finding_without_a_position_still_names_its_file() {
    let (rules, mut report, mut f) = fixture();
    f.span = None;
    f.secondary.clear();
    let text = render(&finding(&rules, &report, &f), false);
    assert!(text.contains("[reports/xian.yaml:1:1]"), "{text}");
    report.text = "".into();
    report.lines = LineIndex::new("");
    let d = finding(&rules, &report, &f);
    assert!(
        d.message.ends_with("(in `reports/xian.yaml`)"),
        "{}",
        d.message
    );
}

#[test]
fn fill_wraps_words_and_keeps_line_breaks() {
    assert_eq!(fill("aa bb cc dd", 5), "aa bb\ncc dd");
    assert_eq!(fill("aa bb\ncc", 80), "aa bb\ncc");
    assert_eq!(fill("a verylongword b", 4), "a\nverylongword\nb");
}

/// Regression: miette re-wrapped a nested diagnostic's whole rendering,
/// so a long rule line in the related snippet broke in the middle.
#[test]
fn long_rule_lines_in_the_related_snippet_are_not_broken() {
    let (mut rules, report, mut f) = fixture();
    let long = format!(
        "    require rate >= 90% by deadline # {}\n",
        "x".repeat(120)
    );
    let old = rules.sources[0].text.clone();
    let clause = f.rule.unwrap().clause;
    let line_start = old[..clause.start].rfind('\n').unwrap() + 1;
    let line_end = line_start + old[line_start..].find('\n').unwrap() + 1;
    rules.sources[0].text = format!("{}{long}{}", &old[..line_start], &old[line_end..]);
    f.rule = Some(RuleRef {
        rule: 0,
        clause: Span::new(clause.start, clause.start + 31),
    });
    let text = render(&finding(&rules, &report, &f), false);
    assert!(text.contains(&"x".repeat(120)), "{text}");
    assert!(
        text.lines().all(|l| !l.trim_start().starts_with('x')),
        "{text}"
    );
}

#[test]
fn the_header_column_counts_characters_not_bytes() {
    let text = "area: { name: 合肥, code: 7 }\n";
    let mut d = Diag::error("x").in_source("r.yaml", text);
    d = d.label(at(text, "7"), None, true);
    // `7` is the 25th character of the line and its 29th byte.
    assert!(
        render(&d, false).contains("[r.yaml:1:25]"),
        "{}",
        render(&d, false)
    );
}

#[test]
fn io_errors_say_what_could_not_be_read() {
    let e = std::io::Error::from(std::io::ErrorKind::NotFound);
    assert_eq!(
        io_error("report path", "x.yaml", &e).message,
        "report path `x.yaml` does not exist"
    );
    let e = std::io::Error::from_raw_os_error(13);
    assert_eq!(
        io_error("report", "x.yaml", &e).message,
        "cannot read report `x.yaml`: permission denied"
    );
}
