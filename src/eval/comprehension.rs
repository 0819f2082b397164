//! The two expression forms that choose or bind: `if C then A else B`, and
//! list comprehensions `[E for x in L if C]`.
//!
//! A comprehension's variable is not a binding of the rule (those live in
//! `Eval::bindings`, where a `let` sees only what was bound before it): it
//! is a [`Local`] on the stack, chained to the ones around it through the
//! [`Scope`], so a `let` computed inside the comprehension cannot see it
//! and nothing has to be removed afterwards. A bare name inside the
//! comprehension is, innermost first: a field of the element of a filter
//! written inside it, the comprehension's variable, then whatever the name
//! means around the comprehension (a filter's element when the
//! comprehension is inside one, an `each` element, a `let`, the report).
//!
//! Each value of a comprehension keeps its own origin, so a finding about
//! `avg([m.completed_on - m.deadline for m in measures])` or about one of
//! its elements points at the report.

use super::expr::element_field;
use super::value::{Kind, Value};
use super::{Abort, Eval, Scope};
use crate::syntax::ast::{Comprehension, Conditional};

/// A comprehension's variable bound to one element, and what a name that
/// is not this variable could mean at the comprehension.
pub(crate) struct Local<'s, 'a> {
    name: &'a str,
    value: Value<'a>,
    /// The filter element in scope where the comprehension is written.
    elem: Option<&'s Value<'a>>,
    outer: Option<&'s Local<'s, 'a>>,
}

/// The value of `name` among the comprehension variables from `local`
/// outwards (and the filter elements between them), if it is one.
pub(crate) fn local<'a>(mut local: Option<&Local<'_, 'a>>, name: &str) -> Option<Value<'a>> {
    while let Some(l) = local {
        if l.name == name {
            return Some(l.value.clone());
        }
        if let Some(v) = element_field(l.elem, name) {
            return Some(v);
        }
        local = l.outer;
    }
    None
}

impl<'a> Eval<'a> {
    /// `if C then A else B`. A condition on a missing value is false, as
    /// in `when` and in a filter.
    pub(crate) fn conditional(
        &mut self,
        c: &'a Conditional,
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        if self.truth(&c.cond, scope)? {
            self.eval(&c.then, scope)
        } else {
            self.eval(&c.otherwise, scope)
        }
    }

    /// `[E for x in L if C]`: E for every element of L for which C holds.
    /// An element whose E is missing is left out, as a projection leaves
    /// out an element that lacks the path. The list keeps the origin of L.
    pub(crate) fn comprehension(
        &mut self,
        c: &'a Comprehension,
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let list = match self.list_of(&c.list, scope)? {
            Ok(list) => list,
            Err(missing) => return Ok(missing),
        };
        let mut values = Vec::new();
        for item in list.items().into_iter().flatten() {
            self.tick(1)?;
            let bound = Local {
                name: &c.var.node,
                value: item,
                elem: scope.elem,
                outer: scope.local,
            };
            let inner = Scope {
                limit: scope.limit,
                elem: None,
                local: Some(&bound),
            };
            // An element of another report of the set that cannot be
            // evaluated is left out, its error kept for the rule (`set.rs`).
            match self.comprehension_element(c, inner) {
                Ok(Some(v)) => values.push(v),
                Ok(None) => {}
                Err(e) => self.leave_out(&bound.value, e)?,
            }
        }
        Ok(Value::new(Kind::List(values.into()), list.origin))
    }

    /// E for the element bound in `inner`, or `None` when C does not hold
    /// or E is missing.
    fn comprehension_element(
        &mut self,
        c: &'a Comprehension,
        inner: Scope<'_, 'a>,
    ) -> Result<Option<Value<'a>>, Abort> {
        if let Some(cond) = &c.cond
            && !self.truth(cond, inner)?
        {
            return Ok(None);
        }
        let v = self.eval(&c.elem, inner)?;
        Ok((!matches!(v.kind, Kind::Missing(_))).then_some(v))
    }
}
