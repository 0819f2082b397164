//! The built-in packs' own tests, embedded in the binary with the packs
//! (`pilotlint::builtin::TESTS`): which of them `pilotlint test
//! builtin:NAME` runs (the test files whose `rules` name that pack), and,
//! when one runs, the packs its `rules` name and the example reports its
//! `report_file`s name, all embedded, so they run the same anywhere.

use std::path::PathBuf;

use pilotlint::builtin;
use pilotlint::diagnostic::Diag;
use pilotlint::span::Span;

use super::spec::{self, Problem};
use crate::cli::sink::Errors;

/// A test file to run: one on disk, or one embedded with the packs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum TestInput {
    Path(PathBuf),
    /// The file name in `rules/` and its text.
    Embedded(&'static str, &'static str),
}

impl TestInput {
    /// The name shown: the path, or `builtin:NAME.tests.yaml`.
    pub(super) fn name(&self) -> String {
        match self {
            TestInput::Path(p) => p.display().to_string(),
            TestInput::Embedded(n, _) => format!("{}{n}", builtin::PREFIX),
        }
    }
}

/// The embedded tests of pack `name` (every pack's with `None`): those
/// whose `rules` name the pack, so `builtin:service-trade-pilot` also runs
/// the tests of both packs together. An unknown pack is reported.
pub(super) fn tests_of(name: Option<&str>, errors: &mut Errors) -> Vec<TestInput> {
    let Some(name) = name else {
        return builtin::TESTS
            .iter()
            .map(|(n, t)| TestInput::Embedded(n, t))
            .collect();
    };
    if builtin::get(name).is_none() {
        errors.report(
            &Diag::error(format!(
                "unknown built-in rule pack `{}{name}`",
                builtin::PREFIX
            ))
            .with_help(builtin::unknown_pack_help(name)),
        );
        return Vec::new();
    }
    builtin::TESTS
        .iter()
        .filter(|(_, text)| {
            spec::parse(text).is_ok_and(|file| {
                file.rules
                    .iter()
                    .flatten()
                    .any(|(r, _)| pack_of(r) == Some(name))
            })
        })
        .map(|(n, t)| TestInput::Embedded(n, t))
        .collect()
}

/// The pack a test file's `rules` entry names: `national.rules` or
/// `builtin:national` -> `national`.
fn pack_of(rule: &str) -> Option<&str> {
    builtin::pack_name(rule).or_else(|| rule.strip_suffix(".rules"))
}

/// The rules an embedded test file names, as `builtin:NAME` arguments.
pub(super) fn rule_paths(named: &[(String, Span)]) -> Result<Vec<PathBuf>, Problem> {
    named
        .iter()
        .map(|(rule, span)| match pack_of(rule) {
            Some(pack) if builtin::get(pack).is_some() => {
                Ok(PathBuf::from(format!("{}{pack}", builtin::PREFIX)))
            }
            _ => Err(Problem::new(
                *span,
                format!("`{rule}` is not a built-in pack"),
                "not embedded",
            )),
        })
        .collect()
}

/// The embedded report an embedded test names as `rel`, with the name it
/// is shown under (`builtin:examples/xian-2021-h2.yaml`).
pub(super) fn report(rel: &str) -> Option<(String, &'static str)> {
    builtin::TEST_REPORTS
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(p, text)| {
            let shown = crate::cli::resolve::normalize(&std::path::Path::new("rules").join(p));
            (format!("{}{}", builtin::PREFIX, shown.display()), *text)
        })
}
