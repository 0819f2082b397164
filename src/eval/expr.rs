//! Expressions to values: names, paths, filters, projections; the
//! operators are in `expr/operators.rs`.
//!
//! A path step that finds nothing yields a `missing` value that remembers
//! the step and the nearest existing parent; it flows through operators
//! (`missing + 1` is missing, `missing and false` is false) so that the
//! place that needs a value decides: a `require` reports it, a `when` or a
//! filter treats it as false.

use std::rc::Rc;

use super::compare::yaml_bool_word;
use super::display::quoted;
use super::value::{Kind, Text, Value};
use super::{Abort, Eval, Scope, comprehension};
use crate::report::Node;
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Ident, Literal};

mod operators;

impl<'a> Eval<'a> {
    pub(crate) fn eval(&mut self, e: &'a Expr, scope: Scope<'_, 'a>) -> Result<Value<'a>, Abort> {
        self.tick(1)?;
        match &e.node {
            ExprKind::Literal(l) => Ok(Value::new(literal(l), None)),
            ExprKind::List(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.eval(item, scope)?);
                }
                Ok(Value::new(Kind::List(values.into()), None))
            }
            ExprKind::Name(name) => self.name(e, name, scope),
            ExprKind::Field(base, field) => {
                let b = self.eval(base, scope)?;
                self.field(e, base, b, field)
            }
            ExprKind::Index(base, index) => self.index(e, base, index, scope),
            ExprKind::Filter(base, cond) => self.filter(base, cond, scope),
            ExprKind::Project(base, path) => self.project(base, path, scope),
            ExprKind::Call(f, args) => self.call(e, f, args, scope),
            ExprKind::Unary(op, x) => {
                let v = self.eval(x, scope)?;
                self.unary(e, op.node, x, v)
            }
            ExprKind::If(c) => self.conditional(c, scope),
            ExprKind::Comprehension(c) => self.comprehension(c, scope),
            ExprKind::Binary(op, l, r) => match op.node {
                BinaryOp::And | BinaryOp::Or => self.logic(op.node, l, r, scope),
                op => {
                    let lv = self.eval(l, scope)?;
                    let rv = self.eval(r, scope)?;
                    if lv.is_missing() {
                        return Ok(lv);
                    }
                    if rv.is_missing() {
                        return Ok(rv);
                    }
                    let origin = lv.origin.or(rv.origin);
                    if op.is_comparison() {
                        let holds = self.compare(e, op, l, r, &lv, &rv)?;
                        Ok(Value::new(Kind::Bool(holds), origin))
                    } else {
                        let kind = self.arith(e, op, &lv, &rv)?;
                        Ok(Value::new(kind, origin))
                    }
                }
            },
        }
    }

    /// Whether a `when` or filter condition holds: a missing value is false.
    pub(crate) fn truth(&mut self, e: &'a Expr, scope: Scope<'_, 'a>) -> Result<bool, Abort> {
        let v = self.eval(e, scope)?;
        match v.kind {
            Kind::Bool(b) => Ok(b),
            Kind::Missing(_) => Ok(false),
            _ => Err(self.not_boolean(e, &v)),
        }
    }

    /// A condition that is neither true nor false.
    pub(crate) fn not_boolean(&self, e: &Expr, v: &Value) -> Abort {
        let help = match &v.kind {
            Kind::Str(s) if yaml_bool_word(s.as_str()) => Some(format!(
                "`{}` is a string in YAML 1.2, not a boolean",
                s.as_str()
            )),
            _ => None,
        };
        Abort::mismatch(
            format!(
                "`{}` is {}, not true or false",
                self.text(e.span),
                v.type_name()
            ),
            v.origin,
        )
        .with_label(quoted(v))
        .with_help(help)
    }

    /// A bare name: filter element field, then comprehension variable (see
    /// `comprehension.rs`), then `each`/`let`, then root field.
    fn name(&mut self, e: &'a Expr, name: &str, scope: Scope<'_, 'a>) -> Result<Value<'a>, Abort> {
        if let Some(v) = element_field(scope.elem, name) {
            return Ok(v);
        }
        if let Some(v) = comprehension::local(scope.local, name) {
            return Ok(v);
        }
        if let Some(v) = self.lookup(name, scope) {
            return v;
        }
        Ok(match self.doc.entry(name) {
            Some(entry) => Value::from_node(&entry.value, Some(&entry.key)),
            None => Value::new(Kind::Missing(e), self.doc_origin),
        })
    }

    fn field(
        &mut self,
        e: &'a Expr,
        base: &'a Expr,
        b: Value<'a>,
        field: &'a Ident,
    ) -> Result<Value<'a>, Abort> {
        match b.kind {
            Kind::Missing(_) => Ok(b),
            Kind::Map(node) => Ok(match node.entry(&field.node) {
                Some(entry) => Value::from_node(&entry.value, Some(&entry.key)),
                None => Value::new(Kind::Missing(e), b.origin),
            }),
            Kind::Null => Ok(Value::new(Kind::Missing(e), b.origin)),
            Kind::Seq(_) | Kind::List(_) => {
                let base = self.text(base.span);
                let f = &field.node;
                Err(Abort::mismatch(
                    format!("`{base}` is a list, so it has no field `{f}`"),
                    b.origin,
                )
                .with_label("a list".to_string())
                .with_help(Some(format!(
                    "use `{base}[*].{f}` to take `{f}` of every element"
                ))))
            }
            _ => Err(Abort::mismatch(
                format!(
                    "`{}` is {}, so it has no field `{}`",
                    self.text(base.span),
                    b.type_name(),
                    field.node
                ),
                b.origin,
            )
            .with_label(quoted(&b))),
        }
    }

    fn index(
        &mut self,
        e: &'a Expr,
        base: &'a Expr,
        index: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let b = self.eval(base, scope)?;
        let i = self.eval(index, scope)?;
        if b.is_missing() {
            return Ok(b);
        }
        let i = match i.kind {
            Kind::Int(i) => i,
            Kind::Missing(_) => return Ok(i),
            _ => {
                return Err(Abort::mismatch(
                    format!(
                        "the index `{}` is {}, not an integer",
                        self.text(index.span),
                        i.type_name()
                    ),
                    i.origin.or(b.origin),
                )
                .with_label(quoted(&i)));
            }
        };
        let len = match (&b.kind, b.len_if_list()) {
            (Kind::Null, _) => 0,
            (_, Some(len)) => len,
            _ => {
                return Err(Abort::mismatch(
                    format!(
                        "`{}` is {}, not a list to index",
                        self.text(base.span),
                        b.type_name()
                    ),
                    b.origin,
                )
                .with_label(quoted(&b)));
            }
        };
        let at = if i < 0 {
            i.checked_add(len as i64)
        } else {
            Some(i)
        };
        let at = match at {
            Some(at) if at >= 0 && (at as u64) < len as u64 => at as usize,
            _ => return Ok(Value::new(Kind::Missing(e), b.origin)),
        };
        Ok(match &b.kind {
            Kind::Seq(nodes) => Value::from_node(&nodes[at], None),
            Kind::List(values) => values[at].clone(),
            // `len` is 0 for anything else, so `at` cannot be in range.
            _ => Value::new(Kind::Missing(e), b.origin),
        })
    }

    /// The list `base` evaluates to, for a filter or projection; `Ok(Err(v))`
    /// is a missing `v` to pass on.
    pub(crate) fn list_of(
        &mut self,
        base: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Result<Value<'a>, Value<'a>>, Abort> {
        let b = self.eval(base, scope)?;
        match b.kind {
            Kind::Missing(_) => Ok(Err(b)),
            Kind::Null => Ok(Ok(Value::new(Kind::List(Rc::new(Vec::new())), b.origin))),
            Kind::Seq(_) | Kind::List(_) => Ok(Ok(b)),
            _ => Err(Abort::mismatch(
                format!(
                    "`{}` is {}, not a list",
                    self.text(base.span),
                    b.type_name()
                ),
                b.origin,
            )
            .with_label(quoted(&b))),
        }
    }

    fn filter(
        &mut self,
        base: &'a Expr,
        cond: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let b = match self.list_of(base, scope)? {
            Ok(b) => b,
            Err(missing) => return Ok(missing),
        };
        if let Some(kept) = self.filter_indexed(&b, cond, scope)? {
            return Ok(Value::new(Kind::List(kept.into()), b.origin));
        }
        // Room for every element: a list grown by doubling was copied
        // about eight times on its way to 150 measures.
        let mut kept = Vec::with_capacity(b.len_if_list().unwrap_or(0));
        for item in b.items().into_iter().flatten() {
            self.tick(1)?;
            let holds = self.holds(cond, &item, scope);
            if self.leave_out_on_error(&item, holds)? {
                kept.push(item);
            }
        }
        Ok(Value::new(Kind::List(kept.into()), b.origin))
    }

    fn project(
        &mut self,
        base: &'a Expr,
        path: &'a [Ident],
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let b = match self.list_of(base, scope)? {
            Ok(b) => b,
            Err(missing) => return Ok(missing),
        };
        if let Kind::Seq(nodes) = b.kind {
            return self.project_nodes(nodes, path, b.origin);
        }
        let mut taken = Vec::with_capacity(b.len_if_list().unwrap_or(0));
        'items: for item in b.items().into_iter().flatten() {
            self.tick(1)?;
            let mut v = item;
            for seg in path {
                v = match v.kind {
                    Kind::Map(node) => match node.entry(&seg.node) {
                        Some(entry) => Value::from_node(&entry.value, Some(&entry.key)),
                        None => continue 'items,
                    },
                    _ => continue 'items,
                };
            }
            taken.push(v);
        }
        Ok(Value::new(Kind::List(taken.into()), b.origin))
    }

    /// [`Eval::project`] of a list in the report (`measures[*].id`, the
    /// most common projection, once or twice per report and rule): the
    /// same values, read from the nodes without a value made for each
    /// element on the way. The steps are counted at once, one per
    /// element, as the general loop counts them; only where the budget
    /// runs out differs, and that ends the rule either way.
    fn project_nodes(
        &mut self,
        nodes: &'a [Node],
        path: &'a [Ident],
        origin: Option<Span>,
    ) -> Result<Value<'a>, Abort> {
        self.tick(nodes.len() as u64)?;
        let mut taken = Vec::with_capacity(nodes.len());
        'nodes: for node in nodes {
            let mut at = node;
            let mut key = None;
            for seg in path {
                let Some(entry) = at.entry(&seg.node) else {
                    continue 'nodes;
                };
                key = Some(&entry.key);
                at = &entry.value;
            }
            taken.push(Value::from_node(at, key));
        }
        Ok(Value::new(Kind::List(taken.into()), origin))
    }
}

/// Field `name` of the filter element `elem`, when it is a mapping that has
/// one.
#[inline]
pub(crate) fn element_field<'a>(elem: Option<&Value<'a>>, name: &str) -> Option<Value<'a>> {
    let Some(Value {
        kind: Kind::Map(node),
        ..
    }) = elem
    else {
        return None;
    };
    let entry = node.entry(name)?;
    Some(Value::from_node(&entry.value, Some(&entry.key)))
}

pub(crate) fn literal(l: &Literal) -> Kind<'_> {
    match l {
        Literal::Int(i) => Kind::Int(*i),
        Literal::Decimal(f) => Kind::Float(*f),
        Literal::Percent(f) => Kind::Ratio(*f),
        Literal::Str(s) => Kind::Str(Text::Borrowed(s)),
        Literal::Date(d) => Kind::Date(*d),
        Literal::Duration(d) => Kind::Duration(*d),
        Literal::Bool(b) => Kind::Bool(*b),
        Literal::Null => Kind::Null,
    }
}
