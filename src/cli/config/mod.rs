//! `pilotlint.toml`: a repository's settings for `check` (and for `rules`
//! and `explain`), so `pilotlint check` with no arguments does what the
//! repository needs.
//!
//! The file is found from the working directory upwards (the first one
//! wins), named with `--config FILE`, or ignored with `--no-config`. It is
//! parsed with spans on every key and value, so each problem (a TOML error,
//! an unknown key, a value of the wrong type, an unknown rule id, a bad
//! glob) is a diagnostic pointing into the file, and all of them are shown
//! at once. Paths and globs in it are relative to its directory, whatever
//! the working directory. docs/config.md documents every key.

use std::path::{Component, Path, PathBuf};

use globset::GlobSet;

use crate::cli::args::FailOn;
use crate::cli::resolve::GivenData;
use pilotlint::builtin;
use pilotlint::diagnostic::Diag;
use pilotlint::rules::{InlineIgnores, RuleSet};
use pilotlint::span::Span;
use pilotlint::suggest::did_you_mean;
use pilotlint::syntax::ast::Severity;

mod parse;

pub use parse::parse;

/// The name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "pilotlint.toml";

/// The keys of the file, for "did you mean" and the list in messages.
const KEYS: [&str; 11] = [
    "rules",
    "include",
    "exclude",
    "fail_on",
    "inline_ignores",
    "select",
    "ignore",
    "disable",
    "severity",
    "baseline",
    "data",
];

/// A value with the span it was written at in the file.
#[derive(Clone, Debug)]
pub struct Setting<T> {
    pub value: T,
    pub span: Span,
}

/// A loaded, valid configuration file.
#[derive(Debug)]
pub struct Config {
    /// The file as shown in messages (`pilotlint.toml`, `../pilotlint.toml`).
    pub name: String,
    pub text: String,
    /// Its directory as a path from the working directory (empty for the
    /// working directory itself); rule paths are joined to it.
    pub dir: PathBuf,
    /// `rules = [...]`: rule files, directories and `builtin:` packs, as
    /// written (resolved by [`Config::rule_paths`]).
    pub rules: Option<Vec<Setting<String>>>,
    pub include: Option<Filter>,
    pub exclude: Option<Filter>,
    pub fail_on: Option<FailOn>,
    pub inline_ignores: Option<bool>,
    /// `select = [...]`: rule ids, tags and packs to run (see
    /// `check/select.rs`); `None` without the key (every rule).
    pub select: Option<Vec<Setting<String>>>,
    /// `ignore = [...]`: rule ids, tags and packs not to run.
    pub ignore: Vec<Setting<String>>,
    pub disable: Vec<Setting<String>>,
    /// `[severity]`: rule id and the severity it is given.
    pub severity: Vec<(Setting<String>, Severity)>,
    /// `baseline = "FILE"`: the findings to hide, as written (relative to
    /// the file's directory: [`Config::baseline_path`]).
    pub baseline: Option<Setting<String>>,
    /// `[data]`: a data name the rule files declare (`data areas "..."`)
    /// and the file read for it instead, as written (relative to the
    /// file's directory: [`Config::data_files`]). A ministry gives the
    /// built-in national pack its own registry of pilot areas this way.
    pub data: Vec<(Setting<String>, Setting<String>)>,
}

/// Compiled `include` or `exclude` globs.
#[derive(Debug)]
pub struct Filter {
    set: GlobSet,
}

/// One problem in the configuration file.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

/// How `check`, `rules` and `explain` find their configuration.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ConfigArgs {
    /// Read settings from FILE [default: the first `pilotlint.toml` in the
    /// working directory or one of its parents]
    ///
    /// Command-line options override the file's settings. docs/config.md
    /// describes the file.
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    pub config: Option<PathBuf>,

    /// Read no configuration file, not even a `pilotlint.toml` found above
    /// the working directory
    #[arg(long, conflicts_with = "config", verbatim_doc_comment)]
    pub no_config: bool,

    /// Confine the files rule files name (`schema`, `data`) to DIR
    ///
    /// Without it, a rule file reads the schema and data files it names,
    /// relative to itself, wherever they are: rule files are trusted like
    /// the configuration. With it, such a file must be inside DIR once `..`
    /// and symbolic links are resolved, else it is a rule error: a sandbox
    /// for rules from elsewhere that nobody reviewed. `--rules
    /// /opt/packs/stp/rules --rule-root /opt/packs/stp` lets those rules
    /// read `/opt/packs/stp/schema.json` and nothing outside
    /// `/opt/packs/stp`.
    #[arg(long, value_name = "DIR", verbatim_doc_comment)]
    pub rule_root: Option<PathBuf>,
}

/// Why no configuration could be used: the diagnostics to show.
pub enum LoadFailure {
    /// The file named by `--config` (or found) could not be read.
    Unreadable(Box<Diag<'static>>),
    /// The file was read; these are its problems (the file is in `Config`
    /// for the diagnostics to point into).
    Invalid(String, String, Vec<ConfigError>),
}

impl LoadFailure {
    /// The diagnostics, pointing into the file where there is one.
    pub fn diagnostics(&self) -> Vec<Diag<'_>> {
        match self {
            LoadFailure::Unreadable(d) => vec![(**d).clone()],
            LoadFailure::Invalid(name, text, errors) => {
                errors.iter().map(|e| e.diagnostic(name, text)).collect()
            }
        }
    }
}

impl ConfigError {
    pub(crate) fn new(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            span,
            label: label.into(),
            help: None,
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic for this error in the file `name` whose text is `text`.
    pub fn diagnostic<'a>(&self, name: &'a str, text: &'a str) -> Diag<'a> {
        let mut d = Diag::error(self.message.clone())
            .in_source(name, text)
            .label(self.span, Some(self.label.clone()), true);
        d.help = self.help.clone();
        d.code = Some("config".to_string());
        d
    }
}

/// The configuration `args` ask for: `None` with `--no-config` or when no
/// file is found.
pub fn load(args: &ConfigArgs) -> Result<Option<Config>, LoadFailure> {
    if args.no_config {
        return Ok(None);
    }
    let path = match &args.config {
        Some(path) => path.clone(),
        None => match find(Path::new(".")) {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let name = path.display().to_string();
    let text = std::fs::read(&path)
        .map_err(|e| {
            LoadFailure::Unreadable(Box::new(crate::cli::sink::io_error(
                "configuration file",
                &name,
                &e,
            )))
        })
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                LoadFailure::Unreadable(Box::new(Diag::error(format!(
                    "configuration file `{name}` is not valid UTF-8"
                ))))
            })
        })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(name.clone(), text.clone(), dir)
        .map(Some)
        .map_err(|errors| LoadFailure::Invalid(name, text, errors))
}

/// The first `pilotlint.toml` in `start` or one of its parents, as a path
/// relative to `start` (`pilotlint.toml`, `../pilotlint.toml`), so messages
/// and rule paths read as the user would type them.
pub(crate) fn find(start: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(start).ok()?;
    let mut up = PathBuf::new();
    for dir in absolute.ancestors() {
        if dir.join(FILE_NAME).is_file() {
            return Some(up.join(FILE_NAME));
        }
        up.push("..");
    }
    None
}

impl Config {
    /// The rule paths of `rules = [...]`, joined to the file's directory
    /// (built-in packs as written); `None` when the file has no `rules`.
    pub fn rule_paths(&self) -> Option<Vec<PathBuf>> {
        self.rules
            .as_ref()
            .map(|rules| rules.iter().map(|r| resolve(&self.dir, &r.value)).collect())
    }

    /// The path of `baseline`, joined to the file's directory.
    pub fn baseline_path(&self) -> Option<PathBuf> {
        self.baseline.as_ref().map(|b| self.dir.join(&b.value))
    }

    /// `[data]`: each data name and the file read for it, relative to the
    /// working directory.
    pub fn data_files(&self) -> Vec<GivenData> {
        self.data
            .iter()
            .map(|(name, path)| GivenData {
                name: name.value.clone(),
                path: self.dir.join(&path.value),
                by_flag: false,
            })
            .collect()
    }

    /// Whether the report at `path` (as named on the command line or found
    /// by the walk, relative to the working directory) is one this
    /// configuration checks: not under a hidden file or directory, matched
    /// by `include` (every file, without one), and not matched by `exclude`.
    /// Patterns match the path relative to `base`: the file's directory,
    /// or for a gate, whose configuration lives outside the submission, the
    /// directory it checks. A report outside `base` matches no pattern.
    pub fn selects_in(&self, base: &Path, path: &Path) -> bool {
        self.selects(base, path, true)
    }

    /// [`Config::selects_in`] for a gate: a hidden file or one in a hidden
    /// directory is selected like any other (`include` and `exclude` still
    /// apply), or a submitter would hide a report from the gate by its
    /// name.
    pub fn gate_selects(&self, base: &Path, path: &Path) -> bool {
        self.selects(base, path, false)
    }

    /// Whether the gate's `exclude` matches `path` (relative to `base`, the
    /// directory checked): a path that is not a report file, such as a
    /// symbolic link to a directory, left out on purpose.
    pub fn gate_excludes(&self, base: &Path, path: &Path) -> bool {
        match (&self.exclude, relative_to(base, path)) {
            (Some(f), Some(rel)) => f.set.is_match(rel),
            _ => false,
        }
    }

    fn selects(&self, base: &Path, path: &Path, skip_hidden: bool) -> bool {
        let rel = relative_to(base, path);
        let hidden = skip_hidden
            && rel.as_ref().is_some_and(|rel| {
                rel.components().any(|c| match c {
                    Component::Normal(n) => n.to_string_lossy().starts_with('.'),
                    _ => false,
                })
            });
        let matches = |f: &Option<Filter>| match (f, &rel) {
            (Some(f), Some(rel)) => Some(f.set.is_match(rel)),
            (Some(_), None) => Some(false),
            (None, _) => None,
        };
        !hidden && matches(&self.include) != Some(false) && matches(&self.exclude) != Some(true)
    }

    /// Applies `disable` and `[severity]` to `rules`, after checking that
    /// every id names a loaded rule; `inline_ignores = false` refuses inline
    /// suppressions. Nothing is applied when an id is unknown.
    pub fn apply(&self, rules: &mut RuleSet) -> Result<(), Vec<ConfigError>> {
        let ids: Vec<String> = rules.rules.iter().map(|r| r.id().to_string()).collect();
        let unknown = |id: &Setting<String>| -> Option<ConfigError> {
            if ids.contains(&id.value) {
                return None;
            }
            let e = ConfigError::new(
                id.span,
                format!("unknown rule `{}`", id.value),
                "not a loaded rule",
            );
            Some(
                match did_you_mean(&id.value, ids.iter().map(String::as_str)) {
                    Some(near) => e.help(format!("did you mean `{near}`?")),
                    None => e.help("`pilotlint rules` lists the loaded rules"),
                },
            )
        };
        let mut errors: Vec<ConfigError> = self
            .disable
            .iter()
            .chain(self.severity.iter().map(|(id, _)| id))
            .filter_map(unknown)
            .collect();
        // A `[data]` name no rule file declares would be read by nothing.
        let declared: Vec<&str> = rules.data.iter().map(|d| d.name.as_str()).collect();
        for (name, _) in &self.data {
            if declared.contains(&name.value.as_str()) {
                continue;
            }
            let e = ConfigError::new(
                name.span,
                format!("no rule file declares data `{}`", name.value),
                "not a data name of the loaded rules",
            );
            errors.push(match did_you_mean(&name.value, declared.iter().copied()) {
                Some(near) => e.help(format!("did you mean `{near}`?")),
                None => e.help(
                    "a name here replaces the file of a `data NAME \"PATH\"` declaration of a loaded \
                     rule file",
                ),
            });
        }
        for (id, _) in &self.severity {
            if let Some(d) = self.disable.iter().find(|d| d.value == id.value) {
                errors.push(
                    ConfigError::new(
                        id.span,
                        format!("`{}` is disabled, so it has no severity", id.value),
                        "a severity for a disabled rule",
                    )
                    .help(format!(
                        "remove `{}` from `disable` (line {}) or from `[severity]`",
                        id.value,
                        1 + self.text[..d.span.start].matches('\n').count()
                    )),
                );
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| (e.span.start, e.span.end));
            return Err(errors);
        }
        for (id, sev) in &self.severity {
            rules.set_severity(&id.value, *sev);
        }
        rules.disable(|id| self.disable.iter().any(|d| d.value == id));
        if self.inline_ignores == Some(false) {
            rules.inline_ignores = InlineIgnores::Refused;
        }
        Ok(())
    }
}

fn resolve(dir: &Path, path: &str) -> PathBuf {
    if builtin::pack_name(path).is_some() {
        PathBuf::from(path)
    } else {
        dir.join(path)
    }
}

/// `path` relative to `dir`, both relative to the working directory (or
/// absolute); `None` when `path` is outside `dir`. Lexical, so `..` and `.`
/// are resolved the way the user wrote them.
fn relative_to(dir: &Path, path: &Path) -> Option<PathBuf> {
    // `absolute` refuses an empty path, which means the working directory.
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let dir = crate::cli::resolve::normalize(&std::path::absolute(dir).ok()?);
    let path = crate::cli::resolve::normalize(&std::path::absolute(path).ok()?);
    path.strip_prefix(&dir).ok().map(Path::to_path_buf)
}

/// Removes `.` and resolves `..` lexically in an absolute path.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;
