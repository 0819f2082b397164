//! The texts findings point into, and one address space for all of them.
//!
//! A finding is usually about the report being checked, but a rule can
//! read reference data (`data NAME "PATH"`) and a set rule reads every
//! report of the run: its values, and so the spans findings point at, come
//! from several files. As a compiler's source map does, each text gets its
//! own range of one address space, so that a span says both which file and
//! where, and the evaluator, which only moves spans around, needs to know
//! nothing of files. The report checked alone sits at 0, as it always did;
//! data files and the reports of a set sit at ranges far above any report
//! ([`DATA_BASE`], [`SET_BASE`]). [`SourceMap`] turns a span back into a
//! file and a span of its own.

use std::sync::Arc;

use crate::span::{LineIndex, Span};

// Spans of every file of a run share one `usize` space, which needs 64 bits.
const _: () = assert!(usize::BITS >= 64, "pilotlint needs a 64-bit target");

/// Where the reports of a set start: above any one report (64 MiB at most)
/// and below the data files.
pub const SET_BASE: usize = 1 << 40;

/// Where the data files start; data file `k` is at `DATA_BASE + k *
/// DATA_STRIDE`.
pub const DATA_BASE: usize = 1 << 56;

/// The room each data file has.
pub const DATA_STRIDE: usize = 1 << 40;

/// A named text with its line index: a rule file, a data file, or a report
/// a finding points into. Shared, so every finding of a file refers to one
/// copy.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceText {
    /// As given by the user (a path), or `builtin:NAME` for embedded packs.
    pub name: String,
    pub text: String,
    pub lines: LineIndex,
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        SourceText {
            name: name.into(),
            lines: LineIndex::new(&text),
            text,
        }
    }

    /// A source whose line index `lines` is already made (from the line
    /// lengths kept of it: [`LineIndex::from_lengths`]).
    pub fn with_index(name: String, text: String, lines: LineIndex) -> Self {
        SourceText { name, text, lines }
    }
}

/// Which text a range of the address space holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The report checked alone (at 0).
    Report,
    /// Report `i` of a set.
    SetReport(usize),
    /// Data file `k` of the rule set.
    Data(usize),
}

/// The ranges of the address space and the texts they hold.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// `(base, length, origin)`, sorted by base.
    ranges: Vec<(usize, usize, Origin)>,
}

impl SourceMap {
    /// Records that `origin`, `len` bytes long, sits at `base`.
    pub fn add(&mut self, base: usize, len: usize, origin: Origin) {
        let at = self.ranges.partition_point(|(b, ..)| *b < base);
        self.ranges.insert(at, (base, len, origin));
    }

    /// The text `span` is in and the span within it; `None` for a span in
    /// no recorded text. A span at the very end of a text (a point after
    /// its last byte) is in it.
    pub fn locate(&self, span: Span) -> Option<(Origin, Span)> {
        let at = self.ranges.partition_point(|(b, ..)| *b <= span.start);
        let (base, len, origin) = *self.ranges.get(at.checked_sub(1)?)?;
        let end = span.end.max(span.start);
        if end - base > len {
            return None;
        }
        Some((origin, Span::new(span.start - base, end - base)))
    }
}

/// Shifts every span of `node` (and its keys and children) by `by`, with
/// an explicit stack: the loader's depth limit bounds trees, but this
/// needs no stack of its own anyway.
pub fn shift(node: &mut crate::report::Node, by: usize) {
    use crate::report::NodeKind;
    let mut todo: Vec<&mut crate::report::Node> = vec![node];
    while let Some(n) = todo.pop() {
        n.span = Span::new(n.span.start + by, n.span.end + by);
        match &mut n.kind {
            NodeKind::Seq(items) => todo.extend(items.iter_mut()),
            NodeKind::Map(entries) => {
                for e in entries.iter_mut() {
                    todo.push(&mut e.key);
                    todo.push(&mut e.value);
                }
            }
            _ => {}
        }
    }
}

/// A shared text, for findings that point into it.
pub type Shared = Arc<SourceText>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_located_in_their_own_text() {
        let mut map = SourceMap::default();
        map.add(0, 10, Origin::Report);
        map.add(DATA_BASE, 5, Origin::Data(0));
        map.add(SET_BASE + 11, 4, Origin::SetReport(1));
        map.add(SET_BASE, 10, Origin::SetReport(0));
        assert_eq!(
            map.locate(Span::new(2, 4)),
            Some((Origin::Report, Span::new(2, 4)))
        );
        assert_eq!(
            map.locate(Span::new(10, 10)),
            Some((Origin::Report, Span::new(10, 10)))
        );
        assert_eq!(
            map.locate(Span::new(SET_BASE + 12, SET_BASE + 15)),
            Some((Origin::SetReport(1), Span::new(1, 4)))
        );
        assert_eq!(
            map.locate(Span::new(DATA_BASE + 1, DATA_BASE + 2)),
            Some((Origin::Data(0), Span::new(1, 2)))
        );
        // Past the end of a text, or before the first: in none.
        assert_eq!(map.locate(Span::new(SET_BASE + 12, SET_BASE + 16)), None);
        assert_eq!(map.locate(Span::new(11, 12)), None);
    }
}
