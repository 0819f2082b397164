//! Where `check` (and the rule authors' commands) find their inputs: the
//! configuration file, the rule files (`--rules`, pilotlint.toml's
//! `rules`, `./rules` or the built-in packs) and the reports (the paths
//! named, or the walk of a directory, filtered by pilotlint.toml's
//! `include` and `exclude`). Checking them is `cli.rs`'s and `run.rs`'s.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use super::{CheckArgs, Errors, read_capped};
use crate::builtin;
use crate::config::{self, Config, ConfigArgs};
use crate::diagnostic::{self, Diag};
use crate::rules::{RuleSet, RuleSource};

/// The configuration `args` ask for (`Some(None)`: none); `None` when it
/// cannot be used, after reporting why.
pub(crate) fn load_config(args: &ConfigArgs, errors: &mut Errors) -> Option<Option<Config>> {
    match config::load(args) {
        Ok(config) => Some(config),
        Err(failure) => {
            for d in failure.diagnostics() {
                errors.report(&d);
            }
            None
        }
    }
}

/// `--rules` if given, else the configuration's `rules`, else nothing (the
/// default rules).
pub(crate) fn rule_paths(flags: &[PathBuf], config: Option<&Config>) -> Vec<PathBuf> {
    if flags.is_empty() {
        config.and_then(Config::rule_paths).unwrap_or_default()
    } else {
        flags.to_vec()
    }
}

/// Applies the configuration's `disable`, `[severity]` and `inline_ignores`
/// to `rules`; `false` when it names rules that are not loaded (reported).
pub(crate) fn configure(rules: &mut RuleSet, config: Option<&Config>, errors: &mut Errors) -> bool {
    let Some(config) = config else { return true };
    match config.apply(rules) {
        Ok(()) => true,
        Err(problems) => {
            for p in &problems {
                errors.report(&p.diagnostic(&config.name, &config.text));
            }
            false
        }
    }
}

/// Reads every rule file named by `--rules` (or found under `./rules`), and
/// the embedded packs named `builtin:NAME`. Without `--rules` and without a
/// `./rules` directory, the embedded packs are the rules, so `pilotlint
/// check report.yaml` works anywhere. `None` when one could not be read or
/// none was found; the reasons are reported.
pub(crate) fn read_rules(rules: &[PathBuf], errors: &mut Errors) -> Option<Vec<RuleSource>> {
    let default = rules.is_empty();
    if default && std::fs::metadata("rules").is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        return Some(builtin::all());
    }
    let roots = if default {
        vec![PathBuf::from("rules")]
    } else {
        rules.to_vec()
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
                        .with_help(builtin::unknown_pack_help(name)),
                ),
            }
            continue;
        }
        paths.extend(rule_files(
            root,
            "pass rule files or directories with --rules PATH",
            errors,
        ));
    }
    let mut seen = HashSet::new();
    for path in paths {
        if !seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
            continue;
        }
        if let Some(text) = crate::commands::read_text(&path, "rule file", errors) {
            let name = path.display().to_string();
            sources.push(RuleSource { name, text });
        }
    }
    (!errors.failed).then_some(sources)
}

/// The rule files `root` names: itself when it is a file, the `*.rules`
/// files below it (sorted) when it is a directory. A directory without any,
/// or a path that cannot be read, is reported (`help` says what to pass
/// instead) and gives none.
pub(crate) fn rule_files(root: &Path, help: &str, errors: &mut Errors) -> Vec<PathBuf> {
    let mut files = Vec::new();
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => {
            walk(root, &["rules"], &mut files, errors);
            if files.is_empty() {
                errors.report(
                    &Diag::error(format!("no `*.rules` files in `{}`", root.display()))
                        .with_help(help),
                );
            }
        }
        Ok(_) => files.push(root.to_path_buf()),
        Err(e) => errors.report(&diagnostic::io_error(
            "rule path",
            &root.display().to_string(),
            &e,
        )),
    }
    files
}

/// One report to check: a file, or standard input.
enum Input {
    File(PathBuf),
    Stdin,
}

/// Finds every report named on the command line, in the order given
/// (directory contents sorted); each file once. With a configuration, only
/// the files it selects (see [`Config::selects`]); also returns how many
/// files named one by one it excluded. Standard input is read here, before
/// any thread starts.
pub(super) fn find_reports(
    args: &CheckArgs,
    config: Option<&Config>,
    errors: &mut Errors,
) -> (Vec<Job>, usize) {
    let roots = if args.paths.is_empty() {
        // The repository a configuration describes, from wherever in it
        // pilotlint runs.
        vec![match config {
            Some(c) if !c.dir.as_os_str().is_empty() => c.dir.clone(),
            _ => PathBuf::from("."),
        }]
    } else {
        args.paths.clone()
    };
    let selected = |path: &Path| config.is_none_or(|c| c.selects(path));
    let mut excluded = 0;
    let mut inputs = Vec::new();
    for root in roots {
        if root.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                walk(&root, &["yaml", "yml"], &mut files, errors);
                inputs.extend(files.into_iter().filter(|f| selected(f)).map(Input::File));
            }
            Ok(_) if !selected(&root) => excluded += 1,
            Ok(_) => inputs.push(Input::File(root)),
            Err(e) => errors.report(&diagnostic::io_error(
                "report path",
                &root.display().to_string(),
                &e,
            )),
        }
    }

    // Each input once.
    let mut seen = HashSet::new();
    let mut jobs: Vec<Job> = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => {
                if seen.insert(PathBuf::from("-")) {
                    let name = stdin_name(args).to_string();
                    let read = read_capped(io::stdin().lock(), args.max_file_size);
                    jobs.push(Job::Read(name, read));
                }
            }
            Input::File(path) => {
                if seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
                    jobs.push(Job::File(path));
                }
            }
        }
    }
    (jobs, excluded)
}

/// One report to read and check.
pub(super) enum Job {
    File(PathBuf),
    /// Already read (standard input): its name and bytes, or why not.
    Read(String, io::Result<Vec<u8>>),
}

fn stdin_name(args: &CheckArgs) -> &str {
    args.stdin_filename.as_deref().unwrap_or("<stdin>")
}

/// Appends the files under `dir` whose extension is one of `exts`, in
/// sorted order, skipping hidden files and directories (`.git`, editor
/// backups, `.pre-commit-config.yaml`). Symbolic links to directories are
/// not followed, so a link cycle cannot make the walk endless.
pub(crate) fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>, errors: &mut Errors) {
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
