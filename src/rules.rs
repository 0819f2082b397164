//! A checked set of rules from one or more rule files, ready to evaluate.
//!
//! `check.rs` builds a [`RuleSet`] only when every file parsed and passed the
//! static checks, so the evaluator can rely on what they guarantee: names are
//! bound, functions exist with the right arity, `by` has an `as_of` in scope,
//! and every literal `matches` pattern is compiled in [`RuleSet::regexes`].

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::report::Node;
use crate::source::SourceText;
use crate::span::Span;
use crate::syntax::ast::{self, Severity};

/// The reserved name of the set of every report of a run, which a rule
/// across reports reads (`reports`).
pub const REPORTS: &str = "reports";

/// The text of one rule file and the name it is shown under.
#[derive(Clone, Debug)]
pub struct RuleSource {
    /// As given by the user (a path), or `builtin:NAME` for embedded packs.
    pub name: String,
    pub text: String,
}

/// A loaded data file.
#[derive(Clone, Debug)]
pub struct DataFile {
    /// The rule file that declares it.
    pub file: usize,
    /// The name it is bound to.
    pub name: String,
    pub source: Arc<SourceText>,
    /// Its document, with spans from [`DataFile::base`].
    pub root: Node,
    pub base: usize,
}

/// What a finding needs to know about the rule that produced it, so an
/// output format writes the finding without the [`RuleSet`].
#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    /// From `severity`, or `error` when the rule has none; the
    /// configuration may have changed it.
    pub severity: Severity,
    pub help: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// The rule's place in [`RuleSet::rules`].
    pub index: usize,
    /// It reads `reports`: it is checked once for the whole set of reports
    /// of a run, not once per report.
    pub set: bool,
    pub file: Arc<SourceText>,
}

/// The rule and clause that produced a finding.
#[derive(Clone, Debug)]
pub struct RuleRef {
    pub meta: Arc<RuleMeta>,
    /// What to underline in the rule file: the clause (for a `require`,
    /// its condition and `by`, without the `else` message).
    pub clause: Span,
}

impl PartialEq for RuleRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.meta, &other.meta) && self.clause == other.clause
    }
}

/// One rule with its settings resolved from its clauses.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    /// Index into [`RuleSet::sources`] and [`RuleSet::files`].
    pub file: usize,
    pub rule: ast::Rule,
    pub meta: Arc<RuleMeta>,
}

impl RuleInfo {
    /// Rule `rule` of rule file `file` (whose text is `text`), at `index`
    /// in its rule set, with the settings its clauses give (`severity`,
    /// `help`, `url`, `tags`; `check` reports a setting written twice).
    pub fn new(file: usize, text: &Arc<SourceText>, index: usize, rule: &ast::Rule) -> RuleInfo {
        let mut meta = RuleMeta {
            id: rule.id.node.clone(),
            title: rule.title.node.clone(),
            severity: Severity::Error,
            help: None,
            url: None,
            tags: Vec::new(),
            index,
            set: false,
            file: Arc::clone(text),
        };
        for clause in &rule.clauses {
            match &clause.node {
                ast::ClauseKind::Severity(s) => meta.severity = s.node,
                ast::ClauseKind::Help(h) => meta.help = Some(h.node.clone()),
                ast::ClauseKind::Url(u) => meta.url = Some(u.node.clone()),
                ast::ClauseKind::Tags(tags) => {
                    meta.tags.extend(tags.iter().map(|t| t.node.clone()))
                }
                ast::ClauseKind::Let(_)
                | ast::ClauseKind::When(_)
                | ast::ClauseKind::Require(_)
                | ast::ClauseKind::Each(_) => {}
            }
        }
        RuleInfo {
            file,
            rule: rule.clone(),
            meta: Arc::new(meta),
        }
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// Marks it as a rule across reports (see [`RuleMeta::set`]).
    pub fn set_rule(&mut self) {
        Arc::make_mut(&mut self.meta).set = true;
    }

    pub fn is_set(&self) -> bool {
        self.meta.set
    }
    pub fn title(&self) -> &str {
        &self.meta.title
    }

    /// The span a finding of `clause` (a clause of this rule) underlines:
    /// a `require`'s condition and its `by` deadline, without the `else`
    /// message, which can run over several lines and says nothing the
    /// finding's message does not; any other clause whole.
    pub fn label_span(&self, clause: Span) -> Span {
        fn find(clauses: &[ast::Clause], span: Span) -> Option<Span> {
            clauses.iter().find_map(|c| match &c.node {
                ast::ClauseKind::Require(r) if c.span == span => {
                    let end = r.by.as_ref().map_or(r.condition.span, |b| b.span);
                    Some(Span::new(c.span.start, end.end))
                }
                ast::ClauseKind::Each(e) => find(&e.body, span),
                _ => None,
            })
        }
        find(&self.rule.clauses, clause).unwrap_or(clause)
    }
}

#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub sources: Vec<Arc<SourceText>>,
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
    /// The data files the rule files declare (`data NAME "PATH"`).
    pub data: Vec<DataFile>,
    /// By file, by file-level `let`: whether it reads a report's field, so
    /// a rule across reports computes it anew for each current report.
    pub lets_read_report: Vec<Vec<bool>>,
    /// Every field name a rule across reports can read: what a run keeps of
    /// each report for them.
    pub set_fields: BTreeSet<String>,
    /// The fields a report has at its root: the union of the root fields of
    /// the report schemas the rule files declare and, for a rule file that
    /// declares none, of the names its rules read at the root and the
    /// reference report's root fields (`program`, `period`, `measures`,
    /// ...); `None` when there is none (no rule file). See
    /// [`crate::pipeline::CheckedReport::not_a_report`].
    pub report_fields: Option<BTreeSet<String>>,
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
            ast::Item::Rule(_) | ast::Item::Schema(_) | ast::Item::Data(_) => None,
        })
    }

    pub fn rule_by_id(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id() == id)
    }

    /// What an output format needs to know of every rule, in order.
    pub fn catalog(&self) -> Vec<Arc<RuleMeta>> {
        self.rules.iter().map(|r| Arc::clone(&r.meta)).collect()
    }

    /// Gives rule `id` severity `severity`; `false` when no such rule is
    /// loaded.
    pub fn set_severity(&mut self, id: &str, severity: Severity) -> bool {
        match self.rules.iter_mut().find(|r| r.id() == id) {
            Some(info) => {
                Arc::make_mut(&mut info.meta).severity = severity;
                true
            }
            None => false,
        }
    }

    /// Moves the rules `disable` names to [`RuleSet::disabled`]: they are no
    /// longer evaluated.
    pub fn disable(&mut self, disable: impl Fn(&str) -> bool) {
        let (disabled, enabled): (Vec<RuleInfo>, Vec<RuleInfo>) = std::mem::take(&mut self.rules)
            .into_iter()
            .partition(|r| disable(r.id()));
        self.rules = enabled;
        self.disabled.extend(disabled);
        for (index, info) in self.rules.iter_mut().enumerate() {
            if info.meta.index != index {
                Arc::make_mut(&mut info.meta).index = index;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding underlines its `require`'s condition and `by`, not the
    /// `else` message (which can run over several lines), also inside an
    /// `each`; other clauses whole.
    #[test]
    fn a_require_is_labelled_without_its_else_message() {
        let text = "rule R \"r\" {\n    each m in measures {\n        require m.done by due\n            else \"not {m.id}\"\n    }\n    when x\n}\n";
        let (file, errors) = crate::syntax::parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        let ast::Item::Rule(rule) = &file.items[0] else {
            panic!("a rule")
        };
        let source = RuleSource {
            name: "r.rules".into(),
            text: text.into(),
        };
        let info = RuleInfo::new(
            0,
            &Arc::new(SourceText::new(source.name.clone(), source.text.clone())),
            0,
            rule,
        );
        let start = text.find("require").expect("a require");
        let end = text.find("\"not").expect("an else");
        let label = info.label_span(Span::new(start, end + "\"not {m.id}\"".len()));
        assert_eq!(&text[label.start..label.end], "require m.done by due");
        let when = Span::new(text.find("when").expect("a when"), text.len() - 3);
        assert_eq!(info.label_span(when), when);
    }
}
