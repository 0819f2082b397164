//! The built-ins that compare the elements of a list with each other:
//! `unique` and `distinct`. Equal elements are found through a hash key
//! that is equal exactly when `==` says the values are, so a list of ids
//! costs one pass, not a pass per element; only a list holding values
//! without such a key (lists, mappings, mixed durations) is compared pair
//! by pair.

use std::collections::HashMap;

use super::super::compare::{as_date, equal};
use super::super::value::{Kind, Value};
use super::super::{Abort, Eval};
use super::Call;
use crate::date::Date;

impl<'a> Eval<'a> {
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

pub(super) fn unique<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    let (arg, v) = c.arg();
    ev.need_list(c.function.name, arg, v)?;
    let items: Vec<Value<'a>> = v.items().into_iter().flatten().collect();
    let none = ev.duplicates(&items, false)?.is_empty();
    Ok(Value::new(Kind::Bool(none), v.origin))
}

/// The elements of the list that equal no element before them, each
/// with its own origin; the list keeps the argument's origin.
pub(super) fn distinct<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    let (arg, v) = c.arg();
    ev.need_list(c.function.name, arg, v)?;
    let items: Vec<Value<'a>> = v.items().into_iter().flatten().collect();
    let mut repeated = vec![false; items.len()];
    for (_, later) in ev.duplicates(&items, true)? {
        repeated[later] = true;
    }
    let kept: Vec<Value<'a>> = items
        .into_iter()
        .zip(repeated)
        .filter_map(|(item, again)| (!again).then_some(item))
        .collect();
    Ok(Value::new(Kind::List(kept.into()), v.origin))
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
