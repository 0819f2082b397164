//! Documentation examples are tests: every fenced block with the info
//! string `rules` in `grammar.md` (and `README.md`, when there is one) must
//! parse without errors, with every span inside its parent, and pass the
//! static checks (so no example uses an unknown function or a `by` without
//! `as_of`). A block that declares a `schema` is checked against it, its path
//! taken relative to the repository root, where the Markdown files are.

use std::path::Path;

use pilotlint::check::check_with_schemas;
use pilotlint::resolve::{ResolveError, Resolved, Wanted};
use pilotlint::rules::RuleSource;

/// A schema a documentation block declares, read from the repository.
fn repository_schema(_: &RuleSource, _: Wanted, path: &str) -> Result<Resolved, ResolveError> {
    super::schema::read_beside(Path::new(env!("CARGO_MANIFEST_DIR")), path)
}

/// The fenced `rules` blocks of a Markdown text: (line of the opening
/// fence, 1-based; the block's text).
fn rules_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        let fence = line.trim_start();
        match current.as_mut() {
            None if fence.starts_with("```") => {
                let info = fence.trim_start_matches('`').trim();
                if info.split_whitespace().next() == Some("rules") {
                    current = Some((n + 1, String::new()));
                }
            }
            None => {}
            Some(_) if fence.starts_with("```") => blocks.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert!(current.is_none(), "a `rules` block is never closed");
    blocks
}

/// Parses every `rules` block of `file`; returns how many there were.
fn check_file(file: &str) -> Result<usize, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let markdown = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
    let blocks = rules_blocks(&markdown);
    let mut failures = Vec::new();
    for (line, text) in &blocks {
        let index = pilotlint::span::LineIndex::new(text);
        // The block's first line is the line after the fence.
        let mut fail = |at: usize, message: String| {
            let lc = index.line_col(text, at);
            failures.push(format!(
                "{file}:{}:{}: {message} (in the block opened at line {line})",
                line + lc.line,
                lc.column,
            ));
        };
        match crate::syntax::parse_and_check_spans(text) {
            Err(errors) => errors.iter().for_each(|e| fail(e.span.start, e.message())),
            Ok(parsed) => {
                let source = RuleSource {
                    name: format!("{file}:{line}"),
                    text: text.clone(),
                };
                let checked =
                    check_with_schemas(vec![source], vec![parsed], &mut repository_schema);
                if let Err(errors) = checked {
                    errors
                        .into_iter()
                        .for_each(|e| fail(e.span.start, e.message));
                }
            }
        }
    }
    if failures.is_empty() {
        Ok(blocks.len())
    } else {
        Err(failures.join("\n"))
    }
}

#[test]
fn every_rules_block_in_grammar_md_parses() {
    match check_file("grammar.md") {
        // Every production has an example, so there are many blocks.
        Ok(n) => assert!(n >= 30, "only {n} `rules` blocks in grammar.md"),
        Err(failures) => panic!("broken examples:\n{failures}"),
    }
}

#[test]
fn every_rules_block_in_readme_parses() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    if !readme.exists() {
        return;
    }
    if let Err(failures) = check_file("README.md") {
        panic!("broken examples:\n{failures}");
    }
}

#[test]
fn a_block_with_a_schema_is_checked_against_it() {
    let dir = std::env::temp_dir().join(format!("pilotlint-docs-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let md = dir.join("doc.md");
    let text = "```rules\nschema \"schema/report.schema.json\"\n\
                rule A \"a\" {\n  require implementation_plan.aproved == true\n}\n```\n";
    std::fs::write(&md, text).unwrap();
    let result = check_file(md.to_str().unwrap());
    std::fs::remove_dir_all(&dir).ok();
    let failures = result.unwrap_err();
    assert!(
        failures.ends_with(
            ":4:31: unknown field `implementation_plan.aproved` (in the block opened at line 1)"
        ),
        "{failures}"
    );
}

#[test]
fn a_broken_block_is_reported_with_its_line() {
    let md = "text\n\n```rules\nrule A \"a\" { require x }\n```\n\n```yaml\nnot: rules\n```\n\n```rules\nrule B \"b\" {\n  requires y\n}\n```\n";
    let blocks = rules_blocks(md);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].0, 3);
    assert_eq!(blocks[1].0, 11);
    assert!(crate::syntax::parse_and_check_spans(&blocks[0].1).is_ok());
    assert!(crate::syntax::parse_and_check_spans(&blocks[1].1).is_err());
}

#[test]
fn a_block_that_parses_but_fails_the_checks_is_reported() {
    let dir = std::env::temp_dir().join(format!("pilotlint-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let md = dir.join("doc.md");
    let text = "# t\n\n```rules\nrule A \"a\" {\n  require cout(xs) > 0\n}\n```\n";
    std::fs::write(&md, text).unwrap();
    // `check_file` takes a path relative to the manifest; an absolute path
    // joins to itself.
    let result = check_file(md.to_str().unwrap());
    std::fs::remove_dir_all(&dir).ok();
    let failures = result.unwrap_err();
    assert!(
        failures.ends_with(":5:11: unknown function `cout` (in the block opened at line 3)"),
        "{failures}"
    );
}

/// The rules blocks of grammar.md's "Canonical layout" section show the
/// layout `pilotlint fmt` writes, so each must be left as it is by it.
#[test]
fn the_canonical_layout_examples_are_formatted() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar.md");
    let markdown = std::fs::read_to_string(path).expect("grammar.md is readable");
    let start = markdown
        .find("\n## Canonical layout\n")
        .expect("grammar.md has a Canonical layout section");
    let section = &markdown[start + 1..];
    let section = section[3..]
        .find("\n## ")
        .map_or(section, |end| &section[..end + 3]);
    let blocks = rules_blocks(section);
    assert!(blocks.len() >= 2, "only {} examples", blocks.len());
    for (line, text) in blocks {
        let formatted = pilotlint::syntax::print::format(&text).expect("the example parses");
        assert!(
            formatted == text,
            "the example at line {line} of the section is not formatted:\n{formatted}"
        );
    }
}

/// grammar.md's table of functions is the library's table of functions,
/// row for row: a function added to one is missing from the other.
#[test]
fn the_functions_of_grammar_md_are_the_built_in_ones() {
    let grammar = std::fs::read_to_string("grammar.md").expect("grammar.md");
    let section = grammar
        .split("### call")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("a `call` section");
    let rows: Vec<(String, String)> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
            (cells[0].trim().to_string(), cells[1].trim().to_string())
        })
        .collect();
    let table: Vec<(String, String)> = pilotlint::eval::functions::FUNCTIONS
        .iter()
        .map(|f| (f.usage.to_string(), f.doc.to_string()))
        .collect();
    assert_eq!(rows, table);
}

/// The error grammar.md shows for a report field read in a set rule with
/// no current report ("The current report") is what pilotlint prints for
/// the three-line file shown above it.
#[test]
fn the_set_rule_error_sample_is_what_pilotlint_prints() {
    let grammar = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar.md"))
        .expect("grammar.md");
    let at = grammar
        .find("```text\nrule S001 \"no more reports than measures\"")
        .expect("the sample rule file");
    let blocks: Vec<&str> = grammar[at..].splitn(5, "```").collect();
    // ["", "text\n<rule file>", "\n\n", "text\n<output>", rest]
    let rule_file = blocks[1].strip_prefix("text\n").expect("a text block");
    let sample = blocks[3].strip_prefix("text\n").expect("a text block");
    let dir = std::env::temp_dir().join(format!("pilotlint-docs-set-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("rules")).expect("a temporary directory");
    std::fs::write(dir.join("rules/s.rules"), rule_file).expect("written");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilotlint"))
        .current_dir(&dir)
        .args(["rules", "--rules", "rules/s.rules"])
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("pilotlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains(sample.trim_end()),
        "{stderr}\n---\n{sample}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The case with several reports docs/rule-tests.md shows is one of the
/// shipped rule tests, word for word (which `pilotlint test rules/` runs).
#[test]
fn the_set_case_in_rule_tests_md_is_a_shipped_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/rule-tests.md")).expect("the doc");
    let at = doc
        .find("A case with several reports")
        .expect("the section");
    let start = at + doc[at..].find("```yaml\n").expect("a yaml block") + 8;
    let end = start + doc[start..].find("```").expect("the block ends");
    let shipped =
        std::fs::read_to_string(root.join("rules/national.tests.yaml")).expect("the tests");
    assert!(shipped.contains(&doc[start..end]), "{}", &doc[start..end]);
}

/// grammar.md's table "Findings that no rule wrote" is the library's
/// (`pilotlint::finding::codes::TABLE`, which `explain CODE` prints): the
/// same codes in the same order, each row's text its `when`, after "(a
/// warning)" or "(an info)" for those severities; and every code the
/// library defines is in it.
#[test]
fn grammar_md_lists_every_code_no_rule_writes_as_the_library_does() {
    use pilotlint::finding::codes::TABLE;
    use pilotlint::syntax::ast::Severity;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let grammar = std::fs::read_to_string(root.join("grammar.md")).expect("grammar.md");
    let start = grammar.find("| code | when |").expect("the table");
    let rows: Vec<&str> = grammar[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let expected: Vec<String> = TABLE
        .iter()
        .map(|d| {
            let prefix = match d.severity {
                Severity::Error => "",
                Severity::Warning => "(a warning) ",
                Severity::Info => "(an info) ",
            };
            format!("| `{}` | {prefix}{} |", d.code, d.when)
        })
        .collect();
    assert_eq!(rows, expected);
    // Every `pub const X: &str = "code"` of the codes module has a row.
    let source =
        std::fs::read_to_string(root.join("src/finding/codes.rs")).expect("the codes module");
    let defined: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("pub const "))
        .filter_map(|l| l.split_once(": &str = \"")?.1.strip_suffix("\";"))
        .collect();
    assert_eq!(defined.len(), TABLE.len(), "{defined:?}");
    for code in defined {
        assert!(TABLE.iter().any(|d| d.code == code), "{code} has no row");
    }
}
