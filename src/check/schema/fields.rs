//! The fields a report schema declares at a path, for an editor that
//! completes `implementation_plan.` in a rule file: the same reading of the
//! schema (`ty.rs`) that checks a rule's paths, so a completion offered is
//! a path the checks accept.

use std::collections::BTreeSet;

use serde_json::Value;

use super::ty::{Ty, Types};

/// One step of a path in a report: a field, or any element of a list
/// (`[*]`, `[0]`, or a filter `[status == "implemented"]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Field(String),
    Items,
}

/// The fields the schema `root` declares for the value at `path` from the
/// root of a report, sorted; every branch of an `if`/`anyOf` counts. Empty
/// where the schema says nothing (an untyped value, an unknown field).
pub fn fields_at(root: &Value, path: &[Step]) -> Vec<String> {
    let types = Types::new(root);
    let mut at = vec![types.document()];
    for step in path {
        let mut next = Vec::new();
        for t in &at {
            for alt in alternatives(t) {
                match (step, alt) {
                    (Step::Field(name), Ty::Object(obj)) => {
                        if let Some(locs) = obj.props.get(name) {
                            next.push(types.all(locs));
                        }
                    }
                    (Step::Items, Ty::Array(arr)) => next.push(types.items(arr)),
                    _ => {}
                }
            }
        }
        at = next;
    }
    let mut fields = BTreeSet::new();
    for t in &at {
        for alt in alternatives(t) {
            if let Ty::Object(obj) = alt {
                fields.extend(obj.props.keys().cloned());
            }
        }
    }
    fields.into_iter().collect()
}

/// `t` itself, or each type of a union (unions are flat).
fn alternatives<'a, 's>(t: &'a Ty<'s>) -> Vec<&'a Ty<'s>> {
    match t {
        Ty::Union(alts) => alts.iter().collect(),
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Step {
        Step::Field(name.to_string())
    }

    #[test]
    fn fields_of_both_branches_of_an_if_through_references_and_items() {
        let schema: Value = serde_json::from_str(
            r##"{
              "if": {"properties": {"kind": {"const": "a"}}},
              "then": {"$ref": "#/definitions/a"},
              "else": {"type": "object", "properties": {"b": {"type": "string"}}},
              "definitions": {
                "a": {"type": "object", "properties": {
                  "plan": {"type": "object", "properties": {"approved": {}, "approved_on": {}}},
                  "measures": {"type": "array", "items": {"$ref": "#/definitions/m"}}
                }},
                "m": {"type": "object", "properties": {"id": {}, "status": {}}}
              }
            }"##,
        )
        .expect("valid JSON");
        assert_eq!(fields_at(&schema, &[]), ["b", "measures", "plan"]);
        assert_eq!(
            fields_at(&schema, &[field("plan")]),
            ["approved", "approved_on"]
        );
        assert_eq!(
            fields_at(&schema, &[field("measures"), Step::Items]),
            ["id", "status"]
        );
        // A list has no fields of its own; an unknown field has none.
        assert!(fields_at(&schema, &[field("measures")]).is_empty());
        assert!(fields_at(&schema, &[field("nope")]).is_empty());
    }
}
