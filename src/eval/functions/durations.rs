//! `sum` and `avg` of a list of durations (the delays of measures, say):
//! a duration, added up in days or in months, never both, since a month
//! has no fixed number of days.

use super::super::display::quoted;
use super::super::value::{Kind, Value};
use super::super::{Abort, Eval};
use super::Call;
use crate::date::{Duration, Unit};

impl<'a> Eval<'a> {
    /// [`Self::sum`] of a list of durations: a duration, in days when they
    /// are days and weeks, in months when they are months and years (the
    /// two do not add up: a month has no fixed number of days). Durations
    /// are whole, so an average is rounded to the nearest whole unit (half
    /// a day up).
    pub(super) fn sum_durations(
        &mut self,
        c: &Call<'a>,
        average: bool,
    ) -> Result<Value<'a>, Abort> {
        let (e, (arg, list)) = (c.e, c.arg());
        let name = c.function.name;
        let (mut total, mut n, mut exact) = (0i64, 0i64, None);
        for item in list.items().into_iter().flatten() {
            self.tick(1)?;
            let amount = match (&item.kind, exact) {
                (Kind::Duration(d), Some(true) | None) if d.exact_days().is_some() => {
                    exact = Some(true);
                    d.exact_days()
                }
                (Kind::Duration(d), Some(false) | None) if d.months().is_some() => {
                    exact = Some(false);
                    d.months()
                }
                (Kind::Duration(_), _) => {
                    let e = Abort::mismatch(
                        format!(
                            "`{name}` cannot add days and months in `{}`: a month has no fixed \
                             number of days",
                            self.text(arg.span)
                        ),
                        item.origin,
                    )
                    .with_label(quoted(&item));
                    // Another report's value is left out (`set.rs`).
                    self.leave_out(&item, e)?;
                    continue;
                }
                _ => {
                    let e = Abort::mismatch(
                        format!(
                            "`{name}` needs numbers or durations, but `{}` holds a duration and {}",
                            self.text(arg.span),
                            item.type_name()
                        ),
                        item.origin,
                    )
                    .with_label(quoted(&item));
                    self.leave_out(&item, e)?;
                    continue;
                }
            };
            total = match amount.and_then(|a| total.checked_add(a)) {
                Some(t) => t,
                None => return Err(self.overflow(e, list.origin)),
            };
            n += 1;
        }
        if average {
            total = (total as f64 / n.max(1) as f64).round() as i64;
        }
        let unit = if exact == Some(false) {
            Unit::Months
        } else {
            Unit::Days
        };
        let d = Duration {
            amount: total,
            unit,
        };
        Ok(Value::new(Kind::Duration(d), list.origin))
    }
}
