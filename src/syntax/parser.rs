//! The grammar of the rule language: one function per production of
//! `grammar.md`, named after it (`let` is `let_binding`), plus the error
//! recovery of [`file`]: items, clauses and templates. The expression
//! productions are in `parser/expr.rs`, and those of `if` and of list
//! comprehensions in `parser/forms.rs`.
//!
//! The parser is predictive: each production looks at the next token
//! ([`peek`]) and commits, so an error is reported at the token where the
//! file stopped making sense, as a `nom::Err::Failure`. Recovery happens
//! only at the top: a broken item is skipped up to the next line that starts
//! with `rule` (or an unindented `let`), and parsing goes on from there.

use super::ast::{
    Clause, ClauseKind, Data, DataSchema, Each, Expr, Item, Let, Require, Rule, RuleFile, Schema,
    Severity, Template, TemplatePart,
};
use super::error::{Errors, Expect, Found, SyntaxError, SyntaxErrorKind};
use super::keywords::CLAUSE_KEYWORDS;
use super::lex::{
    Input, PResult, Tok, expected, fail, found_at, keyword, name, peek, pos, punct, raw_string,
    require_keyword, require_punct, rule_id, string, unescape, word,
};
use crate::span::{Span, Spanned};
use nom::Input as _;

mod expr;
mod forms;

use expr::{Depth, close_after_expr, deeper, expr};

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

/// `data = "data" name string [ "{" [ "schema" string ] "}" ]`. Like
/// `schema`, `data` is a keyword only at the start of an item, so a report
/// field named `data` stays usable. The data file's schema sits in a block
/// of its own, so a `schema` item after a `data` item stays the report's.
fn data(i: Input) -> PResult<Data> {
    let (i, kw) = require_keyword(i, "data")?;
    let (i, name) = name(i, Expect::Name)?;
    let (i, path) = string(i, Expect::DataPath)?;
    let Some((i, open)) = super::lex::punct(i, "{") else {
        let span = kw.to(path.span);
        return Ok((
            i,
            Data {
                name,
                path,
                schema: None,
                span,
            },
        ));
    };
    let (i, schema) = match super::lex::keyword(i, "schema") {
        Some((i, at)) => {
            let (i, p) = string(i, Expect::SchemaPath)?;
            (i, Some((at, p)))
        }
        None if peek(i).is_punct("}") => (i, None),
        None => return super::lex::expected(i, vec![Expect::Token("schema"), Expect::Token("}")]),
    };
    let (i, close) = require_punct(i, "}")?;
    Ok((
        i,
        Data {
            name,
            path,
            schema: Some(DataSchema {
                open,
                schema,
                close,
            }),
            span: kw.to(close),
        },
    ))
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
