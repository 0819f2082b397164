//! The expressions a ministry's rule author needs beyond paths and
//! operators: text joined with `+` (and `matches` with a pattern built
//! so), `if C then A else B`, list comprehensions, `distinct`, and `sum`
//! and `avg` of durations. Parsing, the canonical layout, and evaluation
//! with messages and spans worked out by hand; the load-time errors are
//! snapshots of `fixtures/check-errors/new-expression-forms/` and
//! `fixtures/schema-errors/new-expression-forms/`.

use pilotlint::syntax::ast::{ExprKind, Item, Literal};
use pilotlint::syntax::parse;

use super::eval::check_one;
use super::fmt::formats_to;

/// The value of the first `let` of `src`, which must parse.
fn let_value(src: &str) -> ExprKind {
    let (file, errors) = parse(src);
    assert!(errors.is_empty(), "{src}: {errors:?}");
    match file.items.into_iter().next() {
        Some(Item::Let(l)) => l.value.node,
        other => panic!("{src}: not a let: {other:?}"),
    }
}

/// The message, the help and the underlined text of the first syntax error.
fn syntax_error(src: &str) -> (String, Option<String>, String) {
    let (_, errors) = parse(src);
    let e = errors.first().unwrap_or_else(|| panic!("{src} parses"));
    let under = src[e.span.start..e.span.end].to_string();
    (e.message(), e.help(), under)
}

// -- Parsing -------------------------------------------------------------------

#[test]
fn the_else_branch_of_a_conditional_reaches_as_far_as_it_can() {
    let ExprKind::If(c) = let_value("let x = if a then 1 else 2 + 3") else {
        panic!("not a conditional")
    };
    assert_eq!(c.cond.node, ExprKind::Name("a".into()));
    assert_eq!(c.then.node, ExprKind::Literal(Literal::Int(1)));
    assert!(matches!(c.otherwise.node, ExprKind::Binary(..)));
    // `else if` chains: the second conditional is the first's `else`.
    let ExprKind::If(c) = let_value("let x = if a then 1 else if b then 2 else 3") else {
        panic!("not a conditional")
    };
    assert!(matches!(c.otherwise.node, ExprKind::If(_)));
}

#[test]
fn a_list_with_for_after_its_first_element_is_a_comprehension() {
    let ExprKind::Comprehension(c) = let_value("let x = [m.id for m in measures if m.ok]") else {
        panic!("not a comprehension")
    };
    assert!(matches!(c.elem.node, ExprKind::Field(..)));
    assert_eq!(c.var.node, "m");
    assert_eq!(c.list.node, ExprKind::Name("measures".into()));
    assert!(c.cond.is_some());
    // A conditional as the list: its `else` branch ends at the `if`.
    let ExprKind::Comprehension(c) =
        let_value("let x = [y for y in if a then xs else ys if y > 1]")
    else {
        panic!("not a comprehension")
    };
    assert!(matches!(c.list.node, ExprKind::If(_)));
    assert!(matches!(c.cond.map(|e| e.node), Some(ExprKind::Binary(..))));
    // Still a plain list otherwise.
    assert!(matches!(let_value("let x = [a, b]"), ExprKind::List(v) if v.len() == 2));
}

#[test]
fn a_conditional_inside_an_operation_needs_parentheses_and_says_so() {
    let (message, help, under) = syntax_error("let x = rate >= if a then 1 else 2");
    assert_eq!(message, "expected an expression, found `if`");
    assert_eq!(under, "if");
    assert_eq!(
        help.as_deref(),
        Some(
            "an `if` that is part of a larger expression is written in parentheses: \
             `rate >= (if report == \"final\" then 90% else 50%)`"
        )
    );
    assert!(parse("let x = rate >= (if a then 1 else 2)").1.is_empty());
}

#[test]
fn a_conditional_or_comprehension_cut_short_names_what_is_missing() {
    let (message, _, _) = syntax_error("let x = if a then 1\nlet y = 2");
    assert_eq!(message, "expected `else`, found end of line");
    let (message, _, under) = syntax_error("let x = if a 1 else 2");
    assert_eq!(
        (message.as_str(), under.as_str()),
        ("expected `then`, found `1`", "1")
    );
    let (message, _, under) = syntax_error("let x = [m for in xs]");
    assert_eq!(
        (message.as_str(), under.as_str()),
        ("expected a name, found `in`", "in")
    );
    let (message, _, under) = syntax_error("let x = [m for m in xs m]");
    assert_eq!(
        (message.as_str(), under.as_str()),
        ("expected `if` or `]`, found `m`", "m")
    );
    let (message, help, _) = syntax_error("let for = 1");
    assert_eq!(message, "expected a name, found `for`");
    assert_eq!(
        help.as_deref(),
        Some("`for` is a keyword; choose another name")
    );
}

// -- The canonical layout --------------------------------------------------------

#[test]
fn conditionals_and_comprehensions_format_on_one_line_or_broken() {
    formats_to(
        "let t = if  report==\"final\"   then 90% else if report == \"annual\" then(60%)else 0%\n",
        "let t = if report == \"final\" then 90% else if report == \"annual\" then 60% else 0%\n",
    );
    // Parentheses where the grammar needs them, and around a conditional
    // that is a condition, a `then` branch or a part of a comprehension.
    formats_to(
        "let x = (if a then b else c) + 1\nlet y = if if a then b else c then if d then e else f else g\nlet z = [if a then b else c for v in (if p then q else r)]\n",
        "let x = (if a then b else c) + 1\nlet y = if (if a then b else c) then (if d then e else f) else g\nlet z = [(if a then b else c) for v in (if p then q else r)]\n",
    );
    formats_to(
        "let gaps = [m.completed_on - m.deadline for m in measures if m.status == \"implemented\" and exists(m.completed_on)]\n",
        "let gaps = [\n    m.completed_on - m.deadline\n    for m in measures\n    if m.status == \"implemented\" and exists(m.completed_on)\n]\n",
    );
    formats_to(
        "let t = if report == \"final\" and period.end >= 2023-08-31 then 90% else if report == \"annual\" then 60% else 50%\n",
        "let t = if report == \"final\" and period.end >= 2023-08-31\n    then 90%\n    else if report == \"annual\" then 60% else 50%\n",
    );
    formats_to(
        "let w = [x # why\n for x in xs]\n",
        "let w = [\n    x  # why\n    for x in xs\n]\n",
    );
}

// -- Evaluation ------------------------------------------------------------------

/// A report whose lines the tests below name: 1 `report`, 2 `area`, 5
/// `measures:`, 10 XA-001's completion, 11 XB-002, 12 its task, 18 and 19
/// XA-003's deadline and completion.
const REPORT: &str = "\
report: final
area: {name: Xi'an, code: XA}
period: {start: 2021-07-01, end: 2021-12-31}
summary: {measures_total: 3}
measures:
  - id: XA-001
    task: opening-up
    status: implemented
    deadline: 2021-06-30
    completed_on: 2021-07-10
  - id: XB-002
    task: facilitation
    status: in-progress
    deadline: 2021-09-30
  - id: XA-003
    task: opening-up
    status: implemented
    deadline: 2021-06-30
    completed_on: 2021-06-29
";

/// The findings of `rules` on `report`: (code, message, underlined text).
fn run(rules: &str, report: &str) -> Vec<(String, String, String)> {
    check_one(rules, report)
        .into_iter()
        .map(|(f, under)| (f.code, f.message, under))
        .collect()
}

fn one(code: &str, message: &str, under: &str) -> Vec<(String, String, String)> {
    vec![(code.to_string(), message.to_string(), under.to_string())]
}

#[test]
fn a_pattern_built_with_plus_matches_end_to_end() {
    let rules = "rule P \"ids carry the area's code\" {\n    each m in measures {\n        require m.id matches \"^\" + area.code + \"-[0-9]{3}$\"\n    }\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].0.message,
        "`m.id` is \"XB-002\", expected to match \"^XA-[0-9]{3}$\""
    );
    assert_eq!(f[0].1, "XB-002");
    assert_eq!(
        f[0].0.label.as_deref(),
        Some("\"XB-002\", expected to match \"^XA-[0-9]{3}$\"")
    );
}

#[test]
fn an_invalid_computed_pattern_points_at_the_value_it_was_built_from() {
    let rules = "rule P \"ids carry the area's code\" {\n    each m in measures {\n        require m.id matches \"^\" + area.code + \"-[0-9]{3}$\"\n    }\n}\n";
    let report = REPORT.replace("code: XA", "code: X(A");
    let f = check_one(rules, &report);
    // Once for the rule, not once per measure.
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0.code, "invalid-pattern");
    assert_eq!(
        f[0].0.message,
        "`^X(A-[0-9]{3}$` is not a valid regular expression"
    );
    assert_eq!(f[0].1, "X(A");
    assert_eq!(f[0].0.help.as_deref(), Some("unclosed group"));
}

#[test]
fn text_plus_a_number_is_a_type_mismatch_on_the_text() {
    let rules = "rule P \"p\" {\n    require area.code + summary.measures_total == \"XA3\"\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0.code, "type-mismatch");
    assert_eq!(
        f[0].0.message,
        "cannot apply `+` to a string and a number in `area.code + summary.measures_total`"
    );
    assert_eq!(f[0].1, "XA");
    assert_eq!(f[0].0.label.as_deref(), Some("\"XA\" + 3"));
}

#[test]
fn a_conditional_threshold_follows_the_kind_of_report() {
    let rules = "rule T \"rate\" {\n    let threshold = if report == \"final\" then 90% else 50%\n    require count(measures[status == \"implemented\"]) / count(measures) >= threshold\n}\n";
    // 2 of 3 implemented: 66.7%, below the 90% of a final report.
    assert_eq!(
        run(rules, REPORT),
        one(
            "T",
            "`count(measures[status == \"implemented\"]) / count(measures)` is 66.7%, expected >= 90%",
            "measures"
        )
    );
    // A progress report needs 50%; with no `report` the condition is
    // false, as in `when`.
    assert_eq!(
        run(rules, &REPORT.replace("report: final", "report: progress")),
        vec![]
    );
    assert_eq!(
        run(rules, &REPORT.replace("report: final", "kind: final")),
        vec![]
    );
    // A condition that is not true or false is a finding on its value.
    let rules = rules.replace("if report == \"final\"", "if report");
    assert_eq!(
        run(&rules, REPORT),
        one(
            "type-mismatch",
            "`report` is a string, not true or false",
            "final"
        )
    );
}

#[test]
fn comprehension_values_keep_their_origin_and_durations_average() {
    // Delays: XA-001 10 days (2021-07-10 - 2021-06-30), XA-003 -1 day
    // (2021-06-29 - 2021-06-30); the average 4.5 days rounds to 5 days.
    let rules = "rule C \"delays\" {\n    let delays = [m.completed_on - m.deadline for m in measures if m.status == \"implemented\"]\n    require avg(delays) <= 0 days\n    each d in delays {\n        require d <= 0 days\n    }\n}\n";
    assert_eq!(
        run(rules, REPORT),
        vec![
            (
                "C".to_string(),
                "`avg(delays)` is 5 days, expected <= 0 days".to_string(),
                "measures".to_string()
            ),
            (
                "C".to_string(),
                "`d` is 10 days, expected <= 0 days".to_string(),
                "2021-07-10".to_string()
            ),
        ]
    );
    // XB-002 has no completion date: its value is left out, as in a
    // projection, so the list has 2 values and not 3.
    let rules = "rule C \"c\" {\n    require count([m.completed_on for m in measures]) == 3\n}\n";
    assert_eq!(
        run(rules, REPORT),
        one(
            "C",
            "`count([m.completed_on for m in measures])` is 2, expected == 3",
            "measures"
        )
    );
}

/// Which name a bare name is, inside and around comprehensions.
const NAMES: &str = "\
xs:
  - {v: 1, k: 10}
  - {v: 2, k: 20}
ys:
  - {k: 1}
  - {k: 2}
  - {k: 2}
";

#[test]
fn names_resolve_innermost_first_through_filters_and_comprehensions() {
    // In the filter, `k` is the field of ys's element; `x` the variable:
    // one ys has k 1, two have k 2.
    let rules = "rule N \"n\" {\n    require [count(ys[k == x.v]) for x in xs] == [1, 1]\n}\n";
    assert_eq!(
        run(rules, NAMES),
        one(
            "N",
            "`[count(ys[k == x.v]) for x in xs]` is [1, 2], expected == [1, 1]",
            "xs"
        )
    );
    // In a comprehension inside a filter, its variable `k` (5) hides the
    // element's field `k` (10, 20): both elements are kept.
    let rules =
        "rule N \"n\" {\n    require count(xs[count([k for k in [5] if k == 5]) == 1]) == 2\n}\n";
    assert_eq!(run(rules, NAMES), vec![]);
    // A name that is not the variable is the element's field: only the
    // element with v 2 gives [2].
    let rules = "rule N \"n\" {\n    require count(xs[[v for z in [0]] == [2]]) == 1\n}\n";
    assert_eq!(run(rules, NAMES), vec![]);
    // In a filter inside a comprehension, the element comes first: `k` is
    // ys's field, not the variable (7).
    let rules = "rule N \"n\" {\n    require [count(ys[k == 2]) for k in [7]] == [2]\n}\n";
    assert_eq!(run(rules, NAMES), vec![]);
}

#[test]
fn distinct_keeps_first_appearances_in_order_with_their_origin() {
    let rules = "rule D \"d\" {\n    require distinct(measures[*].task) == [\"opening-up\"]\n    each t in distinct(measures[*].task) {\n        require t != \"facilitation\"\n    }\n}\n";
    assert_eq!(
        run(rules, REPORT),
        vec![
            (
                "D".to_string(),
                "`distinct(measures[*].task)` is [\"opening-up\", \"facilitation\"], expected == [\"opening-up\"]".to_string(),
                "measures".to_string()
            ),
            (
                "D".to_string(),
                "`t` is \"facilitation\", expected != \"facilitation\"".to_string(),
                "facilitation".to_string()
            ),
        ]
    );
    // Compared as `==` compares: 1 and 1.0 are one number, a date and the
    // same day as text one date; the text "1" is not the number 1.
    let rules = "rule D \"d\" {\n    require count(distinct([1, 1.0, \"1\", 2021-12-31, \"2021-12-31\"])) == 2\n}\n";
    assert_eq!(
        run(rules, REPORT),
        one(
            "D",
            "`count(distinct([1, 1.0, \"1\", 2021-12-31, \"2021-12-31\"]))` is 3, expected == 2",
            "report"
        )
    );
}

#[test]
fn sum_and_avg_of_durations_are_durations() {
    let rules = "rule S \"s\" {\n    require sum([10 days, 2 weeks]) == 24 days\n    require sum([1 month, 1 year]) == 13 months\n    require avg([10 days, 11 days]) == 10 days\n    require sum([1 day, 1 month]) > 0 days\n}\n";
    assert_eq!(
        run(rules, REPORT),
        vec![
            (
                "S".to_string(),
                "`avg([10 days, 11 days])` is 11 days, expected == 10 days".to_string(),
                "report".to_string()
            ),
            (
                "type-mismatch".to_string(),
                "`sum` cannot add days and months in `[1 day, 1 month]`: a month has no fixed number of days".to_string(),
                "report".to_string()
            ),
        ]
    );
}

/// A projection of a list in the report is read straight from its nodes
/// (the fast path, for `measures[*].id`); one of a list the rule built
/// goes element by element. Both keep the elements that have the path,
/// in order, each pointing at its own value, and leave out those that do
/// not (XB-002 has no `completed_on`).
#[test]
fn a_projection_of_the_report_and_of_a_built_list_agree() {
    let rules = "rule P \"p\" {\n    require measures[*].completed_on == [m for m in measures][*].completed_on\n    require count(measures[*].completed_on) == 2\n    require [area, 3, period][*].name == [\"Xi'an\"]\n    each d in measures[*].completed_on {\n        require d > 2021-07-01\n    }\n    each d in [m for m in measures][*].completed_on {\n        require d > 2021-07-01\n    }\n}\n";
    let late = (
        "P".to_string(),
        "`d` is 2021-06-29, expected > 2021-07-01".to_string(),
        "2021-06-29".to_string(),
    );
    assert_eq!(run(rules, REPORT), vec![late.clone(), late]);
}
