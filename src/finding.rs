//! What checking a report produces: findings, as plain data.
//!
//! A finding is a fact about one report file (a rule that failed there, or a
//! file that is not valid YAML). It carries spans, not lines: `diagnostic.rs`
//! and `output/` turn spans into positions and text, in one place.

use std::sync::Arc;

use crate::rules::RuleRef;
use crate::source::SourceText;
use crate::span::Span;
use crate::syntax::ast::Severity;

/// Codes of findings that no rule produced, and the one table that
/// explains them (`pilotlint explain CODE`, grammar.md).
pub mod codes;

/// One problem in one report file.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule id for a failed requirement; otherwise one of [`codes`].
    pub code: String,
    pub severity: Severity,
    /// One lowercase sentence, no final period, user values in backticks.
    pub message: String,
    /// Where in the report file: the failing value, the collection a computed
    /// value came from, or the nearest existing parent of a missing field.
    /// `None` only when nothing in the file can be pointed at.
    pub span: Option<Span>,
    /// Short text shown on the report label (e.g. "85.2%, expected >= 90%").
    pub label: Option<String>,
    /// Further labels in the same report file (for `unique`: the first
    /// occurrence of the duplicated value).
    pub secondary: Vec<(Span, String)>,
    /// Advice about this finding in particular (a YAML 1.2 typing hint, a
    /// fix for a rule that applied `.f` to a list), shown with the rule's own
    /// help.
    pub help: Option<String>,
    /// The rule and clause that produced it, when a rule did.
    pub rule: Option<RuleRef>,
    /// The file `span` (and `secondary`) is in, when it is not the report
    /// the finding is listed under: a data file, or another report of a set
    /// (see [`crate::source`]).
    pub file: Option<Arc<SourceText>>,
    /// Places in other files the finding was compared with (the same
    /// measure in the earlier report), each with its label.
    pub related: Vec<Related>,
}

/// A place in another file that a finding was compared with.
#[derive(Clone, Debug)]
pub struct Related {
    pub file: Arc<SourceText>,
    pub span: Span,
    pub message: String,
}

impl PartialEq for Related {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.file, &other.file)
            && self.span == other.span
            && self.message == other.message
    }
}

impl Finding {
    /// The id of the rule that produced it, or its code when no rule did.
    pub fn rule_id(&self) -> &str {
        self.rule.as_ref().map_or(&self.code, |r| &r.meta.id)
    }
}
