//! Reading the text of pilotlint.toml into a [`Config`]: every key, value
//! and glob checked, every problem a [`ConfigError`] at its span.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Config, ConfigError, Filter, KEYS, Setting, resolve};
use crate::cli::args::FailOn;
use pilotlint::builtin;
use pilotlint::span::Span;
use pilotlint::suggest::did_you_mean;
use pilotlint::syntax::ast::Severity;

/// Parses and checks the text of a configuration file in directory `dir`;
/// every problem is returned, not just the first.
pub fn parse(name: String, text: String, dir: PathBuf) -> Result<Config, Vec<ConfigError>> {
    let table = match DeTable::parse(&text) {
        Ok(table) => table,
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            // toml's message can run over several lines with the snippet;
            // the first line is the sentence.
            let message = e.message().lines().next().unwrap_or("invalid TOML").trim();
            return Err(vec![ConfigError::new(
                span,
                format!("invalid TOML: {}", message.trim_end_matches('.')),
                "here",
            )]);
        }
    };
    let mut errors = Vec::new();
    let mut config = Config {
        name,
        text: String::new(),
        dir,
        rules: None,
        include: None,
        exclude: None,
        fail_on: None,
        inline_ignores: None,
        select: None,
        ignore: Vec::new(),
        disable: Vec::new(),
        severity: Vec::new(),
        baseline: None,
        data: Vec::new(),
    };
    for (key, value) in table.get_ref().iter() {
        let key_span = span(key);
        let v = value.get_ref();
        match key.get_ref().as_ref() {
            "rules" => {
                let rules = strings(value, "rules", &mut errors);
                if rules.is_empty() && v.is_array() {
                    errors.push(
                        ConfigError::new(span(value), "`rules` is empty", "no rule file")
                            .help("name rule files or packs, or remove `rules` for the default"),
                    );
                }
                for r in &rules {
                    check_rule_path(&config.dir, r, &mut errors);
                }
                config.rules = Some(rules);
            }
            "include" => {
                let globs = strings(value, "include", &mut errors);
                config.include = filter(&globs, &mut errors);
            }
            "exclude" => {
                let globs = strings(value, "exclude", &mut errors);
                config.exclude = filter(&globs, &mut errors);
            }
            "fail_on" => match v.as_str() {
                Some(s) => match fail_on(s) {
                    Some(f) => config.fail_on = Some(f),
                    None => errors.push(one_of(
                        value,
                        "`fail_on` value",
                        s,
                        &["error", "warning", "info", "never"],
                    )),
                },
                None => errors.push(wrong_type(value, "a string such as `\"warning\"`")),
            },
            "inline_ignores" => match v.as_bool() {
                Some(b) => config.inline_ignores = Some(b),
                None => errors.push(wrong_type(value, "`true` or `false`")),
            },
            "select" => config.select = Some(strings(value, "select", &mut errors)),
            "ignore" => config.ignore = strings(value, "ignore", &mut errors),
            "baseline" => match v.as_str() {
                Some(path) => {
                    config.baseline = Some(Setting {
                        value: path.to_string(),
                        span: span(value),
                    })
                }
                None => errors.push(wrong_type(value, "a path such as `\"baseline.json\"`")),
            },
            "disable" => config.disable = strings(value, "disable", &mut errors),
            "data" => {
                let example = "[data]\nareas = \"registry/pilot-areas.yaml\"";
                for (name, path, _) in string_table(
                    value,
                    (
                        "data names and files",
                        "a path such as `\"pilot-areas.yaml\"`",
                    ),
                    example,
                    &mut errors,
                ) {
                    config.data.push((name, path));
                }
            }
            "severity" => {
                let example = "[severity]\nSTP005 = \"error\"\nSTP011 = \"warning\"";
                for (id, text, s) in string_table(
                    value,
                    ("rule ids and severities", "a string such as `\"warning\"`"),
                    example,
                    &mut errors,
                ) {
                    match severity(&text.value) {
                        Some(sev) => config.severity.push((id, sev)),
                        None => errors.push(one_of(
                            s,
                            "severity",
                            &text.value,
                            &["error", "warning", "info"],
                        )),
                    }
                }
            }
            other => {
                let e = ConfigError::new(
                    key_span,
                    format!("unknown key `{other}`"),
                    "not a setting of pilotlint",
                );
                errors.push(match did_you_mean(other, KEYS) {
                    Some(near) => e.help(format!("did you mean `{near}`?")),
                    None => e.help(format!(
                        "the keys are {}; docs/config.md describes them",
                        KEYS.map(|k| format!("`{k}`")).join(", ")
                    )),
                });
            }
        }
    }
    if errors.is_empty() {
        config.text = text;
        Ok(config)
    } else {
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        Err(errors)
    }
}

/// An unknown built-in pack or a path that does not exist, pointed at in
/// the file (reading the files is `check`'s, which reports what else can
/// go wrong).
fn check_rule_path(dir: &Path, rule: &Setting<String>, errors: &mut Vec<ConfigError>) {
    if let Some(name) = builtin::pack_name(&rule.value) {
        if builtin::get(name).is_none() {
            let e = ConfigError::new(
                rule.span,
                format!("unknown built-in rule pack `{}`", rule.value),
                "not a built-in pack",
            );
            errors.push(e.help(builtin::unknown_pack_help(name)));
        }
        return;
    }
    let path = resolve(dir, &rule.value);
    if let Err(e) = std::fs::metadata(&path) {
        errors.push(
            ConfigError::new(
                rule.span,
                format!(
                    "rule path `{}` {}",
                    path.display(),
                    crate::cli::sink::describe_io(&e)
                ),
                "not found",
            )
            .help("rule paths are relative to the directory of the configuration file"),
        );
    }
}

/// `include`/`exclude` compiled; `None` (with errors pushed) when a glob
/// is invalid. `*` does not cross `/`; `**` does.
fn filter(globs: &[Setting<String>], errors: &mut Vec<ConfigError>) -> Option<Filter> {
    let mut set = GlobSetBuilder::new();
    let mut ok = true;
    for g in globs {
        let pattern = g.value.strip_prefix("./").unwrap_or(&g.value);
        match GlobBuilder::new(pattern).literal_separator(true).build() {
            Ok(glob) => {
                set.add(glob);
            }
            Err(e) => {
                ok = false;
                errors.push(
                    ConfigError::new(
                        g.span,
                        format!("invalid glob `{}`", g.value),
                        glob_problem(&e),
                    )
                    .help(
                        "`*` matches within a directory, `**` across directories, \
                         `?` one character, `[ab]` one of a set, `{a,b}` either",
                    ),
                );
            }
        }
    }
    let set = set.build().ok()?;
    ok.then_some(Filter { set })
}

/// globset's reason, without its "error parsing glob '...':" preamble.
fn glob_problem(e: &globset::Error) -> String {
    match e.kind() {
        globset::ErrorKind::UnclosedClass => "unclosed character class `[`".to_string(),
        globset::ErrorKind::UnopenedAlternates => "`}` without a `{`".to_string(),
        globset::ErrorKind::UnclosedAlternates => "unclosed `{`".to_string(),
        globset::ErrorKind::NestedAlternates => "`{` inside `{...}`".to_string(),
        globset::ErrorKind::InvalidRecursive => {
            "`**` must be a whole path component, as in `a/**/b`".to_string()
        }
        globset::ErrorKind::InvalidRange(a, b) => format!("invalid range `{a}-{b}`"),
        globset::ErrorKind::DanglingEscape => "a `\\` at the end".to_string(),
        other => other.to_string(),
    }
}

/// An array of strings; an error for anything else (a lone string is
/// accepted as a list of one, as it is what `rules = "rules"` means).
fn strings(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    errors: &mut Vec<ConfigError>,
) -> Vec<Setting<String>> {
    let expected = format!("a list of strings, such as `{key} = [\"...\"]`");
    match value.get_ref() {
        DeValue::String(s) => vec![Setting {
            value: s.to_string(),
            span: span(value),
        }],
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref().as_str() {
                Some(s) => Some(Setting {
                    value: s.to_string(),
                    span: span(item),
                }),
                None => {
                    errors.push(wrong_type(item, "a string"));
                    None
                }
            })
            .collect(),
        _ => {
            errors.push(wrong_type(value, &expected));
            Vec::new()
        }
    }
}

fn wrong_type(value: &Spanned<DeValue<'_>>, expected: &str) -> ConfigError {
    let found = match value.get_ref() {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    };
    ConfigError::new(
        span(value),
        format!("expected {expected}, found {found}"),
        found.to_string(),
    )
}

fn one_of(value: &Spanned<DeValue<'_>>, what: &str, text: &str, allowed: &[&str]) -> ConfigError {
    let e = ConfigError::new(
        span(value),
        format!("unknown {what} `{text}`"),
        format!(
            "expected {}",
            allowed
                .iter()
                .map(|a| format!("`\"{a}\"`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    match did_you_mean(text, allowed.iter().copied()) {
        Some(near) => e.help(format!("did you mean `\"{near}\"`?")),
        None => e,
    }
}

fn fail_on(s: &str) -> Option<FailOn> {
    Some(match s {
        "error" => FailOn::Error,
        "warning" => FailOn::Warning,
        "info" => FailOn::Info,
        "never" => FailOn::Never,
        _ => return None,
    })
}

/// The entries of a table of strings (`[severity]`, `[data]`): each key
/// and its value, with their spans, and the value as written (for a later
/// error at it). A value that is not a string (`each` says what one is),
/// or a `value` that is not a table (`what` it is a table of; `example`,
/// the help), is an error.
fn string_table<'v, 'd>(
    value: &'v Spanned<DeValue<'d>>,
    (what, each): (&str, &str),
    example: &str,
    errors: &mut Vec<ConfigError>,
) -> Vec<(Setting<String>, Setting<String>, &'v Spanned<DeValue<'d>>)> {
    let Some(table) = value.get_ref().as_table() else {
        errors.push(
            wrong_type(value, &format!("a table of {what}"))
                .help(format!("write it as a table:\n{example}")),
        );
        return Vec::new();
    };
    let mut entries = Vec::new();
    for (key, v) in table.iter() {
        let key = Setting {
            value: key.get_ref().to_string(),
            span: span(key),
        };
        match v.get_ref().as_str() {
            Some(text) => entries.push((
                key,
                Setting {
                    value: text.to_string(),
                    span: span(v),
                },
                v,
            )),
            None => errors.push(wrong_type(v, each)),
        }
    }
    entries
}

fn severity(s: &str) -> Option<Severity> {
    Some(match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        _ => return None,
    })
}

fn span<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}
