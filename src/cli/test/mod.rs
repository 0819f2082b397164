//! `pilotlint test`: runs rule tests. A test file (`*.tests.yaml`) beside
//! the rules holds cases, each a small report and what every named rule must
//! make of it (`pass`, `fail`, `skip`, or failure details). Each case is
//! listed as `ok` or `FAILED`; a failure is a diagnostic pointing at the
//! expectation in the test file and at the findings it got, so a rule
//! author sees expected against actual in one place. The format is
//! described in docs/rule-tests.md.

mod case;
mod embedded;
mod expect;
mod file;
mod junit;
mod load;
mod sources;
pub(super) mod spec;

use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use pilotlint::diagnostic::Diag;

use super::args::ColorArg;
use super::exit::Exit;
use super::inputs::walk;
use super::sink::{Errors, write_stdout};
use embedded::TestInput;

pub const TEST_HELP: &str = "\
Examples:
  Run the tests of ./rules (rules/*.tests.yaml), or where there is no
  ./rules, the tests of every built-in pack:
    pilotlint test

  Run the tests of one built-in pack, compiled in with it:
    pilotlint test builtin:service-trade-pilot

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
    /// Test files, directories walked for `*.tests.yaml` files, or
    /// `builtin:NAME`: the tests of a built-in pack (those that name it)
    /// [default: rules, or every built-in pack's tests where there is no
    /// ./rules]
    #[arg(value_name = "PATHS", verbatim_doc_comment)]
    pub paths: Vec<PathBuf>,

    /// Confine the files rule files name (`schema`, `data`) to DIR
    /// [default: no confinement: they are read relative to the rule file,
    /// wherever it is]
    #[arg(long, value_name = "DIR", verbatim_doc_comment)]
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
pub(crate) fn run(args: &TestArgs) -> Exit {
    let mut errors = Errors::new(args.color.choice);
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
        let mut file_errors = errors.recording();
        let mut result = FileResult {
            name: path.name(),
            cases: Vec::new(),
            not_run: None,
        };
        file::run(
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
        return Exit::Failed;
    }
    if junit {
        return if errors.failed {
            Exit::Failed
        } else if tally.failed > 0 {
            Exit::Findings
        } else {
            Exit::Clean
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
        Exit::Failed
    } else if tally.failed > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// The test files named, directories walked for `*.tests.yaml` (and
/// `*.tests.yml`) in sorted order; a file named on the command line is used
/// whatever its name. `builtin:NAME` names the tests embedded with pack
/// NAME. Without paths: `./rules`, or where there is none, every built-in
/// pack's tests, as `check` falls back to the built-in packs.
fn find_test_files(args: &TestArgs, errors: &mut Errors) -> Vec<TestInput> {
    if args.paths.is_empty()
        && std::fs::metadata("rules").is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
    {
        return embedded::tests_of(None, errors);
    }
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from("rules")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in roots {
        if let Some(pack) = root.to_str().and_then(pilotlint::builtin::pack_name) {
            files.extend(embedded::tests_of(Some(pack), errors));
            continue;
        }
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(&root, &["yaml", "yml"], &mut found, errors);
                files.extend(
                    found
                        .into_iter()
                        .filter(|p| {
                            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                                n.ends_with(".tests.yaml") || n.ends_with(".tests.yml")
                            })
                        })
                        .map(TestInput::Path),
                );
            }
            Ok(_) => files.push(TestInput::Path(root)),
            Err(e) => errors.report(&super::sink::io_error(
                "test path",
                &root.display().to_string(),
                &e,
            )),
        }
    }
    // A file named twice (`builtin:a builtin:b` both run both packs' tests).
    let mut seen = Vec::new();
    files.retain(|f| {
        let new = !seen.contains(f);
        if new {
            seen.push(f.clone());
        }
        new
    });
    files
}
