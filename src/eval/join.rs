//! Where a finding about a join points. In
//!
//! ```text
//! each bp in best_practices {
//!     require count(measures[task == bp.task and status == "implemented"]) > 0
//! }
//! ```
//!
//! the failing value is computed from `measures`, but what the clerk must
//! look at is the best practice: its `task` has no implemented measure. So
//! when a failed comparison compares a value computed from a list filtered
//! on the element of an enclosing `each` (directly, or through `let`s; a
//! filter `list[cond]` or a comprehension's `if`), the finding points at
//! the value of that element the filter read (`bp.task`). The wording is
//! `message.rs`'s.
//!
//! The join is found in the rule's text, after the comparison failed: the
//! evaluation of a passing rule pays nothing for it.

use super::value::Value;
use super::{Eval, Scope, Slot};
use crate::eval::functions::{self, Gives};
use crate::syntax::ast::{Expr, ExprKind};

/// How many `let`s are followed from the compared expression to the one
/// that filters: a chain of `let`s is a few long, and the search stays
/// bounded whatever the rule.
const MAX_LET_HOPS: usize = 8;

/// A comparison's operand computed from a list filtered on an `each`
/// element.
pub(crate) struct Join<'a> {
    /// The operand of the comparison the join was found in.
    pub operand: &'a Expr,
    /// The path into the element the filter reads (`bp.task`), and its
    /// value, which comes from the report.
    pub key_x: &'a Expr,
    pub key: Value<'a>,
    /// The list filtered and the condition.
    pub list_x: &'a Expr,
    pub cond: &'a Expr,
    /// Whether the compared value is the count of the filtered list.
    pub counted: bool,
}

impl<'a> Eval<'a> {
    /// The join behind operand `x` of a failed comparison, if it is one
    /// whose element value comes from the report.
    pub(crate) fn join(&mut self, x: &'a Expr) -> Option<Join<'a>> {
        let limit = self.bindings.len();
        let (filter, counted, limit) = self.filtered(x, limit, 0)?;
        // A comprehension's variable is the element of its own list, not
        // of an enclosing `each`, even where it has the name of one.
        let (list_x, cond, local) = match &filter.node {
            ExprKind::Filter(list_x, cond) => (&**list_x, &**cond, None),
            ExprKind::Comprehension(c) => (&c.list, c.cond.as_ref()?, Some(c.var.node.as_str())),
            _ => return None,
        };
        let key_x = self.element_path(cond, limit, local)?;
        let scope = Scope {
            limit,
            elem: None,
            local: None,
        };
        let key = self.eval(key_x, scope).ok()?;
        if key.is_missing() || key.origin.is_none() {
            return None;
        }
        Some(Join {
            operand: x,
            key_x,
            key,
            list_x,
            cond,
            counted,
        })
    }

    /// The filter `x` computes its value from, whether `x` is its count,
    /// and the bindings visible where it is written (a `let` sees those
    /// before it).
    fn filtered(&self, x: &'a Expr, limit: usize, hops: usize) -> Option<(&'a Expr, bool, usize)> {
        match &x.node {
            _ if is_filter(x) => Some((x, false, limit)),
            ExprKind::Call(f, args) => {
                let counts = functions::get(&f.node).is_some_and(|f| f.gives == Gives::Count);
                if let [arg] = args.as_slice()
                    && is_filter(arg)
                {
                    return Some((arg, counts, limit));
                }
                args.iter()
                    .find_map(|a| self.filtered(a, limit, hops))
                    .map(|(f, _, l)| (f, false, l))
            }
            ExprKind::Name(name) => {
                let index = self.binding_of(name, limit)?;
                match &self.bindings[index].slot {
                    Slot::Let(e, _) if hops < MAX_LET_HOPS => self.filtered(e, index, hops + 1),
                    _ => None,
                }
            }
            ExprKind::Binary(_, l, r) => [l, r]
                .into_iter()
                .find_map(|e| self.filtered(e, limit, hops))
                .map(|(f, _, l)| (f, false, l)),
            ExprKind::Unary(_, e) | ExprKind::Field(e, _) | ExprKind::Project(e, _) => {
                self.filtered(e, limit, hops).map(|(f, _, l)| (f, false, l))
            }
            // An element picked out of a filtered list (`stp[...][0]`,
            // then its fields) is a value of a report, not one computed
            // from the list: a comparison of it points at the values
            // compared, as for any two values of reports.
            _ => None,
        }
    }

    /// The first path in `cond` into an `each` element visible below
    /// `limit` (`bp.task`). An element that is itself the value (`each p
    /// in distinct(...)`) is not one: it is a value many places share (a
    /// period every report gives), and the first of them is no place to
    /// act on.
    fn element_path(&self, cond: &'a Expr, limit: usize, local: Option<&str>) -> Option<&'a Expr> {
        if let ExprKind::Field(..) = &cond.node
            && let Some(name) = path_root(cond)
        {
            if Some(name) == local {
                return None;
            }
            let index = self.binding_of(name, limit)?;
            return matches!(self.bindings[index].slot, Slot::Value(_)).then_some(cond);
        }
        let find = |e: &'a Expr| self.element_path(e, limit, local);
        match &cond.node {
            ExprKind::Binary(_, l, r) => [l, r].into_iter().find_map(|e| find(e)),
            ExprKind::Unary(_, e) | ExprKind::Field(e, _) | ExprKind::Project(e, _) => find(e),
            ExprKind::Call(_, args) | ExprKind::List(args) => args.iter().find_map(find),
            ExprKind::Filter(base, inner) | ExprKind::Index(base, inner) => {
                find(base).or_else(|| find(inner))
            }
            _ => None,
        }
    }

    /// The binding a bare `name` means below `limit`, as `Eval::lookup`
    /// finds it: an `each` element first, then the innermost `let`.
    fn binding_of(&self, name: &str, limit: usize) -> Option<usize> {
        let visible = &self.bindings[..limit.min(self.bindings.len())];
        visible
            .iter()
            .rposition(|b| b.name == name && matches!(b.slot, Slot::Value(_)))
            .or_else(|| visible.iter().rposition(|b| b.name == name))
    }
}

/// Whether `x` keeps the elements of a list that satisfy a condition:
/// `list[cond]`, or `[... for v in list if cond]`.
fn is_filter(x: &Expr) -> bool {
    match &x.node {
        ExprKind::Filter(..) => true,
        ExprKind::Comprehension(c) => c.cond.is_some(),
        _ => false,
    }
}

/// The name a path of fields starts from: `bp` for `bp.task.code`.
fn path_root(e: &Expr) -> Option<&str> {
    match &e.node {
        ExprKind::Name(name) => Some(name),
        ExprKind::Field(base, _) => path_root(base),
        _ => None,
    }
}
