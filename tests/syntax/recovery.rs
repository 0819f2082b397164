//! Error recovery (a broken rule does not hide the next), and the limits
//! of the parser (the nesting cap; any prefix or edit of a file parses or
//! fails without a panic).

use super::spans::EXAMPLE;
use super::*;

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
