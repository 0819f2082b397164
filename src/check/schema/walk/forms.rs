//! The types of the two expression forms that choose or bind: `if C then A
//! else B` (either branch's type), and `[E for x in L if C]` (a list of E,
//! with `x` typed as an element of L). What can never work, as the schema
//! gives it, is reported: a condition that is a string or a number, and a
//! comprehension over a mapping or a scalar.

use super::super::ty::{Ty, union};
use super::{Walker, computed_list, scalar_shape};
use crate::syntax::ast::{Comprehension, Conditional, Expr};

impl<'a, 's> Walker<'a, 's, '_> {
    pub(super) fn conditional(&mut self, c: &'a Conditional) -> Ty<'s> {
        let cond = self.expr(&c.cond);
        self.condition(&c.cond, &cond, "`if`");
        let then = self.expr(&c.then);
        let otherwise = self.expr(&c.otherwise);
        union(vec![then, otherwise])
    }

    pub(super) fn comprehension(&mut self, c: &'a Comprehension) -> Ty<'s> {
        // The list is read outside the comprehension: its variable is not
        // bound there.
        let list = self.expr(&c.list);
        let item = self.list_or_report(&list, &c.list, || {
            "a list comprehension takes its values from a list".to_string()
        });
        self.locals.push((&c.var.node, item, self.elems.len()));
        if let Some(cond) = &c.cond {
            let t = self.expr(cond);
            self.condition(cond, &t, "the `if` of a list comprehension");
        }
        let elem = self.expr(&c.elem);
        self.locals.pop();
        computed_list(elem)
    }

    /// A condition (`what` names whose) that the schema gives as a string
    /// or a number: it is never true or false.
    fn condition(&mut self, cond: &Expr, t: &Ty<'s>, what: &str) {
        let Some(shape) = scalar_shape(t) else {
            return;
        };
        if shape.noun == "a boolean" {
            return;
        }
        let label = self.shape_label(shape.noun, shape.at.as_ref());
        let text = self.snippet(cond.span);
        self.push(
            cond.span,
            format!("the condition of {what} is `{text}`, which is never true or false"),
            label,
            Some(format!(
                "a condition is a comparison or another true-or-false value, and the schema \
                 gives `{text}` as {}",
                shape.noun
            )),
            Vec::new(),
        );
    }
}
