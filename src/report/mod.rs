//! Reports: YAML documents loaded with a byte span on every value and key,
//! and the report's comments.
//!
//! `node.rs` is the tree the evaluator reads. `load.rs` runs granit-parser
//! over the text and `build.rs` turns its events into that tree, with
//! `scalar.rs` (what a scalar means: YAML 1.2 core schema, tags), `keys.rs`
//! (duplicate and merge keys) and `limits.rs` (what loading may cost). Any
//! failure is a [`LoadError`] with the position the parser gives.
//!
//! Nesting is survived by an explicit stack in the builder and a depth bound
//! that every recursive walk of a tree relies on: granit-parser keeps its
//! own state on the heap too, so no input depth reaches the call stack, and
//! [`Limits::max_depth`] keeps every tree shallow enough for the recursive
//! walks elsewhere (dropping or cloning a tree, evaluating rules) on a
//! 2 MiB thread stack.

mod ambiguous;
mod build;
mod keys;
mod limits;
mod load;
mod node;
mod pack;
mod scalar;

pub use limits::Limits;
pub use load::{LoadError, LoadKind, load, load_bytes, load_with, may_suppress};
pub use node::{Entry, Node, NodeKind};
pub use pack::{pack, unpack};

use crate::span::Span;

/// A loaded report file.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// One per YAML document, in order; null and empty documents included
    /// (`---` alone is a Null document), as the YAML test suite expects.
    pub documents: Vec<Node>,
    /// Every comment the parser saw, in order: the span from `#` to the end
    /// of its line (line break excluded). Comes from the parser's own
    /// comment events, so a `#` inside a quoted string or a block scalar is
    /// never a comment. Empty for a text that does not mention `pilotlint`
    /// ([`may_suppress`]): comments are read only for suppressions.
    pub comments: Vec<Span>,
}

impl Loaded {
    /// The documents a rule can check: all but the null ones (`---` alone,
    /// `~`), which hold no report. The loader before granit-parser dropped
    /// those itself, and callers that count reports still want that.
    pub fn into_reports(self) -> Vec<Node> {
        self.documents
            .into_iter()
            .filter(|d| !matches!(d.kind, NodeKind::Null))
            .collect()
    }
}

#[cfg(test)]
mod tests;
