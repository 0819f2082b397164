//! The walk over one rule file that declares a schema: every expression gets
//! a type ([`Ty`]), names resolve as the evaluator resolves them, and the
//! mistakes the schema makes certain are reported.
//!
//! Names, as in grammar.md: an `each` variable has the type of its list's
//! elements, a `let` the type of its value, and inside a filter's brackets a
//! bare name is first a field of the element. The errors: a field the
//! schema closes out (`additionalProperties: false`), `.f` on a list or a
//! scalar, a filter, projection, index, `each` or list function over a value
//! that is not a list, a date compared with or added to a number, and a
//! string the schema's `enum` never allows compared with a field. Only
//! mistakes that involve a type from the schema are reported here; literals
//! against literals are `expr.rs`'s. Comparisons and arithmetic are checked
//! in `walk/compare.rs`, fields and lists of the schema's types in
//! `walk/paths.rs`.

mod compare;
mod errors;
mod forms;
mod paths;

use errors::scalar_shape;

use super::ty::{Arr, Items, Ptr, Ty, Types, union};
use crate::check::CheckError;
use crate::eval::functions::{self, Gives, Takes};
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::syntax::ast::{
    self, Clause, ClauseKind, Expr, ExprKind, Ident, Item, Literal, TemplatePart, UnaryOp,
};

/// Checks every expression of `parsed` against the schema `root`, shown in
/// messages as `shown` (the path as declared), and the paths into the data
/// files `data` against theirs; returns the fields the schema declares at
/// the root of a report.
pub(super) fn file<'a, 's>(
    file: usize,
    text: &'a str,
    parsed: &'a ast::RuleFile,
    shown: &'a str,
    root: &'s serde_json::Value,
    data: &[DataTy<'a, 's>],
    errors: &mut Vec<CheckError>,
) -> Vec<String> {
    let types = Types::new(root);
    let document = types.document();
    // A data file without a schema is not typed. `reports` is the list of
    // every report, each of the schema's document type.
    let mut globals: Vec<(&'a str, Ty)> = data
        .iter()
        .map(|d| match d.schema {
            Some((root, shown)) => (d.name, types.document_of(root, shown)),
            None => (d.name, Ty::Any),
        })
        .collect();
    let reports = Ty::Array(Arr {
        items: Items::Computed(Box::new(document.clone())),
        definite: true,
        at: None,
    });
    globals.push((crate::rules::REPORTS, reports));
    let mut w = Walker {
        file,
        text,
        shown,
        document,
        globals,
        types,
        errors,
        frames: vec![Frame::default()],
        elems: Vec::new(),
        locals: Vec::new(),
    };
    for item in &parsed.items {
        match item {
            Item::Let(l) => {
                let t = w.expr(&l.value);
                w.frames[0].lets.push((&l.name.node, t, &l.value));
            }
            Item::Rule(rule) => {
                w.frames.push(Frame::default());
                w.clauses(&rule.clauses);
                w.frames.pop();
            }
            Item::Schema(_) | Item::Data(_) => {}
        }
    }
    let alts = match &w.document {
        Ty::Union(alts) => alts.iter().collect(),
        one => vec![one],
    };
    let roots: std::collections::BTreeSet<&String> = alts
        .into_iter()
        .filter_map(|alt| match alt {
            Ty::Object(o) => Some(o.props.keys()),
            _ => None,
        })
        .flatten()
        .collect();
    roots.into_iter().cloned().collect()
}

/// A data file a rule file declares: its name, and its schema with the
/// path it is shown as, when it declares one.
pub(super) struct DataTy<'a, 's> {
    pub name: &'a str,
    pub schema: Option<(&'s serde_json::Value, &'a str)>,
}

/// The bindings of one block: the file, a rule, an `each` body.
#[derive(Default)]
struct Frame<'a, 's> {
    each: Option<(&'a str, Ty<'s>)>,
    /// In the order written; a later `let` of the same name hides an earlier.
    lets: Vec<(&'a str, Ty<'s>, &'a Expr)>,
}

struct Walker<'a, 's, 'e> {
    file: usize,
    text: &'a str,
    shown: &'a str,
    types: Types<'s>,
    document: Ty<'s>,
    /// Names bound for the whole file that are not `let`s: data files and
    /// `reports`.
    globals: Vec<(&'a str, Ty<'s>)>,
    errors: &'e mut Vec<CheckError>,
    frames: Vec<Frame<'a, 's>>,
    /// The element types of the filters around the current expression, with
    /// the span of the list each filters.
    elems: Vec<(Ty<'s>, Span)>,
    /// The variables of the list comprehensions around the current
    /// expression, innermost last, each with how many filters were open
    /// when it was bound (`elems.len()`), so that names resolve as the
    /// evaluator resolves them.
    locals: Vec<(&'a str, Ty<'s>, usize)>,
}

/// What taking a field of a type gives.
enum Field<'s> {
    Found(Ty<'s>),
    /// The schema closes every object the value can be, and none has it.
    Unknown {
        names: Vec<String>,
        at: Vec<Ptr>,
    },
    /// The schema says the value is a list or a scalar.
    NoFields(Shape),
}

/// What the schema says a value is, when that is not what an expression
/// needs (a list, a mapping), and where it says so.
struct Shape {
    noun: &'static str,
    /// `None` for a list an expression computed (a filter, a projection).
    at: Option<Ptr>,
}

impl<'a, 's> Walker<'a, 's, '_> {
    fn clauses(&mut self, clauses: &'a [Clause]) {
        for clause in clauses {
            match &clause.node {
                ClauseKind::Let(l) => {
                    let t = self.expr(&l.value);
                    if let Some(frame) = self.frames.last_mut() {
                        frame.lets.push((&l.name.node, t, &l.value));
                    }
                }
                ClauseKind::When(cond) => {
                    self.expr(cond);
                }
                ClauseKind::Require(req) => {
                    self.expr(&req.condition);
                    if let Some(by) = &req.by {
                        self.expr(by);
                    }
                    for part in req.message.iter().flat_map(|t| &t.parts) {
                        if let TemplatePart::Expr(hole) = part {
                            self.expr(hole);
                        }
                    }
                }
                ClauseKind::Each(each) => {
                    let list = self.expr(&each.iter);
                    let item = self
                        .list_or_report(&list, &each.iter, || "`each` needs a list".to_string());
                    self.frames.push(Frame {
                        each: Some((&each.var.node, item)),
                        lets: Vec::new(),
                    });
                    self.clauses(&each.body);
                    self.frames.pop();
                }
                ClauseKind::Severity(_)
                | ClauseKind::Help(_)
                | ClauseKind::Url(_)
                | ClauseKind::Tags(_) => {}
            }
        }
    }

    fn expr(&mut self, e: &'a Expr) -> Ty<'s> {
        match &e.node {
            ExprKind::Literal(lit) => literal(lit),
            ExprKind::List(items) => {
                let items = items.iter().map(|x| self.expr(x)).collect();
                computed_list(union(items))
            }
            ExprKind::Name(name) => self.name(e, name),
            ExprKind::Field(base, field) => {
                let b = self.expr(base);
                let owner = format!("`{}`", self.snippet(base.span));
                self.take(&b, e.span.start, base.span, field, &owner, false)
            }
            ExprKind::Index(base, index) => {
                let b = self.expr(base);
                self.expr(index);
                self.list_or_report(&b, base, || "an index `[...]` needs a list".to_string())
            }
            ExprKind::Filter(base, cond) => {
                let b = self.expr(base);
                let item = self.list_or_report(&b, base, || {
                    "a filter `[...]` keeps elements of a list".to_string()
                });
                self.elems.push((item.clone(), base.span));
                self.expr(cond);
                self.elems.pop();
                computed_list(item)
            }
            ExprKind::Project(base, path) => {
                let b = self.expr(base);
                let mut t = self.list_or_report(&b, base, || {
                    "`[*]` takes a path from every element of a list".to_string()
                });
                let mut owner = format!("the elements of `{}`", self.snippet(base.span));
                for seg in path {
                    let before = Span::new(e.span.start, seg.span.start);
                    t = self.take(&t, e.span.start, before, seg, &owner, true);
                    owner = format!("`{}`", self.snippet(Span::new(e.span.start, seg.span.end)));
                }
                computed_list(t)
            }
            ExprKind::Call(function, args) => self.call(function, args),
            ExprKind::Unary(op, operand) => {
                let t = self.expr(operand);
                match op.node {
                    UnaryOp::Not => Ty::Bool { at: None },
                    UnaryOp::Neg if compare::is_number(&t).is_some() => Ty::Number { at: None },
                    UnaryOp::Neg if matches!(t, Ty::Duration) => Ty::Duration,
                    UnaryOp::Neg => Ty::Any,
                }
            }
            ExprKind::Binary(op, left, right) => self.binary(e, op.node, left, right),
            ExprKind::If(c) => self.conditional(c),
            ExprKind::Comprehension(c) => self.comprehension(c),
        }
    }

    /// A bare name: a field of the filter element, a comprehension's
    /// variable, a binding, a field of the report.
    fn name(&mut self, e: &Expr, name: &str) -> Ty<'s> {
        let mut element = None;
        // Innermost first, as the evaluator looks names up: the element of
        // the innermost filter inside the innermost comprehension, that
        // comprehension's variable, the innermost filter around it, ...
        let mut height = self.elems.len();
        for k in (0..=self.locals.len()).rev() {
            let floor = if k == 0 { 0 } else { self.locals[k - 1].2 };
            if height > floor {
                let (elem, list) = &self.elems[height - 1];
                match self.field(elem, name) {
                    Field::Found(t) => return t,
                    Field::NoFields(_) => return Ty::Any,
                    Field::Unknown { names, at } => {
                        element.get_or_insert((names, at, *list));
                    }
                }
            }
            height = floor;
            if k > 0 && self.locals[k - 1].0 == name {
                return self.locals[k - 1].1.clone();
            }
        }
        if let Some(t) = self.binding(name) {
            return t;
        }
        match (self.field(&self.document, name), element) {
            (Field::Found(t), _) => t,
            (Field::NoFields(_), _) => Ty::Any,
            (Field::Unknown { names, at }, None) => {
                self.unknown(e.span, name, name, "the report", &names, &at);
                Ty::Any
            }
            (Field::Unknown { names: root, .. }, Some((names, at, list))) => {
                // The element's fields are what a name in a filter most
                // likely means; the report's come second.
                let near = did_you_mean(name, names.iter().map(String::as_str))
                    .or_else(|| did_you_mean(name, root.iter().map(String::as_str)));
                let owner = format!("the elements of `{}`", self.snippet(list));
                let help = self.fields_help(near, &owner, &names, &at);
                self.push(
                    e.span,
                    format!("unknown field `{name}`"),
                    format!("not a field of {owner}, nor of the report, in the schema"),
                    help,
                    Vec::new(),
                );
                Ty::Any
            }
        }
    }

    fn binding(&self, name: &str) -> Option<Ty<'s>> {
        // As the evaluator looks up: `each` elements first, then `let`s,
        // innermost first.
        let each = self.frames.iter().rev().find_map(|f| match &f.each {
            Some((n, t)) if *n == name => Some(t.clone()),
            _ => None,
        });
        each.or_else(|| self.let_binding(name).map(|(t, _)| t.clone()))
            .or_else(|| {
                self.globals
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, t)| t.clone())
            })
    }

    /// The innermost `let name` in scope: its type and its value.
    fn let_binding(&self, name: &str) -> Option<(&Ty<'s>, &'a Expr)> {
        self.frames.iter().rev().find_map(|f| {
            f.lets
                .iter()
                .rev()
                .find(|(n, _, _)| *n == name)
                .map(|(_, t, e)| (t, *e))
        })
    }

    /// The list literal a bare name stands for, when it is a `let` of one
    /// (`let tasks = ["a", "b"]`): not an element's field, not an `each`
    /// variable.
    fn let_list(&self, name: &str) -> Option<&'a [Expr]> {
        if let Some((elem, _)) = self.elems.last()
            && !matches!(self.field(elem, name), Field::Unknown { .. })
        {
            return None;
        }
        if self
            .frames
            .iter()
            .any(|f| f.each.as_ref().is_some_and(|(n, _)| *n == name))
            || self.locals.iter().any(|(n, _, _)| *n == name)
        {
            return None;
        }
        match &self.let_binding(name)?.1.node {
            ExprKind::List(items) => Some(items),
            _ => None,
        }
    }

    fn call(&mut self, function: &Ident, args: &'a [Expr]) -> Ty<'s> {
        let types: Vec<Ty<'s>> = args.iter().map(|a| self.expr(a)).collect();
        let name = function.node.as_str();
        // An unknown function or a wrong arity is reported by `check/expr.rs`.
        let Some(f) = functions::get(name).filter(|f| f.arity.accepts(args.len())) else {
            return Ty::Any;
        };
        let mut item = Ty::Any;
        if let ([arg], [t]) = (args, types.as_slice())
            && f.takes == Takes::List
        {
            item = self.list_or_report(t, arg, || format!("`{name}` needs a list"));
        }
        match f.gives {
            Gives::Number | Gives::Count => Ty::Number { at: None },
            Gives::Bool => Ty::Bool { at: None },
            Gives::Element if args.len() == 1 => item,
            Gives::Element => union(types),
            Gives::List => computed_list(item),
            Gives::Text => Ty::Str {
                values: None,
                date: false,
                at: None,
            },
        }
    }
}

fn literal(lit: &Literal) -> Ty<'static> {
    match lit {
        Literal::Int(_) | Literal::Decimal(_) | Literal::Percent(_) => Ty::Number { at: None },
        Literal::Str(s) => Ty::Str {
            values: Some(vec![s.clone()]),
            date: false,
            at: None,
        },
        Literal::Date(_) => Ty::Date,
        Literal::Duration(_) => Ty::Duration,
        Literal::Bool(_) => Ty::Bool { at: None },
        Literal::Null => Ty::Null,
    }
}

fn computed_list(item: Ty<'_>) -> Ty<'_> {
    Ty::Array(Arr {
        items: Items::Computed(Box::new(item)),
        definite: true,
        at: None,
    })
}
