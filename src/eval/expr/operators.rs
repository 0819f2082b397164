//! The operators: `not` and unary `-`, `and`/`or`, the comparisons, `in`,
//! and the arithmetic of numbers, percentages, dates, durations and text.
//! Each keeps the origin of the value a finding should point at, and an
//! operation that can never work (a date plus a string) is a
//! `type-mismatch` naming both operands, not a missing value.

use std::rc::Rc;

use super::super::compare::{as_date, equal, order, order_type, ordering_holds, yaml_bool_hint};
use super::super::display::quoted;
use super::super::message::{not_a_date, text_for_number};
use super::super::value::{Kind, Text, Value};
use super::super::{Abort, Eval, Scope};
use crate::date::Duration;
use crate::finding::codes;
use crate::syntax::ast::{BinaryOp, Expr, UnaryOp};

impl<'a> Eval<'a> {
    pub(super) fn unary(
        &mut self,
        e: &'a Expr,
        op: UnaryOp,
        x: &'a Expr,
        v: Value<'a>,
    ) -> Result<Value<'a>, Abort> {
        let kind = match (op, &v.kind) {
            (_, Kind::Missing(_)) => return Ok(v),
            (UnaryOp::Not, Kind::Bool(b)) => Kind::Bool(!b),
            (UnaryOp::Not, _) => return Err(self.not_boolean(x, &v)),
            (UnaryOp::Neg, Kind::Int(i)) => match i.checked_neg() {
                Some(n) => Kind::Int(n),
                None => return Err(self.overflow(e, v.origin)),
            },
            (UnaryOp::Neg, Kind::Float(f)) => Kind::Float(-f),
            (UnaryOp::Neg, Kind::Ratio(f)) => Kind::Ratio(-f),
            (UnaryOp::Neg, Kind::Duration(d)) => match d.amount.checked_neg() {
                Some(amount) => Kind::Duration(Duration { amount, ..*d }),
                None => return Err(self.overflow(e, v.origin)),
            },
            (UnaryOp::Neg, _) => {
                return Err(Abort::mismatch(
                    format!(
                        "cannot negate `{}`: it is {}",
                        self.text(x.span),
                        v.type_name()
                    ),
                    v.origin,
                )
                .with_label(quoted(&v)));
            }
        };
        Ok(Value::new(kind, v.origin))
    }

    /// `and` and `or` short-circuit; a missing operand is unknown
    /// (`missing and false` is false, `missing or true` is true, otherwise
    /// the result is missing).
    pub(super) fn logic(
        &mut self,
        op: BinaryOp,
        l: &'a Expr,
        r: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let lv = self.eval(l, scope)?;
        self.logic_rest(op, l, lv, r, scope)
    }

    /// `l op r` for `and` and `or`, with `l`'s value `lv` already known.
    pub(crate) fn logic_rest(
        &mut self,
        op: BinaryOp,
        l: &'a Expr,
        lv: Value<'a>,
        r: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let decisive = op == BinaryOp::Or;
        match lv.kind {
            Kind::Bool(b) if b == decisive => return Ok(lv),
            Kind::Bool(_) | Kind::Missing(_) => {}
            _ => return Err(self.not_boolean(l, &lv)),
        }
        let rv = self.eval(r, scope)?;
        match rv.kind {
            Kind::Bool(b) if b == decisive => Ok(rv),
            Kind::Bool(_) if lv.is_missing() => Ok(lv),
            Kind::Bool(_) | Kind::Missing(_) => Ok(rv),
            _ => Err(self.not_boolean(r, &rv)),
        }
    }

    /// Whether `l op r` holds for a comparison operator.
    pub(crate) fn compare(
        &mut self,
        e: &'a Expr,
        op: BinaryOp,
        lx: &'a Expr,
        rx: &'a Expr,
        l: &Value<'a>,
        r: &Value<'a>,
    ) -> Result<bool, Abort> {
        match op {
            BinaryOp::Eq => Ok(equal(l, r)),
            BinaryOp::Ne => Ok(!equal(l, r)),
            BinaryOp::In => self.contains(lx, rx, l, r),
            BinaryOp::Matches => self.matches(rx, l, r),
            _ => match order(l, r) {
                Some(o) => Ok(ordering_holds(op, o)),
                None => match text_for_number(op, l, r) {
                    // `"122" >= 100`: the text is the mistake, not the order.
                    Some(left) => {
                        let (x, text) = if left { (lx, l) } else { (rx, r) };
                        let (message, help) = self.text_for_number_message(x, text);
                        Err(Abort::data(codes::INCOMPARABLE, message, text.origin)
                            .with_label(format!(
                                "{} cannot be compared with {}",
                                quoted(l),
                                quoted(r)
                            ))
                            .with_help(help))
                    }
                    None => Err(self.incomparable(e, l, r)),
                },
            },
        }
    }

    /// An `incomparable` finding for ordering `l` against `r` in `e`.
    pub(crate) fn incomparable(&self, e: &Expr, l: &Value, r: &Value) -> Abort {
        if let Some(not_a_date) = not_a_date(codes::INCOMPARABLE, l, r) {
            return not_a_date;
        }
        let (lt, rt) = (order_type(l), order_type(r));
        let help = yaml_bool_hint(l, r).or_else(|| {
            let date_vs_text =
                (lt == "a date" && rt == "a string") || (lt == "a string" && rt == "a date");
            date_vs_text.then(|| "a date in the report is written `YYYY-MM-DD`".to_string())
        });
        // Across reports, the place blamed says which report cannot be
        // evaluated, and the rule goes on for the others (`set.rs`): a text
        // that is not a date ordered against a date, a number or another
        // value that is not a text is the mistake, on whichever side it is.
        // One report at a time, the left side, as always.
        let text_on_the_right = rt == "a string" && lt != "a string";
        let blamed = if text_on_the_right && !self.set_roots.is_empty() {
            r.origin.or(l.origin)
        } else {
            l.origin.or(r.origin)
        };
        Abort::data(
            codes::INCOMPARABLE,
            format!("cannot order {lt} against {rt} in `{}`", self.text(e.span)),
            blamed,
        )
        .with_label(format!(
            "{} cannot be compared with {}",
            quoted(l),
            quoted(r)
        ))
        .with_help(help)
    }

    /// `l in r`: membership in a list, or a substring of a string.
    pub(super) fn contains(
        &mut self,
        lx: &'a Expr,
        rx: &'a Expr,
        l: &Value<'a>,
        r: &Value<'a>,
    ) -> Result<bool, Abort> {
        if let Some(hit) = self.contains_indexed(l, r)? {
            return Ok(hit);
        }
        if let Some(items) = r.items() {
            self.tick(r.len_if_list().unwrap_or(0) as u64)?;
            return Ok(items.into_iter().any(|item| equal(l, &item)));
        }
        match (&l.kind, &r.kind) {
            (Kind::Str(needle), Kind::Str(hay)) => {
                self.tick(1 + hay.as_str().len() as u64 / 64)?;
                Ok(hay.as_str().contains(needle.as_str()))
            }
            (Kind::Null, _) | (_, Kind::Null) => Ok(false),
            (_, Kind::Str(_)) => Err(Abort::mismatch(
                format!(
                    "`in` a string looks for a string, but `{}` is {}",
                    self.text(lx.span),
                    l.type_name()
                ),
                l.origin.or(r.origin),
            )
            .with_label(quoted(l))),
            _ => Err(Abort::mismatch(
                format!(
                    "`{}` is {}, not a list or a string",
                    self.text(rx.span),
                    r.type_name()
                ),
                r.origin.or(l.origin),
            )
            .with_label(quoted(r))),
        }
    }

    /// `+ - * /` on two present values.
    pub(super) fn arith(
        &mut self,
        e: &'a Expr,
        op: BinaryOp,
        l: &Value<'a>,
        r: &Value<'a>,
    ) -> Result<Kind<'a>, Abort> {
        use Kind::{Date, Duration as Dur, Float, Int, Ratio};
        let origin = l.origin.or(r.origin);
        let (ld, rd) = (as_date(l), as_date(r));
        let result = match (op, &l.kind, &r.kind) {
            (BinaryOp::Add, Int(a), Int(b)) => a.checked_add(*b).map(Int),
            (BinaryOp::Sub, Int(a), Int(b)) => a.checked_sub(*b).map(Int),
            (BinaryOp::Mul, Int(a), Int(b)) => a.checked_mul(*b).map(Int),
            (BinaryOp::Add | BinaryOp::Sub, Dur(a), Dur(b)) => {
                let b = if op == BinaryOp::Sub {
                    b.amount
                        .checked_neg()
                        .map(|amount| crate::date::Duration { amount, ..*b })
                } else {
                    Some(*b)
                };
                match b {
                    Some(b) => match add_durations(*a, b) {
                        Some(d) => Some(Dur(d)),
                        None => return Err(self.bad_operands(e, op, l, r)),
                    },
                    None => None,
                }
            }
            (BinaryOp::Add, _, Dur(d)) if ld.is_some() => ld.and_then(|x| x.add(*d)).map(Date),
            (BinaryOp::Sub, _, Dur(d)) if ld.is_some() => ld.and_then(|x| x.sub(*d)).map(Date),
            (BinaryOp::Add, Dur(d), _) if rd.is_some() => rd.and_then(|x| x.add(*d)).map(Date),
            // A date minus a date; two ISO strings count too (YAML 1.2
            // loads dates as strings, and text has no other `-`).
            (BinaryOp::Sub, _, _) if ld.is_some() && rd.is_some() => ld
                .zip(rd)
                .map(|(a, b)| Dur(crate::date::Duration::days(a.days_since(b)))),
            // Two texts joined, as rules build a pattern or a message from
            // report values (`"^" + area.code`). Charged by length, as every
            // string operation is: a report value can be megabytes.
            (BinaryOp::Add, Kind::Str(a), Kind::Str(b)) => {
                let (a, b) = (a.as_str(), b.as_str());
                self.tick(1 + (a.len() + b.len()) as u64 / 16)?;
                let mut joined = String::with_capacity(a.len() + b.len());
                joined.push_str(a);
                joined.push_str(b);
                Some(Kind::Str(Text::Shared(Rc::from(joined))))
            }
            (_, Int(_) | Float(_) | Ratio(_), Int(_) | Float(_) | Ratio(_)) => {
                let (a, b) = (number(l), number(r));
                let both_ratios = matches!((&l.kind, &r.kind), (Ratio(_), Ratio(_)));
                match op {
                    BinaryOp::Div => {
                        if b == 0.0 {
                            return Err(Abort::mismatch(
                                format!("division by zero in `{}`", self.text(e.span)),
                                origin,
                            )
                            .with_label(format!(
                                "{} / {}",
                                quoted(l),
                                quoted(r)
                            )));
                        }
                        Some(Ratio(a / b))
                    }
                    BinaryOp::Add if both_ratios => Some(Ratio(a + b)),
                    BinaryOp::Sub if both_ratios => Some(Ratio(a - b)),
                    BinaryOp::Mul if both_ratios => Some(Ratio(a * b)),
                    BinaryOp::Add => Some(Float(a + b)),
                    BinaryOp::Sub => Some(Float(a - b)),
                    _ => Some(Float(a * b)),
                }
            }
            _ => return Err(self.bad_operands(e, op, l, r)),
        };
        match result {
            Some(kind) => Ok(kind),
            None => Err(self.overflow(e, origin)),
        }
    }

    pub(super) fn bad_operands(&self, e: &Expr, op: BinaryOp, l: &Value, r: &Value) -> Abort {
        if let Some(not_a_date) = not_a_date(codes::TYPE_MISMATCH, l, r) {
            return not_a_date;
        }
        Abort::mismatch(
            format!(
                "cannot apply `{}` to {} and {} in `{}`",
                op.as_str(),
                l.type_name(),
                r.type_name(),
                self.text(e.span)
            ),
            l.origin.or(r.origin),
        )
        .with_label(format!("{} {} {}", quoted(l), op.as_str(), quoted(r)))
    }

    pub(crate) fn overflow(&self, e: &Expr, origin: Option<crate::span::Span>) -> Abort {
        Abort::mismatch(format!("`{}` is out of range", self.text(e.span)), origin)
            .with_label("out of range".to_string())
    }
}

fn number(v: &Value) -> f64 {
    match v.kind {
        Kind::Int(i) => i as f64,
        Kind::Float(f) | Kind::Ratio(f) => f,
        _ => f64::NAN,
    }
}

/// The sum of two durations of the same kind (days and weeks, or months and
/// years); `None` for a mix, which has no exact length.
fn add_durations(a: Duration, b: Duration) -> Option<Duration> {
    if a.unit == b.unit {
        return Some(Duration {
            amount: a.amount.checked_add(b.amount)?,
            unit: a.unit,
        });
    }
    if let (Some(x), Some(y)) = (a.exact_days(), b.exact_days()) {
        return Some(Duration::days(x.checked_add(y)?));
    }
    Some(Duration {
        amount: a.months()?.checked_add(b.months()?)?,
        unit: crate::date::Unit::Months,
    })
}
