//! Tests of the diagnostics: labels, related sources and rendering.
use std::sync::Arc;

use super::*;
use crate::rules::{RuleMeta, RuleRef};

const RULES: &str = "rule STP001 \"implementation rate reaches 90%\" {\n    help \"At least 90% of the 122 measures must be implemented.\"\n    require rate >= 90% by deadline\n        else \"rate is {rate}\"\n}\n";
const REPORT: &str = "summary:\n  measures_total: 122\nmeasures:\n  - id: XA-1\n    status: planned\n  - id: XA-2\n    status: planned\n";

fn at(text: &str, needle: &str) -> Span {
    let i = text.find(needle).expect("needle in text");
    Span::new(i, i + needle.len())
}

fn meta(rules_text: &str) -> Arc<RuleMeta> {
    Arc::new(RuleMeta {
        id: "STP001".into(),
        title: "implementation rate reaches 90%".into(),
        severity: Severity::Error,
        help: Some("At least 90% of the 122 measures must be implemented.".into()),
        url: Some("https://example.org/policy#rate".into()),
        tags: vec![],
        index: 0,
        set: false,
        file: Arc::new(SourceText::new("rules/stp.rules", rules_text)),
    })
}

fn fixture() -> (Arc<RuleMeta>, CheckedReport, Finding) {
    // What the evaluator underlines: the condition and `by`, not `else`.
    let clause_span = Span::new(at(RULES, "require").start, at(RULES, "deadline").end);
    let meta = meta(RULES);
    let report = crate::check_report(
        &crate::rules::RuleSet::default(),
        "reports/xian.yaml",
        REPORT.as_bytes(),
    );
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
            meta: Arc::clone(&meta),
            clause: clause_span,
        }),
        file: None,
        related: Vec::new(),
    };
    (meta, report, f)
}

fn text_of(text: &str, label: &LabeledSpan) -> String {
    text[label.offset()..label.offset() + label.len()].to_string()
}

#[test]
fn a_finding_labels_the_report_value_and_the_rule_clause_in_its_own_file() {
    let (meta, report, f) = fixture();
    let d = finding(&report, &f);
    assert_eq!(d.code.as_deref(), Some("STP001"));
    assert_eq!(d.severity, miette::Severity::Error);
    assert_eq!(d.help, meta.help);
    assert_eq!(d.url.as_deref(), Some("https://example.org/policy#rate"));
    assert_eq!(d.source.map(|s| s.name), Some("reports/xian.yaml"));
    assert_eq!(text_of(REPORT, &d.labels[0]), "measures");
    assert!(d.labels[0].primary());
    assert_eq!(text_of(REPORT, &d.labels[1]), "measures_total");
    assert_eq!(d.labels[1].label(), Some("declared here"));

    let rel = &d.related[0];
    assert_eq!(rel.source.map(|s| s.name), Some("rules/stp.rules"));
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
    let (_, report, mut f) = fixture();
    f.code = crate::finding::codes::INCOMPARABLE.into();
    let d = finding(&report, &f);
    assert_eq!(d.code.as_deref(), Some("incomparable"));
    assert_eq!(
        d.related[0].labels[0].label(),
        Some("while evaluating this requirement")
    );
    // The finding's own advice comes first, then the rule's.
    f.help = Some("`no` is a string in YAML 1.2, not a boolean".into());
    let d = finding(&report, &f);
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
    let (_, report, mut f) = fixture();
    f.severity = Severity::Info;
    f.rule = None;
    let d = finding(&report, &f);
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
    let (_, report, mut f) = fixture();
    f.span = Some(Span::new(REPORT.len() + 5, REPORT.len() + 9));
    let text = render(&finding(&report, &f), false);
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
    let (_, mut report, mut f) = fixture();
    f.span = None;
    f.secondary.clear();
    let text = render(&finding(&report, &f), false);
    assert!(text.contains("[reports/xian.yaml:1:1]"), "{text}");
    report.text = "".into();
    report.lines = LineIndex::new("");
    let d = finding(&report, &f);
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
    let (_, report, mut f) = fixture();
    let long = format!(
        "    require rate >= 90% by deadline # {}\n",
        "x".repeat(120)
    );
    let old = RULES;
    let clause = f.rule.as_ref().unwrap().clause;
    let line_start = old[..clause.start].rfind('\n').unwrap() + 1;
    let line_end = line_start + old[line_start..].find('\n').unwrap() + 1;
    let text = format!("{}{long}{}", &old[..line_start], &old[line_end..]);
    f.rule = Some(RuleRef {
        meta: meta(&text),
        clause: Span::new(clause.start, clause.start + 31),
    });
    let text = render(&finding(&report, &f), false);
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

/// Regression (40,000 syntax errors took 113 s, 20,000 duplicate rule ids
/// 16 s): a rule error's snippet was read by miette scanning the rule file
/// from its start, once per error. Every diagnostic of a failed load, the
/// related ones included, reads its few lines through the file's index.
#[test]
fn rule_error_snippets_are_read_through_the_line_index() {
    let text = "rule R \"r\" {\n    require x == 1\n}\n".repeat(2_000);
    let duplicates = crate::load_rules(vec![RuleSource {
        name: "a.rules".into(),
        text: text.clone(),
    }])
    .expect_err("duplicate ids");
    let broken = crate::load_rules(vec![
        RuleSource {
            name: "a.rules".into(),
            text: text.replace("require", "requires"),
        },
        RuleSource {
            name: "b.rules".into(),
            text: "rule R \"r\" {}\n".into(),
        },
    ])
    .expect_err("syntax errors");
    for errors in [&duplicates, &broken] {
        let diags = rule_errors(errors);
        assert!(diags.len() > 100);
        for d in diags.iter().chain(diags.iter().flat_map(|d| &d.related)) {
            assert!(d.source.is_some_and(|s| s.lines.is_some()), "{}", d.message);
        }
    }
    let last = rule_errors(&duplicates).pop().expect("an error");
    assert!(render(&last, false).contains("[a.rules:5998:6]"));
}

/// A lone CR ends a line in YAML 1.2: the snippet breaks the line there,
/// and its header counts lines and columns as the JSON output does.
#[test]
fn a_lone_cr_breaks_the_snippet_line() {
    let text = "summary:\r  measures_total: 122\r  measures_done: x\r";
    let report = crate::check_report(&crate::rules::RuleSet::default(), "r.yaml", text.as_bytes());
    let d = Diag {
        source: Some(Source {
            name: "r.yaml",
            text: &report.text,
            lines: Some(&report.lines),
        }),
        ..Diag::error("x")
    }
    .label(at(text, "x"), Some("here".into()), true);
    let shown = render(&d, false);
    assert!(shown.contains("[r.yaml:3:18]"), "{shown}");
    assert!(shown.contains(" 2 │   measures_total: 122\n"), "{shown}");
    assert!(shown.contains(" 3 │   measures_done: x\n"), "{shown}");
    assert!(!shown.contains('\r'), "{shown:?}");
}
