//! Schema-checked rules: a rule file's `schema "PATH"` declaration, and the
//! check of every path in its rules against that JSON Schema, before any
//! report is read.
//!
//! The library reads no files: the front end resolves a declaration to the
//! schema's text with a [`Resolver`] (the command line reads the file,
//! confined to the rule root; the built-in packs get the embedded schema).
//! This module turns the declaration into a loaded schema or a rule error at
//! the declaration (a second declaration, a path the resolver refuses, text
//! that is not JSON or not a schema), and hands the file to `walk.rs`,
//! which types every expression with `ty.rs`.

mod conform;
mod fields;
mod ty;
mod walk;

pub use fields::{Step, fields_at};

use serde_json::Value;

use super::{CheckError, Related};
use crate::resolve::{Resolver, Wanted};
use crate::rules::{DataFile, RuleSource};
use crate::syntax::ast;

/// Checks the schema declaration of one rule file and, when there is one
/// that loads, every path of the file's rules against it; and each data
/// file of `loaded` that this file declares with a schema against that
/// schema. Returns the fields the schema declares at the root of a report.
pub(super) fn check_file(
    file: usize,
    source: &RuleSource,
    parsed: &ast::RuleFile,
    (data, loaded): (&[&str], &[DataFile]),
    resolve: &mut Resolver<'_>,
    errors: &mut Vec<CheckError>,
) -> Vec<String> {
    let decls: Vec<&ast::Schema> = parsed
        .items
        .iter()
        .filter_map(|item| match item {
            ast::Item::Schema(s) => Some(s),
            _ => None,
        })
        .collect();
    for again in decls.iter().skip(1) {
        errors.push(CheckError {
            file,
            span: again.span,
            message: "duplicate `schema` declaration".to_string(),
            label: "second `schema`".to_string(),
            help: Some(
                "a rule file is written against one report schema; remove one of the two"
                    .to_string(),
            ),
            related: vec![Related {
                file,
                span: decls[0].span,
                label: "first `schema` here".to_string(),
            }],
        });
    }
    let report = match decls.first() {
        Some(first) => match load(file, source, &first.path, resolve, errors) {
            Some(root) => Some((root, first.path.node.as_str())),
            // Nothing is typed against a schema that did not load.
            None => return Vec::new(),
        },
        None => None,
    };
    // The data files' own schemas, where they declare one.
    let mut data_roots: Vec<(&str, Value, &str)> = Vec::new();
    for item in &parsed.items {
        let ast::Item::Data(d) = item else { continue };
        if let Some((_, path)) = d.schema.as_ref().and_then(|b| b.schema.as_ref())
            && let Some(root) = load(file, source, path, resolve, errors)
        {
            let held = loaded
                .iter()
                .find(|l| l.file == file && l.name == d.name.node);
            if let Some(held) = held {
                conforms(file, d, &held.root, (&root, path.node.as_str()), errors);
            }
            data_roots.push((d.name.node.as_str(), root, path.node.as_str()));
        }
    }
    if report.is_none() && data_roots.is_empty() {
        return Vec::new();
    }
    // Without a report schema, only the paths into typed data are checked.
    let untyped = Value::Bool(true);
    let (root, shown) = match &report {
        Some((root, shown)) => (root, *shown),
        None => (&untyped, ""),
    };
    let data: Vec<walk::DataTy> = data
        .iter()
        .map(|name| walk::DataTy {
            name,
            schema: data_roots
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, root, shown)| (root, *shown)),
        })
        .collect();
    let fields = walk::file(file, &source.text, parsed, shown, root, &data, errors);
    if report.is_some() { fields } else { Vec::new() }
}

/// A rule error at data declaration `d` when its file's document `held`
/// does not match the schema `root` (shown as `shown`), naming the first
/// places that do not.
fn conforms(
    file: usize,
    d: &ast::Data,
    held: &crate::report::Node,
    (root, shown): (&Value, &str),
    errors: &mut Vec<CheckError>,
) {
    let found = conform::mismatches(held, root, root);
    if found.is_empty() {
        return;
    }
    let places: Vec<String> = found
        .iter()
        .map(|(path, why)| match path.as_str() {
            "" => format!("the file: {why}"),
            p => format!("`{p}`: {why}"),
        })
        .collect();
    errors.push(CheckError {
        file,
        span: d.path.span,
        message: format!(
            "data file `{}` does not match its schema `{shown}`",
            d.path.node
        ),
        label: "declared here".to_string(),
        help: Some(format!(
            "{}; correct the data file, or the schema if the data is right",
            places.join("; ")
        )),
        related: Vec::new(),
    });
}

/// The schema at `path` (as declared in rule file `file`), read through
/// the resolver, parsed and validated; every problem is an error at the
/// declaration.
fn load(
    file: usize,
    source: &RuleSource,
    path: &ast::Str,
    resolve: &mut Resolver<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<Value> {
    let shown = path.node.as_str();
    let at_decl = |message: String, help: Option<String>| CheckError {
        file,
        span: path.span,
        message,
        label: "declared here".to_string(),
        help,
        related: Vec::new(),
    };
    let schema = match resolve(source, Wanted::Schema, shown) {
        Ok(s) => s,
        Err(e) => {
            errors.push(at_decl(e.message, e.help));
            return None;
        }
    };
    let root: Value = match serde_json::from_str(&schema.text) {
        Ok(v) => v,
        Err(e) => {
            errors.push(at_decl(
                format!("schema `{shown}` is not JSON"),
                Some(format!("`{}`: {e}", schema.name)),
            ));
            return None;
        }
    };
    if let Err((ptr, reason)) = validate(&root, "#", &root) {
        errors.push(at_decl(
            format!("schema `{shown}` is not a JSON Schema pilotlint understands"),
            Some(format!("at `{ptr}` in `{}`: {reason}", schema.name)),
        ));
        return None;
    }
    Some(root)
}

fn validate(v: &Value, ptr: &str, root: &Value) -> Result<(), (String, String)> {
    let m = match v {
        Value::Bool(_) => return Ok(()),
        Value::Object(m) => m,
        other => {
            return Err((
                ptr.to_string(),
                format!(
                    "a schema is an object or a boolean, found {}",
                    json_type(other)
                ),
            ));
        }
    };
    let at = |key: &str| format!("{ptr}/{}", key.replace('~', "~0").replace('/', "~1"));
    let bad = |key: &str, what: &str| Err((at(key), format!("`{key}` must be {what}")));
    for (key, value) in m {
        let here = at(key);
        match key.as_str() {
            "type" => {
                let names: Vec<&Value> = match value {
                    Value::Array(names) if !names.is_empty() => names.iter().collect(),
                    Value::Array(_) => return bad(key, "a type name or a list of them"),
                    one => vec![one],
                };
                for name in names {
                    match name.as_str() {
                        Some(n) if ty::TYPE_NAMES.contains(&n) => {}
                        Some(n) => {
                            return Err((
                                here,
                                format!(
                                    "`{n}` is not a JSON Schema type (they are {})",
                                    ty::TYPE_NAMES
                                        .iter()
                                        .map(|t| format!("`{t}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            ));
                        }
                        None => return bad(key, "a type name or a list of them"),
                    }
                }
            }
            "properties" | "$defs" | "definitions" | "patternProperties" => {
                let Value::Object(children) = value else {
                    return bad(key, "an object of schemas");
                };
                for (name, child) in children {
                    let p = format!("{here}/{}", name.replace('~', "~0").replace('/', "~1"));
                    validate(child, &p, root)?;
                }
            }
            "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "additionalItems" => validate(value, &here, root)?,
            "items" => match value {
                Value::Array(tuple) => {
                    for (i, child) in tuple.iter().enumerate() {
                        validate(child, &format!("{here}/{i}"), root)?;
                    }
                }
                one => validate(one, &here, root)?,
            },
            "allOf" | "anyOf" | "oneOf" => {
                let Value::Array(parts) = value else {
                    return bad(key, "a list of schemas");
                };
                if parts.is_empty() {
                    return bad(key, "a list of schemas");
                }
                for (i, child) in parts.iter().enumerate() {
                    validate(child, &format!("{here}/{i}"), root)?;
                }
            }
            "required"
                if !value
                    .as_array()
                    .is_some_and(|names| names.iter().all(Value::is_string)) =>
            {
                return bad(key, "a list of field names");
            }
            "enum" if !value.is_array() => return bad(key, "a list of values"),
            "format" | "pattern" if !value.is_string() => return bad(key, "a string"),
            "$ref" => {
                let Some(target) = value.as_str() else {
                    return bad(key, "a string");
                };
                // References to other documents are not followed, nor are
                // anchors (`#name`) or percent-encoded pointers: that part
                // stays untyped.
                if let Some(fragment) = target.strip_prefix('#')
                    && (fragment.is_empty() || fragment.starts_with('/'))
                    && !fragment.contains('%')
                    && root.pointer(fragment).is_none()
                {
                    return Err((here, format!("`{target}` points at nothing in the schema")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(schema: &str) -> (String, String) {
        let v: Value = serde_json::from_str(schema).unwrap();
        validate(&v, "#", &v).unwrap_err()
    }

    #[test]
    fn validation_names_the_broken_part() {
        assert_eq!(
            invalid(r#"{"properties": {"a": {"type": "strnig"}}}"#).0,
            "#/properties/a/type"
        );
        assert_eq!(
            invalid(r##"{"items": {"$ref": "#/definitions/nope"}}"##),
            (
                "#/items/$ref".to_string(),
                "`#/definitions/nope` points at nothing in the schema".to_string()
            )
        );
        assert_eq!(
            invalid("[1]").1,
            "a schema is an object or a boolean, found a list"
        );
        assert_eq!(invalid(r#"{"required": "a"}"#).0, "#/required");
        assert_eq!(invalid(r#"{"anyOf": []}"#).0, "#/anyOf");
    }

    #[test]
    fn unknown_keywords_and_external_references_are_accepted() {
        let v: Value = serde_json::from_str(
            r##"{"x-vendor": 1, "$ref": "other.json#/a", "minLength": "odd", "type": ["string", "null"],
                "properties": {"a": {"$ref": "#anchor"}, "b": {"$ref": "#/$defs/a%20b"}}}"##,
        )
        .unwrap();
        assert_eq!(validate(&v, "#", &v), Ok(()));
    }
}
