//! Evaluation: rules against reports, findings as text.
//!
//! Each folder `tests/fixtures/eval/<case>/` holds `rules.rules` and
//! `report.yaml`; the snapshot lists every finding of every document with
//! its position, the exact report text it underlines, its label, secondary
//! labels, help, and the first line of the rule clause that produced it.
//! The plain tests below assert messages worked out by hand.

use std::fmt::Write;

use pilotlint::eval::{evaluate, evaluate_with_budget};
use pilotlint::finding::Finding;
use pilotlint::report::{self, Node};
use pilotlint::rules::{RuleSet, RuleSource};
use pilotlint::span::{LineIndex, Span};

/// Parses and checks one rule file; a fixture whose rules do not pass is a
/// broken fixture.
fn rule_set(rules: &str) -> RuleSet {
    let (file, errors) = pilotlint::syntax::parse(rules);
    assert!(errors.is_empty(), "syntax errors in the rules: {errors:?}");
    let source = RuleSource {
        name: "rules.rules".to_string(),
        text: rules.to_string(),
    };
    match pilotlint::check::check(vec![source], vec![file]) {
        Ok(set) => set,
        Err(errors) => panic!("check errors in the rules: {errors:?}"),
    }
}

/// Every finding of every document of `report`, document by document, each
/// document's findings in report order (as the CLI sorts them).
fn findings(set: &RuleSet, report: &str) -> Vec<Vec<Finding>> {
    let docs = report::load(report)
        .expect("the fixture report is valid YAML")
        .documents;
    docs.iter().map(|doc| run(set, doc, None)).collect()
}

fn run(set: &RuleSet, doc: &Node, budget: Option<u64>) -> Vec<Finding> {
    let mut out = Vec::new();
    match budget {
        Some(b) => evaluate_with_budget(set, doc, b, &mut out),
        None => evaluate(set, doc, &mut out),
    }
    out.sort_by_key(|f| (f.span, f.rule.as_ref().map(|r| (r.meta.index, r.clause))));
    out
}

fn under(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// The snapshot text of all findings.
fn render(set: &RuleSet, report: &str, docs: &[Vec<Finding>]) -> String {
    let idx = LineIndex::new(report);
    let rules = &set.sources[0].text;
    let mut out = String::new();
    for (i, doc) in docs.iter().enumerate() {
        let _ = writeln!(out, "--- document {} ({} findings)", i + 1, doc.len());
        for f in doc {
            let at = f.span.map_or("-".to_string(), |s| {
                let lc = idx.line_col(report, s.start);
                format!("{}:{}", lc.line, lc.column)
            });
            let _ = writeln!(out, "{at} {} {}: {}", f.code, f.severity, f.message);
            if let Some(s) = f.span {
                let _ = writeln!(out, "  underlined: {:?}", under(report, s));
            }
            if let Some(l) = &f.label {
                let _ = writeln!(out, "  label: {l}");
            }
            for (s, l) in &f.secondary {
                let lc = idx.line_col(report, s.start);
                let _ = writeln!(
                    out,
                    "  secondary {}:{} {:?}: {l}",
                    lc.line,
                    lc.column,
                    under(report, *s)
                );
            }
            if let Some(h) = &f.help {
                let _ = writeln!(out, "  help: {h}");
            }
            if let Some(r) = &f.rule {
                let clause = under(rules, r.clause).lines().next().unwrap_or("");
                let _ = writeln!(out, "  rule: {} / {}", r.meta.id, clause);
            }
        }
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/eval/*/rules.rules", |path| {
        let dir = path.parent().expect("a fixture file is in a case folder");
        let rules = std::fs::read_to_string(path).expect("rules.rules is readable");
        let report =
            std::fs::read_to_string(dir.join("report.yaml")).expect("report.yaml is readable");
        let set = rule_set(&rules);
        let docs = findings(&set, &report);
        insta::assert_snapshot!(render(&set, &report, &docs));
    });
}

/// One document, one rule file: the findings with their underlined text.
pub(crate) fn check_one(rules: &str, report: &str) -> Vec<(Finding, String)> {
    let set = rule_set(rules);
    let mut docs = findings(&set, report);
    assert_eq!(docs.len(), 1, "one document");
    docs.remove(0)
        .into_iter()
        .map(|f| {
            let text = f
                .span
                .map_or(String::new(), |s| under(report, s).to_string());
            (f, text)
        })
        .collect()
}

const REPORT: &str = "\
report: progress
period: { start: 2021-07-01, end: 2021-12-31 }
implementation_plan:
  drafted_with: Shaanxi Provincial People's Government
  approved_on: 2020-12-02
measures:
  - id: XA-017
    status: implemented
    deadline: 2021-06-30
  - id: XA-018
    status: in-progress
    deadline: 2021-09-30
  - id: XA-019
    status: planned
    deadline: 2022-06-30
  - id: XA-017
    status: implemented
    deadline: 2021-03-31
";

#[test]
fn ratio_message_shows_the_percentage_and_blames_the_list() {
    // 2 of 4 measures implemented: 2 / 4 = 50%.
    let rules = "rule R1 \"rate\" {\n  let rate = count(measures[status == \"implemented\"]) / count(measures)\n  require rate >= 90%\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0.message, "`rate` is 50%, expected >= 90%");
    assert_eq!(f[0].0.label.as_deref(), Some("50%, expected >= 90%"));
    assert_eq!(f[0].1, "measures");
    assert_eq!(f[0].0.code, "R1");
}

#[test]
fn missing_field_points_at_the_nearest_parent_key() {
    let rules = "rule R2 \"approved\" {\n  require implementation_plan.approved == true\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0.message, "`approved` is missing");
    assert_eq!(f[0].1, "implementation_plan");
    assert_eq!(
        f[0].0.label.as_deref(),
        Some("`implementation_plan` has no `approved`")
    );
}

#[test]
fn missing_root_field_points_at_the_first_key_and_when_skips() {
    let rules = "rule R3 \"issues\" {\n  require count(key_issues) > 0\n}\n\
                 rule R4 \"skipped\" {\n  when exists(key_issues)\n  require false\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0.message, "`key_issues` is missing");
    assert_eq!(f[0].1, "report");
}

#[test]
fn each_reports_every_failing_element_with_its_template() {
    // as_of is 2021-12-31; XA-018 (due 2021-09-30, in-progress) is overdue;
    // XA-019 is due 2022-06-30, not yet.
    let rules = "let as_of = period.end\nrule R5 \"overdue\" {\n  each m in measures[status != \"implemented\"] {\n    require m.deadline >= as_of\n      else \"measure {m.id} was due on {m.deadline} and is still {m.status}\"\n  }\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].0.message,
        "measure XA-018 was due on 2021-09-30 and is still in-progress"
    );
    assert_eq!(f[0].1, "2021-09-30");
    assert_eq!(
        f[0].0.label.as_deref(),
        Some("2021-09-30, expected >= 2021-12-31")
    );
}

#[test]
fn unique_points_at_the_later_duplicate_and_labels_the_first() {
    let rules = "rule R6 \"ids\" {\n  require unique(measures[*].id)\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].0.message,
        "`XA-017` appears more than once in `measures[*].id`"
    );
    let later = REPORT.rfind("XA-017").unwrap();
    let first = REPORT.find("XA-017").unwrap();
    assert_eq!(f[0].0.span, Some(Span::new(later, later + 6)));
    assert_eq!(
        f[0].0.secondary,
        vec![(Span::new(first, first + 6), "first here".to_string())]
    );
}

#[test]
fn yaml_no_is_a_string_not_false() {
    let report = "plan:\n  approved: no\n";
    let rules = "rule R7 \"approved\" {\n  require plan.approved == true\n}\n";
    let f = check_one(rules, report);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].0.message,
        "`plan.approved` is \"no\", expected == true"
    );
    assert_eq!(f[0].1, "no");
    assert_eq!(
        f[0].0.help.as_deref(),
        Some("`no` is a string in YAML 1.2, not a boolean")
    );
}

#[test]
fn ordering_a_date_against_text_is_incomparable_not_a_panic() {
    let report = "period: { end: 2021-12-31 }\nmeasures:\n  - deadline: soon\n";
    let rules =
        "rule R8 \"d\" {\n  each m in measures {\n    require m.deadline >= period.end\n  }\n}\n";
    let f = check_one(rules, report);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0.code, "incomparable");
    assert_eq!(
        f[0].0.message,
        "cannot order a string against a date in `m.deadline >= period.end`"
    );
    assert_eq!(f[0].1, "soon");
    assert_eq!(
        f[0].0.help.as_deref(),
        Some("a date in the report is written `YYYY-MM-DD`")
    );
}

#[test]
fn by_holds_before_the_deadline_and_fails_after_it() {
    // 1 of 2 implemented: 50% < 90%.
    let rules = "let as_of = period.end\nrule R9 \"rate\" {\n  require count(measures[status == \"implemented\"]) / count(measures) >= 90% by 2023-08-31\n}\n";
    let before =
        "period: { end: 2022-12-31 }\nmeasures:\n  - status: implemented\n  - status: planned\n";
    assert!(check_one(rules, before).is_empty());
    let after = before.replace("2022-12-31", "2023-08-31");
    let f = check_one(rules, &after);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].0.message,
        "`count(measures[status == \"implemented\"]) / count(measures)` is 50%, expected >= 90%"
    );
    assert_eq!(
        f[0].0.label.as_deref(),
        Some("50%, expected >= 90%, due by 2023-08-31")
    );
    assert_eq!(f[0].1, "measures");
}

#[test]
fn a_rule_over_budget_gives_one_eval_limit_finding_and_the_next_rule_runs() {
    let rules = "rule R10 \"slow\" {\n  require count(measures[count(measures[id == \"x\"]) == 0]) == 0\n}\n\
                 rule R11 \"fast\" {\n  require report == \"annual\"\n}\n";
    let set = rule_set(rules);
    let docs = report::load(REPORT).unwrap().documents;
    // 4 outer elements x 4 inner elements is well over 20 steps.
    let f = run(&set, &docs[0], Some(20));
    let mut codes: Vec<&str> = f.iter().map(|f| f.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, vec!["R11", "eval-limit"]);
    let r11 = f.iter().find(|f| f.code == "R11").unwrap();
    assert_eq!(
        r11.message,
        "`report` is \"progress\", expected == \"annual\""
    );
    // With the default budget the first rule finishes (no element has id "x",
    // so every measure is kept: 4 != 0).
    let f = run(&set, &docs[0], None);
    let r10: Vec<&Finding> = f.iter().filter(|f| f.code == "R10").collect();
    assert_eq!(r10.len(), 1);
    assert_eq!(
        r10[0].message,
        "`count(measures[count(measures[id == \"x\"]) == 0])` is 4, expected == 0"
    );
}

/// Regression: a chain of `let`s, each using the one before, recursed once
/// per `let` when the last was needed and overflowed the stack.
#[test]
fn a_long_chain_of_lets_does_not_overflow_the_stack() {
    let n = 3000;
    let mut rules = String::from("let a0 = count(measures)\n");
    for i in 1..n {
        let _ = writeln!(rules, "let a{i} = a{} + 1", i - 1);
    }
    let _ = writeln!(rules, "rule R1 \"deep\" {{\n  require a{} < 0\n}}", n - 1);
    let f = check_one(&rules, "measures: [1, 2]\n");
    assert_eq!(f.len(), 1);
    // a0 = 2, and each of the 2999 later lets adds 1: 3001.
    assert_eq!(f[0].0.message, "`a2999` is 3001, expected < 0");
    assert_eq!(f[0].1, "measures");
}

/// Parses rules without the static checks, as a hand-built rule set would
/// arrive: the evaluator must not rely on `check` to avoid panicking.
fn unchecked_rule_set(rules: &str) -> RuleSet {
    let (file, errors) = pilotlint::syntax::parse(rules);
    assert!(errors.is_empty(), "syntax errors in the rules: {errors:?}");
    let text = std::sync::Arc::new(pilotlint::source::SourceText::new(
        "rules.rules".to_string(),
        rules.to_string(),
    ));
    let infos = file
        .items
        .iter()
        .filter_map(|item| match item {
            pilotlint::syntax::ast::Item::Rule(r) => Some(r),
            pilotlint::syntax::ast::Item::Let(_)
            | pilotlint::syntax::ast::Item::Schema(_)
            | pilotlint::syntax::ast::Item::Data(_) => None,
        })
        .enumerate()
        .map(|(index, r)| pilotlint::rules::RuleInfo::new(0, &text, index, r))
        .collect();
    RuleSet {
        sources: vec![text],
        files: vec![file],
        rules: infos,
        regexes: Default::default(),
        ..Default::default()
    }
}

/// Every operator and function applied to values of every kind, without the
/// static checks in front: each gives findings or none, never a panic, and
/// every finding points inside the report at character boundaries.
#[test]
fn every_operator_on_every_kind_of_value_is_a_finding_or_nothing() {
    let report = "i: 3\nf: 2.5\ns: text\nd: 2021-06-30\np: 12.5%\nb: true\nno: no\nn: ~\n\
                  big: 9223372036854775807\nl: [1, 2, 2]\nm: { a: 1 }\nlm:\n  - a: 1\n  - b: 2\n\
                  bad: \"([\"\n名字: 西安\n";
    let operands = [
        "i",
        "f",
        "s",
        "d",
        "p",
        "b",
        "no",
        "n",
        "big",
        "l",
        "m",
        "lm",
        "bad",
        "名字",
        "absent",
        "m.a",
        "m.zz",
        "l[0]",
        "l[-9]",
        "lm[*].a",
        "lm[a == 1]",
        "1",
        "-2",
        "1.5",
        "90%",
        "\"x\"",
        "2021-01-01",
        "10 days",
        "2 months",
        "true",
        "null",
        "[1, \"a\"]",
    ];
    let ops = [
        "or", "and", "==", "!=", "<", "<=", ">", ">=", "in", "matches", "+", "-", "*", "/",
    ];
    let funcs = [
        "count", "sum", "avg", "min", "max", "len", "exists", "unique", "lower", "upper", "nope",
    ];
    let mut rules = String::from("let as_of = d\n");
    let mut n = 0;
    let mut rule = |body: String| {
        n += 1;
        let _ = writeln!(rules, "rule R{n} \"r\" {{\n  {body}\n}}");
    };
    for a in operands {
        for op in ops {
            for b in operands {
                rule(format!("require {a} {op} {b}"));
            }
        }
        for f in funcs {
            rule(format!("require {f}({a}) == 1"));
            rule(format!("require {f}({a}, {a}) == 1"));
        }
        rule(format!("require not {a}"));
        rule(format!("require -{a} == 1"));
        rule(format!("require {a}.a == 1"));
        rule(format!("require {a}[0] == 1"));
        rule(format!("require {a}[*].a == 1"));
        rule(format!("require {a}[{a}] == {a}"));
        rule(format!("when {a}\n  require {a}"));
        rule(format!("each e in {a} {{\n    require e == e\n  }}"));
        rule(format!("require {a} by {a}"));
        if !a.contains('"') {
            // A hole cannot hold a quote: it would end the message.
            rule(format!("require false else \"{{{a}}}\""));
        }
    }
    let set = unchecked_rule_set(&rules);
    let docs = report::load(report).unwrap().documents;
    let findings = run(&set, &docs[0], None);
    assert!(findings.len() > 1000, "{} findings", findings.len());
    for f in &findings {
        assert!(!f.message.is_empty() && !f.message.ends_with('.'), "{f:?}");
        let span = f.span.expect("every finding points into the report");
        assert!(report.get(span.start..span.end).is_some(), "{f:?}");
        assert!(f.rule.is_some(), "{f:?}");
    }
}

#[test]
fn crlf_and_chinese_text_underline_the_exact_value() {
    let report = "area: { name: 西安 }\r\nmeasures:\r\n  - id: 甲-1\r\n    status: 进行中\r\n";
    let rules = "rule C \"status\" {\n  each m in measures {\n    require m.status == \"implemented\"\n  }\n}\n";
    let f = check_one(rules, report);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].1, "进行中");
    assert_eq!(
        f[0].0.message,
        "`m.status` is \"进行中\", expected == \"implemented\""
    );
    // Line 4 `    status: 进行中`: 4 spaces and `status: ` are 12 characters.
    let at = LineIndex::new(report).line_col(report, f[0].0.span.unwrap().start);
    assert_eq!((at.line, at.column), (4, 13));
}

#[test]
fn template_holes_show_strings_bare_and_a_missing_value_as_missing() {
    let report = "area: { name: 西安 }\nrate_note: \"low\"\n";
    let rules = "rule T \"t\" {\n  require area.name == \"x\" else \"{area.name}: {rate_note}, {area.code}, {10 / 4}, {{ok}}\"\n}\n";
    let f = check_one(rules, report);
    assert_eq!(f.len(), 1);
    // 10 / 4 is a ratio, 2.5, shown as 250%.
    assert_eq!(f[0].0.message, "西安: low, missing, 250%, {ok}");
    assert_eq!(f[0].1, "西安");
}

#[test]
fn a_null_list_is_empty_and_a_missing_list_is_not_iterated() {
    let report = "key_issues:\nmeasures: []\n";
    let rules = "rule K \"issues\" {\n  require count(key_issues) == 0\n  each i in key_issues {\n    require false\n  }\n  each i in absent {\n    require false\n  }\n}\n";
    assert!(check_one(rules, report).is_empty());
}

/// Regression: `period.end: 2021-02-30` gave 126 "cannot order a date
/// against a string" findings (one per measure compared with it), none
/// saying the day does not exist; `20211231` never said "not a date". A
/// value written like a date and used as one says why it is not one, on
/// that value, so a rule says it once.
#[test]
fn a_date_that_does_not_exist_says_so_once_per_rule() {
    let rules = "let as_of = period.end\n\
                 rule A \"a\" {\n  each m in measures {\n    require m.done <= as_of\n  }\n}\n\
                 rule B \"b\" {\n  require submitted <= as_of + 15 days\n}\n\
                 rule C \"c\" {\n  require period.start == 2021-01-01\n}\n";
    let measures = "measures:\n  - done: 2021-01-02\n  - done: 2021-01-03\n  - done: 2021-01-04\n";
    let cases = [
        (
            "2021-02-30",
            "`2021-02-30` is not a date: February 2021 has 28 days",
            "no such day",
            None,
        ),
        (
            "2024-02-30",
            "`2024-02-30` is not a date: February 2024 has 29 days",
            "no such day",
            None,
        ),
        (
            "2021-13-01",
            "`2021-13-01` is not a date: there is no month 13",
            "no such month",
            None,
        ),
        (
            "2021-04-00",
            "`2021-04-00` is not a date: there is no day 0",
            "no such day",
            None,
        ),
        (
            "20211231",
            "`20211231` is not a date",
            "not written YYYY-MM-DD",
            Some("write dates as YYYY-MM-DD: `2021-12-31`"),
        ),
        (
            "\"20211331\"",
            "`20211331` is not a date",
            "not written YYYY-MM-DD",
            Some("write dates as YYYY-MM-DD"),
        ),
    ];
    for (end, message, label, help) in cases {
        let report = format!(
            "period:\n  start: 2021-01-01\n  end: {end}\nsubmitted: 2021-01-05\n{measures}"
        );
        let f = check_one(rules, &report);
        let seen: Vec<(&str, &str, &str, Option<&str>, &str)> = f
            .iter()
            .map(|(f, at)| {
                let rule = f.rule.as_ref().map_or("", |r| r.meta.id.as_str());
                (
                    rule,
                    f.message.as_str(),
                    f.label.as_deref().unwrap_or(""),
                    f.help.as_deref(),
                    at.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("A", message, label, help, end),
                ("B", message, label, help, end),
            ],
            "{end}"
        );
        assert_eq!(f[0].0.code, "incomparable");
        assert_eq!(f[1].0.code, "type-mismatch");
    }
    // `==` never fails; its finding says why the text is no date.
    let report = format!(
        "period:\n  start: 2021-01-32\n  end: 2021-01-31\nsubmitted: 2021-01-05\n{measures}"
    );
    let f = check_one(rules, &report);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].0.message,
        "`period.start` is \"2021-01-32\", expected == 2021-01-01"
    );
    assert_eq!(
        f[0].0.help.as_deref(),
        Some("`2021-01-32` is not a date: January 2021 has 31 days")
    );
}

/// Regression: each data finding of a rule was compared with every one the
/// rule had already reported (to say a `let` that fails once): 45,000
/// values that cannot be ordered took 4.7 s, and 100,000 would take a minute
/// here (5e9 comparisons).
#[test]
fn data_findings_of_one_rule_are_not_compared_pair_by_pair() {
    use pilotlint::report::NodeKind;
    let n = 100_000;
    let items = (0..n)
        .map(|i| Node {
            kind: NodeKind::Str(format!("x{i}").into()),
            span: Span::new(i, i + 1),
        })
        .collect();
    let key = Node {
        kind: NodeKind::Str("measures".into()),
        span: Span::new(0, 0),
    };
    let value = Node {
        kind: NodeKind::Seq(items),
        span: Span::new(0, n),
    };
    let doc = Node {
        kind: NodeKind::Map(Box::new([report::Entry { key, value }])),
        span: Span::new(0, n),
    };
    let set = rule_set("rule A \"a\" {\n  each m in measures {\n    require m < 5\n  }\n}\n");
    let f = run(&set, &doc, Some(u64::MAX));
    assert_eq!(f.len(), n);
    assert!(f.iter().all(|f| f.code == "incomparable"));
}

/// Regression: `measures_total: "122"` (quoted, so a text) gave "declares
/// 122 measures but the report lists 122". A text that reads as a number,
/// compared with a number, shows as the text and the finding says a number
/// is expected, whatever the rule's `else` says.
#[test]
fn a_quoted_number_compared_with_a_number_is_named_as_text() {
    let rules = "rule T \"t\" {\n  require summary.total == count(measures)\n    \
                 else \"declares {summary.total} measures but lists {count(measures)}\"\n}\n\
                 rule M \"m\" {\n  require count(measures) == summary.total\n}\n\
                 rule O \"o\" {\n  require summary.total >= 1\n}\n";
    let f = check_one(rules, "summary:\n  total: \"2\"\nmeasures: [a, b]\n");
    let message = "`summary.total` is the text \"2\", expected a number";
    let help = Some("`\"2\"` is text in YAML; write `2` without quotes");
    // Rule, code, message, label, help and the text underlined.
    type Seen<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, &'a str);
    let seen: Vec<Seen> = f
        .iter()
        .map(|(f, at)| {
            let rule = f.rule.as_ref().map_or("", |r| r.meta.id.as_str());
            let label = f.label.as_deref().unwrap_or("");
            (
                rule,
                f.code.as_str(),
                f.message.as_str(),
                label,
                f.help.as_deref(),
                at.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("T", "T", message, "\"2\", expected == 2", help, "\"2\""),
            ("M", "M", message, "2, expected == \"2\"", help, "\"2\""),
            (
                "O",
                "incomparable",
                message,
                "\"2\" cannot be compared with 1",
                help,
                "\"2\""
            ),
        ]
    );
}

/// Regression: a 60 MB `program` value gave 63 MB of output, echoed whole
/// by the message, the label and an `else` message's hole.
#[test]
fn a_long_value_is_quoted_short_with_its_length() {
    let report = format!(
        "program: {}\nids: [{}, x, {}]\n",
        "a".repeat(100_000),
        "b".repeat(90),
        "b".repeat(90)
    );
    let rules = "rule P \"p\" {\n  require program == \"pilot\"\n}\n\
                 rule E \"e\" {\n  require program == \"pilot\" else \"program `{program}` is unknown: {program}\"\n}\n\
                 rule U \"u\" {\n  require unique(ids)\n}\n";
    let f = check_one(rules, &report);
    let a80 = "a".repeat(80);
    let messages: Vec<(&str, &str)> = f
        .iter()
        .map(|(f, _)| (f.message.as_str(), f.label.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        messages,
        [
            (
                format!("`program` is \"{a80}…\" (100,000 characters), expected == \"pilot\"")
                    .as_str(),
                format!("\"{a80}…\" (100,000 characters), expected == \"pilot\"").as_str(),
            ),
            (
                format!(
                    "program `{a80}…` (100,000 characters) is unknown: {a80}… (100,000 characters)"
                )
                .as_str(),
                format!("\"{a80}…\" (100,000 characters), expected == \"pilot\"").as_str(),
            ),
            (
                format!(
                    "`{}…` (90 characters) appears more than once in `ids`",
                    "b".repeat(80)
                )
                .as_str(),
                "duplicate",
            ),
        ]
    );
}

#[test]
fn a_let_that_cannot_be_computed_is_reported_once_per_rule() {
    // 1 / 0 is a division by zero; both requires use it.
    let report = "a: 1\nb: 0\n";
    let rules = "rule Z \"z\" {\n  let r = a / b\n  require r > 1%\n  require r < 99%\n}\n";
    let f = check_one(rules, report);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0.code, "type-mismatch");
    assert_eq!(f[0].0.message, "division by zero in `a / b`");
    assert_eq!(f[0].1, "1");
}

#[test]
fn an_each_element_comes_before_a_let_of_the_same_name() {
    // Inside the body, `m` is still the element (status "planned"), not the
    // `let m = 1` written in the body.
    let report = "measures:\n  - status: planned\n";
    let rules = "rule S \"s\" {\n  each m in measures {\n    let m = 1\n    require m.status == \"implemented\"\n  }\n}\n";
    let set = unchecked_rule_set(rules);
    let docs = report::load(report).unwrap().documents;
    let f = run(&set, &docs[0], None);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].message,
        "`m.status` is \"planned\", expected == \"implemented\""
    );
}

/// `evaluate_rule`, for rule tests: a `when` at the top of the rule that is
/// false before any `require` ran is a skip; one inside an `each`, or after
/// a `require`, is not; findings are those `evaluate` gives for the rule.
#[test]
fn evaluate_rule_tells_passed_failed_and_skipped_apart() {
    use pilotlint::eval::{Outcome, evaluate_rule};
    let set = rule_set(
        "rule A \"a\" {\n  when kind == \"x\"\n  require n > 1\n}\n\
         rule B \"b\" {\n  require exists(n)\n  when n > 5\n  require n > 10\n}\n\
         rule C \"c\" {\n  each m in ms {\n    when m.on == true\n    require m.v > 0\n  }\n}\n",
    );
    let outcome = |index: usize, report: &str| {
        let docs = report::load(report).expect("valid YAML").documents;
        let mut out = Vec::new();
        let outcome = evaluate_rule(&set, index, &docs[0], &mut out);
        let mut all = Vec::new();
        evaluate(&set, &docs[0], &mut all);
        let expected: Vec<&Finding> = all
            .iter()
            .filter(|f| f.rule.as_ref().is_some_and(|r| r.meta.index == index))
            .collect();
        assert_eq!(out.iter().collect::<Vec<_>>(), expected, "{report}");
        (outcome, out.len())
    };
    assert_eq!(outcome(0, "kind: y\nn: 0\n"), (Some(Outcome::Skipped), 0));
    assert_eq!(outcome(0, "kind: x\nn: 2\n"), (Some(Outcome::Passed), 0));
    assert_eq!(outcome(0, "kind: x\nn: 0\n"), (Some(Outcome::Failed), 1));
    // The `when` comes after a `require` that held: the rule applied.
    assert_eq!(outcome(1, "n: 3\n"), (Some(Outcome::Passed), 0));
    assert_eq!(outcome(1, "n: 7\n"), (Some(Outcome::Failed), 1));
    // A `when` in an `each` skips one element, not the rule.
    assert_eq!(
        outcome(2, "ms:\n  - {on: false, v: 0}\n"),
        (Some(Outcome::Passed), 0)
    );
    assert_eq!(
        outcome(2, "ms:\n  - {on: true, v: 0}\n  - {on: true, v: -1}\n"),
        (Some(Outcome::Failed), 2)
    );
    assert_eq!(outcome(3, "n: 1\n"), (None, 0));
}
