//! Where rules come from, for every command that loads them: `--rules`,
//! else pilotlint.toml's `rules`, else `./rules`, else the built-in packs.
//! `rules`, `explain` and `test` load rules exactly as `check` does, so a
//! rule an author lists, explains or tests is the rule `check` runs.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use pilotlint::builtin;
use pilotlint::diagnostic::{self, Diag};
use pilotlint::rules::{RuleSet, RuleSource};
use pilotlint::suggest::did_you_mean;

use super::check::select;
use super::config::{self, Config, ConfigArgs};
use super::inputs::walk;
use super::resolve::{GivenData, load_rule_files};
use super::sink::{Errors, io_error};
use super::tree::Trees;

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

/// Applies the configuration's `disable`, `[severity]` and
/// `inline_ignores` to `rules`, then the selection of `flags` and the
/// configuration's `select` and `ignore`; `false` when they name rules that
/// are not loaded, or leave none to run (reported).
pub(crate) fn configure(
    rules: &mut RuleSet,
    config: Option<&Config>,
    flags: select::Flags<'_>,
    errors: &mut Errors,
) -> bool {
    if let Some(config) = config
        && let Err(problems) = config.apply(rules)
    {
        for p in &problems {
            errors.report(&p.diagnostic(&config.name, &config.text));
        }
        return false;
    }
    match select::apply(rules, flags, config) {
        Ok(()) => true,
        Err(problems) => {
            if let Some(config) = config {
                for p in &problems.config {
                    errors.report(&p.diagnostic(&config.name, &config.text));
                }
            }
            for d in &problems.flags {
                errors.report(d);
            }
            false
        }
    }
}

/// Reads every rule file named by `--rules` (or found under `./rules`), and
/// the embedded packs named `builtin:NAME`. Without `--rules` and without a
/// `./rules` directory, the embedded packs are the rules (those of rules
/// across reports only with `sets`: the run reads a set), so `pilotlint
/// check report.yaml` works anywhere. `None` when one could not be read or
/// none was found; the reasons are reported.
pub(crate) fn read_rules(
    rules: &[PathBuf],
    sets: bool,
    errors: &mut Errors,
) -> Option<Vec<RuleSource>> {
    let default = rules.is_empty();
    if default && std::fs::metadata("rules").is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        return Some(builtin::all(sets));
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
        if let Some(text) = read_text(&path, "rule file", errors) {
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
        Err(e) => errors.report(&io_error("rule path", &root.display().to_string(), &e)),
    }
    files
}

/// Reads and checks the rules named by `paths` (or the default rules), with
/// the schemas and data files they declare (inside `root`, `--rule-root`,
/// when there is one), and
/// reports every rule error on stderr, followed by a count and
/// `consequence` (", the tests in `x` were not run"); `None` when any was
/// reported.
pub(crate) fn load_rules(
    paths: &[PathBuf],
    (root, data): (Option<&Path>, &[GivenData]),
    errors: &mut Errors,
    consequence: &str,
) -> Option<RuleSet> {
    let sources = read_rules(paths, true, errors)?;
    match load_rule_files(sources, root, data, &Trees::default()) {
        Ok(rules) => Some(rules),
        Err(e) => {
            for d in diagnostic::rule_errors(&e) {
                errors.report(&d);
            }
            let _ = writeln!(io::stderr(), "{e}{consequence}\n");
            None
        }
    }
}

/// The rules as `check` would run them under the configuration `args`
/// name (its `rules`, `disable` and `[severity]`), with the configuration;
/// `None` when either cannot be used (reported).
pub(crate) fn load_configured(
    paths: &[PathBuf],
    args: &ConfigArgs,
    errors: &mut Errors,
) -> Option<(RuleSet, Option<Config>)> {
    let config = load_config(args, errors)?;
    let root = args.rule_root.as_deref();
    let data = config.as_ref().map(Config::data_files).unwrap_or_default();
    let paths = rule_paths(paths, config.as_ref());
    let mut rules = load_rules(&paths, (root, &data), errors, "")?;
    configure(
        &mut rules,
        config.as_ref(),
        select::Flags::default(),
        errors,
    )
    .then_some((rules, config))
}

/// The severity a rule's own `severity` clause gives it (error without
/// one), which the configuration may have overridden.
pub(crate) fn written_severity(
    info: &pilotlint::rules::RuleInfo,
) -> pilotlint::syntax::ast::Severity {
    info.rule
        .clauses
        .iter()
        .find_map(|c| match &c.node {
            pilotlint::syntax::ast::ClauseKind::Severity(s) => Some(s.node),
            _ => None,
        })
        .unwrap_or(pilotlint::syntax::ast::Severity::Error)
}

/// The text of file `path`, or `None` after reporting why there is none
/// (`what` names the file in the message: "test file", "rule file").
pub(crate) fn read_text(path: &Path, what: &str, errors: &mut Errors) -> Option<String> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => utf8(bytes, what, &name, errors),
        Err(e) => {
            errors.report(&io_error(what, &name, &e));
            None
        }
    }
}

/// `bytes` as text, or `None` after reporting that file `name` is not UTF-8.
pub(crate) fn utf8(bytes: Vec<u8>, what: &str, name: &str, errors: &mut Errors) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(_) => {
            errors.report(&diagnostic::Diag::error(format!(
                "{what} `{name}` is not valid UTF-8"
            )));
            None
        }
    }
}

/// The data files a run reads instead of those the rule files name: the
/// configuration's `[data]`, then `--data NAME=FILE`, which replaces an
/// entry of the same name.
pub(crate) fn data_files(config: Option<&Config>, flags: &[(String, PathBuf)]) -> Vec<GivenData> {
    let mut data = config.map(Config::data_files).unwrap_or_default();
    for (name, path) in flags {
        data.retain(|g| &g.name != name);
        data.push(GivenData {
            name: name.clone(),
            path: path.clone(),
            by_flag: true,
        });
    }
    data
}

/// The error for the first `--data NAME=FILE` whose NAME no loaded rule
/// file declares (it would be read by nothing), if there is one.
pub(crate) fn undeclared_data(
    flags: &[(String, PathBuf)],
    rules: &RuleSet,
) -> Option<Diag<'static>> {
    let declared: Vec<&str> = rules.data.iter().map(|d| d.name.as_str()).collect();
    let (name, _) = flags
        .iter()
        .find(|(n, _)| !declared.contains(&n.as_str()))?;
    let help = match did_you_mean(name, declared.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if declared.is_empty() => "the loaded rule files declare no data".to_string(),
        None => format!(
            "the loaded rule files declare {}",
            declared
                .iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(Diag::error(format!("`--data`: no rule file declares data `{name}`")).with_help(help))
}
