//! The files rule files name (`schema "PATH"`, `data NAME "PATH"`), read
//! for the library through its resolver seam: relative to the rule file
//! that names them, wherever pilotlint runs, capped in size. Rule files and
//! what they name are trusted (SECURITY.md); `--rule-root DIR` is an
//! opt-in sandbox that confines them to DIR. The built-in packs get their
//! embedded files.

use std::io;
use std::path::{Path, PathBuf};

use pilotlint::RuleErrors;
use pilotlint::builtin;
use pilotlint::resolve::{ResolveError, Resolved, Wanted};
use pilotlint::rules::{RuleSet, RuleSource};

use super::args::show_size;
use super::inputs::read_capped;
use super::sink::describe_io;
use super::tree::Trees;

/// Parses and checks rule files, reading the schemas and data files they
/// declare (inside `root`, when there is one: see [`read_named`]); a data
/// name of `data` (a configuration's `[data]`: the name and the file, from
/// the working directory) is read from its file instead, whichever rule
/// file declares it, a built-in pack included.
/// A gate's `trees` (empty outside a gate) hold no file rule files may
/// name.
pub(crate) fn load_rule_files(
    sources: Vec<RuleSource>,
    root: Option<&Path>,
    data: &[GivenData],
    trees: &Trees,
) -> Result<RuleSet, RuleErrors> {
    pilotlint::load_rules_with(sources, &mut |rule, wanted, path| {
        if let Wanted::Data(name) = wanted
            && let Some(given) = data.iter().find(|g| g.name == name)
        {
            return read_given(given);
        }
        outside(trees, rule, wanted, path)?;
        read_named(root, rule, wanted, path)
    })
}

/// The refusal of a file rule file `rule` names (`path`) inside a tree
/// a gate checks: the submitter would choose the schema or the data
/// (a registry without their area).
fn outside(
    trees: &Trees,
    rule: &RuleSource,
    wanted: Wanted<'_>,
    path: &str,
) -> Result<(), ResolveError> {
    if rule.name.starts_with(builtin::PREFIX) {
        return Ok(());
    }
    let joined = match Path::new(&rule.name).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(path),
        _ => PathBuf::from(path),
    };
    match trees.holding(&joined) {
        Some(tree) => Err(ResolveError {
            message: format!(
                "a gate does not take a {} from the tree it checks: `{}` is inside `{}`",
                wanted.noun(),
                normalize(&joined).display(),
                tree.display()
            ),
            help: Some(
                "the submitter controls that tree; keep the files the gate's rules read with \
                 its configuration, outside the submission"
                    .to_string(),
            ),
        }),
        None => Ok(()),
    }
}

/// A data file read for a data name instead of the one its rule file
/// declares: given by a configuration's `[data]` or by `--data`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GivenData {
    pub name: String,
    /// Relative to the working directory.
    pub path: PathBuf,
    /// By `--data` (else by `[data]`): for where an error sends the user.
    pub by_flag: bool,
}

/// The data file `given` names.
fn read_given(given: &GivenData) -> Result<Resolved, ResolveError> {
    let shown = normalize(&given.path).display().to_string();
    let name = &given.name;
    let text = read_text(&given.path, "data file", &shown).map_err(|mut e| {
        e.help = Some(if given.by_flag {
            format!("`--data {name}={shown}` names it, relative to the working directory")
        } else {
            format!(
                "pilotlint.toml's `[data]` reads `{shown}` for `{name}`, relative to pilotlint.toml"
            )
        });
        e
    })?;
    Ok(Resolved { name: shown, text })
}

/// The largest schema or data file read.
const MAX_SIZE: u64 = 16 << 20;

/// The file (a schema, a data file) that rule file `rule` declares as
/// `path`: relative to the rule file, so the working directory does not
/// matter. With a rule root (`--rule-root`), the file must be inside it
/// once `..` and symbolic links are resolved: a sandbox for rules one does
/// not review. A built-in pack gets its embedded file.
pub(crate) fn read_named(
    root: Option<&Path>,
    rule: &RuleSource,
    wanted: Wanted<'_>,
    path: &str,
) -> Result<Resolved, ResolveError> {
    if rule.name.starts_with(builtin::PREFIX) {
        return builtin::resolve(rule, wanted, path);
    }
    let noun = wanted.noun();
    let error = |message: String, help: Option<String>| ResolveError { message, help };
    let joined = match Path::new(&rule.name).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(path),
        // A rule file in the current directory: `../x.json`, not `./../x.json`.
        _ => PathBuf::from(path),
    };
    let shown = normalize(&joined).display().to_string();
    let target = std::fs::canonicalize(&joined).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => error(
            format!("{noun} `{path}` does not exist"),
            Some(format!("the path is relative to the rule file: `{shown}`")),
        ),
        _ => error(
            format!("cannot read {noun} `{path}`: {}", describe_io(&e)),
            None,
        ),
    })?;
    if let Some(root) = root {
        let root_abs = std::fs::canonicalize(root).map_err(|e| {
            error(
                format!(
                    "cannot resolve the rule root `{}`: {}",
                    root.display(),
                    describe_io(&e)
                ),
                None,
            )
        })?;
        if !target.starts_with(&root_abs) {
            return Err(error(
                format!("{noun} `{path}` is outside the rule root"),
                Some(format!(
                    "`--rule-root {}` confines what rule files read to that directory \
                     (once `..` and symbolic links are resolved), and `{shown}` is not \
                     inside it; name a directory that holds both the rules and the \
                     {noun}, or leave out `--rule-root`",
                    root.display()
                )),
            ));
        }
    }
    let text = read_text(&target, noun, path)?;
    Ok(Resolved { name: shown, text })
}

/// The text of the `noun` at `target` (written `path`): a file, at most
/// [`MAX_SIZE`] bytes, UTF-8.
fn read_text(target: &Path, noun: &str, path: &str) -> Result<String, ResolveError> {
    let error = |message: String| ResolveError {
        message,
        help: None,
    };
    let read = std::fs::File::open(target).and_then(|f| {
        if !f.metadata()?.is_file() {
            return Err(io::Error::other("it is not a file"));
        }
        read_capped(f, MAX_SIZE)
    });
    let bytes = read.map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => error(format!("{noun} `{path}` does not exist")),
        _ => error(format!("cannot read {noun} `{path}`: {}", describe_io(&e))),
    })?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err(error(format!(
            "{noun} `{path}` is larger than {}",
            show_size(MAX_SIZE)
        )));
    }
    String::from_utf8(bytes).map_err(|_| error(format!("{noun} `{path}` is not valid UTF-8")))
}

/// `checks/../reports/a.yaml` -> `reports/a.yaml`: the name a user would
/// type. Lexical, so after a symbolic link it may not be the file's real
/// place: for showing, and for comparing paths the user wrote; a file is
/// read by the path as joined.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            // `/..` is `/`.
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::RootDir)) => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dot_and_resolves_dot_dot_after_a_name() {
        assert_eq!(
            normalize(Path::new("checks/../reports/./a.yaml")),
            PathBuf::from("reports/a.yaml")
        );
        // A `..` with no name before it stays: it leaves the directory.
        assert_eq!(
            normalize(Path::new("../x/a.yaml")),
            PathBuf::from("../x/a.yaml")
        );
        assert_eq!(
            normalize(Path::new("a/../../b.yaml")),
            PathBuf::from("../b.yaml")
        );
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }
}
