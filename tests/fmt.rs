//! `pilotlint fmt`: the canonical layout on hand-written cases, and its two
//! promises checked on generated rule files and on every rule file of the
//! repository: formatting never changes what a file means (the formatted
//! file parses to the same tree, spans aside) and changes nothing the
//! second time; and every comment survives, in order.

use std::path::{Path, PathBuf};

use pilotlint::syntax::{self, ast, print};

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

// -- The command, rewriting files ----------------------------------------------

/// A fresh directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pilotlint-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn pilotlint(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("pilotlint runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const MESSY: &str = "rule B \"messy\" {\n  require (x>0) # why\n}\n";
const TIDY: &str = "rule B \"messy\" {\n    require x > 0  # why\n}\n";
const BROKEN: &str = "rule A \"broken\" {\n    requires x > 1\n}\n";

#[test]
fn fmt_rewrites_files_in_place_and_leaves_a_broken_file_alone() {
    let dir = scratch("rewrite");
    std::fs::create_dir_all(dir.join("rules")).expect("rules/");
    std::fs::write(dir.join("rules/a.rules"), MESSY).expect("written");
    std::fs::write(dir.join("rules/b.rules"), BROKEN).expect("written");
    std::fs::write(dir.join("rules/c.rules"), TIDY).expect("written");

    // No paths: rules/.
    let (code, stdout, stderr) = pilotlint(&dir, &["fmt"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("expected a clause or `}`, found `requires`"),
        "{stderr}"
    );
    assert!(stderr.contains("`rules/b.rules` has syntax errors, it was not formatted"));
    assert!(
        stderr.ends_with("1 rule file formatted, 1 already formatted\n"),
        "{stderr}"
    );
    let read = |f: &str| std::fs::read_to_string(dir.join("rules").join(f)).expect("readable");
    assert_eq!(read("a.rules"), TIDY);
    assert_eq!(read("b.rules"), BROKEN);
    assert_eq!(read("c.rules"), TIDY);
    // Nothing but the rule files is left in the directory (no temporary file).
    let mut names: Vec<_> = std::fs::read_dir(dir.join("rules"))
        .expect("listable")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    names.sort();
    assert_eq!(names, ["a.rules", "b.rules", "c.rules"]);

    // Once formatted, --check passes for the formatted files.
    std::fs::remove_file(dir.join("rules/b.rules")).expect("removed");
    let (code, stdout, stderr) = pilotlint(&dir, &["fmt", "--check"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_check_colours_its_diff_only_when_asked() {
    let dir = scratch("color");
    std::fs::write(dir.join("a.rules"), MESSY).expect("written");
    let (code, plain, _) = pilotlint(&dir, &["fmt", "--check", "a.rules"]);
    assert_eq!(code, Some(1));
    assert!(!plain.contains('\x1b'));
    assert!(
        plain.contains("-  require (x>0) # why\n+    require x > 0  # why\n"),
        "{plain}"
    );
    let (code, colored, _) = pilotlint(&dir, &["fmt", "--check", "--color", "always", "a.rules"]);
    assert_eq!(code, Some(1));
    assert!(
        colored.contains("\x1b[31m-  require (x>0) # why\x1b[0m\n"),
        "{colored}"
    );
    assert!(
        colored.contains("\x1b[32m+    require x > 0  # why\x1b[0m\n"),
        "{colored}"
    );
    // --check changed nothing.
    assert_eq!(
        std::fs::read_to_string(dir.join("a.rules")).expect("readable"),
        MESSY
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Nesting up to the parser's limit formats on a test thread's small
/// stack, keeps its meaning, and stays put.
#[test]
fn deep_nesting_formats() {
    // Chains up to the tree's cap, brackets up to the nesting cap.
    let n = pilotlint::syntax::error::MAX_DEPTH - 8;
    let m = pilotlint::syntax::error::MAX_NESTING - 2;
    let text = [
        format!("let a = {}1{}", "(".repeat(m), ")".repeat(m)),
        format!("let b = {}x", "not ".repeat(m)),
        format!("let c = {}x", "-".repeat(m)),
        format!("let d = x{}", ".f".repeat(n)),
        format!("let e = {}", vec!["x"; n].join(" and ")),
        format!("let f = {}{}", "[".repeat(m), "]".repeat(m)),
        format!("let g = {}{}", "f(".repeat(m), ")".repeat(m)),
        format!("let h = {}", vec!["x"; n].join(" + ")),
    ]
    .join("\n");
    check_promises("deep nesting", &text);
}

/// Regression: the atomic rename replaced a linked rule file's link with a
/// plain file, and gave the file default permissions.
#[cfg(unix)]
#[test]
fn fmt_follows_links_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("link");
    std::fs::write(dir.join("real.rules"), MESSY).expect("written");
    std::fs::set_permissions(
        dir.join("real.rules"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    std::os::unix::fs::symlink("real.rules", dir.join("link.rules")).expect("a link");
    let (code, _, stderr) = pilotlint(&dir, &["fmt", "link.rules"]);
    assert_eq!(code, Some(0), "{stderr}");
    let link = std::fs::symlink_metadata(dir.join("link.rules")).expect("the link");
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.join("real.rules")).expect("readable"),
        TIDY
    );
    let mode = std::fs::metadata(dir.join("real.rules"))
        .expect("metadata")
        .permissions();
    assert_eq!(mode.mode() & 0o777, 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Regression (with syntax::a_lone_cr_ends_a_comment): the formatter keeps
/// every comment of a file with lone CR line breaks, and its rule.
#[test]
fn a_file_with_lone_cr_line_breaks_keeps_its_comments_and_rules() {
    let out =
        print::format("# a comment\rrule X001 \"t\" {\r    # another\r    require exists(a)\r}\r")
            .expect("it formats");
    assert!(
        out.contains("# a comment\n") && out.contains("# another\n"),
        "{out}"
    );
    assert!(out.contains("rule X001"), "{out}");
}
