//! `pilotlint fmt`: the canonical layout on hand-written cases, and its two
//! promises checked on generated rule files and on every rule file of the
//! repository: formatting never changes what a file means (the formatted
//! file parses to the same tree, spans aside) and changes nothing the
//! second time; and every comment survives, in order.

use std::path::{Path, PathBuf};

use pilotlint::syntax::{self, ast, print};

// The command, rewriting files.
mod command;
mod generate;
use generate::Gen;

/// The tree without its spans. `Spanned` equality ignores spans, but the
/// plain `span` fields of `Let`, `Rule`, `Schema` and `Template` do not, so
/// the trees are compared as their debug text with every span removed.
fn shape(file: &ast::RuleFile) -> String {
    let spans = regex::Regex::new(r"Span \{ start: \d+, end: \d+ \}").expect("a valid regex");
    spans.replace_all(&format!("{file:?}"), "_").into_owned()
}

/// Checks the promises of the formatter on `src`, which must parse without
/// errors; returns the formatted text. `what` names the source in messages.
fn check_promises(what: &str, src: &str) -> String {
    let (before, errors) = syntax::parse(src);
    if let Some(e) = errors.first() {
        panic!(
            "{what} does not parse: {} at {:?}:\n{src}",
            e.message(),
            e.span
        );
    }
    let out = match print::format(src) {
        Ok(out) => out,
        Err(e) => panic!("{what}: formatting failed: {:?}", e[0].message()),
    };
    let (after, errors) = syntax::parse(&out);
    assert!(
        errors.is_empty(),
        "{what}: the formatted text does not parse ({}):\n--- source\n{src}\n--- formatted\n{out}",
        errors[0].message()
    );
    assert!(
        shape(&before) == shape(&after),
        "{what}: formatting changed the meaning\n--- source\n{src}\n--- formatted\n{out}"
    );
    let again = print::format(&out).expect("the formatted text parses");
    assert!(
        again == out,
        "{what}: formatting is not idempotent\n--- source\n{src}\n--- once\n{out}\n--- twice\n{again}"
    );
    assert_eq!(
        comment_texts(src),
        comment_texts(&out),
        "{what}: comments lost or reordered\n--- source\n{src}\n--- formatted\n{out}"
    );
    for line in out.lines() {
        assert!(
            !line.ends_with([' ', '\t']),
            "{what}: trailing whitespace in `{line}`"
        );
    }
    out
}

/// The text of every comment, in order (as the formatter finds them: a
/// `#` inside a string is not one).
fn comment_texts(src: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = src.char_indices();
    while let Some((k, c)) = chars.next() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '#' {
            let end = src[k..].find('\n').map_or(src.len(), |n| k + n);
            texts.push(src[k..end].trim_end().to_string());
            // Skip to the line end.
            for (j, _) in chars.by_ref() {
                if j + 1 >= end {
                    break;
                }
            }
        }
    }
    texts
}

// -- The layout, case by case (each expected text written by hand) -----------

pub(crate) fn formats_to(src: &str, expected: &str) {
    let out = check_promises("case", src);
    assert_eq!(out, expected, "\n--- got\n{out}\n--- expected\n{expected}");
}

#[test]
fn spacing_indentation_and_one_clause_a_line() {
    formats_to(
        "rule  A-1 \"t\"{severity   warning tags[\"a\" ,\"b\",]\n when x>=1 and(y)\n\trequire x . y[ 0 ]!=- 3}\n",
        "rule A-1 \"t\" {\n    severity warning\n    tags [\"a\", \"b\"]\n    when x >= 1 and y\n    require x.y[0] != -3\n}\n",
    );
}

#[test]
fn parentheses_only_where_precedence_needs_them() {
    formats_to(
        "let a = ((1 + 2)) * (3 - (4 - 5)) / (-(x))\nlet b = (not x) == (y < z)\nlet c = (xs[*].a).b\nlet d = (a or b) and not (c and d)\n",
        "let a = (1 + 2) * (3 - (4 - 5)) / -x\nlet b = (not x) == (y < z)\nlet c = (xs[*].a).b\nlet d = (a or b) and not (c and d)\n",
    );
}

#[test]
fn literals_are_kept_as_written() {
    formats_to(
        "let a = [1.50, 90%, 12.5%, 007, 2024-02-29, 10\tdays, \"\\u{4e2d}\\\"\\t\"]\n",
        "let a = [1.50, 90%, 12.5%, 007, 2024-02-29, 10 days, \"\\u{4e2d}\\\"\\t\"]\n",
    );
    formats_to("let a = x ≥ 1 and y ≠ 2\n", "let a = x >= 1 and y != 2\n");
}

/// Regression (found by the `rule_parser` fuzz target): the spaces inside a
/// string literal were collapsed like those between a duration's amount and
/// unit, so `fmt` changed `"a  b"` to `"a b"`, and a vertical tab in a
/// string to a space: the formatted file meant something else.
#[test]
fn the_spaces_inside_a_string_are_its_text() {
    formats_to(
        "let a = [\"a  b\", \"c\u{b}\u{b}\", \"  \", 10   days]\n",
        "let a = [\"a  b\", \"c\u{b}\u{b}\", \"  \", 10 days]\n",
    );
}

#[test]
fn long_requires_break_before_and_or_with_nested_chains_indented() {
    let src = "rule A \"t\" { require exists(implementation_plan.approved_on) and implementation_plan.approved_on <= trial_end or waived and waiver.approved_by == \"State Council of the People's Republic\" and waiver.approved_on <= trial_end else \"the plan was not approved in time\" }";
    formats_to(
        src,
        "rule A \"t\" {
    require exists(implementation_plan.approved_on) and implementation_plan.approved_on <= trial_end
        or waived
            and waiver.approved_by == \"State Council of the People's Republic\"
            and waiver.approved_on <= trial_end
        else \"the plan was not approved in time\"
}
",
    );
    // A short one stays on one line, `else` on its own.
    formats_to(
        "rule A \"t\" { require a or b by d else \"m\" }",
        "rule A \"t\" {\n    require a or b by d\n        else \"m\"\n}\n",
    );
}

#[test]
fn long_lists_and_calls_take_one_item_a_line_with_a_trailing_comma() {
    let src = "let tasks = [\"administration-system\", \"opening-up\", \"facilitation\", \"development-models\", \"x-y-z\", \"more\"]\n\n\nlet n = max(count(measures[status == \"implemented\"]), count(measures[status == \"in-progress\"]), 1000)\n";
    formats_to(
        src,
        "let tasks = [
    \"administration-system\",
    \"opening-up\",
    \"facilitation\",
    \"development-models\",
    \"x-y-z\",
    \"more\",
]

let n = max(
    count(measures[status == \"implemented\"]),
    count(measures[status == \"in-progress\"]),
    1000,
)
",
    );
}

#[test]
fn comments_stay_where_they_were_written() {
    let src = "\u{feff}# file header\n\n\n# about a\nlet a = 1 # why 1\nrule A \"t\" { # after the brace\n\n\n  # before when\n  when a # after a\n    and b\n\n  each m in ms { require m.x } # after each\n  # dangling\n}\n# the end\n";
    formats_to(
        src,
        "# file header

# about a
let a = 1  # why 1

rule A \"t\" {  # after the brace
    # before when
    when a  # after a
        and b

    each m in ms {
        require m.x
    }  # after each
    # dangling
}
# the end
",
    );
}

#[test]
fn blank_lines_between_clauses_are_kept_but_collapsed() {
    formats_to(
        "rule A \"t\" {\n\n  severity info\n\n\n\n  require x\n  require y\n\n}\nlet z = 1",
        "rule A \"t\" {\n    severity info\n\n    require x\n    require y\n}\n\nlet z = 1\n",
    );
}

#[test]
fn lets_are_grouped_as_written_and_other_items_stand_apart() {
    formats_to(
        "schema \"s.json\"\nlet a = 1\n\n\n\nlet b = 2\nlet c = 3\n# about R\nrule R \"t\" {\n}\nlet d = 4\n",
        "schema \"s.json\"\n\nlet a = 1\n\nlet b = 2\nlet c = 3\n\n# about R\nrule R \"t\" {\n}\n\nlet d = 4\n",
    );
}

#[test]
fn schema_is_printed_as_written_and_crlf_becomes_lf() {
    formats_to(
        "schema  \"../schema/report.schema.json\"\r\nrule A \"t\" {\r\n  require x # c\r\n}\r\n",
        "schema \"../schema/report.schema.json\"\n\nrule A \"t\" {\n    require x  # c\n}\n",
    );
}

/// A data block stays on the `data` line, unless a comment is inside it:
/// then it is laid out as a rule's block, the `}` on a line of its own
/// (the bug: the `}` went to the end of the schema's line).
#[test]
fn a_data_block_with_a_comment_inside_is_laid_out_as_a_block() {
    formats_to(
        "data  areas \"a.yaml\"{schema   \"a.json\"}\n",
        "data areas \"a.yaml\" { schema \"a.json\" }\n",
    );
    formats_to(
        "data areas \"a.yaml\" {\n  # the registry\n  schema \"a.json\"\n}\n",
        "data areas \"a.yaml\" {\n    # the registry\n    schema \"a.json\"\n}\n",
    );
    formats_to(
        "data areas \"a.yaml\" { schema \"a.json\" # the registry\n}\n",
        "data areas \"a.yaml\" {\n    schema \"a.json\"  # the registry\n}\n",
    );
    formats_to(
        "data areas \"a.yaml\" { schema \"a.json\"\n# last\n}\n",
        "data areas \"a.yaml\" {\n    schema \"a.json\"\n    # last\n}\n",
    );
}

#[test]
fn empty_files_and_comment_only_files() {
    formats_to("", "");
    formats_to("\n\n  \n", "");
    formats_to("# only\n\n\n# comments", "# only\n\n# comments\n");
}

#[test]
fn a_file_with_syntax_errors_is_not_formatted() {
    let errors = print::format("rule A \"t\" { requires x }").unwrap_err();
    assert_eq!(
        errors[0].message(),
        "expected a clause or `}`, found `requires`"
    );
}

// -- Generated rule files ------------------------------------------------------

/// The number of generated files; every one is a case of its own seed.
/// `PILOTLINT_FMT_CASES=N` runs N instead, from seed `PILOTLINT_FMT_SEED`
/// (0 unless set).
const GENERATED: u64 = 2000;

#[test]
fn generated_files_keep_their_meaning_and_comments_and_format_once() {
    let number = |var: &str| std::env::var(var).ok().and_then(|v| v.parse::<u64>().ok());
    let cases = number("PILOTLINT_FMT_CASES").unwrap_or(GENERATED);
    let first = number("PILOTLINT_FMT_SEED").unwrap_or(0);
    let (mut comments, mut changed, mut bytes) = (0, 0, 0);
    for seed in first..first + cases {
        let mut g = Gen::new(seed);
        let src = g.file();
        let out = check_promises(&format!("generated file {seed}"), &src);
        comments += g.comments;
        changed += usize::from(out != src);
        bytes += src.len();
    }
    eprintln!("{cases} generated files, {bytes} bytes, {comments} comments, {changed} changed");
    // The generator is not so tame that its files come out formatted.
    assert!(changed as u64 > cases * 8 / 10, "{changed} files changed");
    assert!(comments as u64 > cases, "{comments} comments");
}

// -- Every rule file of the repository ----------------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rule_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rules") {
            out.push(path);
        }
    }
}

/// The fenced `rules` blocks of a Markdown file.
fn rules_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start();
        match current.as_mut() {
            None if fence.starts_with("```") => {
                let info = fence.trim_start_matches('`').trim();
                if info.split_whitespace().next() == Some("rules") {
                    current = Some(String::new());
                }
            }
            None => {}
            Some(_) if fence.starts_with("```") => blocks.extend(current.take()),
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    blocks
}

#[test]
fn every_rule_file_and_example_of_the_repository_keeps_its_meaning() {
    let mut files = Vec::new();
    rule_files(&root().join("rules"), &mut files);
    rule_files(&root().join("tests/fixtures"), &mut files);
    rule_files(&root().join("examples"), &mut files);
    let mut checked = 0;
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap_or_default();
        // Fixtures of syntax errors are meant not to parse.
        if syntax::parse(&src).1.is_empty() {
            check_promises(&path.display().to_string(), &src);
            checked += 1;
        }
    }
    let mut docs = vec![root().join("grammar.md"), root().join("README.md")];
    if let Ok(entries) = std::fs::read_dir(root().join("docs")) {
        docs.extend(entries.flatten().map(|e| e.path()));
    }
    for doc in docs
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let markdown = std::fs::read_to_string(doc).unwrap_or_default();
        for (k, block) in rules_blocks(&markdown).iter().enumerate() {
            check_promises(&format!("{} block {}", doc.display(), k + 1), block);
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} rule texts found");
}

/// The shipped rules are formatted: `.ci/run` checks it with the binary
/// too, this says which file is not.
#[test]
fn the_shipped_rules_are_formatted() {
    let mut files = Vec::new();
    rule_files(&root().join("rules"), &mut files);
    assert!(!files.is_empty());
    for path in files {
        let src = std::fs::read_to_string(&path).expect("readable");
        let out = print::format(&src).expect("the shipped rules parse");
        assert!(out == src, "{} is not formatted", path.display());
    }
}
