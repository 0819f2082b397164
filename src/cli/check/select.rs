//! Which of the loaded rules run: `--select` and `--ignore` on the command
//! line, `select` and `ignore` in pilotlint.toml, as Ruff resolves them.
//!
//! A selector names rules by id (`STP005`), by tag (`schedule`), by pack
//! (`builtin:national`, a rule file's path as loaded, its file name or its
//! name without `.rules`), or all of them (`ALL`); case does not matter.
//! The command line's `--select` replaces the file's `select` and `ignore`
//! (the highest `select` starts the resolution, as in Ruff); without it,
//! the file's selection stands and `--ignore` takes rules out of it. Within
//! one of them, the more specific selector wins (an id over a tag or a
//! pack, those over `ALL`), and `ignore` wins a tie. A rule not selected
//! is as if disabled: not run, not in SARIF's rules nor among JUnit's test
//! cases, and a suppression naming it is not unused. The file's `disable`
//! is stronger than any selection: a disabled rule stays disabled.
//!
//! Every selector must name something loaded (with "did you mean"), and a
//! selection that leaves no rule to run is an error: a gate that checked
//! nothing must not pass. The one exception is the configuration's naming
//! the built-in rules across reports in a run that does not load them
//! (`check report.yaml`): the same file serves the runs that do.

use pilotlint::builtin;
use pilotlint::diagnostic::Diag;
use pilotlint::rules::{RuleInfo, RuleSet};
use pilotlint::suggest::did_you_mean;

use crate::cli::config::{Config, ConfigError, Setting};

/// The command line's selectors (`--select`, `--ignore`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Flags<'a> {
    pub select: &'a [String],
    pub ignore: &'a [String],
}

/// Why the selection cannot be used: diagnostics about the flags, and
/// errors pointing into the configuration file.
#[derive(Default)]
pub(crate) struct Problems {
    pub flags: Vec<Diag<'static>>,
    pub config: Vec<ConfigError>,
}

/// How specific a selector is: the more specific decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Specificity {
    All,
    Group,
    Id,
}

/// One selector as written and where: a flag, or a place in the file.
struct Selector<'a> {
    text: &'a str,
    from: From<'a>,
    /// In a `select` list, not an `ignore` one.
    select: bool,
}

enum From<'a> {
    Flag(&'static str),
    Config(&'a Setting<String>),
}

/// Applies the selection of `flags` and `config` to `rules`: the rules not
/// selected move to [`RuleSet::disabled`]. Nothing is applied when there
/// is a problem.
pub(crate) fn apply<'a>(
    rules: &mut RuleSet,
    flags: Flags<'a>,
    config: Option<&'a Config>,
) -> Result<(), Problems> {
    let from_flags = |texts: &'a [String], flag: &'static str| -> Vec<Selector<'a>> {
        texts
            .iter()
            .map(|t| Selector {
                text: t,
                from: From::Flag(flag),
                select: flag == "--select",
            })
            .collect()
    };
    let from_file = |list: &'a [Setting<String>], select: bool| -> Vec<Selector<'a>> {
        list.iter()
            .map(|s| Selector {
                text: &s.value,
                from: From::Config(s),
                select,
            })
            .collect()
    };
    let cli_select = from_flags(flags.select, "--select");
    let cli_ignore = from_flags(flags.ignore, "--ignore");
    let file_select = config
        .and_then(|c| c.select.as_deref())
        .map(|list| from_file(list, true));
    let file_ignore = config
        .map(|c| from_file(&c.ignore, false))
        .unwrap_or_default();
    if cli_select.is_empty()
        && cli_ignore.is_empty()
        && file_select.is_none()
        && file_ignore.is_empty()
    {
        return Ok(());
    }

    let mut problems = Problems::default();
    let config_name = config.map_or("pilotlint.toml", |c| c.name.as_str());
    let all_selectors = cli_select
        .iter()
        .chain(&cli_ignore)
        .chain(file_select.iter().flatten())
        .chain(&file_ignore);
    for s in all_selectors {
        check_known(rules, s, config_name, &mut problems);
    }
    if !problems.flags.is_empty() || !problems.config.is_empty() {
        return Err(problems);
    }

    let selected = |info: &RuleInfo| -> bool {
        if !cli_select.is_empty() {
            return decide(rules, info, &cli_select, &cli_ignore);
        }
        let base = match &file_select {
            Some(select) => decide(rules, info, select, &file_ignore),
            None => best(rules, info, &file_ignore).is_none(),
        };
        base && best(rules, info, &cli_ignore).is_none()
    };
    let keep: Vec<String> = rules
        .rules
        .iter()
        .filter(|r| selected(r))
        .map(|r| r.id().to_string())
        .collect();
    if keep.is_empty() && !rules.rules.is_empty() {
        let mut d = Diag::error("the selection leaves no rule to run").with_help(
            "`--select`, `--ignore` and the `select` and `ignore` of the configuration \
             name the rules to run; `pilotlint rules` lists the loaded rules",
        );
        d.code = Some("select".to_string());
        problems.flags.push(d);
        return Err(problems);
    }
    rules.disable(|id| !keep.iter().any(|k| k == id));
    Ok(())
}

/// Whether `info` is selected by one layer's `select` and `ignore`: the
/// most specific selector that names it decides, `ignore` on a tie.
fn decide(rules: &RuleSet, info: &RuleInfo, select: &[Selector], ignore: &[Selector]) -> bool {
    match (best(rules, info, select), best(rules, info, ignore)) {
        (Some(s), Some(i)) => s > i,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The specificity of the most specific of `selectors` that names `info`.
fn best(rules: &RuleSet, info: &RuleInfo, selectors: &[Selector]) -> Option<Specificity> {
    selectors
        .iter()
        .filter_map(|s| names(rules, info, s.text))
        .max()
}

/// How specifically `text` names rule `info`; `None` when it does not.
fn names(rules: &RuleSet, info: &RuleInfo, text: &str) -> Option<Specificity> {
    if text == "ALL" {
        return Some(Specificity::All);
    }
    if info.id().eq_ignore_ascii_case(text) {
        return Some(Specificity::Id);
    }
    let tag = info.meta.tags.iter().any(|t| t.eq_ignore_ascii_case(text));
    let pack = rules.sources.get(info.file).is_some_and(|s| {
        pack_names(&s.name)
            .iter()
            .any(|n| n.eq_ignore_ascii_case(text))
    });
    (tag || pack).then_some(Specificity::Group)
}

/// The names a rule file answers to as a pack: its name as loaded
/// (`builtin:national`, `rules/stp.rules`), its file name (`stp.rules`)
/// and that without `.rules` (`stp`, `national`).
fn pack_names(name: &str) -> Vec<&str> {
    let file = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .trim_start_matches(builtin::PREFIX);
    let stem = file.strip_suffix(".rules").unwrap_or(file);
    vec![name, file, stem]
}

/// Reports `s` when it names nothing loaded, or names by id a rule the
/// configuration disables (which no selection turns on).
fn check_known(rules: &RuleSet, s: &Selector, config_name: &str, problems: &mut Problems) {
    let every = rules.rules.iter().chain(&rules.disabled);
    let mut named = every.filter_map(|info| names(rules, info, s.text).map(|n| (info, n)));
    let Some((first, how)) = named.next() else {
        match (across(rules, s.text), &s.from) {
            // Not loaded in this run, but not a typo: a configuration that
            // names it serves the runs that load it.
            (Some(_), From::Config(_)) => {}
            (Some(pack), From::Flag(flag)) => problems.flags.push(
                Diag::error(format!(
                    "`{}` names rules across reports, which this run does not load (`{flag}`)",
                    s.text
                ))
                .with_help(format!(
                    "the built-in pack `{pack}` is loaded where the run reads a set of \
                     reports: a directory checked, `--gate`, or a pilotlint.toml with \
                     `include`; or name it with `--rules {pack}`"
                )),
            ),
            (None, _) => unknown(rules, s, problems),
        }
        return;
    };
    let disabled = rules.disabled.iter().any(|d| d.id() == first.id());
    if how != Specificity::Id || !disabled || !s.select {
        return;
    }
    let message = format!("rule `{}` is disabled, no selection can run it", first.id());
    match &s.from {
        From::Flag(flag) => problems.flags.push(
            Diag::error(format!("{message} (`{flag}`)")).with_help(format!(
                "remove it from `disable` in `{config_name}`, or run with `--no-config`"
            )),
        ),
        From::Config(setting) => problems.config.push(
            ConfigError::new(setting.span, message, "disabled in this file")
                .help("remove it from `disable` or from `select`"),
        ),
    }
}

/// The built-in pack of rules across reports, not loaded in this run,
/// that `text` names rules of: such packs are left out of a run that reads
/// no set of reports (`check report.yaml`).
fn across(rules: &RuleSet, text: &str) -> Option<String> {
    builtin::ACROSS.iter().find_map(|name| {
        let pack = format!("{}{name}", builtin::PREFIX);
        if rules.sources.iter().any(|s| s.name == pack) {
            return None;
        }
        let unloaded = pilotlint::load_rules(vec![builtin::get(name)?]).ok()?;
        let named = unloaded
            .rules
            .iter()
            .any(|info| names(&unloaded, info, text).is_some());
        named.then_some(pack)
    })
}

/// The error for a selector that names nothing loaded, with the nearest
/// id, tag or pack.
fn unknown(rules: &RuleSet, s: &Selector, problems: &mut Problems) {
    let mut candidates: Vec<&str> = Vec::new();
    for info in rules.rules.iter().chain(&rules.disabled) {
        candidates.push(info.id());
        candidates.extend(info.meta.tags.iter().map(String::as_str));
    }
    for source in &rules.sources {
        candidates.extend(pack_names(&source.name));
    }
    candidates.sort_unstable();
    candidates.dedup();
    let help = match did_you_mean(s.text, candidates.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "`pilotlint rules` lists the loaded rules; a selector is a rule id, a tag, \
                 a pack (`builtin:NAME` or a rule file's name) or `ALL`"
            .to_string(),
    };
    let message = format!("unknown rule, tag or pack `{}`", s.text);
    match &s.from {
        From::Flag(flag) => problems
            .flags
            .push(Diag::error(format!("{message} in `{flag}`")).with_help(help)),
        From::Config(setting) => problems.config.push(
            ConfigError::new(
                setting.span,
                message,
                "no loaded rule has this id, tag or pack",
            )
            .help(help),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pilotlint::rules::RuleSource;

    fn rules() -> RuleSet {
        pilotlint::load_rules(vec![
            RuleSource {
                name: "rules/plan.rules".into(),
                text: "rule P1 \"p1\" {\n    tags [\"schedule\"]\n    require a == 1\n}\n\
                       rule P2 \"p2\" {\n    tags [\"format\"]\n    require a == 1\n}\n"
                    .into(),
            },
            RuleSource {
                name: "builtin:extra".into(),
                text: "rule X1 \"x1\" {\n    tags [\"schedule\"]\n    require a == 1\n}\n".into(),
            },
        ])
        .expect("valid rules")
    }

    fn run(select: &[&str], ignore: &[&str]) -> Result<Vec<String>, Vec<String>> {
        let mut rules = rules();
        let select: Vec<String> = select.iter().map(|s| s.to_string()).collect();
        let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
        let flags = Flags {
            select: &select,
            ignore: &ignore,
        };
        match apply(&mut rules, flags, None) {
            Ok(()) => Ok(rules.rules.iter().map(|r| r.id().to_string()).collect()),
            Err(p) => Err(p.flags.iter().map(|d| d.message.clone()).collect()),
        }
    }

    #[test]
    fn ids_tags_and_packs_select_rules() {
        assert_eq!(run(&[], &[]).unwrap(), ["P1", "P2", "X1"]);
        assert_eq!(run(&["P2"], &[]).unwrap(), ["P2"]);
        assert_eq!(run(&["p2"], &[]).unwrap(), ["P2"]);
        assert_eq!(run(&["schedule"], &[]).unwrap(), ["P1", "X1"]);
        assert_eq!(run(&["plan"], &[]).unwrap(), ["P1", "P2"]);
        assert_eq!(run(&["plan.rules"], &[]).unwrap(), ["P1", "P2"]);
        assert_eq!(run(&["rules/plan.rules"], &[]).unwrap(), ["P1", "P2"]);
        assert_eq!(run(&["builtin:extra"], &[]).unwrap(), ["X1"]);
        assert_eq!(run(&["extra", "P2"], &[]).unwrap(), ["P2", "X1"]);
        assert_eq!(run(&[], &["schedule"]).unwrap(), ["P2"]);
    }

    /// As in Ruff: the more specific selector wins, `ignore` on a tie.
    #[test]
    fn the_more_specific_selector_wins() {
        assert_eq!(run(&["schedule"], &["P1"]).unwrap(), ["X1"]);
        assert_eq!(run(&["P1"], &["schedule"]).unwrap(), ["P1"]);
        assert_eq!(run(&["ALL"], &["plan"]).unwrap(), ["X1"]);
        assert_eq!(run(&["schedule"], &["plan"]).unwrap(), ["X1"]);
        assert_eq!(run(&["plan"], &["ALL"]).unwrap(), ["P1", "P2"]);
    }

    #[test]
    fn unknown_selectors_and_an_empty_selection_are_errors() {
        assert_eq!(
            run(&["P3"], &["shedule"]).unwrap_err(),
            [
                "unknown rule, tag or pack `P3` in `--select`",
                "unknown rule, tag or pack `shedule` in `--ignore`"
            ]
        );
        assert_eq!(
            run(&["P1"], &["P1"]).unwrap_err(),
            ["the selection leaves no rule to run"]
        );
    }

    /// Regression: `ignore = ["set"]` in pilotlint.toml stopped every run
    /// that checks files one by one (a pre-commit hook without `include`),
    /// where the built-in rules across reports are not loaded: "unknown
    /// rule, tag or pack". On the command line, the error says why.
    #[test]
    fn rules_across_reports_not_loaded_are_no_typo_in_the_configuration() {
        let stp = builtin::get("service-trade-pilot").expect("a pack");
        let mut rules = pilotlint::load_rules(vec![stp]).expect("valid rules");
        let config = crate::cli::config::parse(
            "pilotlint.toml".into(),
            "ignore = [\"set\", \"NAT001\", \"national\"]\n".into(),
            std::path::PathBuf::new(),
        )
        .expect("a valid file");
        assert!(apply(&mut rules, Flags::default(), Some(&config)).is_ok());
        assert!(!rules.rules.is_empty());
        let select_error = |id: &str| {
            let select = [id.to_string()];
            let flags = Flags {
                select: &select,
                ignore: &[],
            };
            match apply(&mut rules.clone(), flags, None) {
                Ok(()) => panic!("{id} is not loaded"),
                Err(problems) => problems.flags[0].message.clone(),
            }
        };
        assert_eq!(
            select_error("NAT001"),
            "`NAT001` names rules across reports, which this run does not load (`--select`)"
        );
        assert_eq!(
            select_error("NAT01"),
            "unknown rule, tag or pack `NAT01` in `--select`"
        );
    }
}
