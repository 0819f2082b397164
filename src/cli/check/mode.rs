//! What a run of `check` writes, and where: the findings in their format
//! (to standard output or `--output`), or their counts (`--statistics`), or
//! a baseline of them (`--write-baseline`); and whether a baseline hides
//! some first (`--baseline`, or `baseline` in pilotlint.toml), which a gate
//! accepts only from outside the tree it checks.

use std::cell::Cell;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use pilotlint::diagnostic::Diag;
use pilotlint::output::{self, spill::Spill};
use pilotlint::rules::RuleSet;

use super::baseline::{Base, Known, Recorder};
use super::statistics::Statistics;
use super::{CheckArgs, write_error_diag};
use crate::cli::args::{FailOn, Format};
use crate::cli::config::Config;
use crate::cli::exit::Exit;
use crate::cli::resolve::normalize;
use crate::cli::run::{WriteError, Writer};
use crate::cli::sink::Errors;
use crate::cli::tree::Trees;

/// The writer of a run and what is needed after it.
pub(super) struct Mode<'a> {
    pub writer: Writer<'a>,
    pub format: Format,
    /// With `--write-baseline`: the file, and how many findings went in.
    pub recording: Option<(PathBuf, Rc<Cell<usize>>)>,
}

impl Mode<'_> {
    /// Whether the output is written even when no report was: a
    /// machine-readable format says why nothing was checked.
    pub fn always(&self) -> bool {
        self.recording.is_some()
            || !matches!(
                self.format,
                Format::Human | Format::Concise | Format::Github
            )
    }
}

/// The writer `args` ask for; `None` when they cannot be used (reported).
pub(super) fn choose<'a>(
    args: &'a CheckArgs,
    config: Option<&Config>,
    rules: &'a RuleSet,
    fail_on: FailOn,
    errors: &mut Errors,
) -> Option<Mode<'a>> {
    if let Some(path) = &args.write_baseline {
        let recorder = Recorder::new(Base::new(&baseline_dir(args, config)));
        let recorded = Rc::clone(&recorder.recorded);
        // Every finding goes in, not only the first --max-findings.
        let writer = Writer::new(Box::new(recorder), Some(path), usize::MAX);
        return Some(Mode {
            writer,
            format: Format::Json,
            recording: Some((path.clone(), recorded)),
        });
    }
    // Workflow commands become annotations only in the job's log, not in a
    // file written with --output; statistics are for people or scripts.
    let github_actions =
        std::env::var_os("GITHUB_ACTIONS").filter(|_| args.output.is_none() && !args.statistics);
    let format = Format::resolve(args.format, github_actions.as_deref());
    let color = match &args.output {
        Some(_) => args.color.enabled(false),
        None => args.color.enabled(io::stdout().is_terminal()),
    };
    let (out, max_findings) = if args.statistics {
        let Some(statistics) = Statistics::new(format) else {
            errors.report(
                &Diag::error(format!(
                    "`--statistics` cannot be written as `--format {}`",
                    format_name(format)
                ))
                .with_help("statistics are written as text (`human`, `concise`) or `json`"),
            );
            return None;
        };
        let out: Box<dyn pilotlint::output::Output> = Box::new(statistics);
        (out, usize::MAX)
    } else {
        (output_of(format, rules, color, fail_on), args.max_findings)
    };
    let mut writer = Writer::new(out, args.output.as_deref(), max_findings);
    if let Some(path) = baseline_path(args, config) {
        if args.gate
            && let Some(d) = inside_the_tree(args, &path, Kept::Baseline)
        {
            errors.report(&d);
            return None;
        }
        match Known::read(&path, rules, Base::new(&baseline_dir(args, config))) {
            Ok(known) => writer = writer.screened(Box::new(known)),
            Err(d) => {
                errors.report(&d);
                return None;
            }
        }
    }
    Some(Mode {
        writer,
        format,
        recording: None,
    })
}

/// Ends a run of `--write-baseline`: the file is put in place only when
/// every report was checked (a baseline of part of the findings would
/// hide nothing of the rest, and look complete).
pub(super) fn baseline_written(
    writer: Writer<'_>,
    path: &Path,
    recorded: &std::cell::Cell<usize>,
    write_error: Option<WriteError>,
    errors: &mut Errors,
) -> Exit {
    if errors.failed {
        // Dropped unfinished: the temporary file goes, FILE stays as it was.
        drop(writer);
        let _ = writeln!(
            io::stderr(),
            "the baseline `{}` was not written: the run did not check every report",
            path.display()
        );
        return Exit::Failed;
    }
    let failures = std::mem::take(&mut errors.failures);
    if let Some(e) = write_error.map_or_else(|| writer.finish(failures, true).err(), Some) {
        errors.report(&write_error_diag(&e));
        return Exit::Failed;
    }
    let n = recorded.get();
    let _ = writeln!(
        io::stderr(),
        "wrote the baseline `{}`: {n} finding{}",
        path.display(),
        if n == 1 { "" } else { "s" }
    );
    Exit::Clean
}

/// The directory a baseline names files relative to: the repository's,
/// whose pilotlint.toml is the configuration; else, and for a gate (whose
/// configuration is kept outside the tree it checks, and whose CI job
/// always runs from one place), the working directory.
fn baseline_dir(args: &CheckArgs, config: Option<&Config>) -> PathBuf {
    match config {
        Some(c) if !args.gate && !c.dir.as_os_str().is_empty() => c.dir.clone(),
        _ => PathBuf::from("."),
    }
}

/// The baseline of a run: `--baseline`, else the configuration's.
pub(super) fn baseline_path(args: &CheckArgs, config: Option<&Config>) -> Option<PathBuf> {
    args.baseline
        .clone()
        .or_else(|| config.and_then(Config::baseline_path))
}

/// What a gate takes only from outside the tree it checks.
#[derive(Clone, Copy)]
pub(super) enum Kept {
    /// The gate's settings: the submitter would choose them.
    Config,
    /// Rule files: the submitter would write the rules.
    Rules,
    /// A baseline: the submitter would choose which findings it hides.
    Baseline,
    /// A data file the configuration gives (`[data]`): the submitter
    /// would choose the registry the rules across reports check against
    /// (leave their area out, and no report of it is missing).
    Data,
}

/// The refusal of a baseline or data file at `path` inside the tree a
/// gate checks (the directories named; for files named, or none, the
/// working directory). Inside is either as written (a link in the tree
/// leads where the submitter wants) or once links are resolved.
pub(super) fn inside_the_tree(args: &CheckArgs, path: &Path, kept: Kept) -> Option<Diag<'static>> {
    let trees = Trees::of(&args.paths);
    let tree = trees.holding(path)?;
    const BESIDE: &str = "with the gate's configuration, outside the submission";
    let (what, why) = match kept {
        Kept::Config => (
            "its configuration",
            "so it could choose what fails the gate; keep the gate's configuration outside \
             the submission"
                .to_string(),
        ),
        Kept::Rules => (
            "rule files",
            format!("so it could write rules that pass anything; keep them {BESIDE}"),
        ),
        Kept::Baseline => (
            "a baseline",
            format!("so it could hide any finding; keep the baseline {BESIDE}"),
        ),
        Kept::Data => (
            "a data file",
            format!(
                "so it could leave out what the rules check against (an area of the \
                 registry); keep the data file {BESIDE}"
            ),
        ),
    };
    Some(
        Diag::error(format!(
            "a gate does not take {what} from the tree it checks: `{}` is inside `{}`",
            normalize(path).display(),
            tree.display()
        ))
        .with_help(format!("the submitter controls that tree, {why}")),
    )
}

/// The name `--format` takes for `format`.
fn format_name(format: Format) -> String {
    use clap::ValueEnum;
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// The writer of `format`.
fn output_of<'a>(
    format: Format,
    rules: &'a RuleSet,
    color: bool,
    fail_on: FailOn,
) -> Box<dyn output::Output + 'a> {
    match format {
        Format::Human => Box::new(output::human::Human::new(color)),
        Format::Json => Box::new(output::json::Json::new(rules.catalog(), spill())),
        Format::Html => Box::new(output::html::Html::new(
            rules.catalog(),
            fail_on.least(),
            spill(),
            spill(),
        )),
        Format::Markdown => Box::new(output::markdown::Markdown::new(
            rules.catalog(),
            fail_on.least(),
            github_blob_url(),
        )),
        Format::Concise => Box::new(output::concise::Concise::new()),
        Format::Github => Box::new(output::github::Github::new()),
        Format::Sarif => Box::new(output::sarif::Sarif::new(rules.catalog(), spill())),
        Format::Junit => Box::new(output::junit::Junit::new(rules.catalog(), spill())),
        Format::Gitlab => Box::new(output::gitlab::Gitlab::new()),
    }
}

/// In GitHub Actions, the address of the checked-out commit's files
/// (`$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/`), so the
/// markdown summary links each finding to its line; elsewhere `None`.
fn github_blob_url() -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
    Some(format!(
        "{}/{}/blob/{}/",
        var("GITHUB_SERVER_URL")?.trim_end_matches('/'),
        var("GITHUB_REPOSITORY")?,
        var("GITHUB_SHA")?
    ))
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
