//! A tree kept for later in one allocation: [`pack`] writes the parts of a
//! [`Node`] tree a caller keeps (mapping entries chosen by key) into a
//! byte buffer, and [`unpack`] makes the tree again.
//!
//! A run keeps what the rules across reports read of every report until
//! all are checked. Kept as trees made on the checking threads, that is
//! an allocation per mapping and list of every report, made between the
//! allocations of the reports still being checked: a heap twice the size
//! and slower for them too. Packed, it is one buffer per report, a sixth
//! of the bytes, handed to another thread that makes the trees again
//! among its own allocations (`pipeline::SetBuilder`).
//!
//! The encoding: a tag byte, the span as two LEB128 numbers (its start,
//! as the zigzag difference from the start of the node written before,
//! and its length), then the value: an integer or a float as 8 bytes, a
//! string as its length and bytes, a list as its length and elements, a
//! mapping as its length and its entries. A kept key is one of the
//! caller's names: an entry is the name's number, the key's span, and the
//! value. Both make every kept measure of a report a few bytes, and its
//! reading back a copy of a name instead of a text checked again. Only
//! this module writes and reads the encoding, in one process; [`unpack`]
//! still checks every read, and a buffer it cannot read gives `None`, not
//! a panic.

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
/// `keep` names, at every depth (list elements are all kept): `keep(key)`
/// is the key's number in the names [`unpack`] will be given. Trees are
/// as deep as the loader allows, so the recursion is bounded. Generic in
/// `keep`, which is asked about every key of every report of a run: made
/// for it, the test is inlined rather than called.
pub fn pack<K: Fn(&Node) -> Option<usize> + ?Sized>(node: &Node, keep: &K, out: &mut Vec<u8>) {
    Writer { out, prev: 0 }.node(node, keep);
}

/// The trees [`pack`] wrote one after another into `bytes`, in order,
/// with every span moved `base` bytes on and every key the name its
/// number gives in `names`; `None` if `bytes` is not such a buffer.
pub fn unpack(bytes: &[u8], base: usize, names: &[CompactString]) -> Option<Vec<Node>> {
    let mut r = Reader {
        bytes,
        at: 0,
        base,
        prev: 0,
        names,
    };
    let mut nodes = Vec::new();
    while r.at < bytes.len() {
        r.prev = 0;
        nodes.push(r.node()?);
    }
    Some(nodes)
}

/// The longest header: three LEB128 numbers of 64 bits (a tag or a key's
/// number, a start's difference, a length).
const HEADER: usize = 3 * 10;

struct Writer<'o> {
    out: &'o mut Vec<u8>,
    /// The start of the span written last.
    prev: usize,
}

impl Writer<'_> {
    /// A span after `head` (a tag, or a key's number), written in one go.
    fn header(&mut self, head: usize, span: Span) {
        let mut buf = [0u8; HEADER];
        let mut n = put(&mut buf, 0, head as u64);
        let delta = (span.start as i64).wrapping_sub(self.prev as i64);
        n = put(&mut buf, n, ((delta << 1) ^ (delta >> 63)) as u64);
        n = put(&mut buf, n, span.end.saturating_sub(span.start) as u64);
        self.prev = span.start;
        self.out.extend_from_slice(&buf[..n]);
    }

    fn node<K: Fn(&Node) -> Option<usize> + ?Sized>(&mut self, node: &Node, keep: &K) {
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
        self.header(usize::from(tag), node.span);
        match &node.kind {
            NodeKind::Null | NodeKind::Bool(_) => {}
            NodeKind::Int(i) => self.out.extend_from_slice(&i.to_le_bytes()),
            NodeKind::Float(f) => self.out.extend_from_slice(&f.to_bits().to_le_bytes()),
            NodeKind::Str(s) => {
                varint(s.len() as u64, self.out);
                self.out.extend_from_slice(s.as_bytes());
            }
            NodeKind::Seq(items) => {
                varint(items.len() as u64, self.out);
                for item in items {
                    self.node(item, keep);
                }
            }
            NodeKind::Map(entries) => {
                // Each key is asked once, and the number kept is known
                // only after: one byte is set aside for it, enough for
                // all but mappings of 128 kept keys or more.
                let at = self.out.len();
                self.out.push(0);
                let mut n = 0u64;
                for e in entries {
                    if let Some(name) = keep(&e.key) {
                        n += 1;
                        self.header(name, e.key.span);
                        self.node(&e.value, keep);
                    }
                }
                if n < 0x80 {
                    self.out[at] = n as u8;
                } else {
                    let mut count = Vec::new();
                    varint(n, &mut count);
                    self.out.splice(at..=at, count);
                }
            }
        }
    }
}

/// Writes `n` as LEB128 into `buf` at `at`; the end of what it wrote.
fn put(buf: &mut [u8; HEADER], mut at: usize, mut n: u64) -> usize {
    while n >= 0x80 && at < buf.len() - 1 {
        buf[at] = (n as u8 & 0x7f) | 0x80;
        n >>= 7;
        at += 1;
    }
    if let Some(b) = buf.get_mut(at) {
        *b = n as u8;
    }
    at + 1
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
    /// The start of the span read last, before `base`.
    prev: usize,
    names: &'b [CompactString],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let part = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(part)
    }

    fn varint(&mut self) -> Option<usize> {
        // Most numbers here (differences, lengths, counts) take one byte.
        let &first = self.bytes.get(self.at)?;
        self.at += 1;
        if first < 0x80 {
            return Some(usize::from(first));
        }
        let mut n = u64::from(first & 0x7f);
        for shift in (7..64).step_by(7) {
            let &b = self.bytes.get(self.at)?;
            self.at += 1;
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

    /// The span whose start difference and length come next.
    fn span(&mut self) -> Option<Span> {
        let z = self.varint()? as u64;
        let delta = ((z >> 1) as i64) ^ -((z & 1) as i64);
        let start = usize::try_from((self.prev as i64).checked_add(delta)?).ok()?;
        self.prev = start;
        let start = start.checked_add(self.base)?;
        Some(Span::new(start, start.checked_add(self.varint()?)?))
    }

    fn node(&mut self) -> Option<Node> {
        let tag = u8::try_from(self.varint()?).ok()?;
        let span = self.span()?;
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
                    let name = self.names.get(self.varint()?)?.clone();
                    let key = Node {
                        kind: NodeKind::Str(name),
                        span: self.span()?,
                    };
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
    use compact_str::CompactString;

    use super::{pack, unpack};
    use crate::report::{Entry, Node, NodeKind, load};
    use crate::span::Span;

    /// The keys `names` keeps, by their number there.
    fn keep_names(names: &[&str]) -> (Vec<CompactString>, impl Fn(&Node) -> Option<usize>) {
        let owned: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let keep = move |k: &Node| match &k.kind {
            NodeKind::Str(s) => owned.iter().position(|n| n == s.as_str()),
            _ => None,
        };
        (
            names.iter().map(|n| CompactString::from(*n)).collect(),
            keep,
        )
    }

    fn packed(text: &str, keep: &dyn Fn(&Node) -> Option<usize>) -> (Vec<Node>, Vec<u8>) {
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

    /// Every kind of value, several documents, an alias's copy.
    #[test]
    fn every_kind_of_value_comes_back_with_its_span() {
        let text = "a: ~\nb: [true, false, -7, 2.5, 'x', \"é\u{1F600}\"]\nc: {d: {e: 1}}\n\
                    f: &k {d: [1]}\ne: *k\n---\n- 9\n---\nd: 3\n";
        let (names, keep) = keep_names(&["a", "b", "c", "d", "e", "f"]);
        let (docs, out) = packed(text, &keep);
        let back = unpack(&out, 0, &names).expect("unpacks");
        assert_eq!(back, docs);
        assert!(back[0].get("e").expect("e").get("d").is_some());
    }

    /// A node that starts before the node written before it (the loader
    /// writes none, but the encoding does not rely on that).
    #[test]
    fn a_span_before_the_one_written_before_comes_back() {
        let at = |start, end, kind| Node {
            kind,
            span: Span::new(start, end),
        };
        let tree = at(
            40,
            90,
            NodeKind::Seq(Box::new([
                at(80, 90, NodeKind::Int(1)),
                at(3, 5, NodeKind::Int(2)),
                at(1_000_000, 1_000_001, NodeKind::Null),
                at(7, 7, NodeKind::Null),
            ])),
        );
        let mut out = Vec::new();
        pack(&tree, &|_: &Node| None, &mut out);
        pack(&tree, &|_: &Node| None, &mut out);
        assert_eq!(unpack(&out, 0, &[]), Some(vec![tree.clone(), tree]));
    }

    #[test]
    fn only_the_kept_keys_stay_at_every_depth() {
        let (names, keep) = keep_names(&["id", "list"]);
        let (_, out) = packed("id: 1\ndrop: {id: 2}\nlist:\n  - {id: 3, drop: 4}\n", &keep);
        let back = unpack(&out, 0, &names).expect("unpacks");
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
        let moved = unpack(&out, 1000, &names).expect("unpacks");
        assert_eq!(moved[0].span.start, back[0].span.start + 1000);
    }

    /// A mapping that keeps 128 keys or more: its count needs a second
    /// byte, put in after its entries are written.
    #[test]
    fn a_mapping_of_many_kept_keys_keeps_them_all_in_order() {
        let text: String = (0..300).map(|i| format!("k{i}: {i}\n")).collect();
        let even: Vec<String> = (0..300).step_by(2).map(|i| format!("k{i}")).collect();
        let even: Vec<&str> = even.iter().map(String::as_str).collect();
        let (names, keep) = keep_names(&even);
        let (_, out) = packed(&text, &keep);
        let back = unpack(&out, 0, &names).expect("unpacks");
        let NodeKind::Map(entries) = &back[0].kind else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 150);
        for (j, e) in entries.iter().enumerate() {
            assert!(matches!(&e.key.kind, NodeKind::Str(k) if *k == format!("k{}", 2 * j)));
            assert!(matches!(e.value.kind, NodeKind::Int(v) if v == 2 * j as i64));
        }
        // `k298: 298` is the second-to-last line.
        let last = &entries[149];
        assert_eq!(&text[last.key.span.start..last.value.span.end], "k298: 298");
    }

    #[test]
    fn a_cut_or_altered_buffer_gives_none_never_a_panic() {
        let (names, keep) = keep_names(&["a", "b"]);
        let (_, out) = packed("a: [1, 'two', {b: 3.5}]\n", &keep);
        for cut in 0..out.len() {
            // A cut may fall between two trees; then the first ones read.
            let _ = unpack(&out[..cut], 0, &names);
        }
        for i in 0..out.len() {
            for b in [0u8, 0x7f, 0x80, 0xff] {
                let mut bad = out.clone();
                bad[i] = b;
                let _ = unpack(&bad, 0, &names);
            }
        }
        assert!(unpack(&[9], 0, &names).is_none());
        assert!(unpack(&[6, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f], 0, &names).is_none());
        // A key numbered past the names, and a start before the text.
        assert!(unpack(&out, 0, &names[..1]).is_none());
        assert!(unpack(&[0, 1, 0], 0, &names).is_none());
    }
}
