//! The command line: flag definitions (their docs are the `--help`), running
//! a check, and the one place that picks the exit status.
//!
//! A run reads every rule file first; any rule error stops it (exit 2),
//! because checking reports against half a rule set would pass reports it
//! should not. Then every report is checked, even after one could not be
//! read, so a CI log shows every problem at once; only at the end does an
//! unreadable report make the exit status 2.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::builtin;
use crate::diagnostic::{self, Diag};
use crate::output;
use crate::rules::{RuleSet, RuleSource};
use crate::syntax::ast::Severity;

/// The exit statuses, shown in both long helps; `check` returns them.
macro_rules! exit_status_help {
    () => {
        "\
Exit status:
  0  no findings at or above --fail-on
  1  findings at or above --fail-on (a report that is not valid YAML is an
     error finding; the other reports are still checked)
  2  pilotlint could not do its job: bad arguments, errors in rule files
     (all of them are shown), a rule file that cannot be read, a report path
     that does not exist (the other reports are still checked)"
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
    /// Findings are printed ordered by file, line, column and rule, followed
    /// by a summary line.
    #[command(after_long_help = CHECK_HELP, verbatim_doc_comment)]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files or directories; `-` reads standard input
    ///
    /// Directories are walked in sorted order for `*.yaml` and `*.yml`
    /// files, skipping hidden files and directories. Files named here are
    /// checked whatever their extension. Without paths, the current
    /// directory is walked.
    #[arg(value_name = "PATHS", verbatim_doc_comment)]
    pub paths: Vec<PathBuf>,

    /// A rule file, a directory walked for `*.rules` files, or a built-in
    /// pack: `builtin:service-trade-pilot`, `builtin:demonstration-zone`
    /// [default: ./rules, or every built-in pack when there is no ./rules]
    ///
    /// May be given several times; the rules of all files are loaded
    /// together (rule ids must be unique across them). The built-in packs
    /// are compiled into pilotlint from the `rules/` directory of its
    /// source.
    #[arg(long, value_name = "PATH", verbatim_doc_comment)]
    pub rules: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The least severity of finding that makes the exit status 1
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// When to colour the output
    ///
    /// `auto` colours only when writing to a terminal and the NO_COLOR
    /// environment variable is unset or empty.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto,
        verbatim_doc_comment
    )]
    pub color: ColorChoice,

    /// The name shown for the report read from standard input (`-`)
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    /// How many reports to check at once [default: the number of CPUs]
    ///
    /// The output is the same whatever the number: reports are written in
    /// the order they were found, each as soon as the ones before it are.
    #[arg(long, value_name = "N", verbatim_doc_comment)]
    pub threads: Option<std::num::NonZeroUsize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the report and rule sources, and a summary line
    Human,
    /// One JSON document: {"version": 1, "findings": [...], "summary": {...}}
    Json,
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
    fn enabled(self, is_terminal: bool) -> bool {
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
    })
}

/// Runs `pilotlint check` and returns the exit status.
pub fn check(args: &CheckArgs) -> u8 {
    let mut errors = Errors {
        color: args.color.enabled(io::stderr().is_terminal()),
        failed: false,
    };

    let Some(rules) = read_rules(args, &mut errors) else {
        return FAILED;
    };
    let rules = match crate::load_rules(rules) {
        Ok(rules) => rules,
        Err(e) => {
            for d in diagnostic::rule_errors(&e) {
                errors.report(&d);
            }
            let _ = writeln!(io::stderr(), "{e}, no report was checked");
            return FAILED;
        }
    };

    let inputs = find_reports(args, &mut errors);
    let color = args.color.enabled(io::stdout().is_terminal());
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    let (written, fails) = check_and_write(args, &rules, inputs, color, &mut w, &mut errors);
    match written.and_then(|()| w.flush()) {
        // A closed pipe (`pilotlint check | head -1`) means the reader has
        // what it wants; the exit status still tells what was found.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            errors.report(&Diag::error(format!(
                "cannot write the output: {}",
                diagnostic::describe_io(&e)
            )));
        }
        Ok(()) => {}
    }

    if errors.failed {
        FAILED
    } else if fails {
        FINDINGS
    } else {
        CLEAN
    }
}

/// Prints diagnostics about the run itself to stderr and remembers that one
/// was printed (exit status 2).
struct Errors {
    color: bool,
    failed: bool,
}

impl Errors {
    fn report(&mut self, d: &Diag<'_>) {
        self.failed = true;
        // If stderr itself is gone there is nobody left to tell.
        let _ = writeln!(io::stderr(), "{}", diagnostic::render(d, self.color));
    }
}

/// Reads every rule file named by `--rules` (or found under `./rules`), and
/// the embedded packs named `builtin:NAME`. Without `--rules` and without a
/// `./rules` directory, the embedded packs are the rules, so `pilotlint
/// check report.yaml` works anywhere. `None` when one could not be read or
/// none was found; the reasons are reported.
fn read_rules(args: &CheckArgs, errors: &mut Errors) -> Option<Vec<RuleSource>> {
    let default = args.rules.is_empty();
    if default && std::fs::metadata("rules").is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        return Some(builtin::all());
    }
    let roots = if default {
        vec![PathBuf::from("rules")]
    } else {
        args.rules.clone()
    };
    let mut paths = Vec::new();
    // Embedded packs come first, in the order named, then the files.
    let mut sources: Vec<RuleSource> = Vec::new();
    for root in &roots {
        if let Some(name) = root.to_str().and_then(builtin::pack_name) {
            match builtin::get(name) {
                Some(pack) if sources.iter().any(|s| s.name == pack.name) => {}
                Some(pack) => sources.push(pack),
                None => errors.report(
                    &Diag::error(format!("unknown built-in rule pack `{}`", root.display()))
                        .with_help(match builtin::suggest(name) {
                            Some(near) => format!("did you mean `{}{near}`?", builtin::PREFIX),
                            None => format!(
                                "the built-in packs are {}",
                                builtin::names()
                                    .map(|n| format!("`{}{n}`", builtin::PREFIX))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        }),
                ),
            }
            continue;
        }
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => {
                let before = paths.len();
                walk(root, &["rules"], &mut paths, errors);
                if paths.len() == before {
                    errors.report(
                        &Diag::error(format!("no `*.rules` files in `{}`", root.display()))
                            .with_help("pass rule files or directories with --rules PATH"),
                    );
                }
            }
            Ok(_) => paths.push(root.clone()),
            Err(e) => errors.report(&diagnostic::io_error(
                "rule path",
                &root.display().to_string(),
                &e,
            )),
        }
    }
    let mut seen = HashSet::new();
    for path in paths {
        if !seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
            continue;
        }
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => sources.push(RuleSource { name, text }),
                Err(_) => errors.report(&Diag::error(format!(
                    "rule file `{name}` is not valid UTF-8"
                ))),
            },
            Err(e) => errors.report(&diagnostic::io_error("rule file", &name, &e)),
        }
    }
    (!errors.failed).then_some(sources)
}

/// One report to check: a file, or standard input (read before the
/// checking starts, so it is read once and keeps its place in the order).
enum Input {
    File(PathBuf),
    Stdin(Vec<u8>),
}

/// Finds every report named on the command line, in the order given
/// (directory contents sorted); each file once.
fn find_reports(args: &CheckArgs, errors: &mut Errors) -> Vec<Input> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut seen = HashSet::new();
    let mut inputs = Vec::new();
    for root in roots {
        if root.as_os_str() == "-" {
            if !seen.insert(PathBuf::from("-")) {
                continue;
            }
            let mut bytes = Vec::new();
            match io::stdin().read_to_end(&mut bytes) {
                Ok(_) => inputs.push(Input::Stdin(bytes)),
                Err(e) => errors.report(&diagnostic::io_error("report", &args.stdin_filename, &e)),
            }
            continue;
        }
        let mut files = Vec::new();
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => walk(&root, &["yaml", "yml"], &mut files, errors),
            Ok(_) => files.push(root),
            Err(e) => errors.report(&diagnostic::io_error(
                "report path",
                &root.display().to_string(),
                &e,
            )),
        }
        for path in files {
            if seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
                inputs.push(Input::File(path));
            }
        }
    }
    inputs
}

/// What the output needs of one checked report. The report itself (its
/// text and tree, about as large as the file) is dropped by the worker, so
/// a run over thousands of files holds only the few reports being checked.
struct Checked {
    /// The report's part of the output, rendered.
    out: Vec<u8>,
    summary: output::Summary,
    fails: bool,
}

/// How many reports may be checked ahead of the one being written; bounds
/// the memory a slow reader of the output can make us hold.
const WINDOW: usize = 64;

/// Checks every input, on `--threads` threads, and writes each report's
/// findings in input order, then the summary. Returns the write result and
/// whether a finding is at or above `--fail-on`.
fn check_and_write(
    args: &CheckArgs,
    rules: &RuleSet,
    inputs: Vec<Input>,
    color: bool,
    w: &mut dyn Write,
    errors: &mut Errors,
) -> (io::Result<()>, bool) {
    let threads = args
        .threads
        .map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            |n| n.get(),
        )
        .min(inputs.len().max(1));
    let mut json = match args.format {
        Format::Json => match output::json::Stream::start(w) {
            Ok(stream) => Some(stream),
            Err(e) => return (Err(e), false),
        },
        Format::Human => None,
    };
    let chunks = json.is_some().then(|| output::json::Chunks::new(rules));
    let check_one = |i: usize| -> Result<Checked, (String, io::Error)> {
        let (name, read);
        let bytes: &[u8] = match &inputs[i] {
            Input::Stdin(bytes) => {
                name = args.stdin_filename.clone();
                bytes
            }
            Input::File(path) => {
                name = path.display().to_string();
                read = std::fs::read(path).map_err(|e| (name.clone(), e))?;
                &read
            }
        };
        let report = crate::check_report(rules, &name, bytes);
        let mut out = Vec::new();
        match &chunks {
            // Serializing a finding (strings, numbers and options) into a
            // string cannot fail.
            Some(chunks) => {
                out = chunks
                    .chunk(&report)
                    .expect("findings serialize")
                    .into_bytes()
            }
            // Writing into a Vec<u8> cannot fail.
            None => output::human::write_report(&mut out, rules, &report, color)
                .expect("writing to memory"),
        }
        Ok(Checked {
            out,
            summary: output::Summary::of_one(&report),
            fails: report
                .findings
                .iter()
                .any(|f| args.fail_on.fails(f.severity)),
        })
    };

    let mut summary = output::Summary::default();
    let mut fails = false;
    let mut written = Ok(());
    let mut write_one = |result: Result<Checked, (String, io::Error)>| match result {
        Err((name, e)) => errors.report(&diagnostic::io_error("report", &name, &e)),
        Ok(c) => {
            summary.add(&c.summary);
            fails |= c.fails;
            if written.is_ok() {
                written = match &mut json {
                    Some(stream) => stream.write_chunk(w, &c.out),
                    None => w.write_all(&c.out),
                };
            }
        }
    };
    in_order(inputs.len(), threads, check_one, &mut write_one);
    let written = written.and_then(|()| match json {
        Some(stream) => stream.finish(w, &summary),
        None => output::human::write_summary(w, &summary),
    });
    (written, fails)
}

/// Runs `work` for every index below `n` on `threads` threads and hands
/// each result to `consume` in index order, on this thread, as soon as the
/// results before it are done. With one thread nothing is spawned.
fn in_order<T: Send>(
    n: usize,
    threads: usize,
    work: impl Fn(usize) -> T + Sync,
    consume: &mut dyn FnMut(T),
) {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex, PoisonError};

    if threads <= 1 {
        (0..n).for_each(|i| consume(work(i)));
        return;
    }
    struct State<T> {
        done: BTreeMap<usize, T>,
        /// The index `consume` waits for; workers stay within WINDOW of it.
        next: usize,
        /// A worker panicked: stop waiting, the scope re-raises the panic.
        panicked: bool,
    }
    let state = Mutex::new(State {
        done: BTreeMap::new(),
        next: 0,
        panicked: false,
    });
    let changed = Condvar::new();
    let claim = AtomicUsize::new(0);
    // A poisoned lock only means another thread panicked; the state is
    // still consistent (every update is a single insert or assignment).
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);

    /// Wakes everybody if its worker unwinds, so nobody waits for it.
    struct OnPanic<'a, T>(&'a Mutex<State<T>>, &'a Condvar);
    impl<T> Drop for OnPanic<'_, T> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .panicked = true;
                self.1.notify_all();
            }
        }
    }

    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let _guard = OnPanic(&state, &changed);
                loop {
                    let i = claim.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return;
                    }
                    let mut st = lock();
                    while i >= st.next + WINDOW && !st.panicked {
                        st = changed.wait(st).unwrap_or_else(PoisonError::into_inner);
                    }
                    drop(st);
                    let result = work(i);
                    lock().done.insert(i, result);
                    changed.notify_all();
                }
            });
        }
        for i in 0..n {
            let mut st = lock();
            let result = loop {
                if let Some(r) = st.done.remove(&i) {
                    break r;
                }
                if st.panicked {
                    return;
                }
                st = changed.wait(st).unwrap_or_else(PoisonError::into_inner);
            };
            st.next = i + 1;
            drop(st);
            changed.notify_all();
            consume(result);
        }
    });
}

/// Appends the files under `dir` whose extension is one of `exts`, in
/// sorted order, skipping hidden files and directories (`.git`, editor
/// backups, `.pre-commit-config.yaml`). Symbolic links to directories are
/// not followed, so a link cycle cannot make the walk endless.
fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>, errors: &mut Errors) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.report(&diagnostic::io_error(
                "directory",
                &dir.display().to_string(),
                &e,
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        // `./a.yaml` reads worse than `a.yaml` and means the same.
        let path = if dir == Path::new(".") {
            PathBuf::from(&name)
        } else {
            dir.join(&name)
        };
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk(&path, exts, out, errors);
        } else if has_extension(&path, exts)
            && (file_type.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            out.push(path);
        }
    }
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| exts.contains(&e))
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
    fn fail_on_thresholds() {
        assert!(FailOn::Error.fails(Severity::Error));
        assert!(!FailOn::Error.fails(Severity::Warning));
        assert!(FailOn::Warning.fails(Severity::Warning));
        assert!(!FailOn::Warning.fails(Severity::Info));
        assert!(FailOn::Info.fails(Severity::Info));
        assert!(!FailOn::Never.fails(Severity::Error));
    }
}
