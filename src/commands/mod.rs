//! The rule authors' subcommands: `rules` lists the loaded rules, `explain`
//! shows one, `test` runs rule tests, and `fmt` lays rule files out in the
//! canonical layout. The first three load rules exactly as `check` does
//! (the same `--rules` paths, built-in packs and default), through
//! [`crate::cli::read_rules`], so a rule an author lists, explains or tests
//! is the rule `check` runs; `fmt` only parses the files it is given.

pub mod explain;
pub mod fmt;
pub mod rules;
pub mod test;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::{
    ColorChoice, Errors, configure, load_config, load_rule_files, read_rules, rule_paths,
};
use crate::config::{Config, ConfigArgs};
use crate::diagnostic;
use crate::rules::RuleSet;

/// The exit statuses of the authors' commands, as `check` uses them.
pub(crate) const OK: u8 = 0;
pub(crate) const FAILED_TESTS: u8 = 1;
pub(crate) const FAILED: u8 = 2;

/// Stderr diagnostics, coloured as `--color auto` colours them.
pub(crate) fn errors() -> Errors {
    Errors {
        color: ColorChoice::Auto.enabled(io::stderr().is_terminal()),
        failed: false,
        record: None,
    }
}

/// Reads and checks the rules named by `paths` (or the default rules), with
/// the schemas they declare read from inside `root` (the rule root), and
/// reports every rule error on stderr, followed by a count and
/// `consequence` (", the tests in `x` were not run"); `None` when any was
/// reported.
pub(crate) fn load_rules(
    paths: &[PathBuf],
    root: &Path,
    errors: &mut Errors,
    consequence: &str,
) -> Option<RuleSet> {
    let sources = read_rules(paths, errors)?;
    match load_rule_files(sources, root) {
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
    let root = args.rule_root(config.as_ref());
    let mut rules = load_rules(&rule_paths(paths, config.as_ref()), root, errors, "")?;
    configure(&mut rules, config.as_ref(), errors).then_some((rules, config))
}

/// The severity a rule's own `severity` clause gives it (error without
/// one), which the configuration may have overridden.
pub(crate) fn written_severity(info: &crate::rules::RuleInfo) -> crate::syntax::ast::Severity {
    info.rule
        .clauses
        .iter()
        .find_map(|c| match &c.node {
            crate::syntax::ast::ClauseKind::Severity(s) => Some(s.node),
            _ => None,
        })
        .unwrap_or(crate::syntax::ast::Severity::Error)
}

/// Writes `text` to stdout; a closed pipe is not an error (the reader has
/// what it wants), any other failure is reported and makes the run fail.
pub(crate) fn write_stdout(text: &str, errors: &mut Errors) {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => errors.report(&diagnostic::Diag::error(format!(
            "cannot write the output: {}",
            diagnostic::describe_io(&e)
        ))),
        Ok(()) => {}
    }
}

/// The text of file `path`, or `None` after reporting why there is none
/// (`what` names the file in the message: "test file", "rule file").
pub(crate) fn read_text(path: &Path, what: &str, errors: &mut Errors) -> Option<String> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => utf8(bytes, what, &name, errors),
        Err(e) => {
            errors.report(&diagnostic::io_error(what, &name, &e));
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
