//! One test file: reading it, loading the rules it names, reading the
//! report files its cases name, then running every case (`case.rs`) and
//! listing it as `ok` or `FAILED`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pilotlint::diagnostic::Diag;
use pilotlint::span::Span;
use pilotlint::suggest::did_you_mean;

use super::case::{self, Context};
use super::embedded::{self, TestInput};
use super::load;
use super::spec::{self, Problem, ReportSource, TestFile};
use super::{CaseResult, Tally};
use crate::cli::sink::Errors;
use crate::cli::sources::{load_rules, read_text};

/// Runs the cases of one test file (on disk, or embedded with the packs),
/// appending its listing to `out` and the diagnostics of its failed cases
/// to `failures`. Problems with the file, its rules or its report files go
/// to stderr and run none of its cases.
pub(super) fn run(
    input: &TestInput,
    errors: &mut Errors,
    tally: &mut Tally,
    out: &mut String,
    failures: &mut String,
    results: &mut Vec<CaseResult>,
    // Whether failures are coloured, and `--rule-root`.
    (color, rule_root): (bool, Option<&Path>),
) {
    let name = input.name();
    // The directory its paths are relative to; `None` when embedded.
    let (text, dir) = match input {
        TestInput::Path(path) => match read_text(path, "test file", errors) {
            Some(text) => (text, Some(path.parent().unwrap_or(Path::new("")))),
            None => return,
        },
        TestInput::Embedded(_, text) => (text.to_string(), None),
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
    let rule_paths = match (dir, &file.rules) {
        (Some(dir), _) => rule_paths(&file, dir),
        (None, Some(named)) => embedded::rule_paths(named),
        (None, None) => Err(Problem::new(
            Span::new(0, 0),
            "an embedded test file names no rules",
            "here",
        )),
    };
    let rule_paths = match rule_paths {
        Ok(paths) => paths,
        Err(problem) => {
            report_problems(errors, vec![problem]);
            return;
        }
    };
    let consequence = format!(", the tests in `{name}` were not run");
    let Some(rules) = load_rules(&rule_paths, (rule_root, &[]), errors, &consequence) else {
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
    // Every case's report is read and checked before any expectation is
    // held against it, so a missing or broken report file stops the file
    // the way a bad expectation does.
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for case in &file.cases {
        let mut checked = Vec::new();
        for source in &case.reports {
            let report = match source {
                ReportSource::Inline(node) => load::inline(&rules, &name, &text, node.span),
                ReportSource::File(rel, span) => match dir {
                    Some(dir) => load::from_file(&rules, dir, rel, *span),
                    None => load::embedded(&rules, rel, *span),
                },
            };
            match report {
                Ok(report) => checked.push(report),
                Err(p) => problems.push(p),
            }
        }
        reports.push(checked);
    }
    if !problems.is_empty() {
        report_problems(errors, problems);
        return;
    }

    let _ = writeln!(out, "{name}");
    for (case, checked) in file.cases.iter().zip(&reports) {
        let ctx = Context {
            rules: &rules,
            test_name: &name,
            test_text: &text,
            reports: checked,
        };
        let failed = case::run(&ctx, case, color);
        let mut result = CaseResult {
            name: case.name.clone(),
            failures: Vec::new(),
        };
        if failed.is_empty() {
            tally.passed += 1;
            let _ = writeln!(out, "  ok      {}", case.name);
        } else {
            tally.failed += 1;
            let _ = writeln!(out, "  FAILED  {}", case.name);
            for f in failed {
                failures.push_str(&f.text);
                failures.push('\n');
                result.failures.push((f.message, f.plain));
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
                if pilotlint::builtin::pack_name(p).is_some() {
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
