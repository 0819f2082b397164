//! The built-in functions: count sum avg min max len exists unique lower upper.
//!
//! A missing argument gives a missing result (so `count(key_issues) > 0`
//! in a `require` reports "`key_issues` is missing"), except for `exists`,
//! whose job is to ask. A null where a list is expected is an empty list
//! (`key_issues:` with nothing after it has no issues). Values computed
//! from a list keep the list's origin; `min` and `max` return the element
//! itself, with its own origin.

use std::collections::HashMap;
use std::rc::Rc;

use super::compare::{as_date, equal, order};
use super::display::quoted;
use super::value::{Kind, Text, Value};
use super::{Abort, Eval, Scope};
use crate::date::Date;
use crate::syntax::ast::{Expr, Ident};

/// Every function and how many arguments it takes (`None`: one or more).
const FUNCTIONS: [(&str, Option<usize>); 10] = [
    ("count", Some(1)),
    ("sum", Some(1)),
    ("avg", Some(1)),
    ("min", None),
    ("max", None),
    ("len", Some(1)),
    ("exists", Some(1)),
    ("unique", Some(1)),
    ("lower", Some(1)),
    ("upper", Some(1)),
];

impl<'a> Eval<'a> {
    pub(crate) fn call(
        &mut self,
        e: &'a Expr,
        f: &'a Ident,
        args: &'a [Expr],
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let name = f.node.as_str();
        // `check` rejects unknown functions and wrong arities; a hand-built
        // rule set still must not panic.
        match FUNCTIONS.iter().find(|(n, _)| *n == name) {
            None => {
                return Err(Abort::mismatch(
                    format!("unknown function `{name}`"),
                    self.fallback(None),
                ));
            }
            Some((_, Some(n))) if args.len() != *n => {
                return Err(Abort::mismatch(
                    format!("`{name}` takes {n} argument, found {}", args.len()),
                    self.fallback(None),
                ));
            }
            Some((_, None)) if args.is_empty() => {
                return Err(Abort::mismatch(
                    format!("`{name}` takes at least 1 argument"),
                    self.fallback(None),
                ));
            }
            Some(_) => {}
        }
        if args.len() > 1 {
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                let v = self.eval(arg, scope)?;
                if v.is_missing() {
                    return Ok(v);
                }
                values.push(v);
            }
            return self.extreme(e, name == "max", values.into_iter(), None);
        }
        let arg = &args[0];
        let v = self.eval(arg, scope)?;
        if name == "exists" {
            let present = !matches!(v.kind, Kind::Missing(_) | Kind::Null);
            return Ok(Value::new(Kind::Bool(present), v.origin));
        }
        if v.is_missing() {
            return Ok(v);
        }
        let origin = v.origin;
        let kind = match name {
            "count" => {
                self.need_list(name, arg, &v)?;
                Kind::Int(v.len_if_list().unwrap_or(0) as i64)
            }
            "sum" | "avg" => {
                self.need_list(name, arg, &v)?;
                return self.sum(e, name == "avg", arg, &v);
            }
            "min" | "max" => {
                self.need_list(name, arg, &v)?;
                let items = v.items().into_iter().flatten();
                return self.extreme(e, name == "max", items, Some(&v));
            }
            "len" => match &v.kind {
                Kind::Str(s) => {
                    self.tick(1 + s.as_str().len() as u64 / 64)?;
                    Kind::Int(s.as_str().chars().count() as i64)
                }
                Kind::Null => Kind::Int(0),
                _ => match v.len_if_list() {
                    Some(n) => Kind::Int(n as i64),
                    None => return Err(self.wrong_arg(name, "a list or a string", arg, &v)),
                },
            },
            "unique" => {
                self.need_list(name, arg, &v)?;
                let items: Vec<Value<'a>> = v.items().into_iter().flatten().collect();
                Kind::Bool(self.duplicates(&items, false)?.is_empty())
            }
            _ => match &v.kind {
                // lower, upper
                Kind::Str(s) => {
                    self.tick(1 + s.as_str().len() as u64 / 64)?;
                    let changed = if name == "lower" {
                        s.as_str().to_lowercase()
                    } else {
                        s.as_str().to_uppercase()
                    };
                    Kind::Str(Text::Shared(Rc::from(changed)))
                }
                _ => return Err(self.wrong_arg(name, "a string", arg, &v)),
            },
        };
        Ok(Value::new(kind, origin))
    }

    /// Accepts a list or null (an empty list) for function `name`.
    fn need_list(&self, name: &str, arg: &Expr, v: &Value) -> Result<(), Abort> {
        match v.kind {
            Kind::Seq(_) | Kind::List(_) | Kind::Null => Ok(()),
            _ => Err(self.wrong_arg(name, "a list", arg, v)),
        }
    }

    fn wrong_arg(&self, name: &str, wanted: &str, arg: &Expr, v: &Value) -> Abort {
        Abort::mismatch(
            format!(
                "`{name}` needs {wanted}, but `{}` is {}",
                self.text(arg.span),
                v.type_name()
            ),
            v.origin,
        )
        .with_label(quoted(v))
    }

    /// `sum(xs)`, or `avg(xs)` when `average`. Integers stay integers;
    /// percentages stay percentages.
    fn sum(
        &mut self,
        e: &'a Expr,
        average: bool,
        arg: &'a Expr,
        list: &Value<'a>,
    ) -> Result<Value<'a>, Abort> {
        let (mut int, mut overflow, mut float) = (0i64, false, 0.0f64);
        let (mut n, mut has_float, mut all_ratio) = (0usize, false, true);
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
                    let name = if average { "avg" } else { "sum" };
                    return Err(Abort::mismatch(
                        format!(
                            "`{name}` needs numbers, but `{}` holds {}",
                            self.text(arg.span),
                            item.type_name()
                        ),
                        item.origin,
                    )
                    .with_label(quoted(&item)));
                }
            }
            n += 1;
        }
        let kind = if average {
            if n == 0 {
                return Err(Abort::mismatch(
                    format!(
                        "`{}` has no value: `{}` is empty",
                        self.text(e.span),
                        self.text(arg.span)
                    ),
                    list.origin,
                )
                .with_label("an empty list".to_string()));
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
        let mut best: Option<Value<'a>> = None;
        for item in items {
            self.tick(1)?;
            let better = match &best {
                None => true,
                Some(b) => match order(&item, b) {
                    Some(o) => {
                        o == if max {
                            std::cmp::Ordering::Greater
                        } else {
                            std::cmp::Ordering::Less
                        }
                    }
                    None => return Err(self.incomparable(e, &item, b)),
                },
            };
            if better {
                best = Some(item);
            }
        }
        best.ok_or_else(|| {
            Abort::mismatch(
                format!("`{}` has no value: the list is empty", self.text(e.span)),
                list.and_then(|l| l.origin),
            )
            .with_label("an empty list".to_string())
        })
    }

    /// Pairs `(first, later)` of indexes of equal elements, each later
    /// duplicate once; with `all == false`, stops at the first pair.
    pub(crate) fn duplicates(
        &mut self,
        items: &[Value<'a>],
        all: bool,
    ) -> Result<Vec<(usize, usize)>, Abort> {
        self.tick(items.len() as u64)?;
        let mut pairs = Vec::new();
        if let Some(keys) = items.iter().map(key).collect::<Option<Vec<Key>>>() {
            let mut seen: HashMap<Key, usize> = HashMap::with_capacity(keys.len());
            for (i, k) in keys.into_iter().enumerate() {
                match seen.get(&k) {
                    Some(&first) => {
                        pairs.push((first, i));
                        if !all {
                            break;
                        }
                    }
                    None => {
                        seen.insert(k, i);
                    }
                }
            }
            return Ok(pairs);
        }
        // Lists and mappings have no hash key here: compare pairwise, which
        // the budget keeps in check.
        for i in 0..items.len() {
            self.tick(i as u64)?;
            if let Some(first) = (0..i).find(|&j| equal(&items[j], &items[i])) {
                pairs.push((first, i));
                if !all {
                    break;
                }
            }
        }
        Ok(pairs)
    }
}

/// A hash key that is equal exactly when [`equal`] says the values are.
#[derive(PartialEq, Eq, Hash)]
enum Key<'k> {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(&'k str),
    Date(Date),
    Days(i64),
    Months(i64),
}

fn key<'k>(v: &'k Value) -> Option<Key<'k>> {
    Some(match &v.kind {
        Kind::Null => Key::Null,
        Kind::Bool(b) => Key::Bool(*b),
        Kind::Int(i) => Key::Int(*i),
        Kind::Float(f) | Kind::Ratio(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                Key::Int(*f as i64)
            } else {
                Key::Float(f.to_bits())
            }
        }
        Kind::Str(s) => match as_date(v) {
            Some(d) => Key::Date(d),
            None => Key::Str(s.as_str()),
        },
        Kind::Date(d) => Key::Date(*d),
        Kind::Duration(d) => match (d.exact_days(), d.months()) {
            (Some(n), _) => Key::Days(n),
            (_, Some(n)) => Key::Months(n),
            _ => return None,
        },
        Kind::Missing(_) | Kind::Seq(_) | Kind::Map(_) | Kind::List(_) => return None,
    })
}
