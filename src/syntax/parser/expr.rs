//! The expression productions of `grammar.md`, from `expr` down to
//! `primary`, one function per production, and the [`Depth`] bound every
//! nested expression goes through. Operators are parsed by precedence
//! climbing written out as one function per level (`or_expr` to `unary`),
//! so each level's error names the tokens that level could take; the two
//! forms that are not operators (`if` and comprehensions) are in
//! `forms.rs`.

use super::super::ast::{BinaryOp, Expr, ExprKind, Literal, UnaryOp};
use super::super::error::{Expect, MAX_DEPTH, MAX_NESTING, SyntaxError, SyntaxErrorKind};
use super::super::keywords::KEYWORDS;
use super::super::lex::{
    Input, PResult, Tok, expected, fail, found_after, keyword, name, number, peek, pos, punct,
    require_punct, string, word,
};
use super::forms;
use crate::span::{Span, Spanned};

/// How deep the parser is: how many productions call themselves on the
/// native stack (`nest`), and how deep the tree built so far is (`tree`:
/// an operator chain or a path of selectors is built in a loop, but its
/// tree is as deep as it is long, and the checks, the evaluator and drop
/// recurse over trees).
///
/// Nesting is survived by bounds, not by a bigger stack: at [`MAX_NESTING`]
/// the parser takes about 800 KiB of stack in an unoptimised build
/// (measured: some 25 KiB a level, ten functions deep), well inside the
/// 2 MiB any thread has, so `parse` runs on the caller's thread; and every
/// recursive walk of a tree is bounded by [`MAX_DEPTH`].
#[derive(Clone, Copy, Debug, Default)]
pub(in crate::syntax) struct Depth {
    pub(super) nest: usize,
    pub(super) tree: usize,
}

/// One more level of nesting (recursion and tree), or the "too deep"
/// error at the next token.
pub(super) fn deeper(i: Input, depth: Depth) -> Result<Depth, nom::Err<SyntaxError>> {
    if depth.nest >= MAX_NESTING {
        let kind = SyntaxErrorKind::TooDeep { limit: MAX_NESTING };
        return fail(SyntaxError::new(peek(i).span(), kind));
    }
    if depth.tree >= MAX_DEPTH {
        let kind = SyntaxErrorKind::TooDeep { limit: MAX_DEPTH };
        return fail(SyntaxError::new(peek(i).span(), kind));
    }
    Ok(Depth {
        nest: depth.nest + 1,
        tree: depth.tree + 1,
    })
}

/// One more link of a chain (`a and b`, `a.b`): a deeper tree, parsed in a
/// loop.
fn longer(i: Input, depth: Depth) -> Result<Depth, nom::Err<SyntaxError>> {
    if depth.tree >= MAX_DEPTH {
        let kind = SyntaxErrorKind::TooDeep { limit: MAX_DEPTH };
        return fail(SyntaxError::new(peek(i).span(), kind));
    }
    Ok(Depth {
        nest: depth.nest,
        tree: depth.tree + 1,
    })
}

/// `expr = conditional | or_expr`. Every nested expression comes through
/// here, so this is where nesting is counted.
pub(super) fn expr(i: Input, depth: Depth) -> PResult<Expr> {
    let depth = deeper(i, depth)?;
    if peek(i).is_keyword("if") {
        return forms::conditional(i, depth);
    }
    or_expr(i, depth)
}

fn binary(op: Spanned<BinaryOp>, left: Expr, right: Expr) -> Expr {
    let span = left.span.to(right.span);
    Spanned::new(ExprKind::Binary(op, Box::new(left), Box::new(right)), span)
}

/// `or_expr = and_expr { "or" and_expr }`
fn or_expr(i: Input, depth: Depth) -> PResult<Expr> {
    let (mut i, mut left) = and_expr(i, depth)?;
    let mut depth = depth;
    while let Some((rest, op)) = keyword(i, "or") {
        depth = longer(rest, depth)?;
        let (rest, right) = and_expr(rest, depth)?;
        left = binary(Spanned::new(BinaryOp::Or, op), left, right);
        i = rest;
    }
    Ok((i, left))
}

/// `and_expr = not_expr { "and" not_expr }`
fn and_expr(i: Input, depth: Depth) -> PResult<Expr> {
    let (mut i, mut left) = not_expr(i, depth)?;
    let mut depth = depth;
    while let Some((rest, op)) = keyword(i, "and") {
        depth = longer(rest, depth)?;
        let (rest, right) = not_expr(rest, depth)?;
        left = binary(Spanned::new(BinaryOp::And, op), left, right);
        i = rest;
    }
    Ok((i, left))
}

/// `not_expr = "not" not_expr | comparison`
fn not_expr(i: Input, depth: Depth) -> PResult<Expr> {
    let Some((rest, op)) = keyword(i, "not") else {
        return comparison(i, depth);
    };
    let depth = deeper(rest, depth)?;
    let (rest, operand) = not_expr(rest, depth)?;
    let span = op.to(operand.span);
    let kind = ExprKind::Unary(Spanned::new(UnaryOp::Not, op), Box::new(operand));
    Ok((rest, Spanned::new(kind, span)))
}

/// `comparison = sum [ comparison_op sum ]`: comparisons do not chain.
fn comparison(i: Input, depth: Depth) -> PResult<Expr> {
    let source = i;
    let (i, left) = sum(i, depth)?;
    no_assign(i)?;
    let Some((rest, op, _)) = comparison_op(i) else {
        return Ok((i, left));
    };
    let (rest, right) = sum(rest, depth)?;
    no_assign(rest)?;
    if let Some((after, op2, op2_text)) = comparison_op(rest) {
        let text = |s: Span| &source.fragment()[s.start - pos(&source)..s.end - pos(&source)];
        let third = match sum(after, depth) {
            Ok((_, e)) => text(e.span).to_string(),
            Err(_) => "…".to_string(),
        };
        let (l, m) = (text(left.span), text(right.span));
        let first_op = text(op.span);
        let suggestion = format!("{l} {first_op} {m} and {m} {op2_text} {third}");
        return fail(SyntaxError::new(
            op2.span,
            SyntaxErrorKind::ChainedComparison { suggestion },
        ));
    }
    Ok((rest, binary(op, left, right)))
}

/// A lone `=` after an operand: the author meant `==`.
fn no_assign(i: Input) -> Result<(), nom::Err<SyntaxError>> {
    match punct(i, "=") {
        Some((_, s)) => fail(SyntaxError::new(s, SyntaxErrorKind::Assign)),
        None => Ok(()),
    }
}

/// `comparison_op = "==" | "!=" | "<" | "<=" | ">" | ">=" | "≥" | "≤" | "≠"
///                | "in" | "matches"`
fn comparison_op<'a>(i: Input<'a>) -> Option<(Input<'a>, Spanned<BinaryOp>, &'a str)> {
    let t = peek(i);
    let op = match (t.kind, t.text) {
        (Tok::Punct, "==") => BinaryOp::Eq,
        (Tok::Punct, "!=" | "≠") => BinaryOp::Ne,
        (Tok::Punct, "<") => BinaryOp::Lt,
        (Tok::Punct, "<=" | "≤") => BinaryOp::Le,
        (Tok::Punct, ">") => BinaryOp::Gt,
        (Tok::Punct, ">=" | "≥") => BinaryOp::Ge,
        (Tok::Word, "in") => BinaryOp::In,
        (Tok::Word, "matches") => BinaryOp::Matches,
        _ => return None,
    };
    Some((t.rest, Spanned::new(op, t.span()), t.text))
}

/// `sum = product { ( "+" | "-" ) product }`
fn sum(i: Input, depth: Depth) -> PResult<Expr> {
    let (mut i, mut left) = product(i, depth)?;
    let mut depth = depth;
    loop {
        let t = peek(i);
        let op = match t.text {
            "+" if t.kind == Tok::Punct => BinaryOp::Add,
            "-" if t.kind == Tok::Punct => BinaryOp::Sub,
            _ => return Ok((i, left)),
        };
        depth = longer(t.rest, depth)?;
        let (rest, right) = product(t.rest, depth)?;
        left = binary(Spanned::new(op, t.span()), left, right);
        i = rest;
    }
}

/// `product = unary { ( "*" | "/" ) unary }`
fn product(i: Input, depth: Depth) -> PResult<Expr> {
    let (mut i, mut left) = unary(i, depth)?;
    let mut depth = depth;
    loop {
        let t = peek(i);
        let op = match t.text {
            "*" if t.kind == Tok::Punct => BinaryOp::Mul,
            "/" if t.kind == Tok::Punct => BinaryOp::Div,
            _ => return Ok((i, left)),
        };
        depth = longer(t.rest, depth)?;
        let (rest, right) = unary(t.rest, depth)?;
        left = binary(Spanned::new(op, t.span()), left, right);
        i = rest;
    }
}

/// `unary = "-" unary | postfix`
fn unary(i: Input, depth: Depth) -> PResult<Expr> {
    let Some((rest, op)) = punct(i, "-") else {
        return postfix(i, depth);
    };
    let depth = deeper(rest, depth)?;
    let (rest, operand) = unary(rest, depth)?;
    let span = op.to(operand.span);
    let kind = ExprKind::Unary(Spanned::new(UnaryOp::Neg, op), Box::new(operand));
    Ok((rest, Spanned::new(kind, span)))
}

/// `postfix = primary { "." field | "[" "*" "]" { "." field } | "[" expr "]" }`
///
/// `[*]` with the fields after it is a projection; `[INTEGER]` and
/// `[-INTEGER]` are indexes; any other `[expr]` is a filter.
fn postfix(i: Input, depth: Depth) -> PResult<Expr> {
    let (mut i, mut e) = primary(i, depth)?;
    let mut depth = depth;
    loop {
        if let Some((rest, _)) = punct(i, ".") {
            // Every selector wraps the tree once more.
            depth = longer(rest, depth)?;
            let (rest, f) = field(rest)?;
            let span = e.span.to(f.span);
            e = Spanned::new(ExprKind::Field(Box::new(e), f), span);
            i = rest;
        } else if let Some((rest, _)) = punct(i, "[") {
            depth = longer(rest, depth)?;
            if let Some((rest, _)) = punct(rest, "*") {
                let (mut rest, close) = require_punct(rest, "]")?;
                let mut end = close;
                let mut fields = Vec::new();
                while let Some((after_dot, _)) = punct(rest, ".") {
                    depth = longer(after_dot, depth)?;
                    let (after, f) = field(after_dot)?;
                    end = f.span;
                    fields.push(f);
                    rest = after;
                }
                let span = e.span.to(end);
                e = Spanned::new(ExprKind::Project(Box::new(e), fields), span);
                i = rest;
            } else {
                let (rest, inner) = expr(rest, depth)?;
                let (rest, close) = close_after_expr(rest, "]", vec![Expect::Token("]")])?;
                let span = e.span.to(close);
                let (base, inner) = (Box::new(e), Box::new(inner));
                let kind = if is_index(&inner) {
                    ExprKind::Index(base, inner)
                } else {
                    ExprKind::Filter(base, inner)
                };
                e = Spanned::new(kind, span);
                i = rest;
            }
        } else {
            return Ok((i, e));
        }
    }
}

/// An integer literal, possibly negated: the selector is an index.
fn is_index(e: &Expr) -> bool {
    match &e.node {
        ExprKind::Literal(Literal::Int(_)) => true,
        ExprKind::Unary(op, inner) => {
            op.node == UnaryOp::Neg && matches!(inner.node, ExprKind::Literal(Literal::Int(_)))
        }
        _ => false,
    }
}

/// `field = word`: after `.`, keywords are field names too (`x.url`).
fn field(i: Input) -> PResult<Spanned<String>> {
    match word(i) {
        Some(ok) => Ok(ok),
        None => expected(i, vec![Expect::Field]),
    }
}

/// `primary = literal | list | call | name | "(" expr ")"`
fn primary(i: Input, depth: Depth) -> PResult<Expr> {
    let t = peek(i);
    let lit = |l: Literal| Ok((t.rest, Spanned::new(ExprKind::Literal(l), t.span())));
    match (t.kind, t.text) {
        (Tok::Number, _) => number(i),
        (Tok::Str, _) => {
            let (rest, s) = string(i, Expect::Expression)?;
            Ok((
                rest,
                Spanned::new(ExprKind::Literal(Literal::Str(s.node)), s.span),
            ))
        }
        (Tok::Punct, "(") => {
            let (rest, mut e) = expr(t.rest, depth)?;
            let (rest, close) = close_after_expr(rest, ")", vec![Expect::Token(")")])?;
            // The parentheses belong to the expression's source text.
            e.span = t.span().to(close);
            Ok((rest, e))
        }
        (Tok::Punct, "[") => list(i, depth),
        (Tok::Word, "true") => lit(Literal::Bool(true)),
        (Tok::Word, "false") => lit(Literal::Bool(false)),
        (Tok::Word, "null") => lit(Literal::Null),
        (Tok::Word, w) if !KEYWORDS.contains(&w) => {
            if punct(t.rest, "(").is_some() {
                call(i, depth)
            } else {
                let kind = ExprKind::Name(w.to_string());
                Ok((t.rest, Spanned::new(kind, t.span())))
            }
        }
        _ => expected(i, vec![Expect::Expression]),
    }
}

/// `call = name "(" [ expr { "," expr } [ "," ] ] ")"`
fn call(i: Input, depth: Depth) -> PResult<Expr> {
    let (i, callee) = name(i, Expect::Name)?;
    let (i, _) = require_punct(i, "(")?;
    let (rest, (args, close)) = comma_list(i, depth, ")")?;
    let span = callee.span.to(close);
    Ok((rest, Spanned::new(ExprKind::Call(callee, args), span)))
}

/// `list = "[" [ expr { "," expr } [ "," ] ] "]"`, or a `comprehension`
/// when `for` follows the first expression.
fn list(i: Input, depth: Depth) -> PResult<Expr> {
    let (i, open) = require_punct(i, "[")?;
    if let Some((rest, close)) = punct(i, "]") {
        return Ok((
            rest,
            Spanned::new(ExprKind::List(Vec::new()), open.to(close)),
        ));
    }
    let (i, first) = expr(i, depth)?;
    if keyword(i, "for").is_some() {
        return forms::comprehension(open, first, i, depth);
    }
    let (rest, (items, close)) = comma_list_after(i, depth, "]", vec![first], true)?;
    Ok((rest, Spanned::new(ExprKind::List(items), open.to(close))))
}

/// Expressions separated by commas up to `close`, which is consumed.
fn comma_list<'a>(
    i: Input<'a>,
    depth: Depth,
    close: &'static str,
) -> PResult<'a, (Vec<Expr>, Span)> {
    if let Some((rest, end)) = punct(i, close) {
        return Ok((rest, (Vec::new(), end)));
    }
    let (rest, first) = expr(i, depth)?;
    comma_list_after(rest, depth, close, vec![first], false)
}

/// The rest of [`comma_list`] after its `items` so far, up to `close`.
/// `comprehension`: whether `for` could still have come after the one
/// item read, for the error message.
fn comma_list_after<'a>(
    mut i: Input<'a>,
    depth: Depth,
    close: &'static str,
    mut items: Vec<Expr>,
    comprehension: bool,
) -> PResult<'a, (Vec<Expr>, Span)> {
    loop {
        if let Some((rest, _)) = punct(i, ",") {
            i = rest;
            if let Some((rest, end)) = punct(i, close) {
                return Ok((rest, (items, end)));
            }
            let (rest, e) = expr(i, depth)?;
            items.push(e);
            i = rest;
        } else if let Some((rest, end)) = punct(i, close) {
            return Ok((rest, (items, end)));
        } else {
            let mut expect = vec![Expect::Token(",")];
            if comprehension && items.len() == 1 {
                expect.push(Expect::Token("for"));
            }
            expect.push(Expect::Token(close));
            return close_after_expr(i, close, expect).map(|(rest, end)| (rest, (items, end)));
        }
    }
}

/// The punctuation `close` after a complete expression, or an error naming
/// `expect`; a word that looks like a misspelt operator is named as such.
pub(super) fn close_after_expr<'a>(
    i: Input<'a>,
    close: &'static str,
    expect: Vec<Expect>,
) -> PResult<'a, Span> {
    if let Some(ok) = punct(i, close) {
        return Ok(ok);
    }
    let (span, found) = found_after(i);
    let expect = if found.is_misspelt_operator() {
        vec![Expect::Operator]
    } else {
        expect
    };
    fail(SyntaxError::expected(span, expect, found))
}
