//! The parser: AST shapes (precedence, paths, templates), the exact text
//! each span underlines, error recovery, the nesting cap, and the
//! `syntax-errors` fixtures rendered as `line:col: message` snapshots.

use pilotlint::date::{Date, Duration, Unit};
use pilotlint::span::{LineIndex, Span, Spanned};
use pilotlint::syntax::ast::*;
use pilotlint::syntax::{SyntaxError, SyntaxErrorKind, parse};

// ---------------------------------------------------------------- helpers

fn parse_ok(src: &str) -> RuleFile {
    let (file, errors) = parse(src);
    assert!(
        errors.is_empty(),
        "unexpected errors in {src:?}: {errors:#?}"
    );
    file
}

/// The expression of `let x = SRC`.
fn expr(src: &str) -> Expr {
    let file = parse_ok(&format!("let x = {src}"));
    match file.items.into_iter().next() {
        Some(Item::Let(l)) => l.value,
        other => panic!("expected a let, got {other:?}"),
    }
}

fn rule(src: &str) -> Rule {
    match parse_ok(src).items.into_iter().next() {
        Some(Item::Rule(r)) => r,
        other => panic!("expected a rule, got {other:?}"),
    }
}

fn only_error(src: &str) -> SyntaxError {
    let (_, mut errors) = parse(src);
    assert_eq!(
        errors.len(),
        1,
        "expected one error in {src:?}: {errors:#?}"
    );
    errors.remove(0)
}

fn at<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}

fn name(n: &str) -> Expr {
    at(ExprKind::Name(n.into()))
}

fn ident(n: &str) -> Ident {
    at(n.to_string())
}

fn lit(l: Literal) -> Expr {
    at(ExprKind::Literal(l))
}

fn int(n: i64) -> Expr {
    lit(Literal::Int(n))
}

fn bin(op: BinaryOp, l: Expr, r: Expr) -> Expr {
    at(ExprKind::Binary(at(op), Box::new(l), Box::new(r)))
}

fn un(op: UnaryOp, e: Expr) -> Expr {
    at(ExprKind::Unary(at(op), Box::new(e)))
}

fn field(base: Expr, f: &str) -> Expr {
    at(ExprKind::Field(Box::new(base), ident(f)))
}

fn call(f: &str, args: Vec<Expr>) -> Expr {
    at(ExprKind::Call(ident(f), args))
}

fn text(src: &str, span: Span) -> &str {
    &src[span.start..span.end]
}

// ------------------------------------------------------------ AST shapes

#[test]
fn precedence_from_or_down_to_unary_minus() {
    use BinaryOp::*;
    let want = bin(
        Or,
        name("a"),
        bin(
            And,
            name("b"),
            un(
                UnaryOp::Not,
                bin(
                    Eq,
                    name("c"),
                    bin(
                        Add,
                        name("d"),
                        bin(Mul, name("e"), un(UnaryOp::Neg, name("f"))),
                    ),
                ),
            ),
        ),
    );
    assert_eq!(expr("a or b and not c == d + e * -f"), want);
}

#[test]
fn arithmetic_is_left_associative_and_parentheses_group() {
    use BinaryOp::*;
    assert_eq!(
        expr("a - b - c"),
        bin(Sub, bin(Sub, name("a"), name("b")), name("c"))
    );
    assert_eq!(
        expr("a / (b - c)"),
        bin(Div, name("a"), bin(Sub, name("b"), name("c")))
    );
    assert_eq!(
        expr("x ≥ 1 and y ≠ 2 or z ≤ 3"),
        bin(
            Or,
            bin(And, bin(Ge, name("x"), int(1)), bin(Ne, name("y"), int(2))),
            bin(Le, name("z"), int(3))
        )
    );
    assert_eq!(
        expr(r#"id matches "^XA-" and s in ["a", "b"]"#),
        bin(
            And,
            bin(Matches, name("id"), lit(Literal::Str("^XA-".into()))),
            bin(
                In,
                name("s"),
                at(ExprKind::List(vec![
                    lit(Literal::Str("a".into())),
                    lit(Literal::Str("b".into()))
                ]))
            )
        )
    );
}

#[test]
fn projection_takes_every_field_after_the_star() {
    assert_eq!(
        expr("measures[*].id"),
        at(ExprKind::Project(
            Box::new(name("measures")),
            vec![ident("id")]
        ))
    );
    assert_eq!(
        expr("a.b[*].c.d"),
        at(ExprKind::Project(
            Box::new(field(name("a"), "b")),
            vec![ident("c"), ident("d")]
        ))
    );
    assert_eq!(
        expr("count(xs[*])"),
        call(
            "count",
            vec![at(ExprKind::Project(Box::new(name("xs")), vec![]))]
        )
    );
}

#[test]
fn integer_selectors_index_and_other_selectors_filter() {
    let index = |i: Expr| at(ExprKind::Index(Box::new(name("xs")), Box::new(i)));
    let filter = |c: Expr| at(ExprKind::Filter(Box::new(name("xs")), Box::new(c)));
    assert_eq!(expr("xs[0]"), index(int(0)));
    assert_eq!(expr("xs[-1]"), index(un(UnaryOp::Neg, int(1))));
    assert_eq!(
        expr(r#"xs[status == "implemented"]"#),
        filter(bin(
            BinaryOp::Eq,
            name("status"),
            lit(Literal::Str("implemented".into()))
        ))
    );
    // A name is decided at run time: the parser makes it a filter.
    assert_eq!(expr("xs[n]"), filter(name("n")));
    assert_eq!(
        expr("xs[1 + 1]"),
        filter(bin(BinaryOp::Add, int(1), int(1)))
    );
    // Selectors chain with fields: `xs[0].a[done]`.
    assert_eq!(
        expr("xs[0].a[done]"),
        at(ExprKind::Filter(
            Box::new(field(index(int(0)), "a")),
            Box::new(name("done"))
        ))
    );
}

#[test]
fn literals_of_every_kind() {
    assert_eq!(expr("90%"), lit(Literal::Percent(0.9)));
    assert_eq!(expr("12.5%"), lit(Literal::Percent(0.125)));
    assert_eq!(expr("1.5"), lit(Literal::Decimal(1.5)));
    assert_eq!(expr("9223372036854775807"), int(i64::MAX));
    assert_eq!(
        expr("2024-02-29"),
        lit(Literal::Date(Date::from_ymd(2024, 2, 29).unwrap()))
    );
    let dur = |amount, unit| lit(Literal::Duration(Duration { amount, unit }));
    assert_eq!(expr("10 days"), dur(10, Unit::Days));
    assert_eq!(expr("1 day"), dur(1, Unit::Days));
    assert_eq!(expr("2 weeks"), dur(2, Unit::Weeks));
    assert_eq!(expr("3 months"), dur(3, Unit::Months));
    assert_eq!(expr("1 year"), dur(1, Unit::Years));
    assert_eq!(
        expr("raised_on + 10 days"),
        bin(BinaryOp::Add, name("raised_on"), dur(10, Unit::Days))
    );
    assert_eq!(expr("true"), lit(Literal::Bool(true)));
    assert_eq!(expr("null"), lit(Literal::Null));
    assert_eq!(
        expr(r#""q\" b\\ n\n t\t \u{4e2d}""#),
        lit(Literal::Str("q\" b\\ n\n t\t 中".into()))
    );
    assert_eq!(expr("[]"), at(ExprKind::List(vec![])));
    assert_eq!(expr("[1, 2,]"), at(ExprKind::List(vec![int(1), int(2)])));
    // Without spaces, `2023-8-1` would be a date; with them it is arithmetic.
    assert_eq!(expr("10 - 5"), bin(BinaryOp::Sub, int(10), int(5)));
}

#[test]
fn keywords_are_field_names_after_a_dot() {
    assert_eq!(
        expr("report.url.help"),
        field(field(name("report"), "url"), "help")
    );
}

#[test]
fn template_holes_and_doubled_braces() {
    let r = rule(r#"rule T "t" { require ok else "measure {m.id} is {{late}} by {n + 1}" }"#);
    let ClauseKind::Require(req) = &r.clauses[0].node else {
        panic!("not a require: {:?}", r.clauses[0]);
    };
    let parts = &req.message.as_ref().unwrap().parts;
    assert_eq!(
        parts,
        &vec![
            TemplatePart::Text("measure ".into()),
            TemplatePart::Expr(field(name("m"), "id")),
            TemplatePart::Text(" is {late} by ".into()),
            TemplatePart::Expr(bin(BinaryOp::Add, name("n"), int(1))),
        ]
    );
    let r = rule(r#"rule T "t" { require ok else "{{}} \" \n" }"#);
    let ClauseKind::Require(req) = &r.clauses[0].node else {
        panic!("not a require");
    };
    assert_eq!(
        req.message.as_ref().unwrap().parts,
        vec![TemplatePart::Text("{} \" \n".into())]
    );
}

#[test]
fn clauses_of_every_kind_in_order() {
    let r = rule(
        r#"rule STP-009 "all clauses" {
            severity warning
            help "h"
            url "u"
            tags ["a", "b",]
            let n = 1
            when n > 0
            require n by d else "m"
            each m in ms { require m.ok }
        }"#,
    );
    assert_eq!(r.id.node, "STP-009");
    assert_eq!(r.title.node, "all clauses");
    let kinds: Vec<&str> = r
        .clauses
        .iter()
        .map(|c| match &c.node {
            ClauseKind::Severity(s) if s.node == Severity::Warning => "severity",
            ClauseKind::Help(h) if h.node == "h" => "help",
            ClauseKind::Url(u) if u.node == "u" => "url",
            ClauseKind::Tags(t) if t.len() == 2 => "tags",
            ClauseKind::Let(l) if l.name.node == "n" => "let",
            ClauseKind::When(_) => "when",
            ClauseKind::Require(r) if r.by.is_some() && r.message.is_some() => "require",
            ClauseKind::Each(e) if e.var.node == "m" && e.body.len() == 1 => "each",
            other => panic!("unexpected clause {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "severity", "help", "url", "tags", "let", "when", "require", "each"
        ]
    );
}

// ----------------------------------------------------------------- spans

const EXAMPLE: &str = r#"let deadline = 2023-08-31   # the end of the trial
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

// ------------------------------------------------------- recovery, limits

#[test]
fn three_broken_rules_give_three_errors_and_the_good_rules_parse() {
    let src = r#"
rule A "ok" { require a }
rule B "broken" {
    requires b
}
rule C "ok" { require c }
rule D "broken" { require d >= }
let e = 1 +
rule F "broken" {
    severity eror
}
rule G "ok" { require g }
"#;
    let (file, errors) = parse(src);
    let ids: Vec<&str> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r.id.node.as_str()),
            Item::Let(_) | Item::Schema(_) | Item::Data(_) => None,
        })
        .collect();
    assert_eq!(ids, ["A", "C", "G"]);
    let msgs: Vec<String> = errors.iter().map(|e| e.message()).collect();
    assert_eq!(
        msgs,
        [
            "expected a clause or `}`, found `requires`",
            "expected an expression, found `}`",
            "expected an expression, found end of line",
            "expected `error`, `warning` or `info`, found `eror`",
        ]
    );
}

#[test]
fn a_missing_brace_at_the_end_points_at_the_open_brace() {
    let src = "rule A \"a\" {\n    each m in ms {\n        require m.ok\n    }\n";
    let e = only_error(src);
    assert_eq!(e.message(), "expected `}`, found end of file");
    assert_eq!(e.label(), "this `{` is never closed");
    assert_eq!(e.span.start, src.find('{').unwrap());
}

#[test]
fn a_missing_brace_before_the_next_rule_keeps_that_rule() {
    let src = "rule A \"a\" {\n    require a\nrule B \"b\" { require b }\n";
    let (file, errors) = parse(src);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message(), "expected `}`, found `rule`");
    assert_eq!(text(src, errors[0].span), "{");
    assert_eq!(file.items.len(), 1);
}

/// Regression: a 400-digit decimal silently became infinity, which every
/// comparison then got wrong; it is an error, like a too large integer.
#[test]
fn a_decimal_beyond_the_largest_float_is_too_large_not_infinity() {
    let digits = format!("1{}", "0".repeat(399));
    for (literal, kind) in [
        (format!("{digits}.5"), "number"),
        (format!("{digits}%"), "number"),
        (format!("{digits}.5%"), "number"),
        (digits.clone(), "integer"),
    ] {
        let src = format!("rule A \"a\" {{\n    require x < {literal}\n}}\n");
        let e = only_error(&src);
        let number = literal.trim_end_matches('%');
        let zeros = "0".repeat(79);
        let chars = number.len();
        assert_eq!(
            e.message(),
            format!("{kind} `1{zeros}…` ({chars} characters) is too large")
        );
        assert_eq!(text(&src, e.span), number);
    }
    let e = only_error(&format!("let x = {digits}.5"));
    assert_eq!(
        e.kind,
        SyntaxErrorKind::NumberTooLarge(format!("{digits}.5"))
    );
    assert_eq!(e.label(), "larger than 1.8e308");
    // The largest float still parses: 309 digits.
    let largest = format!("17976931348623157{}.0", "0".repeat(292));
    assert!(parse(&format!("let x = {largest}")).1.is_empty());
}

/// Regression (a file of 40,000 syntax errors printed all of them, 12 MB
/// of diagnostics): the first 100 are kept, and one more error at the
/// first one left out says how many there were.
#[test]
fn syntax_errors_past_the_hundredth_are_counted_not_shown() {
    let src = "rule R \"r\" {\n    requires x\n}\n".repeat(1_000);
    let (_, errors) = parse(&src);
    assert_eq!(errors.len(), pilotlint::syntax::error::MAX_ERRORS + 1);
    let last = errors.last().expect("errors");
    assert_eq!(last.kind, SyntaxErrorKind::TooManyErrors { more: 900 });
    assert_eq!(
        last.message(),
        "900 more syntax errors in this file are not shown"
    );
    assert_eq!(last.count(), 900);
    // At the 101st `requires`, which is on line 302.
    let lines = LineIndex::new(&src);
    assert_eq!(lines.line(&src, last.span.start), 302);
    assert_eq!(text(&src, last.span), "requires");
    let err = pilotlint::load_rules(vec![pilotlint::rules::RuleSource {
        name: "r.rules".into(),
        text: src.clone(),
    }])
    .expect_err("syntax errors");
    assert_eq!(err.to_string(), "1000 errors in rule files");
}

fn is_too_deep(src: &str) -> bool {
    let (_, errors) = parse(src);
    errors.len() == 1 && matches!(errors[0].kind, SyntaxErrorKind::TooDeep { .. })
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let n = 100_000;
    assert!(is_too_deep(&format!(
        "let x = {}1{}",
        "(".repeat(n),
        ")".repeat(n)
    )));
    assert!(is_too_deep(&format!("let x = {}1", "not ".repeat(n))));
    assert!(is_too_deep(&format!("let x = {}1", "-".repeat(n))));
    assert!(is_too_deep(&format!("let x = {}", "[".repeat(n))));
    assert!(is_too_deep(&format!("let x = {}", "f(".repeat(n))));
    assert!(is_too_deep(&format!("let x = {}", "a[".repeat(n))));
    let eaches = "each x in y {".repeat(n);
    assert!(is_too_deep(&format!("rule A \"a\" {{ {eaches}")));
    // A long chain is a deep tree too (dropping it would recurse).
    assert!(is_too_deep(&format!(
        "let x = {}",
        vec!["1"; n].join(" + ")
    )));
    assert!(is_too_deep(&format!(
        "let x = {}",
        vec!["a"; n].join(" and ")
    )));
    assert!(is_too_deep(&format!("let x = a{}", ".b".repeat(n))));
    // What people write is fine.
    let ok = format!("let x = {}1{}", "(".repeat(30), ")".repeat(30));
    assert!(parse(&ok).1.is_empty());
    assert!(
        parse(&format!("let x = {}", vec!["a"; 50].join(" and ")))
            .1
            .is_empty()
    );
}

#[test]
fn no_input_panics() {
    for src in [
        "",
        "\u{feff}",
        "#",
        "\"",
        "rule",
        "rule A",
        "rule A \"",
        "rule A \"a\"",
        "rule A \"a\" {",
        "let",
        "let x",
        "let x =",
        "let x = \"\\u{110000}\"",
        "let x = \"\\u{",
        "let x = \"\\",
        "let x = 2023-99-99",
        "let x = 1.5 days",
        "\0\u{1}\u{7f}\u{fffd}{}[]()",
    ] {
        let _ = parse(src);
    }
    // Every prefix of a real file, and the file with a troublesome
    // character inserted at every position.
    for (k, _) in EXAMPLE.char_indices() {
        let _ = parse(&EXAMPLE[..k]);
        for c in ["\"", "{", "}", "[", "(", "\\", "#", "-", "=", "\n", "é"] {
            let mut s = EXAMPLE.to_string();
            s.insert_str(k, c);
            let (_, errors) = parse(&s);
            for e in errors {
                assert!(e.span.start <= e.span.end && e.span.end <= s.len());
                assert!(s.is_char_boundary(e.span.start) && s.is_char_boundary(e.span.end));
                let _ = (e.message(), e.label(), e.help());
            }
        }
    }
}

// ---------------------------------------------------- error fixtures

/// All errors of a file, one block each: `line:col: message`, the
/// underlined text, the label and the help.
fn render(src: &str) -> String {
    let (file, errors) = parse(src);
    let index = LineIndex::new(src);
    let mut out = String::new();
    let parsed: Vec<String> = file
        .items
        .iter()
        .map(|i| match i {
            Item::Rule(r) => format!("rule {}", r.id.node),
            Item::Let(l) => format!("let {}", l.name.node),
            Item::Schema(s) => format!("schema {:?}", s.path.node),
            Item::Data(d) => format!("data {} {:?}", d.name.node, d.path.node),
        })
        .collect();
    out.push_str(&format!("parsed: [{}]\n", parsed.join(", ")));
    for e in &errors {
        let lc = index.line_col(src, e.span.start);
        out.push_str(&format!("\n{}:{}: {}\n", lc.line, lc.column, e.message()));
        out.push_str(&format!("  underlined: {:?}\n", text(src, e.span)));
        out.push_str(&format!("  label: {}\n", e.label()));
        if let Some(h) = e.help() {
            out.push_str(&format!("  help: {h}\n"));
        }
    }
    out
}

#[test]
fn syntax_error_fixtures() {
    insta::glob!("fixtures/syntax-errors/*/input.rules", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(render(&src));
    });
}

#[test]
fn schema_is_a_keyword_only_at_the_start_of_an_item() {
    let src =
        "schema \"../schema/report.schema.json\"\nrule A \"t\" { require schema.version == 1 }\n";
    let file = parse_ok(src);
    let Item::Schema(s) = &file.items[0] else {
        panic!("expected a schema declaration, got {:?}", file.items[0]);
    };
    assert_eq!(s.path.node, "../schema/report.schema.json");
    assert_eq!(text(src, s.span), "schema \"../schema/report.schema.json\"");
    // In an expression `schema` is an ordinary field of the report.
    let Item::Rule(r) = &file.items[1] else {
        panic!("expected a rule");
    };
    assert_eq!(r.clauses.len(), 1);
    let e = only_error("schema report.json\n");
    assert_eq!(
        e.message(),
        "expected the schema's path (a string), found `report`"
    );
}

/// Regression: `Rule`, `Let`, `Schema` and `Template` derived `PartialEq`
/// over their `span` field, so the same file laid out differently compared
/// unequal, against "equality of AST nodes ignores spans".
#[test]
fn equality_of_whole_files_ignores_spans_and_layout() {
    let a = parse_ok(
        "schema \"s.json\"\nlet n = 1\nrule A \"t\" { require x > n else \"{x} is low\" }\n",
    );
    let b = parse_ok(
        "schema   \"s.json\"\n\n\nlet n =\n    1\nrule A \"t\" {\n    require x > n\n        else \"{x} is low\"\n}\n",
    );
    assert_eq!(a, b);
    let c = parse_ok(
        "schema \"s.json\"\nlet n = 1\nrule A \"t\" { require x > n else \"{x} is lower\" }\n",
    );
    assert_ne!(a, c);
}

/// Regression: `\u{XXXX}` in an `else` message was read as a hole, so
/// `"caf\u{e9}"` was a syntax error although the escape is valid.
#[test]
fn unicode_escapes_in_else_messages_are_escapes_not_holes() {
    let r = rule("rule A \"t\" { require x else \"caf\\u{e9} {x}\" }");
    let ClauseKind::Require(req) = &r.clauses[0].node else {
        panic!("expected a require clause");
    };
    let parts = &req.message.as_ref().expect("an else message").parts;
    assert_eq!(parts[0], TemplatePart::Text("café ".into()));
    assert_eq!(parts[1], TemplatePart::Expr(name("x")));
    let e = only_error("rule A \"t\" { require x else \"caf\\u{zz}\" }\n");
    assert!(e.message().contains("\\u{zz}"), "{}", e.message());
}

/// Regression: a comment ran to the next `\n`, so in a file with lone CR
/// line breaks (old Mac line endings) the first comment swallowed every
/// rule after it, and the file loaded with no rules, without a word.
#[test]
fn a_lone_cr_ends_a_comment() {
    let file =
        parse_ok("# a comment\rrule X001 \"t\" {\r    # another\r    require exists(a)\r}\r");
    let rules: Vec<&Rule> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].id.node, "X001");
}
