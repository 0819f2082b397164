//! The productions of the two expression forms that bind names or choose
//! between values: `conditional` (`if C then A else B`) and `comprehension`
//! (`[E for x in L if C]`). They sit apart from the operator productions of
//! `expr.rs` because neither is an operator: a conditional is a whole
//! `expr`, and a comprehension is a `list` that turns out to have `for`
//! after its first element.

use super::super::ast::{Comprehension, Conditional, Expr, ExprKind};
use super::super::error::{Expect, SyntaxError};
use super::super::lex::{Input, PResult, fail, found_after, keyword, name, require_keyword};
use super::expr::{Depth, expr};
use crate::span::{Span, Spanned};

/// `conditional = "if" expr "then" expr "else" expr`. The `else` branch
/// reaches as far as an expression can, so `if a then 1 else 2 + 3` adds 3
/// to 2 only; a conditional inside a larger expression is written in
/// parentheses.
pub(super) fn conditional(i: Input, depth: Depth) -> PResult<Expr> {
    let (i, kw) = require_keyword(i, "if")?;
    let (i, cond) = expr(i, depth)?;
    let (i, _) = keyword_after_expr(i, "then")?;
    let (i, then) = expr(i, depth)?;
    let (i, _) = keyword_after_expr(i, "else")?;
    let (i, otherwise) = expr(i, depth)?;
    let span = kw.to(otherwise.span);
    let kind = ExprKind::If(Box::new(Conditional {
        cond,
        then,
        otherwise,
    }));
    Ok((i, Spanned::new(kind, span)))
}

/// `comprehension = "[" expr "for" name "in" expr [ "if" expr ] "]"`, once
/// `list` has read the `[` at `open` and the first expression, `elem`, and
/// `i` starts at `for`.
pub(super) fn comprehension(open: Span, elem: Expr, i: Input, depth: Depth) -> PResult<Expr> {
    let (i, _) = require_keyword(i, "for")?;
    let (i, var) = name(i, Expect::Name)?;
    let (i, _) = require_keyword(i, "in")?;
    let (mut i, list) = expr(i, depth)?;
    let mut cond = None;
    if let Some((rest, _)) = keyword(i, "if") {
        let (rest, c) = expr(rest, depth)?;
        cond = Some(c);
        i = rest;
    }
    let expect = if cond.is_none() {
        vec![Expect::Token("if"), Expect::Token("]")]
    } else {
        vec![Expect::Token("]")]
    };
    let (rest, close) = super::expr::close_after_expr(i, "]", expect)?;
    let kind = ExprKind::Comprehension(Box::new(Comprehension {
        elem,
        var,
        list,
        cond,
    }));
    Ok((rest, Spanned::new(kind, open.to(close))))
}

/// Keyword `kw` after a complete expression, or "expected `kw`" (or "an
/// operator", when the word found looks like a misspelt one: `if a adn b`).
fn keyword_after_expr<'a>(i: Input<'a>, kw: &'static str) -> PResult<'a, Span> {
    if let Some(ok) = keyword(i, kw) {
        return Ok(ok);
    }
    let (span, found) = found_after(i);
    let expect = if found.is_misspelt_operator() {
        vec![Expect::Operator]
    } else {
        vec![Expect::Token(kw)]
    };
    fail(SyntaxError::expected(span, expect, found))
}
