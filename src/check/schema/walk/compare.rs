//! The checks of comparisons and arithmetic against the schema: a date
//! beside a number, and a string a field's `enum` never allows; and the
//! type arithmetic gives.

use super::super::ty::{Ptr, Ty};
use super::Walker;
use super::errors::elide;
use crate::check::Related;
use crate::suggest::did_you_mean;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Literal};

impl<'a, 's> Walker<'a, 's, '_> {
    pub(super) fn binary(&mut self, e: &'a Expr, op: BinaryOp, l: &'a Expr, r: &'a Expr) -> Ty<'s> {
        let lt = self.expr(l);
        let rt = self.expr(r);
        match op {
            BinaryOp::And | BinaryOp::Or | BinaryOp::Matches => Ty::Bool { at: None },
            BinaryOp::Eq | BinaryOp::Ne => {
                self.date_with_number(e, op, (l, &lt), (r, &rt));
                self.never_in_enum(l, &lt, r, None);
                self.never_in_enum(r, &rt, l, None);
                Ty::Bool { at: None }
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                self.date_with_number(e, op, (l, &lt), (r, &rt));
                Ty::Bool { at: None }
            }
            BinaryOp::In => {
                let (items, through) = match &r.node {
                    ExprKind::List(items) => (&items[..], None),
                    ExprKind::Name(name) => (self.let_list(name).unwrap_or(&[]), Some(r)),
                    _ => (&[][..], None),
                };
                for item in items {
                    self.never_in_enum(l, &lt, item, through);
                }
                Ty::Bool { at: None }
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                if self.date_with_number(e, op, (l, &lt), (r, &rt))
                    || self.text_arithmetic(e, op, (l, &lt), (r, &rt))
                {
                    return Ty::Any;
                }
                arithmetic(op, &lt, &rt)
            }
        }
    }

    /// A date beside a number, one of them from the schema: reported, and
    /// `true`.
    fn date_with_number(
        &mut self,
        e: &Expr,
        op: BinaryOp,
        (l, lt): (&Expr, &Ty<'s>),
        (r, rt): (&Expr, &Ty<'s>),
    ) -> bool {
        let ((date, date_at), (number, number_at)) =
            match (is_date(lt), is_number(rt), is_number(lt), is_date(rt)) {
                (Some(d), Some(n), _, _) => ((l, d), (r, n)),
                (_, _, Some(n), Some(d)) => ((r, d), (l, n)),
                _ => return false,
            };
        // The schema side gets the main label and says where the schema
        // gives the type; the other side is named beside it.
        let (main, main_label, other, other_label) = match (&date_at, &number_at) {
            (Some(at), _) => (
                date,
                format!("a date ({})", self.place(at)),
                number,
                "a number",
            ),
            (None, Some(at)) => (
                number,
                format!("a number ({})", self.place(at)),
                date,
                "a date",
            ),
            (None, None) => return false,
        };
        let (ds, ns, whole) = (
            self.snippet(date.span),
            self.snippet(number.span),
            self.snippet(e.span),
        );
        let (message, help) = match op {
            BinaryOp::Eq | BinaryOp::Ne => (
                format!(
                    "`{whole}` is always {}",
                    if op == BinaryOp::Eq { "false" } else { "true" }
                ),
                "a date is never equal to a number".to_string(),
            ),
            BinaryOp::Add | BinaryOp::Sub => (
                match (op, std::ptr::eq(date, l)) {
                    (BinaryOp::Add, _) => format!("`{whole}` adds a number to a date"),
                    (_, true) => format!("`{whole}` subtracts a number from a date"),
                    (_, false) => format!("`{whole}` subtracts a date from a number"),
                },
                match &number.node {
                    ExprKind::Literal(Literal::Int(n)) => {
                        format!(
                            "a date takes a duration: write `{n} days` (or weeks, months, years)"
                        )
                    }
                    _ => "a date takes a duration, such as `10 days`".to_string(),
                },
            ),
            BinaryOp::Mul | BinaryOp::Div => (
                format!("`{ds}` is a date, which cannot be multiplied or divided"),
                "subtract two dates to get the days between them".to_string(),
            ),
            _ => (
                format!("`{ds}` and `{ns}` can never be ordered"),
                "compare a date with a date, such as `2023-08-31`, or with a date plus a \
                 duration, such as `period.end + 15 days`"
                    .to_string(),
            ),
        };
        let related = vec![Related {
            file: self.file,
            span: other.span,
            label: other_label.to_string(),
        }];
        self.push(main.span, message, main_label, Some(help), related);
        true
    }

    /// Arithmetic that can never be computed on a string, one side typed by
    /// the schema: a string with a number (`m.id + 1`), or a string that is
    /// not a date in `-`, `*` or `/` (`m.id - m.title`). Reported, and
    /// `true`. A date beside a number is [`Self::date_with_number`]'s.
    fn text_arithmetic(
        &mut self,
        e: &Expr,
        op: BinaryOp,
        (l, lt): (&Expr, &Ty<'s>),
        (r, rt): (&Expr, &Ty<'s>),
    ) -> bool {
        let other_noun = |t: &Ty<'_>| {
            if is_number(t).is_some() {
                Some("a number")
            } else if op != BinaryOp::Add && is_text(t).is_some() {
                Some(if is_date(t).is_some() {
                    "a date"
                } else {
                    "a string"
                })
            } else {
                None
            }
        };
        // The string side: not a date (a date with a number, or in `-`,
        // computes or is reported elsewhere), and the other side a value it
        // never computes with.
        let found =
            [(l, lt, r, rt), (r, rt, l, lt)]
                .into_iter()
                .find_map(|(text, tt, other, ot)| {
                    let at = is_text(tt).filter(|_| is_date(tt).is_none())?;
                    Some((
                        text,
                        at,
                        other,
                        other_noun(ot)?,
                        is_number(ot).or(is_text(ot))?,
                    ))
                });
        let Some((text, text_at, other, noun, other_at)) = found else {
            return false;
        };
        // The schema side gets the main label, as for a date and a number.
        let (main, main_label, second, second_label) = match (&text_at, &other_at) {
            (Some(at), _) => (
                text,
                format!("a string ({})", self.place(at)),
                other,
                noun.to_string(),
            ),
            (None, Some(at)) => (
                other,
                format!("{noun} ({})", self.place(at)),
                text,
                "a string".to_string(),
            ),
            (None, None) => return false,
        };
        let related = vec![Related {
            file: self.file,
            span: second.span,
            label: second_label,
        }];
        let message = format!("`{}` can never be computed", self.snippet(e.span));
        let help = crate::check::expr::arithmetic_help(op);
        self.push(main.span, message, main_label, Some(help), related);
        true
    }

    /// `field == "value"` (or `!=`, or `field in [...]`) where the schema's
    /// `enum` never allows the string `value`; `through` is the name of the
    /// `let` list that holds `value` (`field in tasks`), if that is how.
    fn never_in_enum(&mut self, field: &Expr, t: &Ty<'s>, value: &Expr, through: Option<&Expr>) {
        let ExprKind::Literal(Literal::Str(s)) = &value.node else {
            return;
        };
        let Some((values, at)) = enum_values(t) else {
            return;
        };
        if values.contains(&s.as_str()) {
            return;
        }
        let shown: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        let near = did_you_mean(s, values.iter().copied());
        let place = self.place(&at);
        let help = match near {
            Some(near) => format!("did you mean `{near}`? the values are listed at {place}"),
            None => format!("the values are listed at {place}"),
        };
        let mut related = vec![Related {
            file: self.file,
            span: field.span,
            label: format!("one of {}", elide(&shown, 8)),
        }];
        if let Some(list) = through {
            related.push(Related {
                file: self.file,
                span: list.span,
                label: "the list that holds it".to_string(),
            });
        }
        let (f, v) = (self.snippet(field.span), self.snippet(value.span));
        self.push(
            value.span,
            format!("`{f}` can never be `{v}`"),
            "not a value the schema allows".to_string(),
            Some(help),
            related,
        );
    }
}

/// The type of `l op r` for arithmetic, as the evaluator computes it.
fn arithmetic<'s>(op: BinaryOp, l: &Ty<'s>, r: &Ty<'s>) -> Ty<'s> {
    let number = |t: &Ty<'s>| is_number(t).is_some();
    let date = |t: &Ty<'s>| is_date(t).is_some();
    let duration = |t: &Ty<'s>| matches!(t, Ty::Duration);
    match op {
        _ if number(l) && number(r) => Ty::Number { at: None },
        BinaryOp::Add if (date(l) && duration(r)) || (duration(l) && date(r)) => Ty::Date,
        BinaryOp::Sub if date(l) && duration(r) => Ty::Date,
        BinaryOp::Sub if date(l) && date(r) => Ty::Duration,
        BinaryOp::Add | BinaryOp::Sub if duration(l) && duration(r) => Ty::Duration,
        BinaryOp::Add if is_text(l).is_some() && is_text(r).is_some() => Ty::Str {
            values: None,
            date: false,
            at: None,
        },
        _ => Ty::Any,
    }
}

/// `Some(at)` when every alternative of `t` (null aside) is a date: a date
/// value, or a string the schema gives `format: date` (`at` is where).
fn is_date(t: &Ty<'_>) -> Option<Option<Ptr>> {
    every(t, &|alt| match alt {
        Ty::Date => Some(None),
        Ty::Str { date: true, at, .. } => Some(at.clone()),
        _ => None,
    })
}

/// `Some(at)` when every alternative of `t` (null aside) is a string, a
/// date string or not.
fn is_text(t: &Ty<'_>) -> Option<Option<Ptr>> {
    every(t, &|alt| match alt {
        Ty::Str { at, .. } => Some(at.clone()),
        _ => None,
    })
}

/// `Some(at)` when every alternative of `t` (null aside) is a number.
pub(super) fn is_number(t: &Ty<'_>) -> Option<Option<Ptr>> {
    every(t, &|alt| match alt {
        Ty::Number { at } => Some(at.clone()),
        _ => None,
    })
}

/// `test` of every alternative of `t` but null, when all pass (and at least
/// one is tested); the first schema location found.
fn every(t: &Ty<'_>, test: &dyn Fn(&Ty<'_>) -> Option<Option<Ptr>>) -> Option<Option<Ptr>> {
    match t {
        Ty::Union(alts) => {
            let mut at = None;
            let mut tested = false;
            for alt in alts.iter().filter(|a| !matches!(a, Ty::Null)) {
                at = at.or(test(alt)?);
                tested = true;
            }
            tested.then_some(at)
        }
        other => test(other),
    }
}

/// The strings a schema `enum` allows, when every alternative of `t` (null
/// aside) is such an enum from the schema.
fn enum_values<'t>(t: &'t Ty<'_>) -> Option<(Vec<&'t str>, Ptr)> {
    let alts: Vec<&Ty<'_>> = match t {
        Ty::Union(alts) => alts.iter().filter(|a| !matches!(a, Ty::Null)).collect(),
        other => vec![other],
    };
    let mut values = Vec::new();
    let mut first = None;
    for alt in alts {
        let Ty::Str {
            values: Some(vs),
            at: Some(at),
            ..
        } = alt
        else {
            return None;
        };
        first.get_or_insert_with(|| at.clone());
        for v in vs {
            if !values.contains(&v.as_str()) {
                values.push(v.as_str());
            }
        }
    }
    Some((values, first?))
}
