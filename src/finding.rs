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

/// Codes of findings that no rule produced, or that a rule produced but that
/// are about the data rather than the policy.
pub mod codes {
    /// The report is not valid YAML, or not UTF-8.
    pub const YAML_SYNTAX: &str = "yaml-syntax";
    /// The report may be valid YAML but is over one of the loader's limits
    /// (nesting depth, alias expansion, number of documents or values).
    pub const YAML_LIMIT: &str = "yaml-limit";
    /// The report file is larger than `--max-file-size`; it is not read.
    pub const FILE_TOO_LARGE: &str = "file-too-large";
    /// The path named as a report is not a regular file (a FIFO, a socket,
    /// a device): it is not opened, since reading it could block or never
    /// end.
    pub const NOT_A_FILE: &str = "not-a-file";
    /// A symbolic link whose target is outside the tree a gate checks: not
    /// read, so a submission cannot make the gate show a runner's files.
    pub const OUTSIDE_TREE: &str = "outside-tree";
    /// An ordering comparison (`<`, `>=`, ...) between values that have no
    /// common order, such as a date and a number.
    pub const INCOMPARABLE: &str = "incomparable";
    /// A value of the wrong type where a rule needs a specific one (a filter
    /// over something that is not a list, arithmetic on a string).
    pub const TYPE_MISMATCH: &str = "type-mismatch";
    /// A `matches` pattern that is not a literal of the rule (a report
    /// value, or built from one) is not a valid regular expression, or is
    /// over the size limits; it points where the pattern came from.
    pub const INVALID_PATTERN: &str = "invalid-pattern";
    /// Evaluation exceeded its work budget.
    pub const EVAL_LIMIT: &str = "eval-limit";
    /// The file holds no YAML document, or only empty ones: nothing to check
    /// is not a report that passed.
    pub const EMPTY_REPORT: &str = "empty-report";
    /// The findings of a report beyond what the front end shows of one
    /// (`--max-findings`): one info note saying how many more there are.
    pub const FINDINGS_NOT_SHOWN: &str = "findings-not-shown";
    /// A `# pilotlint: ignore[...]` comment that silenced no finding
    /// (a warning).
    pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
    /// A `# pilotlint:` comment that cannot be read as a suppression: no
    /// reason, an unknown rule, bad syntax (a warning; it silences nothing).
    pub const INVALID_SUPPRESSION: &str = "invalid-suppression";
    /// An entry of the baseline (`--baseline FILE`) that no finding of the
    /// run matched: the finding it recorded is gone, and the baseline can
    /// shrink (an info note).
    pub const UNUSED_BASELINE: &str = "unused-baseline";

    /// Whether `code` is about a suppression (a comment, or an entry of a
    /// baseline): such a finding sits beside the rules' findings, while the
    /// other rule-less ones (a file that is not YAML, too large, empty)
    /// mean no rule checked the file.
    pub fn is_suppression(code: &str) -> bool {
        code == UNUSED_SUPPRESSION || code == INVALID_SUPPRESSION || code == UNUSED_BASELINE
    }
}

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
