//! Filter conditions answered without building values: `status ==
//! "implemented"`, `status != "a" and status != "b"`, where the name is a
//! field of the element holding a string. Rules filter long lists of
//! measures this way again and again; the general evaluation of such a
//! condition builds a value for each side and a result for each step.
//!
//! The answer, and the steps counted, are exactly those of the general
//! evaluation (`expr.rs`): a bare name in a filter is first a field of the
//! element; a string equals a string when their texts are the same (no
//! number, date or percentage is involved when both are strings); `and`
//! and `or` stop at the first side that decides. Anything else (the field
//! missing, not a string, another operator) gives `None`, and the caller
//! evaluates the condition the general way.

use super::value::{Kind, Value};
use super::{Abort, Eval, Scope};
use crate::report::{Node, NodeKind};
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Literal};

/// Whether `cond` holds for the element `elem`, and the steps the general
/// evaluation takes to say so; `None` when it must be asked.
fn test(cond: &Expr, elem: &Value) -> Option<(bool, u64)> {
    let Kind::Map(node) = elem.kind else {
        return None;
    };
    #[cfg(test)]
    if tests::OFF.with(std::cell::Cell::get) {
        return None;
    }
    let answer = test_node(cond, node);
    #[cfg(test)]
    if answer.is_some() {
        tests::ANSWERED.with(|n| n.set(n.get() + 1));
    }
    answer
}

fn test_node(cond: &Expr, node: &Node) -> Option<(bool, u64)> {
    let ExprKind::Binary(op, l, r) = &cond.node else {
        return None;
    };
    match op.node {
        BinaryOp::And | BinaryOp::Or => {
            let decisive = op.node == BinaryOp::Or;
            let (a, steps_a) = test_node(l, node)?;
            if a == decisive {
                return Some((a, 1 + steps_a));
            }
            let (b, steps_b) = test_node(r, node)?;
            Some((b, 1 + steps_a + steps_b))
        }
        BinaryOp::Eq | BinaryOp::Ne => {
            let (name, text) = match (&l.node, &r.node) {
                (ExprKind::Name(n), ExprKind::Literal(Literal::Str(t)))
                | (ExprKind::Literal(Literal::Str(t)), ExprKind::Name(n)) => (n, t),
                _ => return None,
            };
            let NodeKind::Str(value) = &node.entry(name)?.value.kind else {
                return None;
            };
            let same = value.as_str() == text.as_str();
            // The comparison, its name and its literal.
            Some((same == (op.node == BinaryOp::Eq), 3))
        }
        _ => None,
    }
}

impl<'a> Eval<'a> {
    /// Whether filter condition `cond` holds for `item`: answered here when
    /// it can be, else evaluated with `item` as the element.
    pub(super) fn holds(
        &mut self,
        cond: &'a Expr,
        item: &Value<'a>,
        scope: Scope<'_, 'a>,
    ) -> Result<bool, Abort> {
        if let Some((holds, steps)) = test(cond, item) {
            self.tick(steps)?;
            return Ok(holds);
        }
        self.truth(
            cond,
            Scope {
                elem: Some(item),
                ..scope
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{check_report, check_set, load_rules};
    use crate::rules::RuleSource;

    thread_local! {
        /// Turns the shortcut off, so a test can compare with the general way.
        pub(super) static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        /// How many conditions the shortcut answered, so a test knows it ran.
        pub(super) static ANSWERED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Conditions the shortcut answers and conditions it must leave to the
    /// general way (a missing field read from the report instead, a number,
    /// a date written unquoted, a list element that is not a mapping, a
    /// value that is not true or false), one report at a time and across
    /// reports: the findings, with their messages and steps, are the same.
    #[test]
    fn filters_give_the_same_findings_with_and_without_the_shortcut() {
        let rules = load_rules(vec![RuleSource {
            name: "t.rules".into(),
            text: r#"
rule Q001 "one report" {
    let done = count(items[status == "done"])
    let other = count(items["done" != status and status != "open"])
    require done == 1
        else "{done} done, {other} other"
    require count(items[kind == "a" or status == "open"]) < 2
    require count(items[n == "1"]) == 0
    require count(items[d == "2022-01-01"]) == 0
    require count(items[flag == "yes" and flag]) == 0
}
rule Q002 "across reports" {
    each r in reports[*] {
        require count(r.items[status != "done" and status != "gone"]) < 3
    }
}
"#
            .into(),
        }])
        .expect("the rules load");
        let texts = [
            "status: done\nitems:\n  - {status: done, kind: a}\n  - {kind: b}\n  - plain\n  - {status: open, n: 1}\n",
            "items:\n  - {status: open, n: '1', d: 2022-01-01}\n  - {status: open}\n  - {status: 7}\n  - {status: open}\n",
            "items:\n  - {status: done, flag: 'yes'}\n  - {status: done, flag: true, kind: a}\n",
        ];
        let run = |off: bool| {
            OFF.with(|o| o.set(off));
            let mut out = String::new();
            let mut set = Vec::new();
            for (i, text) in texts.iter().enumerate() {
                let report = check_report(&rules, &format!("r{i}.yaml"), text.as_bytes());
                for f in &report.findings {
                    out.push_str(&format!(
                        "{i} {} {:?} {:?} {:?}\n",
                        f.code, f.span, f.message, f.label
                    ));
                }
                out.push_str(&format!("{:?}\n", report.outcomes));
                set.extend(report.for_set(&rules));
            }
            let result = check_set(&rules, set, &mut |i| texts.get(i).map(|t| t.to_string()));
            for r in &result.reports {
                for f in &r.findings {
                    out.push_str(&format!(
                        "{} {} {:?} {:?}\n",
                        r.name, f.code, f.span, f.message
                    ));
                }
            }
            OFF.with(|o| o.set(false));
            out
        };
        let general = run(true);
        // Worked out by hand. Report 0: three `done` (an item's own, and the
        // report's `status: done` read by the item without one and by the
        // element that is a text); `kind == "a" or status == "open"` holds
        // for two. Report 1: `status: 7` is the one other; three open; the
        // quoted `'1'` equals "1", the unquoted date its text. Report 2: two
        // done, and `flag: 'yes'` is a text, not true or false. Across
        // reports, report 1 has four items neither done nor gone.
        for expected in [
            "0 Q001 Some(Span { start: 13, end: 18 }) \"3 done, 0 other\"",
            "is 2, expected < 2",
            "1 Q001 Some(Span { start: 0, end: 5 }) \"0 done, 1 other\"",
            "is 3, expected < 2",
            "`count(items[n == \\\"1\\\"])` is 1",
            "`count(items[d == \\\"2022-01-01\\\"])` is 1",
            "2 Q001 Some(Span { start: 0, end: 5 }) \"2 done, 0 other\"",
            "2 type-mismatch Some(Span { start: 32, end: 37 })",
            "r1.yaml Q002",
        ] {
            assert!(general.contains(expected), "{expected}\n{general}");
        }
        assert_eq!(general.matches(" Q002 ").count(), 1, "{general}");
        ANSWERED.with(|n| n.set(0));
        assert_eq!(run(false), general);
        assert!(ANSWERED.with(std::cell::Cell::get) > 10);
    }
}
