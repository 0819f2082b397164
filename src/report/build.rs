//! The tree builder: granit-parser's node events in, one [`Node`] per
//! document out, with the limits of [`Limits`] counted as it goes.
//!
//! Each open collection is a [`Frame`] on an explicit stack; a finished node
//! is handed to the frame under it, so nesting costs heap, never stack.
//! Anchored nodes are copied when they are complete, and an alias is a copy
//! of that node whose spans are all the alias's own (`*name`), so a finding
//! on a value reached through an alias points at the place the report uses
//! it and `Node::path_to` names that place. Merge keys (`<<`) follow the YAML
//! 1.1 merge convention as serde-saphyr did: the value is a mapping or a list
//! of mappings, whose entries are added after the mapping's own; a key the
//! mapping has itself wins, and among merged mappings the first wins.

use std::borrow::Cow;

use granit_parser::{ScalarStyle, Tag};

use super::keys::KeyIndex;
use super::limits::{Breach, Limits};
use super::load::{LoadError, LoadKind};
use super::node::{Entry, Node, NodeKind};
use super::scalar::{self, TagKind};
use crate::span::Span;

/// A finished node with what it costs, handed to the frame under it.
struct Built {
    node: Node,
    /// Values in it, itself included.
    values: usize,
    /// Bytes of scalar text in it.
    text: usize,
    /// Collections from it down to its deepest leaf (0 for a scalar).
    height: usize,
    /// An untagged plain `<<` or a `!!merge <<`: a merge key when it is a key.
    merge_key: bool,
}

/// What an anchor names, kept for its aliases.
struct Anchor {
    node: Node,
    values: usize,
    text: usize,
    height: usize,
    /// It names a merge key (`&m <<`): an alias of it is refused.
    merge_key: bool,
}

/// An open collection.
struct Frame {
    start: usize,
    /// A flow collection ends at its closing bracket; a block one at the
    /// end of its last child, since the parser's end event for it lies
    /// after whatever follows (blank lines, comments).
    flow: bool,
    last_end: usize,
    anchor: usize,
    values: usize,
    text: usize,
    height: usize,
    body: Body,
}

enum Body {
    Seq(Vec<Node>),
    Map(Box<MapFrame>),
}

#[derive(Default)]
struct MapFrame {
    entries: Vec<Entry>,
    index: KeyIndex,
    /// The key waiting for its value, and whether it is a merge key.
    key: Option<(Node, bool)>,
    /// Entries of merged mappings, in merge order, added when the mapping
    /// ends.
    merged: Vec<Entry>,
    /// A merge key was met: a second is a duplicate key (readers disagree
    /// on which wins: PyYAML the last, this loader the first).
    merge_seen: bool,
}

pub(crate) struct Builder<'a> {
    text: &'a str,
    limits: &'a Limits,
    stack: Vec<Frame>,
    /// By anchor id (granit-parser numbers anchors from 1, across the whole
    /// stream).
    anchors: Vec<Option<Anchor>>,
    documents: Vec<Node>,
    values: usize,
    text_bytes: usize,
    aliases: usize,
    anchors_defined: usize,
    anchored_values: usize,
    expanded: bool,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(text: &'a str, limits: &'a Limits) -> Self {
        Builder {
            text,
            limits,
            stack: Vec::new(),
            anchors: Vec::new(),
            documents: Vec::new(),
            values: 0,
            text_bytes: 0,
            aliases: 0,
            anchors_defined: 0,
            anchored_values: 0,
            expanded: false,
        }
    }

    pub(crate) fn into_documents(self) -> Vec<Node> {
        self.documents
    }

    pub(crate) fn document_start(&mut self, at: usize) -> Result<(), LoadError> {
        if self.documents.len() >= self.limits.max_documents {
            return Err(self.breach(Breach::Documents, at));
        }
        Ok(())
    }

    /// A document ends: its anchors are out of reach from now on.
    pub(crate) fn document_end(&mut self) {
        self.anchors.clear();
    }

    pub(crate) fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), LoadError> {
        let empty = span.is_empty() && matches!(style, ScalarStyle::Plain);
        let span = match style {
            // The parser's span of a block scalar runs to the next line;
            // a label looks best on the text alone.
            ScalarStyle::Literal | ScalarStyle::Folded => trim_end(self.text, span),
            _ => span,
        };
        let tag = tag.map(|t| (t, TagKind::of(t)));
        let merge_key = value == "<<"
            && match tag {
                None => matches!(style, ScalarStyle::Plain),
                Some((_, kind)) => kind == TagKind::Merge,
            };
        if !merge_key && tag.is_some_and(|(_, kind)| kind == TagKind::Merge) {
            return Err(super::ambiguous::merge_tag(&value, span));
        }
        // `! <<` (or `! "<<"`) is the text `<<` in YAML 1.2; PyYAML
        // resolves a scalar under the non-specific tag as if it were
        // plain, so to it this is a merge key, a second one unseen here.
        if value == "<<" && tag.is_some_and(|(_, kind)| kind == TagKind::NonSpecific) {
            return Err(super::ambiguous::merge_non_specific(span));
        }
        // Nor does it keep the text of `! null`, `! true` or `! 122`: it
        // reads null, a boolean, a number.
        if tag.is_some_and(|(_, kind)| kind == TagKind::NonSpecific) {
            super::ambiguous::non_specific(&value, span)?;
        }
        // PyYAML decodes `!!binary` to bytes: the gate would check the
        // base64 text (`note: !!binary IA==` a note, a blank to PyYAML).
        if let Some((t, TagKind::Other)) = tag
            && t.suffix_in_namespace("tag:yaml.org,2002:").as_deref() == Some("binary")
        {
            return Err(super::ambiguous::binary(span));
        }
        // Only a double-quoted scalar has escapes; what the text holds as
        // it is was looked for in the whole text (`ambiguous::characters`).
        if matches!(style, ScalarStyle::DoubleQuoted)
            && self
                .text
                .get(span.start..span.end)
                .is_some_and(|raw| memchr::memchr(b'\\', raw.as_bytes()).is_some())
        {
            super::ambiguous::escaped(&value, span)?;
        }
        let bytes = value.len();
        self.count(bytes, span.start)?;
        let kind = scalar::resolve(value, style, empty, tag, span)?;
        self.finish(
            Built {
                node: Node { kind, span },
                values: 1,
                text: bytes,
                height: 0,
                merge_key,
            },
            anchor,
        )
    }

    pub(crate) fn alias(&mut self, id: usize, span: Span) -> Result<(), LoadError> {
        let Some(Some(anchor)) = self.anchors.get(id) else {
            return Err(self.unknown_alias(id, span));
        };
        // PyYAML merges the value of an alias of a merge key (`*m :`
        // after `&m <<`), as the key it names; a YAML 1.2 reader takes it
        // as the key `<<`. A second merge key written so escaped the
        // refusal of two in one mapping.
        if anchor.merge_key {
            return Err(super::ambiguous::merge_alias(self.text, span));
        }
        let (values, text, height) = (anchor.values, anchor.text, anchor.height);
        self.aliases += 1;
        if self.aliases > self.limits.max_aliases {
            return Err(self.breach(Breach::Aliases, span.start));
        }
        if self.values + values > self.limits.max_values {
            return Err(self.breach(Breach::Values(true), span.start));
        }
        if self.text_bytes + text > self.limits.max_text_bytes {
            return Err(self.breach(Breach::TextBytes, span.start));
        }
        if self.stack.len() + height > self.limits.max_depth {
            return Err(self.breach(Breach::Depth, span.start));
        }
        self.values += values;
        self.text_bytes += text;
        self.expanded = true;
        let node = copy_at(&anchor.node, span);
        self.finish(
            Built {
                node,
                values,
                text,
                height,
                merge_key: false,
            },
            0,
        )
    }

    pub(crate) fn start(
        &mut self,
        is_map: bool,
        flow: bool,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
    ) -> Result<(), LoadError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.breach(Breach::Depth, start));
        }
        if let Some(tag) = tag {
            scalar::check_collection_tag(tag, is_map, Span::new(start, start))?;
        }
        self.count(0, start)?;
        self.stack.push(Frame {
            start,
            flow,
            last_end: start,
            anchor,
            values: 1,
            text: 0,
            height: 0,
            body: if is_map {
                Body::Map(Box::default())
            } else {
                Body::Seq(Vec::new())
            },
        });
        Ok(())
    }

    /// The open collection ends; `end` is the end of the parser's end event.
    pub(crate) fn end(&mut self, end: usize) -> Result<(), LoadError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let end = if frame.flow { end } else { frame.last_end }.max(frame.start);
        let kind = match frame.body {
            Body::Seq(items) => NodeKind::Seq(items.into_boxed_slice()),
            Body::Map(map) => {
                let MapFrame {
                    mut entries,
                    mut index,
                    merged,
                    ..
                } = *map;
                for e in merged {
                    if !index.contains(&entries, &e.key) {
                        index.push(&mut entries, e);
                    }
                }
                NodeKind::Map(entries.into_boxed_slice())
            }
        };
        self.finish(
            Built {
                node: Node {
                    kind,
                    span: Span::new(frame.start, end),
                },
                values: frame.values,
                text: frame.text,
                height: frame.height + 1,
                merge_key: false,
            },
            frame.anchor,
        )
    }

    /// Counts one new value of `bytes` bytes of text.
    fn count(&mut self, bytes: usize, at: usize) -> Result<(), LoadError> {
        self.values += 1;
        if self.values > self.limits.max_values {
            return Err(self.breach(Breach::Values(self.expanded), at));
        }
        self.text_bytes += bytes;
        if self.text_bytes > self.limits.max_text_bytes {
            return Err(self.breach(Breach::TextBytes, at));
        }
        Ok(())
    }

    /// Keeps a finished node for its anchor, then hands it to its parent
    /// (or makes it the document).
    fn finish(&mut self, built: Built, anchor: usize) -> Result<(), LoadError> {
        if anchor != 0 {
            self.define(anchor, &built)?;
        }
        let Some(frame) = self.stack.last_mut() else {
            self.documents.push(built.node);
            return Ok(());
        };
        frame.values += built.values;
        frame.text += built.text;
        frame.height = frame.height.max(built.height);
        frame.last_end = frame.last_end.max(built.node.span.end);
        match &mut frame.body {
            Body::Seq(items) => items.push(built.node),
            Body::Map(map) => match map.key.take() {
                None => {
                    let duplicate = if built.merge_key {
                        std::mem::replace(&mut map.merge_seen, true)
                    } else {
                        map.index.contains(&map.entries, &built.node)
                    };
                    if duplicate {
                        return Err(duplicate_key(self.text, &built.node));
                    }
                    map.key = Some((built.node, built.merge_key));
                }
                Some((key, false)) => map.index.push(
                    &mut map.entries,
                    Entry {
                        key,
                        value: built.node,
                    },
                ),
                Some((_, true)) => merge(&mut map.merged, built.node)?,
            },
        }
        Ok(())
    }

    fn define(&mut self, id: usize, built: &Built) -> Result<(), LoadError> {
        let at = built.node.span.start;
        self.anchors_defined += 1;
        if self.anchors_defined > self.limits.max_anchors {
            return Err(self.breach(Breach::Anchors, at));
        }
        self.anchored_values += built.values;
        if self.anchored_values > self.limits.max_anchored_values {
            return Err(self.breach(Breach::AnchoredValues, at));
        }
        self.text_bytes += built.text;
        if self.text_bytes > self.limits.max_text_bytes {
            return Err(self.breach(Breach::TextBytes, at));
        }
        if self.anchors.len() <= id {
            self.anchors.resize_with(id + 1, || None);
        }
        self.anchors[id] = Some(Anchor {
            node: built.node.clone(),
            values: built.values,
            text: built.text,
            height: built.height,
            merge_key: built.merge_key,
        });
        Ok(())
    }

    fn breach(&self, breach: Breach, at: usize) -> LoadError {
        breach.error(self.limits, at)
    }

    /// An alias whose anchor is not complete yet (it is inside what it
    /// names) or unknown.
    fn unknown_alias(&self, id: usize, span: Span) -> LoadError {
        let name = self.text.get(span.start..span.end).unwrap_or("*");
        let inside = self.stack.iter().any(|f| f.anchor == id);
        LoadError {
            message: if inside {
                format!("the alias `{name}` is inside the value its anchor names")
            } else {
                format!("the alias `{name}` names no anchor before it in this document")
            },
            span: Some(span),
            kind: LoadKind::Syntax,
            help: None,
        }
    }
}

/// Adds the entries of a merge key's value to `merged`.
fn merge(merged: &mut Vec<Entry>, value: Node) -> Result<(), LoadError> {
    let not_mappings = |span| LoadError {
        message: "the value of a merge key (`<<`) must be a mapping or a list of mappings"
            .to_string(),
        span: Some(span),
        kind: LoadKind::Syntax,
        help: None,
    };
    match value.kind {
        NodeKind::Map(entries) => merged.extend(entries),
        NodeKind::Seq(items) => {
            if let Some(bad) = items.iter().find(|i| !matches!(i.kind, NodeKind::Map(_))) {
                return Err(not_mappings(bad.span));
            }
            for item in items {
                if let NodeKind::Map(entries) = item.kind {
                    merged.extend(entries);
                }
            }
        }
        _ => return Err(not_mappings(value.span)),
    }
    Ok(())
}

fn duplicate_key(text: &str, key: &Node) -> LoadError {
    let shown: Cow<'_, str> = match &key.kind {
        NodeKind::Str(s) => Cow::Borrowed(s),
        _ => Cow::Borrowed(text.get(key.span.start..key.span.end).unwrap_or("")),
    };
    let message = match shown.char_indices().nth(40) {
        _ if shown.is_empty() => "duplicate key (null)".to_string(),
        Some((i, _)) => format!("duplicate key `{}…`", &shown[..i]),
        None => format!("duplicate key `{shown}`"),
    };
    LoadError {
        message,
        span: Some(key.span),
        kind: LoadKind::Syntax,
        help: None,
    }
}

/// A copy of `node` with every span set to `span`, walked with an explicit
/// stack.
fn copy_at(node: &Node, span: Span) -> Node {
    let mut copy = node.clone();
    let mut todo = vec![&mut copy];
    while let Some(n) = todo.pop() {
        n.span = span;
        match &mut n.kind {
            NodeKind::Seq(items) => todo.extend(items.iter_mut()),
            NodeKind::Map(entries) => {
                for e in entries {
                    todo.push(&mut e.key);
                    todo.push(&mut e.value);
                }
            }
            _ => {}
        }
    }
    copy
}

/// `span` without the blanks and line breaks at its end, never shorter than
/// empty.
fn trim_end(text: &str, span: Span) -> Span {
    let body = text.get(span.start..span.end).unwrap_or("");
    let trimmed = body.trim_end_matches([' ', '\t', '\r', '\n']);
    Span::new(span.start, span.start + trimmed.len())
}
