//! The node checks of the two expression forms that choose or bind: a
//! literal that is no condition after `if` (`if 1 then ...`), and a literal
//! that is no list after a comprehension's `in` (`[x for x in 5]`).

use super::{Kind, kind, snippet};
use crate::check::CheckError;
use crate::syntax::ast::Expr;

/// The condition of an `if` (`what` names it) that is a literal other than
/// `true` or `false`: it can never choose.
pub(in crate::check) fn condition(
    file: usize,
    text: &str,
    cond: &Expr,
    what: &str,
) -> Option<CheckError> {
    let k = kind(cond)?;
    if k == Kind::Bool {
        return None;
    }
    Some(CheckError {
        file,
        span: cond.span,
        message: format!(
            "the condition of {what} is `{}`, not true or false",
            snippet(text, cond.span)
        ),
        label: format!("{}, not a condition", k.noun()),
        help: Some(
            "write a comparison or another condition, e.g. `report == \"final\"`".to_string(),
        ),
        related: Vec::new(),
    })
}

/// The list of a list comprehension when it is a literal that is not a
/// list (`[x for x in 5]`).
pub(in crate::check) fn iterated(file: usize, text: &str, list: &Expr) -> Option<CheckError> {
    let k = kind(list)?;
    if k == Kind::List {
        return None;
    }
    Some(CheckError {
        file,
        span: list.span,
        message: format!(
            "a list comprehension takes its values from a list, found `{}`",
            snippet(text, list.span)
        ),
        label: format!("{}, not a list", k.noun()),
        help: Some("write `[EXPR for NAME in LIST]` with a list after `in`".to_string()),
        related: Vec::new(),
    })
}
