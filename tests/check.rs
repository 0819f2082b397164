//! Static checks of rule files (`pilotlint::check`): every case folder under
//! `fixtures/check-errors/` holds one or more `*.rules` files that parse but
//! break the checks; the snapshot is every error, rendered as plain text with
//! positions and the exact underlined text. Files in `fixtures/check-ok/`
//! must check clean.

use std::fmt::Write as _;
use std::path::Path;

use pilotlint::check::{CheckError, check};
use pilotlint::rules::{RuleSet, RuleSource};
use pilotlint::span::{LineIndex, Span};
use pilotlint::syntax::ast::Severity;

/// Parses every `*.rules` file of `dir` (sorted by name); a fixture with a
/// syntax error is a broken fixture, not a check case.
fn load_dir(dir: &Path) -> Vec<RuleSource> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rules"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no .rules file in {}", dir.display());
    paths
        .iter()
        .map(|p| RuleSource {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(p).unwrap(),
        })
        .collect()
}

fn run(sources: Vec<RuleSource>) -> (Vec<RuleSource>, Result<RuleSet, Vec<CheckError>>) {
    let mut files = Vec::new();
    for source in &sources {
        let (file, syntax_errors) = pilotlint::syntax::parse(&source.text);
        assert!(
            syntax_errors.is_empty(),
            "fixture {} does not parse: {syntax_errors:#?}",
            source.name
        );
        files.push(file);
    }
    (sources.clone(), check(sources, files))
}

fn check_text(text: &str) -> Result<RuleSet, Vec<CheckError>> {
    run(vec![RuleSource {
        name: "inline.rules".to_string(),
        text: text.to_string(),
    }])
    .1
}

/// `name:line:col`, 1-based, columns in characters.
fn position(source: &RuleSource, span: Span) -> String {
    let at = LineIndex::new(&source.text).line_col(&source.text, span.start);
    format!("{}:{}:{}", source.name, at.line, at.column)
}

fn underlined(source: &RuleSource, span: Span) -> String {
    let text = source
        .text
        .get(span.start..span.end)
        .expect("spans are on character boundaries");
    format!("`{}`", text.replace('\n', "⏎"))
}

pub(crate) fn render(sources: &[RuleSource], errors: &[CheckError]) -> String {
    let mut out = String::new();
    for e in errors {
        let source = &sources[e.file];
        writeln!(out, "{}: {}", position(source, e.span), e.message).unwrap();
        writeln!(out, "  underlined: {}", underlined(source, e.span)).unwrap();
        writeln!(out, "  label: {}", e.label).unwrap();
        for r in &e.related {
            let other = &sources[r.file];
            writeln!(out, "  related: {}: {}", position(other, r.span), r.label).unwrap();
            writeln!(out, "    underlined: {}", underlined(other, r.span)).unwrap();
        }
        if let Some(help) = &e.help {
            writeln!(out, "  help: {help}").unwrap();
        }
        out.push('\n');
    }
    out
}

#[test]
fn check_error_fixtures() {
    insta::glob!("fixtures/check-errors/*", |dir| {
        let (sources, result) = run(load_dir(dir));
        let errors = match result {
            Ok(_) => panic!("{} checks clean, expected errors", dir.display()),
            Err(errors) => errors,
        };
        insta::assert_snapshot!(render(&sources, &errors));
    });
}

#[test]
fn check_ok_fixtures_are_clean() {
    insta::glob!("fixtures/check-ok/*.rules", |path| {
        let source = RuleSource {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(path).unwrap(),
        };
        let (sources, result) = run(vec![source]);
        if let Err(errors) = result {
            panic!("{}", render(&sources, &errors));
        }
    });
}

#[test]
fn brief_example_yields_its_rules_and_settings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check-ok");
    let text = std::fs::read_to_string(dir.join("brief-example.rules")).unwrap();
    let set = check_text(&text).unwrap_or_else(|e| panic!("{e:#?}"));
    let summary: Vec<_> = set
        .rules
        .iter()
        .map(|r| {
            (
                r.file,
                r.id(),
                r.meta.severity,
                r.meta.help.as_deref(),
                r.meta.url.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                0,
                "STP001",
                Severity::Error,
                Some(
                    "At least 90% of the 122 measures must be implemented by the end of the trial."
                ),
                Some("https://example.org/policy#rate"),
            ),
            (0, "STP002", Severity::Error, None, None),
            (0, "STP005", Severity::Warning, None, None),
            (0, "STP008", Severity::Error, None, None),
        ]
    );
    assert_eq!(
        set.rule_by_id("STP005").unwrap().title(),
        "overdue measures"
    );
    assert!(set.rules.iter().all(|r| r.meta.tags.is_empty()));
    // The brief's example has no `matches`.
    assert!(set.regexes.is_empty());
    assert_eq!(set.sources.len(), 1);
    assert_eq!(set.files.len(), 1);
}

#[test]
fn tags_and_literal_patterns_reach_the_rule_set() {
    let set = check_text(
        r#"
rule A "a" {
    severity info
    tags ["x", "y"]
    require area.name matches "^X"
    each m in measures {
        require m.id matches "^XA-\\d{3}$"
        require m.lead matches "^X"
    }
}
"#,
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let rule = set.rule_by_id("A").unwrap();
    assert_eq!(rule.meta.severity, Severity::Info);
    assert_eq!(rule.meta.tags, ["x", "y"]);
    // Keyed by the decoded pattern; the repeated `^X` is compiled once.
    let mut patterns: Vec<_> = set.regexes.keys().map(String::as_str).collect();
    patterns.sort();
    assert_eq!(patterns, [r"^X", r"^XA-\d{3}$"]);
    assert!(set.regexes[r"^XA-\d{3}$"].is_match("XA-017"));
}

#[test]
fn duplicate_id_across_files_labels_both_files() {
    let sources = vec![
        RuleSource {
            name: "one.rules".to_string(),
            text: "rule R1 \"x\" {\n    require exists(a)\n}\n".to_string(),
        },
        RuleSource {
            name: "two.rules".to_string(),
            text: "# two\nrule R1 \"y\" {\n    require exists(b)\n}\n".to_string(),
        },
    ];
    let (sources, result) = run(sources);
    let errors = result.unwrap_err();
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.file, 1);
    assert_eq!(&sources[1].text[e.span.start..e.span.end], "R1");
    assert_eq!(position(&sources[1], e.span), "two.rules:2:6");
    assert_eq!(e.related.len(), 1);
    assert_eq!(e.related[0].file, 0);
    assert_eq!(position(&sources[0], e.related[0].span), "one.rules:1:6");
}

/// The checks recurse over expressions; the parser caps nesting, so the
/// deepest tree it accepts must check on an ordinary 2 MB test thread.
#[test]
fn deepest_accepted_nesting_checks_without_overflow() {
    use pilotlint::syntax::error::{MAX_DEPTH, MAX_NESTING};
    let rule = |body: &str| format!("rule A \"a\" {{\n    require {body}\n}}\n");
    // The largest `n` for which `shape(n)` parses, found by trying: the
    // parser's caps, whatever the levels around the expression cost.
    let deepest = |shape: &dyn Fn(usize) -> String| {
        (1..=MAX_DEPTH)
            .take_while(|&n| pilotlint::syntax::parse(&rule(&shape(n))).1.is_empty())
            .last()
            .expect("one level parses")
    };
    let shapes: [(&dyn Fn(usize) -> String, usize); 4] = [
        // A chain is built in a loop: only the tree's depth caps it.
        (&|n| format!("x == 1{}", " + 1".repeat(n)), MAX_DEPTH),
        (
            &|n| format!("{}x{} == 1", "(".repeat(n), ")".repeat(n)),
            MAX_NESTING,
        ),
        (&|n| format!("{}x", "not ".repeat(n)), MAX_NESTING),
        (
            &|n| format!("count({}y{}) > 0", "x[".repeat(n), "]".repeat(n)),
            MAX_NESTING,
        ),
    ];
    for (shape, cap) in shapes {
        let n = deepest(shape);
        assert!(cap - n <= 4, "only {n} levels parse, the cap is {cap}");
        let text = rule(&shape(n));
        let body = shape(n);
        let (file, syntax_errors) = pilotlint::syntax::parse(&text);
        assert!(syntax_errors.is_empty(), "{body}: {syntax_errors:?}");
        let source = RuleSource {
            name: "deep.rules".to_string(),
            text,
        };
        assert!(check(vec![source], vec![file]).is_ok(), "{body}");
    }
}
