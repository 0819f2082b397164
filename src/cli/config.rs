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

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::args::FailOn;
use pilotlint::builtin;
use pilotlint::diagnostic::Diag;
use pilotlint::rules::{InlineIgnores, RuleSet};
use pilotlint::span::Span;
use pilotlint::suggest::did_you_mean;
use pilotlint::syntax::ast::Severity;

/// The name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "pilotlint.toml";

/// The keys of the file, for "did you mean" and the list in messages.
const KEYS: [&str; 7] = [
    "rules",
    "include",
    "exclude",
    "fail_on",
    "inline_ignores",
    "disable",
    "severity",
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
    pub disable: Vec<Setting<String>>,
    /// `[severity]`: rule id and the severity it is given.
    pub severity: Vec<(Setting<String>, Severity)>,
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

    /// The directory that paths written in rule files (a `schema`
    /// declaration) must stay inside [default: the configuration file's
    /// directory, else the working directory]
    ///
    /// Name it when the rules live elsewhere: `--rules /opt/packs/stp/rules
    /// --rule-root /opt/packs/stp` lets those rules read
    /// `/opt/packs/stp/schema.json` and nothing outside `/opt/packs/stp`.
    #[arg(long, value_name = "DIR", verbatim_doc_comment)]
    pub rule_root: Option<PathBuf>,
}

impl ConfigArgs {
    /// The rule root: `--rule-root`, else the directory of `config`, else
    /// the working directory.
    pub fn rule_root<'a>(&'a self, config: Option<&'a Config>) -> &'a Path {
        match (&self.rule_root, config.map(|c| c.dir.as_path())) {
            (Some(dir), _) => dir,
            (None, Some(dir)) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        }
    }
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
    fn new(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            span,
            label: label.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
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
            LoadFailure::Unreadable(Box::new(super::sink::io_error(
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
fn find(start: &Path) -> Option<PathBuf> {
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
        disable: Vec::new(),
        severity: Vec::new(),
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
            "disable" => config.disable = strings(value, "disable", &mut errors),
            "severity" => match v.as_table() {
                Some(t) => {
                    for (id, s) in t.iter() {
                        let id = Setting {
                            value: id.get_ref().to_string(),
                            span: span(id),
                        };
                        match s.get_ref().as_str() {
                            Some(text) => match severity(text) {
                                Some(sev) => config.severity.push((id, sev)),
                                None => {
                                    errors.push(one_of(s, "severity", text, &["error", "warning", "info"]));
                                }
                            },
                            None => errors.push(wrong_type(s, "a string such as `\"warning\"`")),
                        }
                    }
                }
                None => errors.push(
                    wrong_type(value, "a table of rule ids and severities").help(
                        "write it as a table:\n[severity]\nSTP005 = \"error\"\nSTP011 = \"warning\"",
                    ),
                ),
            },
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

impl Config {
    /// The rule paths of `rules = [...]`, joined to the file's directory
    /// (built-in packs as written); `None` when the file has no `rules`.
    pub fn rule_paths(&self) -> Option<Vec<PathBuf>> {
        self.rules
            .as_ref()
            .map(|rules| rules.iter().map(|r| resolve(&self.dir, &r.value)).collect())
    }

    /// Whether the report at `path` (as named on the command line or found
    /// by the walk, relative to the working directory) is one this
    /// configuration checks: not under a hidden file or directory, matched
    /// by `include` (every file, without one), and not matched by `exclude`.
    /// Patterns match the path relative to the file's directory; a report
    /// outside that directory matches no pattern.
    pub fn selects(&self, path: &Path) -> bool {
        let rel = relative_to(&self.dir, path);
        let hidden = rel.as_ref().is_some_and(|rel| {
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

/// A rule path of the file: a built-in pack as written, anything else
/// joined to the file's directory.
fn resolve(dir: &Path, path: &str) -> PathBuf {
    if builtin::pack_name(path).is_some() {
        PathBuf::from(path)
    } else {
        dir.join(path)
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
                    super::sink::describe_io(&e)
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
    let dir = normalize(&std::path::absolute(dir).ok()?);
    let path = normalize(&std::path::absolute(path).ok()?);
    path.strip_prefix(&dir).ok().map(Path::to_path_buf)
}

/// Removes `.` and resolves `..` lexically in an absolute path.
fn normalize(path: &Path) -> PathBuf {
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
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, Vec<ConfigError>> {
        parse("pilotlint.toml".into(), text.into(), PathBuf::new())
    }

    /// The text each error underlines, with its message.
    fn errors(text: &str) -> Vec<(String, &str)> {
        let errs = parse_text(text).expect_err("an invalid configuration");
        errs.iter()
            .map(|e| (e.message.clone(), &text[e.span.start..e.span.end]))
            .collect()
    }

    #[test]
    fn a_valid_file_is_read() {
        let c = parse_text(
            "rules = [\"builtin:service-trade-pilot\"]\nfail_on = \"warning\"\n\
             inline_ignores = false\ndisable = [\"DZ006\"]\ninclude = [\"reports/**/*.yaml\"]\n\
             [severity]\nSTP011 = \"warning\"\n",
        )
        .expect("valid");
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.inline_ignores, Some(false));
        assert_eq!(c.disable[0].value, "DZ006");
        assert_eq!(c.severity[0].0.value, "STP011");
        assert_eq!(c.severity[0].1, Severity::Warning);
        assert_eq!(
            c.rule_paths(),
            Some(vec![PathBuf::from("builtin:service-trade-pilot")])
        );
    }

    #[test]
    fn every_problem_points_at_its_value() {
        let text = "fail_on = \"warnings\"\ninline_ignores = \"no\"\nincludes = []\n\
                    exclude = [\"a/[b\", 3]\nrules = [\"builtin:service-trade\"]\n";
        assert_eq!(
            errors(text),
            [
                (
                    "unknown `fail_on` value `warnings`".to_string(),
                    "\"warnings\""
                ),
                (
                    "expected `true` or `false`, found a string".to_string(),
                    "\"no\""
                ),
                ("unknown key `includes`".to_string(), "includes"),
                ("invalid glob `a/[b`".to_string(), "\"a/[b\""),
                ("expected a string, found an integer".to_string(), "3"),
                (
                    "unknown built-in rule pack `builtin:service-trade`".to_string(),
                    "\"builtin:service-trade\""
                ),
            ]
        );
        let e = parse_text("includes = []\n").expect_err("unknown key");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `include`?"));
        assert_eq!(
            errors("rules = []\n"),
            [("`rules` is empty".to_string(), "[]")]
        );
    }

    #[test]
    fn a_toml_syntax_error_points_at_the_parser_position() {
        let text = "fail_on = \"error\"\nrules = [\"rules\"\n";
        let errs = parse_text(text).expect_err("unclosed array");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.starts_with("invalid TOML: "), "{errs:?}");
        // The parser notices at the end of the line, after `"rules"`.
        assert!(errs[0].span.start >= text.find("[\"rules\"").expect("present"));
    }

    #[test]
    fn globs_match_relative_to_the_file_and_star_stays_in_a_directory() {
        let c = parse_text("include = [\"reports/*.yaml\"]\nexclude = [\"reports/draft-*\"]\n")
            .expect("valid");
        assert!(c.selects(Path::new("reports/xian.yaml")));
        assert!(c.selects(Path::new("./reports/xian.yaml")));
        assert!(!c.selects(Path::new("reports/2021/xian.yaml")));
        assert!(!c.selects(Path::new("reports/draft-xian.yaml")));
        assert!(!c.selects(Path::new(".github/workflows/ci.yml")));
        assert!(!c.selects(Path::new("/elsewhere/reports/xian.yaml")));
    }

    #[test]
    fn without_include_every_file_but_hidden_ones_is_selected() {
        let c = parse_text("").expect("valid");
        assert!(c.selects(Path::new("a.yaml")));
        assert!(c.selects(Path::new("x/b.yml")));
        assert!(!c.selects(Path::new(".github/workflows/ci.yml")));
        assert!(!c.selects(Path::new(".pre-commit-config.yaml")));
    }

    #[test]
    fn relative_paths_resolve_dot_dot_lexically() {
        assert_eq!(
            relative_to(Path::new(".."), Path::new("x.yaml")).map(|p| p.components().count()),
            Some(2)
        );
        assert_eq!(
            relative_to(Path::new("a"), Path::new("a/../a/b/c.yaml")),
            Some(PathBuf::from("b/c.yaml"))
        );
        assert_eq!(relative_to(Path::new("a"), Path::new("b/c.yaml")), None);
    }
}
