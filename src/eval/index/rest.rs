//! The rest of an indexed filter's `and` chain: in `stp[area.name ==
//! r.area.name and period.end < r.period.end]`, once the index found the
//! elements whose first comparison holds, `period.end < r.period.end` is
//! still asked of each of them (72 per lookup over 2,000 reports of 28
//! areas). Its element side, a path, gives the same value for an element
//! at every lookup, and its other side, which reads no element, the same
//! value for every element of a lookup: the first is read once per
//! element, when the index is built, the second once per lookup, and each
//! element found costs one comparison.
//!
//! The answer is the general evaluation's ([`Eval::truth_after_first`]):
//! the same two values, compared by the same [`Eval::compare`], in the
//! same order, stopping at the first comparison that is false, with the
//! same errors. Where the two could differ, the element is evaluated the
//! general way: a side missing (a comparison with a missing value is
//! neither true nor false), or an element without the path's first field
//! (its name is then read elsewhere, from bindings a lookup may change).
//!
//! An ordering of two dates (`period.end < r.period.end`, both ISO texts
//! in the report) is what [`order`](super::super::compare::order) makes
//! of them, the order of the two days: each side's day is read when its
//! value is, and the comparison is one of two numbers, where the general
//! way reads both texts as dates again for every element.

use super::super::compare::{as_date, ordering_holds};
use super::super::value::Value;
use super::super::{Abort, Eval, Scope};
use super::path_head;
use crate::date::Date;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind};

/// The comparisons after the first of an indexed filter's condition, each
/// with its element side read for every element.
pub(super) struct Rest<'a> {
    conjuncts: Vec<Conjunct<'a>>,
}

struct Conjunct<'a> {
    expr: &'a Expr,
    op: BinaryOp,
    left: &'a Expr,
    right: &'a Expr,
    /// Whether the left side is the one that reads the element.
    element_left: bool,
    /// The element side's value for each element of the list; `None`
    /// where the element is evaluated the general way.
    values: Vec<Option<Value<'a>>>,
    /// For an ordering, the day each of `values` stands for, if it is a
    /// date (empty for `==` and `!=`, where two texts compare as texts).
    days: Vec<Option<Date>>,
}

/// The other side of a conjunct, for one lookup, and its day when the
/// conjunct is an ordering and the value a date.
pub(super) type RestKey<'a> = (Value<'a>, Option<Date>);

fn ordering(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

impl<'a> Conjunct<'a> {
    /// The side that reads no element.
    fn other(&self) -> &'a Expr {
        if self.element_left {
            self.right
        } else {
            self.left
        }
    }
}

/// The conjuncts of the `and` chain `cond` after its first, in the order
/// they are evaluated.
fn after_first(cond: &Expr) -> Vec<&Expr> {
    match &cond.node {
        ExprKind::Binary(op, l, r) if op.node == BinaryOp::And => {
            let mut rest = after_first(l);
            rest.push(r);
            rest
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
thread_local! {
    /// How many elements the rest read ahead answered, so a test knows it ran.
    pub(crate) static ANSWERED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many comparisons were of two days read ahead.
    pub(crate) static BY_DAY: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl<'a> Eval<'a> {
    /// The rest of `cond` over `items`, when every comparison after the
    /// first compares a path that reads the element (`reads_element`) with
    /// a literal or a path that reads none; `None` otherwise, or when
    /// there is no rest.
    pub(super) fn build_rest(
        &mut self,
        cond: &'a Expr,
        items: &[Value<'a>],
        reads_element: &dyn Fn(&Expr) -> bool,
        scope: Scope<'_, 'a>,
    ) -> Result<Option<Rest<'a>>, Abort> {
        let rest = after_first(cond);
        if rest.is_empty() {
            return Ok(None);
        }
        let mut conjuncts = Vec::with_capacity(rest.len());
        for expr in rest {
            let ExprKind::Binary(op, left, right) = &expr.node else {
                return Ok(None);
            };
            let op = op.node;
            // `in` and `matches` keep caches of their own: the general way.
            if !op.is_comparison() || matches!(op, BinaryOp::In | BinaryOp::Matches) {
                return Ok(None);
            }
            let fixed = |e: &Expr| {
                matches!(e.node, ExprKind::Literal(_))
                    || (path_head(e).is_some() && !reads_element(e))
            };
            let element_left = match (reads_element(left), reads_element(right)) {
                (true, false) if fixed(right) => true,
                (false, true) if fixed(left) => false,
                _ => return Ok(None),
            };
            let path: &'a Expr = if element_left { left } else { right };
            let head = path_head(path).unwrap_or_default();
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                // Missing, or an element the general way reads: `None`.
                let value = self.read_own(item, head, path, scope)?;
                values.push(value.filter(|v| !v.is_missing()));
            }
            let days = if ordering(op) {
                values
                    .iter()
                    .map(|v| v.as_ref().and_then(as_date))
                    .collect()
            } else {
                Vec::new()
            };
            conjuncts.push(Conjunct {
                expr,
                op,
                left,
                right,
                element_left,
                values,
                days,
            });
        }
        Ok(Some(Rest { conjuncts }))
    }

    /// The sides of `rest` that read no element, for one lookup; `None`
    /// when one is missing or an error (the general way then says so).
    pub(super) fn rest_keys(
        &mut self,
        rest: &Rest<'a>,
        scope: Scope<'_, 'a>,
    ) -> Result<Option<Vec<RestKey<'a>>>, Abort> {
        let mut keys = Vec::with_capacity(rest.conjuncts.len());
        for c in &rest.conjuncts {
            let outer = Scope {
                elem: None,
                ..scope
            };
            match self.eval(c.other(), outer) {
                Ok(v) if !v.is_missing() => {
                    let day = if ordering(c.op) { as_date(&v) } else { None };
                    keys.push((v, day));
                }
                Err(Abort::Limit) => return Err(Abort::Limit),
                _ => return Ok(None),
            }
        }
        Ok(Some(keys))
    }

    /// Whether element `i`, found by the index, meets the rest of the
    /// condition, given the sides `keys` of this lookup; `None` when it is
    /// to be evaluated the general way.
    pub(super) fn rest_holds(
        &mut self,
        rest: &Rest<'a>,
        keys: &[RestKey<'a>],
        i: usize,
    ) -> Result<Option<bool>, Abort> {
        for (c, (key, key_day)) in rest.conjuncts.iter().zip(keys) {
            let Some(value) = c.values.get(i).and_then(Option::as_ref) else {
                return Ok(None);
            };
            self.tick(1)?;
            let day = c.days.get(i).copied().flatten();
            let holds = match (day, key_day) {
                // Two dates: neither is a number, so `order` compares the
                // days, and so does this.
                (Some(d), Some(k)) => {
                    #[cfg(test)]
                    BY_DAY.with(|n| n.set(n.get() + 1));
                    let o = if c.element_left { d.cmp(k) } else { k.cmp(&d) };
                    ordering_holds(c.op, o)
                }
                _ => {
                    let (l, r) = if c.element_left {
                        (value, key)
                    } else {
                        (key, value)
                    };
                    self.compare(c.expr, c.op, c.left, c.right, l, r)?
                }
            };
            if !holds {
                #[cfg(test)]
                ANSWERED.with(|n| n.set(n.get() + 1));
                return Ok(Some(false));
            }
        }
        #[cfg(test)]
        ANSWERED.with(|n| n.set(n.get() + 1));
        Ok(Some(true))
    }
}
