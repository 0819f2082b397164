//! The reports a run's rules across reports read, when that is more than
//! the files it names: under a configuration with an `include`, a run
//! that names files (a pre-commit hook names the changed ones) reads every
//! report the configuration selects as the set, and shows only what points
//! into the files named.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Job, Walk, job, walk_reports};
use crate::cli::check::CheckArgs;
use crate::cli::config::Config;
use crate::cli::sink::Errors;

/// Whether the rules across reports of this run read reports it was not
/// given one by one: a directory is walked, or the configuration's
/// `include` says which files are the reports. Without that (files named,
/// no configuration), the set is the files named.
pub(in crate::cli) fn reads_a_set(args: &CheckArgs, config: Option<&Config>) -> bool {
    args.gate
        || args.paths.is_empty()
        || args
            .paths
            .iter()
            .any(|p| p.as_os_str() != "-" && p.is_dir())
        || config.is_some_and(|c| sets_of_config(args, c))
}

/// Whether the files named are shown within the set `config` selects:
/// only files are named (no directory, no standard input) and it has an
/// `include`. A gate never does this: it checks a whole tree.
pub(super) fn sets_of_config(args: &CheckArgs, config: &Config) -> bool {
    !args.gate
        && config.include.is_some()
        && !args.paths.is_empty()
        && args
            .paths
            .iter()
            .all(|p| p.as_os_str() != "-" && !p.is_dir())
}

/// Every report `config` selects under its directory, in the order of the
/// walk, with the files `named` in place of those they are (so they are
/// shown under the names given) and any named file the walk did not find
/// after them; and the names of the named files, the ones shown.
pub(super) fn with_context(
    config: &Config,
    named: Vec<Job>,
    ignore_files: bool,
    errors: &mut Errors,
) -> (Vec<Job>, HashSet<String>) {
    let key = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut shown_names = HashSet::new();
    let mut by_path = HashMap::new();
    let mut named: Vec<Option<Job>> = named.into_iter().map(Some).collect();
    for (i, job) in named.iter().enumerate() {
        match job {
            Some(Job::File(path, name)) => {
                shown_names.insert(name.clone());
                by_path.insert(key(path), i);
            }
            Some(Job::Refused(name, _) | Job::Read(name, _)) => {
                shown_names.insert(name.clone());
            }
            None => {}
        }
    }
    let dir = if config.dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        config.dir.clone()
    };
    let mut seen = HashSet::new();
    let mut jobs = Vec::new();
    let walk = Walk {
        ignore_files,
        gate: false,
    };
    for (path, kind) in walk_reports(&dir, walk, errors) {
        if !config.selects_in(&config.dir, &path) {
            continue;
        }
        match by_path.get(&key(&path)) {
            Some(&i) => jobs.extend(named[i].take()),
            None => jobs.extend(job(path, kind, None, &mut seen)),
        }
    }
    jobs.extend(named.into_iter().flatten());
    (jobs, shown_names)
}
