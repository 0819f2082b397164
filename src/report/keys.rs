//! Mapping keys: equality of two keys by value, and the index that finds a
//! key among a mapping's entries, so duplicate keys are caught and merge
//! keys (`<<`) can tell which keys a mapping already has.
//!
//! Keys are compared by value, never by span: `1` and `01` are the same
//! integer key, `1` and `"1"` are not. Both walks over a key (equality and
//! hashing) use an explicit stack, so a key that is itself a deep collection
//! costs no stack per level.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};

use super::node::{Entry, Node, NodeKind};

/// Below this many entries a mapping is searched from start to end: real
/// reports' mappings are a handful of keys, where hashing costs more than
/// comparing. Above it, a hash index keeps a mapping with a hundred thousand
/// keys linear instead of quadratic.
const LINEAR: usize = 16;

/// The keys of one mapping under construction.
#[derive(Default)]
pub(crate) struct KeyIndex {
    /// Hash of a key's value to the positions of the entries with it.
    hashed: Option<(RandomState, HashMap<u64, Vec<u32>>)>,
}

impl KeyIndex {
    /// Whether `entries` has an entry whose key equals `key`.
    pub(crate) fn contains(&self, entries: &[Entry], key: &Node) -> bool {
        match &self.hashed {
            None => entries.iter().any(|e| same_value(&e.key, key)),
            Some((state, map)) => map.get(&hash_value(state, key)).is_some_and(|at| {
                at.iter().any(|&i| {
                    entries
                        .get(i as usize)
                        .is_some_and(|e| same_value(&e.key, key))
                })
            }),
        }
    }

    /// Appends `entry`, keeping the index in step with `entries`.
    pub(crate) fn push(&mut self, entries: &mut Vec<Entry>, entry: Entry) {
        entries.push(entry);
        match &mut self.hashed {
            Some((state, map)) => {
                let at = entries.len() - 1;
                map.entry(hash_value(state, &entries[at].key))
                    .or_default()
                    .push(at as u32);
            }
            None if entries.len() > LINEAR => {
                let state = RandomState::new();
                let mut map: HashMap<u64, Vec<u32>> = HashMap::with_capacity(entries.len() * 2);
                for (i, e) in entries.iter().enumerate() {
                    map.entry(hash_value(&state, &e.key))
                        .or_default()
                        .push(i as u32);
                }
                self.hashed = Some((state, map));
            }
            None => {}
        }
    }
}

/// Whether two nodes hold the same value, spans aside. Floats compare as
/// numbers (so a NaN key never equals another), and mappings compare entry
/// by entry in order. Two scalars, the case of nearly every key, compare
/// without allocating.
pub(crate) fn same_value(a: &Node, b: &Node) -> bool {
    match same_scalar(a, b) {
        Some(same) => same,
        None => same_collections(a, b),
    }
}

/// `None` when both are collections of the same kind and length, whose
/// children must be compared.
fn same_scalar(a: &Node, b: &Node) -> Option<bool> {
    Some(match (&a.kind, &b.kind) {
        (NodeKind::Null, NodeKind::Null) => true,
        (NodeKind::Bool(x), NodeKind::Bool(y)) => x == y,
        (NodeKind::Int(x), NodeKind::Int(y)) => x == y,
        (NodeKind::Float(x), NodeKind::Float(y)) => x == y,
        (NodeKind::Str(x), NodeKind::Str(y)) => x == y,
        (NodeKind::Seq(x), NodeKind::Seq(y)) if x.len() == y.len() => return None,
        (NodeKind::Map(x), NodeKind::Map(y)) if x.len() == y.len() => return None,
        _ => false,
    })
}

fn same_collections(a: &Node, b: &Node) -> bool {
    let mut todo = vec![(a, b)];
    while let Some((a, b)) = todo.pop() {
        match (&a.kind, &b.kind) {
            (NodeKind::Seq(x), NodeKind::Seq(y)) if x.len() == y.len() => {
                todo.extend(x.iter().zip(y));
            }
            (NodeKind::Map(x), NodeKind::Map(y)) if x.len() == y.len() => {
                for (e, f) in x.iter().zip(y) {
                    todo.push((&e.key, &f.key));
                    todo.push((&e.value, &f.value));
                }
            }
            _ => {
                if same_scalar(a, b) != Some(true) {
                    return false;
                }
            }
        }
    }
    true
}

/// A hash of a node's value consistent with [`same_value`].
fn hash_value(state: &RandomState, node: &Node) -> u64 {
    let mut h = state.build_hasher();
    if let NodeKind::Str(s) = &node.kind {
        (4u8, s).hash(&mut h);
        return h.finish();
    }
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        match &n.kind {
            NodeKind::Null => 0u8.hash(&mut h),
            NodeKind::Bool(b) => (1u8, b).hash(&mut h),
            NodeKind::Int(i) => (2u8, i).hash(&mut h),
            // 0.0 == -0.0, so both hash alike; a NaN equals nothing anyway.
            NodeKind::Float(f) => (3u8, (f + 0.0).to_bits()).hash(&mut h),
            NodeKind::Str(s) => (4u8, s).hash(&mut h),
            NodeKind::Seq(items) => {
                (5u8, items.len()).hash(&mut h);
                todo.extend(items.iter().rev());
            }
            NodeKind::Map(entries) => {
                (6u8, entries.len()).hash(&mut h);
                for e in entries.iter().rev() {
                    todo.push(&e.value);
                    todo.push(&e.key);
                }
            }
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn n(kind: NodeKind, at: usize) -> Node {
        Node {
            kind,
            span: Span::new(at, at + 1),
        }
    }

    #[test]
    fn keys_equal_by_value_whatever_their_spans() {
        let a = n(NodeKind::Seq(Box::new([n(NodeKind::Int(1), 1)])), 0);
        let b = n(NodeKind::Seq(Box::new([n(NodeKind::Int(1), 9)])), 8);
        assert!(same_value(&a, &b));
        assert!(!same_value(
            &n(NodeKind::Int(1), 0),
            &n(NodeKind::Str("1".into()), 0)
        ));
        assert!(!same_value(
            &n(NodeKind::Float(f64::NAN), 0),
            &n(NodeKind::Float(f64::NAN), 0)
        ));
    }

    #[test]
    fn a_large_mapping_finds_its_keys_through_the_hash_index() {
        let mut index = KeyIndex::default();
        let mut entries = Vec::new();
        for i in 0..100 {
            let key = n(NodeKind::Str(format!("k{i}").into()), i);
            assert!(!index.contains(&entries, &key));
            let value = n(NodeKind::Null, i);
            index.push(&mut entries, Entry { key, value });
        }
        assert!(index.hashed.is_some());
        assert!(index.contains(&entries, &n(NodeKind::Str("k0".into()), 500)));
        assert!(index.contains(&entries, &n(NodeKind::Str("k99".into()), 500)));
        assert!(!index.contains(&entries, &n(NodeKind::Str("k100".into()), 500)));
        assert!(index.contains(&entries, &n(NodeKind::Str("k16".into()), 0)));
    }
}
