//! The loaded YAML tree. Every node, and every mapping key, keeps the byte
//! span it was written at, so a finding can point at the exact value.

use compact_str::CompactString;

use crate::span::Span;

/// A YAML value with its span in the report file. For a collection the span
/// runs from its first byte (`-`, `[`, `{` or the first key) to the end of its
/// last element, so a label on it covers what a reader sees as the block.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Inline up to 24 bytes: a report's keys, ids and statuses take no
    /// allocation of their own, which matters most where trees are copied
    /// and kept (the rules across reports).
    Str(CompactString),
    /// Boxed slices, not vectors: a tree is built once and never grows,
    /// and without a capacity the kind is 24 bytes, a node 40 (a third of
    /// the memory of the small mappings the rules across reports keep).
    Seq(Box<[Node]>),
    /// Entries in document order.
    Map(Box<[Entry]>),
}

/// One `key: value` pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    /// The entry whose key is the string `name`, if this is a mapping.
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|e| matches!(&e.key.kind, NodeKind::Str(k) if k == name)),
            _ => None,
        }
    }

    /// The value at key `name`, if this is a mapping that has it.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.entry(name).map(|e| &e.value)
    }

    /// A short name of the node's YAML type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "boolean",
            NodeKind::Int(_) | NodeKind::Float(_) => "number",
            NodeKind::Str(_) => "string",
            NodeKind::Seq(_) => "list",
            NodeKind::Map(_) => "mapping",
        }
    }

    /// The path of the deepest node whose span contains `span`, written as a
    /// rule author would (`measures[3].status`); empty for the root. Used at
    /// output time, so the evaluator never builds paths on its hot path.
    pub fn path_to(&self, span: Span) -> String {
        let mut path = String::new();
        let mut node = self;
        loop {
            match &node.kind {
                NodeKind::Seq(items) => {
                    let Some(i) = find(items, |item| item.span, span) else {
                        break;
                    };
                    path.push_str(&format!("[{i}]"));
                    node = &items[i];
                }
                NodeKind::Map(entries) => {
                    let within = |e: &Entry| Span::new(e.key.span.start, e.value.span.end);
                    let found = find(entries, within, span).filter(|&i| {
                        let e = &entries[i];
                        contains(e.key.span, span) || contains(e.value.span, span)
                    });
                    let Some(e) = found.map(|i| &entries[i]) else {
                        break;
                    };
                    if !path.is_empty() {
                        path.push('.');
                    }
                    match &e.key.kind {
                        NodeKind::Str(k) => path.push_str(k),
                        _ => path.push_str(&format!("{:?}", e.key.kind)),
                    }
                    if contains(e.key.span, span) {
                        break;
                    }
                    node = &e.value;
                }
                _ => break,
            }
        }
        path
    }
}

/// The index of the element of `items` whose span (`span_of`) holds
/// `span`. Elements are in document order, so a binary search finds it
/// (a report with 45,000 findings in a list of 45,000 elements would
/// otherwise scan the list for each); an alias or a merge key can put an
/// element out of order, and then the elements are scanned, first match
/// first.
fn find<T>(items: &[T], span_of: impl Fn(&T) -> Span, span: Span) -> Option<usize> {
    let i = items.partition_point(|item| span_of(item).end < span.start);
    if items
        .get(i)
        .is_some_and(|item| contains(span_of(item), span))
        && (i == 0 || span_of(&items[i - 1]).end <= span_of(&items[i]).start)
    {
        return Some(i);
    }
    items.iter().position(|item| contains(span_of(item), span))
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end
        && !(outer.is_empty() && inner.start != outer.start)
}
