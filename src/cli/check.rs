//! `pilotlint check`: its flags, and a run from rule files to the exit
//! status.
//!
//! A run reads every rule file first; any rule error stops it (exit 2),
//! because checking reports against half a rule set would pass reports it
//! should not. Then every report is checked, even after one could not be
//! read, so a CI log shows every problem at once; only at the end does an
//! unreadable report make the exit status 2.

use std::io::{self, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;
use pilotlint::CheckedReport;
use pilotlint::diagnostic::{self, Diag};
use pilotlint::finding::{Finding, codes};
use pilotlint::output::{self, spill::Spill};
use pilotlint::rules::{InlineIgnores, RuleSet};
use pilotlint::syntax::ast::Severity;

use super::args::{ColorArg, FailOn, Format, parse_size, show_size};
use super::config::ConfigArgs;
use super::exit::Exit;
use super::inputs::{Job, find_reports, read_capped};
use super::resolve::load_rule_files;
use super::run;
use super::sink::{Errors, describe_io, io_error};
use super::sources::{configure, load_config, read_rules, rule_paths};

pub(crate) const CHECK_HELP: &str = concat!(
    "\
Examples:
  Check every report under the current directory against ./rules, or
  against the built-in packs where there is no ./rules:
    pilotlint check

  Check a report against one built-in pack:
    pilotlint check xian-2021h2.yaml --rules builtin:service-trade-pilot

  Check two reports against one rule file and a directory of rule files:
    pilotlint check reports/xian-2021h2.yaml reports/xian-2022h1.yaml \\
        --rules rules/stp.rules --rules rules/extra/

  A CI gate that also fails on warnings, with output for other tools:
    pilotlint check submissions/ --fail-on warning --format json

  Check an editor buffer or a pre-commit stash from standard input:
    cat report.yaml | pilotlint check - --stdin-filename reports/xian.yaml

",
    exit_status_help!()
);

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files or directories; `-` reads standard input
    ///
    /// Directories are walked in sorted order for `*.yaml` and `*.yml`
    /// files, skipping hidden files and directories. Files named here are
    /// checked whatever their extension. Without paths, the current
    /// directory is walked, or with a pilotlint.toml, its directory.
    ///
    /// With a pilotlint.toml, its `include` and `exclude` choose among the
    /// files named here too (a pre-commit hook names every changed YAML
    /// file); when they exclude every file named, nothing is checked and
    /// the exit status is 0, with a note on stderr.
    #[arg(value_name = "PATHS", verbatim_doc_comment)]
    pub paths: Vec<PathBuf>,

    /// A rule file, a directory walked for `*.rules` files, or a built-in
    /// pack: `builtin:service-trade-pilot`, `builtin:demonstration-zone`
    /// [default: `rules` in pilotlint.toml, else ./rules, or every built-in
    /// pack when there is no ./rules]
    ///
    /// May be given several times; the rules of all files are loaded
    /// together (rule ids must be unique across them). The built-in packs
    /// are compiled into pilotlint from the `rules/` directory of its
    /// source.
    #[arg(long, value_name = "PATH", verbatim_doc_comment)]
    pub rules: Vec<PathBuf>,

    /// Output format [default: github when the GITHUB_ACTIONS environment
    /// variable is `true` and the output goes to standard output, else
    /// human]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Write the output to FILE instead of standard output
    ///
    /// The output is written as the run goes into a temporary file beside
    /// FILE, which replaces FILE only once the whole output is written, so
    /// FILE is never half a report. If writing fails, the exit status is 2;
    /// if the run is interrupted (Ctrl-C, SIGTERM), it is 130; either way
    /// the temporary file is removed and FILE is left as it was.
    /// Diagnostics about the run itself still go to standard error.
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    pub output: Option<PathBuf>,

    /// The least severity of finding that makes the exit status 1
    /// [default: `fail_on` in pilotlint.toml, else error]
    #[arg(long, value_enum, value_name = "SEVERITY", verbatim_doc_comment)]
    pub fail_on: Option<FailOn>,

    /// Give `# pilotlint: ignore[...]` comments in reports no effect
    ///
    /// For a gate that must not be silenced by the reports it checks. A
    /// finding such a comment would have silenced says so in its help.
    /// `inline_ignores = false` in pilotlint.toml does the same.
    #[arg(long, verbatim_doc_comment)]
    pub no_inline_ignores: bool,

    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub color: ColorArg,

    /// The name shown for the report read from standard input (`-`)
    /// [default: <stdin>]
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// The largest report read, in bytes, or with a suffix `K`, `M`, `G`
    /// (KiB, MiB, GiB)
    ///
    /// A larger report is not read: it gives a `file-too-large` error
    /// finding, and the other reports are still checked. Real reports are a
    /// few hundred KiB; the limit keeps an enormous or endless input (a
    /// device, a growing file) from exhausting memory.
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "64M",
        value_parser = parse_size,
        verbatim_doc_comment
    )]
    pub max_file_size: u64,

    /// How many reports to check at once [default: the RAYON_NUM_THREADS
    /// environment variable, else the number of CPUs]
    ///
    /// The output is the same whatever the number: reports are written in
    /// the order they were found. At most four reports per thread are
    /// checked ahead of the one being written, so memory stays that of a
    /// few reports however many there are.
    #[arg(long, value_name = "N", verbatim_doc_comment)]
    pub threads: Option<NonZeroUsize>,
}

/// Runs `pilotlint check` and returns the exit status.
pub(crate) fn run(args: &CheckArgs) -> Exit {
    let mut errors = Errors::new(args.color.choice);
    let Some(config) = load_config(&args.config, &mut errors) else {
        return Exit::Failed;
    };
    let config = config.as_ref();
    let fail_on = args
        .fail_on
        .or(config.and_then(|c| c.fail_on))
        .unwrap_or(FailOn::Error);

    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.stdin_filename.is_some() && !reads_stdin {
        errors.report(
            &Diag::error("`--stdin-filename` names standard input, which is not read")
                .with_help("add `-` to the paths to read a report from standard input"),
        );
        return Exit::Failed;
    }
    let Some(rules) = read_rules(&rule_paths(&args.rules, config), &mut errors) else {
        return Exit::Failed;
    };
    // Paths written in rule files (their `schema`) stay inside the rule root.
    let mut rules = match load_rule_files(rules, args.config.rule_root(config)) {
        Ok(rules) => rules,
        Err(e) => {
            for d in diagnostic::rule_errors(&e) {
                errors.report(&d);
            }
            let _ = writeln!(io::stderr(), "{e}, no report was checked");
            return Exit::Failed;
        }
    };
    if !configure(&mut rules, config, &mut errors) {
        return Exit::Failed;
    }
    if args.no_inline_ignores {
        rules.inline_ignores = InlineIgnores::Refused;
    }

    let (jobs, excluded) = find_reports(args, config, &mut errors);
    if jobs.is_empty() && !errors.failed && excluded > 0 {
        // Only files named one by one were excluded (a directory walk that
        // finds nothing is the error below): a pre-commit hook given a
        // workflow file. Failing would block a commit that changes no
        // report; passing silently would hide a gate that checked nothing.
        let _ = writeln!(
            io::stderr(),
            "nothing to check: {} excluded by `{}` (its `include` and `exclude`, or a \
             hidden path)",
            if excluded == 1 {
                "the file named is".to_string()
            } else {
                format!("the {excluded} files named are")
            },
            config.map_or("", |c| c.name.as_str()),
        );
        return Exit::Clean;
    }

    // Workflow commands become annotations only in the job's log, not in a
    // file written with --output.
    let github_actions = std::env::var_os("GITHUB_ACTIONS").filter(|_| args.output.is_none());
    let format = Format::resolve(args.format, github_actions.as_deref());
    let color = match &args.output {
        Some(_) => args.color.enabled(false),
        None => args.color.enabled(io::stdout().is_terminal()),
    };
    let mut writer = run::Writer::new(output_of(format, &rules, color), args.output.as_deref());
    let mut write_error = None;
    let checked = check_reports(args, &rules, &jobs, &mut errors, &mut |report| match writer
        .report(&report)
    {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            write_error = Some(e);
            ControlFlow::Break(())
        }
    });
    if checked == 0 && !errors.failed {
        // A gate that checked nothing must not pass: a typo in a path or a
        // submission without reports would otherwise look clean.
        errors.report(
            &Diag::error("no report to check: no `*.yaml` or `*.yml` file was found")
                .with_help("name report files or directories, or `-` for standard input"),
        );
    }
    if checked == 0 {
        // Nothing was checked, so there is nothing to summarise; "no problems
        // in 0 files" beside exit status 2 would read as a pass.
        return Exit::Failed;
    }
    let worst = writer.worst();
    if let Some(e) = write_error.map_or_else(|| writer.finish().err(), Some) {
        errors.report(&write_error_diag(&e));
    }

    if errors.failed {
        Exit::Failed
    } else if worst.is_some_and(|s| fail_on.fails(s)) {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// The writer of `format`.
fn output_of<'a>(format: Format, rules: &'a RuleSet, color: bool) -> Box<dyn output::Output + 'a> {
    match format {
        Format::Human => Box::new(output::human::Human::new(color)),
        Format::Json => Box::new(output::json::Json::new()),
        Format::Concise => Box::new(output::concise::Concise::new()),
        Format::Github => Box::new(output::github::Github::new()),
        Format::Sarif => Box::new(output::sarif::Sarif::new(rules.catalog(), spill())),
        Format::Junit => Box::new(output::junit::Junit::new(rules.catalog(), spill())),
        Format::Gitlab => Box::new(output::gitlab::Gitlab::new()),
    }
}

/// Where a SARIF or JUnit body waits until the end of the run: an anonymous
/// temporary file, so memory stays that of one report; in memory when no
/// temporary file can be created (a read-only temporary directory), which
/// gives the same output without the memory bound.
fn spill() -> Spill {
    match tempfile::tempfile() {
        Ok(file) => Spill::new(Box::new(file)),
        Err(_) => Spill::in_memory(),
    }
}

/// The diagnostic for an output that could not be written.
fn write_error_diag(e: &run::WriteError) -> Diag<'static> {
    let Some(path) = &e.path else {
        return Diag::error(format!(
            "cannot write the output: {}",
            describe_io(&e.error)
        ));
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    match dir {
        // Creating the file beside `path` failed: its directory is what is
        // missing, which "no such file" does not say.
        Some(dir) if e.error.kind() == io::ErrorKind::NotFound => Diag::error(format!(
            "cannot write `{}`: directory `{}` does not exist",
            path.display(),
            dir.display()
        ))
        .with_help("create the directory first, or write the output elsewhere"),
        _ => Diag::error(format!(
            "cannot write `{}`: {}",
            path.display(),
            describe_io(&e.error)
        )),
    }
}

/// Checks `jobs`; each checked report goes to `sink` in their order, as
/// soon as it and all before it are done. Returns how many were checked.
fn check_reports(
    args: &CheckArgs,
    rules: &RuleSet,
    jobs: &[Job],
    errors: &mut Errors,
    sink: &mut dyn FnMut(CheckedReport) -> ControlFlow<()>,
) -> usize {
    let pool = match run::pool(args.threads) {
        Ok(pool) => pool,
        Err(e) => {
            errors.report(&Diag::error(format!(
                "cannot start the checking threads: {e}"
            )));
            return 0;
        }
    };
    let mut checked = 0;
    // Results come in input order, so the output is the same whatever the
    // number of threads.
    run::in_order(
        &pool,
        jobs,
        |job| check_job(args, rules, job),
        |result| match result {
            Ok(report) => {
                checked += 1;
                sink(report)
            }
            Err((name, e)) => {
                errors.report(&io_error("report", &name, &e));
                ControlFlow::Continue(())
            }
        },
    );
    checked
}

/// Reads and checks one report; the error when it cannot be read.
fn check_job(
    args: &CheckArgs,
    rules: &RuleSet,
    job: &Job,
) -> Result<CheckedReport, (String, io::Error)> {
    let name = match job {
        Job::Read(name, _) => name.clone(),
        Job::File(path) => path.display().to_string(),
    };
    let read_here;
    let bytes: &[u8] = match job {
        Job::Read(_, Ok(bytes)) => bytes,
        Job::Read(_, Err(e)) => return Err((name, copy_io_error(e))),
        Job::File(path) => {
            match std::fs::File::open(path).and_then(|f| read_capped(f, args.max_file_size)) {
                Ok(bytes) => {
                    read_here = bytes;
                    &read_here
                }
                Err(e) => return Err((name, e)),
            }
        }
    };
    Ok(if bytes.len() as u64 > args.max_file_size {
        too_large(&name, args.max_file_size)
    } else {
        let mut report = pilotlint::check_report(rules, &name, bytes);
        // Output needs the text and findings, not the YAML trees.
        report.drop_documents();
        report
    })
}

/// `io::Error` is not `Clone`; a copy keeps what the message needs.
fn copy_io_error(e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), e.to_string())
}

/// The finding for a report over `--max-file-size`.
fn too_large(name: &str, cap: u64) -> CheckedReport {
    CheckedReport::rejected(
        name,
        Finding {
            code: codes::FILE_TOO_LARGE.to_string(),
            severity: Severity::Error,
            message: format!(
                "the report is larger than {}, it was not checked",
                show_size(cap)
            ),
            span: None,
            label: None,
            secondary: Vec::new(),
            help: Some(
                "if the report is genuine, raise the limit with `--max-file-size`".to_string(),
            ),
            rule: None,
        },
    )
}
