//! The runtime value of the evaluator and the report origin it carries.
//!
//! Values borrow the report: a list or mapping from the YAML is a reference
//! to its [`Node`], a string is a slice of the loaded text, so evaluating a
//! rule copies no subtree. Each value remembers the report span a finding
//! about it should point at (its *origin*), decided once, when the value is
//! read from the report: a scalar's own span, a collection's key, a list
//! element mapping's first key.

use std::rc::Rc;

use crate::date::{Date, Duration};
use crate::report::{Node, NodeKind};
use crate::span::Span;
use crate::syntax::ast::Expr;

/// A value and the report span a finding about it points at (`None` for a
/// value written in the rule file, such as a literal).
#[derive(Clone, Debug)]
pub struct Value<'a> {
    pub kind: Kind<'a>,
    pub origin: Option<Span>,
}

#[derive(Clone, Debug)]
pub enum Kind<'a> {
    /// A path that does not exist in the report. The expression is the path
    /// step that found nothing (a name, `.field` or `[index]`); the value's
    /// origin is the nearest existing parent.
    Missing(&'a Expr),
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A fraction that prints as a percentage: a `90%` literal or the result
    /// of `/`.
    Ratio(f64),
    Str(Text<'a>),
    Date(Date),
    Duration(Duration),
    /// A list in the report.
    Seq(&'a [Node]),
    /// A mapping in the report.
    Map(&'a Node),
    /// A list built by the rule: a literal, a filter, a projection. The
    /// vector it was built in, shared as it is: an `Rc<[Value]>` would copy
    /// every list into an allocation of its own (the rules across reports
    /// build several lists of a report's measures for each report).
    List(Rc<Vec<Value<'a>>>),
}

/// A string: borrowed from the report or the rule file, or made by `lower`
/// and `upper` (shared, so cloning a value never copies text).
#[derive(Clone, Debug)]
pub enum Text<'a> {
    Borrowed(&'a str),
    Shared(Rc<str>),
}

impl Text<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl<'a> Value<'a> {
    pub fn new(kind: Kind<'a>, origin: Option<Span>) -> Self {
        Value { kind, origin }
    }

    /// A value read from the report. `key` is the mapping key it was reached
    /// through, if any: a collection reached through a key is blamed on the
    /// key (a label on a 500-line block is useless), and so is a null whose
    /// value is empty (`approved:` with nothing after it).
    pub fn from_node(node: &'a Node, key: Option<&'a Node>) -> Self {
        let kind = match &node.kind {
            NodeKind::Null => Kind::Null,
            NodeKind::Bool(b) => Kind::Bool(*b),
            NodeKind::Int(i) => Kind::Int(*i),
            NodeKind::Float(f) => Kind::Float(*f),
            NodeKind::Str(s) => Kind::Str(Text::Borrowed(s)),
            NodeKind::Seq(items) => Kind::Seq(items),
            NodeKind::Map(_) => Kind::Map(node),
        };
        let origin = match (&node.kind, key) {
            (NodeKind::Seq(_) | NodeKind::Map(_), Some(k)) => k.span,
            (_, Some(k)) if node.span.is_empty() => k.span,
            (NodeKind::Map(_), None) => first_key_span(node),
            _ => node.span,
        };
        Value {
            kind,
            origin: Some(origin),
        }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self.kind, Kind::Missing(_))
    }

    /// The elements, when this is a list (from the report or built).
    pub fn items(&self) -> Option<Items<'_, 'a>> {
        match &self.kind {
            Kind::Seq(nodes) => Some(Items::Nodes(nodes.iter())),
            Kind::List(values) => Some(Items::Values(values.iter())),
            _ => None,
        }
    }

    pub fn len_if_list(&self) -> Option<usize> {
        match &self.kind {
            Kind::Seq(nodes) => Some(nodes.len()),
            Kind::List(values) => Some(values.len()),
            _ => None,
        }
    }

    /// The type as a rule author would name it, with its article.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Missing(_) => "missing",
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) | Kind::Float(_) => "a number",
            Kind::Ratio(_) => "a percentage",
            Kind::Str(_) => "a string",
            Kind::Date(_) => "a date",
            Kind::Duration(_) => "a duration",
            Kind::Seq(_) | Kind::List(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// The elements of a list value, without collecting them.
pub enum Items<'v, 'a> {
    Nodes(std::slice::Iter<'a, Node>),
    Values(std::slice::Iter<'v, Value<'a>>),
}

impl<'a> Iterator for Items<'_, 'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Value<'a>> {
        match self {
            Items::Nodes(it) => it.next().map(|n| Value::from_node(n, None)),
            Items::Values(it) => it.next().cloned(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Items::Nodes(it) => it.size_hint(),
            Items::Values(it) => it.size_hint(),
        }
    }
}

/// Where a finding about a whole mapping without a key of its own points:
/// its first key (for a document, the "first key of the document"; for a
/// list element, the key that starts it, usually `id`).
pub fn first_key_span(node: &Node) -> Span {
    match &node.kind {
        NodeKind::Map(entries) => entries.first().map_or(node.span, |e| e.key.span),
        _ => node.span,
    }
}
