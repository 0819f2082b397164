//! The rule packs compiled into the binary, so `pilotlint check report.yaml`
//! works anywhere, with no rule files beside it.
//!
//! The files in `rules/` are the source of truth: each pack is embedded with
//! `include_str!`, and a test (`tests/examples.rs`) checks that every file in
//! `rules/` is embedded under its file name and nothing else is. The packs'
//! tests (`rules/*.tests.yaml`) and the example reports they name are
//! embedded beside them, checked the same way, so `pilotlint test
//! builtin:NAME` tests the packs the binary carries. A pack is
//! named on the command line as `builtin:NAME`, and shown in diagnostics
//! under that name.

use crate::resolve::{ResolveError, Resolved, Wanted};
use crate::rules::RuleSource;
use crate::suggest::did_you_mean;

/// How a command-line rule argument names an embedded pack.
pub const PREFIX: &str = "builtin:";

/// Every embedded pack: its name (the file name in `rules/` without
/// `.rules`) and its text, in the order they are loaded by default.
pub const PACKS: &[(&str, &str)] = &[
    (
        "service-trade-pilot",
        include_str!("../rules/service-trade-pilot.rules"),
    ),
    (
        "demonstration-zone",
        include_str!("../rules/demonstration-zone.rules"),
    ),
    ("national", include_str!("../rules/national.rules")),
];

/// The packs of rules across reports (they read `reports`): useful only
/// where a run has a set of reports to read, so [`all`] leaves them out of
/// a run that checks only the files it names.
pub const ACROSS: &[&str] = &["national"];

/// The data files the packs declare (`data NAME "PATH"`), by the path they
/// declare it with, relative to `rules/`.
pub const DATA: &[(&str, &str)] = &[(
    "data/pilot-areas.yaml",
    include_str!("../rules/data/pilot-areas.yaml"),
)];

/// The packs' tests, `rules/*.tests.yaml`, by file name. Their `rules:`
/// name pack files (`service-trade-pilot.rules`): run embedded, those are
/// the packs of that name.
pub const TESTS: &[(&str, &str)] = &[
    (
        "service-trade-pilot.tests.yaml",
        include_str!("../rules/service-trade-pilot.tests.yaml"),
    ),
    (
        "demonstration-zone.tests.yaml",
        include_str!("../rules/demonstration-zone.tests.yaml"),
    ),
    (
        "national.tests.yaml",
        include_str!("../rules/national.tests.yaml"),
    ),
    (
        "both-packs.tests.yaml",
        include_str!("../rules/both-packs.tests.yaml"),
    ),
];

/// The report files the packs' tests name (`report_file:`), by the path
/// they name it with, relative to `rules/`.
pub const TEST_REPORTS: &[(&str, &str)] = &[
    (
        "../examples/xian-2021-h2.yaml",
        include_str!("../examples/xian-2021-h2.yaml"),
    ),
    (
        "../examples/beijing-dz-2023-plan.yaml",
        include_str!("../examples/beijing-dz-2023-plan.yaml"),
    ),
    (
        "../examples/beijing-dz-2023-draft.yaml",
        include_str!("../examples/beijing-dz-2023-draft.yaml"),
    ),
];

/// The report schema the packs declare (`schema/report.schema.json`),
/// embedded like them, so their paths are checked wherever pilotlint runs.
pub const REPORT_SCHEMA: &str = include_str!("../schema/report.schema.json");

/// How the packs declare it: relative to `rules/`, where they are written.
pub const REPORT_SCHEMA_PATH: &str = "../schema/report.schema.json";

/// The schemas the packs declare, by the path they declare them with,
/// relative to `rules/`: the report schema, and the registry's.
pub const SCHEMAS: &[(&str, &str)] = &[
    (REPORT_SCHEMA_PATH, REPORT_SCHEMA),
    (
        "data/pilot-areas.schema.json",
        include_str!("../rules/data/pilot-areas.schema.json"),
    ),
];

/// The schema a built-in pack declares: the embedded one for a path the
/// packs use, an error for any other; `None` when `rule` is not a pack.
pub fn schema(rule: &RuleSource, path: &str) -> Option<Result<Resolved, ResolveError>> {
    rule.name.strip_prefix(PREFIX)?;
    Some(match SCHEMAS.iter().find(|(p, _)| *p == path) {
        Some((p, text)) => Ok(Resolved {
            // `../schema/report.schema.json` is shown as the repository
            // path, `schema/report.schema.json`.
            name: format!("{PREFIX}{}", p.strip_prefix("../").unwrap_or(p)),
            text: text.to_string(),
        }),
        None => Err(ResolveError {
            message: format!("built-in packs have no schema `{path}`"),
            help: Some(format!(
                "the schemas embedded with them are {}",
                SCHEMAS
                    .iter()
                    .map(|(p, _)| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }),
    })
}

/// The resolver of a caller that reads no files: the built-in packs get the
/// embedded schema, any other declaration is an error.
pub fn resolve(
    rule: &RuleSource,
    wanted: Wanted<'_>,
    path: &str,
) -> Result<Resolved, ResolveError> {
    let embedded = match wanted {
        Wanted::Schema => schema(rule, path),
        Wanted::Data(_) => data(rule, path),
    };
    embedded.unwrap_or_else(|| {
        Err(ResolveError {
            message: format!("{} `{path}` was not read", wanted.noun()),
            help: Some(format!(
                "this front end reads no files; the command line reads a {} relative to \
                 the rule file",
                wanted.noun()
            )),
        })
    })
}

/// The data file a built-in pack declares as `path`; `None` when `rule` is
/// not a pack.
fn data(rule: &RuleSource, path: &str) -> Option<Result<Resolved, ResolveError>> {
    rule.name.strip_prefix(PREFIX)?;
    Some(match DATA.iter().find(|(p, _)| *p == path) {
        Some((p, text)) => Ok(Resolved {
            name: format!("{PREFIX}{p}"),
            text: text.to_string(),
        }),
        None => Err(ResolveError {
            message: format!("built-in packs have no data file `{path}`"),
            help: Some(format!(
                "the data files embedded with them are {}",
                DATA.iter()
                    .map(|(p, _)| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }),
    })
}

/// The pack called `name` (without the `builtin:` prefix).
pub fn get(name: &str) -> Option<RuleSource> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| source(n, text))
}

/// Every pack, in the order of [`PACKS`]: the rules used when the user names
/// none and there is no `./rules` directory. Without `sets` (a run that
/// checks only the files it names), the packs of rules across reports are
/// left out: every area the named files are not about would be missing.
pub fn all(sets: bool) -> Vec<RuleSource> {
    PACKS
        .iter()
        .filter(|(n, _)| sets || !ACROSS.contains(n))
        .map(|(n, text)| source(n, text))
        .collect()
}

/// The pack name in a rule argument such as `builtin:service-trade-pilot`,
/// or `None` when the argument is a path.
pub fn pack_name(arg: &str) -> Option<&str> {
    arg.strip_prefix(PREFIX)
}

/// The names of the packs, for messages such as "known packs: ...".
pub fn names() -> impl Iterator<Item = &'static str> {
    PACKS.iter().map(|(n, _)| *n)
}

/// The pack name nearest to a misspelt one, for "did you mean" help.
pub fn suggest(name: &str) -> Option<&'static str> {
    did_you_mean(name, names())
}

/// The help for `builtin:NAME` naming no pack: the nearest pack, or the
/// list of them.
pub fn unknown_pack_help(name: &str) -> String {
    match suggest(name) {
        Some(near) => format!("did you mean `{PREFIX}{near}`?"),
        None => format!(
            "the built-in packs are {}",
            names()
                .map(|n| format!("`{PREFIX}{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn source(name: &str, text: &str) -> RuleSource {
    RuleSource {
        name: format!("{PREFIX}{name}"),
        text: text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_is_found_by_name_and_shown_with_its_prefix() {
        let pack = get("demonstration-zone").expect("the pack is embedded");
        assert_eq!(pack.name, "builtin:demonstration-zone");
        assert!(pack.text.contains("rule DZ001 "));
        assert!(get("no-such-pack").is_none());
    }

    #[test]
    fn a_rule_argument_names_a_pack_only_with_the_prefix() {
        assert_eq!(
            pack_name("builtin:service-trade-pilot"),
            Some("service-trade-pilot")
        );
        assert_eq!(pack_name("rules/service-trade-pilot.rules"), None);
        assert_eq!(pack_name("service-trade-pilot"), None);
    }

    #[test]
    fn a_misspelt_pack_name_gets_a_suggestion() {
        assert_eq!(suggest("service-trade-pliot"), Some("service-trade-pilot"));
        assert_eq!(suggest("demonstration"), None);
    }

    #[test]
    fn all_packs_are_loaded_in_order() {
        let names: Vec<String> = all(true).into_iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "builtin:service-trade-pilot",
                "builtin:demonstration-zone",
                "builtin:national"
            ]
        );
    }

    #[test]
    fn a_run_without_a_set_leaves_out_the_rules_across_reports() {
        let names: Vec<String> = all(false).into_iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            ["builtin:service-trade-pilot", "builtin:demonstration-zone"]
        );
    }
}
