//! Walking a directory for the files of a run: reports (`*.yaml` and
//! `*.yml` in any case), rule and test files. Hidden files and directories
//! are skipped (a gate's walk excepted), and what `.gitignore` and
//! `.ignore` files leave out where the walk reads them, as ripgrep and Ruff
//! do; symbolic links to directories are never followed.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Kind, shown};
use crate::cli::sink::{Errors, io_error};

/// What a walk of a directory leaves out.
#[derive(Clone, Copy)]
pub(crate) struct Walk {
    /// What `.gitignore` and `.ignore` files leave out.
    pub ignore_files: bool,
    /// A gate's walk: hidden files and directories are walked too, `.git`
    /// directories included (git tracks no path in one, but an upload or
    /// an archive can hold `reports/.git/hefei.yaml`, and a `.git` that is
    /// git's own holds no YAML file), and symbolic links to directories,
    /// and to nothing, are given, not passed over.
    pub gate: bool,
}

/// The report files under `dir`, sorted, with what each is; hidden files
/// and directories skipped unless `walk` says, and what ignore files leave
/// out if it says. Symbolic links to directories are not followed, so a
/// link cycle cannot make the walk endless; a gate's walk gives each (of
/// any name) as a [`Kind::LinkedDirectory`]. A YAML file the
/// walk passes over for a reason the user may not expect (a symbolic link
/// to nothing) is named on stderr.
pub(super) fn walk_reports(dir: &Path, walk: Walk, errors: &mut Errors) -> Vec<(PathBuf, Kind)> {
    let mut out = Vec::new();
    for entry in walker(dir, walk).build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                report_walk_error(dir, &e, errors);
                continue;
            }
        };
        let path = tidy(entry.path());
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if walk.gate
            && entry.depth() > 0
            && file_type.is_symlink()
            && std::fs::metadata(&path).is_ok_and(|m| m.is_dir())
        {
            out.push((path, Kind::LinkedDirectory));
            continue;
        }
        if file_type.is_dir() || !is_yaml(&path) {
            continue;
        }
        let kind = if file_type.is_file() {
            Kind::File
        } else if file_type.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => continue,
                Ok(_) => Kind::Named,
                // A gate cannot look clean with a report it did not read:
                // the link is refused (`job`), and says so.
                Err(_) if walk.gate => Kind::Named,
                Err(_) => {
                    let _ = writeln!(
                        io::stderr(),
                        "note: `{}` is not checked: it is a symbolic link to nothing",
                        shown(&path)
                    );
                    continue;
                }
            }
        } else {
            Kind::Special
        };
        out.push((path, kind));
    }
    out
}

/// The directories a walk of `dir` for reports goes through, `dir` first:
/// hidden ones, and with `ignore_files` what ignore files leave out, are
/// not among them (`--watch` watches each). A directory it cannot read is
/// left out: the run itself says why.
pub(crate) fn walk_dirs(dir: &Path, ignore_files: bool) -> Vec<PathBuf> {
    let walk = Walk {
        ignore_files,
        gate: false,
    };
    walker(dir, walk)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_dir()))
        .map(|e| e.into_path())
        .collect()
}

/// The files under `dir` whose extension is one of `exts` (any case), in
/// sorted order, as the report walk finds them: for rule and test files.
pub(crate) fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>, errors: &mut Errors) {
    let walk = Walk {
        ignore_files: true,
        gate: false,
    };
    for entry in walker(dir, walk).build() {
        match entry {
            Ok(entry) => {
                let path = tidy(entry.path());
                let is_file = entry.file_type().is_some_and(|t| t.is_file())
                    || std::fs::metadata(&path).is_ok_and(|m| m.is_file());
                if entry.depth() > 0 && is_file && has_extension(&path, exts) {
                    out.push(path);
                }
            }
            Err(e) => report_walk_error(dir, &e, errors),
        }
    }
}

fn walker(dir: &Path, Walk { ignore_files, gate }: Walk) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .hidden(!gate)
        .ignore(ignore_files)
        .git_ignore(ignore_files)
        .git_exclude(ignore_files)
        .parents(ignore_files)
        // A `.gitignore` counts where there is no `.git` too (an unpacked
        // repository), and a user's global one never does.
        .require_git(false)
        .git_global(false)
        .follow_links(false)
        .sort_by_file_name(Ord::cmp);
    builder
}

fn report_walk_error(dir: &Path, e: &ignore::Error, errors: &mut Errors) {
    let what = match e.io_error() {
        Some(io) => io_error("directory", &shown(dir), io),
        None => pilotlint::diagnostic::Diag::error(format!(
            "cannot walk directory `{}`: {e}",
            shown(dir)
        )),
    };
    errors.fail(Some(&shown(dir)), &what);
}

/// `./a.yaml` reads worse than `a.yaml` and means the same.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

fn is_yaml(path: &Path) -> bool {
    has_extension(path, &["yaml", "yml"])
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_extensions_in_any_case() {
        assert!(is_yaml(Path::new("a.YAML")));
        assert!(is_yaml(Path::new("a.Yml")));
        assert!(!is_yaml(Path::new("a.yaml.bak")));
    }
}
