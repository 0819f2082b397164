//! Whether a data file holds what the schema it declares says: a registry
//! whose entry has no `code`, or a `code` that is a number, would otherwise
//! make a rule that reads it skip or misread that entry without a word.
//!
//! The keywords read are those that say what a value is: `type`, `enum`,
//! `const`, `properties`, `required`, `additionalProperties`, `items` (one
//! schema for every element), `allOf`, and `$ref` into the same schema.
//! The others (`anyOf`, `oneOf`, `not`, `if`, `patternProperties`, the
//! bounds and formats) are not checked here: a value they would refuse
//! passes, and a closed mapping with `patternProperties` is not closed
//! here. The walk counts its steps, so a schema whose references double
//! at every level stops early instead of taking hours.

use serde_json::Value;

use crate::report::{Node, NodeKind};

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
        steps: 0,
    };
    walk.value(node, schema, &mut String::new(), 0);
    walk.found
}

struct Walk<'s> {
    root: &'s Value,
    found: Vec<(String, String)>,
    steps: usize,
}

impl Walk<'_> {
    fn done(&self) -> bool {
        self.found.len() >= SHOWN || self.steps >= STEPS
    }

    fn mismatch(&mut self, path: &str, why: String) {
        if self.found.len() < SHOWN {
            self.found.push((path.to_string(), why));
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
        match &node.kind {
            NodeKind::Map(entries) => self.mapping(entries, m, path, refs),
            NodeKind::Seq(items) => {
                if let Some(item) = m.get("items").filter(|i| !i.is_array()) {
                    for (i, n) in items.iter().enumerate() {
                        let len = path.len();
                        path.push_str(&format!("[{i}]"));
                        self.value(n, item, path, refs);
                        path.truncate(len);
                        if self.done() {
                            return;
                        }
                    }
                }
            }
            _ => {}
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
            _ if m.contains_key("patternProperties") => None,
            Some(Value::Bool(true)) | None => None,
            Some(other) => Some(other),
        };
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
            match (props.and_then(|p| p.get(name)), extra) {
                (Some(s), _) => self.value(&e.value, s, path, refs),
                (None, Some(Value::Bool(false))) => {
                    self.mismatch(path, format!("`{name}` is not a field the schema declares"));
                }
                (None, Some(s)) => self.value(&e.value, s, path, refs),
                (None, None) => {}
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
mod tests {
    use super::mismatches;
    use crate::report::load;

    fn check(data: &str, schema: &str) -> Vec<String> {
        let node = &load(data).expect("loads").documents[0];
        let schema: serde_json::Value = serde_json::from_str(schema).expect("JSON");
        mismatches(node, &schema, &schema)
            .into_iter()
            .map(|(p, why)| format!("{p}: {why}"))
            .collect()
    }

    const AREAS: &str = r##"{
      "type": "array",
      "items": {"$ref": "#/$defs/area"},
      "$defs": {"area": {
        "type": "object",
        "required": ["name", "code"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string"},
          "code": {"type": "string"},
          "kind": {"enum": ["city", "district"]}
        }
      }}
    }"##;

    /// Each kind of mismatch, worked out by hand, and a file that matches.
    #[test]
    fn a_registry_that_breaks_its_schema_says_where_and_why() {
        let good = "- {name: Weihai, code: WH, kind: city}\n- {name: Hefei, code: HF}\n";
        assert_eq!(check(good, AREAS), Vec::<String>::new());
        let bad = "- {name: Weihai}\n- {name: Hefei, code: 7}\n- {name: Xi'an, code: XA, kind: town, cde: XA}\n";
        assert_eq!(
            check(bad, AREAS),
            [
                "[0]: no `code`, which the schema requires",
                "[1].code: the number 7, where the schema wants string",
                "[2].kind: the text \"town\", not one of the schema's `enum`",
                "[2].cde: `cde` is not a field the schema declares",
            ]
        );
        assert_eq!(
            check("name: x\n", AREAS),
            [": a mapping, where the schema wants array"]
        );
    }

    /// The keywords not read here let a value pass; `true`, `false` and
    /// `allOf` are read.
    #[test]
    fn keywords_not_read_let_a_value_pass() {
        let schema = r#"{"anyOf": [{"type": "string"}], "minimum": 3, "pattern": "^a"}"#;
        assert_eq!(check("5\n", schema), Vec::<String>::new());
        assert_eq!(check("5\n", "true"), Vec::<String>::new());
        assert_eq!(check("5\n", "false"), [": the schema allows no value here"]);
        assert_eq!(
            check(
                "5\n",
                r#"{"allOf": [{"type": "number"}, {"type": "string"}]}"#
            ),
            [": the number 5, where the schema wants string"]
        );
    }

    /// At most five mismatches are told, and a schema whose references
    /// double at every level stops after a bounded walk.
    #[test]
    fn the_walk_is_bounded() {
        let many: String = (0..50).map(|i| format!("- {i}\n")).collect();
        assert_eq!(check(&many, r#"{"items": {"type": "string"}}"#).len(), 5);
        let mut defs = String::from(r#""d40": {"type": "number"}"#);
        for k in (0..40).rev() {
            let next = k + 1;
            defs.push_str(&format!(
                r##", "d{k}": {{"allOf": [{{"$ref": "#/$defs/d{next}"}}, {{"$ref": "#/$defs/d{next}"}}]}}"##
            ));
        }
        let schema = format!(r##"{{"$ref": "#/$defs/d0", "$defs": {{{defs}}}}}"##);
        assert_eq!(check("5\n", &schema), Vec::<String>::new());
    }
}
