//! Whether a data file holds what the schema it declares says: a registry
//! whose entry has no `code`, or a `code` that is a number, would otherwise
//! make a rule that reads it skip or misread that entry without a word.
//!
//! The keywords read: `type`, `enum`, `const`, `properties`, `required`,
//! `additionalProperties`, `patternProperties`, `propertyNames`,
//! `minProperties` and `maxProperties` for a mapping; `items` (one schema
//! for every element, or a list of schemas by position as `prefixItems`
//! is), `additionalItems`, `minItems`, `maxItems` and `uniqueItems` for a
//! list; `minLength`, `maxLength` and `pattern` for a text; `minimum`,
//! `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf` for
//! a number (`bounds.rs`); `contains`, `minContains` and `maxContains`
//! for a list; `dependentRequired`, `dependentSchemas` and draft 7's
//! `dependencies` for a mapping; and `allOf`, `anyOf`, `oneOf`, `not`,
//! `if`/`then`/`else` and `$ref` into the same schema. `format` is a note
//! (as JSON Schema 2020-12 has it by default) and other keywords
//! (`unevaluatedProperties`, `unevaluatedItems`, a `$ref` to another file)
//! are not read: a value only they would refuse passes. A pattern is read as the
//! `matches` operator reads one (the regex crate's syntax, its limits).
//! The walk counts its steps, so a schema whose references double at
//! every level stops early instead of taking hours; what the walk did not
//! reach then passes.

use serde_json::Value;

use crate::report::{Node, NodeKind};

mod bounds;

use bounds::Patterns;

/// How many mismatches are told; the first ones say what is wrong.
const SHOWN: usize = 5;

/// Steps of the walk at most (a value checked against one schema place).
const STEPS: usize = 1_000_000;

/// Nesting of `$ref`s followed at once.
const MAX_REFS: usize = 32;

/// The places in `node` that do not match `schema` (whose `$ref`s resolve
/// in `root`): each a data path (`[2].code`, empty for the whole file)
/// and why, at most [`SHOWN`].
pub(super) fn mismatches(node: &Node, schema: &Value, root: &Value) -> Vec<(String, String)> {
    let mut walk = Walk {
        root,
        found: Vec::new(),
        shown: SHOWN,
        steps: 0,
        patterns: Patterns::default(),
    };
    walk.value(node, schema, &mut String::new(), 0);
    walk.found
}

struct Walk<'s> {
    root: &'s Value,
    found: Vec<(String, String)>,
    /// How many mismatches the walk looks for: [`SHOWN`], or one where
    /// only whether a value matches a branch counts.
    shown: usize,
    steps: usize,
    patterns: Patterns,
}

impl Walk<'_> {
    fn done(&self) -> bool {
        self.found.len() >= self.shown || self.steps >= STEPS
    }

    fn mismatch(&mut self, path: &str, why: String) {
        if self.found.len() < self.shown {
            self.found.push((path.to_string(), why));
        }
    }

    /// Whether `node` matches `schema`, nothing told: a branch of
    /// `anyOf`, `oneOf`, `not`, `if` or `propertyNames`. The steps count
    /// against the same bound; `None` when the bound stopped the branch,
    /// and then the branch decides nothing.
    fn matches(&mut self, node: &Node, schema: &Value, refs: usize) -> Option<bool> {
        let found = std::mem::take(&mut self.found);
        let shown = std::mem::replace(&mut self.shown, 1);
        self.value(node, schema, &mut String::new(), refs);
        let matched = self.found.is_empty();
        self.found = found;
        self.shown = shown;
        (self.steps < STEPS).then_some(matched)
    }

    /// `anyOf`, `oneOf`, `not` and `if`/`then`/`else` of schema `m`.
    fn branches(
        &mut self,
        node: &Node,
        m: &serde_json::Map<String, Value>,
        path: &mut String,
        refs: usize,
    ) {
        let of = |key: &str| m.get(key).and_then(Value::as_array);
        if let Some(any) = of("anyOf") {
            let mut answers = any.iter().map(|s| self.matches(node, s, refs));
            if answers.all(|a| a == Some(false)) {
                self.mismatch(
                    path,
                    format!("{}, which matches none of the schema's `anyOf`", what(node)),
                );
            }
        }
        if let Some(one) = of("oneOf") {
            // How many branches match, up to two; `None` once one is not
            // known.
            let mut n = Some(0);
            for s in one {
                match self.matches(node, s, refs) {
                    Some(true) => n = n.map(|k| k + 1),
                    Some(false) => {}
                    None => n = None,
                }
                if !matches!(n, Some(0 | 1)) {
                    break;
                }
            }
            let how = match n {
                Some(0) => "none",
                Some(1) | None => "",
                _ => "more than one",
            };
            if !how.is_empty() {
                self.mismatch(
                    path,
                    format!(
                        "{}, which matches {how} of the schema's `oneOf`",
                        what(node)
                    ),
                );
            }
        }
        if let Some(not) = m.get("not")
            && self.matches(node, not, refs) == Some(true)
        {
            self.mismatch(
                path,
                format!("{}, which the schema's `not` refuses", what(node)),
            );
        }
        if let Some(cond) = m.get("if") {
            let next = match self.matches(node, cond, refs) {
                Some(true) => m.get("then"),
                Some(false) => m.get("else"),
                None => None,
            };
            if let Some(s) = next {
                self.value(node, s, path, refs);
            }
        }
    }

    fn value(&mut self, node: &Node, schema: &Value, path: &mut String, refs: usize) {
        self.steps += 1;
        if self.done() {
            return;
        }
        let m = match schema {
            Value::Bool(false) => {
                return self.mismatch(path, "the schema allows no value here".into());
            }
            Value::Object(m) => m,
            _ => return,
        };
        if let Some(Value::String(r)) = m.get("$ref")
            && refs < MAX_REFS
            && let Some(target) = r.strip_prefix('#').and_then(|p| self.root.pointer(p))
        {
            self.value(node, target, path, refs + 1);
        }
        if let Some(Value::Array(all)) = m.get("allOf") {
            for s in all {
                self.value(node, s, path, refs);
            }
        }
        self.branches(node, m, path, refs);
        if let Some(t) = m.get("type") {
            let names: Vec<&str> = match t {
                Value::String(n) => vec![n.as_str()],
                Value::Array(ns) => ns.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !names.is_empty() && !names.iter().any(|n| is_type(node, n)) {
                let wanted = names.join(" or ");
                return self.mismatch(
                    path,
                    format!("{}, where the schema wants {wanted}", what(node)),
                );
            }
        }
        let listed = |v: &Value| same(node, v);
        if let Some(Value::Array(values)) = m.get("enum")
            && !values.iter().any(listed)
        {
            self.mismatch(
                path,
                format!("{}, not one of the schema's `enum`", what(node)),
            );
        }
        if let Some(c) = m.get("const")
            && !listed(c)
        {
            self.mismatch(path, format!("{}, not the schema's `const`", what(node)));
        }
        self.bounds(node, m, path);
        match &node.kind {
            NodeKind::Map(entries) => {
                self.dependencies(node, entries, m, path, refs);
                self.mapping(entries, m, path, refs);
            }
            NodeKind::Seq(items) => {
                self.contains(items, m, path, refs);
                self.list(items, m, path, refs);
            }
            _ => {}
        }
    }

    /// `contains` with `minContains` (1 unless given) and `maxContains`:
    /// how many elements of a list match a schema. Counting stops once
    /// the count is known to break the bound or to keep it.
    fn contains(
        &mut self,
        items: &[Node],
        m: &serde_json::Map<String, Value>,
        path: &str,
        refs: usize,
    ) {
        let Some(schema) = m.get("contains") else {
            return;
        };
        let bound = |key: &str| m.get(key).and_then(Value::as_u64);
        let min = bound("minContains").unwrap_or(1);
        let max = bound("maxContains");
        let mut n: u64 = 0;
        for item in items {
            match self.matches(item, schema, refs) {
                Some(true) => n += 1,
                Some(false) => {}
                // The walk's bound stopped it: the count decides nothing.
                None => return,
            }
            if max.is_some_and(|x| n > x) || (max.is_none() && n >= min) {
                break;
            }
        }
        let elements = |n: u64| match n {
            1 => "1 element".to_string(),
            n => format!("{n} elements"),
        };
        if n < min {
            let wanted = match min {
                1 => "at least one".to_string(),
                m => format!("at least {m}"),
            };
            let why = format!(
                "a list with {} the schema's `contains` describes, where it wants {wanted}",
                elements(n)
            );
            self.mismatch(path, why);
        } else if let Some(x) = max.filter(|&x| n > x) {
            let why = format!(
                "a list with more than {} the schema's `contains` describes (`maxContains`)",
                elements(x)
            );
            self.mismatch(path, why);
        }
    }

    /// `dependentRequired` and `dependentSchemas` (and draft 7's
    /// `dependencies`, either): what a mapping that has a field must also
    /// have, or match.
    fn dependencies(
        &mut self,
        node: &Node,
        entries: &[crate::report::Entry],
        m: &serde_json::Map<String, Value>,
        path: &mut String,
        refs: usize,
    ) {
        let has = |name: &str| entries.iter().any(|e| key(e) == Some(name));
        for keyword in ["dependentRequired", "dependentSchemas", "dependencies"] {
            let Some(Value::Object(deps)) = m.get(keyword) else {
                continue;
            };
            for (field, dep) in deps.iter().filter(|(f, _)| has(f)) {
                if self.done() {
                    return;
                }
                match dep {
                    Value::Array(names) if keyword != "dependentSchemas" => {
                        for name in names.iter().filter_map(Value::as_str) {
                            if !has(name) {
                                let why = format!(
                                    "no `{name}`, which the schema requires where there is `{field}`"
                                );
                                self.mismatch(path, why);
                            }
                        }
                    }
                    schema if keyword != "dependentRequired" => {
                        self.value(node, schema, path, refs);
                    }
                    _ => {}
                }
            }
        }
    }

    /// The elements of a list against `items`: one schema for each
    /// element, or (`prefixItems`, or `items` as a list) one schema for
    /// each position, the rest against `items` or `additionalItems`.
    fn list(
        &mut self,
        items: &[Node],
        m: &serde_json::Map<String, Value>,
        path: &mut String,
        refs: usize,
    ) {
        let (by_position, rest) = match (m.get("prefixItems"), m.get("items")) {
            (Some(Value::Array(p)), rest) => (p.as_slice(), rest),
            (None, Some(Value::Array(p))) => (p.as_slice(), m.get("additionalItems")),
            (_, rest) => (&[][..], rest),
        };
        for (i, n) in items.iter().enumerate() {
            let Some(schema) = by_position.get(i).or(rest) else {
                break;
            };
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            if matches!(schema, Value::Bool(false)) && by_position.get(i).is_none() {
                self.mismatch(
                    path,
                    format!(
                        "an element past the {} the schema allows",
                        by_position.len()
                    ),
                );
            } else {
                self.value(n, schema, path, refs);
            }
            path.truncate(len);
            if self.done() {
                return;
            }
        }
    }

    fn mapping(
        &mut self,
        entries: &[crate::report::Entry],
        m: &serde_json::Map<String, Value>,
        path: &mut String,
        refs: usize,
    ) {
        let props = m.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = m.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if !entries.iter().any(|e| key(e) == Some(name)) {
                    self.mismatch(path, format!("no `{name}`, which the schema requires"));
                }
            }
        }
        let extra = match m.get("additionalProperties") {
            Some(Value::Bool(true)) | None => None,
            Some(other) => Some(other),
        };
        let by_pattern = m.get("patternProperties").and_then(Value::as_object);
        let names = m.get("propertyNames");
        for e in entries {
            if self.done() {
                return;
            }
            let Some(name) = key(e) else { continue };
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(name);
            if let Some(s) = names
                && self.matches(&e.key, s, refs) == Some(false)
            {
                self.mismatch(
                    path,
                    format!("`{name}` is not a name the schema's `propertyNames` allows"),
                );
            }
            let declared = props.and_then(|p| p.get(name));
            if let Some(s) = declared {
                self.value(&e.value, s, path, refs);
            }
            let mut matched = false;
            for (pattern, s) in by_pattern.into_iter().flatten() {
                match self.patterns.is_match(pattern, name) {
                    Ok(true) => {
                        matched = true;
                        self.value(&e.value, s, path, refs);
                    }
                    Ok(false) => {}
                    Err(why) => self.mismatch(path, why),
                }
            }
            match extra {
                _ if declared.is_some() || matched => {}
                Some(Value::Bool(false)) => {
                    self.mismatch(path, format!("`{name}` is not a field the schema declares"));
                }
                Some(s) => self.value(&e.value, s, path, refs),
                None => {}
            }
            path.truncate(len);
        }
    }
}

fn key(e: &crate::report::Entry) -> Option<&str> {
    match &e.key.kind {
        NodeKind::Str(s) => Some(s.as_str()),
        _ => None,
    }
}

/// Whether `node` is of JSON Schema type `name`.
fn is_type(node: &Node, name: &str) -> bool {
    match (&node.kind, name) {
        (NodeKind::Map(_), "object")
        | (NodeKind::Seq(_), "array")
        | (NodeKind::Str(_), "string")
        | (NodeKind::Int(_) | NodeKind::Float(_), "number")
        | (NodeKind::Int(_), "integer")
        | (NodeKind::Bool(_), "boolean")
        | (NodeKind::Null, "null") => true,
        (NodeKind::Float(f), "integer") => f.fract() == 0.0,
        _ => false,
    }
}

/// Whether the scalar `node` is the JSON value `v`.
fn same(node: &Node, v: &Value) -> bool {
    match (&node.kind, v) {
        (NodeKind::Str(s), Value::String(t)) => s.as_str() == t,
        (NodeKind::Int(i), Value::Number(n)) => {
            n.as_i64() == Some(*i) || n.as_f64() == Some(*i as f64)
        }
        (NodeKind::Float(f), Value::Number(n)) => n.as_f64() == Some(*f),
        (NodeKind::Bool(b), Value::Bool(c)) => b == c,
        (NodeKind::Null, Value::Null) => true,
        _ => false,
    }
}

/// What `node` is, for a message: `a number (42)`, `a mapping`.
fn what(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str(s) if s.len() <= 40 => format!("the text \"{s}\""),
        NodeKind::Str(_) => "a text".into(),
        NodeKind::Int(i) => format!("the number {i}"),
        NodeKind::Float(f) => format!("the number {f}"),
        NodeKind::Bool(b) => format!("`{b}`"),
        NodeKind::Null => "null".into(),
        NodeKind::Seq(_) => "a list".into(),
        NodeKind::Map(_) => "a mapping".into(),
    }
}

#[cfg(test)]
mod tests;
