//! The parser: AST shapes (precedence, paths, templates), the exact text
//! each span underlines, error recovery, the nesting cap, and the
//! `syntax-errors` fixtures rendered as `line:col: message` snapshots.

use pilotlint::date::{Date, Duration, Unit};
use pilotlint::span::{LineIndex, Span, Spanned};
use pilotlint::syntax::ast::*;
use pilotlint::syntax::{SyntaxError, SyntaxErrorKind, parse};

// The exact text each span underlines; tests/docs.rs checks the spans of
// every documented example with the same function.
mod spans;
pub(crate) use spans::parse_and_check_spans;
// Recovery after a broken rule, and the parser's limits.
mod recovery;

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
