//! Static checks on parsed rule files: the stage between `syntax` (text to
//! AST) and evaluation (rules against reports).
//!
//! [`check`] runs before any report is read. It walks every rule file with the
//! same scopes the evaluator uses and collects every mistake a rule author can
//! make that does not depend on a report: unknown functions and wrong arity,
//! duplicate rule ids (across files too), settings written twice, `by`
//! without an `as_of` in scope, `each` variables used outside their `each`,
//! names used before their `let`, near-misses of a binding, invalid regexes
//! and comparisons between literals that can never hold; and, in a file that
//! declares a `schema`, every path against that JSON Schema (`schema.rs`).
//! It never stops at the first error. When there are none it builds the [`RuleSet`] the
//! evaluator relies on, with every literal `matches` pattern compiled once.
//!
//! Errors are plain data ([`CheckError`]); turning them into miette
//! diagnostics with line and column is the job of the output stage.

pub mod data;
mod expr;
pub mod schema;
mod scope;
pub mod set;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::rules::{RuleInfo, RuleSet, RuleSource};
use crate::source::SourceText;
use crate::span::Span;
use crate::syntax::ast::{self, ClauseKind};

/// One mistake in a rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckError {
    /// Index into the `sources` (and `files`) given to [`check`].
    pub file: usize,
    /// What the primary label underlines.
    pub span: Span,
    /// One lowercase sentence, no final period, user input in backticks.
    pub message: String,
    /// The text of the primary label.
    pub label: String,
    pub help: Option<String>,
    /// Further labels, possibly in other files (the first definition of a
    /// duplicate id, the `each` that binds a variable).
    pub related: Vec<Related>,
}

impl CheckError {
    /// An error with its message and primary label, no help, no further
    /// labels.
    pub(crate) fn new(file: usize, span: Span, message: String, label: String) -> CheckError {
        CheckError {
            file,
            span,
            message,
            label,
            help: None,
            related: Vec::new(),
        }
    }
}

/// A secondary label of a [`CheckError`].
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub file: usize,
    pub span: Span,
    pub label: String,
}

/// Checks parsed rule files (`files[i]` was parsed from `sources[i]`) and
/// builds the rule set, or returns every error found, in file and position
/// order.
///
/// ```
/// use pilotlint::{check::check, rules::RuleSource, syntax::parse};
///
/// let text = "rule R1 \"measures are listed\" {\n    require cout(measures) > 0\n}\n";
/// let (file, syntax_errors) = parse(text);
/// assert!(syntax_errors.is_empty());
/// let source = RuleSource { name: "r.rules".into(), text: text.into() };
/// let errors = check(vec![source], vec![file]).unwrap_err();
/// let e = &errors[0];
/// assert_eq!(e.message, "unknown function `cout`");
/// assert_eq!(&text[e.span.start..e.span.end], "cout");
/// assert_eq!(e.help.as_deref(), Some("did you mean `count`?"));
/// ```
pub fn check(
    sources: Vec<RuleSource>,
    files: Vec<ast::RuleFile>,
) -> Result<RuleSet, Vec<CheckError>> {
    check_with_schemas(sources, files, &mut crate::builtin::resolve)
}

/// [`check`], with the schemas the files declare given by `resolve` (see
/// [`crate::resolve::Resolver`]): a file that declares one has every path of its
/// rules checked against it.
///
/// ```
/// use pilotlint::{check::check_with_schemas, resolve::{Resolved, Wanted}};
/// use pilotlint::{rules::RuleSource, syntax::parse};
///
/// let text = "schema \"plan.json\"\nrule R \"r\" {\n    require plan.aproved == true\n}\n";
/// let schema = r#"{"type": "object", "properties": {"plan": {
///     "type": "object", "additionalProperties": false,
///     "properties": {"approved": {"type": "boolean"}}}}}"#;
/// let (file, _) = parse(text);
/// let source = RuleSource { name: "r.rules".into(), text: text.into() };
/// let mut resolve = |_: &RuleSource, _: Wanted<'_>, path: &str| {
///     Ok(Resolved { name: path.to_string(), text: schema.to_string() })
/// };
/// let errors = check_with_schemas(vec![source], vec![file], &mut resolve).unwrap_err();
/// assert_eq!(errors[0].message, "unknown field `plan.aproved`");
/// assert_eq!(&text[errors[0].span.start..errors[0].span.end], "aproved");
/// assert!(errors[0].help.as_deref().unwrap().starts_with("did you mean `approved`?"));
/// ```
pub fn check_with_schemas(
    sources: Vec<RuleSource>,
    files: Vec<ast::RuleFile>,
    resolve: &mut crate::resolve::Resolver<'_>,
) -> Result<RuleSet, Vec<CheckError>> {
    let mut errors = Vec::new();
    let mut regexes = HashMap::new();
    let mut rules = Vec::new();
    let mut first_ids: HashMap<&str, (usize, Span)> = HashMap::new();
    let texts: Vec<Arc<SourceText>> = sources
        .iter()
        .map(|s| Arc::new(SourceText::new(s.name.clone(), s.text.clone())))
        .collect();
    let mut data = Vec::new();
    let mut lets_read_report = Vec::new();
    let mut set_fields = std::collections::BTreeSet::new();
    // The fields a report has at its root: the union of the schemas' root
    // fields, and for a file that declares no schema, of those its rules
    // read and the reference report's.
    let mut report_fields = std::collections::BTreeSet::new();

    for (file, parsed) in files.iter().enumerate() {
        let text = sources.get(file).map_or("", |s| s.text.as_str());
        let mut typed = Vec::new();
        let roots = match sources.get(file) {
            Some(source) => {
                data::load_file(file, source, parsed, resolve, &mut data, &mut errors);
                let names = data_names(parsed);
                schema::check_file(file, source, parsed, (&names, &data), resolve, &mut typed)
            }
            None => Vec::new(),
        };
        let data_names = data_names(parsed);
        let before = errors.len();
        let read = scope::check_file(
            file,
            text,
            parsed,
            &roots,
            &data_names,
            &mut errors,
            &mut regexes,
        );
        set::reserved(file, parsed, &mut errors);
        let facts = set::check_file(file, parsed, &data_names, &mut errors);
        if roots.is_empty() {
            // What a rule across reports reads of a report (`r.n`) counts
            // too: the names of any depth, a superset of its root's.
            report_fields.extend(read);
            report_fields.extend(facts.fields.iter().cloned());
            report_fields.extend(scope::ROOT_FIELDS.iter().map(|f| f.to_string()));
        } else {
            report_fields.extend(roots.iter().cloned());
        }
        lets_read_report.push(facts.lets_read_report);
        set_fields.extend(facts.fields);
        let mut set_rules = facts.set_rules.into_iter();
        // A name the scope checks report (a near-miss of a binding) is one
        // mistake, not two. A set, so a file of thousands of errors of both
        // kinds is not compared pair by pair.
        let scoped: HashSet<Span> = errors[before..].iter().map(|e| e.span).collect();
        typed.retain(|t| !scoped.contains(&t.span));
        errors.extend(typed);
        for item in &parsed.items {
            let ast::Item::Rule(rule) = item else {
                continue;
            };
            match first_ids.entry(rule.id.node.as_str()) {
                Entry::Vacant(slot) => {
                    slot.insert((file, rule.id.span));
                }
                Entry::Occupied(first) => {
                    let (first_file, first_span) = *first.get();
                    errors.push(CheckError {
                        file,
                        span: rule.id.span,
                        message: format!("duplicate rule id `{}`", rule.id.node),
                        label: "defined again here".to_string(),
                        help: Some(
                            "rule ids are unique across all loaded rule files; rename one of them"
                                .to_string(),
                        ),
                        related: vec![Related {
                            file: first_file,
                            span: first_span,
                            label: "first defined here".to_string(),
                        }],
                    });
                }
            }
            duplicate_settings(file, rule, &mut errors);
            let mut info = RuleInfo::new(file, &texts[file], rules.len(), rule);
            if set_rules.next().unwrap_or(false) {
                info.set_rule();
            }
            rules.push(info);
        }
    }

    if errors.is_empty() {
        Ok(RuleSet {
            sources: texts,
            files,
            rules,
            regexes,
            data,
            lets_read_report,
            set_fields,
            report_fields: Some(report_fields).filter(|f| !f.is_empty()),
            ..RuleSet::default()
        })
    } else {
        // Stable, so errors at the same place keep the order they were found in.
        errors.sort_by_key(|e| (e.file, e.span.start, e.span.end));
        Err(errors)
    }
}

/// The names of the data files a rule file declares, loaded or not: a
/// data file that could not be read is one error at its declaration, not
/// one more at every use of its name.
fn data_names(parsed: &ast::RuleFile) -> Vec<&str> {
    parsed
        .items
        .iter()
        .filter_map(|item| match item {
            ast::Item::Data(d) => Some(d.name.node.as_str()),
            _ => None,
        })
        .collect()
}

/// A setting (`severity`, `help`, `url`, `tags`) written twice in one rule
/// is an error on the second.
fn duplicate_settings(file: usize, rule: &ast::Rule, errors: &mut Vec<CheckError>) {
    let mut seen: HashMap<&'static str, Span> = HashMap::new();
    for clause in &rule.clauses {
        let keyword = match &clause.node {
            ClauseKind::Severity(_) => "severity",
            ClauseKind::Help(_) => "help",
            ClauseKind::Url(_) => "url",
            ClauseKind::Tags(_) => "tags",
            ClauseKind::Let(_) | ClauseKind::When(_) | ClauseKind::Require(_) => continue,
            ClauseKind::Each(_) => continue,
        };
        match seen.entry(keyword) {
            Entry::Vacant(slot) => {
                slot.insert(clause.span);
            }
            Entry::Occupied(first) => errors.push(CheckError {
                file,
                span: clause.span,
                message: format!("duplicate `{keyword}` in rule `{}`", rule.id.node),
                label: format!("second `{keyword}`"),
                help: Some(match keyword {
                    "tags" => "list every tag in one `tags [...]`".to_string(),
                    "help" => "a rule has one `help`; merge the two texts".to_string(),
                    _ => format!("a rule has one `{keyword}`; remove one of them"),
                }),
                related: vec![Related {
                    file,
                    span: *first.get(),
                    label: format!("first `{keyword}` here"),
                }],
            }),
        }
    }
}

/// `1 argument`, `2 arguments`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
