//! Where `check` finds its reports: the paths named, or the walk of a
//! directory, filtered by pilotlint.toml's `include` and `exclude`, each
//! file once; standard input; and reading a file with a size cap. Checking
//! them is `check.rs`'s and `run.rs`'s.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::check::CheckArgs;
use super::config::Config;
use super::sink::{Errors, io_error};

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
            Err(e) => errors.report(&io_error("report path", &root.display().to_string(), &e)),
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
            errors.report(&io_error("directory", &dir.display().to_string(), &e));
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

/// Reads at most one byte more than `cap`, so an input over the cap is
/// recognised without reading all of it (`/dev/zero` never ends), and a
/// file that grows while it is read cannot outrun the cap.
pub(crate) fn read_capped(r: impl Read, cap: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}
