//! `pilotlint test`: runs rule tests. A test file (`*.tests.yaml`) beside
//! the rules holds cases, each a small report and what every named rule must
//! make of it (`pass`, `fail`, `skip`, or failure details). Each case is
//! listed as `ok` or `FAILED`; a failure is a diagnostic pointing at the
//! expectation in the test file and at the findings it got, so a rule
//! author sees expected against actual in one place. The format is
//! described in docs/rule-tests.md.

mod junit;
mod spec;

use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{FAILED, FAILED_TESTS, OK, errors, load_rules, write_stdout};
use crate::cli::{ColorArg, Errors, walk};
use crate::diagnostic::{self, Diag};
use crate::eval::{Outcome, evaluate_rule};
use crate::finding::Finding;
use crate::report::{self, Node};
use crate::rules::RuleSet;
use crate::span::{LineIndex, Span};
use crate::suggest::did_you_mean;
use spec::{Case, Expect, Expectation, FailSpec, Problem, ReportSource, TestFile};

pub const TEST_HELP: &str = "\
Examples:
  Run the tests of the shipped rules (rules/*.tests.yaml):
    pilotlint test

  Run one test file:
    pilotlint test rules/service-trade-pilot.tests.yaml

  In CI, as a test report beside the other tests:
    pilotlint test --format junit > rule-tests.xml

A test file names its rules with `rules: [a.rules]` (paths relative to the
test file), or tests the `*.rules` files in its directory. The format is in
docs/rule-tests.md.

Exit status:
  0  every case passed
  1  a case failed
  2  a test file, rule file or report could not be used (all problems are
     shown), or no test file was found";

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Test files, or directories walked for `*.tests.yaml` files
    /// [default: rules]
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// The directory that paths written in rule files (a `schema`
    /// declaration) must stay inside [default: the working directory]
    #[arg(long, value_name = "DIR")]
    pub rule_root: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TestFormat::Human)]
    pub format: TestFormat,

    #[command(flatten)]
    pub color: ColorArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// Each case `ok` or `FAILED`, the failures as diagnostics, a summary
    Human,
    /// JUnit XML for CI test reports: a test suite per test file, a test
    /// case per case; a test file that could not be run is an error
    Junit,
}

/// What became of one test file, for the JUnit output.
struct FileResult {
    name: String,
    cases: Vec<CaseResult>,
    /// Why the file's cases were not run (its diagnostics, plain text).
    not_run: Option<Vec<String>>,
}

/// One case: its name, and for a failed case its diagnostics as
/// (message, plain text).
struct CaseResult {
    name: String,
    failures: Vec<(String, String)>,
}

/// The run's tally, for the summary line.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    /// Test files that could not be run (their problems are on stderr).
    not_run: usize,
}

/// Runs `pilotlint test` and returns the exit status.
pub fn run(args: &TestArgs) -> u8 {
    let mut errors = errors();
    errors.color = args.color.enabled(io::stderr().is_terminal());
    let junit = args.format == TestFormat::Junit;
    let color = !junit && args.color.enabled(io::stdout().is_terminal());
    let files = find_test_files(args, &mut errors);
    if files.is_empty() && !errors.failed {
        errors.report(
            &Diag::error("no rule tests: no `*.tests.yaml` file was found").with_help(
                "name test files or directories; docs/rule-tests.md describes the format",
            ),
        );
    }
    let mut tally = Tally::default();
    let mut failures = String::new();
    let mut results = Vec::new();
    for path in &files {
        let mut out = String::new();
        // Each file gets its own record of errors: rule loading stops at
        // any error recorded, and one broken file must not stop the next.
        // The record's plain text goes into the JUnit output.
        let mut file_errors = Errors {
            record: Some(Vec::new()),
            ..errors.clone_empty()
        };
        let mut result = FileResult {
            name: path.display().to_string(),
            cases: Vec::new(),
            not_run: None,
        };
        run_file(
            path,
            &mut file_errors,
            &mut tally,
            &mut out,
            &mut failures,
            &mut result.cases,
            (color, args.rule_root.as_deref()),
        );
        errors.failed |= file_errors.failed;
        tally.not_run += usize::from(file_errors.failed);
        if file_errors.failed {
            result.not_run = file_errors.record.take();
        }
        if junit {
            results.push(result);
        } else {
            write_stdout(&out, &mut errors);
        }
    }
    if junit && !files.is_empty() {
        write_stdout(&junit::document(&results), &mut errors);
    }
    if files.is_empty() || (tally.passed + tally.failed == 0 && errors.failed) {
        return FAILED;
    }
    if junit {
        return if errors.failed {
            FAILED
        } else if tally.failed > 0 {
            FAILED_TESTS
        } else {
            OK
        };
    }
    let mut out = String::new();
    if failures.is_empty() {
        out.push('\n');
    } else {
        // Each diagnostic ends in a blank line already.
        out.push_str("\nfailures:\n\n");
        out.push_str(&failures);
    }
    let _ = writeln!(
        out,
        "{} case{}: {} passed, {} failed",
        tally.passed + tally.failed,
        if tally.passed + tally.failed == 1 {
            ""
        } else {
            "s"
        },
        tally.passed,
        tally.failed
    );
    if tally.not_run > 0 {
        out.pop();
        let _ = writeln!(
            out,
            "; {} test file{} could not be run",
            tally.not_run,
            if tally.not_run == 1 { "" } else { "s" }
        );
    }
    write_stdout(&out, &mut errors);
    if errors.failed {
        FAILED
    } else if tally.failed > 0 {
        FAILED_TESTS
    } else {
        OK
    }
}

/// The test files named, directories walked for `*.tests.yaml` (and
/// `*.tests.yml`) in sorted order; a file named on the command line is used
/// whatever its name.
fn find_test_files(args: &TestArgs, errors: &mut Errors) -> Vec<PathBuf> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from("rules")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in roots {
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(&root, &["yaml", "yml"], &mut found, errors);
                files.extend(found.into_iter().filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(".tests.yaml") || n.ends_with(".tests.yml"))
                }));
            }
            Ok(_) => files.push(root),
            Err(e) => errors.report(&diagnostic::io_error(
                "test path",
                &root.display().to_string(),
                &e,
            )),
        }
    }
    files.dedup();
    files
}

/// Runs the cases of one test file, appending its listing to `out` and the
/// diagnostics of its failed cases to `failures`. Problems with the file,
/// its rules or its report files go to stderr and run none of its cases.
fn run_file(
    path: &Path,
    errors: &mut Errors,
    tally: &mut Tally,
    out: &mut String,
    failures: &mut String,
    results: &mut Vec<CaseResult>,
    // Whether failures are coloured, and `--rule-root`.
    (color, rule_root): (bool, Option<&Path>),
) {
    let name = path.display().to_string();
    let Some(text) = super::read_text(path, "test file", errors) else {
        return;
    };
    let report_problems = |errors: &mut Errors, problems: Vec<Problem>| {
        for p in problems {
            let mut d =
                Diag::error(p.message)
                    .in_source(&name, &text)
                    .label(p.span, Some(p.label), true);
            d.help = p.help;
            errors.report(&d);
        }
    };
    let file = match spec::parse(&text) {
        Ok(file) => file,
        Err(problems) => {
            report_problems(errors, problems);
            return;
        }
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let rule_paths = match rule_paths(&file, dir) {
        Ok(paths) => paths,
        Err(problem) => {
            report_problems(errors, vec![problem]);
            return;
        }
    };
    let consequence = format!(", the tests in `{name}` were not run");
    let root = rule_root.unwrap_or(Path::new("."));
    let Some(rules) = load_rules(&rule_paths, root, errors, &consequence) else {
        return;
    };
    // Every rule id named must be loaded: a typo would otherwise test nothing.
    let unknown: Vec<Problem> = file
        .cases
        .iter()
        .flat_map(|c| &c.expect)
        .filter(|x| rules.rule_by_id(&x.id).is_none())
        .map(|x| {
            let p = Problem {
                span: x.id_span,
                message: format!("unknown rule `{}`", x.id),
                label: "not a loaded rule".to_string(),
                help: None,
            };
            Problem {
                help: Some(
                    match did_you_mean(&x.id, rules.rules.iter().map(|r| r.id())) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!(
                            "the rules tested are those of {}",
                            rules
                                .sources
                                .iter()
                                .map(|s| format!("`{}`", s.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                ),
                ..p
            }
        })
        .collect();
    if !unknown.is_empty() {
        report_problems(errors, unknown);
        return;
    }
    // Report files are read before any case runs, so a missing one stops
    // the file the same way a bad expectation does.
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for case in &file.cases {
        match &case.report {
            ReportSource::Inline(node) => reports.push(Some(Loaded {
                name: name.clone(),
                text: None,
                docs: vec![node.clone()],
            })),
            ReportSource::File(rel, span) => match load_report(dir, rel, *span) {
                Ok(loaded) => reports.push(Some(loaded)),
                Err(p) => {
                    problems.push(p);
                    reports.push(None);
                }
            },
        }
    }
    if !problems.is_empty() {
        report_problems(errors, problems);
        return;
    }

    let _ = writeln!(out, "{name}");
    let test_lines = LineIndex::new(&text);
    for (case, loaded) in file.cases.iter().zip(&reports) {
        let Some(loaded) = loaded else { continue };
        let report_text = loaded.text.as_deref().unwrap_or(&text);
        let report_lines = match &loaded.text {
            Some(t) => LineIndex::new(t),
            None => test_lines.clone(),
        };
        let ctx = Context {
            rules: &rules,
            test_name: &name,
            test_text: &text,
            report_name: &loaded.name,
            report_text,
            report_lines: &report_lines,
            inline: loaded.text.is_none(),
        };
        let diags = run_case(&ctx, case, &loaded.docs);
        let mut result = CaseResult {
            name: case.name.clone(),
            failures: Vec::new(),
        };
        if diags.is_empty() {
            tally.passed += 1;
            let _ = writeln!(out, "  ok      {}", case.name);
        } else {
            tally.failed += 1;
            let _ = writeln!(out, "  FAILED  {}", case.name);
            for d in diags {
                let text = diagnostic::render(&d, color);
                let plain = if color {
                    diagnostic::render(&d, false)
                } else {
                    text.clone()
                };
                failures.push_str(&text);
                failures.push('\n');
                result.failures.push((d.message.clone(), plain));
            }
        }
        results.push(result);
    }
}

/// The rule files of a test file: those it names, relative to it, or the
/// `*.rules` files in its directory (not below it: a subdirectory holds
/// its own rules and tests).
fn rule_paths(file: &TestFile, dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    if let Some(named) = &file.rules {
        return Ok(named
            .iter()
            .map(|(p, _)| {
                if crate::builtin::pack_name(p).is_some() {
                    PathBuf::from(p)
                } else {
                    dir.join(p)
                }
            })
            .collect());
    }
    let listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(listing)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "rules") && p.is_file())
                .map(|p| match p.strip_prefix("./") {
                    Ok(rel) if dir.as_os_str().is_empty() => rel.to_path_buf(),
                    _ => p,
                })
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    if paths.is_empty() {
        return Err(Problem {
            span: Span::new(0, 0),
            message: "no `*.rules` file beside the test file".to_string(),
            label: "these tests have no rules".to_string(),
            help: Some(
                "name the rules in the test file: `rules: [service-trade-pilot.rules]`".to_string(),
            ),
        });
    }
    Ok(paths)
}

/// A case's report: its documents, and for a `report_file` its own name
/// and text (an inline report's text is the test file's).
struct Loaded {
    name: String,
    text: Option<String>,
    docs: Vec<Node>,
}

fn load_report(dir: &Path, rel: &str, span: Span) -> Result<Loaded, Problem> {
    let path = dir.join(rel);
    let name = normalize(&path).display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| {
        let d = diagnostic::io_error("report", &name, &e);
        Problem {
            span,
            message: d.message,
            label: "named here".to_string(),
            help: None,
        }
    })?;
    let docs = report::load_bytes(&bytes).map_err(|e| Problem {
        span,
        message: format!("report `{name}` is not valid YAML: {}", e.message),
        label: "named here".to_string(),
        help: Some("a case needs a report that loads; check it with `pilotlint check`".to_string()),
    })?;
    let docs = docs.into_reports();
    if docs.is_empty() {
        return Err(Problem {
            span,
            message: format!("report `{name}` holds no document"),
            label: "named here".to_string(),
            help: None,
        });
    }
    Ok(Loaded {
        name,
        text: Some(String::from_utf8_lossy(&bytes).into_owned()),
        docs,
    })
}

/// `checks/../reports/a.yaml` -> `reports/a.yaml`: the name a user would
/// type, for showing only. Lexical, so after a symbolic link it may not be
/// the file's real place; the file is read by the path as joined.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What a case's diagnostics point into.
struct Context<'a> {
    rules: &'a RuleSet,
    test_name: &'a str,
    test_text: &'a str,
    report_name: &'a str,
    report_text: &'a str,
    report_lines: &'a LineIndex,
    /// The report is written in the test file, so findings are labels of
    /// the same snippet as the expectation.
    inline: bool,
}

/// Runs one case: each expectation's rule on every document of the report.
/// One diagnostic per expectation not met; none when the case passed.
fn run_case<'a>(ctx: &Context<'a>, case: &Case, docs: &[Node]) -> Vec<Diag<'a>> {
    let mut diags = Vec::new();
    for x in &case.expect {
        let Some(index) = ctx.rules.rules.iter().position(|r| r.id() == x.id) else {
            continue; // checked before any case runs
        };
        let mut findings = Vec::new();
        let mut outcomes = Vec::new();
        for doc in docs {
            outcomes.extend(evaluate_rule(ctx.rules, index, doc, &mut findings));
        }
        // Suppression comments in the report apply as they do in `check`;
        // the warnings about the comments themselves are not the rule's.
        let failed = !findings.is_empty();
        crate::suppress::apply(ctx.rules, &suppression_text(ctx, docs), &mut findings);
        findings.retain(|f| f.rule.is_some());
        if failed && findings.is_empty() {
            outcomes.retain(|o| *o != Outcome::Failed);
            outcomes.push(Outcome::Passed);
        }
        // Over several documents: failed anywhere is failed; otherwise it
        // passed if it applied to any document.
        let outcome = if outcomes.contains(&Outcome::Failed) {
            Outcome::Failed
        } else if outcomes.contains(&Outcome::Passed) {
            Outcome::Passed
        } else {
            Outcome::Skipped
        };
        findings.sort_by_key(|f| f.span.map(|s| s.start));
        if let Some(d) = check(ctx, case, x, outcome, &findings) {
            diags.push(d);
        }
    }
    diags
}

/// The text whose comments are the case's suppressions: the report file,
/// or for a report written in the test file, the test file with everything
/// but that report (and the comment lines just above it) blanked, so one
/// case's `ignore-file` does not reach the others. Offsets are kept.
fn suppression_text<'a>(ctx: &Context<'a>, docs: &[Node]) -> std::borrow::Cow<'a, str> {
    let text = ctx.report_text;
    if !ctx.inline || !text.contains("pilotlint") {
        return text.into();
    }
    let (Some(first), Some(last)) = (docs.first(), docs.last()) else {
        return text.into();
    };
    let mut start = text[..first.span.start].rfind('\n').map_or(0, |i| i + 1);
    while start > 0 {
        let prev = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[prev..start].trim();
        if !(line.is_empty() || line.starts_with('#')) {
            break;
        }
        start = prev;
    }
    let end = text[last.span.end..]
        .find('\n')
        .map_or(text.len(), |i| last.span.end + i);
    let mut masked = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if (start..end).contains(&i) || c == '\n' {
            masked.push(c);
        } else {
            // As many bytes as the character, so offsets stay right.
            masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    masked.into()
}

fn describe(o: Outcome) -> &'static str {
    match o {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Skipped => "was skipped",
    }
}

/// The diagnostic for expectation `x` when `outcome` and `findings` do not
/// meet it.
fn check<'a>(
    ctx: &Context<'a>,
    case: &Case,
    x: &Expectation,
    outcome: Outcome,
    findings: &[Finding],
) -> Option<Diag<'a>> {
    let id = &x.id;
    let (message, span, label, help) = match (&x.expect, outcome) {
        (Expect::Pass(_), Outcome::Passed) | (Expect::Skip(_), Outcome::Skipped) => return None,
        (Expect::Fail(spec), Outcome::Failed) => fail_details(ctx, id, spec, findings)?,
        (Expect::Pass(span), actual) => (
            format!("`{id}` {}, expected it to pass", describe(actual)),
            *span,
            "expected to pass".to_string(),
            skip_help(actual),
        ),
        (Expect::Skip(span), actual) => (
            format!("`{id}` {}, expected it to be skipped", describe(actual)),
            *span,
            "expected to be skipped".to_string(),
            Some(SKIP_MEANS.to_string()),
        ),
        (Expect::Fail(spec), actual) => (
            format!("`{id}` {}, expected it to fail", describe(actual)),
            spec.span,
            "expected to fail".to_string(),
            skip_help(actual),
        ),
    };
    let mut d = Diag::error(format!("case `{}`: {message}", case.name))
        .in_source(ctx.test_name, ctx.test_text)
        .label(span, Some(label), true);
    d.help = help;
    d.code = Some("rule-test".to_string());
    let with_span: Vec<&Finding> = findings.iter().filter(|f| f.span.is_some()).collect();
    if ctx.inline {
        for f in &with_span {
            if let Some(s) = f.span {
                d = d.label(s, Some(f.message.clone()), false);
            }
        }
    } else if !with_span.is_empty() {
        let mut rel = Diag::error(format!("the findings of `{id}` in `{}`", ctx.report_name))
            .in_source(ctx.report_name, ctx.report_text);
        for f in &with_span {
            if let Some(s) = f.span {
                rel = rel.label(s, Some(f.message.clone()), false);
            }
        }
        rel.severity = miette::Severity::Advice;
        d.related.push(rel);
    }
    // A finding with no position still has a message worth reading.
    let unplaced: Vec<&str> = findings
        .iter()
        .filter(|f| f.span.is_none())
        .map(|f| f.message.as_str())
        .collect();
    if !unplaced.is_empty() {
        let list = unplaced.join("\n");
        d.help = Some(match d.help {
            Some(h) => format!("{h}\n{list}"),
            None => list,
        });
    }
    Some(d)
}

const SKIP_MEANS: &str = "`skip` means a `when` at the top of the rule was false before any \
     `require` ran: the rule does not apply to the report";

fn skip_help(actual: Outcome) -> Option<String> {
    (actual == Outcome::Skipped).then(|| SKIP_MEANS.to_string())
}

/// Checks the details of a `fail` expectation against a rule that failed.
fn fail_details(
    ctx: &Context<'_>,
    id: &str,
    spec: &FailSpec,
    findings: &[Finding],
) -> Option<(String, Span, String, Option<String>)> {
    let times = |n: usize| {
        if n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        }
    };
    if let Some((n, span)) = spec.count
        && n != findings.len()
    {
        return Some((
            format!(
                "`{id}` failed {}, expected {}",
                times(findings.len()),
                times(n)
            ),
            span,
            format!("expected {}", times(n)),
            None,
        ));
    }
    if let Some((expected, span)) = &spec.lines {
        let mut expected = expected.clone();
        expected.sort_unstable();
        expected.dedup();
        let mut actual: Vec<usize> = findings
            .iter()
            .filter_map(|f| f.span)
            .map(|s| ctx.report_lines.line(ctx.report_text, s.start))
            .collect();
        actual.dedup();
        if actual != expected {
            let list = |l: &[usize]| {
                if l.is_empty() {
                    "no line".to_string()
                } else {
                    format!(
                        "line{} {}",
                        if l.len() == 1 { "" } else { "s" },
                        l.iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            };
            return Some((
                format!(
                    "`{id}` failed on {}, expected {}",
                    list(&actual),
                    list(&expected)
                ),
                *span,
                format!("expected {}", list(&expected)),
                Some(format!("lines count in `{}`", ctx.report_name)),
            ));
        }
    }
    if let Some((text, span)) = &spec.message
        && !findings.iter().any(|f| f.message.contains(text.as_str()))
    {
        return Some((
            format!("no finding of `{id}` has a message containing `{text}`"),
            *span,
            "expected in a message".to_string(),
            Some(format!(
                "the messages are:\n{}",
                findings
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dot_and_resolves_dot_dot_after_a_name() {
        assert_eq!(
            normalize(Path::new("checks/../reports/./a.yaml")),
            PathBuf::from("reports/a.yaml")
        );
        // A `..` with no name before it stays: it leaves the directory.
        assert_eq!(
            normalize(Path::new("../x/a.yaml")),
            PathBuf::from("../x/a.yaml")
        );
        assert_eq!(
            normalize(Path::new("a/../../b.yaml")),
            PathBuf::from("../b.yaml")
        );
    }
}
