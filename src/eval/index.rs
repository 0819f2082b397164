//! Filters that look an element up by a key, answered from an index.
//!
//! Rules across reports filter one list again and again with a key that
//! changes: `stp[area.name == r.area.name and ...]` for every report `r`.
//! A scan is linear per lookup, so such a rule is quadratic in the number
//! of reports (2,000 reports, 4 million comparisons). When the same list is
//! filtered a second time by the same condition, and the condition starts
//! with `PATH == KEY`, where PATH reads the element and KEY does not, the
//! elements are indexed by the text PATH gives for each; a lookup then
//! checks the full condition only on the elements whose PATH is KEY's
//! text, and on those whose PATH is not a text.
//!
//! The result is exactly the scan's: an element skipped has a text at PATH
//! other than KEY's, so `PATH == KEY` is false there, without an error,
//! and `and` stops at it. Fewer steps are counted, which is the point.
//! The comparisons after the first are read ahead where they can be
//! ([`rest`]): each element found then costs a comparison of two values.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::value::{Kind, Text, Value};
use super::{Abort, Eval, Scope};
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Literal};
use rest::Rest;

/// The indexes of one evaluation, by list and condition.
#[derive(Default)]
pub(crate) struct Indexes<'a> {
    entries: FxHashMap<(usize, usize, *const Expr), Entry<'a>>,
    /// Lists that `x in LIST` looks into, by list.
    members: FxHashMap<(usize, usize), Members<'a>>,
}

/// The texts of a list `in` looked into more than once.
enum Members<'a> {
    /// Looked into this many times by a scan: an index pays for itself
    /// only over several lookups.
    Scanned(u32),
    Built {
        /// Holds the list, as [`Index`] does.
        _list: Option<Rc<Vec<Value<'a>>>>,
        texts: FxHashSet<Key<'a>>,
        /// The elements that are not texts: a date equals the text of
        /// the same day, so these are compared one by one.
        others: Vec<u32>,
    },
}

enum Entry<'a> {
    /// Filtered once: the next time builds the index.
    Seen,
    /// Shared, so a lookup reads it while it evaluates.
    Built(Rc<Index<'a>>),
    /// The condition cannot be answered from an index for this list.
    Unusable,
}

struct Index<'a> {
    /// Holds a list the rule built, so that its address, the key of this
    /// entry, is not given to another list while the entry exists.
    _list: Option<Rc<Vec<Value<'a>>>>,
    /// The side of the first comparison that does not read the element.
    key: &'a Expr,
    /// The elements whose PATH is a text, by that text, in order.
    by_text: FxHashMap<Key<'a>, Vec<u32>>,
    /// The elements whose PATH is not a text (missing, a number, an error):
    /// always checked.
    others: Vec<u32>,
    /// The comparisons after the first, read ahead ([`rest`]), when they
    /// can be.
    rest: Option<Rest<'a>>,
}

/// A text as a key of an index: the list's own text (borrowed from the
/// report, or shared), not a copy, hashed and compared as a `str`.
#[derive(Clone)]
struct Key<'a>(Text<'a>);

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Eq for Key<'_> {}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

impl Borrow<str> for Key<'_> {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

/// How many lookups into one list `in` answers by a scan before it builds
/// an index: building one (its size reserved at once) costs about as much
/// as a scan, so a list looked into a second time is indexed.
const SCANS_BEFORE_INDEX: u32 = 1;

/// What identifies a list for as long as it exists: its address and length.
fn identity(list: &Value<'_>) -> Option<(usize, usize)> {
    match &list.kind {
        Kind::Seq(nodes) => Some((nodes.as_ptr() as usize, nodes.len())),
        Kind::List(values) => Some((values.as_ptr() as *const () as usize, values.len())),
        _ => None,
    }
}

/// The first comparison an `and` chain evaluates: the one that, false,
/// decides the whole condition before anything else runs.
fn first_conjunct(cond: &Expr) -> &Expr {
    match &cond.node {
        ExprKind::Binary(op, l, _) if op.node == BinaryOp::And => first_conjunct(l),
        _ => cond,
    }
}

/// A path of fields from a bare name (`area.name`), and its first name.
fn path_head(e: &Expr) -> Option<&str> {
    match &e.node {
        ExprKind::Name(n) => Some(n),
        ExprKind::Field(base, _) => path_head(base),
        _ => None,
    }
}

fn is_text_literal(e: &Expr) -> bool {
    matches!(&e.node, ExprKind::Literal(Literal::Str(_)))
}

#[cfg(test)]
thread_local! {
    /// Turns the indexes off, so a test can compare with the scan.
    pub(crate) static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many lookups an index answered, so a test knows it ran.
    pub(crate) static ANSWERED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl<'a> Eval<'a> {
    fn indexes_enabled(&self) -> bool {
        #[cfg(test)]
        if OFF.with(std::cell::Cell::get) {
            return false;
        }
        true
    }

    /// The elements of `list` that meet `cond`, from an index; `None` when
    /// no index serves (the caller scans).
    pub(crate) fn filter_indexed(
        &mut self,
        list: &Value<'a>,
        cond: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Option<Vec<Value<'a>>>, Abort> {
        if !self.indexes_enabled() {
            return Ok(None);
        }
        let Some((addr, len)) = identity(list) else {
            return Ok(None);
        };
        if len < 2 {
            return Ok(None);
        }
        let id = (addr, len, cond as *const Expr);
        match self.indexes.entries.get(&id) {
            None => {
                self.indexes.entries.insert(id, Entry::Seen);
                return Ok(None);
            }
            Some(Entry::Unusable) => return Ok(None),
            Some(Entry::Seen) => {
                let built = self.build(list, cond, scope)?;
                let entry = built.map_or(Entry::Unusable, |b| Entry::Built(Rc::new(b)));
                self.indexes.entries.insert(id, entry);
            }
            Some(Entry::Built(_)) => {}
        }
        let Some(Entry::Built(index)) = self.indexes.entries.get(&id) else {
            return Ok(None);
        };
        let index = Rc::clone(index);
        let Ok(key) = self.eval(
            index.key,
            Scope {
                elem: None,
                ..scope
            },
        ) else {
            return Ok(None);
        };
        let Kind::Str(text) = &key.kind else {
            return Ok(None);
        };
        let keys = match &index.rest {
            Some(rest) => self.rest_keys(rest, scope)?,
            None => None,
        };
        #[cfg(test)]
        ANSWERED.with(|n| n.set(n.get() + 1));
        let hits = index
            .by_text
            .get(text.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut kept = Vec::with_capacity(hits.len() + index.others.len());
        let candidates = merge(hits, &index.others);
        for (i, hit) in candidates {
            let Some(item) = element(list, i as usize) else {
                continue;
            };
            self.tick(1)?;
            let inner = Scope {
                elem: Some(&item),
                ..scope
            };
            let holds = self.candidate_holds(&index, keys.as_deref(), cond, (i, hit), inner);
            // A report of the set its condition cannot be evaluated on is
            // left out, as the scan leaves it out (`set.rs`).
            if self.leave_out_on_error(&item, holds)? {
                kept.push(item);
            }
        }
        Ok(Some(kept))
    }

    /// Whether text `needle` is an element of `list` (`needle in list`), from
    /// an index; `None` when no index serves (the caller scans).
    pub(crate) fn contains_indexed(
        &mut self,
        needle: &Value<'a>,
        list: &Value<'a>,
    ) -> Result<Option<bool>, Abort> {
        let Kind::Str(text) = &needle.kind else {
            return Ok(None);
        };
        if !self.indexes_enabled() {
            return Ok(None);
        }
        let Some(id) = identity(list).filter(|(_, len)| *len >= 8) else {
            return Ok(None);
        };
        match self.indexes.members.get_mut(&id) {
            None => {
                self.indexes.members.insert(id, Members::Scanned(1));
                return Ok(None);
            }
            Some(Members::Scanned(n)) if *n < SCANS_BEFORE_INDEX => {
                *n += 1;
                return Ok(None);
            }
            Some(Members::Scanned(_)) => {
                self.tick(id.1 as u64)?;
                let mut texts =
                    FxHashSet::with_capacity_and_hasher(id.1, rustc_hash::FxBuildHasher);
                let mut others = Vec::new();
                for (i, item) in list.items().into_iter().flatten().enumerate() {
                    match &item.kind {
                        Kind::Str(t) => {
                            texts.insert(Key(t.clone()));
                        }
                        _ => others.push(u32::try_from(i).unwrap_or(u32::MAX)),
                    }
                }
                let kept = match &list.kind {
                    Kind::List(values) => Some(Rc::clone(values)),
                    _ => None,
                };
                self.indexes.members.insert(
                    id,
                    Members::Built {
                        _list: kept,
                        texts,
                        others,
                    },
                );
            }
            Some(Members::Built { .. }) => {}
        }
        let Some(Members::Built { texts, others, .. }) = self.indexes.members.get(&id) else {
            return Ok(None);
        };
        if texts.contains(text.as_str()) {
            return Ok(Some(true));
        }
        let others = others.clone();
        self.tick(1 + others.len() as u64)?;
        Ok(Some(others.into_iter().any(|i| {
            element(list, i as usize).is_some_and(|item| super::compare::equal(needle, &item))
        })))
    }

    /// The index of `list` for `cond`, or `None` when `cond` does not start
    /// with a comparison of an element's path with a key that is the same
    /// for every element.
    fn build(
        &mut self,
        list: &Value<'a>,
        cond: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Option<Index<'a>>, Abort> {
        let ExprKind::Binary(op, l, r) = &first_conjunct(cond).node else {
            return Ok(None);
        };
        if op.node != BinaryOp::Eq {
            return Ok(None);
        }
        let items: Vec<Value<'a>> = list.items().into_iter().flatten().collect();
        let is_field = |name: &str| {
            items
                .iter()
                .any(|v| matches!(v.kind, Kind::Map(node) if node.entry(name).is_some()))
        };
        let reads_elements = |e: &Expr| path_head(e).is_some_and(is_field);
        // The key reads no element: a text, or a path whose first name is a
        // field of none of them (so it is an `each` variable, a `let` or a
        // field of the current report, the same for every element).
        let (path, key): (&'a Expr, &'a Expr) = match (is_text_literal(l), is_text_literal(r)) {
            (false, true) if path_head(l).is_some() => (l, r),
            (true, false) if path_head(r).is_some() => (r, l),
            (false, false) => match (reads_elements(l), reads_elements(r)) {
                (true, false) if path_head(r).is_some() => (l, r),
                (false, true) if path_head(l).is_some() => (r, l),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        let head = path_head(path).unwrap_or_default();
        let mut by_text: FxHashMap<Key<'a>, Vec<u32>> = FxHashMap::default();
        let mut others = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            match self.read_own(item, head, path, scope)? {
                Some(Value {
                    kind: Kind::Str(t), ..
                }) => by_text.entry(Key(t)).or_default().push(i),
                // Not a text, an error the scan meets again where it is, or
                // an element without the field: always checked.
                _ => others.push(i),
            }
        }
        let kept = match &list.kind {
            Kind::List(values) => Some(Rc::clone(values)),
            _ => None,
        };
        let rest = self.build_rest(cond, &items, &reads_elements, scope)?;
        Ok(Some(Index {
            _list: kept,
            key,
            by_text,
            others,
            rest,
        }))
    }
}

impl<'a> Eval<'a> {
    /// `path` read from `item`, when its first name `head` is a field of
    /// `item`'s own; `None` when it is not (the name is then read from
    /// bindings that change between lookups) or reading it is an error
    /// other than the step limit.
    fn read_own(
        &mut self,
        item: &Value<'a>,
        head: &str,
        path: &'a Expr,
        scope: Scope<'_, 'a>,
    ) -> Result<Option<Value<'a>>, Abort> {
        if !matches!(item.kind, Kind::Map(node) if node.entry(head).is_some()) {
            return Ok(None);
        }
        self.tick(1)?;
        let inner = Scope {
            elem: Some(item),
            ..scope
        };
        match self.eval(path, inner) {
            Ok(v) => Ok(Some(v)),
            Err(Abort::Limit) => Err(Abort::Limit),
            Err(Abort::Data(_)) => Ok(None),
        }
    }
}

/// Element `i` of a list, as iterating over it gives it.
fn element<'a>(list: &Value<'a>, i: usize) -> Option<Value<'a>> {
    match &list.kind {
        Kind::Seq(nodes) => nodes.get(i).map(|n| Value::from_node(n, None)),
        Kind::List(values) => values.get(i).cloned(),
        _ => None,
    }
}

/// Two ascending lists of positions as one, ascending, each marked with
/// whether it came from `hits`.
fn merge(hits: &[u32], others: &[u32]) -> Vec<(u32, bool)> {
    let mut out = Vec::with_capacity(hits.len() + others.len());
    let (mut i, mut j) = (0, 0);
    while i < hits.len() && j < others.len() {
        if hits[i] < others[j] {
            out.push((hits[i], true));
            i += 1;
        } else {
            out.push((others[j], false));
            j += 1;
        }
    }
    out.extend(hits[i..].iter().map(|&h| (h, true)));
    out.extend(others[j..].iter().map(|&o| (o, false)));
    out
}

impl<'a> Eval<'a> {
    /// Whether candidate `i` of `index` meets `cond`: from the rest read
    /// ahead when it can say (`keys`: this lookup's sides), else the
    /// general way; `hit`: found by its text, so its first comparison
    /// holds.
    fn candidate_holds(
        &mut self,
        index: &Index<'a>,
        keys: Option<&[rest::RestKey<'a>]>,
        cond: &'a Expr,
        (i, hit): (u32, bool),
        inner: Scope<'_, 'a>,
    ) -> Result<bool, Abort> {
        let quick = match (&index.rest, keys) {
            (Some(rest), Some(keys)) if hit => self.rest_holds(rest, keys, i as usize)?,
            _ => None,
        };
        match quick {
            Some(holds) => Ok(holds),
            None if hit => self.truth_after_first(cond, inner),
            None => self.truth(cond, inner),
        }
    }

    /// Whether `cond` holds for an element whose first comparison (see
    /// [`first_conjunct`]) is known to hold: an element the index found
    /// by its text, where `PATH == KEY` compares two equal texts. The
    /// rest of the `and` chain is evaluated as [`Eval::truth`] would.
    fn truth_after_first(&mut self, cond: &'a Expr, scope: Scope<'_, 'a>) -> Result<bool, Abort> {
        let v = self.value_after_first(cond, scope)?;
        match v.kind {
            Kind::Bool(b) => Ok(b),
            Kind::Missing(_) => Ok(false),
            _ => Err(self.not_boolean(cond, &v)),
        }
    }

    fn value_after_first(&mut self, e: &'a Expr, scope: Scope<'_, 'a>) -> Result<Value<'a>, Abort> {
        self.tick(1)?;
        match &e.node {
            ExprKind::Binary(op, l, r) if op.node == BinaryOp::And => {
                let lv = self.value_after_first(l, scope)?;
                self.logic_rest(op.node, l, lv, r, scope)
            }
            _ => Ok(Value::new(Kind::Bool(true), None)),
        }
    }
}

mod rest;

#[cfg(test)]
mod tests;
