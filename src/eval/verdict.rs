//! Whether a `require` holds, and if not, why: the failing comparison, the
//! missing path, the duplicates.
//!
//! The condition is walked once. `and` reports its first failing operand;
//! a comparison keeps both operand values for the message; `exists` and
//! `unique` keep what they looked at. Nothing is formatted here: a failure
//! holds borrowed values, and `message` writes text only for a finding.

use std::cmp::Ordering;

use super::compare::order;
use super::functions::{self, Verdict};
use super::value::{Kind, Value};
use super::{Abort, Eval, Scope};
use crate::finding::Finding;
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Require, UnaryOp};

/// Why a `require` condition does not hold.
pub(crate) enum Failure<'a> {
    /// `l op r` is false.
    Compare {
        op: BinaryOp,
        lx: &'a Expr,
        rx: &'a Expr,
        l: Value<'a>,
        r: Value<'a>,
    },
    /// The condition needs a value the report does not have.
    Missing(Value<'a>),
    /// A boolean condition (or `not X`, `a or b`) that is false; `value` is
    /// what was tested.
    False { expr: &'a Expr, value: Value<'a> },
    /// `exists(arg)` where `arg` is null.
    Null { arg: &'a Expr, value: Value<'a> },
    /// `not (member in list)`, and the element of the list equal to it.
    Member {
        expr: &'a Expr,
        member: Value<'a>,
        found: Value<'a>,
    },
    /// `unique(arg)` with `(first, later)` pairs of equal elements.
    Unique {
        arg: &'a Expr,
        items: Vec<Value<'a>>,
        pairs: Vec<(usize, usize)>,
    },
}

impl Failure<'_> {
    fn is_missing(&self) -> bool {
        matches!(self, Failure::Missing(_))
    }

    fn origin(&self) -> Option<Span> {
        match self {
            Failure::Compare { l, r, .. } => l.origin.or(r.origin),
            Failure::Missing(v)
            | Failure::False { value: v, .. }
            | Failure::Null { value: v, .. } => v.origin,
            Failure::Member { member, found, .. } => member.origin.or(found.origin),
            Failure::Unique { items, pairs, .. } => pairs.first().and_then(|p| items[p.1].origin),
        }
    }
}

impl<'a> Eval<'a> {
    /// Runs `require C [by D] [else ...]`, pushing its findings.
    pub(crate) fn require(
        &mut self,
        clause: Span,
        req: &'a Require,
        out: &mut Vec<Finding>,
    ) -> Result<(), Abort> {
        let scope = self.scope();
        let mut due = None;
        if let Some(by) = &req.by {
            let as_of = match self.lookup_let("as_of", scope) {
                Some(v) => v?,
                // `check` rejects `by` without `as_of`; a hand-built rule
                // set still must not panic.
                None => {
                    return Err(Abort::mismatch(
                        "`by` needs a `let as_of` in scope".to_string(),
                        self.fallback(None),
                    ));
                }
            };
            let deadline = self.eval(by, scope)?;
            for v in [&as_of, &deadline] {
                if v.is_missing() {
                    return self.report(clause, req, Failure::Missing(v.clone()), None, out);
                }
            }
            match order(&as_of, &deadline) {
                Some(Ordering::Less) => return Ok(()),
                Some(_) => due = Some(deadline),
                None => return Err(self.incomparable(by, &deadline, &as_of)),
            }
        }
        match self.test(&req.condition, scope)? {
            Some(failure) => self.report(clause, req, failure, due, out),
            None => Ok(()),
        }
    }

    /// `None` when `e` holds; otherwise why not.
    fn test(&mut self, e: &'a Expr, scope: Scope<'_, 'a>) -> Result<Option<Failure<'a>>, Abort> {
        self.tick(1)?;
        match &e.node {
            ExprKind::Binary(op, l, r) if op.node == BinaryOp::And => match self.test(l, scope)? {
                Some(f) => Ok(Some(f)),
                None => self.test(r, scope),
            },
            ExprKind::Binary(op, l, r) if op.node == BinaryOp::Or => {
                let Some(fl) = self.test(l, scope)? else {
                    return Ok(None);
                };
                let Some(fr) = self.test(r, scope)? else {
                    return Ok(None);
                };
                if fl.is_missing() {
                    return Ok(Some(fl));
                }
                if fr.is_missing() {
                    return Ok(Some(fr));
                }
                let origin = fl.origin().or(fr.origin());
                Ok(Some(Failure::False {
                    expr: e,
                    value: Value::new(Kind::Bool(false), origin),
                }))
            }
            ExprKind::Binary(op, l, r) if op.node.is_comparison() => {
                let lv = self.eval(l, scope)?;
                let rv = self.eval(r, scope)?;
                for v in [&lv, &rv] {
                    if v.is_missing() {
                        return Ok(Some(Failure::Missing(v.clone())));
                    }
                }
                if self.compare(e, op.node, l, r, &lv, &rv)? {
                    return Ok(None);
                }
                Ok(Some(Failure::Compare {
                    op: op.node,
                    lx: l,
                    rx: r,
                    l: lv,
                    r: rv,
                }))
            }
            ExprKind::Unary(op, x) if op.node == UnaryOp::Not => {
                let v = self.eval(x, scope)?;
                match v.kind {
                    Kind::Bool(false) => Ok(None),
                    // `not (x in list)`: the element it was found as is the
                    // place to show (another report's, in a rule across
                    // reports).
                    Kind::Bool(true) => Ok(Some(match self.found_in(x, scope)? {
                        Some((member, found)) => Failure::Member {
                            expr: e,
                            member,
                            found,
                        },
                        None => Failure::False { expr: e, value: v },
                    })),
                    Kind::Missing(_) => Ok(Some(Failure::Missing(v))),
                    _ => Err(self.not_boolean(x, &v)),
                }
            }
            ExprKind::Call(f, args) if verdict_of(&f.node, args) == Verdict::Presence => {
                let v = self.eval(&args[0], scope)?;
                Ok(match v.kind {
                    Kind::Missing(_) => Some(Failure::Missing(v)),
                    Kind::Null => Some(Failure::Null {
                        arg: &args[0],
                        value: v,
                    }),
                    _ => None,
                })
            }
            ExprKind::Call(f, args) if verdict_of(&f.node, args) == Verdict::Duplicates => {
                let v = self.eval(&args[0], scope)?;
                match v.kind {
                    Kind::Missing(_) => return Ok(Some(Failure::Missing(v))),
                    Kind::Null => return Ok(None),
                    _ => {}
                }
                let Some(items) = v.items() else {
                    // Not a list: `unique` itself says so.
                    return self.plain(e, scope);
                };
                let items: Vec<Value<'a>> = items.collect();
                let pairs = self.duplicates(&items, true)?;
                if pairs.is_empty() {
                    return Ok(None);
                }
                Ok(Some(Failure::Unique {
                    arg: &args[0],
                    items,
                    pairs,
                }))
            }
            _ => self.plain(e, scope),
        }
    }

    /// Any other condition: a value that must be `true`.
    fn plain(&mut self, e: &'a Expr, scope: Scope<'_, 'a>) -> Result<Option<Failure<'a>>, Abort> {
        let v = self.eval(e, scope)?;
        match v.kind {
            Kind::Bool(true) => Ok(None),
            Kind::Bool(false) => Ok(Some(Failure::False { expr: e, value: v })),
            Kind::Missing(_) => Ok(Some(Failure::Missing(v))),
            _ => Err(self.not_boolean(e, &v)),
        }
    }
}

/// How a failed call of function `name` with `args` as the whole condition
/// is explained; a call the checker would reject is a plain value.
fn verdict_of(name: &str, args: &[Expr]) -> Verdict {
    match functions::get(name) {
        Some(f) if f.arity.accepts(args.len()) && args.len() == 1 => f.verdict,
        _ => Verdict::Value,
    }
}

impl<'a> Eval<'a> {
    /// For `x` of the form `member in list` (a list, not a text): the
    /// member and the element of the list equal to it; `None` otherwise.
    fn found_in(
        &mut self,
        x: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Option<(Value<'a>, Value<'a>)>, Abort> {
        let ExprKind::Binary(op, l, r) = &x.node else {
            return Ok(None);
        };
        if op.node != BinaryOp::In {
            return Ok(None);
        }
        let member = self.eval(l, scope)?;
        let list = self.eval(r, scope)?;
        let Some(items) = list.items() else {
            return Ok(None);
        };
        for item in items {
            self.tick(1)?;
            if super::compare::equal(&member, &item) {
                return Ok(Some((member, item)));
            }
        }
        Ok(None)
    }
}
