//! The workspace a server serves: its `pilotlint.toml` and its rules,
//! loaded as `pilotlint check` run in the workspace folder would load them
//! (the configuration's `rules`, else `./rules`, else the built-in packs;
//! its `disable` and `[severity]`), with the unsaved text of open rule
//! files and of an open `pilotlint.toml` in place of what is on disk.
//! Every problem becomes a diagnostic on the file it is in; a load that
//! fails gives no rules, and the server keeps the last good ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};
use pilotlint::builtin;
use pilotlint::rules::{RuleSet, RuleSource};
use pilotlint::span::{LineIndex, Span};
use pilotlint::{RuleError, RuleErrors};

use super::super::args::ColorChoice;
use super::super::config::{self, Config, ConfigError};
use super::super::resolve::load_rule_files;
use super::super::sink::Errors;
use super::super::sources::read_rules;
use super::super::tree::Trees;
use super::position::Positions;

/// One fix a rule-file diagnostic says how to make ("did you mean").
#[derive(Clone, Debug)]
pub(super) struct Fix {
    pub span: Span,
    pub text: String,
}

/// Diagnostics of one file, with the fixes they carry.
#[derive(Clone, Debug, Default)]
pub(super) struct FileProblems {
    pub diagnostics: Vec<Diagnostic>,
    pub fixes: Vec<(Diagnostic, Fix)>,
}

/// What loading the workspace gave.
pub(super) struct Loaded {
    /// `None` when the configuration or the rules cannot be used.
    pub rules: Option<(RuleSet, Option<Config>)>,
    /// The problems of each file the load read (the configuration, each
    /// rule file), empty for a file without any, so fixed ones are cleared.
    pub problems: HashMap<PathBuf, FileProblems>,
    /// Problems with no file to show them in (a rule path that does not
    /// exist), for a message to the user.
    pub messages: Vec<String>,
}

/// The configuration file that applies to `root`: in it or in a parent,
/// as `check` finds it from its working directory.
pub(super) fn config_path(root: &Path) -> Option<PathBuf> {
    root.ancestors()
        .map(|dir| dir.join(config::FILE_NAME))
        .find(|p| p.is_file())
}

/// Loads the configuration and rules of `root`; `open` gives the unsaved
/// text of a file the editor has open.
pub(super) fn load(root: &Path, open: &dyn Fn(&Path) -> Option<String>) -> Loaded {
    let mut loaded = Loaded {
        rules: None,
        problems: HashMap::new(),
        messages: Vec::new(),
    };
    let config = match config_path(root) {
        None => None,
        Some(path) => {
            let Some(text) = open(&path).or_else(|| std::fs::read_to_string(&path).ok()) else {
                loaded
                    .messages
                    .push(format!("cannot read `{}`", path.display()));
                return loaded;
            };
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let name = path.display().to_string();
            match config::parse(name, text.clone(), dir) {
                Ok(c) => {
                    loaded.problems.insert(path, FileProblems::default());
                    Some(c)
                }
                Err(errors) => {
                    let problems = config_problems(&text, &errors);
                    loaded.problems.insert(path, problems);
                    return loaded;
                }
            }
        }
    };
    let mut errors = Errors::new(ColorChoice::Never).recording();
    let paths = match config.as_ref().and_then(Config::rule_paths) {
        Some(paths) => paths,
        None if root.join("rules").exists() => vec![root.join("rules")],
        None => Vec::new(),
    };
    // Without rules named or found, the built-in packs; those across
    // reports only where there is a set to read: a configuration with an
    // `include`, as for `check FILE` (see `set.rs`).
    let sets = config.as_ref().is_some_and(|c| c.include.is_some());
    let sources = if paths.is_empty() {
        Some(builtin::all(sets))
    } else {
        read_rules(&paths, sets, &mut errors)
    };
    loaded
        .messages
        .extend(errors.record.take().unwrap_or_default());
    let Some(mut sources) = sources else {
        return loaded;
    };
    for s in &mut sources {
        if let Some(text) = open(Path::new(&s.name)) {
            s.text = text;
        }
    }
    for s in &sources {
        if !s.name.starts_with(builtin::PREFIX) {
            loaded
                .problems
                .insert(PathBuf::from(&s.name), FileProblems::default());
        }
    }
    // Schema and data paths relative to their rule files, as `check`
    // reads them without `--rule-root`; the configuration's `[data]`.
    let data = config.as_ref().map(Config::data_files).unwrap_or_default();
    let mut rules = match load_rule_files(sources, None, &data, &Trees::default()) {
        Ok(rules) => rules,
        Err(e) => {
            rule_problems(&e, &mut loaded.problems);
            return loaded;
        }
    };
    if let Some(c) = &config
        && let Err(errors) = c.apply(&mut rules)
    {
        let path = PathBuf::from(&c.name);
        loaded
            .problems
            .insert(path, config_problems(&c.text, &errors));
        return loaded;
    }
    loaded.rules = Some((rules, config));
    loaded
}

/// The problems of a rule file that is not one of the workspace's rules,
/// loaded alone (a rule file being written before `pilotlint.toml` names
/// it), with the schemas and data files it names read beside it.
pub(super) fn lone_rule_file(path: &Path, text: &str) -> FileProblems {
    let source = RuleSource {
        name: path.display().to_string(),
        text: text.to_string(),
    };
    let mut problems = HashMap::new();
    problems.insert(path.to_path_buf(), FileProblems::default());
    if let Err(e) = load_rule_files(vec![source], None, &[], &Trees::default()) {
        rule_problems(&e, &mut problems);
    }
    problems.remove(path).unwrap_or_default()
}

/// Every error of a failed rule load, on the file it is in.
fn rule_problems(e: &RuleErrors, out: &mut HashMap<PathBuf, FileProblems>) {
    for error in &e.errors {
        let (file, span, message, help, code, related) = match error {
            RuleError::Syntax { file, error } => (
                *file,
                error.span,
                error.message(),
                error.help(),
                "rule-syntax",
                Vec::new(),
            ),
            RuleError::Check(c) => (
                c.file,
                c.span,
                c.message.clone(),
                c.help.clone(),
                "rule-check",
                c.related
                    .iter()
                    .map(|r| (r.file, r.span, r.label.clone()))
                    .collect(),
            ),
        };
        let Some(source) = e.sources.get(file) else {
            continue;
        };
        let at = Positions::new(&source.text, &e.lines[file]);
        let mut d = diagnostic(at.range(span), code, &message, help.as_deref());
        let infos: Vec<_> = related
            .iter()
            .filter_map(|(f, span, label)| {
                let other = e.sources.get(*f)?;
                let lines = &e.lines[*f];
                let uri = lsp_types::Url::from_file_path(&other.name).ok()?;
                Some(lsp_types::DiagnosticRelatedInformation {
                    location: lsp_types::Location::new(
                        uri,
                        Positions::new(&other.text, lines).range(*span),
                    ),
                    message: label.clone(),
                })
            })
            .collect();
        if !infos.is_empty() {
            d.related_information = Some(infos);
        }
        let entry = out.entry(PathBuf::from(&source.name)).or_default();
        if let Some(fix) = help.as_deref().and_then(did_you_mean) {
            entry.fixes.push((
                d.clone(),
                Fix {
                    span,
                    text: fix.to_string(),
                },
            ));
        }
        entry.diagnostics.push(d);
    }
}

fn config_problems(text: &str, errors: &[ConfigError]) -> FileProblems {
    let lines = LineIndex::new(text);
    let at = Positions::new(text, &lines);
    let mut out = FileProblems::default();
    for e in errors {
        let d = diagnostic(at.range(e.span), "config", &e.message, e.help.as_deref());
        if let Some(fix) = e.help.as_deref().and_then(did_you_mean) {
            out.fixes.push((
                d.clone(),
                Fix {
                    span: e.span,
                    text: fix.to_string(),
                },
            ));
        }
        out.diagnostics.push(d);
    }
    out
}

/// An error diagnostic with its help on a line of its own, as `check`
/// shows it under the snippet.
pub(super) fn diagnostic(
    range: lsp_types::Range,
    code: &str,
    message: &str,
    help: Option<&str>,
) -> Diagnostic {
    let message = match help {
        Some(help) => format!("{message}\nhelp: {help}"),
        None => message.to_string(),
    };
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some("pilotlint".to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// The replacement a help of the form "did you mean `X`?" proposes.
pub(super) fn did_you_mean(help: &str) -> Option<&str> {
    let rest = help.split("did you mean `").nth(1)?;
    let (word, tail) = rest.split_once('`')?;
    (tail.starts_with('?') && !word.is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_takes_the_one_word_proposed() {
        assert_eq!(did_you_mean("did you mean `count`?"), Some("count"));
        assert_eq!(
            did_you_mean("an each variable; did you mean `m.status`?"),
            Some("m.status")
        );
        assert_eq!(did_you_mean("`pilotlint rules` lists the rules"), None);
        assert_eq!(did_you_mean("did you mean ``?"), None);
    }
}
