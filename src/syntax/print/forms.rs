//! The layout of the two expression forms that choose or bind: a
//! conditional (`if C then A else B`) and a list comprehension
//! (`[E for x in L if C]`). Their keywords are tokens written at their
//! source offsets, found from the spans of the parts around them, so the
//! comments between them stay where they were written.

use super::doc::{Doc, Gap};
use super::{Builder, gap, lex, text};
use crate::syntax::ast::{Comprehension, Conditional, Expr};

impl Builder<'_> {
    /// `if C then A else B`, breaking before `then` and `else` when it does
    /// not fit. A conditional as the condition or the `then` branch is
    /// parenthesised for the reader (the grammar does not need it); one as
    /// the `else` branch reads as `else if`.
    pub(super) fn conditional(&mut self, e: &Expr, c: &Conditional) -> Doc {
        let at = lex::token_at(self.src, e.span.start).map_or(e.span.start, |s| s.start);
        let then_at = self.next_token(c.cond.span.end);
        let else_at = self.next_token(c.then.span.end);
        let head = vec![self.tok("if", at), gap(Gap::Space), self.expr(&c.cond, 1)];
        let rest = vec![
            gap(Gap::Line),
            self.tok("then", then_at),
            gap(Gap::Space),
            self.expr(&c.then, 1),
            gap(Gap::Line),
            self.tok("else", else_at),
            gap(Gap::Space),
            self.expr(&c.otherwise, 0),
        ];
        Doc::Group(vec![Doc::Seq(head), Doc::Indent(rest)])
    }

    /// `[E for x in L if C]`: on one line, or broken inside the brackets
    /// before `for` and `if` when it does not fit. Conditionals among its
    /// parts are parenthesised for the reader.
    pub(super) fn comprehension(&mut self, c: &Comprehension) -> Doc {
        let for_at = self.next_token(c.elem.span.end);
        let in_at = self.next_token(c.var.span.end);
        let mut inner = vec![
            gap(Gap::Soft),
            self.expr(&c.elem, 1),
            gap(Gap::Line),
            self.tok("for", for_at),
            gap(Gap::Space),
            self.verbatim(c.var.span),
            gap(Gap::Space),
            self.tok("in", in_at),
            gap(Gap::Space),
            self.expr(&c.list, 1),
        ];
        let mut end = c.list.span.end;
        if let Some(cond) = &c.cond {
            let if_at = self.next_token(end);
            inner.extend([gap(Gap::Line), self.tok("if", if_at), gap(Gap::Space)]);
            inner.push(self.expr(cond, 1));
            end = cond.span.end;
        }
        let close = self.next_token(end);
        Doc::Group(vec![
            text("["),
            Doc::Indent(inner),
            gap(Gap::Soft),
            self.tok("]", close),
        ])
    }
}
