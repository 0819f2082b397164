//! Where `check` finds its reports: the paths named, or the walk of a
//! directory (`*.yaml` and `*.yml` in any case, skipping hidden files and
//! what `.gitignore` and `.ignore` files leave out, as ripgrep and Ruff
//! do), filtered by pilotlint.toml's `include` and `exclude`, each file
//! once; standard input; reading a file with a size cap; and the names
//! reports are shown under.
//!
//! Nothing that is not a regular file is ever opened: a FIFO named as a
//! report would block the run forever, a device would never end. Such a
//! path is an error finding on the path instead. A gate (`--gate`) also
//! refuses a symbolic link whose target is outside the checked tree (it
//! could show a runner's files in the output), reads no ignore file of the
//! tree it checks, skips no hidden file in it, and refuses a symbolic link
//! to a directory rather than pass over it (the submitter would choose
//! what the gate skips: `.report.yaml`, or a linked directory of reports,
//! passed unseen).

use std::collections::HashSet;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use pilotlint::CheckedReport;
use pilotlint::finding::{Finding, codes};
use pilotlint::syntax::ast::Severity;

use super::args::show_size;
use super::check::CheckArgs;
use super::config::Config;
use super::sink::{Errors, io_error};

mod set;
mod walk;
pub(super) use set::reads_a_set;
use walk::{Walk, walk_reports};
pub(crate) use walk::{walk, walk_dirs};

/// One report to check.
pub(super) enum Job {
    /// A regular file, and the name it is shown under.
    File(PathBuf, String),
    /// Already read (standard input): its name and bytes, or why not.
    Read(String, io::Result<Vec<u8>>),
    /// Never read: the finding says why.
    Refused(String, Box<Finding>),
}

/// The reports of a run, and the files named one by one that the
/// configuration excluded (as shown).
pub(super) struct Reports {
    pub jobs: Vec<Job>,
    pub excluded: Vec<String>,
    /// When only some of the jobs are shown (the names of those): a run
    /// that names files, under a configuration with an `include`, checks
    /// every report the configuration selects as the set the rules across
    /// reports read, and shows only what points into the files named. A
    /// pre-commit hook names the changed files; the other areas' reports
    /// are still there.
    pub shown: Option<HashSet<String>>,
}

/// Finds every report named on the command line, in the order given
/// (directory contents sorted); each file once. With a configuration, only
/// the files it selects: its `include` and `exclude` match paths relative
/// to its directory, or in a gate relative to the directory named (for a
/// file named, the working directory). Standard input is read here, before
/// any thread starts.
pub(super) fn find_reports(
    args: &CheckArgs,
    config: Option<&Config>,
    errors: &mut Errors,
) -> Reports {
    let roots = if args.paths.is_empty() {
        // The repository a configuration describes, from wherever in it
        // pilotlint runs.
        vec![match config {
            Some(c) if !c.dir.as_os_str().is_empty() && !args.gate => c.dir.clone(),
            _ => PathBuf::from("."),
        }]
    } else {
        args.paths.clone()
    };
    let mut excluded = Vec::new();
    let mut seen = HashSet::new();
    let mut jobs = Vec::new();
    for root in roots {
        if root.as_os_str() == "-" {
            if seen.insert(PathBuf::from("-")) {
                let name = shown_name(args.stdin_filename.as_deref().unwrap_or("<stdin>"));
                let read = read_capped(io::stdin().lock(), args.max_file_size);
                jobs.push(Job::Read(name, read));
            }
            continue;
        }
        let selects = |base: &Path, path: &Path| match config {
            Some(c) if args.gate => c.gate_selects(base, path),
            Some(c) => c.selects_in(&c.dir, path),
            None => true,
        };
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => {
                let walk = Walk {
                    ignore_files: !args.gate && !args.no_ignore,
                    gate: args.gate,
                };
                for (path, kind) in walk_reports(&root, walk, errors) {
                    if kind == Kind::LinkedDirectory {
                        if !config.is_some_and(|c| c.gate_excludes(&root, &path)) {
                            jobs.push(linked_directory(&path));
                        }
                        continue;
                    }
                    if !selects(&root, &path) {
                        continue;
                    }
                    let tree = args.gate.then_some(root.as_path());
                    if let Some(job) = job(path, kind, tree, &mut seen) {
                        jobs.push(job);
                    }
                }
            }
            Ok(_) if !selects(Path::new("."), &root) => excluded.push(shown(&root)),
            Ok(_) => {
                let tree = args.gate.then_some(Path::new("."));
                if let Some(job) = job(root.clone(), Kind::Named, tree, &mut seen) {
                    jobs.push(job);
                }
            }
            Err(e) => errors.fail(
                Some(&shown(&root)),
                &io_error("report path", &shown(&root), &e),
            ),
        }
    }
    match config {
        Some(c) if set::sets_of_config(args, c) && !jobs.is_empty() => {
            let (jobs, shown) = set::with_context(c, jobs, !args.no_ignore, errors);
            Reports {
                jobs,
                excluded,
                shown: Some(shown),
            }
        }
        _ => Reports {
            jobs,
            excluded,
            shown: None,
        },
    }
}

/// What the walk found a path to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A regular file, not reached through a symbolic link.
    File,
    /// A symbolic link, or a path named on the command line (which may be
    /// one): where it leads is looked at before it is read.
    Named,
    /// Neither a file nor a directory: a FIFO, a socket, a device.
    Special,
    /// A symbolic link to a directory, found by a gate's walk.
    LinkedDirectory,
}

/// The job for `path`, or `None` when the same file is already a job. A
/// path that is not a regular file, or in a gate leads outside `tree`, is
/// refused: its content is never read.
fn job(path: PathBuf, kind: Kind, tree: Option<&Path>, seen: &mut HashSet<PathBuf>) -> Option<Job> {
    let name = shown(&path);
    let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if !seen.insert(real.clone()) {
        return None;
    }
    let special = match kind {
        Kind::Special | Kind::LinkedDirectory => true,
        Kind::File => false,
        Kind::Named => std::fs::metadata(&path).is_ok_and(|m| !m.is_file() && !m.is_dir()),
    };
    if special {
        return Some(refused(
            name,
            codes::NOT_A_FILE,
            "the path is not a regular file (a FIFO, a socket or a device), so it was not read",
            "a report is a regular file; remove this path or name the file it stands for",
        ));
    }
    if let Some(tree) = tree.filter(|_| kind == Kind::Named) {
        // A gate's walk gives a link to nothing (`Walk::gate`), which
        // cannot be read, rather than pass over it.
        if std::fs::canonicalize(&path).is_err() {
            return Some(refused(
                name,
                codes::NOT_A_FILE,
                "the path is a symbolic link to nothing (or a loop of links), so no report was \
                 read",
                "a report is a regular file; put the report itself here, or remove the link",
            ));
        }
        let inside = std::fs::canonicalize(tree).is_ok_and(|t| real.starts_with(t));
        if !inside {
            return Some(refused(
                name,
                codes::OUTSIDE_TREE,
                "the path leads outside the checked tree (a symbolic link), so a gate does not \
                 read it",
                "a gate reads only files inside the directory it checks; replace the link with \
                 the report itself",
            ));
        }
    }
    Some(Job::File(path, name))
}

/// The refusal of a symbolic link to a directory in a gate's tree. A gate
/// does not follow one: the files it leads to would be reports under a
/// name of the link's (`reports/more/hefei.yaml` for `stash/hefei.yaml`,
/// which `include` leaves out), and links to each other multiply the
/// paths of one file without end. Passing over it would hide them.
fn linked_directory(path: &Path) -> Job {
    refused(
        shown(path),
        codes::LINKED_DIRECTORY,
        "the path is a symbolic link to a directory, which a gate does not follow, so the \
         reports it leads to were not checked",
        "put the directory itself here, not a link to it; or, if nothing under the link is a \
         report, name it in the gate's `exclude`",
    )
}

fn refused(name: String, code: &str, message: &str, help: &str) -> Job {
    Job::Refused(
        name,
        Box::new(Finding {
            code: code.to_string(),
            severity: Severity::Error,
            message: message.to_string(),
            span: None,
            label: None,
            secondary: Vec::new(),
            help: Some(help.to_string()),
            rule: None,
            file: None,
            related: Vec::new(),
        }),
    )
}

/// A path as shown in every output and message: its display form with
/// control and bidirectional-override characters escaped, so a file name
/// cannot forge a line of output (a GitHub workflow command), move the
/// terminal's cursor or reorder what a reviewer reads.
pub(crate) fn shown(path: &Path) -> String {
    shown_name(&path.display().to_string())
}

/// [`shown`] for a name that is already text (`--stdin-filename`).
pub(crate) fn shown_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads at most one byte more than `cap`, so an input over the cap is
/// recognised without reading all of it (`/dev/zero` never ends), and a
/// file that grows while it is read cannot outrun the cap.
pub(crate) fn read_capped(r: impl Read, cap: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// [`read_capped`] of the file at `path`, into a buffer of the size the
/// file says it has (up to the cap), not one grown by doubling: a run
/// reads thousands of files, and growing each buffer costs more than
/// reading it.
pub(crate) fn read_file_capped(path: &std::path::Path, cap: u64) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len()).min(cap);
    // One byte more, so a file that is as large as it says is read to its
    // end without growing the buffer to find that there is no more.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The finding for a report over `--max-file-size`.
pub(crate) fn too_large(name: &str, cap: u64) -> CheckedReport {
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
            file: None,
            related: Vec::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_forge_lines_or_escape_sequences() {
        assert_eq!(
            shown_name("a\n::notice file=x::forged\n.yaml"),
            "a\\n::notice file=x::forged\\n.yaml"
        );
        assert_eq!(
            shown_name("esc\u{1b}[31mred.yaml"),
            "esc\\u{1b}[31mred.yaml"
        );
        assert_eq!(shown_name("rtl\u{202e}lmay.exe"), "rtl\\u{202e}lmay.exe");
        assert_eq!(shown_name("西安 2021.yaml"), "西安 2021.yaml");
    }
}
