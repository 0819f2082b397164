//! The loader's resource limits, and the words a report author reads when a
//! file breaks one.
//!
//! A report is untrusted input to a CI gate (SECURITY.md), so loading it
//! must stay cheap in time, memory and stack whatever it holds. Each limit
//! here is far above any real report (a few levels of nesting, a few
//! thousand values) and far below what hurts the gate. They are at least as
//! strict as serde-saphyr's `Budget` defaults, which the loader used before
//! it read granit-parser's events itself; the numbers are listed in
//! SECURITY.md, each with its test in `tests/limits.rs`.

use super::load::{LoadError, LoadKind};
use crate::span::Span;

/// What loading one file may cost. [`Limits::default`] is what `check` and
/// `test` use; the fields are public so a test or a benchmark can load with
/// tighter ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Collections open at once (`- - x` is two). Every recursive walk of a
    /// loaded tree elsewhere in the code (dropping it, cloning it, the
    /// evaluator) relies on this bound to stay within a small thread stack.
    pub max_depth: usize,
    /// Values and keys built, alias copies included: an alias costs as many
    /// values as the node it names, so an alias bomb is stopped before it is
    /// expanded, not after.
    pub max_values: usize,
    /// Aliases (`*name`) in the file.
    pub max_aliases: usize,
    /// Anchors (`&name`) in the file.
    pub max_anchors: usize,
    /// Values kept aside for aliases: each anchored node is copied once when
    /// it is complete, and an anchor inside another one is kept in both.
    pub max_anchored_values: usize,
    /// Documents in the file.
    pub max_documents: usize,
    /// Parser events, comments included (a comment is an event, in a text
    /// whose comments are read: see `load.rs`).
    pub max_events: usize,
    /// Comments the parser may hold while it looks ahead in one place (for
    /// instance between a key and the block under it).
    pub max_comment_run: usize,
    /// Bytes of text in scalar values, alias copies and anchored copies
    /// included.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_values: 250_000,
            max_aliases: 50_000,
            max_anchors: 50_000,
            max_anchored_values: 1_000_000,
            max_documents: 1_024,
            max_events: 1_000_000,
            max_comment_run: 100_000,
            max_text_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Which limit a file broke; [`Breach::error`] words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Breach {
    Depth,
    /// `true` when aliases were expanded before the limit was reached, so
    /// the message can say why a small file has so many values.
    Values(bool),
    Aliases,
    Anchors,
    AnchoredValues,
    Documents,
    Events,
    CommentRun,
    TextBytes,
}

/// Why every limit exists, for the help of each.
const MADE: &str = "this limit stops a file made to exhaust the checker";

pub(crate) const NESTING_HELP: &str =
    "a report nests a few levels deep; this limit stops a file made to exhaust the checker";

impl Breach {
    /// The finding for this breach at `at`.
    pub(crate) fn error(self, limits: &Limits, at: usize) -> LoadError {
        let (message, help) = match self {
            Breach::Depth => (
                format!(
                    "the report nests more than {} levels deep",
                    limits.max_depth
                ),
                NESTING_HELP.to_string(),
            ),
            Breach::Values(expanded) => (
                if expanded {
                    format!(
                        "the report has more than {} values once its aliases are expanded",
                        limits.max_values
                    )
                } else {
                    format!("the report has more than {} values", limits.max_values)
                },
                format!(
                    "an alias (`*name`) counts every value of what it names, every time; {MADE}"
                ),
            ),
            Breach::Aliases => (
                format!(
                    "the report uses aliases (`*name`) more than {} times",
                    limits.max_aliases
                ),
                format!("write the values out, or use each anchor fewer times; {MADE}"),
            ),
            Breach::Anchors => (
                format!(
                    "the report defines more than {} anchors (`&name`)",
                    limits.max_anchors
                ),
                MADE.to_string(),
            ),
            Breach::AnchoredValues => (
                format!(
                    "the report's anchors (`&name`) hold more than {} values together",
                    limits.max_anchored_values
                ),
                format!("an anchor inside another one counts in both; {MADE}"),
            ),
            Breach::Documents => (
                format!(
                    "the report has more than {} documents",
                    limits.max_documents
                ),
                format!("split it into several files; {MADE}"),
            ),
            Breach::Events => (
                format!(
                    "the report has more than {} YAML parser events",
                    limits.max_events
                ),
                format!("split it into several files; {MADE}"),
            ),
            Breach::CommentRun => (
                format!(
                    "the report has more than {} comments in one place",
                    limits.max_comment_run
                ),
                MADE.to_string(),
            ),
            Breach::TextBytes => (
                format!(
                    "the report's text values are longer than {} MiB together",
                    limits.max_text_bytes / (1024 * 1024)
                ),
                format!("alias copies count too; {MADE}"),
            ),
        };
        LoadError {
            message,
            span: Some(Span::new(at, at)),
            kind: LoadKind::Limit,
            help: Some(help),
        }
    }
}
