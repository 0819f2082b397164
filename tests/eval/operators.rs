//! Every operator on every kind of value, over rules that skipped the
//! static checks: a finding or nothing, never a panic.

use super::*;

/// Parses rules without the static checks, as a hand-built rule set would
/// arrive: the evaluator must not rely on `check` to avoid panicking.
pub(super) fn unchecked_rule_set(rules: &str) -> RuleSet {
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
