//! `pilotlint check`: its flags, and a run from rule files to the exit
//! status.
//!
//! A run reads every rule file first; any rule error stops it (exit 2),
//! because checking reports against half a rule set would pass reports it
//! should not. Then every report is checked, even after one could not be
//! read, so a CI log shows every problem at once; only at the end does an
//! unreadable report make the exit status 2.

mod args;
mod baseline;
mod mode;
mod not_reports;
pub(crate) mod select;
mod set;
pub(crate) use set::evaluate_on;
mod statistics;
mod watch;

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;

pub(crate) use args::{CHECK_HELP, CheckArgs};
use pilotlint::CheckedReport;
use pilotlint::builtin;
use pilotlint::diagnostic::{self, Diag};
use pilotlint::pipeline::SetReport;
use pilotlint::rules::{InlineIgnores, RuleSet};

use super::args::FailOn;
use super::config::{Config, ConfigArgs};
use super::exit::Exit;
use super::inputs::{Job, find_reports, read_file_capped, reads_a_set, too_large};
use super::resolve::load_rule_files;
use super::run;
use super::sink::{Errors, describe_io, io_error};
use super::sources::{configure, data_files, load_config, read_rules, rule_paths, undeclared_data};
use super::tree::Trees;

/// Runs `pilotlint check` (again on every change with `--watch`) and
/// returns the exit status.
pub(crate) fn run(args: &CheckArgs) -> Exit {
    if args.watch {
        return watch::run(args, |inputs| once(args, inputs));
    }
    once(args, &mut watch::Inputs::default())
}

/// Runs `pilotlint check` once; `inputs` gets the files it read.
fn once(args: &CheckArgs, inputs: &mut watch::Inputs) -> Exit {
    let mut errors = Errors::new(args.color.choice);
    // A gate takes its settings from the gate, never from a pilotlint.toml
    // of the tree it checks.
    let config_args = ConfigArgs {
        no_config: args.config.no_config || (args.gate && args.config.config.is_none()),
        ..args.config.clone()
    };
    inputs.config(&config_args);
    // Nor from a `--config` file inside that tree: the submitter could
    // have put it there.
    if args.gate
        && let Some(file) = &args.config.config
        && let Some(d) = mode::inside_the_tree(args, file, mode::Kept::Config)
    {
        errors.report(&d);
        return Exit::Failed;
    }
    let Some(config) = load_config(&config_args, &mut errors) else {
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
    let Some(rules) = load(args, config, inputs, &mut errors) else {
        return Exit::Failed;
    };
    if let Some(path) = mode::baseline_path(args, config) {
        inputs.add(&path);
    }
    let Some(mode) = mode::choose(args, config, &rules, fail_on, &mut errors) else {
        return Exit::Failed;
    };
    let found = find_reports(args, config, &mut errors);
    inputs.reports(args, config, &found.jobs);
    let shows = |name: &str| found.shown.as_ref().is_none_or(|s| s.contains(name));
    let config_name = config.map_or("", |c| c.name.as_str());
    if found.jobs.is_empty() && !errors.failed && !found.excluded.is_empty() {
        // Only files named one by one were excluded (a directory walk that
        // finds nothing is the error below): a pre-commit hook given a
        // workflow file. Failing would block a commit that changes no
        // report; passing silently would hide a gate that checked nothing.
        let _ = writeln!(
            io::stderr(),
            "nothing to check: {} excluded by `{}` (its `include` and `exclude`, or a \
             hidden path)",
            if found.excluded.len() == 1 {
                "the file named is".to_string()
            } else {
                format!("the {} files named are", found.excluded.len())
            },
            config_name,
        );
        return Exit::Clean;
    }
    // A file named but not checked is said, not passed over in silence.
    for name in &found.excluded {
        let _ = writeln!(
            io::stderr(),
            "note: `{name}` is not checked: `{config_name}` excludes it (its `include` and \
             `exclude`, or a hidden path)"
        );
    }

    let always = mode.always();
    let recording = mode.recording;
    let mut writer = mode.writer;
    let mut write_error = None;
    let mut collected = set::Collected::new(&rules);
    let skip = not_reports::applies(args, config);
    let mut skipped = 0;
    let n = threads(args.threads);
    // One pool for the run: its threads check the reports, then the set.
    let pool = match run::pool(n) {
        Ok(pool) => Some(pool),
        Err(e) => {
            errors.report(&Diag::error(format!(
                "cannot start the checking threads: {e}"
            )));
            None
        }
    };
    let checked = check_reports(
        (args, skip, pool.as_ref()),
        &rules,
        &found.jobs,
        &mut errors,
        &mut |report, s, job| {
            if let Some(keys) = report.1 {
                not_reports::note(&report.0.name, &keys);
                skipped += 1;
                return ControlFlow::Continue(());
            }
            let report = report.0;
            if let Some(s) = s {
                collected.add(job, s);
            }
            if !shows(&report.name) {
                return ControlFlow::Continue(());
            }
            match writer.report(&report) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    write_error = Some(e);
                    ControlFlow::Break(())
                }
            }
        },
    );
    if write_error.is_none() && checked > 0 {
        write_error = collected
            .finish(
                &rules,
                &mut writer,
                (args.max_file_size, pool.as_ref(), n, !args.watch),
                &shows,
            )
            .err();
    }
    if checked == skipped && skipped > 0 && !errors.failed {
        not_reports::nothing_to_check(skipped);
        return Exit::Clean;
    }
    if checked == 0 && !errors.failed {
        // A gate that checked nothing must not pass: a typo in a path or a
        // submission without reports would otherwise look clean.
        errors.fail(
            None,
            &Diag::error("no report to check: no `*.yaml` or `*.yml` file was found")
                .with_help("name report files or directories, or `-` for standard input"),
        );
    }
    let worst = writer.worst();
    if let Some((path, recorded)) = recording {
        return mode::baseline_written(writer, &path, &recorded, write_error, &mut errors);
    }
    // A run that checked nothing writes no text (stderr says why), while a
    // machine-readable output still says the run failed.
    let failures = std::mem::take(&mut errors.failures);
    let finished = write_error.map_or_else(|| writer.finish(failures, always).err(), Some);
    if let Some(e) = finished {
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

/// The rules of the run, configured; `None` when they cannot be used (the
/// reasons reported). A gate never reads a `./rules` of the tree it checks:
/// without `--rules` or the configuration's `rules`, it runs the built-in
/// packs.
fn load(
    args: &CheckArgs,
    config: Option<&Config>,
    inputs: &mut watch::Inputs,
    errors: &mut Errors,
) -> Option<RuleSet> {
    let paths = rule_paths(&args.rules, config);
    // A gate takes nothing that decides its verdict from the tree it
    // checks: not rule files, nor what they read, nor `[data]`.
    let trees = if args.gate {
        Trees::of(&args.paths)
    } else {
        Trees::default()
    };
    for path in &paths {
        if builtin::pack_name(&path.to_string_lossy()).is_none()
            && let Some(d) = args
                .gate
                .then(|| mode::inside_the_tree(args, path, mode::Kept::Rules))
                .flatten()
        {
            errors.report(&d);
            return None;
        }
        inputs.add(path);
    }
    if paths.is_empty() && !args.gate {
        inputs.add(Path::new("rules"));
    }
    // The built-in rules across reports run only where the run has a set
    // of reports: `check report.yaml` would find every other area missing.
    let sets = reads_a_set(args, config);
    let sources = if args.gate && paths.is_empty() {
        builtin::all(true)
    } else {
        read_rules(&paths, sets, errors)?
    };
    // Files the rule files name are read relative to them (`--rule-root`
    // confines them), but for the data files `[data]` or `--data` give.
    let data = data_files(config, &args.data);
    for given in &data {
        if args.gate
            && let Some(d) = mode::inside_the_tree(args, &given.path, mode::Kept::Data)
        {
            errors.report(&d);
            return None;
        }
        inputs.add(&given.path);
    }
    let mut rules = match load_rule_files(sources, args.config.rule_root.as_deref(), &data, &trees)
    {
        Ok(rules) => rules,
        Err(e) => {
            for d in diagnostic::rule_errors(&e) {
                errors.report(&d);
            }
            let _ = writeln!(io::stderr(), "{e}, no report was checked");
            return None;
        }
    };
    inputs.named_by(&rules);
    if let Some(d) = undeclared_data(&args.data, &rules) {
        errors.report(&d);
        return None;
    }
    let flags = select::Flags {
        select: &args.select,
        ignore: &args.ignore,
    };
    if !configure(&mut rules, config, flags, errors) {
        return None;
    }
    if args.no_inline_ignores || args.gate {
        rules.inline_ignores = InlineIgnores::Refused;
    }
    Some(rules)
}

/// The diagnostic for an output that could not be written.
pub(super) fn write_error_diag(e: &run::WriteError) -> Diag<'static> {
    let Some(path) = &e.path else {
        return Diag::error(format!(
            "cannot write the output: {}",
            describe_io(&e.error)
        ));
    };
    Diag::error(format!(
        "cannot write `{}`: {}",
        path.display(),
        describe_io(&e.error)
    ))
}

/// Checks `jobs`; each checked report goes to `sink` in their order, as
/// soon as it and all before it are done. Returns how many were checked.
fn check_reports(
    (args, skip, pool): (&CheckArgs, bool, Option<&rayon::ThreadPool>),
    rules: &RuleSet,
    jobs: &[Job],
    errors: &mut Errors,
    sink: &mut Sink<'_>,
) -> usize {
    let Some(pool) = pool else {
        return 0;
    };
    let mut checked = 0;
    let mut next = 0;
    // Results come in input order, so the output is the same whatever the
    // number of threads.
    run::in_order(
        pool,
        jobs,
        |job| check_job((args, skip), rules, job),
        |result| {
            let job = &jobs[next];
            next += 1;
            match result {
                Ok((report, set)) => {
                    checked += 1;
                    sink(report, set, job)
                }
                Err((name, e)) => {
                    errors.fail(Some(&name), &io_error("report", &name, &e));
                    ControlFlow::Continue(())
                }
            }
        },
    );
    checked
}

/// Where each checked report goes (with, under `skip`, the keys of a file
/// that is plainly not a report), with what the rules across reports need
/// of it and the job it came from.
type Sink<'s> = dyn FnMut(Checked, Option<SetReport>, &Job) -> ControlFlow<()> + 's;
type Checked = (CheckedReport, Option<Vec<String>>);

/// Reads and checks one report, with what the rules across reports need of
/// it; the error when it cannot be read.
fn check_job(
    (args, skip): (&CheckArgs, bool),
    rules: &RuleSet,
    job: &Job,
) -> Result<(Checked, Option<SetReport>), (String, io::Error)> {
    let name = match job {
        Job::Read(name, _) | Job::File(_, name) | Job::Refused(name, _) => name.clone(),
    };
    let read_here;
    let bytes: &[u8] = match job {
        Job::Refused(_, finding) => {
            return Ok((
                (CheckedReport::rejected(&name, (**finding).clone()), None),
                None,
            ));
        }
        Job::Read(_, Ok(bytes)) => bytes,
        Job::Read(_, Err(e)) => return Err((name, copy_io_error(e))),
        Job::File(path, _) => match read_file_capped(path, args.max_file_size) {
            Ok(bytes) => {
                read_here = bytes;
                &read_here
            }
            Err(e) => return Err((name, e)),
        },
    };
    Ok(if bytes.len() as u64 > args.max_file_size {
        ((too_large(&name, args.max_file_size), None), None)
    } else {
        let mut report = pilotlint::check_report(rules, &name, bytes);
        let foreign = skip.then(|| report.not_a_report(rules)).flatten();
        let set = report.for_set(rules).filter(|_| foreign.is_none());
        // Output needs the text and findings, not the YAML trees.
        report.drop_documents();
        ((report, foreign), set)
    })
}

/// How many threads check reports: `--threads`, else RAYON_NUM_THREADS,
/// else one per CPU; at most four per CPU, since more only cost memory and
/// start-up time (a note says so when the number asked for is lowered).
fn threads(flag: Option<usize>) -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let from_env = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    let asked = flag.or(from_env).unwrap_or(cpus);
    let most = cpus * 4;
    if asked > most {
        let _ = writeln!(
            io::stderr(),
            "note: checking with {most} threads, not {asked}: more than four per CPU ({cpus} \
             here) do not check faster"
        );
    }
    asked.min(most)
}

/// `io::Error` is not `Clone`; a copy keeps what the message needs.
fn copy_io_error(e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), e.to_string())
}
