//! Literals: strings with their escapes, and numbers with their suffixes
//! (percentages, dates, durations), each skipping the whitespace and
//! comments before it as every token function does.

use super::*;

/// The pieces of a string literal: the literal (quotes included) and the
/// text between the quotes, escapes still undecoded.
pub struct RawString<'a> {
    pub literal: Span,
    pub body: Input<'a>,
}

/// A string literal, undecoded; `what` names it in the error when absent.
pub fn raw_string<'a>(i: Input<'a>, what: Expect) -> PResult<'a, RawString<'a>> {
    let t = peek(i);
    if t.kind != Tok::Str {
        return expected(i, vec![what]);
    }
    let s: &str = t.start.fragment();
    let close = match string_end(s) {
        Ok(close) => close,
        Err(line_end) => {
            return fail(SyntaxError::new(
                span(&t.start, &t.start.take_from(line_end)),
                SyntaxErrorKind::UnterminatedString,
            ));
        }
    };
    let body = t.start.take_from(1).take(close - 1);
    let rest = t.start.take_from(close + 1);
    Ok((
        rest,
        RawString {
            literal: span(&t.start, &rest),
            body,
        },
    ))
}

/// A string literal with its escapes decoded.
pub fn string<'a>(i: Input<'a>, what: Expect) -> PResult<'a, Str> {
    let (rest, raw) = raw_string(i, what)?;
    match unescape(raw.body) {
        Ok(text) => Ok((rest, Spanned::new(text, raw.literal))),
        Err(e) => fail(e),
    }
}

/// Decodes the escapes of `body` (part of a string literal).
pub fn unescape(body: Input) -> Result<String, SyntaxError> {
    let s: &str = body.fragment();
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let bad = |len: usize| {
            let len = len.min(s.len() - k);
            let e = &s[k..k + len];
            SyntaxError::new(
                Span::new(pos(&body) + k, pos(&body) + k + len),
                SyntaxErrorKind::BadEscape(e.to_string()),
            )
        };
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, 'u')) => {
                // `\u{XXXX}`: 1 to 6 hex digits naming a Unicode scalar value.
                let after = &s[k + 2..];
                let close = after.find('}');
                let hex = close.and_then(|c| after.get(1..c)).filter(|h| {
                    after.starts_with('{')
                        && (1..=6).contains(&h.len())
                        && h.chars().all(|c| c.is_ascii_hexdigit())
                });
                let decoded = hex
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32);
                match (decoded, close) {
                    (Some(ch), Some(c)) => {
                        out.push(ch);
                        // Skip `{XXXX}`; chars.next() already took `u`.
                        while chars.peek().is_some_and(|(j, _)| *j <= k + 2 + c) {
                            chars.next();
                        }
                    }
                    (_, Some(c)) if after.starts_with('{') => return Err(bad(c + 3)),
                    _ => return Err(bad(2)),
                }
            }
            Some((_, other)) => return Err(bad(1 + other.len_utf8())),
            None => return Err(bad(1)),
        }
    }
    Ok(out)
}

/// A number and what follows it without a space: `12`, `1.5`, `90%`,
/// `12.5%`, `2023-08-31`, and an integer followed by a unit: `10 days`.
pub fn number<'a>(i: Input<'a>) -> PResult<'a, Expr> {
    let start = ws(i);
    let digits = |i| -> IResult<Input, Input, ()> { take_while1(|c: char| c.is_ascii_digit())(i) };
    let Ok((after_int, int)) = digits(start) else {
        return expected(i, vec![Expect::Expression]);
    };
    let done = |rest: Input<'a>, lit: Literal| -> PResult<'a, Expr> {
        let s = span(&start, &rest);
        Ok((rest, Spanned::new(ExprKind::Literal(lit), s)))
    };

    // A date: four digits, `-`, digits, `-`, digits, with no spaces.
    if int.fragment().len() == 4 {
        let date: IResult<Input, Input, ()> =
            recognize((char('-'), digits, char('-'), digits)).parse(after_int);
        if let Ok((rest, _)) = date {
            let text = &start.fragment()[..pos(&rest) - pos(&start)];
            return match Date::parse(text) {
                Some(d) => done(rest, Literal::Date(d)),
                None => fail(SyntaxError::new(
                    span(&start, &rest),
                    SyntaxErrorKind::NotADate(text.to_string()),
                )),
            };
        }
    }

    let fraction: IResult<Input, Input, ()> = recognize((char('.'), digits)).parse(after_int);
    let (rest, decimal) = match fraction {
        Ok((rest, _)) => (rest, true),
        Err(_) => (after_int, false),
    };
    let text = &start.fragment()[..pos(&rest) - pos(&start)];
    // Digits with at most one `.` always parse as a float, but beyond
    // f64::MAX (309 digits) as infinity, which no comparison can use.
    let float = || match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(f),
        _ => fail(SyntaxError::new(
            span(&start, &rest),
            SyntaxErrorKind::NumberTooLarge(text.to_string()),
        )),
    };
    if let Some((after, _)) = punct_tight(rest, '%') {
        return done(after, Literal::Percent(float()? / 100.0));
    }
    let unit = unit_word(rest);
    if decimal {
        if unit.is_some_and(|(_, w)| UNITS.contains(&w.node.as_str())) {
            return fail(SyntaxError::new(
                span(&start, &rest),
                SyntaxErrorKind::FractionalDuration(text.to_string()),
            ));
        }
        return done(rest, Literal::Decimal(float()?));
    }
    let Ok(amount) = text.parse::<i64>() else {
        return fail(SyntaxError::new(
            span(&start, &rest),
            SyntaxErrorKind::IntegerTooLarge(text.to_string()),
        ));
    };
    match unit {
        None => done(rest, Literal::Int(amount)),
        Some((after, w)) => {
            let unit = match w.node.as_str() {
                "day" | "days" => Unit::Days,
                "week" | "weeks" => Unit::Weeks,
                "month" | "months" => Unit::Months,
                "year" | "years" => Unit::Years,
                _ => {
                    return fail(SyntaxError::new(
                        w.span,
                        SyntaxErrorKind::UnknownUnit(w.node),
                    ));
                }
            };
            done(after, Literal::Duration(Duration { amount, unit }))
        }
    }
}

/// `c` immediately at `i`, with no whitespace before it.
fn punct_tight(i: Input, c: char) -> Option<(Input, ())> {
    let r: IResult<Input, char, ()> = char(c).parse(i);
    r.ok().map(|(rest, _)| (rest, ()))
}

/// A word on the same line after a number that is not a keyword: the
/// number's unit (checked by the caller). A word that looks like a
/// misspelt operator (`1 orr`) and like no unit is left to the caller's
/// caller, which names it as an operator.
fn unit_word(i: Input) -> Option<(Input, Spanned<String>)> {
    let start = hspace(i);
    let (rest, w) = word(start)?;
    // `word` skips whitespace itself; only spaces and tabs may separate them.
    if w.span.start != pos(&start) || KEYWORDS.contains(&w.node.as_str()) {
        return None;
    }
    let unit_like = UNITS.contains(&w.node.as_str())
        || crate::suggest::did_you_mean(&w.node, UNITS.iter().copied()).is_some();
    if !unit_like && Found::Token(w.node.clone()).is_misspelt_operator() {
        return None;
    }
    Some((rest, w))
}
