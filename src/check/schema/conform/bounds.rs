//! The keywords that bound a value of one type: a number's `minimum`,
//! `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`; a
//! text's `minLength`, `maxLength` (in characters) and `pattern`; a list's
//! `minItems`, `maxItems` and `uniqueItems`; a mapping's `minProperties`
//! and `maxProperties`. A keyword that does not apply to the value's type
//! says nothing about it, as in JSON Schema.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Walk, what};
use crate::report::{Node, NodeKind};

/// The schema's patterns, each compiled once however many values it is
/// asked about: a `pattern` or a key of `patternProperties` that does not
/// compile keeps its error.
#[derive(Default)]
pub(super) struct Patterns(HashMap<String, Result<regex::Regex, String>>);

impl Patterns {
    /// Whether `text` matches `pattern`; why not, when the pattern is not
    /// one pilotlint reads.
    pub(super) fn is_match(&mut self, pattern: &str, text: &str) -> Result<bool, String> {
        let compiled = self.0.entry(pattern.to_string()).or_insert_with(|| {
            crate::pattern::compile_regex(pattern).map_err(|e| {
                let why = e.to_string();
                let why = why.lines().last().unwrap_or_default().trim();
                let why = why.strip_prefix("error: ").unwrap_or(why);
                format!("the schema's pattern `{pattern}` is not one pilotlint reads: {why}")
            })
        });
        match compiled {
            Ok(re) => Ok(re.is_match(text)),
            Err(why) => Err(why.clone()),
        }
    }
}

impl Walk<'_> {
    /// The bounds of schema `m` that apply to `node`.
    pub(super) fn bounds(&mut self, node: &Node, m: &Map<String, Value>, path: &str) {
        match &node.kind {
            NodeKind::Int(i) => self.number(node, *i as f64, m, path),
            NodeKind::Float(f) => self.number(node, *f, m, path),
            NodeKind::Str(s) => {
                let chars = s.chars().count();
                self.count(
                    node,
                    chars,
                    m,
                    ("minLength", "maxLength"),
                    "character",
                    path,
                );
                if let Some(Value::String(p)) = m.get("pattern") {
                    match self.patterns.is_match(p, s) {
                        Ok(true) => {}
                        Ok(false) => self.mismatch(
                            path,
                            format!(
                                "{}, which does not match the schema's `pattern` `{p}`",
                                what(node)
                            ),
                        ),
                        Err(why) => self.mismatch(path, why),
                    }
                }
            }
            NodeKind::Seq(items) => {
                self.count(
                    node,
                    items.len(),
                    m,
                    ("minItems", "maxItems"),
                    "element",
                    path,
                );
                if m.get("uniqueItems") == Some(&Value::Bool(true)) {
                    self.unique(items, path);
                }
            }
            NodeKind::Map(entries) => {
                let keys = ("minProperties", "maxProperties");
                self.count(node, entries.len(), m, keys, "field", path);
            }
            NodeKind::Null | NodeKind::Bool(_) => {}
        }
    }

    fn number(&mut self, node: &Node, n: f64, m: &Map<String, Value>, path: &str) {
        let bound = |k: &str| m.get(k).and_then(Value::as_f64);
        // Before JSON Schema 2019-09, `exclusiveMinimum: true` made
        // `minimum` exclusive; since, it is a number of its own.
        let flag = |k: &str| m.get(k) == Some(&Value::Bool(true));
        let checks = [
            ("minimum", bound("minimum"), !flag("exclusiveMinimum")),
            ("maximum", bound("maximum"), !flag("exclusiveMaximum")),
            ("exclusiveMinimum", bound("exclusiveMinimum"), false),
            ("exclusiveMaximum", bound("exclusiveMaximum"), false),
        ];
        for (key, limit, inclusive) in checks {
            let Some(limit) = limit else { continue };
            let low = key.ends_with("inimum");
            let holds = match (low, inclusive) {
                (true, true) => n >= limit,
                (true, false) => n > limit,
                (false, true) => n <= limit,
                (false, false) => n < limit,
            };
            if !holds {
                let word = match (low, inclusive) {
                    (true, true) => "below",
                    (true, false) => "at or below",
                    (false, true) => "above",
                    (false, false) => "at or above",
                };
                self.mismatch(
                    path,
                    format!("{}, {word} the schema's `{key}` {limit}", what(node)),
                );
            }
        }
        if let Some(step) = bound("multipleOf").filter(|s| *s > 0.0) {
            let q = n / step;
            if !q.is_finite() || (q - q.round()).abs() > 1e-9 {
                self.mismatch(
                    path,
                    format!(
                        "{}, not a multiple of the schema's `multipleOf` {step}",
                        what(node)
                    ),
                );
            }
        }
    }

    /// A bound `(least, most)` on how many of `unit` a value has.
    fn count(
        &mut self,
        node: &Node,
        n: usize,
        m: &Map<String, Value>,
        (least, most): (&str, &str),
        unit: &str,
        path: &str,
    ) {
        let limit = |k: &str| m.get(k).and_then(Value::as_u64);
        let unit = if n == 1 {
            unit.to_string()
        } else {
            format!("{unit}s")
        };
        if let Some(l) = limit(least)
            && (n as u64) < l
        {
            self.mismatch(
                path,
                format!(
                    "{} of {n} {unit}, fewer than the schema's `{least}` {l}",
                    what(node)
                ),
            );
        }
        if let Some(l) = limit(most)
            && n as u64 > l
        {
            self.mismatch(
                path,
                format!(
                    "{} of {n} {unit}, more than the schema's `{most}` {l}",
                    what(node)
                ),
            );
        }
    }

    /// `uniqueItems`: the first element that is the same as one before it.
    /// Each pair compared is a step of the walk.
    fn unique(&mut self, items: &[Node], path: &str) {
        for (j, b) in items.iter().enumerate() {
            for (i, a) in items[..j].iter().enumerate() {
                if self.same(a, b) {
                    return self.mismatch(
                        path,
                        format!(
                            "a list whose `[{j}]` is the same as its `[{i}]`, where the schema's \
                             `uniqueItems` wants no value twice"
                        ),
                    );
                }
                if self.done() {
                    return;
                }
            }
        }
    }

    /// Whether two values are the same JSON value: spans and the order of
    /// a mapping's fields aside, and `1` the same as `1.0`. Each pair of
    /// values compared is a step; once the walk is over its bound, values
    /// count as different.
    fn same(&mut self, a: &Node, b: &Node) -> bool {
        self.steps += 1;
        if self.done() {
            return false;
        }
        match (&a.kind, &b.kind) {
            (NodeKind::Int(x), NodeKind::Float(y)) | (NodeKind::Float(y), NodeKind::Int(x)) => {
                *x as f64 == *y
            }
            (NodeKind::Seq(x), NodeKind::Seq(y)) => {
                x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| self.same(a, b))
            }
            (NodeKind::Map(x), NodeKind::Map(y)) => {
                x.len() == y.len()
                    && x.iter().all(|e| {
                        y.iter()
                            .any(|f| self.same(&e.key, &f.key) && self.same(&e.value, &f.value))
                    })
            }
            (x, y) => x == y,
        }
    }
}
