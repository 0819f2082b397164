//! Loading YAML text into [`Node`] trees with serde-saphyr.
//!
//! serde-saphyr gives each value's location through its `Spanned` wrapper;
//! a custom `Deserialize` for [`Node`] asks for it at every level, so one
//! parse yields the whole tree with spans. Scalars get their exact byte
//! range; collections get their start, and we extend them to their last
//! element (and closing bracket) here.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Budget;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::options::DuplicateKeyPolicy;

use super::node::{Entry, Node, NodeKind};
use crate::span::Span;

/// Why a report could not be loaded: not UTF-8, not valid YAML, or over one
/// of the loader's limits.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    /// Lowercase, without position (the span carries it).
    pub message: String,
    /// Where the problem is, as the parser reports it (a point: start == end
    /// when the parser only knows a position).
    pub span: Option<Span>,
    /// The text may be valid YAML, but loading it would take more than the
    /// [`budget`] allows (nesting, aliases, documents, values): a report
    /// written to exhaust a CI gate rather than a typo.
    pub limit: bool,
    /// What the author can do about it, for limits.
    pub help: Option<String>,
}

/// The loader's resource limits: serde-saphyr's defaults, which are far above
/// any real report (a few levels of nesting, a few thousand values) and far
/// below what exhausts memory or the stack. They also keep every tree we
/// build at most `max_depth + 1` levels deep, so the recursive walks over
/// [`Node`]s (finishing spans, dropping the tree) cannot overflow the stack.
pub fn budget() -> Budget {
    Budget::default()
}

/// Loads every YAML document in `bytes`. Bytes that are not UTF-8 are an
/// error at the first invalid byte.
pub fn load_bytes(bytes: &[u8]) -> Result<Vec<Node>, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load(text),
        Err(e) => {
            let at = e.valid_up_to();
            Err(LoadError {
                message: format!("the file is not valid UTF-8 (byte 0x{:02x})", bytes[at]),
                span: Some(Span::new(at, at + e.error_len().unwrap_or(1))),
                limit: false,
                help: Some("save the report as UTF-8".into()),
            })
        }
    }
}

/// Loads every YAML document in `text`; one report per document.
pub fn load(text: &str) -> Result<Vec<Node>, LoadError> {
    // Deserializing recurses once per nesting level, and a level costs about
    // 35 KiB of stack in a debug build (serde-saphyr's frames are large), so
    // the 64 levels the budget allows overflow a 2 MiB test or worker thread.
    // The parse runs on a thread with a stack sized for the budget, so
    // loading never depends on the caller's stack. The stack is reserved,
    // not committed: only the pages a deep report touches cost memory.
    //
    // Each calling thread keeps its loading thread for the next report:
    // spawning one per report cost more than a tenth of a report's load
    // time on the benchmark machine (mapping and unmapping the stack,
    // faulting its pages in again, waking a new thread).
    let job = LOADER.with(|cell| {
        let mut loader = cell.borrow_mut();
        if loader.is_none() {
            *loader = Loader::spawn();
        }
        let sent = loader.as_ref().map(|l| l.run(text));
        if !matches!(sent, Some(Some(_))) {
            // No thread to be had, or it is gone: the next call tries anew.
            *loader = None;
        }
        sent.flatten()
    });
    match job {
        Some(Ok(result)) => result,
        // serde-saphyr panicked: the caller sees the panic, as if it were
        // its own.
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        // The caller's stack is the next best.
        None => load_on_this_stack(text),
    }
}

thread_local! {
    static LOADER: std::cell::RefCell<Option<Loader>> = const { std::cell::RefCell::new(None) };
}

type Loaded = std::thread::Result<Result<Vec<Node>, LoadError>>;

/// A loading thread with [`LOAD_STACK`] of stack, serving one caller
/// thread; it ends when that thread does (its job channel closes).
struct Loader {
    jobs: std::sync::mpsc::Sender<String>,
    results: std::sync::mpsc::Receiver<Loaded>,
}

impl Loader {
    fn spawn() -> Option<Loader> {
        let (jobs, job_rx) = std::sync::mpsc::channel::<String>();
        let (result_tx, results) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("pilotlint-yaml".into())
            .stack_size(LOAD_STACK)
            .spawn(move || {
                for text in job_rx {
                    // A panic is handed to the caller, and the thread serves
                    // the next report: nothing of this one is kept.
                    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        load_on_this_stack(&text)
                    }));
                    if result_tx.send(loaded).is_err() {
                        break;
                    }
                }
            })
            .ok()?;
        Some(Loader { jobs, results })
    }

    /// The loading thread's result for `text`; `None` when the thread is gone.
    fn run(&self, text: &str) -> Option<Loaded> {
        self.jobs.send(text.to_owned()).ok()?;
        self.results.recv().ok()
    }
}

/// The stack of the loading thread: ample for [`budget`]'s 64 levels even in
/// a debug build under a sanitizer (the fuzz targets).
const LOAD_STACK: usize = 64 * 1024 * 1024;

fn load_on_this_stack(text: &str) -> Result<Vec<Node>, LoadError> {
    let options = serde_saphyr::options! {
        // YAML 1.2 core schema: `yes`, `no`, `on`, `off` are strings.
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        budget: Some(budget()),
        // The checker never reads comments; emitted, each would be an event
        // carried through serde-saphyr's queue next to the data.
        emit_comments: false,
    };
    let mut docs: Vec<Node> = serde_saphyr::from_multiple_with_options(text, options)
        .map_err(|e| to_load_error(text, &e))?;
    for doc in &mut docs {
        finish_spans(text, doc);
    }
    Ok(docs)
}

fn to_load_error(text: &str, e: &serde_saphyr::Error) -> LoadError {
    let rendered = e.without_snippet().to_string();
    let span = e.location().and_then(|loc| {
        let s = loc.span();
        match s.byte_offset() {
            Some(off) => {
                let off = (off as usize).min(text.len());
                Some(Span::new(off, off))
            }
            None if loc.line() > 0 => {
                offset_of(text, loc.line() as usize, loc.column() as usize).map(|o| Span::new(o, o))
            }
            None => None,
        }
    });
    let (message, limit, help) = match innermost(e) {
        serde_saphyr::Error::Budget { breach, .. } => {
            let (message, help) = describe_breach(breach);
            (message, true, Some(help))
        }
        _ => {
            let message = clean_message(&rendered);
            // The scanner's own nesting limit on flow collections (`[[[`),
            // which it reports as a plain error.
            if message == "recursion limit exceeded" {
                (
                    "the report nests flow collections too deeply".to_string(),
                    true,
                    Some(NESTING_HELP.to_string()),
                )
            } else {
                (message, false, None)
            }
        }
    };
    LoadError {
        message,
        span,
        limit,
        help,
    }
}

/// The error under serde-saphyr's wrappers (a snippet, the alias that led
/// to it), which only add context the span already gives.
fn innermost(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = e
    {
        e = error;
    }
    e
}

const NESTING_HELP: &str =
    "a report nests a few levels deep; this limit stops a file made to exhaust the checker";

/// A message and help for each limit, in the report author's terms.
fn describe_breach(breach: &BudgetBreach) -> (String, String) {
    let b = budget();
    let made = "this limit stops a file made to exhaust the checker";
    match breach {
        BudgetBreach::Depth { .. } => (
            format!("the report nests more than {} levels deep", b.max_depth),
            NESTING_HELP.to_string(),
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => (
            "the report uses aliases (`*name`) too many times".to_string(),
            format!("write the values out, or use each anchor fewer times; {made}"),
        ),
        BudgetBreach::Nodes { .. } => (
            format!(
                "the report has more than {} values once its aliases are expanded",
                b.max_nodes
            ),
            format!("an alias (`*name`) counts every value of what it names, every time; {made}"),
        ),
        BudgetBreach::Documents { .. } => (
            format!("the report has more than {} documents", b.max_documents),
            format!("split it into several files; {made}"),
        ),
        BudgetBreach::Anchors { .. } => (
            format!("the report defines more than {} anchors", b.max_anchors),
            made.to_string(),
        ),
        BudgetBreach::ScalarBytes { .. } => (
            format!(
                "the report's text values are longer than {} MiB together",
                b.max_total_scalar_bytes / (1024 * 1024)
            ),
            made.to_string(),
        ),
        BudgetBreach::Events { .. } => (
            format!(
                "the report has more than {} YAML parser events",
                b.max_events
            ),
            format!("split it into several files; {made}"),
        ),
        other => (
            format!("the report exceeds a limit of the YAML loader ({other:?})"),
            made.to_string(),
        ),
    }
}

/// serde-saphyr's messages start with `error: line L column C: ` and some end
/// with advice meant for the programmer (`set DuplicateKeyPolicy ...`); the
/// position goes into the span and the advice is dropped.
fn clean_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered);
    let mut msg = first.strip_prefix("error: ").unwrap_or(first);
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
        && rest[..i].contains("column")
    {
        msg = &rest[i + 2..];
    }
    let msg = msg.split(", set ").next().unwrap_or(msg);
    // The scanner's own messages end with the position, which the span has.
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    };
    if let Some(key) = msg.strip_prefix("duplicate mapping key: ") {
        return format!("duplicate key `{key}`");
    }
    msg.to_string()
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[start..];
    Some(
        start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i),
    )
}

/// Extends collection spans to cover their elements (and the closing bracket
/// of a flow collection), and trims trailing line breaks from block scalars.
fn finish_spans(text: &str, node: &mut Node) {
    let end = match &mut node.kind {
        NodeKind::Seq(items) => {
            let mut end = node.span.end;
            for item in items.iter_mut() {
                finish_spans(text, item);
                end = end.max(item.span.end);
            }
            Some(end)
        }
        NodeKind::Map(entries) => {
            let mut end = node.span.end;
            for e in entries.iter_mut() {
                finish_spans(text, &mut e.key);
                finish_spans(text, &mut e.value);
                end = end.max(e.key.span.end).max(e.value.span.end);
            }
            Some(end)
        }
        _ => None,
    };
    match end {
        Some(end) => {
            let open = text.as_bytes().get(node.span.start).copied();
            let close = match open {
                Some(b'[') => Some(b']'),
                Some(b'{') => Some(b'}'),
                _ => None,
            };
            node.span.end = match close {
                Some(c) => closing_bracket(text, end, c).unwrap_or(end),
                None => end,
            };
        }
        None => {
            let s = text.get(node.span.start..node.span.end).unwrap_or("");
            let trimmed = s.trim_end_matches(['\n', '\r', ' ', '\t']);
            if !trimmed.is_empty() {
                node.span.end = node.span.start + trimmed.len();
            }
        }
    }
}

/// The end of the closing bracket after `from`, skipping blanks and commas.
fn closing_bracket(text: &str, from: usize, close: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            c if c == close => return Some(i + 1),
            _ => return None,
        }
    }
    None
}

/// A node with its span, read through serde-saphyr's span protocol directly.
///
/// `serde_saphyr::Spanned<T>` asks the deserializer for the newtype
/// `__yaml_spanned`, which answers with a synthesized map `{marker, value,
/// referenced, defined}` whose locations are maps themselves. Its own
/// `Deserialize` reads the marker key into a `String` and decodes both
/// locations, for every value of the report; we need only the byte range of
/// `referenced`, so this reads the same protocol, stops after it and
/// allocates nothing. If serde-saphyr ever answered differently, loading
/// fails with an error instead of dropping spans (the span tests catch it).
impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(SPANNED_NEWTYPE, SpannedNodeVisitor)
    }
}

/// The newtype name serde-saphyr's `Spanned<T>` uses to ask for a span.
const SPANNED_NEWTYPE: &str = "__yaml_spanned";

struct SpannedNodeVisitor;

impl<'de> Visitor<'de> for SpannedNodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value with its location")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
        let mut kind = None;
        while let Some(field) = a.next_key::<SpannedField>()? {
            match field {
                SpannedField::Value => kind = Some(a.next_value::<NodeKind>()?),
                SpannedField::Referenced => {
                    let Some(kind) = kind else { break };
                    let span = a.next_value::<LocationSpan>()?.0;
                    // `defined` (an alias's anchor) is left unread: the
                    // synthesized map does not require it.
                    return Ok(Node { kind, span });
                }
                SpannedField::Other => {
                    a.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Err(de::Error::custom(
            "internal error: serde-saphyr gave a value without its location",
        ))
    }
}

/// The fields of the synthesized map we read, matched without allocating.
enum SpannedField {
    Value,
    Referenced,
    Other,
}

impl<'de> Deserialize<'de> for SpannedField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(
            match d.deserialize_identifier(FieldVisitor(&["value", "referenced"]))? {
                Some(0) => SpannedField::Value,
                Some(1) => SpannedField::Referenced,
                _ => SpannedField::Other,
            },
        )
    }
}

/// The index of a field name in the list, `None` for any other name.
struct FieldVisitor(&'static [&'static str]);

impl Visitor<'_> for FieldVisitor {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == v))
    }
}

/// The byte range of a `Location` as serde-saphyr presents it: a map whose
/// `span` is a map whose `byte_info` is `(byte offset, byte length)`.
struct LocationSpan(Span);

impl<'de> Deserialize<'de> for LocationSpan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct(
            "Location",
            &["line", "column", "span", "source_id"],
            NestedVisitor(&["span", "byte_info"]),
        )
        .map(LocationSpan)
    }
}

/// Walks a map down the fields of its path (`span`, then `byte_info`),
/// skipping the others, and reads the byte range at the end of it.
struct NestedVisitor(&'static [&'static str]);

impl<'de> Visitor<'de> for NestedVisitor {
    type Value = Span;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a location")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Span, A::Error> {
        let [first, rest @ ..] = self.0 else {
            return Err(de::Error::custom("internal error: empty location path"));
        };
        while let Some(field) = a.next_key_seed(FieldSeed(std::slice::from_ref(first)))? {
            if field.is_none() {
                a.next_value::<de::IgnoredAny>()?;
                continue;
            }
            // The rest of the map is left unread: the synthesized maps do
            // not require it.
            return if rest.is_empty() {
                let (start, len) = a.next_value::<(u64, u64)>()?;
                // Reader input has no byte offsets; we always parse a &str.
                Ok(if start == u64::from(u32::MAX) {
                    Span::default()
                } else {
                    Span::new(start as usize, (start + len) as usize)
                })
            } else {
                a.next_value_seed(NestedSeed(rest))
            };
        }
        Err(de::Error::custom(
            "internal error: serde-saphyr gave a location without its byte range",
        ))
    }
}

struct FieldSeed(&'static [&'static str]);

impl<'de> de::DeserializeSeed<'de> for FieldSeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_identifier(FieldVisitor(self.0))
    }
}

struct NestedSeed(&'static [&'static str]);

impl<'de> de::DeserializeSeed<'de> for NestedSeed {
    type Value = Span;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Span, D::Error> {
        d.deserialize_struct(
            "Span",
            &["offset", "len", "byte_info"],
            NestedVisitor(self.0),
        )
    }
}

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_none<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        NodeKind::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(b))
    }
    fn visit_i64<E>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<NodeKind, E> {
        Ok(i64::try_from(v).map_or(NodeKind::Float(v as f64), NodeKind::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<NodeKind, E> {
        Ok(i64::try_from(v).map_or(NodeKind::Float(v as f64), NodeKind::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<NodeKind, E> {
        Ok(i64::try_from(v).map_or(NodeKind::Float(v as f64), NodeKind::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0));
        while let Some(n) = a.next_element::<Node>()? {
            items.push(n);
        }
        Ok(NodeKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::with_capacity(a.size_hint().unwrap_or(0));
        while let Some((key, value)) = a.next_entry::<Node, Node>()? {
            entries.push(Entry { key, value });
        }
        Ok(NodeKind::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of<'a>(src: &'a str, n: &Node) -> &'a str {
        &src[n.span.start..n.span.end]
    }

    #[test]
    fn scalars_and_keys_have_exact_spans_under_crlf_and_utf8() {
        let src = "area:\r\n  name: 西安\r\n  province: Shaanxi\r\nok: true\r\n";
        let docs = load(src).unwrap();
        let area = docs[0].get("area").unwrap();
        assert_eq!(text_of(src, area.get("name").unwrap()), "西安");
        let key = &area.entry("province").unwrap().key;
        assert_eq!(text_of(src, key), "province");
        assert_eq!(text_of(src, area), "name: 西安\r\n  province: Shaanxi");
        assert_eq!(docs[0].get("ok").unwrap().kind, NodeKind::Bool(true));
    }

    #[test]
    fn yaml_1_2_booleans_and_flow_collection_spans() {
        let src = "a: [yes, no, on, {k: off}]\n";
        let docs = load(src).unwrap();
        let a = docs[0].get("a").unwrap();
        assert_eq!(text_of(src, a), "[yes, no, on, {k: off}]");
        let NodeKind::Seq(items) = &a.kind else {
            panic!("not a list")
        };
        assert_eq!(items[0].kind, NodeKind::Str("yes".into()));
        assert_eq!(text_of(src, &items[3]), "{k: off}");
    }

    #[test]
    fn every_document_is_a_report() {
        let docs = load("x: 1\n---\ny: 2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert!(docs[1].get("y").is_some());
    }

    #[test]
    fn duplicate_keys_are_an_error_at_the_second_key() {
        let src = "a: 1\na: 2\n";
        let e = load(src).unwrap_err();
        assert_eq!(e.message, "duplicate key `a`");
        assert_eq!(e.span, Some(Span::new(5, 5)));
    }

    #[test]
    fn scanner_messages_lose_the_position_the_span_carries() {
        let src = "a: { b: 1\nc: 2\n";
        let e = load(src).unwrap_err();
        assert!(!e.message.contains("line"), "{}", e.message);
        assert!(e.message.contains("flow mapping"), "{}", e.message);
    }

    #[test]
    fn invalid_utf8_is_an_error_at_the_bad_byte() {
        let e = load_bytes(b"a: \xff\n").unwrap_err();
        assert_eq!(e.span, Some(Span::new(3, 4)));
        assert!(e.message.contains("UTF-8"), "{}", e.message);
    }

    #[test]
    fn twenty_thousand_levels_are_a_limit_on_a_small_test_thread_stack() {
        for src in [
            format!("{}x\n", "- ".repeat(20_000)),
            format!("{}{}\n", "[".repeat(20_000), "]".repeat(20_000)),
            format!("{}{}\n", "{a: ".repeat(20_000), "}".repeat(20_000)),
        ] {
            let e = load(&src).unwrap_err();
            assert!(e.limit, "{}", e.message);
            assert!(e.message.contains("nests"), "{}", e.message);
        }
        // Within the limit, the tree is loaded.
        let ok = format!("{}x\n", "- ".repeat(60));
        assert_eq!(load(&ok).unwrap().len(), 1);
    }

    #[test]
    fn comments_are_skipped_and_spans_around_them_stay_exact() {
        // The loader asks serde-saphyr not to emit comment events.
        let src = "# 报告\na: 1 # one\n# between\nb:\n  - x # item\n  # inner\n  - \"y\"\n";
        let docs = load(src).unwrap();
        assert_eq!(text_of(src, docs[0].get("a").unwrap()), "1");
        let b = docs[0].get("b").unwrap();
        assert_eq!(text_of(src, b), "- x # item\n  # inner\n  - \"y\"");
        assert_eq!(text_of(src, &docs[0].entry("b").unwrap().key), "b");
        let NodeKind::Seq(items) = &b.kind else {
            panic!("not a list")
        };
        assert_eq!(text_of(src, &items[1]), "\"y\"");
    }

    #[test]
    fn the_loading_thread_is_kept_for_the_next_report() {
        // Regression: a thread with a 64 MiB stack was spawned per report,
        // which cost more than a tenth of the load time on a busy machine.
        std::thread::spawn(|| {
            let has_loader = || LOADER.with(|l| l.borrow().is_some());
            assert!(!has_loader());
            load("a: 1\n").unwrap();
            assert!(has_loader());
            let docs = load("b: [x, y]\n").unwrap();
            assert_eq!(text_of("b: [x, y]\n", docs[0].get("b").unwrap()), "[x, y]");
            assert!(has_loader());
        })
        .join()
        .unwrap();
    }

    #[test]
    fn threads_loading_at_once_each_get_their_own_trees() {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                std::thread::spawn(move || {
                    (0..20).all(|j| {
                        let src = format!("n: {i}\nm: {j}\n");
                        let docs = load(&src).unwrap();
                        docs[0].get("n").map(|n| n.kind.clone()) == Some(NodeKind::Int(i))
                            && docs[0].get("m").map(|m| m.kind.clone()) == Some(NodeKind::Int(j))
                    })
                })
            })
            .collect();
        for h in handles {
            assert!(h.join().unwrap());
        }
    }

    #[test]
    fn a_syntax_error_is_not_a_limit() {
        let e = load("a: [\n").unwrap_err();
        assert!(!e.limit && e.help.is_none(), "{e:?}");
    }

    #[test]
    fn path_to_names_the_deepest_node() {
        let src = "measures:\n  - id: a\n  - id: b\n    status: done\n";
        let docs = load(src).unwrap();
        let at = src.find("done").unwrap();
        assert_eq!(docs[0].path_to(Span::new(at, at + 4)), "measures[1].status");
    }
}
