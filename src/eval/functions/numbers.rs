//! The numeric built-ins: `count`, `sum`, `avg`, `min` and `max`. Sums keep
//! the kind of what they add (integers stay integers, percentages stay
//! percentages, durations go to `durations.rs`), and `min` and `max` return
//! the element itself, so a finding points at the value that was chosen.

use super::super::compare::{as_date, order};
use super::super::display::quoted;
use super::super::value::{Kind, Value};
use super::super::{Abort, Eval};
use super::Call;
use crate::date::Date;
use crate::syntax::ast::Expr;

impl<'a> Eval<'a> {
    /// The sum of the numbers `c`'s list argument holds, or their mean
    /// when `average`. Integers stay integers; percentages stay
    /// percentages.
    fn sum(&mut self, c: &Call<'a>, average: bool) -> Result<Value<'a>, Abort> {
        let (e, (arg, list)) = (c.e, c.arg());
        // Durations or numbers, as the first element that is either says:
        // across reports, one that is neither may be left out (`set.rs`).
        let first = list.items().into_iter().flatten().find(|v| {
            matches!(
                v.kind,
                Kind::Int(_) | Kind::Float(_) | Kind::Ratio(_) | Kind::Duration(_)
            )
        });
        if first.is_some_and(|v| matches!(v.kind, Kind::Duration(_))) {
            return self.sum_durations(c, average);
        }
        let (mut int, mut overflow, mut float) = (0i64, false, 0.0f64);
        let (mut n, mut has_float, mut all_ratio) = (0usize, false, true);
        let mut left_out = 0usize;
        for item in list.items().into_iter().flatten() {
            self.tick(1)?;
            match item.kind {
                Kind::Int(i) => {
                    match int.checked_add(i) {
                        Some(s) => int = s,
                        None => overflow = true,
                    }
                    float += i as f64;
                    all_ratio = false;
                }
                Kind::Float(f) => {
                    float += f;
                    has_float = true;
                    all_ratio = false;
                }
                Kind::Ratio(f) => {
                    float += f;
                    has_float = true;
                }
                _ => {
                    let name = c.function.name;
                    let e = Abort::mismatch(
                        format!(
                            "`{name}` needs numbers, but `{}` holds {}",
                            self.text(arg.span),
                            item.type_name()
                        ),
                        item.origin,
                    )
                    .with_label(quoted(&item));
                    // Another report's value is left out of the sum (`set.rs`).
                    self.leave_out(&item, e)?;
                    left_out += 1;
                    continue;
                }
            }
            n += 1;
        }
        let kind = if average {
            if n == 0 {
                // A list whose every value was left out is not empty: its
                // values are each a finding already, and this says why
                // there is no mean.
                let (why, label) = if left_out > 0 {
                    (
                        format!("no value of `{}` is a number", self.text(arg.span)),
                        "no number to average",
                    )
                } else {
                    (
                        format!("`{}` is empty", self.text(arg.span)),
                        "an empty list",
                    )
                };
                return Err(Abort::mismatch(
                    format!("`{}` has no value: {why}", self.text(e.span)),
                    list.origin,
                )
                .with_label(label.to_string()));
            }
            let mean = float / n as f64;
            if all_ratio {
                Kind::Ratio(mean)
            } else {
                Kind::Float(mean)
            }
        } else if n > 0 && all_ratio {
            Kind::Ratio(float)
        } else if has_float {
            Kind::Float(float)
        } else if overflow {
            return Err(self.overflow(e, list.origin));
        } else {
            Kind::Int(int)
        };
        Ok(Value::new(kind, list.origin))
    }

    /// The least (or greatest) of `items`; the element itself is the result.
    /// `list` is the list they came from, for the empty-list finding.
    fn extreme(
        &mut self,
        e: &'a Expr,
        max: bool,
        items: impl Iterator<Item = Value<'a>>,
        list: Option<&Value<'a>>,
    ) -> Result<Value<'a>, Abort> {
        let items: Vec<Value<'a>> = items.collect();
        // Across reports, two texts that are not dates order as texts, so
        // of several among dates (or numbers) only the one left standing
        // would meet a date and be blamed. Each is blamed: ordered against
        // the first value that is not such a text, it is left out.
        let anchor = if self.set_roots.is_empty() {
            None
        } else {
            items.iter().find(|v| !plain_text(v, as_date(v))).cloned()
        };
        let wanted = if max {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Less
        };
        // The day of each value is read once (a period's end, a text, is
        // read as a date for every comparison otherwise): two values with
        // days order as `order` orders them, by their days.
        let mut best: Option<(Value<'a>, Option<Date>)> = None;
        for item in items {
            self.tick(1)?;
            let day = as_date(&item);
            if let Some(a) = anchor.as_ref().filter(|_| plain_text(&item, day)) {
                let err = self.incomparable(e, a, &item);
                self.leave_out(&item, err)?;
                continue;
            }
            let Some((b, b_day)) = &best else {
                best = Some((item, day));
                continue;
            };
            let ordering = match (day, b_day) {
                (Some(x), Some(y)) => Some(x.cmp(y)),
                _ => order(&item, b),
            };
            match ordering {
                Some(o) if o == wanted => best = Some((item, day)),
                Some(_) => {}
                None => {
                    // The value of another report of the set that cannot
                    // be ordered is left out (`set.rs`): the element, or
                    // the least (greatest) so far.
                    let b = b.clone();
                    let err = self.incomparable(e, &item, &b);
                    let at_best = matches!(&err, Abort::Data(d)
                        if d.origin == b.origin && d.origin != item.origin);
                    if at_best {
                        self.leave_out(&b, err)?;
                        best = Some((item, day));
                    } else {
                        self.leave_out(&item, err)?;
                    }
                }
            }
        }
        best.map(|(b, _)| b).ok_or_else(|| {
            Abort::mismatch(
                format!("`{}` has no value: the list is empty", self.text(e.span)),
                list.and_then(|l| l.origin),
            )
            .with_label("an empty list".to_string())
        })
    }
}

/// A text that is not a date (`day`, its day, is `None`): it has an order
/// only with other such texts.
fn plain_text(v: &Value, day: Option<Date>) -> bool {
    matches!(v.kind, Kind::Str(_)) && day.is_none()
}

pub(super) fn count<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    let (arg, v) = c.arg();
    ev.need_list(c.function.name, arg, v)?;
    Ok(Value::new(
        Kind::Int(v.len_if_list().unwrap_or(0) as i64),
        v.origin,
    ))
}

pub(super) fn sum<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    let (arg, v) = c.arg();
    ev.need_list(c.function.name, arg, v)?;
    ev.sum(c, false)
}

pub(super) fn avg<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    let (arg, v) = c.arg();
    ev.need_list(c.function.name, arg, v)?;
    ev.sum(c, true)
}

pub(super) fn min<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    extreme(ev, c, false)
}

pub(super) fn max<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    extreme(ev, c, true)
}

/// `min` or `max` of a list, or of two or more arguments.
fn extreme<'a>(ev: &mut Eval<'a>, c: &Call<'a>, max: bool) -> Result<Value<'a>, Abort> {
    if c.values.len() > 1 {
        return ev.extreme(c.e, max, c.values.iter().cloned(), None);
    }
    let (arg, v) = c.arg();
    ev.need_list(c.function.name, arg, v)?;
    let items = v.items().into_iter().flatten();
    ev.extreme(c.e, max, items, Some(v))
}
