//! The grammar of the rule language: one function per production of
//! `grammar.md`, named after it (`let` is `let_binding`), plus the error
//! recovery of [`file`]. The productions of `if` and of list
//! comprehensions are in `parser/forms.rs`.
//!
//! The parser is predictive: each production looks at the next token
//! ([`peek`]) and commits, so an error is reported at the token where the
//! file stopped making sense, as a `nom::Err::Failure`. Recovery happens
//! only at the top: a broken item is skipped up to the next line that starts
//! with `rule` (or an unindented `let`), and parsing goes on from there.

use super::ast::{
    BinaryOp, Clause, ClauseKind, Data, Each, Expr, ExprKind, Item, Let, Literal, Require, Rule,
    RuleFile, Schema, Severity, Template, TemplatePart, UnaryOp,
};
use super::error::{Errors, Expect, Found, MAX_DEPTH, MAX_NESTING, SyntaxError, SyntaxErrorKind};
use super::keywords::{CLAUSE_KEYWORDS, KEYWORDS};
use super::lex::{
    Input, PResult, Tok, expected, fail, found_after, found_at, keyword, name, number, peek, pos,
    punct, raw_string, require_keyword, require_punct, rule_id, string, unescape, word,
};
use crate::span::{Span, Spanned};
use nom::Input as _;

mod forms;

/// `file = { item }`: every item that parses, and an error for each one
/// that does not (the first [`super::error::MAX_ERRORS`], then one that
/// counts the rest).
pub fn file(input: Input) -> (RuleFile, Vec<SyntaxError>) {
    let mut items = Vec::new();
    let mut errors = Errors::default();
    let mut i = input;
    loop {
        let t = peek(i);
        if t.kind == Tok::Eof {
            break;
        }
        match item(i) {
            Ok((rest, it)) => {
                items.push(it);
                i = rest;
            }
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                // A block that ran into the next `rule` must resume at that
                // `rule`; other errors resume after the line they are on.
                let unclosed = matches!(e.kind, SyntaxErrorKind::Unclosed { .. });
                let from = if unclosed {
                    pos(&t.start)
                } else {
                    e.span.start.max(pos(&t.start))
                };
                errors.push(e);
                i = resync(t.start, from, !unclosed);
            }
            Err(nom::Err::Incomplete(_)) => {
                // Only `complete` parsers are used, which never ask for more
                // input; should one do so, report it rather than loop.
                let (span, found) = found_at(&t);
                errors.push(SyntaxError::expected(span, vec![Expect::Item], found));
                break;
            }
        }
    }
    (RuleFile { items }, errors.done())
}

/// The first line after the line holding byte `from` that starts with
/// `rule` (indented or not) or, when `lets`, with `let`, `schema` or `data`
/// in column 1.
fn resync(start: Input, from: usize, lets: bool) -> Input {
    let s: &str = start.fragment();
    let mut k = from.saturating_sub(pos(&start)).min(s.len());
    loop {
        let Some(n) = s[k..].find(['\n', '\r']) else {
            return start.take_from(s.len());
        };
        k += n + 1;
        let line = &s[k..];
        let indented = line.trim_start_matches([' ', '\t']);
        if starts_with_word(indented, "rule") {
            return start.take_from(k + line.len() - indented.len());
        }
        if lets
            && ["let", "schema", "data"]
                .iter()
                .any(|w| starts_with_word(line, w))
        {
            return start.take_from(k);
        }
    }
}

fn starts_with_word(line: &str, w: &str) -> bool {
    line.strip_prefix(w)
        .is_some_and(|rest| !rest.starts_with(super::lex::is_name_char))
}

/// `item = schema | data | let | rule`
fn item(i: Input) -> PResult<Item> {
    let t = peek(i);
    if t.is_keyword("schema") {
        let (rest, s) = schema(i)?;
        Ok((rest, Item::Schema(s)))
    } else if t.is_keyword("data") {
        let (rest, d) = data(i)?;
        Ok((rest, Item::Data(d)))
    } else if t.is_keyword("rule") {
        let (rest, r) = rule(i)?;
        Ok((rest, Item::Rule(r)))
    } else if t.is_keyword("let") {
        let (rest, l) = let_binding(i, Depth::default())?;
        Ok((rest, Item::Let(l)))
    } else {
        let (span, found) = found_at(&t);
        fail(SyntaxError::expected(span, vec![Expect::Item], found))
    }
}

/// `schema = "schema" string`. `schema` is a keyword only here, at the
/// start of an item, so a report field named `schema` stays usable.
fn schema(i: Input) -> PResult<Schema> {
    let (i, kw) = require_keyword(i, "schema")?;
    let (i, path) = string(i, Expect::SchemaPath)?;
    let span = kw.to(path.span);
    Ok((i, Schema { path, span }))
}

/// `data = "data" name string`. Like `schema`, `data` is a keyword only at
/// the start of an item, so a report field named `data` stays usable.
fn data(i: Input) -> PResult<Data> {
    let (i, kw) = require_keyword(i, "data")?;
    let (i, name) = name(i, Expect::Name)?;
    let (i, path) = string(i, Expect::DataPath)?;
    let span = kw.to(path.span);
    Ok((i, Data { name, path, span }))
}

/// `let = "let" name "=" expr`
fn let_binding(i: Input, depth: Depth) -> PResult<Let> {
    let (i, kw) = require_keyword(i, "let")?;
    let (i, name) = name(i, Expect::Name)?;
    let (i, _) = require_punct(i, "=")?;
    let (i, value) = expr(i, depth)?;
    let span = kw.to(value.span);
    Ok((i, Let { name, value, span }))
}

/// `rule = "rule" rule_id string "{" block`
fn rule(i: Input) -> PResult<Rule> {
    let (i, kw) = require_keyword(i, "rule")?;
    let (i, id) = rule_id(i)?;
    let (i, title) = string(i, Expect::Title)?;
    let (i, open) = require_punct(i, "{")?;
    let (i, (clauses, close)) = block(i, open, Depth { nest: 1, tree: 1 })?;
    let span = kw.to(close);
    Ok((
        i,
        Rule {
            id,
            title,
            clauses,
            span,
        },
    ))
}

/// `block = { clause } "}"`: the clauses of a rule or an `each`, and the
/// span of the closing brace. `open` is the `{` it closes.
fn block(mut i: Input, open: Span, depth: Depth) -> PResult<(Vec<Clause>, Span)> {
    let mut clauses: Vec<Clause> = Vec::new();
    loop {
        let t = peek(i);
        if t.is_punct("}") {
            return Ok((t.rest, (clauses, t.span())));
        }
        if t.kind == Tok::Eof || t.is_keyword("rule") {
            let (_, found) = found_at(&t);
            return fail(SyntaxError::new(open, SyntaxErrorKind::Unclosed { found }));
        }
        if !(t.kind == Tok::Word && CLAUSE_KEYWORDS.contains(&t.text)) {
            // What could have come here: the rest of a `require`, a new
            // clause, or the end of the block.
            let mut expect = match clauses.last().map(|c| &c.node) {
                Some(ClauseKind::Require(r)) if r.message.is_none() && r.by.is_none() => {
                    vec![Expect::Token("by"), Expect::Token("else")]
                }
                Some(ClauseKind::Require(r)) if r.message.is_none() => {
                    vec![Expect::Token("else")]
                }
                _ => vec![],
            };
            expect.extend([Expect::Clause, Expect::Token("}")]);
            let (span, found) = found_at(&t);
            let ends_in_expr = match clauses.last().map(|c| &c.node) {
                Some(ClauseKind::Require(r)) => r.message.is_none(),
                Some(ClauseKind::When(_) | ClauseKind::Let(_)) => true,
                _ => false,
            };
            if ends_in_expr && found.is_misspelt_operator() {
                expect = vec![Expect::Operator];
            }
            return fail(SyntaxError::expected(span, expect, found));
        }
        let (rest, c) = clause(i, depth)?;
        clauses.push(c);
        i = rest;
    }
}

/// `clause = severity_clause | help_clause | url_clause | tags_clause | let
///         | when_clause | require_clause | each_clause`
fn clause(i: Input, depth: Depth) -> PResult<Clause> {
    let t = peek(i);
    match t.text {
        "severity" => severity_clause(i),
        "help" => help_clause(i),
        "url" => url_clause(i),
        "tags" => tags_clause(i),
        "let" => {
            let (rest, l) = let_binding(i, depth)?;
            let span = l.span;
            Ok((rest, Spanned::new(ClauseKind::Let(l), span)))
        }
        "when" => when_clause(i, depth),
        "require" => require_clause(i, depth),
        "each" => each_clause(i, depth),
        _ => {
            let (span, found) = found_at(&t);
            fail(SyntaxError::expected(span, vec![Expect::Clause], found))
        }
    }
}

/// `severity_clause = "severity" ( "error" | "warning" | "info" )`
fn severity_clause(i: Input) -> PResult<Clause> {
    let (i, kw) = require_keyword(i, "severity")?;
    let level = match word(i) {
        Some((rest, w)) => match w.node.as_str() {
            "error" => Some((rest, Spanned::new(Severity::Error, w.span))),
            "warning" => Some((rest, Spanned::new(Severity::Warning, w.span))),
            "info" => Some((rest, Spanned::new(Severity::Info, w.span))),
            _ => None,
        },
        None => None,
    };
    let Some((rest, level)) = level else {
        return expected(i, vec![Expect::Severity]);
    };
    let span = kw.to(level.span);
    Ok((rest, Spanned::new(ClauseKind::Severity(level), span)))
}

/// `help_clause = "help" string`
fn help_clause(i: Input) -> PResult<Clause> {
    let (i, kw) = require_keyword(i, "help")?;
    let (rest, text) = string(i, Expect::String)?;
    let span = kw.to(text.span);
    Ok((rest, Spanned::new(ClauseKind::Help(text), span)))
}

/// `url_clause = "url" string`
fn url_clause(i: Input) -> PResult<Clause> {
    let (i, kw) = require_keyword(i, "url")?;
    let (rest, text) = string(i, Expect::String)?;
    let span = kw.to(text.span);
    Ok((rest, Spanned::new(ClauseKind::Url(text), span)))
}

/// `tags_clause = "tags" "[" [ string { "," string } [ "," ] ] "]"`
fn tags_clause(i: Input) -> PResult<Clause> {
    let (i, kw) = require_keyword(i, "tags")?;
    let (mut i, _) = require_punct(i, "[")?;
    let mut tags = Vec::new();
    let close = loop {
        if let Some((rest, close)) = punct(i, "]") {
            i = rest;
            break close;
        }
        if peek(i).kind != Tok::Str {
            return expected(i, vec![Expect::String, Expect::Token("]")]);
        }
        let (rest, tag) = string(i, Expect::String)?;
        tags.push(tag);
        i = rest;
        if let Some((rest, _)) = punct(i, ",") {
            i = rest;
        } else if punct(i, "]").is_none() {
            return expected(i, vec![Expect::Token(","), Expect::Token("]")]);
        }
    };
    Ok((i, Spanned::new(ClauseKind::Tags(tags), kw.to(close))))
}

/// `when_clause = "when" expr`
fn when_clause(i: Input, depth: Depth) -> PResult<Clause> {
    let (i, kw) = require_keyword(i, "when")?;
    let (rest, cond) = expr(i, depth)?;
    let span = kw.to(cond.span);
    Ok((rest, Spanned::new(ClauseKind::When(cond), span)))
}

/// `require_clause = "require" expr [ "by" expr ] [ "else" template ]`
fn require_clause(i: Input, depth: Depth) -> PResult<Clause> {
    let (i, kw) = require_keyword(i, "require")?;
    let (mut i, condition) = expr(i, depth)?;
    let mut end = condition.span;
    let mut by = None;
    if let Some((rest, _)) = keyword(i, "by") {
        let (rest, deadline) = expr(rest, depth)?;
        end = deadline.span;
        by = Some(deadline);
        i = rest;
    }
    let mut message = None;
    if let Some((rest, _)) = keyword(i, "else") {
        let (rest, t) = template(rest, depth)?;
        end = t.span;
        message = Some(t);
        i = rest;
    }
    let r = Require {
        condition,
        by,
        message,
    };
    Ok((i, Spanned::new(ClauseKind::Require(r), kw.to(end))))
}

/// `each_clause = "each" name "in" expr "{" block`
fn each_clause(i: Input, depth: Depth) -> PResult<Clause> {
    let (i, kw) = require_keyword(i, "each")?;
    let depth = deeper(i, depth)?;
    let (i, var) = name(i, Expect::Name)?;
    let (i, _) = require_keyword(i, "in")?;
    let (i, iter) = expr(i, depth)?;
    let (i, open) = require_punct(i, "{")?;
    let (i, (body, close)) = block(i, open, depth)?;
    let each = Each { var, iter, body };
    Ok((i, Spanned::new(ClauseKind::Each(each), kw.to(close))))
}

/// `template = string` whose text may hold `hole`s; `{{` and `}}` are
/// literal braces.
fn template(i: Input, depth: Depth) -> PResult<Template> {
    let (rest, raw) = raw_string(i, Expect::Message)?;
    let body = raw.body;
    let s: &str = body.fragment();
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut from = 0; // start of the literal text not yet decoded
    let mut k = 0;
    // Decodes the literal text `from..to` onto `text`.
    let flush = |text: &mut String, from: usize, to: usize| -> Result<(), nom::Err<SyntaxError>> {
        let piece = body.take_from(from).take(to - from);
        text.push_str(&unescape(piece).map_err(nom::Err::Failure)?);
        Ok(())
    };
    while k < b.len() {
        match (b[k], b.get(k + 1)) {
            (b'\\', _) if s[k + 1..].starts_with("u{") => {
                // `\u{e9}`: its braces belong to the escape, not a hole;
                // `unescape` checks the digits when the text is flushed.
                k = s[k + 3..].find('}').map_or(k + 3, |c| k + 3 + c + 1);
            }
            (b'\\', _) => {
                // Skip the escaped character so `\{` and `\"` stay escapes.
                k += 1 + s[k + 1..].chars().next().map_or(0, char::len_utf8);
            }
            (b'{', Some(b'{')) | (b'}', Some(b'}')) => {
                flush(&mut text, from, k)?;
                text.push(b[k] as char);
                k += 2;
                from = k;
            }
            (b'{', _) => {
                flush(&mut text, from, k)?;
                let Some(close) = s[k..].find('}').map(|c| k + c) else {
                    let open = pos(&body) + k;
                    return fail(SyntaxError::new(
                        Span::new(open, open + 1),
                        SyntaxErrorKind::UnclosedHole,
                    ));
                };
                if !text.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                }
                let inner = body.take_from(k + 1).take(close - k - 1);
                parts.push(TemplatePart::Expr(hole(inner, depth)?));
                k = close + 1;
                from = k;
            }
            (b'}', _) => {
                let at = pos(&body) + k;
                return fail(SyntaxError::new(
                    Span::new(at, at + 1),
                    SyntaxErrorKind::StrayBrace,
                ));
            }
            _ => k += 1,
        }
    }
    flush(&mut text, from, b.len())?;
    if !text.is_empty() {
        parts.push(TemplatePart::Text(text));
    }
    Ok((
        rest,
        Template {
            parts,
            span: raw.literal,
        },
    ))
}

/// `hole = "{" expr "}"` inside a template; `inner` is the text between
/// the braces, so its end is the closing `}`.
fn hole(inner: Input, depth: Depth) -> Result<Expr, nom::Err<SyntaxError>> {
    let end = pos(&inner) + inner.fragment().len();
    let brace = Span::new(end, end + 1);
    // The hole's own end reads as "end of file" to the expression parser;
    // to the author it is the closing `}`.
    let at_brace = |mut e: SyntaxError| {
        if let SyntaxErrorKind::Expected { found, .. } = &mut e.kind
            && *found == Found::EndOfFile
        {
            *found = Found::Token("}".into());
            e.span = brace;
        }
        e
    };
    let (rest, e) = match expr(inner, depth) {
        Ok(ok) => ok,
        Err(err) => return Err(err.map(at_brace)),
    };
    if peek(rest).kind != Tok::Eof {
        return close_after_expr(rest, "}", vec![Expect::Token("}")]).map(|_| e);
    }
    Ok(e)
}

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
pub(super) struct Depth {
    nest: usize,
    tree: usize,
}

/// One more level of nesting (recursion and tree), or the "too deep"
/// error at the next token.
fn deeper(i: Input, depth: Depth) -> Result<Depth, nom::Err<SyntaxError>> {
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
pub fn expr(i: Input, depth: Depth) -> PResult<Expr> {
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
fn close_after_expr<'a>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resync_finds_the_next_rule_line() {
        let text = "rule A \"a\" {\n  require x =\n  let y = 1\nlet z = 2\n  rule B \"b\" {}\n";
        let i = Input::new(text);
        let at = resync(i, text.find('=').unwrap(), true);
        assert!(at.fragment().starts_with("let z"));
        let at = resync(i, 0, false);
        assert!(at.fragment().starts_with("rule B"));
    }
}
