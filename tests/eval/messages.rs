//! Messages and places worked out by hand: multi-byte text under CR LF,
//! template holes, null and missing lists, dates that do not exist, data
//! findings, quoted numbers, long values, lets that cannot be computed, an
//! `each` element before a `let` of its name, and what `evaluate_rule`
//! tells apart.

use super::operators::unchecked_rule_set;
use super::*;

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
