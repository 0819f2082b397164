//! The exact text each span of the AST underlines: every node of a rule
//! file, inside templates with escapes and multi-byte text, under CR LF.

use super::*;

pub(super) const EXAMPLE: &str = r#"let deadline = 2023-08-31   # the end of the trial
rule STP001 "implementation rate reaches 90% by the deadline" {
    let rate = count(measures[status == "implemented"]) / count(measures)
    require rate >= 90% by deadline
        else "rate is {rate}, below 90% ({ (rate) })"
}
rule STP008 "key issues" {
    each issue in key_issues {
        require issue.reported_on <= issue.raised_on + 10 days
    }
}
"#;

#[test]
fn spans_underline_exactly_the_written_text() {
    let file = parse_ok(EXAMPLE);
    let [Item::Let(dl), Item::Rule(r1), Item::Rule(r8)] = &file.items[..] else {
        panic!("unexpected items {:?}", file.items);
    };
    let src = EXAMPLE;
    assert_eq!(text(src, dl.span), "let deadline = 2023-08-31");
    assert_eq!(text(src, dl.value.span), "2023-08-31");
    assert!(text(src, r1.span).starts_with("rule STP001 \"implementation"));
    assert!(text(src, r1.span).ends_with("({ (rate) })\"\n}"));
    assert_eq!(
        text(src, r1.title.span),
        "\"implementation rate reaches 90% by the deadline\""
    );

    let ClauseKind::Let(rate) = &r1.clauses[0].node else {
        panic!()
    };
    assert_eq!(
        text(src, r1.clauses[0].span),
        r#"let rate = count(measures[status == "implemented"]) / count(measures)"#
    );
    let ExprKind::Binary(div, num, _) = &rate.value.node else {
        panic!()
    };
    assert_eq!(text(src, div.span), "/");
    assert_eq!(
        text(src, num.span),
        r#"count(measures[status == "implemented"])"#
    );
    let ExprKind::Call(_, args) = &num.node else {
        panic!()
    };
    assert_eq!(
        text(src, args[0].span),
        r#"measures[status == "implemented"]"#
    );

    let req_clause = &r1.clauses[1];
    assert_eq!(
        text(src, req_clause.span),
        "require rate >= 90% by deadline\n        else \"rate is {rate}, below 90% ({ (rate) })\""
    );
    let ClauseKind::Require(req) = &req_clause.node else {
        panic!()
    };
    assert_eq!(text(src, req.condition.span), "rate >= 90%");
    let ExprKind::Binary(_, _, pct) = &req.condition.node else {
        panic!()
    };
    assert_eq!(text(src, pct.span), "90%");
    assert_eq!(text(src, req.by.as_ref().unwrap().span), "deadline");
    let msg = req.message.as_ref().unwrap();
    assert_eq!(
        text(src, msg.span),
        "\"rate is {rate}, below 90% ({ (rate) })\""
    );
    let holes: Vec<&str> = msg
        .parts
        .iter()
        .filter_map(|p| match p {
            TemplatePart::Expr(e) => Some(text(src, e.span)),
            TemplatePart::Text(_) => None,
        })
        .collect();
    // A parenthesised expression's span includes its parentheses.
    assert_eq!(holes, ["rate", "(rate)"]);

    let each = &r8.clauses[0];
    assert!(text(src, each.span).starts_with("each issue in key_issues {"));
    assert!(text(src, each.span).ends_with("10 days\n    }"));
    let ClauseKind::Each(e) = &each.node else {
        panic!()
    };
    let ClauseKind::Require(req) = &e.body[0].node else {
        panic!()
    };
    let ExprKind::Binary(_, left, right) = &req.condition.node else {
        panic!()
    };
    assert_eq!(text(src, left.span), "issue.reported_on");
    assert_eq!(text(src, right.span), "issue.raised_on + 10 days");
    let ExprKind::Binary(_, _, days) = &right.node else {
        panic!()
    };
    assert_eq!(text(src, days.span), "10 days");
}

#[test]
fn spans_inside_a_template_with_escapes_and_multibyte_text() {
    let src = "rule T \"t\" { require ok else \"名字 \\\"{m.名}\\\" {{ {count(xs[*].id)}\" }";
    let r = rule(src);
    let ClauseKind::Require(req) = &r.clauses[0].node else {
        panic!()
    };
    let holes: Vec<&str> = req
        .message
        .as_ref()
        .unwrap()
        .parts
        .iter()
        .filter_map(|p| match p {
            TemplatePart::Expr(e) => Some(text(src, e.span)),
            TemplatePart::Text(_) => None,
        })
        .collect();
    assert_eq!(holes, ["m.名", "count(xs[*].id)"]);
}

#[test]
fn errors_inside_a_template_point_inside_the_string() {
    let src = "rule T \"t\" { require ok else \"a {x +} b\" }";
    let e = only_error(src);
    assert_eq!(e.message(), "expected an expression, found `}`");
    assert_eq!(text(src, e.span), "}");
    assert_eq!(e.span.start, src.find("} b").unwrap());

    let src = "rule T \"t\" { require ok else \"a {x y} b\" }";
    let e = only_error(src);
    assert_eq!(e.message(), "expected `}`, found `y`");
    assert_eq!(text(src, e.span), "y");

    let src = "rule T \"t\" { require ok else \"\\é {x}\" }";
    let e = only_error(src);
    assert_eq!(e.message(), "`\\é` is not a valid escape");
    assert_eq!(text(src, e.span), "\\é");
}

/// Every span in the tree lies inside its parent's span, on character
/// boundaries: a walk over a whole file, so no node escapes the check.
fn check_spans(src: &str, file: &RuleFile) {
    fn inside(src: &str, outer: Span, inner: Span, what: &str) {
        assert!(
            outer.start <= inner.start && inner.end <= outer.end && inner.start <= inner.end,
            "{what} {:?} outside {:?}",
            text(src, inner),
            text(src, outer)
        );
        assert!(src.is_char_boundary(inner.start) && src.is_char_boundary(inner.end));
        assert!(!inner.is_empty(), "{what} has an empty span");
    }
    fn expr(src: &str, outer: Span, e: &Expr) {
        inside(src, outer, e.span, "expression");
        let s = e.span;
        match &e.node {
            ExprKind::Literal(_) | ExprKind::Name(_) => {}
            ExprKind::List(xs) => xs.iter().for_each(|x| expr(src, s, x)),
            ExprKind::Field(b, f) => {
                expr(src, s, b);
                inside(src, s, f.span, "field");
            }
            ExprKind::Index(b, i) | ExprKind::Filter(b, i) => {
                expr(src, s, b);
                expr(src, s, i);
            }
            ExprKind::Project(b, fs) => {
                expr(src, s, b);
                fs.iter().for_each(|f| inside(src, s, f.span, "field"));
            }
            ExprKind::Call(f, args) => {
                inside(src, s, f.span, "function");
                args.iter().for_each(|a| expr(src, s, a));
            }
            ExprKind::Unary(op, x) => {
                inside(src, s, op.span, "operator");
                expr(src, s, x);
            }
            ExprKind::Binary(op, l, r) => {
                inside(src, s, op.span, "operator");
                expr(src, s, l);
                expr(src, s, r);
            }
            ExprKind::If(c) => {
                expr(src, s, &c.cond);
                expr(src, s, &c.then);
                expr(src, s, &c.otherwise);
            }
            ExprKind::Comprehension(c) => {
                expr(src, s, &c.elem);
                inside(src, s, c.var.span, "variable");
                expr(src, s, &c.list);
                if let Some(cond) = &c.cond {
                    expr(src, s, cond);
                }
            }
        }
    }
    fn clauses(src: &str, outer: Span, cs: &[Clause]) {
        for c in cs {
            inside(src, outer, c.span, "clause");
            let s = c.span;
            match &c.node {
                ClauseKind::Severity(x) => inside(src, s, x.span, "severity"),
                ClauseKind::Help(x) | ClauseKind::Url(x) => inside(src, s, x.span, "string"),
                ClauseKind::Tags(ts) => ts.iter().for_each(|t| inside(src, s, t.span, "tag")),
                ClauseKind::Let(l) => {
                    inside(src, s, l.name.span, "name");
                    expr(src, s, &l.value);
                }
                ClauseKind::When(e) => expr(src, s, e),
                ClauseKind::Require(r) => {
                    expr(src, s, &r.condition);
                    if let Some(b) = &r.by {
                        expr(src, s, b);
                    }
                    if let Some(m) = &r.message {
                        inside(src, s, m.span, "template");
                        for p in &m.parts {
                            if let TemplatePart::Expr(e) = p {
                                expr(src, m.span, e);
                            }
                        }
                    }
                }
                ClauseKind::Each(e) => {
                    inside(src, s, e.var.span, "variable");
                    expr(src, s, &e.iter);
                    clauses(src, s, &e.body);
                }
            }
        }
    }
    let all = Span::new(0, src.len());
    for item in &file.items {
        match item {
            Item::Schema(sc) => {
                inside(src, all, sc.span, "schema");
                inside(src, sc.span, sc.path.span, "schema path");
            }
            Item::Data(d) => {
                inside(src, all, d.span, "data");
                inside(src, d.span, d.name.span, "data name");
                inside(src, d.span, d.path.span, "data path");
            }
            Item::Let(l) => {
                inside(src, all, l.span, "let");
                expr(src, l.span, &l.value);
            }
            Item::Rule(r) => {
                inside(src, all, r.span, "rule");
                inside(src, r.span, r.id.span, "rule id");
                inside(src, r.span, r.title.span, "title");
                clauses(src, r.span, &r.clauses);
            }
        }
    }
}

/// Parses `src` expecting no errors, and checks every span in it.
pub fn parse_and_check_spans(src: &str) -> Result<RuleFile, Vec<SyntaxError>> {
    let (file, errors) = parse(src);
    if !errors.is_empty() {
        return Err(errors);
    }
    check_spans(src, &file);
    Ok(file)
}

#[test]
fn every_span_nests_inside_its_parent() {
    assert!(parse_and_check_spans(EXAMPLE).is_ok());
    let crlf = EXAMPLE.replace('\n', "\r\n");
    assert!(parse_and_check_spans(&crlf).is_ok());
}
