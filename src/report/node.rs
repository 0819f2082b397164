//! The loaded YAML tree. Every node, and every mapping key, keeps the byte
//! span it was written at, so a finding can point at the exact value.

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
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order.
    Map(Vec<Entry>),
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
        'descend: loop {
            match &node.kind {
                NodeKind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if contains(item.span, span) {
                            path.push_str(&format!("[{i}]"));
                            node = item;
                            continue 'descend;
                        }
                    }
                }
                NodeKind::Map(entries) => {
                    for e in entries {
                        let on_key = contains(e.key.span, span);
                        if on_key || contains(e.value.span, span) {
                            if !path.is_empty() {
                                path.push('.');
                            }
                            match &e.key.kind {
                                NodeKind::Str(k) => path.push_str(k),
                                _ => path.push_str(&format!("{:?}", e.key.kind)),
                            }
                            if on_key {
                                break 'descend;
                            }
                            node = &e.value;
                            continue 'descend;
                        }
                    }
                }
                _ => {}
            }
            break;
        }
        path
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end
        && !(outer.is_empty() && inner.start != outer.start)
}
