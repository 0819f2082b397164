//! A checked set of rules from one or more rule files, ready to evaluate.
//!
//! `check.rs` builds a [`RuleSet`] only when every file parsed and passed the
//! static checks, so the evaluator can rely on what they guarantee: names are
//! bound, functions exist with the right arity, `by` has an `as_of` in scope,
//! and every literal `matches` pattern is compiled in [`RuleSet::regexes`].

use std::collections::HashMap;

use crate::syntax::ast::{self, Severity};

/// The text of one rule file and the name it is shown under.
#[derive(Clone, Debug)]
pub struct RuleSource {
    /// As given by the user (a path), or `builtin:NAME` for embedded packs.
    pub name: String,
    pub text: String,
}

/// One rule with its settings resolved from its clauses.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    /// Index into [`RuleSet::sources`] and [`RuleSet::files`].
    pub file: usize,
    pub rule: ast::Rule,
    /// From `severity`, or `error` when the rule has none.
    pub severity: Severity,
    pub help: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
}

impl RuleInfo {
    pub fn id(&self) -> &str {
        &self.rule.id.node
    }
    pub fn title(&self) -> &str {
        &self.rule.title.node
    }
}

#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub sources: Vec<RuleSource>,
    /// The parsed files, by the same index as `sources`.
    pub files: Vec<ast::RuleFile>,
    /// Every rule, in load order (file by file, top to bottom).
    pub rules: Vec<RuleInfo>,
    /// Every literal `matches` pattern, compiled once (key: the pattern).
    pub regexes: HashMap<String, regex::Regex>,
    /// Rules loaded but disabled by the configuration (`disable = [...]`):
    /// not evaluated and not in `rules`, kept so `pilotlint rules` can list
    /// them and a suppression naming one is not taken for a typo.
    pub disabled: Vec<RuleInfo>,
    /// Whether `# pilotlint: ignore[...]` comments in reports take effect.
    pub inline_ignores: InlineIgnores,
}

/// Whether inline suppressions in reports take effect (see `suppress.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InlineIgnores {
    /// They silence the findings they name (the default).
    #[default]
    Honoured,
    /// A gate refuses them (`--no-inline-ignores`, `inline_ignores = false`):
    /// they silence nothing, and the findings they name say so.
    Refused,
}

impl RuleSet {
    /// The `let`s at the top level of file `file`, in order.
    pub fn file_lets(&self, file: usize) -> impl Iterator<Item = &ast::Let> {
        self.files[file].items.iter().filter_map(|item| match item {
            ast::Item::Let(l) => Some(l),
            ast::Item::Rule(_) | ast::Item::Schema(_) => None,
        })
    }

    pub fn rule_by_id(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id() == id)
    }
}
