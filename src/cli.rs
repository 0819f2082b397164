//! The command line: flag definitions (their docs are the `--help`), running
//! a check, and the one place that picks the exit status.
//!
//! A run reads every rule file first; any rule error stops it (exit 2),
//! because checking reports against half a rule set would pass reports it
//! should not. Then every report is checked, even after one could not be
//! read, so a CI log shows every problem at once; only at the end does an
//! unreadable report make the exit status 2.

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::builtin;
use crate::commands;
use crate::config::ConfigArgs;
use crate::diagnostic::{self, Diag};
use crate::finding::{Finding, codes};
use crate::resolve::{ResolveError, Resolved};
use crate::rules::{InlineIgnores, RuleSet, RuleSource};
use crate::syntax::ast::Severity;
use crate::{CheckedReport, RuleErrors, output, run};

mod inputs;

use inputs::{Job, find_reports};
pub(crate) use inputs::{configure, load_config, read_rules, rule_files, rule_paths, walk};

/// The exit statuses, shown in both long helps; `check` returns them.
macro_rules! exit_status_help {
    () => {
        "\
Exit status:
  0  no findings at or above --fail-on (or every file named is excluded
     by pilotlint.toml: nothing is checked)
  1  findings at or above --fail-on (a report that is not valid YAML is an
     error finding; the other reports are still checked)
  2  pilotlint could not do its job: bad arguments, errors in rule files
     (all of them are shown), a rule file that cannot be read, a report path
     that does not exist or cannot be read (the other reports are still
     checked), or no report found at all
  130  interrupted (Ctrl-C, SIGTERM) while writing --output; the file
       is left as it was"
    };
}

const CHECK_HELP: &str = concat!(
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

/// Checks pilot-program progress reports (YAML) against compliance rules.
///
/// Rules are written in pilotlint's rule language (`*.rules` files). Every
/// finding points at the exact value in the report and at the rule clause
/// that produced it.
#[derive(Debug, Parser)]
#[command(
    name = "pilotlint",
    version,
    after_long_help = concat!(
        "Examples:\n",
        "  pilotlint check reports/ --rules rules/\n",
        "  pilotlint check --help    (every option, more examples)\n\n",
        exit_status_help!()
    ),
    verbatim_doc_comment
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports against rules
    ///
    /// Every YAML document in every report is checked against every rule.
    /// Findings are printed ordered by file, line, column and rule (each
    /// file's as soon as it is checked), followed by a summary line.
    #[command(after_long_help = CHECK_HELP, verbatim_doc_comment)]
    Check(CheckArgs),
    /// List the loaded rules: id, severity, title and where each is written
    Rules(commands::rules::RulesArgs),
    /// Show one rule: its title, severity, help, url, tags and source text
    Explain(commands::explain::ExplainArgs),
    /// Run rule tests (`*.tests.yaml`) against the rules beside them
    #[command(after_long_help = commands::test::TEST_HELP, verbatim_doc_comment)]
    Test(commands::test::TestArgs),
    /// Format rule files in the canonical layout, or check that they are
    #[command(after_long_help = commands::fmt::FMT_HELP, verbatim_doc_comment)]
    Fmt(commands::fmt::FmtArgs),
}

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

/// `65536`, `64K`, `64M`, `1G` (powers of 1024; a trailing `B`, `iB` or
/// lowercase is accepted too).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(t);
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, ' '),
    };
    let shift = match unit {
        ' ' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("unknown unit in `{text}`: use K, M or G")),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as `65536` or `64M`"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// `67108864` -> `64 MiB`; sizes that are not whole KiB or MiB in bytes.
fn show_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the report and rule sources, and a summary line
    Human,
    /// One JSON document: {"version": 1, "findings": [...], "summary": {...}}
    Json,
    /// One line per finding, `file:line:col: severity[RULE] message`, then
    /// the summary line
    Concise,
    /// GitHub Actions workflow commands (`::error file=...::message`), which
    /// annotate the lines in the pull request
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis
    /// viewers
    Sarif,
    /// JUnit XML: a test suite per report file, a test case per rule
    Junit,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`), shown in
    /// merge requests
    Gitlab,
}

impl Format {
    /// `--format` if given; otherwise annotations when running in GitHub
    /// Actions (which sets GITHUB_ACTIONS=true), so a CI step needs no flag
    /// to put findings on the pull request, and the human format elsewhere.
    pub fn resolve(flag: Option<Format>, github_actions: Option<&OsStr>) -> Format {
        flag.unwrap_or(if github_actions == Some(OsStr::new("true")) {
            Format::Github
        } else {
            Format::Human
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors (default)
    Error,
    /// Fail on warnings and errors
    Warning,
    /// Fail on any finding
    Info,
    /// Never fail because of findings (exit 2 still means pilotlint failed)
    Never,
}

impl FailOn {
    fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Error => s >= Severity::Error,
            FailOn::Warning => s >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// `--color`, shared by every command that prints diagnostics.
#[derive(Clone, Copy, Debug, Args)]
pub struct ColorArg {
    /// When to colour the output
    ///
    /// `auto` colours only when writing to a terminal and the NO_COLOR
    /// environment variable is unset or empty. Only diagnostics and diffs
    /// are coloured: the other formats (concise, JSON, SARIF, JUnit, ...)
    /// never are.
    #[arg(
        long = "color",
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto,
        verbatim_doc_comment
    )]
    pub choice: ColorChoice,
}

impl ColorArg {
    pub(crate) fn enabled(self, is_terminal: bool) -> bool {
        self.choice.enabled(is_terminal)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the output is a terminal and NO_COLOR is unset or empty
    Auto,
    /// Colour even when not writing to a terminal or when NO_COLOR is set
    Always,
    /// Never colour
    Never,
}

impl ColorChoice {
    pub(crate) fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The exit statuses, in one place.
const CLEAN: u8 = 0;
const FINDINGS: u8 = 1;
const FAILED: u8 = 2;

/// Parses the command line (clap exits with 2 on bad arguments) and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Explain(args) => commands::explain::run(&args),
        Command::Test(args) => commands::test::run(&args),
        Command::Fmt(args) => commands::fmt::run(&args),
    })
}

/// Runs `pilotlint check` and returns the exit status.
pub fn check(args: &CheckArgs) -> u8 {
    let mut errors = Errors {
        color: args.color.enabled(io::stderr().is_terminal()),
        failed: false,
        record: None,
    };
    let Some(config) = load_config(&args.config, &mut errors) else {
        return FAILED;
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
        return FAILED;
    }
    let Some(rules) = read_rules(&rule_paths(&args.rules, config), &mut errors) else {
        return FAILED;
    };
    // Paths written in rule files (their `schema`) stay inside the rule root.
    let mut rules = match load_rule_files(rules, args.config.rule_root(config)) {
        Ok(rules) => rules,
        Err(e) => {
            for d in diagnostic::rule_errors(&e) {
                errors.report(&d);
            }
            let _ = writeln!(io::stderr(), "{e}, no report was checked");
            return FAILED;
        }
    };
    if !configure(&mut rules, config, &mut errors) {
        return FAILED;
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
        return CLEAN;
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
        return FAILED;
    }
    let worst = writer.worst();
    if let Some(e) = write_error.map_or_else(|| writer.finish().err(), Some) {
        errors.report(&write_error_diag(&e));
    }

    if errors.failed {
        FAILED
    } else if worst.is_some_and(|s| fail_on.fails(s)) {
        FINDINGS
    } else {
        CLEAN
    }
}

/// The writer of `format`.
fn output_of<'a>(format: Format, rules: &'a RuleSet, color: bool) -> Box<dyn output::Output + 'a> {
    match format {
        Format::Human => Box::new(output::human::Human::new(color)),
        Format::Json => Box::new(output::json::Json::new()),
        Format::Concise => Box::new(output::concise::Concise::new()),
        Format::Github => Box::new(output::github::Github::new()),
        Format::Sarif => Box::new(output::sarif::Sarif::new(rules.catalog())),
        Format::Junit => Box::new(output::junit::Junit::new(rules.catalog())),
        Format::Gitlab => Box::new(output::gitlab::Gitlab::new()),
    }
}

/// The diagnostic for an output that could not be written.
fn write_error_diag(e: &run::WriteError) -> Diag<'static> {
    let Some(path) = &e.path else {
        return Diag::error(format!(
            "cannot write the output: {}",
            diagnostic::describe_io(&e.error)
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
            diagnostic::describe_io(&e.error)
        )),
    }
}

/// Prints diagnostics about the run itself to stderr and remembers that one
/// was printed (exit status 2).
pub(crate) struct Errors {
    pub(crate) color: bool,
    pub(crate) failed: bool,
    /// When set, each diagnostic is also kept here as plain text, for
    /// output formats that carry them (`pilotlint test --format junit`).
    pub(crate) record: Option<Vec<String>>,
}

impl Errors {
    /// A fresh record with the same colouring: nothing failed yet.
    pub(crate) fn clone_empty(&self) -> Errors {
        Errors {
            color: self.color,
            failed: false,
            record: None,
        }
    }

    pub(crate) fn report(&mut self, d: &Diag<'_>) {
        self.failed = true;
        if let Some(record) = &mut self.record {
            record.push(diagnostic::render(d, false));
        }
        // If stderr itself is gone there is nobody left to tell.
        let _ = writeln!(io::stderr(), "{}", diagnostic::render(d, self.color));
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
                errors.report(&diagnostic::io_error("report", &name, &e));
                ControlFlow::Continue(())
            }
        },
    );
    checked
}

/// Parses and checks rule files, reading the schemas they declare from
/// inside `root` (see [`read_schema`]).
pub(crate) fn load_rule_files(
    sources: Vec<RuleSource>,
    root: &Path,
) -> Result<RuleSet, RuleErrors> {
    crate::load_rules_with(sources, &mut |rule, path| read_schema(root, rule, path))
}

/// The largest schema file read.
const MAX_SCHEMA_SIZE: u64 = 16 << 20;

/// The schema that rule file `rule` declares as `path`: relative to the rule
/// file, and, once `..` and symbolic links are resolved, inside the rule
/// root `root`, so a rule file cannot make pilotlint read an arbitrary
/// file. A built-in pack gets the embedded schema.
pub(crate) fn read_schema(
    root: &Path,
    rule: &RuleSource,
    path: &str,
) -> Result<Resolved, ResolveError> {
    if let Some(embedded) = builtin::schema(rule, path) {
        return embedded;
    }
    let error = |message: String, help: Option<String>| ResolveError { message, help };
    let joined = match Path::new(&rule.name).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(path),
        // A rule file in the current directory: `../x.json`, not `./../x.json`.
        _ => PathBuf::from(path),
    };
    let shown = joined.display().to_string();
    let root_abs = std::fs::canonicalize(root).map_err(|e| {
        error(
            format!(
                "cannot resolve the rule root `{}`: {}",
                root.display(),
                diagnostic::describe_io(&e)
            ),
            None,
        )
    })?;
    let target = std::fs::canonicalize(&joined).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => error(
            format!("schema `{path}` does not exist"),
            Some(format!("the path is relative to the rule file: `{shown}`")),
        ),
        _ => error(
            format!(
                "cannot read schema `{path}`: {}",
                diagnostic::describe_io(&e)
            ),
            None,
        ),
    })?;
    if !target.starts_with(&root_abs) {
        return Err(error(
            format!("schema `{path}` is outside the rule root"),
            Some(format!(
                "a schema must be inside {} once `..` and symbolic links are resolved, \
                 and `{shown}` is not; name a directory that holds both the rules and \
                 the schema with `--rule-root DIR`",
                if root == Path::new(".") {
                    "the current directory".to_string()
                } else {
                    format!("`{}`", root.display())
                }
            )),
        ));
    }
    let read = std::fs::File::open(&target).and_then(|f| {
        if !f.metadata()?.is_file() {
            return Err(io::Error::other("it is not a file"));
        }
        read_capped(f, MAX_SCHEMA_SIZE)
    });
    let bytes = read.map_err(|e| {
        error(
            format!(
                "cannot read schema `{path}`: {}",
                diagnostic::describe_io(&e)
            ),
            None,
        )
    })?;
    if bytes.len() as u64 > MAX_SCHEMA_SIZE {
        return Err(error(
            format!(
                "schema `{path}` is larger than {}",
                show_size(MAX_SCHEMA_SIZE)
            ),
            None,
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| error(format!("schema `{path}` is not valid UTF-8"), None))?;
    Ok(Resolved { name: shown, text })
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
        let mut report = crate::check_report(rules, &name, bytes);
        // Output needs the text and findings, not the YAML trees.
        report.drop_documents();
        report
    })
}

/// `io::Error` is not `Clone`; a copy keeps what the message needs.
fn copy_io_error(e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), e.to_string())
}

/// Reads at most one byte more than `cap`, so an input over the cap is
/// recognised without reading all of it (`/dev/zero` never ends), and a
/// file that grows while it is read cannot outrun the cap.
fn read_capped(r: impl Read, cap: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn github_actions_picks_the_github_format_only_without_a_format_flag() {
        let on = Some(OsStr::new("true"));
        assert_eq!(Format::resolve(None, on), Format::Github);
        assert_eq!(Format::resolve(Some(Format::Json), on), Format::Json);
        assert_eq!(Format::resolve(Some(Format::Human), on), Format::Human);
        assert_eq!(Format::resolve(None, None), Format::Human);
        assert_eq!(
            Format::resolve(None, Some(OsStr::new("false"))),
            Format::Human
        );
    }

    #[test]
    fn sizes_are_bytes_or_powers_of_1024() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64K"), Ok(64 * 1024));
        assert_eq!(parse_size("64M"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("64MiB"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("2g"), Ok(2 * 1024 * 1024 * 1024));
        assert!(parse_size("64X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999G").is_err());
        assert_eq!(show_size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(show_size(1536), "1536 bytes");
        assert_eq!(show_size(2048), "2 KiB");
    }

    #[test]
    fn fail_on_thresholds() {
        assert!(FailOn::Error.fails(Severity::Error));
        assert!(!FailOn::Error.fails(Severity::Warning));
        assert!(FailOn::Warning.fails(Severity::Warning));
        assert!(!FailOn::Warning.fails(Severity::Info));
        assert!(FailOn::Info.fails(Severity::Info));
        assert!(!FailOn::Never.fails(Severity::Error));
    }
}
