//! A tree kept for later in one allocation: [`pack`] writes the parts of a
//! [`Node`] tree a caller keeps (mapping entries chosen by key) into a
//! byte buffer, and [`unpack`] makes the tree again.
//!
//! A run keeps what the rules across reports read of every report until
//! all are checked. Kept as trees, that is an allocation per mapping and
//! list of every report, made between the allocations of the reports
//! still being checked: a heap twice the size and slower for them too.
//! Packed, it is one buffer per report, a sixth of the bytes; the trees
//! are made again once, together, when the set rules run.
//!
//! The encoding: a tag byte, the span as two LEB128 numbers (start, and
//! length), then the value: an integer or a float as 8 bytes, a string
//! as its length and bytes, a list as its length and elements, a mapping
//! as its length and key, value pairs. Only this module writes and reads
//! it, in one process; [`unpack`] still checks every read, and a buffer
//! it cannot read gives `None`, not a panic.

use compact_str::CompactString;

use super::node::{Entry, Node, NodeKind};
use crate::span::Span;

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const STR: u8 = 5;
const SEQ: u8 = 6;
const MAP: u8 = 7;

/// Appends `node` to `out`, with only the mapping entries whose key
/// `keep` accepts, at every depth (list elements are all kept). Trees are
/// as deep as the loader allows, so the recursion is bounded. Generic in
/// `keep`, which is asked about every key of every report of a run: made
/// for it, the test is inlined rather than called.
pub fn pack<K: Fn(&Node) -> bool + ?Sized>(node: &Node, keep: &K, out: &mut Vec<u8>) {
    let tag = match &node.kind {
        NodeKind::Null => NULL,
        NodeKind::Bool(false) => FALSE,
        NodeKind::Bool(true) => TRUE,
        NodeKind::Int(_) => INT,
        NodeKind::Float(_) => FLOAT,
        NodeKind::Str(_) => STR,
        NodeKind::Seq(_) => SEQ,
        NodeKind::Map(_) => MAP,
    };
    out.push(tag);
    varint(node.span.start as u64, out);
    varint(node.span.end.saturating_sub(node.span.start) as u64, out);
    match &node.kind {
        NodeKind::Null | NodeKind::Bool(_) => {}
        NodeKind::Int(i) => out.extend_from_slice(&i.to_le_bytes()),
        NodeKind::Float(f) => out.extend_from_slice(&f.to_bits().to_le_bytes()),
        NodeKind::Str(s) => {
            varint(s.len() as u64, out);
            out.extend_from_slice(s.as_bytes());
        }
        NodeKind::Seq(items) => {
            varint(items.len() as u64, out);
            for item in items {
                pack(item, keep, out);
            }
        }
        NodeKind::Map(entries) => {
            // Each key is tested once: a mapping has at most 64 entries
            // kept in a word's bits, and any more are tested again.
            let mut kept = 0u64;
            let mut n = 0;
            for (i, e) in entries.iter().enumerate() {
                if keep(&e.key) {
                    n += 1;
                    if i < 64 {
                        kept |= 1 << i;
                    }
                }
            }
            varint(n as u64, out);
            for (i, e) in entries.iter().enumerate() {
                let keeps = if i < 64 {
                    kept & (1 << i) != 0
                } else {
                    keep(&e.key)
                };
                if keeps {
                    pack(&e.key, keep, out);
                    pack(&e.value, keep, out);
                }
            }
        }
    }
}

/// The trees [`pack`] wrote one after another into `bytes`, in order,
/// with every span moved `base` bytes on; `None` if `bytes` is not such a
/// buffer.
pub fn unpack(bytes: &[u8], base: usize) -> Option<Vec<Node>> {
    let mut r = Reader { bytes, at: 0, base };
    let mut nodes = Vec::new();
    while r.at < bytes.len() {
        nodes.push(r.node()?);
    }
    Some(nodes)
}

fn varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    base: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let part = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(part)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn varint(&mut self) -> Option<usize> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return usize::try_from(n).ok();
            }
        }
        None
    }

    fn eight(&mut self) -> Option<[u8; 8]> {
        self.take(8)?.try_into().ok()
    }

    /// A count of items that each take at least one byte: never more
    /// than the bytes left, so a bad count cannot reserve memory.
    fn count(&mut self) -> Option<usize> {
        let n = self.varint()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    fn node(&mut self) -> Option<Node> {
        let tag = self.byte()?;
        let start = self.varint()?.checked_add(self.base)?;
        let span = Span::new(start, start.checked_add(self.varint()?)?);
        let kind = match tag {
            NULL => NodeKind::Null,
            FALSE => NodeKind::Bool(false),
            TRUE => NodeKind::Bool(true),
            INT => NodeKind::Int(i64::from_le_bytes(self.eight()?)),
            FLOAT => NodeKind::Float(f64::from_bits(u64::from_le_bytes(self.eight()?))),
            STR => {
                let n = self.varint()?;
                let text = std::str::from_utf8(self.take(n)?).ok()?;
                NodeKind::Str(CompactString::from(text))
            }
            SEQ => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.node()?);
                }
                NodeKind::Seq(items.into_boxed_slice())
            }
            MAP => {
                let n = self.count()?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = self.node()?;
                    let value = self.node()?;
                    entries.push(Entry { key, value });
                }
                NodeKind::Map(entries.into_boxed_slice())
            }
            _ => return None,
        };
        Some(Node { kind, span })
    }
}

#[cfg(test)]
mod tests {
    use super::{pack, unpack};
    use crate::report::{Entry, Node, NodeKind, load};
    use crate::span::Span;

    fn packed(text: &str, keep: &dyn Fn(&Node) -> bool) -> (Vec<Node>, Vec<u8>) {
        let docs = load(text).expect("loads").documents;
        let mut out = Vec::new();
        for d in &docs {
            pack(d, keep, &mut out);
        }
        (docs, out)
    }

    /// `n` with every span zero.
    fn unspanned(n: &Node) -> Node {
        let kind = match &n.kind {
            NodeKind::Seq(items) => NodeKind::Seq(items.iter().map(unspanned).collect()),
            NodeKind::Map(entries) => NodeKind::Map(
                entries
                    .iter()
                    .map(|e| Entry {
                        key: unspanned(&e.key),
                        value: unspanned(&e.value),
                    })
                    .collect(),
            ),
            other => other.clone(),
        };
        Node {
            kind,
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn every_kind_of_value_comes_back_with_its_span() {
        let text =
            "a: ~\nb: [true, false, -7, 2.5, 'x', \"é\u{1F600}\"]\nc: {d: {e: 1}}\n---\n- 9\n";
        let (docs, out) = packed(text, &|_| true);
        assert_eq!(unpack(&out, 0).expect("unpacks"), docs);
    }

    #[test]
    fn only_the_kept_keys_stay_at_every_depth() {
        let (_, out) = packed(
            "id: 1\ndrop: {id: 2}\nlist:\n  - {id: 3, drop: 4}\n",
            &|k| !matches!(&k.kind, NodeKind::Str(s) if s == "drop"),
        );
        let back = unpack(&out, 0).expect("unpacks");
        let again = load("id: 1\nlist:\n  - {id: 3}\n")
            .expect("loads")
            .documents;
        // The shape of a report written without the dropped keys; the
        // spans are those of the first text.
        assert_eq!(
            back.iter().map(unspanned).collect::<Vec<_>>(),
            again.iter().map(unspanned).collect::<Vec<_>>()
        );
        let root = &back[0];
        assert!(root.entry("drop").is_none());
        let NodeKind::Seq(items) = &root.entry("list").expect("list").value.kind else {
            panic!("a list")
        };
        assert!(items[0].entry("drop").is_none() && items[0].entry("id").is_some());
        // `3` in `  - {id: 3, drop: 4}`, the line at byte 26.
        assert_eq!(items[0].entry("id").expect("id").value.span.start, 35);
        let moved = unpack(&out, 1000).expect("unpacks");
        assert_eq!(moved[0].span.start, back[0].span.start + 1000);
    }

    /// A mapping of more than 64 entries: the keys past the 64th are
    /// tested again when written, and only the kept ones are.
    #[test]
    fn a_mapping_of_more_than_64_entries_keeps_the_same_keys() {
        let text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        let keep = |k: &Node| matches!(&k.kind, NodeKind::Str(s) if s.ends_with('7'));
        let (_, out) = packed(&text, &keep);
        let back = unpack(&out, 0).expect("unpacks");
        let NodeKind::Map(entries) = &back[0].kind else {
            panic!("a mapping")
        };
        let keys: Vec<String> = entries
            .iter()
            .map(|e| match &e.key.kind {
                NodeKind::Str(s) => s.to_string(),
                _ => String::new(),
            })
            .collect();
        let expected: Vec<String> = [7, 17, 27, 37, 47, 57, 67, 77, 87, 97]
            .iter()
            .map(|i| format!("k{i}"))
            .collect();
        assert_eq!(keys, expected);
        assert!(matches!(entries[9].value.kind, NodeKind::Int(97)));
    }

    #[test]
    fn a_cut_or_altered_buffer_gives_none_never_a_panic() {
        let (_, out) = packed("a: [1, 'two', {b: 3.5}]\n", &|_| true);
        for cut in 0..out.len() {
            // A cut may fall between two trees; then the first ones read.
            let _ = unpack(&out[..cut], 0);
        }
        for i in 0..out.len() {
            for b in [0u8, 0x7f, 0x80, 0xff] {
                let mut bad = out.clone();
                bad[i] = b;
                let _ = unpack(&bad, 0);
            }
        }
        assert!(unpack(&[9], 0).is_none());
        assert!(unpack(&[6, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f], 0).is_none());
    }
}
