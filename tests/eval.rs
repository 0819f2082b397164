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

// Every operator on every kind of value, without the static checks.
mod operators;
// Messages and places worked out by hand.
mod messages;

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
