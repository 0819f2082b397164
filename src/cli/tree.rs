//! The tree a gate checks, and whether a file is inside it: a gate takes
//! nothing that decides its verdict from there (rule files, the schemas and
//! data files they read, a baseline, a configuration's `[data]`), since the
//! submitter controls that tree. Inside is either as written (a link in the
//! tree leads wherever the submitter wants) or once links are resolved (a
//! link beside the gate's settings leads into the tree).

use std::path::{Path, PathBuf};

use super::resolve::normalize;

/// The directories a gate checks; none outside a gate.
#[derive(Default)]
pub(crate) struct Trees {
    /// Each as named, with its absolute path as written and once links
    /// are resolved.
    dirs: Vec<(PathBuf, Option<PathBuf>, Option<PathBuf>)>,
}

impl Trees {
    /// The tree of a run that checks `paths`: the directories named, and
    /// the working directory when files are named, or nothing.
    pub(crate) fn of(paths: &[PathBuf]) -> Trees {
        let mut named: Vec<&Path> = paths
            .iter()
            .filter(|p| p.as_os_str() != "-" && p.is_dir())
            .map(PathBuf::as_path)
            .collect();
        if paths.is_empty() || paths.iter().any(|p| p.as_os_str() != "-" && !p.is_dir()) {
            named.push(Path::new("."));
        }
        Trees {
            dirs: named
                .into_iter()
                .map(|d| (d.to_path_buf(), absolute(d), std::fs::canonicalize(d).ok()))
                .collect(),
        }
    }

    /// The tree (as named) that holds `path`, as written or once links are
    /// resolved.
    pub(crate) fn holding(&self, path: &Path) -> Option<&Path> {
        let written = absolute(path);
        let resolved = std::fs::canonicalize(path).ok();
        self.dirs
            .iter()
            .find(|(_, abs, real)| {
                let by_name = abs
                    .as_ref()
                    .zip(written.as_ref())
                    .is_some_and(|(t, p)| p.starts_with(t));
                let by_target = real
                    .as_ref()
                    .zip(resolved.as_ref())
                    .is_some_and(|(t, p)| p.starts_with(t));
                by_name || by_target
            })
            .map(|(d, _, _)| d.as_path())
    }
}

fn absolute(p: &Path) -> Option<PathBuf> {
    std::path::absolute(p).ok().map(|p| normalize(&p))
}
